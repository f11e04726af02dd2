/*
 * message.c - expanding a rule's message the way Vale does.
 *
 * Vale formats messages with Go's fmt.Sprintf and string arguments, after
 * appending one empty argument so that a message with one more %s than
 * arguments still reads well.  Redline keeps the useful part of that: each
 * %s (or %v) takes the next argument, a missing argument is empty, extra
 * arguments are ignored and %% is a literal percent sign.  Any other
 * %-sequence is kept as written, so a stray percent never garbles a
 * message.
 */
#include <string.h>

#include "review/review.h"

const char *
rl__message_format(
    rl_arena *a, const char *msg, const char *const *args, size_t nargs)
{
	size_t      need = 0, next = 0, len;
	const char *p;
	char       *out, *o;

	if (!msg)
		msg = "";
	/* First pass: the exact length, so the arena gives one block. */
	for (p = msg; *p; p++) {
		if (p[0] == '%' && (p[1] == 's' || p[1] == 'v')) {
			if (next < nargs && args && args[next])
				need += strlen(args[next]);
			next++;
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			need++;
			p++;
		} else {
			need++;
		}
	}
	out = rl__arena_alloc(a, need + 1);
	if (!out)
		return NULL;
	o    = out;
	next = 0;
	for (p = msg; *p; p++) {
		if (p[0] == '%' && (p[1] == 's' || p[1] == 'v')) {
			if (next < nargs && args && args[next]) {
				len = strlen(args[next]);
				memcpy(o, args[next], len);
				o += len;
			}
			next++;
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			*o++ = '%';
			p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}
