/* dcasgd_rate.c -- checks dcasgd.thm4_1 and dcasgd.lemmaF1.
 *
 * Seed 004_dadf40bd1c0f8564.txt (supplement of "Asynchronous Stochastic
 * Gradient Descent with Delay Compensation"), Sections D and F.
 *
 * dcasgd.thm4_1 -- Theorem 4.1 (strongly convex), Eq. (38): for DC-ASGD with
 * delay tau and eta_t = 1/(mu t),
 *   E F(w_t) - F(w*) <= 2 L_2^2 G^2 (1 + 4 tau C_lambda)/(t mu^4)
 *                     + 2 G^2 L_2^2 theta sqrt(tau)/(mu^4 t sqrt(t))
 *                     + L^3 L_2^3 tau^2 G^3/(mu^6 t^2)
 *   (bounds/dcasgd.h). The statement and its proof disagree: the step is
 *   1/(mu t) in the statement, L_2^2/(mu^2 t) in the proof's (31), and the
 *   recursion (36) needs eta_t 2 mu^2/L_2 = 2/t, i.e. L_2/(mu^2 t) (--step
 *   statement|proof|recursion); the third term has L^3 in the statement
 *   and L_3 in (36) (both readings are reported; the main RHS is the
 *   statement's with L the Lipschitz constant of sigma_k, Lemma F.1's L).
 *   theta uses H and K, which only Lemma F.1 defines.
 * dcasgd.lemmaF1 -- Lemma F.1 (strongly convex case): with labels from
 *   P(. | x, w*) and w* the optimum, eps_t = ||E_{x,y|w*}[d^2 f(w_t) - df df^T]||
 *   <= theta_F / sqrt(t), theta_F = (2 H K L V L_2/mu^2) sqrt((1/mu)(1 +
 *   (L_2 + lambda L_1^2) tau/L_2)), for "w_t the output of DC-ASGD": by
 *   default with Theorem 4.1's step 1/(mu t) (the lemma states none; its
 *   proof's (84) uses L_2/(mu^2 t), --step recursion). Also the proof's first step (72)-(74), a deterministic
 *   inequality at every w: eps(w) <= H K L ||w - w*||, checked along the
 *   trajectory.
 *
 * The instance, where every hypothesis holds exactly: softmax regression
 * on n unit-norm points x_i (K classes, W is K x d), labels drawn afresh at
 * each step from P(. | x_i, W*), and
 *   F(w) = (1/n) sum_i E_{Y|x_i,W*} [-log sigma_Y(W x_i)] + (rho/2) ||w - c||^2
 * with c = W* (--center teacher: the regulariser pulls to the teacher, so
 * W* is both the label generator and the optimum, as Lemma F.1 needs) or
 * c = W* = 0 (--center origin: the paper's rho/2 ||w||^2; labels uniform).
 * The data Hessian is E_x (Diag sigma - sigma sigma^T) (x) x x^T, singular
 * along the class shift, so mu = rho exactly. Constants (unit rows):
 *   L_2 = rho + lambda_max(X^T X/n)/2   certified (Popoviciu: Var <= 1/2)
 *   L_3 = max||x||^3 / sqrt(2)            certified (third cumulant)
 *   L   = max||x|| sqrt(2)/4              certified (sigma(1 - sigma) <= 1/4)
 *   H   = 2 max||x||^2                    certified (difference of PSD matrices)
 *   eps_D = lambda_max(X^T X/n)/2         certified (idem)
 *   G (= V), L_1                          estimated: the largest ||g^dc_t||
 *                                         and |g_i| over pilot runs
 * eps_t is the spectral norm of E_x sum_k (sigma_k(W) - sigma_k(W*)) g_k g_k^T
 * (problems/softmax.h), exact given w_t.
 */
#include "proofs_checks/checks.h"
#include "proofs_checks/dataform.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

#include "algorithms/dcasgd.h"
#include "bounds/dcasgd.h"
#include "core/la.h"
#include "core/rng.h"
#include "core/status.h"
#include "problems/dataset.h"
#include "problems/softmax.h"

enum { THM41, LEMMAF1 };
#define NCHK 4      /* the MEAN checkpoints T/8, T/4, T/2, T */
#define NCHAIN 24   /* checkpoints of the deterministic chain (lemma) */

/* The parameters, decoded (BC_ARGS): one field per spec row below. */
typedef struct {
    long long K;
    long long d;
    long long n;
    long long data_seed;
    char data_form[BC_WORD_MAX];
    double w_scale;
    char center[BC_WORD_MAX];
    double rho;
    long long tau;
    double lambda;
    char step[BC_WORD_MAX];
    long long T;
    double w0_dist;
    long long pilot;
    double L2;
    double eps_D;
    char ablate[BC_WORD_MAX];
    double rtol;
} args;
#define ARG(p) BC_ARGS(p, args)

