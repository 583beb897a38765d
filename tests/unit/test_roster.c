/* SPDX-License-Identifier: ISC */
/*
 * Roster import on a real site: a good file imports every row with a code
 * that works; a file with many kinds of bad row reports each one with its
 * line and imports nothing; quoting, CRLF, the byte order mark, the header
 * and the role are checked; a large file is checked as a stream.
 */
#include "tests/unit/testutil.h"

#include "core/learner.h"
#include "core/ledger.h"
#include "core/roster.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/verify.h"

struct fixture {
	char dir[512];
	char ini[1024];
	struct site *site;
};

/* What the callback saw. */
struct seen {
	size_t n;
	unsigned long line[64];
	char ref[64][LEARNER_REF_MAX];
	char reason[64][320];
	char code[64][LEARNER_CODE_LEN];
	char family[64][LEARNER_NAME_MAX];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char fpr[CRYPTO_FPR_LEN];

	assert_non_null(f);
	assert_int_equal(crypto_init(), CORE_OK);
	tu_tempdir(f->dir, sizeof f->dir);
	tu_site_config(f->dir, f->ini, sizeof f->ini);
	assert_int_equal(site_init(f->ini, fpr), CORE_OK);
	assert_int_equal(site_open(f->ini, &f->site), CORE_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	site_close(&f->site);
	tu_rmrf(f->dir);
	free(f);
	return 0;
}

static void
record(const struct roster_row *row, void *ctx)
{
	struct seen *s = ctx;

	if (s->n >= 64)
		return;
	s->line[s->n] = row->line;
	snprintf(s->ref[s->n], sizeof s->ref[0], "%s", row->reference);
	snprintf(s->reason[s->n], sizeof s->reason[0], "%s", row->reason ? row->reason : "");
	snprintf(s->code[s->n], sizeof s->code[0], "%s", row->code ? row->code : "");
	snprintf(s->family[s->n], sizeof s->family[0], "%s", row->family_name);
	s->n++;
}

static enum core_status
import(struct fixture *f, const char *text, struct seen *seen, struct roster_result *res)
{
	char path[1024];
	FILE *out;

	snprintf(path, sizeof path, "%s/roster.csv", f->dir);
	out = fopen(path, "wb");
	assert_non_null(out);
	fputs(text, out);
	fclose(out);
	memset(seen, 0, sizeof *seen);
	return roster_import_file(f->site, path, NULL, record, seen, res);
}

static uint64_t
head_seq(struct fixture *f)
{
	struct ledger_head h;

	assert_int_equal(ledger_head(f->site->st, &h), CORE_OK);
	return h.seq;
}

static void
test_good_file_imports_all(void **state)
{
	static const char csv[] =
	    "\xef\xbb\xbf" ROSTER_HEADER "\r\n"
	    "HA-1,Amira,Khan,ha-young-people,2026-27\r\n"
	    "\r\n"
	    "HA-2,\"Mary Jane\",\"O'Neill, Jr\",ha-adult,\r\n"
	    "\"SS-1\",Kai,\"Thompson \"\"TJ\"\"\",ss-secure,\"2026\"\r\n";
	struct fixture *f = *state;
	struct roster_result res;
	struct verify_report rep;
	struct seen seen;
	struct learner l;

	assert_int_equal(import(f, csv, &seen, &res), CORE_OK);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.bad, 0);
	assert_int_equal(res.imported, 3);
	assert_int_equal(seen.n, 3);
	assert_string_equal(seen.ref[0], "HA-1");
	assert_int_equal(seen.line[0], 2);
	assert_string_equal(seen.ref[1], "HA-2");
	assert_int_equal(seen.line[1], 4);
	assert_string_equal(seen.family[1], "O'Neill, Jr");
	assert_string_equal(seen.ref[2], "SS-1");
	assert_int_equal(seen.line[2], 5);
	assert_string_equal(seen.family[2], "Thompson \"TJ\"");

	assert_int_equal(learner_get(f->site, "HA-2", &l), CORE_OK);
	assert_string_equal(l.given_name, "Mary Jane");
	assert_string_equal(l.family_name, "O'Neill, Jr");
	assert_string_equal(l.group, "ha-adult");
	assert_string_equal(l.cohort, "");
	assert_true(l.awaiting_activation);
	assert_int_equal(learner_get(f->site, "SS-1", &l), CORE_OK);
	assert_string_equal(l.cohort, "2026");
	/* Each reported code is the one that works. */
	assert_int_equal(learner_activate(f->site, "HA-1", seen.code[0], "482916", &l), CORE_OK);
	assert_int_equal(learner_activate(f->site, "HA-2", seen.code[1], "482916", &l), CORE_OK);
	assert_int_equal(learner_activate(f->site, "SS-1", seen.code[2], "482916", &l), CORE_OK);
	assert_int_equal(verify_ledger(f->site->st, NULL, NULL, NULL, &rep), CORE_OK);
}

