/*
 * walk.c - from gumbo's tree to Redline's blocks.
 *
 *   h1-h6                         heading (level 1-6)
 *   p, dt, dd, caption, ...       paragraph; in a list item a list item,
 *                                 in a table cell that cell (as Markdown)
 *   li                            list item (level = list depth)
 *   td / th                       table cell / header cell
 *   pre, listing, xmp             code block (kept out of prose)
 *   script, style, code, kbd,     skipped, as are navigation, tables of
 *   samp, svg, math, head, ...    contents, [edit] links and the like of
 *                                 MediaWiki and Confluence exports
 *   div, section, blockquote, ... containers: text directly in them is a
 *                                 paragraph of its own
 *   a, em, span, ... (inline)     part of the block around them
 *
 * Confluence storage format (<ac:structured-macro>, <ri:page>, ...)
 * parses as unknown elements: code macros and parameters are skipped,
 * rich-text bodies are containers.  Comments are recorded so
 * <!-- redline off --> works.  The walk keeps its own stack, so deep
 * nesting cannot exhaust the C stack.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

typedef enum role {
	R_INLINE = 0,
	R_SKIP,
	R_CODE,
	R_HEADING,
	R_PARA,
	R_LI,
	R_TD,
	R_TH,
	R_LIST,
	R_QUOTE,
	R_TABLE,
	R_BLOCK,
} role;

/* What text means where it stands. */
typedef struct ctx {
	int      text_kind; /* block kind of text directly here */
	int      para_kind; /* what a <p> here becomes */
	unsigned level;     /* heading level, or list depth */
	unsigned flags;     /* RL_PLUGIN_BF_* */
	unsigned list_depth;
} ctx;

typedef struct frame {
	const GumboNode *node;
	unsigned         next; /* next child */
	ctx              c;
	bool             block; /* closes the open block when left */
} frame;

typedef struct walker {
	rl_plugin_build *b;
	const char      *src;
	size_t           len;
	bool             open; /* a block is open */
	frame           *st;
	size_t           n, cap;
} walker;

/* ------------------------------------------------------------------------
 * Classifying elements
 * ------------------------------------------------------------------------ */

static const char *const skip_classes[] = { "mw-editsection", "toc",
	"mw-jump-link", "printfooter", "catlinks", "navbox", "noprint",
	"mw-cite-backlink", "reference", "mw-indicators", "page-metadata",
	"breadcrumbs", NULL };

static const char *const skip_ids[] = { "toc", "mw-navigation", "mw-head",
	"mw-panel", "footer", "siteSub", "contentSub", "jump-to-nav",
	"catlinks", "breadcrumb-section", "mw-page-base", "mw-head-base",
	NULL };

/* Confluence macros whose body is not prose. */
static const char *const skip_macros[] = { "code", "noformat", "html", "toc",
	"children", "attachments", "jira", "anchor", NULL };

static bool
in_list(const char *s, size_t n, const char *const *list)
{
	for (size_t k = 0; list[k] != NULL; k++)
		if (strlen(list[k]) == n && strncasecmp(s, list[k], n) == 0)
			return true;
	return false;
}

static const char *
attr(const GumboElement *el, const char *name)
{
	const GumboAttribute *a = gumbo_get_attribute(&el->attributes, name);

	return a != NULL && a->value != NULL ? a->value : NULL;
}

/* skipped_by_attrs: navigation and furniture of wiki pages. */
static bool
skipped_by_attrs(const GumboElement *el)
{
	const char *v;

	if (gumbo_get_attribute(&el->attributes, "hidden") != NULL)
		return true;
	if ((v = attr(el, "role")) != NULL && strcasecmp(v, "navigation") == 0)
		return true;
	if ((v = attr(el, "id")) != NULL && in_list(v, strlen(v), skip_ids))
		return true;
	if ((v = attr(el, "class")) != NULL) {
		while (*v != '\0') {
			size_t n;
			v += strspn(v, " \t\r\n\f");
			n = strcspn(v, " \t\r\n\f");
			if (n > 0 && in_list(v, n, skip_classes))
				return true;
			v += n;
		}
	}
	return false;
}

