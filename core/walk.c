/* SPDX-License-Identifier: ISC */
/*
 * A learner's walk: which of their group's steps are outstanding, what they
 * did on each, and signing it all in one transaction. The in-memory walk is
 * the only place an unfinished walk exists; freeing it abandons it. Staff
 * may start it for a learner and witness its witnessed steps (their
 * signature sits beside the learner's on that step's entry).
 */
#include "walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "permission.h"
#include "role.h"
#include "rules.h"
#include "step_record.h"
#include "store_db.h"

struct walk {
	struct learner learner;
	const struct config *cfg;
	struct walk_step *steps;
	size_t nsteps;
	char *meaning;
	char *assisted_meaning;	/* walk_meaning_assisted's, made on demand */
	/* borrowed from the caller; see walk_set_witness */
	const struct signer *witness;
	uint8_t witness_id[CRYPTO_ID_BYTES];
	/* staff who started it for the learner, if any */
	uint8_t started_by[CRYPTO_ID_BYTES];
	bool by_staff;
};

static enum core_status
read_prior(struct site *site, int64_t learner_id, const char *step,
    struct rules_prior *out)
{
	static const char sql[] =
	    "SELECT outcome, doc_hash, time_ms FROM signoffs"
	    " WHERE learner_id = ?1 AND step = ?2";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, learner_id);
	sqlite3_bind_text(stmt, 2, step, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->found = true;
		out->declined = strcmp((const char *)sqlite3_column_text(stmt, 0), "declined") == 0;
		if (sqlite3_column_bytes(stmt, 1) == CRYPTO_HASH_BYTES)
			memcpy(out->hash, sqlite3_column_blob(stmt, 1), CRYPTO_HASH_BYTES);
		out->time_ms = sqlite3_column_int64(stmt, 2);
	} else if (rc != SQLITE_DONE) {
		status = store_fail(site->st, rc, "reading sign-offs");
	}
	sqlite3_reset(stmt);
	return status;
}

static enum core_status
fill_step(const struct config *cfg, struct walk_step *s)
{
	const struct document *doc = s->doc;
	struct walk_question *q = NULL;
	size_t i;

	memset(s->consent, -1, sizeof s->consent);
	(void)cfg;
	for (i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];

		if (s->def->kind == STEP_CHECKLIST && b->kind == BLOCK_BULLET)
			s->nitems++;
		if (s->def->kind == STEP_QUIZ && b->kind == BLOCK_QUESTION)
			s->nquestions++;
	}
	if (s->nitems && (!(s->items = calloc(s->nitems, sizeof *s->items)) ||
	    !(s->ticked = calloc(s->nitems, sizeof *s->ticked))))
		return core_fail(CORE_ERR_NOMEM, "starting a walk");
	if (s->nquestions && !(s->questions = calloc(s->nquestions, sizeof *s->questions)))
		return core_fail(CORE_ERR_NOMEM, "starting a walk");
	s->nitems = s->nquestions = 0;
	for (i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];

		if (s->def->kind == STEP_CHECKLIST && b->kind == BLOCK_BULLET) {
			s->items[s->nitems++] = b->text;
		} else if (s->def->kind == STEP_QUIZ && b->kind == BLOCK_QUESTION) {
			q = &s->questions[s->nquestions++];
			q->text = b->text;
			q->chosen = -1;
		} else if (q && (b->kind == BLOCK_RIGHT || b->kind == BLOCK_WRONG) &&
		    q->nchoices < 3) {
			if (b->kind == BLOCK_RIGHT)
				q->right = q->nchoices;
			q->choices[q->nchoices++] = b->text;
		}
	}
	return CORE_OK;
}

static void
free_steps(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->nsteps; i++) {
		free(w->steps[i].items);
		free(w->steps[i].ticked);
		free(w->steps[i].questions);
	}
	free(w->steps);
	w->steps = NULL;
	w->nsteps = 0;
}

