/* shard.h -- one run split into shards and merged back.
 *
 * `--shard I/N` runs block I of N of a check's trials (bc_shard_range:
 * contiguous, in order) and writes a shard file (schema
 * boundcheck.shard/1): the run's identity (check, version, seed, trials,
 * alpha, interval, profile, every parameter as text) and the block's
 * per-trial values, printed with 17 significant digits so they read back
 * bit for bit. Merging checks that the shards are the N blocks of one run
 * and judges the assembled values exactly as a single run would: the
 * merged record equals the single run's, number for number (only the
 * timing differs). */
#ifndef BC_SHARD_H
#define BC_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "core/check.h"
#include "core/record.h"
#include "core/runner.h"

#define BC_SHARD_SCHEMA "boundcheck.shard/1"

typedef struct {
    char path[1024];
    char check[64];
    char version[32];
    uint64_t seed;
    size_t trials, shard, nshards, lo, hi, nq;
    double alpha, wall_s;
    int ci_method;  /* -1: the check's choice */
    int quick;
    size_t nparams;
    char pname[BC_PARAMS_MAX][64];
    char ptext[BC_PARAMS_MAX][BC_PARAM_TEXT];
    char qname[BC_REC_Q_MAX][BC_REC_NAME];
    double *values, *aux;  /* (hi - lo) x nq, row-major */
} bc_shard;

/* Parses "I/N" (0 <= I < N <= 1000000). 0, or BC_EINVAL with msg. */
int bc_shard_parse(const char *text, size_t *shard, size_t *nshards, char *msg, size_t len);

/* Writes the shard file of a shard-mode run (rec from bc_runner_run with
 * o->nshards > 1), atomically. 0 or a bc_status. */
int bc_shard_write(const bc_record *rec, const bc_run_opts *o, const char *path);

/* Reads a shard file. 0, or BC_EINVAL with msg naming the file and the
 * problem (not a shard file, a missing or malformed field). */
int bc_shard_read(const char *path, bc_shard *sh, char *msg, size_t len);
/* The same from the file's text (n bytes); name stands for the path. */
int bc_shard_parse_text(const char *text, size_t n, const char *name, bc_shard *sh, char *msg,
                        size_t len);
void bc_shard_free(bc_shard *sh);

/* Merges the n shards of one run of check c into rec (bc_runner_merge).
 * Bad input (shards of different runs, a block missing or given twice, a
 * version or quantity mismatch): BC_USAGE with msg. Otherwise the verdict. */
int bc_shard_merge(const bc_check *c, const bc_shard *sh, size_t n, int threads,
                   bc_record *rec, char *msg, size_t len);

/* The first line of a sweep shard's CSV (experiments/args.h): shard, N. */
#define BC_SWEEP_SHARD_LINE "# boundcheck sweep shard %zu/%zu"

/* Joins the CSV shards of one sweep (files in any order) into out,
 * atomically: the header once, then the rows of shards 0..N-1. 0, or
 * BC_EINVAL with msg (not a shard, a shard missing or given twice,
 * headers that differ), or BC_EIO. */
int bc_shard_merge_csv(const char *const *paths, size_t n, const char *out, char *msg,
                       size_t len);

#endif
