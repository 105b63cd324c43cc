/* bench_scaling.c -- thread scaling of every Monte-Carlo check.
 *
 * For each check with more than one trial (from its --quick profile, the
 * trials doubled until one thread takes at least MIN_S seconds, so that
 * start-up does not dominate), runs it at 1, 2, 4, ... threads up to
 * max_threads (default: the machine's cores), the counts interleaved run
 * by run, and prints the median time of 5 runs, the speed-up over one
 * thread and the parallel efficiency T_1 / (p T_p). Every run's per-trial
 * values must equal the one-thread run's bit for bit (exit 1 otherwise).
 * masked.thm3 is Algorithm 1's workload (trial-parallel, one Algorithm 1
 * run per trial).
 *
 * usage: bench_scaling [max_threads]
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_errno.h>

#include "bench/bench_util.h"
#include "app/cli.h"
#include "core/clock.h"
#include "core/runner.h"
#include "proofs_checks/checks.h"

#define MIN_S 1.0
#define REPS 5

/* One run; returns wall seconds, fills values (caller frees) or NULL. */
static double timed(const bc_check *c, const bc_params *p, size_t trials, int threads,
                    double **values, size_t *cells)
{
    bc_run_opts o;
    bc_record rec;
    char msg[512];
    bc_run_opts_default(&o);
    o.quiet = 1;
    o.trials = trials;
    o.threads = threads;
    double t0 = bc_clock_now();
    int code = bc_runner_run(c, p, &o, &rec, msg, sizeof msg);
    double t = bc_clock_now() - t0;
    *values = NULL;
    if (code != 2 && rec.failure[0] == '\0' && rec.values != NULL) {
        *cells = rec.trials * rec.nq;
        *values = malloc(*cells * sizeof(double));
        if (*values != NULL)
            memcpy(*values, rec.values, *cells * sizeof(double));
    }
    bc_record_release(&rec);
    return t;
}

int main(int argc, char **argv)
{
    long long v[1] = {omp_get_num_procs()};
    if (bench_ints("bench_scaling", argc, argv, v, 1, 1024) < 0)
        return 2;
    int maxt = (int)v[0];
    gsl_set_error_handler_off();
    size_t n;
    const bc_check *const *all = bc_registry_all(&n);
    int bad = 0;
    mkdir("results", 0755);
    FILE *csv = fopen("results/bench_scaling.csv.tmp", "w");
    if (csv != NULL)
        fprintf(csv, "check,trials,threads,seconds,speedup,efficiency\n");
    printf("thread scaling, %d cores here; median of %d runs; efficiency = T1 / (p Tp)\n",
           omp_get_num_procs(), REPS);
    printf("%-16s %8s", "check", "trials");
    for (int t = 1; t <= maxt; t *= 2)
        printf("  %7s %5s", t == 1 ? "T1 (s)" : "", "");
    printf("\n");
    for (size_t i = 0; i < n; i++) {
        const bc_check *c = all[i];
        bc_params p;
        char msg[512];
        size_t trials;
        if (bc_cli_check_params(c, 1, &p, &trials, msg, sizeof msg) != 0)
            return 2;
        if (trials == 0)
            trials = c->default_trials;
        if (trials < 2)
            continue;   /* a deterministic check: nothing to spread */
        double *ref = NULL, *vals;
        size_t cells = 0, c2;
        double t1 = 0.0;
        for (int k = 0;; k++) {
            free(ref);
            t1 = timed(c, &p, trials, 1, &ref, &cells);
            if (t1 >= MIN_S || ref == NULL || k == 8)
                break;
            trials *= 2;
        }
        if (ref == NULL) {
            printf("%-16s (fails at its quick profile; skipped)\n", c->id);
            continue;
        }
        printf("%-16s %8zu", c->id, trials);
        /* the thread counts interleaved, rep by rep: a slow spell of this
         * shared machine then falls on every count alike instead of on
         * one count's block of runs (one such spell read as 84% for a
         * check at 99%) */
        int nt = 0;
        for (int t = 1; t <= maxt; t *= 2)
            nt++;
        double (*ts)[REPS] = calloc((size_t)nt, sizeof *ts);
        if (ts == NULL)
            return 2;
        for (int r = 0; r < REPS; r++)
            for (int j = 0, t = 1; j < nt; j++, t *= 2) {
                ts[j][r] = timed(c, &p, trials, t, &vals, &c2);
                if (vals == NULL || c2 != cells || memcmp(vals, ref, cells * sizeof *vals) != 0) {
                    fprintf(stderr, "bench_scaling: %s at %d threads: values differ from one "
                                    "thread's\n", c->id, t);
                    bad = 1;
                }
                free(vals);
            }
        for (int j = 0, t = 1; j < nt; j++, t *= 2) {
            double tm = bench_median(ts[j], REPS);
            if (t == 1)
                t1 = tm;
            if (csv != NULL)
                fprintf(csv, "%s,%zu,%d,%.6g,%.4g,%.4g\n", c->id, trials, t, tm,
                        t == 1 ? 1.0 : t1 / tm, t == 1 ? 1.0 : t1 / (t * tm));
            if (t == 1)
                printf("  %7.3f %5s", tm, "");
            else
                printf("  x%-5.2f %3.0f%%", t1 / tm, 100.0 * t1 / (t * tm));
        }
        free(ts);
        fflush(stdout);
        printf("\n");
        free(ref);
    }
    printf("columns after T1: speed-up and efficiency at 2, 4, ... threads; values identical "
           "to one thread's: %s\n", bad ? "NO" : "yes");
    if (csv != NULL && fclose(csv) == 0)
        rename("results/bench_scaling.csv.tmp", "results/bench_scaling.csv");
    return bad;
}
