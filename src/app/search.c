/* search.c -- the counterexample search over the claimed box (see search.h). */
#include "app/search.h"
#include "core/stats.h"
#include "core/io.h"
#include "core/clock.h"
#include "core/rng.h"
#include "core/status.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>

#define SCREEN_SHARE 0.5    /* of the budget: stratified screening */
#define PROMOTE_SHARE 0.2   /* re-runs of the best screened points */
/* no evaluation costs more units than the larger of these and a tenth of
 * the budget (a quarter for the confirmation) */
#define CAP_SEARCH 16.0
#define CAP_CONFIRM 64.0
#define BATCH 32            /* points per Latin-hypercube batch */
#define MAX_POINTS 4096     /* evaluations remembered for ranking */

typedef struct {
    double u[BC_SEARCH_MAX_DIMS];
    double v;       /* objective, -inf if infeasible */
    int rung;       /* 0 screened, 1 full fidelity */
    int base;       /* the base instance itself (u only approximates it) */
} point;

typedef struct {
    int index;                  /* into the params */
    size_t nwords;
} dimx;

typedef struct {
    const bc_check *c;
    const bc_search_opts *o;
    bc_search_result *res;
    dimx dx[BC_SEARCH_MAX_DIMS];
    size_t nd;
    bc_run_opts ro;
    size_t trials;              /* full fidelity */
    double unit;                /* the estimated cost of the base run */
    double t0;
    int stop;
    point *pts;
    size_t npts;
    const double *hold;         /* Nelder-Mead: coordinates of the choices held */
    size_t caplog;              /* allocated entries of res->log */
    double log_rate;            /* mean log(seconds per unit) of runs of 0.1 unit or more */
    size_t nrate;
} ctx;

void bc_search_opts_default(bc_search_opts *o)
{
    memset(o, 0, sizeof *o);
    o->budget = 200;
    o->starts = 3;
    o->seed = 1;
}

/* A value x of quantity q's left-hand side as a ratio to its RHS; where
 * the RHS is negative (a bound that has turned negative: a claim no
 * non-negative quantity can meet) 1 + (x - rhs)/|rhs|, which is above 1
 * exactly when x exceeds the RHS, so such instances rank as violations;
 * against a zero RHS 2, 1 or 0 as x is above, at or below it. */
static double ratio_to(double x, double r)
{
    if (r > 0.0)
        return x / r;
    if (r == 0.0)  /* a zero bound: above it, at it, below it */
        return x > 0.0 ? 2.0 : x == 0.0 ? 1.0 : 0.0;
    return 1.0 + (x - r) / -r;
}

static double as_ratio(const bc_quantity *q, double x)
{
    return ratio_to(x, q->kind == BC_Q_FREQUENCY ? q->delta : q->rhs);
}

/* A reading's value: v (lo, hi its interval; a measurement's largest
 * value twice), fails_at the level above which it fails (lo > 1 for a
 * ratio, v > rtol for a slack; +inf for a measurement without a claim,
 * which never fails). */
typedef struct {
    double v, lo, hi, fails_at;
    int is_ratio;
} reading_val;

/* The readings a quantity offers (bc_search_opts.reading): a MEASURED
 * quantity is one, by its own name; a MEAN quantity one per alternative
 * RHS, by that reading's name; others none. */
static size_t n_readings(const bc_quantity *q)
{
    return q->kind == BC_Q_MEASURED ? 1 : q->kind == BC_Q_MEAN ? q->nalt : 0;
}

static const char *reading_name(const bc_quantity *q, size_t k)
{
    return q->kind == BC_Q_MEASURED ? q->name : q->alt[k].name;
}

static reading_val reading_value(const bc_quantity *q, size_t k)
{
    if (q->kind == BC_Q_MEASURED)
        return (reading_val){q->vmax, q->vmax, q->vmax, q->slack ? q->rtol : INFINITY, 0};
    double r = q->alt[k].value;
    return (reading_val){ratio_to(q->ci.mean, r), ratio_to(q->ci.lower, r),
                         ratio_to(q->ci.upper, r), 1.0, 1};
}

/* The reading called name in rec; -1 when rec has none. A reading several
 * quantities share (frozen and fresh, say): the one closest to failing, as
 * the ratio objective takes the largest. */
static int reading_of(const bc_record *rec, const char *name, reading_val *out)
{
    int found = 0;
    for (size_t j = 0; j < rec->nq; j++)
        for (size_t k = 0; k < n_readings(&rec->q[j]); k++) {
            if (strcmp(reading_name(&rec->q[j], k), name) != 0)
                continue;
            reading_val rv = reading_value(&rec->q[j], k);
            if (!found || rv.v > out->v || (isnan(out->v) && !isnan(rv.v))) {
                *out = rv;
                found = 1;
            }
        }
    return found ? 0 : -1;
}

/* The readings a record offers, quoted, each once, into out (for a usage
 * message). */
static void list_readings(const bc_record *rec, char *out, size_t len)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t j = 0; j < rec->nq && used < len; j++)
        for (size_t k = 0; k < n_readings(&rec->q[j]) && used < len; k++) {
            char quoted[BC_REC_NAME + 3];
            snprintf(quoted, sizeof quoted, "'%s'", reading_name(&rec->q[j], k));
            if (strstr(out, quoted) == NULL)
                used += (size_t)snprintf(out + used, len - used, "%s%s", used ? ", " : "", quoted);
        }
    if (used == 0)
        snprintf(out, len, "none");
}

/* The objective under --objective reading:NAME: the reading's value in a
 * judged run, -inf otherwise (a run outside the hypotheses says nothing
 * about a reading of the bound). */
static double reading_objective(const bc_record *rec, int code, const char *name, int *is_ratio,
                                char *what, size_t len)
{
    reading_val rv;
    int judged = code == BC_HOLDS || code == BC_VIOLATED || code == BC_INCONCLUSIVE;
    if (!judged || reading_of(rec, name, &rv) != 0 || !isfinite(rv.v))
        return -INFINITY;
    *is_ratio = rv.is_ratio;
    snprintf(what, len, "%s '%s'", rv.is_ratio ? "ratio LHS/RHS with" : "value of", name);
    return rv.v;
}

/* The value the search weighs for quantity q of a record whose quantities
 * include an expectation (any_mean) or not: the ratio LHS/RHS of an
 * expectation, else the worst slack of a deterministic inequality; NaN for
 * a quantity it does not weigh (another kind, or not the check's
 * search_target). */
