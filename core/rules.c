/* SPDX-License-Identifier: ISC */
/*
 * The status rules (see rules.h): one step's state from its latest answer,
 * a learner's tally over their group's flow, and consent channels.
 *
 * Consent years are calendar years (consent_expiry_ms), which fold 29
 * February onto 28 February, so "still valid at now" is not quite a single
 * cut-off on the signing time. The cut-off is found once per step by
 * bisection; a signing time more than two days either side of it is
 * decided by comparison alone, and only the few near it are worked out
 * exactly. Moving the signing time on by a day never moves the expiry
 * back, which is what makes the two-day margin safe.
 */
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARGIN_MS (2 * RULES_DAY_MS)

static const char *const state_names[RULES_STATE_COUNT] = {
	[RULES_SIGNED] = "signed",
	[RULES_OUTSTANDING] = "outstanding",
	[RULES_LAPSED] = "lapsed",
	[RULES_DECLINED] = "declined",
	[RULES_LOCKED] = "locked",
};

const char *
rules_state_name(enum rules_state s)
{
	return (unsigned)s < RULES_STATE_COUNT ? state_names[s] : "unknown";
}

/* ---- validity ---- */

/*
 * The first signing time whose consent is still valid at now, as far as
 * bisection over a function that is monotone but for the 29 February fold
 * can tell. years >= 1.
 */
