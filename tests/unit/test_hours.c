/* test_hours.c: open now, until when, or when next; each day's hours.
 *
 * Tables of cases, each row its own test named after what it checks, so a
 * failing row says which and how. Times are the kiosk's local wall-clock
 * times; rows written "utc ..." give an instant instead, turned into
 * Helsinki's local time by the clock module, for the nights the clocks
 * change there (2026-03-29 03:00 EET becomes 04:00 EEST; 2026-10-25 04:00
 * EEST becomes 03:00 EET).
 */
#include "test_util.h"

#include "frontdoor/clock.h"
#include "frontdoor/hours.h"

#include <time.h>

#define RULES(r) r, ARRAY_LEN(r)
#define WEEKLY(d, from, to)                                                                        \
    {                                                                                              \
        .weekday = d, .opens_at = from, .closes_at = to                                            \
    }
#define DATED(d, from, to, first, last)                                                            \
    {                                                                                              \
        .weekday = d, .opens_at = from, .closes_at = to, .valid_from = first, .valid_to = last     \
    }
#define CLOSED_ON(first, last) DATED(0, "", "", first, last)
#define WEEKDAYS(from, to)                                                                         \
    WEEKLY(1, from, to), WEEKLY(2, from, to), WEEKLY(3, from, to), WEEKLY(4, from, to),            \
        WEEKLY(5, from, to)

/* Monday to Friday 09:00-12:00 and 13:00-16:00. */
static const struct opening split[] = {WEEKDAYS("09:00", "12:00"), WEEKDAYS("13:00", "16:00")};
/* Friday to Sunday 20:00-08:00: Sunday's night runs into Monday. */
static const struct opening nights[] = {WEEKLY(5, "20:00", "08:00"), WEEKLY(6, "20:00", "08:00"),
                                        WEEKLY(7, "20:00", "08:00")};
static const struct opening weekend[] = {WEEKLY(6, "00:00", "23:59"), WEEKLY(7, "00:00", "12:00")};
static const struct opening always[] = {WEEKDAYS("00:00", "23:59"), WEEKLY(6, "00:00", "23:59"),
                                        WEEKLY(7, "00:00", "23:59")};
static const struct opening late[] = {WEEKLY(1, "09:00", "23:59")};
static const struct opening once_a_week[] = {WEEKLY(1, "09:00", "12:00")};
static const struct opening bad[] = {WEEKLY(8, "09:00", "10:00"), WEEKLY(1, "9am", "10:00"),
                                     DATED(1, "09:00", "10:00", "2026-02-30", ""),
                                     DATED(0, "09:00", "10:00", "2026-01-05", "")};
/* Weekdays 09:00-16:00; closed 24-26 December 2026 (Thursday to Saturday);
 * New Year's Eve (a Thursday) 10:00-14:00 only. */
static const struct opening christmas[] = {WEEKDAYS("09:00", "16:00"),
                                           CLOSED_ON("2026-12-24", "2026-12-26"),
                                           DATED(0, "10:00", "14:00", "2026-12-31", "2026-12-31")};
/* Summer hours from Monday 1 June to Monday 31 August 2026. */
static const struct opening summer[] = {
    DATED(1, "09:00", "16:00", "", "2026-05-31"),
    DATED(5, "09:00", "16:00", "", "2026-05-31"),
    DATED(1, "10:00", "14:00", "2026-06-01", "2026-08-31"),
    DATED(2, "10:00", "14:00", "2026-06-01", "2026-08-31"),
    DATED(1, "09:00", "16:00", "2026-09-01", ""),
    DATED(2, "09:00", "16:00", "2026-09-01", ""),
};
static const struct opening expired[] = {DATED(1, "09:00", "16:00", "", "2025-12-31")};
static const struct opening from_march[] = {DATED(1, "09:00", "12:00", "2026-03-02", "")};
/* Every day 08:00-20:00, closed for the summer. */
static const struct opening summer_break[] = {
    WEEKDAYS("08:00", "20:00"), WEEKLY(6, "08:00", "20:00"), WEEKLY(7, "08:00", "20:00"),
    CLOSED_ON("2026-07-01", "2026-08-15")};
