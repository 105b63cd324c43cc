/* api.c -- JSON in, JSON out, for the Python package (see api.h). */
#include "proofs_checks/api.h"
#include "app/opts.h"
#include "proofs_checks/checks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "app/judge.h"
#include "app/output.h"
#include "core/runner.h"
#include "app/values.h"
#include "core/verdict.h"

static char *error_json(const char *msg, int *code, int value)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", msg);
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    *code = value;
    return s;
}

char *bc_api_list(void)
{
    cJSON *j = bc_registry_json();
    char *s = j != NULL ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    return s;
}

static char *record_json(bc_record *rec, int code, int *out)
{
    cJSON *j = bc_output_json(rec);
    char *s = j != NULL ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    bc_record_release(rec);
    *out = code;
    return s;
}

char *bc_api_run(const char *id, const char *params, size_t trials, unsigned long long seed,
                 int threads, int *code)
{
    char msg[512] = "";
    const bc_check *c = bc_registry_find(id);
    if (c == NULL) {
        snprintf(msg, sizeof msg, "no check '%s'", id != NULL ? id : "(null)");
        return error_json(msg, code, BC_USAGE);
    }
    bc_params p;
    bc_run_opts o;
    if (bc_params_init(&p, c->params, c->nparams, msg, sizeof msg) != 0)
        return error_json(msg, code, BC_USAGE);
    /* every name=value must name a parameter (a profile would skip it):
     * the words go through the command line's grammar (app/opts.h) */
    char buf[4096], *words[BC_PARAMS_MAX + 8];
    int nw = 0;
    snprintf(buf, sizeof buf, "%s", params != NULL ? params : "");
    for (char *sv = NULL, *t = strtok_r(buf, " ", &sv); t != NULL && nw < BC_PARAMS_MAX + 8;
         t = strtok_r(NULL, " ", &sv))
        words[nw++] = t;
    if (bc_opts_parse(NULL, 0, &p, nw, words, 0, NULL, 0, NULL, msg, sizeof msg) != 0)
        return error_json(msg[0] ? msg : "the parameters are not name=value words", code,
                          BC_USAGE);
    bc_run_opts_default(&o);
    o.quiet = 1;
    o.trials = trials;
    o.seed = seed;
    o.threads = threads;
    bc_record rec;
    int st = bc_runner_run(c, &p, &o, &rec, msg, sizeof msg);
    if (st == BC_USAGE) {
        bc_record_release(&rec);
        return error_json(msg, code, BC_USAGE);
    }
    return record_json(&rec, st, code);
}

char *bc_api_judge(int kind, const double *x, size_t rows, size_t cols, const double *rhs,
                   double lo, double hi, double delta, double rtol, double alpha, int *code)
{
    char msg[512] = "";
    if (x == NULL || rhs == NULL || rows == 0 || cols == 0 || kind < 0 || kind > 2)
        return error_json("judge: values, rhs, rows, cols and a kind in 0..2 are needed", code,
                          BC_USAGE);
    for (size_t k = 0; k < rows * cols; k++)
        if (!isfinite(x[k]))
            return error_json("judge: a value is NaN or infinite", code, BC_USAGE);
    if (kind == 2 && !(delta > 0 && delta < 1))
        return error_json("judge: kind prob needs delta in (0, 1)", code, BC_USAGE);
    bc_values v = {rows, cols, (double *)x, NULL};
    char **names = calloc(cols, sizeof *names);
    if (names == NULL)
        return error_json("out of memory", code, BC_FAILED);
    for (size_t j = 0; j < cols; j++) {
        char b[32];
        snprintf(b, sizeof b, "c%zu", j);
        names[j] = strdup(b);
    }
    v.names = names;
    bc_judge_spec s = {(bc_judge_kind)kind, &v, rhs, lo, hi, delta, rtol,
                       "values given through the API", "the caller's array"};
    bc_run_opts o;
    bc_run_opts_default(&o);
    o.quiet = 1;
    if (alpha > 0)
        o.alpha = alpha;
    bc_record rec;
    int st = bc_judge(&s, &o, &rec, msg, sizeof msg);
    for (size_t j = 0; j < cols; j++)
        free(names[j]);
    free(names);
    if (st == BC_USAGE) {
        bc_record_release(&rec);
        return error_json(msg, code, BC_USAGE);
    }
    return record_json(&rec, st, code);
}

void bc_api_free(char *s)
{
    cJSON_free(s);
}
