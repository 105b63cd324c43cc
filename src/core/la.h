/* la.h -- thin wrappers over CBLAS and LAPACKE with bc_status results. */
#ifndef BC_LA_H
#define BC_LA_H

#include <stddef.h>

/* OpenBLAS's own thread-count calls (not in the CBLAS interface). */
void openblas_set_num_threads(int n);
int openblas_get_num_threads(void);

/* OpenBLAS held to one thread (returns the caller's count) and given back:
 * around work whose rounding must not depend on the thread count. */
int bc_la_blas_serial(void);
void bc_la_blas_restore(int threads);

/* The eigenvalues with indices il..iu (1-based, ascending) of the
 * symmetric n x n matrix A (row-major; only the upper triangle is read;
 * A is not modified), by LAPACKE_dsyevr with RANGE = 'I', from n = 800 on
 * by dsyevr_2stage on one BLAS thread (faster there; the value then does
 * not depend on the thread count). w has room for iu - il + 1 values. */
int bc_la_sym_eigs(const double *A, size_t n, size_t il, size_t iu, double *w);

/* lambda_min of the symmetric positive semi-definite n x n matrix A
 * (row-major, both triangles equal; not modified): below n = 800 by
 * bc_la_sym_eigs; from 800 on by shift-invert Lanczos on two Cholesky
 * factorisations (see la.c; about 1.6x faster than dsyevr_2stage at
 * n = 2000), converged to a relative residual of 1e-12, with dsyevr as the
 * fallback wherever A is singular or indefinite to working precision or
 * the iteration does not settle. The value does not depend on the thread
 * count. *lanczos (unless NULL): 1 when the Lanczos route gave the value,
 * 0 when dsyevr did. */
int bc_la_spd_lambda_min(const double *A, size_t n, double *lmin, int *lanczos);

/* lambda_max of the symmetric matrix A. */
int bc_la_sym_lambda_max(const double *A, size_t n, double *lmax);

/* A workspace for the extreme eigenvalues of symmetric n x n matrices,
 * allocated once so that a trial asks for no memory (NULL when out of
 * memory or n == 0). */
typedef struct bc_la_eig_ws bc_la_eig_ws;
bc_la_eig_ws *bc_la_eig_ws_alloc(size_t n);
void bc_la_eig_ws_free(bc_la_eig_ws *w);

/* lambda_min and lambda_max of the symmetric n x n matrix A (row-major,
 * both triangles equal; A is not modified): every eigenvalue, by the
 * cyclic Jacobi method for n <= 24 (no BLAS calls: see la.c) and by one
 * LAPACKE_dsyev_work (tridiagonal QL/QR, no vectors) above; either costs
 * a fraction of two bisections (bc_la_sym_eigs at each end). */
int bc_la_sym_extremes(bc_la_eig_ws *w, const double *A, double *lo, double *hi);

/* G = X^T X / n for the row-major n x d matrix X (G is d x d, full). */
int bc_la_gram_cols(const double *X, size_t n, size_t d, double *G);

/* Solve the symmetric positive definite system A x = b (A is n x n,
 * destroyed; b is overwritten by x), by Cholesky (LAPACKE_dposv). */
int bc_la_spd_solve(double *A, size_t n, double *b);

/* Map a LAPACKE info to a bc_status: < 0 invalid argument, > 0 numerical. */
int bc_la_status(int info);

#endif
