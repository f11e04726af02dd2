/*
 * codec.c - redline.v1 protobuf <-> the plain structs of wire.h.
 *
 * The only engine file that includes redline.pb-c.h.  Decoding runs
 * protobuf-c on an arena allocator, so a request or a reply is released
 * with its arena and the decode path never calls malloc directly.  A Check
 * reply becomes an rl_result built exactly as the engine builds one (one
 * arena owning the struct and everything it points to), so the writers
 * print it byte for byte as they print an embedded review.
 */
#include <string.h>

#include "redline.pb-c.h"
#include "review/review.h"
#include "server/wire.h"

/* ------------------------------------------------------------------------
 * Names
 * ------------------------------------------------------------------------ */

const char *
rl__wire_status_name(int status)
{
	switch (status) {
#define RL__WIRE_STATUS_CASE(name, num)                                        \
	case num:                                                              \
		return #name;
		RL_WIRE_STATUS_LIST(RL__WIRE_STATUS_CASE)
#undef RL__WIRE_STATUS_CASE
	}
	return "UNKNOWN";
}

const char *
rl__wire_method_name(rl_wire_method m)
{
	static const char *const names[RL_WIRE_METHOD_COUNT] = {
		[RL_WIRE_NONE]       = "unknown",
		[RL_WIRE_CHECK]      = "Check",
		[RL_WIRE_LIST_PACKS] = "ListPacks",
		[RL_WIRE_RELOAD]     = "Reload",
		[RL_WIRE_HEALTH]     = "Health",
		[RL_WIRE_STATS]      = "Stats",
	};

	if ((unsigned)m >= RL_WIRE_METHOD_COUNT)
		return "unknown";
	return names[m];
}

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static void *
pb_arena_alloc(void *arg, size_t size)
{
	return rl__arena_alloc(arg, size);
}

static void
pb_arena_free(void *arg, void *p)
{
	(void)arg;
	(void)p; /* the arena releases everything at once */
}

static ProtobufCAllocator
pb_allocator(rl_arena *a)
{
	ProtobufCAllocator al = { pb_arena_alloc, pb_arena_free, a };

	return al;
}

/* str: protobuf-c wants char * and never NULL in repeated fields. */
static char *
str(const char *s)
{
	return (char *)(s ? s : "");
}

/* The method enum and its body field have the same numbering on the wire
 * (Method n <-> body field 9 + n); these tables keep it explicit. */
static rl_wire_method
method_from_pb(int m)
{
	switch (m) {
	case REDLINE__V1__METHOD__METHOD_CHECK:
		return RL_WIRE_CHECK;
	case REDLINE__V1__METHOD__METHOD_LIST_PACKS:
		return RL_WIRE_LIST_PACKS;
	case REDLINE__V1__METHOD__METHOD_RELOAD:
		return RL_WIRE_RELOAD;
	case REDLINE__V1__METHOD__METHOD_HEALTH:
		return RL_WIRE_HEALTH;
	case REDLINE__V1__METHOD__METHOD_STATS:
		return RL_WIRE_STATS;
	}
	return RL_WIRE_NONE;
}

static int
method_to_pb(rl_wire_method m)
{
	switch (m) {
	case RL_WIRE_CHECK:
		return REDLINE__V1__METHOD__METHOD_CHECK;
	case RL_WIRE_LIST_PACKS:
		return REDLINE__V1__METHOD__METHOD_LIST_PACKS;
	case RL_WIRE_RELOAD:
		return REDLINE__V1__METHOD__METHOD_RELOAD;
	case RL_WIRE_HEALTH:
		return REDLINE__V1__METHOD__METHOD_HEALTH;
	case RL_WIRE_STATS:
		return REDLINE__V1__METHOD__METHOD_STATS;
	default:
		return REDLINE__V1__METHOD__METHOD_UNSPECIFIED;
	}
}

static int
request_body_case(rl_wire_method m)
{
	switch (m) {
	case RL_WIRE_CHECK:
		return REDLINE__V1__REQUEST__BODY_CHECK;
	case RL_WIRE_LIST_PACKS:
		return REDLINE__V1__REQUEST__BODY_LIST_PACKS;
	case RL_WIRE_RELOAD:
		return REDLINE__V1__REQUEST__BODY_RELOAD;
	case RL_WIRE_HEALTH:
		return REDLINE__V1__REQUEST__BODY_HEALTH;
	case RL_WIRE_STATS:
		return REDLINE__V1__REQUEST__BODY_STATS;
	default:
		return REDLINE__V1__REQUEST__BODY__NOT_SET;
	}
}

