/* SPDX-License-Identifier: ISC */
/* Permission for secure settings: recorded by staff, checked before a walk. */
#include "permission.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "event.h"
#include "ledger.h"
#include "notes.h"
#include "store_db.h"
#include "text.h"

static const char *const source_names[] = {
	[PERMISSION_PARENT] = "parent-or-carer",
	[PERMISSION_MDT] = "multi-disciplinary-team",
	[PERMISSION_MOJ] = "ministry-of-justice",
};

const char *
permission_source_name(enum permission_source src)
{
	return (unsigned)src < 3 ? source_names[src] : "unknown";
}

bool
permission_source_parse(const char *name, enum permission_source *out)
{
	unsigned i;

	for (i = 0; i < 3; i++) {
		if (strcmp(name, source_names[i]) == 0) {
			*out = (enum permission_source)i;
			return true;
		}
	}
	return false;
}

/* A real YYYY-MM-DD date, not after today (UTC). */
static bool
valid_date(const char *date)
{
	struct tm tm = { 0 };
	const char *end = strptime(date, "%Y-%m-%d", &tm);
	time_t when;

	if (!end || *end != '\0' || strlen(date) != 10)
		return false;
	when = timegm(&tm);
	return when != (time_t)-1 && (int64_t)when * 1000 <= store_now_ms();
}

static enum core_status
insert_permission(struct site *site, const struct learner *l,
    enum permission_source src, const char *reference, const char *date,
    uint64_t seq)
{
	static const char sql[] =
	    "INSERT INTO permissions(learner_id, given_by, reference, given_date, seq)"
	    " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(learner_id) DO UPDATE SET"
	    " given_by = excluded.given_by, reference = excluded.reference,"
	    " given_date = excluded.given_date, seq = excluded.seq";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, l->id);
	sqlite3_bind_text(stmt, 2, permission_source_name(src), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, reference, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)seq);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "saving permission");
}

enum core_status
permission_record(struct site *site, const struct learner *l,
    enum permission_source src, const char *reference, const char *date,
    const uint8_t actor[CRYPTO_ID_BYTES])
{
	struct ledger_appended done;
	enum core_status status;
	struct note_seal seal;
	struct event ev;

	if (!*reference || strlen(reference) > 64 ||
	    !text_is_clean(reference, strlen(reference)))
		return core_fail(CORE_ERR_INVALID,
		    "reference: 1 to 64 characters, no control characters");
	if (!valid_date(date))
		return core_fail(CORE_ERR_INVALID,
		    "date: expected a date (YYYY-MM-DD) not in the future, got \"%s\"", date);
	event_init(&ev, EV_PERMISSION_RECORDED);
	memcpy(ev.subject, l->pseudonym, CRYPTO_ID_BYTES);
	memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
	status = event_add_text(&ev, "given_by", permission_source_name(src));
	/* The giver's reference may identify the learner: kept as a note. */
	notes_seal(reference, &seal);
	if (status == CORE_OK)
		status = notes_add_commitment(&ev, "reference_commitment", &seal);
	if (status == CORE_OK)
		status = event_add_text(&ev, "date", date);
	if (status == CORE_OK)
		status = event_set_meaning(&ev,
		    "Permission for this learner to use IT was recorded by staff.");
	if (status == CORE_OK)
		status = store_begin(site->st);
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, &ev, NULL, NULL, &done);
	if (status == CORE_OK)
		status = insert_permission(site, l, src, reference, date, done.seq);
	if (status == CORE_OK)
		status = notes_put(site, done.seq, l->id, reference, &seal);
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	event_clear(&ev);
	return status;
}

enum core_status
permission_check(struct site *site, const struct learner *l)
{
	static const char sql[] = "SELECT 1 FROM permissions WHERE learner_id = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, l->id);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return CORE_OK;
	if (rc == SQLITE_DONE)
		return core_fail(CORE_ERR_NOT_FOUND, "no permission recorded");
	return store_fail(site->st, rc, "checking permission");
}
