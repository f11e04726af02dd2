/*
 * test_daemon.c - a real redlined on an ipc:// socket in a temporary
 * folder: results over the wire equal embedded results; malformed and
 * unknown requests get error replies and the daemon carries on; limits,
 * profiles, Health, ListPacks, Stats; a reload whose packs do not load
 * keeps the old set; TLS and the HTTP gateway.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* check_both reviews one document over the wire and embedded and asserts
 * that json, text and line print the same bytes. */
static void
check_both(rl_client *c, const char *path, const void *data, size_t len,
    const char *const *packs, size_t n_packs, rl_level min_level)
{
	static const char *const formats[] = { "json", "text", "line" };
	rl_client_check_req      req;
	rl_result               *wire = NULL, *emb;
	rl_diag                  d;

	memset(&req, 0, sizeof req);
	memset(&d, 0, sizeof d);
	req.path      = path;
	req.data      = data;
	req.len       = len;
	req.packs     = packs;
	req.n_packs   = n_packs;
	req.min_level = min_level;
	if (rl_client_check(c, &req, &wire, &d) != RL_OK)
		fail_msg("%s over the wire: %s", path, d.message);
	emb = td_embedded(path, data, len, packs, n_packs, NULL, min_level);
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		char *a = td_print(wire, formats[i], data, len);
		char *b = td_print(emb, formats[i], data, len);

		if (strcmp(a, b) != 0)
			fail_msg("%s (%s) differs:\n--- wire\n%s\n--- "
			         "embedded\n%s",
			    path, formats[i], a, b);
		free(a);
		free(b);
	}
	rl_result_free(wire);
	rl_result_free(emb);
}

static void
check_file(rl_client *c, const char *path, const char *const *packs,
    size_t n_packs, rl_level min_level)
{
	size_t len;
	char  *data = td_read(path, &len);

	assert_non_null(data);
	check_both(c, path, data, len, packs, n_packs, min_level);
	free(data);
}

/* expect_status sends a Check and asserts the daemon answers with status
 * (as "STATUS: ..." in diag). */
static void
expect_status(rl_client *c, const rl_client_check_req *req, const char *status)
{
	rl_result *res = NULL;
	rl_diag    d;

	memset(&d, 0, sizeof d);
	assert_int_equal(rl_client_check(c, req, &res, &d), RL_EREMOTE);
	assert_null(res);
	if (strncmp(d.message, status, strlen(status)) != 0)
		fail_msg("expected %s, got '%s'", status, d.message);
}

