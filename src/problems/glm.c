/* glm.c -- GLM losses, their gradients and constants (see glm.h). */
#include "problems/glm.h"
#include "core/la.h"
#include "core/mem.h"
#include "core/minimize.h"
#include "core/status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>

int bc_glm_kind_parse(const char *s)
{
    if (strcmp(s, "logistic") == 0) return BC_GLM_LOGISTIC;
    if (strcmp(s, "logcosh") == 0) return BC_GLM_LOGCOSH;
    if (strcmp(s, "nonconvex") == 0) return BC_GLM_NONCONVEX;
    return -1;
}

const char *bc_glm_kind_name(bc_glm_kind k)
{
    switch (k) {
    case BC_GLM_LOGISTIC: return "logistic";
    case BC_GLM_LOGCOSH: return "logcosh";
    case BC_GLM_NONCONVEX: return "nonconvex";
    }
    return "?";
}

/* log(1 + exp(-m)) without overflow */
static double softplus_neg(double m)
{
    return m > 0 ? log1p(exp(-m)) : -m + log1p(exp(m));
}

static double sigmoid(double z)
{
    if (z >= 0)
        return 1.0 / (1.0 + exp(-z));
    double e = exp(z);
    return e / (1.0 + e);
}

double bc_glm_phi(bc_glm_kind k, double r, double y)
{
    double z = r - y;
    switch (k) {
    case BC_GLM_LOGISTIC: return softplus_neg(y * r);
    case BC_GLM_LOGCOSH: return fabs(z) + log1p(exp(-2.0 * fabs(z))) - 0.69314718055994530942;  /* log 2 */
    case BC_GLM_NONCONVEX: return z * z / (1.0 + z * z);
    }
    return NAN;
}

double bc_glm_dphi(bc_glm_kind k, double r, double y)
{
    double z = r - y, q;
    switch (k) {
    case BC_GLM_LOGISTIC: return -y * sigmoid(-y * r);
    case BC_GLM_LOGCOSH: return tanh(z);
    case BC_GLM_NONCONVEX: q = 1.0 + z * z; return 2.0 * z / (q * q);
    }
    return NAN;
}

double bc_glm_d2phi(bc_glm_kind k, double r, double y)
{
    double z = r - y, c, q;
    switch (k) {
    case BC_GLM_LOGISTIC: return sigmoid(y * r) * sigmoid(-y * r);
    case BC_GLM_LOGCOSH: c = cosh(z); return isfinite(c) ? 1.0 / (c * c) : 0.0;
    case BC_GLM_NONCONVEX: q = 1.0 + z * z; return (2.0 - 6.0 * z * z) / (q * q * q);
    }
    return NAN;
}

double bc_glm_sup_abs_d2phi(bc_glm_kind k)
{
    switch (k) {
    case BC_GLM_LOGISTIC: return 0.25;
    case BC_GLM_LOGCOSH: return 1.0;
    case BC_GLM_NONCONVEX: return 2.0;
    }
    return NAN;
}

double bc_glm_sup_dphi2(bc_glm_kind k)
{
    switch (k) {
    case BC_GLM_LOGISTIC: return 1.0;
    case BC_GLM_LOGCOSH: return 1.0;
    case BC_GLM_NONCONVEX: return 27.0 / 64.0;
    }
    return NAN;
}

/* phi'(r_i; y_i) for n elements. Where glibc's libmvec is linked and the
 * CPU has AVX-512, logistic and logcosh take eight at a time through
 * libmvec's exp and tanh (documented within 4 ulp; the scalar libm within
 * 1): logistic as -y / (1 + exp(y r)), which neither overflows nor cancels;
 * logcosh as tanh(r - y). Elsewhere, and for the rest, bc_glm_dphi. */
#if defined(BC_HAVE_MVEC) && defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#include <immintrin.h>
__m512d _ZGVeN8v_exp(__m512d x);
__m512d _ZGVeN8v_tanh(__m512d x);

