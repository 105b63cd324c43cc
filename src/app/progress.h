/* progress.h -- a progress bar on stderr for the programs (the library
 * prints nothing: the runner reports progress through bc_run_opts.progress,
 * which a program points at bc_progress_show). Shown only when stderr is a
 * terminal and the run has lasted more than a second. */
#ifndef BC_PROGRESS_H
#define BC_PROGRESS_H

#include <stddef.h>

typedef struct {
    int enabled;
    int shown;
    size_t total;
    double t0;
    double last;
} bc_progress;

/* A bc_run_opts.progress callback; ctx is a bc_progress. done = 0 starts
 * the bar, done = total clears it. */
void bc_progress_show(void *ctx, const char *label, size_t done, size_t total);

#endif
