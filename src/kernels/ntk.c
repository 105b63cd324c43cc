/* ntk.c -- NTKs of a one-hidden-layer ReLU network (see ntk.h). */
#include "kernels/ntk.h"
#include "core/la.h"
#include "core/status.h"
#include "core/verdict.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
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
    return bc_la_sym_eigs(H, n, 1, 1, lmin);
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

size_t bc_ntk_words(size_t m)
{
    return (m + 63) / 64;
}

void bc_ntk_pattern(const double *X, size_t n, size_t d, const double *W, size_t m,
                    uint64_t *bits, double *work)
{
    size_t words = bc_ntk_words(m);
    memset(bits, 0, n * words * sizeof *bits);
    for (size_t r0 = 0; r0 < m; r0 += BC_NTK_BLOCK) {
        size_t nb = m - r0 < BC_NTK_BLOCK ? m - r0 : BC_NTK_BLOCK;
        /* work (n x nb) = X W_block^T */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)nb, (int)d, 1.0, X,
                    (int)d, W + r0 * d, (int)d, 0.0, work, (int)nb);
        for (size_t i = 0; i < n; i++)
            for (size_t c = 0; c < nb; c++)
                if (work[i * nb + c] >= 0.0) {
                    size_t r = r0 + c;
                    bits[i * words + r / 64] |= UINT64_C(1) << (r % 64);
                }
    }
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
            H[i * n + j] = H[j * n + i] = K[i * n + j] * (double)c / (double)m;
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
            H[i * n + j] = H[j * n + i] = K[i * n + j] * H[i * n + j] / (double)m;
    free(A);
    free(K);
    return BC_SUCCESS;
}

double bc_ntk_rounding_floor(size_t n, double lmax)
{
    return BC_ROUND_EPS * (double)n * lmax;
}
