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

/* expand writes msg expanded into out (when not NULL) and returns its
 * length: runs without '%' are copied whole. */
static size_t
expand(const char *msg, const char *const *args, size_t nargs, char *out)
{
	size_t      n = 0, next = 0, len;
	const char *p = msg, *pct, *a;

	while ((pct = strchr(p, '%')) != NULL) {
		len = (size_t)(pct - p);
		if (out)
			memcpy(out + n, p, len);
		n += len;
		if (pct[1] == 's' || pct[1] == 'v') {
			a = next < nargs && args ? args[next] : NULL;
			next++;
			len = a ? strlen(a) : 0;
			if (out && len)
				memcpy(out + n, a, len);
			n += len;
			p = pct + 2;
		} else if (pct[1] == '%') {
			if (out)
				out[n] = '%';
			n++;
			p = pct + 2;
		} else { /* kept as written */
			if (out)
				out[n] = '%';
			n++;
			p = pct + 1;
		}
	}
	len = strlen(p);
	if (out)
		memcpy(out + n, p, len + 1);
	return n + len;
}

const char *
rl__message_format(
    rl_arena *a, const char *msg, const char *const *args, size_t nargs)
{
	char *out;

	if (!msg)
		msg = "";
	/* The exact length first, so the arena gives one block. */
	out = rl__arena_alloc(a, expand(msg, args, nargs, NULL) + 1);
	if (!out)
		return NULL;
	expand(msg, args, nargs, out);
	return out;
}