static double weighed(const bc_record *rec, const bc_quantity *q, int any_mean)
{
    const char *target = rec->check != NULL ? rec->check->search_target : NULL;
    if (target != NULL && strcmp(q->name, target) != 0)
        return NAN;
    if (q->kind == BC_Q_FREQUENCY && !(q->delta < 1.0))
        return NAN;  /* a claimed failure probability of 1 cannot be broken */
    if (q->kind == BC_Q_EXACT && q->expectation)   /* E/RHS from (E - RHS)/max(E, RHS) */
        return q->worst <= 0.0 ? 1.0 + q->worst : q->worst < 1.0 ? 1.0 / (1.0 - q->worst) : INFINITY;
    if (any_mean)
        return q->kind == BC_Q_MEAN || q->kind == BC_Q_FREQUENCY ? as_ratio(q, q->ci.mean) : NAN;
    return q->kind == BC_Q_EXACT ? q->worst : NAN;
}

/* The quantity with the largest weighed value, or NULL. */
static const bc_quantity *weighed_max(const bc_record *rec, int *any_mean)
{
    const bc_quantity *best = NULL;
    *any_mean = 0;
    for (size_t j = 0; j < rec->nq; j++)
        *any_mean |= rec->q[j].kind == BC_Q_MEAN || rec->q[j].kind == BC_Q_FREQUENCY
                     || (rec->q[j].kind == BC_Q_EXACT && rec->q[j].expectation);
    for (size_t j = 0; j < rec->nq; j++) {
        double v = weighed(rec, &rec->q[j], *any_mean);
        if (!isnan(v) && (best == NULL || v > weighed(rec, best, *any_mean)))
            best = &rec->q[j];
    }
    return best;
}

double bc_search_objective(const bc_record *rec, int code, int *is_ratio, char *what, size_t len)
{
    int any_mean;
    const bc_quantity *q = weighed_max(rec, &any_mean);
    *is_ratio = any_mean;
    if (code == BC_USAGE || code == BC_FAILED || code == BC_PRECONDITION || q == NULL)
        return -INFINITY;
    double best = weighed(rec, q, any_mean);
    if (what != NULL && isfinite(best))
        snprintf(what, len, "%s of %s", any_mean ? "ratio LHS/RHS" : "worst slack", q->name);
    return isfinite(best) ? best : -INFINITY;
}

/* The fraction of a run's trials outside the hypothesis when every stated
 * condition held (a judged run: its count, usually 0), -inf when a stated
 * condition failed or nothing was run. */
static double outside_value(const bc_record *rec, int code)
{
    if (code != BC_PRECONDITION)
        return code == BC_HOLDS || code == BC_VIOLATED || code == BC_INCONCLUSIVE
               ? (rec->trials > 0 ? (double)rec->outside / (double)rec->trials : 0.0) : -INFINITY;
    int observed = 0;
    for (size_t i = 0; i < rec->npre; i++)
        if (!rec->pre[i].holds) {
            if (!rec->pre[i].observed)
                return -INFINITY;
            observed = 1;
        }
    if (!observed)
        return -INFINITY;
    return rec->outside > 0 && rec->trials > 0 ? (double)rec->outside / (double)rec->trials : 1.0;
}

int bc_search_exit_code(const bc_search_result *res)
{
    if (res->scope_confirmed || res->reading_fails)
        return BC_VIOLATED;
    if (res->counterexample)
        return BC_VIOLATED;
    if (res->confirm_code == BC_HOLDS || res->confirm_code == BC_INCONCLUSIVE)
        return res->confirm_code;
    return BC_PRECONDITION;
}

/* The i-th word of a '|'-separated list into out. */
static void nth_word(const char *list, size_t i, char *out, size_t len)
{
    const char *s = list;
    for (size_t k = 0; k < i && s != NULL; k++) {
        s = strchr(s, '|');
        s = s != NULL ? s + 1 : NULL;
    }
    out[0] = '\0';
    if (s == NULL)
        return;
    size_t w = strcspn(s, "|");
    snprintf(out, len, "%.*s", (int)(w < len ? w : len - 1), s);
}

static size_t count_words(const char *list)
{
    size_t n = 1;
    for (const char *s = list; *s; s++)
        n += *s == '|';
    return n;
}

/* The share of a unit coordinate that stands for 0 where 0 is claimed
 * below a log range: the lowest of its coverage bins. */
#define ZERO_SHARE (1.0 / BC_SEARCH_BINS)

/* Where a BC_CLAIM_TO1 coordinate turns from linear to log(1 - v): 1 - m
 * is the geometric mean of 1 - lo and 1 - hi (beta on [0, 0.9999]: 0.99). */
static double to_one_middle(const bc_search_dim *d)
{
    return 1.0 - sqrt((1.0 - d->lo) * (1.0 - d->hi));
}

/* Coordinate t in [0, 1] of dimension d as a value (before rounding). */
static double coord_value(const bc_search_dim *d, double t)
{
    t = fmin(1.0, fmax(0.0, t));
    if (d->to_one) {
        /* the lower half linear on [lo, m], the upper half 1 - v log-uniform
         * from 1 - m down to 1 - hi (m: the geometric middle of 1 - v) */
        double m = to_one_middle(d);
        if (t < 0.5)
            return d->lo + 2.0 * t * (m - d->lo);
        return 1.0 - exp(log(1.0 - m) + (2.0 * t - 1.0) * (log(1.0 - d->hi) - log(1.0 - m)));
    }
    if (!d->logscale)
        return d->lo + t * (d->hi - d->lo);
    if (d->zero) {
        if (t < ZERO_SHARE)
            return 0.0;
        t = (t - ZERO_SHARE) / (1.0 - ZERO_SHARE);
    }
    /* integers: log(1 + v), so that 0 can be in the range */
    double off = d->kind == BC_SEARCH_INT ? 1.0 : 0.0;
    return exp(log(d->lo + off) + t * (log(d->hi + off) - log(d->lo + off))) - off;
}

