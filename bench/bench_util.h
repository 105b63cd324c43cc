/* bench_util.h -- what the benchmarks share: the median of repeated
 * timings, the instance files handed to a NumPy reference, and running
 * that reference. */
#ifndef BC_BENCH_UTIL_H
#define BC_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/params.h"

static inline int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of n timings (reorders t). */
static inline double bench_median(double *t, size_t n)
{
    qsort(t, n, sizeof *t, bench_cmp);
    return t[n / 2];
}

/* Writes bytes of p to dir/name; nonzero on failure. */
static inline int bench_dump(const char *dir, const char *name, const void *p, size_t bytes)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (fp == NULL)
        return 1;
    size_t w = fwrite(p, 1, bytes, fp);
    return fclose(fp) != 0 || w != bytes;
}

/* Reads up to n positional integers in [1, max] from argv into v (the
 * defaults stay where fewer are given). Returns the count read, or -1
 * after one line on stderr for a bad value or too many arguments. */
static inline int bench_ints(const char *prog, int argc, char **argv, long long *v, int n, long long max)
{
    if (argc - 1 > n) {
        fprintf(stderr, "%s: at most %d arguments, got %d\n", prog, n, argc - 1);
        return -1;
    }
    for (int i = 1; i < argc; i++)
        if (bc_parse_int(argv[i], &v[i - 1]) != 0 || v[i - 1] < 1 || v[i - 1] > max) {
            fprintf(stderr, "%s: '%s' is not an integer in [1, %lld]\n", prog, argv[i], max);
            return -1;
        }
    return argc - 1;
}

/* Removes the instance folder dir (a mkdtemp name: no shell quoting needed). */
static inline void bench_rm_dir(const char *prog, const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "%s: could not remove %s\n", prog, dir);
}

/* Runs /usr/bin/python3 SCRIPT DIR, keeps what it prints (up to len - 1
 * bytes: a line per reference, "numpy ..." first) in out (empty when it
 * printed nothing), then removes DIR. */
static inline void bench_run_ref(const char *prog, const char *script, const char *dir, char *out,
                                 size_t len)
{
    char cmd[1024];
    size_t got = 0;
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 -B %s %s", script, dir);   /* -B: no __pycache__ in bench/ */
    FILE *pp = popen(cmd, "r");
    if (pp != NULL) {
        got = fread(out, 1, len - 1, pp);
        pclose(pp);
    }
    out[got] = '\0';
    bench_rm_dir(prog, dir);
}

/* The "torch LOSS SECONDS VERSION" line of a reference's output, parsed:
 * 1 when present, 0 (with why: "torch unavailable", say) otherwise. */
static inline int bench_torch_line(const char *out, double *value, double *secs, char *ver,
                                   size_t vlen)
{
    const char *t = strstr(out, "\ntorch ");
    char fmt[32];
    snprintf(fmt, sizeof fmt, "\ntorch %%lf %%lf %%%zus", vlen - 1);
    return t != NULL && sscanf(t, fmt, value, secs, ver) == 3;
}

#endif
