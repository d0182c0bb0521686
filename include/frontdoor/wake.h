/* wake.h: sleeping until input arrives, where SDL cannot.
 *
 * SDL's wait blocks truly only on x11 and wayland; on KMSDRM (the kiosk's
 * usual backend) and offscreen it polls every millisecond. This module opens
 * the input devices read-only beside SDL (evdev lets several readers see the
 * same events) and blocks in poll() until one of them has something, a
 * device comes or goes, a signal arrives, or the timeout passes. It reads
 * and discards its own copies; SDL still reads the real events.
 */
#ifndef FRONTDOOR_WAKE_H
#define FRONTDOOR_WAKE_H

struct wake;

/* Never fails: with no readable devices it only sleeps the timeout. */
struct wake *wake_open(void);
void wake_close(struct wake *w);
/* Blocks until input or `timeout_ms` (-1: no timeout). Returns 1 when there
 * was input, 0 on timeout or a signal. */
int wake_wait(struct wake *w, int timeout_ms);

#endif
