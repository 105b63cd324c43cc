/* clars_network.c -- seed 001's experiments on a small deep network.
 *
 * A 5-layer sigmoid network (problems/mlp.h; the last layer linear, its
 * outputs the logits of a softmax cross entropy) on synthetic Gaussian-blob
 * classification data. Constants here are *estimated* (sampled), never
 * certified: this is an experiment, not a check.
 *
 * 1. The per-layer variance factor M_k over training (Fig. 3 analogue):
 *    mini-batch NAG (beta = 0.9) with one learning rate; every `every`
 *    steps, on a fixed evaluation batch, M_k is estimated as
 *    mean_i ||grad_k f_i||^2 / ||mean_i grad_k f_i||^2.
 *    -> DIR/clars_mk.csv (step, layer, M_k, loss)
 * 2. LARS with gradual warmup (several lengths) against CLARS without
 *    warmup at a large batch (Fig. 4 analogue): layer rates
 *      LARS  (Eq. 3): gamma_k = gamma_scale eta ||w_k|| / ||(1/B) sum_i grad_k f_i||
 *      CLARS (Eq. 5): gamma_k = gamma_scale eta ||w_k|| / ((1/B) sum_i ||grad_k f_i||)
 *    with gamma_scale = gamma_base B / B_base, warmup multiplying it by
 *    min(1, (t + 1) / W), and mNAG (Eq. 4, beta = 0.9).
 *    -> DIR/clars_warmup.csv (method, step, loss, accuracy)
 *
 * usage: clars_network [--out DIR] [--quick] [--threads N]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "core/io.h"
#include "experiments/args.h"
#include "core/rng.h"
#include "kernels/etf.h"
#include "problems/mlp.h"
#define BC_OWNED_WANT_TYPES
#include "experiments/owned.h"

#define L 5
#define WIDTH 32

typedef struct {
    size_t n, d0, K;
    double *X;
    size_t *Y;
} data;

typedef struct {
    double *xs[L + 1], *D[L + 1], *G[L + 1];
    double *z, *p, *work;
} scratch;

/* Per-layer gradients over a batch: g[k] = mean_i grad_k f_i (accumulated),
 * sq[k] = mean_i ||grad_k f_i||^2, nrm[k] = mean_i ||grad_k f_i||; returns the
 * mean loss. gi is a per-sample buffer per layer. */
static double batch_grads(const bc_mlp *net, const data *ds, const size_t *idx, size_t B,
                          scratch *s, double **g, double **gi, double *sq, double *nrm,
                          size_t *correct)
{
    double loss = 0.0;
    for (size_t k = 1; k <= L; k++) {
        memset(g[k], 0, bc_mlp_layer_size(net, k) * sizeof(double));
        sq[k] = nrm[k] = 0.0;
    }
    for (size_t b = 0; b < B; b++) {
        size_t i = idx[b];
        memcpy(s->xs[0], ds->X + i * ds->d0, ds->d0 * sizeof(double));
        bc_mlp_forward(net, s->xs, s->D);
        double *zl = s->xs[L];
        loss += bc_etf_ce(zl, ds->K, ds->Y[i]);
        if (correct != NULL) {
            size_t am = 0;
            for (size_t c = 1; c < ds->K; c++)
                if (zl[c] > zl[am])
                    am = c;
            *correct += am == ds->Y[i];
        }
        bc_etf_softmax(zl, ds->K, s->p);
        s->p[ds->Y[i]] -= 1.0;
        memcpy(s->G[L], s->p, ds->K * sizeof(double));
        for (size_t k = L; k >= 1; k--) {
            size_t sz = bc_mlp_layer_size(net, k);
            memset(gi[k], 0, sz * sizeof(double));
            bc_mlp_back(net, k, s->xs, s->D, s->G[k], 1.0, gi[k], k > 1 ? s->G[k - 1] : NULL,
                        s->work);
            double q = cblas_ddot((int)sz, gi[k], 1, gi[k], 1);
            sq[k] += q / (double)B;
            nrm[k] += sqrt(q) / (double)B;
            cblas_daxpy((int)sz, 1.0 / (double)B, gi[k], 1, g[k], 1);
            if (k == 1)
                break;
        }
    }
    return loss / (double)B;
}

/* What both parts share: the data, the initial network, the network
 * being trained with its momentum copies v, and one pass's buffers. */
typedef struct {
    data ds;
    gsl_rng *r;
    bc_mlp *init, *net;
    scratch s;
    double *g[L + 1], *gi[L + 1], *v[L + 1], sq[L + 1], nrm[L + 1];
    size_t *idx, *all;
} net_exp;