/* Closed the week of 5 January and then on Monday 12 January. */
static const struct opening closures[] = {WEEKDAYS("09:00", "16:00"),
                                          CLOSED_ON("2026-01-05", "2026-01-11"),
                                          CLOSED_ON("2026-01-12", "2026-01-12")};
static const struct opening closed_in_2025[] = {WEEKDAYS("09:00", "16:00"),
                                                CLOSED_ON("2025-12-01", "2025-12-31")};
static const struct opening only_a_holiday[] = {CLOSED_ON("2026-01-06", "2026-01-06")};
/* The night the clocks change, a Sunday: 01:00-05:00. */
static const struct opening sunday_night[] = {WEEKLY(7, "01:00", "05:00")};
static const struct opening sunday_four[] = {WEEKLY(7, "04:00", "06:00")};
static const struct opening sunday_five[] = {WEEKLY(7, "05:00", "07:00")};
/* Nights, with Saturday 10 January closed. */
static const struct opening nights_holiday[] = {
    WEEKLY(5, "20:00", "08:00"), WEEKLY(6, "20:00", "08:00"), WEEKLY(7, "20:00", "08:00"),
    CLOSED_ON("2026-01-10", "2026-01-10")};
/* New Year's Eve party night 22:00-02:00 instead of the usual hours. */
static const struct opening party[] = {WEEKDAYS("09:00", "16:00"),
                                       DATED(0, "22:00", "02:00", "2026-12-31", "2026-12-31")};
/* Tuesday 6 January: two special openings add up. */
static const struct opening two_specials[] = {
    WEEKDAYS("09:00", "16:00"), DATED(0, "10:00", "12:00", "2026-01-06", "2026-01-06"),
    DATED(0, "14:00", "16:00", "2026-01-06", "2026-01-06")};
static const struct opening overlapping[] = {WEEKLY(1, "09:00", "12:00"),
                                             WEEKLY(1, "11:00", "14:00")};

/* Day numbers for the test's own arithmetic. */
static long day_of(int y, int m, int d)
{
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    return (long)(timegm(&tm) / 86400);
}

/* "YYYY-MM-DD HH:MM" as local time, or "utc YYYY-MM-DDTHH:MM" as an instant
 * seen in Helsinki. */
static struct fd_tm parse_now(const char *s)
{
    struct fd_tm t = {0};
    int y, mo, d, h, mi;
    if (strncmp(s, "utc ", 4) == 0) {
        assert_int_equal(sscanf(s + 4, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi), 5);
        struct tm tm = {
            .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi};
        assert_int_equal(clock_set_zone("Europe/Helsinki"), 0);
        return clock_local((int64_t)timegm(&tm) * 1000);
    }
    assert_int_equal(sscanf(s, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi), 5);
    t = (struct fd_tm){y, mo, d, h, mi, (int)((day_of(y, mo, d) + 3) % 7) + 1};
    return t;
}

static const char *const state_names[] = {
    "unknown", "always", "open", "closed", "holiday", "appointment", "temporarily closed"};

/* ---- the state now ------------------------------------------------------ */

/* Weekdays 09:00-16:00, and a closure staff set for 5 to 11 January 2026. */
static const struct opening staff_closed[] = {
    WEEKDAYS("09:00", "16:00"),
    {.weekday = 0, .valid_from = "2026-01-05", .valid_to = "2026-01-11", .closure = 1}};

struct status_row {
    const char *name;
    const struct opening *rules;
    size_t n;
    const char *now;
    enum hours_state want;
    const char *when; /* "YYYY-MM-DD HH:MM"; the last day closed for TEMPORARILY_CLOSED; "" none */
    const char *status;
    int by_appointment;
};

