/* test_stats.c -- confidence bounds, Clopper-Pearson, verdicts. */
#include "bc_test.h"

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>

#include "core/rng.h"
#include "core/stats.h"
#include "core/status.h"
#include "core/verdict.h"

/* x = {0, 1, 0, 1}: mean 1/2, sd = sqrt(1/3). Hoeffding on [0, 1] at
 * alpha = 0.05: radius sqrt(ln 20 / 8) = 0.6119813... (by hand). */
static void test_stats_hoeffding_by_hand(void **state)
{
    (void)state;
    double x[] = {0, 1, 0, 1};
    bc_ci ci;
    assert_int_equal(bc_stats_ci(x, 1, 4, 0.05, BC_CI_HOEFFDING, 0, 1, &ci), 0);
    bc_assert_rel(ci.mean, 0.5, BC_TOL_EXACT);
    bc_assert_rel(ci.sd, sqrt(1.0 / 3.0), BC_TOL_EXACT);
    double r = sqrt(log(20.0) / 8.0);
    bc_assert_rel(ci.upper, 1.0, BC_TOL_EXACT); /* 0.5 + 0.612 clipped to 1 */
    bc_assert_rel(ci.lower, 0.0, BC_TOL_EXACT);
    double y[400];
    for (int i = 0; i < 400; i++)
        y[i] = i % 2;
    assert_int_equal(bc_stats_ci(y, 1, 400, 0.05, BC_CI_HOEFFDING, 0, 1, &ci), 0);
    bc_assert_rel(ci.upper, 0.5 + r / sqrt(100.0), 1e-14);
}

/* t interval: x = {1, 2, 3, 4}, mean 2.5, sd sqrt(5/3), t_{3, 0.95} =
 * 2.3533634 (tables): upper = 2.5 + 2.3533634 * sqrt(5/3) / 2. */
static void test_stats_t_by_hand(void **state)
{
    (void)state;
    double x[] = {1, 2, 3, 4};
    bc_ci ci;
    assert_int_equal(bc_stats_ci(x, 1, 4, 0.05, BC_CI_T, NAN, NAN, &ci), 0);
    bc_assert_rel(ci.upper, 2.5 + 2.3533634 * sqrt(5.0 / 3.0) / 2.0, 1e-7);
    bc_assert_rel(ci.lower, 2.5 - 2.3533634 * sqrt(5.0 / 3.0) / 2.0, 1e-7);
}

/* The t quantile at tiny alpha, checked against the closed-form tail of
 * Student's t with 3 degrees of freedom: with z = sqrt(3)/t,
 * P(T > t) = (1/pi)(atan z - z/(1 + z^2)) = (1/pi) sum_{k>=1} (-1)^(k+1)
 * (2k/(2k+1)) z^(2k+1) (the series avoids the cancellation). At 1e-17 the
 * quantile of 1 - alpha was infinite (1 - 1e-17 rounds to 1), at 1e-10 off
 * by 1e-7 relative. */
static void test_stats_t_tiny_alpha(void **state)
{
    (void)state;
    double x[] = {1, 2, 3, 4}, se = sqrt(5.0 / 3.0) / 2.0;
    const double alphas[] = {1e-3, 1e-10, 1e-17, 1e-40};
    for (size_t i = 0; i < sizeof alphas / sizeof *alphas; i++) {
        bc_ci ci;
        assert_int_equal(bc_stats_ci(x, 1, 4, alphas[i], BC_CI_T, NAN, NAN, &ci), 0);
        assert_true(isfinite(ci.upper) && isfinite(ci.lower));
        double t = (ci.upper - 2.5) / se, z = sqrt(3.0) / t, tail = 0.0, zp = z;
        for (int k = 1; k <= 8; k++) {
            zp *= z * z;   /* z^(2k+1) */
            tail += (k % 2 ? 1.0 : -1.0) * (2.0 * k / (2.0 * k + 1.0)) * zp;
        }
        bc_assert_rel(tail / 3.14159265358979323846, alphas[i], 1e-9);
    }
}

/* The same data times 1e200 (and times 1e-200): the squared deviations
 * overflow (underflow) in double, the interval must not; it is the one
 * above scaled, to rounding. */
