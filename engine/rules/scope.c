/*
 * scope.c - Vale's scopes over Redline's document model, and the ranges a
 * rule's check sees.
 *
 * Units, as Vale lints markup: `text` is every prose block (headings,
 * paragraphs, list items, table cells) on its own, so a match never runs
 * from one block into the next; `heading`, `paragraph`, `list`,
 * `table.header`, `table.cell`, `blockquote` are the matching blocks;
 * `sentence` is each sentence of the included blocks; `summary` is the
 * document's first paragraph; `raw` is the whole source.  A `~name`
 * removes blocks.  Each block or sentence is trimmed of surrounding white
 * space (markup in prose is blank), so `^` and `$` anchor to its text.
 * The rule's `section:` selector keeps only what lies inside sections
 * whose title matches.  Ranges in which the rule's prefilter proves no
 * match are skipped.
 */
#include <stdio.h>
#include <string.h>

#include "rules/prefilter.h"
#include "rules/rule.h"

static const struct {
	const char *name;
	uint32_t    bit;
} scope_names[] = {
	{ "text", RL_SCOPE_TEXT },
	{ "heading", RL_SCOPE_HEADING },
	{ "heading.h1", RL_SCOPE_HEADING_H1 },
	{ "heading.h2", RL_SCOPE_HEADING_H1 << 1 },
	{ "heading.h3", RL_SCOPE_HEADING_H1 << 2 },
	{ "heading.h4", RL_SCOPE_HEADING_H1 << 3 },
	{ "heading.h5", RL_SCOPE_HEADING_H1 << 4 },
	{ "heading.h6", RL_SCOPE_HEADING_H1 << 5 },
	{ "paragraph", RL_SCOPE_PARAGRAPH },
	{ "sentence", RL_SCOPE_SENTENCE },
	{ "list", RL_SCOPE_LIST },
	{ "table", RL_SCOPE_TABLE_HEADER | RL_SCOPE_TABLE_CELL },
	{ "table.header", RL_SCOPE_TABLE_HEADER },
	{ "table.cell", RL_SCOPE_TABLE_CELL },
	{ "blockquote", RL_SCOPE_BLOCKQUOTE },
	{ "raw", RL_SCOPE_RAW },
	{ "summary", RL_SCOPE_SUMMARY },
};

/* strip_format drops a Vale format suffix (heading.md, text.rst): Redline
 * scopes apply to every format. */
static size_t
strip_format(const char *name, size_t len)
{
	static const char *const formats[] = { ".md", ".markdown", ".txt",
		".rst", ".adoc", ".html", ".org", ".xml", NULL };
	size_t                   i, n;

	for (i = 0; formats[i]; i++) {
		n = strlen(formats[i]);
		if (len > n && memcmp(name + len - n, formats[i], n) == 0)
			return len - n;
	}
	return len;
}

rl_err
rl__scope_parse(const char *const *names, size_t n, rl_scope *out, char *bad,
    size_t badsize)
{
	size_t i, j;

	out->include = 0;
	out->exclude = 0;
	for (i = 0; i < n; i++) {
		const char *name = names[i];
		bool        neg  = false;
		size_t      len;

		while (*name == ' ')
			name++;
		if (*name == '~') {
			neg = true;
			name++;
		}
		len = strlen(name);
		while (len && name[len - 1] == ' ')
			len--;
		len = strip_format(name, len);
		for (j = 0; j < sizeof scope_names / sizeof scope_names[0]; j++)
			if (strlen(scope_names[j].name) == len &&
			    memcmp(scope_names[j].name, name, len) == 0)
				break;
		if (j == sizeof scope_names / sizeof scope_names[0]) {
			if (bad && badsize)
				snprintf(bad, badsize, "%s", names[i]);
			return RL_EINVAL;
		}
		if (neg)
			out->exclude |= scope_names[j].bit;
		else
			out->include |= scope_names[j].bit;
	}
	if ((out->include & RL_SCOPE_RAW) && (out->include & ~RL_SCOPE_RAW)) {
		if (bad && badsize)
			snprintf(bad, badsize,
			    "raw cannot be combined with "
			    "other scopes");
		return RL_EINVAL;
	}
	if (!out->include)
		out->include = RL_SCOPE_TEXT;
	return RL_OK;
}

/* ------------------------------------------------------------------------
 * Ranges
 * ------------------------------------------------------------------------ */

/* A section interval kept by the `section:` selector. */
typedef struct interval {
	uint32_t off, end;
} interval;

