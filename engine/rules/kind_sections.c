/*
 * kind_sections.c - Redline's `sections`: the headings a document must
 * (or must not) have, in order, with what their text must (or must not)
 * say.
 *
 *   extends: sections
 *   message: "Add a '%s' section."        # missing; %s: the section's name
 *   order: true                           # listed sections keep this order
 *   sections:
 *     - name: FAQ                         # for messages
 *       title: '(?i)^(faq|questions)$'    # heading text; default ^name$
 *       level: 2                          # optional heading level
 *       required: true                    # default
 *       must_contain: ['\bcustomer\b']    # each must match the body
 *       must_not_contain: ['\bTBD\b']     # none may match
 *       sections: [...]                   # inside this one
 *
 * A missing section is reported where it was expected: at the end of the
 * section that should contain it, or on line 1.  With the rule's
 * `section:` selector, the listed sections are looked for inside each
 * section it matches.  The body is the section's prose after its heading,
 * sub-sections included.
 */
#include <stdio.h>
#include <string.h>

#include "rules/kind.h"

typedef struct sec_spec {
	const char      *name;
	rl_regex        *title;
	int              level; /* 0: any */
	bool             required;
	const char      *message; /* missing, or NULL: rule's */
	const char      *contain_message;
	rl_regex       **must, **must_not;
	const char     **must_src;
	size_t           n_must, n_must_not;
	struct sec_spec *sub;
	size_t           n_sub;
} sec_spec;

typedef struct sections {
	sec_spec   *top;
	size_t      n_top;
	bool        order;
	const char *order_message;
	const char *forbid_message;
} sections;

#define DEFAULT_ORDER "'%s' should come after '%s'."
#define DEFAULT_CONTAIN "Section '%s' should include text matching '%s'."
#define DEFAULT_FORBID "'%s' does not belong in section '%s'."

static void
specs_free(sec_spec *v, size_t n)
{
	size_t i, j;

	for (i = 0; v && i < n; i++) {
		rl__regex_free(v[i].title);
		for (j = 0; v[i].must && j < v[i].n_must; j++)
			rl__regex_free(v[i].must[j]);
		for (j = 0; v[i].must_not && j < v[i].n_must_not; j++)
			rl__regex_free(v[i].must_not[j]);
		specs_free(v[i].sub, v[i].n_sub);
	}
}

static void
sections_free(rl_rule *r)
{
	sections *x = r->state;

	if (x)
		specs_free(x->top, x->n_top);
	r->state = NULL;
}

static rl_err
nomem(rl_kind_ctx *ctx)
{
	return rl__diag_set(
	    ctx->diag, RL_ENOMEM, ctx->file, 0, 0, "out of memory");
}

