/* dcasgd_delay.c -- sequential SGD, ASGD and DC-ASGD with a fixed delay
 * (seed 004's Fig. 1 analogue) on L2-regularised softmax regression.
 *
 * For each method (SGD = delay 0; ASGD; DC-ASGD-c with constant lambda;
 * DC-ASGD-a with lambda_t = lambda_0 / sqrt(MS + 1e-7)), each delay tau and
 * each lambda, `runs` runs from w = 0 with their own sample streams; every
 * tenth of a pass the optimality gap F(w) - F* is recorded (F* from GSL's
 * BFGS to a gradient norm of 1e-10). The step size is constant,
 * eta = eta-scale / L_2 with L_2 = max ||x||^2 / 2 + rho, the smoothness
 * constant of F (certified: ||Diag(s) - s s^T|| <= 1/2). Lambdas above 1
 * are outside Theorem 3.1's [0, 1] and are marked so in the CSV.
 *
 * Output: dcasgd_delay_<tag>.csv with
 *   method,tau,lambda,in_theory,pass,gap_mean,gap_lo,gap_hi,diverged,runs
 * (the mean over the runs that stayed finite and its 95% t interval; how
 * many of the runs diverged, a finding printed with its Clopper-Pearson
 * interval, never averaged in).
 *
 * usage: dcasgd_delay [--out DIR] [--tag NAME] [--quick] [name=value ...]
 *   names: data data-header n d K rho passes runs taus lambdas eta-scale
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "algorithms/dcasgd.h"
#include "core/io.h"
#include "core/minimize.h"
#include "core/params.h"
#include "experiments/args.h"
#include "core/rng.h"
#include "core/stats.h"
#include "problems/dataset.h"
#include "problems/softmax.h"

static const bc_param_spec params[] = {
    {"data", BC_PARAM_PATH, "", 0, 0, 0, NULL, "CSV (features, integer class last); empty: synthetic", BC_CLAIM_FIXED("an experiment's setting")},
    {"data-header", BC_PARAM_INT, "0", 0, 1e6, 0, NULL, "header lines to skip", BC_CLAIM_FIXED("an experiment's setting")},
    {"n", BC_PARAM_INT, "1000", 2, 1e6, 0, NULL, "synthetic: samples", BC_CLAIM_FIXED("an experiment's setting")},
    {"d", BC_PARAM_INT, "10", 1, 1000, 0, NULL, "synthetic: features", BC_CLAIM_FIXED("an experiment's setting")},
    {"K", BC_PARAM_INT, "4", 2, 100, 0, NULL, "synthetic: classes", BC_CLAIM_FIXED("an experiment's setting")},
    {"rho", BC_PARAM_REAL, "0.01", 1e-8, 1e3, 0, NULL, "L2 regularisation (mu >= rho)", BC_CLAIM_FIXED("an experiment's setting")},
    {"passes", BC_PARAM_INT, "20", 1, 1e4, 0, NULL, "passes over the data", BC_CLAIM_FIXED("an experiment's setting")},
    {"runs", BC_PARAM_INT, "10", 2, 1000, 0, NULL, "runs per setting", BC_CLAIM_FIXED("an experiment's setting")},
    {"taus", BC_PARAM_PATH, "4,16", 0, 0, 0, NULL, "delays (besides 0 for SGD)", BC_CLAIM_FIXED("an experiment's setting")},
    {"lambdas", BC_PARAM_PATH, "0.04,0.5,2", 0, 0, 0, NULL, "lambda (DC-ASGD-c) and lambda_0 (DC-ASGD-a)", BC_CLAIM_FIXED("an experiment's setting")},
    {"eta-scale", BC_PARAM_REAL, "1", 1e-6, 1e3, 0, NULL, "eta = eta-scale / L_2", BC_CLAIM_FIXED("an experiment's setting")},
};
#define NP (sizeof params / sizeof params[0])

typedef struct {
    const bc_softreg *p;
} fctx;

static double fdf(const double *w, double *g, void *ctx)
{
    return bc_softreg_value(((const fctx *)ctx)->p, w, g);
}

static bc_dataset *synthetic(size_t n, size_t d, size_t K)
{
    bc_dataset *ds = bc_dataset_alloc(n, d);
    gsl_rng *r = bc_rng_alloc();
    double *W = malloc(K * d * sizeof *W), *s = malloc(K * sizeof *s);
    if (ds == NULL || r == NULL || W == NULL || s == NULL) {
        bc_dataset_free(ds);
        ds = NULL;
        goto done;
    }
    /* labels from a softmax teacher W* (entries N(0, 1)) on x ~ N(0, I/d) */
    bc_rng_seed_stream(r, 1, "dcasgd_delay/data", 0);
    for (size_t i = 0; i < K * d; i++)
        W[i] = gsl_ran_gaussian_ziggurat(r, 3.0);
    for (size_t i = 0; i < n; i++) {
        double *x = ds->X + i * d, u = gsl_rng_uniform(r), acc = 0.0;
        for (size_t j = 0; j < d; j++)
            x[j] = gsl_ran_gaussian_ziggurat(r, 1.0 / sqrt((double)d));
        bc_softmax_probs(W, K, d, x, s);
        size_t y = 0;
        for (; y + 1 < K; y++) {
            acc += s[y];
            if (u < acc)
                break;
        }
        ds->y[i] = (double)y;
    }
