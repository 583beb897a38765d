/* SPDX-License-Identifier: ISC */
/*
 * Permission for secure settings (policy 5.1 S&S): before a learner of a
 * group that needs it may start, staff record who gave permission, their
 * reference and the date.
 */
#ifndef CORE_PERMISSION_H
#define CORE_PERMISSION_H

#include <stdbool.h>

#include "learner.h"
#include "site.h"
#include "status.h"

enum permission_source {
	PERMISSION_PARENT,	/* parent or carer */
	PERMISSION_MDT,		/* Multi-Disciplinary Team */
	PERMISSION_MOJ,		/* Ministry of Justice */
};

const char *permission_source_name(enum permission_source src);
bool permission_source_parse(const char *name, enum permission_source *out);

/*
 * Record permission (EV_PERMISSION_RECORDED). reference: the giver's
 * reference (letter, order number...); date: YYYY-MM-DD, not in the future.
 */
enum core_status permission_record(struct site *site, const struct learner *l,
    enum permission_source src, const char *reference, const char *date,
    const uint8_t actor[CRYPTO_ID_BYTES]);

/* CORE_OK if recorded, CORE_ERR_NOT_FOUND if not. */
enum core_status permission_check(struct site *site, const struct learner *l);

#endif