/* K Gaussian blobs (sd 1.5 around N(0, I) centres), a 5-layer sigmoid
 * network with a linear last layer, and the buffers. */
static void setup_exp(net_exp *x, int quick)
{
    x->ds = (data){quick ? 1024 : 4096, 20, 10, NULL, NULL};
    data *ds = &x->ds;
    x->r = bc_own(bc_rng_alloc(), bc_owned_rng);
    bc_rng_seed_stream(x->r, 1, "clars_network/data", 0);
    ds->X = BC_OWN(malloc(ds->n * ds->d0 * sizeof(double)));
    ds->Y = BC_OWN(malloc(ds->n * sizeof(size_t)));
    double *mu = BC_OWN(malloc(ds->K * ds->d0 * sizeof *mu));
    for (size_t i = 0; i < ds->K * ds->d0; i++)
        mu[i] = gsl_ran_gaussian(x->r, 1.0);
    for (size_t i = 0; i < ds->n; i++) {
        ds->Y[i] = i % ds->K;
        for (size_t j = 0; j < ds->d0; j++)
            ds->X[i * ds->d0 + j] = mu[ds->Y[i] * ds->d0 + j] + gsl_ran_gaussian(x->r, 1.5);
    }
    size_t dims[L + 1] = {ds->d0, WIDTH, WIDTH, WIDTH, WIDTH, ds->K};
    x->init = bc_own(bc_mlp_alloc(L, dims, BC_ACT_SIGMOID), bc_owned_mlp);
    x->init->last_linear = 1;
    bc_mlp_init(x->init, x->r);
    for (size_t k = 0; k <= L; k++) {
        x->s.xs[k] = BC_OWN(malloc(WIDTH * sizeof(double)));
        x->s.D[k] = BC_OWN(malloc(WIDTH * sizeof(double)));
        x->s.G[k] = BC_OWN(malloc(WIDTH * sizeof(double)));
        x->g[k] = BC_OWN(malloc(WIDTH * WIDTH * sizeof(double)));
        x->gi[k] = BC_OWN(malloc(WIDTH * WIDTH * sizeof(double)));
        x->v[k] = BC_OWN(malloc(WIDTH * WIDTH * sizeof(double)));
    }
    x->s.z = BC_OWN(malloc(ds->K * sizeof(double)));
    x->s.p = BC_OWN(malloc(ds->K * sizeof(double)));
    x->s.work = BC_OWN(malloc(WIDTH * sizeof(double)));
    x->idx = BC_OWN(malloc(ds->n * sizeof *x->idx));
    x->all = BC_OWN(malloc(ds->n * sizeof *x->all));
    for (size_t i = 0; i < ds->n; i++)
        x->all[i] = i;
    x->net = bc_own(bc_mlp_alloc(L, dims, BC_ACT_SIGMOID), bc_owned_mlp);
    x->net->last_linear = 1;
}

/* The network back to its initial weights, momentum copies included. */
static void restart(net_exp *x)
{
    for (size_t k = 1; k <= L; k++) {
        size_t sz = bc_mlp_layer_size(x->net, k);
        memcpy(x->net->W[k - 1], x->init->W[k - 1], sz * sizeof(double));
        memcpy(x->v[k], x->init->W[k - 1], sz * sizeof(double));
    }
}

/* 1. M_k over training (SGD with momentum): DIR/clars_mk.csv. 0, or 5. */
static int mk_over_training(net_exp *x, const char *out, int quick)
{
    char path[4096];
    bc_atomic_file f;
    snprintf(path, sizeof path, "%s/clars_mk.csv", out);
    if (bc_io_atomic_open(&f, path) != 0)
        return 5;
    fprintf(f.fp, "step,layer,Mk,loss\n");
    restart(x);
    bc_mlp *net = x->net;
    size_t steps = quick ? 300 : 1500, every = quick ? 30 : 50, B = 32, Beval = 512;
    double lr = 0.5, beta = 0.9;
    for (size_t t = 0; t <= steps; t++) {
        if (t % every == 0) {
            double loss = batch_grads(net, &x->ds, x->all, Beval, &x->s, x->g, x->gi, x->sq,
                                      x->nrm, NULL);
            for (size_t k = 1; k <= L; k++) {
                double m2 = cblas_ddot((int)bc_mlp_layer_size(net, k), x->g[k], 1, x->g[k], 1);
                fprintf(f.fp, "%zu,%zu,%.8e,%.8e\n", t, k, x->sq[k] / m2, loss);
            }
        }
        if (t == steps)
            break;
        for (size_t b = 0; b < B; b++)
            x->idx[b] = bc_rng_index(x->r, x->ds.n);
        batch_grads(net, &x->ds, x->idx, B, &x->s, x->g, x->gi, x->sq, x->nrm, NULL);
        for (size_t k = 1; k <= L; k++)
            for (size_t i = 0; i < bc_mlp_layer_size(net, k); i++) {
                double vn = net->W[k - 1][i] - lr * x->g[k][i];
                net->W[k - 1][i] = vn + beta * (vn - x->v[k][i]);
                x->v[k][i] = vn;
            }
    }
    if (bc_io_atomic_commit(&f) != 0)
        return 5;
    printf("clars_network: wrote %s\n", path);
    return 0;
}

