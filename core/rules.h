/* SPDX-License-Identifier: ISC */
/*
 * The status rules, in one place (issue 5): whether a step of a learner's
 * flow counts now, per step and per learner, and what a consent channel
 * says now. The walk (what is outstanding), staff mode (each step's state),
 * the dashboard, the exports and the whole record all ask here.
 *
 * A step is, at an instant now:
 *   SIGNED       the latest answer was a sign-off of the current text (or of
 *                an earlier version the content pack marks as a minor
 *                change, "Minor-change-of:") and its validity has not passed;
 *   OUTSTANDING  never done;
 *   LAPSED       signed, but the text has changed since (not minor), or its
 *                validity passed: [step] validity_days after signing, and
 *                for the consent step the [consent] validity_years on UTC
 *                calendar dates as core/consent.c counts them
 *                (consent_expiry_ms, not 365-day years);
 *   DECLINED     the latest answer was "I do not agree";
 *   LOCKED       not SIGNED, and the learner is locked after wrong PINs, so
 *                they cannot do it until staff unlock them (`pending` says
 *                what it would be otherwise). A lock never undoes a
 *                sign-off: a signed step stays SIGNED.
 * A learner is complete when every step of their group's flow is SIGNED.
 *
 * Consent channels are decided by core/consent.c from the signed entries;
 * rules_consent delegates to it. rules_consent_row applies the same rule to
 * a bare row of the consents table, for counts and exports over many rows
 * that cannot decode an entry each (see there for the one difference).
 *
 * Everything here but rules_consent is pure: no I/O, the same answer for the
 * same input.
 */
#ifndef CORE_RULES_H
#define CORE_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "consent.h"
#include "content.h"
#include "crypto.h"
#include "learner.h"
#include "site.h"
#include "status.h"

#define RULES_DAY_MS (24LL * 60 * 60 * 1000)

enum rules_state {
	RULES_SIGNED,
	RULES_OUTSTANDING,
	RULES_LAPSED,
	RULES_DECLINED,
	RULES_LOCKED,
	RULES_STATE_COUNT
};

/* "signed", "outstanding", "lapsed", "declined", "locked". */
const char *rules_state_name(enum rules_state s);

enum rules_lapse {
	RULES_LAPSE_NONE,
	RULES_LAPSE_TEXT,	/* the text changed since, and not as a minor change */
	RULES_LAPSE_EXPIRED,	/* its validity period passed */
};

/* The latest answer on a step: a row of the signoffs table. */
struct rules_prior {
	bool found;		/* false: never answered */
	bool declined;		/* the latest answer was "I do not agree" */
	uint8_t hash[CRYPTO_HASH_BYTES];	/* the text that was shown */
	int64_t time_ms;	/* when it was answered */
	uint64_t seq;		/* its ledger entry; 0 if unknown */
};

/*
 * One step made ready to judge many sign-offs at one instant: the
 * validity's cut-off is worked out once here, not per row.
 */
struct rules_step {
	const struct step_def *def;	/* borrowed */
	const struct document *doc;	/* borrowed; NULL counts as changed text */
	int64_t now_ms;
	unsigned consent_years;		/* consent steps: [consent] validity_years */
	bool expires;			/* the step has a validity period */
	int64_t sure_from;		/* signed at or after: certainly still valid */
	int64_t sure_before;		/* signed before: certainly past it */
};

void rules_step_prepare(struct rules_step *r, const struct config *cfg,
    const struct step_def *def, const struct document *doc, int64_t now_ms);

struct rules_verdict {
	enum rules_state state;
	enum rules_state pending;	/* state without the lock (== state unless LOCKED) */
	enum rules_lapse lapse;		/* why LAPSED (also under a lock) */
	bool minor;			/* counts through a minor change of an earlier text */
	int64_t time_ms;		/* of the latest answer; 0 if never */
	int64_t valid_until_ms;		/* a signed step: when it stops counting; 0 = no end */
};

