/*
 * check.c - `redline check [OPTIONS] PATH...`: review documents with the
 * embedded engine or a daemon and print one report.
 *
 * The loop below only knows the cli_reviewer interface; which reviewer
 * does the work is decided once, so both print through the same writer.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct check_opts {
	cli_pack_opts pk; /* --pack, --packs-path, --plugin, --plugins-path */
	const char   *format;
	int           color; /* -1: when stdout is a terminal */
	rl_level      min_level;
	const char   *connect;
	char *const  *paths;
	size_t        n_paths;
} check_opts;

enum {
	OPT_FORMAT = CLI_OPT_OWN,
	OPT_COLOR,
	OPT_NO_COLOR,
	OPT_MIN_LEVEL,
	OPT_CONNECT,
};

static const struct option check_longopts[] = {
	{ "pack", required_argument, NULL, CLI_OPT_PACK },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "color", no_argument, NULL, OPT_COLOR },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "min-level", required_argument, NULL, OPT_MIN_LEVEL },
	{ "packs-path", required_argument, NULL, CLI_OPT_PACKS_PATH },
	{ "connect", required_argument, NULL, OPT_CONNECT },
	{ "plugin", required_argument, NULL, CLI_OPT_PLUGIN },
	{ "plugins-path", required_argument, NULL, CLI_OPT_PLUGINS_PATH },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void
check_help(void)
{
	printf("Usage: redline check [OPTIONS] PATH...\n"
	       "\n"
	       "Review documents.  A folder is walked for *.md, *.markdown "
	       "and *.txt\n"
	       "(and the extensions of formats plugins add); '-' reads "
	       "standard input.\n"
	       "\n"
	       "Options:\n"
	       "  --pack NAME|DIR       rule pack to apply, repeatable "
	       "(default: prfaq)\n"
	       "  --format FORMAT       text, json, line, sarif, junit or "
	       "codequality\n"
	       "                        (default: text)\n"
	       "  --color, --no-color   force colour on or off (default: on "
	       "a terminal\n"
	       "                        unless NO_COLOR is set)\n"
	       "  --min-level LEVEL     hide findings below suggestion, "
	       "warning or error\n"
	       "                        (they still count in the score)\n"
	       "  --packs-path DIR      extra folder to find packs in, "
	       "repeatable\n"
	       "                        (also REDLINE_PACKS_PATH, "
	       "colon-separated)\n"
	       "  --plugin PATH|NAME    load a native plugin (rule kinds, "
	       "formats,\n"
	       "                        outputs); repeatable\n"
	       "  --plugins-path DIR    extra folder to find plugins by name "
	       "in,\n"
	       "                        repeatable (also REDLINE_PLUGINS_PATH)"
	       "\n"
	       "  --connect URL         review with a running redlined "
	       "(tcp://, ipc://,\n"
	       "                        tls+tcp://) instead of the embedded "
	       "engine\n"
	       "  -h, --help            show this help\n"
	       "\n"
	       "Exit status: 0 passed or warned, 1 an error-level finding or "
	       "a failed\n"
	       "verdict, 2 usage error, unreadable input, pack or rule error, "
	       "3 daemon\n"
	       "unreachable or answered with an error.\n");
}

static int
usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("check", fmt, arg);
}

/* parse_args fills o from argv.  Returns -1 to go on, else an exit
 * status. */
static int
parse_args(int argc, char **argv, check_opts *o)
{
	int c;

	opterr = 0;
	optind = 1;
	while (
	    (c = getopt_long(argc, argv, ":h", check_longopts, NULL)) != -1) {
		if (cli_pack_opts_take(&o->pk, c, optarg))
			continue;
		switch (c) {
		case OPT_FORMAT:
			o->format = optarg;
			break;
		case OPT_COLOR:
			o->color = 1;
			break;
		case OPT_NO_COLOR:
			o->color = 0;
			break;
		case OPT_MIN_LEVEL:
			if (rl_level_parse(optarg, &o->min_level) != RL_OK)
				return usage_error("unknown level '%s' (use "
				                   "suggestion, warning or "
				                   "error)",
				    optarg);
			break;
		case OPT_CONNECT:
			o->connect = optarg;
			break;
		case 'h':
			check_help();
			return CLI_EXIT_OK;
		case ':':
			return usage_error(
			    "option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error(
			    "unknown option '%s'", argv[optind - 1]);
		}
	}
	o->paths   = argv + optind;
	o->n_paths = (size_t)(argc - optind);
	if (o->n_paths == 0)
		return usage_error("%s", "no PATH to review");
	return -1;
}

typedef struct format_probe {
	const char *want;
	bool        found;
	char        known[256];
} format_probe;

static void
probe_format(void *arg, const char *name)
{
	format_probe *p = arg;
	size_t        l = strlen(p->known);

	if (strcmp(name, p->want) == 0)
		p->found = true;
	snprintf(
	    p->known + l, sizeof p->known - l, "%s%s", l ? ", " : "", name);
}

static bool
use_color(const check_opts *o)
{
	const char *nc = getenv("NO_COLOR");

	if (o->color >= 0)
		return o->color == 1;
	return isatty(STDOUT_FILENO) && (nc == NULL || nc[0] == '\0');
}

