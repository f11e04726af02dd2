/*
 * sarif.c - the `sarif` format: one SARIF 2.1.0 log with one run.
 *
 * The run's tool.driver lists every rule that produced a result (in order
 * of first appearance, which is what each result's ruleIndex counts);
 * artifacts lists each reviewed document with its SHA-256, score and
 * verdict; results carry physicalLocation regions with 1-based lines,
 * columns in Unicode code points (run.columnKind says so) and an endColumn
 * one past the last character, as SARIF wants; rules that failed to run
 * become toolExecutionNotifications.  Since rules are only known once all
 * documents are in, the log is assembled in memory and written at close.
 */
#include <string.h>

#include "output/output.h"

typedef struct sarif_rule {
	char *id;
	char *category;
} sarif_rule;

typedef struct sarif_state {
	FILE          *out;
	rl_writer_opts opts;
	rl_buf         results;   /* the "results" array's items */
	rl_buf         artifacts; /* the "artifacts" array's items */
	rl_buf         notes;     /* toolExecutionNotifications items */
	sarif_rule    *rules;
	size_t         n_rules, cap_rules;
	size_t         n_results, n_docs, n_notes;
} sarif_state;

static const char *const sarif_level[] = { "note", "warning", "error" };

static rl_err
sarif_begin(void **state, FILE *out, const rl_writer_opts *o, void *arg)
{
	sarif_state *st = rl__calloc(1, sizeof *st);

	if (!st)
		return RL_ENOMEM;
	st->out = out;
	rl__out_opts(&st->opts, o);
	rl__buf_init(&st->results);
	rl__buf_init(&st->artifacts);
	rl__buf_init(&st->notes);
	*state = st;
	return RL_OK;
}

/* rule_index returns the driver index of rule id, adding it if new;
 * SIZE_MAX when out of memory. */
static size_t
rule_index(sarif_state *st, const char *id, const char *category)
{
	size_t i;

	for (i = 0; i < st->n_rules; i++)
		if (strcmp(st->rules[i].id, id) == 0)
			return i;
	if (rl__vec_reserve((void **)&st->rules, &st->cap_rules,
	        st->n_rules + 1, sizeof *st->rules))
		return SIZE_MAX;
	st->rules[i].id       = rl__strdup(id);
	st->rules[i].category = rl__strdup(category);
	if (!st->rules[i].id || !st->rules[i].category) {
		rl__free(st->rules[i].id);
		rl__free(st->rules[i].category);
		return SIZE_MAX;
	}
	return st->n_rules++;
}

/* put_uri appends path as a JSON string holding a URI reference: bytes
 * outside RFC 3986's path characters are percent-encoded. */
static void
put_uri(rl_buf *b, const char *path)
{
	static const char    keep[] = "-._~/!$&'()*+,;=:@";
	static const char    hex[]  = "0123456789ABCDEF";
	rl_buf               u;
	const unsigned char *p;

	rl__buf_init(&u);
	for (p = (const unsigned char *)rl__out_str(path); *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p)) {
			rl__buf_putc(&u, (char)*p);
		} else {
			rl__buf_putc(&u, '%');
			rl__buf_putc(&u, hex[*p >> 4]);
			rl__buf_putc(&u, hex[*p & 15]);
		}
	}
	if (u.failed)
		b->failed = true;
	rl__out_json(b, u.data ? u.data : "");
	rl__buf_free(&u);
}

static void
put_location(rl_buf *b, const rl_result *r, size_t doc)
{
	rl__buf_puts(b,
	    "{\"physicalLocation\": {\"artifactLocation\": "
	    "{\"uri\": ");
	put_uri(b, r->path);
	rl__buf_printf(b, ", \"index\": %zu}", doc);
}

static void
put_result(
    sarif_state *st, const rl_result *r, const rl_finding *f, size_t rule)
{
	rl_buf  *b    = &st->results;
	uint32_t line = f->line ? f->line : 1, col = f->column ? f->column : 1;
	uint32_t end_line = f->end_line >= line ? f->end_line : line;
	uint32_t end_col  = f->length ? f->end_column + 1 : col;
	size_t   i;

	if (end_line == line && end_col < col)
		end_col = col;
	rl__buf_puts(b, st->n_results++ ? ",\n        {" : "\n        {");
	rl__buf_puts(b, "\"ruleId\": ");
	rl__out_json(b, f->rule);
	rl__buf_printf(b, ", \"ruleIndex\": %zu, \"level\": \"%s\"", rule,
	    (unsigned)f->level <= RL_LEVEL_ERROR ? sarif_level[f->level]
	                                         : "error");
	rl__buf_puts(b, ", \"message\": {\"text\": ");
	rl__out_json(b, f->message);
	rl__buf_puts(b, "}, \"locations\": [");
	put_location(b, r, st->n_docs);
	rl__buf_printf(b,
	    ", \"region\": {\"startLine\": %u, \"startColumn\": %u, "
	    "\"endLine\": %u, \"endColumn\": %u, \"byteOffset\": %llu, "
	    "\"byteLength\": %llu, \"snippet\": {\"text\": ",
	    line, col, end_line, end_col, (unsigned long long)f->offset,
	    (unsigned long long)f->length);
	rl__out_json(b, f->match);
	rl__buf_puts(b, "}}}}], \"properties\": {\"category\": ");
	rl__out_json(b, f->category);
	rl__buf_puts(b, ", \"section\": ");
	rl__out_json(b, f->section);
	rl__buf_puts(b, ", \"suggestions\": [");
	for (i = 0; i < f->n_suggestions; i++) {
		if (i)
			rl__buf_puts(b, ", ");
		rl__out_json(b, f->suggestions ? f->suggestions[i] : NULL);
	}
	rl__buf_puts(b, "]}}");
}

