/*
 * review.c - rl_review: one document, one packset, one result.
 *
 * The document, its switches and every hit live in the scanner's scratch
 * arena, which is reset at the start of each review; the result is built
 * in an arena of its own so it outlives the scanner and the packset.
 */
#include <string.h>

#include "review/review.h"

#define RESULT_CHUNK (16u * 1024u)

rl_err
rl__result_new(rl_result **out)
{
	rl_arena  *a;
	rl_result *res;

	a = rl__arena_new(RESULT_CHUNK);
	if (!a)
		return RL_ENOMEM;
	res = rl__arena_calloc(a, 1, sizeof *res);
	if (!res) {
		rl__arena_free(a);
		return RL_ENOMEM;
	}
	res->arena  = a;
	res->path   = "";
	res->format = "";
	*out        = res;
	return RL_OK;
}

void
rl_result_free(rl_result *res)
{
	if (res)
		rl__arena_free(res->arena);
}

const char *
rl_result_meta(const rl_result *res, const char *key)
{
	size_t i;

	if (!res || !key)
		return NULL;
	for (i = 0; i < res->n_meta; i++)
		if (strcmp(res->meta[i].key, key) == 0)
			return res->meta[i].value;
	return NULL;
}

/* copy_meta copies the document's top-level scalar front-matter fields
 * into the result, so callers can group documents by them (team, date)
 * without parsing the document again. */
static rl_err
copy_meta(rl_result *res, const rl_doc *doc)
{
	const rl_meta *m;
	rl_meta_field *v;
	size_t         n = 0;

	if (!doc->meta || doc->meta->kind != RL_META_MAP)
		return RL_OK;
	for (m = doc->meta->child; m; m = m->next)
		n += m->key && m->kind == RL_META_SCALAR;
	if (!n)
		return RL_OK;
	v = rl__arena_calloc(res->arena, n, sizeof *v);
	if (!v)
		return RL_ENOMEM;
	n = 0;
	for (m = doc->meta->child; m; m = m->next) {
		if (!m->key || m->kind != RL_META_SCALAR)
			continue;
		v[n].key   = rl__arena_strdup(res->arena, m->key);
		v[n].value = rl__arena_strdup(res->arena, m->value);
		if (!v[n].key || !v[n].value)
			return RL_ENOMEM;
		n++;
	}
	res->meta   = v;
	res->n_meta = n;
	return RL_OK;
}

/* A failed rule, collected while the rules run. */
typedef struct rule_errors {
	rl_rule_error *v;
	size_t         n, cap;
} rule_errors;

static rl_err
add_rule_error(
    rule_errors *re, rl_arena *a, const rl_rule *r, const char *reason)
{
	if (rl__vec_reserve(
	        (void **)&re->v, &re->cap, re->n + 1, sizeof *re->v) != RL_OK)
		return RL_ENOMEM;
	re->v[re->n].rule    = rl__arena_strdup(a, r->id ? r->id : "");
	re->v[re->n].message = rl__arena_strdup(a, reason);
	if (!re->v[re->n].rule || !re->v[re->n].message)
		return RL_ENOMEM;
	re->n++;
	return RL_OK;
}

/* run_rules calls each enabled rule's check.  A rule whose check fails
 * loses the hits it reported and is listed in re; RL_ENOMEM only when the
 * review itself ran out of memory, RL_ETIMEDOUT when deadline_ns (0: none)
 * passes before the last rule. */
static rl_err
run_rules(rl_scanner *s, const rl_packset *ps, rl_scan *scan, rl_scan_state *st,
    rule_errors *re, rl_arena *res_arena, uint64_t deadline_ns)
{
	size_t   i, before;
	uint64_t t0 = 0;
	rl_err   err;

	for (i = 0; i < ps->n_rules; i++) {
		const rl_rule *r = ps->rules[i];

		if (!r || !r->enabled)
			continue;
		if (deadline_ns && rl__now_ns() > deadline_ns)
			return RL_ETIMEDOUT;
		scan->rule     = r;
		st->rule_error = NULL;
		before         = st->n_hits;
		if (s->rule_ns)
			t0 = rl__now_ns();
		if (!r->kind || !r->kind->check) {
			err = RL_EINTERNAL;
			rl__scan_rule_error(scan, "rule has no check");
		} else {
			err = r->kind->check(r, scan);
		}
		if (s->rule_ns)
			s->rule_ns[i] += rl__now_ns() - t0;
		if (st->oom)
			return RL_ENOMEM;
		if (err == RL_OK)
			continue;
		st->n_hits = before;
		if (add_rule_error(re, res_arena, r,
		        st->rule_error ? st->rule_error : rl_strerror(err)))
			return RL_ENOMEM;
	}
	scan->rule = NULL;
	return RL_OK;
}

