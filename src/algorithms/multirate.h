/* multirate.h -- multirate SGD with linear drift (multirate corrigendum,
 * seed 000, Eqs. (4)-(5)).
 *
 * The parameters are split into l contiguous groups; group 0 is fast, the
 * others are slow with period k. For t = 0..T-1, tau = k floor(t / k):
 *
 *   theta^{t+1}_F = theta^t_F - h_F grad_F f_{i_t}(theta^t)
 *   theta^{t+1}_S = theta^t_S - h_S s^t
 *
 * where the slow direction s^t has two readings of the seed's
 * g_{x_i}(theta^t) = (grad_F f_{x_i}(theta^t), grad_S f_{x_i}(theta^tau)):
 *   frozen: s^t = grad_S f_{i_tau}(theta^tau), computed once per block with
 *           the sample drawn at tau, reused for the block's k steps;
 *   fresh:  s^t = grad_S f_{i_t}(theta^tau), each step's own sample.
 * The theorem's schedule is h_F = h_S = h; the paper's practical multirate
 * algorithm uses h_F = h / k, h_S = h (for experiments only).
 * With k = 1 or l = 1 both readings are plain SGD. */
#ifndef BC_MULTIRATE_H
#define BC_MULTIRATE_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "problems/glm.h"

typedef enum { BC_MR_FROZEN = 0, BC_MR_FRESH = 1 } bc_mr_reading;

typedef struct {
    size_t T, k, l;
    double h_fast, h_slow;
    bc_mr_reading reading;
} bc_mr_params;

typedef struct {
    size_t n, d;
    double *theta, *theta_tau, *slow, *g, *gi, *work;
} bc_mr_workspace;

bc_mr_workspace *bc_mr_workspace_alloc(size_t n, size_t d);
void bc_mr_workspace_free(bc_mr_workspace *w);

/* First coordinate of group g of l over d coordinates: floor(g d / l). */
size_t bc_mr_group_start(size_t g, size_t l, size_t d);

/* Runs T steps from theta0 with the sample sequence samples[0..T-1].
 * Writes (1/T) sum_{t<T} ||grad f(theta^t)||^2 to *mean_sq_grad and, when
 * trace is not NULL, ||grad f(theta^t)||^2 to trace[t]. The final iterate
 * is left in w->theta. BC_ENUMERIC on NaN/Inf. */
int bc_mr_run(const bc_glm *p, const bc_mr_params *mp, const double *theta0,
              const size_t *samples, bc_mr_workspace *w, double *mean_sq_grad,
              double *trace);

/* nb trajectories at once, each from theta0 with its own sample sequence,
 * drawn step by step from r[b] (bc_rng_index(r[b], n) at t = 0, 1, ...: the
 * sequence bc_mr_run's caller would draw beforehand). The full gradients of
 * all nb iterates are two matrix-matrix products per block of BC_MR_ROWS
 * data rows per step (Z = X_b Theta, G += X_b^T phi'(Z) / n, the iterates
 * as the columns of Theta) instead of 2 nb matrix-vector ones; each trajectory's
 * updates are its own. means[b] as mean_sq_grad of bc_mr_run; status[b]
 * BC_ENUMERIC when trajectory b stopped being finite (the others go on).
 * Returns 0, or BC_EINVAL when nb exceeds the workspace's. */
typedef struct bc_mr_batch bc_mr_batch;
/* Rows of the data per block of the batched full gradient: 128 rows of
 * d <= 100 coordinates stay in L2 between the two products (measured on
 * bench_multirate's n = 2000, d = 100: 128 rows beat 64, 256 and 512). */
#define BC_MR_ROWS 128
bc_mr_batch *bc_mr_batch_alloc(size_t n, size_t d, size_t nb);
void bc_mr_batch_free(bc_mr_batch *b);
int bc_mr_run_batch(const bc_glm *p, const bc_mr_params *mp, const double *theta0,
                    gsl_rng *const *r, size_t nb, bc_mr_batch *w, double *means, int *status);

#endif
