/* ntk_width.c -- the width Theorem 2 needs, measured.
 *
 * For input sets of n points (on the unit sphere of dimension d, a few data
 * seeds each; and, with data=PATH, the first n rows of a data file, unit
 * rows: the bundled digits set gives n = 100, d = 64) and each mask
 * probability xi, runs check ntk.thm2 at widths m = 1, 2, 4, ... and
 * records m*, the smallest width (doubling, then bisection to 5%) at which
 * the frequency of draws (of W and the mask, at initialisation) with
 * lambda_min(mask o H) < lambda_0/2 is at most delta, with the number of
 * failures and the Clopper-Pearson interval of that frequency at m* (95%,
 * two-sided). Next to it: what the theorem says drives it, n^2/lambda_0^2;
 * the theorem's scale n^2 log(n/delta)/(xi lambda_0^2) (K = p = 1 at
 * initialisation) and the proof's explicit width 8 n^2 log(2 n^2/delta) /
 * lambda_0^2, with the ratios. Then fits (GSL multifit, with standard
 * errors) log m* = c + g log(n^2/(xi lambda_0^2)) over all rows and
 * log m* = c + a log n + b log(1/lambda_0) over the rows of the first xi.
 * Writes DIR/ntk_width.csv and DIR/ntk_width_fit.gp.
 *
 * usage: ntk_width [--out DIR] [--quick] [--threads N] [--shard I/N] [name=value ...]
 *        ntk_width --fit-only [--out DIR]
 *   names: ns seeds d xis delta trials data data-header data-ns
 * A shard runs block I of N of the points and writes
 * DIR/ntk_width.shard-I-of-N.csv; after `boundcheck merge --csv
 * DIR/ntk_width.csv` of the shards, --fit-only writes the fit from it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>

#include "core/io.h"
#include "core/params.h"
#include "core/stats.h"
#include "experiments/args.h"
#include "core/runner.h"
#include "proofs_checks/checks.h"

static const bc_param_spec params[] = {
    {"ns", BC_PARAM_PATH, "4,8,16,32,64", 0, 0, 0, NULL, "n of the sphere sets (comma-separated)", BC_CLAIM_FIXED("an experiment's setting")},
    {"seeds", BC_PARAM_INT, "3", 0, 100, 0, NULL, "sphere sets per n (data seeds 7, 8, ...; 0: none)", BC_CLAIM_FIXED("an experiment's setting")},
    {"d", BC_PARAM_INT, "10", 1, 4096, 0, NULL, "dimension of the sphere sets", BC_CLAIM_FIXED("an experiment's setting")},
    {"xis", BC_PARAM_PATH, "0.5", 0, 0, 0, NULL, "mask probabilities in (0, 1] (comma-separated)", BC_CLAIM_FIXED("an experiment's setting")},
    {"delta", BC_PARAM_REAL, "0.05", 0, 1, 1, NULL, "m*: failure frequency at most delta", BC_CLAIM_FIXED("an experiment's setting")},
    {"trials", BC_PARAM_INT, "100", 10, 1e6, 0, NULL, "draws per width", BC_CLAIM_FIXED("an experiment's setting")},
    {"data", BC_PARAM_PATH, "", 0, 0, 0, NULL, "CSV (or gzip CSV) data set; empty: sphere sets only", BC_CLAIM_FIXED("an experiment's setting")},
    {"data-header", BC_PARAM_INT, "0", 0, 1e6, 0, NULL, "header lines of the data file", BC_CLAIM_FIXED("an experiment's setting")},
    {"data-ns", BC_PARAM_PATH, "25,50,100", 0, 0, 0, NULL, "first rows of the data file to use", BC_CLAIM_FIXED("an experiment's setting")},
};
#define NP (sizeof params / sizeof params[0])
#define MAXLIST 32

/* Runs ntk.thm2 at width m: *failures of the trials. 0, or 5 after one
 * line on stderr. */
static int probe(const bc_check *c, bc_params *p, const bc_run_opts *o, size_t m, double *lambda0,
                 size_t *failures)
{
    char v[64], msg[512];
    bc_record rec;
    snprintf(v, sizeof v, "%zu", m);
    bc_params_set(p, "m", v, msg, sizeof msg);
    int code = bc_runner_run(c, p, o, &rec, msg, sizeof msg);
    if (code == BC_USAGE || code == BC_FAILED) {
        fprintf(stderr, "ntk_width: m=%zu: %s%s\n", m, msg, rec.failure);
        bc_record_release(&rec);
        return 5;
    }
    *lambda0 = bc_record_get(&rec, "lambda_0");
    *failures = rec.q[0].failures;
    bc_record_release(&rec);
    return 0;
}

