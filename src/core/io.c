/* io.c -- atomic file writes (see io.h). */
#include "core/io.h"
#include "core/status.h"

#include <errno.h>
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int bc_io_atomic_open(bc_atomic_file *f, const char *path)
{
    memset(f, 0, sizeof *f);
    if (path == NULL || strlen(path) + 16 >= sizeof f->tmp)
        return BC_EINVAL;
    strcpy(f->path, path);
    snprintf(f->tmp, sizeof f->tmp, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(f->tmp);
    if (fd < 0)
        return BC_EIO;
    fchmod(fd, 0644);
    f->fp = fdopen(fd, "w");
    if (f->fp == NULL) {
        close(fd);
        unlink(f->tmp);
        return BC_EIO;
    }
    return BC_SUCCESS;
}

int bc_io_atomic_commit(bc_atomic_file *f)
{
    int bad = ferror(f->fp);
    bad |= fflush(f->fp) != 0;
    bad |= fsync(fileno(f->fp)) != 0;
    bad |= fclose(f->fp) != 0;
    f->fp = NULL;
    if (bad || rename(f->tmp, f->path) != 0) {
        unlink(f->tmp);
        return BC_EIO;
    }
    return BC_SUCCESS;
}

void bc_io_atomic_abort(bc_atomic_file *f)
{
    if (f->fp != NULL)
        fclose(f->fp);
    f->fp = NULL;
    if (f->tmp[0] != '\0')
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
