/* SPDX-License-Identifier: MIT */
/* PL011 UART: Haven's own console (polled transmit only). */
#include <haven/hv.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTCR 0x30
#define FR_TXFF BIT(5)

static uint64_t uart;

void pl011_init(uint64_t base)
{
	uart = base;
	mmio_write32(uart + UARTCR, 0x301); /* UARTEN | TXE | RXE */
}

void pl011_putc(char c)
{
	while (mmio_read32(uart + UARTFR) & FR_TXFF)
		;
	mmio_write32(uart + UARTDR, (uint8_t)c);
}
