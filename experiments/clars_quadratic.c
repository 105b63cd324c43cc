/* clars_quadratic.c -- two experiments of seed 001 on block quadratics
 * (problems/blockquad.h), whose layer constants are exact.
 *
 * 1. Layer-wise step-size upper bound (the paper's Fig. 1 analogue): for
 *    each layer k, the largest step gamma_k at which deterministic gradient
 *    descent stays stable when every other layer keeps gamma_j = 1/(8 L_j),
 *    found by bisection on divergence (the loss after `steps` iterations
 *    above 10 times the start), next to 1/L_k and 2/L_k.
 *    -> DIR/clars_stepsize.csv
 * 2. Linear scaling (Corollary 2): T B fixed, B = 1, 2, 4, ...: the measured
 *    (1/T) sum_t sum_k q_k E||grad_k f(w_t)||^2 of mNAG with the corollary's
 *    gamma, next to the corollary's bound, whose variance term scales as
 *    1/sqrt(T B). -> DIR/clars_scaling.csv and clars_scaling_fit.gp
 *
 * usage: clars_quadratic [--out DIR] [--quick] [--threads N]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "algorithms/layerwise.h"
#include "core/io.h"
#include "core/params.h"
#include "experiments/args.h"
#include "core/rng.h"
#include "core/runner.h"
#include "core/stats.h"
#include "proofs_checks/checks.h"
#include "problems/blockquad.h"

/* deterministic layer-wise GD from w0; 1 when it diverges */
static int diverges(const bc_blockquad *p, const double *gam, const double *w0, size_t steps,
                    double *w, double *g)
{
    double f0 = bc_blockquad_value(p, w0);
    memcpy(w, w0, p->d * sizeof *w);
    for (size_t t = 0; t < steps; t++) {
        bc_blockquad_grad(p, w, g);
        for (size_t k = 0; k < p->K; k++)
            for (size_t j = p->start[k]; j < p->start[k + 1]; j++)
                w[j] -= gam[k] * g[j];
    }
    double f = bc_blockquad_value(p, w);
    return !isfinite(f) || f - f0 > 10.0 * fabs(f0) + 1.0;
}

/* 1. The largest stable step per layer (bisection on divergence, the
 * other layers at 1/(8 L_k)): DIR/clars_stepsize.csv. 0, or 5. */
static int stable_steps(const char *out, int quick)
{
    char path[4096];
    bc_atomic_file f;
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 7, "clars/stepsize", 0);   /* K = 8 layers, curvature spread 100 */
    size_t K = 8;
    bc_blockquad *p = bc_blockquad_alloc(64, K, 1, 8, r);
    bc_blockquad_random(p, 100.0, 0.05, 0.0, 0, r);
    bc_bq_constants c;
    if (p == NULL || bc_blockquad_constants(p, &c) != 0) {
        fprintf(stderr, "clars_quadratic: cannot build the instance\n");
        return 5;
    }
    double *w0 = malloc(p->d * sizeof *w0), *w = malloc(p->d * sizeof *w);
    double *g = malloc(p->d * sizeof *g), gam[64];
    for (size_t j = 0; j < p->d; j++)
        w0[j] = gsl_ran_gaussian(r, 1.0);
    snprintf(path, sizeof path, "%s/clars_stepsize.csv", out);
    if (bc_io_atomic_open(&f, path) != 0)
        return 5;
    fprintf(f.fp, "layer,size,L_k,inv_L_k,two_over_L_k,largest_stable\n");
    size_t steps = quick ? 200 : 1000;
    for (size_t k = 0; k < K; k++) {
        for (size_t j = 0; j < K; j++)
            gam[j] = 1.0 / (8.0 * c.Lk[j]);
        double lo = 0.0, hi = 100.0 / c.Lk[k];
        for (int it = 0; it < 40; it++) {
            gam[k] = 0.5 * (lo + hi);
            if (diverges(p, gam, w0, steps, w, g))
                hi = gam[k];
            else
                lo = gam[k];
        }
        fprintf(f.fp, "%zu,%zu,%.10g,%.10g,%.10g,%.10g\n", k + 1, p->start[k + 1] - p->start[k],
                c.Lk[k], 1.0 / c.Lk[k], 2.0 / c.Lk[k], lo);
        printf("layer %zu: L_k = %.4g, largest stable step %.4g = %.3f / L_k\n", k + 1, c.Lk[k],
               lo, lo * c.Lk[k]);
    }
    if (bc_io_atomic_commit(&f) != 0)
        return 5;
    printf("clars_quadratic: L_g = %.4g; wrote %s\n", c.Lg, path);
    bc_blockquad_constants_free(&c);
    bc_blockquad_free(p);
    free(w0);
    free(w);
    free(g);
    gsl_rng_free(r);

    return 0;
}

/* 2. Linear scaling at fixed T B: Corollary 2 over B = 1, 2, 4, ...,
 * DIR/clars_scaling.csv; the log-log points into xs, ys (LHS), rs (RHS).
 * 0, or 5. */
