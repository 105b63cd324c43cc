/* masked.h -- training a one-hidden-layer ReLU network with randomly
 * masked neurons: Algorithm 1 of seed 003.
 *
 * f(W, x) = (1/sqrt(m)) sum_r a_r sigma(<w_r, x>), a_r in {-1, +1} fixed;
 * the full model is evaluated with each neuron scaled by xi,
 * u_i = (xi/sqrt(m)) sum_r a_r sigma(<w_r, x_i>). Each global iteration k:
 *   sample masks m^1..m^p (Bernoulli(xi) per neuron and subnetwork, or
 *   categorical: each neuron to exactly one subnetwork, xi = 1/p);
 *   each subnetwork runs tau gradient steps of step eta on its surrogate
 *   L_m(W) = (1/2)||y - f_m(W, X)||^2, f_m = (1/sqrt(m)) sum_r a_r m_r sigma(<w_r,x>),
 *   from W_k, giving Delta W^l;
 *   W_{k+1,r} = W_{k,r} + (N_perp / N)_{k,r} sum_l Delta W^l_r, with
 *   X_{k,r} = sum_l m^l_r, N = max(X, 1), N_perp = min(X, 1).
 * The three losses of the paper's Fig. 2a are recorded per iteration. */
#ifndef BC_MASKED_H
#define BC_MASKED_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

typedef struct {
    size_t n, d, m;
    const double *X;   /* n x d, unit rows */
    const double *y;   /* n */
} bc_masked_data;

typedef struct {
    size_t K, p, tau;
    double eta, xi, kappa;
    int categorical;
} bc_masked_params;

typedef struct {
    double *loss_full;      /* K + 1: ||y - u_k||^2 (u with the xi scaling) */
    double *loss_sampled;   /* K: mean over subnetworks of ||y - f_m(W_k)||^2 */
    double *loss_local;     /* K: mean over subnetworks after the tau local steps */
} bc_masked_trace;

/* A run's buffers for n inputs, m neurons of dimension d and p masks
 * (NULL when out of memory): allocated once, reused run after run. */
typedef struct bc_masked_ws bc_masked_ws;
bc_masked_ws *bc_masked_ws_alloc(size_t n, size_t m, size_t d, size_t p);
void bc_masked_ws_free(bc_masked_ws *ws);

/* Runs Algorithm 1 from W ~ N(0, kappa^2 I), a ~ U{-1, 1} (both from r),
 * in ws (sized for dat and mp->p). trace arrays must have K + 1 and K
 * entries. BC_ENUMERIC when the loss overflows. */
int bc_masked_run(const bc_masked_data *dat, const bc_masked_params *mp, gsl_rng *r,
                  bc_masked_ws *ws, bc_masked_trace *trace);

#endif