/* ------------------------------------------------------------------------
 * Requests
 * ------------------------------------------------------------------------ */

rl_err
rl__wire_request_encode(const rl_wire_request *r, rl_wire_sink sink, void *arg)
{
	Redline__V1__Request          m = REDLINE__V1__REQUEST__INIT;
	Redline__V1__CheckRequest     c = REDLINE__V1__CHECK_REQUEST__INIT;
	Redline__V1__ListPacksRequest lp =
	    REDLINE__V1__LIST_PACKS_REQUEST__INIT;
	Redline__V1__ReloadRequest rl = REDLINE__V1__RELOAD_REQUEST__INIT;
	Redline__V1__HealthRequest he = REDLINE__V1__HEALTH_REQUEST__INIT;
	Redline__V1__StatsRequest  st = REDLINE__V1__STATS_REQUEST__INIT;
	size_t                     size;
	void                      *buf;

	m.request_id  = r->id;
	m.method      = method_to_pb(r->method);
	m.deadline_ms = r->deadline_ms;
	m.body_case   = request_body_case(r->method);
	switch (r->method) {
	case RL_WIRE_CHECK:
		c.document.data = (uint8_t *)r->check.data;
		c.document.len  = r->check.data ? r->check.len : 0;
		c.path          = str(r->check.path);
		c.format        = str(r->check.format);
		c.packs         = (char **)r->check.packs;
		c.n_packs       = r->check.packs ? r->check.n_packs : 0;
		c.profile       = str(r->check.profile);
		c.min_level     = (Redline__V1__Level)r->check.min_level;
		for (size_t i = 0; i < c.n_packs; i++)
			if (!c.packs[i])
				return RL_EINVAL;
		m.check = &c;
		break;
	case RL_WIRE_LIST_PACKS:
		m.list_packs = &lp;
		break;
	case RL_WIRE_RELOAD:
		m.reload = &rl;
		break;
	case RL_WIRE_HEALTH:
		m.health = &he;
		break;
	case RL_WIRE_STATS:
		m.stats = &st;
		break;
	default:
		return RL_EINVAL;
	}
	size = redline__v1__request__get_packed_size(&m);
	buf  = sink(arg, size);
	if (!buf)
		return RL_ENOMEM;
	redline__v1__request__pack(&m, buf);
	return RL_OK;
}

static rl_err
check_from_pb(
    const Redline__V1__CheckRequest *c, rl_wire_check *out, rl_diag *diag)
{
	if (c->min_level < REDLINE__V1__LEVEL__LEVEL_SUGGESTION ||
	    c->min_level > REDLINE__V1__LEVEL__LEVEL_ERROR)
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
		    "unknown min_level %d", (int)c->min_level);
	if (c->n_packs > 0 && c->profile[0])
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
		    "give packs or a profile, not both");
	out->path      = c->path;
	out->data      = c->document.data ? (const void *)c->document.data
	                                  : (const void *)"";
	out->len       = c->document.len;
	out->format    = c->format;
	out->packs     = (const char *const *)c->packs;
	out->n_packs   = c->n_packs;
	out->profile   = c->profile;
	out->min_level = (rl_level)c->min_level;
	return RL_OK;
}

rl_err
rl__wire_request_decode(const void *buf, size_t len, rl_arena *a,
    rl_wire_request *out, rl_diag *diag)
{
	ProtobufCAllocator    al = pb_allocator(a);
	Redline__V1__Request *m;
	rl_wire_method        method;
	int                   want;

	memset(out, 0, sizeof *out);
	m = redline__v1__request__unpack(&al, len, buf);
	if (!m)
		return rl__diag_set(diag, RL_EPARSE, NULL, 0, 0,
		    "malformed request: not a redline.v1.Request "
		    "(%zu bytes)",
		    len);
	out->id          = m->request_id;
	out->deadline_ms = m->deadline_ms;
	method           = method_from_pb(m->method);
	if (method == RL_WIRE_NONE)
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
		    "unknown method %d", (int)m->method);
	want = request_body_case(method);
	if (m->body_case != REDLINE__V1__REQUEST__BODY__NOT_SET &&
	    (int)m->body_case != want)
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
		    "the body (field %d) does not match method %s",
		    (int)m->body_case, rl__wire_method_name(method));
	out->method = method;
	if (method != RL_WIRE_CHECK)
		return RL_OK;
	if (m->body_case != REDLINE__V1__REQUEST__BODY_CHECK || !m->check)
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
		    "Check without a CheckRequest body");
	return check_from_pb(m->check, &out->check, diag);
}

