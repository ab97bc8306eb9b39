#ifndef RATUI_CNCURSES_SHIM_H
#define RATUI_CNCURSES_SHIM_H

// What Swift cannot take from <ncurses.h> directly: attribute macros, COLOR_PAIR, a wide-string
// write with attributes in one call, and the fatal-signal handler
// that gives the user their terminal back when ratui crashes or is killed.

#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdint.h>
#include <wchar.h>

/// Attribute bits for ratui_put (combined with |).
enum {
    RATUI_BOLD = 1,
    RATUI_UNDERLINE = 2,
    RATUI_REVERSE = 4,
    RATUI_DIM = 8,
};

/// Writes `count` wide characters at (y, x) with the given RATUI_* attributes and colour pair.
int ratui_put(WINDOW *window, int y, int x, const wchar_t *text, int count, int attributes, short pair);

/// Saves the terminal's current settings (of `fd`) and installs handlers for fatal signals
/// (SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE) and for SIGTERM, SIGHUP, SIGINT, SIGQUIT.
/// Call before ncurses takes over the terminal.
void ratui_guard_install(int fd);

/// Records what to write to leave ncurses' screen (sgr0, cnorm, rmkx, rmcup from terminfo).
/// Call after newterm, so terminfo is loaded.
void ratui_guard_capture_restore_sequence(void);

/// Removes the handlers (the terminal was restored normally by endwin).
void ratui_guard_uninstall(void);

/// Adds a file (or, after its files, an empty folder) for the signal handlers to remove before
/// passing the signal on: a throw-away registry is not left behind when the terminal hangs up
/// or ratui is killed. At most 8 paths of under 1024 bytes; returns 0 when it cannot keep one.
int ratui_guard_remove_on_signal(const char *path);

/// The byte count of the restore sequence captured (for tests).
int ratui_guard_restore_sequence_length(void);

#endif

#ifndef RATUI_CNCURSES_SHIM_EXTRA
#define RATUI_CNCURSES_SHIM_EXTRA
/// 1 when terminfo knows `term`, 0 when not, without printing or exiting (as newterm may).
int ratui_terminal_known(const char *term);

/// The text of the cell at (y, x), as wide characters (base and combining marks), for tests that
/// read the ncurses screen back. Returns the count written to `out` (at most `capacity`).
int ratui_cell_text(WINDOW *window, int y, int x, wchar_t *out, int capacity);

/// The RATUI_* attributes of the cell at (y, x).
int ratui_cell_attributes(WINDOW *window, int y, int x);
#endif

#ifndef RATUI_CNCURSES_SHIM_STDSCR
#define RATUI_CNCURSES_SHIM_STDSCR
/// The current screen's standard window (Swift 6 rejects the `stdscr` global).
WINDOW *ratui_stdscr(void);
#endif