/* 2. LARS with warmup against CLARS without: DIR/clars_warmup.csv. The
 * paper's settings: gamma_base = 0.1, B_base = 128; eta = 0.001 for LARS
 * (Section 3.3) and eta = 0.01 for CLARS (Algorithm 1). 0, or 5. */
static int warmup_compare(net_exp *x, const char *out, int quick)
{
    char path[4096];
    bc_atomic_file f;
    snprintf(path, sizeof path, "%s/clars_warmup.csv", out);
    if (bc_io_atomic_open(&f, path) != 0)
        return 5;
    fprintf(f.fp, "method,step,loss,accuracy\n");
    struct {
        const char *name;
        int clars;
        size_t warmup;
        double eta;
    } methods[] = {{"LARS no-warmup", 0, 0, 0.001},   {"LARS warmup-20", 0, 20, 0.001},
                   {"LARS warmup-100", 0, 100, 0.001}, {"CLARS no-warmup", 1, 0, 0.01},
                   {"CLARS eta-of-LARS", 1, 0, 0.001}};
    bc_mlp *net = x->net;
    size_t Bl = quick ? 256 : 1024, Tl = quick ? 100 : 300, n = x->ds.n;
    double gamma_scale = 0.1 * (double)Bl / 128.0, beta = 0.9;
    for (size_t m = 0; m < sizeof methods / sizeof *methods; m++) {
        restart(x);
        bc_rng_seed_stream(x->r, 1, "clars_network/batches", 0);  /* the same batches */
        double final = NAN;
        for (size_t t = 0; t <= Tl; t++) {
            if (t % 10 == 0 || t == Tl) {
                size_t correct = 0;
                double loss = batch_grads(net, &x->ds, x->all, n, &x->s, x->g, x->gi, x->sq,
                                          x->nrm, &correct);
                fprintf(f.fp, "%s,%zu,%.8e,%.6f\n", methods[m].name, t, loss,
                        (double)correct / (double)n);
                final = loss;
            }
            if (t == Tl)
                break;
            for (size_t b = 0; b < Bl; b++)
                x->idx[b] = bc_rng_index(x->r, n);
            batch_grads(net, &x->ds, x->idx, Bl, &x->s, x->g, x->gi, x->sq, x->nrm, NULL);
            double wu = methods[m].warmup ? fmin(1.0, (double)(t + 1) / (double)methods[m].warmup) : 1.0;
            for (size_t k = 1; k <= L; k++) {
                size_t sz = bc_mlp_layer_size(net, k);
                double wn = cblas_dnrm2((int)sz, net->W[k - 1], 1);
                double den = methods[m].clars ? x->nrm[k] : cblas_dnrm2((int)sz, x->g[k], 1);
                double gk = den > 0.0 ? wu * gamma_scale * methods[m].eta * wn / den : 0.0;
                for (size_t i = 0; i < sz; i++) {
                    double vn = net->W[k - 1][i] - gk * x->g[k][i];
                    net->W[k - 1][i] = vn + beta * (vn - x->v[k][i]);
                    x->v[k][i] = vn;
                }
            }
        }
        printf("  %-20s eta %-6g final training loss %.5f%s\n", methods[m].name, methods[m].eta,
               final, isfinite(final) ? "" : " (diverged)");
    }
    if (bc_io_atomic_commit(&f) != 0)
        return 5;
    printf("clars_network: B = %zu, gamma_scale = %g, beta = %g; wrote %s\n", Bl, gamma_scale,
           beta, path);
    return 0;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    bc_exp_args ea = {.out = "results", .tag = NULL};
    if (bc_exp_parse("clars_network", argc, argv, NULL, NULL, &ea) != 0)
        return 2;
    static net_exp x;
    setup_exp(&x, ea.quick);
    if (mk_over_training(&x, ea.out, ea.quick) != 0 || warmup_compare(&x, ea.out, ea.quick) != 0)
        return 5;
    return 0;
}
