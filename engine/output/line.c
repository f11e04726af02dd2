/*
 * line.c - the `line` format: PATH:LINE:COLUMN:RULE:MESSAGE, one finding
 * per line, the form editors' error parsers and Vale's `line` output use.
 * Line breaks inside a message become spaces so one finding stays one
 * line.
 */
#include "output/output.h"

typedef struct line_state {
	FILE          *out;
	rl_writer_opts opts;
	rl_buf         buf;
} line_state;

static rl_err
line_begin(void **state, FILE *out, const rl_writer_opts *o, void *arg)
{
	line_state *st = rl__calloc(1, sizeof *st);

	if (!st)
		return RL_ENOMEM;
	st->out = out;
	rl__out_opts(&st->opts, o);
	rl__buf_init(&st->buf);
	*state = st;
	return RL_OK;
}

/* put_one_line appends s with CR and LF replaced by spaces. */
static void
put_one_line(rl_buf *b, const char *s)
{
	for (s = rl__out_str(s); *s; s++)
		rl__buf_putc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
}

static rl_err
line_document(void *state, const rl_result *r, const void *src, size_t len)
{
	line_state *st = state;
	size_t      i;

	for (i = 0; i < r->n_findings; i++) {
		const rl_finding *f = &r->findings[i];

		if (!rl__out_shown(&st->opts, f))
			continue;
		put_one_line(&st->buf, r->path);
		rl__buf_printf(&st->buf, ":%u:%u:", f->line, f->column);
		put_one_line(&st->buf, f->rule);
		rl__buf_putc(&st->buf, ':');
		put_one_line(&st->buf, f->message);
		rl__buf_putc(&st->buf, '\n');
	}
	return rl__out_flush(st->out, &st->buf);
}

static rl_err
line_end(void *state)
{
	line_state *st  = state;
	rl_err      err = RL_OK;

	if (fflush(st->out) != 0 || ferror(st->out))
		err = RL_EIO;
	rl__buf_free(&st->buf);
	rl__free(st);
	return err;
}

const rl_output rl__output_line = {
	.name     = "line",
	.begin    = line_begin,
	.document = line_document,
	.end      = line_end,
	.arg      = NULL,
};
