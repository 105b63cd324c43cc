/* opts.c -- one command-line grammar (see opts.h). */
#include "app/opts.h"
#include "app/cli.h"
#include "core/stats.h"
#include "core/status.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const bc_opt *find_opt(const bc_opt *opts, size_t n, const char *name, size_t nlen)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(opts[i].name) == nlen && strncmp(opts[i].name, name, nlen) == 0)
            return &opts[i];
    return NULL;
}

/* bc_params_find for the first nlen characters of name (a word's name
 * before its '='); -1 when p is NULL. */
static int find_param(const bc_params *p, const char *name, size_t nlen)
{
    char word[64];
    if (p == NULL || nlen >= sizeof word)
        return -1;
    snprintf(word, sizeof word, "%.*s", (int)nlen, name);
    return bc_params_find(p, word);
}

/* The value of one option, parsed strictly into its destination. */
static int set_opt(const bc_opt *o, const char *v, char *msg, size_t len)
{
    long long ll;
    double x;
    char a[32], b[32];
    switch (o->kind) {
    case BC_OPT_FLAG:
        if (o->dest != NULL)
            *(int *)o->dest = 1;
        return BC_SUCCESS;
    case BC_OPT_INT:
        if (bc_parse_int(v, &ll) != 0 || (double)ll < o->lo || (double)ll > o->hi) {
            snprintf(msg, len, "option --%s: '%s' is not an integer in [%s, %s]", o->name, v,
                     bc_fmt_real(o->lo, a, sizeof a), bc_fmt_real(o->hi, b, sizeof b));
            return BC_EINVAL;
        }
        *(long long *)o->dest = ll;
        return BC_SUCCESS;
    case BC_OPT_REAL:
        if (bc_parse_real(v, &x) != 0 || x < o->lo || x > o->hi) {
            snprintf(msg, len, "option --%s: '%s' is not a number in [%s, %s]", o->name, v,
                     bc_fmt_real(o->lo, a, sizeof a), bc_fmt_real(o->hi, b, sizeof b));
            return BC_EINVAL;
        }
        *(double *)o->dest = x;
        return BC_SUCCESS;
    case BC_OPT_U64: {
        unsigned long long u;
        if (bc_parse_u64(v, &u) != 0) {
            snprintf(msg, len, "option --%s: '%s' is not a non-negative 64-bit integer", o->name, v);
            return BC_EINVAL;
        }
        *(uint64_t *)o->dest = (uint64_t)u;
        return BC_SUCCESS;
    }
    case BC_OPT_TEXT:
        *(const char **)o->dest = v;
        return BC_SUCCESS;
    case BC_OPT_CALL:
    case BC_OPT_ACTION:
        return o->call(o->dest, v, msg, len) != 0 ? BC_EINVAL : BC_SUCCESS;
    }
    return BC_EINVAL;
}

/* "unknown option '--x' (did you mean --y? see --help)" over every name
 * (bc_cli_unknown). */
static int unknown(const bc_opt *opts, size_t n, const bc_params *p, const char *what,
                   const char *arg, char *msg, size_t len)
{
    const char *names[64 + BC_PARAMS_MAX];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 64; i++)
        names[k++] = opts[i].name;
    names[k++] = "help";
    for (size_t i = 0; p != NULL && i < p->n; i++)
        names[k++] = p->spec[i].name;
    bc_cli_unknown(msg, len, what, arg, names, k);
    return BC_EINVAL;
}

