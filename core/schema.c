/* SPDX-License-Identifier: ISC */
/*
 * The database schema, for the whole product (SPEC sections 4-8).
 *
 * The ledger is the record; it is append-only (triggers refuse UPDATE and
 * DELETE). The other tables are either personal data kept outside the signed
 * bytes (erasable), operational state (failure counters, activation codes),
 * or indexes derived from the ledger in the same transaction, so that status
 * queries need not replay it.
 */
#include "schema.h"

static const char v1[] =
	"CREATE TABLE meta("
	"  key TEXT PRIMARY KEY,"
	"  value BLOB NOT NULL) STRICT;"

	"CREATE TABLE ledger("
	"  seq INTEGER PRIMARY KEY,"
	"  time_ms INTEGER NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  subject BLOB,"
	"  actor BLOB,"
	"  bytes BLOB NOT NULL,"
	"  learner_sig BLOB,"
	"  witness_sig BLOB,"
	"  kiosk_sig BLOB NOT NULL,"
	"  hash BLOB NOT NULL UNIQUE,"
	"  receipt TEXT) STRICT;"
	"CREATE INDEX ledger_subject ON ledger(subject, seq);"
	"CREATE INDEX ledger_actor ON ledger(actor, seq);"
	"CREATE INDEX ledger_receipt ON ledger(receipt);"
	"CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger"
	"  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
	"CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger"
	"  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"

	/* Every version of every document, by the hash of its canonical text. */
	"CREATE TABLE documents("
	"  hash BLOB PRIMARY KEY,"
	"  step TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  text BLOB NOT NULL,"
	"  first_seen_ms INTEGER NOT NULL) STRICT;"

	"CREATE TABLE learners("
	"  id INTEGER PRIMARY KEY,"
	"  pseudonym BLOB NOT NULL UNIQUE,"
	"  reference TEXT UNIQUE,"		/* NULL once erased */
	"  grp TEXT NOT NULL,"
	"  cohort TEXT NOT NULL DEFAULT '',"
	"  enrolled_ms INTEGER NOT NULL,"
	"  left_ms INTEGER,"
	"  erased_ms INTEGER,"
	"  activation_hash TEXT,"		/* NULL once spent */
	"  pin_failures INTEGER NOT NULL DEFAULT 0,"
	"  locked INTEGER NOT NULL DEFAULT 0,"
	"  last_failure_ms INTEGER) STRICT;"
	"CREATE INDEX learners_group ON learners(grp, cohort);"

	/* Personal data: outside the signed bytes, deleted on erasure. */
	"CREATE TABLE learner_personal("
	"  learner_id INTEGER PRIMARY KEY REFERENCES learners(id),"
	"  given_name TEXT NOT NULL,"
	"  family_name TEXT NOT NULL,"
	"  commit_salt BLOB NOT NULL) STRICT;"

	"CREATE TABLE staff("
	"  id INTEGER PRIMARY KEY,"
	"  pseudonym BLOB NOT NULL UNIQUE,"
	"  name TEXT NOT NULL UNIQUE,"
	"  role TEXT NOT NULL CHECK (role IN ('tutor','dsl','supervisor','admin')),"
	"  passhash TEXT NOT NULL,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  failures INTEGER NOT NULL DEFAULT 0,"
	"  locked INTEGER NOT NULL DEFAULT 0,"
	"  created_ms INTEGER NOT NULL) STRICT;"

	/* Signing keys of learners and staff, sealed under PIN or passphrase. */
	"CREATE TABLE keys("
	"  key_id BLOB PRIMARY KEY,"
	"  owner BLOB NOT NULL,"
	"  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('learner','staff')),"
	"  pk BLOB NOT NULL,"
	"  nonce BLOB NOT NULL,"
	"  box BLOB NOT NULL,"
	"  kdf_ops INTEGER NOT NULL,"
	"  kdf_mem_kib INTEGER NOT NULL,"
	"  kdf_salt BLOB NOT NULL,"
	"  registered_seq INTEGER NOT NULL,"
	"  retired_seq INTEGER) STRICT;"
	"CREATE INDEX keys_owner ON keys(owner);"

	/* Derived from the ledger: the latest outcome per learner and step. */
	"CREATE TABLE signoffs("
	"  learner_id INTEGER NOT NULL REFERENCES learners(id),"
	"  step TEXT NOT NULL,"
	"  doc_hash BLOB,"
	"  outcome TEXT NOT NULL CHECK (outcome IN ('signed','declined')),"
	"  seq INTEGER NOT NULL,"
	"  time_ms INTEGER NOT NULL,"
	"  PRIMARY KEY (learner_id, step)) STRICT;"

	/* Derived: the current consent per learner and channel. */
	"CREATE TABLE consents("
	"  learner_id INTEGER NOT NULL REFERENCES learners(id),"
	"  channel TEXT NOT NULL,"
	"  value INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  time_ms INTEGER NOT NULL,"
	"  withdrawn_seq INTEGER,"
	"  PRIMARY KEY (learner_id, channel)) STRICT;"

	/* Derived: permission for secure settings. */
	"CREATE TABLE permissions("
	"  learner_id INTEGER PRIMARY KEY REFERENCES learners(id),"
	"  given_by TEXT NOT NULL,"
	"  reference TEXT NOT NULL,"
	"  given_date TEXT NOT NULL,"
	"  seq INTEGER NOT NULL) STRICT;"

	/* Concerns: text sealed to the concerns key; only metadata in clear. */
	"CREATE TABLE concerns("
	"  id INTEGER PRIMARY KEY,"
	"  seq INTEGER NOT NULL,"
	"  time_ms INTEGER NOT NULL,"
	"  category TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'open',"
	"  sealed BLOB NOT NULL,"
	"  learner_id INTEGER REFERENCES learners(id),"
	"  updated_ms INTEGER) STRICT;";

