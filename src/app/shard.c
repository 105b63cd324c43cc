/* shard.c -- shard files and their merge (see shard.h). */
#include "app/shard.h"
#include "core/io.h"
#include "core/status.h"
#include "core/version.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

int bc_shard_parse(const char *text, size_t *shard, size_t *nshards, char *msg, size_t len)
{
    long long i, n;
    char a[32], b[32];
    const char *slash = strchr(text, '/');
    if (slash != NULL && (size_t)(slash - text) < sizeof a && strlen(slash + 1) < sizeof b) {
        snprintf(a, sizeof a, "%.*s", (int)(slash - text), text);
        snprintf(b, sizeof b, "%s", slash + 1);
        if (bc_parse_int(a, &i) == 0 && bc_parse_int(b, &n) == 0 && i >= 0 && n >= 1
            && i < n && n <= 1000000) {
            *shard = (size_t)i;
            *nshards = (size_t)n;
            return 0;
        }
    }
    snprintf(msg, len, "option --shard: '%s' is not I/N with 0 <= I < N <= 1000000", text);
    return BC_EINVAL;
}

/* A double printed so that it reads back bit for bit (NaN as null). */
static cJSON *exact_number(double v)
{
    char buf[40];
    if (isnan(v))
        return cJSON_CreateNull();
    snprintf(buf, sizeof buf, "%.17g", v);
    return cJSON_CreateRaw(buf);
}

int bc_shard_write(const bc_record *rec, const bc_run_opts *o, const char *path)
{
    const bc_check *c = rec->check;
    char seed[32];
    cJSON *j = cJSON_CreateObject();
    if (j == NULL)
        return BC_ENOMEM;
    snprintf(seed, sizeof seed, "%" PRIu64, rec->seed);
    cJSON_AddStringToObject(j, "schema", BC_SHARD_SCHEMA);
    cJSON_AddStringToObject(j, "check", c->id);
    cJSON_AddStringToObject(j, "version", BC_VERSION);
    cJSON_AddStringToObject(j, "seed", seed);
    cJSON_AddNumberToObject(j, "trials", (double)rec->trials);
    cJSON_AddItemToObject(j, "alpha", exact_number(rec->alpha));
    cJSON_AddNumberToObject(j, "ci", o->ci_method);
    cJSON_AddBoolToObject(j, "quick", rec->quick);
    cJSON *ps = cJSON_AddObjectToObject(j, "params");
    for (size_t i = 0; i < rec->params.n; i++)
        cJSON_AddStringToObject(ps, rec->params.spec[i].name, rec->params.text[i]);
    cJSON_AddNumberToObject(j, "shard", (double)rec->shard);
    cJSON_AddNumberToObject(j, "shards", (double)rec->nshards);
    cJSON_AddNumberToObject(j, "first", (double)rec->trial_lo);
    cJSON_AddNumberToObject(j, "end", (double)rec->trial_hi);
    cJSON *qs = cJSON_AddArrayToObject(j, "quantities");
    for (size_t q = 0; q < rec->nq; q++)
        cJSON_AddItemToArray(qs, cJSON_CreateString(rec->q[q].name));
    cJSON_AddItemToObject(j, "wall_s", exact_number(rec->wall_s));
    cJSON *vs = cJSON_AddArrayToObject(j, "values");
    cJSON *as = cJSON_AddArrayToObject(j, "aux");
    for (size_t k = 0; k < (rec->trial_hi - rec->trial_lo) * rec->nq; k++) {
        cJSON_AddItemToArray(vs, exact_number(rec->values[k]));
        cJSON_AddItemToArray(as, exact_number(rec->aux[k]));
    }
    int st = bc_io_write_json(j, path, 0);
    cJSON_Delete(j);
    return st;
}

void bc_shard_free(bc_shard *sh)
{
    free(sh->values);
    free(sh->aux);
    sh->values = sh->aux = NULL;
}

/* A non-negative integer field that fits a size_t; -1 when absent or not. */
static int get_size(const cJSON *j, const char *key, size_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= 9007199254740992.0)
        || v->valuedouble != floor(v->valuedouble))
        return -1;
    *out = (size_t)v->valuedouble;
    return 0;
}

static int get_text(const cJSON *j, const char *key, char *out, size_t n)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    if (!cJSON_IsString(v) || strlen(v->valuestring) >= n)
        return -1;
    strcpy(out, v->valuestring);
    return 0;
}

