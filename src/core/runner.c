/* runner.c -- the generic Monte-Carlo runner (see runner.h).
 *
 * Trial i always draws from the stream (seed, check id, i) and writes its
 * values to row i, and the statistics are computed afterwards in trial
 * order, so the numbers do not depend on the thread count or schedule. */
#include "core/runner.h"
#include "core/clock.h"
#include "core/rng.h"
#include "core/status.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include <omp.h>

/* OpenBLAS's own call (we link OpenBLAS; see the Makefile): keep BLAS
 * serial so that results do not depend on the thread count. */
void openblas_set_num_threads(int n);

volatile sig_atomic_t bc_runner_interrupted = 0;

void bc_run_opts_default(bc_run_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->alpha = 1e-3;
    o->ci_method = -1;
}

void bc_record_release(bc_record *rec)
{
    if (rec == NULL)
        return;
    free(rec->values);
    free(rec->aux);
    rec->values = NULL;
    rec->aux = NULL;
}


/* For a trial that failed numerically: did it write, for a deterministic
 * inequality, a finite slack above its tolerance? Only where every
 * quantity is EXACT or MEASURED (those may skip a trial with NaN). */
static int violated_before_failing(const bc_record *rec, const double *v)
{
    int viol = 0;
    for (size_t j = 0; j < rec->nq; j++) {
        bc_qkind k = rec->q[j].kind;
        if (k != BC_Q_EXACT && k != BC_Q_MEASURED)
            return 0;
        viol |= k == BC_Q_EXACT && isfinite(v[j]) && v[j] > rec->q[j].rtol;
    }
    return viol;
}

/* Runs the trials; returns 0, or nonzero after filling rec->failure. */
/* A trial's status after the runner's rules: a deterministic inequality
 * already violated before a divergence is VIOLATED, not FAILED (what could
 * not be computed is skipped); outside the hypothesis, every value NaN; a
 * non-finite value FAILS the run unless its quantity allows NaN. */
static int finish_trial(const bc_record *rec, int st, double *v)
{
    size_t nq = rec->nq;
    if (st == BC_ENUMERIC && violated_before_failing(rec, v)) {
        for (size_t j = 0; j < nq; j++)
            if (!isfinite(v[j]))
                v[j] = NAN;
        st = 0;
    }
    const int outside = st == BC_EHYPOTHESIS;
    if (outside) {
        /* outside the statement's hypothesis: every value NaN (judge_all
         * finds such trials, in a run or a merge) */
        for (size_t j = 0; j < nq; j++)
            v[j] = NAN;
        st = 0;
    }
    for (size_t j = 0; st == 0 && !outside && j < nq; j++)
        if (!isfinite(v[j]) && !((rec->q[j].kind == BC_Q_MEASURED
                                  || rec->q[j].kind == BC_Q_EXACT) && isnan(v[j])))
            st = BC_ENUMERIC;
    return st;
}

/* What the threads of a run share: the first failed trial and why, and
 * the counts the failure message needs. */
typedef struct {
    long first_bad;
    int bad_status, alloc_failed, timed_out;
    size_t done;
} run_state;

/* A thread's buffers for batches of B > 1 trials (method->trial_batch). */
typedef struct {
    size_t B;
    gsl_rng **r;
    double *v, *aux;
    int *st;
} batch_bufs;

static void batch_free(batch_bufs *b)
{
    for (size_t k = 0; b->r != NULL && k < b->B; k++)
        gsl_rng_free(b->r[k]);
    free(b->r);
    free(b->v);
    free(b->aux);
    free(b->st);
}

/* 1 when every buffer (and rng) of a batch of B trials of nq values was
 * allocated (B == 1: none needed). */
