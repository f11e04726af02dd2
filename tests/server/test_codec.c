/*
 * test_codec.c - the wire codec (requests and replies both ways, malformed
 * input), the latency histogram and the daemon's config file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "review/review.h"
#include "server/server.h"
#include "server/stats.h"
#include "server/wire.h"

/* A sink into one malloc'd buffer. */
typedef struct sink_buf {
	void  *data;
	size_t len;
} sink_buf;

static void *
buf_sink(void *arg, size_t len)
{
	sink_buf *b = arg;

	b->data = malloc(len ? len : 1);
	b->len  = len;
	return b->data;
}

/* ------------------------------------------------------------------------
 * Requests
 * ------------------------------------------------------------------------ */

static void
test_request_roundtrip(void **state)
{
	static const char doc[]   = "# T\n\nnul\0byte and caf\xc3\xa9\n";
	const char *const packs[] = { "wire", "WireVale" };
	rl_wire_request   req, got;
	sink_buf          b = { NULL, 0 };
	rl_arena         *a = rl__arena_new(0);
	rl_diag           d;

	(void)state;
	memset(&req, 0, sizeof req);
	req.id              = 0x123456789ull;
	req.method          = RL_WIRE_CHECK;
	req.deadline_ms     = 250;
	req.check.path      = "dir/doc.md";
	req.check.data      = doc;
	req.check.len       = sizeof doc - 1;
	req.check.format    = "markdown";
	req.check.packs     = packs;
	req.check.n_packs   = 2;
	req.check.min_level = RL_LEVEL_WARNING;
	assert_int_equal(rl__wire_request_encode(&req, buf_sink, &b), RL_OK);
	assert_int_equal(
	    rl__wire_request_decode(b.data, b.len, a, &got, &d), RL_OK);
	assert_true(got.id == req.id);
	assert_int_equal(got.method, RL_WIRE_CHECK);
	assert_int_equal(got.deadline_ms, 250);
	assert_string_equal(got.check.path, "dir/doc.md");
	assert_int_equal(got.check.len, sizeof doc - 1);
	assert_memory_equal(got.check.data, doc, sizeof doc - 1);
	assert_string_equal(got.check.format, "markdown");
	assert_int_equal(got.check.n_packs, 2);
	assert_string_equal(got.check.packs[0], "wire");
	assert_string_equal(got.check.packs[1], "WireVale");
	assert_string_equal(got.check.profile, "");
	assert_int_equal(got.check.min_level, RL_LEVEL_WARNING);
	free(b.data);

	/* Methods without a body. */
	for (int m = RL_WIRE_LIST_PACKS; m <= RL_WIRE_STATS; m++) {
		memset(&req, 0, sizeof req);
		req.id     = (uint64_t)m;
		req.method = (rl_wire_method)m;
		assert_int_equal(
		    rl__wire_request_encode(&req, buf_sink, &b), RL_OK);
		rl__arena_reset(a);
		assert_int_equal(
		    rl__wire_request_decode(b.data, b.len, a, &got, &d), RL_OK);
		assert_int_equal(got.method, m);
		assert_true(got.id == (uint64_t)m);
		free(b.data);
	}
	memset(&req, 0, sizeof req);
	assert_int_equal(
	    rl__wire_request_encode(&req, buf_sink, &b), RL_EINVAL);
	rl__arena_free(a);
}

