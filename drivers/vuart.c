/* SPDX-License-Identifier: MIT */
/*
 * The emulated PL011 every partition sees at HAVEN_VUART_IPA. Transmit: each
 * byte written to UARTDR goes to the partition's console line, which leaves on
 * Haven's console as "[name] line"; the transmit FIFO is never full. Receive:
 * the console-input partition (HV_PART_CONSOLE_INPUT) gets what is typed on
 * Haven's console in a 64-byte FIFO. The interrupt (SPI 1, INTID 33) is a
 * level: raised while RIS & IMSC is non-zero. The identification registers
 * match an Arm PL011, so Linux's amba-pl011 driver binds to it.
 */
#include <haven/hv.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTIMSC 0x38
#define UARTRIS 0x3C
#define UARTMIS 0x40
#define UARTICR 0x44
#define FR_TXFE BIT(7)
#define FR_RXFF BIT(6)
#define FR_RXFE BIT(4)
#define INT_RX BIT(4)
#define INT_TX BIT(5)
#define INT_RT BIT(6)

struct partition *console_input;

static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1 };

static unsigned rx_count(const struct partition *p)
{
	return (p->rx_head - p->rx_tail) % sizeof(p->rx_buf);
}

/* Raw interrupt status: the transmit FIFO is always empty; receive while data waits. */
static uint32_t ris(const struct partition *p)
{
	return INT_TX | (rx_count(p) ? INT_RX | INT_RT : 0);
}

/* Called with p->con_lock held. */
static void update_irq(struct partition *p)
{
	vgic_set_virtual_spi(p, HAVEN_VUART_INTID, ris(p) & p->vuart_regs[UARTIMSC / 4]);
}

void vuart_reset(struct partition *p)
{
	spin_lock(&p->con_lock);
	for (unsigned i = 0; i < ARRAY_SIZE(p->vuart_regs); i++)
		p->vuart_regs[i] = 0;
	p->rx_head = p->rx_tail = 0;
	spin_unlock(&p->con_lock);
}

void vuart_receive(struct partition *p, char c)
{
	spin_lock(&p->con_lock);
	if (rx_count(p) < sizeof(p->rx_buf) - 1) {
		p->rx_buf[p->rx_head % sizeof(p->rx_buf)] = c;
		p->rx_head = (p->rx_head + 1) % sizeof(p->rx_buf);
	}
	update_irq(p);
	spin_unlock(&p->con_lock);
}

bool vuart_access(struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
	struct partition *p = v->part;
	uint64_t r = 0;

	if (write && off == UARTDR) {
		partition_putc(p, (char)*val); /* the hot path: no lock beyond the console's */
		return true;
	}
	if (off >= 0xFE0) {
		*val = write ? *val : pl011_id[(off - 0xFE0) / 4 & 7];
		return true;
	}
	spin_lock(&p->con_lock);
	switch (off) {
	case UARTDR:
		if (rx_count(p)) {
			r = (uint8_t)p->rx_buf[p->rx_tail];
			p->rx_tail = (p->rx_tail + 1) % sizeof(p->rx_buf);
			update_irq(p);
		}
		break;
	case UARTFR:
		r = FR_TXFE | (rx_count(p) ? 0 : FR_RXFE) |
		    (rx_count(p) == sizeof(p->rx_buf) - 1 ? FR_RXFF : 0);
		break;
	case UARTRIS:
		r = ris(p);
		break;
	case UARTMIS:
		r = ris(p) & p->vuart_regs[UARTIMSC / 4];
		break;
	case UARTICR:
		break; /* every interrupt condition is a level of the FIFO state */
	default:
		if (off < sizeof(p->vuart_regs) && (off & 3) == 0) {
			if (write)
				p->vuart_regs[off / 4] = (uint32_t)*val;
			r = p->vuart_regs[off / 4];
			if (write && off == UARTIMSC)
				update_irq(p);
		}
		break;
	}
	spin_unlock(&p->con_lock);
	if (!write)
		*val = r;
	return true;
}
