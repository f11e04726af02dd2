/*
 * cfg.c - YAML (via libyaml's event parser) into an rl_cfg tree with marks.
 *
 * The tree is built with an explicit stack, so deeply nested input cannot
 * exhaust the C stack.  Every node lives in the caller's arena.  Keys must
 * be scalars; a key given twice in one map is an error; aliases are
 * refused (anchors alone are ignored), which rules out "billion laughs"
 * expansion.  Marks are 1-based; columns count characters, as libyaml's
 * do.
 */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/cfg.h"

#define CFG_MAX_DEPTH 256

typedef struct cfg_frame {
	rl_cfg     *node;
	rl_cfg     *last; /* last child appended */
	const char *key;  /* map: key waiting for its value, or NULL */
	uint32_t    key_line, key_column;
} cfg_frame;

typedef struct cfg_parser {
	const char *text;
	size_t      len;
	const char *file;
	rl_arena   *arena;
	rl_diag    *diag;
	cfg_frame   stack[CFG_MAX_DEPTH];
	size_t      depth;
	rl_cfg     *root;
	int         n_docs;
} cfg_parser;

/* offset_mark converts a byte offset to a 1-based line and column (code
 * points), for libyaml errors that only carry an offset. */
static void
offset_mark(
    const char *text, size_t len, size_t off, uint32_t *line, uint32_t *col)
{
	size_t i, ls = 0;

	*line = 1;
	if (off > len)
		off = len;
	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			ls = i + 1;
		}
	}
	*col = (uint32_t)rl__utf8_count(text + ls, off - ls) + 1;
}

static rl_err
yaml_failure(cfg_parser *p, const yaml_parser_t *y)
{
	uint32_t line, col;

	switch (y->error) {
	case YAML_MEMORY_ERROR:
		return rl__diag_set(p->diag, RL_ENOMEM, p->file, 0, 0,
		    "out of memory parsing YAML");
	case YAML_READER_ERROR:
		offset_mark(p->text, p->len, y->problem_offset, &line, &col);
		return rl__diag_set(p->diag, RL_EPARSE, p->file, line, col,
		    "%s", y->problem ? y->problem : "unreadable input");
	default:
		break;
	}
	line = (uint32_t)y->problem_mark.line + 1;
	col  = (uint32_t)y->problem_mark.column + 1;
	if (y->context)
		return rl__diag_set(p->diag, RL_EPARSE, p->file, line, col,
		    "%s (%s at line %u, column %u)",
		    y->problem ? y->problem : "malformed YAML", y->context,
		    (unsigned)y->context_mark.line + 1,
		    (unsigned)y->context_mark.column + 1);
	return rl__diag_set(p->diag, RL_EPARSE, p->file, line, col, "%s",
	    y->problem ? y->problem : "malformed YAML");
}

static rl_err
oom(cfg_parser *p)
{
	return rl__diag_set(
	    p->diag, RL_ENOMEM, p->file, 0, 0, "out of memory reading YAML");
}

/* attach puts a finished (or just started) node under the top frame, or
 * makes it the root. */
static rl_err
attach(cfg_parser *p, rl_cfg *n, const yaml_event_t *ev)
{
	cfg_frame *f;

	n->line   = (uint32_t)ev->start_mark.line + 1;
	n->column = (uint32_t)ev->start_mark.column + 1;
	if (p->depth == 0) {
		p->root = n;
		return RL_OK;
	}
	f = &p->stack[p->depth - 1];
	if (f->node->kind == RL_CFG_MAP) {
		n->key        = f->key;
		n->key_line   = f->key_line;
		n->key_column = f->key_column;
		f->key        = NULL;
	}
	if (f->last)
		f->last->next = n;
	else
		f->node->child = n;
	f->last = n;
	f->node->n_children++;
	return RL_OK;
}

static int
key_cmp(const void *a, const void *b)
{
	const rl_cfg *x = *(rl_cfg *const *)a, *y = *(rl_cfg *const *)b;
	int           c = strcmp(x->key, y->key);

	if (c)
		return c;
	if (x->key_line != y->key_line)
		return x->key_line < y->key_line ? -1 : 1;
	return x->key_column < y->key_column ? -1
	                                     : x->key_column > y->key_column;
}

static rl_err
duplicate(cfg_parser *p, const rl_cfg *first, const rl_cfg *again)
{
	return rl__diag_set(p->diag, RL_EPARSE, p->file, again->key_line,
	    again->key_column, "duplicate key '%s' (first at line %u)",
	    again->key, (unsigned)first->key_line);
}

/* check_duplicates: small maps pairwise, large ones (Vale's swap tables)
 * by sorting pointers, so a map is checked in O(n log n). */
static rl_err
check_duplicates(cfg_parser *p, const rl_cfg *map)
{
	const rl_cfg *a, *b;
	rl_cfg      **v;
	size_t        i   = 0;
	rl_err        err = RL_OK;

	if (map->n_children <= 16) {
		for (a = map->child; a; a = a->next)
			for (b = a->next; b; b = b->next)
				if (strcmp(a->key, b->key) == 0)
					return duplicate(p, a, b);
		return RL_OK;
	}
	v = rl__calloc(map->n_children, sizeof *v);
	if (!v)
		return oom(p);
	for (a = map->child; a; a = a->next)
		v[i++] = (rl_cfg *)a;
	qsort(v, i, sizeof *v, key_cmp);
	for (i = 1; i < map->n_children; i++) {
		if (strcmp(v[i - 1]->key, v[i]->key) == 0) {
			err = duplicate(p, v[i - 1], v[i]);
			break;
		}
	}
	rl__free(v);
	return err;
}

