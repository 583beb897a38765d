/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer: a roster file as roster_import reads it: the streaming CSV
 * reader (core/csv.c) at ROSTER_FIELD_MAX, each five-field record through
 * learner_add's checks against the repository's config, and every field
 * through the sanitiser the command line prints with. (The database half
 * of the import, all rows or none, is tests/unit/test_roster.c.)
 * Properties: the reader always makes progress and ends; a record's
 * fields are NUL-free and within the limit; line numbers never go back; a
 * row the checks accept is clean text; sanitised output is always clean.
 */
#include "tests/fuzz/fuzz.h"

#include "core/config.h"
#include "core/csv.h"
#include "core/learner_int.h"
#include "core/roster.h"
#include "core/text.h"

static struct config *cfg;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (config_load("etc/signoff.ini", &cfg) != CORE_OK) {
		fprintf(stderr, "fuzz_roster: run from the repository root: %s\n",
		    core_detail());
		abort();
	}
	return 0;
}

static void
check_record(const struct csv_record *rec, unsigned long last_line)
{
	char out[ROSTER_FIELD_MAX * 9 + 16];
	size_t i, n = rec->nfields < CSV_MAX_FIELDS ? rec->nfields : CSV_MAX_FIELDS;

	FUZZ_ASSERT(rec->line >= last_line);
	FUZZ_ASSERT(!rec->blank || rec->nfields == 0);
	if (rec->error)
		return;
	for (i = 0; i < n; i++) {
		FUZZ_ASSERT(rec->len[i] <= ROSTER_FIELD_MAX);
		FUZZ_ASSERT(strlen(rec->field[i]) == rec->len[i]);
		text_sanitize(rec->field[i], out, sizeof out);
		FUZZ_ASSERT(text_is_clean(out, strlen(out)));
	}
	if (rec->nfields != ROSTER_FIELDS)
		return;
	if (learner_check_details(cfg, rec->field[0], rec->field[1], rec->field[2],
	    rec->field[3], rec->field[4]) != CORE_OK)
		return;
	for (i = 1; i < ROSTER_FIELDS; i++)
		FUZZ_ASSERT(text_is_clean(rec->field[i], rec->len[i]));
	FUZZ_ASSERT(config_group(cfg, rec->field[3]) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char empty[1];
	struct csv_reader *r = NULL;
	struct csv_record rec;
	unsigned long last = 1, records = 0;
	enum core_status status;
	FILE *in;

	in = size ? fmemopen((void *)(uintptr_t)data, size, "rb") :
	    fmemopen(empty, 1, "rb");
	FUZZ_ASSERT(in != NULL);
	if (!size)
		(void)getc(in);	/* an empty file: at its end at once */
	FUZZ_ASSERT(csv_reader_new(in, ROSTER_FIELD_MAX, &r) == CORE_OK);
	while ((status = csv_read(r, &rec)) == CORE_OK) {
		check_record(&rec, last);
		last = rec.line;
		/* Every record consumes at least one byte. */
		FUZZ_ASSERT(++records <= size + 1);
	}
	FUZZ_ASSERT(status == CORE_ERR_DONE);
	csv_reader_free(&r);
	FUZZ_ASSERT(r == NULL);
	fclose(in);
	return 0;
}
