/*
 * lua_doc.c - the document model as Lua sees it: one read-only class,
 * redline.node, for the document, its sections, blocks, sentences, words
 * and regex matches.
 *
 * A node is a small userdata (kind, index, byte range) that points into
 * the document of the check call that made it; the document dies with the
 * review, so a node is refused once that call has returned (a rule could
 * keep one in a global).  Matches in a Lua string are the exception: they
 * keep their string as a user value and stay usable.  Every node made is
 * charged to the rule's budget.
 */
#include <string.h>

#include "lua/lua_int.h"

typedef enum node_kind {
	N_DOC = 0,
	N_SECTION,
	N_BLOCK,
	N_SENTENCE,
	N_WORD,
	N_MATCH,
} node_kind;

static const char *const node_kind_names[] = {
	"document",
	"section",
	"block",
	"sentence",
	"word",
	"match",
};

static const char *const block_kind_names[] = {
	"heading",
	"paragraph",
	"list_item",
	"table_header",
	"table_cell",
	"code",
};

typedef struct node {
	uint64_t serial;    /* the check call it belongs to */
	uint8_t  kind;      /* node_kind */
	bool     in_string; /* a match in a Lua string (user value 1) */
	uint32_t index;     /* section, block or sentence index */
	uint32_t aux;       /* sentence: its block; match: its groups */
	uint32_t off, end;  /* byte range */
	uint32_t groups[];  /* match: 2 * aux offsets, UINT32_MAX unset */
} node;

/* ------------------------------------------------------------------------
 * Making and checking nodes
 * ------------------------------------------------------------------------ */

static node *
push_node(
    lua_State *L, node_kind kind, uint32_t index, uint32_t off, uint32_t end)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);
	node      *n;

	rl__lua_charge(L, RL_LUA_COST_NODE);
	n            = lua_newuserdatauv(L, sizeof *n, 0);
	n->serial    = vm->serial;
	n->kind      = (uint8_t)kind;
	n->in_string = false;
	n->index     = index;
	n->aux       = 0;
	n->off       = off;
	n->end       = end;
	lua_rawgeti(L, LUA_REGISTRYINDEX, vm->ref_node_mt);
	lua_setmetatable(L, -2);
	return n;
}

static void
push_section(lua_State *L, const rl_doc *d, uint32_t i)
{
	push_node(L, N_SECTION, i, d->sections[i].off, d->sections[i].end);
}

static void
push_block(lua_State *L, const rl_doc *d, uint32_t i)
{
	push_node(L, N_BLOCK, i, d->blocks[i].off, d->blocks[i].end);
}

static void
push_sentence(lua_State *L, const rl_doc *d, uint32_t i, uint32_t block)
{
	node *n = push_node(
	    L, N_SENTENCE, i, d->sentences[i].off, d->sentences[i].end);

	n->aux = block;
}

void
rl__lua_push_doc(lua_State *L)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);

	if (!vm->doc)
		luaL_error(L, "no document is being reviewed");
	push_node(L, N_DOC, 0, 0, (uint32_t)vm->doc->len);
}

void
rl__lua_push_match(lua_State *L, uint32_t off, uint32_t end, int str_idx,
    const size_t *ov, uint32_t ngroups)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);
	node      *n;
	uint32_t   i;

	if (str_idx)
		str_idx = lua_absindex(L, str_idx);
	rl__lua_charge(L, RL_LUA_COST_MATCH);
	n = lua_newuserdatauv(
	    L, sizeof *n + 2 * (size_t)ngroups * sizeof(uint32_t), 1);
	n->serial    = vm->serial;
	n->kind      = N_MATCH;
	n->in_string = str_idx != 0;
	n->index     = 0;
	n->aux       = ngroups;
	n->off       = off;
	n->end       = end;
	for (i = 0; i < ngroups; i++) {
		size_t a = ov[2 * (i + 1)], b = ov[2 * (i + 1) + 1];
		bool   unset = a == PCRE2_UNSET || b == PCRE2_UNSET || b < a;

		n->groups[2 * i]     = unset ? UINT32_MAX : (uint32_t)a;
		n->groups[2 * i + 1] = unset ? UINT32_MAX : (uint32_t)b;
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, vm->ref_node_mt);
	lua_setmetatable(L, -2);
	if (str_idx) {
		lua_pushvalue(L, str_idx);
		lua_setiuservalue(L, -2, 1);
	}
}

