/* search.h -- the instance that makes a bound tightest (or breaks it).
 *
 * Maximises a check's tightness over its declared parameters within their
 * valid ranges: the largest ratio LHS/RHS of its expectation quantities, or,
 * for deterministic checks, the largest worst slack. Instances whose run is
 * a usage error, FAILED or PRECONDITION (the theorem's conditions broken)
 * are infeasible. Every evaluation uses the same seed (common random
 * numbers), so the objective is a deterministic function of the parameters
 * and the search does not chase noise. Random sampling of the box first,
 * then GSL's Nelder-Mead (nmsimplex2) from the best points found, under a
 * budget of evaluations (and an optional wall-clock cap). The best instance
 * is then re-run with a fresh seed and more trials; only that confirmation
 * can call it a counterexample (its verdict VIOLATED: the lower confidence
 * bound of the LHS above the RHS). */
#ifndef BC_SEARCH_H
#define BC_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/check.h"
#include "core/record.h"
#include "core/runner.h"

#define BC_SEARCH_MAX_DIMS 16

typedef struct {
    size_t budget;          /* evaluations */
    double time_limit;      /* seconds, 0: none (a cap; --budget alone is reproducible) */
    size_t starts;          /* Nelder-Mead starts */
    uint64_t seed;          /* the evaluations' common seed; the confirmation uses seed + 1 */
    size_t trials;          /* per evaluation; 0: from the check's --quick profile */
    size_t confirm_trials;  /* 0: the check's default */
    int threads;
    const char *vary;       /* comma-separated names; NULL: every real parameter and data-seed */
    bc_params base;         /* the starting point (defaults and the user's fixed values) */
} bc_search_opts;

typedef struct {
    size_t dims;
    char names[BC_SEARCH_MAX_DIMS][48];
    size_t evals, feasible;
    double best_obj;              /* during the search */
    char objective[96];           /* what was maximised */
    bc_params best;               /* the instance */
    bc_record confirm;            /* its confirmation run */
    int confirm_code;
    double ratio, ratio_lo, ratio_hi;  /* of the confirmation (for MEAN checks) */
    int counterexample;
    int is_ratio;                 /* 1: ratio LHS/RHS; 0: worst slack */
} bc_search_result;

void bc_search_opts_default(bc_search_opts *o);

/* Returns 0, or BC_USAGE (2) with msg for bad input (an unknown name in
 * vary, nothing to vary). res->confirm must be released with
 * bc_record_release. */
int bc_search_run(const bc_check *c, const bc_search_opts *o, bc_search_result *res,
                  char *msg, size_t len);

/* The objective of a finished run: the largest ratio mean/RHS over MEAN
 * quantities, else the largest worst slack over EXACT ones; -inf when the
 * run is not a feasible instance. *is_ratio tells which. */
double bc_search_objective(const bc_record *rec, int code, int *is_ratio, char *what,
                           size_t len);

#endif
