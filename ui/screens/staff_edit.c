/* staff_edit.c: staff mode's changes to one service: the changes in force
 * (each can be taken back), and the form for a new one: a temporary
 * closure with a note, other hours on some days, a notice, a phone number.
 *
 * Staff find the service the way residents do (the needs, a list, search);
 * its screen then has "Change this service". The form keeps the change in
 * staff mode's draft; its text (a note, a notice) is typed with the
 * on-screen keyboard of the interface language, so a notice in Arabic is
 * written with the interface in Arabic. Dates and times move by buttons,
 * never typed, so they are always well formed; staff.c checks the rest and
 * saves the change with its line in the staff log.
 */
#include "screens.h"

#include "frontdoor/clock.h"
#include "frontdoor/hours.h"
#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ROW_H 56      /* dp: a row of the form */
#define STEP_W 64     /* dp: a stepper's button */
#define LABEL_W 110   /* dp: the words before a row's value */
#define VALUE_MIN 120 /* dp: a value narrower beside its words puts them above */
#define HALF_HOUR 30  /* minutes a time moves by */

/* --- dates and times --- */

/* `date` ("YYYY-MM-DD") moved by `days`. */
static void date_add(char date[11], int days)
{
    struct fd_tm d;
    if (hours_parse_date(date, &d) != 0)
        return;
    struct tm t = {
        .tm_year = d.year - 1900, .tm_mon = d.month - 1, .tm_mday = d.day + days, .tm_hour = 12};
    time_t when = timegm(&t);
    struct tm out;
    if (gmtime_r(&when, &out))
        xsnprintf(date, 11, "%04d-%02d-%02d", (out.tm_year + 1900) % 10000, (out.tm_mon + 1) % 100,
                  out.tm_mday % 100);
}

static void today(char out[11])
{
    staff_today(clock_now_ms(), out);
}

/* A date as the interface writes it ("Monday 12 January"), capitalised. */
static const char *date_words(const struct app *a, const char *date, char *buf, size_t size)
{
    struct fd_tm d;
    if (hours_parse_date(date, &d) != 0)
        return date;
    return capitalize(date_text(a, d, buf, size));
}

/* "HH:MM" moved by `minutes`, within the day; 24:00 is written 23:59, the
 * end of the day (hours.h). */
static void time_add(char t[6], int minutes)
{
    int m = (t[0] - '0') * 600 + (t[1] - '0') * 60 + (t[3] - '0') * 10 + (t[4] - '0');
    m = m == 23 * 60 + 59 ? 24 * 60 : m;
    m += minutes;
    m = m < 0 ? 0 : m > 24 * 60 ? 24 * 60 : m;
    if (m == 24 * 60)
        xsnprintf(t, 6, "23:59");
    else
        xsnprintf(t, 6, "%02d:%02d", m / 60, m % 60);
}

/* --- a service's changes --- */

void staff_open_service(struct app *a, const char *hsds_id)
{
    xsnprintf(a->staff.service, sizeof a->staff.service, "%s", hsds_id);
    app_go(a, (struct place){.screen = SCREEN_STAFF_SERVICE});
}

const char *title_staff_service(struct app *a, char *buf, size_t size)
{
    (void)a, (void)buf, (void)size;
    /* TRANSLATORS: staff mode: the title of the screen with what staff
     * changed about a service and the changes they can make. */
    return _("Change this service");
}

