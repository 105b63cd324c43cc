/* mem.c -- size checks (see mem.h). */
#include "core/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

size_t bc_mem_bytes(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return 0;
    return count * size;
}

int bc_mem_fits(size_t bytes)
{
    long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
    if (bytes == 0)
        return 0;
    if (pages <= 0 || psize <= 0)
        return 1;
    return (double)bytes <= (double)pages * (double)psize;
}

void *bc_mem_alloc(size_t count, size_t size)
{
    size_t bytes = bc_mem_bytes(count, size);
    return bytes != 0 && bc_mem_fits(bytes) ? malloc(bytes) : NULL;
}
