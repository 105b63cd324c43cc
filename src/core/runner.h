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
    int quiet;
    int quick;
} bc_run_opts;

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

void bc_record_release(bc_record *rec);

#endif
