/* report.c -- the HTML and Markdown reports (see report.h). */
#include "app/report.h"
#include "core/verdict.h"
#include "core/params.h"
#include "app/output.h"
#include "core/io.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cjson/cJSON.h>

#define MAX_RECORDS 256

typedef struct {
    cJSON *j;            /* the record, or NULL for a MISSING check */
    cJSON *search;       /* its search record, if any */
    cJSON *reading;      /* its search of another reading (reading_ID.json), if any */
    char id[64];
    char prefix[32];     /* the id before '.' */
    char group[512];     /* the paper (its reference): one section each */
    int stale;
} entry;

/* A number for a table: "n/a" where there is none (NaN, infinite). */
static const char *fnum(double v, char *buf, size_t len)
{
    if (!isfinite(v))
        snprintf(buf, len, "n/a");
    else
        snprintf(buf, len, "%.6g", v);
    return buf;
}

/* Whether figure name f belongs to the section (the same group) that
 * starts at es[i]: its name starts with one of the section's id prefixes. */
static int fig_in_group(const entry *es, size_t i, size_t ne, const char *f)
{
    for (size_t k = i; k < ne && strcmp(es[k].group, es[i].group) == 0; k++) {
        size_t pl = strlen(es[k].prefix);
        if (strncmp(f, es[k].prefix, pl) == 0 && f[pl] == '_')
            return 1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in dir ending with suffix, sorted. */
static char **list_files(const char *dir, const char *suffix, size_t *n)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t cap = 0, sl = strlen(suffix);
    *n = 0;
    if (d == NULL)
        return NULL;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t l = strlen(e->d_name);
        if (l <= sl || strcmp(e->d_name + l - sl, suffix) != 0)
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            char **nn = realloc(names, cap * sizeof *nn);
            if (nn == NULL)
                break;
            names = nn;
        }
        names[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    if (names != NULL)
        qsort(names, *n, sizeof *names, cmp_str);
    return names;
}

static void free_list(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const cJSON *arr(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static void esc(FILE *o, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", o); break;
        case '>': fputs("&gt;", o); break;
        case '&': fputs("&amp;", o); break;
        case '"': fputs("&quot;", o); break;
        default: fputc(*s, o);
        }
    }
}

/* "frozen 0.025 (<= 0.14)" or "eq3 slack -0.89", for every judged quantity */
static void result_text(const cJSON *j, char *buf, size_t len, int html)
{
    const cJSON *q;
    buf[0] = '\0';
    cJSON_ArrayForEach(q, arr(j, "results")) {
        char one[160];
        const char *kind = str(q, "kind");
        char a[32], b[32];
        if (strcmp(kind, "exact") == 0)
            snprintf(one, sizeof one, "%s slack %s", str(q, "quantity"),
                     fnum(num(q, "worst_slack"), a, sizeof a));
        else if (strcmp(kind, "measured") == 0)
            continue;
        else if (strcmp(kind, "frequency") == 0)
            snprintf(one, sizeof one, "%s rate %.3g vs %.3g", str(q, "quantity"),
                     num(arr(q, "lhs"), "estimate"), num(q, "delta"));
        else
            snprintf(one, sizeof one, "%s %s (%s %s)", str(q, "quantity"),
                     fnum(num(q, "ratio"), a, sizeof a), html ? "&le;" : "<=",
                     fnum(num(q, "ratio_upper"), b, sizeof b));
        if (strlen(buf) + strlen(one) + 3 < len) {
            if (buf[0])
                strcat(buf, "; ");
            strcat(buf, one);
        }
    }
}


/* What a search record found, in one sentence: the outcome, the value
 * confirmed, and the box and budget it was found in. */
static void search_text(const cJSON *sj, char *buf, size_t len, int html)
{
    const char *res = str(sj, "result");
    const cJSON *b;
    int dims = 0, covered = 0, bins = 0;
    cJSON_ArrayForEach(b, arr(sj, "box")) {
        dims++;
        covered += (int)num(b, "bins_covered");
        bins += (int)num(b, "bins");
    }
    char where[256];
    snprintf(where, sizeof where, "%.0f runs (%.0f feasible, %.0f outside the hypotheses, %.0f "
             "FAILED) over %d claimed coordinates, %d of %d bins reached, %.0f of %.0f budget units",
             num(sj, "evaluations"), num(sj, "feasible"), num(sj, "outside_hypotheses"),
             num(sj, "failed"), dims, covered, bins, num(sj, "units"), num(sj, "budget"));
    double c = num(sj, "confirmed"), lo = num(sj, "confirmed_lower"), hi = num(sj, "confirmed_upper");
    const char *le = html ? "&le;" : "<=";
    /* a search of another reading (--objective reading:NAME): its numbers */
    const cJSON *rd = arr(sj, "reading");
    if (rd != NULL) {
        c = num(rd, "value");
        lo = num(rd, "lower");
        hi = num(rd, "upper");
    }
    if (rd != NULL && strcmp(res, "the reading fails") == 0)
        snprintf(buf, len, "the reading '%s' (an estimated constant) FAILS at the instance found: "
                 "%s %.4g [%.4g, %.4g], the statement's own verdict not VIOLATED; the certified "
                 "constant may hide a counterexample (%s)", str(rd, "name"), str(sj, "objective"),
                 c, lo, hi, where);
    else if (strcmp(res, "counterexample") == 0)
        snprintf(buf, len, "COUNTEREXAMPLE confirmed: %s %.4g [%.4g, %.4g] (%s)",
                 str(sj, "objective"), c, lo, hi, where);
    else if (strcmp(res, "no counterexample") == 0 && cJSON_IsTrue(arr(sj, "is_ratio")))
        snprintf(buf, len, "none found within this box and budget; tightest %s %.4g (%s %.4g) (%s)",
                 str(sj, "objective"), c, le, hi, where);
    else if (strcmp(res, "no counterexample") == 0)
        snprintf(buf, len, "none found within this box and budget; largest %s %.4g (%s)",
                 str(sj, "objective"), c, where);
    else if (strcmp(res, "inconclusive") == 0)
        snprintf(buf, len, "inconclusive at the tightest instance: %s %.4g [%.4g, %.4g] (%s)",
                 str(sj, "objective"), c, lo, hi, where);
    else
        snprintf(buf, len, "nothing could be confirmed: every candidate FAILED or left the "
                 "hypotheses (%s)", where);
}

static void command(FILE *o, const cJSON *j, int html);

#define READING_LABEL "Search of the reading with the instance's tightest (estimated) constant"

/* A check's search as a list item (label: what was searched), with the
 * command that reproduces its confirmation. */
static void search_item(FILE *o, const cJSON *sj, const char *label, int html)
{
    char t[1024];
    search_text(sj, t, sizeof t, html);
    fprintf(o, html ? "<li>%s: %s. Reproduce: <code>" : "- %s: %s. Reproduce: `", label, t);
    command(o, arr(sj, "confirmation"), html);
    fprintf(o, html ? "</code></li>\n" : "`\n");
    /* runs it could not judge: findings about those instances */
    const cJSON *ev[2 + 8];
    const char *what[2 + 8];
    int n = 0;
    if (arr(sj, "first_failed") != NULL) {
        ev[n] = arr(sj, "first_failed");
        what[n++] = "first FAILED run of the search";
    }
    if (arr(sj, "worst_outside") != NULL) {
        ev[n] = arr(sj, "worst_outside");
        what[n++] = "FINDING: runs meeting every stated condition whose trials left the hypothesis; "
                    "the largest fraction";
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, arr(sj, "not_confirmed")) {
        if (n == 10)
            break;
        ev[n] = e;
        what[n++] = "a candidate whose confirmation could not judge";
    }
    for (int k = 0; k < n; k++) {
        if (html) {
            fprintf(o, "<li class=\"FAILED\">%s (%s): ", what[k], str(ev[k], "verdict"));
            esc(o, str(ev[k], "why"));
            fprintf(o, ". Reproduce: <code>");
            esc(o, str(ev[k], "reproduce"));
            fprintf(o, "</code></li>\n");
        } else {
            fprintf(o, "- %s (%s): %s. Reproduce: `%s`\n", what[k], str(ev[k], "verdict"),
                    str(ev[k], "why"), str(ev[k], "reproduce"));
        }
    }
}

static int search_is_counterexample(const cJSON *sj)
{
    return sj != NULL && strcmp(str(sj, "result"), "counterexample") == 0;
}

static void provenance(const cJSON *j, int *ex, int *ce, int *es)
{
    const cJSON *c;
    *ex = *ce = *es = 0;
    cJSON_ArrayForEach(c, arr(j, "constants")) {
        const char *p = str(c, "provenance");
        *ex += strcmp(p, "exact") == 0;
        *ce += strcmp(p, "certified") == 0;
        *es += strcmp(p, "estimated") == 0;
    }
}

/* the command line that reproduces a record */
static void command(FILE *o, const cJSON *j, int html)
{
    const cJSON *p;
    char buf[4096];
    int n = snprintf(buf, sizeof buf, "bin/boundcheck run %s --seed %s --trials %.0f", str(j, "check"),
                     str(j, "seed"), num(j, "trials"));
    char a[48];   /* a confirmation's later look, say */
    n += snprintf(buf + n, sizeof buf - (size_t)n, "%s",
                  bc_output_alpha_option(num(j, "alpha"), a, sizeof a));
    cJSON_ArrayForEach(p, arr(j, "params")) {
        if (n < 0 || (size_t)n >= sizeof buf - 200)
            break;
        if (cJSON_IsNumber(p))
        {
            char v[32];
            n += snprintf(buf + n, sizeof buf - (size_t)n, " --%s %s", p->string,
                          bc_fmt_real(p->valuedouble, v, sizeof v));
        }
        else if (cJSON_IsString(p) && p->valuestring[0])
            n += snprintf(buf + n, sizeof buf - (size_t)n, " --%s %s", p->string, p->valuestring);
    }
    if (html)
        esc(o, buf);
    else
        fputs(buf, o);
}

static const char *status(const entry *e)
{
    return e->j == NULL ? "MISSING" : e->stale ? "STALE" : "current";
}

/* The steps of `make report` that did not finish (results/failed_steps.txt,
 * one line each, written by experiments/report.sh), as a list; nothing
 * when every step finished. */
static void failed_steps(FILE *o, const bc_report_opts *opt, int html)
{
    char path[4096], line[1024];
    snprintf(path, sizeof path, "%s/failed_steps.txt", opt->results_dir);
    FILE *fp = fopen(path, "r");
    if (fp == NULL)
        return;
    int any = 0;
    while (fgets(line, sizeof line, fp) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '\0')
            continue;
        if (!any)
            fprintf(o, html ? "<h2 class=\"FAILED\">Steps that did not finish</h2>\n<p>The report "
                              "was written without their output; the log of each is under "
                              "<code>results/logs/</code>.</p>\n<ul>\n"
                            : "## Steps that did not finish\n\nThe report was written without "
                              "their output; the log of each is under `results/logs/`.\n\n");
        any = 1;
        if (html) {
            fprintf(o, "<li class=\"FAILED\"><code>");
            esc(o, line);
            fprintf(o, "</code></li>\n");
        } else
            fprintf(o, "- `%s`\n", line);
    }
    if (any)
        fprintf(o, html ? "</ul>\n" : "\n");
    fclose(fp);
}

