// The wide-character ncurses API (wget_wch, cchar_t, wadd_wch) is only declared with this set;
// SwiftPM drops the -D_XOPEN_SOURCE that pkg-config would supply.
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
