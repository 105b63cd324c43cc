/* test_params.c -- strict parsing of declared parameters. */
#include "bc_test.h"

#include <stdlib.h>
#include <string.h>

#include "core/params.h"
#include "core/status.h"

static const bc_param_spec spec[] = {
    {"k", BC_PARAM_INT, "4", 1, 100, 0, NULL, "period", BC_CLAIM_FIXED("a test parameter")},
    {"h", BC_PARAM_REAL, "0.5", 0, 10, 1, NULL, "step", BC_CLAIM_FIXED("a test parameter")},
    {"reading", BC_PARAM_CHOICE, "both", 0, 0, 0, "both|frozen|fresh", "reading", BC_CLAIM_FIXED("a test parameter")},
    {"data", BC_PARAM_PATH, "", 0, 0, 0, NULL, "file", BC_CLAIM_FIXED("a test parameter")},
};

static void test_params_defaults(void **state)
{
    (void)state;
    bc_params p;
    char msg[256];
    assert_int_equal(bc_params_init(&p, spec, 4, msg, sizeof msg), 0);
    assert_int_equal(bc_params_int(&p, "k"), 4);
    bc_assert_rel(bc_params_real(&p, "h"), 0.5, 0);
    assert_string_equal(bc_params_str(&p, "reading"), "both");
    assert_string_equal(bc_params_str(&p, "data"), "");
}

static void test_params_rejects_bad_numbers(void **state)
{
    (void)state;
    bc_params p;
    char msg[256];
    bc_params_init(&p, spec, 4, msg, sizeof msg);
    const char *bad_int[] = {"", "3x", "x3", "1.5", "nan", " 3", "0", "101", "-1",
                             "99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad_int / sizeof *bad_int; i++) {
        msg[0] = '\0';
        assert_int_equal(bc_params_set(&p, "k", bad_int[i], msg, sizeof msg), BC_EINVAL);
        assert_non_null(strstr(msg, "--k"));
    }
    const char *bad_real[] = {"", "nan", "NaN", "inf", "-inf", "1e999", "0", "-0.1",
                              "10.5", "0.5.1", "0x", "1,5"};
    for (size_t i = 0; i < sizeof bad_real / sizeof *bad_real; i++)
        assert_int_equal(bc_params_set(&p, "h", bad_real[i], msg, sizeof msg), BC_EINVAL);
    assert_int_equal(bc_params_set(&p, "reading", "Frozen", msg, sizeof msg), BC_EINVAL);
    assert_int_equal(bc_params_set(&p, "reading", "froz", msg, sizeof msg), BC_EINVAL);
    assert_int_equal(bc_params_set(&p, "nope", "1", msg, sizeof msg), BC_EINVAL);
    /* the value kept is the last good one */
    assert_int_equal(bc_params_int(&p, "k"), 4);
}

/* Found by `make fuzz`: an over-long profile was refused without a word. */
static void test_params_long_profile_says_why(void **state)
{
    (void)state;
    bc_params p;
    char msg[256] = "", prof[2048];
    memset(prof, 'k', sizeof prof - 1);
    prof[sizeof prof - 1] = '\0';
    assert_int_equal(bc_params_init(&p, spec, 4, msg, sizeof msg), 0);
    assert_int_not_equal(bc_params_apply_profile(&p, prof, msg, sizeof msg), 0);
    assert_non_null(strstr(msg, "longer than"));
}

static void test_params_accepts_good_values(void **state)
{
    (void)state;
    bc_params p;
    char msg[256];
    bc_params_init(&p, spec, 4, msg, sizeof msg);
    assert_int_equal(bc_params_set(&p, "k", "100", msg, sizeof msg), 0);
    assert_int_equal(bc_params_set(&p, "h", "1e-3", msg, sizeof msg), 0);
    assert_int_equal(bc_params_set(&p, "reading", "fresh", msg, sizeof msg), 0);
    assert_int_equal(bc_params_apply_profile(&p, "trials=5 k=2 h=0.25", msg, sizeof msg), 0);
    assert_int_equal(bc_params_int(&p, "k"), 2);
    bc_assert_rel(bc_params_real(&p, "h"), 0.25, 0);
    unsigned long long u;
    assert_int_equal(bc_parse_u64("18446744073709551615", &u), 0);
    assert_true(u == 18446744073709551615ULL);
    assert_int_equal(bc_parse_u64("-1", &u), BC_EINVAL);
    assert_int_equal(bc_parse_u64("18446744073709551616", &u), BC_EINVAL);
}

/* Numbers in messages and commands: the fewest digits that read back
 * (1e-09, not 1.0000000000000001e-09), integers as integers; the nearest
 * name to a misspelling. */
static void test_params_fmt_and_nearest(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(bc_fmt_real(1e-9, b, sizeof b), "1e-09");
    assert_string_equal(bc_fmt_real(0.1, b, sizeof b), "0.1");
    assert_string_equal(bc_fmt_real(20.0, b, sizeof b), "20");
    assert_string_equal(bc_fmt_real(-3.0, b, sizeof b), "-3");
    assert_true(strtod(bc_fmt_real(1.0 / 3.0, b, sizeof b), NULL) == 1.0 / 3.0);
    const char *names[] = {"trials", "threads", "seed", "eta1-frac"};
    assert_string_equal(bc_params_nearest("trals", names, 4), "trials");
    assert_string_equal(bc_params_nearest("eta1frac", names, 4), "eta1-frac");
    assert_string_equal(bc_params_nearest("thr", names, 4), "threads");
    assert_null(bc_params_nearest("zzzzzz", names, 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params_fmt_and_nearest),
        cmocka_unit_test(test_params_defaults),
        cmocka_unit_test(test_params_rejects_bad_numbers),
        cmocka_unit_test(test_params_accepts_good_values),
        cmocka_unit_test(test_params_long_profile_says_why),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
