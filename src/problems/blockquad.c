/* blockquad.c -- block quadratics and their constants (see blockquad.h). */
#include "core/la.h"
#include "problems/blockquad.h"
#include "core/la.h"
#include "core/status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_randist.h>

bc_blockquad *bc_blockquad_alloc(size_t n, size_t K, size_t smin, size_t smax, gsl_rng *r)
{
    if (n == 0 || K == 0 || smin == 0 || smax < smin)
        return NULL;
    bc_blockquad *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->n = n;
    p->K = K;
    p->start = malloc((K + 1) * sizeof *p->start);
    if (p->start == NULL) {
        free(p);
        return NULL;
    }
    p->start[0] = 0;
    for (size_t k = 0; k < K; k++)
        p->start[k + 1] = p->start[k] + smin + (size_t)gsl_rng_uniform_int(r, smax - smin + 1);
    p->d = p->start[K];
    p->A = calloc(p->d * p->d, sizeof(double));
    p->b = malloc(n * p->d * sizeof(double));
    p->bbar = malloc(p->d * sizeof(double));
    if (p->A == NULL || p->b == NULL || p->bbar == NULL) {
        bc_blockquad_free(p);
        return NULL;
    }
    return p;
}

void bc_blockquad_free(bc_blockquad *p)
{
    if (p == NULL)
        return;
    free(p->start);
    free(p->A);
    free(p->b);
    free(p->bbar);
    free(p->E);
    free(p);
}

void bc_blockquad_add_grad_i(const bc_blockquad *p, size_t i, const double *w, double scale,
                             double *g)
{
    size_t d = p->d;
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)d, (int)d, scale, p->A, (int)d, w, 1, 1.0, g, 1);
    if (p->E != NULL)
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)d, (int)d, scale, p->E + i * d * d, (int)d,
                    w, 1, 1.0, g, 1);
    cblas_daxpy((int)d, -scale, p->b + i * d, 1, g, 1);
}

int bc_blockquad_multiplicative(bc_blockquad *p, double mult, gsl_rng *r)
{
    size_t d = p->d, n = p->n;
    free(p->E);
    p->E = malloc(n * d * d * sizeof(double));
    if (p->E == NULL)
        return BC_ENOMEM;
    double s = 1.0 / sqrt((double)d);
    for (size_t i = 0; i < n; i++) {
        double *Ei = p->E + i * d * d;
        for (size_t a = 0; a < d; a++)
            for (size_t b = 0; b <= a; b++)
                Ei[a * d + b] = Ei[b * d + a] = mult * gsl_ran_gaussian_ziggurat(r, s);
    }
    for (size_t j = 0; j < d * d; j++) {
        double m = 0.0;
        for (size_t i = 0; i < n; i++)
            m += p->E[i * d * d + j];
        m /= (double)n;
        for (size_t i = 0; i < n; i++)
            p->E[i * d * d + j] -= m;
    }
    return BC_SUCCESS;
}

int bc_blockquad_argmin(const bc_blockquad *p, double *wstar)
{
    size_t d = p->d;
    double *B = malloc(d * d * sizeof *B);
    if (B == NULL)
        return BC_ENOMEM;
    memcpy(B, p->A, d * d * sizeof *B);
    memcpy(wstar, p->bbar, d * sizeof *wstar);
    int st = bc_la_spd_solve(B, d, wstar);
    free(B);
    return st;
}

int bc_blockquad_ball_M(const bc_blockquad *p, double R, double *M)
{
    size_t d = p->d, n = p->n, K = p->K;
    double *ws = malloc(d * sizeof *ws), *P = NULL, *q = malloc(d * sizeof *q);
    int st = BC_ENOMEM;
    if (ws == NULL || q == NULL)
        goto done;
    if ((st = bc_blockquad_argmin(p, ws)) != 0)
        goto done;
    double rho = cblas_dnrm2((int)d, ws, 1) + R;
    *M = 0.0;
    st = BC_ENOMEM;
    if ((P = malloc(d * d * sizeof *P)) == NULL)
        goto done;
    for (size_t k = 0; k < K; k++) {
        size_t a = p->start[k], m = p->start[k + 1] - a;
        double r = 0.0, lm = 0.0;
        memset(P, 0, d * d * sizeof *P);
        memset(q, 0, d * sizeof *q);
        for (size_t i = 0; i < n; i++) {
            const double *rows = p->E ? p->E + i * d * d + a * d : NULL;
            for (size_t j = a; j < a + m; j++) {
                double e = p->b[i * d + j] - p->bbar[j];
                r += e * e / (double)n;
                if (rows != NULL)
                    cblas_daxpy((int)d, e / (double)n, rows + (j - a) * d, 1, q, 1);
            }
            if (rows != NULL)   /* P += E_{i,k:}^T E_{i,k:} / n */
                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)m,
                            1.0 / (double)n, rows, (int)d, 1.0, P, (int)d);
        }
        if (p->E != NULL && (st = bc_la_sym_lambda_max(P, d, &lm)) != 0)
            goto done;
        double bound = lm * rho * rho + 2.0 * cblas_dnrm2((int)d, q, 1) * rho + r;
        *M = fmax(*M, bound);
    }
    st = BC_SUCCESS;
done:
    free(ws);
    free(P);
    free(q);
    return st;
}

