/* SPDX-License-Identifier: ISC */
/*
 * The dashboard's numbers (see stats.h): one merged pass over learners and
 * their sign-offs (stats_scan.c), judged by rules.h, summed into a bar per
 * group and cohort; an index range for consents running out; the count of
 * concerns not closed. The lists behind the counts are in stats_list.c.
 */
#include "stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "role.h"
#include "rules.h"
#include "stats_int.h"
#include "store_db.h"

#define PROGRESS_EVERY 16384

static const struct {
	const char *key, *words;
} count_names[STATS_NCOUNTS] = {
#define STATS_COUNT_NAME(name, key, words) [name] = { key, words },
	STATS_COUNTS(STATS_COUNT_NAME)
#undef STATS_COUNT_NAME
};

const char *
stats_count_key(enum stats_count c)
{
	return (unsigned)c < STATS_NCOUNTS ? count_names[c].key : "unknown";
}

const char *
stats_count_words(enum stats_count c)
{
	return (unsigned)c < STATS_NCOUNTS ? count_names[c].words : "Unknown";
}

bool
stats_count_parse(const char *key, enum stats_count *out)
{
	for (unsigned c = 0; c < STATS_NCOUNTS; c++) {
		if (strcmp(count_names[c].key, key) == 0) {
			*out = (enum stats_count)c;
			return true;
		}
	}
	return false;
}

unsigned
stats_bar_percent(const struct stats_bar *b)
{
	uint64_t n = b->counts[STATS_LEARNERS];

	return n ? (unsigned)(b->counts[STATS_COMPLETE] * 100 / n) : 0;
}

/* ---- the numbers ---- */

struct cell {
	struct stats_bar bar;
	int group;
};

struct stats {
	int64_t now_ms;
	struct stats_bar total;
	struct stats_bar *groups;
	size_t ngroups;
	struct cell *cells;		/* sorted by group, cohort once done */
	size_t ncells, cap;
	size_t *group_first;		/* per group: its first cell */
	size_t *group_cells;		/* per group: how many */
	struct stats_bar *cohorts;
	size_t ncohorts;
	uint32_t *slots;		/* hash of cells while counting: index + 1 */
	size_t nslots;
	const struct config *cfg;
};

static uint32_t
cell_hash(int group, const char *cohort)
{
	uint32_t h = 2166136261u ^ (uint32_t)group;

	for (; *cohort; cohort++)
		h = (h ^ (unsigned char)*cohort) * 16777619u;
	return h;
}

static enum core_status
rehash(struct stats *s)
{
	size_t n = s->nslots ? s->nslots * 2 : 64, i;
	uint32_t *slots = calloc(n, sizeof *slots);

	if (!slots)
		return core_fail(CORE_ERR_NOMEM, "counting by cohort");
	for (i = 0; i < s->ncells; i++) {
		size_t j = cell_hash(s->cells[i].group, s->cells[i].bar.cohort) & (n - 1);

		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = (uint32_t)(i + 1);
	}
	free(s->slots);
	s->slots = slots;
	s->nslots = n;
	return CORE_OK;
}

/* The bar for a group and cohort, made on first use; NULL when out of memory. */
static struct stats_bar *
cell_for(struct stats *s, int group, const char *cohort)
{
	struct cell *grown, *c;
	size_t j;

	if (!s->nslots || (s->ncells + 1) * 2 > s->nslots)
		if (rehash(s) != CORE_OK)
			return NULL;
	j = cell_hash(group, cohort) & (s->nslots - 1);
	for (; s->slots[j]; j = (j + 1) & (s->nslots - 1)) {
		c = &s->cells[s->slots[j] - 1];
		if (c->group == group && strcmp(c->bar.cohort, cohort) == 0)
			return &c->bar;
	}
	if (s->ncells == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;

		if (!(grown = realloc(s->cells, cap * sizeof *grown))) {
			core_fail(CORE_ERR_NOMEM, "counting by cohort");
			return NULL;
		}
		s->cells = grown;
		s->cap = cap;
	}
	c = &s->cells[s->ncells];
	memset(c, 0, sizeof *c);
	c->group = group;
	snprintf(c->bar.group, sizeof c->bar.group, "%s", s->cfg->groups[group].id);
	snprintf(c->bar.cohort, sizeof c->bar.cohort, "%s", cohort);
	snprintf(c->bar.title, sizeof c->bar.title, "%s", cohort[0] ? cohort : "No cohort");
	c->bar.is_cohort = true;
	s->slots[j] = (uint32_t)++s->ncells;
	return &c->bar;
}

