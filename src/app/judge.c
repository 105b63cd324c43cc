/* judge.c -- a user's values judged by the runner (see judge.h). */
#include "app/judge.h"
#include "core/check.h"
#include "core/status.h"
#include "core/verdict.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The spec being judged: the runner's setup has no other way in (judge
 * runs one at a time). */
static const bc_judge_spec *current;

static int judge_setup(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                       size_t len)
{
    (void)p;
    (void)variant;
    (void)msg;
    (void)len;
    const bc_judge_spec *s = current;
    const bc_values *v = s->lhs;
    *(const bc_judge_spec **)inst = s;   /* the instance: the spec */
    bc_record_constant(rec, "trials", (double)v->rows, BC_PROV_EXACT, "rows of the values file");
    bc_record_constant(rec, "columns", (double)v->cols, BC_PROV_EXACT, "per trial");
    bc_record_note(rec, "Values from %s, judged by boundcheck judge (%s): %s.", s->source,
                   s->kind == BC_JUDGE_MEAN ? "mean" : s->kind == BC_JUDGE_EVERY ? "every" : "prob",
                   s->what);
    if (s->kind == BC_JUDGE_MEAN) {
        for (size_t j = 0; j < v->cols; j++) {
            char d[BC_REC_TEXT];
            snprintf(d, sizeof d, "E[%s] <= rhs", v->names[j]);
            int q = isfinite(s->lo)
                        ? bc_record_quantity(rec, v->names[j], d, s->lo, s->hi,
                                             "the per-trial range given (--range)")
                        : bc_record_quantity(rec, v->names[j], d, NAN, NAN,
                                             "no known range: Student t interval");
            bc_record_term(rec, q, "rhs", s->rhs[j]);
        }
    } else if (s->kind == BC_JUDGE_EVERY) {
        bc_record_quantity_exact(rec, "every", "value <= rhs for every trial and column; slack "
                                 "(value - rhs)/max(|value|, |rhs|), 'at' = the column", s->rtol);
    } else {
        bc_record_quantity_frequency(rec, "fails", "some column's value exceeds its rhs", s->delta);
    }
    return BC_SUCCESS;
}

static int judge_trial(const void *inst, void *ws, size_t t, gsl_rng *r, double *values,
                       double *aux)
{
    (void)ws;
    (void)r;
    const bc_judge_spec *s = *(const bc_judge_spec *const *)inst;
    const bc_values *v = s->lhs;
    const double *row = v->x + t * v->cols;
    if (s->kind == BC_JUDGE_MEAN) {
        for (size_t j = 0; j < v->cols; j++)
            values[j] = row[j];
        return BC_SUCCESS;
    }
    double worst = -INFINITY;
    int fails = 0;
    for (size_t j = 0; j < v->cols; j++) {
        double sl = bc_verdict_slack(row[j], s->rhs[j], 0.0);
        if (sl > worst) {
            worst = sl;
            aux[0] = (double)j;
        }
        fails |= row[j] > s->rhs[j];
    }
    values[0] = s->kind == BC_JUDGE_EVERY ? worst : (double)fails;
    return BC_SUCCESS;
}

static const bc_paper user_values = {.name = "values given by the user", .source = "user"};
static const bc_method judge_method = {.setup = judge_setup,
                                      .inst_size = sizeof(const bc_judge_spec *),
                                      .trial_at = judge_trial};

const bc_check bc_judge_check = {
    .id = "judge",
    .paper = &user_values,
    .statement = "boundcheck judge",
    .formula = "the user's values against the user's right-hand side",
    .version = "as given",
    .default_trials = 1,
    .method = &judge_method,
};

int bc_judge(const bc_judge_spec *s, const bc_run_opts *o, bc_record *rec, char *msg, size_t len)
{
    bc_params p;
    bc_run_opts ro = *o;
    memset(rec, 0, sizeof *rec);
    if (s->lhs == NULL || s->lhs->rows == 0 || s->lhs->cols == 0) {
        snprintf(msg, len, "no values to judge");
        return BC_USAGE;
    }
    if (s->kind == BC_JUDGE_MEAN && s->lhs->cols > BC_REC_Q_MAX) {
        snprintf(msg, len, "--kind mean judges each column as a quantity: at most %d columns "
                 "(got %zu; select some with --columns)", BC_REC_Q_MAX, s->lhs->cols);
        return BC_USAGE;
    }
    if (s->kind == BC_JUDGE_MEAN && s->lhs->rows < 2) {
        snprintf(msg, len, "--kind mean needs at least 2 trials (rows) for an interval");
        return BC_USAGE;
    }
    if (bc_params_init(&p, NULL, 0, msg, len) != 0)
        return BC_USAGE;
    ro.trials = s->lhs->rows;
    ro.nshards = 0;
    current = s;
    int code = bc_runner_run(&bc_judge_check, &p, &ro, rec, msg, len);
    current = NULL;
    return code;
}
