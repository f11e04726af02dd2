/*
 * methods.c - serving one request: decode, dispatch by method, encode.
 *
 * Every request gets exactly one reply.  Failures map to the status codes
 * of redline.proto: a malformed request or unknown method is
 * INVALID_ARGUMENT, an unknown pack or profile NOT_FOUND, an oversized
 * document RESOURCE_EXHAUSTED (decided before anything else happens), a
 * request whose deadline passes while it waits for a worker or while its
 * review runs (checked between rules) DEADLINE_EXCEEDED.
 */
#include <stdio.h>
#include <string.h>

#include "review/review.h"
#include "server/daemon.h"

/* status_of maps an engine error to a wire status. */
static rl_wire_status
status_of(rl_err err)
{
	switch (err) {
	case RL_OK:
		return RL_WIRE_OK;
	case RL_EINVAL:
	case RL_EPARSE:
	case RL_EPACK:
		return RL_WIRE_INVALID_ARGUMENT;
	case RL_ENOENT:
		return RL_WIRE_NOT_FOUND;
	case RL_ETOOBIG:
	case RL_ENOMEM:
	case RL_EBUDGET:
		return RL_WIRE_RESOURCE_EXHAUSTED;
	case RL_ETIMEDOUT:
		return RL_WIRE_DEADLINE_EXCEEDED;
	default:
		return RL_WIRE_INTERNAL;
	}
}

/* ------------------------------------------------------------------------
 * Check
 * ------------------------------------------------------------------------ */

/* timing_begin points the scanner's per-rule clock at w's zeroed array. */
static bool
timing_begin(rl_worker *w, const rl_snap_set *set)
{
	size_t n = set->ps->n_rules;

	if (rl__vec_reserve((void **)&w->rule_ns, &w->cap_rule_ns, n + 1,
	        sizeof *w->rule_ns) != RL_OK)
		return false;
	memset(w->rule_ns, 0, (n + 1) * sizeof *w->rule_ns);
	w->scanner->rule_ns = w->rule_ns;
	return true;
}

static void
timing_end(rl_worker *w, rl_snap_set *set)
{
	w->scanner->rule_ns = NULL;
	for (size_t i = 0; i < set->ps->n_rules; i++) {
		atomic_fetch_add_explicit(
		    &set->rules[i].calls, 1, memory_order_relaxed);
		atomic_fetch_add_explicit(
		    &set->rules[i].ns, w->rule_ns[i], memory_order_relaxed);
	}
}

rl_wire_status
rl__serve_check(struct rl_server *s, rl_worker *w, const rl_wire_check *c,
    uint64_t t_recv, uint32_t deadline_ms, rl_result **out, rl_diag *diag)
{
	rl_review_opts opts;
	rl_snapshot   *snap;
	rl_snap_set   *set;
	uint64_t       limit_ms = s->cfg.deadline_ms;
	uint64_t       waited   = rl__now_ns() - t_recv;
	bool           timed;
	rl_err         err;

	if (c->len > s->cfg.max_document_bytes) {
		rl__diag_set(diag, RL_ETOOBIG, c->path, 0, 0,
		    "the document is %zu bytes, more than the daemon's "
		    "limit of %zu",
		    c->len, s->cfg.max_document_bytes);
		return RL_WIRE_RESOURCE_EXHAUSTED;
	}
	if (deadline_ms && deadline_ms < limit_ms)
		limit_ms = deadline_ms;
	if (waited > limit_ms * 1000000u) {
		rl__diag_set(diag, RL_ETIMEDOUT, NULL, 0, 0,
		    "waited %llu ms for a worker, past the deadline of "
		    "%llu ms",
		    (unsigned long long)(waited / 1000000u),
		    (unsigned long long)limit_ms);
		return RL_WIRE_DEADLINE_EXCEEDED;
	}
	snap = rl__srv_snapshot(s);
	err  = rl__snapshot_pick(
	     snap, c->packs, c->n_packs, c->profile, &set, diag);
	if (err) {
		rl__snapshot_unref(snap);
		return status_of(err);
	}
	memset(&opts, 0, sizeof opts);
	opts.format      = c->format && *c->format ? c->format : NULL;
	opts.min_level   = c->min_level;
	opts.max_bytes   = s->cfg.max_document_bytes;
	opts.deadline_ns = t_recv + limit_ms * 1000000u;
	timed            = timing_begin(w, set);
	err =
	    rl_review(w->scanner, set->ps, c->path && *c->path ? c->path : "-",
	        c->data, c->len, &opts, out, diag);
	if (timed)
		timing_end(w, set);
	rl__snapshot_unref(snap);
	return status_of(err);
}

