/* test_clars.c -- block quadratics, layer-wise mGD/mNAG and the bounds of
 * seed 001's Theorems 2-3 / Corollaries 1-3. */
#include "bc_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

#include "algorithms/layerwise.h"
#include "bounds/clars.h"
#include "core/rng.h"
#include "problems/blockquad.h"

static bc_blockquad *make(gsl_rng *r, double noise)
{
    bc_blockquad *p = bc_blockquad_alloc(20, 3, 1, 4, r);
    bc_blockquad_random(p, 10.0, 0.3, noise, 0, r);
    return p;
}

static void test_blockquad_gradient_and_constants(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 1, "test_clars", 0);
    bc_blockquad *p = make(r, 0.7);
    size_t d = p->d;
    double *w = malloc(d * sizeof *w), *g = malloc(d * sizeof *g), *v = malloc(d * sizeof *v);
    for (size_t j = 0; j < d; j++)
        w[j] = gsl_ran_gaussian(r, 1.0);
    bc_blockquad_grad(p, w, g);
    for (size_t j = 0; j < d; j++) {
        double e = 1e-6, w0 = w[j];
        w[j] = w0 + e;
        double fp = bc_blockquad_value(p, w);
        w[j] = w0 - e;
        double fm = bc_blockquad_value(p, w);
        w[j] = w0;
        assert_true(fabs(g[j] - (fp - fm) / (2 * e)) <= 1e-6 * (1 + fabs(g[j])));
    }
    bc_bq_constants c;
    assert_int_equal(bc_blockquad_constants(p, &c), 0);
    /* V_k: the per-sample gradient variance of layer k, directly, at a random w */
    for (size_t k = 0; k < p->K; k++) {
        double var = 0.0;
        for (size_t i = 0; i < p->n; i++)
            for (size_t j = p->start[k]; j < p->start[k + 1]; j++) {
                double gi = g[j] + p->bbar[j] - p->b[i * d + j]; /* A w - b_i */
                var += (gi - g[j]) * (gi - g[j]) / (double)p->n;
            }
        bc_assert_rel(var, c.Vk[k], 1e-12);
        assert_true(c.Vk[k] <= c.M);
        /* L_k is never underestimated: Rayleigh quotients of block k */
        size_t a = p->start[k], m = p->start[k + 1] - a;
        for (int rep = 0; rep < 200; rep++) {
            double num = 0, den = 0;
            for (size_t i = 0; i < m; i++)
                v[i] = gsl_ran_gaussian(r, 1.0);
            for (size_t i = 0; i < m; i++) {
                double s = 0;
                for (size_t j = 0; j < m; j++)
                    s += p->A[(a + i) * d + a + j] * v[j];
                num += v[i] * s;
                den += v[i] * v[i];
            }
            assert_true(num / den <= c.Lk[k] * (1 + 1e-12));
            assert_true(c.Lk[k] <= c.Lg * (1 + 1e-12));
        }
    }
    /* f_inf is the minimum: f(w) >= f_inf and f(w*) = f_inf, grad f(w*) = 0 */
    assert_true(bc_blockquad_value(p, w) >= c.finf);
    bc_blockquad_constants_free(&c);
    free(w);
    free(g);
    free(v);
    bc_blockquad_free(p);
    gsl_rng_free(r);
}

/* noise 0: every b_i = bbar, so the mini-batch gradient is the full one and
 * mGD is deterministic layer-wise GD, written out by hand here. */
static void test_layerwise_noiseless_is_gd(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 2, "test_clars", 0);
    bc_blockquad *p = make(r, 0.0);
    size_t d = p->d, K = p->K;
    double gam[3] = {0.01, 0.02, 0.03}, q[3] = {0.2, 0.3, 0.5}, aq, af;
    double *w0 = malloc(d * sizeof *w0), *w = malloc(d * sizeof *w), *g = malloc(d * sizeof *g);
    for (size_t j = 0; j < d; j++)
        w0[j] = w[j] = gsl_ran_gaussian(r, 1.0);
    bc_layerwise_params lp = {30, 4, 0.0, gam, q, NULL, 0.0};
    bc_layerwise_ws *ws = bc_layerwise_ws_alloc(d);
    assert_int_equal(bc_layerwise_run(p, &lp, w0, r, ws, &aq, &af), 0);
    double want_q = 0, want_f = 0;
    for (int t = 0; t < 30; t++) {
        bc_blockquad_grad(p, w, g);
        for (size_t k = 0; k < K; k++)
            for (size_t j = p->start[k]; j < p->start[k + 1]; j++) {
                want_q += q[k] * g[j] * g[j] / 30.0;
                want_f += g[j] * g[j] / 30.0;
            }
        for (size_t k = 0; k < K; k++)
            for (size_t j = p->start[k]; j < p->start[k + 1]; j++)
                w[j] -= gam[k] * g[j];
    }
    bc_assert_rel(aq, want_q, 1e-12);
    bc_assert_rel(af, want_f, 1e-12);
    for (size_t j = 0; j < d; j++)
        bc_assert_rel(ws->w[j], w[j], 1e-12);
    bc_layerwise_ws_free(ws);
    free(w0);
    free(w);
    free(g);
    bc_blockquad_free(p);
    gsl_rng_free(r);
}