#define RATE_PARAMS(STEP)                                                                     \
    {"K", BC_PARAM_INT, "3", 2, 16, 0, NULL, "classes", BC_CLAIM_LOG(2, 16), BC_INT_ARG(args, K)},                                        \
    {"d", BC_PARAM_INT, "3", 1, 16, 0, NULL, "features", BC_CLAIM_LOG(1, 16), BC_INT_ARG(args, d)},                                       \
    {"n", BC_PARAM_INT, "20", 1, 100000, 0, NULL, "data points (unit norm, N(0, I) directions)", BC_CLAIM_LOG(1, 10000), BC_INT_ARG(args, n)}, \
    {"data-seed", BC_PARAM_INT, "7", 0, 1e9, 0, NULL, "seed of the points and the teacher", BC_CLAIM_LIN(0, 1e6), BC_INT_ARG(args, data_seed)},     \
    {"data-form", BC_PARAM_CHOICE, "random", 0, 0, 0, "random|points",                          \
     "random: unit points from data-seed; points: n <= 4 points in d <= 3 given by x11..x43 "     \
     "(scaled to unit norm), moved by the search", BC_CLAIM_WORDS("random|points"), BC_WORD_ARG(args, data_form)},              \
    BC_POINT_PARAMS,                                                                           \
    {"w-scale", BC_PARAM_REAL, "1", 0, 100, 0, NULL, "teacher entries ~ N(0, scale^2)", BC_CLAIM_LOG(1e-2, 10), BC_REAL_ARG(args, w_scale)},        \
    {"center", BC_PARAM_CHOICE, "teacher", 0, 0, 0, "teacher|origin|away",                     \
     "regulariser centre: the teacher W*; the origin with W* = 0; or the origin with W* random "   \
     "(away: the optimum is not the label generator, outside Lemma F.1's assumption)",            \
     BC_CLAIM_WORDS("teacher|origin"), BC_WORD_ARG(args, center)},                                                            \
    {"rho", BC_PARAM_REAL, "0.3", 0, 100, 1, NULL, "regularisation (= mu)", BC_CLAIM_LOG(1e-3, 10), BC_REAL_ARG(args, rho)},                   \
    {"tau", BC_PARAM_INT, "4", 0, 1000, 0, NULL, "delay", BC_CLAIM_LOG(0, 1000), BC_INT_ARG(args, tau)},                                      \
    {"lambda", BC_PARAM_REAL, "0.5", 0, 100, 0, NULL,                                          \
     "the compensation factor (0: ASGD; the statement sets no upper limit)", BC_CLAIM_LIN(0, 4), BC_REAL_ARG(args, lambda)}, \
    {"step", BC_PARAM_CHOICE, STEP, 0, 0, 0, "statement|proof|recursion",                       \
     "eta_t = 1/(mu t) | L_2^2/(mu^2 t) | L_2/(mu^2 t)", BC_CLAIM_WORDS("statement|proof|recursion"), BC_WORD_ARG(args, step)},                                       \
    {"T", BC_PARAM_INT, "20000", 8, 1e8, 0, NULL, "steps", BC_CLAIM_SIZE(100, 100000), BC_INT_ARG(args, T)},                                     \
    {"w0-dist", BC_PARAM_REAL, "1", 0, 100, 0, NULL, "||w_0 - W*|| (a random direction)", BC_CLAIM_LOG(1e-2, 10), BC_REAL_ARG(args, w0_dist)},      \
    {"pilot", BC_PARAM_INT, "16", 1, 10000, 0, NULL, "pilot runs that estimate G and L_1", BC_CLAIM_FIXED("the effort of the pilot runs that estimate G and L_1"), BC_INT_ARG(args, pilot)},     \
    {"L2", BC_PARAM_REAL, "0", 0, 1e6, 0, NULL,                                                 \
     "L_2 given by the user (0: the certified one); the verdict is then conditional on it",    \
     BC_CLAIM_FIXED("a constant given by the user, not searched"), BC_REAL_ARG(args, L2)},                             \
    {"eps-D", BC_PARAM_REAL, "0", 0, 1e6, 0, NULL,                                              \
     "eps_D given by the user (0: the certified one); the verdict is then conditional on it",  \
     BC_CLAIM_FIXED("a constant given by the user, not searched"), BC_REAL_ARG(args, eps_D)},                             \
    {"ablate", BC_PARAM_CHOICE, "none", 0, 0, 0, "none|noise",                                  \
     "noise: G (V) := 0, the bound without its noise constant (must fail)", BC_CLAIM_FIXED("an ablation: a weakened bound, not the theorem"), BC_WORD_ARG(args, ablate)}

static const bc_param_spec params_thm[] = {RATE_PARAMS("statement")};
static const bc_param_spec params_lem[] = {
    RATE_PARAMS("statement"),
    {"rtol", BC_PARAM_REAL, "1e-9", 1e-15, 1, 0, NULL, "tolerance of the chain's slack", BC_CLAIM_FIXED("a rounding tolerance of the comparison, not of the statement"), BC_REAL_ARG(args, rtol)},
};

typedef struct {
    int which;
    size_t K, d, n, P, T;
    bc_dataset *ds;
    double *Ws, *center, *w0;
    bc_softreg prob;
    bc_dc_opts opts;
    double Fstar, H, K_, L;
    double rhs[NCHK];
    size_t tc[NCHK];
    size_t tchain[NCHAIN], nchain;
    double G;
    double rtol;
} inst;

static void free_inst(void *v)
{
    inst *in = v;
    if (in == NULL)
        return;
    bc_dataset_free(in->ds);
    free(in->Ws);
    free(in->center);
    free(in->w0);
}

/* F(w) - F* for the instance (exact given w). */
static double gap(const inst *in, const double *w)
{
    double r = 0.0;
    for (size_t j = 0; j < in->P; j++) {
        double u = w[j] - in->center[j];
        r += u * u;
    }
    return bc_softmax_pop_loss(w, in->Ws, in->ds->X, in->n, in->K, in->d)
           + 0.5 * in->prob.rho * r - in->Fstar;
}

/* eps(w): the spectral norm of the Fisher gap; M is P x P, work 2K + P,
 * eig a workspace for P x P eigenvalues. */
static double fisher_eps(const inst *in, const double *w, double *M, double *work,
                         bc_la_eig_ws *eig)
{
    double lo, hi;
    bc_softmax_fisher_gap(w, in->Ws, in->ds->X, in->n, in->K, in->d, M, work);
    if (bc_la_sym_extremes(eig, M, &lo, &hi) != 0)
        return NAN;
    return fmax(fabs(lo), fabs(hi));
}

static double dist_to(const inst *in, const double *w)
{
    double r = 0.0;
    for (size_t j = 0; j < in->P; j++)
        r += (w[j] - in->Ws[j]) * (w[j] - in->Ws[j]);
    return sqrt(r);
}