static double value_coord(const bc_search_dim *d, double v)
{
    if (d->hi <= d->lo)
        return 0.5;
    double t;
    if (d->to_one) {
        double m = to_one_middle(d);
        t = v <= m ? 0.5 * (v - d->lo) / (m - d->lo)
                   : 0.5 + 0.5 * (log(fmax(1.0 - v, 1e-300)) - log(1.0 - m))
                               / (log(1.0 - d->hi) - log(1.0 - m));
    } else if (!d->logscale)
        t = (v - d->lo) / (d->hi - d->lo);
    else if (d->zero && v <= 0.0)
        return ZERO_SHARE / 2.0;
    else {
        double off = d->kind == BC_SEARCH_INT ? 1.0 : 0.0;
        t = (log(fmax(v + off, 1e-300)) - log(d->lo + off)) / (log(d->hi + off) - log(d->lo + off));
        if (d->zero)
            t = ZERO_SHARE + (1.0 - ZERO_SHARE) * fmax(0.0, t);
    }
    return fmin(1.0, fmax(0.0, t));
}

/* The word of CHOICE coordinate k that unit coordinate t selects. */
static size_t word_index(const ctx *x, size_t k, double t)
{
    size_t n = x->dx[k].nwords;
    size_t w = (size_t)floor(fmin(1.0, fmax(0.0, t)) * (double)n);
    return w < n ? w : n - 1;
}

/* The values the unit-box point u stands for: a CHOICE's word index, an
 * integer rounded, a real as it is (before any search_fix). */
static void point_values(const ctx *x, const double *u, double *out)
{
    for (size_t k = 0; k < x->nd; k++) {
        const bc_search_dim *d = &x->res->dim[k];
        if (d->kind == BC_SEARCH_CHOICE) {
            out[k] = (double)word_index(x, k, u[k]);
        } else {
            out[k] = coord_value(d, u[k]);
            if (d->kind == BC_SEARCH_INT)
                out[k] = floor(out[k] + 0.5);
        }
    }
}

/* The unit-box point of the parameters p (the base instance, a proof-gap
 * family): each value mapped into its coordinate's range, a word to the
 * middle of its cell. */
static void params_coords(const ctx *x, const bc_params *p, double *u)
{
    for (size_t k = 0; k < x->nd; k++) {
        const bc_search_dim *d = &x->res->dim[k];
        int i = x->dx[k].index;
        if (d->kind == BC_SEARCH_CHOICE) {
            u[k] = 0.5 / (double)x->dx[k].nwords;
            for (size_t w = 0; w < x->dx[k].nwords; w++) {
                char word[128];
                nth_word(d->words, w, word, sizeof word);
                if (strcmp(word, p->text[i]) == 0)
                    u[k] = ((double)w + 0.5) / (double)x->dx[k].nwords;
            }
        } else {
            u[k] = value_coord(d, x->c->params[i].type == BC_PARAM_INT ? (double)p->integer[i]
                                                                       : p->real[i]);
        }
    }
}

/* Sets the parameters from unit-box coordinates u in [0, 1]^nd, then lets
 * the check move tied parameters onto its admissible set. */
static int apply(ctx *x, const double *u, bc_params *p, char *msg, size_t len)
{
    for (size_t k = 0; k < x->nd; k++) {
        const bc_search_dim *d = &x->res->dim[k];
        char buf[256];
        if (d->kind == BC_SEARCH_CHOICE) {
            nth_word(d->words, word_index(x, k, u[k]), buf, sizeof buf);
        } else {
            double v = coord_value(d, u[k]);
            if (d->zero && v == 0.0)
                snprintf(buf, sizeof buf, "0");   /* claimed below the range */
            else if (d->kind == BC_SEARCH_INT)
                snprintf(buf, sizeof buf, "%.0f", fmin(d->hi, fmax(d->lo, floor(v + 0.5))));
            else
                snprintf(buf, sizeof buf, "%.17g", fmin(d->hi, fmax(d->lo, v)));
        }
        if (bc_params_set(p, p->spec[x->dx[k].index].name, buf, msg, len) != 0)
            return -1;
    }
    if (x->c->method->search_fix != NULL)
        x->c->method->search_fix(p, x->o->hold);
    return 0;
}

/* The estimated work of a run with the given trials: the check's model,
 * else trials x the product of the size parameters. */
#define RUN_OVERHEAD 1e6     /* a run's fixed work (set-up, records), in the models' units */
#define TRIAL_OVERHEAD 1e4   /* a trial's (streams, workspace, statistics) */

static double run_cost(const bc_check *c, const bc_params *p, size_t trials)
{
    double fixed = RUN_OVERHEAD + TRIAL_OVERHEAD * (double)trials;
    if (c->method->search_cost != NULL)
        return fixed + c->method->search_cost(p, trials);
    double s = (double)trials * TRIAL_OVERHEAD;
    for (size_t i = 0; i < c->nparams; i++)
        if (c->params[i].claim.cost)
            s *= fmax(1.0, c->params[i].type == BC_PARAM_INT ? (double)p->integer[i] : p->real[i]);
    return fixed + s;
}

static void note_event(bc_search_event *e, int code, const char *why, const bc_params *p,
                       size_t trials)
{
    if (e->code != 0)
        return;
    e->code = code;
    e->trials = trials;
    snprintf(e->why, sizeof e->why, "%s", why);
    e->at = *p;
}

/* A run judged PRECONDITION only because some of its trials left the
 * hypothesis, every stated condition holding: counted, and the run with
 * the largest fraction of such trials kept (a finding, not an input
 * error: the statement's conditions admit runs outside its hypothesis). */
static void note_outside(bc_search_result *res, const bc_record *rec, const bc_params *p,
                         size_t trials)
{
    double frac = outside_value(rec, BC_PRECONDITION);
    if (!isfinite(frac))
        return;   /* a stated condition fails: outside the statement */
    const char *what = NULL;
    for (size_t i = 0; i < rec->npre; i++)
        if (!rec->pre[i].holds)
            what = rec->pre[i].detail;
    res->n_outside++;
    if (frac > res->outside_frac) {
        res->outside_frac = frac;
        res->worst_outside.code = 0;
        note_event(&res->worst_outside, BC_PRECONDITION, what, p, trials);
    }
}

/* A feasible run at u with values v (point_values): its bins and the
 * extremes seen, per coordinate. */
/* Whether coordinate k matters at the point with coordinate values v (a
 * choice: its word index): its claim's "name=word" holds there, or it has
 * none. A condition on a parameter the search holds is read from base. */