static enum core_status
make_meaning(struct walk *w)
{
	char *m;

	if (!(m = strdup(step_record_signing_words)))
		return core_fail(CORE_ERR_NOMEM, "starting a walk");
	w->meaning = m;
	return CORE_OK;
}

enum core_status
walk_begin(struct site *site, const struct learner *l, struct walk **out)
{
	const struct group_def *group;
	enum core_status status = CORE_OK;
	int64_t now = store_now_ms();
	struct rules_prior p;
	struct walk *w;
	size_t i;

	*out = NULL;
	if (!(group = config_group(site->cfg, l->group)))
		return core_fail(CORE_ERR_CONFIG, "the learner's group \"%s\" is not in %s",
		    l->group, site->cfg->path);
	if (group->needs_permission) {
		status = permission_check(site, l);
		if (status == CORE_ERR_NOT_FOUND)
			return core_fail(CORE_ERR_PERMISSION, "no permission recorded");
		if (status != CORE_OK)
			return status;
	}
	if (!(w = calloc(1, sizeof *w)) ||
	    !(w->steps = calloc(group->nsteps, sizeof *w->steps))) {
		free(w);
		return core_fail(CORE_ERR_NOMEM, "starting a walk");
	}
	w->learner = *l;
	w->cfg = site->cfg;
	for (i = 0; i < group->nsteps && status == CORE_OK; i++) {
		const struct step_def *def = group->steps[i];
		const struct document *doc = content_pack_doc(site->pack, site->cfg, def->id);
		struct walk_step *s;

		if (!doc) {
			status = core_fail(CORE_ERR_CONTENT, "no document for step %s", def->id);
			break;
		}
		if ((status = read_prior(site, l->id, def->id, &p)) != CORE_OK)
			break;
		/* The status rules, in one place (rules.h). */
		if (rules_still_current(site->cfg, def, doc, &p, now))
			continue;
		s = &w->steps[w->nsteps++];
		s->def = def;
		s->doc = doc;
		status = fill_step(site->cfg, s);
	}
	if (status == CORE_OK && w->nsteps == 0)
		status = core_fail(CORE_ERR_DONE, "nothing outstanding");
	if (status == CORE_OK)
		status = make_meaning(w);
	if (status != CORE_OK) {
		walk_free(&w);
		return status;
	}
	*out = w;
	return CORE_OK;
}

static enum core_status
begin_for_staff(struct site *site, const struct learner *l,
    const struct staff *staff, bool need_pin, struct walk **out)
{
	enum core_status status;

	*out = NULL;
	if ((status = role_authorize(site, staff->pseudonym,
	    ROLE_ACT_START_INDUCTION)) != CORE_OK)
		return status;
	if (l->locked)
		return core_fail(CORE_ERR_LOCKED, "the learner is locked: unlock them first");
	if (need_pin && !l->has_key)
		return core_fail(CORE_ERR_INVALID, "the learner has not chosen a PIN yet: "
		    "they start with their reference and activation code");
	if ((status = walk_begin(site, l, out)) != CORE_OK)
		return status;
	memcpy((*out)->started_by, staff->pseudonym, CRYPTO_ID_BYTES);
	(*out)->by_staff = true;
	return CORE_OK;
}

enum core_status
walk_begin_for_staff(struct site *site, const struct learner *l,
    const struct staff *staff, struct walk **out)
{
	return begin_for_staff(site, l, staff, true, out);
}

enum core_status
walk_begin_assisted(struct site *site, const struct learner *l,
    const struct staff *staff, struct walk **out)
{
	return begin_for_staff(site, l, staff, false, out);
}

void
walk_set_witness(struct walk *w, const struct signer *staff_signer,
    const uint8_t staff_pseudonym[CRYPTO_ID_BYTES])
{
	w->witness = staff_pseudonym ? staff_signer : NULL;
	if (w->witness)
		memcpy(w->witness_id, staff_pseudonym, CRYPTO_ID_BYTES);
	else
		memset(w->witness_id, 0, sizeof w->witness_id);
}

