/* masked.c -- Algorithm 1 of seed 003 (see masked.h). */
#include "algorithms/masked.h"
#include "core/status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_randist.h>

/* out = c relu(Z) a, Z (n x s): relu into R, then one dgemv. (A loop
 * summing a_r relu(z_r) per row is one serial chain of additions, which
 * the compiler may not reorder: it ran at a fraction of the dgemm's speed
 * and was the largest cost of Algorithm 1.) The comparison is written
 * branch-free: the sign of each pre-activation is a coin flip. */
static void relu_dot(size_t n, size_t s, const double *Z, const double *a, double c, double *R,
                     double *out)
{
    /* vectorised (OpenMP simd) and branch-free: GCC at -O2 left it a
     * scalar loop with a branch that mispredicts half the time */
#pragma omp simd
    for (size_t k = 0; k < n * s; k++)
        R[k] = Z[k] > 0.0 ? Z[k] : 0.0;
    if (s == 0) {
        memset(out, 0, n * sizeof *out);
        return;
    }
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)s, c, R, (int)s, a, 1, 0.0, out, 1);
}

/* out_i = c sum_r a_r relu(<w_r, x_i>) over the s rows of W (s x d);
 * Z = X W^T (n x s). */
static void forward(const bc_masked_data *dd, const double *W, size_t s, const double *a,
                    double c, double *Z, double *R, double *out)
{
    size_t n = dd->n, d = dd->d;
    if (s > 0)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)s, (int)d, 1.0, dd->X,
                    (int)d, W, (int)d, 0.0, Z, (int)s);
    relu_dot(n, s, Z, a, c, R, out);
}

static double sq_err(const double *y, const double *u, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (y[i] - u[i]) * (y[i] - u[i]);
    return s;
}

#define ROWS 64   /* rows of X per fused block: Z_b and its masks stay in L2 */

/* One pass of a subnetwork's local step over blocks of ROWS rows: Z_b =
 * X_b Wl^T (or gathered from the full model's Zf at the rows idx), u_b =
 * c relu(Z_b) al, and, when G is not NULL, G = sum_b (1{Z_b >= 0} o e_b)^T
 * X_b with e = u - y. Returns ||u - y||^2. Z and Ez hold one block each.
 * (Fused so that the n x s pre-activations never leave the cache: the
 * separate forward and backward passes each streamed them through memory,
 * which with d = 32 cost more than the products.) */
static double local_pass(const bc_masked_data *dd, const double *Zf, size_t m, const size_t *idx,
                         const double *Wl, size_t s, const double *al, double c, double *Z,
                         double *Ez, double *u, double *G)
{
    size_t n = dd->n, d = dd->d;
    double e2 = 0.0;
    for (size_t i0 = 0; i0 < n; i0 += ROWS) {
        size_t nb = n - i0 < ROWS ? n - i0 : ROWS;
        const double *Xb = dd->X + i0 * d;
        if (Zf != NULL) {
            for (size_t i = 0; i < nb; i++) {
                const double *zf = Zf + (i0 + i) * m;
                double *z = Z + i * s;
                for (size_t r = 0; r < s; r++)
                    z[r] = zf[idx[r]];
            }
        } else if (s > 0) {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nb, (int)s, (int)d, 1.0, Xb,
                        (int)d, Wl, (int)d, 0.0, Z, (int)s);
        }
        relu_dot(nb, s, Z, al, c, Ez, u + i0);
        for (size_t i = 0; i < nb; i++) {
            double ei = u[i0 + i] - dd->y[i0 + i];
            e2 += ei * ei;
            if (G == NULL)
                continue;
            const double *zi = Z + i * s;
            double *ez = Ez + i * s;
#pragma omp simd
            for (size_t rr = 0; rr < s; rr++)
                ez[rr] = zi[rr] >= 0.0 ? ei : 0.0;
        }
        if (G != NULL)
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)s, (int)d, (int)nb, 1.0, Ez,
                        (int)s, Xb, (int)d, i0 == 0 ? 0.0 : 1.0, G, (int)d);
    }
    return e2;
}

struct bc_masked_ws {
    double *W, *Wl, *acc, *a, *Z, *u, *Ez, *Zf, *G, *al;
    size_t *idx;
    unsigned char *masks, *cnt;
};

void bc_masked_ws_free(bc_masked_ws *w)
{
    if (w == NULL)
        return;
    free(w->W); free(w->Wl); free(w->acc); free(w->a); free(w->Z); free(w->u); free(w->Ez);
    free(w->G); free(w->al); free(w->idx); free(w->masks); free(w->cnt); free(w->Zf);
    free(w);
}

