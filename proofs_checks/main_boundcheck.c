/* main_boundcheck.c -- the umbrella command (usage() prints the grammar).
 *
 *   boundcheck list [--json]             the registered checks
 *   boundcheck run ID [options]          one check (same options as its binary)
 *   boundcheck all [--quick] [--json-dir DIR] [--threads N] [--seed N]
 *                  [--shard I/N] [--junit PATH]
 *                                        every check; one line each; exit is
 *                                        the most severe verdict (a shard:
 *                                        a shard file per check)
 *   boundcheck merge [options] SHARD...  shard files back into records
 *   boundcheck search ID [options]       a counterexample search over the
 *                                        range the statement is claimed on
 *   boundcheck report [--results DIR] [--out DIR] [--bin DIR]
 *                                        the report page, REPORT.md, FINDINGS.md
 *   boundcheck judge --values PATH --rhs ...
 *                                        a user's own values, judged with the
 *                                        runner's statistics
 *   boundcheck --version | --help
 * Exit codes are the checks' (core/status.h, named here as BC_*). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_errno.h>

#include "app/cli.h"
#include "core/io.h"
#include "app/judge.h"
#include "app/opts.h"
#include "core/stats.h"
#include "app/values.h"
#include "app/output.h"
#include "app/report.h"
#include "core/runner.h"
#include "app/search.h"
#include "app/shard.h"
#include "core/status.h"
#include "core/version.h"
#include "proofs_checks/checks.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: boundcheck list [--json]\n"
            "       boundcheck run ID [options]     (boundcheck run ID --help)\n"
            "       boundcheck all [--quick] [--json-dir DIR] [--threads N] [--seed N] [--shard I/N]\n"
            "                      [--junit PATH]   (JUnit XML: one test case per check)\n"
            "       boundcheck merge [--json PATH] [--csv PATH] [--json-dir DIR] [--quiet] SHARD...\n"
            "       boundcheck merge --csv PATH SWEEP-SHARD.csv...\n"
            "       boundcheck search ID [--budget N] [--time S] [--seed N] [--trials N]\n"
            "                 [--confirm-trials N] [--starts N] [--vary a,b] [--threads N]\n"
            "                 [--json PATH] [--csv PATH] [--objective ratio|outside|reading:NAME]\n"
            "                 [--NAME VALUE ...]   (NAME VALUE: held)\n"
            "       boundcheck report [--results DIR] [--out DIR] [--bin DIR]\n"
            "       boundcheck judge --values PATH --rhs NUMBER|PATH [--kind mean|every|prob]\n"
            "                 [--columns a,b] [--range LO,HI] [--delta D] [--rtol R] [--alpha A]\n"
            "                 [--ci METHOD] [--what TEXT] [--json PATH] [--csv PATH] [--quiet]\n"
            "                 [--array NAME]   (values: CSV, .npy or .npz, one row per trial)\n"
            "       boundcheck --version\n");
}

/* boundcheck judge: a user's values (one row per trial) against a
 * right-hand side, judged with the runner's statistics (app/judge.h). */
static int judge_kind(void *dest, const char *v, char *msg, size_t len)
{
    bc_judge_kind *k = dest;
    if (strcmp(v, "mean") == 0)
        *k = BC_JUDGE_MEAN;
    else if (strcmp(v, "every") == 0)
        *k = BC_JUDGE_EVERY;
    else if (strcmp(v, "prob") == 0)
        *k = BC_JUDGE_PROB;
    else {
        snprintf(msg, len, "option --kind: '%s' is not one of mean|every|prob", v);
        return BC_EINVAL;
    }
    return 0;
}

static int judge_range(void *dest, const char *v, char *msg, size_t len)
{
    bc_judge_spec *s = dest;
    char *e;
    s->lo = strtod(v, &e);
    if (e == v || *e != ',' || (s->hi = strtod(e + 1, &e), *e != '\0') || !(s->lo < s->hi)
        || !isfinite(s->lo) || !isfinite(s->hi)) {
        snprintf(msg, len, "option --range: '%s' is not LO,HI with LO < HI", v);
        return BC_EINVAL;
    }
    return 0;
}

static int judge_delta(void *dest, const char *v, char *msg, size_t len)
{
    double *d = dest;
    if (bc_parse_real(v, d) != 0 || !(*d > 0 && *d < 1)) {
        snprintf(msg, len, "option --delta: '%s' is not in (0, 1)", v);
        return BC_EINVAL;
    }
    return 0;
}

static int judge_rtol(void *dest, const char *v, char *msg, size_t len)
{
    double *r = dest;
    if (bc_parse_real(v, r) != 0 || !(*r >= 0 && *r < 1)) {
        snprintf(msg, len, "option --rtol: '%s' is not in [0, 1)", v);
        return BC_EINVAL;
    }
    return 0;
}

/* --columns: by name or index, in the order given (every column when
 * NULL). 0, or BC_USAGE after one line on stderr. */
static int pick_columns(const bc_values *all, const char *cols, const char *path, size_t *pick,
                        size_t max, size_t *np)
{
    *np = 0;
    if (cols == NULL) {
        for (size_t j = 0; j < all->cols && *np < max; j++)
            pick[(*np)++] = j;
        return 0;
    }
    char list[1024];
    snprintf(list, sizeof list, "%s", cols);
    for (char *sv = NULL, *t = strtok_r(list, ",", &sv); t != NULL; t = strtok_r(NULL, ",", &sv)) {
        long long ix = -1;
        for (size_t j = 0; j < all->cols; j++)
            if (strcmp(all->names[j], t) == 0)
                ix = (long long)j;
        if (ix < 0 && (bc_parse_int(t, &ix) != 0 || ix < 0 || ix >= (long long)all->cols))
            ix = -1;
        if (ix < 0 || *np == max) {
            fprintf(stderr, "boundcheck judge: option --columns: no column '%s' in '%s'\n", t, path);
            return BC_USAGE;
        }
        pick[(*np)++] = (size_t)ix;
    }
    return 0;
}

/* --rhs: a number, or a file (rv) with one value per column or one for
 * all, into rhsv[np]. 0, or BC_USAGE with msg. */
