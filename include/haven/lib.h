/* SPDX-License-Identifier: MIT */
/* Freestanding helpers (lib/): formatting and memory functions, used at EL2 and by guests. */
#ifndef HAVEN_LIB_H
#define HAVEN_LIB_H

#include <haven/types.h>

/*
 * vsnprintf subset: %d %i %u %x %X %p %s %c %%, flags '-' '0', a width, and
 * the length modifiers l, ll, z. Always NUL-terminates when size > 0; returns
 * the length the full output would have had.
 */
int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int hv_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
bool mem_sampled_equal(const void *a, const void *b, size_t n, size_t stride);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif
