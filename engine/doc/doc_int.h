/*
 * doc_int.h - the document builder's internals, shared by the files of
 * doc/ only (builder, formats, sections, sentences, positions).
 */
#ifndef RL_DOC_DOC_INT_H
#define RL_DOC_DOC_INT_H

#include "doc/doc.h"

struct rl_doc_builder {
	rl_doc     *doc;   /* in the arena; handed out by finish */
	rl_arena   *arena; /* the document's (borrowed) */
	const char *raw;   /* doc->raw */
	char       *prose; /* doc->prose, writable while building */
	uint32_t    len;

	/* Growing arrays on the heap, copied into the arena by finish. */
	rl_block *blocks;
	size_t    n_blocks, cap_blocks;
	rl_span  *comments;
	size_t    n_comments, cap_comments;
	rl_span  *sentences;
	size_t    n_sentences, cap_sentences;

	bool     open; /* a block is between begin and end */
	rl_block cur;
};

/* rl__doc_builder_free releases a builder that will not be finished (the
 * arena keeps what it already holds until the caller frees it). */
void rl__doc_builder_free(rl_doc_builder *b);

/* rl__doc_extent widens the current block to [off, off+len) without making
 * the bytes prose (code blocks). */
rl_err rl__doc_extent(rl_doc_builder *b, uint32_t off, uint32_t len);

/* rl__doc_preamble skips a UTF-8 BOM and YAML front matter (a `---` line
 * at the very start up to a `---` or `...` line), parsing the latter into
 * meta.  *body is the first byte after them. */
rl_err rl__doc_preamble(rl_doc_builder *b, uint32_t *body);

/* rl__doc_sections builds d->sections from the headings among d->blocks
 * and sets each block's section (blocks and words already final). */
rl_err rl__doc_sections(rl_doc_builder *b);

/* rl__doc_segment splits every prose block into sentences (appended to
 * b->sentences) and counts its words. */
rl_err rl__doc_segment(rl_doc_builder *b);

/* rl__doc_is_word_cp: a code point >= 0x80 that counts as a letter. */
bool rl__doc_is_word_cp(uint32_t cp);

/* rl__doc_line_index: index of the line holding off (binary search). */
uint32_t rl__doc_line_index(const rl_doc *d, size_t off);

#endif /* RL_DOC_DOC_INT_H */
