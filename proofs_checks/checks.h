/* checks.h -- the registry of checks: one bc_check descriptor per theorem.
 * A new check defines `const bc_check bc_check_<paper>_<statement>` (with
 * the bc_method that runs it; README, "Adding a check") and adds one
 * BC_REGISTER line to registry.c; the Makefile then builds its binary
 * bin/check_<paper>_<statement> and `boundcheck` lists it. */
#ifndef BC_CHECKS_H
#define BC_CHECKS_H

#include <stddef.h>

#include "core/check.h"

/* The five papers (papers.c). */
extern const bc_paper bc_paper_multirate, bc_paper_clars, bc_paper_sgr, bc_paper_masked,
    bc_paper_dcasgd;

/* Every check with its paper, binary and parameters, as a JSON array
 * (boundcheck list --json); NULL when out of memory. */
struct cJSON *bc_registry_json(void);

/* All registered checks, in registry order. */
const bc_check *const *bc_registry_all(size_t *n);

/* The check with this id ("multirate.b4") or binary suffix
 * ("multirate_b4"), or NULL. */
const bc_check *bc_registry_find(const char *id_or_bin);

#endif
