/* SPDX-License-Identifier: ISC */
/*
 * Bulk enrolment (see bulk.h): the plan, the batches, and one learner's
 * records from enrolment to how far they got. Walks are in bulk_walk.c,
 * names and the generator in bulk_names.c.
 *
 * How far learners get, in percent (about five ledger entries each):
 *   27 awaiting activation        2 entries
 *   31 chose a PIN, nothing yet   3
 *   13 signed some steps          4 + steps signed
 *   24 signed every step          4 + steps (one in ten declined a step)
 *    2 locked after wrong PINs    4 + lockout_after
 *    3 signed every step, left    5 + steps
 * A group that needs permission has it recorded for most of its learners
 * (one more entry); the others cannot walk, and stop at a PIN.
 */
#include "bulk_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "consent.h"
#include "event.h"
#include "keys.h"
#include "learner_int.h"
#include "learner_query.h"
#include "ledger.h"
#include "notes.h"
#include "permission.h"
#include "store_db.h"

/* SQLite's page cache while generating: the ledger's indexes are random. */
#define BULK_CACHE_KIB 1048576
/* Groups that get bulk learners: the config's first this many. */
#define BULK_GROUPS_MAX 32

enum fate { F_AWAITING, F_ACTIVE, F_PARTIAL, F_ALL, F_LOCKED, F_LEFT };

struct bulk {
	struct site *site;
	const struct bulk_plan *plan;
	struct bulk_result *res;
	struct bulk_rng rng;
	struct sealer *sealer;
	char code_hash[CRYPTO_PASSHASH_LEN];
	struct bulk_group groups[BULK_GROUPS_MAX];
	size_t ngroups;
	unsigned weights;
	char cohorts[3][16];
	char today[CONSENT_DATE_LEN];
	int64_t today_ms;
};

/* ---- the plan ---- */

static void
count_blocks(struct bulk_step *s)
{
	size_t i;

	for (i = 0; i < s->doc->nblocks; i++) {
		if (s->def->kind == STEP_CHECKLIST &&
		    s->doc->blocks[i].kind == BLOCK_BULLET)
			s->nitems++;
		if (s->def->kind == STEP_QUIZ &&
		    s->doc->blocks[i].kind == BLOCK_QUESTION)
			s->nquestions++;
	}
}

static enum core_status
count_learners(struct site *site, uint64_t *n)
{
	static const char sql[] = "SELECT count(*) FROM learners";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*n = (uint64_t)sqlite3_column_int64(stmt, 0);
	else
		status = store_fail(site->st, rc, "counting learners");
	sqlite3_reset(stmt);
	return status;
}

/* Each group's steps and documents; a group needing permission is smaller. */
static enum core_status
plan_groups(struct bulk *b)
{
	const struct config *cfg = b->site->cfg;
	enum core_status status;
	uint64_t have = 0;
	size_t i, j;

	if ((status = count_learners(b->site, &have)) != CORE_OK)
		return status;
	for (i = 0; i < cfg->ngroups && b->ngroups < BULK_GROUPS_MAX; i++) {
		struct bulk_group *g = &b->groups[b->ngroups];

		memset(g, 0, sizeof *g);
		g->def = &cfg->groups[i];
		g->weight = g->def->needs_permission ? 1 : 3;
		g->next_number = have + 1;
		for (j = 0; j < g->def->nsteps; j++) {
			struct bulk_step *s = &g->steps[g->nsteps++];

			s->def = g->def->steps[j];
			s->doc = content_pack_doc(b->site->pack, cfg, s->def->id);
			if (!s->doc)
				return core_fail(CORE_ERR_CONTENT,
				    "bulk: step %s has no document", s->def->id);
			count_blocks(s);
		}
		b->weights += g->weight;
		b->ngroups++;
	}
	if (!b->ngroups)
		return core_fail(CORE_ERR_INVALID, "bulk: the config has no groups");
	return CORE_OK;
}

/* This academic year (from September) and the two before: "2026-27". */
static void
plan_dates(struct bulk *b)
{
	time_t secs;
	struct tm tm;
	int year, i;

	b->today_ms = store_now_ms();
	consent_date_format(b->today_ms, b->today);
	(void)consent_date_parse(b->today, &b->today_ms);
	secs = (time_t)(store_now_ms() / 1000);
	gmtime_r(&secs, &tm);
	year = tm.tm_year + 1900 - (tm.tm_mon < 8);
	for (i = 0; i < 3; i++)
		snprintf(b->cohorts[i], sizeof b->cohorts[i], "%04d-%02d",
		    (year - i) % 10000, (year - i + 1) % 100);
}

