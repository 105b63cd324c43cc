/* mem.h -- will an allocation fit? Sizes are checked before any large
 * allocation so that "does not fit in memory" is a clear usage error
 * rather than a crash or an overcommitted swap storm. */
#ifndef BC_MEM_H
#define BC_MEM_H

#include <stddef.h>

/* count * size in bytes, or 0 when the product overflows size_t. */
size_t bc_mem_bytes(size_t count, size_t size);

/* Whether `bytes` (nonzero) is at most the machine's physical memory. */
int bc_mem_fits(size_t bytes);

/* malloc(count * size) for a size-driven allocation: NULL, without trying,
 * when the product overflows or exceeds the physical memory (an allocator
 * may otherwise overcommit it, or abort on it under a sanitizer). */
void *bc_mem_alloc(size_t count, size_t size);

#endif
