/* dataset.h -- a data matrix with labels, from a generator or a CSV file.
 *
 * CSV layout: one sample per line, features then the label in the last
 * column, all numeric; `skip` header lines are ignored. Ragged rows,
 * non-numbers, NaN/Inf, blank lines, an empty file and lines over 1 MiB
 * are errors whose message names the line. */
#ifndef BC_DATASET_H
#define BC_DATASET_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
    size_t n, d;
    double *X;   /* n x d, row-major */
    double *y;   /* n labels */
    size_t constant_cols;   /* set by bc_dataset_standardize: constant columns zeroed */
} bc_dataset;

/* NULL when out of memory or when n * d does not fit in memory. */
bc_dataset *bc_dataset_alloc(size_t n, size_t d);
void bc_dataset_free(bc_dataset *ds);

/* Loads a CSV file; on error returns BC_EIO / BC_EFORMAT / BC_ENOMEM with
 * a message such as "data.csv:7: 12 fields, expected 31". */
int bc_dataset_load_csv(const char *path, size_t skip, bc_dataset **out,
                        char *msg, size_t len);

/* The same from an open stream; path names it in messages. The stream is
 * read to its end (or the first error) and not closed. */
int bc_dataset_read_csv(FILE *fp, const char *path, size_t skip, bc_dataset **out,
                        char *msg, size_t len);

/* Scales every row to unit Euclidean norm (BC_EFORMAT for a zero row). */
int bc_dataset_unit_rows(bc_dataset *ds, char *msg, size_t len);

/* Scales every column to mean 0 and standard deviation 1; a constant
 * column (no information: a pixel that is always blank) becomes 0, and
 * ds->constant_cols counts them (scikit-learn's StandardScaler does the
 * same). */
int bc_dataset_standardize(bc_dataset *ds, char *msg, size_t len);

/* Checks that every label is an integer in [0, 1024) and returns the
 * number of classes (max label + 1) in *K. */
int bc_dataset_class_labels(const bc_dataset *ds, size_t *K, char *msg, size_t len);

/* Maps exactly two distinct label values to -1 (the smaller) and +1. */
int bc_dataset_binary_labels(bc_dataset *ds, char *msg, size_t len);

/* max_i ||x_i||^2 */
double bc_dataset_max_row_norm2(const bc_dataset *ds);

/* The search's tiny data form: n <= 4 unit points (cos a_i, sin a_i) in
 * the plane from their angles (X is n x 2). */
void bc_dataset_circle(const double *angles, size_t n, double *X);

#endif
