/* test_runner.c -- the generic runner on a toy check whose answer is
 * known: each trial is the mean of 20 Bernoulli(p) draws, so E = p exactly
 * and every value lies in [0, 1]. */
#include "bc_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "core/io.h"
#include "app/output.h"
#include "core/runner.h"
#include "app/shard.h"
#include "core/status.h"

static const bc_param_spec params[] = {
    {"p", BC_PARAM_REAL, "0.3", 0, 1, 0, NULL, "success probability", BC_CLAIM_FIXED("a test parameter")},
    {"rhs", BC_PARAM_REAL, "0.4", -10, 10, 0, NULL, "the claimed bound", BC_CLAIM_FIXED("a test parameter")},
    {"nan-at", BC_PARAM_INT, "-1", -1, 1e9, 0, NULL, "trial that returns NaN", BC_CLAIM_FIXED("a test parameter")},
    {"pre", BC_PARAM_INT, "1", 0, 1, 0, NULL, "whether the precondition holds", BC_CLAIM_FIXED("a test parameter")},
};

typedef struct {
    double p;
    long nan_at;
} toy;

static const char *validate(const bc_params *p, int variant, char *buf, size_t len)
{
    (void)variant;
    if (bc_params_real(p, "rhs") == 7.0) {
        snprintf(buf, len, "rhs=7 is refused by the toy validator");
        return buf;
    }
    return NULL;
}

static int setup(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                  size_t len)
{
    (void)variant;
    (void)msg;
    (void)len;
    toy *t = inst;
    t->p = bc_params_real(p, "p");
    t->nan_at = (long)bc_params_int(p, "nan-at");
    bc_record_constant(rec, "p", t->p, BC_PROV_EXACT, "given");
    int q = bc_record_quantity(rec, "mean", "mean of 20 Bernoulli(p)", 0, 1, "a frequency");
    bc_record_term(rec, q, "rhs", bc_params_real(p, "rhs"));
    bc_record_precondition(rec, "toy", (int)bc_params_int(p, "pre"), "as asked");
    return 0;
}

/* trial index is recovered from the stream: the runner reseeds per trial,
 * so count calls per workspace is not the index; use a draw instead. */
static int trial(const void *v, void *ws, gsl_rng *r, double *out, double *aux)
{
    (void)ws;
    (void)aux;
    const toy *t = v;
    int s = 0;
    for (int i = 0; i < 20; i++)
        s += gsl_rng_uniform(r) < t->p;
    out[0] = s / 20.0;
    if (t->nan_at >= 0 && gsl_rng_uniform(r) < 0.01)
        out[0] = NAN;
    return 0;
}

static const bc_check toy_check = {
    .id = "toy.mean", .paper = &bc_test_paper, .statement = "E X <= rhs",
    .formula = "E X <= rhs", .version = "test", .params = params, .nparams = 4,
    .default_trials = 2000, .quick = "trials=50",
    .method = &(const bc_method){.validate = validate, .setup = setup, .inst_size = sizeof(toy),
                                 .trial = trial},
};

static int run(const char *p, const char *rhs, int threads, bc_record *rec, char *msg)
{
    bc_params pp;
    bc_run_opts o;
    bc_params_init(&pp, params, 4, msg, 256);
    bc_params_set(&pp, "p", p, msg, 256);
    bc_params_set(&pp, "rhs", rhs, msg, 256);
    bc_run_opts_default(&o);
    o.quiet = 1;
    o.threads = threads;
    return bc_runner_run(&toy_check, &pp, &o, rec, msg, 256);
}

static void test_runner_verdicts(void **state)
{
    (void)state;
    bc_record rec;
    char msg[256];
    assert_int_equal(run("0.3", "0.35", 2, &rec, msg), BC_HOLDS);
    assert_true(rec.q[0].ci.lower <= 0.3 && 0.3 <= rec.q[0].ci.upper);
    bc_record_release(&rec);
    assert_int_equal(run("0.3", "0.25", 2, &rec, msg), BC_VIOLATED);
    bc_record_release(&rec);
    assert_int_equal(run("0.3", "0.3", 2, &rec, msg), BC_INCONCLUSIVE);
    bc_record_release(&rec);
}