static int dim_active(const bc_search_result *res, const bc_params *base, size_t k,
                      const double *v)
{
    const char *w = res->dim[k].when;
    if (w[0] == '\0')
        return 1;
    size_t eq = strcspn(w, "=");
    char name[48], word[64];
    snprintf(name, sizeof name, "%.*s", (int)(eq < sizeof name ? eq : sizeof name - 1), w);
    const char *want = w[eq] == '=' ? w + eq + 1 : "";
    for (size_t j = 0; j < res->dims; j++)
        if (strcmp(res->dim[j].name, name) == 0 && res->dim[j].kind == BC_SEARCH_CHOICE) {
            nth_word(res->dim[j].words, (size_t)v[j], word, sizeof word);
            return strcmp(word, want) == 0;
        }
    return bc_params_find(base, name) >= 0 && strcmp(bc_params_str(base, name), want) == 0;
}

static void note_coverage(ctx *x, const double *u, const double *v)
{
    for (size_t k = 0; k < x->nd; k++) {
        bc_search_dim *d = &x->res->dim[k];
        if (!dim_active(x->res, &x->o->base, k, v))
            continue;   /* a tiny-data coordinate of a run in another form */
        if (d->kind == BC_SEARCH_CHOICE) {
            d->bins |= 1u << (size_t)v[k];
        } else {
            size_t b = (size_t)floor(fmin(1.0, fmax(0.0, u[k])) * BC_SEARCH_BINS);
            d->bins |= 1u << (b < BC_SEARCH_BINS ? b : BC_SEARCH_BINS - 1);
        }
        d->seen_lo = fmin(d->seen_lo, v[k]);
        d->seen_hi = fmax(d->seen_hi, v[k]);
    }
}

/* The parameters of a point: the base instance itself, or u mapped into
 * the box. */
static int point_params(ctx *x, const double *u, int base, bc_params *p, char *msg, size_t len)
{
    *p = x->o->base;
    return base ? 0 : apply(x, u, p, msg, len);
}

/* The most trials, up to want, whose run costs at most cap units; 0 when
 * even one trial costs more (the set-up alone, say). Under a wall-clock
 * cap, a run is also held to a share of it, in seconds predicted from
 * the runs so far (the cost models are estimates; their scale is
 * calibrated on the fly). */
static size_t affordable(const ctx *x, const bc_params *p, size_t want, double cap,
                         double time_share)
{
    if (x->o->time_limit > 0 && x->nrate > 0)
        cap = fmin(cap, x->o->time_limit * time_share / exp(x->log_rate / (double)x->nrate));
    double c0 = run_cost(x->c, p, 0) / x->unit, c1 = run_cost(x->c, p, 1) / x->unit - c0;
    if (c0 + c1 > cap)
        return 0;
    if (c1 <= 0.0 || c0 + (double)want * c1 <= cap)
        return want;
    return (size_t)floor((cap - c0) / c1);
}

/* Appends an evaluation to the log (values, not unit coordinates). */
static void log_eval(ctx *x, const double *values, double v, int code, int rung)
{
    bc_search_result *res = x->res;
    if (res->nlog == x->caplog) {
        size_t cap = x->caplog ? 2 * x->caplog : 256;
        bc_search_eval *nl = realloc(res->log, cap * sizeof *nl);
        if (nl == NULL)
            return;
        res->log = nl;
        x->caplog = cap;
    }
    bc_search_eval *e = &res->log[res->nlog++];
    memcpy(e->value, values, x->nd * sizeof *values);
    e->objective = v;
    e->code = code;
    e->rung = rung;
}

/* One evaluation at unit-box point u with up to `want` trials: the
 * objective, -inf if infeasible, NAN if the budget is spent. */
static double evaluate(ctx *x, const double *u, int base, size_t want, int rung)
{
    bc_search_result *res = x->res;
    if (x->stop || res->units >= x->o->budget
        || (x->o->time_limit > 0 && bc_clock_now() - x->t0 > x->o->time_limit)) {
        x->stop = 1;
        return NAN;
    }
    bc_params p;
    char msg[512];
    if (point_params(x, u, base, &p, msg, sizeof msg) != 0) {
        res->n_usage++;
        return -INFINITY;
    }
    double values[BC_SEARCH_MAX_DIMS];
    point_values(x, u, values);
    /* fewer trials for a costly point, at least 2; skipped above the cap */
    size_t trials = affordable(x, &p, want, fmax(CAP_SEARCH, x->o->budget / 10.0), 0.05);
    if (trials < 2) {
        res->n_costly++;
        log_eval(x, values, -INFINITY, -1, rung);
        return -INFINITY;
    }
    double cost = run_cost(x->c, &p, trials) / x->unit;
    res->units += cost;
    res->evals++;
    res->screened += rung == 0;
    res->promoted += rung == 1;
    res->local += rung == 2;
    bc_run_opts ro = x->ro;
    ro.trials = trials;
    /* no run may take more than a fifth of a wall-clock cap */
    if (x->o->time_limit > 0)
        ro.deadline = bc_clock_now() + x->o->time_limit / 5.0;
    bc_record rec;
    double t = bc_clock_now();
    int code = bc_runner_run(x->c, &p, &ro, &rec, msg, sizeof msg);
    t = bc_clock_now() - t;
    /* the calibration: runs that ran (a refused one costs no time) */
    if (cost >= 0.1 && t > 0 && code != BC_USAGE) {
        x->log_rate += log(t / cost);
        x->nrate++;
    }
    int is_ratio;
    char what[96];
    double v = bc_search_objective(&rec, code, &is_ratio, what, sizeof what);
    if (x->o->outside) {
        v = outside_value(&rec, code);
        is_ratio = 0;
        snprintf(what, sizeof what, "fraction of trials outside the hypothesis");
    } else if (x->o->reading != NULL) {
        v = reading_objective(&rec, code, x->o->reading, &is_ratio, what, sizeof what);
    }
    int stopped = code == BC_FAILED
                  && strncmp(rec.failure, BC_RUNNER_DEADLINE, strlen(BC_RUNNER_DEADLINE)) == 0;
    if (stopped) {
        res->n_costly++;  /* stopped by the search's cap: too costly, not a finding */
    } else if (code == BC_FAILED) {
        res->n_failed++;
        note_event(&res->first_failed, code, rec.failure[0] ? rec.failure : "FAILED", &p, trials);
    } else if (code == BC_PRECONDITION) {
        note_outside(res, &rec, &p, trials);
        if (!(x->o->outside && isfinite(v))) {   /* under --objective outside: feasible */
            res->n_precondition++;
            note_event(&res->first_precondition, code, "outside the statement's hypotheses", &p,
                       trials);
        }
    } else if (code == BC_USAGE) {
        res->n_usage++;
    } else if (!isfinite(v)) {
        res->n_vacuous++;  /* judged, but nothing to weigh (a vacuous bound) */
    }
    bc_record_release(&rec);
    if (isfinite(v)) {
        res->feasible++;
        note_coverage(x, u, values);
        if (v > res->best_obj) {
            res->best_obj = v;
            res->is_ratio = is_ratio;
            snprintf(res->objective, sizeof res->objective, "%s", what);
        }
    }
    log_eval(x, values, v, stopped ? -1 : code, rung);
    if (x->npts < MAX_POINTS) {
        point *pt = &x->pts[x->npts++];
        memcpy(pt->u, u, x->nd * sizeof *u);
        pt->v = v;
        pt->rung = rung > 0;
        pt->base = base;
    }
    return v;
}

