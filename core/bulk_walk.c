/* SPDX-License-Identifier: ISC */
/*
 * A bulk learner's walk, written as walk.c's walk_sign writes one (the
 * same kinds, fields, meanings, signatures and derived rows), so a bulk
 * site looks to staff screens, exports and verify like one whose learners
 * walked at the kiosk. What they did on each step (time on the page, quiz
 * attempts, consent answers) comes from the seeded generator.
 *
 * The kinds, meanings and rows are step_record.c's, shared with walk.c;
 * the fields follow walk.c's step_fields (test_bulk compares the two).
 */
#include "bulk_int.h"

#include <stdio.h>
#include <string.h>

#include "event.h"
#include "ledger.h"
#include "step_record.h"
#include "store_db.h"

/* walk.c's step_fields, with the learner's answers drawn from r. */
static enum core_status
step_fields(const struct config *cfg, const struct bulk_step *s, bool declined,
    const signed char *consent, struct bulk_rng *r, struct event *ev)
{
	enum core_status status;
	char key[64];
	size_t i;

	status = event_add_text(ev, "step_kind", step_kind_name(s->def->kind));
	if (status == CORE_OK)
		status = event_add_text(ev, "title", s->def->title);
	if (status == CORE_OK)
		status = event_add_int(ev, "ms_on_page",
		    15000 + (long long)bulk_rng_below(r, 285000));
	if (status == CORE_OK)
		status = event_add_int(ev, "end_reached", 1);
	if (declined)
		return status;
	for (i = 0; status == CORE_OK && i < s->nitems; i++) {
		snprintf(key, sizeof key, "ticked.%zu", i + 1);
		status = event_add_int(ev, key, 1);
	}
	for (i = 0; status == CORE_OK && i < s->nquestions; i++) {
		snprintf(key, sizeof key, "attempts.%zu", i + 1);
		status = event_add_int(ev, key, bulk_rng_percent(r, 85) ? 1 :
		    2 + (long long)bulk_rng_below(r, 2));
	}
	if (s->def->kind == STEP_CONSENT) {
		for (i = 0; status == CORE_OK && i < cfg->nchannels; i++) {
			snprintf(key, sizeof key, "consent.%s", cfg->channels[i].id);
			status = event_add_text(ev, key, consent[i] == 1 ? "yes" : "no");
		}
		if (status == CORE_OK)
			status = event_add_int(ev, "valid_years", cfg->consent_years);
	}
	return status;
}

/* Most say Yes to most channels; a required channel is always Yes. */
static void
draw_consent(const struct config *cfg, struct bulk_rng *r, signed char *consent)
{
	size_t i;

	for (i = 0; i < cfg->nchannels; i++)
		consent[i] = cfg->channels[i].required_yes ||
		    bulk_rng_percent(r, 80) ? 1 : 0;
}

static enum core_status
append_step(struct site *site, const struct bulk_walk *w, size_t i,
    struct bulk_rng *r, struct event *summary)
{
	const struct bulk_step *s = &w->group->steps[i];
	bool declined = i == w->decline;
	bool witnessed = s->def->witnessed && !declined;
	signed char consent[CONFIG_MAX_CHANNELS];
	struct ledger_appended done;
	enum core_status status;
	struct event ev;
	char meaning[768];

	if (witnessed && !w->witness)
		return core_fail(CORE_ERR_INVALID, "bulk: %s needs a witness",
		    s->def->id);
	draw_consent(site->cfg, r, consent);
	event_init(&ev, step_record_kind(s->def->kind, declined));
	memcpy(ev.subject, w->learner->pseudonym, CRYPTO_ID_BYTES);
	memcpy(ev.actor, witnessed ? w->witness_id : w->learner->pseudonym,
	    CRYPTO_ID_BYTES);
	step_record_meaning(site->cfg, s->def, declined, meaning, sizeof meaning);
	status = event_add_doc(&ev, s->def->id, s->doc->hash);
	if (status == CORE_OK)
		status = step_fields(site->cfg, s, declined, consent, r, &ev);
	if (status == CORE_OK)
		status = event_set_meaning(&ev, meaning);
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, &ev, w->signer,
		    witnessed ? w->witness : NULL, &done);
	if (status == CORE_OK)
		status = step_record_signoff(site, w->learner->id, s->def,
		    s->doc->hash, declined, done.seq);
	if (status == CORE_OK && s->def->kind == STEP_CONSENT && !declined)
		status = step_record_consents(site, w->learner->id, consent,
		    done.seq);
	if (status == CORE_OK)
		status = event_add_doc(summary, s->def->id, s->doc->hash);
	if (status == CORE_OK)
		status = event_add_int(summary, declined ? "declined_seq" :
		    "signed_seq", (long long)done.seq);
	event_clear(&ev);
	return status;
}

enum core_status
bulk_walk_sign(struct site *site, const struct bulk_walk *w, struct bulk_rng *r,
    uint64_t *events)
{
	struct ledger_appended done;
	enum core_status status = CORE_OK;
	struct event summary;
	size_t i;

	event_init(&summary, EV_WALK_SIGNED);
	memcpy(summary.subject, w->learner->pseudonym, CRYPTO_ID_BYTES);
	memcpy(summary.actor, w->learner->pseudonym, CRYPTO_ID_BYTES);
	for (i = 0; status == CORE_OK && i < w->nsigned; i++)
		if ((status = append_step(site, w, i, r, &summary)) == CORE_OK)
			++*events;
	if (status == CORE_OK)
		status = event_set_meaning(&summary, step_record_signing_words);
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, &summary, w->signer,
		    NULL, &done);
	if (status == CORE_OK)
		++*events;
	event_clear(&summary);
	return status;
}