/* Confluence storage-format elements and what they are. */
static const struct {
	const char *name;
	role        r;
} confluence[] = {
	{ "ac:structured-macro", R_BLOCK }, /* unless a code macro, below */
	{ "ac:macro", R_BLOCK },
	{ "ac:rich-text-body", R_BLOCK },
	{ "ac:layout", R_BLOCK },
	{ "ac:layout-section", R_BLOCK },
	{ "ac:layout-cell", R_BLOCK },
	{ "ac:task-list", R_LIST },
	{ "ac:task", R_LI },
	{ "ac:plain-text-body", R_SKIP },
	{ "ac:parameter", R_SKIP },
	{ "ac:image", R_SKIP },
	{ "ac:emoticon", R_SKIP },
	{ "ac:placeholder", R_SKIP },
	{ "ac:task-id", R_SKIP },
	{ "ac:task-status", R_SKIP },
};

/* unknown_role classifies elements gumbo does not know by name, such as
 * Confluence's ac: and ri: ones. */
static role
unknown_role(const GumboElement *el)
{
	GumboStringPiece name = el->original_tag;
	const char      *macro;

	if (name.data == NULL || name.length < 2)
		return R_INLINE;
	gumbo_tag_from_original_text(&name);
	if (name.length > 3 && strncasecmp(name.data, "ri:", 3) == 0)
		return R_SKIP; /* references: pages, users, attachments */
	for (size_t i = 0; i < sizeof confluence / sizeof confluence[0]; i++) {
		if (strlen(confluence[i].name) != name.length ||
		    strncasecmp(name.data, confluence[i].name, name.length) !=
		        0)
			continue;
		macro = attr(el, "ac:name");
		if (confluence[i].r == R_BLOCK && macro != NULL &&
		    in_list(macro, strlen(macro), skip_macros))
			return R_SKIP;
		return confluence[i].r;
	}
	return R_INLINE;
}

