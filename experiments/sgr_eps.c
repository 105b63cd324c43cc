/* sgr_eps.c -- ||eps|| over training: local learning, SGR, backpropagation.
 *
 * Seed 002's Theorem 3.3 says the last layer's loss converges up to the
 * accumulated ||eps||^2, eps_k = grad_{theta_k} L_L - (the direction layer k
 * actually follows). This experiment trains a small ReLU network (L layers,
 * an ETF cross-entropy head on every layer, problems/mlp.h, kernels/etf.h)
 * by full-batch gradient descent on synthetic Gaussian-blob data, three ways:
 *   bp     every layer follows grad_{theta_k} L_L          (eps = 0)
 *   local  layer k follows its own head's gradient grad_{theta_k} L_k
 *   sgr    layer k >= 2 follows grad_{theta_k} (L_k + lambda L_k^SGR),
 *          Eqs. (5)-(6) (algorithms/sgr.h); layer 1 as in local
 * (one run per lambda in lambdas=...) and writes, per iteration, ||eps_k||
 * for k < L, the discord ||grad_k L_L - grad_k L_k||, the SGR terms, and the
 * last layer's loss and accuracy (batch means). data=FILE.csv trains on a
 * real data set instead (label = class index in the last column; columns
 * standardised), e.g. data/wine_data.csv data-header=1.
 * Writes DIR/sgr_eps_<tag>.csv and DIR/sgr_eps_<tag>.gp (the mode list and
 * a title for plots/sgr_eps.gp).
 *
 * usage: sgr_eps [--out DIR] [--quick] [--tag NAME] [name=value ...]
 *   names: L d d0 K n iters lr lambdas seed data data-header
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "algorithms/sgr.h"
#include "core/io.h"
#include "core/params.h"
#include "experiments/args.h"
#include "core/rng.h"
#include "problems/dataset.h"
#include "kernels/etf.h"
#include "problems/mlp.h"
#define BC_OWNED_WANT_TYPES
#include "experiments/owned.h"

static const bc_param_spec params[] = {
    {"L", BC_PARAM_INT, "3", 2, 8, 0, NULL, "layers", BC_CLAIM_FIXED("an experiment's setting")},
    {"d", BC_PARAM_INT, "32", 2, 1024, 0, NULL, "width", BC_CLAIM_FIXED("an experiment's setting")},
    {"d0", BC_PARAM_INT, "10", 1, 1024, 0, NULL, "input dimension", BC_CLAIM_FIXED("an experiment's setting")},
    {"K", BC_PARAM_INT, "4", 2, 64, 0, NULL, "classes", BC_CLAIM_FIXED("an experiment's setting")},
    {"n", BC_PARAM_INT, "256", 4, 100000, 0, NULL, "samples", BC_CLAIM_FIXED("an experiment's setting")},
    {"iters", BC_PARAM_INT, "400", 1, 1000000, 0, NULL, "gradient steps", BC_CLAIM_FIXED("an experiment's setting")},
    {"lr", BC_PARAM_REAL, "0.2", 0, 100, 1, NULL, "step size", BC_CLAIM_FIXED("an experiment's setting")},
    {"lambdas", BC_PARAM_PATH, "0.1,1,10", 0, 0, 0, NULL, "SGR weights, comma-separated", BC_CLAIM_FIXED("an experiment's setting")},
    {"seed", BC_PARAM_INT, "1", 0, 9007199254740992.0, 0, NULL, "seed of data and init", BC_CLAIM_FIXED("an experiment's setting")},
    {"data", BC_PARAM_PATH, "", 0, 0, 0, NULL, "CSV data (class index last); empty: synthetic", BC_CLAIM_FIXED("an experiment's setting")},
    {"data-header", BC_PARAM_INT, "0", 0, 1e6, 0, NULL, "header lines of the CSV", BC_CLAIM_FIXED("an experiment's setting")},
};
#define NP (sizeof params / sizeof params[0])

#define MAX_MODES 10
enum { MODE_BP, MODE_LOCAL, MODE_SGR };

/* The data: a CSV file (standardised, class index last), or K Gaussian
 * blobs from r. Sets *n, *d0, *K from the file. 0, or 2 after one line. */
