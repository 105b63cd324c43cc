/* ntk.c -- checks ntk.thm1 and ntk.thm2.
 *
 * Seed 003_03528a5310bdab24.txt ("On the Convergence of Shallow Neural
 * Network Training with Randomly Masked Neurons"), Section 4 and
 * Appendix B; kernels/ntk.h for the kernels.
 *
 * ntk.thm1 -- Theorem 1 (Du et al. 2018): if no two inputs are parallel,
 *   lambda_0 = lambda_min(H_inf) > 0. Checked as "lambda_0 is above the
 *   rounding floor 64 n eps lambda_max", with lambda_0, the smallest angle
 *   between inputs, and (measured) the gap between lambda_0 and the smallest
 *   eigenvalue of Monte-Carlo finite-width NTKs.
 *
 * ntk.thm2 -- Theorem 2: for m = Omega(n^2 log(K p n / delta) / (xi lambda_0^2))
 *   and weights within R of initialisation, with probability >= 1 - delta every
 *   masked NTK has lambda_min >= lambda_0 / 2. The Omega hides a constant,
 *   so the check tests the proof's explicit part instead (Appendix B, first
 *   step): at initialisation and for one mask, Hoeffding and a union bound
 *   over the n^2 entries give ||m o H(0,0) - H_inf||_2 <= lambda_0 / 4, hence
 *   lambda_min >= lambda_0 / 2 (Weyl), except with probability at most
 *       delta(m) = 2 n^2 exp(-m lambda_0^2 / (8 n^2)).
 *   The failure frequency over draws of W and the mask is compared with
 *   delta(m) (Clopper-Pearson); with --r-frac > 0 every neuron is moved by
 *   up to R = r-frac kappa lambda_0 / n and the frequency is measured only
 *   (the perturbation step's constants are garbled in the seed).
 */
#include "proofs_checks/checks.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_randist.h>

#include "core/la.h"
#include "core/mem.h"
#include "core/rng.h"
#include "core/status.h"
#include "core/verdict.h"
#include "kernels/ntk.h"
#include "proofs_checks/dataform.h"
#include "problems/dataset.h"

/* The parameters, decoded (BC_ARGS): one field per spec row below. */
typedef struct {
    long long n;
    long long d;
    char data[BC_PARAM_TEXT];
    long long data_header;
    long long data_rows;
    long long data_seed;
    double xi;
    long long m_mc;
    long long duplicate;
    char ablate[BC_WORD_MAX];
    long long m;
    double kappa;
    double r_frac;
    double lambda0;
} args;
#define ARG(p) BC_ARGS(p, args)

#define DATA_PARAMS                                                                            \
    {"n", BC_PARAM_INT, "10", 2, 4096, 0, NULL, "inputs (synthetic: uniform on the sphere)", BC_CLAIM_SIZE(2, 500), BC_INT_ARG(args, n)},  \
    {"d", BC_PARAM_INT, "10", 1, 4096, 0, NULL, "input dimension", BC_CLAIM_LOG(1, 100), BC_INT_ARG(args, d)},                            \
    {"data", BC_PARAM_PATH, "", 0, 0, 0, NULL, "CSV data (rows scaled to unit norm; label ignored)", BC_CLAIM_FIXED("a data file; the search moves synthetic data"), BC_WORD_ARG(args, data)}, \
    {"data-header", BC_PARAM_INT, "0", 0, 1e6, 0, NULL, "header lines of the CSV", BC_CLAIM_FIXED("the layout of a data file"), BC_INT_ARG(args, data_header)},            \
    {"data-rows", BC_PARAM_INT, "0", 0, 1e6, 0, NULL, "use the first rows of the CSV (0: all)", BC_CLAIM_FIXED("the layout of a data file"), BC_INT_ARG(args, data_rows)}, \
    {"data-seed", BC_PARAM_INT, "7", 0, 9007199254740992.0, 0, NULL, "seed of the inputs", BC_CLAIM_LIN(0, 1e6), BC_INT_ARG(args, data_seed)},   \
    {"xi", BC_PARAM_REAL, "0.5", 0, 1, 1, NULL, "Bernoulli mask probability xi in (0, 1]", BC_CLAIM_LOG(1e-2, 1), BC_REAL_ARG(args, xi)}, \
    BC_ANGLE_PARAMS

