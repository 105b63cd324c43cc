/* test_ntk.c -- the NTKs: closed forms, known spectra, the Monte-Carlo
 * limit, and the bit-packed masked NTK against its dsyrk reference. */
#define _DEFAULT_SOURCE   /* syscall(2) */
#include "bc_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <omp.h>
#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "core/rng.h"
#include "algorithms/masked.h"
#include "kernels/ntk.h"

/* Orthonormal inputs: H_inf = (xi/2) I, so lambda_0 = xi/2. Two unit
 * inputs at angle t: H = (xi/(2 pi)) [[pi, c], [c, pi]], c = cos t (pi - t). */
static void test_ntk_known_spectra(void **state)
{
    (void)state;
    double X[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, H[9], l;
    bc_ntk_inf_gram(X, 3, 3, 0.6, H);
    for (int i = 0; i < 9; i++)
        bc_assert_rel(H[i], i % 4 == 0 ? 0.3 : 0.0, 1e-15);
    assert_int_equal(bc_ntk_lambda_min(H, 3, &l), 0);
    bc_assert_rel(l, 0.3, 1e-14);
    double t = 1.1, Y[4] = {1, 0, cos(t), sin(t)}, G[4];
    bc_ntk_inf_gram(Y, 2, 2, 1.0, G);
    double c = cos(t) * (3.14159265358979323846 - t) / (2 * 3.14159265358979323846);
    bc_assert_rel(G[1], c, 1e-14);
    bc_assert_rel(G[0], 0.5, 1e-15);
    assert_int_equal(bc_ntk_lambda_min(G, 2, &l), 0);
    bc_assert_rel(l, 0.5 - c, 1e-13);
    bc_assert_rel(bc_ntk_min_angle(Y, 2, 2), t, 1e-14);
    /* duplicated and antiparallel points are detected (angle 0) */
    double Z[4] = {0.6, 0.8, -0.6, -0.8};
    assert_true(bc_ntk_min_angle(Z, 2, 2) < 1e-12);
    /* a nearly parallel pair keeps its digits (atan2 form) */
    double e = 1e-9, P[4] = {1, 0, cos(e), sin(e)};
    bc_assert_rel(bc_ntk_min_angle(P, 2, 2), e, 1e-6);
}

static void random_sphere(double *X, size_t n, size_t d, gsl_rng *r)
{
    for (size_t i = 0; i < n; i++)
        gsl_ran_dir_nd(r, d, X + i * d);
}

/* K = X X^T (n x n) from its definition. */
static void gram_rows(const double *X, size_t n, size_t d, double *K)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t k = 0; k < d; k++)
                s += X[i * d + k] * X[j * d + k];
            K[i * n + j] = s;
        }
}

/* An instance of the masked NTK: points on the sphere, Gaussian weights of
 * scale ws, each neuron kept with probability keep (mask bits and bytes),
 * and K = X X^T. */
static void masked_instance(size_t n, size_t d, size_t m, double ws, double keep, gsl_rng *r,
                            double *X, double *W, uint64_t *mask, unsigned char *mk, double *K)
{
    random_sphere(X, n, d, r);
    for (size_t i = 0; i < m * d; i++)
        W[i] = gsl_ran_gaussian_ziggurat(r, ws);
    for (size_t k = 0; k < m; k++) {
        mk[k] = gsl_rng_uniform(r) < keep;
        if (mk[k])
            mask[k / 64] |= UINT64_C(1) << (k % 64);
    }
    gram_rows(X, n, d, K);
}

/* The finite-width NTK (all neurons kept) tends to H_inf (xi = 1): at
 * m = 2^17 every entry is within 5 standard deviations (1/(2 sqrt(m))). */
static void test_ntk_monte_carlo_limit(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 1, "test_ntk", 0);
    size_t n = 6, d = 4, m = 1 << 17, words = bc_ntk_words(m);
    double X[24], Hinf[36], H[36], K[36], *W = malloc(m * d * sizeof *W);
    double *work = malloc(n * 1024 * sizeof *work);
    uint64_t *bits = malloc(n * words * sizeof *bits), *mask = malloc(words * sizeof *mask);
    random_sphere(X, n, d, r);
    for (size_t i = 0; i < m * d; i++)
        W[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
    memset(mask, 0xff, words * sizeof *mask);
    bc_ntk_pattern(X, n, d, W, m, bits, work);
    gram_rows(X, n, d, K);
    bc_ntk_masked(bits, mask, n, m, K, H);
    bc_ntk_inf_gram(X, n, d, 1.0, Hinf);
    for (size_t i = 0; i < n * n; i++)
        assert_true(fabs(H[i] - Hinf[i]) <= 5.0 * 0.5 / sqrt((double)m));
    free(W);
    free(work);
    free(bits);
    free(mask);
    gsl_rng_free(r);
}

