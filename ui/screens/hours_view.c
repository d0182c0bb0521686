/* hours_view.c: opening hours in words, for cards and the service detail.
 *
 * hours.h decides what is open when; this file only says it. The week is
 * shown from today: days in a row with the same hours share a line
 * ("Monday–Friday: 09:00–16:00"), a day whose hours a date exception sets
 * has a line of its own with its date, and the exceptions of the week
 * after follow, so nobody walks to a door closed for a holiday. Times are
 * isolated left to right so they read in order in any script.
 */
#include "screens.h"

#include "frontdoor/clock.h"
#include "frontdoor/hours.h"
#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define WEEK_DAYS 7
#define AHEAD_DAYS 14 /* how far the exceptions are listed */

const char *hours_view_status(struct app *a, const struct service_summary *s, char *buf,
                              size_t size, int *style)
{
    struct fd_tm now = clock_local(clock_now_ms());
    struct hours_status h = hours_service(s, now);
    char at[32], t[24], date[128];
    text_isolate_ltr(time_text(a, h.at, t, sizeof t), at, sizeof at);
    const char *day = weekday_name(h.weekday);
    buf[0] = '\0';
    *style = UI_STYLE_CLOSED;
    /* Every state but "always" and "call to ask" changes with the clock. */
    if (h.state != HOURS_UNKNOWN && h.state != HOURS_ALWAYS)
        a->shows_time = 1;
    switch (h.state) {
    case HOURS_UNKNOWN:
        *style = UI_STYLE_BADGE;
        /* TRANSLATORS: no opening hours are known; the phone number is on the service. */
        xsnprintf(buf, size, "%s", _("Call to ask"));
        break;
    case HOURS_TEMPORARILY_CLOSED:
        *style = UI_STYLE_WARNING;
        if (h.until.year)
            /* TRANSLATORS: %s is a date such as "Monday 12 January", the last day it is
             * closed. */
            xsnprintf(buf, size, _("Temporarily closed until %s"),
                      date_text(a, h.until, date, sizeof date));
        else
            xsnprintf(buf, size, "%s", _("Temporarily closed"));
        break;
    case HOURS_HOLIDAY:
        xsnprintf(buf, size, "%s", _("Closed today (holiday)"));
        break;
    case HOURS_APPOINTMENT:
        *style = UI_STYLE_BADGE;
        xsnprintf(buf, size, "%s", _("By appointment"));
        break;
    case HOURS_ALWAYS:
        *style = UI_STYLE_OPEN;
        xsnprintf(buf, size, "%s", _("Open day and night"));
        break;
    case HOURS_OPEN:
        *style = UI_STYLE_OPEN;
        if (h.days == 0)
            /* TRANSLATORS: %s is a time such as 16:00. */
            xsnprintf(buf, size, _("Open now, until %s"), at);
        else if (h.days == 1 && strcmp(h.at, "00:00") == 0)
            xsnprintf(buf, size, "%s", _("Open now, until midnight"));
        else if (h.days == 1)
            /* TRANSLATORS: %s is a time such as 08:00, the next morning. */
            xsnprintf(buf, size, _("Open now, until %s tomorrow"), at);
        else
            /* TRANSLATORS: a weekday, then a time like 16:00 (%2$s before %1$s swaps them). */
            xsnprintf(buf, size, _("Open now, until %s %s"), day, at);
        break;
    case HOURS_CLOSED:
        if (h.days == 0)
            /* TRANSLATORS: %s is a time such as 13:00, later today. */
            xsnprintf(buf, size, _("Closed now, opens at %s"), at);
        else if (h.days == 1)
            /* TRANSLATORS: %s is a time such as 09:00. */
            xsnprintf(buf, size, _("Closed now, opens tomorrow at %s"), at);
        else if (h.days < 7)
            /* TRANSLATORS: a weekday, then a time like 09:00 (%2$s before %1$s swaps them). */
            xsnprintf(buf, size, _("Closed now, opens %s at %s"), day, at);
        else if (h.days == 7)
            /* TRANSLATORS: a week from today: a weekday, then a time like 09:00. */
            xsnprintf(buf, size, _("Closed now, opens next %s at %s"), day, at);
        else
            /* TRANSLATORS: after a closure: a date such as "Monday 12 January", then a time
             * like 09:00 (%2$s before %1$s swaps them). */
            xsnprintf(buf, size, _("Closed now, opens on %s at %s"),
                      date_text(a, h.when, date, sizeof date), at);
        break;
    }
    return buf;
}

/* "09:00–12:00, 13:00–16:00" (isolated left to right), "Closed", or
 * "Closed (holiday)" for a closure. */
static const char *day_hours(const struct app *a, const struct hours_day *d, char *buf, size_t size)
{
    char times[256], from[24], to[24];
    size_t used = 0;
    times[0] = '\0';
    for (int i = 0; i < d->n; i++)
        xappend(times, sizeof times, &used, "%s%s\u2013%s", i ? ", " : "",
                time_text(a, d->spans[i].opens_at, from, sizeof from),
                time_text(a, d->spans[i].closes_at, to, sizeof to));
    if (d->n)
        text_isolate_ltr(times, buf, size);
    else if (d->exception)
        xsnprintf(buf, size, "%s", _("Closed (holiday)"));
    else
        xsnprintf(buf, size, "%s", _("Closed"));
    return buf;
}

