/* sgr_prop3_4.c -- check sgr.prop3_4.
 *
 * Seed 002_6d2ed282144aa1ef.txt, Proposition 3.4 (proof in Appendix B),
 * and the inequality that motivates SGR (Section 3.2, before Eq. (5)):
 *
 *   For L local layers x_k = f(x_{k-1}, theta_k) with local errors L_k,
 *   if L_k^SGR = ||delta_{x_{k-1}}^{(L_k)} - delta_{x_{k-1}}^{(L_{k-1})}||^2 = 0
 *   for all 2 <= k <= L on a batch, then
 *       grad_{theta_k} L_L = grad_{theta_k} L_k,   1 <= k <= L - 1.     (equality)
 *   In general (per sample),
 *       ||grad_{theta_k} L_{k+1} - grad_{theta_k} L_k||
 *           <= ||J_f(theta_k)^T|| ||delta_{x_k}^{(L_{k+1})} - delta_{x_k}^{(L_k)}||.
 *
 * Instances: a tanh MLP (problems/mlp.h) with a fixed ETF cross-entropy head
 * on the last layer; the local head of layer k < L on sample n is the
 * first-order surrogate l_k(x) = h_k^T x + (c/2) ||x - x_k||^2 (any c >= 0;
 * only its gradient h_k at the current point enters), with
 *   h_k = g_k + perturb ||g_k|| xi / sqrt(d),   g_k = delta_{x_k}^{(L_{k+1})},
 * so every SGR term is zero when perturb = 0 and positive otherwise. Both
 * sides are computed by separate passes: full backpropagation of L_L, and
 * one-layer backpropagation of each local head. For x_k = tanh(W_k x_{k-1}),
 * J_f(theta_k)^T v = (v o D_k) x_{k-1}^T, so ||J_f^T|| = max_i |D_k,i| ||x_{k-1}||
 * exactly (D_k = 1 - x_k^2).
 */
#include "proofs_checks/checks.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_randist.h>

#include "core/status.h"
#include "core/verdict.h"
#include "kernels/etf.h"
#include "problems/mlp.h"


/* The parameters, decoded (BC_ARGS): one field per spec row below. */
typedef struct {
    long long L;
    long long d;
    long long d0;
    long long K;
    long long B;
    double perturb;
    double rtol;
    char ablate[BC_WORD_MAX];
} args;
#define ARG(p) BC_ARGS(p, args)

static const bc_param_spec params[] = {
    {"L", BC_PARAM_INT, "4", 2, BC_MLP_MAX_LAYERS, 0, NULL, "local layers", BC_CLAIM_LOG(2, BC_MLP_MAX_LAYERS), BC_INT_ARG(args, L)},
    {"d", BC_PARAM_INT, "12", 1, 4096, 0, NULL, "width of every layer (at least K - 1)", BC_CLAIM_LOG(1, 256), BC_INT_ARG(args, d)},
    {"d0", BC_PARAM_INT, "8", 1, 4096, 0, NULL, "input dimension", BC_CLAIM_LOG(1, 256), BC_INT_ARG(args, d0)},
    {"K", BC_PARAM_INT, "5", 2, 1024, 0, NULL, "classes of the ETF head", BC_CLAIM_LOG(2, 64), BC_INT_ARG(args, K)},
    {"B", BC_PARAM_INT, "8", 1, 4096, 0, NULL, "batch size", BC_CLAIM_LOG(1, 256), BC_INT_ARG(args, B)},
    {"perturb", BC_PARAM_REAL, "0", 0, 1e3, 0, NULL,
     "relative perturbation of the local heads' gradients (0: every SGR term is zero)", BC_CLAIM_LOG0(1e-6, 10), BC_REAL_ARG(args, perturb)},
    {"rtol", BC_PARAM_REAL, "1e-9", 1e-15, 1, 0, NULL, "tolerance on the normalised slack", BC_CLAIM_FIXED("a rounding tolerance of the comparison, not of the statement"), BC_REAL_ARG(args, rtol)},
    {"ablate", BC_PARAM_CHOICE, "none", 0, 0, 0, "none|jacobian",
     "jacobian: drop ||J_f(theta_k)^T|| from the bound (must fail; not the paper's)", BC_CLAIM_FIXED("an ablation: a weakened bound, not the theorem"), BC_WORD_ARG(args, ablate)},
};

