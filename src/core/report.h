/* report.h -- REPORT.md from the JSON records under a results folder:
 * a summary table (check, statement, verdict, ratio with its upper bound,
 * provenance of the constants, seed, time), the notes each check printed,
 * and the figures under results/figures. Reads results only; runs nothing. */
#ifndef BC_REPORT_H
#define BC_REPORT_H

#include <stddef.h>

/* Returns 0, 2 (results folder unreadable) or 5 (cannot write). */
int bc_report_write(const char *results_dir, const char *out_dir, char *msg,
                    size_t len);

#endif
