/*
 * text.c - the `text` format, which reads like a compiler's diagnostics:
 *
 *     proposal.md:12:31: warning: Replace the hype word ... [prfaq.buzzwords]
 *        12 | We built a world-class service for teams.
 *           |           ^~~~~~~~~~~
 *
 * then, per document, a summary line (score, verdict, counts by level)
 * and the category breakdown with each category's deductions, so the
 * score can be traced to the findings behind it.  Rules that failed to run
 * are printed as errors.  Colour (ANSI) only when opts->color.
 *
 * The source excerpt expands tabs and measures characters by display
 * width (wide East Asian characters take two columns, combining marks
 * none), so the caret line sits under the match; a long line is trimmed
 * around the match with "...".  Each excerpt looks at a bounded window of
 * bytes around its finding, so printing stays linear in the findings.
 */
#include <string.h>

#include "output/output.h"

#define SNIPPET_LEFT 40   /* display columns kept before the match */
#define SNIPPET_WIDTH 100 /* display columns after which a line is cut */
#define TAB_STOP 8

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_CARET "\033[1;32m"
#define C_DIM "\033[2m"

static const char *const level_color[] = {
	"\033[1;36m", /* suggestion */
	"\033[1;35m", /* warning */
	"\033[1;31m", /* error */
};
static const char *const verdict_color[] = {
	"\033[1;32m", /* pass */
	"\033[1;33m", /* warn */
	"\033[1;31m", /* fail */
};

typedef struct text_state {
	FILE          *out;
	rl_writer_opts opts;
	rl_buf         buf;
	size_t         n_docs;
} text_state;

static rl_err
text_begin(void **state, FILE *out, const rl_writer_opts *o, void *arg)
{
	text_state *st = rl__calloc(1, sizeof *st);

	if (!st)
		return RL_ENOMEM;
	st->out = out;
	rl__out_opts(&st->opts, o);
	rl__buf_init(&st->buf);
	*state = st;
	return RL_OK;
}

/* color appends an escape sequence when colour is on. */
static void
color(text_state *st, const char *esc)
{
	if (st->opts.color)
		rl__buf_puts(&st->buf, esc);
}

/* put_flat appends s on one line with control characters (which could be
 * a document's terminal escapes quoted in a message) shown as '?'. */
static void
put_flat(rl_buf *b, const char *s)
{
	const unsigned char *p   = (const unsigned char *)rl__out_str(s);
	size_t               run = 0, i;

	for (i = 0; p[i]; i++) {
		if (p[i] >= 0x20 && p[i] != 0x7f)
			continue;
		rl__buf_append(b, p + run, i - run);
		rl__buf_putc(b, p[i] == '\n' || p[i] == '\t' ? ' ' : '?');
		run = i + 1;
	}
	rl__buf_append(b, p + run, i - run);
}

static const char *
level_esc(rl_level l)
{
	return (unsigned)l <= RL_LEVEL_ERROR ? level_color[l] : C_BOLD;
}

/* snippet_start walks back from off, over at most SNIPPET_LEFT display
 * columns and never past the line's start; *cut says it stopped short of
 * the line's start. */
static size_t
snippet_start(const char *src, size_t off, bool *cut)
{
	size_t s = off, width = 0, p, adv;

	while (s > 0 && src[s - 1] != '\n') {
		p = s - 1;
		while (p > 0 && s - p < 4 &&
		    ((unsigned char)src[p] & 0xC0) == 0x80)
			p--;
		if (src[p] == '\n')
			p = s - 1;
		if (src[p] == '\t') {
			width += TAB_STOP;
		} else {
			uint32_t cp = rl__utf8_decode(src + p, s - p, &adv);

			if (adv != s - p) {
				p  = s - 1;
				cp = '?';
			}
			width += (size_t)rl__out_char_width(cp);
		}
		if (width > SNIPPET_LEFT) {
			*cut = true;
			return s;
		}
		s = p;
	}
	*cut = false;
	return s;
}

/* put_snippet appends the excerpt of src around [off, off+mlen) and the
 * caret line under it. */
static void
put_snippet(text_state *st, const char *src, size_t len, size_t off,
    size_t mlen, uint32_t line)
{
	rl_buf *b = &st->buf;
	size_t  i, adv, col = 0, mend = off + mlen, k;
	long    caret = -1, caret_end = -1;
	bool    cut_left, cut_right   = false;

	i = snippet_start(src, off, &cut_left);
	rl__buf_printf(b, "%6u | ", line);
	if (cut_left) {
		rl__buf_puts(b, "...");
		col = 3;
	}
	while (i < len) {
		unsigned char c = (unsigned char)src[i];
		size_t        w, base = cut_left ? 3 : 0;
		uint32_t      cp;

		if (caret < 0 && i >= off)
			caret = (long)col;
		if (c == '\n' ||
		    (c == '\r' && (i + 1 == len || src[i + 1] == '\n')))
			break;
		if (caret >= 0 && col >= SNIPPET_WIDTH) {
			cut_right = true;
			break;
		}
		cp = rl__utf8_decode(src + i, len - i, &adv);
		if (c == '\t') {
			w = TAB_STOP - (col - base) % TAB_STOP;
			for (k = 0; k < w; k++)
				rl__buf_putc(b, ' ');
		} else if (cp < 0x20 || cp == 0x7f ||
		    (cp == 0xFFFD && adv == 1)) {
			w = 1;
			rl__buf_putc(b, '?');
		} else {
			w = (size_t)rl__out_char_width(cp);
			rl__buf_append(b, src + i, adv);
		}
		if (i >= off && i < mend)
			caret_end = (long)(col + w);
		col += w;
		i += adv;
	}
	if (caret < 0)
		caret = (long)col;
	if (cut_right)
		rl__buf_puts(b, "...");
	rl__buf_puts(b, "\n       | ");
	for (k = 0; k < (size_t)caret; k++)
		rl__buf_putc(b, ' ');
	color(st, C_CARET);
	rl__buf_putc(b, '^');
	for (k = (size_t)caret + 1; (long)k < caret_end; k++)
		rl__buf_putc(b, '~');
	color(st, C_RESET);
	rl__buf_putc(b, '\n');
}

