/* cli.c -- strict command-line parsing and the check program's flow. */
#include "app/cli.h"
#include "app/opts.h"
#include "app/progress.h"
#include "core/io.h"
#include "app/output.h"
#include "core/runner.h"
#include "app/shard.h"
#include "core/stats.h"
#include "core/status.h"
#include "core/version.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

/* What a check binary's command line asks for. */
typedef struct {
    bc_params p;
    bc_run_opts o;
    const char *json, *csv;
    size_t auto_max;      /* --trials auto[:MAX] */
    long long instances;  /* --instances N */
} cli_args;

/* Where the common options' values go, for the calls that need more than
 * a destination. */
typedef struct {
    cli_args *a;
    const bc_check *c;
    int version;
} cli_ctx;

static int opt_trials(void *dest, const char *v, char *msg, size_t len)
{
    cli_ctx *x = dest;
    long long ll;
    /* auto or auto:MAX: double until decided (bc_runner_run_auto) */
    if (strcmp(v, "auto") == 0) {
        x->a->auto_max = 64 * (x->a->o.trials ? x->a->o.trials : x->c->default_trials);
        return 0;
    }
    if (strncmp(v, "auto:", 5) == 0) {
        if (bc_parse_int(v + 5, &ll) != 0 || ll < 2 || ll > 100000000) {
            snprintf(msg, len, "option --trials: '%s': the most trials must be an integer in "
                     "[2, 100000000]", v);
            return BC_EINVAL;
        }
        x->a->auto_max = (size_t)ll;
        return 0;
    }
    if (bc_parse_int(v, &ll) != 0 || ll < 1 || ll > 100000000) {
        snprintf(msg, len, "option --trials: '%s' is not an integer in [1, 100000000] or "
                 "auto[:MAX]", v);
        return BC_EINVAL;
    }
    x->a->o.trials = (size_t)ll;
    return 0;
}

static int opt_shard(void *dest, const char *v, char *msg, size_t len)
{
    bc_run_opts *o = dest;
    return bc_shard_parse(v, &o->shard, &o->nshards, msg, len);
}

/* The common options of a check binary, pointing into x. */
#define NCOMMON 13
static void common_opts(bc_opt t[NCOMMON], cli_ctx *x, long long *threads, int *quick)
{
    cli_args *a = x->a;
    const bc_opt c[NCOMMON] = {
        {"seed", BC_OPT_U64, 0, 0, &a->o.seed, NULL,
         "64-bit seed of every random stream (default 1)"},
        {"trials", BC_OPT_CALL, 0, 0, x, opt_trials,
         "Monte-Carlo trials (default: the check's); auto[:MAX]: double them until the verdict "
         "is decided (anytime-valid, see README)"},
        {"threads", BC_OPT_INT, 0, 1024, threads, NULL,
         "OpenMP threads, 0 = all cores (results do not depend on it)"},
        {"alpha", BC_OPT_CALL, 0, 0, &a->o.alpha, bc_opts_alpha,
         "one-sided level of each confidence bound (default 1e-3)"},
        {"ci", BC_OPT_CALL, 0, 0, &a->o.ci_method, bc_opts_ci,
         "interval: range|hoeffding|bernstein|t (default range when a range is known)"},
        {"json", BC_OPT_TEXT, 0, 0, &a->json, NULL, "write the result record to PATH (atomically)"},
        {"csv", BC_OPT_TEXT, 0, 0, &a->csv, NULL, "write the per-trial values to PATH (atomically)"},
        {"quiet", BC_OPT_FLAG, 0, 0, &a->o.quiet, NULL, "no table on stdout, no progress bar"},
        {"quick", BC_OPT_FLAG, 0, 0, quick, NULL, "the CI-sized profile of the check"},
        {"shard", BC_OPT_CALL, 0, 0, &a->o, opt_shard,
         "I/N: run block I of N of the trials and write a shard file to --json PATH (boundcheck "
         "merge joins them)"},
        {"instances", BC_OPT_INT, 1, 100000, &a->instances, NULL,
         "N: the check on N instances (data-seed, data-seed + 1, ...), counting those that "
         "violate, with a Clopper-Pearson interval"},
        {"help", BC_OPT_FLAG, 0, 0, NULL, NULL, "this text (also -h)"},
        {"version", BC_OPT_FLAG, 0, 0, &x->version, NULL, "print the version"},
    };
    memcpy(t, c, sizeof c);
}