done:
    free(W);
    free(s);
    if (r)
        gsl_rng_free(r);
    return ds;
}

/* The data: a CSV file (standardised, class index last) or synthetic. 0,
 * or 2 after one line. */
static int load_data(const bc_params *p, bc_dataset **ds, size_t *K)
{
    char msg[512];
    const char *path = bc_params_str(p, "data");
    *ds = NULL;
    if (path[0]) {
        if (bc_dataset_load_csv(path, (size_t)bc_params_int(p, "data-header"), ds, msg, sizeof msg)
                != 0
            || bc_dataset_class_labels(*ds, K, msg, sizeof msg) != 0
            || bc_dataset_standardize(*ds, msg, sizeof msg) != 0) {
            fprintf(stderr, "dcasgd_delay: %s\n", msg);
            bc_dataset_free(*ds);
            *ds = NULL;
            return 2;
        }
        return 0;
    }
    *K = (size_t)bc_params_int(p, "K");
    *ds = synthetic((size_t)bc_params_int(p, "n"), (size_t)bc_params_int(p, "d"), *K);
    if (*ds == NULL) {
        fprintf(stderr, "dcasgd_delay: out of memory for the data\n");
        return 2;
    }
    return 0;
}

/* What every setting's runs share. */
typedef struct {
    const bc_softreg *pr;
    const double *w0;
    double Fstar;
    size_t n, runs, nrec;   /* nrec: the gap every tenth of a pass, passes x 10 + 1 */
    gsl_rng *r;
    double *gap;            /* runs x nrec */
} delay_exp;

/* One setting's runs: the gap F(w) - F* every tenth of a pass into x->gap
 * (NaN from where a run diverged). *ndiv: how many diverged. 0, or 2
 * when out of memory. */
static int run_setting(delay_exp *x, const bc_dc_opts *o, size_t *ndiv)
{
    *ndiv = 0;
    for (size_t run = 0; run < x->runs; run++) {
        int diverged = 0;
        bc_dc_run *dr = bc_dc_alloc(x->pr, o, x->w0);
        if (dr == NULL) {
            fprintf(stderr, "dcasgd_delay: out of memory\n");
            return 2;
        }
        bc_rng_seed_stream(x->r, 1, "dcasgd_delay/run", run);
        for (size_t k = 0; k < x->nrec; k++) {
            if (k > 0 && bc_dc_steps(dr, x->n / 10 > 0 ? x->n / 10 : 1, x->r) != 0)
                diverged = 1;
            double gk = diverged ? NAN : bc_softreg_value(x->pr, bc_dc_w(dr), NULL) - x->Fstar;
            diverged |= !isfinite(gk);   /* an overflowed objective diverged too */
            x->gap[run * x->nrec + k] = diverged ? NAN : gk;
        }
        *ndiv += (size_t)diverged;
        bc_dc_free(dr);
    }
    return 0;
}

