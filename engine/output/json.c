/*
 * json.c - the `json` format: one object, {"redline": VERSION,
 * "documents": [...]}, each document exactly as CONTRACT.md shows it.
 *
 * Layout: the outer object and each document one key per line; each pack,
 * category, rule error and finding one compact object per line, so the
 * report is easy to read, grep and diff.  Every field is always present
 * (empty arrays included); strings go through rl__buf_json_str, so any
 * input (invalid UTF-8, control characters) still gives valid JSON.
 */
#include "output/output.h"

typedef struct json_state {
	FILE          *out;
	rl_writer_opts opts;
	rl_buf         buf;
	size_t         n_docs;
} json_state;

static rl_err
json_begin(void **state, FILE *out, const rl_writer_opts *o, void *arg)
{
	json_state *st = rl__calloc(1, sizeof *st);

	if (!st)
		return RL_ENOMEM;
	st->out = out;
	rl__out_opts(&st->opts, o);
	rl__buf_init(&st->buf);
	rl__buf_puts(&st->buf, "{\n  \"redline\": ");
	rl__out_json(&st->buf, RL_VERSION_STRING);
	rl__buf_puts(&st->buf, ",\n  \"documents\": [");
	*state = st;
	return RL_OK;
}

/* key appends `,\n      "name": ` (no comma before the first key). */
static void
key(rl_buf *b, const char *name, bool first)
{
	rl__buf_puts(b, first ? "\n      " : ",\n      ");
	rl__out_json(b, name);
	rl__buf_puts(b, ": ");
}

/* list_item / list_close frame an array of one-line items. */
static void
list_item(rl_buf *b, size_t i)
{
	rl__buf_puts(b, i ? ",\n        " : "\n        ");
}

static void
list_close(rl_buf *b, size_t n)
{
	rl__buf_puts(b, n ? "\n      ]" : "]");
}

static void
put_packs(rl_buf *b, const rl_result *r)
{
	size_t i;

	rl__buf_putc(b, '[');
	for (i = 0; i < r->n_packs; i++) {
		list_item(b, i);
		rl__buf_puts(b, "{\"name\": ");
		rl__out_json(b, r->packs[i].name);
		rl__buf_puts(b, ", \"version\": ");
		rl__out_json(b, r->packs[i].version);
		rl__buf_puts(b, ", \"digest\": ");
		rl__out_json(b, r->packs[i].digest);
		rl__buf_putc(b, '}');
	}
	list_close(b, r->n_packs);
}

static void
put_categories(rl_buf *b, const rl_result *r)
{
	size_t i, j;

	rl__buf_putc(b, '[');
	for (i = 0; i < r->n_categories; i++) {
		const rl_category *c = &r->categories[i];

		list_item(b, i);
		rl__buf_puts(b, "{\"name\": ");
		rl__out_json(b, c->name);
		rl__buf_printf(
		    b, ", \"score\": %d, \"deductions\": [", c->score);
		for (j = 0; j < c->n_deductions; j++) {
			const rl_deduction *d = &c->deductions[j];

			rl__buf_puts(b, j ? ", {\"rule\": " : "{\"rule\": ");
			rl__out_json(b, d->rule);
			rl__buf_printf(b, ", \"count\": %u, \"points\": %u}",
			    d->count, d->points);
		}
		rl__buf_puts(b, "]}");
	}
	list_close(b, r->n_categories);
}

static void
put_rule_errors(rl_buf *b, const rl_result *r)
{
	size_t i;

	rl__buf_putc(b, '[');
	for (i = 0; i < r->n_rule_errors; i++) {
		list_item(b, i);
		rl__buf_puts(b, "{\"rule\": ");
		rl__out_json(b, r->rule_errors[i].rule);
		rl__buf_puts(b, ", \"message\": ");
		rl__out_json(b, r->rule_errors[i].message);
		rl__buf_putc(b, '}');
	}
	list_close(b, r->n_rule_errors);
}

static void
put_finding(rl_buf *b, const rl_finding *f)
{
	size_t i;

	rl__buf_puts(b, "{\"rule\": ");
	rl__out_json(b, f->rule);
	rl__buf_puts(b, ", \"severity\": ");
	rl__out_json(b, rl_level_name(f->level));
	rl__buf_puts(b, ", \"message\": ");
	rl__out_json(b, f->message);
	rl__buf_printf(b,
	    ", \"line\": %u, \"column\": %u, \"end_line\": %u, "
	    "\"end_column\": %u, \"offset\": %llu, \"length\": %llu",
	    f->line, f->column, f->end_line, f->end_column,
	    (unsigned long long)f->offset, (unsigned long long)f->length);
	rl__buf_puts(b, ", \"match\": ");
	rl__out_json(b, f->match);
	rl__buf_puts(b, ", \"section\": ");
	rl__out_json(b, f->section);
	rl__buf_puts(b, ", \"category\": ");
	rl__out_json(b, f->category);
	rl__buf_puts(b, ", \"suggestions\": [");
	for (i = 0; i < f->n_suggestions; i++) {
		if (i)
			rl__buf_puts(b, ", ");
		rl__out_json(b, f->suggestions ? f->suggestions[i] : NULL);
	}
	rl__buf_puts(b, "]}");
}

static rl_err
json_document(void *state, const rl_result *r, const void *src, size_t len)
{
	json_state *st = state;
	rl_buf     *b  = &st->buf;
	size_t      i, n = 0;

	rl__buf_puts(b, st->n_docs++ ? ",\n    {" : "\n    {");
	key(b, "path", true);
	rl__out_json(b, r->path);
	key(b, "sha256", false);
	rl__out_json(b, r->sha256);
	key(b, "format", false);
	rl__out_json(b, r->format);
	key(b, "packs", false);
	put_packs(b, r);
	key(b, "score", false);
	rl__buf_printf(b, "%d", r->score);
	key(b, "verdict", false);
	rl__out_json(b, rl_verdict_name(r->verdict));
	key(b, "categories", false);
	put_categories(b, r);
	key(b, "rule_errors", false);
	put_rule_errors(b, r);
	key(b, "findings", false);
	rl__buf_putc(b, '[');
	for (i = 0; i < r->n_findings; i++) {
		if (!rl__out_shown(&st->opts, &r->findings[i]))
			continue;
		list_item(b, n++);
		put_finding(b, &r->findings[i]);
	}
	list_close(b, n);
	rl__buf_puts(b, "\n    }");
	return rl__out_flush(st->out, b);
}

static rl_err
json_end(void *state)
{
	json_state *st = state;
	rl_err      err;

	rl__buf_puts(&st->buf, st->n_docs ? "\n  ]\n}\n" : "]\n}\n");
	err = rl__out_flush(st->out, &st->buf);
	if (!err && fflush(st->out) != 0)
		err = RL_EIO;
	rl__buf_free(&st->buf);
	rl__free(st);
	return err;
}

const rl_output rl__output_json = {
	.name     = "json",
	.begin    = json_begin,
	.document = json_document,
	.end      = json_end,
	.arg      = NULL,
};
