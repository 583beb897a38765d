/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer: event_decode, which reads the signed bytes of every ledger
 * entry from the database file (verify reads a file that may have been
 * tampered with). Property, from core/event.h: bytes that decode are
 * canonical, so encoding the result gives back exactly the same bytes.
 */
#include "tests/fuzz/fuzz.h"

#include "core/event.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *again = NULL;
	size_t len = 0, i;
	struct event ev;

	memset(&ev, 0, sizeof ev);
	if (event_decode(data, size, &ev) == CORE_OK) {
		FUZZ_ASSERT(ev.version == EVENT_VERSION);
		for (i = 0; i < ev.nfields; i++)
			FUZZ_ASSERT(ev.fields[i].key && ev.fields[i].value &&
			    ev.fields[i].value[ev.fields[i].len] == '\0');
		FUZZ_ASSERT(event_encode(&ev, &again, &len) == CORE_OK);
		FUZZ_ASSERT(len == size && !memcmp(again, data, size));
		free(again);
	}
	event_clear(&ev);
	return 0;
}
