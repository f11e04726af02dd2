/*
 * output.h - the built-in report writers and what they share.
 *
 * Each format is an rl_output (core/engine.h) registered with the engine
 * by rl__outputs_register_builtin, exactly as a plugin's format is; the
 * public rl_writer_* calls (writer.c) find it by name and drive its
 * begin/document/end.  Writers build text in an rl_buf and write it with
 * rl__out_flush, so a write error or an allocation failure surfaces as
 * RL_EIO / RL_ENOMEM from the writer call that met it.
 *
 * Every writer honours rl_writer_opts.min_level (rl__out_shown) and
 * treats NULL strings in a result as empty, so a result decoded from the
 * wire prints as safely as one from rl_review.
 */
#ifndef RL_OUTPUT_OUTPUT_H
#define RL_OUTPUT_OUTPUT_H

#include <stdio.h>

#include "core/engine.h"

extern const rl_output rl__output_text;
extern const rl_output rl__output_json;
extern const rl_output rl__output_line;
extern const rl_output rl__output_sarif;
extern const rl_output rl__output_junit;
extern const rl_output rl__output_codequality;

/* rl__out_str returns s, or "" for NULL. */
const char *rl__out_str(const char *s);

/* rl__out_shown: true if f is at or above the writer's min_level. */
bool rl__out_shown(const rl_writer_opts *o, const rl_finding *f);

/* rl__out_opts copies o (or the defaults for NULL) into *dst. */
void rl__out_opts(rl_writer_opts *dst, const rl_writer_opts *o);

/* rl__out_flush writes b to out and empties it.  RL_ENOMEM if an append
 * to b failed, RL_EIO if the stream did. */
rl_err rl__out_flush(FILE *out, rl_buf *b);

/* rl__out_json appends s (NULL: "") as a JSON string literal. */
void rl__out_json(rl_buf *b, const char *s);

/* rl__out_xml appends s (NULL: "") escaped for XML text and attribute
 * values: markup characters as entities, invalid UTF-8 and characters
 * XML 1.0 forbids as U+FFFD. */
void rl__out_xml(rl_buf *b, const char *s);

/* rl__out_char_width is the number of terminal columns code point cp
 * takes: 0 for combining marks, 2 for East Asian wide characters, 1
 * otherwise. */
int rl__out_char_width(uint32_t cp);

#endif /* RL_OUTPUT_OUTPUT_H */
