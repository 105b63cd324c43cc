/* sgr_slack.c -- the slack of Theorem 3.3's inequality (3) along the
 * iterations, inside and outside the step-size conditions.
 *
 * On the default instance of check sgr.thm3_3 (problems/twolayer.h; the
 * same data seed), runs local learning (algorithms/local.h) from one start
 * for eta_1 = frac x (its largest allowed value), frac in fracs=..., and
 * writes per iteration the gap L2^(i+1,i+1) - L2*, the RHS of (3), the RHS
 * of (4) and the slack of (3) relative to the step's decrease,
 * (claimed - actual decrease) / max(|claimed|, |actual|).
 *
 * usage: sgr_slack [--out DIR] [--quick] [name=value ...]
 *   names: problem m d1 d2 disagree data-seed iters fracs
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "algorithms/local.h"
#include "bounds/sgr.h"
#include "core/io.h"
#include "core/params.h"
#include "experiments/args.h"
#include "core/rng.h"
#include "core/verdict.h"
#include "problems/twolayer.h"

static const bc_param_spec params[] = {
    {"problem", BC_PARAM_CHOICE, "quadratic", 0, 0, 0, "quadratic|nonconvex", "the loss", BC_CLAIM_FIXED("an experiment's setting")},
    {"m", BC_PARAM_INT, "16", 1, 1e5, 0, NULL, "rows of A", BC_CLAIM_FIXED("an experiment's setting")},
    {"d1", BC_PARAM_INT, "12", 1, 1e5, 0, NULL, "size of theta_1", BC_CLAIM_FIXED("an experiment's setting")},
    {"d2", BC_PARAM_INT, "12", 1, 1e5, 0, NULL, "size of theta_2", BC_CLAIM_FIXED("an experiment's setting")},
    {"disagree", BC_PARAM_REAL, "0.5", 0, 1e6, 0, NULL, "local head's disagreement", BC_CLAIM_FIXED("an experiment's setting")},
    {"data-seed", BC_PARAM_INT, "7", 0, 9007199254740992.0, 0, NULL, "instance seed", BC_CLAIM_FIXED("an experiment's setting")},
    {"iters", BC_PARAM_INT, "600", 1, 1e7, 0, NULL, "iterations", BC_CLAIM_FIXED("an experiment's setting")},
    {"fracs", BC_PARAM_PATH, "0.9,3,7", 0, 0, 0, NULL, "eta_1 / its largest allowed value", BC_CLAIM_FIXED("an experiment's setting")},
};
#define NP (sizeof params / sizeof params[0])

int main(int argc, char **argv)
{
    char msg[512];
    bc_params p;
    gsl_set_error_handler_off();
    bc_params_init(&p, params, NP, msg, sizeof msg);
    bc_exp_args ea = {.out = "results", .tag = NULL};
    if (bc_exp_parse("sgr_slack", argc, argv, &p, "iters=300", &ea) != 0)
        return 2;
    double fracs[256];
    size_t nfracs;
    if (bc_exp_list("sgr_slack", "fracs", bc_params_str(&p, "fracs"), fracs, 256, 1, 1,
                    &nfracs) != 0)
        return 2;
    const char *out = ea.out;
    bc_tl_kind kind = strcmp(bc_params_str(&p, "problem"), "nonconvex") == 0 ? BC_TL_NONCONVEX
                                                                            : BC_TL_QUADRATIC;
    bc_twolayer *pb = bc_twolayer_alloc(kind, (size_t)bc_params_int(&p, "m"),
                                        (size_t)bc_params_int(&p, "d1"),
                                        (size_t)bc_params_int(&p, "d2"));
    gsl_rng *r = bc_rng_alloc();
    /* the same stream as check sgr.thm3_3's instance */
    bc_rng_seed_stream(r, (uint64_t)bc_params_int(&p, "data-seed"), "sgr/instance", 0);
    bc_twolayer_random(pb, bc_params_real(&p, "disagree"), r);
    bc_tl_constants k;
    bc_sgr_eta1 e1;
    if (bc_twolayer_constants(pb, &k, msg, sizeof msg) != 0
        || bc_bound_sgr_eta1(k.L1, k.L2, k.L, k.mu, &e1) != 0) {
        fprintf(stderr, "sgr_slack: %s\n", msg[0] ? msg : "bad constants");
        return 2;
    }
    double lo, hi;
    bc_bound_sgr_eta2(k.L2, e1.eta1_max, &lo, &hi);
    double eta2 = 0.5 * (lo + hi);
    size_t iters = (size_t)bc_params_int(&p, "iters"), d = pb->d;
    double *theta0 = malloc(d * sizeof *theta0), *theta = malloc(d * sizeof *theta);
    bc_rng_seed_stream(r, 1, "sgr.thm3_3", 0);  /* trial 0 of the check */
    for (size_t j = 0; j < d; j++)
        theta0[j] = gsl_ran_gaussian_ziggurat(r, 1.0);
    bc_local_ws *w = bc_local_ws_alloc(pb);

    char path[4096];
    snprintf(path, sizeof path, "%s/sgr_slack.csv", out);
    bc_atomic_file f;
    if (bc_io_atomic_open(&f, path) != 0) {
        fprintf(stderr, "sgr_slack: cannot write '%s'\n", path);
        return 2;
    }
    fprintf(f.fp, "frac,iter,gap_next,rhs3,rhs4,slack3,eps2\n");
    for (size_t fi = 0; fi < nfracs; fi++) {
        double frac = fracs[fi];
        double eta1 = frac * e1.eta1_max, alpha = eta1 / 2.0, S = NAN, worst = -INFINITY;
        memcpy(theta, theta0, d * sizeof *theta);
        for (size_t i = 0; i < iters; i++) {
            bc_local_step s;
            bc_local_iterate(pb, BC_LOCAL_LOCAL, eta1, eta2, theta, w, &s);
            if (!isfinite(s.L2_next))
                break;
            if (i == 0)
                S = s.L2_ii;
            double rhs3 = bc_bound_sgr_eq3(k.mu, eta1, s.L2_ii, s.eps2);
            S = (1.0 - alpha * k.mu) * S + alpha * s.eps2;
            /* as in check sgr.thm3_3: relative to the step's decrease */
            double sl = bc_verdict_slack(s.L2_ii - rhs3, s.L2_ii - s.L2_next, 0.0);
            worst = fmax(worst, sl);
            fprintf(f.fp, "%g,%zu,%.10e,%.10e,%.10e,%.10e,%.10e\n", frac, i, s.L2_next, rhs3, S,
                    sl, s.eps2);
        }
        printf("sgr_slack: eta1 = %g x allowed: worst slack of (3) %.4g\n", frac, worst);
    }
    if (bc_io_atomic_commit(&f) != 0)
        return 5;
    printf("sgr_slack: wrote %s\n", path);
    bc_local_ws_free(w);
    bc_twolayer_free(pb);
    free(theta0);
    free(theta);
    gsl_rng_free(r);
    return 0;
}
