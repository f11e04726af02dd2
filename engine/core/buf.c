/*
 * buf.c - a growable, NUL-terminated string builder on the heap.  An
 * allocation failure sets `failed` and turns later appends into no-ops, so
 * callers check once at the end.
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"

void
rl__buf_init(rl_buf *b)
{
	b->data   = NULL;
	b->len    = 0;
	b->cap    = 0;
	b->failed = false;
}

void
rl__buf_free(rl_buf *b)
{
	rl__free(b->data);
	rl__buf_init(b);
}

void
rl__buf_reset(rl_buf *b)
{
	b->len    = 0;
	b->failed = false;
	if (b->data)
		b->data[0] = '\0';
}

/* buf_grow makes room for extra more bytes plus the NUL. */
static bool
buf_grow(rl_buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (extra > SIZE_MAX - b->len - 1 ||
	    rl__vec_reserve(
	        (void **)&b->data, &b->cap, b->len + extra + 1, 1) != RL_OK) {
		b->failed = true;
		return false;
	}
	return true;
}

void
rl__buf_append(rl_buf *b, const void *data, size_t len)
{
	if (!buf_grow(b, len))
		return;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
rl__buf_puts(rl_buf *b, const char *s)
{
	rl__buf_append(b, s, strlen(s));
}

void
rl__buf_putc(rl_buf *b, char c)
{
	rl__buf_append(b, &c, 1);
}

void
rl__buf_vprintf(rl_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int     n;

	if (b->failed)
		return;
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
rl__buf_printf(rl_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rl__buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
rl__buf_json_str(rl_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t            i = 0, run = 0, adv;
	char              esc[6];

	rl__buf_putc(b, '"');
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			rl__utf8_decode(s + i, len - i, &adv);
			if (adv > 1) {
				i += adv;
				continue;
			}
		}
		/* Flush the plain run before i, then the escape. */
		rl__buf_append(b, s + run, i - run);
		switch (c) {
		case '"':
			rl__buf_puts(b, "\\\"");
			break;
		case '\\':
			rl__buf_puts(b, "\\\\");
			break;
		case '\n':
			rl__buf_puts(b, "\\n");
			break;
		case '\r':
			rl__buf_puts(b, "\\r");
			break;
		case '\t':
			rl__buf_puts(b, "\\t");
			break;
		case '\b':
			rl__buf_puts(b, "\\b");
			break;
		case '\f':
			rl__buf_puts(b, "\\f");
			break;
		default:
			if (c >= 0x80) {
				rl__buf_puts(b, "\xEF\xBF\xBD");
			} else {
				memcpy(esc, "\\u00", 4);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
				rl__buf_append(b, esc, 6);
			}
		}
		i++;
		run = i;
	}
	rl__buf_append(b, s + run, i - run);
	rl__buf_putc(b, '"');
}