typedef struct {
    size_t L, d, d0, K, B;
    double perturb, rtol;
    int drop_jacobian;
} instance;

typedef struct {
    bc_mlp *net;
    double *M, *xs[BC_MLP_MAX_LAYERS + 1], *D[BC_MLP_MAX_LAYERS + 1];
    double *G[BC_MLP_MAX_LAYERS + 1], *h[BC_MLP_MAX_LAYERS + 1];
    double *gTop[BC_MLP_MAX_LAYERS], *gLoc[BC_MLP_MAX_LAYERS];
    double *pa, *pb, *z, *p, *g, *work;
} workspace;

static const char *validate(const bc_params *p, int variant, char *buf, size_t len)
{
    (void)variant;
    if (ARG(p)->d < ARG(p)->K - 1) {
        snprintf(buf, len, "the ETF head of K=%lld classes needs d >= K - 1 (got d=%lld)",
                 ARG(p)->K, ARG(p)->d);
        return buf;
    }
    return NULL;
}

static int setup(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                 size_t len)
{
    (void)variant;
    (void)msg;
    (void)len;
    instance *in = inst;
    in->L = (size_t)ARG(p)->L;
    in->d = (size_t)ARG(p)->d;
    in->d0 = (size_t)ARG(p)->d0;
    in->K = (size_t)ARG(p)->K;
    in->B = (size_t)ARG(p)->B;
    in->perturb = ARG(p)->perturb;
    in->rtol = ARG(p)->rtol;
    in->drop_jacobian = strcmp(ARG(p)->ablate, "jacobian") == 0;
    if (in->drop_jacobian)
        bc_record_precondition(rec, "the paper's bound", 1,
                               "ABLATED: ||J_f^T|| dropped from the bound; expected to fail");
    /* The equality is claimed only under its hypothesis (every SGR term
     * zero); with perturb > 0 the gap is measured instead. */
    if (in->perturb == 0.0)
        bc_record_quantity_exact(rec, "equal", "grad_{theta_k} L_L = grad_{theta_k} L_k for k < L "
                                 "(two-sided, Frobenius norm of the difference)", in->rtol);
    else
        bc_record_note(rec, "perturb = %g > 0: the SGR terms are not zero, so Proposition 3.4's "
                       "equality is not claimed; the gap it would close is measured ('gap').",
                       in->perturb);
    bc_record_quantity_exact(rec, "jacobian", "||grad_k L_{k+1} - grad_k L_k|| <= ||J_f(theta_k)^T|| "
                             "||delta^(L_{k+1}) - delta^(L_k)||, every sample and k", in->rtol);
    bc_record_quantity_measured(rec, "sgr", "sum over k >= 2 of L_k^SGR on the batch", NAN, NAN);
    bc_record_quantity_measured(rec, "gap", "max_k ||grad_k L_L - grad_k L_k|| / ||grad_k L_L||",
                                NAN, NAN);
    bc_record_note(rec, "Each trial draws a new network, ETF head, batch and labels. The 'at' "
                   "column of 'equal' is the layer k of the worst case.");
    return BC_SUCCESS;
}

static void ws_free(void *v)
{
    workspace *w = v;
    if (w == NULL)
        return;
    bc_mlp_free(w->net);
    free(w->M);
    for (size_t k = 0; k <= BC_MLP_MAX_LAYERS; k++) {
        free(w->xs[k]);
        free(w->D[k]);
        free(w->G[k]);
        free(w->h[k]);
        if (k < BC_MLP_MAX_LAYERS) {
            free(w->gTop[k]);
            free(w->gLoc[k]);
        }
    }
    free(w->pa); free(w->pb); free(w->z); free(w->p); free(w->g); free(w->work);
    free(w);
}