static rl_wire_status
serve_check(struct rl_server *s, rl_worker *w, const rl_wire_request *req,
    uint64_t t_recv, rl_wire_response *rsp, rl_diag *diag)
{
	rl_wire_status st;

	st = rl__serve_check(
	    s, w, &req->check, t_recv, req->deadline_ms, &rsp->result, diag);
	if (st == RL_WIRE_OK)
		rsp->body = RL_WIRE_CHECK;
	return st;
}

/* ------------------------------------------------------------------------
 * ListPacks, Reload, Health, Stats
 * ------------------------------------------------------------------------ */

static void
fill_list(rl_snapshot *snap, rl_wire_response *rsp)
{
	rsp->body            = RL_WIRE_LIST_PACKS;
	rsp->packs           = snap->packs;
	rsp->n_packs         = snap->n_packs;
	rsp->profiles        = snap->profiles;
	rsp->n_profiles      = snap->n_profiles;
	rsp->default_profile = snap->default_profile;
}

static rl_wire_status
serve_reload(struct rl_server *s, rl_wire_response *rsp, rl_snapshot **hold,
    rl_diag *diag)
{
	rl_err err;

	if (atomic_load(&s->stopping)) {
		rl__diag_set(diag, RL_EINTERNAL, NULL, 0, 0,
		    "the daemon is shutting down");
		return RL_WIRE_UNAVAILABLE;
	}
	err = rl__server_reload(s, diag);
	if (err == RL_EPACK)
		return RL_WIRE_FAILED_PRECONDITION;
	if (err)
		return status_of(err);
	*hold           = rl__srv_snapshot(s);
	rsp->body       = RL_WIRE_RELOAD;
	rsp->generation = (*hold)->generation;
	rsp->packs      = (*hold)->packs;
	rsp->n_packs    = (*hold)->n_packs;
	return RL_WIRE_OK;
}

static rl_wire_status
serve_stats(struct rl_server *s, rl_worker *w, rl_snapshot *snap,
    rl_wire_response *rsp, rl_diag *diag)
{
	rl_wire_rule_time *rt;
	size_t             n;

	rl__stats_read(&s->stats, &rsp->stats);
	rsp->stats.uptime_ms = (rl__now_ns() - s->t_start) / 1000000u;
	if (rl__snapshot_rule_times(snap, w->scratch, &rt, &n) != RL_OK) {
		rl__diag_set(diag, RL_ENOMEM, NULL, 0, 0, "out of memory");
		return RL_WIRE_RESOURCE_EXHAUSTED;
	}
	rsp->stats.rules   = rt;
	rsp->stats.n_rules = n;
	rsp->body          = RL_WIRE_STATS;
	return RL_WIRE_OK;
}

/* ------------------------------------------------------------------------
 * One request
 * ------------------------------------------------------------------------ */

