/* SPDX-License-Identifier: ISC */
/*
 * Staff actions to the audit hook: which kinds are told, and the words.
 * The words are built only from the kind's fixed words, the seq, and staff
 * accounts looked up by pseudonym, so nothing a learner or a form supplied
 * (names, references, notes, reasons typed at a prompt) can reach syslog.
 */
#include "audit.h"

#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "store_db.h"

/* How a kind is told. */
enum told {
	TOLD_NEVER,
	TOLD_STAFF,	/* a staff action: by the actor, or the command line */
	TOLD_KIOSK,	/* raised by the kiosk itself: a zero actor is no one */
	TOLD_IF_STAFF,	/* told only when a staff account or the command line acts */
	TOLD_IF_ACCOUNT,	/* told only when a staff account acts (a zero actor
				 * may be an anonymous learner) */
};

static enum told
told_for(unsigned kind)
{
	switch (kind) {
	case EV_KIOSK_INIT:
	case EV_KIOSK_KEY:
	case EV_LEARNER_ENROLLED:
	case EV_ACTIVATION_ISSUED:
	case EV_PERMISSION_RECORDED:
	case EV_LEARNER_UNLOCKED:
	case EV_PIN_RESET:
	case EV_STAFF_ADDED:
	case EV_STAFF_DISABLED:
	case EV_STAFF_ENABLED:
	case EV_STAFF_PASSWD:
	case EV_CONCERN_ACTIONED:
	case EV_EXPORT:
	case EV_ERASURE:
	case EV_VERIFY_RUN:
	case EV_RECORD_VIEWED:
	case EV_WITNESSED:
	case EV_LEARNER_LEFT:
		return TOLD_STAFF;
	case EV_STAFF_SIGNIN:
	case EV_STAFF_SIGNIN_FAILED:
	case EV_STAFF_LOCKED:
	case EV_LEARNER_LOCKED:
		return TOLD_KIOSK;
	case EV_CONSENT_WITHDRAWN:
		return TOLD_IF_STAFF;
	case EV_CONCERN_REPORTED:
		return TOLD_IF_ACCOUNT;
	default:
		return TOLD_NEVER;
	}
}

static core_audit_hook audit_hook;

void
core_set_audit_hook(core_audit_hook hook)
{
	audit_hook = hook;
}

bool
audit_kind_told(unsigned kind)
{
	return told_for(kind) != TOLD_NEVER;
}

static bool
is_zero(const uint8_t id[CRYPTO_ID_BYTES])
{
	uint8_t acc = 0;

	for (size_t i = 0; i < CRYPTO_ID_BYTES; i++)
		acc |= id[i];
	return acc == 0;
}

/*
 * "NAME (ROLE)" of the staff account with this pseudonym, or false. Staff
 * ids are 1-32 of [a-z0-9._-] (staff.h), so they need no escaping; a row
 * that says otherwise is not trusted to be one.
 */
static bool
staff_words(struct store *st, const uint8_t id[CRYPTO_ID_BYTES], char *out,
    size_t cap)
{
	static const char sql[] = "SELECT name, role FROM staff WHERE pseudonym = ?1";
	enum core_status err = CORE_OK;
	const unsigned char *name, *role;
	sqlite3_stmt *stmt;
	bool found = false;

	if (is_zero(id) || !(stmt = store_prepare(st, sql, &err)))
		return false;
	sqlite3_bind_blob(stmt, 1, id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    (name = sqlite3_column_text(stmt, 0)) &&
	    (role = sqlite3_column_text(stmt, 1)) &&
	    strlen((const char *)name) <= 32 &&
	    strspn((const char *)name, "abcdefghijklmnopqrstuvwxyz0123456789._-") ==
	    strlen((const char *)name) &&
	    strspn((const char *)role, "abcdefghijklmnopqrstuvwxyz") ==
	    strlen((const char *)role)) {
		snprintf(out, cap, "%s (%s)", (const char *)name, (const char *)role);
		found = true;
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return found;
}

void
audit_appended(struct store *st, const struct event *ev)
{
	char words[256], actor[64], subject[64], detail[512];
	const char *what = event_kind_words(ev->kind);
	enum told told = told_for(ev->kind);
	bool by_staff, about_staff;
	int n;

	if (!audit_hook || told == TOLD_NEVER || !what)
		return;
	/* The lookups may set a detail; the caller's must survive them. */
	snprintf(detail, sizeof detail, "%s", core_detail());
	by_staff = staff_words(st, ev->actor, actor, sizeof actor);
	if (!by_staff && is_zero(ev->actor) && told != TOLD_KIOSK &&
	    told != TOLD_IF_ACCOUNT)
		snprintf(actor, sizeof actor, "the command line");
	else if (!by_staff)
		actor[0] = '\0';
	/* What a learner does at the kiosk is theirs, not staff's. */
	if ((told == TOLD_IF_STAFF || told == TOLD_IF_ACCOUNT) && !actor[0])
		told = TOLD_NEVER;
	/* An account acted on; a learner subject is never named. */
	about_staff = !crypto_equal(ev->subject, ev->actor, CRYPTO_ID_BYTES) &&
	    staff_words(st, ev->subject, subject, sizeof subject);
	if (detail[0])
		core_fail(CORE_OK, "%s", detail);
	else
		core_detail_clear();
	if (told == TOLD_NEVER)
		return;

	n = snprintf(words, sizeof words, "%s: seq %llu", what,
	    (unsigned long long)ev->seq);
	if (about_staff && n > 0 && (size_t)n < sizeof words)
		n += snprintf(words + n, sizeof words - (size_t)n, "; account %s", subject);
	if (actor[0] && n > 0 && (size_t)n < sizeof words)
		snprintf(words + n, sizeof words - (size_t)n, "; by %s", actor);
	/*
	 * Told only once it is saved: a rolled-back action never happened.
	 * A failed sign-in did, saved or not (a failing disk must not hide
	 * someone trying passphrases), so it is told at once.
	 */
	if (ev->kind == EV_STAFF_SIGNIN_FAILED)
		audit_hook(ev->kind, words);
	else
		store_after_commit(st, audit_hook, ev->kind, words);
}
