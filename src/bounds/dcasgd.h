/* dcasgd.h (bounds) -- Theorem 4.1 and Lemma F.1 of seed 004 (supplement of
 * "Asynchronous SGD with Delay Compensation", Sections D and F), pure
 * functions of the constants.
 *
 * Theorem 4.1, Eq. (38), with eta_t = 1/(mu t) in the statement:
 *   E F(w_t) - F(w*) <= 2 L_2^2 G^2 (1 + 4 tau C_lambda) / (t mu^4)
 *                     + 2 G^2 L_2^2 theta sqrt(tau) / (mu^4 t sqrt(t))
 *                     + L^3 L_2^3 tau^2 G^3 / (mu^6 t^2),
 *   theta = (2 H K L_2 G / mu) sqrt((L_2/mu) (1 + tau G L_3 / (mu L_2))),
 *   C_lambda = (1 - lambda) L_1^2 + eps_D.
 * The statement's third term has L^3; the proof's (36) has L_3 (the
 * Lipschitz constant of the Hessian): `third` is the constant used there.
 * theta uses H and K, which Theorem 4.1 does not define; Lemma F.1 does:
 * H >= |d^2 P(Y=k|x,w)/dw^2 / P(Y=k|x,w)|, K the number of classes.
 *
 * Lemma F.1: eps_t <= theta_F / sqrt(t),
 *   theta_F = (2 H K L V L_2 / mu^2) sqrt((1/mu) (1 + (L_2 + lambda L_1^2) tau / L_2)),
 * L the Lipschitz constant of each sigma_k, V^2 >= E||g^dc||^2; its proof
 * runs DC-ASGD with eta_t = L_2 / (mu^2 t), Eq. (84). */
#ifndef BC_BOUNDS_DCASGD_H
#define BC_BOUNDS_DCASGD_H

typedef struct {
    double mu, L2, L3, L;     /* strong convexity, smoothness, Hessian and sigma_k Lipschitz */
    double H, K;              /* Lemma F.1's H and the number of classes */
    double G, L1, epsD;       /* gradient bound, |g_i| bound, ||Diag(H) - H|| bound */
    double tau, lambda;
} bc_dcrate_consts;

/* Theorem 4.1's theta and C_lambda. */
double bc_bound_dcrate_theta(const bc_dcrate_consts *c);
double bc_bound_dcrate_clambda(const bc_dcrate_consts *c);

/* The three terms of (38) at t, the third with the constant `third`
 * (L^3 as printed, or L_3 as in the proof). */
void bc_bound_dcrate_thm41(const bc_dcrate_consts *c, double t, double third, double terms[3]);

/* Lemma F.1's theta_F with V the gradient bound. */
double bc_bound_dcrate_theta_f1(const bc_dcrate_consts *c, double V);

#endif
