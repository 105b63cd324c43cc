/* sgr.c (bounds) -- Theorem 3.3 / Lemmas A.4, A.5 of seed 002 (see sgr.h). */
#include "bounds/sgr.h"
#include "core/status.h"

#include <math.h>

int bc_bound_sgr_eta1(double L1, double L2, double L, double mu, bc_sgr_eta1 *out)
{
    if (!(L1 > 0 && L2 > 0 && L > 0 && mu > 0) || !isfinite(L1 + L2 + L + mu))
        return BC_EINVAL;
    out->eta1_a = (sqrt(L1 * L1 + 8.0 * L * L) - L1) / (4.0 * L * L);
    out->eta1_b = 2.0 / mu;
    out->eta1_c = 1.0 / (2.0 * L2);
    out->eta1_max = fmin(out->eta1_a, fmin(out->eta1_b, out->eta1_c));
    return BC_SUCCESS;
}

int bc_bound_sgr_eta2(double L2, double eta1, double *lo, double *hi)
{
    double q = 1.0 - 2.0 * L2 * eta1;
    if (!(L2 > 0) || !(eta1 > 0) || q < 0)
        return BC_EINVAL;
    *lo = fmax(0.0, (1.0 - sqrt(q)) / L2);
    *hi = (1.0 + sqrt(q)) / L2;
    return BC_SUCCESS;
}

double bc_bound_sgr_eq3(double mu, double eta1, double gap, double eps2)
{
    double alpha = eta1 / 2.0;
    return (1.0 - alpha * mu) * gap + alpha * eps2;
}

double bc_bound_sgr_eq10(double L1, double L2, double eta1, double eta2, double g2n_2,
                         double cross, double gL1_2)
{
    return eta2 * (1.0 - L2 * eta2 / 2.0) * g2n_2 + eta1 * cross
           + eta1 * (1.0 - L1 * eta1 / 2.0) * gL1_2;
}

double bc_bound_sgr_eq11(double L, double eta1, double gL1_2, double g2n_2, double cross)
{
    return (2.0 * (L * eta1) * (L * eta1) + 1.0) * gL1_2 + 2.0 * g2n_2 + 2.0 * cross;
}
