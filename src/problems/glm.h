/* glm.h -- generalised linear problems with globally valid constants.
 *
 *   f(theta) = (1/n) sum_i f_i(theta),   f_i(theta) = phi(x_i^T theta; y_i)
 *
 * Three losses phi, each with closed-form bounds on phi' and phi'':
 *   logistic   phi = log(1 + exp(-y r)), y in {-1,+1}
 *              |phi'| < 1,   0 < phi'' <= 1/4                      (convex)
 *   logcosh    phi = log cosh(r - y)
 *              |phi'| < 1,   0 < phi'' <= 1                        (convex)
 *   nonconvex  phi = z^2 / (1 + z^2), z = r - y  (Geman-McClure)
 *              phi' = 2z/(1+z^2)^2, sup phi'^2 = 27/64 at z^2 = 1/3,
 *              phi'' = (2 - 6z^2)/(1+z^2)^3, sup |phi''| = 2 at z = 0
 * Hence (Assumptions B.1, B.2 of the multirate corrigendum, globally):
 *   L = sup|phi''| * lambda_max(X^T X / n)   (an upper bound: certified)
 *   M = sup phi'^2 * max_i ||x_i||^2         (the supremum: exact)
 * since grad f_i = phi'(x_i^T theta) x_i and
 * Hess f = X^T diag(phi'') X / n. */
#ifndef BC_GLM_H
#define BC_GLM_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

#include "problems/dataset.h"

typedef enum {
    BC_GLM_LOGISTIC = 0,
    BC_GLM_LOGCOSH,
    BC_GLM_NONCONVEX
} bc_glm_kind;

typedef struct {
    bc_glm_kind kind;
    const bc_dataset *data;   /* borrowed */
} bc_glm;

/* "logistic", "logcosh", "nonconvex" -> kind, or -1. */
int bc_glm_kind_parse(const char *s);
const char *bc_glm_kind_name(bc_glm_kind k);

double bc_glm_phi(bc_glm_kind k, double r, double y);
double bc_glm_dphi(bc_glm_kind k, double r, double y);
double bc_glm_d2phi(bc_glm_kind k, double r, double y);
double bc_glm_sup_abs_d2phi(bc_glm_kind k);
/* phi'(r_i; y_i) for n elements (out may be r): vectorised through glibc's
 * libmvec where available (see glm.c), bc_glm_dphi elsewhere. */
void bc_glm_dphi_n(bc_glm_kind k, const double *r, const double *y, size_t n, double *out);
/* phi'(r_i; y) for n elements with one label y (out may be r), the same way */
void bc_glm_dphi_n1(bc_glm_kind k, const double *r, double y, size_t n, double *out);
double bc_glm_sup_dphi2(bc_glm_kind k);

/* f(theta). work has n doubles. */
double bc_glm_value(const bc_glm *p, const double *theta, double *work);
/* grad f(theta) into g (d). work has n doubles. Returns f(theta). */
double bc_glm_grad(const bc_glm *p, const double *theta, double *g, double *work);
/* grad f(theta) alone (no f): the hot path of the algorithms. */
void bc_glm_gradient(const bc_glm *p, const double *theta, double *g, double *work);
/* grad f_i(theta) into g (d). */
void bc_glm_grad_i(const bc_glm *p, size_t i, const double *theta, double *g);

/* L and M as above, with lambda_max(X^T X / n) returned too. */
int bc_glm_constants(const bc_glm *p, double *L, double *M, double *lmax);

/* The largest ||Hess f(theta)||_2 found by Nelder-Mead from several starts
 * (the origin, extra when not NULL, Gaussian points at scales 0.1 to 10):
 * a LOWER bound on the tightest smoothness constant sup_theta ||Hess f||,
 * of which L above is an upper bound (labelled estimated; the gap between
 * the two says how loose the certified L may be). *evals: the starts. */
int bc_glm_sampled_L(const bc_glm *p, gsl_rng *r, const double *extra, double *Ls, size_t *evals);

/* The tightest smoothness constant sup_theta ||Hess f(theta)||_2, bracketed
 * by branch and bound over all of R^d (d <= BC_GLM_BB_DMAX, n <=
 * BC_GLM_BB_NMAX). R^d is partitioned by the set S of near points
 * (|x_i^T theta - c_i| <= rho, c_i the centre of phi''); on each part the
 * near points' weights depend only on theta's projection onto span S, which
 * lies in a bounded box, and the far points add at most sup_{|z| >= rho}
 * |phi''| ||x_i||^2 / n each (rho is chosen so that this is below 1e-3 rtol
 * of the product-of-suprema L). On a box each z_i lies in an interval
 * (interval arithmetic), phi'' in the interval of its values there (each
 * kind is piecewise monotone in |z|, see glm.c), and sum_i w_i x_i x_i^T <=
 * sum_i w_i^hi x_i x_i^T in the Loewner order, so lambda_max of that matrix
 * (and of its negative counterpart) bounds ||Hess f|| over the box. The
 * box with the largest bound is split until that bound is within rtol of the
 * best point value, or after max_boxes bounds. upper: certified (times 1 +
 * BC_GLM_BB_ROUND for rounding); lower: attained at a point, or approached
 * along a ray that sends the far points away; root: the
 * largest bound before any split. BC_EINVAL when d or n is too large. */
#define BC_GLM_BB_DMAX 4
#define BC_GLM_BB_NMAX 6
#define BC_GLM_BB_ROUND 1e-12
typedef struct {
    double upper, lower, root, rho;
    size_t boxes;
    int converged;   /* upper <= lower (1 + rtol) before the rounding allowance */
} bc_glm_bb;
int bc_glm_certified_L(const bc_glm *p, size_t max_boxes, double rtol, bc_glm_bb *out);

/* Minimises f from theta (overwritten with the minimiser). Convex kinds:
 * damped Newton with Cholesky solves; nonconvex: GSL's BFGS (a local
 * minimum). Returns BC_ENOCONV when ||grad|| did not fall below gtol. */
int bc_glm_minimize(const bc_glm *p, double *theta, double gtol,
                    double *fmin, double *gnorm);

/* Synthetic data: x_i uniform on the unit sphere (so max ||x_i|| = 1); theta_true ~ N(0, signal^2 I_d);
 * logistic: P(y_i = +1) = sigmoid(x_i^T theta_true);
 * regression kinds: y_i = x_i^T theta_true + noise * N(0, 1).
 * theta_true (d) is returned when not NULL. */
int bc_glm_synthetic(bc_glm_kind k, size_t n, size_t d, double signal,
                     double noise, gsl_rng *r, bc_dataset **out,
                     double *theta_true);

#endif
