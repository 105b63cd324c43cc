/* output.c -- table, JSON and CSV writers (see output.h). */
#include "app/output.h"
#include "core/check.h"
#include "core/io.h"
#include "core/rng.h"
#include "core/runner.h"
#include "core/status.h"
#include "core/version.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_rng.h>

static void print_params(FILE *out, const bc_params *p)
{
    size_t col = 10;
    if (p->n == 0)
        return;   /* values judged as given: no instance */
    fprintf(out, "instance ");
    for (size_t i = 0; i < p->n; i++) {
        const char *v = p->text[i][0] ? p->text[i] : "-";
        size_t w = strlen(p->spec[i].name) + strlen(v) + 2;
        if (col + w > 78) {
            fprintf(out, "\n         ");
            col = 10;
        }
        fprintf(out, " %s=%s", p->spec[i].name, v);
        col += w;
    }
    fputc('\n', out);
}

static int has_kind(const bc_record *rec, bc_qkind k)
{
    for (size_t j = 0; j < rec->nq; j++)
        if (rec->q[j].kind == k)
            return 1;
    return 0;
}

const char *bc_output_alpha_option(double alpha, char *buf, size_t len)
{
    bc_run_opts d;
    bc_run_opts_default(&d);
    char v[32];
    if (isfinite(alpha) && alpha > 0.0 && alpha != d.alpha)
        snprintf(buf, len, " --alpha %s", bc_fmt_real(alpha, v, sizeof v));
    else if (len > 0)
        buf[0] = '\0';
    return buf;
}

void bc_output_command(FILE *out, const bc_check *c, const bc_params *p, uint64_t seed,
                       size_t trials, double alpha)
{
    fprintf(out, "bin/boundcheck run %s --seed %llu --trials %zu", c->id, (unsigned long long)seed,
            trials);
    char a[48];
    fputs(bc_output_alpha_option(alpha, a, sizeof a), out);
    for (size_t i = 0; i < p->n; i++)
        if (p->text[i][0] != '\0')
            fprintf(out, " --%s %s", p->spec[i].name, p->text[i]);
    fputc('\n', out);
}

/* For each violated inequality: how many trials violate it, and the command
 * that reruns the worst one (trial streams depend only on the seed, the
 * check and the trial's index, so the first worst_trial + 1 trials of the
 * same seed contain it). */
static void print_counterexamples(FILE *out, const bc_record *rec)
{
    int any = 0;
    for (size_t j = 0; j < rec->nq; j++) {
        const bc_quantity *q = &rec->q[j];
        if (q->kind != BC_Q_EXACT || q->verdict != BC_VIOLATED)
            continue;
        if (!any)
            fprintf(out, "counterexamples\n");
        any = 1;
        fprintf(out, "  %-12s %zu of %zu trials; the worst (trial %zu", q->name, q->failures,
                rec->trials, q->worst_trial);
        if (isfinite(q->worst_aux))
            fprintf(out, ", at %.0f", q->worst_aux);
        fprintf(out, ") reruns with\n    ");
        bc_output_command(out, rec->check, &rec->params, rec->seed, q->worst_trial + 1,
                          rec->alpha);
    }
    if (any)
        fputc('\n', out);
}

/* The width of a table's name column: its heading's, or the longest name. */
static int name_width(const bc_record *rec, bc_qkind k, int min)
{
    int w = min;
    for (size_t j = 0; j < rec->nq; j++)
        if (rec->q[j].kind == k && (int)strlen(rec->q[j].name) > w)
            w = (int)strlen(rec->q[j].name);
    return w;
}

/* A ratio LHS/RHS: four decimals, or four significant digits where that
 * would print more than a dozen of them (a run far outside its regime). */
static const char *ratio_text(char *buf, size_t len, double r)
{
    snprintf(buf, len, fabs(r) < 1e4 ? "%.4f" : "%.4g", r);
    return buf;
}

