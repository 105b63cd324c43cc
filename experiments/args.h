/* args.h -- the command line every experiment program shares:
 *   --out DIR      where the CSV files go (default results)
 *   --tag NAME     a name for the output files (programs that take one)
 *   --quick        the CI-sized profile (applied where it stands, so a
 *                  later name=value overrides it)
 *   --full         the paper's full size (programs that set a->full; applied
 *                  where it stands, like --quick)
 *   --threads N    OpenMP threads, 0 = all cores (programs that do not
 *                  thread accept it, for a uniform report.sh)
 *   --shard I/N    block I of N of the sweep's points (programs that sweep:
 *                  see bc_exp_mine); the CSV goes to NAME.shard-I-of-N.csv
 *                  and `boundcheck merge --csv NAME.csv` joins the shards
 *   name=value     one of the program's parameters (programs that take them)
 * Bad input: one line on stderr naming the program, and 2. */
#ifndef BC_EXP_ARGS_H
#define BC_EXP_ARGS_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <stdlib.h>

#include "app/cli.h"
#include "core/io.h"
#include "core/params.h"
#include "core/version.h"
#include "core/runner.h"
#include "app/shard.h"

typedef struct {
    const char *out;
    const char *tag;   /* NULL: the program takes no --tag */
    int quick, threads;
    size_t shard, nshards;  /* nshards 0: the whole sweep */
    int sweeps;             /* set by the program: it accepts --shard */
    const char *full;       /* set by the program: the profile --full applies */
} bc_exp_args;

/* Whether sweep point k (of npoints) is this run's: contiguous blocks, so
 * the shards' rows concatenated in order are the single run's. */
static inline int bc_exp_mine(const bc_exp_args *a, size_t k, size_t npoints)
{
    size_t lo, hi;
    bc_shard_range(npoints, a->shard, a->nshards, &lo, &hi);
    return k >= lo && k < hi;
}

/* DIR/NAME.csv, or for a shard DIR/NAME.shard-I-of-N.csv. */
static inline void bc_exp_csv_path(const bc_exp_args *a, const char *name, char *buf,
                                   size_t len)
{
    if (a->nshards > 1)
        snprintf(buf, len, "%s/%s.shard-%zu-of-%zu.csv", a->out, name, a->shard, a->nshards);
    else
        snprintf(buf, len, "%s/%s.csv", a->out, name);
}

/* A shard's CSV starts with this line (the merge reads and drops it). */
static inline void bc_exp_csv_begin(const bc_exp_args *a, FILE *fp)
{
    if (a->nshards > 1)
        fprintf(fp, BC_SWEEP_SHARD_LINE "\n", a->shard, a->nshards);
}

/* Parses the comma-separated numbers of a list parameter into v (at most
 * max, each >= 0, or > 0 when positive; empty only when allow_empty).
 * 0, or 2 after one line on stderr naming prog and the parameter. */
static inline int bc_exp_list(const char *prog, const char *what, const char *text, double *v,
                              size_t max, int positive, int allow_empty, size_t *n)
{
    char list[BC_PARAM_TEXT];
    snprintf(list, sizeof list, "%s", text);
    *n = 0;
    for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok != NULL;
         tok = strtok_r(NULL, ",", &save)) {
        if (*n == max || bc_parse_real(tok, &v[*n]) != 0 || !(positive ? v[*n] > 0 : v[*n] >= 0)) {
            fprintf(stderr, "%s: %s: '%s' is not a %s number (at most %zu)\n", prog, what,
                    bc_io_one_line(tok), positive ? "positive" : "non-negative", max);
            return 2;
        }
        (*n)++;
    }
    if (*n == 0 && !allow_empty) {
        fprintf(stderr, "%s: %s: empty list\n", prog, what);
        return 2;
    }
    return 0;
}

/* Creates DIR and its missing parents (mkdir -p): 0, or 2 after one line
 * on stderr. */
static int bc_exp_mkdir(const char *prog, const char *dir)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf || buf[0] == '\0') {
        fprintf(stderr, "%s: option --out: the directory name is empty or too long\n", prog);
        return 2;
    }
    for (char *q = buf + 1;; q++) {
        if (*q == '/' || *q == '\0') {
            char c = *q;
            *q = '\0';
            struct stat st;
            int err = mkdir(buf, 0755) == 0 ? 0 : errno;
            if (err == EEXIST && stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
                err = 0;
            if (err != 0) {
                char path[4352];
                snprintf(path, sizeof path, "option --out: cannot create directory '%s': %s", buf,
                         strerror(err == EEXIST ? ENOTDIR : err));
                fprintf(stderr, "%s: %s\n", prog, bc_io_one_line(path));
                return 2;
            }
            *q = c;
            if (c == '\0')
                break;
        }
    }
    return 0;
}

