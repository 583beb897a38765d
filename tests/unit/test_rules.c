/* SPDX-License-Identifier: ISC */
/*
 * The status rules, table-driven: a step signed and current, the text
 * changed, a minor change, validity passed (on its exact boundary, and for
 * consent on calendar years with 29 February), declined, locked; a whole
 * learner's tally; and consent channels current, expired and withdrawn on
 * a real site, where the bulk rule must agree with core/consent.c.
 */
#include "tests/unit/testutil.h"

#include "core/consent.h"
#include "core/learner.h"
#include "core/rules.h"
#include "core/site.h"
#include "core/walk.h"

#define SEC 1000LL
#define DAY (86400 * SEC)
#define YEAR365 (365 * DAY)
/* 2026-09-01T10:00:00Z */
#define NOW (1788256800LL * SEC)
/* 2019-03-01T00:00:00Z, and 2026-03-01T00:00:00Z seven calendar years on. */
#define MAR2019 (1551398400LL * SEC)
#define MAR2026 (1772323200LL * SEC)
/* 2024-02-29T12:00:00Z, 2024-02-28T12:00:00Z, 2031-02-28T12:00:00Z. */
#define LEAP2024 (1709208000LL * SEC)
#define FEB28_2024 (1709121600LL * SEC)
#define FEB28_2031 (1930046400LL * SEC)
#define PIN "482916"

enum text { T_NONE, T_CURRENT, T_MINOR, T_OLD };

static const uint8_t h_current[CRYPTO_HASH_BYTES] = { 0xc0, 1 };
static const uint8_t h_minor[CRYPTO_HASH_BYTES] = { 0x31, 2 };
static const uint8_t h_old[CRYPTO_HASH_BYTES] = { 0x01, 3 };

struct step_case {
	const char *name;
	enum step_kind kind;
	unsigned validity_days;
	bool found, declined;
	enum text text;
	int64_t signed_ms;
	int64_t now_ms;
	bool locked;
	enum rules_state state, pending;
	enum rules_lapse lapse;
	bool minor;
	const char *words;	/* a piece of rules_words() */
};

