/* dcasgd.c (bounds) -- Theorem 4.1 and Lemma F.1 of seed 004 (see dcasgd.h). */
#include "bounds/dcasgd.h"

#include <math.h>

double bc_bound_dcrate_theta(const bc_dcrate_consts *c)
{
    return 2.0 * c->H * c->K * c->L2 * c->G / c->mu
           * sqrt(c->L2 / c->mu * (1.0 + c->tau * c->G * c->L3 / (c->mu * c->L2)));
}

double bc_bound_dcrate_clambda(const bc_dcrate_consts *c)
{
    return (1.0 - c->lambda) * c->L1 * c->L1 + c->epsD;
}

void bc_bound_dcrate_thm41(const bc_dcrate_consts *c, double t, double third, double terms[3])
{
    double mu4 = pow(c->mu, 4.0), G2 = c->G * c->G, L22 = c->L2 * c->L2;
    terms[0] = 2.0 * L22 * G2 / (t * mu4) * (1.0 + 4.0 * c->tau * bc_bound_dcrate_clambda(c));
    terms[1] = 2.0 * G2 * L22 * bc_bound_dcrate_theta(c) * sqrt(c->tau) / (mu4 * t * sqrt(t));
    terms[2] = third * L22 * c->L2 * c->tau * c->tau * G2 * c->G / (pow(c->mu, 6.0) * t * t);
}

double bc_bound_dcrate_theta_f1(const bc_dcrate_consts *c, double V)
{
    return 2.0 * c->H * c->K * c->L * V * c->L2 / (c->mu * c->mu)
           * sqrt(1.0 / c->mu * (1.0 + (c->L2 + c->lambda * c->L1 * c->L1) * c->tau / c->L2));
}
