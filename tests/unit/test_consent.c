/* SPDX-License-Identifier: ISC */
/*
 * Consent over its life against a real site: calendar expiry exactly on
 * its boundary (and on 29 February), said No, never given, withdrawal in
 * writing and at the kiosk, one channel leaving the others, the years the
 * learner signed capping the config, and the Portfolio rule. The clock is
 * SIGNOFF_FAKE_TIME, moved forward only, as the ledger requires.
 */
#include "tests/unit/testutil.h"

#include <sqlite3.h>

#include "core/consent.h"
#include "core/learner.h"
#include "core/notes.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/verify.h"
#include "core/walk.h"

#define SEC 1000LL
#define DAY (86400 * SEC)
/* 2026-09-01T10:00:00Z and its seventh anniversary. */
#define T_GIVEN 1788256800LL
#define T_EXPIRES 2009181600LL
/* 2028-02-29T10:00:00Z, and 2035-02-28T10:00:00Z seven years on. */
#define T_LEAP 1835431200LL
#define T_LEAP_EXPIRES 2056269600LL
/* 2032-02-29T10:00:00Z: four years on, a leap day again. */
#define T_LEAP_PLUS4 1961661600LL
/* 2027-02-01T09:00:00Z: when the letters below are entered. */
#define T_LATER 1801472400LL
#define PIN "482916"

struct fixture {
	char dir[512];
	char ini[1024];
	struct site *site;
};

static void
set_time(long long secs)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", secs);
	setenv("SIGNOFF_FAKE_TIME", buf, 1);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char fpr[CRYPTO_FPR_LEN];

	assert_non_null(f);
	assert_int_equal(crypto_init(), CORE_OK);
	set_time(T_GIVEN);
	tu_tempdir(f->dir, sizeof f->dir);
	tu_site_config(f->dir, f->ini, sizeof f->ini);
	assert_int_equal(site_init(f->ini, fpr), CORE_OK);
	assert_int_equal(site_open(f->ini, &f->site), CORE_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	site_close(&f->site);
	tu_rmrf(f->dir);
	free(f);
	unsetenv("SIGNOFF_FAKE_TIME");
	return 0;
}

static void
activate(struct fixture *f, const char *ref, struct learner *l)
{
	char code[LEARNER_CODE_LEN];

	assert_int_equal(learner_add(f->site, ref, "Amira", "Khan", "ha-adult", "2026",
	    NULL, code), CORE_OK);
	assert_int_equal(learner_activate(f->site, ref, code, PIN, l), CORE_OK);
}

/* Yes to website, vle, teaching and portfolio; No to the rest. */
static bool
choice_for(const char *channel)
{
	return strcmp(channel, "website") == 0 || strcmp(channel, "vle") == 0 ||
	    strcmp(channel, "teaching") == 0 || strcmp(channel, "portfolio") == 0;
}

/* Sign only the consent step of a walk, at the current fake time. */
static void
give_consent(struct fixture *f, const struct learner *l)
{
	const struct config *cfg = f->site->cfg;
	char receipt[LEDGER_RECEIPT_LEN];
	struct walk *w = NULL;
	bool found = false;
	size_t i, j;

	assert_int_equal(walk_begin(f->site, l, &w), CORE_OK);
	for (i = 0; i < walk_nsteps(w); i++) {
		struct walk_step *s = walk_step(w, i);

		if (s->def->kind != STEP_CONSENT)
			continue;
		for (j = 0; j < cfg->nchannels; j++)
			s->consent[j] = choice_for(cfg->channels[j].id) ? 1 : 0;
		assert_true(walk_step_ready(w, s, NULL));
		s->state = WALK_DONE;
		found = true;
	}
	assert_true(found);
	assert_int_equal(walk_sign(w, f->site, PIN, receipt), CORE_OK);
	walk_free(&w);
}

/* A real staff account, as role checks read it. */
static void
staff(struct fixture *f, const char *name, enum staff_role role, uint8_t id[CRYPTO_ID_BYTES])
{
	struct staff s;

	assert_int_equal(staff_add(f->site, name, role, "correct horse battery", NULL),
	    CORE_OK);
	assert_int_equal(staff_get(f->site, name, &s), CORE_OK);
	memcpy(id, s.pseudonym, CRYPTO_ID_BYTES);
}

static void
lookup(struct fixture *f, const struct learner *l, const char *channel,
    int64_t now, struct consent_answer *a)
{
	assert_int_equal(consent_lookup(f->site, l, channel, now, a), CORE_OK);
}