static void *ws_alloc(const void *v)
{
    const instance *in = v;
    workspace *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    size_t dims[BC_MLP_MAX_LAYERS + 1], big = in->d > in->d0 ? in->d : in->d0;
    dims[0] = in->d0;
    for (size_t k = 1; k <= in->L; k++)
        dims[k] = in->d;
    int ok = (w->net = bc_mlp_alloc(in->L, dims, BC_ACT_TANH)) != NULL;
    ok &= (w->M = malloc(in->d * in->K * sizeof(double))) != NULL;
    for (size_t k = 0; k <= in->L; k++) {
        ok &= (w->xs[k] = malloc(big * sizeof(double))) != NULL;
        ok &= (w->D[k] = malloc(big * sizeof(double))) != NULL;
        ok &= (w->G[k] = malloc(big * sizeof(double))) != NULL;
        ok &= (w->h[k] = malloc(big * sizeof(double))) != NULL;
    }
    for (size_t k = 0; k < in->L; k++) {
        ok &= (w->gTop[k] = malloc(in->d * big * sizeof(double))) != NULL;
        ok &= (w->gLoc[k] = malloc(in->d * big * sizeof(double))) != NULL;
    }
    ok &= (w->pa = malloc(in->d * big * sizeof(double))) != NULL;
    ok &= (w->pb = malloc(in->d * big * sizeof(double))) != NULL;
    ok &= (w->z = malloc(in->K * sizeof(double))) != NULL;
    ok &= (w->p = malloc(in->K * sizeof(double))) != NULL;
    ok &= (w->g = malloc(big * sizeof(double))) != NULL;
    ok &= (w->work = malloc(big * sizeof(double))) != NULL;
    if (!ok) {
        ws_free(w);
        return NULL;
    }
    return w;
}

static double nrm(const double *x, size_t n)
{
    return cblas_dnrm2((int)n, x, 1);
}

/* ||a - b|| over n values */
static double dist(const double *a, const double *b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (a[i] - b[i]) * (a[i] - b[i]);
    return sqrt(s);
}