static int read_rhs(const char *rhs, size_t np, double *rhsv, bc_values *rv, char *msg,
                    size_t len)
{
    double r1;
    if (bc_parse_real(rhs, &r1) == 0) {
        for (size_t j = 0; j < np; j++)
            rhsv[j] = r1;
        return 0;
    }
    if (bc_values_load(rhs, rv, msg, len) == 0 && (rv->rows * rv->cols == np || rv->rows * rv->cols == 1)) {
        for (size_t j = 0; j < np; j++)
            rhsv[j] = rv->x[rv->rows * rv->cols == 1 ? 0 : j];
        return 0;
    }
    if (msg[0] == '\0')
        snprintf(msg, len, "option --rhs: '%s' has %zu values, expected 1 or %zu (one per column)",
                 rhs, rv->rows * rv->cols, np);
    return BC_USAGE;
}

static int cmd_judge(int argc, char **argv)
{
    const char *path = NULL, *rhs = NULL, *cols = NULL, *json = NULL, *csv = NULL, *member = NULL;
    bc_judge_spec s = {BC_JUDGE_MEAN, NULL, NULL, NAN, NAN, NAN, 1e-9, "values from a file", NULL};
    bc_run_opts o;
    bc_run_opts_default(&o);
    char msg[512] = "";
    const bc_opt ot[] = {
        {"values", BC_OPT_TEXT, 0, 0, &path, NULL, NULL},
        {"rhs", BC_OPT_TEXT, 0, 0, &rhs, NULL, NULL},
        {"kind", BC_OPT_CALL, 0, 0, &s.kind, judge_kind, NULL},
        {"columns", BC_OPT_TEXT, 0, 0, &cols, NULL, NULL},
        {"range", BC_OPT_CALL, 0, 0, &s, judge_range, NULL},
        {"delta", BC_OPT_CALL, 0, 0, &s.delta, judge_delta, NULL},
        {"rtol", BC_OPT_CALL, 0, 0, &s.rtol, judge_rtol, NULL},
        {"alpha", BC_OPT_CALL, 0, 0, &o.alpha, bc_opts_alpha, NULL},
        {"ci", BC_OPT_CALL, 0, 0, &o.ci_method, bc_opts_ci, NULL},
        {"json", BC_OPT_TEXT, 0, 0, &json, NULL, NULL},
        {"csv", BC_OPT_TEXT, 0, 0, &csv, NULL, NULL},
        {"quiet", BC_OPT_FLAG, 0, 0, &o.quiet, NULL, NULL},
        {"what", BC_OPT_TEXT, 0, 0, &s.what, NULL, NULL},
        {"array", BC_OPT_TEXT, 0, 0, &member, NULL, NULL},
    };
    bc_opts_parse(ot, sizeof ot / sizeof ot[0], NULL, argc, argv, 1, NULL, 0, NULL, msg, sizeof msg);
    if (msg[0] == '\0' && (path == NULL || rhs == NULL))
        snprintf(msg, sizeof msg, "--values PATH and --rhs (a number or a file) are required");
    if (msg[0] == '\0' && s.kind == BC_JUDGE_PROB && isnan(s.delta))
        snprintf(msg, sizeof msg, "--kind prob needs --delta");
    if (msg[0] == '\0' && json != NULL)
        bc_io_check_writable(json, msg, sizeof msg);
    if (msg[0] == '\0' && csv != NULL)
        bc_io_check_writable(csv, msg, sizeof msg);
    if (msg[0] != '\0') {
        fprintf(stderr, "boundcheck judge: %s\n", bc_io_one_line(msg));
        return BC_USAGE;
    }
    bc_values all, v = {0}, rv = {0};
    if (bc_values_load_member(path, member, &all, msg, sizeof msg) != 0) {
        fprintf(stderr, "boundcheck judge: %s\n", msg);
        return BC_USAGE;
    }
    int code = BC_USAGE;
    size_t pick[BC_REC_Q_MAX * 16], np = 0;
    if (pick_columns(&all, cols, path, pick, sizeof pick / sizeof *pick, &np) != 0)
        goto done;
    v.rows = all.rows;
    v.cols = np;
    v.x = malloc(v.rows * np * sizeof *v.x);
    v.names = calloc(np, sizeof *v.names);
    double *rhsv = malloc(np * sizeof *rhsv);
    if (v.x == NULL || v.names == NULL || rhsv == NULL) {
        free(rhsv);
        code = BC_FAILED;
        goto done;
    }
    for (size_t j = 0; j < np; j++) {
        v.names[j] = strdup(all.names[pick[j]]);
        for (size_t i = 0; i < v.rows; i++)
            v.x[i * np + j] = all.x[i * all.cols + pick[j]];
    }
    if (read_rhs(rhs, np, rhsv, &rv, msg, sizeof msg) != 0) {
        fprintf(stderr, "boundcheck judge: %s\n", bc_io_one_line(msg));
        free(rhsv);
        goto done;
    }
    s.lhs = &v;
    s.rhs = rhsv;
    s.source = path;
    bc_record rec;
    code = bc_judge(&s, &o, &rec, msg, sizeof msg);
    free(rhsv);
    if (code == BC_USAGE) {
        fprintf(stderr, "boundcheck judge: %s\n", bc_io_one_line(msg));
        bc_record_release(&rec);
        goto done;
    }
    if (!o.quiet)
        bc_output_table(stdout, &rec);
    if (json != NULL && bc_output_json_write(&rec, json) != 0) {
        fprintf(stderr, "boundcheck judge: cannot write '%s': %s\n", json, strerror(errno));
        code = BC_FAILED;
    }
    if (csv != NULL && bc_output_csv_write(&rec, csv) != 0) {
        fprintf(stderr, "boundcheck judge: cannot write '%s': %s\n", csv, strerror(errno));
        code = BC_FAILED;
    }
    bc_record_release(&rec);
done:
    bc_values_free(&all);
    bc_values_free(&v);
    bc_values_free(&rv);
    return code;
}

/* boundcheck list --json: every check with its paper and parameters. */
/* Text escaped for XML attributes and content. */
static void xml_esc(FILE *f, const char *t)
{
    for (; *t; t++)
        switch (*t) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default:
            if ((unsigned char)*t >= 0x20 || *t == '\n')
                fputc(*t, f);
        }
}

static int cmd_list_json(void)
{
    cJSON *arr = bc_registry_json();
    char *text = arr != NULL ? cJSON_Print(arr) : NULL;
    cJSON_Delete(arr);
    if (text == NULL)
        return BC_FAILED;
    puts(text);
    cJSON_free(text);
    return 0;
}

static int cmd_list(void)
{
    size_t n;
    const bc_check *const *all = bc_registry_all(&n);
    printf("%-16s %-22s %s\n", "id", "statement", "paper");
    for (size_t i = 0; i < n; i++)
        printf("%-16s %-22s %s\n", all[i]->id, all[i]->statement, all[i]->paper->name);
    return 0;
}

