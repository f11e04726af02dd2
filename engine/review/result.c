/*
 * result.c - from a scan's raw hits to the plain-data rl_result.
 *
 * Hits are sorted by offset, then rule id (stable by report order); the
 * score is computed from all of them; those below min_level are dropped;
 * the rest get line/column positions from one forward rl_poscursor pass
 * over their start and end offsets in increasing order, so mapping costs
 * one walk of the document plus a sort, never a search per finding.
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

/* One offset to map: idx / 2 is the finding, idx % 2 says start or end. */
typedef struct pos_req {
	uint32_t off;
	uint32_t idx;
} pos_req;

static int
pos_cmp(const void *a, const void *b)
{
	const pos_req *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
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

static rl_err
map_positions(const rl_doc *doc, const rl_raw_finding *const *kept, size_t k,
    rl_arena *scratch, rl_finding *out)
{
	rl_poscursor cur;
	pos_req     *pos;
	size_t       i;

	if (k == 0)
		return RL_OK;
	if (k > SIZE_MAX / (2 * sizeof *pos) || 2 * k > UINT32_MAX)
		return RL_ETOOBIG;
	pos = rl__arena_alloc(scratch, 2 * k * sizeof *pos);
	if (!pos)
		return RL_ENOMEM;
	for (i = 0; i < k; i++) {
		pos[2 * i].off = kept[i]->off;
		pos[2 * i].idx = (uint32_t)(2 * i);
		pos[2 * i + 1].off =
		    last_char(doc->raw, kept[i]->off, kept[i]->len);
		pos[2 * i + 1].idx = (uint32_t)(2 * i + 1);
	}
	qsort(pos, 2 * k, sizeof *pos, pos_cmp);
	rl__poscursor_init(&cur, doc);
	for (i = 0; i < 2 * k; i++) {
		rl_finding *f = &out[pos[i].idx / 2];

		if (pos[i].idx % 2 == 0)
			rl__poscursor_seek(
			    &cur, pos[i].off, &f->line, &f->column);
		else
			rl__poscursor_seek(
			    &cur, pos[i].off, &f->end_line, &f->end_column);
	}
	return RL_OK;
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

static rl_err
fill_finding(const rl_doc *doc, const rl_packset *ps, const rl_raw_finding *h,
    const char **titles, rl_arena *a, rl_finding *f)
{
	f->rule     = rl__arena_strdup(a, h->rule->id ? h->rule->id : "");
	f->level    = h->level;
	f->message  = rl__arena_strdup(a, h->message ? h->message : "");
	f->offset   = h->off;
	f->length   = h->len;
	f->match    = rl__arena_strndup(a, doc->src + h->off, h->len);
	f->section  = section_title(doc, h->off, titles, a);
	f->category = rl__arena_strdup(a, rl__rule_category(ps, h->rule));
	if (!f->rule || !f->message || !f->match || !f->section || !f->category)
		return RL_ENOMEM;
	return copy_suggestions(a, h, f);
}

rl_err
rl__result_build(const rl_doc *doc, const rl_packset *ps, rl_raw_finding *hits,
    size_t n, rl_level min_level, rl_arena *scratch, rl_result *res)
{
	const rl_raw_finding **kept   = NULL;
	const char           **titles = NULL;
	rl_finding            *out;
	size_t                 i, k = 0;
	rl_err                 err;

	if (n)
		qsort(hits, n, sizeof *hits, rl__raw_finding_cmp);
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
	if (!kept || !out || (doc->n_sections && !titles))
		return RL_ENOMEM;
	for (i = 0, k = 0; i < n; i++)
		if (hits[i].level >= min_level)
			kept[k++] = &hits[i];
	err = map_positions(doc, kept, k, scratch, out);
	if (err)
		return err;
	for (i = 0; i < k; i++) {
		err =
		    fill_finding(doc, ps, kept[i], titles, res->arena, &out[i]);
		if (err)
			return err;
	}
	res->findings   = out;
	res->n_findings = k;
	return RL_OK;
}
