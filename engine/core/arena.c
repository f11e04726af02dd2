/*
 * arena.c - chunked bump allocation.  Per-document, per-result and per-pack
 * data comes from an arena and dies with it in one call.
 *
 * Chunks form a list whose head is the chunk being filled.  A request
 * larger than a quarter of the chunk size gets a chunk of its own, linked
 * behind the head so the head keeps filling.  Ordinary chunks grow
 * geometrically (up to ARENA_MAX_CHUNK) so a big document needs few of
 * them.  Reset keeps the first chunk only.
 */
#include <stdalign.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"

#define ARENA_ALIGN 16u
#define ARENA_DEFAULT_CHUNK (64u * 1024u)
#define ARENA_MAX_CHUNK (4u * 1024u * 1024u)

typedef struct rl_chunk {
	struct rl_chunk *next;
	size_t           size; /* usable bytes in data */
	size_t           used;
	alignas(ARENA_ALIGN) unsigned char data[];
} rl_chunk;

struct rl_arena {
	rl_chunk *head;      /* chunk being filled; first in the list */
	rl_chunk *first;     /* the chunk made with the arena; kept on reset */
	size_t    hint;      /* size of the first chunk */
	size_t    next_size; /* size of the next ordinary chunk */
	size_t    used;      /* bytes handed out */
};

static rl_chunk *
chunk_new(size_t size)
{
	rl_chunk *c;

	if (size > SIZE_MAX - sizeof *c)
		return NULL;
	c = rl__alloc(sizeof *c + size);
	if (!c)
		return NULL;
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

rl_arena *
rl__arena_new(size_t chunk_hint)
{
	rl_arena *a;
	size_t    hint = chunk_hint ? chunk_hint : ARENA_DEFAULT_CHUNK;

	if (hint < 256)
		hint = 256;
	hint = (hint + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	a    = rl__alloc(sizeof *a);
	if (!a)
		return NULL;
	a->first = chunk_new(hint);
	if (!a->first) {
		rl__free(a);
		return NULL;
	}
	a->head      = a->first;
	a->hint      = hint;
	a->next_size = hint;
	a->used      = 0;
	return a;
}

void
rl__arena_free(rl_arena *a)
{
	rl_chunk *c, *next;

	if (!a)
		return;
	for (c = a->head; c; c = next) {
		next = c->next;
		rl__free(c);
	}
	rl__free(a);
}

void
rl__arena_reset(rl_arena *a)
{
	rl_chunk *c, *next;

	if (!a)
		return;
	for (c = a->head; c; c = next) {
		next = c->next;
		if (c != a->first)
			rl__free(c);
	}
	a->first->next = NULL;
	a->first->used = 0;
	a->head        = a->first;
	a->next_size   = a->hint;
	a->used        = 0;
}

void *
rl__arena_alloc(rl_arena *a, size_t size)
{
	rl_chunk *c = a->head;
	size_t    need;
	void     *p;

	if (size > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need == 0)
		need = ARENA_ALIGN;
	if (need <= c->size - c->used) {
		p = c->data + c->used;
		c->used += need;
		a->used += size;
		return p;
	}
	if (need > a->next_size / 4) {
		/* Its own chunk, behind the head: the head keeps filling. */
		rl_chunk *big = chunk_new(need);

		if (!big)
			return NULL;
		big->used = need;
		big->next = c->next;
		c->next   = big;
		a->used += size;
		return big->data;
	}
	c = chunk_new(a->next_size);
	if (!c)
		return NULL;
	if (a->next_size < ARENA_MAX_CHUNK)
		a->next_size *= 2;
	c->next = a->head;
	a->head = c;
	c->used = need;
	a->used += size;
	return c->data;
}

void *
rl__arena_calloc(rl_arena *a, size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = rl__arena_alloc(a, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

char *
rl__arena_strndup(rl_arena *a, const char *s, size_t n)
{
	const char *nul = memchr(s, '\0', n);
	size_t      len = nul ? (size_t)(nul - s) : n;
	char       *d;

	if (len == SIZE_MAX)
		return NULL;
	d = rl__arena_alloc(a, len + 1);
	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *
rl__arena_strdup(rl_arena *a, const char *s)
{
	return rl__arena_strndup(a, s, strlen(s));
}

char *
rl__arena_printf(rl_arena *a, const char *fmt, ...)
{
	va_list ap;
	int     n;
	char   *d;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	d = rl__arena_alloc(a, (size_t)n + 1);
	if (!d)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return d;
}

size_t
rl__arena_used(const rl_arena *a)
{
	return a ? a->used : 0;
}