/* --help: the shared options and the program's parameters. */
static void bc_exp_usage(const char *prog, const bc_params *p, const char *quick,
                         const bc_exp_args *a)
{
    printf("usage: %s [--out DIR]%s [--quick]%s [--threads N]%s%s\n", prog,
           a->tag != NULL ? " [--tag NAME]" : "", a->full != NULL ? " [--full]" : "",
           a->sweeps ? " [--shard I/N]" : "", p != NULL ? " [--NAME VALUE | NAME=VALUE ...]" : "");
    printf("  --out DIR       where the CSV files go (default %s; created with its parents)\n",
           a->out);
    if (a->tag != NULL)
        printf("  --tag NAME      a name for the output files (default %s)\n", a->tag);
    printf("  --quick         the CI-sized profile%s%s\n", quick ? ": " : "", quick ? quick : "");
    if (a->full != NULL)
        printf("  --full          the paper's size: %s\n", a->full);
    printf("  --threads N     OpenMP threads, 0 = all cores\n");
    if (a->sweeps)
        printf("  --shard I/N     block I of N of the sweep's points (boundcheck merge --csv joins them)\n");
    printf("  --help, -h      this text;  --version  the version\n");
    if (p != NULL) {
        printf("parameters (--NAME VALUE or NAME=VALUE; a later one overrides --quick):\n");
        for (size_t i = 0; i < p->n; i++)
            printf("  --%-14s %s (default %s)\n", p->spec[i].name, p->spec[i].help,
                   p->spec[i].def[0] ? p->spec[i].def : "none");
    }
    printf("exit status: 0 done, 2 bad input, 5 a result could not be computed or written\n");
}

/* p: the program's parameters, or NULL when it takes none; quick: the
 * profile --quick applies to p (NULL: --quick only sets a->quick).
 * --help and --version print and exit 0. */
static int bc_exp_parse(const char *prog, int argc, char **argv, bc_params *p,
                        const char *quick, bc_exp_args *a)
{
    char msg[512];
    long long ll;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *eq = strchr(arg, '=');
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            bc_exp_usage(prog, p, quick, a);
            exit(0);
        }
        if (strcmp(arg, "--version") == 0) {
            printf("%s (boundcheck %s)\n", prog, BC_VERSION);
            exit(0);
        }
        /* --NAME VALUE: one of the program's parameters */
        if (p != NULL && arg[0] == '-' && arg[1] == '-' && eq == NULL
            && bc_params_find(p, arg + 2) >= 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "%s: option %s needs a value\n", prog, arg);
                return 2;
            }
            if (bc_params_set(p, arg + 2, argv[++i], msg, sizeof msg) != 0) {
                fprintf(stderr, "%s: %s\n", prog, bc_io_one_line(msg));
                return 2;
            }
            continue;
        }
        if (strcmp(arg, "--out") == 0 && i + 1 < argc)
            a->out = argv[++i];
        else if (strcmp(arg, "--tag") == 0 && a->tag != NULL && i + 1 < argc)
            a->tag = argv[++i];
        else if (strcmp(arg, "--quick") == 0) {
            a->quick = 1;
            if (p != NULL && quick != NULL && bc_params_apply_profile(p, quick, msg, sizeof msg) != 0) {
                fprintf(stderr, "%s: %s\n", prog, bc_io_one_line(msg));
                return 2;
            }
        } else if (strcmp(arg, "--full") == 0 && a->full != NULL && p != NULL) {
            if (bc_params_apply_profile(p, a->full, msg, sizeof msg) != 0) {
                fprintf(stderr, "%s: %s\n", prog, bc_io_one_line(msg));
                return 2;
            }
        } else if (strcmp(arg, "--threads") == 0 && i + 1 < argc) {
            if (bc_parse_int(argv[++i], &ll) != 0 || ll < 0 || ll > 1024) {
                snprintf(msg, sizeof msg, "option --threads: '%s' is not an integer in [0, 1024]",
                         argv[i]);
                fprintf(stderr, "%s: %s\n", prog, bc_io_one_line(msg));
                return 2;
            }
            a->threads = (int)ll;
        } else if (strcmp(arg, "--shard") == 0 && a->sweeps && i + 1 < argc) {
            if (bc_shard_parse(argv[++i], &a->shard, &a->nshards, msg, sizeof msg) != 0) {
                fprintf(stderr, "%s: %s\n", prog, bc_io_one_line(msg));
                return 2;
            }
        } else if (p != NULL && eq != NULL && arg[0] != '-') {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
            if (bc_params_set(p, name, eq + 1, msg, sizeof msg) != 0) {
                fprintf(stderr, "%s: %s\n", prog, bc_io_one_line(msg));
                return 2;
            }
        } else {
            /* a misspelt option or parameter: suggest the nearest */
            const char *names[BC_PARAMS_MAX + 8] = {"out", "tag", "quick", "full", "threads",
                                                   "shard", "help", "version"};
            size_t nn = 8;
            for (size_t k = 0; p != NULL && k < p->n; k++)
                names[nn++] = p->spec[k].name;
            if (arg[0] == '-' && i + 1 >= argc && bc_params_nearest(arg + 2, names, nn) == NULL)
                snprintf(msg, sizeof msg, "option %s needs a value or is unknown (see --help)", arg);
            else
                bc_cli_unknown(msg, sizeof msg, "unexpected argument", arg, names, nn);
            fprintf(stderr, "%s: %s\n", prog, bc_io_one_line(msg));
            return 2;
        }
    }
    return bc_exp_mkdir(prog, a->out);
}

#endif
