/*
 * client.c - the C client of redlined (redline/client.h).
 *
 * One nng REQ socket and one dialer per client.  Each call packs one
 * redline.v1.Request (through the codec, engine/server/wire.h), sends it,
 * waits for the matching Response and turns it back into engine types.
 * The REQ socket resends a request only after the whole call timeout, so
 * a slow review is never run twice.
 */
#include <stdio.h>
#include <string.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/tls/tls.h>

#include "redline/client.h"
#include "server/wire.h"

#define CLIENT_DEFAULT_TIMEOUT_MS 30000u
/* A Check whose document is larger than this asks the daemon's limits
 * (Health, once per client) first: nng drops a request over the daemon's
 * max_request_bytes without a reply, so sending it would only time out.
 * The daemon never sets that limit below 64 KiB, so smaller requests need
 * no question. */
#define CLIENT_ASK_LIMITS_BYTES (32u * 1024u)

struct rl_client {
	nng_socket      sock;
	nng_dialer      dialer;
	nng_tls_config *tls;
	char           *url;
	uint32_t        timeout_ms;
	uint64_t        next_id;
	rl_arena       *arena;        /* per call: decoded replies */
	bool            limits_known; /* the daemon's, from Health */
	uint64_t        max_document_bytes;
	uint64_t        max_request_bytes;
};

static rl_err
tls_setup(rl_client *c, const rl_client_opts *o, rl_diag *diag)
{
	int rv;

	if ((rv = nng_tls_config_alloc(&c->tls, NNG_TLS_MODE_CLIENT)) != 0)
		return rl__diag_set(
		    diag, RL_ECONNECT, NULL, 0, 0, "TLS: %s", nng_strerror(rv));
	if (o && o->tls_ca) {
		if ((rv = nng_tls_config_ca_file(c->tls, o->tls_ca)) != 0)
			return rl__diag_set(diag, RL_ECONNECT, o->tls_ca, 0, 0,
			    "cannot use this CA file: %s", nng_strerror(rv));
		rv = nng_tls_config_auth_mode(
		    c->tls, NNG_TLS_AUTH_MODE_REQUIRED);
	} else {
		/* No CA given: encrypted, but the server is not verified. */
		rv = nng_tls_config_auth_mode(c->tls, NNG_TLS_AUTH_MODE_NONE);
	}
	if (rv == 0 && o && o->tls_server_name)
		rv = nng_tls_config_server_name(c->tls, o->tls_server_name);
	if (rv == 0)
		rv = nng_dialer_set_ptr(c->dialer, NNG_OPT_TLS_CONFIG, c->tls);
	if (rv != 0)
		return rl__diag_set(
		    diag, RL_ECONNECT, NULL, 0, 0, "TLS: %s", nng_strerror(rv));
	return RL_OK;
}