/* One JUnit test case per check (HOLDS passes; VIOLATED is a failure,
 * FAILED an error, PRECONDITION and INCONCLUSIVE skipped with the reason),
 * so CI systems show each statement as a test. */
static void junit_case(FILE *f, const bc_record *rec)
{
    char head[64], line[1024];
    double up, v = bc_output_headline(rec, &up, head, sizeof head);
    fprintf(f, "  <testcase classname=\"boundcheck.");
    xml_esc(f, rec->check->paper->name);
    fprintf(f, "\" name=\"%s\" time=\"%.3f\">\n", rec->check->id, rec->wall_s);
    if (head[0] != '\0')
        snprintf(line, sizeof line, "%s: %s = %.6g (upper %.6g)", bc_verdict_name(rec->verdict),
                 head, v, up);
    else
        snprintf(line, sizeof line, "%s: %s", bc_verdict_name(rec->verdict),
                 rec->failure[0] ? rec->failure : "nothing judged (see the record)");
    const char *tag = rec->verdict == BC_VIOLATED ? "failure"
                      : rec->verdict == BC_FAILED ? "error"
                      : rec->verdict == BC_HOLDS ? NULL : "skipped";
    if (tag != NULL) {
        fprintf(f, "    <%s message=\"", tag);
        xml_esc(f, line);
        fprintf(f, "\"/>\n");
    }
    fprintf(f, "    <system-out>");
    xml_esc(f, line);
    fprintf(f, "</system-out>\n  </testcase>\n");
}

static int cmd_all(int argc, char **argv)
{
    bc_run_opts o;
    const char *dir = "results", *junit = NULL;
    char msg[512] = "";
    if (bc_cli_all_options("boundcheck all", argc, argv, 1, 1, &o, &dir, &junit) != 0)
        return BC_USAGE;
    if (junit != NULL && o.nshards > 1) {
        fprintf(stderr, "boundcheck all: option --junit: not with --shard (merge the shards first)\n");
        return BC_USAGE;
    }
    if (junit != NULL && bc_io_check_writable(junit, msg, sizeof msg) != NULL) {
        fprintf(stderr, "boundcheck all: %s\n", msg);
        return BC_USAGE;
    }
    bc_atomic_file jf = {0};
    size_t ncases = 0, nfail = 0, nerr = 0, nskip = 0;
    char *cases = NULL;
    size_t caselen = 0;
    FILE *cf = junit != NULL ? open_memstream(&cases, &caselen) : NULL;
    if (junit != NULL && cf == NULL)
        return BC_FAILED;
    mkdir(dir, 0755);
    size_t n;
    const bc_check *const *all = bc_registry_all(&n);
    bc_verdict worst = BC_HOLDS;
    if (o.nshards <= 1)
        bc_output_summary_header(stdout);
    for (size_t i = 0; i < n; i++) {
        const bc_check *c = all[i];
        bc_params p;
        bc_record rec;
        char path[4096];
        if (bc_cli_check_params(c, o.quick, &p, &o.trials, msg, sizeof msg) != 0) {
            fprintf(stderr, "boundcheck all: %s: %s\n", c->id, msg);
            return BC_USAGE;
        }
        int code = bc_runner_run(c, &p, &o, &rec, msg, sizeof msg);
        if (code == BC_USAGE) {
            fprintf(stderr, "boundcheck all: %s: %s\n", c->id, msg);
            bc_record_release(&rec);
            return BC_USAGE;
        }
        if (o.nshards > 1 && rec.failure[0] == '\0') {
            snprintf(path, sizeof path, "%s/%s.shard-%zu-of-%zu.json", dir, c->id, o.shard,
                     o.nshards);
            printf("%-16s shard %zu/%zu: trials [%zu, %zu) of %zu in %.2f s -> %s\n", c->id,
                   o.shard, o.nshards, rec.trial_lo, rec.trial_hi, rec.trials, rec.wall_s, path);
            if (bc_shard_write(&rec, &o, path) != 0) {
                fprintf(stderr, "boundcheck all: cannot write '%s': %s\n", path, strerror(errno));
                bc_record_release(&rec);
                return BC_FAILED;
            }
            bc_record_release(&rec);
            continue;
        }
        bc_output_summary_line(stdout, &rec);
        if (cf != NULL) {
            junit_case(cf, &rec);
            ncases++;
            nfail += rec.verdict == BC_VIOLATED;
            nerr += rec.verdict == BC_FAILED;
            nskip += rec.verdict == BC_PRECONDITION || rec.verdict == BC_INCONCLUSIVE;
        }
        snprintf(path, sizeof path, "%s/%s.json", dir, c->id);
        if (bc_output_json_write(&rec, path) != 0) {
            fprintf(stderr, "boundcheck all: cannot write '%s': %s\n", path, strerror(errno));
            bc_record_release(&rec);
            return BC_FAILED;
        }
        worst = bc_verdict_combine(worst, rec.verdict);
        bc_record_release(&rec);
    }
    if (cf != NULL) {
        fclose(cf);
        int bad = bc_io_atomic_open(&jf, junit) != 0;
        if (!bad) {
            fprintf(jf.fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<testsuite name=\"boundcheck\" tests=\"%zu\" failures=\"%zu\" "
                    "errors=\"%zu\" skipped=\"%zu\">\n%s</testsuite>\n", ncases, nfail, nerr,
                    nskip, cases != NULL ? cases : "");
            bad = bc_io_atomic_commit(&jf) != 0;
        }
        free(cases);
        if (bad) {
            fprintf(stderr, "boundcheck all: cannot write '%s': %s\n", junit, strerror(errno));
            return BC_FAILED;
        }
    }
    return (int)worst;
}

/* boundcheck merge [--json PATH] [--csv PATH] [--json-dir DIR] [--quiet]
 * [--threads N] SHARD...: the shard files of one run (--json/--csv, the
 * table) or of `boundcheck all --shard` (a record per check in DIR, a line
 * each). Exit: the most severe verdict, 2 for bad input.
 * boundcheck merge --csv PATH SHARD.csv...: a sweep's CSV shards. */
static int merge_files(const char *const *files, size_t n, const char *json, const char *csv,
                       const char *dir, int quiet, int threads);

