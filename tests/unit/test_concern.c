/* SPDX-License-Identifier: ISC */
/*
 * Concerns on a real site: anonymous and named reports, staff records,
 * the text never in clear in the database file or its WAL, who may open
 * the concerns key and who sees counts only, a DSL reading and actioning,
 * copies of the key given to a second DSL, taken from a disabled one and
 * re-wrapped by a new passphrase, the recovery code, text rules, tampering
 * found, and the export iterator. verify_ledger passes throughout.
 */
#include "tests/unit/testutil.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "core/concern.h"
#include "core/erase.h"
#include "core/learner.h"
#include "core/role.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/verify.h"
#include "tests/unit/ledgerscan.h"

#define PASS "correct horse battery"
#define PASS2 "another long passphrase"
#define PIN "482916"
#define PHRASE "zebra-marmalade-umbrella said the kids on the bus"
#define TALK "Ms Okonkwo-Farthingale please"
#define NOTE "phoned the parent and referred to the quokka partnership"

struct fixture {
	char dir[512];
	char ini[1024];
	struct site *site;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char fpr[CRYPTO_FPR_LEN];

	assert_non_null(f);
	assert_int_equal(crypto_init(), CORE_OK);
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
	return 0;
}

static void
verify_ok(struct fixture *f)
{
	struct verify_report rep;
	uint64_t bad;

	if (verify_ledger(f->site->st, NULL, NULL, NULL, &rep) != CORE_OK)
		fail_msg("verify: %s", core_detail());
	if (concern_verify(f->site, &bad) != CORE_OK)
		fail_msg("concern_verify: %s", core_detail());
}

static void
add_staff(struct fixture *f, const char *name, enum staff_role role,
    const struct concerns_key *unlocker, struct staff *out)
{
	if (staff_add_keyed(f->site, name, role, PASS, NULL, unlocker) != CORE_OK)
		fail_msg("staff_add %s: %s", name, core_detail());
	assert_int_equal(staff_get(f->site, name, out), CORE_OK);
}

static struct concerns_key *
open_key(struct fixture *f, const struct staff *who, const char *pass)
{
	struct concerns_key *k = NULL;

	if (concerns_key_open(f->site, who, pass, &k) != CORE_OK)
		fail_msg("concerns_key_open %s: %s", who->name, core_detail());
	assert_non_null(k);
	return k;
}

static void
enrol(struct fixture *f, const char *ref, struct learner *l)
{
	char code[LEARNER_CODE_LEN];

	assert_int_equal(learner_add(f->site, ref, "Amira", "Khan", "ha-adult", "2026",
	    NULL, code), CORE_OK);
	assert_int_equal(learner_activate(f->site, ref, code, PIN, l), CORE_OK);
}

static int64_t
report_anon(struct fixture *f, const char *text)
{
	struct concern_receipt r;

	if (concern_report(f->site, CONCERN_BULLYING, text, TALK, NULL, NULL, &r) != CORE_OK)
		fail_msg("concern_report: %s", core_detail());
	assert_true(r.id > 0);
	return r.id;
}

static long long
sql_int(struct fixture *f, const char *sql)
{
	sqlite3_stmt *stmt;
	long long v = -1;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->site->cfg->db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

static void
exec_sql(struct fixture *f, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->site->cfg->db_path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* Whether the file at path (absent: no) holds needle anywhere. */
static bool
file_has(const char *path, const void *needle, size_t len)
{
	struct stat sb;
	char *buf;
	bool found;
	FILE *fp;

	if (stat(path, &sb) != 0 || sb.st_size == 0)
		return false;
	buf = malloc((size_t)sb.st_size);
	assert_non_null(buf);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(fread(buf, 1, (size_t)sb.st_size, fp), (size_t)sb.st_size);
	fclose(fp);
	found = memmem(buf, (size_t)sb.st_size, needle, len) != NULL;
	free(buf);
	return found;
}

static void
assert_not_in_files(struct fixture *f, const char *needle)
{
	char wal[4200];

	snprintf(wal, sizeof wal, "%s-wal", f->site->cfg->db_path);
	if (file_has(f->site->cfg->db_path, needle, strlen(needle)))
		fail_msg("\"%s\" is in the database file", needle);
	if (file_has(wal, needle, strlen(needle)))
		fail_msg("\"%s\" is in the WAL", needle);
}

/* ---- tests ---- */

static void
test_no_key_no_report(void **state)
{
	struct fixture *f = *state;
	struct concern_counts c;
	struct staff tutor;

	add_staff(f, "tutor", ROLE_TUTOR, NULL, &tutor);
	assert_false(tutor.concerns_access);
	/* Nobody could ever read it: refused, so the learner is told to see staff. */
	assert_int_equal(concern_report(f->site, CONCERN_OTHER, "help", NULL, NULL, NULL,
	    NULL), CORE_ERR_NOT_FOUND);
	assert_non_null(strstr(core_detail(), "no designated safeguarding lead"));
	assert_int_equal(concern_counts(f->site, &c), CORE_OK);
	assert_int_equal(c.total, 0);
	verify_ok(f);
}

static void
test_anonymous_report(void **state)
{
	struct fixture *f = *state;
	struct concern_receipt r;
	struct staff dsl;
	struct learner l;
	struct scan sc;

	add_staff(f, "dsl", ROLE_DSL, NULL, &dsl);
	assert_true(dsl.concerns_access);
	assert_int_equal(scan_kind(f->site, EV_KEY_REGISTERED, "owner_kind").count, 2);
	enrol(f, "HA-AD-001", &l);
	/* The learner signed in, then chose to stay anonymous. */
	assert_int_equal(learner_sign_in(f->site, "HA-AD-001", PIN, &l), CORE_OK);
	assert_int_equal(concern_report(f->site, CONCERN_BULLYING, PHRASE, TALK, NULL,
	    "ignored", &r), CORE_OK);
	assert_int_equal(r.id, 1);
	assert_int_not_equal(r.seq, 0);
	assert_int_equal(strlen(r.receipt), LEDGER_RECEIPT_LEN - 1);

	sc = scan_kind(f->site, EV_CONCERN_REPORTED, "source");
	assert_int_equal(sc.count, 1);
	assert_string_equal(sc.value, "anonymous");
	assert_true(is_zero_id(sc.subject));
	assert_true(is_zero_id(sc.actor));
	assert_true(is_zero_id(sc.key_id));	/* kiosk-signed only */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM ledger WHERE kind = 25 AND"
	    " (learner_sig IS NOT NULL OR subject IS NOT NULL OR actor IS NOT NULL)"), 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM concerns WHERE learner_id IS NULL"
	    " AND source = 'anonymous' AND status = 'open' AND category = 'bullying'"), 1);
	/* Not a byte of the learner's pseudonym in the report's entry. */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM ledger l, learners p"
	    " WHERE l.kind = 25 AND instr(l.bytes, p.pseudonym) > 0"), 0);
	verify_ok(f);
}

