/* la.c -- CBLAS/LAPACKE wrappers (see la.h). */
#include "core/la.h"
#include "core/status.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include <gsl/gsl_cblas.h>
#include <lapacke.h>

int bc_la_status(int info)
{
    return info == 0 ? BC_SUCCESS : (info < 0 ? BC_EINVAL : BC_ENUMERIC);
}

/* From this order on the eigenvalues come from dsyevr_2stage: its band
 * reduction is matrix-matrix work where dsytrd's is half dsymv, which
 * streams the trailing matrix from memory once per column (n = 2000, one
 * thread: 0.29 s against 0.52 s; n = 800: even; below it the band stage's
 * overhead loses, 2.2x at n = 200). */
#define BC_LA_TWOSTAGE_MIN 800

int bc_la_blas_serial(void)
{
    int threads = openblas_get_num_threads();
    if (threads > 1)
        openblas_set_num_threads(1);
    return threads;
}

void bc_la_blas_restore(int threads)
{
    if (threads > 1)
        openblas_set_num_threads(threads);
}

/* dsyevr_2stage on the copy a, BLAS held to one thread: its stages ran
 * slower on two (0.38 s against 0.29 s at n = 2000), and one thread makes
 * the value the same whatever the caller's thread count. The row-major
 * upper triangle is the column-major lower one: no transposed copy. */
static int eigs_two_stage(double *a, size_t n, size_t il, size_t iu, double *all,
                          lapack_int *isuppz, lapack_int *m)
{
    int threads = bc_la_blas_serial();
    double z = 0.0;
    int info = LAPACKE_dsyevr_2stage(LAPACK_COL_MAJOR, 'N', 'I', 'L', (lapack_int)n, a,
                                     (lapack_int)n, 0.0, 0.0, (lapack_int)il, (lapack_int)iu,
                                     0.0, m, all, &z, 1, isuppz);
    bc_la_blas_restore(threads);
    return info;
}

int bc_la_sym_eigs(const double *A, size_t n, size_t il, size_t iu, double *w)
{
    if (A == NULL || w == NULL || n == 0 || il < 1 || iu < il || iu > n)
        return BC_EINVAL;
    if (n > SIZE_MAX / n / sizeof(double))
        return BC_ENOMEM;
    double *a = malloc(n * n * sizeof *a);
    double *all = malloc(n * sizeof *all);
    lapack_int *isuppz = malloc(2 * n * sizeof *isuppz);
    int st = BC_ENOMEM;
    if (a != NULL && all != NULL && isuppz != NULL) {
        lapack_int m = 0;
        memcpy(a, A, n * n * sizeof *a);
        int info = n >= BC_LA_TWOSTAGE_MIN
                       ? eigs_two_stage(a, n, il, iu, all, isuppz, &m)
                       : LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'N', 'I', 'U', (lapack_int)n, a,
                                        (lapack_int)n, 0.0, 0.0, (lapack_int)il,
                                        (lapack_int)iu, 0.0, &m, all, NULL, 1, isuppz);
        st = bc_la_status(info);
        if (st == 0 && (size_t)m != iu - il + 1)
            st = BC_ENUMERIC;
        if (st == 0)
            memcpy(w, all, (iu - il + 1) * sizeof *w);
    }
    free(a);
    free(all);
    free(isuppz);
    return st;
}

