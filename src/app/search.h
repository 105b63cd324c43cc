/* search.h -- look for the instance that breaks a bound, over the range the
 * statement is claimed on.
 *
 * The box is the hypotheses, not the default's neighbourhood: every
 * parameter of a check declares its claimed range (params.h, bc_claim), and
 * the search covers reals on a log (or linear) scale across the whole
 * range, integers on a log scale (rounded; log(1 + v) where 0 is allowed)
 * and CHOICE words, together. Parameters declared FIXED (tolerances, data
 * files, ablations) stay at the base instance's value.
 *
 * The objective is a check's tightness: the largest ratio LHS/RHS of its
 * expectation quantities, or, for deterministic checks, the largest worst
 * slack. Runs that are usage errors, FAILED or PRECONDITION are infeasible
 * for it, and each kind is counted: a FAILED run (overflow, divergence) and
 * a run outside the hypotheses are findings about the instance, reported
 * with the first such instance, never a reason to stop.
 *
 * Strategy, under a budget in cost units (one unit = one run of the base
 * instance, the --quick profile; a run's cost is estimated as trials times
 * the product of the parameters declared as sizes, BC_CLAIM_SIZE):
 *  1. screening (half the budget): the base instance, the check's
 *     proof-gap families (bc_check.search_presets), then stratified random points (a Latin
 *     hypercube per batch of 32, so every parameter's range is covered
 *     evenly) at low fidelity, a quarter of the trials;
 *  2. promotion (a fifth): the best screened points re-run at full
 *     fidelity (successive halving's second rung);
 *  3. local search (the rest): GSL's Nelder-Mead over the numeric
 *     coordinates from the best promoted points, CHOICE words held;
 * A screened point that costs more than its batch's fair share of the
 * screening (SCREEN_SHARE / BATCH of the budget and of --time) has its size
 * coordinates (claims marked as costs) lowered until it fits, its other
 * coordinates kept. A costly point gets fewer trials (at least 2) so that
 * no run costs more than the larger of 16 units and a tenth of the budget
 * (64 and a quarter for the confirmation); a point above that even at 2
 * trials is skipped and counted, so a larger budget reaches larger
 * instances. Under --time
 * a run is also held to a twentieth of it (the confirmation to a half),
 * predicted from the seconds per unit of the runs so far: the cost models
 * are estimates, and this calibrates their scale. Every evaluation uses the same seed
 * (common random numbers), so the objective is a deterministic function of
 * the parameters and a budget in units is reproducible (--time adds a
 * wall-clock cap that is not).
 *  4. confirmation: the best instance re-run with more trials and a fresh
 *     seed (a mean: its evaluations were noisy) or the evaluations' own
 *     seed (exact inequalities: each trial is an instance, and a failing
 *     one is a counterexample wherever it was drawn); only it can call a
 *     counterexample (VIOLATED: the lower confidence bound of the LHS above
 *     the RHS, or an exact inequality failing). An INCONCLUSIVE
 *     confirmation doubles its trials until decided (up to BC_SEARCH_GROW
 *     times, while the next look costs at most the confirmation's cap and,
 *     under --time, is predicted to end within half the time cap after
 *     it); look j judges at alpha / 2^(j+1), so that all looks together
 *     err with probability at most alpha (the objective outside: one look
 *     at alpha). A confirmation that ends
 *     FAILED, PRECONDITION or in a usage error is recorded and the next
 *     best distinct instance is confirmed (up to BC_SEARCH_CONFIRMS). */
#ifndef BC_SEARCH_H
#define BC_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/check.h"
#include "core/record.h"
#include "core/runner.h"

#define BC_SEARCH_MAX_DIMS 32
#define BC_SEARCH_CONFIRMS 4
#define BC_SEARCH_GROW 16   /* an undecided confirmation: up to this many times the trials */
#define BC_SEARCH_BINS 10   /* coverage: bins per numeric coordinate */

typedef struct {
    double budget;          /* cost units (evaluations of the base instance) */
    double time_limit;      /* seconds, 0: none (a cap; --budget alone is reproducible) */
    size_t starts;          /* Nelder-Mead starts */
    uint64_t seed;          /* the evaluations' common seed; the confirmation uses seed + 1
                               (a mean) or seed (exact inequalities: confirm_seed) */
    size_t trials;          /* per full-fidelity evaluation; 0: the check's --quick profile */
    size_t confirm_trials;  /* 0: the check's default */
    int threads;
    const char *vary;       /* comma-separated names; NULL: every claimed parameter */
    const char *hold;       /* comma-separated names held at the base value (the
                               user's --NAME VALUE), even when claimed */
    bc_params base;         /* the starting point (defaults and the user's fixed values) */
    int outside;            /* objective: the fraction of trials outside the hypothesis
                               (runs meeting every stated condition), not the ratio */
    const char *reading;    /* objective: another reading of the check, by name (NULL:
                               none): a MEAN quantity's alternative RHS (the ratio of
                               its LHS to that RHS; it fails where the ratio's lower
                               confidence bound exceeds 1), or a MEASURED quantity (its
                               largest per-trial value; one marked as a slack fails
                               above its rtol, others are measurements with no claim
                               and never fail). Most are the readings with the
                               tightest constants where the verdict uses certified ones:
                               where one fails, a certified constant may hide a
                               counterexample. */
} bc_search_opts;

typedef enum { BC_SEARCH_REAL = 0, BC_SEARCH_INT, BC_SEARCH_CHOICE } bc_search_kind;