static void
test_named_report(void **state)
{
	struct fixture *f = *state;
	struct concern_receipt r;
	struct concern_text t;
	struct concerns_key *k;
	struct learner l, after;
	struct staff dsl;
	struct scan sc;

	add_staff(f, "dsl", ROLE_DSL, NULL, &dsl);
	enrol(f, "HA-AD-001", &l);
	/* A wrong PIN: the same answer as at sign-in, counted, nothing saved. */
	assert_int_equal(concern_report(f->site, CONCERN_CONTACT, PHRASE, NULL,
	    "HA-AD-001", "000000", &r), CORE_ERR_AUTH);
	assert_int_equal(concern_report(f->site, CONCERN_CONTACT, PHRASE, NULL,
	    "NOBODY", PIN, &r), CORE_ERR_AUTH);
	assert_int_equal(learner_get(f->site, "HA-AD-001", &after), CORE_OK);
	assert_int_equal(after.pin_failures, 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM concerns"), 0);

	assert_int_equal(concern_report(f->site, CONCERN_CONTACT, PHRASE, "",
	    "HA-AD-001", PIN, &r), CORE_OK);
	sc = scan_kind(f->site, EV_CONCERN_REPORTED, "source");
	assert_string_equal(sc.value, "learner");
	assert_memory_equal(sc.subject, l.pseudonym, CRYPTO_ID_BYTES);
	assert_false(is_zero_id(sc.key_id));	/* signed by the learner */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM ledger WHERE kind = 25 AND"
	    " learner_sig IS NOT NULL"), 1);
	verify_ok(f);

	k = open_key(f, &dsl, PASS);
	assert_int_equal(concern_read(f->site, k, r.id, &t), CORE_OK);
	assert_int_equal(t.info.source, CONCERN_FROM_LEARNER);
	assert_string_equal(t.reporter.reference, "HA-AD-001");
	assert_string_equal(t.reporter.given_name, "Amira");
	assert_string_equal(t.text, PHRASE);
	assert_string_equal(t.talk_to, "");
	concern_text_clear(&t);
	concerns_key_free(&k);
	verify_ok(f);
}

static void
test_not_in_clear(void **state)
{
	struct fixture *f = *state;
	struct concerns_key *k;
	struct staff dsl;
	char wal[4200];
	int64_t id;

	add_staff(f, "dsl", ROLE_DSL, NULL, &dsl);
	id = report_anon(f, PHRASE);
	k = open_key(f, &dsl, PASS);
	assert_int_equal(concern_action(f->site, &dsl, k, id, CONCERN_IN_PROGRESS,
	    CONCERN_REFER_PARTNER, NOTE), CORE_OK);
	concerns_key_free(&k);
	/* In the WAL now, then checkpointed into the file: never in clear. */
	snprintf(wal, sizeof wal, "%s-wal", f->site->cfg->db_path);
	assert_true(file_has(wal, "bullying", 8));	/* the scan can see clear text */
	assert_not_in_files(f, "zebra-marmalade");
	assert_not_in_files(f, "Okonkwo-Farthingale");
	assert_not_in_files(f, "quokka partnership");
	assert_int_equal(erase_flush(f->site), CORE_OK);
	assert_not_in_files(f, "zebra-marmalade");
	assert_not_in_files(f, "Okonkwo-Farthingale");
	assert_not_in_files(f, "quokka partnership");
	assert_true(file_has(f->site->cfg->db_path, "bullying", 8));
	/* What may be clear is clear: counting needs no key. */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM concerns WHERE"
	    " status = 'in-progress' AND category = 'bullying'"), 1);
	/* Nor can the database and key file together open it without a passphrase. */
	assert_int_equal(concerns_key_open(f->site, &dsl, "not the passphrase", &k),
	    CORE_ERR_AUTH);
	assert_null(k);
	verify_ok(f);
}

