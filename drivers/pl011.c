/* SPDX-License-Identifier: MIT */
/* PL011 UART: Haven's own console (polled transmit only). */
#include <haven/hv.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTCR 0x30
#define UARTIMSC 0x38
#define UARTICR 0x44
#define FR_RXFE BIT(4)
#define FR_TXFF BIT(5)
#define IM_RX (BIT(4) | BIT(6)) /* receive and receive-timeout interrupts */

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

/* Returns the next received byte, or -1 when the receive FIFO is empty. */
int pl011_getc(void)
{
	if (mmio_read32(uart + UARTFR) & FR_RXFE)
		return -1;
	return (int)(mmio_read32(uart + UARTDR) & 0xFF);
}

void pl011_rx_irq_enable(void)
{
	mmio_write32(uart + UARTICR, 0x7FF);
	mmio_write32(uart + UARTIMSC, IM_RX);
}
