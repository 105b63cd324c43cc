/* etf.c -- simplex ETF construction and softmax CE (see etf.h). */
#include "kernels/etf.h"
#include "core/status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_randist.h>
#include <lapacke.h>

int bc_etf_build(size_t K, size_t d, gsl_rng *r, double *M)
{
    if (K < 2 || d + 1 < K || M == NULL)
        return BC_EINVAL;
    size_t k1 = K - 1;
    double *G = malloc(K * K * sizeof *G), *w = malloc(K * sizeof *w);
    double *Q = malloc(d * k1 * sizeof *Q), *tau = malloc(k1 * sizeof *tau);
    int st = BC_ENOMEM;
    if (!G || !w || !Q || !tau)
        goto done;
    double c = (double)K / (double)k1;
    for (size_t a = 0; a < K; a++)
        for (size_t b = 0; b < K; b++)
            G[a * K + b] = c * ((a == b ? 1.0 : 0.0) - 1.0 / (double)K);
    /* eigenvalues ascending: the first is 0, the other K-1 equal K/(K-1) */
    st = BC_ENUMERIC;
    if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)K, G, (lapack_int)K, w) != 0)
        goto done;
    /* Q: d x (K-1) with orthonormal columns, by QR of a Gaussian matrix */
    for (size_t i = 0; i < d * k1; i++)
        Q[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
    if (LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, (lapack_int)d, (lapack_int)k1, Q, (lapack_int)k1, tau) != 0
        || LAPACKE_dorgqr(LAPACK_ROW_MAJOR, (lapack_int)d, (lapack_int)k1, (lapack_int)k1, Q,
                          (lapack_int)k1, tau) != 0)
        goto done;
    /* M = Q * (Lambda^{1/2} V^T) over the nonzero eigenpairs (columns 1..K-1 of V) */
    memset(M, 0, d * K * sizeof *M);
    for (size_t j = 0; j < k1; j++) {
        double s = sqrt(fmax(w[j + 1], 0.0));
        for (size_t i = 0; i < d; i++)
            for (size_t k = 0; k < K; k++)
                M[i * K + k] += Q[i * k1 + j] * s * G[k * K + (j + 1)];
    }
    st = BC_SUCCESS;
done:
    free(G);
    free(w);
    free(Q);
    free(tau);
    return st;
}

void bc_etf_logits(const double *M, size_t K, size_t d, const double *x, double *z)
{
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)d, (int)K, 1.0, M, (int)K, x, 1, 0.0, z, 1);
}

void bc_etf_softmax(const double *z, size_t K, double *p)
{
    double zmax = z[0], s = 0.0;
    for (size_t k = 1; k < K; k++)
        zmax = fmax(zmax, z[k]);
    for (size_t k = 0; k < K; k++)
        s += (p[k] = exp(z[k] - zmax));
    for (size_t k = 0; k < K; k++)
        p[k] /= s;
}

double bc_etf_ce(const double *z, size_t K, size_t y)
{
    double zmax = z[0], s = 0.0;
    for (size_t k = 1; k < K; k++)
        zmax = fmax(zmax, z[k]);
    for (size_t k = 0; k < K; k++)
        s += exp(z[k] - zmax);
    return zmax + log(s) - z[y];
}
