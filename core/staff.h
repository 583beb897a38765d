/* SPDX-License-Identifier: ISC */
/*
 * Staff accounts: a name, a role, a passphrase stored as Argon2id over a
 * pepper-keyed pre-hash, and a signing key sealed under the passphrase
 * (witnessed steps carry the staff member's signature); sign-in with
 * failure counting and lockout, and account management. What each role
 * may do is in role.h.
 */
#ifndef CORE_STAFF_H
#define CORE_STAFF_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto.h"
#include "site.h"
#include "status.h"

#define STAFF_NAME_MAX 64
#define STAFF_PASS_MIN 10
#define STAFF_PASS_MAX 256

enum staff_role {
	ROLE_TUTOR,
	ROLE_DSL,
	ROLE_SUPERVISOR,
	ROLE_ADMIN,
};

/* "tutor", "dsl", "supervisor", "admin"; parse returns false if unknown. */
const char *staff_role_name(enum staff_role role);
bool staff_role_parse(const char *name, enum staff_role *out);

struct staff {
	int64_t id;
	uint8_t pseudonym[CRYPTO_ID_BYTES];
	char name[STAFF_NAME_MAX];
	enum staff_role role;
	bool disabled;
	bool locked;
	unsigned failures;
	bool concerns_access;	/* holds a copy of the concerns key (concern.h) */
};

/*
 * Who acts. Every function here that changes or reveals records takes an
 * actor: the signed-in staff member's pseudonym, recorded as the ledger
 * event's actor, or NULL for the command line, recorded as zeros (whoever
 * can run the command can read the database and key file anyway, so the
 * command line is trusted as a whole). With an actor, the account must
 * still exist, be enabled and not locked, and its role must allow the
 * action (role.h), or CORE_ERR_DENIED.
 */

/*
 * Add an account (administrators). name: 1-32 of a-z, 0-9, '.', '-', '_'.
 * The passphrase: 10 to 256 characters of valid UTF-8, no control
 * characters. CORE_ERR_INVALID (detail says which rule) for a bad name or
 * passphrase; CORE_ERR_EXISTS for a name in use. Writes EV_STAFF_ADDED and
 * registers the account's signing key (EV_KEY_REGISTERED).
 */
enum core_status staff_add(struct site *site, const char *name,
    enum staff_role role, const char *pass, const uint8_t *actor);

/*
 * staff_add, and for a dsl or admin account a copy of the concerns key
 * (concern.h) wrapped under pass: from unlocker, the key as opened by an
 * existing holder (concerns_key_open) or the recovery code; or, when no
 * one else holds a copy (the first DSL or administrator), a new concerns
 * key pair, registered in the ledger. With no unlocker while others hold
 * copies, the account is added without one (concerns_access false).
 * EV_STAFF_ADDED then carries "concerns_access": "new key", "given" or
 * "none" (and "concerns_key", "unlocked_by"). staff_add is this with
 * unlocker NULL. CORE_ERR_DENIED if the unlocker's holder may no longer
 * read concerns; CORE_ERR_BUSY if the holders changed meanwhile.
 */
enum core_status staff_add_keyed(struct site *site, const char *name,
    enum staff_role role, const char *pass, const uint8_t *actor,
    const struct concerns_key *unlocker);

/* By staff id, or by pseudonym (to name the actor of a ledger entry). CORE_ERR_NOT_FOUND. */
enum core_status staff_get(struct site *site, const char *name, struct staff *out);
enum core_status staff_get_by_pseudonym(struct site *site,
    const uint8_t pseudonym[CRYPTO_ID_BYTES], struct staff *out);

/* Every account ordered by name; fn returns false to stop. No secrets. */
typedef bool (*staff_visit_fn)(const struct staff *s, void *ctx);
enum core_status staff_list(struct site *site, staff_visit_fn fn, void *ctx);

/*
 * Sign in (F12 on the welcome). The failure count is incremented and
 * committed before the passphrase is tried, so cutting the power mid-try
 * still counts it; success resets it; reaching [staff] lockout_after locks
 * the account until an administrator enables it (staff_enable) or sets a
 * new passphrase (staff_passwd). Ledger: EV_STAFF_SIGNIN on success,
 * EV_STAFF_SIGNIN_FAILED on every failure (field "reason": "unknown staff
 * id" with no subject, or "wrong passphrase", "disabled", "locked", or "may
 * not witness"), and EV_STAFF_LOCKED when the limit is reached. The typed
 * id is never recorded (it may be a mistyped passphrase).
 *
 * Unknown id, wrong passphrase, disabled and locked all return
 * CORE_ERR_AUTH after the same Argon2id work, so the screen shows them the
 * same way; wait staff_auth_delay_ms() before saying so.
 *
 * witness: NULL to enter staff mode. Not NULL to confirm a witnessed step
 * at the learner's side: the account's signing key is unsealed with the
 * passphrase and returned (the caller frees it with signer_free), and a
 * role that may not witness gets CORE_ERR_DENIED.
 */
enum core_status staff_sign_in(struct site *site, const char *name,
    const char *pass, struct staff *out, struct signer **witness);

/*
 * The signed-in staff member confirms a witnessed step with their
 * passphrase: counted like a sign-in (a wrong passphrase here also counts
 * towards the lockout), the role must allow witnessing, and the unsealed
 * signing key is returned in *out (caller frees). CORE_ERR_AUTH, as above.
 */
enum core_status staff_unseal(struct site *site, const struct staff *who,
    const char *pass, struct signer **out);

/*
 * How long the sign-in screen waits before saying "those details did not
 * match", for the number of failed attempts in a row at this screen
 * (count them on screen: the account's own count is not revealed). 0 for
 * none, then 1 s doubling to at most 30 s.
 */
unsigned staff_auth_delay_ms(unsigned failures);

/*
 * Administrators. disable: the account can no longer sign in or witness
 * (EV_STAFF_DISABLED, field "disabled" = "yes"); the last enabled
 * administrator cannot be disabled (CORE_ERR_INVALID). Its copy of the
 * concerns key is deleted ("concerns_access" = "removed",
 * "concerns_copies_left"): warn first when concerns_access_get says it is
 * the last one, since no one could then read the concerns sealed so far.
 * enable: enables and unlocks, clearing the failure count
 * (EV_STAFF_ENABLED); a re-enabled DSL has no copy until given one.
 */
enum core_status staff_disable(struct site *site, const char *name,
    const uint8_t *actor);
enum core_status staff_enable(struct site *site, const char *name,
    const uint8_t *actor);

/*
 * A new passphrase (an administrator for anyone, or a staff member for
 * their own account; the screen asks for the current passphrase first).
 * Also unlocks. A new signing key is made and registered under the new
 * passphrase and the old key retired at that registration's seq, so steps
 * witnessed before still verify. EV_STAFF_PASSWD, EV_KEY_REGISTERED.
 *
 * A DSL's or administrator's copy of the concerns key cannot follow a new
 * passphrase by itself: staff_passwd deletes it ("concerns_access" =
 * "removed"), or, if it was the only copy, replaces the concerns key with
 * a new one for this account ("new key": concerns sealed before can no
 * longer be read by anyone; warn first). staff_passwd_keyed re-wraps it
 * from unlocker (the account's own key opened with the current passphrase,
 * another holder's, or the recovery code): "given". Also how an account
 * added without a copy is given one.
 */
enum core_status staff_passwd(struct site *site, const char *name,
    const char *pass, const uint8_t *actor);
enum core_status staff_passwd_keyed(struct site *site, const char *name,
    const char *pass, const uint8_t *actor, const struct concerns_key *unlocker);

#endif
