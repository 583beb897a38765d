/* SPDX-License-Identifier: ISC */
/*
 * Staff accounts: a name, a role, a passphrase stored as Argon2id over a
 * pepper-keyed pre-hash, and a signing key sealed under the passphrase
 * (witnessed steps carry the staff member's signature).
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
};

/*
 * Add an account. name: 1-32 of a-z, 0-9, '.', '-', '_'. CORE_ERR_INVALID
 * (detail says which rule) for a bad name or a passphrase under 10
 * characters; CORE_ERR_EXISTS for a name in use. actor: the administrator
 * adding it, or NULL from the command line.
 */
enum core_status staff_add(struct site *site, const char *name,
    enum staff_role role, const char *pass, const uint8_t *actor);

enum core_status staff_get(struct site *site, const char *name, struct staff *out);

#endif