static bool
has_pack(const rl_wire_response *rsp, const char *name)
{
	for (size_t i = 0; i < rsp->n_packs; i++)
		if (strcmp(rsp->packs[i].name, name) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------------------
 * Results over the wire equal embedded results
 * ------------------------------------------------------------------------ */

static void
test_wire_equals_embedded(void **state)
{
	static const char *const docs[] = { TD_DOCS "/launch.md",
		TD_DOCS "/clean.md", TD_DOCS "/notes.txt" };
	static const char *const wire[] = { "wire" };
	static const char *const both[] = { "wire", "WireVale" };
	static const char *const vale[] = { "WireVale" };
	static const char odd[]  = "# Bad \xff\xfe bytes\n\nA very\0 odd, "
	                           "world-class caf\xc3\xa9 \xe2\x82 doc.\n";
	const char       *args[] = { "--packs-path", TD_PACKS, "--workers", "2",
		      NULL };
	td_daemon         d;
	rl_client        *c;

	(void)state;
	td_init(&d);
	assert_true(td_start(&d, args));
	c = td_client(&d, 10000);
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
		check_file(c, docs[i], wire, 1, RL_LEVEL_SUGGESTION);
		check_file(c, docs[i], both, 2, RL_LEVEL_SUGGESTION);
		check_file(c, docs[i], both, 2, RL_LEVEL_WARNING);
		check_file(c, docs[i], vale, 1, RL_LEVEL_ERROR);
	}
	check_both(
	    c, "odd.md", odd, sizeof odd - 1, both, 2, RL_LEVEL_SUGGESTION);
	check_both(c, "-", "", 0, wire, 1, RL_LEVEL_SUGGESTION);

	/* The shipped prfaq pack on the example PR/FAQs, when both exist. */
	{
		rl_wire_request          req;
		rl_wire_response         rsp;
		rl_arena                *a       = rl__arena_new(0);
		static const char *const prfaq[] = { "prfaq" };
		DIR                     *dir     = opendir("docs/examples");
		struct dirent           *de;

		memset(&req, 0, sizeof req);
		req.method = RL_WIRE_LIST_PACKS;
		assert_true(td_call(&d, &req, a, &rsp));
		while (dir && has_pack(&rsp, "prfaq") &&
		    (de = readdir(dir)) != NULL) {
			char path[512];

			if (!strstr(de->d_name, ".md"))
				continue;
			snprintf(
			    path, sizeof path, "docs/examples/%s", de->d_name);
			check_file(c, path, prfaq, 1, RL_LEVEL_SUGGESTION);
		}
		if (dir)
			closedir(dir);
		rl__arena_free(a);
	}
	rl_client_close(c);
	assert_int_equal(td_stop(&d), 0);
	td_cleanup(&d);
}

/* ------------------------------------------------------------------------
 * Errors: malformed, unknown method, unknown pack/profile, bad format
 * ------------------------------------------------------------------------ */

static void
test_errors(void **state)
{
	static const unsigned char unknown[] = { 0x08, 0x07, 0x10, 0x63 };
	static const char garbage[]     = "\xff\xff\xff\xff\xff not protobuf";
	static const char *const nope[] = { "wire", "nope" };
	static const char *const wire[] = { "wire" };
	static const char *const path_pack[] = { "../../etc" };
	const char *args[] = { "--packs-path", TD_PACKS, "--workers", "1",
		NULL };
	rl_client_check_req req;
	rl_wire_response    rsp;
	rl_arena           *a = rl__arena_new(0);
	td_daemon           d;
	rl_client          *c;

	(void)state;
	td_init(&d);
	assert_true(td_start(&d, args));
	c = td_client(&d, 10000);

	assert_true(td_raw(&d, garbage, sizeof garbage - 1, a, &rsp));
	assert_int_equal(rsp.status, RL_WIRE_INVALID_ARGUMENT);
	assert_non_null(strstr(rsp.message, "malformed"));
	assert_true(td_raw(&d, unknown, sizeof unknown, a, &rsp));
	assert_int_equal(rsp.status, RL_WIRE_INVALID_ARGUMENT);
	assert_true(rsp.id == 7);
	assert_non_null(strstr(rsp.message, "unknown method"));
	assert_true(td_raw(&d, "", 0, a, &rsp)); /* empty: method unset */
	assert_int_equal(rsp.status, RL_WIRE_INVALID_ARGUMENT);

	/* The daemon carries on. */
	check_file(c, TD_DOCS "/launch.md", wire, 1, RL_LEVEL_SUGGESTION);

	memset(&req, 0, sizeof req);
	req.path    = "x.md";
	req.data    = "very";
	req.len     = 4;
	req.packs   = nope;
	req.n_packs = 2;
	expect_status(c, &req, "NOT_FOUND");
	req.packs   = path_pack;
	req.n_packs = 1;
	expect_status(c, &req, "NOT_FOUND");
	req.packs   = NULL;
	req.n_packs = 0;
	req.profile = "payments";
	expect_status(c, &req, "NOT_FOUND");
	req.profile = "payments";
	req.packs   = wire;
	req.n_packs = 1;
	expect_status(c, &req, "INVALID_ARGUMENT");
	req.profile = NULL;
	req.format  = "klingon";
	expect_status(c, &req, "INVALID_ARGUMENT");
	/* No packs, no profile, no prfaq pack on this path: NOT_FOUND
	 * unless the shipped prfaq pack is there. */
	req.format  = NULL;
	req.packs   = NULL;
	req.n_packs = 0;
	{
		rl_result *res = NULL;
		rl_diag    dg;
		rl_err     err = rl_client_check(c, &req, &res, &dg);

		assert_true(err == RL_OK ||
		    (err == RL_EREMOTE &&
		        strncmp(dg.message, "NOT_FOUND", 9) == 0));
		if (err == RL_OK)
			assert_string_equal(res->packs[0].name, "prfaq");
		rl_result_free(res);
	}
	check_file(c, TD_DOCS "/clean.md", wire, 1, RL_LEVEL_SUGGESTION);

	/* Stats counted all of it. */
	{
		rl_wire_request sreq;

		memset(&sreq, 0, sizeof sreq);
		sreq.method = RL_WIRE_STATS;
		assert_true(td_call(&d, &sreq, a, &rsp));
		assert_int_equal(rsp.status, RL_WIRE_OK);
		assert_true(rsp.stats.by_status[RL_WIRE_INVALID_ARGUMENT] >= 5);
		assert_true(rsp.stats.by_status[RL_WIRE_NOT_FOUND] >= 3);
		assert_true(rsp.stats.by_status[RL_WIRE_OK] >= 2);
	}
	rl_client_close(c);
	assert_int_equal(td_stop(&d), 0);
	td_cleanup(&d);
	rl__arena_free(a);
}

/* ------------------------------------------------------------------------
 * Limits and profiles from a config file
 * ------------------------------------------------------------------------ */

static void
test_limits_and_profiles(void **state)
{
	static const char *const both[] = { "wire", "WireVale" };
	const char *args[] = { "--config", NULL, "--packs-path", TD_PACKS,
		"--workers", "2", NULL };
	rl_client_check_req req;
	rl_result          *res = NULL, *emb;
	rl_diag             dg;
	td_daemon           d;
	rl_client          *c;
	char               *big;
	char               *doc;
	size_t              len;

	(void)state;
	td_init(&d);
	td_write(&d, "redlined.yaml",
	    "limits:\n"
	    "  max_document_bytes: 4096\n"
	    "  deadline_ms: 20000\n"
	    "default_profile: team\n"
	    "profiles:\n"
	    "  team: [wire, WireVale]\n"
	    "  lone: WireVale\n");
	args[1] = strdup(td_path(&d, "redlined.yaml"));
	assert_true(td_start(&d, args));
	c = td_client(&d, 10000);

	big = malloc(10000);
	memset(big, 'a', 10000);
	memset(&req, 0, sizeof req);
	req.path    = "big.md";
	req.data    = big;
	req.len     = 10000;
	req.profile = "team";
	expect_status(c, &req, "RESOURCE_EXHAUSTED");
	req.len = 4097;
	expect_status(c, &req, "RESOURCE_EXHAUSTED");
	req.len = 4096;
	assert_int_equal(rl_client_check(c, &req, &res, &dg), RL_OK);
	rl_result_free(res);
	free(big);

	/* A profile, and the default profile, equal the packs they name. */
	doc = td_read(TD_DOCS "/launch.md", &len);
	emb = td_embedded(
	    "launch.md", doc, len, both, 2, NULL, RL_LEVEL_SUGGESTION);
	memset(&req, 0, sizeof req);
	req.path    = "launch.md";
	req.data    = doc;
	req.len     = len;
	req.profile = "team";
	for (int i = 0; i < 2; i++) {
		char *a, *b;

		assert_int_equal(rl_client_check(c, &req, &res, &dg), RL_OK);
		a = td_print(res, "json", doc, len);
		b = td_print(emb, "json", doc, len);
		assert_string_equal(a, b);
		free(a);
		free(b);
		rl_result_free(res);
		req.profile = NULL; /* then the default profile */
	}
	req.profile = "lone";
	assert_int_equal(rl_client_check(c, &req, &res, &dg), RL_OK);
	assert_int_equal(res->n_packs, 1);
	assert_string_equal(res->packs[0].name, "WireVale");
	rl_result_free(res);
	rl_result_free(emb);
	free(doc);

	/* ListPacks shows the profiles. */
	{
		rl_wire_request  lreq;
		rl_wire_response rsp;
		rl_arena        *a = rl__arena_new(0);

		memset(&lreq, 0, sizeof lreq);
		lreq.method = RL_WIRE_LIST_PACKS;
		assert_true(td_call(&d, &lreq, a, &rsp));
		assert_int_equal(rsp.status, RL_WIRE_OK);
		assert_true(has_pack(&rsp, "wire"));
		assert_true(has_pack(&rsp, "WireVale"));
		assert_int_equal(rsp.n_profiles, 2);
		assert_string_equal(rsp.profiles[0].name, "team");
		assert_int_equal(rsp.profiles[0].n_packs, 2);
		assert_string_equal(rsp.default_profile, "team");
		rl__arena_free(a);
	}
	rl_client_close(c);
	assert_int_equal(td_stop(&d), 0);
	free((char *)args[1]);
	td_cleanup(&d);
}

/* ------------------------------------------------------------------------
 * Health and Stats
 * ------------------------------------------------------------------------ */

static void
test_health_and_stats(void **state)
{
	static const char *const wire[] = { "wire" };
	const char      *args[] = { "--packs-path", TD_PACKS, "--workers", "2",
		     NULL };
	rl_wire_request  req;
	rl_wire_response rsp;
	rl_arena        *a = rl__arena_new(0);
	rl_result       *emb;
	td_daemon        d;
	rl_client       *c;
	char            *doc;
	size_t           len;
	bool             found = false, timed = false;

	(void)state;
	td_init(&d);
	assert_true(td_start(&d, args));
	c   = td_client(&d, 10000);
	doc = td_read(TD_DOCS "/launch.md", &len);
	emb = td_embedded(
	    "launch.md", doc, len, wire, 1, NULL, RL_LEVEL_SUGGESTION);
	for (int i = 0; i < 20; i++)
		check_both(
		    c, "launch.md", doc, len, wire, 1, RL_LEVEL_SUGGESTION);

	memset(&req, 0, sizeof req);
	req.method = RL_WIRE_HEALTH;
	req.id     = 77;
	assert_true(td_call(&d, &req, a, &rsp));
	assert_int_equal(rsp.status, RL_WIRE_OK);
	assert_true(rsp.id == 77);
	assert_string_equal(rsp.version, RL_VERSION_STRING);
	assert_true(rsp.generation == 1);
	assert_int_equal(rsp.workers, 2);
	for (size_t i = 0; i < rsp.n_packs; i++) {
		if (strcmp(rsp.packs[i].name, "wire") != 0)
			continue;
		found = true;
		assert_string_equal(rsp.packs[i].version, "1.2.0");
		assert_string_equal(rsp.packs[i].digest, emb->packs[0].digest);
		assert_int_equal(rsp.packs[i].n_rules, 3);
	}
	assert_true(found);

	req.method = RL_WIRE_STATS;
	assert_true(td_call(&d, &req, a, &rsp));
	assert_int_equal(rsp.status, RL_WIRE_OK);
	assert_true(rsp.stats.by_status[RL_WIRE_OK] >= 20);
	assert_true(rsp.stats.latency_count == 20);
	assert_true(rsp.stats.p50_us <= rsp.stats.p90_us);
	assert_true(rsp.stats.p90_us <= rsp.stats.p99_us);
	assert_true(
	    rsp.stats.p99_us <= rsp.stats.max_us + rsp.stats.max_us / 30 + 1);
	assert_true(rsp.stats.n_rules >= 3);
	found = false;
	for (size_t i = 0; i < rsp.stats.n_rules; i++) {
		if (strcmp(rsp.stats.rules[i].rule, "wire.Hype") == 0) {
			found = true;
			assert_true(rsp.stats.rules[i].calls == 20);
		}
		timed |= rsp.stats.rules[i].total_ns > 0;
		if (i)
			assert_true(rsp.stats.rules[i - 1].total_ns >=
			    rsp.stats.rules[i].total_ns);
	}
	assert_true(found);
	assert_true(timed);
	rl_result_free(emb);
	free(doc);
	rl_client_close(c);
	assert_int_equal(td_stop(&d), 0);
	td_cleanup(&d);
	rl__arena_free(a);
}

/* ------------------------------------------------------------------------
 * Reload with a broken pack keeps the old set
 * ------------------------------------------------------------------------ */

static const char pack_yaml[] = "name: live\nversion: 1.0.0\n";
static const char rule_yaml[] = "extends: existence\n"
                                "message: \"No '%s'.\"\n"
                                "level: warning\n"
                                "tokens:\n  - very\n";

static rl_result *
check_live(rl_client *c)
{
	static const char *const live[] = { "live" };
	rl_client_check_req      req;
	rl_result               *res = NULL;
	rl_diag                  dg;

	memset(&req, 0, sizeof req);
	req.path    = "doc.md";
	req.data    = "A very good idea.\n";
	req.len     = strlen(req.data);
	req.packs   = live;
	req.n_packs = 1;
	if (rl_client_check(c, &req, &res, &dg) != RL_OK)
		fail_msg("check: %s", dg.message);
	return res;
}

static void
test_reload_broken_pack(void **state)
{
	const char *args[] = { "--packs-path", NULL, "--workers", "2", NULL };
	rl_result  *res;
	rl_diag     dg;
	td_daemon   d;
	rl_client  *c;
	char        digest[128];
	char       *log;

	(void)state;
	td_init(&d);
	assert_int_equal(mkdir(td_path(&d, "packs"), 0755), 0);
	assert_int_equal(mkdir(td_path(&d, "packs/live"), 0755), 0);
	td_write(&d, "packs/live/pack.yaml", pack_yaml);
	td_write(&d, "packs/live/Very.yml", rule_yaml);
	args[1] = strdup(td_path(&d, "packs"));
	assert_true(td_start(&d, args));
	c   = td_client(&d, 10000);
	res = check_live(c);
	assert_int_equal(res->n_findings, 1);
	snprintf(digest, sizeof digest, "%s", res->packs[0].digest);
	rl_result_free(res);

	/* Break the rule: Reload fails with the reason, the old set stays. */
	td_write(&d, "packs/live/Very.yml", "extends: existence\ntokens: [\n");
	memset(&dg, 0, sizeof dg);
	assert_int_equal(rl_client_reload(c, &dg), RL_EREMOTE);
	if (!strstr(dg.message, "FAILED_PRECONDITION") ||
	    !strstr(dg.message, "Very.yml"))
		fail_msg("reload reason: %s", dg.message);
	res = check_live(c);
	assert_string_equal(res->packs[0].digest, digest);
	assert_int_equal(res->n_findings, 1);
	rl_result_free(res);

	/* SIGHUP too. */
	td_signal(&d, SIGHUP);
	for (int i = 0; i < 200; i++) {
		log = td_log_read(&d);
		if (strstr(log, "reload failed") &&
		    strstr(strstr(log, "reload failed") + 1, "reload failed"))
			break;
		free(log);
		log = NULL;
		usleep(20000);
	}
	assert_non_null(log);
	free(log);
	res = check_live(c);
	assert_string_equal(res->packs[0].digest, digest);
	rl_result_free(res);

	/* Fixed, with a new version: the new set is used. */
	td_write(&d, "packs/live/pack.yaml", "name: live\nversion: 1.1.0\n");
	td_write(&d, "packs/live/Very.yml", rule_yaml);
	assert_int_equal(rl_client_reload(c, &dg), RL_OK);
	res = check_live(c);
	assert_string_equal(res->packs[0].version, "1.1.0");
	assert_string_not_equal(res->packs[0].digest, digest);
	rl_result_free(res);

	/* A new pack naming a plugin the daemon did not load at start: the
	 * registries are not changed under running reviews, so the reload
	 * fails and says how to load it; the set in use stays. */
	assert_int_equal(mkdir(td_path(&d, "packs/plug"), 0755), 0);
	td_write(&d, "packs/plug/pack.yaml",
	    "name: plug\nversion: 1.0.0\nplugins: [html]\n");
	td_write(&d, "packs/plug/Very.yml", rule_yaml);
	assert_int_equal(rl_client_reload(c, &dg), RL_EREMOTE);
	if (!strstr(dg.message, "FAILED_PRECONDITION") ||
	    !strstr(dg.message, "plugins cannot be added while reviews run"))
		fail_msg("reload reason: %s", dg.message);
	res = check_live(c);
	assert_string_equal(res->packs[0].version, "1.1.0");
	rl_result_free(res);

	rl_client_close(c);
	assert_int_equal(td_stop(&d), 0);
	free((char *)args[1]);
	td_cleanup(&d);
}

/* ------------------------------------------------------------------------
 * TLS and the HTTP gateway
 * ------------------------------------------------------------------------ */

static int
free_port(void)
{
	struct sockaddr_in sa;
	socklen_t          n  = sizeof sa;
	int                fd = socket(AF_INET, SOCK_STREAM, 0);
	int                port;

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family      = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &n), 0);
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static void
test_tls(void **state)
{
	static const char *const wire[] = { "wire" };
	char                     url[64], cert[600], key[600], cmd[2048];
	const char    *args[] = { "--packs-path", TD_PACKS, "--listen", url,
		   "--tls-cert", cert, "--tls-key", key, NULL };
	rl_client_opts o;
	rl_client     *c = NULL;
	rl_client_check_req req;
	rl_result          *res = NULL;
	rl_diag             dg;
	td_daemon           d;

	(void)state;
	if (system("command -v openssl >/dev/null 2>&1") != 0)
		skip();
	td_init(&d);
	snprintf(cert, sizeof cert, "%s", td_path(&d, "cert.pem"));
	snprintf(key, sizeof key, "%s", td_path(&d, "key.pem"));
	snprintf(cmd, sizeof cmd,
	    "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
	    "-nodes -keyout %s -out %s -days 1 -subj /CN=localhost "
	    ">/dev/null 2>&1",
	    key, cert);
	assert_int_equal(system(cmd), 0);
	snprintf(url, sizeof url, "tls+tcp://127.0.0.1:%d", free_port());
	assert_true(td_start(&d, args));

	memset(&o, 0, sizeof o);
	o.timeout_ms      = 10000;
	o.tls_ca          = cert;
	o.tls_server_name = "localhost";
	memset(&dg, 0, sizeof dg);
	if (rl_client_open(url, &o, &c, &dg) != RL_OK)
		fail_msg("tls open: %s", dg.message);
	memset(&req, 0, sizeof req);
	req.path    = "t.md";
	req.data    = "A very world-class idea.\n";
	req.len     = strlen(req.data);
	req.packs   = wire;
	req.n_packs = 1;
	if (rl_client_check(c, &req, &res, &dg) != RL_OK)
		fail_msg("tls check: %s", dg.message);
	assert_int_equal(res->n_findings, 2);
	rl_result_free(res);
	rl_client_close(c);
	assert_int_equal(td_stop(&d), 0);
	td_cleanup(&d);
}

