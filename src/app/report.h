/* report.h -- report/index.html and report/REPORT.md from results/ only.
 *
 * Reads every boundcheck.result/1 record (results/<id>.json), every search
 * record (results/search_<id>.json), the fitted exponents experiments leave
 * in results/<prefix>*_fit.gp, and the figures in results/figures; writes
 *   - a summary table: check, paper, statement, verdict, ratio LHS/RHS with
 *     its interval (or the worst slack), the constants' provenance, run
 *     time, seed, and a status: current, STALE (the record is older than
 *     the check's binary) or MISSING (a registered check without a record);
 *   - one section per paper (the id's prefix): each check's claim, results,
 *     constants, preconditions, the notes it printed (transcriptions,
 *     statement/proof mismatches), the exact command that reproduces it,
 *     the search's tightest instance, fitted exponents, and the figures
 *     (PNG on the page, SVG linked).
 * The HTML is static, needs no JavaScript, and references figures
 * relatively. It runs nothing. */
#ifndef BC_REPORT_H
#define BC_REPORT_H

#include <stddef.h>

typedef struct {
    const char *results_dir;     /* "results" */
    const char *out_dir;         /* "report": a sibling of results_dir (figures are
                                  * referenced as ../<results_dir>/figures/...) */
    const char *bin_dir;         /* "bin": for the staleness test; NULL: none */
    const char *const *ids;      /* the registered checks, for MISSING rows */
    size_t nids;
} bc_report_opts;

/* Returns 0, 2 (results folder unreadable) or 5 (cannot write). */
int bc_report_write(const bc_report_opts *o, char *msg, size_t len);

#endif