static enum core_status
plan_secrets(struct bulk *b)
{
	const struct config *cfg = b->site->cfg;
	struct kdf_params kdf;
	enum core_status status;

	kdf.ops = cfg->pin_argon_ops;
	kdf.mem_kib = cfg->pin_argon_mem_kib;
	crypto_random(kdf.salt, sizeof kdf.salt);
	status = sealer_new(b->site->keys, b->plan->pin, strlen(b->plan->pin),
	    &kdf, &b->sealer);
	if (status == CORE_OK)
		status = learner_code_new(b->site, b->res->code, b->code_hash);
	return status;
}

/* ---- one learner ---- */

static struct bulk_group *
pick_group(struct bulk *b)
{
	unsigned x = bulk_rng_below(&b->rng, b->weights);
	size_t i;

	for (i = 0; i < b->ngroups - 1; i++) {
		if (x < b->groups[i].weight)
			break;
		x -= b->groups[i].weight;
	}
	return &b->groups[i];
}

static enum fate
pick_fate(struct bulk *b)
{
	static const struct { unsigned below; enum fate fate; } table[] = {
		{ 27, F_AWAITING }, { 58, F_ACTIVE }, { 71, F_PARTIAL },
		{ 95, F_ALL }, { 97, F_LOCKED }, { 100, F_LEFT },
	};
	unsigned x = bulk_rng_below(&b->rng, 100);
	size_t i;

	for (i = 0; x >= table[i].below; i++)
		;
	return table[i].fate;
}

static void
make_reference(struct bulk_group *g, char out[LEARNER_REF_MAX])
{
	char prefix[24];
	size_t i;

	for (i = 0; g->def->id[i] && i < sizeof prefix - 1; i++)
		prefix[i] = (char)toupper((unsigned char)g->def->id[i]);
	prefix[i] = '\0';
	snprintf(out, LEARNER_REF_MAX, "%s-%07llu", prefix,
	    (unsigned long long)g->next_number++);
}

static enum core_status
append(struct bulk *b, const struct learner *l, const uint8_t *actor,
    const char *meaning, struct event *ev)
{
	enum core_status status;

	status = learner_append(b->site, l->pseudonym, actor, meaning, ev);
	if (status == CORE_OK)
		b->res->events++;
	return status;
}

static enum core_status
record_permission(struct bulk *b, const struct learner *l)
{
	static const char sql[] =
	    "INSERT INTO permissions(learner_id, given_by, reference, given_date, seq)"
	    " VALUES(?1, ?2, ?3, ?4, ?5)";
	enum permission_source src = (enum permission_source)bulk_rng_below(&b->rng, 3);
	struct ledger_head head;
	enum core_status status;
	struct note_seal seal;
	sqlite3_stmt *stmt;
	struct event ev;
	char reference[32];
	int rc;

	snprintf(reference, sizeof reference, "LETTER-%06u",
	    (unsigned)bulk_rng_below(&b->rng, 1000000));
	notes_seal(reference, &seal);
	event_init(&ev, EV_PERMISSION_RECORDED);
	status = event_add_text(&ev, "given_by", permission_source_name(src));
	if (status == CORE_OK)
		status = notes_add_commitment(&ev, "reference_commitment", &seal);
	if (status == CORE_OK)
		status = event_add_text(&ev, "date", b->today);
	if (status == CORE_OK)
		status = append(b, l, b->plan->enrolled_by,
		    "Permission for this learner to use IT was recorded by staff.", &ev);
	event_clear(&ev);
	if (status == CORE_OK)
		status = ledger_head(b->site->st, &head);
	if (status == CORE_OK)
		status = notes_put(b->site, head.seq, l->id, reference, &seal);
	if (status != CORE_OK)
		return status;
	if (!(stmt = store_prepare(b->site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, l->id);
	sqlite3_bind_text(stmt, 2, permission_source_name(src), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, reference, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 4, b->today, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)head.seq);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(b->site->st, rc, "saving permission");
}

static enum core_status
update_learner(struct bulk *b, const char *sql, int64_t id, int64_t value,
    const char *what)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(b->site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, value);
	if (sqlite3_bind_parameter_count(stmt) >= 3)
		sqlite3_bind_int64(stmt, 3, store_now_ms());
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(b->site->st, rc, what);
}

