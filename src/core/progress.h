/* progress.h -- a progress bar on stderr, shown only when stderr is a
 * terminal and the run has lasted more than a second. The clock is read
 * for the display only; no result depends on it. */
#ifndef BC_PROGRESS_H
#define BC_PROGRESS_H

#include <stddef.h>

typedef struct {
    int enabled;
    int shown;
    size_t total;
    double t0;
    double last;
    const char *label;
} bc_progress;

double bc_progress_now(void);  /* monotonic seconds */
void bc_progress_start(bc_progress *p, const char *label, size_t total,
                       int quiet);
void bc_progress_update(bc_progress *p, size_t done);
void bc_progress_finish(bc_progress *p);

#endif
