/* search.c -- tightness search (see search.h). */
#include "core/search.h"
#include "core/progress.h"
#include "core/rng.h"
#include "core/status.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_multimin.h>

typedef struct {
    int index;        /* into the params */
    int logscale;
    int integer;
    double lo, hi;    /* the search box, in the (log) coordinate */
} dim;

typedef struct {
    const bc_check *c;
    const bc_search_opts *o;
    bc_search_result *res;
    dim d[BC_SEARCH_MAX_DIMS];
    size_t nd;
    bc_run_opts ro;
    double t0;
    int stop;
} ctx;

void bc_search_opts_default(bc_search_opts *o)
{
    memset(o, 0, sizeof *o);
    o->budget = 200;
    o->starts = 3;
    o->seed = 1;
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
    if (any_mean)
        return q->kind == BC_Q_MEAN ? q->ratio : NAN;
    return q->kind == BC_Q_EXACT ? q->worst : NAN;
}

/* The quantity with the largest weighed value, or NULL. */
static const bc_quantity *weighed_max(const bc_record *rec, int *any_mean)
{
    const bc_quantity *best = NULL;
    *any_mean = 0;
    for (size_t j = 0; j < rec->nq; j++)
        *any_mean |= rec->q[j].kind == BC_Q_MEAN;
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

/* Sets the parameters from unit-box coordinates u in [0, 1]^nd. */
static int apply(ctx *x, const double *u, bc_params *p, char *msg, size_t len)
{
    for (size_t k = 0; k < x->nd; k++) {
        const dim *d = &x->d[k];
        double t = fmin(1.0, fmax(0.0, u[k]));
        double v = d->lo + t * (d->hi - d->lo);
        if (d->logscale)
            v = exp(v);
        char buf[64];
        if (d->integer)
            snprintf(buf, sizeof buf, "%.0f", floor(v + 0.5));
        else
            snprintf(buf, sizeof buf, "%.17g", v);
        if (bc_params_set(p, p->spec[d->index].name, buf, msg, len) != 0)
            return -1;
    }
    return 0;
}

/* One evaluation at unit-box point u: the objective (-inf if infeasible). */
static double evaluate(ctx *x, const double *u)
{
    bc_params p = x->o->base;
    char msg[512];
    bc_record rec;
    bc_search_result *res = x->res;
    if (x->stop || res->evals >= x->o->budget
        || (x->o->time_limit > 0 && bc_progress_now() - x->t0 > x->o->time_limit)) {
        x->stop = 1;
        return -INFINITY;
    }
    res->evals++;
    if (apply(x, u, &p, msg, sizeof msg) != 0)
        return -INFINITY;
    int code = bc_runner_run(x->c, &p, &x->ro, &rec, msg, sizeof msg);
    int is_ratio;
    char what[96];
    double v = bc_search_objective(&rec, code, &is_ratio, what, sizeof what);
    bc_record_release(&rec);
    if (isfinite(v)) {
        res->feasible++;
        if (v > res->best_obj) {
            res->best_obj = v;
            res->best = p;
            res->is_ratio = is_ratio;
            snprintf(res->objective, sizeof res->objective, "%s", what);
        }
    }
    return v;
}

static double nm_f(const gsl_vector *v, void *params)
{
    ctx *x = params;
    double u[BC_SEARCH_MAX_DIMS];
    for (size_t k = 0; k < x->nd; k++) {
        double t = gsl_vector_get(v, k);
        if (t < 0.0 || t > 1.0)
            return 1e30;  /* outside the box */
        u[k] = t;
    }
    double f = evaluate(x, u);
    return isfinite(f) ? -f : 1e30;
}

static int in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *s = list; s && *s;) {
        const char *c = strchr(s, ',');
        size_t w = c ? (size_t)(c - s) : strlen(s);
        if (w == n && strncmp(s, name, n) == 0)
            return 1;
        s = c ? c + 1 : NULL;
    }
    return 0;
}

/* The search box of parameter i: log scale for positive ranges spanning
 * more than two decades around the default (default / 100 to default x 100
 * within the valid range), linear otherwise; data seeds over [0, 10^6]. */
