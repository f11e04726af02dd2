/*
 * plugin.c - the readability plugin: its descriptor, init, and the
 * document counts its kinds share.
 *
 * Built as readability.so; links libc and libm only.  Load it with
 * `--plugin readability` or `plugins: [readability]` in pack.yaml, then
 * write rules with `extends: readability` or `extends: metric`.
 */
#include <stdio.h>
#include <string.h>

#include "rdy.h"

const rl_plugin_api *rdy_api;

const char *const rdy_var_names[RDY_N_VARS] = {
	[RDY_WORDS]              = "words",
	[RDY_SENTENCES]          = "sentences",
	[RDY_SYLLABLES]          = "syllables",
	[RDY_CHARACTERS]         = "characters",
	[RDY_COMPLEX_WORDS]      = "complex_words",
	[RDY_LONG_WORDS]         = "long_words",
	[RDY_POLYSYLLABIC_WORDS] = "polysyllabic_words",
	[RDY_PARAGRAPHS]         = "paragraphs",
	[RDY_LIST]               = "list",
	[RDY_LIST_ITEMS]         = "list_items",
	[RDY_LISTS]              = "lists",
	[RDY_BLOCKQUOTE]         = "blockquote",
	[RDY_PRE]                = "pre",
	[RDY_CODE_BLOCKS]        = "code_blocks",
	[RDY_HEADINGS]           = "headings",
	[RDY_HEADING_H1]         = "heading_h1",
	[RDY_HEADING_H1 + 1]     = "heading_h2",
	[RDY_HEADING_H1 + 2]     = "heading_h3",
	[RDY_HEADING_H1 + 3]     = "heading_h4",
	[RDY_HEADING_H1 + 4]     = "heading_h5",
	[RDY_HEADING_H1 + 5]     = "heading_h6",
	[RDY_TABLE_CELLS]        = "table_cells",
};

void
rdy_doc_counts(const rl_plugin_doc *d, double *v)
{
	const char     *prose = rdy_api->doc_prose(d, NULL);
	uint32_t        n     = rdy_api->doc_block_count(d);
	rdy_stats       st    = { 0 };
	rl_plugin_block b;
	int             prev_kind = -1;

	memset(v, 0, RDY_N_VARS * sizeof *v);
	for (uint32_t i = 0; i < n && rdy_api->doc_block(d, i, &b); i++) {
		bool summary = false;

		switch (b.kind) {
		case RL_PLUGIN_BLOCK_HEADING:
			v[RDY_HEADINGS]++;
			if (b.level >= 1 && b.level <= 6)
				v[RDY_HEADING_H1 + b.level - 1]++;
			break;
		case RL_PLUGIN_BLOCK_PARAGRAPH:
			if (!(b.flags & RL_PLUGIN_BF_IN_LIST))
				v[RDY_PARAGRAPHS]++;
			summary = !(b.flags & RL_PLUGIN_BF_IN_TABLE);
			break;
		case RL_PLUGIN_BLOCK_LIST_ITEM:
			v[RDY_LIST]++;
			if (prev_kind != RL_PLUGIN_BLOCK_LIST_ITEM)
				v[RDY_LISTS]++;
			summary = !(b.flags & RL_PLUGIN_BF_IN_TABLE);
			break;
		case RL_PLUGIN_BLOCK_TABLE_HEADER:
		case RL_PLUGIN_BLOCK_TABLE_CELL:
			v[RDY_TABLE_CELLS]++;
			break;
		case RL_PLUGIN_BLOCK_CODE:
			v[RDY_PRE]++;
			break;
		default:
			break;
		}
		if (b.flags & RL_PLUGIN_BF_IN_QUOTE)
			v[RDY_BLOCKQUOTE]++;
		if (summary && b.end > b.off)
			rdy_count(&st, prose + b.off, b.end - b.off);
		prev_kind = b.kind;
	}
	v[RDY_LIST_ITEMS]         = v[RDY_LIST];
	v[RDY_CODE_BLOCKS]        = v[RDY_PRE];
	v[RDY_WORDS]              = st.words;
	v[RDY_SENTENCES]          = st.sentences;
	v[RDY_SYLLABLES]          = st.syllables;
	v[RDY_CHARACTERS]         = st.characters;
	v[RDY_COMPLEX_WORDS]      = st.complex_words;
	v[RDY_LONG_WORDS]         = st.long_words;
	v[RDY_POLYSYLLABIC_WORDS] = st.polysyllabic_words;
}

rl_err
rdy_report(rl_plugin_scan *scan, double value)
{
	char            buf[32];
	rl_plugin_hit   hit = { .off = 0, .len = 0, .level = -1 };
	rl_plugin_block first;

	/* At the start of the document's text: line 1 of most documents,
	 * and the same section whatever the format (an HTML page's line 1
	 * is its doctype). */
	if (rdy_api->doc_block(rdy_api->scan_doc(scan), 0, &first))
		hit.off = first.off;
	snprintf(buf, sizeof buf, "%.2f", value);
	hit.args[0] = buf;
	return rdy_api->report(scan, &hit);
}

static rl_err
rdy_init(const rl_plugin_api *api, rl_plugin_host *host, void **state)
{
	rl_err err;

	(void)state;
	rdy_api = api;
	err     = api->register_kind(host, &rdy_kind_readability);
	if (err != RL_OK)
		return err;
	return api->register_kind(host, &rdy_kind_metric);
}

static const rl_plugin_desc rdy_desc = {
	.abi_version = RL_PLUGIN_ABI_VERSION,
	.size        = sizeof(rl_plugin_desc),
	.name        = "readability",
	.version     = "1.0.0",
	.description = "readability grades (Vale's readability) and formulas "
	               "over document counts (metric)",
	.api_min     = 1,
	.init        = rdy_init,
	.fini        = NULL,
};

RL_PLUGIN_EXPORT const rl_plugin_desc *
rl_plugin_entry(void)
{
	return &rdy_desc;
}
