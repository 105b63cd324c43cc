/* fuzz_csv.c -- libFuzzer target: the CSV loader (bc_dataset_read_csv) and
 * the scalings and label checks that follow it. An input is accepted with
 * finite data of at least one row and one feature, or rejected with a
 * message; nothing else (a crash, a leak, undefined behaviour) may happen.
 * Built and run by `make fuzz`. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "problems/dataset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char msg[512] = "";
    bc_dataset *ds = NULL;
    if (size == 0)
        return 0;
    /* the first byte picks the header lines to skip (0-2) */
    size_t skip = data[0] % 3;
    FILE *fp = fmemopen((void *)(data + 1), size - 1 ? size - 1 : 1, "r");
    if (fp == NULL)
        return 0;
    int st = bc_dataset_read_csv(fp, "fuzz.csv", skip, &ds, msg, sizeof msg);
    fclose(fp);
    if (st != 0) {
        if (ds != NULL || msg[0] == '\0')
            abort();  /* a rejection frees everything and says why */
        return 0;
    }
    if (ds == NULL || ds->n < 1 || ds->d < 1)
        abort();
    for (size_t i = 0; i < ds->n * ds->d; i++)
        if (!isfinite(ds->X[i]))
            abort();
    for (size_t i = 0; i < ds->n; i++)
        if (!isfinite(ds->y[i]))
            abort();
    size_t K;
    (void)bc_dataset_class_labels(ds, &K, msg, sizeof msg);
    (void)bc_dataset_binary_labels(ds, msg, sizeof msg);
    if (bc_dataset_standardize(ds, msg, sizeof msg) == 0)
        for (size_t i = 0; i < ds->n * ds->d; i++)
            if (!isfinite(ds->X[i]))
                abort();
    if (bc_dataset_unit_rows(ds, msg, sizeof msg) == 0)
        for (size_t i = 0; i < ds->n * ds->d; i++)
            if (!(fabs(ds->X[i]) <= 1.0 + 1e-12))
                abort();
    bc_dataset_free(ds);
    return 0;
}
