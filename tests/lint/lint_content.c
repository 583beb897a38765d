/* SPDX-License-Identifier: ISC */
/*
 * lint-content: the Easy Read rules for the content pack (SPEC 11a), run
 * by `make check` over every .txt file of etc/content.
 *
 *   lint-content [-g GLOSSARY] FILE...
 *
 * Every file: a header with Title and Source, then "---"; body lines at
 * most 72 characters; sentences at most 15 words (Easy Read guides ask
 * for 15 to 20; the pack already keeps to 15); every acronym (two or more
 * capitals: HA, S&S, ISO27001) explained in the glossary, and no
 * other word in capitals (no shouting); one term per concept ("PIN", never
 * "password" or "PIN code"; "code" only in "activation code"); quiz
 * questions with at most three answers and no trick wording. The glossary
 * is the file named glossary.txt beside the first FILE unless -g names
 * one; its entries must be in A to Z order.
 *
 * Each problem is printed as "FILE:LINE: what [rule]"; the last line is
 * "lint: N passed, N failed" (files). Exit status 1 when any file failed.
 * Plain C and libc only, so a fresh machine needs nothing more.
 */
#include <ctype.h>
#include <limits.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LINE_MAX_COLS 72
#define SENTENCE_MAX_WORDS 15
#define TEXT_MAX 8192
#define GLOSSARY_MAX 256

static char acronyms[GLOSSARY_MAX][64];
static size_t nacronyms;
static size_t longest_acronym;	/* letters in the longest one */
static unsigned problems;	/* in the file being checked */
static const char *current;	/* its name */