static int batch_alloc(batch_bufs *b, size_t B, size_t nq)
{
    memset(b, 0, sizeof *b);
    b->B = B;
    if (B == 1)
        return 1;
    int ok = (b->r = calloc(B, sizeof *b->r)) != NULL;
    b->v = malloc(B * nq * sizeof *b->v);
    b->aux = malloc(B * nq * sizeof *b->aux);
    b->st = malloc(B * sizeof *b->st);
    for (size_t k = 0; ok && k < B; k++)
        ok = (b->r[k] = bc_rng_alloc()) != NULL;
    return ok && b->v != NULL && b->aux != NULL && b->st != NULL;
}

/* Trial t's values into rec: copied from the batch j just computed, or
 * computed alone from its own stream. Its status after finish_trial. */
static int one_trial(const bc_check *c, const void *inst, void *ws, gsl_rng *r,
                     const batch_bufs *b, long j, long t, bc_record *rec)
{
    size_t nq = rec->nq;
    double *v = rec->values + (size_t)(t - (long)rec->trial_lo) * nq;
    double *aux = rec->aux + (size_t)(t - (long)rec->trial_lo) * nq;
    int st;
    if (b->B > 1) {
        size_t k = (size_t)(t - j * (long)b->B);
        memcpy(v, b->v + k * nq, nq * sizeof *v);
        memcpy(aux, b->aux + k * nq, nq * sizeof *aux);
        st = b->st[k];
    } else {
        for (size_t q = 0; q < nq; q++)
            aux[q] = v[q] = NAN;
        bc_rng_seed_stream(r, rec->seed, c->id, (uint64_t)t);
        st = c->method->trial_at != NULL ? c->method->trial_at(inst, ws, (size_t)t, r, v, aux)
                                         : c->method->trial(inst, ws, r, v, aux);
    }
    return finish_trial(rec, st, v);
}

/* The run's failure, if any, into rec->failure: 1, or 0 when it ran. */
static int run_failure(const run_state *s, bc_record *rec)
{
    if (bc_runner_interrupted)
        snprintf(rec->failure, sizeof rec->failure,
                 "interrupted by a signal after %zu trials", s->done);
    else if (s->alloc_failed)
        snprintf(rec->failure, sizeof rec->failure, "cannot allocate a thread's workspace");
    else if (s->timed_out)
        snprintf(rec->failure, sizeof rec->failure, "%s after %zu trials", BC_RUNNER_DEADLINE,
                 s->done);
    else if (s->first_bad >= 0)
        snprintf(rec->failure, sizeof rec->failure, "trial %ld: %s%s", s->first_bad,
                 bc_status_str(s->bad_status),
                 s->bad_status == BC_ENUMERIC ? " (NaN, Inf or divergence)" : "");
    else
        return 0;
    return 1;
}

