/* SPDX-License-Identifier: ISC */
/*
 * Core-private: the concerns key's copies (concern_keys.c), for staff.c
 * (giving and taking copies as accounts are added, changed and disabled)
 * and concern.c (sealing and reading).
 */
#ifndef CORE_CONCERN_INT_H
#define CORE_CONCERN_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto.h"
#include "event.h"
#include "role.h"
#include "site.h"
#include "staff.h"
#include "status.h"

/*
 * Giving an account a copy, worked out (with the slow Argon2id) before the
 * write transaction and applied inside it.
 */
struct concern_grant {
	bool active;		/* a dsl or admin account: record what happens */
	bool give;		/* store copy */
	bool new_key;		/* register copy's key as a new concerns key first */
	bool had_copy;		/* the account held a copy before */
	bool by_unlocker;
	uint8_t holder[CRYPTO_ID_BYTES];
	uint8_t unlocked_by[CRYPTO_ID_BYTES];
	uint8_t current[CRYPTO_ID_BYTES];	/* the current key when planned */
	bool have_current;
	unsigned others;	/* copies held by others when planned */
	struct sealed_key copy;
};

/*
 * For an account of role with pseudonym holder, about to have passphrase
 * pass: with unlocker (a key opened by a holder or the recovery code), a
 * copy of the current key; without, and when nobody else holds a copy, a
 * new key pair and its copy; else no copy (and any old one is taken).
 * CORE_ERR_DENIED if the unlocker's holder may no longer read concerns;
 * CORE_ERR_INVALID if it is not the current key.
 */
enum core_status concern_grant_plan(struct site *site, enum staff_role role,
    const uint8_t holder[CRYPTO_ID_BYTES], const char *pass,
    const struct concerns_key *unlocker, struct concern_grant *g);

/*
 * Inside the caller's write transaction, before ev (the account's own
 * event) is appended: registers a new key, replaces the account's copy,
 * and adds "concerns_access" (and "concerns_key", "unlocked_by") to ev.
 * CORE_ERR_BUSY if the keys changed since the plan.
 */
enum core_status concern_grant_apply(struct site *site, const struct concern_grant *g,
    const uint8_t *actor, struct event *ev);
void concern_grant_clear(struct concern_grant *g);

/* Inside a write transaction: delete holder's copies; note it in ev. */
enum core_status concern_keys_take(struct site *site,
    const uint8_t holder[CRYPTO_ID_BYTES], struct event *ev);

/* The key to seal to: CORE_ERR_NOT_FOUND when none has a copy. */
enum core_status concern_keys_sealing(struct site *site,
    uint8_t key_id[CRYPTO_ID_BYTES], uint8_t pk[CRYPTO_PK_BYTES]);

/* holder's copy of the current key: NOT_FOUND if none, AUTH if pass is wrong. */
enum core_status concern_keys_unwrap(struct site *site,
    const uint8_t holder[CRYPTO_ID_BYTES], const char *pass,
    struct concerns_key **out);

/*
 * The key's holder acts with it now: a staff account, enabled, not locked,
 * whose role allows action (CORE_ERR_DENIED otherwise). The holder's
 * pseudonym is copied to actor.
 */
enum core_status concern_keys_authorize(struct site *site,
    const struct concerns_key *key, enum role_action action,
    uint8_t actor[CRYPTO_ID_BYTES]);

/* staff.c: concerns_key_open's passphrase check, counted as a sign-in. */
enum core_status staff_unseal_concerns(struct site *site, const struct staff *who,
    const char *pass, struct concerns_key **out);

#endif
