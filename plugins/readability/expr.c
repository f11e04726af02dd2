/*
 * expr.c - compiling metric formulas to postfix programs and running them.
 *
 * A recursive-descent parser (nesting capped, so hostile input cannot
 * exhaust the C stack) emits instructions into a growable array while
 * tracking the stack depth the program will need; evaluation is a loop
 * over the instructions on a fixed stack.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

#define MAX_NEST 64   /* parentheses and unary operators */
#define MAX_STACK 256 /* values live at once */
#define MAX_LEN 4096  /* formula bytes */
#define MAX_ARGS 16

typedef enum op {
	OP_CONST = 0,
	OP_VAR,
	OP_NEG,
	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_DIV,
	OP_MOD,
	OP_CALL,
} op;

typedef struct insn {
	op     code;
	int    fn;   /* OP_CALL: index into funcs */
	int    argc; /* OP_CALL */
	size_t var;  /* OP_VAR */
	double val;  /* OP_CONST */
} insn;

struct rdy_expr {
	insn  *code;
	size_t n;
};

static const struct func {
	const char *name;
	int         min_args, max_args;
} funcs[] = {
	{ "sqrt", 1, 1 },
	{ "abs", 1, 1 },
	{ "pow", 2, 2 },
	{ "min", 2, MAX_ARGS },
	{ "max", 2, MAX_ARGS },
	{ "log", 1, 1 },
	{ "log10", 1, 1 },
	{ "log2", 1, 1 },
	{ "exp", 1, 1 },
	{ "floor", 1, 1 },
	{ "ceil", 1, 1 },
	{ "round", 1, 1 },
};
#define N_FUNCS (sizeof funcs / sizeof funcs[0])

typedef struct parser {
	const char        *s;
	size_t             len, pos;
	const char *const *vars;
	size_t             n_vars;
	insn              *code;
	size_t             n, cap;
	int                depth, max_depth; /* value stack */
	int                nest;
	char              *err;
	size_t             errsize, errpos;
	bool               failed;
} parser;

static void
fail(parser *p, size_t at, const char *fmt, const char *arg)
{
	if (p->failed)
		return;
	p->failed = true;
	p->errpos = at;
	snprintf(p->err, p->errsize, fmt, arg != NULL ? arg : "");
}

static void
emit(parser *p, insn in, int effect)
{
	if (p->failed)
		return;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		insn  *c   = realloc(p->code, cap * sizeof *c);
		if (c == NULL) {
			fail(p, p->pos, "out of memory%s", NULL);
			return;
		}
		p->code = c;
		p->cap  = cap;
	}
	p->code[p->n++] = in;
	p->depth += effect;
	if (p->depth > p->max_depth)
		p->max_depth = p->depth;
	if (p->max_depth > MAX_STACK)
		fail(p, p->pos, "formula too complex%s", NULL);
}

static void
skip_space(parser *p)
{
	while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos]) != NULL &&
	    p->s[p->pos] != '\0')
		p->pos++;
}

static bool
name_start(char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? true : c == '_';
}

static bool
name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

static void parse_expr(parser *p);

/* parse_number reads [0-9]* ('.' [0-9]*)? ([eE] [+-]? [0-9]+)? without
 * the locale (strtod's decimal point is the locale's). */
