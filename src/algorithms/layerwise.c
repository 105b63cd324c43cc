/* layerwise.c -- mGD / mNAG with layer-wise rates (see layerwise.h). */
#include "algorithms/layerwise.h"
#include "core/rng.h"
#include "core/status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>

bc_layerwise_ws *bc_layerwise_ws_alloc(size_t d)
{
    bc_layerwise_ws *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->d = d;
    w->w = malloc(d * sizeof(double));
    w->v = malloc(d * sizeof(double));
    w->vnew = malloc(d * sizeof(double));
    w->g = malloc(d * sizeof(double));
    if (!w->w || !w->v || !w->vnew || !w->g) {
        bc_layerwise_ws_free(w);
        return NULL;
    }
    return w;
}

void bc_layerwise_ws_free(bc_layerwise_ws *w)
{
    if (w == NULL)
        return;
    free(w->w);
    free(w->v);
    free(w->vnew);
    free(w->g);
    free(w);
}

/* One step after the full gradient g = grad f(w) is known: the measured
 * norms added to *aq, *af, the mini-batch gradient (drawn from r) in g,
 * the ball check, the update of (w, v). BC_ENUMERIC on NaN/Inf, BC_EDOMAIN
 * outside the ball; the same code for one trajectory and for a batch. */
static int step_rest(const bc_blockquad *p, const bc_layerwise_params *lp, gsl_rng *r, double *w,
                     double *v, double *vnew, double *g, double *aq, double *af)
{
    size_t d = p->d, K = p->K;
    for (size_t k = 0; k < K; k++) {
        double s = 0.0;
        for (size_t j = p->start[k]; j < p->start[k + 1]; j++)
            s += g[j] * g[j];
        *aq += lp->q[k] * s;
        *af += s;
    }
    if (!isfinite(*af))
        return BC_ENUMERIC;
    /* the mini-batch gradient */
    if (p->E == NULL) {
        /* additive noise: A w - mean of the batch's b_i */
        for (size_t j = 0; j < d; j++)
            g[j] += p->bbar[j];
        for (size_t b = 0; b < lp->B; b++) {
            const double *bi = p->b + bc_rng_index(r, p->n) * d;
            for (size_t j = 0; j < d; j++)
                g[j] -= bi[j] / (double)lp->B;
        }
    } else {
        memset(g, 0, d * sizeof(double));
        for (size_t b = 0; b < lp->B; b++)
            bc_blockquad_add_grad_i(p, bc_rng_index(r, p->n), w, 1.0 / (double)lp->B, g);
    }
    if (lp->wstar != NULL) {
        double dist = 0.0;
        for (size_t j = 0; j < d; j++)
            dist += (w[j] - lp->wstar[j]) * (w[j] - lp->wstar[j]);
        if (sqrt(dist) > lp->radius)
            return BC_EDOMAIN; /* left the ball the constants hold on */
    }
    for (size_t k = 0; k < K; k++)
        for (size_t j = p->start[k]; j < p->start[k + 1]; j++)
            vnew[j] = w[j] - lp->gamma[k] * g[j];
    for (size_t j = 0; j < d; j++) {
        w[j] = vnew[j] + lp->beta * (vnew[j] - v[j]);
        v[j] = vnew[j];
    }
    return BC_SUCCESS;
}

int bc_layerwise_run(const bc_blockquad *p, const bc_layerwise_params *lp, const double *w0,
                     gsl_rng *r, bc_layerwise_ws *ws, double *avg_q, double *avg_full)
{
    size_t d = p->d;
    double aq = 0.0, af = 0.0;
    memcpy(ws->w, w0, d * sizeof(double));
    memcpy(ws->v, w0, d * sizeof(double));
    for (size_t t = 0; t < lp->T; t++) {
        bc_blockquad_grad(p, ws->w, ws->g);
        int st = step_rest(p, lp, r, ws->w, ws->v, ws->vnew, ws->g, &aq, &af);
        if (st != 0)
            return st;
    }
    *avg_q = aq / (double)lp->T;
    *avg_full = af / (double)lp->T;
    return BC_SUCCESS;
}

struct bc_layerwise_batch {
    size_t d, nb;
    double *W, *V, *Vnew, *Wc, *G, *g;
};

