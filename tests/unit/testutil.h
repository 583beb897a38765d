/* SPDX-License-Identifier: ISC */
/*
 * Shared helpers for core unit tests: a fresh temporary folder per test,
 * and writing small files into it. Header-only so each test is one file.
 */
#ifndef TESTS_UNIT_TESTUTIL_H
#define TESTS_UNIT_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

/* mkdtemp under $TMPDIR; the path is static per call site's buffer. */
static inline void
tu_tempdir(char *buf, size_t cap)
{
	const char *base = getenv("TMPDIR");

	snprintf(buf, cap, "%s/signoff-test-XXXXXX", base ? base : "/tmp");
	assert_non_null(mkdtemp(buf));
}

static inline void
tu_write(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static inline void
tu_rmrf(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	(void)!system(cmd);
}

/*
 * Write DIR/signoff.ini: the repository's etc/signoff.ini with the database
 * and key file in DIR, the repository's content pack, and the cheapest
 * Argon2id cost, so tests exercise the real config. Tests run from the
 * repository root.
 */
static inline void
tu_site_config(const char *dir, char *path, size_t cap)
{
	char line[1024], cwd[2048];
	FILE *in, *out;

	assert_non_null(getcwd(cwd, sizeof cwd));
	snprintf(path, cap, "%s/signoff.ini", dir);
	in = fopen("etc/signoff.ini", "r");
	assert_non_null(in);
	out = fopen(path, "w");
	assert_non_null(out);
	while (fgets(line, sizeof line, in)) {
		if (strncmp(line, "database", 8) == 0)
			fprintf(out, "database = %s/signoff.db\n", dir);
		else if (strncmp(line, "keyfile", 7) == 0)
			fprintf(out, "keyfile = %s/kiosk.key\n", dir);
		else if (strncmp(line, "content", 7) == 0)
			fprintf(out, "content = %s/etc/content\n", cwd);
		else if (strncmp(line, "argon2_ops", 10) == 0)
			fputs("argon2_ops = 1\n", out);
		else if (strncmp(line, "argon2_mem_kib", 14) == 0)
			fputs("argon2_mem_kib = 8192\n", out);
		else
			fputs(line, out);
	}
	fclose(in);
	fclose(out);
}

#endif
