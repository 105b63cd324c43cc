/* la.c -- CBLAS/LAPACKE wrappers (see la.h). */
#include "core/la.h"
#include "core/status.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include <lapacke.h>

int bc_la_status(int info)
{
    return info == 0 ? BC_SUCCESS : (info < 0 ? BC_EINVAL : BC_ENUMERIC);
}

int bc_la_sym_eigs(const double *A, size_t n, size_t il, size_t iu, double *w)
{
    if (A == NULL || w == NULL || n == 0 || il < 1 || iu < il || iu > n)
        return BC_EINVAL;
    if (n > SIZE_MAX / n / sizeof(double))
        return BC_ENOMEM;
    double *a = malloc(n * n * sizeof *a);
    double *all = malloc(n * sizeof *all);
    lapack_int *isuppz = malloc(2 * n * sizeof *isuppz);
    int st = BC_ENOMEM;
    if (a != NULL && all != NULL && isuppz != NULL) {
        lapack_int m = 0;
        memcpy(a, A, n * n * sizeof *a);
        int info = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'N', 'I', 'U', (lapack_int)n, a,
                                  (lapack_int)n, 0.0, 0.0, (lapack_int)il,
                                  (lapack_int)iu, 0.0, &m, all, NULL, 1, isuppz);
        st = bc_la_status(info);
        if (st == 0 && (size_t)m != iu - il + 1)
            st = BC_ENUMERIC;
        if (st == 0)
            memcpy(w, all, (iu - il + 1) * sizeof *w);
    }
    free(a);
    free(all);
    free(isuppz);
    return st;
}

int bc_la_sym_lambda_max(const double *A, size_t n, double *lmax)
{
    return bc_la_sym_eigs(A, n, n, n, lmax);
}

int bc_la_gram_cols(const double *X, size_t n, size_t d, double *G)
{
    if (X == NULL || G == NULL || n == 0 || d == 0)
        return BC_EINVAL;
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)n,
                1.0 / (double)n, X, (int)d, 0.0, G, (int)d);
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < i; j++)
            G[i * d + j] = G[j * d + i];
    return BC_SUCCESS;
}

int bc_la_spd_solve(double *A, size_t n, double *b)
{
    if (A == NULL || b == NULL || n == 0)
        return BC_EINVAL;
    int info = LAPACKE_dposv(LAPACK_ROW_MAJOR, 'U', (lapack_int)n, 1, A,
                             (lapack_int)n, b, 1);
    return bc_la_status(info);
}