/* An array of exactly n numbers (null reads as NaN). */
static int get_doubles(const cJSON *j, const char *key, size_t n, double *out)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, key), *e;
    size_t k = 0;
    if (!cJSON_IsArray(a) || (size_t)cJSON_GetArraySize(a) != n)
        return -1;
    cJSON_ArrayForEach(e, a) {
        if (cJSON_IsNull(e))
            out[k++] = NAN;
        else if (cJSON_IsNumber(e))
            out[k++] = e->valuedouble;
        else
            return -1;
    }
    return 0;
}

static int from_json(cJSON *j, const char *path, bc_shard *sh, char *msg, size_t len);

int bc_shard_read(const char *path, bc_shard *sh, char *msg, size_t len)
{
    cJSON *j = bc_io_read_json(path);
    if (j == NULL) {
        memset(sh, 0, sizeof *sh);
        snprintf(msg, len, "'%s' cannot be read or is not JSON", path);
        return BC_EINVAL;
    }
    return from_json(j, path, sh, msg, len);
}

int bc_shard_parse_text(const char *text, size_t n, const char *name, bc_shard *sh, char *msg,
                        size_t len)
{
    cJSON *j = cJSON_ParseWithLength(text, n);
    if (j == NULL) {
        memset(sh, 0, sizeof *sh);
        snprintf(msg, len, "'%s' is not JSON", name);
        return BC_EINVAL;
    }
    return from_json(j, name, sh, msg, len);
}

/* Fills sh from a parsed shard file (and deletes j). */
static int from_json(cJSON *j, const char *path, bc_shard *sh, char *msg, size_t len)
{
    memset(sh, 0, sizeof *sh);
    snprintf(sh->path, sizeof sh->path, "%s", path);
    const char *bad = NULL;
    char schema[64] = "", seed[32] = "";
    unsigned long long u;
    const cJSON *ci = cJSON_GetObjectItemCaseSensitive(j, "ci");
    const cJSON *quick = cJSON_GetObjectItemCaseSensitive(j, "quick");
    const cJSON *ps = cJSON_GetObjectItemCaseSensitive(j, "params");
    const cJSON *qs = cJSON_GetObjectItemCaseSensitive(j, "quantities");
    double alpha[1], wall[1];
    if (get_text(j, "schema", schema, sizeof schema) != 0 || strcmp(schema, BC_SHARD_SCHEMA) != 0)
        bad = "it is not a shard file (schema " BC_SHARD_SCHEMA ")";
    else if (get_text(j, "check", sh->check, sizeof sh->check) != 0
             || get_text(j, "version", sh->version, sizeof sh->version) != 0)
        bad = "field check or version is missing";
    else if (get_text(j, "seed", seed, sizeof seed) != 0 || bc_parse_u64(seed, &u) != 0)
        bad = "field seed is not a 64-bit integer";
    else if (get_size(j, "trials", &sh->trials) != 0 || get_size(j, "shard", &sh->shard) != 0
             || get_size(j, "shards", &sh->nshards) != 0 || get_size(j, "first", &sh->lo) != 0
             || get_size(j, "end", &sh->hi) != 0)
        bad = "a field of trials, shard, shards, first, end is not a non-negative integer";
    else if (sh->trials < 1 || sh->nshards < 2 || sh->shard >= sh->nshards || sh->lo > sh->hi
             || sh->hi > sh->trials)
        bad = "fields trials, shard, shards, first, end are inconsistent";
    else if (!cJSON_IsNumber(ci) || ci->valuedouble < -1 || ci->valuedouble > 3
             || !cJSON_IsBool(quick))
        bad = "field ci or quick is malformed";
    else if (!cJSON_IsObject(ps) || !cJSON_IsArray(qs) || cJSON_GetArraySize(qs) < 1
             || cJSON_GetArraySize(qs) > BC_REC_Q_MAX)
        bad = "field params or quantities is malformed";
    if (bad == NULL) {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "alpha");
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(j, "wall_s");
        alpha[0] = cJSON_IsNumber(a) ? a->valuedouble : NAN;
        wall[0] = cJSON_IsNumber(w) ? w->valuedouble : NAN;
        if (!(alpha[0] > 0 && alpha[0] < 0.5) || !(wall[0] >= 0))
            bad = "field alpha or wall_s is malformed";
    }
    if (bad == NULL) {
        sh->seed = u;
        sh->alpha = alpha[0];
        sh->wall_s = wall[0];
        sh->ci_method = (int)ci->valuedouble;
        sh->quick = cJSON_IsTrue(quick);
        const cJSON *e;
        cJSON_ArrayForEach(e, ps) {
            if (sh->nparams == BC_PARAMS_MAX || !cJSON_IsString(e) || e->string == NULL
                || strlen(e->string) >= sizeof sh->pname[0]
                || strlen(e->valuestring) >= sizeof sh->ptext[0]) {
                bad = "field params is malformed";
                break;
            }
            strcpy(sh->pname[sh->nparams], e->string);
            strcpy(sh->ptext[sh->nparams++], e->valuestring);
        }
        cJSON_ArrayForEach(e, qs) {
            if (bad != NULL || !cJSON_IsString(e) || strlen(e->valuestring) >= BC_REC_NAME) {
                bad = bad ? bad : "field quantities is malformed";
                break;
            }
            strcpy(sh->qname[sh->nq++], e->valuestring);
        }
    }
    if (bad == NULL) {
        size_t n = (sh->hi - sh->lo) * sh->nq;
        sh->values = malloc((n ? n : 1) * sizeof(double));
        sh->aux = malloc((n ? n : 1) * sizeof(double));
        if (sh->values == NULL || sh->aux == NULL)
            bad = "out of memory";
        else if (get_doubles(j, "values", n, sh->values) != 0
                 || get_doubles(j, "aux", n, sh->aux) != 0)
            bad = "fields values and aux must hold (end - first) x quantities numbers";
    }
    cJSON_Delete(j);
    if (bad != NULL) {
        snprintf(msg, len, "shard file '%s': %s", path, bad);
        bc_shard_free(sh);
        return BC_EINVAL;
    }
    return 0;
}