static double nm_f(const gsl_vector *v, void *params)
{
    ctx *x = params;
    double u[BC_SEARCH_MAX_DIMS];
    size_t j = 0;
    for (size_t k = 0; k < x->nd; k++) {
        if (x->res->dim[k].kind == BC_SEARCH_CHOICE) {
            u[k] = x->hold[k];
            continue;
        }
        double t = gsl_vector_get(v, j++);
        if (t < 0.0 || t > 1.0)
            return 1e30;  /* outside the box */
        u[k] = t;
    }
    double f = evaluate(x, u, 0, x->trials, 2);
    return isfinite(f) ? -f : 1e30;
}


/* The coordinate of parameter i from its claim; a parameter named in
 * --vary without a claim is searched over its valid range. Returns 0 when
 * the parameter is not searched (fixed, or a single point). */
static int make_dim(const bc_param_spec *s, int i, bc_search_dim *d, dimx *dx, int forced)
{
    memset(d, 0, sizeof *d);
    snprintf(d->name, sizeof d->name, "%s", s->name);
    dx->index = i;
    d->seen_lo = INFINITY;
    d->seen_hi = -INFINITY;
    const bc_claim *cl = &s->claim;
    if (cl->when != NULL)
        snprintf(d->when, sizeof d->when, "%s", cl->when);
    if (s->type == BC_PARAM_CHOICE) {
        const char *w = cl->choices != NULL ? cl->choices : forced ? s->choices : NULL;
        if (w == NULL)
            return 0;
        d->kind = BC_SEARCH_CHOICE;
        snprintf(d->words, sizeof d->words, "%s", w);
        dx->nwords = count_words(d->words);
        d->lo = 0;
        d->hi = (double)dx->nwords - 1;
        return dx->nwords > 1;
    }
    if (s->type == BC_PARAM_PATH)
        return 0;
    d->kind = s->type == BC_PARAM_INT ? BC_SEARCH_INT : BC_SEARCH_REAL;
    if (cl->scale == BC_CLAIM_LOG || cl->scale == BC_CLAIM_LIN) {
        d->logscale = cl->scale == BC_CLAIM_LOG;
        d->zero = d->logscale && cl->zero;
        d->to_one = !d->logscale && cl->to_one && cl->hi < 1.0;
        d->lo = cl->lo;
        d->hi = cl->hi;
    } else if (forced) {
        /* the valid range, log-scaled when positive and wide */
        d->lo = s->lo_open && d->kind == BC_SEARCH_REAL ? fmax(s->lo, 1e-12) : s->lo;
        d->hi = s->hi;
        d->logscale = d->lo >= 0.0 && (d->lo > 0.0 || d->kind == BC_SEARCH_INT)
                      && d->hi > 100.0 * fmax(d->lo, 1.0 / 1024);
        if (d->logscale && d->lo == 0.0 && d->kind == BC_SEARCH_REAL)
            d->lo = 1e-12;
    } else {
        return 0;
    }
    if (d->logscale && d->kind == BC_SEARCH_REAL && d->lo <= 0.0)
        d->lo = 1e-300;
    return d->hi > d->lo;
}

/* Indices of the n best points of the given rung (or any rung when rung <
 * 0) with distinct coordinates; returns how many. */
static size_t best_points(const ctx *x, int rung, size_t *out, size_t n)
{
    size_t got = 0;
    while (got < n) {
        size_t b = (size_t)-1;
        for (size_t i = 0; i < x->npts; i++) {
            const point *p = &x->pts[i];
            if ((rung >= 0 && p->rung != rung) || !isfinite(p->v))
                continue;
            int taken = 0;
            for (size_t j = 0; j < got && !taken; j++)
                taken = i == out[j] || memcmp(p->u, x->pts[out[j]].u, x->nd * sizeof p->u[0]) == 0;
            if (!taken && (b == (size_t)-1 || p->v > x->pts[b].v))
                b = i;
        }
        if (b == (size_t)-1)
            break;
        out[got++] = b;
    }
    return got;
}

/* The share of the budget spent: of the units, or of the wall-clock cap
 * when that is nearer (so every rung gets its share of either). */
static double spent(const ctx *x)
{
    double f = x->res->units / x->o->budget;
    if (x->o->time_limit > 0)
        f = fmax(f, (bc_clock_now() - x->t0) / x->o->time_limit);
    return f;
}

/* A screened point that costs more than its batch's fair share of the
 * screening (of the units and of a wall-clock cap: SCREEN_SHARE / BATCH,
 * at least one unit) at min(want, 8) trials is moved toward the cheap end
 * of its size coordinates (the claims marked as costs: T, n, K, ...), all
 * by the same factor of their unit coordinates, until it fits: its other
 * coordinates keep their stratified values, which skipping it would lose,
 * and one batch cannot spend the screening's share on a few points.
 * 1 when it moved. */
static int fit_point(ctx *x, double *u, size_t want)
{
    size_t need = want < 8 ? want : 8;
    double share = SCREEN_SHARE / BATCH, cap = fmax(1.0, x->o->budget * share);
    int moved = 0;
    for (int it = 0; it < 32; it++) {
        bc_params p;
        char msg[256];
        if (point_params(x, u, 0, &p, msg, sizeof msg) != 0
            || affordable(x, &p, need, cap, share) >= need)
            return moved;
        int any = 0;
        for (size_t k = 0; k < x->nd; k++)
            if (x->res->dim[k].kind != BC_SEARCH_CHOICE && x->c->params[x->dx[k].index].claim.cost
                && u[k] > 0.0) {
                u[k] = u[k] < 1e-3 ? 0.0 : 0.75 * u[k];
                any = 1;
            }
        if (!any)
            return moved;
        moved = 1;
    }
    return moved;
}

