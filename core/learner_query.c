/* SPDX-License-Identifier: ISC */
/*
 * Staff mode's reads about learners (see learner_query.h): the key-paged
 * list and search, opening a record, step status, permission and history.
 *
 * The list's SQL depends on which filters are set, so that each shape can
 * use its own index (schema v3 adds them) and never sort: it is prepared
 * per call, not cached. It has no LIMIT: rows stream from the index in
 * order and stepping stops once a page (and one more, to know if there is
 * a next page) has matched.
 */
#include "learner_query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consent.h"
#include "event.h"
#include "learner_int.h"
#include "learner_query_int.h"
#include "role.h"
#include "rules.h"
#include "staff.h"
#include "store_db.h"
#include "text.h"

/* The "steps to do" filter checks rows one by one; stop a page's scan here. */
#define OUTSTANDING_SCAN_MAX 50000

static const char *const status_words[LQ_STATUS_COUNT] = {
	[LQ_ANY] = "All",
	[LQ_ACTIVE] = "Active",
	[LQ_AWAITING] = "Awaiting activation",
	[LQ_LOCKED] = "Locked",
	[LQ_OUTSTANDING] = "Steps to do",
	[LQ_LEFT] = "Left",
};

const char *
lq_status_words(enum lq_status s)
{
	return (unsigned)s < LQ_STATUS_COUNT ? status_words[s] : "All";
}

static void
copy_col(char *dst, size_t cap, sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);

	snprintf(dst, cap, "%s", s ? (const char *)s : "");
}

/* ---- the search index ---- */

static enum core_status
exec(struct site *site, const char *sql, const char *what)
{
	int rc = sqlite3_exec(store_db(site->st), sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? CORE_OK : store_fail(site->st, rc, what);
}

static enum core_status
queued(struct site *site, bool *any)
{
	static const char sql[] = "SELECT EXISTS (SELECT 1 FROM learner_fts_dirty)";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	*any = false;
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*any = sqlite3_column_int(stmt, 0) != 0;
	else
		status = store_fail(site->st, rc, "reading the search queue");
	sqlite3_reset(stmt);
	return status;
}

/* Inside the caller's write transaction. */
static enum core_status
apply_queue(struct site *site)
{
	static const char sql[] =
	    "DELETE FROM learner_fts WHERE rowid IN"
	    " (SELECT learner_id FROM learner_fts_dirty);"
	    "INSERT INTO learner_fts(rowid, given_name, family_name, reference)"
	    " SELECT l.id, p.given_name, p.family_name, l.reference"
	    " FROM learner_fts_dirty d JOIN learners l ON l.id = d.learner_id"
	    " JOIN learner_personal p ON p.learner_id = l.id"
	    " WHERE l.reference IS NOT NULL AND l.erased_ms IS NULL;"
	    "DELETE FROM learner_fts_dirty;";

	return exec(site, sql, "updating the search index");
}

enum core_status
learner_query_sync(struct site *site)
{
	enum core_status status;
	bool any;

	if ((status = queued(site, &any)) != CORE_OK || !any)
		return status;
	if ((status = store_begin(site->st)) != CORE_OK)
		return status;
	status = apply_queue(site);
	if (status == CORE_OK)
		return store_commit(site->st);
	store_rollback(site->st);
	return status;
}

enum core_status
learner_query_forget(struct site *site)
{
	enum core_status status;

	if ((status = store_begin(site->st)) != CORE_OK)
		return status;
	status = apply_queue(site);
	if (status == CORE_OK)
		status = exec(site, "INSERT INTO learner_fts(learner_fts)"
		    " VALUES('optimize')", "rewriting the search index");
	if (status == CORE_OK)
		return store_commit(site->st);
	store_rollback(site->st);
	return status;
}

/* ---- step status ---- */

static enum core_status
read_prior(struct site *site, int64_t learner_id, const char *step,
    struct rules_prior *out)
{
	static const char sql[] =
	    "SELECT outcome, doc_hash, time_ms, seq FROM signoffs"
	    " WHERE learner_id = ?1 AND step = ?2";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	const unsigned char *outcome;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, learner_id);
	sqlite3_bind_text(stmt, 2, step, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		outcome = sqlite3_column_text(stmt, 0);
		out->found = true;
		out->declined = outcome && strcmp((const char *)outcome, "declined") == 0;
		if (sqlite3_column_bytes(stmt, 1) == CRYPTO_HASH_BYTES)
			memcpy(out->hash, sqlite3_column_blob(stmt, 1), CRYPTO_HASH_BYTES);
		out->time_ms = sqlite3_column_int64(stmt, 2);
		out->seq = (uint64_t)sqlite3_column_int64(stmt, 3);
	} else if (rc != SQLITE_DONE) {
		status = store_fail(site->st, rc, "reading sign-offs");
	}
	sqlite3_reset(stmt);
	return status;
}

