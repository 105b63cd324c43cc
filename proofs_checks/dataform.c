/* dataform.c -- the tiny data forms: angles and points (see dataform.h). */
#include "proofs_checks/dataform.h"

#include <stdio.h>
#include <string.h>

#include "core/status.h"
#include "problems/dataset.h"

int bc_angles_active(const bc_params *p)
{
    return strcmp(bc_params_str(p, "data-form"), "angles") == 0;
}

int bc_angles_inputs(const bc_params *p, size_t n, double *X, double *y, char *msg, size_t len)
{
    static const char *const an[] = {"a1", "a2", "a3", "a4"}, *const yn[] = {"y1", "y2", "y3", "y4"};
    double a[4];
    if (n > 4) {
        snprintf(msg, len, "--data-form angles takes n <= 4 points (got n=%zu)", n);
        return BC_EINVAL;
    }
    for (size_t i = 0; i < n; i++) {
        a[i] = bc_params_real(p, an[i]);
        if (y != NULL)
            y[i] = bc_params_real(p, yn[i]);
    }
    bc_dataset_circle(a, n, X);
    return BC_SUCCESS;
}

void bc_angles_search_fix(bc_params *p, const char *held)
{
    (void)held;
    if (!bc_angles_active(p))
        return;
    if (bc_params_int(p, "n") > 4)
        bc_params_put_int(p, "n", 4);
    bc_params_put_int(p, "d", 2);
}

void bc_angles_record_size(bc_record *rec, const bc_params *p, size_t n, size_t d)
{
    if (bc_params_str(p, "data")[0] == '\0' && !bc_angles_active(p))
        return;
    bc_params_put_int(&rec->params, "n", (long long)n);
    bc_params_put_int(&rec->params, "d", (long long)d);
}

int bc_points_active(const bc_params *p)
{
    return strcmp(bc_params_str(p, "data-form"), "points") == 0;
}

int bc_points_inputs(const bc_params *p, size_t n, size_t d, double *X, char *msg, size_t len)
{
    if (n > 4 || d > 3) {
        snprintf(msg, len, "--data-form points takes n <= 4 points in d <= 3 (got n=%zu, d=%zu)",
                 n, d);
        return BC_EINVAL;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d; j++) {
            char name[48];
            snprintf(name, sizeof name, "x%zu%zu", i + 1, j + 1);
            X[i * d + j] = bc_params_real(p, name);
        }
    return BC_SUCCESS;
}

void bc_points_search_fix(bc_params *p)
{
    if (!bc_points_active(p))
        return;
    if (bc_params_int(p, "n") > 4)
        bc_params_put_int(p, "n", 2 + bc_params_int(p, "n") % 3);
    if (bc_params_int(p, "d") > 3)
        bc_params_put_int(p, "d", 1 + bc_params_int(p, "d") % 3);
}