static void problem(unsigned line, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(unsigned line, const char *rule, const char *fmt, ...)
{
	va_list ap;

	printf("%s:%u: ", current, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" [%s]\n", rule);
	problems++;
}

/* Characters, not bytes: UTF-8 continuation bytes do not count. */
static size_t
columns(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void
chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/* ---- words ---- */

struct word {
	char text[64];	/* trimmed of punctuation and a possessive 's */
	size_t upper, lower, letters;
	bool url;	/* has a dot, slash or @ inside: an address */
};

static void
word_make(const char *start, size_t len, struct word *w)
{
	size_t a = 0, b = len, i;

	memset(w, 0, sizeof *w);
	while (a < b && !isalnum((unsigned char)start[a]))
		a++;
	while (b > a && !isalnum((unsigned char)start[b - 1]))
		b--;
	if (b - a >= 2 && (start[b - 2] == '\'') && start[b - 1] == 's')
		b -= 2;
	if (b - a >= sizeof w->text)
		b = a + sizeof w->text - 1;
	memcpy(w->text, start + a, b - a);
	for (i = 0; w->text[i]; i++) {
		unsigned char c = (unsigned char)w->text[i];

		w->upper += isupper(c) != 0;
		w->lower += islower(c) != 0;
		w->letters += isalpha(c) != 0;
		w->url |= c == '.' || c == '/' || c == '@';
	}
}

/* Two or more capitals and no small letters ("PINs" counts as "PIN"). */
static bool
word_capitals(struct word *w)
{
	size_t n = strlen(w->text);

	if (w->url)
		return false;
	if (w->lower == 1 && n > 2 && w->text[n - 1] == 's') {
		w->text[n - 1] = '\0';
		w->lower = 0;
		w->letters--;
	}
	return w->lower == 0 && w->upper >= 2;
}

static bool
is_acronym(const char *s)
{
	for (size_t i = 0; i < nacronyms; i++)
		if (strcmp(acronyms[i], s) == 0)
			return true;
	return false;
}

static void
check_capitals(unsigned line, struct word *w)
{
	if (!word_capitals(w) || is_acronym(w->text))
		return;
	if (w->letters > longest_acronym)
		problem(line, "shouting", "\"%s\" is in capitals: please write it "
		    "in small letters", w->text);
	else
		problem(line, "acronym", "\"%s\" is not explained in the glossary",
		    w->text);
}

static bool
word_is(const struct word *w, const char *s)
{
	return strcasecmp(w->text, s) == 0;
}

/* One term per concept, checked word by word with the word before. */
static void
check_wording(unsigned line, const struct word *w, const struct word *prev)
{
	if (word_is(w, "password") || word_is(w, "passwords") ||
	    word_is(w, "passcode") || word_is(w, "passcodes"))
		problem(line, "wording", "\"%s\": say \"PIN\"", w->text);
	if ((word_is(w, "code") || word_is(w, "codes")) &&
	    !(prev && word_is(prev, "activation")))
		problem(line, "wording", "\"%s\" only as \"activation code\" (the "
		    "secret number is the PIN)", w->text);
	if ((word_is(w, "pin") || word_is(w, "pins")) &&
	    strncmp(w->text, "PIN", 3) != 0)
		problem(line, "wording", "\"%s\": write \"PIN\" in capitals",
		    w->text);
	if ((word_is(w, "number") || word_is(w, "code")) && prev &&
	    strcmp(prev->text, "PIN") == 0)
		problem(line, "wording", "\"PIN %s\": just \"PIN\"", w->text);
	if (word_is(w, "e-mail") || word_is(w, "e-mails"))
		problem(line, "wording", "\"%s\": write \"email\"", w->text);
}

/* Latin short forms are hard to read aloud and to understand. */
static void
check_short_forms(unsigned line, const char *text)
{
	static const char *const forms[] = {"e.g.", "i.e.", "etc."};
	char low[TEXT_MAX];
	size_t i;

	for (i = 0; text[i] && i < sizeof low - 1; i++)
		low[i] = (char)tolower((unsigned char)text[i]);
	low[i] = '\0';
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++)
		if (strstr(low, forms[i]))
			problem(line, "wording", "\"%s\": write it in words (\"for "
			    "example\", \"this means\")", forms[i]);
}

/*
 * Whether a word ends a sentence: its last mark is . ! or ?, maybe
 * inside closing quotes or brackets ("trust?" ends one).
 */
static bool
sentence_end(const char *s, size_t len)
{
	while (len && (strchr("\"')]", s[len - 1]) ||
	    (unsigned char)s[len - 1] >= 0x80))
		len--;
	return len && strchr(".!?", s[len - 1]);
}

/* Every word of a piece of text, and its sentences' lengths. */
static void
check_text(unsigned line, const char *text)
{
	struct word w, prev;
	bool have_prev = false;
	size_t words = 0, i = 0, start;

	check_short_forms(line, text);
	while (text[i]) {
		while (text[i] == ' ' || text[i] == '\t')
			i++;
		if (!text[i])
			break;
		start = i;
		while (text[i] && text[i] != ' ' && text[i] != '\t')
			i++;
		word_make(text + start, i - start, &w);
		if (!w.text[0])
			continue;	/* a dash or other mark on its own */
		words++;
		check_wording(line, &w, have_prev ? &prev : NULL);
		check_capitals(line, &w);
		prev = w;
		have_prev = true;
		if (sentence_end(text + start, i - start)) {
			if (words > SENTENCE_MAX_WORDS)
				problem(line, "sentence-length", "a sentence of "
				    "%zu words (at most %d): split it, one idea "
				    "each", words, SENTENCE_MAX_WORDS);
			words = 0;
		}
	}
	if (words > SENTENCE_MAX_WORDS)
		problem(line, "sentence-length", "a sentence of %zu words (at "
		    "most %d): split it, one idea each", words, SENTENCE_MAX_WORDS);
}

/* ---- quiz ---- */

struct quiz {
	unsigned line;		/* of the open question, 0: none */
	unsigned answers;
};

static void
quiz_close(struct quiz *q)
{
	if (q->line && q->answers > 3)
		problem(q->line, "quiz", "%u answers: at most three", q->answers);
	if (q->line && q->answers < 2)
		problem(q->line, "quiz", "a question needs two or three answers, "
		    "not %u", q->answers);
	q->line = 0;
	q->answers = 0;
}

/* No negatives in a question, no "all of the above" in an answer. */
static void
quiz_wording(unsigned line, const char *text, bool question)
{
	static const char *const negatives[] = {"not", "never", "except",
		"none"};
	static const char *const trick[] = {"all of the above",
		"none of the above", "both of these"};
	const char *p;
	size_t i, n;

	for (i = 0; !question && i < sizeof trick / sizeof trick[0]; i++)
		if (strcasestr(text, trick[i]))
			problem(line, "quiz", "\"%s\" is a trick answer", trick[i]);
	if (!question)
		return;
	if (strstr(text, "n't"))
		problem(line, "quiz", "a question with \"n't\" is a trick question: "
		    "ask it the positive way");
	for (i = 0; i < sizeof negatives / sizeof negatives[0]; i++) {
		n = strlen(negatives[i]);
		for (p = strcasestr(text, negatives[i]); p;
		    p = strcasestr(p + 1, negatives[i]))
			if ((p == text || !isalpha((unsigned char)p[-1])) &&
			    !isalpha((unsigned char)p[n])) {
				problem(line, "quiz", "a question with \"%s\" is a "
				    "trick question: ask it the positive way",
				    negatives[i]);
				break;
			}
	}
}

/* ---- files ---- */

struct para {
	char text[TEXT_MAX];
	unsigned line;
};

static void
para_flush(struct para *p)
{
	if (p->text[0])
		check_text(p->line, p->text);
	p->text[0] = '\0';
}

static void
para_add(struct para *p, unsigned line, const char *s)
{
	size_t n = strlen(p->text);

	if (!n)
		p->line = line;
	snprintf(p->text + n, sizeof p->text - n, "%s%s", n ? " " : "", s);
}

static bool
same_file(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	return realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

/* Glossary entries, "- Term: meaning", in A to Z order. */
static void
glossary_line(unsigned line, const char *s, char *last, size_t cap)
{
	const char *colon = strchr(s, ':');
	char term[128];
	size_t n;

	if (!colon || colon[1] != ' ' || !colon[2]) {
		problem(line, "glossary", "an entry is \"- Word: what it means\"");
		return;
	}
	n = (size_t)(colon - s) < sizeof term ? (size_t)(colon - s) :
	    sizeof term - 1;
	memcpy(term, s, n);
	term[n] = '\0';
	if (last[0] && strcasecmp(last, term) > 0)
		problem(line, "glossary-order", "\"%s\" comes before \"%s\" in A "
		    "to Z order", term, last);
	snprintf(last, cap, "%s", term);
}

static bool
lint_file(const char *path, const char *glossary_path)
{
	char buf[TEXT_MAX], last_term[128] = "";
	bool body = false, title = false, source = false, glossary;
	struct para para = {"", 0};
	struct quiz quiz = {0, 0};
	unsigned line = 0;
	FILE *f;

	current = path;
	problems = 0;
	glossary = same_file(path, glossary_path);
	if (!(f = fopen(path, "r"))) {
		problem(0, "file", "cannot be read");
		return false;
	}
	while (fgets(buf, sizeof buf, f)) {
		line++;
		chomp(buf);
		if (!body) {
			if (strcmp(buf, "---") == 0)
				body = true;
			else if (strncmp(buf, "Title: ", 7) == 0 && buf[7]) {
				title = true;
				check_text(line, buf + 7);
			} else if (strncmp(buf, "Source: ", 8) == 0 && buf[8])
				source = true;
			continue;
		}
		if (columns(buf) > LINE_MAX_COLS)
			problem(line, "line-length", "%zu characters (at most %d)",
			    columns(buf), LINE_MAX_COLS);
		if (!buf[0]) {
			para_flush(&para);
			continue;
		}
		if (!strchr("#-?+*", buf[0]) || buf[1] != ' ') {
			para_add(&para, line, buf);
			continue;
		}
		para_flush(&para);
		if (buf[0] == '+' || buf[0] == '*') {
			if (!quiz.line)
				problem(line, "quiz", "an answer with no question");
			quiz.answers++;
		} else {
			quiz_close(&quiz);
		}
		if (buf[0] == '?')
			quiz.line = line;
		if (buf[0] == '?' || buf[0] == '+' || buf[0] == '*')
			quiz_wording(line, buf + 2, buf[0] == '?');
		if (glossary && buf[0] == '-')
			glossary_line(line, buf + 2, last_term, sizeof last_term);
		check_text(line, buf + 2);
	}
	para_flush(&para);
	quiz_close(&quiz);
	fclose(f);
	if (!title)
		problem(1, "header", "no \"Title: \" line before \"---\"");
	if (!source)
		problem(1, "header", "no \"Source: \" line before \"---\"");
	if (!body)
		problem(line, "header", "no \"---\" line between the header and "
		    "the text");
	return problems == 0;
}

/* Every acronym in the glossary's terms (the part before the colon). */
static bool
load_glossary(const char *path)
{
	char buf[TEXT_MAX], *colon, *tok, *save;
	bool body = false;
	struct word w;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "lint-content: cannot read the glossary %s\n", path);
		return false;
	}
	while (fgets(buf, sizeof buf, f)) {
		chomp(buf);
		if (!body) {
			body = strcmp(buf, "---") == 0;
			continue;
		}
		if (strncmp(buf, "- ", 2) != 0 || !(colon = strchr(buf, ':')))
			continue;
		*colon = '\0';
		for (tok = strtok_r(buf + 2, " ", &save); tok;
		    tok = strtok_r(NULL, " ", &save)) {
			word_make(tok, strlen(tok), &w);
			if (!word_capitals(&w) || nacronyms == GLOSSARY_MAX)
				continue;
			snprintf(acronyms[nacronyms++], sizeof acronyms[0], "%s",
			    w.text);
			if (w.letters > longest_acronym)
				longest_acronym = w.letters;
		}
	}
	fclose(f);
	return true;
}

int
main(int argc, char **argv)
{
	char dir[4096], glossary[4200];
	const char *gpath = NULL;
	int i = 1, passed = 0, failed = 0;

	if (argc > 2 && strcmp(argv[1], "-g") == 0) {
		gpath = argv[2];
		i = 3;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: lint-content [-g GLOSSARY] FILE...\n");
		return 2;
	}
	if (!gpath) {
		snprintf(dir, sizeof dir, "%s", argv[i]);
		snprintf(glossary, sizeof glossary, "%s/glossary.txt", dirname(dir));
		gpath = glossary;
	}
	if (!load_glossary(gpath))
		return 2;
	for (; i < argc; i++) {
		if (lint_file(argv[i], gpath))
			passed++;
		else
			failed++;
	}
	printf("lint: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
