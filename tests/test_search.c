/* test_search.c -- the tightness search on toy checks whose ratio function
 * is known: it finds a planted maximum, it never calls a counterexample on
 * the strength of noisy evaluations, and it does report a real one. */
#include "bc_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>

#include "app/search.h"
#include "core/status.h"

static const bc_param_spec params[] = {
    {"a", BC_PARAM_REAL, "0.5", 0, 1, 0, NULL, "first coordinate", BC_CLAIM_LIN(0, 1)},
    {"b", BC_PARAM_REAL, "0.5", 0, 1, 0, NULL, "second coordinate", BC_CLAIM_LIN(0, 1)},
    {"level", BC_PARAM_REAL, "0.9", 0, 2, 0, NULL, "peak mean / RHS", BC_CLAIM_FIXED("the toy's truth")},
    {"spread", BC_PARAM_REAL, "0.01", 0, 1, 0, NULL, "per-trial noise half-width",
     BC_CLAIM_FIXED("the toy's noise")},
};

typedef struct {
    double a, b, level, spread;
} toy;

/* mean(a, b) = level * exp(-20 ((a - 0.3)^2 + (b - 0.7)^2)) * RHS, RHS = 0.5 */
static int setup(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                  size_t len)
{
    (void)variant;
    (void)msg;
    (void)len;
    toy *t = inst;
    t->a = bc_params_real(p, "a");
    t->b = bc_params_real(p, "b");
    t->level = bc_params_real(p, "level");
    t->spread = bc_params_real(p, "spread");
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
    .id = "toy.planted", .paper = &bc_test_paper, .statement = "planted",
    .formula = "E X <= 0.5", .version = "test", .params = params, .nparams = 4,
    .default_trials = 4000, .quick = "trials=8",
    .method = &(const bc_method){.setup = setup, .inst_size = sizeof(toy), .trial = trial},
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
    /* the budget is in units; the last evaluation may overrun it by its own cost */
    assert_true(res.units <= 150 + 16);
    assert_true(res.screened > 0 && res.promoted > 0 && res.local > 0);
    /* decided at the first look, which judges at alpha / 2 */
    assert_int_equal(res.confirm.trials, res.confirm_first);
    bc_assert_rel(res.confirm.alpha, 0.5e-3, 0);
    bc_search_release(&res);
    /* the same options give the same answer (reproducible) */
    bc_search_result again;
    bc_search_run(&toy_check, &o, &again, msg, sizeof msg);
    bc_assert_rel(bc_params_real(&again.best, "a"), a, 0);
    bc_assert_rel(again.ratio, res.ratio, 0);
    bc_search_release(&again);
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
    bc_search_release(&res);
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
    bc_search_release(&res);
    /* bad input */
    opts(&o, "");
    o.vary = "a,nosuch";
    assert_int_equal(bc_search_run(&toy_check, &o, &res, msg, sizeof msg), BC_USAGE);
    assert_non_null(strstr(msg, "nosuch"));
}

/* An INCONCLUSIVE confirmation doubles its trials until decided: with 50
 * trials the interval of the ratio (1.5 at the peak, per-trial noise
 * +-0.45) straddles 1, with a few hundred it does not. Look j judges at alpha / 2^(j+1),
 * the record says so, and the last look is a counterexample. Where the
 * ratio is 1 (level 1: nothing can decide), the looks stop at
 * BC_SEARCH_GROW times the first's trials, still INCONCLUSIVE. */
static void test_search_confirmation_doubles_until_decided(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    opts(&o, "level=1.5 spread=0.45");
    o.budget = 80;
    o.confirm_trials = 50;
    assert_int_equal(bc_search_run(&toy_check, &o, &res, msg, sizeof msg), 0);
    assert_int_equal(res.confirm_first, 50);
    assert_true(res.confirm.trials > 50 && res.confirm.trials <= 50 * BC_SEARCH_GROW);
    size_t looks = 1;
    while ((50u << (looks - 1)) < res.confirm.trials)
        looks++;
    assert_int_equal(50u << (looks - 1), res.confirm.trials);   /* doubled */
    bc_assert_rel(res.confirm.alpha, ldexp(1e-3, -(int)looks), 0);
    assert_int_equal(res.confirm_code, BC_VIOLATED);
    assert_int_equal(res.counterexample, 1);
    assert_true(res.ratio_lo > 1.0);
    int noted = 0;
    for (size_t k = 0; k < res.confirm.nnotes; k++)
        noted |= strstr(res.confirm.notes[k], "the search's confirmation: look") != NULL;
    assert_true(noted);
    bc_search_release(&res);

    opts(&o, "level=1 spread=0.45 a=0.3 b=0.7");
    o.vary = "a";
    o.budget = 20;
    o.confirm_trials = 4;
    assert_int_equal(bc_search_run(&toy_check, &o, &res, msg, sizeof msg), 0);
    assert_int_equal(res.confirm_code, BC_INCONCLUSIVE);
    assert_int_equal(res.confirm.trials, 4 * BC_SEARCH_GROW);
    bc_assert_rel(res.confirm.alpha, 1e-3 / (2.0 * BC_SEARCH_GROW), 0);
    bc_search_release(&res);
}

