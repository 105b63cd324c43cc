/* test_example.c -- README's worked example of a new check
 * (tests/example_check.c) compiles, runs through the generic runner and
 * decides: HOLDS at h = 1/L and below, PRECONDITION beyond it, where
 * the inequality is VIOLATED. */
#include "bc_test.h"

#include <string.h>

#include "core/io.h"
#include "core/runner.h"
#include "example_check.c"

static bc_record rec;

static bc_verdict run(const char *h)
{
    bc_params p;
    bc_run_opts o;
    char msg[256];
    bc_record_release(&rec);   /* the previous run's */
    assert_int_equal(bc_params_init(&p, params, 2, msg, sizeof msg), 0);
    assert_int_equal(bc_params_set(&p, "h", h, msg, sizeof msg), 0);
    bc_run_opts_default(&o);
    o.trials = 50;
    bc_runner_run(&bc_check_example_descent, &p, &o, &rec, msg, sizeof msg);
    return rec.verdict;
}

static void test_example_check_decides(void **state)
{
    (void)state;
    assert_int_equal(run("1"), BC_HOLDS);
    assert_int_equal(run("0.001"), BC_HOLDS);
    /* beyond 1/L the step is outside the lemma (PRECONDITION), and the
     * inequality itself is seen to fail: the check can fail */
    assert_int_equal(run("2.5"), BC_PRECONDITION);
    assert_int_equal(rec.q[0].verdict, BC_VIOLATED);
    bc_record_release(&rec);
}

/* README's "Adding a check" shows this file verbatim. */
static void test_example_matches_readme(void **state)
{
    (void)state;
    char *readme = bc_io_read_all("README.md", NULL), *file = bc_io_read_all("tests/example_check.c", NULL);
    assert_non_null(readme);
    assert_non_null(file);
    const char *sec = strstr(readme, "## Adding a check");
    assert_non_null(sec);
    const char *code = strstr(sec, "```c\n");
    assert_non_null(code);
    code += 5;
    const char *end = strstr(code, "```\n");
    assert_non_null(end);
    assert_int_equal((size_t)(end - code), strlen(file));
    assert_memory_equal(code, file, strlen(file));
    free(readme);
    free(file);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_check_decides),
        cmocka_unit_test(test_example_matches_readme),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