/* Least squares of y on [1, x_1 .. x_k] (rows r): coefficients and their
 * standard errors in cf[1..k], se[1..k]. 0, or -1 (too few rows). */
static int ols(const double *X, const double *y, size_t rows, size_t k, double *cf, double *se)
{
    if (rows < k + 2)
        return -1;
    gsl_matrix *A = gsl_matrix_alloc(rows, k + 1), *cov = gsl_matrix_alloc(k + 1, k + 1);
    gsl_vector *yv = gsl_vector_alloc(rows), *c = gsl_vector_alloc(k + 1);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(rows, k + 1);
    double chisq;
    int st = -1;
    if (A && cov && yv && c && w) {
        for (size_t r = 0; r < rows; r++) {
            gsl_matrix_set(A, r, 0, 1.0);
            for (size_t j = 0; j < k; j++)
                gsl_matrix_set(A, r, j + 1, X[r * k + j]);
            gsl_vector_set(yv, r, y[r]);
        }
        if (gsl_multifit_linear(A, yv, c, cov, &chisq, w) == GSL_SUCCESS) {
            /* gsl's cov is (A^T A)^-1 scaled by the residual variance */
            double s2 = chisq / (double)(rows - k - 1);
            for (size_t j = 1; j <= k; j++) {
                cf[j] = gsl_vector_get(c, j);
                se[j] = sqrt(gsl_matrix_get(cov, j, j) * (s2 > 0 ? 1.0 : 0.0));
            }
            st = 0;
        }
    }
    gsl_multifit_linear_free(w);
    gsl_matrix_free(A);
    gsl_matrix_free(cov);
    gsl_vector_free(yv);
    gsl_vector_free(c);
    return st;
}

/* Fits over the rows of DIR/ntk_width.csv (the single run's or the merged
 * shards': the same file) and writes DIR/ntk_width_fit.gp. 0, or 5. */
static int fit(const char *out)
{
    char path[4096], line[1024], set[64];
    enum { MAXR = 4096 };
    static double X1[MAXR], X2[2 * MAXR], Y1[MAXR], Y2[MAXR];
    size_t r1 = 0, r2 = 0, n, seed, mstar;
    double lambda0, xi, xi0 = NAN;
    snprintf(path, sizeof path, "%s/ntk_width.csv", out);
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        fprintf(stderr, "ntk_width: cannot read '%s'\n", path);
        return 5;
    }
    while (fgets(line, sizeof line, fp) != NULL && r1 < MAXR)
        if (sscanf(line, "%63[^,],%zu,%zu,%lg,%lg,%zu,", set, &n, &seed, &xi, &lambda0, &mstar) == 6
            && mstar > 0 && lambda0 > 0) {
            double nd = (double)n;
            X1[r1] = log(nd * nd / (xi * lambda0 * lambda0));
            Y1[r1++] = log((double)mstar);
            if (isnan(xi0))
                xi0 = xi;
            if (xi == xi0) {
                X2[2 * r2] = log(nd);
                X2[2 * r2 + 1] = log(1.0 / lambda0);
                Y2[r2++] = log((double)mstar);
            }
        }
    fclose(fp);
    double g[2] = {NAN, NAN}, gse[2] = {NAN, NAN}, ab[3] = {NAN, NAN, NAN}, abse[3] = {NAN, NAN, NAN};
    ols(X1, Y1, r1, 1, g, gse);
    ols(X2, Y2, r2, 2, ab, abse);
    /* does the exponent move with the window? sort by n^2/(xi lambda_0^2) */
    for (size_t i = 1; i < r1; i++)
        for (size_t j = i; j > 0 && X1[j - 1] > X1[j]; j--) {
            double tx = X1[j], ty = Y1[j];
            X1[j] = X1[j - 1];
            Y1[j] = Y1[j - 1];
            X1[j - 1] = tx;
            Y1[j - 1] = ty;
        }
    double ws[2], wse[2];
    int dep = bc_stats_fit_windows(X1, Y1, r1, ws, wse);
    bc_atomic_file f;
    snprintf(path, sizeof path, "%s/ntk_width_fit.gp", out);
    if (bc_io_atomic_open(&f, path) != 0)
        return 5;
    fprintf(f.fp, "# written by experiments/ntk_width: log m* = c + g log(n^2/(xi lambda_0^2)) "
                  "(all rows) and c + a log n + b log(1/lambda_0) (rows of xi = %g), with "
                  "standard errors\n"
                  "exponent_scale = %.6g\nexponent_scale_se = %.6g\n"
                  "exponent_n = %.6g\nexponent_n_se = %.6g\n"
                  "exponent_inv_lambda0 = %.6g\nexponent_inv_lambda0_se = %.6g\n",
            xi0, g[1], gse[1], ab[1], abse[1], ab[2], abse[2]);
    if (bc_io_atomic_commit(&f) != 0)
        return 5;
    if (dep >= 0)
        printf("ntk_width: the exponent on the smaller half of n^2/(xi lambda_0^2) %.3g (se %.2g), "
               "on the larger %.3g (se %.2g): %s\n", ws[0], wse[0], ws[1], wse[1],
               dep ? "WINDOW-DEPENDENT (not one power)" : "consistent within their standard errors");
    printf("ntk_width: fitted m* ~ (n^2/(xi lambda_0^2))^%.3g (se %.2g) over %zu input sets; "
           "m* ~ n^%.3g (se %.2g) (1/lambda_0)^%.3g (se %.2g) over the %zu of xi = %g (the "
           "theorem: n^2 (1/lambda_0)^2, up to logs)\n", g[1], gse[1], r1, ab[1], abse[1], ab[2],
           abse[2], r2, xi0);
    return 0;
}