static int trial(const void *v, void *wv, gsl_rng *r, double *values, double *aux)
{
    const instance *in = v;
    workspace *w = wv;
    size_t L = in->L, d = in->d, K = in->K;
    bc_mlp *net = w->net;
    bc_mlp_init(net, r);
    int st = bc_etf_build(K, d, r, w->M);
    if (st != 0)
        return st;
    for (size_t k = 1; k < L; k++) {
        memset(w->gTop[k - 1], 0, bc_mlp_layer_size(net, k) * sizeof(double));
        memset(w->gLoc[k - 1], 0, bc_mlp_layer_size(net, k) * sizeof(double));
    }
    double worst_jac = -INFINITY, jac_at = 0, sgr = 0.0;
    for (size_t n = 0; n < in->B; n++) {
        for (size_t i = 0; i < in->d0; i++)
            w->xs[0][i] = gsl_ran_gaussian_ziggurat(r, 1.0);
        size_t y = (size_t)gsl_rng_uniform_int(r, K);
        bc_mlp_forward(net, w->xs, w->D);
        /* the top head: delta_{x_L} = M (p - e_y) */
        bc_etf_logits(w->M, K, d, w->xs[L], w->z);
        bc_etf_softmax(w->z, K, w->p);
        w->p[y] -= 1.0;
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)d, (int)K, 1.0, w->M, (int)K, w->p, 1,
                    0.0, w->G[L], 1);
        memcpy(w->h[L], w->G[L], d * sizeof(double));
        /* full backpropagation of L_L: G[k] = dL_L/dx_k; its W_k gradients */
        for (size_t k = L; k >= 2; k--)
            bc_mlp_back(net, k, w->xs, w->D, w->G[k], 0.0, NULL, w->G[k - 1], w->work);
        for (size_t k = 1; k < L; k++)
            bc_mlp_back(net, k, w->xs, w->D, w->G[k], 1.0, w->gTop[k - 1], NULL, w->work);
        /* the local heads, from the top down: g = delta_{x_k}^{(L_{k+1})},
         * h[k] = delta_{x_k}^{(L_k)} */
        for (size_t k = L - 1; k >= 1; k--) {
            bc_mlp_back(net, k + 1, w->xs, w->D, w->h[k + 1], 0.0, NULL, w->g, w->work);
            double gn = nrm(w->g, d);
            for (size_t i = 0; i < d; i++)
                w->h[k][i] = w->g[i] + in->perturb * gn * gsl_ran_gaussian_ziggurat(r, 1.0)
                                           / sqrt((double)d);
            double dd = dist(w->g, w->h[k], d);
            sgr += dd * dd;
            bc_mlp_back(net, k, w->xs, w->D, w->h[k], 1.0, w->gLoc[k - 1], NULL, w->work);
            /* per sample: grad_k l_{k+1} - grad_k l_k, against ||J^T|| ||g - h|| */
            size_t sz = bc_mlp_layer_size(net, k);
            memset(w->pa, 0, sz * sizeof(double));
            memset(w->pb, 0, sz * sizeof(double));
            bc_mlp_back(net, k, w->xs, w->D, w->g, 1.0, w->pa, NULL, w->work);
            bc_mlp_back(net, k, w->xs, w->D, w->h[k], 1.0, w->pb, NULL, w->work);
            double dmax = 0.0;
            for (size_t i = 0; i < d; i++)
                dmax = fmax(dmax, fabs(w->D[k][i]));
            double jt = dmax * nrm(w->xs[k - 1], net->dims[k - 1]);
            double lhs = dist(w->pa, w->pb, sz), rhs = (in->drop_jacobian ? 1.0 : jt) * dd;
            double floor = BC_ROUND_EPS * (double)d * (nrm(w->pa, sz) + nrm(w->pb, sz)) / in->rtol;
            double s = bc_verdict_slack(lhs, rhs, floor);
            if (s > worst_jac) {
                worst_jac = s;
                jac_at = (double)k;
            }
            if (k == 1)
                break;
        }
    }
    double worst = -INFINITY, at = 0, gap = 0.0;
    for (size_t k = 1; k < L; k++) {
        size_t sz = bc_mlp_layer_size(net, k);
        double a = nrm(w->gTop[k - 1], sz), b = nrm(w->gLoc[k - 1], sz);
        double diff = dist(w->gTop[k - 1], w->gLoc[k - 1], sz);
        double floor = BC_ROUND_EPS * (double)(d * L * in->B) * (a + b) / in->rtol;
        double s = bc_verdict_slack(diff, 0.0, floor);
        if (s > worst) {
            worst = s;
            at = (double)k;
        }
        gap = fmax(gap, a > 0 ? diff / a : 0.0);
    }
    size_t q = 0;
    if (in->perturb == 0.0) {
        values[q] = worst;
        aux[q++] = at;
    }
    values[q] = worst_jac;
    aux[q++] = jac_at;
    values[q++] = sgr;
    values[q] = gap;
    return BC_SUCCESS;
}

/* The search draws the widths and K apart: an ETF of K classes needs
 * width >= K - 1. */
static void search_fix(bc_params *p, const char *held)
{
    (void)held;
    long long K = ARG(p)->K;
    if (ARG(p)->d < K - 1)
        bc_params_put_int(p, "d", K - 1);
}

static const bc_method method = {.inst_size = sizeof(instance),.validate = validate, .setup = setup, 
    .ws_alloc = ws_alloc, .ws_free = ws_free, .trial = trial, .search_fix = search_fix};

const bc_check bc_check_sgr_prop3_4 = {
    .id = "sgr.prop3_4",
    .paper = &bc_paper_sgr,
    .statement = "Proposition 3.4 (Appendix B); the bound before Eq. (5)",
    .formula = "all L_k^SGR = 0 => grad_{theta_k} L_L = grad_{theta_k} L_k (k < L); "
               "||grad_k L_{k+1} - grad_k L_k|| <= ||J_f(theta_k)^T|| ||delta^(L_{k+1}) - delta^(L_k)||",
    .version = "statement as printed in the arXiv version",
    BC_CHECK_PARAMS(params),
    .default_trials = 200,
    .quick = "trials=40",
    .examined = "(i) with every SGR term zero, the local loss of block k+1 evaluated at block k's output has the global gradient through the chain rule (the Jacobian of block k+1 transposed): checked exactly per layer (equal); (ii) the converse direction is not claimed; with --perturb > 0 the gap is measured, not judged. No unjustified step found.",
    .method = &method,
};