void bc_blockquad_random(bc_blockquad *p, double spread, double coupling, double noise,
                         int identical, gsl_rng *r)
{
    bc_blockquad_random_grouped(p, spread, coupling, 0, 0, noise, identical, r);
}

void bc_blockquad_random_grouped(bc_blockquad *p, double spread, double coupling, size_t coupled,
                                 size_t rank, double noise, int identical, gsl_rng *r)
{
    double *first = NULL;
    size_t d = p->d;
    memset(p->A, 0, d * d * sizeof(double));
    for (size_t k = 0; k < p->K; k++) {
        size_t a = p->start[k], m = p->start[k + 1] - a;
        double s = p->K > 1 && !identical ? exp(log(spread) * (double)k / (double)(p->K - 1)) : 1.0;
        double *G = malloc(m * m * sizeof *G);
        if (identical && first != NULL)
            memcpy(G, first, m * m * sizeof *G);
        else
            for (size_t i = 0; i < m * m; i++)
                G[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
        if (identical && first == NULL) {
            first = malloc(m * m * sizeof *first);
            memcpy(first, G, m * m * sizeof *G);
        }
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < m; j++) {
                double v = cblas_ddot((int)m, G + i * m, 1, G + j * m, 1) / (double)m;
                p->A[(a + i) * d + a + j] = s * (v + (i == j ? 0.1 : 0.0));
            }
        free(G);
    }
    free(first);
    if (coupling > 0.0) {
        /* the coupled group: the first `coupled` blocks (0: all), coupled by
         * (coupling / rank) H H^T with H of dg x rank (0: rank dg) */
        size_t dg = coupled > 0 && coupled < p->K ? p->start[coupled] : d;
        size_t rr = rank > 0 && rank < dg ? rank : dg;
        double *H = malloc(dg * rr * sizeof *H);
        for (size_t i = 0; i < dg * rr; i++)
            H[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)dg, (int)dg, (int)rr,
                    coupling / (double)rr, H, (int)rr, H, (int)rr, 1.0, p->A, (int)d);
        free(H);
    }
    for (size_t j = 0; j < d; j++)
        p->bbar[j] = gsl_ran_gaussian_ziggurat(r, 1.0);
    /* b_i = bbar + noise xi_i, then re-centred so that their mean is bbar exactly */
    for (size_t i = 0; i < p->n; i++)
        for (size_t j = 0; j < d; j++)
            p->b[i * d + j] = gsl_ran_gaussian_ziggurat(r, noise);
    for (size_t j = 0; j < d; j++) {
        double m = 0.0;
        for (size_t i = 0; i < p->n; i++)
            m += p->b[i * d + j];
        m /= (double)p->n;
        for (size_t i = 0; i < p->n; i++)
            p->b[i * d + j] += p->bbar[j] - m;
    }
}

double bc_blockquad_value(const bc_blockquad *p, const double *w)
{
    size_t d = p->d;
    double q = 0.0;
    for (size_t i = 0; i < d; i++)
        q += w[i] * cblas_ddot((int)d, p->A + i * d, 1, w, 1);
    return 0.5 * q - cblas_ddot((int)d, p->bbar, 1, w, 1);
}

void bc_blockquad_grad(const bc_blockquad *p, const double *w, double *g)
{
    memcpy(g, p->bbar, p->d * sizeof *g);
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)p->d, (int)p->d, 1.0, p->A, (int)p->d, w, 1,
                -1.0, g, 1);
}

int bc_blockquad_constants(const bc_blockquad *p, bc_bq_constants *c)
{
    size_t d = p->d, K = p->K;
    memset(c, 0, sizeof *c);
    c->Lk = malloc(K * sizeof(double));
    c->Vk = calloc(K, sizeof(double));
    double *B = malloc(d * d * sizeof *B), *x = malloc(d * sizeof *x);
    int st = BC_ENOMEM;
    if (c->Lk == NULL || c->Vk == NULL || B == NULL || x == NULL)
        goto done;
    if ((st = bc_la_sym_lambda_max(p->A, d, &c->Lg)) != 0)
        goto done;
    for (size_t k = 0; k < K; k++) {
        size_t a = p->start[k], m = p->start[k + 1] - a;
        for (size_t i = 0; i < m; i++)
            memcpy(B + i * m, p->A + (a + i) * d + a, m * sizeof *B);
        if ((st = bc_la_sym_lambda_max(B, m, &c->Lk[k])) != 0)
            goto done;
        for (size_t i = 0; i < p->n; i++)
            for (size_t j = a; j < a + m; j++) {
                double e = p->b[i * d + j] - p->bbar[j];
                c->Vk[k] += e * e / (double)p->n;
            }
        c->M = fmax(c->M, c->Vk[k]);
        c->MC += c->Vk[k];
    }
    /* f_inf = -(1/2) bbar^T A^{-1} bbar */
    memcpy(B, p->A, d * d * sizeof *B);
    memcpy(x, p->bbar, d * sizeof *x);
    if ((st = bc_la_spd_solve(B, d, x)) != 0)
        goto done;
    c->finf = -0.5 * cblas_ddot((int)d, p->bbar, 1, x, 1);
    st = BC_SUCCESS;
done:
    free(B);
    free(x);
    return st;
}

void bc_blockquad_constants_free(bc_bq_constants *c)
{
    free(c->Lk);
    free(c->Vk);
    c->Lk = c->Vk = NULL;
}
