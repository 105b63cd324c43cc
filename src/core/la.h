/* la.h -- thin wrappers over CBLAS and LAPACKE with bc_status results. */
#ifndef BC_LA_H
#define BC_LA_H

#include <stddef.h>

/* The eigenvalues with indices il..iu (1-based, ascending) of the
 * symmetric n x n matrix A (row-major; only the upper triangle is read;
 * A is not modified), by LAPACKE_dsyevr with RANGE = 'I'. w has room for
 * iu - il + 1 values. */
int bc_la_sym_eigs(const double *A, size_t n, size_t il, size_t iu, double *w);

/* lambda_max of the symmetric matrix A. */
int bc_la_sym_lambda_max(const double *A, size_t n, double *lmax);

/* G = X^T X / n for the row-major n x d matrix X (G is d x d, full). */
int bc_la_gram_cols(const double *X, size_t n, size_t d, double *G);

/* Solve the symmetric positive definite system A x = b (A is n x n,
 * destroyed; b is overwritten by x), by Cholesky (LAPACKE_dposv). */
int bc_la_spd_solve(double *A, size_t n, double *b);

/* Map a LAPACKE info to a bc_status: < 0 invalid argument, > 0 numerical. */
int bc_la_status(int info);

#endif
