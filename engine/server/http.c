/*
 * http.c - the HTTP/JSON gateway (redlined --http ADDR:PORT).
 *
 *   POST /v1/check?path=NAME&pack=P&pack=Q&profile=X&format=F
 *        &min_level=L
 *        body: the document's bytes.  200 with the same JSON as
 *        `redline check --format json` for that one document; otherwise
 *        {"status": "NOT_FOUND", "message": "..."} with 400, 404, 413,
 *        500, 503 or 504.
 *   GET  /v1/health
 *        {"version": ..., "uptime_ms": ..., "generation": ..., "packs": [...]}
 *
 * nng's HTTP server calls the handler on its own thread; the handler only
 * queues a job, and a worker reviews, builds the response and finishes
 * the handler's aio, exactly like a REP work item.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nng/nng.h>
#include <nng/supplemental/http/http.h>

#include "server/daemon.h"

typedef struct http_state {
	nng_http_server  *srv;
	nng_http_handler *check;
	nng_http_handler *health;
	bool              started;
} http_state;

typedef struct http_job {
	rl_job            job; /* first */
	struct rl_server *srv;
	nng_aio          *aio;
	nng_http_req     *req;
	bool              health;
	uint64_t          t_recv;
} http_job;

static uint16_t
http_code(rl_wire_status st)
{
	switch (st) {
	case RL_WIRE_OK:
		return 200;
	case RL_WIRE_INVALID_ARGUMENT:
		return 400;
	case RL_WIRE_NOT_FOUND:
		return 404;
	case RL_WIRE_RESOURCE_EXHAUSTED:
		return 413;
	case RL_WIRE_DEADLINE_EXCEEDED:
		return 504;
	case RL_WIRE_UNAVAILABLE:
		return 503;
	default:
		return 500;
	}
}

/* ------------------------------------------------------------------------
 * Query strings
 * ------------------------------------------------------------------------ */

/* unescape decodes %XX and '+' in s[0..n) into a new arena string. */
static char *
unescape(rl_arena *a, const char *s, size_t n)
{
	char  *out = rl__arena_alloc(a, n + 1);
	size_t k   = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && rl__hex_digit(s[i + 1]) >= 0 &&
		    rl__hex_digit(s[i + 2]) >= 0) {
			out[k++] = (char)(rl__hex_digit(s[i + 1]) * 16 +
			    rl__hex_digit(s[i + 2]));
			i += 2;
		} else {
			out[k++] = s[i] == '+' ? ' ' : s[i];
		}
	}
	out[k] = '\0';
	return out;
}

/* parse_query fills c from the URI's query string (arena a).  Returns
 * false with why set for a bad parameter. */
static bool
parse_query(
    rl_arena *a, const char *uri, rl_wire_check *c, char *why, size_t whysize)
{
	const char  *q     = strchr(uri, '?');
	const char **packs = NULL;
	size_t       n     = 0;

	c->path = "-";
	if (!q)
		return true;
	for (q++; *q;) {
		const char *amp = strchr(q, '&');
		size_t      len = amp ? (size_t)(amp - q) : strlen(q);
		const char *eq  = memchr(q, '=', len);
		char       *key, *val;

		if (!eq)
			eq = q + len;
		key = unescape(a, q, (size_t)(eq - q));
		val = unescape(a, eq < q + len ? eq + 1 : eq,
		    eq < q + len ? (size_t)(q + len - eq - 1) : 0);
		if (!key || !val)
			return snprintf(why, whysize, "out of memory"), false;
		if (strcmp(key, "path") == 0) {
			c->path = val;
		} else if (strcmp(key, "pack") == 0) {
			const char **v =
			    rl__arena_alloc(a, (n + 1) * sizeof *v);

			if (!v)
				return snprintf(why, whysize, "out of memory"),
				       false;
			if (n)
				memcpy(v, packs, n * sizeof *v);
			v[n++] = val;
			packs  = v;
		} else if (strcmp(key, "profile") == 0) {
			c->profile = val;
		} else if (strcmp(key, "format") == 0) {
			c->format = val;
		} else if (strcmp(key, "min_level") == 0) {
			if (rl_level_parse(val, &c->min_level) != RL_OK)
				return snprintf(why, whysize,
				           "unknown min_level '%s'", val),
				       false;
		} else if (*key) {
			return snprintf(
			           why, whysize, "unknown parameter '%s'", key),
			       false;
		}
		q += len;
		if (*q == '&')
			q++;
	}
	c->packs   = packs;
	c->n_packs = n;
	if (n && c->profile && *c->profile)
		return snprintf(
		           why, whysize, "give packs or a profile, not both"),
		       false;
	return true;
}

/* ------------------------------------------------------------------------
 * Responses
 * ------------------------------------------------------------------------ */

