/* SPDX-License-Identifier: ISC */
/*
 * The kiosk app: the screen stack, the one event loop, idle handling and
 * the learner's walk while it lasts; and the few things every learner
 * screen shares (the step buttons, the help buttons, the plain messages).
 */
#ifndef SCREENS_APP_H
#define SCREENS_APP_H

#include <stddef.h>
#include <stdint.h>

#include "core/learner.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/walk.h"
#include "screens/screen.h"

struct tui_dialog;
struct tui_form;
struct tui_frame;
struct tui_outcome;

#define APP_MSG_AUTH "Those details did not match. Please check and try " \
	"again, or ask a member of staff."
#define APP_MSG_STORAGE "Sorry, this could not be saved. Please fetch a " \
	"member of staff."
#define APP_MSG_STAFF_AUTH "Those details did not match. Please check " \
	"them and try again."

/*
 * Run the kiosk on the terminal until SIGTERM, SIGHUP or the end of input.
 * Returns 0 after a clean end, or a sysexits code when the terminal could
 * not be used (core_detail() says why).
 */
int app_run(struct site *site);

/* Milliseconds on a clock that never goes back. */
uint64_t app_now_ms(void);

/* The walk being done, or NULL (borrowed, until NAV_HOME). */
struct walk *app_walk(struct app *app);
size_t app_step(const struct app *app);

/*
 * After a learner signed in: begin their walk and go to its first step,
 * or to a message (nothing to sign; permission not recorded). A storage
 * or other failure stays (NAV_STAY) with *status set for the screen.
 */
struct nav app_begin_walk(struct app *app, const struct learner *l,
    enum core_status *status);

/*
 * A member of staff confirmed the walk's witnessed steps: the app keeps
 * their signer (owned from here on) until the walk ends, and tells the walk.
 */
void app_set_witness(struct app *app, struct signer *signer,
    const uint8_t pseudonym[CRYPTO_ID_BYTES]);

/* To step i of the walk, or to the review when i is the step count. */
struct nav app_goto_step(struct app *app, size_t i);
/* "Step x of y" (y counts the review) with an optional ", page n of m". */
void app_step_label(const struct app *app, size_t i, const char *extra,
    char *out, size_t cap);

/* ---- staff mode ---- */

/*
 * Staff mode is a session in the app: who signed in (name, role and
 * pseudonym; no secret is kept). It ends on Lock (Ctrl-L, F12, the Lock
 * button), after [idle] staff_seconds without input (a warning first), and
 * when the terminal is handed to a learner; ending it is NAV_HOME, which
 * closes every screen (their leave() wipes what they held), forgets the
 * session and wipes the terminal and its scrollback.
 */
const struct staff *app_staff(const struct app *app);	/* NULL: not in it */
/* After a successful sign-in: staff mode begins at its home screen. */
struct nav app_staff_begin(struct app *app, const struct staff *who);
/*
 * Hand the terminal to a learner for a walk staff started (owned from
 * here on): staff mode ends and is wiped, and the walk's first step opens.
 */
struct nav app_staff_hand_over(struct app *app, struct walk *w);
/* A staff screen's frame: the title, who is signed in, Back and Lock. */
void app_staff_frame(struct app *app, struct tui_frame *fr, const char *title,
    const char *primary, unsigned flags);
/* The frame's Lock and Help buttons; NAV_PASS for anything else. */
struct nav app_staff_button(struct app *app, int frame_id);
/*
 * The words for a staff form whose save failed, into buf (returned): what
 * core found wrong (CORE_ERR_INVALID, "Please check this: ..."), denied
 * (CORE_ERR_DENIED: the role may not), or to try again.
 */
const char *app_staff_save_failed(enum core_status status, const char *denied,
    char *buf, size_t cap);

/* Help, Report a concern, Read to me, Ask staff: by frame button id. */
struct nav app_assist(struct app *app, int frame_id);

/*
 * Keys on a form of two fields and a primary button (identify, choose a
 * PIN, witness, staff sign-in): Enter on the first field moves to the
 * second; Enter there, or the primary button, calls submit; Back or Esc
 * goes back; the frame's other buttons are staff mode's (staff) or the
 * learner's assists. F12 and Lock do nothing on the staff sign-in itself.
 */
struct nav app_pair_action(struct screen *scr, struct tui_form *form,
    struct tui_ctl *first, struct tui_ctl *second,
    struct nav (*submit)(struct screen *), bool staff,
    const struct tui_event *ev);

/*
 * The step screens' shared buttons: Back (with "Do you want to stop?" on
 * the first step), "I do not agree" with its confirm, the dialogs'
 * answers, and the help buttons. NAV_PASS when the outcome is not one of
 * these (e.g. Next).
 */
struct nav app_step_outcome(struct screen *scr, struct tui_form *form,
    struct tui_dialog *dlg, const struct tui_outcome *o);
/* Esc on a step: what Back does. */
struct nav app_step_back(struct screen *scr, struct tui_form *form,
    struct tui_dialog *dlg);
/* The current step is finished: mark it done and go on. */
struct nav app_step_done(struct app *app);
/* A step frame: its title, "Step x of y", the primary and "I do not agree". */
void app_step_frame(struct app *app, struct tui_frame *fr, const char *title,
    const char *primary);

#endif