static void
count_learner(struct stats_bar *b, const struct rules_tally *t)
{
	bool complete = rules_tally_complete(t);

	b->counts[STATS_LEARNERS]++;
	b->counts[complete ? STATS_COMPLETE : STATS_INCOMPLETE]++;
	b->counts[STATS_OUTSTANDING] += t->outstanding > 0;
	b->counts[STATS_LAPSED] += t->lapsed > 0;
	b->counts[STATS_DECLINED] += t->declined > 0;
	b->counts[STATS_LOCKED] += t->locked;
}

static const char sql_driver_all[] =
    "SELECT id, grp, cohort, locked FROM learners"
    " WHERE id > ?1 AND left_ms IS NULL AND erased_ms IS NULL ORDER BY id";

/*
 * Roughly how many learners a count will read, from two index lookups:
 * those ever enrolled less those who left (erased learners are rare).
 */
static enum core_status
estimate(struct site *site, uint64_t *out)
{
	static const char sql[] =
	    "SELECT (SELECT max(id) FROM learners) - (SELECT count(*) FROM learners"
	    " WHERE left_ms IS NOT NULL AND erased_ms IS NULL)";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt = store_prepare(site->st, sql, &status);
	int64_t n;
	int rc;

	*out = 0;
	if (!stmt)
		return status;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		n = sqlite3_column_int64(stmt, 0);
		*out = n > 0 ? (uint64_t)n : 0;
	} else {
		status = store_fail(site->st, rc, "counting learners");
	}
	sqlite3_reset(stmt);
	return status;
}

static bool
cancelled(const struct stats_watch *w)
{
	return w->cancel && atomic_load_explicit(w->cancel, memory_order_relaxed);
}

static enum core_status
pass_learners(struct stats *s, struct site *site, const struct rules_set *rs,
    const struct stats_watch *w)
{
	enum core_status status = CORE_OK;
	struct stats_bar *bar;
	struct rules_tally t;
	struct stats_scan sc;
	sqlite3_stmt *driver;
	const char *cohort;
	uint64_t total = 0;
	int64_t id;

	if (w->progress && (status = estimate(site, &total)) != CORE_OK)
		return status;
	if (w->progress)
		w->progress(0, total, w->ctx);
	if (!(driver = store_prepare(site->st, sql_driver_all, &status)))
		return status;
	sqlite3_bind_int64(driver, 1, 0);
	if ((status = stats_scan_start(&sc, site, rs, driver, false, false, 0)) != CORE_OK) {
		sqlite3_reset(driver);
		return status;
	}
	while ((status = stats_scan_next(&sc, &id, &t)) == CORE_OK) {
		if (cancelled(w)) {
			status = core_fail(CORE_ERR_DONE, "the count was cancelled");
			break;
		}
		if (w->progress && sc.learners % PROGRESS_EVERY == 0)
			w->progress(sc.learners, sc.learners > total ? sc.learners : total,
			    w->ctx);
		if (t.group < 0)
			continue;	/* a group the config no longer has */
		cohort = (const char *)sqlite3_column_text(driver, 2);
		if (!(bar = cell_for(s, t.group, cohort ? cohort : ""))) {
			status = CORE_ERR_NOMEM;
			break;
		}
		count_learner(bar, &t);
	}
	stats_scan_end(&sc);
	if (w->progress && status == CORE_ERR_DONE && !cancelled(w))
		w->progress(sc.learners, sc.learners, w->ctx);
	if (status == CORE_ERR_DONE && cancelled(w))
		return core_fail(CORE_ERR_DONE, "the count was cancelled");
	return status == CORE_ERR_DONE ? CORE_OK : status;
}

