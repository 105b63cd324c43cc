/* dcasgd.c -- delayed SGD with and without delay compensation (see dcasgd.h). */
#include "algorithms/dcasgd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "problems/softmax.h"

double bc_softreg_value(const bc_softreg *p, const double *w, double *g)
{
    size_t n = p->ds->n, d = p->ds->d, K = p->K, P = K * d;
    double f = 0.0, s[1024];   /* K < 1024 (bc_dataset_class_labels) */
    if (g != NULL)
        memset(g, 0, P * sizeof *g);
    for (size_t i = 0; i < n; i++) {
        const double *x = p->ds->X + i * d;
        size_t y = (size_t)p->ds->y[i];
        bc_softmax_probs(w, K, d, x, s);
        f -= log(fmax(s[y], 1e-300));
        if (g != NULL)
            for (size_t c = 0; c < K; c++) {
                double e = s[c] - (c == y ? 1.0 : 0.0);
                for (size_t j = 0; j < d; j++)
                    g[c * d + j] += e * x[j];
            }
    }
    double ww = 0.0;
    for (size_t j = 0; j < P; j++) {
        double u = w[j] - (p->center != NULL ? p->center[j] : 0.0);
        ww += u * u;
        if (g != NULL)
            g[j] = g[j] / (double)n + p->rho * u;
    }
    return f / (double)n + 0.5 * p->rho * ww;
}

struct bc_dc_run {
    const bc_softreg *p;
    bc_dc_opts o;
    size_t P, t;
    double *hist;   /* (tau + 1) x P: w_{t-tau}, ..., w_t in a ring */
    double *ms, *g, *s;
    double last_norm2, last_absmax;
};

bc_dc_run *bc_dc_alloc(const bc_softreg *p, const bc_dc_opts *o, const double *w0)
{
    size_t P = p->K * p->ds->d;
    bc_dc_run *run = calloc(1, sizeof *run);
    if (run == NULL)
        return NULL;
    run->p = p;
    run->o = *o;
    run->P = P;
    run->hist = malloc((o->tau + 1) * P * sizeof *run->hist);
    run->ms = calloc(P, sizeof *run->ms);
    run->g = malloc(P * sizeof *run->g);
    run->s = malloc(p->K * sizeof *run->s);
    if (!run->hist || !run->ms || !run->g || !run->s) {
        bc_dc_free(run);
        return NULL;
    }
    bc_dc_reset(run, w0);
    return run;
}

void bc_dc_reset(bc_dc_run *run, const double *w0)
{
    size_t P = run->P;
    for (size_t k = 0; k <= run->o.tau; k++)
        memcpy(run->hist + k * P, w0, P * sizeof *w0);
    memset(run->ms, 0, P * sizeof *run->ms);
    run->t = 0;
    run->last_norm2 = run->last_absmax = 0.0;
}

void bc_dc_free(bc_dc_run *run)
{
    if (run == NULL)
        return;
    free(run->hist);
    free(run->ms);
    free(run->g);
    free(run->s);
    free(run);
}

/* the ring slot of w_t */
static double *slot(const bc_dc_run *run, size_t t)
{
    return run->hist + (t % (run->o.tau + 1)) * run->P;
}

const double *bc_dc_w(const bc_dc_run *run)
{
    return slot(run, run->t);
}

void bc_dc_last(const bc_dc_run *run, double *gdc_norm2, double *g_absmax)
{
    *gdc_norm2 = run->last_norm2;
    *g_absmax = run->last_absmax;
}

int bc_dc_steps(bc_dc_run *run, size_t steps, gsl_rng *r)
{
    const bc_softreg *p = run->p;
    size_t P = run->P, d = p->ds->d;
    for (size_t k = 0; k < steps; k++) {
        size_t t = run->t;
        /* w_{t-tau}: the oldest slot (w_0 while t < tau, as the ring starts full of w_0) */
        const double *old = slot(run, t + 1), *cur = slot(run, t);
        size_t i = bc_rng_index(r, p->ds->n), y;
        const double *x = p->ds->X + i * d;
        if (p->teacher != NULL) {
            /* a fresh label from P(. | x, W*), by inversion of one uniform */
            bc_softmax_probs(p->teacher, p->K, d, x, run->s);
            double u = gsl_rng_uniform(r), acc = 0.0;
            for (y = 0; y + 1 < p->K && (acc += run->s[y]) <= u; y++)
                ;
        } else {
            y = (size_t)p->ds->y[i];
        }
        bc_softmax_probs(old, p->K, d, x, run->s);
        bc_softmax_grad(run->s, p->K, d, x, y, run->g);
        double *next = slot(run, t + 1);   /* overwrites w_{t-tau}, no longer needed */
        double eta = run->o.inv_t ? run->o.eta / (double)(t + 1) : run->o.eta;
        double n2 = 0.0, amax = 0.0;
        int bad = 0;
        for (size_t j = 0; j < P; j++) {
            double c = p->center != NULL ? p->center[j] : 0.0;
            double g = run->g[j] + p->rho * (old[j] - c), lam = 0.0;
            if (run->o.kind == BC_DC_CONSTANT)
                lam = run->o.lambda;
            else if (run->o.kind == BC_DC_ADAPTIVE) {
                run->ms[j] = run->o.ms_decay * run->ms[j] + (1.0 - run->o.ms_decay) * g * g;
                lam = run->o.lambda / sqrt(run->ms[j] + 1e-7);
            }
            double gdc = g + lam * g * g * (cur[j] - old[j]);
            double v = cur[j] - eta * gdc;
            n2 += gdc * gdc;
            amax = fmax(amax, fabs(g));
            next[j] = v;
            bad |= !isfinite(v);
        }
        run->last_norm2 = n2;
        run->last_absmax = amax;
        run->t = t + 1;
        if (bad)
            return 1;
    }
    return 0;
}