/* ---- lambda_min of a positive definite matrix by shift-invert Lanczos ----
 *
 * From BC_LA_LANCZOS_MIN on, bc_la_spd_lambda_min avoids the O(n^3)
 * tridiagonal reduction: two Cholesky factorisations (n^3/3 each) and a
 * few dozen triangular solves. Phase 1 factors A rounded to float (in
 * double where that could not serve: rough_factor, spd_lanczos) and runs
 * Lanczos on A^{-1} until its top Ritz value nu1 is rough (residual 1e-3
 * nu1): theta = 1/nu1 is near lambda_min. Phase 2 factors A - sigma I with
 * sigma = theta (1 - 2^-10); the factorisation succeeding shows sigma <
 * lambda_min (up to its backward error), so (A - sigma I)^{-1} is positive
 * definite with top eigenvalue 1/(lambda_min - sigma), well apart from the
 * next (sigma sits close to lambda_min): Lanczos from phase 1's Ritz vector
 * finds it to a residual of 1e-12 of itself in a few steps, and lambda_min
 * = sigma + 1/nu. Both Lanczos runs reorthogonalise fully (twice, against
 * every earlier vector). Every doubt returns to dsyevr: a factorisation
 * that fails (A singular or indefinite to working precision, or sigma not
 * below lambda_min twice), theta within 2^20 n u max|a_ij| of zero (its
 * rounding would decide), a NaN entry, no convergence in
 * BC_LA_LANCZOS_STEPS steps, or a phase-2 value above phase 1's. The
 * factorisations run in column blocks on OpenMP threads with one BLAS
 * thread each, so the value does not depend on the thread count
 * (OpenBLAS's own threaded dpotrf rounds differently on one and two
 * threads). */
#define BC_LA_LANCZOS_MIN 800
#define BC_LA_LANCZOS_STEPS 96
#define BC_LA_CHOL_BLOCK 192

/* The Cholesky factor U (A = U^T U) in place of the column-major upper
 * triangle of a (n x n, leading dimension n), right-looking in column
 * blocks of BC_LA_CHOL_BLOCK: the diagonal block by dpotrf, the block row
 * to its right by dtrsm and the trailing matrix by dgemm, the last two
 * split by column blocks over the OpenMP threads. Each block's arithmetic
 * is the same whichever thread does it. 0, or dpotrf's info > 0. */
static int chol_blocked(double *a, size_t n)
{
    const size_t nb = BC_LA_CHOL_BLOCK;
    for (size_t k = 0; k < n; k += nb) {
        size_t kb = n - k < nb ? n - k : nb, r = k + kb;
        lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'U', (lapack_int)kb, a + k * n + k,
                                              (lapack_int)n);
        if (info != 0)
            return (int)info;
        if (r == n)
            break;
        size_t nblk = (n - r + nb - 1) / nb;
#pragma omp parallel for schedule(dynamic, 1) if (!omp_in_parallel() && nblk > 1)
        for (size_t b = 0; b < nblk; b++) {
            size_t j = r + b * nb, jb = n - j < nb ? n - j : nb;
            /* U_kj = U_kk^{-T} A_kj; then A_ij -= U_ki^T U_kj for the
             * trailing rows i of this column block up to its diagonal */
            cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasTrans, CblasNonUnit, (int)kb,
                        (int)jb, 1.0, a + k * n + k, (int)n, a + j * n + k, (int)n);
        }
#pragma omp parallel for schedule(dynamic, 1) if (!omp_in_parallel() && nblk > 1)
        for (size_t b = 0; b < nblk; b++) {
            size_t j = r + b * nb, jb = n - j < nb ? n - j : nb;
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)(j + jb - r), (int)jb,
                        (int)kb, -1.0, a + r * n + k, (int)n, a + j * n + k, (int)n, 1.0,
                        a + j * n + r, (int)n);
        }
    }
    return 0;
}

/* The factor U of a Lanczos run: double (u), or single (uf, with wf, n
 * floats of scratch, when uf is not NULL). */
typedef struct {
    const double *u;
    const float *uf;
    float *wf;
} chol_factor;

/* w = (U^T U)^{-1} w by two triangular solves (in single precision when
 * the factor is single). */