/* http_post sends one HTTP/1.1 request and returns the whole response. */
static char *
http_request(int port, const char *head, const void *body, size_t len)
{
	struct sockaddr_in sa;
	int                fd  = socket(AF_INET, SOCK_STREAM, 0);
	char              *out = NULL;
	size_t             n = 0, cap = 0;
	ssize_t            r;

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family      = AF_INET;
	sa.sin_port        = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_true(write(fd, head, strlen(head)) == (ssize_t)strlen(head));
	if (len)
		assert_true(write(fd, body, len) == (ssize_t)len);
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap * 2 + 8192;
			out = realloc(out, cap);
		}
		r = read(fd, out + n, 4096);
		if (r > 0)
			n += (size_t)r;
	} while (r > 0);
	close(fd);
	out[n] = '\0';
	return out;
}

static void
test_http_gateway(void **state)
{
	static const char *const wire[] = { "wire" };
	char                     addr[64], head[512];
	const char *args[] = { "--packs-path", TD_PACKS, "--http", addr, NULL };
	td_daemon   d;
	rl_result  *emb;
	char       *doc, *rsp, *want, *body;
	size_t      len;
	int         port = free_port();

	(void)state;
	td_init(&d);
	snprintf(addr, sizeof addr, "127.0.0.1:%d", port);
	assert_true(td_start(&d, args));
	doc = td_read(TD_DOCS "/launch.md", &len);
	snprintf(head, sizeof head,
	    "POST /v1/check?pack=wire&path=launch.md HTTP/1.1\r\n"
	    "Host: localhost\r\nConnection: close\r\n"
	    "Content-Length: %zu\r\n\r\n",
	    len);
	rsp = http_request(port, head, doc, len);
	assert_non_null(strstr(rsp, "HTTP/1.1 200"));
	body = strstr(rsp, "\r\n\r\n");
	assert_non_null(body);
	emb = td_embedded(
	    "launch.md", doc, len, wire, 1, NULL, RL_LEVEL_SUGGESTION);
	want = td_print(emb, "json", doc, len);
	assert_string_equal(body + 4, want);
	free(want);
	free(rsp);
	rl_result_free(emb);

	snprintf(head, sizeof head,
	    "POST /v1/check?pack=nope HTTP/1.1\r\nHost: localhost\r\n"
	    "Connection: close\r\nContent-Length: 4\r\n\r\n");
	rsp = http_request(port, head, "very", 4);
	assert_non_null(strstr(rsp, "HTTP/1.1 404"));
	assert_non_null(strstr(rsp, "\"NOT_FOUND\""));
	free(rsp);

	rsp = http_request(port,
	    "GET /v1/health HTTP/1.1\r\nHost: localhost\r\n"
	    "Connection: close\r\n\r\n",
	    NULL, 0);
	assert_non_null(strstr(rsp, "HTTP/1.1 200"));
	assert_non_null(strstr(rsp, "\"name\": \"wire\""));
	assert_non_null(strstr(rsp, "\"max_document_bytes\": 4194304"));
	free(rsp);
	free(doc);
	assert_int_equal(td_stop(&d), 0);
	td_cleanup(&d);
}

