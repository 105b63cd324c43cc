/* test_opts.c -- the one command-line grammar (app/opts.h): both spellings
 * of a value, flags, actions where they stand, parameters, positional
 * words, and every refusal with its one-line message. */
#include "bc_test.h"

#include <stdint.h>
#include <string.h>

#include "app/opts.h"
#include "core/params.h"
#include "core/status.h"

static const bc_param_spec spec[] = {
    {"h", BC_PARAM_REAL, "1", 0, 10, 1, NULL, "step", BC_CLAIM_LOG(1e-3, 10)},
    {"mode", BC_PARAM_CHOICE, "a", 0, 0, 0, "a|b", "mode", BC_CLAIM_WORDS("a|b")},
};

typedef struct {
    long long n;
    double x;
    uint64_t seed;
    const char *path;
    int flag, actions;
} dests;

static int count_action(void *dest, const char *v, char *msg, size_t len)
{
    (void)msg;
    (void)len;
    assert_null(v);
    ((dests *)dest)->actions++;
    return 0;
}

static int parse(dests *d, bc_params *p, int argc, char **argv, const char **pos, size_t *np,
                 char *msg)
{
    const bc_opt t[] = {
        {"n", BC_OPT_INT, 1, 100, &d->n, NULL, NULL},
        {"x", BC_OPT_REAL, 0, 1, &d->x, NULL, NULL},
        {"seed", BC_OPT_U64, 0, 0, &d->seed, NULL, NULL},
        {"path", BC_OPT_TEXT, 0, 0, &d->path, NULL, NULL},
        {"flag", BC_OPT_FLAG, 0, 0, &d->flag, NULL, NULL},
        {"act", BC_OPT_ACTION, 0, 0, d, count_action, NULL},
    };
    memset(d, 0, sizeof *d);
    char m[256];
    assert_int_equal(bc_params_init(p, spec, 2, m, sizeof m), 0);
    return bc_opts_parse(t, 6, p, argc, argv, 1, pos, 2, np, msg, 512);
}

static void test_opts_grammar(void **state)
{
    (void)state;
    dests d;
    static bc_params p;
    char msg[512];
    const char *pos[2];
    size_t np;
    char *ok[] = {"prog", "--n", "7", "--x=0.5", "seed=18446744073709551615", "--path", "-",
                  "--flag", "--act", "h=0.25", "--mode", "b", "file1", "--act", "file2"};
    assert_int_equal(parse(&d, &p, 15, ok, pos, &np, msg), 0);
    assert_true(d.n == 7 && d.x == 0.5 && d.seed == UINT64_MAX && strcmp(d.path, "-") == 0);
    assert_true(d.flag == 1 && d.actions == 2);
    assert_true(bc_params_real(&p, "h") == 0.25 && strcmp(bc_params_str(&p, "mode"), "b") == 0);
    assert_int_equal(np, 2);
    assert_string_equal(pos[0], "file1");
    assert_string_equal(pos[1], "file2");
    char *help[] = {"prog", "--n", "3", "-h"};
    assert_int_equal(parse(&d, &p, 4, help, pos, &np, msg), BC_OPTS_HELP);
}

static void test_opts_refusals(void **state)
{
    (void)state;
    dests d;
    static bc_params p;
    char msg[512];
    const char *pos[2];
    size_t np;
    struct {
        char *argv[4];
        int argc;
        const char *says;
    } cases[] = {
        {{"prog", "--n", "0"}, 3, "option --n: '0' is not an integer in [1, 100]"},
        {{"prog", "--n", "5x"}, 3, "is not an integer"},
        {{"prog", "--x", "2"}, 3, "is not a number in [0, 1]"},
        {{"prog", "--seed", "-1"}, 3, "is not a non-negative 64-bit integer"},
        {{"prog", "--n"}, 2, "option --n needs a value"},
        {{"prog", "--flag=1"}, 2, "option --flag takes no value"},
        {{"prog", "--nn", "3"}, 3, "did you mean --n?"},
        {{"prog", "mdoe=b"}, 2, "did you mean 'mode'?"},
        {{"prog", "--mode", "c"}, 3, "'c' is not one of a|b"},
        {{"prog", "--tri"}, 2, "unknown option '--tri'"},
        {{"prog", "a", "b", "c"}, 4, "unexpected argument 'c'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        msg[0] = '\0';
        assert_int_equal(parse(&d, &p, cases[i].argc, cases[i].argv, pos, &np, msg), BC_EINVAL);
        if (strstr(msg, cases[i].says) == NULL)
            fail_msg("case %zu: '%s' does not say '%s'", i, msg, cases[i].says);
        assert_null(strchr(msg, '\n'));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opts_grammar),
        cmocka_unit_test(test_opts_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
