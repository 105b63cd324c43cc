/* glm.c -- GLM losses, their gradients and constants (see glm.h). */
#include "problems/glm.h"
#include "core/la.h"
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
    for (size_t i = 0; i < ds->n; i++) {
        if (fval != NULL)
            f += bc_glm_phi(p->kind, work[i], ds->y[i]);
        work[i] = bc_glm_dphi(p->kind, work[i], ds->y[i]);
    }
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
    double *G = malloc(ds->d * ds->d * sizeof *G);
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
    double *H = malloc(d * d * sizeof *H), *Xw = malloc(n * d * sizeof *Xw);
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
    for (size_t a = 0; a < d; a++)
        for (size_t b = 0; b < a; b++)
            H[a * d + b] = H[b * d + a];
    double lo, hi;
    if (bc_la_sym_eigs(H, d, 1, 1, &lo) != 0 || bc_la_sym_lambda_max(H, d, &hi) != 0)
        return NAN;
    return fmax(fabs(lo), fabs(hi));
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
    hess_ctx c = {p, malloc(d * d * sizeof(double)), malloc(ds->n * sizeof(double))};
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
