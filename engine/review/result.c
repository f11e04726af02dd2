/*
 * result.c - from a scan's raw hits to the plain-data rl_result.
 *
 * Hits are sorted by offset, then rule id (stable by report order); the
 * score is computed from all of them; those below min_level are dropped;
 * the rest get line/column positions from one forward rl_poscursor pass
 * over their start offsets (already in order), each end following from
 * its start by counting the match's own characters, so mapping costs one
 * walk of the document, never a search per finding.
 */
#include <stdlib.h>
#include <string.h>

#include "review/review.h"

int
rl__raw_finding_cmp(const void *a, const void *b)
{
	const rl_raw_finding *x = a, *y = b;
	int                   c;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	c = strcmp(
	    x->rule->id ? x->rule->id : "", y->rule->id ? y->rule->id : "");
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* sort_hits sorts hits[0, n) into rl__raw_finding_cmp's order (a total
 * order: report order breaks ties).  Each rule reports in offset order, so
 * hits arrive as a few sorted runs: a bottom-up merge of the runs found
 * costs n log(runs), and nothing when they are already in order. */
static rl_err
sort_hits(rl_raw_finding *hits, size_t n, rl_arena *scratch)
{
	rl_raw_finding *src = hits, *dst, *tmp;
	size_t         *run, n_run = 0, i, r, w;

	if (n < 2)
		return RL_OK;
	if (n > SIZE_MAX / sizeof *hits - 1)
		return RL_ETOOBIG;
	run = rl__arena_alloc(scratch, (n + 1) * sizeof *run);
	dst = rl__arena_alloc(scratch, n * sizeof *dst);
	if (!run || !dst)
		return RL_ENOMEM;
	/* run[i] is where run i starts; run[n_run] == n. */
	run[n_run++] = 0;
	for (i = 1; i < n; i++)
		if (rl__raw_finding_cmp(&hits[i - 1], &hits[i]) > 0)
			run[n_run++] = i;
	run[n_run] = n;
	while (n_run > 1) {
		for (r = 0, w = 0; r < n_run; r += 2, w++) {
			size_t a = run[r], am = run[r + 1], b = am,
			       bm = r + 2 <= n_run ? run[r + 2] : am, o = a;

			if (r + 1 == n_run) /* an odd run out: copy it */
				bm = b = am;
			while (a < am && b < bm)
				dst[o++] =
				    rl__raw_finding_cmp(&src[b], &src[a]) < 0
				    ? src[b++]
				    : src[a++];
			while (a < am)
				dst[o++] = src[a++];
			while (b < bm)
				dst[o++] = src[b++];
			run[w] = run[r];
		}
		run[w] = n;
		n_run  = w;
		tmp    = src;
		src    = dst;
		dst    = tmp;
	}
	if (src != hits)
		memcpy(hits, src, n * sizeof *hits);
	return RL_OK;
}

/* last_char returns the offset of the first byte of the last code point
 * in [off, off+len), or off for an empty range.  raw is well-formed UTF-8
 * (the document's sanitised copy). */
static uint32_t
last_char(const char *raw, uint32_t off, uint32_t len)
{
	uint32_t e;

	if (len == 0)
		return off;
	e = off + len - 1;
	while (e > off && ((unsigned char)raw[e] & 0xC0u) == 0x80u)
		e--;
	return e;
}

/* count_cols counts the characters in raw[from, to) as the document's
 * positions do: every byte that does not continue a sequence. */
static uint32_t
count_cols(const char *raw, uint32_t from, uint32_t to)
{
	uint32_t n = 0, i;

	for (i = from; i < to; i++)
		n += ((unsigned char)raw[i] & 0xC0u) != 0x80u;
	return n;
}

/* map_positions sets each kept finding's start with one forward cursor
 * (kept is in offset order) and its end from the start: on the same line
 * unless the match spans a line break (then a direct lookup). */
static void
map_positions(const rl_doc *doc, const rl_raw_finding *const *kept, size_t k,
    rl_finding *out)
{
	rl_poscursor cur;
	size_t       i;

	rl__poscursor_init(&cur, doc);
	for (i = 0; i < k; i++) {
		rl_finding *f   = &out[i];
		uint32_t    off = kept[i]->off;
		uint32_t    end = last_char(doc->raw, off, kept[i]->len);

		rl__poscursor_seek(&cur, off, &f->line, &f->column);
		if (end == off) {
			f->end_line   = f->line;
			f->end_column = f->column;
		} else if (off >= doc->line_starts[f->line - 1] &&
		    !memchr(doc->raw + off, '\n', end - off)) {
			f->end_line = f->line;
			f->end_column =
			    f->column + count_cols(doc->raw, off, end);
		} else {
			rl__doc_line_col(
			    doc, end, &f->end_line, &f->end_column);
		}
	}
}

