/* judge.h -- verdicts on values a user computed elsewhere (a PyTorch run,
 * say), with exactly the runner's statistics.
 *
 * The values are one row per trial (an independent run), optionally one
 * column per iteration or quantity. Three kinds of statement:
 *   mean   E[column j] <= rhs_j for each column (a Monte-Carlo estimate:
 *          t interval, or Hoeffding/Bernstein when a per-trial range is
 *          known), the kind of multirate.b4 or clars.*;
 *   every  value_tj <= rhs_j for every trial and column (a deterministic
 *          inequality: the worst normalised slack against rtol);
 *   prob   P(value_tj > rhs_j for some j) <= delta (Clopper-Pearson).
 * A judge run is a check run: the same record, table, JSON and exit code. */
#ifndef BC_JUDGE_H
#define BC_JUDGE_H

#include <stddef.h>

#include "core/runner.h"
#include "app/values.h"

typedef enum { BC_JUDGE_MEAN = 0, BC_JUDGE_EVERY, BC_JUDGE_PROB } bc_judge_kind;

typedef struct {
    bc_judge_kind kind;
    const bc_values *lhs;     /* rows = trials */
    const double *rhs;        /* one per column of lhs */
    double lo, hi;            /* a per-trial range of the values (mean); NaN: none */
    double delta;             /* prob */
    double rtol;              /* every */
    const char *what;         /* one line: what the values are (printed as the claim) */
    const char *source;       /* the file the values came from */
} bc_judge_spec;

/* Judges s as the runner judges a check (o->trials is ignored: the rows
 * are the trials; o->alpha, o->ci_method apply). Returns the verdict (or
 * BC_USAGE with msg); rec is filled as by bc_runner_run. */
int bc_judge(const bc_judge_spec *s, const bc_run_opts *o, bc_record *rec, char *msg, size_t len);

/* The check a judge run reports as (id "judge"). */
extern const struct bc_check bc_judge_check;

#endif