rl_err
rl_client_open(
    const char *url, const rl_client_opts *opts, rl_client **out, rl_diag *diag)
{
	rl_client *c;
	rl_err     err;
	int        rv;

	if (!url || !out)
		return rl__diag_set(
		    diag, RL_EINVAL, NULL, 0, 0, "rl_client_open: no URL");
	if (!(c = rl__calloc(1, sizeof *c)))
		return RL_ENOMEM;
	c->timeout_ms = opts && opts->timeout_ms ? opts->timeout_ms
	                                         : CLIENT_DEFAULT_TIMEOUT_MS;
	c->next_id    = 1;
	if (!(c->url = rl__strdup(url)) || !(c->arena = rl__arena_new(4096))) {
		rl_client_close(c);
		return RL_ENOMEM;
	}
	if ((rv = nng_req0_open(&c->sock)) != 0) {
		rl__free(c->url);
		rl__arena_free(c->arena);
		rl__free(c);
		return rl__diag_set(diag, RL_ECONNECT, NULL, 0, 0,
		    "cannot open a socket: %s", nng_strerror(rv));
	}
	/* Resend only if the whole call timed out (never while a long
	 * review runs); give up after the timeout. */
	if ((rv = nng_socket_set_ms(c->sock, NNG_OPT_REQ_RESENDTIME,
	         (nng_duration)c->timeout_ms * 2)) != 0 ||
	    (rv = nng_socket_set_ms(c->sock, NNG_OPT_RECVTIMEO,
	         (nng_duration)c->timeout_ms)) != 0 ||
	    (rv = nng_socket_set_ms(c->sock, NNG_OPT_SENDTIMEO,
	         (nng_duration)c->timeout_ms)) != 0 ||
	    (rv = nng_socket_set_size(c->sock, NNG_OPT_RECVMAXSZ, 0)) != 0 ||
	    (rv = nng_dialer_create(&c->dialer, c->sock, url)) != 0) {
		err = rl__diag_set(diag, RL_ECONNECT, NULL, 0, 0,
		    "cannot connect to %s: %s", url, nng_strerror(rv));
		goto fail;
	}
	if (strncmp(url, "tls+", 4) == 0 &&
	    (err = tls_setup(c, opts, diag)) != RL_OK)
		goto fail;
	if ((rv = nng_dialer_start(c->dialer, 0)) != 0) {
		err = rl__diag_set(diag, RL_ECONNECT, NULL, 0, 0,
		    "cannot connect to %s: %s", url, nng_strerror(rv));
		goto fail;
	}
	*out = c;
	return RL_OK;
fail:
	rl_client_close(c);
	return err;
}

void
rl_client_close(rl_client *c)
{
	if (!c)
		return;
	if (nng_socket_id(c->sock) > 0)
		nng_close(c->sock);
	if (c->tls)
		nng_tls_config_free(c->tls);
	rl__arena_free(c->arena);
	rl__free(c->url);
	rl__free(c);
}

/* ------------------------------------------------------------------------
 * One call
 * ------------------------------------------------------------------------ */

static void *
msg_sink(void *arg, size_t len)
{
	nng_msg **msg = arg;

	if (nng_msg_alloc(msg, len) != 0) {
		*msg = NULL;
		return NULL;
	}
	return len ? nng_msg_body(*msg) : (void *)*msg;
}

/*
 * call sends req and decodes the matching reply into *rsp (its data in
 * c->arena, valid until the next call; rsp->result owned by the caller).
 * A reply with another status than OK is RL_EREMOTE with diag set to
 * "STATUS: message".
 */
static rl_err
call(rl_client *c, rl_wire_request *req, rl_wire_response *rsp, rl_diag *diag)
{
	nng_msg *msg = NULL;
	rl_err   err;
	int      rv;

	rl__arena_reset(c->arena);
	req->id = c->next_id++;
	if ((err = rl__wire_request_encode(req, msg_sink, &msg)) != RL_OK)
		return rl__diag_set(diag, err, NULL, 0, 0,
		    "cannot build the request: %s", rl_strerror(err));
	if (c->max_request_bytes && nng_msg_len(msg) > c->max_request_bytes) {
		size_t len = nng_msg_len(msg);

		nng_msg_free(msg);
		return rl__diag_set(diag, RL_EREMOTE, NULL, 0, 0,
		    "RESOURCE_EXHAUSTED: the request is %zu bytes, more than "
		    "the daemon's limit of %llu",
		    len, (unsigned long long)c->max_request_bytes);
	}
	if ((rv = nng_sendmsg(c->sock, msg, 0)) != 0) {
		nng_msg_free(msg);
		return rl__diag_set(diag,
		    rv == NNG_ETIMEDOUT ? RL_ETIMEDOUT : RL_ECONNECT, NULL, 0,
		    0, "cannot send to %s: %s", c->url, nng_strerror(rv));
	}
	for (;;) {
		if ((rv = nng_recvmsg(c->sock, &msg, 0)) != 0)
			return rl__diag_set(diag,
			    rv == NNG_ETIMEDOUT ? RL_ETIMEDOUT : RL_ECONNECT,
			    NULL, 0, 0, "no answer from %s: %s", c->url,
			    nng_strerror(rv));
		err = rl__wire_response_decode(
		    nng_msg_body(msg), nng_msg_len(msg), c->arena, rsp, diag);
		nng_msg_free(msg);
		if (err)
			return err == RL_ENOMEM ? err : RL_EREMOTE;
		if (rsp->id == req->id)
			break;
		/* A late reply to an earlier, abandoned request. */
		rl_result_free(rsp->result);
		rsp->result = NULL;
	}
	if (rsp->status != RL_WIRE_OK) {
		rl_result_free(rsp->result);
		rsp->result = NULL;
		return rl__diag_set(diag, RL_EREMOTE, NULL, 0, 0, "%s: %s",
		    rl__wire_status_name(rsp->status), rsp->message);
	}
	return RL_OK;
}

