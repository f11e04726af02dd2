/*
 * kind_metadata.c - Redline's `metadata`: fields the front matter must
 * have, with values matching a pattern.
 *
 *   extends: metadata
 *   message: "Add '%s' to the front matter."   # missing; %s: the field
 *   fields:
 *     - title                                   # just required
 *     - name: status                            # dotted names reach into
 *       pattern: '^(draft|accepted|rejected)$'  #   maps: owner.email
 *       required: true                          # default
 *       message: "..."                          # missing, this field
 *       invalid_message: "..."                  # %s: field, value, pattern
 *
 * A missing field is reported on line 1 (where the front matter starts);
 * a value that does not match at the value.  A list value is checked item
 * by item; a map value only for presence.
 */
#include <stdio.h>
#include <string.h>

#include "rules/kind.h"

typedef struct field {
	const char *name;
	const char *pattern_src;
	rl_regex   *pattern;
	bool        required;
	const char *message;
	const char *invalid_message;
} field;

typedef struct metadata {
	field *v;
	size_t n;
} metadata;

#define DEFAULT_INVALID                                                        \
	"Front-matter field '%s' is '%s', which does not match '%s'."

static void
metadata_free(rl_rule *r)
{
	metadata *x = r->state;
	size_t    i;

	for (i = 0; x && i < x->n; i++)
		rl__regex_free(x->v[i].pattern);
	r->state = NULL;
}

static rl_err
read_field(rl_cfg *m, rl_kind_ctx *ctx, field *f)
{
	rl_err err;

	f->required        = true;
	f->invalid_message = DEFAULT_INVALID;
	if (m->kind == RL_CFG_SCALAR && m->len) {
		f->name = m->value;
		return RL_OK;
	}
	if (m->kind != RL_CFG_MAP)
		return rl__cfg_error(m, ctx->file, ctx->diag,
		    "a field is a name or a map with 'name'");
	err = rl__cfg_str(m, "name", ctx->file, &f->name, ctx->diag);
	if (err == RL_ENOENT)
		return rl__cfg_error(
		    m, ctx->file, ctx->diag, "a field needs a 'name'");
	if (err ||
	    ((err = rl__cfg_str(
	          m, "pattern", ctx->file, &f->pattern_src, ctx->diag)) &&
	        err != RL_ENOENT) ||
	    ((err = rl__cfg_bool(
	          m, "required", ctx->file, &f->required, ctx->diag)) &&
	        err != RL_ENOENT) ||
	    ((err = rl__cfg_str(
	          m, "message", ctx->file, &f->message, ctx->diag)) &&
	        err != RL_ENOENT) ||
	    ((err = rl__cfg_str(m, "invalid_message", ctx->file,
	          &f->invalid_message, ctx->diag)) &&
	        err != RL_ENOENT))
		return err;
	if (f->pattern_src &&
	    (err = rl__kind_regex(ctx, rl__cfg_get(m, "pattern"), "pattern",
	         f->pattern_src, 0, &f->pattern)))
		return err;
	return rl__cfg_check_unused(m, ctx->file, ctx->diag);
}

static rl_err
metadata_compile(rl_rule *r, rl_cfg *spec, rl_kind_ctx *ctx)
{
	metadata *x;
	rl_cfg   *list = rl__cfg_get(spec, "fields"), *c;
	rl_err    err;

	if (!list || list->kind != RL_CFG_SEQ || !list->n_children)
		return rl__cfg_error(list, ctx->file, ctx->diag,
		    "metadata needs a 'fields' list");
	x = rl__arena_calloc(ctx->arena, 1, sizeof *x);
	if (x)
		x->v = rl__arena_calloc(
		    ctx->arena, list->n_children, sizeof *x->v);
	if (!x || !x->v)
		return rl__diag_set(
		    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
	r->state = x;
	for (c = list->child; c; c = c->next) {
		err = read_field(c, ctx, &x->v[x->n]);
		x->n++;
		if (err)
			return err;
	}
	return RL_OK;
}

/* lookup follows a dotted name through nested maps. */
static const rl_meta *
lookup(const rl_doc *d, const char *name)
{
	const rl_meta *m = d->meta, *c;
	const char    *p = name, *dot;
	size_t         n;

	while (m && m->kind == RL_META_MAP) {
		dot = strchr(p, '.');
		n   = dot ? (size_t)(dot - p) : strlen(p);
		for (c = m->child; c; c = c->next)
			if (c->key && strlen(c->key) == n &&
			    memcmp(c->key, p, n) == 0)
				break;
		if (!c || !dot)
			return c;
		m = c;
		p = dot + 1;
	}
	return NULL;
}

typedef struct run {
	rl_scan       *scan;
	const rl_rule *rule;
	rl_emit        emit;
} run;

static rl_err
say(run *c, uint32_t off, uint32_t len, const char *msg, const char *a0,
    const char *a1, const char *a2)
{
	const char *args[3] = { a0, a1, a2 };

	return rl__emit_message(&c->emit, off, len, msg, args, 3);
}

static rl_err
check_value(run *c, const field *f, const rl_meta *v)
{
	const rl_doc *d = c->scan->doc;
	size_t        a, z, n;
	uint32_t      len;

	if (v->kind != RL_META_SCALAR || !f->pattern)
		return RL_OK;
	n = strlen(v->value);
	if (rl__regex_match(f->pattern, v->value, n, 0,
	        rl__scan_match_data(c->scan), &a, &z) == 1)
		return RL_OK;
	len = v->off < d->len
	    ? (uint32_t)(n < d->len - v->off ? n : d->len - v->off)
	    : 0;
	return say(c, v->off < d->len ? v->off : 0, len, f->invalid_message,
	    f->name, v->value, f->pattern_src);
}

static rl_err
metadata_check(const rl_rule *r, rl_scan *s)
{
	const metadata *x = r->state;
	const rl_doc   *d = s->doc;
	const rl_meta  *v, *item;
	run             c;
	size_t          i;
	rl_err          err;

	memset(&c, 0, sizeof c);
	c.scan = s;
	c.rule = r;
	rl__emit_init(&c.emit, s, r);
	for (i = 0; i < x->n; i++) {
		const field *f = &x->v[i];

		v = lookup(d, f->name);
		if (!v) {
			if (f->required &&
			    (err = say(&c, d->meta ? d->meta_span.off : 0, 0,
			         f->message ? f->message : r->message, f->name,
			         NULL, NULL)))
				return err;
			continue;
		}
		if (v->kind == RL_META_SEQ) {
			for (item = v->child; item; item = item->next)
				if ((err = check_value(&c, f, item)))
					return err;
		} else if ((err = check_value(&c, f, v))) {
			return err;
		}
	}
	return RL_OK;
}

const rl_kind rl__kind_metadata = {
	.name         = "metadata",
	.compile      = metadata_compile,
	.check        = metadata_check,
	.free         = metadata_free,
	.per_document = true,
};
