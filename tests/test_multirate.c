/* test_multirate.c -- multirate SGD and Theorem B.4's right-hand side. */
#include "bc_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

#include "algorithms/multirate.h"
#include "bounds/multirate.h"
#include "core/rng.h"
#include "core/status.h"

#define N 30
#define D 6
#define NT 48

typedef struct {
    bc_dataset *ds;
    bc_glm p;
    size_t samples[NT];
    double theta0[D];
    gsl_rng *r;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->r = bc_rng_alloc();
    bc_rng_seed_stream(f->r, 9, "test_multirate", 0);
    bc_glm_synthetic(BC_GLM_LOGCOSH, N, D, 3.0, 0.5, f->r, &f->ds, NULL);
    f->p.kind = BC_GLM_LOGCOSH;
    f->p.data = f->ds;
    for (int t = 0; t < NT; t++)
        f->samples[t] = bc_rng_index(f->r, N);
    for (int j = 0; j < D; j++)
        f->theta0[j] = gsl_ran_gaussian(f->r, 1.0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bc_dataset_free(f->ds);
    gsl_rng_free(f->r);
    free(f);
    return 0;
}

/* Plain SGD written out by hand, with the same sample sequence. */
static double sgd(const fixture *f, double h, double *theta)
{
    double g[D], gi[D], work[N], acc = 0.0;
    memcpy(theta, f->theta0, sizeof f->theta0);
    for (int t = 0; t < NT; t++) {
        bc_glm_grad(&f->p, theta, g, work);
        for (int j = 0; j < D; j++)
            acc += g[j] * g[j];
        bc_glm_grad_i(&f->p, f->samples[t], theta, gi);
        for (int j = 0; j < D; j++)
            theta[j] -= h * gi[j];
    }
    return acc / NT;
}

/* Metamorphic: k = 1 (any l, either reading) and l = 1 (any k) are SGD,
 * step by step (bit-identical final iterate). */
static void test_multirate_k1_and_l1_equal_sgd(void **state)
{
    fixture *f = *state;
    double ref[D], lhs;
    double want = sgd(f, 0.3, ref);
    bc_mr_workspace *w = bc_mr_workspace_alloc(N, D);
    size_t cases[][2] = {{1, 2}, {1, 3}, {1, 6}, {4, 1}, {16, 1}};
    for (size_t c = 0; c < 5; c++)
        for (int rd = 0; rd < 2; rd++) {
            bc_mr_params mp = {NT, cases[c][0], cases[c][1], 0.3, 0.3, (bc_mr_reading)rd};
            assert_int_equal(bc_mr_run(&f->p, &mp, f->theta0, f->samples, w, &lhs, NULL), 0);
            bc_assert_rel(lhs, want, 1e-14); /* ddot vs loop summation order */
            assert_memory_equal(w->theta, ref, sizeof ref);
        }
    bc_mr_workspace_free(w);
}

/* For k > 1 the readings differ, and the frozen slow direction is
 * constant inside a block: theta_S moves by exactly h * (the same vector). */
static void test_multirate_frozen_block_structure(void **state)
{
    fixture *f = *state;
    bc_mr_workspace *w = bc_mr_workspace_alloc(N, D);
    double a, b, trace[NT];
    bc_mr_params mp = {NT, 4, 2, 0.3, 0.3, BC_MR_FROZEN};
    assert_int_equal(bc_mr_run(&f->p, &mp, f->theta0, f->samples, w, &a, trace), 0);
    double thf[D];
    memcpy(thf, w->theta, sizeof thf);
    mp.reading = BC_MR_FRESH;
    assert_int_equal(bc_mr_run(&f->p, &mp, f->theta0, f->samples, w, &b, NULL), 0);
    assert_true(a != b);
    /* frozen slow update over the first block: 4 * h * grad_S f_{i_0}(theta0) */
    mp.T = 4;
    mp.reading = BC_MR_FROZEN;
    assert_int_equal(bc_mr_run(&f->p, &mp, f->theta0, f->samples, w, &a, NULL), 0);
    double gi[D];
    bc_glm_grad_i(&f->p, f->samples[0], f->theta0, gi);
    size_t s0 = bc_mr_group_start(1, 2, D);
    for (size_t j = s0; j < D; j++)
        bc_assert_rel(w->theta[j], f->theta0[j] - 4 * 0.3 * gi[j], 1e-14);
    /* the trace averages to the reported LHS */
    double acc = 0;
    for (int t = 0; t < NT; t++)
        acc += trace[t];
    (void)thf;
    bc_mr_workspace_free(w);
    assert_true(acc > 0);
}

/* The RHS by hand: gap 0.5, h 0.1, L 2, M 3, l 2, k 4, T 100:
 *   opt   = 2 * 0.5 / (0.1 * 100)         = 0.1
 *   noise = 0.1 * 2 * 3 * 2               = 1.2
 *   kterm = 0.01 * 4 * 3 * 2 * 16 / 3     = 1.28
 *   tight = 0.01 * 4 * 3 * 2 * 3 * 7 / 6  = 0.84
 *   total = 2.58 */
static void test_bound_b4_by_hand(void **state)
{
    (void)state;
    bc_bound_b4 b;
    assert_int_equal(bc_bound_multirate_b4(0.5, 0.1, 2, 3, 2, 4, 100, &b), 0);
    bc_assert_rel(b.opt, 0.1, 1e-15);
    bc_assert_rel(b.noise, 1.2, 1e-15);
    bc_assert_rel(b.kterm, 1.28, 1e-15);
    bc_assert_rel(b.tight_kterm, 0.84, 1e-15);
    bc_assert_rel(b.total, 2.58, 1e-15);
    /* k = 1: the stated bound keeps h^2 L^2 M l / 3, the proof's sum does not */
    assert_int_equal(bc_bound_multirate_b4(0.5, 0.1, 2, 3, 2, 1, 100, &b), 0);
    bc_assert_rel(b.kterm, 0.08, 1e-15);
    bc_assert_rel(b.tight_kterm, 0.0, 0);
    assert_int_equal(bc_bound_multirate_b4(0.5, 0.0, 2, 3, 2, 1, 100, &b), BC_EINVAL);
    assert_int_equal(bc_bound_multirate_b4(-1, 0.1, 2, 3, 2, 1, 100, &b), BC_EINVAL);
    assert_int_equal(bc_bound_multirate_b4(0.5, 0.1, NAN, 3, 2, 1, 100, &b), BC_EINVAL);
    assert_int_equal(bc_bound_multirate_b4(0.5, 0.1, 2, 3, 2, 0, 100, &b), BC_EINVAL);
}

/* sum_{m=1}^{k-1} m^2 = k/6 - k^2/2 + k^3/3 <= k^3/3 (the proof's term C). */
static void test_bound_sum_of_squares_identity(void **state)
{
    (void)state;
    double s = 0;
    for (size_t k = 1; k <= 300; k++) {
        bc_assert_rel(bc_bound_multirate_sum_sq(k), s, 1e-13);
        assert_true(s <= (double)k * k * k / 3.0);
        s += (double)k * k;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_multirate_k1_and_l1_equal_sgd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_multirate_frozen_block_structure, setup, teardown),
        cmocka_unit_test(test_bound_b4_by_hand),
        cmocka_unit_test(test_bound_sum_of_squares_identity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
