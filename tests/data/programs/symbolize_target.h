// SPDX-License-Identifier: GPL-2.0-or-later
// Functions of symbolize_target.c that live in a header, as inline functions usually do: their
// lines must be reported in this file, not in the .c that includes it.
#pragma once

int capture(int depth);

// the first code of the unit: its line rows rely on the line program's initial file, 1
static __attribute__((noinline)) int scale(int x)
{
    return x * 3 + (x >> 4); /* LINE:scale */
}

static inline __attribute__((always_inline)) int mix(int x)
{
    int r = capture(scale(x)); /* LINE:mix-calls-capture */
    return r * x + 7;
}