static int run_trials(const bc_check *c, const void *inst, const bc_run_opts *o,
                      bc_record *rec)
{
    size_t nq = rec->nq, n = rec->trial_hi - rec->trial_lo;
    run_state s = {.first_bad = -1};

    if (o->progress != NULL)
        o->progress(o->progress_ctx, c->id, 0, n);
    const long lo = (long)rec->trial_lo, hi = (long)rec->trial_hi;
    const size_t B = c->method->trial_batch != NULL && c->method->batch > 1
                     && (c->method->batched == NULL || c->method->batched(inst))
                     ? c->method->batch : 1;

#pragma omp parallel num_threads(rec->threads)
    {
        void *ws = c->method->ws_alloc != NULL ? c->method->ws_alloc(inst) : NULL;
        gsl_rng *r = bc_rng_alloc();
        batch_bufs b;
        int ok = batch_alloc(&b, B, nq) && r != NULL && (ws != NULL || c->method->ws_alloc == NULL);
        if (!ok) {
#pragma omp atomic write
            s.alloc_failed = 1;
        }
        /* trials one by one, or whole batches (B > 1): batch j holds trials
         * j B .. j B + B - 1 whatever the range, so a trial's numbers never
         * depend on the shard split or the thread count */
        const long jlo = lo / (long)B, jhi = (hi + (long)B - 1) / (long)B;
        /* many light trials: chunks of 16, so that neighbouring trials'
         * values (often in one cache line) are written by one thread and
         * the shared counters are touched less; few heavy ones: one by one */
        const int chunk = B == 1 && jhi - jlo >= 4096 ? 16 : 1;
#pragma omp for schedule(dynamic, chunk)
        for (long j = jlo; j < jhi; j++) {
            if (!ok || bc_runner_interrupted || s.timed_out)
                continue;
            if (o->deadline > 0 && bc_clock_now() > o->deadline) {
#pragma omp atomic write
                s.timed_out = 1;
                continue;
            }
            if (B > 1) {
                for (size_t k = 0; k < B * nq; k++)
                    b.aux[k] = b.v[k] = NAN;
                for (size_t k = 0; k < B; k++)
                    bc_rng_seed_stream(b.r[k], rec->seed, c->id, (uint64_t)j * B + k);
                c->method->trial_batch(inst, ws, (gsl_rng *const *)b.r, b.v, b.aux, b.st);
            }
            for (long t = j * (long)B; t < (j + 1) * (long)B; t++) {
                if (t < lo || t >= hi)
                    continue;
                int st = one_trial(c, inst, ws, r, &b, j, t, rec);
                if (st != 0) {
#pragma omp critical(bc_runner_fail)
                    {
                        if (s.first_bad < 0 || t < s.first_bad) {
                            s.first_bad = t;
                            s.bad_status = st;
                        }
                    }
                }
                size_t d;
#pragma omp atomic capture
                d = ++s.done;
                if (omp_get_thread_num() == 0)
                    if (o->progress != NULL && d < n)
                        o->progress(o->progress_ctx, c->id, d, n);
            }
        }
        batch_free(&b);
        if (ws != NULL)
            c->method->ws_free(ws);
        gsl_rng_free(r);
    }
    if (o->progress != NULL)
        o->progress(o->progress_ctx, c->id, n, n);
    return run_failure(&s, rec);
}

/* An expectation: confidence interval of the mean against rhs. */
static int judge_mean(bc_record *rec, bc_quantity *q, size_t j, int ci_method)
{
    int ranged = isfinite(q->range_lo) && isfinite(q->range_hi);
    int m = ci_method >= 0 ? ci_method : (ranged ? BC_CI_RANGE : BC_CI_T);
    if (!ranged)
        m = BC_CI_T;
    rec->ci_method = (bc_ci_method)m;
    int st = bc_stats_ci(rec->values + j, rec->nq, rec->trials, rec->alpha,
                         (bc_ci_method)m, q->range_lo, q->range_hi, &q->ci);
    if (st != 0) {
        snprintf(rec->failure, sizeof rec->failure,
                 "quantity %s: a per-trial value is %s", q->name,
                 st == BC_ENUMERIC ? "outside its proven range (a bug or a wrong constant)"
                                   : "unusable");
        return 1;
    }
    q->ratio = q->ci.mean / q->rhs;
    q->ratio_upper = q->ci.upper / q->rhs;
    q->verdict = bc_verdict_decide(q->ci.lower, q->ci.upper, q->rhs);
    return 0;
}

/* A deterministic inequality: the worst normalised slack over all trials
 * against rtol. The interval fields hold the mean slack (for reading). */