/* ------------------------------------------------------------------------
 * Deadlines: a review that runs past the request's deadline stops with
 * DEADLINE_EXCEEDED, and the daemon carries on.  A 1 MB document takes
 * several ms to parse alone (about 6 ns a byte), so a 1 ms deadline has
 * passed before the first rule whatever the machine's load.
 * ------------------------------------------------------------------------ */

static void
test_deadline(void **state)
{
	static const char *const packs[] = { "wire" };
	static const char        line[] =
	    "The team will ship the feature in March, and we think it is very "
	    "good for the customers who asked for it.\n\n";
	const char      *args[] = { "--packs-path", TD_PACKS, "--workers", "1",
		     NULL };
	size_t           n      = 1u << 20, i;
	char            *big    = malloc(n);
	rl_wire_request  req;
	rl_wire_response rsp;
	rl_arena        *a = rl__arena_new(0);
	td_daemon        d;

	(void)state;
	assert_non_null(big);
	for (i = 0; i < n; i++)
		big[i] = line[i % (sizeof line - 1)];
	td_init(&d);
	assert_true(td_start(&d, args));

	memset(&req, 0, sizeof req);
	req.method        = RL_WIRE_CHECK;
	req.deadline_ms   = 1;
	req.check.path    = "big.md";
	req.check.data    = big;
	req.check.len     = n;
	req.check.packs   = packs;
	req.check.n_packs = 1;
	assert_true(td_call(&d, &req, a, &rsp));
	assert_int_equal(rsp.status, RL_WIRE_DEADLINE_EXCEEDED);
	assert_null(rsp.result);
	assert_non_null(strstr(rsp.message, "deadline"));

	/* The same document under the daemon's default deadline (30 s) is
	 * reviewed in full, and a small one within a 10 s deadline. */
	req.deadline_ms = 0;
	assert_true(td_call(&d, &req, a, &rsp));
	assert_int_equal(rsp.status, RL_WIRE_OK);
	assert_non_null(rsp.result);
	assert_true(rsp.result->n_findings > 0);
	rl_result_free(rsp.result);

	req.deadline_ms = 10000;
	req.check.len   = sizeof line - 1;
	assert_true(td_call(&d, &req, a, &rsp));
	assert_int_equal(rsp.status, RL_WIRE_OK);
	rl_result_free(rsp.result);

	/* Stats counted the one DEADLINE_EXCEEDED. */
	memset(&req, 0, sizeof req);
	req.method = RL_WIRE_STATS;
	assert_true(td_call(&d, &req, a, &rsp));
	assert_int_equal(rsp.stats.by_status[RL_WIRE_DEADLINE_EXCEEDED], 1);

	assert_int_equal(td_stop(&d), 0);
	td_cleanup(&d);
	rl__arena_free(a);
	free(big);
}