static void print_quantities(FILE *out, const bc_record *rec)
{
    int w;
    if (has_kind(rec, BC_Q_MEAN)) {
        w = name_width(rec, BC_Q_MEAN, 10);
        fprintf(out, "%-*s %-12s %-10s %-12s %-12s %-12s %-9s %s\n", w, "quantity",
                "LHS mean", "std.err", "lower", "upper", "RHS", "ratio", "verdict");
        for (size_t j = 0; j < rec->nq; j++) {
            const bc_quantity *q = &rec->q[j];
            if (q->kind == BC_Q_MEAN) {
                char ratio[32];
                if (isfinite(q->ratio))
                    ratio_text(ratio, sizeof ratio, q->ratio);
                else
                    snprintf(ratio, sizeof ratio, "%s", q->rhs == 0.0 ? "(RHS 0)" : "-");
                fprintf(out, "%-*s %-12.5e %-10.3e %-12.5e %-12.5e %-12.5e %-9s %s\n",
                        w, q->name, q->ci.mean, q->ci.se, q->ci.lower, q->ci.upper, q->rhs,
                        ratio, bc_verdict_name(q->verdict));
            }
        }
        fputc('\n', out);
    }
    if (has_kind(rec, BC_Q_EXACT)) {
        w = name_width(rec, BC_Q_EXACT, 12);
        fprintf(out, "%-*s %-13s %-13s %-7s %-9s %-9s %s\n", w, "inequality", "worst slack",
                "mean slack", "trial", "at", "tol", "verdict");
        for (size_t j = 0; j < rec->nq; j++) {
            const bc_quantity *q = &rec->q[j];
            if (q->kind == BC_Q_EXACT && isnan(q->worst))
                fprintf(out, "%-*s %-13s %-13s %-7s %-9s %-9.2e %s\n", w, q->name, "-", "-", "-",
                        "-", q->rtol, "n/a (hypothesis never met)");
            else if (q->kind == BC_Q_EXACT)
                fprintf(out, "%-*s %-13.5e %-13.5e %-7zu %-9.0f %-9.2e %s\n", w, q->name,
                        q->worst, q->ci.mean, q->worst_trial, q->worst_aux, q->rtol,
                        bc_verdict_name(q->verdict));
        }
        fprintf(out, "(slack = (LHS - RHS) / max(|LHS|, |RHS|): <= tol means the inequality holds)\n\n");
        print_counterexamples(out, rec);
    }
    if (has_kind(rec, BC_Q_FREQUENCY)) {
        w = name_width(rec, BC_Q_FREQUENCY, 12);
        fprintf(out, "%-*s %-15s %-11s %-11s %-11s %-9s %s\n", w, "event", "failures",
                "rate", "lower", "upper", "delta", "verdict");
        for (size_t j = 0; j < rec->nq; j++) {
            const bc_quantity *q = &rec->q[j];
            char fr[40];
            snprintf(fr, sizeof fr, "%zu/%zu", q->failures, q->ci.n);
            if (q->kind == BC_Q_FREQUENCY)
                fprintf(out, "%-*s %-15s %-11.4e %-11.4e %-11.4e %-9.3g %s\n", w, q->name, fr,
                        q->ci.mean, q->ci.lower, q->ci.upper, q->delta,
                        bc_verdict_name(q->verdict));
        }
        fprintf(out, "(Clopper-Pearson bounds of the failure rate, one-sided at alpha=%g)\n\n",
                rec->alpha);
    }
    if (has_kind(rec, BC_Q_MEASURED)) {
        w = name_width(rec, BC_Q_MEASURED, 12);
        fprintf(out, "%-*s %-9s %-12s %-12s %-12s %-12s %-12s\n", w, "measured", "n", "mean",
                "lower", "upper", "min", "max");
        for (size_t j = 0; j < rec->nq; j++) {
            const bc_quantity *q = &rec->q[j];
            if (q->kind == BC_Q_MEASURED && q->ci.n == 0)
                fprintf(out, "%-*s %-9zu %s\n", w, q->name, q->ci.n,
                        "- (no trial where it applies)");
            else if (q->kind == BC_Q_MEASURED)
                fprintf(out, "%-*s %-9zu %-12.5g %-12.5g %-12.5g %-12.5g %-12.5g\n", w, q->name,
                        q->ci.n, q->ci.mean, q->ci.lower, q->ci.upper, q->vmin, q->vmax);
        }
        fprintf(out, "(findings, no verdict: one-sided bounds at alpha=%g, Clopper-Pearson for "
                "a fraction, t otherwise)\n\n", rec->alpha);
    }
    for (size_t j = 0; j < rec->nq; j++) {
        const bc_quantity *q = &rec->q[j];
        fprintf(out, "%s: %s\n", q->name, q->description);
        if (q->kind == BC_Q_MEAN) {
            fprintf(out, "  interval  %s; one-sided, alpha=%g",
                    bc_stats_method_name(q->ci.method), q->ci.alpha);
            if (q->ci.method == BC_CI_RANGE)
                fprintf(out, " (%s won)", bc_stats_method_name(q->ci.used));
            if (isfinite(q->ci.a))
                fprintf(out, "; per-trial range [%g, %g]: %s\n", q->ci.a, q->ci.b,
                        q->range_why);
            else
                fprintf(out, "; %s\n", q->range_why);
        }
        for (size_t t = 0; t < q->nterms; t++)
            fprintf(out, "  RHS term  %-34s %.6e\n", q->terms[t].name, q->terms[t].value);
        for (size_t t = 0; t < q->nalt; t++) {
            char ratio[32];
            double r = q->ci.mean / q->alt[t].value;
            fprintf(out, "  reading   %-34s RHS %.6e  ratio %s\n", q->alt[t].name,
                    q->alt[t].value, ratio_text(ratio, sizeof ratio, r));
        }
    }
}