static bool
count_visit(const struct concern_info *info, void *ctx)
{
	(void)info;
	(*(int *)ctx)++;
	return true;
}

static void
test_roles(void **state)
{
	struct fixture *f = *state;
	struct staff dsl, tutor, sup, admin;
	struct concern_receipt r;
	struct concern_counts c;
	struct concerns_key *k = NULL;
	const char *refs[] = { "HA-AD-001" };
	struct learner l;
	int n = 0;

	add_staff(f, "dsl", ROLE_DSL, NULL, &dsl);
	k = open_key(f, &dsl, PASS);
	add_staff(f, "admin", ROLE_ADMIN, k, &admin);
	concerns_key_free(&k);
	add_staff(f, "tutor", ROLE_TUTOR, NULL, &tutor);
	add_staff(f, "sup", ROLE_SUPERVISOR, NULL, &sup);
	enrol(f, "HA-AD-001", &l);
	report_anon(f, PHRASE);

	/* Tutors and supervisors: refused before any passphrase is tried. */
	assert_int_equal(concerns_key_open(f->site, &tutor, PASS, &k), CORE_ERR_DENIED);
	assert_string_equal(core_detail(), "a tutor may not read concerns");
	assert_null(k);
	assert_int_equal(concerns_key_open(f->site, &sup, PASS, &k), CORE_ERR_DENIED);
	assert_int_equal(concern_list(f->site, tutor.pseudonym, 0, 0, 0, count_visit, &n),
	    CORE_ERR_DENIED);
	assert_int_equal(concern_list(f->site, sup.pseudonym, 0, 0, 0, count_visit, &n),
	    CORE_ERR_DENIED);
	assert_int_equal(n, 0);
	/* ...and see counts. */
	assert_int_equal(concern_counts(f->site, &c), CORE_OK);
	assert_int_equal(c.total, 1);
	assert_int_equal(c.by_state[CONCERN_OPEN], 1);
	assert_int_equal(c.open_by_category[CONCERN_BULLYING], 1);
	assert_true(c.oldest_open_ms > 0);

	/* Recording: tutors and DSLs; not supervisors, not administrators. */
	assert_int_equal(concern_record_by_staff(f->site, tutor.pseudonym,
	    CONCERN_SOCIAL_MEDIA, "posts about a learner", refs, 1, &r), CORE_OK);
	assert_int_equal(concern_record_by_staff(f->site, sup.pseudonym,
	    CONCERN_SOCIAL_MEDIA, "x", refs, 1, &r), CORE_ERR_DENIED);
	assert_int_equal(concern_record_by_staff(f->site, admin.pseudonym,
	    CONCERN_SOCIAL_MEDIA, "x", refs, 1, &r), CORE_ERR_DENIED);

	/* The administrator reads (issue 7) but records no action. */
	assert_true(admin.concerns_access);
	k = open_key(f, &admin, PASS);
	assert_int_equal(concern_list(f->site, admin.pseudonym, 0, 0, 0, count_visit, &n),
	    CORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(concern_action(f->site, &admin, k, 1, CONCERN_CLOSED,
	    CONCERN_REFER_NONE, "closing"), CORE_ERR_DENIED);
	/* Nor may one account use another's key. */
	assert_int_equal(concern_action(f->site, &dsl, k, 1, CONCERN_CLOSED,
	    CONCERN_REFER_NONE, "closing"), CORE_ERR_DENIED);
	concerns_key_free(&k);
	verify_ok(f);
}

static bool
ids_visit(const struct concern_info *info, void *ctx)
{
	int64_t *ids = ctx;

	ids[++ids[0]] = info->id;
	return true;
}

static void
test_dsl_reads_and_actions(void **state)
{
	struct fixture *f = *state;
	struct concerns_key *k;
	struct concern_text t;
	struct concern_counts c;
	struct staff dsl;
	int64_t a, b, ids[8];
	struct scan sc;

	add_staff(f, "dsl", ROLE_DSL, NULL, &dsl);
	a = report_anon(f, PHRASE);
	b = report_anon(f, "second\nwith two lines");
	k = open_key(f, &dsl, PASS);
	sc = scan_kind(f->site, EV_STAFF_SIGNIN, "purpose");
	assert_string_equal(sc.value, "concerns");

	assert_int_equal(concern_read(f->site, k, a, &t), CORE_OK);
	assert_true(t.has_text);
	assert_string_equal(t.text, PHRASE);
	assert_string_equal(t.talk_to, TALK);
	assert_int_equal(t.info.category, CONCERN_BULLYING);
	assert_int_equal(t.nactions, 0);
	concern_text_clear(&t);
	sc = scan_kind(f->site, EV_RECORD_VIEWED, "what");
	assert_int_equal(sc.count, 1);
	assert_string_equal(sc.value, "concern");
	assert_memory_equal(sc.actor, dsl.pseudonym, CRYPTO_ID_BYTES);
	assert_true(is_zero_id(sc.subject));

	assert_int_equal(concern_action(f->site, &dsl, k, a, CONCERN_IN_PROGRESS,
	    CONCERN_REFER_POLICE, NOTE), CORE_OK);
	assert_int_equal(concern_action(f->site, &dsl, k, a, CONCERN_CLOSED,
	    CONCERN_REFER_NONE, "resolved\nno further action"), CORE_OK);
	assert_int_equal(concern_action(f->site, &dsl, k, 99, CONCERN_CLOSED,
	    CONCERN_REFER_NONE, "x"), CORE_ERR_NOT_FOUND);
	assert_int_equal(concern_action(f->site, &dsl, k, b, CONCERN_CLOSED,
	    CONCERN_REFER_NONE, "  \n "), CORE_ERR_INVALID);
	sc = scan_kind(f->site, EV_CONCERN_ACTIONED, "referral");
	assert_int_equal(sc.count, 2);
	assert_string_equal(sc.value, "none");
	assert_true(is_zero_id(sc.subject));

	assert_int_equal(concern_read(f->site, k, a, &t), CORE_OK);
	assert_int_equal(t.info.state, CONCERN_CLOSED);
	assert_int_equal(t.info.referral, CONCERN_REFER_POLICE);
	assert_int_equal(t.info.actions, 2);
	assert_int_equal(t.nactions, 2);
	assert_string_equal(t.actions[0].note, NOTE);
	assert_string_equal(t.actions[0].staff, "dsl");
	assert_int_equal(t.actions[0].referral, CONCERN_REFER_POLICE);
	assert_int_equal(t.actions[1].state, CONCERN_CLOSED);
	assert_string_equal(t.actions[1].note, "resolved\nno further action");
	concern_text_clear(&t);

	/* The queue by status, oldest first. */
	ids[0] = 0;
	assert_int_equal(concern_list(f->site, dsl.pseudonym,
	    CONCERN_MASK(CONCERN_OPEN) | CONCERN_MASK(CONCERN_IN_PROGRESS), 0, 0,
	    ids_visit, ids), CORE_OK);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], b);
	ids[0] = 0;
	assert_int_equal(concern_list(f->site, NULL, 0, 0, 0, ids_visit, ids), CORE_OK);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], a);
	ids[0] = 0;
	assert_int_equal(concern_list(f->site, NULL, 0, a, 1, ids_visit, ids), CORE_OK);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], b);
	assert_int_equal(concern_counts(f->site, &c), CORE_OK);
	assert_int_equal(c.by_state[CONCERN_CLOSED], 1);
	assert_int_equal(c.by_state[CONCERN_OPEN], 1);
	assert_int_equal(c.open_by_category[CONCERN_BULLYING], 1);
	assert_int_equal(c.by_category[CONCERN_BULLYING], 2);
	concerns_key_free(&k);
	verify_ok(f);
}

