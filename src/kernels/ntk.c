/* ntk.c -- NTKs of a one-hidden-layer ReLU network (see ntk.h). */
#define _DEFAULT_SOURCE   /* syscall(2), for arch_prctl: the AMX tile state */
#include "kernels/ntk.h"
#include "core/la.h"
#include "core/status.h"
#include "core/verdict.h"

#include <float.h>
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif
#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#endif
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include <gsl/gsl_cblas.h>

#define BC_NTK_BLOCK 1024  /* neurons per dgemm block of the pattern */
#define BC_PI 3.14159265358979323846

void bc_ntk_inf_gram(const double *X, size_t n, size_t d, double xi, double *H)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            const double *a = X + i * d, *b = X + j * d;
            double dot = 0.0, dm = 0.0, dp = 0.0;
            for (size_t k = 0; k < d; k++) {
                dot += a[k] * b[k];
                dm += (a[k] - b[k]) * (a[k] - b[k]);
                dp += (a[k] + b[k]) * (a[k] + b[k]);
            }
            double theta = i == j ? 0.0 : 2.0 * atan2(sqrt(dm), sqrt(dp));
            H[i * n + j] = H[j * n + i] = xi * dot * (BC_PI - theta) / (2.0 * BC_PI);
        }
}

int bc_ntk_lambda_min(const double *H, size_t n, double *lmin)
{
    return bc_la_spd_lambda_min(H, n, lmin, NULL);
}

double bc_ntk_min_angle(const double *X, size_t n, size_t d)
{
    double best = BC_PI;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double dm = 0.0, dp = 0.0;
            for (size_t k = 0; k < d; k++) {
                double a = X[i * d + k], b = X[j * d + k];
                dm += (a - b) * (a - b);
                dp += (a + b) * (a + b);
            }
            /* the angle between the lines: parallel or antiparallel both count */
            double t = 2.0 * atan2(sqrt(dm), sqrt(dp));
            best = fmin(best, fmin(t, BC_PI - t));
        }
    return best;
}

/* Entry (i, j) and (j, i) of the masked NTK from the count of neurons
 * active on both inputs: every count path stores through this one
 * expression, so equal counts give equal H bit for bit. */
static void gram_put(double *H, const double *K, size_t n, size_t i, size_t j, double count,
                     size_t m)
{
    H[i * n + j] = H[j * n + i] = K[i * n + j] * count / (double)m;
}

size_t bc_ntk_words(size_t m)
{
    return (m + 63) / 64;
}

/* Packs the signs of a block of nb neuron values per row (work, n x nb,
 * row-major) into bits from neuron r0 on (r0 a multiple of 64), rows
 * stride words apart: 1{value >= 0}, NaN packs as 0. With AVX-512 one
 * compare gives 8 bits. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
__attribute__((target("avx512f")))
static void pack_avx512(const double *work, size_t n, size_t nb, size_t r0, size_t stride,
                        uint64_t *bits)
{
    const __m512d zero = _mm512_setzero_pd();
    for (size_t i = 0; i < n; i++) {
        const double *v = work + i * nb;
        uint64_t *row = bits + i * stride + r0 / 64;
        size_t c = 0;
        for (; c + 64 <= nb; c += 64) {
            uint64_t wd = 0;
            for (int k = 0; k < 8; k++)
                wd |= (uint64_t)_mm512_cmp_pd_mask(_mm512_loadu_pd(v + c + 8 * k), zero, _CMP_GE_OQ)
                      << (8 * k);
            row[c / 64] = wd;
        }
        if (c < nb) {   /* the last, partial word: written whole, like the others */
            uint64_t wd = 0;
            for (size_t k = 0; c + k < nb; k++)
                wd |= (uint64_t)(v[c + k] >= 0.0) << k;
            row[c / 64] = wd;
        }
    }
}
#endif

static void pack_portable(const double *work, size_t n, size_t nb, size_t r0, size_t stride,
                          uint64_t *bits)
{
    for (size_t i = 0; i < n; i++) {
        const double *v = work + i * nb;
        uint64_t *row = bits + i * stride + r0 / 64;
        for (size_t c = 0; c < nb; c += 64) {
            uint64_t wd = 0;
            size_t e = nb - c < 64 ? nb - c : 64;
            for (size_t k = 0; k < e; k++)
                wd |= (uint64_t)(v[c + k] >= 0.0) << k;
            row[c / 64] = wd;
        }
    }
}

/* 1: the CPU runs AVX-512 with VPOPCNTQ (checked once); BC_NTK_PORTABLE=1
 * in the environment, or bc_ntk_portable(1), forces the portable path (the
 * tests run both). */
static int forced_portable;

void bc_ntk_portable(int on)
{
    forced_portable = on;
}