static const struct status_row status_rows[] = {
    /* Weekly hours, as before. */
    {"split: before opening", RULES(split), "2026-01-05 08:59", HOURS_CLOSED, "2026-01-05 09:00",
     NULL, 0},
    {"split: at opening", RULES(split), "2026-01-05 09:00", HOURS_OPEN, "2026-01-05 12:00", NULL,
     0},
    {"split: lunch", RULES(split), "2026-01-05 12:00", HOURS_CLOSED, "2026-01-05 13:00", NULL, 0},
    {"split: last minute", RULES(split), "2026-01-05 15:59", HOURS_OPEN, "2026-01-05 16:00", NULL,
     0},
    {"split: after closing", RULES(split), "2026-01-05 16:00", HOURS_CLOSED, "2026-01-06 09:00",
     NULL, 0},
    {"split: Friday evening to Monday", RULES(split), "2026-01-09 18:00", HOURS_CLOSED,
     "2026-01-12 09:00", NULL, 0},
    {"split: Sunday at 23:59", RULES(split), "2026-01-11 23:59", HOURS_CLOSED, "2026-01-12 09:00",
     NULL, 0},
    {"nights: before", RULES(nights), "2026-01-09 19:00", HOURS_CLOSED, "2026-01-09 20:00", NULL,
     0},
    {"nights: Friday night", RULES(nights), "2026-01-09 23:00", HOURS_OPEN, "2026-01-10 08:00",
     NULL, 0},
    {"nights: Saturday morning", RULES(nights), "2026-01-10 07:59", HOURS_OPEN, "2026-01-10 08:00",
     NULL, 0},
    {"nights: Sunday's night into Monday", RULES(nights), "2026-01-12 03:00", HOURS_OPEN,
     "2026-01-12 08:00", NULL, 0},
    {"nights: Monday morning to Friday", RULES(nights), "2026-01-12 08:00", HOURS_CLOSED,
     "2026-01-16 20:00", NULL, 0},
    {"weekend: Saturday and Sunday join", RULES(weekend), "2026-01-10 22:00", HOURS_OPEN,
     "2026-01-11 12:00", NULL, 0},
    {"always: every day, day and night", RULES(always), "2026-01-07 04:00", HOURS_ALWAYS, "", NULL,
     0},
    {"always less Sunday: until Sunday", always, 6, "2026-01-07 04:00", HOURS_OPEN,
     "2026-01-11 00:00", NULL, 0},
    {"to 23:59: until midnight", RULES(late), "2026-01-05 10:00", HOURS_OPEN, "2026-01-06 00:00",
     NULL, 0},
    {"once a week: just after closing", RULES(once_a_week), "2026-01-05 12:30", HOURS_CLOSED,
     "2026-01-12 09:00", NULL, 0},
    {"once a week: before opening", RULES(once_a_week), "2026-01-05 08:00", HOURS_CLOSED,
     "2026-01-05 09:00", NULL, 0},
    {"no hours: call to ask", NULL, 0, "2026-01-05 10:00", HOURS_UNKNOWN, "", NULL, 0},
    {"bad rules are skipped", RULES(bad), "2026-01-05 09:30", HOURS_UNKNOWN, "", NULL, 0},

    /* Holidays and special days. */
    {"christmas: eve before, opens after the closure", RULES(christmas), "2026-12-23 17:00",
     HOURS_CLOSED, "2026-12-28 09:00", NULL, 0},
    {"christmas: closed all Christmas Eve", RULES(christmas), "2026-12-24 08:00", HOURS_HOLIDAY,
     "2026-12-28 09:00", NULL, 0},
    {"christmas: a weekday's hours do not apply", RULES(christmas), "2026-12-25 12:00",
     HOURS_HOLIDAY, "2026-12-28 09:00", NULL, 0},
    {"christmas: Saturday in the closure", RULES(christmas), "2026-12-26 12:00", HOURS_HOLIDAY,
     "2026-12-28 09:00", NULL, 0},
    {"christmas: Sunday after it is an ordinary day", RULES(christmas), "2026-12-27 12:00",
     HOURS_CLOSED, "2026-12-28 09:00", NULL, 0},
    {"new year's eve: special hours not yet", RULES(christmas), "2026-12-31 09:30", HOURS_CLOSED,
     "2026-12-31 10:00", NULL, 0},
    {"new year's eve: special hours", RULES(christmas), "2026-12-31 13:59", HOURS_OPEN,
     "2026-12-31 14:00", NULL, 0},
    {"new year's eve: after special hours", RULES(christmas), "2026-12-31 14:00", HOURS_CLOSED,
     "2027-01-01 09:00", NULL, 0},
    {"long closure: opens after the summer", RULES(summer_break), "2026-07-10 12:00", HOURS_HOLIDAY,
     "2026-08-16 08:00", NULL, 0},
    {"a night runs into a holiday morning", RULES(nights_holiday), "2026-01-10 03:00", HOURS_OPEN,
     "2026-01-10 08:00", NULL, 0},
    {"after it, the holiday", RULES(nights_holiday), "2026-01-10 12:00", HOURS_HOLIDAY,
     "2026-01-11 20:00", NULL, 0},
    {"special hours past midnight", RULES(party), "2027-01-01 01:00", HOURS_OPEN,
     "2027-01-01 02:00", NULL, 0},
    {"special hours replace the day's", RULES(party), "2026-12-31 10:00", HOURS_CLOSED,
     "2026-12-31 22:00", NULL, 0},
    {"two special openings add up", RULES(two_specials), "2026-01-06 13:00", HOURS_CLOSED,
     "2026-01-06 14:00", NULL, 0},
    {"a holiday alone: closed today, nothing after", RULES(only_a_holiday), "2026-01-06 10:00",
     HOURS_HOLIDAY, "", NULL, 0},
    {"a holiday alone: other days not known", RULES(only_a_holiday), "2026-01-07 10:00",
     HOURS_UNKNOWN, "", NULL, 0},

    /* Rules valid between dates. */
    {"summer: last day of spring hours", RULES(summer), "2026-05-29 15:00", HOURS_OPEN,
     "2026-05-29 16:00", NULL, 0},
    {"summer: next opening in summer hours", RULES(summer), "2026-05-29 16:30", HOURS_CLOSED,
     "2026-06-01 10:00", NULL, 0},
    {"summer: first day, not at 09:00", RULES(summer), "2026-06-01 09:30", HOURS_CLOSED,
     "2026-06-01 10:00", NULL, 0},
    {"summer: last day", RULES(summer), "2026-08-31 13:00", HOURS_OPEN, "2026-08-31 14:00", NULL,
     0},
    {"summer: autumn hours next day", RULES(summer), "2026-08-31 15:00", HOURS_CLOSED,
     "2026-09-01 09:00", NULL, 0},
    {"summer: autumn hours", RULES(summer), "2026-09-01 15:00", HOURS_OPEN, "2026-09-01 16:00",
     NULL, 0},
    {"expired rules: call to ask", RULES(expired), "2026-01-05 10:00", HOURS_UNKNOWN, "", NULL, 0},
    {"rules from March: weeks ahead", RULES(from_march), "2026-01-05 10:00", HOURS_CLOSED,
     "2026-03-02 09:00", NULL, 0},

    /* The service's status and appointments. */
    {"staff: a closure is a temporary closure", RULES(staff_closed), "2026-01-07 10:00",
     HOURS_TEMPORARILY_CLOSED, "2026-01-11", NULL, 0},
    {"staff: open again after the closure", RULES(staff_closed), "2026-01-12 10:00", HOURS_OPEN,
     "2026-01-12 16:00", NULL, 0},
    {"staff: not closed before the closure", RULES(staff_closed), "2026-01-02 10:00", HOURS_OPEN,
     "2026-01-02 16:00", NULL, 0},
    {"temporarily closed until the closures end", RULES(closures), "2026-01-07 10:00",
     HOURS_TEMPORARILY_CLOSED, "2026-01-12", "temporarily closed", 0},
    {"temporarily closed, on its last day", RULES(closures), "2026-01-12 10:00",
     HOURS_TEMPORARILY_CLOSED, "2026-01-12", "temporarily closed", 0},
    {"temporarily closed, no date given", RULES(split), "2026-01-05 10:00",
     HOURS_TEMPORARILY_CLOSED, "", "temporarily closed", 0},
    {"temporarily closed, the closure past", RULES(closed_in_2025), "2026-01-05 10:00",
     HOURS_TEMPORARILY_CLOSED, "", "temporarily closed", 0},
    {"active during closures: a holiday", RULES(closures), "2026-01-07 10:00", HOURS_HOLIDAY,
     "2026-01-13 09:00", "active", 0},
    {"by appointment, in its hours", RULES(split), "2026-01-05 10:00", HOURS_APPOINTMENT,
     "2026-01-05 12:00", "active", 1},
    {"by appointment, no hours", NULL, 0, "2026-01-05 10:00", HOURS_APPOINTMENT, "", "active", 1},
    {"by appointment, closed for a holiday", RULES(christmas), "2026-12-24 10:00", HOURS_HOLIDAY,
     "2026-12-28 09:00", "active", 1},

    /* The clocks change in Helsinki. */
    {"spring: 01:30, before the change", RULES(sunday_night), "utc 2026-03-28T23:30", HOURS_OPEN,
     "2026-03-29 05:00", NULL, 0},
    {"spring: 02:59, the last minute before it", RULES(sunday_night), "utc 2026-03-29T00:59",
     HOURS_OPEN, "2026-03-29 05:00", NULL, 0},
    {"spring: 04:00, just after it", RULES(sunday_night), "utc 2026-03-29T01:00", HOURS_OPEN,
     "2026-03-29 05:00", NULL, 0},
    {"spring: 05:00, closed until next week", RULES(sunday_night), "utc 2026-03-29T02:00",
     HOURS_CLOSED, "2026-04-05 01:00", NULL, 0},
    {"spring: 02:59, opens at 04:00", RULES(sunday_four), "utc 2026-03-29T00:59", HOURS_CLOSED,
     "2026-03-29 04:00", NULL, 0},
    {"spring: 04:00, open", RULES(sunday_four), "utc 2026-03-29T01:00", HOURS_OPEN,
     "2026-03-29 06:00", NULL, 0},
    {"autumn: 01:30", RULES(sunday_night), "utc 2026-10-24T22:30", HOURS_OPEN, "2026-10-25 05:00",
     NULL, 0},
    {"autumn: 03:30 the first time", RULES(sunday_night), "utc 2026-10-25T00:30", HOURS_OPEN,
     "2026-10-25 05:00", NULL, 0},
    {"autumn: 03:30 the second time", RULES(sunday_night), "utc 2026-10-25T01:30", HOURS_OPEN,
     "2026-10-25 05:00", NULL, 0},
    {"autumn: 04:59", RULES(sunday_night), "utc 2026-10-25T02:59", HOURS_OPEN, "2026-10-25 05:00",
     NULL, 0},
    {"autumn: 05:00, closed until next week", RULES(sunday_night), "utc 2026-10-25T03:00",
     HOURS_CLOSED, "2026-11-01 01:00", NULL, 0},
    {"autumn: the repeated hour, opens at 05:00", RULES(sunday_five), "utc 2026-10-25T01:30",
     HOURS_CLOSED, "2026-10-25 05:00", NULL, 0},
    {"autumn: a 25-hour day is one day", RULES(split), "utc 2026-10-24T21:00", HOURS_CLOSED,
     "2026-10-26 09:00", NULL, 0},
};

