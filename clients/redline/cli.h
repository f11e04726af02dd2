/*
 * cli.h - the parts of the `redline` command shared between its
 * subcommands (and the benchmark): collecting and reading inputs, the
 * reviewer interface with its embedded and remote implementations, and
 * option helpers.
 *
 * The command is a client of the public API only (redline.h, client.h).
 * Program-wide symbols use the cli_ prefix; the program prints, the
 * library never does.
 */
#ifndef REDLINE_CLI_H
#define REDLINE_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "redline/redline.h"

/* Exit statuses (CONTRACT.md). */
enum {
	CLI_EXIT_OK       = 0, /* every document passed or warned */
	CLI_EXIT_FINDINGS = 1, /* an error-level finding or verdict fail */
	CLI_EXIT_ERROR    = 2, /* usage, unreadable input, pack, rule error */
	CLI_EXIT_DAEMON   = 3, /* daemon unreachable or answered an error */
};

/* cli_status_raise keeps the most severe of the statuses seen. */
static inline void
cli_status_raise(int *status, int s)
{
	if (s > *status)
		*status = s;
}

/* ------------------------------------------------------------------------
 * Inputs (inputs.c)
 * ------------------------------------------------------------------------ */

/* One document to review: a path, or standard input ("-"). */
typedef struct cli_input {
	char *path;     /* display name and file to read; owned */
	bool  is_stdin; /* read standard input; path is "-" */
} cli_input;

typedef struct cli_inputs {
	cli_input *items;
	size_t     n, cap;
} cli_inputs;

/*
 * cli_inputs_collect expands the command-line paths in order: "-" is
 * standard input, a file is itself (whatever its extension), a folder is
 * walked recursively for the files cli_is_reviewable(e, ...) accepts,
 * entries sorted by name, hidden entries (names starting with '.')
 * skipped, symbolic links to folders not followed.  A path that cannot be
 * examined is reported on stderr as "prog: PATH: reason" and raises
 * *status to CLI_EXIT_ERROR; the others are still collected.  Returns
 * false only when out of memory.  e (borrowed, may be NULL) is the engine
 * whose document formats the walk also takes.  out must be zeroed first;
 * free with cli_inputs_free.
 */
bool cli_inputs_collect(const rl_engine *e, const char *prog,
    char *const *paths, size_t n, cli_inputs *out, int *status);
void cli_inputs_free(cli_inputs *in);

/* cli_is_reviewable: true if name ends in .md, .markdown or .txt (in any
 * letter case), or in an extension of one of e's document formats (those
 * plugins add); e may be NULL. */
bool cli_is_reviewable(const rl_engine *e, const char *name);

/*
 * cli_read_input reads a whole input into a heap buffer (*data, owned by
 * the caller, free()).  On failure returns false and writes the reason
 * (strerror text) into why.
 */
bool cli_read_input(
    const cli_input *in, char **data, size_t *len, char *why, size_t whysize);

/* ------------------------------------------------------------------------
 * Reviewers (review_local.c, review_remote.c): two implementations of one
 * small interface, so that `redline check` prints the same bytes whether
 * the engine is embedded or a daemon does the work.
 * ------------------------------------------------------------------------ */

typedef struct cli_reviewer cli_reviewer;

struct cli_reviewer {
	/* review reviews one document (data/len borrowed for the call).  On
	 * success *out is the caller's (rl_result_free).  On failure diag
	 * says why; RL_ECONNECT, RL_ETIMEDOUT and RL_EREMOTE mean the daemon
	 * failed. */
	rl_err (*review)(cli_reviewer *r, const char *path, const void *data,
	    size_t len, rl_result **out, rl_diag *diag);
	/* close frees the reviewer. */
	void (*close)(cli_reviewer *r);
};

/* What a reviewer applies to each document.  Borrowed by the open calls
 * for the reviewer's whole life. */
typedef struct cli_review_cfg {
	const char *const *packs; /* pack names or folders */
	size_t             n_packs;
	rl_level           min_level;
} cli_review_cfg;

