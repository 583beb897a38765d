/* SPDX-License-Identifier: ISC */
/*
 * Test helper: scan a site's ledger for events of one kind, keeping how
 * many there were and the last one's ids and one text field. Header-only,
 * like testutil.h.
 */
#ifndef TESTS_UNIT_LEDGERSCAN_H
#define TESTS_UNIT_LEDGERSCAN_H

#include "tests/unit/testutil.h"

#include "core/event.h"
#include "core/ledger.h"
#include "core/site.h"

struct scan {
	uint16_t kind;
	const char *field;		/* a field to copy from the last match, or NULL */
	const char *needle;		/* bytes to look for in every entry, or NULL */
	unsigned count;
	bool needle_found;
	uint64_t seq;
	uint8_t subject[CRYPTO_ID_BYTES];
	uint8_t actor[CRYPTO_ID_BYTES];
	uint8_t key_id[CRYPTO_ID_BYTES];
	uint8_t witness_key_id[CRYPTO_ID_BYTES];
	bool has_witness_sig;
	char value[256];
	size_t value_len;
};

static inline bool
scan_visit(const struct ledger_entry *e, void *arg)
{
	struct scan *sc = arg;
	const struct event_field *f;
	struct event ev;

	if (sc->needle && memmem(e->bytes, e->len, sc->needle, strlen(sc->needle)))
		sc->needle_found = true;
	assert_int_equal(event_decode(e->bytes, e->len, &ev), CORE_OK);
	if (ev.kind == sc->kind) {
		sc->count++;
		sc->seq = e->seq;
		memcpy(sc->subject, ev.subject, CRYPTO_ID_BYTES);
		memcpy(sc->actor, ev.actor, CRYPTO_ID_BYTES);
		memcpy(sc->key_id, ev.key_id, CRYPTO_ID_BYTES);
		memcpy(sc->witness_key_id, ev.witness_key_id, CRYPTO_ID_BYTES);
		sc->has_witness_sig = e->has_witness_sig;
		sc->value[0] = '\0';
		sc->value_len = 0;
		if (sc->field && (f = event_field(&ev, sc->field)) &&
		    f->len < sizeof sc->value) {
			memcpy(sc->value, f->value, f->len);
			sc->value[f->len] = '\0';
			sc->value_len = f->len;
		}
	}
	event_clear(&ev);
	return true;
}

/* Scan the whole ledger for kind; field may be NULL. */
static inline struct scan
scan_kind(struct site *site, uint16_t kind, const char *field)
{
	struct scan sc;

	memset(&sc, 0, sizeof sc);
	sc.kind = kind;
	sc.field = field;
	assert_int_equal(ledger_each(site->st, 1, 0, scan_visit, &sc), CORE_OK);
	return sc;
}

static inline bool
is_zero_id(const uint8_t id[CRYPTO_ID_BYTES])
{
	for (size_t i = 0; i < CRYPTO_ID_BYTES; i++)
		if (id[i])
			return false;
	return true;
}

#endif
