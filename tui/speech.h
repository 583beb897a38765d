/* SPDX-License-Identifier: ISC */
/*
 * Read to me (SPEC 11a): text spoken by a separate speech program,
 * espeak-ng by default, so no GPL code is linked into signoff. One
 * sentence is spoken per run of the program, which gives the screen the
 * sentence to highlight and lets any key stop the speech at once (the
 * process group is killed).
 *
 * Secrets: the screen chooses every word spoken. Never pass the contents
 * of a field (a PIN, an activation code, a typed reference), only labels
 * and states ("Your PIN, 4 digits typed"). As a last guard, a run of six
 * or more digits and anything shaped like an activation code ("ABCD-EFGH")
 * is replaced by the word "hidden" before it leaves the process.
 *
 * The loop: tui_speech_say starts; call tui_speech_tick every turn
 * (tui_speech_wait_ms says how soon the loop should wake while speaking:
 * it reaps the finished program without blocking and starts the next
 * sentence) and tui_speech_stop on any key or tap. With no speech program
 * or no sound device, tui_speech_status says TUI_SPEECH_UNAVAILABLE and
 * the screen shows TUI_SPEECH_UNAVAILABLE_TEXT; the kiosk carries on.
 */
#ifndef TUI_SPEECH_H
#define TUI_SPEECH_H

#include <stdbool.h>
#include <stddef.h>

#define TUI_SPEECH_UNAVAILABLE_TEXT "Read to me is not working on this " \
	"computer. Please ask a member of staff to read with you."

/* Sentences longer than this are cut; more than TUI_SPEECH_MAX are not read. */
#define TUI_SPEECH_SENTENCE_MAX 1024
#define TUI_SPEECH_MAX 512

enum tui_speech_status {
	TUI_SPEECH_IDLE,	/* nothing said, or finished, or stopped */
	TUI_SPEECH_SPEAKING,
	TUI_SPEECH_UNAVAILABLE,	/* the program is missing or could not speak */
};

/*
 * The program to run, with no arguments (they are added: "-v en-gb -s
 * RATE -b 1", British English, words per minute, UTF-8 text on standard
 * input). NULL: $SIGNOFF_SPEECH if set, else "espeak-ng" on PATH. Copied.
 */
void tui_speech_set_program(const char *program);

/*
 * Stop anything being said, then say sentences[0..n) in order (copied).
 * TUI_SPEECH_SPEAKING, or TUI_SPEECH_UNAVAILABLE when the program could
 * not be started; TUI_SPEECH_IDLE for nothing to say.
 */
enum tui_speech_status tui_speech_say(const char *const *sentences, size_t n);

/*
 * Reap the program when it has finished (never waiting for it) and start
 * the next sentence. The index of the sentence being said, or -1 when
 * nothing is (then tui_speech_status says whether it finished or failed).
 */
int tui_speech_tick(void);

/* How soon to call tui_speech_tick again, in ms; -1 when not speaking. */
int tui_speech_wait_ms(void);

/* Stop at once: the program and anything it started are killed. */
void tui_speech_stop(void);

/* Stop, and wait for every program started: at exit only. */
void tui_speech_shutdown(void);

enum tui_speech_status tui_speech_status(void);
bool tui_speech_active(void);

/*
 * Slower and faster, in steps (words per minute, 100 to 200; 150 at
 * first). From the next sentence on. Returns the new rate.
 */
int tui_speech_rate_down(void);
int tui_speech_rate_up(void);
int tui_speech_rate(void);

/* Where sentences end in text: . ! or ? then a space or the end. */
struct tui_span {
	size_t off, len;
};
size_t tui_speech_split(const char *text, struct tui_span *spans, size_t max);

#endif