static void
test_calendar_dates(void **state)
{
	char date[CONSENT_DATE_LEN];
	int64_t ms;

	(void)state;
	assert_true(consent_expiry_ms(T_GIVEN * SEC, 7) == T_EXPIRES * SEC);
	/* 29 February ends on 28 February when there is no 29th. */
	assert_true(consent_expiry_ms(T_LEAP * SEC + 250, 7) == T_LEAP_EXPIRES * SEC + 250);
	assert_true(consent_expiry_ms(T_LEAP * SEC, 4) == T_LEAP_PLUS4 * SEC);
	consent_date_format(T_LEAP * SEC, date);
	assert_string_equal(date, "2028-02-29");
	consent_date_format(T_LEAP_EXPIRES * SEC - 1, date);
	assert_string_equal(date, "2035-02-28");

	assert_int_equal(consent_date_parse("2028-02-29", &ms), CORE_OK);
	assert_true(ms == (T_LEAP - 10 * 3600) * SEC);
	assert_int_equal(consent_date_parse("2027-02-29", &ms), CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "not a real date"));
	assert_int_equal(consent_date_parse("2026-13-01", &ms), CORE_ERR_INVALID);
	assert_int_equal(consent_date_parse("2026-9-01", &ms), CORE_ERR_INVALID);
	assert_int_equal(consent_date_parse("2026-09-01x", &ms), CORE_ERR_INVALID);
	assert_int_equal(consent_date_parse("", &ms), CORE_ERR_INVALID);
}

static void
test_expiry_boundary(void **state)
{
	struct fixture *f = *state;
	struct consent_answer a;
	struct learner l;
	int64_t expires = T_EXPIRES * SEC;

	activate(f, "HA-1", &l);
	give_consent(f, &l);

	lookup(f, &l, "website", T_GIVEN * SEC, &a);
	assert_true(a.yes);
	assert_int_equal(a.state, CONSENT_YES);
	assert_string_equal(a.reason, "Yes: given on 2026-09-01, valid until 2033-09-01");
	assert_string_equal(a.label, "HCC website");
	assert_int_equal(a.valid_years, 7);
	assert_true(a.expires_ms == expires);

	lookup(f, &l, "website", expires - DAY, &a);
	assert_true(a.yes);
	lookup(f, &l, "website", expires - SEC, &a);
	assert_true(a.yes);
	lookup(f, &l, "website", expires - 1, &a);
	assert_true(a.yes);
	/* Not including the instant itself. */
	lookup(f, &l, "website", expires, &a);
	assert_false(a.yes);
	assert_int_equal(a.state, CONSENT_EXPIRED);
	assert_string_equal(a.reason, "No: expired on 2033-09-01");
	lookup(f, &l, "website", expires + SEC, &a);
	assert_false(a.yes);
	lookup(f, &l, "website", expires + DAY, &a);
	assert_int_equal(a.state, CONSENT_EXPIRED);
}

static void
test_given_on_leap_day(void **state)
{
	struct fixture *f = *state;
	struct consent_answer a;
	struct learner l;

	set_time(T_LEAP);
	activate(f, "HA-LEAP", &l);
	give_consent(f, &l);
	lookup(f, &l, "vle", T_LEAP * SEC, &a);
	assert_string_equal(a.reason, "Yes: given on 2028-02-29, valid until 2035-02-28");
	lookup(f, &l, "vle", (T_LEAP_EXPIRES - 1) * SEC, &a);
	assert_true(a.yes);
	lookup(f, &l, "vle", T_LEAP_EXPIRES * SEC - 1, &a);
	assert_true(a.yes);
	lookup(f, &l, "vle", T_LEAP_EXPIRES * SEC, &a);
	assert_false(a.yes);
	assert_string_equal(a.reason, "No: expired on 2035-02-28");
	/* 1 March would be a day past the seven years the learner was told. */
	lookup(f, &l, "vle", T_LEAP_EXPIRES * SEC + DAY, &a);
	assert_int_equal(a.state, CONSENT_EXPIRED);
}

static void
test_said_no_never_and_unknown(void **state)
{
	struct fixture *f = *state;
	struct consent_answer a;
	struct learner l, other;

	activate(f, "HA-2", &l);
	activate(f, "HA-3", &other);
	give_consent(f, &l);
	lookup(f, &l, "media", T_GIVEN * SEC, &a);
	assert_false(a.yes);
	assert_int_equal(a.state, CONSENT_SAID_NO);
	assert_string_equal(a.reason, "No: the learner said No on 2026-09-01");
	lookup(f, &other, "media", T_GIVEN * SEC, &a);
	assert_int_equal(a.state, CONSENT_NEVER);
	assert_string_equal(a.reason, "No: never given");
	assert_int_equal(consent_lookup(f->site, &l, "billboards", T_GIVEN * SEC, &a),
	    CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "website"));
}

struct seen {
	char ids[CONFIG_MAX_CHANNELS][CONFIG_ID_MAX];
	bool yes[CONFIG_MAX_CHANNELS];
	size_t n;
};

