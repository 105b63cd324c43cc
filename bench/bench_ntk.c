/* bench_ntk.c -- the masked-NTK Gram and its smallest eigenvalue, against
 * NumPy and against the BLAS floor (issue 5's performance targets).
 *
 * On unit-row data X (n x d), Gaussian weights W (m x d) and a
 * Bernoulli(xi) neuron mask, the masked NTK
 *   H = (X X^T) o (A D A^T) / m,   A_ir = 1{<w_r, x_i> >= 0}, D = diag(mask)
 * and lambda_min(H), three ways, in one run, single-threaded:
 *   C:      bc_ntk_pattern_masked (the kept neurons' signs, their rows
 *           read from W through the mask: sgemm with a certified recheck
 *           in double where the CPU has AVX-512, else dgemm on compacted
 *           rows) + bc_ntk_count_gram (AMX-INT8 tiles where the CPU has
 *           them, else AND + popcount) +
 *           bc_ntk_lambda_min (shift-invert Lanczos on two Cholesky
 *           factorisations at this size); each stage against its floor
 *   NumPy:  bench/ntk_ref.py, written the way a user would: the 0/1
 *           pattern as float64 in blocks of neurons, G += A_b A_b^T (NumPy
 *           hands a @ a.T to syrk), H = K * G / m, eigvalsh
 *   floor:  dsyrk over the same float64 blocks plus one lambda_min: the BLAS
 *           and LAPACK work a float64 formulation cannot avoid
 * The two lambda_min must agree to 1e-9 (relative) before the times count.
 * Prints the ratios; writes results/bench_ntk.csv.
 * usage: bench_ntk [n m d reps]   (default 2000 100000 10 3: the paper's size) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_randist.h>
#include <lapacke.h>

#include "core/io.h"
#include "core/la.h"
#include "core/params.h"
#include "core/clock.h"
#include "core/rng.h"
#include "bench/bench_util.h"
#include "kernels/ntk.h"

#include <omp.h>
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#include <immintrin.h>
#endif

/* The AND + popcount floor of the count stage: the n(n+1)/2 x stride word
 * pairs it must combine, done by a 4 x 4 register block (the same shape as
 * the library's kernel) over an 8-row panel of 512 words that stays in L1:
 * no cache misses, no bookkeeping, only the arithmetic. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
__attribute__((target("avx512f,avx512vpopcntdq")))
static double count_floor_simd(size_t n, size_t stride)
{
    static uint64_t panel[8 * 512];
    for (size_t k = 0; k < 8 * 512; k++)
        panel[k] = (uint64_t)k * UINT64_C(0x9E3779B97F4A7C15);
    double pairs = 0.5 * (double)n * (double)(n + 1) * (double)stride;
    size_t calls = (size_t)(pairs / (16.0 * 512.0)) + 1;
    __m512i acc = _mm512_setzero_si512();
    double t0 = bc_clock_now();
    for (size_t c = 0; c < calls; c++) {
        __m512i s[4][4];
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++)
                s[a][b] = _mm512_setzero_si512();
        for (size_t w = 0; w < 512; w += 8) {
            __m512i x[4], y[4];
            for (int a = 0; a < 4; a++) {
                x[a] = _mm512_loadu_si512((const void *)(panel + a * 512 + w));
                y[a] = _mm512_loadu_si512((const void *)(panel + (4 + a) * 512 + w));
            }
            for (int a = 0; a < 4; a++)
                for (int b = 0; b < 4; b++)
                    s[a][b] = _mm512_add_epi64(s[a][b], _mm512_popcnt_epi64(_mm512_and_si512(x[a], y[b])));
        }
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++)
                acc = _mm512_add_epi64(acc, s[a][b]);
    }
    double t = bc_clock_now() - t0;
    volatile long long sink = _mm512_reduce_add_epi64(acc);
    (void)sink;
    return t;
}

/* The floor of the count on AMX-INT8 tiles: the library's kernel runs
 * 2 x 2 blocks of 16 x 16 sums (4 tile loads and 4 TDPBSSD per word) over
 * the ceil(n/32)(ceil(n/32)+1)/2 blocks at or above the diagonal, for
 * every word; here the same number of tile loads and products on tiles
 * that stay in L1, with nothing expanded and no sums stored. */
#define FLOOR_BARRIER() __asm__ volatile("" ::: "memory")