/* A setting's CSV rows: the mean gap with its 95% t interval over the runs
 * that stayed finite (a diverged run is counted, the fraction a finding,
 * not averaged), and its line on stdout. */
static void setting_rows(const delay_exp *x, FILE *fp, const char *name, const bc_dc_opts *o,
                         size_t ndiv)
{
    size_t runs = x->runs, nrec = x->nrec, kept = runs - ndiv;
    const double *gap = x->gap;
    double tq = kept > 1 ? gsl_cdf_tdist_Qinv(0.025, (double)(kept - 1)) : NAN;
    for (size_t k = 0; k < nrec; k++) {
        double m = 0.0, v = 0.0;
        for (size_t run = 0; run < runs; run++)
            if (!isnan(gap[(run + 1) * nrec - 1]))
                m += gap[run * nrec + k] / (double)kept;
        for (size_t run = 0; run < runs; run++)
            if (!isnan(gap[(run + 1) * nrec - 1]))
                v += (gap[run * nrec + k] - m) * (gap[run * nrec + k] - m);
        double h = tq * sqrt(v / (double)(kept - 1) / (double)kept);
        if (kept == 0)
            m = h = NAN;
        fprintf(fp, "%s,%zu,%g,%d,%.1f,%.10e,%.10e,%.10e,%zu,%zu\n", name, o->tau, o->lambda,
                o->kind == BC_DC_ASGD || o->lambda <= 1.0, (double)k / 10.0, m, m - h, m + h,
                ndiv, runs);
    }
    /* the noise floor: the mean gap over the last pass */
    double last = 0.0, lo = 0.0, hi = 1.0;
    for (size_t run = 0; run < runs; run++)
        for (size_t k = nrec - 10; k < nrec && !isnan(gap[(run + 1) * nrec - 1]); k++)
            last += gap[run * nrec + k] / (double)(10 * kept);
    bc_stats_clopper_pearson(ndiv, runs, 0.025, &lo, &hi);
    if (ndiv == 0) {
        printf("dcasgd_delay: %-10s tau=%-3zu lambda=%-5g mean gap over the last pass %.4e\n",
               name, o->tau, o->lambda, last);
        return;
    }
    char tail[96] = "no run stayed finite";
    if (kept > 0)
        snprintf(tail, sizeof tail, "mean gap over the last pass of the %zu finite runs %.4e",
                 kept, last);
    printf("dcasgd_delay: %-10s tau=%-3zu lambda=%-5g FINDING: %zu of %zu runs diverged "
           "(fraction in [%.3g, %.3g], 95%% Clopper-Pearson); %s\n", name, o->tau, o->lambda,
           ndiv, runs, lo, hi, tail);
}