static void
put_artifact(sarif_state *st, const rl_result *r)
{
	rl_buf *b = &st->artifacts;

	rl__buf_puts(b, st->n_docs ? ",\n        {" : "\n        {");
	rl__buf_puts(b, "\"location\": {\"uri\": ");
	put_uri(b, r->path);
	rl__buf_puts(b, "}, \"hashes\": {\"sha-256\": ");
	rl__out_json(b, r->sha256);
	rl__buf_printf(
	    b, "}, \"properties\": {\"score\": %d, \"verdict\": ", r->score);
	rl__out_json(b, rl_verdict_name(r->verdict));
	rl__buf_puts(b, "}}");
}

static void
put_note(sarif_state *st, const rl_result *r, const rl_rule_error *e)
{
	rl_buf *b = &st->notes;

	rl__buf_puts(b, st->n_notes++ ? ",\n            {" : "\n            {");
	rl__buf_puts(b, "\"level\": \"error\", \"message\": {\"text\": ");
	rl__out_json(b, e->message);
	rl__buf_puts(b, "}, \"associatedRule\": {\"id\": ");
	rl__out_json(b, e->rule);
	rl__buf_puts(b, "}, \"locations\": [");
	put_location(b, r, st->n_docs);
	rl__buf_puts(b, "}}]}");
}

static rl_err
sarif_document(void *state, const rl_result *r, const void *src, size_t len)
{
	sarif_state *st = state;
	size_t       i, idx;

	for (i = 0; i < r->n_findings; i++) {
		const rl_finding *f = &r->findings[i];

		if (!rl__out_shown(&st->opts, f))
			continue;
		idx = rule_index(
		    st, rl__out_str(f->rule), rl__out_str(f->category));
		if (idx == SIZE_MAX)
			return RL_ENOMEM;
		put_result(st, r, f, idx);
	}
	for (i = 0; i < r->n_rule_errors; i++)
		put_note(st, r, &r->rule_errors[i]);
	put_artifact(st, r);
	st->n_docs++;
	if (st->results.failed || st->artifacts.failed || st->notes.failed)
		return RL_ENOMEM;
	return RL_OK;
}

static void
put_log(sarif_state *st, rl_buf *b)
{
	size_t i;

	rl__buf_puts(b,
	    "{\n  \"$schema\": "
	    "\"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	    "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
	    "      \"tool\": {\"driver\": {\"name\": \"redline\", "
	    "\"version\": ");
	rl__out_json(b, RL_VERSION_STRING);
	rl__buf_puts(b, ", \"semanticVersion\": ");
	rl__out_json(b, RL_VERSION_STRING);
	rl__buf_puts(b, ", \"rules\": [");
	for (i = 0; i < st->n_rules; i++) {
		rl__buf_puts(
		    b, i ? ",\n        {\"id\": " : "\n        {\"id\": ");
		rl__out_json(b, st->rules[i].id);
		rl__buf_puts(b, ", \"properties\": {\"category\": ");
		rl__out_json(b, st->rules[i].category);
		rl__buf_puts(b, "}}");
	}
	rl__buf_puts(b, st->n_rules ? "\n      ]}},\n" : "]}},\n");
	rl__buf_puts(b, "      \"columnKind\": \"unicodeCodePoints\",\n");
	rl__buf_printf(b,
	    "      \"invocations\": [{\"executionSuccessful\": %s, "
	    "\"toolExecutionNotifications\": [",
	    st->n_notes ? "false" : "true");
	rl__buf_append(b, st->notes.data, st->notes.len);
	rl__buf_puts(b, st->n_notes ? "\n        ]}],\n" : "]}],\n");
	rl__buf_puts(b, "      \"artifacts\": [");
	rl__buf_append(b, st->artifacts.data, st->artifacts.len);
	rl__buf_puts(b, st->n_docs ? "\n      ],\n" : "],\n");
	rl__buf_puts(b, "      \"results\": [");
	rl__buf_append(b, st->results.data, st->results.len);
	rl__buf_puts(b, st->n_results ? "\n      ]\n" : "]\n");
	rl__buf_puts(b, "    }\n  ]\n}\n");
}

static rl_err
sarif_end(void *state)
{
	sarif_state *st = state;
	rl_buf       b;
	rl_err       err;
	size_t       i;

	rl__buf_init(&b);
	put_log(st, &b);
	err = rl__out_flush(st->out, &b);
	if (!err && fflush(st->out) != 0)
		err = RL_EIO;
	rl__buf_free(&b);
	for (i = 0; i < st->n_rules; i++) {
		rl__free(st->rules[i].id);
		rl__free(st->rules[i].category);
	}
	rl__free(st->rules);
	rl__buf_free(&st->results);
	rl__buf_free(&st->artifacts);
	rl__buf_free(&st->notes);
	rl__free(st);
	return err;
}

const rl_output rl__output_sarif = {
	.name     = "sarif",
	.begin    = sarif_begin,
	.document = sarif_document,
	.end      = sarif_end,
	.arg      = NULL,
};
