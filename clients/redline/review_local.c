/*
 * review_local.c - the embedded reviewer: packs loaded in this process,
 * one scanner (the command is single-threaded).
 */
#include <stdlib.h>

#include "cli.h"

typedef struct local_reviewer {
	cli_reviewer base; /* first: the interface */
	rl_packset  *packs;
	rl_scanner  *scanner;
	rl_level     min_level;
} local_reviewer;

static rl_err
local_review(cli_reviewer *r, const char *path, const void *data, size_t len,
    rl_result **out, rl_diag *diag)
{
	local_reviewer *lr   = (local_reviewer *)r;
	rl_review_opts  opts = { .min_level = lr->min_level };

	return rl_review(
	    lr->scanner, lr->packs, path, data, len, &opts, out, diag);
}

static void
local_close(cli_reviewer *r)
{
	local_reviewer *lr = (local_reviewer *)r;

	rl_scanner_free(lr->scanner);
	rl_packset_unref(lr->packs);
	free(lr);
}

rl_err
cli_reviewer_local(
    rl_engine *e, const cli_review_cfg *cfg, cli_reviewer **out, rl_diag *diag)
{
	local_reviewer *lr;
	rl_err          err;

	if ((lr = calloc(1, sizeof *lr)) == NULL)
		return RL_ENOMEM;
	lr->base.review = local_review;
	lr->base.close  = local_close;
	lr->min_level   = cfg->min_level;
	err = rl_packset_load(e, cfg->packs, cfg->n_packs, &lr->packs, diag);
	if (err != RL_OK)
		goto fail;
	if ((err = rl_scanner_new(e, &lr->scanner)) != RL_OK)
		goto fail;
	*out = &lr->base;
	return RL_OK;
fail:
	if (lr->packs != NULL)
		rl_packset_unref(lr->packs);
	free(lr);
	return err;
}
