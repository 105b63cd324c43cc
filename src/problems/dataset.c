/* dataset.c -- data matrices and the strict CSV loader (see dataset.h). */
#include "problems/dataset.h"
#include "core/io.h"
#include "core/mem.h"
#include "core/params.h"
#include "core/status.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BC_CSV_MAX_LINE (1u << 20)

bc_dataset *bc_dataset_alloc(size_t n, size_t d)
{
    if (n == 0 || d == 0 || n > SIZE_MAX / d / sizeof(double))
        return NULL;
    bc_dataset *ds = calloc(1, sizeof *ds);
    if (ds == NULL)
        return NULL;
    ds->n = n;
    ds->d = d;
    /* refused without trying above physical memory: with overcommit a
     * malloc that "succeeds" would be killed at first touch */
    ds->X = bc_mem_alloc(n * d, sizeof(double));
    ds->y = bc_mem_alloc(n, sizeof(double));
    if (ds->X == NULL || ds->y == NULL) {
        bc_dataset_free(ds);
        return NULL;
    }
    return ds;
}

void bc_dataset_free(bc_dataset *ds)
{
    if (ds == NULL)
        return;
    free(ds->X);
    free(ds->y);
    free(ds);
}

static size_t count_fields(const char *s)
{
    size_t k = 1;
    for (; *s; s++)
        k += *s == ',';
    return k;
}

/* Parses the comma-separated fields of one line into row (the caller
 * has checked the field count). Empty fields are errors. */
static int parse_line(char *line, size_t lineno, const char *path, double *row, int first,
                      char *msg, size_t len)
{
    size_t j = 0;
    for (char *tok = line; tok != NULL; j++) {
        char *comma = strchr(tok, ',');
        if (comma != NULL)
            *comma = '\0';
        while (*tok == ' ' || *tok == '\t')
            tok++;
        char *e = tok + strlen(tok);
        while (e > tok && (e[-1] == ' ' || e[-1] == '\t'))
            *--e = '\0';
        char *end;
        errno = 0;
        double v = strtod(tok, &end);
        if (*tok == '\0' || end == tok || *end != '\0') {
            snprintf(msg, len, "%s:%zu: field %zu ('%.40s') is not a number%s", path,
                     lineno, j + 1, tok,
                     first ? " (a header line? skip it with --data-header N, or data-header=N "
                             "for the experiments)" : "");
            return BC_EFORMAT;
        }
        if (!isfinite(v) || errno == ERANGE) {
            snprintf(msg, len, "%s:%zu: field %zu is NaN, infinite or out of range",
                     path, lineno, j + 1);
            return BC_EFORMAT;
        }
        row[j] = v;
        tok = comma != NULL ? comma + 1 : NULL;
    }
    return BC_SUCCESS;
}

/* A gzip file (magic 1f 8b) is inflated into memory (bc_io_read_gz) and
 * read from there: the parser sees the same bytes as for the plain file. */
static int load_gzip(const char *path, size_t skip, bc_dataset **out, char *msg, size_t len)
{
    size_t size;
    char *buf = bc_io_read_gz(path, &size, msg, len);
    if (buf == NULL)
        return BC_EIO;
    FILE *fp = size > 0 ? fmemopen(buf, size, "r") : NULL;
    int st = BC_EFORMAT;
    if (fp == NULL) {
        snprintf(msg, len, "%s: empty data file", path);
    } else {
        st = bc_dataset_read_csv(fp, path, skip, out, msg, len);
        fclose(fp);
    }
    free(buf);
    return st;
}

int bc_dataset_load_csv(const char *path, size_t skip, bc_dataset **out,
                        char *msg, size_t len)
{
    FILE *fp = fopen(path, "r");
    *out = NULL;
    if (fp == NULL) {
        snprintf(msg, len, "cannot open data file '%s': %s", path, strerror(errno));
        return BC_EIO;
    }
    int c0 = fgetc(fp), c1 = fgetc(fp);
    if (c0 == 0x1f && c1 == 0x8b) {
        fclose(fp);
        return load_gzip(path, skip, out, msg, len);
    }
    rewind(fp);
    int st = bc_dataset_read_csv(fp, path, skip, out, msg, len);
    fclose(fp);
    return st;
}