/* m* for one input set and xi: doubling from m = 1, then bisection between
 * the last failing and the first passing width (frequency <= delta). */
static int measure(const bc_check *c, bc_params *p, const bc_run_opts *o, double delta,
                   size_t mmax, size_t *mstar, size_t *fails, double *lambda0)
{
    size_t lo = 0, f;
    *mstar = 0;
    for (size_t m = 1; m <= mmax && *mstar == 0; m *= 2) {
        if (probe(c, p, o, m, lambda0, &f) != 0)
            return 5;
        if ((double)f <= delta * (double)o->trials) {
            *mstar = m;
            *fails = f;
        } else
            lo = m;
    }
    while (*mstar > 0 && *mstar - lo > 1 && (double)(*mstar - lo) > 0.05 * (double)*mstar) {
        size_t mid = lo + (*mstar - lo) / 2;
        if (probe(c, p, o, mid, lambda0, &f) != 0)
            return 5;
        if ((double)f <= delta * (double)o->trials) {
            *mstar = mid;
            *fails = f;
        } else
            lo = mid;
    }
    return 0;
}

/* What every point of the sweep needs. */
typedef struct {
    const bc_check *c;
    const bc_params *ep;
    const bc_exp_args *ea;
    const double *ns, *dns, *xis;
    size_t nn, nxi, seeds, trials;
    double delta;
    size_t mmax;
    const char *data;
} width_sweep;

/* Point k of the sweep (a data set, then xi): ntk.thm2's parameters,
 * m* = the least width whose failure frequency is at most delta, its row
 * in the CSV and its line on stdout. 0, 2 for bad data, 5 for a failed
 * run. */