static const bc_param_spec params1[] = {
    DATA_PARAMS,
    {"m-mc", BC_PARAM_INT, "65536", 1, 1e8, 0, NULL, "width of the Monte-Carlo NTKs", BC_CLAIM_SIZE(1024, 131072), BC_INT_ARG(args, m_mc)},
    {"duplicate", BC_PARAM_INT, "0", 0, 1, 0, NULL, "1: make input 2 a copy of input 1", BC_CLAIM_FIXED("1 makes two inputs parallel, outside the hypothesis (the ablation uses it)"), BC_INT_ARG(args, duplicate)},
    {"ablate", BC_PARAM_CHOICE, "none", 0, 0, 0, "none|hypothesis",
     "hypothesis: claim lambda_0 > 0 even for parallel inputs (must fail with --duplicate 1)", BC_CLAIM_FIXED("an ablation: a weakened bound, not the theorem"), BC_WORD_ARG(args, ablate)},
};
static const bc_param_spec params2[] = {
    DATA_PARAMS,
    {"m", BC_PARAM_INT, "524288", 1, 1e9, 0, NULL, "hidden neurons", BC_CLAIM_SIZE(1000, 1000000), BC_INT_ARG(args, m)},
    {"kappa", BC_PARAM_REAL, "1", 0, 1e6, 1, NULL, "w_r ~ N(0, kappa^2 I)", BC_CLAIM_LOG(1e-3, 10), BC_REAL_ARG(args, kappa)},
    {"r-frac", BC_PARAM_REAL, "0", 0, 1e6, 0, NULL,
     "move every neuron by up to R = r-frac kappa lambda_0 / n (0: at initialisation)", BC_CLAIM_FIXED("the explicit bound is claimed at initialisation only (r-frac = 0); a moved network is measured, not judged"), BC_REAL_ARG(args, r_frac)},
    {"lambda0", BC_PARAM_REAL, "0", 0, 1e6, 0, NULL,
     "a given lambda_0 for the threshold and delta(m) (0: the computed lambda_min(H_inf); the "
     "verdict is then conditional on it)", BC_CLAIM_FIXED("a user's constant: the search uses the computed one"), BC_REAL_ARG(args, lambda0)},
    {"ablate", BC_PARAM_CHOICE, "none", 0, 0, 0, "none|half",
     "half: the event lambda_min < lambda_0 instead of lambda_0/2 (must fail; not the paper's)", BC_CLAIM_FIXED("an ablation: a weakened bound, not the theorem"), BC_WORD_ARG(args, ablate)},
};

typedef struct {
    int thm;
    size_t n, d, m;
    double *X, *K, *Hinf;
    double xi, lambda0, lmax, slack1, kappa, R, threshold, delta;
} instance;

typedef struct {
    double *W, *Wk, *work, *H;
    uint64_t *bits, *mask;
} workspace;

static void free_instance(void *v)
{
    instance *in = v;
    if (in == NULL)
        return;
    free(in->X);
    free(in->K);
    free(in->Hinf);
}

/* Theorem 2 draws m neurons at once: they must fit (Theorem 1's m-mc are
 * drawn in blocks). */
static const char *validate(const bc_params *p, int thm, char *buf, size_t len)
{
    if (thm != 2)
        return NULL;
    long long m = ARG(p)->m, d = ARG(p)->d;
    size_t b = bc_mem_bytes((size_t)m, bc_mem_bytes((size_t)d + 1, sizeof(double)));
    if (b == 0 || !bc_mem_fits(bc_mem_bytes(b, 4))) {
        snprintf(buf, len, "m=%lld neurons of dimension d=%lld do not fit in memory", m, d);
        return buf;
    }
    return NULL;
}

