/* SPDX-License-Identifier: ISC */
/*
 * The supervisor's audit from the command line: `signoff status [--json]`
 * (the dashboard's numbers, for people and for monitoring scripts),
 * `signoff export [--format csv|json] [--what ...] [-o FILE]` and
 * `signoff learner show REFERENCE` (a learner's whole record, as for a
 * subject access request). The command line acts as itself: its ledger
 * entries (exports, records viewed) have a zero actor (core/staff.h).
 *
 * Files are created mode 0600 and never overwritten; a CSV file gets its
 * description beside it in FILE.about.txt (core/export.h says why). A
 * failed export removes what it created. Progress goes to standard error
 * when that is a terminal and the data is not going to the same terminal.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/export.h"
#include "core/record.h"
#include "core/site.h"
#include "core/stats.h"
#include "core/store.h"

#define BAR_WIDTH 20

static const char export_usage[] =
    "usage: signoff [-c FILE] export [--format csv|json] "
    "[--what learners|events|consents|concerns] [-o FILE]\n"
    "  defaults: --format csv --what learners, to standard output\n"
    "  -o FILE: a new file (mode 0600, never overwritten); a CSV file's\n"
    "           description goes beside it in FILE.about.txt\n";

/* ---- output ---- */

struct sink {
	FILE *f;		/* standard output, or NULL */
	int fd;			/* a file of our own, or -1 */
	int err;		/* errno of the first failure */
};