static int cmd_merge(int argc, char **argv)
{
    const char *json = NULL, *csv = NULL, *dir = NULL;
    int quiet = 0, threads = 0;
    long long th = 0;
    char msg[2400] = "";
    const bc_opt ot[] = {
        {"json", BC_OPT_TEXT, 0, 0, &json, NULL, NULL},
        {"csv", BC_OPT_TEXT, 0, 0, &csv, NULL, NULL},
        {"json-dir", BC_OPT_TEXT, 0, 0, &dir, NULL, NULL},
        {"quiet", BC_OPT_FLAG, 0, 0, &quiet, NULL, NULL},
        {"threads", BC_OPT_INT, 0, 1024, &th, NULL, NULL},
    };
    /* the shard files: every word that is not an option */
    const char **files = malloc((size_t)argc * sizeof *files);
    size_t n = 0;
    if (files == NULL)
        return BC_FAILED;
    if (bc_opts_parse(ot, sizeof ot / sizeof ot[0], NULL, argc, argv, 1, files, (size_t)argc, &n,
                      msg, sizeof msg) != 0) {
        fprintf(stderr, "boundcheck merge: %s\n", bc_io_one_line(msg));
        free(files);
        return BC_USAGE;
    }
    threads = (int)th;
    int code = merge_files(files, n, json, csv, dir, quiet, threads);
    free(files);
    return code;
}

/* The merge of the shard files (CSV or JSON records) given to cmd_merge. */
/* The checks the shards are of, in the order of first appearance, into
 * groups (at most 256). 0, or BC_USAGE with msg for a check this build
 * does not have. */
static int group_by_check(const bc_shard *sh, size_t n, const char **groups, size_t *ngroups,
                          char *msg, size_t len)
{
    *ngroups = 0;
    for (size_t i = 0; i < n; i++) {
        size_t g = 0;
        while (g < *ngroups && strcmp(groups[g], sh[i].check) != 0)
            g++;
        if (g < *ngroups)
            continue;
        if (*ngroups == 256 || bc_registry_find(sh[i].check) == NULL) {
            snprintf(msg, len, "'%s': no check '%s' in this build", sh[i].path, sh[i].check);
            return BC_USAGE;
        }
        groups[(*ngroups)++] = sh[i].check;
    }
    return 0;
}

/* The merged records: printed (a table, or a summary line each for
 * several checks) and written to --json/--csv or DIR/<check>.json. The
 * exit status: code, or BC_FAILED when a file could not be written. */
static int write_merged(const bc_record *recs, size_t ngroups, const char *json, const char *csv,
                        const char *dir, int quiet, int code)
{
    if (dir != NULL && ngroups > 1)
        bc_output_summary_header(stdout);
    for (size_t g = 0; g < ngroups; g++) {
        char path[4096];
        const char *jp = json;
        if (dir != NULL) {
            mkdir(dir, 0755);
            snprintf(path, sizeof path, "%s/%s.json", dir, recs[g].check->id);
            jp = path;
        }
        if (ngroups > 1)
            bc_output_summary_line(stdout, &recs[g]);
        else if (!quiet)
            bc_output_table(stdout, &recs[g]);
        if (jp != NULL && bc_output_json_write(&recs[g], jp) != 0) {
            fprintf(stderr, "boundcheck merge: cannot write '%s': %s\n", jp, strerror(errno));
            code = BC_FAILED;
        }
        if (csv != NULL && bc_output_csv_write(&recs[g], csv) != 0) {
            fprintf(stderr, "boundcheck merge: cannot write '%s': %s\n", csv, strerror(errno));
            code = BC_FAILED;
        }
    }
    return code;
}

static int merge_files(const char *const *files, size_t n, const char *json, const char *csv,
                       const char *dir, int quiet, int threads)
{
    char msg[2400] = "";
    if (n == 0) {
        fprintf(stderr, "boundcheck merge: no shard files given\n");
        return BC_USAGE;
    }
    const char *outs[2] = {json, csv};
    for (int k = 0; k < 2; k++)
        if (outs[k] != NULL && bc_io_check_writable(outs[k], msg, sizeof msg) != NULL) {
            fprintf(stderr, "boundcheck merge: %s\n", bc_io_one_line(msg));
            return BC_USAGE;
        }
    const char *first = files[0];
    size_t fl = strlen(first);
    if (fl > 4 && strcmp(first + fl - 4, ".csv") == 0) {
        /* the CSV shards of a sweep (experiments --shard I/N) */
        if (csv == NULL || json != NULL || dir != NULL) {
            fprintf(stderr, "boundcheck merge: CSV shards of a sweep merge into --csv PATH "
                            "(and only that)\n");
            return BC_USAGE;
        }
        int st = bc_shard_merge_csv(files, n, csv, msg, sizeof msg);
        if (st != 0)
            fprintf(stderr, "boundcheck merge: %s\n", bc_io_one_line(msg));
        else if (!quiet)
            printf("merged %zu sweep shards into %s\n", n, csv);
        return st == 0 ? BC_HOLDS : st == BC_EINVAL ? BC_USAGE : BC_FAILED;
    }
    bc_shard *sh = calloc(n, sizeof *sh);
    int code = BC_USAGE;
    if (sh == NULL) {
        fprintf(stderr, "boundcheck merge: out of memory for %zu shard files\n", n);
        return BC_FAILED;
    }
    size_t nread = 0, ngroups = 0;
    for (; nread < n; nread++)
        if (bc_shard_read(files[nread], &sh[nread], msg, sizeof msg) != 0)
            goto done;
    /* group by check, in the order of first appearance */
    const char *groups[256];
    if (group_by_check(sh, n, groups, &ngroups, msg, sizeof msg) != 0)
        goto done;
    if (ngroups > 1 && (json != NULL || csv != NULL)) {
        snprintf(msg, sizeof msg, "the shards are of %zu checks: use --json-dir DIR (a record "
                 "per check), not --json/--csv", ngroups);
        goto done;
    }
    if (ngroups > 1 && dir == NULL)
        dir = "results";
    /* judge every group before writing anything */
    bc_record *recs = calloc(ngroups, sizeof *recs);
    if (recs == NULL) {
        snprintf(msg, sizeof msg, "out of memory");
        goto done;
    }
    code = BC_HOLDS;
    for (size_t g = 0; g < ngroups && code != BC_USAGE; g++) {
        bc_shard *grp = calloc(n, sizeof *grp);
        size_t m = 0;
        for (size_t i = 0; grp != NULL && i < n; i++)
            if (strcmp(sh[i].check, groups[g]) == 0)
                grp[m++] = sh[i];
        int st = grp == NULL ? BC_FAILED
                             : bc_shard_merge(bc_registry_find(groups[g]), grp, m, threads,
                                              &recs[g], msg, sizeof msg);
        free(grp);
        if (st == BC_USAGE)
            code = BC_USAGE;
        else
            code = (int)bc_verdict_combine((bc_verdict)code, (bc_verdict)st);
    }
    if (code != BC_USAGE)
        code = write_merged(recs, ngroups, json, csv, dir, quiet, code);
    for (size_t g = 0; g < ngroups; g++)
        bc_record_release(&recs[g]);
    free(recs);
done:
    if (code == BC_USAGE)
        fprintf(stderr, "boundcheck merge: %s\n", bc_io_one_line(msg));
    for (size_t i = 0; i < nread; i++)
        bc_shard_free(&sh[i]);
    free(sh);
    return code;
}