/* One change in words: what (into `what`) and on which days (into `when`). */
static void edit_words(const struct app *a, const struct staff_edit *e, char *what, size_t size,
                       char *when, size_t when_size)
{
    char from[96], to[96];
    date_words(a, e->starts, from, sizeof from);
    date_words(a, e->ends, to, sizeof to);
    /* TRANSLATORS: staff mode: the days a change holds, "Monday 5 January
     * to Friday 9 January". */
    xsnprintf(when, when_size, _("%s to %s"), from, to);
    switch (e->kind) {
    case STAFF_CLOSED:
        xsnprintf(what, size, "%s", _("Temporarily closed"));
        break;
    case STAFF_HOURS: {
        char times[32], wrapped[48];
        xsnprintf(times, sizeof times, "%s\u2013%s", e->opens_at, e->closes_at);
        text_isolate_ltr(times, wrapped, sizeof wrapped);
        const char *days = e->weekday ? weekday_name(e->weekday) : _("Every day");
        if (e->opens_at[0])
            /* TRANSLATORS: staff mode: a change in force: which days (a
             * weekday, or every day), then the hours. */
            xsnprintf(what, size, _("%s: open %s"), days, wrapped);
        else
            /* TRANSLATORS: staff mode: a change in force: which days (a
             * weekday, or every day) are closed. */
            xsnprintf(what, size, _("%s: closed all day"), days);
        break;
    }
    case STAFF_NOTICE:
        /* TRANSLATORS: staff mode: a change in force: a notice in a
         * language, then its text. */
        {
            char text[STAFF_TEXT_MAX + 8]; /* in its own direction inside the sentence */
            xsnprintf(text, sizeof text, "\u2068%s\u2069", e->text);
            xsnprintf(what, size, _("Notice in %s: %s"), i18n_language_name(e->lang), text);
        }
        break;
    default: {
        char number[64];
        text_isolate_ltr(e->text, number, sizeof number);
        xsnprintf(what, size, _("Phone number %s"), number);
        break;
    }
    }
}

/* Starts a new change of `kind` (a phone's: the `phone`-th), with what is
 * in force for it already, if anything. */
static void draft_start(struct app *a, int kind, const struct service_detail *s, size_t phone,
                        const struct staff_edit_list *edits)
{
    struct staff_edit *d = &a->staff.draft;
    memset(d, 0, sizeof *d);
    d->kind = kind;
    xsnprintf(d->service, sizeof d->service, "%s", a->staff.service);
    today(d->starts);
    xsnprintf(d->ends, sizeof d->ends, "%s", d->starts);
    date_add(d->ends, kind == STAFF_HOURS ? 0 : 7);
    xsnprintf(d->lang, sizeof d->lang, "%s", a->s.lang);
    if (kind == STAFF_HOURS) {
        xsnprintf(d->opens_at, sizeof d->opens_at, "09:00");
        xsnprintf(d->closes_at, sizeof d->closes_at, "16:00");
    }
    if (kind == STAFF_PHONE) {
        xsnprintf(d->phone, sizeof d->phone, "%s", s->phones[phone].hsds_id);
        xsnprintf(d->text, sizeof d->text, "%s", s->phones[phone].number);
    }
    /* A notice or a closure in force is changed, not written again. */
    for (size_t i = 0; i < edits->n; i++) {
        const struct staff_edit *e = &edits->items[i];
        if (e->kind == kind &&
            (kind == STAFF_CLOSED || (kind == STAFF_NOTICE && strcmp(e->lang, d->lang) == 0))) {
            *d = *e;
            d->id = 0;
            xsnprintf(d->lang, sizeof d->lang, "%s", a->s.lang);
        }
    }
    a->staff.failed[0] = '\0';
    a->s.typing.composing[0] = '\0'; /* nothing half typed comes along */
    a->s.typing.consonant = 0;
    app_go(a, (struct place){.screen = SCREEN_STAFF_EDIT});
}

#define MAX_PHONES 8
#define MAX_EDITS 32