/*
 * v2 (consent lifecycle and erasure, issue 6): free text attached to a
 * ledger entry, such as the note on a consent withdrawal received in
 * writing, lives here and not in the signed bytes, which carry only a
 * salted commitment to it, so erasure can delete it. And an index for
 * finding learners who have left (retention, `signoff purge`).
 */
static const char v2[] =
	"CREATE TABLE entry_notes("
	"  seq INTEGER PRIMARY KEY,"		/* the ledger entry it belongs to */
	"  learner_id INTEGER NOT NULL REFERENCES learners(id),"
	"  note TEXT NOT NULL,"
	"  salt BLOB NOT NULL) STRICT;"
	"CREATE INDEX entry_notes_learner ON entry_notes(learner_id);"
	"CREATE INDEX learners_left ON learners(left_ms)"
	"  WHERE left_ms IS NOT NULL AND erased_ms IS NULL;";

/*
 * v3 (staff mode's learner list, issue 4): a trigram search index over the
 * names and reference, fast on a million learners. SQLite will not let a
 * trigger touch an FTS5 table while trusted_schema is off, so triggers
 * only queue the ids of learners whose names or reference changed, and
 * learner_query.c brings the index up to date from the queue (erasure
 * calls learner_query_forget). Learners enrolled before v3 are queued here.
 * And indexes that give the list each filter in reference order, so a page
 * never sorts: by group, by group and cohort, by cohort, and the locked,
 * awaiting-activation and left learners.
 */
static const char v3[] =
	"CREATE VIRTUAL TABLE learner_fts USING fts5("
	"  given_name, family_name, reference, tokenize = 'trigram');"
	"CREATE TABLE learner_fts_dirty("
	"  learner_id INTEGER PRIMARY KEY) STRICT;"
	"CREATE TRIGGER learner_fts_personal_insert AFTER INSERT ON learner_personal"
	"  BEGIN INSERT OR IGNORE INTO learner_fts_dirty VALUES(new.learner_id); END;"
	"CREATE TRIGGER learner_fts_personal_update AFTER UPDATE ON learner_personal"
	"  BEGIN INSERT OR IGNORE INTO learner_fts_dirty VALUES(old.learner_id);"
	"  INSERT OR IGNORE INTO learner_fts_dirty VALUES(new.learner_id); END;"
	"CREATE TRIGGER learner_fts_personal_delete AFTER DELETE ON learner_personal"
	"  BEGIN INSERT OR IGNORE INTO learner_fts_dirty VALUES(old.learner_id); END;"
	"CREATE TRIGGER learner_fts_reference AFTER UPDATE OF reference, erased_ms"
	"  ON learners"
	"  BEGIN INSERT OR IGNORE INTO learner_fts_dirty VALUES(new.id); END;"
	"CREATE TRIGGER learner_fts_learner_delete AFTER DELETE ON learners"
	"  BEGIN INSERT OR IGNORE INTO learner_fts_dirty VALUES(old.id); END;"
	"INSERT INTO learner_fts_dirty SELECT id FROM learners;"
	"CREATE INDEX learners_grp_ref ON learners(grp, reference);"
	"CREATE INDEX learners_grp_cohort_ref ON learners(grp, cohort, reference);"
	"CREATE INDEX learners_cohort_ref ON learners(cohort, reference);"
	"CREATE INDEX learners_locked_ref ON learners(reference) WHERE locked = 1;"
	"CREATE INDEX learners_awaiting_ref ON learners(reference)"
	"  WHERE activation_hash IS NOT NULL;"
	"CREATE INDEX learners_left_ref ON learners(reference)"
	"  WHERE left_ms IS NOT NULL AND erased_ms IS NULL;";