/* Learners with a Yes that runs out soon, once each, into their bars. */
static enum core_status
pass_consents(struct stats *s, struct site *site)
{
	static const char sql[] =
	    "SELECT c.learner_id, c.time_ms, l.grp, l.cohort FROM consents c"
	    " JOIN learners l ON l.id = c.learner_id"
	    " WHERE c.value = 1 AND c.withdrawn_seq IS NULL"
	    " AND c.time_ms >= ?1 AND c.time_ms < ?2"
	    " AND l.left_ms IS NULL AND l.erased_ms IS NULL ORDER BY c.learner_id";
	unsigned years = site->cfg->consent_years;
	enum core_status status = CORE_OK;
	int64_t from, to, last = 0, id;
	struct stats_bar *bar;
	sqlite3_stmt *stmt;
	int rc, g;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	rules_consent_window(years, s->now_ms, STATS_SOON_MS, &from, &to);
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, to);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		if (id == last || !rules_consent_ends_within(sqlite3_column_int64(stmt, 1),
		    years, s->now_ms, STATS_SOON_MS))
			continue;
		last = id;
		g = -1;
		for (size_t i = 0; i < s->cfg->ngroups; i++)
			if (strcmp(s->cfg->groups[i].id, (const char *)sqlite3_column_text(stmt, 2)) == 0)
				g = (int)i;
		if (g < 0)
			continue;
		if (!(bar = cell_for(s, g, (const char *)sqlite3_column_text(stmt, 3)))) {
			status = CORE_ERR_NOMEM;
			break;
		}
		bar->counts[STATS_CONSENT_EXPIRING]++;
		s->total.counts[STATS_CONSENT_EXPIRING]++;
	}
	if (status == CORE_OK && rc != SQLITE_DONE)
		status = store_fail(site->st, rc, "reading consents");
	sqlite3_reset(stmt);
	return status;
}

/*
 * Concerns not yet closed, for the site only: a concern's learner is the
 * one who reported it by name, which is for the DSL to know, so no group's
 * or cohort's bar shows them.
 */
static enum core_status
pass_concerns(struct stats *s, struct site *site)
{
	static const char sql[] =
	    "SELECT count(*) FROM concerns WHERE status <> 'closed'";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		s->total.counts[STATS_OPEN_CONCERNS] = (uint64_t)sqlite3_column_int64(stmt, 0);
	else
		status = store_fail(site->st, rc, "counting concerns");
	sqlite3_reset(stmt);
	return status;
}

static int
cmp_cell(const void *a, const void *b)
{
	const struct cell *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return strcmp(x->bar.cohort, y->bar.cohort);
}

static int
cmp_cohort(const void *a, const void *b)
{
	return strcmp(((const struct stats_bar *)a)->cohort,
	    ((const struct stats_bar *)b)->cohort);
}

static void
add_bar(struct stats_bar *to, const struct stats_bar *from, bool concerns)
{
	for (unsigned c = 0; c < STATS_NCOUNTS; c++)
		if (concerns || (c != STATS_OPEN_CONCERNS && c != STATS_CONSENT_EXPIRING))
			to->counts[c] += from->counts[c];
}

/* Sort the cells and sum them into groups, cohorts and the site. */
static enum core_status
finish(struct stats *s)
{
	const struct config *cfg = s->cfg;
	size_t i, g, n = 0;

	free(s->slots);
	s->slots = NULL;
	s->nslots = 0;
	if (s->ncells)
		qsort(s->cells, s->ncells, sizeof *s->cells, cmp_cell);
	s->ngroups = cfg->ngroups;
	if (!(s->groups = calloc(cfg->ngroups + 1, sizeof *s->groups)) ||
	    !(s->group_first = calloc(cfg->ngroups + 1, sizeof *s->group_first)) ||
	    !(s->group_cells = calloc(cfg->ngroups + 1, sizeof *s->group_cells)) ||
	    !(s->cohorts = calloc(s->ncells + 1, sizeof *s->cohorts)))
		return core_fail(CORE_ERR_NOMEM, "counting by group");
	for (g = 0; g < cfg->ngroups; g++) {
		snprintf(s->groups[g].group, sizeof s->groups[g].group, "%s", cfg->groups[g].id);
		snprintf(s->groups[g].title, sizeof s->groups[g].title, "%s", cfg->groups[g].title);
	}
	for (i = 0; i < s->ncells; i++) {
		g = (size_t)s->cells[i].group;
		if (!s->group_cells[g])
			s->group_first[g] = i;
		s->group_cells[g]++;
		add_bar(&s->groups[g], &s->cells[i].bar, true);
		/* consents and concerns were added to the total as they were read */
		add_bar(&s->total, &s->cells[i].bar, false);
		s->cohorts[i] = s->cells[i].bar;
	}
	if (s->ncells)
		qsort(s->cohorts, s->ncells, sizeof *s->cohorts, cmp_cohort);
	for (i = 0; i < s->ncells; i++) {
		if (n && strcmp(s->cohorts[n - 1].cohort, s->cohorts[i].cohort) == 0) {
			add_bar(&s->cohorts[n - 1], &s->cohorts[i], true);
			continue;
		}
		s->cohorts[n] = s->cohorts[i];
		s->cohorts[n].group[0] = '\0';
		n++;
	}
	s->ncohorts = n;
	snprintf(s->total.title, sizeof s->total.title, "All learners");
	return CORE_OK;
}

