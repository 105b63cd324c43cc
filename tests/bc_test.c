/* bc_test.c -- helpers for the cmocka tests (see bc_test.h). */
#include "bc_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void bc_assert_rel_(double observed, double expected, double rtol,
                    const char *expr, const char *file, int line)
{
    int ok;
    if (isnan(expected) || isnan(observed))
        ok = isnan(expected) && isnan(observed);
    else if (isinf(expected) || isinf(observed))
        ok = observed == expected;
    else if (expected == 0.0)
        ok = fabs(observed) <= rtol;
    else
        ok = fabs(observed - expected) <= rtol * fabs(expected);
    if (!ok) {
        fprintf(stderr, "%s:%d: %s = %.17g, expected %.17g (rtol %.3g)\n", file, line,
                    expr, observed, expected, rtol);
        _fail(file, line);
    }
}

const char *bc_test_tmpfile(const char *contents, char *path, size_t len)
{
    snprintf(path, len, "/tmp/bc_test_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    size_t n = strlen(contents);
    if (write(fd, contents, n) != (ssize_t)n) {
        close(fd);
        return NULL;
    }
    close(fd);
    return path;
}

/* Like every boundcheck program, the tests run with GSL's abort-on-error
 * handler off: errors come back as status codes. */
#include <gsl/gsl_errno.h>
__attribute__((constructor)) static void bc_test_gsl_handler_off(void)
{
    gsl_set_error_handler_off();
}

const bc_paper bc_test_paper = {.name = "toy", .source = "none"};
