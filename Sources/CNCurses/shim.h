#ifndef SIGNALBOX_CNCURSES_SHIM_H
#define SIGNALBOX_CNCURSES_SHIM_H

// SwiftPM drops the cflags pkg-config gives for ncursesw, so the wide-character API
// (cchar_t, setcchar, wget_wch, wadd_wch) must be switched on here, before the include.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

// Swift cannot import function-like macros, and under strict concurrency it rejects the
// mutable C globals (stdscr, COLOR_PAIRS, stdin, stdout). Everything the
// Terminal module needs of them goes through these wrappers.

/// wcwidth, which glibc declares only under _XOPEN_SOURCE (and Swift's Glibc module is built
/// without it): the width curses itself gives a character, -1 if unprintable in this locale.
extern int wcwidth(wchar_t c);
static inline int sb_wcwidth(wchar_t c) { return wcwidth(c); }

/// newterm on the process's stdin/stdout with $TERM. Unlike initscr, it returns NULL on
/// failure instead of exiting, so Swift can throw a readable error.
static inline SCREEN *sb_newterm(void) { return newterm(NULL, stdout, stdin); }

/// getmaxyx(stdscr) as two out-parameters.
static inline void sb_screen_size(int *width, int *height) {
    int y = 0, x = 0;
    if (stdscr != NULL) { getmaxyx(stdscr, y, x); }
    *width = x;
    *height = y;
}

static inline int sb_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t sb_a_normal(void) { return A_NORMAL; }
static inline attr_t sb_a_bold(void) { return A_BOLD; }
static inline attr_t sb_a_dim(void) { return A_DIM; }
static inline attr_t sb_a_reverse(void) { return A_REVERSE; }
static inline attr_t sb_a_underline(void) { return A_UNDERLINE; }

/// wget_wch on stdscr: returns OK (a character in *wch), KEY_CODE_YES (a KEY_* code in *wch)
/// or ERR (nothing available).
static inline int sb_get_wch(wint_t *wch) { return wget_wch(stdscr, wch); }
static inline int sb_keypad(bool on) { return keypad(stdscr, on); }
static inline void sb_timeout(int milliseconds) { wtimeout(stdscr, milliseconds); }

/// Writes one character cell; the bottom-right cell is inserted instead of added, because
/// adding there moves the cursor past the end of the window (which would scroll if scrolling
/// were on, and returns ERR otherwise).
static inline int sb_put_cell(int y, int x, const cchar_t *cell, bool lastCell) {
    if (wmove(stdscr, y, x) == ERR) { return ERR; }
    return lastCell ? wins_wch(stdscr, cell) : wadd_wch(stdscr, cell);
}

static inline int sb_clear(void) { return wclear(stdscr); }
static inline int sb_refresh(void) { return wrefresh(stdscr); }

static inline int sb_key_code_yes(void) { return KEY_CODE_YES; }
static inline int sb_err(void) { return ERR; }
static inline int sb_ok(void) { return OK; }
static inline int sb_key_resize(void) { return KEY_RESIZE; }
static inline int sb_key_up(void) { return KEY_UP; }
static inline int sb_key_down(void) { return KEY_DOWN; }
static inline int sb_key_left(void) { return KEY_LEFT; }
static inline int sb_key_right(void) { return KEY_RIGHT; }
static inline int sb_key_home(void) { return KEY_HOME; }
static inline int sb_key_end(void) { return KEY_END; }
static inline int sb_key_ppage(void) { return KEY_PPAGE; }
static inline int sb_key_npage(void) { return KEY_NPAGE; }
static inline int sb_key_dc(void) { return KEY_DC; }
static inline int sb_key_backspace(void) { return KEY_BACKSPACE; }
static inline int sb_key_enter(void) { return KEY_ENTER; }
static inline int sb_key_btab(void) { return KEY_BTAB; }
static inline int sb_key_mouse(void) { return KEY_MOUSE; }
/* Mouse reports are decoded by the app: curses must not match its own mouse key (kmous). */
static inline int sb_disable_mouse_key(void) { return keyok(KEY_MOUSE, FALSE); }
/// KEY_F(n); ncurses reserves 64 function keys.
static inline int sb_key_f(int n) { return KEY_F(n); }

/// Installs `handler` for a crash signal with SA_RESETHAND | SA_NODEFER (so that re-raising
/// from inside the handler reaches the previous action at once), saving the previous action
/// in *previous. Filling `struct sigaction` (a union in glibc) is awkward from Swift.
static inline int sb_catch_signal(int sig, void (*handler)(int), struct sigaction *previous) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND | SA_NODEFER;
    return sigaction(sig, &action, previous);
}

/// Puts back an action saved by sb_catch_signal (async-signal-safe).
static inline int sb_restore_signal(int sig, const struct sigaction *previous) {
    return sigaction(sig, previous, NULL);
}

#endif
