/* output.h -- a record as a table for people, JSON for machines, CSV of
 * the per-trial values for plots. Files are written atomically (io.h). */
#ifndef BC_OUTPUT_H
#define BC_OUTPUT_H

#include <stdio.h>
#include <cjson/cJSON.h>

#include <stdint.h>

#include "core/params.h"
#include "core/record.h"

/* The aligned table a person reads in ten seconds. */
void bc_output_table(FILE *out, const bc_record *rec);

/* Writes, with a newline, the command that reruns check c with parameters
 * p: "bin/boundcheck run ID --seed S --trials N [--alpha A] --name value
 * ...", with --alpha where alpha is not the default (0: the default). */
void bc_output_command(FILE *out, const struct bc_check *c, const bc_params *p, uint64_t seed,
                       size_t trials, double alpha);

/* " --alpha A" into buf where alpha is finite, positive and not the
 * default, else "" (the option a reproduce line needs); returns buf. */
const char *bc_output_alpha_option(double alpha, char *buf, size_t len);

/* `boundcheck all`'s table: a header, then one line per record with its
 * verdict and tightest quantity (the largest ratio, or the largest slack
 * of a deterministic inequality). */
void bc_output_summary_header(FILE *out);
/* The number a summary line shows: the largest worst slack (exact
 * quantities) or ratio (the others), *upper its upper bound, name "slack
 * eq3" or "ratio lhs". NaN (and name "") when the record judged nothing. */
double bc_output_headline(const bc_record *rec, double *upper, char *name, size_t len);

void bc_output_summary_line(FILE *out, const bc_record *rec);

/* The JSON record (schema BC_SCHEMA, documented in README.md); NULL when
 * out of memory. The caller frees it with cJSON_Delete. */
cJSON *bc_output_json(const bc_record *rec);

/* Write the JSON record / the per-trial CSV (trial,quantity,value) to
 * path, atomically. BC_EIO or BC_ENOMEM on failure; path is then untouched. */
int bc_output_json_write(const bc_record *rec, const char *path);
int bc_output_csv_write(const bc_record *rec, const char *path);

#endif
