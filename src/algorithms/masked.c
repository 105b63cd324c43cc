/* masked.c -- Algorithm 1 of seed 003 (see masked.h). */
#include "algorithms/masked.h"
#include "core/status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_randist.h>

/* out_i = c sum_r a_r relu(<w_r, x_i>) over the s rows of W (s x d);
 * Z = X W^T (n x s). Branch-free: the sign of each pre-activation is a
 * coin flip, so a branch would mispredict half the time. */
static void forward(const bc_masked_data *dd, const double *W, size_t s, const double *a,
                    double c, double *Z, double *out)
{
    size_t n = dd->n, d = dd->d;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)s, (int)d, 1.0, dd->X,
                (int)d, W, (int)d, 0.0, Z, (int)s);
    for (size_t i = 0; i < n; i++) {
        double acc = 0.0;
        const double *z = Z + i * s;
        for (size_t r = 0; r < s; r++)
            acc += a[r] * (z[r] > 0.0 ? z[r] : 0.0);
        out[i] = c * acc;
    }
}

static double sq_err(const double *y, const double *u, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (y[i] - u[i]) * (y[i] - u[i]);
    return s;
}

int bc_masked_run(const bc_masked_data *dd, const bc_masked_params *mp, gsl_rng *r,
                  bc_masked_trace *tr)
{
    size_t n = dd->n, m = dd->m, d = dd->d, p = mp->p;
    double *W = malloc(m * d * sizeof *W), *Wl = malloc(m * d * sizeof *Wl);
    double *acc = malloc(m * d * sizeof *acc), *a = malloc(m * sizeof *a);
    double *Z = malloc(n * m * sizeof *Z), *u = malloc(n * sizeof *u), *Ez = malloc(n * m * sizeof *Ez);
    double *G = malloc(m * d * sizeof *G), *al = malloc(m * sizeof *al);
    size_t *idx = malloc(m * sizeof *idx);
    unsigned char *masks = malloc(p * m), *cnt = malloc(m);
    int st = BC_ENOMEM;
    if (!W || !Wl || !acc || !a || !Z || !u || !Ez || !G || !al || !idx || !masks || !cnt)
        goto done;
    for (size_t i = 0; i < m * d; i++)
        W[i] = gsl_ran_gaussian_ziggurat(r, mp->kappa);
    for (size_t k = 0; k < m; k++)
        a[k] = gsl_rng_uniform(r) < 0.5 ? -1.0 : 1.0;
    double xi = mp->categorical ? 1.0 / (double)p : mp->xi, c = 1.0 / sqrt((double)m);
    forward(dd, W, m, a, xi * c, Z, u);
    tr->loss_full[0] = sq_err(dd->y, u, n);
    st = BC_ENUMERIC;
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
                forward(dd, Wl, s, al, c, Z, u);
                double e2 = sq_err(dd->y, u, n);
                if (t == 0)
                    ls += e2 / (double)p;
                if (t == mp->tau) {
                    ll += e2 / (double)p;
                    break;
                }
                if (s == 0)
                    continue;
                /* grad_r = (1/sqrt m) a_r sum_i (u_i - y_i) 1{z_ir >= 0} x_i */
                for (size_t i = 0; i < n; i++) {
                    double ei = u[i] - dd->y[i];
                    for (size_t rr = 0; rr < s; rr++)
                        Ez[i * s + rr] = Z[i * s + rr] >= 0.0 ? ei : 0.0;
                }
                cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)s, (int)d, (int)n, 1.0,
                            Ez, (int)s, dd->X, (int)d, 0.0, G, (int)d);
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
        forward(dd, W, m, a, xi * c, Z, u);
        tr->loss_sampled[k] = ls;
        tr->loss_local[k] = ll;
        tr->loss_full[k + 1] = sq_err(dd->y, u, n);
        if (!isfinite(tr->loss_full[k + 1]))
            goto done;
    }
    st = BC_SUCCESS;
done:
    free(W); free(Wl); free(acc); free(a); free(Z); free(u); free(Ez); free(G); free(al);
    free(idx); free(masks); free(cnt);
    return st;
}