static bool
see(const struct consent_answer *a, void *ctx)
{
	struct seen *s = ctx;

	snprintf(s->ids[s->n], CONFIG_ID_MAX, "%s", a->channel);
	s->yes[s->n++] = a->yes;
	return true;
}

static void
test_each_in_config_order(void **state)
{
	struct fixture *f = *state;
	const struct config *cfg = f->site->cfg;
	struct seen s = { .n = 0 };
	struct learner l;
	size_t i;

	activate(f, "HA-4", &l);
	give_consent(f, &l);
	assert_int_equal(consent_each(f->site, &l, T_GIVEN * SEC, see, &s), CORE_OK);
	assert_int_equal(s.n, cfg->nchannels);
	assert_int_equal(s.n, 7);
	for (i = 0; i < s.n; i++) {
		assert_string_equal(s.ids[i], cfg->channels[i].id);
		assert_int_equal(s.yes[i], choice_for(cfg->channels[i].id));
	}
}

/* The ledger bytes of one entry, straight from the file. */
static void
entry_bytes(struct fixture *f, uint64_t seq, uint8_t **out, size_t *len)
{
	sqlite3_stmt *stmt;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->site->cfg->db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	    "SELECT bytes FROM ledger WHERE seq = ?1", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)seq);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	*len = (size_t)sqlite3_column_bytes(stmt, 0);
	*out = malloc(*len);
	assert_non_null(*out);
	memcpy(*out, sqlite3_column_blob(stmt, 0), *len);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static void
test_withdraw_in_writing(void **state)
{
	static const char note[] = "Letter from the learner, posted 14 January";
	struct fixture *f = *state;
	uint8_t tutor[CRYPTO_ID_BYTES], supervisor[CRYPTO_ID_BYTES];
	struct ledger_appended done;
	struct verify_report rep;
	struct consent_answer a;
	char got[CONSENT_NOTE_MAX + 1];
	struct learner l;
	uint8_t *bytes;
	size_t len;

	activate(f, "HA-5", &l);
	give_consent(f, &l);
	staff(f, "tutor", ROLE_TUTOR, tutor);
	staff(f, "supervisor", ROLE_SUPERVISOR, supervisor);
	set_time(T_LATER);
	/* Supervisors audit; they change nothing. */
	assert_int_equal(consent_withdraw(f->site, &l, "website", CONSENT_BY_WRITING,
	    "2027-01-15", NULL, supervisor, NULL, &done), CORE_ERR_DENIED);
	assert_int_equal(consent_withdraw(f->site, &l, "website", CONSENT_BY_WRITING,
	    "2027-02-02", NULL, tutor, NULL, &done), CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "future"));
	assert_int_equal(consent_withdraw(f->site, &l, "website", CONSENT_BY_WRITING,
	    "2027-01-32", NULL, tutor, NULL, &done), CORE_ERR_INVALID);
	assert_int_equal(consent_withdraw(f->site, &l, "website", CONSENT_BY_WRITING,
	    "2027-01-15", "bad\x1b[2Jnote", tutor, NULL, &done), CORE_ERR_INVALID);
	assert_int_equal(consent_withdraw(f->site, &l, "nowhere", CONSENT_BY_WRITING,
	    "2027-01-15", NULL, tutor, NULL, &done), CORE_ERR_INVALID);
	assert_int_equal(consent_withdraw(f->site, &l, "website", CONSENT_BY_KIOSK,
	    "2027-01-15", NULL, tutor, NULL, &done), CORE_ERR_INVALID);

	assert_int_equal(consent_withdraw(f->site, &l, "website", CONSENT_BY_WRITING,
	    "2027-01-15", note, tutor, NULL, &done), CORE_OK);
	assert_true(done.seq > 0);
	lookup(f, &l, "website", T_LATER * SEC, &a);
	assert_false(a.yes);
	assert_int_equal(a.state, CONSENT_WITHDRAWN);
	assert_string_equal(a.reason, "No: withdrawn on 2027-01-15");
	assert_true(a.withdrawn_seq == done.seq);
	assert_true(a.withdrawn_ms == T_LATER * SEC);
	/* The other channels keep their answers. */
	lookup(f, &l, "vle", T_LATER * SEC, &a);
	assert_true(a.yes);
	lookup(f, &l, "teaching", T_LATER * SEC, &a);
	assert_true(a.yes);
	lookup(f, &l, "media", T_LATER * SEC, &a);
	assert_int_equal(a.state, CONSENT_SAID_NO);

	/* The note is kept beside the entry, not in its signed bytes. */
	assert_int_equal(notes_get(f->site, done.seq, got, sizeof got), CORE_OK);
	assert_string_equal(got, note);
	entry_bytes(f, done.seq, &bytes, &len);
	assert_null(memmem(bytes, len, "Letter", 6));
	assert_non_null(memmem(bytes, len, "website", 7));
	assert_non_null(memmem(bytes, len, "2027-01-15", 10));
	assert_non_null(memmem(bytes, len, "note_commitment", 15));
	free(bytes);
	assert_int_equal(verify_ledger(f->site->st, NULL, NULL, NULL, &rep), CORE_OK);
}