void screen_staff_service(struct app *a)
{
    int64_t id;
    struct service_detail s = {0};
    struct staff_edit_list edits = {0};
    struct block b[8 + 2 * MAX_EDITS + MAX_PHONES];
    char text[2 * MAX_EDITS + MAX_PHONES][STAFF_TEXT_MAX + 256];
    int n = 0, kinds[8 + 2 * MAX_EDITS + MAX_PHONES];
    for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
        kinds[i] = -1;
    if (catalog_service_find(a->cat, a->staff.service, &id) != CATALOG_OK ||
        catalog_service_get(a->cat, id, &s) != CATALOG_OK ||
        staff_edits(a->staff.db, a->staff.service, clock_now_ms(), &edits) != CATALOG_OK) {
        /* TRANSLATORS: staff mode: the service was removed by an import
         * while staff were looking at it. */
        b[n++] = (struct block){.kind = BLOCK_TEXT,
                                .id = "staff:gone",
                                .text = _("This service is no longer in the catalogue."),
                                .lang = ""};
        blocks_show(a, b, n, a->area.y);
        catalog_service_detail_free(&s);
        return;
    }
    b[n++] = (struct block){.kind = BLOCK_TITLE,
                            .id = "staff:service",
                            .text = s.summary.name.text,
                            .lang = s.summary.name.lang};
    int k = 0;
    if (edits.n) {
        /* TRANSLATORS: staff mode: a heading over the changes staff made to
         * a service that still hold. */
        b[n++] = (struct block){.kind = BLOCK_SECTION,
                                .id = "staff:in-force",
                                .text = _("Changes in force"),
                                .lang = ""};
    }
    for (size_t i = 0; i < edits.n && i < MAX_EDITS; i++) {
        const struct staff_edit *e = &edits.items[i];
        char when[256];
        edit_words(a, e, text[k], sizeof text[k], when, sizeof when);
        b[n] = (struct block){.kind = BLOCK_CARD, .text = text[k++], .lang = ""};
        xsnprintf(text[k], sizeof text[k], "%s\n%s", when,
                  /* TRANSLATORS: staff mode: under a change in force that the
                   * catalogue imported since contradicts. */
                  e->contradicted ? _("The catalogue changed this since. Check whether this "
                                      "change is still right. Tap to take it back.")
                                  /* TRANSLATORS: staff mode: under a change in
                                   * force, the way to take it back. */
                                  : _("Tap to take it back."));
        b[n].sub = text[k++];
        xsnprintf(b[n].id, UI_ID_MAX, "staff:remove:%lld", (long long)e->id);
        n++;
    }
    /* TRANSLATORS: staff mode: a heading over the kinds of change staff
     * can make to a service. */
    b[n++] = (struct block){
        .kind = BLOCK_SECTION, .id = "staff:make", .text = _("Make a change"), .lang = ""};
    kinds[n] = STAFF_CLOSED;
    /* TRANSLATORS: staff mode: a change to make: the service is closed for some days. */
    b[n++] = (struct block){
        .kind = BLOCK_CARD, .id = "staff:closed", .text = _("Temporarily closed"), .lang = ""};
    kinds[n] = STAFF_HOURS;
    /* TRANSLATORS: staff mode: a change to make: other opening hours on some days. */
    b[n++] = (struct block){
        .kind = BLOCK_CARD, .id = "staff:hours", .text = _("Other opening hours"), .lang = ""};
    kinds[n] = STAFF_NOTICE;
    char notice[128];
    /* TRANSLATORS: staff mode: a change to make: a notice in the interface's
     * language, named. */
    xsnprintf(notice, sizeof notice, _("A notice in %s"), i18n_language_name(a->s.lang));
    b[n++] = (struct block){.kind = BLOCK_CARD, .id = "staff:notice", .text = notice, .lang = ""};
    size_t phones = s.n_phones < MAX_PHONES ? s.n_phones : MAX_PHONES;
    int protect = (s.summary.facets & FACET_CRISIS_LINE) != 0;
    for (size_t i = 0; i < s.n_locations; i++)
        protect |= s.locations[i].confidential;
    int first_phone = n;
    for (size_t i = 0; i < phones && !protect; i++) {
        char number[64];
        text_isolate_ltr(s.phones[i].number, number, sizeof number);
        kinds[n] = STAFF_PHONE;
        /* TRANSLATORS: staff mode: a change to make: another number instead
         * of this one. */
        xsnprintf(text[k], sizeof text[k], _("Phone number %s"), number);
        b[n] = (struct block){.kind = BLOCK_CARD, .text = text[k++], .lang = ""};
        xsnprintf(b[n].id, UI_ID_MAX, "staff:phone:%zu", i);
        n++;
    }
    if (protect && phones)
        /* TRANSLATORS: staff mode: why a crisis line's or a refuge's number
         * cannot be changed here. */
        b[n++] = (struct block){.kind = BLOCK_MUTED,
                                .id = "staff:protected",
                                .text = _("A crisis line's or a confidential place's numbers "
                                          "change only with a signed catalogue from the city."),
                                .lang = ""};
    int tapped = blocks_show(a, b, n, a->area.y);
    if (tapped >= 0 && strncmp(b[tapped].id, "staff:remove:", 13) == 0) {
        long long edit = strtoll(b[tapped].id + 13, NULL, 10);
        if (staff_edit_remove(a->staff.db, edit, clock_now_ms()) != CATALOG_OK)
            fprintf(stderr, "frontdoor: staff: %s\n", staff_errmsg(a->staff.db));
    } else if (tapped >= 0 && kinds[tapped] >= 0) {
        draft_start(a, kinds[tapped], &s,
                    tapped >= first_phone ? (size_t)(tapped - first_phone) : 0, &edits);
    }
    staff_edit_list_free(&edits);
    catalog_service_detail_free(&s);
}

