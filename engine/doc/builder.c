/*
 * builder.c - building a document: the source, its sanitised and prose
 * copies, line starts, blocks and comments.  Formats (Markdown, text,
 * plugins) call these; finish adds sentences, words and sections.
 */
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "doc/doc_int.h"

static rl_err
sanitise(rl_doc_builder *b, const char *src, size_t len)
{
	char  *raw;
	size_t i = 0, adv;

	if (rl__utf8_valid(src, len)) {
		b->doc->utf8_valid = true;
		raw                = rl__arena_alloc(b->arena, len + 1);
		if (!raw)
			return RL_ENOMEM;
		memcpy(raw, src, len);
		raw[len] = '\0';
		b->raw   = raw;
		return RL_OK;
	}
	/* Each byte of an invalid sequence becomes '?'. */
	raw = rl__arena_alloc(b->arena, len + 1);
	if (!raw)
		return RL_ENOMEM;
	while (i < len) {
		if ((unsigned char)src[i] < 0x80) {
			raw[i] = src[i];
			i++;
			continue;
		}
		rl__utf8_decode(src + i, len - i, &adv);
		if (adv == 1)
			raw[i] = '?';
		else
			memcpy(raw + i, src + i, adv);
		i += adv;
	}
	raw[len] = '\0';
	b->raw   = raw;
	return RL_OK;
}

/* count_lf counts the '\n' in s[0, n). */
static uint32_t
count_lf(const char *s, uint32_t n)
{
	uint32_t i = 0, count = 0;

#if defined(__SSE2__)
	for (; i + 16 <= n; i += 16) {
		__m128i  v    = _mm_loadu_si128((const __m128i *)(s + i));
		uint32_t bits = (uint32_t)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));

		for (; bits; bits &= bits - 1)
			count++;
	}
#endif
	for (; i < n; i++)
		count += s[i] == '\n';
	return count;
}

/* blank_prose writes raw[0, n) into prose with every byte but '\n' and
 * '\r' a space, and the offset after each '\n' into starts. */
