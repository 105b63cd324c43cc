/* test_dataset.c -- the strict CSV loader and data transforms. */
#include "bc_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <omp.h>

#include "core/la.h"
#include "core/mem.h"
#include "core/rng.h"
#include "core/status.h"
#include "problems/dataset.h"

static int load(const char *text, size_t skip, bc_dataset **ds, char *msg)
{
    char path[64];
    assert_non_null(bc_test_tmpfile(text, path, sizeof path));
    int st = bc_dataset_load_csv(path, skip, ds, msg, 256);
    unlink(path);
    return st;
}

static void test_dataset_loads_good_file(void **state)
{
    (void)state;
    bc_dataset *ds;
    char msg[256];
    assert_int_equal(load("569,30,a,b\n1,2,0\n3, 4 ,1\r\n5,6e-1,0\n", 1, &ds, msg), 0);
    assert_int_equal(ds->n, 3);
    assert_int_equal(ds->d, 2);
    bc_assert_rel(ds->X[3], 4.0, 0);
    bc_assert_rel(ds->X[5], 0.6, 0);
    bc_assert_rel(ds->y[1], 1.0, 0);
    assert_int_equal(bc_dataset_binary_labels(ds, msg, sizeof msg), 0);
    bc_assert_rel(ds->y[0], -1.0, 0);
    bc_assert_rel(ds->y[1], 1.0, 0);
    assert_int_equal(bc_dataset_unit_rows(ds, msg, sizeof msg), 0);
    bc_assert_rel(ds->X[0] * ds->X[0] + ds->X[1] * ds->X[1], 1.0, 1e-15);
    bc_assert_rel(bc_dataset_max_row_norm2(ds), 1.0, 1e-15);
    bc_dataset_free(ds);
    bc_dataset_free(NULL);
}