static int one_point(const width_sweep *w, size_t k, FILE *fp)
{
    char msg[512], v[64];
    size_t set = k / w->nxi, seed = 7;
    double xi = w->xis[k % w->nxi];
    int sphere = set < w->nn * w->seeds;
    size_t n = (size_t)(sphere ? w->ns[set / w->seeds] : w->dns[set - w->nn * w->seeds]);
    bc_params p;
    bc_run_opts o;
    bc_params_init(&p, w->c->params, w->c->nparams, msg, sizeof msg);
    snprintf(v, sizeof v, "%zu", n);
    bc_params_set(&p, sphere ? "n" : "data-rows", v, msg, sizeof msg);
    if (sphere) {
        seed = 7 + set % w->seeds;
        snprintf(v, sizeof v, "%zu", seed);
        bc_params_set(&p, "data-seed", v, msg, sizeof msg);
        bc_params_put_int(&p, "d", bc_params_int(w->ep, "d"));
    } else if (bc_params_set(&p, "data", w->data, msg, sizeof msg) != 0
               || bc_params_set(&p, "data-header", bc_params_str(w->ep, "data-header"), msg,
                                sizeof msg) != 0) {
        fprintf(stderr, "ntk_width: %s\n", bc_io_one_line(msg));
        return 2;
    }
    snprintf(v, sizeof v, "%.17g", xi);
    bc_params_set(&p, "xi", v, msg, sizeof msg);
    bc_run_opts_default(&o);
    o.quiet = 1;
    o.trials = w->trials;
    o.threads = w->ea->threads;
    size_t mstar = 0, fails = 0, trials = w->trials;
    double lambda0 = NAN, lo = 0, hi = 1, delta = w->delta;
    if (measure(w->c, &p, &o, delta, w->mmax, &mstar, &fails, &lambda0) != 0)
        return 5;
    bc_stats_clopper_pearson(fails, trials, 0.025, &lo, &hi);
    double dn = (double)n, n2l = dn * dn / (lambda0 * lambda0);
    double scale = n2l * log(dn / delta) / xi;
    double expl = 8.0 * n2l * log(2.0 * dn * dn / delta);
    const char *name = sphere ? "sphere" : "data";
    fprintf(fp, "%s,%zu,%zu,%g,%.8g,%zu,%zu,%zu,%.4g,%.6g,%.6g,%.6g,%.6g,%.6g\n", name, n, seed,
            xi, lambda0, mstar, fails, trials, hi, n2l, scale, expl, (double)mstar / scale,
            (double)mstar / expl);
    if (mstar == 0)
        printf("%-6s n=%-3zu seed=%zu xi=%g lambda_0=%.4g  no width up to %zu keeps the "
               "failure frequency <= %g\n", name, n, seed, xi, lambda0, w->mmax, delta);
    else
        printf("%-6s n=%-3zu seed=%zu xi=%g lambda_0=%.4g  m*=%-7zu (%zu/%zu failures, "
               "frequency <= %.3g at 95%%)  n^2/lambda_0^2 %.3g  theorem scale %.3g (ratio "
               "%.3g)  explicit %.3g (ratio %.3g)\n", name, n, seed, xi, lambda0, mstar, fails,
               trials, hi, n2l, scale, (double)mstar / scale, expl, (double)mstar / expl);
    return 0;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    char msg[512], path[4096];
    bc_params ep;
    bc_params_init(&ep, params, NP, msg, sizeof msg);
    bc_exp_args ea = {.out = "results", .tag = NULL, .sweeps = 1, .flag = "fit-only"};
    if (bc_exp_parse("ntk_width", argc, argv, &ep, "ns=4,6,8 seeds=2 trials=30 data-ns=25", &ea) != 0)
        return 2;
    if (ea.flag_set)   /* --fit-only: the fits from the CSV already written */
        return fit(ea.out);
    double ns[MAXLIST], xis[MAXLIST], dns[MAXLIST];
    size_t nn, nxi, ndn;
    const char *data = bc_params_str(&ep, "data");
    if (bc_exp_list("ntk_width", "ns", bc_params_str(&ep, "ns"), ns, MAXLIST, 1, 1, &nn) != 0
        || bc_exp_list("ntk_width", "xis", bc_params_str(&ep, "xis"), xis, MAXLIST, 1, 0, &nxi) != 0
        || bc_exp_list("ntk_width", "data-ns", bc_params_str(&ep, "data-ns"), dns, MAXLIST, 1, 0,
                       &ndn) != 0)
        return 2;
    for (size_t i = 0; i < nn + ndn; i++) {
        double x = i < nn ? ns[i] : dns[i - nn];
        if (x != floor(x) || x < 2 || x > 4096) {
            fprintf(stderr, "ntk_width: n = %g is not an integer in [2, 4096]\n", x);
            return 2;
        }
    }
    for (size_t i = 0; i < nxi; i++)
        if (xis[i] > 1.0) {
            fprintf(stderr, "ntk_width: xi = %g is outside (0, 1]\n", xis[i]);
            return 2;
        }
    const bc_check *c = bc_registry_find("ntk.thm2");
    size_t seeds = (size_t)bc_params_int(&ep, "seeds"), trials = (size_t)bc_params_int(&ep, "trials");
    size_t nsets = nn * seeds + (data[0] != '\0' ? ndn : 0), npts = nsets * nxi;
    double delta = bc_params_real(&ep, "delta");
    size_t mmax = (size_t)1 << (ea.quick ? 18 : 22);
    bc_atomic_file f;
    bc_exp_csv_path(&ea, "ntk_width", path, sizeof path);
    if (bc_io_atomic_open(&f, path) != 0)
        return 5;
    bc_exp_csv_begin(&ea, f.fp);
    fprintf(f.fp, "set,n,seed,xi,lambda0,m_star,failures,trials,freq_hi,n2_over_l02,theorem_scale,"
                  "explicit_m,ratio_theorem,ratio_explicit\n");
    width_sweep w = {c, &ep, &ea, ns, dns, xis, nn, nxi, seeds, trials, delta, mmax, data};
    for (size_t k = 0; k < npts; k++) {
        if (!bc_exp_mine(&ea, k, npts))
            continue;
        int st = one_point(&w, k, f.fp);
        if (st != 0) {
            bc_io_atomic_abort(&f);
            return st;
        }
    }
    if (bc_io_atomic_commit(&f) != 0)
        return 5;
    if (ea.nshards > 1) {
        printf("ntk_width: shard %zu/%zu written to %s; the fit comes after `boundcheck merge "
               "--csv %s/ntk_width.csv` with `ntk_width --fit-only`\n", ea.shard, ea.nshards,
               path, ea.out);
        return 0;
    }
    return fit(ea.out);
}