/* quote escapes a name for a pattern. */
static char *
quote(rl_arena *a, const char *s)
{
	size_t n = 0, i, o = 0;
	char  *out;

	for (i = 0; s[i]; i++)
		n += strchr("\\^$.|?*+()[]{}", s[i]) ? 2 : 1;
	out = rl__arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	for (i = 0; s[i]; i++) {
		if (strchr("\\^$.|?*+()[]{}", s[i]))
			out[o++] = '\\';
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

static rl_err read_specs(
    rl_cfg *list, rl_kind_ctx *ctx, sec_spec **out, size_t *n, int depth);

static rl_err
read_patterns(rl_cfg *m, const char *key, rl_kind_ctx *ctx, rl_regex ***out,
    const char ***src, size_t *n)
{
	const char **v;
	rl_cfg      *node = rl__cfg_get(m, key), *c;
	size_t       i;
	rl_err       err;

	if ((err = rl__kind_strlist(ctx, m, key, &v, n)))
		return err;
	*out = rl__arena_calloc(ctx->arena, *n + 1, sizeof **out);
	if (!*out)
		return nomem(ctx);
	if (src)
		*src = v;
	for (i = 0; i < *n; i++) {
		c = node;
		if (node && node->kind == RL_CFG_SEQ)
			for (c = node->child; c && c->value != v[i];
			     c = c->next)
				;
		if ((err = rl__kind_regex(ctx, c ? c : node, key, v[i],
		         RL_RE_MULTILINE, &(*out)[i])))
			return err;
	}
	return RL_OK;
}

static rl_err
read_spec(rl_cfg *m, rl_kind_ctx *ctx, sec_spec *s, int depth)
{
	const char *title = NULL;
	long long   level;
	rl_cfg     *sub;
	rl_err      err;

	s->required = true;
	if (m->kind == RL_CFG_SCALAR) { /* a bare name */
		s->name = m->value;
	} else if (m->kind == RL_CFG_MAP) {
		if ((err = rl__cfg_str(
		         m, "name", ctx->file, &s->name, ctx->diag)) &&
		    err != RL_ENOENT)
			return err;
		if ((err = rl__cfg_str(
		         m, "title", ctx->file, &title, ctx->diag)) &&
		    err != RL_ENOENT)
			return err;
	} else {
		return rl__cfg_error(m, ctx->file, ctx->diag,
		    "a section is a name or a map with 'title'");
	}
	if (!s->name && !title)
		return rl__cfg_error(m, ctx->file, ctx->diag,
		    "a section needs a 'name' or a 'title'");
	if (!s->name)
		s->name = title;
	if (!title) {
		char *q = quote(ctx->arena, s->name);

		title = q ? rl__arena_printf(ctx->arena, "(?i)^\\s*%s\\s*$", q)
		          : NULL;
		if (!title)
			return nomem(ctx);
	}
	if ((err = rl__kind_regex(ctx, m, "title", title, 0, &s->title)))
		return err;
	if (m->kind == RL_CFG_SCALAR)
		return RL_OK;
	err = rl__cfg_int(m, "level", ctx->file, 1, 6, &level, ctx->diag);
	if (err == RL_OK)
		s->level = (int)level;
	else if (err != RL_ENOENT)
		return err;
	if (((err = rl__cfg_bool(
	          m, "required", ctx->file, &s->required, ctx->diag)) &&
	        err != RL_ENOENT) ||
	    ((err = rl__cfg_str(
	          m, "message", ctx->file, &s->message, ctx->diag)) &&
	        err != RL_ENOENT) ||
	    ((err = rl__cfg_str(m, "contain_message", ctx->file,
	          &s->contain_message, ctx->diag)) &&
	        err != RL_ENOENT))
		return err;
	if ((err = read_patterns(
	         m, "must_contain", ctx, &s->must, &s->must_src, &s->n_must)) ||
	    (err = read_patterns(m, "must_not_contain", ctx, &s->must_not, NULL,
	         &s->n_must_not)))
		return err;
	if ((sub = rl__cfg_get(m, "sections")) &&
	    (err = read_specs(sub, ctx, &s->sub, &s->n_sub, depth + 1)))
		return err;
	return rl__cfg_check_unused(m, ctx->file, ctx->diag);
}

static rl_err
read_specs(rl_cfg *list, rl_kind_ctx *ctx, sec_spec **out, size_t *n, int depth)
{
	rl_cfg *c;
	size_t  i = 0;
	rl_err  err;

	if (depth > 6)
		return rl__cfg_error(
		    list, ctx->file, ctx->diag, "sections nest at most 6 deep");
	if (list->kind != RL_CFG_SEQ || !list->n_children)
		return rl__cfg_error(list, ctx->file, ctx->diag,
		    "'sections' must list the sections");
	*out = rl__arena_calloc(ctx->arena, list->n_children, sizeof **out);
	if (!*out)
		return nomem(ctx);
	for (c = list->child; c; c = c->next) {
		err = read_spec(c, ctx, &(*out)[i], depth);
		*n  = ++i; /* so a failure frees what was compiled */
		if (err)
			return err;
	}
	return RL_OK;
}

static rl_err
sections_compile(rl_rule *r, rl_cfg *spec, rl_kind_ctx *ctx)
{
	sections *x;
	rl_cfg   *list = rl__cfg_get(spec, "sections");
	rl_err    err;

	if (!list)
		return rl__diag_set(ctx->diag, RL_EPACK, ctx->file, r->line, 1,
		    "sections needs a 'sections' list");
	x = rl__arena_calloc(ctx->arena, 1, sizeof *x);
	if (!x)
		return nomem(ctx);
	r->state          = x;
	x->order_message  = DEFAULT_ORDER;
	x->forbid_message = DEFAULT_FORBID;
	if (((err = rl__cfg_bool(
	          spec, "order", ctx->file, &x->order, ctx->diag)) &&
	        err != RL_ENOENT) ||
	    ((err = rl__cfg_str(spec, "order_message", ctx->file,
	          &x->order_message, ctx->diag)) &&
	        err != RL_ENOENT) ||
	    ((err = rl__cfg_str(spec, "forbid_message", ctx->file,
	          &x->forbid_message, ctx->diag)) &&
	        err != RL_ENOENT))
		return err;
	return read_specs(list, ctx, &x->top, &x->n_top, 0);
}

/* ------------------------------------------------------------------------
 * Checking
 * ------------------------------------------------------------------------ */

typedef struct run {
	rl_scan          *scan;
	const rl_rule    *rule;
	const sections   *x;
	const rl_doc     *doc;
	pcre2_match_data *md;
	rl_emit           emit;
} run;

static rl_err
report(run *c, uint32_t off, uint32_t len, const char *msg, const char *a0,
    const char *a1)
{
	const char *args[2] = { a0, a1 };

	return rl__emit_message(&c->emit, off, len, msg, args, 2);
}

/* heading_span: where a section's heading text is. */
static void
heading_span(const run *c, const rl_section *s, uint32_t *off, uint32_t *len)
{
	uint32_t o = s->off, e = s->body;

	if (s->heading != UINT32_MAX && s->heading < c->doc->n_blocks) {
		o = c->doc->blocks[s->heading].off;
		e = c->doc->blocks[s->heading].end;
	}
	rl__trim(c->doc->prose, &o, &e);
	*off = o;
	*len = e - o;
}

/* end_of: the last non-blank byte of [off, end) of the source. */
static uint32_t
end_of(const run *c, uint32_t off, uint32_t end)
{
	while (end > off && rl__is_space(c->doc->raw[end - 1]))
		end--;
	return end > off ? end - 1 : off;
}

/* find: the first section in [off, end) matching s, or UINT32_MAX. */
static uint32_t
find(run *c, const sec_spec *s, uint32_t off, uint32_t end)
{
	uint32_t i;
	size_t   a, z;

	for (i = 1; i < c->doc->n_sections; i++) {
		const rl_section *sec = &c->doc->sections[i];

		if (sec->off < off || sec->off >= end)
			continue;
		if (s->level && sec->level != s->level)
			continue;
		if (rl__regex_match(s->title, sec->title, strlen(sec->title), 0,
		        c->md, &a, &z) == 1)
			return i;
	}
	return UINT32_MAX;
}

static rl_err check_list(run *c, const sec_spec *v, size_t n, uint32_t off,
    uint32_t end, uint32_t missing_at);

/* check_body applies must_contain / must_not_contain to section i. */
static rl_err
check_body(run *c, const sec_spec *s, uint32_t i)
{
	const rl_section *sec  = &c->doc->sections[i];
	const char       *text = c->doc->prose + sec->body;
	size_t            len  = sec->end - sec->body, a, z, k;
	uint32_t          ho, hl, o, e;
	char              buf[256];
	rl_err            err;

	for (k = 0; k < s->n_must; k++) {
		if (rl__regex_match(s->must[k], text, len, 0, c->md, &a, &z) ==
		    1)
			continue;
		heading_span(c, sec, &ho, &hl);
		if ((err = report(c, ho, hl,
		         s->contain_message ? s->contain_message
		                            : DEFAULT_CONTAIN,
		         s->name, s->must_src[k])))
			return err;
	}
	for (k = 0; k < s->n_must_not; k++) {
		size_t at = 0;

		while (rl__regex_match(
		           s->must_not[k], text, len, at, c->md, &a, &z) == 1) {
			at = rl__regex_next(text, len, z, a);
			o  = sec->body + (uint32_t)a;
			e  = sec->body + (uint32_t)z;
			rl__trim(c->doc->prose, &o, &e);
			if (e <= o)
				continue;
			if ((err = report(c, o, e - o, c->x->forbid_message,
			         rl__text_copy(c->scan, buf, sizeof buf,
			             c->doc->prose + o, e - o),
			         s->name)))
				return err;
		}
	}
	return RL_OK;
}

static rl_err
check_list(run *c, const sec_spec *v, size_t n, uint32_t off, uint32_t end,
    uint32_t missing_at)
{
	uint32_t    i, found, best = 0, ho, hl;
	const char *best_name = NULL;
	size_t      k;
	rl_err      err;

	for (k = 0; k < n; k++) {
		const sec_spec *s = &v[k];

		found = find(c, s, off, end);
		if (found == UINT32_MAX) {
			if (s->required &&
			    (err = report(c, missing_at, 0,
			         s->message ? s->message : c->rule->message,
			         s->name, NULL)))
				return err;
			continue;
		}
		i = found;
		if (c->x->order && best_name &&
		    c->doc->sections[i].off < best) {
			heading_span(c, &c->doc->sections[i], &ho, &hl);
			if ((err = report(c, ho, hl, c->x->order_message,
			         s->name, best_name)))
				return err;
		} else if (c->doc->sections[i].off >= best) {
			best      = c->doc->sections[i].off;
			best_name = s->name;
		}
		if ((err = check_body(c, s, i)))
			return err;
		if (s->n_sub &&
		    (err = check_list(c, s->sub, s->n_sub,
		         c->doc->sections[i].body, c->doc->sections[i].end,
		         end_of(c, c->doc->sections[i].off,
		             c->doc->sections[i].end))))
			return err;
	}
	return RL_OK;
}

static rl_err
sections_check(const rl_rule *r, rl_scan *s)
{
	run      c;
	uint32_t i;
	size_t   a, z;
	rl_err   err;

	memset(&c, 0, sizeof c);
	c.scan = s;
	c.rule = r;
	c.x    = r->state;
	c.doc  = s->doc;
	c.md   = rl__scan_match_data(s);
	rl__emit_init(&c.emit, s, r);
	if (!r->section)
		return check_list(
		    &c, c.x->top, c.x->n_top, 0, (uint32_t)c.doc->len, 0);
	for (i = 1; i < c.doc->n_sections; i++) {
		const rl_section *sec = &c.doc->sections[i];

		if (rl__regex_match(r->section, sec->title, strlen(sec->title),
		        0, c.md, &a, &z) != 1)
			continue;
		if ((err = check_list(&c, c.x->top, c.x->n_top, sec->body,
		         sec->end, end_of(&c, sec->off, sec->end))))
			return err;
	}
	return RL_OK;
}

const rl_kind rl__kind_sections = {
	.name         = "sections",
	.compile      = sections_compile,
	.check        = sections_check,
	.free         = sections_free,
	.per_document = true,
};
