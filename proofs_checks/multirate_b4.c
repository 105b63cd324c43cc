/* multirate_b4.c -- check multirate.b4.
 *
 * Statement (seed 000_dbc7a02725514947.txt, corrigendum of "Multirate
 * Training of Neural Networks", Theorem B.4, Eq. (6)): under Assumption
 * B.1 (f is L-smooth, Eq. (1)) and B.2 (||grad f_{x_i}(theta)||^2 <= M for
 * every theta and sample, Eq. (2)), multirate SGD with linear drift
 * (Eqs. (4)-(5)) with l parameter groups, slow period k, step h and T a
 * multiple of k satisfies
 *
 *   (1/T) sum_{t<T} E||grad f(theta^t)||^2
 *       <= 2 (f(theta^0) - f(theta^*)) / (h T) + h L M l (h L k^2 / 3 + 1).
 *
 * An upper bound, not claimed tight. What is measured: the per-trajectory
 * mean of ||grad f(theta^t)||^2 (exact full gradients), averaged over
 * independent trajectories; each per-trajectory value lies in [0, M]
 * because ||grad f||^2 = ||mean_i grad f_i||^2 <= mean_i ||grad f_i||^2 <= M,
 * so a finite-sample interval (Hoeffding / empirical Bernstein) applies.
 * Both readings of the slow gradient (frozen, fresh; see
 * algorithms/multirate.h) are run on the same sample sequence.
 *
 * Problems (problems/glm.h): logistic and log-cosh regression (convex; f*
 * by Newton), Geman-McClure regression (nonconvex; f* = 0 exactly when
 * the data are noiseless, else the best of several BFGS runs, estimated).
 */
#include "proofs_checks/checks.h"
#include "proofs_checks/dataform.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

#include "algorithms/multirate.h"
#include "bounds/multirate.h"
#include "core/mem.h"
#include "core/rng.h"
#include "core/status.h"
#include "core/verdict.h"
#include "problems/dataset.h"
#include "problems/glm.h"

#define GTOL 1e-12  /* gradient norm at which f* is accepted */
#define BB_BOXES 20000   /* the branch and bound's budget for the tightest L */
#define BB_RTOL 1e-3     /* and the gap at which it stops */

/* The parameters, decoded (BC_ARGS): one field per spec row below. */
typedef struct {
    char problem[BC_WORD_MAX];
    char data[BC_PARAM_TEXT];
    long long data_header;
    char data_scale[BC_WORD_MAX];
    long long n;
    long long d;
    long long data_seed;
    char data_form[BC_WORD_MAX];
    double y1;
    double y2;
    double y3;
    double y4;
    double noise;
    double theta0_scale;
    long long l;
    long long k;
    long long T;
    double h;
    char reading[BC_WORD_MAX];
    char schedule[BC_WORD_MAX];
    double L;
    double M;
    long long exact;
    char ablate[BC_WORD_MAX];
} args;
#define ARG(p) BC_ARGS(p, args)