static void judge_exact(bc_record *rec, bc_quantity *q, size_t j)
{
    size_t n = rec->trials, nq = rec->nq, used = 0;
    double sum = 0.0;
    q->worst = -INFINITY;
    q->failures = 0;
    for (size_t t = 0; t < n; t++) {
        double v = rec->values[t * nq + j];
        if (isnan(v))   /* the statement's hypothesis did not apply in this trial */
            continue;
        used++;
        sum += v;
        q->failures += v > q->rtol;
        if (v > q->worst) {
            q->worst = v;
            q->worst_trial = t;
            q->worst_aux = rec->aux[t * nq + j];
        }
    }
    memset(&q->ci, 0, sizeof q->ci);
    q->ci.n = used;
    q->ci.mean = used ? sum / (double)used : NAN;
    q->ci.lower = q->ci.upper = q->worst;
    q->ci.a = q->ci.b = NAN;
    q->rhs = 0.0;
    q->ratio = q->ratio_upper = NAN;
    if (used == 0) {
        /* nothing to judge: the theorem claims nothing on this instance */
        q->worst = NAN;
        q->verdict = BC_HOLDS;
        bc_record_precondition(rec, q->name, 0, "the hypothesis of '%s' held in none of the %zu "
                               "trials: the statement claims nothing here", q->name, n);
        return;
    }
    q->verdict = isfinite(q->worst) ? (q->worst <= q->rtol ? BC_HOLDS : BC_VIOLATED) : BC_FAILED;
}

/* A measured finding: mean with a t interval (or Clopper-Pearson for an
 * indicator), extremes; NaN values are "not applicable" and skipped. */
static void judge_measured(bc_record *rec, bc_quantity *q, size_t j)
{
    size_t n = rec->trials, nq = rec->nq, m = 0, ones = 0;
    /* an indicator is declared by the range [0, 1] */
    int indicator = q->range_lo == 0.0 && q->range_hi == 1.0;
    double *v = malloc(n * sizeof *v);
    q->vmin = INFINITY;
    q->vmax = -INFINITY;
    for (size_t t = 0; v != NULL && t < n; t++) {
        double x = rec->values[t * nq + j];
        if (isnan(x))
            continue;
        v[m++] = x;
        ones += x != 0.0;
        q->vmin = fmin(q->vmin, x);
        q->vmax = fmax(q->vmax, x);
    }
    memset(&q->ci, 0, sizeof q->ci);
    q->ci.n = m;
    q->ci.alpha = rec->alpha;
    q->ci.a = q->ci.b = NAN;
    q->ci.mean = q->ci.lower = q->ci.upper = NAN;
    if (m >= 1 && indicator) {
        q->ci.mean = (double)ones / (double)m;
        bc_stats_clopper_pearson(ones, m, rec->alpha, &q->ci.lower, &q->ci.upper);
    } else if (m >= 2) {
        bc_stats_ci(v, 1, m, rec->alpha, BC_CI_T, NAN, NAN, &q->ci);
    } else if (m == 1) {
        q->ci.mean = q->ci.lower = q->ci.upper = v[0];
    }
    q->ratio = q->ratio_upper = NAN;
    q->verdict = BC_HOLDS; /* not used: measured quantities take no part */
    free(v);
}

/* A failure frequency against delta (Clopper-Pearson, level alpha). */
static void judge_frequency(bc_record *rec, bc_quantity *q, size_t j)
{
    size_t n = rec->trials, nq = rec->nq, k = 0;
    for (size_t t = 0; t < n; t++)
        k += rec->values[t * nq + j] != 0.0;
    q->failures = k;
    memset(&q->ci, 0, sizeof q->ci);
    q->ci.n = n;
    q->ci.alpha = rec->alpha;
    q->ci.mean = (double)k / (double)n;
    q->ci.a = 0.0;
    q->ci.b = 1.0;
    bc_stats_clopper_pearson(k, n, rec->alpha, &q->ci.lower, &q->ci.upper);
    q->rhs = q->delta;
    q->ratio = q->ci.mean / q->delta;
    q->ratio_upper = q->ci.upper / q->delta;
    q->verdict = bc_verdict_frequency(k, n, q->delta, rec->alpha);
}

/* An instance's members (free_instance), then the instance itself. */
static void drop_instance(const bc_check *c, void *inst)
{
    if (inst == NULL)
        return;
    if (c->method->free_instance != NULL)
        c->method->free_instance(inst);
    free(inst);
}