/* A toy whose statement fails only where its noise is exactly 0, a value
 * claimed below the log range [1e-4, 10] (BC_CLAIM_LOG0; default 1), and
 * whose cost grows with a size T claimed on [10, 1e5]: the search reaches
 * 0 and confirms it; screened points too costly for the cap have T
 * lowered instead of being skipped, so the plain coordinate c still
 * covers its bins; and T stays below what the cap affords. */
static const bc_param_spec zero_params[] = {
    {"noise", BC_PARAM_REAL, "1", 0, 100, 0, NULL, "a noise that may vanish", BC_CLAIM_LOG0(1e-4, 10)},
    {"T", BC_PARAM_INT, "10", 1, 1e6, 0, NULL, "a size", BC_CLAIM_SIZE(10, 100000)},
    {"c", BC_PARAM_REAL, "0.5", 0, 1, 0, NULL, "a plain coordinate", BC_CLAIM_LIN(0, 1)},
};

typedef struct {
    double noise;
} zero_toy;

static int setup_zero(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                      size_t len)
{
    (void)variant;
    (void)msg;
    (void)len;
    ((zero_toy *)inst)->noise = bc_params_real(p, "noise");
    int q = bc_record_quantity(rec, "planted", "fails at noise 0", 0.0, 1.0, "by construction");
    bc_record_term(rec, q, "rhs", 0.5);
    return 0;
}

static int trial_zero(const void *v, void *ws, gsl_rng *r, double *out, double *aux)
{
    (void)ws;
    (void)aux;
    const zero_toy *t = v;
    double m = t->noise == 0.0 ? 0.75 : 0.25;
    out[0] = m + 0.02 * (2.0 * gsl_rng_uniform(r) - 1.0);
    return 0;
}

static const bc_check toy_zero = {
    .id = "toy.zero", .paper = &bc_test_paper, .statement = "zero",
    .formula = "E X <= 0.5", .version = "test", .params = zero_params, .nparams = 3,
    .default_trials = 200, .quick = "trials=16",
    .method = &(const bc_method){.setup = setup_zero, .inst_size = sizeof(zero_toy),
                                 .trial = trial_zero},
};

/* A toy whose statement fails only for a momentum beta in (0.999, 0.9995),
 * claimed on [0, 0.9999] with 1 - beta on a log scale (BC_CLAIM_TO1): a
 * sliver of 0.05% of the range on a linear scale, 7.5% of the coordinate
 * on this one. The search reaches it and confirms it, and every bin of the
 * coordinate (1 - beta from 1 down to 1e-4) is covered. */
static const bc_param_spec to1_params[] = {
    {"beta", BC_PARAM_REAL, "0.5", 0, 1, 0, NULL, "a momentum", BC_CLAIM_TO1(0, 0.9999)},
    {"c", BC_PARAM_REAL, "0.5", 0, 1, 0, NULL, "a plain coordinate", BC_CLAIM_LIN(0, 1)},
};

static int trial_to1(const void *v, void *ws, gsl_rng *r, double *out, double *aux)
{
    (void)ws;
    (void)aux;
    const zero_toy *t = v;
    double m = t->noise > 0.999 && t->noise < 0.9995 ? 0.75 : 0.25;
    out[0] = m + 0.02 * (2.0 * gsl_rng_uniform(r) - 1.0);
    return 0;
}

static int setup_to1(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                     size_t len)
{
    (void)variant;
    (void)msg;
    (void)len;
    ((zero_toy *)inst)->noise = bc_params_real(p, "beta");
    int q = bc_record_quantity(rec, "planted", "fails near beta = 1", 0.0, 1.0, "by construction");
    bc_record_term(rec, q, "rhs", 0.5);
    return 0;
}

static const bc_check toy_to1 = {
    .id = "toy.to1", .paper = &bc_test_paper, .statement = "to one",
    .formula = "E X <= 0.5", .version = "test", .params = to1_params, .nparams = 2,
    .default_trials = 200, .quick = "trials=16",
    .method = &(const bc_method){.setup = setup_to1, .inst_size = sizeof(zero_toy),
                                 .trial = trial_to1},
};

