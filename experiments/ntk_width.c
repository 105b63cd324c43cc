/* ntk_width.c -- the width Theorem 2 needs, measured.
 *
 * For several input sets (n points on the unit sphere of dimension d, a few
 * data seeds each), runs check ntk.thm2 at widths m = 64, 128, ... and
 * records the smallest width (doubling, then bisection to 5%) at which the
 * masked NTK keeps lambda_min >= lambda_0 / 2 in every one of `trials`
 * draws of W and mask
 * (xi = 0.5, at initialisation). Next to it: the theorem's scale
 * n^2 log(n^2) / (xi lambda_0^2) and the proof's explicit width for
 * delta = 0.05, 8 n^2 log(2 n^2 / 0.05) / lambda_0^2, with their ratios;
 * then fits log m* = c + a log n + b log(1/lambda_0) (GSL multifit).
 * Writes DIR/ntk_width.csv and DIR/ntk_width_fit.gp.
 *
 * usage: ntk_width [--out DIR] [--quick] [--threads N] [--shard I/N]
 *        ntk_width --fit-only [--out DIR]
 * A shard runs block I of N of the (n, seed) points and writes
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
#include "experiments/args.h"
#include "core/runner.h"
#include "proofs_checks/checks.h"

/* Whether no draw at width m has lambda_min < lambda_0/2. */
static int probe(const bc_check *c, bc_params *p, const bc_run_opts *o, size_t m, double *lambda0,
                 int *bad)
{
    char v[64], msg[512];
    bc_record rec;
    snprintf(v, sizeof v, "%zu", m);
    bc_params_set(p, "m", v, msg, sizeof msg);
    int code = bc_runner_run(c, p, o, &rec, msg, sizeof msg);
    if (code == BC_USAGE || code == BC_FAILED) {
        fprintf(stderr, "ntk_width: m=%zu: %s%s\n", m, msg, rec.failure);
        bc_record_release(&rec);
        *bad = 1;
        return 0;
    }
    *lambda0 = bc_record_get(&rec, "lambda_0");
    int pass = rec.q[0].failures == 0;
    bc_record_release(&rec);
    return pass;
}

/* Fits log m* = c + a log n + b log(1/lambda_0) over the rows of
 * DIR/ntk_width.csv (the single run's or the merged shards': the same
 * file) and writes DIR/ntk_width_fit.gp. 0, or 5. */
static int fit(const char *out)
{
    char path[4096], line[512];
    double X[64][2], Y[64];
    size_t rows = 0, n, mstar;
    double lambda0;
    snprintf(path, sizeof path, "%s/ntk_width.csv", out);
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        fprintf(stderr, "ntk_width: cannot read '%s'\n", path);
        return 5;
    }
    while (fgets(line, sizeof line, fp) != NULL && rows < 64)
        if (sscanf(line, "%zu,%*u,%lg,%zu,", &n, &lambda0, &mstar) == 3 && mstar > 0) {
            X[rows][0] = log((double)n);
            X[rows][1] = log(1.0 / lambda0);
            Y[rows++] = log((double)mstar);
        }
    fclose(fp);
    double a = NAN, b = NAN;
    if (rows >= 4) {
        gsl_matrix *A = gsl_matrix_alloc(rows, 3);
        gsl_vector *y = gsl_vector_alloc(rows), *cf = gsl_vector_alloc(3);
        gsl_matrix *cov = gsl_matrix_alloc(3, 3);
        gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(rows, 3);
        double chisq;
        for (size_t r = 0; r < rows; r++) {
            gsl_matrix_set(A, r, 0, 1.0);
            gsl_matrix_set(A, r, 1, X[r][0]);
            gsl_matrix_set(A, r, 2, X[r][1]);
            gsl_vector_set(y, r, Y[r]);
        }
        if (gsl_multifit_linear(A, y, cf, cov, &chisq, w) == GSL_SUCCESS) {
            a = gsl_vector_get(cf, 1);
            b = gsl_vector_get(cf, 2);
        }
        gsl_multifit_linear_free(w);
        gsl_matrix_free(A);
        gsl_matrix_free(cov);
        gsl_vector_free(y);
        gsl_vector_free(cf);
    }
    bc_atomic_file f;
    snprintf(path, sizeof path, "%s/ntk_width_fit.gp", out);
    if (bc_io_atomic_open(&f, path) != 0)
        return 5;
    fprintf(f.fp, "# written by experiments/ntk_width: log m* = c + a log n + b log(1/lambda_0)\n"
                  "exponent_n = %.6g\nexponent_inv_lambda0 = %.6g\n", a, b);
    if (bc_io_atomic_commit(&f) != 0)
        return 5;
    printf("ntk_width: fitted m* ~ n^%.3g (1/lambda_0)^%.3g over %zu input sets (the theorem: "
           "n^2 (1/lambda_0)^2, up to logs)\n", a, b, rows);
    return 0;
}


