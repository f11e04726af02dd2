/*
 * prefilter.c - the packset-wide literal index and the per-document
 * candidate table (see prefilter.h).
 *
 * Whole-word literals, and those made of a word with a few non-word bytes
 * around it, are found by hashing each ASCII word of the text once: word
 * boundaries come sixteen bytes at a time, and a word's key from its first
 * and last eight bytes.  Every other literal is found at its rarest byte
 * (its anchor: punctuation before digits before letters): one vectorised
 * search for the packset's anchor bytes, then the literals anchored on the
 * byte found are compared around it.  The passes cost about a nanosecond a
 * byte however many rules the packset has.  A candidate is where a match
 * may start: the literal's position less its offset in the match
 * (rules/literal.h).
 *
 * Case: the literals and the scan fold ASCII letters only.  In UTF mode
 * PCRE2 also matches 'k' with KELVIN SIGN (U+212A) and 's' with LONG S
 * (U+017F) caselessly; a document holding either gets no filtering.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/literal.h"
#include "rules/prefilter.h"

#define WORD_BUCKETS 4096u
#define PREFIX_BUCKETS 1024u
#define MAX_WLEN 63
#define BUF_PROSE 0
#define BUF_RAW 1

/* How a literal is found.  Most Vale literals start at a word's start, so
 * one lookup per word of the text finds them; only literals inside words
 * or without any word character need a look at every byte. */
enum pf_kind {
	PF_WORD,   /* a whole word */
	PF_FULL,   /* bytes P, a whole word W, then a non-word byte and
	              more: looked up by W */
	PF_PREFIX, /* P, then a word that starts with W */
	PF_BYTES,  /* anything else, found at its anchor byte */
};

/* One literal of the index and the rules (slots) that need it. */
typedef struct pf_lit {
	const uint8_t *s;
	uint16_t       len;
	uint8_t        kind; /* pf_kind */
	bool           lb;
	uint16_t       plen;   /* bytes before the word looked up by */
	uint16_t       wlen;   /* the word after them */
	uint16_t       anchor; /* PF_BYTES: index of its rarest byte */
	uint32_t       key;    /* chain key */
	uint32_t       next;   /* chain: index + 1, 0 ends */
	uint32_t       uses;   /* into pf_index.use */
	uint32_t       n_uses;
} pf_lit;

/* A rule using a literal: its slot and the literal's offset in a match. */
typedef struct pf_use {
	uint32_t slot;
	uint32_t at;
} pf_use;

/* While building: which literal, for which rule, at which offset. */
typedef struct pf_need {
	uint32_t lit, slot, at;
} pf_need;

typedef struct pf_index {
	/* the word pass */
	uint32_t word_head[WORD_BUCKETS];     /* PF_WORD, PF_FULL by word */
	uint64_t word_lens;                   /* bit n: a word of n bytes */
	uint32_t prefix_head[PREFIX_BUCKETS]; /* PF_PREFIX by 3 bytes */
	bool     has_prefix;
	/* the byte pass (PF_BYTES) */
	bool     has_bytes;
	uint32_t anchor_head[256]; /* PF_BYTES by folded anchor byte */
	uint8_t  is_stop[256];     /* text bytes that fold to an anchor */
	char     stops[17];        /* the same as a string for strcspn; "" when
	                              there are more than 16 or NUL is one */
	bool     used;
	pf_lit  *lits;
	size_t   n_lits, cap_lits;
	pf_use  *use; /* grouped by literal */
	size_t   n_use;
	pf_need *need; /* while building */
	size_t   n_need, cap_need;
} pf_index;

struct rl_prefilter {
	uint32_t n_slots;
	pf_index idx[2]; /* prose, raw */
	uint8_t *bytes;  /* literal bytes, owned */
	size_t   n_bytes, cap_bytes;
};

/* The per-document answer for one buffer. */
typedef struct pf_table {
	bool      all;   /* no filtering for this document */
	uint32_t *first; /* [n_slots + 1] into pos */
	uint32_t *pos;   /* candidate starts, by slot, ascending, unique */
} pf_table;

typedef struct pf_cache {
	const rl_prefilter *pf;
	const rl_doc       *doc;
	pf_table           *table[2];
} pf_cache;