static void test_dataset_rejects_malformed(void **state)
{
    (void)state;
    struct {
        const char *text;
        int status;
        const char *needle;
    } cases[] = {
        {"", BC_EFORMAT, "empty file"},
        {"1,2,0\n1,2\n", BC_EFORMAT, ":2: 2 fields, expected 3"},
        {"1,2,0\n1,x,1\n", BC_EFORMAT, ":2: field 2"},
        {"1,2,0\n1,nan,1\n", BC_EFORMAT, "NaN"},
        {"1,2,0\n1,inf,1\n", BC_EFORMAT, "NaN"},
        {"1,2,0\n\n1,2,1\n", BC_EFORMAT, ":2: empty line"},
        {"1,2,0\n1,,1\n", BC_EFORMAT, ":2: field 2"},
        {"1,2,0\n1,2,0,\n", BC_EFORMAT, "fields"},
        {"7\n", BC_EFORMAT, "at least one feature"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bc_dataset *ds = (bc_dataset *)1;
        char msg[256] = "";
        assert_int_equal(load(cases[i].text, 0, &ds, msg), cases[i].status);
        assert_null(ds);
        if (strstr(msg, cases[i].needle) == NULL)
            fail_msg("case %zu: message '%s' lacks '%s'", i, msg, cases[i].needle);
    }
    bc_dataset *ds;
    char msg[256];
    assert_int_equal(bc_dataset_load_csv("/nonexistent/x.csv", 0, &ds, msg, sizeof msg), BC_EIO);
    /* a line over 1 MiB */
    size_t big = (1u << 20) + 10;
    char *text = malloc(big + 1);
    memset(text, '1', big);
    text[big] = '\0';
    assert_int_equal(load(text, 0, &ds, msg), BC_EFORMAT);
    assert_non_null(strstr(msg, "longer than"));
    free(text);
    /* labels */
    assert_int_equal(load("1,2,0\n3,4,1\n5,6,2\n", 0, &ds, msg), 0);
    assert_int_equal(bc_dataset_binary_labels(ds, msg, sizeof msg), BC_EFORMAT);
    bc_dataset_free(ds);
    assert_int_equal(load("0,0,0\n3,4,1\n", 0, &ds, msg), 0);
    assert_int_equal(bc_dataset_unit_rows(ds, msg, sizeof msg), BC_EFORMAT);
    bc_dataset_free(ds);
    assert_null(bc_dataset_alloc((size_t)-1 / 4, 8));
    /* class labels and standardisation */
    size_t K;
    assert_int_equal(load("1,2,0\n3,5,2\n5,9,1\n", 0, &ds, msg), 0);
    assert_int_equal(bc_dataset_class_labels(ds, &K, msg, sizeof msg), 0);
    assert_int_equal(K, 3);
    assert_int_equal(bc_dataset_standardize(ds, msg, sizeof msg), 0);
    bc_assert_rel(ds->X[0] + ds->X[2] + ds->X[4], 0.0, 1e-15);
    bc_assert_rel(ds->X[0] * ds->X[0] + ds->X[2] * ds->X[2] + ds->X[4] * ds->X[4], 3.0, 1e-14);
    bc_dataset_free(ds);
    assert_int_equal(load("1,2,0.5\n3,5,2\n", 0, &ds, msg), 0);
    assert_int_equal(bc_dataset_class_labels(ds, &K, msg, sizeof msg), BC_EFORMAT);
    bc_dataset_free(ds);
    /* a constant column (no information) becomes 0 and is counted */
    assert_int_equal(load("1,2,0\n1,5,1\n", 0, &ds, msg), 0);
    assert_int_equal(bc_dataset_standardize(ds, msg, sizeof msg), 0);
    assert_true(ds->constant_cols == 1 && ds->X[0] == 0.0 && ds->X[2] == 0.0);
    bc_assert_rel(ds->X[1], -1.0, 1e-15);
    bc_dataset_free(ds);
}

/* Known spectra: diag(1, 2, 3) and [[2, 1], [1, 2]] (eigenvalues 1, 3);
 * the Gram matrix of X = [[1, 0], [0, 2], [1, 1]] / 3 rows. */
/* Found by `make fuzz`: a tiny row squared to a subnormal and came out
 * with norm 1.001; a huge one squared to infinity and came out zero. */
static void test_dataset_scaling_extreme_values(void **state)
{
    (void)state;
    char msg[256];
    bc_dataset *ds = bc_dataset_alloc(3, 2);
    double X[] = {5.2e-161, 0.0, 1e200, -1e200, 3.0, 4.0};
    memcpy(ds->X, X, sizeof X);
    assert_int_equal(bc_dataset_unit_rows(ds, msg, sizeof msg), 0);
    assert_true(ds->X[0] == 1.0 && ds->X[1] == 0.0);
    bc_assert_rel(ds->X[2], sqrt(0.5), 1e-15);
    bc_assert_rel(ds->X[3], -sqrt(0.5), 1e-15);
    bc_assert_rel(ds->X[4], 0.6, 1e-15);   /* ordinary rows as before */
    bc_assert_rel(ds->X[5], 0.8, 1e-15);
    double Y[] = {1e300, 1.0, -1e300, 2.0, 1e300, 3.0};
    memcpy(ds->X, Y, sizeof Y);
    assert_int_equal(bc_dataset_standardize(ds, msg, sizeof msg), 0);
    /* column 0: (1, -1, 1) e300 -> mean 1/3, sd sqrt(8/9): (1 - 1/3)/sd */
    bc_assert_rel(ds->X[0], (2.0 / 3.0) / sqrt(8.0 / 9.0), 1e-14);
    bc_assert_rel(ds->X[2], (-4.0 / 3.0) / sqrt(8.0 / 9.0), 1e-14);
    bc_assert_rel(ds->X[1], -sqrt(1.5), 1e-14);
    bc_dataset_free(ds);
}

static void test_la_known_spectra(void **state)
{
    (void)state;
    double A[9] = {1, 0, 0, 0, 2, 0, 0, 0, 3}, w[3];
    assert_int_equal(bc_la_sym_eigs(A, 3, 1, 3, w), 0);
    bc_assert_rel(w[0], 1, 1e-15);
    bc_assert_rel(w[2], 3, 1e-15);
    double B[4] = {2, 1, 1, 2}, l;
    assert_int_equal(bc_la_sym_lambda_max(B, 2, &l), 0);
    bc_assert_rel(l, 3, 1e-15);
    assert_int_equal(bc_la_sym_eigs(B, 2, 1, 1, &l), 0);
    bc_assert_rel(l, 1, 1e-15);
    assert_int_equal(bc_la_sym_eigs(B, 2, 2, 1, &l), BC_EINVAL);
    double X[6] = {1, 0, 0, 2, 1, 1}, G[4];
    assert_int_equal(bc_la_gram_cols(X, 3, 2, G), 0);
    bc_assert_rel(G[0], 2.0 / 3, 1e-15);
    bc_assert_rel(G[1], 1.0 / 3, 1e-15);
    bc_assert_rel(G[2], 1.0 / 3, 1e-15);
    bc_assert_rel(G[3], 5.0 / 3, 1e-15);
    double S[4] = {4, 2, 2, 3}, b[2] = {2, 1};
    assert_int_equal(bc_la_spd_solve(S, 2, b), 0);  /* x = (0.5, 0) */
    bc_assert_rel(b[0], 0.5, 1e-15);
    bc_assert_rel(b[1], 0.0, 1e-15);
    double Nd[4] = {1, 2, 2, 1}, c[2] = {1, 1};
    assert_int_equal(bc_la_spd_solve(Nd, 2, c), BC_ENUMERIC);
}

/* bc_mem_alloc refuses, without trying, a product that overflows or
 * exceeds the physical memory (2^62 bytes here), and allocates otherwise;
 * bc_dataset_alloc through it */
static void test_mem_alloc_refuses_what_cannot_fit(void **state)
{
    (void)state;
    assert_null(bc_mem_alloc(SIZE_MAX / 2, 16));
    assert_null(bc_mem_alloc((size_t)1 << 59, 8));
    assert_int_equal(bc_mem_bytes((size_t)1 << 40, (size_t)1 << 40), 0);
    assert_false(bc_mem_fits((size_t)1 << 62));
    double *p = bc_mem_alloc(10, sizeof *p);
    assert_non_null(p);
    p[9] = 1.0;
    free(p);
    /* a dataset of 2^42 bytes (4 TiB) is refused the same way */
    assert_null(bc_dataset_alloc((size_t)1 << 30, (size_t)1 << 9));
    bc_dataset *ds = bc_dataset_alloc(3, 2);
    assert_non_null(ds);
    bc_dataset_free(ds);
}

/* Both routes of bc_la_sym_eigs (dsyevr below n = 800, dsyevr_2stage from
 * it) on the second-difference matrix tridiag(-1, 2, -1), whose spectrum
 * is 2 - 2 cos(k pi / (n + 1)), k = 1..n; the two-stage value is the same
 * bit for bit at one and two BLAS threads, and the caller's thread count
 * is restored. */
static void test_la_eigs_both_routes(void **state)
{
    (void)state;
    const size_t sizes[] = {799, 800, 1001};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        double *A = calloc(n * n, sizeof *A), w[3], top, exact[3];
        assert_non_null(A);
        for (size_t i = 0; i < n; i++) {
            A[i * n + i] = 2.0;
            if (i + 1 < n)
                A[i * n + i + 1] = A[(i + 1) * n + i] = -1.0;
        }
        for (int k = 1; k <= 3; k++)
            exact[k - 1] = 2.0 - 2.0 * cos(k * 3.14159265358979323846 / (double)(n + 1));
        assert_int_equal(bc_la_sym_eigs(A, n, 1, 3, w), 0);
        for (int k = 0; k < 3; k++)
            assert_true(fabs(w[k] - exact[k]) <= 1e-13);
        assert_int_equal(bc_la_sym_eigs(A, n, n, n, &top), 0);
        assert_true(fabs(top - (2.0 - 2.0 * cos((double)n * 3.14159265358979323846 / (double)(n + 1)))) <= 1e-13);
        free(A);
    }
    /* a dense symmetric matrix of order 1200 (uniform entries from a fixed
     * LCG): dsyevr_2stage itself gives a different last bit on two BLAS
     * threads here (measured), bc_la_sym_eigs must not */
    size_t n = 1200;
    double *A = malloc(n * n * sizeof *A), one, two;
    assert_non_null(A);
    uint64_t x = 1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            x = x * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
            A[i * n + j] = A[j * n + i] = (double)(x >> 11) * 0x1p-53 - 0.5;
        }
    openblas_set_num_threads(2);
    assert_int_equal(bc_la_sym_eigs(A, n, 1, 1, &two), 0);
    assert_int_equal(openblas_get_num_threads(), 2);
    openblas_set_num_threads(1);
    assert_int_equal(bc_la_sym_eigs(A, n, 1, 1, &one), 0);
    assert_memory_equal(&one, &two, sizeof one);
    free(A);
}

