/* layerwise.c -- mGD / mNAG with layer-wise rates (see layerwise.h). */
#include "algorithms/layerwise.h"
#include "core/rng.h"
#include "core/status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bc_layerwise_ws *bc_layerwise_ws_alloc(size_t d)
{
    bc_layerwise_ws *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->d = d;
    w->w = malloc(d * sizeof(double));
    w->v = malloc(d * sizeof(double));
    w->vnew = malloc(d * sizeof(double));
    w->g = malloc(d * sizeof(double));
    if (!w->w || !w->v || !w->vnew || !w->g) {
        bc_layerwise_ws_free(w);
        return NULL;
    }
    return w;
}

void bc_layerwise_ws_free(bc_layerwise_ws *w)
{
    if (w == NULL)
        return;
    free(w->w);
    free(w->v);
    free(w->vnew);
    free(w->g);
    free(w);
}

int bc_layerwise_run(const bc_blockquad *p, const bc_layerwise_params *lp, const double *w0,
                     gsl_rng *r, bc_layerwise_ws *ws, double *avg_q, double *avg_full)
{
    size_t d = p->d, K = p->K;
    double aq = 0.0, af = 0.0;
    memcpy(ws->w, w0, d * sizeof(double));
    memcpy(ws->v, w0, d * sizeof(double));
    for (size_t t = 0; t < lp->T; t++) {
        bc_blockquad_grad(p, ws->w, ws->g);
        for (size_t k = 0; k < K; k++) {
            double s = 0.0;
            for (size_t j = p->start[k]; j < p->start[k + 1]; j++)
                s += ws->g[j] * ws->g[j];
            aq += lp->q[k] * s;
            af += s;
        }
        if (!isfinite(af))
            return BC_ENUMERIC;
        /* the mini-batch gradient */
        if (p->E == NULL) {
            /* additive noise: A w - mean of the batch's b_i */
            for (size_t j = 0; j < d; j++)
                ws->g[j] += p->bbar[j];
            for (size_t b = 0; b < lp->B; b++) {
                const double *bi = p->b + bc_rng_index(r, p->n) * d;
                for (size_t j = 0; j < d; j++)
                    ws->g[j] -= bi[j] / (double)lp->B;
            }
        } else {
            memset(ws->g, 0, d * sizeof(double));
            for (size_t b = 0; b < lp->B; b++)
                bc_blockquad_add_grad_i(p, bc_rng_index(r, p->n), ws->w, 1.0 / (double)lp->B, ws->g);
        }
        if (lp->wstar != NULL) {
            double dist = 0.0;
            for (size_t j = 0; j < d; j++)
                dist += (ws->w[j] - lp->wstar[j]) * (ws->w[j] - lp->wstar[j]);
            if (sqrt(dist) > lp->radius)
                return BC_EDOMAIN; /* left the ball the constants hold on */
        }
        for (size_t k = 0; k < K; k++)
            for (size_t j = p->start[k]; j < p->start[k + 1]; j++)
                ws->vnew[j] = ws->w[j] - lp->gamma[k] * ws->g[j];
        for (size_t j = 0; j < d; j++) {
            ws->w[j] = ws->vnew[j] + lp->beta * (ws->vnew[j] - ws->v[j]);
            ws->v[j] = ws->vnew[j];
        }
    }
    *avg_q = aq / (double)lp->T;
    *avg_full = af / (double)lp->T;
    return BC_SUCCESS;
}