/* --- every change in force --- */

const char *title_staff_changes(struct app *a, char *buf, size_t size)
{
    (void)a, (void)buf, (void)size;
    /* TRANSLATORS: staff mode: the title of the list of every change staff
     * made that still holds, on every service. */
    return _("Changes in force");
}

void screen_staff_changes(struct app *a)
{
    struct staff_edit_list edits;
    if (staff_edits(a->staff.db, NULL, clock_now_ms(), &edits) != CATALOG_OK) {
        fprintf(stderr, "frontdoor: staff: %s\n", staff_errmsg(a->staff.db));
        memset(&edits, 0, sizeof edits);
    }
    struct block *b = xcalloc(edits.n + 2, sizeof *b);
    char(*text)[STAFF_TEXT_MAX + 512] = xcalloc(edits.n + 1, sizeof *text);
    struct fd_text *names = xcalloc(edits.n + 1, sizeof *names);
    int n = 0;
    if (!a->title_shown)
        b[n++] = (struct block){.kind = BLOCK_TITLE,
                                .id = "changes:title",
                                .text = title_staff_changes(a, NULL, 0),
                                .lang = ""};
    if (edits.n == 0)
        /* TRANSLATORS: staff mode: no change staff made holds now. */
        b[n++] = (struct block){.kind = BLOCK_TEXT,
                                .id = "changes:none",
                                .text = _("No changes in force."),
                                .lang = ""};
    for (size_t i = 0; i < edits.n; i++) {
        const struct staff_edit *e = &edits.items[i];
        int64_t id;
        struct service_detail s;
        if (!e->gone && catalog_service_find(a->cat, e->service, &id) == CATALOG_OK &&
            catalog_service_get(a->cat, id, &s) == CATALOG_OK) {
            names[i] = s.summary.name;
            s.summary.name = (struct fd_text){0};
            catalog_service_detail_free(&s);
        }
        char what[STAFF_TEXT_MAX + 128], when[256];
        edit_words(a, e, what, sizeof what, when, sizeof when);
        xsnprintf(text[i], sizeof text[i], "%s\n%s%s%s", what, when,
                  e->gone || e->contradicted ? "\n" : "",
                  e->gone           ? _("This service is no longer in the catalogue.")
                  : e->contradicted ? _("The catalogue changed this since. Check whether this "
                                        "change is still right.")
                                    : "");
        b[n] = (struct block){.kind = BLOCK_CARD,
                              .text = names[i].text ? names[i].text : e->service,
                              .lang = names[i].text ? names[i].lang : "",
                              .sub = text[i]};
        xsnprintf(b[n++].id, UI_ID_MAX, "changes:%zu", i);
    }
    int tapped = blocks_show(a, b, n, a->area.y);
    if (tapped >= 0 && strncmp(b[tapped].id, "changes:", 8) == 0) {
        size_t i = strtoul(b[tapped].id + 8, NULL, 10);
        if (i < edits.n && !edits.items[i].gone)
            staff_open_service(a, edits.items[i].service);
    }
    for (size_t i = 0; i < edits.n; i++)
        fd_text_free(&names[i]);
    free(names);
    free(text);
    free(b);
    staff_edit_list_free(&edits);
}