static void
test_second_dsl_and_grants(void **state)
{
	struct fixture *f = *state;
	struct concerns_key *k1, *k2, *k = NULL;
	struct staff dsl1, dsl2, dsl3;
	struct concerns_access acc;
	struct concern_text t;
	struct scan sc;
	int64_t id;

	add_staff(f, "dsl1", ROLE_DSL, NULL, &dsl1);
	id = report_anon(f, PHRASE);
	k1 = open_key(f, &dsl1, PASS);
	add_staff(f, "dsl2", ROLE_DSL, k1, &dsl2);
	assert_true(dsl2.concerns_access);
	sc = scan_kind(f->site, EV_STAFF_ADDED, "concerns_access");
	assert_string_equal(sc.value, "given");
	k2 = open_key(f, &dsl2, PASS);
	assert_int_equal(concern_read(f->site, k2, id, &t), CORE_OK);
	assert_string_equal(t.text, PHRASE);
	concern_text_clear(&t);
	concerns_key_free(&k2);

	/* Added without an unlocker while others hold it: no access yet. */
	add_staff(f, "dsl3", ROLE_DSL, NULL, &dsl3);
	assert_false(dsl3.concerns_access);
	assert_string_equal(scan_kind(f->site, EV_STAFF_ADDED, "concerns_access").value,
	    "none");
	assert_int_equal(concerns_key_open(f->site, &dsl3, "wrong passphrase!", &k),
	    CORE_ERR_AUTH);
	assert_int_equal(concerns_key_open(f->site, &dsl3, PASS, &k), CORE_ERR_NOT_FOUND);
	assert_non_null(strstr(core_detail(), "holds no copy"));
	assert_null(k);
	/* Given one by a holder, with a new passphrase. */
	assert_int_equal(staff_passwd_keyed(f->site, "dsl3", PASS2, NULL, k1), CORE_OK);
	k = open_key(f, &dsl3, PASS2);
	concerns_key_free(&k);
	assert_int_equal(concerns_access_get(f->site, &acc), CORE_OK);
	assert_true(acc.key);
	assert_int_equal(acc.holders, 3);
	assert_false(acc.recovery);
	concerns_key_free(&k1);
	verify_ok(f);
}