/* ------------------------------------------------------------------------
 * A request over max_request_bytes: nng would drop it without a reply, so
 * the client asks the limits (Health) and answers RESOURCE_EXHAUSTED at
 * once instead of timing out; the daemon carries on.
 * ------------------------------------------------------------------------ */

static void
test_request_limit(void **state)
{
	const char *args[] = { "--config", NULL, "--packs-path", TD_PACKS,
		"--workers", "1", NULL };
	static const char *const wire[] = { "wire" };
	rl_client_check_req      req;
	rl_wire_request          hreq;
	rl_wire_response         rsp;
	rl_result               *res = NULL;
	rl_arena                *a   = rl__arena_new(0);
	rl_diag                  dg;
	td_daemon                d;
	rl_client               *c;
	size_t                   n   = 200000;
	char                    *big = malloc(n);
	uint64_t                 t0;

	(void)state;
	assert_non_null(big);
	memset(big, 'a', n);
	td_init(&d);
	td_write(&d, "redlined.yaml",
	    "limits: {max_document_bytes: 1000, max_request_bytes: 70000}\n");
	args[1] = strdup(td_path(&d, "redlined.yaml"));
	assert_true(td_start(&d, args));

	/* Health reports the limits. */
	memset(&hreq, 0, sizeof hreq);
	hreq.method = RL_WIRE_HEALTH;
	assert_true(td_call(&d, &hreq, a, &rsp));
	assert_true(rsp.max_document_bytes == 1000);
	assert_true(rsp.max_request_bytes == 70000);

	c = td_client(&d, 20000);
	memset(&req, 0, sizeof req);
	req.path    = "big.md";
	req.data    = big;
	req.len     = n;
	req.packs   = wire;
	req.n_packs = 1;
	t0          = rl__now_ns();
	memset(&dg, 0, sizeof dg);
	assert_int_equal(rl_client_check(c, &req, &res, &dg), RL_EREMOTE);
	assert_null(res);
	if (strncmp(dg.message, "RESOURCE_EXHAUSTED", 18) != 0)
		fail_msg("got '%s'", dg.message);
	assert_true(rl__now_ns() - t0 < 5000000000ull); /* not a timeout */

	/* The same client still reviews a document within the limits. */
	req.data = "A very good idea.\n";
	req.len  = strlen(req.data);
	assert_int_equal(rl_client_check(c, &req, &res, &dg), RL_OK);
	assert_int_equal(res->n_findings, 1);
	rl_result_free(res);
	rl_client_close(c);
	assert_int_equal(td_stop(&d), 0);
	free((char *)args[1]);
	td_cleanup(&d);
	rl__arena_free(a);
	free(big);
}