bc_masked_ws *bc_masked_ws_alloc(size_t n, size_t m, size_t d, size_t p)
{
    bc_masked_ws *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->W = malloc(m * d * sizeof *w->W);
    w->Wl = malloc(m * d * sizeof *w->Wl);
    w->acc = malloc(m * d * sizeof *w->acc);
    w->a = malloc(m * sizeof *w->a);
    w->Z = malloc(n * m * sizeof *w->Z);
    w->u = malloc(n * sizeof *w->u);
    w->Ez = malloc(n * m * sizeof *w->Ez);
    w->Zf = malloc(n * m * sizeof *w->Zf);   /* X W_k^T of the full model */
    w->G = malloc(m * d * sizeof *w->G);
    w->al = malloc(m * sizeof *w->al);
    w->idx = malloc(m * sizeof *w->idx);
    w->masks = malloc(p * m);
    w->cnt = malloc(m);
    if (!w->W || !w->Wl || !w->acc || !w->a || !w->Z || !w->u || !w->Ez || !w->Zf || !w->G
        || !w->al || !w->idx || !w->masks || !w->cnt) {
        bc_masked_ws_free(w);
        return NULL;
    }
    return w;
}

int bc_masked_run(const bc_masked_data *dd, const bc_masked_params *mp, gsl_rng *r,
                  bc_masked_ws *ws, bc_masked_trace *tr)
{
    size_t n = dd->n, m = dd->m, d = dd->d, p = mp->p;
    double *W = ws->W, *Wl = ws->Wl, *acc = ws->acc, *a = ws->a, *Z = ws->Z, *u = ws->u;
    double *Ez = ws->Ez, *Zf = ws->Zf, *G = ws->G, *al = ws->al;
    size_t *idx = ws->idx;
    unsigned char *masks = ws->masks, *cnt = ws->cnt;
    int st = BC_ENUMERIC;
    for (size_t i = 0; i < m * d; i++)
        W[i] = gsl_ran_gaussian_ziggurat(r, mp->kappa);
    for (size_t k = 0; k < m; k++)
        a[k] = gsl_rng_uniform(r) < 0.5 ? -1.0 : 1.0;
    double xi = mp->categorical ? 1.0 / (double)p : mp->xi, c = 1.0 / sqrt((double)m);
    forward(dd, W, m, a, xi * c, Zf, Ez, u);
    tr->loss_full[0] = sq_err(dd->y, u, n);
    for (size_t k = 0; k < mp->K; k++) {
        /* masks */
        memset(cnt, 0, m);
        for (size_t rr = 0; rr < m; rr++) {
            if (mp->categorical) {
                size_t l = (size_t)gsl_rng_uniform_int(r, p);
                for (size_t q = 0; q < p; q++)
                    masks[q * m + rr] = q == l;
            } else
                for (size_t q = 0; q < p; q++)
                    masks[q * m + rr] = gsl_rng_uniform(r) < xi;
            for (size_t q = 0; q < p; q++)
                cnt[rr] = (unsigned char)(cnt[rr] + masks[q * m + rr]);
        }
        memset(acc, 0, m * d * sizeof *acc);
        double ls = 0.0, ll = 0.0;
        for (size_t q = 0; q < p; q++) {
            /* a subnetwork touches only its kept neurons: gather them into
             * a compact s x d matrix (masked neurons add nothing to f_m and
             * get no gradient), so every product costs s/m of the full one */
            const unsigned char *mk = masks + q * m;
            size_t s = 0;
            for (size_t rr = 0; rr < m; rr++)
                if (mk[rr]) {
                    idx[s] = rr;
                    al[s] = a[rr];
                    memcpy(Wl + s * d, W + rr * d, d * sizeof *Wl);
                    s++;
                }
            for (size_t t = 0; t <= mp->tau; t++) {
                /* the forward pass and, before the last, the gradient, fused
                 * over blocks of rows that stay in cache (W_k's products at
                 * t = 0 are the full model's: gathered, not recomputed) */
                int grad = t < mp->tau && s > 0;
                double e2 = local_pass(dd, t == 0 ? Zf : NULL, m, idx, Wl, s, al, c, Z, Ez, u,
                                       grad ? G : NULL);
                if (t == 0)
                    ls += e2 / (double)p;
                if (t == mp->tau) {
                    ll += e2 / (double)p;
                    break;
                }
                if (!grad)
                    continue;
                for (size_t rr = 0; rr < s; rr++) {
                    double f = -mp->eta * c * al[rr];
                    for (size_t j = 0; j < d; j++)
                        Wl[rr * d + j] += f * G[rr * d + j];
                }
            }
            for (size_t rr = 0; rr < s; rr++)
                for (size_t j = 0; j < d; j++)
                    acc[idx[rr] * d + j] += Wl[rr * d + j] - W[idx[rr] * d + j];
        }
        /* aggregation: eta_{k,r} = N_perp / N */
        for (size_t rr = 0; rr < m; rr++)
            if (cnt[rr] > 0)
                cblas_daxpy((int)d, 1.0 / (double)cnt[rr], acc + rr * d, 1, W + rr * d, 1);
        forward(dd, W, m, a, xi * c, Zf, Ez, u);
        tr->loss_sampled[k] = ls;
        tr->loss_local[k] = ll;
        tr->loss_full[k + 1] = sq_err(dd->y, u, n);
        if (!isfinite(tr->loss_full[k + 1]))
            goto done;
    }
    st = BC_SUCCESS;
done:
    return st;
}