/* the inputs: unit rows, synthetic or from a CSV file */
static int make_inputs(const bc_params *p, instance *in, gsl_rng *r, char *msg, size_t len)
{
    const char *path = ARG(p)->data;
    if (path[0] != '\0') {
        bc_dataset *ds;
        int st = bc_dataset_load_csv(path, (size_t)ARG(p)->data_header, &ds, msg, len);
        if (st == 0)
            st = bc_dataset_unit_rows(ds, msg, len);
        if (st != 0)
            return st == BC_ENOMEM ? st : BC_EINVAL;
        size_t rows = (size_t)ARG(p)->data_rows;
        in->n = rows > 0 && rows < ds->n ? rows : ds->n;
        in->d = ds->d;
        in->X = ds->X;
        ds->X = NULL;
        bc_dataset_free(ds);
        return BC_SUCCESS;
    }
    in->n = (size_t)ARG(p)->n;
    in->d = (size_t)ARG(p)->d;
    if (bc_angles_active(p)) {
        in->d = 2;
        if ((in->X = malloc(in->n * 2 * sizeof(double))) == NULL)
            return BC_ENOMEM;
        return bc_angles_inputs(p, in->n, in->X, NULL, msg, len);
    }
    in->X = malloc(in->n * in->d * sizeof(double));
    if (in->X == NULL)
        return BC_ENOMEM;
    for (size_t i = 0; i < in->n; i++)
        gsl_ran_dir_nd(r, in->d, in->X + i * in->d);
    return BC_SUCCESS;
}

/* Theorem 1: lambda_0 above the rounding floor; the Monte-Carlo NTK's
 * distance to H_inf measured. */
static void thm1_part(instance *in, const bc_params *p, double angle, bc_record *rec)
{
    size_t n = in->n;
    double floor = bc_ntk_rounding_floor(n, in->lmax);
    in->m = (size_t)ARG(p)->m_mc;
    in->slack1 = bc_verdict_slack(floor, in->lambda0, 0.0);
    if (strcmp(ARG(p)->ablate, "hypothesis") != 0)
        bc_record_precondition(rec, "no two inputs parallel", angle > 1e-12,
                               "smallest angle %.3g rad", angle);
    else
        bc_record_precondition(rec, "the theorem's hypothesis", 1,
                               "ABLATED: lambda_0 > 0 is claimed even for parallel inputs");
    bc_record_constant(rec, "rounding floor", floor, BC_PROV_EXACT, "64 n eps lambda_max");
    bc_record_quantity_exact(rec, "positive", "lambda_0 > 64 n eps lambda_max (numerically "
                             "positive); slack (floor - lambda_0)/max", 1e-9);
    bc_record_quantity_measured(rec, "mc_gap", "|lambda_min(H(0)) - lambda_0| / lambda_0 for a "
                                "Monte-Carlo NTK of width m-mc (xi-scaled, all neurons)", NAN, NAN);
}

/* Theorem 2's explicit first step: the frequency of lambda_min(mask o
 * H(0,0)) < lambda_0/2 against 2 n^2 exp(-m lambda_0^2/(8 n^2)). l0comp is
 * the computed lambda_0 (the precondition's; in->lambda0 may be a user's). */
