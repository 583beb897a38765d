/* SPDX-License-Identifier: ISC */
/*
 * core/content.c: canonical text (line ends, blanks, NFC), refusal of bad
 * bytes with the line named, the header and blocks, the checks per step
 * kind, a golden hash, the shipped content pack, and storing versions in a
 * real database.
 */
#include "testutil.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "core/config.h"
#include "core/content.h"
#include "core/crypto.h"
#include "core/store.h"

/* ---- canonical text ---- */

static void
canon_is(const char *raw, size_t len, const char *want)
{
	char *out = NULL;
	size_t n = 0;

	assert_int_equal(content_canonical("t.txt", raw, len, &out, &n),
	    CORE_OK);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(out, want, n);
	assert_int_equal(out[n], '\0');
	free(out);
}

#define CANON(raw, want) canon_is(raw, sizeof raw - 1, want)

static void
test_canonical(void **state)
{
	(void)state;
	CANON("a\r\nb\r\n", "a\nb\n");		/* CRLF */
	CANON("a\rb\rc", "a\nb\nc\n");		/* lone CR, no final LF */
	CANON("a\r\r\nb", "a\n\nb\n");		/* CR then CRLF */
	CANON("a  \t\nb \n", "a\nb\n");		/* trailing blanks */
	CANON("a\n\n\n \n\t\n", "a\n");		/* trailing blank lines */
	CANON("a", "a\n");			/* missing final LF */
	CANON("\n\na\n", "\n\na\n");		/* leading lines are kept */
	CANON("a\n\n\nb\n", "a\n\n\nb\n");	/* inner blank lines too */
	CANON("\t- x\tz\n", "\t- x\tz\n");	/* inner tabs are fine */
	CANON("\xef\xbb\xbfTitle\n", "Title\n");	/* byte order mark */
	CANON("", "\n");
	CANON("\n\n", "\n");
	/* NFD (e + combining acute) becomes NFC; NFC stays as it is */
	CANON("Caf\x65\xcc\x81 \xe2\x84\xab\n", "Caf\xc3\xa9 \xc3\x85\n");
	CANON("Caf\xc3\xa9\n", "Caf\xc3\xa9\n");
	/* Hangul jamo compose too */
	CANON("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\n", "\xed\x95\x9c\n");
}

static void
refused(const char *raw, size_t len, const char *want1, const char *want2)
{
	char *out = (char *)&out;
	size_t n = 99;

	core_detail_clear();
	assert_int_equal(content_canonical("dir/x.txt", raw, len, &out, &n),
	    CORE_ERR_CONTENT);
	assert_null(out);
	if (!strstr(core_detail(), "dir/x.txt") ||
	    !strstr(core_detail(), want1) ||
	    (want2 && !strstr(core_detail(), want2))) {
		print_error("detail \"%s\" lacks \"%s\"/\"%s\"\n",
		    core_detail(), want1, want2 ? want2 : "");
		fail();
	}
}

#define REFUSED(raw, w1, w2) refused(raw, sizeof raw - 1, w1, w2)

static void
test_refused_bytes(void **state)
{
	(void)state;
	REFUSED("ok\nok\n\xff\n", "line 3", "UTF-8");
	REFUSED("ok\n\xc0\xaf\n", "line 2", "UTF-8");		/* overlong */
	REFUSED("\x80\n", "line 1", "UTF-8");			/* stray */
	REFUSED("ok\nab\xe2\x82", "line 2", "UTF-8");		/* cut short */
	REFUSED("\xed\xa0\x80\n", "line 1", "UTF-8");		/* surrogate */
	REFUSED("a\r\nb\r\n\xfe\r\n", "line 3", "UTF-8");	/* CRLF lines */
	REFUSED("a\nb\x07\n", "line 2", "U+0007");
	REFUSED("a\n\x1b[31mred\n", "line 2", "U+001B");
	REFUSED("a\nb\nc\x00\n", "line 3", "U+0000");
	REFUSED("a\x7f\n", "line 1", "U+007F");
	REFUSED("a\rb\r\x0c", "line 3", "U+000C");		/* CR lines */
	REFUSED("a\n\xc2\x9b" "31m\n", "line 2", "U+009B");	/* C1 CSI */
	REFUSED("a\n\nabc\xe2\x80\xae" "cba\n", "line 3", "U+202E");
	REFUSED("\xe2\x80\xaa\n", "line 1", "U+202A");
	REFUSED("x\n\xe2\x81\xa6\n", "line 2", "U+2066");
	REFUSED("x\n\xe2\x81\xa9\n", "line 2", "U+2069");
	REFUSED("x\xe2\x80\xa8y\n", "line 1", "U+2028");
}

