/* SPDX-License-Identifier: ISC */
/*
 * signoff concern list | show | action | record | export | recovery-code.
 *
 * Counts are for anyone who can run the command. The queue, a concern's
 * text, actions and exports are for a designated safeguarding lead or an
 * administrator, who signs in here with --as NAME and their passphrase
 * (core/concern.h): reading is recorded in the ledger as theirs. Text from
 * people is printed with control, bidi and zero-width characters made
 * visible, line by line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/secret.h"
#include "core/concern.h"
#include "core/store.h"
#include "core/text.h"

static const char concern_usage[] =
    "usage: signoff [-c FILE] concern list [--as NAME]\n"
    "                         [--status open|in-progress|closed|all]\n"
    "       signoff [-c FILE] concern show ID --as NAME\n"
    "       signoff [-c FILE] concern action ID --as NAME\n"
    "                         --status open|in-progress|closed\n"
    "                         [--referral dsl|police|partner-agency] --note TEXT|-\n"
    "       signoff [-c FILE] concern record --category CATEGORY [--learner REF]...\n"
    "                         --text TEXT|-\n"
    "       signoff [-c FILE] concern export --as NAME [--format csv|json] [-o FILE]\n"
    "       signoff [-c FILE] concern recovery-code --as NAME\n"
    "Without --as, list shows counts only. NAME is a designated safeguarding lead\n"
    "(or, to read, an administrator); their passphrase is asked for on the\n"
    "terminal, or read as one line of standard input when that is not a terminal.\n"
    "TEXT given as - is read from standard input (after the passphrase line):\n"
    "text on the command line can be seen by other users of this machine.\n"
    "Categories: bullying, upsetting, contact, extremism, social-media, other.\n";

/* Text read from standard input: 4,000 characters of up to 4 bytes, and slack. */
#define TEXT_CAP (CONCERN_TEXT_MAX * 4 + 16)

struct opts {
	const char *id, *as, *status, *referral, *note, *category, *text, *format, *out;
	const char *learners[CONCERN_LEARNERS_MAX];
	size_t nlearners;
};

static int
usage(void)
{
	fputs(concern_usage, stderr);
	return EX_USAGE;
}

/* argv[0] is the verb. false (after saying why) for anything unknown. */
static bool
parse(int argc, char **argv, struct opts *o)
{
	static const struct {
		const char *flag;
		size_t off;
	} flags[] = {
		{ "--as", offsetof(struct opts, as) },
		{ "--status", offsetof(struct opts, status) },
		{ "--referral", offsetof(struct opts, referral) },
		{ "--note", offsetof(struct opts, note) },
		{ "--category", offsetof(struct opts, category) },
		{ "--text", offsetof(struct opts, text) },
		{ "--format", offsetof(struct opts, format) },
		{ "-o", offsetof(struct opts, out) },
	};
	int i;
	size_t f;

	memset(o, 0, sizeof *o);
	for (i = 1; i < argc; i++) {
		for (f = 0; f < sizeof flags / sizeof flags[0]; f++)
			if (strcmp(argv[i], flags[f].flag) == 0)
				break;
		if (f < sizeof flags / sizeof flags[0] && i + 1 < argc) {
			*(const char **)(void *)((char *)o + flags[f].off) = argv[++i];
		} else if (strcmp(argv[i], "--learner") == 0 && i + 1 < argc &&
		    o->nlearners < CONCERN_LEARNERS_MAX) {
			o->learners[o->nlearners++] = argv[++i];
		} else if ((argv[i][0] != '-' || strcmp(argv[i], "-") == 0) && !o->id) {
			o->id = argv[i];
		} else {
			fprintf(stderr, "signoff: concern %s: unexpected %s\n", argv[0], argv[i]);
			return false;
		}
	}
	return true;
}

static bool
parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s)
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v <= 0) {
		fprintf(stderr, "signoff: concern: %s is not a concern number\n", s);
		return false;
	}
	*out = v;
	return true;
}

