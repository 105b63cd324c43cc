/* sgr.h -- the successive gradient reconciliation term of seed 002,
 * Eqs. (5)-(6), and its gradient, for one ReLU layer with a fixed ETF
 * head.
 *
 * Layer k maps x_{k-1} to x_k = relu(W_k x_{k-1}); its local error is
 * CE(M_k^T x_k, y). The gradient of that error w.r.t. the layer's input is
 *   delta = delta_{x_{k-1}}^{(L_k)} = W_k^T v,  v = r o M_k (p - e_y),
 *   r = relu'(W_k x_{k-1}), p = softmax(M_k^T x_k).
 * With t = delta_{x_{k-1}}^{(L_{k-1})} (the previous layer's local gradient
 * w.r.t. its output, held fixed), L_k^SGR = ||delta - t||^2 and, with
 * e = delta - t and S_p = diag(p) - p p^T,
 *   grad_{W_k} L_k^SGR = 2 (v e^T + q x_{k-1}^T),
 *   q = r o M_k S_p M_k^T (r o W_k e)
 * (r is piecewise constant, so this is the gradient almost everywhere). */
#ifndef BC_SGR_H
#define BC_SGR_H

#include <stddef.h>

#include "problems/mlp.h"

/* For layer k of a ReLU network after bc_mlp_forward: returns
 * L_k^SGR = ||delta - t||^2 and adds scale * its W_k gradient to gW (when
 * not NULL). M is dims[k] x K (row-major). work has
 * 3 dims[k] + dims[k-1] + 3 K doubles. */
double bc_sgr_layer(const bc_mlp *m, size_t k, double *const *xs, double *const *D,
                    const double *M, size_t K, size_t y, const double *t, double scale,
                    double *gW, double *work);

#endif