static void test_search_log_of_one_minus(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    bc_search_opts_default(&o);
    bc_params_init(&o.base, to1_params, 2, msg, sizeof msg);
    o.threads = 1;
    o.budget = 60;
    assert_int_equal(bc_search_run(&toy_to1, &o, &res, msg, sizeof msg), 0);
    assert_true(res.dim[0].to_one);
    assert_int_equal(res.counterexample, 1);
    double b = bc_params_real(&res.best, "beta");
    assert_true(b > 0.999 && b < 0.9995);
    assert_true(res.dim[0].bins == (1u << BC_SEARCH_BINS) - 1);
    assert_true(res.dim[0].seen_hi <= 0.9999 && res.dim[0].seen_lo >= 0.0);
    bc_search_release(&res);
}

/* An exact expectation (--exact 1) is weighed as the ratio E/RHS that its
 * slack (E - RHS)/max stands for, like a Monte-Carlo run's mean: clars and
 * multirate searches mix both, and a slack of -0.1 (ratio 0.9) used to rank
 * below a Monte-Carlo ratio of 0.5. An exact inequality keeps its slack. */
static void test_search_exact_expectation_weighed_as_ratio(void **state)
{
    (void)state;
    bc_record rec;
    memset(&rec, 0, sizeof rec);
    rec.nq = 1;
    rec.q[0].kind = BC_Q_EXACT;
    rec.q[0].expectation = 1;
    snprintf(rec.q[0].name, sizeof rec.q[0].name, "full");
    const double slack[] = {-0.1, -1.0, 0.0, 0.5, 0.75}, ratio[] = {0.9, 0.0, 1.0, 2.0, 4.0};
    for (size_t i = 0; i < 5; i++) {
        int is_ratio = 0;
        rec.q[0].worst = slack[i];
        bc_assert_rel(bc_search_objective(&rec, BC_HOLDS, &is_ratio, NULL, 0), ratio[i], 1e-15);
        assert_int_equal(is_ratio, 1);
    }
    rec.q[0].expectation = 0;
    rec.q[0].worst = -0.1;
    int is_ratio = 1;
    bc_assert_rel(bc_search_objective(&rec, BC_HOLDS, &is_ratio, NULL, 0), -0.1, 1e-15);
    assert_int_equal(is_ratio, 0);
}

static void test_search_zero_below_log_range_and_sizes_fitted(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    bc_search_opts_default(&o);
    bc_params_init(&o.base, zero_params, 3, msg, sizeof msg);
    o.threads = 1;
    o.budget = 60;
    assert_int_equal(bc_search_run(&toy_zero, &o, &res, msg, sizeof msg), 0);
    assert_true(res.dim[0].zero);
    assert_int_equal(res.counterexample, 1);
    assert_true(bc_params_real(&res.best, "noise") == 0.0);
    assert_true(res.dim[0].bins & 1u);           /* the zero bin was reached */
    assert_true(res.dim[0].seen_lo == 0.0);
    assert_true(res.n_fitted > 0);               /* costly points had T lowered ... */
    assert_int_equal(res.n_costly, 0);           /* ... none skipped */
    assert_true(res.dim[2].bins == (1u << BC_SEARCH_BINS) - 1);  /* c covered */
    assert_true(res.dim[1].seen_hi < 1e4);       /* T within what the cap affords */
    bc_search_release(&res);
}

/* An exact inequality that fails in 1 of about 150 random instances
 * (trials) where a > 0.5 and never elsewhere. The evaluations share their
 * seed (common random numbers); at seed 29 trial 5 is such an instance
 * (where a > 0.5), so the evaluations see it; seed 30's first 40 trials
 * hold none (both found by enumerating seeds), so a fresh-seed
 * confirmation would call the statement true. The confirmation reruns the
 * evaluations' own seed and confirms the failing instance. */
static int setup_rare(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                      size_t len)
{
    (void)variant;
    (void)msg;
    (void)len;
    ((toy *)inst)->a = bc_params_real(p, "a");
    bc_record_quantity_exact(rec, "statement", "fails on rare instances", 1e-9);
    return 0;
}

static int trial_rare(const void *v, void *ws, gsl_rng *r, double *out, double *aux)
{
    (void)ws;
    (void)aux;
    const toy *t = v;
    out[0] = t->a > 0.5 && gsl_rng_uniform(r) < 1.0 / 150.0 ? 0.5 : -0.5;
    return 0;
}

static const bc_check toy_rare = {
    .id = "toy.rare", .paper = &bc_test_paper, .statement = "rare",
    .formula = "statement <= 0", .version = "test", .params = params, .nparams = 4,
    .default_trials = 40, .quick = "trials=40",
    .method = &(const bc_method){.setup = setup_rare, .inst_size = sizeof(toy), .trial = trial_rare},
};