static const struct step_case step_cases[] = {
	{ "never done", STEP_DOCUMENT, 365, false, false, T_NONE, 0, NOW, false,
	    RULES_OUTSTANDING, RULES_OUTSTANDING, RULES_LAPSE_NONE, false, "Not done yet" },
	{ "signed, current", STEP_DOCUMENT, 365, true, false, T_CURRENT, NOW - 10 * DAY,
	    NOW, false, RULES_SIGNED, RULES_SIGNED, RULES_LAPSE_NONE, false,
	    "Signed on 2026-08-22, valid until 2027-08-22" },
	{ "text changed", STEP_DOCUMENT, 365, true, false, T_OLD, NOW - 10 * DAY, NOW,
	    false, RULES_LAPSED, RULES_LAPSED, RULES_LAPSE_TEXT, false,
	    "the text has changed since" },
	{ "minor change", STEP_DOCUMENT, 365, true, false, T_MINOR, NOW - 10 * DAY, NOW,
	    false, RULES_SIGNED, RULES_SIGNED, RULES_LAPSE_NONE, true, "minor" },
	{ "validity passed", STEP_DOCUMENT, 365, true, false, T_CURRENT, NOW - 400 * DAY,
	    NOW, false, RULES_LAPSED, RULES_LAPSED, RULES_LAPSE_EXPIRED, false,
	    "Lapsed: signed on 2025-07-28, valid until 2026-07-28" },
	{ "validity ends exactly now", STEP_DOCUMENT, 365, true, false, T_CURRENT,
	    NOW - 365 * DAY, NOW, false, RULES_LAPSED, RULES_LAPSED,
	    RULES_LAPSE_EXPIRED, false, "Lapsed" },
	{ "validity ends a millisecond later", STEP_CHECKLIST, 365, true, false,
	    T_CURRENT, NOW - 365 * DAY + 1, NOW, false, RULES_SIGNED, RULES_SIGNED,
	    RULES_LAPSE_NONE, false, "Signed" },
	{ "minor change, validity passed", STEP_QUIZ, 730, true, false, T_MINOR,
	    NOW - 731 * DAY, NOW, false, RULES_LAPSED, RULES_LAPSED,
	    RULES_LAPSE_EXPIRED, false, "Lapsed" },
	{ "no validity period", STEP_NOTICE, 0, true, false, T_CURRENT,
	    NOW - 3650 * DAY, NOW, false, RULES_SIGNED, RULES_SIGNED, RULES_LAPSE_NONE,
	    false, "Signed on 2016-09-03" },
	{ "declined", STEP_DOCUMENT, 365, true, true, T_CURRENT, NOW - DAY, NOW, false,
	    RULES_DECLINED, RULES_DECLINED, RULES_LAPSE_NONE, false,
	    "Did not agree on 2026-08-31" },
	{ "declined long ago stays declined", STEP_DOCUMENT, 365, true, true, T_OLD,
	    NOW - 900 * DAY, NOW, false, RULES_DECLINED, RULES_DECLINED,
	    RULES_LAPSE_NONE, false, "Did not agree" },
	{ "locked, never done", STEP_DOCUMENT, 365, false, false, T_NONE, 0, NOW, true,
	    RULES_LOCKED, RULES_OUTSTANDING, RULES_LAPSE_NONE, false,
	    "Locked: not done yet" },
	{ "locked, lapsed", STEP_DOCUMENT, 365, true, false, T_OLD, NOW - DAY, NOW, true,
	    RULES_LOCKED, RULES_LAPSED, RULES_LAPSE_TEXT, false, "Locked: lapsed" },
	{ "locked, declined", STEP_DOCUMENT, 365, true, true, T_CURRENT, NOW - DAY, NOW,
	    true, RULES_LOCKED, RULES_DECLINED, RULES_LAPSE_NONE, false,
	    "Locked: did not agree" },
	{ "a lock never undoes a sign-off", STEP_DOCUMENT, 365, true, false, T_CURRENT,
	    NOW - DAY, NOW, true, RULES_SIGNED, RULES_SIGNED, RULES_LAPSE_NONE, false,
	    "Signed" },
	/* Consent: calendar years, not 365-day ones (2556 days is short of 7 years). */
	{ "consent past 7 x 365 days, within 7 years", STEP_CONSENT, 0, true, false,
	    T_CURRENT, MAR2019, MAR2019 + 7 * YEAR365 + DAY, false, RULES_SIGNED,
	    RULES_SIGNED, RULES_LAPSE_NONE, false, "valid until 2026-03-01" },
	{ "consent, last millisecond", STEP_CONSENT, 0, true, false, T_CURRENT, MAR2019,
	    MAR2026 - 1, false, RULES_SIGNED, RULES_SIGNED, RULES_LAPSE_NONE, false,
	    "Signed" },
	{ "consent, seven years on", STEP_CONSENT, 0, true, false, T_CURRENT, MAR2019,
	    MAR2026, false, RULES_LAPSED, RULES_LAPSED, RULES_LAPSE_EXPIRED, false,
	    "valid until 2026-03-01" },
	/* Given on 29 February: it ends on 28 February, a day early. */
	{ "consent from a leap day, just before", STEP_CONSENT, 0, true, false,
	    T_CURRENT, LEAP2024, FEB28_2031 - 1, false, RULES_SIGNED, RULES_SIGNED,
	    RULES_LAPSE_NONE, false, "valid until 2031-02-28" },
	{ "consent from a leap day, at its end", STEP_CONSENT, 0, true, false,
	    T_CURRENT, LEAP2024, FEB28_2031, false, RULES_LAPSED, RULES_LAPSED,
	    RULES_LAPSE_EXPIRED, false, "Lapsed" },
	/* The fold: 28 February an hour later still counts, 29 February earlier not. */
	{ "consent from 28 February, an hour later", STEP_CONSENT, 0, true, false,
	    T_CURRENT, FEB28_2024 + 3600 * SEC, FEB28_2031, false, RULES_SIGNED,
	    RULES_SIGNED, RULES_LAPSE_NONE, false, "Signed" },
	{ "consent from a leap day, two hours earlier", STEP_CONSENT, 0, true, false,
	    T_CURRENT, LEAP2024 - 2 * 3600 * SEC, FEB28_2031, false, RULES_LAPSED,
	    RULES_LAPSED, RULES_LAPSE_EXPIRED, false, "Lapsed" },
	{ "consent, text changed", STEP_CONSENT, 0, true, false, T_OLD, NOW - DAY, NOW,
	    false, RULES_LAPSED, RULES_LAPSED, RULES_LAPSE_TEXT, false, "text has changed" },
};

