/* owned.h -- for the experiment programs: everything they allocate is
 * registered here and released at exit, on every exit path, so that leak
 * checkers (LeakSanitizer, valgrind) see a clean program. */
#ifndef BC_EXP_OWNED_H
#define BC_EXP_OWNED_H

#include <stdlib.h>

typedef void (*bc_owned_free)(void *);

static struct {
    bc_owned_free fn;
    void *p;
} bc_owned[1024];
static size_t bc_nowned;

static void bc_owned_release(void)
{
    while (bc_nowned > 0) {
        bc_nowned--;
        bc_owned[bc_nowned].fn(bc_owned[bc_nowned].p);
    }
}

/* Registers p (freed by fn at exit) and returns it; the first call
 * installs the exit handler. */
static void *bc_own(void *p, bc_owned_free fn)
{
    if (bc_nowned == 0)
        atexit(bc_owned_release);
    if (p != NULL && bc_nowned < sizeof bc_owned / sizeof bc_owned[0]) {
        bc_owned[bc_nowned].fn = fn;
        bc_owned[bc_nowned++].p = p;
    }
    return p;
}

#define BC_OWN(p) bc_own((p), free)

/* BC_OWNED_WANT_RNG: a gsl_rng's release (gsl_rng.h included first);
 * BC_OWNED_WANT_TYPES: that and an MLP's (mlp.h too). */
#if defined(BC_OWNED_WANT_RNG) || defined(BC_OWNED_WANT_TYPES)
static void bc_owned_rng(void *p) { gsl_rng_free(p); }
#endif
#ifdef BC_OWNED_WANT_TYPES
static void bc_owned_mlp(void *p) { bc_mlp_free(p); }
#endif

#endif
