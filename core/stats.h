/* SPDX-License-Identifier: ISC */
/*
 * The supervisor's dashboard in numbers (SPEC section 5): completion per
 * group and per cohort, the counts of outstanding, lapsed, declined,
 * locked, consents running out and open concerns, and for each count the
 * learners behind it, a page at a time. `signoff status` prints the same.
 *
 * Who is counted: current learners, that is enrolled, not marked as left
 * and not erased, in a group the config still has. Every count but the
 * concerns is of learners (a learner with two lapsed steps counts once);
 * a learner can be in several counts. Open concerns count concerns not
 * yet closed (open or in progress), for the site as a whole only: a
 * concern's learner is the one who reported it by name, which only those
 * who may read concerns should learn, so no bar breaks them down and their
 * list (the named reporters) needs that role.
 *
 * The step states are rules.h's. Reading is one pass over the learners
 * and their sign-offs in id order (two index scans merged, no sort, memory
 * flat), plus index ranges for consents and concerns; schema v4 adds the
 * indexes. All of it runs in one read transaction, so the numbers agree
 * with each other.
 */
#ifndef CORE_STATS_H
#define CORE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "crypto.h"
#include "learner.h"
#include "site.h"
#include "status.h"

/* "Consents expiring soon": a Yes that runs out within this. */
#define STATS_CONSENT_SOON_DAYS 90

#define STATS_COUNTS(X) \
	X(STATS_LEARNERS, "learners", "Learners") \
	X(STATS_COMPLETE, "complete", "Complete") \
	X(STATS_INCOMPLETE, "incomplete", "Not complete") \
	X(STATS_OUTSTANDING, "outstanding", "A step not done yet") \
	X(STATS_LAPSED, "lapsed", "A step lapsed") \
	X(STATS_DECLINED, "declined", "A step declined") \
	X(STATS_LOCKED, "locked", "Locked") \
	X(STATS_CONSENT_EXPIRING, "consent_expiring", "Consent ends within 90 days") \
	X(STATS_OPEN_CONCERNS, "open_concerns", "Open concerns")

enum stats_count {
#define STATS_COUNT_ENUM(name, key, words) name,
	STATS_COUNTS(STATS_COUNT_ENUM)
#undef STATS_COUNT_ENUM
	STATS_NCOUNTS
};

/* "outstanding" (a stable key, for JSON); "A step not done yet" (for people). */
const char *stats_count_key(enum stats_count c);
const char *stats_count_words(enum stats_count c);
bool stats_count_parse(const char *key, enum stats_count *out);

/* The numbers for the site, a group, a cohort of a group, or a cohort. */
struct stats_bar {
	char group[CONFIG_ID_MAX];	/* "" for the site, or a cohort across groups */
	char title[CONFIG_TITLE_MAX];	/* the group's title, the cohort, or "All learners" */
	char cohort[CONFIG_ID_MAX];	/* "" for a whole group (and learners with none) */
	bool is_cohort;			/* a cohort's bar ("" is then "no cohort") */
	uint64_t counts[STATS_NCOUNTS];	/* learners = counts[STATS_LEARNERS] */
};

/* complete / learners in whole percent, rounded down (0 when no learners). */
unsigned stats_bar_percent(const struct stats_bar *b);

/* The dashboard's numbers at one instant; owned by the caller. */
struct stats;

/*
 * Called now and then with the learners counted so far and roughly how
 * many there are (those enrolled less those who left; the last call has
 * the exact number twice).
 */
typedef void (*stats_progress_fn)(uint64_t done, uint64_t total, void *ctx);

/*
 * Work the numbers out at now_ms. actor: the staff member (their role must
 * allow the dashboard, CORE_ERR_DENIED), or NULL for the command line.
 * progress may be NULL. Memory: a few bars per cohort, whatever the number
 * of learners.
 */
enum core_status stats_compute(struct site *site, const uint8_t *actor,
    int64_t now_ms, stats_progress_fn progress, void *ctx, struct stats **out);
void stats_free(struct stats **s);

int64_t stats_now(const struct stats *s);
/* The whole site. Borrowed until stats_free. */
const struct stats_bar *stats_total(const struct stats *s);
/* The config's groups, in its order (a group with no learners too). */
size_t stats_ngroups(const struct stats *s);
const struct stats_bar *stats_group(const struct stats *s, size_t i);
/* A group's cohorts, by cohort name; NULL out of range. */
size_t stats_ngroup_cohorts(const struct stats *s, size_t group);
const struct stats_bar *stats_group_cohort(const struct stats *s, size_t group,
    size_t i);
