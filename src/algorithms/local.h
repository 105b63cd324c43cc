/* local.h -- two-layer local learning, seed 002 Eqs. (1)-(2):
 *
 *   theta_1^{(i+1)} = theta_1^{(i)} - eta_1 grad_1 L1(theta_1^{(i)})             (1)
 *   theta_2^{(i+1)} = theta_2^{(i)} - eta_2 grad_2 L2(theta_1^{(i+1)}, theta_2^{(i)})  (2)
 *
 * In global mode (backpropagation) the local gradient grad_1 L1 is replaced
 * by grad_1 L2(theta_1^{(i)}, theta_2^{(i)}), so eps = 0. One call performs
 * one iteration and returns every quantity Theorem 3.3 and Lemmas A.4/A.5
 * speak about. */
#ifndef BC_LOCAL_H
#define BC_LOCAL_H

#include <stddef.h>

#include "problems/twolayer.h"

typedef enum { BC_LOCAL_LOCAL = 0, BC_LOCAL_GLOBAL } bc_local_mode;

typedef struct {
    double L2_ii;      /* L2^{(i,i)} */
    double L2_next;    /* L2^{(i+1,i+1)} */
    double eps2;       /* ||eps^{(i)}||^2, eps = grad_1 L2^{(i,i)} - grad_1 L1^{(i)} */
    double g_2;        /* ||grad L2^{(i,i)}||^2 (both blocks) */
    double gL1_2;      /* ||grad_1 L1^{(i)}||^2 (the step actually taken by theta_1) */
    double g2n_2;      /* ||grad_2 L2^{(i+1,i)}||^2 */
    double cross;      /* grad_1 L1^{(i)T} eps^{(i)} */
} bc_local_step;

typedef struct {
    size_t m, d, d1;
    double *g, *g1, *work;
} bc_local_ws;

bc_local_ws *bc_local_ws_alloc(const bc_twolayer *p);
void bc_local_ws_free(bc_local_ws *w);

/* One iteration from theta (updated in place). */
void bc_local_iterate(const bc_twolayer *p, bc_local_mode mode, double eta1,
                      double eta2, double *theta, bc_local_ws *w, bc_local_step *s);

#endif