__attribute__((target("avx512f")))
static size_t dphi_avx512(bc_glm_kind k, const double *r, const double *y, size_t ystep, size_t n,
                          double *out)
{
    size_t i = 0;
    const __m512d one = _mm512_set1_pd(1.0), zero = _mm512_setzero_pd();
    for (; i + 8 <= n; i += 8) {
        __m512d rv = _mm512_loadu_pd(r + i), v;
        __m512d yv = ystep ? _mm512_loadu_pd(y + i) : _mm512_set1_pd(y[0]);
        if (k == BC_GLM_LOGISTIC) {
            __m512d e = _ZGVeN8v_exp(_mm512_mul_pd(yv, rv));
            v = _mm512_div_pd(_mm512_sub_pd(zero, yv), _mm512_add_pd(one, e));
        } else {
            v = _ZGVeN8v_tanh(_mm512_sub_pd(rv, yv));
        }
        _mm512_storeu_pd(out + i, v);
    }
    return i;
}

static int mvec_cpu(void)
{
    static int have = -1;
    if (have < 0) {
        __builtin_cpu_init();
        have = __builtin_cpu_supports("avx512f") != 0;
    }
    return have;
}
#endif

/* ystep 1: label y[i] for r[i]; ystep 0: the one label y[0] for all */
static void dphi_n(bc_glm_kind k, const double *r, const double *y, size_t ystep, size_t n,
                   double *out)
{
    size_t i = 0;
#if defined(BC_HAVE_MVEC) && defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    if (k != BC_GLM_NONCONVEX && mvec_cpu())
        i = dphi_avx512(k, r, y, ystep, n, out);
#endif
    for (; i < n; i++)
        out[i] = bc_glm_dphi(k, r[i], y[i * ystep]);
}

void bc_glm_dphi_n(bc_glm_kind k, const double *r, const double *y, size_t n, double *out)
{
    dphi_n(k, r, y, 1, n, out);
}

void bc_glm_dphi_n1(bc_glm_kind k, const double *r, double y, size_t n, double *out)
{
    dphi_n(k, r, &y, 0, n, out);
}

double bc_glm_value(const bc_glm *p, const double *theta, double *work)
{
    const bc_dataset *ds = p->data;
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)ds->n, (int)ds->d, 1.0, ds->X,
                (int)ds->d, theta, 1, 0.0, work, 1);
    double f = 0.0;
    for (size_t i = 0; i < ds->n; i++)
        f += bc_glm_phi(p->kind, work[i], ds->y[i]);
    return f / (double)ds->n;
}

/* grad f = X^T phi'(X theta) / n by two dgemv; f too when fval != NULL. */
static void grad_impl(const bc_glm *p, const double *theta, double *g, double *work,
                      double *fval)
{
    const bc_dataset *ds = p->data;
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)ds->n, (int)ds->d, 1.0, ds->X,
                (int)ds->d, theta, 1, 0.0, work, 1);
    double f = 0.0;
    if (fval != NULL)
        for (size_t i = 0; i < ds->n; i++)
            f += bc_glm_phi(p->kind, work[i], ds->y[i]);
    bc_glm_dphi_n(p->kind, work, ds->y, ds->n, work);
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)ds->n, (int)ds->d,
                1.0 / (double)ds->n, ds->X, (int)ds->d, work, 1, 0.0, g, 1);
    if (fval != NULL)
        *fval = f / (double)ds->n;
}

double bc_glm_grad(const bc_glm *p, const double *theta, double *g, double *work)
{
    double f;
    grad_impl(p, theta, g, work, &f);
    return f;
}

void bc_glm_gradient(const bc_glm *p, const double *theta, double *g, double *work)
{
    grad_impl(p, theta, g, work, NULL);
}

void bc_glm_grad_i(const bc_glm *p, size_t i, const double *theta, double *g)
{
    const bc_dataset *ds = p->data;
    const double *x = ds->X + i * ds->d;
    double r = cblas_ddot((int)ds->d, x, 1, theta, 1);
    double s = bc_glm_dphi(p->kind, r, ds->y[i]);
    for (size_t j = 0; j < ds->d; j++)
        g[j] = s * x[j];
}

int bc_glm_constants(const bc_glm *p, double *L, double *M, double *lmax)
{
    const bc_dataset *ds = p->data;
    double *G = bc_mem_alloc(bc_mem_bytes(ds->d, ds->d), sizeof *G);
    if (G == NULL)
        return BC_ENOMEM;
    int st = bc_la_gram_cols(ds->X, ds->n, ds->d, G);
    if (st == 0)
        st = bc_la_sym_lambda_max(G, ds->d, lmax);
    free(G);
    if (st != 0)
        return st;
    *L = bc_glm_sup_abs_d2phi(p->kind) * *lmax;
    *M = bc_glm_sup_dphi2(p->kind) * bc_dataset_max_row_norm2(ds);
    return BC_SUCCESS;
}