static uint32_t
hash3(uint32_t key)
{
	return key * 2654435761u;
}

/* Word keys.  On word bytes ([A-Za-z0-9_]) or-ing 0x20 folds case and
 * keeps different bytes apart, so a word's key is a mix of its first and
 * last eight bytes so folded, and its length.  The literals' keys are
 * made the same way from their (folded) bytes. */
#define FOLD8 0x2020202020202020u

static uint32_t
key_mix(uint64_t lo, uint64_t hi, size_t n)
{
	uint64_t h = (lo | FOLD8) * 0x9E3779B97F4A7C15u ^
	    (hi | FOLD8) * 0xC2B2AE3D27D4EB4Fu ^ (uint64_t)n;

	return (uint32_t)((h ^ (h >> 29)) * 0x165667B19E3779F9u >> 32);
}

/* word_key: the key of s[0, n), reading only those bytes. */
static uint32_t
word_key(const uint8_t *s, size_t n)
{
	uint64_t lo = 0, hi = 0;

	memcpy(&lo, s, n < 8 ? n : 8);
	if (n > 8)
		memcpy(&hi, s + n - 8, 8);
	if (n < 8) /* bytes past the word are 0 after folding too */
		lo |= ~0ull << (8 * n);
	return key_mix(lo, hi, n);
}

/* word_key_text: word_key of t[i, i+n) in a text readable up to t[end]
 * (its NUL), with whole 8-byte loads where they stay inside. */
static uint32_t
word_key_text(const uint8_t *t, size_t i, size_t n, size_t end)
{
	uint64_t lo, hi = 0;

	if (i + 8 > end + 1)
		return word_key(t + i, n);
	memcpy(&lo, t + i, 8);
	if (n > 8)
		memcpy(&hi, t + i + n - 8, 8);
	if (n < 8)
		lo |= ~0ull << (8 * n);
	return key_mix(lo, hi, n);
}

static uint32_t
word_bucket(uint32_t key)
{
	return key >> 20; /* 12 bits: WORD_BUCKETS */
}

static uint32_t
key3(const uint8_t *s)
{
	return (uint32_t)s[0] << 16 | (uint32_t)s[1] << 8 | s[2];
}

static int
rule_buffer(const rl_rule *r)
{
	return (r->scope.include & RL_SCOPE_RAW) ? BUF_RAW : BUF_PROSE;
}

/* ------------------------------------------------------------------------
 * Building the index
 * ------------------------------------------------------------------------ */

/* byte_rarity: how rare a byte is in English prose, higher is rarer;
 * a literal is searched for at its rarest byte. */
static int
byte_rarity(uint8_t c)
{
	if (c >= 'a' && c <= 'z')
		return strchr("jqxzkv", c) ? 1 : 0;
	if (c == ' ' || c == '\n')
		return 0;
	if (c >= '0' && c <= '9')
		return 2;
	if (c == '.' || c == ',' || c == '-' || c == 0xE2 || c == 0x80)
		return 2; /* and the lead bytes of ’ “ ” – — … */
	return 3;
}

/* key_word picks the word a PF_FULL literal is looked up by: a run of
 * word bytes with a non-word byte after it in the literal and one before
 * it (or the literal's start, when lb), so that wherever the literal
 * occurs in a match the run is a whole word of the text.  The longest
 * such run is the rarest; 0 when there is none. */
static uint16_t
key_word(const pf_lit *l, uint16_t *at)
{
	const uint8_t *s    = l->s;
	uint16_t       best = 0, p = 0, w;

	while (p < l->len) {
		if (!rl__lit_is_word(s[p])) {
			p++;
			continue;
		}
		for (w = p; w < l->len && rl__lit_is_word(s[w]); w++)
			;
		if ((p > 0 || l->lb) && w < l->len && w - p <= MAX_WLEN &&
		    w - p > best) {
			best = (uint16_t)(w - p);
			*at  = p;
		}
		p = w;
	}
	return best;
}

/* classify decides how l is found and fills kind, plen, wlen, anchor,
 * key.  For PF_FULL, plen is where the key word starts in the literal. */