/* --- the form --- */

const char *title_staff_edit(struct app *a, char *buf, size_t size)
{
    (void)buf, (void)size;
    switch (a->staff.draft.kind) {
    case STAFF_CLOSED:
        return _("Temporarily closed");
    case STAFF_HOURS:
        return _("Other opening hours");
    case STAFF_NOTICE:
        /* TRANSLATORS: staff mode: the title of the form for a notice. */
        return _("Notice");
    default:
        /* TRANSLATORS: staff mode: the title of the form for a phone number. */
        return _("Phone number");
    }
}

int staff_takes_text(const struct app *a)
{
    int kind = a->staff.draft.kind;
    return a->staff.open && (kind == STAFF_CLOSED || kind == STAFF_NOTICE);
}

static struct ui_text row_text(void)
{
    struct ui_text t = ui_style(UI_TEXT_BODY, 1);
    t.middle = 1;
    t.max_lines = 2;
    return t;
}

/* A row's height and the room between rows: less on a low screen, never
 * below a finger. */
static int row_h(const struct app *a)
{
    return low_screen(a->ui) ? 48 : ROW_H;
}

static int row_gap(const struct app *a)
{
    return low_screen(a->ui) ? 8 : GAP;
}

/* A row at *y: `label`, then `value` between a "-" and a "+" button (ids
 * ID:- and ID:+), as tall as the value's lines need; in a narrow column the
 * label goes above. *y moves under it. Returns -1, +1, or 0. */
static int stepper(struct app *a, const char *id, const char *label, const char *value, int *y_io,
                   struct ui_rect col)
{
    struct ui *ui = a->ui;
    char bid[UI_ID_MAX];
    struct ui_text t = row_text(), big = ui_style_centred(UI_TEXT_TITLE, 1);
    big.middle = 1;
    struct ui_text vt = ui_style_centred(UI_TEXT_BODY, 1);
    vt.middle = 1;
    int sw = low_screen(ui) ? 48 : STEP_W, y = *y_io, px, py;
    int above = col.w - LABEL_W - GAP - 2 * (sw + GAP) < VALUE_MIN;
    int lw = above ? col.w : LABEL_W;
    int lh = above ? ui_text_height(ui, label, t, lw) : 0;
    int x = above ? col.x : col.x + lw + GAP, vw = col.x + col.w - x - 2 * (sw + GAP);
    ui_padding(UI_ROLE_TEXT, &px, &py);
    int h = ui_text_height(ui, value, vt, vw - 2 * px) + 2 * py + 8;
    h = h < row_h(a) ? row_h(a) : h;
    xsnprintf(bid, sizeof bid, "%s:label", id);
    ui_label(ui, bid, UI_ROLE_TEXT, label, (struct ui_rect){col.x, y, lw, above ? lh : h},
             UI_STYLE_PLAIN, t);
    y += lh ? lh + 4 : 0;
    *y_io = y + h + row_gap(a);
    int step = 0;
    xsnprintf(bid, sizeof bid, "%s:-", id);
    if (ui_button(ui, bid, "\u2013", (struct ui_rect){x, y, sw, h}, UI_STYLE_SECONDARY, big))
        step = -1;
    xsnprintf(bid, sizeof bid, "%s:value", id);
    ui_label(ui, bid, UI_ROLE_TEXT, value, (struct ui_rect){x + sw + GAP, y, vw, h}, UI_STYLE_CARD,
             vt);
    xsnprintf(bid, sizeof bid, "%s:+", id);
    if (ui_button(ui, bid, "+", (struct ui_rect){x + sw + GAP + vw + GAP, y, sw, h},
                  UI_STYLE_SECONDARY, big))
        step = 1;
    return step;
}