void bc_output_table(FILE *out, const bc_record *rec)
{
    const bc_check *c = rec->check;
    fprintf(out, "%s  %s, %s\n", c->id, c->paper->name, c->statement);
    char cite[512];
    if (c->paper->authors != NULL)
        fprintf(out, "  paper   %s (%s)\n", bc_paper_cite(c->paper, cite, sizeof cite), c->version);
    fprintf(out, "  claim   %s\n\n", c->formula);
    print_params(out, &rec->params);
    fprintf(out, "run       seed=%llu trials=%zu alpha=%g rng=%s threads=%d%s\n\n",
            (unsigned long long)rec->seed, rec->trials, rec->alpha,
            bc_rng_type()->name, rec->threads, rec->quick ? " (quick profile)" : "");

    if (rec->nconst > 0) {
        fprintf(out, "constants\n");
        for (size_t i = 0; i < rec->nconst; i++) {
            const bc_constant *k = &rec->constants[i];
            fprintf(out, "  %-14s %-13.6g %-10s %s\n", k->name, k->value,
                    bc_provenance_name(k->prov), k->how);
        }
        fputc('\n', out);
    }
    if (rec->npre > 0) {
        fprintf(out, "preconditions\n");
        for (size_t i = 0; i < rec->npre; i++)
            fprintf(out, "  [%s] %-24s %s\n", rec->pre[i].holds ? "ok" : "NO",
                    rec->pre[i].name, rec->pre[i].detail);
        fputc('\n', out);
    }
    if (rec->failure[0] == '\0' && !rec->unjudged && rec->nq > 0) {
        print_quantities(out, rec);
        fputc('\n', out);
    }
    if (rec->nnotes > 0) {
        fprintf(out, "notes\n");
        for (size_t i = 0; i < rec->nnotes; i++)
            fprintf(out, "  - %s\n", rec->notes[i]);
        fputc('\n', out);
    }
    if (rec->failure[0] != '\0')
        fprintf(out, "failure   %s\n", rec->failure);
    fprintf(out, "verdict   %s (exit %d)%s%s\n", bc_verdict_name(rec->verdict),
            (int)rec->verdict,
            rec->indicative ? "  [indicative: rests on an estimated constant]" : "",
            rec->conditional ? "  [conditional: rests on a constant given by the user]" : "");
}

static cJSON *ci_json(const bc_quantity *q)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    cJSON_AddNumberToObject(o, "estimate", q->ci.mean);
    cJSON_AddNumberToObject(o, "stderr", q->ci.se);
    cJSON_AddNumberToObject(o, "sd", q->ci.sd);
    cJSON_AddNumberToObject(o, "lower", q->ci.lower);
    cJSON_AddNumberToObject(o, "upper", q->ci.upper);
    cJSON_AddNumberToObject(o, "alpha", q->ci.alpha);
    cJSON_AddStringToObject(o, "method", bc_stats_method_name(q->ci.method));
    cJSON_AddStringToObject(o, "method_used", bc_stats_method_name(q->ci.used));
    if (isfinite(q->range_lo)) {
        cJSON *r = cJSON_AddArrayToObject(o, "range");
        cJSON_AddItemToArray(r, cJSON_CreateNumber(q->range_lo));
        cJSON_AddItemToArray(r, cJSON_CreateNumber(q->range_hi));
    } else {
        cJSON_AddNullToObject(o, "range");
    }
    cJSON_AddStringToObject(o, "range_why", q->range_why);
    return o;
}

/* One quantity's result: its kind's fields, the LHS interval, the RHS
 * with its terms, the ratios and the other readings, the verdict. */