static int load_data(const bc_params *p, gsl_rng *r, double **Xp, size_t **Yp, size_t *n,
                     size_t *d0, size_t *K)
{
    char msg[512];
    const char *data = bc_params_str(p, "data");
    if (data[0] != '\0') {
        bc_dataset *ds;
        if (bc_dataset_load_csv(data, (size_t)bc_params_int(p, "data-header"), &ds, msg, sizeof msg)
                != 0
            || bc_dataset_standardize(ds, msg, sizeof msg) != 0
            || bc_dataset_class_labels(ds, K, msg, sizeof msg) != 0) {
            fprintf(stderr, "sgr_eps: %s\n", msg);
            bc_dataset_free(ds);
            return 2;
        }
        *n = ds->n;
        *d0 = ds->d;
        *Xp = BC_OWN(ds->X);
        ds->X = NULL;
        *Yp = BC_OWN(malloc(*n * sizeof **Yp));
        for (size_t s2 = 0; s2 < *n; s2++)
            (*Yp)[s2] = (size_t)ds->y[s2];
        bc_dataset_free(ds);
        return 0;
    }
    /* K Gaussian blobs */
    double *X = BC_OWN(malloc(*n * *d0 * sizeof *X));
    size_t *Y = BC_OWN(malloc(*n * sizeof *Y));
    double *mu = BC_OWN(malloc(*K * *d0 * sizeof *mu));
    for (size_t i = 0; i < *K * *d0; i++)
        mu[i] = gsl_ran_gaussian(r, 1.0);
    for (size_t s2 = 0; s2 < *n; s2++) {
        Y[s2] = s2 % *K;
        for (size_t j = 0; j < *d0; j++)
            X[s2 * *d0 + j] = mu[Y[s2] * *d0 + j] + gsl_ran_gaussian(r, 1.0);
    }
    *Xp = X;
    *Yp = Y;
    return 0;
}

/* The network's fixed parts and one pass's buffers, per layer k = 0..L:
 * activations xs, derivatives D, backpropagated G, heads' gradients hk,
 * and the gradients of the global loss (gG), the local heads (gL) and SGR
 * (gS) for every layer's weights. */
typedef struct {
    size_t L, d, d0, K, n;
    const double *X;
    const size_t *Y;
    double *M[BC_MLP_MAX_LAYERS + 1];
    double *xs[BC_MLP_MAX_LAYERS + 1], *D[BC_MLP_MAX_LAYERS + 1], *G[BC_MLP_MAX_LAYERS + 1];
    double *hk[BC_MLP_MAX_LAYERS + 1];
    double *gG[BC_MLP_MAX_LAYERS + 1], *gL[BC_MLP_MAX_LAYERS + 1], *gS[BC_MLP_MAX_LAYERS + 1];
    double *z, *pr, *work;
} passes;

static void passes_alloc(passes *q)
{
    size_t big = q->d > q->d0 ? q->d : q->d0, d = q->d, K = q->K;
    for (size_t k = 0; k <= q->L; k++) {
        q->xs[k] = BC_OWN(malloc(big * sizeof(double)));
        q->D[k] = BC_OWN(malloc(big * sizeof(double)));
        q->G[k] = BC_OWN(malloc(big * sizeof(double)));
        q->hk[k] = BC_OWN(malloc(big * sizeof(double)));
        q->gG[k] = BC_OWN(malloc(d * big * sizeof(double)));
        q->gL[k] = BC_OWN(malloc(d * big * sizeof(double)));
        q->gS[k] = BC_OWN(malloc(d * big * sizeof(double)));
    }
    q->z = BC_OWN(malloc(K * sizeof *q->z));
    q->pr = BC_OWN(malloc(K * sizeof *q->pr));
    q->work = BC_OWN(malloc((4 * big + 3 * K) * sizeof *q->work));
}

/* One full-batch pass: every layer's global, local and SGR gradients
 * (gG, gL, gS), the last head's loss and accuracy, and the SGR terms. */
