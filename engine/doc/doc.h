/*
 * doc.h - the document model every rule sees, whatever the input format.
 *
 * A document is its source bytes plus:
 *  - prose: a copy of the source of the same length in which every byte
 *    that is not prose (markup, code, HTML, front matter, link targets) is
 *    a space and line breaks are kept.  Offsets into prose are offsets into
 *    the source, so a regex match in prose has an exact source position
 *    with no searching.  If the source is not valid UTF-8, each byte of an
 *    invalid sequence is '?' in prose (and in raw, below), so PCRE2 in UTF
 *    mode never sees invalid input and positions stay byte-exact.
 *  - raw: the source itself, or its '?'-sanitised copy.
 *  - blocks (headings, paragraphs, list items, table cells; code blocks
 *    recorded but kept out of prose), sections from the heading hierarchy,
 *    sentences and words, front-matter metadata, line starts.
 *
 * Formats (Markdown, plain text, plugin formats) build documents only
 * through the rl__doc_builder calls below.  All memory is the document
 * arena's and dies with it.  A document is read-only once built.
 */
#ifndef RL_DOC_DOC_H
#define RL_DOC_DOC_H

#include "core/core.h"

typedef enum rl_block_kind {
	RL_BLOCK_HEADING = 0,
	RL_BLOCK_PARAGRAPH,
	RL_BLOCK_LIST_ITEM,    /* paragraph text directly in a list item */
	RL_BLOCK_TABLE_HEADER, /* one header cell */
	RL_BLOCK_TABLE_CELL,   /* one body cell */
	RL_BLOCK_CODE,         /* fenced/indented code: not prose */
	RL_BLOCK_KIND_COUNT
} rl_block_kind;

/* rl_block.flags */
#define RL_BF_IN_LIST 0x01u  /* inside a list item (at any depth) */
#define RL_BF_IN_QUOTE 0x02u /* inside a blockquote */
#define RL_BF_IN_TABLE 0x04u

typedef struct rl_span {
	uint32_t off, end; /* byte range [off, end) in the source */
} rl_span;

typedef struct rl_block {
	uint8_t  kind;   /* rl_block_kind */
	uint8_t  level;  /* heading level 1-6; list depth for list items */
	uint16_t flags;  /* RL_BF_* */
	uint32_t off;    /* first prose byte */
	uint32_t end;    /* one past the last prose byte */
	uint32_t section;                   /* innermost section index */
	uint32_t sent_first, sent_count;    /* into rl_doc.sentences */
	uint32_t n_words;
} rl_block;

typedef struct rl_section {
	const char *title;   /* heading text, NUL-terminated; "" for root */
	uint8_t     level;   /* 0 for the root section */
	uint32_t    parent;  /* index; root's parent is itself (0) */
	uint32_t    heading; /* block index of its heading; UINT32_MAX root */
	uint32_t    off;     /* start of the heading line (0 for root) */
	uint32_t    body;    /* first byte after the heading */
	uint32_t    end;     /* start of the next heading of the same or a
	                        higher level, or the document's end */
	uint32_t    block_first, block_end; /* blocks in [off, end) */
	uint32_t    n_words;                /* prose words in [body, end) */
} rl_section;

typedef enum rl_meta_kind {
	RL_META_SCALAR = 0,
	RL_META_SEQ,
	RL_META_MAP,
} rl_meta_kind;

/* Front-matter values: a tree of scalars, sequences and maps. */
typedef struct rl_meta {
	rl_meta_kind    kind;
	const char     *key;   /* in a map: this entry's key; else NULL */
	const char     *value; /* scalars: the text */
	uint32_t        off;   /* source offset of the value */
	struct rl_meta *child; /* first child (seq items / map entries) */
	struct rl_meta *next;  /* next sibling */
} rl_meta;

typedef struct rl_doc {
	const char *src;   /* borrowed source bytes */
	size_t      len;
	const char *raw;   /* src, or its sanitised copy; NUL-terminated */
	const char *prose; /* masked copy, same length; NUL-terminated */
	bool        utf8_valid;
	const char *format; /* "markdown", "text", plugin formats' names */

	rl_block   *blocks;
	uint32_t    n_blocks;
	rl_section *sections; /* [0] is the root, covering the document */
	uint32_t    n_sections;
	rl_span    *sentences; /* in block order; each within one block */
	uint32_t    n_sentences;
	uint32_t   *line_starts; /* byte offset of each line's first byte */
	uint32_t    n_lines;

	rl_meta    *meta;      /* front-matter root map, or NULL */
	rl_span     meta_span; /* the front matter block incl. fences */

	rl_span    *comments;  /* HTML comments (for in-document switches) */
	uint32_t    n_comments;

	rl_arena   *arena; /* owns all of the above except src */
} rl_doc;

/* ------------------------------------------------------------------------
 * Building a document (formats call these)
 * ------------------------------------------------------------------------ */

