/* fuzz_params.c -- libFuzzer target: the parameter parser over every
 * check's declared parameters. The first byte picks a check, the second a
 * parameter, the rest is the value text; the same text is also applied as
 * a --quick-style profile, and the check's cross-parameter validation runs
 * on what was accepted. An accepted value must be finite and inside its
 * declared range; a refused one must come with a message. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/params.h"
#include "proofs_checks/checks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[4096], msg[512] = "", buf[512];
    size_t n;
    const bc_check *const *all = bc_registry_all(&n);
    if (size < 2 || size - 2 >= sizeof text || n == 0)
        return 0;
    const bc_check *c = all[data[0] % n];
    if (c->nparams == 0)
        return 0;
    const bc_param_spec *s = &c->params[data[1] % c->nparams];
    memcpy(text, data + 2, size - 2);
    text[size - 2] = '\0';
    bc_params p;
    if (bc_params_init(&p, c->params, c->nparams, msg, sizeof msg) != 0)
        abort();  /* a default outside its own range: a descriptor bug */
    msg[0] = '\0';
    if (bc_params_set(&p, s->name, text, msg, sizeof msg) == 0) {
        int i = bc_params_find(&p, s->name);
        if (i < 0)
            abort();
        if (s->type == BC_PARAM_REAL
            && !(isfinite(p.real[i]) && p.real[i] >= s->lo && p.real[i] <= s->hi
                 && !(s->lo_open && p.real[i] == s->lo)))
            abort();
        if (s->type == BC_PARAM_INT && !((double)p.integer[i] >= s->lo
                                         && (double)p.integer[i] <= s->hi))
            abort();
        if (c->method->validate != NULL)
            (void)c->method->validate(&p, c->variant, buf, sizeof buf);
    } else if (msg[0] == '\0') {
        abort();
    }
    msg[0] = '\0';
    if (bc_params_apply_profile(&p, text, msg, sizeof msg) != 0 && msg[0] == '\0')
        abort();
    return 0;
}