/* Cohorts across all groups, by name. */
size_t stats_ncohorts(const struct stats *s);
const struct stats_bar *stats_cohort(const struct stats *s, size_t i);

/* ---- counting in the background ---- */

/*
 * The same numbers worked out on a worker thread with its own read
 * connection, so that a screen stays responsive while a county's worth of
 * learners is read (about 0.2 s per 300,000 here): start it, look at its
 * progress now and then, take the numbers once it has ended. Freeing it
 * cancels a count still under way and waits for the thread, which stops
 * within a learner or two (a long SQLite step is interrupted).
 *
 * stats_job_start checks the actor's role at once (CORE_ERR_DENIED), on
 * the caller's connection. site (its config, content pack and database
 * path) is borrowed and must outlive the job; the caller may go on using
 * the site meanwhile, but not change its config or content.
 */
struct stats_job;

enum core_status stats_job_start(struct site *site, const uint8_t *actor,
    int64_t now_ms, struct stats_job **out);
/* Wait up to ms (0: just look); true once the count has ended. */
bool stats_job_wait(struct stats_job *j, unsigned ms);
/* Learners counted so far and roughly how many there are (0: not known yet). */
void stats_job_progress(struct stats_job *j, uint64_t *done, uint64_t *total);
/*
 * Once ended: the numbers (owned by the caller) or the count's failure,
 * with the worker's detail; CORE_ERR_INVALID while still counting or
 * after the numbers were taken.
 */
enum core_status stats_job_take(struct stats_job *j, struct stats **out);
/* Cancel if still counting, wait for the thread, free. NULLs *j. */
void stats_job_free(struct stats_job **j);

/* ---- the learners behind a count ---- */

#define STATS_PAGE_MAX 64

/*
 * A count as a screen showed it, for the list of the learners behind it:
 * which, how many when counted (a list of none needs no reading) and the
 * instant of the count (stats_now), so the list judges as the count did.
 */
struct stats_shown {
	enum stats_count which;
	uint64_t n;
	int64_t now_ms;
};

/* Which learners: all, or of one group, and/or of one cohort. */
struct stats_scope {
	const char *group;	/* NULL: any */
	const char *cohort;	/* NULL: any ("" is "no cohort") */
};

struct stats_row {
	int64_t id;			/* where the page is: pass it back as from_id */
	char reference[LEARNER_REF_MAX];
	char given_name[LEARNER_NAME_MAX];
	char family_name[LEARNER_NAME_MAX];
	char group[CONFIG_ID_MAX];
	char cohort[CONFIG_ID_MAX];
	bool locked;
	unsigned steps, signed_now, outstanding, lapsed, declined;
	unsigned open_concerns;		/* STATS_OPEN_CONCERNS lists only, else 0 */
	int64_t consent_ends_ms;	/* STATS_CONSENT_EXPIRING: the first Yes to run out */
	/* Plain words: "2 steps lapsed, 1 not done yet", "consent ends 2026-01-02" */
	char why[160];
};

struct stats_page {
	struct stats_row rows[STATS_PAGE_MAX];
	size_t n;
	bool more_before;	/* a STATS_PREV from rows[0].id finds some */
	bool more_after;	/* a STATS_NEXT from rows[n - 1].id finds some */
};

enum stats_dir {
	STATS_FIRST,	/* from_id ignored */
	STATS_NEXT,	/* after from_id */
	STATS_PREV,	/* before from_id */
};

/*
 * One page (1 to STATS_PAGE_MAX rows) of the learners behind count
 * `which` at now_ms, in the order they were enrolled. scope may be NULL.
 * actor: their role must allow seeing the list of learners, and for
 * STATS_OPEN_CONCERNS (the learners who reported a concern not yet closed
 * by name) reading concerns (CORE_ERR_DENIED), or NULL for the command
 * line. A page costs what it reads: a dense count
 * fills it at once; a sparse one (declined, locked, consents, concerns)
 * reads only its own index; outstanding and lapsed read on until a page
 * has matched.
 */
enum core_status stats_list(struct site *site, const uint8_t *actor,
    enum stats_count which, const struct stats_scope *scope, int64_t now_ms,
    enum stats_dir dir, int64_t from_id, size_t page_size, struct stats_page *out);

#endif
