/* multirate.c (bounds) -- Theorem B.4's RHS (see multirate.h). */
#include "bounds/multirate.h"
#include "core/status.h"

#include <math.h>

int bc_bound_multirate_b4(double gap, double h, double L, double M, size_t l,
                          size_t k, size_t T, bc_bound_b4 *out)
{
    if (out == NULL || !(h > 0.0) || T == 0 || k == 0 || l == 0 || !(gap >= 0.0)
        || !(L >= 0.0) || !(M >= 0.0) || !isfinite(gap) || !isfinite(h)
        || !isfinite(L) || !isfinite(M))
        return BC_EINVAL;
    double dk = (double)k, dl = (double)l;
    out->opt = 2.0 * gap / (h * (double)T);
    out->noise = h * L * M * dl;
    out->kterm = h * h * L * L * M * dl * dk * dk / 3.0;
    out->tight_kterm = h * h * L * L * M * dl * (dk - 1.0) * (2.0 * dk - 1.0) / 6.0;
    out->total = out->opt + out->noise + out->kterm;
    return BC_SUCCESS;
}

double bc_bound_multirate_sum_sq(size_t k)
{
    double dk = (double)k;
    return dk / 6.0 - dk * dk / 2.0 + dk * dk * dk / 3.0;
}
