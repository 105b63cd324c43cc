/* blockquad.h -- block-structured quadratics with computable layer-wise
 * constants, for the layer-wise learning-rate theory of seed 001.
 *
 *   f(w) = (1/n) sum_i f_i(w),  f_i(w) = (1/2) w^T A w - b_i^T w,
 * w split into K blocks ("layers") of given sizes. The Hessian A is shared
 * (additive noise: grad f_i - grad f = -(b_i - bbar) does not depend on w), so
 *   L_k = lambda_max(A_kk)                 (Assumption 3, exact)
 *   L_g = lambda_max(A)                    (Assumption 1, exact)
 *   E||grad_k f_i - grad_k f||^2 = V_k = (1/n) sum_i ||(b_i - bbar)_k||^2
 *   so Assumption 4 holds with M_k = 0 and M = max_k V_k (exact), and
 *   Assumption 2 with M_g = 0, M_C = sum_k V_k;
 *   f_inf = -(1/2) bbar^T A^{-1} bbar      (exact, A positive definite).
 * A = blockdiag(s_k (G_k G_k^T / m_k + 0.1 I)) + c H H^T / d: the layer
 * scales s_k spread log-uniformly over [1, spread] and c couples layers.
 *
 * Multiplicative noise (mult > 0): f_i(w) = (1/2) w^T A_i w - b_i^T w with
 * A_i = A + E_i, E_i symmetric with sum_i E_i = 0. Then
 *   Var_k(w) = E||grad_k f_i - grad_k f||^2 = w^T P_k w - 2 q_k^T w + r_k
 * grows with ||w||, so no (M_k, M) holds for every w (the seed's Assumption 4
 * fails globally). On the ball ||w - w*|| <= R, with rho = ||w*|| + R,
 *   Var_k(w) <= lambda_max(P_k) rho^2 + 2 ||q_k|| rho + r_k =: M_k^ball,
 * so Assumption 4 holds there with M_k = 0 and M = max_k M_k^ball
 * (certified on the ball; the check verifies every iterate stays in it). */
#ifndef BC_BLOCKQUAD_H
#define BC_BLOCKQUAD_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

typedef struct {
    size_t n, d, K;
    size_t *start;     /* K + 1 block boundaries */
    double *A;         /* d x d, row-major, symmetric positive definite */
    double *b;         /* n x d */
    double *bbar;      /* d */
    double *E;         /* n x d x d: the per-sample Hessian perturbations, or NULL */
} bc_blockquad;

/* K blocks with sizes drawn uniformly in [smin, smax]; NULL when out of memory. */
bc_blockquad *bc_blockquad_alloc(size_t n, size_t K, size_t smin, size_t smax, gsl_rng *r);
void bc_blockquad_free(bc_blockquad *p);
/* Fills A, b (b_i = bbar + noise * N(0, I), re-centred) from r. With
 * identical != 0 every block gets the same diagonal block (equal block
 * sizes are then required) and the scales are all 1: L_k = L_g when
 * coupling = 0 (Corollary 3's setting). */
void bc_blockquad_random(bc_blockquad *p, double spread, double coupling, double noise,
                         int identical, gsl_rng *r);

/* The same with a structured coupling: only the first `coupled` blocks
 * (0: all) are coupled, by (coupling / rank) H H^T with H Gaussian of
 * (their size) x rank (0: full rank), the other blocks independent (a
 * group of strongly coupled layers beside independent ones, low rank plus
 * block diagonal). coupled = rank = 0 is bc_blockquad_random, draw for draw. */
void bc_blockquad_random_grouped(bc_blockquad *p, double spread, double coupling, size_t coupled,
                                 size_t rank, double noise, int identical, gsl_rng *r);

double bc_blockquad_value(const bc_blockquad *p, const double *w);
/* grad f(w) = A w - bbar */
void bc_blockquad_grad(const bc_blockquad *p, const double *w, double *g);
/* Adds scale * grad f_i(w) to g (A_i w - b_i). */
void bc_blockquad_add_grad_i(const bc_blockquad *p, size_t i, const double *w, double scale,
                             double *g);
/* Multiplicative noise of size mult: E_i = mult (S_i + S_i^T) / 2 with
 * S_i ~ N(0, 1/d), re-centred to sum to 0. BC_ENOMEM on failure. */
int bc_blockquad_multiplicative(bc_blockquad *p, double mult, gsl_rng *r);
/* The minimiser w* (d values). */
int bc_blockquad_argmin(const bc_blockquad *p, double *wstar);
/* max_k of the certified variance bound on ||w - w*|| <= R (see above);
 * for additive noise, max_k V_k. */
int bc_blockquad_ball_M(const bc_blockquad *p, double R, double *M);

typedef struct {
    double *Lk;        /* K */
    double *Vk;        /* K: per-layer gradient variance */
    double Lg, M, MC, finf;
} bc_bq_constants;

int bc_blockquad_constants(const bc_blockquad *p, bc_bq_constants *c);
void bc_blockquad_constants_free(bc_bq_constants *c);

#endif