static int cmd_report(int argc, char **argv)
{
    bc_report_opts o = {"results", "report", "bin", NULL, 0};
    char msg[512] = "";
    const bc_opt ot[] = {
        {"results", BC_OPT_TEXT, 0, 0, &o.results_dir, NULL, NULL},
        {"out", BC_OPT_TEXT, 0, 0, &o.out_dir, NULL, NULL},
        {"bin", BC_OPT_TEXT, 0, 0, &o.bin_dir, NULL, NULL},
    };
    if (bc_opts_parse(ot, sizeof ot / sizeof ot[0], NULL, argc, argv, 1, NULL, 0, NULL, msg,
                      sizeof msg) != 0) {
        fprintf(stderr, "boundcheck report: %s\n", bc_io_one_line(msg));
        return BC_USAGE;
    }
    size_t n;
    const bc_check *const *all = bc_registry_all(&n);
    const char *ids[256];
    for (size_t i = 0; i < n && i < 256; i++)
        ids[i] = all[i]->id;
    o.ids = ids;
    o.nids = n < 256 ? n : 256;
    int st = bc_report_write(&o, msg, sizeof msg);
    if (st != 0) {
        fprintf(stderr, "boundcheck report: %s\n", msg);
        return st == BC_USAGE ? BC_USAGE : BC_FAILED;
    }
    printf("wrote %s/index.html and %s/REPORT.md\n", o.out_dir, o.out_dir);
    return 0;
}

/* A parameter's value as the search set it. */
static const char *search_value(const bc_params *p, const char *name)
{
    int i = bc_params_find(p, name);
    return i >= 0 ? p->text[i] : "?";
}

static unsigned popcount_bins(unsigned b)
{
    unsigned n = 0;
    for (; b; b &= b - 1)
        n++;
    return n;
}

static void search_print_event(const char *what, const bc_check *c, const bc_search_event *e,
                               const bc_search_result *res, uint64_t seed)
{
    printf("  %-13s %s\n  %-13s", what, e->why, "  at");
    for (size_t k = 0; k < res->dims; k++)
        printf(" %s=%s", res->dim[k].name, search_value(&e->at, res->dim[k].name));
    printf("\n  %-13s ", "  reproduce");
    bc_output_command(stdout, c, &e->at, seed, e->trials, 0.0);
}

