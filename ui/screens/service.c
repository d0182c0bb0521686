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
        fprintf(stderr, "frontdoor: more than %d parts in a service; %s is not shown\n", MAX_BLOCKS,
                id);
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
    if (s->summary.n_openings == 0 && !s->schedule_note.text)
        return;
    add(bl, BLOCK_SECTION, "detail:hours", _("Opening hours"), "");
    struct fd_tm now = clock_local(clock_now_ms());
    if (hours_status(s->summary.openings, s->summary.n_openings, now).state == HOURS_ALWAYS) {
        add(bl, BLOCK_TEXT, "detail:hours:all", _("Every day, day and night"), "");
    } else {
        char hours[7][256];
        for (int day = 1; day <= 7; day++) {
            size_t used = 0;
            hours[day - 1][0] = '\0';
            for (size_t i = 0; i < s->summary.n_openings; i++) {
                const struct opening *o = &s->summary.openings[i];
                char from[24], to[24];
                if (o->weekday == day)
                    xappend(hours[day - 1], sizeof hours[0], &used, "%s%s\u2013%s",
                            used ? ", " : "", time_text(a, o->opens_at, from, sizeof from),
                            time_text(a, o->closes_at, to, sizeof to));
            }
        }
        /* Consecutive days with the same hours share a line: "Monday–Friday". */
        for (int day = 0; day < 7;) {
            int last = day;
            while (last + 1 < 7 && strcmp(hours[last + 1], hours[day]) == 0)
                last++;
            if (hours[day][0]) {
                char id[UI_ID_MAX], iso[300], days[128];
                xsnprintf(id, sizeof id, "detail:hours:%d", day + 1);
                if (last > day)
                    xsnprintf(days, sizeof days, "%s\u2013%s", weekday_name(day + 1),
                              weekday_name(last + 1));
                else
                    xsnprintf(days, sizeof days, "%s", weekday_name(day + 1));
                /* A weekday is written as mid-sentence; this one starts a line. */
                capitalize(days);
                /* The times are isolated so they read left to right in any script. */
                add(bl, BLOCK_TEXT, id,
                    keep(sc, "%s: %s", days, text_isolate_ltr(hours[day], iso, sizeof iso)), "");
            }
            day = last + 1;
        }
    }
    if (s->schedule_note.text)
        add(bl, BLOCK_MUTED, "detail:hours:note", s->schedule_note.text, s->schedule_note.lang);
}

static void add_places(struct builder *bl, struct scratch *sc, const struct service_detail *s)
{
    if (s->n_locations == 0)
        return;
    add(bl, BLOCK_SECTION, "detail:where", _("Where"), "");
    for (size_t i = 0; i < s->n_locations; i++) {
        const struct service_location *l = &s->locations[i];
        char id[UI_ID_MAX];
        xsnprintf(id, sizeof id, "detail:where:%zu", i);
        add(bl, BLOCK_TEXT, id, l->name.text, l->name.lang);
        xsnprintf(id, sizeof id, "detail:where:%zu:address", i);
        if (l->confidential)
            add(bl, BLOCK_NOTE, id,
                _("To keep people safe, this address is not shown. You will be told where to go "
                  "when you call."),
                "");
        else if (l->address)
            add(bl, BLOCK_TEXT, id, keep(sc, "%s", l->address), "");
        xsnprintf(id, sizeof id, "detail:where:%zu:transport", i);
        add(bl, BLOCK_MUTED, id, l->transportation.text, l->transportation.lang);
    }
}

static void add_phones(struct builder *bl, struct scratch *sc, const struct service_detail *s)
{
    if (s->n_phones == 0)
        return;
    add(bl, BLOCK_SECTION, "detail:phone", _("Phone"), "");
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
            keep(sc, "%s", text_isolate_ltr(s->phones[i].number, iso, sizeof iso)), "");
        xsnprintf(id, sizeof id, "phone:%zu:about", i);
        add(bl, BLOCK_MUTED, id, s->phones[i].description.text, s->phones[i].description.lang);
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
    add(bl, BLOCK_MUTED, "detail:organization", sum->organization.text, sum->organization.lang);
    if (strcmp(sum->status, "temporarily closed") == 0)
        add(bl, BLOCK_NOTE, "detail:status", _("Temporarily closed"), "")->icon = "info";

    const char *facts[8];
    int nf = facet_labels(sum->facets, facts, 8);
    char badges[512];
    size_t used = 0;
    badges[0] = '\0';
    for (int i = 0; i < nf; i++)
        xappend(badges, sizeof badges, &used, "%s%s", i ? "\n" : "", facts[i]);
    add(bl, BLOCK_BADGES, "facet", keep(sc, "%s", badges), "");

    /* What decides whether someone can get help now comes first. */
    char status[256];
    int status_style;
    if (strcmp(sum->status, "temporarily closed") != 0 &&
        *open_status(a, sum, status, sizeof status, &status_style)) {
        struct block *b = add(bl, BLOCK_NOTE, "detail:open-now", status, "");
        b->style = status_style;
        b->icon = "clock";
    }
    add_phones(bl, sc, &s);
    /* Take it with you: a code for the phone's camera, made only when asked. */
    int take_at = bl->n;
    add(bl, BLOCK_CARD, "qr", _("Take the details with you"), "")->sub =
        _("A code for your phone's camera: the name, phone number and address.");
    add_hours(a, bl, sc, &s);
    add_text(bl, "detail:about", _("What it is"), &sum->description);
    add_text(bl, "detail:for", _("Who it is for"), &s.eligibility);
    add_ages(bl, sc, &s);
    add_text(bl, "detail:cost", _("Cost"), &s.fees);
    add_text(bl, "detail:how", _("How to get help"), &s.application_process);
    add_documents(bl, &s);
    add_trust(bl, &s);
    add_places(bl, sc, &s);
    if (s.n_languages) {
        char codes[1024] = "", names[2048];
        size_t cu = 0;
        for (size_t i = 0; i < s.n_languages; i++)
            xappend(codes, sizeof codes, &cu, "%s%s", i ? "," : "", s.languages[i]);
        language_names(codes, names, sizeof names);
        add(bl, BLOCK_SECTION, "detail:languages", _("Languages spoken"), "");
        add(bl, BLOCK_TEXT, "detail:languages:text", keep(sc, "%s", names), "");
    }
    if (blocks_show(a, bl->b, bl->n, top) == take_at && take_at < bl->n)
        app_set_dialog(a, 1);
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