/*
 * v4 (concerns, issue 7): the concerns key pairs (the newest is current)
 * and the copies of a key's secret half wrapped for each DSL and
 * administrator (and a recovery code); which key a concern is sealed to
 * and where it came from; and the actions taken, whose notes are sealed
 * like the concern. Only category, status, times and referral are clear.
 */
static const char v4[] =
	"CREATE TABLE concern_keys("
	"  key_id BLOB PRIMARY KEY,"
	"  pk BLOB NOT NULL,"
	"  registered_seq INTEGER NOT NULL,"	/* its EV_KEY_REGISTERED */
	"  created_ms INTEGER NOT NULL) STRICT;"
	"CREATE TABLE concern_key_copies("
	"  key_id BLOB NOT NULL REFERENCES concern_keys(key_id),"
	"  holder BLOB NOT NULL,"		/* staff pseudonym or recovery id */
	"  holder_kind TEXT NOT NULL CHECK (holder_kind IN ('staff','recovery')),"
	"  nonce BLOB NOT NULL,"
	"  box BLOB NOT NULL,"
	"  kdf_ops INTEGER NOT NULL,"
	"  kdf_mem_kib INTEGER NOT NULL,"
	"  kdf_salt BLOB NOT NULL,"
	"  given_ms INTEGER NOT NULL,"
	"  PRIMARY KEY (key_id, holder)) STRICT;"
	"CREATE INDEX concern_key_copies_holder ON concern_key_copies(holder);"
	"ALTER TABLE concerns ADD COLUMN key_id BLOB;"
	"ALTER TABLE concerns ADD COLUMN source TEXT NOT NULL DEFAULT 'anonymous';"
	"CREATE INDEX concerns_status ON concerns(status, id);"
	"CREATE INDEX concerns_counts ON concerns(status, category);"
	"CREATE TABLE concern_actions("
	"  seq INTEGER PRIMARY KEY,"		/* its EV_CONCERN_ACTIONED */
	"  concern_id INTEGER NOT NULL REFERENCES concerns(id),"
	"  time_ms INTEGER NOT NULL,"
	"  status TEXT NOT NULL,"
	"  referral TEXT NOT NULL,"
	"  key_id BLOB NOT NULL,"
	"  sealed BLOB NOT NULL) STRICT;"
	"CREATE INDEX concern_actions_concern ON concern_actions(concern_id, seq);";

/*
 * v5 (supervisor audit, issue 5): the dashboard and the learners export
 * walk every learner's sign-offs in learner order; a covering index lets
 * that be one index scan, without a table lookup per row (at a million
 * learners it halves the pass). And small indexes for the sparse counts,
 * so their lists read only what matches: declined sign-offs, Yes consents
 * by when they were given (for those running out soon), concerns not yet
 * closed by learner.
 */
static const char v5[] =
	"CREATE INDEX signoffs_state ON signoffs(learner_id, step, outcome,"
	"  time_ms, doc_hash);"
	"CREATE INDEX signoffs_declined ON signoffs(learner_id)"
	"  WHERE outcome = 'declined';"
	"CREATE INDEX consents_yes_time ON consents(time_ms, learner_id)"
	"  WHERE value = 1 AND withdrawn_seq IS NULL;"
	"CREATE INDEX concerns_open_learner ON concerns(learner_id)"
	"  WHERE status <> 'closed';";

const char *const schema_migrations[] = { v1, v2, v3, v4, v5 };
const size_t schema_nmigrations = sizeof schema_migrations / sizeof schema_migrations[0];
