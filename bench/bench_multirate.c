/* bench_multirate.c -- the heavy path of multirate.b4, against NumPy.
 *
 * One multirate SGD trajectory (frozen reading, logistic regression,
 * full gradient norm at every step) is what every trial of multirate.b4
 * does. This bench times it three ways on the same data, single-threaded,
 * in one run:
 *   C:      bc_mr_run (libboundcheck, OpenBLAS dgemv)
 *   NumPy:  bench/multirate_ref.py, the same algorithm written the way a
 *           user would, on the same OpenBLAS (checked with threadpoolctl;
 *           the netlib reference BLAS is refused)
 *   floor:  the two dgemv calls per step alone (the BLAS work that cannot
 *           be avoided)
 * The answers must agree to 1e-9 before the times count. Prints ratios;
 * writes results/bench_multirate.csv.
 * usage: bench_multirate [n d T reps]
 * (default: 200 10 4096 5, the check's default instance, then 2000 100 2000 5) */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_randist.h>

#include "algorithms/multirate.h"
#include "core/io.h"
#include "core/params.h"
#include "core/clock.h"
#include "core/rng.h"
#include "bench/bench_util.h"

void openblas_set_num_threads(int n);

/* The batched step's floor: its two dgemm per block of BC_MR_ROWS data rows
 * per step (bc_mr_run_batch's shapes), without phi' and the updates. */
static double batch_gemm_floor(const bc_dataset *ds, size_t nb, size_t T, const double *Th,
                               double *Z, double *G)
{
    size_t n = ds->n, d = ds->d, R = BC_MR_ROWS;
    double t0 = bc_clock_now();
    for (size_t t = 0; t < T; t++)
        for (size_t i0 = 0; i0 < n; i0 += R) {
            size_t rb = n - i0 < R ? n - i0 : R;
            const double *Xb = ds->X + i0 * d;
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rb, (int)nb, (int)d, 1.0, Xb,
                        (int)d, Th, (int)nb, 0.0, Z, (int)nb);
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)d, (int)nb, (int)rb,
                        1.0 / (double)n, Xb, (int)d, Z, (int)nb, i0 == 0 ? 0.0 : 1.0, G, (int)nb);
        }
    return bc_clock_now() - t0;
}

/* nb trajectories, each its own stream, advanced together (two dgemm per
 * block of data rows per step) against the same nb one at a time (2 dgemv
 * per step each), and against the batched step's own dgemm floor: reps
 * interleaved runs, medians. one / floor is the most any batching that
 * leaves the two products to the BLAS can give on this machine. */
static void bench_batched(const bc_glm *p, const bc_mr_params *mp, const double *theta0,
                          bc_mr_workspace *w, size_t NB, size_t reps, FILE *csv)
{
    size_t n = p->data->n, d = p->data->d, T = mp->T;
    gsl_rng *rs[128] = {NULL};
    double means[128], m1[128], tone[3], tb[3], tf[3], dev = 0.0;
    int sts[128];
    bc_mr_batch *wb = bc_mr_batch_alloc(n, d, NB);
    size_t *smp = malloc(T * sizeof *smp);
    double *Th = calloc(NB * d, sizeof *Th), *Z = calloc(NB * n, sizeof *Z),
           *G = calloc(NB * d, sizeof *G);
    int okb = wb != NULL && smp != NULL && Th != NULL && Z != NULL && G != NULL;
    for (size_t b = 0; b < NB; b++)
        okb &= (rs[b] = bc_rng_alloc()) != NULL;
    for (size_t i = 0; okb && i < reps; i++) {
        double t0 = bc_clock_now();
        for (size_t b = 0; b < NB; b++) {
            bc_rng_seed_stream(rs[b], 1, "bench.batch", b);
            for (size_t t = 0; t < T; t++)
                smp[t] = bc_rng_index(rs[b], n);
            bc_mr_run(p, mp, theta0, smp, w, &m1[b], NULL);
        }
        tone[i] = bc_clock_now() - t0;
        for (size_t b = 0; b < NB; b++)
            bc_rng_seed_stream(rs[b], 1, "bench.batch", b);
        t0 = bc_clock_now();
        bc_mr_run_batch(p, mp, theta0, rs, NB, wb, means, sts);
        tb[i] = bc_clock_now() - t0;
        tf[i] = batch_gemm_floor(p->data, NB, T, Th, Z, G);
        for (size_t b = 0; b < NB; b++)
            dev = fmax(dev, fabs(means[b] - m1[b]) / fabs(m1[b]));
    }
    if (okb) {
        double one = bench_median(tone, reps), bat = bench_median(tb, reps),
               fl = bench_median(tf, reps);
        printf("  batched trials: %zu trajectories one at a time %.4f s, together %.4f s: "
               "%.2fx the trajectories per second (target >= 4; answers agree to %.1e)\n"
               "    the batched step's two dgemm alone %.4f s: together / floor %.2f, at most "
               "%.2fx attainable here with the products in BLAS (median of %zu)\n",
               NB, one, bat, one / bat, dev, fl, bat / fl, one / fl, reps);
        fprintf(csv, "multirate_batch%zu,%zu,%zu,%zu,%zu,%.6g,%.6g,%.6g,%.4g,%.4g,%.3g,\n", NB, n,
                d, T, reps, one, bat, fl, one / bat, bat / fl, dev);
    }
    for (size_t b = 0; b < NB; b++)
        if (rs[b] != NULL)
            gsl_rng_free(rs[b]);
    bc_mr_batch_free(wb);
    free(smp); free(Th); free(Z); free(G);
}

