/* dataform.h -- the tiny data forms the search moves. Angles (ntk.*,
 * masked.*): n <= 4 unit points (cos a_i, sin a_i) in the plane, their
 * angles (and, for the masked checks, labels) claimed parameters. Points
 * (multirate.b4, dcasgd.thm4_1, dcasgd.lemmaF1): n <= 4 points in d <= 3
 * given coordinate by coordinate (x11..x43), each a claimed parameter. */
#ifndef BC_DATAFORM_H
#define BC_DATAFORM_H

#include <stddef.h>

#include "core/params.h"
#include "core/record.h"

#define BC_ANGLE_PARAMS                                                                        \
    {"data-form", BC_PARAM_CHOICE, "random", 0, 0, 0, "random|angles",                           \
     "random: points from data-seed; angles: n <= 4 unit points (cos a_i, sin a_i) in d = 2, "  \
     "their angles moved by the search", BC_CLAIM_WORDS("random|angles")},                       \
    {"a1", BC_PARAM_REAL, "0", 0, 6.283185307179586, 0, NULL, "angle of point 1 (angles form)", BC_CLAIM_LIN_WHEN(0, 6.2831, "data-form=angles")}, \
    {"a2", BC_PARAM_REAL, "1.5", 0, 6.283185307179586, 0, NULL, "angle of point 2", BC_CLAIM_LIN_WHEN(0, 6.2831, "data-form=angles")}, \
    {"a3", BC_PARAM_REAL, "3", 0, 6.283185307179586, 0, NULL, "angle of point 3", BC_CLAIM_LIN_WHEN(0, 6.2831, "data-form=angles")}, \
    {"a4", BC_PARAM_REAL, "4.5", 0, 6.283185307179586, 0, NULL, "angle of point 4", BC_CLAIM_LIN_WHEN(0, 6.2831, "data-form=angles")}

#define BC_ANGLE_LABEL_PARAMS                                                                  \
    {"y1", BC_PARAM_REAL, "1", -1, 1, 0, NULL, "label of point 1 (angles form)", BC_CLAIM_LIN_WHEN(-1, 1, "data-form=angles")}, \
    {"y2", BC_PARAM_REAL, "-1", -1, 1, 0, NULL, "label of point 2", BC_CLAIM_LIN_WHEN(-1, 1, "data-form=angles")},               \
    {"y3", BC_PARAM_REAL, "0.5", -1, 1, 0, NULL, "label of point 3", BC_CLAIM_LIN_WHEN(-1, 1, "data-form=angles")},              \
    {"y4", BC_PARAM_REAL, "-0.5", -1, 1, 0, NULL, "label of point 4", BC_CLAIM_LIN_WHEN(-1, 1, "data-form=angles")}

#define BC_POINT_PARAMS                                                                        \
    {"x11", BC_PARAM_REAL, "1", -1e3, 1e3, 0, NULL, "data-form points: coordinate 1 of point 1", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points")}, \
    {"x12", BC_PARAM_REAL, "0", -1e3, 1e3, 0, NULL, "data-form points: coordinate 2 of point 1", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points")}, \
    {"x13", BC_PARAM_REAL, "0", -1e3, 1e3, 0, NULL, "data-form points: coordinate 3 of point 1", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points")}, \
    {"x21", BC_PARAM_REAL, "0", -1e3, 1e3, 0, NULL, "data-form points: coordinate 1 of point 2", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points")}, \
    {"x22", BC_PARAM_REAL, "1", -1e3, 1e3, 0, NULL, "data-form points: coordinate 2 of point 2", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points")}, \
    {"x23", BC_PARAM_REAL, "0", -1e3, 1e3, 0, NULL, "data-form points: coordinate 3 of point 2", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points")}, \
    {"x31", BC_PARAM_REAL, "-1", -1e3, 1e3, 0, NULL, "data-form points: coordinate 1 of point 3", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points")}, \
    {"x32", BC_PARAM_REAL, "0.5", -1e3, 1e3, 0, NULL, "data-form points: coordinate 2 of point 3", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points")}, \
    {"x33", BC_PARAM_REAL, "0", -1e3, 1e3, 0, NULL, "data-form points: coordinate 3 of point 3", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points")}, \
    {"x41", BC_PARAM_REAL, "0", -1e3, 1e3, 0, NULL, "data-form points: coordinate 1 of point 4", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points")}, \
    {"x42", BC_PARAM_REAL, "-1", -1e3, 1e3, 0, NULL, "data-form points: coordinate 2 of point 4", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points")}, \
    {"x43", BC_PARAM_REAL, "0.5", -1e3, 1e3, 0, NULL, "data-form points: coordinate 3 of point 4", BC_CLAIM_LIN_WHEN(-2, 2, "data-form=points")}

/* Whether p asks for the points form. */
int bc_points_active(const bc_params *p);

/* The n x d points x11..x43 into X (row-major). BC_EINVAL with msg when
 * n > 4 or d > 3. */
int bc_points_inputs(const bc_params *p, size_t n, size_t d, double *X, char *msg, size_t len);

/* The search's hook: the points form has at most 4 points in 3 dimensions. */
void bc_points_search_fix(bc_params *p);

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
