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
            snprintf(msg, len, "option --%s: %lld is out of range [%.17g, %.17g]",
                     s->name, v, s->lo, s->hi);
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
            snprintf(msg, len, "option --%s: %.17g is out of range %c%.17g, %.17g]",
                     s->name, v, s->lo_open ? '(' : '[', s->lo, s->hi);
            return BC_EINVAL;
        }
        p->real[i] = v;
        break;
    }
    case BC_PARAM_CHOICE:
        if (!choice_ok(s->choices, text)) {
            snprintf(msg, len, "option --%s: '%s' is not one of %s", s->name, text,
                     s->choices);
            return BC_EINVAL;
        }
        break;
    case BC_PARAM_PATH:
        break;
    }
    strcpy(p->text[i], text);
    return BC_SUCCESS;
}

int bc_params_set(bc_params *p, const char *name, const char *text, char *msg,
                  size_t len)
{
    int i = bc_params_find(p, name);
    if (i < 0) {
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