static void
classify(pf_lit *l)
{
	const uint8_t *s = l->s;
	uint16_t       p = 0, w, i;

	if (l->kind == PF_WORD) {
		l->wlen = l->len;
		l->key  = word_key(s, l->len);
		return;
	}
	if ((w = key_word(l, &p)) > 0) {
		l->kind = PF_FULL;
		l->plen = p;
		l->wlen = w;
		l->key  = word_key(s + p, w);
		return;
	}
	while (p < l->len && !rl__lit_is_word(s[p]))
		p++;
	for (w = p; w < l->len && rl__lit_is_word(s[w]); w++)
		;
	l->plen = p;
	l->wlen = (uint16_t)(w - p);
	if (p < l->len && l->lb && w == l->len && l->wlen >= 3) {
		l->kind = PF_PREFIX;
		l->key  = key3(s + p);
	} else {
		l->kind   = PF_BYTES;
		l->anchor = 0;
		for (i = 1; i < l->len; i++)
			if (byte_rarity(s[i]) > byte_rarity(s[l->anchor]))
				l->anchor = i;
		l->key = s[l->anchor];
	}
}

static uint32_t *
chain_head(pf_index *ix, const pf_lit *l)
{
	switch (l->kind) {
	case PF_WORD:
	case PF_FULL:
		return &ix->word_head[word_bucket(l->key)];
	case PF_PREFIX:
		return &ix->prefix_head[hash3(l->key) >> 22];
	default:
		return &ix->anchor_head[l->key];
	}
}

static rl_err
add_lit(pf_index *ix, const rl_lit *in, uint32_t slot)
{
	pf_lit    probe, *l = NULL;
	uint32_t *head, i;

	memset(&probe, 0, sizeof probe);
	probe.s    = (const uint8_t *)in->s;
	probe.len  = in->len;
	probe.kind = in->word ? PF_WORD : PF_BYTES;
	probe.lb   = in->lb;
	classify(&probe);
	head = chain_head(ix, &probe);
	for (i = *head; i; i = ix->lits[i - 1].next) {
		pf_lit *c = &ix->lits[i - 1];

		if (c->kind == probe.kind && c->len == probe.len &&
		    c->lb == probe.lb &&
		    memcmp(c->s, probe.s, probe.len) == 0) {
			l = c;
			break;
		}
	}
	if (!l) {
		if (rl__vec_reserve((void **)&ix->lits, &ix->cap_lits,
		        ix->n_lits + 1, sizeof *ix->lits))
			return RL_ENOMEM;
		l       = &ix->lits[ix->n_lits++];
		*l      = probe; /* bytes rebased onto the prefilter's later */
		l->next = *head;
		*head   = (uint32_t)ix->n_lits;
		switch (l->kind) {
		case PF_WORD:
		case PF_FULL:
			ix->word_lens |= 1ull << l->wlen;
			break;
		case PF_PREFIX:
			ix->has_prefix = true;
			break;
		default:
			ix->has_bytes       = true;
			ix->is_stop[l->key] = 1;
			if (l->key >= 'a' && l->key <= 'z')
				ix->is_stop[l->key - 32] = 1;
			break;
		}
	}
	if (rl__vec_reserve((void **)&ix->need, &ix->cap_need, ix->n_need + 1,
	        sizeof *ix->need))
		return RL_ENOMEM;
	ix->need[ix->n_need].lit  = (uint32_t)(l - ix->lits);
	ix->need[ix->n_need].slot = slot;
	ix->need[ix->n_need++].at = in->at > 0 ? (uint32_t)in->at : 0;
	return RL_OK;
}

/* stop_set lists the bytes the byte pass stops at, for a vectorised
 * search; empty when they do not fit (then a table is used). */
static void
stop_set(pf_index *ix)
{
	size_t n = 0;
	int    b;

	ix->stops[0] = '\0';
	if (ix->is_stop[0])
		return;
	for (b = 1; b < 256; b++) {
		if (!ix->is_stop[b])
			continue;
		if (n == 16) {
			ix->stops[0] = '\0';
			return;
		}
		ix->stops[n++] = (char)b;
	}
	ix->stops[n] = '\0';
}

