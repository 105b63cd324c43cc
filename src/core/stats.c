/* stats.c -- confidence bounds (see stats.h for the formulas). */
#include "core/stats.h"
#include "core/status.h"

#include <float.h>
#include <math.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>

static double clip(double v, double a, double b)
{
    return v < a ? a : (v > b ? b : v);
}

static double hoeffding_radius(size_t n, double alpha, double a, double b)
{
    return (b - a) * sqrt(log(1.0 / alpha) / (2.0 * (double)n));
}

static double bernstein_radius(size_t n, double alpha, double var, double a,
                               double b)
{
    double l = log(2.0 / alpha);
    return sqrt(2.0 * var * l / (double)n)
           + 7.0 * (b - a) * l / (3.0 * ((double)n - 1.0));
}

/* The sample standard deviation about mean. gsl_stats_sd_m squares the
 * deviations, which overflow past about 1e154 (underflow below 1e-154)
 * although the sd itself is representable (a run far outside its regime);
 * there the deviations are divided by a power of two first (exact),
 * elsewhere GSL's value is used as is. */
static double sample_sd(const double *x, size_t stride, size_t n, double mean)
{
    double big = 0.0;
    for (size_t i = 0; i < n; i++)
        big = fmax(big, fabs(x[i * stride] - mean));
    if (!isfinite(big) || big == 0.0 || (big <= 0x1p500 && big >= 0x1p-500))
        return gsl_stats_sd_m(x, stride, n, mean);
    int e;
    frexp(big, &e);
    double acc = 0.0;
    for (size_t i = 0; i < n; i++) {
        double dv = ldexp(x[i * stride] - mean, -e);
        acc += dv * dv;
    }
    return ldexp(sqrt(acc / (double)(n - 1)), e);
}

int bc_stats_ci(const double *x, size_t stride, size_t n, double alpha,
                bc_ci_method method, double a, double b, bc_ci *out)
{
    int ranged = method != BC_CI_T;
    if (x == NULL || out == NULL || n == 0 || stride == 0)
        return BC_EINVAL;
    if (!(alpha > 0.0 && alpha < 1.0))
        return BC_EINVAL;
    if (ranged && !(isfinite(a) && isfinite(b) && a <= b))
        return BC_EINVAL;
    if ((method == BC_CI_T || method == BC_CI_BERNSTEIN || method == BC_CI_RANGE)
        && n < 2)
        return BC_EINVAL;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (!isfinite(v))
            return BC_ENUMERIC;
        if (ranged && (v < a || v > b))
            return BC_ENUMERIC;
    }
    memset(out, 0, sizeof *out);
    out->n = n;
    out->alpha = alpha;
    out->method = method;
    out->used = method;
    out->a = ranged ? a : NAN;
    out->b = ranged ? b : NAN;
    out->mean = gsl_stats_mean(x, stride, n);
    out->sd = n >= 2 ? sample_sd(x, stride, n, out->mean) : 0.0;
    out->se = out->sd / sqrt((double)n);

    double r;
    switch (method) {
    case BC_CI_T:
        /* the upper-tail inverse: 1 - alpha rounds to 1 below alpha = 1.1e-16
         * (Pinv then gave an infinite radius), and loses digits above it */
        r = gsl_cdf_tdist_Qinv(alpha, (double)n - 1.0) * out->se;
        break;
    case BC_CI_HOEFFDING:
        r = hoeffding_radius(n, alpha, a, b);
        break;
    case BC_CI_BERNSTEIN:
        r = bernstein_radius(n, alpha, out->sd * out->sd, a, b);
        break;
    case BC_CI_RANGE: {
        double rh = hoeffding_radius(n, alpha / 2.0, a, b);
        double rb = bernstein_radius(n, alpha / 2.0, out->sd * out->sd, a, b);
        r = rh <= rb ? rh : rb;
        out->used = rh <= rb ? BC_CI_HOEFFDING : BC_CI_BERNSTEIN;
        break;
    }
    default:
        return BC_EINVAL;
    }
    out->lower = out->mean - r;
    out->upper = out->mean + r;
    if (ranged) {
        out->lower = clip(out->lower, a, b);
        out->upper = clip(out->upper, a, b);
    }
    return BC_SUCCESS;
}