static rl_err
on_scalar(cfg_parser *p, const yaml_event_t *ev)
{
	const char *text = (const char *)ev->data.scalar.value;
	size_t      len  = ev->data.scalar.length;
	cfg_frame  *f    = p->depth ? &p->stack[p->depth - 1] : NULL;
	char       *copy;
	rl_cfg     *n;

	copy = rl__arena_alloc(p->arena, len + 1);
	if (!copy)
		return oom(p);
	memcpy(copy, text, len);
	copy[len] = '\0';
	if (f && f->node->kind == RL_CFG_MAP && !f->key) {
		f->key        = copy;
		f->key_line   = (uint32_t)ev->start_mark.line + 1;
		f->key_column = (uint32_t)ev->start_mark.column + 1;
		return RL_OK;
	}
	n = rl__arena_calloc(p->arena, 1, sizeof *n);
	if (!n)
		return oom(p);
	n->kind   = RL_CFG_SCALAR;
	n->value  = copy;
	n->len    = len;
	n->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	return attach(p, n, ev);
}

static rl_err
on_start(cfg_parser *p, const yaml_event_t *ev, rl_cfg_kind kind)
{
	cfg_frame *f = p->depth ? &p->stack[p->depth - 1] : NULL;
	rl_cfg    *n;
	rl_err     err;

	if (f && f->node->kind == RL_CFG_MAP && !f->key)
		return rl__diag_set(p->diag, RL_EPARSE, p->file,
		    (uint32_t)ev->start_mark.line + 1,
		    (uint32_t)ev->start_mark.column + 1,
		    "a map key must be a plain value, not a %s",
		    kind == RL_CFG_MAP ? "map" : "list");
	if (p->depth == CFG_MAX_DEPTH)
		return rl__diag_set(p->diag, RL_EPARSE, p->file,
		    (uint32_t)ev->start_mark.line + 1,
		    (uint32_t)ev->start_mark.column + 1,
		    "nested deeper than %d levels", CFG_MAX_DEPTH);
	n = rl__arena_calloc(p->arena, 1, sizeof *n);
	if (!n)
		return oom(p);
	n->kind = kind;
	if ((err = attach(p, n, ev)) != RL_OK)
		return err;
	f       = &p->stack[p->depth++];
	f->node = n;
	f->last = NULL;
	f->key  = NULL;
	return RL_OK;
}

static rl_err
on_event(cfg_parser *p, const yaml_event_t *ev, bool *done)
{
	rl_cfg *n;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++p->n_docs > 1)
			return rl__diag_set(p->diag, RL_EPARSE, p->file,
			    (uint32_t)ev->start_mark.line + 1,
			    (uint32_t)ev->start_mark.column + 1,
			    "more than one YAML document in the file");
		return RL_OK;
	case YAML_SCALAR_EVENT:
		return on_scalar(p, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(p, ev, RL_CFG_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_start(p, ev, RL_CFG_MAP);
	case YAML_SEQUENCE_END_EVENT:
		p->depth--;
		return RL_OK;
	case YAML_MAPPING_END_EVENT:
		n = p->stack[--p->depth].node;
		return check_duplicates(p, n);
	case YAML_ALIAS_EVENT:
		return rl__diag_set(p->diag, RL_EPARSE, p->file,
		    (uint32_t)ev->start_mark.line + 1,
		    (uint32_t)ev->start_mark.column + 1,
		    "YAML aliases (*%s) are not supported; write the value "
		    "out",
		    (const char *)ev->data.alias.anchor);
	case YAML_STREAM_END_EVENT:
		*done = true;
		return RL_OK;
	default:
		return RL_OK;
	}
}

rl_err
rl__cfg_parse(const char *text, size_t len, const char *file, rl_arena *arena,
    rl_cfg **out, rl_diag *diag)
{
	yaml_parser_t y;
	yaml_event_t  ev;
	cfg_parser   *p;
	bool          done = false;
	rl_err        err  = RL_OK;

	p = rl__calloc(1, sizeof *p);
	if (!p)
		return rl__diag_set(
		    diag, RL_ENOMEM, file, 0, 0, "out of memory reading YAML");
	p->text  = text;
	p->len   = len;
	p->file  = file;
	p->arena = arena;
	p->diag  = diag;
	if (!yaml_parser_initialize(&y)) {
		rl__free(p);
		return rl__diag_set(
		    diag, RL_ENOMEM, file, 0, 0, "out of memory reading YAML");
	}
	yaml_parser_set_input_string(&y, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&y, &ev)) {
			err = yaml_failure(p, &y);
			goto fail;
		}
		err = on_event(p, &ev, &done);
		yaml_event_delete(&ev);
		if (err != RL_OK)
			goto fail;
	}
	if (!p->root ||
	    (p->root->kind == RL_CFG_SCALAR && !p->root->quoted &&
	        p->root->len == 0)) {
		p->root = rl__arena_calloc(arena, 1, sizeof *p->root);
		if (!p->root) {
			err = oom(p);
			goto fail;
		}
		p->root->kind   = RL_CFG_NULL;
		p->root->value  = "";
		p->root->line   = 1;
		p->root->column = 1;
	}
	*out = p->root;
fail:
	yaml_parser_delete(&y);
	rl__free(p);
	return err;
}
