/*
 * scanner.c - the per-thread review state and the calls rule kinds make
 * while a review runs: report a hit, explain a failure, borrow the
 * thread's PCRE2 match data.
 *
 * Hits go into one heap vector that the scanner keeps between reviews, so
 * after the first few documents reporting allocates only from the scratch
 * arena (messages, suggestions), never from the heap per match.
 */
#include <stdio.h>
#include <string.h>

#include "review/review.h"

#define SCRATCH_CHUNK (256u * 1024u)

rl_err
rl_scanner_new(rl_engine *e, rl_scanner **out)
{
	rl_scanner *s;

	if (!e || !out)
		return RL_EINVAL;
	s = rl__calloc(1, sizeof *s);
	if (!s)
		return RL_ENOMEM;
	s->engine  = e;
	s->md      = rl__match_data_new();
	s->mctx    = rl__match_context_new();
	s->scratch = rl__arena_new(SCRATCH_CHUNK);
	if (!s->md || !s->mctx || !s->scratch) {
		rl_scanner_free(s);
		return RL_ENOMEM;
	}
	*out = s;
	return RL_OK;
}

void
rl_scanner_free(rl_scanner *s)
{
	if (!s)
		return;
	if (s->lua && s->lua_free)
		s->lua_free(s->lua);
	if (s->md)
		pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
	rl__memo_free(s->memo);
	rl__arena_free(s->scratch);
	rl__free(s->hits);
	rl__free(s);
}

pcre2_match_data *
rl__scan_match_data(rl_scan *s)
{
	return s->scanner->md;
}

pcre2_match_context *
rl__scan_match_context(rl_scan *s)
{
	return s->scanner->mctx;
}

void
rl__scan_rule_error(rl_scan *s, const char *fmt, ...)
{
	rl_scan_state *st = s->priv;
	char           buf[1024];
	va_list        ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	st->rule_error = rl__arena_strdup(s->arena, buf);
}

/* copy_suggestions copies a hit's suggestions into the scratch arena. */
static rl_err
copy_suggestions(rl_arena *a, const rl_hit *hit, rl_raw_finding *f)
{
	const char **v;
	size_t       i;

	f->suggestions   = NULL;
	f->n_suggestions = 0;
	if (!hit->n_suggestions || !hit->suggestions)
		return RL_OK;
	v = rl__arena_alloc(a, hit->n_suggestions * sizeof *v);
	if (!v)
		return RL_ENOMEM;
	for (i = 0; i < hit->n_suggestions; i++) {
		v[i] = rl__arena_strdup(
		    a, hit->suggestions[i] ? hit->suggestions[i] : "");
		if (!v[i])
			return RL_ENOMEM;
	}
	f->suggestions   = v;
	f->n_suggestions = hit->n_suggestions;
	return RL_OK;
}

rl_err
rl__scan_report(rl_scan *s, const rl_rule *r, const rl_hit *hit)
{
	rl_scan_state  *st;
	rl_scanner     *sc;
	rl_raw_finding *f;
	rl_level        level;

	if (!s || !hit || !s->priv)
		return RL_EINVAL;
	st = s->priv;
	sc = st->scanner;
	if (!r)
		r = s->rule;
	if (!r)
		return RL_EINVAL;
	/* A kind that reports outside the document has a bug: that makes the
	 * rule fail, not the review. */
	if (hit->off > s->doc->len || hit->len > s->doc->len - hit->off) {
		rl__scan_rule_error(s,
		    "reported a hit at bytes %u+%u outside the document "
		    "(%zu bytes)",
		    hit->off, hit->len, s->doc->len);
		return RL_EINVAL;
	}
	if (hit->level < -1 || hit->level > RL_LEVEL_ERROR) {
		rl__scan_rule_error(s, "reported level %d", hit->level);
		return RL_EINVAL;
	}
	level = hit->level < 0 ? r->level : (rl_level)hit->level;
	if (rl__switches_off(st->switches, st->n_switches, r->id, hit->off))
		return RL_OK;

	if (st->n_hits >= sc->cap_hits &&
	    rl__vec_reserve((void **)&sc->hits, &sc->cap_hits, st->n_hits + 1,
	        sizeof *sc->hits) != RL_OK)
		goto fail;
	f        = &sc->hits[st->n_hits];
	f->rule  = r;
	f->off   = hit->off;
	f->len   = hit->len;
	f->level = level;
	f->seq   = st->seq;
	if (hit->message)
		f->message = rl__arena_strdup(s->arena, hit->message);
	else
		f->message = rl__message_format(s->arena, r->message, hit->args,
		    sizeof hit->args / sizeof hit->args[0]);
	if (!f->message)
		goto fail;
	if (copy_suggestions(s->arena, hit, f) != RL_OK)
		goto fail;
	st->n_hits++;
	st->seq++;
	return RL_OK;

fail:
	st->oom = true;
	return RL_ENOMEM;
}