/* The p with I_p(a, b) = q (the regularised incomplete beta), by GSL's
 * gsl_cdf_beta_Pinv, checked, and by bisection on gsl_cdf_beta_P where
 * Pinv fails (it returns NaN for some large a, b: seen at a = 1506,
 * b = 2495, q = 0.999). */
static double beta_quantile(double q, double a, double b)
{
    double p = gsl_cdf_beta_Pinv(q, a, b);
    if (isfinite(p) && p >= 0.0 && p <= 1.0 && fabs(gsl_cdf_beta_P(p, a, b) - q) <= 1e-12)
        return p;
    double lo = 0.0, hi = 1.0;
    for (int i = 0; i < 200 && hi - lo > 4 * DBL_EPSILON; i++) {
        double mid = 0.5 * (lo + hi);
        if (gsl_cdf_beta_P(mid, a, b) < q)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

int bc_stats_clopper_pearson(size_t k, size_t n, double alpha, double *lower,
                             double *upper)
{
    if (n == 0 || k > n || !(alpha > 0.0 && alpha < 1.0) || lower == NULL
        || upper == NULL)
        return BC_EINVAL;
    double dk = (double)k, dn = (double)n;
    *lower = k == 0 ? 0.0 : beta_quantile(alpha, dk, dn - dk + 1.0);
    *upper = k == n ? 1.0 : beta_quantile(1.0 - alpha, dk + 1.0, dn - dk);
    return BC_SUCCESS;
}

const char *bc_stats_method_name(bc_ci_method m)
{
    switch (m) {
    case BC_CI_T: return "Student t";
    case BC_CI_HOEFFDING: return "Hoeffding";
    case BC_CI_BERNSTEIN: return "empirical Bernstein";
    case BC_CI_RANGE: return "tighter of Hoeffding and Bernstein, each at alpha/2";
    default: return "unknown";
    }
}

int bc_stats_method_parse(const char *s)
{
    if (s == NULL) return -1;
    if (strcmp(s, "t") == 0) return BC_CI_T;
    if (strcmp(s, "hoeffding") == 0) return BC_CI_HOEFFDING;
    if (strcmp(s, "bernstein") == 0) return BC_CI_BERNSTEIN;
    if (strcmp(s, "range") == 0) return BC_CI_RANGE;
    return -1;
}

int bc_stats_fit_line(const double *x, const double *y, size_t n,
                      double *slope, double *intercept)
{
    double c0, c1, cov00, cov01, cov11, sumsq;
    if (x == NULL || y == NULL || n < 2 || slope == NULL || intercept == NULL)
        return BC_EINVAL;
    if (gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq))
        return BC_ENUMERIC;
    *slope = c1;
    *intercept = c0;
    return BC_SUCCESS;
}

int bc_stats_fit_line_se(const double *x, const double *y, size_t n, double *slope,
                         double *intercept, double *se)
{
    double c0, c1, cov00, cov01, cov11, sumsq;
    if (x == NULL || y == NULL || n < 2 || slope == NULL || intercept == NULL || se == NULL)
        return BC_EINVAL;
    if (gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq))
        return BC_ENUMERIC;
    *slope = c1;
    *intercept = c0;
    *se = n > 2 ? sqrt(cov11) : NAN;
    return BC_SUCCESS;
}

int bc_stats_fit_windows(const double *x, const double *y, size_t n, double s[2], double se[2])
{
    double c;
    s[0] = s[1] = se[0] = se[1] = NAN;
    if (n < 6)
        return -1;
    size_t h = (n + 1) / 2;   /* the first h and the last h points */
    if (bc_stats_fit_line_se(x, y, h, &s[0], &c, &se[0]) != 0
        || bc_stats_fit_line_se(x + (n - h), y + (n - h), h, &s[1], &c, &se[1]) != 0)
        return -1;
    return fabs(s[0] - s[1]) > 2.0 * sqrt(se[0] * se[0] + se[1] * se[1]);
}