typedef struct rl_doc_builder rl_doc_builder;

/* rl__doc_builder_new starts a document over src (borrowed until the
 * document is freed).  Sanitises invalid UTF-8, fills line starts, sets
 * prose to all spaces (line breaks kept). */
rl_err rl__doc_builder_new(const char *src, size_t len, const char *format,
    rl_arena *arena, rl_doc_builder **out);
/* rl__doc_block_begin / _end bracket one block; blocks do not nest (a
 * list item's paragraph is one block with RL_BF_IN_LIST). */
rl_err rl__doc_block_begin(rl_doc_builder *b, rl_block_kind kind,
    uint8_t level, uint16_t flags);
/* rl__doc_text marks source bytes [off, off+len) as prose of the current
 * block (copies them into prose).  Calls may come in any order. */
rl_err rl__doc_text(rl_doc_builder *b, uint32_t off, uint32_t len);
rl_err rl__doc_block_end(rl_doc_builder *b);
/* rl__doc_text_subst marks source bytes [off, off+len) as prose of the
 * current block like rl__doc_text, but writes text[0, tlen) into prose
 * there instead of the source bytes, padded with spaces to len (line
 * breaks in the source range are kept).  For formats whose source spells a
 * character differently from the text (HTML's "&amp;" is "&"): a match
 * on the text still has source offsets inside the range.  RL_EINVAL if
 * tlen > len. */
rl_err rl__doc_text_subst(rl_doc_builder *b, uint32_t off, uint32_t len,
    const char *text, size_t tlen);
/* rl__doc_comment records an HTML comment's byte range. */
rl_err rl__doc_comment(rl_doc_builder *b, uint32_t off, uint32_t len);
/* rl__doc_front_matter parses YAML front matter at src[off, off+len) (the
 * YAML between the fences; span covers the fences too).  Malformed YAML is
 * not an error: meta stays NULL. */
rl_err rl__doc_front_matter(rl_doc_builder *b, uint32_t off, uint32_t len,
    rl_span span);
/* rl__doc_builder_finish builds sections, sentences and words and returns
 * the document (in the builder's arena).  Frees the builder either way. */
rl_err rl__doc_builder_finish(rl_doc_builder *b, rl_doc **out);
/* The builder's source and length, for format parsers. */
const char *rl__doc_builder_src(const rl_doc_builder *b, size_t *len);

/* ------------------------------------------------------------------------
 * Formats
 * ------------------------------------------------------------------------ */

typedef struct rl_format {
	const char        *name;       /* "markdown" */
	const char *const *extensions; /* NULL-terminated, without dots */
	/* sniff: 0 = not this format, higher = more confident.  May be NULL. */
	int (*sniff)(const char *src, size_t len);
	/* parse: fill the builder from its source. */
	rl_err (*parse)(rl_doc_builder *b, void *arg);
	void *arg;
	/* sniff_arg: like sniff, with arg; used instead of sniff when set
	 * (plugin formats need to know which format they are). */
	int (*sniff_arg)(const char *src, size_t len, void *arg);
} rl_format;

extern const rl_format rl__format_markdown;
extern const rl_format rl__format_text;

/* rl__doc_parse builds a document with the given format. */
rl_err rl__doc_parse(const rl_format *fmt, const char *src, size_t len,
    rl_arena *arena, rl_doc **out);

/* ------------------------------------------------------------------------
 * Queries
 * ------------------------------------------------------------------------ */

/* rl__doc_line_col maps a byte offset to a 1-based line and column (code
 * points).  O(log lines + line length); for many offsets use rl_poscursor.
 */
void rl__doc_line_col(const rl_doc *d, size_t off, uint32_t *line,
    uint32_t *col);

/* A forward-only cursor: offsets must be passed in non-decreasing order;
 * total work is linear in the document. */
typedef struct rl_poscursor {
	const rl_doc *doc;
	size_t        off;
	uint32_t      line, col, line_idx;
} rl_poscursor;
void rl__poscursor_init(rl_poscursor *c, const rl_doc *d);
void rl__poscursor_seek(rl_poscursor *c, size_t off, uint32_t *line,
    uint32_t *col);

/* rl__doc_section_at returns the innermost section containing off. */
uint32_t rl__doc_section_at(const rl_doc *d, size_t off);

/* rl__doc_words calls fn for each word in prose[off, end) (letters,
 * digits, apostrophes and hyphens inside a word); returns the count. */
size_t rl__doc_words(const rl_doc *d, uint32_t off, uint32_t end,
    void (*fn)(void *arg, uint32_t off, uint32_t end), void *arg);

/* rl__doc_meta_get finds a top-level front-matter key, or NULL. */
const rl_meta *rl__doc_meta_get(const rl_doc *d, const char *key);

#endif /* RL_DOC_DOC_H */