static void
test_disabled_dsl(void **state)
{
	struct fixture *f = *state;
	struct concerns_key *k1, *k2, *k = NULL;
	struct staff dsl1, dsl2;
	struct concern_text t;
	struct scan sc;
	int64_t id;

	add_staff(f, "dsl1", ROLE_DSL, NULL, &dsl1);
	k1 = open_key(f, &dsl1, PASS);
	add_staff(f, "dsl2", ROLE_DSL, k1, &dsl2);
	id = report_anon(f, PHRASE);
	k2 = open_key(f, &dsl2, PASS);

	assert_int_equal(staff_disable(f->site, "dsl2", NULL), CORE_OK);
	sc = scan_kind(f->site, EV_STAFF_DISABLED, "concerns_access");
	assert_string_equal(sc.value, "removed");
	assert_int_equal(sql_int(f, "SELECT count(*) FROM concern_key_copies c, staff s"
	    " WHERE c.holder = s.pseudonym AND s.name = 'dsl2'"), 0);
	/* A key opened before cannot be used once the account is disabled. */
	assert_int_equal(concern_read(f->site, k2, id, &t), CORE_ERR_DENIED);
	concerns_key_free(&k2);
	/* Enabled again, the old passphrase opens nothing: no copy is left. */
	assert_int_equal(staff_enable(f->site, "dsl2", NULL), CORE_OK);
	assert_int_equal(staff_get(f->site, "dsl2", &dsl2), CORE_OK);
	assert_false(dsl2.concerns_access);
	assert_int_equal(concerns_key_open(f->site, &dsl2, PASS, &k), CORE_ERR_NOT_FOUND);
	assert_null(k);
	/* The others still read. */
	assert_int_equal(concern_read(f->site, k1, id, &t), CORE_OK);
	assert_string_equal(t.text, PHRASE);
	concern_text_clear(&t);
	concerns_key_free(&k1);
	verify_ok(f);
}

static void
test_passwd(void **state)
{
	struct fixture *f = *state;
	struct concerns_key *k, *k2;
	struct staff dsl, admin;
	struct concern_text t;
	int64_t old_id, new_id;
	unsigned keys;

	add_staff(f, "dsl", ROLE_DSL, NULL, &dsl);
	k = open_key(f, &dsl, PASS);
	add_staff(f, "admin", ROLE_ADMIN, k, &admin);
	old_id = report_anon(f, PHRASE);

	/* Changing one's own passphrase with one's own key: re-wrapped. */
	assert_int_equal(staff_passwd_keyed(f->site, "dsl", PASS2, dsl.pseudonym, k),
	    CORE_OK);
	concerns_key_free(&k);
	assert_string_equal(scan_kind(f->site, EV_STAFF_PASSWD, "concerns_access").value,
	    "given");
	assert_int_equal(concerns_key_open(f->site, &dsl, PASS, &k), CORE_ERR_AUTH);
	k = open_key(f, &dsl, PASS2);
	concerns_key_free(&k);

	/* Reset by an administrator without the key: the copy is taken. */
	assert_int_equal(staff_passwd(f->site, "dsl", PASS, admin.pseudonym), CORE_OK);
	assert_string_equal(scan_kind(f->site, EV_STAFF_PASSWD, "concerns_access").value,
	    "removed");
	assert_int_equal(concerns_key_open(f->site, &dsl, PASS, &k), CORE_ERR_NOT_FOUND);

	/* The administrator, now the only holder, forgets: a new key, old text lost. */
	keys = scan_kind(f->site, EV_KEY_REGISTERED, NULL).count;
	assert_int_equal(staff_passwd(f->site, "admin", PASS2, NULL), CORE_OK);
	assert_string_equal(scan_kind(f->site, EV_STAFF_PASSWD, "concerns_access").value,
	    "new key");
	/* Their new signing key, and the new concerns key. */
	assert_int_equal(scan_kind(f->site, EV_KEY_REGISTERED, NULL).count, keys + 2);
	new_id = report_anon(f, "after the new key");
	k2 = open_key(f, &admin, PASS2);
	assert_int_equal(concern_read(f->site, k2, old_id, &t), CORE_OK);
	assert_false(t.has_text);
	assert_false(t.info.readable);
	assert_null(t.text);
	concern_text_clear(&t);
	assert_int_equal(concern_read(f->site, k2, new_id, &t), CORE_OK);
	assert_true(t.has_text);
	assert_string_equal(t.text, "after the new key");
	concern_text_clear(&t);
	concerns_key_free(&k2);
	verify_ok(f);
}

