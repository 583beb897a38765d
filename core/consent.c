/* SPDX-License-Identifier: ISC */
/*
 * Multimedia consent over its life: answers per channel derived from the
 * signed entries (the consents table only points at them), calendar-year
 * expiry, and withdrawal at the kiosk or in writing.
 */
#include "consent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event.h"
#include "notes.h"
#include "role.h"
#include "store_db.h"
#include "text.h"

/* One row of the derived consents table. */
struct crow {
	char channel[CONFIG_ID_MAX];
	int value;
	uint64_t seq;
	int64_t time_ms;
	uint64_t withdrawn_seq;
};

static const char sql_row[] =
    "SELECT channel, value, seq, time_ms, withdrawn_seq FROM consents"
    " WHERE learner_id = ?1 AND channel = ?2";
static const char sql_rows[] =
    "SELECT channel, value, seq, time_ms, withdrawn_seq FROM consents"
    " WHERE learner_id = ?1 ORDER BY channel";
/* The same text as verify's, so the two share one cached statement. */
static const char sql_entry[] = "SELECT bytes FROM ledger WHERE seq = ?1";
static const char sql_withdraw[] =
    "UPDATE consents SET withdrawn_seq = ?3 WHERE learner_id = ?1"
    " AND channel = ?2 AND value = 1 AND withdrawn_seq IS NULL";

const char *
consent_source_name(enum consent_source src)
{
	return src == CONSENT_BY_KIOSK ? "kiosk" : "writing";
}

/* ---- dates ---- */

static bool
is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

static time_t
ms_to_secs(int64_t ms, int64_t *rem)
{
	int64_t secs = ms / 1000;

	if (ms % 1000 < 0)	/* floor, for instants before 1970 */
		secs--;
	*rem = ms - secs * 1000;
	return (time_t)secs;
}

int64_t
consent_expiry_ms(int64_t given_ms, unsigned years)
{
	int64_t rem;
	time_t secs = ms_to_secs(given_ms, &rem);
	struct tm tm;

	if (!gmtime_r(&secs, &tm))
		return given_ms;
	tm.tm_year += (int)years;
	if (tm.tm_mon == 1 && tm.tm_mday == 29 && !is_leap(tm.tm_year + 1900))
		tm.tm_mday = 28;
	return (int64_t)timegm(&tm) * 1000 + rem;
}

void
consent_date_format(int64_t ms, char out[CONSENT_DATE_LEN])
{
	int64_t rem;
	time_t secs = ms_to_secs(ms, &rem);
	struct tm tm;

	if (!gmtime_r(&secs, &tm) ||
	    strftime(out, CONSENT_DATE_LEN, "%Y-%m-%d", &tm) != CONSENT_DATE_LEN - 1)
		snprintf(out, CONSENT_DATE_LEN, "?");
}

enum core_status
consent_date_parse(const char *date, int64_t *ms)
{
	struct tm tm = { 0 };
	int y = 0, m = 0, d = 0, i;

	for (i = 0; i < 10; i++) {
		char c = date[i];

		if ((i == 4 || i == 7) ? c != '-' : (c < '0' || c > '9'))
			break;
	}
	if (i < 10 || date[10] != '\0')
		return core_fail(CORE_ERR_INVALID, "date: expected YYYY-MM-DD, got \"%.40s\"",
		    date);
	sscanf(date, "%4d-%2d-%2d", &y, &m, &d);
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return core_fail(CORE_ERR_INVALID, "date: %s is not a real date", date);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	*ms = (int64_t)timegm(&tm) * 1000;
	return CORE_OK;
}

/* ---- reading ---- */

static const struct consent_channel *
find_channel(const struct config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->nchannels; i++)
		if (strcmp(cfg->channels[i].id, id) == 0)
			return &cfg->channels[i];
	return NULL;
}

static void
read_crow(sqlite3_stmt *stmt, struct crow *r)
{
	const unsigned char *ch = sqlite3_column_text(stmt, 0);

	memset(r, 0, sizeof *r);
	snprintf(r->channel, sizeof r->channel, "%s", ch ? (const char *)ch : "");
	r->value = sqlite3_column_int(stmt, 1);
	r->seq = (uint64_t)sqlite3_column_int64(stmt, 2);
	r->time_ms = sqlite3_column_int64(stmt, 3);
	if (sqlite3_column_type(stmt, 4) != SQLITE_NULL)
		r->withdrawn_seq = (uint64_t)sqlite3_column_int64(stmt, 4);
}

