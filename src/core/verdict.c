/* verdict.c -- deciding and combining verdicts (see verdict.h). */
#include "core/verdict.h"
#include "core/stats.h"

#include <math.h>

bc_verdict bc_verdict_decide(double lower, double upper, double rhs)
{
    /* an infinite bound of finite data is a valid (if empty) confidence
     * bound: the other one may still decide; NaN is a failure */
    if (isnan(lower) || isnan(upper) || !isfinite(rhs) || lower > upper)
        return BC_FAILED;
    if (upper <= rhs)
        return BC_HOLDS;
    if (lower > rhs)
        return BC_VIOLATED;
    return BC_INCONCLUSIVE;
}

bc_verdict bc_verdict_exact(double lhs, double rhs, double rtol, double floor)
{
    if (!isfinite(lhs) || !isfinite(rhs) || !(rtol >= 0.0))
        return BC_FAILED;
    double scale = fmax(fmax(fabs(lhs), fabs(rhs)), floor);
    return lhs - rhs <= rtol * scale ? BC_HOLDS : BC_VIOLATED;
}

bc_verdict bc_verdict_frequency(size_t failures, size_t n, double delta,
                                double alpha)
{
    double lo, hi;
    if (bc_stats_clopper_pearson(failures, n, alpha, &lo, &hi) != 0)
        return BC_FAILED;
    if (hi <= delta)
        return BC_HOLDS;
    if (lo > delta)
        return BC_VIOLATED;
    return BC_INCONCLUSIVE;
}

double bc_verdict_slack(double lhs, double rhs, double floor)
{
    double scale = fmax(fmax(fabs(lhs), fabs(rhs)), floor);
    return scale > 0.0 ? (lhs - rhs) / scale : 0.0;
}

static int severity(bc_verdict v)
{
    switch (v) {
    case BC_HOLDS: return 0;
    case BC_PRECONDITION: return 1;
    case BC_INCONCLUSIVE: return 2;
    case BC_VIOLATED: return 3;
    case BC_USAGE: return 4;
    case BC_FAILED: return 5;
    }
    return 5;
}

bc_verdict bc_verdict_combine(bc_verdict a, bc_verdict b)
{
    return severity(a) >= severity(b) ? a : b;
}

const char *bc_verdict_name(bc_verdict v)
{
    switch (v) {
    case BC_HOLDS: return "HOLDS";
    case BC_VIOLATED: return "VIOLATED";
    case BC_USAGE: return "USAGE";
    case BC_INCONCLUSIVE: return "INCONCLUSIVE";
    case BC_PRECONDITION: return "PRECONDITION";
    case BC_FAILED: return "FAILED";
    }
    return "FAILED";
}
