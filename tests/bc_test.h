/* bc_test.h -- helpers shared by the cmocka tests.
 *
 * cmocka 1.1.5 has no usable double comparison (assert_float_equal goes
 * through float), so bc_assert_rel compares doubles with a relative
 * tolerance, prints both with %.17g, and treats NaN and Inf like
 * gsl_test_rel: equal only to themselves. */
#ifndef BC_TEST_H
#define BC_TEST_H

#include <float.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/check.h"

/* The paper of the test-only checks (nothing to cite). */
extern const bc_paper bc_test_paper;

#define BC_TOL_EXACT (64 * DBL_EPSILON)

void bc_assert_rel_(double observed, double expected, double rtol,
                    const char *expr, const char *file, int line);
#define bc_assert_rel(obs, exp, rtol) \
    bc_assert_rel_((obs), (exp), (rtol), #obs, __FILE__, __LINE__)

/* A temporary file with the given contents; returns its path (static
 * buffer, one per call site is enough for the tests). */
const char *bc_test_tmpfile(const char *contents, char *path, size_t len);

#endif
