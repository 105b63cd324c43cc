/* test_glm.c -- the GLM problems: gradients against finite differences,
 * the constants L and M never underestimated, f* by Newton/BFGS. */
#include "bc_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

#include "core/la.h"
#include "core/rng.h"
#include "core/status.h"
#include "problems/glm.h"

#define N 40
#define D 5

static bc_dataset *make(bc_glm_kind k, double noise, gsl_rng *r)
{
    bc_dataset *ds = NULL;
    assert_int_equal(bc_glm_synthetic(k, N, D, 3.0, noise, r, &ds, NULL), 0);
    return ds;
}

static void test_glm_phi_derivatives_fd(void **state)
{
    (void)state;
    for (int k = 0; k < 3; k++)
        for (double r = -4.0; r <= 4.0; r += 0.37) {
            double y = k == BC_GLM_LOGISTIC ? (r > 0 ? 1.0 : -1.0) : 0.3, e = 1e-6;
            double fd1 = (bc_glm_phi(k, r + e, y) - bc_glm_phi(k, r - e, y)) / (2 * e);
            double fd2 = (bc_glm_dphi(k, r + e, y) - bc_glm_dphi(k, r - e, y)) / (2 * e);
            bc_assert_rel(bc_glm_dphi(k, r, y), fd1, 1e-7 + 1e-7 / fabs(fd1 + 1e-300));
            assert_true(fabs(bc_glm_d2phi(k, r, y) - fd2) <= 1e-7);
            /* the closed-form suprema really bound phi' and phi'' */
            assert_true(bc_glm_dphi(k, r, y) * bc_glm_dphi(k, r, y) <= bc_glm_sup_dphi2(k));
            assert_true(fabs(bc_glm_d2phi(k, r, y)) <= bc_glm_sup_abs_d2phi(k));
        }
    /* the suprema are attained (nonconvex) or approached (others) */
    double z = 1.0 / sqrt(3.0);
    bc_assert_rel(pow(bc_glm_dphi(BC_GLM_NONCONVEX, z, 0.0), 2), 27.0 / 64.0, 1e-14);
    bc_assert_rel(bc_glm_d2phi(BC_GLM_NONCONVEX, 0.0, 0.0), 2.0, 1e-15);
    bc_assert_rel(bc_glm_d2phi(BC_GLM_LOGISTIC, 0.0, 1.0), 0.25, 1e-15);
    bc_assert_rel(bc_glm_d2phi(BC_GLM_LOGCOSH, 0.0, 0.0), 1.0, 1e-15);
    /* stable at extreme arguments */
    assert_true(isfinite(bc_glm_phi(BC_GLM_LOGISTIC, 800.0, -1.0)));
    assert_true(isfinite(bc_glm_phi(BC_GLM_LOGCOSH, 800.0, 0.0)));
}

/* The vectorised phi' (libmvec's exp and tanh eight at a time where the
 * CPU has AVX-512) against the scalar one, with a label per element and
 * with one label for all, in place, at lengths that leave a scalar tail,
 * at arguments from 0 to overflow of exp. */
static void test_glm_dphi_vectorised(void **state)
{
    (void)state;
    enum { LEN = 67 };
    double r[LEN], y[LEN], out[LEN], inplace[LEN];
    for (int k = 0; k < 3; k++)
        for (size_t len = 1; len <= LEN; len += 11) {
            for (size_t i = 0; i < len; i++) {
                r[i] = (i % 2 ? -1.0 : 1.0) * pow(1.5, (double)i - 20.0) * (i == 30 ? 1e3 : 1.0);
                y[i] = k == BC_GLM_LOGISTIC ? (i % 3 ? 1.0 : -1.0) : 0.1 * (double)(i % 7);
            }
            bc_glm_dphi_n(k, r, y, len, out);
            for (size_t i = 0; i < len; i++)
                bc_assert_rel(out[i], bc_glm_dphi(k, r[i], y[i]), 1e-14);
            memcpy(inplace, r, len * sizeof *r);
            bc_glm_dphi_n1(k, inplace, y[1], len, inplace);
            for (size_t i = 0; i < len; i++)
                bc_assert_rel(inplace[i], bc_glm_dphi(k, r[i], y[1]), 1e-14);
        }
}