typedef struct range_ctx {
	rl_scan        *scan;
	const rl_rule  *rule;
	const char     *text;
	rl_range_fn     fn;
	void           *arg;
	interval       *iv; /* NULL: no selector */
	size_t          n_iv;
	const uint32_t *starts; /* the prefilter's candidates, or NULL */
	size_t          n_starts, ci;
} range_ctx;

static bool
is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* inside: [off, end) lies in one of the kept sections. */
static bool
inside(const range_ctx *c, uint32_t off, uint32_t end)
{
	size_t i;

	if (!c->iv)
		return true;
	for (i = 0; i < c->n_iv; i++)
		if (off >= c->iv[i].off && end <= c->iv[i].end)
			return true;
	return false;
}

/* emit trims [off, end) and hands it on, unless the prefilter proves the
 * rule cannot match there. */
static rl_err
emit(range_ctx *c, uint32_t off, uint32_t end)
{
	while (off < end && is_space(c->text[off]))
		off++;
	while (end > off && is_space(c->text[end - 1]))
		end--;
	if (off >= end || !inside(c, off, end))
		return RL_OK;
	if (!c->starts && !rl__prefilter_may_match(c->scan, c->rule, off, end))
		return RL_OK;
	if (c->starts) { /* a candidate must lie in the trimmed range */
		size_t k = c->ci;

		while (k < c->n_starts && c->starts[k] < off)
			k++;
		if (k == c->n_starts || c->starts[k] >= end)
			return RL_OK;
	}
	return c->fn(c->arg, c->text, off, end);
}

/* summary_block: the document's first paragraph, or UINT32_MAX. */
static uint32_t
summary_block(const rl_doc *d)
{
	uint32_t i;

	for (i = 0; i < d->n_blocks; i++)
		if (d->blocks[i].kind == RL_BLOCK_PARAGRAPH &&
		    !(d->blocks[i].flags &
		        (RL_BF_IN_LIST | RL_BF_IN_QUOTE | RL_BF_IN_TABLE)))
			return i;
	return UINT32_MAX;
}

/* block_scopes: the scope bits block i belongs to. */
static uint32_t
block_scopes(const rl_doc *d, uint32_t i, uint32_t summary)
{
	const rl_block *b = &d->blocks[i];
	uint32_t        m = RL_SCOPE_TEXT | RL_SCOPE_SENTENCE;

	switch (b->kind) {
	case RL_BLOCK_HEADING:
		if (b->level >= 1 && b->level <= 6)
			m |= RL_SCOPE_HEADING_H1 << (b->level - 1);
		break;
	case RL_BLOCK_PARAGRAPH:
		m |= RL_SCOPE_PARAGRAPH;
		break;
	case RL_BLOCK_LIST_ITEM:
		m |= RL_SCOPE_LIST;
		break;
	case RL_BLOCK_TABLE_HEADER:
		m |= RL_SCOPE_TABLE_HEADER;
		break;
	case RL_BLOCK_TABLE_CELL:
		m |= RL_SCOPE_TABLE_CELL;
		break;
	default:
		return 0; /* code: never prose */
	}
	if (b->flags & RL_BF_IN_LIST)
		m |= RL_SCOPE_LIST;
	if (b->flags & RL_BF_IN_QUOTE)
		m |= RL_SCOPE_BLOCKQUOTE;
	if (i == summary)
		m |= RL_SCOPE_SUMMARY;
	return m;
}

/* section_intervals keeps the bodies of the sections whose title matches
 * the rule's selector. */
static rl_err
section_intervals(range_ctx *c)
{
	const rl_doc     *d  = c->scan->doc;
	pcre2_match_data *md = rl__scan_match_data(c->scan);
	uint32_t          i;
	size_t            mo, me;
	int               rc;

	c->iv = rl__arena_alloc(c->scan->arena,
	    (d->n_sections ? d->n_sections : 1) * sizeof *c->iv);
	if (!c->iv)
		return RL_ENOMEM;
	c->n_iv = 0;
	for (i = 1; i < d->n_sections; i++) {
		const rl_section *sec = &d->sections[i];

		rc = rl__regex_match(c->rule->section, sec->title,
		    strlen(sec->title), 0, md, &mo, &me);
		if (rc < 0)
			return RL_ERULE;
		if (rc == 0)
			continue;
		c->iv[c->n_iv].off   = sec->body;
		c->iv[c->n_iv++].end = sec->end;
	}
	return RL_OK;
}