static void thm2_part(instance *in, const bc_params *p, double l0comp, bc_record *rec)
{
    size_t n = in->n;
    /* Theorem 2 rests on Theorem 1's lambda_0 > 0 (its width is
     * Omega(1/lambda_0^2)): parallel inputs are outside it */
    double floor = bc_ntk_rounding_floor(n, in->lmax);
    bc_record_precondition(rec, "lambda_0 > 0 (no two inputs parallel)", l0comp > floor,
                           "lambda_0 = %.3g, rounding floor 64 n eps lambda_max = %.3g",
                           l0comp, floor);
    in->m = (size_t)ARG(p)->m;
    in->kappa = ARG(p)->kappa;
    in->R = ARG(p)->r_frac * in->kappa * in->lambda0 / (double)n;
    int half = strcmp(ARG(p)->ablate, "half") != 0;
    in->threshold = half ? in->lambda0 / 2.0 : in->lambda0;
    double nn = (double)n * (double)n, mm = (double)in->m;
    in->delta = fmin(1.0, 2.0 * nn * exp(-mm * in->lambda0 * in->lambda0 / (8.0 * nn)));
    double mneed = 8.0 * nn * log(2.0 * nn) / (in->lambda0 * in->lambda0);
    bc_record_constant(rec, "delta(m)", in->delta, BC_PROV_EXACT,
                       "min(1, 2 n^2 exp(-m lambda_0^2/(8 n^2))): Hoeffding + union bound");
    bc_record_constant(rec, "m for delta<1", mneed, BC_PROV_EXACT, "8 n^2 log(2 n^2)/lambda_0^2");
    bc_record_constant(rec, "theorem's scale", nn * log(nn) / (in->xi * in->lambda0 * in->lambda0),
                       BC_PROV_EXACT, "n^2 log(K p n/delta)/(xi lambda_0^2) with K p/delta = n");
    if (!half)
        bc_record_precondition(rec, "the proof's threshold", 1,
                               "ABLATED: the event is lambda_min < lambda_0 (not lambda_0/2); "
                               "expected to fail");
    bc_record_precondition(rec, "at initialisation", in->R == 0.0,
                           in->R == 0.0 ? "the explicit step's setting (R = 0)"
                                        : "R = %.4g > 0: the explicit bound is not claimed; "
                                          "the frequency is measured", in->R);
    if (in->R == 0.0)
        bc_record_quantity_frequency(rec, "below", half ? "lambda_min(mask o H(0,0)) < lambda_0/2, "
                                     "one Bernoulli(xi) mask, at initialisation"
                                     : "lambda_min(mask o H(0,0)) < lambda_0 (ABLATED threshold)",
                                     in->delta);
    else {
        bc_record_quantity_measured(rec, "below", "lambda_min(mask o H) < lambda_0/2 with every "
                                    "neuron moved by up to R (no claim: measured)", 0.0, 1.0);
        bc_record_constant(rec, "R", in->R, BC_PROV_EXACT, "r-frac kappa lambda_0 / n");
    }
    bc_record_quantity_measured(rec, "ratio", "lambda_min(mask o H) / lambda_0", NAN, NAN);
    /* a failure probability bounded by 1 claims nothing: never a HOLDS */
    if (in->delta < 1.0)
        bc_record_precondition(rec, "the bound says something", 1, "delta(m) = %.3g < 1",
                               in->delta);
    else
        bc_record_precondition(rec, "the bound says something", 0, "delta(m) >= 1 at m = %zu: "
                               "the explicit bound is vacuous here (it needs m > %.3g)", in->m,
                               mneed);
    bc_record_note(rec, "Hoeffding's range: an entry of mask o H(0,0) is the mean over the m "
                   "neurons of h_r = <x_i, x_j> 1{w_r.x_i >= 0} 1{w_r.x_j >= 0} (mask_r), "
                   "which takes values in {0, <x_i, x_j>}; with unit rows |<x_i, x_j>| <= 1, "
                   "so each h_r lies in an interval of length at most 1, the range the bound "
                   "2 n^2 exp(-m lambda_0^2/(8 n^2)) uses (t = lambda_0/(4n) per entry).");
    bc_record_note(rec, "Theorem 2's m = Omega(n^2 log(Kpn/delta)/(xi lambda_0^2)) hides its "
                   "constant; the check tests the proof's explicit first step (Appendix B) "
                   "instead. The seed's extraction garbles R (read as kappa lambda_0 / n) and "
                   "the perturbation step's constants.");
}

