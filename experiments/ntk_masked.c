/* ntk_masked.c -- Algorithm 1 of seed 003 (training with randomly masked
 * neurons, algorithms/masked.h) and the paper's Fig. 2, on a
 * one-hidden-layer ReLU network, rows normalised to unit norm (real data:
 * columns standardised first) and |y| <= 1:
 *   (a) the three loss dynamics -- after sampling (the subnetworks' loss
 *       before their local steps), after the local steps, and the full
 *       model after aggregation -- as the log of their mean and variance
 *       over independent runs, against the global iteration;
 *   (b) the error region (the full loss averaged over the last fifth of
 *       the iterations) against p and xi, Bernoulli masks, tau = 1;
 *   (c) the same against p and tau, categorical masks (independent
 *       subnet training, xi = 1/p).
 * Writes DIR/ntk_masked_<tag>_dynamics.csv, _bernoulli.csv, _categorical.csv.
 *
 * usage: ntk_masked [--out DIR] [--quick | --full] [--tag NAME] [name=value ...]
 *   names: data data-header data-rows n d m K eta runs seed
 * --full is the paper's size for Fig. 2: n = 100 samples, m = 4000 neurons,
 * K = 200 global iterations (make report FULL=1).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "algorithms/masked.h"
#include "core/io.h"
#include "core/la.h"
#include "kernels/ntk.h"
#include "core/params.h"
#include "experiments/args.h"
#include "core/rng.h"
#include "problems/dataset.h"

#define BC_OWNED_WANT_RNG
#include "experiments/owned.h"

static const bc_param_spec params[] = {
    {"data", BC_PARAM_PATH, "", 0, 0, 0, NULL, "CSV data (label last); empty: synthetic", BC_CLAIM_FIXED("an experiment's setting")},
    {"data-header", BC_PARAM_INT, "0", 0, 1e6, 0, NULL, "header lines of the CSV", BC_CLAIM_FIXED("an experiment's setting")},
    {"data-rows", BC_PARAM_INT, "100", 0, 1e6, 0, NULL, "first rows of the CSV (0: all)", BC_CLAIM_FIXED("an experiment's setting")},
    {"n", BC_PARAM_INT, "100", 2, 1e5, 0, NULL, "synthetic samples", BC_CLAIM_FIXED("an experiment's setting")},
    {"d", BC_PARAM_INT, "32", 1, 1e4, 0, NULL, "synthetic dimension", BC_CLAIM_FIXED("an experiment's setting")},
    {"m", BC_PARAM_INT, "500", 1, 1e6, 0, NULL, "hidden neurons", BC_CLAIM_FIXED("an experiment's setting")},
    {"K", BC_PARAM_INT, "60", 1, 1e6, 0, NULL, "global iterations", BC_CLAIM_FIXED("an experiment's setting")},
    {"eta-scale", BC_PARAM_REAL, "1", 0, 1e3, 1, NULL,
     "local step size eta = eta-scale / lambda_max(H_inf with xi = 1) of the data", BC_CLAIM_FIXED("an experiment's setting")},
    {"runs", BC_PARAM_INT, "8", 2, 1e4, 0, NULL, "independent runs for (a)", BC_CLAIM_FIXED("an experiment's setting")},
    {"seed", BC_PARAM_INT, "1", 0, 9007199254740992.0, 0, NULL, "seed", BC_CLAIM_FIXED("an experiment's setting")},
};
#define NP (sizeof params / sizeof params[0])

/* the full loss averaged over the last fifth of the iterations */
static double tail_loss(const double *lf, size_t K)
{
    size_t from = K - K / 5, c = 0;
    double s = 0.0;
    for (size_t k = from; k <= K; k++, c++)
        s += lf[k];
    return s / (double)c;
}

/* bc_owned_free for a run's buffers */
static void free_ws(void *w)
{
    bc_masked_ws_free(w);
}

/* What the three parts share: the data, the step, the run's buffers. */
typedef struct {
    bc_masked_data dd;
    size_t K, runs;
    double eta;
    uint64_t seed;
    gsl_rng *r;
    bc_masked_ws *ws;
    bc_masked_trace tr;
    const char *out, *tag;
} masked_exp;

/* The inputs: a CSV file (standardised, unit rows, labels to [-1, 1], the
 * first data-rows rows), or n points on the unit sphere in d dimensions.
 * 0, or 2 after one line. */