__attribute__((target("amx-int8")))
static double count_floor_amx(size_t n, size_t stride)
{
    static int8_t tiles[4][16][64] __attribute__((aligned(64)));
    static int32_t out[16][16] __attribute__((aligned(64)));
    for (size_t k = 0; k < sizeof tiles; k++)
        ((int8_t *)tiles)[k] = (int8_t)(k % 3) - 1;
    size_t nb = (n + 31) / 32, steps = nb * (nb + 1) / 2 * stride;
    bc_ntk_amx_tiles(1);   /* the library's configuration: 16 rows of 64 bytes */
    FLOOR_BARRIER();
    double t0 = bc_clock_now();
    _tile_zero(0);
    _tile_zero(1);
    _tile_zero(2);
    _tile_zero(3);
    for (size_t s = 0; s < steps; s++) {
        _tile_loadd(4, tiles[0], 64);
        _tile_loadd(5, tiles[1], 64);
        _tile_loadd(6, tiles[2], 64);
        _tile_loadd(7, tiles[3], 64);
        _tile_dpbssd(0, 4, 6);
        _tile_dpbssd(1, 4, 7);
        _tile_dpbssd(2, 5, 6);
        _tile_dpbssd(3, 5, 7);
    }
    _tile_stored(0, out, 64);
    FLOOR_BARRIER();
    double t = bc_clock_now() - t0;
    bc_ntk_amx_tiles(0);
    volatile int32_t sink = out[3][5];
    (void)sink;
    return t;
}
#endif

static const char *count_kernel(void)
{
    return bc_ntk_amx_on() ? "AMX-INT8 tiles" : bc_ntk_simd() ? "AVX-512 VPOPCNTQ" : "portable POPCNT";
}

/* The AND + POPCNT floor (the measure), and, where the count runs
 * on AMX tiles, theirs; NAN where the CPU has neither. */
static void count_floors(size_t n, size_t stride, double *popcnt, double *amx)
{
    *popcnt = *amx = NAN;
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    if (bc_ntk_simd())
        *popcnt = count_floor_simd(n, stride);
    if (bc_ntk_amx_on())
        *amx = count_floor_amx(n, stride);
#endif
    (void)n;
    (void)stride;
}

#define BLOCK 4096   /* neurons per float64 block (floor and NumPy) */

/* The instance and every buffer of one run. */
typedef struct {
    size_t n, m, d, reps, words, mk;
    gsl_rng *r;
    double *X, *W, *K, *H, *work, *A, *Wk;
    uint64_t *bits, *mask, *fbits;
    unsigned char *mask8;
} bench;

/* What one run measured: the C stages at 1 and 2 threads, their floors,
 * the previous path, the dsyrk floor, NumPy (and PyTorch, in line). */
typedef struct {
    double st[2][3], t_c, t_c2;   /* by stage; their sums at 1 and 2 threads */
    double t_dgemm, t_sgemm, t_cfloor, t_afloor, t_old, t_floor, lmin_c, lmin_f;
    double t_chol, t_eigs;   /* one dpotrf (the eigenvalue stage runs two); dsyevr_2stage */
    int lanczos;             /* 1 when the Lanczos route gave lambda_min */
    double t_np, t_np2, lmin_np, lmin_np2;
    int have_np, have_np2;
    char blas[128], line[2048];
} timings;

static void bench_free(bench *b)
{
    free(b->X); free(b->W); free(b->K); free(b->H); free(b->work); free(b->A); free(b->bits);
    free(b->mask); free(b->mask8); free(b->fbits); free(b->Wk);
    if (b->r != NULL)
        gsl_rng_free(b->r);
}

/* Unit-row X, Gaussian W, a Bernoulli(1/2) mask, K = X X^T; 0 or -1 when
 * out of memory. */