static void
test_request_malformed(void **state)
{
	/* id 7, method 99 */
	static const unsigned char unknown[] = { 0x08, 0x07, 0x10, 0x63 };
	/* id 3, method Check, body health {} */
	static const unsigned char mismatch[] = { 0x08, 0x03, 0x10, 0x01, 0x6a,
		0x00 };
	/* id 4, method Check, no body */
	static const unsigned char nobody[] = { 0x08, 0x04, 0x10, 0x01 };
	/* id 5, method unset */
	static const unsigned char unset[] = { 0x08, 0x05 };
	static const char          garbage[] =
	    "\xff\xff\xff\xff\xff this is not protobuf";
	rl_wire_request got;
	rl_arena       *a = rl__arena_new(0);
	rl_diag         d;

	(void)state;
	memset(&d, 0, sizeof d);
	assert_int_equal(
	    rl__wire_request_decode(garbage, sizeof garbage - 1, a, &got, &d),
	    RL_EPARSE);
	assert_non_null(strstr(d.message, "malformed"));
	assert_int_equal(
	    rl__wire_request_decode(unknown, sizeof unknown, a, &got, &d),
	    RL_EINVAL);
	assert_true(got.id == 7);
	assert_non_null(strstr(d.message, "unknown method 99"));
	assert_int_equal(
	    rl__wire_request_decode(mismatch, sizeof mismatch, a, &got, &d),
	    RL_EINVAL);
	assert_true(got.id == 3);
	assert_int_equal(
	    rl__wire_request_decode(nobody, sizeof nobody, a, &got, &d),
	    RL_EINVAL);
	assert_true(got.id == 4);
	assert_int_equal(
	    rl__wire_request_decode(unset, sizeof unset, a, &got, &d),
	    RL_EINVAL);
	/* Truncations of a valid request never crash. */
	{
		rl_wire_request req;
		sink_buf        b = { NULL, 0 };

		memset(&req, 0, sizeof req);
		req.id         = 9;
		req.method     = RL_WIRE_CHECK;
		req.check.data = "hello world";
		req.check.len  = 11;
		req.check.path = "x.md";
		assert_int_equal(
		    rl__wire_request_encode(&req, buf_sink, &b), RL_OK);
		for (size_t n = 0; n < b.len; n++) {
			rl__arena_reset(a);
			(void)rl__wire_request_decode(b.data, n, a, &got, &d);
		}
		free(b.data);
	}
	rl__arena_free(a);
}

/* ------------------------------------------------------------------------
 * Replies
 * ------------------------------------------------------------------------ */

static rl_result *
sample_result(void)
{
	static const char *const sugg[] = { "use", "employ" };
	rl_result               *res;
	rl_arena                *a;
	rl_pack_ref             *p;
	rl_category             *c;
	rl_deduction            *dd;
	rl_rule_error           *re;
	rl_finding              *f;

	assert_int_equal(rl__result_new(&res), RL_OK);
	a           = res->arena;
	res->path   = "docs/prfaq.md";
	res->format = "markdown";
	memset(res->sha256, 'a', 64);
	res->sha256[64]   = '\0';
	p                 = rl__arena_calloc(a, 2, sizeof *p);
	p[0]              = (rl_pack_ref) { "wire", "1.2.0", "d1" };
	p[1]              = (rl_pack_ref) { "WireVale", "", "d2" };
	res->packs        = p;
	res->n_packs      = 2;
	res->score        = 73;
	res->verdict      = RL_VERDICT_WARN;
	dd                = rl__arena_calloc(a, 2, sizeof *dd);
	dd[0]             = (rl_deduction) { "wire.Hype", 2, 10 };
	dd[1]             = (rl_deduction) { "wire.Swap", 1, 5 };
	c                 = rl__arena_calloc(a, 2, sizeof *c);
	c[0]              = (rl_category) { "clarity", 85, dd, 2 };
	c[1]              = (rl_category) { "structure", 100, NULL, 0 };
	res->categories   = c;
	res->n_categories = 2;
	re                = rl__arena_calloc(a, 1, sizeof *re);
	re[0] = (rl_rule_error) { "wire.Lua", "boom.lua:3: attempt to call" };
	res->rule_errors   = re;
	res->n_rule_errors = 1;
	f                  = rl__arena_calloc(a, 2, sizeof *f);
	f[0]               = (rl_finding) { .rule = "wire.Hype",
		              .level              = RL_LEVEL_ERROR,
		              .message            = "Replace 'world-class'.",
		              .line               = 3,
		              .column             = 5,
		              .end_line           = 3,
		              .end_column         = 15,
		              .offset             = 40,
		              .length             = 11,
		              .match              = "world-class",
		              .section            = "Caf\xc3\xa9",
		              .category           = "clarity" };
	f[1]               = (rl_finding) { .rule = "wire.Swap",
		              .level              = RL_LEVEL_SUGGESTION,
		              .message            = "Use 'use'.",
		              .line               = 9,
		              .column             = 1,
		              .end_line           = 10,
		              .end_column         = 2,
		              .offset             = 90,
		              .length             = 7,
		              .match              = "utilize",
		              .section            = "",
		              .category           = "clarity",
		              .suggestions        = sugg,
		              .n_suggestions      = 2 };
	res->findings      = f;
	res->n_findings    = 2;
	res->review_ns     = 123456;
	return res;
}