void bc_layerwise_batch_free(bc_layerwise_batch *b)
{
    if (b == NULL)
        return;
    free(b->W);
    free(b->V);
    free(b->Vnew);
    free(b->Wc);
    free(b->G);
    free(b->g);
    free(b);
}

bc_layerwise_batch *bc_layerwise_batch_alloc(size_t d, size_t nb)
{
    bc_layerwise_batch *b = calloc(1, sizeof *b);
    if (b == NULL)
        return NULL;
    b->d = d;
    b->nb = nb;
    b->W = malloc(nb * d * sizeof(double));
    b->V = malloc(nb * d * sizeof(double));
    b->Vnew = malloc(nb * d * sizeof(double));
    b->Wc = malloc(nb * d * sizeof(double));
    b->G = malloc(nb * d * sizeof(double));
    b->g = malloc(d * sizeof(double));
    if (!b->W || !b->V || !b->Vnew || !b->Wc || !b->G || !b->g) {
        bc_layerwise_batch_free(b);
        return NULL;
    }
    return b;
}

int bc_layerwise_run_batch(const bc_blockquad *p, const bc_layerwise_params *lp, const double *w0,
                           gsl_rng *const *r, size_t nb, bc_layerwise_batch *ws, double *avg_q,
                           double *avg_full, int *status)
{
    size_t d = p->d;
    if (p->E != NULL || nb > ws->nb || d != ws->d)
        return BC_EINVAL;
    for (size_t b = 0; b < nb; b++) {
        memcpy(ws->W + b * d, w0, d * sizeof(double));
        memcpy(ws->V + b * d, w0, d * sizeof(double));
        avg_q[b] = avg_full[b] = 0.0;
        status[b] = BC_SUCCESS;
    }
    for (size_t t = 0; t < lp->T; t++) {
        /* the full gradients A w_b - bbar of every iterate: one dgemm with
         * the iterates as the columns of Wc (d x nb) */
        for (size_t b = 0; b < nb; b++)
            for (size_t j = 0; j < d; j++) {
                ws->Wc[j * nb + b] = ws->W[b * d + j];
                ws->G[j * nb + b] = p->bbar[j];
            }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)d, (int)nb, (int)d, 1.0, p->A,
                    (int)d, ws->Wc, (int)nb, -1.0, ws->G, (int)nb);
        for (size_t b = 0; b < nb; b++) {
            if (status[b] != BC_SUCCESS)
                continue;   /* stopped, as the one-at-a-time run returns */
            for (size_t j = 0; j < d; j++)
                ws->g[j] = ws->G[j * nb + b];
            status[b] = step_rest(p, lp, r[b], ws->W + b * d, ws->V + b * d, ws->Vnew + b * d,
                                  ws->g, &avg_q[b], &avg_full[b]);
        }
    }
    for (size_t b = 0; b < nb; b++) {
        avg_q[b] /= (double)lp->T;
        avg_full[b] /= (double)lp->T;
    }
    return BC_SUCCESS;
}

/* Exact moments under additive noise. With xi_t the batch mean of b_i -
 * bbar (mean 0, covariance Sigma / B, Sigma = (1/n) sum_i (b_i - bbar)(b_i -
 * bbar)^T) and Gamma = diag(gamma_k per block), the iteration is linear in
 * z = (w, v):
 *   v' = (I - Gamma A) w + Gamma bbar + Gamma xi
 *   w' = (1 + beta) v' - beta v
 * so mu' = Mmat mu + c and S' = Mmat S Mmat^T + N (Sigma/B) N^T, and
 * E||grad_k f(w_t)||^2 = ||(A mu_w - bbar)_k||^2 + sum_{j in k} (A S_ww A)_jj. */