/* The bit-packed masked NTK equals the dsyrk reference bit for bit (the
 * counts are exact integers), for m not a multiple of 64 too. */
static void test_ntk_masked_matches_reference(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 2, "test_ntk", 0);
    size_t n = 7, d = 5;
    size_t ms[] = {1, 63, 64, 65, 1000, 3001};
    for (size_t mi = 0; mi < sizeof ms / sizeof *ms; mi++) {
        size_t m = ms[mi], words = bc_ntk_words(m);
        double X[35], H[49], R[49], K[49], *W = malloc(m * d * sizeof *W);
        double *work = malloc(n * 1024 * sizeof *work);
        uint64_t *bits = malloc(n * words * sizeof *bits), *mask = calloc(words, sizeof *mask);
        unsigned char *mk = malloc(m);
        masked_instance(n, d, m, 2.0, 0.4, r, X, W, mask, mk, K);
        bc_ntk_pattern(X, n, d, W, m, bits, work);
        bc_ntk_masked(bits, mask, n, m, K, H);
        assert_int_equal(bc_ntk_masked_ref(X, n, d, W, m, mk, R), 0);
        for (size_t i = 0; i < n * n; i++)
            bc_assert_rel(H[i], R[i], 1e-14);
        free(W);
        free(work);
        free(bits);
        free(mask);
        free(mk);
    }
    gsl_rng_free(r);
}

/* Metamorphic: with p = 1, xi = 1 (every neuron kept) and tau = 1,
 * Algorithm 1 is full gradient descent on (1/2)||y - f(W, X)||^2, written
 * out here with finite differences of the loss for the gradient. */
static double full_loss(const double *X, const double *y, const double *W, const double *a,
                        size_t n, size_t d, size_t m)
{
    double L = 0;
    for (size_t i = 0; i < n; i++) {
        double u = 0;
        for (size_t r = 0; r < m; r++) {
            double z = 0;
            for (size_t j = 0; j < d; j++)
                z += W[r * d + j] * X[i * d + j];
            u += a[r] * (z > 0 ? z : 0);
        }
        u /= sqrt((double)m);
        L += (y[i] - u) * (y[i] - u);
    }
    return L;
}

static void test_masked_full_is_gd(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    size_t n = 5, d = 3, m = 8, K = 3;
    double X[15], y[5], lf[4], lsmp[3], lloc[3];
    bc_rng_seed_stream(r, 3, "test_ntk", 0);
    random_sphere(X, n, d, r);
    for (size_t i = 0; i < n; i++)
        y[i] = gsl_ran_gaussian(r, 0.5);
    bc_masked_data dd = {n, d, m, X, y};
    bc_masked_params mp = {K, 1, 1, 0.2, 1.0, 1.0, 0};
    bc_masked_trace tr = {lf, lsmp, lloc};
    bc_rng_seed_stream(r, 4, "test_ntk", 0);
    bc_masked_ws *ws = bc_masked_ws_alloc(n, m, d, 1);
    assert_non_null(ws);
    assert_int_equal(bc_masked_run(&dd, &mp, r, ws, &tr), 0);
    bc_masked_ws_free(ws);
    /* the same initialisation, drawn again; then GD by finite differences */
    double W[24], a[8], g[24];
    bc_rng_seed_stream(r, 4, "test_ntk", 0);
    for (size_t i = 0; i < m * d; i++)
        W[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
    for (size_t k = 0; k < m; k++)
        a[k] = gsl_rng_uniform(r) < 0.5 ? -1.0 : 1.0;
    bc_assert_rel(lf[0], full_loss(X, y, W, a, n, d, m), 1e-12);
    for (size_t k = 0; k < K; k++) {
        bc_assert_rel(lsmp[k], lf[k], 1e-12);   /* xi = 1: the subnetwork is the network */
        for (size_t i = 0; i < m * d; i++) {
            double e = 1e-6, w0 = W[i];
            W[i] = w0 + e;
            double fp = full_loss(X, y, W, a, n, d, m);
            W[i] = w0 - e;
            double fm = full_loss(X, y, W, a, n, d, m);
            W[i] = w0;
            g[i] = 0.5 * (fp - fm) / (2 * e);   /* gradient of (1/2)||y - f||^2 */
        }
        for (size_t i = 0; i < m * d; i++)
            W[i] -= 0.2 * g[i];
        bc_assert_rel(lf[k + 1], full_loss(X, y, W, a, n, d, m), 1e-6);
    }
    assert_true(lf[K] < lf[0]);
    gsl_rng_free(r);
}

/* The fast masked NTK (kept neurons compacted, padded pattern, counts on
 * AMX-INT8 tiles or in 4 x 4 AND + popcount blocks) equals the reference
 * path bit for bit, on all three count paths (AMX where the CPU and kernel
 * allow it, then AVX-512 VPOPCNTQ where the CPU has it, then the portable
 * one), for sizes that exercise every padding: n from 1 to 9, 17 and 33
 * (groups of 16 rows), 257 and 300 (panels of 256), m across word and
 * 8-word boundaries, masks that keep none, some or all neurons; and the
 * dsyrk reference agrees to rounding. Where /proc/cpuinfo lists the
 * features and the kernel grants the tile state (asked here directly), the
 * AMX path must be the one that ran. */
static int cpu_lists(const char *flag)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[8192];
    int found = 0;
    while (f != NULL && !found && fgets(line, sizeof line, f) != NULL)
        found = strncmp(line, "flags", 5) == 0 && strstr(line, flag) != NULL;
    if (f != NULL)
        fclose(f);
    return found;
}