static void
assert_results_equal(const rl_result *x, const rl_result *y)
{
	assert_string_equal(x->path, y->path);
	assert_string_equal(x->sha256, y->sha256);
	assert_string_equal(x->format, y->format);
	assert_int_equal(x->n_packs, y->n_packs);
	for (size_t i = 0; i < x->n_packs; i++) {
		assert_string_equal(x->packs[i].name, y->packs[i].name);
		assert_string_equal(x->packs[i].version, y->packs[i].version);
		assert_string_equal(x->packs[i].digest, y->packs[i].digest);
	}
	assert_int_equal(x->score, y->score);
	assert_int_equal(x->verdict, y->verdict);
	assert_int_equal(x->n_categories, y->n_categories);
	for (size_t i = 0; i < x->n_categories; i++) {
		const rl_category *a = &x->categories[i],
		                  *b = &y->categories[i];

		assert_string_equal(a->name, b->name);
		assert_int_equal(a->score, b->score);
		assert_int_equal(a->n_deductions, b->n_deductions);
		for (size_t j = 0; j < a->n_deductions; j++) {
			assert_string_equal(
			    a->deductions[j].rule, b->deductions[j].rule);
			assert_int_equal(
			    a->deductions[j].count, b->deductions[j].count);
			assert_int_equal(
			    a->deductions[j].points, b->deductions[j].points);
		}
	}
	assert_int_equal(x->n_rule_errors, y->n_rule_errors);
	for (size_t i = 0; i < x->n_rule_errors; i++) {
		assert_string_equal(
		    x->rule_errors[i].rule, y->rule_errors[i].rule);
		assert_string_equal(
		    x->rule_errors[i].message, y->rule_errors[i].message);
	}
	assert_int_equal(x->n_findings, y->n_findings);
	for (size_t i = 0; i < x->n_findings; i++) {
		const rl_finding *a = &x->findings[i], *b = &y->findings[i];

		assert_string_equal(a->rule, b->rule);
		assert_int_equal(a->level, b->level);
		assert_string_equal(a->message, b->message);
		assert_int_equal(a->line, b->line);
		assert_int_equal(a->column, b->column);
		assert_int_equal(a->end_line, b->end_line);
		assert_int_equal(a->end_column, b->end_column);
		assert_true(a->offset == b->offset);
		assert_true(a->length == b->length);
		assert_string_equal(a->match, b->match);
		assert_string_equal(a->section, b->section);
		assert_string_equal(a->category, b->category);
		assert_int_equal(a->n_suggestions, b->n_suggestions);
		for (size_t j = 0; j < a->n_suggestions; j++)
			assert_string_equal(
			    a->suggestions[j], b->suggestions[j]);
	}
	assert_true(x->review_ns == y->review_ns);
}

static void
test_check_reply_roundtrip(void **state)
{
	rl_result       *res = sample_result();
	rl_wire_response rsp, got;
	rl_arena        *scratch = rl__arena_new(0), *a = rl__arena_new(0);
	sink_buf         b = { NULL, 0 };
	rl_diag          d;

	(void)state;
	memset(&rsp, 0, sizeof rsp);
	rsp.id     = 42;
	rsp.status = RL_WIRE_OK;
	rsp.body   = RL_WIRE_CHECK;
	rsp.result = res;
	assert_int_equal(
	    rl__wire_response_encode(&rsp, scratch, buf_sink, &b), RL_OK);
	assert_int_equal(
	    rl__wire_response_decode(b.data, b.len, a, &got, &d), RL_OK);
	assert_true(got.id == 42);
	assert_int_equal(got.status, RL_WIRE_OK);
	assert_int_equal(got.body, RL_WIRE_CHECK);
	assert_non_null(got.result);
	assert_results_equal(res, got.result);
	/* The decoded result owns its memory: free the source first. */
	rl_result_free(res);
	assert_string_equal(got.result->findings[1].suggestions[1], "employ");
	rl_result_free(got.result);
	free(b.data);

	/* Truncated replies fail cleanly. */
	rsp.result = sample_result();
	assert_int_equal(
	    rl__wire_response_encode(&rsp, scratch, buf_sink, &b), RL_OK);
	for (size_t n = 0; n + 1 < b.len; n += 7) {
		rl__arena_reset(a);
		if (rl__wire_response_decode(b.data, n, a, &got, &d) == RL_OK)
			rl_result_free(got.result);
	}
	rl_result_free(rsp.result);
	free(b.data);
	rl__arena_free(scratch);
	rl__arena_free(a);
}

