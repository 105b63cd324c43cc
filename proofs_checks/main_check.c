/* main_check.c -- the thin main of every bin/check_<id>: the generic runner
 * over one registry entry, chosen at compile time by BC_CHECK_BIN. */
#include <stdio.h>

#include "app/cli.h"
#include "proofs_checks/checks.h"

#ifndef BC_CHECK_BIN
#error "BC_CHECK_BIN must name the check (the Makefile sets it)"
#endif

int main(int argc, char **argv)
{
    const bc_check *c = bc_registry_find(BC_CHECK_BIN);
    if (c == NULL) {
        fprintf(stderr, "%s: no check '%s' in the registry\n", argv[0], BC_CHECK_BIN);
        return 2;
    }
    return bc_cli_check_main(c, argc, argv);
}