/* Q diag(D) Q^T with the Householder reflector Q = I - 2 P, P = v v^T /
 * v^T v: D - 2 (P D + D P) + 4 P D P, in O(n^2) */
static void known_spectrum(size_t n, const double *D, const double *v, double *A)
{
    double vv = 0.0, vdv = 0.0;
    for (size_t k = 0; k < n; k++) {
        vv += v[k] * v[k];
        vdv += v[k] * v[k] * D[k];
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            A[i * n + j] = (i == j ? D[i] : 0.0) - 2.0 * v[i] * v[j] * (D[i] + D[j]) / vv
                           + 4.0 * v[i] * v[j] * vdv / (vv * vv);
}

/* A spectrum for the tests below: D in [0.06, 2.96], a reflector v */
static void spread_spectrum(size_t n, double *D, double *v)
{
    for (size_t k = 0; k < n; k++) {
        D[k] = 0.06 + 2.9 * (double)((k * 37) % n) / (double)n;
        v[k] = 1.0 + 0.37 * (double)(k % 13);
    }
}

/* bc_la_spd_lambda_min's value where dsyevr must give it: route 0, the
 * same bits as bc_la_sym_eigs */
static double dsyevr_route(const double *A, size_t n)
{
    double l = 1.0, e = 2.0;
    int route = 1;
    assert_int_equal(bc_la_spd_lambda_min(A, n, &l, &route), 0);
    assert_int_equal(route, 0);
    assert_int_equal(bc_la_sym_eigs(A, n, 1, 1, &e), 0);
    assert_memory_equal(&l, &e, sizeof l);
    return l;
}

/* bc_la_spd_lambda_min on known spectra of order 800 and 1000 (the Lanczos
 * route: it must be the one that answered): lambda_min apart, a triple
 * lambda_min, a pair 1e-9 apart, scaled by 1e200 and 1e-200 (phase 1 in
 * double: out of float's range), lambda_min 1e-5 (condition 3e5: phase 1
 * leaves single precision), 1e-3 under a cluster at 0.5-1 (the Frobenius
 * norm overstates lambda_max 30x: phase 1 in double); the value the same
 * bit for bit on one and two threads, A unchanged; the dsyevr
 * fallback where A is singular (lambda_min = 0) or indefinite; below
 * n = 800 the value is bc_la_sym_eigs's. */
static void test_la_spd_lambda_min(void **state)
{
    (void)state;
    const size_t N = 1000;
    double *A = malloc(N * N * sizeof *A), *copy = malloc(N * N * sizeof *A);
    double *D = malloc(N * sizeof *D), *v = malloc(N * sizeof *v);
    assert_true(A != NULL && copy != NULL && D != NULL && v != NULL);
    const double scale[] = {1.0, 1e200, 1e-200};
    for (int c = 0; c < 9; c++) {
        size_t n = c % 2 ? 1000 : 800;
        double s = scale[c / 3 == 2 ? c % 3 : 0], lmin = 0.05;
        for (size_t k = 0; k < n; k++) {
            D[k] = 0.06 + 2.9 * (double)((k * 37) % n) / (double)n;
            v[k] = 1.0 + 0.37 * (double)(k % 13) - 0.05 * (double)(k * k % 11);
        }
        D[n / 3] = lmin;                                       /* apart: next 0.06 */
        if (c / 3 == 1)
            D[n / 2] = D[n - 1] = lmin;                        /* a triple */
        if (c % 3 == 1 && c / 3 != 1)
            D[n / 2] = lmin * (1.0 + 1e-9);                    /* a pair */
        for (size_t k = 0; k < n; k++)
            D[k] *= s;
        known_spectrum(n, D, v, A);
        memcpy(copy, A, n * n * sizeof *A);
        double l = 0.0, l2 = 0.0;
        int route = 0;
        omp_set_num_threads(2);
        assert_int_equal(bc_la_spd_lambda_min(A, n, &l, &route), 0);
        assert_int_equal(route, 1);
        assert_true(fabs(l - lmin * s) <= 1e-13 * 3.0 * s);
        assert_memory_equal(A, copy, n * n * sizeof *A);
        omp_set_num_threads(1);
        assert_int_equal(bc_la_spd_lambda_min(A, n, &l2, NULL), 0);
        assert_memory_equal(&l, &l2, sizeof l);
    }
    /* lambda_min = 1e-5 against entries up to 3 (condition 3e5): phase 1
     * must leave single precision (its solves are off by about 2%), and
     * the Lanczos route still answers */
    spread_spectrum(800, D, v);
    D[7] = 1e-5;
    known_spectrum(800, D, v, A);
    double lc = 0.0;
    int rc = 0;
    assert_int_equal(bc_la_spd_lambda_min(A, 800, &lc, &rc), 0);
    assert_int_equal(rc, 1);
    assert_true(fabs(lc - 1e-5) <= 1e-13 * 3.0);
    /* lambda_min = 1e-3 under 999 eigenvalues in [0.5, 1] (the Frobenius
     * norm overstates lambda_max 30x, so phase 1 runs in double although
     * float would serve): right to 1e-13 on the Lanczos route */
    for (size_t k = 0; k < 1000; k++) {
        D[k] = 0.5 + 0.5 * (double)((k * 37) % 1000) / 1000.0;
        v[k] = 1.0 + 0.37 * (double)(k % 13);
    }
    D[11] = 1e-3;
    known_spectrum(1000, D, v, A);
    assert_int_equal(bc_la_spd_lambda_min(A, 1000, &lc, &rc), 0);
    assert_int_equal(rc, 1);
    assert_true(fabs(lc - 1e-3) <= 1e-13);
    /* singular and indefinite: dsyevr decides */
    const double low[] = {0.0, -1.0};
    for (int c = 0; c < 2; c++) {
        spread_spectrum(800, D, v);
        D[5] = low[c];
        known_spectrum(800, D, v, A);
        assert_true(fabs(dsyevr_route(A, 800) - low[c]) <= 1e-13 * 3.0);
    }
    /* below 800: bc_la_sym_eigs itself */
    size_t n = 799;
    known_spectrum(n, D, v, A);
    dsyevr_route(A, n);
    double l = 0.0;
    assert_int_equal(bc_la_spd_lambda_min(NULL, n, &l, NULL), BC_EINVAL);
    assert_int_equal(bc_la_spd_lambda_min(A, 0, &l, NULL), BC_EINVAL);
    free(A);
    free(copy);
    free(D);
    free(v);
}

/* bc_la_sym_extremes (Jacobi up to n = 24, dsyev above) on known spectra
 * on both sides of the switch; a zero diagonal (Jacobi's skip test sees
 * sqrt(|a_pp a_qq|) = 0); 1 x 1; the workspace reused; A left as it was;
 * random symmetric matrices against bc_la_sym_eigs's two ends. */
static void test_la_extremes_known_spectrum(void **state)
{
    (void)state;
    enum { NMAX = 30 };
    static double A[NMAX * NMAX], copy[NMAX * NMAX];
    double D[NMAX], v[NMAX], lo, hi, e1, en;
    const size_t sizes[] = {5, 24, 25, 30};
    for (size_t q = 0; q < 4; q++) {
        size_t n = sizes[q];
        for (size_t k = 0; k < n; k++) {
            D[k] = k == 1 ? -4.0 : k == 3 ? 3.0 : 0.5 + 0.1 * (double)(k % 7) - (double)(k % 2);
            v[k] = 1.0 + 0.37 * (double)k - 0.05 * (double)(k * k % 11);
        }
        known_spectrum(n, D, v, A);
        memcpy(copy, A, n * n * sizeof *A);
        bc_la_eig_ws *w = bc_la_eig_ws_alloc(n);
        assert_non_null(w);
        assert_int_equal(bc_la_sym_extremes(w, A, &lo, &hi), 0);
        assert_true(fabs(lo + 4.0) <= 1e-13 && fabs(hi - 3.0) <= 1e-13);
        assert_memory_equal(A, copy, n * n * sizeof *A);
        for (size_t i = 0; i < n * n; i++)
            A[i] = i % (n + 1) == 0 ? 7.0 : 0.0;   /* 7 I: both ends 7 */
        assert_int_equal(bc_la_sym_extremes(w, A, &lo, &hi), 0);
        assert_true(lo == 7.0 && hi == 7.0);
        bc_la_eig_ws_free(w);
    }
    double Z[4] = {0.0, 2.0, 2.0, 0.0}, one = -3.5;   /* eigenvalues -2, 2 */
    bc_la_eig_ws *w2 = bc_la_eig_ws_alloc(2), *w1 = bc_la_eig_ws_alloc(1);
    assert_int_equal(bc_la_sym_extremes(w2, Z, &lo, &hi), 0);
    assert_true(fabs(lo + 2.0) <= 1e-15 && fabs(hi - 2.0) <= 1e-15);
    assert_int_equal(bc_la_sym_extremes(w1, &one, &lo, &hi), 0);
    assert_true(lo == -3.5 && hi == -3.5);
    Z[1] = Z[2] = NAN;
    assert_int_equal(bc_la_sym_extremes(w2, Z, &lo, &hi), BC_ENUMERIC);
    assert_int_equal(bc_la_sym_extremes(w2, NULL, &lo, &hi), BC_EINVAL);
    bc_la_eig_ws_free(w2);
    bc_la_eig_ws_free(w1);
    assert_null(bc_la_eig_ws_alloc(0));
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 3, "test.la.extremes", 0);
    for (size_t n = 1; n <= NMAX; n++) {
        double nrm = 0.0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i; j < n; j++) {
                A[i * n + j] = A[j * n + i] = gsl_rng_uniform(r) - 0.5;
                nrm += 2.0 * A[i * n + j] * A[i * n + j];
            }
        bc_la_eig_ws *w = bc_la_eig_ws_alloc(n);
        assert_int_equal(bc_la_sym_extremes(w, A, &lo, &hi), 0);
        assert_int_equal(bc_la_sym_eigs(A, n, 1, 1, &e1), 0);
        assert_int_equal(bc_la_sym_eigs(A, n, n, n, &en), 0);
        assert_true(fabs(lo - e1) <= 1e-14 * sqrt(nrm) && fabs(hi - en) <= 1e-14 * sqrt(nrm));
        bc_la_eig_ws_free(w);
    }
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dataset_loads_good_file),
        cmocka_unit_test(test_dataset_rejects_malformed),
        cmocka_unit_test(test_dataset_scaling_extreme_values),
        cmocka_unit_test(test_la_known_spectra),
        cmocka_unit_test(test_la_eigs_both_routes),
        cmocka_unit_test(test_mem_alloc_refuses_what_cannot_fit),
        cmocka_unit_test(test_la_extremes_known_spectrum),
        cmocka_unit_test(test_la_spd_lambda_min),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