/* copy_suggestions copies a hit's suggestions into the result arena. */
static rl_err
copy_suggestions(rl_arena *a, const rl_raw_finding *h, rl_finding *f)
{
	const char **v;
	size_t       i;

	if (!h->n_suggestions)
		return RL_OK;
	v = rl__arena_alloc(a, h->n_suggestions * sizeof *v);
	if (!v)
		return RL_ENOMEM;
	for (i = 0; i < h->n_suggestions; i++) {
		v[i] = rl__arena_strdup(a, h->suggestions[i]);
		if (!v[i])
			return RL_ENOMEM;
	}
	f->suggestions   = v;
	f->n_suggestions = h->n_suggestions;
	return RL_OK;
}

/* section_title returns the result's copy of the innermost section title
 * at off; titles[] caches one copy per section. */
static const char *
section_title(const rl_doc *doc, uint32_t off, const char **titles, rl_arena *a)
{
	uint32_t sec;

	if (doc->n_sections == 0)
		return "";
	sec = rl__doc_section_at(doc, off);
	if (sec >= doc->n_sections)
		return "";
	if (!titles[sec])
		titles[sec] = rl__arena_strdup(a,
		    doc->sections[sec].title ? doc->sections[sec].title : "");
	return titles[sec];
}

/* The result's copies of a rule's id and category, made once per rule:
 * an open-addressing table over rule addresses, a power of two in size
 * and never more than half full (a rule beyond that gets its own copies
 * each time). */
typedef struct rule_strs {
	const rl_rule *rule;
	const char    *id;
	const char    *category;
} rule_strs;

typedef struct strs_table {
	rule_strs *v;
	size_t     mask, n;
} strs_table;

static bool
rule_strings(strs_table *t, const rl_packset *ps, const rl_rule *r, rl_arena *a,
    const char **id, const char **category)
{
	size_t h =
	    (size_t)(((uintptr_t)r >> 4) * 0x9E3779B97F4A7C15u) & t->mask;

	for (; t->v[h].rule; h = (h + 1) & t->mask)
		if (t->v[h].rule == r) {
			*id       = t->v[h].id;
			*category = t->v[h].category;
			return true;
		}
	*id       = rl__arena_strdup(a, r->id ? r->id : "");
	*category = rl__arena_strdup(a, rl__rule_category(ps, r));
	if (!*id || !*category)
		return false;
	if (2 * (t->n + 1) <= t->mask + 1) {
		t->v[h].rule     = r;
		t->v[h].id       = *id;
		t->v[h].category = *category;
		t->n++;
	}
	return true;
}

static rl_err
fill_finding(const rl_doc *doc, const rl_packset *ps, const rl_raw_finding *h,
    const char **titles, strs_table *strs, rl_arena *a, rl_finding *f)
{
	if (!rule_strings(strs, ps, h->rule, a, &f->rule, &f->category))
		return RL_ENOMEM;
	f->level   = h->level;
	f->message = rl__arena_strdup(a, h->message ? h->message : "");
	f->offset  = h->off;
	f->length  = h->len;
	f->match   = rl__arena_strndup(a, doc->src + h->off, h->len);
	f->section = section_title(doc, h->off, titles, a);
	if (!f->message || !f->match || !f->section)
		return RL_ENOMEM;
	return copy_suggestions(a, h, f);
}

rl_err
rl__result_build(const rl_doc *doc, const rl_packset *ps, rl_raw_finding *hits,
    size_t n, rl_level min_level, rl_arena *scratch, rl_result *res)
{
	const rl_raw_finding **kept   = NULL;
	const char           **titles = NULL;
	strs_table             strs;
	rl_finding            *out;
	size_t                 i, k = 0, size = 16;
	rl_err                 err;

	err = sort_hits(hits, n, scratch);
	if (err)
		return err;
	err = rl__score(ps, hits, n, res);
	if (err)
		return err;
	for (i = 0; i < n; i++)
		if (hits[i].level >= min_level)
			k++;
	if (k == 0)
		return RL_OK;
	kept = rl__arena_alloc(scratch, k * sizeof *kept);
	out  = rl__arena_calloc(res->arena, k, sizeof *out);
	if (doc->n_sections)
		titles =
		    rl__arena_calloc(scratch, doc->n_sections, sizeof *titles);
	while (size < 2 * ps->n_rules + 2 && size < 2 * k)
		size *= 2;
	strs.v    = rl__arena_calloc(scratch, size, sizeof *strs.v);
	strs.mask = size - 1;
	strs.n    = 0;
	if (!kept || !out || (doc->n_sections && !titles) || !strs.v)
		return RL_ENOMEM;
	for (i = 0, k = 0; i < n; i++)
		if (hits[i].level >= min_level)
			kept[k++] = &hits[i];
	map_positions(doc, kept, k, out);
	for (i = 0; i < k; i++) {
		err = fill_finding(
		    doc, ps, kept[i], titles, &strs, res->arena, &out[i]);
		if (err)
			return err;
	}
	res->findings   = out;
	res->n_findings = k;
	return RL_OK;
}