static void test_runner_identical_across_threads(void **state)
{
    (void)state;
    bc_record a, b;
    char msg[256];
    run("0.3", "0.4", 1, &a, msg);
    run("0.3", "0.4", 2, &b, msg);
    assert_int_equal(a.trials, b.trials);
    assert_memory_equal(a.values, b.values, a.trials * sizeof(double));
    assert_memory_equal(&a.q[0].ci, &b.q[0].ci, sizeof a.q[0].ci);
    bc_record_release(&a);
    bc_record_release(&b);
}

static void test_shard_range_and_parse(void **state)
{
    (void)state;
    char msg[256];
    size_t lo, hi, i, n;
    /* the blocks tile [0, trials) in order, sizes differing by at most one */
    for (size_t trials = 1; trials < 40; trials++)
        for (size_t ns = 1; ns < 12; ns++) {
            size_t end = 0, mn = SIZE_MAX, mx = 0;
            for (size_t k = 0; k < ns; k++) {
                bc_shard_range(trials, k, ns, &lo, &hi);
                assert_int_equal(lo, end);
                end = hi;
                mn = hi - lo < mn ? hi - lo : mn;
                mx = hi - lo > mx ? hi - lo : mx;
            }
            assert_int_equal(end, trials);
            assert_true(mx - mn <= 1);
        }
    /* no overflow for huge counts */
    bc_shard_range(SIZE_MAX, 999999, 1000000, &lo, &hi);
    assert_int_equal(hi, SIZE_MAX);
    assert_int_equal(bc_shard_parse("2/5", &i, &n, msg, sizeof msg), 0);
    assert_int_equal(i, 2);
    assert_int_equal(n, 5);
    const char *badv[] = {"5/5", "-1/3", "1/0", "1", "/3", "1/", "1/3x", "a/b", "1/2000000", ""};
    for (size_t k = 0; k < sizeof badv / sizeof badv[0]; k++)
        assert_int_equal(bc_shard_parse(badv[k], &i, &n, msg, sizeof msg), BC_EINVAL);
}

/* Three shards written, read back and merged (files in reverse order, runs
 * on 1 and 2 threads) give the single run's values and interval bit for
 * bit. (NaN values, "not applicable", crossing the file: the CLI tests
 * merge `boundcheck all`, whose dcasgd checks return them.) */
static void test_shard_merge_equals_single_run(void **state)
{
    (void)state;
    char msg[256], dir[] = "/tmp/bc_shard.XXXXXX", path[3][64];
    bc_record one, part, merged;
    bc_params pp;
    bc_run_opts o;
    bc_shard sh[3];
    assert_non_null(mkdtemp(dir));
    bc_params_init(&pp, params, 4, msg, sizeof msg);
    bc_run_opts_default(&o);
    o.quiet = 1;
    o.trials = 301;
    assert_int_equal(bc_runner_run(&toy_check, &pp, &o, &one, msg, sizeof msg), BC_HOLDS);
    o.nshards = 3;
    for (size_t k = 0; k < 3; k++) {
        o.shard = k;
        o.threads = 1 + (int)k % 2;
        snprintf(path[k], sizeof path[k], "%s/s%zu.json", dir, k);
        assert_int_equal(bc_runner_run(&toy_check, &pp, &o, &part, msg, sizeof msg), 0);
        assert_int_equal(part.trial_hi - part.trial_lo, k == 0 ? 100 : k == 1 ? 100 : 101);
        assert_int_equal(bc_shard_write(&part, &o, path[k]), 0);
        bc_record_release(&part);
    }
    for (size_t k = 0; k < 3; k++)
        assert_int_equal(bc_shard_read(path[2 - k], &sh[k], msg, sizeof msg), 0);
    assert_int_equal(bc_shard_merge(&toy_check, sh, 3, 2, &merged, msg, sizeof msg), BC_HOLDS);
    assert_memory_equal(one.values, merged.values, one.trials * sizeof(double));
    assert_memory_equal(&one.q[0].ci, &merged.q[0].ci, sizeof one.q[0].ci);
    bc_record_release(&merged);
    /* two shards only: bad input */
    assert_int_equal(bc_shard_merge(&toy_check, sh, 2, 2, &merged, msg, sizeof msg), BC_USAGE);
    assert_non_null(strstr(msg, "2 shard files given for a run split into 3"));
    bc_record_release(&merged);
    for (size_t k = 0; k < 3; k++) {
        bc_shard_free(&sh[k]);
        unlink(path[k]);
    }
    rmdir(dir);
    bc_record_release(&one);
}