static double norm2(const double *v, size_t d)
{
    return cblas_dnrm2((int)d, v, 1);
}

/* Damped Newton for the convex kinds: solve (H + tau I) p = -g by
 * Cholesky, backtrack on f (Armijo, c = 1e-4). */
static int newton(const bc_glm *p, double *theta, double gtol, double *fmin,
                  double *gnorm)
{
    const bc_dataset *ds = p->data;
    size_t n = ds->n, d = ds->d;
    double *g = malloc(d * sizeof *g), *step = malloc(d * sizeof *step);
    double *H = bc_mem_alloc(bc_mem_bytes(d, d), sizeof *H);
    double *Xw = bc_mem_alloc(bc_mem_bytes(n, d), sizeof *Xw);
    double *work = malloc(n * sizeof *work), *trial = malloc(d * sizeof *trial);
    int st = BC_ENOMEM;
    if (!g || !step || !H || !Xw || !work || !trial)
        goto done;
    st = BC_ENOCONV;
    double f = bc_glm_grad(p, theta, g, work);
    for (int it = 0; it < 200; it++) {
        *gnorm = norm2(g, d);
        *fmin = f;
        if (*gnorm <= gtol) {
            st = BC_SUCCESS;
            break;
        }
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)d, 1.0, ds->X, (int)d,
                    theta, 1, 0.0, work, 1);
        for (size_t i = 0; i < n; i++) {
            double w = sqrt(bc_glm_d2phi(p->kind, work[i], ds->y[i]));
            for (size_t j = 0; j < d; j++)
                Xw[i * d + j] = w * ds->X[i * d + j];
        }
        int solved = 0;
        for (double tau = 0.0; !solved && tau < 1e6; tau = tau == 0.0 ? 1e-12 : tau * 100.0) {
            bc_la_gram_cols(Xw, n, d, H);
            for (size_t j = 0; j < d; j++) {
                H[j * d + j] += tau;
                step[j] = -g[j];
            }
            solved = bc_la_spd_solve(H, d, step) == 0;
        }
        if (!solved)
            break;
        double slope = cblas_ddot((int)d, g, 1, step, 1), a = 1.0, ft = f;
        for (int ls = 0; ls < 60; ls++, a *= 0.5) {
            for (size_t j = 0; j < d; j++)
                trial[j] = theta[j] + a * step[j];
            ft = bc_glm_value(p, trial, work);
            if (ft <= f + 1e-4 * a * slope)
                break;
        }
        if (!(ft < f)) {
            /* Near the minimum f cannot resolve the decrease (it is of
             * order ||g||^2 / lambda, below f's rounding): take the full
             * Newton step if it halves the gradient norm, else stop. */
            for (size_t j = 0; j < d; j++)
                trial[j] = theta[j] + step[j];
            ft = bc_glm_grad(p, trial, H, work);
            if (!(norm2(H, d) < 0.5 * *gnorm))
                break;
            memcpy(theta, trial, d * sizeof *theta);
            memcpy(g, H, d * sizeof *g);
            f = ft;
            continue;
        }
        memcpy(theta, trial, d * sizeof *theta);
        f = bc_glm_grad(p, theta, g, work);
    }
    *gnorm = norm2(g, d);
    *fmin = f;
    if (*gnorm <= gtol)
        st = BC_SUCCESS;
done:
    free(g); free(step); free(H); free(Xw); free(work); free(trial);
    return st;
}

/* f and its gradient for the generic minimiser. */
static double glm_fdf(const double *x, double *g, void *ctx)
{
    const bc_glm *p = ((void **)ctx)[0];
    double *work = ((void **)ctx)[1];
    return g != NULL ? bc_glm_grad(p, x, g, work) : bc_glm_value(p, x, work);
}

/* GSL's BFGS for the nonconvex kind: a local minimum. */
static int bfgs(const bc_glm *p, double *theta, double gtol, double *fmin,
                double *gnorm)
{
    double *work = malloc(p->data->n * sizeof(double));
    if (work == NULL)
        return BC_ENOMEM;
    void *ctx[2] = {(void *)p, work};
    int st = bc_min_bfgs(glm_fdf, ctx, p->data->d, theta, gtol, 10000, fmin, gnorm);
    free(work);
    return st;
}