static bool
sink_write(const void *buf, size_t len, void *ctx)
{
	struct sink *s = ctx;
	const char *p = buf;
	ssize_t n;

	if (s->f) {
		if (fwrite(buf, 1, len, s->f) == len)
			return true;
		s->err = errno ? errno : EIO;
		return false;
	}
	while (len) {
		n = write(s->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			s->err = n < 0 ? errno : EIO;
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* A new file, 0600, never an existing one. */
static int
create_new(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0) {
		fputs("signoff: export: ", stderr);
		cli_put(stderr, path);
		if (errno == EEXIST)
			fputs(": already exists; an export never overwrites a file\n", stderr);
		else
			fprintf(stderr, ": %s\n", strerror(errno));
	}
	return fd;
}

/* ---- progress ---- */

static void
draw_bar(FILE *f, uint64_t done, uint64_t total)
{
	unsigned pct = total ? (unsigned)(done * 100 / total) : 100, i;

	if (pct > 100)
		pct = 100;
	fputc('[', f);
	for (i = 0; i < BAR_WIDTH; i++)
		fputc(i < pct * BAR_WIDTH / 100 ? '#' : '.', f);
	fprintf(f, "] %3u%%", pct);
}

struct progress {
	const char *what;
	bool shown;
};

/* An export's one context for both its writes and its progress. */
struct job {
	struct sink sink;
	struct progress *prog;	/* NULL: no bar */
};

static bool
job_write(const void *buf, size_t len, void *ctx)
{
	return sink_write(buf, len, &((struct job *)ctx)->sink);
}

static void
export_progress(uint64_t done, uint64_t total, void *ctx)
{
	struct progress *p = ((struct job *)ctx)->prog;

	if (!p)
		return;
	fprintf(stderr, "\rexporting %s ", p->what);
	draw_bar(stderr, done, total);
	fprintf(stderr, " %llu of %llu rows", (unsigned long long)done,
	    (unsigned long long)total);
	p->shown = true;
}

static void
count_progress(uint64_t done, uint64_t total, void *ctx)
{
	struct progress *p = ctx;

	fputs("\rreading learners ", stderr);
	draw_bar(stderr, done, total);
	p->shown = true;
}

static void
progress_end(struct progress *p)
{
	if (p && p->shown)
		fputc('\n', stderr);
}

/* ---- status ---- */

static void
put_bar_line(const struct stats_bar *b, const char *indent)
{
	fputs("  ", stdout);
	draw_bar(stdout, b->counts[STATS_COMPLETE], b->counts[STATS_LEARNERS]);
	printf(" %7llu of %-7llu %s", (unsigned long long)b->counts[STATS_COMPLETE],
	    (unsigned long long)b->counts[STATS_LEARNERS], indent);
	cli_put(stdout, b->is_cohort ? (b->cohort[0] ? b->cohort : "(no cohort)") : b->title);
	putchar('\n');
}

static void
print_status(struct site *site, const struct stats *s)
{
	const struct stats_bar *t = stats_total(s);
	char when[EXPORT_TIME_LEN];
	size_t g, i;

	export_time_format(stats_now(s), when);
	printf("Sign-off status of ");
	cli_put(stdout, site->cfg->kiosk_name);
	printf(" at %.10s %.8s UTC\n\n", when, when + 11);
	printf("%-36s %8llu\n", "Learners (enrolled, not left)",
	    (unsigned long long)t->counts[STATS_LEARNERS]);
	printf("%-36s %8llu  %u%%\n", "Complete", (unsigned long long)t->counts[STATS_COMPLETE],
	    stats_bar_percent(t));
	for (unsigned c = STATS_INCOMPLETE; c < STATS_NCOUNTS; c++)
		printf("%s%-*s %8llu\n", c > STATS_INCOMPLETE && c < STATS_LOCKED ? "  " : "",
		    c > STATS_INCOMPLETE && c < STATS_LOCKED ? 34 : 36,
		    stats_count_words((enum stats_count)c), (unsigned long long)t->counts[c]);
	printf("\nComplete, by group and cohort:\n");
	for (g = 0; g < stats_ngroups(s); g++) {
		put_bar_line(stats_group(s, g), "");
		for (i = 0; i < stats_ngroup_cohorts(s, g); i++)
			put_bar_line(stats_group_cohort(s, g, i), "  ");
	}
	if (stats_ncohorts(s)) {
		printf("\nComplete, by cohort across groups:\n");
		for (i = 0; i < stats_ncohorts(s); i++)
			put_bar_line(stats_cohort(s, i), "");
	}
}

int
cmd_status(const char *config, int argc, char **argv)
{
	struct sink out = { stdout, -1, 0 };
	struct progress prog = { "learners", false };
	bool json = false, tty = isatty(STDERR_FILENO);
	enum core_status status;
	struct stats *s = NULL;
	struct site *site;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else {
			fputs("usage: signoff [-c FILE] status [--json]\n", stderr);
			return EX_USAGE;
		}
	}
	if ((status = site_open(config, &site)) != CORE_OK)
		return cli_fail("opening the site", status);
	status = stats_compute(site, NULL, store_now_ms(), tty ? count_progress : NULL,
	    &prog, &s);
	progress_end(&prog);
	if (status == CORE_OK && json)
		status = export_status_json(site, s, sink_write, &out);
	else if (status == CORE_OK)
		print_status(site, s);
	stats_free(&s);
	site_close(&site);
	if (status != CORE_OK)
		return cli_fail("status", status);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "signoff: status: writing failed: %s\n", strerror(errno));
		return EX_IOERR;
	}
	return EX_OK;
}

/* ---- export ---- */

struct export_args {
	enum export_format fmt;
	enum export_what what;
	const char *path;
};

static int
parse_export(int argc, char **argv, struct export_args *a)
{
	int i;

	a->fmt = EXPORT_CSV;
	a->what = EXPORT_LEARNERS;
	a->path = NULL;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc &&
		    export_format_parse(argv[i + 1], &a->fmt))
			i++;
		else if (strcmp(argv[i], "--what") == 0 && i + 1 < argc &&
		    export_what_parse(argv[i + 1], &a->what))
			i++;
		else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && argv[i + 1][0])
			a->path = argv[++i];
		else
			return EX_USAGE;
	}
	return EX_OK;
}

/* The description beside a CSV file; the files were created empty. */
static enum core_status
write_about(struct site *site, int fd, const struct export_args *a,
    const struct export_result *r)
{
	struct sink s = { NULL, fd, 0 };

	return export_about_text(site, NULL, a->what, a->fmt, r, sink_write, &s);
}