bool
walk_has_witness(const struct walk *w)
{
	return w->witness != NULL;
}

void
walk_free(struct walk **wp)
{
	struct walk *w = *wp;

	if (!w)
		return;
	free_steps(w);
	free(w->meaning);
	free(w->assisted_meaning);
	memset(w, 0, sizeof *w);
	free(w);
	*wp = NULL;
}

size_t
walk_nsteps(const struct walk *w)
{
	return w->nsteps;
}

struct walk_step *
walk_step(struct walk *w, size_t i)
{
	return i < w->nsteps ? &w->steps[i] : NULL;
}

const struct learner *
walk_learner(const struct walk *w)
{
	return &w->learner;
}

static bool
step_ready(const struct walk *w, const struct walk_step *s, const char **why)
{
	size_t i;

	switch (s->def->kind) {
	case STEP_DOCUMENT:
	case STEP_NOTICE:
	case STEP_COMMITMENT:
		if (s->def->require_end && !s->end_reached) {
			*why = "Please read to the end first.";
			return false;
		}
		return true;
	case STEP_CHECKLIST:
		for (i = 0; i < s->nitems; i++) {
			if (!s->ticked[i]) {
				*why = "Please tick every item.";
				return false;
			}
		}
		return true;
	case STEP_QUIZ:
		for (i = 0; i < s->nquestions; i++) {
			if (s->questions[i].chosen != (int)s->questions[i].right) {
				*why = "Please answer every question.";
				return false;
			}
		}
		return true;
	case STEP_CONSENT:
		for (i = 0; i < w->cfg->nchannels; i++) {
			if (s->consent[i] < 0) {
				*why = "Please choose Yes or No for every place.";
				return false;
			}
			if (w->cfg->channels[i].required_yes && s->consent[i] != 1) {
				*why = "Portfolio evidence needs Yes to complete your "
				    "portfolio. If you do not want this, choose "
				    "\"I do not agree\" and staff will talk to you.";
				return false;
			}
		}
		return true;
	}
	return false;
}

bool
walk_step_ready(const struct walk *w, const struct walk_step *s, const char **why)
{
	const char *ignored;

	why = why ? why : &ignored;
	*why = NULL;
	if (!step_ready(w, s, why))
		return false;
	if (s->def->witnessed && !w->witness) {
		*why = "A member of staff needs to confirm this step.";
		return false;
	}
	return true;
}

bool
walk_answer(struct walk_step *s, size_t question, size_t choice)
{
	struct walk_question *q;

	if (question >= s->nquestions)
		return false;
	q = &s->questions[question];
	if (choice >= q->nchoices)
		return false;
	q->attempts++;
	q->chosen = (int)choice;
	return choice == q->right;
}

bool
walk_complete(const struct walk *w)
{
	size_t i;

	for (i = 0; i < w->nsteps; i++)
		if (w->steps[i].state == WALK_PENDING)
			return false;
	return true;
}

const char *
walk_meaning(const struct walk *w)
{
	return w->meaning;
}

/* ---- assisted signing: names and words ---- */

static const struct {
	const char *name, *did;
} assists[] = {
#define WALK_ASSIST_ROW(name, id, did) {id, did},
	WALK_ASSIST_REASONS(WALK_ASSIST_ROW)
#undef WALK_ASSIST_ROW
};

const char *
walk_assist_name(enum assist_reason reason)
{
	return (unsigned)reason < ASSIST_COUNT ? assists[reason].name : NULL;
}

bool
walk_assist_parse(const char *name, enum assist_reason *out)
{
	for (unsigned i = 0; name && i < ASSIST_COUNT; i++) {
		if (strcmp(name, assists[i].name) == 0) {
			*out = (enum assist_reason)i;
			return true;
		}
	}
	return false;
}

