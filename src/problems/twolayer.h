/* twolayer.h -- two-block problems for local learning (seed 002, Sec. 3.1)
 * whose Assumptions 3.1 (PL) and 3.2 (block Lipschitz) hold globally with
 * computable constants.
 *
 *   theta = (theta_1, theta_2) in R^{d1} x R^{d2},  A = [A_1 A_2] (m x d),
 *   u = A theta - b,  b = A theta_ref  (so L2* = 0 exactly),
 *   L2(theta) = sum_j h(u_j) with
 *     quadratic:  h(x) = x^2 / 2                       (h'' = 1)
 *     nonconvex:  h(x) = x^2 + 3 sin^2 x  (Karimi et al. 2016)
 *                 h'' = 2 + 6 cos 2x in [-4, 8]
 *   local head of layer 1:  L1(theta_1) = (1/2) ||A_1 theta_1 - b_1||^2,
 *     b_1 = A_1 theta_ref,1 + disagree * xi,  xi ~ N(0, I_m / m),
 *     so the local gradient disagrees with grad_1 L2 by a controllable amount.
 *
 * Constants (Hess L2 = A^T diag(h''(u)) A):
 *   L_1 = s lambda_max(A_1^T A_1), L_2 = s lambda_max(A_2^T A_2),
 *   L = s lambda_max(A^T A), s = sup|h''| (1 quadratic; 8 nonconvex). Both
 *   are exact, the nonconvex ones too: Hess L2 <= s A^T A in the Loewner
 *   order (h'' <= 8, and -h'' <= 4 < 8 bounds the negative side), and
 *   equality holds at theta = theta_ref, where u = 0 and h''(0) = 8 in
 *   every row: the supremum over theta is attained (tested).
 *   PL (no factor 1/2): ||grad L2||^2 >= mu (L2 - L2*) with
 *     quadratic: mu = 2 lambda_min^+(A A^T) (exact; u stays in range(A));
 *     nonconvex: mu = lambda_min(A A^T) mu_h, A of full row rank (m <= d),
 *       mu_h = inf_x h'(x)^2 / h(x), certified by bc_twolayer_mu_h. */
#ifndef BC_TWOLAYER_H
#define BC_TWOLAYER_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

typedef enum { BC_TL_QUADRATIC = 0, BC_TL_NONCONVEX } bc_tl_kind;

typedef struct {
    bc_tl_kind kind;
    size_t m, d1, d2, d;
    double *A;        /* m x d, row-major */
    double *b;        /* m */
    double *b1;       /* m: the local head's target */
} bc_twolayer;

bc_twolayer *bc_twolayer_alloc(bc_tl_kind kind, size_t m, size_t d1, size_t d2);
void bc_twolayer_free(bc_twolayer *p);

/* A ~ N(0, 1/m) entries, theta_ref ~ N(0, I), b = A theta_ref, b_1 as above. */
void bc_twolayer_random(bc_twolayer *p, double disagree, gsl_rng *r);

double bc_tl_h(bc_tl_kind k, double x);
double bc_tl_dh(bc_tl_kind k, double x);
double bc_tl_d2h(bc_tl_kind k, double x);

/* L2(theta); work has m doubles. */
double bc_twolayer_L2(const bc_twolayer *p, const double *theta, double *work);
/* grad L2(theta) (d values: block 1 then block 2); work has m doubles. */
void bc_twolayer_grad_L2(const bc_twolayer *p, const double *theta, double *g,
                         double *work);
/* grad L1(theta_1) (d1 values); work has m doubles. */
void bc_twolayer_grad_L1(const bc_twolayer *p, const double *theta1, double *g1,
                         double *work);

typedef struct {
    double L1, L2, L, mu, mu_h;
    double lmin_AAt;
    int mu_certified;   /* 0 exact (quadratic), 1 certified (nonconvex) */
} bc_tl_constants;

/* BC_EINVAL when A is rank deficient for the kind (msg says why). */
int bc_twolayer_constants(const bc_twolayer *p, bc_tl_constants *c, char *msg,
                          size_t len);

/* A certified lower bound of inf_{x != 0} h'(x)^2 / h(x) for the nonconvex
 * h: Taylor bounds on |x| <= 0.1, an interval grid with |h''| <= 8 on
 * [0.1, 50], the monotone tail (2|x| - 3)^2 / (x^2 + 3) beyond. */
double bc_twolayer_mu_h(void);

/* How tight the certified mu of the nonconvex problem is: with A of full
 * row rank, u = A theta - b ranges over all of R^m, so the tightest PL
 * constant is
 *   mu* = inf_{u != 0} h'(u)^T (A A^T) h'(u) / sum_j h(u_j),
 * which lies in [lambda_min(A A^T) mu_h, ...] (the certified value; exact
 * for m = 1). This minimises the ratio by BFGS (bc_min_bfgs) from starts
 * whose coordinates are 0 or +-x_h (x_h the minimiser of h'^2/h): every
 * such pattern for m <= 6, a random share of them and Gaussian starts
 * beyond, nstarts in all. *mu_up is the least ratio found, attained at a
 * point u (written to u_at when not NULL, m values): an upper bound on
 * mu*, estimated (a larger ratio everywhere is not proven). BC_EINVAL
 * for the quadratic kind (its mu is exact). */
int bc_twolayer_mu_sampled(const bc_twolayer *p, size_t nstarts, uint64_t seed,
                           double *mu_up, double *u_at);

#endif
