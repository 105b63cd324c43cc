/* check.h -- a check is a descriptor; one generic runner does the rest.
 *
 * The descriptor names the theorem, declares its parameters, builds the
 * instance with its constants, preconditions and right-hand sides (setup),
 * and runs one Monte-Carlo trial (trial), or a batch of them (trial_batch).
 * A deterministic statement ("at every step") runs several trials too, each
 * from its own random start or instance, and is judged by its worst slack
 * over all of them (BC_Q_EXACT); an exactly computed expectation (--exact 1)
 * is judged without an interval. */
#ifndef BC_CHECK_H
#define BC_CHECK_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

#include "core/params.h"
#include "core/record.h"

/* A paper whose statements are checked: how a user finds and cites it.
 * Checks point to it; a test-only check or `boundcheck judge` has one with
 * no authors (nothing to cite). */
typedef struct bc_paper {
    const char *authors;     /* NULL: not a publication (nothing to cite) */
    const char *title;
    const char *venue;       /* "ICML 2022, PMLR 162" */
    const char *arxiv;       /* "2106.10771", or NULL */
    const char *text;        /* which text of it the checks were written from */
    const char *name;        /* the short title every record prints */
    const char *source;      /* the file id of that text */
} bc_paper;

/* "Authors. Title. Venue; arXiv:ID" into buf. Returns buf. */
char *bc_paper_cite(const bc_paper *p, char *buf, size_t len);

/* How a family of statements is checked: the instance, its workspace and
 * one trial. One per source file; the statements it serves are told apart
 * by the bc_check's variant, passed to validate and setup. */
typedef struct bc_method {
    /* Cross-parameter validation: NULL, or a message for the user. */
    const char *(*validate)(const bc_params *p, int variant, char *buf, size_t len);
    /* Fill the instance (inst_size zeroed bytes the runner allocated) and
     * rec's constants, preconditions, quantities and notes. BC_EINVAL
     * means bad input (msg says why, exit 2); any other nonzero status is
     * a failed run (exit 5). */
    int (*setup)(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                 size_t len);
    size_t inst_size;
    /* Frees what setup allocated inside the instance (NULL: nothing); the
     * runner frees the instance itself, after a failed setup too. */
    void (*free_instance)(void *inst);
    /* A per-thread workspace (may be NULL when none is needed). */
    void *(*ws_alloc)(const void *inst);
    void (*ws_free)(void *ws);
    /* One trial: writes rec->nq values, and for BC_Q_EXACT quantities where
     * the worst slack occurred (an iteration index, say) into aux (which
     * starts as NaN). Nonzero status fails the run. */
    int (*trial)(const void *inst, void *ws, gsl_rng *r, double *values, double *aux);
    /* Instead of trial, a trial that needs its index t (0-based): data
     * given trial by trial (boundcheck judge). */
    int (*trial_at)(const void *inst, void *ws, size_t t, gsl_rng *r, double *values,
                    double *aux);
    /* Optional, beside trial: `batch` trials at once (matrix-matrix work
     * where one trial is matrix-vector). Batches are fixed by the trial
     * index, batch j holding trials j batch .. j batch + batch - 1, and the
     * runner always computes a whole batch (discarding trials outside the
     * run's range), so a trial's numbers never depend on the shard split
     * or the thread count. r[k] is seeded for trial j batch + k; values and
     * aux are batch rows of nq; st[k] is trial k's status. ws comes from
     * ws_alloc, which must then hold a batch's work. */
    size_t batch;
    void (*trial_batch)(const void *inst, void *ws, gsl_rng *const *r, double *values,
                        double *aux, int *st);
    /* Optional, with trial_batch: 0 where this instance runs trial after
     * trial (nothing to share: CLARS's multiplicative noise), else batch.
     * Trial after trial then gives the numbers a batch would (its trial
     * function is what the batch calls), each trial on any thread, under
     * the run's deadline, and no trial outside the run's range computed. */
    int (*batched)(const void *inst);

    /* The search draws each parameter on its own; where parameters are
     * tied (T a multiple of k, bmin <= bmax), this moves a drawn point
     * onto the admissible set, leaving the names in held (comma-separated:
     * the user's fixed values, or NULL) alone where it can. NULL: validate
     * alone decides. */
    void (*search_fix)(bc_params *p, const char *held);
    /* The search's cost model: a run's work (any unit) with the given
     * trials, set-up included. NULL: trials x the product of the
     * parameters declared BC_CLAIM_SIZE. */
    double (*search_cost)(const bc_params *p, size_t trials);
} bc_method;

/* One statement: what is claimed, its parameters, and the method that
 * checks it. A new check is one of these (and, for a new family, one
 * bc_method) plus one line in registry.c: see README, "Adding a check". */
typedef struct bc_check {
    const char *id;          /* "<paper>.<statement>", e.g. "multirate.b4" */
    const bc_paper *paper;
    const char *statement;   /* "Theorem B.4" */
    const char *formula;     /* the inequality, in ASCII mathematics */
    const char *version;     /* which version of the statement is checked */
    const bc_param_spec *params;
    size_t nparams;
    size_t default_trials;
    const char *quick;       /* "trials=64 T=256": the CI-sized profile */
    const char *search_target; /* the quantity the search maximises (NULL:
                                  the largest over all); e.g. the theorem
                                  rather than an identity that is exact */
    /* Instances the search evaluates first, right after the base one:
     * families built to make a proof step the check's notes flag as
     * unjustified as wrong as possible ("k=256 l=2 n=2"), NULL-terminated;
     * NULL: none. */
    const char *const *search_presets;
    /* The proof steps reviewed for a check with no proof-gap family (or
     * beside them): printed as a note in every record ("Proof steps
     * examined: ..."), so a reader knows which steps were looked at and
     * found sound. NULL only for a check with search_presets. */
    const char *examined;
    int variant;             /* which of its method's statements (0 when one) */
    const bc_method *method;
} bc_check;

/* .params and .nparams of a descriptor from one static table. */
#define BC_CHECK_PARAMS(table) .params = (table), .nparams = sizeof(table) / sizeof((table)[0])

/* The workspace idiom in one place: ws when every allocation in it
 * succeeded (ok), else NULL after ws_free(ws) has released what did. */
void *bc_ws_ready(void *ws, int ok, void (*ws_free)(void *));

#endif
