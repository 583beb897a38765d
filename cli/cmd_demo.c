/* SPDX-License-Identifier: ISC */
/*
 * signoff demo: initialise the site if needed, then enrol sample learners in
 * every group and one staff account per role, printing their credentials as
 * lines that people and test scripts can read:
 *   learner  REFERENCE  GROUP  ACTIVATION-CODE  GIVEN FAMILY
 *   staff  ID  ROLE  PASSPHRASE
 * The DSL and the administrator both hold a copy of the concerns key.
 *
 * demo --learners N also enrols N more learners in bulk (core/bulk.h), a
 * large realistic site for benchmarks, with progress on stderr and, last,
 *   bulk  LEARNERS  LEDGER-ENTRIES  SHARED-PIN  SHARED-ACTIVATION-CODE
 * The tutor witnesses their witnessed steps. Their enrolments are not
 * told to syslog (a million lines would bury real staff actions); the
 * ledger records them as always.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "core/bulk.h"
#include "core/concern.h"
#include "core/learner.h"
#include "core/permission.h"
#include "core/staff.h"

/* Enough for any site a kiosk will hold, and a bound on a typo. */
#define DEMO_LEARNERS_MAX 100000000ULL

struct demo_learner {
	const char *ref, *group, *given, *family;
	bool permission;
};

static const struct demo_learner demo_learners[] = {
	{ "HA-YP-001", "ha-young-people", "Amira", "Khan", false },
	{ "HA-YP-002", "ha-young-people", "Ben", "Carter", false },
	{ "HA-YP-003", "ha-young-people", "Chloé", "Dubois", false },
	{ "HA-AD-001", "ha-adult", "Dawit", "Bekele", false },
	{ "HA-AD-002", "ha-adult", "Eilidh", "MacLeod", false },
	{ "HA-AD-003", "ha-adult", "Fatima", "Begum", false },
	{ "SS-001", "ss-secure", "Jordan", "Price", true },
	{ "SS-002", "ss-secure", "Kai", "Thompson", true },
	{ "SS-003", "ss-secure", "Liam", "O'Neill", false },
};

static const char *const demo_staff[][2] = {
	{ "tutor", "tutor" },
	{ "dsl", "dsl" },
	{ "supervisor", "supervisor" },
	{ "admin", "admin" },
};

/* Four groups of four from an unambiguous alphabet: easy to type, hard to guess. */
static void
make_passphrase(char out[20])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	size_t i, j = 0;

	for (i = 0; i < 16; i++) {
		if (i && i % 4 == 0)
			out[j++] = '-';
		out[j++] = alphabet[crypto_random_below(sizeof alphabet - 1)];
	}
	out[j] = '\0';
}

/*
 * The first DSL makes the concerns key; the administrator gets a copy
 * opened with the DSL's passphrase (SPEC 1: administrators read concerns).
 * Opening it is a sign-in by the DSL, recorded like any other.
 */
static enum core_status
add_one(struct site *site, const char *name, enum staff_role role,
    const char *pass, struct concerns_key **key, struct staff *who)
{
	enum core_status status;

	status = staff_add_keyed(site, name, role, pass, NULL, *key);
	if (status == CORE_OK)
		status = staff_get(site, name, who);
	if (status == CORE_OK && role == ROLE_DSL && !*key)
		status = concerns_key_open(site, who, pass, key);
	return status;
}

/* tutor_pass (may be NULL) keeps the tutor's passphrase, for bulk witnessing. */
static int
add_staff(struct site *site, uint8_t tutor[CRYPTO_ID_BYTES], char tutor_pass[20])
{
	struct concerns_key *key = NULL;
	enum core_status status;
	struct staff who;
	enum staff_role role;
	char pass[20];
	size_t i;

	for (i = 0; i < sizeof demo_staff / sizeof demo_staff[0]; i++) {
		make_passphrase(pass);
		staff_role_parse(demo_staff[i][1], &role);
		status = add_one(site, demo_staff[i][0], role, pass, &key, &who);
		if (status != CORE_OK) {
			crypto_wipe(pass, sizeof pass);
			concerns_key_free(&key);
			return cli_fail("demo: adding staff", status);
		}
		printf("staff  %s  %s  %s\n", demo_staff[i][0], demo_staff[i][1], pass);
		if (role == ROLE_TUTOR) {
			memcpy(tutor, who.pseudonym, CRYPTO_ID_BYTES);
			if (tutor_pass)
				memcpy(tutor_pass, pass, sizeof pass);
		}
		crypto_wipe(pass, sizeof pass);
	}
	concerns_key_free(&key);
	return EX_OK;
}

static int
add_learners(struct site *site, const uint8_t tutor[CRYPTO_ID_BYTES])
{
	char code[LEARNER_CODE_LEN];
	enum core_status status;
	struct learner l;
	size_t i;

	for (i = 0; i < sizeof demo_learners / sizeof demo_learners[0]; i++) {
		const struct demo_learner *d = &demo_learners[i];

		status = learner_add(site, d->ref, d->given, d->family, d->group,
		    "2026-27", tutor, code);
		if (status == CORE_OK && d->permission)
			status = learner_get(site, d->ref, &l);
		if (status == CORE_OK && d->permission)
			status = permission_record(site, &l, PERMISSION_PARENT,
			    "DEMO-LETTER-1", "2026-09-01", tutor);
		if (status != CORE_OK)
			return cli_fail("demo: enrolling learners", status);
		printf("learner  %s  %s  %s  %s %s\n", d->ref, d->group, code,
		    d->given, d->family);
	}
	return EX_OK;
}

