/* ntk.h -- neural tangent kernels of a one-hidden-layer ReLU network
 * (seed 003, Section 4).
 *
 * Infinite width, with the masking factor xi:
 *   H_inf_ij = xi E_{w ~ N(0,I)}[<x_i,x_j> 1{<w,x_i> >= 0, <w,x_j> >= 0}]
 *            = xi <x_i,x_j> (pi - theta_ij) / (2 pi),
 * theta_ij the angle between x_i and x_j, computed as
 * 2 atan2(||x_i - x_j||, ||x_i + x_j||) (arccos of an inner product near 1
 * loses half the digits); for unit rows the diagonal is xi / 2 exactly.
 *
 * Masked NTK (Definition 1) for weights W (m x d) and a 0/1 mask over the
 * m neurons:
 *   (mask o H)_ij = (1/m) <x_i,x_j> sum_r mask_r 1{<w_r,x_i> >= 0, <w_r,x_j> >= 0}
 *                 = ((X X^T) o (A D A^T))_ij / m,
 * A the n x m activation pattern, D = diag(mask). The count A D A^T is
 * exact integers: with the pattern bit-packed (64 neurons a word) it is
 * AND + popcount; bc_ntk_masked_ref computes it with a float64 dsyrk over
 * the kept columns instead, the reference the fast path is tested against. */
#ifndef BC_NTK_H
#define BC_NTK_H

#include <stddef.h>
#include <stdint.h>

/* H_inf (n x n) for the row-major n x d data X. */
void bc_ntk_inf_gram(const double *X, size_t n, size_t d, double xi, double *H);

/* The smallest eigenvalue of a symmetric positive semi-definite n x n
 * matrix (bc_la_spd_lambda_min: LAPACKE dsyevr below n = 800, shift-invert
 * Lanczos on Cholesky factors from 800 on, dsyevr wherever H is singular
 * to working precision). */
int bc_ntk_lambda_min(const double *H, size_t n, double *lmin);

/* The rounding floor below which a computed lambda_min of an n x n Gram
 * with largest eigenvalue lmax is indistinguishable from 0: 64 n eps lmax
 * (Theorem 1's lambda_0 > 0 is tested against it). */
double bc_ntk_rounding_floor(size_t n, double lmax);

/* The smallest angle between two rows of X (radians). */
double bc_ntk_min_angle(const double *X, size_t n, size_t d);

/* Words per row of a bit-packed pattern of m neurons. */
size_t bc_ntk_words(size_t m);

/* The activation pattern bits[i * words + r/64] bit r%64 = 1{<w_r, x_i> >= 0},
 * computed in blocks of neurons through dgemm. work: n * 1024 doubles. */
void bc_ntk_pattern(const double *X, size_t n, size_t d, const double *W, size_t m,
                    uint64_t *bits, double *work);

/* The masked NTK from a bit-packed pattern and mask (words bits each):
 * AND + popcount counts, times <x_i,x_j>/m. K = X X^T (n x n) is given. */
void bc_ntk_masked(const uint64_t *bits, const uint64_t *mask, size_t n, size_t m,
                   const double *K, double *H);

/* The masked NTK at the count floor: the kept neurons' rows of W compacted
 * into Wk (m * d doubles of scratch), their pattern computed and packed
 * (bits: bc_ntk_fast_rows(n) * bc_ntk_fast_words(m) words: rows padded to a
 * multiple of 4 and words to a multiple of 8, the padding zero), and the
 * counts by AND + popcount in 4 x 4 register blocks over 64-row panels
 * (AVX-512 VPOPCNTQ where the CPU has it, chosen at run time; portable
 * POPCNT code otherwise; OpenMP over the panels outside a parallel
 * region), times <x_i,x_j>/m. Identical to bc_ntk_masked (exact counts).
 * work: n * 1024 doubles. */
void bc_ntk_masked_fast(const double *X, size_t n, size_t d, const double *W, size_t m,
                        const uint64_t *mask, const double *K, double *H, double *Wk,
                        uint64_t *bits, double *work);
size_t bc_ntk_fast_rows(size_t n);
size_t bc_ntk_fast_words(size_t m);
/* Its parts: the kept rows of W into Wk (returns their number), and the
 * count stage for a padded pattern of rows stride words apart. */
size_t bc_ntk_compact(const double *W, size_t m, size_t d, const uint64_t *mask, double *Wk);
/* The padded pattern of the mk compacted neurons Wk (bits as above). Where
 * the CPU has AVX-512 the products come from sgemm on the inputs rounded to
 * float, and an entry within the certified float error bound of 0
 * ((d+3) u ||x_i|| ||w_r||, u = 2^-24, plus underflow) takes its sign from
 * the double dot product: the signs are exact wherever that bound decides
 * them and the double path's elsewhere; inputs whose float products could
 * overflow take the dgemm path. */
void bc_ntk_pattern_fast(const double *X, size_t n, size_t d, const double *Wk, size_t mk,
                         uint64_t *bits, double *work);
/* The same pattern from W and the mask directly (the kept neurons' rows
 * read where they are; compacted into Wk only when the double path runs);
 * returns the number of kept neurons. bc_ntk_masked_fast's pattern. */
size_t bc_ntk_pattern_masked(const double *X, size_t n, size_t d, const double *W, size_t m,
                             const uint64_t *mask, uint64_t *bits, double *Wk, double *work);
void bc_ntk_count_gram(const uint64_t *bits, size_t n, size_t stride, size_t m, const double *K,
                       double *H);
/* 1 when the AVX-512 VPOPCNTQ path runs (the CPU has it and the environment
 * does not set BC_NTK_PORTABLE=1). */
int bc_ntk_simd(void);
/* 1: use the portable path even where AVX-512 is available (tests). */
void bc_ntk_portable(int on);
/* 1 when the count runs on AMX-INT8 tiles (the CPU and the kernel allow
 * them, the AVX-512 path is on, and BC_NTK_NOAMX=1 is not set); the
 * counts, hence H, are the same bit for bit on every path. */
int bc_ntk_amx_on(void);
/* 0: count with AVX-512 VPOPCNTQ even where AMX is available (tests). */
void bc_ntk_amx(int on);
/* 1: configure the calling thread's tile registers as the count does (16
 * rows of 64 bytes each); 0: release them. Nothing where the count does
 * not run on tiles. For the bench's floor kernel. */
void bc_ntk_amx_tiles(int on);

/* The reference: (X X^T) o (A D A^T) / m with A as doubles and dsyrk over
 * the kept columns. Allocates n * m doubles; BC_ENOMEM when it cannot. */
int bc_ntk_masked_ref(const double *X, size_t n, size_t d, const double *W, size_t m,
                      const unsigned char *mask, double *H);

#endif