static void status_case(void **state)
{
    const struct status_row *r = *state;
    struct service_summary s = {.openings = (struct opening *)r->rules,
                                .n_openings = r->n,
                                .by_appointment = r->by_appointment};
    xsnprintf(s.status, sizeof s.status, "%s", r->status ? r->status : "active");
    struct fd_tm now = parse_now(r->now);
    struct hours_status h = hours_service(&s, now);

    char got[32] = "";
    const struct fd_tm *t = h.state == HOURS_TEMPORARILY_CLOSED ? &h.until : &h.when;
    if (t->year && h.state == HOURS_TEMPORARILY_CLOSED)
        xsnprintf(got, sizeof got, "%04d-%02d-%02d", t->year, t->month, t->day);
    else if (t->year && h.state != HOURS_UNKNOWN && h.state != HOURS_ALWAYS)
        xsnprintf(got, sizeof got, "%04d-%02d-%02d %02d:%02d", t->year, t->month, t->day, t->hour,
                  t->minute);
    if (h.state != r->want || strcmp(got, r->when) != 0)
        fail_msg("at %s: got %s \"%s\"; want %s \"%s\"", r->now, state_names[h.state], got,
                 state_names[r->want], r->when);
    /* The short fields agree with `when`, and days count dates. */
    if (h.when.year) {
        char at[6];
        xsnprintf(at, sizeof at, "%02d:%02d", h.when.hour, h.when.minute);
        long days =
            day_of(h.when.year, h.when.month, h.when.day) - day_of(now.year, now.month, now.day);
        if (strcmp(h.at, at) != 0 || h.weekday != h.when.weekday || h.days != days ||
            h.weekday != (int)((day_of(h.when.year, h.when.month, h.when.day) + 3) % 7) + 1)
            fail_msg("at %s: at %s weekday %d days %d; want %s, %d, %ld", r->now, h.at, h.weekday,
                     h.days, at, h.when.weekday, days);
    }
}

