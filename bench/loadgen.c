/*
 * loadgen.c - a load generator for redlined: keeps N Check requests in
 * flight over nng (one REQ socket, N contexts, one aio state machine each)
 * and reports throughput and latency percentiles.
 *
 *   redline-loadgen --connect URL [--pack NAME]... [--profile NAME]
 *                   [--inflight N] [--requests M | --seconds S]
 *                   [--rate R] [--warmup K] [--pid PID] FILE
 *
 * Closed loop by default: each context sends its next request as soon as
 * the reply to the previous one arrives.  With --rate R the load is open
 * loop: a pacer thread sends request k at start + k/R on an idle context
 * and latency counts from when it was due, so a slow daemon cannot hide
 * its queueing (no coordinated omission); N bounds the requests in
 * flight.  --pid reports the daemon's resident memory (from /proc) before
 * and after the run, and its CPU time per request.  At the end the
 * daemon's own Stats are asked for: its latency runs from when a worker
 * could take the request to the reply being packed, so the difference to
 * the load generator's says what the transport, nng's threads and the
 * wait for a free context add.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>

#include "core/core.h"
#include "server/stats.h"
#include "server/wire.h"

typedef enum lg_state {
	LG_IDLE = 0,
	LG_SEND,
	LG_RECV,
} lg_state;

typedef struct lg_ctx {
	struct lg     *lg;
	struct lg_ctx *next_free;
	lg_state       state;
	nng_ctx        ctx;
	nng_aio       *aio;
	uint64_t       t0;     /* when this request started (or was due) */
	bool           warmup; /* not counted */
	uint64_t       hist[RL_HIST_BUCKETS];
	uint64_t       by_status[RL_WIRE_STATUS_MAX + 1]; /* last: no reply */
} lg_ctx;