static void test_search_exact_confirms_its_own_instances(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    opts(&o, "");
    o.budget = 60;
    o.seed = 29;
    assert_int_equal(bc_search_run(&toy_rare, &o, &res, msg, sizeof msg), 0);
    assert_true(res.best_obj > 0.0);             /* an evaluation drew a failing instance */
    assert_int_equal(res.is_ratio, 0);
    assert_int_equal(res.confirm_seed, o.seed);  /* the evaluations' seed, not seed + 1 */
    assert_int_equal(res.confirm.seed, o.seed);
    assert_int_equal(res.confirm_code, BC_VIOLATED);
    assert_int_equal(res.counterexample, 1);
    assert_true(bc_params_real(&res.best, "a") > 0.5);
    bc_search_release(&res);
    /* a mean's confirmation keeps the fresh seed */
    opts(&o, "");
    o.budget = 40;
    assert_int_equal(bc_search_run(&toy_check, &o, &res, msg, sizeof msg), 0);
    assert_int_equal(res.confirm_seed, o.seed + 1);
    bc_search_release(&res);
}

/* A deterministic toy with an exact identity (constant slack 1e-13) and
 * the statement proper, slack -0.01 - (a - 0.3)^2 - (b - 0.7)^2: the
 * check's search_target makes the search maximise the statement, and
 * --vary a makes it vary a only. */
static int setup_exact(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                  size_t len)
{
    (void)variant;
    (void)msg;
    (void)len;
    toy *t = inst;
    t->a = bc_params_real(p, "a");
    t->b = bc_params_real(p, "b");
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
    .id = "toy.exact", .paper = &bc_test_paper, .statement = "exact",
    .formula = "statement <= 0", .version = "test", .params = params, .nparams = 4,
    .default_trials = 4, .quick = "trials=2",
    .search_target = "statement",
    .method = &(const bc_method){.setup = setup_exact, .inst_size = sizeof(toy), .trial = trial_exact},
};

static void test_search_target_and_vary(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    opts(&o, "");
    o.vary = "a";
    o.budget = 60;
    assert_int_equal(bc_search_run(&toy_exact, &o, &res, msg, sizeof msg), 0);
    assert_int_equal(res.dims, 1);
    assert_string_equal(res.dim[0].name, "a");
    assert_true(fabs(bc_params_real(&res.best, "a") - 0.3) < 0.05);
    bc_assert_rel(bc_params_real(&res.best, "b"), 0.5, 0);
    /* the confirmed value is the statement's slack, not the identity's */
    assert_true(res.ratio <= -0.05 && res.ratio > -0.053);
    assert_int_equal(res.counterexample, 0);
    bc_search_release(&res);
}


/* Planted counterexamples that exist only where the old neighbourhood
 * search could not go. The mean is 0.5 RHS everywhere (a ratio gently
 * sloped so the search has something to climb) except
 *  - corner: k >= 100 x its default (4) together with h below 1/1000 of
 *    its default (1), where it is 1.5 RHS;
 *  - tiny: the data set has exactly 2 points (n = 2, default 200).
 * The declared box is the statement's claim: k in [1, 1e4], h in [1e-8,
 * 10], n in [2, 1000]. */
static const bc_param_spec corner_params[] = {
    {"k", BC_PARAM_INT, "4", 1, 1e7, 0, NULL, "a period", BC_CLAIM_LOG(1, 1e4)},
    {"h", BC_PARAM_REAL, "1", 0, 1e6, 1, NULL, "a step", BC_CLAIM_LOG(1e-8, 10)},
    {"n", BC_PARAM_INT, "200", 2, 1e8, 0, NULL, "data points", BC_CLAIM_SIZE(2, 1000)},
    {"which", BC_PARAM_CHOICE, "corner", 0, 0, 0, "corner|tiny|none|diverge", "the planted region",
     BC_CLAIM_FIXED("the toy's truth")},
    {"fail-above", BC_PARAM_REAL, "2", 0, 2, 0, NULL, "runs FAIL (overflow) where h > this",
     BC_CLAIM_FIXED("the toy's truth")},
};

typedef struct {
    long long k, n;
    double h, fail_above;
    int which;
} corner;

static int setup_corner(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                  size_t len)
{
    (void)variant;
    (void)msg;
    (void)len;
    corner *t = inst;
    t->k = bc_params_int(p, "k");
    t->h = bc_params_real(p, "h");
    t->n = bc_params_int(p, "n");
    t->fail_above = bc_params_real(p, "fail-above");
    const char *w = bc_params_str(p, "which");
    t->which = strcmp(w, "corner") == 0 ? 0 : strcmp(w, "tiny") == 0 ? 1
               : strcmp(w, "none") == 0 ? 2 : 3;
    int q = bc_record_quantity(rec, "planted", "a planted ratio", 0.0, 1.0, "by construction");
    bc_record_term(rec, q, "rhs", 0.5);
    return 0;
}

