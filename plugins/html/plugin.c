/*
 * plugin.c - the html plugin: the `html` document format for HTML pages,
 * wiki exports included (Confluence storage format and HTML exports,
 * MediaWiki pages).  Parsing is gumbo's (an HTML5 parser); walk.c maps the
 * tree to blocks and text.c maps text with its character references to
 * source offsets, so findings point into the HTML source.
 *
 * Built as html.so; links libc and libgumbo only.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

const rl_plugin_api *html_api;

static rl_err
html_parse(rl_plugin_build *b, const char *src, size_t len, void *arg)
{
	(void)arg;
	return html_build(b, src, len);
}

/* starts_tag: does s[0, n) start with "<name" ended by space, '>' or
 * '/' (case-insensitive)? */
static bool
starts_tag(const char *s, size_t n, const char *name)
{
	size_t k = strlen(name);

	if (n < k + 2 || s[0] != '<' || strncasecmp(s + 1, name, k) != 0)
		return false;
	return strchr(" \t\r\n>/", s[k + 1]) != NULL && s[k + 1] != '\0';
}

static bool
contains(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
			return true;
	return false;
}

/* html_sniff: a doctype or <html> first is HTML for sure (100, above any
 * Markdown score); Confluence storage markup is likely (60); a document
 * that opens with a block tag is possible (20). */
static int
html_sniff(const char *src, size_t len, void *arg)
{
	static const char *const blocks[] = { "p", "h1", "h2", "h3", "div",
		"table", "ul", "ol", "section", "article", "body", "head",
		NULL };
	size_t                   n = len < 4096 ? len : 4096, i = 0;

	(void)arg;
	if (n >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && strchr(" \t\r\n", src[i]) != NULL && src[i] != '\0')
		i++;
	src += i;
	n -= i;
	if ((n >= 14 && strncasecmp(src, "<!doctype html", 14) == 0) ||
	    starts_tag(src, n, "html"))
		return 100;
	if (n >= 5 && strncmp(src, "<?xml", 5) == 0 &&
	    contains(src, n, "<html"))
		return 100;
	if (contains(src, n, "<ac:") || contains(src, n, "<ri:"))
		return 60;
	for (size_t k = 0; blocks[k] != NULL; k++)
		if (starts_tag(src, n, blocks[k]))
			return 20;
	return 0;
}

static const char *const html_extensions[] = { "html", "htm", "xhtml", NULL };

static const rl_plugin_format html_format = {
	.size       = sizeof(rl_plugin_format),
	.name       = "html",
	.extensions = html_extensions,
	.sniff      = html_sniff,
	.parse      = html_parse,
};

static rl_err
html_init(const rl_plugin_api *api, rl_plugin_host *host, void **state)
{
	(void)state;
	html_api = api;
	return api->register_format(host, &html_format);
}

static const rl_plugin_desc html_desc = {
	.abi_version = RL_PLUGIN_ABI_VERSION,
	.size        = sizeof(rl_plugin_desc),
	.name        = "html",
	.version     = "1.0.0",
	.description = "HTML pages and wiki exports (Confluence, MediaWiki) "
	               "as documents, parsed with gumbo",
	.api_min     = 1,
	.init        = html_init,
	.fini        = NULL,
};

RL_PLUGIN_EXPORT const rl_plugin_desc *
rl_plugin_entry(void)
{
	return &html_desc;
}