typedef struct lg {
	nng_socket  sock;
	const void *req; /* the packed Check request */
	size_t      req_len;
	lg_ctx     *ctxs;
	unsigned    n_ctx;
	uint64_t    target; /* requests to start, warm-up included */
	uint64_t    warmup;
	uint64_t    deadline_ns; /* --seconds: stop starting after this */
	double      rate;        /* requests per second; 0: closed loop */
	uint64_t    start_ns;
	uint64_t    measure_ns; /* first measured request */
	atomic_uint_fast64_t started;
	atomic_uint_fast64_t finished;
	pthread_mutex_t      mtx;
	pthread_cond_t       cond;
	lg_ctx              *free; /* idle contexts */
	unsigned             idle;
} lg;

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* go_idle puts c on the free list (the pacer's, or the end of the run). */
static void
go_idle(lg_ctx *c)
{
	c->state = LG_IDLE;
	pthread_mutex_lock(&c->lg->mtx);
	c->next_free = c->lg->free;
	c->lg->free  = c;
	c->lg->idle++;
	pthread_cond_signal(&c->lg->cond);
	pthread_mutex_unlock(&c->lg->mtx);
}

static void
send_request(lg_ctx *c)
{
	nng_msg *msg;

	if (nng_msg_alloc(&msg, 0) != 0 ||
	    nng_msg_append(msg, c->lg->req, c->lg->req_len) != 0) {
		fprintf(stderr, "loadgen: out of memory\n");
		exit(1);
	}
	c->state = LG_SEND;
	nng_aio_set_msg(c->aio, msg);
	nng_ctx_send(c->ctx, c->aio);
}

/* next, in closed loop, starts this context's next request at once; in
 * open loop the pacer does, so the context goes idle. */
static void
next(lg_ctx *c)
{
	struct lg *g = c->lg;
	uint64_t   k, now;

	if (g->rate > 0) {
		go_idle(c);
		return;
	}
	k   = atomic_fetch_add(&g->started, 1);
	now = now_ns();
	if (k >= g->target || (g->deadline_ns && now >= g->deadline_ns)) {
		go_idle(c);
		return;
	}
	if (k == g->warmup)
		g->measure_ns = now;
	c->warmup = k < g->warmup;
	c->t0     = now;
	send_request(c);
}

/* pace runs the open loop: request k is sent at start + k / rate on an
 * idle context (waiting for one if all are busy; the wait counts in the
 * latency, which runs from when the request was due). */
static void
pace(struct lg *g)
{
	for (uint64_t k = 0; k < g->target; k++) {
		uint64_t due =
		    g->start_ns + (uint64_t)((double)k * 1e9 / g->rate);
		struct timespec ts = { (time_t)(due / 1000000000u),
			(long)(due % 1000000000u) };
		lg_ctx         *c;

		if (g->deadline_ns && due >= g->deadline_ns)
			break;
		while (clock_nanosleep(
		           CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
			;
		pthread_mutex_lock(&g->mtx);
		while (!g->free)
			pthread_cond_wait(&g->cond, &g->mtx);
		c       = g->free;
		g->free = c->next_free;
		g->idle--;
		pthread_mutex_unlock(&g->mtx);
		if (k == g->warmup)
			g->measure_ns = due;
		c->warmup = k < g->warmup;
		c->t0     = due;
		atomic_fetch_add(&g->started, 1);
		send_request(c);
	}
}

static void
record(lg_ctx *c, int status)
{
	uint64_t us = (now_ns() - c->t0) / 1000u;

	if (!c->warmup) {
		c->hist[rl__hist_bucket(us)]++;
		if (status < 0 || status >= RL_WIRE_STATUS_MAX)
			status = RL_WIRE_STATUS_MAX;
		c->by_status[status]++;
	}
	atomic_fetch_add(&c->lg->finished, 1);
}

static void
ctx_cb(void *arg)
{
	lg_ctx  *c  = arg;
	int      rv = nng_aio_result(c->aio);
	nng_msg *msg;
	uint64_t id;
	int      st;

	switch (c->state) {
	case LG_SEND:
		if (rv != 0) {
			nng_msg_free(nng_aio_get_msg(c->aio));
			record(c, -1);
			next(c);
			break;
		}
		c->state = LG_RECV;
		nng_ctx_recv(c->ctx, c->aio);
		break;
	case LG_RECV:
		if (rv != 0) {
			record(c, -1);
			next(c);
			break;
		}
		msg = nng_aio_get_msg(c->aio);
		if (rl__wire_response_peek(
		        nng_msg_body(msg), nng_msg_len(msg), &id, &st) != RL_OK)
			st = -1;
		nng_msg_free(msg);
		record(c, st);
		next(c);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------------
 * Setup and report
 * ------------------------------------------------------------------------ */

typedef struct lg_buf {
	void  *data;
	size_t len;
} lg_buf;

static void *
req_sink(void *arg, size_t len)
{
	lg_buf *b = arg;

	b->data = malloc(len ? len : 1);
	b->len  = len;
	return b->data;
}

static long
rss_kib(long pid)
{
	char  path[64], line[256];
	FILE *f;
	long  kib = -1;

	snprintf(path, sizeof path, "/proc/%ld/status", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* cpu_ticks returns the daemon's user + system time in clock ticks. */
static long long
cpu_ticks(long pid)
{
	char               path[64], buf[1024], *p;
	unsigned long long ut, st;
	FILE              *f;
	size_t             n;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* Fields 14 and 15, counted after the ")" that ends the name. */
	if (!(p = strrchr(buf, ')')) ||
	    sscanf(p + 2,
	        "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu "
	        "%llu",
	        &ut, &st) != 2)
		return -1;
	return (long long)(ut + st);
}

/* daemon_stats asks the daemon for its Stats over a context of the same
 * socket and prints its latency percentiles (since it started). */
static void
daemon_stats(struct lg *g)
{
	rl_wire_request  req = { .id = 2, .method = RL_WIRE_STATS };
	rl_wire_response rsp;
	lg_buf           packed = { NULL, 0 };
	nng_ctx          ctx;
	nng_aio         *aio = NULL;
	nng_msg         *msg = NULL;
	rl_arena        *a   = rl__arena_new(4096);
	rl_diag          diag;
	const char      *why = "cannot make the request";

	if (!a || rl__wire_request_encode(&req, req_sink, &packed) != RL_OK ||
	    nng_ctx_open(&ctx, g->sock) != 0)
		goto done;
	if (nng_aio_alloc(&aio, NULL, NULL) != 0 ||
	    nng_msg_alloc(&msg, 0) != 0 ||
	    nng_msg_append(msg, packed.data, packed.len) != 0)
		goto close;
	nng_aio_set_timeout(aio, 5000);
	nng_aio_set_msg(aio, msg);
	nng_ctx_send(ctx, aio);
	nng_aio_wait(aio);
	if (nng_aio_result(aio) != 0) {
		why = nng_strerror(nng_aio_result(aio));
		goto close; /* msg is still ours */
	}
	msg = NULL;
	nng_ctx_recv(ctx, aio);
	nng_aio_wait(aio);
	if (nng_aio_result(aio) != 0) {
		why = nng_strerror(nng_aio_result(aio));
		goto close;
	}
	msg = nng_aio_get_msg(aio);
	why = "not a Stats reply";
	if (rl__wire_response_decode(
	        nng_msg_body(msg), nng_msg_len(msg), a, &rsp, &diag) == RL_OK &&
	    rsp.status == RL_WIRE_OK && rsp.body == RL_WIRE_STATS) {
		why = NULL;
		printf("daemon's own latency ms (since it started, %llu "
		       "requests)  p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n",
		    (unsigned long long)rsp.stats.latency_count,
		    rsp.stats.p50_us / 1000.0, rsp.stats.p90_us / 1000.0,
		    rsp.stats.p99_us / 1000.0, rsp.stats.max_us / 1000.0);
	}
close:
	if (msg)
		nng_msg_free(msg);
	if (aio)
		nng_aio_free(aio);
	nng_ctx_close(ctx);
done:
	if (why)
		printf("daemon's own latency: not available (%s)\n", why);
	free(packed.data);
	rl__arena_free(a);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: redline-loadgen --connect URL [--pack NAME]... "
	    "[--profile NAME]\n"
	    "                       [--inflight N] [--requests M | "
	    "--seconds S] [--rate R]\n"
	    "                       [--warmup K] [--pid PID] FILE\n");
	exit(2);
}

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long  n;

	if (!f) {
		fprintf(stderr, "loadgen: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		exit(2);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void
report(struct lg *g, double secs, long pid, long rss0, long long cpu0)
{
	uint64_t hist[RL_HIST_BUCKETS]      = { 0 };
	uint64_t by[RL_WIRE_STATUS_MAX + 1] = { 0 };
	uint64_t total                      = 0, ok;

	for (unsigned i = 0; i < g->n_ctx; i++) {
		for (size_t b = 0; b < RL_HIST_BUCKETS; b++)
			hist[b] += g->ctxs[i].hist[b];
		for (int s = 0; s <= RL_WIRE_STATUS_MAX; s++)
			by[s] += g->ctxs[i].by_status[s];
	}
	for (size_t b = 0; b < RL_HIST_BUCKETS; b++)
		total += hist[b];
	ok = by[RL_WIRE_OK];
	printf("requests %llu  ok %llu  errors %llu  in-flight %u  "
	       "seconds %.2f\n",
	    (unsigned long long)total, (unsigned long long)ok,
	    (unsigned long long)(total - ok), g->n_ctx, secs);
	printf("throughput %.0f req/s%s\n", (double)total / secs,
	    g->rate > 0 ? " (open loop)" : "");
	printf("latency ms  p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n",
	    rl__hist_quantile(hist, RL_HIST_BUCKETS, total, 0.50) / 1000.0,
	    rl__hist_quantile(hist, RL_HIST_BUCKETS, total, 0.90) / 1000.0,
	    rl__hist_quantile(hist, RL_HIST_BUCKETS, total, 0.99) / 1000.0,
	    rl__hist_quantile(hist, RL_HIST_BUCKETS, total, 1.0) / 1000.0);
	for (int s = 0; s < RL_WIRE_STATUS_MAX; s++)
		if (s != RL_WIRE_OK && by[s])
			printf("status %s: %llu\n", rl__wire_status_name(s),
			    (unsigned long long)by[s]);
	if (by[RL_WIRE_STATUS_MAX])
		printf("no reply: %llu\n",
		    (unsigned long long)by[RL_WIRE_STATUS_MAX]);
	{
		struct rusage ru;
		uint64_t      all = atomic_load(&g->finished);

		getrusage(RUSAGE_SELF, &ru);
		if (all)
			printf("loadgen cpu %.0f us per request\n",
			    ((double)ru.ru_utime.tv_sec * 1e6 +
			        (double)ru.ru_utime.tv_usec +
			        (double)ru.ru_stime.tv_sec * 1e6 +
			        (double)ru.ru_stime.tv_usec) /
			        (double)all);
	}
	if (pid > 0) {
		long long cpu = cpu_ticks(pid) - cpu0;
		uint64_t  all = atomic_load(&g->finished); /* + warm-up */

		printf("daemon rss KiB  before %ld  after %ld\n", rss0,
		    rss_kib(pid));
		if (cpu0 >= 0 && all)
			printf("daemon cpu %.0f us per request (user + "
			       "system, warm-up included)\n",
			    (double)cpu * 1e6 / (double)sysconf(_SC_CLK_TCK) /
			        (double)all);
	}
}

int
main(int argc, char **argv)
{
	const char        *url = NULL, *file = NULL, *profile = NULL;
	const char        *packs[32];
	size_t             n_packs  = 0, len;
	unsigned long      inflight = 8;
	double             seconds = 0, rate = 0;
	unsigned long long requests = 0, warmup = 0;
	long               pid = 0, rss0 = -1;
	long long          cpu0 = -1;
	rl_wire_request    req;
	struct lg          g;
	char              *doc;
	lg_buf             packed = { NULL, 0 };
	int                rv;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (a[0] != '-' || a[1] != '-') {
			file = a;
			continue;
		}
		if (!v)
			usage();
		i++;
		if (!strcmp(a, "--connect"))
			url = v;
		else if (!strcmp(a, "--pack") && n_packs < 32)
			packs[n_packs++] = v;
		else if (!strcmp(a, "--profile"))
			profile = v;
		else if (!strcmp(a, "--inflight"))
			inflight = strtoul(v, NULL, 10);
		else if (!strcmp(a, "--requests"))
			requests = strtoull(v, NULL, 10);
		else if (!strcmp(a, "--seconds"))
			seconds = strtod(v, NULL);
		else if (!strcmp(a, "--rate"))
			rate = strtod(v, NULL);
		else if (!strcmp(a, "--warmup"))
			warmup = strtoull(v, NULL, 10);
		else if (!strcmp(a, "--pid"))
			pid = strtol(v, NULL, 10);
		else
			usage();
	}
	if (!url || !file || inflight < 1 || inflight > 4096)
		usage();
	if (!requests && seconds <= 0)
		requests = 10000;
	doc = read_all(file, &len);

	memset(&req, 0, sizeof req);
	req.id            = 1;
	req.method        = RL_WIRE_CHECK;
	req.check.path    = file;
	req.check.data    = doc;
	req.check.len     = len;
	req.check.packs   = packs;
	req.check.n_packs = n_packs;
	req.check.profile = profile;
	if (rl__wire_request_encode(&req, req_sink, &packed) != RL_OK)
		return 1;

	memset(&g, 0, sizeof g);
	pthread_mutex_init(&g.mtx, NULL);
	pthread_cond_init(&g.cond, NULL);
	g.req     = packed.data;
	g.req_len = packed.len;
	if ((rv = nng_req0_open(&g.sock)) != 0 ||
	    (rv = nng_socket_set_ms(
	         g.sock, NNG_OPT_REQ_RESENDTIME, NNG_DURATION_INFINITE)) != 0 ||
	    (rv = nng_dial(g.sock, url, NULL, 0)) != 0) {
		fprintf(stderr, "loadgen: cannot connect to %s: %s\n", url,
		    nng_strerror(rv));
		return 3;
	}
	g.n_ctx  = (unsigned)inflight;
	g.ctxs   = calloc(g.n_ctx, sizeof *g.ctxs);
	g.rate   = rate;
	g.warmup = warmup;
	g.target = requests ? requests + warmup : UINT64_MAX;
	if (!g.ctxs)
		return 1;
	for (unsigned i = 0; i < g.n_ctx; i++) {
		g.ctxs[i].lg = &g;
		if (nng_ctx_open(&g.ctxs[i].ctx, g.sock) != 0 ||
		    nng_aio_alloc(&g.ctxs[i].aio, ctx_cb, &g.ctxs[i]) != 0)
			return 1;
	}
	if (pid > 0) {
		rss0 = rss_kib(pid);
		cpu0 = cpu_ticks(pid);
	}
	g.start_ns   = now_ns();
	g.measure_ns = g.start_ns;
	g.deadline_ns =
	    seconds > 0 ? g.start_ns + (uint64_t)(seconds * 1e9) : 0;
	if (g.rate > 0) {
		for (unsigned i = 0; i < g.n_ctx; i++)
			go_idle(&g.ctxs[i]);
		pace(&g);
	} else {
		for (unsigned i = 0; i < g.n_ctx; i++)
			next(&g.ctxs[i]);
	}
	pthread_mutex_lock(&g.mtx);
	while (g.idle < g.n_ctx)
		pthread_cond_wait(&g.cond, &g.mtx);
	pthread_mutex_unlock(&g.mtx);
	report(&g, (double)(now_ns() - g.measure_ns) / 1e9, pid, rss0, cpu0);
	daemon_stats(&g);

	for (unsigned i = 0; i < g.n_ctx; i++) {
		nng_aio_stop(g.ctxs[i].aio);
		nng_aio_free(g.ctxs[i].aio);
	}
	nng_close(g.sock);
	free(g.ctxs);
	free(packed.data);
	free(doc);
	return 0;
}