static int bench_alloc(bench *b)
{
    size_t n = b->n, m = b->m, d = b->d;
    b->words = bc_ntk_words(m);
    b->r = bc_rng_alloc();
    b->X = malloc(n * d * sizeof *b->X);
    b->W = malloc(m * d * sizeof *b->W);
    b->K = malloc(n * n * sizeof *b->K);
    b->H = malloc(n * n * sizeof *b->H);
    b->work = malloc(n * 1024 * sizeof *b->work);
    b->A = malloc(n * BLOCK * sizeof *b->A);
    b->bits = malloc(n * b->words * sizeof *b->bits);
    b->mask = calloc(b->words, sizeof *b->mask);
    b->fbits = malloc(bc_ntk_fast_rows(n) * bc_ntk_fast_words(m) * sizeof *b->fbits);
    b->Wk = malloc(m * d * sizeof *b->Wk);
    b->mask8 = malloc(m);
    if (!b->r || !b->X || !b->W || !b->K || !b->H || !b->work || !b->A || !b->bits || !b->mask
        || !b->mask8 || !b->fbits || !b->Wk)
        return -1;
    bc_rng_seed_stream(b->r, 1, "bench.ntk", 0);
    for (size_t i = 0; i < n; i++)
        bc_rng_unit_vector(b->r, d, b->X + i * d);
    for (size_t k = 0; k < m * d; k++)
        b->W[k] = gsl_ran_gaussian_ziggurat(b->r, 1.0);
    for (size_t k = 0; k < m; k++) {
        b->mask8[k] = gsl_rng_uniform(b->r) < 0.5;
        if (b->mask8[k])
            b->mask[k / 64] |= (uint64_t)1 << (k % 64);
    }
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)n, (int)d, 1.0, b->X,
                (int)d, b->X, (int)d, 0.0, b->K, (int)n);
    b->mk = bc_ntk_compact(b->W, m, d, b->mask, b->Wk);
    return 0;
}

/* C, by stage, at 1 and 2 threads (medians of reps): the pattern (the
 * kept neurons' products + sign packing), the count, lambda_min. -1 when
 * the eigenvalue fails. */
static int c_stages(bench *b, timings *tm)
{
    size_t n = b->n, reps = b->reps;
    for (int th = 1; th <= 2; th++) {
        openblas_set_num_threads(th);
        omp_set_num_threads(th);
        double *tt = malloc(3 * reps * sizeof *tt);
        if (tt == NULL)
            return -1;
        for (size_t i = 0; i < reps; i++) {
            double t0 = bc_clock_now();
            bc_ntk_pattern_masked(b->X, n, b->d, b->W, b->m, b->mask, b->fbits, b->Wk, b->work);
            double t1 = bc_clock_now();
            bc_ntk_count_gram(b->fbits, n, bc_ntk_fast_words(b->mk), b->m, b->K, b->H);
            double t2 = bc_clock_now();
            if (bc_ntk_lambda_min(b->H, n, &tm->lmin_c) != 0) {
                free(tt);
                return -1;
            }
            tt[i] = t1 - t0;
            tt[reps + i] = t2 - t1;
            tt[2 * reps + i] = bc_clock_now() - t2;
        }
        for (int k = 0; k < 3; k++)
            tm->st[th - 1][k] = bench_median(tt + k * reps, reps);
        free(tt);
    }
    tm->t_c = tm->st[0][0] + tm->st[0][1] + tm->st[0][2];
    tm->t_c2 = tm->st[1][0] + tm->st[1][1] + tm->st[1][2];
    openblas_set_num_threads(1);
    omp_set_num_threads(1);
    return 0;
}

/* The floors of the stages, in this run: the pattern's dgemm over the
 * kept neurons alone; the count's AND + popcount over the same number of
 * word pairs from an L1-resident panel (count_floor, or its AMX tile
 * products); the eigenvalue stage's, two Cholesky factorisations of H by
 * LAPACKE_dpotrf on one thread, next to dsyevr_2stage (the route before);
 * floor. Then the previous path (all neurons, the mask ANDed in the
 * count), once: its pattern is the one the dsyrk floor reads. */
