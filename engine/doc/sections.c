/*
 * sections.c - sections from the heading hierarchy.
 *
 * Section 0 is the root and covers the document.  Each heading starts a
 * section that ends where the next heading of the same or a higher level
 * starts.  One pass over the blocks with a stack of open sections (at most
 * one per heading level).  A heading's section starts at its line, unless
 * another block shares the line (then at the heading's own text).
 */
#include <string.h>

#include "doc/doc_int.h"

static uint32_t
line_start(const rl_doc *d, uint32_t off)
{
	return d->line_starts[rl__doc_line_index(d, off)];
}

/* next_line: start of the line after the one holding off. */
static uint32_t
next_line(const rl_doc *d, uint32_t off)
{
	const char *nl =
	    off < d->len ? memchr(d->raw + off, '\n', d->len - off) : NULL;

	return nl ? (uint32_t)(nl - d->raw) + 1 : (uint32_t)d->len;
}

/* setext_underline: the line at off is a run of '=' or '-' (after
 * blanks and blockquote markers). */
static bool
setext_underline(const rl_doc *d, uint32_t off)
{
	uint32_t i = off;
	char     c = 0;

	while (i < d->len && (d->raw[i] == ' ' || d->raw[i] == '>'))
		i++;
	if (i < d->len && (d->raw[i] == '=' || d->raw[i] == '-'))
		c = d->raw[i];
	if (!c)
		return false;
	while (i < d->len && d->raw[i] == c)
		i++;
	while (i < d->len &&
	    (d->raw[i] == ' ' || d->raw[i] == '\t' || d->raw[i] == '\r'))
		i++;
	return i == d->len || d->raw[i] == '\n';
}

/* heading_start: the start of the heading's line, or the heading itself
 * when another block shares that line (HTML on one line). */
static uint32_t
heading_start(const rl_doc *d, uint32_t i)
{
	uint32_t start = line_start(d, d->blocks[i].off);

	if (i > 0 && d->blocks[i - 1].end > start)
		return d->blocks[i].off;
	return start;
}

/* heading_body: the first byte after the heading's line (after a setext
 * heading's underline too), or right after the heading when the next
 * block starts on that line. */
static uint32_t
heading_body(const rl_doc *d, uint32_t i, uint32_t start)
{
	const rl_block *h = &d->blocks[i];
	uint32_t body     = next_line(d, h->end > h->off ? h->end - 1 : h->off);
	bool     atx      = memchr(d->raw + start, '#', h->off - start) != NULL;

	if (i + 1 < d->n_blocks && d->blocks[i + 1].off < body)
		return h->end;
	if (!atx && body < d->len && setext_underline(d, body))
		body = next_line(d, body);
	return body;
}

/* title: the heading's prose with whitespace collapsed and trimmed. */
static const char *
title(rl_doc_builder *b, const rl_block *h)
{
	const char *p = b->prose;
	char       *t = rl__arena_alloc(b->arena, h->end - h->off + 1);
	size_t      n = 0;
	uint32_t    i;
	bool        gap = false;

	if (!t)
		return NULL;
	for (i = h->off; i < h->end; i++) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' ||
		    p[i] == '\r') {
			gap = n > 0;
			continue;
		}
		if (gap)
			t[n++] = ' ';
		gap    = false;
		t[n++] = p[i];
	}
	t[n] = '\0';
	return t;
}

rl_err
rl__doc_sections(rl_doc_builder *b)
{
	rl_doc     *d = b->doc;
	rl_section *sec;
	uint32_t    stack[8], top = 1, n = 1, i, j, si = 1;

	for (i = 0; i < d->n_blocks; i++)
		if (d->blocks[i].kind == RL_BLOCK_HEADING)
			n++;
	sec = rl__arena_calloc(b->arena, n, sizeof *sec);
	if (!sec)
		return RL_ENOMEM;
	sec[0].title     = "";
	sec[0].heading   = UINT32_MAX;
	sec[0].end       = (uint32_t)d->len;
	sec[0].block_end = d->n_blocks;
	stack[0]         = 0;
	for (i = 0; i < d->n_blocks; i++) {
		rl_block *blk = &d->blocks[i];
		uint32_t  own = UINT32_MAX;

		if (blk->kind == RL_BLOCK_HEADING) {
			uint8_t  level = blk->level < 1 ? 1
			     : blk->level > 6           ? 6
			                                : blk->level;
			uint32_t start = heading_start(d, i);

			while (top > 1 && sec[stack[top - 1]].level >= level) {
				sec[stack[top - 1]].end       = start;
				sec[stack[top - 1]].block_end = i;
				top--;
			}
			sec[si].level       = level;
			sec[si].parent      = stack[top - 1];
			sec[si].heading     = i;
			sec[si].off         = start;
			sec[si].body        = heading_body(d, i, start);
			sec[si].end         = (uint32_t)d->len;
			sec[si].block_first = i;
			sec[si].block_end   = d->n_blocks;
			sec[si].title       = title(b, blk);
			if (!sec[si].title)
				return RL_ENOMEM;
			own          = si;
			stack[top++] = si++;
		}
		blk->section = stack[top - 1];
		/* A heading's words are in its parents' bodies, not its own. */
		for (j = 0; j < top; j++)
			if (stack[j] != own)
				sec[stack[j]].n_words += blk->n_words;
	}
	d->sections   = sec;
	d->n_sections = n;
	return RL_OK;
}
