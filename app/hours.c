/* hours.c: open now, until when, or when next; the hours of each day.
 *
 * Every date becomes a day number (days since 1970-01-01, by calendar
 * arithmetic, so no time zone and no daylight saving touches it) and every
 * moment a wall-clock minute on a line of such days: day * 1440 + minutes.
 * On that line the clocks never change, which is what the opening hours
 * mean: a sign on the door says 01:00-05:00 whatever the clocks did that
 * night.
 *
 * The rules are parsed once per call. A day's openings are the date
 * exceptions covering it, or when there are none the weekly rules of its
 * weekday valid that date; an opening past midnight ends on the next day's
 * part of the line. For "open now" the openings from yesterday to a week
 * ahead are sorted and merged where they touch or overlap (a day to 23:59
 * and the next from 00:00 are one stretch); now lies inside a stretch (open
 * until its end, or always open when it lasts a week) or before the next
 * one. When nothing opens within that week, the days after it are searched
 * one by one, up to a year, for a service closed for the summer.
 */
#include "frontdoor/hours.h"

#include "frontdoor/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY (24 * 60)
#define WEEK (7 * DAY)
#define SEARCH_DAYS 366
#define NO_DATE (-(1L << 40)) /* below any day number */

struct rule {
    int weekday;     /* 0 for a date exception */
    int open, close; /* minutes into the day; close may run into the next; -1 = closed */
    int shown;       /* closes_at as written: 23:59 is the end of the day but reads so */
    long from, to;   /* day numbers, inclusive */
};

struct span {
    long start, end; /* wall-clock minutes on the line of days */
    int shown;       /* the closing time to show, minutes into its day */
};

static int digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : -100;
}

/* Minutes since midnight of "HH:MM", or -1. Read by hand: every service on
 * a list asks this of each of its rules for every frame. */
static int minutes(const char *hhmm)
{
    if (strlen(hhmm) != 5 || hhmm[2] != ':')
        return -1;
    int h = digit(hhmm[0]) * 10 + digit(hhmm[1]), m = digit(hhmm[3]) * 10 + digit(hhmm[4]);
    return h < 0 || h > 23 || m < 0 || m > 59 ? -1 : h * 60 + m;
}

/* Days since 1970-01-01 of a date in the proleptic Gregorian calendar,
 * counted in years that start in March so that a leap day ends its year;
 * a day past the end of its month runs on into the next, as timegm's
 * does. Arithmetic, not timegm: a list asks this of every service. */
static long day_number(int year, int month, int day)
{
    long y = year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;                                                 /* 0..399 */
    long doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1; /* from 1 March */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468; /* 1970-01-01 is day 719468 from 0000-03-01 */
}

/* 1 = Monday ... 7 = Sunday; 1970-01-01 was a Thursday. */
static int weekday_of(long dn)
{
    return (int)(((dn + 3) % 7 + 7) % 7) + 1;
}

/* The date of day number dn: day_number turned around. */
static struct fd_tm date_of(long dn)
{
    long z = dn + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;                                      /* 0..146096 */
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* 0..365 */
    long mp = (5 * doy + 2) / 153;                                    /* 0 = March */
    int day = (int)(doy - (153 * mp + 2) / 5 + 1);
    int month = (int)(mp < 10 ? mp + 3 : mp - 9);
    int year = (int)(yoe + era * 400 + (month <= 2));
    return (struct fd_tm){year, month, day, 0, 0, weekday_of(dn)};
}

int hours_parse_date(const char *s, struct fd_tm *out)
{
    int y, m, d, len = 0;
    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &len) != 3 || len != 10 ||
        y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    }
    struct fd_tm t = date_of(day_number(y, m, d));
    /* day_number rolls 30 February on into March; a real date comes back as it was. */
    if (t.year != y || t.month != m || t.day != d)
        return -1;
    *out = t;
    return 0;
}

/* The day number of "YYYY-MM-DD"; `none` for ""; 0 with *bad set otherwise. */
static long parse_day(const char *s, long none, int *bad)
{
    struct fd_tm t;
    if (!*s)
        return none;
    if (hours_parse_date(s, &t) != 0) {
        *bad = 1;
        return 0;
    }
    return day_number(t.year, t.month, t.day);
}