enum core_status
stats_count_all(struct site *site, int64_t now_ms, const struct stats_watch *w,
    struct stats **out)
{
	struct rules_set *rs = NULL;
	enum core_status status;
	struct stats *s;

	*out = NULL;
	if (!(s = calloc(1, sizeof *s)))
		return core_fail(CORE_ERR_NOMEM, "counting");
	s->now_ms = now_ms;
	s->cfg = site->cfg;
	status = rules_set_new(site->cfg, site->pack, now_ms, &rs);
	if (status == CORE_OK)
		status = store_begin_read(site->st);
	if (status == CORE_OK) {
		/* Between passes too: an interrupt sent then would be lost. */
		status = pass_learners(s, site, rs, w);
		if (status == CORE_OK && cancelled(w))
			status = core_fail(CORE_ERR_DONE, "the count was cancelled");
		if (status == CORE_OK)
			status = pass_consents(s, site);
		if (status == CORE_OK && cancelled(w))
			status = core_fail(CORE_ERR_DONE, "the count was cancelled");
		if (status == CORE_OK)
			status = pass_concerns(s, site);
		store_rollback(site->st);	/* ends the read transaction */
	}
	rules_set_free(&rs);
	if (status == CORE_OK)
		status = finish(s);
	if (status != CORE_OK) {
		stats_free(&s);
		return status;
	}
	*out = s;
	return CORE_OK;
}

enum core_status
stats_compute(struct site *site, const uint8_t *actor, int64_t now_ms,
    stats_progress_fn progress, void *ctx, struct stats **out)
{
	struct stats_watch w = { progress, ctx, NULL };
	enum core_status status;

	*out = NULL;
	if ((status = role_authorize(site, actor, ROLE_ACT_DASHBOARD)) != CORE_OK)
		return status;
	return stats_count_all(site, now_ms, &w, out);
}

void
stats_free(struct stats **sp)
{
	struct stats *s = *sp;

	if (!s)
		return;
	free(s->groups);
	free(s->cells);
	free(s->group_first);
	free(s->group_cells);
	free(s->cohorts);
	free(s->slots);
	free(s);
	*sp = NULL;
}

int64_t
stats_now(const struct stats *s)
{
	return s->now_ms;
}

const struct stats_bar *
stats_total(const struct stats *s)
{
	return &s->total;
}

size_t
stats_ngroups(const struct stats *s)
{
	return s->ngroups;
}

const struct stats_bar *
stats_group(const struct stats *s, size_t i)
{
	return i < s->ngroups ? &s->groups[i] : NULL;
}

size_t
stats_ngroup_cohorts(const struct stats *s, size_t group)
{
	return group < s->ngroups ? s->group_cells[group] : 0;
}

const struct stats_bar *
stats_group_cohort(const struct stats *s, size_t group, size_t i)
{
	if (group >= s->ngroups || i >= s->group_cells[group])
		return NULL;
	return &s->cells[s->group_first[group] + i].bar;
}

size_t
stats_ncohorts(const struct stats *s)
{
	return s->ncohorts;
}

const struct stats_bar *
stats_cohort(const struct stats *s, size_t i)
{
	return i < s->ncohorts ? &s->cohorts[i] : NULL;
}