/* What the search covered, what it found, and how to reproduce it. */
static void search_print(const bc_check *c, const bc_search_opts *o, const bc_search_result *res)
{
    printf("search %s (%s, %s)\n", c->id, c->paper->name, c->statement);
    printf("  box           the range the statement is claimed on (%zu coordinates):\n", res->dims);
    for (size_t k = 0; k < res->dims; k++) {
        const bc_search_dim *d = &res->dim[k];
        if (d->kind == BC_SEARCH_CHOICE) {
            printf("    %-14s {%s}: %u of %.0f words evaluated\n", d->name, d->words,
                   popcount_bins(d->bins), d->hi + 1);
            continue;
        }
        printf("    %-14s %s[%.4g, %.4g] %s%s: ", d->name, d->zero ? "0 and " : "", d->lo, d->hi,
               d->to_one ? "linear, then log of 1 - x" : d->logscale ? "log" : "linear",
               d->kind == BC_SEARCH_INT ? ", integer" : "");
        if (isfinite(d->seen_lo))
            printf("feasible runs in %u of %d bins, from %.4g to %.4g\n",
                   popcount_bins(d->bins), BC_SEARCH_BINS, d->seen_lo, d->seen_hi);
        else
            printf("no feasible run\n");
    }
    for (size_t k = 0; k < res->nfixed; k++)
        printf("    %-14s held at %s (%s)\n", res->fixed[k], search_value(&o->base, res->fixed[k]),
               res->fixed_why[k]);
    printf("  budget        %.4g units (1 unit = one run of the --quick instance), spent %.4g in "
           "%.1f s\n", o->budget, res->units, res->seconds);
    printf("  evaluations   %zu: %zu screened (a quarter of the trials; the base instance and %zu "
           "proof-gap families first), %zu promoted and %zu local (full fidelity, %s trials); seed "
           "%llu\n", res->evals, res->screened, res->npresets, res->promoted, res->local,
           o->trials ? "the given" : "the quick profile's", (unsigned long long)o->seed);
    for (const char *const *pr = c->search_presets; pr != NULL && *pr != NULL; pr++)
        printf("    family      %s\n", *pr);
    printf("  outcomes      %zu feasible, %zu outside the hypotheses, %zu FAILED, %zu refused, "
           "%zu skipped as too costly, %zu vacuous; %zu screened points had their sizes lowered "
           "to fit the cap\n", res->feasible, res->n_precondition, res->n_failed, res->n_usage,
           res->n_costly, res->n_vacuous, res->n_fitted);
    if (res->first_failed.code != 0)
        search_print_event("FAILED run", c, &res->first_failed, res, o->seed);
    if (res->first_precondition.code != 0)
        search_print_event("hypothesis", c, &res->first_precondition, res, o->seed);
    if (res->n_outside > 0) {
        printf("  FINDING       %zu runs met every stated condition but some of their trials left "
               "the hypothesis (a trajectory diverged, say); the largest fraction:\n",
               res->n_outside);
        search_print_event("scope", c, &res->worst_outside, res, o->seed);
    }
    if (!isfinite(res->best_obj))
        printf("  result        no feasible instance found: every run was refused, FAILED or "
               "outside the statement's hypotheses (see the outcomes)\n");
    else
        printf("  maximised     %s: %.6g during the search\n", res->objective, res->best_obj);
    if (isfinite(res->dim[res->driver[0]].sensitivity)) {
        printf("  drivers       rank correlation with the objective over the feasible runs:");
        for (int k = 0; k < (res->dims > 1 ? 2 : 1); k++)
            if (k == 0 || (res->driver[1] != res->driver[0]
                           && isfinite(res->dim[res->driver[1]].sensitivity)))
                printf("%s %s %+.2f", k ? "," : "", res->dim[res->driver[k]].name,
                       res->dim[res->driver[k]].sensitivity);
        printf("\n");
    }
    for (size_t k = 0; k < res->nrejected; k++)
        search_print_event(k == 0 ? "not confirmed" : "", c, &res->rejected[k], res,
                           res->confirm_seed);
    if (res->nrejected > 0 && bc_search_exit_code(res) == BC_PRECONDITION) {
        printf("  no candidate could be confirmed\n");
        return;
    }
    if (!isfinite(res->best_obj))
        return;
    printf("  confirmation  seed %llu%s, %zu trials", (unsigned long long)res->confirm_seed,
           res->confirm_seed == o->seed ? " (the evaluations': exact inequalities)" : "",
           res->confirm.trials);
    if (res->confirm.trials > res->confirm_first)
        printf(" (undecided at %zu: the trials doubled, this look at level alpha = %g, all "
               "looks together at most %g)", res->confirm_first, res->confirm.alpha,
               2.0 * res->confirm.alpha * (double)res->confirm.trials / (double)res->confirm_first);
    printf(": ");
    if (!isfinite(res->ratio))
        printf("the bound not judged");
    else
        printf("%s %.6g", res->is_ratio ? "ratio" : "worst slack", res->ratio);
    if (res->is_ratio && isfinite(res->ratio))
        printf(" [%.6g, %.6g]", res->ratio_lo, res->ratio_hi);
    printf(", verdict %s\n", bc_verdict_name((bc_verdict)res->confirm_code));
    printf("  instance     ");
    for (size_t k = 0; k < res->dims; k++)
        printf(" %s=%s", res->dim[k].name, search_value(&res->best, res->dim[k].name));
    printf("\n  reproduce     ");
    bc_output_command(stdout, c, &res->best, res->confirm_seed, res->confirm.trials,
                      res->confirm.alpha);
    if (o->outside)
        printf("  scope         %zu of %zu trials left the hypothesis, every stated condition "
               "holding: fraction in [%.3g, %.3g] (Clopper-Pearson, each side at alpha = %g)%s\n",
               res->confirm_outside, res->confirm.trials, res->outside_lo, res->outside_hi,
               res->confirm.alpha, res->scope_confirmed
               ? ": FINDING, the statement's conditions admit runs outside its hypothesis" : "");
    if (o->reading != NULL && isfinite(res->reading)) {
        printf("  reading       '%s' on the confirmation: ", o->reading);
        if (res->reading_is_ratio)
            printf("ratio %.6g [%.6g, %.6g]", res->reading, res->reading_lo, res->reading_hi);
        else
            printf("largest value %.6g", res->reading);
        printf("%s\n", res->reading_fails && res->counterexample
               ? ": FAILS here, as the statement itself does (below)"
               : res->reading_fails
               ? ": FAILS here. This reading uses the tightest constant (estimated), the verdict "
                 "the certified one: the certified constant may hide a counterexample; it is not "
                 "one of the statement" : res->reading_judged ? ": holds here"
               : " (a measurement with no claim: nothing to fail)");
    } else if (o->reading != NULL) {
        printf("  reading       '%s' not judged on the confirmation\n", o->reading);
    }
    if (res->counterexample)
        printf("  COUNTEREXAMPLE: %s; the statement fails here%s.\n", res->is_ratio
               ? "at this instance the lower confidence bound of the LHS exceeds the RHS"
               : "an exact inequality fails on an instance drawn at this point (the reproduce "
                 "line reruns it; the record names the trial)", res->confirm.indicative
               ? " (indicative: the verdict rests on a constant estimated by sampling)" : "");
    else if (res->confirm_code == BC_HOLDS)
        printf("  no counterexample within this box and budget: %s\n", res->is_ratio
               ? "the bound holds at the tightest instance found"
               : "the inequality holds at the instance closest to failing");
    else if (res->confirm_code == BC_INCONCLUSIVE)
        printf("  inconclusive: the confirmation's interval straddles the RHS at the most trials "
               "the budget allowed; rerun with a larger --budget or --confirm-trials to decide\n");
}

/* names[k]: vals[k] into j, null where not finite (JSON has no NaN) */
static void add_numbers(cJSON *j, const char *const *names, const double *vals, int n)
{
    for (int k = 0; k < n; k++) {
        if (isfinite(vals[k]))
            cJSON_AddNumberToObject(j, names[k], vals[k]);
        else
            cJSON_AddNullToObject(j, names[k]);
    }
}

static cJSON *search_event_json(const bc_check *c, const bc_search_event *e,
                                const bc_search_result *res, uint64_t seed)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "verdict", bc_verdict_name((bc_verdict)e->code));
    cJSON_AddStringToObject(j, "why", e->why);
    /* the command that reproduces the run */
    char *buf = NULL;
    size_t blen = 0;
    FILE *m = open_memstream(&buf, &blen);
    if (m != NULL) {
        bc_output_command(m, c, &e->at, seed, e->trials, 0.0);
        fclose(m);
        if (buf != NULL) {
            buf[strcspn(buf, "\n")] = '\0';
            cJSON_AddStringToObject(j, "reproduce", buf);
        }
        free(buf);
    }
    cJSON *at = cJSON_AddObjectToObject(j, "at");
    for (size_t k = 0; k < res->dims; k++)
        cJSON_AddStringToObject(at, res->dim[k].name, search_value(&e->at, res->dim[k].name));
    return j;
}