/* ------------------------------------------------------------------------
 * Replies: rl_result -> CheckResponse (encode)
 * ------------------------------------------------------------------------ */

/* Arrays of n messages and of n pointers to them, from the scratch arena;
 * every message starts as init (size bytes).  False on out-of-memory. */
static bool
msg_array(rl_arena *a, size_t n, size_t size, const void *init, void **items,
    void ***ptrs)
{
	unsigned char *it;
	void         **p;

	*items = NULL;
	*ptrs  = NULL;
	if (n == 0)
		return true;
	it = rl__arena_alloc(a, n * size);
	p  = rl__arena_alloc(a, n * sizeof *p);
	if (!it || !p)
		return false;
	for (size_t i = 0; i < n; i++) {
		memcpy(it + i * size, init, size);
		p[i] = it + i * size;
	}
	*items = it;
	*ptrs  = p;
	return true;
}

static const Redline__V1__PackRef pb_pack_ref_init =
    REDLINE__V1__PACK_REF__INIT;
static const Redline__V1__Category pb_category_init =
    REDLINE__V1__CATEGORY__INIT;
static const Redline__V1__Deduction pb_deduction_init =
    REDLINE__V1__DEDUCTION__INIT;
static const Redline__V1__RuleError pb_rule_error_init =
    REDLINE__V1__RULE_ERROR__INIT;
static const Redline__V1__Finding  pb_finding_init = REDLINE__V1__FINDING__INIT;
static const Redline__V1__PackInfo pb_pack_info_init =
    REDLINE__V1__PACK_INFO__INIT;
static const Redline__V1__Profile pb_profile_init = REDLINE__V1__PROFILE__INIT;
static const Redline__V1__StatusCount pb_status_count_init =
    REDLINE__V1__STATUS_COUNT__INIT;
static const Redline__V1__RuleTime pb_rule_time_init =
    REDLINE__V1__RULE_TIME__INIT;

static rl_err
categories_to_pb(
    rl_arena *a, const rl_result *res, Redline__V1__CheckResponse *c)
{
	Redline__V1__Category *cat;

	if (!msg_array(a, res->n_categories, sizeof *cat, &pb_category_init,
	        (void **)&cat, (void ***)&c->categories))
		return RL_ENOMEM;
	c->n_categories = res->n_categories;
	for (size_t i = 0; i < res->n_categories; i++) {
		const rl_category      *rc = &res->categories[i];
		Redline__V1__Deduction *d;

		cat[i].name  = str(rc->name);
		cat[i].score = rc->score;
		if (!msg_array(a, rc->n_deductions, sizeof *d,
		        &pb_deduction_init, (void **)&d,
		        (void ***)&cat[i].deductions))
			return RL_ENOMEM;
		cat[i].n_deductions = rc->n_deductions;
		for (size_t j = 0; j < rc->n_deductions; j++) {
			d[j].rule   = str(rc->deductions[j].rule);
			d[j].count  = rc->deductions[j].count;
			d[j].points = rc->deductions[j].points;
		}
	}
	return RL_OK;
}

static rl_err
findings_to_pb(rl_arena *a, const rl_result *res, Redline__V1__CheckResponse *c)
{
	Redline__V1__Finding *f;

	if (!msg_array(a, res->n_findings, sizeof *f, &pb_finding_init,
	        (void **)&f, (void ***)&c->findings))
		return RL_ENOMEM;
	c->n_findings = res->n_findings;
	for (size_t i = 0; i < res->n_findings; i++) {
		const rl_finding *rf = &res->findings[i];

		f[i].rule       = str(rf->rule);
		f[i].severity   = (Redline__V1__Level)rf->level;
		f[i].message    = str(rf->message);
		f[i].line       = rf->line;
		f[i].column     = rf->column;
		f[i].end_line   = rf->end_line;
		f[i].end_column = rf->end_column;
		f[i].offset     = rf->offset;
		f[i].length     = rf->length;
		f[i].match      = str(rf->match);
		f[i].section    = str(rf->section);
		f[i].category   = str(rf->category);
		if (rf->n_suggestions) {
			char **s =
			    rl__arena_alloc(a, rf->n_suggestions * sizeof *s);

			if (!s)
				return RL_ENOMEM;
			for (size_t j = 0; j < rf->n_suggestions; j++)
				s[j] = str(rf->suggestions[j]);
			f[i].suggestions   = s;
			f[i].n_suggestions = rf->n_suggestions;
		}
	}
	return RL_OK;
}