/* The rows of dates; returns the y under them. */
static int date_rows(struct app *a, struct ui_rect col, int y)
{
    struct staff_edit *d = &a->staff.draft;
    char first[11], words[96];
    today(first);
    if (d->kind != STAFF_NOTICE && d->kind != STAFF_PHONE) {
        /* TRANSLATORS: staff mode: the first day a change holds. */
        int step = stepper(a, "edit:starts", _("From"),
                           date_words(a, d->starts, words, sizeof words), &y, col);
        if (step)
            date_add(d->starts, step);
        if (strcmp(d->starts, first) < 0)
            xsnprintf(d->starts, sizeof d->starts, "%s", first);
        if (strcmp(d->ends, d->starts) < 0)
            xsnprintf(d->ends, sizeof d->ends, "%s", d->starts);
    }
    char last[11];
    xsnprintf(last, sizeof last, "%s", first);
    date_add(last, STAFF_DAYS_MAX);
    /* TRANSLATORS: staff mode: the last day a change holds. */
    int step =
        stepper(a, "edit:ends", _("Until"), date_words(a, d->ends, words, sizeof words), &y, col);
    if (step)
        date_add(d->ends, step);
    if (strcmp(d->ends, d->starts) < 0)
        xsnprintf(d->ends, sizeof d->ends, "%s", d->starts);
    if (strcmp(d->ends, last) > 0)
        xsnprintf(d->ends, sizeof d->ends, "%s", last);
    return y;
}

/* For hours: which days, every day or one weekday, two to a row. Returns
 * the y under them. */
static int day_chips(struct app *a, struct ui_rect col, int y)
{
    struct staff_edit *d = &a->staff.draft;
    struct ui_text t = ui_style_centred(UI_TEXT_BODY, 1);
    t.middle = 1;
    t.max_lines = 1;
    int cw = (col.w - GAP) / 2, h = row_h(a), gap = row_gap(a);
    for (int day = 0; day <= 7; day++) {
        char id[16];
        xsnprintf(id, sizeof id, "edit:day:%d", day);
        struct ui_rect r = {col.x + (day % 2) * (cw + GAP), y + (day / 2) * (h + gap), cw, h};
        /* TRANSLATORS: staff mode: other hours for every day of the dates. */
        const char *label = day ? weekday_name(day) : _("Every day");
        if (!ui_button(a->ui, id, label, r,
                       d->weekday == day ? UI_STYLE_PRIMARY : UI_STYLE_SECONDARY, t))
            continue;
        d->weekday = day;
        /* A weekday's hours hold on that weekday: the dates take a week at
         * least, so they have one. */
        char week[11];
        xsnprintf(week, sizeof week, "%s", d->starts);
        date_add(week, 6);
        if (day && strcmp(d->ends, week) < 0)
            xsnprintf(d->ends, sizeof d->ends, "%s", week);
    }
    return y + 4 * (h + gap);
}

/* For hours: the times, or closed all day. Returns the y under them. */
static int time_rows(struct app *a, struct ui_rect col, int y)
{
    struct staff_edit *d = &a->staff.draft;
    struct ui_text t = ui_style_centred(UI_TEXT_BODY, 1);
    t.middle = 1;
    t.max_lines = 2;
    int h = row_h(a), gap = row_gap(a), closed = !d->opens_at[0];
    /* TRANSLATORS: staff mode: the hours form's choice between times and a
     * day closed all day. */
    const char *toggle = closed ? _("Open on these days") : _("Closed all day");
    if (ui_button(a->ui, "edit:closed", toggle, (struct ui_rect){col.x, y, col.w, h},
                  UI_STYLE_SECONDARY, t)) {
        xsnprintf(d->opens_at, sizeof d->opens_at, "%s", closed ? "09:00" : "");
        xsnprintf(d->closes_at, sizeof d->closes_at, "%s", closed ? "16:00" : "");
    }
    y += h + gap;
    if (!d->opens_at[0])
        return y;
    /* TRANSLATORS: staff mode: the hours form: when it opens. */ int step =
        stepper(a, "edit:opens", _("Opens"), d->opens_at, &y, col);
    if (step)
        time_add(d->opens_at, step * HALF_HOUR);
    /* TRANSLATORS: staff mode: the hours form: when it closes. */ step =
        stepper(a, "edit:closes", _("Closes"), d->closes_at, &y, col);
    if (step)
        time_add(d->closes_at, step * HALF_HOUR);
    return y;
}

