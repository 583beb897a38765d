/* SPDX-License-Identifier: ISC */
/*
 * The learners behind a dashboard count, a page at a time in enrolment
 * order (stats.h): dense counts merge the learners with their sign-offs
 * until a page has matched; sparse ones (declined, locked, consents
 * running out, concerns) drive from their own small index and probe each
 * candidate.
 */
#include "stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "role.h"
#include "rules.h"
#include "stats_int.h"
#include "store_db.h"

struct lister {
	struct site *site;
	const struct rules_set *rs;
	enum stats_count which;
	int64_t now;
	int64_t from, to;	/* the consent window's signing times */
};

static bool
is_sparse(enum stats_count which)
{
	return which == STATS_DECLINED || which == STATS_LOCKED ||
	    which == STATS_OPEN_CONCERNS || which == STATS_CONSENT_EXPIRING;
}

/*
 * The driver of a list, per count and direction. Static text: the store's
 * statement cache keys on the pointer.
 */
#define DRIVER(op, filter, order) \
	"SELECT l.id, l.grp, l.cohort, l.locked FROM learners l" \
	" WHERE l.id " op " ?1 AND l.left_ms IS NULL AND l.erased_ms IS NULL" \
	" AND (?2 IS NULL OR l.grp = ?2) AND (?3 IS NULL OR l.cohort = ?3)" \
	filter " ORDER BY l.id" order
#define DRIVERS(filter) { DRIVER(">", filter, ""), DRIVER("<", filter, " DESC") }

static const char *const drivers[][2] = {
	DRIVERS(""),
	DRIVERS(" AND l.id IN (SELECT learner_id FROM signoffs"
	    " WHERE outcome = 'declined')"),
	DRIVERS(" AND l.locked = 1"),
	DRIVERS(" AND l.id IN (SELECT learner_id FROM concerns"
	    " WHERE status <> 'closed')"),
	DRIVERS(" AND l.id IN (SELECT learner_id FROM consents"
	    " WHERE value = 1 AND withdrawn_seq IS NULL"
	    " AND time_ms >= ?4 AND time_ms < ?5)"),
};

static const char *
driver_sql(enum stats_count which, bool desc)
{
	size_t i = which == STATS_DECLINED ? 1 : which == STATS_LOCKED ? 2 :
	    which == STATS_OPEN_CONCERNS ? 3 : which == STATS_CONSENT_EXPIRING ? 4 : 0;

	return drivers[i][desc];
}