static int
need_cmp(const void *a, const void *b)
{
	const pf_need *x = a, *y = b;

	if (x->lit != y->lit)
		return x->lit < y->lit ? -1 : 1;
	if (x->slot != y->slot)
		return x->slot < y->slot ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* finish copies literal bytes into pf->bytes and groups the uses of each
 * literal (deduplicated). */
static rl_err
finish(rl_prefilter *pf, pf_index *ix)
{
	size_t i, k = 0;

	for (i = 0; i < ix->n_lits; i++) {
		pf_lit *l = &ix->lits[i];

		if (rl__vec_reserve((void **)&pf->bytes, &pf->cap_bytes,
		        pf->n_bytes + l->len, 1))
			return RL_ENOMEM;
		memcpy(pf->bytes + pf->n_bytes, l->s, l->len);
		l->s = (const uint8_t *)(uintptr_t)pf->n_bytes;
		pf->n_bytes += l->len;
	}
	if (ix->n_need)
		qsort(ix->need, ix->n_need, sizeof *ix->need, need_cmp);
	ix->use = rl__alloc((ix->n_need ? ix->n_need : 1) * sizeof *ix->use);
	if (!ix->use)
		return RL_ENOMEM;
	for (i = 0; i < ix->n_need; i++) {
		const pf_need *d = &ix->need[i];

		if (i > 0 && need_cmp(d - 1, d) == 0)
			continue;
		if (ix->lits[d->lit].n_uses == 0)
			ix->lits[d->lit].uses = (uint32_t)k;
		ix->lits[d->lit].n_uses++;
		ix->use[k].slot = d->slot;
		ix->use[k++].at = d->at;
	}
	ix->n_use = k;
	stop_set(ix);
	rl__free(ix->need);
	ix->need   = NULL;
	ix->n_need = 0;
	return RL_OK;
}

static void
rebase(rl_prefilter *pf, pf_index *ix)
{
	size_t i;

	for (i = 0; i < ix->n_lits; i++)
		ix->lits[i].s = pf->bytes + (uintptr_t)ix->lits[i].s;
}

static bool
takes_part(const rl_rule *r)
{
	return r && !r->trigger_none && r->trigger && r->trigger->n;
}

rl_err
rl__prefilter_build(rl_rule *const *rules, size_t n, rl_prefilter **out)
{
	rl_prefilter *pf;
	size_t        i, j;
	rl_err        err = RL_OK;

	*out = NULL;
	pf   = rl__calloc(1, sizeof *pf);
	if (!pf)
		return RL_ENOMEM;
	for (i = 0; i < n; i++) {
		rl_rule  *r = rules[i];
		pf_index *ix;

		if (!takes_part(r))
			continue;
		ix = &pf->idx[rule_buffer(r)];
		for (j = 0; j < r->trigger->n && !err; j++)
			err = add_lit(ix, &r->trigger->v[j], pf->n_slots);
		if (err)
			goto fail;
		ix->used          = true;
		r->prefilter_slot = pf->n_slots++;
	}
	if (pf->n_slots == 0) {
		rl__prefilter_free(pf);
		return RL_OK;
	}
	for (i = 0; i < 2; i++)
		if ((err = finish(pf, &pf->idx[i])))
			goto fail;
	for (i = 0; i < 2; i++)
		rebase(pf, &pf->idx[i]);
	for (i = 0; i < n; i++)
		if (takes_part(rules[i]))
			rules[i]->prefilter = pf;
	*out = pf;
	return RL_OK;
fail:
	rl__prefilter_free(pf);
	return err;
}

void
rl__prefilter_free(rl_prefilter *pf)
{
	size_t i;

	if (!pf)
		return;
	for (i = 0; i < 2; i++) {
		rl__free(pf->idx[i].lits);
		rl__free(pf->idx[i].use);
		rl__free(pf->idx[i].need);
	}
	rl__free(pf->bytes);
	rl__free(pf);
}

/* ------------------------------------------------------------------------
 * Scanning a document
 * ------------------------------------------------------------------------ */

/* Candidates while scanning: (slot, start) pairs in arena chunks. */
#define CHUNK_PAIRS 4096u

typedef struct pair_chunk {
	struct pair_chunk *next;
	uint32_t           n;
	uint32_t           v[2 * CHUNK_PAIRS];
} pair_chunk;

typedef struct collector {
	rl_arena   *a;
	pair_chunk *head, *tail;
	size_t      total;
	bool        oom;
} collector;

static void
emit(collector *c, const pf_index *ix, const pf_lit *l, uint32_t pos)
{
	uint32_t i;

	for (i = 0; i < l->n_uses; i++) {
		const pf_use *u = &ix->use[l->uses + i];

		if (u->at > pos)
			continue; /* the match would start before the text */
		if (!c->tail || c->tail->n == CHUNK_PAIRS) {
			pair_chunk *k = rl__arena_alloc(c->a, sizeof *k);

			if (!k) {
				c->oom = true;
				return;
			}
			k->next = NULL;
			k->n    = 0;
			if (c->tail)
				c->tail->next = k;
			else
				c->head = k;
			c->tail = k;
		}
		c->tail->v[2 * c->tail->n]     = u->slot;
		c->tail->v[2 * c->tail->n + 1] = pos - u->at;
		c->tail->n++;
		c->total++;
	}
}

/* same folds t[i, i+n) and compares it with s. */
static bool
same(const uint8_t *t, const uint8_t *s, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (rl__lit_fold[t[k]] != s[k])
			return false;
	return true;
}

/* bytes_at tries the PF_BYTES literals anchored on the byte at t[q];
 * the text is readable up to n. */
static void
bytes_at(collector *c, const pf_index *ix, const uint8_t *t, size_t q, size_t n)
{
	uint32_t j;

	for (j = ix->anchor_head[rl__lit_fold[t[q]]]; j;
	     j = ix->lits[j - 1].next) {
		const pf_lit *l = &ix->lits[j - 1];

		if (q < l->anchor || q - l->anchor + l->len > n ||
		    !same(t + q - l->anchor, l->s, l->len))
			continue;
		emit(c, ix, l, (uint32_t)(q - l->anchor));
	}
}

/* scan_bytes finds the PF_BYTES literals in all of t[0, n): strcspn over
 * the anchor bytes (t is NUL-terminated at n; glibc vectorises it for up
 * to 16 bytes), or a table when they do not fit. */
static void
scan_bytes(collector *c, const pf_index *ix, const uint8_t *t, size_t n)
{
	size_t i = 0;

	if (!ix->stops[0]) {
		for (i = 0; i < n; i++)
			if (ix->is_stop[t[i]])
				bytes_at(c, ix, t, i, n);
		return;
	}
	while (i < n) {
		i += strcspn((const char *)t + i, ix->stops);
		if (i >= n)
			break;
		if (t[i])
			bytes_at(c, ix, t, i, n);
		i++;
	}
}

/* word_hit checks a PF_WORD / PF_FULL / PF_PREFIX literal against the
 * text word t[i, j), a word of the block that starts at from. */
static void
word_hit(collector *c, const pf_index *ix, const pf_lit *l, const uint8_t *t,
    size_t from, size_t i, size_t j, size_t n)
{
	size_t rest, at;

	if (l->plen > i || !same(t + i - l->plen, l->s, l->plen))
		return;
	/* A literal at a word's start (lb) looked up by a later word: no
	 * match starts right after a word byte inside the block. */
	at = i - l->plen;
	if (l->lb && l->plen && rl__lit_is_word(l->s[0]) && at > from &&
	    rl__lit_is_word(t[at - 1]))
		return;
	if (l->kind == PF_PREFIX) {
		if (l->wlen > j - i || !same(t + i, l->s + l->plen, l->wlen))
			return;
	} else {
		if (l->wlen != j - i || !same(t + i, l->s + l->plen, l->wlen))
			return;
		rest = l->len - l->plen - l->wlen;
		if (j + rest > n ||
		    !same(t + j, l->s + l->plen + l->wlen, rest))
			return;
	}
	emit(c, ix, l, (uint32_t)at);
}

/* lookup_word looks the text word t[i, j) up (readable up to n) in the
 * block that starts at from. */
static void
lookup_word(collector *c, const pf_index *ix, const uint8_t *t, size_t from,
    size_t i, size_t j, size_t n)
{
	const uint8_t *fold = rl__lit_fold;
	uint32_t       h, k;

	if (j - i <= MAX_WLEN && (ix->word_lens & (1ull << (j - i)))) {
		h = word_key_text(t, i, j - i, n);
		for (k = ix->word_head[word_bucket(h)]; k;
		     k = ix->lits[k - 1].next)
			if (ix->lits[k - 1].key == h)
				word_hit(
				    c, ix, &ix->lits[k - 1], t, from, i, j, n);
	}
	if (ix->has_prefix && j - i >= 3) {
		uint32_t k3 = (uint32_t)fold[t[i]] << 16 |
		    (uint32_t)fold[t[i + 1]] << 8 | fold[t[i + 2]];

		for (k = ix->prefix_head[hash3(k3) >> 22]; k;
		     k = ix->lits[k - 1].next)
			if (ix->lits[k - 1].key == k3)
				word_hit(
				    c, ix, &ix->lits[k - 1], t, from, i, j, n);
	}
}

/* word_bits64: bit i set when t[base + i] is an ASCII word byte and
 * base + i < n (t is readable up to t[n]). */
static uint64_t
word_bits64(const uint8_t *t, size_t base, size_t n)
{
	uint64_t m = 0;
	size_t   i;

	if (base + 64 <= n + 1) /* t[n] is NUL: no word byte */
		return (uint64_t)rl__lit_word_mask16(t + base) |
		    (uint64_t)rl__lit_word_mask16(t + base + 16) << 16 |
		    (uint64_t)rl__lit_word_mask16(t + base + 32) << 32 |
		    (uint64_t)rl__lit_word_mask16(t + base + 48) << 48;
	for (i = 0; i < 64 && base + i < n; i++)
		m |= (uint64_t)rl__lit_word[t[base + i]] << i;
	return m;
}

/* scan_words looks up each word starting in t[from, to) (a word may run
 * on to n), finding word boundaries 64 bytes at a time. */
static void
scan_words(collector *c, const pf_index *ix, const uint8_t *t, size_t from,
    size_t to, size_t n)
{
	size_t   base, i, j;
	uint64_t w, starts, prev = 0; /* prev: t[base - 1] is in a word */

	for (base = from; base < to; base += 64) {
		w      = word_bits64(t, base, n);
		starts = w & ~(w << 1 | prev);
		if (to - base < 64)
			starts &= (1ull << (to - base)) - 1;
		prev = w >> 63;
		for (; starts; starts &= starts - 1) {
			unsigned b    = (unsigned)__builtin_ctzll(starts);
			uint64_t rest = ~w >> b;

			i = base + b;
			if (rest) {
				j = i + (unsigned)__builtin_ctzll(rest);
			} else { /* on past this window */
				for (j = base + 64;
				     j < n && rl__lit_is_word(t[j]); j++)
					;
			}
			lookup_word(c, ix, t, from, i, j, n);
		}
	}
}

/* unsafe_folds: the text holds U+212A or U+017F, which PCRE2 matches
 * caselessly with ASCII k and s. */
static bool
unsafe_folds(const uint8_t *t, size_t n)
{
	const uint8_t *p = t, *end = t + n;

	while ((p = memchr(p, 0xc5, (size_t)(end - p))) && p + 1 < end) {
		if (p[1] == 0xbf)
			return true;
		p++;
	}
	p = t;
	while ((p = memchr(p, 0xe2, (size_t)(end - p))) && p + 2 < end) {
		if (p[1] == 0x84 && p[2] == 0xaa)
			return true;
		p++;
	}
	return false;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* group sorts the candidates by slot, each slot's ascending and unique. */
static bool
group(pf_table *tb, collector *c, uint32_t n_slots, rl_arena *a)
{
	pair_chunk *k;
	uint32_t   *fill, i, s, b, e, o;

	tb->first = rl__arena_calloc(a, n_slots + 1, sizeof *tb->first);
	tb->pos =
	    rl__arena_alloc(a, (c->total ? c->total : 1) * sizeof *tb->pos);
	fill = rl__arena_calloc(a, n_slots + 1, sizeof *fill);
	if (c->oom || !tb->first || !tb->pos || !fill)
		return false;
	for (k = c->head; k; k = k->next)
		for (i = 0; i < k->n; i++)
			tb->first[k->v[2 * i] + 1]++;
	for (s = 0; s < n_slots; s++)
		tb->first[s + 1] += tb->first[s];
	for (k = c->head; k; k = k->next)
		for (i = 0; i < k->n; i++) {
			s                                 = k->v[2 * i];
			tb->pos[tb->first[s] + fill[s]++] = k->v[2 * i + 1];
		}
	/* Passes and offsets may leave a slot out of order; squeeze out
	 * duplicates as well (slots keep their place: first[] moves). */
	for (s = 0, o = 0; s < n_slots; s++) {
		b = tb->first[s];
		e = tb->first[s + 1];
		for (i = b + 1; i < e && tb->pos[i - 1] <= tb->pos[i]; i++)
			;
		if (i < e)
			qsort(tb->pos + b, e - b, sizeof *tb->pos, u32_cmp);
		tb->first[s] = o;
		for (i = b; i < e; i++)
			if (i == b || tb->pos[i] != tb->pos[i - 1])
				tb->pos[o++] = tb->pos[i];
	}
	tb->first[n_slots] = o;
	return true;
}

/* build_table scans one buffer: the whole of it (raw), or only the prose
 * blocks, where every prose scope lies (code and markup are blank). */
static pf_table *
build_table(rl_arena *a, const rl_prefilter *pf, const pf_index *ix,
    const rl_doc *d, int buf)
{
	const uint8_t *t =
	    (const uint8_t *)(buf == BUF_RAW ? d->raw : d->prose);
	pf_table *tb = rl__arena_calloc(a, 1, sizeof *tb);
	collector c  = { a, NULL, NULL, 0, false };
	uint32_t  i, from, to;

	if (!tb)
		return NULL;
	if (unsafe_folds(t, d->len)) {
		tb->all = true;
		return tb;
	}
	/* Candidates outside prose blocks are harmless: no range holds
	 * them. */
	if (ix->has_bytes)
		scan_bytes(&c, ix, t, d->len);
	for (i = 0; i < (buf == BUF_RAW ? 1u : d->n_blocks); i++) {
		from = buf == BUF_RAW ? 0 : d->blocks[i].off;
		to   = buf == BUF_RAW ? (uint32_t)d->len : d->blocks[i].end;
		if (buf != BUF_RAW && d->blocks[i].kind == RL_BLOCK_CODE)
			continue;
		if (ix->word_lens || ix->has_prefix)
			scan_words(&c, ix, t, from, to, d->len);
	}
	return group(tb, &c, pf->n_slots, a) ? tb : NULL;
}

/* table_for: the document's table for r, built on first use; NULL when
 * r is not filtered in this document. */
static const pf_table *
table_for(rl_scan *s, const rl_rule *r)
{
	pf_cache *cache = s->rules_cache;
	int       buf;

	if (!r->prefilter)
		return NULL;
	if (!cache || cache->pf != r->prefilter || cache->doc != s->doc) {
		cache = rl__arena_calloc(s->arena, 1, sizeof *cache);
		if (!cache)
			return NULL;
		cache->pf      = r->prefilter;
		cache->doc     = s->doc;
		s->rules_cache = cache;
	}
	buf = rule_buffer(r);
	if (!cache->table[buf]) {
		cache->table[buf] = build_table(s->arena, r->prefilter,
		    &r->prefilter->idx[buf], s->doc, buf);
		if (!cache->table[buf])
			return NULL;
	}
	return cache->table[buf]->all ? NULL : cache->table[buf];
}

bool
rl__prefilter_starts(
    rl_scan *s, const rl_rule *r, const uint32_t **v, size_t *n)
{
	const pf_table *tb = table_for(s, r);

	if (!tb)
		return false;
	*v = tb->pos + tb->first[r->prefilter_slot];
	*n = tb->first[r->prefilter_slot + 1] - tb->first[r->prefilter_slot];
	return true;
}

bool
rl__prefilter_may_match(
    rl_scan *s, const rl_rule *r, uint32_t off, uint32_t end)
{
	const uint32_t *v;
	size_t          n, lo = 0, hi, mid;

	if (!rl__prefilter_starts(s, r, &v, &n))
		return true;
	hi = n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo] < end;
}
