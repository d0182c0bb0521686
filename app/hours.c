/* hours.c: open now, until when, or when next.
 *
 * Times are minutes from Monday 00:00. Each opening is an interval
 * [start, end); an overnight one ends the next day. The intervals are laid
 * out over three weeks (last, this, next) so that wrapping past Sunday
 * midnight needs no special case, sorted and merged where they touch or
 * overlap (a day to 23:59 and the next from 00:00 are one stretch). Then
 * "now" is either inside a merged stretch (open until its end) or before
 * the next one (closed until its start); a stretch a week long or more is
 * "always open".
 */
#include "frontdoor/hours.h"

#include "frontdoor/mem.h"

#include <stdio.h>
#include <stdlib.h>

#define DAY (24 * 60)
#define WEEK (7 * DAY)

struct span {
    int start, end;
};

/* Minutes since midnight of "HH:MM", or -1. */
static int minutes(const char *hhmm)
{
    int h, m;
    if (sscanf(hhmm, "%2d:%2d", &h, &m) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
        return -1;
    return h * 60 + m;
}

static int by_start(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

static void set_time(struct hours_status *s, int now, int t)
{
    /* Whole days between today and that day, midnight to midnight. */
    s->days = (t - t % DAY - (now - now % DAY)) / DAY;
    t = (t % WEEK + WEEK) % WEEK;
    s->weekday = t / DAY + 1;
    xsnprintf(s->at, sizeof s->at, "%02d:%02d", t % DAY / 60, t % 60);
}

struct hours_status hours_status(const struct opening *openings, size_t n, struct fd_tm now)
{
    struct hours_status s = {HOURS_UNKNOWN, 0, 0, ""};
    struct span *spans = n ? xmalloc(3 * n * sizeof *spans) : NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const struct opening *o = &openings[i];
        int open = minutes(o->opens_at), close = minutes(o->closes_at);
        if (open < 0 || close < 0 || o->weekday < 1 || o->weekday > 7)
            continue;
        if (close == DAY - 1)
            close = DAY; /* 23:59 means to the end of the day */
        int start = (o->weekday - 1) * DAY + open;
        int end = (o->weekday - 1) * DAY + (close > open ? close : close + DAY);
        for (int week = -1; week <= 1; week++)
            spans[k++] = (struct span){start + week * WEEK, end + week * WEEK};
    }
    if (k == 0) {
        free(spans);
        return s;
    }
    qsort(spans, k, sizeof *spans, by_start);
    size_t merged = 0;
    for (size_t i = 0; i < k; i++) {
        if (merged && spans[i].start <= spans[merged - 1].end) {
            if (spans[i].end > spans[merged - 1].end)
                spans[merged - 1].end = spans[i].end;
        } else {
            spans[merged++] = spans[i];
        }
    }
    int m = (now.weekday - 1) * DAY + now.hour * 60 + now.minute;
    s.state = HOURS_CLOSED;
    for (size_t i = 0; i < merged; i++) {
        if (spans[i].end - spans[i].start >= WEEK && spans[i].start <= m && m < spans[i].end) {
            s.state = HOURS_ALWAYS;
            break;
        }
        if (spans[i].start <= m && m < spans[i].end) {
            s.state = HOURS_OPEN;
            set_time(&s, m, spans[i].end);
            break;
        }
        if (spans[i].start > m) {
            set_time(&s, m, spans[i].start);
            break;
        }
    }
    free(spans);
    return s;
}
