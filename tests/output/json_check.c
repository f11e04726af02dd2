/*
 * json_check.c - a strict JSON validator (recursive descent, depth
 * limited) so the writers' tests can prove their output parses.
 */
#include "json_check.h"

#include <string.h>

#include "core/core.h"

typedef struct jp {
	const char *s;
	size_t      len, i;
	int         depth;
} jp;

static bool value(jp *p);

static void
ws(jp *p)
{
	while (p->i < p->len && strchr(" \t\n\r", p->s[p->i]) && p->s[p->i])
		p->i++;
}

static bool
lit(jp *p, const char *w)
{
	size_t n = strlen(w);

	if (p->len - p->i < n || memcmp(p->s + p->i, w, n) != 0)
		return false;
	p->i += n;
	return true;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
number(jp *p)
{
	size_t start;

	if (p->i < p->len && p->s[p->i] == '-')
		p->i++;
	if (p->i >= p->len || !is_digit(p->s[p->i]))
		return false;
	if (p->s[p->i] == '0')
		p->i++;
	else
		while (p->i < p->len && is_digit(p->s[p->i]))
			p->i++;
	if (p->i < p->len && p->s[p->i] == '.') {
		start = ++p->i;
		while (p->i < p->len && is_digit(p->s[p->i]))
			p->i++;
		if (p->i == start)
			return false;
	}
	if (p->i < p->len && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->len && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		start = p->i;
		while (p->i < p->len && is_digit(p->s[p->i]))
			p->i++;
		if (p->i == start)
			return false;
	}
	return true;
}

static bool
string(jp *p)
{
	size_t adv, k;

	if (p->i >= p->len || p->s[p->i] != '"')
		return false;
	p->i++;
	while (p->i < p->len) {
		unsigned char c = (unsigned char)p->s[p->i];

		if (c == '"') {
			p->i++;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c == '\\') {
			p->i++;
			if (p->i >= p->len)
				return false;
			c = (unsigned char)p->s[p->i];
			if (c == 'u') {
				for (k = 1; k <= 4; k++)
					if (p->i + k >= p->len ||
					    !strchr("0123456789abcdefABCDEF",
					        p->s[p->i + k]) ||
					    !p->s[p->i + k])
						return false;
				p->i += 5;
				continue;
			}
			if (!strchr("\"\\/bfnrt", c) || !c)
				return false;
			p->i++;
			continue;
		}
		if (c >= 0x80) {
			rl__utf8_decode(p->s + p->i, p->len - p->i, &adv);
			if (adv == 1)
				return false;
			p->i += adv;
			continue;
		}
		p->i++;
	}
	return false;
}

static bool
members(jp *p, char close, bool object)
{
	p->i++;
	ws(p);
	if (p->i < p->len && p->s[p->i] == close) {
		p->i++;
		return true;
	}
	for (;;) {
		ws(p);
		if (object) {
			if (!string(p))
				return false;
			ws(p);
			if (p->i >= p->len || p->s[p->i] != ':')
				return false;
			p->i++;
		}
		if (!value(p))
			return false;
		ws(p);
		if (p->i >= p->len)
			return false;
		if (p->s[p->i] == close) {
			p->i++;
			return true;
		}
		if (p->s[p->i] != ',')
			return false;
		p->i++;
	}
}

static bool
value(jp *p)
{
	bool ok;

	ws(p);
	if (p->i >= p->len || ++p->depth > 64)
		return false;
	switch (p->s[p->i]) {
	case '{':
		ok = members(p, '}', true);
		break;
	case '[':
		ok = members(p, ']', false);
		break;
	case '"':
		ok = string(p);
		break;
	case 't':
		ok = lit(p, "true");
		break;
	case 'f':
		ok = lit(p, "false");
		break;
	case 'n':
		ok = lit(p, "null");
		break;
	default:
		ok = number(p);
		break;
	}
	p->depth--;
	return ok;
}

bool
json_check(const char *s, size_t len, size_t *where)
{
	jp   p = { s, len, 0, 0 };
	bool ok;

	ok = value(&p);
	ws(&p);
	if (ok && p.i == len)
		return true;
	if (where)
		*where = p.i;
	return false;
}