/* ---- demo --learners N ---- */

struct progress {
	struct timespec start;
	uint64_t last;
};

static double
seconds_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) +
	    (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void
show_progress(uint64_t done, uint64_t total, void *ctx)
{
	struct progress *p = ctx;
	double secs = seconds_since(&p->start);

	if (done - p->last < 50000 && done < total)
		return;
	p->last = done;
	fprintf(stderr, "bulk: %llu of %llu learners, %.0f s (%.0f a second)\n",
	    (unsigned long long)done, (unsigned long long)total, secs,
	    secs > 0 ? (double)done / secs : 0.0);
}

/* A PIN of the configured length that the policy accepts. */
static void
make_pin(const struct config *cfg, char *pin, size_t cap)
{
	size_t i, n = cfg->pin_length < cap - 1 ? cfg->pin_length : cap - 1;

	do {
		for (i = 0; i < n; i++)
			pin[i] = (char)('0' + crypto_random_below(10));
		pin[n] = '\0';
	} while (learner_pin_policy(cfg, pin) != CORE_OK);
	core_detail_clear();
}

static int
add_bulk(struct site *site, uint64_t n, const uint8_t tutor[CRYPTO_ID_BYTES],
    const char *tutor_pass)
{
	char pin[LEARNER_PIN_MAX + 1];
	struct signer *witness = NULL;
	struct bulk_result res;
	struct bulk_plan plan;
	struct progress prog;
	enum core_status status;
	struct staff who;

	status = staff_get(site, "tutor", &who);
	if (status == CORE_OK)
		status = staff_unseal(site, &who, tutor_pass, &witness);
	if (status != CORE_OK)
		return cli_fail("demo: opening the tutor's key", status);
	make_pin(site->cfg, pin, sizeof pin);
	memset(&plan, 0, sizeof plan);
	plan.learners = n;
	plan.pin = pin;
	plan.enrolled_by = tutor;
	plan.witness = witness;
	plan.witness_id = tutor;
	plan.seed = 20260901;
	plan.progress = show_progress;
	plan.ctx = &prog;
	memset(&prog, 0, sizeof prog);
	clock_gettime(CLOCK_MONOTONIC, &prog.start);
	core_set_audit_hook(NULL);
	status = bulk_enrol(site, &plan, &res);
	signer_free(&witness);
	if (status != CORE_OK) {
		fprintf(stderr, "bulk: %llu learners were committed before this:\n",
		    (unsigned long long)res.learners);
		return cli_fail("demo: bulk enrolment", status);
	}
	fprintf(stderr, "bulk: %llu learners, %llu ledger entries in %.0f s: "
	    "%llu awaiting activation, %llu with a PIN only, %llu part signed, "
	    "%llu all signed (%llu declined a step), %llu locked, %llu left, "
	    "%llu without permission\n",
	    (unsigned long long)res.learners, (unsigned long long)res.events,
	    seconds_since(&prog.start), (unsigned long long)res.awaiting,
	    (unsigned long long)res.active, (unsigned long long)res.partial,
	    (unsigned long long)res.signed_all, (unsigned long long)res.declined,
	    (unsigned long long)res.locked, (unsigned long long)res.left,
	    (unsigned long long)res.no_permission);
	printf("bulk  %llu  %llu  %s  %s\n", (unsigned long long)res.learners,
	    (unsigned long long)res.events, pin, res.code);
	crypto_wipe(pin, sizeof pin);
	return EX_OK;
}

static bool
parse_count(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v == 0 ||
	    v > DEMO_LEARNERS_MAX)
		return false;
	*out = v;
	return true;
}

int
cmd_demo(const char *config, int argc, char **argv)
{
	uint8_t tutor[CRYPTO_ID_BYTES] = { 0 };
	char fpr[CRYPTO_FPR_LEN];
	enum core_status status;
	struct learner probe;
	struct site *site;
	int rc;

	uint64_t bulk = 0;
	char tutor_pass[20] = "";

	if (argc == 3 && strcmp(argv[1], "--learners") == 0) {
		if (!parse_count(argv[2], &bulk)) {
			fprintf(stderr, "signoff: demo: --learners: expected 1 to %llu, "
			    "got \"%s\"\n", DEMO_LEARNERS_MAX, argv[2]);
			return EX_USAGE;
		}
	} else if (argc > 1) {
		fputs("usage: signoff [-c FILE] demo [--learners N]\n", stderr);
		return EX_USAGE;
	}
	status = site_init(config, fpr);
	if (status == CORE_OK)
		printf("kiosk key fingerprint: %s\n", fpr);
	else if (status != CORE_ERR_EXISTS)
		return cli_fail("demo: init", status);
	if ((status = site_open(config, &site)) != CORE_OK)
		return cli_fail("demo: opening the site", status);
	if (learner_get(site, demo_learners[0].ref, &probe) == CORE_OK) {
		site_close(&site);
		fputs("signoff: demo: this site already has the demo learners\n", stderr);
		return EX_CANTCREAT;
	}
	rc = add_staff(site, tutor, tutor_pass);
	if (rc == EX_OK)
		rc = add_learners(site, tutor);
	fflush(stdout);
	if (rc == EX_OK && bulk)
		rc = add_bulk(site, bulk, tutor, tutor_pass);
	crypto_wipe(tutor_pass, sizeof tutor_pass);
	site_close(&site);
	return rc;
}
