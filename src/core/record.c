/* record.c -- building a result record (see record.h). */
#include "core/record.h"
#include "core/status.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A text that did not fit its field ends in "...", so that a reader sees
 * it was cut (never silently). */
static void mark_cut(char *dst, size_t cap, int n)
{
    if (n >= (int)cap && cap > 4)
        memcpy(dst + cap - 4, "...", 4);
}

static void copy(char *dst, size_t cap, const char *src)
{
    mark_cut(dst, cap, snprintf(dst, cap, "%s", src ? src : ""));
}

int bc_record_constant(bc_record *r, const char *name, double value,
                       bc_provenance prov, const char *how)
{
    if (r->nconst >= BC_REC_CONST_MAX)
        return r->dropped++, BC_EBADLEN;
    bc_constant *c = &r->constants[r->nconst++];
    copy(c->name, sizeof c->name, name);
    copy(c->how, sizeof c->how, how);
    c->value = value;
    c->prov = prov;
    if (prov == BC_PROV_ESTIMATED)
        r->indicative = 1;
    if (prov == BC_PROV_GIVEN)
        r->conditional = 1;
    return BC_SUCCESS;
}

int bc_record_precondition(bc_record *r, const char *name, int holds,
                           const char *fmt, ...)
{
    va_list ap;
    if (r->npre >= BC_REC_PRE_MAX)
        return r->dropped++, BC_EBADLEN;
    bc_precondition *p = &r->pre[r->npre++];
    copy(p->name, sizeof p->name, name);
    p->holds = holds;
    va_start(ap, fmt);
    mark_cut(p->detail, sizeof p->detail, vsnprintf(p->detail, sizeof p->detail, fmt, ap));
    va_end(ap);
    return BC_SUCCESS;
}

void bc_record_precondition_observed(bc_record *r)
{
    if (r->npre > 0)
        r->pre[r->npre - 1].observed = 1;
}

int bc_record_quantity(bc_record *r, const char *name, const char *description,
                       double range_lo, double range_hi, const char *range_why)
{
    if (r->nq >= BC_REC_Q_MAX)
        return r->dropped++, -1;
    bc_quantity *q = &r->q[r->nq];
    memset(q, 0, sizeof *q);
    copy(q->name, sizeof q->name, name);
    copy(q->description, sizeof q->description, description);
    copy(q->range_why, sizeof q->range_why, range_why);
    q->range_lo = range_lo;
    q->range_hi = range_hi;
    q->ratio = q->ratio_upper = NAN;
    q->verdict = BC_FAILED;
    return (int)r->nq++;
}

int bc_record_quantity_exact(bc_record *r, const char *name,
                             const char *description, double rtol)
{
    int qi = bc_record_quantity(r, name, description, NAN, NAN,
                                "deterministic: every point is checked");
    if (qi >= 0) {
        r->q[qi].kind = BC_Q_EXACT;
        r->q[qi].rtol = rtol;
    }
    return qi;
}

int bc_record_quantity_expectation(bc_record *r, const char *name,
                                   const char *description, double rtol)
{
    int qi = bc_record_quantity_exact(r, name, description, rtol);
    if (qi >= 0)
        r->q[qi].expectation = 1;
    return qi;
}

int bc_record_quantity_frequency(bc_record *r, const char *name,
                                 const char *description, double delta)
{
    int qi = bc_record_quantity(r, name, description, 0.0, 1.0,
                                "an indicator: Clopper-Pearson interval");
    if (qi >= 0) {
        r->q[qi].kind = BC_Q_FREQUENCY;
        r->q[qi].delta = delta;
        r->q[qi].rhs = delta;
    }
    return qi;
}

int bc_record_quantity_measured(bc_record *r, const char *name,
                                const char *description, double range_lo,
                                double range_hi)
{
    int qi = bc_record_quantity(r, name, description, range_lo, range_hi,
                                "a measured finding: no verdict");
    if (qi >= 0)
        r->q[qi].kind = BC_Q_MEASURED;
    return qi;
}