static void
make_doc(struct document *doc, uint8_t (*minor)[CRYPTO_HASH_BYTES])
{
	memset(doc, 0, sizeof *doc);
	memcpy(doc->hash, h_current, CRYPTO_HASH_BYTES);
	memcpy(minor[0], h_minor, CRYPTO_HASH_BYTES);
	doc->minor_of = minor;
	doc->nminor = 1;
}

static void
test_step_table(void **state)
{
	uint8_t minor[1][CRYPTO_HASH_BYTES];
	struct config cfg;
	struct document doc;
	struct step_def def;
	struct rules_step r;
	struct rules_verdict v;
	struct rules_prior p;
	char words[256];
	size_t i;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	cfg.consent_years = 7;
	make_doc(&doc, minor);
	for (i = 0; i < sizeof step_cases / sizeof step_cases[0]; i++) {
		const struct step_case *c = &step_cases[i];

		memset(&def, 0, sizeof def);
		snprintf(def.id, sizeof def.id, "step");
		snprintf(def.title, sizeof def.title, "A step");
		def.kind = c->kind;
		def.validity_days = c->validity_days;
		memset(&p, 0, sizeof p);
		p.found = c->found;
		p.declined = c->declined;
		p.time_ms = c->signed_ms;
		memcpy(p.hash, c->text == T_MINOR ? h_minor : c->text == T_OLD ? h_old :
		    h_current, CRYPTO_HASH_BYTES);
		rules_step_prepare(&r, &cfg, &def, &doc, c->now_ms);
		rules_judge(&r, &p, c->locked, &v);
		rules_words(&v, words, sizeof words);
		print_message("%s: %s (%s)\n", c->name, rules_state_name(v.state), words);
		assert_int_equal(v.state, c->state);
		assert_int_equal(v.pending, c->pending);
		assert_int_equal(v.lapse, c->lapse);
		assert_int_equal(v.minor, c->minor);
		assert_non_null(strstr(words, c->words));
		/* The one-call form and the walk's question agree. */
		assert_int_equal(rules_step_state(&cfg, &def, &doc, &p, c->locked, c->now_ms),
		    c->state);
		assert_int_equal(rules_still_current(&cfg, &def, &doc, &p, c->now_ms),
		    c->pending == RULES_SIGNED);
	}
}

/*
 * The consent cut-off is found once per instant; every signing time
 * around it, however near, must give what consent_expiry_ms says.
 */
static void
test_consent_boundary_exact(void **state)
{
	static const int64_t nows[] = { FEB28_2031, FEB28_2031 + 5 * 3600 * SEC,
	    MAR2026, NOW, LEAP2024 + 7 * YEAR365 };
	uint8_t minor[1][CRYPTO_HASH_BYTES];
	struct config cfg;
	struct document doc;
	struct step_def def;
	struct rules_step r;
	struct rules_verdict v;
	struct rules_prior p;
	size_t i;
	int64_t t, step;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	memset(&def, 0, sizeof def);
	def.kind = STEP_CONSENT;
	make_doc(&doc, minor);
	for (cfg.consent_years = 1; cfg.consent_years <= 8; cfg.consent_years++) {
		for (i = 0; i < sizeof nows / sizeof nows[0]; i++) {
			rules_step_prepare(&r, &cfg, &def, &doc, nows[i]);
			/* Four days either side of the cut-off, in uneven steps. */
			step = 37 * 60 * SEC + 7;
			for (t = r.sure_before - 2 * DAY; t < r.sure_from + 2 * DAY; t += step) {
				memset(&p, 0, sizeof p);
				p.found = true;
				p.time_ms = t;
				memcpy(p.hash, h_current, CRYPTO_HASH_BYTES);
				rules_judge(&r, &p, false, &v);
				assert_int_equal(v.state == RULES_SIGNED,
				    nows[i] < consent_expiry_ms(t, cfg.consent_years));
			}
		}
	}
}

