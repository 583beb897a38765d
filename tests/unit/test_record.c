/* SPDX-License-Identifier: ISC */
/*
 * A learner's whole record as text, on a real site: every section there,
 * each step's state and the version of the text signed (current, and one
 * since changed), permission, consents with a withdrawal and its note, a
 * concern reported by name (metadata only), the history oldest first with
 * receipts; opening it recorded first; untrusted text made visible; roles;
 * unknown and erased learners; a failing writer.
 */
#include "tests/unit/auditsite.h"

#include "core/concern.h"
#include "core/consent.h"
#include "core/erase.h"
#include "core/event.h"
#include "core/ledger.h"
#include "core/permission.h"
#include "core/record.h"

struct fixture {
	struct audit_site *a;
	uint8_t sue[CRYPTO_ID_BYTES], ada[CRYPTO_ID_BYTES], tom[CRYPTO_ID_BYTES];
	uint8_t dan[CRYPTO_ID_BYTES];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct concern_receipt cr;
	struct learner l;

	assert_non_null(f);
	f->a = as_open();
	as_staff(f->a, "sue", ROLE_SUPERVISOR, f->sue);
	as_staff(f->a, "ada", ROLE_ADMIN, f->ada);
	as_staff(f->a, "tom", ROLE_TUTOR, f->tom);
	as_staff(f->a, "dan", ROLE_DSL, f->dan);
	as_learner(f->a, "HA-1", "Amira", "Khan", "ha-adult", "2026", &l);
	as_walk(f->a, &l, "privacy-recordings");
	as_set_time(f->a, AS_T0 + 86400);
	assert_int_equal(consent_withdraw(f->a->site, &l, "media", CONSENT_BY_WRITING,
	    "2026-09-02", "Letter from the learner, 2 September", f->tom, NULL, NULL),
	    CORE_OK);
	assert_int_equal(concern_report(f->a->site, CONCERN_BULLYING, "Someone keeps "
	    "messaging me.", "", "HA-1", AS_PIN, &cr), CORE_OK);
	as_learner(f->a, "SS-1", "Bo", "Li", "ss-secure", "", &l);
	assert_int_equal(permission_record(f->a->site, &l, PERMISSION_MDT, "MDT-77",
	    "2026-09-01", f->tom), CORE_OK);
	/* A name nobody could type, put there behind the kiosk's back. */
	as_sql(f->a, "UPDATE learner_personal SET family_name = 'Li' || char(27) ||"
	    " '[2J' || char(155) WHERE learner_id = (SELECT id FROM learners"
	    " WHERE reference = 'SS-1')");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	as_close(f->a);
	free(f);
	return 0;
}

static uint64_t
head_seq(struct fixture *f)
{
	struct ledger_head h;

	assert_int_equal(ledger_head(f->a->site->st, &h), CORE_OK);
	return h.seq;
}

/* needle occurs in text after the position of `after` (which must occur). */
static const char *
after(const char *text, const char *after_this, const char *needle)
{
	const char *a = strstr(text, after_this), *n;

	if (!a)
		fail_msg("missing \"%s\"", after_this);
	n = strstr(a, needle);
	if (!n)
		fail_msg("missing \"%s\" after \"%s\"", needle, after_this);
	return n;
}

