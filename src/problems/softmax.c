/* softmax.c -- softmax regression, exact label expectations (see softmax.h). */
#include "problems/softmax.h"
#include "core/la.h"
#include "core/status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

void bc_softmax_draw(size_t K, size_t d, double wscale, double dist, gsl_rng *r, double *Ws,
                     double *Wt, double *x)
{
    size_t P = K * d;
    double nu = 0.0;
    for (size_t i = 0; i < P; i++) {
        Ws[i] = gsl_ran_gaussian_ziggurat(r, wscale);
        Wt[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
        nu += Wt[i] * Wt[i];
    }
    for (size_t i = 0; i < P; i++)
        Wt[i] = Ws[i] + dist * Wt[i] / sqrt(nu);
    for (size_t j = 0; j < d; j++)
        x[j] = gsl_ran_gaussian_ziggurat(r, 1.0);
}

void bc_softmax_probs(const double *W, size_t K, size_t d, const double *x, double *sigma)
{
    double zmax = -INFINITY, s = 0.0;
    for (size_t k = 0; k < K; k++) {
        double z = 0.0;
        for (size_t j = 0; j < d; j++)
            z += W[k * d + j] * x[j];
        sigma[k] = z;
        zmax = fmax(zmax, z);
    }
    for (size_t k = 0; k < K; k++)
        s += (sigma[k] = exp(sigma[k] - zmax));
    for (size_t k = 0; k < K; k++)
        sigma[k] /= s;
}

void bc_softmax_grad(const double *sigma, size_t K, size_t d, const double *x, size_t y,
                     double *g)
{
    for (size_t c = 0; c < K; c++)
        for (size_t j = 0; j < d; j++)
            g[c * d + j] = (sigma[c] - (c == y ? 1.0 : 0.0)) * x[j];
}

void bc_softmax_hessian(const double *sigma, size_t K, size_t d, const double *x, double *H)
{
    size_t P = K * d;
    for (size_t c = 0; c < K; c++)
        for (size_t j = 0; j < d; j++)
            for (size_t c2 = 0; c2 < K; c2++)
                for (size_t j2 = 0; j2 < d; j2++)
                    H[(c * d + j) * P + c2 * d + j2] =
                        (sigma[c] * (c == c2 ? 1.0 : 0.0) - sigma[c] * sigma[c2]) * x[j] * x[j2];
}

void bc_softmax_moments_free(bc_softmax_mom *mo)
{
    free(mo->EG);
    free(mo->EG2);
    free(mo->H);
    free(mo->sig_t);
    free(mo->sig_s);
    memset(mo, 0, sizeof *mo);
}

int bc_softmax_moments(const double *Wt, const double *Ws, size_t K, size_t d, const double *x,
                       bc_softmax_mom *mo)
{
    size_t P = K * d;
    memset(mo, 0, sizeof *mo);
    mo->P = P;
    mo->EG = calloc(P * P, sizeof(double));
    mo->EG2 = calloc(P * P, sizeof(double));
    mo->H = malloc(P * P * sizeof(double));
    mo->sig_t = malloc(K * sizeof(double));
    mo->sig_s = malloc(K * sizeof(double));
    double *g = malloc(P * sizeof *g);
    if (!mo->EG || !mo->EG2 || !mo->H || !mo->sig_t || !mo->sig_s || !g) {
        free(g);
        bc_softmax_moments_free(mo);
        return BC_ENOMEM;
    }
    bc_softmax_probs(Wt, K, d, x, mo->sig_t);
    bc_softmax_probs(Ws, K, d, x, mo->sig_s);
    bc_softmax_hessian(mo->sig_t, K, d, x, mo->H);
    for (size_t y = 0; y < K; y++) {
        bc_softmax_grad(mo->sig_t, K, d, x, y, g);
        double q = mo->sig_s[y];
        for (size_t i = 0; i < P; i++)
            for (size_t j = 0; j < P; j++) {
                double v = g[i] * g[j];
                mo->EG[i * P + j] += q * v;
                mo->EG2[i * P + j] += q * v * v;
            }
    }
    free(g);
    return BC_SUCCESS;
}

double bc_softmax_pop_loss(const double *W, const double *Ws, const double *X, size_t n,
                           size_t K, size_t d)
{
    double f = 0.0, s[1024], ss[1024];
    for (size_t i = 0; i < n; i++) {
        bc_softmax_probs(W, K, d, X + i * d, s);
        bc_softmax_probs(Ws, K, d, X + i * d, ss);
        for (size_t k = 0; k < K; k++)
            if (ss[k] > 0.0)
                f -= ss[k] * log(fmax(s[k], 1e-300));
    }
    return f / (double)n;
}

void bc_softmax_fisher_gap(const double *W, const double *Ws, const double *X, size_t n,
                           size_t K, size_t d, double *M, double *work)
{
    size_t P = K * d;
    double *s = work, *ss = work + K, *g = work + 2 * K;
    memset(M, 0, P * P * sizeof *M);
    for (size_t i = 0; i < n; i++) {
        const double *x = X + i * d;
        bc_softmax_probs(W, K, d, x, s);
        bc_softmax_probs(Ws, K, d, x, ss);
        for (size_t k = 0; k < K; k++) {
            double c = (s[k] - ss[k]) / (double)n;
            bc_softmax_grad(s, K, d, x, k, g);
            for (size_t a = 0; a < P; a++)
                for (size_t b = 0; b < P; b++)
                    M[a * P + b] += c * g[a] * g[b];
        }
    }
}

/* Newton on the strongly convex ridge objective: the gradient is
 * (1/n) sum_i (sigma(W x_i) - sigma(W* x_i)) x_i^T + rho (W - c), the
 * Hessian (1/n) sum_i (Diag sigma - sigma sigma^T) (x) x_i x_i^T + rho I
 * (positive definite for rho > 0), solved by Cholesky. Full steps with a
 * halving line search on F; stops at ||grad|| <= 1e-13 (1 + ||W||). */
int bc_softmax_ridge_opt(const double *Ws, const double *c, double rho, const double *X,
                         size_t n, size_t K, size_t d, double *W, double *gnorm)
{
    size_t P = K * d;
    double *g = malloc(P * sizeof *g), *Hm = malloc(P * P * sizeof *Hm);
    double *Hx = malloc(P * P * sizeof *Hx), *s = malloc(2 * K * sizeof *s);
    double *Wn = malloc(P * sizeof *Wn);
    int st = BC_ENOMEM;
    if (!g || !Hm || !Hx || !s || !Wn)
        goto done;
    double f = NAN;
    st = BC_ENOCONV;
    for (int it = 0; it < 100; it++) {
        double gg = 0.0, ww = 0.0;
        memset(g, 0, P * sizeof *g);
        memset(Hm, 0, P * P * sizeof *Hm);
        for (size_t i = 0; i < n; i++) {
            const double *x = X + i * d;
            bc_softmax_probs(W, K, d, x, s);
            bc_softmax_probs(Ws, K, d, x, s + K);
            for (size_t k = 0; k < K; k++)
                for (size_t j = 0; j < d; j++)
                    g[k * d + j] += (s[k] - s[K + k]) * x[j] / (double)n;
            bc_softmax_hessian(s, K, d, x, Hx);
            for (size_t a = 0; a < P * P; a++)
                Hm[a] += Hx[a] / (double)n;
        }
        for (size_t a = 0; a < P; a++) {
            g[a] += rho * (W[a] - (c != NULL ? c[a] : 0.0));
            Hm[a * P + a] += rho;
            gg += g[a] * g[a];
            ww += W[a] * W[a];
        }
        *gnorm = sqrt(gg);
        if (!isfinite(*gnorm)) {
            st = BC_ENUMERIC;
            goto done;
        }
        if (*gnorm <= 1e-13 * (1.0 + sqrt(ww))) {
            st = BC_SUCCESS;
            break;
        }
        if (bc_la_spd_solve(Hm, P, g) != 0) {
            st = BC_ENUMERIC;
            goto done;
        }
        /* F along W - t p, t = 1, 1/2, ...: accept the first decrease */
        double reg = 0.0;
        for (size_t a = 0; a < P; a++) {
            double u = W[a] - (c != NULL ? c[a] : 0.0);
            reg += u * u;
        }
        f = isnan(f) ? bc_softmax_pop_loss(W, Ws, X, n, K, d) + 0.5 * rho * reg : f;
        double t = 1.0, fn = INFINITY;
        for (int ls = 0; ls < 40; ls++, t *= 0.5) {
            double rn = 0.0;
            for (size_t a = 0; a < P; a++) {
                Wn[a] = W[a] - t * g[a];
                double u = Wn[a] - (c != NULL ? c[a] : 0.0);
                rn += u * u;
            }
            fn = bc_softmax_pop_loss(Wn, Ws, X, n, K, d) + 0.5 * rho * rn;
            if (fn <= f)
                break;
        }
        memcpy(W, Wn, P * sizeof *W);
        f = fn;
    }
done:
    free(g);
    free(Hm);
    free(Hx);
    free(s);
    free(Wn);
    return st;
}
