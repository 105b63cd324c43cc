/* opts.h -- one command-line grammar for every program boundcheck ships
 * (the check binaries, `boundcheck` and its subcommands, the MPI driver,
 * the experiments):
 *   --name VALUE   or --name=VALUE, for an option or a check's parameter
 *   name=VALUE     the same for a parameter or an option that takes a
 *                  value (the experiments' spelling, kept)
 *   --flag         an option without a value
 *   -h, --help     the program's usage
 *   WORD           a positional argument, where the program takes them
 * Each program declares its options once, in a table (name, kind, valid
 * range, where the value goes, help); a check's parameters come from its
 * spec. Every value is parsed strictly (the params parsers); a misspelt
 * name or word gets the nearest valid one as a suggestion. */
#ifndef BC_OPTS_H
#define BC_OPTS_H

#include <stddef.h>
#include <stdio.h>

#include "core/params.h"

typedef enum {
    BC_OPT_FLAG,   /* no value: *(int *)dest = 1 (dest NULL: listed in the usage
                      only, as "help" is: -h/--help is answered by the parser) */
    BC_OPT_INT,    /* an integer in [lo, hi]: *(long long *)dest */
    BC_OPT_REAL,   /* a finite number in [lo, hi]: *(double *)dest */
    BC_OPT_U64,    /* a 64-bit unsigned integer: *(uint64_t *)dest */
    BC_OPT_TEXT,   /* any word: *(const char **)dest = the argument itself */
    BC_OPT_CALL,   /* call(dest, value, msg, len): a value of its own form
                      (auto:MAX, I/N, a list); nonzero with msg to refuse */
    BC_OPT_ACTION  /* no value: call(dest, NULL, msg, len) where it stands
                      (a profile applied before the options after it) */
} bc_opt_kind;

typedef struct {
    const char *name;   /* --name */
    bc_opt_kind kind;
    double lo, hi;      /* INT, REAL: the valid range */
    void *dest;
    int (*call)(void *dest, const char *value, char *msg, size_t len);
    const char *help;   /* one line for the usage; NULL: not listed */
} bc_opt;

/* Parses argv[first..argc) against opts (n of them) and, when p is not
 * NULL, p's parameters. Positional words go to pos (at most maxpos; their
 * count in *npos when npos is not NULL; more is an error). Returns 0,
 * BC_OPTS_HELP after -h/--help (the caller prints its usage), or
 * BC_EINVAL with one line in msg. */
#define BC_OPTS_HELP (-1)
int bc_opts_parse(const bc_opt *opts, size_t n, bc_params *p, int argc, char **argv,
                  int first, const char **pos, size_t maxpos, size_t *npos, char *msg,
                  size_t len);

/* The comma-separated names of p's parameters that argv[first..argc)
 * sets (--name or name=value), into list: the values a user fixed. */
void bc_opts_named(const bc_params *p, int argc, char **argv, int first, char *list, size_t len);

/* Whether argv[first..argc) holds the flag --name (to apply a profile
 * before the options that override it, as --quick does). */
int bc_opts_has(int argc, char **argv, int first, const char *name);

/* Calls shared by the programs: --alpha in (0, 0.5) into a double, --ci
 * range|hoeffding|bernstein|t into a bc_ci_method. */
int bc_opts_alpha(void *dest, const char *v, char *msg, size_t len);
int bc_opts_ci(void *dest, const char *v, char *msg, size_t len);

/* The options' usage lines: "  --name  help". */
void bc_opts_usage(FILE *out, const bc_opt *opts, size_t n);

#endif
