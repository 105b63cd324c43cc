/* api.h -- a small C interface for other languages (the Python package
 * python/boundcheck loads libboundcheck.so through ctypes): every call
 * returns a JSON text the caller frees with bc_api_free, and a code in the
 * checks' exit codes (0 HOLDS ... 5 FAILED, 2 bad input, with the JSON
 * {"error": "..."}). Nothing is printed. */
#ifndef BC_API_H
#define BC_API_H

#include <stddef.h>

/* Every registered check with its paper and parameters (as `boundcheck
 * list --json`). */
char *bc_api_list(void);

/* Runs check id with "name=value ..." (its parameters), trials (0: the
 * check's default), seed and threads (0: all): the record as JSON (schema
 * boundcheck.result/1). */
char *bc_api_run(const char *id, const char *params, size_t trials, unsigned long long seed,
                 int threads, int *code);

/* boundcheck judge on a rows x cols row-major array: kind 0 mean, 1 every,
 * 2 prob; rhs has cols values; lo, hi a per-trial range (NaN: none). */
char *bc_api_judge(int kind, const double *x, size_t rows, size_t cols, const double *rhs,
                   double lo, double hi, double delta, double rtol, double alpha, int *code);

void bc_api_free(char *s);

#endif