/* A check binary's own driver: the runner in this process, which prints. */
static const bc_cli_driver local = {bc_runner_run, 1};

static void on_signal(int sig)
{
    (void)sig;
    bc_runner_interrupted = 1;
}

void bc_cli_usage(FILE *out, const bc_check *c, const char *prog)
{
    fprintf(out, "usage: %s [options]\n", prog);
    fprintf(out, "checks %s: %s, %s\n  %s\n\n", c->id, c->paper->name, c->statement,
            c->formula);
    fprintf(out, "parameters of the check:\n");
    for (size_t i = 0; i < c->nparams; i++) {
        const bc_param_spec *s = &c->params[i];
        char range[96] = "";
        if (s->type == BC_PARAM_INT || s->type == BC_PARAM_REAL)
            snprintf(range, sizeof range, "%c%g, %g]", s->lo_open ? '(' : '[', s->lo, s->hi);
        else if (s->type == BC_PARAM_CHOICE)
            snprintf(range, sizeof range, "%s", s->choices);
        else
            snprintf(range, sizeof range, "PATH");
        fprintf(out, "  --%-14s %s\n  %-16s default %s, %s\n", s->name, s->help, "",
                s->def[0] ? s->def : "(none)", range);
    }
    fprintf(out, "\ncommon options:\n");
    cli_args a;
    long long threads;
    int quick;
    cli_ctx x = {&a, c, 0};
    bc_opt t[NCOMMON];
    common_opts(t, &x, &threads, &quick);
    bc_opts_usage(out, t, NCOMMON);
    fprintf(out, "\n--quick profile: %s\n", c->quick ? c->quick : "(none)");
    fprintf(out, "exit status: 0 HOLDS, 1 VIOLATED, 2 usage, 3 INCONCLUSIVE, "
                 "4 PRECONDITION, 5 FAILED\n");
}

static int usage_error(const bc_cli_driver *dv, const char *prog, char *msg)
{
    if (dv->writes)
        fprintf(stderr, "%s: %s\n", prog, bc_io_one_line(msg));
    return BC_USAGE;
}

/* --instances N: the check on N instances, data-seed = s0, s0 + 1, ...;
 * one summary line each, then how many were VIOLATED with a two-sided
 * Clopper-Pearson interval (each side at --alpha) for the fraction of
 * instances that violate, and the instance with the largest headline
 * number. A condition that is sharp on a few instances shows as sharp
 * here even when the default instance is loose. --json writes every
 * record. Exit: the most severe verdict. */
