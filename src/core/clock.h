/* clock.h -- a monotonic clock, for deadlines and timings only: no result
 * depends on it. */
#ifndef BC_CLOCK_H
#define BC_CLOCK_H

double bc_clock_now(void);  /* monotonic seconds */

#endif
