/* fuzz_shard.c -- libFuzzer target: the shard-file reader that `boundcheck
 * merge` trusts. Accepted files are self-consistent (the block inside the
 * trials, one to eight quantities, a value and a location per cell);
 * refused ones come with a message. */
#include <stdint.h>
#include <stdlib.h>

#include "app/shard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char msg[512] = "";
    bc_shard sh;
    if (bc_shard_parse_text((const char *)data, size, "fuzz.json", &sh, msg, sizeof msg) != 0) {
        if (msg[0] == '\0' || sh.values != NULL)
            abort();
        return 0;
    }
    if (!(sh.lo <= sh.hi && sh.hi <= sh.trials && sh.shard < sh.nshards && sh.nq >= 1
          && sh.nq <= BC_REC_Q_MAX && sh.values != NULL && sh.aux != NULL))
        abort();
    /* every cell is readable (AddressSanitizer reports a short buffer) */
    volatile double cell = 0.0;
    for (size_t k = 0; k < (sh.hi - sh.lo) * sh.nq; k++)
        cell = sh.values[k] + sh.aux[k];
    (void)cell;
    bc_shard_free(&sh);
    return 0;
}