static void test_stats_t_far_scales(void **state)
{
    (void)state;
    for (int sgn = -1; sgn <= 1; sgn += 2) {
        double s = pow(10.0, 200.0 * sgn), x[] = {1 * s, 2 * s, 3 * s, 4 * s};
        bc_ci ci;
        assert_int_equal(bc_stats_ci(x, 1, 4, 0.05, BC_CI_T, NAN, NAN, &ci), 0);
        assert_true(isfinite(ci.se) && ci.se > 0.0);
        bc_assert_rel(ci.se, s * sqrt(5.0 / 3.0) / 2.0, 1e-12);
        bc_assert_rel(ci.upper, s * (2.5 + 2.3533634 * sqrt(5.0 / 3.0) / 2.0), 1e-7);
    }
}

/* Empirical Bernstein, Maurer-Pontil: for x = {0,1,0,1} repeated 50 times
 * (n = 200, V = 200/199/4), alpha = 0.01 on [0, 1]:
 * r = sqrt(2 V ln(200) / 200) + 7 ln(200) / (3 * 199). */
static void test_stats_bernstein_by_hand(void **state)
{
    (void)state;
    double x[200];
    for (int i = 0; i < 200; i++)
        x[i] = i % 2;
    bc_ci ci;
    assert_int_equal(bc_stats_ci(x, 1, 200, 0.01, BC_CI_BERNSTEIN, 0, 1, &ci), 0);
    double V = 200.0 / 199.0 / 4.0, l = log(200.0);
    double r = sqrt(2 * V * l / 200.0) + 7.0 * l / (3.0 * 199.0);
    bc_assert_rel(ci.upper, 0.5 + r, 1e-13);
    bc_assert_rel(ci.lower, 0.5 - r, 1e-13);
}

static void test_stats_rejects_bad_input(void **state)
{
    (void)state;
    double x[] = {0.5, NAN, 0.2};
    double y[] = {0.5, 2.0, 0.2};
    bc_ci ci;
    assert_int_equal(bc_stats_ci(x, 1, 3, 0.05, BC_CI_T, NAN, NAN, &ci), BC_ENUMERIC);
    assert_int_equal(bc_stats_ci(y, 1, 3, 0.05, BC_CI_HOEFFDING, 0, 1, &ci), BC_ENUMERIC);
    assert_int_equal(bc_stats_ci(y, 1, 3, 0.0, BC_CI_T, NAN, NAN, &ci), BC_EINVAL);
    assert_int_equal(bc_stats_ci(y, 1, 1, 0.05, BC_CI_T, NAN, NAN, &ci), BC_EINVAL);
    assert_int_equal(bc_stats_ci(y, 1, 3, 0.05, BC_CI_RANGE, 1, 0, &ci), BC_EINVAL);
}

/* Clopper-Pearson: with k = 0 the upper bound is 1 - alpha^(1/n); with
 * k = n the lower bound is alpha^(1/n) (closed forms). */
static void test_stats_clopper_pearson_closed_forms(void **state)
{
    (void)state;
    double lo, hi;
    assert_int_equal(bc_stats_clopper_pearson(0, 10, 0.05, &lo, &hi), 0);
    bc_assert_rel(lo, 0.0, 0);
    bc_assert_rel(hi, 1.0 - pow(0.05, 0.1), 1e-10);
    assert_int_equal(bc_stats_clopper_pearson(10, 10, 0.05, &lo, &hi), 0);
    bc_assert_rel(lo, pow(0.05, 0.1), 1e-10);
    bc_assert_rel(hi, 1.0, 0);
    assert_int_equal(bc_stats_clopper_pearson(3, 2, 0.05, &lo, &hi), BC_EINVAL);
    /* large counts, where gsl_cdf_beta_Pinv alone returns NaN: the bounds
     * are finite, bracket k/n, and invert the beta CDF */
    assert_int_equal(bc_stats_clopper_pearson(1505, 4000, 1e-3, &lo, &hi), 0);
    assert_true(lo < 1505.0 / 4000 && 1505.0 / 4000 < hi && hi < 0.41);
    bc_assert_rel(gsl_cdf_beta_P(hi, 1506, 2495), 1 - 1e-3, 1e-9);
    bc_assert_rel(gsl_cdf_beta_P(lo, 1505, 2496), 1e-3, 1e-9);
}

