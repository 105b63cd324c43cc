/* values.c -- per-trial values from .npy or CSV files (see values.h). */
#include "app/values.h"
#include "core/io.h"
#include "core/mem.h"
#include "core/status.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

void bc_values_free(bc_values *v)
{
    if (v == NULL)
        return;
    for (size_t j = 0; v->names != NULL && j < v->cols; j++)
        free(v->names[j]);
    free(v->names);
    free(v->x);
    memset(v, 0, sizeof *v);
}

static int default_names(bc_values *v)
{
    v->names = calloc(v->cols > 0 ? v->cols : 1, sizeof *v->names);
    if (v->names == NULL)
        return BC_ENOMEM;
    for (size_t j = 0; j < v->cols; j++) {
        char b[32];
        snprintf(b, sizeof b, "c%zu", j);
        if ((v->names[j] = strdup(b)) == NULL)
            return BC_ENOMEM;
    }
    return BC_SUCCESS;
}

/* A .npy header's value for key ('descr', 'fortran_order', 'shape'). */
static const char *npy_key(const char *h, const char *key)
{
    const char *p = strstr(h, key);
    if (p == NULL)
        return NULL;
    p = strchr(p + strlen(key), ':');
    if (p == NULL)
        return NULL;
    for (p++; *p == ' '; p++)
        ;
    return p;
}

static int load_npy(const char *path, const unsigned char *b, size_t n, bc_values *v, char *msg,
                    size_t len)
{
    if (n < 10) {
        snprintf(msg, len, "'%s': a truncated .npy header", path);
        return BC_EFORMAT;
    }
    int major = b[6];
    size_t hl = major == 1 ? (size_t)b[8] | (size_t)b[9] << 8
                           : (size_t)b[8] | (size_t)b[9] << 8 | (size_t)b[10] << 16 | (size_t)b[11] << 24;
    size_t off = major == 1 ? 10 : 12;
    if (major < 1 || major > 3 || off + hl > n || hl > 65536) {
        snprintf(msg, len, "'%s': an unsupported or truncated .npy header", path);
        return BC_EFORMAT;
    }
    char h[65537];
    memcpy(h, b + off, hl);
    h[hl] = '\0';
    const char *d = npy_key(h, "'descr'"), *fo = npy_key(h, "'fortran_order'"),
               *sh = npy_key(h, "'shape'");
    if (d == NULL || fo == NULL || sh == NULL || *sh != '(') {
        snprintf(msg, len, "'%s': a .npy header without descr, fortran_order or shape", path);
        return BC_EFORMAT;
    }
    int kind = strncmp(d, "'<f8'", 5) == 0 ? 0 : strncmp(d, "'<f4'", 5) == 0 ? 1
               : strncmp(d, "'<i8'", 5) == 0 ? 2 : strncmp(d, "'<i4'", 5) == 0 ? 3 : -1;
    if (kind < 0) {
        snprintf(msg, len, "'%s': dtype %.8s is not supported (little-endian float64, float32, "
                 "int64 or int32)", path, d);
        return BC_EFORMAT;
    }
    int fortran = strncmp(fo, "True", 4) == 0;
    unsigned long long dims[3] = {0, 1, 1};
    int nd = 0;
    const char *p = sh + 1;
    while (*p != ')' && *p != '\0' && nd < 3) {
        while (*p == ' ' || *p == ',')
            p++;
        if (*p == ')')
            break;
        char *e;
        dims[nd++] = strtoull(p, &e, 10);
        if (e == p)
            break;
        p = e;
    }
    if (nd < 1 || nd > 2 || dims[0] == 0) {
        snprintf(msg, len, "'%s': shape must be (trials,) or (trials, columns), non-empty", path);
        return BC_EFORMAT;
    }
    size_t rows = (size_t)dims[0], cols = nd == 2 ? (size_t)dims[1] : 1, sz = kind == 0 || kind == 2 ? 8 : 4;
    size_t need = bc_mem_bytes(bc_mem_bytes(rows, cols), sz);
    if (cols == 0 || need == 0 || off + hl + need > n) {
        snprintf(msg, len, "'%s': the data are shorter than the shape (%zu x %zu) says", path,
                 rows, cols);
        return BC_EFORMAT;
    }
    v->rows = rows;
    v->cols = cols;
    v->x = malloc(bc_mem_bytes(rows * cols, sizeof(double)));
    if (v->x == NULL)
        return BC_ENOMEM;
    const unsigned char *q = b + off + hl;
    for (size_t k = 0; k < rows * cols; k++) {
        uint64_t u = 0;
        for (size_t t = 0; t < sz; t++)
            u |= (uint64_t)q[k * sz + t] << (8 * t);
        double x;
        if (kind == 0)
            memcpy(&x, &u, 8);
        else if (kind == 1) {
            uint32_t w = (uint32_t)u;
            float f;
            memcpy(&f, &w, 4);
            x = f;
        } else if (kind == 2)
            x = (double)(int64_t)u;
        else
            x = (double)(int32_t)(uint32_t)u;
        /* Fortran order: element k is (k % rows, k / rows) */
        size_t i = fortran ? k % rows : k / cols, j = fortran ? k / rows : k % cols;
        if (!isfinite(x)) {
            snprintf(msg, len, "'%s': value (%zu, %zu) is NaN or infinite", path, i, j);
            return BC_EFORMAT;
        }
        v->x[i * cols + j] = x;
    }
    return default_names(v);
}

