/* minimize.c -- BFGS via gsl_multimin (see minimize.h). */
#include "core/minimize.h"
#include "core/status.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_multimin.h>

typedef struct {
    bc_min_fdf fdf;
    void *ctx;
} adapter;

static double a_f(const gsl_vector *x, void *p)
{
    adapter *a = p;
    return a->fdf(x->data, NULL, a->ctx);
}

static void a_df(const gsl_vector *x, void *p, gsl_vector *g)
{
    adapter *a = p;
    a->fdf(x->data, g->data, a->ctx);
}

static void a_fdf(const gsl_vector *x, void *p, double *f, gsl_vector *g)
{
    adapter *a = p;
    *f = a->fdf(x->data, g->data, a->ctx);
}

static double vnorm(const gsl_vector *v)
{
    double s = 0.0;
    for (size_t i = 0; i < v->size; i++)
        s += gsl_vector_get(v, i) * gsl_vector_get(v, i);
    return sqrt(s);
}

int bc_min_bfgs(bc_min_fdf fdf, void *ctx, size_t d, double *x, double gtol,
                size_t maxit, double *fmin, double *gnorm)
{
    adapter a = {fdf, ctx};
    gsl_multimin_function_fdf fn = {a_f, a_df, a_fdf, d, &a};
    gsl_multimin_fdfminimizer *s =
        gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, d);
    gsl_vector *x0 = gsl_vector_alloc(d);
    if (s == NULL || x0 == NULL) {
        gsl_multimin_fdfminimizer_free(s);
        gsl_vector_free(x0);
        return BC_ENOMEM;
    }
    memcpy(x0->data, x, d * sizeof *x);
    gsl_multimin_fdfminimizer_set(s, &fn, x0, 0.1, 0.1);
    for (size_t it = 0; it < maxit; it++) {
        if (gsl_multimin_fdfminimizer_iterate(s) != GSL_SUCCESS)
            break;
        if (vnorm(s->gradient) <= gtol)
            break;
    }
    memcpy(x, s->x->data, d * sizeof *x);
    *fmin = s->f;
    *gnorm = vnorm(s->gradient);
    int st = isfinite(*fmin) && *gnorm <= gtol ? BC_SUCCESS : BC_ENOCONV;
    gsl_multimin_fdfminimizer_free(s);
    gsl_vector_free(x0);
    return st;
}