static int fast_cpu(void)
{
    static int have = -1;
    if (forced_portable)
        return 0;
    if (have < 0) {
        const char *e = getenv("BC_NTK_PORTABLE");
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
        __builtin_cpu_init();
        have = !(e != NULL && e[0] == '1') && __builtin_cpu_supports("avx512f")
               && __builtin_cpu_supports("avx512vpopcntdq");
#else
        (void)e;
        have = 0;
#endif
    }
    return have;
}

int bc_ntk_simd(void)
{
    return fast_cpu();
}

/* 1: the count runs on AMX-INT8 tiles: the CPU has AMX-TILE, AMX-INT8 and
 * AVX-512BW, the kernel grants this process the tile state
 * (arch_prctl(ARCH_REQ_XCOMP_PERM, XTILEDATA), Linux 5.16 on), the AVX-512
 * path is on, and neither BC_NTK_NOAMX=1 nor bc_ntk_amx(0) turned it off
 * (the tests compare the paths). Checked once. */
static int forced_noamx;

void bc_ntk_amx(int on)
{
    forced_noamx = !on;
}

static int amx_cpu(void)
{
    static int have = -1;
    if (forced_noamx || !fast_cpu())
        return 0;
    if (have < 0) {
        have = 0;
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
        const char *e = getenv("BC_NTK_NOAMX");
        unsigned a, b, c, d;
        if (!(e != NULL && e[0] == '1') && __builtin_cpu_supports("avx512bw")
            && __get_cpuid_count(7, 0, &a, &b, &c, &d) && (d >> 24 & 1u) && (d >> 25 & 1u))
            have = syscall(SYS_arch_prctl, 0x1023 /* ARCH_REQ_XCOMP_PERM */,
                           18 /* XFEATURE_XTILEDATA */) == 0;
#endif
    }
    return have;
}

int bc_ntk_amx_on(void)
{
    return amx_cpu();
}

static void pattern_strided(const double *X, size_t n, size_t d, const double *W, size_t m,
                            size_t stride, uint64_t *bits, double *work)
{
    for (size_t r0 = 0; r0 < m; r0 += BC_NTK_BLOCK) {
        size_t nb = m - r0 < BC_NTK_BLOCK ? m - r0 : BC_NTK_BLOCK;
        /* work (n x nb) = X W_block^T */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)nb, (int)d, 1.0, X,
                    (int)d, W + r0 * d, (int)d, 0.0, work, (int)nb);
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
        if (fast_cpu()) {
            pack_avx512(work, n, nb, r0, stride, bits);
            continue;
        }
#endif
        pack_portable(work, n, nb, r0, stride, bits);
    }
}

void bc_ntk_pattern(const double *X, size_t n, size_t d, const double *W, size_t m,
                    uint64_t *bits, double *work)
{
    size_t words = bc_ntk_words(m);
    memset(bits, 0, n * words * sizeof *bits);
    pattern_strided(X, n, d, W, m, words, bits, work);
}

/* Compiled twice by GCC: with the POPCNT instruction where the CPU has it
 * (chosen at load time), and portable code elsewhere. (Clang 14 emits the
 * clones without the symbol that resolves them, so it builds one.) */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("popcnt", "default")))
#endif
void bc_ntk_masked(const uint64_t *bits, const uint64_t *mask, size_t n, size_t m,
                   const double *K, double *H)
{
    size_t words = bc_ntk_words(m);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            const uint64_t *a = bits + i * words, *b = bits + j * words;
            uint64_t c = 0;
            for (size_t w = 0; w < words; w++)
                c += (uint64_t)__builtin_popcountll(a[w] & b[w] & mask[w]);
            gram_put(H, K, n, i, j, (double)c, m);
        }
}

int bc_ntk_masked_ref(const double *X, size_t n, size_t d, const double *W, size_t m,
                      const unsigned char *mask, double *H)
{
    size_t kept = 0;
    for (size_t r = 0; r < m; r++)
        kept += mask[r] != 0;
    double *A = malloc((kept ? kept : 1) * n * sizeof *A), *K = malloc(n * n * sizeof *K);
    if (A == NULL || K == NULL) {
        free(A);
        free(K);
        return BC_ENOMEM;
    }
    /* A: n x kept, A_ir = 1{<w_r, x_i> >= 0} over the kept neurons */
    for (size_t i = 0, c; i < n; i++) {
        c = 0;
        for (size_t r = 0; r < m; r++)
            if (mask[r])
                A[i * kept + c++] = cblas_ddot((int)d, X + i * d, 1, W + r * d, 1) >= 0.0 ? 1.0 : 0.0;
    }
    memset(H, 0, n * n * sizeof *H);
    if (kept > 0)
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)kept, 1.0, A,
                    (int)kept, 0.0, H, (int)n);
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)d, 1.0, X, (int)d, 0.0, K,
                (int)n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++)
            gram_put(H, K, n, i, j, H[i * n + j], m);
    free(A);
    free(K);
    return BC_SUCCESS;
}

