/* SPDX-License-Identifier: ISC */
/*
 * Read to me's words (tui/say.c): the page in reading order, then the
 * focused control's label and state; a field's contents (a PIN, a code)
 * are never among them; an open dialog is read instead of the form.
 */
#include "widgetutil.h"

#include "tui/button.h"
#include "tui/dialog.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/label.h"
#include "tui/list.h"
#include "tui/say.h"

struct page {
	struct tui_form form;
	struct tui_header head;
	struct tui_label intro;
	struct tui_field pin;
	struct tui_button next;
	char buf[16];
};

static void
make_page(struct page *p)
{
	memset(p, 0, sizeof *p);
	tui_form_init(&p->form);
	tui_header_init(&p->head, "Check and sign");
	tui_header_set(&p->head, "Check and sign", "Step 6 of 6");
	tui_label_init(&p->intro, "Type your PIN. Then choose Sign",
	    TUI_ROLE_BODY);
	tui_field_init(&p->pin, 1, "Your PIN", p->buf, sizeof p->buf,
	    TUI_FIELD_MASK | TUI_FIELD_DIGITS);
	tui_button_init(&p->next, 2, "Sign");
	/* Added out of reading order: the header last, as frames do. */
	tui_form_add(&p->form, &p->intro.ctl);
	tui_form_add(&p->form, &p->pin.ctl);
	tui_form_add(&p->form, &p->next.ctl);
	tui_form_add(&p->form, &p->head.ctl);
	tui_ctl_place(&p->head.ctl, (struct tui_rect){0, 0, 1, 80});
	tui_ctl_place(&p->intro.ctl, (struct tui_rect){2, 1, 2, 78});
	tui_ctl_place(&p->pin.ctl, (struct tui_rect){5, 1, 3, 34});
	tui_ctl_place(&p->next.ctl, (struct tui_rect){9, 1, 3, 12});
	snprintf(p->buf, sizeof p->buf, "482916");
	tui_field_caret_end(&p->pin);
}

static void
test_page_then_focus(void **state)
{
	static struct tui_say s;
	struct page p;
	size_t n;

	(void)state;
	make_page(&p);
	tui_form_focus(&p.form, &p.pin.ctl);
	tui_say_init(&s);
	tui_say_form(&s, &p.form);
	assert_string_equal(s.buf, "Check and sign. Step 6 of 6. Type your "
	    "PIN. Then choose Sign. You are on the box: Your PIN. 6 numbers "
	    "typed.");
	assert_null(strstr(s.buf, "482916"));
	n = tui_say_sentences(&s);
	assert_int_equal(n, 6);
	assert_string_equal(s.sentence[0], "Check and sign.");
	assert_string_equal(s.sentence[4], "You are on the box: Your PIN.");
	assert_string_equal(s.sentence[5], "6 numbers typed.");

	tui_form_focus(&p.form, &p.next.ctl);
	tui_say_init(&s);
	tui_say_form(&s, &p.form);
	assert_non_null(strstr(s.buf, "You are on the button: Sign."));
	assert_null(strstr(s.buf, "482916"));
}

static void
test_dialog_and_list(void **state)
{
	static struct tui_say s;
	struct tui_dialog d;
	struct tui_list l;
	signed char yn[2] = {1, -1};
	struct page p;

	(void)state;
	make_page(&p);
	tui_list_init(&l, 3, TUI_LIST_YESNO);
	tui_list_bind_yesno(&l, yn);
	assert_true(tui_list_add(&l, "HCC website", NULL));
	assert_true(tui_list_add(&l, "Media releases", NULL));
	tui_form_add(&p.form, &l.ctl);
	tui_ctl_place(&l.ctl, (struct tui_rect){13, 1, 6, 78});
	tui_form_focus(&p.form, &l.ctl);
	tui_say_init(&s);
	tui_say_form(&s, &p.form);
	assert_non_null(strstr(s.buf, "HCC website. Yes. Media releases. Not "
	    "answered yet. You are on the line: HCC website. Yes."));
	tui_list_clear(&l);

	tui_dialog_init(&d, 7, "Stop?", "Do you want to stop?", "Yes, stop",
	    "No, carry on");
	tui_form_open(&p.form, &d);
	tui_say_init(&s);
	tui_say_form(&s, &p.form);
	assert_non_null(strstr(s.buf, "Stop? Do you want to stop? You are on "
	    "the button: No, carry on."));
	assert_null(strstr(s.buf, "482916"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_then_focus),
		cmocka_unit_test(test_dialog_and_list),
	};

	return cmocka_run_group_tests_name("say", tests, NULL, NULL);
}