/* One coordinate of the box and how much of it the search saw. */
typedef struct {
    char name[48];
    bc_search_kind kind;
    int logscale;
    int zero;               /* 0 is claimed too, below the log range: the lowest
                               tenth of the unit coordinate (bc_claim.zero) */
    int to_one;             /* linear, then 1 - value log-uniform (bc_claim.to_one) */
    double lo, hi;          /* the claimed range (choices: 0 .. words - 1) */
    char words[256];        /* choice: the claimed words, '|'-separated */
    char when[64];          /* "name=word": active only then (bc_claim.when), or "" */
    double seen_lo, seen_hi;  /* extremes of the feasible evaluations */
    unsigned bins;          /* bit b: a feasible evaluation in bin b of 10 */
    double sensitivity;     /* Spearman rank correlation of the coordinate with the
                               objective over the feasible evaluations (NaN: too few) */
} bc_search_dim;

/* One evaluation, for the sensitivity summary and the CSV of a search. */
typedef struct {
    double value[BC_SEARCH_MAX_DIMS];  /* the coordinates' values (a choice: its index) */
    double objective;                  /* -inf: not judged */
    int code;                          /* the run's exit code; -1 skipped as too costly */
    int rung;                          /* 0 screened, 1 promoted, 2 local */
} bc_search_eval;

/* An instance that a run could not judge, kept as a finding. */
typedef struct {
    int code;               /* the run's exit code (BC_FAILED, BC_PRECONDITION, ...) */
    size_t trials;          /* of that run */
    char why[256];
    bc_params at;
} bc_search_event;

typedef struct {
    size_t dims;
    bc_search_dim dim[BC_SEARCH_MAX_DIMS];
    size_t nfixed;
    char fixed[BC_SEARCH_MAX_DIMS][48];   /* parameters held, with ... */
    char fixed_why[BC_SEARCH_MAX_DIMS][96]; /* ... the declared reason */
    /* evaluations, by rung and by outcome */
    size_t evals, screened, promoted, local;
    size_t npresets;              /* proof-gap families evaluated (bc_check.search_presets) */
    size_t feasible, n_failed, n_precondition, n_usage, n_costly, n_vacuous;
    size_t n_fitted;              /* screened points whose sizes were lowered to fit the cap */
    double units;                 /* cost spent, in units of the base run */
    double seconds;
    bc_search_event first_failed, first_precondition;
    /* runs whose stated conditions all held but some of whose trials left
     * the hypothesis (a trajectory diverged, say): a finding about the
     * statement's scope. The run with the largest such fraction: */
    size_t n_outside;
    double outside_frac;          /* its fraction of trials (0: none) */
    bc_search_event worst_outside;
    double best_obj;              /* during the search */
    char objective[96];           /* what was maximised */
    bc_params best;               /* the confirmed instance */
    bc_record confirm;            /* its confirmation run (the last look) */
    int confirm_code;
    uint64_t confirm_seed;        /* seed + 1 for a mean (a fresh sample), seed for a
                                     worst slack of exact inequalities (its trials are
                                     instances: the evaluation's violating one reruns) */
    size_t confirm_first;         /* the first look's trials: where confirm.trials is
                                     larger, the looks doubled from it and the last
                                     judged at confirm.alpha (bc_runner_run_auto) */
    size_t nrejected;             /* candidates whose confirmation could not judge */
    bc_search_event rejected[BC_SEARCH_CONFIRMS];
    double ratio, ratio_lo, ratio_hi;  /* of the confirmation (for MEAN checks) */
    int counterexample;
    /* objective outside: the confirmation's trials outside the hypothesis,
     * with a Clopper-Pearson interval on their fraction; scope_confirmed
     * when at least one left it under every stated condition */
    size_t confirm_outside;
    double outside_lo, outside_hi;
    int scope_confirmed;
    int is_ratio;                 /* 1: ratio LHS/RHS; 0: worst slack */
    /* objective reading: the confirmation's value of the reading, with its
     * interval (a ratio) or its value twice (a slack), and whether it fails
     * there (exit status 1: the reading, not the statement, fails) */
    double reading, reading_lo, reading_hi;
    int reading_is_ratio, reading_judged, reading_fails;
    size_t driver[2];             /* the two coordinates with the largest |sensitivity| */
    bc_search_eval *log;          /* every evaluation, in order (bc_search_release) */
    size_t nlog;
} bc_search_result;

void bc_search_opts_default(bc_search_opts *o);

/* Returns 0, or BC_USAGE (2) with msg for bad input (an unknown name in
 * vary, nothing to vary). res must be released with bc_search_release
 * (also when no candidate could be confirmed). */
int bc_search_run(const bc_check *c, const bc_search_opts *o, bc_search_result *res,
                  char *msg, size_t len);

/* Frees the confirmation record and the evaluation log. */
void bc_search_release(bc_search_result *res);

/* Writes the evaluation log as CSV: the two drivers first, the objective,
 * then every coordinate, the rung and the outcome. 0 or BC_EIO. */
int bc_search_write_csv(const bc_search_result *res, const char *path);

/* The objective of a finished run: the largest ratio mean/RHS over MEAN
 * quantities, else the largest worst slack over EXACT ones; -inf when the
 * run is not a feasible instance. *is_ratio tells which. */
double bc_search_objective(const bc_record *rec, int code, int *is_ratio, char *what,
                           size_t len);

/* The exit status of `boundcheck search`, in the checks' own codes: 1
 * (VIOLATED) a confirmed counterexample, 0 (HOLDS) the confirmation held,
 * 3 (INCONCLUSIVE) it could not decide, 4 (PRECONDITION) no candidate
 * could be judged (every one infeasible, FAILED or outside the
 * hypotheses). 2 and 5 stay for usage and I/O errors. */
int bc_search_exit_code(const bc_search_result *res);

#endif
