/* SPDX-License-Identifier: ISC */
/*
 * What staff mode reads about learners: the paged, searchable list, one
 * learner's record (opening it is itself a ledger event), the status of
 * each step of their group, their permission, and their history from the
 * ledger. Read-only apart from EV_RECORD_VIEWED and the search index.
 *
 * Paging is by key (never OFFSET), so a page costs the same on the first
 * page and the ten-thousandth. The list is ordered by reference; a search
 * of three characters or more goes through an FTS5 trigram index over the
 * given name, family name and reference, and its matches come in the order
 * learners were enrolled (the index's own order, so a common trigram never
 * has to be sorted). A shorter search matches the start of a reference.
 *
 * The search index (learner_fts) is brought up to date from a queue of
 * changed learners that triggers fill (SQLite refuses FTS5 inside triggers
 * while trusted_schema is off, so the triggers only queue ids). Queries
 * bring it up to date first; erasure must call learner_query_forget.
 */
#ifndef CORE_LEARNER_QUERY_H
#define CORE_LEARNER_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "crypto.h"
#include "learner.h"
#include "ledger.h"
#include "site.h"
#include "staff.h"
#include "status.h"

#define LQ_PAGE_MAX 64
#define LQ_SEARCH_MAX 128
/* Searches shorter than this (in characters) match a reference's start. */
#define LQ_SEARCH_MIN 3

enum lq_status {
	LQ_ANY,
	LQ_ACTIVE,		/* has chosen a PIN, not locked, not left */
	LQ_AWAITING,		/* an activation code is waiting to be used */
	LQ_LOCKED,		/* locked after wrong PINs */
	LQ_OUTSTANDING,		/* a step of their group is not signed now */
	LQ_LEFT,		/* marked as having left */
	LQ_STATUS_COUNT
};

/* "All", "Active", "Awaiting activation", ... */
const char *lq_status_words(enum lq_status s);

struct lq_filter {
	char search[LQ_SEARCH_MAX];	/* "" for none */
	char group[CONFIG_ID_MAX];	/* "" for any */
	char cohort[CONFIG_ID_MAX];	/* "" for any */
	enum lq_status status;
};

/* Where a page begins or ends; take it from a row (row.at). */
struct lq_cursor {
	int64_t id;
	char reference[LEARNER_REF_MAX];
};

struct lq_row {
	struct lq_cursor at;
	char reference[LEARNER_REF_MAX];
	char given_name[LEARNER_NAME_MAX];
	char family_name[LEARNER_NAME_MAX];
	char group[CONFIG_ID_MAX];
	char cohort[CONFIG_ID_MAX];
	bool locked, awaiting_activation, left;
	bool no_permission;	/* their group needs it and none is recorded */
	unsigned outstanding;	/* steps of their group not signed now */
};

struct lq_page {
	struct lq_row rows[LQ_PAGE_MAX];
	size_t n;
	bool more_before;	/* a LQ_PREV from rows[0] would find some */
	bool more_after;	/* a LQ_NEXT from rows[n - 1] would find some */
	bool by_enrolment;	/* ordered by enrolment (a search), else reference */
};

enum lq_dir {
	LQ_FIRST,	/* the first page; from is ignored */
	LQ_NEXT,	/* the page after from (the last row shown) */
	LQ_PREV,	/* the page before from (the first row shown) */
	LQ_AT,		/* the page starting at from itself (after a resize) */
};

/*
 * One page of at most page_size (1 to LQ_PAGE_MAX) learners matching f.
 * Erased learners are never listed. A LQ_PREV that finds fewer than a page
 * (rows went away) returns the first page. CORE_ERR_INVALID for a search
 * that is not clean text.
 */
enum core_status learner_query_page(struct site *site, const struct lq_filter *f,
    enum lq_dir dir, const struct lq_cursor *from, size_t page_size,
    struct lq_page *out);

/*
 * Open a learner's record for the staff member actor: their role must allow
 * seeing a learner's details (CORE_ERR_DENIED), and EV_RECORD_VIEWED is
 * appended (subject the learner, actor the staff member) before *out is
 * filled. CORE_ERR_NOT_FOUND for an unknown reference.
 */
enum core_status learner_query_open(struct site *site, const char *reference,
    const uint8_t actor[CRYPTO_ID_BYTES], struct learner *out);

/* ---- the status of each step of the learner's group ---- */

enum lq_step_state {
	LQ_STEP_SIGNED,
	LQ_STEP_OUTSTANDING,	/* never done */
	LQ_STEP_DECLINED,	/* "I do not agree" was the last answer */
	LQ_STEP_LAPSED,		/* signed, but the text changed or it expired */
};

struct lq_step {
	const struct step_def *def;	/* borrowed from the config */
	enum lq_step_state state;
	int64_t time_ms;		/* of the last outcome; 0 if never */
	uint64_t seq;
	/* "Signed on 2026-09-10", "Lapsed: the text has changed since"... */
	char words[128];
};

/*
 * Each step of the learner's group, in the flow's order, at now_ms: into
 * steps[0..cap), *n set to the group's step count (which may exceed cap).
 * The one place the kiosk's status rules for a step live for staff, the
 * same as the walk applies (validity days, consent years, minor changes).
 */
enum core_status learner_query_steps(struct site *site, const struct learner *l,
    int64_t now_ms, struct lq_step *steps, size_t cap, size_t *n);

/* ---- permission (secure settings) ---- */

struct lq_permission {
	bool recorded;
	char given_by[32];		/* permission_source_name() */
	char reference[128];		/* "" once erased */
	char date[16];			/* "YYYY-MM-DD" */
	uint64_t seq;
};

enum core_status learner_query_permission(struct site *site,
    const struct learner *l, struct lq_permission *out);

/* ---- history from the ledger ---- */

struct lq_event {
	uint64_t seq;
	int64_t time_ms;
	unsigned kind;
	const char *words;		/* event_kind_words, or "unknown event" */
	/* "the learner", "the kiosk", "command line", or the staff id. */
	char who[STAFF_NAME_MAX + 16];
	/* Step titles and a few plain fields ("reason: wrong PIN"); sanitised
	 * by the screen that shows it. */
	char detail[256];
	bool learner_signed;		/* carries the learner's signature */
	bool witnessed;			/* carries a staff witness's signature */
	char receipt[LEDGER_RECEIPT_LEN];	/* for learner_signed entries */
};

/*
 * Entries about the learner, newest first, with seq below before_seq
 * (0: from the newest), at most limit; fn returns false to stop. *more
 * (may be NULL) says whether older entries remain. Key-paged on the
 * ledger's (subject, seq) index.
 */
typedef bool (*lq_event_fn)(const struct lq_event *e, void *ctx);
enum core_status learner_query_history(struct site *site, const struct learner *l,
    uint64_t before_seq, size_t limit, lq_event_fn fn, void *ctx, bool *more);

/* ---- the search index ---- */

/*
 * Bring the search index up to date with the learners queued as changed,
 * in its own write transaction (a no-op when none are). Commands that add
 * many learners may call it once at the end so the first search is quick.
 */
enum core_status learner_query_sync(struct site *site);

/*
 * After an erasure: bring the index up to date (which removes the erased
 * learner) and rewrite it whole ('optimize'), since FTS5 in SQLite 3.40
 * keeps a deleted row's trigrams in older segments until they are merged.
 * With secure_delete on, the freed pages are zeroed; checkpoint the WAL
 * afterwards. Costs a rewrite of the whole index.
 */
enum core_status learner_query_forget(struct site *site);

#endif
