/*
 * literal_int.h - the analysis state shared by literal.c (the pattern
 * reader) and literal_set.c (sets of strings and literals).  rules/ only.
 *
 * An exact string is a sequence of items: literal bytes (folded), or one
 * of the markers below standing for what a literal cannot say.  Markers
 * record the width of what they stand for (for literal offsets) and
 * whether they prove a non-word neighbour (for whole-word literals).
 */
#ifndef RL_RULES_LITERAL_INT_H
#define RL_RULES_LITERAL_INT_H

#include "rules/literal.h"

#define M_UNK 0x01  /* one character of 1-4 bytes */
#define M_UNK1 0x02 /* one ASCII character */
#define M_UNKV 0x03 /* any run of characters */
#define M_NW0 0x04  /* nothing, with non-word characters around (^, $) */
#define M_NW1 0x05  /* one ASCII non-word character (\s) */
#define M_NWP 0x06  /* one or more non-word characters */
#define M_NWV 0x07  /* zero or more non-word characters */
#define M_B 0x08    /* \b */
#define M_LAST M_B  /* bytes above are literal */

#define SET_CAP 4096 /* strings in one exact set */
#define STR_CAP 256  /* items in one exact string */

typedef struct lit_str {
	const uint8_t *b;
	uint32_t       len;
} lit_str;

typedef struct lit_sset {
	lit_str *v;
	size_t   n;
} lit_sset;

typedef struct lit_lset {
	rl_lit *v;
	size_t  n;
	int     score;
} lit_lset;

typedef struct lit_info {
	lit_sset *exact;   /* NULL: unknown */
	lit_lset *req;     /* NULL: nothing known to be required */
	uint64_t  need[2]; /* ASCII non-letters every match holds (bits) */
} lit_info;

typedef struct lit_parser {
	const char *p, *end;
	bool        caseless;
	bool        abort; /* syntax we do not model */
	bool        oom;
	rl_arena   *a;
} lit_parser;

/* literal_set.c */
lit_sset *rl__lset_new(lit_parser *ps, size_t n);
lit_sset *rl__lset_of(lit_parser *ps, const uint8_t *b, uint32_t len);
lit_sset *rl__lset_marker(lit_parser *ps, uint8_t m);
lit_sset *rl__lset_empty_string(lit_parser *ps);
lit_sset *rl__lset_union(lit_parser *ps, const lit_sset *x, const lit_sset *y);
lit_sset *rl__lset_cross(lit_parser *ps, const lit_sset *x, const lit_sset *y);
/* rl__lset_repeat: x repeated, min at least, when every string of x is
 * one marker (\s+, [^,]*): the marker for the run, else NULL. */
lit_sset *rl__lset_repeat(lit_parser *ps, const lit_sset *x, unsigned min);
bool      rl__lset_is_literal_byte(uint8_t c);
/* rl__lset_derive: one literal per string; anchored: each at a known
 * offset (short substrings allowed).  NULL when some string has none. */
lit_lset *rl__lset_derive(lit_parser *ps, const lit_sset *x, bool anchored);
lit_lset *rl__lset_lits_union(
    lit_parser *ps, const lit_lset *x, const lit_lset *y);
lit_lset *rl__lset_best(lit_lset *x, lit_lset *y);
lit_lset *rl__lset_info_req(lit_parser *ps, const lit_info *in);

#endif /* RL_RULES_LITERAL_INT_H */