static void
blank_prose(const char *raw, char *prose, uint32_t n, uint32_t *starts)
{
	uint32_t i = 0, k = 0;

#if defined(__SSE2__)
	const __m128i sp = _mm_set1_epi8(' ');

	for (; i + 16 <= n; i += 16) {
		__m128i v  = _mm_loadu_si128((const __m128i *)(raw + i));
		__m128i lf = _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'));
		__m128i br =
		    _mm_or_si128(lf, _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
		uint32_t bits = (uint32_t)_mm_movemask_epi8(lf);

		_mm_storeu_si128((__m128i *)(prose + i),
		    _mm_or_si128(
		        _mm_and_si128(br, v), _mm_andnot_si128(br, sp)));
		for (; bits; bits &= bits - 1)
			starts[k++] = i + (uint32_t)__builtin_ctz(bits) + 1;
	}
#endif
	for (; i < n; i++) {
		prose[i] = raw[i] == '\n' || raw[i] == '\r' ? raw[i] : ' ';
		if (raw[i] == '\n')
			starts[k++] = i + 1;
	}
}

/* prose_and_lines sets prose to all spaces with the line breaks of raw
 * kept, and fills the line starts. */
static rl_err
prose_and_lines(rl_doc_builder *b)
{
	rl_doc  *d = b->doc;
	uint32_t n = count_lf(b->raw, b->len) + 1;

	d->line_starts = rl__arena_alloc(b->arena, n * sizeof(uint32_t));
	if (!d->line_starts)
		return RL_ENOMEM;
	d->n_lines = n;
	/* A BOM is not a character of line 1. */
	d->line_starts[0] =
	    b->len >= 3 && memcmp(b->raw, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	blank_prose(b->raw, b->prose, b->len, d->line_starts + 1);
	b->prose[b->len] = '\0';
	return RL_OK;
}

rl_err
rl__doc_builder_new(const char *src, size_t len, const char *format,
    rl_arena *arena, rl_doc_builder **out)
{
	rl_doc_builder *b;
	rl_err          err = RL_ENOMEM;

	if (!src && len)
		return RL_EINVAL;
	if (len >= UINT32_MAX)
		return RL_ETOOBIG;
	b = rl__calloc(1, sizeof *b);
	if (!b)
		return RL_ENOMEM;
	b->arena = arena;
	b->len   = (uint32_t)len;
	b->doc   = rl__arena_calloc(arena, 1, sizeof *b->doc);
	if (!b->doc)
		goto fail;
	b->doc->arena  = arena;
	b->doc->src    = src ? src : "";
	b->doc->len    = len;
	b->doc->format = rl__arena_strdup(arena, format ? format : "");
	if (!b->doc->format)
		goto fail;
	if ((err = sanitise(b, src ? src : "", len)) != RL_OK)
		goto fail;
	err      = RL_ENOMEM;
	b->prose = rl__arena_alloc(arena, len + 1);
	if (!b->prose)
		goto fail;
	if ((err = prose_and_lines(b)) != RL_OK)
		goto fail;
	b->doc->raw   = b->raw;
	b->doc->prose = b->prose;
	*out          = b;
	return RL_OK;
fail:
	rl__free(b);
	return err;
}

const char *
rl__doc_builder_src(const rl_doc_builder *b, size_t *len)
{
	*len = b->len;
	return b->raw;
}

void
rl__doc_builder_free(rl_doc_builder *b)
{
	if (!b)
		return;
	rl__free(b->blocks);
	rl__free(b->comments);
	rl__free(b->sentences);
	rl__free(b);
}

/* ------------------------------------------------------------------------
 * Blocks
 * ------------------------------------------------------------------------ */

rl_err
rl__doc_block_begin(
    rl_doc_builder *b, rl_block_kind kind, uint8_t level, uint16_t flags)
{
	rl_err err;

	if ((unsigned)kind >= RL_BLOCK_KIND_COUNT)
		return RL_EINVAL;
	if (b->open && (err = rl__doc_block_end(b)) != RL_OK)
		return err;
	memset(&b->cur, 0, sizeof b->cur);
	b->cur.kind  = (uint8_t)kind;
	b->cur.level = level;
	b->cur.flags = flags;
	b->cur.off   = UINT32_MAX;
	b->cur.end   = 0;
	b->open      = true;
	return RL_OK;
}

rl_err
rl__doc_extent(rl_doc_builder *b, uint32_t off, uint32_t len)
{
	if (!b->open || off > b->len || len > b->len - off)
		return RL_EINVAL;
	if (off < b->cur.off)
		b->cur.off = off;
	if (off + len > b->cur.end)
		b->cur.end = off + len;
	return RL_OK;
}

rl_err
rl__doc_text(rl_doc_builder *b, uint32_t off, uint32_t len)
{
	rl_err err = rl__doc_extent(b, off, len);

	if (err != RL_OK)
		return err;
	if (b->cur.kind != RL_BLOCK_CODE)
		memcpy(b->prose + off, b->raw + off, len);
	return RL_OK;
}

rl_err
rl__doc_text_subst(rl_doc_builder *b, uint32_t off, uint32_t len,
    const char *text, size_t tlen)
{
	uint32_t i, room = 0;
	size_t   j = 0, adv;
	rl_err   err;

	if (tlen > len || (tlen && !text))
		return RL_EINVAL;
	if ((err = rl__doc_extent(b, off, len)) != RL_OK)
		return err;
	if (b->cur.kind == RL_BLOCK_CODE)
		return RL_OK;
	for (i = off; i < off + len; i++)
		room += b->raw[i] != '\n' && b->raw[i] != '\r';
	if (tlen > room)
		return RL_EINVAL;
	/* Line breaks stay where the source has them; the text fills the
	 * other bytes, invalid UTF-8 in it as '?', then spaces pad. */
	for (i = off; i < off + len; i++) {
		if (b->raw[i] == '\n' || b->raw[i] == '\r') {
			b->prose[i] = b->raw[i];
			continue;
		}
		if (j >= tlen) {
			b->prose[i] = ' ';
			continue;
		}
		if ((unsigned char)text[j] < 0x80) {
			b->prose[i] = text[j++];
			continue;
		}
		rl__utf8_decode(text + j, tlen - j, &adv);
		if (adv == 1) {
			b->prose[i] = '?';
			j++;
			continue;
		}
		/* A sequence split by a line break would be invalid: keep
		 * it whole or write '?' instead. */
		if (i + adv > off + len || memchr(b->raw + i, '\n', adv) ||
		    memchr(b->raw + i, '\r', adv)) {
			b->prose[i] = '?';
			j += adv;
			continue;
		}
		memcpy(b->prose + i, text + j, adv);
		i += (uint32_t)adv - 1;
		j += adv;
	}
	return RL_OK;
}

rl_err
rl__doc_block_end(rl_doc_builder *b)
{
	if (!b->open)
		return RL_EINVAL;
	b->open = false;
	/* A block that received no text has no place: leave it out. */
	if (b->cur.off == UINT32_MAX)
		return RL_OK;
	if (rl__vec_reserve((void **)&b->blocks, &b->cap_blocks,
	        b->n_blocks + 1, sizeof *b->blocks))
		return RL_ENOMEM;
	b->blocks[b->n_blocks++] = b->cur;
	return RL_OK;
}

rl_err
rl__doc_comment(rl_doc_builder *b, uint32_t off, uint32_t len)
{
	if (off > b->len || len > b->len - off)
		return RL_EINVAL;
	if (rl__vec_reserve((void **)&b->comments, &b->cap_comments,
	        b->n_comments + 1, sizeof *b->comments))
		return RL_ENOMEM;
	b->comments[b->n_comments].off   = off;
	b->comments[b->n_comments++].end = off + len;
	return RL_OK;
}

/* ------------------------------------------------------------------------
 * Finishing
 * ------------------------------------------------------------------------ */

static int
block_cmp(const void *a, const void *b)
{
	const rl_block *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

static int
span_cmp(const void *a, const void *b)
{
	const rl_span *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* sorted: formats may add blocks out of order; Markdown never does. */
static bool
sorted(const void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	const char *p = base;
	size_t      i;

	for (i = 1; i < n; i++)
		if (cmp(p + (i - 1) * size, p + i * size) > 0)
			return false;
	return true;
}

/* to_arena copies a heap array into the document arena. */
static rl_err
to_arena(rl_doc_builder *b, const void *src, size_t n, size_t size, void **out)
{
	void *p;

	*out = NULL;
	if (n == 0)
		return RL_OK;
	p = rl__arena_alloc(b->arena, n * size);
	if (!p)
		return RL_ENOMEM;
	memcpy(p, src, n * size);
	*out = p;
	return RL_OK;
}

rl_err
rl__doc_builder_finish(rl_doc_builder *b, rl_doc **out)
{
	rl_doc *d = b->doc;
	rl_err  err;

	if (b->open && (err = rl__doc_block_end(b)) != RL_OK)
		goto fail;
	if (!sorted(b->blocks, b->n_blocks, sizeof *b->blocks, block_cmp))
		qsort(b->blocks, b->n_blocks, sizeof *b->blocks, block_cmp);
	if (!sorted(b->comments, b->n_comments, sizeof *b->comments, span_cmp))
		qsort(
		    b->comments, b->n_comments, sizeof *b->comments, span_cmp);
	if (b->n_blocks >= UINT32_MAX || b->n_comments >= UINT32_MAX) {
		err = RL_ETOOBIG;
		goto fail;
	}
	if ((err = rl__doc_segment(b)) != RL_OK)
		goto fail;
	if ((err = to_arena(b, b->blocks, b->n_blocks, sizeof *b->blocks,
	         (void **)&d->blocks)) != RL_OK)
		goto fail;
	d->n_blocks = (uint32_t)b->n_blocks;
	if ((err = rl__doc_sections(b)) != RL_OK)
		goto fail;
	if ((err = to_arena(b, b->sentences, b->n_sentences,
	         sizeof *b->sentences, (void **)&d->sentences)) != RL_OK)
		goto fail;
	d->n_sentences = (uint32_t)b->n_sentences;
	if ((err = to_arena(b, b->comments, b->n_comments, sizeof *b->comments,
	         (void **)&d->comments)) != RL_OK)
		goto fail;
	d->n_comments = (uint32_t)b->n_comments;
	*out          = d;
fail:
	rl__doc_builder_free(b);
	return err;
}

rl_err
rl__doc_parse(const rl_format *fmt, const char *src, size_t len,
    rl_arena *arena, rl_doc **out)
{
	rl_doc_builder *b;
	rl_err          err;

	if (!fmt || !fmt->parse || !arena || !out)
		return RL_EINVAL;
	if ((err = rl__doc_builder_new(src, len, fmt->name, arena, &b)))
		return err;
	if ((err = fmt->parse(b, fmt->arg)) != RL_OK) {
		rl__doc_builder_free(b);
		return err;
	}
	return rl__doc_builder_finish(b, out);
}