static int trial_corner(const void *v, void *ws, gsl_rng *r, double *out, double *aux)
{
    (void)ws;
    (void)aux;
    const corner *t = v;
    /* diverge: a trial leaves the hypothesis with probability h / 10 */
    if (t->which == 3 && gsl_rng_uniform(r) < t->h / 10.0)
        return BC_EHYPOTHESIS;
    if (t->h > t->fail_above && t->which != 3)
        return BC_ENUMERIC;  /* the planted overflow */
    int in = (t->which == 0 && t->k >= 400 && t->h <= 1e-3) || (t->which == 1 && t->n == 2);
    /* 0.5 RHS, rising slowly towards large h (away from the corner) */
    double m = in ? 0.75 : 0.25 + 0.02 * log10(t->h + 1e-8) / 9.0;
    out[0] = fmin(1.0, fmax(0.0, m + 0.02 * (2.0 * gsl_rng_uniform(r) - 1.0)));
    return 0;
}

static const bc_check toy_corner = {
    .id = "toy.corner", .paper = &bc_test_paper, .statement = "corner",
    .formula = "E X <= 0.5", .version = "test", .params = corner_params, .nparams = 5,
    .default_trials = 2000, .quick = "trials=16",
    .method = &(const bc_method){.setup = setup_corner, .inst_size = sizeof(corner),
                                 .trial = trial_corner},
};

static void corner_opts(bc_search_opts *o, const char *fixed, uint64_t seed)
{
    char msg[256];
    bc_search_opts_default(o);
    bc_params_init(&o->base, corner_params, 5, msg, sizeof msg);
    bc_params_apply_profile(&o->base, fixed, msg, sizeof msg);
    o->threads = 1;
    o->seed = seed;
}

static void test_search_finds_narrow_corner(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    corner_opts(&o, "which=corner", 1);
    assert_int_equal(bc_search_run(&toy_corner, &o, &res, msg, sizeof msg), 0);
    assert_int_equal(res.counterexample, 1);
    assert_int_equal(bc_search_exit_code(&res), 1);
    assert_true(bc_params_int(&res.best, "k") >= 400);
    assert_true(bc_params_real(&res.best, "h") <= 1e-3);
    assert_true(res.ratio_lo > 1.0);
    /* the box is the claim: k and h were seen across it, not near the default */
    assert_int_equal(res.dims, 3);
    for (size_t k = 0; k < res.dims; k++)
        assert_true(res.dim[k].bins == (1u << BC_SEARCH_BINS) - 1);
    assert_int_equal(res.nfixed, 2);
    bc_search_release(&res);
}

static void test_search_finds_two_point_data_set(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    corner_opts(&o, "which=tiny", 1);
    assert_int_equal(bc_search_run(&toy_corner, &o, &res, msg, sizeof msg), 0);
    assert_int_equal(res.counterexample, 1);
    assert_int_equal(bc_params_int(&res.best, "n"), 2);
    bc_search_release(&res);
}

/* No planted region: the bound holds (ratio at most 0.5 + noise), and no
 * search seed may confirm a counterexample. */
static void test_search_true_bound_never_refuted(void **state)
{
    (void)state;
    char msg[256];
    for (uint64_t seed = 1; seed <= 50; seed++) {
        bc_search_opts o;
        bc_search_result res;
        corner_opts(&o, "which=none", seed);
        o.budget = 40;
        assert_int_equal(bc_search_run(&toy_corner, &o, &res, msg, sizeof msg), 0);
        assert_int_equal(res.counterexample, 0);
        assert_int_not_equal(bc_search_exit_code(&res), 1);
        bc_search_release(&res);
    }
}

/* Trials leave the hypothesis with probability h/10, every stated
 * condition holding: the search counts those runs as a finding and keeps
 * the one with the largest fraction (near the top of h's range), and
 * still judges the bound where every trial stays inside. */
static void test_search_reports_scope_finding(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    corner_opts(&o, "which=diverge", 1);
    o.budget = 60;
    assert_int_equal(bc_search_run(&toy_corner, &o, &res, msg, sizeof msg), 0);
    assert_true(res.n_outside > 0);
    assert_true(res.outside_frac >= 0.3);
    assert_int_equal(res.worst_outside.code, BC_PRECONDITION);
    assert_true(bc_params_real(&res.worst_outside.at, "h") > 1.0);
    assert_int_equal(res.counterexample, 0);
    bc_search_release(&res);
}