/* Coverage on a known distribution: Bernoulli(0.3) samples of size 60,
 * 4000 repetitions; each one-sided bound at alpha = 0.05 may miss the true
 * mean at most 5% of the time. The count of misses is Binomial(4000, p)
 * with p <= 0.05; we allow its 1e-6 upper quantile (about 0.065). */
static void test_stats_coverage_bernoulli(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    const int reps = 4000, n = 60;
    double x[60];
    for (int m = BC_CI_T; m <= BC_CI_RANGE; m++) {
        int miss_hi = 0, miss_lo = 0;
        for (int k = 0; k < reps; k++) {
            bc_rng_seed_stream(r, 11, "coverage", (uint64_t)(k + m * reps));
            for (int i = 0; i < n; i++)
                x[i] = gsl_rng_uniform(r) < 0.3;
            bc_ci ci;
            assert_int_equal(bc_stats_ci(x, 1, n, 0.05, (bc_ci_method)m, 0, 1, &ci), 0);
            miss_hi += ci.upper < 0.3;
            miss_lo += ci.lower > 0.3;
        }
        assert_true(miss_hi <= 0.065 * reps);
        assert_true(miss_lo <= 0.065 * reps);
    }
    gsl_rng_free(r);
}

/* More trials never widen a range interval of constant data. */
static void test_stats_more_trials_narrower(void **state)
{
    (void)state;
    double x[1000];
    for (int i = 0; i < 1000; i++)
        x[i] = (i % 4) / 4.0;
    double prev = INFINITY;
    for (size_t n = 8; n <= 1000; n *= 2) {
        bc_ci ci;
        assert_int_equal(bc_stats_ci(x, 1, n, 1e-3, BC_CI_HOEFFDING, 0, 1, &ci), 0);
        assert_true(ci.upper - ci.mean <= prev);
        prev = ci.upper - ci.mean;
    }
}

static void test_stats_fit_line(void **state)
{
    (void)state;
    double x[] = {0, 1, 2, 3}, y[] = {1, 3, 5, 7}, s, c;
    assert_int_equal(bc_stats_fit_line(x, y, 4, &s, &c), 0);
    bc_assert_rel(s, 2.0, 1e-14);
    bc_assert_rel(c, 1.0, 1e-14);
}

/* A slope's window check: a line with noise gives the same slope on both
 * halves within the standard errors (0); a line that bends (slope 1, then
 * 3) is window-dependent (1); fewer than 6 points cannot tell (-1). The
 * standard error of a noisy line matches the textbook formula. */
static void test_stats_fit_windows(void **state)
{
    (void)state;
    double x[12], y[12], z[12], s[2], se[2], sl, c, e;
    const double noise[12] = {0.1, -0.2, 0.05, 0.15, -0.1, 0.0, 0.2, -0.15, 0.1, -0.05, 0.0, 0.1};
    for (int i = 0; i < 12; i++) {
        x[i] = i;
        y[i] = 2.0 * i + noise[i];
        z[i] = i < 6 ? i : 5.0 + 3.0 * (i - 5);
    }
    assert_int_equal(bc_stats_fit_windows(x, y, 12, s, se), 0);
    assert_true(fabs(s[0] - 2.0) < 0.2 && fabs(s[1] - 2.0) < 0.2);
    assert_int_equal(bc_stats_fit_windows(x, z, 12, s, se), 1);
    bc_assert_rel(s[0], 1.0, 1e-12);
    bc_assert_rel(s[1], 3.0, 1e-12);
    assert_int_equal(bc_stats_fit_windows(x, y, 5, s, se), -1);
    /* se^2 = (residual sum of squares / (n - 2)) / sum (x - mean x)^2 */
    assert_int_equal(bc_stats_fit_line_se(x, y, 12, &sl, &c, &e), 0);
    double rss = 0.0, sxx = 0.0;
    for (int i = 0; i < 12; i++) {
        rss += (y[i] - c - sl * x[i]) * (y[i] - c - sl * x[i]);
        sxx += (x[i] - 5.5) * (x[i] - 5.5);
    }
    bc_assert_rel(e, sqrt(rss / 10.0 / sxx), 1e-10);
}