/* 1. screening: Latin-hypercube batches at a quarter of the trials */
static void screen(ctx *x, gsl_rng *r)
{
    double until = SCREEN_SHARE;
    size_t want = x->trials / 4 > 2 ? x->trials / 4 : 2;
    double u[BC_SEARCH_MAX_DIMS];
    /* the base instance first, then the check's proof-gap families */
    params_coords(x, &x->o->base, u);
    evaluate(x, u, 1, want, 0);
    for (const char *const *pr = x->c->search_presets; pr != NULL && *pr != NULL; pr++) {
        bc_params p = x->o->base;
        char msg[256];
        if (bc_params_apply_profile(&p, *pr, msg, sizeof msg) != 0)
            continue;
        params_coords(x, &p, u);
        evaluate(x, u, 0, want, 0);
        x->res->npresets++;
    }
    size_t perm[BC_SEARCH_MAX_DIMS][BATCH];
    while (!x->stop && spent(x) < until) {
        for (size_t k = 0; k < x->nd; k++) {
            for (size_t s = 0; s < BATCH; s++)
                perm[k][s] = s;
            gsl_ran_shuffle(r, perm[k], BATCH, sizeof perm[k][0]);
        }
        for (size_t s = 0; s < BATCH && !x->stop && spent(x) < until; s++) {
            for (size_t k = 0; k < x->nd; k++)
                u[k] = ((double)perm[k][s] + gsl_rng_uniform(r)) / BATCH;
            x->res->n_fitted += fit_point(x, u, want);
            evaluate(x, u, 0, want, 0);
        }
    }
}

/* 2. promotion: the best screened points at full fidelity */
static void promote(ctx *x)
{
    double until = SCREEN_SHARE + PROMOTE_SHARE;
    size_t idx[64];
    size_t n = best_points(x, 0, idx, 64);
    for (size_t i = 0; i < n && !x->stop && spent(x) < until; i++) {
        double u[BC_SEARCH_MAX_DIMS];
        memcpy(u, x->pts[idx[i]].u, x->nd * sizeof u[0]);
        evaluate(x, u, x->pts[idx[i]].base, x->trials, 1);
    }
}

/* 3. Nelder-Mead over the numeric coordinates from the best full-fidelity
 * points, the choices held, sharing what is left of the budget */
static void local_search(ctx *x)
{
    size_t nnum = 0;
    for (size_t k = 0; k < x->nd; k++)
        nnum += x->res->dim[k].kind != BC_SEARCH_CHOICE;
    if (nnum == 0)
        return;
    size_t starts = x->o->starts ? x->o->starts : 1;
    size_t idx[64];
    size_t n = best_points(x, 1, idx, starts < 64 ? starts : 64);
    gsl_multimin_fminimizer *nm = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, nnum);
    gsl_vector *xv = gsl_vector_alloc(nnum), *step = gsl_vector_alloc(nnum);
    point start[64];
    for (size_t s = 0; s < n; s++)
        start[s] = x->pts[idx[s]];
    for (size_t s = 0; s < n && !x->stop && nm && xv && step; s++) {
        size_t j = 0;
        for (size_t k = 0; k < x->nd; k++)
            if (x->res->dim[k].kind != BC_SEARCH_CHOICE) {
                gsl_vector_set(xv, j, start[s].u[k]);
                gsl_vector_set(step, j++, 0.1);
            }
        x->hold = start[s].u;
        gsl_multimin_function fn = {nm_f, nnum, x};
        gsl_multimin_fminimizer_set(nm, &fn, xv, step);
        double until = spent(x) + (1.0 - spent(x)) / (double)(n - s);
        for (size_t it = 0; !x->stop && spent(x) < until && it < 10000; it++) {
            if (gsl_multimin_fminimizer_iterate(nm) != GSL_SUCCESS)
                break;
            if (gsl_multimin_fminimizer_size(nm) < 1e-4)
                break;
        }
    }
    gsl_multimin_fminimizer_free(nm);
    gsl_vector_free(xv);
    gsl_vector_free(step);
}

/* The confirmation of p: bc_runner_run_looks (look j at alpha / 2^(j+1),
 * so that all looks together err with probability at most alpha, the
 * trials doubling while INCONCLUSIVE), up to BC_SEARCH_GROW times the first
 * look's trials, while the next look costs at most cap units and, under
 * --time, is predicted (from the last look's seconds) to end within half
 * the time cap after it. */
typedef struct {
    const ctx *x;
    const bc_params *p;
    size_t most;
    double cap;
} looks_rule;

static int more_looks(void *v, size_t next, double seconds)
{
    const looks_rule *r = v;
    double t = r->x->o->time_limit;
    return next <= r->most && run_cost(r->x->c, r->p, next) / r->x->unit <= r->cap
           && (t <= 0.0 || bc_clock_now() - r->x->t0 + 2.0 * seconds <= 1.5 * t);
}

static int confirm_looks(const ctx *x, const bc_params *p, const bc_run_opts *co, double cap,
                         bc_record *rec, char *msg, size_t len)
{
    looks_rule r = {x, p, BC_SEARCH_GROW * co->trials, cap};
    size_t looks;
    int code = bc_runner_run_looks(x->c, p, co, more_looks, &r, rec, &looks, msg, len);
    if (code != BC_USAGE)
        bc_record_note(rec, "the search's confirmation: look %zu at %zu trials (doubling from "
                       "%zu while INCONCLUSIVE, at most %d times), look k at level alpha/2^k "
                       "(here %.3g), so that the chance that any look errs is at most alpha = %g",
                       looks, rec->trials, co->trials, BC_SEARCH_GROW, rec->alpha, co->alpha);
    return code;
}