static void write_md(FILE *o, entry *es, size_t ne, const bc_report_opts *opt, char **figs,
                     size_t nf)
{
    fprintf(o, "# boundcheck report\n\nGenerated from `%s/` only: every number was measured or "
               "computed by the check named on its row, and each section gives the command that "
               "reproduces it. The HTML version is `index.html`.\n\n", opt->results_dir);
    failed_steps(o, opt, 0);
    fprintf(o, "| check | statement | verdict | ratio LHS/RHS (upper), or worst slack | constants "
               "(exact/certified/estimated) | seconds | seed | status | search over the claimed "
               "box |\n");
    fprintf(o, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (size_t i = 0; i < ne; i++) {
        entry *e = &es[i];
        if (e->j == NULL) {
            fprintf(o, "| `%s` | | | | | | | **MISSING** | |\n", e->id);
            continue;
        }
        char res[1024];
        int ex, ce, est;
        result_text(e->j, res, sizeof res, 0);
        provenance(e->j, &ex, &ce, &est);
        char srch[1024] = "not searched";
        if (e->search != NULL)
            search_text(e->search, srch, sizeof srch, 0);
        fprintf(o, "| `%s` | %s | **%s**%s | %s | %d/%d/%d | %.2f | %s | %s | %s%s%s |\n", e->id,
                str(e->j, "statement"), str(e->j, "verdict"),
                search_is_counterexample(e->search) ? "; **VIOLATED** at the searched instance" : "",
                res, ex, ce, est,
                num(arr(e->j, "timing"), "wall_s"), str(e->j, "seed"),
                e->stale ? "**STALE**" : "current", search_is_counterexample(e->search) ? "**" : "",
                srch, search_is_counterexample(e->search) ? "**" : "");
    }
    const char *last = "";
    for (size_t i = 0; i < ne; i++) {
        entry *e = &es[i];
        if (strcmp(e->group, last) != 0) {
            fprintf(o, "\n## %s\n\n", e->j ? str(e->j, "paper") : e->prefix);
            if (e->j != NULL)
                fprintf(o, "%s\n\n", str(e->j, "reference"));
            for (size_t k = i; k < ne && strcmp(es[k].group, e->group) == 0; k++)
                if (es[k].search != NULL) {
                    char t[1024];
                    search_text(es[k].search, t, sizeof t, 0);
                    fprintf(o, "- search of `%s`: %s\n", es[k].id, t);
                }
            fprintf(o, "\n");
            for (size_t f = 0; f < nf; f++)
                if (fig_in_group(es, i, ne, figs[f]))
                    fprintf(o, "![%s](figures/%s)\n\n", figs[f], figs[f]);
            last = e->group;
        }
        if (e->j == NULL)
            continue;
        fprintf(o, "### %s — %s\n\nClaim: `%s`\n\nVerdict: **%s**%s. Reproduce: `", e->id,
                str(e->j, "statement"), str(e->j, "formula"), str(e->j, "verdict"),
                cJSON_IsTrue(arr(e->j, "indicative")) ? " (indicative: an estimated constant)" : "");
        command(o, e->j, 0);
        fprintf(o, "`\n\n");
        const cJSON *n;
        cJSON_ArrayForEach(n, arr(e->j, "notes"))
            if (cJSON_IsString(n))
                fprintf(o, "- %s\n", n->valuestring);
        if (e->search != NULL)
            search_item(o, e->search, "search", 0);
        if (e->reading != NULL)
            search_item(o, e->reading, READING_LABEL, 0);
        fprintf(o, "\n");
    }
}

/* The page's head, style and introduction. */
static void html_head(FILE *o, const bc_report_opts *opt)
{
    fprintf(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
               "<title>boundcheck report</title>\n<style>\n"
               "body { font-family: sans-serif; max-width: 1200px; margin: 2em auto; line-height: 1.4; }\n"
               "table { border-collapse: collapse; margin: 1em 0; }\n"
               "td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }\n"
               "th { background: #eee; } code { font-size: 90%%; }\n"
               ".HOLDS { color: #060; font-weight: bold; } .VIOLATED { color: #b00; font-weight: bold; }\n"
               ".INCONCLUSIVE, .PRECONDITION { color: #a60; font-weight: bold; }\n"
               ".FAILED, .STALE, .MISSING { color: #b00; font-weight: bold; }\n"
               "img { max-width: 100%%; border: 1px solid #ddd; }\n"
               "</style>\n</head>\n<body>\n<h1>boundcheck report</h1>\n");
    fprintf(o, "<p>Generated from <code>");
    esc(o, opt->results_dir);
    fprintf(o, "/</code> only. Every number below was measured or computed by the check named "
               "on its row; each section gives the command that reproduces it. A record older "
               "than its check's binary is marked STALE; a registered check without a record, "
               "MISSING.</p>\n");
    failed_steps(o, opt, 1);
}

/* The summary table: one row per registered check. */
static void html_summary(FILE *o, entry *es, size_t ne)
{
    fprintf(o, "<h2>Summary</h2>\n<table>\n<tr><th>check</th><th>statement</th>"
               "<th>verdict</th><th>ratio LHS/RHS (upper), or worst slack</th><th>constants "
               "(exact/certified/estimated)</th><th>seconds</th><th>seed</th><th>status</th>"
               "<th>search over the claimed box</th></tr>\n");
    for (size_t i = 0; i < ne; i++) {
        entry *e = &es[i];
        if (e->j == NULL) {
            fprintf(o, "<tr><td><code>%s</code></td><td></td><td></td><td></td><td></td><td></td>"
                       "<td></td><td class=\"MISSING\">MISSING</td><td></td></tr>\n", e->id);
            continue;
        }
        char res[1024];
        int ex, ce, est;
        result_text(e->j, res, sizeof res, 1);
        provenance(e->j, &ex, &ce, &est);
        fprintf(o, "<tr><td><a href=\"#%s\"><code>%s</code></a></td><td>", e->id, e->id);
        esc(o, str(e->j, "statement"));
        char srch[1024] = "not searched";
        if (e->search != NULL)
            search_text(e->search, srch, sizeof srch, 1);
        int ce_found = search_is_counterexample(e->search);
        fprintf(o, "</td><td class=\"%s\">%s%s</td><td>%s</td><td>%d/%d/%d</td><td>%.2f</td>"
                   "<td>%s</td><td class=\"%s\">%s</td><td class=\"%s\">%s</td></tr>\n",
                ce_found ? "VIOLATED" : str(e->j, "verdict"), str(e->j, "verdict"),
                ce_found ? " at the default instance; VIOLATED at the searched one" : "", res,
                ex, ce, est,
                num(arr(e->j, "timing"), "wall_s"), str(e->j, "seed"), status(e), status(e),
                search_is_counterexample(e->search) ? "VIOLATED" : "", srch);
    }
    fprintf(o, "</table>\n");
}

/* A paper's heading, its findings, fitted exponents and figures (the
 * group that starts at entry i). */
static void html_group(FILE *o, entry *es, size_t i, size_t ne, const bc_report_opts *opt,
                       char **figs, size_t nf, char **fits, size_t nfit)
{
    entry *e = &es[i];
    char path[4096];
    fprintf(o, "<h2>");
    esc(o, e->j ? str(e->j, "paper") : e->prefix);
    fprintf(o, " <small>(<code>%s.*</code>)</small></h2>\n<p class=\"ref\">", e->prefix);
    esc(o, e->j ? str(e->j, "reference") : "");
    fprintf(o, "</p>\n");
    /* findings: the search's tightest instance per check */
    fprintf(o, "<p><b>Findings.</b></p>\n<ul>\n");
    for (size_t k = i; k < ne && strcmp(es[k].group, e->group) == 0; k++) {
        const entry *f2 = &es[k];
        if (f2->search == NULL)
            continue;
        char t[1024];
        search_text(f2->search, t, sizeof t, 1);
        fprintf(o, "<li><code>%s</code>: <span class=\"%s\">%s</span></li>\n", f2->id,
                search_is_counterexample(f2->search) ? "VIOLATED" : "", t);
    }
    fprintf(o, "</ul>\n");
    /* fitted exponents left by the experiments */
    for (size_t f = 0; f < nfit; f++) {
        if (!fig_in_group(es, i, ne, fits[f]))
            continue;
        snprintf(path, sizeof path, "%s/%s", opt->results_dir, fits[f]);
        FILE *fp = fopen(path, "r");
        char line[512];
        fprintf(o, "<p>Fitted in <code>%s</code>:</p>\n<ul>\n", fits[f]);
        while (fp != NULL && fgets(line, sizeof line, fp) != NULL)
            if (line[0] != '#' && strchr(line, '=') != NULL) {
                fprintf(o, "<li><code>");
                line[strcspn(line, "\n")] = '\0';
                esc(o, line);
                fprintf(o, "</code></li>\n");
            }
        if (fp != NULL)
            fclose(fp);
        fprintf(o, "</ul>\n");
    }
    for (size_t f = 0; f < nf; f++) {
        if (!fig_in_group(es, i, ne, figs[f]))
            continue;
        char svg[512];
        snprintf(svg, sizeof svg, "%.*s.svg", (int)(strlen(figs[f]) - 4), figs[f]);
        fprintf(o, "<figure><img src=\"figures/%s\" alt=\"%s\"/><figcaption>"
                   "<code>%s</code> (<a href=\"figures/%s\">SVG</a>)</figcaption>"
                   "</figure>\n", figs[f], figs[f], figs[f], svg);
    }
}

/* One check's section: claim, verdict, reproduce line, results,
 * constants, preconditions, notes and its search. */
static void html_check(FILE *o, const entry *e)
{
    if (e->j == NULL) {
        fprintf(o, "<h3 id=\"%s\">%s</h3>\n<p class=\"MISSING\">MISSING: no record in "
                   "results/; run make report.</p>\n", e->id, e->id);
        return;
    }
    fprintf(o, "<h3 id=\"%s\">%s: ", e->id, e->id);
    esc(o, str(e->j, "statement"));
    fprintf(o, "</h3>\n<p>Claim: <code>");
    esc(o, str(e->j, "formula"));
    fprintf(o, "</code><br/>Verdict: <span class=\"%s\">%s</span>%s%s. Reproduce:<br/><code>",
            str(e->j, "verdict"), str(e->j, "verdict"),
            cJSON_IsTrue(arr(e->j, "indicative")) ? " (indicative: an estimated constant)" : "",
            e->stale ? " <span class=\"STALE\">STALE record</span>" : "");
    command(o, e->j, 1);
    fprintf(o, "</code></p>\n<table>\n<tr><th>quantity</th><th>kind</th><th>LHS (estimate "
               "or worst slack)</th><th>interval</th><th>RHS</th><th>verdict</th></tr>\n");
    const cJSON *q;
    cJSON_ArrayForEach(q, arr(e->j, "results")) {
        const cJSON *l = arr(q, "lhs");
        const char *kind = str(q, "kind");
        double v = strcmp(kind, "exact") == 0 ? num(q, "worst_slack") : num(l, "estimate");
        char a[32], b[32], c2[32], d[32];
        fprintf(o, "<tr><td>%s</td><td>%s</td><td>%s</td><td>[%s, %s]</td><td>%s</td>"
                   "<td class=\"%s\">%s</td></tr>\n", str(q, "quantity"), kind,
                fnum(v, a, sizeof a), fnum(num(l, "lower"), b, sizeof b),
                fnum(num(l, "upper"), c2, sizeof c2), fnum(num(arr(q, "rhs"), "value"), d, sizeof d),
                str(q, "verdict"), str(q, "verdict"));
    }
    fprintf(o, "</table>\n<table>\n<tr><th>constant</th><th>value</th><th>provenance</th>"
               "<th>how</th></tr>\n");
    const cJSON *c;
    cJSON_ArrayForEach(c, arr(e->j, "constants")) {
        fprintf(o, "<tr><td>");
        esc(o, str(c, "name"));
        char cv[32];
        fprintf(o, "</td><td>%s</td><td>%s</td><td>", fnum(num(c, "value"), cv, sizeof cv),
                str(c, "provenance"));
        esc(o, str(c, "how"));
        fprintf(o, "</td></tr>\n");
    }
    cJSON_ArrayForEach(c, arr(e->j, "preconditions")) {
        fprintf(o, "<tr><td>precondition: ");
        esc(o, str(c, "name"));
        fprintf(o, "</td><td colspan=\"2\">%s</td><td>", cJSON_IsTrue(arr(c, "holds")) ? "holds" : "FAILS");
        esc(o, str(c, "detail"));
        fprintf(o, "</td></tr>\n");
    }
    fprintf(o, "</table>\n<ul>\n");
    const cJSON *n;
    cJSON_ArrayForEach(n, arr(e->j, "notes"))
        if (cJSON_IsString(n)) {
            fprintf(o, "<li>");
            esc(o, n->valuestring);
            fprintf(o, "</li>\n");
        }
    if (e->search != NULL)
        search_item(o, e->search, "Search", 1);
    if (e->reading != NULL)
        search_item(o, e->reading, READING_LABEL, 1);
    fprintf(o, "</ul>\n");
}

static void write_html(FILE *o, entry *es, size_t ne, const bc_report_opts *opt, char **figs,
                       size_t nf, char **fits, size_t nfit)
{
    html_head(o, opt);
    html_summary(o, es, ne);
    const char *last = "";
    for (size_t i = 0; i < ne; i++) {
        if (strcmp(es[i].group, last) != 0) {
            html_group(o, es, i, ne, opt, figs, nf, fits, nfit);
            last = es[i].group;
        }
        html_check(o, &es[i]);
    }
    fprintf(o, "</body>\n</html>\n");
}

/* FINDINGS.md: one row per statement, findings first: the verdict at the
 * default instance, what the search over the claimed box found (verdict,
 * ratio or slack, box and budget), and the commands that reproduce both. */
static void write_findings(FILE *o, entry *es, size_t ne)
{
    fprintf(o, "# What boundcheck found\n\nOne row per statement: the verdict at the check's "
               "default instance, and what the counterexample search found over the range the "
               "statement is claimed on, within the budget named. \"None found\" is a measured "
               "statement about that box and budget, not a proof. Generated by `make report` "
               "from `results/`.\n\n");
    fprintf(o, "| statement | default instance | searched instance | finding | reproduce |\n"
               "| --- | --- | --- | --- | --- |\n");
    const char *last = "";
    for (size_t i = 0; i < ne; i++) {
        entry *e = &es[i];
        if (e->j != NULL && strcmp(e->group, last) != 0) {
            fprintf(o, "| **%s** | | | | |\n", str(e->j, "reference"));
            last = e->group;
        }
        if (e->j == NULL) {
            fprintf(o, "| `%s` | MISSING (no record) | | | |\n", e->id);
            continue;
        }
        char res[1024], srch[2200] = "not searched";
        result_text(e->j, res, sizeof res, 0);
        if (e->search != NULL)
            search_text(e->search, srch, 1024, 0);
        if (e->reading != NULL) {   /* the search of its tightest-constant reading */
            char t[1024];
            search_text(e->reading, t, sizeof t, 0);
            size_t used = strlen(srch);
            snprintf(srch + used, sizeof srch - used, "; the reading with the tightest constant: %s",
                     t);
        }
        const char *sr = e->search != NULL ? str(e->search, "result") : "";
        const char *found = search_is_counterexample(e->search)
                                ? "**COUNTEREXAMPLE**: the statement fails at the searched instance"
                            : strcmp(sr, "no counterexample") == 0
                                ? "none found within the box and budget"
                            : strcmp(sr, "inconclusive") == 0 ? "inconclusive at the tightest instance"
                            : strcmp(sr, "the reading fails") == 0
                                ? "a reading with an estimated constant fails (not a counterexample)"
                            : e->search != NULL ? "nothing could be confirmed"
                                                : "not searched";
        fprintf(o, "| `%s` %s | **%s**: %s | %s | %s | `", e->id, str(e->j, "statement"),
                str(e->j, "verdict"), res, srch, found);
        command(o, e->j, 0);
        if (e->search != NULL && arr(e->search, "confirmation") != NULL) {
            fprintf(o, "`; searched: `");
            command(o, arr(e->search, "confirmation"), 0);
        }
        fprintf(o, "` |\n");
    }
}

static int entry_cmp(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int g = strcmp(x->group, y->group);
    return g != 0 ? g : strcmp(x->id, y->id);
}

/* Copies results/figures/NAME.{png,svg} into OUT/figures/ so that the
 * report travels with its figures. 0, or 1 when one cannot be copied. */
static int copy_figures(const bc_report_opts *opt, char **figs, size_t nf)
{
    char src[4096], dst[4096];
    int bad = 0;
    snprintf(dst, sizeof dst, "%s/figures", opt->out_dir);
    mkdir(dst, 0755);
    for (size_t f = 0; f < nf; f++)
        for (int ext = 0; ext < 2; ext++) {
            char name[512];
            snprintf(name, sizeof name, "%.*s.%s", (int)(strlen(figs[f]) - 4), figs[f],
                     ext ? "svg" : "png");
            snprintf(src, sizeof src, "%s/figures/%s", opt->results_dir, name);
            snprintf(dst, sizeof dst, "%s/figures/%s", opt->out_dir, name);
            size_t n;
            char *buf = bc_io_read_all(src, &n);
            if (buf == NULL)
                continue;   /* an SVG not drawn: the PNG alone */
            bc_atomic_file af;
            if (bc_io_atomic_open(&af, dst) != 0) {
                bad = 1;
            } else {
                fwrite(buf, 1, n, af.fp);
                bad |= bc_io_atomic_commit(&af) != 0;
            }
            free(buf);
        }
    return bad;
}

/* The entries: every result record in the results folder with its
 * search and staleness, then a MISSING entry for each registered check
 * without one (in its paper's section where a sibling has a record). */
static size_t load_entries(const bc_report_opts *opt, char **json, size_t nj, entry *es)
{
    size_t ne = 0;
    char path[4096];
    for (size_t i = 0; i < nj && ne < MAX_RECORDS; i++) {
        if (strncmp(json[i], "search_", 7) == 0 || strncmp(json[i], "reading_", 8) == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", opt->results_dir, json[i]);
        cJSON *j = bc_io_read_json(path);
        if (j == NULL || strcmp(str(j, "schema"), "boundcheck.result/1") != 0) {
            cJSON_Delete(j);
            continue;
        }
        entry *e = &es[ne++];
        e->j = j;
        snprintf(e->id, sizeof e->id, "%s", str(j, "check"));
        snprintf(e->prefix, sizeof e->prefix, "%.*s", (int)strcspn(e->id, "."), e->id);
        snprintf(e->group, sizeof e->group, "%s", str(j, "reference")[0] ? str(j, "reference")
                                                                           : e->prefix);
        struct stat rs, bs;
        if (opt->bin_dir != NULL && stat(path, &rs) == 0) {
            char bin[512];
            snprintf(bin, sizeof bin, "%s/check_%s", opt->bin_dir, e->id);
            for (char *c = bin + strlen(opt->bin_dir); *c; c++)
                if (*c == '.')
                    *c = '_';
            if (stat(bin, &bs) == 0 && bs.st_mtime > rs.st_mtime)
                e->stale = 1;
        }
        snprintf(path, sizeof path, "%s/search_%s.json", opt->results_dir, e->id);
        e->search = bc_io_read_json(path);
        snprintf(path, sizeof path, "%s/reading_%s.json", opt->results_dir, e->id);
        e->reading = bc_io_read_json(path);
    }
    for (size_t k = 0; k < opt->nids; k++) {
        int found = 0;
        for (size_t i = 0; i < ne && !found; i++)
            found = strcmp(es[i].id, opt->ids[k]) == 0;
        if (!found) {
            entry *e = &es[ne++];
            snprintf(e->id, sizeof e->id, "%s", opt->ids[k]);
            snprintf(e->prefix, sizeof e->prefix, "%.*s", (int)strcspn(e->id, "."), e->id);
            snprintf(e->group, sizeof e->group, "%s", e->prefix);
        }
    }
    /* a MISSING check joins its paper's section when another check of the
     * same id prefix has a record */
    for (size_t i = 0; i < ne; i++)
        for (size_t k = 0; es[i].j == NULL && k < ne; k++)
            if (es[k].j != NULL && strcmp(es[k].prefix, es[i].prefix) == 0) {
                snprintf(es[i].group, sizeof es[i].group, "%s", es[k].group);
                break;
            }
    return ne;
}

int bc_report_write(const bc_report_opts *opt, char *msg, size_t len)
{
    size_t nj, nf, nfit;
    char path[4096];
    DIR *dd = opendir(opt->results_dir);
    if (dd == NULL) {
        snprintf(msg, len, "cannot read results folder '%s'", opt->results_dir);
        return BC_USAGE;
    }
    closedir(dd);
    char **json = list_files(opt->results_dir, ".json", &nj);
    snprintf(path, sizeof path, "%s/figures", opt->results_dir);
    char **figs = list_files(path, ".png", &nf);
    char **fits = list_files(opt->results_dir, "_fit.gp", &nfit);
    entry *es = calloc(MAX_RECORDS + opt->nids, sizeof *es);
    size_t ne = 0;
    if (es == NULL) {
        snprintf(msg, len, "out of memory");
        return BC_FAILED;
    }
    ne = load_entries(opt, json, nj, es);
    qsort(es, ne, sizeof *es, entry_cmp);

    int rc = 0;
    mkdir(opt->out_dir, 0755);
    rc |= copy_figures(opt, figs, nf);
    bc_atomic_file f;
    snprintf(path, sizeof path, "%s/REPORT.md", opt->out_dir);
    if (bc_io_atomic_open(&f, path) == 0) {
        write_md(f.fp, es, ne, opt, figs, nf);
        rc |= bc_io_atomic_commit(&f) != 0;
    } else
        rc = 1;
    snprintf(path, sizeof path, "%s/FINDINGS.md", opt->out_dir);
    if (rc == 0 && bc_io_atomic_open(&f, path) == 0) {
        write_findings(f.fp, es, ne);
        rc |= bc_io_atomic_commit(&f) != 0;
    } else
        rc = 1;
    snprintf(path, sizeof path, "%s/index.html", opt->out_dir);
    if (rc == 0 && bc_io_atomic_open(&f, path) == 0) {
        write_html(f.fp, es, ne, opt, figs, nf, fits, nfit);
        rc |= bc_io_atomic_commit(&f) != 0;
    } else
        rc = 1;
    for (size_t i = 0; i < ne; i++) {
        cJSON_Delete(es[i].j);
        cJSON_Delete(es[i].search);
        cJSON_Delete(es[i].reading);
    }
    free(es);
    free_list(json, nj);
    free_list(figs, nf);
    free_list(fits, nfit);
    if (rc != 0) {
        snprintf(msg, len, "cannot write the report in '%s'", opt->out_dir);
        return BC_FAILED;
    }
    return 0;
}