/* One size: prints the comparison, appends a CSV row; returns 0 when the
 * answers agree, 1 when they do not, 3 when NumPy is unavailable. */
static int bench_one(size_t n, size_t d, size_t T, size_t reps, FILE *csv)
{
    size_t k = 4, s0 = bc_mr_group_start(1, 2, d);
    double h = 1.0;

    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, 1, "bench.multirate", 0);
    bc_dataset *ds = NULL;
    double *theta0 = malloc(d * sizeof *theta0);
    size_t *samples = malloc(T * sizeof *samples);
    long long *samples64 = malloc(T * sizeof *samples64);
    bc_mr_workspace *w = bc_mr_workspace_alloc(n, d);
    double *times = malloc(reps * sizeof *times);
    if (bc_glm_synthetic(BC_GLM_LOGISTIC, n, d, 3.0, 0.0, r, &ds, NULL) != 0 || !theta0
        || !samples || !samples64 || !w || !times) {
        fprintf(stderr, "bench_multirate: out of memory\n");
        return 5;
    }
    for (size_t j = 0; j < d; j++)
        theta0[j] = gsl_ran_gaussian(r, 1.0);
    for (size_t t = 0; t < T; t++)
        samples64[t] = (long long)(samples[t] = bc_rng_index(r, n));
    bc_glm p = {BC_GLM_LOGISTIC, ds};
    bc_mr_params mp = {T, k, 2, h, h, BC_MR_FROZEN};

    /* C */
    double res = 0;
    for (size_t i = 0; i < reps; i++) {
        double t0 = bc_clock_now();
        bc_mr_run(&p, &mp, theta0, samples, w, &res, NULL);
        times[i] = bc_clock_now() - t0;
    }
    double t_c = bench_median(times, reps);

    /* floor: the two dgemv per step */
    double *out = malloc(n * sizeof *out), *g = malloc(d * sizeof *g);
    for (size_t i = 0; i < reps; i++) {
        double t0 = bc_clock_now();
        for (size_t t = 0; t < T; t++) {
            cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)d, 1.0, ds->X, (int)d,
                        theta0, 1, 0.0, out, 1);
            cblas_dgemv(CblasRowMajor, CblasTrans, (int)n, (int)d, 1.0, ds->X, (int)d,
                        out, 1, 0.0, g, 1);
        }
        times[i] = bc_clock_now() - t0;
    }
    double t_floor = bench_median(times, reps);

    /* NumPy */
    char dir[] = "/tmp/bc_bench_XXXXXX", meta[256], blas[128] = "";
    double res_np = NAN, t_np = NAN;
    if (mkdtemp(dir) == NULL)
        return 5;
    snprintf(meta, sizeof meta, "n=%zu d=%zu T=%zu k=%zu s0=%zu reps=%zu h=%.17g\n", n, d, T,
             k, s0, reps, h);
    int bad = bench_dump(dir, "meta.txt", meta, strlen(meta)) || bench_dump(dir, "X.bin", ds->X, n * d * 8)
              || bench_dump(dir, "y.bin", ds->y, n * 8) || bench_dump(dir, "theta0.bin", theta0, d * 8)
              || bench_dump(dir, "samples.bin", samples64, T * 8);
    char line[512] = "";
    if (bad)
        bench_rm_dir("bench_multirate", dir);
    else
        bench_run_ref("bench_multirate", "bench/multirate_ref.py", dir, line, sizeof line);
    if (sscanf(line, "numpy %lf %lf %127s", &res_np, &t_np, blas) != 3) {
        printf("NumPy reference unavailable: %s\n", line[0] ? line : "(python3-numpy or python3-threadpoolctl missing)");
        bc_mr_workspace_free(w);
        bc_dataset_free(ds);
        free(theta0); free(samples); free(samples64); free(times); free(out); free(g);
        gsl_rng_free(r);
        return 3;
    }
    double rel = fabs(res_np - res) / fabs(res);
    printf("bench multirate trajectory: n=%zu d=%zu T=%zu k=%zu, 1 thread, median of %zu\n",
           n, d, T, k, reps);
    printf("  answer  C %.15g  NumPy %.15g  rel.diff %.1e %s\n", res, res_np, rel,
           rel <= 1e-9 ? "(agree)" : "(DISAGREE: times do not count)");
    printf("  C       %.4f s\n  NumPy   %.4f s  (BLAS: %s)\n  floor   %.4f s  (2 dgemv per step)\n",
           t_c, t_np, blas, t_floor);
    printf("  NumPy / C = %.2f    C / floor = %.2f\n", t_np / t_c, t_c / t_floor);
    /* batched trials: 32 is what multirate.b4 runs; 128 shows that a
     * larger batch does not help (OpenBLAS runs the skinny products
     * fastest at about 32 columns here) */
    static const size_t nbs[] = {32, 128};
    for (size_t q = 0; q < sizeof nbs / sizeof nbs[0]; q++)
        bench_batched(&p, &mp, theta0, w, nbs[q], reps < 3 ? reps : 3, csv);
    fprintf(csv, "multirate_trajectory,%zu,%zu,%zu,%zu,%.6g,%.6g,%.6g,%.4g,%.4g,%.3g,%s\n", n,
            d, T, reps, t_c, t_np, t_floor, t_np / t_c, t_c / t_floor, rel, blas);
    bc_mr_workspace_free(w);
    bc_dataset_free(ds);
    free(theta0); free(samples); free(samples64); free(times); free(out); free(g);
    gsl_rng_free(r);
    return rel <= 1e-9 ? 0 : 1;
}

int main(int argc, char **argv)
{
    /* the default instance of multirate.b4, then a BLAS-bound size */
    long long v[2][4] = {{200, 10, 4096, 5}, {2000, 100, 2000, 5}};
    int given = bench_ints("bench_multirate", argc, argv, v[0], 4, LLONG_MAX);
    if (given < 0)
        return 2;
    size_t nsizes = given > 0 ? 1 : 2;   /* a size on the command line: only that one */
    openblas_set_num_threads(1);
    mkdir("results", 0755);
    bc_atomic_file f;
    if (bc_io_atomic_open(&f, "results/bench_multirate.csv") != 0) {
        fprintf(stderr, "bench_multirate: cannot write results/bench_multirate.csv\n");
        return 2;
    }
    fprintf(f.fp, "bench,n,d,T,reps,c_s,numpy_s,floor_s,numpy_over_c,c_over_floor,rel_diff,blas\n");
    int worst = 0;
    for (size_t i = 0; i < nsizes; i++) {
        int st = bench_one((size_t)v[i][0], (size_t)v[i][1], (size_t)v[i][2], (size_t)v[i][3], f.fp);
        worst = st > worst ? st : worst;
    }
    if (bc_io_atomic_commit(&f) != 0)
        return 5;
    return worst;
}
