#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""Walk the learner flow on a Linux virtual console by keyboard only, with
the Fenrir screen reader running, and write down what it said.

Not part of `make test`: it needs root, a virtual console (/dev/ttyN with
/dev/vcsaN and /dev/vcsuN) and Fenrir (Debian's fenrir package) set up to
speak through a command that logs its text (docs/screen-reader-walk.md
says how). The kiosk must already be running on the console, on the
welcome screen, with a fresh demo site.

    screen-reader-walk.py TTY SAID_LOG REFERENCE CODE PIN > transcript.md

Keys go to the console with TIOCSTI, as if typed. After each action the
screen is left to settle, then the hardware cursor's position, the line
from the cursor to its end (what a reader that follows the cursor reads
first) and what Fenrir said since the last action are recorded.
"""
import fcntl
import os
import struct
import sys
import termios
import time

TTY, SAID, REF, CODE, PIN = sys.argv[1:6]
NUM = TTY[len('/dev/tty'):]
KEYS = {'Tab': '\t', 'Enter': '\r', 'Space': ' ', 'Up': '\x1b[A',
        'Down': '\x1b[B', 'Right': '\x1b[C', 'Left': '\x1b[D',
        'PgDn': '\x1b[6~', 'PgUp': '\x1b[5~', 'F3': '\x1b[[C', 'Esc': '\x1b'}
BOX = set('│─┌┐└┘├┤┬┴┼|+-')
said_at = 0
rows_out = []


def screen():
    rows, cols, x, y = open('/dev/vcsa' + NUM, 'rb').read(4)
    raw = open('/dev/vcsu' + NUM, 'rb').read(rows * cols * 4)
    cells = struct.unpack('<%dI' % (rows * cols), raw)
    lines = [''.join(chr(c) for c in cells[r * cols:(r + 1) * cols])
             for r in range(rows)]
    return lines, x, y


def settle(quiet=0.4, limit=5.0):
    """Wait until neither the screen nor Fenrir's log changed for quiet s."""
    end = time.time() + limit
    last, still = None, time.time()
    while time.time() < end:
        now = (screen(), os.path.getsize(SAID) if os.path.exists(SAID) else 0)
        if now != last:
            last, still = now, time.time()
        elif time.time() - still >= quiet:
            return
        time.sleep(0.05)


def send(*names):
    fd = os.open(TTY, os.O_RDWR | os.O_NOCTTY)
    try:
        for name in names:
            seq = KEYS.get(name, name)
            for ch in seq.encode():
                fcntl.ioctl(fd, termios.TIOCSTI, bytes([ch]))
            time.sleep(0.05)
    finally:
        os.close(fd)
    settle()


def said():
    global said_at
    if not os.path.exists(SAID):
        return []
    with open(SAID, encoding='utf-8', errors='replace') as f:
        f.seek(said_at)
        text = f.read()
        said_at = f.tell()
    return [' '.join(t.split()) for t in text.splitlines() if t.strip()]


def at_cursor():
    lines, x, y = screen()
    return lines[y][x:].rstrip(), x, y, lines


def label_of(text):
    """The focused control's words: up to its end marker or box line."""
    return text.split('<')[0].split('│')[0].strip()


def note(action):
    text, x, y, lines = at_cursor()
    label = label_of(text)
    ch = text[:1]
    if '│' in lines[y][max(0, x - 3):x] and ch in ('', ' ', '●', '*'):
        where = 'a text box: the cursor is where typing goes, its label ' \
            'to the left'
    elif not ch or ch == ' ' or ch in BOX or ch in '>[(':
        where = 'NOT at a label: the cursor is on %r' % (ch or 'the end')
    else:
        where = 'label starts at the cursor'
    rows_out.append((action, x, y, label, where, said()))


def on_screen(text):
    return any(text in line for line in screen()[0])


def wait_for(text, limit=10.0):
    end = time.time() + limit
    while not on_screen(text):
        if time.time() > end:
            sys.exit('screen-reader-walk: "%s" never appeared' % text)
        time.sleep(0.1)
    settle()


def tab_to(label, limit=25, field=False):
    """Tab until the focused control is label (a field: its label to the
    left of the cursor, which sits where typing goes)."""
    for _ in range(limit):
        text, x, y, lines = at_cursor()
        if label in (lines[y][:x] if field else label_of(text)):
            return
        send('Tab')
    sys.exit('screen-reader-walk: no control "%s" by Tab' % label)


def seek(key, text, limit=30):
    for _ in range(limit):
        if on_screen(text):
            return
        send(key)
    sys.exit('screen-reader-walk: "%s" never shown by %s' % (text, key))


def typed(s):
    send(*list(s))


def main():
    settle()
    said()          # what came before the walk is not part of it
    wait_for('First time here')
    note('The welcome screen appears')
    send('Right')
    note('Right: to "First time here"')
    send('Enter')
    wait_for('Activation code')
    note('Enter: the first-time screen')
    typed(REF)
    note('Type the reference')
    send('Enter')
    note('Enter: to the activation code')
    typed(CODE)
    send('Enter')
    wait_for('Choose your PIN')
    note('Type the activation code, Enter: choose a PIN')
    typed(PIN)
    send('Enter')
    note('Type a PIN, Enter: type it again')
    typed(PIN)
    send('Enter')
    wait_for('Step 1 of')
    note('Type it again, Enter: step 1, a document')
    send('F3')
    note('F3: read to me')
    send('Enter')
    note('Enter: close the message')
    send('PgDn')
    note('PgDn: the next page')
    seek('PgDn', 'If you agree, choose Accept.')
    note('PgDn to the end')
    tab_to('Accept')
    note('Tab to Accept')
    send('Enter')
    wait_for('Step 2 of')
    note('Enter: step 2, a checklist')
    tab_to('Online Safety module')
    note('Tab to the first item')
    send('Space')
    note('Space: tick it')
    for _ in range(5):
        send('Down')
        note('Down: the next item')
        send('Space')
        note('Space: tick it')
    tab_to('Next')
    note('Tab to Next')
    send('Enter')
    wait_for('Step 3 of')
    note('Enter: step 3, the quiz')
    tab_to('Keep it to yourself.')
    note('Tab to a wrong answer')
    send('Enter')
    note('Enter: choose it')
    send('Down')
    note('Down: the next answer')
    send('Enter')
    note('Enter: choose it')
    for question, answer in (('2 of 4', 'No. You must not record'),
                             ('3 of 4', 'Your learning.'),
                             ('4 of 4', 'Just you, if you can.')):
        tab_to('Next')
        send('Enter')
        wait_for('question ' + question)
        note('Tab to Next, Enter: question ' + question)
        tab_to(answer)
        note('Tab to the right answer')
        send('Enter')
        note('Enter: choose it')
    tab_to('Next')
    send('Enter')
    wait_for('Step 4 of')
    note('Tab to Next, Enter: step 4, consent')
    tab_to('Next')
    seek('Enter', 'Choose Yes or No for each one.')
    note('Next until the choices')
    tab_to('No')
    note('Tab to the first No')
    send('Enter')
    note('Enter: No for the HCC website')
    send('Down', 'Left')
    note('Down, Left: the next Yes')
    send('Enter')
    note('Enter: Yes')
    for _ in range(5):
        send('Down')
        note('Down: the next place')
        send('Enter')
        note('Enter: Yes')
    tab_to('Next')
    send('Enter')
    wait_for('Step 5 of')
    note('Tab to Next, Enter: step 5, a notice')
    seek('PgDn', 'When you have read it')
    note('PgDn to the end')
    tab_to('I have read')
    note('Tab to "I have read this"')
    send('Enter')
    wait_for('Check and sign')
    note('Enter: check and sign')
    tab_to('Your PIN', field=True)
    note('Tab to the PIN')
    typed(PIN)
    note('Type the PIN')
    send('Enter')
    wait_for('Thank you, you have signed.', 30)
    note('Enter: signed, the receipt')
    tab_to('Finish')
    note('Tab to Finish')
    send('Enter')
    wait_for('First time here')
    note('Enter: the welcome again')

    print('| # | action | cursor (col, row) | text at the cursor | '
          'cursor on the label? | what Fenrir said |')
    print('|---|---|---|---|---|---|')
    for i, (action, x, y, label, where, words) in enumerate(rows_out, 1):
        spoken = ' / '.join(w.replace('|', '\\|') for w in words) or '(nothing)'
        print('| %d | %s | %d, %d | `%s` | %s | %s |' % (
            i, action, x, y, label.replace('|', '\\|').replace('`', "'"),
            where, spoken))


main()
