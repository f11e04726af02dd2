/*
 * stats.c - request counters and the latency histogram (see stats.h).
 * Workers only add with relaxed atomics; a Stats call reads a slightly
 * moving picture, which is fine for counters.
 */
#include <string.h>

#include "server/stats.h"

void
rl__stats_init(rl_stats *st)
{
	for (size_t i = 0; i < RL_WIRE_STATUS_MAX; i++)
		atomic_init(&st->by_status[i], 0);
	for (size_t i = 0; i < RL_HIST_BUCKETS; i++)
		atomic_init(&st->hist[i], 0);
	atomic_init(&st->count, 0);
	atomic_init(&st->max_us, 0);
	atomic_init(&st->reloads, 0);
}

static unsigned
log2_floor(uint64_t v)
{
	return 63u - (unsigned)__builtin_clzll(v);
}

size_t
rl__hist_bucket(uint64_t v)
{
	unsigned k;
	size_t   b;

	if (v < RL_HIST_SUB)
		return (size_t)v;
	k = log2_floor(v); /* >= RL_HIST_SUB_BITS */
	b = (size_t)(k - RL_HIST_SUB_BITS + 1) * RL_HIST_SUB +
	    (size_t)((v >> (k - RL_HIST_SUB_BITS)) & (RL_HIST_SUB - 1));
	return b < RL_HIST_BUCKETS ? b : RL_HIST_BUCKETS - 1;
}

uint64_t
rl__hist_upper(size_t bucket)
{
	size_t   k, sub;
	uint64_t lo;

	if (bucket < RL_HIST_SUB)
		return bucket;
	k   = bucket / RL_HIST_SUB + RL_HIST_SUB_BITS - 1;
	sub = bucket % RL_HIST_SUB;
	lo  = ((uint64_t)1 << k) + ((uint64_t)sub << (k - RL_HIST_SUB_BITS));
	return lo + ((uint64_t)1 << (k - RL_HIST_SUB_BITS)) - 1;
}

uint64_t
rl__hist_quantile(const uint64_t *counts, size_t n, uint64_t total, double q)
{
	uint64_t rank, seen = 0;

	if (!total)
		return 0;
	if (q < 0)
		q = 0;
	if (q > 1)
		q = 1;
	rank = (uint64_t)(q * (double)total + 0.5);
	if (rank < 1)
		rank = 1;
	for (size_t i = 0; i < n; i++) {
		seen += counts[i];
		if (seen >= rank)
			return rl__hist_upper(i);
	}
	return rl__hist_upper(n - 1);
}

void
rl__stats_request(
    rl_stats *st, rl_wire_status status, bool is_check, uint64_t latency_ns)
{
	uint64_t us, max;

	if ((unsigned)status < RL_WIRE_STATUS_MAX)
		atomic_fetch_add_explicit(
		    &st->by_status[status], 1, memory_order_relaxed);
	if (!is_check)
		return;
	us = latency_ns / 1000;
	atomic_fetch_add_explicit(
	    &st->hist[rl__hist_bucket(us)], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&st->count, 1, memory_order_relaxed);
	max = atomic_load_explicit(&st->max_us, memory_order_relaxed);
	while (us > max &&
	    !atomic_compare_exchange_weak_explicit(&st->max_us, &max, us,
	        memory_order_relaxed, memory_order_relaxed))
		;
}

void
rl__stats_read(rl_stats *st, rl_wire_stats *out)
{
	uint64_t c[RL_HIST_BUCKETS]; /* a copy: 9 KiB of stack */
	uint64_t total = 0;

	for (size_t i = 0; i < RL_WIRE_STATUS_MAX; i++)
		out->by_status[i] = atomic_load_explicit(
		    &st->by_status[i], memory_order_relaxed);
	for (size_t i = 0; i < RL_HIST_BUCKETS; i++) {
		c[i] = atomic_load_explicit(&st->hist[i], memory_order_relaxed);
		total += c[i];
	}
	out->latency_count = total;
	out->p50_us        = rl__hist_quantile(c, RL_HIST_BUCKETS, total, 0.50);
	out->p90_us        = rl__hist_quantile(c, RL_HIST_BUCKETS, total, 0.90);
	out->p99_us        = rl__hist_quantile(c, RL_HIST_BUCKETS, total, 0.99);
	out->max_us  = atomic_load_explicit(&st->max_us, memory_order_relaxed);
	out->reloads = atomic_load_explicit(&st->reloads, memory_order_relaxed);
}