static void test_ntk_fast_equals_reference(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 9, "test_ntk/fast", 0);
    const size_t ns[] = {1, 2, 3, 4, 5, 7, 9, 17, 33, 257, 300};
    const size_t ms[] = {1, 63, 64, 65, 511, 513, 1500};
    const double keep[] = {0.0, 0.5, 1.0};
    size_t d = 3;
    int granted = 0;
#if defined(__linux__) && defined(__x86_64__)
    granted = syscall(SYS_arch_prctl, 0x1023 /* ARCH_REQ_XCOMP_PERM */, 18 /* XTILEDATA */) == 0;
#endif
    if (granted && cpu_lists(" amx_int8") && cpu_lists(" amx_tile") && cpu_lists(" avx512bw")
        && cpu_lists(" avx512_vpopcntdq") && getenv("BC_NTK_NOAMX") == NULL
        && getenv("BC_NTK_PORTABLE") == NULL)
        assert_int_equal(bc_ntk_amx_on(), 1);
    for (int path = 0; path < 3; path++) {
        bc_ntk_amx(path == 0);
        bc_ntk_portable(path == 2);
        if (path > 0)
            assert_int_equal(bc_ntk_amx_on(), 0);
        for (size_t a = 0; a < sizeof ns / sizeof *ns; a++)
            for (size_t b = 0; b < sizeof ms / sizeof *ms; b++)
                for (int kp = 0; kp < 3; kp++) {
                    size_t n = ns[a], m = ms[b], words = bc_ntk_words(m);
                    double *X = malloc(n * d * sizeof *X), *W = malloc(m * d * sizeof *W);
                    double *K = malloc(n * n * sizeof *K), *H1 = malloc(n * n * sizeof *H1);
                    double *H2 = malloc(n * n * sizeof *H2), *Wk = malloc(m * d * sizeof *Wk);
                    double *work = malloc(n * 1024 * sizeof *work), *H3 = malloc(n * n * sizeof *H3);
                    uint64_t *bits = malloc(n * words * sizeof *bits);
                    uint64_t *fb = malloc(bc_ntk_fast_rows(n) * bc_ntk_fast_words(m) * sizeof *fb);
                    /* garbage first: the packing must write every word and the padding */
                    memset(fb, 0xA5, bc_ntk_fast_rows(n) * bc_ntk_fast_words(m) * sizeof *fb);
                    uint64_t *mask = calloc(words, sizeof *mask);
                    unsigned char *m8 = malloc(m);
                    masked_instance(n, d, m, 1.0, keep[kp], r, X, W, mask, m8, K);
                    bc_ntk_pattern(X, n, d, W, m, bits, work);
                    bc_ntk_masked(bits, mask, n, m, K, H1);
                    bc_ntk_masked_fast(X, n, d, W, m, mask, K, H2, Wk, fb, work);
                    assert_memory_equal(H1, H2, n * n * sizeof *H1);
                    assert_int_equal(bc_ntk_masked_ref(X, n, d, W, m, m8, H3), 0);
                    for (size_t q = 0; q < n * n; q++)
                        assert_true(fabs(H3[q] - H2[q]) <= 1e-12);
                    free(X); free(W); free(K); free(H1); free(H2); free(H3); free(Wk);
                    free(work); free(bits); free(fb); free(mask); free(m8);
                }
    }
    bc_ntk_portable(0);
    bc_ntk_amx(1);
    gsl_rng_free(r);
}

