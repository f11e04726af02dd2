/*
 * main.c - `redlined`, the review daemon: options, signals, log lines.
 * Everything else is engine/server/ (server.h).
 *
 * Signals are blocked in every thread and taken here with sigwait:
 * SIGHUP reloads the packs, SIGTERM and SIGINT stop gracefully (every
 * request already taken is answered) and the program exits 0.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "server/server.h"

#define EXIT_USAGE 2

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: redlined [--listen URL]... [--packs-path DIR]... "
	    "[--http ADDR:PORT]\n"
	    "                [--workers N] [--pin-workers] [--config FILE]\n"
	    "                [--tls-cert FILE --tls-key FILE]\n"
	    "                [--plugin PATH|NAME]... [--plugins-path DIR]...\n"
	    "       redlined --help | --version\n");
}

static void
help(void)
{
	printf("redlined %s - the Redline review daemon (nng + protobuf, "
	       "see docs/api.md)\n\n",
	    RL_VERSION_STRING);
	usage(stdout);
	printf("\n"
	       "  --listen URL       tcp://, ipc:// or tls+tcp:// address; "
	       "repeatable\n"
	       "                     (default " RL_SERVER_DEFAULT_LISTEN ")\n"
	       "  --packs-path DIR   folder to find packs in, before "
	       "REDLINE_PACKS_PATH\n"
	       "                     and the shipped packs; repeatable\n"
	       "  --http ADDR:PORT   also serve the HTTP/JSON gateway "
	       "(POST /v1/check)\n"
	       "  --workers N        review threads (default: one per core)\n"
	       "  --pin-workers      keep worker i on the i-th CPU the daemon "
	       "may use\n"
	       "                     (for a machine the daemon has to "
	       "itself)\n"
	       "  --config FILE      YAML config: profiles, limits, TLS, "
	       "... (docs/api.md)\n"
	       "  --tls-cert FILE    PEM certificate for tls+tcp:// "
	       "listeners\n"
	       "  --tls-key FILE     PEM private key for it\n"
	       "  --plugin PATH      load a native plugin at start; "
	       "repeatable (one that\n"
	       "                     is refused is logged and left out)\n"
	       "  --plugins-path DIR folder to find plugins by name in; "
	       "repeatable\n"
	       "\n"
	       "SIGHUP reloads the packs and the config's profiles; SIGTERM "
	       "or SIGINT\n"
	       "stop after answering every request already taken.\n");
}

/* log_line: one line per event on stderr, "TIME LEVEL message". */
static void
log_line(void *arg, rl_log_level level, const char *line)
{
	struct timeval tv;
	struct tm      tm;
	char           ts[32];

	(void)arg;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ldZ %-5s %s\n", ts, (long)(tv.tv_usec / 1000),
	    rl__log_level_name(level), line);
}

static void
print_diag(const char *what, rl_err err, const rl_diag *d)
{
	char buf[2048];

	if (d->message[0] || d->file[0])
		fprintf(stderr, "redlined: %s: %s\n", what,
		    rl_diag_format(d, buf, sizeof buf));
	else
		fprintf(stderr, "redlined: %s: %s\n", what, rl_strerror(err));
}

/* ------------------------------------------------------------------------
 * Options
 * ------------------------------------------------------------------------ */

typedef struct opts {
	const char **listen;
	size_t       n_listen;
	const char **packs_path;
	size_t       n_packs_path;
	const char **plugins;
	size_t       n_plugins;
	const char **plugins_path;
	size_t       n_plugins_path;
	const char  *http, *config, *tls_cert, *tls_key;
	unsigned     workers;
	bool         pin_workers;
} opts;

static int
add(const char ***v, size_t *n, const char *s)
{
	const char **nv = realloc(*v, (*n + 1) * sizeof *nv);

	if (!nv)
		return -1;
	nv[(*n)++] = s;
	*v         = nv;
	return 0;
}

/* parse_args returns -1 to exit 0 (help/version), 0 to run, or exits with
 * EXIT_USAGE through the return value 1. */