double bc_ntk_rounding_floor(size_t n, double lmax)
{
    return BC_ROUND_EPS * (double)n * lmax;
}

/* ---- the masked NTK at the count floor (see ntk.h) ---- */

#define TILE 4        /* rows per register block of the count */
#define JBLOCK 64     /* rows of the j panel kept in L2 */

size_t bc_ntk_fast_rows(size_t n)
{
    return (n + TILE - 1) / TILE * TILE;
}

size_t bc_ntk_fast_words(size_t m)
{
    return (bc_ntk_words(m) + 7) / 8 * 8;
}

/* C[a][b] = popcount(row i0 + a AND row j0 + b) over all words, for a 4 x 4
 * block; rows stride words apart, stride a multiple of 8. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
__attribute__((target("avx512f,avx512vpopcntdq")))
static void block_avx512(const uint64_t *bits, size_t stride, size_t i0, size_t j0,
                         uint64_t C[TILE][TILE])
{
    __m512i acc[TILE][TILE];
    for (int a = 0; a < TILE; a++)
        for (int b = 0; b < TILE; b++)
            acc[a][b] = _mm512_setzero_si512();
    const uint64_t *A = bits + i0 * stride, *B = bits + j0 * stride;
    for (size_t w = 0; w < stride; w += 8) {
        __m512i x[TILE], y[TILE];
        for (int a = 0; a < TILE; a++) {
            x[a] = _mm512_loadu_si512((const void *)(A + a * stride + w));
            y[a] = _mm512_loadu_si512((const void *)(B + a * stride + w));
        }
        for (int a = 0; a < TILE; a++)
            for (int b = 0; b < TILE; b++)
                acc[a][b] = _mm512_add_epi64(acc[a][b],
                                             _mm512_popcnt_epi64(_mm512_and_si512(x[a], y[b])));
    }
    for (int a = 0; a < TILE; a++)
        for (int b = 0; b < TILE; b++)
            C[a][b] = (uint64_t)_mm512_reduce_add_epi64(acc[a][b]);
}
#endif

#if defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("popcnt", "default")))
#endif
static void block_portable(const uint64_t *bits, size_t stride, size_t i0, size_t j0,
                           uint64_t C[TILE][TILE])
{
    uint64_t acc[TILE][TILE] = {{0}};
    const uint64_t *A = bits + i0 * stride, *B = bits + j0 * stride;
    for (size_t w = 0; w < stride; w++)
        for (int a = 0; a < TILE; a++)
            for (int b = 0; b < TILE; b++)
                acc[a][b] += (uint64_t)__builtin_popcountll(A[a * stride + w] & B[b * stride + w]);
    memcpy(C, acc, sizeof acc);
}

static void count_block(const uint64_t *bits, size_t stride, size_t i0, size_t j0,
                        uint64_t C[TILE][TILE])
{
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    if (fast_cpu()) {
        block_avx512(bits, stride, i0, j0, C);
        return;
    }
#endif
    block_portable(bits, stride, i0, j0, C);
}

/* ---- the count on AMX-INT8 tiles ----
 *
 * G = A A^T for the 0/1 pattern A: TDPBSSD multiplies a 16 x 64 byte tile
 * of A by a 64 x 16 tile of A^T (stored as 16 rows of 16 groups of 4
 * bytes: the "VNNI" layout) into 16 x 16 int32 sums. The bits expand to
 * bytes with one VPMOVM2B per 64 neurons (a set bit gives -1, and
 * (-1)(-1) = 1, so the signed product counts the pairs); for the A^T tile
 * the bits are first regrouped (vbits below) so that one 64-bit mask
 * expands to one tile row. Work items are pairs of panels (512 rows, or
 * fewer when that leaves under 4 items per thread: amx_panel) at or above
 * the diagonal; in each, 8 words of both panels are expanded into
 * per-thread buffers and every 2 x 2 block of 16 x 16 tiles (the most the
 * eight tile registers hold: four sums, two of A, two of A^T) runs over
 * them; the sums go back to memory between word blocks. The counts are
 * exact integers (below 2^31: the caller checks), so H is the popcount
 * path's bit for bit. Measured at n = 2000 and 49,928 kept neurons: 0.095
 * s against 0.32 s on one thread (the AND + POPCNT floor is 0.20 s, the
 * tile products alone 0.035 s); tile loads from L2 and the expansion are
 * what it spends beyond the products. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define AMX_WORDS 8     /* words per expanded block */
#define AMX_BARRIER() __asm__ volatile("" ::: "memory")