/* Lower bounds of the tightest L_2 and eps_D: the largest lambda_max(Hess F(W))
 * and ||Hess_data(W) - Diag Hess_data(W)|| over sample points W (0, W*,
 * Gaussian W at five scales, and the two-class configurations: rows a, b at 0,
 * the others at -s v with v the mean direction of the points, where every
 * point's probabilities approach (1/2, 1/2, 0, ...) and lambda_max(Diag
 * sigma - sigma sigma^T) its sup 1/2). The certified L_2, eps_D are upper
 * bounds of the same suprema, so the truth lies between. Own stream: the
 * instance's draws are unchanged. 0, or BC_ENOMEM / a LAPACK status. */
static int sampled_consts(const inst *in, double rho, uint64_t seed, double *L2s, double *epsDs,
                          size_t *nsamp)
{
    size_t P = in->P, K = in->K, d = in->d, n = in->n;
    double *H = malloc(P * P * sizeof *H), *Hi = malloc(P * P * sizeof *Hi);
    double *W = malloc(P * sizeof *W), *sg = malloc(K * sizeof *sg), *ev = malloc(P * sizeof *ev);
    double v[16] = {0};
    gsl_rng *r = bc_rng_alloc();
    int st = BC_ENOMEM;
    *L2s = *epsDs = 0.0;
    *nsamp = 0;
    if (H == NULL || Hi == NULL || W == NULL || sg == NULL || ev == NULL || r == NULL || d > 16)
        goto done;
    bc_rng_seed_stream(r, seed, "dcasgd.rate/constants", 0);
    double nv = 0.0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d; j++)
            v[j] += in->ds->X[i * d + j] / (double)n;
    for (size_t j = 0; j < d; j++)
        nv += v[j] * v[j];
    const double scales[] = {0.3, 1.0, 3.0, 10.0, 30.0};
    size_t npairs = K * (K - 1) / 2 < 3 ? K * (K - 1) / 2 : 3;
    size_t total = 2 + 5 * 6 + (nv > 0.0 ? npairs * 3 : 0);
    for (size_t smp = 0; smp < total; smp++) {
        if (smp == 0)
            memset(W, 0, P * sizeof *W);
        else if (smp == 1)
            memcpy(W, in->Ws, P * sizeof *W);
        else if (smp < 32) {
            double sc = scales[(smp - 2) / 6];
            for (size_t q = 0; q < P; q++)
                W[q] = gsl_ran_gaussian(r, sc);
        } else {
            size_t m = smp - 32, pr = m / 3, a = 0, b = 1;
            for (size_t k = 0; k < pr; k++)     /* the pr-th pair (a, b), a < b */
                if (++b == K) {
                    a++;
                    b = a + 1;
                }
            double sc = scales[2 + m % 3] / sqrt(nv);
            for (size_t c = 0; c < K; c++)
                for (size_t j = 0; j < d; j++)
                    W[c * d + j] = (c == a || c == b) ? 0.0 : -sc * v[j];
        }
        memset(H, 0, P * P * sizeof *H);
        for (size_t i = 0; i < n; i++) {
            const double *x = in->ds->X + i * d;
            bc_softmax_probs(W, K, d, x, sg);
            bc_softmax_hessian(sg, K, d, x, Hi);
            for (size_t q = 0; q < P * P; q++)
                H[q] += Hi[q] / (double)n;
        }
        if ((st = bc_la_sym_eigs(H, P, 1, P, ev)) != 0)
            goto done;
        *L2s = fmax(*L2s, rho + ev[P - 1]);
        for (size_t q = 0; q < P; q++)
            H[q * P + q] = 0.0;
        if ((st = bc_la_sym_eigs(H, P, 1, P, ev)) != 0)
            goto done;
        *epsDs = fmax(*epsDs, fmax(fabs(ev[0]), fabs(ev[P - 1])));
        (*nsamp)++;
    }
    st = BC_SUCCESS;
done:
    free(H);
    free(Hi);
    free(W);
    free(sg);
    free(ev);
    gsl_rng_free(r);
    return st;
}

/* The instance from the data seed (or the given points): unit points,
 * the teacher W* and the regulariser's centre, and w_0 at distance
 * w0-dist from W* in a random direction. */
static int make_data(inst *in, const bc_params *p, gsl_rng *r, char *msg, size_t len)
{
    const int origin = strcmp(ARG(p)->center, "origin") == 0;
    const int away = strcmp(ARG(p)->center, "away") == 0;
    /* the instance, from the data seed: points, teacher, start direction */
    bc_rng_seed_stream(r, (uint64_t)ARG(p)->data_seed, "dcasgd.rate.data", 0);
    if (bc_points_active(p)) {
        /* the tiny form: the given points, as directions (unit rows, which
         * the constants assume) */
        int pst = bc_points_inputs(p, in->n, in->d, in->ds->X, msg, len);
        for (size_t i = 0; pst == 0 && i < in->n; i++) {
            double *x = in->ds->X + i * in->d, nx = 0.0;
            for (size_t j = 0; j < in->d; j++)
                nx += x[j] * x[j];
            if (!(nx > 0.0)) {
                snprintf(msg, len, "--data-form points: point %zu is at the origin (no direction)", i + 1);
                pst = BC_EINVAL;
            }
            for (size_t j = 0; pst == 0 && j < in->d; j++)
                x[j] /= sqrt(nx);
        }
        if (pst != 0)
            return pst;
    } else {
        for (size_t i = 0; i < in->n; i++)
            bc_rng_unit_vector(r, in->d, in->ds->X + i * in->d);
    }
    for (size_t i = 0; i < in->n; i++)
        in->ds->y[i] = 0.0;
    double wscale = ARG(p)->w_scale, u2 = 0.0;
    for (size_t j = 0; j < in->P; j++) {
        double w = gsl_ran_gaussian_ziggurat(r, wscale);
        in->Ws[j] = origin ? 0.0 : w;
        in->center[j] = away ? 0.0 : in->Ws[j];
    }
    for (size_t j = 0; j < in->P; j++) {
        in->w0[j] = gsl_ran_gaussian_ziggurat(r, 1.0);
        u2 += in->w0[j] * in->w0[j];
    }
    double w0d = ARG(p)->w0_dist;
    for (size_t j = 0; j < in->P; j++)
        in->w0[j] = in->Ws[j] + w0d * in->w0[j] / sqrt(u2);
    return BC_SUCCESS;
}

