/* SPDX-License-Identifier: ISC */
/*
 * Core-private: what bulk.c shares with bulk_walk.c (a learner's walk,
 * written as walk.c writes one) and bulk_names.c (the name lists).
 */
#ifndef CORE_BULK_INT_H
#define CORE_BULK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bulk.h"
#include "config.h"
#include "content.h"
#include "learner.h"
#include "site.h"
#include "status.h"

/* splitmix64: small, fast, and the same sequence for the same seed. */
struct bulk_rng {
	uint64_t state;
};
uint64_t bulk_rng_next(struct bulk_rng *r);
/* Uniform in [0, n) (n > 0; the bias is negligible for small n). */
uint32_t bulk_rng_below(struct bulk_rng *r, uint32_t n);
/* True with probability percent / 100. */
bool bulk_rng_percent(struct bulk_rng *r, unsigned percent);

/* A realistic given and family name (borrowed static strings). */
void bulk_name(struct bulk_rng *r, const char **given, const char **family);

/* A step of a group, with what its walk event needs from the content. */
struct bulk_step {
	const struct step_def *def;
	const struct document *doc;
	size_t nitems;		/* checklist: one tick per bullet */
	size_t nquestions;	/* quiz: attempts per question */
};

struct bulk_group {
	const struct group_def *def;
	struct bulk_step steps[CONFIG_MAX_STEPS];
	size_t nsteps;
	unsigned weight;	/* share of learners */
	uint64_t next_number;	/* for its references */
};

/* One learner's walk: steps [0, nsigned) done, decline (if < nsigned) declined. */
struct bulk_walk {
	const struct bulk_group *group;
	const struct learner *learner;
	const struct signer *signer;	/* the learner's own key */
	const struct signer *witness;	/* for witnessed steps; may be NULL */
	const uint8_t *witness_id;
	size_t nsigned;
	size_t decline;
};

/*
 * Inside the caller's write transaction: an event per step and
 * EV_WALK_SIGNED, with the sign-off and consent rows, as walk_sign
 * writes them. *events is increased by the entries appended.
 */
enum core_status bulk_walk_sign(struct site *site, const struct bulk_walk *w,
    struct bulk_rng *r, uint64_t *events);

#endif
