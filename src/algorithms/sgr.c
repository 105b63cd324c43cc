/* sgr.c -- the SGR term and its gradient (see sgr.h). */
#include "algorithms/sgr.h"

#include <gsl/gsl_cblas.h>

#include "kernels/etf.h"

double bc_sgr_layer(const bc_mlp *m, size_t k, double *const *xs, double *const *D,
                    const double *M, size_t K, size_t y, const double *t, double scale,
                    double *gW, double *work)
{
    size_t dk = m->dims[k], dp = m->dims[k - 1];
    const double *W = m->W[k - 1], *r = D[k];
    double *v = work, *a = work + dk, *q = work + 2 * dk, *e = work + 3 * dk;
    double *z = e + dp, *p = z + K, *c = p + K;

    bc_etf_logits(M, K, dk, xs[k], z);
    bc_etf_softmax(z, K, p);
    p[y] -= 1.0;                                   /* p - e_y */
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)dk, (int)K, 1.0, M, (int)K, p, 1, 0.0, v, 1);
    p[y] += 1.0;
    for (size_t i = 0; i < dk; i++)
        v[i] *= r[i];
    /* e = W^T v - t */
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)dk, (int)dp, 1.0, W, (int)dp, v, 1, 0.0, e, 1);
    double S = 0.0;
    for (size_t j = 0; j < dp; j++) {
        e[j] -= t[j];
        S += e[j] * e[j];
    }
    if (gW == NULL)
        return S;
    /* q = r o M S_p M^T (r o W e) */
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)dk, (int)dp, 1.0, W, (int)dp, e, 1, 0.0, a, 1);
    for (size_t i = 0; i < dk; i++)
        a[i] *= r[i];
    bc_etf_logits(M, K, dk, a, c);                 /* c = M^T a */
    double pc = 0.0;
    for (size_t j = 0; j < K; j++)
        pc += p[j] * c[j];
    for (size_t j = 0; j < K; j++)
        c[j] = p[j] * c[j] - p[j] * pc;            /* S_p c */
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)dk, (int)K, 1.0, M, (int)K, c, 1, 0.0, q, 1);
    for (size_t i = 0; i < dk; i++)
        q[i] *= r[i];
    cblas_dger(CblasRowMajor, (int)dk, (int)dp, 2.0 * scale, v, 1, e, 1, gW, (int)dp);
    cblas_dger(CblasRowMajor, (int)dk, (int)dp, 2.0 * scale, q, 1, xs[k - 1], 1, gW, (int)dp);
    return S;
}
