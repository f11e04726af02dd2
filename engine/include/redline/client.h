/*
 * client.h - the C client of redlined: connect, check, close.
 *
 * One rl_client is one nng REQ socket to one daemon URL (tcp://, ipc://,
 * tls+tcp://).  A client may be used by one thread at a time.  Results come
 * back as the same rl_result the embedded engine returns, so callers print
 * them with the same writers.
 */
#ifndef REDLINE_CLIENT_H
#define REDLINE_CLIENT_H

#include "redline/redline.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rl_client rl_client;

typedef struct rl_client_opts {
	uint32_t    timeout_ms; /* per call; 0: 30000 */
	const char *tls_ca;     /* tls+tcp: CA certificate file, or NULL */
	const char *tls_server_name;
} rl_client_opts;

/* rl_client_open connects to url.  RL_ECONNECT (diag says why) if the
 * daemon cannot be reached.  *out owned by caller (rl_client_close). */
RL_API rl_err rl_client_open(const char *url, const rl_client_opts *opts,
    rl_client **out, rl_diag *diag);
/* rl_client_close closes and frees c.  NULL is a no-op. */
RL_API void rl_client_close(rl_client *c);

typedef struct rl_client_check_req {
	const char        *path;  /* display name */
	const void        *data;  /* document bytes (borrowed) */
	size_t             len;
	const char        *format;   /* NULL: daemon decides */
	const char *const *packs;    /* pack names; or */
	size_t             n_packs;
	const char        *profile;  /* a profile name from the daemon config */
	rl_level           min_level;
} rl_client_check_req;

/* rl_client_check sends one document.  On success *out is owned by the
 * caller (rl_result_free).  RL_ECONNECT: unreachable; RL_ETIMEDOUT: no
 * answer in time; RL_EREMOTE: the daemon answered with an error status
 * (diag->message holds "STATUS: message").  Before the first document
 * over 32 KiB the client asks the daemon's limits (Health); a document or
 * request over them is RL_EREMOTE "RESOURCE_EXHAUSTED: ..." without being
 * sent (nng would drop it with no reply). */
RL_API rl_err rl_client_check(rl_client *c, const rl_client_check_req *req,
    rl_result **out, rl_diag *diag);

/* rl_client_reload asks the daemon to reload its packs.  RL_EREMOTE with
 * the daemon's reason if the new packs do not load (the old set stays). */
RL_API rl_err rl_client_reload(rl_client *c, rl_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* REDLINE_CLIENT_H */
