/* rng.h -- reproducible random streams, one per trial.
 *
 * Every trial of every check draws from its own GSL generator, seeded by a
 * 64-bit mix of (seed, check id, trial index). The stream of a trial does
 * not depend on which thread runs it, so results are bit-identical for any
 * thread count. Nothing here reads the clock. */
#ifndef BC_RNG_H
#define BC_RNG_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

/* splitmix64-based mix of (seed, FNV-1a(id), index); a bijection in each
 * argument for the others fixed. */
uint64_t bc_rng_mix(uint64_t seed, const char *id, uint64_t index);

/* The generator type every stream uses (gsl_rng_mt19937). */
const gsl_rng_type *bc_rng_type(void);

/* A new generator of bc_rng_type(), or NULL when out of memory. */
gsl_rng *bc_rng_alloc(void);

/* Reset r to the stream of (seed, id, index). MT19937 takes a 32-bit
 * seed, so the 64-bit mix is folded (high word xor low word); two streams
 * of one run coincide with probability below trials^2 / 2^33. */
void bc_rng_seed_stream(gsl_rng *r, uint64_t seed, const char *id,
                        uint64_t index);

/* A uniform integer in [0, n) (n >= 1), via gsl_rng_uniform_int. */
size_t bc_rng_index(gsl_rng *r, size_t n);

/* x (d values): a uniform point on the unit sphere, d ziggurat normals
 * divided by their norm. (The draws of gsl_ran_dir_nd, which uses another
 * normal generator, differ: the instances built with this one are kept.) */
void bc_rng_unit_vector(gsl_rng *r, size_t d, double *x);

#endif