/* Wrong PINs up to the lockout, as learner_auth.c records them. */
static enum core_status
lock_out(struct bulk *b, const struct learner *l)
{
	unsigned i, n = b->site->cfg->pin_lockout_after;
	enum core_status status = CORE_OK;
	struct event ev;

	for (i = 1; status == CORE_OK && i <= n; i++) {
		event_init(&ev, EV_PIN_FAILED);
		status = event_add_int(&ev, "failures", i);
		if (status == CORE_OK)
			status = append(b, l, NULL,
			    "A PIN or activation code did not match.", &ev);
		event_clear(&ev);
	}
	event_init(&ev, EV_LEARNER_LOCKED);
	if (status == CORE_OK)
		status = event_add_int(&ev, "failures", n);
	if (status == CORE_OK)
		status = append(b, l, NULL,
		    "Too many failed attempts: locked until staff unlock.", &ev);
	event_clear(&ev);
	if (status == CORE_OK)
		status = update_learner(b, "UPDATE learners SET pin_failures = ?2,"
		    " locked = 1, last_failure_ms = ?3 WHERE id = ?1", l->id, n,
		    "locking a learner");
	return status;
}

/* As erase.c's learner_mark_left, dated today. */
static enum core_status
mark_left(struct bulk *b, const struct learner *l)
{
	enum core_status status;
	struct event ev;
	char meaning[96];

	snprintf(meaning, sizeof meaning,
	    "Staff recorded that the learner left on %s.", b->today);
	event_init(&ev, EV_LEARNER_LEFT);
	status = event_add_text(&ev, "date", b->today);
	if (status == CORE_OK)
		status = append(b, l, b->plan->enrolled_by, meaning, &ev);
	event_clear(&ev);
	if (status == CORE_OK)
		status = update_learner(b, "UPDATE learners SET left_ms = ?2"
		    " WHERE id = ?1", l->id, b->today_ms, "recording a leaver");
	return status;
}

static enum core_status
sign_walk(struct bulk *b, struct bulk_group *g, const struct learner *l,
    const struct signer *signer, enum fate fate)
{
	struct bulk_walk w;
	size_t reach = g->nsteps;

	memset(&w, 0, sizeof w);
	w.group = g;
	w.learner = l;
	w.signer = signer;
	w.witness = b->plan->witness;
	w.witness_id = b->plan->witness_id;
	w.decline = SIZE_MAX;
	if (!w.witness) {	/* no one to witness: stop before such a step */
		for (reach = 0; reach < g->nsteps &&
		    !g->steps[reach].def->witnessed; reach++)
			;
	}
	if (fate == F_PARTIAL && g->nsteps > 1)
		w.nsigned = 1 + bulk_rng_below(&b->rng, (uint32_t)(g->nsteps - 1));
	else
		w.nsigned = g->nsteps;
	if (w.nsigned > reach)
		w.nsigned = reach;
	if (w.nsigned == 0)
		return CORE_OK;
	if (fate != F_PARTIAL && bulk_rng_percent(&b->rng, 10))
		w.decline = bulk_rng_below(&b->rng, (uint32_t)w.nsigned);
	b->res->declined += w.decline != SIZE_MAX;
	b->res->partial += w.nsigned < g->nsteps;
	b->res->signed_all += w.nsigned == g->nsteps;
	return bulk_walk_sign(b->site, &w, &b->rng, &b->res->events);
}

static enum core_status
activate(struct bulk *b, const struct learner *l, const struct signer **signer)
{
	struct sealed_key sealed;
	enum core_status status;

	status = sealer_seal(b->sealer, l->pseudonym, &sealed, signer);
	if (status == CORE_OK)
		status = keys_register(b->site, &sealed, "learner", l->pseudonym,
		    "The learner chose a PIN; this key signs for them from now on.");
	if (status == CORE_OK)
		b->res->events++;
	crypto_wipe(&sealed, sizeof sealed);
	return status;
}