/* check_node returns the node at idx, refusing other values and nodes of
 * another check call. */
static node *
check_node(lua_State *L, int idx)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);
	node      *n  = rl__lua_toclass(L, idx, vm->node_mt);

	if (!n)
		luaL_typeerror(L, idx, "document node");
	if (!n->in_string && (n->serial != vm->serial || !vm->doc))
		luaL_error(L,
		    "a document node was used after the check call "
		    "that made it returned");
	return n;
}

void
rl__lua_node_range(lua_State *L, int idx, bool allow_string, rl_lua_range *out)
{
	node *n;

	memset(out, 0, sizeof *out);
	out->section = UINT32_MAX;
	if (allow_string && lua_type(L, idx) == LUA_TSTRING) {
		out->subject = lua_tolstring(L, idx, &out->subject_len);
		out->off     = 0;
		out->end     = (uint32_t)out->subject_len;
		if (out->subject_len > UINT32_MAX)
			luaL_error(L, "string too long to search");
		return;
	}
	n = check_node(L, idx);
	if (n->in_string) {
		if (!allow_string)
			luaL_error(L,
			    "a match in a string has no place in "
			    "the document");
		lua_getiuservalue(L, idx, 1);
		out->subject = lua_tolstring(L, -1, &out->subject_len);
		lua_pop(L, 1); /* the node keeps the string alive */
	} else {
		out->in_doc = true;
		if (n->kind == N_SECTION)
			out->section = n->index;
	}
	out->off = n->off;
	out->end = n->end;
}

/* subject_of returns the bytes a node's offsets index: the document's
 * prose, or the string a match was made in. */
static const char *
subject_of(lua_State *L, int idx, const node *n, bool raw)
{
	rl_lua_vm  *vm = rl__lua_vm_of(L);
	const char *s;

	if (!n->in_string)
		return raw ? vm->doc->raw : vm->doc->prose;
	lua_getiuservalue(L, idx, 1);
	s = lua_tostring(L, -1);
	lua_pop(L, 1);
	return s;
}

static void
push_slice(lua_State *L, const char *s, uint32_t off, uint32_t end)
{
	rl__lua_charge(L, (end - off) >> RL_LUA_COST_BYTES_SHIFT);
	lua_pushlstring(L, s + off, end - off);
}

/* RL_LUA_TEXTS_SLACK: what the texts of one review may hold beyond twice
 * the document's length (sections nest, so their texts overlap). */
#define RL_LUA_TEXTS_SLACK ((size_t)64 * 1024)

/*
 * push_text pushes the text (or raw source) of a document node.  The
 * texts of the document, its sections, blocks and sentences are kept for
 * the rest of the review, so the rules after the first that asks (each of
 * a pack's rules reading doc.raw, say) get the same Lua string instead of
 * a new copy.  Bounded: at most twice the document plus
 * RL_LUA_TEXTS_SLACK, and an eighth of the state's memory cap; past that,
 * texts are copied as before.  A rule is charged the same either way, so
 * its budget does not depend on the rules before it.
 */