/* ---- printing ---- */

static void
when(int64_t ms, char *out, size_t cap)
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;

	if (ms <= 0 || !gmtime_r(&secs, &tm) ||
	    !strftime(out, cap, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(out, cap, "-");
}

/* For exports: ISO 8601, UTC, to the second. */
static void
iso(int64_t ms, char *out, size_t cap)
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;

	if (ms <= 0 || !gmtime_r(&secs, &tm) ||
	    !strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, cap, "%s", "");
}

static void
age(int64_t ms, char *out, size_t cap)
{
	long long s = (long long)((store_now_ms() - ms) / 1000);

	if (s < 0)
		s = 0;
	if (s < 2 * 3600)
		snprintf(out, cap, "%lld minute%s", s / 60, s / 60 == 1 ? "" : "s");
	else if (s < 2 * 86400)
		snprintf(out, cap, "%lld hours", s / 3600);
	else
		snprintf(out, cap, "%lld days", s / 86400);
}

/*
 * Untrusted multi-line text made safe line by line (newlines kept), in
 * locked memory; the caller frees it with secret_free(p, *cap).
 */
static char *
safe_text(const char *in, size_t *cap)
{
	size_t len = strlen(in), n = 0;
	char *out, *line;
	const char *p = in, *nl;

	/* Every byte may become "<U+XXXX>" at worst: 10 per 3 bytes; be generous. */
	*cap = len * 4 + 16;
	if (!(out = secret_alloc(*cap)) || !(line = secret_alloc(*cap))) {
		if (out)
			secret_free(&out, *cap);
		return NULL;
	}
	for (;;) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		memcpy(line, p, len);
		line[len] = '\0';
		text_sanitize(line, out + n, *cap - n);
		n += strlen(out + n);
		if (!nl || n + 2 >= *cap)
			break;
		out[n++] = '\n';
		out[n] = '\0';
		p = nl + 1;
	}
	secret_free(&line, *cap);
	return out;
}

/* Print text indented, each line made safe. */
static void
put_block(const char *indent, const char *text)
{
	size_t cap;
	char *safe = safe_text(text, &cap), *p, *nl;

	if (!safe) {
		fputs("signoff: no locked memory to show the text\n", stderr);
		return;
	}
	for (p = safe; p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		printf("%s%.*s\n", indent, nl ? (int)(nl - p) : (int)strlen(p), p);
	}
	secret_free(&safe, cap);
}

static void
put_person(const struct concern_person *p)
{
	if (p->erased && !p->reference[0]) {
		fputs("(personal details erased)", stdout);
		return;
	}
	cli_put(stdout, p->reference);
	fputs(" (", stdout);
	cli_put(stdout, p->given_name);
	putchar(' ');
	cli_put(stdout, p->family_name);
	putchar(')');
}

/* ---- list ---- */

static int
list_counts(struct site *site)
{
	struct concern_counts c;
	enum core_status status;
	char at[40], ago[32];

	if ((status = concern_counts(site, &c)) != CORE_OK)
		return cli_fail("concern list", status);
	printf("Concerns: %lu (open %lu, in progress %lu, closed %lu)\n", c.total,
	    c.by_state[CONCERN_OPEN], c.by_state[CONCERN_IN_PROGRESS],
	    c.by_state[CONCERN_CLOSED]);
	if (c.oldest_open_ms) {
		when(c.oldest_open_ms, at, sizeof at);
		age(c.oldest_open_ms, ago, sizeof ago);
		printf("Oldest not closed: reported %s, %s ago\n", at, ago);
	}
	puts("By category (not closed, all):");
	for (unsigned i = 0; i < CONCERN_CATEGORY_COUNT; i++)
		printf("  %-14s %5lu %5lu\n",
		    concern_category_name((enum concern_category)i),
		    c.open_by_category[i], c.by_category[i]);
	puts("The queue is for a designated safeguarding lead or an administrator:\n"
	    "  signoff concern list --as NAME");
	return EX_OK;
}

