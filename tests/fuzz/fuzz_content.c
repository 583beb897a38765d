/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer: a content pack file (core/content.c), canonicalised and
 * parsed from memory, and loaded from a file by the pack loader as the
 * step kind a hash of the input picks (one file load per input: each
 * reserves the 4 MiB limit, which AddressSanitizer makes slow).
 * Properties: canonical text is canonical (a second pass changes nothing),
 * parsing it gives a document holding exactly that text and its hash, and
 * the pack loader accepts only what canonical-then-parse accepts, giving
 * the same document.
 */
#include "tests/fuzz/fuzz.h"

#include "core/content.h"
#include "core/crypto.h"

static char txt_path[PATH_MAX];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (crypto_init() != CORE_OK)
		abort();
	snprintf(txt_path, sizeof txt_path, "%s/step.txt", fuzz_scratch());
	return 0;
}

static void
check_doc(const struct document *doc, const char *canon, size_t len)
{
	uint8_t hash[CRYPTO_HASH_BYTES];
	size_t i;

	FUZZ_ASSERT(doc->len == len && !memcmp(doc->text, canon, len));
	FUZZ_ASSERT(doc->text[len] == '\0');
	crypto_blake2b(canon, len, hash);
	FUZZ_ASSERT(!memcmp(hash, doc->hash, sizeof hash));
	FUZZ_ASSERT(doc->title != NULL);
	for (i = 0; i < doc->nblocks; i++)
		FUZZ_ASSERT(doc->blocks[i].text && !strchr(doc->blocks[i].text, '\n'));
}

/* The file as a step of one kind, through the pack loader's kind checks. */
static void
load_as_step(const uint8_t *data, size_t size, enum core_status parsed,
    const char *canon, size_t len)
{
	struct content_pack *pack = NULL;
	const struct document *doc;
	struct step_def step;
	struct config cfg;
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	memset(&cfg, 0, sizeof cfg);
	memset(&step, 0, sizeof step);
	snprintf(step.id, sizeof step.id, "fuzz");
	snprintf(step.file, sizeof step.file, "%s", txt_path);
	step.kind = (enum step_kind)(h % (STEP_COMMITMENT + 1));
	cfg.steps = &step;
	cfg.nsteps = 1;
	fuzz_write(txt_path, data, size);
	if (content_pack_load(&cfg, &pack) == CORE_OK) {
		/* The kind checks only narrow what parsing accepts. */
		FUZZ_ASSERT(parsed == CORE_OK);
		FUZZ_ASSERT((doc = content_pack_doc(pack, &cfg, "fuzz")) != NULL);
		check_doc(doc, canon, len);
	}
	content_pack_free(&pack);
	FUZZ_ASSERT(pack == NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *canon = NULL, *again = NULL;
	size_t len = 0, len2 = 0;
	struct document *doc = NULL;
	enum core_status status, parsed = CORE_ERR_CONTENT;

	status = content_canonical("fuzz", (const char *)data, size, &canon, &len);
	if (status == CORE_OK) {
		FUZZ_ASSERT(content_canonical("fuzz", canon, len, &again, &len2) == CORE_OK);
		FUZZ_ASSERT(len2 == len && !memcmp(again, canon, len));
		free(again);
		parsed = content_parse("fuzz", "fuzz", canon, len, &doc);
		if (parsed == CORE_OK)
			check_doc(doc, canon, len);
		content_free(&doc);
	}
	load_as_step(data, size, parsed, canon, len);
	free(canon);
	return 0;
}