static role
classify(const GumboNode *node)
{
	const GumboElement *el = &node->v.element;

	if (node->type == GUMBO_NODE_TEMPLATE ||
	    el->tag_namespace != GUMBO_NAMESPACE_HTML)
		return R_SKIP;
	if (skipped_by_attrs(el))
		return R_SKIP;
	switch (el->tag) {
	case GUMBO_TAG_SCRIPT:
	case GUMBO_TAG_STYLE:
	case GUMBO_TAG_NOSCRIPT:
	case GUMBO_TAG_TEXTAREA:
	case GUMBO_TAG_SELECT:
	case GUMBO_TAG_OPTION:
	case GUMBO_TAG_OPTGROUP:
	case GUMBO_TAG_DATALIST:
	case GUMBO_TAG_BUTTON:
	case GUMBO_TAG_SVG:
	case GUMBO_TAG_MATH:
	case GUMBO_TAG_HEAD:
	case GUMBO_TAG_TITLE:
	case GUMBO_TAG_IFRAME:
	case GUMBO_TAG_OBJECT:
	case GUMBO_TAG_EMBED:
	case GUMBO_TAG_APPLET:
	case GUMBO_TAG_CANVAS:
	case GUMBO_TAG_AUDIO:
	case GUMBO_TAG_VIDEO:
	case GUMBO_TAG_MAP:
	case GUMBO_TAG_CODE:
	case GUMBO_TAG_KBD:
	case GUMBO_TAG_SAMP:
	case GUMBO_TAG_TT:
	case GUMBO_TAG_VAR:
	case GUMBO_TAG_NAV:
	case GUMBO_TAG_NOEMBED:
	case GUMBO_TAG_NOFRAMES:
	case GUMBO_TAG_RP:
	case GUMBO_TAG_RT:
	case GUMBO_TAG_PROGRESS:
	case GUMBO_TAG_METER:
		return R_SKIP;
	case GUMBO_TAG_PRE:
	case GUMBO_TAG_LISTING:
	case GUMBO_TAG_XMP:
	case GUMBO_TAG_PLAINTEXT:
		return R_CODE;
	case GUMBO_TAG_H1:
	case GUMBO_TAG_H2:
	case GUMBO_TAG_H3:
	case GUMBO_TAG_H4:
	case GUMBO_TAG_H5:
	case GUMBO_TAG_H6:
		return R_HEADING;
	case GUMBO_TAG_P:
	case GUMBO_TAG_DT:
	case GUMBO_TAG_DD:
	case GUMBO_TAG_FIGCAPTION:
	case GUMBO_TAG_CAPTION:
	case GUMBO_TAG_SUMMARY:
	case GUMBO_TAG_ADDRESS:
	case GUMBO_TAG_LEGEND:
		return R_PARA;
	case GUMBO_TAG_LI:
		return R_LI;
	case GUMBO_TAG_TD:
		return R_TD;
	case GUMBO_TAG_TH:
		return R_TH;
	case GUMBO_TAG_UL:
	case GUMBO_TAG_OL:
	case GUMBO_TAG_MENU:
	case GUMBO_TAG_DIR:
		return R_LIST;
	case GUMBO_TAG_BLOCKQUOTE:
		return R_QUOTE;
	case GUMBO_TAG_TABLE:
		return R_TABLE;
	case GUMBO_TAG_HTML:
	case GUMBO_TAG_BODY:
	case GUMBO_TAG_DIV:
	case GUMBO_TAG_SECTION:
	case GUMBO_TAG_ARTICLE:
	case GUMBO_TAG_MAIN:
	case GUMBO_TAG_ASIDE:
	case GUMBO_TAG_HEADER:
	case GUMBO_TAG_FOOTER:
	case GUMBO_TAG_FORM:
	case GUMBO_TAG_FIELDSET:
	case GUMBO_TAG_DETAILS:
	case GUMBO_TAG_FIGURE:
	case GUMBO_TAG_CENTER:
	case GUMBO_TAG_HGROUP:
	case GUMBO_TAG_DL:
	case GUMBO_TAG_TBODY:
	case GUMBO_TAG_THEAD:
	case GUMBO_TAG_TFOOT:
	case GUMBO_TAG_TR:
	case GUMBO_TAG_COLGROUP:
	case GUMBO_TAG_HR:
	case GUMBO_TAG_FRAMESET:
	case GUMBO_TAG_MULTICOL:
		return R_BLOCK;
	case GUMBO_TAG_UNKNOWN:
		return unknown_role(el);
	default:
		return R_INLINE;
	}
}

/* derive: the context inside an element of role r under parent p. */
static ctx
derive(const ctx *p, role r, const GumboNode *node)
{
	ctx c = *p;

	switch (r) {
	case R_HEADING:
		c.text_kind = RL_PLUGIN_BLOCK_HEADING;
		c.level = (unsigned)(node->v.element.tag - GUMBO_TAG_H1) + 1;
		break;
	case R_PARA:
	case R_BLOCK:
		c.text_kind = p->para_kind;
		c.level     = p->para_kind == RL_PLUGIN_BLOCK_LIST_ITEM
		        ? p->list_depth
		        : 0;
		break;
	case R_LI:
		c.text_kind = c.para_kind = RL_PLUGIN_BLOCK_LIST_ITEM;
		c.flags |= RL_PLUGIN_BF_IN_LIST;
		c.level = p->list_depth > 0 ? p->list_depth : 1;
		break;
	case R_TD:
	case R_TH:
		c.text_kind = c.para_kind = r == R_TD
		    ? RL_PLUGIN_BLOCK_TABLE_CELL
		    : RL_PLUGIN_BLOCK_TABLE_HEADER;
		c.flags |= RL_PLUGIN_BF_IN_TABLE;
		c.level = 0;
		break;
	case R_LIST:
		c.list_depth = p->list_depth + 1;
		break;
	case R_QUOTE:
		c.flags |= RL_PLUGIN_BF_IN_QUOTE;
		c.text_kind = c.para_kind = RL_PLUGIN_BLOCK_PARAGRAPH;
		c.level                   = 0;
		break;
	case R_TABLE:
		c.flags |= RL_PLUGIN_BF_IN_TABLE;
		break;
	default:
		break;
	}
	return c;
}