static void chol_apply(const chol_factor *f, size_t n, double *w)
{
    const int m = (int)n;
    if (f->uf == NULL) {
        cblas_dtrsv(CblasColMajor, CblasUpper, CblasTrans, CblasNonUnit, m, f->u, m, w, 1);
        cblas_dtrsv(CblasColMajor, CblasUpper, CblasNoTrans, CblasNonUnit, m, f->u, m, w, 1);
        return;
    }
    for (size_t i = 0; i < n; i++)
        f->wf[i] = (float)w[i];
    cblas_strsv(CblasColMajor, CblasUpper, CblasTrans, CblasNonUnit, m, f->uf, m, f->wf, 1);
    cblas_strsv(CblasColMajor, CblasUpper, CblasNoTrans, CblasNonUnit, m, f->uf, m, f->wf, 1);
    for (size_t i = 0; i < n; i++)
        w[i] = (double)f->wf[i];
}

/* The top eigenvalue nu of (U^T U)^{-1} by Lanczos from v0 (n values, not
 * zero), reorthogonalised fully: 0 when the top Ritz pair's residual fell
 * to tol nu within BC_LA_LANCZOS_STEPS steps, 1 when not, < 0 on a
 * tridiagonal eigensolver failure. V: (BC_LA_LANCZOS_STEPS + 1) x n, w: n;
 * on success V's first row holds the top Ritz vector. */
static int lanczos_top(const chol_factor *f, size_t n, const double *v0, double tol, double *V,
                       double *w, double *nu)
{
    enum { K = BC_LA_LANCZOS_STEPS };
    double al[K], be[K], d[K], e[K], h[K];
    double *z = malloc((size_t)K * K * sizeof *z);
    if (z == NULL)
        return -1;
    cblas_dcopy((int)n, v0, 1, V, 1);
    cblas_dscal((int)n, 1.0 / cblas_dnrm2((int)n, V, 1), V, 1);
    int st = 1;
    for (int k = 0; k < K && st == 1; k++) {
        cblas_dcopy((int)n, V + (size_t)k * n, 1, w, 1);
        chol_apply(f, n, w);
        al[k] = 0.0;
        for (int pass = 0; pass < 2; pass++) {
            cblas_dgemv(CblasRowMajor, CblasNoTrans, k + 1, (int)n, 1.0, V, (int)n, w, 1, 0.0, h,
                        1);
            cblas_dgemv(CblasRowMajor, CblasTrans, k + 1, (int)n, -1.0, V, (int)n, h, 1, 1.0, w,
                        1);
            al[k] += h[k];
        }
        be[k] = cblas_dnrm2((int)n, w, 1);
        memcpy(d, al, (size_t)(k + 1) * sizeof *d);
        memcpy(e, be, (size_t)(k + 1) * sizeof *e);
        if (LAPACKE_dstev(LAPACK_COL_MAJOR, 'V', k + 1, d, e, z, k + 1) != 0 || !isfinite(d[k])) {
            st = -1;
            break;
        }
        *nu = d[k];
        const double *y = z + (size_t)k * (k + 1);   /* the top Ritz vector's coefficients */
        if (fabs(be[k] * y[k]) <= tol * *nu || be[k] == 0.0) {
            cblas_dgemv(CblasRowMajor, CblasTrans, k + 1, (int)n, 1.0, V, (int)n, y, 1, 0.0, w, 1);
            cblas_dcopy((int)n, w, 1, V, 1);
            st = 0;
        } else if (k + 1 < K) {
            cblas_dcopy((int)n, w, 1, V + (size_t)(k + 1) * n, 1);
            cblas_dscal((int)n, 1.0 / be[k], V + (size_t)(k + 1) * n, 1);
        }
    }
    free(z);
    return st;
}

/* Phase 1's factor: A rounded to single precision (af, n x n floats)
 * factored by spotrf on the calling thread (one BLAS thread: see below),
 * half the time and memory traffic of double; where A's entries are out of
 * a float's comfortable range (amax outside [2^-60, 2^60]) or A is too
 * close to singular for single precision (spotrf fails), or af is NULL,
 * A factored in double (a). */