/* The pilot runs that estimate G (the largest ||g^dc_t||, squared into
 * *G2) and L_1 (the largest |g_i|), each on its own stream; runs that
 * diverge are counted (*diverged, the first's step in *first_div). */
static int pilot_runs(inst *in, uint64_t seed, size_t pilot, gsl_rng *r, double *G2, double *L1,
                      size_t *diverged, size_t *first_div)
{
    for (size_t k = 0; k < pilot; k++) {
        bc_dc_run *run = bc_dc_alloc(&in->prob, &in->opts, in->w0);
        double g2 = 0.0, l1 = 0.0;
        if (run == NULL)
            return BC_ENOMEM;
        bc_rng_seed_stream(r, seed, "dcasgd.rate.pilot", k);
        size_t t = 0;
        for (; t < in->T; t++) {
            double n2, am;
            if (bc_dc_steps(run, 1, r) != 0)
                break;
            bc_dc_last(run, &n2, &am);
            g2 = fmax(g2, n2);
            l1 = fmax(l1, am);
        }
        bc_dc_free(run);
        if (t < in->T) {
            *first_div = (*diverged)++ ? *first_div : t + 1;
            continue;
        }
        *G2 = fmax(*G2, g2);
        *L1 = fmax(*L1, l1);
    }
    return BC_SUCCESS;
}

/* What set-up computes besides the instance, from its constants to the
 * readings of the bound. */
typedef struct {
    bc_dcrate_consts c;        /* certified (or given) and estimated constants */
    bc_dcrate_consts cs;       /* the same with the sampled L_2, eps_D (have_s) */
    double L2cert, eDcert;     /* the certified L_2 and eps_D */
    double L2g, eDg;           /* the user's (0: none) */
    double lmax, eta, G2, gn, wdist;
    int away, ablate, have_s;
    const char *step;
} rate_ctx;

/* The certified constants of the softmax ridge problem, a user's given
 * ones in their place, and the step size the run uses. */
static int rate_constants(inst *in, const bc_params *p, rate_ctx *x, char *msg, size_t len)
{
    double *Gm = malloc(in->d * in->d * sizeof *Gm), rho = ARG(p)->rho;
    x->lmax = NAN;
    if (Gm == NULL || bc_la_gram_cols(in->ds->X, in->n, in->d, Gm) != 0
        || bc_la_sym_lambda_max(Gm, in->d, &x->lmax) != 0) {
        free(Gm);
        snprintf(msg, len, "lambda_max(X^T X / n) failed");
        return BC_ENUMERIC;
    }
    free(Gm);
    bc_dcrate_consts *c = &x->c;
    *c = (bc_dcrate_consts){0};
    c->mu = rho;
    c->L2 = rho + 0.5 * x->lmax;
    c->L3 = 1.0 / sqrt(2.0);   /* max ||x|| = 1 */
    c->L = sqrt(2.0) / 4.0;
    c->H = 2.0;
    c->K = (double)in->K;
    c->epsD = 0.5 * x->lmax;
    c->tau = (double)ARG(p)->tau;
    c->lambda = ARG(p)->lambda;
    /* constants given by the user replace the certified ones (the step
     * sizes that use L_2 too); the verdict is then conditional on them */
    x->L2cert = c->L2;
    x->eDcert = c->epsD;
    x->L2g = ARG(p)->L2;
    x->eDg = ARG(p)->eps_D;
    if (x->L2g > 0.0)
        c->L2 = x->L2g;
    if (x->eDg > 0.0)
        c->epsD = x->eDg;
    in->prob = (bc_softreg){in->ds, in->K, rho, in->center, in->Ws};
    x->eta = strcmp(x->step, "statement") == 0 ? 1.0 / c->mu
           : strcmp(x->step, "proof") == 0 ? c->L2 * c->L2 / (c->mu * c->mu)
                                            : c->L2 / (c->mu * c->mu);
    in->opts = (bc_dc_opts){c->lambda > 0.0 ? BC_DC_CONSTANT : BC_DC_ASGD, (size_t)ARG(p)->tau,
                            x->eta, c->lambda, 0.95, 1};
    return BC_SUCCESS;
}

/* F*: F(W*) when W* is the optimum; with the centre away from it, Newton
 * for the minimiser and F* certified from below by strong convexity,
 * F* >= F(w) - ||grad F(w)||^2 / (2 rho). */
static int optimum(inst *in, double rho, rate_ctx *x, char *msg, size_t len)
{
    x->gn = x->wdist = 0.0;
    if (!x->away) {
        in->Fstar = gap(in, in->Ws);   /* F(W*): the regulariser is 0 there */
        return BC_SUCCESS;
    }
    in->Fstar = 0.0;
    double *wopt = malloc(in->P * sizeof *wopt);
    int st = wopt == NULL ? BC_ENOMEM : BC_SUCCESS;
    if (wopt != NULL) {
        memcpy(wopt, in->Ws, in->P * sizeof *wopt);
        st = bc_softmax_ridge_opt(in->Ws, in->center, rho, in->ds->X, in->n, in->K, in->d, wopt,
                                  &x->gn);
    }
    if (st != BC_SUCCESS) {
        free(wopt);
        snprintf(msg, len, "Newton on the ridge objective did not converge");
        return st;
    }
    in->Fstar = gap(in, wopt) - x->gn * x->gn / (2.0 * rho);
    for (size_t j = 0; j < in->P; j++)
        x->wdist += (wopt[j] - in->Ws[j]) * (wopt[j] - in->Ws[j]);
    x->wdist = sqrt(x->wdist);
    free(wopt);
    return BC_SUCCESS;
}

