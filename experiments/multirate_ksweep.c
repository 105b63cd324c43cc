/* multirate_ksweep.c -- Theorem B.4 across the slow period k.
 *
 * For k = 1, 2, 4, ..., kmax (T fixed, a multiple of kmax) runs check
 * multirate.b4 (both readings, the same seed, so every k sees the same
 * sample sequences: common random numbers) and writes one CSV row per k:
 * the measured LHS with its interval for each reading, the RHS and its
 * terms, the proof's tighter k-term, and the measured excess over k = 1
 * (the paired per-trial difference, mean and standard error). It then
 * fits log(excess) = a + b log k over k >= 2 (where the excess is
 * positive) and the same for the bound's k-terms, and writes the slopes
 * to a gnuplot include beside the CSV.
 *
 * usage: multirate_ksweep [--out DIR] [--quick] [--threads N] [--seed N]
 *                         [--kmax K] [name=value ...]   (check parameters)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_errno.h>

#include "app/cli.h"
#include "app/opts.h"
#include "core/io.h"
#include "core/status.h"
#include "core/version.h"
#include "core/runner.h"
#include "core/stats.h"
#include "proofs_checks/checks.h"

#define KMAX_LIMIT 4096

typedef struct {
    size_t k;
    double mean[2], lo[2], hi[2], ex[2], ex_se[2];
    double rhs, opt, noise, kterm, tight;
} row;

static double term(const bc_quantity *q, const char *prefix)
{
    for (size_t i = 0; i < q->nterms; i++)
        if (strncmp(q->terms[i].name, prefix, strlen(prefix)) == 0)
            return q->terms[i].value;
    return NAN;
}

/* slope of log y on log x over the rows with k >= 2 and y > 0 */
/* The exponent of get(row, j) in k over k >= 2 (log-log least squares);
 * also whether it moves with the window (bc_stats_fit_windows), printed
 * under name. */
static double fit(const row *r, size_t n, double (*get)(const row *, int), int j, size_t *used,
                  const char *name)
{
    double x[64], y[64], s, c, ws[2], wse[2];
    size_t m = 0;
    for (size_t i = 0; i < n && m < 64; i++) {
        double v = get(&r[i], j);
        if (r[i].k >= 2 && v > 0 && isfinite(v)) {
            x[m] = log((double)r[i].k);
            y[m++] = log(v);
        }
    }
    *used = m;
    if (m < 2 || bc_stats_fit_line(x, y, m, &s, &c) != 0)
        return NAN;
    if (name != NULL) {
        int dep = bc_stats_fit_windows(x, y, m, ws, wse);
        if (dep < 0)
            printf("  %s: %zu points, too few to test the exponent's dependence on the window\n",
                   name, m);
        else
            printf("  %s: exponent %.3f (se %.2g) on the smaller k, %.3f (se %.2g) on the larger: "
                   "%s\n", name, ws[0], wse[0], ws[1], wse[1],
                   dep ? "WINDOW-DEPENDENT (the fit over all k is not one exponent)"
                       : "consistent within their standard errors");
    }
    return s;
}

static double get_ex(const row *r, int j) { return r->ex[j]; }
static double get_kterm(const row *r, int j) { (void)j; return r->kterm; }
static double get_tight(const row *r, int j) { (void)j; return r->tight; }

/* One run of multirate.b4 per k = 1, 2, 4, ..., kmax into rows, with
 * the excess over the k = 1 run trial by trial (common random numbers).
 * 0, 2 for bad input or 5 for a failed run (a line on stderr). */
