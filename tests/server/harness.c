/*
 * harness.c - see harness.h.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>

#include "harness.h"

#ifndef RL_TEST_REDLINED
#error "RL_TEST_REDLINED must name the redlined binary"
#endif

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

void
td_init(td_daemon *d)
{
	memset(d, 0, sizeof d[0]);
	snprintf(d->dir, sizeof d->dir, "/tmp/redlined-test-XXXXXX");
	assert_non_null(mkdtemp(d->dir));
	snprintf(d->url, sizeof d->url, "ipc://%s/redlined.sock", d->dir);
	snprintf(d->log, sizeof d->log, "%s/redlined.log", d->dir);
	d->pid = -1;
}

const char *
td_path(const td_daemon *d, const char *name)
{
	static char buf[600];

	snprintf(buf, sizeof buf, "%s/%s", d->dir, name);
	return buf;
}

void
td_write(const td_daemon *d, const char *name, const char *text)
{
	FILE *f = fopen(td_path(d, name), "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

char *
td_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long  n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

char *
td_log_read(const td_daemon *d)
{
	char *s = td_read(d->log, NULL);

	return s ? s : strdup("");
}

static void
print_log(const td_daemon *d)
{
	char *s = td_log_read(d);

	fprintf(stderr, "---- redlined log (%s) ----\n%s---- end ----\n",
	    d->log, s);
	free(s);
}

bool
td_start(td_daemon *d, const char *const *args)
{
	const char *argv[64];
	size_t      n = 0;
	pid_t       pid;

	argv[n++] = RL_TEST_REDLINED;
	argv[n++] = "--listen";
	argv[n++] = d->url;
	for (size_t i = 0; args && args[i] && n < 62; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	/* The daemon sees only the packs the test names. */
	unsetenv("REDLINE_PACKS_PATH");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd  = open(d->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		int nul = open("/dev/null", O_RDWR);

		if (fd < 0 || nul < 0)
			_exit(127);
		dup2(nul, 0);
		dup2(nul, 1);
		dup2(fd, 2);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	d->pid = pid;
	for (int i = 0; i < 400; i++) {
		rl_wire_request  req;
		rl_wire_response rsp;
		rl_arena        *a = rl__arena_new(0);
		int              st;
		bool             ok;

		if (waitpid(pid, &st, WNOHANG) == pid) {
			d->pid = -1;
			rl__arena_free(a);
			print_log(d);
			return false;
		}
		memset(&req, 0, sizeof req);
		req.method = RL_WIRE_HEALTH;
		ok         = access(td_path(d, "redlined.sock"), F_OK) == 0 &&
		    td_call(d, &req, a, &rsp) && rsp.status == RL_WIRE_OK;
		rl__arena_free(a);
		if (ok)
			return true;
		sleep_ms(50);
	}
	print_log(d);
	td_stop(d);
	return false;
}

void
td_signal(td_daemon *d, int sig)
{
	if (d->pid > 0)
		kill(d->pid, sig);
}

int
td_wait(td_daemon *d, int timeout_ms)
{
	int st = 0;

	if (d->pid <= 0)
		return -1;
	for (int waited = 0;; waited += 10) {
		pid_t r = waitpid(d->pid, &st, WNOHANG);

		if (r == d->pid)
			break;
		if (waited >= timeout_ms) {
			kill(d->pid, SIGKILL);
			waitpid(d->pid, &st, 0);
			d->pid = -1;
			print_log(d);
			return -1;
		}
		sleep_ms(10);
	}
	d->pid = -1;
	if (!WIFEXITED(st)) {
		print_log(d);
		return -1;
	}
	return WEXITSTATUS(st);
}