/* By hand. Thm 2: gap 2, T 100, gamma 0.1, S 4, kappa 3, M 0.5, B 5:
 * 8*2/(100*0.1*4) = 0.4; (4+6)*0.5*0.1/5 = 0.1. Thm 3 with beta 0.5:
 * 8*0.5*2/(40) = 0.2; 0.5*0.1/(0.5*5) (4 + 6 + 12) = 0.44.
 * Cor 1: gap 2, T 100, S 4, kappa 3, M 0.5, B 5: 64*2/400 = 0.32;
 * 18 sqrt(0.5*2/(100*5*4)) = 18 sqrt(0.0005). Cor 3: gap 2, T 100,
 * gamma 0.1, M_C 2, L_g 3, beta 0.5: 8*0.5*2/10 = 0.8; 2*3*0.1/0.5*(6+4) = 12. */
static void test_bound_clars_by_hand(void **state)
{
    (void)state;
    bc_clars_bound b;
    bc_bound_clars_thm(1, 2, 100, 0.1, 4, 3, 0.5, 5, 0, &b);
    bc_assert_rel(b.opt, 0.4, 1e-15);
    bc_assert_rel(b.var, 0.1, 1e-15);
    bc_bound_clars_thm(0, 2, 100, 0.1, 4, 3, 0.5, 5, 0.5, &b);
    bc_assert_rel(b.opt, 0.2, 1e-15);
    bc_assert_rel(b.var, 0.44, 1e-14);
    bc_bound_clars_cor(0, 2, 100, 4, 3, 0.5, 5, 0, &b);
    bc_assert_rel(b.opt, 0.32, 1e-15);
    bc_assert_rel(b.var, 18 * sqrt(0.0005), 1e-14);
    bc_bound_clars_cor3(2, 100, 0.1, 2, 3, 0.5, &b);
    bc_assert_rel(b.opt, 0.8, 1e-15);
    bc_assert_rel(b.var, 12.0, 1e-14);
    /* gamma: min{(1-beta)/8, sqrt(B gap/(T M S))} = min{1/8, sqrt(10/200)} = 0.125 */
    bc_assert_rel(bc_bound_clars_cor_gamma(2, 100, 5, 0.5, 4, 0), 0.125, 1e-15);
    bc_assert_rel(bc_bound_clars_cor_gamma(2, 100, 5, 50, 4, 0), sqrt(10.0 / 20000.0), 1e-14);
    /* the largest gamma, Theorem 2 with M_k = M_g = 0: per layer 1/8;
     * average 1/(2 L_g) K / S = 1/(2*3) * 4/8 = 1/12 */
    double Mk[4] = {0}, pl, av;
    bc_assert_rel(bc_bound_clars_gamma_max(1, 0, 5, Mk, 4, 0, 3, 8, &pl, &av), 1.0 / 12, 1e-15);
    bc_assert_rel(pl, 0.125, 1e-15);
    /* Theorem 3, beta 0.5: per layer 0.5/8; average min{0.5/(4*3), 0.25/(4*0.25*3)} K/S */
    bc_bound_clars_gamma_max(0, 0.5, 5, Mk, 4, 0, 3, 8, &pl, &av);
    bc_assert_rel(pl, 0.0625, 1e-15);
    bc_assert_rel(av, fmin(0.5 / 12, 0.25 / 3) * 0.5, 1e-15);
}

/* Multiplicative noise: the variance bound on a ball is never below the
 * per-layer variance computed directly at random points of the ball. */
