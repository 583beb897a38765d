/* SPDX-License-Identifier: ISC */
/*
 * Concerns (policy 8.0; SPEC sections 3 and 4): a learner reports one at
 * the kiosk, named or anonymous; staff record one they observed, naming
 * the learners involved; the DSL's queue, reading a concern and recording
 * the action taken. Every step is a ledger event.
 *
 * Confidential at rest. What happened, who the learner would like to talk
 * to, the learners involved and every action's note are sealed
 * (crypto_box_seal, X25519) to the concerns public key, which needs no
 * secret: the kiosk stores a concern it cannot read back. The secret half
 * is wrapped for each DSL and administrator under a key derived from their
 * own passphrase (the peppered Argon2id of their signing key), so only a
 * DSL or administrator who types their passphrase can read concerns. In
 * clear: the category, the status, the times, the referral and, for a
 * named report only, which learner made it. The ledger event of a report
 * or action carries the hash of its sealed bytes, so verify binds the text
 * to the ledger (concern_verify), and reading checks it again.
 *
 * Who holds the key (concern_keys.c; staff.h):
 *   - The key pair is made when a DSL or administrator account is added
 *     (or given a new passphrase) and no copy of the current key exists:
 *     the first such account, or after every copy was lost.
 *   - A further DSL or administrator gets a copy when added, or given a
 *     new passphrase, with an `unlocker`: the key as opened by an existing
 *     holder (concerns_key_open) or with the recovery code. Without one the
 *     account is added without access (struct staff's concerns_access).
 *   - A new passphrase re-wraps the copy (with an unlocker, such as the
 *     account's own key opened with the old passphrase) or, without one,
 *     deletes it.
 *   - Disabling an account deletes its copy: a departed DSL's passphrase
 *     no longer opens anything.
 *   - A recovery code (concerns_recovery_new), printed once and kept in a
 *     safe, is one more copy, for when every holder is lost.
 *
 * For the screens (the concern form and the DSL queue):
 *   form:  concern_check_text on each field as it is left, then
 *          concern_report; anonymous (reference NULL) or named (reference
 *          and PIN; the PIN is counted like a sign-in; CORE_ERR_AUTH, keep
 *          what was typed and offer again or anonymous). Any other failure:
 *          the report was NOT saved; say so and to tell staff now.
 *   staff: concern_record_by_staff (role: record concerns).
 *   queue: concern_counts for anyone signed in; for a DSL or administrator,
 *          concerns_key_open (asks their passphrase again), concern_list,
 *          concern_read (a ledger event), concern_action (DSL), and
 *          concerns_key_free on leaving the queue, locking or idling.
 * Text from here is untrusted: show it through the sanitising text layer.
 */
#ifndef CORE_CONCERN_H
#define CORE_CONCERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "learner.h"
#include "ledger.h"
#include "site.h"
#include "staff.h"
#include "status.h"

/* Characters (not bytes) of what happened, and of an action's note. */
#define CONCERN_TEXT_MAX 4000
/* Characters of "who would you like to talk to" (one line). */
#define CONCERN_TALK_TO_MAX 200
/* Learners a staff record may name. */
#define CONCERN_LEARNERS_MAX 8
/* "abcde-fghjk-mnpqr-stuvw-xyz23-45678" and NUL. */
#define CONCERN_RECOVERY_LEN 36

/* id, then the words the form shows. */
#define CONCERN_CATEGORIES(X) \
	X(CONCERN_BULLYING, "bullying", "Bullying or harassment") \
	X(CONCERN_UPSETTING, "upsetting", "Something upsetting or inappropriate") \
	X(CONCERN_CONTACT, "contact", "Someone asked for personal details or to meet") \
	X(CONCERN_EXTREMISM, "extremism", "Radicalisation or extremism") \
	X(CONCERN_SOCIAL_MEDIA, "social-media", "Comments about someone on social media") \
	X(CONCERN_OTHER, "other", "Other")

