/* test_search.c -- the tightness search on toy checks whose ratio function
 * is known: it finds a planted maximum, it never calls a counterexample on
 * the strength of noisy evaluations, and it does report a real one. */
#include "bc_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>

#include "core/search.h"
#include "core/status.h"

static const bc_param_spec params[] = {
    {"a", BC_PARAM_REAL, "0.5", 0, 1, 0, NULL, "first coordinate"},
    {"b", BC_PARAM_REAL, "0.5", 0, 1, 0, NULL, "second coordinate"},
    {"level", BC_PARAM_REAL, "0.9", 0, 2, 0, NULL, "peak mean / RHS"},
    {"spread", BC_PARAM_REAL, "0.01", 0, 1, 0, NULL, "per-trial noise half-width"},
};

typedef struct {
    double a, b, level, spread;
} toy;

/* mean(a, b) = level * exp(-20 ((a - 0.3)^2 + (b - 0.7)^2)) * RHS, RHS = 0.5 */
static int setup(const bc_params *p, bc_record *rec, void **out, char *msg, size_t len)
{
    (void)msg;
    (void)len;
    toy *t = malloc(sizeof *t);
    t->a = bc_params_real(p, "a");
    t->b = bc_params_real(p, "b");
    t->level = bc_params_real(p, "level");
    t->spread = bc_params_real(p, "spread");
    *out = t;
    int q = bc_record_quantity(rec, "planted", "a known ratio function", 0.0, 1.0, "by construction");
    bc_record_term(rec, q, "rhs", 0.5);
    return 0;
}

static int trial(const void *v, void *ws, gsl_rng *r, double *out, double *aux)
{
    (void)ws;
    (void)aux;
    const toy *t = v;
    double m = 0.5 * t->level * exp(-20.0 * ((t->a - 0.3) * (t->a - 0.3) + (t->b - 0.7) * (t->b - 0.7)));
    double x = m + t->spread * (2.0 * gsl_rng_uniform(r) - 1.0);
    out[0] = fmin(1.0, fmax(0.0, x));
    return 0;
}

static const bc_check toy_check = {
    .id = "toy.planted", .paper = "toy", .source = "none", .statement = "planted",
    .formula = "E X <= 0.5", .version = "test", .params = params, .nparams = 4,
    .default_trials = 4000, .quick = "trials=8", .has_range = 1,
    .setup = setup, .free_instance = free, .trial = trial,
};

static void opts(bc_search_opts *o, const char *fixed)
{
    char msg[256];
    bc_search_opts_default(o);
    bc_params_init(&o->base, params, 4, msg, sizeof msg);
    bc_params_apply_profile(&o->base, fixed, msg, sizeof msg);
    o->vary = "a,b";
    o->threads = 1;
}

static void test_search_finds_planted_maximum(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    opts(&o, "");
    o.budget = 150;
    assert_int_equal(bc_search_run(&toy_check, &o, &res, msg, sizeof msg), 0);
    double a = bc_params_real(&res.best, "a"), b = bc_params_real(&res.best, "b");
    assert_true(fabs(a - 0.3) < 0.05 && fabs(b - 0.7) < 0.05);
    assert_true(res.ratio > 0.85 && res.ratio <= 0.92);
    assert_int_equal(res.counterexample, 0);
    assert_int_equal(res.confirm_code, BC_HOLDS);
    assert_true(res.evals <= 150);
    bc_record_release(&res.confirm);
    /* the same options give the same answer (reproducible) */
    bc_search_result again;
    bc_search_run(&toy_check, &o, &again, msg, sizeof msg);
    bc_assert_rel(bc_params_real(&again.best, "a"), a, 0);
    bc_assert_rel(again.ratio, res.ratio, 0);
    bc_record_release(&again.confirm);
}

/* The mean peaks at 0.95 RHS, but with 2 noisy trials per evaluation many
 * evaluations show a ratio above 1: the confirmation must not. */
static void test_search_no_counterexample_from_noise(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    opts(&o, "level=0.95 spread=0.45");
    o.budget = 60;
    o.trials = 2;
    assert_int_equal(bc_search_run(&toy_check, &o, &res, msg, sizeof msg), 0);
    assert_true(res.best_obj > 1.0);           /* the search saw a noisy "violation" */
    assert_int_equal(res.counterexample, 0);    /* the confirmation does not */
    assert_true(res.ratio < 1.0);
    bc_record_release(&res.confirm);
}

static void test_search_reports_real_counterexample(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    opts(&o, "level=1.3");
    o.budget = 80;
    assert_int_equal(bc_search_run(&toy_check, &o, &res, msg, sizeof msg), 0);
    assert_int_equal(res.counterexample, 1);
    assert_true(res.ratio_lo > 1.0);
    bc_record_release(&res.confirm);
    /* bad input */
    opts(&o, "");
    o.vary = "a,nosuch";
    assert_int_equal(bc_search_run(&toy_check, &o, &res, msg, sizeof msg), BC_USAGE);
    assert_non_null(strstr(msg, "nosuch"));
}

/* A deterministic toy with an exact identity (constant slack 1e-13) and
 * the statement proper, slack -0.01 - (a - 0.3)^2 - (b - 0.7)^2: the
 * check's search_target makes the search maximise the statement, and its
 * search_vary makes it vary a only. */
static int setup_exact(const bc_params *p, bc_record *rec, void **out, char *msg, size_t len)
{
    (void)msg;
    (void)len;
    toy *t = malloc(sizeof *t);
    t->a = bc_params_real(p, "a");
    t->b = bc_params_real(p, "b");
    *out = t;
    bc_record_quantity_exact(rec, "identity", "an exact identity", 1e-9);
    bc_record_quantity_exact(rec, "statement", "the statement", 1e-9);
    return 0;
}

static int trial_exact(const void *v, void *ws, gsl_rng *r, double *out, double *aux)
{
    (void)ws;
    (void)r;
    (void)aux;
    const toy *t = v;
    out[0] = 1e-13;
    out[1] = -0.01 - (t->a - 0.3) * (t->a - 0.3) - (t->b - 0.7) * (t->b - 0.7);
    return 0;
}

static const bc_check toy_exact = {
    .id = "toy.exact", .paper = "toy", .source = "none", .statement = "exact",
    .formula = "statement <= 0", .version = "test", .params = params, .nparams = 4,
    .default_trials = 4, .quick = "trials=2", .search_vary = "a",
    .search_target = "statement", .setup = setup_exact, .free_instance = free,
    .trial = trial_exact,
};

static void test_search_target_and_vary(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    opts(&o, "");
    o.vary = NULL;   /* the check's own list */
    o.budget = 60;
    assert_int_equal(bc_search_run(&toy_exact, &o, &res, msg, sizeof msg), 0);
    assert_int_equal(res.dims, 1);
    assert_string_equal(res.names[0], "a");
    assert_true(fabs(bc_params_real(&res.best, "a") - 0.3) < 0.05);
    bc_assert_rel(bc_params_real(&res.best, "b"), 0.5, 0);
    /* the confirmed value is the statement's slack, not the identity's */
    assert_true(res.ratio <= -0.05 && res.ratio > -0.053);
    assert_int_equal(res.counterexample, 0);
    bc_record_release(&res.confirm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_finds_planted_maximum),
        cmocka_unit_test(test_search_no_counterexample_from_noise),
        cmocka_unit_test(test_search_reports_real_counterexample),
        cmocka_unit_test(test_search_target_and_vary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
