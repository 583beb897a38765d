/* SPDX-License-Identifier: ISC */
/*
 * Shared by the supervisor-audit tests (rules, stats, export, record): a
 * real site under a fixed clock, learners enrolled, activated and walked
 * with core functions, staff of each role, and, for volume tests only,
 * rows inserted straight into the tables (Argon2id per learner_add would
 * take minutes for a hundred thousand).
 */
#ifndef TESTS_UNIT_AUDITSITE_H
#define TESTS_UNIT_AUDITSITE_H

#include "tests/unit/testutil.h"

#include <sqlite3.h>

#include "core/learner.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/walk.h"

#define AS_PIN "482916"
#define AS_PASS "correct horse battery"
#define AS_SEC 1000LL
#define AS_DAY (86400 * AS_SEC)
/* 2026-09-01T10:00:00Z */
#define AS_T0 1788256800LL

struct audit_site {
	char dir[512];
	char ini[1024];
	struct site *site;
	long long now;		/* the fake clock, seconds */
};

static inline void
as_set_time(struct audit_site *a, long long secs)
{
	char buf[32];

	a->now = secs;
	snprintf(buf, sizeof buf, "%lld", secs);
	setenv("SIGNOFF_FAKE_TIME", buf, 1);
}

static inline struct audit_site *
as_open(void)
{
	struct audit_site *a = calloc(1, sizeof *a);
	char fpr[CRYPTO_FPR_LEN];

	assert_non_null(a);
	assert_int_equal(crypto_init(), CORE_OK);
	as_set_time(a, AS_T0);
	tu_tempdir(a->dir, sizeof a->dir);
	tu_site_config(a->dir, a->ini, sizeof a->ini);
	assert_int_equal(site_init(a->ini, fpr), CORE_OK);
	assert_int_equal(site_open(a->ini, &a->site), CORE_OK);
	return a;
}

static inline void
as_close(struct audit_site *a)
{
	site_close(&a->site);
	tu_rmrf(a->dir);
	free(a);
	unsetenv("SIGNOFF_FAKE_TIME");
}

static inline void
as_learner(struct audit_site *a, const char *ref, const char *given,
    const char *family, const char *group, const char *cohort, struct learner *l)
{
	char code[LEARNER_CODE_LEN];

	assert_int_equal(learner_add(a->site, ref, given, family, group, cohort, NULL,
	    code), CORE_OK);
	assert_int_equal(learner_activate(a->site, ref, code, AS_PIN, l), CORE_OK);
}

/* Every outstanding step done (declining the step `decline`, if any), signed. */
static inline void
as_walk(struct audit_site *a, const struct learner *l, const char *decline)
{
	char receipt[LEDGER_RECEIPT_LEN];
	struct walk *w = NULL;
	size_t i, j;

	assert_int_equal(walk_begin(a->site, l, &w), CORE_OK);
	for (i = 0; i < walk_nsteps(w); i++) {
		struct walk_step *s = walk_step(w, i);

		if (decline && strcmp(s->def->id, decline) == 0) {
			s->state = WALK_DECLINED;
			continue;
		}
		s->end_reached = true;
		for (j = 0; j < s->nitems; j++)
			s->ticked[j] = true;
		for (j = 0; j < s->nquestions; j++)
			walk_answer(s, j, s->questions[j].right);
		for (j = 0; j < a->site->cfg->nchannels; j++)
			s->consent[j] = 1;
		s->state = WALK_DONE;
	}
	assert_int_equal(walk_sign(w, a->site, AS_PIN, receipt), CORE_OK);
	walk_free(&w);
}

static inline void
as_staff(struct audit_site *a, const char *name, enum staff_role role,
    uint8_t id[CRYPTO_ID_BYTES])
{
	struct staff s;

	assert_int_equal(staff_add(a->site, name, role, AS_PASS, NULL), CORE_OK);
	assert_int_equal(staff_get(a->site, name, &s), CORE_OK);
	memcpy(id, s.pseudonym, CRYPTO_ID_BYTES);
}

/* Run SQL on the site's own file through a second connection. */
static inline void
as_sql(struct audit_site *a, const char *sql)
{
	char path[1200];
	sqlite3 *db;
	char *err = NULL;

	snprintf(path, sizeof path, "%s/signoff.db", a->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
	sqlite3_close(db);
}

#endif
