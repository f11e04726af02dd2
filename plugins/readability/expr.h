/*
 * expr.h - a small, safe arithmetic evaluator for `metric` formulas.
 *
 * Grammar (Vale's metric formulas are a subset of Tengo; this covers what
 * they use):
 *     expr    := term (('+' | '-') term)*
 *     term    := unary (('*' | '/' | '%') unary)*
 *     unary   := ('-' | '+') unary | primary
 *     primary := NUMBER | NAME | NAME '(' expr (',' expr)* ')' | '(' expr ')'
 * Names are the variables given at compile time ("heading.h1" reads as
 * "heading_h1") and the functions sqrt, abs, pow, min, max, log, log10,
 * log2, exp, floor, ceil and round, with or without "math.".
 *
 * Compiling checks everything (names, arity, nesting) and produces a flat
 * postfix program; evaluating it cannot fail and allocates nothing.
 * Division by zero gives an infinity or NaN, which callers test for.
 */
#ifndef RDY_EXPR_H
#define RDY_EXPR_H

#include <stddef.h>

typedef struct rdy_expr rdy_expr;

/* Comparisons for a `condition:` ("> 8"). */
typedef enum rdy_cmp {
	RDY_GT = 0,
	RDY_GE,
	RDY_LT,
	RDY_LE,
	RDY_EQ,
	RDY_NE,
} rdy_cmp;

/*
 * rdy_expr_compile compiles src (len bytes) over the variables vars[0, n)
 * (value i of rdy_expr_eval's array is vars[i]).  Returns the program
 * (owned by caller, rdy_expr_free) or NULL with a reason in err (errsize
 * bytes) and *errpos the 0-based byte offset in src it is about.
 */
rdy_expr *rdy_expr_compile(const char *src, size_t len, const char *const *vars,
    size_t n, char *err, size_t errsize, size_t *errpos);

/* rdy_expr_eval runs x with values[i] for variable i. */
double rdy_expr_eval(const rdy_expr *x, const double *values);

void rdy_expr_free(rdy_expr *x);

/* rdy_cond_parse reads a condition's operator at the start of src
 * (after spaces): sets *cmp and *used (bytes of spaces and operator).
 * Returns 0, or -1 if src does not start with one of > >= < <= == !=. */
int rdy_cond_parse(const char *src, size_t len, rdy_cmp *cmp, size_t *used);

/* rdy_cmp_eval: a <cmp> b.  False if either is NaN. */
int rdy_cmp_eval(rdy_cmp cmp, double a, double b);

#endif /* RDY_EXPR_H */