/* The AMX count's panels of 512 and 256 rows (chosen on one thread for
 * n = 1100 and 600; the test above, on two threads and n <= 300, reaches
 * only 128): H the same bit for bit as the AVX-512 popcount path's and
 * the portable one's. Where AMX is not available all three are popcount
 * paths and agree trivially. */
static void test_ntk_amx_panels(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 10, "test_ntk/panels", 0);
    const size_t ns[] = {600, 1100};
    size_t d = 3, m = 1500, words = bc_ntk_words(m);
    int threads = omp_get_max_threads();
    omp_set_num_threads(1);
    for (size_t a = 0; a < 2; a++) {
        size_t n = ns[a];
        double *X = malloc(n * d * sizeof *X), *W = malloc(m * d * sizeof *W);
        double *K = malloc(n * n * sizeof *K), *H[3];
        double *Wk = malloc(m * d * sizeof *Wk), *work = malloc(n * 1024 * sizeof *work);
        uint64_t *fb = malloc(bc_ntk_fast_rows(n) * bc_ntk_fast_words(m) * sizeof *fb);
        uint64_t *mask = calloc(words, sizeof *mask);
        unsigned char *m8 = malloc(m);
        masked_instance(n, d, m, 1.0, 0.5, r, X, W, mask, m8, K);
        for (int path = 0; path < 3; path++) {
            H[path] = malloc(n * n * sizeof *H[path]);
            bc_ntk_amx(path == 0);
            bc_ntk_portable(path == 2);
            bc_ntk_masked_fast(X, n, d, W, m, mask, K, H[path], Wk, fb, work);
        }
        assert_memory_equal(H[0], H[1], n * n * sizeof *H[0]);
        assert_memory_equal(H[0], H[2], n * n * sizeof *H[0]);
        free(X); free(W); free(K); free(Wk); free(work); free(fb); free(mask); free(m8);
        for (int path = 0; path < 3; path++)
            free(H[path]);
    }
    bc_ntk_amx(1);
    bc_ntk_portable(0);
    omp_set_num_threads(threads);
    gsl_rng_free(r);
}

/* The fast pattern's signs (sgemm on the inputs rounded to float, the
 * entries within the certified error bound of 0 recomputed in double) are
 * exactly the signs of the double dot products, here made hard: neurons
 * nearly orthogonal to an input (<x_i, w> = eps with eps from 1e-12 to
 * 1e-3: inside and outside the float bound of about 1e-6), exactly zero
 * rows, a NaN, weights so small that their float products underflow
 * (1e-41: subnormal), and inputs so large that the float path must hand
 * over to the double one (1e20 x 1e20). On both paths (VPOPCNTQ CPU or
 * portable); the portable one is the dgemm path, equal where |z| is not at
 * rounding level. bc_ntk_pattern_masked (W and a mask read directly) gives
 * the compacted path's bits exactly, at every scale. */