/* The same toy with the fraction outside as the objective: the search
 * climbs to the top of h's range, confirms trials outside the hypothesis
 * with a Clopper-Pearson interval away from 0, and exits 1 (a finding);
 * with the plain objective it does not call that a finding. */
static void test_search_objective_outside(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    corner_opts(&o, "which=diverge", 1);
    o.budget = 60;
    o.outside = 1;
    assert_int_equal(bc_search_run(&toy_corner, &o, &res, msg, sizeof msg), 0);
    assert_true(res.best_obj >= 0.3);
    assert_true(bc_params_real(&res.best, "h") > 1.0);
    assert_int_equal(res.scope_confirmed, 1);
    assert_true(res.confirm_outside > 0 && res.outside_lo > 0.0);
    assert_true(res.outside_lo <= (double)res.confirm_outside / (double)res.confirm.trials);
    assert_true(res.outside_hi >= (double)res.confirm_outside / (double)res.confirm.trials);
    assert_int_equal(bc_search_exit_code(&res), 1);
    bc_assert_rel(res.confirm.alpha, 1e-3, 0);   /* one look, at alpha */
    bc_search_release(&res);
    corner_opts(&o, "which=none", 1);
    o.budget = 40;
    o.outside = 1;
    assert_int_equal(bc_search_run(&toy_corner, &o, &res, msg, sizeof msg), 0);
    assert_int_equal(res.scope_confirmed, 0);
    assert_int_equal(res.confirm_outside, 0);
    assert_int_not_equal(bc_search_exit_code(&res), 1);
    bc_search_release(&res);
}

/* The planted toy with two readings that use a tighter constant: the RHS
 * read as 0.5 * 0.6 (an alternative RHS, "tight rhs"), and a MEASURED
 * slack "tight slack" = X / 0.5 - offset per trial (marked a slack unless
 * slack=0). At the peak the statement holds (ratio 0.9) while the tight
 * RHS fails (ratio 1.5). */
static const bc_param_spec reading_params[] = {
    {"a", BC_PARAM_REAL, "0.5", 0, 1, 0, NULL, "first coordinate", BC_CLAIM_LIN(0, 1)},
    {"b", BC_PARAM_REAL, "0.5", 0, 1, 0, NULL, "second coordinate", BC_CLAIM_LIN(0, 1)},
    {"level", BC_PARAM_REAL, "0.9", 0, 2, 0, NULL, "peak mean / RHS", BC_CLAIM_FIXED("the toy's truth")},
    {"spread", BC_PARAM_REAL, "0.01", 0, 1, 0, NULL, "per-trial noise half-width",
     BC_CLAIM_FIXED("the toy's noise")},
    {"offset", BC_PARAM_REAL, "0.8", 0, 2, 0, NULL, "the measured slack's offset",
     BC_CLAIM_FIXED("the toy's truth")},
    {"slack", BC_PARAM_INT, "1", 0, 1, 0, NULL, "1: the measurement is a slack (else no claim)",
     BC_CLAIM_FIXED("the toy's truth")},
};

typedef struct {
    toy t;
    double offset;
} toy_reading;

static int setup_reading(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                         size_t len)
{
    toy_reading *t = inst;
    setup(p, variant, rec, &t->t, msg, len);
    bc_record_alt(rec, 0, "tight rhs", 0.5 * 0.6);
    if (bc_params_int(p, "slack"))
        bc_record_quantity_slack(rec, "tight slack", "X / 0.5 - offset", 0.0);
    else
        bc_record_quantity_measured(rec, "tight slack", "X / 0.5 - offset", NAN, NAN);
    t->offset = bc_params_real(p, "offset");
    return 0;
}

static int trial_reading(const void *v, void *ws, gsl_rng *r, double *out, double *aux)
{
    const toy_reading *t = v;
    trial(&t->t, ws, r, out, aux);
    out[1] = out[0] / 0.5 - t->offset;
    return 0;
}

static const bc_check toy_reading_check = {
    .id = "toy.reading", .paper = &bc_test_paper, .statement = "planted, two readings",
    .formula = "E X <= 0.5", .version = "test", .params = reading_params, .nparams = 6,
    .default_trials = 4000, .quick = "trials=8",
    .method = &(const bc_method){.setup = setup_reading, .inst_size = sizeof(toy_reading),
                                 .trial = trial_reading},
};