/* ---- parsing ---- */

static const char golden[] =
	"Title: Golden\nSource: Unit test\n---\n# Hello\nOne line.\n"
	"- A bullet\n";

static void
hex(const uint8_t *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static void
test_golden_hash(void **state)
{
	struct document *doc = NULL;
	char h[2 * CRYPTO_HASH_BYTES + 1];
	char dir[256];

	(void)state;
	/* `b2sum -l 256` of golden: fixed for ever, or old records break */
	assert_int_equal(content_parse("g", "golden", golden,
	    sizeof golden - 1, &doc), CORE_OK);
	hex(doc->hash, sizeof doc->hash, h);
	assert_string_equal(h,
	    "5d5d72e244b2ea2106ddda7b867aed47604be1da53c36824617f3fac9ccf43fb");
	content_free(&doc);
	assert_null(doc);

	/* the same text saved with CRLF and trailing blanks: same version */
	tu_tempdir(dir, sizeof dir);
	tu_write(dir, "g.txt",
	    "Title: Golden\r\nSource: Unit test  \r\n---\r\n# Hello\r\n"
	    "One line.\r\n- A bullet\r\n\r\n\r\n");
	{
		char path[300];

		snprintf(path, sizeof path, "%s/g.txt", dir);
		assert_int_equal(content_load(path, "golden", &doc), CORE_OK);
	}
	hex(doc->hash, sizeof doc->hash, h);
	assert_string_equal(h,
	    "5d5d72e244b2ea2106ddda7b867aed47604be1da53c36824617f3fac9ccf43fb");
	assert_int_equal(doc->len, sizeof golden - 1);
	assert_memory_equal(doc->text, golden, doc->len);
	content_free(&doc);
	tu_rmrf(dir);
}

static void
test_nfd_same_hash(void **state)
{
	static const char nfc[] = "Title: Caf\xc3\xa9\nSource: S\n---\n"
	    "R\xc3\xa9sum\xc3\xa9.\n";
	static const char nfd[] = "Title: Cafe\xcc\x81\nSource: S\n---\n"
	    "Re\xcc\x81sume\xcc\x81.\n";
	struct document *a = NULL, *b = NULL;
	char dir[256], pa[300], pb[300];

	(void)state;
	tu_tempdir(dir, sizeof dir);
	tu_write(dir, "nfc.txt", nfc);
	tu_write(dir, "nfd.txt", nfd);
	snprintf(pa, sizeof pa, "%s/nfc.txt", dir);
	snprintf(pb, sizeof pb, "%s/nfd.txt", dir);
	assert_int_equal(content_load(pa, "s", &a), CORE_OK);
	assert_int_equal(content_load(pb, "s", &b), CORE_OK);
	assert_memory_equal(a->hash, b->hash, CRYPTO_HASH_BYTES);
	assert_string_equal(b->text, nfc);
	assert_string_equal(b->title, "Caf\xc3\xa9");
	assert_string_equal(b->blocks[0].text, "R\xc3\xa9sum\xc3\xa9.");
	content_free(&a);
	content_free(&b);
	/* content_parse takes only canonical text: NFD is refused */
	assert_int_equal(content_parse("nfd", "s", nfd, sizeof nfd - 1, &b),
	    CORE_ERR_CONTENT);
	assert_null(b);
	assert_non_null(strstr(core_detail(), "canonical"));
	tu_rmrf(dir);
}

static void
test_header(void **state)
{
	static const char text[] =
	    "Title: Acceptable Use Statement\n"
	    "source:   Policy 2025, Appendix 1a\n"
	    "Minor-change-of: 00112233445566778899aabbccddeeff"
	    "00112233445566778899AABBCCDDEEFF\n"
	    "\n"
	    "Minor-change-of: "
	    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\n"
	    "---\n"
	    "Body.\n";
	struct document *doc = NULL;
	size_t i;

	(void)state;
	assert_int_equal(content_parse("h.txt", "step-x", text,
	    sizeof text - 1, &doc), CORE_OK);
	assert_string_equal(doc->step, "step-x");
	assert_string_equal(doc->title, "Acceptable Use Statement");
	assert_string_equal(doc->source, "Policy 2025, Appendix 1a");
	assert_int_equal(doc->nminor, 2);
	for (i = 0; i < CRYPTO_HASH_BYTES; i++) {
		assert_int_equal(doc->minor_of[0][i], (i % 16) * 0x11);
		assert_int_equal(doc->minor_of[1][i], 0xff);
	}
	assert_int_equal(doc->len, sizeof text - 1);
	assert_string_equal(doc->text, text);
	assert_int_equal(doc->nblocks, 1);
	content_free(&doc);
}

struct bad_doc {
	const char *text;
	const char *want;
};

static const struct bad_doc bad_docs[] = {
	{ "Source: S\n---\nx\n", "missing \"Title:\"" },
	{ "Title: T\n---\nx\n", "missing \"Source:\"" },
	{ "Title: T\nSource: S\nx\n", "line 3:" },
	{ "Title: T\nSource: S\n", "\"---\"" },
	{ "Title: T\nTitle: U\nSource: S\n---\n", "line 2: \"Title\" given twice" },
	{ "Title:\nSource: S\n---\n", "line 1: \"Title\" is empty" },
	{ "Title: T\nSource: S\nAuthor: me\n---\n",
	  "line 3: unknown header \"Author\"" },
	{ "Title: T\nSource: S\nMinor-change-of: abc\n---\n",
	  "line 3: Minor-change-of: expected the 64 hex digits" },
	{ "Title: T\nSource: S\nMinor-change-of: "
	  "g0112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n"
	  "---\n", "line 3: Minor-change-of" },
	{ "Title: T\nSource: S\n---\n\n#\n", "line 5: \"#\" with nothing" },
	{ "Title: T\nSource: S\n---\n-\n", "line 4: \"-\" with nothing" },
	{ "Title: T\nSource: S\n---\n?\n", "line 4: \"?\"" },
};

static void
test_bad_header(void **state)
{
	struct document *doc;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad_docs / sizeof bad_docs[0]; i++) {
		doc = (struct document *)&doc;
		if (content_parse("bad.txt", "s", bad_docs[i].text,
		    strlen(bad_docs[i].text), &doc) != CORE_ERR_CONTENT ||
		    !strstr(core_detail(), "bad.txt") ||
		    !strstr(core_detail(), bad_docs[i].want)) {
			print_error("case %zu: want \"%s\", got \"%s\"\n", i,
			    bad_docs[i].want, core_detail());
			fail();
		}
		assert_null(doc);
	}
}

