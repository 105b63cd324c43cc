/* clars.h (bounds) -- Theorems 2-3 and Corollaries 1-3 of seed 001
 * ("Large Batch Training Does Not Need Warmup"), pure functions.
 *
 * With gap = f(w_0) - f_inf, S = sum_k 1/L_k, kappa = max_k L_g/L_k,
 * gamma_k = gamma / L_k, q_k = (1/L_k)/S, and the LHS
 * (1/T) sum_t sum_k q_k E||grad_k f(w_t)||^2 (upper bounds, not tight):
 *   Thm 2 (mGD):   8 gap/(T gamma S) + (4 + 2 kappa) M gamma / B
 *   Thm 3 (mNAG):  8 (1-beta) gap/(T gamma S)
 *                  + M gamma/((1-beta) B) (4 + 2 kappa + 2 kappa/(1-beta))
 *   Cor 1:  gamma = min{1/8, sqrt(B gap/(T M S))}:
 *           64 gap/(T S) + (12 + 2 kappa) sqrt(M gap/(T B S))
 *   Cor 2:  gamma = min{(1-beta)/8, sqrt(B gap/(T M S))}:
 *           64 gap/((1-beta) T S)
 *           + (8 + (4 + 2 kappa + 2 kappa/(1-beta))/(1-beta)) sqrt(M gap/(T B S))
 *           (stated for min_t; the proof bounds the average over t)
 *   Cor 3 (L_k = L_g, M_k = M_g, M_C = K M), LHS (1/T) sum_t E||grad f(w_t)||^2:
 *           8 (1-beta) gap/(T gamma_g) + M_C L_g gamma_g/(1-beta) (6 + 2/(1-beta))
 * Step-size conditions: see bc_bound_clars_conditions. */
#ifndef BC_BOUNDS_CLARS_H
#define BC_BOUNDS_CLARS_H

#include <stddef.h>

typedef struct {
    double opt, var, total;
} bc_clars_bound;

/* Theorem 2 when beta = 0 and thm2 != 0, Theorem 3 otherwise. */
void bc_bound_clars_thm(int thm2, double gap, double T, double gamma, double S, double kappa,
                        double M, double B, double beta, bc_clars_bound *out);
/* The corollaries' gamma: min{(1-beta)/8, sqrt(B gap/(T M S))} (M = 0: the first). */
double bc_bound_clars_cor_gamma(double gap, double T, double B, double M, double S, double beta);
/* Corollary 1 (beta = 0, cor2 = 0) or Corollary 2. */
void bc_bound_clars_cor(int cor2, double gap, double T, double S, double kappa, double M,
                        double B, double beta, bc_clars_bound *out);
/* Corollary 3. */
void bc_bound_clars_cor3(double gap, double T, double gamma_g, double MC, double Lg, double beta,
                         bc_clars_bound *out);

/* The largest gamma (in gamma_k = gamma / L_k) allowed by Theorem 2
 * (beta = 0, thm2 != 0) or 3: the per-layer conditions
 * gamma_k <= (1-beta)/(8 L_k), (1-beta) B/(8 L_k M_k) give gamma <= (1-beta)/8,
 * (1-beta) B/(8 M_k); the average condition (1/K) sum gamma_k <= c gives
 * gamma <= c K / S with c the min of the statement's list. M_k, M_g = 0 make
 * their terms vanish from the min. Writes the two parts. */
double bc_bound_clars_gamma_max(int thm2, double beta, double B, const double *Mk, size_t K,
                                double Mg, double Lg, double S, double *per_layer,
                                double *average);

#endif