int bc_record_quantity_slack(bc_record *r, const char *name, const char *description,
                             double rtol)
{
    int qi = bc_record_quantity_measured(r, name, description, NAN, NAN);
    if (qi >= 0) {
        r->q[qi].slack = 1;
        r->q[qi].rtol = rtol;
    }
    return qi;
}

int bc_record_term(bc_record *r, int qi, const char *name, double value)
{
    if (qi < 0 || (size_t)qi >= r->nq)
        return r->dropped++, BC_EINVAL;
    bc_quantity *q = &r->q[qi];
    if (q->nterms >= BC_REC_TERM_MAX)
        return r->dropped++, BC_EBADLEN;
    copy(q->terms[q->nterms].name, BC_REC_NAME, name);
    q->terms[q->nterms++].value = value;
    q->rhs = 0.0;
    for (size_t i = 0; i < q->nterms; i++)
        q->rhs += q->terms[i].value;
    return BC_SUCCESS;
}

int bc_record_alt(bc_record *r, int qi, const char *name, double value)
{
    if (qi < 0 || (size_t)qi >= r->nq)
        return r->dropped++, BC_EINVAL;
    bc_quantity *q = &r->q[qi];
    if (q->nalt >= BC_REC_TERM_MAX)
        return r->dropped++, BC_EBADLEN;
    copy(q->alt[q->nalt].name, BC_REC_NAME, name);
    q->alt[q->nalt++].value = value;
    return BC_SUCCESS;
}

int bc_record_note(bc_record *r, const char *fmt, ...)
{
    va_list ap;
    if (r->nnotes >= BC_REC_NOTE_MAX)
        return r->dropped++, BC_EBADLEN;
    va_start(ap, fmt);
    char *note = r->notes[r->nnotes++];
    mark_cut(note, BC_REC_NOTE, vsnprintf(note, BC_REC_NOTE, fmt, ap));
    va_end(ap);
    return BC_SUCCESS;
}

double bc_record_given(bc_record *r, const char *name, const char *opt, double value,
                       bc_provenance prov, const char *how, double given, int dir,
                       const char *assumption)
{
    if (!(given > 0.0)) {
        bc_record_constant(r, name, value, prov, how);
        return value;
    }
    char label[BC_REC_NAME], text[BC_REC_TEXT];
    const char *kind = bc_provenance_name(prov);
    snprintf(label, sizeof label, "%s (%s)", name, kind);
    bc_record_constant(r, label, value, prov, how);
    snprintf(text, sizeof text, "given (--%s); %.4g x the %s value", opt, given / value, kind);
    bc_record_constant(r, name, given, BC_PROV_GIVEN, text);
    if ((dir > 0 && given < value) || (dir < 0 && given > value)) {
        if (prov == BC_PROV_EXACT)
            bc_record_note(r, "The given %s = %g is %s its exact value %g: %s fails for this "
                           "instance; the verdict is about a bound with that constant, not the "
                           "theorem.", name, given, dir > 0 ? "below" : "above", value, assumption);
        else
            bc_record_note(r, "The given %s = %g is %s the %s %g: %s holds with it only if that "
                           "constant is loose by that much.", name, given,
                           dir > 0 ? "below" : "above", kind, value, assumption);
    }
    return given;
}

double bc_record_get(const bc_record *r, const char *name)
{
    for (size_t i = 0; i < r->nconst; i++)
        if (strcmp(r->constants[i].name, name) == 0)
            return r->constants[i].value;
    return NAN;
}

const char *bc_provenance_name(bc_provenance p)
{
    switch (p) {
    case BC_PROV_EXACT: return "exact";
    case BC_PROV_CERTIFIED: return "certified";
    case BC_PROV_ESTIMATED: return "estimated";
    case BC_PROV_GIVEN: return "given";
    }
    return "estimated";
}