static int
export_to(struct site *site, const struct export_args *a, const char *about_path)
{
	struct progress prog = { export_what_name(a->what), false };
	struct job job = { { stdout, -1, 0 }, NULL };
	struct export_result r;
	enum core_status status;
	int about_fd = -1;

	if (a->path) {
		if ((job.sink.fd = create_new(a->path)) < 0)
			return EX_CANTCREAT;
		job.sink.f = NULL;
		if (about_path && (about_fd = create_new(about_path)) < 0) {
			close(job.sink.fd);
			unlink(a->path);
			return EX_CANTCREAT;
		}
	}
	/* A bar on the terminal the data is going to would spoil it. */
	if (isatty(STDERR_FILENO) && (a->path || !isatty(STDOUT_FILENO)))
		job.prog = &prog;
	status = export_run(site, NULL, a->what, a->fmt, store_now_ms(), job_write,
	    job.prog ? export_progress : NULL, &job, &r);
	progress_end(job.prog);
	if (status == CORE_ERR_IO && job.sink.err)
		core_fail(CORE_ERR_IO, "writing failed: %s", strerror(job.sink.err));
	if (status == CORE_OK && about_fd >= 0)
		status = write_about(site, about_fd, a, &r);
	if (status == CORE_OK && !a->path && fflush(stdout) != 0)
		status = core_fail(CORE_ERR_IO, "writing failed: %s", strerror(errno));
	if (job.sink.fd >= 0 && close(job.sink.fd) != 0 && status == CORE_OK)
		status = core_fail(CORE_ERR_IO, "closing the file failed: %s", strerror(errno));
	if (about_fd >= 0 && close(about_fd) != 0 && status == CORE_OK)
		status = core_fail(CORE_ERR_IO, "closing the description failed: %s",
		    strerror(errno));
	if (status != CORE_OK) {
		if (a->path)
			unlink(a->path);
		if (about_path)
			unlink(about_path);
		return cli_fail("export", status);
	}
	fprintf(stderr, "Exported %llu %s as %s", (unsigned long long)r.rows,
	    export_what_name(a->what), a->fmt == EXPORT_JSON ? "JSON" : "CSV");
	if (a->path) {
		fputs(" to ", stderr);
		cli_put(stderr, a->path);
	}
	fprintf(stderr, "; recorded as ledger entry %llu, receipt %s.\n",
	    (unsigned long long)r.seq, r.receipt);
	if (about_path) {
		fputs("What it contains: ", stderr);
		cli_put(stderr, about_path);
		fputc('\n', stderr);
	}
	return EX_OK;
}

int
cmd_export(const char *config, int argc, char **argv)
{
	struct export_args a;
	enum core_status status;
	struct site *site;
	char *about = NULL;
	int rc;

	if (parse_export(argc, argv, &a) != EX_OK) {
		fputs(export_usage, stderr);
		return EX_USAGE;
	}
	if (a.path && a.fmt == EXPORT_CSV) {
		size_t n = strlen(a.path) + sizeof ".about.txt";

		if (!(about = malloc(n))) {
			fputs("signoff: export: out of memory\n", stderr);
			return EX_OSERR;
		}
		snprintf(about, n, "%s.about.txt", a.path);
	}
	if ((status = site_open(config, &site)) != CORE_OK) {
		free(about);
		return cli_fail("opening the site", status);
	}
	rc = export_to(site, &a, about);
	site_close(&site);
	free(about);
	return rc;
}

/* ---- learner show ---- */

int
cmd_learner_show(struct site *site, int argc, char **argv)
{
	struct sink out = { stdout, -1, 0 };
	enum core_status status;

	if (argc != 2 || argv[1][0] == '-') {
		fputs("usage: signoff [-c FILE] learner show REFERENCE\n", stderr);
		return EX_USAGE;
	}
	status = record_write(site, argv[1], NULL, store_now_ms(), sink_write, &out);
	if (status == CORE_OK && fflush(stdout) != 0)
		status = core_fail(CORE_ERR_IO, "writing failed: %s", strerror(errno));
	if (status != CORE_OK)
		return cli_fail("learner show", status);
	return EX_OK;
}