/* ---- each day's hours --------------------------------------------------- */

struct day_row {
    const char *name;
    const struct opening *rules;
    size_t n;
    const char *today; /* "YYYY-MM-DD" */
    int day;           /* 0 = today */
    const char *want;  /* "DATE WEEKDAY: closed", "... holiday", "... [special] 09:00-12:00,..." */
};

static const struct day_row day_rows[] = {
    {"week: today first", RULES(split), "2026-01-07", 0, "2026-01-07 3: 09:00-12:00,13:00-16:00"},
    {"week: Saturday closed", RULES(split), "2026-01-07", 3, "2026-01-10 6: closed"},
    {"week: Monday after", RULES(split), "2026-01-07", 5, "2026-01-12 1: 09:00-12:00,13:00-16:00"},
    {"week: a night belongs to its evening", RULES(nights), "2026-01-05", 4,
     "2026-01-09 5: 20:00-08:00"},
    {"week: 23:59 reads as written", RULES(always), "2026-01-05", 6, "2026-01-11 7: 00:00-23:59"},
    {"week: a holiday", RULES(christmas), "2026-12-21", 3, "2026-12-24 4: holiday"},
    {"week: special hours", RULES(christmas), "2026-12-21", 10,
     "2026-12-31 4: special 10:00-14:00"},
    {"week: across the year", RULES(christmas), "2026-12-28", 4, "2027-01-01 5: 09:00-16:00"},
    {"week: summer hours start", RULES(summer), "2026-05-29", 3, "2026-06-01 1: 10:00-14:00"},
    {"week: overlapping openings join", RULES(overlapping), "2026-01-05", 0,
     "2026-01-05 1: 09:00-14:00"},
    {"week: two special openings", RULES(two_specials), "2026-01-05", 1,
     "2026-01-06 2: special 10:00-12:00,14:00-16:00"},
    {"week: nothing known", NULL, 0, "2026-01-05", 2, "2026-01-07 3: closed"},
};