static cJSON *quantity_json(const bc_quantity *q)
{
    cJSON *k = cJSON_CreateObject();
    cJSON_AddStringToObject(k, "quantity", q->name);
    cJSON_AddStringToObject(k, "kind", q->kind == BC_Q_EXACT ? "exact"
                                   : q->kind == BC_Q_FREQUENCY ? "frequency"
                                   : q->kind == BC_Q_MEASURED ? "measured" : "mean");
    cJSON_AddStringToObject(k, "description", q->description);
    if (q->kind == BC_Q_EXACT) {
        cJSON_AddNumberToObject(k, "worst_slack", q->worst);
        cJSON_AddNumberToObject(k, "worst_trial", (double)q->worst_trial);
        cJSON_AddNumberToObject(k, "worst_at", q->worst_aux);
        cJSON_AddNumberToObject(k, "rtol", q->rtol);
        cJSON_AddNumberToObject(k, "failures", (double)q->failures);
    } else if (q->kind == BC_Q_FREQUENCY) {
        cJSON_AddNumberToObject(k, "failures", (double)q->failures);
        cJSON_AddNumberToObject(k, "delta", q->delta);
    } else if (q->kind == BC_Q_MEASURED) {
        cJSON_AddNumberToObject(k, "n", (double)q->ci.n);
        cJSON_AddNumberToObject(k, "min", q->vmin);
        cJSON_AddNumberToObject(k, "max", q->vmax);
    }
    cJSON_AddItemToObject(k, "lhs", ci_json(q));
    cJSON *rhs = cJSON_AddObjectToObject(k, "rhs");
    cJSON_AddNumberToObject(rhs, "value", q->rhs);
    cJSON *terms = cJSON_AddArrayToObject(rhs, "terms");
    for (size_t t = 0; t < q->nterms; t++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", q->terms[t].name);
        cJSON_AddNumberToObject(e, "value", q->terms[t].value);
        cJSON_AddItemToArray(terms, e);
    }
    cJSON_AddNumberToObject(k, "ratio", q->ratio);
    cJSON_AddNumberToObject(k, "ratio_upper", q->ratio_upper);
    cJSON *alts = cJSON_AddArrayToObject(k, "other_readings");
    for (size_t t = 0; t < q->nalt; t++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", q->alt[t].name);
        cJSON_AddNumberToObject(e, "rhs", q->alt[t].value);
        cJSON_AddNumberToObject(e, "ratio", q->ci.mean / q->alt[t].value);
        cJSON_AddItemToArray(alts, e);
    }
    cJSON_AddStringToObject(k, "verdict", q->kind == BC_Q_MEASURED ? "MEASURED"
                                             : bc_verdict_name(q->verdict));
    return k;
}

cJSON *bc_output_json(const bc_record *rec)
{
    const bc_check *c = rec->check;
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    cJSON_AddStringToObject(o, "schema", BC_SCHEMA);
    cJSON_AddStringToObject(o, "check", c->id);
    cJSON_AddStringToObject(o, "paper", c->paper->name);
    cJSON_AddStringToObject(o, "source", c->paper->source);
    char ref[512];
    cJSON_AddStringToObject(o, "reference", bc_paper_cite(c->paper, ref, sizeof ref));
    cJSON_AddStringToObject(o, "statement", c->statement);
    cJSON_AddStringToObject(o, "statement_version", c->version);
    cJSON_AddStringToObject(o, "formula", c->formula);
    cJSON_AddStringToObject(o, "version", BC_VERSION);

    cJSON *pp = cJSON_AddObjectToObject(o, "params");
    for (size_t i = 0; i < rec->params.n; i++) {
        const bc_param_spec *s = &rec->params.spec[i];
        if (s->type == BC_PARAM_INT || s->type == BC_PARAM_REAL)
            cJSON_AddNumberToObject(pp, s->name, rec->params.real[i]);
        else
            cJSON_AddStringToObject(pp, s->name, rec->params.text[i]);
    }
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)rec->seed);
    cJSON_AddStringToObject(o, "seed", seed);
    cJSON_AddStringToObject(o, "rng", bc_rng_type()->name);
    cJSON_AddNumberToObject(o, "trials", (double)rec->trials);
    cJSON_AddNumberToObject(o, "alpha", rec->alpha);
    cJSON_AddBoolToObject(o, "quick", rec->quick);

    cJSON *cs = cJSON_AddArrayToObject(o, "constants");
    for (size_t i = 0; i < rec->nconst; i++) {
        cJSON *k = cJSON_CreateObject();
        cJSON_AddStringToObject(k, "name", rec->constants[i].name);
        cJSON_AddNumberToObject(k, "value", rec->constants[i].value);
        cJSON_AddStringToObject(k, "provenance", bc_provenance_name(rec->constants[i].prov));
        cJSON_AddStringToObject(k, "how", rec->constants[i].how);
        cJSON_AddItemToArray(cs, k);
    }
    cJSON *ps = cJSON_AddArrayToObject(o, "preconditions");
    for (size_t i = 0; i < rec->npre; i++) {
        cJSON *k = cJSON_CreateObject();
        cJSON_AddStringToObject(k, "name", rec->pre[i].name);
        cJSON_AddBoolToObject(k, "holds", rec->pre[i].holds);
        cJSON_AddStringToObject(k, "detail", rec->pre[i].detail);
        cJSON_AddItemToArray(ps, k);
    }
    cJSON *qs = cJSON_AddArrayToObject(o, "results");
    for (size_t j = 0; j < rec->nq && rec->failure[0] == '\0' && !rec->unjudged; j++)
        cJSON_AddItemToArray(qs, quantity_json(&rec->q[j]));
    cJSON *ns = cJSON_AddArrayToObject(o, "notes");
    for (size_t i = 0; i < rec->nnotes; i++)
        cJSON_AddItemToArray(ns, cJSON_CreateString(rec->notes[i]));
    cJSON_AddStringToObject(o, "verdict", bc_verdict_name(rec->verdict));
    cJSON_AddNumberToObject(o, "exit_code", (double)rec->verdict);
    cJSON_AddBoolToObject(o, "indicative", rec->indicative);
    if (rec->conditional)
        cJSON_AddBoolToObject(o, "conditional", 1);
    if (rec->failure[0] != '\0')
        cJSON_AddStringToObject(o, "failure", rec->failure);
    else
        cJSON_AddNullToObject(o, "failure");
    cJSON *tm = cJSON_AddObjectToObject(o, "timing");
    cJSON_AddNumberToObject(tm, "wall_s", rec->wall_s);
    cJSON_AddNumberToObject(tm, "threads", rec->threads);
    return o;
}