/* One thread's buffers for panels of 16 T rows: the A tiles and the A^T
 * (VNNI) tiles of AMX_WORDS words, a[w][t] and b[w][t] (16 x 64 bytes
 * each), and the T x T tiles of sums c[ti][tj] (16 x 16 int32 each). */
typedef struct {
    size_t T;
    int8_t *a, *b;
    int32_t *c;
} amx_buf;

static int8_t *amx_tile8(int8_t *base, size_t T, size_t w, size_t t)
{
    return base + (w * T + t) * 1024;
}

static int32_t *amx_sums(const amx_buf *buf, size_t ti, size_t tj)
{
    return buf->c + (ti * buf->T + tj) * 256;
}

/* vbits for the groups of 16 rows: for group g and word w, 16 masks; mask
 * kk holds, at bit 4 t + q, bit 4 kk + q of row 16 g + t (rows from n on
 * read as 0). One VPMOVM2B of mask kk is row kk of the A^T tile. */
__attribute__((target("avx512f")))
static void amx_regroup(const uint64_t *bits, size_t n, size_t groups, size_t stride,
                        uint64_t *vb)
{
    const __m512i lo = _mm512_set_epi64(28, 24, 20, 16, 12, 8, 4, 0);
    const __m512i hi = _mm512_set_epi64(60, 56, 52, 48, 44, 40, 36, 32);
    const __m512i nib = _mm512_set1_epi64(15);
    for (size_t g = 0; g < groups; g++)
        for (size_t w = 0; w < stride; w++) {
            __m512i a0 = _mm512_setzero_si512(), a1 = _mm512_setzero_si512();
            for (unsigned t = 0; t < 16 && 16 * g + t < n; t++) {
                __m512i x = _mm512_set1_epi64((long long)bits[(16 * g + t) * stride + w]);
                __m512i n0 = _mm512_and_si512(_mm512_srlv_epi64(x, lo), nib);
                __m512i n1 = _mm512_and_si512(_mm512_srlv_epi64(x, hi), nib);
                a0 = _mm512_or_si512(a0, _mm512_slli_epi64(n0, 4 * t));
                a1 = _mm512_or_si512(a1, _mm512_slli_epi64(n1, 4 * t));
            }
            _mm512_storeu_si512((void *)(vb + (g * stride + w) * 16), a0);
            _mm512_storeu_si512((void *)(vb + (g * stride + w) * 16 + 8), a1);
        }
}

/* The tile configuration: palette 1, every register 16 rows of 64 bytes. */
__attribute__((target("amx-tile")))
static void amx_configure(void)
{
    struct {
        uint8_t palette, start, reserved[14];
        uint16_t colsb[16];
        uint8_t rows[16];
    } cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.palette = 1;
    for (int t = 0; t < 8; t++) {
        cfg.colsb[t] = 64;
        cfg.rows[t] = 16;
    }
    AMX_BARRIER();
    _tile_loadconfig(&cfg);
    AMX_BARRIER();
}

__attribute__((target("amx-tile")))
static void amx_release(void)
{
    _tile_release();
}

void bc_ntk_amx_tiles(int on)
{
    if (!amx_cpu())
        return;
    if (on)
        amx_configure();
    else
        amx_release();
}

/* The sums of rows I0.. (A) against rows J0.. (A^T) of one panel pair into
 * buf->c, over the pairs of tiles that hold rows below n; diag: I0 == J0,
 * only blocks at or above the diagonal. */