/* status_of is the exit status one reviewed document asks for. */
static int
status_of(const rl_result *res)
{
	int status = CLI_EXIT_OK;

	if (res->verdict == RL_VERDICT_FAIL)
		status = CLI_EXIT_FINDINGS;
	for (size_t i = 0; i < res->n_findings; i++)
		if (res->findings[i].level == RL_LEVEL_ERROR)
			status = CLI_EXIT_FINDINGS;
	for (size_t i = 0; i < res->n_rule_errors; i++) {
		fprintf(stderr, "redline: %s: rule %s failed: %s\n", res->path,
		    res->rule_errors[i].rule, res->rule_errors[i].message);
		status = CLI_EXIT_ERROR;
	}
	return status;
}

/* review_all reviews every input and writes each result.  Returns the
 * worst status. */
static int
review_all(cli_reviewer *rv, rl_writer *w, const cli_inputs *in)
{
	int status = CLI_EXIT_OK;

	for (size_t i = 0; i < in->n; i++) {
		const cli_input *item = &in->items[i];
		char            *data = NULL;
		size_t           len  = 0;
		char             why[256];
		rl_result       *res = NULL;
		rl_diag          diag;
		rl_err           err;

		if (!cli_read_input(item, &data, &len, why, sizeof why)) {
			fprintf(stderr, "redline: %s: %s\n", item->path, why);
			cli_status_raise(&status, CLI_EXIT_ERROR);
			continue;
		}
		memset(&diag, 0, sizeof diag);
		err = rv->review(rv, item->path, data, len, &res, &diag);
		if (err != RL_OK) {
			cli_print_diag(item->path, err, &diag);
			free(data);
			if (!cli_err_is_daemon(err)) {
				cli_status_raise(&status, CLI_EXIT_ERROR);
				continue;
			}
			cli_status_raise(&status, CLI_EXIT_DAEMON);
			if (err == RL_EREMOTE)
				continue; /* it answered: try the rest */
			break;            /* gone: do not wait on each file */
		}
		if ((err = rl_writer_document(w, res, data, len)) != RL_OK) {
			fprintf(stderr, "redline: writing the report: %s\n",
			    rl_strerror(err));
			cli_status_raise(&status, CLI_EXIT_ERROR);
		}
		cli_status_raise(&status, status_of(res));
		rl_result_free(res);
		free(data);
	}
	return status;
}

static int
run_check(const check_opts *o)
{
	rl_engine     *engine = NULL;
	cli_reviewer  *rv     = NULL;
	rl_writer     *w      = NULL;
	cli_inputs     in     = { 0 };
	int            status = CLI_EXIT_OK;
	rl_diag        diag;
	rl_err         err;
	format_probe   probe = { .want = o->format };
	rl_writer_opts wo;
	cli_review_cfg cfg;

	memset(&wo, 0, sizeof wo);
	wo.color     = use_color(o);
	wo.min_level = o->min_level;
	memset(&cfg, 0, sizeof cfg);
	cfg.packs     = o->pk.packs;
	cfg.n_packs   = o->pk.n_packs;
	cfg.min_level = o->min_level;

	if ((engine = cli_engine_open(&o->pk)) == NULL)
		return CLI_EXIT_ERROR;
	rl_writer_formats(engine, probe_format, &probe);
	if (!probe.found) {
		fprintf(stderr,
		    "redline check: unknown format '%s' (known: %s)\n",
		    o->format, probe.known);
		cli_usage(stderr);
		status = CLI_EXIT_ERROR;
		goto done;
	}

	memset(&diag, 0, sizeof diag);
	if (o->connect != NULL)
		err = cli_reviewer_remote(o->connect, &cfg, &rv, &diag);
	else
		err = cli_reviewer_local(engine, &cfg, &rv, &diag);
	if (err != RL_OK) {
		cli_print_diag(o->connect, err, &diag);
		status = o->connect && err != RL_ENOMEM ? CLI_EXIT_DAEMON
		                                        : CLI_EXIT_ERROR;
		goto done;
	}

	if (!cli_inputs_collect(
	        engine, "redline", o->paths, o->n_paths, &in, &status)) {
		fprintf(stderr, "redline: %s\n", rl_strerror(RL_ENOMEM));
		status = CLI_EXIT_ERROR;
		goto done;
	}
	if ((err = rl_writer_open(engine, o->format, stdout, &wo, &w)) !=
	    RL_OK) {
		fprintf(stderr, "redline: cannot start the %s report: %s\n",
		    o->format, rl_strerror(err));
		status = CLI_EXIT_ERROR;
		goto done;
	}
	cli_status_raise(&status, review_all(rv, w, &in));
	err = rl_writer_close(w);
	if (err != RL_OK || fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "redline: writing the report: %s\n",
		    rl_strerror(err != RL_OK ? err : RL_EIO));
		cli_status_raise(&status, CLI_EXIT_ERROR);
	}
done:
	cli_inputs_free(&in);
	if (rv != NULL)
		rv->close(rv);
	rl_engine_free(engine);
	return status;
}

int
cli_check_main(int argc, char **argv)
{
	check_opts o;
	int        status;

	memset(&o, 0, sizeof o);
	o.format    = "text";
	o.color     = -1;
	o.min_level = RL_LEVEL_SUGGESTION;

	if (!cli_pack_opts_init(&o.pk, argc)) {
		fprintf(stderr, "redline: %s\n", rl_strerror(RL_ENOMEM));
		return CLI_EXIT_ERROR;
	}
	if ((status = parse_args(argc, argv, &o)) < 0) {
		cli_pack_opts_default(&o.pk);
		status = run_check(&o);
	}
	cli_pack_opts_free(&o.pk);
	return status;
}