static bool
print_row(const struct concern_info *i, void *ctx)
{
	char at[40], ago[32];

	(void)ctx;
	when(i->time_ms, at, sizeof at);
	age(i->time_ms, ago, sizeof ago);
	printf("%lld\t%s\t%s\t%s\t%s\t%s\t%u\t%s\n", (long long)i->id, at, ago,
	    concern_state_name(i->state), concern_category_name(i->category),
	    concern_source_name(i->source), i->actions,
	    i->referral == CONCERN_REFER_NONE ? "-" : concern_referral_name(i->referral));
	return true;
}

static int
list_queue(struct site *site, const struct opts *o)
{
	struct concerns_key *key = NULL;
	enum core_status status;
	enum concern_state st;
	unsigned mask = CONCERN_MASK(CONCERN_OPEN) | CONCERN_MASK(CONCERN_IN_PROGRESS);
	struct staff who;
	int rc;

	if (o->status && strcmp(o->status, "all") == 0) {
		mask = 0;
	} else if (o->status) {
		if (!concern_state_parse(o->status, &st))
			return usage();
		mask = CONCERN_MASK(st);
	}
	/* Signing in proves who is looking; the key is not needed for the list. */
	if ((rc = cli_concerns_unlock(site, o->as, &who, &key)) != EX_OK)
		return rc;
	concerns_key_free(&key);
	puts("id\treported\tage\tstatus\tcategory\tfrom\tactions\treferral");
	status = concern_list(site, who.pseudonym, mask, 0, 0, print_row, NULL);
	return status == CORE_OK ? EX_OK : cli_fail("concern list", status);
}

/* ---- show ---- */

static void
print_concern(const struct concern_text *t)
{
	const struct concern_info *i = &t->info;
	char at[40], ago[32];

	when(i->time_ms, at, sizeof at);
	age(i->time_ms, ago, sizeof ago);
	printf("Concern %lld (receipt %s)\n", (long long)i->id, i->receipt);
	printf("Reported: %s, %s ago, ", at, ago);
	if (i->source == CONCERN_FROM_LEARNER) {
		fputs("by learner ", stdout);
		put_person(&t->reporter);
	} else if (i->source == CONCERN_FROM_STAFF && t->recorded_by[0]) {
		fputs("recorded by staff ", stdout);
		cli_put(stdout, t->recorded_by);
	} else if (i->source == CONCERN_FROM_STAFF) {
		fputs("recorded at the command line", stdout);
	} else {
		fputs("anonymously", stdout);
	}
	printf("\nCategory: %s\nStatus: %s\n", concern_category_words(i->category),
	    concern_state_words(i->state));
	if (!t->has_text) {
		puts("The text is sealed to an earlier concerns key that no one holds now:\n"
		    "it cannot be read.");
	} else {
		if (t->talk_to && t->talk_to[0]) {
			fputs("Would like to talk to: ", stdout);
			cli_put(stdout, t->talk_to);
			putchar('\n');
		}
		for (size_t n = 0; n < t->ninvolved; n++) {
			fputs(n ? ", " : "Learners involved: ", stdout);
			put_person(&t->involved[n]);
			if (n + 1 == t->ninvolved)
				putchar('\n');
		}
		puts("What happened:");
		put_block("  ", t->text);
	}
	puts(t->nactions ? "Actions:" : "Actions: none yet");
	for (size_t n = 0; n < t->nactions; n++) {
		const struct concern_action_info *a = &t->actions[n];

		when(a->time_ms, at, sizeof at);
		printf("  %s  ", at);
		cli_put(stdout, a->staff[0] ? a->staff : "(unknown)");
		printf("  %s; %s\n", concern_state_words(a->state),
		    concern_referral_words(a->referral));
		if (a->note)
			put_block("    ", a->note);
		else
			puts("    (the note is sealed to an earlier key)");
	}
}