static void day_case(void **state)
{
    const struct day_row *r = *state;
    struct hours_day days[14];
    struct fd_tm today;
    assert_int_equal(hours_parse_date(r->today, &today), 0);
    hours_days(r->rules, r->n, today, days, ARRAY_LEN(days));
    const struct hours_day *d = &days[r->day];
    char got[256];
    size_t used = 0;
    got[0] = '\0';
    xappend(got, sizeof got, &used, "%04d-%02d-%02d %d: %s", d->date.year, d->date.month,
            d->date.day, d->date.weekday,
            d->n ? (d->exception ? "special " : "") : (d->exception ? "holiday" : "closed"));
    for (int i = 0; i < d->n; i++)
        xappend(got, sizeof got, &used, "%s%s-%s", i ? "," : "", d->spans[i].opens_at,
                d->spans[i].closes_at);
    if (strcmp(got, r->want) != 0)
        fail_msg("from %s, day %d: got \"%s\"; want \"%s\"", r->today, r->day, got, r->want);
}

/* ---- staff edits over the rules ----------------------------------------- */

struct override_row {
    const char *name;
    const struct opening *rules;
    size_t n;
    struct opening over[2]; /* laid over the rules in order; weekday -1: none */
    const char *today;
    int day;
    const char *want; /* as day_rows' */
};