/* The row for one channel; *found false when there is none. */
static enum core_status
load_row(struct site *site, int64_t learner_id, const char *channel,
    struct crow *out, bool *found)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	*found = false;
	if (!(stmt = store_prepare(site->st, sql_row, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, learner_id);
	sqlite3_bind_text(stmt, 2, channel, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		read_crow(stmt, out);
		*found = true;
	} else if (rc != SQLITE_DONE) {
		status = store_fail(site->st, rc, "reading consent");
	}
	sqlite3_reset(stmt);
	return status;
}

/* All of a learner's rows, read before anything else runs; *rows is malloc()ed. */
static enum core_status
load_rows(struct site *site, int64_t learner_id, struct crow **rows, size_t *n)
{
	enum core_status status = CORE_OK;
	struct crow *list = NULL, *grown;
	size_t count = 0, cap = 0;
	sqlite3_stmt *stmt;
	int rc;

	*rows = NULL;
	*n = 0;
	if (!(stmt = store_prepare(site->st, sql_rows, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, learner_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap ? cap * 2 : CONFIG_MAX_CHANNELS;
			if (!(grown = realloc(list, cap * sizeof *list))) {
				status = core_fail(CORE_ERR_NOMEM, "reading consent");
				break;
			}
			list = grown;
		}
		read_crow(stmt, &list[count++]);
	}
	if (status == CORE_OK && rc != SQLITE_DONE)
		status = store_fail(site->st, rc, "reading consent");
	sqlite3_reset(stmt);
	if (status != CORE_OK) {
		free(list);
		return status;
	}
	*rows = list;
	*n = count;
	return CORE_OK;
}

/* Decode the entry at seq into ev (cleared by the caller). */
static enum core_status
load_entry(struct site *site, uint64_t seq, struct event *ev)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	memset(ev, 0, sizeof *ev);
	if (!(stmt = store_prepare(site->st, sql_entry, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)seq);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		status = event_decode(sqlite3_column_blob(stmt, 0),
		    (size_t)sqlite3_column_bytes(stmt, 0), ev);
	else if (rc == SQLITE_DONE)
		status = CORE_ERR_NOT_FOUND;
	else
		status = store_fail(site->st, rc, "reading a consent entry");
	sqlite3_reset(stmt);
	if (status == CORE_ERR_NOT_FOUND || status == CORE_ERR_VERIFY)
		return core_fail(CORE_ERR_CORRUPT,
		    "the entry at seq %llu is missing or unreadable (run signoff verify)",
		    (unsigned long long)seq);
	return status;
}

static unsigned
field_unsigned(const struct event *ev, const char *key)
{
	const struct event_field *f = event_field(ev, key);
	char *end;
	unsigned long v;

	if (!f || !f->len)
		return 0;
	v = strtoul((const char *)f->value, &end, 10);
	return *end || v > 1000 ? 0 : (unsigned)v;
}

/* What the latest choice said, from its signed entry. */
static enum core_status
read_choice(struct site *site, const struct crow *r, struct consent_answer *a)
{
	unsigned cfg_years = site->cfg->consent_years, signed_years;
	const struct event_field *f;
	enum core_status status;
	struct event ev;
	char key[CONFIG_ID_MAX + 16];
	bool yes = r->value != 0;

	if ((status = load_entry(site, r->seq, &ev)) != CORE_OK)
		return status;
	a->given_ms = r->time_ms;
	if (ev.kind == EV_CONSENT_GIVEN) {
		a->given_ms = ev.time_ms;
		snprintf(key, sizeof key, "consent.%s", r->channel);
		if ((f = event_field(&ev, key)))
			yes = f->len == 3 && memcmp(f->value, "yes", 3) == 0;
	}
	signed_years = field_unsigned(&ev, "valid_years");
	event_clear(&ev);
	a->yes = yes;
	a->valid_years = signed_years && signed_years < cfg_years ? signed_years : cfg_years;
	return CORE_OK;
}

/* The date written on the withdrawal, and when it was recorded. */
static enum core_status
read_withdrawal(struct site *site, uint64_t seq, struct consent_answer *a)
{
	const struct event_field *f;
	enum core_status status;
	struct event ev;

	if ((status = load_entry(site, seq, &ev)) != CORE_OK)
		return status;
	a->withdrawn_seq = seq;
	a->withdrawn_ms = ev.time_ms;
	f = event_field(&ev, "date");
	if (f && f->len == CONSENT_DATE_LEN - 1)
		memcpy(a->withdrawn_date, f->value, CONSENT_DATE_LEN);
	else
		consent_date_format(ev.time_ms, a->withdrawn_date);
	event_clear(&ev);
	return CORE_OK;
}

/* Build the answer for one channel from its row (NULL: never answered). */
static enum core_status
answer(struct site *site, const char *channel, const struct crow *r,
    int64_t now, struct consent_answer *a)
{
	const struct consent_channel *ch = find_channel(site->cfg, channel);
	enum core_status status;

	memset(a, 0, sizeof *a);
	snprintf(a->channel, sizeof a->channel, "%s", channel);
	snprintf(a->label, sizeof a->label, "%s", ch ? ch->label : channel);
	a->required_yes = ch && ch->required_yes;
	if (!r) {
		a->state = CONSENT_NEVER;
		snprintf(a->reason, sizeof a->reason, "No: never given");
		return CORE_OK;
	}
	a->seq = r->seq;
	if ((status = read_choice(site, r, a)) != CORE_OK)
		return status;
	consent_date_format(a->given_ms, a->given_date);
	if (!a->yes) {
		a->state = CONSENT_SAID_NO;
		snprintf(a->reason, sizeof a->reason, "No: the learner said No on %s",
		    a->given_date);
		return CORE_OK;
	}
	a->expires_ms = consent_expiry_ms(a->given_ms, a->valid_years);
	consent_date_format(a->expires_ms, a->expires_date);
	a->yes = false;
	if (r->withdrawn_seq) {
		if ((status = read_withdrawal(site, r->withdrawn_seq, a)) != CORE_OK)
			return status;
		a->state = CONSENT_WITHDRAWN;
		snprintf(a->reason, sizeof a->reason, "No: withdrawn on %s",
		    a->withdrawn_date);
	} else if (now >= a->expires_ms) {
		a->state = CONSENT_EXPIRED;
		snprintf(a->reason, sizeof a->reason, "No: expired on %s",
		    a->expires_date);
	} else {
		a->yes = true;
		a->state = CONSENT_YES;
		snprintf(a->reason, sizeof a->reason, "Yes: given on %s, valid until %s",
		    a->given_date, a->expires_date);
	}
	return CORE_OK;
}

static enum core_status
unknown_channel(const struct config *cfg, const char *channel)
{
	char list[512] = "";
	size_t used = 0;

	for (size_t i = 0; i < cfg->nchannels && used < sizeof list; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
		    i ? ", " : "", cfg->channels[i].id);
	return core_fail(CORE_ERR_INVALID,
	    "channel: unknown channel \"%.48s\": expected one of %s", channel, list);
}

enum core_status
consent_lookup(struct site *site, const struct learner *l, const char *channel,
    int64_t now_ms, struct consent_answer *out)
{
	enum core_status status;
	struct crow row;
	bool found;

	memset(out, 0, sizeof *out);
	if ((status = load_row(site, l->id, channel, &row, &found)) != CORE_OK)
		return status;
	if (!found && !find_channel(site->cfg, channel))
		return unknown_channel(site->cfg, channel);
	return answer(site, channel, found ? &row : NULL, now_ms, out);
}

static const struct crow *
row_for(const struct crow *rows, size_t n, const char *channel)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].channel, channel) == 0)
			return &rows[i];
	return NULL;
}