static void
parse_number(parser *p)
{
	size_t start = p->pos;
	double v = 0, scale = 1;
	bool   digits = false;

	while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') {
		v      = v * 10 + (p->s[p->pos++] - '0');
		digits = true;
	}
	if (p->pos < p->len && p->s[p->pos] == '.') {
		p->pos++;
		while (p->pos < p->len && p->s[p->pos] >= '0' &&
		    p->s[p->pos] <= '9') {
			scale /= 10;
			v += (p->s[p->pos++] - '0') * scale;
			digits = true;
		}
	}
	if (!digits) {
		fail(p, start, "malformed number%s", NULL);
		return;
	}
	if (p->pos < p->len && (p->s[p->pos] | 0x20) == 'e') {
		size_t save = p->pos;
		int    sign = 1, ex = 0;
		bool   exd = false;

		p->pos++;
		if (p->pos < p->len &&
		    (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			sign = p->s[p->pos++] == '-' ? -1 : 1;
		while (p->pos < p->len && p->s[p->pos] >= '0' &&
		    p->s[p->pos] <= '9') {
			if (ex < 400)
				ex = ex * 10 + (p->s[p->pos] - '0');
			p->pos++;
			exd = true;
		}
		if (!exd)
			p->pos = save;
		else
			v *= pow(10, sign * ex);
	}
	emit(p, (insn) { .code = OP_CONST, .val = v }, 1);
}

static void
parse_call(parser *p, const char *name, size_t start)
{
	size_t k;
	int    argc = 0;

	for (k = 0; k < N_FUNCS; k++)
		if (strcmp(funcs[k].name, name) == 0)
			break;
	if (k == N_FUNCS) {
		fail(p, start,
		    "unknown function '%s' (known: sqrt, abs, pow, "
		    "min, max, log, log10, log2, exp, floor, ceil, round)",
		    name);
		return;
	}
	p->pos++; /* '(' */
	skip_space(p);
	if (p->pos < p->len && p->s[p->pos] == ')') {
		fail(p, p->pos, "%s() needs arguments", name);
		return;
	}
	for (;;) {
		parse_expr(p);
		if (p->failed)
			return;
		argc++;
		skip_space(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			if (argc == MAX_ARGS)
				break;
			continue;
		}
		break;
	}
	if (p->pos >= p->len || p->s[p->pos] != ')') {
		fail(p, p->pos, "expected ')' to close %s(", name);
		return;
	}
	p->pos++;
	if (argc < funcs[k].min_args || argc > funcs[k].max_args) {
		fail(p, start, "wrong number of arguments to %s()", name);
		return;
	}
	emit(p, (insn) { .code = OP_CALL, .fn = (int)k, .argc = argc },
	    1 - argc);
}

static void
parse_name(parser *p)
{
	char   name[64];
	size_t start = p->pos, n = 0;

	while (p->pos < p->len &&
	    (name_char(p->s[p->pos]) ||
	        (p->s[p->pos] == '.' && p->pos + 1 < p->len &&
	            name_start(p->s[p->pos + 1])))) {
		if (n + 1 >= sizeof name) {
			fail(p, start, "name too long%s", NULL);
			return;
		}
		name[n++] = p->s[p->pos] == '.' ? '_' : p->s[p->pos];
		p->pos++;
	}
	name[n] = '\0';
	skip_space(p);
	if (p->pos < p->len && p->s[p->pos] == '(') {
		const char *fn = name;
		if (strncmp(fn, "math_", 5) == 0)
			fn += 5;
		parse_call(p, fn, start);
		return;
	}
	for (size_t i = 0; i < p->n_vars; i++)
		if (strcmp(p->vars[i], name) == 0) {
			emit(p, (insn) { .code = OP_VAR, .var = i }, 1);
			return;
		}
	fail(p, start, "unknown variable '%s'", name);
}

static void
parse_primary(parser *p)
{
	skip_space(p);
	if (p->pos >= p->len) {
		fail(p, p->pos, "formula ends too soon%s", NULL);
		return;
	}
	char c = p->s[p->pos];
	if ((c >= '0' && c <= '9') || c == '.') {
		parse_number(p);
	} else if (name_start(c)) {
		parse_name(p);
	} else if (c == '(') {
		if (++p->nest > MAX_NEST) {
			fail(p, p->pos, "formula nested too deeply%s", NULL);
			return;
		}
		p->pos++;
		parse_expr(p);
		skip_space(p);
		if (!p->failed && (p->pos >= p->len || p->s[p->pos] != ')'))
			fail(p, p->pos, "expected ')'%s", NULL);
		p->pos++;
		p->nest--;
	} else {
		char what[2] = { c, '\0' };
		fail(p, p->pos, "unexpected '%s'", what);
	}
}

static void
parse_unary(parser *p)
{
	skip_space(p);
	if (p->pos < p->len && (p->s[p->pos] == '-' || p->s[p->pos] == '+')) {
		bool neg = p->s[p->pos] == '-';
		if (++p->nest > MAX_NEST) {
			fail(p, p->pos, "formula nested too deeply%s", NULL);
			return;
		}
		p->pos++;
		parse_unary(p);
		p->nest--;
		if (neg)
			emit(p, (insn) { .code = OP_NEG }, 0);
		return;
	}
	parse_primary(p);
}

static void
parse_term(parser *p)
{
	parse_unary(p);
	for (;;) {
		skip_space(p);
		if (p->failed || p->pos >= p->len ||
		    strchr("*/%", p->s[p->pos]) == NULL || p->s[p->pos] == '\0')
			return;
		char c = p->s[p->pos++];
		parse_unary(p);
		emit(p,
		    (insn) { .code = c == '*' ? OP_MUL
		            : c == '/'        ? OP_DIV
		                              : OP_MOD },
		    -1);
	}
}

static void
parse_expr(parser *p)
{
	if (++p->nest > MAX_NEST) {
		fail(p, p->pos, "formula nested too deeply%s", NULL);
		return;
	}
	parse_term(p);
	for (;;) {
		skip_space(p);
		if (p->failed || p->pos >= p->len ||
		    (p->s[p->pos] != '+' && p->s[p->pos] != '-'))
			break;
		char c = p->s[p->pos++];
		parse_term(p);
		emit(p, (insn) { .code = c == '+' ? OP_ADD : OP_SUB }, -1);
	}
	p->nest--;
}

rdy_expr *
rdy_expr_compile(const char *src, size_t len, const char *const *vars, size_t n,
    char *err, size_t errsize, size_t *errpos)
{
	parser    p = { .s  = src,
		   .len     = len,
		   .vars    = vars,
		   .n_vars  = n,
		   .err     = err,
		   .errsize = errsize };
	rdy_expr *x;

	if (len > MAX_LEN) {
		fail(&p, MAX_LEN, "formula longer than %s bytes", "4096");
		goto out;
	}
	skip_space(&p);
	if (p.pos == len) {
		fail(&p, 0, "empty formula%s", NULL);
		goto out;
	}
	parse_expr(&p);
	skip_space(&p);
	if (!p.failed && p.pos < len) {
		char what[2] = { src[p.pos], '\0' };
		fail(&p, p.pos, "unexpected '%s' after the formula", what);
	}
out:
	if (p.failed) {
		free(p.code);
		if (errpos != NULL)
			*errpos = p.errpos < len ? p.errpos : len;
		return NULL;
	}
	x = malloc(sizeof *x);
	if (x == NULL) {
		free(p.code);
		snprintf(err, errsize, "out of memory");
		if (errpos != NULL)
			*errpos = 0;
		return NULL;
	}
	x->code = p.code;
	x->n    = p.n;
	return x;
}

static double
call(int fn, const double *a, int argc)
{
	double r;

	switch (fn) {
	case 0:
		return sqrt(a[0]);
	case 1:
		return fabs(a[0]);
	case 2:
		return pow(a[0], a[1]);
	case 3:
	case 4:
		r = a[0];
		for (int i = 1; i < argc; i++)
			r = fn == 3 ? fmin(r, a[i]) : fmax(r, a[i]);
		return r;
	case 5:
		return log(a[0]);
	case 6:
		return log10(a[0]);
	case 7:
		return log2(a[0]);
	case 8:
		return exp(a[0]);
	case 9:
		return floor(a[0]);
	case 10:
		return ceil(a[0]);
	default:
		return round(a[0]);
	}
}

double
rdy_expr_eval(const rdy_expr *x, const double *values)
{
	double stack[MAX_STACK];
	size_t sp = 0;

	for (size_t i = 0; i < x->n; i++) {
		const insn *in = &x->code[i];
		switch (in->code) {
		case OP_CONST:
			stack[sp++] = in->val;
			break;
		case OP_VAR:
			stack[sp++] = values[in->var];
			break;
		case OP_NEG:
			stack[sp - 1] = -stack[sp - 1];
			break;
		case OP_ADD:
			sp--;
			stack[sp - 1] += stack[sp];
			break;
		case OP_SUB:
			sp--;
			stack[sp - 1] -= stack[sp];
			break;
		case OP_MUL:
			sp--;
			stack[sp - 1] *= stack[sp];
			break;
		case OP_DIV:
			sp--;
			stack[sp - 1] /= stack[sp];
			break;
		case OP_MOD:
			sp--;
			stack[sp - 1] = fmod(stack[sp - 1], stack[sp]);
			break;
		case OP_CALL:
			sp -= (size_t)in->argc;
			stack[sp] = call(in->fn, &stack[sp], in->argc);
			sp++;
			break;
		}
	}
	return sp == 1 ? stack[0] : NAN;
}

void
rdy_expr_free(rdy_expr *x)
{
	if (x == NULL)
		return;
	free(x->code);
	free(x);
}

int
rdy_cond_parse(const char *src, size_t len, rdy_cmp *cmp, size_t *used)
{
	static const struct {
		const char *text;
		rdy_cmp     cmp;
	} ops[]  = { { ">=", RDY_GE }, { "<=", RDY_LE }, { "==", RDY_EQ },
		 { "!=", RDY_NE }, { ">", RDY_GT }, { "<", RDY_LT } };
	size_t i = 0;

	while (i < len && (src[i] == ' ' || src[i] == '\t'))
		i++;
	for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		size_t n = strlen(ops[k].text);
		if (len - i >= n && memcmp(src + i, ops[k].text, n) == 0) {
			*cmp  = ops[k].cmp;
			*used = i + n;
			return 0;
		}
	}
	return -1;
}

int
rdy_cmp_eval(rdy_cmp cmp, double a, double b)
{
	if (isnan(a) || isnan(b))
		return 0;
	switch (cmp) {
	case RDY_GT:
		return a > b;
	case RDY_GE:
		return a >= b;
	case RDY_LT:
		return a < b;
	case RDY_LE:
		return a <= b;
	case RDY_EQ:
		return a == b;
	default:
		return a != b;
	}
}