/* The state of one step, from its latest answer, at r->now_ms. */
void rules_judge(const struct rules_step *r, const struct rules_prior *p,
    bool locked, struct rules_verdict *out);

/*
 * The same in one call, for a single step (the walk: locked false).
 * rules_still_current: whether the sign-off still counts (SIGNED).
 */
enum rules_state rules_step_state(const struct config *cfg,
    const struct step_def *def, const struct document *doc,
    const struct rules_prior *p, bool locked, int64_t now_ms);
bool rules_still_current(const struct config *cfg, const struct step_def *def,
    const struct document *doc, const struct rules_prior *p, int64_t now_ms);

/*
 * Plain words for a verdict: "Signed on 2026-09-10, valid until
 * 2027-09-10", "Not done yet", "Lapsed: the text has changed since it was
 * signed on 2026-09-10", "Locked: not done yet"...
 */
void rules_words(const struct rules_verdict *v, char *buf, size_t cap);

/* ---- a learner: every step of their group's flow ---- */

/* Every step of a config prepared at one instant, and each group's flow. */
struct rules_set;

enum core_status rules_set_new(const struct config *cfg,
    const struct content_pack *pack, int64_t now_ms, struct rules_set **out);
void rules_set_free(struct rules_set **rs);
int64_t rules_set_now(const struct rules_set *rs);
/* The config step's index, or -1 if the config does not know it. */
int rules_set_step_index(const struct rules_set *rs, const char *step);
/* Borrowed; NULL for an index out of range. */
const struct rules_step *rules_set_step(const struct rules_set *rs, int index);
/* The config group's index, or -1. */
int rules_set_group_index(const struct rules_set *rs, const char *group);

/* A learner's steps, counted. */
struct rules_tally {
	int group;		/* config group index; -1: a group the config dropped */
	bool locked;
	unsigned steps;		/* in the group's flow */
	unsigned signed_now, outstanding, lapsed, declined;
	uint32_t seen;		/* flow positions answered (bit i: the flow's step i) */
};

/* Start a learner's tally; then add each of their sign-off rows, any order. */
void rules_tally_begin(const struct rules_set *rs, const char *group,
    bool locked, struct rules_tally *t);
/* A row for a step outside the group's flow is ignored. */
void rules_tally_add(const struct rules_set *rs, struct rules_tally *t,
    const char *step, const struct rules_prior *p);
/* Count the flow's steps never answered as outstanding. */
void rules_tally_end(struct rules_tally *t);
/* Every step of the flow signed now (false for an unknown group). */
bool rules_tally_complete(const struct rules_tally *t);

/* ---- consent channels ---- */

/* "current", "never asked", "said no", "withdrawn", "expired". */
const char *rules_consent_words(enum consent_state s);

/* One channel of a learner at now_ms: consent_lookup (core/consent.c). */
enum core_status rules_consent(struct site *site, const struct learner *l,
    const char *channel, int64_t now_ms, struct consent_answer *out);

/*
 * consent.c's rule on a bare consents row: yes/no as saved, given_ms the
 * row's time, withdrawn whether a withdrawal applies, years the config's.
 * The one difference: consent.c takes the fewer of the config's years and
 * those signed in the entry, which a bare row does not carry (they differ
 * only if validity_years was raised after the consent was given).
 * *expires_ms (may be NULL) is when a Yes runs out; 0 for a No.
 */
enum consent_state rules_consent_row(bool yes, int64_t given_ms, bool withdrawn,
    unsigned years, int64_t now_ms, int64_t *expires_ms);

/*
 * Consents given in [*from_ms, *to_ms) may end in [now_ms, now_ms +
 * within_ms); those outside cannot (a superset, for an index range: check
 * each with rules_consent_ends_within).
 */
void rules_consent_window(unsigned years, int64_t now_ms, int64_t within_ms,
    int64_t *from_ms, int64_t *to_ms);
/* A Yes given at given_ms is still current at now_ms and ends within within_ms. */
bool rules_consent_ends_within(int64_t given_ms, unsigned years, int64_t now_ms,
    int64_t within_ms);

#endif
