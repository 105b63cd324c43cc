/* bench_masked.c -- Algorithm 1 (seed 003: training with randomly masked
 * neurons) against NumPy (issue 5's target: C at least 3x faster).
 *
 * One run of bc_masked_run (Bernoulli masks) and the same algorithm in
 * NumPy (bench/masked_ref.py, written the way a user would: a forward
 * pass by X @ W.T, the gradient by one matmul, the aggregation vectorised)
 * on the same initial weights, signs and masks: the C run's random draws
 * are replayed here from the same stream and handed to NumPy, so the two
 * final losses must agree to 1e-9 before the times count. Single-threaded.
 * usage: bench_masked [n m d K p tau reps]   (default 1000 4096 32 20 4 2 3) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gsl/gsl_randist.h>

#include "algorithms/masked.h"
#include "core/io.h"
#include "core/params.h"
#include "core/clock.h"
#include "core/rng.h"
#include "bench/bench_util.h"

void openblas_set_num_threads(int n);

int main(int argc, char **argv)
{
    long long v[7] = {1000, 4096, 32, 20, 4, 2, 3};
    if (bench_ints("bench_masked", argc, argv, v, 7, 1000000) < 0)
        return 2;
    size_t n = (size_t)v[0], m = (size_t)v[1], d = (size_t)v[2], K = (size_t)v[3];
    size_t p = (size_t)v[4], tau = (size_t)v[5], reps = (size_t)v[6];
    double xi = 0.5, kappa = 1.0, eta = 0.2;
    openblas_set_num_threads(1);
    gsl_rng *r = bc_rng_alloc();
    double *X = malloc(n * d * sizeof *X), *y = malloc(n * sizeof *y);
    double *W0 = malloc(m * d * sizeof *W0), *a = malloc(m * sizeof *a);
    unsigned char *masks = malloc(K * p * m);
    double *lf = malloc((K + 1) * sizeof *lf), *ls = malloc(K * sizeof *ls);
    double *ll = malloc(K * sizeof *ll), *times = malloc(reps * sizeof *times);
    if (!r || !X || !y || !W0 || !a || !masks || !lf || !ls || !ll || !times) {
        fprintf(stderr, "bench_masked: out of memory\n");
        return 2;
    }
    bc_rng_seed_stream(r, 1, "bench.masked/data", 0);
    for (size_t i = 0; i < n; i++) {
        bc_rng_unit_vector(r, d, X + i * d);
        y[i] = 2.0 * gsl_rng_uniform(r) - 1.0;
    }
    bc_masked_data dat = {n, d, m, X, y};
    bc_masked_params mp = {K, p, tau, eta, xi, kappa, 0};
    bc_masked_trace tr = {lf, ls, ll};

    /* C: its buffers allocated once, as the check's workspace does */
    bc_masked_ws *ws = bc_masked_ws_alloc(n, m, d, p);
    if (ws == NULL) {
        fprintf(stderr, "bench_masked: out of memory\n");
        return 5;
    }
    for (size_t i = 0; i < reps; i++) {
        bc_rng_seed_stream(r, 1, "bench.masked/run", 0);
        double t0 = bc_clock_now();
        if (bc_masked_run(&dat, &mp, r, ws, &tr) != 0) {
            fprintf(stderr, "bench_masked: the run failed\n");
            return 5;
        }
        times[i] = bc_clock_now() - t0;
    }
    double t_c = bench_median(times, reps), loss_c = lf[K];

    /* the same draws, in bc_masked_run's order, for NumPy */
    bc_rng_seed_stream(r, 1, "bench.masked/run", 0);
    for (size_t i = 0; i < m * d; i++)
        W0[i] = gsl_ran_gaussian_ziggurat(r, kappa);
    for (size_t k = 0; k < m; k++)
        a[k] = gsl_rng_uniform(r) < 0.5 ? -1.0 : 1.0;
    for (size_t k = 0; k < K; k++)
        for (size_t rr = 0; rr < m; rr++)
            for (size_t q = 0; q < p; q++)
                masks[(k * p + q) * m + rr] = gsl_rng_uniform(r) < xi;

    char dir[] = "/tmp/bc_bench_XXXXXX", meta[256], line[2048] = "", blas[128] = "";
    double loss_np = NAN, t_np = NAN;
    if (mkdtemp(dir) == NULL)
        return 5;
    snprintf(meta, sizeof meta, "n=%zu m=%zu d=%zu K=%zu p=%zu tau=%zu reps=%zu eta=%.17g xi=%.17g\n",
             n, m, d, K, p, tau, reps, eta, xi);
    int bad = bench_dump(dir, "meta.txt", meta, strlen(meta)) || bench_dump(dir, "X.bin", X, n * d * 8)
              || bench_dump(dir, "y.bin", y, n * 8) || bench_dump(dir, "W0.bin", W0, m * d * 8)
              || bench_dump(dir, "a.bin", a, m * 8) || bench_dump(dir, "masks.bin", masks, K * p * m);
    if (bad)
        bench_rm_dir("bench_masked", dir);
    else
        bench_run_ref("bench_masked", "bench/masked_ref.py", dir, line, sizeof line);
    int have_np = sscanf(line, "numpy %lf %lf %127s", &loss_np, &t_np, blas) == 3;
    double rel = have_np ? fabs(loss_np - loss_c) / fabs(loss_c) : NAN;
    printf("bench Algorithm 1 (Bernoulli masks): n=%zu m=%zu d=%zu K=%zu p=%zu tau=%zu, 1 thread, "
           "median of %zu\n", n, m, d, K, p, tau, reps);
    if (!have_np) {
        printf("  NumPy reference unavailable: %s\n",
               line[0] ? line : "(python3-numpy or python3-threadpoolctl missing)");
        printf("  C       %.3f s  final loss %.15g\n", t_c, loss_c);
        return 3;
    }
    printf("  final loss  C %.15g  NumPy %.15g  rel.diff %.1e %s\n", loss_c, loss_np, rel,
           rel <= 1e-9 ? "(agree)" : "(DISAGREE: times do not count)");
    printf("  C       %.3f s\n  NumPy   %.3f s  (BLAS: %s)\n  NumPy / C = %.2f   (target >= 3)\n",
           t_c, t_np, blas, t_np / t_c);
    double loss_pt = NAN, t_pt = NAN;
    char ver[64] = "";
    if (bench_torch_line(line, &loss_pt, &t_pt, ver, sizeof ver)) {
        double rel_pt = fabs(loss_pt - loss_c) / fabs(loss_c);
        printf("  PyTorch %.3f s  (%s, CPU, float64, 1 thread; final loss rel.diff %.1e%s)\n"
               "  PyTorch / C = %.2f\n", t_pt, ver, rel_pt,
               rel_pt <= 1e-9 ? "" : ": DISAGREE", t_pt / t_c);
    } else {
        printf("  PyTorch reference: not run (Debian's python3-torch not installed)\n");
    }
    mkdir("results", 0755);
    bc_atomic_file f;
    if (bc_io_atomic_open(&f, "results/bench_masked.csv") == 0) {
        fprintf(f.fp, "bench,n,m,d,K,p,tau,reps,c_s,numpy_s,numpy_over_c,rel_diff,blas\n");
        fprintf(f.fp, "algorithm1,%zu,%zu,%zu,%zu,%zu,%zu,%zu,%.6g,%.6g,%.4g,%.3g,%s\n", n, m, d,
                K, p, tau, reps, t_c, t_np, t_np / t_c, rel, blas);
        bc_io_atomic_commit(&f);
    }
    free(X); free(y); free(W0); free(a); free(masks); free(lf); free(ls); free(ll); free(times);
    bc_masked_ws_free(ws);
    gsl_rng_free(r);
    return rel <= 1e-9 ? 0 : 1;
}