enum core_status
consent_each(struct site *site, const struct learner *l, int64_t now_ms,
    consent_visit_fn fn, void *ctx)
{
	const struct config *cfg = site->cfg;
	struct consent_answer a;
	enum core_status status;
	struct crow *rows;
	size_t n, i;
	bool more = true;

	if ((status = load_rows(site, l->id, &rows, &n)) != CORE_OK)
		return status;
	for (i = 0; more && status == CORE_OK && i < cfg->nchannels; i++) {
		const char *id = cfg->channels[i].id;

		status = answer(site, id, row_for(rows, n, id), now_ms, &a);
		if (status == CORE_OK)
			more = fn(&a, ctx);
	}
	/* Channels the config has since dropped still have an answer. */
	for (i = 0; more && status == CORE_OK && i < n; i++) {
		if (find_channel(cfg, rows[i].channel))
			continue;
		status = answer(site, rows[i].channel, &rows[i], now_ms, &a);
		if (status == CORE_OK)
			more = fn(&a, ctx);
	}
	free(rows);
	return status;
}

enum core_status
consent_required_ok(struct site *site, const struct learner *l, int64_t now_ms,
    bool *ok, struct consent_answer *missing)
{
	struct consent_answer a;
	enum core_status status;

	*ok = true;
	for (size_t i = 0; i < site->cfg->nchannels; i++) {
		if (!site->cfg->channels[i].required_yes)
			continue;
		status = consent_lookup(site, l, site->cfg->channels[i].id, now_ms, &a);
		if (status != CORE_OK)
			return status;
		if (!a.yes) {
			*ok = false;
			if (missing)
				*missing = a;
			return CORE_OK;
		}
	}
	return CORE_OK;
}

