/* service.c: one service, everything a resident needs to decide and go:
 * what it is, who it is for, what it costs, how to get help, when it is
 * open, where it is (never for a confidential place), how to call and which
 * languages are spoken. Long content pages with large buttons. */
#include "screens.h"

#include "frontdoor/clock.h"
#include "frontdoor/hours.h"
#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BLOCKS 256
#define SCRATCH (32 * 1024)

/* A scratch arena for the strings the blocks point to, allocated for one
 * frame and freed at its end. */
struct scratch {
    char buf[SCRATCH];
    size_t used;
};

static const char *keep(struct scratch *sc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *keep(struct scratch *sc, const char *fmt, ...)
{
    char *p = sc->buf + sc->used;
    size_t room = sizeof sc->buf - sc->used;
    va_list ap;
    va_start(ap, fmt);
    int n = room ? vsnprintf(p, room, fmt, ap) : -1;
    va_end(ap);
    if (n < 0 || (size_t)n >= room) {
        fprintf(stderr, "frontdoor: service text exceeds %d bytes; some is not shown\n", SCRATCH);
        return "";
    }
    sc->used += (size_t)n + 1;
    return p;
}

struct builder {
    struct block b[MAX_BLOCKS];
    int n;
};

static struct block *add(struct builder *bl, int kind, const char *id, const char *text,
                         const char *lang)
{
    /* What is not shown still takes a caller's settings, harmlessly. */
    static struct block nowhere;
    if (!text || !*text)
        return &nowhere;
    if (bl->n == MAX_BLOCKS) {
        /* Which service is not said: a resident opened it. */
        (void)id;
        fprintf(stderr, "frontdoor: more than %d parts in a service; the rest is not shown\n",
                MAX_BLOCKS);
        return &nowhere;
    }
    struct block *b = &bl->b[bl->n++];
    *b = (struct block){.kind = kind, .text = text, .lang = lang ? lang : ""};
    xsnprintf(b->id, sizeof b->id, "%s", id);
    return b;
}

static void add_text(struct builder *bl, const char *section_id, const char *title,
                     const struct fd_text *t)
{
    if (!t->text || !*t->text)
        return;
    char id[UI_ID_MAX];
    add(bl, BLOCK_SECTION, section_id, title, "");
    xsnprintf(id, sizeof id, "%s:text", section_id);
    add(bl, BLOCK_TEXT, id, t->text, t->lang);
}

static void add_hours(const struct app *a, struct builder *bl, struct scratch *sc,
                      const struct service_detail *s)
{
    size_t used;
    bl->n += hours_view_blocks(a, s, bl->b + bl->n, MAX_BLOCKS - bl->n, sc->buf + sc->used,
                               sizeof sc->buf - sc->used, &used);
    sc->used += used;
}

/* Where to go, for the first page: each place's name and address, or why
 * the address is not shown. How to get there waits for a later page. */
static void add_places(struct builder *bl, struct scratch *sc, const struct service_detail *s)
{
    for (size_t i = 0; i < s->n_locations; i++) {
        const struct service_location *l = &s->locations[i];
        char id[UI_ID_MAX];
        int named = l->name.text && *l->name.text;
        xsnprintf(id, sizeof id, "detail:where:%zu", i);
        add(bl, BLOCK_TEXT, id, l->name.text, l->name.lang)->icon = "place";
        xsnprintf(id, sizeof id, "detail:where:%zu:address", i);
        if (l->confidential)
            add(bl, BLOCK_NOTE, id,
                _("To keep people safe, this address is not shown. You will be told where to go "
                  "when you call."),
                "")
                ->icon = "place";
        else if (l->address)
            /* An address takes the direction of its first letter, whatever
             * the interface's: "14 Lantern Street" reads so in Arabic too,
             * the house number first. */
            add(bl, named ? BLOCK_MUTED : BLOCK_TEXT, id, keep(sc, "\u2068%s\u2069", l->address),
                "")
                ->icon = named ? "" : "place";
    }
}

static void add_getting_there(struct builder *bl, const struct service_detail *s)
{
    int any = 0;
    for (size_t i = 0; i < s->n_locations; i++)
        any |= s->locations[i].transportation.text != NULL;
    if (!any)
        return;
    add(bl, BLOCK_SECTION, "detail:where", _("How to get there"), "");
    for (size_t i = 0; i < s->n_locations; i++) {
        char id[UI_ID_MAX];
        xsnprintf(id, sizeof id, "detail:where:%zu:transport", i);
        add(bl, BLOCK_TEXT, id, s->locations[i].transportation.text,
            s->locations[i].transportation.lang);
    }
}

static void add_phones(struct builder *bl, struct scratch *sc, const struct service_detail *s)
{
    for (size_t i = 0; i < s->n_phones; i++) {
        char id[UI_ID_MAX], iso[128];
        /* A number given both for the service and for its place is shown once. */
        int seen = 0;
        for (size_t j = 0; j < i; j++)
            seen |= strcmp(s->phones[j].number, s->phones[i].number) == 0;
        if (seen)
            continue;
        xsnprintf(id, sizeof id, "phone:%zu", i);
        add(bl, BLOCK_TITLE, id,
            keep(sc, "%s", text_isolate_ltr(s->phones[i].number, iso, sizeof iso)), "")
            ->icon = "phone";
        xsnprintf(id, sizeof id, "phone:%zu:about", i);
        add(bl, BLOCK_MUTED, id, s->phones[i].description.text, s->phones[i].description.lang)
            ->icon = "";
    }
}

static void add_ages(struct builder *bl, struct scratch *sc, const struct service_detail *s)
{
    /* "From 0" is no limit worth a line. */
    int lo = s->minimum_age > 0 ? s->minimum_age : -1, hi = s->maximum_age;
    const char *text = NULL;
    if (lo >= 0 && hi >= 0)
        /* TRANSLATORS: an age range, such as "Ages 13 to 29". */
        text = keep(sc, _("Ages %d to %d"), lo, hi);
    else if (lo >= 0)
        /* TRANSLATORS: a lowest age, such as "Ages 18 and over". */
        text = keep(sc, _("Ages %d and over"), lo);
    else if (hi >= 0)
        /* TRANSLATORS: a highest age, such as "Ages up to 25". */
        text = keep(sc, _("Ages up to %d"), hi);
    if (text)
        add(bl, BLOCK_TEXT, "detail:ages", text, "")->icon = "people";
}

static void add_documents(struct builder *bl, const struct service_detail *s)
{
    if (s->n_documents == 0 && !(s->summary.facets & FACET_NO_ID))
        return;
    add(bl, BLOCK_SECTION, "detail:documents", _("What to bring"), "");
    if (s->n_documents == 0) {
        add(bl, BLOCK_TEXT, "detail:documents:none",
            _("You do not need to bring any papers or ID."), "")
            ->icon = "yes";
        return;
    }
    for (size_t i = 0; i < s->n_documents; i++) {
        char id[UI_ID_MAX];
        xsnprintf(id, sizeof id, "detail:documents:%zu", i);
        add(bl, BLOCK_TEXT, id, s->documents[i].text, s->documents[i].lang)->icon = "document";
    }
}

/* Today's hours for the first page, "Today: 09:00–16:00", unless the
 * status says all there is (open day and night, closed for now) or no
 * hours are given. */
static void add_today(const struct app *a, struct builder *bl, struct scratch *sc,
                      const struct service_summary *sum)
{
    struct fd_tm now = clock_local(clock_now_ms());
    enum hours_state state = hours_service(sum, now).state;
    if (sum->n_openings == 0 || state == HOURS_ALWAYS || state == HOURS_TEMPORARILY_CLOSED)
        return;
    struct hours_day today;
    hours_days(sum->openings, sum->n_openings, now, &today, 1);
    char times[256] = "", iso[300], from[24], to[24];
    size_t used = 0;
    for (int i = 0; i < today.n; i++)
        xappend(times, sizeof times, &used, "%s%s\u2013%s", i ? ", " : "",
                time_text(a, today.spans[i].opens_at, from, sizeof from),
                time_text(a, today.spans[i].closes_at, to, sizeof to));
    /* TRANSLATORS: today's opening hours: "Today: 09:00–16:00" or "Today: Closed". */
    add(bl, BLOCK_TEXT, "detail:today",
        keep(sc, _("Today: %s"), today.n ? text_isolate_ltr(times, iso, sizeof iso) : _("Closed")),
        "");
}

/* What it costs, for the first page: the catalogue's words, or "Free". */
static void add_cost(struct builder *bl, const struct service_detail *s)
{
    const char *icon = s->summary.facets & FACET_FREE ? "free" : "money";
    if (s->fees.text && *s->fees.text)
        add(bl, BLOCK_TEXT, "detail:cost", s->fees.text, s->fees.lang)->icon = icon;
    else if (s->summary.facets & FACET_FREE)
        add(bl, BLOCK_TEXT, "detail:cost", _("Free"), "")->icon = icon;
}

/* The trust facts the first page says, most asked first; the rest wait
 * for the section "Before you contact them". */
static const int trust_first[] = {TRUST_ANONYMOUS,        TRUST_POLICE,           TRUST_IMMIGRATION,
                                  TRUST_CHILD_PROTECTION, TRUST_RESIDENCE_STATUS, TRUST_ON_BEHALF,
                                  TRUST_INTERPRETER};
#define TRUST_SUMMED 2

/* The first TRUST_SUMMED facts the catalogue answers; a sensitive service
 * makes up the number with facts nobody answered, said to be unknown. */
static void add_trust_summary(struct builder *bl, const struct service_detail *s)
{
    int shown = 0;
    for (int unknown = 0; unknown < 2 && shown < TRUST_SUMMED; unknown++) {
        if (unknown && !s->sensitive)
            break;
        for (size_t i = 0; i < ARRAY_LEN(trust_first) && shown < TRUST_SUMMED; i++) {
            int f = trust_first[i];
            enum trust_value v = s->trust[f].value;
            const char *words = trust_words(f, v);
            if (!words || (v == TRUST_UNKNOWN) != unknown)
                continue;
            char id[UI_ID_MAX];
            xsnprintf(id, sizeof id, "summary:trust:%s", catalog_trust_code(f));
            add(bl, BLOCK_TEXT, id, _(words), "")->icon = trust_icon(f, v);
            shown++;
        }
    }
}

/* What decides whether someone dares to call, in plain words. A service
 * linked to a sensitive need shows every fact, the unknown ones as not
 * known; any other shows only what the catalogue says. */
static void add_trust(struct builder *bl, const struct service_detail *s)
{
    int known = 0;
    for (int f = 0; f < N_TRUST_FACTS; f++)
        known += s->trust[f].value != TRUST_UNKNOWN;
    if (!known && !s->sensitive)
        return;
    add(bl, BLOCK_SECTION, "detail:trust", _("Before you contact them"), "");
    for (int f = 0; f < N_TRUST_FACTS; f++) {
        const struct trust *t = &s->trust[f];
        const char *words = trust_words(f, t->value);
        if (!words || (t->value == TRUST_UNKNOWN && !s->sensitive))
            continue;
        char id[UI_ID_MAX];
        xsnprintf(id, sizeof id, "trust:%s", catalog_trust_code(f));
        add(bl, BLOCK_TEXT, id, _(words), "")->icon = trust_icon(f, t->value);
        if (t->label.text) {
            xsnprintf(id, sizeof id, "trust:%s:label", catalog_trust_code(f));
            add(bl, BLOCK_MUTED, id, t->label.text, t->label.lang)->icon = "";
        }
    }
}

/* When the catalogue's information was last checked, a quiet line at the
 * end; with its year, as it may be a year or more ago. */
static void add_checked(const struct app *a, struct builder *bl, struct scratch *sc,
                        const struct service_detail *s)
{
    struct fd_tm day;
    char date[96];
    if (hours_parse_date(s->assured_date, &day) != 0)
        return;
    date_year_text(a, day, date, sizeof date);
    /* TRANSLATORS: when the details were last checked; %s: a date such as "3 March 2025". */
    const char *text = keep(sc, _("Information checked on %s"), date);
    add(bl, BLOCK_MUTED, "detail:checked", text, "");
}

void screen_service(struct app *a)
{
    int top = a->area.y;
    struct builder *bl = xcalloc(1, sizeof *bl);
    struct scratch *sc = xcalloc(1, sizeof *sc);

    struct service_detail s = {0};
    int rc = catalog_service_get(a->cat, app_here(a)->service, &s);
    if (rc != 0) {
        if (rc != CATALOG_NOT_FOUND)
            app_fail(a);
        add(bl, BLOCK_TEXT, "detail:missing",
            _("This service is no longer listed. The staff at the desk can help."), "");
        blocks_show(a, bl->b, bl->n, top);
        goto free_scratch;
    }
    const struct service_summary *sum = &s.summary;
    add(bl, BLOCK_TITLE, "detail:name", sum->name.text, sum->name.lang);
    /* In staff mode, the way to this service's changes, first. */
    int change_at = bl->n;
    if (a->staff.open)
        /* TRANSLATORS: staff mode: on a service's screen, the button that
         * opens what staff can change about it. */
        add(bl, BLOCK_CARD, "staff:change", _("Change this service"), "");
    add(bl, BLOCK_MUTED, "detail:organization", sum->organization.text, sum->organization.lang);
    /* "Temporarily closed", and until when if a closure says, with the
     * staff's word on why and where to go instead; then any notice they
     * put up. */
    char closed[256];
    int closed_style;
    int shut = hours_service(sum, clock_local(clock_now_ms())).state == HOURS_TEMPORARILY_CLOSED;
    if (shut) {
        add(bl, BLOCK_NOTE, "detail:status",
            hours_view_status(a, sum, closed, sizeof closed, &closed_style), "")
            ->icon = "info";
        add(bl, BLOCK_TEXT, "detail:closure-note", s.closure_note.text, s.closure_note.lang);
    }
    add(bl, BLOCK_NOTE, "detail:notice", s.staff_notice.text, s.staff_notice.lang)->icon = "info";

    /* The first page holds what decides whether and how to go: whether it
     * is open, today's hours, the phone, the cost, where, and what they
     * tell others; the rest is a page turn away. */
    char status[256];
    int status_style;
    if (!shut && *hours_view_status(a, sum, status, sizeof status, &status_style)) {
        struct block *b = add(bl, BLOCK_NOTE, "detail:open-now", status, "");
        b->style = status_style;
        b->icon = "clock";
    }
    add_today(a, bl, sc, sum);
    char near[96];
    if (*distance_text(a, sum, near, sizeof near))
        add(bl, BLOCK_TEXT, "detail:distance", keep(sc, "%s", near), "")->icon = "place";
    add_phones(bl, sc, &s);
    add_cost(bl, &s);
    add_places(bl, sc, &s);
    add_trust_summary(bl, &s);

    const char *facts[8];
    int nf = facet_labels(sum->facets, facts, 8);
    char badges[512];
    size_t used = 0;
    badges[0] = '\0';
    for (int i = 0; i < nf; i++)
        xappend(badges, sizeof badges, &used, "%s%s", i ? "\n" : "", facts[i]);
    add(bl, BLOCK_BADGES, "facet", keep(sc, "%s", badges), "");
    /* Take it with you: a code for the phone's camera, made only when asked. */
    int take_at = bl->n;
    add(bl, BLOCK_CARD, "qr", _("Take the details with you"), "")->sub =
        _("A code for your phone's camera: the name, phone number and address.");
    add_hours(a, bl, sc, &s);
    add_text(bl, "detail:about", _("What it is"), &sum->description);
    add_text(bl, "detail:for", _("Who it is for"), &s.eligibility);
    add_ages(bl, sc, &s);
    add_text(bl, "detail:how", _("How to get help"), &s.application_process);
    add_documents(bl, &s);
    add_trust(bl, &s);
    add_getting_there(bl, &s);
    if (s.n_languages) {
        char codes[1024] = "", names[2048];
        size_t cu = 0;
        for (size_t i = 0; i < s.n_languages; i++)
            xappend(codes, sizeof codes, &cu, "%s%s", i ? "," : "", s.languages[i]);
        language_names(codes, names, sizeof names);
        add(bl, BLOCK_SECTION, "detail:languages", _("Languages spoken"), "");
        add(bl, BLOCK_TEXT, "detail:languages:text", keep(sc, "%s", names), "");
    }
    add_checked(a, bl, sc, &s);
    struct blocks_how how = {.more = _("More about this service")};
    int tapped = blocks_show_as(a, bl->b, bl->n, top, how);
    if (tapped == take_at && take_at < bl->n)
        app_set_dialog(a, 1);
    else if (tapped == change_at && a->staff.open)
        staff_open_service(a, sum->hsds_id);
    catalog_service_detail_free(&s);
free_scratch:
    free(sc);
    free(bl);
}

/* The text of the take-away code: the name, the phone as a tel: link, the
 * address (never a confidential place's) and the web address, a line each,
 * so any scanning app shows it and most let a tap call the number. */
static void take_away_text(const struct service_detail *s, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    if (s->summary.name.text)
        xappend(buf, size, &used, "%s\n", s->summary.name.text);
    if (s->n_phones) {
        char tel[64];
        size_t n = 0;
        for (const char *p = s->phones[0].number; *p && n + 1 < sizeof tel; p++) {
            if ((*p >= '0' && *p <= '9') || (*p == '+' && n == 0))
                tel[n++] = *p;
        }
        tel[n] = '\0';
        xappend(buf, size, &used, "tel:%s\n", tel);
    }
    for (size_t i = 0; i < s->n_locations; i++) {
        if (!s->locations[i].confidential && s->locations[i].address) {
            xappend(buf, size, &used, "%s\n", s->locations[i].address);
            break;
        }
    }
    if (s->url)
        xappend(buf, size, &used, "%s\n", s->url);
    if (used)
        buf[used - 1] = '\0';
}

/* The take-away code on the modal layer over the service: what it holds,
 * the code, what a phone keeps of it, and a button to close it. */
void dialog_take_away(struct app *a)
{
    struct ui *ui = a->ui;
    int width = ui_width(ui), height = ui_height(ui);
    struct service_detail s = {0};
    if (catalog_service_get(a->cat, app_here(a)->service, &s) != 0) {
        app_set_dialog(a, 0);
        return;
    }
    char text[1024];
    take_away_text(&s, text, sizeof text);

    ui_label(ui, "qr:scrim", UI_ROLE_PANEL, "", (struct ui_rect){0, 0, width, height},
             UI_STYLE_SCRIM, ui_style(UI_TEXT_BODY, 0));
    int px, py;
    ui_padding(UI_ROLE_PANEL, &px, &py);
    const char *name = s.summary.name.text ? s.summary.name.text : s.summary.hsds_id;
    struct ui_text title = content_style(s.summary.name.lang, UI_TEXT_TITLE, 1);
    struct ui_text body = ui_style(UI_TEXT_BODY, 0);
    struct ui_text button = ui_style_centred(UI_TEXT_BUTTON, 1);
    button.middle = 1;
    button.max_lines = 2;
    const char *note = _("Scan it with your phone's camera. Scanning apps may keep a history, and "
                         "a call leaves a call log on your phone.");
    /* Side by side on a landscape screen, else one above the
     * other; the code as large as the room allows, up to 320 dp. */
    int wide = width * 3 > height * 4;
    int dw = wide ? width - 4 * MARGIN : (width - 2 * MARGIN < 480 ? width - 2 * MARGIN : 480);
    int inner = dw - 2 * px;
    int text_w = wide ? inner / 2 - GAP : inner;
    int th = ui_text_height(ui, name, title, text_w);
    int nh = ui_text_height(ui, note, body, text_w);
    int bh = low_screen(ui) ? 52 : 64;
    int words = th + GAP + nh + 2 * GAP + bh;
    int room = height - 4 * MARGIN - 2 * py - (wide ? 0 : words + GAP);
    int side = wide ? inner / 2 : inner;
    side = side < room ? side : room;
    side = side < 320 ? side : 320;
    int dh = 2 * py + (wide ? (side > words ? side : words) : side + GAP + words);
    struct ui_rect d = {(width - dw) / 2, (height - dh) / 2, dw, dh};
    ui_label(ui, "qr:dialog", UI_ROLE_PANEL, "", d, UI_STYLE_DIALOG, body);
    int x = d.x + px, y = d.y + py;
    if (ui_qr(ui, "qr:code", text, (struct ui_rect){x, y, wide ? side : inner, side}) != 0)
        fprintf(stderr, "frontdoor: the take-away code cannot hold %zu bytes\n", strlen(text));
    if (wide)
        x += side + 2 * GAP;
    else
        y += side + GAP;
    ui_label(ui, "qr:name", UI_ROLE_HEADING, name, (struct ui_rect){x, y, text_w, th},
             UI_STYLE_PLAIN, title);
    y += th + GAP;
    ui_label(ui, "qr:note", UI_ROLE_TEXT, note, (struct ui_rect){x, y, text_w, nh}, UI_STYLE_MUTED,
             body);
    y += nh + 2 * GAP;
    ui_next_icon(ui, "no", NAV_ICON, 0);
    if (ui_button(ui, "qr:close", _("Close"), (struct ui_rect){x, y, text_w, bh}, UI_STYLE_PRIMARY,
                  button))
        app_set_dialog(a, 0);
    catalog_service_detail_free(&s);
}