static void test_glm_gradients_fd(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 3, "test_glm", 0);
    double th[D], g[D], gi[D], tp[D], work[N];
    for (int k = 0; k < 3; k++) {
        bc_dataset *ds = make(k, 0.5, r);
        bc_glm p = {k, ds};
        for (int rep = 0; rep < 5; rep++) {
            for (int j = 0; j < D; j++)
                th[j] = gsl_ran_gaussian(r, 1.0);
            double f = bc_glm_grad(&p, th, g, work);
            bc_assert_rel(f, bc_glm_value(&p, th, work), 1e-14);
            for (int j = 0; j < D; j++) {
                double e = 1e-6;
                memcpy(tp, th, sizeof th);
                tp[j] += e;
                double fp = bc_glm_value(&p, tp, work);
                tp[j] -= 2 * e;
                double fm = bc_glm_value(&p, tp, work);
                assert_true(fabs(g[j] - (fp - fm) / (2 * e)) <= 1e-7);
            }
            /* per-sample gradients average to the full gradient */
            double avg[D] = {0};
            for (int i = 0; i < N; i++) {
                bc_glm_grad_i(&p, (size_t)i, th, gi);
                for (int j = 0; j < D; j++)
                    avg[j] += gi[j] / N;
            }
            for (int j = 0; j < D; j++)
                assert_true(fabs(avg[j] - g[j]) <= 1e-14);
        }
        bc_dataset_free(ds);
    }
    gsl_rng_free(r);
}

/* L and M are never underestimated: ||grad f(a) - grad f(b)|| <= L ||a - b||
 * and ||grad f_i(theta)||^2 <= M at random points, including points near
 * the data (small residuals, where phi'' peaks). */
static void test_glm_constants_never_underestimated(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 4, "test_glm", 0);
    double a[D], b[D], ga[D], gb[D], gi[D], work[N];
    for (int k = 0; k < 3; k++) {
        bc_dataset *ds = make(k, 0.0, r);
        bc_glm p = {k, ds};
        double L, M, lmax, worstL = 0, worstM = 0;
        assert_int_equal(bc_glm_constants(&p, &L, &M, &lmax), 0);
        bc_assert_rel(M, bc_glm_sup_dphi2(k), 1e-14); /* unit rows */
        for (int rep = 0; rep < 2000; rep++) {
            double s = rep % 2 ? 0.01 : 3.0;
            for (int j = 0; j < D; j++) {
                a[j] = gsl_ran_gaussian(r, 3.0);
                b[j] = a[j] + gsl_ran_gaussian(r, s);
            }
            bc_glm_grad(&p, a, ga, work);
            bc_glm_grad(&p, b, gb, work);
            double num = 0, den = 0;
            for (int j = 0; j < D; j++) {
                num += (ga[j] - gb[j]) * (ga[j] - gb[j]);
                den += (a[j] - b[j]) * (a[j] - b[j]);
            }
            worstL = fmax(worstL, sqrt(num / den));
            for (int i = 0; i < N; i++) {
                bc_glm_grad_i(&p, (size_t)i, a, gi);
                double q = 0;
                for (int j = 0; j < D; j++)
                    q += gi[j] * gi[j];
                worstM = fmax(worstM, q);
            }
        }
        assert_true(worstL <= L * (1 + 1e-12));
        assert_true(worstM <= M * (1 + 1e-12));
        /* the sampled tightest L lies between the dense sampling of the
         * gradient's Lipschitz quotients (4000 pairs above) and the
         * certified L; for logistic the certified L is attained (theta = 0) */
        double Ls;
        size_t nst;
        assert_int_equal(bc_glm_sampled_L(&p, r, NULL, &Ls, &nst), 0);
        assert_true(nst >= 6);
        assert_true(Ls <= L * (1 + 1e-12));
        assert_true(Ls >= 0.95 * worstL);
        if (k == BC_GLM_LOGISTIC)
            bc_assert_rel(Ls, L, 1e-10);
        bc_dataset_free(ds);
    }
    gsl_rng_free(r);
}