static void make_dim(const bc_param_spec *s, const bc_params *base, int i, dim *d)
{
    double def = base->real[i], lo = s->lo, hi = s->hi;
    d->index = i;
    d->integer = s->type == BC_PARAM_INT;
    if (strstr(s->name, "seed") != NULL) {
        d->logscale = 0;
        d->lo = fmax(lo, 0.0);
        d->hi = fmin(hi, 1e6);
        return;
    }
    if (def > 0.0 && lo >= 0.0 && (hi / fmax(lo, 1e-300) > 100.0 || lo == 0.0)) {
        double a = fmax(def / 100.0, lo), b = fmin(def * 100.0, hi);
        if (a <= 0.0 || (s->lo_open && a == lo))
            a = fmax(def / 100.0, 1e-12);
        d->logscale = 1;
        d->lo = log(a);
        d->hi = log(b);
    } else {
        d->logscale = 0;
        d->lo = fmax(lo, -1e3);
        d->hi = fmin(hi, 1e3);
    }
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

    /* --vary, else the check's own list, else every real parameter */
    const char *vary = o->vary != NULL ? o->vary : c->search_vary;
    if (vary != NULL) {
        /* every listed name must be a numeric parameter */
        char list[1024];
        snprintf(list, sizeof list, "%s", vary);
        for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            int i = bc_params_find(&o->base, tok);
            if (i < 0 || (c->params[i].type != BC_PARAM_REAL && c->params[i].type != BC_PARAM_INT)) {
                snprintf(msg, len, "--vary: '%s' is not a numeric parameter of %s", tok, c->id);
                return BC_USAGE;
            }
        }
    }
    for (size_t i = 0; i < c->nparams && x.nd < BC_SEARCH_MAX_DIMS; i++) {
        const bc_param_spec *s = &c->params[i];
        int take = vary != NULL ? in_list(vary, s->name)
                                   : (s->type == BC_PARAM_REAL && strcmp(s->name, "rtol") != 0)
                                         || strcmp(s->name, "data-seed") == 0;
        if (!take)
            continue;
        make_dim(s, &o->base, (int)i, &x.d[x.nd]);
        if (x.d[x.nd].hi > x.d[x.nd].lo) {
            snprintf(res->names[x.nd], sizeof res->names[0], "%s", s->name);
            x.nd++;
        }
    }
    res->dims = x.nd;
    if (x.nd == 0) {
        snprintf(msg, len, "%s has no parameter to vary (use --vary)", c->id);
        return BC_USAGE;
    }
    if (o->budget < 2) {
        snprintf(msg, len, "--budget must be at least 2");
        return BC_USAGE;
    }

    bc_run_opts_default(&x.ro);
    x.ro.quiet = 1;
    x.ro.seed = o->seed;
    x.ro.threads = o->threads;
    x.ro.trials = o->trials;
    if (x.ro.trials == 0)
        x.ro.trials = bc_params_profile_trials(c->quick);
    x.t0 = bc_progress_now();

    /* 1. the starting point, 2. random sampling of the box (a third of the budget) */
    double u[BC_SEARCH_MAX_DIMS], pts[64][BC_SEARCH_MAX_DIMS], vals[64];
    size_t npts = 0;
    for (size_t k = 0; k < x.nd; k++) {
        const dim *d = &x.d[k];
        double v = o->base.real[d->index];
        v = d->logscale ? log(fmax(v, 1e-300)) : v;
        u[k] = d->hi > d->lo ? (v - d->lo) / (d->hi - d->lo) : 0.5;
        u[k] = fmin(1.0, fmax(0.0, u[k]));
    }
    gsl_rng *r = bc_rng_alloc();
    bc_rng_seed_stream(r, o->seed, "search", 0);
    size_t nrand = o->budget / 3 > 1 ? o->budget / 3 : 1;
    for (size_t s = 0; s <= nrand && !x.stop; s++) {
        if (s > 0)
            for (size_t k = 0; k < x.nd; k++)
                u[k] = gsl_rng_uniform(r);
        double v = evaluate(&x, u);
        /* keep the best points as Nelder-Mead starts */
        size_t slot = npts < 64 ? npts++ : 64;
        if (slot == 64) {
            size_t worst = 0;
            for (size_t i = 1; i < 64; i++)
                if (vals[i] < vals[worst])
                    worst = i;
            if (v <= vals[worst])
                continue;
            slot = worst;
        }
        memcpy(pts[slot], u, x.nd * sizeof *u);
        vals[slot] = v;
    }
    gsl_rng_free(r);

    /* 3. Nelder-Mead from the best distinct starts, sharing what is left */
    size_t starts = o->starts ? o->starts : 1;
    gsl_multimin_fminimizer *nm = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, x.nd);
    gsl_vector *xv = gsl_vector_alloc(x.nd), *step = gsl_vector_alloc(x.nd);
    for (size_t s = 0; s < starts && !x.stop && nm && xv && step; s++) {
        size_t b = 0;
        for (size_t i = 1; i < npts; i++)
            if (vals[i] > vals[b])
                b = i;
        if (npts == 0 || !isfinite(vals[b]))
            break;
        for (size_t k = 0; k < x.nd; k++) {
            gsl_vector_set(xv, k, pts[b][k]);
            gsl_vector_set(step, k, 0.1);
        }
        vals[b] = -INFINITY; /* used */
        gsl_multimin_function fn = {nm_f, x.nd, &x};
        gsl_multimin_fminimizer_set(nm, &fn, xv, step);
        size_t share = (o->budget - res->evals) / (starts - s);
        size_t until = res->evals + share;
        /* proposals outside the box cost no evaluation: cap the iterations too */
        for (size_t it = 0; !x.stop && res->evals < until && it < 4 * share + 50; it++) {
            if (gsl_multimin_fminimizer_iterate(nm) != GSL_SUCCESS)
                break;
            if (gsl_multimin_fminimizer_size(nm) < 1e-4)
                break;
        }
    }
    gsl_multimin_fminimizer_free(nm);
    gsl_vector_free(xv);
    gsl_vector_free(step);

    /* 4. confirm the best instance with a fresh seed and more trials */
    bc_run_opts co = x.ro;
    co.seed = o->seed + 1;
    co.trials = o->confirm_trials;
    res->confirm_code = bc_runner_run(c, &res->best, &co, &res->confirm, msg, len);
    /* the confirmed value of the quantity the search weighs */
    int any_mean;
    const bc_quantity *q = weighed_max(&res->confirm, &any_mean);
    double v = q != NULL ? weighed(&res->confirm, q, any_mean) : NAN;
    res->ratio = res->ratio_lo = res->ratio_hi = NAN;
    if (isfinite(v)) {
        res->ratio = v;
        res->ratio_lo = q->kind == BC_Q_MEAN ? q->ci.lower / q->rhs : v;
        res->ratio_hi = q->kind == BC_Q_MEAN ? q->ci.upper / q->rhs : v;
    }
    res->counterexample = res->confirm_code == BC_VIOLATED;
    if (res->confirm_code == BC_USAGE)
        msg[0] = '\0';
    return BC_SUCCESS;
}
