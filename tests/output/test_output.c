/*
 * test_output.c - every built-in writer on one fixed result: text, json
 * and line byte for byte; sarif and codequality parsed back and checked;
 * junit byte for byte; min_level filtering; escaping of hostile strings;
 * carets under tabs, wide characters and long lines; write errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json_check.h"
#include "output/output.h"

#define HEX "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const char src[] = "# Title\n"
                          "We built a world-class tool.\n"
                          "\tMaybe caf\xc3\xa9 later.\n";

static const char *const sugg[] = { "proven" };

static const rl_finding findings[] = {
	{ "p.date", RL_LEVEL_ERROR, "Add a date line.", 1, 1, 1, 1, 0, 0, "",
	    "", "structure", NULL, 0 },
	{ "p.hype", RL_LEVEL_WARNING, "Replace 'world-class'.", 2, 12, 2, 22,
	    19, 11, "world-class", "Title", "clarity", sugg, 1 },
	{ "p.hedge", RL_LEVEL_SUGGESTION, "Avoid \"Maybe\".", 3, 2, 3, 6, 38, 5,
	    "Maybe", "Title", "clarity", NULL, 0 },
	{ "p.cafe", RL_LEVEL_SUGGESTION, "Say 'caf\xc3\xa9'\tplainly.", 3, 8, 3,
	    11, 44, 5, "caf\xc3\xa9", "Title", "style", NULL, 0 },
};

static const rl_deduction d_structure[] = { { "p.date", 1, 20 } };
static const rl_deduction d_clarity[]   = { { "p.hype", 1, 5 },
	  { "p.hedge", 1, 1 } };
static const rl_deduction d_style[]     = { { "p.cafe", 1, 1 } };

static const rl_category categories[] = {
	{ "structure", 80, d_structure, 1 },
	{ "clarity", 94, d_clarity, 2 },
	{ "style", 99, d_style, 1 },
};

static const rl_pack_ref   packs[]     = { { "p", "1.0.0", "d1" } };
static const rl_rule_error rule_errs[] = { { "p.lua", "boom at p/lua.lua:3" } };

static rl_result
fixture(void)
{
	rl_result r;

	memset(&r, 0, sizeof r);
	r.path = "docs/t.md";
	memcpy(r.sha256, HEX, 65);
	r.format        = "markdown";
	r.packs         = packs;
	r.n_packs       = 1;
	r.score         = 67;
	r.verdict       = RL_VERDICT_FAIL;
	r.categories    = categories;
	r.n_categories  = 3;
	r.rule_errors   = rule_errs;
	r.n_rule_errors = 1;
	r.findings      = findings;
	r.n_findings    = 4;
	return r;
}

/* write runs one writer over n copies of res and returns its output
 * (heap, free()). */
