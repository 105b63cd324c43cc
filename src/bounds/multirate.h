/* multirate.h (bounds) -- the right-hand side of Theorem B.4 of the
 * multirate corrigendum (seed 000, Eq. (6)), a pure function of the
 * constants:
 *
 *   (1/T) sum_{t<T} E||grad f(theta^t)||^2
 *       <= 2 (f(theta^0) - f(theta^*)) / (h T)  +  h L M l  +  h^2 L^2 M l k^2 / 3
 *          \_______ optimisation ________/     \_ noise _/   \_____ k-term _____/
 *
 * An upper bound (not claimed tight). The proof bounds
 *   C = sum_{m=1}^{k-1} m^2 = k/6 - k^2/2 + k^3/3 <= k^3/3;
 * keeping C itself gives the tighter k-term h^2 L^2 M l (k-1)(2k-1)/6,
 * which vanishes at k = 1 (the proof's own sum; a second reading). */
#ifndef BC_BOUNDS_MULTIRATE_H
#define BC_BOUNDS_MULTIRATE_H

#include <stddef.h>

typedef struct {
    double opt;      /* 2 (f0 - f*) / (h T) */
    double noise;    /* h L M l */
    double kterm;    /* h^2 L^2 M l k^2 / 3 */
    double tight_kterm;  /* h^2 L^2 M l (k-1)(2k-1) / 6 */
    double total;    /* opt + noise + kterm: Eq. (6) */
} bc_bound_b4;

/* BC_EINVAL unless h > 0, T >= 1, k >= 1, l >= 1, gap >= 0, L, M >= 0
 * and all finite. */
int bc_bound_multirate_b4(double gap, double h, double L, double M, size_t l,
                          size_t k, size_t T, bc_bound_b4 *out);

/* sum_{m=1}^{k-1} m^2 as the seed writes it: k/6 - k^2/2 + k^3/3. */
double bc_bound_multirate_sum_sq(size_t k);

#endif