static void floors(bench *b, timings *tm)
{
    size_t n = b->n, d = b->d;
    count_floors(n, bc_ntk_fast_words(b->mk), &tm->t_cfloor, &tm->t_afloor);
    double *hc = malloc(n * n * sizeof *hc), lm = NAN;
    tm->t_chol = tm->t_eigs = NAN;
    if (hc != NULL) {
        memcpy(hc, b->H, n * n * sizeof *hc);
        double t = bc_clock_now();
        if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'U', (lapack_int)n, hc, (lapack_int)n) == 0)
            tm->t_chol = bc_clock_now() - t;
        t = bc_clock_now();
        if (bc_la_sym_eigs(b->H, n, 1, 1, &lm) == 0)
            tm->t_eigs = bc_clock_now() - t;
        bc_la_spd_lambda_min(b->H, n, &lm, &tm->lanczos);
    }
    free(hc);
    double t0 = bc_clock_now();
    for (size_t r0 = 0; r0 < b->mk; r0 += 1024) {
        size_t nb = b->mk - r0 < 1024 ? b->mk - r0 : 1024;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)nb, (int)d, 1.0, b->X,
                    (int)d, b->Wk + r0 * d, (int)d, 0.0, b->work, (int)nb);
    }
    tm->t_dgemm = bc_clock_now() - t0;
    /* the same products in single precision (the pattern's path where the
     * CPU has AVX-512: signs certified, see ntk.c), copies made untimed */
    float *xf = malloc(n * d * sizeof *xf), *wf = malloc(b->mk * d * sizeof *wf);
    float *zf = malloc(n * 1024 * sizeof *zf);
    tm->t_sgemm = NAN;
    if (xf != NULL && wf != NULL && zf != NULL) {
        for (size_t k = 0; k < n * d; k++)
            xf[k] = (float)b->X[k];
        for (size_t k = 0; k < b->mk * d; k++)
            wf[k] = (float)b->Wk[k];
        t0 = bc_clock_now();
        for (size_t r0 = 0; r0 < b->mk; r0 += 1024) {
            size_t nb = b->mk - r0 < 1024 ? b->mk - r0 : 1024;
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)nb, (int)d, 1.0f, xf,
                        (int)d, wf + r0 * d, (int)d, 0.0f, zf, (int)nb);
        }
        tm->t_sgemm = bc_clock_now() - t0;
    }
    free(xf);
    free(wf);
    free(zf);
    t0 = bc_clock_now();
    bc_ntk_pattern(b->X, n, d, b->W, b->m, b->bits, b->work);
    bc_ntk_masked(b->bits, b->mask, n, b->m, b->K, b->H);
    tm->t_old = bc_clock_now() - t0;
}

/* dsyrk over float64 blocks of the pattern (built outside the timing) and
 * one dsyevr; -1 when out of memory. */
static int dsyrk_floor(bench *b, timings *tm)
{
    size_t n = b->n, m = b->m, words = b->words;
    double *G = calloc(n * n, sizeof *G), *A = b->A, *H = b->H;
    if (G == NULL)
        return -1;
    tm->t_floor = 0.0;
    for (size_t c = 0; c < m; c += BLOCK) {
        size_t nb = m - c < BLOCK ? m - c : BLOCK;
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < nb; k++) {
                size_t rr = c + k;
                A[i * nb + k] = (double)((b->bits[i * words + rr / 64] >> (rr % 64)) & 1u & b->mask8[rr]);
            }
        double t0 = bc_clock_now();
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)nb, 1.0, A, (int)nb, 1.0,
                    G, (int)n);
        tm->t_floor += bc_clock_now() - t0;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++)
            H[i * n + j] = H[j * n + i] = b->K[i * n + j] * G[i * n + j] / (double)m;
    double t0 = bc_clock_now();
    bc_ntk_lambda_min(H, n, &tm->lmin_f);
    tm->t_floor += bc_clock_now() - t0;
    free(G);
    return 0;
}

/* bench/ntk_ref.py on the same instance; -1 when no directory. */
static int numpy_ref(const bench *b, timings *tm)
{
    char dir[] = "/tmp/bc_bench_XXXXXX", meta[256];
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(meta, sizeof meta, "n=%zu m=%zu d=%zu reps=%zu block=%d\n", b->n, b->m, b->d,
             b->reps, BLOCK);
    int bad = bench_dump(dir, "meta.txt", meta, strlen(meta))
              || bench_dump(dir, "X.bin", b->X, b->n * b->d * 8)
              || bench_dump(dir, "W.bin", b->W, b->m * b->d * 8)
              || bench_dump(dir, "mask.bin", b->mask8, b->m);
    if (bad)
        bench_rm_dir("bench_ntk", dir);
    else
        bench_run_ref("bench_ntk", "bench/ntk_ref.py", dir, tm->line, sizeof tm->line);
    tm->have_np = sscanf(tm->line, "numpy %lf %lf %127s", &tm->lmin_np, &tm->t_np, tm->blas) == 3;
    const char *l2 = strstr(tm->line, "numpy2 ");
    tm->have_np2 = l2 != NULL && sscanf(l2, "numpy2 %lf %lf", &tm->lmin_np2, &tm->t_np2) == 2;
    return 0;
}