static void
test_tally(void **state)
{
	struct config *cfg = NULL;
	struct content_pack *pack = NULL;
	struct rules_set *rs = NULL;
	struct rules_tally t;
	struct rules_prior p;
	const struct document *doc;
	const struct group_def *g;

	(void)state;
	assert_int_equal(config_load("etc/signoff.ini", &cfg), CORE_OK);
	assert_int_equal(content_pack_load(cfg, &pack), CORE_OK);
	assert_int_equal(rules_set_new(cfg, pack, NOW, &rs), CORE_OK);
	assert_int_equal(rules_set_now(rs), NOW);
	assert_int_equal(rules_set_group_index(rs, "no-such-group"), -1);
	assert_int_equal(rules_set_step_index(rs, "no-such-step"), -1);
	assert_null(rules_set_step(rs, -1));
	g = config_group(cfg, "ss-secure");
	assert_non_null(g);

	/* Nothing yet: every step outstanding. */
	rules_tally_begin(rs, "ss-secure", false, &t);
	rules_tally_end(&t);
	assert_int_equal(t.steps, g->nsteps);
	assert_int_equal(t.outstanding, g->nsteps);
	assert_false(rules_tally_complete(&t));

	/* All signed now but one declined; a row outside the flow is ignored. */
	rules_tally_begin(rs, "ss-secure", true, &t);
	for (size_t i = 0; i < g->nsteps; i++) {
		doc = content_pack_doc(pack, cfg, g->steps[i]->id);
		memset(&p, 0, sizeof p);
		p.found = true;
		p.declined = i == 1;
		p.time_ms = NOW - DAY;
		memcpy(p.hash, doc->hash, CRYPTO_HASH_BYTES);
		rules_tally_add(rs, &t, g->steps[i]->id, &p);
		rules_tally_add(rs, &t, g->steps[i]->id, &p);	/* counted once */
	}
	rules_tally_add(rs, &t, "ha-acceptable-use", &p);
	rules_tally_end(&t);
	assert_true(t.locked);
	assert_int_equal(t.signed_now, g->nsteps - 1);
	assert_int_equal(t.declined, 1);
	assert_int_equal(t.outstanding, 0);
	assert_false(rules_tally_complete(&t));

	/* All signed now: complete; an unknown group never is. */
	rules_tally_begin(rs, "ss-secure", false, &t);
	for (size_t i = 0; i < g->nsteps; i++) {
		doc = content_pack_doc(pack, cfg, g->steps[i]->id);
		memset(&p, 0, sizeof p);
		p.found = true;
		p.time_ms = NOW - DAY;
		memcpy(p.hash, doc->hash, CRYPTO_HASH_BYTES);
		rules_tally_add(rs, &t, g->steps[i]->id, &p);
	}
	rules_tally_end(&t);
	assert_true(rules_tally_complete(&t));
	rules_tally_begin(rs, "gone", false, &t);
	rules_tally_end(&t);
	assert_false(rules_tally_complete(&t));
	assert_int_equal(t.group, -1);

	rules_set_free(&rs);
	assert_null(rs);
	content_pack_free(&pack);
	config_free(&cfg);
}

/* ---- consent channels on a real site ---- */

struct consent_case {
	const char *name;
	const char *channel;
	int64_t at;		/* seconds after the consent was given */
	bool withdraw_first;
	enum consent_state state;
};

static void
set_time(long long secs)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", secs);
	setenv("SIGNOFF_FAKE_TIME", buf, 1);
}

static void
give_consent(struct site *site, const struct learner *l)
{
	char receipt[LEDGER_RECEIPT_LEN];
	struct walk *w = NULL;
	size_t i, j;

	assert_int_equal(walk_begin(site, l, &w), CORE_OK);
	for (i = 0; i < walk_nsteps(w); i++) {
		struct walk_step *s = walk_step(w, i);

		if (s->def->kind != STEP_CONSENT)
			continue;
		/* Yes everywhere but social media. */
		for (j = 0; j < site->cfg->nchannels; j++)
			s->consent[j] = strcmp(site->cfg->channels[j].id, "social") != 0;
		s->state = WALK_DONE;
	}
	assert_int_equal(walk_sign(w, site, PIN, receipt), CORE_OK);
	walk_free(&w);
}

