/* dataform.c -- the angles data form (see dataform.h). */
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