static void
test_blocks(void **state)
{
	static const char text[] =
	    "Title: T\nSource: S\n---\n"
	    "# A heading\n"
	    "A paragraph\n"
	    "  that goes on\n"
	    "over three lines.\n"
	    "\n"
	    "Second paragraph.\n"
	    "- First bullet\n"
	    "-  Second bullet\n"
	    "-not a bullet\n"
	    "#not a heading either\n"
	    "? What is it?\n"
	    "+ Right\n"
	    "* Wrong\n"
	    "\n"
	    "\n"
	    "Last.\n";
	static const struct {
		enum block_kind kind;
		const char *text;
	} want[] = {
		{ BLOCK_HEADING, "A heading" },
		{ BLOCK_PARAGRAPH, "A paragraph that goes on over three lines." },
		{ BLOCK_PARAGRAPH, "Second paragraph." },
		{ BLOCK_BULLET, "First bullet" },
		{ BLOCK_BULLET, "Second bullet" },
		{ BLOCK_PARAGRAPH, "-not a bullet #not a heading either" },
		{ BLOCK_QUESTION, "What is it?" },
		{ BLOCK_RIGHT, "Right" },
		{ BLOCK_WRONG, "Wrong" },
		{ BLOCK_PARAGRAPH, "Last." },
	};
	struct document *doc = NULL;
	size_t i;

	(void)state;
	assert_int_equal(content_parse("b.txt", "s", text, sizeof text - 1,
	    &doc), CORE_OK);
	assert_int_equal(doc->nblocks, sizeof want / sizeof want[0]);
	for (i = 0; i < doc->nblocks; i++) {
		assert_int_equal(doc->blocks[i].kind, want[i].kind);
		assert_string_equal(doc->blocks[i].text, want[i].text);
	}
	content_free(&doc);
	/* a header-only document has no blocks */
	assert_int_equal(content_parse("e.txt", "s", "Title: T\nSource: S\n---\n",
	    23, &doc), CORE_OK);
	assert_int_equal(doc->nblocks, 0);
	content_free(&doc);
}