static int same_hours(const struct hours_day *x, const struct hours_day *y)
{
    if (x->n != y->n || x->exception != y->exception)
        return 0;
    for (int i = 0; i < x->n; i++) {
        if (strcmp(x->spans[i].opens_at, y->spans[i].opens_at) != 0 ||
            strcmp(x->spans[i].closes_at, y->spans[i].closes_at) != 0)
            return 0;
    }
    return 1;
}

/* Where the blocks and their texts go. */
struct out {
    struct block *b;
    int n, max;
    char *buf;
    size_t size, used;
};

static void put(struct out *o, int kind, const char *id, const char *lang, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void put(struct out *o, int kind, const char *id, const char *lang, const char *fmt, ...)
{
    char *p = o->buf + o->used;
    size_t room = o->size - o->used;
    va_list ap;
    va_start(ap, fmt);
    int len = room ? vsnprintf(p, room, fmt, ap) : -1;
    va_end(ap);
    if (o->n == o->max || len < 0 || (size_t)len >= room) {
        /* Which service is not said: the log is the journal, and a
         * resident opened it. */
        (void)id;
        fprintf(stderr, "frontdoor: no room for a service's opening hours; some are not shown\n");
        return;
    }
    o->used += (size_t)len + 1;
    struct block *b = &o->b[o->n++];
    *b = (struct block){.kind = kind, .text = p, .lang = lang ? lang : ""};
    xsnprintf(b->id, sizeof b->id, "%s", id);
}

/* A line for the days[first..last] that share their hours: their weekdays,
 * or the date of a date exception. */
static void put_days(const struct app *a, struct out *o, const struct hours_day *days, int first,
                     int last)
{
    const struct hours_day *d = &days[first];
    char id[UI_ID_MAX], label[160], hours[300];
    if (d->exception) {
        xsnprintf(id, sizeof id, "detail:hours:date:%04d-%02d-%02d", d->date.year, d->date.month,
                  d->date.day);
        date_text(a, d->date, label, sizeof label);
        if (last > first) {
            char end[128];
            size_t len = strlen(label);
            xappend(label, sizeof label, &len, "\u2013%s",
                    date_text(a, days[last].date, end, sizeof end));
        }
    } else {
        xsnprintf(id, sizeof id, "detail:hours:%d", d->date.weekday);
        if (last > first)
            xsnprintf(label, sizeof label, "%s\u2013%s", weekday_name(d->date.weekday),
                      weekday_name(days[last].date.weekday));
        else
            xsnprintf(label, sizeof label, "%s", weekday_name(d->date.weekday));
        /* A weekday is written as mid-sentence; this one starts a line. */
        capitalize(label);
    }
    put(o, BLOCK_TEXT, id, "", "%s: %s", label, day_hours(a, d, hours, sizeof hours));
}

/* Lines for days[from..to): days in a row with the same hours (date
 * exceptions with exceptions only) share one. */
static void put_run(const struct app *a, struct out *o, const struct hours_day *days, int from,
                    int to, int exceptions_only)
{
    for (int i = from; i < to;) {
        int last = i;
        while (last + 1 < to && same_hours(&days[last + 1], &days[i]))
            last++;
        if (!exceptions_only || days[i].exception)
            put_days(a, o, days, i, last);
        i = last + 1;
    }
}

int hours_view_blocks(const struct app *a, const struct service_detail *s, struct block *out,
                      int max, char *buf, size_t size, size_t *used)
{
    const struct service_summary *sum = &s->summary;
    struct out o = {out, 0, max, buf, size, 0};
    *used = 0;
    if (sum->n_openings == 0 && !s->schedule_note.text && !sum->by_appointment)
        return 0;
    struct fd_tm now = clock_local(clock_now_ms());
    struct hours_day days[AHEAD_DAYS];
    hours_days(sum->openings, sum->n_openings, now, days, AHEAD_DAYS);
    int any = 0;
    for (int i = 0; i < AHEAD_DAYS; i++)
        any |= days[i].n > 0 || days[i].exception;

    put(&o, BLOCK_SECTION, "detail:hours", "", "%s", _("Opening hours"));
    if (sum->by_appointment)
        put(&o, BLOCK_TEXT, "detail:hours:appointment", "", "%s", _("By appointment"));
    if (hours_status(sum->openings, sum->n_openings, now).state == HOURS_ALWAYS) {
        put(&o, BLOCK_TEXT, "detail:hours:all", "", "%s", _("Every day, day and night"));
        put_run(a, &o, days, 0, WEEK_DAYS, 1);
    } else if (any) {
        put_run(a, &o, days, 0, WEEK_DAYS, 0);
    }
    int later = 0;
    for (int i = WEEK_DAYS; i < AHEAD_DAYS; i++)
        later |= days[i].exception;
    if (later) {
        put(&o, BLOCK_MUTED, "detail:hours:later", "", "%s", _("Changed hours the week after:"));
        put_run(a, &o, days, WEEK_DAYS, AHEAD_DAYS, 1);
    }
    if (s->schedule_note.text)
        put(&o, BLOCK_MUTED, "detail:hours:note", s->schedule_note.lang, "%s",
            s->schedule_note.text);
    *used = o.used;
    return o.n;
}
