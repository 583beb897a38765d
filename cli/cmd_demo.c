/* SPDX-License-Identifier: ISC */
/*
 * signoff demo: initialise the site if needed, then enrol sample learners in
 * every group and one staff account per role, printing their credentials as
 * lines that people and test scripts can read:
 *   learner  REFERENCE  GROUP  ACTIVATION-CODE  GIVEN FAMILY
 *   staff  ID  ROLE  PASSPHRASE
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/learner.h"
#include "core/permission.h"
#include "core/staff.h"

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

static int
add_staff(struct site *site, uint8_t tutor[CRYPTO_ID_BYTES])
{
	enum core_status status;
	struct staff who;
	enum staff_role role;
	char pass[20];
	size_t i;

	for (i = 0; i < sizeof demo_staff / sizeof demo_staff[0]; i++) {
		make_passphrase(pass);
		staff_role_parse(demo_staff[i][1], &role);
		status = staff_add(site, demo_staff[i][0], role, pass, NULL);
		if (status == CORE_OK)
			status = staff_get(site, demo_staff[i][0], &who);
		if (status != CORE_OK)
			return cli_fail("demo: adding staff", status);
		printf("staff  %s  %s  %s\n", demo_staff[i][0], demo_staff[i][1], pass);
		if (role == ROLE_TUTOR)
			memcpy(tutor, who.pseudonym, CRYPTO_ID_BYTES);
		crypto_wipe(pass, sizeof pass);
	}
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

int
cmd_demo(const char *config, int argc, char **argv)
{
	uint8_t tutor[CRYPTO_ID_BYTES] = { 0 };
	char fpr[CRYPTO_FPR_LEN];
	enum core_status status;
	struct learner probe;
	struct site *site;
	int rc;

	(void)argv;
	if (argc > 1) {
		fputs("usage: signoff [-c FILE] demo\n", stderr);
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
	rc = add_staff(site, tutor);
	if (rc == EX_OK)
		rc = add_learners(site, tutor);
	site_close(&site);
	return rc;
}
