/* params.h -- a check's parameters: declared once, parsed strictly.
 *
 * Each check declares its parameters as a table of bc_param_spec (name,
 * type, default, valid range, help). Values arrive as text (command line,
 * --quick profile, a sweep) and are parsed strictly: trailing garbage, NaN,
 * Inf, out-of-range and empty values are rejected with a message a person
 * can act on. */
#ifndef BC_PARAMS_H
#define BC_PARAMS_H

#include <stddef.h>

typedef enum {
    BC_PARAM_INT = 0,   /* integer in [lo, hi] */
    BC_PARAM_REAL,      /* finite real in [lo, hi] ((lo, hi] when lo_open) */
    BC_PARAM_CHOICE,    /* one of the '|'-separated words in choices */
    BC_PARAM_PATH       /* a file path; "" means none */
} bc_param_type;

typedef struct {
    const char *name;     /* the option is --name */
    bc_param_type type;
    const char *def;      /* default as text */
    double lo, hi;        /* range for INT and REAL */
    int lo_open;          /* 1 when lo itself is excluded (a step h > 0) */
    const char *choices;  /* "frozen|fresh|both" for CHOICE */
    const char *help;
} bc_param_spec;

#define BC_PARAMS_MAX 32
#define BC_PARAM_TEXT 1024

typedef struct {
    const bc_param_spec *spec;
    size_t n;
    double real[BC_PARAMS_MAX];
    long long integer[BC_PARAMS_MAX];
    char text[BC_PARAMS_MAX][BC_PARAM_TEXT];
} bc_params;

/* Strict parsers: the whole string must be one finite number. */
int bc_parse_real(const char *s, double *out);
int bc_parse_int(const char *s, long long *out);
int bc_parse_u64(const char *s, unsigned long long *out);

/* Set every parameter to its default. Returns BC_EINVAL (with msg) if a
 * default is itself invalid -- a bug in the descriptor. */
int bc_params_init(bc_params *p, const bc_param_spec *spec, size_t n,
                   char *msg, size_t len);

/* Set the parameter called name from text. On error returns BC_EINVAL and
 * writes "option --k: ..." into msg. */
int bc_params_set(bc_params *p, const char *name, const char *text,
                  char *msg, size_t len);

/* Apply "name=value name=value ..." (a --quick profile); names not among
 * the parameters are skipped so that common options can live there too. */
int bc_params_apply_profile(bc_params *p, const char *profile, char *msg,
                            size_t len);

/* The trials=N of a profile (common options live there too), or 0. */
size_t bc_params_profile_trials(const char *profile);

/* Index of a parameter, or -1. */
int bc_params_find(const bc_params *p, const char *name);

/* Typed getters; the name must exist (a descriptor bug otherwise, which
 * returns 0 / NaN / ""). */
long long bc_params_int(const bc_params *p, const char *name);
double bc_params_real(const bc_params *p, const char *name);
const char *bc_params_str(const bc_params *p, const char *name);

#endif