static int run_instances(const bc_cli_driver *dv, const bc_check *c, bc_params *p,
                         const bc_run_opts *o, long long n,
                         const char *json, const char *prog)
{
    long long s0 = bc_params_int(p, "data-seed");
    size_t count[6] = {0}, ran = 0;
    bc_verdict worst = BC_HOLDS;
    double top = -INFINITY;
    long long top_seed = s0;
    char msg[512] = "", name[64], top_name[64] = "";
    cJSON *j = cJSON_CreateObject(), *arr = cJSON_CreateArray();
    if (j == NULL || arr == NULL) {
        cJSON_Delete(j);
        cJSON_Delete(arr);
        return BC_FAILED;
    }
    cJSON_AddItemToObject(j, "instances", arr);
    if (!o->quiet)
        bc_output_summary_header(stdout);
    for (long long i = 0; i < n && !bc_runner_interrupted; i++) {
        bc_record rec;
        bc_params_put_int(p, "data-seed", s0 + i);
        int code = dv->run(c, p, o, &rec, msg, sizeof msg);
        if (code == BC_USAGE) {
            bc_record_release(&rec);
            cJSON_Delete(j);
            return usage_error(dv, prog, msg);
        }
        double up, v = bc_output_headline(&rec, &up, name, sizeof name);
        if (!o->quiet) {
            printf("data-seed %-6lld ", s0 + i);
            bc_output_summary_line(stdout, &rec);
        }
        if (v > top) {
            top = v;
            top_seed = s0 + i;
            snprintf(top_name, sizeof top_name, "%s", name);
        }
        count[rec.verdict]++;
        ran++;
        worst = bc_verdict_combine(worst, rec.verdict);
        cJSON *r = bc_output_json(&rec);
        if (r != NULL)
            cJSON_AddItemToArray(arr, r);
        bc_record_release(&rec);
    }
    bc_params_put_int(p, "data-seed", s0);
    double lo = 0, hi = 1;
    bc_stats_clopper_pearson(count[BC_VIOLATED], ran, o->alpha, &lo, &hi);
    if (!o->quiet) {
        printf("instances: %zu (data-seed %lld to %lld): VIOLATED on %zu, fraction in [%.3g, %.3g] "
               "(Clopper-Pearson, each side at alpha = %g); HOLDS %zu, INCONCLUSIVE %zu, "
               "PRECONDITION %zu, FAILED %zu\n", ran, s0, s0 + (long long)ran - 1,
               count[BC_VIOLATED], lo, hi, o->alpha, count[BC_HOLDS], count[BC_INCONCLUSIVE],
               count[BC_PRECONDITION], count[BC_FAILED]);
        if (top_name[0] != '\0')
            printf("largest %s = %.6g at data-seed %lld (rerun: --data-seed %lld)\n", top_name, top,
                   top_seed, top_seed);
    }
    cJSON_AddStringToObject(j, "schema", "boundcheck.instances/1");
    cJSON_AddStringToObject(j, "check", c->id);
    cJSON_AddNumberToObject(j, "first_data_seed", (double)s0);
    cJSON_AddNumberToObject(j, "instances_run", (double)ran);
    cJSON_AddNumberToObject(j, "violated", (double)count[BC_VIOLATED]);
    cJSON_AddNumberToObject(j, "violated_fraction_lower", lo);
    cJSON_AddNumberToObject(j, "violated_fraction_upper", hi);
    cJSON_AddNumberToObject(j, "alpha", o->alpha);
    if (top_name[0] != '\0') {
        cJSON_AddStringToObject(j, "largest", top_name);
        cJSON_AddNumberToObject(j, "largest_value", top);
        cJSON_AddNumberToObject(j, "largest_data_seed", (double)top_seed);
    }
    cJSON_AddStringToObject(j, "verdict", bc_verdict_name(worst));
    int code = (int)worst;
    if (bc_runner_interrupted) {
        fprintf(stderr, "%s: interrupted after %zu instances; no result written\n", prog, ran);
        code = BC_FAILED;
    } else if (json != NULL && bc_io_write_json(j, json, 1) != 0) {
        fprintf(stderr, "%s: cannot write '%s': %s\n", prog, json, strerror(errno));
        code = BC_FAILED;
    }
    cJSON_Delete(j);
    return code;
}

int bc_cli_option_word(const char *arg, char *word, size_t len)
{
    if (arg == NULL || arg[0] != '-')
        return 0;
    arg += arg[1] == '-' ? 2 : 1;
    size_t n = strcspn(arg, "=");
    snprintf(word, len, "%.*s", (int)n, arg);
    return word[0] != '\0';
}

char *bc_cli_unknown(char *msg, size_t len, const char *what, const char *arg,
                     const char *const *names, size_t n)
{
    char word[64];
    int option = bc_cli_option_word(arg, word, sizeof word);
    if (!option)   /* name=value, or a bare word: its name */
        snprintf(word, sizeof word, "%.*s", (int)strcspn(arg, "="), arg);
    const char *near = word[0] != '\0' ? bc_params_nearest(word, names, n) : NULL;
    if (near != NULL && option)
        snprintf(msg, len, "%s '%s' (did you mean --%s? see --help)", what, arg, near);
    else if (near != NULL)
        snprintf(msg, len, "%s '%s' (did you mean '%s'? see --help)", what, arg, near);
    else
        snprintf(msg, len, "%s '%s' (see --help)", what, arg);
    return msg;
}


/* Parses and validates argv into a. Returns -1 to run, or the exit status:
 * 0 after --help or --version, 2 after a usage error (printed). */
