/*
 * api_doc.c - the host API table, part two: what a kind's check sees (the
 * scan and its document, read-only) and what a format's parse calls (the
 * document builder).  Handles are the engine's own objects behind opaque
 * types; every offset a plugin passes in is checked against the document
 * before it reaches the engine, so a buggy plugin gets an error, not a
 * wild write.
 */
#include <stdarg.h>
#include <stdio.h>

#include "doc/doc.h"
#include "plugin/host.h"
#include "rules/rule.h"

/* The public block kinds and flags are the engine's values. */
_Static_assert(RL_PLUGIN_BLOCK_HEADING == RL_BLOCK_HEADING, "abi");
_Static_assert(RL_PLUGIN_BLOCK_PARAGRAPH == RL_BLOCK_PARAGRAPH, "abi");
_Static_assert(RL_PLUGIN_BLOCK_LIST_ITEM == RL_BLOCK_LIST_ITEM, "abi");
_Static_assert(RL_PLUGIN_BLOCK_TABLE_HEADER == RL_BLOCK_TABLE_HEADER, "abi");
_Static_assert(RL_PLUGIN_BLOCK_TABLE_CELL == RL_BLOCK_TABLE_CELL, "abi");
_Static_assert(RL_PLUGIN_BLOCK_CODE == RL_BLOCK_CODE, "abi");
_Static_assert(RL_PLUGIN_BF_IN_LIST == RL_BF_IN_LIST, "abi");
_Static_assert(RL_PLUGIN_BF_IN_QUOTE == RL_BF_IN_QUOTE, "abi");
_Static_assert(RL_PLUGIN_BF_IN_TABLE == RL_BF_IN_TABLE, "abi");

/* The handles are the engine's objects. */
static rl_scan *
scan_of(rl_plugin_scan *s)
{
	return (rl_scan *)s;
}

static const rl_doc *
doc_of(const rl_plugin_doc *d)
{
	return (const rl_doc *)d;
}

static rl_doc_builder *
build_of(rl_plugin_build *b)
{
	return (rl_doc_builder *)b;
}

/* ------------------------------------------------------------------------
 * Scan
 * ------------------------------------------------------------------------ */

const rl_plugin_doc *
rl__papi_scan_doc(rl_plugin_scan *s)
{
	return (const rl_plugin_doc *)scan_of(s)->doc;
}

const char *
rl__papi_scan_rule_id(rl_plugin_scan *s)
{
	const rl_rule *r = scan_of(s)->rule;

	return r != NULL && r->id != NULL ? r->id : "";
}

rl_err
rl__papi_report(rl_plugin_scan *s, const rl_plugin_hit *hit)
{
	rl_scan *scan = scan_of(s);
	size_t   len  = scan->doc->len;
	rl_hit   h    = { 0 };

	if (hit == NULL)
		return RL_EINVAL;
	if (hit->off > len || hit->len > len - hit->off) {
		rl__scan_rule_error(scan,
		    "finding at bytes %u+%u is outside "
		    "the document (%zu bytes)",
		    hit->off, hit->len, len);
		return RL_EINVAL;
	}
	if (hit->level < -1 || hit->level > RL_LEVEL_ERROR ||
	    (hit->n_suggestions > 0 && hit->suggestions == NULL)) {
		rl__scan_rule_error(
		    scan, "malformed finding (level %d)", hit->level);
		return RL_EINVAL;
	}
	h.off           = hit->off;
	h.len           = hit->len;
	h.args[0]       = hit->args[0];
	h.args[1]       = hit->args[1];
	h.message       = hit->message;
	h.level         = hit->level;
	h.suggestions   = hit->suggestions;
	h.n_suggestions = hit->n_suggestions;
	return rl__scan_report(scan, scan->rule, &h);
}

void
rl__papi_rule_error(rl_plugin_scan *s, const char *fmt, ...)
{
	char    msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	rl__scan_rule_error(scan_of(s), "%s", msg);
}

void *
rl__papi_scan_alloc(rl_plugin_scan *s, size_t size)
{
	return rl__arena_calloc(scan_of(s)->arena, 1, size > 0 ? size : 1);
}

rl_err
rl__papi_scan_ranges(rl_plugin_scan *s, rl_plugin_range_fn fn, void *arg)
{
	if (fn == NULL)
		return RL_EINVAL;
	return rl__scan_ranges(scan_of(s), scan_of(s)->rule, fn, arg);
}

/* ------------------------------------------------------------------------
 * Document (read-only)
 * ------------------------------------------------------------------------ */

const char *
rl__papi_doc_prose(const rl_plugin_doc *d, size_t *len)
{
	if (len != NULL)
		*len = doc_of(d)->len;
	return doc_of(d)->prose;
}

const char *
rl__papi_doc_raw(const rl_plugin_doc *d, size_t *len)
{
	if (len != NULL)
		*len = doc_of(d)->len;
	return doc_of(d)->raw;
}

const char *
rl__papi_doc_format(const rl_plugin_doc *d)
{
	return doc_of(d)->format != NULL ? doc_of(d)->format : "";
}