/* The text typed so far, in a box as tall as its lines. */
static int text_box(struct app *a, struct ui_rect col, int y, const char *placeholder)
{
    const struct staff_edit *d = &a->staff.draft;
    char shown[STAFF_TEXT_MAX + 8];
    int empty = !d->text[0];
    xsnprintf(shown, sizeof shown, "%s|", d->text);
    struct ui_text t = content_style(a->s.lang, UI_TEXT_BODY, 0);
    int px, py;
    ui_padding(UI_ROLE_BUTTON, &px, &py);
    const char *label = empty ? placeholder : shown;
    int th = ui_text_height(a->ui, label, t, col.w - 2 * px);
    int h = th + 2 * py < row_h(a) ? row_h(a) : th + 2 * py;
    ui_label(a->ui, "edit:field", UI_ROLE_PANEL, "", (struct ui_rect){col.x, y, col.w, h},
             UI_STYLE_CARD, t);
    ui_label(a->ui, "edit:text", UI_ROLE_TEXT, label,
             (struct ui_rect){col.x + px, y + (h - th) / 2, col.w - 2 * px, th},
             empty ? UI_STYLE_MUTED : UI_STYLE_PLAIN, t);
    return y + h + row_gap(a);
}

/* The number typed so far, then a pad for it: digits, a plus and an erase
 * key, in the order a phone's keys have. Returns the y under it. */
static int number_pad(struct app *a, struct ui_rect col, int y, int show_number)
{
    struct staff_edit *d = &a->staff.draft;
    static const char *const keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "0", "<"};
    struct ui_text t = ui_style_centred(UI_TEXT_TITLE, 1);
    t.middle = 1;
    int kw = (col.w - 2 * GAP) / 3, h = row_h(a), gap = row_gap(a);
    if (show_number) {
        char number[64];
        text_isolate_ltr(d->text, number, sizeof number);
        ui_label(a->ui, "edit:number", UI_ROLE_TEXT, number, (struct ui_rect){col.x, y, col.w, h},
                 UI_STYLE_CARD, t);
        y += h + gap;
    }
    for (int i = 0; i < 12; i++) {
        char id[16];
        int c = ui_rtl(a->ui) ? 2 - i % 3 : i % 3; /* digits read left to right */
        struct ui_rect r = {col.x + c * (kw + GAP), y + i / 3 * (h + gap), kw, h};
        int erase = keys[i][0] == '<';
        xsnprintf(id, sizeof id, "digit:%s", erase ? "erase" : keys[i]);
        if (!ui_button(a->ui, id, erase ? _("Erase") : keys[i], r,
                       erase ? UI_STYLE_NAV : UI_STYLE_SECONDARY, t))
            continue;
        size_t n = strlen(d->text);
        if (erase && n)
            d->text[n - 1] = '\0';
        else if (!erase && n < STAFF_PHONE_MAX)
            d->text[n] = keys[i][0];
    }
    return y + 4 * (h + gap);
}

/* Saves the change; back to the service's changes, or says why not. */
static void save(struct app *a)
{
    struct staff_mode *sm = &a->staff;
    struct staff_edit *d = &sm->draft;
    if (d->kind == STAFF_NOTICE || d->kind == STAFF_CLOSED)
        xsnprintf(d->lang, sizeof d->lang, "%s", a->s.lang);
    if (d->kind == STAFF_NOTICE || d->kind == STAFF_PHONE)
        today(d->starts);
    if (staff_edit_add(sm->db, d, clock_now_ms()) == CATALOG_OK) {
        memset(d, 0, sizeof *d);
        sm->failed[0] = '\0';
        app_back(a);
    } else {
        /* TRANSLATORS: staff mode: a change could not be saved; the reason
         * follows, in English, for the city's support. */
        xsnprintf(sm->failed, sizeof sm->failed, _("Not saved: %s"), staff_errmsg(sm->db));
    }
}