static int
show(struct site *site, const struct opts *o)
{
	struct concerns_key *key = NULL;
	struct concern_text t;
	enum core_status status;
	struct staff who;
	int64_t id;
	int rc;

	if (!o->as || !parse_id(o->id, &id))
		return usage();
	if ((rc = cli_concerns_unlock(site, o->as, &who, &key)) != EX_OK)
		return rc;
	status = concern_read(site, key, id, &t);
	concerns_key_free(&key);
	if (status != CORE_OK)
		return cli_fail("concern show", status);
	print_concern(&t);
	concern_text_clear(&t);
	return EX_OK;
}

/* ---- text from standard input ---- */

/* The rest of standard input into locked memory, one final newline dropped. */
static char *
read_rest(const char *what, size_t *cap)
{
	size_t n = 0;
	ssize_t r;
	char *buf;

	*cap = TEXT_CAP;
	if (!(buf = secret_alloc(*cap)))
		return NULL;
	if (isatty(STDIN_FILENO))
		fprintf(stderr, "Type the %s, then press Ctrl-D on a new line:\n", what);
	for (;;) {
		r = read(STDIN_FILENO, buf + n, *cap - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
		if (n == *cap - 1) {
			fprintf(stderr, "signoff: the %s is too long\n", what);
			secret_free(&buf, *cap);
			return NULL;
		}
	}
	if (n && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return buf;
}

/* TEXT as given, or read from standard input for "-"; *owned says to free it. */
static const char *
text_arg(const char *arg, const char *what, char **owned, size_t *cap)
{
	*owned = NULL;
	if (strcmp(arg, "-") != 0)
		return arg;
	*owned = read_rest(what, cap);
	return *owned;
}

/* ---- action and record ---- */

static int
action(struct site *site, const struct opts *o)
{
	enum concern_referral referral = CONCERN_REFER_NONE;
	struct concerns_key *key = NULL;
	enum concern_state state;
	enum core_status status;
	const char *note;
	struct staff who;
	char *owned;
	size_t cap;
	int64_t id;
	int rc;

	if (!o->as || !o->status || !o->note || !parse_id(o->id, &id))
		return usage();
	if (!concern_state_parse(o->status, &state) ||
	    (o->referral && !concern_referral_parse(o->referral, &referral))) {
		fputs("signoff: concern action: --status open|in-progress|closed, "
		    "--referral dsl|police|partner-agency\n", stderr);
		return EX_USAGE;
	}
	if ((rc = cli_concerns_unlock(site, o->as, &who, &key)) != EX_OK)
		return rc;
	if (!(note = text_arg(o->note, "note", &owned, &cap))) {
		concerns_key_free(&key);
		return EX_DATAERR;
	}
	status = concern_action(site, &who, key, id, state, referral, note);
	concerns_key_free(&key);
	if (owned)
		secret_free(&owned, cap);
	if (status != CORE_OK)
		return cli_fail("concern action", status);
	printf("Recorded: concern %lld is now %s (referral: %s).\n", (long long)id,
	    state == CONCERN_IN_PROGRESS ? "in progress" : concern_state_name(state),
	    concern_referral_name(referral));
	return EX_OK;
}

static int
record(struct site *site, const struct opts *o)
{
	struct concern_receipt receipt;
	enum concern_category category;
	enum core_status status;
	const char *text;
	char *owned;
	size_t cap;

	if (!o->category || !o->text || o->id)
		return usage();
	if (!concern_category_parse(o->category, &category)) {
		fputs("signoff: concern record: --category bullying|upsetting|contact|"
		    "extremism|social-media|other\n", stderr);
		return EX_USAGE;
	}
	if (!(text = text_arg(o->text, "concern", &owned, &cap)))
		return EX_DATAERR;
	status = concern_record_by_staff(site, NULL, category, text, o->learners,
	    o->nlearners, &receipt);
	if (owned)
		secret_free(&owned, cap);
	if (status != CORE_OK)
		return cli_fail("concern record", status);
	printf("Recorded concern %lld (receipt %s).\n", (long long)receipt.id,
	    receipt.receipt);
	return EX_OK;
}

/* ---- export ---- */

struct writer {
	FILE *f;
	bool json;
	unsigned long n;
};

/* A CSV field (RFC 4180, always quoted, formula-looking starts defused). */
static void
csv(FILE *f, const char *s, bool last)
{
	putc('"', f);
	if (s[0] && strchr("=+-@\t\r", s[0]))
		putc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	fputs(last ? "\"\r\n" : "\",", f);
}

static void
json_str(FILE *f, const char *s)
{
	putc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			putc(c, f);
	}
	putc('"', f);
}

/* s made safe (newlines kept) and written as CSV or JSON. */
static void
put_safe(struct writer *w, const char *s, bool last)
{
	size_t cap;
	char *safe = safe_text(s ? s : "", &cap);

	if (w->json)
		json_str(w->f, safe ? safe : "");
	else
		csv(w->f, safe ? safe : "", last);
	if (safe)
		secret_free(&safe, cap);
}

static void
person_text(const struct concern_person *p, char *out, size_t cap)
{
	if (!p->reference[0])
		snprintf(out, cap, "(erased)");
	else
		snprintf(out, cap, "%s %s %s", p->reference, p->given_name, p->family_name);
}

static void
json_person(struct writer *w, const struct concern_person *p)
{
	fputs("{\"reference\": ", w->f);
	put_safe(w, p->reference, false);
	fputs(", \"given_name\": ", w->f);
	put_safe(w, p->given_name, false);
	fputs(", \"family_name\": ", w->f);
	put_safe(w, p->family_name, false);
	fprintf(w->f, ", \"erased\": %s}", p->erased ? "true" : "false");
}

static void
write_json(struct writer *w, const struct concern_text *t)
{
	const struct concern_info *i = &t->info;
	char at[40];

	fprintf(w->f, "%s\n    {\"id\": %lld, \"receipt\": \"%s\", ", w->n ? "," : "",
	    (long long)i->id, i->receipt);
	iso(i->time_ms, at, sizeof at);
	fprintf(w->f, "\"reported\": \"%s\", \"category\": \"%s\", \"status\": \"%s\", "
	    "\"source\": \"%s\",\n     \"reporter\": ", at,
	    concern_category_name(i->category), concern_state_name(i->state),
	    concern_source_name(i->source));
	if (i->source == CONCERN_FROM_LEARNER)
		json_person(w, &t->reporter);
	else
		fputs("null", w->f);
	fputs(", \"recorded_by\": ", w->f);
	if (i->source == CONCERN_FROM_STAFF)
		put_safe(w, t->recorded_by[0] ? t->recorded_by : "(command line)", false);
	else
		fputs("null", w->f);
	fputs(",\n     \"learners_involved\": [", w->f);
	for (size_t n = 0; n < t->ninvolved; n++) {
		fputs(n ? ", " : "", w->f);
		json_person(w, &t->involved[n]);
	}
	fprintf(w->f, "], \"readable\": %s,\n     \"talk_to\": ",
	    t->has_text ? "true" : "false");
	put_safe(w, t->talk_to, false);
	fputs(",\n     \"text\": ", w->f);
	if (t->has_text)
		put_safe(w, t->text, false);
	else
		fputs("null", w->f);
	fputs(",\n     \"actions\": [", w->f);
	for (size_t n = 0; n < t->nactions; n++) {
		const struct concern_action_info *a = &t->actions[n];

		iso(a->time_ms, at, sizeof at);
		fprintf(w->f, "%s\n       {\"at\": \"%s\", \"by\": ", n ? "," : "", at);
		put_safe(w, a->staff, false);
		fprintf(w->f, ", \"status\": \"%s\", \"referral\": \"%s\", \"note\": ",
		    concern_state_name(a->state), concern_referral_name(a->referral));
		if (a->note)
			put_safe(w, a->note, false);
		else
			fputs("null", w->f);
		putc('}', w->f);
	}
	fputs("]}", w->f);
}

static void
write_csv(struct writer *w, const struct concern_text *t)
{
	const struct concern_info *i = &t->info;
	char buf[512], at[40];
	size_t len = 0, cap = 64;
	char *log;

	snprintf(buf, sizeof buf, "%lld", (long long)i->id);
	csv(w->f, buf, false);
	csv(w->f, i->receipt, false);
	iso(i->time_ms, at, sizeof at);
	csv(w->f, at, false);
	csv(w->f, concern_category_name(i->category), false);
	csv(w->f, concern_state_name(i->state), false);
	csv(w->f, concern_source_name(i->source), false);
	buf[0] = '\0';
	if (i->source == CONCERN_FROM_LEARNER)
		person_text(&t->reporter, buf, sizeof buf);
	put_safe(w, buf, false);
	put_safe(w, i->source != CONCERN_FROM_STAFF ? "" :
	    t->recorded_by[0] ? t->recorded_by : "(command line)", false);
	buf[0] = '\0';
	for (size_t n = 0; n < t->ninvolved; n++) {
		char one[400];

		person_text(&t->involved[n], one, sizeof one);
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s",
		    n ? "; " : "", one);
	}
	put_safe(w, buf, false);
	put_safe(w, t->talk_to, false);
	put_safe(w, t->has_text ? t->text : "(sealed to an earlier key: unreadable)",
	    false);
	/* The actions as one field, a paragraph each. */
	for (size_t n = 0; n < t->nactions; n++)
		cap += 128 + (t->actions[n].note ? strlen(t->actions[n].note) : 0);
	if (!(log = secret_alloc(cap))) {
		csv(w->f, "(no memory for the actions)", true);
		return;
	}
	for (size_t n = 0; n < t->nactions; n++) {
		const struct concern_action_info *a = &t->actions[n];

		iso(a->time_ms, at, sizeof at);
		len += (size_t)snprintf(log + len, cap - len, "%s%s %s: %s, %s: %s",
		    n ? "\n\n" : "", at, a->staff, concern_state_name(a->state),
		    concern_referral_name(a->referral), a->note ? a->note : "(sealed)");
	}
	put_safe(w, log, true);
	secret_free(&log, cap);
}

