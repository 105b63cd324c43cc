/* bench_ntk.c -- the masked-NTK Gram and its smallest eigenvalue, against
 * NumPy and against the BLAS floor (issue 5's performance targets).
 *
 * On unit-row data X (n x d), Gaussian weights W (m x d) and a
 * Bernoulli(xi) neuron mask, the masked NTK
 *   H = (X X^T) o (A D A^T) / m,   A_ir = 1{<w_r, x_i> >= 0}, D = diag(mask)
 * and lambda_min(H), three ways, in one run, single-threaded:
 *   C:      bc_ntk_pattern (dgemm in blocks, bit-packed signs) +
 *           bc_ntk_masked (AND + popcount) + bc_ntk_lambda_min (dsyevr)
 *   NumPy:  bench/ntk_ref.py, written the way a user would: the 0/1
 *           pattern as float64 in blocks of neurons, G += A_b A_b^T (NumPy
 *           hands a @ a.T to syrk), H = K * G / m, eigvalsh
 *   floor:  dsyrk over the same float64 blocks plus one dsyevr: the BLAS
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

#include "core/io.h"
#include "core/params.h"
#include "core/progress.h"
#include "core/rng.h"
#include "bench/bench_util.h"
#include "kernels/ntk.h"

void openblas_set_num_threads(int n);

#define BLOCK 4096   /* neurons per float64 block (floor and NumPy) */

