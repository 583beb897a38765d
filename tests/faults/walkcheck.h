/* SPDX-License-Identifier: ISC */
/*
 * Test helper: no partial walk in a database. walk_sign appends one event
 * per finished step and then EV_WALK_SIGNED, whose "signed_seq" and
 * "declined_seq" fields name those steps' entries, all in one transaction.
 * So in any state the file can be in (after a fault, after a kill), every
 * step entry must be named by exactly one EV_WALK_SIGNED about the same
 * learner that comes after it, and every entry an EV_WALK_SIGNED names
 * must be there. Header-only; needs libcore (event_decode) and SQLite.
 */
#ifndef TESTS_FAULTS_WALKCHECK_H
#define TESTS_FAULTS_WALKCHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/event.h"

struct walkcheck_step {
	int64_t seq;
	uint8_t subject[CRYPTO_ID_BYTES];
	bool named;
};

struct walkcheck {
	struct walkcheck_step *steps;
	size_t nsteps;
	unsigned long walks;		/* EV_WALK_SIGNED entries */
	unsigned long step_events;	/* entries of the step kinds */
	char problem[256];
};

static inline bool
walkcheck_step_kind(int kind)
{
	return kind == EV_DOC_ACCEPTED || kind == EV_DOC_DECLINED ||
	    kind == EV_CHECKLIST_DONE || kind == EV_QUIZ_PASSED ||
	    kind == EV_CONSENT_GIVEN || kind == EV_NOTICE_CONFIRMED ||
	    kind == EV_COMMITMENT_SIGNED;
}

static inline struct walkcheck_step *
walkcheck_find(struct walkcheck *wc, int64_t seq)
{
	size_t lo = 0, hi = wc->nsteps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (wc->steps[mid].seq == seq)
			return &wc->steps[mid];
		if (wc->steps[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* One EV_WALK_SIGNED entry: claim the steps it names. */
static inline bool
walkcheck_walk(struct walkcheck *wc, int64_t seq, const void *bytes, size_t len)
{
	struct walkcheck_step *s;
	struct event ev;
	size_t i, named = 0;
	bool ok = true;

	if (event_decode(bytes, len, &ev) != CORE_OK) {
		snprintf(wc->problem, sizeof wc->problem,
		    "seq %lld: the sign-off entry does not decode", (long long)seq);
		return false;
	}
	for (i = 0; ok && i < ev.nfields; i++) {
		const struct event_field *f = &ev.fields[i];
		int64_t step;

		if (strcmp(f->key, "signed_seq") && strcmp(f->key, "declined_seq"))
			continue;
		step = strtoll((const char *)f->value, NULL, 10);
		named++;
		s = walkcheck_find(wc, step);
		if (!s || s->named || step >= seq ||
		    memcmp(s->subject, ev.subject, CRYPTO_ID_BYTES)) {
			snprintf(wc->problem, sizeof wc->problem,
			    "seq %lld: the sign-off names step entry %lld, which is %s",
			    (long long)seq, (long long)step, !s ? "missing" :
			    s->named ? "named twice" : step >= seq ? "after it" :
			    "about someone else");
			ok = false;
		}
		if (ok)
			s->named = true;
	}
	if (ok && (!named || named != ev.ndocs)) {
		snprintf(wc->problem, sizeof wc->problem,
		    "seq %lld: the sign-off names %zu step entries for %zu documents",
		    (long long)seq, named, ev.ndocs);
		ok = false;
	}
	event_clear(&ev);
	return ok;
}

/* True when every walk in db is whole; else wc->problem says why. */
static inline bool
walkcheck_run(sqlite3 *db, struct walkcheck *wc)
{
	sqlite3_stmt *q = NULL;
	bool ok = true;
	size_t cap = 0, i;

	memset(wc, 0, sizeof *wc);
	if (sqlite3_prepare_v2(db, "SELECT seq, kind, subject, bytes FROM ledger"
	    " ORDER BY seq", -1, &q, NULL) != SQLITE_OK) {
		snprintf(wc->problem, sizeof wc->problem, "%s", sqlite3_errmsg(db));
		return false;
	}
	/* The step entries first (seq order), then the walks that name them. */
	while (ok && sqlite3_step(q) == SQLITE_ROW) {
		struct walkcheck_step *s;

		if (!walkcheck_step_kind(sqlite3_column_int(q, 1)))
			continue;
		if (wc->nsteps == cap) {
			cap = cap ? 2 * cap : 256;
			s = realloc(wc->steps, cap * sizeof *s);
			if (!s)
				abort();
			wc->steps = s;
		}
		s = &wc->steps[wc->nsteps++];
		memset(s, 0, sizeof *s);
		s->seq = sqlite3_column_int64(q, 0);
		if (sqlite3_column_bytes(q, 2) == CRYPTO_ID_BYTES)
			memcpy(s->subject, sqlite3_column_blob(q, 2), CRYPTO_ID_BYTES);
	}
	wc->step_events = wc->nsteps;
	sqlite3_reset(q);
	while (ok && sqlite3_step(q) == SQLITE_ROW) {
		if (sqlite3_column_int(q, 1) != EV_WALK_SIGNED)
			continue;
		wc->walks++;
		ok = walkcheck_walk(wc, sqlite3_column_int64(q, 0),
		    sqlite3_column_blob(q, 3), (size_t)sqlite3_column_bytes(q, 3));
	}
	sqlite3_finalize(q);
	for (i = 0; ok && i < wc->nsteps; i++) {
		if (!wc->steps[i].named) {
			snprintf(wc->problem, sizeof wc->problem,
			    "seq %lld: a step entry no sign-off names (a partial walk)",
			    (long long)wc->steps[i].seq);
			ok = false;
		}
	}
	free(wc->steps);
	wc->steps = NULL;
	return ok;
}

/* PRAGMA integrity_check (the full one): true for "ok". */
static inline bool
walkcheck_integrity(sqlite3 *db, char *why, size_t cap)
{
	sqlite3_stmt *q = NULL;
	bool ok = false;

	snprintf(why, cap, "%s", "no answer");
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) != SQLITE_OK) {
		snprintf(why, cap, "%s", sqlite3_errmsg(db));
		return false;
	}
	if (sqlite3_step(q) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(q, 0);

		snprintf(why, cap, "%s", t ? t : "NULL");
		ok = t && !strcmp(t, "ok");
	}
	sqlite3_finalize(q);
	return ok;
}

#endif