static int parse_args(const bc_cli_driver *dv, const bc_check *c, int argc, char **argv,
                      const char *prog, cli_args *a)
{
    char msg[512] = "";
    bc_params *p = &a->p;
    bc_run_opts *o = &a->o;
    long long threads = 0;
    int quick = 0;
    cli_ctx x = {a, c, 0};
    bc_opt t[NCOMMON];

    gsl_set_error_handler_off();
    bc_run_opts_default(o);
    a->json = a->csv = NULL;
    a->auto_max = 0;
    a->instances = 0;
    if (bc_params_init(p, c->params, c->nparams, msg, sizeof msg) != 0)
        return usage_error(dv, prog, msg);
    common_opts(t, &x, &threads, &quick);
    threads = o->threads;
    /* The quick profile goes first so the user's own options override it. */
    if (bc_opts_has(argc, argv, 1, "quick")) {
        o->quick = 1;
        if (bc_cli_check_params(c, 1, p, &o->trials, msg, sizeof msg) != 0)
            return usage_error(dv, prog, msg);
    }
    int st = bc_opts_parse(t, NCOMMON, p, argc, argv, 1, NULL, 0, NULL, msg, sizeof msg);
    if (st == BC_OPTS_HELP) {
        if (dv->writes)
            bc_cli_usage(stdout, c, prog);
        return 0;
    }
    if (st != 0)
        return usage_error(dv, prog, msg);
    if (x.version) {
        if (dv->writes)
            printf("boundcheck %s (%s)\n", BC_VERSION, c->id);
        return 0;
    }
    o->threads = (int)threads;
    const char *json = a->json, *csv = a->csv;
    if (o->nshards > 1 && (json == NULL || csv != NULL))
        return usage_error(dv, prog, json == NULL
                                     ? "option --shard needs --json PATH for the shard file"
                                     : "option --csv: a shard writes no CSV (the merge does)");
    if (json != NULL && csv != NULL && strcmp(json, "-") == 0 && strcmp(csv, "-") == 0)
        return usage_error(dv, prog, "options --json and --csv: only one of them can be '-' (stdout)");
    if ((json != NULL && strcmp(json, "-") == 0) || (csv != NULL && strcmp(csv, "-") == 0))
        o->quiet = 1;   /* stdout carries the result: no table around it */
    if (json != NULL && bc_io_check_writable(json, msg, sizeof msg) != NULL)
        return usage_error(dv, prog, msg);
    if (csv != NULL && bc_io_check_writable(csv, msg, sizeof msg) != NULL)
        return usage_error(dv, prog, msg);
    return -1;
}

int bc_cli_check_main(const bc_check *c, int argc, char **argv)
{
    return bc_cli_check_drive(c, &local, argc, argv);
}