static int load_inputs(const bc_params *p, gsl_rng *r, double **Xp, double **yp, size_t *n,
                       size_t *d)
{
    char msg[512];
    const char *data = bc_params_str(p, "data");
    if (data[0] == '\0') {
        *n = (size_t)bc_params_int(p, "n");
        *d = (size_t)bc_params_int(p, "d");
        double *X = BC_OWN(malloc(*n * *d * sizeof *X)), *y = BC_OWN(malloc(*n * sizeof *y));
        for (size_t i = 0; i < *n; i++) {
            gsl_ran_dir_nd(r, *d, X + i * *d);
            y[i] = 2.0 * gsl_rng_uniform(r) - 1.0;
        }
        *Xp = X;
        *yp = y;
        return 0;
    }
    bc_dataset *ds;
    if (bc_dataset_load_csv(data, (size_t)bc_params_int(p, "data-header"), &ds, msg, sizeof msg)
            != 0
        || bc_dataset_standardize(ds, msg, sizeof msg) != 0
        || bc_dataset_unit_rows(ds, msg, sizeof msg) != 0) {
        fprintf(stderr, "ntk_masked: %s\n", msg);
        bc_dataset_free(ds);
        return 2;
    }
    size_t rows = (size_t)bc_params_int(p, "data-rows");
    *n = rows > 0 && rows < ds->n ? rows : ds->n;
    *d = ds->d;
    double *y = BC_OWN(ds->y);
    *Xp = BC_OWN(ds->X);
    ds->X = ds->y = NULL;
    bc_dataset_free(ds);
    /* labels to [-1, 1] (|y| <= C - 1 with C = 2) */
    double lo = y[0], hi = y[0];
    for (size_t i = 0; i < *n; i++) {
        lo = fmin(lo, y[i]);
        hi = fmax(hi, y[i]);
    }
    for (size_t i = 0; i < *n; i++)
        y[i] = hi > lo ? 2.0 * (y[i] - lo) / (hi - lo) - 1.0 : 0.0;
    *yp = y;
    return 0;
}

/* (a) the three dynamics (Bernoulli xi = 0.5, p = 2, tau = 2) over runs
 * seeds: the mean and variance of the log losses per iteration. 0, or 5. */
static int dynamics(masked_exp *x, double *acc)
{
    size_t K = x->K, runs = x->runs;
    bc_masked_params mp = {K, 2, 2, x->eta, 0.5, 1.0, 0};
    const double *lf = x->tr.loss_full, *ls = x->tr.loss_sampled, *ll = x->tr.loss_local;
    for (size_t q = 0; q < runs; q++) {
        bc_rng_seed_stream(x->r, x->seed, "ntk_masked/a", q);
        if (bc_masked_run(&x->dd, &mp, x->r, x->ws, &x->tr) != 0) {
            fprintf(stderr, "ntk_masked: run %zu diverged (eta = %g too large?)\n", q, x->eta);
            return 5;
        }
        for (size_t k = 0; k <= K; k++) {
            double v[3] = {lf[k], k < K ? ls[k] : NAN, k < K ? ll[k] : NAN};
            for (int j = 0; j < 3; j++) {
                acc[(2 * j) * (K + 1) + k] += v[j] / (double)runs;
                acc[(2 * j + 1) * (K + 1) + k] += v[j] * v[j] / (double)runs;
            }
        }
    }
    char path[4096];
    bc_atomic_file f;
    snprintf(path, sizeof path, "%s/ntk_masked_%s_dynamics.csv", x->out, x->tag);
    if (bc_io_atomic_open(&f, path) != 0)
        return 5;
    fprintf(f.fp, "k,logmean_full,logvar_full,logmean_sampled,logvar_sampled,logmean_local,logvar_local\n");
    for (size_t k = 0; k <= K; k++) {
        fprintf(f.fp, "%zu", k);
        for (int j = 0; j < 3; j++) {
            double mean = acc[(2 * j) * (K + 1) + k], sq = acc[(2 * j + 1) * (K + 1) + k];
            double var = (sq - mean * mean) * (double)runs / (double)(runs - 1);
            fprintf(f.fp, ",%.8e,%.8e", log(mean), var > 0 ? log(var) : NAN);
        }
        fprintf(f.fp, "\n");
    }
    return bc_io_atomic_commit(&f) != 0 ? 5 : 0;
}

