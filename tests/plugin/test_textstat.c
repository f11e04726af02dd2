/*
 * test_textstat.c - the readability plugin's counting and formula code,
 * compiled in directly (it is libc-only): syllables, words and sentences
 * against hand-checked examples, the counts of known texts, and the
 * metric expression evaluator.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "expr.h"
#include "textstat.h"

/* ------------------------------------------------------------------------
 * Syllables: each count checked by hand against a dictionary's split.
 * ------------------------------------------------------------------------ */

static void
syllables_of_words(void **state)
{
	static const struct {
		const char *word;
		int         n; /* dictionary split in the comment */
	} words[] = {
		{ "the", 1 }, { "cat", 1 }, { "table", 2 }, /* ta-ble */
		{ "simple", 2 },                            /* sim-ple */
		{ "syllable", 3 },                          /* syl-la-ble */
		{ "beautiful", 3 },                         /* beau-ti-ful */
		{ "readability", 5 },    /* read-a-bil-i-ty */
		{ "documentation", 5 },  /* doc-u-men-ta-tion */
		{ "organizational", 6 }, /* or-gan-i-za-tion-al */
		{ "communication", 5 },  /* com-mu-ni-ca-tion */
		{ "necessitates", 4 },   /* ne-ces-si-tates */
		{ "comprehensive", 4 },  /* com-pre-hen-sive */
		{ "customer", 3 },       /* cus-tom-er */
		{ "wanted", 2 },         /* want-ed */
		{ "jumped", 1 }, { "played", 1 }, { "boxes", 2 }, /* box-es */
		{ "loves", 1 }, { "makes", 1 }, { "pages", 2 },   /* pag-es */
		{ "make", 1 }, { "there", 1 }, { "whole", 1 }, { "free", 1 },
		{ "blue", 1 }, { "queue", 1 }, { "eye", 1 }, { "eyes", 1 },
		{ "statement", 2 },             /* state-ment */
		{ "management", 3 },            /* man-age-ment */
		{ "careful", 2 },               /* care-ful */
		{ "lovely", 2 },                /* love-ly */
		{ "completely", 3 },            /* com-plete-ly */
		{ "video", 3 },                 /* vid-e-o */
		{ "people", 2 },                /* peo-ple */
		{ "actual", 3 },                /* ac-tu-al */
		{ "quality", 3 },               /* qual-i-ty */
		{ "language", 2 },              /* lan-guage */
		{ "medium", 3 },                /* me-di-um */
		{ "special", 2 },               /* spe-cial */
		{ "nation", 2 },                /* na-tion */
		{ "radio", 3 },                 /* ra-di-o */
		{ "science", 2 },               /* sci-ence */
		{ "quiet", 2 },                 /* qui-et */
		{ "patient", 2 },               /* pa-tient */
		{ "friend", 1 }, { "idea", 3 }, /* i-de-a */
		{ "being", 2 },                 /* be-ing */
		{ "going", 2 },                 /* go-ing */
		{ "player", 2 },                /* play-er */
		{ "beyond", 2 },                /* be-yond */
		{ "yes", 1 }, { "yellow", 2 }, { "easier", 3 }, /* eas-i-er */
		{ "criticism", 4 },   /* crit-i-cism */
		{ "poem", 2 },        /* po-em */
		{ "museum", 3 },      /* mu-se-um */
		{ "experience", 4 },  /* ex-pe-ri-ence */
		{ "information", 4 }, /* in-for-ma-tion */
		{ "available", 4 },   /* a-vail-a-ble */
		{ "don't", 1 }, { "they're", 1 },
		{ "well-known", 2 }, /* well-known */
		{ "café", 2 },       /* ca-fé */
		{ "naïve", 2 },      /* na-ïve */
		{ "2024", 1 },       /* a number counts one */
	};

	(void)state;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		int got = rdy_syllables(words[i].word, strlen(words[i].word));
		if (got != words[i].n)
			fail_msg("%s: %d syllables, want %d", words[i].word,
			    got, words[i].n);
	}
	assert_int_equal(rdy_syllables("", 0), 0);
	assert_int_equal(rdy_syllables("--", 2), 0);
}

/* ------------------------------------------------------------------------
 * Words and sentences
 * ------------------------------------------------------------------------ */

typedef struct spans {
	const char *s;
	char        out[16][64];
	size_t      n;
} spans;

static void
collect(void *arg, size_t off, size_t end)
{
	spans *sp = arg;

	assert_true(sp->n < 16);
	assert_true(end - off < 64);
	memcpy(sp->out[sp->n], sp->s + off, end - off);
	sp->out[sp->n][end - off] = '\0';
	sp->n++;
}

