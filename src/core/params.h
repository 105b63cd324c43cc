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

/* The range over which the statement is claimed: what `boundcheck search`
 * covers. Every parameter declares one (a test checks it): a searched
 * range on a log or linear scale, a subset of a CHOICE's words, or FIXED
 * with the reason it is not searched (a tolerance, a file, an ablation
 * that is not the theorem). UNSET is a descriptor bug. */
typedef enum {
    BC_CLAIM_UNSET = 0,
    BC_CLAIM_LOG,        /* [lo, hi], lo > 0, log-uniform (integers rounded) */
    BC_CLAIM_LIN,        /* [lo, hi], uniform; a CHOICE: the words in choices */
    BC_CLAIM_FIXED       /* never searched; why says why */
} bc_claim_scale;

typedef struct {
    bc_claim_scale scale;
    double lo, hi;
    const char *choices;  /* CHOICE: the claimed words, '|'-separated */
    const char *why;      /* FIXED: the reason (printed by the search) */
    int cost;             /* 1: a run's cost grows in proportion to it (T, n, d) */
    const char *when;     /* "name=word": the parameter matters only when another
                             has that value (a tiny data form's coordinates); the
                             search's coverage and drivers count only those runs */
    int zero;             /* LOG: 0 is claimed too, below the range (a noise or a
                             perturbation that may vanish): the search gives it the
                             lowest tenth of the coordinate */
    int to_one;           /* LIN [lo, hi], hi < 1: half the draws linear on [lo, m],
                             half with 1 - x log-uniform in [1 - hi, 1 - m], 1 - m
                             the geometric mean of 1 - lo and 1 - hi: a parameter
                             whose constants blow up as it nears 1 (a momentum),
                             searched up to that edge */
} bc_claim;

/* Initialisers for bc_param_spec.claim, after the positional fields. */
#define BC_CLAIM_LOG(a, b) .claim = {BC_CLAIM_LOG, (a), (b), NULL, NULL, 0}
#define BC_CLAIM_LIN(a, b) .claim = {BC_CLAIM_LIN, (a), (b), NULL, NULL, 0}
/* {0} and [a, b] on a log scale (a > 0) */
#define BC_CLAIM_LOG0(a, b) .claim = {BC_CLAIM_LOG, (a), (b), NULL, NULL, 0, NULL, 1}
/* [a, b] (b < 1), the upper half of the coordinate with 1 - x on a log scale */
#define BC_CLAIM_TO1(a, b) .claim = {BC_CLAIM_LIN, (a), (b), NULL, NULL, 0, NULL, 0, 1}
/* a size that the run's cost is proportional to (the search lowers the
 * trials of a costly point, see search.h) */
#define BC_CLAIM_SIZE(a, b) .claim = {BC_CLAIM_LOG, (a), (b), NULL, NULL, 1}
#define BC_CLAIM_WORDS(w) .claim = {BC_CLAIM_LIN, 0, 0, (w), NULL, 0}
#define BC_CLAIM_FIXED(reason) .claim = {BC_CLAIM_FIXED, 0, 0, NULL, (reason), 0}
#define BC_CLAIM_LIN_WHEN(a, b, w) .claim = {BC_CLAIM_LIN, (a), (b), NULL, NULL, 0, (w)}

typedef struct {
    const char *name;     /* the option is --name */
    bc_param_type type;
    const char *def;      /* default as text */
    double lo, hi;        /* range for INT and REAL */
    int lo_open;          /* 1 when lo itself is excluded (a step h > 0) */
    const char *choices;  /* "frozen|fresh|both" for CHOICE */
    const char *help;
    bc_claim claim;       /* the range the statement is claimed over */
    /* Where the decoded value lives in the check's argument struct: its
     * offset + 1 (0: not decoded, read by name) and its size; set with
     * BC_INT_ARG, BC_REAL_ARG or BC_WORD_ARG, which refuse to compile
     * when the field's type is not the parameter's. */
    size_t arg, arg_size;
} bc_param_spec;

/* The typed parameters: a check declares one struct of its parameters
 * (long long for INT, double for REAL, a char array for CHOICE and PATH)
 * and ends each spec row with the field it decodes into:
 *   {"T", BC_PARAM_INT, "100", ..., BC_CLAIM_SIZE(10, 1e5), BC_INT_ARG(args, T)},
 * Every value set (default, option, profile, search) is decoded there, and
 * BC_ARGS(p, args) gives the struct: a misspelt field does not compile
 * where a misspelt name in bc_params_real(p, "name") would return NaN. */
#define BC_TYPED_ARG_(T, f, ty)                                                                \
    .arg = offsetof(T, f) + 1,                                                                 \
    .arg_size = sizeof(((T *)0)->f) + 0 * sizeof(char[_Generic(((T *)0)->f, ty: 1, default: -1)])
#define BC_INT_ARG(T, f) BC_TYPED_ARG_(T, f, long long)
#define BC_REAL_ARG(T, f) BC_TYPED_ARG_(T, f, double)
#define BC_WORD_ARG(T, f) BC_TYPED_ARG_(T, f, char *)
/* The size every argument struct fits in; a CHOICE's field. */
#define BC_ARGS_MAX 4096
#define BC_WORD_MAX 32

#define BC_PARAMS_MAX 48
#define BC_PARAM_TEXT 1024

typedef struct {
    const bc_param_spec *spec;
    size_t n;
    double real[BC_PARAMS_MAX];
    long long integer[BC_PARAMS_MAX];
    char text[BC_PARAMS_MAX][BC_PARAM_TEXT];
    _Alignas(16) unsigned char args[BC_ARGS_MAX];   /* the decoded struct (BC_ARGS) */
} bc_params;

/* The check's argument struct of type T, decoded from p (see BC_INT_ARG). */
#define BC_ARGS(p, T)                                                                          \
    (((void)sizeof(char[sizeof(T) <= BC_ARGS_MAX ? 1 : -1])), (const T *)(p)->args)

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

/* Set an INT parameter from a number, clamped to its valid range (for
 * the search's bc_check.search_fix hooks); an unknown name is ignored. */
void bc_params_put_int(bc_params *p, const char *name, long long v);

/* Whether name is one of the comma-separated names in list (NULL: none). */
int bc_params_held(const char *list, const char *name);

/* Index of a parameter, or -1. */
int bc_params_find(const bc_params *p, const char *name);

/* v in the fewest significant digits that read back as v (1e-09, not
 * 1.0000000000000001e-09). Returns buf. */
char *bc_fmt_real(double v, char *buf, size_t len);

/* The name nearest to word (edit distance at most max(2, |word|/3), or a
 * name word abbreviates), to suggest after a misspelling; NULL if none. */
const char *bc_params_nearest(const char *word, const char *const *names, size_t n);

/* Typed getters; the name must exist (a descriptor bug otherwise, which
 * returns 0 / NaN / ""). */
long long bc_params_int(const bc_params *p, const char *name);
double bc_params_real(const bc_params *p, const char *name);
const char *bc_params_str(const bc_params *p, const char *name);

#endif
