/*
 * core.h - internal building blocks shared by every engine subsystem:
 * the allocator seam, per-review arenas, growable arrays, string
 * building, UTF-8 helpers, SHA-256 and diagnostics.
 *
 * Internal: symbols are rl__ and hidden from the shared library's ABI.
 */
#ifndef RL_CORE_CORE_H
#define RL_CORE_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "redline/redline.h"

/* ------------------------------------------------------------------------
 * Allocator seam: every engine allocation goes through these, so tests can
 * inject failures and the daemon can cap memory.
 * ------------------------------------------------------------------------ */

void *rl__alloc(size_t size);               /* NULL on failure */
void *rl__calloc(size_t n, size_t size);    /* zeroed, overflow-checked */
void *rl__realloc(void *p, size_t size);    /* NULL on failure, p kept */
void  rl__free(void *p);                    /* NULL is a no-op */
char *rl__strdup(const char *s);            /* NULL on failure */
char *rl__strndup(const char *s, size_t n); /* NULL on failure */

/* rl__alloc_fail_after makes the n-th allocation from now fail (n >= 0) and
 * every later one too, until reset with n < 0.  Tests only. */
void rl__alloc_fail_after(long n);

/* ------------------------------------------------------------------------
 * Arena: bump allocation for per-document and per-pack data; everything
 * dies with rl__arena_free.  Not thread-safe.
 * ------------------------------------------------------------------------ */

typedef struct rl_arena rl_arena;

rl_arena *rl__arena_new(size_t chunk_hint);          /* NULL on failure */
void      rl__arena_free(rl_arena *a);               /* NULL is a no-op */
void      rl__arena_reset(rl_arena *a);              /* keeps the first chunk */
void     *rl__arena_alloc(rl_arena *a, size_t size); /* 16-aligned */
void     *rl__arena_calloc(rl_arena *a, size_t n, size_t size);
char     *rl__arena_strdup(rl_arena *a, const char *s);
char     *rl__arena_strndup(rl_arena *a, const char *s, size_t n);
char     *rl__arena_printf(rl_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
size_t rl__arena_used(const rl_arena *a); /* bytes handed out */

/* ------------------------------------------------------------------------
 * Growable arrays on the heap (rl__alloc).  Usage:
 *     if (rl__vec_reserve((void **)&v, &cap, n + 1, sizeof *v)) goto fail;
 * ------------------------------------------------------------------------ */

/* rl__vec_reserve grows *p (capacity *cap elements of elsize bytes) to hold
 * at least need elements.  RL_ENOMEM leaves *p and *cap untouched. */
rl_err rl__vec_reserve(void **p, size_t *cap, size_t need, size_t elsize);

/* ------------------------------------------------------------------------
 * String builder on the heap.
 * ------------------------------------------------------------------------ */

typedef struct rl_buf {
	char  *data; /* NUL-terminated when len > 0 or after any append */
	size_t len;
	size_t cap;
	bool   failed; /* an append ran out of memory; later appends no-op */
} rl_buf;

void rl__buf_init(rl_buf *b);
void rl__buf_free(rl_buf *b);
void rl__buf_reset(rl_buf *b); /* len = 0, keeps memory */
void rl__buf_append(rl_buf *b, const void *data, size_t len);
void rl__buf_puts(rl_buf *b, const char *s);
void rl__buf_putc(rl_buf *b, char c);
void rl__buf_printf(rl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rl__buf_vprintf(rl_buf *b, const char *fmt, va_list ap);
/* rl__buf_json_str appends s (len bytes) as a JSON string literal with
 * quotes; invalid UTF-8 bytes become U+FFFD. */
void rl__buf_json_str(rl_buf *b, const char *s, size_t len);

/* ------------------------------------------------------------------------
 * UTF-8
 * ------------------------------------------------------------------------ */

/* rl__utf8_valid: true if s[0..len) is well-formed UTF-8. */
bool rl__utf8_valid(const char *s, size_t len);
/* rl__utf8_decode decodes one code point at s (at most len bytes); sets
 * *adv to the bytes consumed (>= 1).  Invalid input yields U+FFFD and
 * *adv = 1. */
uint32_t rl__utf8_decode(const char *s, size_t len, size_t *adv);
/* rl__utf8_count counts code points in s[0..len); an invalid byte counts
 * as one. */
size_t rl__utf8_count(const char *s, size_t len);

/* ------------------------------------------------------------------------
 * SHA-256 (OpenSSL's libcrypto underneath)
 * ------------------------------------------------------------------------ */

typedef struct rl_sha256 {
	void *ctx;   /* libcrypto's digest context, owned until final or
	                discard; NULL before init and after */
	bool failed; /* init or an update failed: final reports it */
} rl_sha256;

/* rl__sha256_init starts a digest.  RL_ENOMEM when libcrypto cannot set
 * one up; update and final stay safe to call, and final then fails too.
 * A started digest ends with rl__sha256_final or rl__sha256_discard. */
rl_err rl__sha256_init(rl_sha256 *c);
void   rl__sha256_update(rl_sha256 *c, const void *data, size_t len);
/* rl__sha256_final writes the digest and frees the context; RL_ENOMEM
 * (out zeroed) when init or an update failed. */
rl_err rl__sha256_final(rl_sha256 *c, uint8_t out[32]);
/* rl__sha256_discard frees a digest that will not be finished (a no-op
 * after final or a failed init). */
void rl__sha256_discard(rl_sha256 *c);
/* rl__sha256_hex writes the 64 hex digits of data's digest and a NUL;
 * RL_ENOMEM (out "") when libcrypto fails. */
rl_err rl__sha256_hex(const void *data, size_t len, char out[65]);
void   rl__hex(const uint8_t *in, size_t n, char *out); /* 2n digits + NUL */
/* rl__hex_digit is the value of the hex digit c (either case), or -1. */
int rl__hex_digit(int c);

/* ------------------------------------------------------------------------
 * Diagnostics
 * ------------------------------------------------------------------------ */

/* rl__diag_set fills d (if not NULL): file (may be NULL), line, column and
 * a printf-style message.  Returns err so callers can write
 *     return rl__diag_set(d, RL_EPACK, file, line, col, "...");       */
rl_err rl__diag_set(rl_diag *d, rl_err err, const char *file, uint32_t line,
    uint32_t column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* rl__now_ns: monotonic clock in nanoseconds. */
uint64_t rl__now_ns(void);

/* rl__read_file reads a whole file into a NUL-terminated heap buffer
 * (*data, owned by caller, free with rl__free).  RL_EIO/RL_ENOENT with
 * diag set on failure; RL_ETOOBIG if larger than max (0 = no limit). */
rl_err rl__read_file(
    const char *path, size_t max, char **data, size_t *len, rl_diag *diag);

#endif /* RL_CORE_CORE_H */