static int sweep(const bc_check *c, bc_params *p, const bc_run_opts *o, size_t kmax, row *rows,
                 size_t *nr, size_t *ntr)
{
    char msg[512];
    double *base_vals = NULL;
    *nr = 0;
    for (size_t k = 1; k <= kmax; k *= 2) {
        char kb[32];
        bc_record rec;
        snprintf(kb, sizeof kb, "%zu", k);
        bc_params_set(p, "k", kb, msg, sizeof msg);
        int code = bc_runner_run(c, p, o, &rec, msg, sizeof msg);
        if (code == BC_USAGE || code == BC_FAILED) {
            if (code == BC_USAGE)
                fprintf(stderr, "multirate_ksweep: %s\n", msg);
            else
                fprintf(stderr, "multirate_ksweep: k=%zu: %s\n", k, rec.failure);
            bc_record_release(&rec);
            free(base_vals);
            return code == BC_USAGE ? 2 : 5;
        }
        row *r = &rows[(*nr)++];
        memset(r, 0, sizeof *r);
        r->k = k;
        for (int j = 0; j < 2; j++) {
            r->mean[j] = rec.q[j].ci.mean;
            r->lo[j] = rec.q[j].ci.lower;
            r->hi[j] = rec.q[j].ci.upper;
        }
        r->rhs = rec.q[0].rhs;
        r->opt = term(&rec.q[0], "2(f0");
        r->noise = term(&rec.q[0], "h L M");
        r->kterm = term(&rec.q[0], "h^2");
        r->tight = rec.q[0].alt[0].value - r->opt - r->noise;
        if (k == 1) {
            *ntr = rec.trials;
            base_vals = rec.values;
            rec.values = NULL;
        } else {
            for (int j = 0; j < 2; j++) {
                double s = 0, s2 = 0;
                for (size_t t = 0; t < *ntr; t++) {
                    double dlt = rec.values[t * 2 + j] - base_vals[t * 2 + j];
                    s += dlt;
                    s2 += dlt * dlt;
                }
                double m = s / (double)*ntr;
                r->ex[j] = m;
                r->ex_se[j] = sqrt(fmax(s2 / (double)*ntr - m * m, 0.0) / ((double)*ntr - 1.0));
            }
        }
        fprintf(stderr, "k=%-4zu frozen %.4e  fresh %.4e  RHS %.4e  %s\n", k, r->mean[0],
                r->mean[1], r->rhs, bc_verdict_name(rec.verdict));
        bc_record_release(&rec);
    }
    free(base_vals);
    return 0;
}

/* DIR/multirate_ksweep.csv, one row per k. 0, or 5 after one line. */
static int write_rows(const char *out, const row *rows, size_t nr)
{
    mkdir(out, 0755);
    char path[4096];
    bc_atomic_file f;
    snprintf(path, sizeof path, "%s/multirate_ksweep.csv", out);
    if (bc_io_atomic_open(&f, path) != 0) {
        fprintf(stderr, "multirate_ksweep: cannot write '%s'\n", path);
        return 5;
    }
    fprintf(f.fp, "k,frozen_mean,frozen_lower,frozen_upper,fresh_mean,fresh_lower,fresh_upper,"
                  "rhs,opt_term,noise_term,kterm,tight_kterm,excess_frozen,excess_frozen_se,"
                  "excess_fresh,excess_fresh_se\n");
    for (size_t i = 0; i < nr; i++) {
        const row *r = &rows[i];
        fprintf(f.fp, "%zu,%.10e,%.10e,%.10e,%.10e,%.10e,%.10e,%.10e,%.10e,%.10e,%.10e,%.10e,"
                      "%.10e,%.10e,%.10e,%.10e\n",
                r->k, r->mean[0], r->lo[0], r->hi[0], r->mean[1], r->lo[1], r->hi[1], r->rhs,
                r->opt, r->noise, r->kterm, r->tight, r->ex[0], r->ex_se[0], r->ex[1],
                r->ex_se[1]);
    }
    if (bc_io_atomic_commit(&f) != 0) {
        fprintf(stderr, "multirate_ksweep: cannot write '%s'\n", path);
        return 5;
    }
    return 0;
}

static int kmax_arg(void *dest, const char *v, char *msg, size_t len)
{
    long long ll;
    if (bc_parse_int(v, &ll) != 0 || ll < 2 || ll > KMAX_LIMIT || (ll & (ll - 1))) {
        snprintf(msg, len, "option --kmax: '%s' is not a power of 2 in [2, %d]", v, KMAX_LIMIT);
        return BC_EINVAL;
    }
    *(size_t *)dest = (size_t)ll;
    return 0;
}

static void usage(void)
{
    printf("usage: multirate_ksweep [--out DIR] [--quick] [--threads N] [--seed N] [--kmax K]\n"
           "                        [--trials N] [--NAME VALUE | NAME=VALUE ...]\n"
           "Theorem B.4 (multirate.b4) for k = 1, 2, 4, ..., kmax (a power of 2, default 256)\n"
           "with common random numbers; writes DIR/multirate_ksweep.csv and _fit.gp.\n"
           "NAME: any parameter of multirate.b4 (bin/check_multirate_b4 --help).\n"
           "exit status: 0 done, 2 bad input, 5 a result could not be written\n");
}