static void
test_load_errors(void **state)
{
	struct document *doc = (struct document *)&doc;
	char dir[256], path[300];

	(void)state;
	tu_tempdir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/absent.txt", dir);
	assert_int_equal(content_load(path, "s", &doc), CORE_ERR_CONTENT);
	assert_null(doc);
	assert_non_null(strstr(core_detail(), path));
	assert_non_null(strstr(core_detail(), "No such file"));
	tu_write(dir, "ctl.txt", "Title: T\nSource: S\n---\nbell\a\n");
	snprintf(path, sizeof path, "%s/ctl.txt", dir);
	assert_int_equal(content_load(path, "s", &doc), CORE_ERR_CONTENT);
	assert_non_null(strstr(core_detail(), path));
	assert_non_null(strstr(core_detail(), "line 4"));
	tu_rmrf(dir);
}

/* ---- the pack: checks per step kind ---- */

struct pack_env {
	char dir[256];
	char ini[300];
};

static int
pack_setup(void **state)
{
	struct pack_env *e = calloc(1, sizeof *e);
	char sub[300];

	assert_non_null(e);
	tu_tempdir(e->dir, sizeof e->dir);
	snprintf(sub, sizeof sub, "%s/content", e->dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(e->ini, sizeof e->ini, "%s/signoff.ini", e->dir);
	*state = e;
	return 0;
}

static int
pack_teardown(void **state)
{
	struct pack_env *e = *state;

	tu_rmrf(e->dir);
	free(e);
	return 0;
}

/* One step of `kind` whose file holds body; returns content_pack_load's status. */
static enum core_status
pack_one(const struct pack_env *e, const char *kind, const char *body,
    struct config **cfg_out, struct content_pack **pack_out)
{
	char ini[1024], text[4096], sub[300];
	struct config *cfg = NULL;
	struct content_pack *pack = NULL;
	enum core_status rc;

	snprintf(ini, sizeof ini,
	    "[kiosk]\nname = K\ndatabase = s.db\nkeyfile = k.key\n"
	    "[consent]\nchannels = web\n[channel:web]\nlabel = Web\n"
	    "[group:g]\ntitle = G\nsteps = one, two\n"
	    "[step:one]\nkind = %s\ntitle = One\nfile = one.txt\n"
	    "[step:two]\nkind = document\ntitle = Two\nfile = two.txt\n",
	    kind);
	tu_write(e->dir, "signoff.ini", ini);
	snprintf(sub, sizeof sub, "%s/content", e->dir);
	snprintf(text, sizeof text, "Title: One\nSource: S\n---\n%s", body);
	tu_write(sub, "one.txt", text);
	tu_write(sub, "two.txt", "Title: Two\nSource: S\n---\nRead me.\n");
	assert_int_equal(config_load(e->ini, &cfg), CORE_OK);
	pack = (struct content_pack *)&pack;
	rc = content_pack_load(cfg, &pack);
	if (rc)
		assert_null(pack);
	if (cfg_out && pack_out && rc == CORE_OK) {
		*cfg_out = cfg;
		*pack_out = pack;
	} else {
		content_pack_free(&pack);
		config_free(&cfg);
	}
	return rc;
}

struct kind_case {
	const char *kind;
	const char *body;
	const char *want;	/* NULL: accepted */
};

static const struct kind_case kind_cases[] = {
	{ "quiz", "? Q1\n+ A\n* B\n\n? Q2\n* A\n* B\n+ C\n", NULL },
	{ "quiz", "# Intro\nSome words.\n? Q\n+ A\n* B\n", NULL },
	{ "quiz", "? Q1\n+ A\n+ B\n", "line 4: expected exactly one right answer" },
	{ "quiz", "? Q1\n+ A\n* B\n? Q2\n* A\n* B\n",
	  "line 7: expected exactly one right answer (\"+ \") for this question, found 0" },
	{ "quiz", "? Q1\n+ A\n* B\n* C\n* D\n",
	  "line 4: expected two or three answers for this question, found 4" },
	{ "quiz", "? Q1\n+ A\n", "line 4: expected two or three answers" },
	{ "quiz", "? Q1\n", "line 4: expected exactly one right answer" },
	{ "quiz", "Words.\n+ A\n", "line 5: an answer must come straight after" },
	{ "quiz", "? Q\n+ A\n* B\n\nInterlude.\n* C\n",
	  "line 9: an answer must come straight after" },
	{ "quiz", "Just words.\n", "at least one question" },
	{ "checklist", "# Items\n- One\n- Two\n", NULL },
	{ "checklist", "Words but no items.\n", "at least one item (\"- \")" },
	{ "document", "Words.\n? Sneaky question\n",
	  "line 5: quiz lines" },
	{ "notice", "+ Right\n", "line 4: quiz lines" },
	{ "consent", "Say yes or no.\n- a bullet is fine\n", NULL },
	{ "commitment", "I will help.\n", NULL },
};

static void
test_pack_kinds(void **state)
{
	struct pack_env *e = *state;
	size_t i;

	for (i = 0; i < sizeof kind_cases / sizeof kind_cases[0]; i++) {
		const struct kind_case *c = &kind_cases[i];
		enum core_status rc;

		core_detail_clear();
		rc = pack_one(e, c->kind, c->body, NULL, NULL);
		if (!c->want && rc == CORE_OK)
			continue;
		if (c->want && rc == CORE_ERR_CONTENT &&
		    strstr(core_detail(), "content/one.txt: ") &&
		    strstr(core_detail(), c->want))
			continue;
		print_error("case %zu (%s): want %s, got %d \"%s\"\n", i,
		    c->kind, c->want ? c->want : "OK", rc, core_detail());
		fail();
	}
}

static void
test_pack_lookup(void **state)
{
	struct pack_env *e = *state;
	struct config *cfg = NULL;
	struct content_pack *pack = NULL;
	const struct document *d;

	assert_int_equal(pack_one(e, "checklist", "- Tick\n", &cfg, &pack),
	    CORE_OK);
	assert_int_equal(pack->ndocs, 2);
	d = content_pack_doc(pack, cfg, "one");
	assert_non_null(d);
	assert_string_equal(d->step, "one");
	assert_string_equal(d->title, "One");
	assert_int_equal(d->blocks[0].kind, BLOCK_BULLET);
	d = content_pack_doc(pack, cfg, "two");
	assert_non_null(d);
	assert_string_equal(d->step, "two");
	assert_null(content_pack_doc(pack, cfg, "three"));
	content_pack_free(&pack);
	assert_null(pack);
	config_free(&cfg);
}

/* ---- the shipped pack ---- */

static void
test_real_pack(void **state)
{
	struct config *cfg = NULL;
	struct content_pack *pack = NULL;
	size_t i, k, questions;

	(void)state;
	assert_int_equal(config_load("etc/signoff.ini", &cfg), CORE_OK);
	if (content_pack_load(cfg, &pack) != CORE_OK) {
		print_error("%s\n", core_detail());
		fail();
	}
	assert_int_equal(pack->ndocs, cfg->nsteps);
	for (i = 0; i < cfg->nsteps; i++) {
		const struct step_def *s = &cfg->steps[i];
		const struct document *d = content_pack_doc(pack, cfg, s->id);

		assert_non_null(d);
		assert_ptr_equal(d, pack->docs[i]);
		assert_string_equal(d->step, s->id);
		assert_true(strlen(d->title) > 0);
		assert_true(strlen(d->source) > 0);
		assert_true(d->nblocks > 0);
		for (k = questions = 0; k < d->nblocks; k++)
			questions += d->blocks[k].kind == BLOCK_QUESTION;
		if (s->kind == STEP_QUIZ)
			assert_true(questions >= 3 && questions <= 4);
		else
			assert_int_equal(questions, 0);
	}
	content_pack_free(&pack);
	config_free(&cfg);
}

/* ---- storing versions ---- */

static int64_t
count_rows(const char *db, const char *where)
{
	sqlite3 *h;
	sqlite3_stmt *q;
	char sql[256];
	int64_t n;

	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM documents %s", where);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(h);
	return n;
}

static void
test_pack_store(void **state)
{
	struct pack_env *e = *state;
	struct config *cfg = NULL;
	struct content_pack *pack = NULL;
	struct store *st = NULL;
	char db[300], sub[300], where[200], h[2 * CRYPTO_HASH_BYTES + 1];
	const struct document *one;
	sqlite3 *handle;
	sqlite3_stmt *q;

	assert_int_equal(setenv("SIGNOFF_FAKE_TIME", "1700000000", 1), 0);
	snprintf(db, sizeof db, "%s/s.db", e->dir);
	assert_int_equal(store_open(db, STORE_CREATE, &st), CORE_OK);
	assert_int_equal(pack_one(e, "notice", "Version one.\n", &cfg, &pack),
	    CORE_OK);
	assert_int_equal(content_pack_store(pack, st), CORE_OK);
	/* again, later: nothing new, and first_seen_ms is the first time */
	assert_int_equal(setenv("SIGNOFF_FAKE_TIME", "1800000000", 1), 0);
	assert_int_equal(content_pack_store(pack, st), CORE_OK);
	assert_int_equal(count_rows(db, ""), 2);
	assert_int_equal(count_rows(db,
	    "WHERE first_seen_ms = 1700000000000"), 2);

	/* the stored row is exactly the document */
	one = content_pack_doc(pack, cfg, "one");
	hex(one->hash, sizeof one->hash, h);
	assert_int_equal(sqlite3_open_v2(db, &handle, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(handle,
	    "SELECT step, title, text, first_seen_ms FROM documents "
	    "WHERE hash = ?", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_blob(q, 1, one->hash, sizeof one->hash, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "one");
	assert_string_equal((const char *)sqlite3_column_text(q, 1), "One");
	assert_int_equal(sqlite3_column_bytes(q, 2), one->len);
	assert_memory_equal(sqlite3_column_blob(q, 2), one->text, one->len);
	assert_int_equal(sqlite3_column_int64(q, 3), 1700000000000LL);
	sqlite3_finalize(q);
	sqlite3_close(handle);
	content_pack_free(&pack);
	config_free(&cfg);

	/* an edited file is a new version; the old one is kept for ever */
	assert_int_equal(pack_one(e, "notice", "Version two.\n", &cfg, &pack),
	    CORE_OK);
	assert_int_equal(content_pack_store(pack, st), CORE_OK);
	assert_int_equal(count_rows(db, ""), 3);
	snprintf(where, sizeof where, "WHERE hex(hash) = upper('%s')", h);
	assert_int_equal(count_rows(db, where), 1);
	assert_int_equal(count_rows(db, "WHERE step = 'one'"), 2);
	assert_int_equal(count_rows(db,
	    "WHERE first_seen_ms = 1800000000000"), 1);
	content_pack_free(&pack);
	config_free(&cfg);

	/* the same text saved with CRLF is not a new version */
	snprintf(sub, sizeof sub, "%s/content", e->dir);
	assert_int_equal(pack_one(e, "notice", "Version two.\n", &cfg, &pack),
	    CORE_OK);
	tu_write(sub, "one.txt",
	    "Title: One\r\nSource: S \r\n---\r\nVersion two.\r\n\r\n");
	content_pack_free(&pack);
	assert_int_equal(content_pack_load(cfg, &pack), CORE_OK);
	assert_int_equal(content_pack_store(pack, st), CORE_OK);
	assert_int_equal(count_rows(db, ""), 3);
	content_pack_free(&pack);
	config_free(&cfg);
	store_close(&st);
	unsetenv("SIGNOFF_FAKE_TIME");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_refused_bytes),
		cmocka_unit_test(test_golden_hash),
		cmocka_unit_test(test_nfd_same_hash),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test_setup_teardown(test_pack_kinds, pack_setup,
		    pack_teardown),
		cmocka_unit_test_setup_teardown(test_pack_lookup, pack_setup,
		    pack_teardown),
		cmocka_unit_test(test_real_pack),
		cmocka_unit_test_setup_teardown(test_pack_store, pack_setup,
		    pack_teardown),
	};

	if (crypto_init() != CORE_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