static void test_search_objective_reading(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[512];
    const char *fixed[] = {"", "offset=0.95", "slack=0"};
    for (int k = 0; k < 3; k++)
        for (int which = 0; which < 2; which++) {
            bc_search_opts_default(&o);
            bc_params_init(&o.base, reading_params, 6, msg, sizeof msg);
            bc_params_apply_profile(&o.base, fixed[k], msg, sizeof msg);
            o.vary = "a,b";
            o.threads = 1;
            o.budget = 80;
            o.reading = which == 0 ? "tight rhs" : "tight slack";
            assert_int_equal(bc_search_run(&toy_reading_check, &o, &res, msg, sizeof msg), 0);
            double a = bc_params_real(&res.best, "a"), b = bc_params_real(&res.best, "b");
            assert_true(fabs(a - 0.3) < 0.1 && fabs(b - 0.7) < 0.1);   /* climbed to the peak */
            assert_int_equal(res.confirm_code, BC_HOLDS);             /* the statement holds */
            assert_int_equal(res.counterexample, 0);
            if (which == 0) {   /* the tight RHS fails at the peak: 0.9 / 0.6 */
                assert_int_equal(res.reading_is_ratio, 1);
                assert_true(res.reading_lo > 1.3 && res.reading_hi < 1.6);
                assert_int_equal(res.reading_fails, 1);
                assert_non_null(strstr(res.objective, "tight rhs"));
            } else {            /* peak slack 0.9 - offset: 0.1 fails, -0.05 holds;
                                   unmarked (slack=0), 0.1 is a measurement: no claim */
                assert_int_equal(res.reading_is_ratio, 0);
                assert_true(fabs(res.reading - (k == 1 ? -0.05 : 0.1)) < 0.03);
                assert_int_equal(res.reading_judged, k != 2);
                assert_int_equal(res.reading_fails, k == 0);
            }
            assert_int_equal(bc_search_exit_code(&res), res.reading_fails ? BC_VIOLATED : BC_HOLDS);
            bc_search_release(&res);
        }
    /* a reading the check does not have: a usage error that lists its readings */
    o.reading = "nosuch";
    assert_int_equal(bc_search_run(&toy_reading_check, &o, &res, msg, sizeof msg), BC_USAGE);
    assert_non_null(strstr(msg, "'tight rhs', 'tight slack'"));
    bc_search_release(&res);
}

/* Part of the box overflows (h > 1): those runs are FAILED, counted and
 * reported with the first such instance; the search goes on, confirms a
 * feasible instance, and exits as for any search. */
static void test_search_survives_overflow(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    corner_opts(&o, "which=none fail-above=1", 1);
    o.budget = 60;
    assert_int_equal(bc_search_run(&toy_corner, &o, &res, msg, sizeof msg), 0);
    assert_true(res.n_failed > 0);
    assert_int_equal(res.first_failed.code, BC_FAILED);
    assert_true(bc_params_real(&res.first_failed.at, "h") > 1.0);
    assert_int_equal(res.confirm_code, BC_HOLDS);
    assert_true(bc_params_real(&res.best, "h") <= 1.0);
    assert_int_equal(bc_search_exit_code(&res), 0);
    bc_search_release(&res);
}

/* Runs FAIL rarely (a trial in 500) where a < 0.5, around the peak: the search's 8 common
 * trials never meet one, the confirmation's 4000 always do. Each failed
 * confirmation is recorded with its instance, the next candidate is tried,
 * and the exit says what happened. */
static int trial_fragile(const void *v, void *ws, gsl_rng *r, double *out, double *aux)
{
    const toy *t = v;
    if (t->a < 0.5 && gsl_rng_uniform(r) < 0.002)
        return BC_ENUMERIC;
    return trial(v, ws, r, out, aux);
}

static const bc_check toy_fragile = {
    .id = "toy.fragile", .paper = &bc_test_paper, .statement = "fragile",
    .formula = "E X <= 0.5", .version = "test", .params = params, .nparams = 4,
    .default_trials = 4000, .quick = "trials=8",
    .method = &(const bc_method){.setup = setup, .inst_size = sizeof(toy), .trial = trial_fragile},
};

static void test_search_failed_confirmation_is_reported(void **state)
{
    (void)state;
    bc_search_opts o;
    bc_search_result res;
    char msg[256];
    opts(&o, "");
    o.budget = 60;
    assert_int_equal(bc_search_run(&toy_fragile, &o, &res, msg, sizeof msg), 0);
    assert_int_equal(res.n_failed, 0);          /* the search never saw a failure */
    assert_true(res.nrejected >= 1);            /* a confirmation did */
    assert_int_equal(res.rejected[0].code, BC_FAILED);
    assert_true(bc_params_real(&res.rejected[0].at, "a") < 0.5);
    assert_non_null(strstr(res.rejected[0].why, "trial"));
    if (res.confirm_code == BC_FAILED) {
        /* every candidate was in the fragile region: nothing confirmed */
        assert_int_equal(res.nrejected, BC_SEARCH_CONFIRMS);
        assert_int_equal(bc_search_exit_code(&res), BC_PRECONDITION);
    } else {
        assert_true(bc_params_real(&res.best, "a") >= 0.5);
        assert_int_equal(bc_search_exit_code(&res), res.counterexample ? 1 : res.confirm_code);
    }
    bc_search_release(&res);
}