const char *
walk_meaning_assisted(struct walk *w, enum assist_reason reason)
{
	static const char fmt[] = "You agreed to what is listed here with help "
	    "from a member of staff. They %s you. They confirm this with their "
	    "passphrase, so you do not need your PIN. Your choices are saved "
	    "with the exact words you were shown. Anything you did not agree to "
	    "is saved too, so staff can talk to you about it.";
	size_t cap;

	if ((unsigned)reason >= ASSIST_COUNT)
		return NULL;
	free(w->assisted_meaning);
	cap = sizeof fmt + strlen(assists[reason].did);
	if ((w->assisted_meaning = malloc(cap)))
		snprintf(w->assisted_meaning, cap, fmt, assists[reason].did);
	return w->assisted_meaning;
}

/* ---- signing ---- */

static enum core_status
step_fields(const struct walk *w, const struct walk_step *s, struct event *ev)
{
	enum core_status status;
	char key[64];
	size_t i;

	status = event_add_text(ev, "step_kind", step_kind_name(s->def->kind));
	if (status == CORE_OK)
		status = event_add_text(ev, "title", s->def->title);
	if (status == CORE_OK)
		status = event_add_int(ev, "ms_on_page", (long long)s->ms_on_page);
	if (status == CORE_OK)
		status = event_add_int(ev, "end_reached", s->end_reached);
	if (s->state == WALK_DECLINED)
		return status;
	for (i = 0; status == CORE_OK && i < s->nitems; i++) {
		snprintf(key, sizeof key, "ticked.%zu", i + 1);
		status = event_add_int(ev, key, s->ticked[i]);
	}
	for (i = 0; status == CORE_OK && i < s->nquestions; i++) {
		snprintf(key, sizeof key, "attempts.%zu", i + 1);
		status = event_add_int(ev, key, s->questions[i].attempts);
	}
	if (s->def->kind == STEP_CONSENT) {
		for (i = 0; status == CORE_OK && i < w->cfg->nchannels; i++) {
			snprintf(key, sizeof key, "consent.%s", w->cfg->channels[i].id);
			status = event_add_text(ev, key, s->consent[i] == 1 ? "yes" : "no");
		}
		if (status == CORE_OK)
			status = event_add_int(ev, "valid_years", w->cfg->consent_years);
	}
	return status;
}

/* Who signs: the learner with their PIN, or a member of staff helping. */
struct signing {
	const struct signer *learner;	/* NULL when assisted */
	const struct signer *staff;	/* assisted: the helping staff member */
	const uint8_t *staff_id;
	enum assist_reason reason;
};

/* Assisted: the fields every event carries. */
static enum core_status
assist_fields(const struct signing *sg, struct event *ev)
{
	enum core_status status;

	if (!sg->staff)
		return CORE_OK;
	status = event_add_text(ev, "assisted", "yes");
	if (status == CORE_OK)
		status = event_add_text(ev, "assist_reason",
		    assists[sg->reason].name);
	return status;
}

