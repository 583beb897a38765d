/* SPDX-License-Identifier: ISC */
/*
 * Saving a learner's whole record to a file for printing, on a real site:
 * the file name (hostile and long references made safe), the file exactly
 * the text shown, mode 0600 in a folder made 0700, never an old file
 * reused, the EV_EXPORT entry (subject, actor, fields, no reference), the
 * roles, and failures that leave neither a file nor an entry behind; the
 * file has no name until the export is committed (a crash between the two
 * must not leave personal data with no record of it).
 */
#include "tests/unit/auditsite.h"

#include <dirent.h>
#include <sys/stat.h>

#include "core/audit.h"
#include "core/event.h"
#include "core/ledger.h"
#include "core/record.h"

struct fixture {
	struct audit_site *a;
	uint8_t sue[CRYPTO_ID_BYTES], ada[CRYPTO_ID_BYTES], tom[CRYPTO_ID_BYTES];
	struct learner l;
	char *text;
	size_t len;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	assert_non_null(f);
	f->a = as_open();
	as_staff(f->a, "sue", ROLE_SUPERVISOR, f->sue);
	as_staff(f->a, "ada", ROLE_ADMIN, f->ada);
	as_staff(f->a, "tom", ROLE_TUTOR, f->tom);
	as_learner(f->a, "HA-1", "Amira", "Khan", "ha-adult", "2026", &f->l);
	as_walk(f->a, &f->l, NULL);
	assert_int_equal(record_text(f->a->site, "HA-1", f->sue, AS_T0 * AS_SEC,
	    &f->text, &f->len), CORE_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	free(f->text);
	as_close(f->a);
	free(f);
	return 0;
}

static uint64_t
head_seq(struct fixture *f)
{
	struct ledger_head h;

	assert_int_equal(ledger_head(f->a->site->st, &h), CORE_OK);
	return h.seq;
}

static size_t
files_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static bool
take_entry(const struct ledger_entry *e, void *ctx)
{
	struct event *ev = ctx;

	assert_int_equal(event_decode(e->bytes, e->len, ev), CORE_OK);
	return false;
}

static void
test_file_name(void **state)
{
	char name[RECORD_NAME_MAX], ref[200];

	(void)state;
	record_file_name("HA-YP-001", AS_T0 * AS_SEC + 999, name, sizeof name);
	assert_string_equal(name, "record-HA-YP-001-20260901-100000.txt");
	/* No way out of the folder, no hidden file, no control or space. */
	record_file_name("../../etc/pass wd\x1b[2J", AS_T0 * AS_SEC, name, sizeof name);
	assert_string_equal(name, "record-______etc_pass_wd__2J-20260901-100000.txt");
	record_file_name("Zo\xc3\xab_1", AS_T0 * AS_SEC, name, sizeof name);
	assert_string_equal(name, "record-Zo___1-20260901-100000.txt");
	record_file_name("", AS_T0 * AS_SEC, name, sizeof name);
	assert_string_equal(name, "record-_-20260901-100000.txt");
	/* A long reference: 64 bytes of it kept. */
	memset(ref, 'A', sizeof ref - 1);
	ref[sizeof ref - 1] = '\0';
	record_file_name(ref, AS_T0 * AS_SEC, name, sizeof name);
	assert_int_equal(strlen(name), strlen("record--20260901-100000.txt") + 64);
	assert_non_null(strstr(name, "AAAA-20260901-100000.txt"));
}

static void
test_save(void **state)
{
	struct fixture *f = *state;
	char dir[1100], *got;
	struct record_saved saved, again;
	uint64_t before = head_seq(f);
	const struct event_field *what;
	struct event ev;
	struct stat sb;
	size_t len;

	snprintf(dir, sizeof dir, "%s/exports", f->a->dir);
	assert_string_equal(f->a->site->cfg->exports_dir, dir);
	assert_int_equal(stat(dir, &sb), -1);
	assert_int_equal(record_save(f->a->site, "HA-1", f->sue, AS_T0 * AS_SEC,
	    f->text, f->len, &saved), CORE_OK);
	/* The folder, made private; the file, private and exactly the text. */
	assert_int_equal(stat(dir, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 07777, 0700);
	assert_non_null(strstr(saved.path, "/exports/record-HA-1-20260901-100000.txt"));
	assert_int_equal(stat(saved.path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_mode & 07777, 0600);
	got = slurp(saved.path, &len);
	assert_int_equal(len, f->len);
	assert_memory_equal(got, f->text, len);
	assert_non_null(strstr(got, "Family name:    Khan"));
	free(got);
	/* Recorded after it was written: EV_EXPORT about the learner, by sue. */
	assert_int_equal(head_seq(f), before + 1);
	assert_int_equal(saved.seq, before + 1);
	memset(&ev, 0, sizeof ev);
	assert_int_equal(ledger_each(f->a->site->st, saved.seq, saved.seq, take_entry,
	    &ev), CORE_OK);
	assert_int_equal(ev.kind, EV_EXPORT);
	assert_memory_equal(ev.subject, f->l.pseudonym, CRYPTO_ID_BYTES);
	assert_memory_equal(ev.actor, f->sue, CRYPTO_ID_BYTES);
	assert_non_null(what = event_field(&ev, "what"));
	assert_string_equal((const char *)what->value, "whole record");
	assert_string_equal((const char *)event_field(&ev, "format")->value, "text");
	snprintf(dir, sizeof dir, "%zu", f->len);
	assert_string_equal((const char *)event_field(&ev, "bytes")->value, dir);
	/* The signed bytes name no one: no reference, no path. */
	for (size_t i = 0; i < ev.nfields; i++) {
		assert_null(strstr((const char *)ev.fields[i].value, "HA-1"));
		assert_null(strstr((const char *)ev.fields[i].value, "record-"));
	}
	event_clear(&ev);
	/* The same second again: a new file beside it, the first untouched. */
	assert_int_equal(record_save(f->a->site, "HA-1", NULL, AS_T0 * AS_SEC,
	    "x", 1, &again), CORE_OK);
	assert_non_null(strstr(again.path, "/record-HA-1-20260901-100000-2.txt"));
	assert_int_equal(again.seq, before + 2);
	snprintf(dir, sizeof dir, "%s/exports", f->a->dir);
	assert_int_equal(files_in(dir), 2);
	got = slurp(saved.path, &len);
	assert_int_equal(len, f->len);
	free(got);
}

static void
test_folder_made(void **state)
{
	struct fixture *f = *state;
	struct config *cfg = f->a->site->cfg;
	struct record_saved saved;
	char top[1100];
	struct stat sb;

	/* A folder some levels down that is not there yet. */
	snprintf(top, sizeof top, "%s/a", f->a->dir);
	snprintf(cfg->exports_dir, sizeof cfg->exports_dir, "%s/a/b/c", f->a->dir);
	assert_int_equal(record_save(f->a->site, "HA-1", f->sue, AS_T0 * AS_SEC,
	    f->text, f->len, &saved), CORE_OK);
	assert_int_equal(stat(top, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
	assert_int_equal(stat(cfg->exports_dir, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
	assert_int_equal(files_in(cfg->exports_dir), 1);
}

static void
test_refused(void **state)
{
	struct fixture *f = *state;
	struct record_saved saved;
	uint64_t before = head_seq(f);
	char dir[1100];
	struct stat sb;

	snprintf(dir, sizeof dir, "%s/exports", f->a->dir);
	/* Saving is exporting: a supervisor's; not a tutor's or an administrator's. */
	assert_int_equal(record_save(f->a->site, "HA-1", f->tom, AS_T0 * AS_SEC,
	    f->text, f->len, &saved), CORE_ERR_DENIED);
	assert_int_equal(record_save(f->a->site, "HA-1", f->ada, AS_T0 * AS_SEC,
	    f->text, f->len, &saved), CORE_ERR_DENIED);
	assert_int_equal(record_save(f->a->site, "NO-SUCH", f->sue, AS_T0 * AS_SEC,
	    f->text, f->len, &saved), CORE_ERR_NOT_FOUND);
	assert_int_equal(stat(dir, &sb), -1);
	assert_int_equal(head_seq(f), before);
}

static void
test_file_fails(void **state)
{
	struct fixture *f = *state;
	struct config *cfg = f->a->site->cfg;
	struct record_saved saved;
	uint64_t before = head_seq(f);
	enum core_status status;

	/* The folder is a file: nothing saved, nothing recorded. */
	tu_write(f->a->dir, "plain", "not a folder\n");
	snprintf(cfg->exports_dir, sizeof cfg->exports_dir, "%s/plain", f->a->dir);
	status = record_save(f->a->site, "HA-1", f->sue, AS_T0 * AS_SEC, f->text,
	    f->len, &saved);
	assert_int_equal(status, CORE_ERR_IO);
	assert_non_null(strstr(core_detail(), "plain"));
	snprintf(cfg->exports_dir, sizeof cfg->exports_dir, "%s/plain/below", f->a->dir);
	status = record_save(f->a->site, "HA-1", f->sue, AS_T0 * AS_SEC, f->text,
	    f->len, &saved);
	assert_int_equal(status, CORE_ERR_IO);
	assert_non_null(strstr(core_detail(), "Not a directory"));
	assert_int_equal(head_seq(f), before);
}

static void
test_ledger_fails(void **state)
{
	struct fixture *f = *state;
	struct record_saved saved;
	uint64_t before = head_seq(f);
	enum core_status status;
	char dir[1100];
	struct stat sb;

	/* The file is written, but the ledger refuses the entry: it goes again. */
	as_sql(f->a, "CREATE TRIGGER no_more BEFORE INSERT ON ledger"
	    " BEGIN SELECT RAISE(ABORT, 'refused'); END");
	status = record_save(f->a->site, "HA-1", f->sue, AS_T0 * AS_SEC, f->text,
	    f->len, &saved);
	assert_int_not_equal(status, CORE_OK);
	snprintf(dir, sizeof dir, "%s/exports", f->a->dir);
	assert_int_equal(stat(dir, &sb), 0);	/* it got as far as the file */
	assert_int_equal(files_in(dir), 0);
	assert_int_equal(head_seq(f), before);
}

/* Files in the exports folder at the moment the export was committed. */
static char seen_dir[1100];
static long seen_at_commit = -1;

static void
at_commit(unsigned kind, const char *words)
{
	(void)words;
	if (kind == EV_EXPORT)
		seen_at_commit = (long)files_in(seen_dir);
}

static void
test_named_only_after_commit(void **state)
{
	struct fixture *f = *state;
	struct record_saved saved;
	struct stat sb;

	snprintf(seen_dir, sizeof seen_dir, "%s/exports", f->a->dir);
	/* The audit hook is told just after the commit, before anything else. */
	core_set_audit_hook(at_commit);
	assert_int_equal(record_save(f->a->site, "HA-1", f->sue, AS_T0 * AS_SEC,
	    f->text, f->len, &saved), CORE_OK);
	core_set_audit_hook(NULL);
	if (stat(seen_dir, &sb) != 0 || seen_at_commit < 0)
		fail_msg("the export was not told to the hook");
	assert_int_equal(seen_at_commit, 0);
	assert_int_equal(files_in(seen_dir), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_name),
		cmocka_unit_test_setup_teardown(test_save, setup, teardown),
		cmocka_unit_test_setup_teardown(test_folder_made, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_named_only_after_commit, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