static int rough_factor(const double *A, size_t n, double amax, double *a, float *af, float *wf,
                        chol_factor *f)
{
    *f = (chol_factor){.u = a, .uf = NULL, .wf = wf};
    if (af != NULL && amax >= 0x1p-60 && amax <= 0x1p60) {
        for (size_t k = 0; k < n * n; k++)
            af[k] = (float)A[k];
        if (LAPACKE_spotrf_work(LAPACK_COL_MAJOR, 'U', (lapack_int)n, af, (lapack_int)n) == 0) {
            f->uf = af;
            return 0;
        }
    }
    memcpy(a, A, n * n * sizeof *a);
    return chol_blocked(a, n);
}

/* Phases 1 and 2 (see above) on the work copies a (and af, NULL when it
 * could not be allocated): 0 and *lmin, or 1 when dsyevr must decide. */
static int spd_lanczos(const double *A, size_t n, double *a, float *af, float *wf, double *V,
                       double *w, double *lmin)
{
    /* max |a_ij| and ||A||_F >= ||A||_2 in one vectorised pass (fmax was a
     * call per entry); a NaN is skipped by the max but makes the sum NaN;
     * a sum that overflows is taken again, scaled */
    double amax = 0.0, ss = 0.0;
#pragma omp simd reduction(max : amax) reduction(+ : ss)
    for (size_t k = 0; k < n * n; k++) {
        double v = fabs(A[k]);
        amax = v > amax ? v : amax;
        ss += v * v;
    }
    if (isnan(ss))
        return 1;
    double fro = sqrt(ss);
    if (isinf(ss) && isfinite(amax)) {
        double inv = 1.0 / amax;
        ss = 0.0;
#pragma omp simd reduction(+ : ss)
        for (size_t k = 0; k < n * n; k++)
            ss += (A[k] * inv) * (A[k] * inv);
        fro = amax * sqrt(ss);
    }
    /* a fixed start vector: the value must not depend on anything else */
    uint64_t x = UINT64_C(0x9E3779B97F4A7C15);
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        w[i] = (double)(x >> 11) * 0x1p-53 - 0.5;
    }
    double nu = 0.0;
    chol_factor f;
    if (!(amax > 0.0) || rough_factor(A, n, amax, a, af, wf, &f) != 0
        || lanczos_top(&f, n, w, 1e-3, V, w, &nu) != 0)
        return 1;
    double theta = 1.0 / nu;
    if (f.uf != NULL && fro / theta * 0x1p-24 > 1e-4) {
        /* the single-precision solves' relative error, about cond(A) 2^-24,
         * could move theta by more than phase 2's margin: in double */
        if (rough_factor(A, n, amax, a, NULL, wf, &f) != 0
            || lanczos_top(&f, n, w, 1e-3, V, w, &nu) != 0)
            return 1;
        theta = 1.0 / nu;
    }
    if (!(theta > 0x1p20 * (double)n * DBL_EPSILON * amax))
        return 1;
    f = (chol_factor){.u = a, .uf = NULL, .wf = wf};
    for (double frac = 0x1p-10; frac <= 0x1p-6; frac *= 16.0) {
        double sigma = theta * (1.0 - frac);
        memcpy(a, A, n * n * sizeof *a);
        for (size_t i = 0; i < n; i++)
            a[i * n + i] -= sigma;
        if (chol_blocked(a, n) != 0)
            continue;   /* sigma not below lambda_min: once more, further down */
        cblas_dcopy((int)n, V, 1, w, 1);
        if (lanczos_top(&f, n, w, 1e-12, V, w, &nu) != 0 || !(nu > 0.0))
            return 1;
        double l = sigma + 1.0 / nu;
        if (!(l <= theta * (1.0 + 1e-6)))
            return 1;   /* above phase 1's Ritz value, an upper bound: distrust */
        *lmin = l;
        return 0;
    }
    return 1;
}