/* 4. confirmation: the best candidates in turn until one can be judged */
static void confirm(ctx *x)
{
    bc_search_result *res = x->res;
    size_t idx[BC_SEARCH_CONFIRMS];
    size_t n = best_points(x, -1, idx, BC_SEARCH_CONFIRMS);
    bc_run_opts co = x->ro;
    /* A mean's evaluations are noisy and the best of many overstates it: a
     * fresh seed confirms. A worst slack of exact inequalities is not: each
     * trial is an instance drawn at random, and one that fails is a
     * counterexample whatever else was drawn; a fresh seed could only miss
     * a rare one. So an exact objective reruns the evaluations' own seed
     * (trial t draws stream t: the longer run repeats the evaluation's
     * trials and adds more). */
    res->confirm_seed = isfinite(res->best_obj) && !res->is_ratio && !x->o->outside
                        && x->o->reading == NULL ? x->o->seed : x->o->seed + 1;
    co.seed = res->confirm_seed;
    res->confirm_code = BC_PRECONDITION;
    memset(&res->confirm, 0, sizeof res->confirm);
    int have = 0;
    for (size_t i = 0; i < n; i++) {
        char msg[512] = "";
        bc_params p;
        if (point_params(x, x->pts[idx[i]].u, x->pts[idx[i]].base, &p, msg, sizeof msg) != 0)
            continue;
        size_t want = x->o->confirm_trials ? x->o->confirm_trials : x->c->default_trials;
        double cap = fmax(CAP_CONFIRM, x->o->budget / 4.0);
        size_t trials = affordable(x, &p, want, cap, 0.5);
        if (co.seed == x->o->seed && trials < x->trials)
            trials = x->trials;   /* at least the evaluations' trials: they rerun */
        co.trials = trials > 2 ? trials : 2;
        if (have)
            bc_record_release(&res->confirm);
        int code = x->o->outside ? bc_runner_run(x->c, &p, &co, &res->confirm, msg, sizeof msg)
                                 : confirm_looks(x, &p, &co, cap, &res->confirm, msg, sizeof msg);
        res->confirm_first = co.trials;
        have = 1;
        res->best = p;
        res->confirm_code = code;
        if (code != BC_FAILED && code != BC_PRECONDITION && code != BC_USAGE)
            break;
        if (x->o->outside && isfinite(outside_value(&res->confirm, code)))
            break;
        bc_search_event *e = &res->rejected[res->nrejected++];
        e->code = code;
        e->trials = co.trials;
        e->at = p;
        snprintf(e->why, sizeof e->why, "%s",
                 code == BC_USAGE ? msg : res->confirm.failure[0] ? res->confirm.failure
                 : code == BC_PRECONDITION ? "outside the statement's hypotheses" : "FAILED");
    }
    if (!have)
        res->best = x->o->base;
}

static void sensitivity(bc_search_result *res, const bc_params *base);

/* A parameter the search holds at the base value, and why. */
static void note_held(bc_search_result *res, const char *name, const char *why)
{
    if (res->nfixed == BC_SEARCH_MAX_DIMS)
        return;
    snprintf(res->fixed[res->nfixed], sizeof res->fixed[0], "%s", name);
    snprintf(res->fixed_why[res->nfixed++], sizeof res->fixed_why[0], "%s", why);
}

/* --objective reading:NAME names a reading of the check: the base instance
 * is run with 2 trials (its record lists the readings); BC_USAGE with the
 * list in msg when NAME is not one of them. */
static int check_reading(const ctx *x, char *msg, size_t len)
{
    bc_run_opts ro = x->ro;
    ro.trials = 2;
    bc_record rec;
    char why[512] = "", list[400];
    int code = bc_runner_run(x->c, &x->o->base, &ro, &rec, why, sizeof why);
    reading_val rv;
    int found = reading_of(&rec, x->o->reading, &rv) == 0;
    list_readings(&rec, list, sizeof list);
    bc_record_release(&rec);
    if (found)
        return 0;
    if (code == BC_USAGE)
        snprintf(msg, len, "%s", why);
    else
        snprintf(msg, len, "--objective reading:%s: %s has no such reading (its readings: %s)",
                 x->o->reading, x->c->id, list);
    return BC_USAGE;
}

int bc_search_run(const bc_check *c, const bc_search_opts *o, bc_search_result *res,
                  char *msg, size_t len)
{
    ctx x;
    memset(&x, 0, sizeof x);
    memset(res, 0, sizeof *res);
    x.c = c;
    x.o = o;
    x.res = res;
    res->best_obj = -INFINITY;
    res->best = o->base;
    res->ratio = res->ratio_lo = res->ratio_hi = NAN;
    res->reading = res->reading_lo = res->reading_hi = NAN;

    const char *vary = o->vary;
    if (vary != NULL) {
        /* every listed name must be a parameter that can be searched */
        char list[1024];
        snprintf(list, sizeof list, "%s", vary);
        for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            int i = bc_params_find(&o->base, tok);
            if (i < 0 || c->params[i].type == BC_PARAM_PATH) {
                snprintf(msg, len, "--vary: '%s' is not a parameter of %s that can be searched",
                         tok, c->id);
                return BC_USAGE;
            }
        }
    }
    for (size_t i = 0; i < c->nparams; i++) {
        const bc_param_spec *s = &c->params[i];
        int forced = vary != NULL && bc_params_held(vary, s->name);
        if (vary != NULL && !forced)
            continue;
        if (bc_params_held(o->hold, s->name) && !forced)
            note_held(res, s->name, "given");
        else if (x.nd < BC_SEARCH_MAX_DIMS && make_dim(s, (int)i, &res->dim[x.nd], &x.dx[x.nd], forced))
            x.nd++;
        else if (vary == NULL)
            note_held(res, s->name, s->claim.why != NULL ? s->claim.why : "not declared");
    }
    res->dims = x.nd;
    if (x.nd == 0) {
        snprintf(msg, len, "%s declares no claimed range to search (use --vary)", c->id);
        return BC_USAGE;
    }
    if (!(o->budget >= 2)) {
        snprintf(msg, len, "--budget must be at least 2");
        return BC_USAGE;
    }

    bc_run_opts_default(&x.ro);
    x.ro.quiet = 1;
    x.ro.seed = o->seed;
    x.ro.threads = o->threads;
    x.trials = o->trials;
    if (x.trials == 0)
        x.trials = bc_params_profile_trials(c->quick);
    if (x.trials == 0)
        x.trials = c->default_trials;
    if (x.trials < 2)
        x.trials = 2;
    x.unit = run_cost(c, &o->base, x.trials);
    if (o->reading != NULL && check_reading(&x, msg, len) != 0)
        return BC_USAGE;
    x.pts = calloc(MAX_POINTS, sizeof *x.pts);
    if (x.pts == NULL) {
        snprintf(msg, len, "no memory for the search");
        return BC_USAGE;
    }
    x.t0 = bc_clock_now();

    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, o->seed, "search", 0);
    screen(&x, r);
    gsl_rng_free(r);
    promote(&x);
    local_search(&x);
    confirm(&x);
    res->seconds = bc_clock_now() - x.t0;
    free(x.pts);

    int any_mean;
    const bc_quantity *q = weighed_max(&res->confirm, &any_mean);
    double v = q != NULL ? weighed(&res->confirm, q, any_mean) : NAN;
    int judged = res->confirm_code == BC_HOLDS || res->confirm_code == BC_VIOLATED
                 || res->confirm_code == BC_INCONCLUSIVE;
    if (isfinite(v) && judged) {
        res->ratio = v;
        res->ratio_lo = q->kind == BC_Q_EXACT ? v : as_ratio(q, q->ci.lower);
        res->ratio_hi = q->kind == BC_Q_EXACT ? v : as_ratio(q, q->ci.upper);
        res->is_ratio = any_mean;
    }
    res->counterexample = res->confirm_code == BC_VIOLATED;
    if (o->outside && isfinite(outside_value(&res->confirm, res->confirm_code))) {
        res->confirm_outside = res->confirm.outside;
        res->outside_lo = 0.0;
        res->outside_hi = 1.0;
        if (res->confirm.trials > 0)
            bc_stats_clopper_pearson(res->confirm.outside, res->confirm.trials,
                                     res->confirm.alpha, &res->outside_lo, &res->outside_hi);
        /* a pilot run outside (no trial counted) is a confirmed finding too */
        res->scope_confirmed = res->confirm_code == BC_PRECONDITION;
    }
    reading_val rv;
    if (o->reading != NULL && judged && reading_of(&res->confirm, o->reading, &rv) == 0
        && isfinite(rv.v)) {
        res->reading = rv.v;
        res->reading_lo = rv.lo;
        res->reading_hi = rv.hi;
        res->reading_is_ratio = rv.is_ratio;
        res->reading_judged = isfinite(rv.fails_at);
        res->reading_fails = rv.is_ratio ? rv.lo > rv.fails_at : rv.v > rv.fails_at;
    }
    sensitivity(res, &o->base);
    return BC_SUCCESS;
}