static bool
write_one(const struct concern_text *t, void *ctx)
{
	struct writer *w = ctx;

	if (w->json)
		write_json(w, t);
	else
		write_csv(w, t);
	w->n++;
	return !ferror(w->f);
}

static FILE *
open_out(const char *path)
{
	FILE *f;
	int fd;

	if (!path)
		return stdout;
	/* Confidential: a new file only, readable by its owner alone. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		fprintf(stderr, "signoff: concern export: %s: %s\n", path,
		    errno == EEXIST ? "exists; an export never overwrites" : strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return f;
}

static int
export(struct site *site, const struct opts *o)
{
	struct concerns_key *key = NULL;
	struct writer w = { NULL, false, 0 };
	enum core_status status;
	char at[40];
	struct staff who;
	int rc, closed;

	if (!o->as || o->id || (o->format && strcmp(o->format, "csv") != 0 &&
	    strcmp(o->format, "json") != 0))
		return usage();
	w.json = o->format && strcmp(o->format, "json") == 0;
	if ((rc = cli_concerns_unlock(site, o->as, &who, &key)) != EX_OK)
		return rc;
	if (!(w.f = open_out(o->out))) {
		concerns_key_free(&key);
		return EX_CANTCREAT;
	}
	/* Recorded before anything is written. */
	status = concern_record_export(site, key, w.json ? "json" : "csv");
	if (status != CORE_OK) {
		concerns_key_free(&key);
		if (w.f != stdout) {
			fclose(w.f);
			unlink(o->out);
		}
		return cli_fail("concern export", status);
	}
	iso(store_now_ms(), at, sizeof at);
	if (w.json) {
		fprintf(w.f, "{\"export\": \"concerns\",\n \"contains\": \"Safeguarding "
		    "concerns with their text, names and actions: confidential.\",\n"
		    " \"exported\": \"%s\", \"exported_by\": ", at);
		put_safe(&w, who.name, false);
		fputs(",\n \"concerns\": [", w.f);
	} else {
		fputs("\"id\",\"receipt\",\"reported\",\"category\",\"status\",\"source\","
		    "\"reporter\",\"recorded_by\",\"learners_involved\",\"talk_to\","
		    "\"text\",\"actions\"\r\n", w.f);
	}
	status = concern_each(site, key, write_one, &w);
	concerns_key_free(&key);
	if (w.json)
		fputs("\n ]}\n", w.f);
	closed = w.f == stdout ? fflush(w.f) : fclose(w.f);
	if (status != CORE_OK)
		return cli_fail("concern export", status);
	if (closed != 0) {
		fprintf(stderr, "signoff: concern export: writing failed: %s\n",
		    strerror(errno));
		return EX_IOERR;
	}
	fprintf(stderr, "Exported %lu concern%s with their text: keep the file as "
	    "confidentially as the concerns themselves.\n", w.n, w.n == 1 ? "" : "s");
	return EX_OK;
}