int bc_cli_check_drive(const bc_check *c, const bc_cli_driver *dv, int argc, char **argv)
{
    char msg[512] = "";
    const char *prog = argv[0];
    const char *slash = strrchr(prog, '/');
    prog = slash ? slash + 1 : prog;
    cli_args a;
    int st = parse_args(dv, c, argc, argv, prog, &a);
    if (st >= 0)
        return st;

    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    bc_record rec;
    if (!dv->writes) {
        a.o.quiet = 1;
        a.json = a.csv = NULL;
    }
    if (dv->run != bc_runner_run && a.o.nshards > 1)
        return usage_error(dv, prog, "option --shard: the MPI driver shards over its ranks itself");
    if (a.auto_max > 0 && (a.o.nshards > 1 || dv->run != bc_runner_run))
        return usage_error(dv, prog, "option --trials auto: not with --shard or the MPI driver "
                                 "(give a number of trials)");
    if (a.instances > 0) {
        if (bc_params_find(&a.p, "data-seed") < 0)
            return usage_error(dv, prog, "option --instances: this check has no --data-seed (its "
                                     "instance is not drawn at random)");
        if (a.o.nshards > 1 || a.auto_max > 0 || a.csv != NULL || dv->run != bc_runner_run)
            return usage_error(dv, prog, "option --instances: not with --shard, --trials auto, --csv "
                                     "or the MPI driver");
        return run_instances(dv, c, &a.p, &a.o, a.instances, a.json, prog);
    }
    bc_progress bar;
    if (!a.o.quiet) {   /* the runner reports progress; the program draws it */
        a.o.progress = bc_progress_show;
        a.o.progress_ctx = &bar;
    }
    int code = a.auto_max > 0 ? bc_runner_run_auto(c, &a.p, &a.o, a.auto_max, &rec, msg, sizeof msg)
                            : dv->run(c, &a.p, &a.o, &rec, msg, sizeof msg);
    if (code == BC_USAGE) {
        bc_record_release(&rec);
        return usage_error(dv, prog, msg);
    }
    if (bc_runner_interrupted) {
        fprintf(stderr, "%s: %s; no result written\n", prog, rec.failure);
        bc_record_release(&rec);
        return BC_FAILED;
    }
    if (a.o.nshards > 1 && rec.failure[0] == '\0') {
        if (!a.o.quiet)
            printf("%s: shard %zu/%zu: trials [%zu, %zu) of %zu in %.2f s, written to %s\n",
                   c->id, rec.shard, rec.nshards, rec.trial_lo, rec.trial_hi, rec.trials,
                   rec.wall_s, a.json);
        if (bc_shard_write(&rec, &a.o, a.json) != 0) {
            fprintf(stderr, "%s: cannot write '%s': %s\n", prog, a.json, strerror(errno));
            code = BC_FAILED;
        }
        bc_record_release(&rec);
        return code;
    }
    if (!a.o.quiet)
        bc_output_table(stdout, &rec);
    if (a.json != NULL && bc_output_json_write(&rec, a.json) != 0) {
        fprintf(stderr, "%s: cannot write '%s': %s\n", prog, a.json, strerror(errno));
        code = BC_FAILED;
    }
    if (a.csv != NULL && rec.values != NULL && bc_output_csv_write(&rec, a.csv) != 0) {
        fprintf(stderr, "%s: cannot write '%s': %s\n", prog, a.csv, strerror(errno));
        code = BC_FAILED;
    }
    if (rec.failure[0] != '\0' && a.o.quiet)
        fprintf(stderr, "%s: FAILED: %s\n", prog, rec.failure);
    bc_record_release(&rec);
    return code;
}

static int opt_no_shard(void *dest, const char *v, char *msg, size_t len)
{
    (void)dest;
    (void)v;
    snprintf(msg, len, "option --shard: the MPI driver shards over its ranks itself");
    return BC_EINVAL;
}

int bc_cli_all_options(const char *prog, int argc, char **argv, int shards, int speak,
                       bc_run_opts *o, const char **dir, const char **junit)
{
    char msg[512] = "";
    long long threads = 0;
    bc_run_opts_default(o);
    o->quiet = 1;
    const bc_opt t[] = {
        {"quick", BC_OPT_FLAG, 0, 0, &o->quick, NULL, "the CI-sized profile of every check"},
        {"json-dir", BC_OPT_TEXT, 0, 0, dir, NULL, "write every record to DIR/<check>.json"},
        {"threads", BC_OPT_INT, 0, 1024, &threads, NULL, "OpenMP threads, 0 = all cores"},
        {"seed", BC_OPT_U64, 0, 0, &o->seed, NULL, "64-bit seed of every random stream"},
        {"shard", BC_OPT_CALL, 0, 0, o, shards ? opt_shard : opt_no_shard, "I/N: trial block I of N"},
        {"junit", BC_OPT_TEXT, 0, 0, junit, NULL, "write a JUnit XML report to PATH"},
    };
    size_t n = sizeof t / sizeof t[0] - (junit == NULL);
    int st = bc_opts_parse(t, n, NULL, argc, argv, 1, NULL, 0, NULL, msg, sizeof msg);
    o->threads = (int)threads;
    if (st == BC_OPTS_HELP) {
        if (speak) {
            printf("usage: %s [options]\n", prog);
            bc_opts_usage(stdout, t, n);
        }
        return 0;
    }
    if (st == 0)
        return 0;
    if (speak)
        fprintf(stderr, "%s: %s\n", prog, bc_io_one_line(msg));
    return BC_USAGE;
}

int bc_cli_check_params(const bc_check *c, int quick, bc_params *p, size_t *trials, char *msg,
                        size_t len)
{
    *trials = 0;
    if (bc_params_init(p, c->params, c->nparams, msg, len) != 0
        || (quick && bc_params_apply_profile(p, c->quick, msg, len) != 0))
        return BC_EINVAL;
    if (quick)
        *trials = bc_params_profile_trials(c->quick);
    return 0;
}