/* ask_limits learns the daemon's limits with a Health call, once.  A
 * daemon that does not report them (0) is not limited here. */
static rl_err
ask_limits(rl_client *c, rl_diag *diag)
{
	rl_wire_request  req;
	rl_wire_response rsp;
	rl_err           err;

	if (c->limits_known)
		return RL_OK;
	memset(&req, 0, sizeof req);
	req.method = RL_WIRE_HEALTH;
	if ((err = call(c, &req, &rsp, diag)) != RL_OK)
		return err;
	c->max_document_bytes = rsp.max_document_bytes;
	c->max_request_bytes  = rsp.max_request_bytes;
	c->limits_known       = true;
	return RL_OK;
}

rl_err
rl_client_check(
    rl_client *c, const rl_client_check_req *r, rl_result **out, rl_diag *diag)
{
	rl_wire_request  req;
	rl_wire_response rsp;
	rl_err           err;

	if (!c || !r || !out || (!r->data && r->len))
		return rl__diag_set(diag, RL_EINVAL, NULL, 0, 0,
		    "rl_client_check: missing client, request or result");
	memset(&req, 0, sizeof req);
	req.method          = RL_WIRE_CHECK;
	req.check.path      = r->path ? r->path : "-";
	req.check.data      = r->data;
	req.check.len       = r->len;
	req.check.format    = r->format;
	req.check.packs     = r->packs;
	req.check.n_packs   = r->n_packs;
	req.check.profile   = r->profile;
	req.check.min_level = r->min_level;
	/* Refuse here what the daemon would refuse, with its status; for a
	 * request over its size limit nng would give no answer at all. */
	if (r->len > CLIENT_ASK_LIMITS_BYTES) {
		if ((err = ask_limits(c, diag)) != RL_OK)
			return err;
		if (c->max_document_bytes && r->len > c->max_document_bytes)
			return rl__diag_set(diag, RL_EREMOTE, NULL, 0, 0,
			    "RESOURCE_EXHAUSTED: %s: the document is %zu "
			    "bytes, more than the daemon's limit of %llu",
			    req.check.path, r->len,
			    (unsigned long long)c->max_document_bytes);
	}
	if ((err = call(c, &req, &rsp, diag)) != RL_OK)
		return err;
	if (rsp.body != RL_WIRE_CHECK || !rsp.result) {
		rl_result_free(rsp.result);
		return rl__diag_set(diag, RL_EREMOTE, NULL, 0, 0,
		    "the daemon's reply to Check has no result");
	}
	*out = rsp.result;
	return RL_OK;
}

rl_err
rl_client_reload(rl_client *c, rl_diag *diag)
{
	rl_wire_request  req;
	rl_wire_response rsp;

	if (!c)
		return rl__diag_set(
		    diag, RL_EINVAL, NULL, 0, 0, "rl_client_reload: no client");
	memset(&req, 0, sizeof req);
	req.method = RL_WIRE_RELOAD;
	return call(c, &req, &rsp, diag);
}