static void
test_withdraw_all_at_kiosk(void **state)
{
	struct fixture *f = *state;
	const struct config *cfg = f->site->cfg;
	struct ledger_appended done;
	struct verify_report rep;
	struct consent_answer a;
	struct learner l;
	size_t i;

	activate(f, "HA-6", &l);
	give_consent(f, &l);
	set_time(T_LATER);
	/* A wrong PIN withdraws nothing. */
	assert_int_equal(consent_withdraw_pin(f->site, &l, NULL, "739146", &done),
	    CORE_ERR_AUTH);
	lookup(f, &l, "website", T_LATER * SEC, &a);
	assert_true(a.yes);
	assert_int_equal(consent_withdraw_pin(f->site, &l, NULL, PIN, &done), CORE_OK);
	for (i = 0; i < cfg->nchannels; i++) {
		lookup(f, &l, cfg->channels[i].id, T_LATER * SEC, &a);
		assert_false(a.yes);
		assert_int_equal(a.state, choice_for(cfg->channels[i].id) ?
		    CONSENT_WITHDRAWN : CONSENT_SAID_NO);
		if (a.state == CONSENT_WITHDRAWN)
			assert_string_equal(a.reason, "No: withdrawn on 2027-02-01");
	}
	/* Signed by the learner's own key, and the whole ledger still holds. */
	assert_int_equal(verify_ledger(f->site->st, NULL, NULL, NULL, &rep), CORE_OK);
}

static void
test_signed_years_cap_the_config(void **state)
{
	struct fixture *f = *state;
	struct consent_answer a;
	struct learner l;

	activate(f, "HA-7", &l);
	give_consent(f, &l);
	/* Lowering the config shortens consents already given... */
	f->site->cfg->consent_years = 5;
	lookup(f, &l, "website", T_GIVEN * SEC, &a);
	assert_int_equal(a.valid_years, 5);
	assert_string_equal(a.expires_date, "2031-09-01");
	/* ...raising it never lengthens them past what the learner signed. */
	f->site->cfg->consent_years = 10;
	lookup(f, &l, "website", T_GIVEN * SEC, &a);
	assert_int_equal(a.valid_years, 7);
	lookup(f, &l, "website", T_EXPIRES * SEC, &a);
	assert_int_equal(a.state, CONSENT_EXPIRED);
}

static void
test_portfolio_needs_yes(void **state)
{
	struct fixture *f = *state;
	struct consent_answer missing;
	struct learner l, other;
	bool ok = false;

	activate(f, "HA-8", &l);
	activate(f, "HA-9", &other);
	give_consent(f, &l);
	assert_int_equal(consent_required_ok(f->site, &l, T_GIVEN * SEC, &ok, &missing),
	    CORE_OK);
	assert_true(ok);
	assert_int_equal(consent_required_ok(f->site, &other, T_GIVEN * SEC, &ok,
	    &missing), CORE_OK);
	assert_false(ok);
	assert_string_equal(missing.channel, "portfolio");
	assert_string_equal(missing.reason, "No: never given");
	/* Expired, then withdrawn: no longer usable either way. */
	assert_int_equal(consent_required_ok(f->site, &l, T_EXPIRES * SEC, &ok, NULL),
	    CORE_OK);
	assert_false(ok);
	set_time(T_LATER);
	assert_int_equal(consent_withdraw(f->site, &l, "portfolio", CONSENT_BY_WRITING,
	    "2027-01-15", NULL, NULL, NULL, NULL), CORE_OK);
	assert_int_equal(consent_required_ok(f->site, &l, T_LATER * SEC, &ok, &missing),
	    CORE_OK);
	assert_false(ok);
	assert_string_equal(missing.reason, "No: withdrawn on 2027-01-15");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		cmocka_unit_test(test_calendar_dates),
		T(test_expiry_boundary),
		T(test_given_on_leap_day),
		T(test_said_no_never_and_unknown),
		T(test_each_in_config_order),
		T(test_withdraw_in_writing),
		T(test_withdraw_all_at_kiosk),
		T(test_signed_years_cap_the_config),
		T(test_portfolio_needs_yes),
#undef T
	};

	return cmocka_run_group_tests_name("consent", tests, NULL, NULL);
}