int main(int argc, char **argv)
{
    const char *out = "results";
    char msg[512] = "";
    bc_run_opts o;
    size_t kmax = 256;
    long long threads = 0, trials = -1;
    int version = 0;

    gsl_set_error_handler_off();
    bc_run_opts_default(&o);
    o.quiet = 1;
    const bc_check *c = bc_registry_find("multirate.b4");
    bc_params p;
    bc_params_init(&p, c->params, c->nparams, msg, sizeof msg);
    /* the sweep's defaults, then the user's overrides */
    o.quick = bc_opts_has(argc, argv, 1, "quick");
    bc_params_apply_profile(&p, o.quick ? "T=512 h=4 reading=both" : "T=4096 h=4 reading=both",
                            msg, sizeof msg);
    const bc_opt ot[] = {
        {"out", BC_OPT_TEXT, 0, 0, &out, NULL, NULL},
        {"quick", BC_OPT_FLAG, 0, 0, &o.quick, NULL, NULL},
        {"threads", BC_OPT_INT, 0, 1024, &threads, NULL, NULL},
        {"seed", BC_OPT_U64, 0, 0, &o.seed, NULL, NULL},
        {"kmax", BC_OPT_CALL, 0, 0, &kmax, kmax_arg, NULL},
        {"trials", BC_OPT_INT, 0, 1e8, &trials, NULL, NULL},
        {"version", BC_OPT_FLAG, 0, 0, &version, NULL, NULL},
    };
    int pst = bc_opts_parse(ot, sizeof ot / sizeof ot[0], &p, argc, argv, 1, NULL, 0, NULL, msg,
                            sizeof msg);
    if (pst == BC_OPTS_HELP) {
        usage();
        return 0;
    }
    if (pst != 0) {
        fprintf(stderr, "multirate_ksweep: %s\n", bc_io_one_line(msg));
        return 2;
    }
    if (version) {
        printf("multirate_ksweep (boundcheck %s)\n", BC_VERSION);
        return 0;
    }
    o.threads = (int)threads;
    /* given: even 0, the check's default */
    o.trials = trials >= 0 ? (size_t)trials : o.quick ? 48 : 400;
    long long T = bc_params_int(&p, "T");
    if (T % (long long)kmax != 0) {
        fprintf(stderr, "multirate_ksweep: T=%lld must be a multiple of kmax=%zu\n", T, kmax);
        return 2;
    }
    bc_params_set(&p, "reading", "both", msg, sizeof msg);

    row rows[64];
    size_t nr = 0, ntr = 0;
    int code = sweep(c, &p, &o, kmax, rows, &nr, &ntr);
    if (code != 0)
        return code;
    if (write_rows(out, rows, nr) != 0)
        return 5;

    size_t uf, uh, uk, ut;
    char path[4096];
    bc_atomic_file f;
    printf("multirate_ksweep: the fitted exponents, window by window:\n");
    double sf = fit(rows, nr, get_ex, 0, &uf, "frozen excess"), sh = fit(rows, nr, get_ex, 1, &uh, "fresh excess");
    double sk = fit(rows, nr, get_kterm, 0, &uk, NULL), st = fit(rows, nr, get_tight, 0, &ut, NULL);
    snprintf(path, sizeof path, "%s/multirate_ksweep_fit.gp", out);
    if (bc_io_atomic_open(&f, path) != 0)
        return 5;
    fprintf(f.fp, "# written by experiments/multirate_ksweep: fitted exponents in k (k >= 2)\n");
    fprintf(f.fp, "slope_frozen = %.6g\nslope_fresh = %.6g\nslope_kterm = %.6g\n"
                  "slope_tight = %.6g\nsweep_title = \"%s, h=%g, T=%lld, %zu trials, seed %llu\"\n",
            isfinite(sf) ? sf : 0.0 / 0.0, isfinite(sh) ? sh : 0.0 / 0.0, sk, st,
            bc_params_str(&p, "problem"), bc_params_real(&p, "h"), T, ntr,
            (unsigned long long)o.seed);
    if (bc_io_atomic_commit(&f) != 0)
        return 5;
    printf("multirate_ksweep: %zu values of k written to %s/multirate_ksweep.csv\n", nr, out);
    printf("fitted exponent of the excess over k=1: frozen %.3f (%zu points), fresh %.3f (%zu points)\n",
           sf, uf, sh, uh);
    printf("exponent of the bound's k-term: %.3f (stated, k^2), %.3f (proof's sum, (k-1)(2k-1))\n",
           sk, st);
    return 0;
}
