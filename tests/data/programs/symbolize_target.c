// SPDX-License-Identifier: GPL-2.0-or-later
// Built by the symbolization tests with -g -O2 (and -rdynamic, so glibc's backtrace_symbols names
// the exported functions): prints a real backtrace taken inside a static inline function of
// symbolize_target.h that the compiler inlines into worker(), as "MODULE(SYMBOL+0xOFF)[0xADDR]"
// lines, then "main ADDR". The LINE: markers let the tests find the lines they expect.
#include "symbolize_target.h"

#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>

volatile int sink;

__attribute__((noinline)) int capture(int depth)
{
    void* frames[16];
    int n = backtrace(frames, 16); /* LINE:capture */
    fflush(stdout);
    backtrace_symbols_fd(frames, n, 1);
    sink = n;
    return n + depth;
}

// another name of the same code, as glibc's backtrace is __backtrace (local: backtrace_symbols
// keeps naming the frame capture)
static int capture_alias(int depth) __attribute__((alias("capture"), used));

__attribute__((noinline)) int worker(int x)
{
    int y = x * 3;
    int z = mix(y); /* LINE:worker-calls-mix */
    return z - y;
}

__attribute__((noinline)) int helper(int x)
{
    return worker(x + 1) + 2; /* LINE:helper-calls-worker */
}

int main(int argc, char** argv)
{
    (void)argv;
    int r = helper(argc); /* LINE:main-calls-helper */
    printf("main %p\n", (void*)&main);
    printf("result %d\n", r);
    return 0;
}