static int
parse_args(int argc, char **argv, opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a   = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help();
			return -1;
		}
		if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			printf("redlined %s\n", RL_VERSION_STRING);
			return -1;
		}
		if (strcmp(a, "--pin-workers") == 0) {
			o->pin_workers = true;
			continue;
		}
		if (!val || strncmp(a, "--", 2) != 0) {
			fprintf(stderr, "redlined: %s '%s'\n",
			    strncmp(a, "--", 2) ? "unexpected argument"
			                        : "missing value after",
			    a);
			usage(stderr);
			return 1;
		}
		i++;
		if (strcmp(a, "--listen") == 0) {
			if (add(&o->listen, &o->n_listen, val))
				return 1;
		} else if (strcmp(a, "--packs-path") == 0) {
			if (add(&o->packs_path, &o->n_packs_path, val))
				return 1;
		} else if (strcmp(a, "--plugin") == 0) {
			if (add(&o->plugins, &o->n_plugins, val))
				return 1;
		} else if (strcmp(a, "--plugins-path") == 0) {
			if (add(&o->plugins_path, &o->n_plugins_path, val))
				return 1;
		} else if (strcmp(a, "--http") == 0) {
			o->http = val;
		} else if (strcmp(a, "--config") == 0) {
			o->config = val;
		} else if (strcmp(a, "--tls-cert") == 0) {
			o->tls_cert = val;
		} else if (strcmp(a, "--tls-key") == 0) {
			o->tls_key = val;
		} else if (strcmp(a, "--workers") == 0) {
			char         *end;
			unsigned long n;

			errno = 0;
			n     = strtoul(val, &end, 10);
			if (errno || *end || n < 1 || n > 1024) {
				fprintf(stderr,
				    "redlined: --workers takes a "
				    "number from 1 to 1024\n");
				return 1;
			}
			o->workers = (unsigned)n;
		} else {
			fprintf(stderr, "redlined: unknown option '%s'\n", a);
			usage(stderr);
			return 1;
		}
	}
	return 0;
}

/* build_cfg: the config file first, then the command line on top (its
 * --listen replaces the file's; its --packs-path come first). */
static rl_err
build_cfg(const opts *o, rl_server_cfg *cfg, rl_diag *diag)
{
	const char **file_paths;
	size_t       n_file_paths;
	rl_err       err;

	if ((err = rl__server_cfg_init(cfg)))
		return err;
	if (o->config && (err = rl__server_cfg_load(cfg, o->config, diag)))
		return err;
	if (o->n_listen) {
		cfg->listen   = NULL;
		cfg->n_listen = 0;
		for (size_t i = 0; i < o->n_listen; i++)
			if ((err = rl__server_cfg_add(cfg, &cfg->listen,
			         &cfg->n_listen, o->listen[i])))
				return err;
	}
	file_paths        = cfg->packs_path;
	n_file_paths      = cfg->n_packs_path;
	cfg->packs_path   = NULL;
	cfg->n_packs_path = 0;
	for (size_t i = 0; i < o->n_packs_path; i++)
		if ((err = rl__server_cfg_add(cfg, &cfg->packs_path,
		         &cfg->n_packs_path, o->packs_path[i])))
			return err;
	for (size_t i = 0; i < n_file_paths; i++)
		if ((err = rl__server_cfg_add(cfg, &cfg->packs_path,
		         &cfg->n_packs_path, file_paths[i])))
			return err;
	for (size_t i = 0; i < o->n_plugins; i++)
		if ((err = rl__server_cfg_add(
		         cfg, &cfg->plugins, &cfg->n_plugins, o->plugins[i])))
			return err;
	for (size_t i = 0; i < o->n_plugins_path; i++)
		if ((err = rl__server_cfg_add(cfg, &cfg->plugins_path,
		         &cfg->n_plugins_path, o->plugins_path[i])))
			return err;
	if (o->http)
		cfg->http = o->http;
	if (o->workers)
		cfg->workers = o->workers;
	if (o->pin_workers)
		cfg->pin_workers = true;
	if (o->tls_cert)
		cfg->tls_cert = o->tls_cert;
	if (o->tls_key)
		cfg->tls_key = o->tls_key;
	return RL_OK;
}

/* ------------------------------------------------------------------------
 * main
 * ------------------------------------------------------------------------ */

int
main(int argc, char **argv)
{
	opts          o;
	rl_server_cfg cfg;
	rl_server    *srv = NULL;
	rl_diag       diag;
	sigset_t      set;
	rl_err        err;
	int           rc, sig = 0;

	/* Before any thread exists: they all inherit this mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	memset(&o, 0, sizeof o);
	memset(&diag, 0, sizeof diag);
	rc = parse_args(argc, argv, &o);
	if (rc) {
		free(o.listen);
		free(o.packs_path);
		free(o.plugins);
		free(o.plugins_path);
		return rc < 0 ? 0 : EXIT_USAGE;
	}
	err = build_cfg(&o, &cfg, &diag);
	free(o.listen);
	free(o.packs_path);
	free(o.plugins);
	free(o.plugins_path);
	if (err) {
		print_diag("config", err, &diag);
		rl__server_cfg_free(&cfg);
		return EXIT_USAGE;
	}
	err = rl__server_start(&cfg, log_line, NULL, &srv, &diag);
	rl__server_cfg_free(&cfg);
	if (err) {
		print_diag("cannot start", err, &diag);
		return EXIT_USAGE;
	}
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig != SIGHUP)
			break;
		memset(&diag, 0, sizeof diag);
		rl__server_reload(srv, &diag); /* logs either way */
	}
	log_line(NULL, RL_LOG_INFO,
	    sig == SIGINT ? "SIGINT: stopping" : "SIGTERM: stopping");
	rl__server_free(srv);
	return 0;
}