/* ---- withdrawing ---- */

/* The channels a withdrawal names, as ids into buf and labels into words. */
struct chosen {
	char ids[CONFIG_MAX_CHANNELS * CONFIG_ID_MAX + 1024];
	char words[CONFIG_MAX_CHANNELS * CONFIG_TITLE_MAX + 1024];
	size_t n;
};

static void
choose(struct chosen *c, const char *id, const char *label)
{
	size_t ni = strlen(c->ids), nw = strlen(c->words);

	if (ni + strlen(id) + 2 >= sizeof c->ids || nw + strlen(label) + 3 >= sizeof c->words)
		return;	/* cannot happen within the config's limits */
	snprintf(c->ids + ni, sizeof c->ids - ni, "%s%s", c->n ? "," : "", id);
	snprintf(c->words + nw, sizeof c->words - nw, "%s%s", c->n ? ", " : "", label);
	c->n++;
}

static enum core_status
choose_channels(struct site *site, const struct learner *l, const char *channel,
    struct chosen *c)
{
	const struct config *cfg = site->cfg;
	const struct consent_channel *ch;
	enum core_status status;
	struct crow *rows;
	size_t n, i;

	memset(c, 0, sizeof *c);
	if ((status = load_rows(site, l->id, &rows, &n)) != CORE_OK)
		return status;
	if (channel) {
		ch = find_channel(cfg, channel);
		if (ch || row_for(rows, n, channel))
			choose(c, channel, ch ? ch->label : channel);
		else
			status = unknown_channel(cfg, channel);
	} else {
		for (i = 0; i < cfg->nchannels; i++)
			choose(c, cfg->channels[i].id, cfg->channels[i].label);
		for (i = 0; i < n; i++)
			if (!find_channel(cfg, rows[i].channel))
				choose(c, rows[i].channel, rows[i].channel);
	}
	free(rows);
	return status;
}

static enum core_status
check_withdrawal(const struct learner *l, enum consent_source src,
    const char *date, const char *note, const struct signer *signer)
{
	enum core_status status;
	int64_t day;

	if (l->erased)
		return core_fail(CORE_ERR_INVALID, "the learner's details have been erased");
	if (src == CONSENT_BY_KIOSK && !signer)
		return core_fail(CORE_ERR_INVALID,
		    "a withdrawal at the kiosk is signed by the learner");
	if (src == CONSENT_BY_WRITING && signer)
		return core_fail(CORE_ERR_INVALID,
		    "a withdrawal in writing is recorded by staff, not signed by the learner");
	if ((status = consent_date_parse(date, &day)) != CORE_OK)
		return status;
	if (day > store_now_ms())
		return core_fail(CORE_ERR_INVALID, "date: %s is in the future", date);
	if (note && (strlen(note) > CONSENT_NOTE_MAX || !text_is_clean(note, strlen(note))))
		return core_fail(CORE_ERR_INVALID,
		    "note: at most %d bytes of text, no control characters", CONSENT_NOTE_MAX);
	return CORE_OK;
}