int bc_la_spd_lambda_min(const double *A, size_t n, double *lmin, int *lanczos)
{
    if (lanczos != NULL)
        *lanczos = 0;
    if (A == NULL || lmin == NULL || n == 0)
        return BC_EINVAL;
    if (n < BC_LA_LANCZOS_MIN)
        return bc_la_sym_eigs(A, n, 1, 1, lmin);
    if (n > SIZE_MAX / n / sizeof(double)
        || n > SIZE_MAX / (BC_LA_LANCZOS_STEPS + 1) / sizeof(double))
        return BC_ENOMEM;
    double *a = malloc(n * n * sizeof *a);
    double *V = malloc((size_t)(BC_LA_LANCZOS_STEPS + 1) * n * sizeof *V);
    double *w = malloc(n * sizeof *w);
    float *af = malloc(n * n * sizeof *af), *wf = malloc(n * sizeof *wf);
    int st = BC_ENOMEM;
    if (a != NULL && V != NULL && w != NULL && wf != NULL) {
        int threads = bc_la_blas_serial();
        int slow = spd_lanczos(A, n, a, af, wf, V, w, lmin);
        bc_la_blas_restore(threads);
        st = slow ? bc_la_sym_eigs(A, n, 1, 1, lmin) : BC_SUCCESS;
        if (lanczos != NULL)
            *lanczos = !slow;
    }
    free(a);
    free(V);
    free(w);
    free(af);
    free(wf);
    return st;
}

int bc_la_sym_lambda_max(const double *A, size_t n, double *lmax)
{
    return bc_la_sym_eigs(A, n, n, n, lmax);
}

/* Up to this order the extremes come from the cyclic Jacobi method below,
 * which calls no BLAS: LAPACK's dsyev on a 6 x 6 matrix spends most of its
 * time in the calls' overhead, and OpenBLAS's level-2 routines (dsymv,
 * dsyr2 inside dsytd2) take a process-wide allocation lock, so trials on
 * two threads waited for each other (dcasgd.lemmaC1: 70% efficiency).
 * Above it, dsyev's O(n^3) with a smaller constant wins. GSL's
 * gsl_eigen_jacobi would do, but it stops only when the off-diagonal part
 * is exactly zero, which rounding need not allow (it then runs to its
 * rotation limit). */
#define BC_LA_JACOBI_MAX 24

struct bc_la_eig_ws {
    size_t n;
    lapack_int lwork;
    double *a;             /* the copy the methods work on */
    double *w, *work;      /* dsyev's eigenvalues and work (n > BC_LA_JACOBI_MAX) */
};

/* The eigenvalues of the symmetric n x n row-major a (destroyed) on its
 * diagonal, by cyclic Jacobi (Golub and Van Loan, Matrix Computations,
 * 4th ed., Alg. 8.5.3, with Rutishauser's stable rotation): a pair is
 * skipped when |a_pq| <= eps sqrt(|a_pp a_qq|) (Demmel and Veselic's
 * criterion: the diagonal is then accurate to rounding), and the method
 * stops after a sweep without a rotation; each rotation zeroes a_pq
 * exactly and shrinks the off-diagonal mass, so this happens within a few
 * sweeps (quadratic convergence). BC_ENUMERIC after 60 sweeps or on a
 * non-finite entry. */
static int jacobi_eigs(double *a, size_t n)
{
    for (int sweep = 0; sweep < 60; sweep++) {
        int rotated = 0;
        for (size_t p = 0; p + 1 < n; p++)
            for (size_t q = p + 1; q < n; q++) {
                double apq = a[p * n + q], app = a[p * n + p], aqq = a[q * n + q];
                if (!isfinite(apq) || !isfinite(app) || !isfinite(aqq))
                    return BC_ENUMERIC;
                if (fabs(apq) <= DBL_EPSILON * sqrt(fabs(app * aqq)))
                    continue;
                double th = (aqq - app) / (2.0 * apq), t;
                if (fabs(th) > 1e150)
                    t = 0.5 / th;   /* th^2 would overflow */
                else
                    t = (th >= 0.0 ? 1.0 : -1.0) / (fabs(th) + sqrt(th * th + 1.0));
                double c = 1.0 / sqrt(t * t + 1.0), s = t * c, tau = s / (1.0 + c);
                a[p * n + p] = app - t * apq;
                a[q * n + q] = aqq + t * apq;
                a[p * n + q] = a[q * n + p] = 0.0;
                for (size_t r = 0; r < n; r++) {
                    if (r == p || r == q)
                        continue;
                    double g = a[r * n + p], h = a[r * n + q];
                    a[r * n + p] = a[p * n + r] = g - s * (h + g * tau);
                    a[r * n + q] = a[q * n + r] = h + s * (g - h * tau);
                }
                rotated = 1;
            }
        if (!rotated)
            return BC_SUCCESS;
    }
    return BC_ENUMERIC;
}

