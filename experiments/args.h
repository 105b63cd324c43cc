/* args.h -- the command line every experiment program shares:
 *   --out DIR      where the CSV files go (default results)
 *   --tag NAME     a name for the output files (programs that take one)
 *   --quick        the CI-sized profile (applied where it stands, so a
 *                  later name=value overrides it)
 *   --threads N    OpenMP threads, 0 = all cores (programs that do not
 *                  thread accept it, for a uniform report.sh)
 *   name=value     one of the program's parameters (programs that take them)
 * Bad input: one line on stderr naming the program, and 2. */
#ifndef BC_EXP_ARGS_H
#define BC_EXP_ARGS_H

#include <stdio.h>
#include <string.h>

#include "core/io.h"
#include "core/params.h"

typedef struct {
    const char *out;
    const char *tag;   /* NULL: the program takes no --tag */
    int quick, threads;
} bc_exp_args;

/* p: the program's parameters, or NULL when it takes none; quick: the
 * profile --quick applies to p (NULL: --quick only sets a->quick). */
static int bc_exp_parse(const char *prog, int argc, char **argv, bc_params *p,
                        const char *quick, bc_exp_args *a)
{
    char msg[512];
    long long ll;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *eq = strchr(arg, '=');
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
        } else if (strcmp(arg, "--threads") == 0 && i + 1 < argc) {
            if (bc_parse_int(argv[++i], &ll) != 0 || ll < 0 || ll > 1024) {
                snprintf(msg, sizeof msg, "option --threads: '%s' is not an integer in [0, 1024]",
                         argv[i]);
                fprintf(stderr, "%s: %s\n", prog, bc_io_one_line(msg));
                return 2;
            }
            a->threads = (int)ll;
        } else if (p != NULL && eq != NULL && arg[0] != '-') {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
            if (bc_params_set(p, name, eq + 1, msg, sizeof msg) != 0) {
                fprintf(stderr, "%s: %s\n", prog, bc_io_one_line(msg));
                return 2;
            }
        } else {
            snprintf(msg, sizeof msg, "unexpected argument '%s'", arg);
            fprintf(stderr, "%s: %s\n", prog, bc_io_one_line(msg));
            return 2;
        }
    }
    return 0;
}

#endif