static void
words_are_split(void **state)
{
	const char text[] = "We don't ship well-known bugs; it's 1,000.5 "
	                    "lines (see example.com) \xe2\x80\x94 caf\xc3\xa9!";
	spans      sp     = { .s = text };

	(void)state;
	assert_int_equal(rdy_words(text, sizeof text - 1, collect, &sp), 12);
	assert_string_equal(sp.out[1], "don't");
	assert_string_equal(sp.out[3], "well-known");
	assert_string_equal(sp.out[5], "it's");
	assert_string_equal(sp.out[6], "1,000.5");
	assert_string_equal(sp.out[9], "example");
	assert_string_equal(sp.out[10], "com");
	assert_string_equal(sp.out[11], "caf\xc3\xa9");
}

static void
sentences_are_split(void **state)
{
	static const struct {
		const char *text;
		size_t      n;
		const char *first, *last;
	} cases[] = {
		{ "Hello world. This is a test.", 2, "Hello world.",
		    "This is a test." },
		{ "Dr. Smith arrived at 3.30 p.m. and left. Then we ate.", 2,
		    "Dr. Smith arrived at 3.30 p.m. and left.",
		    "Then we ate." },
		{ "Is it ready? Yes! It ships e.g. next week.", 3,
		    "Is it ready?", "It ships e.g. next week." },
		{ "Wait... what happened?", 1, "Wait... what happened?",
		    "Wait... what happened?" },
		{ "He said \"Stop.\" Then he left.", 2, "He said \"Stop.\"",
		    "Then he left." },
		{ "See example.com for details. Done", 2,
		    "See example.com for details.", "Done" },
		{ "Version 2.0 ships today", 1, "Version 2.0 ships today",
		    "Version 2.0 ships today" },
		{ "It ends here.\n\nAnd starts again!  ", 2, "It ends here.",
		    "And starts again!" },
		{ "J. R. R. Tolkien wrote it. Really?!", 2,
		    "J. R. R. Tolkien wrote it.", "Really?!" },
		{ "...", 0, NULL, NULL },
		{ "", 0, NULL, NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		spans  sp = { .s = cases[i].text };
		size_t n  = rdy_sentences(
		     cases[i].text, strlen(cases[i].text), collect, &sp);
		if (n != cases[i].n)
			fail_msg("\"%s\": %zu sentences, want %zu",
			    cases[i].text, n, cases[i].n);
		assert_int_equal(sp.n, n);
		if (n == 0)
			continue;
		assert_string_equal(sp.out[0], cases[i].first);
		assert_string_equal(sp.out[n - 1], cases[i].last);
	}
}

/* ------------------------------------------------------------------------
 * Counts of known texts (figures worked out by hand)
 * ------------------------------------------------------------------------ */

static void
counts_of_known_texts(void **state)
{
	const char easy[] = "The cat sat on the mat. The dog ran after the "
	                    "cat.";
	const char hard[] = "Organizational communication necessitates "
	                    "comprehensive documentation.";
	rdy_stats  st     = { 0 };

	(void)state;
	/* 12 words, 2 sentences, 13 syllables (af-ter), 37 letters. */
	rdy_count(&st, easy, sizeof easy - 1);
	assert_true(st.words == 12 && st.sentences == 2);
	assert_true(st.syllables == 13 && st.characters == 37);
	assert_true(st.complex_words == 0 && st.polysyllabic_words == 0);
	assert_true(st.long_words == 0);

	/* 5 words of 6+5+4+4+5 syllables, 14+13+12+13+13 letters; all of
	 * them complex, polysyllabic and long. */
	memset(&st, 0, sizeof st);
	rdy_count(&st, hard, sizeof hard - 1);
	assert_true(st.words == 5 && st.sentences == 1);
	assert_true(st.syllables == 24 && st.characters == 65);
	assert_true(st.complex_words == 5 && st.polysyllabic_words == 5);
	assert_true(st.long_words == 5);

	/* Blocks add up; an empty block adds nothing. */
	rdy_count(&st, "", 0);
	rdy_count(&st, "  \n ", 4);
	assert_true(st.words == 5 && st.sentences == 1);
	rdy_count(&st, "A list item without a stop", 26);
	assert_true(st.words == 11 && st.sentences == 2);
}

/* ------------------------------------------------------------------------
 * The expression evaluator
 * ------------------------------------------------------------------------ */

static const char *const vars[] = { "words", "sentences", "syllables",
	"heading_h1" };

static double
eval(const char *src, const double *v)
{
	char      err[128];
	size_t    at;
	rdy_expr *x =
	    rdy_expr_compile(src, strlen(src), vars, 4, err, sizeof err, &at);
	double r;

	if (x == NULL)
		fail_msg("%s: %s at %zu", src, err, at);
	r = rdy_expr_eval(x, v);
	rdy_expr_free(x);
	return r;
}

static void
expressions_evaluate(void **state)
{
	const double v[] = { 12, 2, 13, 1 };

	(void)state;
	assert_true(fabs(eval("words / sentences", v) - 6) < 1e-9);
	assert_true(fabs(eval("(0.39 * (words / sentences)) + (11.8 * "
	                      "(syllables / words)) - 15.59",
	                     v) -
	                (-0.466666667)) < 1e-6);
	assert_true(fabs(eval("1.0430 * math.sqrt(words * 30.0 / sentences) "
	                      "+ 3.1291",
	                     v) -
	                (1.0430 * sqrt(180) + 3.1291)) < 1e-9);
	assert_true(eval("-2 + +3 * -(1 - 4)", v) == 7);
	assert_true(eval("10 % 4 + pow(2, 3) + max(1, words, 3) + min(5, 4)",
	                v) == 2 + 8 + 12 + 4);
	assert_true(eval("heading.h1 + heading_h1", v) == 2);
	assert_true(eval("1e2 + .5 + floor(2.7) + ceil(2.1) + round(2.5)", v) ==
	    100.5 + 2 + 3 + 3);
	assert_true(isinf(eval("words / 0", v)));
	assert_true(isnan(eval("0 / 0", v)));
}

static void
expression_errors(void **state)
{
	static const struct {
		const char *src;
		const char *why;
		size_t      at;
	} bad[] = {
		{ "", "empty", 0 },
		{ "words +", "ends too soon", 7 },
		{ "wrods / 2", "unknown variable 'wrods'", 0 },
		{ "sqr(words)", "unknown function 'sqr'", 0 },
		{ "pow(words)", "wrong number of arguments", 0 },
		{ "(words", "expected ')'", 6 },
		{ "words ) 2", "unexpected ')'", 6 },
		{ "words $ 2", "unexpected '$'", 6 },
		{ "sqrt()", "needs arguments", 5 },
	};
	char      err[256], deep[400];
	size_t    at;
	rdy_expr *x;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		x = rdy_expr_compile(bad[i].src, strlen(bad[i].src), vars, 4,
		    err, sizeof err, &at);
		if (x != NULL)
			fail_msg("'%s' compiled", bad[i].src);
		if (strstr(err, bad[i].why) == NULL || at != bad[i].at)
			fail_msg("'%s': \"%s\" at %zu, want \"%s\" at %zu",
			    bad[i].src, err, at, bad[i].why, bad[i].at);
	}
	/* Nesting is capped, not recursed into without end. */
	memset(deep, '(', sizeof deep - 1);
	deep[sizeof deep - 1] = '\0';
	x = rdy_expr_compile(deep, strlen(deep), vars, 4, err, sizeof err, &at);
	assert_null(x);
	assert_non_null(strstr(err, "nested too deeply"));
	memset(deep, '-', sizeof deep - 2);
	deep[sizeof deep - 2] = '1';
	x = rdy_expr_compile(deep, strlen(deep), vars, 4, err, sizeof err, &at);
	assert_null(x);
}

