/*
 * markdown.c - the Markdown format, parsed with md4c (CommonMark plus
 * tables, strikethrough and task lists; raw HTML allowed).
 *
 * md4c hands text as pointers into the buffer it parses (the builder's
 * sanitised copy), so offsets come from pointer arithmetic.  Only normal
 * text is prose: code spans and blocks, raw HTML, entities, image alt text
 * and autolink URLs are not.  md4c reports no positions for blocks, so
 * each block's range is that of its text; blocks are flat (a nested list
 * ends the item block around it).
 */
#include <md4c.h>
#include <string.h>

#include "doc/doc_int.h"

#define MD_MAX_DEPTH 64

typedef struct md_state {
	rl_doc_builder *b;
	const char     *buf; /* builder's raw */
	uint32_t        len;
	rl_err          err;

	int  list_depth;
	int  quote_depth;
	bool in_table;
	/* Per open container, innermost last: is it a list item? */
	bool li_stack[MD_MAX_DEPTH]; /* deeper containers: not items */
	int  depth;
	bool lazy_item; /* a tight item's text may open a LIST_ITEM block */
	int  img_depth;
	/* Inside a link (an autolink shows its URL as text). */
	bool in_link;

	uint32_t last_pos; /* furthest source byte seen so far */
	uint32_t h_from;   /* last_pos when the open heading began */
	uint32_t h_any;    /* first byte of any text in it, or UINT32_MAX */
	uint32_t html_pos; /* comments are searched from here on */
} md_state;

static uint16_t
md_flags(const md_state *s)
{
	return (uint16_t)((s->list_depth ? RL_BF_IN_LIST : 0) |
	    (s->quote_depth ? RL_BF_IN_QUOTE : 0) |
	    (s->in_table ? RL_BF_IN_TABLE : 0));
}

/* md_in_item: the innermost open container is a list item. */
static bool
md_in_item(const md_state *s)
{
	return s->depth > 0 && s->depth <= MD_MAX_DEPTH &&
	    s->li_stack[s->depth - 1];
}

static int
md_fail(md_state *s, rl_err err)
{
	s->err = err;
	return 1;
}

static rl_err
md_close(md_state *s)
{
	if (!s->b->open)
		return RL_OK;
	return rl__doc_block_end(s->b);
}

static bool
md_in_buffer(const md_state *s, const char *p, size_t n)
{
	return p >= s->buf && p <= s->buf + s->len &&
	    n <= (size_t)(s->buf + s->len - p);
}

/* md_locate_heading finds the line of an empty ATX heading (no text tells
 * where it is): the next `#` run of the level at or after last_pos. */
static uint32_t
md_locate_heading(const md_state *s, unsigned level)
{
	uint32_t p = s->h_from, i;
	unsigned n;

	/* Text seen so far ends on the line at last_pos: start after it. */
	if (p > 0 && s->buf[p - 1] != '\n') {
		while (p < s->len && s->buf[p] != '\n')
			p++;
		if (p < s->len)
			p++;
	}
	while (p < s->len) {
		for (i = p; i < s->len && i - p < 3 && s->buf[i] == ' '; i++)
			;
		for (n = 0; i + n < s->len && s->buf[i + n] == '#'; n++)
			;
		if (n == level &&
		    (i + n == s->len || s->buf[i + n] == ' ' ||
		        s->buf[i + n] == '\t' || s->buf[i + n] == '\r' ||
		        s->buf[i + n] == '\n'))
			return i;
		while (p < s->len && s->buf[p] != '\n')
			p++;
		if (p < s->len)
			p++;
	}
	return s->h_from;
}

