/* mlp.h -- a plain multilayer perceptron x_k = act(W_k x_{k-1}), k = 1..L,
 * with forward and per-layer backward passes, for the local-learning
 * checks and experiments of seed 002 (each layer is a "local layer" with
 * its own head). act is tanh, ReLU or the logistic sigmoid; the last layer
 * may be linear (last_linear). W_k is dims[k] x dims[k-1]. */
#ifndef BC_MLP_H
#define BC_MLP_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

typedef enum { BC_ACT_TANH = 0, BC_ACT_RELU, BC_ACT_SIGMOID } bc_act;

typedef struct {
    size_t L;
    size_t dims[17];     /* dims[0] input, dims[1..L] widths */
    double *W[16];       /* W[k-1] = W_k, row-major dims[k] x dims[k-1] */
    bc_act act;
    int last_linear;     /* 1: the last layer is linear (logits), x_L = W_L x_{L-1} */
} bc_mlp;

#define BC_MLP_MAX_LAYERS 16

/* NULL when L is 0 or above BC_MLP_MAX_LAYERS, or out of memory. */
bc_mlp *bc_mlp_alloc(size_t L, const size_t *dims, bc_act act);
void bc_mlp_free(bc_mlp *m);
/* W_k entries ~ N(0, 1 / dims[k-1]) */
void bc_mlp_init(bc_mlp *m, gsl_rng *r);
/* Number of parameters of layer k (1-based). */
size_t bc_mlp_layer_size(const bc_mlp *m, size_t k);

/* xs[0] holds the input; fills xs[1..L] and the activation derivatives
 * D[1..L] (D[k] = act'(W_k x_{k-1}), for tanh 1 - x_k^2, for ReLU 0/1). */
void bc_mlp_forward(const bc_mlp *m, double *const *xs, double *const *D);

/* Backward through layer k (1-based) for one sample: given g = dl/dx_k,
 * adds scale * dl/dW_k to gW (when not NULL) and writes dl/dx_{k-1} to
 * gprev (when not NULL). work has dims[k] doubles. */
void bc_mlp_back(const bc_mlp *m, size_t k, double *const *xs, double *const *D,
                 const double *g, double scale, double *gW, double *gprev, double *work);

#endif