static void
conditions(void **state)
{
	rdy_cmp cmp;
	size_t  used;

	(void)state;
	assert_int_equal(rdy_cond_parse("> 8", 3, &cmp, &used), 0);
	assert_int_equal(cmp, RDY_GT);
	assert_int_equal(used, 1);
	assert_int_equal(rdy_cond_parse("  >= 8", 6, &cmp, &used), 0);
	assert_int_equal(cmp, RDY_GE);
	assert_int_equal(used, 4);
	assert_int_equal(rdy_cond_parse("<70", 3, &cmp, &used), 0);
	assert_int_equal(cmp, RDY_LT);
	assert_int_equal(rdy_cond_parse("!= 1", 4, &cmp, &used), 0);
	assert_int_equal(cmp, RDY_NE);
	assert_int_equal(rdy_cond_parse("8", 1, &cmp, &used), -1);
	assert_true(rdy_cmp_eval(RDY_GT, 9, 8));
	assert_false(rdy_cmp_eval(RDY_LT, 9, 8));
	assert_false(rdy_cmp_eval(RDY_NE, NAN, 8));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(syllables_of_words),
		cmocka_unit_test(words_are_split),
		cmocka_unit_test(sentences_are_split),
		cmocka_unit_test(counts_of_known_texts),
		cmocka_unit_test(expressions_evaluate),
		cmocka_unit_test(expression_errors),
		cmocka_unit_test(conditions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
