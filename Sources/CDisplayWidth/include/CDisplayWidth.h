#ifndef CDISPLAYWIDTH_H
#define CDISPLAYWIDTH_H

#include <stdint.h>

// How many terminal cells a Unicode scalar takes, as wcwidth(3) says in the C.UTF-8 locale,
// whatever locale the process runs in. -1 for control characters, or when C.UTF-8 is missing.
// Kept apart from the ncurses shim so the cell grid does not depend on ncurses.
int ratui_wcwidth(uint32_t scalar);

#endif