static void print_stages(const timings *tm)
{
    const double (*st)[3] = tm->st;
    double t_c = tm->t_c, t_c2 = tm->t_c2;
    printf("\n  stage              1 thread   2 threads  floor (1 thread)          C / floor\n");
    int single = bc_ntk_simd() && isfinite(tm->t_sgemm);
    double pf = single ? tm->t_sgemm : tm->t_dgemm;
    printf("  pattern            %8.3f s %8.3f s  %8.3f s  %s alone  %6.2f\n", st[0][0], st[1][0],
           pf, single ? "sgemm" : "dgemm", st[0][0] / pf);
    if (single)
        printf("                                           (%.3f s dgemm alone: the double path's floor)\n",
               tm->t_dgemm);
    if (isfinite(tm->t_cfloor)) {
        printf("  count              %8.3f s %8.3f s  %8.3f s  AND+POPCNT   %6.2f   (target <= 2)\n",
               st[0][1], st[1][1], tm->t_cfloor, st[0][1] / tm->t_cfloor);
        if (isfinite(tm->t_afloor))
            printf("                     (on AMX tiles: %.3f s their products alone, C / that %.2f)\n",
                   tm->t_afloor, st[0][1] / tm->t_afloor);
    } else
        printf("  count              %8.3f s %8.3f s  (no SIMD floor on this CPU)\n", st[0][1], st[1][1]);
    printf("  lambda_min         %8.3f s %8.3f s  %8.3f s  2 x dpotrf   %6.2f   (%s; dsyevr_2stage %.3f s)\n",
           st[0][2], st[1][2], 2.0 * tm->t_chol, st[0][2] / (2.0 * tm->t_chol),
           tm->lanczos ? "shift-invert Lanczos" : "dsyevr: the Lanczos route declined", tm->t_eigs);
    printf("  total              %8.3f s %8.3f s  parallel efficiency at 2 threads %.0f%%\n", t_c, t_c2,
           100.0 * t_c / (2.0 * t_c2));
    printf("  previous C path    %8.3f s (all neurons, mask ANDed in the count)  %.2fx slower\n",
           tm->t_old, tm->t_old / (st[0][0] + st[0][1]));
    printf("  dsyrk floor        %8.3f s (float64 dsyrk over the pattern + lambda_min)\n", tm->t_floor);
}

static void print_refs(const timings *tm)
{
    double t_c = tm->t_c, t_c2 = tm->t_c2;
    if (!tm->have_np) {
        printf("  NumPy reference unavailable: %s\n",
               tm->line[0] ? tm->line : "(python3-numpy or python3-threadpoolctl missing)");
        return;
    }
    printf("  NumPy (kept neurons compacted, BLAS %s): %.3f s at 1 thread", tm->blas, tm->t_np);
    if (tm->have_np2)
        printf(", %.3f s at 2", tm->t_np2);
    printf("\n  NumPy / C = %.2f at 1 thread", tm->t_np / t_c);
    if (tm->have_np2)
        printf(", %.2f at 2 threads", tm->t_np2 / t_c2);
    printf("   (target >= 7)\n");
    /* what no speed-up of these three stages can beat: each at its floor */
    int single = bc_ntk_simd() && isfinite(tm->t_sgemm);
    if (isfinite(tm->t_cfloor))
        printf("  NumPy / (sum of the stage floors: %s + %s + 2 x dpotrf) = %.2f at 1 thread:"
               " the most this pipeline can reach here\n", single ? "sgemm" : "dgemm",
               isfinite(tm->t_afloor) ? "AMX tile products" : "AND+POPCNT",
               tm->t_np / ((single ? tm->t_sgemm : tm->t_dgemm)
                           + (isfinite(tm->t_afloor) ? tm->t_afloor : tm->t_cfloor) + 2.0 * tm->t_chol));
    double lmin_pt = NAN, t_pt = NAN;
    char ver[64] = "";
    if (bench_torch_line(tm->line, &lmin_pt, &t_pt, ver, sizeof ver)) {
        double rel_pt = fabs(lmin_pt - tm->lmin_c) / fabs(tm->lmin_c);
        printf("  PyTorch %.3f s  (%s, CPU, float64, 1 thread; lambda_min rel.diff %.1e%s)\n"
               "  PyTorch / C = %.2f\n", t_pt, ver, rel_pt, rel_pt <= 1e-9 ? "" : ": DISAGREE",
               t_pt / t_c);
    } else {
        printf("  PyTorch reference: not run (Debian's python3-torch not installed)\n");
    }
}