/* Validates the options, builds the instance and allocates the per-trial
 * arrays. Returns 0 with *inst set, BC_USAGE with msg set, or BC_FAILED
 * with rec->failure set (the instance then already freed). */
static int prepare(const bc_check *c, const bc_params *p, const bc_run_opts *o,
                   bc_record *rec, void **inst, char *msg, size_t len)
{
    *inst = NULL;
    memset(rec, 0, sizeof *rec);
    rec->check = c;
    rec->params = *p;
    rec->seed = o->seed;
    rec->trials = o->trials > 0 ? o->trials : c->default_trials;
    rec->threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    rec->alpha = o->alpha;
    rec->quick = o->quick;
    rec->verdict = BC_FAILED;

    if (!(o->alpha > 0.0 && o->alpha < 0.5)) {
        snprintf(msg, len, "option --alpha: %.17g is out of range (0, 0.5)", o->alpha);
        return BC_USAGE;
    }
    if (rec->trials < 1) {
        snprintf(msg, len, "option --trials: %zu is too few (need at least 1)", rec->trials);
        return BC_USAGE;
    }
    if (o->nshards > 1 && o->shard >= o->nshards) {
        snprintf(msg, len, "option --shard: %zu/%zu needs I < N", o->shard, o->nshards);
        return BC_USAGE;
    }
    rec->shard = o->nshards > 1 ? o->shard : 0;
    rec->nshards = o->nshards > 1 ? o->nshards : 1;
    bc_shard_range(rec->trials, rec->shard, rec->nshards, &rec->trial_lo, &rec->trial_hi);
    if (c->method->validate != NULL && c->method->validate(p, c->variant, msg, len) != NULL)
        return BC_USAGE;

    /* BLAS stays serial in the set-up and inside the (parallel) trials:
     * OpenBLAS's threaded kernels split sums differently with the thread
     * count, which moved constants in the last digits between runs that
     * must agree (a merged run and a single one, --threads 1 and 2). */
    openblas_set_num_threads(1);
    /* the instance: allocated here, zeroed, for setup to fill */
    if ((*inst = calloc(1, c->method->inst_size > 0 ? c->method->inst_size : 1)) == NULL) {
        snprintf(rec->failure, sizeof rec->failure, "cannot allocate the instance");
        return BC_FAILED;
    }
    int st = c->method->setup(p, c->variant, rec, *inst, msg, len);
    if (st == BC_EINVAL) {
        drop_instance(c, *inst);
        return BC_USAGE;
    }
    if (st == BC_ENOMEM) {
        /* the set-up's allocations are the instance's sizes: one that does
         * not fit is bad input (exit 2), not a run that failed */
        char why[256];
        snprintf(why, sizeof why, "%s", msg);
        snprintf(msg, len, "the instance does not fit in memory (its set-up could not allocate%s%s): "
                 "lower its sizes", why[0] ? ": " : "", why);
        drop_instance(c, *inst);
        return BC_USAGE;
    }
    if (st == 0 && c->examined != NULL)
        bc_record_note(rec, "Proof steps examined: %s", c->examined);
    if (st == 0 && rec->dropped > 0) {
        st = BC_EBADLEN;
        snprintf(msg, len, "%zu entries did not fit in the record (a bug of the check's "
                 "descriptor; see record.h's table sizes)", rec->dropped);
    }
    if (st != 0) {
        snprintf(rec->failure, sizeof rec->failure, "setup failed: %s%s%s",
                 bc_status_str(st), msg[0] ? ": " : "", msg);
        msg[0] = '\0';
        drop_instance(c, *inst);
        return BC_FAILED;
    }

    for (size_t j = 0; j < rec->nq; j++)
        if (rec->q[j].kind == BC_Q_MEAN && rec->trials < 2) {
            snprintf(msg, len, "option --trials: %zu is too few for a confidence interval "
                     "(need at least 2)", rec->trials);
            drop_instance(c, *inst);
            return BC_USAGE;
        }
    /* a shard holds only its own block of rows: sharding spreads the
     * memory of a run as well as its time */
    size_t rows = rec->trial_hi - rec->trial_lo;
    rows = rows > 0 ? rows : 1;
    if (rec->nq == 0 || rows > SIZE_MAX / sizeof(double) / rec->nq
        || (rec->values = calloc(rows * rec->nq, sizeof(double))) == NULL
        || (rec->aux = calloc(rows * rec->nq, sizeof(double))) == NULL) {
        snprintf(rec->failure, sizeof rec->failure,
                 "cannot allocate the per-trial values (%zu trials)", rows);
        drop_instance(c, *inst);
        return BC_FAILED;
    }
    return 0;
}