#define NO_OVER                                                                                    \
    {                                                                                              \
        .weekday = -1                                                                              \
    }

static const struct override_row override_rows[] = {
    {"staff: a closure replaces the weekly hours",
     RULES(split),
     {{.weekday = 0, .valid_from = "2026-01-05", .valid_to = "2026-01-11", .closure = 1}, NO_OVER},
     "2026-01-05",
     2,
     "2026-01-07 3: holiday"},
    {"staff: after a closure the weekly hours again",
     RULES(split),
     {{.weekday = 0, .valid_from = "2026-01-05", .valid_to = "2026-01-11", .closure = 1}, NO_OVER},
     "2026-01-05",
     7,
     "2026-01-12 1: 09:00-12:00,13:00-16:00"},
    {"staff: one day's hours replace the catalogue's special hours",
     RULES(christmas),
     {DATED(0, "12:00", "13:00", "2026-12-31", "2026-12-31"), NO_OVER},
     "2026-12-31",
     0,
     "2026-12-31 4: special 12:00-13:00"},
    {"staff: a day inside a catalogue closure opens it that day",
     RULES(christmas),
     {DATED(0, "10:00", "12:00", "2026-12-25", "2026-12-25"), NO_OVER},
     "2026-12-24",
     1,
     "2026-12-25 5: special 10:00-12:00"},
    {"staff: the catalogue closure stays before that day",
     RULES(christmas),
     {DATED(0, "10:00", "12:00", "2026-12-25", "2026-12-25"), NO_OVER},
     "2026-12-24",
     0,
     "2026-12-24 4: holiday"},
    {"staff: and after it",
     RULES(christmas),
     {DATED(0, "10:00", "12:00", "2026-12-25", "2026-12-25"), NO_OVER},
     "2026-12-24",
     2,
     "2026-12-26 6: holiday"},
    {"staff: Mondays from a date",
     RULES(split),
     {DATED(1, "10:00", "11:00", "2026-01-12", "2026-01-26"), NO_OVER},
     "2026-01-12",
     0,
     "2026-01-12 1: 10:00-11:00"},
    {"staff: Mondays before it as before",
     RULES(split),
     {DATED(1, "10:00", "11:00", "2026-01-12", "2026-01-26"), NO_OVER},
     "2026-01-05",
     0,
     "2026-01-05 1: 09:00-12:00,13:00-16:00"},
    {"staff: Mondays after it as before",
     RULES(split),
     {DATED(1, "10:00", "11:00", "2026-01-12", "2026-01-26"), NO_OVER},
     "2026-02-02",
     0,
     "2026-02-02 1: 09:00-12:00,13:00-16:00"},
    {"staff: Tuesdays untouched by Mondays",
     RULES(split),
     {DATED(1, "10:00", "11:00", "2026-01-12", "2026-01-26"), NO_OVER},
     "2026-01-13",
     0,
     "2026-01-13 2: 09:00-12:00,13:00-16:00"},
    {"staff: closed on Mondays for two weeks",
     RULES(split),
     {DATED(1, "", "", "2026-01-12", "2026-01-19"), NO_OVER},
     "2026-01-19",
     0,
     "2026-01-19 1: closed"},
    {"staff: the later edit of a day wins",
     RULES(split),
     {DATED(0, "10:00", "12:00", "2026-01-07", "2026-01-07"),
      DATED(0, "14:00", "16:00", "2026-01-07", "2026-01-07")},
     "2026-01-07",
     0,
     "2026-01-07 3: special 14:00-16:00"},
    {"staff: a closure over the summer hours",
     RULES(summer),
     {{.weekday = 0, .valid_from = "2026-06-01", .valid_to = "2026-06-07", .closure = 1}, NO_OVER},
     "2026-06-01",
     7,
     "2026-06-08 1: 10:00-14:00"},
};