__attribute__((target("avx512f,avx512bw,amx-tile,amx-int8")))
static void amx_panel_pair(const uint64_t *bits, const uint64_t *vb, size_t n, size_t stride,
                           size_t I0, size_t J0, const amx_buf *buf)
{
    int diag = I0 == J0;
    size_t T = buf->T, pi = (n - I0 + 31) / 32, pj = (n - J0 + 31) / 32;   /* tile pairs in use */
    pi = pi < T / 2 ? pi : T / 2;
    pj = pj < T / 2 ? pj : T / 2;
    size_t tmax = 2 * (pi > pj ? pi : pj);
    for (size_t k0 = 0; k0 < stride; k0 += AMX_WORDS) {
        size_t kw = stride - k0 < AMX_WORDS ? stride - k0 : AMX_WORDS;
        for (size_t w = 0; w < kw; w++)
            for (size_t t = 0; t < tmax; t++) {
                int8_t *ta = amx_tile8(buf->a, T, w, t), *tb = amx_tile8(buf->b, T, w, t);
                const uint64_t *src = vb + ((J0 / 16 + t) * stride + k0 + w) * 16;
                for (size_t r = 0; r < 16; r++) {
                    size_t i = I0 + 16 * t + r;
                    uint64_t x = i < n ? bits[i * stride + k0 + w] : 0;
                    _mm512_store_si512((void *)(ta + 64 * r), _mm512_movm_epi8(x));
                    _mm512_store_si512((void *)(tb + 64 * r), _mm512_movm_epi8(src[r]));
                }
            }
        AMX_BARRIER();
        for (size_t ip = 0; ip < pi; ip++)
            for (size_t jp = diag ? ip : 0; jp < pj; jp++) {
                int32_t *c00 = amx_sums(buf, 2 * ip, 2 * jp);
                int32_t *c01 = amx_sums(buf, 2 * ip, 2 * jp + 1);
                int32_t *c10 = amx_sums(buf, 2 * ip + 1, 2 * jp);
                int32_t *c11 = amx_sums(buf, 2 * ip + 1, 2 * jp + 1);
                if (k0 == 0) {
                    _tile_zero(0);
                    _tile_zero(1);
                    _tile_zero(2);
                    _tile_zero(3);
                } else {
                    _tile_loadd(0, c00, 64);
                    _tile_loadd(1, c01, 64);
                    _tile_loadd(2, c10, 64);
                    _tile_loadd(3, c11, 64);
                }
                for (size_t w = 0; w < kw; w++) {
                    _tile_loadd(4, amx_tile8(buf->a, T, w, 2 * ip), 64);
                    _tile_loadd(5, amx_tile8(buf->a, T, w, 2 * ip + 1), 64);
                    _tile_loadd(6, amx_tile8(buf->b, T, w, 2 * jp), 64);
                    _tile_loadd(7, amx_tile8(buf->b, T, w, 2 * jp + 1), 64);
                    _tile_dpbssd(0, 4, 6);
                    _tile_dpbssd(1, 4, 7);
                    _tile_dpbssd(2, 5, 6);
                    _tile_dpbssd(3, 5, 7);
                }
                _tile_stored(0, c00, 64);
                _tile_stored(1, c01, 64);
                _tile_stored(2, c10, 64);
                _tile_stored(3, c11, 64);
            }
        AMX_BARRIER();
    }
}

/* Rows per panel: 512 (fewer expansions: each panel pair expands both
 * panels), halved down to 128 until there are at least 4 work items per
 * thread. Measured at n = 2000, one thread: 512 rows 0.095 s, 256 0.109,
 * 128 0.122; 1024 0.13. */
static size_t amx_panel(size_t n, int threads)
{
    size_t P = 512;
    while (P > 128) {
        size_t panels = (n + P - 1) / P;
        if (panels * (panels + 1) / 2 >= 4 * (size_t)threads)
            break;
        P /= 2;
    }
    return P;
}

/* The count stage on tiles; 0, or -1 (out of memory, or counts that could
 * pass 2^31) when the caller must take the popcount path. */
static int count_amx(const uint64_t *bits, size_t n, size_t stride, size_t m, const double *K,
                     double *H)
{
    if (stride == 0 || stride > ((size_t)1 << 31) / 64 - 1)
        return -1;   /* no kept neuron (nothing to sum), or int32 could overflow */
    int threads = omp_in_parallel() ? 1 : omp_get_max_threads();
    size_t P = amx_panel(n, threads), T = P / 16;
    size_t groups = (n + 15) / 16, panels = (n + P - 1) / P;
    size_t vwords = panels * T * stride * 16;   /* whole panels: padding groups zero */
    uint64_t *vb = calloc(vwords, sizeof *vb);
    if (vb == NULL)
        return -1;
    amx_regroup(bits, n, groups, stride, vb);
    size_t items = panels * (panels + 1) / 2;
    int failed = 0;
#pragma omp parallel if (!omp_in_parallel() && items > 1)
    {
        amx_buf buf = {.T = T,
                       .a = aligned_alloc(64, AMX_WORDS * T * 1024),
                       .b = aligned_alloc(64, AMX_WORDS * T * 1024),
                       .c = aligned_alloc(64, T * T * 1024)};
        if (buf.a == NULL || buf.b == NULL || buf.c == NULL) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp barrier
        if (!failed) {
            amx_configure();
#pragma omp for schedule(dynamic, 1)
            for (size_t it = 0; it < items; it++) {
                size_t p = 0;
                while ((p + 1) * (p + 2) / 2 <= it)
                    p++;
                size_t q = it - p * (p + 1) / 2, I0 = q * P, J0 = p * P;
                amx_panel_pair(bits, vb, n, stride, I0, J0, &buf);
                for (size_t a = 0; a < P && I0 + a < n; a++)
                    for (size_t b = 0; b < P && J0 + b < n; b++) {
                        size_t i = I0 + a, j = J0 + b;
                        if (j < i)
                            continue;
                        gram_put(H, K, n, i, j,
                                 (double)amx_sums(&buf, a / 16, b / 16)[(a % 16) * 16 + b % 16], m);
                    }
            }
            amx_release();
        }
        free(buf.a);
        free(buf.b);
        free(buf.c);
    }
    free(vb);
    return failed ? -1 : 0;
}
#else
void bc_ntk_amx_tiles(int on)
{
    (void)on;
}
#endif

