/*
 * position.c - byte offsets to lines and columns, sections at an offset,
 * front-matter lookups.
 *
 * Columns are 1-based code points from the line start (a tab is one); the
 * raw buffer is valid UTF-8 (invalid bytes are '?'), so counting the bytes
 * that do not continue a sequence counts code points.  Only LF starts a
 * line, so CR LF endings give the same lines as LF.
 */
#include <string.h>

#include "doc/doc_int.h"

uint32_t
rl__doc_line_index(const rl_doc *d, size_t off)
{
	uint32_t lo = 0, hi = d->n_lines;

	/* The last line whose start is <= off. */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (d->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static uint32_t
count_cols(const char *raw, size_t from, size_t to)
{
	uint32_t n = 0;
	size_t   i = from;
	uint64_t w, cont;

	/* Eight bytes at a time: a continuation byte has bit 7 set and bit
	 * 6 clear; the multiply sums the per-byte flags in the top byte. */
	for (; i + 8 <= to; i += 8) {
		memcpy(&w, raw + i, 8);
		cont = w & ~(w << 1) & 0x8080808080808080u;
		n += 8 - (uint32_t)(((cont >> 7) * 0x0101010101010101u) >> 56);
	}
	for (; i < to; i++)
		n += ((unsigned char)raw[i] & 0xC0) != 0x80;
	return n;
}

void
rl__doc_line_col(const rl_doc *d, size_t off, uint32_t *line, uint32_t *col)
{
	uint32_t idx;
	size_t   ls;

	if (off > d->len)
		off = d->len;
	idx   = rl__doc_line_index(d, off);
	ls    = d->line_starts[idx];
	*line = idx + 1;
	*col  = (off > ls ? count_cols(d->raw, ls, off) : 0) + 1;
}

void
rl__poscursor_init(rl_poscursor *c, const rl_doc *d)
{
	c->doc      = d;
	c->line_idx = 0;
	c->off      = d->line_starts[0];
	c->line     = 1;
	c->col      = 1;
}

void
rl__poscursor_seek(rl_poscursor *c, size_t off, uint32_t *line, uint32_t *col)
{
	const rl_doc *d = c->doc;

	if (off > d->len)
		off = d->len;
	if (off < c->off) {
		/* Not forward: answer directly and restart from there. */
		rl__doc_line_col(d, off, line, col);
		c->line_idx = *line - 1;
		c->line     = *line;
		c->col      = *col;
		c->off      = off < d->line_starts[c->line_idx]
		         ? d->line_starts[c->line_idx]
		         : off;
		return;
	}
	while (c->line_idx + 1 < d->n_lines &&
	    d->line_starts[c->line_idx + 1] <= off) {
		c->line_idx++;
		c->off = d->line_starts[c->line_idx];
		c->col = 1;
	}
	c->line = c->line_idx + 1;
	c->col += count_cols(d->raw, c->off, off);
	c->off = off;
	*line  = c->line;
	*col   = c->col;
}

uint32_t
rl__doc_section_at(const rl_doc *d, size_t off)
{
	uint32_t lo = 0, hi = d->n_sections, s;

	if (d->n_sections == 0)
		return 0;
	/* The last section starting at or before off... */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (d->sections[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	/* ...or the nearest ancestor still open at off. */
	for (s = lo; s != 0 && off >= d->sections[s].end;)
		s = d->sections[s].parent;
	return s;
}

const rl_meta *
rl__doc_meta_get(const rl_doc *d, const char *key)
{
	const rl_meta *m;

	if (!d->meta || d->meta->kind != RL_META_MAP)
		return NULL;
	for (m = d->meta->child; m; m = m->next)
		if (m->key && strcmp(m->key, key) == 0)
			return m;
	return NULL;
}
