/* rng.c -- per-trial random streams (see rng.h). */
#include "core/rng.h"

#include <math.h>
#include <gsl/gsl_randist.h>

/* splitmix64 finaliser (Steele, Lea, Flood 2014): a bijection on 64 bits
 * with good avalanche, used only to mix seeds, never as a generator. */
static uint64_t splitmix64(uint64_t z)
{
    z += UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* FNV-1a over the bytes of a string. */
static uint64_t fnv1a(const char *s)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (; s != NULL && *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

uint64_t bc_rng_mix(uint64_t seed, const char *id, uint64_t index)
{
    uint64_t z = splitmix64(seed);
    z = splitmix64(z ^ fnv1a(id));
    z = splitmix64(z ^ index);
    return z;
}

const gsl_rng_type *bc_rng_type(void)
{
    return gsl_rng_mt19937;
}

gsl_rng *bc_rng_alloc(void)
{
    return gsl_rng_alloc(bc_rng_type());
}

void bc_rng_seed_stream(gsl_rng *r, uint64_t seed, const char *id,
                        uint64_t index)
{
    uint64_t z = bc_rng_mix(seed, id, index);
    gsl_rng_set(r, (unsigned long)((z ^ (z >> 32)) & UINT64_C(0xffffffff)));
}

size_t bc_rng_index(gsl_rng *r, size_t n)
{
    return (size_t)gsl_rng_uniform_int(r, (unsigned long)n);
}

void bc_rng_unit_vector(gsl_rng *r, size_t d, double *x)
{
    double s = 0.0;
    for (size_t j = 0; j < d; j++) {
        x[j] = gsl_ran_gaussian_ziggurat(r, 1.0);
        s += x[j] * x[j];
    }
    for (size_t j = 0; j < d; j++)
        x[j] /= sqrt(s);
}