void bc_ntk_count_gram(const uint64_t *bits, size_t n, size_t stride, size_t m, const double *K,
                       double *H)
{
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
    if (amx_cpu() && count_amx(bits, n, stride, m, K, H) == 0)
        return;
#endif
    size_t rows = bc_ntk_fast_rows(n);
    size_t nblk = (rows + JBLOCK - 1) / JBLOCK;
    /* j panels of JBLOCK rows (kept in L2) in parallel; within a panel
     * every 4-row i tile at or above it, 4 x 4 register blocks */
#pragma omp parallel for schedule(dynamic, 1) if (!omp_in_parallel() && rows >= 256)
    for (size_t jb = 0; jb < nblk; jb++) {
        size_t j1 = (jb + 1) * JBLOCK < rows ? (jb + 1) * JBLOCK : rows;
        for (size_t i0 = 0; i0 < j1; i0 += TILE)
            for (size_t j0 = jb * JBLOCK > i0 ? jb * JBLOCK : i0; j0 < j1; j0 += TILE) {
                uint64_t C[TILE][TILE];
                count_block(bits, stride, i0, j0, C);
                for (size_t a = 0; a < TILE && i0 + a < n; a++)
                    for (size_t b = 0; b < TILE && j0 + b < n; b++) {
                        size_t i = i0 + a, j = j0 + b;
                        if (j < i)
                            continue;
                        gram_put(H, K, n, i, j, (double)C[a][b], m);
                    }
            }
    }
}

size_t bc_ntk_compact(const double *W, size_t m, size_t d, const uint64_t *mask, double *Wk)
{
    size_t mk = 0;
    for (size_t r = 0; r < m; r++)
        if (mask[r / 64] >> (r % 64) & 1u)
            memcpy(Wk + (mk++) * d, W + r * d, d * sizeof *Wk);
    return mk;
}

/* ---- the sign pattern in single precision, certified (AVX-512) ----
 *
 * z = <x_i, w_r> from sgemm on the inputs rounded to float: with u = 2^-24,
 * |zhat - z| <= (gamma_d (1 + u)^2 + 3u) sum_k |x_k w_k| + E (the inputs'
 * rounding, any summation order of sgemm (Higham, Thm 3.4); E covers
 * products and inputs that underflow), and sum_k |x_k w_k| <= ||x_i||
 * ||w_r||. Where |zhat| exceeds bound_c(d) ||x_i|| ||w_r|| + E its sign is z's;
 * elsewhere (and for NaN) the sign is taken from z in double (a dot
 * product), as the double path takes every sign. Inputs whose products
 * could overflow a float take the double path. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define SG_ROWS 1024   /* neurons per sgemm block */
#define SG_CHUNK 256   /* rows per sgemm call within a block */

static double bound_c(size_t d)
{
    double u = 0x1p-24, g = (double)(d + 3) * u;
    return 1.01 * g / (1.0 - g);   /* gamma_{d+3} >= gamma_d (1 + u)^2 + 3u, 1% for the
                                      bound's own float rounding */
}

/* max |a_k|, or infinity when an entry is not finite (NaN included, which
 * a max would skip): the caller's range test then sends the input to the
 * double path. Eight lanes at a time (fmax was a call per entry, and GCC
 * does not vectorise the scalar loop at -O2). */
__attribute__((target("avx512f")))
static double max_abs(const double *a, size_t len)
{
    const __m512d big = _mm512_set1_pd(DBL_MAX);
    __m512d m = _mm512_setzero_pd();
    __mmask8 bad = 0;
    for (size_t k = 0; k < len; k += 8) {
        __mmask8 live = len - k >= 8 ? (__mmask8)0xff : (__mmask8)((1u << (len - k)) - 1u);
        __m512d v = _mm512_abs_pd(_mm512_maskz_loadu_pd(live, a + k));
        m = _mm512_max_pd(m, v);
        bad |= _mm512_mask_cmp_pd_mask(live, v, big, _CMP_NLE_UQ);   /* NaN or infinite */
    }
    return bad ? INFINITY : _mm512_reduce_max_pd(m);
}

/* Row r of the kept neurons' weights: W's row idx[r], or (idx NULL, W
 * already compacted) W's row r. */
static const double *kept_row(const double *W, const size_t *idx, size_t r, size_t d)
{
    return W + (idx != NULL ? idx[r] : r) * d;
}

/* Bits of the block of nb neurons from r0 (zf: n x nb floats, row-major;
 * r0 a multiple of 64): certain lanes by vector compares, the others by a
 * double dot product; whole words written (none read), so the words need
 * no clearing first. */