int
td_stop(td_daemon *d)
{
	td_signal(d, SIGTERM);
	return td_wait(d, 30000);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
td_cleanup(td_daemon *d)
{
	if (d->pid > 0)
		td_stop(d);
	if (d->dir[0])
		nftw(d->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	d->dir[0] = '\0';
}

rl_client *
td_client(const td_daemon *d, unsigned timeout_ms)
{
	rl_client_opts o = { timeout_ms, NULL, NULL };
	rl_client     *c = NULL;
	rl_diag        diag;

	memset(&diag, 0, sizeof diag);
	if (rl_client_open(d->url, &o, &c, &diag) != RL_OK)
		fail_msg("rl_client_open(%s): %s", d->url, diag.message);
	return c;
}

/* ------------------------------------------------------------------------
 * Raw calls
 * ------------------------------------------------------------------------ */

bool
td_raw(const td_daemon *d, const void *buf, size_t len, rl_arena *a,
    rl_wire_response *rsp)
{
	nng_socket s;
	nng_msg   *msg = NULL;
	rl_diag    diag;
	bool       ok = false;

	if (nng_req0_open(&s) != 0)
		return false;
	nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, 10000);
	nng_socket_set_ms(s, NNG_OPT_SENDTIMEO, 10000);
	if (nng_dial(s, d->url, NULL, 0) != 0 || nng_msg_alloc(&msg, 0) != 0)
		goto done;
	if (nng_msg_append(msg, buf, len) != 0 || nng_sendmsg(s, msg, 0) != 0) {
		nng_msg_free(msg);
		goto done;
	}
	if (nng_recvmsg(s, &msg, 0) != 0)
		goto done;
	ok = rl__wire_response_decode(
	         nng_msg_body(msg), nng_msg_len(msg), a, rsp, &diag) == RL_OK;
	nng_msg_free(msg);
done:
	nng_close(s);
	return ok;
}

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

bool
td_call(const td_daemon *d, const rl_wire_request *req, rl_arena *a,
    rl_wire_response *rsp)
{
	sink_buf b = { NULL, 0 };
	bool     ok;

	if (rl__wire_request_encode(req, buf_sink, &b) != RL_OK)
		return false;
	ok = td_raw(d, b.data, b.len, a, rsp);
	free(b.data);
	return ok;
}

/* ------------------------------------------------------------------------
 * Embedded reviews
 * ------------------------------------------------------------------------ */

rl_result *
td_embedded(const char *path, const void *data, size_t len,
    const char *const *packs, size_t n_packs, const char *extra_path,
    rl_level min_level)
{
	rl_engine     *e   = NULL;
	rl_packset    *ps  = NULL;
	rl_scanner    *sc  = NULL;
	rl_result     *res = NULL;
	rl_review_opts o;
	rl_diag        diag;

	memset(&diag, 0, sizeof diag);
	memset(&o, 0, sizeof o);
	o.min_level = min_level;
	assert_int_equal(rl_engine_new(&e), RL_OK);
	if (extra_path)
		assert_int_equal(
		    rl_engine_add_packs_path(e, extra_path), RL_OK);
	assert_int_equal(rl_engine_add_packs_path(e, TD_PACKS), RL_OK);
	if (rl_packset_load(e, packs, n_packs, &ps, &diag) != RL_OK)
		fail_msg("packs: %s", diag.message);
	assert_int_equal(rl_scanner_new(e, &sc), RL_OK);
	if (rl_review(sc, ps, path, data, len, &o, &res, &diag) != RL_OK)
		fail_msg("review: %s", diag.message);
	rl_scanner_free(sc);
	rl_packset_unref(ps);
	rl_engine_free(e);
	return res;
}

char *
td_print(const rl_result *res, const char *format, const void *src, size_t len)
{
	rl_engine     *e   = NULL;
	rl_writer     *w   = NULL;
	rl_writer_opts o   = { false, RL_LEVEL_SUGGESTION };
	char          *buf = NULL;
	size_t         n   = 0;
	FILE          *f   = open_memstream(&buf, &n);

	assert_non_null(f);
	assert_int_equal(rl_engine_new(&e), RL_OK);
	assert_int_equal(rl_writer_open(e, format, f, &o, &w), RL_OK);
	assert_int_equal(rl_writer_document(w, res, src, len), RL_OK);
	assert_int_equal(rl_writer_close(w), RL_OK);
	fclose(f);
	rl_engine_free(e);
	return buf;
}