/* ------------------------------------------------------------------------
 * The walk
 * ------------------------------------------------------------------------ */

static rl_err
close_block(walker *w)
{
	if (!w->open)
		return RL_OK;
	w->open = false;
	return html_api->build_block_end(w->b);
}

static rl_err
push(walker *w, const GumboNode *node, ctx c, bool block)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		frame *st  = realloc(w->st, cap * sizeof *st);
		if (st == NULL)
			return RL_ENOMEM;
		w->st  = st;
		w->cap = cap;
	}
	w->st[w->n++] =
	    (frame) { .node = node, .next = 0, .c = c, .block = block };
	return RL_OK;
}

/* code_block records a <pre>'s content as a code block: placed, never
 * prose. */
static rl_err
code_block(walker *w, const GumboElement *el)
{
	size_t from = el->start_pos.offset + el->original_tag.length;
	size_t to   = el->end_pos.offset;
	rl_err err;

	if (el->original_tag.length == 0 || el->original_end_tag.length == 0 ||
	    to <= from || to > w->len)
		return RL_OK;
	if ((err = close_block(w)) != RL_OK)
		return err;
	if ((err = html_api->build_block_begin(w->b, RL_PLUGIN_BLOCK_CODE, 0,
	         w->st[w->n - 1].c.flags)) != RL_OK)
		return err;
	if ((err = html_api->build_text(
	         w->b, (uint32_t)from, (uint32_t)(to - from))) != RL_OK)
		return err;
	return html_api->build_block_end(w->b);
}

static rl_err
text(walker *w, const GumboNode *node, const ctx *c)
{
	rl_err err;

	if (!w->open) {
		if (node->type == GUMBO_NODE_WHITESPACE)
			return RL_OK;
		err = html_api->build_block_begin(w->b, c->text_kind,
		    c->text_kind == RL_PLUGIN_BLOCK_HEADING ||
		            c->text_kind == RL_PLUGIN_BLOCK_LIST_ITEM
		        ? c->level
		        : 0,
		    c->flags);
		if (err != RL_OK)
			return err;
		w->open = true;
	}
	return html_text(w->b, w->src, w->len, &node->v.text);
}

static rl_err
comment(walker *w, const GumboNode *node)
{
	const GumboText *t = &node->v.text;
	size_t           off;

	if (t->original_text.data == NULL || t->original_text.data < w->src)
		return RL_OK;
	off = (size_t)(t->original_text.data - w->src);
	if (off > w->len || t->original_text.length > w->len - off)
		return RL_OK;
	return html_api->build_comment(
	    w->b, (uint32_t)off, (uint32_t)t->original_text.length);
}

static rl_err
walk(walker *w, const GumboNode *doc)
{
	ctx    top = { .text_kind = RL_PLUGIN_BLOCK_PARAGRAPH,
		   .para_kind     = RL_PLUGIN_BLOCK_PARAGRAPH };
	rl_err err;

	if ((err = push(w, doc, top, true)) != RL_OK)
		return err;
	while (w->n > 0) {
		frame             *f    = &w->st[w->n - 1];
		const GumboVector *kids = f->node->type == GUMBO_NODE_DOCUMENT
		    ? &f->node->v.document.children
		    : &f->node->v.element.children;
		const GumboNode   *child;
		role               r;

		if (f->next >= kids->length) {
			if (f->block && (err = close_block(w)) != RL_OK)
				return err;
			w->n--;
			continue;
		}
		child = kids->data[f->next++];
		switch (child->type) {
		case GUMBO_NODE_ELEMENT:
		case GUMBO_NODE_TEMPLATE:
			r = classify(child);
			if (r == R_SKIP)
				break;
			if (r == R_CODE) {
				err = code_block(w, &child->v.element);
				break;
			}
			if (r != R_INLINE && (err = close_block(w)) != RL_OK)
				return err;
			err = push(
			    w, child, derive(&f->c, r, child), r != R_INLINE);
			break;
		case GUMBO_NODE_TEXT:
		case GUMBO_NODE_WHITESPACE:
			err = text(w, child, &f->c);
			break;
		case GUMBO_NODE_COMMENT:
			err = comment(w, child);
			break;
		default: /* CDATA (foreign content only), documents */
			break;
		}
		if (err != RL_OK)
			return err;
	}
	return RL_OK;
}