int bc_glm_minimize(const bc_glm *p, double *theta, double gtol, double *fmin,
                    double *gnorm)
{
    if (p->kind == BC_GLM_NONCONVEX)
        return bfgs(p, theta, gtol, fmin, gnorm);
    return newton(p, theta, gtol, fmin, gnorm);
}

int bc_glm_synthetic(bc_glm_kind k, size_t n, size_t d, double signal,
                     double noise, gsl_rng *r, bc_dataset **out,
                     double *theta_true)
{
    bc_dataset *ds = bc_dataset_alloc(n, d);
    double *tt = malloc(d * sizeof *tt);
    if (ds == NULL || tt == NULL) {
        bc_dataset_free(ds);
        free(tt);
        return BC_ENOMEM;
    }
    for (size_t j = 0; j < d; j++)
        tt[j] = signal * gsl_ran_gaussian_ziggurat(r, 1.0);
    for (size_t i = 0; i < n; i++) {
        double *x = ds->X + i * d;
        gsl_ran_dir_nd(r, d, x);
        double m = cblas_ddot((int)d, x, 1, tt, 1);
        if (k == BC_GLM_LOGISTIC)
            ds->y[i] = gsl_rng_uniform(r) < sigmoid(m) ? 1.0 : -1.0;
        else
            ds->y[i] = m + noise * gsl_ran_gaussian_ziggurat(r, 1.0);
    }
    if (theta_true != NULL)
        memcpy(theta_true, tt, d * sizeof *tt);
    free(tt);
    *out = ds;
    return BC_SUCCESS;
}

/* Copies the upper triangle of the k x k row-major H (as dsyr fills it)
 * into the lower one. */
static void mirror_upper(double *H, size_t k)
{
    for (size_t a = 0; a < k; a++)
        for (size_t q = 0; q < a; q++)
            H[a * k + q] = H[q * k + a];
}

/* ||H||_2 = max |eigenvalue| of a symmetric k x k matrix given by its upper
 * triangle (mirrored in place); NAN when LAPACK fails. */
static double sym_norm_upper(double *H, size_t k)
{
    double lo, hi;
    mirror_upper(H, k);
    if (bc_la_sym_eigs(H, k, 1, 1, &lo) != 0 || bc_la_sym_lambda_max(H, k, &hi) != 0)
        return NAN;
    return fmax(fabs(lo), fabs(hi));
}

/* ||Hess f(theta)||_2 = max |eigenvalue| of X^T diag(phi'') X / n. */
typedef struct {
    const bc_glm *p;
    double *H, *work;
} hess_ctx;

static double hess_norm(const bc_glm *p, const double *theta, double *H, double *work)
{
    const bc_dataset *ds = p->data;
    size_t n = ds->n, d = ds->d;
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)d, 1.0, ds->X, (int)d, theta, 1, 0.0,
                work, 1);
    memset(H, 0, d * d * sizeof *H);
    for (size_t i = 0; i < n; i++) {
        double c = bc_glm_d2phi(p->kind, work[i], ds->y[i]) / (double)n;
        cblas_dsyr(CblasRowMajor, CblasUpper, (int)d, c, ds->X + i * d, 1, H, (int)d);
    }
    return sym_norm_upper(H, d);
}

static double neg_hess_norm(const gsl_vector *v, void *params)
{
    hess_ctx *c = params;
    double h = hess_norm(c->p, v->data, c->H, c->work);
    return isfinite(h) ? -h : 0.0;
}

int bc_glm_sampled_L(const bc_glm *p, gsl_rng *r, const double *extra, double *Ls, size_t *evals)
{
    const bc_dataset *ds = p->data;
    size_t d = ds->d;
    hess_ctx c = {p, bc_mem_alloc(bc_mem_bytes(d, d), sizeof(double)),
                  malloc(ds->n * sizeof(double))};
    gsl_vector *x = gsl_vector_alloc(d), *step = gsl_vector_alloc(d);
    gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, d);
    int st = BC_ENOMEM;
    *Ls = 0.0;
    *evals = 0;
    if (c.H == NULL || c.work == NULL || x == NULL || step == NULL || m == NULL)
        goto done;
    gsl_multimin_function fn = {neg_hess_norm, d, &c};
    /* starts: the origin, the given point (a minimiser), and Gaussian points
     * at three scales; Nelder-Mead from each */
    const double scales[] = {0.0, -1.0, 0.1, 1.0, 10.0, 1.0, 3.0};
    for (size_t s = 0; s < sizeof scales / sizeof *scales; s++) {
        if (scales[s] < 0 && extra == NULL)
            continue;
        for (size_t j = 0; j < d; j++)
            gsl_vector_set(x, j, scales[s] < 0 ? extra[j] : scales[s] * gsl_ran_gaussian(r, 1.0));
        gsl_vector_set_all(step, 0.5);
        gsl_multimin_fminimizer_set(m, &fn, x, step);
        for (size_t it = 0; it < 60 * d + 100; it++) {
            if (gsl_multimin_fminimizer_iterate(m) != GSL_SUCCESS)
                break;
            if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), 1e-6) == GSL_SUCCESS)
                break;
        }
        *Ls = fmax(*Ls, -gsl_multimin_fminimizer_minimum(m));
        *evals += 1;
    }
    st = BC_SUCCESS;