/* Trials whose every value is NaN: outside the statement's hypothesis
 * (a trial returned BC_EHYPOTHESIS). Returns their count, the first in *first. */
static size_t outside_hypothesis(const bc_record *rec, size_t *first)
{
    size_t k = 0;
    for (size_t t = rec->trials; t-- > 0;) {
        int all = 1;
        for (size_t j = 0; all && j < rec->nq; j++)
            all = isnan(rec->values[t * rec->nq + j]);
        if (all) {
            k++;
            *first = t;
        }
    }
    return k;
}

/* Judges every quantity from the per-trial values; returns the verdict. */
static int judge_all(bc_record *rec, const bc_run_opts *o)
{
    bc_verdict overall = BC_HOLDS;
    int averaged = 0;
    for (size_t j = 0; j < rec->nq; j++)
        averaged |= rec->q[j].kind == BC_Q_MEAN || rec->q[j].kind == BC_Q_FREQUENCY;
    size_t first = 0, k = averaged ? outside_hypothesis(rec, &first) : 0;
    rec->outside = k;
    if (k > 0) {
        /* an expectation over trials some of which the statement excludes:
         * nothing to judge */
        double lo = 0.0, hi = 1.0;
        bc_stats_clopper_pearson(k, rec->trials, rec->alpha, &lo, &hi);
        bc_record_precondition(rec, "hypothesis in every trial", 0,
                               "it fails in %zu of %zu trials (first: trial %zu; see the notes): "
                               "the statement claims nothing here", k, rec->trials, first);
        bc_record_precondition_observed(rec);
        bc_record_note(rec, "FINDING: with these parameters the hypothesis fails in %zu of %zu "
                       "trials: the fraction of such trials is in [%.3g, %.3g] (Clopper-Pearson, "
                       "each side at alpha = %g)",
                       k, rec->trials, lo, hi, rec->alpha);
        rec->unjudged = 1;
        return rec->verdict = BC_PRECONDITION;
    }
    for (size_t j = 0; j < rec->nq; j++) {
        bc_quantity *q = &rec->q[j];
        if (q->kind == BC_Q_EXACT)
            judge_exact(rec, q, j);
        else if (q->kind == BC_Q_FREQUENCY)
            judge_frequency(rec, q, j);
        else if (q->kind == BC_Q_MEASURED) {
            judge_measured(rec, q, j);
            continue;
        }
        else if (judge_mean(rec, q, j, o->ci_method) != 0)
            return rec->verdict = BC_FAILED;
        overall = bc_verdict_combine(overall, q->verdict);
    }
    for (size_t i = 0; i < rec->npre; i++)
        if (!rec->pre[i].holds && overall != BC_FAILED)
            overall = BC_PRECONDITION;
    rec->verdict = overall;
    return overall;
}

void bc_shard_range(size_t trials, size_t shard, size_t nshards, size_t *lo, size_t *hi)
{
    if (nshards <= 1) {
        *lo = 0;
        *hi = trials;
        return;
    }
    /* contiguous blocks, so that shards concatenated in order are the run */
    *lo = (size_t)((unsigned __int128)trials * shard / nshards);
    *hi = (size_t)((unsigned __int128)trials * (shard + 1) / nshards);
}

