/* cli.h -- the command line of a check binary.
 *
 * Common options (--seed, --trials, --threads, --alpha, --ci, --json,
 * --csv, --quiet, --quick, --help, --version) plus the check's own
 * parameters, one --name VALUE each, parsed strictly with getopt_long. */
#ifndef BC_CLI_H
#define BC_CLI_H

#include "core/check.h"
#include "core/runner.h"

/* How a check program runs: the run function (bc_runner_run, or the MPI
 * driver's over its ranks) and whether this process prints and writes
 * (0: the MPI ranks other than 0). Passed in, never patched in. */
typedef int (*bc_cli_run_fn)(const bc_check *c, const bc_params *p, const bc_run_opts *o,
                             bc_record *rec, char *msg, size_t len);
typedef struct {
    bc_cli_run_fn run;
    int writes;
} bc_cli_driver;

/* Parses argv (argv[0] is the program name used in messages), runs the
 * check, prints the table, writes --json/--csv, and returns the exit
 * status: the verdict, or 2 after one line on stderr for bad input. */
int bc_cli_check_main(const bc_check *c, int argc, char **argv);
/* The same with another driver (the MPI one). */
int bc_cli_check_drive(const bc_check *c, const bc_cli_driver *dv, int argc, char **argv);

/* The options of `boundcheck all` (and of the MPI driver's): --quick,
 * --json-dir DIR, --threads N, --seed N, --shard I/N when shards != 0 and
 * --junit PATH when junit is not NULL. Sets o (quiet), *dir, *junit.
 * Returns 0 (after the usage, for --help: *dir untouched), or 2 after one
 * line on stderr naming prog (printed only when speak != 0). */
int bc_cli_all_options(const char *prog, int argc, char **argv, int shards, int speak,
                       bc_run_opts *o, const char **dir, const char **junit);

/* A check's default parameters, with its --quick profile applied when
 * quick; *trials is the profile's trials= (0: the check's default). 0, or
 * BC_EINVAL with msg (a descriptor bug). */
int bc_cli_check_params(const bc_check *c, int quick, bc_params *p, size_t *trials, char *msg,
                        size_t len);

/* The option name in a command-line word ("--trals=5" -> "trals"), to look
 * for the nearest valid one: 1, or 0 when arg is not an option. */
int bc_cli_option_word(const char *arg, char *word, size_t len);

/* "WHAT 'ARG' (did you mean --NAME? see --help)" into msg, NAME the
 * nearest of names ('NAME' for a name=value or bare word), or without the
 * suggestion when none is near. */
char *bc_cli_unknown(char *msg, size_t len, const char *what, const char *arg,
                     const char *const *names, size_t n);

/* Prints the usage of a check (its parameters with defaults and ranges). */
void bc_cli_usage(FILE *out, const bc_check *c, const char *prog);

#endif
