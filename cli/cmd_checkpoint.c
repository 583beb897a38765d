/* SPDX-License-Identifier: ISC */
/*
 * signoff checkpoint [-o FILE]: verify the records, then write a note of
 * their size and head hash signed with the kiosk key, to stdout or to a new
 * file (mode 0600, never overwritten), for keeping off this machine.
 * `signoff verify --checkpoint FILE` checks it later. A ledger that fails
 * verification gets no checkpoint: signing one would vouch for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/checkpoint.h"
#include "core/site.h"
#include "core/verify.h"

static void
progress(uint64_t done, uint64_t total, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "\rverifying: %llu of %llu records",
	    (unsigned long long)done, (unsigned long long)total);
}

/* A new file, 0600, never an existing one; removed again if writing fails. */
static int
write_new(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	int err = 0;

	if (fd < 0) {
		err = errno;
		fputs("signoff: checkpoint: ", stderr);
		cli_put(stderr, path);
		if (err == EEXIST) {
			fputs(": already exists; a checkpoint never overwrites a file\n",
			    stderr);
			return EX_CANTCREAT;
		}
		fprintf(stderr, ": %s\n", strerror(err));
		return EX_CANTCREAT;
	}
	while (len > 0 && !err) {
		ssize_t n = write(fd, text, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? errno : EIO;
			break;
		}
		text += n;
		len -= (size_t)n;
	}
	if (!err && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && !err)
		err = errno;
	if (err) {
		unlink(path);
		fputs("signoff: checkpoint: ", stderr);
		cli_put(stderr, path);
		fprintf(stderr, ": %s\n", strerror(err));
		return EX_IOERR;
	}
	return EX_OK;
}

int
cmd_checkpoint(const char *config, int argc, char **argv)
{
	bool tty = isatty(STDERR_FILENO);
	const char *path = NULL;
	struct verify_report rep;
	enum core_status status;
	struct site *site;
	char *text = NULL;
	size_t len = 0;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && !path) {
			path = argv[++i];
		} else {
			fputs("usage: signoff [-c FILE] checkpoint [-o FILE]\n", stderr);
			return EX_USAGE;
		}
	}
	if ((status = site_open(config, &site)) != CORE_OK)
		return cli_fail("opening the site", status);
	/* Verify and take the head in one snapshot: the note vouches for what was checked. */
	status = store_begin_read(site->st);
	if (status == CORE_OK) {
		status = verify_ledger(site->st, NULL, tty ? progress : NULL, NULL, &rep);
		if (tty)
			fputc('\n', stderr);
		if (status == CORE_OK)
			status = checkpoint_write(site, &text, &len);
		store_rollback(site->st);
	}
	site_close(&site);
	if (status == CORE_ERR_VERIFY) {
		printf("FAILED at seq %llu, field %s: ", (unsigned long long)rep.bad_seq,
		    rep.bad_field);
		cli_put(stdout, rep.reason);
		puts("\nNo checkpoint written: the records failed verification.");
		return 1;
	}
	if (status != CORE_OK)
		return cli_fail("checkpoint", status);
	if (!path) {
		rc = fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0 ?
		    EX_OK : EX_IOERR;
	} else if ((rc = write_new(path, text, len)) == EX_OK) {
		printf("Wrote a checkpoint of seq 1 to %llu to ", (unsigned long long)rep.last_seq);
		cli_put(stdout, path);
		puts(".\nKeep a copy off this machine; `signoff verify --checkpoint FILE` "
		    "checks it.");
	}
	free(text);
	return rc;
}