int bc_shard_merge(const bc_check *c, const bc_shard *sh, size_t n, int threads,
                   bc_record *rec, char *msg, size_t len)
{
    const bc_shard *s0 = &sh[0];
    memset(rec, 0, sizeof *rec);
    rec->check = c;   /* every return below leaves a record that can be printed */
    if (n != s0->nshards) {
        snprintf(msg, len, "check %s: %zu shard files given for a run split into %zu", c->id, n,
                 s0->nshards);
        return BC_USAGE;
    }
    if (strcmp(s0->version, BC_VERSION) != 0) {
        snprintf(msg, len, "'%s' was written by boundcheck %s, this is %s", s0->path,
                 s0->version, BC_VERSION);
        return BC_USAGE;
    }
    double *values = NULL, *aux = NULL;
    unsigned char *seen = calloc(n, 1);
    if (seen == NULL) {
        snprintf(rec->failure, sizeof rec->failure, "out of memory");
        return BC_FAILED;
    }
    double wall = 0.0;
    for (size_t i = 0; i < n; i++) {
        const bc_shard *s = &sh[i];
        size_t lo, hi;
        bc_shard_range(s0->trials, s->shard, s0->nshards, &lo, &hi);
        int same = strcmp(s->check, c->id) == 0 && strcmp(s->version, s0->version) == 0
                   && s->seed == s0->seed && s->trials == s0->trials
                   && s->nshards == s0->nshards && s->alpha == s0->alpha
                   && s->ci_method == s0->ci_method && s->quick == s0->quick
                   && s->nparams == s0->nparams && s->nq == s0->nq;
        for (size_t k = 0; same && k < s->nparams; k++)
            same = strcmp(s->pname[k], s0->pname[k]) == 0 && strcmp(s->ptext[k], s0->ptext[k]) == 0;
        if (!same) {
            free(seen);
            snprintf(msg, len, "'%s' and '%s' are shards of different runs (check, seed, trials, "
                     "parameters or options differ)", s->path, s0->path);
            return BC_USAGE;
        }
        if (s->lo != lo || s->hi != hi) {
            free(seen);
            snprintf(msg, len, "'%s': shard %zu/%zu should hold trials [%zu, %zu)", s->path,
                     s->shard, s->nshards, lo, hi);
            return BC_USAGE;
        }
        if (seen[s->shard]++) {
            free(seen);
            snprintf(msg, len, "shard %zu/%zu of %s is given twice ('%s')", s->shard, s->nshards,
                     c->id, s->path);
            return BC_USAGE;
        }
        wall += s->wall_s;
    }
    /* n == nshards distinct blocks, each where bc_shard_range puts it:
     * every trial is covered exactly once */
    free(seen);

    bc_params p;
    if (bc_params_init(&p, c->params, c->nparams, msg, len) != 0)
        return BC_USAGE;
    if (s0->nparams != c->nparams) {
        snprintf(msg, len, "'%s' has %zu parameters, check %s has %zu", s0->path, s0->nparams,
                 c->id, c->nparams);
        return BC_USAGE;
    }
    for (size_t k = 0; k < s0->nparams; k++)
        if (bc_params_set(&p, s0->pname[k], s0->ptext[k], msg, len) != 0)
            return BC_USAGE;
    size_t cells = s0->trials * s0->nq;
    if (s0->trials > SIZE_MAX / sizeof(double) / s0->nq
        || (values = malloc(cells * sizeof *values)) == NULL
        || (aux = malloc(cells * sizeof *aux)) == NULL) {
        free(values);
        snprintf(rec->failure, sizeof rec->failure, "cannot allocate the merged values");
        return BC_FAILED;
    }
    for (size_t i = 0; i < n; i++) {
        size_t off = sh[i].lo * s0->nq, cnt = (sh[i].hi - sh[i].lo) * s0->nq;
        memcpy(values + off, sh[i].values, cnt * sizeof *values);
        memcpy(aux + off, sh[i].aux, cnt * sizeof *aux);
    }
    bc_run_opts o;
    bc_run_opts_default(&o);
    o.seed = s0->seed;
    o.trials = s0->trials;
    o.alpha = s0->alpha;
    o.ci_method = s0->ci_method;
    o.quick = s0->quick;
    o.quiet = 1;
    o.threads = threads;
    const char *names[BC_REC_Q_MAX];
    for (size_t q = 0; q < s0->nq; q++)
        names[q] = s0->qname[q];
    int st = bc_runner_merge(c, &p, &o, names, s0->nq, values, aux, wall, rec, msg, len);
    free(values);
    free(aux);
    return st;
}