static rl_err
result_to_pb(rl_arena *a, const rl_result *res, Redline__V1__CheckResponse *c)
{
	Redline__V1__PackRef   *pr;
	Redline__V1__RuleError *re;
	rl_err                  err;

	c->path      = str(res->path);
	c->sha256    = (char *)res->sha256;
	c->format    = str(res->format);
	c->score     = res->score;
	c->verdict   = (Redline__V1__Verdict)res->verdict;
	c->review_ns = res->review_ns;
	if (!msg_array(a, res->n_packs, sizeof *pr, &pb_pack_ref_init,
	        (void **)&pr, (void ***)&c->packs))
		return RL_ENOMEM;
	c->n_packs = res->n_packs;
	for (size_t i = 0; i < res->n_packs; i++) {
		pr[i].name    = str(res->packs[i].name);
		pr[i].version = str(res->packs[i].version);
		pr[i].digest  = str(res->packs[i].digest);
	}
	if (!msg_array(a, res->n_rule_errors, sizeof *re, &pb_rule_error_init,
	        (void **)&re, (void ***)&c->rule_errors))
		return RL_ENOMEM;
	c->n_rule_errors = res->n_rule_errors;
	for (size_t i = 0; i < res->n_rule_errors; i++) {
		re[i].rule    = str(res->rule_errors[i].rule);
		re[i].message = str(res->rule_errors[i].message);
	}
	if ((err = categories_to_pb(a, res, c)) != RL_OK)
		return err;
	return findings_to_pb(a, res, c);
}

/* ------------------------------------------------------------------------
 * Replies: the other bodies (encode)
 * ------------------------------------------------------------------------ */

static rl_err
packs_to_pb(rl_arena *a, const rl_wire_pack *packs, size_t n,
    Redline__V1__PackInfo ***out, size_t *n_out)
{
	Redline__V1__PackInfo *pi;

	if (!msg_array(a, n, sizeof *pi, &pb_pack_info_init, (void **)&pi,
	        (void ***)out))
		return RL_ENOMEM;
	*n_out = n;
	for (size_t i = 0; i < n; i++) {
		pi[i].name        = str(packs[i].name);
		pi[i].version     = str(packs[i].version);
		pi[i].description = str(packs[i].description);
		pi[i].digest      = str(packs[i].digest);
		pi[i].rule_count  = packs[i].n_rules;
	}
	return RL_OK;
}

static rl_err
profiles_to_pb(
    rl_arena *a, const rl_wire_response *r, Redline__V1__ListPacksResponse *lp)
{
	Redline__V1__Profile *pf;

	if (!msg_array(a, r->n_profiles, sizeof *pf, &pb_profile_init,
	        (void **)&pf, (void ***)&lp->profiles))
		return RL_ENOMEM;
	lp->n_profiles = r->n_profiles;
	for (size_t i = 0; i < r->n_profiles; i++) {
		pf[i].name    = str(r->profiles[i].name);
		pf[i].packs   = (char **)r->profiles[i].packs;
		pf[i].n_packs = r->profiles[i].n_packs;
	}
	return RL_OK;
}

static rl_err
stats_to_pb(rl_arena *a, const rl_wire_stats *s, Redline__V1__StatsResponse *st)
{
	Redline__V1__StatusCount *sc;
	Redline__V1__RuleTime    *rt;
	size_t                    n = 0, k = 0;

	st->uptime_ms      = s->uptime_ms;
	st->latency_count  = s->latency_count;
	st->latency_p50_us = s->p50_us;
	st->latency_p90_us = s->p90_us;
	st->latency_p99_us = s->p99_us;
	st->latency_max_us = s->max_us;
	st->reloads        = s->reloads;
	for (int i = 0; i < RL_WIRE_STATUS_MAX; i++)
		n += s->by_status[i] > 0;
	if (!msg_array(a, n, sizeof *sc, &pb_status_count_init, (void **)&sc,
	        (void ***)&st->requests))
		return RL_ENOMEM;
	st->n_requests = n;
	for (int i = 0; i < RL_WIRE_STATUS_MAX; i++) {
		if (!s->by_status[i])
			continue;
		sc[k].status = (Redline__V1__Status)i;
		sc[k].count  = s->by_status[i];
		k++;
	}
	if (!msg_array(a, s->n_rules, sizeof *rt, &pb_rule_time_init,
	        (void **)&rt, (void ***)&st->rules))
		return RL_ENOMEM;
	st->n_rules = s->n_rules;
	for (size_t i = 0; i < s->n_rules; i++) {
		rt[i].rule     = str(s->rules[i].rule);
		rt[i].calls    = s->rules[i].calls;
		rt[i].total_ns = s->rules[i].total_ns;
	}
	return RL_OK;
}