static int setup(const bc_params *p, int thm, bc_record *rec, void *inst, char *msg,
                        size_t len)
{
    instance *in = inst;
    gsl_rng *r = bc_rng_alloc();
    int st = BC_ENOMEM;
    if (r == NULL)
        goto done;
    in->thm = thm;
    bc_rng_seed_stream(r, (uint64_t)ARG(p)->data_seed, "ntk/inputs", 0);
    if ((st = make_inputs(p, in, r, msg, len)) != 0)
        goto done;
    size_t n = in->n, d = in->d;
    bc_angles_record_size(rec, p, n, d);
    if (thm == 1 && ARG(p)->duplicate != 0)
        memcpy(in->X + d, in->X, d * sizeof(double));
    in->xi = ARG(p)->xi;
    st = BC_ENOMEM;
    in->K = malloc(n * n * sizeof(double));
    in->Hinf = malloc(n * n * sizeof(double));
    if (in->K == NULL || in->Hinf == NULL)
        goto done;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            in->K[i * n + j] = cblas_ddot((int)d, in->X + i * d, 1, in->X + j * d, 1);
    bc_ntk_inf_gram(in->X, n, d, in->xi, in->Hinf);
    int lanczos = 0;
    if ((st = bc_la_spd_lambda_min(in->Hinf, n, &in->lambda0, &lanczos)) != 0
        || (st = bc_la_sym_lambda_max(in->Hinf, n, &in->lmax)) != 0)
        goto done;
    double angle = bc_ntk_min_angle(in->X, n, d);
    double l0comp = in->lambda0;   /* the precondition's; a user's lambda_0 replaces it below */
    in->lambda0 = bc_record_given(rec, "lambda_0", "lambda0", l0comp, BC_PROV_EXACT,
                                  lanczos ? "lambda_min(H_inf), closed form, shift-invert "
                                            "Lanczos on Cholesky factors (residual 1e-12)"
                                          : "lambda_min(H_inf), closed form, LAPACKE dsyevr",
                                  thm == 2 ? ARG(p)->lambda0 : 0.0, -1,
                                  "Theorem 1's definition of lambda_0 (lambda_min(H_inf))");
    bc_record_constant(rec, "lambda_max", in->lmax, BC_PROV_EXACT, "of H_inf");
    bc_record_constant(rec, "min angle", angle, BC_PROV_EXACT,
                       "smallest angle between two input lines (radians)");
    bc_record_constant(rec, "xi", in->xi, BC_PROV_EXACT, "the mask probability");
    bc_record_constant(rec, "n", (double)n, BC_PROV_EXACT,
                       ARG(p)->data[0] ? ARG(p)->data : "synthetic, unit sphere");

    if (thm == 1)
        thm1_part(in, p, angle, rec);
    else
        thm2_part(in, p, l0comp, rec);
    st = BC_SUCCESS;
done:
    gsl_rng_free(r);
    return st;
}

static void ws_free(void *v)
{
    workspace *w = v;
    if (w == NULL)
        return;
    free(w->W);
    free(w->Wk);
    free(w->work);
    free(w->H);
    free(w->bits);
    free(w->mask);
    free(w);
}

static void *ws_alloc(const void *v)
{
    const instance *in = v;
    workspace *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    size_t words = bc_ntk_words(in->m);
    w->W = malloc(in->m * in->d * sizeof(double));
    w->Wk = malloc(in->m * in->d * sizeof(double));
    w->work = malloc(in->n * 1024 * sizeof(double));
    w->H = malloc(in->n * in->n * sizeof(double));
    w->bits = malloc(bc_ntk_fast_rows(in->n) * bc_ntk_fast_words(in->m) * sizeof(uint64_t));
    w->mask = malloc(words * sizeof(uint64_t));
    return bc_ws_ready(w, w->W && w->Wk && w->work && w->H && w->bits && w->mask, ws_free);
}

static int trial(const void *v, void *wv, gsl_rng *r, double *values, double *aux)
{
    (void)aux;
    const instance *in = v;
    workspace *w = wv;
    size_t n = in->n, d = in->d, m = in->m, words = bc_ntk_words(m);
    double kappa = in->thm == 2 ? in->kappa : 1.0;
    for (size_t i = 0; i < m * d; i++)
        w->W[i] = gsl_ran_gaussian_ziggurat(r, kappa);
    if (in->thm == 2 && in->R > 0.0) {
        double *u = w->work;
        for (size_t k = 0; k < m; k++) {
            gsl_ran_dir_nd(r, d, u);
            double s = in->R * pow(gsl_rng_uniform(r), 1.0 / (double)d);
            cblas_daxpy((int)d, s, u, 1, w->W + k * d, 1);
        }
    }
    memset(w->mask, 0, words * sizeof(uint64_t));
    for (size_t k = 0; k < m; k++)
        if (in->thm == 1 || gsl_rng_uniform(r) < in->xi)
            w->mask[k / 64] |= UINT64_C(1) << (k % 64);
    bc_ntk_masked_fast(in->X, n, d, w->W, m, w->mask, in->K, w->H, w->Wk, w->bits, w->work);
    double lmin;
    if (in->thm == 1) {
        /* the finite-width NTK with xi: xi times the all-neuron kernel */
        for (size_t i = 0; i < n * n; i++)
            w->H[i] *= in->xi;
        if (bc_ntk_lambda_min(w->H, n, &lmin) != 0)
            return BC_ENUMERIC;
        values[0] = in->slack1;
        values[1] = in->lambda0 > 0.0 ? fabs(lmin - in->lambda0) / in->lambda0 : NAN;
    } else {
        if (bc_ntk_lambda_min(w->H, n, &lmin) != 0)
            return BC_ENUMERIC;
        values[0] = lmin < in->threshold ? 1.0 : 0.0;
        values[1] = lmin / in->lambda0;
    }
    return BC_SUCCESS;
}

