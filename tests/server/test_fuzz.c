/*
 * test_fuzz.c - a real redlined under malformed traffic: 2,000 requests
 * made by mutating a valid Check (flipped bits, truncations, overwritten
 * runs, plain random bytes; a fixed seed, so every run sends the same
 * bytes) must each get a well-formed reply, and the daemon must still
 * answer Health and stop cleanly.  In CI this runs under ASan+UBSan too.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define N_REQUESTS 2000

/* next is a small LCG: the same sequence on every machine. */
static uint32_t
next(uint32_t *seed)
{
	*seed = *seed * 1664525u + 1013904223u;
	return *seed >> 8;
}

typedef struct enc {
	uint8_t *data;
	size_t   len;
} enc;

static void *
enc_sink(void *arg, size_t len)
{
	enc *e = arg;

	e->data = malloc(len ? len : 1);
	e->len  = len;
	return e->data;
}

/* mutate writes into out a variant of base chosen by i and seed; returns
 * its length. */
static size_t
mutate(const enc *base, size_t i, uint32_t *seed, uint8_t *out, size_t cap)
{
	size_t len = base->len, k, j;

	memcpy(out, base->data, len);
	switch (i % 4) {
	case 0: /* flip a few bits */
		for (k = next(seed) % 8 + 1; k-- > 0;)
			out[next(seed) % len] ^=
			    (uint8_t)(1u << (next(seed) % 8));
		break;
	case 1: /* cut short */
		len = next(seed) % base->len;
		break;
	case 2: /* random bytes */
		len = next(seed) % cap;
		for (j = 0; j < len; j++)
			out[j] = (uint8_t)next(seed);
		break;
	default: /* overwrite a run */
		for (j = next(seed) % len, k = j + next(seed) % 16;
		     j < k && j < len; j++)
			out[j] = (uint8_t)next(seed);
	}
	return len;
}

static void
test_malformed_traffic(void **state)
{
	static const char *const packs[] = { "wire", "WireVale" };
	static const char        doc[]   = "# Plan\n\nA very world-class idea "
	                                   "for several teams.\n\n## FAQ\n\n"
	                                   "**Q: Why?** Because.\n";
	const char      *args[] = { "--packs-path", TD_PACKS, "--workers", "2",
		     NULL };
	rl_wire_request  req;
	rl_wire_response rsp;
	rl_arena        *a = rl__arena_new(0);
	td_daemon        d;
	enc              base = { NULL, 0 };
	uint8_t          buf[4096];
	uint32_t         seed = 2026;
	size_t           ok = 0, errors = 0;

	(void)state;
	memset(&req, 0, sizeof req);
	req.method        = RL_WIRE_CHECK;
	req.check.path    = "fuzz.md";
	req.check.data    = doc;
	req.check.len     = sizeof doc - 1;
	req.check.packs   = packs;
	req.check.n_packs = 2;
	assert_int_equal(rl__wire_request_encode(&req, enc_sink, &base), RL_OK);
	assert_true(base.len < sizeof buf);

	td_init(&d);
	assert_true(td_start(&d, args));
	for (size_t i = 0; i < N_REQUESTS; i++) {
		size_t len = mutate(&base, i, &seed, buf, sizeof buf);

		rl__arena_reset(a);
		memset(&rsp, 0, sizeof rsp);
		if (!td_raw(&d, buf, len, a, &rsp))
			fail_msg(
			    "request %zu (%zu bytes) got no reply", i, len);
		if (rsp.status == RL_WIRE_OK)
			ok++;
		else
			errors++;
		rl_result_free(rsp.result);
	}
	/* Some mutations stay valid requests, most do not. */
	assert_true(ok > 0 && errors > 0);

	memset(&req, 0, sizeof req);
	req.method = RL_WIRE_HEALTH;
	assert_true(td_call(&d, &req, a, &rsp));
	assert_int_equal(rsp.status, RL_WIRE_OK);
	assert_int_equal(td_stop(&d), 0);
	td_cleanup(&d);
	free(base.data);
	rl__arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed_traffic),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