static int
md_enter_block(MD_BLOCKTYPE type, void *detail, void *arg)
{
	md_state *s = arg;
	rl_err    err;
	bool      in_item;

	if (type != MD_BLOCK_DOC && type != MD_BLOCK_THEAD &&
	    type != MD_BLOCK_TBODY && type != MD_BLOCK_TR &&
	    (err = md_close(s)) != RL_OK)
		return md_fail(s, err);
	in_item      = md_in_item(s);
	s->lazy_item = false;
	switch (type) {
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
	case MD_BLOCK_LI:
		if (s->depth < MD_MAX_DEPTH)
			s->li_stack[s->depth] = type == MD_BLOCK_LI;
		s->depth++;
		if (type == MD_BLOCK_QUOTE)
			s->quote_depth++;
		else if (type != MD_BLOCK_LI)
			s->list_depth++;
		else
			s->lazy_item = true;
		return 0;
	case MD_BLOCK_H:
		s->h_from = s->last_pos;
		s->h_any  = UINT32_MAX;
		err       = rl__doc_block_begin(s->b, RL_BLOCK_HEADING,
		          (uint8_t)((MD_BLOCK_H_DETAIL *)detail)->level, md_flags(s));
		break;
	case MD_BLOCK_CODE:
		err = rl__doc_block_begin(s->b, RL_BLOCK_CODE, 0, md_flags(s));
		break;
	case MD_BLOCK_P:
		err = rl__doc_block_begin(s->b,
		    in_item ? RL_BLOCK_LIST_ITEM : RL_BLOCK_PARAGRAPH,
		    (uint8_t)(in_item ? s->list_depth : 0), md_flags(s));
		break;
	case MD_BLOCK_TABLE:
		s->in_table = true;
		return 0;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		err = rl__doc_block_begin(s->b,
		    type == MD_BLOCK_TH ? RL_BLOCK_TABLE_HEADER
		                        : RL_BLOCK_TABLE_CELL,
		    0, md_flags(s));
		break;
	default:
		return 0;
	}
	return err != RL_OK ? md_fail(s, err) : 0;
}

static int
md_leave_block(MD_BLOCKTYPE type, void *detail, void *arg)
{
	md_state *s   = arg;
	rl_err    err = RL_OK;

	switch (type) {
	case MD_BLOCK_H:
		/* No prose: place it at its other text (a code span), or
		 * find its line. */
		if (s->b->open && s->b->cur.off == UINT32_MAX) {
			uint32_t at = s->h_any != UINT32_MAX
			    ? s->h_any
			    : md_locate_heading(
			          s, ((MD_BLOCK_H_DETAIL *)detail)->level);

			err = rl__doc_extent(s->b, at, 0);
			if (at + 1 > s->last_pos)
				s->last_pos = at + 1;
		}
		if (err == RL_OK)
			err = md_close(s);
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_P:
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		err = md_close(s);
		break;
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
	case MD_BLOCK_LI:
		err = md_close(s);
		s->depth--;
		if (type == MD_BLOCK_QUOTE)
			s->quote_depth--;
		else if (type != MD_BLOCK_LI)
			s->list_depth--;
		break;
	case MD_BLOCK_TABLE:
		s->in_table = false;
		break;
	default:
		break;
	}
	/* Back in a tight item after a nested block: more text of the item
	 * opens a new item block. */
	s->lazy_item = md_in_item(s);
	return err != RL_OK ? md_fail(s, err) : 0;
}

static int
md_enter_span(MD_SPANTYPE type, void *detail, void *arg)
{
	md_state *s = arg;

	if (type == MD_SPAN_IMG) {
		s->img_depth++;
	} else if (type == MD_SPAN_A) {
		s->in_link = true;
	}
	return 0;
}

static int
md_leave_span(MD_SPANTYPE type, void *detail, void *arg)
{
	md_state *s = arg;

	if (type == MD_SPAN_IMG)
		s->img_depth--;
	else if (type == MD_SPAN_A)
		s->in_link = false;
	return 0;
}

/* md_autolink: text of <scheme:...> or <user@host>, which is a URL. */
static bool
md_autolink(const md_state *s, uint32_t off, uint32_t n)
{
	if (!s->in_link || off == 0 || s->buf[off - 1] != '<' ||
	    off + n >= s->len || s->buf[off + n] != '>')
		return false;
	return memchr(s->buf + off, ':', n) || memchr(s->buf + off, '@', n);
}

/* md_find returns the first occurrence of pat (n >= 1 bytes) in
 * buf[from, to), or NULL. */
