/* SPDX-License-Identifier: MIT */
/*
 * The guest console: the PL011 at HAVEN_VUART_IPA (Haven's emulated per-
 * partition UART, or QEMU's real UART0 when run natively). Output is buffered
 * per vCPU and written a whole line at a time under a lock, so lines from
 * different vCPUs never mix.
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <haven/types.h>

#define CONSOLE_LINE_MAX 256 /* longer lines are split */

void console_init(void);
/* Appends to this vCPU's line; each '\n' writes the line out. */
void cputs(const char *s);
/* The same for n bytes of any value (NUL included): what the console does with control bytes. */
void cwrite(const char *s, size_t n);
int cprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cvprintf(const char *fmt, va_list ap);
/* Ends this vCPU's unfinished line, if any, with a newline (before a fatal report). */
void console_end_line(void);

#endif