static void record_constants(const inst *in, const rate_ctx *x, bc_record *rec)
{
    const bc_dcrate_consts *c = &x->c;
    bc_record_constant(rec, "mu", c->mu, BC_PROV_EXACT, "= rho: the data Hessian is singular along the class shift");
    bc_record_given(rec, "L_2", "L2", x->L2cert, BC_PROV_CERTIFIED,
                    "rho + lambda_max(X^T X/n)/2: Var of a [-1/sqrt2, 1/sqrt2]-valued variable <= 1/2",
                    x->L2g, +1, "Assumption 2 (L_2-smoothness)");
    bc_record_constant(rec, "L_3", c->L3, BC_PROV_CERTIFIED, "max||x||^3/sqrt(2): |third cumulant| <= Var * range");
    bc_record_constant(rec, "L", c->L, BC_PROV_CERTIFIED, "sqrt(2)/4 max||x||: ||d sigma_k/dw|| <= sqrt2 sigma_k(1-sigma_k)||x||");
    bc_record_constant(rec, "H", c->H, BC_PROV_CERTIFIED, "2 max||x||^2: d^2 sigma_k/sigma_k is a difference of PSD matrices of norm <= 2||x||^2");
    bc_record_constant(rec, "K", c->K, BC_PROV_EXACT, "classes");
    bc_record_given(rec, "eps_D", "eps-D", x->eDcert, BC_PROV_CERTIFIED,
                    ">= ||H - Diag(H)||: a difference of PSD matrices", x->eDg, +1,
                    "the diagonal approximation's bound");
    bc_record_constant(rec, "G", in->G, BC_PROV_ESTIMATED, "max_t ||g^dc_t|| over the pilot runs (a pathwise sup, so >= sqrt(E||g^dc||^2))");
    bc_record_constant(rec, "L_1", c->L1, BC_PROV_ESTIMATED, "max_t max_i |g_i| over the pilot runs");
    if (x->away) {
        char how[BC_REC_TEXT];
        snprintf(how, sizeof how, "F(w_opt) - ||grad F||^2/(2 rho), Newton to ||grad F|| = %.1e: "
                 "a lower bound, so F - F* is not underestimated", x->gn);
        bc_record_constant(rec, "F*", in->Fstar, BC_PROV_CERTIFIED, how);
        bc_record_constant(rec, "||w_opt - W*||", x->wdist, BC_PROV_EXACT,
                           "the optimum's distance from the label generator (Newton)");
        bc_record_precondition(rec, "labels from the optimum", 0,
                               "center=away: the optimum is %.4g from the label generator W*; "
                               "Lemma F.1 assumes labels drawn from P(.|x, w*), w* the optimum "
                               "(and Theorem 4.1's proof uses Lemma F.1); the run shows what "
                               "that assumption does to the measured rate", x->wdist);
    } else {
        bc_record_constant(rec, "F*", in->Fstar, BC_PROV_EXACT, "F(W*): the mean entropy of P(.|x, W*); W* is the optimum");
    }
    bc_record_constant(rec, "eta_1", x->eta, BC_PROV_EXACT, x->step);
    bc_record_constant(rec, "lambda_max", x->lmax, BC_PROV_EXACT, "of X^T X / n, LAPACKE dsyevr");
    if (!x->away)
        bc_record_note(rec, "Hypotheses hold by construction: F is rho-strongly convex, and W* "
                       "is both the label generator and the optimum (grad F(W*) = 0 by the Fisher "
                       "identity, the regulariser being centred at W*).");
}

/* How tight are the certified L_2 and eps_D? Sampled lower bounds, and the
 * bound with them as a second reading (where only it fails, the certified
 * constants may hide a counterexample). */
static void tightness(const inst *in, const bc_params *p, rate_ctx *x, bc_record *rec)
{
    size_t nsamp = 0;
    x->cs = x->c;
    x->have_s = in->P <= 128
                && sampled_consts(in, ARG(p)->rho, (uint64_t)ARG(p)->data_seed, &x->cs.L2,
                                  &x->cs.epsD, &nsamp) == 0;
    if (!x->have_s) {
        bc_record_note(rec, "Tightest constants: not sampled (K d = %zu > 128)", in->P);
        return;
    }
    const bc_dcrate_consts *cs = &x->cs;
    bc_record_note(rec, "Tightest constants: over %zu sample points W, the largest "
                   "lambda_max(Hess F) is %.6g and the largest ||H - Diag H|| %.6g (estimated, "
                   "lower bounds of the tightest); the certified L_2 = %.6g and eps_D = %.6g "
                   "are %.4g and %.4g times them. The reading 'sampled L_2, eps_D' is the "
                   "bound with them (the step size is not changed).", nsamp, cs->L2, cs->epsD,
                   x->L2cert, x->eDcert, x->L2cert / cs->L2,
                   cs->epsD > 0 ? x->eDcert / cs->epsD : NAN);
    bc_record_note(rec, "The bound grows with L_2 and eps_D (while 1 + 4 tau C_lambda >= 0; "
                   "tested), and the tightest constants lie between the sampled and the "
                   "certified: where the reading 'sampled L_2, eps_D' holds too, the tightest "
                   "constants hold on these runs; where only it fails, the certified ones may "
                   "hide a counterexample.");
    if ((x->L2g > 0.0 && x->L2g < cs->L2) || (x->eDg > 0.0 && x->eDg < cs->epsD))
        bc_record_note(rec, "A given constant is below its value at a sample point (L_2 %.6g, "
                       "eps_D %.6g): the assumption it stands for fails on this instance; the "
                       "verdict is about a bound with that constant, not the theorem.", cs->L2,
                       cs->epsD);
}