int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    bc_exp_args ea = {.out = "results", .tag = NULL, .sweeps = 1};
    int fit_only = 0;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--fit-only") == 0) {
            fit_only = 1;
            memmove(argv + i, argv + i + 1, (size_t)(argc - i) * sizeof *argv);
            argc--;
            break;
        }
    if (bc_exp_parse("ntk_width", argc, argv, NULL, NULL, &ea) != 0)
        return 2;
    if (fit_only)
        return fit(ea.out);
    const char *out = ea.out;
    int quick = ea.quick, threads = ea.threads;
    const bc_check *c = bc_registry_find("ntk.thm2");
    const size_t ns[] = {4, 6, 8, 12, 16};
    size_t nn = quick ? 3 : 5, seeds = quick ? 2 : 3, trials = quick ? 30 : 100;
    size_t mmax = (size_t)1 << (quick ? 18 : 22);
    char path[4096], msg[512];
    bc_atomic_file f;
    bc_exp_csv_path(&ea, "ntk_width", path, sizeof path);
    if (bc_io_atomic_open(&f, path) != 0)
        return 5;
    bc_exp_csv_begin(&ea, f.fp);
    fprintf(f.fp, "n,seed,lambda0,m_star,theorem_scale,explicit_m,ratio_theorem,ratio_explicit\n");
    for (size_t i = 0; i < nn; i++)
        for (size_t s = 0; s < seeds; s++) {
            if (!bc_exp_mine(&ea, i * seeds + s, nn * seeds))
                continue;
            bc_params p;
            bc_run_opts o;
            bc_params_init(&p, c->params, c->nparams, msg, sizeof msg);
            char v[64];
            snprintf(v, sizeof v, "%zu", ns[i]);
            bc_params_set(&p, "n", v, msg, sizeof msg);
            snprintf(v, sizeof v, "%zu", 7 + s);
            bc_params_set(&p, "data-seed", v, msg, sizeof msg);
            bc_run_opts_default(&o);
            o.quiet = 1;
            o.trials = trials;
            o.threads = threads;
            /* doubling from m = 1, then bisection between the last failing
             * and the first passing width */
            size_t mstar = 0, lo = 0;
            double lambda0 = NAN;
            int bad = 0;
            for (size_t m = 1; m <= mmax && mstar == 0; m *= 2) {
                int pass = probe(c, &p, &o, m, &lambda0, &bad);
                if (bad)
                    return 5;
                if (pass)
                    mstar = m;
                else
                    lo = m;
            }
            while (mstar > 0 && mstar - lo > 1 && (double)(mstar - lo) > 0.05 * (double)mstar) {
                size_t mid = lo + (mstar - lo) / 2;
                int pass = probe(c, &p, &o, mid, &lambda0, &bad);
                if (bad)
                    return 5;
                if (pass)
                    mstar = mid;
                else
                    lo = mid;
            }
            double n2 = (double)(ns[i] * ns[i]);
            double scale = n2 * log(n2) / (0.5 * lambda0 * lambda0);
            double expl = 8.0 * n2 * log(2.0 * n2 / 0.05) / (lambda0 * lambda0);
            fprintf(f.fp, "%zu,%zu,%.8g,%zu,%.6g,%.6g,%.6g,%.6g\n", ns[i], 7 + s, lambda0, mstar,
                    scale, expl, (double)mstar / scale, (double)mstar / expl);
            printf("n=%-3zu seed=%zu lambda_0=%.4g  m*=%-8zu theorem scale %.3g (ratio %.3g)  "
                   "explicit %.3g (ratio %.3g)\n", ns[i], 7 + s, lambda0, mstar, scale,
                   (double)mstar / scale, expl, (double)mstar / expl);
        }
    if (bc_io_atomic_commit(&f) != 0)
        return 5;
    if (ea.nshards > 1) {
        printf("ntk_width: shard %zu/%zu written to %s; the fit comes after `boundcheck merge "
               "--csv %s/ntk_width.csv` with `ntk_width --fit-only`\n", ea.shard, ea.nshards,
               path, out);
        return 0;
    }
    return fit(out);
}