done:
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(x);
    gsl_vector_free(step);
    free(c.H);
    free(c.work);
    return st;
}

/* ---- the tightest L by branch and bound (see glm.h) ---- */

/* phi'' as a function of |z| alone: every kind is even in z (logistic in
 * r itself, since sigma(r) sigma(-r) does not depend on y = +-1). */
static double d2_even(bc_glm_kind k, double a)
{
    if (a > 1e100)   /* |phi''| < 6 / a^4 there, below the smallest double */
        return 0.0;
    return bc_glm_d2phi(k, a, k == BC_GLM_LOGISTIC ? 1.0 : 0.0);
}

/* the centre of phi''(.; y) in r: logistic 0, the others y */
static double d2_centre(bc_glm_kind k, double y)
{
    return k == BC_GLM_LOGISTIC ? 0.0 : y;
}

/* [*lo, *hi] contains phi''(r; y) for every r with r - centre in [zl, zh].
 * Logistic and logcosh: phi'' decreases in |z|. Geman-McClure: g(t) =
 * (2 - 6t)/(1 + t)^3 with t = z^2 has g'(t) = 12(t - 1)/(1 + t)^4, so it
 * falls on [0, 1] to g(1) = -1/2 and rises towards 0 after. */
static void d2phi_range(bc_glm_kind k, double zl, double zh, double *lo, double *hi)
{
    double a = (zl <= 0.0 && zh >= 0.0) ? 0.0 : fmin(fabs(zl), fabs(zh));
    double b = fmax(fabs(zl), fabs(zh));
    double ga = d2_even(k, a), gb = d2_even(k, b);
    if (k == BC_GLM_NONCONVEX) {
        *hi = fmax(ga, gb);
        *lo = (a <= 1.0 && b >= 1.0) ? -0.5 : fmin(ga, gb);
    } else {
        *hi = ga;
        *lo = gb;
    }
}

/* The partition: each theta has its set S of near points, |z_i| <= rho with
 * z_i = x_i^T theta - centre_i. On the part with near set S,
 *   ||Hess f|| <= ||sum_{i in S} w_i x_i x_i^T / n|| + far(S),
 *   far(S) = sup_{|z| >= rho} |phi''| * sum_{i not in S} ||x_i||^2 / n,
 * and the first term depends on theta only through its projection p onto
 * span{x_i : i in S}: p = Q c (Q orthonormal, k columns), with c bounded,
 * since c is the least-squares solution of xt_i^T c = z_i + centre_i,
 * xt_i = Q^T x_i: ||c|| <= ||(|centre_i| + rho)_i|| / sigma_min. So for
 * every S a bounded box of c holds that part, and the boxes of all S
 * together cover R^d. */
typedef struct {
    size_t k;                            /* dimension of span S */
    unsigned mask;                       /* S */
    int pushable;    /* every x_i off S leaves span S: theta + t v, v orthogonal
                      * to span S, sends those points far as t -> inf */
    unsigned inspan; /* points off S lying in span S (their z_i is fixed by c) */
    double far;
    double Q[BC_GLM_BB_DMAX * BC_GLM_BB_DMAX];      /* d x k, row-major */
    double xt[BC_GLM_BB_NMAX * BC_GLM_BB_DMAX];     /* Q^T x_i, i in S */
} bb_part;

typedef struct {
    double ub;
    size_t part;
    double lo[BC_GLM_BB_DMAX], hi[BC_GLM_BB_DMAX];
} bb_box;