/* The form. On a wide screen what takes the most room (the keyboard, the
 * number pad, the days) goes beside the rest, at the reading end; on a
 * tall one the keyboard goes under it. */
void screen_staff_edit(struct app *a)
{
    struct ui *ui = a->ui;
    struct staff_mode *sm = &a->staff;
    struct staff_edit *d = &sm->draft;
    int width = ui_width(ui), wide = width > ui_height(ui);
    int text = staff_takes_text(a), bottom = content_bottom(a);
    struct ui_rect form = {MARGIN, a->area.y, width - 2 * MARGIN, bottom - a->area.y}, side = {0};
    if (wide && d->kind != STAFF_NOTICE && d->kind != STAFF_CLOSED) {
        side = (struct ui_rect){width / 2 + GAP / 2, form.y, width / 2 - GAP / 2 - MARGIN, form.h};
        form.w = side.x - GAP - MARGIN;
    } else if (text && wide) {
        int kw = form.w * 11 / 20 > keyboard_max_width() ? keyboard_max_width() : form.w * 11 / 20;
        side = (struct ui_rect){width - MARGIN - kw, form.y, kw, keyboard_height(a)};
        form.w = side.x - GAP - MARGIN;
    } else if (text) {
        int kh = keyboard_height(a);
        side = (struct ui_rect){MARGIN, bottom - MARGIN - kh, form.w, kh};
    }
    int y = form.y;
    if (!a->title_shown) {
        struct ui_text t = ui_style(title_size(ui), 1);
        const char *title = title_staff_edit(a, NULL, 0);
        int h = ui_text_height(ui, title, t, form.w);
        ui_label(ui, "edit:title", UI_ROLE_HEADING, title, (struct ui_rect){form.x, y, form.w, h},
                 UI_STYLE_PLAIN, t);
        y += h + row_gap(a);
    }
    if (d->kind == STAFF_HOURS) {
        if (wide)
            day_chips(a, side, side.y);
        else
            y = day_chips(a, form, y);
        y = time_rows(a, form, y);
    }
    y = date_rows(a, form, y);
    if (d->kind == STAFF_CLOSED)
        /* TRANSLATORS: staff mode: the closure's note, before anything is
         * typed: what residents read under "Temporarily closed". */
        y = text_box(a, form, y, _("Why, and where to go instead (you may leave it empty)"));
    else if (d->kind == STAFF_NOTICE)
        /* TRANSLATORS: staff mode: the notice's field, before anything is typed. */
        y = text_box(a, form, y, _("Type the notice"));
    else if (d->kind == STAFF_PHONE && wide)
        number_pad(a, side, side.y, 1);
    else if (d->kind == STAFF_PHONE)
        y = number_pad(a, form, y, 1);
    if (sm->failed[0]) {
        struct ui_text t = ui_style(UI_TEXT_BODY, 1);
        int h = ui_text_height(ui, sm->failed, t, form.w);
        ui_label(ui, "edit:failed", UI_ROLE_TEXT, sm->failed,
                 (struct ui_rect){form.x, y, form.w, h}, UI_STYLE_WARNING_TEXT, t);
        y += h + row_gap(a);
    }
    struct ui_text bt = ui_style_centred(UI_TEXT_BUTTON, 1);
    bt.middle = 1;
    bt.max_lines = 2;
    /* TRANSLATORS: staff mode: the button that saves a change. */
    if (ui_button(ui, "edit:save", _("Save"), (struct ui_rect){form.x, y, form.w, row_h(a)},
                  UI_STYLE_PRIMARY, bt))
        save(a);
    if (text)
        keyboard_show(a, side);
}