int bc_shard_merge_csv(const char *const *paths, size_t n, const char *out, char *msg,
                       size_t len)
{
    char **text = calloc(n, sizeof *text), **body = calloc(n, sizeof *body);
    char *header = NULL;
    size_t nshards = 0, hlen = 0;
    int st = BC_EINVAL;
    if (text == NULL || body == NULL) {
        free(text);
        free(body);
        snprintf(msg, len, "out of memory");
        return BC_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        size_t k, nn;
        int used = 0;
        char *t = bc_io_read_all(paths[i], NULL), *nl1, *nl2;
        if (t == NULL) {
            snprintf(msg, len, "'%s' cannot be read", paths[i]);
            goto out;
        }
        if (sscanf(t, BC_SWEEP_SHARD_LINE "%n", &k, &nn, &used) != 2 || used == 0
            || t[used] != '\n' || nn < 2 || k >= nn) {
            free(t);
            snprintf(msg, len, "'%s' is not a sweep shard (its first line is not '# boundcheck "
                     "sweep shard I/N')", paths[i]);
            goto out;
        }
        if (nshards == 0)
            nshards = nn;
        if (nn != nshards || n != nshards) {
            free(t);
            snprintf(msg, len, "'%s' is shard %zu/%zu, but %zu files of a split into %zu are "
                     "given", paths[i], k, nn, n, nshards);
            goto out;
        }
        if (text[k] != NULL) {
            free(t);
            snprintf(msg, len, "shard %zu/%zu is given twice ('%s')", k, nn, paths[i]);
            goto out;
        }
        text[k] = t;
        nl1 = t + used;
        nl2 = strchr(nl1 + 1, '\n');
        if (nl2 == NULL) {
            snprintf(msg, len, "'%s' has no header line", paths[i]);
            goto out;
        }
        if (header == NULL) {
            header = nl1 + 1;
            hlen = (size_t)(nl2 - nl1);
        } else if ((size_t)(nl2 - nl1) != hlen || memcmp(header, nl1 + 1, hlen) != 0) {
            snprintf(msg, len, "'%s' has another header than the first shard's", paths[i]);
            goto out;
        }
        body[k] = nl2 + 1;
    }
    bc_atomic_file f;
    if (bc_io_atomic_open(&f, out) != 0) {
        snprintf(msg, len, "cannot write '%s'", out);
        st = BC_EIO;
        goto out;
    }
    fwrite(header, 1, hlen, f.fp);
    for (size_t k = 0; k < nshards; k++)
        fputs(body[k], f.fp);
    st = bc_io_atomic_commit(&f);
    if (st != 0)
        snprintf(msg, len, "cannot write '%s'", out);
out:
    for (size_t i = 0; i < n; i++)
        free(text[i]);
    free(text);
    free(body);
    return st;
}