/* (b) Bernoulli: p x xi, tau = 1; (c) categorical: p x tau. 0, or 5. */
static int scans(masked_exp *x)
{
    const size_t ps[] = {1, 2, 4, 8};
    const double xis[] = {0.1, 0.3, 0.5, 0.7, 0.9};
    const size_t taus[] = {1, 2, 4, 8};
    char path[4096];
    bc_atomic_file f;
    for (int which = 0; which < 2; which++) {
        snprintf(path, sizeof path, "%s/ntk_masked_%s_%s.csv", x->out, x->tag,
                 which == 0 ? "bernoulli" : "categorical");
        if (bc_io_atomic_open(&f, path) != 0)
            return 5;
        fprintf(f.fp, "p,%s,log_error\n", which == 0 ? "xi" : "tau");
        for (size_t pi = 0; pi < 4; pi++) {
            for (size_t j = 0; j < (which == 0 ? 5u : 4u); j++) {
                bc_masked_params q = {x->K, ps[pi], which == 0 ? 1 : taus[j], x->eta,
                                      which == 0 ? xis[j] : 1.0 / (double)ps[pi], 1.0, which};
                bc_rng_seed_stream(x->r, x->seed, "ntk_masked/bc", pi * 16 + j);
                double v = bc_masked_run(&x->dd, &q, x->r, x->ws, &x->tr) == 0
                               ? log(tail_loss(x->tr.loss_full, x->K)) : NAN;
                fprintf(f.fp, "%zu,%g,%.6e\n", ps[pi], which == 0 ? xis[j] : (double)taus[j], v);
            }
            fprintf(f.fp, "\n");  /* gnuplot's blank line between scan lines */
        }
        if (bc_io_atomic_commit(&f) != 0)
            return 5;
    }
    return 0;
}

int main(int argc, char **argv)
{
    char msg[512];
    bc_params p;
    gsl_set_error_handler_off();
    bc_params_init(&p, params, NP, msg, sizeof msg);
    bc_exp_args ea = {.out = "results", .tag = "synthetic", .full = "n=100 data-rows=100 m=4000 K=200"};
    if (bc_exp_parse("ntk_masked", argc, argv, &p, "m=200 K=25 runs=4", &ea) != 0)
        return 2;
    masked_exp x = {.K = (size_t)bc_params_int(&p, "K"), .runs = (size_t)bc_params_int(&p, "runs"),
                    .seed = (uint64_t)bc_params_int(&p, "seed"), .out = ea.out, .tag = ea.tag};
    x.r = bc_own(bc_rng_alloc(), bc_owned_rng);
    bc_rng_seed_stream(x.r, x.seed, "ntk_masked/data", 0);
    size_t n, d, m = (size_t)bc_params_int(&p, "m"), K = x.K;
    double *X, *y;
    if (load_inputs(&p, x.r, &X, &y, &n, &d) != 0)
        return 2;
    /* the step: eta-scale / lambda_max of the kernel (full-network GD is
     * stable for eta < 2 / lambda_max of the finite-width NTK) */
    double *Hk = malloc(n * n * sizeof *Hk), lmax = 1.0;
    bc_ntk_inf_gram(X, n, d, 1.0, Hk);
    if (bc_la_sym_lambda_max(Hk, n, &lmax) != 0 || !(lmax > 0)) {
        fprintf(stderr, "ntk_masked: the kernel's lambda_max could not be computed\n");
        free(Hk);
        return 5;
    }
    free(Hk);
    x.eta = bc_params_real(&p, "eta-scale") / lmax;
    x.dd = (bc_masked_data){n, d, m, X, y};
    x.tr = (bc_masked_trace){BC_OWN(malloc((K + 1) * sizeof(double))),
                             BC_OWN(malloc(K * sizeof(double))), BC_OWN(malloc(K * sizeof(double)))};
    double *acc = BC_OWN(calloc(6 * (K + 1), sizeof *acc));
    /* one run's buffers for every run below (p up to 8) */
    x.ws = bc_own(bc_masked_ws_alloc(n, m, d, 8), free_ws);
    if (x.ws == NULL) {
        fprintf(stderr, "ntk_masked: out of memory\n");
        return 5;
    }
    if (dynamics(&x, acc) != 0 || scans(&x) != 0)
        return 5;
    const char *data = bc_params_str(&p, "data");
    printf("ntk_masked: %s, n=%zu d=%zu m=%zu K=%zu eta=%g (1/lambda_max = %g); wrote "
           "%s/ntk_masked_%s_*.csv\n", data[0] ? data : "synthetic", n, d, m, K, x.eta, 1.0 / lmax,
           x.out, x.tag);
    char path[4096];
    bc_atomic_file f;
    snprintf(path, sizeof path, "%s/ntk_masked_%s.gp", x.out, x.tag);
    if (bc_io_atomic_open(&f, path) == 0) {
        fprintf(f.fp, "run_title = \"%s: n=%zu d=%zu m=%zu K=%zu eta=%.3g\"\n",
                data[0] ? data : "synthetic sphere", n, d, m, K, x.eta);
        bc_io_atomic_commit(&f);
    }
    printf("  (a) full loss: %.4g -> %.4g (mean of %zu runs)\n", acc[0], acc[K], x.runs);
    return 0;
}
