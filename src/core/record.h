/* record.h -- everything one run of a check reports.
 *
 * A check's setup fills the instance part (constants with provenance,
 * preconditions, the quantities to estimate with their right-hand sides and
 * terms, notes); the runner fills the measured part (confidence intervals,
 * ratios, verdicts, timing). Output writers (output.h) read it. */
#ifndef BC_RECORD_H
#define BC_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "core/params.h"
#include "core/stats.h"
#include "core/verdict.h"

typedef enum {
    BC_PROV_EXACT = 0,   /* closed form, up to rounding */
    BC_PROV_CERTIFIED,   /* a proven bound in the safe direction */
    BC_PROV_ESTIMATED,   /* sampled or searched: verdicts become indicative */
    BC_PROV_GIVEN        /* given by the user (--L 0.5): verdicts are conditional on it */
} bc_provenance;

#define BC_REC_NAME 48
#define BC_REC_TEXT 240
#define BC_REC_NOTE 600
#define BC_REC_CONST_MAX 32
#define BC_REC_PRE_MAX 16
#define BC_REC_Q_MAX 16
#define BC_REC_TERM_MAX 8
#define BC_REC_NOTE_MAX 16

typedef struct {
    char name[BC_REC_NAME];
    double value;
    bc_provenance prov;
    char how[BC_REC_TEXT];      /* how it was obtained */
} bc_constant;

typedef struct {
    char name[BC_REC_NAME];
    int holds;
    int observed;               /* found by running the algorithm (a pilot run
                                   diverged), not by the parameters: when it
                                   fails the instance meets every stated
                                   condition and the failure is a finding */
    char detail[BC_REC_TEXT];
} bc_precondition;

typedef struct {
    char name[BC_REC_NAME];
    double value;
} bc_term;

/* How a quantity is judged (DESIGN.md, "What a check reports"):
 *   MEAN       an expectation: per-trial values, a confidence interval,
 *              compared with rhs
 *   EXACT      a deterministic inequality at every point: each trial
 *              returns its worst normalised slack (lhs - rhs) / scale; HOLDS
 *              when the worst over all trials is at most rtol. NaN means
 *              the statement's hypothesis did not apply in that trial (it
 *              is skipped); applying in no trial is a failed precondition
 *   FREQUENCY  "with probability at least 1 - delta": each trial returns 1
 *              (the event failed) or 0; Clopper-Pearson against delta
 *   MEASURED   a finding with no claim to judge (a statement resting on an
 *              approximation): mean, interval and extremes are reported and
 *              the quantity takes no part in the verdict. Trials may return
 *              NaN to mean "not applicable" (skipped). */
typedef enum { BC_Q_MEAN = 0, BC_Q_EXACT, BC_Q_FREQUENCY, BC_Q_MEASURED } bc_qkind;

typedef struct {
    char name[BC_REC_NAME];        /* "frozen", "fresh", ... */
    bc_qkind kind;
    double rtol;                   /* EXACT: tolerance on the normalised slack;
                                      MEASURED with slack: the same for the reading */
    int slack;                     /* MEASURED: the per-trial value is the normalised
                                      slack of another reading of the bound (a tighter,
                                      estimated constant, say): that reading fails above
                                      rtol (boundcheck search --objective reading) */
    int expectation;               /* EXACT: the slack of an expectation computed exactly
                                      (E LHS >= 0 against RHS > 0): the search weighs it
                                      as the ratio E/RHS, on a MEAN's scale */
    double delta;                  /* FREQUENCY: the claimed failure probability */
    double worst;                  /* EXACT: the largest slack over all trials */
    size_t worst_trial;            /* EXACT: where it occurred */
    double worst_aux;              /*   ... and the check's location (an iteration) */
    size_t failures;               /* FREQUENCY: the count of failed events;
                                      EXACT: of trials with slack above rtol */
    double vmin, vmax;             /* MEASURED: extremes over the applicable trials */
    char description[BC_REC_TEXT]; /* what the LHS is */
    double range_lo, range_hi;     /* known range of a per-trial value, or NaN */
    char range_why[BC_REC_TEXT];   /* why the range holds (or why t is used) */
    double rhs;
    bc_term terms[BC_REC_TERM_MAX];  /* the RHS's terms, summing to rhs */
    size_t nterms;
    bc_term alt[BC_REC_TERM_MAX];    /* other readings of the RHS: a second ratio each */
    size_t nalt;
    /* measured */
    bc_ci ci;
    double ratio;        /* mean / rhs */
    double ratio_upper;  /* upper / rhs */
    bc_verdict verdict;
} bc_quantity;

struct bc_check;