/* The status rules (rules.h), with the reason in words. */
static enum lq_step_state
judge(const struct config *cfg, const struct step_def *def,
    const struct document *doc, const struct rules_prior *p, int64_t now,
    char *words, size_t cap)
{
	struct rules_verdict v;
	struct rules_step r;

	rules_step_prepare(&r, cfg, def, doc, now);
	rules_judge(&r, p, false, &v);
	rules_words(&v, words, cap);
	switch (v.state) {
	case RULES_SIGNED:
		return LQ_STEP_SIGNED;
	case RULES_DECLINED:
		return LQ_STEP_DECLINED;
	case RULES_LAPSED:
		return LQ_STEP_LAPSED;
	default:
		return LQ_STEP_OUTSTANDING;
	}
}

enum core_status
learner_query_steps(struct site *site, const struct learner *l, int64_t now_ms,
    struct lq_step *steps, size_t cap, size_t *n)
{
	const struct group_def *g = config_group(site->cfg, l->group);
	enum core_status status = CORE_OK;
	struct rules_prior p;
	struct lq_step one;
	size_t i;

	*n = 0;
	if (!g)
		return core_fail(CORE_ERR_CONFIG, "the learner's group \"%s\" is not "
		    "in the config", l->group);
	for (i = 0; i < g->nsteps && status == CORE_OK; i++) {
		const struct step_def *def = g->steps[i];

		status = read_prior(site, l->id, def->id, &p);
		if (status != CORE_OK)
			break;
		memset(&one, 0, sizeof one);
		one.def = def;
		one.time_ms = p.time_ms;
		one.seq = p.seq;
		one.state = judge(site->cfg, def, content_pack_doc(site->pack,
		    site->cfg, def->id), &p, now_ms, one.words, sizeof one.words);
		if (i < cap)
			steps[i] = one;
	}
	*n = g->nsteps;
	return status;
}

/* The row's steps to do, and whether permission is missing. */
static enum core_status
row_status(struct site *site, struct lq_row *r, int64_t now)
{
	const struct group_def *g = config_group(site->cfg, r->group);
	struct lq_step steps[CONFIG_MAX_STEPS];
	struct lq_permission perm;
	struct learner l;
	enum core_status status;
	size_t i, n;

	memset(&l, 0, sizeof l);
	l.id = r->at.id;
	snprintf(l.group, sizeof l.group, "%s", r->group);
	r->outstanding = 0;
	if (g && g->needs_permission) {
		if ((status = learner_query_permission(site, &l, &perm)) != CORE_OK)
			return status;
		r->no_permission = !perm.recorded;
	}
	status = learner_query_steps(site, &l, now, steps, CONFIG_MAX_STEPS, &n);
	if (status == CORE_ERR_CONFIG) {
		core_detail_clear();
		return CORE_OK;	/* a group the config dropped: nothing to do */
	}
	for (i = 0; status == CORE_OK && i < n && i < CONFIG_MAX_STEPS; i++)
		if (steps[i].state != LQ_STEP_SIGNED)
			r->outstanding++;
	return status;
}

/* ---- the list ---- */

/* How the search text is used: not at all, as a reference prefix, or FTS. */
struct search {
	enum { S_NONE, S_PREFIX, S_FTS } kind;
	char match[LQ_SEARCH_MAX * 3 + 8];	/* FTS: "a" "b" with "" doubled */
	char lo[LQ_SEARCH_MAX], hi[LQ_SEARCH_MAX];
};

