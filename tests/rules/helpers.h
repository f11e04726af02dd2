/*
 * helpers.h - shared by the tests of engine/rules: throw-away pack
 * folders, loading, reviewing and looking findings up.
 */
#ifndef RL_TESTS_RULES_HELPERS_H
#define RL_TESTS_RULES_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/engine.h"
#include "rules/pack.h"

/* th_tmpdir makes a fresh folder under /tmp (heap path; th_rmtree it). */
char *th_tmpdir(void);
/* th_rmtree removes dir and everything in it, then frees dir. */
void th_rmtree(char *dir);
/* th_write writes text to dir/name, creating sub-folders. */
void th_write(const char *dir, const char *name, const char *text);
/* th_pack writes the files (name, text, name, text, ..., NULL) into
 * root/pack and returns that folder (heap). */
char *th_pack(const char *root, const char *pack, ...);

/* th_load loads one pack folder, failing the test on error. */
rl_packset *th_load(rl_engine *e, const char *dir);
/* th_review reviews text as a Markdown document named path. */
rl_result *th_review(rl_engine *e, rl_packset *ps, const char *text);

/* th_count: findings of rule (all rules when NULL). */
size_t th_count(const rl_result *r, const char *rule);
/* th_nth: the n-th finding of rule (0-based), or NULL. */
const rl_finding *th_nth(const rl_result *r, const char *rule, size_t n);
/* th_dump prints a result's findings (for writing tests). */
void th_dump(const rl_result *r);

#endif