static const char *
md_find(const char *buf, uint32_t from, uint32_t to, const char *pat, size_t n)
{
	const char *p = buf + from, *end = buf + to;

	while ((size_t)(end - p) >= n) {
		p = memchr(p, pat[0], (size_t)(end - p) - n + 1);
		if (!p)
			return NULL;
		if (memcmp(p, pat, n) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* md_comments records every <!-- ... --> starting in [off, off+n). */
static rl_err
md_comments(md_state *s, uint32_t off, uint32_t n)
{
	uint32_t end = off + n, p = off > s->html_pos ? off : s->html_pos;
	rl_err   err;

	while (p + 4 <= end) {
		const char *open = memchr(s->buf + p, '<', end - p), *close;
		uint32_t    o, stop;

		if (!open)
			break;
		o = (uint32_t)(open - s->buf);
		if (o + 4 > s->len || memcmp(open, "<!--", 4) != 0) {
			p = o + 1;
			continue;
		}
		close = md_find(s->buf, o + 4, s->len, "-->", 3);
		stop  = close ? (uint32_t)(close - s->buf) + 3 : s->len;
		if ((err = rl__doc_comment(s->b, o, stop - o)) != RL_OK)
			return err;
		p = s->html_pos = stop;
	}
	return RL_OK;
}

static int
md_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *arg)
{
	md_state *s = arg;
	uint32_t  off;
	rl_err    err = RL_OK;

	if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR ||
	    type == MD_TEXT_NULLCHAR || !md_in_buffer(s, text, size))
		return 0;
	off = (uint32_t)(text - s->buf);
	if (off + size > s->last_pos)
		s->last_pos = off + (uint32_t)size;
	if (s->b->open && s->b->cur.kind == RL_BLOCK_HEADING &&
	    s->h_any == UINT32_MAX)
		s->h_any = off;
	switch (type) {
	case MD_TEXT_NORMAL:
		if (s->img_depth || md_autolink(s, off, (uint32_t)size))
			return 0;
		if (!s->b->open && s->lazy_item) {
			err = rl__doc_block_begin(s->b, RL_BLOCK_LIST_ITEM,
			    (uint8_t)s->list_depth, md_flags(s));
			if (err != RL_OK)
				return md_fail(s, err);
		}
		if (s->b->open)
			err = rl__doc_text(s->b, off, (uint32_t)size);
		break;
	case MD_TEXT_CODE:
		if (s->b->open && s->b->cur.kind == RL_BLOCK_CODE)
			err = rl__doc_extent(s->b, off, (uint32_t)size);
		break;
	case MD_TEXT_HTML:
		err = md_comments(s, off, (uint32_t)size);
		break;
	default:
		break;
	}
	return err != RL_OK ? md_fail(s, err) : 0;
}

static rl_err
md_parse_doc(rl_doc_builder *b, void *arg)
{
	MD_PARSER parser;
	md_state  s;
	uint32_t  body;
	size_t    len;
	int       rc;
	rl_err    err;

	if ((err = rl__doc_preamble(b, &body)) != RL_OK)
		return err;
	memset(&s, 0, sizeof s);
	s.b        = b;
	s.buf      = rl__doc_builder_src(b, &len);
	s.len      = (uint32_t)len;
	s.last_pos = body;
	s.html_pos = body;
	memset(&parser, 0, sizeof parser);
	parser.flags =
	    MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS;
	parser.enter_block = md_enter_block;
	parser.leave_block = md_leave_block;
	parser.enter_span  = md_enter_span;
	parser.leave_span  = md_leave_span;
	parser.text        = md_text;
	rc = md_parse(s.buf + body, (MD_SIZE)(len - body), &parser, &s);
	if (s.err != RL_OK)
		return s.err;
	if (rc != 0)
		return RL_ENOMEM;
	return md_close(&s);
}

/* md_sniff scores Markdown signs in the first lines: ATX headings, fences,
 * list markers, links, emphasis, tables. */
static int
md_sniff(const char *src, size_t len)
{
	size_t p = 0, lines = 0;
	int    score = 0;

	if (len > 8192)
		len = 8192;
	while (p < len && lines < 200) {
		const char *nl   = memchr(src + p, '\n', len - p);
		size_t      end  = nl ? (size_t)(nl - src) : len;
		const char *line = src + p;
		size_t      n    = end - p;

		if (n >= 2 && line[0] == '#' &&
		    (line[1] == ' ' || line[1] == '#'))
			score += 3;
		else if (n >= 3 &&
		    (memcmp(line, "```", 3) == 0 ||
		        memcmp(line, "~~~", 3) == 0))
			score += 3;
		else if (n >= 2 &&
		    (line[0] == '-' || line[0] == '*' || line[0] == '+' ||
		        line[0] == '>') &&
		    line[1] == ' ')
			score += 1;
		else if (n >= 3 && line[0] == '|' &&
		    memchr(line + 1, '|', n - 1))
			score += 2;
		if (n >= 4 && md_find(line, 0, (uint32_t)n, "](", 2))
			score += 2;
		if (n >= 4 && md_find(line, 0, (uint32_t)n, "**", 2))
			score += 1;
		p = end + 1;
		lines++;
	}
	return score;
}

static const char *const md_extensions[] = { "md", "markdown", NULL };

const rl_format rl__format_markdown = {
	.name       = "markdown",
	.extensions = md_extensions,
	.sniff      = md_sniff,
	.parse      = md_parse_doc,
	.arg        = NULL,
};