static void test_blockquad_ball_variance(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 3, "test_clars", 0);
    bc_blockquad *p = make(r, 0.7);
    assert_int_equal(bc_blockquad_multiplicative(p, 0.8, r), 0);
    size_t d = p->d;
    double *ws = malloc(d * sizeof *ws), *w = malloc(d * sizeof *w), *g = malloc(d * sizeof *g);
    double *gi = malloc(d * sizeof *gi), M, R = 3.0;
    assert_int_equal(bc_blockquad_argmin(p, ws), 0);
    bc_blockquad_grad(p, ws, g);
    for (size_t j = 0; j < d; j++)
        assert_true(fabs(g[j]) < 1e-9);
    assert_int_equal(bc_blockquad_ball_M(p, R, &M), 0);
    /* the per-sample gradients average to the full gradient */
    for (int rep = 0; rep < 300; rep++) {
        double nrm = 0;
        for (size_t j = 0; j < d; j++) {
            w[j] = gsl_ran_gaussian(r, 1.0);
            nrm += w[j] * w[j];
        }
        double rad = R * pow(gsl_rng_uniform(r), 0.2) / sqrt(nrm);
        for (size_t j = 0; j < d; j++)
            w[j] = ws[j] + rad * w[j];
        bc_blockquad_grad(p, w, g);
        double avg[64] = {0};
        for (size_t k = 0; k < p->K; k++) {
            double var = 0;
            for (size_t i = 0; i < p->n; i++) {
                memset(gi, 0, d * sizeof *gi);
                bc_blockquad_add_grad_i(p, i, w, 1.0, gi);
                for (size_t j = p->start[k]; j < p->start[k + 1]; j++) {
                    var += (gi[j] - g[j]) * (gi[j] - g[j]) / (double)p->n;
                    avg[j] += gi[j] / (double)p->n;
                }
            }
            assert_true(var <= M * (1 + 1e-12));
        }
        for (size_t j = 0; j < d; j++)
            assert_true(fabs(avg[j] - g[j]) <= 1e-10 * (1 + fabs(g[j])));
    }
    free(ws);
    free(w);
    free(g);
    free(gi);
    bc_blockquad_free(p);
    gsl_rng_free(r);
}

/* A grouped coupling: blocks beyond the coupled group have no entry off
 * their diagonal block, and inside the group A minus its block diagonal
 * is (coupling / rank) H H^T of rank 1 (every 2 x 2 minor of it is 0). With
 * coupled = rank = 0 it is bc_blockquad_random, draw for draw. */
static void test_blockquad_grouped_coupling(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 5, "test_clars", 0);
    bc_blockquad *p = bc_blockquad_alloc(8, 6, 1, 3, r);
    bc_blockquad_random_grouped(p, 10.0, 2.0, 2, 1, 0.5, 0, r);
    size_t d = p->d, g = p->start[2];
    for (size_t a = 0; a < d; a++)
        for (size_t b = 0; b < d; b++) {
            size_t ka = 0, kb = 0;
            while (p->start[ka + 1] <= a) ka++;
            while (p->start[kb + 1] <= b) kb++;
            if (ka != kb && (a >= g || b >= g))
                assert_true(p->A[a * d + b] == 0.0);
        }
    /* off-block entries of the group: rank 1 */
    for (size_t a = 0; a < p->start[1]; a++)
        for (size_t b = p->start[1]; b < g; b++)
            for (size_t a2 = 0; a2 < p->start[1]; a2++)
                for (size_t b2 = p->start[1]; b2 < g; b2++) {
                    double m = p->A[a * d + b] * p->A[a2 * d + b2] - p->A[a * d + b2] * p->A[a2 * d + b];
                    assert_true(fabs(m) < 1e-12);
                }
    bc_blockquad_free(p);
    /* coupled = rank = 0: the original construction, bit for bit */
    gsl_rng *r1 = bc_rng_alloc(), *r2 = bc_rng_alloc();
    bc_rng_seed_stream(r1, 6, "test_clars", 0);
    bc_rng_seed_stream(r2, 6, "test_clars", 0);
    bc_blockquad *p1 = bc_blockquad_alloc(8, 4, 1, 3, r1), *p2 = bc_blockquad_alloc(8, 4, 1, 3, r2);
    bc_blockquad_random(p1, 10.0, 0.3, 0.5, 0, r1);
    bc_blockquad_random_grouped(p2, 10.0, 0.3, 0, 0, 0.5, 0, r2);
    assert_memory_equal(p1->A, p2->A, p1->d * p1->d * sizeof(double));
    bc_blockquad_free(p1);
    bc_blockquad_free(p2);
    gsl_rng_free(r);
    gsl_rng_free(r1);
    gsl_rng_free(r2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blockquad_gradient_and_constants),
        cmocka_unit_test(test_layerwise_noiseless_is_gd),
        cmocka_unit_test(test_bound_clars_by_hand),
        cmocka_unit_test(test_blockquad_ball_variance),
        cmocka_unit_test(test_blockquad_grouped_coupling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
