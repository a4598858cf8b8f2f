/* SPDX-License-Identifier: MIT */
/*
 * The emulated PL011 every partition sees at HAVEN_VUART_IPA: transmit only
 * for now. Each byte written to UARTDR goes to the partition's line buffer and
 * leaves on Haven's console as "[name] line". The identification registers
 * match an Arm PL011 so standard drivers bind to it.
 */
#include <haven/hv.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTRIS 0x3C
#define UARTMIS 0x40
#define UARTICR 0x44
#define FR_TXFE BIT(7)
#define FR_RXFE BIT(4)

static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1 };

bool vuart_access(struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
	struct partition *p = v->part;
	uint64_t r = 0;

	if (off >= 0xFE0) {
		r = pl011_id[(off - 0xFE0) / 4 & 7];
	} else if (off == UARTDR) {
		if (write)
			partition_putc(p, (char)*val);
	} else if (off == UARTFR) {
		r = FR_TXFE | FR_RXFE; /* transmit never blocks, nothing to receive */
	} else if (off == UARTRIS || off == UARTMIS || off == UARTICR) {
		r = 0;
	} else if (off < sizeof(p->vuart_regs) && (off & 3) == 0) {
		if (write)
			p->vuart_regs[off / 4] = (uint32_t)*val;
		r = p->vuart_regs[off / 4];
	}
	if (!write)
		*val = r;
	return true;
}