static void
test_recovery(void **state)
{
	struct fixture *f = *state;
	char code[CONCERN_RECOVERY_LEN], wrong[CONCERN_RECOVERY_LEN];
	struct concerns_key *k, *rk = NULL;
	struct concerns_access acc;
	struct staff dsl, admin, dsl2;
	struct concern_text t;
	int64_t id;

	add_staff(f, "dsl", ROLE_DSL, NULL, &dsl);
	add_staff(f, "admin", ROLE_ADMIN, NULL, &admin);
	assert_false(admin.concerns_access);
	id = report_anon(f, PHRASE);
	k = open_key(f, &dsl, PASS);
	assert_int_equal(concerns_recovery_new(f->site, k, code), CORE_OK);
	concerns_key_free(&k);
	assert_int_equal(strlen(code), CONCERN_RECOVERY_LEN - 1);
	assert_string_equal(scan_kind(f->site, EV_KEY_REGISTERED, "owner_kind").value,
	    "concerns-recovery");
	assert_int_equal(concerns_access_get(f->site, &acc), CORE_OK);
	assert_true(acc.recovery);
	assert_int_equal(acc.holders, 1);

	/* The DSL leaves: the recovery code is still a copy. */
	assert_int_equal(staff_disable(f->site, "dsl", NULL), CORE_OK);
	assert_int_equal(concerns_access_get(f->site, &acc), CORE_OK);
	assert_int_equal(acc.holders, 0);
	snprintf(wrong, sizeof wrong, "%s", code);
	wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
	assert_int_equal(concerns_key_open_recovery(f->site, wrong, &rk), CORE_ERR_AUTH);
	assert_int_equal(concerns_key_open_recovery(f->site, "short", &rk), CORE_ERR_AUTH);
	/* Typed in capitals with spaces, it still opens. */
	for (size_t i = 0; code[i]; i++)
		wrong[i] = code[i] == '-' ? ' ' :
		    (code[i] >= 'a' && code[i] <= 'z') ? (char)(code[i] - 32) : code[i];
	wrong[strlen(code)] = '\0';
	assert_int_equal(concerns_key_open_recovery(f->site, wrong, &rk), CORE_OK);
	/* It gives access; it does not read. */
	assert_int_equal(concern_read(f->site, rk, id, &t), CORE_ERR_DENIED);
	add_staff(f, "dsl2", ROLE_DSL, rk, &dsl2);
	assert_true(dsl2.concerns_access);
	assert_int_equal(staff_passwd_keyed(f->site, "admin", PASS2, NULL, rk), CORE_OK);
	concerns_key_free(&rk);
	k = open_key(f, &admin, PASS2);
	assert_int_equal(concern_read(f->site, k, id, &t), CORE_OK);
	assert_string_equal(t.text, PHRASE);
	concern_text_clear(&t);
	concerns_key_free(&k);
	assert_not_in_files(f, code);
	verify_ok(f);
}

static void
test_text_rules(void **state)
{
	struct fixture *f = *state;
	/* U+202E (right-to-left override) and U+200B (zero-width space). */
	static const char tricky[] =
	    "look \xe2\x80\xae" "txet\xe2\x80\x8b ^[[2J and <b>bold</b>";
	char big[CONCERN_TEXT_MAX * 2 + 8];
	struct concerns_key *k;
	struct concern_text t;
	struct staff dsl;
	size_t i;
	int64_t id;

	add_staff(f, "dsl", ROLE_DSL, NULL, &dsl);
	/* Control characters: an escape, a carriage return, a C1 CSI. */
	assert_int_equal(concern_report(f->site, CONCERN_OTHER, "a\x1b[2Jb", NULL, NULL,
	    NULL, NULL), CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "control character"));
	assert_int_equal(concern_report(f->site, CONCERN_OTHER, "a\r\nb", NULL, NULL,
	    NULL, NULL), CORE_ERR_INVALID);
	assert_int_equal(concern_report(f->site, CONCERN_OTHER, "a\xc2\x9b" "2J", NULL,
	    NULL, NULL, NULL), CORE_ERR_INVALID);
	assert_int_equal(concern_report(f->site, CONCERN_OTHER, "bad \xff utf8", NULL,
	    NULL, NULL, NULL), CORE_ERR_INVALID);
	assert_int_equal(concern_report(f->site, CONCERN_OTHER, " \n ", NULL, NULL,
	    NULL, NULL), CORE_ERR_INVALID);
	assert_string_equal(core_detail(), "Please write something first.");
	assert_int_equal(concern_report(f->site, CONCERN_OTHER, "x", "two\nlines", NULL,
	    NULL, NULL), CORE_ERR_INVALID);
	assert_int_equal(concern_report(f->site, CONCERN_CATEGORY_COUNT, "x", NULL, NULL,
	    NULL, NULL), CORE_ERR_INVALID);
	/* 4,000 characters of two bytes each is fine; 4,001 is not. */
	for (i = 0; i < CONCERN_TEXT_MAX; i++)
		memcpy(big + 2 * i, "\xc3\xa9", 2);
	big[2 * i] = '\0';
	assert_int_equal(concern_check_text(big, CONCERN_TEXT_MAX, true, false), CORE_OK);
	memcpy(big + 2 * i, "x", 2);
	assert_int_equal(concern_check_text(big, CONCERN_TEXT_MAX, true, false),
	    CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "at most 4000"));
	assert_int_equal(sql_int(f, "SELECT count(*) FROM concerns"), 0);

	/* Bidi and zero-width characters are text: kept as typed, shown made safe. */
	id = report_anon(f, tricky);
	big[2 * i] = '\0';
	assert_int_equal(concern_report(f->site, CONCERN_OTHER, big, NULL, NULL, NULL,
	    NULL), CORE_OK);
	k = open_key(f, &dsl, PASS);
	assert_int_equal(concern_read(f->site, k, id, &t), CORE_OK);
	assert_string_equal(t.text, tricky);
	concern_text_clear(&t);
	assert_int_equal(concern_read(f->site, k, id + 1, &t), CORE_OK);
	assert_string_equal(t.text, big);
	concern_text_clear(&t);
	concerns_key_free(&k);
	verify_ok(f);
}