static void
test_other_replies(void **state)
{
	static const char *const pp[] = { "wire", "WireVale" };
	rl_wire_pack      packs[2] = { { "wire", "1.2.0", "fixture", "d1", 3 },
		     { "WireVale", "", "", "d2", 1 } };
	rl_wire_profile   prof[1]  = { { "team", pp, 2 } };
	rl_wire_rule_time rt[2]    = { { "wire.Hype", 10, 5000 },
		   { "wire.Swap", 10, 100 } };
	rl_wire_response  rsp, got;
	rl_arena         *scratch = rl__arena_new(0), *a = rl__arena_new(0);
	sink_buf          b;
	rl_diag           d;

	(void)state;
	/* ListPacks */
	memset(&rsp, 0, sizeof rsp);
	rsp.id = 1, rsp.body = RL_WIRE_LIST_PACKS;
	rsp.packs = packs, rsp.n_packs = 2;
	rsp.profiles = prof, rsp.n_profiles = 1, rsp.default_profile = "team";
	assert_int_equal(
	    rl__wire_response_encode(&rsp, scratch, buf_sink, &b), RL_OK);
	assert_int_equal(
	    rl__wire_response_decode(b.data, b.len, a, &got, &d), RL_OK);
	free(b.data);
	assert_int_equal(got.body, RL_WIRE_LIST_PACKS);
	assert_int_equal(got.n_packs, 2);
	assert_string_equal(got.packs[0].description, "fixture");
	assert_int_equal(got.packs[0].n_rules, 3);
	assert_string_equal(got.packs[1].name, "WireVale");
	assert_int_equal(got.n_profiles, 1);
	assert_string_equal(got.profiles[0].packs[1], "WireVale");
	assert_string_equal(got.default_profile, "team");

	/* Health */
	memset(&rsp, 0, sizeof rsp);
	rsp.id = 2, rsp.body = RL_WIRE_HEALTH, rsp.version = "0.1.0";
	rsp.uptime_ms = 77, rsp.generation = 3, rsp.workers = 2;
	rsp.packs = packs, rsp.n_packs = 1;
	rsp.max_document_bytes = 4096, rsp.max_request_bytes = 70000;
	assert_int_equal(
	    rl__wire_response_encode(&rsp, scratch, buf_sink, &b), RL_OK);
	assert_int_equal(
	    rl__wire_response_decode(b.data, b.len, a, &got, &d), RL_OK);
	free(b.data);
	assert_int_equal(got.body, RL_WIRE_HEALTH);
	assert_true(got.max_document_bytes == 4096);
	assert_true(got.max_request_bytes == 70000);
	assert_string_equal(got.version, "0.1.0");
	assert_true(got.uptime_ms == 77 && got.generation == 3);
	assert_int_equal(got.workers, 2);
	assert_string_equal(got.packs[0].digest, "d1");

	/* Stats */
	memset(&rsp, 0, sizeof rsp);
	rsp.id = 3, rsp.body = RL_WIRE_STATS;
	rsp.stats.by_status[RL_WIRE_OK]        = 10;
	rsp.stats.by_status[RL_WIRE_NOT_FOUND] = 2;
	rsp.stats.latency_count = 10, rsp.stats.p50_us = 100;
	rsp.stats.p90_us = 200, rsp.stats.p99_us = 300, rsp.stats.max_us = 400;
	rsp.stats.rules = rt, rsp.stats.n_rules = 2, rsp.stats.reloads = 1;
	assert_int_equal(
	    rl__wire_response_encode(&rsp, scratch, buf_sink, &b), RL_OK);
	assert_int_equal(
	    rl__wire_response_decode(b.data, b.len, a, &got, &d), RL_OK);
	free(b.data);
	assert_int_equal(got.body, RL_WIRE_STATS);
	assert_true(got.stats.by_status[RL_WIRE_OK] == 10);
	assert_true(got.stats.by_status[RL_WIRE_NOT_FOUND] == 2);
	assert_true(got.stats.p99_us == 300 && got.stats.max_us == 400);
	assert_int_equal(got.stats.n_rules, 2);
	assert_string_equal(got.stats.rules[0].rule, "wire.Hype");
	assert_true(got.stats.rules[0].total_ns == 5000);

	/* An error reply carries no body, whatever is set. */
	memset(&rsp, 0, sizeof rsp);
	rsp.id = 4, rsp.status = RL_WIRE_NOT_FOUND;
	rsp.message = "unknown pack 'x'", rsp.body = RL_WIRE_HEALTH;
	assert_int_equal(
	    rl__wire_response_encode(&rsp, scratch, buf_sink, &b), RL_OK);
	assert_int_equal(
	    rl__wire_response_decode(b.data, b.len, a, &got, &d), RL_OK);
	{
		uint64_t id;
		int      st;

		assert_int_equal(
		    rl__wire_response_peek(b.data, b.len, &id, &st), RL_OK);
		assert_true(id == 4);
		assert_int_equal(st, RL_WIRE_NOT_FOUND);
		assert_int_equal(
		    rl__wire_response_peek("\xff", 1, &id, &st), RL_EPARSE);
	}
	free(b.data);
	assert_int_equal(got.status, RL_WIRE_NOT_FOUND);
	assert_int_equal(got.body, RL_WIRE_NONE);
	assert_string_equal(got.message, "unknown pack 'x'");
	assert_string_equal(rl__wire_status_name(got.status), "NOT_FOUND");
	assert_string_equal(rl__wire_status_name(99), "UNKNOWN");
	rl__arena_free(scratch);
	rl__arena_free(a);
}