/* ------------------------------------------------------------------------
 * A guard against nesting gumbo is slow on: its tree building scans the
 * stack of open elements for many start tags, so thousands of unclosed
 * <div>, <ul> or <i> cost time quadratic in their number (50,000 nested
 * <ul> take seconds).  A first pass estimates the nesting from the tags
 * alone (void and self-closing elements, and those the next sibling
 * closes, left out; comments, scripts and styles skipped) and refuses
 * deeper documents before gumbo sees them.
 * ------------------------------------------------------------------------ */

#define MAX_NESTING 8000

static const char *const flat_tags[] = { "area", "base", "br", "col", "embed",
	"hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
	"p", "li", "dt", "dd", "td", "th", "tr", "option", "tbody", "thead",
	"tfoot", "colgroup", "ri:page", "ri:attachment", "ri:user", "ri:url",
	NULL };

/* skip_past returns the offset after the first occurrence of end at or
 * after i (case-insensitive), or n. */
static size_t
skip_past(const char *s, size_t n, size_t i, const char *end)
{
	size_t k = strlen(end);

	for (; i + k <= n; i++)
		if (strncasecmp(s + i, end, k) == 0)
			return i + k;
	return n;
}

static bool
too_deep(const char *s, size_t n)
{
	size_t depth = 0, i = 0;

	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		size_t      name, k;

		if (lt == NULL)
			break;
		i = (size_t)(lt - s) + 1;
		if (i < n && s[i] == '/') {
			depth -= depth > 0;
			continue;
		}
		if (i + 2 < n && s[i] == '!' && s[i + 1] == '-' &&
		    s[i + 2] == '-') {
			i = skip_past(s, n, i + 3, "-->");
			continue;
		}
		if (i >= n || !(((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')))
			continue;
		name = i;
		while (i < n &&
		    (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') ||
		        (s[i] >= '0' && s[i] <= '9') || s[i] == ':' ||
		        s[i] == '-'))
			i++;
		k = i - name;
		if ((k == 6 && strncasecmp(s + name, "script", 6) == 0) ||
		    (k == 5 && strncasecmp(s + name, "style", 5) == 0)) {
			i = skip_past(s, n, i, k == 6 ? "</script" : "</style");
			continue;
		}
		if (in_list(s + name, k, flat_tags))
			continue;
		while (i < n && s[i] != '>')
			i++;
		if (i < n && s[i - 1] == '/')
			continue; /* <x/> */
		if (++depth > MAX_NESTING)
			return true;
	}
	return false;
}

rl_err
html_build(rl_plugin_build *b, const char *src, size_t len)
{
	GumboOptions opts = kGumboDefaultOptions;
	GumboOutput *out;
	walker       w = { .b = b, .src = src, .len = len };
	rl_err       err;

	if (too_deep(src, len))
		return RL_ETOOBIG;
	opts.max_errors = 0; /* we do not read them: keep none (each one
	                        would copy the stack of open elements) */
	out = gumbo_parse_with_options(&opts, src, len);
	if (out == NULL)
		return RL_ENOMEM;
	err = walk(&w, out->document);
	if (err == RL_OK)
		err = close_block(&w);
	free(w.st);
	gumbo_destroy_output(&opts, out);
	return err;
}