static enum core_status
build_event(const struct learner *l, const struct chosen *c,
    enum consent_source src, const char *date, const struct note_seal *seal,
    const uint8_t *actor, struct event *ev)
{
	enum core_status status;
	char meaning[sizeof c->words + 512];

	event_init(ev, EV_CONSENT_WITHDRAWN);
	memcpy(ev->subject, l->pseudonym, CRYPTO_ID_BYTES);
	if (src == CONSENT_BY_KIOSK)
		memcpy(ev->actor, l->pseudonym, CRYPTO_ID_BYTES);
	else if (actor)
		memcpy(ev->actor, actor, CRYPTO_ID_BYTES);
	if (src == CONSENT_BY_KIOSK)
		snprintf(meaning, sizeof meaning, "I take back my consent for photos, "
		    "audio and video of me in: %s. They must not be used there from "
		    "now on.", c->words);
	else
		snprintf(meaning, sizeof meaning, "Staff recorded that the learner took "
		    "back their consent in writing, dated %s, for: %s. Photos, audio "
		    "and video of the learner must not be used there from now on.",
		    date, c->words);
	status = event_add_text(ev, "channels", c->ids);
	if (status == CORE_OK)
		status = event_add_text(ev, "source", consent_source_name(src));
	if (status == CORE_OK)
		status = event_add_text(ev, "date", date);
	if (status == CORE_OK && seal)
		status = notes_add_commitment(ev, "note_commitment", seal);
	if (status == CORE_OK)
		status = event_set_meaning(ev, meaning);
	return status;
}

static enum core_status
mark_withdrawn(struct site *site, const struct learner *l, const char *ids,
    uint64_t seq)
{
	enum core_status status = CORE_OK;
	char id[CONFIG_ID_MAX];
	sqlite3_stmt *stmt;
	const char *p = ids;
	size_t len;
	int rc;

	while (status == CORE_OK && *p) {
		len = strcspn(p, ",");
		snprintf(id, sizeof id, "%.*s", (int)len, p);
		p += len + (p[len] == ',');
		if (!(stmt = store_prepare(site->st, sql_withdraw, &status)))
			return status;
		sqlite3_bind_int64(stmt, 1, l->id);
		sqlite3_bind_text(stmt, 2, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(stmt, 3, (sqlite3_int64)seq);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE)
			status = store_fail(site->st, rc, "marking consent withdrawn");
	}
	return status;
}

enum core_status
consent_withdraw(struct site *site, const struct learner *l, const char *channel,
    enum consent_source src, const char *date, const char *note,
    const uint8_t *actor, const struct signer *signer, struct ledger_appended *out)
{
	struct ledger_appended done;
	struct note_seal seal;
	enum core_status status;
	struct chosen *c;
	struct event ev;

	if (out)
		memset(out, 0, sizeof *out);
	note = note && *note ? note : NULL;
	if ((status = check_withdrawal(l, src, date, note, signer)) != CORE_OK)
		return status;
	if (!(c = malloc(sizeof *c)))
		return core_fail(CORE_ERR_NOMEM, "withdrawing consent");
	if (note)
		notes_seal(note, &seal);
	memset(&ev, 0, sizeof ev);
	/* Read the channels inside the write, so they are the ones marked. */
	status = store_begin(site->st);
	if (status == CORE_OK && src == CONSENT_BY_WRITING)
		status = role_authorize(site, actor, ROLE_ACT_WITHDRAW_CONSENT);
	if (status == CORE_OK)
		status = choose_channels(site, l, channel, c);
	if (status == CORE_OK)
		status = build_event(l, c, src, date, note ? &seal : NULL, actor, &ev);
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, &ev, signer, NULL, &done);
	if (status == CORE_OK)
		status = mark_withdrawn(site, l, c->ids, done.seq);
	if (status == CORE_OK && note)
		status = notes_put(site, done.seq, l->id, note, &seal);
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	event_clear(&ev);
	free(c);
	if (status == CORE_OK && out)
		*out = done;
	return status;
}

enum core_status
consent_withdraw_pin(struct site *site, const struct learner *l,
    const char *channel, const char *pin, struct ledger_appended *out)
{
	char today[CONSENT_DATE_LEN];
	struct signer *signer = NULL;
	enum core_status status;

	if (l->erased)
		return core_fail(CORE_ERR_INVALID, "the learner's details have been erased");
	if ((status = learner_unseal(site, l, pin, &signer)) != CORE_OK)
		return status;
	consent_date_format(store_now_ms(), today);
	status = consent_withdraw(site, l, channel, CONSENT_BY_KIOSK, today, NULL,
	    l->pseudonym, signer, out);
	signer_free(&signer);
	return status;
}
