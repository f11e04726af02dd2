/*
 * review_remote.c - the daemon reviewer: each document goes to redlined
 * over the C client (client.h); the result comes back as the same
 * rl_result the embedded engine builds, so the printing is shared.
 */
#include <stdlib.h>

#include "cli.h"
#include "redline/client.h"

typedef struct remote_reviewer {
	cli_reviewer          base; /* first: the interface */
	rl_client            *client;
	const cli_review_cfg *cfg;
} remote_reviewer;

bool
cli_err_is_daemon(rl_err err)
{
	return err == RL_ECONNECT || err == RL_ETIMEDOUT || err == RL_EREMOTE;
}

static rl_err
remote_review(cli_reviewer *r, const char *path, const void *data, size_t len,
    rl_result **out, rl_diag *diag)
{
	remote_reviewer    *rr  = (remote_reviewer *)r;
	rl_client_check_req req = {
		.path      = path,
		.data      = data,
		.len       = len,
		.packs     = rr->cfg->packs,
		.n_packs   = rr->cfg->n_packs,
		.min_level = rr->cfg->min_level,
	};

	return rl_client_check(rr->client, &req, out, diag);
}

static void
remote_close(cli_reviewer *r)
{
	remote_reviewer *rr = (remote_reviewer *)r;

	rl_client_close(rr->client);
	free(rr);
}

rl_err
cli_reviewer_remote(const char *url, const cli_review_cfg *cfg,
    cli_reviewer **out, rl_diag *diag)
{
	remote_reviewer *rr;
	rl_err           err;

	if ((rr = calloc(1, sizeof *rr)) == NULL)
		return RL_ENOMEM;
	rr->base.review = remote_review;
	rr->base.close  = remote_close;
	rr->cfg         = cfg;
	if ((err = rl_client_open(url, NULL, &rr->client, diag)) != RL_OK) {
		free(rr);
		return err;
	}
	*out = &rr->base;
	return RL_OK;
}
