/* mlp.c -- forward and per-layer backward passes (see mlp.h). */
#include "problems/mlp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_randist.h>

bc_mlp *bc_mlp_alloc(size_t L, const size_t *dims, bc_act act)
{
    if (L == 0 || L > BC_MLP_MAX_LAYERS)
        return NULL;
    bc_mlp *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->L = L;
    m->act = act;
    memcpy(m->dims, dims, (L + 1) * sizeof *dims);
    for (size_t k = 1; k <= L; k++)
        if ((m->W[k - 1] = malloc(dims[k] * dims[k - 1] * sizeof(double))) == NULL) {
            bc_mlp_free(m);
            return NULL;
        }
    return m;
}

void bc_mlp_free(bc_mlp *m)
{
    if (m == NULL)
        return;
    for (size_t k = 0; k < m->L; k++)
        free(m->W[k]);
    free(m);
}

void bc_mlp_init(bc_mlp *m, gsl_rng *r)
{
    for (size_t k = 1; k <= m->L; k++) {
        double s = 1.0 / sqrt((double)m->dims[k - 1]);
        for (size_t i = 0; i < bc_mlp_layer_size(m, k); i++)
            m->W[k - 1][i] = gsl_ran_gaussian_ziggurat(r, s);
    }
}

size_t bc_mlp_layer_size(const bc_mlp *m, size_t k)
{
    return m->dims[k] * m->dims[k - 1];
}

void bc_mlp_forward(const bc_mlp *m, double *const *xs, double *const *D)
{
    for (size_t k = 1; k <= m->L; k++) {
        size_t out = m->dims[k], in = m->dims[k - 1];
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)out, (int)in, 1.0, m->W[k - 1], (int)in,
                    xs[k - 1], 1, 0.0, xs[k], 1);
        for (size_t i = 0; i < out; i++) {
            if (k == m->L && m->last_linear) {
                D[k][i] = 1.0;
            } else if (m->act == BC_ACT_SIGMOID) {
                xs[k][i] = 1.0 / (1.0 + exp(-xs[k][i]));
                D[k][i] = xs[k][i] * (1.0 - xs[k][i]);
            } else if (m->act == BC_ACT_TANH) {
                xs[k][i] = tanh(xs[k][i]);
                D[k][i] = 1.0 - xs[k][i] * xs[k][i];
            } else {
                D[k][i] = xs[k][i] > 0.0 ? 1.0 : 0.0;
                xs[k][i] = xs[k][i] > 0.0 ? xs[k][i] : 0.0;
            }
        }
    }
}

void bc_mlp_back(const bc_mlp *m, size_t k, double *const *xs, double *const *D,
                 const double *g, double scale, double *gW, double *gprev, double *work)
{
    size_t out = m->dims[k], in = m->dims[k - 1];
    for (size_t i = 0; i < out; i++)
        work[i] = g[i] * D[k][i];
    if (gW != NULL)
        cblas_dger(CblasRowMajor, (int)out, (int)in, scale, work, 1, xs[k - 1], 1, gW, (int)in);
    if (gprev != NULL)
        cblas_dgemv(CblasRowMajor, CblasTrans, (int)out, (int)in, 1.0, m->W[k - 1], (int)in,
                    work, 1, 0.0, gprev, 1);
}