int bc_opts_parse(const bc_opt *opts, size_t n, bc_params *p, int argc, char **argv,
                  int first, const char **pos, size_t maxpos, size_t *npos, char *msg,
                  size_t len)
{
    size_t np = 0;
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
            return BC_OPTS_HELP;
        const char *eq = strchr(arg, '=');
        if (strncmp(arg, "--", 2) == 0 && arg[2] != '\0') {
            const char *name = arg + 2;
            size_t nlen = eq != NULL ? (size_t)(eq - name) : strlen(name);
            const bc_opt *o = find_opt(opts, n, name, nlen);
            int pi = o == NULL ? find_param(p, name, nlen) : -1;
            if (o == NULL && pi < 0)
                return unknown(opts, n, p, "unknown option", arg, msg, len);
            if (o != NULL && (o->kind == BC_OPT_FLAG || o->kind == BC_OPT_ACTION)) {
                if (eq != NULL) {
                    snprintf(msg, len, "option --%s takes no value", o->name);
                    return BC_EINVAL;
                }
                if (set_opt(o, NULL, msg, len) != 0)
                    return BC_EINVAL;
                continue;
            }
            const char *v = eq != NULL ? eq + 1 : NULL;
            if (v == NULL) {
                if (i + 1 >= argc) {
                    snprintf(msg, len, "option --%.*s needs a value", (int)nlen, name);
                    return BC_EINVAL;
                }
                v = argv[++i];
            }
            int st = o != NULL ? set_opt(o, v, msg, len)
                               : bc_params_set(p, p->spec[pi].name, v, msg, len);
            if (st != 0)
                return BC_EINVAL;
            continue;
        }
        if (eq != NULL && arg[0] != '-' && arg[0] != '/' && arg[0] != '.') {
            /* NAME=VALUE: a parameter, or an option that takes a value */
            size_t nlen = (size_t)(eq - arg);
            const bc_opt *o = find_opt(opts, n, arg, nlen);
            int pi = o == NULL ? find_param(p, arg, nlen) : -1;
            if (o != NULL && o->kind != BC_OPT_FLAG && o->kind != BC_OPT_ACTION) {
                if (set_opt(o, eq + 1, msg, len) != 0)
                    return BC_EINVAL;
                continue;
            }
            if (pi >= 0) {
                if (bc_params_set(p, p->spec[pi].name, eq + 1, msg, len) != 0)
                    return BC_EINVAL;
                continue;
            }
            if (p != NULL || o != NULL)
                return unknown(opts, n, p, "unknown parameter", arg, msg, len);
        }
        if (arg[0] == '-' && arg[1] != '\0')
            return unknown(opts, n, p, "unknown option", arg, msg, len);
        if (np >= maxpos)
            return unknown(opts, n, p, "unexpected argument", arg, msg, len);
        pos[np++] = arg;
    }
    if (npos != NULL)
        *npos = np;
    return BC_SUCCESS;
}

int bc_opts_has(int argc, char **argv, int first, const char *name)
{
    for (int i = first; i < argc; i++)
        if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, name) == 0)
            return 1;
    return 0;
}

void bc_opts_usage(FILE *out, const bc_opt *opts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (opts[i].help != NULL)
            fprintf(out, "  --%-14s %s\n", opts[i].name, opts[i].help);
}

int bc_opts_alpha(void *dest, const char *v, char *msg, size_t len)
{
    double *alpha = dest;
    if (bc_parse_real(v, alpha) != 0 || !(*alpha > 0.0 && *alpha < 0.5)) {
        snprintf(msg, len, "option --alpha: '%s' is not a number in (0, 0.5)", v);
        return BC_EINVAL;
    }
    return BC_SUCCESS;
}

int bc_opts_ci(void *dest, const char *v, char *msg, size_t len)
{
    bc_ci_method *m = dest;
    int k = bc_stats_method_parse(v);
    if (k < 0) {
        snprintf(msg, len, "option --ci: '%s' is not one of range|hoeffding|bernstein|t", v);
        return BC_EINVAL;
    }
    *m = (bc_ci_method)k;
    return BC_SUCCESS;
}

void bc_opts_named(const bc_params *p, int argc, char **argv, int first, char *list, size_t len)
{
    list[0] = '\0';
    for (int i = first; i < argc; i++) {
        const char *w = strncmp(argv[i], "--", 2) == 0 ? argv[i] + 2 : argv[i];
        size_t nlen = strcspn(w, "=");
        if (w == argv[i] && w[nlen] != '=')
            continue;   /* neither --name nor name=value */
        int k = find_param(p, w, nlen);
        if (k < 0 || bc_params_held(list, p->spec[k].name))
            continue;
        size_t used = strlen(list);
        if (used + strlen(p->spec[k].name) + 2 < len)
            snprintf(list + used, len - used, "%s%s", used ? "," : "", p->spec[k].name);
    }
}
