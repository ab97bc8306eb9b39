#define _GNU_SOURCE
#include "CNcursesShim.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

int ratui_put(WINDOW *window, int y, int x, const wchar_t *text, int count, int attributes, short pair) {
    attr_t attrs = A_NORMAL;
    if (attributes & RATUI_BOLD) attrs |= A_BOLD;
    if (attributes & RATUI_UNDERLINE) attrs |= A_UNDERLINE;
    if (attributes & RATUI_REVERSE) attrs |= A_REVERSE;
    if (attributes & RATUI_DIM) attrs |= A_DIM;
    wattr_set(window, attrs, pair, NULL);
    int result = mvwaddnwstr(window, y, x, text, count);
    wattr_set(window, A_NORMAL, 0, NULL);
    return result;
}

// MARK: Terminal guard

static const int guarded_signals[] = { SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGTERM, SIGHUP, SIGINT, SIGQUIT };
#define GUARDED_COUNT (int)(sizeof(guarded_signals) / sizeof(guarded_signals[0]))

static int guard_fd = -1;
static int guard_has_termios = 0;
static struct termios guard_termios;
static struct sigaction guard_previous[GUARDED_COUNT];
static char guard_restore[512];
static size_t guard_restore_length = 0;
static volatile sig_atomic_t guard_active = 0;
#define GUARD_REMOVALS 8
static char guard_removals[GUARD_REMOVALS][1024];
static volatile sig_atomic_t guard_removal_count = 0;

int ratui_guard_remove_on_signal(const char *path) {
    if (guard_removal_count >= GUARD_REMOVALS || strlen(path) >= sizeof guard_removals[0]) return 0;
    strcpy(guard_removals[guard_removal_count], path);
    guard_removal_count += 1;
    return 1;
}

static void guard_handler(int signal_number) {
    if (guard_active) {
        guard_active = 0;
        if (guard_fd >= 0) {
            if (guard_restore_length > 0) {
                ssize_t ignored = write(guard_fd, guard_restore, guard_restore_length);
                (void)ignored;
            }
            if (guard_has_termios) tcsetattr(guard_fd, TCSANOW, &guard_termios);
        }
        // unlink and rmdir are async-signal-safe; the files go first, then their folder.
        for (int i = 0; i < guard_removal_count; i++) {
            if (unlink(guard_removals[i]) != 0) rmdir(guard_removals[i]);
        }
    }
    // Hand the signal to whoever had it before (the Swift runtime's backtracer, or the default
    // action), now that the terminal is back to normal.
    for (int i = 0; i < GUARDED_COUNT; i++) {
        if (guarded_signals[i] == signal_number) {
            sigaction(signal_number, &guard_previous[i], NULL);
            break;
        }
    }
    raise(signal_number);
}

void ratui_guard_install(int fd) {
    guard_fd = fd;
    guard_has_termios = tcgetattr(fd, &guard_termios) == 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = guard_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_NODEFER;
    for (int i = 0; i < GUARDED_COUNT; i++) {
        sigaction(guarded_signals[i], &action, &guard_previous[i]);
    }
    guard_active = 1;
}

static void append_capability(const char *name) {
    char *value = tigetstr(name);
    if (value == NULL || value == (char *)-1) return;
    size_t length = strlen(value);
    if (guard_restore_length + length >= sizeof guard_restore) return;
    memcpy(guard_restore + guard_restore_length, value, length);
    guard_restore_length += length;
}

void ratui_guard_capture_restore_sequence(void) {
    guard_restore_length = 0;
    append_capability("sgr0");
    append_capability("cnorm");
    append_capability("rmkx");
    append_capability("rmcup");
}

void ratui_guard_uninstall(void) {
    if (!guard_active) return;
    guard_active = 0;
    for (int i = 0; i < GUARDED_COUNT; i++) {
        sigaction(guarded_signals[i], &guard_previous[i], NULL);
    }
}

int ratui_guard_restore_sequence_length(void) { return (int)guard_restore_length; }

#include <term.h>

int ratui_terminal_known(const char *term) {
    int status = 0;
    TERMINAL *saved = cur_term;
    if (setupterm(term, -1, &status) != OK) {
        set_curterm(saved);
        return 0;
    }
    TERMINAL *probe = cur_term;
    set_curterm(saved);
    del_curterm(probe);
    return 1;
}

int ratui_cell_text(WINDOW *window, int y, int x, wchar_t *out, int capacity) {
    cchar_t cell;
    if (mvwin_wch(window, y, x, &cell) == ERR) return 0;
    wchar_t text[CCHARW_MAX + 1];
    attr_t attrs;
    short pair;
    if (getcchar(&cell, text, &attrs, &pair, NULL) == ERR) return 0;
    int count = 0;
    while (count < capacity && count < CCHARW_MAX && text[count] != 0) {
        out[count] = text[count];
        count++;
    }
    return count;
}

int ratui_cell_attributes(WINDOW *window, int y, int x) {
    cchar_t cell;
    if (mvwin_wch(window, y, x, &cell) == ERR) return 0;
    wchar_t text[CCHARW_MAX + 1];
    attr_t attrs;
    short pair;
    if (getcchar(&cell, text, &attrs, &pair, NULL) == ERR) return 0;
    int result = 0;
    if (attrs & A_BOLD) result |= RATUI_BOLD;
    if (attrs & A_UNDERLINE) result |= RATUI_UNDERLINE;
    if (attrs & A_REVERSE) result |= RATUI_REVERSE;
    if (attrs & A_DIM) result |= RATUI_DIM;
    return result;
}

WINDOW *ratui_stdscr(void) { return stdscr; }