int bc_runner_run(const bc_check *c, const bc_params *p, const bc_run_opts *o,
                  bc_record *rec, char *msg, size_t len)
{
    void *inst = NULL;
    int st = prepare(c, p, o, rec, &inst, msg, len);
    if (st != 0)
        return st;
    double t0 = bc_clock_now();
    int bad = run_trials(c, inst, o, rec);
    rec->wall_s = bc_clock_now() - t0;
    drop_instance(c, inst);
    if (bad)
        return rec->verdict = BC_FAILED;
    if (rec->nshards > 1) {
        /* a shard is judged only when merged with the others */
        rec->verdict = BC_HOLDS;
        return 0;
    }
    return judge_all(rec, o);
}

double bc_runner_auto_alpha(double alpha, size_t look)
{
    return ldexp(alpha, -(int)(look + 1));
}

int bc_runner_run_looks(const bc_check *c, const bc_params *p, const bc_run_opts *o,
                        int (*more)(void *ctx, size_t next, double seconds), void *ctx,
                        bc_record *rec, size_t *looks, char *msg, size_t len)
{
    bc_run_opts oj = *o;
    oj.trials = o->trials ? o->trials : c->default_trials;
    if (oj.trials < 2)
        oj.trials = 2;
    for (size_t look = 0;; look++) {
        oj.alpha = bc_runner_auto_alpha(o->alpha, look);
        double t0 = bc_clock_now();
        int code = bc_runner_run(c, p, &oj, rec, msg, len);
        if (code != BC_INCONCLUSIVE || !more(ctx, 2 * oj.trials, bc_clock_now() - t0)) {
            *looks = look + 1;
            return code;
        }
        bc_record_release(rec);
        oj.trials *= 2;
    }
}

static int below_max(void *ctx, size_t next, double seconds)
{
    (void)seconds;
    return next <= *(const size_t *)ctx;
}

int bc_runner_run_auto(const bc_check *c, const bc_params *p, const bc_run_opts *o,
                       size_t max_trials, bc_record *rec, char *msg, size_t len)
{
    const size_t n0 = o->trials ? o->trials : c->default_trials;
    size_t looks;
    int code = bc_runner_run_looks(c, p, o, below_max, &max_trials, rec, &looks, msg, len);
    if (code != BC_USAGE)
        bc_record_note(rec, "--trials auto: look %zu at %zu trials (doubling from %zu, at "
                       "most %zu), look k at level alpha/2^k (here %.3g), so that the chance "
                       "that any look errs is at most alpha = %g (a union bound over the "
                       "looks: stopping when decided keeps the level)%s", looks, rec->trials,
                       n0, max_trials < n0 ? n0 : max_trials, rec->alpha, o->alpha,
                       code != BC_INCONCLUSIVE ? "" : "; not decided within the budget");
    return code;
}

int bc_runner_merge(const bc_check *c, const bc_params *p, const bc_run_opts *o,
                    const char *const *names, size_t nq, const double *values,
                    const double *aux, double wall_s, bc_record *rec, char *msg, size_t len)
{
    void *inst = NULL;
    bc_run_opts whole = *o;
    whole.shard = 0;
    whole.nshards = 1;
    int st = prepare(c, p, &whole, rec, &inst, msg, len);
    if (st != 0)
        return st;
    drop_instance(c, inst);
    int same = rec->nq == nq;
    for (size_t j = 0; same && j < nq; j++)
        same = strcmp(rec->q[j].name, names[j]) == 0;
    if (!same) {
        snprintf(msg, len, "the quantities given differ from check %s's in this build", c->id);
        return BC_USAGE;
    }
    memcpy(rec->values, values, rec->trials * rec->nq * sizeof(double));
    memcpy(rec->aux, aux, rec->trials * rec->nq * sizeof(double));
    rec->wall_s = wall_s;
    return judge_all(rec, o);
}