/* Details for a row that matched: names, concerns, the first consent to end. */
static enum core_status
row_details(struct lister *ls, struct stats_row *r)
{
	static const char sql_names[] =
	    "SELECT l.reference, p.given_name, p.family_name FROM learners l"
	    " LEFT JOIN learner_personal p ON p.learner_id = l.id WHERE l.id = ?1";
	static const char sql_concerns[] =
	    "SELECT count(*) FROM concerns WHERE learner_id = ?1 AND status <> 'closed'";
	static const char sql_consents[] =
	    "SELECT time_ms FROM consents WHERE learner_id = ?1"
	    " AND value = 1 AND withdrawn_seq IS NULL";
	unsigned years = ls->site->cfg->consent_years;
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int64_t given, ends;
	int rc;

	if (!(stmt = store_prepare(ls->site->st, sql_names, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, r->id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		snprintf(r->reference, sizeof r->reference, "%s",
		    sqlite3_column_text(stmt, 0) ? (const char *)sqlite3_column_text(stmt, 0) : "");
		snprintf(r->given_name, sizeof r->given_name, "%s",
		    sqlite3_column_text(stmt, 1) ? (const char *)sqlite3_column_text(stmt, 1) : "");
		snprintf(r->family_name, sizeof r->family_name, "%s",
		    sqlite3_column_text(stmt, 2) ? (const char *)sqlite3_column_text(stmt, 2) : "");
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(ls->site->st, rc, "reading a learner");
	/* Who reported a concern is for those who may read concerns. */
	if (ls->which == STATS_OPEN_CONCERNS) {
		if (!(stmt = store_prepare(ls->site->st, sql_concerns, &status)))
			return status;
		sqlite3_bind_int64(stmt, 1, r->id);
		if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			r->open_concerns = (unsigned)sqlite3_column_int64(stmt, 0);
		sqlite3_reset(stmt);
		if (rc != SQLITE_ROW)
			return store_fail(ls->site->st, rc, "reading concerns");
	}
	if (!(stmt = store_prepare(ls->site->st, sql_consents, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, r->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		given = sqlite3_column_int64(stmt, 0);
		if (!rules_consent_ends_within(given, years, ls->now, STATS_SOON_MS))
			continue;
		ends = consent_expiry_ms(given, years);
		if (!r->consent_ends_ms || ends < r->consent_ends_ms)
			r->consent_ends_ms = ends;
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(ls->site->st, rc, "reading consents");
}

static void
add_why(char *buf, size_t cap, unsigned n, const char *one, const char *many)
{
	size_t o = strlen(buf);

	if (!n || o + 2 >= cap)
		return;
	snprintf(buf + o, cap - o, "%s%u %s", o ? ", " : "", n, n == 1 ? one : many);
}

static void
row_why(struct stats_row *r)
{
	char date[CONSENT_DATE_LEN];
	size_t o;

	r->why[0] = '\0';
	add_why(r->why, sizeof r->why, r->outstanding, "step not done yet",
	    "steps not done yet");
	add_why(r->why, sizeof r->why, r->lapsed, "lapsed", "lapsed");
	add_why(r->why, sizeof r->why, r->declined, "declined", "declined");
	if (r->locked) {
		o = strlen(r->why);
		snprintf(r->why + o, sizeof r->why - o, "%slocked", o ? ", " : "");
	}
	if (r->consent_ends_ms) {
		consent_date_format(r->consent_ends_ms, date);
		o = strlen(r->why);
		snprintf(r->why + o, sizeof r->why - o, "%sconsent ends %s", o ? ", " : "", date);
	}
	add_why(r->why, sizeof r->why, r->open_concerns, "open concern",
	    "open concerns");
	if (!r->why[0])
		snprintf(r->why, sizeof r->why, "complete");
}

static bool
matches(enum stats_count which, const struct rules_tally *t, const struct stats_row *r)
{
	switch (which) {
	case STATS_LEARNERS:
		return true;
	case STATS_COMPLETE:
		return rules_tally_complete(t);
	case STATS_INCOMPLETE:
		return !rules_tally_complete(t);
	case STATS_OUTSTANDING:
		return t->outstanding > 0;
	case STATS_LAPSED:
		return t->lapsed > 0;
	case STATS_DECLINED:
		return t->declined > 0;
	case STATS_LOCKED:
		return t->locked;
	case STATS_CONSENT_EXPIRING:
		return r->consent_ends_ms != 0;
	case STATS_OPEN_CONCERNS:
		return r->open_concerns > 0;
	default:
		return false;
	}
}

/* Up to want matching rows from from_id in one direction; *got how many. */
static enum core_status
collect(struct lister *ls, const struct stats_scope *scope, bool desc,
    int64_t from_id, struct stats_row *rows, size_t want, size_t *got)
{
	bool late = ls->which == STATS_CONSENT_EXPIRING || ls->which == STATS_OPEN_CONCERNS;
	enum core_status status = CORE_OK;
	bool sparse = is_sparse(ls->which);
	struct stats_row r;
	struct rules_tally t;
	struct stats_scan sc;
	sqlite3_stmt *driver;
	int64_t id;

	*got = 0;
	if (!(driver = store_prepare(ls->site->st, driver_sql(ls->which, desc), &status)))
		return status;
	sqlite3_bind_int64(driver, 1, from_id);
	if (scope && scope->group)
		sqlite3_bind_text(driver, 2, scope->group, -1, SQLITE_STATIC);
	if (scope && scope->cohort)
		sqlite3_bind_text(driver, 3, scope->cohort, -1, SQLITE_STATIC);
	if (ls->which == STATS_CONSENT_EXPIRING) {
		sqlite3_bind_int64(driver, 4, ls->from);
		sqlite3_bind_int64(driver, 5, ls->to);
	}
	status = stats_scan_start(&sc, ls->site, ls->rs, driver, desc, sparse, from_id);
	while (status == CORE_OK && *got < want &&
	    (status = stats_scan_next(&sc, &id, &t)) == CORE_OK) {
		if (t.group < 0)
			continue;
		memset(&r, 0, sizeof r);
		r.id = id;
		snprintf(r.group, sizeof r.group, "%s", (const char *)sqlite3_column_text(driver, 1));
		snprintf(r.cohort, sizeof r.cohort, "%s",
		    sqlite3_column_text(driver, 2) ? (const char *)sqlite3_column_text(driver, 2) : "");
		r.locked = t.locked;
		r.steps = t.steps;
		r.signed_now = t.signed_now;
		r.outstanding = t.outstanding;
		r.lapsed = t.lapsed;
		r.declined = t.declined;
		/* Consents and concerns are known once the details are read. */
		if (!late && !matches(ls->which, &t, &r))
			continue;
		if ((status = row_details(ls, &r)) != CORE_OK)
			break;
		if (late && !matches(ls->which, &t, &r))
			continue;
		row_why(&r);
		rows[(*got)++] = r;
	}
	stats_scan_end(&sc);
	return status == CORE_ERR_DONE ? CORE_OK : status;
}

static void
reverse(struct stats_row *rows, size_t n)
{
	struct stats_row tmp;

	for (size_t i = 0; i < n / 2; i++) {
		tmp = rows[i];
		rows[i] = rows[n - 1 - i];
		rows[n - 1 - i] = tmp;
	}
}

enum core_status
stats_list(struct site *site, const uint8_t *actor, enum stats_count which,
    const struct stats_scope *scope, int64_t now_ms, enum stats_dir dir,
    int64_t from_id, size_t page_size, struct stats_page *out)
{
	struct rules_set *rs = NULL;
	struct stats_row *rows;
	enum core_status status;
	struct lister ls;
	size_t got = 0, size = page_size;

	memset(out, 0, sizeof *out);
	if ((unsigned)which >= STATS_NCOUNTS)
		return core_fail(CORE_ERR_INVALID, "which: not a count");
	if ((status = role_authorize(site, actor, which == STATS_OPEN_CONCERNS ?
	    ROLE_ACT_READ_CONCERNS : ROLE_ACT_VIEW_LEARNERS)) != CORE_OK)
		return status;
	size = size < 1 ? 1 : size > STATS_PAGE_MAX ? STATS_PAGE_MAX : size;
	if (!(rows = calloc(size + 1, sizeof *rows)))
		return core_fail(CORE_ERR_NOMEM, "listing learners");
	if ((status = rules_set_new(site->cfg, site->pack, now_ms, &rs)) != CORE_OK) {
		free(rows);
		return status;
	}
	memset(&ls, 0, sizeof ls);
	ls.site = site;
	ls.rs = rs;
	ls.which = which;
	ls.now = now_ms;
	rules_consent_window(site->cfg->consent_years, now_ms, STATS_SOON_MS, &ls.from, &ls.to);
	if ((status = store_begin_read(site->st)) == CORE_OK) {
		if (dir == STATS_PREV) {
			status = collect(&ls, scope, true, from_id, rows, size + 1, &got);
			if (status == CORE_OK && got > size) {
				reverse(rows, size);
				memcpy(out->rows, rows, size * sizeof *rows);
				out->n = size;
				out->more_before = true;
				out->more_after = true;
			} else if (status == CORE_OK) {
				dir = STATS_FIRST;	/* near the start: the first page */
			}
		}
		if (status == CORE_OK && dir != STATS_PREV) {
			status = collect(&ls, scope, false, dir == STATS_FIRST ? 0 : from_id,
			    rows, size + 1, &got);
			out->n = got > size ? size : got;
			memcpy(out->rows, rows, out->n * sizeof *rows);
			out->more_after = got > size;
			out->more_before = dir == STATS_NEXT;
		}
		store_rollback(site->st);	/* ends the read transaction */
	}
	rules_set_free(&rs);
	free(rows);
	if (status != CORE_OK)
		memset(out, 0, sizeof *out);
	return status;
}
