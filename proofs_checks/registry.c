/* registry.c -- every check, one BC_REGISTER line each (the Makefile reads
 * these lines to name the check binaries). */
#include "proofs_checks/checks.h"

#include <stdio.h>
#include <cjson/cJSON.h>

#include <string.h>

#define BC_REGISTER(name) &bc_check_##name

extern const bc_check bc_check_multirate_b4;
extern const bc_check bc_check_clars_thm2;
extern const bc_check bc_check_clars_thm3;
extern const bc_check bc_check_clars_cor1;
extern const bc_check bc_check_clars_cor2;
extern const bc_check bc_check_clars_cor3;
extern const bc_check bc_check_dcasgd_thm3_1;
extern const bc_check bc_check_dcasgd_cor3_2;
extern const bc_check bc_check_dcasgd_lemmaC1;
extern const bc_check bc_check_dcasgd_thm4_1;
extern const bc_check bc_check_dcasgd_lemmaF1;
extern const bc_check bc_check_masked_thm3;
extern const bc_check bc_check_masked_thm4;
extern const bc_check bc_check_ntk_thm1;
extern const bc_check bc_check_ntk_thm2;
extern const bc_check bc_check_sgr_thm3_3;
extern const bc_check bc_check_sgr_lemma_a4;
extern const bc_check bc_check_sgr_lemma_a5;
extern const bc_check bc_check_sgr_lemma_c2;
extern const bc_check bc_check_sgr_prop3_4;
extern const bc_check bc_check_sgr_prop3_5;

static const bc_check *const registry[] = {
    BC_REGISTER(multirate_b4),
    BC_REGISTER(clars_thm2),
    BC_REGISTER(clars_thm3),
    BC_REGISTER(clars_cor1),
    BC_REGISTER(clars_cor2),
    BC_REGISTER(clars_cor3),
    BC_REGISTER(dcasgd_thm3_1),
    BC_REGISTER(dcasgd_cor3_2),
    BC_REGISTER(dcasgd_lemmaC1),
    BC_REGISTER(dcasgd_thm4_1),
    BC_REGISTER(dcasgd_lemmaF1),
    BC_REGISTER(masked_thm3),
    BC_REGISTER(masked_thm4),
    BC_REGISTER(ntk_thm1),
    BC_REGISTER(ntk_thm2),
    BC_REGISTER(sgr_thm3_3),
    BC_REGISTER(sgr_lemma_a4),
    BC_REGISTER(sgr_lemma_a5),
    BC_REGISTER(sgr_lemma_c2),
    BC_REGISTER(sgr_prop3_4),
    BC_REGISTER(sgr_prop3_5),
};

const bc_check *const *bc_registry_all(size_t *n)
{
    *n = sizeof registry / sizeof registry[0];
    return registry;
}

/* id with '.' read as '_' equals bin */
static int same_bin(const char *id, const char *bin)
{
    for (; *id && *bin; id++, bin++)
        if (*id != *bin && !(*id == '.' && *bin == '_'))
            return 0;
    return *id == *bin;
}

const bc_check *bc_registry_find(const char *id_or_bin)
{
    size_t n;
    const bc_check *const *all = bc_registry_all(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(all[i]->id, id_or_bin) == 0 || same_bin(all[i]->id, id_or_bin))
            return all[i];
    return NULL;
}

/* boundcheck list --json and the API: every check, its paper, binary and
 * parameters. */
cJSON *bc_registry_json(void)
{
    size_t n;
    const bc_check *const *all = bc_registry_all(&n);
    cJSON *arr = cJSON_CreateArray();
    char cite[512];
    for (size_t i = 0; arr != NULL && i < n; i++) {
        const bc_check *c = all[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", c->id);
        cJSON_AddStringToObject(o, "statement", c->statement);
        cJSON_AddStringToObject(o, "formula", c->formula);
        cJSON_AddStringToObject(o, "paper", c->paper->name);
        cJSON_AddStringToObject(o, "reference", bc_paper_cite(c->paper, cite, sizeof cite));
        char bin[64];
        snprintf(bin, sizeof bin, "check_%s", c->id);
        for (char *q = bin; *q; q++)
            *q = *q == '.' ? '_' : *q;
        cJSON_AddStringToObject(o, "binary", bin);
        cJSON_AddNumberToObject(o, "default_trials", (double)c->default_trials);
        cJSON *ps = cJSON_AddArrayToObject(o, "params");
        for (size_t k = 0; k < c->nparams; k++) {
            const bc_param_spec *sp = &c->params[k];
            cJSON *q = cJSON_CreateObject();
            static const char *const types[] = {"int", "real", "choice", "path"};
            cJSON_AddStringToObject(q, "name", sp->name);
            cJSON_AddStringToObject(q, "type", types[sp->type]);
            cJSON_AddStringToObject(q, "default", sp->def);
            if (sp->type == BC_PARAM_INT || sp->type == BC_PARAM_REAL) {
                cJSON_AddNumberToObject(q, "lo", sp->lo);
                cJSON_AddNumberToObject(q, "hi", sp->hi);
                cJSON_AddBoolToObject(q, "lo_open", sp->lo_open);
            }
            if (sp->type == BC_PARAM_CHOICE)
                cJSON_AddStringToObject(q, "choices", sp->choices);
            cJSON_AddStringToObject(q, "help", sp->help);
            cJSON_AddItemToArray(ps, q);
        }
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}