static void
test_whole_record(void **state)
{
	struct fixture *f = *state;
	uint64_t before = head_seq(f);
	char *text = NULL, line[128];
	size_t len = 0;

	assert_int_equal(record_text(f->a->site, "HA-1", f->sue,
	    (AS_T0 + 2 * 86400) * AS_SEC, &text, &len), CORE_OK);
	assert_non_null(text);
	assert_int_equal(strlen(text), len);
	print_message("%s", text);
	/* Opening it was recorded first, and says so. */
	assert_int_equal(head_seq(f), before + 1);
	snprintf(line, sizeof line, "Opening this record was itself recorded (entry %llu)",
	    (unsigned long long)(before + 1));
	assert_non_null(strstr(text, line));
	assert_non_null(strstr(text, "by sue (supervisor)"));
	/* Personal details and enrolment. */
	after(text, "PERSONAL DETAILS", "Reference:      HA-1");
	after(text, "PERSONAL DETAILS", "Given name(s):  Amira");
	after(text, "PERSONAL DETAILS", "Family name:    Khan");
	after(text, "PERSONAL DETAILS", "Cohort:         2026");
	after(text, "PERSONAL DETAILS", "Enrolled:       2026-09-01 10:00:00 UTC");
	after(text, "PERMISSION", "Not needed for this group.");
	/* Each step, its state, the text signed and the receipt. */
	after(text, "STEPS", "1. Acceptable Use Statement (document)");
	after(text, "1. Acceptable Use Statement", "Signed on 2026-09-01, valid until "
	    "2027-09-01");
	after(text, "1. Acceptable Use Statement", "the current version");
	after(text, "1. Acceptable Use Statement", "receipt ");
	after(text, "STEPS", "Did not agree on 2026-09-01");
	/* Consents: the withdrawal and its note. */
	after(text, "CONSENT", "Media releases: No: withdrawn on 2026-09-02");
	after(text, "CONSENT", "HCC website: Yes: given on 2026-09-01, valid until 2033-09-01");
	after(text, "NOTES", "Letter from the learner, 2 September");
	/* The concern they reported: metadata, never its text. */
	after(text, "CONCERNS THEY REPORTED", "bullying, open.");
	assert_null(strstr(text, "Someone keeps messaging me"));
	/* History, oldest first, in words with receipts. */
	after(text, "HISTORY", "learner enrolled, by the kiosk or the command line");
	after(text, "learner enrolled", "signing key registered");
	after(text, "signing key registered", "document accepted, by the learner");
	after(text, "document accepted", "What the signature means: I have read and "
	    "agree to \"Acceptable Use Statement\"");
	after(text, "document accepted", "sign-off completed");
	after(text, "sign-off completed", "consent withdrawn, by tom (tutor)");
	after(text, "consent withdrawn", "concern reported, by the learner");
	after(text, "concern reported", "records viewed, by sue (supervisor)");
	after(text, "HISTORY", "signed with their own key");
	assert_non_null(strstr(text, "End of the record."));
	/* Nothing secret: no commitments or keys. */
	assert_null(strstr(text, "note_commitment"));
	assert_null(strstr(text, "public_key"));
	free(text);
}

static void
test_changed_text_and_sanitised(void **state)
{
	struct fixture *f = *state;
	char *text = NULL;
	size_t len, i;

	/* An earlier version of the document, now replaced. */
	as_sql(f->a, "INSERT INTO documents(hash, step, title, text, first_seen_ms)"
	    " VALUES(zeroblob(32), 'ss-learner-agreement', 'Old', CAST('Old text' AS BLOB),"
	    " 1700000000000);"
	    "INSERT INTO signoffs(learner_id, step, doc_hash, outcome, seq, time_ms)"
	    " SELECT id, 'ss-learner-agreement', zeroblob(32), 'signed', 3,"
	    " 1788256800000 FROM learners WHERE reference = 'SS-1'");
	assert_int_equal(record_text(f->a->site, "SS-1", f->tom,
	    (AS_T0 + 2 * 86400) * AS_SEC, &text, &len), CORE_OK);
	print_message("%s", text);
	after(text, "PERMISSION", "Given by multi-disciplinary-team, their reference "
	    "\"MDT-77\", dated 2026-09-01");
	after(text, "1. Online Learner Agreement", "Lapsed: the text has changed since");
	after(text, "1. Online Learner Agreement", "0000000000000000... (first used "
	    "2023-11-14), an earlier version, since changed");
	after(text, "2. ", "Not done yet");
	/* The escape sequence and the C1 control are shown, not sent. */
	after(text, "Family name:", "Li^[[2J<U+009B>");
	for (i = 0; i < len; i++)
		if ((unsigned char)text[i] < 0x20 && text[i] != '\n')
			fail_msg("control character 0x%02x at %zu", text[i], i);
	assert_null(strstr(text, "\xc2\x9b"));
	free(text);
}

static bool
fail_writer(const void *buf, size_t len, void *ctx)
{
	(void)buf;
	(void)len;
	(void)ctx;
	return false;
}

static void
test_refused(void **state)
{
	struct fixture *f = *state;
	char *text = NULL;
	uint64_t before;

	/* Administrators erase records; they do not read learners' histories. */
	before = head_seq(f);
	assert_int_equal(record_text(f->a->site, "HA-1", f->ada, AS_T0 * AS_SEC, &text,
	    NULL), CORE_ERR_DENIED);
	assert_null(text);
	assert_int_equal(head_seq(f), before);
	assert_int_equal(record_text(f->a->site, "NO-SUCH", NULL, AS_T0 * AS_SEC, &text,
	    NULL), CORE_ERR_NOT_FOUND);
	/* A writer that fails: an I/O error, but the viewing is on record. */
	assert_int_equal(record_write(f->a->site, "HA-1", f->dan, AS_T0 * AS_SEC,
	    fail_writer, NULL), CORE_ERR_IO);
	assert_int_equal(head_seq(f), before + 1);
	/* Erased: nothing to show. */
	assert_int_equal(erase_learner(f->a->site, "SS-1", NULL, NULL), CORE_OK);
	assert_int_equal(record_text(f->a->site, "SS-1", NULL, AS_T0 * AS_SEC, &text,
	    NULL), CORE_ERR_NOT_FOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_record),
		cmocka_unit_test(test_changed_text_and_sanitised),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