static void test_verdict_decide_and_combine(void **state)
{
    (void)state;
    assert_int_equal(bc_verdict_decide(0.1, 0.2, 0.3), BC_HOLDS);
    assert_int_equal(bc_verdict_decide(0.4, 0.5, 0.3), BC_VIOLATED);
    assert_int_equal(bc_verdict_decide(0.2, 0.4, 0.3), BC_INCONCLUSIVE);
    assert_int_equal(bc_verdict_decide(NAN, 0.4, 0.3), BC_FAILED);
    assert_int_equal(bc_verdict_decide(0.1, INFINITY, 0.3), BC_INCONCLUSIVE);
    assert_int_equal(bc_verdict_decide(-INFINITY, INFINITY, 0.3), BC_INCONCLUSIVE);
    assert_int_equal(bc_verdict_decide(-INFINITY, 0.2, 0.3), BC_HOLDS);
    assert_int_equal(bc_verdict_decide(0.4, INFINITY, 0.3), BC_VIOLATED);
    assert_int_equal(bc_verdict_decide(0.1, 0.2, INFINITY), BC_FAILED);
    assert_int_equal(bc_verdict_decide(0.1, NAN, 0.3), BC_FAILED);
    assert_int_equal(bc_verdict_combine(BC_HOLDS, BC_VIOLATED), BC_VIOLATED);
    assert_int_equal(bc_verdict_combine(BC_INCONCLUSIVE, BC_HOLDS), BC_INCONCLUSIVE);
    assert_int_equal(bc_verdict_combine(BC_VIOLATED, BC_FAILED), BC_FAILED);
    assert_int_equal(bc_verdict_combine(BC_PRECONDITION, BC_INCONCLUSIVE), BC_INCONCLUSIVE);
    assert_int_equal(bc_verdict_exact(1.0, 1.0 + 1e-15, 0, 0), BC_HOLDS);
    assert_int_equal(bc_verdict_exact(1.0 + 1e-12, 1.0, 1e-14, 0), BC_VIOLATED);
    assert_int_equal(bc_verdict_exact(1.0 + 1e-15, 1.0, 1e-14, 0), BC_HOLDS);
    /* 0 failures in 3000 against delta = 0.01: upper 1 - 0.001^(1/3000) = 0.0023 */
    assert_int_equal(bc_verdict_frequency(0, 3000, 0.01, 1e-3), BC_HOLDS);
    assert_int_equal(bc_verdict_frequency(100, 1000, 0.01, 1e-3), BC_VIOLATED);
    assert_int_equal(bc_verdict_frequency(1, 10, 0.01, 1e-3), BC_INCONCLUSIVE);
    assert_string_equal(bc_verdict_name(BC_PRECONDITION), "PRECONDITION");
    bc_assert_rel(bc_verdict_slack(1.0, 2.0, 0.0), -0.5, 1e-15);
    bc_assert_rel(bc_verdict_slack(3.0, 2.0, 0.0), 1.0 / 3.0, 1e-15);
    bc_assert_rel(bc_verdict_slack(1e-20, 0.0, 1e-10), 1e-10, 1e-15);
    bc_assert_rel(bc_verdict_slack(0.0, 0.0, 0.0), 0.0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stats_hoeffding_by_hand),
        cmocka_unit_test(test_stats_t_by_hand),
        cmocka_unit_test(test_stats_t_far_scales),
        cmocka_unit_test(test_stats_t_tiny_alpha),
        cmocka_unit_test(test_stats_bernstein_by_hand),
        cmocka_unit_test(test_stats_rejects_bad_input),
        cmocka_unit_test(test_stats_clopper_pearson_closed_forms),
        cmocka_unit_test(test_stats_coverage_bernoulli),
        cmocka_unit_test(test_stats_more_trials_narrower),
        cmocka_unit_test(test_stats_fit_line),
        cmocka_unit_test(test_stats_fit_windows),
        cmocka_unit_test(test_verdict_decide_and_combine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
