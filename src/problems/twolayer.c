/* twolayer.c -- two-block PL problems (see twolayer.h). */
#include "problems/twolayer.h"
#include "core/la.h"
#include "core/minimize.h"
#include "core/rng.h"
#include "core/status.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_randist.h>

bc_twolayer *bc_twolayer_alloc(bc_tl_kind kind, size_t m, size_t d1, size_t d2)
{
    bc_twolayer *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->kind = kind;
    p->m = m;
    p->d1 = d1;
    p->d2 = d2;
    p->d = d1 + d2;
    p->A = malloc(m * p->d * sizeof(double));
    p->b = malloc(m * sizeof(double));
    p->b1 = malloc(m * sizeof(double));
    if (p->A == NULL || p->b == NULL || p->b1 == NULL) {
        bc_twolayer_free(p);
        return NULL;
    }
    return p;
}

void bc_twolayer_free(bc_twolayer *p)
{
    if (p == NULL)
        return;
    free(p->A);
    free(p->b);
    free(p->b1);
    free(p);
}

void bc_twolayer_random(bc_twolayer *p, double disagree, gsl_rng *r)
{
    size_t m = p->m, d = p->d;
    double s = 1.0 / sqrt((double)m);
    double *tref = malloc(d * sizeof *tref);
    for (size_t i = 0; i < m * d; i++)
        p->A[i] = gsl_ran_gaussian_ziggurat(r, s);
    for (size_t j = 0; j < d; j++)
        tref[j] = gsl_ran_gaussian_ziggurat(r, 1.0);
    for (size_t i = 0; i < m; i++) {
        const double *a = p->A + i * d;
        double v1 = 0.0, v2 = 0.0;
        for (size_t j = 0; j < p->d1; j++)
            v1 += a[j] * tref[j];
        for (size_t j = p->d1; j < d; j++)
            v2 += a[j] * tref[j];
        p->b[i] = v1 + v2;
        p->b1[i] = v1 + disagree * gsl_ran_gaussian_ziggurat(r, s);
    }
    free(tref);
}

double bc_tl_h(bc_tl_kind k, double x)
{
    double s = sin(x);
    return k == BC_TL_QUADRATIC ? 0.5 * x * x : x * x + 3.0 * s * s;
}

double bc_tl_dh(bc_tl_kind k, double x)
{
    return k == BC_TL_QUADRATIC ? x : 2.0 * x + 3.0 * sin(2.0 * x);
}

double bc_tl_d2h(bc_tl_kind k, double x)
{
    return k == BC_TL_QUADRATIC ? 1.0 : 2.0 + 6.0 * cos(2.0 * x);
}

static void residual(const bc_twolayer *p, const double *theta, double *u)
{
    memcpy(u, p->b, p->m * sizeof *u);
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)p->m, (int)p->d, 1.0, p->A,
                (int)p->d, theta, 1, -1.0, u, 1);
}

double bc_twolayer_L2(const bc_twolayer *p, const double *theta, double *work)
{
    residual(p, theta, work);
    double f = 0.0;
    for (size_t i = 0; i < p->m; i++)
        f += bc_tl_h(p->kind, work[i]);
    return f;
}

void bc_twolayer_grad_L2(const bc_twolayer *p, const double *theta, double *g,
                         double *work)
{
    residual(p, theta, work);
    for (size_t i = 0; i < p->m; i++)
        work[i] = bc_tl_dh(p->kind, work[i]);
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)p->m, (int)p->d, 1.0, p->A, (int)p->d,
                work, 1, 0.0, g, 1);
}

void bc_twolayer_grad_L1(const bc_twolayer *p, const double *theta1, double *g1,
                         double *work)
{
    /* r = A_1 theta_1 - b_1; g1 = A_1^T r (A_1 = the first d1 columns) */
    memcpy(work, p->b1, p->m * sizeof *work);
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)p->m, (int)p->d1, 1.0, p->A,
                (int)p->d, theta1, 1, -1.0, work, 1);
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)p->m, (int)p->d1, 1.0, p->A, (int)p->d,
                work, 1, 0.0, g1, 1);
}

/* mu_h and x_h are properties of h alone: computed once per process
 * (pthread_once), not at every set-up (a grid of 5e6 points). */
static double mu_h_value, x_h_value;

