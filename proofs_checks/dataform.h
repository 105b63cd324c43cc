/* dataform.h -- the tiny data form the search moves, shared by the ntk.*
 * and masked.* checks: n <= 4 unit points (cos a_i, sin a_i) in the plane,
 * their angles (and, for the masked checks, labels) claimed parameters. */
#ifndef BC_DATAFORM_H
#define BC_DATAFORM_H

#include <stddef.h>

#include "core/params.h"
#include "core/record.h"

#define BC_ANGLE_PARAMS                                                                        \
    {"data-form", BC_PARAM_CHOICE, "random", 0, 0, 0, "random|angles",                           \
     "random: points from data-seed; angles: n <= 4 unit points (cos a_i, sin a_i) in d = 2, "  \
     "their angles moved by the search", BC_CLAIM_WORDS("random|angles")},                       \
    {"a1", BC_PARAM_REAL, "0", 0, 6.283185307179586, 0, NULL, "angle of point 1 (angles form)", BC_CLAIM_LIN(0, 6.2831)}, \
    {"a2", BC_PARAM_REAL, "1.5", 0, 6.283185307179586, 0, NULL, "angle of point 2", BC_CLAIM_LIN(0, 6.2831)}, \
    {"a3", BC_PARAM_REAL, "3", 0, 6.283185307179586, 0, NULL, "angle of point 3", BC_CLAIM_LIN(0, 6.2831)}, \
    {"a4", BC_PARAM_REAL, "4.5", 0, 6.283185307179586, 0, NULL, "angle of point 4", BC_CLAIM_LIN(0, 6.2831)}

#define BC_ANGLE_LABEL_PARAMS                                                                  \
    {"y1", BC_PARAM_REAL, "1", -1, 1, 0, NULL, "label of point 1 (angles form)", BC_CLAIM_LIN(-1, 1)}, \
    {"y2", BC_PARAM_REAL, "-1", -1, 1, 0, NULL, "label of point 2", BC_CLAIM_LIN(-1, 1)},               \
    {"y3", BC_PARAM_REAL, "0.5", -1, 1, 0, NULL, "label of point 3", BC_CLAIM_LIN(-1, 1)},              \
    {"y4", BC_PARAM_REAL, "-0.5", -1, 1, 0, NULL, "label of point 4", BC_CLAIM_LIN(-1, 1)}

/* Whether p asks for the angles form. */
int bc_angles_active(const bc_params *p);

/* The n points into X (n x 2) and, when y is not NULL, their labels y1..yn.
 * BC_EINVAL with msg when n > 4. */
int bc_angles_inputs(const bc_params *p, size_t n, double *X, double *y, char *msg, size_t len);

/* The search's hook: the angles form has at most 4 points, in d = 2. */
void bc_angles_search_fix(bc_params *p, const char *held);

/* The record shows the n and d the inputs have where they are not the
 * parameters' (a data file, or the angles form). */
void bc_angles_record_size(bc_record *rec, const bc_params *p, size_t n, size_t d);

#endif
