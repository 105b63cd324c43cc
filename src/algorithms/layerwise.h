/* layerwise.h -- mini-batch NAG with layer-wise learning rates, seed 001
 * Eq. (4) (beta = 0 is mini-batch GD, "mGD"):
 *
 *   v_{t+1} = w_t - sum_k gamma_k U_k ( (1/B) sum_{i in I_t} grad_k f_i(w_t) )
 *   w_{t+1} = v_{t+1} + beta (v_{t+1} - v_t),     v_0 = w_0,
 *
 * with I_t drawn uniformly with replacement (the 1/B of the analysis). */
#ifndef BC_LAYERWISE_H
#define BC_LAYERWISE_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

#include "problems/blockquad.h"

typedef struct {
    size_t T, B;
    double beta;
    const double *gamma;   /* K layer rates */
    const double *q;       /* K weights of the measured sum_k q_k ||grad_k f||^2 */
    const double *wstar;   /* when not NULL, every iterate must stay within radius of it */
    double radius;
} bc_layerwise_params;

typedef struct {
    size_t d;
    double *w, *v, *vnew, *g;
} bc_layerwise_ws;

bc_layerwise_ws *bc_layerwise_ws_alloc(size_t d);
void bc_layerwise_ws_free(bc_layerwise_ws *w);

/* Runs T steps from w0; returns in *avg_q (1/T) sum_t sum_k q_k ||grad_k f(w_t)||^2
 * and in *avg_full (1/T) sum_t ||grad f(w_t)||^2. BC_ENUMERIC on NaN/Inf;
 * BC_EDOMAIN when an iterate leaves the ball ||w - wstar|| <= radius. */
int bc_layerwise_run(const bc_blockquad *p, const bc_layerwise_params *lp, const double *w0,
                     gsl_rng *r, bc_layerwise_ws *ws, double *avg_q, double *avg_full);

/* nb trajectories at once, each with its own stream r[b] (additive noise
 * only, p->E == NULL): the full gradients of the nb iterates are one dgemm
 * per step instead of nb dgemv; every trajectory's numbers equal
 * bc_layerwise_run's with r[b] up to the order of the BLAS sums, and
 * status[b] its return value (a stopped trajectory draws no more).
 * BC_EINVAL with multiplicative noise or a workspace too small. */
typedef struct bc_layerwise_batch bc_layerwise_batch;
bc_layerwise_batch *bc_layerwise_batch_alloc(size_t d, size_t nb);
void bc_layerwise_batch_free(bc_layerwise_batch *b);
int bc_layerwise_run_batch(const bc_blockquad *p, const bc_layerwise_params *lp, const double *w0,
                           gsl_rng *const *r, size_t nb, bc_layerwise_batch *ws, double *avg_q,
                           double *avg_full, int *status);

/* The same two averages as expectations over the batches, computed exactly
 * (additive noise only, p->E == NULL: the iteration is linear in (w, v) with
 * additive noise, so its first and second moments propagate in closed
 * form; O(T d^3)). BC_EINVAL with multiplicative noise, BC_ENUMERIC on
 * overflow, BC_ENOMEM. */
int bc_layerwise_exact(const bc_blockquad *p, const bc_layerwise_params *lp, const double *w0,
                       double *avg_q, double *avg_full);

#endif