int bc_dataset_read_csv(FILE *fp, const char *path, size_t skip, bc_dataset **out,
                        char *msg, size_t len)
{
    char *line = NULL;
    size_t cap = 0, lineno = 0, fields = 0, rows = 0, rowcap = 0;
    double *buf = NULL;
    int st = BC_SUCCESS;
    ssize_t got;

    *out = NULL;
    while ((got = getline(&line, &cap, fp)) != -1) {
        lineno++;
        if ((size_t)got > BC_CSV_MAX_LINE) {
            snprintf(msg, len, "%s:%zu: line longer than %u bytes", path, lineno,
                     BC_CSV_MAX_LINE);
            st = BC_EFORMAT;
            break;
        }
        if (lineno <= skip)
            continue;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (got == 0) {
            snprintf(msg, len, "%s:%zu: empty line", path, lineno);
            st = BC_EFORMAT;
            break;
        }
        size_t k = count_fields(line);
        if (fields == 0) {
            fields = k;
            if (fields < 2) {
                snprintf(msg, len, "%s:%zu: need at least one feature and a label "
                         "(found 1 field)", path, lineno);
                st = BC_EFORMAT;
                break;
            }
        } else if (k != fields) {
            snprintf(msg, len, "%s:%zu: %zu fields, expected %zu (ragged row)", path,
                     lineno, k, fields);
            st = BC_EFORMAT;
            break;
        }
        if (rows == rowcap) {
            size_t nc = rowcap ? 2 * rowcap : 256;
            if (nc > SIZE_MAX / fields / sizeof(double)) {
                st = BC_ENOMEM;
                break;
            }
            double *nb = realloc(buf, nc * fields * sizeof(double));
            if (nb == NULL) {
                st = BC_ENOMEM;
                break;
            }
            buf = nb;
            rowcap = nc;
        }
        st = parse_line(line, lineno, path, buf + rows * fields, rows == 0, msg, len);
        if (st != 0)
            break;
        rows++;
    }
    if (st == BC_SUCCESS && ferror(fp)) {
        snprintf(msg, len, "cannot read data file '%s'", path);
        st = BC_EIO;
    }
    if (st == BC_SUCCESS && rows == 0) {
        snprintf(msg, len, "%s: no data rows%s", path, lineno ? " after the header" : " (empty file)");
        st = BC_EFORMAT;
    }
    if (st == BC_ENOMEM)
        snprintf(msg, len, "%s: the data do not fit in memory", path);
    free(line);
    if (st == BC_SUCCESS) {
        bc_dataset *ds = bc_dataset_alloc(rows, fields - 1);
        if (ds == NULL) {
            snprintf(msg, len, "%s: the data do not fit in memory", path);
            st = BC_ENOMEM;
        } else {
            for (size_t i = 0; i < rows; i++) {
                memcpy(ds->X + i * ds->d, buf + i * fields, ds->d * sizeof(double));
                ds->y[i] = buf[i * fields + ds->d];
            }
            *out = ds;
        }
    }
    free(buf);
    return st;
}

/* Values whose squares neither overflow nor underflow: outside this range
 * a row or column is first divided by its largest magnitude (found by the
 * fuzzer: a row (5.2e-161) squared to a subnormal and came out with norm
 * 1.001, a row (1e200) to infinity and came out zero). */
#define SAFE_LO 1e-150
#define SAFE_HI 1e150

