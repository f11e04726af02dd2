/*
 * diag.c - error strings, diagnostics, level and verdict names.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"

static const char *const err_strings[] = {
#define RL__ERR_STR(name, str) str,
	RL_ERR_LIST(RL__ERR_STR)
#undef RL__ERR_STR
};

RL_API const char *
rl_strerror(rl_err err)
{
	if ((unsigned)err >= (unsigned)RL_ERR_COUNT)
		return "unknown error";
	return err_strings[err];
}

rl_err
rl__diag_set(rl_diag *d, rl_err err, const char *file, uint32_t line,
    uint32_t column, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return err;
	snprintf(d->file, sizeof d->file, "%s", file ? file : "");
	d->line   = line;
	d->column = column;
	va_start(ap, fmt);
	vsnprintf(d->message, sizeof d->message, fmt, ap);
	va_end(ap);
	return err;
}

/* diag_put appends to buf (size bytes, *n used), truncating silently. */
static void __attribute__((format(printf, 4, 5)))
diag_put(char *buf, size_t size, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int     w;

	va_start(ap, fmt);
	w = vsnprintf(buf + *n, size - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n = (size_t)w >= size - *n ? size - 1 : *n + (size_t)w;
}

RL_API char *
rl_diag_format(const rl_diag *d, char *buf, size_t size)
{
	size_t n = 0;

	if (!buf || size == 0)
		return buf;
	buf[0] = '\0';
	if (!d)
		return buf;
	if (d->file[0])
		diag_put(buf, size, &n, "%s", d->file);
	if (d->line) {
		diag_put(
		    buf, size, &n, "%s%u", n ? ":" : "", (unsigned)d->line);
		if (d->column)
			diag_put(buf, size, &n, ":%u", (unsigned)d->column);
	}
	diag_put(buf, size, &n, "%s%s", n ? ": " : "", d->message);
	return buf;
}

static const char *const level_names[] = { "suggestion", "warning", "error" };

RL_API const char *
rl_level_name(rl_level level)
{
	if ((unsigned)level > RL_LEVEL_ERROR)
		return "suggestion";
	return level_names[level];
}

RL_API rl_err
rl_level_parse(const char *name, rl_level *out)
{
	int i;

	if (!name || !out)
		return RL_EINVAL;
	for (i = 0; i <= RL_LEVEL_ERROR; i++) {
		if (strcasecmp(name, level_names[i]) == 0) {
			*out = (rl_level)i;
			return RL_OK;
		}
	}
	return RL_EINVAL;
}

RL_API const char *
rl_verdict_name(rl_verdict v)
{
	switch (v) {
	case RL_VERDICT_PASS:
		return "pass";
	case RL_VERDICT_WARN:
		return "warn";
	case RL_VERDICT_FAIL:
		return "fail";
	}
	return "fail";
}