int bc_layerwise_exact(const bc_blockquad *p, const bc_layerwise_params *lp, const double *w0,
                       double *avg_q, double *avg_full)
{
    size_t d = p->d, K = p->K, D = 2 * d;
    if (p->E != NULL)
        return BC_EINVAL;
    double *Mm = calloc(D * D, sizeof *Mm), *S = calloc(D * D, sizeof *S);
    double *Q = calloc(D * D, sizeof *Q), *T1 = malloc(D * D * sizeof *T1);
    double *mu = malloc(D * sizeof *mu), *mu2 = malloc(D * sizeof *mu2), *c = malloc(D * sizeof *c);
    double *Sig = calloc(d * d, sizeof *Sig), *P = malloc(d * d * sizeof *P), *g = malloc(d * sizeof *g);
    double *gam = malloc(d * sizeof *gam), *Sww = malloc(d * d * sizeof *Sww);
    int st = BC_ENOMEM;
    if (!Mm || !S || !Q || !T1 || !mu || !mu2 || !c || !Sig || !P || !g || !gam || !Sww)
        goto done;
    const double beta = lp->beta, B = (double)lp->B;
    for (size_t k = 0; k < K; k++)
        for (size_t j = p->start[k]; j < p->start[k + 1]; j++)
            gam[j] = lp->gamma[k];
    /* Sigma / B */
    for (size_t i = 0; i < p->n; i++) {
        const double *bi = p->b + i * d;
        for (size_t a = 0; a < d; a++)
            for (size_t b = 0; b < d; b++)
                Sig[a * d + b] += (bi[a] - p->bbar[a]) * (bi[b] - p->bbar[b]) / ((double)p->n * B);
    }
    /* Mmat = [[(1+beta) R, -beta I], [R, 0]], R = I - Gamma A; c; N = [(1+beta) Gamma; Gamma] */
    for (size_t a = 0; a < d; a++) {
        for (size_t b = 0; b < d; b++) {
            double R = (a == b ? 1.0 : 0.0) - gam[a] * p->A[a * d + b];
            Mm[a * D + b] = (1.0 + beta) * R;
            Mm[(d + a) * D + b] = R;
        }
        Mm[a * D + d + a] = -beta;
        c[a] = (1.0 + beta) * gam[a] * p->bbar[a];
        c[d + a] = gam[a] * p->bbar[a];
        mu[a] = mu[d + a] = w0[a];
    }
    for (size_t a = 0; a < D; a++)
        for (size_t b = 0; b < D; b++) {
            double na = (a < d ? 1.0 + beta : 1.0) * gam[a % d];
            double nb = (b < d ? 1.0 + beta : 1.0) * gam[b % d];
            Q[a * D + b] = na * nb * Sig[(a % d) * d + (b % d)];
        }
    double aq = 0.0, af = 0.0;
    for (size_t t = 0; t < lp->T; t++) {
        /* E||grad_k f(w_t)||^2 */
        for (size_t a = 0; a < d; a++)
            for (size_t b = 0; b < d; b++)
                Sww[a * d + b] = S[a * D + b];
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)d, (int)d, 1.0, p->A, (int)d, mu, 1, 0.0, g, 1);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)d, (int)d, (int)d, 1.0, p->A,
                    (int)d, Sww, (int)d, 0.0, P, (int)d);
        for (size_t k = 0; k < K; k++) {
            double sk = 0.0;
            for (size_t j = p->start[k]; j < p->start[k + 1]; j++) {
                double gj = g[j] - p->bbar[j];
                sk += gj * gj + cblas_ddot((int)d, P + j * d, 1, p->A + j * d, 1);
            }
            aq += lp->q[k] * sk;
            af += sk;
        }
        if (!isfinite(af)) {
            st = BC_ENUMERIC;
            goto done;
        }
        /* mu' = Mmat mu + c; S' = Mmat S Mmat^T + Q */
        memcpy(mu2, c, D * sizeof *mu2);
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)D, (int)D, 1.0, Mm, (int)D, mu, 1, 1.0, mu2, 1);
        memcpy(mu, mu2, D * sizeof *mu);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)D, (int)D, (int)D, 1.0, Mm,
                    (int)D, S, (int)D, 0.0, T1, (int)D);
        memcpy(S, Q, D * D * sizeof *S);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)D, (int)D, (int)D, 1.0, T1,
                    (int)D, Mm, (int)D, 1.0, S, (int)D);
    }
    *avg_q = aq / (double)lp->T;
    *avg_full = af / (double)lp->T;
    st = BC_SUCCESS;
done:
    free(Mm); free(S); free(Q); free(T1); free(mu); free(mu2); free(c);
    free(Sig); free(P); free(g); free(gam); free(Sww);
    return st;
}
