/* hours.h: whether a service is open, from its weekly opening hours.
 *
 * Pure functions over the openings the catalogue returns (struct opening:
 * weekday, "HH:MM" opens_at and closes_at). A closing time earlier than the
 * opening time runs past midnight (20:00-08:00); 00:00-23:59 counts as the
 * whole day. Times are the kiosk's local time (clock_local).
 */
#ifndef FRONTDOOR_HOURS_H
#define FRONTDOOR_HOURS_H

#include "frontdoor/catalog.h"
#include "frontdoor/clock.h"

#include <stddef.h>

enum hours_state {
    HOURS_UNKNOWN, /* no weekly hours (appointments only, or not given) */
    HOURS_ALWAYS,  /* every day, day and night */
    HOURS_OPEN,    /* open now, until `weekday` `at` */
    HOURS_CLOSED,  /* closed now; opens next on `weekday` at `at` */
};

struct hours_status {
    enum hours_state state;
    int weekday; /* 1 = Monday ... 7 = Sunday: when it closes (OPEN) or opens (CLOSED) */
    int days;    /* 0 = today, 1 = tomorrow, ... up to 7 */
    char at[6];  /* "HH:MM" */
};

struct hours_status hours_status(const struct opening *openings, size_t n, struct fd_tm now);

#endif