/* Theorem 4.1: E F(w_t) - F* at the checkpoints against (38), with the
 * proof's L_3 and the sampled constants as other readings. */
static void thm41_quantities(inst *in, const rate_ctx *x, bc_record *rec)
{
    const bc_dcrate_consts *c = &x->c;
    double terms[3], alt[3], theta = bc_bound_dcrate_theta(c), tau = c->tau;
    bc_record_constant(rec, "theta", theta, BC_PROV_ESTIMATED, "Theorem 4.1's, with Lemma F.1's H and K");
    double clam = bc_bound_dcrate_clambda(c);
    bc_record_constant(rec, "C_lambda", clam, BC_PROV_ESTIMATED, "(1 - lambda) L_1^2 + eps_D");
    if (clam < 0.0)
        bc_record_note(rec, "C_lambda = (1 - lambda) L_1^2 + eps_D = %.4g < 0 (lambda = %g > 1 "
                       "+ eps_D/L_1^2: the statement sets no upper limit on lambda); the first "
                       "term's factor 1 + 4 tau C_lambda = %.4g%s", clam, c->lambda,
                       1.0 + 4.0 * tau * clam,
                       1.0 + 4.0 * tau * clam < 0.0
                           ? " is negative: the bound claims F(w_t) - F* below a negative "
                             "number wherever that term dominates, a finding about the "
                             "statement, not the instance"
                           : "");
    double base[3];
    bc_dcrate_consts c0 = *c;   /* the base case is the theorem's, ablated or not */
    c0.G = in->G;
    bc_bound_dcrate_thm41(&c0, 1.0, c->L * c->L * c->L, base);
    double g0 = gap(in, in->w0);
    /* with every pilot diverged G is unknown (0): the base case cannot
     * be evaluated, and the divergence above already says why */
    if (x->G2 > 0.0)
        bc_record_precondition(rec, "induction base", g0 <= base[0] + base[1] + base[2],
                               "F(w_0) - F* = %.4g <= the bound at t = 1 (%.4g)", g0,
                               base[0] + base[1] + base[2]);
    for (size_t k = 0; k < NCHK; k++) {
        char name[32], desc[160];
        double t = (double)in->tc[k];
        snprintf(name, sizeof name, "t=%zu", in->tc[k]);
        snprintf(desc, sizeof desc, "E F(w_t) - F(w*) at t = %zu%s", in->tc[k],
                 x->ablate ? " (ABLATED: G = 0)" : "");
        int q = bc_record_quantity(rec, name, desc, NAN, NAN,
                                   "t interval: no a-priori bound on ||w_t|| bounds F(w_t)");
        bc_bound_dcrate_thm41(c, t, c->L * c->L * c->L, terms);
        bc_bound_dcrate_thm41(c, t, c->L3, alt);
        bc_record_term(rec, q, "2L2^2G^2(1+4tauC)/(t mu^4)", terms[0]);
        bc_record_term(rec, q, "theta term (t^-1.5)", terms[1]);
        bc_record_term(rec, q, "L^3 L2^3 tau^2 G^3/(mu^6 t^2)", terms[2]);
        bc_record_alt(rec, q, "proof's L_3 in the third term", alt[0] + alt[1] + alt[2]);
        if (x->have_s) {
            bc_dcrate_consts cg = x->cs;
            cg.G = c->G;
            cg.L1 = c->L1;
            bc_bound_dcrate_thm41(&cg, t, cg.L * cg.L * cg.L, alt);
            bc_record_alt(rec, q, "sampled L_2, eps_D (lower bounds)", alt[0] + alt[1] + alt[2]);
        }
        in->rhs[k] = terms[0] + terms[1] + terms[2];
    }
    bc_record_quantity_measured(rec, "rate", "fitted exponent a of E F(w_t) - F* ~ t^-a "
                                "from T/8 to T (the theorem: a = 1)", NAN, NAN);
}

/* Lemma F.1: E eps_t at the checkpoints against theta_F / sqrt(t), and its
 * proof's chain (72)-(74) along the trajectory at geometric checkpoints. */
static void lemmaf1_quantities(inst *in, const rate_ctx *x, bc_record *rec)
{
    const bc_dcrate_consts *c = &x->c;
    double thF = bc_bound_dcrate_theta_f1(c, c->G);
    bc_record_constant(rec, "theta_F", thF, BC_PROV_ESTIMATED, "Lemma F.1's, with V = G");
    for (size_t k = 0; k < NCHK; k++) {
        char name[32], desc[160];
        snprintf(name, sizeof name, "t=%zu", in->tc[k]);
        snprintf(desc, sizeof desc, "E eps_t at t = %zu%s", in->tc[k],
                 x->ablate ? " (ABLATED: V = 0)" : "");
        int q = bc_record_quantity(rec, name, desc, 0.0, 4.0,
                                   "eps <= sum_k |dsigma_k| max_k ||g_k||^2 <= 2 * 2 ||x||^2");
        bc_record_term(rec, q, "theta_F / sqrt(t)", thF / sqrt((double)in->tc[k]));
        if (x->have_s) {
            bc_dcrate_consts cg = x->cs;
            cg.G = c->G;
            cg.L1 = c->L1;
            bc_record_alt(rec, q, "sampled L_2, eps_D (lower bounds)",
                          bc_bound_dcrate_theta_f1(&cg, cg.G) / sqrt((double)in->tc[k]));
        }
        in->rhs[k] = thF / sqrt((double)in->tc[k]);
    }
    bc_record_quantity_exact(rec, "chain", "eps(w_t) <= H K L ||w_t - w*|| (72)-(74), along "
                             "the trajectory; slack / (H K L ||w_t - w*||)", in->rtol);
    bc_record_quantity_measured(rec, "rate", "fitted exponent a of eps_t ~ t^-a from T/8 "
                                "to T (the lemma: a >= 1/2)", NAN, NAN);
    size_t last = 0;
    for (size_t k = 0; k < NCHAIN; k++) {
        size_t t = (size_t)llround(pow((double)in->T, (double)k / (NCHAIN - 1)));
        if (t > last)
            in->tchain[in->nchain++] = last = t;
    }
}