/* A coordinate that matters only in one data form (bc_claim.when): the
 * objective rises with x in form b and with h everywhere. With form held
 * at a, x is never covered nor a driver; searched over both forms, its
 * coverage and rank correlation count only the form-b runs, where it
 * drives the objective. */
static const bc_param_spec when_params[] = {
    {"form", BC_PARAM_CHOICE, "a", 0, 0, 0, "a|b", "data form", BC_CLAIM_WORDS("a|b")},
    {"x", BC_PARAM_REAL, "0.5", 0, 1, 0, NULL, "matters in form b", BC_CLAIM_LIN_WHEN(0, 1, "form=b")},
    {"h", BC_PARAM_REAL, "0.5", 0, 1, 0, NULL, "matters always", BC_CLAIM_LIN(0, 1)},
};

typedef struct {
    int b;
    double x, h;
} when_inst;

static int setup_when(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                  size_t len)
{
    (void)variant;
    (void)msg;
    (void)len;
    when_inst *t = inst;
    t->b = strcmp(bc_params_str(p, "form"), "b") == 0;
    t->x = bc_params_real(p, "x");
    t->h = bc_params_real(p, "h");
    int q = bc_record_quantity(rec, "v", "a value", 0.0, 1.0, "by construction");
    bc_record_term(rec, q, "rhs", 1.0);
    return 0;
}

static int trial_when(const void *v, void *ws, gsl_rng *r, double *out, double *aux)
{
    (void)ws;
    (void)aux;
    const when_inst *t = v;
    out[0] = 0.1 * t->h + (t->b ? 0.5 * t->x : 0.0) + 0.001 * gsl_rng_uniform(r);
    return 0;
}

static const bc_check toy_when = {
    .id = "toy.when", .paper = &bc_test_paper, .statement = "when",
    .formula = "E X <= 1", .version = "test", .params = when_params, .nparams = 3,
    .default_trials = 50, .quick = "trials=8",
    .method = &(const bc_method){.setup = setup_when, .inst_size = sizeof(when_inst), .trial = trial_when},
};

static void test_search_inactive_coordinates(void **state)
{
    (void)state;
    char msg[256];
    for (int both = 0; both < 2; both++) {
        bc_search_opts o;
        bc_search_result res;
        bc_search_opts_default(&o);
        bc_params_init(&o.base, when_params, 3, msg, sizeof msg);
        o.threads = 1;
        o.budget = 40;
        if (!both)
            o.hold = "form";
        assert_int_equal(bc_search_run(&toy_when, &o, &res, msg, sizeof msg), 0);
        size_t kx = res.dims;
        for (size_t k = 0; k < res.dims; k++)
            if (strcmp(res.dim[k].name, "x") == 0)
                kx = k;
        assert_true(kx < res.dims);
        if (!both) {
            assert_int_equal(res.dim[kx].bins, 0);
            assert_true(isnan(res.dim[kx].sensitivity));
            assert_true(res.driver[0] != kx && res.driver[1] != kx);
        } else {
            assert_true(res.dim[kx].bins != 0);
            assert_true(res.dim[kx].sensitivity > 0.8);   /* over the form-b runs */
        }
        bc_search_release(&res);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_finds_planted_maximum),
        cmocka_unit_test(test_search_no_counterexample_from_noise),
        cmocka_unit_test(test_search_reports_real_counterexample),
        cmocka_unit_test(test_search_confirmation_doubles_until_decided),
        cmocka_unit_test(test_search_zero_below_log_range_and_sizes_fitted),
        cmocka_unit_test(test_search_log_of_one_minus),
        cmocka_unit_test(test_search_exact_expectation_weighed_as_ratio),
        cmocka_unit_test(test_search_exact_confirms_its_own_instances),
        cmocka_unit_test(test_search_target_and_vary),
        cmocka_unit_test(test_search_finds_narrow_corner),
        cmocka_unit_test(test_search_finds_two_point_data_set),
        cmocka_unit_test(test_search_true_bound_never_refuted),
        cmocka_unit_test(test_search_survives_overflow),
        cmocka_unit_test(test_search_reports_scope_finding),
        cmocka_unit_test(test_search_objective_outside),
        cmocka_unit_test(test_search_objective_reading),
        cmocka_unit_test(test_search_inactive_coordinates),
        cmocka_unit_test(test_search_failed_confirmation_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
