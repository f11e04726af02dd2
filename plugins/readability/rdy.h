/*
 * rdy.h - the readability plugin's shared parts: the host API table it was
 * given, and the document counts both of its rule kinds read.
 */
#ifndef RDY_RDY_H
#define RDY_RDY_H

#include "redline/plugin.h"
#include "textstat.h"

/* The host's table, stored by init (the SQLite extension pattern): the
 * table is immutable and the same for every engine in the process. */
extern const rl_plugin_api *rdy_api;

/* Document counts, by index into rdy_var_names (the `metric` variables). */
enum {
	RDY_WORDS = 0,
	RDY_SENTENCES,
	RDY_SYLLABLES,
	RDY_CHARACTERS,
	RDY_COMPLEX_WORDS,
	RDY_LONG_WORDS,
	RDY_POLYSYLLABIC_WORDS,
	RDY_PARAGRAPHS,
	RDY_LIST,
	RDY_LIST_ITEMS,
	RDY_LISTS,
	RDY_BLOCKQUOTE,
	RDY_PRE,
	RDY_CODE_BLOCKS,
	RDY_HEADINGS,
	RDY_HEADING_H1, /* .. H6 follow */
	RDY_TABLE_CELLS = RDY_HEADING_H1 + 6,
	RDY_N_VARS
};

extern const char *const rdy_var_names[RDY_N_VARS];

/* rdy_doc_counts fills v[RDY_N_VARS] for d.  The text counts (words ..
 * polysyllabic_words) are over the document's summary: its paragraphs and
 * list items, not headings, tables or code, as Vale's. */
void rdy_doc_counts(const rl_plugin_doc *d, double *v);

/* rdy_report reports one whole-document finding, empty, at the start of
 * the document's first block (Vale: line 1), with value formatted "%.2f"
 * as the message's %s. */
rl_err rdy_report(rl_plugin_scan *scan, double value);

/* The two rule kinds. */
extern const rl_plugin_kind rdy_kind_readability;
extern const rl_plugin_kind rdy_kind_metric;

#endif /* RDY_RDY_H */