static void
push_text(lua_State *L, int idx, const node *n, bool raw)
{
	rl_lua_vm  *vm  = rl__lua_vm_of(L);
	size_t      len = n->end - n->off, cap;
	lua_Integer key;

	if (n->in_string || n->kind > N_SENTENCE) {
		push_slice(L, subject_of(L, idx, n, raw), n->off, n->end);
		return;
	}
	rl__lua_charge(L, len >> RL_LUA_COST_BYTES_SHIFT);
	key = ((lua_Integer)n->index * 4 + n->kind) * 2 + raw;
	if (vm->texts_review != vm->review) {
		lua_newtable(L);
		lua_rawseti(L, LUA_REGISTRYINDEX, vm->ref_texts);
		vm->texts_review = vm->review;
		vm->texts_bytes  = 0;
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, vm->ref_texts); /* [texts] */
	if (lua_rawgeti(L, -1, key) == LUA_TSTRING) {     /* [texts s] */
		lua_remove(L, -2);
		return;
	}
	lua_pop(L, 1);
	lua_pushlstring(
	    L, subject_of(L, idx, n, raw) + n->off, len); /* [t s] */
	cap = 2 * (size_t)vm->doc->len + RL_LUA_TEXTS_SLACK;
	if (cap > vm->mem_limit / 8)
		cap = vm->mem_limit / 8;
	if (vm->texts_bytes + len <= cap) {
		lua_pushvalue(L, -1);
		lua_rawseti(L, -3, key);
		vm->texts_bytes += len;
	}
	lua_remove(L, -2);
}

/* ------------------------------------------------------------------------
 * Lists
 * ------------------------------------------------------------------------ */

/* sections_in pushes the sections after index `first` that lie inside
 * [off, end); children_only keeps those whose parent is `first`. */
static int
push_sections(
    lua_State *L, const rl_doc *d, uint32_t first, bool all, bool children_only)
{
	const rl_section *p = &d->sections[first];
	uint32_t          i;
	lua_Integer       k = 0;

	lua_newtable(L);
	for (i = first + 1; i < d->n_sections; i++) {
		const rl_section *s = &d->sections[i];

		if (!all && s->off >= p->end)
			break;
		if (children_only && s->parent != first)
			continue;
		push_section(L, d, i);
		lua_rawseti(L, -2, ++k);
	}
	return 1;
}

static int
push_blocks(lua_State *L, const rl_doc *d, uint32_t first, uint32_t end)
{
	uint32_t    i;
	lua_Integer k = 0;

	lua_createtable(L, (int)(end > first ? end - first : 0), 0);
	for (i = first; i < end && i < d->n_blocks; i++) {
		push_block(L, d, i);
		lua_rawseti(L, -2, ++k);
	}
	return 1;
}

static int
push_sentences(lua_State *L, const rl_doc *d, uint32_t bfirst, uint32_t bend)
{
	uint32_t    b, i;
	lua_Integer k = 0;

	lua_newtable(L);
	for (b = bfirst; b < bend && b < d->n_blocks; b++) {
		const rl_block *bl = &d->blocks[b];

		for (i = 0; i < bl->sent_count; i++) {
			if (bl->sent_first + i >= d->n_sentences)
				break;
			push_sentence(L, d, bl->sent_first + i, b);
			lua_rawseti(L, -2, ++k);
		}
	}
	return 1;
}

typedef struct word_buf {
	uint32_t *v;
	size_t    n, cap;
} word_buf;

static void
count_word(void *arg, uint32_t off, uint32_t end)
{
	(void)off;
	(void)end;
	(*(size_t *)arg)++;
}

static void
store_word(void *arg, uint32_t off, uint32_t end)
{
	word_buf *w = arg;

	if (w->n < w->cap) {
		w->v[2 * w->n]     = off;
		w->v[2 * w->n + 1] = end;
		w->n++;
	}
}

/* push_words lists the words of [off, end): counted first, then stored in
 * a Lua-owned buffer (no Lua call happens inside the document's walk). */