static void
finish(http_job *j, uint16_t code, const char *body, size_t len)
{
	nng_http_res *res = NULL;
	int           rv;

	if ((rv = nng_http_res_alloc(&res)) == 0 &&
	    (rv = nng_http_res_set_status(res, code)) == 0 &&
	    (rv = nng_http_res_set_header(
	         res, "Content-Type", "application/json")) == 0)
		rv = nng_http_res_copy_data(res, body, len);
	if (rv != 0) {
		if (res)
			nng_http_res_free(res);
		nng_aio_finish(j->aio, rv);
		return;
	}
	nng_aio_set_output(j->aio, 0, res);
	nng_aio_finish(j->aio, 0);
}

static void
finish_error(http_job *j, rl_wire_status st, const char *msg)
{
	rl_buf b;

	rl__buf_init(&b);
	rl__buf_puts(&b, "{\"status\": ");
	rl__buf_json_str(
	    &b, rl__wire_status_name(st), strlen(rl__wire_status_name(st)));
	rl__buf_puts(&b, ", \"message\": ");
	rl__buf_json_str(&b, msg, strlen(msg));
	rl__buf_puts(&b, "}\n");
	if (b.failed)
		nng_aio_finish(j->aio, NNG_ENOMEM);
	else
		finish(j, http_code(st), b.data, b.len);
	rl__buf_free(&b);
}

/* result_json prints res with the engine's json writer into *buf and *len
 * (malloc'd by open_memstream; free with free()). */
static rl_err
result_json(rl_engine *e, const rl_result *res, const void *src, size_t n,
    char **buf, size_t *len)
{
	rl_writer_opts wo = { false, RL_LEVEL_SUGGESTION };
	rl_writer     *w;
	FILE          *f = open_memstream(buf, len);
	rl_err         err;

	if (!f)
		return RL_ENOMEM;
	if ((err = rl_writer_open(e, "json", f, &wo, &w)) == RL_OK) {
		err = rl_writer_document(w, res, src, n);
		if (rl_writer_close(w) != RL_OK && !err)
			err = RL_EIO;
	}
	if (fclose(f) != 0 && !err)
		err = RL_EIO;
	if (err) {
		free(*buf);
		*buf = NULL;
	}
	return err;
}

static void
serve_check(http_job *j, rl_worker *w)
{
	struct rl_server *s = j->srv;
	rl_wire_check     c;
	rl_result        *res = NULL;
	rl_diag           diag;
	rl_wire_status    st;
	char              why[1600];
	void             *data;
	size_t            len;
	char             *json = NULL;
	size_t            jlen = 0;

	memset(&c, 0, sizeof c);
	memset(&diag, 0, sizeof diag);
	if (!parse_query(w->scratch, nng_http_req_get_uri(j->req), &c, why,
	        sizeof why)) {
		finish_error(j, RL_WIRE_INVALID_ARGUMENT, why);
		rl__stats_request(&s->stats, RL_WIRE_INVALID_ARGUMENT, true,
		    rl__now_ns() - j->t_recv);
		return;
	}
	nng_http_req_get_data(j->req, &data, &len);
	c.data = data ? data : "";
	c.len  = data ? len : 0;
	st     = rl__serve_check(s, w, &c, j->t_recv, 0, &res, &diag);
	if (st == RL_WIRE_OK &&
	    result_json(s->engine, res, c.data, c.len, &json, &jlen) != RL_OK) {
		st = RL_WIRE_INTERNAL;
		rl__diag_set(&diag, RL_ENOMEM, NULL, 0, 0,
		    "cannot print the result as JSON");
	}
	if (st == RL_WIRE_OK) {
		finish(j, 200, json, jlen);
	} else {
		rl_diag_format(&diag, why, sizeof why);
		finish_error(j, st, why);
	}
	rl__stats_request(&s->stats, st, true, rl__now_ns() - j->t_recv);
	rl__srv_log(s, st == RL_WIRE_OK ? RL_LOG_DEBUG : RL_LOG_INFO,
	    "HTTP check path=%s status=%s time=%.3fms%s%s", c.path,
	    rl__wire_status_name(st), (double)(rl__now_ns() - j->t_recv) / 1e6,
	    st == RL_WIRE_OK ? "" : ": ", st == RL_WIRE_OK ? "" : why);
	free(json);
	rl_result_free(res);
}