/* The usable rules of `openings`, into a new array the caller frees. */
static struct rule *parse_rules(const struct opening *openings, size_t n, size_t *n_rules)
{
    struct rule *rules = xmalloc((n ? n : 1) * sizeof *rules);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const struct opening *o = &openings[i];
        int bad = 0;
        struct rule r = {o->weekday,
                         minutes(o->opens_at),
                         minutes(o->closes_at),
                         minutes(o->closes_at),
                         parse_day(o->valid_from, NO_DATE, &bad),
                         parse_day(o->valid_to, -NO_DATE, &bad)};
        int closure = !o->opens_at[0] && !o->closes_at[0];
        if (bad || r.weekday < 0 || r.weekday > 7 || r.from > r.to)
            continue;
        if (r.weekday == 0 && (!o->valid_from[0] || !o->valid_to[0]))
            continue;
        if (closure && r.weekday == 0) {
            r.open = r.close = -1;
        } else if (r.open < 0 || r.close < 0) {
            continue;
        } else {
            if (r.close == DAY - 1)
                r.close = DAY; /* 23:59 means to the end of the day */
            if (r.close <= r.open)
                r.close += DAY;
        }
        rules[k++] = r;
    }
    *n_rules = k;
    return rules;
}

/* Appends the openings of day `dn` to spans (room for n_rules more). Returns
 * how many, and sets *exception when a date exception decides the day. */
static size_t day_spans(const struct rule *rules, size_t n_rules, long dn, struct span *spans,
                        int *exception)
{
    int weekday = weekday_of(dn);
    size_t k = 0;
    *exception = 0;
    for (size_t i = 0; i < n_rules; i++) {
        if (rules[i].weekday == 0 && rules[i].from <= dn && dn <= rules[i].to)
            *exception = 1;
    }
    for (size_t i = 0; i < n_rules; i++) {
        const struct rule *r = &rules[i];
        int applies = *exception ? r->weekday == 0 : r->weekday == weekday;
        if (applies && r->open >= 0 && r->from <= dn && dn <= r->to)
            spans[k++] = (struct span){dn * DAY + r->open, dn * DAY + r->close, r->shown};
    }
    return k;
}