/* The search's cost model: H_inf and its eigenvalues (n^2 d + n^3), then
 * per trial a width-m NTK (n m d + n^2 m) and its eigenvalues. */
static double search_cost(const bc_params *p, size_t trials)
{
    double n = (double)ARG(p)->n, d = (double)ARG(p)->d;
    /* Theorem 2's m, or Theorem 1's m-mc (m stays 0 where not declared) */
    double m = (double)(ARG(p)->m > 0 ? ARG(p)->m : ARG(p)->m_mc);
    return n * n * d + n * n * n + (double)trials * (n * m * d + n * n * m + n * n * n);
}

static const bc_method method = {.inst_size = sizeof(instance),.validate = validate, .setup = setup,
    .free_instance = free_instance, .ws_alloc = ws_alloc, .ws_free = ws_free, .trial = trial,
    .search_fix = bc_angles_search_fix, .search_cost = search_cost};

const bc_check bc_check_ntk_thm1 = {
    .id = "ntk.thm1",
    .paper = &bc_paper_masked,
    .statement = "Theorem 1 (Du et al. 2018)",
    .formula = "no two inputs parallel => lambda_0 = lambda_min(H_inf) > 0, "
               "H_inf_ij = xi <x_i,x_j> (pi - theta_ij)/(2 pi)",
    .version = "statement as printed in the ICLR 2022 submission",
    BC_CHECK_PARAMS(params1),
    .default_trials = 8,
    .quick = "trials=4 m-mc=16384",
    .variant = 1,
    .method = &method,
    .examined = "(i) H_inf_ij = xi <x_i,x_j>(pi - arccos<x_i,x_j>)/(2 pi) as the expectation of the two indicators (the probability that w ~ N(0, I) has both inner products >= 0 is (pi - angle)/(2 pi)): checked against the Monte-Carlo NTK (the mc rows); (ii) positive definiteness for non-parallel unit inputs (Du et al. 2018, Thm 3.1, via the linear independence of the feature maps): no step was found that needs more; parallel inputs (equal angles in --data-form angles) make it singular, which the check reports as PRECONDITION.",
};

const bc_check bc_check_ntk_thm2 = {
    .id = "ntk.thm2",
    .paper = &bc_paper_masked,
    .statement = "Theorem 2 (its explicit first step, Appendix B)",
    .formula = "P(lambda_min(mask o H(0,0)) < lambda_0/2) <= 2 n^2 exp(-m lambda_0^2/(8 n^2)) "
               "(Theorem 2: lambda_min >= lambda_0/2 w.p. >= 1 - delta for m = Omega(.))",
    .version = "statement as printed in the ICLR 2022 submission",
    BC_CHECK_PARAMS(params2),
    .default_trials = 200,
    .quick = "trials=100 n=6 m=65536",
    .variant = 2,
    .method = &method,
    .examined = "(i) each entry of the masked NTK at initialisation is a mean of m bounded terms (range <= 1 for unit rows: the Hoeffding note); (ii) the union bound over n^2 entries and K p masks; (iii) Weyl: ||H - H_inf||_2 <= ||H - H_inf||_F <= lambda_0 / 4 gives lambda_min >= 3 lambda_0 / 4; (iv) the perturbation within R (garbled in the seed, read as kappa lambda_0 / n): only steps (i)-(iii), the explicit first step, are judged; the hidden Omega constant is not.",
};