static enum core_status
append_step(struct site *site, const struct walk *w, const struct walk_step *s,
    const struct signing *sg, struct event *summary)
{
	bool witnessed = s->def->witnessed && s->state == WALK_DONE;
	const struct signer *witness = witnessed ? w->witness : NULL;
	const uint8_t *actor = witnessed ? w->witness_id : w->learner.pseudonym;
	struct ledger_appended done;
	enum core_status status;
	struct event ev;
	char meaning[768];

	if (sg->staff) {	/* the helping staff member vouches for every step */
		witness = sg->staff;
		actor = sg->staff_id;
	}
	step_record_meaning(w->cfg, s->def, s->state == WALK_DECLINED, meaning,
	    sizeof meaning);
	if (sg->staff)
		snprintf(meaning + strlen(meaning), sizeof meaning - strlen(meaning),
		    " Signed with help from a member of staff, who %s the learner.",
		    assists[sg->reason].did);
	event_init(&ev, step_record_kind(s->def->kind,
	    s->state == WALK_DECLINED));
	memcpy(ev.subject, w->learner.pseudonym, CRYPTO_ID_BYTES);
	/* A witnessed step names the staff member; the learner signs as subject. */
	memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
	status = event_add_doc(&ev, s->def->id, s->doc->hash);
	if (status == CORE_OK)
		status = step_fields(w, s, &ev);
	if (status == CORE_OK)
		status = assist_fields(sg, &ev);
	if (status == CORE_OK)
		status = event_set_meaning(&ev, meaning);
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, &ev, sg->learner,
		    witness, &done);
	if (status == CORE_OK)
		status = step_record_signoff(site, w->learner.id, s->def,
		    s->doc->hash, s->state == WALK_DECLINED, done.seq);
	if (status == CORE_OK && s->def->kind == STEP_CONSENT && s->state == WALK_DONE)
		status = step_record_consents(site, w->learner.id, s->consent,
		    done.seq);
	if (status == CORE_OK)
		status = event_add_doc(summary, s->def->id, s->doc->hash);
	if (status == CORE_OK)
		status = event_add_int(summary, s->state == WALK_DECLINED ?
		    "declined_seq" : "signed_seq", (long long)done.seq);
	event_clear(&ev);
	return status;
}

/*
 * A key must still be its owner's current one: a signer opened
 * before a new passphrase holds a retired key, and an entry signed with it
 * would not verify. CORE_ERR_NOT_FOUND when it is not.
 */
static enum core_status
key_current(struct site *site, const struct signer *signer,
    const uint8_t owner[CRYPTO_ID_BYTES])
{
	static const char sql[] =
	    "SELECT 1 FROM keys WHERE key_id = ?1 AND owner = ?2"
	    " AND retired_seq IS NULL";
	enum core_status status = CORE_OK;
	uint8_t key_id[CRYPTO_ID_BYTES];
	sqlite3_stmt *stmt;
	int rc;

	signer_key_id(signer, key_id);
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_blob(stmt, 1, key_id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 2, owner, CRYPTO_ID_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return CORE_OK;
	if (rc != SQLITE_DONE)
		return store_fail(site->st, rc, "checking a staff key");
	return CORE_ERR_NOT_FOUND;
}

/* The witness's key, likewise; if not current it is cleared, to ask again. */
static enum core_status
witness_current(struct walk *w, struct site *site)
{
	enum core_status status;

	if (!w->witness)
		return CORE_OK;
	status = key_current(site, w->witness, w->witness_id);
	if (status != CORE_ERR_NOT_FOUND)
		return status;
	walk_set_witness(w, NULL, NULL);
	return core_fail(CORE_ERR_INVALID,
	    "A member of staff needs to confirm this step again.");
}

/* The helping staff member's key (assisted signing), likewise. */
static enum core_status
helper_current(struct site *site, const struct signing *sg)
{
	enum core_status status = key_current(site, sg->staff, sg->staff_id);

	if (status == CORE_ERR_NOT_FOUND)
		return core_fail(CORE_ERR_INVALID, "That passphrase is no longer "
		    "current. Please type it again.");
	return status;
}

/*
 * The learner's key, likewise: staff at another kiosk may have reset the
 * PIN (retiring this key) between the unsealing and the write lock.
 */
static enum core_status
learner_current(struct site *site, const struct walk *w,
    const struct signing *sg)
{
	enum core_status status;

	if (!sg->learner)
		return CORE_OK;
	status = key_current(site, sg->learner, w->learner.pseudonym);
	if (status == CORE_ERR_NOT_FOUND)
		return core_fail(CORE_ERR_INVALID, "Your PIN was changed just now. "
		    "Nothing was signed. Please ask a member of staff.");
	return status;
}

/*
 * Every finished step and the summary in one transaction, then the
 * commit. The keys are checked again under the write lock.
 */
static enum core_status
sign_all(struct walk *w, struct site *site, const struct signing *sg,
    const char *meaning, char receipt[LEDGER_RECEIPT_LEN])
{
	struct ledger_appended done;
	enum core_status status;
	struct event summary;
	size_t i;

	event_init(&summary, EV_WALK_SIGNED);
	memcpy(summary.subject, w->learner.pseudonym, CRYPTO_ID_BYTES);
	memcpy(summary.actor, sg->staff ? sg->staff_id : w->learner.pseudonym,
	    CRYPTO_ID_BYTES);
	status = store_begin(site->st);
	if (status == CORE_OK && sg->staff)	/* again, under the write lock */
		status = role_authorize(site, sg->staff_id, ROLE_ACT_WITNESS);
	if (status == CORE_OK)
		status = sg->staff ? helper_current(site, sg) :
		    witness_current(w, site);
	if (status == CORE_OK)
		status = learner_current(site, w, sg);
	for (i = 0; status == CORE_OK && i < w->nsteps; i++)
		if (w->steps[i].state != WALK_PENDING)
			status = append_step(site, w, &w->steps[i], sg, &summary);
	if (status == CORE_OK && w->by_staff)
		status = event_add_field(&summary, "started_by", w->started_by,
		    CRYPTO_ID_BYTES);
	if (status == CORE_OK)
		status = assist_fields(sg, &summary);
	if (status == CORE_OK)
		status = event_set_meaning(&summary, meaning);
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, &summary, sg->learner,
		    sg->staff, &done);
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	event_clear(&summary);
	if (status == CORE_OK)
		memcpy(receipt, done.receipt, LEDGER_RECEIPT_LEN);
	return status;
}

