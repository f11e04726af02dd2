/*
 * text.c - the plain-text format: paragraphs are runs of non-blank lines;
 * no headings.  A BOM and YAML front matter are recognised as in Markdown.
 */
#include <string.h>

#include "doc/doc_int.h"

static bool
blank_line(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
		    p[i] != '\f' && p[i] != '\v')
			return false;
	return true;
}

static rl_err
text_parse(rl_doc_builder *b, void *arg)
{
	const char *src;
	size_t      len;
	uint32_t    p, para = UINT32_MAX, last_end = 0, next;
	rl_err      err;

	src = rl__doc_builder_src(b, &len);
	if ((err = rl__doc_preamble(b, &p)) != RL_OK)
		return err;
	for (; p <= len; p = next) {
		const char *nl;
		uint32_t    end;

		if (p == len) {
			next = p + 1;
			end  = p;
		} else {
			nl  = memchr(src + p, '\n', len - p);
			end = nl ? (uint32_t)(nl - src) : (uint32_t)len;
			/* The last line without a newline: one more round
			 * with p == len ends its paragraph. */
			next = nl ? end + 1 : (uint32_t)len;
		}
		if (p < len && !blank_line(src + p, end - p)) {
			if (para == UINT32_MAX)
				para = p;
			last_end = end;
			if (last_end > para && src[last_end - 1] == '\r')
				last_end--;
			continue;
		}
		if (para != UINT32_MAX) {
			if ((err = rl__doc_block_begin(
			         b, RL_BLOCK_PARAGRAPH, 0, 0)) != RL_OK ||
			    (err = rl__doc_text(b, para, last_end - para)) !=
			        RL_OK ||
			    (err = rl__doc_block_end(b)) != RL_OK)
				return err;
			para = UINT32_MAX;
		}
	}
	return RL_OK;
}

static const char *const text_extensions[] = { "txt", NULL };

const rl_format rl__format_text = {
	.name       = "text",
	.extensions = text_extensions,
	.sniff      = NULL,
	.parse      = text_parse,
	.arg        = NULL,
};
