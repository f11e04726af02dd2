/*
 * html.h - the html plugin's shared parts: HTML pages (wiki exports from
 * Confluence and MediaWiki among them) parsed with gumbo into Redline's
 * document model, every offset a source offset.
 */
#ifndef HTML_HTML_H
#define HTML_HTML_H

#include <gumbo.h>

#include "redline/plugin.h"

/* The host's table, stored by init (immutable, process-wide). */
extern const rl_plugin_api *html_api;

/* html_build fills b from the HTML in src[0, len). */
rl_err html_build(rl_plugin_build *b, const char *src, size_t len);

/*
 * html_text marks one text node's source bytes as prose of the open block.
 * Character references are decoded: the text gumbo decoded sits at the
 * reference's first bytes, spaces fill the rest (so "&amp;" is "&" and
 * four spaces), and findings keep source offsets.  src is the whole
 * document; t the node.  If the decoded text cannot be lined up with the
 * source (it always can for what gumbo produces), the rest of the node is
 * marked verbatim.
 */
rl_err html_text(
    rl_plugin_build *b, const char *src, size_t len, const GumboText *t);

#endif /* HTML_HTML_H */
