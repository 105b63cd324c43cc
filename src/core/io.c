/* io.c -- atomic file writes (see io.h). */
#include "core/io.h"
#include "core/status.h"
#include <stdio.h>
#include <zlib.h>
#include "core/mem.h"

#include <errno.h>
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Whether path names something to write straight into, not to replace:
 * "-" (stdout), a FIFO or a character device (a pipe, /dev/null, a
 * terminal), or anything under /dev or /proc (/dev/stdout, /dev/fd/N). A
 * symbolic link counts as what it points to. */
static int is_direct(const char *path)
{
    struct stat st;
    if (strcmp(path, "-") == 0 || strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0)
        return 1;
    return stat(path, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode));
}

/* The file a write to path lands in: path itself, or the target of the
 * symbolic link(s) it names, so that the temporary is made beside the
 * target and the rename replaces the target, never the link. A dangling
 * link resolves to its target path (relative to the link's directory). */
static int resolve(const char *path, char *out, size_t len)
{
    char buf[4096], link[4096];
    struct stat st;
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return BC_EINVAL;
    for (int hops = 0; hops < 40; hops++) {
        if (lstat(buf, &st) != 0 || !S_ISLNK(st.st_mode))
            return snprintf(out, len, "%s", buf) < (int)len ? BC_SUCCESS : BC_EINVAL;
        ssize_t n = readlink(buf, link, sizeof link - 1);
        if (n < 0)
            return BC_EIO;
        link[n] = '\0';
        if (link[0] != '/') {
            /* relative: from the link's directory */
            char *slash = strrchr(buf, '/');
            size_t dir = slash != NULL ? (size_t)(slash - buf) + 1 : 0;
            if (dir + (size_t)n >= sizeof buf)
                return BC_EINVAL;
            memmove(buf + dir, link, (size_t)n + 1);
        } else {
            memcpy(buf, link, (size_t)n + 1);
        }
    }
    errno = ELOOP;
    return BC_EIO;
}

int bc_io_atomic_open(bc_atomic_file *f, const char *path)
{
    memset(f, 0, sizeof *f);
    if (path == NULL || strlen(path) + 16 >= sizeof f->tmp)
        return BC_EINVAL;
    if (is_direct(path)) {
        /* written in place: a pipe or a device cannot be replaced */
        strcpy(f->path, path);
        f->direct = 1;
        f->fp = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
        return f->fp != NULL ? BC_SUCCESS : BC_EIO;
    }
    if (resolve(path, f->path, sizeof f->path) != 0 || strlen(f->path) + 16 >= sizeof f->tmp)
        return BC_EIO;
    snprintf(f->tmp, sizeof f->tmp, "%s.tmp.XXXXXX", f->path);
    int fd = mkstemp(f->tmp);
    if (fd < 0)
        return BC_EIO;
    fchmod(fd, 0644);
    f->fp = fdopen(fd, "w");
    if (f->fp == NULL) {
        int e = errno;
        close(fd);
        unlink(f->tmp);
        errno = e;
        return BC_EIO;
    }
    return BC_SUCCESS;
}

