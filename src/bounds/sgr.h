/* sgr.h (bounds) -- the step-size conditions and right-hand sides of
 * Theorem 3.3 and Lemmas A.4, A.5 of seed 002, as pure functions.
 *
 * Conditions (Theorem 3.3; Eq. (17) of the proof lacks 2/mu, which the
 * statement adds to keep 1 - alpha mu in (0, 1)):
 *   0 < eta_1 <= min( (sqrt(L_1^2 + 8 L^2) - L_1) / (4 L^2), 2 / mu, 1 / (2 L_2) )
 *   max(0, (1 - sqrt(1 - 2 L_2 eta_1)) / L_2) < eta_2 <= (1 + sqrt(1 - 2 L_2 eta_1)) / L_2
 * With alpha = eta_1 / 2 and gap_i = L2^{(i,i)} - L2*:
 *   (3)  gap_{i+1} <= (1 - alpha mu) gap_i + alpha ||eps^{(i)}||^2     (upper bound)
 *   (4)  gap_{i+1} <= S_i,  S_i = (1 - alpha mu) S_{i-1} + alpha ||eps^{(i)}||^2,
 *        S_{-1} = gap_0  (the closed form of (4), unrolled)
 *   (10) L2^{(i,i)} - L2^{(i+1,i+1)} >= eta_2 (1 - L_2 eta_2 / 2) ||grad_2 L2^{(i+1,i)}||^2
 *           + eta_1 grad_1 L1^T eps + eta_1 (1 - L_1 eta_1 / 2) ||grad_1 L1||^2  (lower bound)
 *   (11) ||grad L2^{(i,i)}||^2 - ||eps||^2 <= (2 (L eta_1)^2 + 1) ||grad_1 L1||^2
 *           + 2 ||grad_2 L2^{(i+1,i)}||^2 + 2 grad_1 L1^T eps               (upper bound)
 * None is claimed tight. */
#ifndef BC_BOUNDS_SGR_H
#define BC_BOUNDS_SGR_H

typedef struct {
    double eta1_max;   /* the min of the three */
    double eta1_a, eta1_b, eta1_c;  /* its three parts, in the order above */
} bc_sgr_eta1;

/* BC_EINVAL unless L1, L2, L, mu > 0 and finite. */
int bc_bound_sgr_eta1(double L1, double L2, double L, double mu, bc_sgr_eta1 *out);

/* The eta_2 interval (lo, hi] for a given eta_1 <= 1/(2 L_2). */
int bc_bound_sgr_eta2(double L2, double eta1, double *lo, double *hi);

double bc_bound_sgr_eq3(double mu, double eta1, double gap, double eps2);
double bc_bound_sgr_eq10(double L1, double L2, double eta1, double eta2, double g2n_2,
                         double cross, double gL1_2);
double bc_bound_sgr_eq11(double L, double eta1, double gL1_2, double g2n_2, double cross);

#endif