/* ------------------------------------------------------------------------
 * Histogram
 * ------------------------------------------------------------------------ */

static void
test_histogram(void **state)
{
	static uint64_t counts[RL_HIST_BUCKETS];
	rl_stats        st;
	rl_wire_stats   out;
	uint64_t        prev = 0;

	(void)state;
	for (uint64_t v = 0; v < (1u << 20); v += 1 + v / 7) {
		size_t b = rl__hist_bucket(v);

		assert_true(b < RL_HIST_BUCKETS);
		assert_true(rl__hist_upper(b) >= v);
		/* within ~3 % above */
		assert_true(rl__hist_upper(b) <= v + v / 30 + 1);
		assert_true(rl__hist_upper(b) >= prev);
		prev = rl__hist_upper(b);
	}
	memset(counts, 0, sizeof counts);
	for (uint64_t v = 1; v <= 1000; v++)
		counts[rl__hist_bucket(v)]++;
	{
		uint64_t p50 =
		    rl__hist_quantile(counts, RL_HIST_BUCKETS, 1000, 0.5);
		uint64_t p99 =
		    rl__hist_quantile(counts, RL_HIST_BUCKETS, 1000, 0.99);

		assert_true(p50 >= 500 && p50 <= 516);
		assert_true(p99 >= 990 && p99 <= 1022);
	}
	assert_true(rl__hist_quantile(counts, RL_HIST_BUCKETS, 0, 0.5) == 0);

	rl__stats_init(&st);
	for (int i = 0; i < 100; i++)
		rl__stats_request(&st, RL_WIRE_OK, true, (uint64_t)i * 1000000);
	rl__stats_request(&st, RL_WIRE_INVALID_ARGUMENT, false, 5);
	memset(&out, 0, sizeof out);
	rl__stats_read(&st, &out);
	assert_true(out.by_status[RL_WIRE_OK] == 100);
	assert_true(out.by_status[RL_WIRE_INVALID_ARGUMENT] == 1);
	assert_true(out.latency_count == 100);
	assert_true(out.max_us == 99000);
	assert_true(out.p50_us >= 49000 && out.p50_us <= 51000);
}

