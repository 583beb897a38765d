/* SPDX-License-Identifier: ISC */
/*
 * Multimedia consent over its life (policy 5.2 and Appendix 2): what a
 * learner said per channel, when it runs out, and withdrawing it.
 *
 * A channel is Yes only when the learner's latest consent entry said yes,
 * it has not been withdrawn since, and it has not expired. The state comes
 * from the signed entries; the derived `consents` table only says which
 * entry is the latest and which withdrawal applies.
 *
 * Expiry is on calendar dates in UTC (the ledger's clock): a consent given
 * at instant T for N years is valid up to, not including, the same UTC time
 * of day N years later. Given on 29 February, it ends on 28 February of a
 * year that has none: a consent never outlasts the years the learner was
 * told, so it ends a day early rather than a day late. The years are the
 * fewer of the config's [consent] validity_years and the valid_years the
 * learner signed: raising the config never extends a consent already given.
 */
#ifndef CORE_CONSENT_H
#define CORE_CONSENT_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "crypto.h"
#include "learner.h"
#include "ledger.h"
#include "site.h"
#include "status.h"

/* "YYYY-MM-DD" plus NUL. */
#define CONSENT_DATE_LEN 11
#define CONSENT_REASON_MAX 192
#define CONSENT_NOTE_MAX 500

enum consent_state {
	CONSENT_YES,
	CONSENT_NEVER,		/* no choice recorded for this channel */
	CONSENT_SAID_NO,	/* the latest choice was No */
	CONSENT_WITHDRAWN,	/* Yes, then withdrawn */
	CONSENT_EXPIRED,	/* Yes, but older than its years */
};

/* Where a withdrawal came from. */
enum consent_source {
	CONSENT_BY_KIOSK,	/* the learner at the kiosk, signed with their PIN */
	CONSENT_BY_WRITING,	/* received in writing, recorded by staff */
};

/* "kiosk", "writing". */
const char *consent_source_name(enum consent_source src);

/* "May we use this learner's image on this channel today?" */
struct consent_answer {
	char channel[CONFIG_ID_MAX];
	char label[CONFIG_TITLE_MAX];	/* the config's label, else the id */
	bool required_yes;		/* the config says it needs Yes (Portfolio) */
	bool yes;
	enum consent_state state;
	uint64_t seq;			/* the latest choice's entry; 0 if never */
	int64_t given_ms;		/* when it was signed; 0 if never */
	unsigned valid_years;		/* the years that apply to it */
	int64_t expires_ms;		/* first instant it no longer holds */
	uint64_t withdrawn_seq;		/* 0 if not withdrawn */
	int64_t withdrawn_ms;		/* when the withdrawal was recorded */
	char given_date[CONSENT_DATE_LEN];	/* "" when never */
	char expires_date[CONSENT_DATE_LEN];	/* "" unless it was a Yes */
	char withdrawn_date[CONSENT_DATE_LEN];	/* the date on the withdrawal */
	/* Plain words: "Yes: given on 2026-09-01, valid until 2033-09-01". */
	char reason[CONSENT_REASON_MAX];
};

/* ---- dates: UTC calendar dates, as the ledger's clock ---- */

/* given_ms plus whole calendar years; 29 February becomes 28 February. */
int64_t consent_expiry_ms(int64_t given_ms, unsigned years);

/* The UTC date of an instant, "YYYY-MM-DD". */
void consent_date_format(int64_t ms, char out[CONSENT_DATE_LEN]);

/*
 * A real date "YYYY-MM-DD" to its first instant (00:00 UTC).
 * CORE_ERR_INVALID, detail "date: ...", for anything else.
 */
enum core_status consent_date_parse(const char *date, int64_t *ms);

/* ---- asking ---- */

/*
 * The answer for one channel at now_ms. CORE_ERR_INVALID for a channel
 * that is neither in the config nor ever answered by this learner.
 */
enum core_status consent_lookup(struct site *site, const struct learner *l,
    const char *channel, int64_t now_ms, struct consent_answer *out);

/*
 * Every channel of the learner at now_ms: the config's channels in their
 * order, then any the learner answered that the config no longer lists.
 * fn returns false to stop early; the answer is borrowed for the call.
 */
typedef bool (*consent_visit_fn)(const struct consent_answer *a, void *ctx);
enum core_status consent_each(struct site *site, const struct learner *l,
    int64_t now_ms, consent_visit_fn fn, void *ctx);

/*
 * Whether every channel the config marks required (Portfolio evidence) is
 * Yes at now_ms, so that, for instance, portfolio evidence may be used.
 * When not, *ok is false and missing (may be NULL) holds the first such
 * channel's answer, saying why.
 */
enum core_status consent_required_ok(struct site *site, const struct learner *l,
    int64_t now_ms, bool *ok, struct consent_answer *missing);

/* ---- withdrawing ---- */

/*
 * Append EV_CONSENT_WITHDRAWN (fields "channels": comma list, "source",
 * "date", and "note_commitment" when there is a note) and mark the derived
 * consents withdrawn, in one write transaction; nothing in the ledger is
 * overwritten. channel NULL withdraws every channel. It is recorded even
 * for a channel that is not Yes now: what the learner asked is kept.
 *
 * date: the day the withdrawal was made ("YYYY-MM-DD"), not in the future.
 * note: NULL or up to CONSENT_NOTE_MAX bytes of clean text; it is kept in
 * entry_notes, outside the signed bytes, so erasure can delete it.
 * At the kiosk (CONSENT_BY_KIOSK) signer is the learner's unsealed key and
 * the learner is the actor; in writing, actor is the staff member (NULL
 * from the command line), whose role must allow it (CORE_ERR_DENIED), and
 * signer is NULL: the kiosk signs.
 * out (may be NULL) receives the entry's seq and receipt after the commit.
 */
enum core_status consent_withdraw(struct site *site, const struct learner *l,
    const char *channel, enum consent_source src, const char *date,
    const char *note, const uint8_t *actor, const struct signer *signer,
    struct ledger_appended *out);

/*
 * The kiosk's one step: open the learner's key with the PIN (failures
 * counted as at sign-in), then withdraw as the learner, dated today.
 */
enum core_status consent_withdraw_pin(struct site *site, const struct learner *l,
    const char *channel, const char *pin, struct ledger_appended *out);

#endif
