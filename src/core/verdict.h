/* verdict.h -- verdicts, which are also the exit status of a check.
 *
 *   HOLDS 0         the upper confidence bound of the LHS is at most the RHS
 *   VIOLATED 1      the lower confidence bound of the LHS exceeds the RHS
 *   (usage) 2       bad command line or input
 *   INCONCLUSIVE 3  the interval straddles the RHS
 *   PRECONDITION 4  the theorem's own conditions fail: the bound is not claimed
 *   FAILED 5        the run failed: NaN/Inf, divergence, allocation failure */
#ifndef BC_VERDICT_H
#define BC_VERDICT_H

#include <float.h>
#include <stddef.h>

/* The one rounding allowance of the deterministic checks: a side computed
 * as a sum of m terms (dot products of length m included) is trusted to
 * BC_ROUND_EPS x m x (the sum of the terms' magnitudes). An error analysis
 * of recursive summation gives about m eps; 64 leaves room for the few
 * operations around each term. Differences below it count as equality. */
#define BC_ROUND_EPS (64.0 * DBL_EPSILON)

typedef enum {
    BC_HOLDS = 0,
    BC_VIOLATED = 1,
    BC_USAGE = 2,
    BC_INCONCLUSIVE = 3,
    BC_PRECONDITION = 4,
    BC_FAILED = 5
} bc_verdict;

/* The verdict of an estimated LHS with one-sided bounds [lower, upper]
 * against rhs. A bound may be infinite (a radius that overflowed on finite
 * data says nothing on that side); a NaN bound or a non-finite rhs gives
 * BC_FAILED. */
bc_verdict bc_verdict_decide(double lower, double upper, double rhs);

/* A deterministic inequality lhs <= rhs, holding when
 * lhs - rhs <= rtol * max(|lhs|, |rhs|, floor). NaN/Inf gives BC_FAILED. */
bc_verdict bc_verdict_exact(double lhs, double rhs, double rtol, double floor);

/* A "with probability at least 1 - delta" statement checked as a failure
 * count: HOLDS when the Clopper-Pearson upper bound of the failure
 * frequency is at most delta, VIOLATED when its lower bound exceeds delta. */
bc_verdict bc_verdict_frequency(size_t failures, size_t n, double delta,
                                double alpha);

/* The normalised slack of a claimed "lhs <= rhs":
 *   (lhs - rhs) / max(|lhs|, |rhs|, floor),  0 when all three are 0.
 * <= rtol means the claim holds; floor = atol / rtol makes differences
 * below atol (the rounding of the computed sides) count as equality. */
double bc_verdict_slack(double lhs, double rhs, double floor);

/* The overall verdict of several: FAILED, then VIOLATED, INCONCLUSIVE,
 * PRECONDITION, HOLDS (the most severe wins). */
bc_verdict bc_verdict_combine(bc_verdict a, bc_verdict b);

/* "HOLDS", "VIOLATED", ... */
const char *bc_verdict_name(bc_verdict v);

#endif