/* Newton reaches a stationary point of the convex kinds; BFGS one of the
 * nonconvex kind, and on noiseless data f* = 0 at theta_true. */
static void test_glm_minimize(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 5, "test_glm", 0);
    double th[D], g[D], work[N], tt[D], f, gn;
    for (int k = 0; k < 2; k++) {
        bc_dataset *ds = make(k, 0.5, r);
        bc_glm p = {k, ds};
        memset(th, 0, sizeof th);
        assert_int_equal(bc_glm_minimize(&p, th, 1e-12, &f, &gn), 0);
        bc_glm_grad(&p, th, g, work);
        assert_true(gn <= 1e-12);
        bc_assert_rel(f, bc_glm_value(&p, th, work), 1e-15);
        bc_dataset_free(ds);
    }
    bc_dataset *ds = NULL;
    assert_int_equal(bc_glm_synthetic(BC_GLM_NONCONVEX, N, D, 3.0, 0.0, r, &ds, tt), 0);
    bc_glm p = {BC_GLM_NONCONVEX, ds};
    assert_true(bc_glm_value(&p, tt, work) <= 1e-28);
    bc_dataset_free(ds);
    gsl_rng_free(r);
}

/* ||Hess f(theta)||_2 from its definition X^T diag(phi'') X / n */
static double hess_norm_at(const bc_glm *p, const double *th)
{
    const bc_dataset *ds = p->data;
    size_t n = ds->n, d = ds->d;
    double H[16] = {0}, w[4];
    for (size_t i = 0; i < n; i++) {
        double z = 0;
        for (size_t j = 0; j < d; j++)
            z += ds->X[i * d + j] * th[j];
        double c = bc_glm_d2phi(p->kind, z, ds->y[i]) / (double)n;
        for (size_t a = 0; a < d; a++)
            for (size_t b = 0; b < d; b++)
                H[a * d + b] += c * ds->X[i * d + a] * ds->X[i * d + b];
    }
    assert_int_equal(bc_la_sym_eigs(H, d, 1, d, w), 0);
    return fmax(fabs(w[0]), fabs(w[d - 1]));
}

/* The branch-and-bound L against a hand-computed supremum: logcosh, two
 * copies of x = 1 with labels -3 and 3, so ||Hess f|| = (sech^2(t + 3) +
 * sech^2(t - 3)) / 2, whose sup (at t near +-3) is found here by golden
 * section on [2, 4]; the product-of-suprema L is 1, twice it. */
static void test_glm_certified_L_hand(void **state)
{
    (void)state;
    bc_dataset *ds = bc_dataset_alloc(2, 1);
    ds->X[0] = ds->X[1] = 1.0;
    ds->y[0] = -3.0;
    ds->y[1] = 3.0;
    bc_glm p = {BC_GLM_LOGCOSH, ds};
    double lo = 2.0, hi = 4.0, g = (sqrt(5.0) - 1) / 2;
    for (int it = 0; it < 200; it++) {
        double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
        double fa = 0.5 * (pow(1 / cosh(a + 3), 2) + pow(1 / cosh(a - 3), 2));
        double fb = 0.5 * (pow(1 / cosh(b + 3), 2) + pow(1 / cosh(b - 3), 2));
        if (fa > fb)
            hi = b;
        else
            lo = a;
    }
    double t = 0.5 * (lo + hi), sup = 0.5 * (pow(1 / cosh(t + 3), 2) + pow(1 / cosh(t - 3), 2));
    assert_true(sup > 0.5 && sup < 0.50003);
    bc_glm_bb bb;
    assert_int_equal(bc_glm_certified_L(&p, 20000, 1e-6, &bb), 0);
    assert_true(bb.converged);
    assert_true(bb.upper >= sup * (1 - 1e-15));
    assert_true(bb.upper <= sup * (1 + 2e-6));
    assert_true(bb.lower <= sup * (1 + 1e-15));
    /* the root cube [-R, R] holds both peaks: its bound is the product L = 1 */
    bc_assert_rel(bb.root, 1.0, 1e-14);
    /* three points in a plane, a fourth out of it: the supremum over the
     * in-plane points is approached only as theta -> inf along e_3 (the
     * fourth point far); Geman-McClure, whose phi'' changes sign */
    const double X4[] = {1, 0, 0, 0, 1, 0, -1, 0.5, 0, 0, -1, 0.5}, y4[] = {1, -1, 1, -1};
    bc_dataset *pl = bc_dataset_alloc(4, 3);
    memcpy(pl->X, X4, sizeof X4);
    memcpy(pl->y, y4, sizeof y4);
    bc_glm g3 = {BC_GLM_NONCONVEX, pl};
    assert_int_equal(bc_glm_certified_L(&g3, 20000, 1e-4, &bb), 0);
    assert_true(bb.converged);
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 3, "test_glm/plane", 0);
    for (int q = 0; q < 20000; q++) {
        double th[3] = {gsl_ran_gaussian(r, 2.0), gsl_ran_gaussian(r, 2.0),
                        q % 2 ? gsl_ran_gaussian(r, 2.0) : 1e6 * (1 + q)};
        assert_true(hess_norm_at(&g3, th) <= bb.upper);
    }
    gsl_rng_free(r);
    bc_dataset_free(pl);
    /* d > BC_GLM_BB_DMAX is refused, not guessed */
    bc_dataset *big = bc_dataset_alloc(3, BC_GLM_BB_DMAX + 1);
    bc_glm q = {BC_GLM_LOGCOSH, big};
    assert_int_equal(bc_glm_certified_L(&q, 100, 1e-3, &bb), BC_EINVAL);
    bc_dataset_free(big);
    bc_dataset_free(ds);
}