/* Spearman's correlation of each coordinate with the objective over the
 * feasible evaluations, and the two coordinates that drive it most. */
static void sensitivity(bc_search_result *res, const bc_params *base)
{
    size_t n = 0;
    for (size_t i = 0; i < res->nlog; i++)
        n += isfinite(res->log[i].objective);
    res->driver[0] = 0;
    res->driver[1] = res->dims > 1 ? 1 : 0;
    for (size_t k = 0; k < res->dims; k++)
        res->dim[k].sensitivity = NAN;
    if (n < 8)
        return;
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    double *work = malloc(2 * n * sizeof *work);
    if (a && b && work) {
        for (size_t k = 0; k < res->dims; k++) {
            /* over the judged runs where the coordinate matters */
            size_t j = 0;
            for (size_t i = 0; i < res->nlog; i++)
                if (isfinite(res->log[i].objective) && dim_active(res, base, k, res->log[i].value)) {
                    a[j] = res->log[i].value[k];
                    b[j++] = res->log[i].objective;
                }
            if (j < 8)
                continue;   /* too few: NaN, never a driver */
            double rho = gsl_stats_spearman(a, 1, b, 1, j, work);
            res->dim[k].sensitivity = isfinite(rho) ? rho : 0.0;  /* a constant coordinate */
        }
        /* the two largest |sensitivity| (NaN last) */
        long d0 = -1, d1 = -1;
        for (size_t k = 0; k < res->dims; k++) {
            double v = fabs(res->dim[k].sensitivity);
            if (!isfinite(v))
                continue;
            if (d0 < 0 || v > fabs(res->dim[d0].sensitivity)) {
                d1 = d0;
                d0 = (long)k;
            } else if (d1 < 0 || v > fabs(res->dim[d1].sensitivity)) {
                d1 = (long)k;
            }
        }
        if (d0 >= 0)
            res->driver[0] = (size_t)d0;
        if (d1 >= 0)
            res->driver[1] = (size_t)d1;
        else if (d0 >= 0)
            res->driver[1] = (size_t)d0;   /* one coordinate with a correlation */
    }
    free(a);
    free(b);
    free(work);
}

void bc_search_release(bc_search_result *res)
{
    bc_record_release(&res->confirm);
    free(res->log);
    res->log = NULL;
    res->nlog = 0;
}

int bc_search_write_csv(const bc_search_result *res, const char *path)
{
    bc_atomic_file f;
    if (bc_io_atomic_open(&f, path) != 0)
        return BC_EIO;
    const bc_search_dim *d0 = &res->dim[res->driver[0]], *d1 = &res->dim[res->driver[1]];
    fprintf(f.fp, "# boundcheck search: every evaluation; the first two columns are the "
                  "coordinates with the largest rank correlation with the objective\n");
    fprintf(f.fp, "# driver1=%s log1=%d driver2=%s log2=%d objective=%s\n", d0->name,
            d0->logscale, d1->name, d1->logscale,
            res->is_ratio ? "largest ratio LHS/RHS" : "largest worst slack");
    fprintf(f.fp, "%s,%s,objective", d0->name, d1->name);
    for (size_t k = 0; k < res->dims; k++)
        fprintf(f.fp, ",%s", res->dim[k].name);
    fprintf(f.fp, ",rung,code\n");
    for (size_t i = 0; i < res->nlog; i++) {
        const bc_search_eval *e = &res->log[i];
        fprintf(f.fp, "%.10g,%.10g,", e->value[res->driver[0]], e->value[res->driver[1]]);
        if (isfinite(e->objective))
            fprintf(f.fp, "%.10g", e->objective);
        else
            fprintf(f.fp, "nan");
        for (size_t k = 0; k < res->dims; k++)
            fprintf(f.fp, ",%.10g", e->value[k]);
        fprintf(f.fp, ",%d,%d\n", e->rung, e->code);
    }
    return bc_io_atomic_commit(&f) != 0 ? BC_EIO : 0;
}