enum concern_category {
#define CONCERN_CATEGORY_ENUM(name, id, words) name,
	CONCERN_CATEGORIES(CONCERN_CATEGORY_ENUM)
#undef CONCERN_CATEGORY_ENUM
	CONCERN_CATEGORY_COUNT
};

enum concern_state {
	CONCERN_OPEN,
	CONCERN_IN_PROGRESS,
	CONCERN_CLOSED,
	CONCERN_STATE_COUNT
};

enum concern_referral {
	CONCERN_REFER_NONE,
	CONCERN_REFER_DSL,
	CONCERN_REFER_POLICE,
	CONCERN_REFER_PARTNER,
	CONCERN_REFERRAL_COUNT
};

enum concern_source {
	CONCERN_FROM_ANONYMOUS,	/* a learner who gave no name */
	CONCERN_FROM_LEARNER,	/* a learner who gave their reference and PIN */
	CONCERN_FROM_STAFF,	/* recorded by staff */
	CONCERN_SOURCE_COUNT
};

/*
 * Ids ("bullying", "in-progress", "partner-agency", "anonymous");
 * "unknown" if out of range.
 */
const char *concern_category_name(enum concern_category c);
const char *concern_state_name(enum concern_state s);
const char *concern_referral_name(enum concern_referral r);
const char *concern_source_name(enum concern_source s);
/* Words: "Bullying or harassment", "In progress", "Referred to the police". */
const char *concern_category_words(enum concern_category c);
const char *concern_state_words(enum concern_state s);
const char *concern_referral_words(enum concern_referral r);
/* From ids; false if unknown. */
bool concern_category_parse(const char *id, enum concern_category *out);
bool concern_state_parse(const char *id, enum concern_state *out);
bool concern_referral_parse(const char *id, enum concern_referral *out);
bool concern_source_parse(const char *id, enum concern_source *out);

/*
 * A field's text as the form has it: valid UTF-8, 1 to max_chars
 * characters (0 allowed when optional), no control characters other than
 * newline (and none at all when !multiline). Bidi and zero-width
 * characters are kept as typed: they are text, and the display layers
 * make them visible. CORE_ERR_INVALID with plain words for the learner.
 */
enum core_status concern_check_text(const char *text, size_t max_chars,
    bool multiline, bool optional);

/* What the confirmation may show; nothing in it names the learner. */
struct concern_receipt {
	int64_t id;		/* the concern's number in the queue */
	uint64_t seq;		/* its ledger entry */
	char receipt[LEDGER_RECEIPT_LEN];
};

/*
 * A learner's report at the kiosk, durably committed before CORE_OK.
 * text: what happened (multi-line, 1..CONCERN_TEXT_MAX characters);
 * talk_to: who they would like to talk to (NULL or "" for no one in
 * particular; one line).
 *
 * Anonymous (reference NULL; pin ignored): no column, field, signature or
 * ledger entry links it to any learner; the kiosk signs it alone.
 * Named (reference and pin): the PIN opens the learner's key (failures
 * counted and lockout as at sign-in; CORE_ERR_AUTH for every failure);
 * the learner is the event's subject and signs it.
 *
 * Ledger: EV_CONCERN_REPORTED with fields "category", "source",
 * "concerns_key" (the key id it is sealed to) and "sealed_hash"
 * (BLAKE2b-256 of the sealed bytes). CORE_ERR_NOT_FOUND, before any PIN
 * is tried, when no DSL or administrator can read concerns yet (no
 * concerns key with a copy): the report is not saved.
 */
enum core_status concern_report(struct site *site, enum concern_category category,
    const char *text, const char *talk_to, const char *reference, const char *pin,
    struct concern_receipt *out);

/*
 * Staff record a concern they observed (for example comments about a
 * learner on a social network), naming the learners involved by reference
 * (0..CONCERN_LEARNERS_MAX; CORE_ERR_NOT_FOUND naming an unknown one).
 * Their pseudonyms are sealed with the text, not kept in clear. actor:
 * the staff member (role: record concerns) or NULL for the command line.
 * EV_CONCERN_REPORTED as above, source "staff", actor the staff member.
 */