/* On random tiny instances (n = 2..4, d = 1..3, every kind) the certified
 * L is never exceeded by dense sampling of ||Hess f|| (points at scales 0.01
 * to 100, including far along each axis), never above the product of
 * suprema, and brackets the best point it evaluated. */
static void test_glm_certified_L_dense(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 11, "test_glm/bb", 0);
    int tighter = 0, converged = 0;
    for (int rep = 0; rep < 24; rep++) {
        int k = rep % 3;
        size_t n = 2 + (size_t)rep % 3, d = 1 + (size_t)(rep / 3) % 3;
        bc_dataset *ds = bc_dataset_alloc(n, d);
        for (size_t i = 0; i < n * d; i++)
            ds->X[i] = gsl_ran_gaussian(r, 1.0);
        for (size_t i = 0; i < n; i++)
            ds->y[i] = k == BC_GLM_LOGISTIC ? (i % 2 ? 1.0 : -1.0) : gsl_ran_gaussian(r, 2.0);
        bc_glm p = {k, ds};
        double L, M, lmax;
        assert_int_equal(bc_glm_constants(&p, &L, &M, &lmax), 0);
        bc_glm_bb bb;
        assert_int_equal(bc_glm_certified_L(&p, 40000, 1e-4, &bb), 0);
        assert_true(bb.upper <= L * (1 + 2e-12));
        assert_true(bb.root <= L * (1 + 2e-12) && bb.upper <= bb.root * (1 + 2e-12));
        assert_true(bb.lower <= bb.upper);
        tighter += bb.upper < 0.9 * L;
        converged += bb.converged;
        double th[3], worst = 0;
        const double scales[] = {0.01, 0.3, 1, 3, 10, 100};
        for (int s = 0; s < 6; s++)
            for (int q = 0; q < 3000; q++) {
                for (size_t j = 0; j < d; j++)
                    th[j] = gsl_ran_gaussian(r, scales[s]);
                worst = fmax(worst, hess_norm_at(&p, th));
            }
        assert_true(worst <= bb.upper);
        bc_dataset_free(ds);
    }
    assert_true(tighter >= 4);   /* it does tighten on such instances */
    assert_true(converged >= 20);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_glm_phi_derivatives_fd),
        cmocka_unit_test(test_glm_dphi_vectorised),
        cmocka_unit_test(test_glm_gradients_fd),
        cmocka_unit_test(test_glm_constants_never_underestimated),
        cmocka_unit_test(test_glm_minimize),
        cmocka_unit_test(test_glm_certified_L_hand),
        cmocka_unit_test(test_glm_certified_L_dense),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
