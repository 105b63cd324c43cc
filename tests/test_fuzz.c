/* test_fuzz.c -- the input parsers under random mutation: the CSV loader
 * and the parameter parser either accept an input or reject it with one
 * line of message, never crash, hang or return non-finite data. Mutations
 * are drawn from a fixed seed, so a failure reproduces; under
 * `make test SANITIZER=address` the same runs check memory safety. */
#include "bc_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_rng.h>

#include "core/params.h"
#include "core/rng.h"
#include "core/status.h"
#include "problems/dataset.h"

static const char *const pieces[] = {",", "\n", "\r\n", "nan", "inf", "-", "1e308", "1e999",
                                     "0x1p3", " ", "\t", "\"", "#", "1.5", "-0", "\0", "abc",
                                     ",,", "\n\n", "9999999999999999999999"};

/* One mutation of buf (length *n, capacity cap): flip, delete, or insert. */
static void mutate(gsl_rng *r, char *buf, size_t *n, size_t cap)
{
    size_t at = *n ? bc_rng_index(r, *n) : 0;
    switch (bc_rng_index(r, 4)) {
    case 0:   /* overwrite a byte */
        if (*n)
            buf[at] = (char)bc_rng_index(r, 256);
        break;
    case 1:   /* delete a run */
        if (*n) {
            size_t len = 1 + bc_rng_index(r, 4);
            if (at + len > *n)
                len = *n - at;
            memmove(buf + at, buf + at + len, *n - at - len);
            *n -= len;
        }
        break;
    default: { /* insert a token */
        const char *p = pieces[bc_rng_index(r, sizeof pieces / sizeof pieces[0])];
        size_t len = *p ? strlen(p) : 1;
        if (*n + len <= cap) {
            memmove(buf + at + len, buf + at, *n - at);
            memcpy(buf + at, p, len);
            *n += len;
        }
    }
    }
}

static void test_fuzz_csv(void **state)
{
    (void)state;
    const char *seed_text = "a,b,label\n0.5,1.25,0\n-3,2e-3,1\n7,8,2\n1,1,0\n";
    char path[] = "/tmp/bc_fuzz_XXXXXX", buf[4096], msg[512];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 1, "test_fuzz/csv", 0);
    size_t accepted = 0, rejected = 0;
    for (int it = 0; it < 3000; it++) {
        size_t n = strlen(seed_text);
        memcpy(buf, seed_text, n);
        size_t muts = 1 + bc_rng_index(r, 6);
        for (size_t k = 0; k < muts; k++)
            mutate(r, buf, &n, sizeof buf);
        FILE *fp = fopen(path, "wb");
        assert_non_null(fp);
        assert_int_equal(fwrite(buf, 1, n, fp), n);
        fclose(fp);
        bc_dataset *ds = NULL;
        msg[0] = '\0';
        int st = bc_dataset_load_csv(path, 1, &ds, msg, sizeof msg);
        if (st == BC_SUCCESS) {
            accepted++;
            assert_non_null(ds);
            assert_true(ds->n >= 1 && ds->d >= 1);
            for (size_t i = 0; i < ds->n * ds->d; i++)
                assert_true(isfinite(ds->X[i]));
            for (size_t i = 0; i < ds->n; i++)
                assert_true(isfinite(ds->y[i]));
            bc_dataset_free(ds);
        } else {
            rejected++;
            assert_true(st == BC_EFORMAT || st == BC_EIO || st == BC_ENOMEM);
            assert_null(ds);
            /* one line naming the file */
            assert_true(msg[0] != '\0');
            assert_null(strchr(msg, '\n'));
            assert_non_null(strstr(msg, "bc_fuzz_"));
        }
    }
    /* the mutations exercise both paths */
    assert_true(accepted > 100 && rejected > 100);
    unlink(path);
    gsl_rng_free(r);
}

static const bc_param_spec spec[] = {
    {"k", BC_PARAM_INT, "4", 1, 1000, 0, NULL, "an integer", BC_CLAIM_FIXED("a test parameter")},
    {"eta", BC_PARAM_REAL, "0.1", 0, 10, 1, NULL, "a real, lower bound exclusive", BC_CLAIM_FIXED("a test parameter")},
    {"mode", BC_PARAM_CHOICE, "a", 0, 0, 0, "a|bb|ccc", "a choice", BC_CLAIM_FIXED("a test parameter")},
    {"data", BC_PARAM_PATH, "", 0, 0, 0, NULL, "a path", BC_CLAIM_FIXED("a test parameter")},
};

static void test_fuzz_params(void **state)
{
    (void)state;
    const char *seeds[] = {"12", "0.5", "bb", "1e-3", "-4", "7"};
    char buf[256], msg[512];
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 1, "test_fuzz/params", 0);
    for (int it = 0; it < 20000; it++) {
        bc_params p;
        assert_int_equal(bc_params_init(&p, spec, 4, msg, sizeof msg), 0);
        const char *s = seeds[bc_rng_index(r, sizeof seeds / sizeof seeds[0])];
        size_t n = strlen(s);
        memcpy(buf, s, n);
        size_t muts = bc_rng_index(r, 4);
        for (size_t k = 0; k < muts; k++)
            mutate(r, buf, &n, sizeof buf - 1);
        buf[n] = '\0';
        const char *name = spec[bc_rng_index(r, 4)].name;
        msg[0] = '\0';
        if (bc_params_set(&p, name, buf, msg, sizeof msg) == 0) {
            if (strcmp(name, "k") == 0) {
                long long v = bc_params_int(&p, "k");
                assert_true(v >= 1 && v <= 1000);
            } else if (strcmp(name, "eta") == 0) {
                double v = bc_params_real(&p, "eta");
                assert_true(isfinite(v) && v > 0 && v <= 10);
            } else if (strcmp(name, "mode") == 0) {
                const char *v = bc_params_str(&p, "mode");
                assert_true(strcmp(v, "a") == 0 || strcmp(v, "bb") == 0 || strcmp(v, "ccc") == 0);
            }
        } else {
            if (msg[0] == '\0' || strchr(msg, '\n') != NULL)
                fail_msg("'%s' for %s: message '%s'", buf, name, msg);
        }
    }
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuzz_csv),
        cmocka_unit_test(test_fuzz_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