static void closing_notes(int which, const rate_ctx *x, bc_record *rec)
{
    bc_record_quantity_measured(rec, "rate_shift", "the exponent between T/2 and T minus the one "
                                "between T/8 and T/4: an interval away from 0 means the fitted rate "
                                "depends on its window", NAN, NAN);
    bc_record_quantity_measured(rec, "G ratio", "max_t ||g^dc_t|| of the trial / G (both pathwise "
                                "sups; G need only bound sqrt(E||g^dc_t||^2))", NAN, NAN);
    bc_record_note(rec, "A trial whose iterate overflows (DC-ASGD diverges: the compensation "
                   "multiplies w_t - w_{t-tau} by eta_t lambda g_i^2, far above 2 in the first "
                   "steps) is outside the hypothesis E||g^dc||^2 <= G^2.");
    bc_record_note(rec, "Step size: the statement sets eta_t = 1/(mu t); the proof's (31) says "
                   "L_2^2/(mu^2 t); its recursion (36) needs L_2/(mu^2 t). This run: '%s', "
                   "eta_t = %.6g / t.", x->step, x->eta);
    if (which == THM41)
        bc_record_note(rec, "Third term: L^3 in the statement (read as Lemma F.1's L, the "
                       "Lipschitz constant of sigma_k: the main RHS), L_3 in the proof's (36) "
                       "(the second ratio). theta's H and K are not defined in Theorem 4.1; "
                       "Lemma F.1's are used. Theorem 4.1's theta differs from Lemma F.1's.");
    else
        bc_record_note(rec, "eps_t is the spectral norm of E[d^2 f - df df^T] (the seed writes "
                       "|.| of a matrix); H, L and the chain use the same norm.");
    if (x->ablate)
        bc_record_note(rec, "ABLATED (noise): the bound with its noise constant set to 0; "
                       "expected to fail.");
}

static int setup(const bc_params *p, int which, bc_record *rec, void *instp, char *msg,
                 size_t len)
{
    inst *in = instp;
    in->which = which;
    in->K = (size_t)ARG(p)->K;
    in->d = (size_t)ARG(p)->d;
    in->n = (size_t)ARG(p)->n;
    in->T = (size_t)ARG(p)->T;
    in->P = in->K * in->d;
    in->rtol = which == LEMMAF1 ? ARG(p)->rtol : 0.0;
    in->ds = bc_dataset_alloc(in->n, in->d);
    in->Ws = calloc(in->P, sizeof *in->Ws);
    in->center = calloc(in->P, sizeof *in->center);
    in->w0 = calloc(in->P, sizeof *in->w0);
    rate_ctx x = {.away = strcmp(ARG(p)->center, "away") == 0,
                  .ablate = strcmp(ARG(p)->ablate, "none") != 0, .step = ARG(p)->step};
    size_t pilot = (size_t)ARG(p)->pilot, diverged = 0, first_div = 0;
    gsl_rng *r = bc_rng_alloc();
    int st = BC_ENOMEM;
    if (in->ds == NULL || in->Ws == NULL || in->center == NULL || in->w0 == NULL || r == NULL)
        goto done;
    if ((st = make_data(in, p, r, msg, len)) != 0 || (st = rate_constants(in, p, &x, msg, len)) != 0
        || (st = optimum(in, ARG(p)->rho, &x, msg, len)) != 0)
        goto done;
    double L1 = 0.0;
    if ((st = pilot_runs(in, rec->seed, pilot, r, &x.G2, &L1, &diverged, &first_div)) != 0) {
        st = BC_ENOMEM;
        goto done;
    }
    bc_record_precondition(rec, "bounded g^dc", diverged == 0,
                           diverged == 0 ? "every pilot run stayed finite (G below)"
                           : "%zu of %zu pilot runs diverged (first at step %zu, eta_t = %g/t): "
                             "E||g^dc||^2 is unbounded", diverged, pilot, first_div, x.eta);
    bc_record_precondition_observed(rec);
    x.c.G = x.ablate ? 0.0 : sqrt(x.G2);
    x.c.L1 = L1;
    in->G = sqrt(x.G2);
    in->H = x.c.H;
    in->K_ = x.c.K;
    in->L = x.c.L;
    record_constants(in, &x, rec);
    for (size_t k = 0; k < NCHK; k++)
        in->tc[k] = in->T >> (NCHK - 1 - k);
    tightness(in, p, &x, rec);
    if (which == THM41)
        thm41_quantities(in, &x, rec);
    else
        lemmaf1_quantities(in, &x, rec);
    closing_notes(which, &x, rec);
done:
    if (r != NULL)
        gsl_rng_free(r);
    return st;
}

/* A thread's buffers (no allocation inside a trial): the run, reset to
 * w_0 for each trial, and the checkpoints' matrix and work. */
typedef struct {
    bc_dc_run *run;
    double *M, *work;
    bc_la_eig_ws *eig;
} workspace;

static void ws_free(void *v)
{
    workspace *w = v;
    if (w == NULL)
        return;
    bc_dc_free(w->run);
    free(w->M);
    free(w->work);
    bc_la_eig_ws_free(w->eig);
    free(w);
}

static void *ws_alloc(const void *v)
{
    const inst *in = v;
    workspace *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->run = bc_dc_alloc(&in->prob, &in->opts, in->w0);
    w->M = malloc(in->P * in->P * sizeof *w->M);
    w->work = malloc((2 * in->K + in->P) * sizeof *w->work);
    w->eig = bc_la_eig_ws_alloc(in->P);
    return bc_ws_ready(w, w->run && w->M && w->work && w->eig, ws_free);
}