static const bc_param_spec params[] = {
    {"problem", BC_PARAM_CHOICE, "logistic", 0, 0, 0, "logistic|logcosh|nonconvex",
     "the loss (see problems/glm.h)", BC_CLAIM_WORDS("logistic|logcosh|nonconvex"), BC_WORD_ARG(args, problem)},
    {"data", BC_PARAM_PATH, "", 0, 0, 0, NULL,
     "CSV data file (features, label last); empty: synthetic data", BC_CLAIM_FIXED("a data file; the search moves synthetic data"), BC_WORD_ARG(args, data)},
    {"data-header", BC_PARAM_INT, "0", 0, 1e6, 0, NULL, "header lines to skip in --data", BC_CLAIM_FIXED("the layout of a data file"), BC_INT_ARG(args, data_header)},
    {"data-scale", BC_PARAM_CHOICE, "unit", 0, 0, 0, "unit|none",
     "scale data rows to unit norm, or not", BC_CLAIM_WORDS("unit|none"), BC_WORD_ARG(args, data_scale)},
    {"n", BC_PARAM_INT, "200", 2, 1e8, 0, NULL, "synthetic samples", BC_CLAIM_SIZE(2, 1000), BC_INT_ARG(args, n)},
    {"d", BC_PARAM_INT, "10", 1, 1e6, 0, NULL, "synthetic features", BC_CLAIM_SIZE(1, 100), BC_INT_ARG(args, d)},
    {"data-seed", BC_PARAM_INT, "7", 0, 9007199254740992.0, 0, NULL,
     "seed of the synthetic data and of theta^0 (fixed across trials)", BC_CLAIM_LIN(0, 1e6), BC_INT_ARG(args, data_seed)},
    {"data-form", BC_PARAM_CHOICE, "random", 0, 0, 0, "random|points",
     "synthetic data: random (from data-seed) or the points x11..x43, labels y1..y4 "
     "(n <= 4, d <= 3: a tiny finite sum whose data the search moves)",
     BC_CLAIM_WORDS("random|points"), BC_WORD_ARG(args, data_form)},
    BC_POINT_PARAMS,
    {"y1", BC_PARAM_REAL, "1", -1e3, 1e3, 0, NULL, "data-form points: label of point 1 (logistic: its sign)", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points"), BC_REAL_ARG(args, y1)},
    {"y2", BC_PARAM_REAL, "-1", -1e3, 1e3, 0, NULL, "data-form points: label of point 2 (logistic: its sign)", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points"), BC_REAL_ARG(args, y2)},
    {"y3", BC_PARAM_REAL, "1", -1e3, 1e3, 0, NULL, "data-form points: label of point 3 (logistic: its sign)", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points"), BC_REAL_ARG(args, y3)},
    {"y4", BC_PARAM_REAL, "-1", -1e3, 1e3, 0, NULL, "data-form points: label of point 4 (logistic: its sign)", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points"), BC_REAL_ARG(args, y4)},
    {"noise", BC_PARAM_REAL, "0.5", 0, 1e6, 0, NULL,
     "label noise of the synthetic regression kinds (nonconvex: 0 gives f* = 0 exactly)", BC_CLAIM_LOG(1e-3, 10), BC_REAL_ARG(args, noise)},
    {"theta0-scale", BC_PARAM_REAL, "1", 0, 1e6, 0, NULL,
     "theta^0 = scale * N(0, I) (from --data-seed)", BC_CLAIM_LOG(1e-2, 100), BC_REAL_ARG(args, theta0_scale)},
    {"l", BC_PARAM_INT, "2", 1, 1024, 0, NULL, "parameter groups (group 0 fast, the rest slow)", BC_CLAIM_LOG(1, 64), BC_INT_ARG(args, l)},
    {"k", BC_PARAM_INT, "4", 1, 1e7, 0, NULL, "slow period; must divide T", BC_CLAIM_LOG(1, 10000), BC_INT_ARG(args, k)},
    {"T", BC_PARAM_INT, "1024", 1, 1e9, 0, NULL, "iterations per trajectory", BC_CLAIM_SIZE(100, 100000), BC_INT_ARG(args, T)},
    {"h", BC_PARAM_REAL, "1", 0, 1e6, 1, NULL, "step size h > 0", BC_CLAIM_LOG(1e-8, 10), BC_REAL_ARG(args, h)},
    {"reading", BC_PARAM_CHOICE, "both", 0, 0, 0, "both|frozen|fresh",
     "reading of the slow stochastic gradient", BC_CLAIM_WORDS("both"), BC_WORD_ARG(args, reading)},
    {"schedule", BC_PARAM_CHOICE, "theorem", 0, 0, 0, "theorem|practical",
     "theorem: one h for both; practical: fast h/k, slow h (not B.4's setting)", BC_CLAIM_FIXED("practical (fast h/k) is not Theorem B.4's setting"), BC_WORD_ARG(args, schedule)},
    {"L", BC_PARAM_REAL, "0", 0, 1e12, 0, NULL,
     "a smoothness constant given by the user (0: the certified one); the verdict is then "
     "conditional on it", BC_CLAIM_FIXED("a constant given by the user, not searched"), BC_REAL_ARG(args, L)},
    {"M", BC_PARAM_REAL, "0", 0, 1e12, 0, NULL,
     "a gradient bound given by the user (0: the exact sup); the verdict is then conditional "
     "on it", BC_CLAIM_FIXED("a constant given by the user, not searched"), BC_REAL_ARG(args, M)},
    {"exact", BC_PARAM_INT, "0", 0, 1, 0, NULL,
     "1: the expectation over every sample sequence (n^T of them, at most 2^20), judged "
     "exactly with no interval; 0: Monte Carlo",
     BC_CLAIM_FIXED("a way of evaluating the expectation, not a parameter of the statement"), BC_INT_ARG(args, exact)},
    {"ablate", BC_PARAM_CHOICE, "none", 0, 0, 0, "none|opt|noise|kterm|noise+kterm",
     "drop RHS terms (a weakened bound that must fail; not the theorem)", BC_CLAIM_FIXED("an ablation: a weakened bound, not the theorem"), BC_WORD_ARG(args, ablate)},
};

typedef struct {
    bc_dataset *data;
    bc_glm glm;
    double *theta0;
    bc_mr_params mp;
    int readings[2];
    size_t nread;
    int exact;              /* the expectations below are exact (--exact 1) */
    double exact_slack[2];  /* per reading: (E LHS - RHS) / max(|E LHS|, |RHS|) */
} instance;

/* Trials per batch (bc_check.batch): the full gradients of 32
 * trajectories are two dgemm per step instead of 64 dgemv (bench_multirate:
 * about 2.6x more trajectories per second at n = 2000, d = 100). */
#define MR_BATCH 32

typedef struct {
    bc_mr_workspace *mr;
    size_t *samples;
    bc_mr_batch *mb;              /* a batch's iterates and products */
    gsl_rng *saved[MR_BATCH];     /* the streams at the batch's start: both
                                   * readings see the same samples */
    double means[MR_BATCH];
    int status[MR_BATCH];
} workspace;

static const char *validate(const bc_params *p, int variant, char *buf, size_t len)
{
    (void)variant;
    long long k = ARG(p)->k, T = ARG(p)->T;
    if (T % k != 0) {
        snprintf(buf, len, "k must be a positive integer dividing T (got k=%lld, T=%lld)", k, T);
        return buf;
    }
    if (ARG(p)->data[0] == '\0') {
        long long n = ARG(p)->n, d = ARG(p)->d;
        size_t b = bc_mem_bytes((size_t)n, bc_mem_bytes((size_t)d + 4, sizeof(double)));
        if (b == 0 || !bc_mem_fits(b)) {
            snprintf(buf, len, "n=%lld by d=%lld does not fit in memory", n, d);
            return buf;
        }
    }
    size_t b = bc_mem_bytes((size_t)T, sizeof(size_t));
    if (b == 0 || !bc_mem_fits(b)) {
        snprintf(buf, len, "T=%lld sample indices do not fit in memory", T);
        return buf;
    }
    return NULL;
}

static void free_instance(void *v)
{
    instance *in = v;
    if (in == NULL)
        return;
    bc_dataset_free(in->data);
    free(in->theta0);
}

/* The data: a CSV file (validated, labels mapped for logistic) or
 * synthetic data from data-seed. */
static int make_data(const bc_params *p, bc_glm_kind kind, gsl_rng *r,
                     bc_dataset **ds, double *theta_true, char *msg, size_t len)
{
    const char *path = ARG(p)->data;
    int st;
    if (path[0] != '\0') {
        st = bc_dataset_load_csv(path, (size_t)ARG(p)->data_header, ds, msg, len);
        if (st == 0 && strcmp(ARG(p)->data_scale, "unit") == 0)
            st = bc_dataset_unit_rows(*ds, msg, len);
        if (st == 0 && kind == BC_GLM_LOGISTIC)
            st = bc_dataset_binary_labels(*ds, msg, len);
        return st == BC_ENOMEM || st == 0 ? st : BC_EINVAL;
    }
    size_t n = (size_t)ARG(p)->n, d = (size_t)ARG(p)->d;
    if (strcmp(ARG(p)->data_form, "points") == 0) {
        /* the tiny finite sum given point by point */
        if (n > 4 || d > 3)
            return bc_points_inputs(p, n, d, NULL, msg, len);
        if ((*ds = bc_dataset_alloc(n, d)) == NULL)
            return BC_ENOMEM;
        bc_points_inputs(p, n, d, (*ds)->X, msg, len);
        const double ys[4] = {ARG(p)->y1, ARG(p)->y2, ARG(p)->y3, ARG(p)->y4};
        for (size_t i = 0; i < n; i++) {
            double y = ys[i];
            (*ds)->y[i] = kind == BC_GLM_LOGISTIC ? (y > 0 ? 1.0 : -1.0) : y;
        }
        st = strcmp(ARG(p)->data_scale, "unit") == 0 ? bc_dataset_unit_rows(*ds, msg, len) : 0;
        return st == BC_ENOMEM || st == 0 ? st : BC_EINVAL;
    }
    return bc_glm_synthetic(kind, n, d, 3.0, ARG(p)->noise, r, ds, theta_true);
}

/* f* and how it was obtained. */
static int find_fstar(instance *in, const bc_params *p, const double *theta_true,
                      gsl_rng *r, bc_record *rec, double *fstar)
{
    size_t d = in->data->d;
    double *th = calloc(d, sizeof *th), *best = calloc(d, sizeof *best);
    double f, g, fbest = INFINITY, gbest = NAN;
    int st = th && best ? BC_SUCCESS : BC_ENOMEM;
    char how[BC_REC_TEXT];

    if (st != 0)
        goto done;
    if (in->glm.kind != BC_GLM_NONCONVEX) {
        st = bc_glm_minimize(&in->glm, th, GTOL, &f, &g);
        if (st != 0) {
            /* no minimiser (separable points: the infimum is approached at
             * infinity): f >= 0 for both losses, so f* >= 0 is a certified
             * lower bound, which only raises the RHS */
            *fstar = 0.0;
            st = bc_record_constant(rec, "f*", 0.0, BC_PROV_CERTIFIED,
                                    "Newton did not converge (no minimiser, e.g. separable data): "
                                    "the loss is >= 0, so 0 is a lower bound on f*");
            goto done;
        }
        *fstar = f;
        snprintf(how, sizeof how, "Newton minimum, ||grad f|| = %.1e; f(theta_hat) >= f*, "
                 "so the RHS is not overstated", g);
        st = bc_record_constant(rec, "f*", f, BC_PROV_CERTIFIED, how);
        goto done;
    }
    if (theta_true != NULL && ARG(p)->noise == 0.0) {
        /* y = X theta_true exactly: phi >= 0 and f(theta_true) = 0. */
        *fstar = 0.0;
        st = bc_record_constant(rec, "f*", 0.0, BC_PROV_EXACT,
                                "noiseless data: f >= 0 and f(theta_true) = 0");
        goto done;
    }
    /* Nonconvex with noise: the best of BFGS runs from 0, theta_true and
     * random starts. A global minimum cannot be certified here. */
    for (int s = 0; s < 8; s++) {
        for (size_t j = 0; j < d; j++)
            th[j] = s == 0 ? 0.0 : (s == 1 && theta_true ? theta_true[j]
                                                      : 3.0 * gsl_ran_gaussian(r, 1.0));
        /* any f(theta) is an upper bound on f*: keep the lowest, converged or not */
        bc_glm_minimize(&in->glm, th, GTOL, &f, &g);
        if (isfinite(f) && f < fbest) {
            fbest = f;
            gbest = g;
            memcpy(best, th, d * sizeof *th);
        }
    }
    if (!isfinite(fbest)) {
        st = BC_ENOCONV;
        goto done;
    }
    *fstar = fbest;
    snprintf(how, sizeof how, "lowest f of 8 BFGS runs (||grad|| = %.1e there); "
             "nonconvex: f* may be lower, so the RHS may be understated", gbest);
    st = bc_record_constant(rec, "f*", fbest, BC_PROV_ESTIMATED, how);
done:
    free(th);
    free(best);
    return st;
}

#define EXACT_MAX_SEQUENCES (1u << 20)

static void *ws_alloc(const void *v);
static void ws_free(void *v);

/* --exact 1: E (1/T) sum_t ||grad f(theta^t)||^2 for each reading as the
 * mean over all n^T equally likely sample sequences (sequence s has
 * sample t = digit t of s in base n), so the expectation is exact up to
 * rounding. 0, BC_EINVAL (too many sequences, msg set) or a status. */
static int exact_expectations(const instance *in, double *mean, char *msg, size_t len)
{
    size_t n = in->data->n, T = in->mp.T, count = 1;
    for (size_t t = 0; t < T; t++) {
        if (count > EXACT_MAX_SEQUENCES / n) {
            snprintf(msg, len, "--exact 1 enumerates n^T sample sequences, at most 2^20 (got n=%zu, "
                     "T=%zu)", n, T);
            return BC_EINVAL;
        }
        count *= n;
    }
    workspace *w = ws_alloc(in);
    int st = w == NULL ? BC_ENOMEM : 0;
    double sum[2] = {0.0, 0.0};
    for (size_t sq = 0; st == 0 && sq < count; sq++) {
        size_t rest = sq;
        for (size_t t = 0; t < T; t++) {
            w->samples[t] = rest % n;
            rest /= n;
        }
        for (size_t q = 0; st == 0 && q < in->nread; q++) {
            bc_mr_params mp = in->mp;
            mp.reading = (bc_mr_reading)in->readings[q];
            double v;
            st = bc_mr_run(&in->glm, &mp, in->theta0, w->samples, w->mr, &v, NULL);
            sum[q] += v;
        }
    }
    for (size_t q = 0; q < in->nread; q++)
        mean[q] = sum[q] / (double)count;
    ws_free(w);
    return st;
}

/* The constants L and M the bound is judged with, recorded: L as the
 * tightest certified (branch and bound where n, d allow, else the product
 * of suprema), M the exact supremum; a user's --L, --M replace them (the
 * verdict then conditional), noted where below the computed ones. */
static void record_L_M(const instance *in, const bc_params *p, bc_record *rec, size_t n, size_t d,
                       double *Lp, double *Mp)
{
    bc_glm_kind kind = in->glm.kind;
    char how[BC_REC_TEXT];
    snprintf(how, sizeof how, "sup|phi''| = %g times lambda_max(X^T X/n) (B.1)",
             bc_glm_sup_abs_d2phi(kind));
    double Lg = ARG(p)->L, Mg = ARG(p)->M, L = *Lp, M = *Mp;
    /* the tightest certified L where the dimension allows a branch and bound
     * over all of R^d (glm.h); the verdict is judged with it */
    bc_glm_bb bb = {0};
    int bst = d <= BC_GLM_BB_DMAX && n <= BC_GLM_BB_NMAX
              ? bc_glm_certified_L(&in->glm, BB_BOXES, BB_RTOL, &bb) : BC_EINVAL;
    if (bst == 0 && bb.upper < L) {
        bc_record_constant(rec, "L (generic)", L, BC_PROV_CERTIFIED, how);
        snprintf(how, sizeof how, "sup ||Hess f|| by branch and bound over R^d (%zu boxes): "
                 "attained %.6g, %s; %.4g x the product of suprema", bb.boxes, bb.lower,
                 bb.converged ? "converged" : "budget reached", bb.upper / L);
        L = bb.upper;
    } else if (bst == 0) {
        bc_record_note(rec, "Tightest L: the branch and bound over R^d did not improve on the "
                       "product of suprema (attained %.6g after %zu boxes).", bb.lower, bb.boxes);
    } else {
        bc_record_note(rec, "Tightest L: no branch and bound (it runs for n <= %d, d <= %d); the "
                       "product of suprema is certified but may be loose (see the sampled L).",
                       BC_GLM_BB_NMAX, BC_GLM_BB_DMAX);
    }
    /* a user's constants replace the computed ones; the verdict is then
     * conditional on them */
    L = bc_record_given(rec, "L", "L", L, BC_PROV_CERTIFIED, how, Lg, +1, "B.1");
    snprintf(how, sizeof how, "sup phi'^2 = %g times max_i ||x_i||^2 (B.2, the supremum)",
             bc_glm_sup_dphi2(kind));
    M = bc_record_given(rec, "M", "M", M, BC_PROV_EXACT, how, Mg, +1, "B.2");
    *Lp = L;
    *Mp = M;
}

/* The right-hand side (6) with the terms --ablate drops left out. */
static double ablated_rhs(const bc_bound_b4 *b, const char *ablate)
{
    return (strcmp(ablate, "opt") != 0 ? b->opt : 0.0)
           + (strstr(ablate, "noise") == NULL ? b->noise : 0.0)
           + (strstr(ablate, "kterm") == NULL ? b->kterm : 0.0);
}

/* The data (with the teacher theta_true for random synthetic data), the
 * GLM and theta^0, fixed across trials. */
static int make_instance(instance *in, const bc_params *p, gsl_rng *r, double *theta_true,
                         int teacher, char *msg, size_t len)
{
    bc_glm_kind kind = (bc_glm_kind)bc_glm_kind_parse(ARG(p)->problem);
    int st = make_data(p, kind, r, &in->data, teacher ? theta_true : NULL, msg, len);
    if (st != 0)
        return st;
    size_t d = in->data->d, l = (size_t)ARG(p)->l;
    if (l > d) {
        snprintf(msg, len, "l=%zu groups need at least %zu coordinates (the data have d=%zu)",
                 l, l, d);
        return BC_EINVAL;
    }
    in->glm.kind = kind;
    in->glm.data = in->data;
    in->theta0 = malloc(d * sizeof(double));
    if (in->theta0 == NULL)
        return BC_ENOMEM;
    for (size_t j = 0; j < d; j++)
        in->theta0[j] = ARG(p)->theta0_scale * gsl_ran_gaussian(r, 1.0);
    return BC_SUCCESS;
}

/* The tightest L: the certified L is a product of suprema (or the branch
 * and bound's); the largest ||Hess f|| that Nelder-Mead finds is a lower
 * bound on the tightest, and the bound with it is a second reading: if
 * only that one failed, the certified L could be hiding a counterexample.
 * Own stream: the instance's draws are unchanged. NaN when not sampled. */
static double sampled_L(const instance *in, const bc_params *p, const double *teacher, double L,
                        bc_record *rec)
{
    size_t d = in->data->d, nst = 0;
    double Ls = NAN;
    gsl_rng *rl = bc_rng_alloc();
    if (rl != NULL && d <= 64) {
        bc_rng_seed_stream(rl, (uint64_t)ARG(p)->data_seed, "multirate.b4/L", 0);
        if (bc_glm_sampled_L(&in->glm, rl, teacher, &Ls, &nst) != 0 || !(Ls > 0))
            Ls = NAN;
    }
    if (rl != NULL)
        gsl_rng_free(rl);
    if (isfinite(Ls))
        bc_record_note(rec, "Tightest L: the largest ||Hess f(theta)|| Nelder-Mead finds from %zu "
                       "starts is %.6g (estimated, a lower bound on sup ||Hess f||); the "
                       "certified L = %.6g is %.4g times it. The 'reading' line 'L sampled' is "
                       "the bound with it: where only that reading fails, the certified L may be "
                       "hiding a counterexample.", nst, Ls, L, L / Ls);
    else
        bc_record_note(rec, "Tightest L: not sampled (d = %zu > 64)", d);
    return Ls;
}

/* The quantities: one per reading, Monte Carlo with the terms of (6) and
 * its other readings, or (--exact 1) the exact mean over all n^T sample
 * sequences, compared without an interval. */
static int add_quantities(instance *in, const bc_params *p, const bc_bound_b4 *b,
                          const bc_bound_b4 *bs, double Mexact, bc_record *rec, char *msg,
                          size_t len)
{
    const char *ablate = ARG(p)->ablate;
    in->exact = ARG(p)->exact != 0;
    if (in->exact) {
        double mean[2];
        int st = exact_expectations(in, mean, msg, len);
        if (st != 0)
            return st;
        double rhs = ablated_rhs(b, ablate);
        for (size_t q = 0; q < in->nread; q++) {
            int frozen = in->readings[q] == BC_MR_FROZEN;
            in->exact_slack[q] = bc_verdict_slack(mean[q], rhs, 0.0);
            bc_record_constant(rec, frozen ? "E frozen" : "E fresh", mean[q], BC_PROV_EXACT,
                               "the mean over all n^T sample sequences (--exact 1)");
            bc_record_constant(rec, frozen ? "ratio frozen" : "ratio fresh", mean[q] / rhs,
                               BC_PROV_EXACT, "E LHS / RHS, exact");
            bc_record_quantity_expectation(rec, frozen ? "frozen" : "fresh",
                                     frozen ? "E (1/T) sum_t ||grad f||^2 <= RHS, frozen reading, "
                                              "exact expectation: slack (E - RHS)/max"
                                            : "E (1/T) sum_t ||grad f||^2 <= RHS, fresh reading, "
                                              "exact expectation: slack (E - RHS)/max", 1e-9);
        }
        bc_record_constant(rec, "RHS", rhs, BC_PROV_EXACT, "the bound (Eq. 6), terms as ablated");
        return BC_SUCCESS;
    }
    for (size_t q = 0; q < in->nread; q++) {
        int frozen = in->readings[q] == BC_MR_FROZEN;
        int qi = bc_record_quantity(
            rec, frozen ? "frozen" : "fresh",
            frozen ? "(1/T) sum_t ||grad f(theta^t)||^2, slow gradient frozen per block"
                   : "(1/T) sum_t ||grad f(theta^t)||^2, slow gradient fresh sample at theta^tau",
            0.0, Mexact, "||grad f||^2 <= mean_i ||grad f_i||^2 <= M (the exact sup)");
        if (strcmp(ablate, "opt") != 0)
            bc_record_term(rec, qi, "2(f0-f*)/(hT)", b->opt);
        if (strstr(ablate, "noise") == NULL)
            bc_record_term(rec, qi, "h L M l", b->noise);
        if (strstr(ablate, "kterm") == NULL)
            bc_record_term(rec, qi, "h^2 L^2 M l k^2/3", b->kterm);
        bc_record_alt(rec, qi, "proof's sum: k-term (k-1)(2k-1)/6", b->opt + b->noise + b->tight_kterm);
        if (bs != NULL)
            bc_record_alt(rec, qi, "L sampled (lower bound of the tightest L)",
                          ablated_rhs(bs, ablate));
    }
    return BC_SUCCESS;
}

static void preconditions_and_notes(const bc_params *p, double L, double M, bc_record *rec)
{
    size_t T = (size_t)ARG(p)->T, k = (size_t)ARG(p)->k, l = (size_t)ARG(p)->l;
    int practical = strcmp(ARG(p)->schedule, "practical") == 0;
    const char *ablate = ARG(p)->ablate;
    bc_record_precondition(rec, "T multiple of k", 1, "T=%zu, k=%zu, T/k=%zu blocks", T, k, T / k);
    bc_record_precondition(rec, "B.1, B.2 globally", isfinite(L) && isfinite(M),
                           "L=%.6g, M=%.6g hold for every theta (problems/glm.h)", L, M);
    bc_record_precondition(rec, "one step size h", !practical,
                           practical ? "practical schedule (fast h/k): outside B.4, no verdict"
                                     : "h_fast = h_slow = h = %g", ARG(p)->h);
    if (strcmp(ablate, "none") != 0)
        bc_record_precondition(rec, "full right-hand side", 1,
                               "ABLATED: '%s' dropped from the RHS; this is not the "
                               "theorem's bound and is expected to fail", ablate);
    bc_record_note(rec, "The proof's first expectation step treats the slow stochastic "
                   "gradient as unbiased given theta^t. Under the frozen reading the sample "
                   "drawn at tau also moved theta^t for t > tau, so that step is not justified; "
                   "under the fresh reading it is sound.");
    bc_record_note(rec, "At k = 1 the stated bound is h L M l (h L/3 + 1) + opt, not SGD's "
                   "h L M + opt; the proof's own sum gives the k-term h^2 L^2 M l (k-1)(2k-1)/6 "
                   "(the 'reading' line).");
    if (l == 1 || k == 1)
        bc_record_note(rec, "l = 1 or k = 1: both readings are plain SGD.");
}

static int setup(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                 size_t len)
{
    (void)variant;
    instance *in = inst;
    gsl_rng *r = bc_rng_alloc();
    double *theta_true = NULL, *work = NULL;
    int st = BC_ENOMEM;
    if (r == NULL)
        goto done;
    bc_rng_seed_stream(r, (uint64_t)ARG(p)->data_seed, "multirate.b4/data", 0);
    theta_true = malloc((size_t)(ARG(p)->data[0] ? 1 : ARG(p)->d) * sizeof(double));
    if (theta_true == NULL)
        goto done;
    /* a teacher exists only for random synthetic data */
    int teacher = ARG(p)->data[0] == '\0' && strcmp(ARG(p)->data_form, "random") == 0;
    if ((st = make_instance(in, p, r, theta_true, teacher, msg, len)) != 0)
        goto done;
    size_t n = in->data->n, d = in->data->d;
    size_t l = (size_t)ARG(p)->l, k = (size_t)ARG(p)->k, T = (size_t)ARG(p)->T;
    double h = ARG(p)->h;
    if ((work = malloc(n * sizeof(double))) == NULL) {
        st = BC_ENOMEM;
        goto done;
    }

    /* constants */
    double L, M, lmax, fstar;
    if ((st = bc_glm_constants(&in->glm, &L, &M, &lmax)) != 0)
        goto done;
    double f0 = bc_glm_value(&in->glm, in->theta0, work);
    if ((st = find_fstar(in, p, teacher ? theta_true : NULL, r, rec, &fstar)) != 0) {
        snprintf(msg, len, "could not compute f(theta*) to ||grad|| <= %g", GTOL);
        goto done;
    }
    double Mexact = M;
    record_L_M(in, p, rec, n, d, &L, &M);
    bc_record_constant(rec, "lambda_max", lmax, BC_PROV_EXACT,
                       "of X^T X / n, LAPACKE dsyevr");
    bc_record_constant(rec, "f(theta0)", f0, BC_PROV_EXACT, "evaluated");
    bc_record_constant(rec, "n", (double)n, BC_PROV_EXACT,
                       ARG(p)->data[0] ? ARG(p)->data : "synthetic");
    bc_record_constant(rec, "d", (double)d, BC_PROV_EXACT, "parameters");

    double gap = f0 - fstar;
    if (gap < 0.0) {
        /* f(theta0) below the found minimum: only possible for the estimated
         * nonconvex f*; the gap is then taken as 0, which keeps the RHS safe. */
        bc_record_note(rec, "f(theta0) < estimated f*: the gap is taken as 0");
        gap = 0.0;
    }
    bc_bound_b4 b, bs;
    if (bc_bound_multirate_b4(gap, h, L, M, l, k, T, &b) != 0) {
        snprintf(msg, len, "the constants are not finite (L=%g, M=%g, gap=%g)", L, M, gap);
        st = BC_ENUMERIC;
        goto done;
    }
    double Ls = sampled_L(in, p, teacher ? theta_true : NULL, L, rec);
    int have_s = isfinite(Ls) && bc_bound_multirate_b4(gap, h, Ls, M, l, k, T, &bs) == 0;

    /* the algorithm */
    int practical = strcmp(ARG(p)->schedule, "practical") == 0;
    in->mp.T = T;
    in->mp.k = k;
    in->mp.l = l;
    in->mp.h_slow = h;
    in->mp.h_fast = practical ? h / (double)k : h;
    const char *reading = ARG(p)->reading;
    if (strcmp(reading, "fresh") != 0)
        in->readings[in->nread++] = BC_MR_FROZEN;
    if (strcmp(reading, "frozen") != 0)
        in->readings[in->nread++] = BC_MR_FRESH;

    if ((st = add_quantities(in, p, &b, have_s ? &bs : NULL, Mexact, rec, msg, len)) != 0)
        goto done;
    preconditions_and_notes(p, L, M, rec);
    st = BC_SUCCESS;
done:
    gsl_rng_free(r);
    free(theta_true);
    free(work);
    return st;
}

static void *ws_alloc(const void *v)
{
    const instance *in = v;
    workspace *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->mr = bc_mr_workspace_alloc(in->data->n, in->data->d);
    w->samples = malloc(in->mp.T * sizeof(size_t));
    w->mb = bc_mr_batch_alloc(in->data->n, in->data->d, MR_BATCH);
    int ok = w->mr != NULL && w->samples != NULL && w->mb != NULL;
    for (size_t b = 0; ok && b < MR_BATCH; b++)
        ok = (w->saved[b] = bc_rng_alloc()) != NULL;
    if (!ok) {
        ws_free(w);
        return NULL;
    }
    return w;
}

static void ws_free(void *v)
{
    workspace *w = v;
    if (w == NULL)
        return;
    bc_mr_workspace_free(w->mr);
    free(w->samples);
    bc_mr_batch_free(w->mb);
    for (size_t b = 0; b < MR_BATCH; b++)
        gsl_rng_free(w->saved[b]);
    free(w);
}

static int trial(const void *v, void *wv, gsl_rng *r, double *values, double *aux)
{
    (void)aux;
    const instance *in = v;
    workspace *w = wv;
    if (in->exact) {
        /* the expectation was enumerated at set-up: every trial is the same */
        for (size_t q = 0; q < in->nread; q++)
            values[q] = in->exact_slack[q];
        return BC_SUCCESS;
    }
    /* One sample sequence, shared by both readings (common random numbers). */
    for (size_t t = 0; t < in->mp.T; t++)
        w->samples[t] = bc_rng_index(r, in->data->n);
    for (size_t q = 0; q < in->nread; q++) {
        bc_mr_params mp = in->mp;
        mp.reading = (bc_mr_reading)in->readings[q];
        int st = bc_mr_run(&in->glm, &mp, in->theta0, w->samples, w->mr, &values[q], NULL);
        if (st != 0)
            return st;
    }
    return BC_SUCCESS;
}

/* MR_BATCH trials at once (bc_check.trial_batch): the same numbers as
 * trial up to the order of the BLAS sums (tested to 1e-12). */
static void trial_batch(const void *v, void *wv, gsl_rng *const *r, double *values, double *aux,
                        int *st)
{
    (void)aux;
    const instance *in = v;
    workspace *w = wv;
    size_t nq = in->nread;
    for (size_t b = 0; b < MR_BATCH; b++) {
        st[b] = BC_SUCCESS;
        if (in->exact)   /* enumerated at set-up: every trial is the same */
            for (size_t q = 0; q < nq; q++)
                values[b * nq + q] = in->exact_slack[q];
        else
            gsl_rng_memcpy(w->saved[b], r[b]);
    }
    for (size_t q = 0; !in->exact && q < nq; q++) {
        bc_mr_params mp = in->mp;
        mp.reading = (bc_mr_reading)in->readings[q];
        for (size_t b = 0; q > 0 && b < MR_BATCH; b++)
            gsl_rng_memcpy(r[b], w->saved[b]);   /* common random numbers */
        int s = bc_mr_run_batch(&in->glm, &mp, in->theta0, r, MR_BATCH, w->mb, w->means, w->status);
        for (size_t b = 0; b < MR_BATCH; b++) {
            values[b * nq + q] = w->means[b];
            if (st[b] == BC_SUCCESS)
                st[b] = s != 0 ? s : w->status[b];
        }
    }
}

/* The search draws k and T apart: T becomes the next multiple of k; and
 * l groups need l coordinates (synthetic data: l <= d). */
static void search_fix(bc_params *p, const char *held)
{
    long long k = ARG(p)->k, T = ARG(p)->T;
    if (bc_params_held(held, "T")) {
        /* T given: k becomes the largest divisor of T not above the drawn k */
        while (k > 1 && T % k != 0)
            k--;
        bc_params_put_int(p, "k", k);
    } else {
        bc_params_put_int(p, "T", (T + k - 1) / k * k);
    }
    bc_points_search_fix(p);   /* the tiny form: at most 4 points in 3 dimensions */
    if (ARG(p)->data[0] == '\0' && ARG(p)->l > ARG(p)->d)
        bc_params_put_int(p, "l", ARG(p)->d);
}

/* The search's cost model: f* by Newton (about 50 n d^2), then per trial
 * T steps whose left-hand side needs the full gradient (n d), twice (the
 * two readings). */
static double search_cost(const bc_params *p, size_t trials)
{
    double n = (double)ARG(p)->n, d = (double)ARG(p)->d;
    return 50.0 * n * d * d + (double)trials * 2.0 * (double)ARG(p)->T * n * d;
}

/* The search's proof-gap families: the frozen reading's first expectation
 * step treats the slow gradient, drawn at tau and reused, as unbiased
 * given theta^t (see the notes): long periods, two samples, two groups. */
static const char *const presets[] = {
    "l=2 k=256 T=4096 n=2 d=2 h=0.5 reading=both",
    "l=2 k=1024 T=8192 n=2 d=2 h=0.1 problem=logcosh data-scale=none theta0-scale=10",
    NULL,
};

static const bc_method method = {.inst_size = sizeof(instance),.validate = validate, .setup = setup,
    .free_instance = free_instance, .ws_alloc = ws_alloc, .ws_free = ws_free, .trial = trial,
    .batch = MR_BATCH, .trial_batch = trial_batch, .search_fix = search_fix,
    .search_cost = search_cost};

const bc_check bc_check_multirate_b4 = {
    .id = "multirate.b4",
    .paper = &bc_paper_multirate,
    .statement = "Theorem B.4, Eq. (6)",
    .formula = "(1/T) sum_{t<T} E||grad f(theta^t)||^2 <= 2(f(theta^0)-f(theta^*))/(hT)"
               " + h L M l (h L k^2/3 + 1)",
    .version = "statement as printed in the corrigendum",
    BC_CHECK_PARAMS(params),
    .default_trials = 400,
    .quick = "trials=400 T=128",
    .search_presets = presets,
    .method = &method,
};