enum core_status concern_record_by_staff(struct site *site, const uint8_t *actor,
    enum concern_category category, const char *text,
    const char *const *references, size_t nreferences,
    struct concern_receipt *out);

/* Counts anyone signed in may see; no text. */
struct concern_counts {
	unsigned long total;
	unsigned long by_state[CONCERN_STATE_COUNT];
	unsigned long by_category[CONCERN_CATEGORY_COUNT];	/* every state */
	unsigned long open_by_category[CONCERN_CATEGORY_COUNT];	/* not closed */
	int64_t oldest_open_ms;	/* the oldest not closed; 0 if none */
};
enum core_status concern_counts(struct site *site, struct concern_counts *out);

/* One concern's metadata, as the queue lists it. */
struct concern_info {
	int64_t id;
	uint64_t seq;		/* the report's ledger entry */
	int64_t time_ms;	/* reported */
	int64_t updated_ms;	/* the last action, else time_ms */
	enum concern_category category;
	enum concern_state state;
	enum concern_source source;
	enum concern_referral referral;	/* the latest referral made, if any */
	unsigned actions;
	bool readable;		/* sealed to the current concerns key */
	char receipt[LEDGER_RECEIPT_LEN];
};

/* A state filter for concern_list: CONCERN_MASK(CONCERN_OPEN) | ...; 0 = all. */
#define CONCERN_MASK(state) (1u << (state))

/*
 * Concerns whose state is in mask, oldest first (the queue's order of
 * age), with id > after (0 from the start), at most limit (0: no limit).
 * fn returns false to stop; info is borrowed for the call. actor: a role
 * that may read concerns (CORE_ERR_DENIED), or NULL for the command line.
 * Writes nothing.
 */
typedef bool (*concern_visit_fn)(const struct concern_info *info, void *ctx);
enum core_status concern_list(struct site *site, const uint8_t *actor,
    unsigned mask, int64_t after, size_t limit, concern_visit_fn fn, void *ctx);

/* ---- the key ---- */

/*
 * Open the concerns key with a signed-in DSL's or administrator's
 * passphrase. Another role: CORE_ERR_DENIED before anything is tried.
 * Counted as a sign-in (failure count committed first, lockout,
 * EV_STAFF_SIGNIN with purpose "concerns"); CORE_ERR_AUTH as at sign-in.
 * CORE_ERR_NOT_FOUND (after a right passphrase) when the account holds no
 * copy: an existing holder must give it one (staff.h's *_keyed). Free the
 * handle with concerns_key_free as soon as the queue is left.
 */
enum core_status concerns_key_open(struct site *site, const struct staff *who,
    const char *pass, struct concerns_key **out);

/*
 * Open it with the recovery code (spaces, dashes and case ignored), to
 * give a DSL or administrator a copy when no holder is left. The handle
 * can give copies and make a new recovery code; it cannot read concerns.
 * CORE_ERR_NOT_FOUND if there is no recovery code, CORE_ERR_AUTH if wrong.
 */
enum core_status concerns_key_open_recovery(struct site *site, const char *code,
    struct concerns_key **out);

/*
 * A new recovery code for the current key, replacing any earlier one,
 * returned once in code (show it once; it is stored only as a wrapped
 * copy). key: opened by a holder whose role may read concerns.
 * EV_KEY_REGISTERED (owner_kind "concerns-recovery"; actor the holder).
 */
enum core_status concerns_recovery_new(struct site *site,
    const struct concerns_key *key, char code[CONCERN_RECOVERY_LEN]);

/* Who can open concerns now: for the staff screens' warnings. */
struct concerns_access {
	bool key;		/* a concerns key exists */
	unsigned holders;	/* enabled staff accounts with a copy */
	bool recovery;		/* a recovery code exists */
	uint8_t key_id[CRYPTO_ID_BYTES];
};
enum core_status concerns_access_get(struct site *site, struct concerns_access *out);