static void
test_staff_record(void **state)
{
	struct fixture *f = *state;
	const char *refs[] = { "HA-AD-001", "HA-AD-002" };
	const char *bad_refs[] = { "HA-AD-001", "NOBODY" };
	struct concern_receipt r;
	struct concerns_key *k;
	struct concern_text t;
	struct staff dsl, tutor;
	struct learner a, b;
	struct scan sc;

	add_staff(f, "dsl", ROLE_DSL, NULL, &dsl);
	add_staff(f, "tutor", ROLE_TUTOR, NULL, &tutor);
	enrol(f, "HA-AD-001", &a);
	enrol(f, "HA-AD-002", &b);
	assert_int_equal(concern_record_by_staff(f->site, tutor.pseudonym,
	    CONCERN_SOCIAL_MEDIA, PHRASE, bad_refs, 2, &r), CORE_ERR_NOT_FOUND);
	assert_non_null(strstr(core_detail(), "NOBODY"));
	assert_int_equal(concern_record_by_staff(f->site, tutor.pseudonym,
	    CONCERN_SOCIAL_MEDIA, PHRASE, refs, 2, &r), CORE_OK);
	sc = scan_kind(f->site, EV_CONCERN_REPORTED, "source");
	assert_string_equal(sc.value, "staff");
	assert_memory_equal(sc.actor, tutor.pseudonym, CRYPTO_ID_BYTES);
	assert_true(is_zero_id(sc.subject));
	/* Who is involved is sealed, not in clear. */
	assert_int_equal(sql_int(f, "SELECT count(*) FROM ledger l, learners p"
	    " WHERE l.kind = 25 AND instr(l.bytes, p.pseudonym) > 0"), 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM concerns WHERE learner_id IS NULL"),
	    1);

	k = open_key(f, &dsl, PASS);
	assert_int_equal(concern_read(f->site, k, r.id, &t), CORE_OK);
	assert_int_equal(t.info.source, CONCERN_FROM_STAFF);
	assert_string_equal(t.recorded_by, "tutor");
	assert_int_equal(t.ninvolved, 2);
	assert_string_equal(t.involved[0].reference, "HA-AD-001");
	assert_string_equal(t.involved[1].reference, "HA-AD-002");
	assert_string_equal(t.involved[1].family_name, "Khan");
	assert_false(t.involved[1].erased);
	concern_text_clear(&t);
	/* Erasure leaves the concern; the learner shows as erased. */
	assert_int_equal(erase_learner(f->site, "HA-AD-002", NULL, NULL), CORE_OK);
	assert_int_equal(concern_read(f->site, k, r.id, &t), CORE_OK);
	assert_true(t.involved[1].erased);
	assert_string_equal(t.involved[1].family_name, "");
	assert_string_equal(t.text, PHRASE);
	concern_text_clear(&t);
	concerns_key_free(&k);
	verify_ok(f);
}

static void
test_tamper(void **state)
{
	struct fixture *f = *state;
	struct concerns_key *k;
	struct concern_text t;
	struct staff dsl;
	uint64_t bad;
	int64_t a;

	add_staff(f, "dsl", ROLE_DSL, NULL, &dsl);
	a = report_anon(f, PHRASE);
	report_anon(f, "the other one");
	k = open_key(f, &dsl, PASS);
	assert_int_equal(concern_action(f->site, &dsl, k, a, CONCERN_IN_PROGRESS,
	    CONCERN_REFER_NONE, NOTE), CORE_OK);
	verify_ok(f);
	/* Swap the sealed texts: both still open with the key, neither is the one recorded. */
	exec_sql(f, "UPDATE concerns SET sealed = (SELECT sealed FROM concerns WHERE id = 2)"
	    " WHERE id = 1");
	assert_int_equal(concern_read(f->site, k, a, &t), CORE_ERR_VERIFY);
	assert_non_null(strstr(core_detail(), "sealed_hash"));
	assert_int_equal(concern_verify(f->site, &bad), CORE_ERR_VERIFY);
	assert_int_equal(bad, sql_int(f, "SELECT seq FROM concerns WHERE id = 1"));
	exec_sql(f, "DELETE FROM concerns WHERE id = 2");
	exec_sql(f, "UPDATE concerns SET sealed = x'00' WHERE id = 1");
	assert_int_equal(concern_verify(f->site, &bad), CORE_ERR_VERIFY);
	/* Quietly closing a concern is found too. */
	concerns_key_free(&k);
	site_close(&f->site);
	tu_rmrf(f->dir);
	assert_int_equal(setup(state), 0);
	free(f);
	f = *state;
	add_staff(f, "dsl", ROLE_DSL, NULL, &dsl);
	report_anon(f, PHRASE);
	exec_sql(f, "UPDATE concerns SET status = 'closed'");
	assert_int_equal(concern_verify(f->site, &bad), CORE_ERR_VERIFY);
	assert_non_null(strstr(core_detail(), "status"));
	exec_sql(f, "UPDATE concerns SET status = 'open'");
	verify_ok(f);
	exec_sql(f, "DELETE FROM concerns");
	assert_int_equal(concern_verify(f->site, &bad), CORE_ERR_VERIFY);
	assert_non_null(strstr(core_detail(), "has no row"));
}