void bc_output_summary_header(FILE *out)
{
    fprintf(out, "%-16s %-13s %-10s %-10s %-8s %s\n", "check", "verdict", "value", "upper", "seconds",
           "(largest ratio LHS/RHS, or worst slack of a deterministic inequality)");
}

double bc_output_headline(const bc_record *rec, double *upper, char *name, size_t len)
{
    double best = -INFINITY;
    *upper = NAN;
    if (len > 0)
        name[0] = '\0';
    for (size_t j = 0; j < rec->nq; j++) {
        const bc_quantity *q = &rec->q[j];
        double v = q->kind == BC_Q_EXACT ? q->worst : q->ratio;
        if (rec->failure[0] == '\0' && !rec->unjudged && v > best) {
            best = v;
            *upper = q->kind == BC_Q_EXACT ? q->worst : q->ratio_upper;
            snprintf(name, len, "%s %s", q->kind == BC_Q_EXACT ? "slack" : "ratio", q->name);
        }
    }
    return best > -INFINITY ? best : NAN;
}

void bc_output_summary_line(FILE *out, const bc_record *rec)
{
    char shown[64];
    double up, best = bc_output_headline(rec, &up, shown, sizeof shown);
    if (shown[0] == '\0')   /* FAILED, or nothing judged: no number to show */
        fprintf(out, "%-16s %-13s %-10s %-10s %-8.2f %s\n", rec->check->id,
                bc_verdict_name(rec->verdict), "-", "-", rec->wall_s,
                rec->failure[0] ? rec->failure : "(nothing judged: see the record)");
    else
        fprintf(out, "%-16s %-13s %-10.4g %-10.4g %-8.2f %s\n", rec->check->id,
                bc_verdict_name(rec->verdict), best, up, rec->wall_s, shown);
}

int bc_output_json_write(const bc_record *rec, const char *path)
{
    cJSON *o = bc_output_json(rec);
    if (o == NULL)
        return BC_ENOMEM;
    int st = bc_io_write_json(o, path, 1);
    cJSON_Delete(o);
    return st;
}

int bc_output_csv_write(const bc_record *rec, const char *path)
{
    bc_atomic_file f;
    int st = bc_io_atomic_open(&f, path);
    if (st != 0)
        return st;
    fprintf(f.fp, "check,trial,quantity,value,rhs\n");
    for (size_t t = 0; rec->values != NULL && t < rec->trials; t++)
        for (size_t j = 0; j < rec->nq; j++)
            fprintf(f.fp, "%s,%zu,%s,%.17g,%.17g\n", rec->check->id, t, rec->q[j].name,
                    rec->values[t * rec->nq + j], rec->q[j].rhs);
    return bc_io_atomic_commit(&f);
}