static void mu_h_compute(void)
{
    const double x0 = 0.1, X = 50.0, delta = 1e-5, s2 = 8.0;
    /* |x| <= x0: h' >= 8x - 4x^3, h <= 4x^2  =>  ratio >= (8 - 4x^2)^2 / 4 */
    double best = (8.0 - 4.0 * x0 * x0) * (8.0 - 4.0 * x0 * x0) / 4.0;
    /* |x| >= X: ratio >= (2X - 3)^2 / (X^2 + 3), increasing in |x| */
    double tail = (2.0 * X - 3.0) * (2.0 * X - 3.0) / (X * X + 3.0);
    best = fmin(best, tail);
    /* the grid: on [a, a + delta], |h'| >= |h'(a)| - 8 delta and
     * h <= h(a) + |h'(a)| delta + 4 delta^2 (h is even: x >= 0 suffices) */
    size_t n = (size_t)ceil((X - x0) / delta);
    for (size_t i = 0; i < n; i++) {
        double a = x0 + (double)i * delta;
        double g = fabs(bc_tl_dh(BC_TL_NONCONVEX, a)) - s2 * delta;
        double hb = bc_tl_h(BC_TL_NONCONVEX, a) + fabs(bc_tl_dh(BC_TL_NONCONVEX, a)) * delta
                    + 0.5 * s2 * delta * delta;
        double v = g > 0.0 ? g * g / hb : 0.0;
        if (v < best)
            best = v;
    }
    /* a margin for the rounding of sin and of the arithmetic above */
    mu_h_value = best * (1.0 - 1e-9);
}

double bc_twolayer_mu_h(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, mu_h_compute);
    return mu_h_value;
}

int bc_twolayer_constants(const bc_twolayer *p, bc_tl_constants *c, char *msg,
                          size_t len)
{
    size_t m = p->m, d = p->d, d1 = p->d1, d2 = p->d2;
    double *G = malloc(d * d * sizeof *G), *B = malloc(d * d * sizeof *B);
    double *K = malloc(m * m * sizeof *K);
    int st = BC_ENOMEM;
    if (G == NULL || B == NULL || K == NULL)
        goto done;
    double s = p->kind == BC_TL_QUADRATIC ? 1.0 : 8.0;
    /* G = A^T A (d x d), K = A A^T (m x m) */
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)d, (int)d, (int)m, 1.0,
                p->A, (int)d, p->A, (int)d, 0.0, G, (int)d);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)m, (int)d, 1.0,
                p->A, (int)d, p->A, (int)d, 0.0, K, (int)m);
    double lmax, l1, l2, lmin;
    if ((st = bc_la_sym_lambda_max(G, d, &lmax)) != 0)
        goto done;
    for (size_t i = 0; i < d1; i++)
        memcpy(B + i * d1, G + i * d, d1 * sizeof *B);
    if ((st = bc_la_sym_lambda_max(B, d1, &l1)) != 0)
        goto done;
    for (size_t i = 0; i < d2; i++)
        memcpy(B + i * d2, G + (d1 + i) * d + d1, d2 * sizeof *B);
    if ((st = bc_la_sym_lambda_max(B, d2, &l2)) != 0)
        goto done;
    /* smallest nonzero eigenvalue of A A^T: of K when m <= d, else of G */
    if ((st = m <= d ? bc_la_sym_eigs(K, m, 1, 1, &lmin) : bc_la_sym_eigs(G, d, 1, 1, &lmin)) != 0)
        goto done;
    if (!(lmin > 1e-10 * lmax)) {
        snprintf(msg, len, "A is (numerically) rank deficient: lambda_min = %g", lmin);
        st = BC_EINVAL;
        goto done;
    }
    if (p->kind == BC_TL_NONCONVEX && m > d) {
        snprintf(msg, len, "the nonconvex problem needs m <= d1 + d2 (A of full row rank) "
                 "for the PL condition (got m=%zu, d=%zu)", m, d);
        st = BC_EINVAL;
        goto done;
    }
    c->L = s * lmax;
    c->L1 = s * l1;
    c->L2 = s * l2;
    c->lmin_AAt = lmin;
    if (p->kind == BC_TL_QUADRATIC) {
        c->mu_h = 2.0;
        c->mu = 2.0 * lmin;
        c->mu_certified = 0;
    } else {
        c->mu_h = bc_twolayer_mu_h();
        c->mu = lmin * c->mu_h;
        c->mu_certified = 1;
    }
    st = BC_SUCCESS;
done:
    free(G);
    free(B);
    free(K);
    return st;
}

/* The PL ratio of the nonconvex problem in u-space and its gradient:
 * N = v^T K v with v = h'(u), D = sum h(u_j); grad_j = (2 (Kv)_j h''(u_j)
 * D - N h'(u_j)) / D^2. */
typedef struct {
    size_t m;
    const double *K;
    double *v, *Kv;
} pl_ratio;

