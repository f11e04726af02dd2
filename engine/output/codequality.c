/*
 * codequality.c - the `codequality` format: GitLab's Code Quality report,
 * a JSON array of issues:
 *     {"description", "check_name", "fingerprint", "severity",
 *      "location": {"path", "lines": {"begin"}}}
 * Severity: suggestion -> info, warning -> minor, error -> major; a rule
 * that failed to run is reported as a `critical` issue at line 1 so it is
 * not silently lost.  The fingerprint is the hex SHA-256 of the path, the
 * rule id, the byte offset in decimal and the message, concatenated (for
 * a failed rule: path, rule id, "rule-error" and the reason), so it is
 * stable across runs and distinct per finding.
 */
#include <stdio.h>
#include <string.h>

#include "output/output.h"

typedef struct cq_state {
	FILE          *out;
	rl_writer_opts opts;
	rl_buf         buf;
	size_t         n_issues;
} cq_state;

static const char *const severity[] = { "info", "minor", "major" };

static rl_err
cq_begin(void **state, FILE *out, const rl_writer_opts *o, void *arg)
{
	cq_state *st = rl__calloc(1, sizeof *st);

	if (!st)
		return RL_ENOMEM;
	st->out = out;
	rl__out_opts(&st->opts, o);
	rl__buf_init(&st->buf);
	rl__buf_putc(&st->buf, '[');
	*state = st;
	return RL_OK;
}

/* fingerprint writes the hex digest; false when libcrypto failed. */
static bool
fingerprint(const char *path, const char *rule, const char *mid,
    const char *msg, char hex[65])
{
	rl_sha256 c;
	uint8_t   d[32];

	rl__sha256_init(&c);
	rl__sha256_update(&c, path, strlen(path));
	rl__sha256_update(&c, rule, strlen(rule));
	rl__sha256_update(&c, mid, strlen(mid));
	rl__sha256_update(&c, msg, strlen(msg));
	if (rl__sha256_final(&c, d) != RL_OK) {
		hex[0] = '\0';
		return false;
	}
	rl__hex(d, sizeof d, hex);
	return true;
}

static void
put_issue(cq_state *st, const char *path, const char *rule, const char *msg,
    const char *mid, const char *sev, uint32_t line)
{
	rl_buf *b = &st->buf;
	char    fp[65];

	/* Out of memory: the report fails as a failed append would. */
	if (!fingerprint(path, rule, mid, msg, fp))
		b->failed = true;
	rl__buf_puts(b, st->n_issues++ ? ",\n  " : "\n  ");
	rl__buf_puts(b, "{\"description\": ");
	rl__out_json(b, msg);
	rl__buf_puts(b, ", \"check_name\": ");
	rl__out_json(b, rule);
	rl__buf_printf(
	    b, ", \"fingerprint\": \"%s\", \"severity\": \"%s\"", fp, sev);
	rl__buf_puts(b, ", \"location\": {\"path\": ");
	rl__out_json(b, path);
	rl__buf_printf(b, ", \"lines\": {\"begin\": %u}}}", line ? line : 1);
}

static rl_err
cq_document(void *state, const rl_result *r, const void *src, size_t len)
{
	cq_state   *st   = state;
	const char *path = rl__out_str(r->path);
	char        off[24];
	size_t      i;

	for (i = 0; i < r->n_rule_errors; i++)
		put_issue(st, path, rl__out_str(r->rule_errors[i].rule),
		    rl__out_str(r->rule_errors[i].message), "rule-error",
		    "critical", 1);
	for (i = 0; i < r->n_findings; i++) {
		const rl_finding *f = &r->findings[i];

		if (!rl__out_shown(&st->opts, f))
			continue;
		snprintf(
		    off, sizeof off, "%llu", (unsigned long long)f->offset);
		put_issue(st, path, rl__out_str(f->rule),
		    rl__out_str(f->message), off,
		    (unsigned)f->level <= RL_LEVEL_ERROR ? severity[f->level]
		                                         : "major",
		    f->line);
	}
	return rl__out_flush(st->out, &st->buf);
}

static rl_err
cq_end(void *state)
{
	cq_state *st = state;
	rl_err    err;

	rl__buf_puts(&st->buf, st->n_issues ? "\n]\n" : "]\n");
	err = rl__out_flush(st->out, &st->buf);
	if (!err && fflush(st->out) != 0)
		err = RL_EIO;
	rl__buf_free(&st->buf);
	rl__free(st);
	return err;
}

const rl_output rl__output_codequality = {
	.name     = "codequality",
	.begin    = cq_begin,
	.document = cq_document,
	.end      = cq_end,
	.arg      = NULL,
};