uint32_t
rl__papi_doc_block_count(const rl_plugin_doc *d)
{
	return doc_of(d)->n_blocks;
}

bool
rl__papi_doc_block(const rl_plugin_doc *d, uint32_t i, rl_plugin_block *out)
{
	const rl_block *b;

	if (out == NULL || i >= doc_of(d)->n_blocks)
		return false;
	b               = &doc_of(d)->blocks[i];
	out->kind       = b->kind;
	out->level      = b->level;
	out->flags      = b->flags;
	out->off        = b->off;
	out->end        = b->end;
	out->section    = b->section;
	out->sent_first = b->sent_first;
	out->sent_count = b->sent_count;
	out->n_words    = b->n_words;
	return true;
}

uint32_t
rl__papi_doc_sentence_count(const rl_plugin_doc *d)
{
	return doc_of(d)->n_sentences;
}

bool
rl__papi_doc_sentence(
    const rl_plugin_doc *d, uint32_t i, uint32_t *off, uint32_t *end)
{
	if (i >= doc_of(d)->n_sentences)
		return false;
	if (off != NULL)
		*off = doc_of(d)->sentences[i].off;
	if (end != NULL)
		*end = doc_of(d)->sentences[i].end;
	return true;
}

uint32_t
rl__papi_doc_section_count(const rl_plugin_doc *d)
{
	return doc_of(d)->n_sections;
}

bool
rl__papi_doc_section(const rl_plugin_doc *d, uint32_t i, rl_plugin_section *out)
{
	const rl_section *s;

	if (out == NULL || i >= doc_of(d)->n_sections)
		return false;
	s            = &doc_of(d)->sections[i];
	out->title   = s->title != NULL ? s->title : "";
	out->level   = s->level;
	out->parent  = s->parent;
	out->off     = s->off;
	out->body    = s->body;
	out->end     = s->end;
	out->n_words = s->n_words;
	return true;
}

static void
no_word(void *arg, uint32_t off, uint32_t end)
{
	(void)arg;
	(void)off;
	(void)end;
}

size_t
rl__papi_doc_words(const rl_plugin_doc *d, uint32_t off, uint32_t end,
    rl_plugin_word_fn fn, void *arg)
{
	if (off > end || end > doc_of(d)->len)
		return 0;
	return rl__doc_words(
	    doc_of(d), off, end, fn != NULL ? fn : no_word, arg);
}

void
rl__papi_doc_line_col(
    const rl_plugin_doc *d, size_t off, uint32_t *line, uint32_t *column)
{
	uint32_t l = 0, c = 0;

	if (off > doc_of(d)->len)
		off = doc_of(d)->len;
	rl__doc_line_col(doc_of(d), off, &l, &c);
	if (line != NULL)
		*line = l;
	if (column != NULL)
		*column = c;
}

/* ------------------------------------------------------------------------
 * Builder
 * ------------------------------------------------------------------------ */

/* in_source: [off, off+len) lies inside the builder's source. */
static bool
in_source(rl_plugin_build *b, uint32_t off, uint32_t len)
{
	size_t n = 0;

	rl__doc_builder_src(build_of(b), &n);
	return off <= n && len <= n - off;
}

rl_err
rl__papi_build_block_begin(
    rl_plugin_build *b, int kind, unsigned level, unsigned flags)
{
	if (kind < 0 || kind >= RL_BLOCK_KIND_COUNT || level > 255 ||
	    (flags &
	        ~(unsigned)(RL_BF_IN_LIST | RL_BF_IN_QUOTE | RL_BF_IN_TABLE)) !=
	        0)
		return RL_EINVAL;
	return rl__doc_block_begin(
	    build_of(b), (rl_block_kind)kind, (uint8_t)level, (uint16_t)flags);
}

rl_err
rl__papi_build_block_end(rl_plugin_build *b)
{
	return rl__doc_block_end(build_of(b));
}

rl_err
rl__papi_build_text(rl_plugin_build *b, uint32_t off, uint32_t len)
{
	if (!in_source(b, off, len))
		return RL_EINVAL;
	return rl__doc_text(build_of(b), off, len);
}

rl_err
rl__papi_build_text_subst(rl_plugin_build *b, uint32_t off, uint32_t len,
    const char *text, size_t tlen)
{
	if (!in_source(b, off, len) || tlen > len || (text == NULL && tlen > 0))
		return RL_EINVAL;
	return rl__doc_text_subst(build_of(b), off, len, text, tlen);
}

rl_err
rl__papi_build_comment(rl_plugin_build *b, uint32_t off, uint32_t len)
{
	if (!in_source(b, off, len))
		return RL_EINVAL;
	return rl__doc_comment(build_of(b), off, len);
}

rl_err
rl__papi_build_front_matter(rl_plugin_build *b, uint32_t off, uint32_t len,
    uint32_t span_off, uint32_t span_end)
{
	rl_span span = { span_off, span_end };

	if (!in_source(b, off, len) || span_off > span_end ||
	    !in_source(b, span_off, span_end - span_off) || off < span_off ||
	    off + len > span_end)
		return RL_EINVAL;
	return rl__doc_front_matter(build_of(b), off, len, span);
}