/* Every bad row, with its line; nothing imported, not even the good rows. */
static void
test_bad_rows_reported_nothing_imported(void **state)
{
	static const char csv[] =
	    ROSTER_HEADER "\n"				/* 1 */
	    "OK-1,Amira,Khan,ha-adult,\n"		/* 2 good */
	    "A B,Ben,Carter,ha-adult,\n"		/* 3 bad reference */
	    "OK-2,Chloe,Dubois,no-such-group,\n"	/* 4 unknown group */
	    "OK-1,Dawit,Bekele,ha-adult,\n"		/* 5 duplicate of line 2 */
	    "OLD-1,Eilidh,MacLeod,ha-adult,\n"		/* 6 already enrolled */
	    "OK-3,\"Fa\x1b[2Jtima\",Begum,ha-adult,\n"	/* 7 escape sequence */
	    "OK-4,Jordan,Price\n"			/* 8 short row */
	    "OK-5,Kai,Th\"om\"pson,ha-adult,\n"		/* 9 bad quote */
	    "OK-6,\"Li\nam\",O'Neill,ha-adult,\n"	/* 10-11 newline in a name */
	    "OK-7,\"Mo\"x,Farah,ha-adult,\n"		/* 12 text after a closing quote */
	    "OK-8,Nia,Jones,ha-adult,\n";		/* 13 good */
	static const struct {
		unsigned long line;
		const char *reason;
	} want[] = {
		{ 3, "reference: only letters" },
		{ 4, "unknown group" },
		{ 5, "also on line 2" },
		{ 6, "already enrolled" },
		{ 7, "given name: must be valid UTF-8 without control characters" },
		{ 8, "expected 5 fields" },
		{ 9, "a quote inside a field" },
		{ 10, "given name: must be valid UTF-8 without control characters" },
		{ 12, "text after a closing quote" },
	};
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN];
	struct roster_result res;
	struct seen seen;
	struct learner l;
	uint64_t before;
	size_t i;

	assert_int_equal(learner_add(f->site, "OLD-1", "Old", "Learner", "ha-adult", "",
	    NULL, code), CORE_OK);
	before = head_seq(f);
	assert_int_equal(import(f, csv, &seen, &res), CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "9 rows are not valid; nothing was imported"));
	assert_int_equal(res.rows, 11);	/* lines 10-11 are one record */
	assert_int_equal(res.bad, 9);
	assert_int_equal(res.imported, 0);
	assert_int_equal(seen.n, sizeof want / sizeof want[0]);
	for (i = 0; i < seen.n; i++) {
		if (seen.line[i] != want[i].line || !strstr(seen.reason[i], want[i].reason))
			fail_msg("report %zu: line %lu \"%s\"; wanted line %lu \"%s\"", i,
			    seen.line[i], seen.reason[i], want[i].line, want[i].reason);
		assert_string_equal(seen.code[i], "");
	}
	assert_int_equal(head_seq(f), before);
	assert_int_equal(learner_get(f->site, "OK-1", &l), CORE_ERR_NOT_FOUND);
	assert_int_equal(learner_get(f->site, "OK-8", &l), CORE_ERR_NOT_FOUND);
}

static void
test_header_must_be_exact(void **state)
{
	static const char *const bad[] = {
		"reference,given_name,family_name,group\nA-1,Amira,Khan,ha-adult\n",
		"Reference,given_name,family_name,group,cohort\nA-1,Amira,Khan,ha-adult,\n",
		"ref,given,family,group,cohort\nA-1,Amira,Khan,ha-adult,\n",
		"A-1,Amira,Khan,ha-adult,\n",
	};
	struct fixture *f = *state;
	struct roster_result res;
	struct seen seen;
	struct learner l;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(import(f, bad[i], &seen, &res), CORE_ERR_INVALID);
		assert_int_equal(seen.n, 1);
		assert_int_equal(seen.line[0], 1);
		assert_non_null(strstr(seen.reason[0], "expected the header line"));
		assert_int_equal(res.imported, 0);
	}
	assert_int_equal(learner_get(f->site, "A-1", &l), CORE_ERR_NOT_FOUND);
	assert_int_equal(import(f, "", &seen, &res), CORE_ERR_INVALID);
	assert_non_null(strstr(seen.reason[0], "the file is empty"));
	assert_int_equal(import(f, ROSTER_HEADER "\n\n", &seen, &res), CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "no learners after the header"));
}