int main(int argc, char **argv)
{
    char msg[512];
    bc_params p;
    gsl_set_error_handler_off();
    bc_params_init(&p, params, NP, msg, sizeof msg);
    bc_exp_args ea = {.out = "results", .tag = "synthetic"};
    if (bc_exp_parse("dcasgd_delay", argc, argv, &p, "passes=5 runs=3", &ea) != 0)
        return 2;
    const char *out = ea.out, *tag = ea.tag;
    double taus[16], lams[16];
    size_t ntau, nlam;
    if (bc_exp_list("dcasgd_delay", "taus", bc_params_str(&p, "taus"), taus, 16, 0, 0, &ntau) != 0
        || bc_exp_list("dcasgd_delay", "lambdas", bc_params_str(&p, "lambdas"), lams, 16, 0, 0,
                       &nlam) != 0)
        return 2;
    for (size_t k = 0; k < ntau; k++)
        if (taus[k] != floor(taus[k]) || taus[k] < 1 || taus[k] > 1e4) {
            fprintf(stderr, "dcasgd_delay: taus: %g is not an integer in [1, 10000]\n", taus[k]);
            return 2;
        }
    bc_dataset *ds;
    size_t K;
    if (load_data(&p, &ds, &K) != 0)
        return 2;
    bc_softreg pr = {ds, K, bc_params_real(&p, "rho"), NULL, NULL};
    size_t P = K * ds->d, passes = (size_t)bc_params_int(&p, "passes");
    delay_exp x = {.pr = &pr, .n = ds->n, .runs = (size_t)bc_params_int(&p, "runs"),
                   .nrec = 10 * passes + 1};
    double L2 = 0.5 * bc_dataset_max_row_norm2(ds) + pr.rho;
    double eta = bc_params_real(&p, "eta-scale") / L2;
    double *wstar = calloc(P, sizeof *wstar), *w0 = calloc(P, sizeof *w0);
    x.w0 = w0;
    x.gap = malloc(x.runs * x.nrec * sizeof *x.gap);
    x.r = bc_rng_alloc();
    int rc = 0;
    bc_atomic_file f;
    if (!wstar || !w0 || !x.gap || !x.r) {
        fprintf(stderr, "dcasgd_delay: out of memory\n");
        rc = 2;
        goto done;
    }
    fctx fc = {&pr};
    double gn;
    bc_min_bfgs(fdf, &fc, P, wstar, 1e-10, 100000, &x.Fstar, &gn);
    printf("dcasgd_delay: %s: n=%zu d=%zu K=%zu rho=%g L_2=%.4g eta=%.4g F*=%.8g (||grad|| %.1e)\n",
           tag, x.n, ds->d, K, pr.rho, L2, eta, x.Fstar, gn);
    char fpath[4096];
    snprintf(fpath, sizeof fpath, "%s/dcasgd_delay_%s.csv", out, tag);
    if (bc_io_atomic_open(&f, fpath) != 0) {
        fprintf(stderr, "dcasgd_delay: cannot write '%s'\n", fpath);
        rc = 2;
        goto done;
    }
    fprintf(f.fp, "method,tau,lambda,in_theory,pass,gap_mean,gap_lo,gap_hi,diverged,runs\n");
    /* settings: SGD; per tau: ASGD, then DC-ASGD-c and -a per lambda */
    for (size_t ti = 0; ti <= ntau; ti++) {
        size_t tau = ti == 0 ? 0 : (size_t)taus[ti - 1];
        size_t nset = ti == 0 ? 1 : 1 + 2 * nlam;
        for (size_t si = 0; si < nset; si++) {
            bc_dc_opts o = {BC_DC_ASGD, tau, eta, 0.0, 0.95, 0};
            const char *name = ti == 0 ? "SGD" : "ASGD";
            if (si > 0) {
                o.kind = si <= nlam ? BC_DC_CONSTANT : BC_DC_ADAPTIVE;
                o.lambda = lams[(si - 1) % nlam];
                name = o.kind == BC_DC_CONSTANT ? "DC-ASGD-c" : "DC-ASGD-a";
            }
            size_t ndiv;
            if (run_setting(&x, &o, &ndiv) != 0) {
                bc_io_atomic_abort(&f);
                rc = 2;
                goto done;
            }
            setting_rows(&x, f.fp, name, &o, ndiv);
        }
    }
    if (bc_io_atomic_commit(&f) != 0)
        rc = 5;
    else
        printf("dcasgd_delay: wrote %s\n", fpath);
done:
    free(wstar);
    free(w0);
    free(x.gap);
    if (x.r)
        gsl_rng_free(x.r);
    bc_dataset_free(ds);
    return rc;
}
