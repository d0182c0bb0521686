/* hours.h: whether a service is open, and its hours day by day.
 *
 * Pure functions over the opening rules the catalogue returns (struct
 * opening, one per HSDS schedule and weekday):
 * - a weekly rule (weekday 1-7) opens on that weekday from opens_at to
 *   closes_at, on the dates from valid_from to valid_to (either may be "":
 *   no limit on that side);
 * - a date exception (weekday 0, valid_from and valid_to set) decides the
 *   hours of each of its dates instead of the weekly rules: its opens_at and
 *   closes_at, or, when they are "", closed all day (a holiday or a closure).
 *   Several exceptions on one date add up.
 * A closing time earlier than the opening time runs past midnight
 * (20:00-08:00) and one equal to it means 24 hours; 23:59 means to the end
 * of the day, and 00:00-23:59 the whole day. Rules the importer would never
 * write (a bad time or date) are skipped, not trusted.
 *
 * Times are the kiosk's local wall-clock times (clock_local), and so is
 * `now`: an opening from 01:00 to 05:00 is open at every local time between
 * them, on the night the clocks go forward (when 03:00-04:00 never shows)
 * and on the night they go back (when it shows twice). Days are counted by
 * date, never as 24 hours, so "tomorrow" stays tomorrow on a 23- or 25-hour
 * day. Only the date of `now` matters, not its weekday field.
 */
#ifndef FRONTDOOR_HOURS_H
#define FRONTDOOR_HOURS_H

#include "frontdoor/catalog.h"
#include "frontdoor/clock.h"

#include <stddef.h>

enum hours_state {
    HOURS_UNKNOWN,            /* no hours given (or none within a year): call to ask */
    HOURS_ALWAYS,             /* open now, day and night for a week or more */
    HOURS_OPEN,               /* open now, until `when` */
    HOURS_CLOSED,             /* closed now; opens next at `when` */
    HOURS_HOLIDAY,            /* closed all day today by a date exception; opens next at
                                 `when` (year 0 when not within a year) */
    HOURS_APPOINTMENT,        /* by appointment (hours_service only) */
    HOURS_TEMPORARILY_CLOSED, /* the service's status says so (hours_service only);
                                 `until` is the last day of the closure that covers
                                 today, year 0 when none does */
};

struct hours_status {
    enum hours_state state;
    /* When it closes (OPEN) or opens next (CLOSED, HOLIDAY; also APPOINTMENT,
     * from the hours given): */
    struct fd_tm when;  /* date and time; year 0 when there is none */
    int weekday;        /* when.weekday: 1 = Monday ... 7 = Sunday */
    int days;           /* dates from today to `when`: 0 = today, 1 = tomorrow, ... */
    char at[6];         /* "HH:MM" of `when`; "00:00" for midnight at its end */
    struct fd_tm until; /* TEMPORARILY_CLOSED: the last day closed (hour 0) */
};

/* The state from the rules alone: UNKNOWN, ALWAYS, OPEN, CLOSED or HOLIDAY.
 * "Opens next" looks up to a year ahead, past any closure. */
struct hours_status hours_status(const struct opening *openings, size_t n, struct fd_tm now);

/* The state of a service: TEMPORARILY_CLOSED when its status is
 * "temporarily closed" or a closure staff set covers today; else HOLIDAY when today is closed; else
 * APPOINTMENT when it sees people by appointment; else as hours_status. */
struct hours_status hours_service(const struct service_summary *s, struct fd_tm now);

/* Puts rule `o` over the `n` rules at *rules, as a staff edit does: a
 * date exception (weekday 0) takes the place of the other date exceptions
 * on its dates, a weekly rule that of the weekly rules of its weekday on
 * its dates; the rules it replaces keep their dates before and after it.
 * A weekly rule without times ("closed on Mondays from ...") replaces and
 * adds nothing. *rules grows as needed (the caller frees it). Returns the
 * new count. */
size_t hours_override(struct opening **rules, size_t n, const struct opening *o);

/* Openings kept per day; more in one day are left out. */
#define HOURS_DAY_SPANS 6

struct hours_span {
    char opens_at[6], closes_at[6]; /* "HH:MM" as given ("23:59" stays) */
};

struct hours_day {
    struct fd_tm date;                        /* year, month, day and weekday; hour and minute 0 */
    int exception;                            /* 1 when a date exception decides this day */
    int n;                                    /* openings that start this day, 0 = closed all day */
    struct hours_span spans[HOURS_DAY_SPANS]; /* in time order, overlaps joined */
};

/* Fills out[0..n_days-1] with the hours of the dates from today's onwards.
 * An opening past midnight belongs to the day it starts. */
void hours_days(const struct opening *openings, size_t n, struct fd_tm today, struct hours_day *out,
                size_t n_days);

/* "YYYY-MM-DD" into a date (hour and minute 0, weekday set). Returns 0, or
 * -1 when it is not a real date of the years 1970-9999. */
int hours_parse_date(const char *s, struct fd_tm *out) __attribute__((warn_unused_result));

#endif