/* included: block i is in the rule's scope. */
static bool
included(const range_ctx *c, uint32_t i, uint32_t summary)
{
	uint32_t inc = c->rule->scope.include & ~RL_SCOPE_SENTENCE;
	uint32_t m   = block_scopes(c->scan->doc, i, summary);

	if (!inc)
		inc = RL_SCOPE_TEXT;
	return (m & inc) && !(m & c->rule->scope.exclude & ~RL_SCOPE_SENTENCE);
}

/* emit_block hands on block i, or its sentences; with candidates, only
 * the sentences that hold one. */
static rl_err
emit_block(range_ctx *c, uint32_t i)
{
	const rl_doc   *d = c->scan->doc;
	const rl_block *b = &d->blocks[i];
	uint32_t        k, last;
	rl_err          err;

	if (!(c->rule->scope.include & RL_SCOPE_SENTENCE))
		return emit(c, b->off, b->end);
	last = b->sent_first + b->sent_count;
	if (last > d->n_sentences)
		last = d->n_sentences;
	for (k = b->sent_first; k < last; k++) {
		const rl_span *sp = &d->sentences[k];

		if (c->starts) {
			while (
			    c->ci < c->n_starts && c->starts[c->ci] < sp->off)
				c->ci++;
			if (c->ci == c->n_starts || c->starts[c->ci] >= b->end)
				break;
			if (c->starts[c->ci] >= sp->end)
				continue;
		}
		if ((err = emit(c, sp->off, sp->end)))
			return err;
	}
	return RL_OK;
}

/* blocks walks every block in scope. */
static rl_err
blocks(range_ctx *c)
{
	const rl_doc *d       = c->scan->doc;
	uint32_t      summary = summary_block(d), i;
	rl_err        err;

	for (i = 0; i < d->n_blocks; i++)
		if (included(c, i, summary) && (err = emit_block(c, i)))
			return err;
	return RL_OK;
}

/* candidate_blocks visits only the blocks holding one of the prefilter's
 * candidates: the cost follows the candidates, not the document. */
static rl_err
candidate_blocks(range_ctx *c)
{
	const rl_doc *d       = c->scan->doc;
	uint32_t      summary = UINT32_MAX - 1, bi = 0, lo, hi, p;
	rl_err        err;

	while (c->ci < c->n_starts && bi < d->n_blocks) {
		p  = c->starts[c->ci];
		lo = bi;
		hi = d->n_blocks;
		while (lo < hi) { /* the first block ending after p */
			uint32_t mid = lo + (hi - lo) / 2;

			if (d->blocks[mid].end <= p)
				lo = mid + 1;
			else
				hi = mid;
		}
		bi = lo;
		if (bi == d->n_blocks)
			break;
		if (p >= d->blocks[bi].off) {
			if (summary == UINT32_MAX - 1)
				summary = summary_block(d);
			if (included(c, bi, summary) &&
			    (err = emit_block(c, bi)))
				return err;
			bi++;
		}
		while (c->ci < c->n_starts &&
		    c->starts[c->ci] <
		        (bi < d->n_blocks ? d->blocks[bi].off : UINT32_MAX))
			c->ci++;
	}
	return RL_OK;
}

rl_err
rl__scan_ranges(rl_scan *s, const rl_rule *r, rl_range_fn fn, void *arg)
{
	range_ctx c;
	size_t    i;
	rl_err    err;

	memset(&c, 0, sizeof c);
	c.scan = s;
	c.rule = r;
	c.fn   = fn;
	c.arg  = arg;
	c.text =
	    (r->scope.include & RL_SCOPE_RAW) ? s->doc->raw : s->doc->prose;
	if (r->section && (err = section_intervals(&c)))
		return err;
	if (!(r->scope.include & RL_SCOPE_RAW)) {
		if (rl__prefilter_starts(s, r, &c.starts, &c.n_starts))
			return candidate_blocks(&c);
		return blocks(&c);
	}
	if (!c.iv)
		return emit(&c, 0, (uint32_t)s->doc->len);
	for (i = 0; i < c.n_iv; i++) {
		/* nested sections: skip intervals inside the previous one */
		if (i > 0 && c.iv[i].end <= c.iv[i - 1].end &&
		    c.iv[i].off >= c.iv[i - 1].off) {
			c.iv[i] = c.iv[i - 1];
			continue;
		}
		if ((err = emit(&c, c.iv[i].off, c.iv[i].end)))
			return err;
	}
	return RL_OK;
}
