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
#include "app/opts.h"
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
    const char *flag;       /* set by the program: a flag of its own (--fit-only) */
    int flag_set;           /* whether it was given */
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
    if (a->flag != NULL)
        printf("  --%-13s the program's own switch (see its header)\n", a->flag);
    printf("  --help, -h      this text;  --version  the version\n");
    if (p != NULL) {
        printf("parameters (--NAME VALUE or NAME=VALUE; a later one overrides --quick):\n");
        for (size_t i = 0; i < p->n; i++)
            printf("  --%-14s %s (default %s)\n", p->spec[i].name, p->spec[i].help,
                   p->spec[i].def[0] ? p->spec[i].def : "none");
    }
    printf("exit status: 0 done, 2 bad input, 5 a result could not be computed or written\n");
}

/* A profile applied where its option stands (--quick, --full), so that a
 * later NAME=VALUE overrides it. */
typedef struct {
    bc_params *p;
    const char *profile;   /* NULL: nothing to apply */
    int *flag;             /* set to 1 (NULL: none) */
} bc_exp_profile;

static int bc_exp_apply(void *dest, const char *v, char *msg, size_t len)
{
    (void)v;
    bc_exp_profile *pr = dest;
    if (pr->flag != NULL)
        *pr->flag = 1;
    if (pr->p != NULL && pr->profile != NULL)
        return bc_params_apply_profile(pr->p, pr->profile, msg, len);
    return 0;
}

static int bc_exp_shard(void *dest, const char *v, char *msg, size_t len)
{
    bc_exp_args *a = dest;
    return bc_shard_parse(v, &a->shard, &a->nshards, msg, len);
}

/* p: the program's parameters, or NULL when it takes none; quick: the
 * profile --quick applies to p (NULL: --quick only sets a->quick).
 * --help and --version print and exit 0. The grammar is every program's
 * (app/opts.h): --NAME VALUE, --NAME=VALUE or NAME=VALUE. */
static int bc_exp_parse(const char *prog, int argc, char **argv, bc_params *p,
                        const char *quick, bc_exp_args *a)
{
    char msg[512] = "";
    long long threads = a->threads;
    int version = 0;
    bc_exp_profile q = {p, quick, &a->quick}, full = {p, a->full, NULL};
    bc_opt t[9];
    size_t n = 0;
    t[n++] = (bc_opt){"out", BC_OPT_TEXT, 0, 0, &a->out, NULL, NULL};
    if (a->tag != NULL)
        t[n++] = (bc_opt){"tag", BC_OPT_TEXT, 0, 0, &a->tag, NULL, NULL};
    t[n++] = (bc_opt){"quick", BC_OPT_ACTION, 0, 0, &q, bc_exp_apply, NULL};
    if (a->full != NULL && p != NULL)
        t[n++] = (bc_opt){"full", BC_OPT_ACTION, 0, 0, &full, bc_exp_apply, NULL};
    t[n++] = (bc_opt){"threads", BC_OPT_INT, 0, 1024, &threads, NULL, NULL};
    if (a->sweeps)
        t[n++] = (bc_opt){"shard", BC_OPT_CALL, 0, 0, a, bc_exp_shard, NULL};
    t[n++] = (bc_opt){"version", BC_OPT_FLAG, 0, 0, &version, NULL, NULL};
    if (a->flag != NULL)
        t[n++] = (bc_opt){a->flag, BC_OPT_FLAG, 0, 0, &a->flag_set, NULL, NULL};
    int st = bc_opts_parse(t, n, p, argc, argv, 1, NULL, 0, NULL, msg, sizeof msg);
    if (st == BC_OPTS_HELP) {
        bc_exp_usage(prog, p, quick, a);
        exit(0);
    }
    if (st != 0) {
        fprintf(stderr, "%s: %s\n", prog, bc_io_one_line(msg));
        return 2;
    }
    if (version) {
        printf("%s (boundcheck %s)\n", prog, BC_VERSION);
        exit(0);
    }
    a->threads = (int)threads;
    return bc_exp_mkdir(prog, a->out);
}

#endif