static size_t
chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static void
plan_search(const char *text, struct search *s)
{
	const char *p = text, *w;
	size_t len, o = 0, i;

	memset(s, 0, sizeof *s);
	/* Words of three characters or more, each a quoted FTS phrase. */
	while (*p) {
		while (*p == ' ')
			p++;
		for (w = p; *p && *p != ' '; p++)
			;
		len = (size_t)(p - w);
		if (len == 0 || chars(w, len) < LQ_SEARCH_MIN)
			continue;
		if (o + 2 * len + 4 >= sizeof s->match)
			break;
		if (o)
			s->match[o++] = ' ';
		s->match[o++] = '"';
		for (i = 0; i < len; i++) {
			if (w[i] == '"')
				s->match[o++] = '"';
			s->match[o++] = w[i];
		}
		s->match[o++] = '"';
	}
	s->match[o] = '\0';
	if (o) {
		s->kind = S_FTS;
		return;
	}
	/* Shorter: the start of a reference, as references are written. */
	for (p = text; *p == ' '; p++)
		;
	for (o = 0; p[o] && p[o] != ' ' && o + 1 < sizeof s->lo; o++)
		s->lo[o] = (p[o] >= 'a' && p[o] <= 'z') ? (char)(p[o] - 32) : p[o];
	s->lo[o] = '\0';
	if (o == 0)
		return;
	memcpy(s->hi, s->lo, o + 1);
	s->hi[o - 1]++;		/* references are ASCII; this bounds the range */
	s->kind = S_PREFIX;
}

struct fetch {
	struct site *site;
	const struct lq_filter *f;
	struct search s;
	int64_t now;
	size_t scanned;
	bool stopped;		/* the scan budget ran out */
};

/* Build the SQL for one direction; each placeholder is numbered. */
static void
build_sql(const struct fetch *q, enum lq_dir dir, bool has_from, char *sql,
    size_t cap)
{
	bool fts = q->s.kind == S_FTS;
	const char *key = fts ? "f.rowid" : "l.reference";
	const char *op = dir == LQ_PREV ? "<" : dir == LQ_AT ? ">=" : ">";
	size_t o;

	o = (size_t)snprintf(sql, cap,
	    "SELECT l.id, l.reference, l.grp, l.cohort, l.locked,"
	    " l.activation_hash IS NOT NULL, l.left_ms IS NOT NULL,"
	    " p.given_name, p.family_name FROM %s"
	    " LEFT JOIN learner_personal p ON p.learner_id = l.id"
	    " WHERE l.reference IS NOT NULL",
	    fts ? "learner_fts f JOIN learners l ON l.id = f.rowid" :
	    "learners l");
#define ADD(...) o += (size_t)snprintf(sql + o, o < cap ? cap - o : 0, __VA_ARGS__)
	if (fts)
		ADD(" AND learner_fts MATCH ?1");
	/* The index gets one lower and one upper bound; a unary + makes the
	 * prefix's bound on the cursor's side a plain check, or SQLite may
	 * start the scan from the prefix and walk to the cursor. */
	if (q->s.kind == S_PREFIX)
		ADD(" AND %sl.reference >= ?2 AND %sl.reference < ?3",
		    has_from && dir != LQ_PREV ? "+" : "",
		    has_from && dir == LQ_PREV ? "+" : "");
	if (has_from)
		ADD(" AND %s %s %s", key, op, fts ? "?4" : "?5");
	if (q->f->group[0])
		ADD(" AND l.grp = ?6");
	if (q->f->cohort[0])
		ADD(" AND l.cohort = ?7");
	switch (q->f->status) {
	case LQ_ACTIVE:
		ADD(" AND l.activation_hash IS NULL AND l.locked = 0"
		    " AND l.left_ms IS NULL");
		break;
	case LQ_AWAITING:
		ADD(" AND l.activation_hash IS NOT NULL");
		break;
	case LQ_LOCKED:
		ADD(" AND l.locked = 1");
		break;
	case LQ_LEFT:
		ADD(" AND l.left_ms IS NOT NULL AND l.erased_ms IS NULL");
		break;
	default:
		break;	/* LQ_OUTSTANDING is judged row by row */
	}
	ADD(" ORDER BY %s%s", key, dir == LQ_PREV ? " DESC" : "");
#undef ADD
}