void bc_la_eig_ws_free(bc_la_eig_ws *w)
{
    if (w == NULL)
        return;
    free(w->a);
    free(w->w);
    free(w->work);
    free(w);
}

bc_la_eig_ws *bc_la_eig_ws_alloc(size_t n)
{
    if (n == 0 || n > INT32_MAX || n > SIZE_MAX / n / sizeof(double))
        return NULL;
    bc_la_eig_ws *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->n = n;
    w->a = malloc(n * n * sizeof *w->a);
    if (w->a != NULL && n > BC_LA_JACOBI_MAX) {
        /* dsyev's eigenvalues and the work size it asks for, at this n
         * (the Jacobi method below the switch needs neither) */
        double q = 0.0;
        if (LAPACKE_dsyev_work(LAPACK_COL_MAJOR, 'N', 'U', (lapack_int)n, NULL, (lapack_int)n,
                               NULL, &q, -1) != 0)
            q = (double)(3 * n);
        w->lwork = (lapack_int)q > (lapack_int)(3 * n) ? (lapack_int)q : (lapack_int)(3 * n);
        w->w = malloc(n * sizeof *w->w);
        w->work = malloc((size_t)w->lwork * sizeof *w->work);
    }
    if (w->a == NULL || (n > BC_LA_JACOBI_MAX && (w->w == NULL || w->work == NULL))) {
        bc_la_eig_ws_free(w);
        return NULL;
    }
    return w;
}

int bc_la_sym_extremes(bc_la_eig_ws *w, const double *A, double *lo, double *hi)
{
    if (w == NULL || A == NULL || lo == NULL || hi == NULL)
        return BC_EINVAL;
    size_t n = w->n;
    memcpy(w->a, A, n * n * sizeof *w->a);
    if (n <= BC_LA_JACOBI_MAX) {
        if (jacobi_eigs(w->a, n) != 0)
            return BC_ENUMERIC;
        *lo = *hi = w->a[0];
        for (size_t i = 1; i < n; i++) {
            *lo = fmin(*lo, w->a[i * n + i]);
            *hi = fmax(*hi, w->a[i * n + i]);
        }
        return BC_SUCCESS;
    }
    /* symmetric: the row-major matrix is its own column-major transpose,
     * so the _work routine runs on it directly (no transposed copy) */
    int info = LAPACKE_dsyev_work(LAPACK_COL_MAJOR, 'N', 'U', (lapack_int)n, w->a, (lapack_int)n,
                                  w->w, w->work, w->lwork);
    int st = bc_la_status(info);
    if (st == 0) {
        *lo = w->w[0];
        *hi = w->w[n - 1];
    }
    return st;
}

int bc_la_gram_cols(const double *X, size_t n, size_t d, double *G)
{
    if (X == NULL || G == NULL || n == 0 || d == 0)
        return BC_EINVAL;
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)n,
                1.0 / (double)n, X, (int)d, 0.0, G, (int)d);
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < i; j++)
            G[i * d + j] = G[j * d + i];
    return BC_SUCCESS;
}

int bc_la_spd_solve(double *A, size_t n, double *b)
{
    if (A == NULL || b == NULL || n == 0)
        return BC_EINVAL;
    int info = LAPACKE_dposv(LAPACK_ROW_MAJOR, 'U', (lapack_int)n, 1, A,
                             (lapack_int)n, b, 1);
    return bc_la_status(info);
}