int bc_dataset_unit_rows(bc_dataset *ds, char *msg, size_t len)
{
    for (size_t i = 0; i < ds->n; i++) {
        double s = 0.0, amax = 0.0;
        double *x = ds->X + i * ds->d;
        for (size_t j = 0; j < ds->d; j++)
            amax = fmax(amax, fabs(x[j]));
        if (!(amax > 0.0)) {
            snprintf(msg, len, "data row %zu is zero: it cannot be scaled to unit norm", i + 1);
            return BC_EFORMAT;
        }
        double c = amax < SAFE_LO || amax > SAFE_HI ? amax : 1.0;
        for (size_t j = 0; j < ds->d; j++)
            s += (x[j] / c) * (x[j] / c);
        s = sqrt(s);
        for (size_t j = 0; j < ds->d; j++)
            x[j] = x[j] / c / s;
    }
    return BC_SUCCESS;
}

int bc_dataset_standardize(bc_dataset *ds, char *msg, size_t len)
{
    (void)msg;
    (void)len;
    ds->constant_cols = 0;
    for (size_t j = 0; j < ds->d; j++) {
        double m = 0.0, v = 0.0, amax = 0.0;
        for (size_t i = 0; i < ds->n; i++)
            amax = fmax(amax, fabs(ds->X[i * ds->d + j]));
        double c = amax > 0.0 && (amax < SAFE_LO || amax > SAFE_HI) ? amax : 1.0;
        for (size_t i = 0; i < ds->n; i++)
            m += ds->X[i * ds->d + j] / c;
        m /= (double)ds->n;
        for (size_t i = 0; i < ds->n; i++)
            v += (ds->X[i * ds->d + j] / c - m) * (ds->X[i * ds->d + j] / c - m);
        v = sqrt(v / (double)ds->n);
        int constant = !(v > 0.0);   /* centred, it becomes 0 */
        ds->constant_cols += (size_t)constant;
        for (size_t i = 0; i < ds->n; i++)
            ds->X[i * ds->d + j] = constant ? 0.0 : (ds->X[i * ds->d + j] / c - m) / v;
    }
    return BC_SUCCESS;
}

int bc_dataset_class_labels(const bc_dataset *ds, size_t *K, char *msg, size_t len)
{
    double mx = 0.0;
    for (size_t i = 0; i < ds->n; i++) {
        double y = ds->y[i];
        if (!(y >= 0.0 && y < 1024.0 && y == floor(y))) {
            snprintf(msg, len, "data row %zu: label %g is not a class index in [0, 1024)", i + 1, y);
            return BC_EFORMAT;
        }
        mx = fmax(mx, y);
    }
    *K = (size_t)mx + 1;
    if (*K < 2) {
        snprintf(msg, len, "the labels name a single class: at least two are needed");
        return BC_EFORMAT;
    }
    return BC_SUCCESS;
}

int bc_dataset_binary_labels(bc_dataset *ds, char *msg, size_t len)
{
    double a = ds->y[0], b = ds->y[0];
    for (size_t i = 0; i < ds->n; i++) {
        if (ds->y[i] == a || ds->y[i] == b)
            continue;
        if (a == b)
            b = ds->y[i];
        else {
            snprintf(msg, len, "labels take more than two values (%g, %g, %g): "
                     "binary labels are needed", a, b, ds->y[i]);
            return BC_EFORMAT;
        }
    }
    if (a == b) {
        snprintf(msg, len, "all labels equal %g: binary labels are needed", a);
        return BC_EFORMAT;
    }
    double lo = a < b ? a : b;
    for (size_t i = 0; i < ds->n; i++)
        ds->y[i] = ds->y[i] == lo ? -1.0 : 1.0;
    return BC_SUCCESS;
}

double bc_dataset_max_row_norm2(const bc_dataset *ds)
{
    double m = 0.0;
    for (size_t i = 0; i < ds->n; i++) {
        double s = 0.0;
        for (size_t j = 0; j < ds->d; j++)
            s += ds->X[i * ds->d + j] * ds->X[i * ds->d + j];
        if (s > m)
            m = s;
    }
    return m;
}

void bc_dataset_circle(const double *angles, size_t n, double *X)
{
    for (size_t i = 0; i < n; i++) {
        X[2 * i] = cos(angles[i]);
        X[2 * i + 1] = sin(angles[i]);
    }
}
