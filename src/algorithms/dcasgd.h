/* dcasgd.h -- SGD with a fixed delay, with and without delay compensation
 * (seed 004), on L2-regularised softmax regression.
 *
 *   F(w) = (1/n) sum_i -log sigma_{y_i}(W x_i) + (rho/2) ||w||^2
 *
 * The delayed run, simulated sequentially: step t draws a sample i_t and
 * evaluates its gradient g at the stale iterate w_{t-tau} (w_0 while
 * t < tau), then
 *   w_{t+1} = w_t - eta (g + lambda_t g (.) g (.) (w_t - w_{t-tau}))
 * where (.) is the elementwise product: ASGD is lambda = 0, DC-ASGD-c a
 * constant lambda, DC-ASGD-a the authors' adaptive
 *   lambda_t = lambda_0 / sqrt(MS + 1e-7), MS <- m MS + (1 - m) g (.) g
 * (elementwise; m = 0.95). tau = 0 is plain SGD whatever lambda is, since
 * the compensation multiplies w_t - w_t = 0. The regulariser's gradient
 * rho (w_{t-tau} - c) is part of g (c = 0 unless a centre is given).
 *
 * The setting of the convergence theorems (Theorem 4.1, Lemma F.1): with a
 * teacher W*, each step draws its label afresh, Y ~ P(. | x_i, W*), instead
 * of reading the data set's; and the step may decay, eta_t = eta / t with
 * t = 1, 2, ... the step's number. */
#ifndef BC_DCASGD_H
#define BC_DCASGD_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

#include "problems/dataset.h"

typedef struct {
    const bc_dataset *ds;   /* features; labels are integers in [0, K) */
    size_t K;
    double rho;
    const double *center;   /* the regulariser's centre c (K d values), or NULL: 0 */
    const double *teacher;  /* W* (K d values): labels drawn from it, or NULL: ds->y */
} bc_softreg;

/* F(w) and, when g is not NULL, its gradient (K d values). */
double bc_softreg_value(const bc_softreg *p, const double *w, double *g);

typedef enum { BC_DC_ASGD = 0, BC_DC_CONSTANT, BC_DC_ADAPTIVE } bc_dc_kind;

typedef struct {
    bc_dc_kind kind;
    size_t tau;
    double eta, lambda;     /* lambda: the constant, or lambda_0 */
    double ms_decay;        /* m of the adaptive form */
    int inv_t;              /* 1: eta_t = eta / t (t = 1, 2, ...); 0: eta */
} bc_dc_opts;

typedef struct bc_dc_run bc_dc_run;

/* A run from w0 (copied); NULL when out of memory. */
bc_dc_run *bc_dc_alloc(const bc_softreg *p, const bc_dc_opts *o, const double *w0);
void bc_dc_free(bc_dc_run *run);
/* Back to the state bc_dc_alloc left: t = 0, every delayed copy w0 (a
 * workspace's run serves trial after trial without allocating). */
void bc_dc_reset(bc_dc_run *run, const double *w0);
/* steps more steps with samples drawn from r; nonzero when an iterate
 * stops being finite. */
int bc_dc_steps(bc_dc_run *run, size_t steps, gsl_rng *r);
/* The current iterate (K d values). */
const double *bc_dc_w(const bc_dc_run *run);
/* Of the last step's update direction g^dc = g + lambda g (.) g (.) (w_t -
 * w_{t-tau}): its squared norm, and the largest |g_i| of its g. */
void bc_dc_last(const bc_dc_run *run, double *gdc_norm2, double *g_absmax);

#endif
