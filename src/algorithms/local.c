/* local.c -- two-layer local learning (see local.h). */
#include "algorithms/local.h"

#include <stdlib.h>
#include <gsl/gsl_cblas.h>

bc_local_ws *bc_local_ws_alloc(const bc_twolayer *p)
{
    bc_local_ws *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->m = p->m;
    w->d = p->d;
    w->d1 = p->d1;
    w->g = malloc(p->d * sizeof(double));
    w->g1 = malloc(p->d1 * sizeof(double));
    w->work = malloc(p->m * sizeof(double));
    if (w->g == NULL || w->g1 == NULL || w->work == NULL) {
        bc_local_ws_free(w);
        return NULL;
    }
    return w;
}

void bc_local_ws_free(bc_local_ws *w)
{
    if (w == NULL)
        return;
    free(w->g);
    free(w->g1);
    free(w->work);
    free(w);
}

void bc_local_iterate(const bc_twolayer *p, bc_local_mode mode, double eta1,
                      double eta2, double *theta, bc_local_ws *w, bc_local_step *s)
{
    size_t d = p->d, d1 = p->d1;
    int id = (int)d, id1 = (int)d1, id2 = (int)(d - d1);

    s->L2_ii = bc_twolayer_L2(p, theta, w->work);
    bc_twolayer_grad_L2(p, theta, w->g, w->work);
    s->g_2 = cblas_ddot(id, w->g, 1, w->g, 1);
    if (mode == BC_LOCAL_GLOBAL)
        cblas_dcopy(id1, w->g, 1, w->g1, 1);
    else
        bc_twolayer_grad_L1(p, theta, w->g1, w->work);
    /* eps = grad_1 L2 - grad_1 L1, kept in w->g's first block */
    cblas_daxpy(id1, -1.0, w->g1, 1, w->g, 1);
    s->eps2 = cblas_ddot(id1, w->g, 1, w->g, 1);
    s->cross = cblas_ddot(id1, w->g1, 1, w->g, 1);
    s->gL1_2 = cblas_ddot(id1, w->g1, 1, w->g1, 1);
    /* (1): theta_1 step */
    cblas_daxpy(id1, -eta1, w->g1, 1, theta, 1);
    /* (2): theta_2 step at (theta_1^{(i+1)}, theta_2^{(i)}) */
    bc_twolayer_grad_L2(p, theta, w->g, w->work);
    s->g2n_2 = cblas_ddot(id2, w->g + d1, 1, w->g + d1, 1);
    cblas_daxpy(id2, -eta2, w->g + d1, 1, theta + d1, 1);
    s->L2_next = bc_twolayer_L2(p, theta, w->work);
}
