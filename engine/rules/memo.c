/*
 * memo.c - what a rule worked out for one piece of text, kept across the
 * documents a scanner reviews (see rule.h).
 *
 * A kind whose answer depends only on the rule and the text (the
 * capitalization of a heading, say) can look it up before working it
 * out: documents written from one template repeat their headings, and a
 * repeated heading then costs one hash lookup instead of a dozen regex
 * searches.  The memo is the scanner's, so one thread uses it; it is
 * emptied when the packset changes (its generation) and when it fills.
 * It is only a cache: when memory runs out it keeps nothing, and the
 * rule works the answer out again.
 */
#include <string.h>

#include "rules/rule.h"

#define MEMO_SLOTS 1024u   /* a power of two */
#define MEMO_MAX 512u      /* entries before it is emptied */
#define MEMO_MAX_KEY 1024u /* longer texts are not kept */

typedef struct memo_entry {
	const rl_rule *rule; /* NULL: a free slot */
	uint32_t       hash;
	uint32_t       klen, vlen;
	char          *data; /* key, then value and a NUL (heap) */
} memo_entry;

struct rl_memo {
	uint64_t   generation;
	size_t     n;
	memo_entry slot[MEMO_SLOTS];
};

static uint32_t
memo_hash(const rl_rule *r, const char *key, size_t n)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)(uintptr_t)r;
	size_t   i;

	for (i = 0; i < n; i++)
		h = (h ^ (uint8_t)key[i]) * 1099511628211u;
	return (uint32_t)(h ^ (h >> 32));
}

static void
memo_clear(rl_memo *m)
{
	size_t i;

	for (i = 0; i < MEMO_SLOTS; i++)
		rl__free(m->slot[i].data);
	memset(m->slot, 0, sizeof m->slot);
	m->n = 0;
}

void
rl__memo_free(rl_memo *m)
{
	if (!m)
		return;
	memo_clear(m);
	rl__free(m);
}

/* memo_of: the scan's memo for its packset, made or emptied as needed;
 * NULL when the scan has none or memory ran out. */
static rl_memo *
memo_of(rl_scan *s)
{
	rl_memo *m;

	if (!s->memo)
		return NULL;
	m = *s->memo;
	if (!m) {
		m = rl__calloc(1, sizeof *m);
		if (!m)
			return NULL;
		m->generation = s->generation;
		*s->memo      = m;
	}
	if (m->generation != s->generation) {
		memo_clear(m);
		m->generation = s->generation;
	}
	return m;
}

bool
rl__memo_get(rl_scan *s, const rl_rule *r, const char *key, size_t n,
    const char **val, size_t *vlen)
{
	rl_memo *m = memo_of(s);
	uint32_t h, i;

	if (!m || n > MEMO_MAX_KEY)
		return false;
	h = memo_hash(r, key, n);
	for (i = h & (MEMO_SLOTS - 1); m->slot[i].rule;
	     i = (i + 1) & (MEMO_SLOTS - 1)) {
		const memo_entry *e = &m->slot[i];

		if (e->rule == r && e->hash == h && e->klen == n &&
		    memcmp(e->data, key, n) == 0) {
			*val  = e->data + n;
			*vlen = e->vlen;
			return true;
		}
	}
	return false;
}

void
rl__memo_put(rl_scan *s, const rl_rule *r, const char *key, size_t n,
    const char *val, size_t vlen)
{
	rl_memo *m = memo_of(s);
	uint32_t h, i;
	char    *data;

	if (!m || n > MEMO_MAX_KEY || vlen > UINT32_MAX)
		return;
	if (m->n >= MEMO_MAX)
		memo_clear(m);
	data = rl__alloc(n + vlen + 1);
	if (!data)
		return;
	memcpy(data, key, n);
	memcpy(data + n, val, vlen);
	data[n + vlen] = '\0';
	h              = memo_hash(r, key, n);
	for (i = h & (MEMO_SLOTS - 1); m->slot[i].rule;
	     i = (i + 1) & (MEMO_SLOTS - 1))
		;
	m->slot[i].rule = r;
	m->slot[i].hash = h;
	m->slot[i].klen = (uint32_t)n;
	m->slot[i].vlen = (uint32_t)vlen;
	m->slot[i].data = data;
	m->n++;
}
