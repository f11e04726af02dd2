/*
 * json_check.h - a strict JSON (RFC 8259) validator for the writers'
 * tests: one value, nothing after it, strings of well-formed UTF-8 with
 * only the escapes JSON allows.
 */
#ifndef RL_TESTS_JSON_CHECK_H
#define RL_TESTS_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* json_check: true if s[0, len) is exactly one valid JSON text.  On
 * failure *where is the byte offset of the first problem. */
bool json_check(const char *s, size_t len, size_t *where);

#endif