void
learner_query_sql(const struct lq_filter *f, enum lq_dir dir, bool has_from,
    char *sql, size_t cap)
{
	struct fetch q;

	memset(&q, 0, sizeof q);
	q.f = f;
	plan_search(f->search, &q.s);
	build_sql(&q, dir, has_from, sql, cap);
}

static void
read_row(sqlite3_stmt *stmt, struct lq_row *r)
{
	memset(r, 0, sizeof *r);
	r->at.id = sqlite3_column_int64(stmt, 0);
	copy_col(r->reference, sizeof r->reference, stmt, 1);
	memcpy(r->at.reference, r->reference, sizeof r->at.reference);
	copy_col(r->group, sizeof r->group, stmt, 2);
	copy_col(r->cohort, sizeof r->cohort, stmt, 3);
	r->locked = sqlite3_column_int(stmt, 4) != 0;
	r->awaiting_activation = sqlite3_column_int(stmt, 5) != 0;
	r->left = sqlite3_column_int(stmt, 6) != 0;
	copy_col(r->given_name, sizeof r->given_name, stmt, 7);
	copy_col(r->family_name, sizeof r->family_name, stmt, 8);
}

/*
 * Up to want matching rows in dir from `from` (NULL: from the start) into
 * rows, in the order the query gives them; *got is how many.
 */
static enum core_status
fetch_rows(struct fetch *q, enum lq_dir dir, const struct lq_cursor *from,
    struct lq_row *rows, size_t want, size_t *got)
{
	char sql[1024];
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt = NULL;
	int rc;