static int
push_words(lua_State *L, const rl_doc *d, uint32_t off, uint32_t end)
{
	size_t   count = 0, i;
	word_buf w;

	rl__doc_words(d, off, end, count_word, &count);
	rl__lua_charge(L, (uint64_t)count * RL_LUA_COST_NODE);
	w.v =
	    lua_newuserdatauv(L, (count ? count : 1) * 2 * sizeof(uint32_t), 0);
	w.n   = 0;
	w.cap = count;
	rl__doc_words(d, off, end, store_word, &w);
	lua_createtable(L, (int)w.n, 0); /* [buf t] */
	for (i = 0; i < w.n; i++) {
		push_node(L, N_WORD, (uint32_t)i, w.v[2 * i], w.v[2 * i + 1]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_remove(L, -2);
	return 1;
}

/* block_span gives the blocks a node covers. */
static void
block_span(const rl_doc *d, const node *n, uint32_t *first, uint32_t *end)
{
	switch (n->kind) {
	case N_DOC:
		*first = 0;
		*end   = d->n_blocks;
		break;
	case N_SECTION:
		*first = d->sections[n->index].block_first;
		*end   = d->sections[n->index].block_end;
		break;
	case N_BLOCK:
		*first = n->index;
		*end   = n->index + 1;
		break;
	default:
		*first = *end = 0;
	}
}

/* ------------------------------------------------------------------------
 * Methods
 * ------------------------------------------------------------------------ */

static int
m_sections(lua_State *L)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);
	node      *n  = check_node(L, 1);

	if (n->kind != N_DOC && n->kind != N_SECTION)
		return luaL_error(L, "sections() needs a document or section");
	return push_sections(L, vm->doc, n->kind == N_DOC ? 0 : n->index,
	    n->kind == N_DOC, false);
}

static bool
title_eq(const char *a, const char *b, size_t blen)
{
	size_t i;

	for (i = 0; i < blen; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x == 0)
			return false;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return a[blen] == '\0';
}

/* node:section(title): the first section below the node whose title is
 * title, ignoring ASCII case; nil if none. */
static int
m_section(lua_State *L)
{
	rl_lua_vm    *vm = rl__lua_vm_of(L);
	node         *n  = check_node(L, 1);
	size_t        tlen;
	const char   *t = luaL_checklstring(L, 2, &tlen);
	const rl_doc *d = vm->doc;
	uint32_t      i, from = n->kind == N_SECTION ? n->index : 0;

	if (n->kind != N_DOC && n->kind != N_SECTION)
		return luaL_error(L, "section() needs a document or section");
	for (i = from + 1; i < d->n_sections; i++) {
		if (n->kind == N_SECTION &&
		    d->sections[i].off >= d->sections[from].end)
			break;
		rl__lua_charge(L, RL_LUA_COST_CALL);
		if (title_eq(d->sections[i].title, t, tlen)) {
			push_section(L, d, i);
			return 1;
		}
	}
	lua_pushnil(L);
	return 1;
}

static int
m_blocks(lua_State *L)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);
	node      *n  = check_node(L, 1);
	uint32_t   first, end;

	block_span(vm->doc, n, &first, &end);
	return push_blocks(L, vm->doc, first, end);
}

static int
m_sentences(lua_State *L)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);
	node      *n  = check_node(L, 1);
	uint32_t   first, end;

	if (n->kind == N_SENTENCE) {
		lua_createtable(L, 1, 0);
		lua_pushvalue(L, 1);
		lua_rawseti(L, -2, 1);
		return 1;
	}
	block_span(vm->doc, n, &first, &end);
	return push_sentences(L, vm->doc, first, end);
}

static int
m_words(lua_State *L)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);
	node      *n  = check_node(L, 1);

	if (n->in_string)
		return luaL_error(L, "words() needs a document node");
	return push_words(L, vm->doc, n->off, n->end);
}

/* node:find(p) is redline.find(p, node). */
static int
m_find(lua_State *L)
{
	check_node(L, 1);
	lua_settop(L, 2);
	lua_insert(L, 1); /* [p node] */
	return rl__lua_f_find(L);
}

/* match:span(i): offset and length of group i (0: the whole match). */
static int
m_span(lua_State *L)
{
	node       *n = check_node(L, 1);
	lua_Integer i = luaL_optinteger(L, 2, 0);

	if (i == 0) {
		lua_pushinteger(L, n->off);
		lua_pushinteger(L, (lua_Integer)(n->end - n->off));
		return 2;
	}
	if (n->kind != N_MATCH || i < 0 || i > (lua_Integer)n->aux ||
	    n->groups[2 * (i - 1)] == UINT32_MAX)
		return 0;
	lua_pushinteger(L, n->groups[2 * (i - 1)]);
	lua_pushinteger(L,
	    (lua_Integer)(n->groups[2 * (i - 1) + 1] - n->groups[2 * (i - 1)]));
	return 2;
}

