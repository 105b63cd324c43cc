/* io.h -- files written whole or not at all.
 *
 * A result file is written to a temporary name beside its destination and
 * renamed over it only when complete, so an interrupted or failed run never
 * leaves a half-written file and never clobbers an existing one. A
 * symbolic link is followed: the temporary goes beside its target and the
 * target is replaced, the link kept. What cannot be replaced is written in
 * place: "-" (stdout), a FIFO or character device (a pipe, /dev/null, a
 * terminal) and paths under /dev and /proc. Every error of a write, flush,
 * fsync, close or rename makes the commit fail (errno kept for the
 * message), so a full disk (/dev/full: ENOSPC) is reported, not ignored. */
#ifndef BC_IO_H
#define BC_IO_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
    FILE *fp;
    char tmp[4096];
    char path[4096];   /* the destination, symbolic links resolved */
    int direct;        /* written in place (stdout, a pipe, a device) */
} bc_atomic_file;

/* Opens a temporary file in path's directory. BC_EIO on failure. */
int bc_io_atomic_open(bc_atomic_file *f, const char *path);
/* Flushes, closes and renames over path. On failure removes the
 * temporary and returns BC_EIO. */
int bc_io_atomic_commit(bc_atomic_file *f);
/* Closes and removes the temporary; path is untouched. */
void bc_io_atomic_abort(bc_atomic_file *f);
/* Whether a file could be created at path (its directory exists and is
 * writable, path is not a directory): NULL, or a message. */
const char *bc_io_check_writable(const char *path, char *msg, size_t len);

/* Makes a message one printable line: every control byte (a newline or a
 * carriage return echoed from user input, say) becomes '?'. Returns s. */
char *bc_io_one_line(char *s);

/* Reads a whole file, NUL-terminated (its length in *len when len is not
 * NULL); NULL when it cannot be read. The caller frees it. */
char *bc_io_read_all(const char *path, size_t *len);

/* Reads a whole file, gunzipped when it is gzip (plain files as they
 * are), NUL-terminated, its length in *n; NULL with one line in msg when it
 * cannot be read or does not fit in memory. The caller frees it. */
char *bc_io_read_gz(const char *path, size_t *n, char *msg, size_t len);

/* Reads and parses a whole JSON file: NULL when it cannot be read or is
 * not JSON. The caller frees it with cJSON_Delete. */
struct cJSON;
struct cJSON *bc_io_read_json(const char *path);

/* Writes j (indented when pretty, else on one line) and a newline to
 * path, atomically. 0, BC_ENOMEM or BC_EIO (path then untouched). j stays
 * the caller's. */
int bc_io_write_json(const struct cJSON *j, const char *path, int pretty);

#endif
