/* example_check.c -- README's worked example of a new check: the descent
 * lemma for one gradient step on f(x) = (1/2) sum_i a_i x_i^2, a_i = i/d
 * (so L = max a_i = 1, exact): for 0 < h <= 1/L,
 *   f(x - h grad f(x)) <= f(x) - (h/2) ||grad f(x)||^2   (Nesterov, 2004, (1.2.12)). */
#include <float.h>
#include <stddef.h>
#include <stdlib.h>
#include <gsl/gsl_randist.h>

#include "core/check.h"
#include "core/status.h"
#include "core/verdict.h"

/* The parameters, decoded: each spec row names its field. */
typedef struct {
    long long d;
    double h;
} args;

static const bc_param_spec params[] = {
    {"d", BC_PARAM_INT, "10", 1, 1e6, 0, NULL, "dimension", BC_CLAIM_SIZE(1, 1000),
     BC_INT_ARG(args, d)},
    {"h", BC_PARAM_REAL, "1", 0, 1e3, 1, NULL, "step size (the lemma: h <= 1/L = 1)",
     BC_CLAIM_LOG(1e-8, 1), BC_REAL_ARG(args, h)},
};

typedef struct {
    size_t d;
    double h;
} instance;

static int setup(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                 size_t len)
{
    (void)variant, (void)msg, (void)len;
    instance *in = inst;   /* allocated (zeroed) and freed by the runner */
    const args *a = BC_ARGS(p, args);
    in->d = (size_t)a->d;
    in->h = a->h;
    bc_record_constant(rec, "L", 1.0, BC_PROV_EXACT, "max_i a_i = d/d");
    bc_record_precondition(rec, "step size", in->h <= 1.0, "h = %g <= 1/L = 1", in->h);
    bc_record_quantity_exact(rec, "descent", "f(x+) <= f(x) - (h/2)||grad f(x)||^2", 1e-12);
    return BC_SUCCESS;
}

/* One trial: a random x, one step; the normalised slack of the lemma. */
static int trial(const void *v, void *ws, gsl_rng *r, double *values, double *aux)
{
    (void)ws, (void)aux;
    const instance *in = v;
    double f0 = 0.0, f1 = 0.0, g2 = 0.0;
    for (size_t i = 0; i < in->d; i++) {
        double a = (double)(i + 1) / (double)in->d, x = gsl_ran_gaussian(r, 1.0);
        double g = a * x, y = x - in->h * g;
        f0 += 0.5 * a * x * x;
        f1 += 0.5 * a * y * y;
        g2 += g * g;
    }
    values[0] = bc_verdict_slack(f1, f0 - 0.5 * in->h * g2, BC_ROUND_EPS * f0 / 1e-12);
    return BC_SUCCESS;
}

static const bc_paper nesterov = {
    .authors = "Y. Nesterov", .title = "Introductory Lectures on Convex Optimization",
    .venue = "Kluwer, 2004", .text = "the book", .name = "Introductory Lectures",
    .source = "nesterov2004"};

static const bc_method method = {.setup = setup, .inst_size = sizeof(instance), .trial = trial};

const bc_check bc_check_example_descent = {
    .id = "example.descent", .paper = &nesterov, .statement = "Lemma 1.2.3, (1.2.12)",
    .formula = "f(x - h grad f(x)) <= f(x) - (h/2)||grad f(x)||^2, 0 < h <= 1/L",
    .version = "as printed", BC_CHECK_PARAMS(params), .default_trials = 100,
    .quick = "trials=20", .examined = "the descent lemma's one inequality", .method = &method,
};
