/* progress.c -- the stderr progress bar (see progress.h). */
#include "core/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

double bc_progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void bc_progress_start(bc_progress *p, const char *label, size_t total, int quiet)
{
    p->enabled = !quiet && isatty(STDERR_FILENO);
    p->shown = 0;
    p->total = total;
    p->t0 = p->last = bc_progress_now();
    p->label = label;
}

void bc_progress_update(bc_progress *p, size_t done)
{
    if (!p->enabled || p->total == 0)
        return;
    double now = bc_progress_now();
    if (now - p->t0 < 1.0 || now - p->last < 0.1)
        return;
    p->last = now;
    p->shown = 1;
    int width = 30, fill = (int)((double)width * (double)done / (double)p->total);
    double eta = done > 0 ? (now - p->t0) * (double)(p->total - done) / (double)done : 0.0;
    fprintf(stderr, "\r%s [", p->label);
    for (int i = 0; i < width; i++)
        fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, "] %zu/%zu  %.0fs left ", done, p->total, eta);
    fflush(stderr);
}

void bc_progress_finish(bc_progress *p)
{
    if (p->enabled && p->shown) {
        fprintf(stderr, "\r%*s\r", 72, "");
        fflush(stderr);
    }
}