static void
serve_health(http_job *j)
{
	struct rl_server *s    = j->srv;
	rl_snapshot      *snap = rl__srv_snapshot(s);
	rl_buf            b;

	rl__buf_init(&b);
	rl__buf_printf(&b,
	    "{\"version\": \"%s\", \"uptime_ms\": %llu, \"generation\": "
	    "%llu, \"workers\": %u, \"max_document_bytes\": %zu, "
	    "\"max_request_bytes\": %zu, \"packs\": [",
	    RL_VERSION_STRING,
	    (unsigned long long)((rl__now_ns() - s->t_start) / 1000000u),
	    (unsigned long long)snap->generation, s->n_workers,
	    s->cfg.max_document_bytes, s->cfg.max_request_bytes);
	for (size_t i = 0; i < snap->n_packs; i++) {
		const rl_wire_pack *p = &snap->packs[i];

		rl__buf_puts(&b, i ? ", {\"name\": " : "{\"name\": ");
		rl__buf_json_str(&b, p->name, strlen(p->name));
		rl__buf_puts(&b, ", \"version\": ");
		rl__buf_json_str(&b, p->version, strlen(p->version));
		rl__buf_puts(&b, ", \"digest\": ");
		rl__buf_json_str(&b, p->digest, strlen(p->digest));
		rl__buf_puts(&b, "}");
	}
	rl__buf_puts(&b, "]}\n");
	rl__snapshot_unref(snap);
	if (b.failed)
		nng_aio_finish(j->aio, NNG_ENOMEM);
	else
		finish(j, 200, b.data, b.len);
	rl__buf_free(&b);
	rl__stats_request(&s->stats, RL_WIRE_OK, false, 0);
}

static void
http_run(rl_job *job, rl_worker *w)
{
	http_job *j = (http_job *)job;

	rl__arena_reset(w->scratch);
	if (j->health)
		serve_health(j);
	else
		serve_check(j, w);
	rl__free(j);
}

/* The handlers run on nng's thread: queue and return. */
static void
on_request(nng_aio *aio, bool health)
{
	nng_http_handler *h = nng_aio_get_input(aio, 1);
	http_job         *j = rl__calloc(1, sizeof *j);

	if (!j) {
		nng_aio_finish(aio, NNG_ENOMEM);
		return;
	}
	j->srv     = nng_http_handler_get_data(h);
	j->aio     = aio;
	j->req     = nng_aio_get_input(aio, 0);
	j->health  = health;
	j->t_recv  = rl__now_ns();
	j->job.run = http_run;
	rl__queue_push(j->srv, &j->job);
}

static void
on_check(nng_aio *aio)
{
	on_request(aio, false);
}

static void
on_health(nng_aio *aio)
{
	on_request(aio, true);
}

/* ------------------------------------------------------------------------
 * Start and stop
 * ------------------------------------------------------------------------ */

static int
add_handler(http_state *st, struct rl_server *s, nng_http_handler **h,
    const char *path, void (*cb)(nng_aio *), const char *method, size_t maxbody)
{
	int rv;

	if ((rv = nng_http_handler_alloc(h, path, cb)) != 0)
		return rv;
	if ((rv = nng_http_handler_set_method(*h, method)) != 0 ||
	    (rv = nng_http_handler_collect_body(*h, maxbody > 0, maxbody)) !=
	        0 ||
	    (rv = nng_http_handler_set_data(*h, s, NULL)) != 0 ||
	    (rv = nng_http_server_add_handler(st->srv, *h)) != 0) {
		nng_http_handler_free(*h);
		*h = NULL;
		return rv;
	}
	return 0;
}

rl_err
rl__http_start(struct rl_server *s, const char *addr, rl_diag *diag)
{
	http_state *st;
	nng_url    *url = NULL;
	char        buf[600];
	int         rv;

	snprintf(buf, sizeof buf, "http://%s", addr);
	if (!(st = rl__calloc(1, sizeof *st)))
		return rl__diag_set(
		    diag, RL_ENOMEM, NULL, 0, 0, "out of memory");
	s->http = st;
	if ((rv = nng_url_parse(&url, buf)) != 0 ||
	    (rv = nng_http_server_hold(&st->srv, url)) != 0 ||
	    (rv = add_handler(st, s, &st->check, "/v1/check", on_check, "POST",
	         s->cfg.max_request_bytes)) != 0 ||
	    (rv = add_handler(
	         st, s, &st->health, "/v1/health", on_health, "GET", 0)) != 0 ||
	    (rv = nng_http_server_start(st->srv)) != 0) {
		if (url)
			nng_url_free(url);
		return rl__diag_set(diag, RL_ECONNECT, NULL, 0, 0,
		    "cannot serve HTTP on %s: %s", addr, nng_strerror(rv));
	}
	nng_url_free(url);
	st->started = true;
	rl__srv_log(s, RL_LOG_INFO, "HTTP gateway on http://%s/v1/", addr);
	return RL_OK;
}

void
rl__http_stop(struct rl_server *s)
{
	http_state *st = s->http;

	if (!st)
		return;
	if (st->srv) {
		if (st->started)
			nng_http_server_stop(st->srv);
		nng_http_server_release(st->srv);
	}
	rl__free(st);
	s->http = NULL;
}