typedef struct {
    const struct bc_check *check;
    bc_params params;
    uint64_t seed;
    size_t trials;
    int threads;
    double alpha;
    int quick;
    size_t shard, nshards;     /* this record is block shard of nshards */
    size_t trial_lo, trial_hi; /* the trials it ran: [lo, hi) */
    bc_ci_method ci_method;
    bc_constant constants[BC_REC_CONST_MAX];
    size_t nconst;
    bc_precondition pre[BC_REC_PRE_MAX];
    size_t npre;
    bc_quantity q[BC_REC_Q_MAX];
    size_t nq;
    char notes[BC_REC_NOTE_MAX][BC_REC_NOTE];
    size_t nnotes;
    bc_verdict verdict;
    int indicative;            /* a constant is estimated */
    int conditional;           /* a constant was given by the user */
    int unjudged;              /* PRECONDITION found in the trials: no quantity judged */
    size_t outside;            /* trials whose hypothesis failed (BC_EHYPOTHESIS) */
    char failure[BC_REC_TEXT]; /* why FAILED, "" otherwise */
    size_t dropped;            /* builder calls refused (a full table, a bad index):
                                  the runner fails the run rather than lose them */
    double wall_s;
    double *values;            /* per-trial values, nq per row (row-major): the rows of
                                  trials [trial_lo, trial_hi), all of them but in a shard */
    double *aux;               /* the same shape: locations of the worst slack */
} bc_record;

/* The builders return BC_EBADLEN when a table is full (and count it in
 * r->dropped, which the runner turns into FAILED: an entry is never lost
 * silently, so a setup need not test every call). */
int bc_record_constant(bc_record *r, const char *name, double value,
                       bc_provenance prov, const char *how);
int bc_record_precondition(bc_record *r, const char *name, int holds,
                           const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Marks the last precondition added as observed (see bc_precondition). */
void bc_record_precondition_observed(bc_record *r);
/* Adds a quantity and returns its index (or -1 when full). range_lo and
 * range_hi NaN mean no known range (the t interval is used). */
int bc_record_quantity(bc_record *r, const char *name, const char *description,
                       double range_lo, double range_hi, const char *range_why);
/* An EXACT quantity: its trials return worst normalised slacks, judged
 * against rtol; rhs is 0 (the slack's bound). Returns its index or -1. */
int bc_record_quantity_exact(bc_record *r, const char *name,
                             const char *description, double rtol);
/* An EXACT quantity whose slack is that of an expectation computed exactly
 * (--exact 1: E LHS against the RHS, both nonnegative), so that a search
 * mixing exact and Monte-Carlo runs weighs both as ratios. */
int bc_record_quantity_expectation(bc_record *r, const char *name,
                                   const char *description, double rtol);
/* A FREQUENCY quantity: its trials return 1 (event failed) or 0, judged
 * against delta. Returns its index or -1. */
int bc_record_quantity_frequency(bc_record *r, const char *name,
                                 const char *description, double delta);
/* A MEASURED quantity (no verdict). The range [0, 1] declares an indicator
 * (its mean is a fraction, with a Clopper-Pearson interval); otherwise
 * pass NaN, NaN (t interval). */
int bc_record_quantity_measured(bc_record *r, const char *name,
                                const char *description, double range_lo,
                                double range_hi);
/* A MEASURED quantity whose per-trial value is the normalised slack of
 * another reading of the bound (with a tighter, estimated constant, say):
 * no verdict, but that reading fails above rtol (boundcheck search
 * --objective reading). Returns its index or -1. */
int bc_record_quantity_slack(bc_record *r, const char *name, const char *description,
                             double rtol);
/* Adds a term to quantity qi's RHS; rhs is kept as the sum of the terms. */
int bc_record_term(bc_record *r, int qi, const char *name, double value);
/* Adds another reading of the RHS to quantity qi (reported as a ratio). */
int bc_record_alt(bc_record *r, int qi, const char *name, double value);
int bc_record_note(bc_record *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A computed constant, and the user's value for it when given > 0 (the
 * option --opt): the computed one is then recorded as "name (exact)" or
 * "name (certified)" and the given one as name, provenance given (the
 * verdict becomes conditional). dir says which side of the computed value
 * a given one may fall outside the assumption on: +1 for an upper-bound
 * constant (L, M: a smaller value may fail), -1 for a lower-bound one
 * (lambda_0, mu: a larger value may fail); a note says so when it does.
 * Returns the value the bounds use (given, or the computed one). */
double bc_record_given(bc_record *r, const char *name, const char *opt, double value,
                       bc_provenance prov, const char *how, double given, int dir,
                       const char *assumption);

/* Looks up a constant's value by name (NaN when absent). */
double bc_record_get(const bc_record *r, const char *name);

const char *bc_provenance_name(bc_provenance p);

#endif
