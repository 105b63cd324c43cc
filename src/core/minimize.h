/* minimize.h -- unconstrained smooth minimisation through GSL's multimin
 * (vector_bfgs2), behind a plain-array interface. */
#ifndef BC_MINIMIZE_H
#define BC_MINIMIZE_H

#include <stddef.h>

/* Returns f(x); writes grad f(x) into g when g is not NULL. */
typedef double (*bc_min_fdf)(const double *x, double *g, void *ctx);

/* Minimises from x (overwritten by the last iterate) until ||grad|| <= gtol
 * or maxit iterations or GSL reports no progress. BC_SUCCESS when
 * ||grad|| <= gtol at the end, BC_ENOCONV otherwise (x, fmin, gnorm are
 * still the last iterate's). */
int bc_min_bfgs(bc_min_fdf fdf, void *ctx, size_t d, double *x, double gtol,
                size_t maxit, double *fmin, double *gnorm);

#endif