__attribute__((target("avx512f")))
static void pack_certified(const float *zf, size_t n, size_t nb, size_t r0, size_t stride,
                           const float *wb, const float *xb, float abs_err, const double *X,
                           const double *W, const size_t *idx, size_t d, uint64_t *bits)
{
    const __m512 zero = _mm512_setzero_ps(), tiny = _mm512_set1_ps(abs_err);
    for (size_t i = 0; i < n; i++) {
        const float *v = zf + i * nb;
        uint64_t *row = bits + i * stride + r0 / 64, word = 0;
        const __m512 xi = _mm512_set1_ps(xb[i]);
        for (size_t c = 0; c < nb; c += 16) {
            __mmask16 live = nb - c >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (nb - c)) - 1u);
            __m512 z = _mm512_maskz_loadu_ps(live, v + c);
            __m512 b = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(live, wb + c), xi, tiny);
            __mmask16 sure = _mm512_mask_cmp_ps_mask(live, _mm512_abs_ps(z), b, _CMP_GT_OQ);
            __mmask16 pos = _mm512_mask_cmp_ps_mask(sure, z, zero, _CMP_GT_OQ);
            for (unsigned k = (unsigned)(live & ~sure); k != 0; k &= k - 1) {
                size_t r = c + (size_t)__builtin_ctz(k);
                if (cblas_ddot((int)d, X + i * d, 1, kept_row(W, idx, r0 + r, d), 1) >= 0.0)
                    pos |= (__mmask16)(1u << (r - c));
            }
            word |= (uint64_t)pos << (c % 64);
            if (c % 64 == 48 || c + 16 >= nb) {
                row[c / 64] = word;
                word = 0;
            }
        }
    }
}

/* One block of nb neurons from r0: their rows rounded to float (wf) with
 * their norm bounds (wb), zf = xf wf^T by sgemm, the signs packed. -1,
 * with nothing written, when the block's largest |w| (mw) leaves the
 * range where float products, sums and the bound cannot overflow; the
 * absolute error term uses the block's own mw. */
static int single_block(const double *X, size_t n, size_t d, const double *W,
                        const size_t *idx, size_t r0, size_t nb, size_t stride, const float *xf,
                        const float *xb, double mx, float *wf, float *wb, float *zf,
                        uint64_t *bits)
{
    double mw = 0.0;
    for (size_t r = 0; r < nb; r++) {
        const double *w = kept_row(W, idx, r0 + r, d);
        mw = fmax(mw, max_abs(w, d));
        for (size_t k = 0; k < d; k++)
            wf[r * d + k] = (float)w[k];
        wb[r] = (float)(1.0000001 * cblas_dnrm2((int)d, w, 1));   /* rounded up */
    }
    if (!(mx * mw * (double)d < 0x1p100) || !(mw < 0x1p60))
        return -1;   /* products, sums or the bound could overflow a float */
    /* what the relative bound misses: products that underflow, and inputs
     * that underflow (each off by at most 2^-150 times the other factor) */
    float abs_err = (float)(1.01 * (double)d * (0x1p-126 + 0x1p-149 * (mx + mw)));
    /* rows in chunks whose products stay in L2 until packed */
    for (size_t i0 = 0; i0 < n; i0 += SG_CHUNK) {
        size_t rc = n - i0 < SG_CHUNK ? n - i0 : SG_CHUNK;
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rc, (int)nb, (int)d, 1.0f,
                    xf + i0 * d, (int)d, wf, (int)d, 0.0f, zf, (int)nb);
        pack_certified(zf, rc, nb, r0, stride, wb, xb + i0, abs_err, X + i0 * d, W, idx, d,
                       bits + i0 * stride);
    }
    return 0;
}

/* 0, or -1 when the float path cannot certify (range, memory): the caller
 * takes the double path. The blocks of neurons go to the OpenMP threads,
 * each with its own buffers and sgemm on one BLAS thread (the caller's
 * count restored): a block's bits are whole words of their own, and the
 * signs are exact, so the bits do not depend on the thread count.
 * (OpenBLAS's own threads inside one sgemm left the packing serial, and
 * packing on OpenMP threads next to them was slower: its threads spin
 * after each call.) */
