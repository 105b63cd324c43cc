/* status.h -- the one status enum every library function returns.
 *
 * In the spirit of gsl_errno.h: 0 is success, everything else says what
 * went wrong. The library never exits, aborts or prints; programs turn a
 * status into a message and an exit code. */
#ifndef BC_STATUS_H
#define BC_STATUS_H

typedef enum {
    BC_SUCCESS = 0,
    BC_EINVAL = 1,    /* invalid argument (LAPACKE info < 0 maps here) */
    BC_EBADLEN = 2,   /* sizes that do not agree, or a fixed table is full */
    BC_ENOMEM = 3,    /* allocation failed, or a size does not fit in memory */
    BC_ENOCONV = 4,   /* an iterative method did not converge */
    BC_ENUMERIC = 5,  /* NaN, Inf, divergence (LAPACKE info > 0 maps here) */
    BC_EIO = 6,       /* a file could not be read or written */
    BC_EFORMAT = 7,   /* a data file is malformed */
    BC_EDOMAIN = 8,   /* an iterate left the region where the constants are certified */
    BC_EHYPOTHESIS = 9, /* a trial: the statement's hypothesis fails in this trial (a
                          run that diverges where a bounded gradient is assumed); the
                          runner records it and the statement claims nothing */
    BC_ETIME = 10       /* a run passed its deadline (bc_run_opts.deadline) */
} bc_status;

/* A short human-readable name of a status ("no memory", ...). */
const char *bc_status_str(int status);

#endif
