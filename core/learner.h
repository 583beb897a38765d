/* SPDX-License-Identifier: ISC */
/*
 * Learners: enrolment, activation (first PIN), sign-in with a PIN, lookup.
 *
 * Personal details (names) live outside the signed bytes; events carry the
 * learner's random 16-byte pseudonym and a salted commitment to the details.
 * Unknown reference, wrong code, wrong PIN and locked all return
 * CORE_ERR_AUTH so the kiosk shows them the same way (use
 * learner_auth_delay_ms for the same delay); the real cause goes to the
 * ledger, not the screen.
 */
#ifndef CORE_LEARNER_H
#define CORE_LEARNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "site.h"
#include "status.h"

#define LEARNER_REF_MAX 64
#define LEARNER_NAME_MAX 128
/* "ABCD-EFGH" plus NUL; alphabet without 0/O, 1/I/L. */
#define LEARNER_CODE_LEN 10
#define LEARNER_PIN_MAX 10

struct learner {
	int64_t id;
	uint8_t pseudonym[CRYPTO_ID_BYTES];
	char reference[LEARNER_REF_MAX];
	char given_name[LEARNER_NAME_MAX];
	char family_name[LEARNER_NAME_MAX];
	char group[CONFIG_ID_MAX];
	char cohort[CONFIG_ID_MAX];
	int64_t enrolled_ms;
	unsigned pin_failures;
	bool locked;
	bool has_key;
	bool awaiting_activation;
	bool erased;
};

/*
 * Enrol; writes EV_LEARNER_ENROLLED and EV_ACTIVATION_ISSUED. actor is the
 * enrolling staff member's pseudonym, or NULL for the command line. The
 * one-time activation code is returned in code and stored only as a hash.
 * CORE_ERR_INVALID (detail names the field) for a bad reference, name or
 * group; CORE_ERR_EXISTS for a reference already in use.
 */
enum core_status learner_add(struct site *site, const char *reference,
    const char *given_name, const char *family_name, const char *group,
    const char *cohort, const uint8_t *actor, char code[LEARNER_CODE_LEN]);

/* By reference; CORE_ERR_NOT_FOUND if unknown. */
enum core_status learner_get(struct site *site, const char *reference,
    struct learner *out);

/*
 * Check a proposed PIN against the policy: length digits, not trivial
 * (all the same, a straight run up or down, a repeated pair...).
 * CORE_ERR_INVALID with plain words in the detail.
 */
enum core_status learner_pin_policy(const struct config *cfg, const char *pin);

/*
 * First use: reference + activation code + the new PIN (already policy
 * checked and entered twice). Creates the learner's key sealed under the
 * PIN, registers it (EV_KEY_REGISTERED) and spends the code.
 */
enum core_status learner_activate(struct site *site, const char *reference,
    const char *code, const char *pin, struct learner *out);

/*
 * Returning: reference + PIN. The failure count is incremented and committed
 * before the PIN is tried; success resets it; reaching [pin] lockout_after
 * locks until staff unlock (EV_PIN_FAILED per failure, EV_LEARNER_LOCKED).
 * Unknown reference, wrong PIN, no key yet and locked each cost one Argon2id
 * and two commits and return CORE_ERR_AUTH. CORE_ERR_CLOCK, for every
 * reference and before any PIN is tried, when the clock is earlier than the
 * last record: the detail is a message for staff, naming the record's time.
 */
enum core_status learner_sign_in(struct site *site, const char *reference,
    const char *pin, struct learner *out);

/*
 * Open the learner's current signing key with the PIN, with the same
 * failure counting as sign-in. The caller frees the signer.
 */
enum core_status learner_unseal(struct site *site, const struct learner *l,
    const char *pin, struct signer **out);

/*
 * Staff unlock a learner: the failure count goes to zero and the lock is
 * lifted (EV_LEARNER_UNLOCKED; actor NULL for the command line, else the
 * role must allow it). CORE_ERR_NOT_FOUND for an unknown reference,
 * CORE_ERR_DONE when there is nothing to unlock.
 */
enum core_status learner_unlock(struct site *site, const char *reference,
    const uint8_t *actor);

/* How long the kiosk waits before saying "those details did not match". */
unsigned learner_auth_delay_ms(unsigned failures);

/* Page through learners ordered by reference, after `after` (NULL = start). */
typedef bool (*learner_visit_fn)(const struct learner *l, void *ctx);
enum core_status learner_each(struct site *site, const char *after,
    size_t limit, learner_visit_fn fn, void *ctx);

#endif