static void test_ntk_pattern_signs_certified(void **state)
{
    (void)state;
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 11, "test_ntk/signs", 0);
    const size_t n = 37, d = 20, m = 700;
    const double scales[][2] = {{1.0, 1.0}, {1.0, 1e-41}, {1e20, 1e20}, {1e-3, 1e3}};
    const double eps[] = {0.0, 1e-12, -1e-12, 1e-9, -1e-9, 1e-7, -1e-7, 1e-5, -1e-5, 1e-3, -1e-3};
    double *X = malloc(n * d * sizeof *X), *W = malloc(m * d * sizeof *W);
    double *work = malloc(n * 1024 * sizeof *work);
    size_t stride = bc_ntk_fast_words(m);
    uint64_t *bits = malloc(bc_ntk_fast_rows(n) * stride * sizeof *bits);
    uint64_t *bits2 = malloc(bc_ntk_fast_rows(n) * stride * sizeof *bits2);
    double *Wk = malloc(m * d * sizeof *Wk);
    for (int path = 0; path < 2; path++) {
        bc_ntk_portable(path);
        for (size_t sc = 0; sc < sizeof scales / sizeof *scales; sc++) {
            random_sphere(X, n, d, r);
            for (size_t q = 0; q < m; q++) {
                double *w = W + q * d;
                for (size_t k = 0; k < d; k++)
                    w[k] = gsl_ran_gaussian_ziggurat(r, 1.0);
                if (q % 3 == 0) {   /* w - <w, x_j> x_j + eps x_j: <x_j, w> = eps (+ rounding) */
                    const double *x = X + (q / 3 % n) * d;
                    double t = 0.0;
                    for (size_t k = 0; k < d; k++)
                        t += w[k] * x[k];
                    double e = eps[q / 3 % (sizeof eps / sizeof *eps)];
                    for (size_t k = 0; k < d; k++)
                        w[k] += (e - t) * x[k];
                }
                if (q == 5)
                    memset(w, 0, d * sizeof *w);   /* z = 0 exactly: bit 1 */
            }
            for (size_t k = 0; k < n * d; k++)
                X[k] *= scales[sc][0];
            for (size_t k = 0; k < m * d; k++)
                W[k] *= scales[sc][1];
            X[3 * d + 1] = sc == 0 ? NAN : X[3 * d + 1];   /* a NaN row packs as 0 */
            /* from W and a mask directly: the compacted rows' pattern, bit
             * for bit (at 1e20 through the double path's fallback) */
            uint64_t mask[(700 + 63) / 64] = {0};
            for (size_t q = 0; q < m; q++)
                if (q % 3 != 1)
                    mask[q / 64] |= (uint64_t)1 << (q % 64);
            size_t mk = bc_ntk_compact(W, m, d, mask, Wk);
            memset(bits, 0x5A, bc_ntk_fast_rows(n) * stride * sizeof *bits);   /* garbage */
            memset(bits2, 0xA5, bc_ntk_fast_rows(n) * stride * sizeof *bits2);
            bc_ntk_pattern_fast(X, n, d, Wk, mk, bits, work);
            assert_int_equal(bc_ntk_pattern_masked(X, n, d, W, m, mask, bits2, Wk, work), mk);
            assert_memory_equal(bits, bits2, bc_ntk_fast_rows(n) * bc_ntk_fast_words(mk) * sizeof *bits);
            memset(bits, 0x5A, bc_ntk_fast_rows(n) * stride * sizeof *bits);
            bc_ntk_pattern_fast(X, n, d, W, m, bits, work);
            size_t near = 0;
            for (size_t i = 0; i < n; i++)
                for (size_t q = 0; q < m; q++) {
                    double z = 0.0, nx = 0.0, nw = 0.0;
                    for (size_t k = 0; k < d; k++) {
                        z += X[i * d + k] * W[q * d + k];
                        nx += X[i * d + k] * X[i * d + k];
                        nw += W[q * d + k] * W[q * d + k];
                    }
                    int bit = (int)(bits[i * stride + q / 64] >> (q % 64) & 1u);
                    if (isnan(z)) {
                        assert_int_equal(bit, 0);
                        continue;
                    }
                    if (fabs(z) <= 1e-10 * sqrt(nx * nw) && !(z == 0.0 && nw == 0.0)) {
                        near++;   /* rounding level: either sign is a double's */
                        continue;
                    }
                    if (bit != (z >= 0.0))
                        fail_msg("path %d scale %zu: entry (%zu, %zu) z = %g, bit %d", path, sc,
                                 i, q, z, bit);
                }
            assert_true(near > 0 && near < n * m / 10);   /* the hard entries were there */
        }
    }
    bc_ntk_portable(0);
    free(X);
    free(W);
    free(Wk);
    free(work);
    free(bits);
    free(bits2);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ntk_known_spectra),
        cmocka_unit_test(test_ntk_monte_carlo_limit),
        cmocka_unit_test(test_ntk_fast_equals_reference),
        cmocka_unit_test(test_ntk_amx_panels),
        cmocka_unit_test(test_ntk_pattern_signs_certified),
        cmocka_unit_test(test_ntk_masked_matches_reference),
        cmocka_unit_test(test_masked_full_is_gd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
