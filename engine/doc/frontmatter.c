/*
 * frontmatter.c - the document preamble: a UTF-8 byte order mark and YAML
 * front matter, shared by every built-in format.
 *
 * Front matter is a `---` line at the very start (after a BOM) up to the
 * next `---` or `...` line.  Its YAML becomes the rl_meta tree; YAML that
 * does not parse leaves meta NULL but the block is still not prose.
 */
#include <string.h>

#include "core/cfg.h"
#include "doc/doc_int.h"

/* fence_line: the line at p (ending at or before end) is exactly `mark`
 * (three characters) plus optional trailing blanks.  *next is the start of
 * the following line, *text_end the end of the fence's text. */
static bool
fence_line(const char *raw, uint32_t p, uint32_t end, const char *mark,
    uint32_t *text_end, uint32_t *next)
{
	uint32_t i;

	if (end - p < 3 || memcmp(raw + p, mark, 3) != 0)
		return false;
	for (i = p + 3; i < end && (raw[i] == ' ' || raw[i] == '\t'); i++)
		;
	if (i < end && raw[i] == '\r')
		i++;
	if (i < end && raw[i] != '\n')
		return false;
	*text_end = p + 3;
	*next     = i < end ? i + 1 : end;
	return true;
}

/* cfg_offset turns a cfg mark (1-based line and column in code points,
 * relative to the YAML starting at base, a line start) into an offset. */
static uint32_t
cfg_offset(const rl_doc_builder *b, uint32_t base, uint32_t line, uint32_t col)
{
	const rl_doc *d   = b->doc;
	uint32_t      idx = rl__doc_line_index(d, base) + line - 1;
	uint32_t      p, n;

	if (line == 0 || idx >= d->n_lines)
		return base;
	p = d->line_starts[idx];
	for (n = 1; n < col && p < b->len && b->raw[p] != '\n'; n++) {
		p++;
		while (p < b->len && ((unsigned char)b->raw[p] & 0xC0) == 0x80)
			p++;
	}
	return p;
}

static rl_meta *
meta_from_cfg(rl_doc_builder *b, uint32_t base, const rl_cfg *c)
{
	rl_meta *m = rl__arena_calloc(b->arena, 1, sizeof *m), *last = NULL;
	const rl_cfg *k;

	if (!m)
		return NULL;
	m->kind  = c->kind == RL_CFG_MAP ? RL_META_MAP
	     : c->kind == RL_CFG_SEQ     ? RL_META_SEQ
	                                 : RL_META_SCALAR;
	m->key   = c->key;
	m->value = c->value ? c->value : "";
	m->off   = cfg_offset(b, base, c->line, c->column);
	for (k = c->child; k; k = k->next) {
		rl_meta *child = meta_from_cfg(b, base, k);

		if (!child)
			return NULL;
		if (last)
			last->next = child;
		else
			m->child = child;
		last = child;
	}
	return m;
}

rl_err
rl__doc_front_matter(
    rl_doc_builder *b, uint32_t off, uint32_t len, rl_span span)
{
	rl_cfg *root = NULL;
	rl_err  err;

	if (off > b->len || len > b->len - off || span.off > span.end ||
	    span.end > b->len)
		return RL_EINVAL;
	b->doc->meta_span = span;
	b->doc->meta      = NULL;
	err               = rl__cfg_parse(
	                  b->raw + off, len, "front matter", b->arena, &root, NULL);
	if (err == RL_ENOMEM)
		return err;
	if (err != RL_OK || root->kind != RL_CFG_MAP)
		return RL_OK;
	b->doc->meta = meta_from_cfg(b, off, root);
	return b->doc->meta ? RL_OK : RL_ENOMEM;
}

rl_err
rl__doc_preamble(rl_doc_builder *b, uint32_t *body)
{
	const char *raw = b->raw;
	uint32_t    p   = 0, yaml, line, next, text_end;
	rl_span     span;

	if (b->len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0)
		p = 3;
	*body = p;
	if (!fence_line(raw, p, b->len, "---", &text_end, &yaml) ||
	    yaml == b->len)
		return RL_OK;
	for (line = yaml; line < b->len; line = next) {
		const char *nl = memchr(raw + line, '\n', b->len - line);

		next = nl ? (uint32_t)(nl - raw) + 1 : b->len;
		if (fence_line(raw, line, b->len, "---", &text_end, &next) ||
		    fence_line(raw, line, b->len, "...", &text_end, &next)) {
			span.off = p;
			span.end = text_end;
			*body    = next;
			return rl__doc_front_matter(b, yaml, line - yaml, span);
		}
	}
	return RL_OK;
}
