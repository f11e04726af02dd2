/*
 * harness.h - running a real `redlined` from the daemon tests: a temporary
 * folder (mkdtemp) holding its ipc:// socket, config and log; start,
 * signal, stop; raw calls over an nng REQ socket; embedded reviews to
 * compare against.
 */
#ifndef RL_TESTS_SERVER_HARNESS_H
#define RL_TESTS_SERVER_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "redline/client.h"
#include "server/wire.h"

/* The fixture packs and documents, relative to the source root. */
#define TD_PACKS "tests/server/data/packs"
#define TD_DOCS "tests/server/data/docs"

typedef struct td_daemon {
	pid_t pid;
	char  dir[256]; /* the temporary folder */
	char  url[320]; /* ipc://DIR/redlined.sock */
	char  log[320]; /* DIR/redlined.log: the daemon's stderr */
} td_daemon;

/* td_init makes the temporary folder (aborts the test on failure). */
void td_init(td_daemon *d);
/* td_path returns DIR/name in a static buffer (one at a time). */
const char *td_path(const td_daemon *d, const char *name);
/* td_write writes text to DIR/name (folders must exist). */
void td_write(const td_daemon *d, const char *name, const char *text);

/* td_start runs redlined --listen URL ARGS... (args NULL-terminated) and
 * waits until it answers Health, at most 20 s.  False if it exits or never
 * answers (its log is printed). */
bool td_start(td_daemon *d, const char *const *args);
/* td_signal sends sig to the daemon. */
void td_signal(td_daemon *d, int sig);
/* td_wait waits for the daemon to exit (at most timeout_ms) and returns
 * its exit status, or -1 if it was killed by a signal or timed out (then
 * it is killed). */
int td_wait(td_daemon *d, int timeout_ms);
/* td_stop: SIGTERM then td_wait. */
int td_stop(td_daemon *d);
/* td_cleanup removes the temporary folder. */
void td_cleanup(td_daemon *d);
/* td_log_read returns the daemon's log (malloc'd). */
char *td_log_read(const td_daemon *d);

/* td_client opens a client with a timeout (ms). */
rl_client *td_client(const td_daemon *d, unsigned timeout_ms);

/*
 * td_raw sends raw bytes on a fresh REQ socket and decodes the reply into
 * *rsp (strings in arena a; a Check result is rl_result_free'd by the
 * caller).  False when no reply came.
 */
bool td_raw(const td_daemon *d, const void *buf, size_t len, rl_arena *a,
    rl_wire_response *rsp);
/* td_call encodes req, then td_raw. */
bool td_call(const td_daemon *d, const rl_wire_request *req, rl_arena *a,
    rl_wire_response *rsp);

/* td_read reads a whole file (malloc'd, NUL-terminated). */
char *td_read(const char *path, size_t *len);

/* td_embedded reviews data with the packs named (found on TD_PACKS and
 * extra_path if not NULL) in this process.  Returns the result. */
rl_result *td_embedded(const char *path, const void *data, size_t len,
    const char *const *packs, size_t n_packs, const char *extra_path,
    rl_level min_level);
/* td_print prints res in format (json, text, line, ...) with the engine's
 * writer and returns the output (malloc'd). */
char *td_print(
    const rl_result *res, const char *format, const void *src, size_t len);

#endif /* RL_TESTS_SERVER_HARNESS_H */
