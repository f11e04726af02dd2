/*
 * alloc.c - the allocator seam.  Every engine allocation passes through
 * here, so tests can make the n-th allocation fail (rl__alloc_fail_after)
 * and every error path can be exercised.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* Allocations left before failures start; negative: never fail.  Atomic so
 * a test may inject failures while other threads allocate. */
static atomic_long fail_countdown = -1;

/* alloc_permitted consumes one unit of the countdown; false once it has
 * reached zero (and every time after, until reset). */
static bool
alloc_permitted(void)
{
	long n = atomic_load_explicit(&fail_countdown, memory_order_relaxed);

	while (n > 0) {
		if (atomic_compare_exchange_weak_explicit(&fail_countdown, &n,
		        n - 1, memory_order_relaxed, memory_order_relaxed))
			return true;
	}
	return n < 0;
}

void
rl__alloc_fail_after(long n)
{
	atomic_store(&fail_countdown, n < 0 ? -1 : n);
}

void *
rl__alloc(size_t size)
{
	if (!alloc_permitted())
		return NULL;
	return malloc(size ? size : 1);
}

void *
rl__calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	if (!alloc_permitted())
		return NULL;
	if (!n || !size)
		return calloc(1, 1);
	return calloc(n, size);
}

void *
rl__realloc(void *p, size_t size)
{
	if (!alloc_permitted())
		return NULL;
	return realloc(p, size ? size : 1);
}

void
rl__free(void *p)
{
	free(p);
}

char *
rl__strndup(const char *s, size_t n)
{
	const char *nul = memchr(s, '\0', n);
	size_t      len = nul ? (size_t)(nul - s) : n;
	char       *d;

	if (len == SIZE_MAX)
		return NULL;
	d = rl__alloc(len + 1);
	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *
rl__strdup(const char *s)
{
	return rl__strndup(s, strlen(s));
}
