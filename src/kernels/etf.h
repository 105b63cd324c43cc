/* etf.h -- simplex equiangular tight frames (seed 002, Eq. (7)) and the
 * softmax cross entropy with a fixed ETF head.
 *
 * A simplex ETF in R^d (d >= K - 1) is M = [m_1 ... m_K] with
 * ||m_k|| = 1 and m_a^T m_b = -1/(K-1) for a != b, i.e. the Gram matrix
 * M^T M = G = (K/(K-1)) (I - 11^T/K). Built as M = Q Lambda^{1/2} V^T from
 * the eigendecomposition G = V Lambda V^T (its K-1 nonzero eigenvalues,
 * all K/(K-1)) and a random d x (K-1) matrix Q with orthonormal columns. */
#ifndef BC_ETF_H
#define BC_ETF_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

/* M is d x K, row-major. BC_EINVAL unless K >= 2 and d >= K - 1. */
int bc_etf_build(size_t K, size_t d, gsl_rng *r, double *M);

/* logits z = M^T x (K values) and softmax probabilities p. */
void bc_etf_logits(const double *M, size_t K, size_t d, const double *x, double *z);
void bc_etf_softmax(const double *z, size_t K, double *p);
/* CE(M x, y) = -log softmax(M^T x)_y, computed stably from the logits. */
double bc_etf_ce(const double *z, size_t K, size_t y);

#endif