/*
 * cli_reviewer_local loads cfg's packs with engine e (borrowed; it must
 * outlive the reviewer) and reviews in this process.  On failure diag
 * names the pack file, line and reason (RL_EPACK, RL_ENOENT, ...).
 */
rl_err cli_reviewer_local(
    rl_engine *e, const cli_review_cfg *cfg, cli_reviewer **out, rl_diag *diag);

/*
 * cli_reviewer_remote connects to the daemon at url and sends each
 * document there.  RL_ECONNECT with diag set if it cannot be reached.
 */
rl_err cli_reviewer_remote(const char *url, const cli_review_cfg *cfg,
    cli_reviewer **out, rl_diag *diag);

/* cli_err_is_daemon: true for the errors that mean exit status 3. */
bool cli_err_is_daemon(rl_err err);

/* ------------------------------------------------------------------------
 * Pack and plugin options (options.c), shared by check and audit
 * ------------------------------------------------------------------------ */

/* getopt_long values of the shared options; a subcommand lists them in
 * its own option table and numbers its own from CLI_OPT_OWN. */
enum {
	CLI_OPT_PACK = 256,   /* --pack NAME|DIR */
	CLI_OPT_PACKS_PATH,   /* --packs-path DIR */
	CLI_OPT_PLUGIN,       /* --plugin PATH|NAME */
	CLI_OPT_PLUGINS_PATH, /* --plugins-path DIR */
	CLI_OPT_OWN,
};

/* The values of the shared options, in command-line order; the strings
 * are borrowed from argv. */
typedef struct cli_pack_opts {
	const char **packs;
	size_t       n_packs;
	const char **packs_path;
	size_t       n_packs_path;
	const char **plugins;
	size_t       n_plugins;
	const char **plugins_path;
	size_t       n_plugins_path;
} cli_pack_opts;

/* cli_pack_opts_init sizes o for a command line of argc words (no option
 * can repeat more often); false when out of memory.  Free with
 * cli_pack_opts_free, which also takes a failed or zeroed o. */
bool cli_pack_opts_init(cli_pack_opts *o, int argc);
void cli_pack_opts_free(cli_pack_opts *o);
/* cli_pack_opts_take stores arg if c is one of the CLI_OPT_* values above
 * and returns true; false leaves o alone. */
bool cli_pack_opts_take(cli_pack_opts *o, int c, const char *arg);
/* cli_pack_opts_default names the default pack, prfaq, if none was. */
void cli_pack_opts_default(cli_pack_opts *o);
/* cli_engine_open makes an engine with o's packs and plugins search paths
 * and plugins (owned by the caller, rl_engine_free); NULL after printing
 * why on stderr. */
rl_engine *cli_engine_open(const cli_pack_opts *o);

/* ------------------------------------------------------------------------
 * Subcommands (check.c, packs.c, audit.c); argv[0] is the subcommand's
 * name.
 * ------------------------------------------------------------------------ */

int cli_check_main(int argc, char **argv);
int cli_packs_main(int argc, char **argv);
int cli_audit_main(int argc, char **argv);

/* cli_packs_engine makes an engine with the given pack folders added to
 * its search path; NULL (after printing why) on failure. */
rl_engine *cli_packs_engine(char *const *paths, size_t n);

/* cli_packs_test runs the examples of the pack in dir (packs_test.c). */
int cli_packs_test(rl_engine *e, const char *dir);

/* cli_usage prints the short usage to f. */
void cli_usage(FILE *f);
/* cli_usage_error prints "redline CMD: " and fmt (one %s: arg) on stderr,
 * then the short usage, and returns CLI_EXIT_ERROR. */
int cli_usage_error(const char *cmd, const char *fmt, const char *arg);

/* cli_print_diag prints "file:line:col: message" (known parts only), or
 * "redline: what: reason" when the diag names no file. */
void cli_print_diag(const char *what, rl_err err, const rl_diag *d);

#endif /* REDLINE_CLI_H */