typedef struct {
    const bc_glm *p;
    double rho;
    bb_part *parts;
    double *H, *work, *theta;
    double best;    /* the largest ||Hess f|| evaluated at a point */
} bb_ctx;

/* Q: an orthonormal basis of span{x_i : i in S} by modified Gram-Schmidt
 * applied twice; directions shorter than 1e-10 of the largest x_i dropped
 * (a direction that short changes no z_i by more than 1e-10 |theta|... and
 * is part of the null space the bound does not need). */
static void bb_basis(const bc_dataset *ds, bb_part *pt)
{
    size_t d = ds->d, k = 0;
    double xmax = 0.0, v[BC_GLM_BB_DMAX];
    for (size_t i = 0; i < ds->n; i++)
        if (pt->mask >> i & 1u)
            xmax = fmax(xmax, cblas_dnrm2((int)d, ds->X + i * d, 1));
    for (size_t i = 0; i < ds->n && k < d; i++) {
        if (!(pt->mask >> i & 1u))
            continue;
        memcpy(v, ds->X + i * d, d * sizeof *v);
        for (int pass = 0; pass < 2; pass++)
            for (size_t q = 0; q < k; q++) {
                double s = 0.0;
                for (size_t m = 0; m < d; m++)
                    s += pt->Q[m * d + q] * v[m];
                for (size_t m = 0; m < d; m++)
                    v[m] -= s * pt->Q[m * d + q];
            }
        double nv = cblas_dnrm2((int)d, v, 1);
        if (nv <= 1e-10 * xmax)
            continue;
        for (size_t m = 0; m < d; m++)
            pt->Q[m * d + k] = v[m] / nv;
        k++;
    }
    pt->k = k;
    pt->pushable = 1;
    for (size_t i = 0; i < ds->n; i++) {
        double in2 = 0.0, x2 = cblas_ddot((int)d, ds->X + i * d, 1, ds->X + i * d, 1);
        for (size_t q = 0; q < k; q++) {
            double s = 0.0;
            for (size_t m = 0; m < d; m++)
                s += pt->Q[m * d + q] * ds->X[i * d + m];
            pt->xt[i * BC_GLM_BB_DMAX + q] = s;
            in2 += s * s;
        }
        if (!(pt->mask >> i & 1u) && !(x2 - in2 > 1e-20 * x2 && x2 > 0.0)) {
            pt->pushable = 0;
            if (x2 - in2 <= 1e-24 * x2)  /* in span S to rounding: z_i is a function of c */
                pt->inspan |= 1u << i;
        }
    }
}

/* ||sum_{i in S} phi''(z_i) x_i x_i^T / n|| at c: the limit of ||Hess f||
 * along theta = Q c + t v, t -> inf, when the part is pushable (a point
 * value of the supremum, approached rather than attained). */
static double bb_limit(const bb_ctx *c, const bb_part *pt, const double *cc)
{
    const bc_dataset *ds = c->p->data;
    size_t k = pt->k;
    double H[BC_GLM_BB_DMAX * BC_GLM_BB_DMAX] = {0};
    for (size_t i = 0; i < ds->n; i++) {
        if (!(pt->mask >> i & 1u))
            continue;
        const double *x = pt->xt + i * BC_GLM_BB_DMAX;
        double r = cblas_ddot((int)k, x, 1, cc, 1);
        cblas_dsyr(CblasRowMajor, CblasUpper, (int)k, bc_glm_d2phi(c->p->kind, r, ds->y[i]) / (double)ds->n,
                   x, 1, H, (int)k);
    }
    return sym_norm_upper(H, k);
}

/* Upper bound over the box (Loewner monotonicity: each weight at its upper
 * end bounds lambda_max, at its lower end -lambda_min; Weyl for the far
 * points), and ||Hess f|| at the box's centre (a point value). A box on
 * which some near point cannot be near is dropped (*feasible = 0). */