static cJSON *search_json(const bc_check *c, const bc_search_opts *o, const bc_search_result *res)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "schema", "boundcheck.search/2");
    cJSON_AddStringToObject(j, "check", c->id);
    cJSON_AddStringToObject(j, "paper", c->paper->name);
    cJSON *box = cJSON_AddArrayToObject(j, "box");
    cJSON *v = cJSON_AddArrayToObject(j, "varied");
    for (size_t k = 0; k < res->dims; k++) {
        const bc_search_dim *d = &res->dim[k];
        cJSON *b = cJSON_CreateObject();
        cJSON_AddStringToObject(b, "name", d->name);
        cJSON_AddStringToObject(b, "kind", d->kind == BC_SEARCH_CHOICE ? "choice" : d->kind == BC_SEARCH_INT ? "integer" : "real");
        if (d->kind == BC_SEARCH_CHOICE) {
            cJSON_AddStringToObject(b, "words", d->words);
        } else {
            cJSON_AddStringToObject(b, "scale", d->to_one ? "log1m" : d->logscale ? "log" : "linear");
            if (d->zero)
                cJSON_AddBoolToObject(b, "zero", 1);   /* 0 is claimed too, below lo */
            cJSON_AddNumberToObject(b, "lo", d->lo);
            cJSON_AddNumberToObject(b, "hi", d->hi);
            if (isfinite(d->seen_lo)) {
                cJSON_AddNumberToObject(b, "seen_lo", d->seen_lo);
                cJSON_AddNumberToObject(b, "seen_hi", d->seen_hi);
            }
        }
        cJSON_AddNumberToObject(b, "bins_covered", popcount_bins(d->bins));
        if (isfinite(d->sensitivity))
            cJSON_AddNumberToObject(b, "rank_correlation", d->sensitivity);
        cJSON_AddNumberToObject(b, "bins", d->kind == BC_SEARCH_CHOICE ? d->hi + 1 : BC_SEARCH_BINS);
        cJSON_AddItemToArray(box, b);
        cJSON_AddItemToArray(v, cJSON_CreateString(d->name));
    }
    cJSON *dr = cJSON_AddArrayToObject(j, "drivers");
    for (int k = 0; k < (res->dims > 1 ? 2 : 1) && isfinite(res->dim[res->driver[0]].sensitivity); k++)
        cJSON_AddItemToArray(dr, cJSON_CreateString(res->dim[res->driver[k]].name));
    cJSON *fx = cJSON_AddObjectToObject(j, "held");
    for (size_t k = 0; k < res->nfixed; k++)
        cJSON_AddStringToObject(fx, res->fixed[k], res->fixed_why[k]);
    cJSON_AddNumberToObject(j, "budget", o->budget);
    cJSON_AddNumberToObject(j, "units", res->units);
    cJSON_AddNumberToObject(j, "seconds", res->seconds);
    cJSON_AddNumberToObject(j, "evaluations", (double)res->evals);
    cJSON_AddNumberToObject(j, "screened", (double)res->screened);
    cJSON_AddNumberToObject(j, "promoted", (double)res->promoted);
    cJSON_AddNumberToObject(j, "local", (double)res->local);
    cJSON_AddNumberToObject(j, "feasible", (double)res->feasible);
    cJSON_AddNumberToObject(j, "outside_hypotheses", (double)res->n_precondition);
    cJSON_AddNumberToObject(j, "failed", (double)res->n_failed);
    cJSON_AddNumberToObject(j, "refused", (double)res->n_usage);
    cJSON_AddNumberToObject(j, "too_costly", (double)res->n_costly);
    cJSON_AddNumberToObject(j, "vacuous", (double)res->n_vacuous);
    cJSON_AddNumberToObject(j, "sizes_lowered", (double)res->n_fitted);
    if (res->first_failed.code != 0)
        cJSON_AddItemToObject(j, "first_failed",
                              search_event_json(c, &res->first_failed, res, o->seed));
    if (res->n_outside > 0) {
        cJSON_AddNumberToObject(j, "runs_outside_hypothesis", (double)res->n_outside);
        cJSON_AddNumberToObject(j, "largest_outside_fraction", res->outside_frac);
        cJSON_AddItemToObject(j, "worst_outside",
                              search_event_json(c, &res->worst_outside, res, o->seed));
    }
    if (res->first_precondition.code != 0)
        cJSON_AddItemToObject(j, "first_outside_hypotheses",
                              search_event_json(c, &res->first_precondition, res, o->seed));
    cJSON *rj = cJSON_AddArrayToObject(j, "not_confirmed");
    for (size_t k = 0; k < res->nrejected; k++)
        cJSON_AddItemToArray(rj, search_event_json(c, &res->rejected[k], res, res->confirm_seed));
    cJSON_AddStringToObject(j, "objective", res->objective);
    if (o->outside) {
        cJSON *sj = cJSON_AddObjectToObject(j, "scope");
        cJSON_AddNumberToObject(sj, "outside", (double)res->confirm_outside);
        cJSON_AddNumberToObject(sj, "trials", (double)res->confirm.trials);
        cJSON_AddNumberToObject(sj, "fraction_lower", res->outside_lo);
        cJSON_AddNumberToObject(sj, "fraction_upper", res->outside_hi);
        cJSON_AddBoolToObject(sj, "confirmed", res->scope_confirmed);
    }
    if (o->reading != NULL) {
        cJSON *rd = cJSON_AddObjectToObject(j, "reading");
        cJSON_AddStringToObject(rd, "name", o->reading);
        cJSON_AddBoolToObject(rd, "is_ratio", res->reading_is_ratio);
        const char *rn[] = {"value", "lower", "upper"};
        double rv[] = {res->reading, res->reading_lo, res->reading_hi};
        add_numbers(rd, rn, rv, 3);
        cJSON_AddBoolToObject(rd, "judged", res->reading_judged);
        cJSON_AddBoolToObject(rd, "fails", res->reading_fails);
    }
    cJSON_AddBoolToObject(j, "is_ratio", res->is_ratio);
    /* where the confirmation's trials exceed these, its looks doubled from them */
    cJSON_AddNumberToObject(j, "confirmation_first_trials", (double)res->confirm_first);
    const char *names[] = {"best_during_search", "confirmed", "confirmed_lower", "confirmed_upper"};
    double vals[] = {res->best_obj, res->ratio, res->ratio_lo, res->ratio_hi};
    add_numbers(j, names, vals, 4);
    cJSON_AddStringToObject(j, "result", res->counterexample ? "counterexample"
                            : res->reading_fails ? "the reading fails"
                            : bc_search_exit_code(res) == 0 ? "no counterexample"
                            : bc_search_exit_code(res) == BC_INCONCLUSIVE ? "inconclusive"
                                                                          : "nothing confirmed");
    cJSON_AddBoolToObject(j, "counterexample", res->counterexample);
    cJSON_AddBoolToObject(j, "indicative", res->confirm.indicative);
    cJSON_AddItemToObject(j, "confirmation", res->confirm.check != NULL
                                                 ? bc_output_json(&res->confirm) : cJSON_CreateNull());
    return j;
}

