/*
 * alternation.c - writing a list of tokens as one alternation, with runs of
 * plain words merged into a prefix tree: "abandon|abase|abate" becomes
 * "aba(?:ndon|se|te)".  PCRE2 tries alternatives one after the other, so a
 * list of hundreds of words costs hundreds of tries at each place; the
 * tree costs a few.
 *
 * The result matches exactly what the plain alternation matches, in the
 * same order of preference: words that differ at some character cannot
 * both match at one place, so only their order relative to a word that
 * ends earlier matters ("be" and "been"), and a word that ends is kept
 * where it was: the words before it and after it are merged separately.
 */
#include <string.h>

#include "rules/kind.h"

bool
rl__kind_plain(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f || strchr("\\^$.|?*+()[]{}#", c))
			return false;
	}
	return true;
}

static char
key(const char *s, size_t depth, bool caseless)
{
	char c = s[depth];

	return caseless && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static void tree(
    rl_buf *b, const char **v, size_t n, size_t depth, bool caseless);

/* segment writes the words v[0, n) (none ending at depth) as one
 * alternative per first character, appending to b; *count counts them. */
static void
segment(rl_buf *b, const char **v, size_t n, size_t depth, bool caseless,
    size_t *count)
{
	const char **group;
	size_t       i, j, k;
	char         done[128];
	size_t       n_done = 0;

	for (i = 0; i < n; i++) {
		char c = key(v[i], depth, caseless);

		if (memchr(done, c, n_done))
			continue;
		if (n_done < sizeof done)
			done[n_done++] = c;
		group = rl__alloc((n - i) * sizeof *group);
		if (!group) {
			b->failed = true;
			return;
		}
		for (j = i, k = 0; j < n; j++) /* stable: same order */
			if (key(v[j], depth, caseless) == c)
				group[k++] = v[j];
		if ((*count)++)
			rl__buf_putc(b, '|');
		rl__buf_putc(b, v[i][depth]);
		tree(b, group, k, depth + 1, caseless);
		rl__free(group);
	}
}

/* tree writes the words v[0, n), which share their first depth bytes,
 * from depth on. */
static void
tree(rl_buf *b, const char **v, size_t n, size_t depth, bool caseless)
{
	rl_buf alts;
	size_t i, start = 0, count = 0;
	bool   ends = false;

	if (n == 1) {
		rl__buf_puts(b, v[0] + depth);
		return;
	}
	rl__buf_init(&alts);
	for (i = 0; i <= n; i++) {
		if (i < n && v[i][depth])
			continue;
		/* words ending here stay in place: merge around them */
		segment(&alts, v + start, i - start, depth, caseless, &count);
		if (i < n) {
			if (count++)
				rl__buf_putc(&alts, '|');
			ends = true;
		}
		start = i + 1;
	}
	if (count == 1 && !ends) {
		rl__buf_append(b, alts.data, alts.len);
	} else {
		rl__buf_puts(b, "(?:");
		rl__buf_append(b, alts.data, alts.len);
		rl__buf_putc(b, ')');
	}
	if (alts.failed)
		b->failed = true;
	rl__buf_free(&alts);
}

void
rl__alternation(rl_buf *b, const char *const *tokens, size_t n, bool caseless)
{
	const char **run;
	size_t       i, j;

	run = rl__alloc((n + 1) * sizeof *run);
	if (!run) {
		b->failed = true;
		return;
	}
	for (i = 0; i < n; i = j) {
		if (i)
			rl__buf_putc(b, '|');
		if (!rl__kind_plain(tokens[i])) {
			rl__buf_puts(b, tokens[i]);
			j = i + 1;
			continue;
		}
		for (j = i; j < n && rl__kind_plain(tokens[j]); j++)
			run[j - i] = tokens[j];
		tree(b, run, j - i, 0, caseless);
	}
	rl__free(run);
}