static void
test_unclosed_quote_names_its_line(void **state)
{
	static const char csv[] =
	    ROSTER_HEADER "\n"
	    "A-1,Amira,Khan,ha-adult,\n"
	    "A-2,\"Ben,Carter,ha-adult,\n"
	    "A-3,Chloe,Dubois,ha-adult,\n";
	struct fixture *f = *state;
	struct roster_result res;
	struct seen seen;

	assert_int_equal(import(f, csv, &seen, &res), CORE_ERR_INVALID);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.line[0], 3);
	assert_string_equal(seen.reason[0], "a quoted field is not closed");
}

static void
test_lf_only_and_no_final_newline(void **state)
{
	struct fixture *f = *state;
	struct roster_result res;
	struct seen seen;
	struct learner l;

	assert_int_equal(import(f, ROSTER_HEADER "\nB-1,Amira,Khan,ha-adult,x\nB-2,Ben,"
	    "Carter,ha-adult,x", &seen, &res), CORE_OK);
	assert_int_equal(res.imported, 2);
	assert_int_equal(learner_get(f->site, "B-2", &l), CORE_OK);
	assert_string_equal(l.cohort, "x");
}

static void
test_role_is_checked(void **state)
{
	char csv[] = ROSTER_HEADER "\nC-1,Amira,Khan,ha-adult,\n";
	struct fixture *f = *state;
	struct roster_result res;
	struct staff sup, tutor;
	FILE *in;

	assert_int_equal(staff_add(f->site, "sup", ROLE_SUPERVISOR, "a long passphrase",
	    NULL), CORE_OK);
	assert_int_equal(staff_add(f->site, "tutor", ROLE_TUTOR, "a long passphrase",
	    NULL), CORE_OK);
	assert_int_equal(staff_get(f->site, "sup", &sup), CORE_OK);
	assert_int_equal(staff_get(f->site, "tutor", &tutor), CORE_OK);
	in = fmemopen(csv, strlen(csv), "r");
	assert_non_null(in);
	assert_int_equal(roster_import(f->site, in, "mem", sup.pseudonym, NULL, NULL, &res),
	    CORE_ERR_DENIED);
	rewind(in);
	assert_int_equal(roster_import(f->site, in, "mem", tutor.pseudonym, NULL, NULL, &res),
	    CORE_OK);
	assert_int_equal(res.imported, 1);
	fclose(in);
}

/* Many rows, one bad at the very end: checked as a stream, nothing written. */
static void
test_large_file_streams(void **state)
{
	enum { ROWS = 20000 };
	struct fixture *f = *state;
	struct roster_result res;
	struct seen seen;
	char path[1024];
	uint64_t before = head_seq(f);
	FILE *out;
	int i;

	snprintf(path, sizeof path, "%s/big.csv", f->dir);
	out = fopen(path, "w");
	assert_non_null(out);
	fputs(ROSTER_HEADER "\n", out);
	for (i = 0; i < ROWS; i++)
		fprintf(out, "BIG-%06d,Given%d,Family%d,ha-adult,2026\n", i, i, i);
	fputs("BIG-000007,Dup,Row,ha-adult,2026\n", out);
	fclose(out);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(roster_import_file(f->site, path, NULL, record, &seen, &res),
	    CORE_ERR_INVALID);
	assert_int_equal(res.rows, ROWS + 1);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.line[0], ROWS + 2);
	assert_string_equal(seen.reason[0], "reference BIG-000007 is also on line 9");
	assert_int_equal(head_seq(f), before);
	/* The temporary table is gone: a second import starts clean. */
	assert_int_equal(roster_import_file(f->site, path, NULL, record, &seen, &res),
	    CORE_ERR_INVALID);
	assert_int_equal(res.bad, 1);
}

static void
test_missing_file(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(roster_import_file(f->site, "/nonexistent/roster.csv", NULL,
	    NULL, NULL, NULL), CORE_ERR_NOT_FOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_good_file_imports_all),
		T(test_bad_rows_reported_nothing_imported),
		T(test_header_must_be_exact),
		T(test_unclosed_quote_names_its_line),
		T(test_lf_only_and_no_final_newline),
		T(test_role_is_checked),
		T(test_large_file_streams),
		T(test_missing_file),
#undef T
	};

	return cmocka_run_group_tests_name("roster", tests, NULL, NULL);
}