/* body_to_pb fills m's body from r; its messages come from arena a. */
static rl_err
body_to_pb(rl_arena *a, const rl_wire_response *r, Redline__V1__Response *m)
{
	static const Redline__V1__CheckResponse ck_init =
	    REDLINE__V1__CHECK_RESPONSE__INIT;
	static const Redline__V1__ListPacksResponse lp_init =
	    REDLINE__V1__LIST_PACKS_RESPONSE__INIT;
	static const Redline__V1__ReloadResponse rl_init =
	    REDLINE__V1__RELOAD_RESPONSE__INIT;
	static const Redline__V1__HealthResponse he_init =
	    REDLINE__V1__HEALTH_RESPONSE__INIT;
	static const Redline__V1__StatsResponse st_init =
	    REDLINE__V1__STATS_RESPONSE__INIT;

	switch (r->body) {
	case RL_WIRE_CHECK: {
		Redline__V1__CheckResponse *c = rl__arena_alloc(a, sizeof *c);

		if (!c || !r->result)
			return c ? RL_EINVAL : RL_ENOMEM;
		*c           = ck_init;
		m->body_case = REDLINE__V1__RESPONSE__BODY_CHECK;
		m->check     = c;
		return result_to_pb(a, r->result, c);
	}
	case RL_WIRE_LIST_PACKS: {
		Redline__V1__ListPacksResponse *lp =
		    rl__arena_alloc(a, sizeof *lp);

		if (!lp)
			return RL_ENOMEM;
		*lp                 = lp_init;
		lp->default_profile = str(r->default_profile);
		m->body_case        = REDLINE__V1__RESPONSE__BODY_LIST_PACKS;
		m->list_packs       = lp;
		if (packs_to_pb(a, r->packs, r->n_packs, &lp->packs,
		        &lp->n_packs) != RL_OK)
			return RL_ENOMEM;
		return profiles_to_pb(a, r, lp);
	}
	case RL_WIRE_RELOAD: {
		Redline__V1__ReloadResponse *rr =
		    rl__arena_alloc(a, sizeof *rr);

		if (!rr)
			return RL_ENOMEM;
		*rr            = rl_init;
		rr->generation = r->generation;
		m->body_case   = REDLINE__V1__RESPONSE__BODY_RELOAD;
		m->reload      = rr;
		return packs_to_pb(
		    a, r->packs, r->n_packs, &rr->packs, &rr->n_packs);
	}
	case RL_WIRE_HEALTH: {
		Redline__V1__HealthResponse *h = rl__arena_alloc(a, sizeof *h);

		if (!h)
			return RL_ENOMEM;
		*h                    = he_init;
		h->version            = str(r->version);
		h->uptime_ms          = r->uptime_ms;
		h->generation         = r->generation;
		h->workers            = r->workers;
		h->max_document_bytes = r->max_document_bytes;
		h->max_request_bytes  = r->max_request_bytes;
		m->body_case          = REDLINE__V1__RESPONSE__BODY_HEALTH;
		m->health             = h;
		return packs_to_pb(
		    a, r->packs, r->n_packs, &h->packs, &h->n_packs);
	}
	case RL_WIRE_STATS: {
		Redline__V1__StatsResponse *st = rl__arena_alloc(a, sizeof *st);

		if (!st)
			return RL_ENOMEM;
		*st          = st_init;
		m->body_case = REDLINE__V1__RESPONSE__BODY_STATS;
		m->stats     = st;
		return stats_to_pb(a, &r->stats, st);
	}
	default:
		return RL_OK;
	}
}