static int bb_bound(bb_ctx *c, bb_box *b, int *feasible)
{
    const bc_dataset *ds = c->p->data;
    const bb_part *pt = &c->parts[b->part];
    size_t n = ds->n, d = ds->d, k = pt->k;
    double Hu[BC_GLM_BB_DMAX * BC_GLM_BB_DMAX] = {0}, Hl[BC_GLM_BB_DMAX * BC_GLM_BB_DMAX] = {0};
    int neg = 0;
    *feasible = 1;
    for (size_t i = 0; i < n && k > 0; i++) {
        int near = pt->mask >> i & 1u;
        if (!near && !(pt->inspan >> i & 1u))
            continue;
        const double *x = pt->xt + i * BC_GLM_BB_DMAX;
        double zl = -d2_centre(c->p->kind, ds->y[i]), zh = zl;
        for (size_t q = 0; q < k; q++) {
            zl += fmin(x[q] * b->lo[q], x[q] * b->hi[q]);
            zh += fmax(x[q] * b->lo[q], x[q] * b->hi[q]);
        }
        if (!near) {   /* a far point in span S: the box must allow |z_i| >= rho */
            if (zl > -c->rho && zh < c->rho) {
                *feasible = 0;
                return BC_SUCCESS;
            }
            continue;
        }
        zl = fmax(zl, -c->rho);
        zh = fmin(zh, c->rho);
        if (zl > zh) {
            *feasible = 0;
            return BC_SUCCESS;
        }
        double wl, wh;
        d2phi_range(c->p->kind, zl, zh, &wl, &wh);
        cblas_dsyr(CblasRowMajor, CblasUpper, (int)k, wh / (double)n, x, 1, Hu, (int)k);
        if (wl < 0.0) {
            cblas_dsyr(CblasRowMajor, CblasUpper, (int)k, -wl / (double)n, x, 1, Hl, (int)k);
            neg = 1;
        }
    }
    double up = 0.0, un = 0.0;
    if (k > 0) {
        mirror_upper(Hu, k);
        mirror_upper(Hl, k);
        if (bc_la_sym_lambda_max(Hu, k, &up) != 0 || (neg && bc_la_sym_lambda_max(Hl, k, &un) != 0))
            return BC_ENUMERIC;
    }
    b->ub = fmax(up, un) + pt->far;
    double cc[BC_GLM_BB_DMAX];
    for (size_t q = 0; q < k; q++)
        cc[q] = 0.5 * (b->lo[q] + b->hi[q]);
    for (size_t m = 0; m < d; m++) {
        double s = 0.0;
        for (size_t q = 0; q < k; q++)
            s += pt->Q[m * d + q] * cc[q];
        c->theta[m] = s;
    }
    double h = hess_norm(c->p, c->theta, c->H, c->work);
    if (pt->pushable && k > 0)
        h = fmax(h, bb_limit(c, pt, cc));
    if (isfinite(h) && h > c->best)
        c->best = h;
    return isfinite(b->ub) ? BC_SUCCESS : BC_ENUMERIC;
}

/* a max-heap of boxes by ub */
static void heap_push(bb_box *h, size_t *n, const bb_box *b)
{
    size_t i = (*n)++;
    while (i > 0 && h[(i - 1) / 2].ub < b->ub) {
        h[i] = h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h[i] = *b;
}

static bb_box heap_pop(bb_box *h, size_t *n)
{
    bb_box top = h[0], last = h[--*n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && h[c + 1].ub > h[c].ub)
            c++;
        if (h[c].ub <= last.ub)
            break;
        h[i] = h[c];
        i = c;
    }
    if (*n > 0)
        h[i] = last;
    return top;
}

/* the box of c for part pt: radius ||(|centre_i| + rho)_{i in S}|| / sigma_min */
static int bb_root(const bb_ctx *c, size_t part, bb_box *b)
{
    const bc_dataset *ds = c->p->data;
    const bb_part *pt = &c->parts[part];
    size_t k = pt->k;
    double G[BC_GLM_BB_DMAX * BC_GLM_BB_DMAX] = {0}, ev = 0.0, zr = 0.0;
    for (size_t i = 0; i < ds->n; i++) {
        if (!(pt->mask >> i & 1u))
            continue;
        const double *x = pt->xt + i * BC_GLM_BB_DMAX;
        for (size_t a = 0; a < k; a++)
            for (size_t q = 0; q < k; q++)
                G[a * k + q] += x[a] * x[q];
        double zi = fabs(d2_centre(c->p->kind, ds->y[i])) + c->rho;
        zr += zi * zi;
    }
    if (k > 0 && bc_la_sym_eigs(G, k, 1, 1, &ev) != 0)
        return BC_ENUMERIC;
    double rad = k > 0 ? sqrt(zr) / sqrt(fmax(ev, 0.0)) : 0.0;
    if (!isfinite(rad))
        return BC_ENUMERIC;
    memset(b, 0, sizeof *b);
    b->part = part;
    for (size_t q = 0; q < k; q++) {
        b->lo[q] = -rad;
        b->hi[q] = rad;
    }
    return BC_SUCCESS;
}

