/* calibrate.c -- are the verdicts calibrated?
 *
 * On per-trial distributions whose mean mu is known exactly, runs many
 * independent verdicts (bc_stats_ci + bc_verdict_decide, exactly as a check
 * does) and reports, for each interval method:
 *   - the false-VIOLATED rate with the RHS at the truth (RHS = mu): the
 *     lower confidence bound exceeds mu at most alpha of the time if the
 *     method is valid; the rate's own Clopper-Pearson interval is printed;
 *   - the detection rate with the RHS 20% below the truth (RHS = 0.8 mu)
 *     against the number of trials.
 * Distributions on [0, 1]: Bernoulli(0.3) (mu = 0.3), U^4 with U uniform
 * (mu = 1/5, skewed), Beta(0.5, 0.5) (mu = 1/2, U-shaped).
 * Then the same for --trials auto (bc_runner_run_auto's schedule: 20,
 * 40, ..., 1280 trials, look k at alpha/2^k, stopping when decided): the
 * false-VIOLATED rate over all looks must stay at most alpha, and the
 * detection rate and the mean number of trials at stopping are printed.
 * Writes results/calibration.csv. usage: calibrate [--reps R] [--alpha A] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "core/io.h"
#include "core/params.h"
#include "core/rng.h"
#include "core/runner.h"
#include "core/stats.h"
#include "core/verdict.h"

typedef struct {
    const char *name;
    double mu;
} dist;

static double draw(int which, gsl_rng *r)
{
    switch (which) {
    case 0: return gsl_rng_uniform(r) < 0.3 ? 1.0 : 0.0;
    case 1: { double u = gsl_rng_uniform(r); return u * u * u * u; }
    default: return gsl_ran_beta(r, 0.5, 0.5);
    }
}

int main(int argc, char **argv)
{
    long long reps = 4000;
    double alpha = 0.05;
    gsl_set_error_handler_off();
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc && bc_parse_int(argv[i + 1], &reps) == 0
            && reps > 0)
            i++;
        else if (strcmp(argv[i], "--alpha") == 0 && i + 1 < argc
                 && bc_parse_real(argv[i + 1], &alpha) == 0 && alpha > 0 && alpha < 0.5)
            i++;
        else {
            fprintf(stderr, "calibrate: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    const dist dists[] = {{"Bernoulli(0.3)", 0.3}, {"U^4", 0.2}, {"Beta(1/2,1/2)", 0.5}};
    const bc_ci_method methods[] = {BC_CI_HOEFFDING, BC_CI_BERNSTEIN, BC_CI_RANGE, BC_CI_T};
    const size_t ns[] = {20, 100, 1000};
    const char *short_name[] = {"Hoeffding", "Bernstein", "range (min of both)", "Student t"};
    gsl_rng *r = bc_rng_alloc();
    double *x = malloc(1280 * sizeof *x);
    mkdir("results", 0755);
    bc_atomic_file f;
    if (bc_io_atomic_open(&f, "results/calibration.csv") != 0) {
        fprintf(stderr, "calibrate: cannot write results/calibration.csv\n");
        return 2;
    }
    fprintf(f.fp, "distribution,method,n,alpha,reps,false_violated,fv_lower,fv_upper,detected\n");
    printf("calibration: %lld independent verdicts per cell, alpha = %g\n", reps, alpha);
    printf("%-15s %-22s %6s %22s %10s\n", "distribution", "method", "trials",
           "false VIOLATED [CP]", "detected");
    int bad = 0;
    for (size_t di = 0; di < 3; di++)
        for (size_t mi = 0; mi < 4; mi++)
            for (size_t ni = 0; ni < 3; ni++) {
                size_t n = ns[ni], fv = 0, det = 0;
                for (long long k = 0; k < reps; k++) {
                    bc_rng_seed_stream(r, 1 + di * 100 + ni, "calibrate", (uint64_t)k);
                    for (size_t t = 0; t < n; t++)
                        x[t] = draw((int)di, r);
                    bc_ci ci;
                    if (bc_stats_ci(x, 1, n, alpha, methods[mi], 0.0, 1.0, &ci) != 0)
                        continue;
                    fv += bc_verdict_decide(ci.lower, ci.upper, dists[di].mu) == BC_VIOLATED;
                    det += bc_verdict_decide(ci.lower, ci.upper, 0.8 * dists[di].mu) == BC_VIOLATED;
                }
                double lo, hi;
                bc_stats_clopper_pearson(fv, (size_t)reps, 1e-3, &lo, &hi);
                double rate = (double)fv / (double)reps;
                /* a valid method: the rate's lower bound does not exceed alpha */
                int flag = lo > alpha;
                bad |= flag && methods[mi] != BC_CI_T;
                printf("%-15s %-22s %6zu %8.4f [%.4f,%.4f] %9.3f%s\n", dists[di].name,
                       short_name[mi], n, rate, lo, hi,
                       (double)det / (double)reps, flag ? "  ABOVE alpha" : "");
                fprintf(f.fp, "%s,%s,%zu,%g,%lld,%.6f,%.6f,%.6f,%.6f\n", dists[di].name,
                        short_name[mi], n, alpha, reps, rate, lo, hi,
                        (double)det / (double)reps);
            }
    /* --trials auto: the doubling schedule with the union-bound levels */
    printf("--trials auto (20 doubling to 1280, look k at alpha/2^k): false VIOLATED over all "
           "looks, detection, mean trials at stopping\n");
    for (size_t di = 0; di < 3; di++)
        for (size_t mi = 0; mi < 3; mi++) {
            size_t fv = 0, det = 0;
            double used = 0;
            for (long long k = 0; k < reps; k++) {
                bc_rng_seed_stream(r, 7 + di * 100, "calibrate.auto", (uint64_t)k);
                for (size_t t = 0; t < 1280; t++)
                    x[t] = draw((int)di, r);
                int fv_k = 0, det_k = 0, done_fv = 0, done_det = 0;
                size_t look = 0;
                for (size_t n = 20; n <= 1280; n *= 2, look++) {
                    bc_ci ci;
                    double a = bc_runner_auto_alpha(alpha, look);
                    if (bc_stats_ci(x, 1, n, a, methods[mi], 0.0, 1.0, &ci) != 0)
                        break;
                    int v0 = bc_verdict_decide(ci.lower, ci.upper, dists[di].mu);
                    int v1 = bc_verdict_decide(ci.lower, ci.upper, 0.8 * dists[di].mu);
                    if (!done_fv && v0 != BC_INCONCLUSIVE) {
                        fv_k = v0 == BC_VIOLATED;
                        done_fv = 1;
                    }
                    if (!done_det && v1 != BC_INCONCLUSIVE) {
                        det_k = v1 == BC_VIOLATED;
                        done_det = 1;
                        used += (double)n;
                    }
                    if (done_fv && done_det)
                        break;
                }
                if (!done_det)
                    used += 1280.0;
                fv += fv_k;
                det += det_k;
            }
            double lo, hi;
            bc_stats_clopper_pearson(fv, (size_t)reps, 1e-3, &lo, &hi);
            int flag = lo > alpha;
            bad |= flag;
            printf("%-15s %-22s %6s %8.4f [%.4f,%.4f] %9.3f  mean trials %.0f%s\n", dists[di].name,
                   short_name[mi], "auto", (double)fv / (double)reps, lo, hi,
                   (double)det / (double)reps, used / (double)reps, flag ? "  ABOVE alpha" : "");
            fprintf(f.fp, "%s,%s,auto,%g,%lld,%.6f,%.6f,%.6f,%.6f\n", dists[di].name,
                    short_name[mi], alpha, reps, (double)fv / (double)reps, lo, hi,
                    (double)det / (double)reps);
        }
    if (bc_io_atomic_commit(&f) != 0)
        return 5;
    printf("wrote results/calibration.csv%s\n",
           bad ? "; a finite-sample method exceeded alpha (a bug)" : "");
    free(x);
    gsl_rng_free(r);
    return bad ? 1 : 0;
}
