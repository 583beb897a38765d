/* SPDX-License-Identifier: ISC */
/*
 * Recording a verification run: a passing run and a failing one each
 * become an EV_VERIFY_RUN entry naming who ran it and what was found; the
 * record itself verifies; a role that may not verify is refused and
 * nothing is written.
 */
#include "tests/unit/auditsite.h"

#include "core/event.h"
#include "core/ledger.h"
#include "core/verify.h"
#include "core/verify_run.h"

static void
last_event(struct audit_site *a, struct event *ev, uint64_t *seq)
{
	struct ledger_head head;
	char path[1200];
	sqlite3_stmt *stmt;
	sqlite3 *db;

	assert_int_equal(ledger_head(a->site->st, &head), CORE_OK);
	*seq = head.seq;
	snprintf(path, sizeof path, "%s/signoff.db", a->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT bytes FROM ledger WHERE seq = ?1",
	    -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)head.seq);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	memset(ev, 0, sizeof *ev);
	assert_int_equal(event_decode(sqlite3_column_blob(stmt, 0),
	    (size_t)sqlite3_column_bytes(stmt, 0), ev), CORE_OK);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static void
field_is(const struct event *ev, const char *key, const char *want)
{
	const struct event_field *f = event_field(ev, key);

	if (!f)
		fail_msg("no field %s", key);
	assert_string_equal((const char *)f->value, want);
}

static void
test_runs_recorded(void **state)
{
	struct audit_site *a = as_open();
	uint8_t sue[CRYPTO_ID_BYTES], tom[CRYPTO_ID_BYTES], ada[CRYPTO_ID_BYTES];
	struct verify_report rep, bad;
	struct ledger_appended done;
	enum core_status status;
	struct event ev;
	uint64_t seq, before;
	char count[32];

	(void)state;
	as_staff(a, "sue", ROLE_SUPERVISOR, sue);
	as_staff(a, "tom", ROLE_TUTOR, tom);
	as_staff(a, "ada", ROLE_ADMIN, ada);

	/* A passing run, as the dashboard would do it. */
	status = verify_ledger(a->site->st, NULL, NULL, NULL, &rep);
	assert_int_equal(status, CORE_OK);
	assert_int_equal(verify_record_run(a->site, sue, status, &rep, &done), CORE_OK);
	last_event(a, &ev, &seq);
	assert_int_equal(seq, done.seq);
	assert_int_equal(ev.kind, EV_VERIFY_RUN);
	assert_memory_equal(ev.actor, sue, CRYPTO_ID_BYTES);
	field_is(&ev, "result", "ok");
	snprintf(count, sizeof count, "%llu", (unsigned long long)rep.count);
	field_is(&ev, "count", count);
	assert_null(event_field(&ev, "bad_seq"));
	assert_non_null(strstr(ev.meaning, "entries hold"));
	event_clear(&ev);

	/* The new entry verifies with the rest. */
	assert_int_equal(verify_ledger(a->site->st, NULL, NULL, NULL, &rep), CORE_OK);
	assert_int_equal(rep.last_seq, done.seq);

	/* A failing run is recorded as failed, naming the entry and field. */
	memset(&bad, 0, sizeof bad);
	bad.count = 7;
	bad.bad_seq = 5;
	snprintf(bad.bad_field, sizeof bad.bad_field, "kiosk_sig");
	snprintf(bad.reason, sizeof bad.reason, "the kiosk signature does not verify");
	assert_int_equal(verify_record_run(a->site, ada, CORE_ERR_VERIFY, &bad, NULL), CORE_OK);
	last_event(a, &ev, &seq);
	field_is(&ev, "result", "failed");
	field_is(&ev, "bad_seq", "5");
	field_is(&ev, "bad_field", "kiosk_sig");
	field_is(&ev, "reason", "the kiosk signature does not verify");
	assert_non_null(strstr(ev.meaning, "FAILED at entry 5"));
	event_clear(&ev);

	/* One that could not finish. */
	assert_int_equal(verify_record_run(a->site, NULL, CORE_ERR_IO, &bad, NULL), CORE_OK);
	last_event(a, &ev, &seq);
	field_is(&ev, "result", "error");
	for (size_t i = 0; i < CRYPTO_ID_BYTES; i++)
		assert_int_equal(ev.actor[i], 0);	/* the command line */
	event_clear(&ev);

	/* A tutor may not verify: refused, nothing written. */
	before = seq;
	assert_int_equal(verify_record_run(a->site, tom, CORE_OK, &rep, NULL),
	    CORE_ERR_DENIED);
	last_event(a, &ev, &seq);
	assert_int_equal(seq, before);
	event_clear(&ev);
	as_close(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_recorded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