/* fill_header sets the parts of res that do not depend on the findings. */
static rl_err
fill_header(rl_result *res, const rl_packset *ps, const char *path,
    const rl_format *fmt, const void *data, size_t len)
{
	rl_arena    *a = res->arena;
	rl_pack_ref *refs;
	size_t       i;

	res->path   = rl__arena_strdup(a, path ? path : "-");
	res->format = rl__arena_strdup(a, fmt->name ? fmt->name : "");
	if (!res->path || !res->format)
		return RL_ENOMEM;
	if (rl__sha256_hex(data ? data : "", len, res->sha256) != RL_OK)
		return RL_ENOMEM;
	if (!ps->n_refs_out)
		return RL_OK;
	refs = rl__arena_calloc(a, ps->n_refs_out, sizeof *refs);
	if (!refs)
		return RL_ENOMEM;
	for (i = 0; i < ps->n_refs_out; i++) {
		const rl_pack_ref *p = &ps->refs_out[i];

		refs[i].name = rl__arena_strdup(a, p->name ? p->name : "");
		refs[i].version =
		    rl__arena_strdup(a, p->version ? p->version : "");
		refs[i].digest =
		    rl__arena_strdup(a, p->digest ? p->digest : "");
		if (!refs[i].name || !refs[i].version || !refs[i].digest)
			return RL_ENOMEM;
	}
	res->packs   = refs;
	res->n_packs = ps->n_refs_out;
	return RL_OK;
}

static rl_err
choose_format(rl_engine *e, const char *path, const void *data, size_t len,
    const rl_review_opts *o, const rl_format **fmt, rl_diag *diag)
{
	if (o->format && *o->format) {
		*fmt = rl__format_find(e, o->format);
		if (!*fmt)
			return rl__diag_set(diag, RL_EINVAL, path, 0, 0,
			    "unknown document format '%s'", o->format);
		return RL_OK;
	}
	*fmt = rl__format_for(e, path, data, len);
	if (!*fmt)
		return rl__diag_set(diag, RL_EINVAL, path, 0, 0,
		    "no document format for this input");
	return RL_OK;
}

rl_err
rl_review(rl_scanner *s, rl_packset *ps, const char *path, const void *data,
    size_t len, const rl_review_opts *opts, rl_result **out, rl_diag *diag)
{
	static const rl_review_opts defaults = { NULL, RL_LEVEL_SUGGESTION, 0,
		0 };
	uint64_t                    t0       = rl__now_ns();
	const rl_format            *fmt;
	rl_doc                     *doc = NULL;
	rl_result                  *res = NULL;
	rl_scan                     scan;
	rl_scan_state               st;
	rl_switch_range            *sw = NULL;
	rule_errors                 re = { NULL, 0, 0 };
	rl_err                      err;

	if (!s || !ps || !out || (!data && len))
		return rl__diag_set(diag, RL_EINVAL, path, 0, 0,
		    "rl_review: missing scanner, packset, data or result");
	if (!opts)
		opts = &defaults;
	if (!path)
		path = "-";
	if ((opts->max_bytes && len > opts->max_bytes) || len >= UINT32_MAX)
		return rl__diag_set(diag, RL_ETOOBIG, path, 0, 0,
		    "document is %zu bytes, more than the limit of %zu", len,
		    opts->max_bytes ? opts->max_bytes : (size_t)UINT32_MAX - 1);
	err = choose_format(s->engine, path, data, len, opts, &fmt, diag);
	if (err)
		return err;

	rl__arena_reset(s->scratch);
	s->reviews++;
	err = rl__doc_parse(fmt, data ? data : "", len, s->scratch, &doc);
	if (err)
		return rl__diag_set(diag, err, path, 0, 0,
		    "cannot read the document as %s: %s", fmt->name,
		    rl_strerror(err));

	memset(&st, 0, sizeof st);
	st.scanner = s;
	err        = rl__switches_parse(doc, s->scratch, &sw, &st.n_switches);
	if (err)
		goto fail;
	st.switches = sw;
	memset(&scan, 0, sizeof scan);
	scan.doc        = doc;
	scan.scanner    = s;
	scan.arena      = s->scratch;
	scan.priv       = &st;
	scan.memo       = &s->memo;
	scan.generation = ps->generation;

	err = rl__result_new(&res);
	if (err)
		goto fail;
	err = run_rules(s, ps, &scan, &st, &re, res->arena, opts->deadline_ns);
	if (err == RL_ETIMEDOUT) {
		rl__free(re.v);
		rl_result_free(res);
		return rl__diag_set(diag, err, path, 0, 0,
		    "the review passed its deadline after %llu ms",
		    (unsigned long long)((rl__now_ns() - t0) / 1000000u));
	}
	if (err)
		goto fail;
	err = fill_header(res, ps, path, fmt, data, len);
	if (!err)
		err = copy_meta(res, doc);
	if (err)
		goto fail;
	if (re.n) {
		res->rule_errors =
		    rl__arena_alloc(res->arena, re.n * sizeof *re.v);
		if (!res->rule_errors) {
			err = RL_ENOMEM;
			goto fail;
		}
		memcpy((rl_rule_error *)res->rule_errors, re.v,
		    re.n * sizeof *re.v);
		res->n_rule_errors = re.n;
	}
	err = rl__result_build(
	    doc, ps, s->hits, st.n_hits, opts->min_level, s->scratch, res);
	if (err)
		goto fail;
	rl__free(re.v);
	res->review_ns = rl__now_ns() - t0;
	*out           = res;
	return RL_OK;

fail:
	rl__free(re.v);
	rl_result_free(res);
	return rl__diag_set(
	    diag, err, path, 0, 0, "review failed: %s", rl_strerror(err));
}
