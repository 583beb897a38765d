/* SPDX-License-Identifier: ISC */
/*
 * What the libFuzzer targets share: the entry points libFuzzer calls, a
 * scratch folder for targets whose API reads a file, and FUZZ_ASSERT,
 * which aborts (a finding) when a property the code promises fails.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, \
		    __LINE__, #cond); \
		abort(); \
	} \
} while (0)

static char fuzz_dir[PATH_MAX];

static void
fuzz_dir_remove(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir);
	(void)!system(cmd);
}

/*
 * A private scratch folder, removed at exit: in /dev/shm when there is
 * one, as thousands of small writes a second on a disk's file system can
 * wait behind other programs' fsyncs.
 */
static inline const char *
fuzz_scratch(void)
{
	const char *base = getenv("TMPDIR");

	if (access("/dev/shm", W_OK) == 0)
		base = "/dev/shm";
	if (!fuzz_dir[0]) {
		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/signoff-fuzz-XXXXXX",
		    base ? base : "/tmp");
		if (!mkdtemp(fuzz_dir))
			abort();
		atexit(fuzz_dir_remove);
	}
	return fuzz_dir;
}

/* Write the input to path, whole. */
static inline void
fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		abort();
}

#endif
