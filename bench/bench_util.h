/* bench_util.h -- what the benchmarks share: the median of repeated
 * timings, the instance files handed to a NumPy reference, and running
 * that reference. */
#ifndef BC_BENCH_UTIL_H
#define BC_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of n timings (reorders t). */
static double bench_median(double *t, size_t n)
{
    qsort(t, n, sizeof *t, bench_cmp);
    return t[n / 2];
}

/* Writes bytes of p to dir/name; nonzero on failure. */
static int bench_dump(const char *dir, const char *name, const void *p, size_t bytes)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (fp == NULL)
        return 1;
    size_t w = fwrite(p, 1, bytes, fp);
    return fclose(fp) != 0 || w != bytes;
}

/* Removes the instance folder dir (a mkdtemp name: no shell quoting needed). */
static void bench_rm_dir(const char *prog, const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "%s: could not remove %s\n", prog, dir);
}

/* Runs /usr/bin/python3 SCRIPT DIR, keeps the first line it prints in
 * line (empty when it printed nothing), then removes DIR. */
static void bench_run_ref(const char *prog, const char *script, const char *dir, char *line,
                          size_t len)
{
    char cmd[1024];
    line[0] = '\0';
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s", script, dir);
    FILE *pp = popen(cmd, "r");
    if (pp != NULL) {
        if (fgets(line, (int)len, pp) == NULL)
            line[0] = '\0';
        pclose(pp);
    }
    bench_rm_dir(prog, dir);
}

#endif