/* ------------------------------------------------------------------------
 * The config bounds the Lua budgets packs get
 * ------------------------------------------------------------------------ */

static void
test_lua_limits(void **state)
{
	static const char *const packs[] = { "wirelua" };
	static const char        text[]  = "# Title\n\nSome text.\n";
	const char *args[] = { "--config", NULL, "--packs-path", TD_PACKS,
		"--workers", "1", NULL };
	rl_client_check_req req;
	rl_result          *res = NULL;
	rl_diag             dg;
	td_daemon           d;
	rl_client          *c;

	(void)state;
	memset(&req, 0, sizeof req);
	req.path    = "t.md";
	req.data    = text;
	req.len     = sizeof text - 1;
	req.packs   = packs;
	req.n_packs = 1;
	for (int bounded = 0; bounded < 2; bounded++) {
		td_init(&d);
		td_write(&d, "redlined.yaml",
		    bounded ? "limits: {lua_instructions: 150000, "
		              "lua_memory: 4194304}\n"
		            : "limits: {deadline_ms: 20000}\n");
		args[1] = strdup(td_path(&d, "redlined.yaml"));
		assert_true(td_start(&d, args));
		c = td_client(&d, 10000);
		assert_int_equal(rl_client_check(c, &req, &res, &dg), RL_OK);
		if (bounded) {
			assert_int_equal(res->n_findings, 0);
			assert_int_equal(res->n_rule_errors, 1);
			assert_string_equal(
			    res->rule_errors[0].rule, "wirelua.busy");
			assert_non_null(strstr(res->rule_errors[0].message,
			    "instruction budget exceeded (150000"));
		} else {
			assert_int_equal(res->n_rule_errors, 0);
			assert_int_equal(res->n_findings, 1);
		}
		rl_result_free(res);
		rl_client_close(c);
		assert_int_equal(td_stop(&d), 0);
		free((char *)args[1]);
		td_cleanup(&d);
	}
}

