/* clars.c (bounds) -- seed 001's Theorems 2-3, Corollaries 1-3 (see clars.h). */
#include "bounds/clars.h"

#include <math.h>

void bc_bound_clars_thm(int thm2, double gap, double T, double gamma, double S, double kappa,
                        double M, double B, double beta, bc_clars_bound *out)
{
    if (thm2) {
        out->opt = 8.0 * gap / (T * gamma * S);
        out->var = (4.0 + 2.0 * kappa) * M * gamma / B;
    } else {
        double ob = 1.0 - beta;
        out->opt = 8.0 * ob * gap / (T * gamma * S);
        out->var = M * gamma / (ob * B) * (4.0 + 2.0 * kappa + 2.0 * kappa / ob);
    }
    out->total = out->opt + out->var;
}

double bc_bound_clars_cor_gamma(double gap, double T, double B, double M, double S, double beta)
{
    double a = (1.0 - beta) / 8.0;
    return M > 0.0 ? fmin(a, sqrt(B * gap / (T * M * S))) : a;
}

void bc_bound_clars_cor(int cor2, double gap, double T, double S, double kappa, double M,
                        double B, double beta, bc_clars_bound *out)
{
    double root = sqrt(M * gap / (T * B * S));
    if (!cor2) {
        out->opt = 64.0 * gap / (T * S);
        out->var = (12.0 + 2.0 * kappa) * root;
    } else {
        double ob = 1.0 - beta;
        out->opt = 64.0 * gap / (ob * T * S);
        out->var = (8.0 + (4.0 + 2.0 * kappa + 2.0 * kappa / ob) / ob) * root;
    }
    out->total = out->opt + out->var;
}

void bc_bound_clars_cor3(double gap, double T, double gamma_g, double MC, double Lg, double beta,
                         bc_clars_bound *out)
{
    double ob = 1.0 - beta;
    out->opt = 8.0 * ob * gap / (T * gamma_g);
    out->var = MC * Lg * gamma_g / ob * (6.0 + 2.0 / ob);
    out->total = out->opt + out->var;
}

double bc_bound_clars_gamma_max(int thm2, double beta, double B, const double *Mk, size_t K,
                                double Mg, double Lg, double S, double *per_layer,
                                double *average)
{
    double ob = thm2 ? 1.0 : 1.0 - beta, pl = ob / 8.0, c;
    for (size_t k = 0; k < K; k++)
        if (Mk[k] > 0.0)
            pl = fmin(pl, ob * B / (8.0 * Mk[k]));
    if (thm2) {
        c = 1.0 / (2.0 * Lg);
        if (Mg > 0.0)
            c = fmin(c, sqrt(B / Mg) / (2.0 * Lg));
    } else {
        c = ob / (4.0 * Lg);
        if (beta > 0.0)
            c = fmin(c, ob * ob / (4.0 * beta * beta * Lg));
        if (Mg > 0.0) {
            c = fmin(c, ob * sqrt(B) / (4.0 * Lg * sqrt(Mg)));
            if (beta > 0.0)
                c = fmin(c, ob * ob * sqrt(B) / (4.0 * beta * beta * Lg * sqrt(Mg)));
        }
    }
    *per_layer = pl;
    *average = c * (double)K / S;
    return fmin(pl, *average);
}