/* ------------------------------------------------------------------------
 * Config file
 * ------------------------------------------------------------------------ */

static char *
write_tmp(const char *text)
{
	char *path = strdup("/tmp/rl-test-cfg-XXXXXX");
	int   fd   = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void
test_config(void **state)
{
	rl_server_cfg cfg;
	rl_diag       d;
	char         *path;

	(void)state;
	path = write_tmp("listen: [ipc:///tmp/a.sock, tcp://127.0.0.1:9999]\n"
	                 "packs_path: packs\n"
	                 "workers: 3\n"
	                 "contexts: 12\n"
	                 "log_level: warn\n"
	                 "http: 127.0.0.1:8080\n"
	                 "limits:\n"
	                 "  max_document_bytes: 1000\n"
	                 "  deadline_ms: 50\n"
	                 "tls: {cert: /etc/c.pem, key: k.pem}\n"
	                 "default_profile: team\n"
	                 "profiles:\n"
	                 "  team: [wire, WireVale]\n"
	                 "  solo: wire\n");
	assert_int_equal(rl__server_cfg_init(&cfg), RL_OK);
	memset(&d, 0, sizeof d);
	assert_int_equal(rl__server_cfg_load(&cfg, path, &d), RL_OK);
	assert_int_equal(cfg.n_listen, 2);
	assert_string_equal(cfg.listen[1], "tcp://127.0.0.1:9999");
	assert_int_equal(cfg.n_packs_path, 1);
	assert_string_equal(cfg.packs_path[0], "/tmp/packs");
	assert_int_equal(cfg.workers, 3);
	assert_int_equal(cfg.contexts, 12);
	assert_int_equal(cfg.log_level, RL_LOG_WARN);
	assert_string_equal(cfg.http, "127.0.0.1:8080");
	assert_int_equal(cfg.max_document_bytes, 1000);
	assert_int_equal(cfg.max_request_bytes, 0);
	assert_int_equal(cfg.deadline_ms, 50);
	assert_string_equal(cfg.tls_cert, "/etc/c.pem");
	assert_string_equal(cfg.tls_key, "/tmp/k.pem");
	assert_string_equal(cfg.default_profile, "team");
	assert_int_equal(cfg.n_profiles, 2);
	assert_string_equal(cfg.profiles[0].name, "team");
	assert_int_equal(cfg.profiles[0].n_packs, 2);
	assert_string_equal(cfg.profiles[1].packs[0], "wire");
	rl__server_cfg_free(&cfg);
	unlink(path);
	free(path);

	/* Unknown keys and bad values name the line. */
	path = write_tmp("workers: 2\nlimits:\n  max_doc: 5\n");
	assert_int_equal(rl__server_cfg_init(&cfg), RL_OK);
	assert_int_equal(rl__server_cfg_load(&cfg, path, &d), RL_EPACK);
	assert_int_equal(d.line, 3);
	assert_non_null(strstr(d.message, "max_doc"));
	rl__server_cfg_free(&cfg);
	unlink(path);
	free(path);

	path = write_tmp("log_level: loud\n");
	assert_int_equal(rl__server_cfg_init(&cfg), RL_OK);
	assert_int_equal(rl__server_cfg_load(&cfg, path, &d), RL_EPACK);
	assert_int_equal(d.line, 1);
	rl__server_cfg_free(&cfg);
	unlink(path);
	free(path);

	path = write_tmp("profiles:\n  empty: []\n");
	assert_int_equal(rl__server_cfg_init(&cfg), RL_OK);
	assert_int_equal(rl__server_cfg_load(&cfg, path, &d), RL_EPACK);
	assert_non_null(strstr(d.message, "empty"));
	rl__server_cfg_free(&cfg);
	unlink(path);
	free(path);

	assert_int_equal(rl__server_cfg_init(&cfg), RL_OK);
	assert_int_not_equal(
	    rl__server_cfg_load(&cfg, "/nonexistent.yaml", &d), RL_OK);
	rl__server_cfg_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_roundtrip),
		cmocka_unit_test(test_request_malformed),
		cmocka_unit_test(test_check_reply_roundtrip),
		cmocka_unit_test(test_other_replies),
		cmocka_unit_test(test_histogram),
		cmocka_unit_test(test_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