	*got = 0;
	build_sql(q, dir, from != NULL, sql, sizeof sql);
	rc = sqlite3_prepare_v2(store_db(q->site->st), sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return store_fail(q->site->st, rc, "preparing the learner list");
	if (q->s.kind == S_FTS)
		sqlite3_bind_text(stmt, 1, q->s.match, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, q->s.lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, q->s.hi, -1, SQLITE_STATIC);
	if (from) {
		sqlite3_bind_int64(stmt, 4, from->id);
		sqlite3_bind_text(stmt, 5, from->reference, -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(stmt, 6, q->f->group, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, q->f->cohort, -1, SQLITE_STATIC);
	while (*got < want && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct lq_row *r = &rows[*got];

		read_row(stmt, r);
		if ((status = row_status(q->site, r, q->now)) != CORE_OK)
			break;
		if (q->f->status == LQ_OUTSTANDING && r->outstanding == 0) {
			if (++q->scanned >= OUTSTANDING_SCAN_MAX) {
				q->stopped = true;
				break;
			}
			continue;
		}
		(*got)++;
	}
	if (status == CORE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = store_fail(q->site->st, rc, "listing learners");
	sqlite3_finalize(stmt);
	return status;
}

static void
reverse(struct lq_row *rows, size_t n)
{
	struct lq_row t;
	size_t i;

	for (i = 0; i < n / 2; i++) {
		t = rows[i];
		rows[i] = rows[n - 1 - i];
		rows[n - 1 - i] = t;
	}
}

static enum core_status
page_forward(struct fetch *q, enum lq_dir dir, const struct lq_cursor *from,
    size_t size, struct lq_page *out)
{
	struct lq_row probe;
	enum core_status status;
	size_t got;

	status = fetch_rows(q, dir, dir == LQ_FIRST ? NULL : from, out->rows,
	    size + 1 > LQ_PAGE_MAX ? LQ_PAGE_MAX : size + 1, &got);
	if (status != CORE_OK)
		return status;
	out->n = got > size ? size : got;
	out->more_after = got > size || q->stopped;
	if (dir == LQ_NEXT)
		out->more_before = true;
	else if (dir == LQ_AT && out->n > 0) {
		status = fetch_rows(q, LQ_PREV, &out->rows[0].at, &probe, 1, &got);
		out->more_before = got > 0;
	}
	return status;
}

enum core_status
learner_query_page(struct site *site, const struct lq_filter *f,
    enum lq_dir dir, const struct lq_cursor *from, size_t page_size,
    struct lq_page *out)
{
	struct fetch q;
	enum core_status status;
	size_t got, size = page_size;

	memset(out, 0, sizeof *out);
	if (size < 1)
		size = 1;
	if (size > LQ_PAGE_MAX - 1)
		size = LQ_PAGE_MAX - 1;
	if (!text_is_clean(f->search, strlen(f->search)) ||
	    !text_is_clean(f->cohort, strlen(f->cohort)))
		return core_fail(CORE_ERR_INVALID, "search: not plain text");
	memset(&q, 0, sizeof q);
	q.site = site;
	q.f = f;
	q.now = store_now_ms();
	plan_search(f->search, &q.s);
	out->by_enrolment = q.s.kind == S_FTS;
	if (q.s.kind == S_FTS && (status = learner_query_sync(site)) != CORE_OK)
		return status;
	if ((status = store_begin_read(site->st)) != CORE_OK)
		return status;
	if (dir != LQ_FIRST && !from)
		dir = LQ_FIRST;
	if (dir != LQ_PREV)
		status = page_forward(&q, dir, from, size, out);
	if (status == CORE_OK && dir == LQ_AT && out->n == 0) {
		/* The rows from there on went away: the page before. */
		memset(out, 0, sizeof *out);
		out->by_enrolment = q.s.kind == S_FTS;
		dir = LQ_PREV;
	}
	if (dir == LQ_PREV) {
		status = fetch_rows(&q, LQ_PREV, from, out->rows, size + 1, &got);
		if (status == CORE_OK && got < size) {
			/* Near the start (or rows went away): the first page. */
			q.scanned = 0;
			q.stopped = false;
			status = page_forward(&q, LQ_FIRST, NULL, size, out);
		} else if (status == CORE_OK) {
			out->n = size;
			out->more_before = got > size || q.stopped;
			out->more_after = true;
			reverse(out->rows, size);
		}
	}
	store_rollback(site->st);	/* ends the read transaction */
	if (status != CORE_OK)
		memset(out, 0, sizeof *out);
	return status;
}

/* ---- one learner ---- */

enum core_status
learner_query_open(struct site *site, const char *reference,
    const uint8_t actor[CRYPTO_ID_BYTES], struct learner *out)
{
	enum core_status status;
	struct event ev;
	struct learner l;

	status = role_authorize(site, actor, ROLE_ACT_VIEW_LEARNER);
	if (status == CORE_OK)
		status = learner_get(site, reference, &l);
	if (status != CORE_OK)
		return status;
	event_init(&ev, EV_RECORD_VIEWED);
	status = event_add_text(&ev, "what", "learner record");
	if (status == CORE_OK)
		status = store_begin(site->st);
	if (status == CORE_OK) {
		status = learner_append(site, l.pseudonym, actor,
		    "A member of staff viewed the learner's record.", &ev);
		if (status == CORE_OK)
			status = store_commit(site->st);
		else
			store_rollback(site->st);
	}
	event_clear(&ev);
	if (status == CORE_OK)
		*out = l;
	crypto_wipe(&l, sizeof l);
	return status;
}

enum core_status
learner_query_permission(struct site *site, const struct learner *l,
    struct lq_permission *out)
{
	static const char sql[] =
	    "SELECT given_by, reference, given_date, seq FROM permissions"
	    " WHERE learner_id = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, l->id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->recorded = true;
		copy_col(out->given_by, sizeof out->given_by, stmt, 0);
		copy_col(out->reference, sizeof out->reference, stmt, 1);
		copy_col(out->date, sizeof out->date, stmt, 2);
		out->seq = (uint64_t)sqlite3_column_int64(stmt, 3);
	} else if (rc != SQLITE_DONE) {
		status = store_fail(site->st, rc, "reading permission");
	}
	sqlite3_reset(stmt);
	return status;
}

/* ---- history ---- */

static bool
is_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;
	size_t i;

	for (i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

static void
append(char *out, size_t cap, const char *text)
{
	size_t o = strlen(out);

	if (!text[0] || o + 1 >= cap)
		return;
	snprintf(out + o, cap - o, "%s%s", o ? "; " : "", text);
}

/* Step titles and the few plain fields worth a line; never commitments. */
static void
describe(const struct config *cfg, const struct event *ev, char *out,
    size_t cap)
{
	static const char *const shown[] = {
		"reason", "given_by", "date", "channels", "source", "failures",
	};
	const struct event_field *fl;
	const struct step_def *def;
	char item[160];
	size_t i;

	out[0] = '\0';
	for (i = 0; i < ev->ndocs; i++) {
		def = config_step(cfg, ev->docs[i].step);
		append(out, cap, def ? def->title : ev->docs[i].step);
	}
	if (ev->ndocs == 0 && (fl = event_field(ev, "title")) && fl->len < 128)
		append(out, cap, (const char *)fl->value);
	for (i = 0; i < sizeof shown / sizeof shown[0]; i++) {
		fl = event_field(ev, shown[i]);
		if (!fl || fl->len == 0 || fl->len > 96 ||
		    !text_is_clean((const char *)fl->value, fl->len))
			continue;
		snprintf(item, sizeof item, "%s: %s", shown[i],
		    (const char *)fl->value);
		for (char *c = item; *c && *c != ':'; c++)
			if (*c == '_')
				*c = ' ';
		append(out, cap, item);
	}
}

static void
who_did(struct site *site, const struct learner *l, const struct event *ev,
    char *out, size_t cap)
{
	struct staff s;

	if (is_zero(ev->actor, CRYPTO_ID_BYTES))
		snprintf(out, cap, "the kiosk");
	else if (crypto_equal(ev->actor, l->pseudonym, CRYPTO_ID_BYTES))
		snprintf(out, cap, "the learner");
	else if (staff_get_by_pseudonym(site, ev->actor, &s) == CORE_OK)
		snprintf(out, cap, "%s", s.name);
	else
		snprintf(out, cap, "someone unknown");
	core_detail_clear();
}

enum core_status
learner_query_history(struct site *site, const struct learner *l,
    uint64_t before_seq, size_t limit, lq_event_fn fn, void *ctx, bool *more)
{
	static const char sql[] =
	    "SELECT seq, bytes, learner_sig IS NOT NULL, witness_sig IS NOT NULL,"
	    " receipt FROM ledger WHERE subject = ?1 AND seq < ?2"
	    " ORDER BY seq DESC LIMIT ?3";
	enum core_status status = CORE_OK;
	struct lq_event e;
	struct event ev;
	sqlite3_stmt *stmt;
	size_t n = 0;
	int rc;

	if (more)
		*more = false;
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_blob(stmt, 1, l->pseudonym, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, before_seq ? (sqlite3_int64)before_seq :
	    INT64_MAX);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)limit + 1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n++ == limit) {
			if (more)
				*more = true;
			break;
		}
		memset(&e, 0, sizeof e);
		memset(&ev, 0, sizeof ev);
		e.seq = (uint64_t)sqlite3_column_int64(stmt, 0);
		status = event_decode(sqlite3_column_blob(stmt, 1),
		    (size_t)sqlite3_column_bytes(stmt, 1), &ev);
		if (status != CORE_OK) {
			event_clear(&ev);
			break;
		}
		e.time_ms = ev.time_ms;
		e.kind = ev.kind;
		e.words = event_kind_words(ev.kind);
		if (!e.words)
			e.words = "unknown event";
		e.learner_signed = sqlite3_column_int(stmt, 2) != 0;
		e.witnessed = sqlite3_column_int(stmt, 3) != 0;
		if (e.learner_signed)
			copy_col(e.receipt, sizeof e.receipt, stmt, 4);
		who_did(site, l, &ev, e.who, sizeof e.who);
		describe(site->cfg, &ev, e.detail, sizeof e.detail);
		event_clear(&ev);
		if (!fn(&e, ctx))
			break;
	}
	if (status == CORE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = store_fail(site->st, rc, "reading the learner's history");
	sqlite3_reset(stmt);
	return status;
}