static char *
write_report(const char *format, const rl_result *res, size_t n, rl_level min,
    bool color, const char *text, size_t *len)
{
	rl_engine     *e;
	rl_writer     *w;
	rl_writer_opts o    = { color, min };
	char          *buf  = NULL;
	size_t         size = 0, i;
	FILE          *f;

	assert_int_equal(rl_engine_new(&e), RL_OK);
	f = open_memstream(&buf, &size);
	assert_non_null(f);
	assert_int_equal(rl_writer_open(e, format, f, &o, &w), RL_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(
		    rl_writer_document(w, res, text, text ? strlen(text) : 0),
		    RL_OK);
	assert_int_equal(rl_writer_close(w), RL_OK);
	fclose(f);
	rl_engine_free(e);
	if (len)
		*len = size;
	return buf;
}

static void
assert_json(const char *s, size_t len)
{
	size_t where = 0;

	if (!json_check(s, len, &where))
		fail_msg("invalid JSON at byte %zu: %.40s", where, s + where);
}

static const char want_json[] =
    "{\n"
    "  \"redline\": \"" RL_VERSION_STRING "\",\n"
    "  \"documents\": [\n"
    "    {\n"
    "      \"path\": \"docs/t.md\",\n"
    "      \"sha256\": \"" HEX "\",\n"
    "      \"format\": \"markdown\",\n"
    "      \"packs\": [\n"
    "        {\"name\": \"p\", \"version\": \"1.0.0\", \"digest\": \"d1\"}\n"
    "      ],\n"
    "      \"score\": 67,\n"
    "      \"verdict\": \"fail\",\n"
    "      \"categories\": [\n"
    "        {\"name\": \"structure\", \"score\": 80, \"deductions\": "
    "[{\"rule\": \"p.date\", \"count\": 1, \"points\": 20}]},\n"
    "        {\"name\": \"clarity\", \"score\": 94, \"deductions\": "
    "[{\"rule\": \"p.hype\", \"count\": 1, \"points\": 5}, "
    "{\"rule\": \"p.hedge\", \"count\": 1, \"points\": 1}]},\n"
    "        {\"name\": \"style\", \"score\": 99, \"deductions\": "
    "[{\"rule\": \"p.cafe\", \"count\": 1, \"points\": 1}]}\n"
    "      ],\n"
    "      \"rule_errors\": [\n"
    "        {\"rule\": \"p.lua\", \"message\": \"boom at p/lua.lua:3\"}\n"
    "      ],\n"
    "      \"findings\": [\n"
    "        {\"rule\": \"p.date\", \"severity\": \"error\", \"message\": "
    "\"Add a date line.\", \"line\": 1, \"column\": 1, \"end_line\": 1, "
    "\"end_column\": 1, \"offset\": 0, \"length\": 0, \"match\": \"\", "
    "\"section\": \"\", \"category\": \"structure\", \"suggestions\": []},\n"
    "        {\"rule\": \"p.hype\", \"severity\": \"warning\", \"message\": "
    "\"Replace 'world-class'.\", \"line\": 2, \"column\": 12, "
    "\"end_line\": 2, \"end_column\": 22, \"offset\": 19, \"length\": 11, "
    "\"match\": \"world-class\", \"section\": \"Title\", \"category\": "
    "\"clarity\", \"suggestions\": [\"proven\"]}\n"
    "      ]\n"
    "    }\n"
    "  ]\n"
    "}\n";

static void
test_json_exact(void **state)
{
	rl_result r = fixture();
	size_t    len;
	char     *out;

	out = write_report("json", &r, 1, RL_LEVEL_WARNING, false, src, &len);
	assert_string_equal(out, want_json);
	assert_json(out, len);
	free(out);

	/* All four findings, the suggestion's quotes and tab escaped. */
	out =
	    write_report("json", &r, 2, RL_LEVEL_SUGGESTION, true, NULL, &len);
	assert_json(out, len);
	assert_non_null(strstr(out, "\"message\": \"Avoid \\\"Maybe\\\".\""));
	assert_non_null(
	    strstr(out, "\"message\": \"Say 'caf\xc3\xa9'\\tplainly.\""));
	assert_non_null(strstr(out, "\"severity\": \"suggestion\""));
	free(out);
}

static void
test_json_empty_and_hostile(void **state)
{
	rl_result               r;
	size_t                  len;
	char                   *out;
	static const rl_finding bad = { NULL, RL_LEVEL_WARNING,
		"ctl \x01\x1f \xff\xfe \xed\xa0\x80 \\ \"", 1, 1, 1, 1, 0, 1,
		"\xc3", NULL, NULL, NULL, 0 };

	memset(&r, 0, sizeof r);
	out =
	    write_report("json", &r, 0, RL_LEVEL_SUGGESTION, false, NULL, &len);
	assert_string_equal(out,
	    "{\n  \"redline\": \"" RL_VERSION_STRING
	    "\",\n  \"documents\": []\n}\n");
	assert_json(out, len);
	free(out);

	/* NULL strings, invalid UTF-8 and control characters: still JSON,
	 * every field present. */
	r.path       = "bad\xff\nname.md";
	r.findings   = &bad;
	r.n_findings = 1;
	out =
	    write_report("json", &r, 1, RL_LEVEL_SUGGESTION, false, NULL, &len);
	assert_json(out, len);
	assert_non_null(strstr(out, "\"path\": \"bad\xef\xbf\xbd\\nname.md\""));
	assert_non_null(strstr(out, "\\u0001\\u001f"));
	assert_non_null(strstr(out, "\"packs\": []"));
	assert_non_null(strstr(out, "\"categories\": []"));
	assert_non_null(strstr(out, "\"rule_errors\": []"));
	assert_non_null(strstr(out, "\"rule\": \"\", \"severity\""));
	assert_non_null(strstr(out, "\"sha256\": \"\""));
	free(out);
}

static const char want_text[] =
    "docs/t.md:1:1: error: Add a date line. [p.date]\n"
    "     1 | # Title\n"
    "       | ^\n"
    "docs/t.md:2:12: warning: Replace 'world-class'. [p.hype]\n"
    "     2 | We built a world-class tool.\n"
    "       |            ^~~~~~~~~~~\n"
    "docs/t.md:3:2: suggestion: Avoid \"Maybe\". [p.hedge]\n"
    "     3 |         Maybe caf\xc3\xa9 later.\n"
    "       |         ^~~~~\n"
    "docs/t.md:3:8: suggestion: Say 'caf\xc3\xa9' plainly. [p.cafe]\n"
    "     3 |         Maybe caf\xc3\xa9 later.\n"
    "       |               ^~~~\n"
    "docs/t.md: error: rule failed: boom at p/lua.lua:3 [p.lua]\n"
    "docs/t.md: score 67/100, verdict fail: 1 error, 1 warning, "
    "2 suggestions, 1 rule error\n"
    "  structure 80/100: -20 p.date (1 finding)\n"
    "  clarity 94/100: -5 p.hype (1 finding), -1 p.hedge (1 finding)\n"
    "  style 99/100: -1 p.cafe (1 finding)\n";

static void
test_text_exact(void **state)
{
	rl_result r = fixture();
	char     *out;

	out =
	    write_report("text", &r, 1, RL_LEVEL_SUGGESTION, false, src, NULL);
	assert_string_equal(out, want_text);
	free(out);

	/* Two documents are separated by a blank line; no source, no
	 * excerpt; min_level hides suggestions but not the counts. */
	out = write_report("text", &r, 2, RL_LEVEL_WARNING, false, NULL, NULL);
	assert_string_equal(out,
	    "docs/t.md:1:1: error: Add a date line. [p.date]\n"
	    "docs/t.md:2:12: warning: Replace 'world-class'. [p.hype]\n"
	    "docs/t.md: error: rule failed: boom at p/lua.lua:3 [p.lua]\n"
	    "docs/t.md: score 67/100, verdict fail: 1 error, 1 warning, "
	    "2 suggestions, 1 rule error\n"
	    "  structure 80/100: -20 p.date (1 finding)\n"
	    "  clarity 94/100: -5 p.hype (1 finding), -1 p.hedge (1 finding)\n"
	    "  style 99/100: -1 p.cafe (1 finding)\n"
	    "\n"
	    "docs/t.md:1:1: error: Add a date line. [p.date]\n"
	    "docs/t.md:2:12: warning: Replace 'world-class'. [p.hype]\n"
	    "docs/t.md: error: rule failed: boom at p/lua.lua:3 [p.lua]\n"
	    "docs/t.md: score 67/100, verdict fail: 1 error, 1 warning, "
	    "2 suggestions, 1 rule error\n"
	    "  structure 80/100: -20 p.date (1 finding)\n"
	    "  clarity 94/100: -5 p.hype (1 finding), -1 p.hedge (1 finding)\n"
	    "  style 99/100: -1 p.cafe (1 finding)\n");
	free(out);
}

static void
test_text_color(void **state)
{
	rl_result r = fixture();
	char     *out;

	r.n_findings    = 2;
	r.n_rule_errors = 0;
	r.n_categories  = 0;
	out = write_report("text", &r, 1, RL_LEVEL_WARNING, true, src, NULL);
	assert_string_equal(out,
	    "\033[1mdocs/t.md:1:1:\033[0m \033[1;31merror:\033[0m Add a date "
	    "line. \033[2m[p.date]\033[0m\n"
	    "     1 | # Title\n"
	    "       | \033[1;32m^\033[0m\n"
	    "\033[1mdocs/t.md:2:12:\033[0m \033[1;35mwarning:\033[0m Replace "
	    "'world-class'. \033[2m[p.hype]\033[0m\n"
	    "     2 | We built a world-class tool.\n"
	    "       |            \033[1;32m^~~~~~~~~~~\033[0m\n"
	    "\033[1mdocs/t.md:\033[0m score 67/100, verdict \033[1;31mfail"
	    "\033[0m: 1 error, 1 warning, 0 suggestions\n");
	free(out);
}

/* one_finding makes a result with one warning at [off, off+len). */
static rl_result
one_finding(
    rl_finding *f, const char *text, uint32_t off, uint32_t len, uint32_t col)
{
	rl_result r;

	memset(&r, 0, sizeof r);
	memset(f, 0, sizeof *f);
	r.path       = "w.md";
	r.score      = 100;
	f->rule      = "r.x";
	f->level     = RL_LEVEL_WARNING;
	f->message   = "m";
	f->line      = 1;
	f->column    = col;
	f->offset    = off;
	f->length    = len;
	r.findings   = f;
	r.n_findings = 1;
	(void)text;
	return r;
}

static void
test_text_carets(void **state)
{
	static const char wide[] = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e bad\n";
	static const char crlf[] = "a\tb bad\r\nnext\n";
	char              longline[400];
	rl_finding        f;
	rl_result         r;
	char             *out, want[600];

	/* Wide characters take two columns each. */
	r = one_finding(&f, wide, 10, 3, 5);
	out =
	    write_report("text", &r, 1, RL_LEVEL_SUGGESTION, false, wide, NULL);
	assert_string_equal(out,
	    "w.md:1:5: warning: m [r.x]\n"
	    "     1 | \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e bad\n"
	    "       |        ^~~\n"
	    "w.md: score 100/100, verdict pass: 0 errors, 1 warning, "
	    "0 suggestions\n");
	free(out);

	/* A tab after one column reaches the next stop; CR is not shown; a
	 * match running past the line's end stops at it. */
	r = one_finding(&f, crlf, 4, 10, 5);
	out =
	    write_report("text", &r, 1, RL_LEVEL_SUGGESTION, false, crlf, NULL);
	assert_string_equal(out,
	    "w.md:1:5: warning: m [r.x]\n"
	    "     1 | a       b bad\n"
	    "       |           ^~~\n"
	    "w.md: score 100/100, verdict pass: 0 errors, 1 warning, "
	    "0 suggestions\n");
	free(out);

	/* A long line is cut on both sides around the match. */
	memset(longline, 'a', 150);
	memcpy(longline + 150, "bad", 3);
	memset(longline + 153, 'b', 150);
	memcpy(longline + 303, "\n", 2);
	r   = one_finding(&f, longline, 150, 3, 151);
	out = write_report(
	    "text", &r, 1, RL_LEVEL_SUGGESTION, false, longline, NULL);
	snprintf(want, sizeof want,
	    "w.md:1:151: warning: m [r.x]\n"
	    "     1 | ...%.40sbad%.54s...\n"
	    "       | %43s^~~\n"
	    "w.md: score 100/100, verdict pass: 0 errors, 1 warning, "
	    "0 suggestions\n",
	    longline, longline + 153, "");
	assert_string_equal(out, want);
	free(out);

	/* An offset past the source shows no excerpt rather than crash. */
	r = one_finding(&f, wide, 100, 3, 5);
	out =
	    write_report("text", &r, 1, RL_LEVEL_SUGGESTION, false, wide, NULL);
	assert_string_equal(out,
	    "w.md:1:5: warning: m [r.x]\n"
	    "w.md: score 100/100, verdict pass: 0 errors, 1 warning, "
	    "0 suggestions\n");
	free(out);
}

static void
test_line_exact(void **state)
{
	rl_result r = fixture();
	char     *out;

	out =
	    write_report("line", &r, 1, RL_LEVEL_SUGGESTION, false, src, NULL);
	assert_string_equal(out,
	    "docs/t.md:1:1:p.date:Add a date line.\n"
	    "docs/t.md:2:12:p.hype:Replace 'world-class'.\n"
	    "docs/t.md:3:2:p.hedge:Avoid \"Maybe\".\n"
	    "docs/t.md:3:8:p.cafe:Say 'caf\xc3\xa9'\tplainly.\n");
	free(out);
	out = write_report("line", &r, 1, RL_LEVEL_ERROR, false, src, NULL);
	assert_string_equal(out, "docs/t.md:1:1:p.date:Add a date line.\n");
	free(out);
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
		n++;
	return n;
}

static void
test_sarif(void **state)
{
	rl_result r = fixture();
	size_t    len;
	char     *out;

	out =
	    write_report("sarif", &r, 2, RL_LEVEL_SUGGESTION, false, src, &len);
	assert_json(out, len);
	assert_non_null(strstr(out, "\"version\": \"2.1.0\""));
	assert_non_null(strstr(out,
	    "\"$schema\": "
	    "\"https://json.schemastore.org/"
	    "sarif-2.1.0.json\""));
	assert_non_null(strstr(out, "\"columnKind\": \"unicodeCodePoints\""));
	assert_non_null(strstr(out, "\"name\": \"redline\""));
	/* Four rules once each in the driver; eight results. */
	assert_int_equal(count(out,
	                     "{\"id\": \"p.date\", \"properties\": "
	                     "{\"category\": \"structure\"}}"),
	    1);
	assert_int_equal(count(out, "{\"id\": \"p.hype\", \"properties\""), 1);
	assert_int_equal(count(out, "{\"id\": \"p.hedge\", \"properties\""), 1);
	assert_int_equal(count(out, "{\"id\": \"p.cafe\", \"properties\""), 1);
	assert_int_equal(count(out, "\"ruleId\": "), 8);
	assert_non_null(strstr(out,
	    "\"ruleId\": \"p.hype\", \"ruleIndex\": 1, \"level\": "
	    "\"warning\""));
	assert_non_null(strstr(out,
	    "\"ruleId\": \"p.cafe\", \"ruleIndex\": 3, \"level\": \"note\""));
	/* endColumn is exclusive: one past the inclusive end_column. */
	assert_non_null(strstr(out,
	    "\"region\": {\"startLine\": 2, \"startColumn\": 12, "
	    "\"endLine\": 2, \"endColumn\": 23, \"byteOffset\": 19, "
	    "\"byteLength\": 11, \"snippet\": {\"text\": \"world-class\"}}"));
	/* An empty match is an empty region. */
	assert_non_null(strstr(out,
	    "\"startLine\": 1, \"startColumn\": 1, \"endLine\": 1, "
	    "\"endColumn\": 1, \"byteOffset\": 0, \"byteLength\": 0"));
	assert_non_null(strstr(out,
	    "\"artifactLocation\": {\"uri\": \"docs/t.md\", \"index\": 1}"));
	assert_non_null(strstr(out, "\"executionSuccessful\": false"));
	assert_int_equal(
	    count(out, "\"associatedRule\": {\"id\": \"p.lua\"}"), 2);
	assert_non_null(strstr(out, "\"hashes\": {\"sha-256\": \"" HEX "\"}"));
	free(out);

	/* Nothing shown: still a valid log; paths become URI references. */
	r.n_rule_errors = 0;
	r.path          = "my docs/50%#.md";
	out = write_report("sarif", &r, 1, RL_LEVEL_ERROR, false, NULL, &len);
	assert_json(out, len);
	assert_int_equal(count(out, "\"ruleId\": "), 1);
	assert_non_null(strstr(out, "\"uri\": \"my%20docs/50%25%23.md\""));
	assert_non_null(strstr(out, "\"executionSuccessful\": true"));
	free(out);
	memset(&r, 0, sizeof r);
	out = write_report("sarif", &r, 0, RL_LEVEL_ERROR, false, NULL, &len);
	assert_json(out, len);
	assert_non_null(strstr(out, "\"results\": []"));
	free(out);
}

static void
test_codequality(void **state)
{
	rl_result   r = fixture();
	size_t      len;
	char       *out, fp[65], want[300];
	const char *key = "docs/t.mdp.hype19Replace 'world-class'.";

	out = write_report(
	    "codequality", &r, 1, RL_LEVEL_SUGGESTION, false, src, &len);
	assert_json(out, len);
	assert_int_equal(out[0], '[');
	assert_int_equal(count(out, "\"check_name\": "), 5);
	assert_int_equal(count(out, "\"severity\": \"info\""), 2);
	assert_int_equal(count(out, "\"severity\": \"minor\""), 1);
	assert_int_equal(count(out, "\"severity\": \"major\""), 1);
	assert_int_equal(count(out, "\"severity\": \"critical\""), 1);
	rl__sha256_hex(key, strlen(key), fp);
	snprintf(want, sizeof want,
	    "{\"description\": \"Replace 'world-class'.\", \"check_name\": "
	    "\"p.hype\", \"fingerprint\": \"%s\", \"severity\": \"minor\", "
	    "\"location\": {\"path\": \"docs/t.md\", \"lines\": "
	    "{\"begin\": 2}}}",
	    fp);
	assert_non_null(strstr(out, want));
	free(out);

	out = write_report(
	    "codequality", &r, 1, RL_LEVEL_ERROR, false, src, &len);
	assert_json(out, len);
	assert_int_equal(count(out, "\"check_name\": "), 2);
	free(out);
	memset(&r, 0, sizeof r);
	out = write_report(
	    "codequality", &r, 1, RL_LEVEL_ERROR, false, NULL, &len);
	assert_string_equal(out, "[]\n");
	free(out);
}

static const char want_junit[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<testsuites name=\"redline\" tests=\"4\" failures=\"3\" "
    "errors=\"1\">\n"
    "  <testsuite name=\"docs/t.md\" tests=\"4\" failures=\"3\" "
    "errors=\"1\" skipped=\"0\">\n"
    "    <properties>\n"
    "      <property name=\"score\" value=\"67\"/>\n"
    "      <property name=\"verdict\" value=\"fail\"/>\n"
    "      <property name=\"sha256\" value=\"" HEX "\"/>\n"
    "    </properties>\n"
    "    <testcase name=\"p.date\" classname=\"docs/t.md\">\n"
    "      <failure type=\"error\" message=\"1 finding\">docs/t.md:1:1: "
    "error: Add a date line.</failure>\n"
    "    </testcase>\n"
    "    <testcase name=\"p.hype\" classname=\"docs/t.md\">\n"
    "      <failure type=\"warning\" message=\"1 finding\">docs/t.md:2:12: "
    "warning: Replace &apos;world-class&apos;.</failure>\n"
    "    </testcase>\n"
    "    <testcase name=\"p.lua\" classname=\"docs/t.md\">\n"
    "      <error type=\"rule-error\" message=\"boom at p/lua.lua:3\"/>\n"
    "    </testcase>\n"
    "    <testcase name=\"score\" classname=\"docs/t.md\">\n"
    "      <failure type=\"verdict\" message=\"score 67, verdict fail\"/>\n"
    "    </testcase>\n"
    "  </testsuite>\n"
    "</testsuites>\n";

static void
test_junit(void **state)
{
	rl_result  r = fixture();
	rl_finding twice[2];
	char      *out;

	out = write_report("junit", &r, 1, RL_LEVEL_WARNING, false, src, NULL);
	assert_string_equal(out, want_junit);
	free(out);

	/* One testcase per rule, its findings listed; hostile text escaped. */
	twice[0]         = findings[2];
	twice[1]         = findings[2];
	twice[1].line    = 9;
	twice[1].message = "<b>&\x01\xff";
	r.findings       = twice;
	r.n_findings     = 2;
	r.n_rule_errors  = 0;
	r.verdict        = RL_VERDICT_PASS;
	r.path           = "a\"b.md";
	out              = write_report(
	                 "junit", &r, 1, RL_LEVEL_SUGGESTION, false, NULL, NULL);
	assert_non_null(strstr(out,
	    "<testsuites name=\"redline\" tests=\"2\" failures=\"1\" "
	    "errors=\"0\">"));
	assert_non_null(strstr(out,
	    "<failure type=\"suggestion\" message=\"2 findings\">"
	    "a&quot;b.md:3:2: suggestion: Avoid &quot;Maybe&quot;.\n"
	    "a&quot;b.md:9:2: suggestion: &lt;b&gt;&amp;\xef\xbf\xbd"
	    "\xef\xbf\xbd</failure>"));
	assert_non_null(strstr(
	    out, "<testcase name=\"score\" classname=\"a&quot;b.md\"/>"));
	free(out);
}

static void
test_registry_and_errors(void **state)
{
	rl_engine *e;
	rl_writer *w = NULL;
	rl_result  r = fixture();
	FILE      *full;

	assert_int_equal(rl_engine_new(&e), RL_OK);
	rl_writer_formats(e, NULL, NULL); /* no callback: nothing happens */
	assert_int_equal(
	    rl_writer_open(e, "nope", stdout, NULL, &w), RL_ENOENT);
	assert_null(w);
	assert_int_equal(rl_writer_open(e, "json", NULL, NULL, &w), RL_EINVAL);
	assert_non_null(rl__output_find(e, "text"));
	assert_non_null(rl__output_find(e, "json"));
	assert_non_null(rl__output_find(e, "line"));
	assert_non_null(rl__output_find(e, "sarif"));
	assert_non_null(rl__output_find(e, "junit"));
	assert_non_null(rl__output_find(e, "codequality"));

	/* A stream that cannot be written makes the writer say so. */
	full = fopen("/dev/full", "w");
	if (full) {
		assert_int_equal(
		    rl_writer_open(e, "json", full, NULL, &w), RL_OK);
		rl_writer_document(w, &r, src, strlen(src));
		assert_int_equal(rl_writer_close(w), RL_EIO);
		fclose(full);
	}
	rl_engine_free(e);
}

static void
collect(void *arg, const char *name)
{
	strcat(arg, name);
	strcat(arg, " ");
}

static void
test_formats_list(void **state)
{
	rl_engine *e;
	char       names[200] = "";

	assert_int_equal(rl_engine_new(&e), RL_OK);
	rl_writer_formats(e, collect, names);
	assert_non_null(strstr(names,
	    "text json line sarif junit "
	    "codequality "));
	rl_engine_free(e);
}

static void
test_char_width(void **state)
{
	assert_int_equal(rl__out_char_width('a'), 1);
	assert_int_equal(rl__out_char_width(0xE9), 1);
	assert_int_equal(rl__out_char_width(0x301), 0);
	assert_int_equal(rl__out_char_width(0x65E5), 2);
	assert_int_equal(rl__out_char_width(0xAC00), 2);
	assert_int_equal(rl__out_char_width(0x1F600), 2);
	assert_int_equal(rl__out_char_width(0x200B), 0);
	assert_int_equal(rl__out_char_width(0x2014), 1);
}

static void
test_allocation_failures(void **state)
{
	static const char *const formats[] = { "text", "json", "line", "sarif",
		"junit", "codequality" };
	rl_result                r         = fixture();
	rl_engine               *e;
	rl_writer               *w;
	rl_err                   err;
	size_t                   i, size;
	long                     n;
	char                    *buf;
	FILE                    *f;

	assert_int_equal(rl_engine_new(&e), RL_OK);
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		for (n = 0; n < 1000; n++) {
			buf = NULL;
			f   = open_memstream(&buf, &size);
			assert_non_null(f);
			w = NULL;
			rl__alloc_fail_after(n);
			err = rl_writer_open(e, formats[i], f, NULL, &w);
			if (err == RL_OK) {
				rl_err e1 =
				    rl_writer_document(w, &r, src, strlen(src));
				rl_err e2 =
				    rl_writer_document(w, &r, src, strlen(src));
				rl_err e3 = rl_writer_close(w);

				err = e1 ? e1 : e2 ? e2 : e3;
			}
			rl__alloc_fail_after(-1);
			fclose(f);
			free(buf);
			if (err == RL_OK)
				break;
			assert_int_equal(err, RL_ENOMEM);
		}
		assert_true(n > 0);
		assert_true(n < 1000);
	}
	rl_engine_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_exact),
		cmocka_unit_test(test_json_empty_and_hostile),
		cmocka_unit_test(test_text_exact),
		cmocka_unit_test(test_text_color),
		cmocka_unit_test(test_text_carets),
		cmocka_unit_test(test_line_exact),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_codequality),
		cmocka_unit_test(test_junit),
		cmocka_unit_test(test_registry_and_errors),
		cmocka_unit_test(test_formats_list),
		cmocka_unit_test(test_char_width),
		cmocka_unit_test(test_allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