static int by_start(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

/* Sorts spans and joins those that touch or overlap; returns how many remain. */
static size_t merge(struct span *spans, size_t n)
{
    qsort(spans, n, sizeof *spans, by_start);
    size_t merged = 0;
    for (size_t i = 0; i < n; i++) {
        if (merged && spans[i].start <= spans[merged - 1].end) {
            if (spans[i].end > spans[merged - 1].end) {
                spans[merged - 1].end = spans[i].end;
                spans[merged - 1].shown = spans[i].shown;
            }
        } else {
            spans[merged++] = spans[i];
        }
    }
    return merged;
}

static void set_when(struct hours_status *s, long today, long t)
{
    long dn = t / DAY;
    int m = (int)(t % DAY);
    s->when = date_of(dn);
    s->when.hour = m / 60;
    s->when.minute = m % 60;
    s->weekday = s->when.weekday;
    s->days = (int)(dn - today);
    xsnprintf(s->at, sizeof s->at, "%02d:%02d", s->when.hour, s->when.minute);
}

struct hours_status hours_status(const struct opening *openings, size_t n, struct fd_tm now)
{
    struct hours_status s = {0};
    s.state = HOURS_UNKNOWN;
    size_t n_rules;
    struct rule *rules = parse_rules(openings, n, &n_rules);
    if (n_rules == 0)
        goto free_rules;

    long today = day_number(now.year, now.month, now.day);
    long t = today * DAY + now.hour * 60 + now.minute;
    /* Yesterday (its night may run into today) to a week ahead. */
    struct span *spans = xmalloc((9 * n_rules + 1) * sizeof *spans);
    size_t k = 0;
    int exception, holiday = 0;
    for (long dn = today - 1; dn <= today + 7; dn++) {
        size_t added = day_spans(rules, n_rules, dn, spans + k, &exception);
        if (dn == today && exception && added == 0)
            holiday = 1;
        k += added;
    }
    k = merge(spans, k);
    long next = -1;
    for (size_t i = 0; i < k && next < 0; i++) {
        if (spans[i].start <= t && t < spans[i].end) {
            int always = spans[i].end - spans[i].start >= WEEK;
            s.state = always ? HOURS_ALWAYS : HOURS_OPEN;
            if (!always)
                set_when(&s, today, spans[i].end);
            goto free_spans;
        }
        if (spans[i].start > t)
            next = spans[i].start;
    }
    for (long dn = today + 8; next < 0 && dn <= today + SEARCH_DAYS; dn++) {
        size_t added = day_spans(rules, n_rules, dn, spans, &exception);
        for (size_t i = 0; i < added; i++) {
            if (next < 0 || spans[i].start < next)
                next = spans[i].start;
        }
    }
    if (next >= 0) {
        s.state = holiday ? HOURS_HOLIDAY : HOURS_CLOSED;
        set_when(&s, today, next);
    } else if (holiday) {
        s.state = HOURS_HOLIDAY;
    }
free_spans:
    free(spans);
free_rules:
    free(rules);
    return s;
}

struct hours_status hours_service(const struct service_summary *s, struct fd_tm now)
{
    struct hours_status h = hours_status(s->openings, s->n_openings, now);
    char today_s[11];
    xsnprintf(today_s, sizeof today_s, "%04d-%02d-%02d", now.year, now.month, now.day);
    int closed = strcmp(s->status, "temporarily closed") == 0;
    for (size_t i = 0; i < s->n_openings && !closed; i++) {
        const struct opening *o = &s->openings[i];
        closed =
            o->closure && strcmp(o->valid_from, today_s) <= 0 && strcmp(today_s, o->valid_to) <= 0;
    }
    if (closed) {
        h.state = HOURS_TEMPORARILY_CLOSED;
        /* The last day of the closures that follow on from today. */
        size_t n_rules;
        struct rule *rules = parse_rules(s->openings, s->n_openings, &n_rules);
        long today = day_number(now.year, now.month, now.day), last = today - 1;
        for (int more = 1; more;) {
            more = 0;
            for (size_t i = 0; i < n_rules; i++) {
                const struct rule *r = &rules[i];
                if (r->weekday == 0 && r->open < 0 && r->from <= last + 1 && r->to > last) {
                    last = r->to;
                    more = 1;
                }
            }
        }
        free(rules);
        if (last >= today)
            h.until = date_of(last);
    } else if (s->by_appointment && h.state != HOURS_HOLIDAY) {
        h.state = HOURS_APPOINTMENT;
    }
    return h;
}

/* "YYYY-MM-DD" of day number dn. */
static void date_write(char out[11], long dn)
{
    struct fd_tm t = date_of(dn);
    xsnprintf(out, 11, "%04d-%02d-%02d", t.year, t.month, t.day);
}

size_t hours_override(struct opening **rules, size_t n, const struct opening *o)
{
    int bad = 0;
    long from = parse_day(o->valid_from, NO_DATE, &bad),
         to = parse_day(o->valid_to, -NO_DATE, &bad);
    if (bad || from > to)
        return n;
    int adds = o->weekday == 0 || (o->opens_at[0] && o->closes_at[0]);
    /* Each rule cut in two leaves one more; the rule itself may come too. */
    *rules = xrealloc(*rules, (2 * n + 1) * sizeof **rules);
    size_t kept = n;
    for (size_t i = 0; i < n; i++) {
        struct opening *r = &(*rules)[i];
        int r_bad = 0;
        long r_from = parse_day(r->valid_from, NO_DATE, &r_bad);
        long r_to = parse_day(r->valid_to, -NO_DATE, &r_bad);
        if (r_bad || r->weekday != o->weekday || r_to < from || r_from > to)
            continue;
        if (r_to > to) { /* the dates after `o` */
            struct opening *after = &(*rules)[kept++];
            *after = *r;
            date_write(after->valid_from, to + 1);
        }
        if (r_from < from)
            date_write(r->valid_to, from - 1);
        else
            r->weekday = -1; /* nothing before `o`: gone */
    }
    size_t k = 0;
    for (size_t i = 0; i < kept; i++) {
        if ((*rules)[i].weekday >= 0)
            (*rules)[k++] = (*rules)[i];
    }
    if (adds)
        (*rules)[k++] = *o;
    return k;
}

static void format_time(char out[6], int m)
{
    xsnprintf(out, 6, "%02d:%02d", m / 60, m % 60);
}

void hours_days(const struct opening *openings, size_t n, struct fd_tm today, struct hours_day *out,
                size_t n_days)
{
    size_t n_rules;
    struct rule *rules = parse_rules(openings, n, &n_rules);
    struct span *spans = xmalloc((n_rules + 1) * sizeof *spans);
    long first = day_number(today.year, today.month, today.day);
    for (size_t d = 0; d < n_days; d++) {
        struct hours_day *day = &out[d];
        long dn = first + (long)d;
        memset(day, 0, sizeof *day);
        day->date = date_of(dn);
        size_t k = merge(spans, day_spans(rules, n_rules, dn, spans, &day->exception));
        for (size_t i = 0; i < k && i < HOURS_DAY_SPANS; i++) {
            struct hours_span *h = &day->spans[day->n++];
            format_time(h->opens_at, (int)(spans[i].start - dn * DAY));
            format_time(h->closes_at, spans[i].shown);
        }
    }
    free(spans);
    free(rules);
}