/* worker_cpus reads the CPUs each worker thread of pid may run on, as
 * /proc lists them ("0", "0-1"), into cpus[i] for rl:worker<i>.  Returns
 * how many workers it found. */
static int
worker_cpus(pid_t pid, char cpus[][64], int max)
{
	char path[320];
	int  found = 0;
	DIR *dir;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	assert_non_null(dir = opendir(path));
	for (struct dirent *e; (e = readdir(dir)) != NULL;) {
		char  line[256], name[64] = "";
		FILE *f;
		int   i;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "/proc/%d/task/%s/status", (int)pid,
		    e->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		i = -1;
		while (fgets(line, sizeof line, f)) {
			if (sscanf(line, "Name: %63s", name) == 1 &&
			    sscanf(name, "rl:worker%d", &i) != 1)
				break;
			if (i >= 0 && i < max &&
			    sscanf(line, "Cpus_allowed_list: %63s", cpus[i]) ==
			        1)
				found++;
		}
		fclose(f);
	}
	closedir(dir);
	return found;
}

/* --pin-workers (or pin_workers: true) keeps worker i on the i-th CPU the
 * daemon may use; without it the workers may run anywhere it may. */
static void
test_pin_workers(void **state)
{
	const char *args[] = { "--packs-path", TD_PACKS, "--workers", "2", NULL,
		NULL, NULL };
	cpu_set_t   allowed;
	int         first = -1, second = -1, n_allowed;
	char        cpus[2][64], want[2][16];
	td_daemon   d;

	(void)state;
	assert_int_equal(sched_getaffinity(0, sizeof allowed, &allowed), 0);
	n_allowed = CPU_COUNT(&allowed);
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &allowed)) {
			if (first < 0)
				first = c;
			else if (second < 0)
				second = c;
		}
	snprintf(want[0], sizeof want[0], "%d", first);
	snprintf(want[1], sizeof want[1], "%d", n_allowed > 1 ? second : first);
	for (int how = 0; how < 3; how++) {
		td_init(&d);
		if (how == 1) {
			args[4] = "--pin-workers";
		} else if (how == 2) {
			td_write(&d, "redlined.yaml", "pin_workers: true\n");
			args[4] = "--config";
			args[5] = td_path(&d, "redlined.yaml");
		}
		assert_true(td_start(&d, args));
		memset(cpus, 0, sizeof cpus);
		assert_int_equal(worker_cpus(d.pid, cpus, 2), 2);
		for (int i = 0; i < 2; i++) {
			if (how == 0)
				/* Unpinned: as free as the daemon (several
				 * CPUs, unless it may use one only). */
				assert_true(n_allowed == 1 ||
				    strchr(cpus[i], '-') ||
				    strchr(cpus[i], ','));
			else
				assert_string_equal(cpus[i], want[i]);
		}
		if (how > 0) {
			char *log = td_log_read(&d);

			assert_non_null(strstr(log, "workers pinned to CPUs"));
			free(log);
		}
		assert_int_equal(td_stop(&d), 0);
		td_cleanup(&d);
		args[4] = args[5] = NULL;
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wire_equals_embedded),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits_and_profiles),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_lua_limits),
		cmocka_unit_test(test_pin_workers),
		cmocka_unit_test(test_request_limit),
		cmocka_unit_test(test_health_and_stats),
		cmocka_unit_test(test_reload_broken_pack),
		cmocka_unit_test(test_tls),
		cmocka_unit_test(test_http_gateway),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
