/* SPDX-License-Identifier: ISC */
/*
 * A learner's whole record as text (see record.h): the viewing is
 * recorded first, then each section is read and written out in turn. The
 * history walks the ledger's (subject, seq) index a row at a time, so a
 * long history costs time, not memory.
 *
 * Saving one for printing writes the file first and records the export
 * only once it is durably there (as export.c records after the last
 * byte); if the ledger then fails, the file goes again, so no copy of
 * personal data is left that the ledger does not know about.
 */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "consent.h"
#include "event.h"
#include "export_int.h"
#include "learner.h"
#include "ledger.h"
#include "role.h"
#include "rules.h"
#include "staff.h"
#include "store_db.h"
#include "text.h"

#define SAFE_MAX 1024

struct rec {
	struct site *site;
	struct xout *o;
	struct learner l;
	int64_t now;
	enum core_status status;	/* the first failure while walking */
	unsigned entries;
};

static void say(struct rec *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
say(struct rec *r, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n > 0)
		xout_raw(r->o, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* Untrusted text, made visible; the buffer is the caller's. */
static const char *
safe(const char *s, char buf[SAFE_MAX])
{
	return text_sanitize(s ? s : "", buf, SAFE_MAX);
}

static void
when(int64_t ms, char out[32])
{
	char t[EXPORT_TIME_LEN];

	export_time_format(ms, t);
	/* 2026-09-01T09:30:00.000Z -> 2026-09-01 09:30:00 UTC */
	snprintf(out, 32, "%.10s %.8s UTC", t, t + 11);
}

static void
hex(const uint8_t *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static bool
is_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

static void
staff_words(struct site *site, const uint8_t *actor, char *out, size_t cap)
{
	struct staff s;

	if (!actor || is_zero(actor, CRYPTO_ID_BYTES))
		snprintf(out, cap, "the command line");
	else if (staff_get_by_pseudonym(site, actor, &s) == CORE_OK)
		snprintf(out, cap, "%s (%s)", s.name, staff_role_name(s.role));
	else
		snprintf(out, cap, "an unknown member of staff");
	core_detail_clear();
}

static enum core_status
note_viewing(struct site *site, const struct learner *l, const uint8_t *actor,
    uint64_t *seq)
{
	struct ledger_appended done;
	enum core_status status;
	struct event ev;

	event_init(&ev, EV_RECORD_VIEWED);
	memcpy(ev.subject, l->pseudonym, CRYPTO_ID_BYTES);
	if (actor)
		memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
	status = event_add_text(&ev, "what", "whole record");
	if (status == CORE_OK)
		status = event_set_meaning(&ev, "The learner's whole record was opened "
		    "and may have been printed.");
	if (status == CORE_OK)
		status = ledger_append_alone(site->st, site->keys, &ev, &done);
	event_clear(&ev);
	*seq = status == CORE_OK ? done.seq : 0;
	return status;
}

/* ---- sections ---- */

static enum core_status
sec_details(struct rec *r, const char *by, uint64_t viewed_seq)
{
	static const char sql[] = "SELECT left_ms FROM learners WHERE id = ?1";
	const struct group_def *g = config_group(r->site->cfg, r->l.group);
	enum core_status status = CORE_OK;
	char a[SAFE_MAX], b[SAFE_MAX], t[32], pseudonym[2 * CRYPTO_ID_BYTES + 1];
	sqlite3_stmt *stmt;
	int64_t left = 0;
	int rc;

	if (!(stmt = store_prepare(r->site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, r->l.id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		left = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(r->site->st, rc, "reading a learner");
	when(r->now, t);
	say(r, "RECORD OF A LEARNER\n\n");
	say(r, "Site: %s\n", safe(r->site->cfg->kiosk_name, a));
	say(r, "Made: %s by %s.\n", t, by);
	say(r, "Everything this kiosk holds about the learner: their details, each step,\n"
	    "their consents, notes, and every entry in the signed records about them.\n"
	    "Opening this record was itself recorded (entry %llu).\n",
	    (unsigned long long)viewed_seq);
	say(r, "\nPERSONAL DETAILS\n");
	say(r, "  Reference:      %s\n", safe(r->l.reference, a));
	say(r, "  Given name(s):  %s\n", safe(r->l.given_name, a));
	say(r, "  Family name:    %s\n", safe(r->l.family_name, a));
	say(r, "  Group:          %s (%s)\n", g ? safe(g->title, a) : "a group the "
	    "config no longer has", safe(r->l.group, b));
	say(r, "  Cohort:         %s\n", r->l.cohort[0] ? safe(r->l.cohort, a) : "none");
	when(r->l.enrolled_ms, t);
	say(r, "  Enrolled:       %s\n", t);
	if (left)
		consent_date_format(left, t);
	say(r, "  Left:           %s\n", left ? t : "not recorded");
	say(r, "  Account:        %s\n", r->l.locked ? "locked after wrong PINs, until "
	    "staff unlock it" : r->l.awaiting_activation ? "awaiting activation (no "
	    "PIN chosen yet)" : r->l.has_key ? "active" : "no PIN");
	hex(r->l.pseudonym, CRYPTO_ID_BYTES, pseudonym);
	say(r, "  Pseudonym:      %s (how the signed records name them)\n", pseudonym);
	return CORE_OK;
}

static enum core_status
sec_permission(struct rec *r)
{
	static const char sql[] =
	    "SELECT given_by, reference, given_date, seq FROM permissions"
	    " WHERE learner_id = ?1";
	const struct group_def *g = config_group(r->site->cfg, r->l.group);
	enum core_status status = CORE_OK;
	char a[SAFE_MAX], b[SAFE_MAX], c[SAFE_MAX];
	sqlite3_stmt *stmt;
	int rc;

	say(r, "\nPERMISSION FOR SECURE SETTINGS\n");
	if (!(stmt = store_prepare(r->site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, r->l.id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		say(r, "  Given by %s, their reference \"%s\", dated %s (entry %lld).\n",
		    safe((const char *)sqlite3_column_text(stmt, 0), a),
		    safe((const char *)sqlite3_column_text(stmt, 1), b),
		    safe((const char *)sqlite3_column_text(stmt, 2), c),
		    (long long)sqlite3_column_int64(stmt, 3));
	else if (rc == SQLITE_DONE)
		say(r, "  %s\n", g && g->needs_permission ? "Not recorded yet: the learner "
		    "cannot start until it is." : "Not needed for this group.");
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CORE_OK :
	    store_fail(r->site->st, rc, "reading permission");
}

/* The version of a step's text, in words. */
static enum core_status
version_words(struct rec *r, const struct rules_step *rule, const uint8_t *hash,
    char *out, size_t cap)
{
	static const char sql[] = "SELECT first_seen_ms FROM documents WHERE hash = ?1";
	enum core_status status = CORE_OK;
	char h[2 * CRYPTO_HASH_BYTES + 1], first[CONSENT_DATE_LEN] = "?";
	const char *which = "an earlier version, since changed";
	sqlite3_stmt *stmt;
	size_t i;
	int rc;

	if (!(stmt = store_prepare(r->site->st, sql, &status)))
		return status;
	sqlite3_bind_blob(stmt, 1, hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		consent_date_format(sqlite3_column_int64(stmt, 0), first);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(r->site->st, rc, "reading documents");
	if (rule->doc && memcmp(hash, rule->doc->hash, CRYPTO_HASH_BYTES) == 0)
		which = "the current version";
	for (i = 0; rule->doc && i < rule->doc->nminor; i++)
		if (memcmp(hash, rule->doc->minor_of[i], CRYPTO_HASH_BYTES) == 0)
			which = "an earlier version; the changes since are minor";
	hex(hash, CRYPTO_HASH_BYTES, h);
	snprintf(out, cap, "%.16s... (first used %s), %s", h, first, which);
	return CORE_OK;
}

static enum core_status
sec_steps(struct rec *r)
{
	static const char sql[] =
	    "SELECT s.step, s.outcome, s.time_ms, s.doc_hash, s.seq, g.receipt"
	    " FROM signoffs s LEFT JOIN ledger g ON g.seq = s.seq"
	    " WHERE s.learner_id = ?1 AND s.step = ?2";
	const struct group_def *g = config_group(r->site->cfg, r->l.group);
	enum core_status status = CORE_OK;
	struct rules_set *rs = NULL;
	struct rules_verdict v;
	struct rules_prior p;
	char words[256], version[256], t[32], a[SAFE_MAX];
	sqlite3_stmt *stmt;
	size_t i;
	int rc;

	when(r->now, t);
	say(r, "\nSTEPS (as they stand on %s)\n", t);
	if (!g) {
		say(r, "  The learner's group is not in the config any more.\n");
		return CORE_OK;
	}
	if ((status = rules_set_new(r->site->cfg, r->site->pack, r->now, &rs)) != CORE_OK)
		return status;
	for (i = 0; status == CORE_OK && i < g->nsteps; i++) {
		const struct step_def *def = g->steps[i];
		const struct rules_step *rule = rules_set_step(rs,
		    rules_set_step_index(rs, def->id));

		if (!(stmt = store_prepare(r->site->st, sql, &status)))
			break;
		sqlite3_bind_int64(stmt, 1, r->l.id);
		sqlite3_bind_text(stmt, 2, def->id, -1, SQLITE_STATIC);
		memset(&p, 0, sizeof p);
		if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			p.found = true;
			p.declined = strcmp((const char *)sqlite3_column_text(stmt, 1),
			    "declined") == 0;
			p.time_ms = sqlite3_column_int64(stmt, 2);
			if (sqlite3_column_bytes(stmt, 3) == CRYPTO_HASH_BYTES)
				memcpy(p.hash, sqlite3_column_blob(stmt, 3), CRYPTO_HASH_BYTES);
			p.seq = (uint64_t)sqlite3_column_int64(stmt, 4);
		}
		rules_judge(rule, &p, r->l.locked, &v);
		rules_words(&v, words, sizeof words);
		say(r, "  %zu. %s (%s)\n     %s\n", i + 1, safe(def->title, a),
		    step_kind_name(def->kind), words);
		if (p.found) {
			status = version_words(r, rule, p.hash, version, sizeof version);
			say(r, "     Text shown: %s\n     Entry %llu, receipt %s\n", version,
			    (unsigned long long)p.seq, sqlite3_column_text(stmt, 5) ?
			    (const char *)sqlite3_column_text(stmt, 5) : "none");
		}
		sqlite3_reset(stmt);
		if (status == CORE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
			status = store_fail(r->site->st, rc, "reading sign-offs");
	}
	rules_set_free(&rs);
	return status;
}

static bool
put_consent(const struct consent_answer *a, void *ctx)
{
	struct rec *r = ctx;
	char x[SAFE_MAX], y[SAFE_MAX];

	say(r, "  %s: %s\n", safe(a->label, x), safe(a->reason, y));
	return true;
}

static enum core_status
sec_consents(struct rec *r)
{
	say(r, "\nCONSENT TO USE PHOTOS, AUDIO AND VIDEO\n");
	return consent_each(r->site, &r->l, r->now, put_consent, r);
}

static enum core_status
sec_notes_concerns(struct rec *r)
{
	static const char sql_notes[] =
	    "SELECT n.seq, n.note, g.time_ms FROM entry_notes n"
	    " LEFT JOIN ledger g ON g.seq = n.seq WHERE n.learner_id = ?1 ORDER BY n.seq";
	static const char sql_concerns[] =
	    "SELECT id, time_ms, category, status FROM concerns WHERE learner_id = ?1"
	    " ORDER BY id";
	enum core_status status = CORE_OK;
	char a[SAFE_MAX], b[SAFE_MAX], t[32];
	sqlite3_stmt *stmt;
	unsigned n = 0;
	int rc;

	say(r, "\nNOTES KEPT ABOUT THEM (outside the signed records)\n");
	if (!(stmt = store_prepare(r->site->st, sql_notes, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, r->l.id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		when(sqlite3_column_int64(stmt, 2), t);
		say(r, "  Entry %lld, %s: %s\n", (long long)sqlite3_column_int64(stmt, 0), t,
		    safe((const char *)sqlite3_column_text(stmt, 1), a));
		n++;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(r->site->st, rc, "reading notes");
	if (!n)
		say(r, "  None.\n");
	say(r, "\nCONCERNS THEY REPORTED BY NAME\n");
	if (!(stmt = store_prepare(r->site->st, sql_concerns, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, r->l.id);
	n = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		when(sqlite3_column_int64(stmt, 1), t);
		say(r, "  Concern %lld, reported %s: %s, %s.\n",
		    (long long)sqlite3_column_int64(stmt, 0), t,
		    safe((const char *)sqlite3_column_text(stmt, 2), a),
		    safe((const char *)sqlite3_column_text(stmt, 3), b));
		n++;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(r->site->st, rc, "reading concerns");
	say(r, n ? "  What was reported is sealed: the designated safeguarding lead "
	    "can read it.\n" : "  None.\n");
	return CORE_OK;
}

/* Fields worth a line: clean, short text; never commitments, keys or salts. */
static bool
shown_field(const struct event_field *f)
{
	static const char *const hidden[] = { "commitment", "key", "salt", "hash", "sig" };

	for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
		if (strstr(f->key, hidden[i]))
			return false;
	return f->len && f->len <= 200 && text_is_clean((const char *)f->value, f->len);
}

static bool
put_entry(const struct ledger_entry *e, void *ctx)
{
	struct rec *r = ctx;
	const struct step_def *def;
	char t[32], who[STAFF_NAME_MAX + 32], h[2 * CRYPTO_HASH_BYTES + 1];
	char receipt[LEDGER_RECEIPT_LEN], a[SAFE_MAX], b[SAFE_MAX];
	const char *words;
	struct event ev;
	size_t i;

	memset(&ev, 0, sizeof ev);
	if ((r->status = event_decode(e->bytes, e->len, &ev)) != CORE_OK)
		return false;
	r->entries++;
	when(ev.time_ms, t);
	if (!(words = event_kind_words(ev.kind)))
		words = "unknown event";
	if (is_zero(ev.actor, CRYPTO_ID_BYTES))
		snprintf(who, sizeof who, "the kiosk or the command line");
	else if (memcmp(ev.actor, r->l.pseudonym, CRYPTO_ID_BYTES) == 0)
		snprintf(who, sizeof who, "the learner");
	else
		staff_words(r->site, ev.actor, who, sizeof who);
	ledger_receipt(e->hash, receipt);
	say(r, "\n  Entry %llu, %s: %s, by %s.\n", (unsigned long long)e->seq, t, words, who);
	for (i = 0; i < ev.ndocs; i++) {
		def = config_step(r->site->cfg, ev.docs[i].step);
		hex(ev.docs[i].hash, CRYPTO_HASH_BYTES, h);
		say(r, "    Step: %s, text %.16s...\n", safe(def ? def->title :
		    ev.docs[i].step, a), h);
	}
	for (i = 0; i < ev.nfields; i++)
		if (shown_field(&ev.fields[i]))
			say(r, "    %s: %s\n", safe(ev.fields[i].key, a),
			    safe((const char *)ev.fields[i].value, b));
	if (e->has_learner_sig && ev.meaning && ev.meaning[0])
		say(r, "    What the signature means: %s\n", safe(ev.meaning, a));
	say(r, "    Receipt %s; %s%s.\n", receipt, e->has_learner_sig ?
	    "signed with their own key" : "signed by the kiosk",
	    e->has_witness_sig ? ", witnessed by staff" : "");
	event_clear(&ev);
	return !r->o->failed;
}

static enum core_status
sec_history(struct rec *r)
{
	enum core_status status;

	say(r, "\nHISTORY (every entry in the signed records about them, oldest first)\n");
	r->status = CORE_OK;
	status = ledger_each_subject(r->site->st, r->l.pseudonym, put_entry, r);
	if (status == CORE_OK)
		status = r->status;
	say(r, "\n%u entries. End of the record.\n", r->entries);
	return status;
}

enum core_status
record_write(struct site *site, const char *reference, const uint8_t *actor,
    int64_t now_ms, export_write_fn write, void *ctx)
{
	enum core_status status;
	char by[STAFF_NAME_MAX + 32];
	uint64_t viewed = 0;
	struct rec r;

	memset(&r, 0, sizeof r);
	if ((status = role_authorize(site, actor, ROLE_ACT_VIEW_HISTORY)) != CORE_OK ||
	    (status = learner_get(site, reference, &r.l)) != CORE_OK)
		return status;
	if ((status = note_viewing(site, &r.l, actor, &viewed)) != CORE_OK) {
		crypto_wipe(&r.l, sizeof r.l);
		return status;
	}
	if (!(r.o = malloc(sizeof *r.o))) {
		crypto_wipe(&r.l, sizeof r.l);
		return core_fail(CORE_ERR_NOMEM, "writing a record");
	}
	xout_init(r.o, EXPORT_CSV, write, ctx);
	r.site = site;
	r.now = now_ms;
	staff_words(site, actor, by, sizeof by);
	if ((status = store_begin_read(site->st)) == CORE_OK) {
		status = sec_details(&r, by, viewed);
		if (status == CORE_OK)
			status = sec_permission(&r);
		if (status == CORE_OK)
			status = sec_steps(&r);
		if (status == CORE_OK)
			status = sec_consents(&r);
		if (status == CORE_OK)
			status = sec_notes_concerns(&r);
		if (status == CORE_OK)
			status = sec_history(&r);
		store_rollback(site->st);	/* ends the read transaction */
	}
	if (!xout_flush(r.o) && status == CORE_OK)
		status = core_fail(CORE_ERR_IO, "writing the record failed");
	free(r.o);
	crypto_wipe(&r.l, sizeof r.l);
	return status;
}

struct grow {
	char *buf;
	size_t n, cap;
	bool nomem;
};

static bool
grow_write(const void *data, size_t len, void *ctx)
{
	struct grow *g = ctx;
	char *bigger;

	if (g->n + len + 1 > g->cap) {
		size_t cap = g->cap ? g->cap : 8192;

		while (g->n + len + 1 > cap)
			cap *= 2;
		if (!(bigger = realloc(g->buf, cap))) {
			g->nomem = true;
			return false;
		}
		g->buf = bigger;
		g->cap = cap;
	}
	memcpy(g->buf + g->n, data, len);
	g->n += len;
	g->buf[g->n] = '\0';
	return true;
}

enum core_status
record_text(struct site *site, const char *reference, const uint8_t *actor,
    int64_t now_ms, char **out, size_t *len)
{
	struct grow g = { NULL, 0, 0, false };
	enum core_status status;

	*out = NULL;
	if (len)
		*len = 0;
	status = record_write(site, reference, actor, now_ms, grow_write, &g);
	if (status == CORE_ERR_IO && g.nomem)
		status = core_fail(CORE_ERR_NOMEM, "writing a record");
	if (status != CORE_OK) {
		free(g.buf);
		return status;
	}
	if (!g.buf && !(g.buf = calloc(1, 1)))
		return core_fail(CORE_ERR_NOMEM, "writing a record");
	*out = g.buf;
	if (len)
		*len = g.n;
	return CORE_OK;
}