/* ---- recovery code ---- */

static int
recovery(struct site *site, const struct opts *o)
{
	struct concerns_key *key = NULL;
	enum core_status status;
	struct staff who;
	char *code;
	int rc;

	if (!o->as || o->id)
		return usage();
	if (!(code = secret_alloc(CONCERN_RECOVERY_LEN))) {
		fputs("signoff: no locked memory for the code\n", stderr);
		return EX_OSERR;
	}
	if ((rc = cli_concerns_unlock(site, o->as, &who, &key)) != EX_OK) {
		secret_free(&code, CONCERN_RECOVERY_LEN);
		return rc;
	}
	status = concerns_recovery_new(site, key, code);
	concerns_key_free(&key);
	if (status == CORE_OK)
		printf("Recovery code for the concerns key (shown once; it replaces any "
		    "earlier one):\n\n    %s\n\n"
		    "Write it down and keep it away from this machine, for example in the\n"
		    "organisation's safe. If no designated safeguarding lead or administrator\n"
		    "who can open concerns is left, it gives one access:\n"
		    "    signoff staff add NAME --role dsl --recovery\n"
		    "    signoff staff passwd NAME --recovery\n", code);
	secret_free(&code, CONCERN_RECOVERY_LEN);
	return status == CORE_OK ? EX_OK : cli_fail("concern recovery-code", status);
}

int
cmd_concern(const char *config, int argc, char **argv)
{
	static const char *const verbs[] = {
		"list", "show", "action", "record", "export", "recovery-code",
	};
	enum core_status status;
	struct site *site;
	struct opts o;
	size_t v;
	int rc;

	for (v = 0; argc >= 2 && v < sizeof verbs / sizeof verbs[0]; v++)
		if (strcmp(argv[1], verbs[v]) == 0)
			break;
	if (argc < 2 || v == sizeof verbs / sizeof verbs[0] ||
	    !parse(argc - 1, argv + 1, &o))
		return usage();
	if ((status = site_open(config, &site)) != CORE_OK)
		return cli_fail("opening the site", status);
	switch (v) {
	case 0:
		rc = o.id ? usage() : o.as ? list_queue(site, &o) : list_counts(site);
		break;
	case 1:
		rc = show(site, &o);
		break;
	case 2:
		rc = action(site, &o);
		break;
	case 3:
		rc = record(site, &o);
		break;
	case 4:
		rc = export(site, &o);
		break;
	default:
		rc = recovery(site, &o);
		break;
	}
	site_close(&site);
	return rc;
}