static void
test_consent_channels(void **state)
{
	static const struct consent_case cases[] = {
		{ "current", "website", 86400, false, CONSENT_YES },
		{ "said no", "social", 86400, false, CONSENT_SAID_NO },
		{ "last second", "vle", 7LL * 365 * 86400 + 86400 - 1, false, CONSENT_YES },
		{ "expired", "vle", 7LL * 365 * 86400 + 2 * 86400, false, CONSENT_EXPIRED },
		{ "withdrawn", "media", 2 * 86400, true, CONSENT_WITHDRAWN },
		{ "withdrawn stays withdrawn", "media", 8LL * 365 * 86400, false,
		    CONSENT_WITHDRAWN },
	};
	/* 2026-09-01T10:00:00Z */
	const long long given = 1788256800LL;
	char dir[512], ini[1024], fpr[CRYPTO_FPR_LEN], code[LEARNER_CODE_LEN];
	struct consent_answer a;
	struct site *site = NULL;
	struct learner l;
	int64_t ends;
	size_t i;

	(void)state;
	set_time(given);
	tu_tempdir(dir, sizeof dir);
	tu_site_config(dir, ini, sizeof ini);
	assert_int_equal(site_init(ini, fpr), CORE_OK);
	assert_int_equal(site_open(ini, &site), CORE_OK);
	assert_int_equal(learner_add(site, "HA-1", "Amira", "Khan", "ha-adult", "2026",
	    NULL, code), CORE_OK);
	assert_int_equal(learner_activate(site, "HA-1", code, PIN, &l), CORE_OK);
	give_consent(site, &l);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct consent_case *c = &cases[i];
		int64_t now = (given + c->at) * SEC;

		if (c->withdraw_first) {
			set_time(given + c->at);
			assert_int_equal(consent_withdraw(site, &l, c->channel,
			    CONSENT_BY_WRITING, "2026-09-03", NULL, NULL, NULL, NULL),
			    CORE_OK);
		}
		assert_int_equal(rules_consent(site, &l, c->channel, now, &a), CORE_OK);
		print_message("%s: %s (%s)\n", c->name, rules_consent_words(a.state), a.reason);
		assert_int_equal(a.state, c->state);
		/* The bulk rule on the bare row says the same. */
		assert_int_equal(rules_consent_row(a.state != CONSENT_SAID_NO, a.given_ms,
		    a.withdrawn_seq != 0, site->cfg->consent_years, now, &ends), c->state);
		if (c->state == CONSENT_YES) {
			assert_int_equal(ends, a.expires_ms);
			assert_int_equal(rules_consent_ends_within(a.given_ms,
			    site->cfg->consent_years, now, a.expires_ms - now), true);
			assert_int_equal(rules_consent_ends_within(a.given_ms,
			    site->cfg->consent_years, now, a.expires_ms - now - 1), false);
		}
	}
	assert_string_equal(rules_consent_words(CONSENT_EXPIRED), "expired");
	assert_string_equal(rules_consent_words(CONSENT_WITHDRAWN), "withdrawn");
	assert_string_equal(rules_consent_words(CONSENT_YES), "current");
	site_close(&site);
	tu_rmrf(dir);
	unsetenv("SIGNOFF_FAKE_TIME");
}

/* The window for an index range holds every consent that ends in it. */
static void
test_consent_window(void **state)
{
	int64_t from, to, t, within = 90 * DAY;

	(void)state;
	rules_consent_window(7, FEB28_2031, within, &from, &to);
	for (t = from - 30 * DAY; t < to + 30 * DAY; t += 3 * 3600 * SEC + 11) {
		if (rules_consent_ends_within(t, 7, FEB28_2031, within)) {
			assert_true(t >= from);
			assert_true(t < to);
		}
	}
	assert_true(rules_consent_ends_within(LEAP2024, 7, FEB28_2031 - DAY, within));
	assert_false(rules_consent_ends_within(LEAP2024, 7, FEB28_2031, within));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_step_table),
		cmocka_unit_test(test_consent_boundary_exact),
		cmocka_unit_test(test_tally),
		cmocka_unit_test(test_consent_channels),
		cmocka_unit_test(test_consent_window),
	};

	assert_int_equal(crypto_init(), CORE_OK);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