static double pl_fdf(const double *u, double *g, void *ctx)
{
    pl_ratio *c = ctx;
    size_t m = c->m;
    double D = 0.0;
    for (size_t j = 0; j < m; j++) {
        c->v[j] = bc_tl_dh(BC_TL_NONCONVEX, u[j]);
        D += bc_tl_h(BC_TL_NONCONVEX, u[j]);
    }
    if (!(D > 0.0)) {
        /* u = 0, the minimiser of L2: the ratio is undefined there */
        if (g != NULL)
            memset(g, 0, m * sizeof *g);
        return INFINITY;
    }
    cblas_dsymv(CblasRowMajor, CblasUpper, (int)m, 1.0, c->K, (int)m, c->v, 1, 0.0, c->Kv, 1);
    double N = cblas_ddot((int)m, c->v, 1, c->Kv, 1);
    if (g != NULL)
        for (size_t j = 0; j < m; j++)
            g[j] = (2.0 * c->Kv[j] * bc_tl_d2h(BC_TL_NONCONVEX, u[j]) * D
                    - N * c->v[j]) / (D * D);
    return N / D;
}

/* The minimiser of h'(x)^2 / h(x) over x > 0 (the nonconvex h), on a grid
 * of step 1e-4 over (0, 10]: where one row's ratio is least. */
static void x_h_compute(void)
{
    double best = INFINITY, at = 1.0;
    for (size_t i = 1; i <= 100000; i++) {
        double x = 1e-4 * (double)i, dh = bc_tl_dh(BC_TL_NONCONVEX, x);
        double r = dh * dh / bc_tl_h(BC_TL_NONCONVEX, x);
        if (r < best) {
            best = r;
            at = x;
        }
    }
    x_h_value = at;
}

static double pl_x_h(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, x_h_compute);
    return x_h_value;
}

int bc_twolayer_mu_sampled(const bc_twolayer *p, size_t nstarts, uint64_t seed,
                           double *mu_up, double *u_at)
{
    size_t m = p->m;
    if (p->kind != BC_TL_NONCONVEX || m == 0 || nstarts == 0)
        return BC_EINVAL;
    double *K = malloc(m * m * sizeof *K), *buf = malloc(4 * m * sizeof *buf);
    gsl_rng *r = bc_rng_alloc();
    int st = BC_ENOMEM;
    if (K == NULL || buf == NULL || r == NULL)
        goto done;
    bc_rng_seed_stream(r, seed, "twolayer/mu", 0);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)m, (int)p->d, 1.0, p->A,
                (int)p->d, p->A, (int)p->d, 0.0, K, (int)m);
    pl_ratio c = {m, K, buf, buf + m};
    double *u = buf + 2 * m, *best_u = buf + 3 * m, xh = pl_x_h(), best = INFINITY;
    /* every pattern in {-x_h, 0, x_h}^m but 0 while there are few enough */
    size_t npat = 0;
    if (m <= 6) {
        npat = 1;
        for (size_t j = 0; j < m; j++)
            npat *= 3;
    }
    for (size_t s = 0; s < nstarts; s++) {
        if (s + 1 < npat) {
            for (size_t j = 0, t = s + 1; j < m; j++, t /= 3)
                u[j] = ((double)(t % 3) - 1.0) * xh;
        } else if (s % 2 == 0) {
            int any = 0;
            for (size_t j = 0; j < m; j++) {
                u[j] = (double)((int)gsl_rng_uniform_int(r, 3) - 1) * xh;
                any |= u[j] != 0.0;
            }
            if (!any)
                u[gsl_rng_uniform_int(r, m)] = xh;
        } else {
            for (size_t j = 0; j < m; j++)
                u[j] = gsl_ran_gaussian_ziggurat(r, 2.0);
        }
        double f0 = pl_fdf(u, NULL, &c), f, gn;
        if (f0 < best) {
            best = f0;
            memcpy(best_u, u, m * sizeof *u);
        }
        /* a run that stops short still ends at an attained value */
        bc_min_bfgs(pl_fdf, &c, m, u, 1e-10, 500, &f, &gn);
        f = pl_fdf(u, NULL, &c);
        if (f < best) {
            best = f;
            memcpy(best_u, u, m * sizeof *u);
        }
    }
    *mu_up = best;
    if (u_at != NULL)
        memcpy(u_at, best_u, m * sizeof *u_at);
    st = isfinite(best) ? BC_SUCCESS : BC_ENUMERIC;
done:
    free(K);
    free(buf);
    if (r != NULL)
        gsl_rng_free(r);
    return st;
}