static int64_t
consent_cutoff(unsigned years, int64_t now)
{
	int64_t lo = now - ((int64_t)years + 1) * 366 * RULES_DAY_MS, hi = now;

	/* expiry(lo) <= now < expiry(hi) */
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;

		if (consent_expiry_ms(mid, years) > now)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

void
rules_step_prepare(struct rules_step *r, const struct config *cfg,
    const struct step_def *def, const struct document *doc, int64_t now_ms)
{
	int64_t cut;

	memset(r, 0, sizeof *r);
	r->def = def;
	r->doc = doc;
	r->now_ms = now_ms;
	r->consent_years = cfg->consent_years;
	if (def->kind == STEP_CONSENT) {
		r->expires = true;
		if (r->consent_years == 0) {
			/* Not a valid config; always work it out exactly. */
			r->sure_from = INT64_MAX;
			r->sure_before = INT64_MIN;
			return;
		}
		cut = consent_cutoff(r->consent_years, now_ms);
		r->sure_from = cut + MARGIN_MS;
		r->sure_before = cut - MARGIN_MS;
	} else if (def->validity_days) {
		/* valid while now < signed + days: signed > now - days */
		r->expires = true;
		r->sure_from = r->sure_before =
		    now_ms - (int64_t)def->validity_days * RULES_DAY_MS + 1;
	}
}

static int64_t
valid_until(const struct rules_step *r, int64_t signed_ms)
{
	if (!r->expires)
		return 0;
	if (r->def->kind == STEP_CONSENT)
		return consent_expiry_ms(signed_ms, r->consent_years);
	return signed_ms + (int64_t)r->def->validity_days * RULES_DAY_MS;
}

static bool
still_valid(const struct rules_step *r, int64_t signed_ms)
{
	if (!r->expires || signed_ms >= r->sure_from)
		return true;
	if (signed_ms < r->sure_before)
		return false;
	return r->now_ms < valid_until(r, signed_ms);
}

/* 1: the current text, 2: an earlier one marked minor, 0: neither. */
static int
text_counts(const struct document *doc, const uint8_t hash[CRYPTO_HASH_BYTES])
{
	size_t i;

	if (!doc)
		return 0;
	if (memcmp(hash, doc->hash, CRYPTO_HASH_BYTES) == 0)
		return 1;
	for (i = 0; i < doc->nminor; i++)
		if (memcmp(hash, doc->minor_of[i], CRYPTO_HASH_BYTES) == 0)
			return 2;
	return 0;
}

/* The state without the lock; *lapse and *minor say why. */
static enum rules_state
judge_state(const struct rules_step *r, const struct rules_prior *p,
    enum rules_lapse *lapse, bool *minor)
{
	int text;

	*lapse = RULES_LAPSE_NONE;
	*minor = false;
	if (!p->found)
		return RULES_OUTSTANDING;
	if (p->declined)
		return RULES_DECLINED;
	if (!still_valid(r, p->time_ms)) {
		*lapse = RULES_LAPSE_EXPIRED;
		return RULES_LAPSED;
	}
	if (!(text = text_counts(r->doc, p->hash))) {
		*lapse = RULES_LAPSE_TEXT;
		return RULES_LAPSED;
	}
	*minor = text == 2;
	return RULES_SIGNED;
}

void
rules_judge(const struct rules_step *r, const struct rules_prior *p,
    bool locked, struct rules_verdict *out)
{
	memset(out, 0, sizeof *out);
	out->pending = judge_state(r, p, &out->lapse, &out->minor);
	out->state = locked && out->pending != RULES_SIGNED ? RULES_LOCKED :
	    out->pending;
	if (p->found)
		out->time_ms = p->time_ms;
	if (out->pending == RULES_SIGNED || out->lapse == RULES_LAPSE_EXPIRED)
		out->valid_until_ms = valid_until(r, p->time_ms);
}

enum rules_state
rules_step_state(const struct config *cfg, const struct step_def *def,
    const struct document *doc, const struct rules_prior *p, bool locked,
    int64_t now_ms)
{
	struct rules_verdict v;
	struct rules_step r;

	rules_step_prepare(&r, cfg, def, doc, now_ms);
	rules_judge(&r, p, locked, &v);
	return v.state;
}

bool
rules_still_current(const struct config *cfg, const struct step_def *def,
    const struct document *doc, const struct rules_prior *p, int64_t now_ms)
{
	return rules_step_state(cfg, def, doc, p, false, now_ms) == RULES_SIGNED;
}

static void
pending_words(const struct rules_verdict *v, char *buf, size_t cap)
{
	char on[CONSENT_DATE_LEN] = "", until[CONSENT_DATE_LEN] = "";

	if (v->time_ms)
		consent_date_format(v->time_ms, on);
	if (v->valid_until_ms)
		consent_date_format(v->valid_until_ms, until);
	switch (v->pending) {
	case RULES_SIGNED:
		snprintf(buf, cap, "Signed on %s%s%s%s", on, until[0] ? ", valid until " : "",
		    until, v->minor ? " (an earlier version; the changes since are minor)" : "");
		break;
	case RULES_OUTSTANDING:
		snprintf(buf, cap, "Not done yet");
		break;
	case RULES_DECLINED:
		snprintf(buf, cap, "Did not agree on %s", on);
		break;
	case RULES_LAPSED:
		if (v->lapse == RULES_LAPSE_EXPIRED)
			snprintf(buf, cap, "Lapsed: signed on %s, valid until %s", on, until);
		else
			snprintf(buf, cap, "Lapsed: the text has changed since it was "
			    "signed on %s", on);
		break;
	default:
		snprintf(buf, cap, "Unknown");
		break;
	}
}

void
rules_words(const struct rules_verdict *v, char *buf, size_t cap)
{
	char inner[160];

	if (!cap)
		return;
	if (v->state != RULES_LOCKED) {
		pending_words(v, buf, cap);
		return;
	}
	pending_words(v, inner, sizeof inner);
	if (inner[0] >= 'A' && inner[0] <= 'Z')
		inner[0] = (char)(inner[0] - 'A' + 'a');
	snprintf(buf, cap, "Locked: %s", inner);
}

/* ---- a learner ---- */

struct rules_set {
	const struct config *cfg;
	int64_t now_ms;
	struct rules_step *steps;	/* indexed like cfg->steps */
	/* per group, per config step: its position in the flow + 1, or 0 */
	unsigned char *flow_pos;
};

enum core_status
rules_set_new(const struct config *cfg, const struct content_pack *pack,
    int64_t now_ms, struct rules_set **out)
{
	struct rules_set *rs;
	size_t i, g, k;

	*out = NULL;
	if (!(rs = calloc(1, sizeof *rs)) ||
	    !(rs->steps = calloc(cfg->nsteps ? cfg->nsteps : 1, sizeof *rs->steps)) ||
	    !(rs->flow_pos = calloc((cfg->ngroups ? cfg->ngroups : 1) *
	    (cfg->nsteps ? cfg->nsteps : 1), 1))) {
		rules_set_free(&rs);
		return core_fail(CORE_ERR_NOMEM, "preparing the status rules");
	}
	rs->cfg = cfg;
	rs->now_ms = now_ms;
	for (i = 0; i < cfg->nsteps; i++)
		rules_step_prepare(&rs->steps[i], cfg, &cfg->steps[i],
		    pack ? content_pack_doc(pack, cfg, cfg->steps[i].id) : NULL, now_ms);
	for (g = 0; g < cfg->ngroups; g++) {
		const struct group_def *gd = &cfg->groups[g];

		for (k = 0; k < gd->nsteps && k < CONFIG_MAX_STEPS; k++) {
			i = (size_t)(gd->steps[k] - cfg->steps);
			if (i < cfg->nsteps)
				rs->flow_pos[g * cfg->nsteps + i] = (unsigned char)(k + 1);
		}
	}
	*out = rs;
	return CORE_OK;
}

void
rules_set_free(struct rules_set **rsp)
{
	struct rules_set *rs = *rsp;

	if (!rs)
		return;
	free(rs->steps);
	free(rs->flow_pos);
	free(rs);
	*rsp = NULL;
}

int64_t
rules_set_now(const struct rules_set *rs)
{
	return rs->now_ms;
}

int
rules_set_step_index(const struct rules_set *rs, const char *step)
{
	for (size_t i = 0; i < rs->cfg->nsteps; i++)
		if (strcmp(rs->cfg->steps[i].id, step) == 0)
			return (int)i;
	return -1;
}

const struct rules_step *
rules_set_step(const struct rules_set *rs, int index)
{
	return index >= 0 && (size_t)index < rs->cfg->nsteps ? &rs->steps[index] : NULL;
}

int
rules_set_group_index(const struct rules_set *rs, const char *group)
{
	for (size_t g = 0; g < rs->cfg->ngroups; g++)
		if (strcmp(rs->cfg->groups[g].id, group) == 0)
			return (int)g;
	return -1;
}

void
rules_tally_begin(const struct rules_set *rs, const char *group, bool locked,
    struct rules_tally *t)
{
	memset(t, 0, sizeof *t);
	t->group = rules_set_group_index(rs, group);
	t->locked = locked;
	if (t->group >= 0)
		t->steps = (unsigned)rs->cfg->groups[t->group].nsteps;
}

void
rules_tally_add(const struct rules_set *rs, struct rules_tally *t,
    const char *step, const struct rules_prior *p)
{
	enum rules_lapse lapse;
	int i = step ? rules_set_step_index(rs, step) : -1;
	unsigned pos;
	bool minor;

	if (t->group < 0 || i < 0)
		return;
	pos = rs->flow_pos[(size_t)t->group * rs->cfg->nsteps + (size_t)i];
	if (!pos || (t->seen & (1u << (pos - 1))))
		return;
	t->seen |= 1u << (pos - 1);
	switch (judge_state(&rs->steps[i], p, &lapse, &minor)) {
	case RULES_SIGNED:
		t->signed_now++;
		break;
	case RULES_LAPSED:
		t->lapsed++;
		break;
	case RULES_DECLINED:
		t->declined++;
		break;
	default:
		break;
	}
}

void
rules_tally_end(struct rules_tally *t)
{
	unsigned answered = t->signed_now + t->lapsed + t->declined;

	t->outstanding = t->steps > answered ? t->steps - answered : 0;
}

bool
rules_tally_complete(const struct rules_tally *t)
{
	return t->group >= 0 && t->steps > 0 && t->signed_now == t->steps;
}

/* ---- consent ---- */

const char *
rules_consent_words(enum consent_state s)
{
	switch (s) {
	case CONSENT_YES:
		return "current";
	case CONSENT_NEVER:
		return "never asked";
	case CONSENT_SAID_NO:
		return "said no";
	case CONSENT_WITHDRAWN:
		return "withdrawn";
	case CONSENT_EXPIRED:
		return "expired";
	}
	return "unknown";
}

enum core_status
rules_consent(struct site *site, const struct learner *l, const char *channel,
    int64_t now_ms, struct consent_answer *out)
{
	return consent_lookup(site, l, channel, now_ms, out);
}

enum consent_state
rules_consent_row(bool yes, int64_t given_ms, bool withdrawn, unsigned years,
    int64_t now_ms, int64_t *expires_ms)
{
	int64_t ends = yes ? consent_expiry_ms(given_ms, years) : 0;

	if (expires_ms)
		*expires_ms = ends;
	if (!yes)
		return CONSENT_SAID_NO;
	if (withdrawn)
		return CONSENT_WITHDRAWN;
	return now_ms >= ends ? CONSENT_EXPIRED : CONSENT_YES;
}

void
rules_consent_window(unsigned years, int64_t now_ms, int64_t within_ms,
    int64_t *from_ms, int64_t *to_ms)
{
	if (years == 0) {
		*from_ms = INT64_MIN;
		*to_ms = INT64_MAX;
		return;
	}
	*from_ms = consent_cutoff(years, now_ms) - MARGIN_MS;
	*to_ms = consent_cutoff(years, now_ms + within_ms) + MARGIN_MS;
}

bool
rules_consent_ends_within(int64_t given_ms, unsigned years, int64_t now_ms,
    int64_t within_ms)
{
	int64_t ends = consent_expiry_ms(given_ms, years);

	return now_ms < ends && ends <= now_ms + within_ms;
}