static void write_csv(const bench *b, const timings *tm, double rel)
{
    const double (*st)[3] = tm->st;
    double t_c = tm->t_c, t_c2 = tm->t_c2;
    mkdir("results", 0755);
    bc_atomic_file f;
    if (bc_io_atomic_open(&f, "results/bench_ntk.csv") != 0)
        return;
    fprintf(f.fp, "bench,n,m,d,reps,c_s,c2_s,pattern_s,count_s,eig_s,dgemm_floor_s,count_floor_s,"
                  "numpy_s,numpy2_s,numpy_over_c,numpy2_over_c2,count_over_floor,rel_diff,blas,"
                  "count_kernel,eig_floor_s,amx_floor_s,count_over_amx_floor\n");
    fprintf(f.fp, "masked_ntk,%zu,%zu,%zu,%zu,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.4g,"
                  "%.4g,%.4g,%.3g,%s,%s,%.6g,%.6g,%.4g\n", b->n, b->m, b->d, b->reps, t_c, t_c2, st[0][0], st[0][1],
            st[0][2], tm->t_dgemm, tm->t_cfloor, tm->t_np, tm->t_np2, tm->t_np / t_c,
            tm->t_np2 / t_c2, st[0][1] / tm->t_cfloor, rel, tm->have_np ? tm->blas : "none",
            count_kernel(), 2.0 * tm->t_chol, tm->t_afloor, st[0][1] / tm->t_afloor);
    bc_io_atomic_commit(&f);
}

int main(int argc, char **argv)
{
    long long v[4] = {2000, 100000, 10, 3};
    if (bench_ints("bench_ntk", argc, argv, v, 4, 10000000) < 0)
        return 2;
    bench b = {.n = (size_t)v[0], .m = (size_t)v[1], .d = (size_t)v[2], .reps = (size_t)v[3]};
    timings tm = {.lmin_c = NAN, .lmin_f = NAN, .lmin_np = NAN, .lmin_np2 = NAN, .t_np = NAN,
                  .t_np2 = NAN};
    openblas_set_num_threads(1);
    if (bench_alloc(&b) != 0 || c_stages(&b, &tm) != 0) {
        fprintf(stderr, "bench_ntk: out of memory (or dsyevr failed) for n = %zu, m = %zu\n", b.n, b.m);
        bench_free(&b);
        return 2;
    }
    floors(&b, &tm);
    if (dsyrk_floor(&b, &tm) != 0 || numpy_ref(&b, &tm) != 0) {
        fprintf(stderr, "bench_ntk: out of memory or no temporary directory\n");
        bench_free(&b);
        return 5;
    }
    double rel_f = fabs(tm.lmin_f - tm.lmin_c) / fabs(tm.lmin_c);
    double rel_np = tm.have_np ? fabs(tm.lmin_np - tm.lmin_c) / fabs(tm.lmin_c) : NAN;
    printf("bench masked NTK Gram + lambda_min: n=%zu m=%zu d=%zu xi=0.5 (%zu kept), median of %zu; "
           "count kernel: %s\n", b.n, b.m, b.d, b.mk, b.reps,
           count_kernel());
    printf("  lambda_min  C %.15g  dsyrk floor %.15g (rel %.1e)", tm.lmin_c, tm.lmin_f, rel_f);
    if (tm.have_np)
        printf("  NumPy %.15g (rel %.1e)", tm.lmin_np, rel_np);
    print_stages(&tm);
    print_refs(&tm);
    int agree = rel_f <= 1e-9 && (!tm.have_np || rel_np <= 1e-9);
    if (!agree)
        printf("  the answers DISAGREE: the times do not count\n");
    write_csv(&b, &tm, fmax(rel_f, tm.have_np ? rel_np : 0.0));
    bench_free(&b);
    return !agree ? 1 : tm.have_np ? 0 : 3;
}