rl_err
rl__wire_response_encode(
    const rl_wire_response *r, rl_arena *scratch, rl_wire_sink sink, void *arg)
{
	Redline__V1__Response m = REDLINE__V1__RESPONSE__INIT;
	size_t                size;
	void                 *buf;
	rl_err                err;

	m.request_id = r->id;
	m.status     = (Redline__V1__Status)r->status;
	m.message    = str(r->message);
	if (r->status == RL_WIRE_OK &&
	    (err = body_to_pb(scratch, r, &m)) != RL_OK)
		return err;
	size = redline__v1__response__get_packed_size(&m);
	buf  = sink(arg, size);
	if (!buf)
		return RL_ENOMEM;
	redline__v1__response__pack(&m, buf);
	return RL_OK;
}

/* ------------------------------------------------------------------------
 * Replies: CheckResponse -> rl_result (decode)
 * ------------------------------------------------------------------------ */

/* dup copies a protobuf string into the result's arena; NULL on OOM. */
static const char *
dup(rl_arena *a, const char *s)
{
	return rl__arena_strdup(a, s ? s : "");
}

static bool
level_ok(int v)
{
	return v >= RL_LEVEL_SUGGESTION && v <= RL_LEVEL_ERROR;
}

static rl_err
categories_from_pb(
    rl_arena *a, const Redline__V1__CheckResponse *c, rl_result *res)
{
	rl_category *cat = rl__arena_calloc(a, c->n_categories, sizeof *cat);

	if (c->n_categories && !cat)
		return RL_ENOMEM;
	for (size_t i = 0; i < c->n_categories; i++) {
		const Redline__V1__Category *pc = c->categories[i];
		rl_deduction                *d =
		    rl__arena_calloc(a, pc->n_deductions, sizeof *d);

		if ((pc->n_deductions && !d) ||
		    !(cat[i].name = dup(a, pc->name)))
			return RL_ENOMEM;
		cat[i].score = pc->score;
		for (size_t j = 0; j < pc->n_deductions; j++) {
			if (!(d[j].rule = dup(a, pc->deductions[j]->rule)))
				return RL_ENOMEM;
			d[j].count  = pc->deductions[j]->count;
			d[j].points = pc->deductions[j]->points;
		}
		cat[i].deductions   = d;
		cat[i].n_deductions = pc->n_deductions;
	}
	res->categories   = cat;
	res->n_categories = c->n_categories;
	return RL_OK;
}

static rl_err
finding_from_pb(rl_arena *a, const Redline__V1__Finding *pf, rl_finding *f)
{
	const char **sugg = NULL;

	if (!level_ok(pf->severity))
		return RL_EPARSE;
	f->level      = (rl_level)pf->severity;
	f->line       = pf->line;
	f->column     = pf->column;
	f->end_line   = pf->end_line;
	f->end_column = pf->end_column;
	f->offset     = pf->offset;
	f->length     = pf->length;
	if (!(f->rule = dup(a, pf->rule)) ||
	    !(f->message = dup(a, pf->message)) ||
	    !(f->match = dup(a, pf->match)) ||
	    !(f->section = dup(a, pf->section)) ||
	    !(f->category = dup(a, pf->category)))
		return RL_ENOMEM;
	if (pf->n_suggestions) {
		sugg = rl__arena_calloc(a, pf->n_suggestions, sizeof *sugg);
		if (!sugg)
			return RL_ENOMEM;
		for (size_t j = 0; j < pf->n_suggestions; j++)
			if (!(sugg[j] = dup(a, pf->suggestions[j])))
				return RL_ENOMEM;
	}
	f->suggestions   = sugg;
	f->n_suggestions = pf->n_suggestions;
	return RL_OK;
}

static rl_err
lists_from_pb(rl_arena *a, const Redline__V1__CheckResponse *c, rl_result *res)
{
	rl_pack_ref   *pr = rl__arena_calloc(a, c->n_packs, sizeof *pr);
	rl_rule_error *re = rl__arena_calloc(a, c->n_rule_errors, sizeof *re);
	rl_finding    *f  = rl__arena_calloc(a, c->n_findings, sizeof *f);
	rl_err         err;

	if ((c->n_packs && !pr) || (c->n_rule_errors && !re) ||
	    (c->n_findings && !f))
		return RL_ENOMEM;
	for (size_t i = 0; i < c->n_packs; i++)
		if (!(pr[i].name = dup(a, c->packs[i]->name)) ||
		    !(pr[i].version = dup(a, c->packs[i]->version)) ||
		    !(pr[i].digest = dup(a, c->packs[i]->digest)))
			return RL_ENOMEM;
	for (size_t i = 0; i < c->n_rule_errors; i++)
		if (!(re[i].rule = dup(a, c->rule_errors[i]->rule)) ||
		    !(re[i].message = dup(a, c->rule_errors[i]->message)))
			return RL_ENOMEM;
	for (size_t i = 0; i < c->n_findings; i++)
		if ((err = finding_from_pb(a, c->findings[i], &f[i])) != RL_OK)
			return err;
	res->packs         = pr;
	res->n_packs       = c->n_packs;
	res->rule_errors   = re;
	res->n_rule_errors = c->n_rule_errors;
	res->findings      = f;
	res->n_findings    = c->n_findings;
	return RL_OK;
}