struct exported {
	int n, with_text;
	char first[64];
};

static bool
export_visit(const struct concern_text *c, void *ctx)
{
	struct exported *e = ctx;

	e->n++;
	if (c->has_text) {
		e->with_text++;
		if (e->n == 1)
			snprintf(e->first, sizeof e->first, "%s", c->text);
	} else {
		assert_null(c->text);
	}
	return true;
}

static void
test_each_for_export(void **state)
{
	struct fixture *f = *state;
	struct exported e = { 0 };
	struct concerns_key *k;
	struct staff dsl;
	unsigned viewed;
	struct scan sc;

	add_staff(f, "dsl", ROLE_DSL, NULL, &dsl);
	report_anon(f, PHRASE);
	report_anon(f, "two");
	k = open_key(f, &dsl, PASS);
	assert_int_equal(concern_action(f->site, &dsl, k, 1, CONCERN_CLOSED,
	    CONCERN_REFER_DSL, NOTE), CORE_OK);
	viewed = scan_kind(f->site, EV_RECORD_VIEWED, NULL).count;
	assert_int_equal(concern_each(f->site, NULL, export_visit, &e), CORE_OK);
	assert_int_equal(e.n, 2);
	assert_int_equal(e.with_text, 0);
	memset(&e, 0, sizeof e);
	assert_int_equal(concern_each(f->site, k, export_visit, &e), CORE_OK);
	assert_int_equal(e.n, 2);
	assert_int_equal(e.with_text, 2);
	assert_string_equal(e.first, PHRASE);
	/* It records nothing itself: the exporter appends EV_EXPORT. */
	assert_int_equal(scan_kind(f->site, EV_RECORD_VIEWED, NULL).count, viewed);
	assert_int_equal(scan_kind(f->site, EV_EXPORT, NULL).count, 0);
	assert_int_equal(concern_record_export(f->site, k, "json"), CORE_OK);
	sc = scan_kind(f->site, EV_EXPORT, "text");
	assert_int_equal(sc.count, 1);
	assert_string_equal(sc.value, "yes");
	assert_memory_equal(sc.actor, dsl.pseudonym, CRYPTO_ID_BYTES);
	assert_string_equal(scan_kind(f->site, EV_EXPORT, "count").value, "2");
	assert_string_equal(scan_kind(f->site, EV_EXPORT, "what").value, "concerns");
	/* A disabled holder's key exports nothing. */
	assert_int_equal(staff_add(f->site, "admin", ROLE_ADMIN, PASS, NULL), CORE_OK);
	assert_int_equal(staff_disable(f->site, "dsl", NULL), CORE_OK);
	assert_int_equal(concern_each(f->site, k, export_visit, &e), CORE_ERR_DENIED);
	assert_int_equal(concern_record_export(f->site, k, "csv"), CORE_ERR_DENIED);
	concerns_key_free(&k);
	verify_ok(f);
}

static void
test_names(void **state)
{
	enum concern_category c;
	enum concern_state s;
	enum concern_referral r;

	(void)state;
	assert_string_equal(concern_category_name(CONCERN_EXTREMISM), "extremism");
	assert_string_equal(concern_category_words(CONCERN_BULLYING),
	    "Bullying or harassment");
	assert_true(concern_category_parse("social-media", &c));
	assert_int_equal(c, CONCERN_SOCIAL_MEDIA);
	assert_false(concern_category_parse("nope", &c));
	assert_true(concern_state_parse("in-progress", &s));
	assert_int_equal(s, CONCERN_IN_PROGRESS);
	assert_true(concern_referral_parse("partner-agency", &r));
	assert_int_equal(r, CONCERN_REFER_PARTNER);
	assert_string_equal(concern_state_name(CONCERN_STATE_COUNT), "unknown");
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_no_key_no_report),
		T(test_anonymous_report),
		T(test_named_report),
		T(test_not_in_clear),
		T(test_roles),
		T(test_dsl_reads_and_actions),
		T(test_second_dsl_and_grants),
		T(test_disabled_dsl),
		T(test_passwd),
		T(test_recovery),
		T(test_text_rules),
		T(test_staff_record),
		T(test_tamper),
		T(test_each_for_export),
		cmocka_unit_test(test_names),
	};
#undef T

	return cmocka_run_group_tests_name("concern", tests, NULL, NULL);
}
