/* SPDX-License-Identifier: ISC */
/*
 * signoff init, kiosk and verify (with --checkpoint and --kiosk-key).
 * verify runs the whole-file quick check first, since opening does not.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/checkpoint.h"
#include "core/concern.h"
#include "core/site.h"
#include "core/verify.h"
#include "screens/app.h"

int
cmd_init(const char *config, int argc, char **argv)
{
	char fpr[CRYPTO_FPR_LEN];
	enum core_status status;

	(void)argv;
	if (argc > 1) {
		fputs("usage: signoff [-c FILE] init\n", stderr);
		return EX_USAGE;
	}
	if ((status = site_init(config, fpr)) != CORE_OK)
		return cli_fail("init", status);
	printf("Initialised the site of %s.\n", config);
	printf("Kiosk key fingerprint (note it down and keep it off this machine;\n"
	    "verify --kiosk-key checks it):\n  %s\n", fpr);
	return EX_OK;
}

int
cmd_kiosk(const char *config, int argc, char **argv)
{
	enum core_status status;
	struct site *site;
	int rc;

	(void)argv;
	if (argc > 1) {
		fputs("usage: signoff [-c FILE] kiosk\n", stderr);
		return EX_USAGE;
	}
#ifdef M_ARENA_MAX
	/*
	 * One malloc arena: the kiosk's one helper thread (the background
	 * check) then reuses what start-up freed rather than growing its own.
	 */
	mallopt(M_ARENA_MAX, 1);
#endif
	/* The database opens on a thread while the kiosk paints. */
	if ((status = site_open_kiosk_begin(config, &site)) != CORE_OK)
		return cli_fail("opening the site", status);
	rc = app_run(site);
	if ((status = site_open_kiosk_end(site)) != CORE_OK) {
		site_close(&site);
		return cli_fail("opening the site", status);
	}
	site_close(&site);
	if (rc != EX_OK && core_detail()[0]) {
		fputs("signoff: kiosk: ", stderr);
		cli_put(stderr, core_detail());
		fputc('\n', stderr);
	}
	return rc;
}

static void
show_progress(uint64_t done, uint64_t total, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "\rverifying: %llu of %llu records",
	    (unsigned long long)done, (unsigned long long)total);
}

static void
hex(const uint8_t *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Fingerprints compare without spaces or case, as people copy them. */
static bool
same_fingerprint(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == ':')
			a++;
		while (*b == ' ' || *b == ':')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if ((*a | 0x20) != (*b | 0x20))
			return false;
		a++;
		b++;
	}
}

/* The checkpoint file, whole; NULL (message printed) if it cannot be read. */
static char *
read_checkpoint(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (!f) {
		fprintf(stderr, "signoff: verify: ");
		cli_put(stderr, path);
		fprintf(stderr, ": %s\n", strerror(errno));
		return NULL;
	}
	if (!(buf = malloc(CHECKPOINT_MAX + 2))) {
		fclose(f);
		fputs("signoff: verify: out of memory\n", stderr);
		return NULL;
	}
	*len = fread(buf, 1, CHECKPOINT_MAX + 1, f);
	if (ferror(f)) {
		fprintf(stderr, "signoff: verify: ");
		cli_put(stderr, path);
		fputs(": cannot read it\n", stderr);
		free(buf);
		buf = NULL;
	} else {
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

static int
print_failure(const struct verify_report *rep)
{
	printf("FAILED at seq %llu, field %s: ", (unsigned long long)rep->bad_seq,
	    rep->bad_field);
	cli_put(stdout, rep->reason);
	putchar('\n');
	return 1;
}

/* The whole ledger, then the checkpoint, in one read snapshot. */
static enum core_status
verify_site(struct site *site, const uint8_t *pinned, const char *note,
    size_t note_len, struct verify_report *rep, struct verify_report *cp)
{
	bool tty = isatty(STDERR_FILENO);
	enum core_status status;

	if ((status = store_begin_read(site->st)) != CORE_OK)
		return status;
	status = verify_ledger(site->st, pinned, tty ? show_progress : NULL, NULL, rep);
	if (tty)
		fputc('\n', stderr);
	/* Concerns' sealed rows must match what the ledger recorded of them. */
	if (status == CORE_OK && (status = concern_verify(site, &rep->bad_seq)) ==
	    CORE_ERR_VERIFY) {
		snprintf(rep->bad_field, sizeof rep->bad_field, "concerns");
		snprintf(rep->reason, sizeof rep->reason, "%s", core_detail());
	}
	if (status == CORE_OK && note)
		status = checkpoint_verify(site, note, note_len, pinned, cp);
	store_rollback(site->st);
	return status;
}

int
cmd_verify(const char *config, int argc, char **argv)
{
	uint8_t pk[CRYPTO_PK_BYTES];
	char fpr[CRYPTO_FPR_LEN], head[2 * CRYPTO_HASH_BYTES + 1];
	const char *pin = NULL, *note_path = NULL;
	struct verify_report rep, cp;
	enum core_status status;
	struct site *site;
	char *note = NULL;
	size_t note_len = 0;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--kiosk-key") == 0 && i + 1 < argc) {
			pin = argv[++i];
		} else if (strcmp(argv[i], "--checkpoint") == 0 && i + 1 < argc) {
			note_path = argv[++i];
		} else {
			fputs("usage: signoff [-c FILE] verify [--checkpoint FILE] "
			    "[--kiosk-key FINGERPRINT]\n", stderr);
			return EX_USAGE;
		}
	}
	if (note_path && !(note = read_checkpoint(note_path, &note_len)))
		return EX_NOINPUT;
	if ((status = site_open(config, &site)) != CORE_OK) {
		free(note);
		return cli_fail("opening the site", status);
	}
	/* Opening reads little of the file; verify vouches for all of it. */
	if ((status = store_quick_check(site->st)) != CORE_OK) {
		site_close(&site);
		free(note);
		return cli_fail("checking the database", status);
	}
	if (pin) {
		status = store_meta_get(site->st, "kiosk_pk", pk, sizeof pk, NULL);
		if (status != CORE_OK) {
			site_close(&site);
			free(note);
			return cli_fail("reading the kiosk key", status);
		}
		crypto_fingerprint(pk, fpr);
		if (!same_fingerprint(fpr, pin)) {
			fprintf(stderr, "signoff: verify: FAILED: the kiosk key in the "
			    "database is %s, not the one given\n", fpr);
			site_close(&site);
			free(note);
			return 1;
		}
	}
	memset(&cp, 0, sizeof cp);
	status = verify_site(site, pin ? pk : NULL, note, note_len, &rep, &cp);
	site_close(&site);
	free(note);
	if (status == CORE_ERR_VERIFY)
		return print_failure(rep.bad_field[0] ? &rep : &cp);
	if (status != CORE_OK)
		return cli_fail("verify", status);
	hex(rep.head, sizeof rep.head, head);
	printf("OK: %llu records, seq %llu to %llu, head %s\n",
	    (unsigned long long)rep.count, (unsigned long long)rep.first_seq,
	    (unsigned long long)rep.last_seq, head);
	if (note_path) {
		hex(cp.head, sizeof cp.head, head);
		printf("Checkpoint OK: the records still hold seq 1 to %llu, head %s\n",
		    (unsigned long long)cp.last_seq, head);
	}
	return EX_OK;
}