/* result_from_pb builds a new rl_result from c the way the engine builds
 * one (rl__result_new: its arena owns the struct and everything in it).
 * *out owned by the caller. */
static rl_err
result_from_pb(
    const Redline__V1__CheckResponse *c, rl_result **out, rl_diag *diag)
{
	rl_arena  *a;
	rl_result *res;
	rl_err     err = RL_ENOMEM;

	if (strlen(c->sha256) > 64 || c->score < 0 || c->score > 100 ||
	    c->verdict < REDLINE__V1__VERDICT__VERDICT_PASS ||
	    c->verdict > REDLINE__V1__VERDICT__VERDICT_FAIL)
		return rl__diag_set(diag, RL_EPARSE, NULL, 0, 0,
		    "malformed reply: bad sha256, score or verdict");
	if (rl__result_new(&res) != RL_OK)
		return rl__diag_set(
		    diag, RL_ENOMEM, NULL, 0, 0, "out of memory");
	a = res->arena;
	memcpy(res->sha256, c->sha256, strlen(c->sha256) + 1);
	res->score     = c->score;
	res->verdict   = (rl_verdict)c->verdict;
	res->review_ns = c->review_ns;
	if (!(res->path = dup(a, c->path)) ||
	    !(res->format = dup(a, c->format)))
		goto fail;
	if ((err = lists_from_pb(a, c, res)) != RL_OK ||
	    (err = categories_from_pb(a, c, res)) != RL_OK)
		goto fail;
	*out = res;
	return RL_OK;
fail:
	rl__arena_free(a);
	if (err == RL_EPARSE)
		return rl__diag_set(diag, err, NULL, 0, 0,
		    "malformed reply: a finding has an unknown severity");
	return rl__diag_set(diag, err, NULL, 0, 0, "out of memory");
}

/* ------------------------------------------------------------------------
 * Replies: the other bodies (decode)
 * ------------------------------------------------------------------------ */

static rl_err
packs_from_pb(rl_arena *a, Redline__V1__PackInfo *const *pi, size_t n,
    rl_wire_response *out)
{
	rl_wire_pack *p = rl__arena_calloc(a, n, sizeof *p);

	if (n && !p)
		return RL_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		p[i].name        = pi[i]->name;
		p[i].version     = pi[i]->version;
		p[i].description = pi[i]->description;
		p[i].digest      = pi[i]->digest;
		p[i].n_rules     = pi[i]->rule_count;
	}
	out->packs   = p;
	out->n_packs = n;
	return RL_OK;
}

static rl_err
list_from_pb(rl_arena *a, const Redline__V1__ListPacksResponse *lp,
    rl_wire_response *out)
{
	rl_wire_profile *pf = rl__arena_calloc(a, lp->n_profiles, sizeof *pf);

	if (lp->n_profiles && !pf)
		return RL_ENOMEM;
	for (size_t i = 0; i < lp->n_profiles; i++) {
		pf[i].name    = lp->profiles[i]->name;
		pf[i].packs   = (const char *const *)lp->profiles[i]->packs;
		pf[i].n_packs = lp->profiles[i]->n_packs;
	}
	out->profiles        = pf;
	out->n_profiles      = lp->n_profiles;
	out->default_profile = lp->default_profile;
	return packs_from_pb(a, lp->packs, lp->n_packs, out);
}

static rl_err
stats_from_pb(
    rl_arena *a, const Redline__V1__StatsResponse *st, rl_wire_stats *s)
{
	rl_wire_rule_time *rt = rl__arena_calloc(a, st->n_rules, sizeof *rt);

	if (st->n_rules && !rt)
		return RL_ENOMEM;
	s->uptime_ms     = st->uptime_ms;
	s->latency_count = st->latency_count;
	s->p50_us        = st->latency_p50_us;
	s->p90_us        = st->latency_p90_us;
	s->p99_us        = st->latency_p99_us;
	s->max_us        = st->latency_max_us;
	s->reloads       = st->reloads;
	for (size_t i = 0; i < st->n_requests; i++) {
		int code = st->requests[i]->status;

		if (code >= 0 && code < RL_WIRE_STATUS_MAX)
			s->by_status[code] += st->requests[i]->count;
	}
	for (size_t i = 0; i < st->n_rules; i++) {
		rt[i].rule     = st->rules[i]->rule;
		rt[i].calls    = st->rules[i]->calls;
		rt[i].total_ns = st->rules[i]->total_ns;
	}
	s->rules   = rt;
	s->n_rules = st->n_rules;
	return RL_OK;
}

