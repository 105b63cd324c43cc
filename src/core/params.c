/* params.c -- strict parsing of a check's declared parameters. */
#include "core/params.h"
#include "core/io.h"
#include "core/status.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* strtod and strtoll skip leading white space; a strict parser does not. */
static int bad_start(const char *s)
{
    return s == NULL || *s == '\0' || isspace((unsigned char)*s);
}

int bc_parse_real(const char *s, double *out)
{
    char *end;
    if (bad_start(s))
        return BC_EINVAL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
        return BC_EINVAL;
    *out = v;
    return BC_SUCCESS;
}

int bc_parse_int(const char *s, long long *out)
{
    char *end;
    if (bad_start(s))
        return BC_EINVAL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE)
        return BC_EINVAL;
    *out = v;
    return BC_SUCCESS;
}

int bc_parse_u64(const char *s, unsigned long long *out)
{
    char *end;
    if (bad_start(s) || *s == '-' || *s == '+')
        return BC_EINVAL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE)
        return BC_EINVAL;
    *out = v;
    return BC_SUCCESS;
}

int bc_params_find(const bc_params *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->spec[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int choice_ok(const char *choices, const char *s)
{
    size_t len = strlen(s);
    const char *c = choices;
    while (c != NULL && *c != '\0') {
        const char *bar = strchr(c, '|');
        size_t w = bar ? (size_t)(bar - c) : strlen(c);
        if (w == len && strncmp(c, s, len) == 0)
            return 1;
        c = bar ? bar + 1 : NULL;
    }
    return 0;
}

/* The value of parameter i into the argument struct (BC_INT_ARG). A word
 * longer than its field is cut (a descriptor bug that a test catches). */
static void decode(bc_params *p, size_t i)
{
    const bc_param_spec *s = &p->spec[i];
    if (s->arg == 0 || s->arg - 1 + s->arg_size > BC_ARGS_MAX)
        return;
    unsigned char *at = p->args + s->arg - 1;
    if (s->type == BC_PARAM_INT && s->arg_size == sizeof(long long))
        memcpy(at, &p->integer[i], sizeof(long long));
    else if (s->type == BC_PARAM_REAL && s->arg_size == sizeof(double))
        memcpy(at, &p->real[i], sizeof(double));
    else if (s->type == BC_PARAM_CHOICE || s->type == BC_PARAM_PATH)
        snprintf((char *)at, s->arg_size, "%s", p->text[i]);
}

static int set_index(bc_params *p, size_t i, const char *text, char *msg,
                     size_t len)
{
    const bc_param_spec *s = &p->spec[i];
    if (strlen(text) >= BC_PARAM_TEXT) {
        snprintf(msg, len, "option --%s: value longer than %d characters",
                 s->name, BC_PARAM_TEXT - 1);
        return BC_EINVAL;
    }
    switch (s->type) {
    case BC_PARAM_INT: {
        long long v;
        if (bc_parse_int(text, &v) != 0) {
            snprintf(msg, len, "option --%s: '%s' is not an integer", s->name, text);
            return BC_EINVAL;
        }
        if ((double)v < s->lo || (double)v > s->hi) {
            char a[32], b[32];
            snprintf(msg, len, "option --%s: %lld is out of range [%s, %s]", s->name, v,
                     bc_fmt_real(s->lo, a, sizeof a), bc_fmt_real(s->hi, b, sizeof b));
            return BC_EINVAL;
        }
        p->integer[i] = v;
        p->real[i] = (double)v;
        break;
    }
    case BC_PARAM_REAL: {
        double v;
        if (bc_parse_real(text, &v) != 0) {
            snprintf(msg, len, "option --%s: '%s' is not a finite number", s->name, text);
            return BC_EINVAL;
        }
        if (v < s->lo || v > s->hi || (s->lo_open && v == s->lo)) {
            char a[32], b[32], c[32];
            snprintf(msg, len, "option --%s: %s is out of range %c%s, %s]", s->name,
                     bc_fmt_real(v, a, sizeof a), s->lo_open ? '(' : '[',
                     bc_fmt_real(s->lo, b, sizeof b), bc_fmt_real(s->hi, c, sizeof c));
            return BC_EINVAL;
        }
        p->real[i] = v;
        break;
    }
    case BC_PARAM_CHOICE:
        if (!choice_ok(s->choices, text)) {
            char words[BC_PARAM_TEXT];
            const char *w[32];
            size_t nw = 0;
            snprintf(words, sizeof words, "%s", s->choices);
            for (char *sv = NULL, *t = strtok_r(words, "|", &sv); t != NULL && nw < 32;
                 t = strtok_r(NULL, "|", &sv))
                w[nw++] = t;
            const char *near = bc_params_nearest(text, w, nw);
            if (near != NULL)
                snprintf(msg, len, "option --%s: '%s' is not one of %s (did you mean '%s'?)",
                         s->name, text, s->choices, near);
            else
                snprintf(msg, len, "option --%s: '%s' is not one of %s", s->name, text,
                         s->choices);
            return BC_EINVAL;
        }
        break;
    case BC_PARAM_PATH:
        break;
    }
    strcpy(p->text[i], text);
    decode(p, i);
    return BC_SUCCESS;
}

char *bc_fmt_real(double v, char *buf, size_t len)
{
    if (v == floor(v) && fabs(v) < 1e15) {   /* an integer reads as one: 20, not 2e+01 */
        snprintf(buf, len, "%.0f", v);
        return buf;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

/* Levenshtein distance of a and b (each at most 63 characters counted). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[64];
    la = la > 63 ? 63 : la;
    lb = lb > 63 ? 63 : lb;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            best = up + 1 < best ? up + 1 : best;
            best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
            diag = up;
            row[j] = best;
        }
    }
    return row[lb];
}

const char *bc_params_nearest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t bd = (size_t)-1, wl = strlen(word);
    size_t limit = wl / 3 > 2 ? wl / 3 : 2;
    for (size_t i = 0; i < n; i++) {
        size_t dd = edit_distance(word, names[i]);
        /* a prefix of a name is a likely abbreviation too */
        if (wl >= 3 && strncmp(names[i], word, wl) == 0)
            dd = dd < 1 ? dd : 1;
        if (dd < bd) {
            bd = dd;
            best = names[i];
        }
    }
    return bd <= limit ? best : NULL;
}

int bc_params_set(bc_params *p, const char *name, const char *text, char *msg,
                  size_t len)
{
    int i = bc_params_find(p, name);
    if (i < 0) {
        const char *names[BC_PARAMS_MAX];
        for (size_t k = 0; k < p->n; k++)
            names[k] = p->spec[k].name;
        const char *near = bc_params_nearest(name, names, p->n);
        if (near != NULL)
            snprintf(msg, len, "unknown parameter '%s' (did you mean '%s'?)", name, near);
        else
            snprintf(msg, len, "unknown parameter '%s'", name);
        if (len > 0)
            bc_io_one_line(msg);
        return BC_EINVAL;
    }
    int st = set_index(p, (size_t)i, text, msg, len);
    if (st != BC_SUCCESS && len > 0)
        bc_io_one_line(msg);   /* the value is echoed: keep the message one line */
    return st;
}

int bc_params_init(bc_params *p, const bc_param_spec *spec, size_t n, char *msg,
                   size_t len)
{
    if (n > BC_PARAMS_MAX)
        return BC_EBADLEN;
    memset(p, 0, sizeof *p);
    p->spec = spec;
    p->n = n;
    for (size_t i = 0; i < n; i++) {
        int st = set_index(p, i, spec[i].def ? spec[i].def : "", msg, len);
        if (st != 0)
            return st;
    }
    return BC_SUCCESS;
}

int bc_params_apply_profile(bc_params *p, const char *profile, char *msg,
                            size_t len)
{
    char buf[1024];
    if (profile == NULL)
        return BC_SUCCESS;
    if (strlen(profile) >= sizeof buf) {
        snprintf(msg, len, "profile '%.40s...' is longer than %zu characters", profile,
                 sizeof buf - 1);
        return BC_EBADLEN;
    }
    strcpy(buf, profile);
    for (char *save = NULL, *tok = strtok_r(buf, " ", &save); tok != NULL;
         tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        if (eq == NULL)
            continue;
        *eq = '\0';
        if (bc_params_find(p, tok) < 0)
            continue;
        int st = bc_params_set(p, tok, eq + 1, msg, len);
        if (st != 0)
            return st;
    }
    return BC_SUCCESS;
}

long long bc_params_int(const bc_params *p, const char *name)
{
    int i = bc_params_find(p, name);
    return i < 0 ? 0 : p->integer[i];
}

double bc_params_real(const bc_params *p, const char *name)
{
    int i = bc_params_find(p, name);
    return i < 0 ? NAN : p->real[i];
}

const char *bc_params_str(const bc_params *p, const char *name)
{
    int i = bc_params_find(p, name);
    return i < 0 ? "" : p->text[i];
}

size_t bc_params_profile_trials(const char *profile)
{
    const char *t = profile != NULL ? strstr(profile, "trials=") : NULL;
    return t != NULL ? (size_t)strtoull(t + 7, NULL, 10) : 0;
}

void bc_params_put_int(bc_params *p, const char *name, long long v)
{
    int i = bc_params_find(p, name);
    if (i < 0 || p->spec[i].type != BC_PARAM_INT)
        return;
    v = v < (long long)p->spec[i].lo ? (long long)p->spec[i].lo : v;
    v = (double)v > p->spec[i].hi ? (long long)p->spec[i].hi : v;
    char buf[32], msg[128];
    snprintf(buf, sizeof buf, "%lld", v);
    bc_params_set(p, name, buf, msg, sizeof msg);
}

int bc_params_held(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *s = list; s != NULL && *s != '\0';) {
        const char *c = strchr(s, ',');
        size_t w = c != NULL ? (size_t)(c - s) : strlen(s);
        if (w == n && strncmp(s, name, n) == 0)
            return 1;
        s = c != NULL ? c + 1 : NULL;
    }
    return 0;
}