/* --objective ratio | outside | reading:NAME */
static int search_objective(void *dest, const char *v, char *msg, size_t len)
{
    bc_search_opts *o = dest;
    if (strncmp(v, "reading:", 8) == 0 && v[8] != '\0') {
        o->reading = v + 8;
        o->outside = 0;
        return 0;
    }
    if (strcmp(v, "ratio") != 0 && strcmp(v, "outside") != 0) {
        snprintf(msg, len, "option --objective: '%s' is not one of ratio|outside|reading:NAME", v);
        return BC_EINVAL;
    }
    o->outside = strcmp(v, "outside") == 0;
    o->reading = NULL;
    return 0;
}

static int cmd_search(int argc, char **argv)
{
    char msg[512] = "";
    if (argc < 2) {
        fprintf(stderr, "boundcheck search: which check? (see boundcheck list)\n");
        return BC_USAGE;
    }
    const bc_check *c = bc_registry_find(argv[1]);
    if (c == NULL) {
        fprintf(stderr, "boundcheck search: no check '%s' (see boundcheck list)\n", argv[1]);
        return BC_USAGE;
    }
    bc_search_opts o;
    bc_search_opts_default(&o);
    /* the search starts from the check's CI-sized profile; the user's
     * fixed values override it */
    if (bc_params_init(&o.base, c->params, c->nparams, msg, sizeof msg) != 0
        || bc_params_apply_profile(&o.base, c->quick, msg, sizeof msg) != 0) {
        fprintf(stderr, "boundcheck search: %s\n", msg);
        return BC_USAGE;
    }
    const char *json = NULL, *csv = NULL;
    char hold[1024] = "";
    long long trials = (long long)o.trials, confirm = (long long)o.confirm_trials;
    long long starts = (long long)o.starts, threads = o.threads;
    const bc_opt ot[] = {
        {"budget", BC_OPT_REAL, 2, 1e7, &o.budget, NULL, NULL},
        {"time", BC_OPT_REAL, 0, 1e300, &o.time_limit, NULL, NULL},
        {"seed", BC_OPT_U64, 0, 0, &o.seed, NULL, NULL},
        {"trials", BC_OPT_INT, 1, 1e8, &trials, NULL, NULL},
        {"confirm-trials", BC_OPT_INT, 1, 1e8, &confirm, NULL, NULL},
        {"starts", BC_OPT_INT, 1, 64, &starts, NULL, NULL},
        {"vary", BC_OPT_TEXT, 0, 0, &o.vary, NULL, NULL},
        {"threads", BC_OPT_INT, 0, 1024, &threads, NULL, NULL},
        {"json", BC_OPT_TEXT, 0, 0, &json, NULL, NULL},
        {"csv", BC_OPT_TEXT, 0, 0, &csv, NULL, NULL},
        {"objective", BC_OPT_CALL, 0, 0, &o, search_objective, NULL},
    };
    if (bc_opts_parse(ot, sizeof ot / sizeof ot[0], &o.base, argc, argv, 2, NULL, 0, NULL, msg,
                      sizeof msg) != 0) {
        fprintf(stderr, "boundcheck search: %s\n", bc_io_one_line(msg));
        return BC_USAGE;
    }
    o.trials = (size_t)trials;
    o.confirm_trials = (size_t)confirm;
    o.starts = (size_t)starts;
    o.threads = (int)threads;
    /* a value the user gives is held, not searched */
    bc_opts_named(&o.base, argc, argv, 2, hold, sizeof hold);
    if ((json != NULL && bc_io_check_writable(json, msg, sizeof msg) != NULL)
        || (csv != NULL && bc_io_check_writable(csv, msg, sizeof msg) != NULL)) {
        fprintf(stderr, "boundcheck search: %s\n", msg);
        return BC_USAGE;
    }
    o.hold = hold;
    bc_search_result res;
    if (bc_search_run(c, &o, &res, msg, sizeof msg) != 0) {
        fprintf(stderr, "boundcheck search: %s\n", msg);
        bc_search_release(&res);
        return BC_USAGE;
    }
    search_print(c, &o, &res);
    int code = bc_search_exit_code(&res);
    if (json != NULL) {
        cJSON *j = search_json(c, &o, &res);
        if (j == NULL || bc_io_write_json(j, json, 1) != 0) {
            fprintf(stderr, "boundcheck search: cannot write '%s': %s\n", json, strerror(errno));
            code = BC_FAILED;
        }
        cJSON_Delete(j);
    }
    if (csv != NULL && bc_search_write_csv(&res, csv) != 0) {
        fprintf(stderr, "boundcheck search: cannot write '%s': %s\n", csv, strerror(errno));
        code = BC_FAILED;
    }
    bc_search_release(&res);
    return code;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return BC_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "list") == 0 && argc == 2)
        return cmd_list();
    if (strcmp(cmd, "list") == 0 && argc == 3 && strcmp(argv[2], "--json") == 0)
        return cmd_list_json();
    /* every subcommand answers --help / -h (run passes it to the check) */
    if (strcmp(cmd, "run") != 0)
        for (int i = 2; i < argc; i++)
            if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                usage(stdout);
                return 0;
            }
    if (strcmp(cmd, "run") == 0) {
        if (argc < 3) {
            fprintf(stderr, "boundcheck run: which check? (see boundcheck list)\n");
            return BC_USAGE;
        }
        const bc_check *c = bc_registry_find(argv[2]);
        if (c == NULL) {
            fprintf(stderr, "boundcheck run: no check '%s' (see boundcheck list)\n", argv[2]);
            return BC_USAGE;
        }
        argv[2] = argv[0];
        return bc_cli_check_main(c, argc - 2, argv + 2);
    }
    if (strcmp(cmd, "all") == 0)
        return cmd_all(argc - 1, argv + 1);
    if (strcmp(cmd, "search") == 0)
        return cmd_search(argc - 1, argv + 1);
    if (strcmp(cmd, "judge") == 0)
        return cmd_judge(argc - 1, argv + 1);
    if (strcmp(cmd, "report") == 0)
        return cmd_report(argc - 1, argv + 1);
    if (strcmp(cmd, "merge") == 0)
        return cmd_merge(argc - 1, argv + 1);
    if (strcmp(cmd, "--version") == 0) {
        printf("boundcheck %s\n", BC_VERSION);
        return 0;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "boundcheck: unknown command '%s'\n", cmd);
    usage(stderr);
    return BC_USAGE;
}
