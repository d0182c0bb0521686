/* clock.h: the one clock everything asks for the time.
 *
 * Real by default. Headless runs switch it to a simulated clock that only
 * moves when told (clock_set, clock_advance), so scripts and tests are
 * repeatable and never wait. Times are milliseconds since the Unix epoch;
 * local (kiosk) time uses the time zone set with clock_set_zone.
 */
#ifndef FRONTDOOR_CLOCK_H
#define FRONTDOOR_CLOCK_H

#include <stdint.h>

/* Local broken-down time. */
struct fd_tm {
    int year, month, day; /* 2026, 1..12, 1..31 */
    int hour, minute;
    int weekday; /* 1 = Monday ... 7 = Sunday */
};

/* Sets the kiosk's time zone (an IANA name such as "Europe/Helsinki"). Call
 * once at start, before any thread starts: it sets TZ for the process.
 * Returns 0, or -1 when the zone is unknown (the zone stays as it was). */
int clock_set_zone(const char *zone) __attribute__((warn_unused_result));
/* 1 if `zone` names a time zone this machine knows. */
int clock_zone_exists(const char *zone);

/* Switches to the simulated clock, starting at `start_ms`. */
void clock_simulate(int64_t start_ms);
int clock_is_simulated(void);
/* Now, in ms since the epoch. Monotonic enough for timers in simulation;
 * real time follows the wall clock. */
int64_t clock_now_ms(void);
/* A monotonic millisecond counter for timers. Simulated, it moves only with
 * clock_advance_ms: setting the wall clock does not move it, as on a real
 * machine whose clock is corrected. */
int64_t clock_ticks_ms(void);
/* Milliseconds since boot, suspend included; the simulated clock's
 * ticks. Never goes back while the machine runs. */
int64_t clock_boot_ms(void);
/* 1 when the system says the wall clock is synchronised (adjtimex); the
 * simulated clock is trusted unless told otherwise. */
int clock_trusted(void);
/* Simulated clock only; ignored for the real clock. */
void clock_set_trusted(int trusted);
void clock_advance_ms(int64_t ms);
void clock_set_ms(int64_t ms);

/* Local time of `ms` in the kiosk's zone. */
struct fd_tm clock_local(int64_t ms);
/* Parses "YYYY-MM-DDTHH:MM" as local time. Returns 0 or -1. */
int clock_parse_local(const char *s, int64_t *out_ms) __attribute__((warn_unused_result));

#endif
