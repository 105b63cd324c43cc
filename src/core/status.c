/* status.c -- names of the status codes. */
#include "core/status.h"

const char *bc_status_str(int status)
{
    switch (status) {
    case BC_SUCCESS: return "success";
    case BC_EINVAL: return "invalid argument";
    case BC_EBADLEN: return "bad length";
    case BC_ENOMEM: return "no memory";
    case BC_ENOCONV: return "not converged";
    case BC_ENUMERIC: return "numerical failure";
    case BC_EIO: return "input/output error";
    case BC_EFORMAT: return "malformed data";
    case BC_EDOMAIN: return "an iterate left the region where the constants are certified";
    case BC_EHYPOTHESIS: return "the statement's hypothesis fails in this trial";
    case BC_ETIME: return "past its deadline";
    default: return "unknown status";
    }
}
