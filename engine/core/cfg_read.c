/*
 * cfg_read.c - typed reads from an rl_cfg map, with errors at the value's
 * file:line:column.  rl__cfg_get marks what it reads, so
 * rl__cfg_check_unused can name a field nobody asked for.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/cfg.h"

rl_cfg *
rl__cfg_get(rl_cfg *map, const char *key)
{
	rl_cfg *n;

	if (!map || map->kind != RL_CFG_MAP)
		return NULL;
	for (n = map->child; n; n = n->next) {
		if (n->key && strcmp(n->key, key) == 0) {
			n->used = true;
			return n;
		}
	}
	return NULL;
}

rl_err
rl__cfg_error(
    const rl_cfg *node, const char *file, rl_diag *diag, const char *fmt, ...)
{
	va_list ap;

	if (!diag)
		return RL_EPACK;
	snprintf(diag->file, sizeof diag->file, "%s", file ? file : "");
	diag->line   = node ? node->line : 0;
	diag->column = node ? node->column : 0;
	va_start(ap, fmt);
	vsnprintf(diag->message, sizeof diag->message, fmt, ap);
	va_end(ap);
	return RL_EPACK;
}

static const char *
kind_name(const rl_cfg *n)
{
	switch (n->kind) {
	case RL_CFG_SEQ:
		return "a list";
	case RL_CFG_MAP:
		return "a map";
	case RL_CFG_NULL:
		return "empty";
	default:
		return "a plain value";
	}
}

rl_err
rl__cfg_str(rl_cfg *map, const char *key, const char *file, const char **out,
    rl_diag *diag)
{
	rl_cfg *n = rl__cfg_get(map, key);

	if (!n)
		return RL_ENOENT;
	if (n->kind != RL_CFG_SCALAR)
		return rl__cfg_error(n, file, diag,
		    "'%s' must be a string, not %s", key, kind_name(n));
	*out = n->value;
	return RL_OK;
}

rl_err
rl__cfg_bool(
    rl_cfg *map, const char *key, const char *file, bool *out, rl_diag *diag)
{
	static const char *const yes[] = { "true", "yes", "on" };
	static const char *const no[]  = { "false", "no", "off" };
	rl_cfg                  *n     = rl__cfg_get(map, key);
	size_t                   i;

	if (!n)
		return RL_ENOENT;
	if (n->kind == RL_CFG_SCALAR) {
		for (i = 0; i < 3; i++) {
			if (strcasecmp(n->value, yes[i]) == 0) {
				*out = true;
				return RL_OK;
			}
			if (strcasecmp(n->value, no[i]) == 0) {
				*out = false;
				return RL_OK;
			}
		}
	}
	return rl__cfg_error(n, file, diag,
	    "'%s' must be true or false, not '%s'", key,
	    n->kind == RL_CFG_SCALAR ? n->value : kind_name(n));
}

rl_err
rl__cfg_int(rl_cfg *map, const char *key, const char *file, long long min,
    long long max, long long *out, rl_diag *diag)
{
	rl_cfg   *n = rl__cfg_get(map, key);
	char     *end;
	long long v;

	if (!n)
		return RL_ENOENT;
	if (n->kind == RL_CFG_SCALAR && n->len > 0) {
		errno = 0;
		v     = strtoll(n->value, &end, 10);
		if (errno == 0 && *end == '\0' && end != n->value && v >= min &&
		    v <= max) {
			*out = v;
			return RL_OK;
		}
	}
	return rl__cfg_error(n, file, diag,
	    "'%s' must be a whole number from %lld to %lld, not '%s'", key, min,
	    max, n->kind == RL_CFG_SCALAR ? n->value : kind_name(n));
}

rl_err
rl__cfg_double(
    rl_cfg *map, const char *key, const char *file, double *out, rl_diag *diag)
{
	rl_cfg *n = rl__cfg_get(map, key);
	char   *end;
	double  v;

	if (!n)
		return RL_ENOENT;
	if (n->kind == RL_CFG_SCALAR && n->len > 0) {
		errno = 0;
		v     = strtod(n->value, &end);
		if (errno == 0 && *end == '\0' && end != n->value &&
		    isfinite(v)) {
			*out = v;
			return RL_OK;
		}
	}
	return rl__cfg_error(n, file, diag, "'%s' must be a number, not '%s'",
	    key, n->kind == RL_CFG_SCALAR ? n->value : kind_name(n));
}

rl_err
rl__cfg_strlist(rl_cfg *map, const char *key, const char *file, rl_arena *arena,
    const char ***out, size_t *n, rl_diag *diag)
{
	rl_cfg      *node = rl__cfg_get(map, key), *c;
	const char **v;
	size_t       i = 0, count;

	if (!node)
		return RL_ENOENT;
	if (node->kind == RL_CFG_MAP)
		return rl__cfg_error(node, file, diag,
		    "'%s' must be a string or a list of strings, not a map",
		    key);
	/* An empty `key:` is an empty list; a quoted "" is one string. */
	if (node->kind == RL_CFG_NULL ||
	    (node->kind == RL_CFG_SCALAR && node->len == 0 && !node->quoted))
		count = 0;
	else if (node->kind == RL_CFG_SCALAR)
		count = 1;
	else
		count = node->n_children;
	v = rl__arena_calloc(arena, count + 1, sizeof *v);
	if (!v)
		return rl__diag_set(diag, RL_ENOMEM, file, node->line,
		    node->column, "out of memory");
	if (node->kind == RL_CFG_SCALAR && count == 1) {
		v[i++] = node->value;
	} else if (node->kind == RL_CFG_SEQ) {
		for (c = node->child; c; c = c->next) {
			if (c->kind != RL_CFG_SCALAR)
				return rl__cfg_error(c, file, diag,
				    "'%s' must list strings; this item is %s",
				    key, kind_name(c));
			v[i++] = c->value;
		}
	}
	*out = v;
	*n   = i;
	return RL_OK;
}

rl_err
rl__cfg_check_unused(const rl_cfg *map, const char *file, rl_diag *diag)
{
	const rl_cfg *c;

	if (!map || map->kind != RL_CFG_MAP)
		return RL_OK;
	for (c = map->child; c; c = c->next) {
		if (!c->used) {
			if (diag) {
				rl__diag_set(diag, RL_EPACK, file, c->key_line,
				    c->key_column, "unknown field '%s'",
				    c->key);
			}
			return RL_EPACK;
		}
	}
	return RL_OK;
}
