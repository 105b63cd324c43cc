/* progress.c -- the stderr progress bar (see progress.h). */
#include "app/progress.h"
#include "core/clock.h"

#include <stdio.h>
#include <unistd.h>

void bc_progress_show(void *ctx, const char *label, size_t done, size_t total)
{
    bc_progress *p = ctx;
    double now = bc_clock_now();
    if (done == 0) {
        p->enabled = isatty(STDERR_FILENO);
        p->shown = 0;
        p->total = total;
        p->t0 = p->last = now;
        return;
    }
    if (done >= total) {
        if (p->enabled && p->shown) {
            fprintf(stderr, "\r%*s\r", 72, "");
            fflush(stderr);
        }
        p->shown = 0;
        return;
    }
    if (!p->enabled || p->total == 0 || now - p->t0 < 1.0 || now - p->last < 0.1)
        return;
    p->last = now;
    p->shown = 1;
    int width = 30, fill = (int)((double)width * (double)done / (double)p->total);
    double eta = (now - p->t0) * (double)(p->total - done) / (double)done;
    fprintf(stderr, "\r%s [", label);
    for (int i = 0; i < width; i++)
        fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, "] %zu/%zu  %.0fs left ", done, p->total, eta);
    fflush(stderr);
}
