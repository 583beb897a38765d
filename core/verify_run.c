/* SPDX-License-Identifier: ISC */
/* Recording a verification run as a ledger entry (see verify_run.h). */
#include "verify_run.h"

#include <stdio.h>
#include <string.h>

#include "event.h"
#include "role.h"

static void
hex(const uint8_t *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static enum core_status
fields(struct event *ev, enum core_status result, const struct verify_report *rep)
{
	const char *word = result == CORE_OK ? "ok" :
	    result == CORE_ERR_VERIFY ? "failed" : "error";
	char head[2 * CRYPTO_HASH_BYTES + 1], meaning[160];
	enum core_status status;

	hex(rep->head, sizeof rep->head, head);
	status = event_add_text(ev, "result", word);
	if (status == CORE_OK)
		status = event_add_int(ev, "count", (long long)rep->count);
	if (status == CORE_OK)
		status = event_add_int(ev, "last_seq", (long long)rep->last_seq);
	if (status == CORE_OK)
		status = event_add_text(ev, "head", head);
	if (status == CORE_OK && result != CORE_OK) {
		status = event_add_int(ev, "bad_seq", (long long)rep->bad_seq);
		if (status == CORE_OK)
			status = event_add_text(ev, "bad_field", rep->bad_field);
		if (status == CORE_OK)
			status = event_add_text(ev, "reason", result == CORE_ERR_VERIFY ?
			    rep->reason : core_status_message(result));
	}
	if (result == CORE_OK)
		snprintf(meaning, sizeof meaning, "The records were verified: %llu "
		    "entries hold.", (unsigned long long)rep->count);
	else if (result == CORE_ERR_VERIFY)
		snprintf(meaning, sizeof meaning, "The records were verified and FAILED "
		    "at entry %llu.", (unsigned long long)rep->bad_seq);
	else
		snprintf(meaning, sizeof meaning, "A verification of the records could "
		    "not finish: %s.", core_status_message(result));
	if (status == CORE_OK)
		status = event_set_meaning(ev, meaning);
	return status;
}

enum core_status
verify_record_run(struct site *site, const uint8_t *actor, enum core_status result,
    const struct verify_report *report, struct ledger_appended *out)
{
	struct ledger_appended done;
	enum core_status status;
	struct event ev;

	if ((status = role_authorize(site, actor, ROLE_ACT_VERIFY)) != CORE_OK)
		return status;
	event_init(&ev, EV_VERIFY_RUN);
	if (actor)
		memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
	status = fields(&ev, result, report);
	if (status == CORE_OK)
		status = ledger_append_alone(site->st, site->keys, &ev, &done);
	event_clear(&ev);
	if (status == CORE_OK && out)
		*out = done;
	return status;
}