static size_t
finished_steps(const struct walk *w)
{
	size_t i, n = 0;

	for (i = 0; i < w->nsteps; i++)
		n += w->steps[i].state != WALK_PENDING;
	return n;
}

enum core_status
walk_sign(struct walk *w, struct site *site, const char *pin,
    char receipt[LEDGER_RECEIPT_LEN])
{
	struct signing sg = {NULL, NULL, NULL, ASSIST_READ_ALOUD};
	struct signer *signer = NULL;
	enum core_status status;
	size_t i;

	for (i = 0; i < w->nsteps; i++)
		if (w->steps[i].state == WALK_DONE && w->steps[i].def->witnessed &&
		    !w->witness)
			return core_fail(CORE_ERR_INVALID,
			    "A member of staff needs to confirm this step.");
	if (!finished_steps(w))
		return core_fail(CORE_ERR_INVALID, "nothing to sign yet");
	if ((status = witness_current(w, site)) != CORE_OK ||
	    (status = learner_unseal(site, &w->learner, pin, &signer)) != CORE_OK)
		return status;
	sg.learner = signer;
	status = sign_all(w, site, &sg, w->meaning, receipt);
	signer_free(&signer);
	return status;
}

enum core_status
walk_sign_assisted(struct walk *w, struct site *site,
    const struct signer *staff_signer,
    const uint8_t staff_pseudonym[CRYPTO_ID_BYTES], enum assist_reason reason,
    char receipt[LEDGER_RECEIPT_LEN])
{
	struct signing sg = {NULL, staff_signer, staff_pseudonym, reason};
	enum core_status status;
	const char *meaning;

	if (!staff_signer || !staff_pseudonym || (unsigned)reason >= ASSIST_COUNT)
		return core_fail(CORE_ERR_INVALID, "assisted signing needs a member "
		    "of staff and a reason");
	if (!finished_steps(w))
		return core_fail(CORE_ERR_INVALID, "nothing to sign yet");
	if ((status = role_authorize(site, staff_pseudonym, ROLE_ACT_WITNESS)) !=
	    CORE_OK || (status = helper_current(site, &sg)) != CORE_OK)
		return status;
	if (!(meaning = walk_meaning_assisted(w, reason)))
		return core_fail(CORE_ERR_NOMEM, "signing");
	return sign_all(w, site, &sg, meaning, receipt);
}