static void test_runner_failures_and_preconditions(void **state)
{
    (void)state;
    bc_params pp;
    bc_run_opts o;
    bc_record rec;
    char msg[256];
    bc_params_init(&pp, params, 4, msg, sizeof msg);
    bc_run_opts_default(&o);
    o.quiet = 1;
    bc_params_set(&pp, "nan-at", "0", msg, sizeof msg);
    assert_int_equal(bc_runner_run(&toy_check, &pp, &o, &rec, msg, sizeof msg), BC_FAILED);
    assert_non_null(strstr(rec.failure, "trial"));
    bc_record_release(&rec);
    bc_params_init(&pp, params, 4, msg, sizeof msg);
    bc_params_set(&pp, "pre", "0", msg, sizeof msg);
    assert_int_equal(bc_runner_run(&toy_check, &pp, &o, &rec, msg, sizeof msg), BC_PRECONDITION);
    assert_int_equal(rec.q[0].verdict, BC_HOLDS); /* the numbers are still there */
    bc_record_release(&rec);
    bc_params_init(&pp, params, 4, msg, sizeof msg);
    bc_params_set(&pp, "rhs", "7", msg, sizeof msg);
    assert_int_equal(bc_runner_run(&toy_check, &pp, &o, &rec, msg, sizeof msg), BC_USAGE);
    assert_non_null(strstr(msg, "toy validator"));
    bc_record_release(&rec);
    bc_params_init(&pp, params, 4, msg, sizeof msg);
    o.alpha = 0.7;
    assert_int_equal(bc_runner_run(&toy_check, &pp, &o, &rec, msg, sizeof msg), BC_USAGE);
    bc_record_release(&rec);
}

/* The JSON record parses and carries the fields the README documents;
 * a failed write leaves an existing file untouched. */
static void test_runner_json_record(void **state)
{
    (void)state;
    bc_record rec;
    char msg[256], path[64];
    run("0.3", "0.35", 2, &rec, msg);
    assert_non_null(bc_test_tmpfile("precious\n", path, sizeof path));
    assert_int_equal(bc_output_json_write(&rec, path), 0);
    cJSON *j = bc_io_read_json(path);
    assert_non_null(j);
    const char *keys[] = {"schema", "check", "statement", "params", "seed", "rng", "trials",
                          "alpha", "constants", "preconditions", "results", "notes",
                          "verdict", "exit_code", "indicative", "timing", "version"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        assert_non_null(cJSON_GetObjectItemCaseSensitive(j, keys[i]));
    assert_string_equal(cJSON_GetObjectItem(j, "verdict")->valuestring, "HOLDS");
    cJSON *r0 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "results"), 0);
    bc_assert_rel(cJSON_GetObjectItem(cJSON_GetObjectItem(r0, "lhs"), "estimate")->valuedouble,
                  rec.q[0].ci.mean, 0);
    cJSON_Delete(j);
    /* a path in a missing directory: refused up front, nothing written */
    assert_non_null(bc_io_check_writable("/nonexistent-dir/x.json", msg, sizeof msg));
    assert_non_null(bc_io_check_writable("/tmp", msg, sizeof msg));
    assert_int_equal(bc_output_json_write(&rec, "/nonexistent-dir/x.json"), BC_EIO);
    FILE *devnull = fopen("/dev/null", "w");
    bc_output_table(devnull, &rec);
    fclose(devnull);
    unlink(path);
    bc_record_release(&rec);
}