static void
log_request(struct rl_server *s, const rl_wire_request *req, rl_wire_status st,
    uint64_t ns, const char *why)
{
	rl_log_level lvl = st == RL_WIRE_OK     ? RL_LOG_DEBUG
	    : st == RL_WIRE_INTERNAL            ? RL_LOG_ERROR
	    : st == RL_WIRE_FAILED_PRECONDITION ? RL_LOG_WARN
	                                        : RL_LOG_INFO;

	rl__srv_log(s, lvl, "%s id=%llu status=%s time=%.3fms%s%s",
	    rl__wire_method_name(req->method), (unsigned long long)req->id,
	    rl__wire_status_name(st), (double)ns / 1e6, why ? ": " : "",
	    why ? why : "");
}

rl_wire_status
rl__serve(struct rl_server *s, rl_worker *w, const void *buf, size_t len,
    uint64_t t_recv, rl_wire_sink sink, void *arg, rl_err *errp)
{
	rl_wire_request  req;
	rl_wire_response rsp;
	rl_snapshot     *hold = NULL;
	rl_wire_status   st;
	rl_diag          diag;
	char             why[sizeof diag.message + sizeof diag.file + 32];
	rl_err           err;

	memset(&rsp, 0, sizeof rsp);
	memset(&diag, 0, sizeof diag);
	err = rl__wire_request_decode(buf, len, w->scratch, &req, &diag);
	if (err) {
		st = err == RL_ENOMEM ? RL_WIRE_RESOURCE_EXHAUSTED
		                      : RL_WIRE_INVALID_ARGUMENT;
	} else {
		switch (req.method) {
		case RL_WIRE_CHECK:
			st = serve_check(s, w, &req, t_recv, &rsp, &diag);
			break;
		case RL_WIRE_LIST_PACKS:
			hold = rl__srv_snapshot(s);
			fill_list(hold, &rsp);
			st = RL_WIRE_OK;
			break;
		case RL_WIRE_RELOAD:
			st = serve_reload(s, &rsp, &hold, &diag);
			break;
		case RL_WIRE_HEALTH:
			hold           = rl__srv_snapshot(s);
			rsp.body       = RL_WIRE_HEALTH;
			rsp.version    = RL_VERSION_STRING;
			rsp.uptime_ms  = (rl__now_ns() - s->t_start) / 1000000u;
			rsp.generation = hold->generation;
			rsp.packs      = hold->packs;
			rsp.n_packs    = hold->n_packs;
			rsp.workers    = s->n_workers;
			rsp.max_document_bytes = s->cfg.max_document_bytes;
			rsp.max_request_bytes  = s->cfg.max_request_bytes;
			st                     = RL_WIRE_OK;
			break;
		case RL_WIRE_STATS:
			hold = rl__srv_snapshot(s);
			st   = serve_stats(s, w, hold, &rsp, &diag);
			break;
		default:
			st = RL_WIRE_INVALID_ARGUMENT;
			rl__diag_set(
			    &diag, RL_EINVAL, NULL, 0, 0, "unknown method");
			break;
		}
	}
	why[0] = '\0';
	if (st != RL_WIRE_OK)
		rl_diag_format(&diag, why, sizeof why);
	rsp.id      = req.id;
	rsp.status  = st;
	rsp.message = why;
	if (st != RL_WIRE_OK)
		rsp.body = RL_WIRE_NONE;
	err = rl__wire_response_encode(&rsp, w->scratch, sink, arg);
	if (err) {
		/* Out of memory for the reply itself: try a bare status. */
		rl_wire_response bare;

		memset(&bare, 0, sizeof bare);
		bare.id      = req.id;
		bare.status  = RL_WIRE_RESOURCE_EXHAUSTED;
		bare.message = "out of memory building the reply";
		st           = bare.status;
		*errp = rl__wire_response_encode(&bare, w->scratch, sink, arg);
	}
	rl_result_free(rsp.result);
	rl__snapshot_unref(hold);
	rl__stats_request(
	    &s->stats, st, req.method == RL_WIRE_CHECK, rl__now_ns() - t_recv);
	log_request(s, &req, st, rl__now_ns() - t_recv, why[0] ? why : NULL);
	return st;
}