static int scaling(const char *out, int quick, int threads, double *xs, double *ys, double *rs,
                   size_t *npts, size_t *TBp)
{
    char path[4096];
    bc_atomic_file f;
    const bc_check *chk = bc_registry_find("clars.cor2");
    bc_params prm;
    bc_run_opts o;
    char msg[512];
    bc_params_init(&prm, chk->params, chk->nparams, msg, sizeof msg);
    bc_params_apply_profile(&prm, "strict=0 init-scale=0.1 noise=3", msg, sizeof msg);
    bc_run_opts_default(&o);
    o.quiet = 1;
    o.threads = threads;
    o.trials = quick ? 30 : 100;
    size_t TB = quick ? 4096 : 16384, Bmax = quick ? 64 : 256;
    snprintf(path, sizeof path, "%s/clars_scaling.csv", out);
    if (bc_io_atomic_open(&f, path) != 0)
        return 5;
    fprintf(f.fp, "B,T,lhs,lower,upper,rhs,opt_term,var_term,verdict\n");
    size_t nfit = 0;
    for (size_t B = 1; B <= Bmax; B *= 2) {
        char v[32];
        bc_record rec;
        snprintf(v, sizeof v, "%zu", B);
        bc_params_set(&prm, "B", v, msg, sizeof msg);
        snprintf(v, sizeof v, "%zu", TB / B);
        bc_params_set(&prm, "T", v, msg, sizeof msg);
        int code = bc_runner_run(chk, &prm, &o, &rec, msg, sizeof msg);
        if (code == BC_USAGE || code == BC_FAILED) {
            fprintf(stderr, "clars_quadratic: B=%zu: %s%s\n", B, msg, rec.failure);
            return 5;
        }
        const bc_quantity *q = &rec.q[0];
        double opt = q->terms[0].value, var = q->nterms > 1 ? q->terms[1].value : 0.0;
        fprintf(f.fp, "%zu,%zu,%.10e,%.10e,%.10e,%.10e,%.10e,%.10e,%s\n", B, TB / B, q->ci.mean,
                q->ci.lower, q->ci.upper, q->rhs, opt, var, bc_verdict_name(rec.verdict));
        printf("B=%-4zu T=%-6zu LHS %.4e  RHS %.4e  %s\n", B, TB / B, q->ci.mean, q->rhs,
               bc_verdict_name(rec.verdict));
        xs[nfit] = log((double)B);
        ys[nfit] = log(q->ci.mean);
        rs[nfit++] = log(q->rhs);
        bc_record_release(&rec);
    }
    if (bc_io_atomic_commit(&f) != 0)
        return 5;
    *npts = nfit;
    *TBp = TB;
    return 0;
}

/* The slopes in log B, overall and per window: the fit file and stdout. */
static int slopes(const char *out, const double *xs, const double *ys, const double *rs,
                  size_t nfit, size_t TB)
{
    char path[4096];
    bc_atomic_file f;
    double sl, ic, sr, icr;
    bc_stats_fit_line(xs, ys, nfit, &sl, &ic);
    bc_stats_fit_line(xs, rs, nfit, &sr, &icr);
    snprintf(path, sizeof path, "%s/clars_scaling_fit.gp", out);
    if (bc_io_atomic_open(&f, path) != 0)
        return 5;
    fprintf(f.fp, "# written by experiments/clars_quadratic: slopes in log B at fixed T B = %zu\n"
                  "slope_lhs = %.6g\nslope_rhs = %.6g\n", TB, sl, sr);
    if (bc_io_atomic_commit(&f) != 0)
        return 5;
    printf("clars_quadratic: at fixed T B = %zu, log-log slope in B: measured %.3f, bound %.3f\n",
           TB, sl, sr);
    double ws[2], wse[2];
    int dep = bc_stats_fit_windows(xs, ys, nfit, ws, wse);
    if (dep < 0)
        printf("clars_quadratic: %zu batch sizes, too few to test the slope's dependence on the "
               "window\n", nfit);
    else
        printf("clars_quadratic: measured slope %.3f (se %.2g) on the smaller B, %.3f (se %.2g) on "
               "the larger: %s\n", ws[0], wse[0], ws[1], wse[1],
               dep ? "WINDOW-DEPENDENT (not one power of B)" : "consistent within their standard errors");
    return 0;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    bc_exp_args ea = {.out = "results", .tag = NULL};
    if (bc_exp_parse("clars_quadratic", argc, argv, NULL, NULL, &ea) != 0)
        return 2;
    double xs[32], ys[32], rs[32];
    size_t nfit, TB;
    if (stable_steps(ea.out, ea.quick) != 0
        || scaling(ea.out, ea.quick, ea.threads, xs, ys, rs, &nfit, &TB) != 0
        || slopes(ea.out, xs, ys, rs, nfit, TB) != 0)
        return 5;
    return 0;
}
