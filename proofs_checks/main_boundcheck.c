/* main_boundcheck.c -- the umbrella command.
 *
 *   boundcheck list                      the registered checks
 *   boundcheck run ID [options]          one check (same options as its binary)
 *   boundcheck all [--quick] [--json-dir DIR] [--threads N] [--seed N]
 *                                        every check; one line each; exit is
 *                                        the most severe verdict
 *   boundcheck report [--results DIR] [--out DIR]
 *                                        REPORT.md from the JSON records */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_errno.h>

#include "core/cli.h"
#include "core/io.h"
#include "core/output.h"
#include "core/report.h"
#include "core/runner.h"
#include "core/version.h"
#include "proofs_checks/checks.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: boundcheck list\n"
            "       boundcheck run ID [options]     (boundcheck run ID --help)\n"
            "       boundcheck all [--quick] [--json-dir DIR] [--threads N] [--seed N]\n"
            "       boundcheck report [--results DIR] [--out DIR]\n"
            "       boundcheck --version\n");
}

static int cmd_list(void)
{
    size_t n;
    const bc_check *const *all = bc_registry_all(&n);
    printf("%-16s %-22s %s\n", "id", "statement", "paper");
    for (size_t i = 0; i < n; i++)
        printf("%-16s %-22s %s\n", all[i]->id, all[i]->statement, all[i]->paper);
    return 0;
}

static int cmd_all(int argc, char **argv)
{
    static const struct option opts[] = {
        {"quick", no_argument, NULL, 'q'},
        {"json-dir", required_argument, NULL, 'j'},
        {"threads", required_argument, NULL, 't'},
        {"seed", required_argument, NULL, 's'},
        {NULL, 0, NULL, 0}};
    bc_run_opts o;
    const char *dir = "results";
    char msg[512] = "";
    long long ll;
    unsigned long long u;
    bc_run_opts_default(&o);
    o.quiet = 1;
    optind = 0;
    opterr = 0;
    for (int ch; (ch = getopt_long(argc, argv, ":", opts, NULL)) != -1;) {
        switch (ch) {
        case 'q': o.quick = 1; break;
        case 'j': dir = optarg; break;
        case 't':
            if (bc_parse_int(optarg, &ll) != 0 || ll < 0 || ll > 1024) {
                fprintf(stderr, "boundcheck all: option --threads: '%s' is not an integer in [0, 1024]\n", optarg);
                return 2;
            }
            o.threads = (int)ll;
            break;
        case 's':
            if (bc_parse_u64(optarg, &u) != 0) {
                fprintf(stderr, "boundcheck all: option --seed: '%s' is not a non-negative 64-bit integer\n", optarg);
                return 2;
            }
            o.seed = u;
            break;
        case ':':
            fprintf(stderr, "boundcheck all: option %s needs a value\n", argv[optind - 1]);
            return 2;
        default:
            fprintf(stderr, "boundcheck all: unknown option '%s'\n", argv[optind - 1]);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "boundcheck all: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    mkdir(dir, 0755);
    size_t n;
    const bc_check *const *all = bc_registry_all(&n);
    bc_verdict worst = BC_HOLDS;
    printf("%-16s %-13s %-10s %-10s %-8s %s\n", "check", "verdict", "value", "upper", "seconds",
           "(largest ratio LHS/RHS, or worst slack of a deterministic inequality)");
    for (size_t i = 0; i < n; i++) {
        const bc_check *c = all[i];
        bc_params p;
        bc_record rec;
        char path[4096];
        if (bc_params_init(&p, c->params, c->nparams, msg, sizeof msg) != 0
            || (o.quick && bc_params_apply_profile(&p, c->quick, msg, sizeof msg) != 0)) {
            fprintf(stderr, "boundcheck all: %s: %s\n", c->id, msg);
            return 2;
        }
        o.trials = 0;
        const char *t = o.quick && c->quick ? strstr(c->quick, "trials=") : NULL;
        if (t != NULL)
            o.trials = (size_t)strtoull(t + 7, NULL, 10);
        int code = bc_runner_run(c, &p, &o, &rec, msg, sizeof msg);
        if (code == BC_USAGE) {
            fprintf(stderr, "boundcheck all: %s: %s\n", c->id, msg);
            bc_record_release(&rec);
            return 2;
        }
        /* the tightest quantity: the largest ratio, or the largest slack */
        char shown[64] = "";
        double best = -INFINITY, up = NAN;
        for (size_t j = 0; j < rec.nq; j++) {
            const bc_quantity *q = &rec.q[j];
            double v = q->kind == BC_Q_EXACT ? q->worst : q->ratio;
            if (rec.failure[0] == '\0' && v > best) {
                best = v;
                up = q->kind == BC_Q_EXACT ? q->worst : q->ratio_upper;
                snprintf(shown, sizeof shown, "%s %s", q->kind == BC_Q_EXACT ? "slack" : "ratio",
                         q->name);
            }
        }
        printf("%-16s %-13s %-10.4g %-10.4g %-8.2f %s\n", c->id, bc_verdict_name(rec.verdict),
               best, up, rec.wall_s, shown);
        snprintf(path, sizeof path, "%s/%s.json", dir, c->id);
        if (bc_output_json_write(&rec, path) != 0) {
            fprintf(stderr, "boundcheck all: cannot write '%s'\n", path);
            bc_record_release(&rec);
            return 5;
        }
        worst = bc_verdict_combine(worst, rec.verdict);
        bc_record_release(&rec);
    }
    return (int)worst;
}

static int cmd_report(int argc, char **argv)
{
    const char *results = "results", *out = "report";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--results") == 0 && i + 1 < argc)
            results = argv[++i];
        else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out = argv[++i];
        else {
            fprintf(stderr, "boundcheck report: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    char msg[512] = "";
    int st = bc_report_write(results, out, msg, sizeof msg);
    if (st != 0) {
        fprintf(stderr, "boundcheck report: %s\n", msg);
        return st == 2 ? 2 : 5;
    }
    printf("wrote %s/REPORT.md\n", out);
    return 0;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "list") == 0 && argc == 2)
        return cmd_list();
    if (strcmp(cmd, "run") == 0) {
        if (argc < 3) {
            fprintf(stderr, "boundcheck run: which check? (see boundcheck list)\n");
            return 2;
        }
        const bc_check *c = bc_registry_find(argv[2]);
        if (c == NULL) {
            fprintf(stderr, "boundcheck run: no check '%s' (see boundcheck list)\n", argv[2]);
            return 2;
        }
        argv[2] = argv[0];
        return bc_cli_check_main(c, argc - 2, argv + 2);
    }
    if (strcmp(cmd, "all") == 0)
        return cmd_all(argc - 1, argv + 1);
    if (strcmp(cmd, "report") == 0)
        return cmd_report(argc - 1, argv + 1);
    if (strcmp(cmd, "--version") == 0) {
        printf("boundcheck %s\n", BC_VERSION);
        return 0;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "boundcheck: unknown command '%s'\n", cmd);
    usage(stderr);
    return 2;
}