static void
put_finding(text_state *st, const rl_result *r, const rl_finding *f,
    const char *src, size_t len)
{
	rl_buf *b = &st->buf;

	color(st, C_BOLD);
	put_flat(b, r->path);
	rl__buf_printf(b, ":%u:%u:", f->line, f->column);
	color(st, C_RESET);
	rl__buf_putc(b, ' ');
	color(st, level_esc(f->level));
	rl__buf_printf(b, "%s:", rl_level_name(f->level));
	color(st, C_RESET);
	rl__buf_putc(b, ' ');
	put_flat(b, f->message);
	rl__buf_putc(b, ' ');
	color(st, C_DIM);
	rl__buf_putc(b, '[');
	put_flat(b, f->rule);
	rl__buf_putc(b, ']');
	color(st, C_RESET);
	rl__buf_putc(b, '\n');
	if (src && f->offset <= len && f->length <= len - f->offset)
		put_snippet(st, src, len, (size_t)f->offset, (size_t)f->length,
		    f->line);
}

static void
put_rule_error(text_state *st, const rl_result *r, const rl_rule_error *e)
{
	rl_buf *b = &st->buf;

	color(st, C_BOLD);
	put_flat(b, r->path);
	rl__buf_putc(b, ':');
	color(st, C_RESET);
	rl__buf_putc(b, ' ');
	color(st, level_color[RL_LEVEL_ERROR]);
	rl__buf_puts(b, "error:");
	color(st, C_RESET);
	rl__buf_puts(b, " rule failed: ");
	put_flat(b, e->message);
	rl__buf_putc(b, ' ');
	color(st, C_DIM);
	rl__buf_putc(b, '[');
	put_flat(b, e->rule);
	rl__buf_putc(b, ']');
	color(st, C_RESET);
	rl__buf_putc(b, '\n');
}

static void
put_count(rl_buf *b, size_t n, const char *what, bool last)
{
	rl__buf_printf(
	    b, "%zu %s%s%s", n, what, n == 1 ? "" : "s", last ? "" : ", ");
}

static void
put_summary(text_state *st, const rl_result *r)
{
	rl_buf *b        = &st->buf;
	size_t  count[3] = { 0, 0, 0 }, i, j;

	for (i = 0; i < r->n_findings; i++)
		if ((unsigned)r->findings[i].level <= RL_LEVEL_ERROR)
			count[r->findings[i].level]++;
	color(st, C_BOLD);
	put_flat(b, r->path);
	rl__buf_putc(b, ':');
	color(st, C_RESET);
	rl__buf_printf(b, " score %d/100, verdict ", r->score);
	color(st,
	    (unsigned)r->verdict <= RL_VERDICT_FAIL ? verdict_color[r->verdict]
	                                            : C_BOLD);
	rl__buf_puts(b, rl_verdict_name(r->verdict));
	color(st, C_RESET);
	rl__buf_puts(b, ": ");
	put_count(b, count[RL_LEVEL_ERROR], "error", false);
	put_count(b, count[RL_LEVEL_WARNING], "warning", false);
	put_count(
	    b, count[RL_LEVEL_SUGGESTION], "suggestion", r->n_rule_errors == 0);
	if (r->n_rule_errors)
		put_count(b, r->n_rule_errors, "rule error", true);
	rl__buf_putc(b, '\n');
	for (i = 0; i < r->n_categories; i++) {
		const rl_category *c = &r->categories[i];

		rl__buf_printf(
		    b, "  %s %d/100", rl__out_str(c->name), c->score);
		for (j = 0; j < c->n_deductions; j++) {
			const rl_deduction *d = &c->deductions[j];

			rl__buf_printf(b, "%s-%u %s (%u %s)", j ? ", " : ": ",
			    d->points, rl__out_str(d->rule), d->count,
			    d->count == 1 ? "finding" : "findings");
		}
		rl__buf_putc(b, '\n');
	}
}

static rl_err
text_document(void *state, const rl_result *r, const void *src, size_t len)
{
	text_state *st = state;
	size_t      i;

	if (st->n_docs++)
		rl__buf_putc(&st->buf, '\n');
	for (i = 0; i < r->n_findings; i++)
		if (rl__out_shown(&st->opts, &r->findings[i]))
			put_finding(st, r, &r->findings[i], src, len);
	for (i = 0; i < r->n_rule_errors; i++)
		put_rule_error(st, r, &r->rule_errors[i]);
	put_summary(st, r);
	return rl__out_flush(st->out, &st->buf);
}

static rl_err
text_end(void *state)
{
	text_state *st  = state;
	rl_err      err = RL_OK;

	if (fflush(st->out) != 0 || ferror(st->out))
		err = RL_EIO;
	rl__buf_free(&st->buf);
	rl__free(st);
	return err;
}

const rl_output rl__output_text = {
	.name     = "text",
	.begin    = text_begin,
	.document = text_document,
	.end      = text_end,
	.arg      = NULL,
};