int bc_glm_certified_L(const bc_glm *p, size_t max_boxes, double rtol, bc_glm_bb *out)
{
    const bc_dataset *ds = p->data;
    size_t n = ds->n, d = ds->d, np = (size_t)1 << n, cap = max_boxes + np + 2;
    memset(out, 0, sizeof *out);
    if (d == 0 || d > BC_GLM_BB_DMAX || n > BC_GLM_BB_NMAX || max_boxes == 0)
        return BC_EINVAL;
    bb_ctx c = {p, 0.0, malloc(np * sizeof(bb_part)), malloc(d * d * sizeof(double)),
                malloc(n * sizeof(double)), malloc(d * sizeof(double)), 0.0};
    bb_box *heap = malloc(cap * sizeof *heap);
    size_t nh = 0, evals = 0;
    int st = BC_ENOMEM, feas;
    if (c.parts == NULL || c.H == NULL || c.work == NULL || c.theta == NULL || heap == NULL)
        goto done;
    /* rho: far points may add at most 1e-3 rtol of the product-of-suprema L */
    double L, M, lmax, x2 = 0.0;
    if ((st = bc_glm_constants(p, &L, &M, &lmax)) != 0)
        goto done;
    for (size_t i = 0; i < n; i++)
        x2 += cblas_ddot((int)d, ds->X + i * d, 1, ds->X + i * d, 1) / (double)n;
    c.rho = 2.0;
    while (fabs(d2_even(p->kind, c.rho)) * x2 > 1e-3 * rtol * L && c.rho < 1e8)
        c.rho *= 2.0;
    double gfar = fabs(d2_even(p->kind, c.rho));  /* |phi''| decreases past rho >= 1 */
    for (size_t s = 0; s < np; s++) {
        bb_part *pt = &c.parts[s];
        memset(pt, 0, sizeof *pt);
        pt->mask = (unsigned)s;
        bb_basis(ds, pt);
        for (size_t i = 0; i < n; i++)
            if (!(s >> i & 1u))
                pt->far += gfar * cblas_ddot((int)d, ds->X + i * d, 1, ds->X + i * d, 1) / (double)n;
        bb_box b;
        if ((st = bb_root(&c, s, &b)) != 0 || (st = bb_bound(&c, &b, &feas)) != 0)
            goto done;
        evals++;
        if (feas)
            heap_push(heap, &nh, &b);
    }
    out->root = nh > 0 ? heap[0].ub : 0.0;
    out->rho = c.rho;
    while (nh > 0 && heap[0].ub > c.best * (1.0 + rtol) && evals + 2 <= max_boxes) {
        bb_box b = heap_pop(heap, &nh), kid[2];
        size_t k = c.parts[b.part].k, w = 0;
        for (size_t q = 1; q < k; q++)
            if (b.hi[q] - b.lo[q] > b.hi[w] - b.lo[w])
                w = q;
        if (k == 0 || !(b.hi[w] - b.lo[w] > 1e-12 * (1.0 + fabs(b.lo[w])))) {
            heap_push(heap, &nh, &b);   /* cannot be split further: stop here */
            break;
        }
        kid[0] = kid[1] = b;
        kid[0].hi[w] = kid[1].lo[w] = 0.5 * (b.lo[w] + b.hi[w]);
        for (int q = 0; q < 2; q++) {
            if ((st = bb_bound(&c, &kid[q], &feas)) != 0)
                goto done;
            evals++;
            if (feas && kid[q].ub > c.best)  /* else it cannot hold more than best */
                heap_push(heap, &nh, &kid[q]);
        }
    }
    out->lower = c.best;
    /* the boxes left and those dropped under best cover R^d; a rounding
     * allowance of BC_GLM_BB_ROUND relative on the eigenvalues */
    out->upper = fmax(nh > 0 ? heap[0].ub : 0.0, c.best) * (1.0 + BC_GLM_BB_ROUND);
    out->boxes = evals;
    out->converged = nh == 0 || heap[0].ub <= c.best * (1.0 + rtol);
    st = BC_SUCCESS;
done:
    free(heap);
    free(c.parts);
    free(c.H);
    free(c.work);
    free(c.theta);
    return st;
}
