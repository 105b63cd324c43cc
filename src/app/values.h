/* values.h -- a matrix of numbers from a user's file: per-trial values to
 * judge (`boundcheck judge`).
 *
 * Formats, by content: NumPy .npy (magic \x93NUMPY; versions 1-3; dtypes
 * little-endian float64, float32, int64, int32; 1-D or 2-D, C or Fortran
 * order), NumPy .npz (np.savez or np.savez_compressed: one member, by name
 * or the first) or CSV (comma-separated numbers; a first row with any non-number
 * is a header that names the columns; gzip-compressed CSV too). */
#ifndef BC_VALUES_H
#define BC_VALUES_H

#include <stddef.h>

typedef struct {
    size_t rows, cols;
    double *x;            /* rows x cols, row-major */
    char **names;         /* cols column names ("c0", ... when none) */
} bc_values;

/* 0, or BC_EIO / BC_EFORMAT / BC_ENOMEM with one line in msg (the file
 * and, for CSV, the line). Every value must be finite. */
int bc_values_load(const char *path, bc_values *v, char *msg, size_t len);
/* The same, for an .npz naming its member (NULL: the first). */
int bc_values_load_member(const char *path, const char *member, bc_values *v, char *msg,
                          size_t len);
void bc_values_free(bc_values *v);

#endif
