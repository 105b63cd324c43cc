/* runner.h -- the generic runner: validate, set up, run the trials in
 * parallel, estimate, decide. It prints nothing; output.h writes what it
 * fills in. */
#ifndef BC_RUNNER_H
#define BC_RUNNER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "core/check.h"
#include "core/record.h"

typedef struct {
    uint64_t seed;
    size_t trials;      /* 0: the check's default */
    int threads;        /* 0: all cores (OMP_NUM_THREADS) */
    double alpha;
    int ci_method;      /* a bc_ci_method, or -1 for the check's choice */
    int quiet;          /* for the programs: print nothing but the result (the
                           runner itself never prints) */
    int quick;
    size_t shard;       /* run only trials of block shard of nshards ... */
    size_t nshards;     /* ... (0 or 1: the whole run); see bc_shard_range */
    double deadline;    /* bc_clock_now() after which no trial starts and the run
                           FAILS with BC_ETIME (the search's cap); 0: none */
    /* Called on one thread as trials finish: done = 0 at the start, then
     * done of total, and done = total at the end (a program's progress bar,
     * bc_progress_show). NULL: nothing; the library itself prints nothing. */
    void (*progress)(void *ctx, const char *label, size_t done, size_t total);
    void *progress_ctx;
} bc_run_opts;

/* The start of rec->failure for a run stopped at o->deadline. */
#define BC_RUNNER_DEADLINE "stopped at its deadline"

/* Defaults: seed 1, the check's trials, all threads, alpha 1e-3. */
void bc_run_opts_default(bc_run_opts *o);

/* Set by a signal handler to stop a run; the run then FAILS and nothing is
 * written. */
extern volatile sig_atomic_t bc_runner_interrupted;

/* Runs check c with parameters p into rec (which it initialises).
 * Returns the verdict (0, 1, 3, 4, 5), or BC_USAGE (2) with msg set for
 * bad input. rec must be released with bc_record_release. */
int bc_runner_run(const bc_check *c, const bc_params *p, const bc_run_opts *o,
                  bc_record *rec, char *msg, size_t len);

/* --trials auto: runs with o->trials (or the check's default), doubling
 * the trials until the verdict is decided (anything but INCONCLUSIVE) or
 * max_trials is reached. Look j (from 0) judges at level alpha / 2^(j+1),
 * so the probability that any look errs is at most alpha (a union bound
 * over the looks; anytime-valid on this schedule, more conservative than
 * a betting confidence sequence). Trial t always draws from stream t, so
 * each look reruns the earlier trials exactly (at most twice the work of
 * the last look). The record says so in a note. */
int bc_runner_run_auto(const bc_check *c, const bc_params *p, const bc_run_opts *o,
                       size_t max_trials, bc_record *rec, char *msg, size_t len);

/* The looks of bc_runner_run_auto with the caller's stopping rule: from
 * o->trials (or the check's default), doubling while the verdict is
 * INCONCLUSIVE and more(ctx, next trials, this look's seconds) says go on;
 * look j at level alpha / 2^(j+1). *looks: how many ran. Writes no note. */
int bc_runner_run_looks(const bc_check *c, const bc_params *p, const bc_run_opts *o,
                        int (*more)(void *ctx, size_t next, double seconds), void *ctx,
                        bc_record *rec, size_t *looks, char *msg, size_t len);

/* The level of look j of bc_runner_run_auto: alpha / 2^(j+1). */
double bc_runner_auto_alpha(double alpha, size_t look);

/* In shard mode (o->nshards > 1) only the trials of the shard's block run
 * and nothing is judged: the return is 0, or FAILED. */

/* Judges a run whose per-trial values are given (from shards): sets the
 * instance up again (constants, right-hand sides) and decides exactly as
 * bc_runner_run would have. values and aux hold trials x nq numbers
 * (o->trials, or the check's default), for the quantities called names;
 * names that differ from the setup's are bad input (BC_USAGE). */
int bc_runner_merge(const bc_check *c, const bc_params *p, const bc_run_opts *o,
                    const char *const *names, size_t nq, const double *values,
                    const double *aux, double wall_s, bc_record *rec, char *msg, size_t len);

/* The block [lo, hi) of trials that shard (of nshards) runs: contiguous
 * blocks in order, sizes differing by at most one. */
void bc_shard_range(size_t trials, size_t shard, size_t nshards, size_t *lo, size_t *hi);

void bc_record_release(bc_record *rec);

#endif
