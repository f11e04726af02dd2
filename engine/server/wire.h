/*
 * wire.h - the daemon's requests and replies as plain engine types, and the
 * codec that maps them to and from redline.v1 protobuf (proto/redline.proto).
 *
 * codec.c is the only engine file that includes the generated *.pb-c.h; the
 * server, the C client and the load generator speak these structs.
 * Decoding allocates only from the arena it is given (protobuf-c runs on an
 * arena allocator), so a whole request dies with one arena reset.  Encoding
 * asks a sink for exactly the packed size and writes into it, so the daemon
 * packs straight into an nng message.
 */
#ifndef RL_SERVER_WIRE_H
#define RL_SERVER_WIRE_H

#include "core/core.h"

typedef enum rl_wire_method {
	RL_WIRE_NONE = 0, /* unknown method / no body */
	RL_WIRE_CHECK,
	RL_WIRE_LIST_PACKS,
	RL_WIRE_RELOAD,
	RL_WIRE_HEALTH,
	RL_WIRE_STATS,
	RL_WIRE_METHOD_COUNT
} rl_wire_method;

/* Status codes (gRPC's numbers): one list makes the enum and the names. */
#define RL_WIRE_STATUS_LIST(X)                                                 \
	X(OK, 0)                                                               \
	X(INVALID_ARGUMENT, 3)                                                 \
	X(DEADLINE_EXCEEDED, 4)                                                \
	X(NOT_FOUND, 5)                                                        \
	X(RESOURCE_EXHAUSTED, 8)                                               \
	X(FAILED_PRECONDITION, 9)                                              \
	X(INTERNAL, 13)                                                        \
	X(UNAVAILABLE, 14)

typedef enum rl_wire_status {
#define RL__WIRE_STATUS_ENUM(name, num) RL_WIRE_##name = num,
	RL_WIRE_STATUS_LIST(RL__WIRE_STATUS_ENUM)
#undef RL__WIRE_STATUS_ENUM
} rl_wire_status;

/* One past the largest status number (for arrays indexed by status). */
#define RL_WIRE_STATUS_MAX 16

/* rl__wire_status_name returns "OK", "INVALID_ARGUMENT", ... or "UNKNOWN"
 * for a number not in the list.  Static string. */
const char *rl__wire_status_name(int status);
/* rl__wire_method_name returns "Check", "ListPacks", ... or "unknown". */
const char *rl__wire_method_name(rl_wire_method m);

/* ------------------------------------------------------------------------
 * Requests
 * ------------------------------------------------------------------------ */

typedef struct rl_wire_check {
	const char        *path; /* "" when not given */
	const void        *data; /* document bytes */
	size_t             len;
	const char        *format; /* "" or NULL: the daemon decides */
	const char *const *packs;
	size_t             n_packs;
	const char        *profile; /* "" or NULL: none */
	rl_level           min_level;
} rl_wire_check;

typedef struct rl_wire_request {
	uint64_t       id;
	rl_wire_method method;
	uint32_t       deadline_ms; /* 0: the daemon's default */
	rl_wire_check  check;       /* method == RL_WIRE_CHECK */
} rl_wire_request;

/* A sink hands the encoder a buffer of exactly len bytes to pack into, or
 * NULL when it cannot (the encoder then returns RL_ENOMEM). */
typedef void *(*rl_wire_sink)(void *arg, size_t len);

/* rl__wire_request_encode packs r into one buffer obtained from sink.
 * r and its strings are borrowed.  RL_EINVAL for an unknown method. */
rl_err rl__wire_request_encode(
    const rl_wire_request *r, rl_wire_sink sink, void *arg);

/*
 * rl__wire_request_decode parses one request message.  Everything *out
 * points to lives in arena a.  Errors (diag says why):
 *  - RL_EPARSE: the bytes are not a redline.v1.Request; out->id is 0;
 *  - RL_EINVAL: a Request, but an unknown method, a body that does not
 *    match it, or a bad field; out->id is the request's id.
 */
rl_err rl__wire_request_decode(const void *buf, size_t len, rl_arena *a,
    rl_wire_request *out, rl_diag *diag);

/* ------------------------------------------------------------------------
 * Replies
 * ------------------------------------------------------------------------ */

typedef struct rl_wire_pack {
	const char *name;
	const char *version;
	const char *description;
	const char *digest;
	uint32_t    n_rules;
} rl_wire_pack;

typedef struct rl_wire_profile {
	const char        *name;
	const char *const *packs;
	size_t             n_packs;
} rl_wire_profile;

typedef struct rl_wire_rule_time {
	const char *rule;
	uint64_t    calls;
	uint64_t    total_ns;
} rl_wire_rule_time;

typedef struct rl_wire_stats {
	uint64_t                 uptime_ms;
	uint64_t                 by_status[RL_WIRE_STATUS_MAX];
	uint64_t                 latency_count;
	uint64_t                 p50_us, p90_us, p99_us, max_us;
	const rl_wire_rule_time *rules;
	size_t                   n_rules;
	uint64_t                 reloads;
} rl_wire_stats;

typedef struct rl_wire_response {
	uint64_t       id;
	rl_wire_status status;
	const char    *message; /* "" when OK */
	rl_wire_method body;    /* which fields below are set; NONE: no body */

	/* Check */
	rl_result *result;

	/* ListPacks, Reload, Health */
	const rl_wire_pack    *packs;
	size_t                 n_packs;
	const rl_wire_profile *profiles; /* ListPacks */
	size_t                 n_profiles;
	const char            *default_profile;
	uint64_t               generation; /* Reload, Health */
	const char            *version;    /* Health */
	uint64_t               uptime_ms;
	uint32_t               workers;
	uint64_t               max_document_bytes; /* Health */
	uint64_t               max_request_bytes;

	/* Stats */
	rl_wire_stats stats;
} rl_wire_response;

/* rl__wire_response_encode packs r into one buffer from sink.  The
 * protobuf structs it builds on the way come from scratch (reset by the
 * caller afterwards).  r is borrowed. */
rl_err rl__wire_response_encode(
    const rl_wire_response *r, rl_arena *scratch, rl_wire_sink sink, void *arg);

/*
 * rl__wire_response_decode parses one reply.  Everything but the Check
 * result lives in arena a; out->result, when set, is a new rl_result with
 * its own arena, owned by the caller (rl_result_free).  RL_EPARSE (diag
 * says why) if the bytes are not a well-formed redline.v1.Response.
 */
rl_err rl__wire_response_decode(const void *buf, size_t len, rl_arena *a,
    rl_wire_response *out, rl_diag *diag);

/* rl__wire_response_peek reads only a reply's request_id and status (for
 * load generators that need no body).  RL_EPARSE if the top level is not
 * well-formed protobuf. */
rl_err rl__wire_response_peek(
    const void *buf, size_t len, uint64_t *id, int *status);

#endif /* RL_SERVER_WIRE_H */