static void override_case(void **state)
{
    const struct override_row *r = *state;
    size_t n = r->n;
    struct opening *rules = xmalloc((n ? n : 1) * sizeof *rules);
    memcpy(rules, r->rules, n * sizeof *rules);
    for (size_t i = 0; i < ARRAY_LEN(r->over) && r->over[i].weekday >= 0; i++)
        n = hours_override(&rules, n, &r->over[i]);
    struct day_row d = {r->name, rules, n, r->today, r->day, r->want};
    const struct day_row *p = &d;
    day_case((void **)&p);
    free(rules);
}

/* ---- dates -------------------------------------------------------------- */

struct date_row {
    const char *name;
    const char *text;
    int ok;
};

static const struct date_row date_rows[] = {
    {"date: an ordinary one", "2026-01-05", 1},
    {"date: a leap day", "2028-02-29", 1},
    {"date: not a leap year", "2026-02-29", 0},
    {"date: month 13", "2026-13-01", 0},
    {"date: one digit", "2026-1-05", 0},
    {"date: something after", "2026-01-05x", 0},
    {"date: a time", "2026-01-05T10:00", 0},
    {"date: empty", "", 0},
    {"date: before 1970", "1969-12-31", 0},
    {"date: a century is no leap year", "2100-02-29", 0},
    {"date: but every fourth century is", "2000-02-29", 1},
    {"date: 31 April", "2026-04-31", 0},
    {"date: the year's last day", "2026-12-31", 1},
};

static void date_case(void **state)
{
    const struct date_row *r = *state;
    struct fd_tm t = {0};
    int ok = hours_parse_date(r->text, &t) == 0;
    if (ok != r->ok)
        fail_msg("\"%s\": got %s; want %s", r->text, ok ? "a date" : "no date",
                 r->ok ? "a date" : "no date");
    if (ok && strcmp(r->text, "2026-01-05") == 0 && (t.weekday != 1 || t.day != 5))
        fail_msg("\"%s\": weekday %d day %d; want Monday the 5th", r->text, t.weekday, t.day);
}

int main(void)
{
    enum {
        N = ARRAY_LEN(status_rows) + ARRAY_LEN(day_rows) + ARRAY_LEN(override_rows) +
            ARRAY_LEN(date_rows)
    };
    static struct CMUnitTest tests[N];
    size_t k = 0;
    for (size_t i = 0; i < ARRAY_LEN(status_rows); i++)
        tests[k++] = (struct CMUnitTest){status_rows[i].name, status_case, NULL, NULL,
                                         (void *)&status_rows[i]};
    for (size_t i = 0; i < ARRAY_LEN(day_rows); i++)
        tests[k++] =
            (struct CMUnitTest){day_rows[i].name, day_case, NULL, NULL, (void *)&day_rows[i]};
    for (size_t i = 0; i < ARRAY_LEN(override_rows); i++)
        tests[k++] = (struct CMUnitTest){override_rows[i].name, override_case, NULL, NULL,
                                         (void *)&override_rows[i]};
    for (size_t i = 0; i < ARRAY_LEN(date_rows); i++)
        tests[k++] =
            (struct CMUnitTest){date_rows[i].name, date_case, NULL, NULL, (void *)&date_rows[i]};
    return _cmocka_run_group_tests("hours", tests, k, NULL, NULL);
}