static enum core_status
one_learner(struct bulk *b)
{
	struct bulk_group *g = pick_group(b);
	const char *cohort, *given, *family;
	char reference[LEARNER_REF_MAX];
	const struct signer *signer = NULL;	/* borrowed from the sealer */
	enum core_status status;
	enum fate fate;
	struct learner l;
	unsigned c;

	bulk_name(&b->rng, &given, &family);
	c = bulk_rng_below(&b->rng, 10);
	cohort = b->cohorts[c < 5 ? 0 : c < 8 ? 1 : 2];
	fate = pick_fate(b);
	make_reference(g, reference);
	status = learner_check_details(b->site->cfg, reference, given, family,
	    g->def->id, cohort);
	if (status == CORE_OK)
		status = learner_enrol_txn(b->site, reference, given, family,
		    g->def->id, cohort, fate == F_AWAITING ? b->code_hash : NULL,
		    b->plan->enrolled_by);
	if (status == CORE_OK)
		status = learner_get(b->site, reference, &l);
	if (status != CORE_OK)
		return status;
	b->res->events += 2;
	b->res->learners++;
	if (fate == F_AWAITING) {
		b->res->awaiting++;
		return CORE_OK;
	}
	status = activate(b, &l, fate == F_ACTIVE || fate == F_LOCKED ? NULL : &signer);
	if (status == CORE_OK && g->def->needs_permission) {
		if (bulk_rng_percent(&b->rng, 85))
			status = record_permission(b, &l);
		else {
			b->res->no_permission++;
			fate = F_ACTIVE;	/* cannot walk without it */
		}
	}
	if (status == CORE_OK && signer && fate != F_ACTIVE)
		status = sign_walk(b, g, &l, signer, fate);
	if (status == CORE_OK && fate == F_LOCKED) {
		status = lock_out(b, &l);
		b->res->locked++;
	}
	if (status == CORE_OK && fate == F_LEFT) {
		status = mark_left(b, &l);
		b->res->left++;
	}
	b->res->active += fate == F_ACTIVE;
	return status;
}

/* ---- batches ---- */

static enum core_status
exec(struct site *site, const char *sql, const char *what)
{
	int rc = sqlite3_exec(store_db(site->st), sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? CORE_OK : store_fail(site->st, rc, what);
}

static enum core_status
run_batches(struct bulk *b)
{
	const struct bulk_plan *p = b->plan;
	size_t batch = p->batch ? p->batch : BULK_BATCH_DEFAULT;
	enum core_status status = CORE_OK;
	uint64_t done = 0, i;

	while (status == CORE_OK && done < p->learners) {
		uint64_t n = p->learners - done < batch ? p->learners - done : batch;
		struct bulk_result before = *b->res;

		if ((status = store_begin(b->site->st)) != CORE_OK)
			break;
		for (i = 0; status == CORE_OK && i < n; i++)
			status = one_learner(b);
		if (status == CORE_OK)
			status = store_commit(b->site->st);
		if (status != CORE_OK) {
			store_rollback(b->site->st);
			*b->res = before;	/* count only what was committed */
			break;
		}
		/* The search index grows with the site, batch by batch. */
		if ((status = learner_query_sync(b->site)) != CORE_OK)
			break;
		done += n;
		if (p->progress)
			p->progress(done, p->learners, p->ctx);
	}
	return status;
}

enum core_status
bulk_enrol(struct site *site, const struct bulk_plan *plan,
    struct bulk_result *out)
{
	enum core_status status;
	struct bulk b;
	char sql[64];
	int cache = 0;
	sqlite3_stmt *stmt;

	memset(out, 0, sizeof *out);
	if (plan->learners == 0)
		return core_fail(CORE_ERR_INVALID, "bulk: no learners to enrol");
	if (!plan->pin)
		return core_fail(CORE_ERR_INVALID, "bulk: a PIN is needed");
	if ((status = learner_pin_policy(site->cfg, plan->pin)) != CORE_OK)
		return status;
	memset(&b, 0, sizeof b);
	b.site = site;
	b.plan = plan;
	b.res = out;
	b.rng.state = plan->seed;
	plan_dates(&b);
	if ((status = plan_groups(&b)) != CORE_OK ||
	    (status = plan_secrets(&b)) != CORE_OK) {
		sealer_free(&b.sealer);
		return status;
	}
	if (sqlite3_prepare_v2(store_db(site->st), "PRAGMA cache_size", -1,
	    &stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			cache = sqlite3_column_int(stmt, 0);
		sqlite3_finalize(stmt);
	}
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", BULK_CACHE_KIB);
	status = exec(site, sql, "enlarging the page cache");
	if (status == CORE_OK)
		status = run_batches(&b);
	if (cache) {
		snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", cache);
		(void)exec(site, sql, "restoring the page cache");
	}
	if (status == CORE_OK)
		status = exec(site, "PRAGMA wal_checkpoint(TRUNCATE)",
		    "checkpointing");
	sealer_free(&b.sealer);
	crypto_wipe(b.code_hash, sizeof b.code_hash);
	return status;
}
