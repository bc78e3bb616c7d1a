/*
 * clock.h: the wall clock, as the store and the node stamp what they write.
 */
#ifndef SVK_CLOCK_H
#define SVK_CLOCK_H

#include <stdint.h>

/* svk_clock_now_ms returns the wall clock in Unix milliseconds. */
int64_t svk_clock_now_ms(void);

#endif