static int pattern_single(const double *X, size_t n, size_t d, const double *W,
                          const size_t *idx, size_t mk,
                          size_t stride, uint64_t *bits, double *work)
{
    double mx = max_abs(X, n * d);
    if (!(mx < 0x1p60))
        return -1;   /* products, sums or the bound could overflow a float */
    size_t nb0 = mk < SG_ROWS ? mk : SG_ROWS, nblk = (mk + SG_ROWS - 1) / SG_ROWS;
    float *xf = malloc(n * d * sizeof *xf), *xb = malloc(n * sizeof *xb);
    int nomem = xf == NULL || xb == NULL, failed = 0;
    double c = bound_c(d);
    for (size_t i = 0; i < n && !nomem; i++) {
        for (size_t k = 0; k < d; k++)
            xf[i * d + k] = (float)X[i * d + k];
        xb[i] = (float)(c * cblas_dnrm2((int)d, X + i * d, 1));
    }
    int threads = bc_la_blas_serial();
#pragma omp parallel if (!omp_in_parallel() && nblk > 1 && !nomem)
    {
        /* the caller's work (n * 1024 doubles) holds two threads' products:
         * a fresh 8 MB per call cost its page faults every time */
        int tid = omp_get_thread_num();
        float *wf = malloc(nb0 * d * sizeof *wf), *wb = malloc(nb0 * sizeof *wb);
        float *zf = tid < 2 ? (float *)(void *)work + (size_t)tid * n * nb0
                            : malloc(n * nb0 * sizeof *zf);
        if (wf == NULL || wb == NULL || zf == NULL) {
#pragma omp atomic write
            nomem = 1;
        }
#pragma omp barrier
        if (!nomem) {   /* the same on every thread: set before the barrier only */
#pragma omp for schedule(dynamic, 1)
            for (size_t b = 0; b < nblk; b++) {
                size_t r0 = b * SG_ROWS, nb = mk - r0 < SG_ROWS ? mk - r0 : SG_ROWS;
                if (single_block(X, n, d, W, idx, r0, nb, stride, xf, xb, mx, wf, wb, zf,
                                 bits) != 0) {
#pragma omp atomic write
                    failed = 1;
                }
            }
        }
        free(wf);
        free(wb);
        if (tid >= 2)
            free(zf);
    }
    bc_la_blas_restore(threads);
    free(xf);
    free(xb);
    return failed || nomem ? -1 : 0;
}
#endif

/* The padding of a fast pattern zeroed: the words of rows below n past
 * the neurons' own, and the rows from n on. Every packing routine writes
 * whole words, so nothing else needs clearing (12.5 MB at the bench's
 * size: a memset of it was 4% of the pattern). */
static void zero_padding(uint64_t *bits, size_t n, size_t mk)
{
    size_t rows = bc_ntk_fast_rows(n), stride = bc_ntk_fast_words(mk), used = bc_ntk_words(mk);
    for (size_t i = 0; i < n && used < stride; i++)
        memset(bits + i * stride + used, 0, (stride - used) * sizeof *bits);
    memset(bits + n * stride, 0, (rows - n) * stride * sizeof *bits);
}

void bc_ntk_pattern_fast(const double *X, size_t n, size_t d, const double *Wk, size_t mk,
                         uint64_t *bits, double *work)
{
    size_t stride = bc_ntk_fast_words(mk);
    zero_padding(bits, n, mk);
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    if (fast_cpu() && mk > 0 && pattern_single(X, n, d, Wk, NULL, mk, stride, bits, work) == 0)
        return;
#endif
    pattern_strided(X, n, d, Wk, mk, stride, bits, work);
}

size_t bc_ntk_pattern_masked(const double *X, size_t n, size_t d, const double *W, size_t m,
                             const uint64_t *mask, uint64_t *bits, double *Wk, double *work)
{
    size_t mk = 0;
    for (size_t r = 0; r < m; r++)
        mk += mask[r / 64] >> (r % 64) & 1u;
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    size_t stride = bc_ntk_fast_words(mk);
    size_t *idx = fast_cpu() && mk > 0 ? malloc(mk * sizeof *idx) : NULL;
    if (idx != NULL) {
        for (size_t r = 0, k = 0; r < m; r++)
            if (mask[r / 64] >> (r % 64) & 1u)
                idx[k++] = r;
        zero_padding(bits, n, mk);
        int st = pattern_single(X, n, d, W, idx, mk, stride, bits, work);
        free(idx);
        if (st == 0)
            return mk;
        /* the float path declined: straight to the double one (the padding
         * is zero already; the float path again, on compacted rows, would
         * meet the same ranges) */
        bc_ntk_compact(W, m, d, mask, Wk);
        pattern_strided(X, n, d, Wk, mk, stride, bits, work);
        return mk;
    }
#endif
    bc_ntk_compact(W, m, d, mask, Wk);
    bc_ntk_pattern_fast(X, n, d, Wk, mk, bits, work);
    return mk;
}

void bc_ntk_masked_fast(const double *X, size_t n, size_t d, const double *W, size_t m,
                        const uint64_t *mask, const double *K, double *H, double *Wk,
                        uint64_t *bits, double *work)
{
    size_t mk = bc_ntk_pattern_masked(X, n, d, W, m, mask, bits, Wk, work);
    bc_ntk_count_gram(bits, n, bc_ntk_fast_words(mk), m, K, H);
}
