/* stats.h -- estimates and one-sided confidence bounds for the LHS.
 *
 * For n i.i.d. per-trial values x_1..x_n with mean mu, each function gives
 * a lower bound lo and an upper bound hi with P(mu < lo) <= alpha and
 * P(mu > hi) <= alpha (each one-sided at level alpha):
 *   Hoeffding (values in [a, b]):  mean -/+ (b - a) sqrt(ln(1/alpha) / (2n))
 *   empirical Bernstein (Maurer & Pontil 2009, Thm 4; values in [a, b]):
 *       mean -/+ ( sqrt(2 V ln(2/alpha) / n) + 7 (b - a) ln(2/alpha) / (3(n-1)) )
 *       with V the unbiased sample variance
 *   range: the tighter of Hoeffding and Bernstein, each taken at alpha/2
 *       (a union bound, so the pair still has level alpha)
 *   Student t (no known range; asymptotic): mean -/+ t_{n-1,1-alpha} s / sqrt(n)
 * Range methods clip their bounds to [a, b].
 * Clopper-Pearson for a failure count uses GSL's beta quantiles. */
#ifndef BC_STATS_H
#define BC_STATS_H

#include <stddef.h>

typedef enum {
    BC_CI_T = 0,
    BC_CI_HOEFFDING,
    BC_CI_BERNSTEIN,
    BC_CI_RANGE
} bc_ci_method;

typedef struct {
    size_t n;
    double mean;
    double sd;       /* sample standard deviation (n - 1) */
    double se;       /* standard error sd / sqrt(n) */
    double lower;    /* one-sided lower confidence bound at level alpha */
    double upper;    /* one-sided upper confidence bound at level alpha */
    double alpha;
    double a, b;     /* the known range, NaN for the t interval */
    bc_ci_method method;   /* the method asked for */
    bc_ci_method used;     /* for BC_CI_RANGE: which of the two was tighter */
} bc_ci;

/* Confidence bounds for the mean of x[0], x[stride], ... (n values).
 * Range methods need a <= b finite and every value in [a, b]; t and
 * Bernstein need n >= 2. Returns BC_EINVAL on bad arguments, BC_ENUMERIC
 * when a value is not finite or lies outside [a, b]. */
int bc_stats_ci(const double *x, size_t stride, size_t n, double alpha,
                bc_ci_method method, double a, double b, bc_ci *out);

/* Clopper-Pearson one-sided bounds for a binomial proportion from k
 * successes in n trials, each at level alpha. */
int bc_stats_clopper_pearson(size_t k, size_t n, double alpha,
                             double *lower, double *upper);

/* Name of a method as printed ("Hoeffding", "empirical Bernstein", ...). */
const char *bc_stats_method_name(bc_ci_method m);

/* Parse "t", "hoeffding", "bernstein", "range"; -1 when unknown. */
int bc_stats_method_parse(const char *s);

/* Ordinary least squares slope and intercept of y on x (n >= 2). */
int bc_stats_fit_line(const double *x, const double *y, size_t n,
                      double *slope, double *intercept);

/* The same with the slope's standard error from the residuals (GSL's
 * gsl_fit_linear; NaN for n = 2). */
int bc_stats_fit_line_se(const double *x, const double *y, size_t n, double *slope,
                         double *intercept, double *se);

/* A fitted slope's dependence on its window: the slope and its standard
 * error over the first and over the last (n + 1)/2 points (x sorted). 1 when
 * the two differ by more than twice their combined standard error (the fit
 * depends on the window: report it so), 0 when not, -1 with fewer than 6
 * points (cannot tell). */
int bc_stats_fit_windows(const double *x, const double *y, size_t n, double s[2], double se[2]);

#endif
