/* multirate.c -- multirate SGD with linear drift (see multirate.h). */
#include "algorithms/multirate.h"
#include "core/status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>

bc_mr_workspace *bc_mr_workspace_alloc(size_t n, size_t d)
{
    bc_mr_workspace *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->n = n;
    w->d = d;
    w->theta = malloc(d * sizeof(double));
    w->theta_tau = malloc(d * sizeof(double));
    w->slow = malloc(d * sizeof(double));
    w->g = malloc(d * sizeof(double));
    w->gi = malloc(d * sizeof(double));
    w->work = malloc(n * sizeof(double));
    if (!w->theta || !w->theta_tau || !w->slow || !w->g || !w->gi || !w->work) {
        bc_mr_workspace_free(w);
        return NULL;
    }
    return w;
}

void bc_mr_workspace_free(bc_mr_workspace *w)
{
    if (w == NULL)
        return;
    free(w->theta);
    free(w->theta_tau);
    free(w->slow);
    free(w->g);
    free(w->gi);
    free(w->work);
    free(w);
}

size_t bc_mr_group_start(size_t g, size_t l, size_t d)
{
    return g * d / l;
}

int bc_mr_run(const bc_glm *p, const bc_mr_params *mp, const double *theta0,
              const size_t *samples, bc_mr_workspace *w, double *mean_sq_grad,
              double *trace)
{
    size_t d = w->d, k = mp->k;
    /* The slow coordinates are [s0, d): groups 1..l-1. */
    size_t s0 = mp->l > 1 ? bc_mr_group_start(1, mp->l, d) : d;
    double acc = 0.0;

    memcpy(w->theta, theta0, d * sizeof(double));
    for (size_t t = 0; t < mp->T; t++) {
        size_t i = samples[t];
        bc_glm_gradient(p, w->theta, w->g, w->work);
        double gn = cblas_ddot((int)d, w->g, 1, w->g, 1);
        if (!isfinite(gn))
            return BC_ENUMERIC;
        if (trace != NULL)
            trace[t] = gn;
        acc += gn;

        if (t % k == 0) {
            memcpy(w->theta_tau, w->theta, d * sizeof(double));
            if (mp->reading == BC_MR_FROZEN) {
                bc_glm_grad_i(p, i, w->theta_tau, w->slow);
            }
        }
        /* fast group: a fresh stochastic gradient at theta^t */
        bc_glm_grad_i(p, i, w->theta, w->gi);
        if (mp->reading == BC_MR_FRESH && s0 < d)
            bc_glm_grad_i(p, i, w->theta_tau, w->slow);
        for (size_t j = 0; j < s0; j++)
            w->theta[j] -= mp->h_fast * w->gi[j];
        for (size_t j = s0; j < d; j++)
            w->theta[j] -= mp->h_slow * w->slow[j];
    }
    *mean_sq_grad = acc / (double)mp->T;
    return BC_SUCCESS;
}