static int trial(const void *v, void *ws, gsl_rng *r, double *values, double *aux)
{
    const inst *in = v;
    workspace *wk = ws;
    bc_dc_run *run = wk->run;
    double *M = wk->M, *work = wk->work;
    int st = BC_SUCCESS;
    bc_dc_reset(run, in->w0);
    double at[NCHK], gmax = 0.0, worst = -INFINITY, worst_t = NAN;
    size_t kc = 0, kchain = 0;
    for (size_t t = 1; t <= in->T; t++) {
        double n2, am;
        if (bc_dc_steps(run, 1, r) != 0) {
            st = BC_EHYPOTHESIS;   /* diverged: E||g^dc||^2 is not bounded */
            goto done;
        }
        bc_dc_last(run, &n2, &am);
        gmax = fmax(gmax, sqrt(n2));
        const double *w = bc_dc_w(run);
        if (in->which == LEMMAF1 && kchain < in->nchain && t == in->tchain[kchain]) {
            double e = fisher_eps(in, w, M, work, wk->eig);
            double b = in->H * in->K_ * in->L * dist_to(in, w);
            double s = b > 0.0 ? (e - b) / b : (e > 0.0 ? INFINITY : -1.0);
            if (!isfinite(e)) {
                st = BC_ENUMERIC;
                goto done;
            }
            if (s > worst) {
                worst = s;
                worst_t = (double)t;
            }
            kchain++;
        }
        if (kc < NCHK && t == in->tc[kc]) {
            at[kc] = in->which == THM41 ? gap(in, w) : fisher_eps(in, w, M, work, wk->eig);
            values[kc] = at[kc];
            kc++;
        }
    }
    size_t j = NCHK;
    if (in->which == LEMMAF1) {
        values[j] = worst;
        aux[j] = worst_t;
        j++;
    }
    /* the slope between the first and last checkpoint on a log-log scale */
    values[j++] = at[0] > 0.0 && at[NCHK - 1] > 0.0
                  ? -log(at[NCHK - 1] / at[0]) / log((double)in->tc[NCHK - 1] / (double)in->tc[0])
                  : NAN;
    /* the same over the last doubling minus over the first */
    values[j++] = at[0] > 0.0 && at[1] > 0.0 && at[2] > 0.0 && at[3] > 0.0
                  ? -log(at[3] / at[2]) / log((double)in->tc[3] / (double)in->tc[2])
                        + log(at[1] / at[0]) / log((double)in->tc[1] / (double)in->tc[0])
                  : NAN;
    values[j] = in->G > 0.0 ? gmax / in->G : NAN;
done:
    return st;
}

/* The search's cost model: (pilot + trials) runs of T steps of a K x d
 * softmax gradient (K^2 d with the compensation), the data (n K d), and
 * per trial the checkpoints' matrices over the n points, (K d)^2 each,
 * and their spectral norms. */
static double search_cost(const bc_params *p, size_t trials)
{
    double K = (double)ARG(p)->K, Kd = K * (double)ARG(p)->d;
    double n = (double)ARG(p)->n;
    double runs = (double)(trials + (size_t)ARG(p)->pilot);
    return n * Kd + runs * (double)ARG(p)->T * Kd * K
           + (double)trials * NCHAIN * (n * Kd * Kd + Kd * Kd * Kd);
}

/* The search's proof-gap families (bc_check.search_presets): see the
 * docs/search.md's "What the searches found" and each check's notes. */
static const char *const presets_bc_check_dcasgd_thm4_1[] = {"tau=800 T=600 rho=7 step=statement", "tau=100 T=4000 rho=7 step=statement", NULL};
static const char *const presets_bc_check_dcasgd_lemmaF1[] = {"tau=800 T=600 rho=7 step=statement", NULL};

/* The search's hook: the points form has at most 4 points in 3 dimensions. */
static void search_fix(bc_params *p, const char *held)
{
    (void)held;
    bc_points_search_fix(p);
}

static const bc_method method = {.inst_size = sizeof(inst),.setup = setup, .free_instance = free_inst, .ws_alloc = ws_alloc,
    .ws_free = ws_free, .trial = trial,
    .search_fix = search_fix, .search_cost = search_cost};

const bc_check bc_check_dcasgd_thm4_1 = {
    .id = "dcasgd.thm4_1", .paper = &bc_paper_dcasgd, .statement = "Theorem 4.1, Eq. (38)",
    .formula = "E F(w_t) - F(w*) <= 2L2^2G^2(1+4 tau C_lambda)/(t mu^4) + 2G^2L2^2 theta "
               "sqrt(tau)/(mu^4 t^1.5) + L^3 L2^3 tau^2 G^3/(mu^6 t^2), eta_t = 1/(mu t)",
    .version = "statement as printed in the supplementary material", BC_CHECK_PARAMS(params_thm),
    .default_trials = 200, .quick = "trials=40 T=4000 pilot=4",
    .search_presets = presets_bc_check_dcasgd_thm4_1, .variant = THM41, .method = &method,
};
const bc_check bc_check_dcasgd_lemmaF1 = {
    .id = "dcasgd.lemmaF1", .paper = &bc_paper_dcasgd, .statement = "Lemma F.1",
    .formula = "eps_t = ||E[d^2 f(w_t) - df df^T]|| <= theta / sqrt(t), theta = (2HKLVL_2/mu^2) "
               "sqrt((1/mu)(1 + (L_2 + lambda L_1^2) tau / L_2))",
    .version = "statement as printed in the supplementary material", BC_CHECK_PARAMS(params_lem),
    .default_trials = 200, .quick = "trials=40 T=4000 pilot=4",
    .search_presets = presets_bc_check_dcasgd_lemmaF1, .variant = LEMMAF1, .method = &method,
};