/* ---- reading and acting ---- */

/* A learner named by a concern. */
struct concern_person {
	char reference[LEARNER_REF_MAX];	/* "" once erased or unknown */
	char given_name[LEARNER_NAME_MAX];
	char family_name[LEARNER_NAME_MAX];
	bool erased;		/* personal details erased since */
};

struct concern_action_info {
	uint64_t seq;
	int64_t time_ms;
	enum concern_state state;
	enum concern_referral referral;
	char staff[STAFF_NAME_MAX];	/* who recorded it */
	char *note;			/* owned (locked memory); NULL if not readable */
};

/* A concern opened with the key. Text fields live in locked memory. */
struct concern_text {
	struct concern_info info;
	bool has_text;		/* false: sealed to an earlier key nobody holds */
	char *text;		/* owned; NULL unless has_text */
	char *talk_to;		/* owned; "" when none */
	struct concern_person reporter;	/* source CONCERN_FROM_LEARNER */
	char recorded_by[STAFF_NAME_MAX];	/* source CONCERN_FROM_STAFF */
	struct concern_person involved[CONCERN_LEARNERS_MAX];
	size_t ninvolved;
	struct concern_action_info *actions;	/* owned, oldest first */
	size_t nactions;
};

/*
 * Read concern id with the key. The key's holder acts: their account must
 * still be enabled, not locked, and may read concerns (CORE_ERR_DENIED;
 * a recovery handle cannot read). EV_RECORD_VIEWED (actor the holder,
 * field "what" = "concern", "concern" = the report's seq) is committed
 * before *out is filled. The sealed bytes are checked against the hash in
 * the ledger (CORE_ERR_VERIFY if they differ). CORE_ERR_NOT_FOUND for an
 * unknown id. Clear *out with concern_text_clear.
 */
enum core_status concern_read(struct site *site, const struct concerns_key *key,
    int64_t id, struct concern_text *out);
void concern_text_clear(struct concern_text *t);

/*
 * The DSL records the course of action: who is the signed-in DSL, key
 * their opened key (the same account: CORE_ERR_DENIED otherwise; role:
 * action concerns). note: 1..CONCERN_TEXT_MAX characters, sealed like the
 * report. state may stay the same (a progress note) or change (reopening
 * allowed). EV_CONCERN_ACTIONED, fields "concern" (the report's seq),
 * "status", "referral", "concerns_key", "sealed_hash"; no subject.
 */
enum core_status concern_action(struct site *site, const struct staff *who,
    const struct concerns_key *key, int64_t id, enum concern_state state,
    enum concern_referral referral, const char *note);

/*
 * Every concern, oldest first, for export: metadata always; with key
 * (whose holder must still be allowed to read concerns, as for
 * concern_read) also the text, people and actions. The record is borrowed
 * for the call. Writes nothing to the ledger: the exporter records
 * EV_EXPORT. Memory stays at one concern at a time.
 */
typedef bool (*concern_each_fn)(const struct concern_text *c, void *ctx);
enum core_status concern_each(struct site *site, const struct concerns_key *key,
    concern_each_fn fn, void *ctx);

/*
 * Before an export of concerns is written: EV_EXPORT (fields "what" =
 * "concerns", "format", "count" (concerns now), "text" = "yes" with a key
 * else "no"; actor the key's holder, or NULL's zeros for the command line
 * without a key), committed. With a key, its holder must still be allowed
 * to read concerns (CORE_ERR_DENIED).
 */
enum core_status concern_record_export(struct site *site,
    const struct concerns_key *key, const char *format);

/*
 * For verify: every concern and action row against its ledger entry (the
 * kind, the key id, the hash of the sealed bytes, category, status and
 * referral) and every concern's status against its latest action.
 * CORE_ERR_VERIFY with detail "concerns: seq N: <field>: ..." naming the
 * first bad one; *bad_seq (may be NULL) its seq.
 */
enum core_status concern_verify(struct site *site, uint64_t *bad_seq);

#endif