static void one_pass(const bc_mlp *net, passes *q, double *loss, size_t *correct, double *sgr)
{
    size_t L = q->L, d = q->d, K = q->K, n = q->n, d0 = q->d0;
    for (size_t k = 1; k <= L; k++) {
        size_t sz = bc_mlp_layer_size(net, k);
        memset(q->gG[k], 0, sz * sizeof(double));
        memset(q->gL[k], 0, sz * sizeof(double));
        memset(q->gS[k], 0, sz * sizeof(double));
    }
    *loss = 0.0;
    *correct = 0;
    for (size_t s = 0; s < n; s++) {
        memcpy(q->xs[0], q->X + s * d0, d0 * sizeof(double));
        bc_mlp_forward(net, q->xs, q->D);
        /* every head's gradient w.r.t. its layer's output */
        for (size_t k = 1; k <= L; k++) {
            bc_etf_logits(q->M[k], K, d, q->xs[k], q->z);
            if (k == L) {
                *loss += bc_etf_ce(q->z, K, q->Y[s]);
                size_t am = 0;
                for (size_t c = 1; c < K; c++)
                    if (q->z[c] > q->z[am])
                        am = c;
                *correct += am == q->Y[s];
            }
            bc_etf_softmax(q->z, K, q->pr);
            q->pr[q->Y[s]] -= 1.0;
            cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)d, (int)K, 1.0, q->M[k], (int)K, q->pr,
                        1, 0.0, q->hk[k], 1);
        }
        /* global: backpropagate L_L */
        memcpy(q->G[L], q->hk[L], d * sizeof(double));
        for (size_t k = L; k >= 1; k--) {
            bc_mlp_back(net, k, q->xs, q->D, q->G[k], 1.0 / (double)n, q->gG[k],
                        k > 1 ? q->G[k - 1] : NULL, q->work);
            bc_mlp_back(net, k, q->xs, q->D, q->hk[k], 1.0 / (double)n, q->gL[k], NULL, q->work);
            if (k == 1)
                break;
        }
        /* SGR on layers k >= 2: target = layer k-1's local gradient */
        for (size_t k = 2; k <= L; k++)
            sgr[k] += bc_sgr_layer(net, k, q->xs, q->D, q->M[k], K, q->Y[s], q->hk[k - 1],
                                   1.0 / (double)n, q->gS[k], q->work) / (double)n;
    }
}

/* Every layer's ||eps|| (the step's distance from the global gradient)
 * and ||grad global - grad local||; the step itself when step != 0. */
static void step_layers(bc_mlp *net, const passes *q, int mode, double lambda, double lr,
                        int step, double *eps, double *disc)
{
    for (size_t k = 1; k <= q->L; k++) {
        size_t sz = bc_mlp_layer_size(net, k);
        double se = 0.0, sd = 0.0;
        for (size_t i = 0; i < sz; i++) {
            double dir = mode == MODE_BP ? q->gG[k][i]
                         : q->gL[k][i] + (mode == MODE_SGR && k >= 2 ? lambda * q->gS[k][i] : 0.0);
            double dg = q->gG[k][i] - q->gL[k][i];
            se += (q->gG[k][i] - dir) * (q->gG[k][i] - dir);
            sd += dg * dg;
            if (step)
                net->W[k - 1][i] -= lr * dir;
        }
        eps[k] = sqrt(se);
        disc[k] = sqrt(sd);
    }
}

/* The gnuplot include: the modes and the run's title. */
static int write_gp(const char *out, const char *tag, char names[][32], int nmodes,
                    const char *title)
{
    char path[4096];
    bc_atomic_file f;
    snprintf(path, sizeof path, "%s/sgr_eps_%s.gp", out, tag);
    if (bc_io_atomic_open(&f, path) != 0)
        return 5;
    fprintf(f.fp, "# written by experiments/sgr_eps\nmodes = \"");
    for (int mi = 0; mi < nmodes; mi++)
        fprintf(f.fp, "%s%s", mi ? " " : "", names[mi]);
    fprintf(f.fp, "\"\nrun_title = \"%s\"\n", title);
    return bc_io_atomic_commit(&f) != 0 ? 5 : 0;
}