static const luaL_Reg node_methods[] = {
	{ "sections", m_sections },
	{ "section", m_section },
	{ "blocks", m_blocks },
	{ "sentences", m_sentences },
	{ "words", m_words },
	{ "find", m_find },
	{ "span", m_span },
	{ NULL, NULL },
};

/* ------------------------------------------------------------------------
 * Fields
 * ------------------------------------------------------------------------ */

/* push_meta converts a front-matter value into plain Lua values. */
static void
push_meta(lua_State *L, const rl_meta *m, int depth)
{
	const rl_meta *c;
	lua_Integer    k = 0;

	luaL_checkstack(L, 4, "front matter too deep");
	if (depth > 64) {
		lua_pushnil(L);
		return;
	}
	rl__lua_charge(L, RL_LUA_COST_NODE);
	switch (m->kind) {
	case RL_META_SCALAR:
		lua_pushstring(L, m->value ? m->value : "");
		break;
	case RL_META_SEQ:
		lua_newtable(L);
		for (c = m->child; c; c = c->next) {
			push_meta(L, c, depth + 1);
			lua_rawseti(L, -2, ++k);
		}
		break;
	case RL_META_MAP:
	default:
		lua_newtable(L);
		for (c = m->child; c; c = c->next) {
			if (!c->key)
				continue;
			push_meta(L, c, depth + 1);
			lua_setfield(L, -2, c->key);
		}
		break;
	}
}

/* field pushes the named field of node n (at idx); 0 if there is none. */
static int
field(lua_State *L, int idx, node *n, const char *k)
{
	rl_lua_vm    *vm = rl__lua_vm_of(L);
	const rl_doc *d  = vm->doc;
	uint32_t      line, col;

	if (strcmp(k, "type") == 0) {
		lua_pushstring(L, node_kind_names[n->kind]);
	} else if (strcmp(k, "offset") == 0) {
		lua_pushinteger(L, n->off);
	} else if (strcmp(k, "length") == 0) {
		lua_pushinteger(L, (lua_Integer)(n->end - n->off));
	} else if (strcmp(k, "text") == 0) {
		push_text(L, idx, n, false);
	} else if (strcmp(k, "raw") == 0) {
		push_text(L, idx, n, true);
	} else if (!n->in_string &&
	    (strcmp(k, "line") == 0 || strcmp(k, "column") == 0)) {
		rl__doc_line_col(d, n->off, &line, &col);
		lua_pushinteger(L, k[0] == 'l' ? line : col);
	} else if (n->kind == N_DOC) {
		if (strcmp(k, "format") == 0)
			lua_pushstring(L, d->format ? d->format : "");
		else if (strcmp(k, "meta") == 0 && d->meta)
			push_meta(L, d->meta, 0);
		else if (strcmp(k, "root") == 0)
			push_section(L, d, 0);
		else if (strcmp(k, "lines") == 0)
			lua_pushinteger(L, d->n_lines);
		else
			return 0;
	} else if (n->kind == N_SECTION) {
		const rl_section *s = &d->sections[n->index];

		if (strcmp(k, "title") == 0)
			lua_pushstring(L, s->title ? s->title : "");
		else if (strcmp(k, "level") == 0)
			lua_pushinteger(L, s->level);
		else if (strcmp(k, "index") == 0)
			lua_pushinteger(L, n->index);
		else if (strcmp(k, "parent") == 0 && n->index != 0)
			push_section(L, d, s->parent);
		else if (strcmp(k, "children") == 0)
			push_sections(L, d, n->index, n->index == 0, true);
		else if (strcmp(k, "heading") == 0 && s->heading < d->n_blocks)
			push_block(L, d, s->heading);
		else if (strcmp(k, "body_offset") == 0)
			lua_pushinteger(L, s->body);
		else if (strcmp(k, "n_words") == 0)
			lua_pushinteger(L, s->n_words);
		else
			return 0;
	} else if (n->kind == N_BLOCK) {
		const rl_block *b = &d->blocks[n->index];

		if (strcmp(k, "kind") == 0)
			lua_pushstring(L,
			    b->kind < RL_BLOCK_KIND_COUNT
			        ? block_kind_names[b->kind]
			        : "unknown");
		else if (strcmp(k, "level") == 0)
			lua_pushinteger(L, b->level);
		else if (strcmp(k, "index") == 0)
			lua_pushinteger(L, n->index);
		else if (strcmp(k, "section") == 0)
			push_section(L, d, b->section);
		else if (strcmp(k, "in_list") == 0)
			lua_pushboolean(L, b->flags & RL_BF_IN_LIST);
		else if (strcmp(k, "in_quote") == 0)
			lua_pushboolean(L, b->flags & RL_BF_IN_QUOTE);
		else if (strcmp(k, "in_table") == 0)
			lua_pushboolean(L, b->flags & RL_BF_IN_TABLE);
		else if (strcmp(k, "n_words") == 0)
			lua_pushinteger(L, b->n_words);
		else
			return 0;
	} else if (n->kind == N_SENTENCE) {
		if (strcmp(k, "block") == 0)
			push_block(L, d, n->aux);
		else if (strcmp(k, "index") == 0)
			lua_pushinteger(L, n->index);
		else
			return 0;
	} else if (n->kind == N_MATCH && strcmp(k, "n_groups") == 0) {
		lua_pushinteger(L, n->aux);
	} else {
		return 0;
	}
	return 1;
}

