/* SPDX-License-Identifier: ISC */
/*
 * Seeds for fuzz_event: canonical bytes of a few events of different
 * shapes (no docs, several docs, many fields, empty and long values, a
 * meaning and none), written one per file into the folder given.
 *
 *   seed_event DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"

static void
save(const char *dir, int n, const struct event *ev)
{
	char path[4096];
	uint8_t *bytes = NULL;
	size_t len = 0;
	FILE *f;

	if (event_encode(ev, &bytes, &len) != CORE_OK)
		abort();
	snprintf(path, sizeof path, "%s/event-%02d.bin", dir, n);
	if (!(f = fopen(path, "wb")) || fwrite(bytes, 1, len, f) != len ||
	    fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	free(bytes);
}

int
main(int argc, char **argv)
{
	static const uint16_t kinds[] = {
		EV_KIOSK_INIT, EV_LEARNER_ENROLLED, EV_DOC_ACCEPTED,
		EV_CONSENT_GIVEN, EV_WALK_SIGNED, EV_STAFF_SIGNIN,
	};
	uint8_t hash[CRYPTO_HASH_BYTES];
	struct event ev;
	size_t i, j;

	if (argc != 2) {
		fputs("usage: seed_event DIR\n", stderr);
		return 2;
	}
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		event_init(&ev, kinds[i]);
		ev.seq = 1 + i * 1000;
		ev.time_ms = 1789000000000 + (int64_t)i;
		memset(ev.kiosk_id, 0x11, sizeof ev.kiosk_id);
		memset(ev.prev, (int)i, sizeof ev.prev);
		if (i % 2)
			memset(ev.subject, 0x22, sizeof ev.subject);
		if (i % 3)
			memset(ev.key_id, 0x33, sizeof ev.key_id);
		for (j = 0; j < i % 4; j++) {
			memset(hash, (int)(0x40 + j), sizeof hash);
			if (event_add_doc(&ev, j ? "ha-induction" : "ha-acceptable-use",
			    hash) != CORE_OK)
				abort();
		}
		for (j = 0; j < i; j++)
			if (event_add_int(&ev, j % 2 ? "signed_seq" : "ticked.1",
			    (long long)j) != CORE_OK)
				abort();
		if (i == 3 && (event_add_text(&ev, "consent.portfolio", "yes") ||
		    event_add_field(&ev, "empty", "", 0)))
			abort();
		if (i % 2 == 0 && event_set_meaning(&ev,
		    "I have read and agree to \"Acceptable Use Statement\".") != CORE_OK)
			abort();
		save(argv[1], (int)i, &ev);
		event_clear(&ev);
	}
	return 0;
}