int main(int argc, char **argv)
{
    long long v[4] = {2000, 100000, 10, 3};
    if (bench_ints("bench_ntk", argc, argv, v, 4, 10000000) < 0)
        return 2;
    size_t n = (size_t)v[0], m = (size_t)v[1], d = (size_t)v[2], reps = (size_t)v[3];
    size_t words = bc_ntk_words(m);
    openblas_set_num_threads(1);
    gsl_rng *r = bc_rng_alloc();
    double *X = malloc(n * d * sizeof *X), *W = malloc(m * d * sizeof *W);
    double *K = malloc(n * n * sizeof *K), *H = malloc(n * n * sizeof *H);
    double *work = malloc(n * 1024 * sizeof *work), *A = malloc(n * BLOCK * sizeof *A);
    double *times = malloc(reps * sizeof *times);
    uint64_t *bits = malloc(n * words * sizeof *bits), *mask = calloc(words, sizeof *mask);
    unsigned char *mask8 = malloc(m);
    if (!r || !X || !W || !K || !H || !work || !A || !times || !bits || !mask || !mask8) {
        fprintf(stderr, "bench_ntk: out of memory for n = %zu, m = %zu\n", n, m);
        return 2;
    }
    bc_rng_seed_stream(r, 1, "bench.ntk", 0);
    for (size_t i = 0; i < n; i++) {
        bc_rng_unit_vector(r, d, X + i * d);
    }
    for (size_t k = 0; k < m * d; k++)
        W[k] = gsl_ran_gaussian_ziggurat(r, 1.0);
    for (size_t k = 0; k < m; k++) {
        mask8[k] = gsl_rng_uniform(r) < 0.5;
        if (mask8[k])
            mask[k / 64] |= (uint64_t)1 << (k % 64);
    }
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)n, (int)d, 1.0, X, (int)d,
                X, (int)d, 0.0, K, (int)n);

    /* C */
    double lmin_c = NAN;
    for (size_t i = 0; i < reps; i++) {
        double t0 = bc_progress_now();
        bc_ntk_pattern(X, n, d, W, m, bits, work);
        bc_ntk_masked(bits, mask, n, m, K, H);
        if (bc_ntk_lambda_min(H, n, &lmin_c) != 0) {
            fprintf(stderr, "bench_ntk: dsyevr failed\n");
            return 5;
        }
        times[i] = bc_progress_now() - t0;
    }
    double t_c = bench_median(times, reps);

    /* floor: dsyrk over float64 blocks of the pattern (built outside the
     * timing) and one dsyevr */
    double t_floor = 0.0, lmin_f = NAN;
    {
        double *G = calloc(n * n, sizeof *G);
        if (G == NULL) {
            fprintf(stderr, "bench_ntk: out of memory\n");
            return 2;
        }
        for (size_t b = 0; b < m; b += BLOCK) {
            size_t nb = m - b < BLOCK ? m - b : BLOCK;
            for (size_t i = 0; i < n; i++)
                for (size_t k = 0; k < nb; k++) {
                    size_t rr = b + k;
                    A[i * nb + k] = (double)((bits[i * words + rr / 64] >> (rr % 64)) & 1u & mask8[rr]);
                }
            double t0 = bc_progress_now();
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)nb, 1.0, A, (int)nb,
                        1.0, G, (int)n);
            t_floor += bc_progress_now() - t0;
        }
        for (size_t i = 0; i < n; i++)
            for (size_t j = i; j < n; j++)
                H[i * n + j] = H[j * n + i] = K[i * n + j] * G[i * n + j] / (double)m;
        double t0 = bc_progress_now();
        bc_ntk_lambda_min(H, n, &lmin_f);
        t_floor += bc_progress_now() - t0;
        free(G);
    }

    /* NumPy */
    char dir[] = "/tmp/bc_bench_XXXXXX", meta[256], line[2048] = "", blas[128] = "";
    double lmin_np = NAN, t_np = NAN;
    if (mkdtemp(dir) == NULL)
        return 5;
    snprintf(meta, sizeof meta, "n=%zu m=%zu d=%zu reps=%zu block=%d\n", n, m, d, reps, BLOCK);
    int bad = bench_dump(dir, "meta.txt", meta, strlen(meta)) || bench_dump(dir, "X.bin", X, n * d * 8)
              || bench_dump(dir, "W.bin", W, m * d * 8) || bench_dump(dir, "mask.bin", mask8, m);
    if (bad)
        bench_rm_dir("bench_ntk", dir);
    else
        bench_run_ref("bench_ntk", "bench/ntk_ref.py", dir, line, sizeof line);
    int have_np = sscanf(line, "numpy %lf %lf %127s", &lmin_np, &t_np, blas) == 3;

    double rel_f = fabs(lmin_f - lmin_c) / fabs(lmin_c);
    double rel_np = have_np ? fabs(lmin_np - lmin_c) / fabs(lmin_c) : NAN;
    printf("bench masked NTK Gram + lambda_min: n=%zu m=%zu d=%zu xi=0.5, 1 thread, median of %zu\n",
           n, m, d, reps);
    printf("  lambda_min  C %.15g  floor %.15g (rel %.1e)", lmin_c, lmin_f, rel_f);
    if (have_np)
        printf("  NumPy %.15g (rel %.1e)", lmin_np, rel_np);
    printf("\n  C       %.3f s\n  floor   %.3f s  (dsyrk over float64 blocks + dsyevr)\n", t_c,
           t_floor);
    if (have_np)
        printf("  NumPy   %.3f s  (BLAS: %s)\n  NumPy / C = %.2f   (target >= 2)\n", t_np, blas,
               t_np / t_c);
    else
        printf("  NumPy reference unavailable: %s\n",
               line[0] ? line : "(python3-numpy or python3-threadpoolctl missing)");
    printf("  C / floor = %.2f   (target <= 1.5)\n", t_c / t_floor);
    double lmin_pt = NAN, t_pt = NAN;
    char ver[64] = "";
    if (bench_torch_line(line, &lmin_pt, &t_pt, ver, sizeof ver)) {
        double rel_pt = fabs(lmin_pt - lmin_c) / fabs(lmin_c);
        printf("  PyTorch %.3f s  (%s, CPU, float64, 1 thread; lambda_min rel.diff %.1e%s)\n"
               "  PyTorch / C = %.2f\n", t_pt, ver, rel_pt, rel_pt <= 1e-9 ? "" : ": DISAGREE",
               t_pt / t_c);
    } else if (have_np) {
        printf("  PyTorch reference: not run (Debian's python3-torch not installed)\n");
    }
    int agree = rel_f <= 1e-9 && (!have_np || rel_np <= 1e-9);
    if (!agree)
        printf("  the answers DISAGREE: the times do not count\n");
    mkdir("results", 0755);
    bc_atomic_file f;
    if (bc_io_atomic_open(&f, "results/bench_ntk.csv") == 0) {
        fprintf(f.fp, "bench,n,m,d,reps,c_s,numpy_s,floor_s,numpy_over_c,c_over_floor,rel_diff,blas\n");
        fprintf(f.fp, "masked_ntk,%zu,%zu,%zu,%zu,%.6g,%.6g,%.6g,%.4g,%.4g,%.3g,%s\n", n, m, d,
                reps, t_c, t_np, t_floor, t_np / t_c, t_c / t_floor,
                fmax(rel_f, have_np ? rel_np : 0.0), have_np ? blas : "none");
        bc_io_atomic_commit(&f);
    }
    free(X); free(W); free(K); free(H); free(work); free(A); free(times); free(bits);
    free(mask); free(mask8);
    gsl_rng_free(r);
    return !agree ? 1 : have_np ? 0 : 3;
}