/* __index: methods by name, fields, and match groups by number. */
static int
node_index(lua_State *L)
{
	node       *n = check_node(L, 1);
	lua_Integer i;
	const char *s;

	if (lua_type(L, 2) == LUA_TNUMBER) {
		i = lua_tointeger(L, 2);
		if (n->kind != N_MATCH || i < 1 || i > (lua_Integer)n->aux ||
		    n->groups[2 * (i - 1)] == UINT32_MAX)
			return 0;
		push_slice(L, subject_of(L, 1, n, false),
		    n->groups[2 * (i - 1)], n->groups[2 * (i - 1) + 1]);
		return 1;
	}
	s = luaL_checkstring(L, 2);
	/* A block's `section` is the field (the section holding it); the
	 * method of that name, section(title), is the document's and
	 * sections'. */
	if (n->kind == N_BLOCK && strcmp(s, "section") == 0)
		return field(L, 1, n, s) ? 1 : 0;
	lua_pushvalue(L, 2);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
		return 1; /* a method */
	lua_pop(L, 1);
	return field(L, 1, n, s) ? 1 : 0;
}

static int
node_newindex(lua_State *L)
{
	return luaL_error(L, "document nodes are read-only");
}

static int
node_eq(lua_State *L)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);
	node      *a  = rl__lua_toclass(L, 1, vm->node_mt);
	node      *b  = rl__lua_toclass(L, 2, vm->node_mt);

	lua_pushboolean(L,
	    a && b && a->kind == b->kind && a->index == b->index &&
	        a->off == b->off && a->end == b->end &&
	        a->serial == b->serial && !a->in_string && !b->in_string);
	return 1;
}

static int
node_tostring(lua_State *L)
{
	node *n = luaL_checkudata(L, 1, RL_LUA_MT_NODE); /* cold */

	lua_pushfstring(L, "redline %s [%d, %d)", node_kind_names[n->kind],
	    (int)n->off, (int)n->end);
	return 1;
}

void
rl__lua_doc_open(lua_State *L)
{
	rl_lua_vm *vm = rl__lua_vm_of(L);

	luaL_newmetatable(L, RL_LUA_MT_NODE); /* [mt] */
	vm->node_mt = lua_topointer(L, -1);
	lua_pushvalue(L, -1);
	vm->ref_node_mt = luaL_ref(L, LUA_REGISTRYINDEX);
	luaL_newlib(L, node_methods); /* [mt methods] */
	lua_pushcclosure(L, node_index, 1);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, node_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, node_eq);
	lua_setfield(L, -2, "__eq");
	lua_pushcfunction(L, node_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushliteral(L, RL_LUA_LOCKED);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
}