int bc_io_atomic_commit(bc_atomic_file *f)
{
    /* an earlier write failed: flush again (stdio keeps what it could not
     * write) to learn why, ENOSPC say; EIO when the retry tells nothing */
    int bad = ferror(f->fp), e = 0;
    if (bad)
        clearerr(f->fp);
    errno = 0;
    if (fflush(f->fp) != 0 || bad) {
        e = errno != 0 ? errno : EIO;
        bad = 1;
    }
    if (f->direct) {
        /* stdout stays open; a pipe or device is closed (its error counts) */
        if (f->fp != stdout && fclose(f->fp) != 0 && !bad) {
            bad = 1;
            e = errno;
        }
        f->fp = NULL;
        errno = e;
        return bad ? BC_EIO : BC_SUCCESS;
    }
    if (fsync(fileno(f->fp)) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (fclose(f->fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    f->fp = NULL;
    if (!bad && rename(f->tmp, f->path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        unlink(f->tmp);
        errno = e;
        return BC_EIO;
    }
    return BC_SUCCESS;
}

void bc_io_atomic_abort(bc_atomic_file *f)
{
    if (f->fp != NULL && f->fp != stdout)
        fclose(f->fp);
    f->fp = NULL;
    if (!f->direct && f->tmp[0] != '\0')
        unlink(f->tmp);
}

const char *bc_io_check_writable(const char *path, char *msg, size_t len)
{
    struct stat st;
    bc_atomic_file f;
    if (path == NULL || *path == '\0') {
        snprintf(msg, len, "empty output path");
        return msg;
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(msg, len, "cannot write '%s': it is a directory", path);
        return msg;
    }
    if (is_direct(path)) {
        /* not opened here: opening a FIFO would wait for its reader */
        if (strcmp(path, "-") != 0 && access(path, W_OK) != 0) {
            snprintf(msg, len, "cannot write '%s': %s", path, strerror(errno));
            return msg;
        }
        return NULL;
    }
    if (bc_io_atomic_open(&f, path) != 0) {
        snprintf(msg, len, "cannot write '%s': %s", path, strerror(errno));
        return msg;
    }
    bc_io_atomic_abort(&f);
    return NULL;
}

char *bc_io_one_line(char *s)
{
    for (unsigned char *c = (unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            *c = '?';
    return s;
}

char *bc_io_read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return NULL;
    char *buf = NULL;
    long sz = -1;
    if (fseek(fp, 0, SEEK_END) == 0 && (sz = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0
        && (buf = malloc((size_t)sz + 1)) != NULL) {
        if (fread(buf, 1, (size_t)sz, fp) == (size_t)sz) {
            buf[sz] = '\0';
            if (len != NULL)
                *len = (size_t)sz;
        } else {
            free(buf);
            buf = NULL;
        }
    }
    fclose(fp);
    return buf;
}

cJSON *bc_io_read_json(const char *path)
{
    size_t n;
    char *buf = bc_io_read_all(path, &n);
    cJSON *j = buf != NULL ? cJSON_ParseWithLength(buf, n) : NULL;
    free(buf);
    return j;
}

int bc_io_write_json(const cJSON *j, const char *path, int pretty)
{
    char *text = j == NULL ? NULL : pretty ? cJSON_Print(j) : cJSON_PrintUnformatted(j);
    bc_atomic_file f;
    if (text == NULL)
        return BC_ENOMEM;
    int st = bc_io_atomic_open(&f, path);
    if (st == 0) {
        fputs(text, f.fp);
        fputc('\n', f.fp);
        st = bc_io_atomic_commit(&f);
    }
    cJSON_free(text);
    return st;
}

/* The whole file, gunzipped when it is gzip (zlib reads plain files as
 * they are). */
char *bc_io_read_gz(const char *path, size_t *n, char *msg, size_t len)
{
    gzFile g = gzopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0;
    int got;
    *n = 0;
    if (g == NULL) {
        snprintf(msg, len, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    do {
        if (cap - *n < 65536) {
            cap = cap ? 2 * cap : 1 << 16;
            char *nb = bc_mem_fits(cap) ? realloc(buf, cap + 1) : NULL;
            if (nb == NULL) {
                snprintf(msg, len, "'%s' does not fit in memory", path);
                free(buf);
                gzclose(g);
                return NULL;
            }
            buf = nb;
        }
        got = gzread(g, buf + *n, (unsigned)(cap - *n));
        if (got < 0) {
            int e;
            snprintf(msg, len, "'%s': %s", path, gzerror(g, &e));
            free(buf);
            gzclose(g);
            return NULL;
        }
        *n += (size_t)got;
    } while (got > 0);
    gzclose(g);
    buf[*n] = '\0';
    return buf;
}