/* A deterministic inequality violated at a step before the run diverges
 * is VIOLATED there, never FAILED; a divergence with no violation first
 * stays FAILED. */
static int setup_diverge(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                  size_t len)
{
    (void)variant;
    (void)msg;
    (void)len;
    double *slack = inst;
    *slack = bc_params_real(p, "rhs");   /* the slack written before diverging */
    bc_record_quantity_exact(rec, "ineq", "a deterministic inequality", 1e-9);
    return 0;
}

static int trial_diverge(const void *v, void *ws, gsl_rng *r, double *out, double *aux)
{
    (void)ws;
    (void)r;
    out[0] = *(const double *)v;
    aux[0] = 3;          /* the step where it was seen */
    return BC_ENUMERIC;  /* then the run overflows */
}

static const bc_check toy_diverge = {
    .id = "toy.diverge", .paper = &bc_test_paper, .statement = "ineq",
    .formula = "lhs <= rhs", .version = "test", .params = params, .nparams = 4,
    .default_trials = 10, .quick = "trials=4",
    .method = &(const bc_method){.setup = setup_diverge, .inst_size = sizeof(double),
                                 .trial = trial_diverge},
};

/* A text longer than its field is cut visibly: it ends in "...". */
static void test_record_text_cut_visibly(void **state)
{
    (void)state;
    static bc_record rec;
    char long_text[2000];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    memset(&rec, 0, sizeof rec);
    assert_int_equal(bc_record_note(&rec, "%s", long_text), 0);
    assert_int_equal(bc_record_constant(&rec, "c", 1.0, BC_PROV_EXACT, long_text), 0);
    assert_int_equal(bc_record_note(&rec, "short"), 0);
    assert_int_equal(strlen(rec.notes[0]), BC_REC_NOTE - 1);
    assert_string_equal(rec.notes[0] + BC_REC_NOTE - 4, "...");
    assert_string_equal(rec.constants[0].how + BC_REC_TEXT - 4, "...");
    assert_string_equal(rec.notes[1], "short");
}

static void test_runner_violated_before_diverging(void **state)
{
    (void)state;
    bc_params pp;
    bc_run_opts o;
    bc_record rec;
    char msg[256];
    bc_run_opts_default(&o);
    o.quiet = 1;
    bc_params_init(&pp, params, 4, msg, sizeof msg);
    bc_params_set(&pp, "rhs", "0.5", msg, sizeof msg);     /* violated first */
    assert_int_equal(bc_runner_run(&toy_diverge, &pp, &o, &rec, msg, sizeof msg), BC_VIOLATED);
    bc_assert_rel(rec.q[0].worst, 0.5, 0);
    bc_record_release(&rec);
    bc_params_set(&pp, "rhs", "-0.5", msg, sizeof msg);    /* held, then diverged */
    assert_int_equal(bc_runner_run(&toy_diverge, &pp, &o, &rec, msg, sizeof msg), BC_FAILED);
    bc_record_release(&rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runner_verdicts),
        cmocka_unit_test(test_runner_identical_across_threads),
        cmocka_unit_test(test_runner_failures_and_preconditions),
        cmocka_unit_test(test_runner_violated_before_diverging),
        cmocka_unit_test(test_shard_range_and_parse),
        cmocka_unit_test(test_shard_merge_equals_single_run),
        cmocka_unit_test(test_runner_json_record),
        cmocka_unit_test(test_record_text_cut_visibly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
