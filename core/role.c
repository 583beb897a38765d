/* SPDX-License-Identifier: ISC */
/* The one table of what each staff role may do; role.h says why. */
#include "role.h"

#define T (1u << ROLE_TUTOR)
#define D (1u << ROLE_DSL)
#define S (1u << ROLE_SUPERVISOR)
#define A (1u << ROLE_ADMIN)

/* For each action, the roles that may do it. */
static const unsigned allowed[ROLE_ACT_COUNT] = {
	[ROLE_ACT_VIEW_LEARNERS] = T | D | S | A,
	[ROLE_ACT_VIEW_LEARNER] = T | D | S,
	[ROLE_ACT_VIEW_HISTORY] = T | D | S,
	[ROLE_ACT_ENROL] = T | D,
	[ROLE_ACT_IMPORT] = T | D,
	[ROLE_ACT_RECORD_PERMISSION] = T | D,
	[ROLE_ACT_START_INDUCTION] = T | D,
	[ROLE_ACT_WITNESS] = T | D,
	[ROLE_ACT_RESET_PIN] = T | D,
	[ROLE_ACT_UNLOCK_LEARNER] = T | D,
	[ROLE_ACT_REISSUE_CODE] = T | D,
	[ROLE_ACT_WITHDRAW_CONSENT] = T | D,
	[ROLE_ACT_RECORD_CONCERN] = T | D,
	/* Issue 7: DSL and administrator sessions read concerns' text. */
	[ROLE_ACT_READ_CONCERNS] = D | A,
	[ROLE_ACT_ACTION_CONCERN] = D,
	[ROLE_ACT_DASHBOARD] = S,
	[ROLE_ACT_VERIFY] = S | A,
	[ROLE_ACT_EXPORT] = S,
	[ROLE_ACT_MANAGE_STAFF] = A,
	[ROLE_ACT_MANAGE_CONTENT] = A,
	[ROLE_ACT_ERASE] = A,
};

static const char *const action_words[ROLE_ACT_COUNT] = {
#define ROLE_ACTION_WORDS(name, words) [name] = words,
	ROLE_ACTIONS(ROLE_ACTION_WORDS)
#undef ROLE_ACTION_WORDS
};

bool
role_allows(enum staff_role role, enum role_action action)
{
	if ((unsigned)role > ROLE_ADMIN || (unsigned)action >= ROLE_ACT_COUNT)
		return false;
	return (allowed[action] & (1u << role)) != 0;
}

const char *
role_action_words(enum role_action action)
{
	return (unsigned)action < ROLE_ACT_COUNT ? action_words[action] :
	    "an unknown action";
}

const char *
role_words(enum staff_role role)
{
	switch (role) {
	case ROLE_TUTOR:
		return "tutor";
	case ROLE_DSL:
		return "designated safeguarding lead";
	case ROLE_SUPERVISOR:
		return "supervisor";
	case ROLE_ADMIN:
		return "administrator";
	}
	return "unknown role";
}

enum core_status
role_check(enum staff_role role, enum role_action action)
{
	if (role_allows(role, action))
		return CORE_OK;
	return core_fail(CORE_ERR_DENIED, "%s %s may not %s",
	    role == ROLE_ADMIN ? "an" : "a", role_words(role),
	    role_action_words(action));
}

enum core_status
role_authorize(struct site *site, const uint8_t *actor, enum role_action action)
{
	enum core_status status;
	struct staff s;

	if (!actor)
		return CORE_OK;
	status = staff_get_by_pseudonym(site, actor, &s);
	if (status == CORE_ERR_NOT_FOUND)
		return core_fail(CORE_ERR_DENIED, "the acting staff account does not exist");
	if (status != CORE_OK)
		return status;
	if (s.disabled || s.locked)
		return core_fail(CORE_ERR_DENIED, "the staff account %s is %s", s.name,
		    s.disabled ? "disabled" : "locked");
	return role_check(s.role, action);
}