rl_err
rl__wire_response_decode(const void *buf, size_t len, rl_arena *a,
    rl_wire_response *out, rl_diag *diag)
{
	ProtobufCAllocator     al = pb_allocator(a);
	Redline__V1__Response *m;
	rl_err                 err = RL_OK;

	memset(out, 0, sizeof *out);
	m = redline__v1__response__unpack(&al, len, buf);
	if (!m)
		return rl__diag_set(diag, RL_EPARSE, NULL, 0, 0,
		    "malformed reply: not a redline.v1.Response (%zu bytes)",
		    len);
	out->id      = m->request_id;
	out->status  = (rl_wire_status)m->status;
	out->message = m->message;
	switch (m->body_case) {
	case REDLINE__V1__RESPONSE__BODY_CHECK:
		out->body = RL_WIRE_CHECK;
		return result_from_pb(m->check, &out->result, diag);
	case REDLINE__V1__RESPONSE__BODY_LIST_PACKS:
		out->body = RL_WIRE_LIST_PACKS;
		err       = list_from_pb(a, m->list_packs, out);
		break;
	case REDLINE__V1__RESPONSE__BODY_RELOAD:
		out->body       = RL_WIRE_RELOAD;
		out->generation = m->reload->generation;
		err =
		    packs_from_pb(a, m->reload->packs, m->reload->n_packs, out);
		break;
	case REDLINE__V1__RESPONSE__BODY_HEALTH:
		out->body               = RL_WIRE_HEALTH;
		out->version            = m->health->version;
		out->uptime_ms          = m->health->uptime_ms;
		out->generation         = m->health->generation;
		out->workers            = m->health->workers;
		out->max_document_bytes = m->health->max_document_bytes;
		out->max_request_bytes  = m->health->max_request_bytes;
		err =
		    packs_from_pb(a, m->health->packs, m->health->n_packs, out);
		break;
	case REDLINE__V1__RESPONSE__BODY_STATS:
		out->body = RL_WIRE_STATS;
		err       = stats_from_pb(a, m->stats, &out->stats);
		break;
	default:
		break;
	}
	if (err != RL_OK)
		return rl__diag_set(diag, err, NULL, 0, 0, "out of memory");
	return RL_OK;
}

/* ------------------------------------------------------------------------
 * Peeking at a reply's id and status
 * ------------------------------------------------------------------------ */

static bool
varint(const uint8_t *p, size_t len, size_t *pos, uint64_t *out)
{
	uint64_t v = 0;

	for (unsigned shift = 0; shift < 64 && *pos < len; shift += 7) {
		uint8_t b = p[(*pos)++];

		v |= (uint64_t)(b & 0x7fu) << shift;
		if (!(b & 0x80u)) {
			*out = v;
			return true;
		}
	}
	return false;
}

rl_err
rl__wire_response_peek(const void *buf, size_t len, uint64_t *id, int *status)
{
	const uint8_t *p   = buf;
	size_t         pos = 0;
	uint64_t       key, v;

	*id     = 0;
	*status = 0;
	while (pos < len) {
		if (!varint(p, len, &pos, &key))
			return RL_EPARSE;
		switch (key & 7u) {
		case 0: /* varint */
			if (!varint(p, len, &pos, &v))
				return RL_EPARSE;
			if (key >> 3 == 1)
				*id = v;
			else if (key >> 3 == 2)
				*status = (int)v;
			break;
		case 1: /* 64-bit */
			if (len - pos < 8)
				return RL_EPARSE;
			pos += 8;
			break;
		case 2: /* length-delimited */
			if (!varint(p, len, &pos, &v) || v > len - pos)
				return RL_EPARSE;
			pos += (size_t)v;
			break;
		case 5: /* 32-bit */
			if (len - pos < 4)
				return RL_EPARSE;
			pos += 4;
			break;
		default:
			return RL_EPARSE;
		}
	}
	return RL_OK;
}