static int load_csv(const char *path, char *text, bc_values *v, char *msg, size_t len)
{
    size_t cap = 0, lineno = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        line[strcspn(line, "\r")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        size_t k = 1;
        for (const char *c = line; *c; c++)
            k += *c == ',';
        if (v->cols == 0)
            v->cols = k;
        else if (k != v->cols) {
            snprintf(msg, len, "%s:%zu: %zu fields, expected %zu (ragged row)", path, lineno, k,
                     v->cols);
            return BC_EFORMAT;
        }
        int header = 0;
        if (v->rows == 0 && v->names == NULL) {
            /* a first row with a non-number names the columns */
            char tmp[4096];
            snprintf(tmp, sizeof tmp, "%s", line);
            char *s2 = NULL;
            for (char *t = strtok_r(tmp, ",", &s2); t != NULL; t = strtok_r(NULL, ",", &s2)) {
                char *e;
                while (*t == ' ')
                    t++;
                strtod(t, &e);
                while (*e == ' ')
                    e++;
                header |= e == t || *e != '\0';
            }
        }
        if (header) {
            v->names = calloc(v->cols, sizeof *v->names);
            if (v->names == NULL)
                return BC_ENOMEM;
            char *s3 = NULL, *t = strtok_r(line, ",", &s3);
            for (size_t j = 0; j < v->cols; j++, t = strtok_r(NULL, ",", &s3)) {
                while (t != NULL && *t == ' ')
                    t++;
                if ((v->names[j] = strdup(t != NULL ? t : "")) == NULL)
                    return BC_ENOMEM;
            }
            continue;
        }
        if (v->rows == cap) {
            cap = cap ? 2 * cap : 256;
            size_t bytes = bc_mem_bytes(bc_mem_bytes(cap, v->cols), sizeof(double));
            double *nx = bytes && bc_mem_fits(bytes) ? realloc(v->x, bytes) : NULL;
            if (nx == NULL) {
                snprintf(msg, len, "'%s' does not fit in memory", path);
                return BC_ENOMEM;
            }
            v->x = nx;
        }
        char *s4 = NULL, *t = strtok_r(line, ",", &s4);
        for (size_t j = 0; j < v->cols; j++, t = strtok_r(NULL, ",", &s4)) {
            char *e;
            errno = 0;
            double x = t != NULL ? strtod(t, &e) : NAN;
            if (t == NULL || e == t || !isfinite(x) || errno == ERANGE) {
                snprintf(msg, len, "%s:%zu: field %zu is not a finite number", path, lineno, j + 1);
                return BC_EFORMAT;
            }
            v->x[v->rows * v->cols + j] = x;
        }
        v->rows++;
    }
    if (v->rows == 0) {
        snprintf(msg, len, "'%s': no rows of numbers", path);
        return BC_EFORMAT;
    }
    return v->names != NULL ? BC_SUCCESS : default_names(v);
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* An .npz (a zip of .npy files, stored or deflated): the member named
 * member (with or without ".npy"), or the first. Read through the central
 * directory, whose sizes numpy writes in full for arrays under 4 GiB. */
static int load_npz(const char *path, const unsigned char *b, size_t n, const char *member,
                    bc_values *v, char *msg, size_t len)
{
    size_t e = n >= 22 ? n - 22 : 0;
    while (e > 0 && le32(b + e) != 0x06054b50)
        e--;
    if (n < 22 || le32(b + e) != 0x06054b50) {
        snprintf(msg, len, "'%s': not a valid .npz (no zip directory)", path);
        return BC_EFORMAT;
    }
    size_t count = le16(b + e + 10), off = le32(b + e + 16);
    char names[1024] = "";
    for (size_t k = 0; k < count; k++) {
        if (off + 46 > n || le32(b + off) != 0x02014b50)
            break;
        int method = le16(b + off + 10);
        size_t csize = le32(b + off + 20), usize = le32(b + off + 24);
        size_t nl = le16(b + off + 28), xl = le16(b + off + 30), cl = le16(b + off + 32);
        size_t lho = le32(b + off + 42);
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(nl < 255 ? nl : 255), (const char *)b + off + 46);
        off += 46 + nl + xl + cl;
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? ", " : "", name);
        size_t ml = member != NULL ? strlen(member) : 0;
        if (member != NULL && strcmp(name, member) != 0
            && !(strncmp(name, member, ml) == 0 && strcmp(name + ml, ".npy") == 0))
            continue;
        if (lho + 30 > n || le32(b + lho) != 0x04034b50) {
            snprintf(msg, len, "'%s': member %s has no local header", path, name);
            return BC_EFORMAT;
        }
        size_t data = lho + 30 + le16(b + lho + 26) + le16(b + lho + 28);
        if (data + csize > n || (method != 0 && method != 8) || usize == 0xffffffff) {
            snprintf(msg, len, "'%s': member %s is truncated, zip64 or compressed by a method "
                     "other than deflate", path, name);
            return BC_EFORMAT;
        }
        if (method == 0)
            return load_npy(path, b + data, csize, v, msg, len);
        unsigned char *u = bc_mem_fits(usize + 1) ? malloc(usize + 1) : NULL;
        z_stream zs;
        memset(&zs, 0, sizeof zs);
        if (u == NULL || inflateInit2(&zs, -MAX_WBITS) != Z_OK) {
            free(u);
            return BC_ENOMEM;
        }
        zs.next_in = (unsigned char *)(b + data);
        zs.avail_in = (uInt)csize;
        zs.next_out = u;
        zs.avail_out = (uInt)usize;
        int zr = inflate(&zs, Z_FINISH);
        inflateEnd(&zs);
        int st = zr == Z_STREAM_END && zs.total_out == usize
                     ? load_npy(path, u, usize, v, msg, len) : BC_EFORMAT;
        if (zr != Z_STREAM_END || zs.total_out != usize)
            snprintf(msg, len, "'%s': member %s does not inflate", path, name);
        free(u);
        return st;
    }
    snprintf(msg, len, "'%s': no array '%s' in the .npz (it has: %s)", path,
             member != NULL ? member : "(any)", names);
    return BC_EFORMAT;
}

int bc_values_load(const char *path, bc_values *v, char *msg, size_t len)
{
    return bc_values_load_member(path, NULL, v, msg, len);
}

int bc_values_load_member(const char *path, const char *member, bc_values *v, char *msg,
                          size_t len)
{
    size_t n;
    memset(v, 0, sizeof *v);
    char *buf = bc_io_read_gz(path, &n, msg, len);
    if (buf == NULL)
        return BC_EIO;
    int st = n >= 6 && memcmp(buf, "\x93NUMPY", 6) == 0
                 ? load_npy(path, (const unsigned char *)buf, n, v, msg, len)
             : n >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0
                 ? load_npz(path, (const unsigned char *)buf, n, member, v, msg, len)
                 : load_csv(path, buf, v, msg, len);
    free(buf);
    if (st != 0)
        bc_values_free(v);
    if (len > 0)
        bc_io_one_line(msg);
    return st;
}
