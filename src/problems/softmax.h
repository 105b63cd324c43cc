/* softmax.h -- softmax regression with exact expectations over labels,
 * for the delay-compensation theory of seed 004.
 *
 * P(Y = k | x, W) = sigma_k = softmax(W x)_k, W is K x d (row-major, the
 * parameter vector w of length K d flattened row by row), loss -log sigma_Y.
 *   g(y)_{(c,j)} = (sigma_c - 1{c = y}) x_j                 (the gradient)
 *   G(y) = g(y) g(y)^T                                      (outer product)
 *   H_{(c,j),(c',j')} = (sigma_c 1{c = c'} - sigma_c sigma_c') x_j x_j'   (no y)
 *   d sigma_k / d w_{(c,j)} = sigma_k (1{k = c} - sigma_c) x_j
 * Expectations over Y ~ P(. | x, W*) are sums over the K labels. */
#ifndef BC_SOFTMAX_H
#define BC_SOFTMAX_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

/* sigma = softmax(W x) (K values). */
void bc_softmax_probs(const double *W, size_t K, size_t d, const double *x, double *sigma);
/* g(y) (K d values) at the probabilities sigma. */
void bc_softmax_grad(const double *sigma, size_t K, size_t d, const double *x, size_t y,
                     double *g);
/* H (Kd x Kd). */
void bc_softmax_hessian(const double *sigma, size_t K, size_t d, const double *x, double *H);

/* A random instance, drawn from r in this order: for each parameter,
 * W*_i ~ N(0, wscale^2) then u_i ~ N(0, 1); W_t = W* + dist u / ||u||;
 * then x ~ N(0, I_d). Ws and Wt hold K d values, x d values. */
void bc_softmax_draw(size_t K, size_t d, double wscale, double dist, gsl_rng *r, double *Ws,
                     double *Wt, double *x);

/* Over a data set X (n x d) with labels from W*:
 * the population loss (1/n) sum_i sum_k sigma_k(x_i, W*) (-log sigma_k(x_i, W)),
 * the exact F(W) of the convergence theorems without the regulariser. */
double bc_softmax_pop_loss(const double *W, const double *Ws, const double *X, size_t n,
                           size_t K, size_t d);

/* The minimiser W of F(W) = pop_loss(W; labels from W*) + (rho/2)||W - c||^2
 * (c NULL: the origin), rho > 0, by damped Newton from the W given; *gnorm
 * is the final ||grad F||. 0, BC_ENOCONV, BC_ENUMERIC or BC_ENOMEM.
 * With c = W* the minimiser is W* (Fisher identity); otherwise it is not. */
int bc_softmax_ridge_opt(const double *Ws, const double *c, double rho, const double *X,
                         size_t n, size_t K, size_t d, double *W, double *gnorm);

/* The Fisher gap of Lemma F.1 at W, labels from W*:
 *   M = E_x E_{Y|x,W*} [H(W) - g(Y) g(Y)^T] = E_x sum_k (sigma_k(W) - sigma_k(W*)) g_k g_k^T
 * (H = sum_k sigma_k(W) g_k g_k^T, the Fisher identity), P x P, P = K d.
 * M = 0 at W = W*. work holds 2 K + P values. */
void bc_softmax_fisher_gap(const double *W, const double *Ws, const double *X, size_t n,
                           size_t K, size_t d, double *M, double *work);

typedef struct {
    size_t P;          /* K d parameters */
    double *EG;        /* P x P: E G_ij */
    double *EG2;       /* P x P: E G_ij^2 */
    double *H;         /* P x P */
    double *sig_t;     /* K: sigma(x, W_t) */
    double *sig_s;     /* K: sigma(x, W*) = the label distribution */
} bc_softmax_mom;

/* The exact moments at W_t with labels from W* (allocates; free with
 * bc_softmax_moments_free). BC_ENOMEM on failure. */
int bc_softmax_moments(const double *Wt, const double *Ws, size_t K, size_t d, const double *x,
                       bc_softmax_mom *mo);
void bc_softmax_moments_free(bc_softmax_mom *mo);

#endif
