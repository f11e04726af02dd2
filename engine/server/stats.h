/*
 * stats.h - the daemon's counters: requests by status and a latency
 * histogram for Check, updated lock-free from every worker.
 *
 * The histogram is log-linear: values below 32 us have a bucket each;
 * above, every power of two is split into 32 buckets, so a percentile is
 * reported within about 3 % (the upper edge of its bucket).
 */
#ifndef RL_SERVER_STATS_H
#define RL_SERVER_STATS_H

#include <stdatomic.h>

#include "server/wire.h"

#define RL_HIST_SUB_BITS 5
#define RL_HIST_SUB (1u << RL_HIST_SUB_BITS)
/* Up to 2^40 us (12 days): plenty for a latency. */
#define RL_HIST_BUCKETS ((40 - RL_HIST_SUB_BITS + 1) * RL_HIST_SUB)

typedef struct rl_stats {
	atomic_uint_fast64_t by_status[RL_WIRE_STATUS_MAX];
	atomic_uint_fast64_t hist[RL_HIST_BUCKETS];
	atomic_uint_fast64_t count;
	atomic_uint_fast64_t max_us;
	atomic_uint_fast64_t reloads;
} rl_stats;

/* rl__stats_init zeroes st. */
void rl__stats_init(rl_stats *st);

/* rl__stats_request counts one answered request; latency_ns is recorded
 * in the histogram when is_check. */
void rl__stats_request(
    rl_stats *st, rl_wire_status status, bool is_check, uint64_t latency_ns);

/* rl__stats_read fills out's counters and percentiles (rules and uptime
 * are the caller's). */
void rl__stats_read(rl_stats *st, rl_wire_stats *out);

/* Histogram arithmetic, exposed for the tests and the load generator. */
size_t   rl__hist_bucket(uint64_t v);
uint64_t rl__hist_upper(size_t bucket); /* largest value in the bucket */
/* rl__hist_quantile returns the value at quantile q (0..1) of counts (n
 * buckets, total values), 0 when total is 0. */
uint64_t rl__hist_quantile(
    const uint64_t *counts, size_t n, uint64_t total, double q);

#endif /* RL_SERVER_STATS_H */