int main(int argc, char **argv)
{
    char msg[512];
    bc_params p;
    gsl_set_error_handler_off();
    bc_params_init(&p, params, NP, msg, sizeof msg);
    bc_exp_args ea = {.out = "results", .tag = "synthetic"};
    if (bc_exp_parse("sgr_eps", argc, argv, &p, "iters=150 n=128", &ea) != 0)
        return 2;
    const char *out = ea.out, *tag = ea.tag;
    passes q = {.L = (size_t)bc_params_int(&p, "L"), .d = (size_t)bc_params_int(&p, "d"),
                .d0 = (size_t)bc_params_int(&p, "d0"), .K = (size_t)bc_params_int(&p, "K"),
                .n = (size_t)bc_params_int(&p, "n")};
    size_t L = q.L, d = q.d, iters = (size_t)bc_params_int(&p, "iters");
    double lr = bc_params_real(&p, "lr");
    uint64_t seed = (uint64_t)bc_params_int(&p, "seed");

    /* the modes: bp, local, then SGR for each lambda */
    int nmodes = 2, kind[MAX_MODES] = {MODE_BP, MODE_LOCAL};
    double lam[MAX_MODES] = {0, 0};
    char names[MAX_MODES][32] = {"bp", "local"};
    size_t nl;
    if (bc_exp_list("sgr_eps", "lambdas", bc_params_str(&p, "lambdas"), lam + 2, MAX_MODES - 2, 0,
                    1, &nl) != 0)
        return 2;
    for (size_t l = 0; l < nl; l++) {
        kind[nmodes] = MODE_SGR;
        snprintf(names[nmodes++], sizeof names[0], "sgr_%g", lam[2 + l]);
    }

    gsl_rng *r = bc_own(bc_rng_alloc(), bc_owned_rng);
    bc_rng_seed_stream(r, seed, "sgr_eps/data", 0);
    double *X;
    size_t *Y;
    if (load_data(&p, r, &X, &Y, &q.n, &q.d0, &q.K) != 0)
        return 2;
    q.X = X;
    q.Y = Y;
    if (d + 1 < q.K) {
        fprintf(stderr, "sgr_eps: the ETF heads need d >= K - 1 (d=%zu, K=%zu)\n", d, q.K);
        return 2;
    }
    size_t dims[BC_MLP_MAX_LAYERS + 1];
    dims[0] = q.d0;
    for (size_t k = 1; k <= L; k++)
        dims[k] = d;
    for (size_t k = 1; k <= L; k++) {
        q.M[k] = BC_OWN(malloc(d * q.K * sizeof(double)));
        bc_etf_build(q.K, d, r, q.M[k]);
    }
    bc_mlp *init = bc_own(bc_mlp_alloc(L, dims, BC_ACT_RELU), bc_owned_mlp);
    bc_mlp_init(init, r);

    char path[4096];
    snprintf(path, sizeof path, "%s/sgr_eps_%s.csv", out, tag);
    bc_atomic_file f;
    if (bc_io_atomic_open(&f, path) != 0) {
        fprintf(stderr, "sgr_eps: cannot write '%s'\n", path);
        return 2;
    }
    fprintf(f.fp, "mode,iter,loss_last,acc_last,eps_1,eps_2,discord_1,discord_2,sgr_2,sgr_3\n");
    passes_alloc(&q);
    double final_loss[MAX_MODES], final_eps[MAX_MODES];
    for (int mi = 0; mi < nmodes; mi++) {
        bc_mlp *net = bc_own(bc_mlp_alloc(L, dims, BC_ACT_RELU), bc_owned_mlp);
        for (size_t k = 1; k <= L; k++)
            memcpy(net->W[k - 1], init->W[k - 1], bc_mlp_layer_size(net, k) * sizeof(double));
        for (size_t it = 0; it <= iters; it++) {
            double loss, sgr[BC_MLP_MAX_LAYERS + 1] = {0};
            double eps[BC_MLP_MAX_LAYERS + 1] = {0}, disc[BC_MLP_MAX_LAYERS + 1] = {0};
            size_t correct;
            one_pass(net, &q, &loss, &correct, sgr);
            step_layers(net, &q, kind[mi], lam[mi], lr, it < iters, eps, disc);
            fprintf(f.fp, "%s,%zu,%.10e,%.6f,%.10e,%.10e,%.10e,%.10e,%.10e,%.10e\n",
                    names[mi], it, loss / (double)q.n, (double)correct / (double)q.n, eps[1],
                    L > 2 ? eps[2] : 0.0, disc[1], L > 2 ? disc[2] : 0.0, sgr[2],
                    L > 2 ? sgr[3] : 0.0);
            if (!isfinite(loss)) {
                fprintf(stderr, "sgr_eps: %s diverged at iteration %zu\n", names[mi], it);
                bc_io_atomic_abort(&f);
                return 5;
            }
            final_loss[mi] = loss / (double)q.n;
            final_eps[mi] = eps[1];
        }
    }
    if (bc_io_atomic_commit(&f) != 0)
        return 5;
    const char *data = bc_params_str(&p, "data");
    char title[512];
    snprintf(title, sizeof title, "%s: L=%zu d=%zu K=%zu n=%zu, full-batch GD lr=%g, seed %llu",
             data[0] ? data : "synthetic blobs", L, d, q.K, q.n, lr, (unsigned long long)seed);
    if (write_gp(out, tag, names, nmodes, title) != 0)
        return 5;
    printf("sgr_eps: %s -> %s/sgr_eps_%s.csv\n", title, out, tag);
    for (int mi = 0; mi < nmodes; mi++)
        printf("  %-9s final last-layer loss %.5f   ||eps_1|| %.3e\n", names[mi], final_loss[mi],
               final_eps[mi]);
    return 0;
}
