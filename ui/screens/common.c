/* common.c: what every screen shares: the back stack, the navigation bar,
 * text styles and the block pager.
 *
 * The pager measures every block at the content width, and if they do not
 * all fit, cuts them into pages at block boundaries (a section heading stays
 * with what follows it) and shows large previous/next buttons. Pages are
 * recomputed each frame from the cached text sizes, so a language switch
 * or a different screen size needs no bookkeeping.
 */
#include "screens.h"

#include "frontdoor/clock.h"
#include "frontdoor/hours.h"
#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/text.h"

#include <limits.h>
#include <wchar.h>
#include <wctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the back stack --- */

const struct place *app_here(const struct app *a)
{
    return &a->stack[a->depth - 1];
}

void app_go(struct app *a, struct place p)
{
    if (a->depth == NAV_DEPTH) {
        memmove(&a->stack[0], &a->stack[1], sizeof a->stack[0] * (NAV_DEPTH - 1));
        a->depth--;
    }
    a->stack[a->depth++] = p;
}

void app_back(struct app *a)
{
    if (a->depth > 1)
        a->depth--;
}

void app_home(struct app *a)
{
    memset(a->stack, 0, sizeof a->stack);
    a->depth = 2;
    a->stack[0] = (struct place){.screen = SCREEN_WELCOME};
    a->stack[1] = (struct place){.screen = SCREEN_NEEDS};
}

void app_restart(struct app *a)
{
    /* The whole path goes, not just the way back to it. */
    memset(a->stack, 0, sizeof a->stack);
    a->depth = 1;
    a->stack[0] = (struct place){.screen = SCREEN_WELCOME};
}

void app_fail(struct app *a)
{
    fprintf(stderr, "frontdoor: %s\n", catalog_errmsg(a->cat));
    a->failed = 1;
}

void app_set_page(struct app *a, int page)
{
    a->stack[a->depth - 1].page = page < 0 ? 0 : page;
}

void app_set_language(struct app *a, const char *code)
{
    xsnprintf(a->lang, sizeof a->lang, "%s", code);
}

/* --- sizes --- */

/* Below this height (dp) the chrome is compact. */
#define LOW_SCREEN 600

int low_screen(const struct ui *ui)
{
    return ui_height(ui) < LOW_SCREEN;
}

int bar_height(const struct ui *ui)
{
    return low_screen(ui) ? 60 : 72;
}

int pager_height(const struct ui *ui)
{
    return low_screen(ui) ? 52 : 64;
}

int title_size(const struct ui *ui)
{
    return low_screen(ui) ? UI_TEXT_TITLE : UI_TEXT_DISPLAY;
}

/* --- text styles --- */

struct ui_text ui_style(int size_dp, int bold)
{
    /* Interface strings take their direction from their first strong
     * character: a string not yet translated stays readable English inside
     * a right-to-left screen instead of coming out mirrored. */
    struct ui_text t = {.size_dp = size_dp, .bold = bold, .dir = TEXT_DIR_AUTO};
    return t;
}

struct ui_text ui_style_centred(int size_dp, int bold)
{
    struct ui_text t = ui_style(size_dp, bold);
    t.center = 1;
    return t;
}

struct ui_rect centred_column(const struct ui *ui, int max_w)
{
    int width = ui_width(ui);
    int w = width - 2 * MARGIN < max_w ? width - 2 * MARGIN : max_w;
    return (struct ui_rect){(width - w) / 2, 0, w, ui_height(ui)};
}

struct ui_text content_style(const char *lang, int size_dp, int bold)
{
    struct ui_text t = {.size_dp = size_dp, .bold = bold};
    t.dir = lang && *lang ? (i18n_is_rtl(lang) ? TEXT_DIR_RTL : TEXT_DIR_LTR) : TEXT_DIR_AUTO;
    return t;
}

/* --- facts shared by lists and details --- */

static const struct {
    unsigned bit;
    const char *label;
} facets[] = {
    {FACET_FREE, N_("Free")},
    {FACET_WALK_IN, N_("Walk in, no appointment")},
    {FACET_NO_REFERRAL, N_("No referral needed")},
    {FACET_NO_ID, N_("No ID needed")},
    {FACET_ANONYMOUS, N_("You can stay anonymous")},
    {FACET_INTERPRETER, N_("Interpreter available")},
    {FACET_ACCESSIBLE, N_("Step-free access")},
};

int facet_labels(unsigned set, const char **out, int max)
{
    int n = 0;
    for (size_t i = 0; i < ARRAY_LEN(facets) && n < max; i++) {
        if (set & facets[i].bit)
            out[n++] = _(facets[i].label);
    }
    return n;
}

static const char *const weekdays[7] = {N_("Monday"),   N_("Tuesday"), N_("Wednesday"),
                                        N_("Thursday"), N_("Friday"),  N_("Saturday"),
                                        N_("Sunday")};

const char *weekday_name(int weekday)
{
    return weekday >= 1 && weekday <= 7 ? _(weekdays[weekday - 1]) : "";
}

const char *time_text(const struct app *a, const char *hhmm, char *buf, size_t size)
{
    int h, m;
    if (config_twelve_hour(a->cfg, a->lang) && sscanf(hhmm, "%2d:%2d", &h, &m) == 2)
        xsnprintf(buf, size, "%d:%02d\u00a0%s", (h + 11) % 12 + 1, m, h < 12 ? "AM" : "PM");
    else
        xsnprintf(buf, size, "%s", hhmm);
    return buf;
}

/* Months as they are written in a date ("29 November"): some languages
 * write a month differently there than alone. */
static const char *const months[12] = {
    NC_("date", "January"), NC_("date", "February"), NC_("date", "March"),
    NC_("date", "April"),   NC_("date", "May"),      NC_("date", "June"),
    NC_("date", "July"),    NC_("date", "August"),   NC_("date", "September"),
    NC_("date", "October"), NC_("date", "November"), NC_("date", "December")};

char *capitalize(char *s)
{
    mbstate_t in = {0}, out = {0};
    wchar_t wc;
    char up[MB_LEN_MAX];
    size_t n = mbrtowc(&wc, s, strlen(s), &in);
    if (n == 0 || n > 4)
        return s;
    /* Only where the capital takes as many bytes (every Latin and Cyrillic
     * letter a weekday or month starts with). */
    if (wcrtomb(up, (wchar_t)towupper((wint_t)wc), &out) == n)
        memcpy(s, up, n);
    return s;
}

const char *date_text(const struct app *a, struct fd_tm tm, char *buf, size_t size)
{
    const char *day = weekday_name(tm.weekday);
    const char *month = tm.month >= 1 && tm.month <= 12 ? P_("date", months[tm.month - 1]) : "";
    if (config_twelve_hour(a->cfg, a->lang))
        xsnprintf(buf, size, "%s, %s %d", day, month, tm.day);
    else
        /* TRANSLATORS: weekday, day, month: "Sunday 29 November" (%3$s %2$d reorders). */
        xsnprintf(buf, size, _("%s %d %s"), day, tm.day, month);
    return capitalize(buf);
}

const char *open_status(struct app *a, const struct service_summary *s, char *buf, size_t size,
                        int *style)
{
    buf[0] = '\0';
    *style = UI_STYLE_CLOSED;
    if (strcmp(s->status, "temporarily closed") == 0) {
        *style = UI_STYLE_WARNING;
        xsnprintf(buf, size, "%s", _("Temporarily closed"));
        return buf;
    }
    struct hours_status h = hours_status(s->openings, s->n_openings, clock_local(clock_now_ms()));
    char at[32], t[24];
    text_isolate_ltr(time_text(a, h.at, t, sizeof t), at, sizeof at);
    const char *day = weekday_name(h.weekday);
    switch (h.state) {
    case HOURS_UNKNOWN:
        break;
    case HOURS_ALWAYS:
        *style = UI_STYLE_OPEN;
        xsnprintf(buf, size, "%s", _("Open day and night"));
        break;
    case HOURS_OPEN:
        *style = UI_STYLE_OPEN;
        a->shows_time = 1;
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
        a->shows_time = 1;
        if (h.days == 0)
            /* TRANSLATORS: %s is a time such as 13:00, later today. */
            xsnprintf(buf, size, _("Closed now, opens at %s"), at);
        else if (h.days == 1)
            /* TRANSLATORS: %s is a time such as 09:00. */
            xsnprintf(buf, size, _("Closed now, opens tomorrow at %s"), at);
        else if (h.days == 7)
            /* TRANSLATORS: a week from today: a weekday, then a time like 09:00. */
            xsnprintf(buf, size, _("Closed now, opens next %s at %s"), day, at);
        else
            /* TRANSLATORS: a weekday, then a time like 09:00 (%2$s before %1$s swaps them). */
            xsnprintf(buf, size, _("Closed now, opens %s at %s"), day, at);
        break;
    }
    return buf;
}

void language_names(const char *codes, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    while (codes && *codes) {
        const char *end = strchr(codes, ',');
        size_t len = end ? (size_t)(end - codes) : strlen(codes);
        char code[16];
        xsnprintf(code, sizeof code, "%.*s", (int)len, codes);
        /* Each name is isolated (FSI ... PDI) so that names in different
         * directions keep the list's order. */
        /* TRANSLATORS: between the items of a list, as in "Suomi, English". */
        if (xappend(buf, size, &used, "%s\u2068%s\u2069", used ? _(", ") : "",
                    i18n_language_name(code)) != 0)
            break;
        codes = end ? end + 1 : NULL;
    }
}

/* --- the navigation bar --- */

#define NAV_ICON 24

static int nav_button(struct app *a, const char *id, const char *icon, int flags, const char *label,
                      int x, int w)
{
    struct ui_text t = ui_style(UI_TEXT_BUTTON, 1);
    t.middle = 1;
    t.max_lines = 1;
    ui_next_icon(a->ui, icon, NAV_ICON, flags);
    /* Never below 44 dp: a finger's width. */
    int bar = bar_height(a->ui), h = bar - 16;
    return ui_button(a->ui, id, label, (struct ui_rect){x, (bar - h) / 2, w, h}, UI_STYLE_NAV, t);
}

static int button_width(struct app *a, const char *label, int min)
{
    int px, py;
    ui_padding(UI_ROLE_BUTTON, &px, &py);
    int w = ui_text_width(a->ui, label, ui_style(UI_TEXT_BUTTON, 1)) + 2 * px + 4 +
            ui_icon_room(NAV_ICON);
    return w < min ? min : w;
}

/* The sample strip's words and style: one line where it fits, else two. */
static const char *sample_label(struct ui_text *t)
{
    *t = ui_style_centred(UI_TEXT_SMALL, 1);
    t->middle = 1;
    t->max_lines = 2;
    /* TRANSLATORS: a strip on every screen while the catalogue is made-up sample data. */
    return _("Sample data: these services are made up");
}

static int sample_height(const struct app *a)
{
    struct ui_text t;
    const char *label = sample_label(&t);
    int px, py;
    ui_padding(UI_ROLE_BADGE, &px, &py);
    int h = ui_text_height(a->ui, label, t, ui_width(a->ui) - 2 * px - ui_icon_room(SAMPLE_ICON)) +
            2 * py;
    return h > SAMPLE_BAR_H ? h : SAMPLE_BAR_H;
}

int content_bottom(const struct app *a)
{
    return ui_height(a->ui) - (a->sample ? sample_height(a) : 0);
}

void sample_mark(struct app *a)
{
    if (!a->sample)
        return;
    struct ui_text t;
    const char *label = sample_label(&t);
    int bottom = content_bottom(a);
    ui_next_icon(a->ui, "sample", SAMPLE_ICON, 0);
    ui_label(a->ui, "sample", UI_ROLE_BADGE, label,
             (struct ui_rect){0, bottom, ui_width(a->ui), ui_height(a->ui) - bottom},
             UI_STYLE_SAMPLE, t);
}

int chrome(struct app *a, unsigned nav)
{
    return chrome_titled(a, nav, NULL, NULL);
}

int chrome_titled(struct app *a, unsigned nav, const char *title, int *shown)
{
    struct ui *ui = a->ui;
    int width = ui_width(ui), bar = bar_height(ui);
    ui_label(ui, "nav:bar", UI_ROLE_PANEL, "", (struct ui_rect){0, 0, width, bar}, UI_STYLE_BAR,
             ui_style(UI_TEXT_BODY, 0));

    char language[128];
    const char *back = _("Back");
    /* The language button says "Language" in English too, so someone who
     * cannot read the current language can still find their way out. */
    if (strcmp(a->lang, "en") == 0)
        xsnprintf(language, sizeof language, "%s", _("Language"));
    else
        xsnprintf(language, sizeof language, "%s \u00b7 Language", _("Language"));

    /* The buttons share the bar: where they do not all fit, the language
     * button says one word, then Home shows its icon alone, then the
     * language button's label shrinks (and is cut as a last resort). */
    int back_w = nav & NAV_BACK ? button_width(a, back, 110) : 0;
    int home_w = nav & NAV_HOME ? button_width(a, _("Home"), 100) : 0;
    int lang_w = nav & NAV_LANGUAGE ? button_width(a, language, 120) : 0;
    int span = width - 2 * MARGIN - ((nav & NAV_BACK) && (nav & NAV_HOME) ? GAP : 0) -
               (lang_w && (back_w || home_w) ? GAP : 0);
    if (lang_w && back_w + home_w + lang_w > span) {
        xsnprintf(language, sizeof language, "%s", _("Language"));
        lang_w = button_width(a, language, 120);
    }
    const char *home = _("Home");
    if (home_w && back_w + home_w + lang_w > span) {
        home = "";
        home_w = bar - 16;
    }
    if (lang_w && back_w + home_w + lang_w > span)
        lang_w = span - back_w - home_w;
    /* A title in the bar saves a line of content: worth the second word. */
    struct ui_text title_t = ui_style(UI_TEXT_TITLE, 1);
    title_t.middle = 1;
    title_t.max_lines = 1;
    int title_w = title && shown ? ui_text_width(ui, title, title_t) : 0;
    if (title_w && strcmp(language, _("Language")) != 0 &&
        title_w > width - 2 * MARGIN - back_w - home_w - lang_w - 4 * GAP) {
        int short_w = button_width(a, _("Language"), 120);
        if (title_w <= width - 2 * MARGIN - back_w - home_w - short_w - 4 * GAP) {
            xsnprintf(language, sizeof language, "%s", _("Language"));
            lang_w = short_w;
        }
    }

    int x = MARGIN;
    if (nav & NAV_BACK) {
        if (nav_button(a, "nav:back", "back", UI_ICON_MIRROR, back, x, back_w))
            app_back(a);
        x += back_w + GAP;
    }
    if (nav & NAV_HOME) {
        if (nav_button(a, "nav:home", "home", 0, home, x, home_w))
            app_home(a);
        x += home_w + GAP;
    }
    int right = width - MARGIN;
    if (nav & NAV_LANGUAGE) {
        right -= lang_w;
        if (nav_button(a, "nav:language", "language", 0, language, right, lang_w))
            app_go(a, (struct place){.screen = SCREEN_LANGUAGE});
    }
    /* A wide screen has room for the title between the buttons: a line
     * of content more below. */
    if (shown)
        *shown = 0;
    if (title_w) {
        int room = right - x - 2 * GAP;
        if (title_w <= room) {
            ui_label(ui, "bar:title", UI_ROLE_HEADING, title, (struct ui_rect){x, 0, room, bar},
                     UI_STYLE_PLAIN, title_t);
            *shown = 1;
        }
    }
    sample_mark(a);
    return bar + MARGIN;
}

/* --- blocks and pages --- */

void pager_show(struct app *a, int page, int pages)
{
    struct ui *ui = a->ui;
    if (pages <= 1)
        return;
    int w = ui_width(ui) - 2 * MARGIN;
    int bw = (w - 2 * GAP) / 3;
    int ph = pager_height(ui);
    int py = content_bottom(a) - MARGIN - ph;
    struct ui_text t = ui_style(UI_TEXT_BUTTON, 1);
    t.center = 1;
    t.middle = 1;
    t.max_lines = 1;
    char label[128];
    if (page > 0) {
        ui_next_icon(ui, "prev", NAV_ICON, UI_ICON_MIRROR);
        if (ui_button(ui, "page:prev", _("Previous"), (struct ui_rect){MARGIN, py, bw, ph},
                      UI_STYLE_SECONDARY, t))
            app_set_page(a, page - 1);
    }
    /* TRANSLATORS: page 2 of 5 of a long list or text. */
    xsnprintf(label, sizeof label, _("%d of %d"), page + 1, pages);
    struct ui_text it = ui_style(UI_TEXT_BODY, 0);
    it.center = 1;
    it.middle = 1;
    ui_label(ui, "page:indicator", UI_ROLE_TEXT, label,
             (struct ui_rect){MARGIN + bw + GAP, py, bw, ph}, UI_STYLE_MUTED, it);
    if (page + 1 < pages) {
        ui_next_icon(ui, "next", NAV_ICON, UI_ICON_MIRROR);
        if (ui_button(ui, "page:next", _("Next"),
                      (struct ui_rect){MARGIN + 2 * (bw + GAP), py, bw, ph}, UI_STYLE_PRIMARY, t))
            app_set_page(a, page + 1);
    }
}

#define MAX_FLOWED 320
/* Icon sizes, dp: beside a screen title, a line of text, a status tag. */
#define ICON_TITLE 36
#define ICON_TEXT 24
#define ICON_CHIP 18
/* The least room (dp) worth starting a piece of text in: about two lines. */
#define MIN_PIECE 60
/* Bytes of text that never fit one column: 853 dp of 18 dp lines hold about
 * 32 lines of at most 60 characters. */
#define NEVER_FITS 4000
/* Columns narrower than this are not put side by side. */
#define MIN_COLUMN 360

static struct ui_text block_text(const struct app *a, const struct block *b)
{
    const char *lang = b->lang && *b->lang ? b->lang : a->lang;
    switch (b->kind) {
    case BLOCK_TITLE:
        return content_style(lang, title_size(a->ui), 1);
    case BLOCK_SECTION:
        return content_style(lang, UI_TEXT_BUTTON, 1);
    case BLOCK_CARD: {
        struct ui_text t = content_style(lang, UI_TEXT_BUTTON, 1);
        t.max_lines = 2;
        return t;
    }
    case BLOCK_BADGES:
        return content_style(lang, UI_TEXT_SMALL, 1);
    default:
        return content_style(lang, UI_TEXT_BODY, 0);
    }
}

/* Splits `s` at '\n' into at most `max` lines copied into `buf`. */
static int split_lines(const char *s, char *buf, size_t size, const char **lines, int max)
{
    int n = 0;
    if (!s || !*s)
        return 0;
    xsnprintf(buf, size, "%s", s);
    char *p = buf;
    while (p && n < max) {
        lines[n++] = p;
        p = strchr(p, '\n');
        if (p)
            *p++ = '\0';
    }
    return n;
}

/* The height of the tallest of `n` one-line tags: they share it, and a tag
 * in Arabic script needs more than one in Latin. */
static int tag_height(struct ui *ui, const char *const *tags, int n, struct ui_text t, int width)
{
    int h = 0;
    for (int i = 0; i < n; i++) {
        int th = ui_text_height(ui, tags[i], t, width);
        if (th > h)
            h = th;
    }
    return h;
}

/* The own name of the language a catalogue text fell back to ("English"),
 * or NULL when it is in the interface's language. */
const char *fallback_name(const struct app *a, const char *lang)
{
    if (!lang || !*lang || strcmp(lang, a->lang) == 0)
        return NULL;
    return i18n_language_name(lang);
}

#define ICON_MARK 16

int fallback_mark(struct app *a, const char *lang, const char *of, int x, int y, int w, int draw)
{
    const char *name = fallback_name(a, lang);
    if (!name)
        return 0;
    struct ui_text t = content_style(lang, UI_TEXT_SMALL, 1);
    t.max_lines = 1;
    t.middle = 1;
    int px, py;
    ui_padding(UI_ROLE_BADGE, &px, &py);
    int h = ui_text_height(a->ui, name, t, w) + 2 * py;
    if (draw) {
        int bw = ui_text_width(a->ui, name, t) + 2 * px + 2 + ui_icon_room(ICON_MARK);
        char id[UI_ID_MAX];
        xsnprintf(id, sizeof id, "%s:fallback", of);
        ui_next_icon(a->ui, "language", ICON_MARK, 0);
        ui_label(a->ui, id, UI_ROLE_BADGE, name, (struct ui_rect){x, y, bw < w ? bw : w, h},
                 UI_STYLE_BADGE, t);
    }
    return h + 4;
}

/* Lays out one block in `box` (dp; box.h is the least height, for cards
 * sharing a row) or, with draw = 0, only measures it. Returns its height;
 * *tapped is set when a card was activated. */
static int block_layout(struct app *a, const struct block *b, struct ui_rect box, int draw,
                        int *tapped)
{
    struct ui *ui = a->ui;
    int x = box.x, y = box.y, w = box.w;
    struct ui_text t = block_text(a, b);
    int px, py; /* padding of the widget the block is drawn as */
    ui_padding(b->kind == BLOCK_CARD     ? UI_ROLE_BUTTON
               : b->kind == BLOCK_BADGES ? UI_ROLE_BADGE
                                         : UI_ROLE_PANEL,
               &px, &py);
    char buf[1024];
    const char *lines[16];

    switch (b->kind) {
    case BLOCK_NOTE: {
        /* A tinted box with the text inset: a panel and a text widget. */
        int style = b->style ? b->style : UI_STYLE_WARNING;
        int room = b->icon ? ui_icon_room(ICON_TEXT) : 0;
        int h = ui_text_height(ui, b->text, t, w - 2 * px - room) + 2 * py;
        if (draw) {
            char id[UI_ID_MAX];
            xsnprintf(id, sizeof id, "%s:box", b->id);
            ui_label(ui, id, UI_ROLE_PANEL, "", (struct ui_rect){x, y, w, h}, style, t);
            if (b->icon)
                ui_next_icon(ui, b->icon, ICON_TEXT, 0);
            ui_label(ui, b->id, UI_ROLE_TEXT, b->text,
                     (struct ui_rect){x + px, y + py, w - 2 * px, h - 2 * py},
                     style == UI_STYLE_WARNING ? UI_STYLE_WARNING_TEXT : style, t);
        }
        return h;
    }
    case BLOCK_BADGES: {
        int n = split_lines(b->text, buf, sizeof buf, lines, 16);
        int bh = tag_height(ui, lines, n, t, w) + 2 * py;
        int cx = 0, cy = 0;
        for (int i = 0; i < n; i++) {
            int bw = ui_text_width(ui, lines[i], t) + 2 * px + 2;
            if (bw > w)
                bw = w;
            if (cx > 0 && cx + bw > w) {
                cx = 0;
                cy += bh + 8;
            }
            if (draw) {
                char id[UI_ID_MAX];
                xsnprintf(id, sizeof id, "%s:%d", b->id, i);
                struct ui_text bt = t;
                bt.max_lines = 1;
                ui_label(ui, id, UI_ROLE_BADGE, lines[i], (struct ui_rect){x + cx, y + cy, bw, bh},
                         UI_STYLE_BADGE, bt);
            }
            cx += bw + 8;
        }
        return n ? cy + bh : 0;
    }
    case BLOCK_CARD: {
        int n = split_lines(b->sub, buf, sizeof buf, lines, 16);
        struct ui_text st =
            content_style(b->lang && *b->lang ? b->lang : a->lang, UI_TEXT_SMALL, 0);
        int inner = w - 2 * px;
        int mark = fallback_mark(a, b->lang, b->id, 0, 0, inner, 0);
        int th = ui_text_height(ui, b->text, t, inner);
        int h = py + mark + th;
        /* The tags: the opening status first, then facts. */
        const char *chips[8];
        char chip_buf[512];
        int nc = split_lines(b->chip, chip_buf, sizeof chip_buf, chips, 8);
        struct ui_rect chip_r[8];
        struct ui_text ct = content_style(a->lang, UI_TEXT_SMALL, 1);
        ct.max_lines = 1;
        if (nc) {
            int cpx, cpy, cx = 0;
            ui_padding(UI_ROLE_BADGE, &cpx, &cpy);
            int ch = tag_height(ui, chips, nc, ct, inner) + 2 * cpy;
            int cy = h + 8;
            for (int i = 0; i < nc; i++) {
                int cw = ui_text_width(ui, chips[i], ct) + 2 * cpx + 2 +
                         (i == 0 && b->style != UI_STYLE_BADGE ? ui_icon_room(ICON_CHIP) : 0);
                if (cw > inner)
                    cw = inner;
                if (cx > 0 && cx + cw > inner) {
                    cx = 0;
                    cy += ch + 6;
                }
                chip_r[i] = (struct ui_rect){x + px + cx, y + cy, cw, ch};
                cx += cw + 6;
            }
            h = cy + ch;
        }
        int sub_y[16];
        for (int i = 0; i < n; i++) {
            h += 4;
            sub_y[i] = h;
            h += ui_text_height(ui, lines[i], st, inner);
        }
        h += py;
        if (h < 72)
            h = 72;
        if (h < box.h)
            h = box.h;
        if (draw) {
            ui_next_inset(ui, mark);
            if (ui_button(ui, b->id, b->text, (struct ui_rect){x, y, w, h}, UI_STYLE_CARD, t))
                *tapped = 1;
            fallback_mark(a, b->lang, b->id, x + px, y + py, inner, 1);
            for (int i = 0; i < nc; i++) {
                char id[UI_ID_MAX];
                xsnprintf(id, sizeof id, "%s:tag%d", b->id, i);
                if (i == 0 && b->style != UI_STYLE_BADGE)
                    ui_next_icon(ui, "clock", ICON_CHIP, 0);
                ui_label(ui, id, UI_ROLE_BADGE, chips[i], chip_r[i],
                         i == 0 ? b->style : UI_STYLE_BADGE, ct);
            }
            for (int i = 0; i < n; i++) {
                char id[UI_ID_MAX];
                xsnprintf(id, sizeof id, "%s:line%d", b->id, i);
                int lh = ui_text_height(ui, lines[i], st, inner);
                ui_label(ui, id, UI_ROLE_TEXT, lines[i],
                         (struct ui_rect){x + px, y + sub_y[i], inner, lh}, UI_STYLE_MUTED, st);
            }
        }
        return h;
    }
    default: {
        /* An icon at the start; "" keeps its room free, so a line can
         * stand under the one with the icon. */
        int icon = !b->icon ? 0 : b->kind == BLOCK_TITLE ? ICON_TITLE : ICON_TEXT;
        int room = icon ? ui_icon_room(icon) : 0;
        int h = ui_text_height(ui, b->text, t, w - room);
        if (h < icon && *b->icon)
            h = icon;
        if (icon && !*b->icon) {
            x += room;
            w -= room;
        }
        int mark = fallback_mark(a, b->lang, b->id, x, y, w, draw);
        y += mark;
        if (draw) {
            int role =
                b->kind == BLOCK_TITLE || b->kind == BLOCK_SECTION ? UI_ROLE_HEADING : UI_ROLE_TEXT;
            int style = b->kind == BLOCK_MUTED ? UI_STYLE_MUTED : UI_STYLE_PLAIN;
            if (icon && *b->icon)
                ui_next_icon(ui, b->icon, icon, 0);
            ui_label(ui, b->id, role, b->text, (struct ui_rect){x, y, w, h}, style, t);
        }
        return mark + h;
    }
    }
}

/* Space above a block, by kind: sections breathe, cards sit close. */
static int block_gap(const struct block *b, int first)
{
    if (first)
        return 0;
    switch (b->kind) {
    case BLOCK_SECTION:
        return 22;
    case BLOCK_TEXT:
    case BLOCK_MUTED:
        return 6;
    default:
        return GAP;
    }
}

/* Blocks flow down columns: one on a portrait screen, two where each is
 * still at least MIN_COLUMN wide (landscape), so a wide screen shows twice
 * as much before it pages. Returns the column width, dp. */
static int flow_columns(const struct app *a, int *cols)
{
    int w = ui_width(a->ui) - 2 * MARGIN;
    *cols = w >= 2 * MIN_COLUMN + GAP ? 2 : 1;
    return (w - (*cols - 1) * GAP) / *cols;
}

static int is_sentence_end(const char *t, size_t i)
{
    /* . ! ? or the Arabic question mark (U+061F) before a space or a newline. */
    return strchr(".!?", t[i - 1]) ||
           (i >= 2 && (unsigned char)t[i - 2] == 0xd8 && (unsigned char)t[i - 1] == 0x9f);
}

/* The length of the text of `b` from byte `from` up to the last sentence end
 * (or, failing that, word end) at which it still fits in `limit` dp; at least
 * one word. Heights grow with the prefix, so word ends are searched by
 * halving: a few measurements however long the text. */
static size_t fitting_piece(struct app *a, const struct block *b, size_t from, int width, int limit)
{
    const char *t = b->text + from;
    size_t len = strlen(t), n = 0;
    size_t *ends = xmalloc((len + 1) * sizeof *ends);
    for (size_t i = 1; i <= len; i++) {
        if (i == len || t[i] == ' ' || t[i] == '\n')
            ends[n++] = i;
    }
    /* Measured as the block is laid out (an icon takes its room), so that
     * the piece chosen is the piece that fits. */
    struct block piece = *b;
    int dummy = 0;
    char *buf = xmalloc(len + 1);
    size_t lo = 0, hi = n; /* ends[0 .. lo) fit; ends[hi ..) do not */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        memcpy(buf, t, ends[mid]);
        buf[ends[mid]] = '\0';
        piece.text = buf;
        if (block_layout(a, &piece, (struct ui_rect){0, 0, width, 0}, 0, &dummy) <= limit)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t take = n ? ends[0] : len; /* not even one word fits: take it all the same */
    if (lo > 0) {
        take = ends[lo - 1];
        for (size_t k = lo; k-- > 0;) {
            if (ends[k] == len || t[ends[k]] == '\n' || is_sentence_end(t, ends[k])) {
                take = ends[k];
                break;
            }
        }
    }
    free(buf);
    free(ends);
    return take;
}

/* The blocks as laid out: pieces of long texts, each block's height and
 * column slot (page * cols + column), and the input block it came from. */
struct flowed {
    struct block b[MAX_FLOWED];
    int h[MAX_FLOWED], slot[MAX_FLOWED], origin[MAX_FLOWED];
    int n;
    char *store; /* the pieces' text */
    size_t used;
};

static int is_text(const struct block *b)
{
    return b->kind == BLOCK_TEXT || b->kind == BLOCK_MUTED;
}

static void place(struct flowed *f, const struct block *b, int h, int slot, int origin)
{
    f->b[f->n] = *b;
    f->h[f->n] = h;
    f->slot[f->n] = slot;
    f->origin[f->n] = origin;
    f->n++;
}

/* Lays the blocks down columns of `avail` dp, `cw` wide, in slots of `cols`
 * columns a page. A text that does not fit the room left in a column fills
 * it up to a sentence end (a word end if it must) and goes on in the next,
 * so a long description never leaves half a page empty; a section heading
 * stays with the start of what follows it. Returns the number of pages. */
/* The height of `b` laid out `width` wide. A text longer than any column
 * holds is not measured (shaping ten thousand characters for nothing): it
 * will be cut, and counts as taller than any column. */
static int flow_height(struct app *a, const struct block *b, int width)
{
    int dummy = 0;
    if (is_text(b) && strlen(b->text) > NEVER_FITS)
        return INT_MAX / 2;
    return block_layout(a, b, (struct ui_rect){0, 0, width, 0}, 0, &dummy);
}

static int flow(struct app *a, const struct block *in, int n_in, int avail, int cols, int cw,
                struct flowed *f)
{
    int slot = 0, used = 0;
    f->n = 0;
    f->used = 0;
    for (int i = 0; i < n_in && f->n < MAX_FLOWED; i++) {
        const struct block *b = &in[i];
        size_t from = 0, len = strlen(b->text);
        int piece = 0;
        while (f->n < MAX_FLOWED) {
            struct block cur = *b;
            cur.text = b->text + from;
            if (piece > 0)
                xsnprintf(cur.id, sizeof cur.id, "%s:%d", b->id, piece + 1);
            int h = flow_height(a, &cur, cw);
            int gap = block_gap(&cur, used == 0);
            int need = gap + h;
            if (b->kind == BLOCK_SECTION && i + 1 < n_in) {
                int next = flow_height(a, &in[i + 1], cw);
                need += block_gap(&in[i + 1], 0) + (next < MIN_PIECE ? next : MIN_PIECE);
            }
            if (used + need <= avail) {
                place(f, &cur, h, slot, i);
                used += gap + h;
                break;
            }
            int room = avail - used - gap;
            if (is_text(b) && room >= MIN_PIECE) {
                size_t take = fitting_piece(a, b, from, cw, room);
                char *text = f->store + f->used;
                memcpy(text, b->text + from, take);
                text[take] = '\0';
                struct block part = cur;
                part.text = text;
                int ph = flow_height(a, &part, cw);
                if (ph <= room && from + take < len) {
                    f->used += take + 1;
                    place(f, &part, ph, slot, i);
                    piece++;
                    from += take;
                    while (from < len && (b->text[from] == ' ' || b->text[from] == '\n'))
                        from++;
                    slot++;
                    used = 0;
                    continue;
                }
            }
            if (used > 0) { /* try again at the top of the next column */
                slot++;
                used = 0;
                continue;
            }
            /* Too tall for an empty column and not to be cut: shown whole. */
            int dummy = 0;
            h = block_layout(a, &cur, (struct ui_rect){0, 0, cw, 0}, 0, &dummy);
            place(f, &cur, h, slot, i);
            used += h;
            break;
        }
    }
    if (f->n == MAX_FLOWED && !a->overflow_reported) {
        fprintf(stderr, "frontdoor: more than %d parts on one screen; the rest is not shown\n",
                MAX_FLOWED);
        a->overflow_reported = 1;
    }
    return slot / cols + 1;
}

int blocks_show(struct app *a, const struct block *in, int n_in, int top)
{
    struct flowed *f = xmalloc(sizeof *f);
    size_t total = 1;
    for (int i = 0; i < n_in; i++)
        total += strlen(in[i].text) + 1;
    f->store = xmalloc(2 * total); /* pieces and their terminators */

    int avail = content_bottom(a) - MARGIN - top;
    int cols, cw = flow_columns(a, &cols);
    int pages = flow(a, in, n_in, avail, cols, cw, f);
    if (pages > 1)
        pages = flow(a, in, n_in, avail - pager_height(a->ui) - GAP, cols, cw, f);
    int page = app_here(a)->page;
    if (page >= pages)
        page = pages - 1;

    int tapped = -1, y = top, slot = -1;
    for (int i = 0; i < f->n; i++) {
        if (f->slot[i] / cols != page)
            continue;
        if (f->slot[i] != slot) {
            slot = f->slot[i];
            y = top;
        }
        y += block_gap(&f->b[i], y == top);
        int col = slot % cols, hit = 0;
        struct ui_rect box = {MARGIN + col * (cw + GAP), y, cw, f->h[i]};
        block_layout(a, &f->b[i], box, 1, &hit);
        if (hit)
            tapped = f->origin[i];
        y += f->h[i];
    }

    pager_show(a, page, pages);
    free(f->store);
    free(f);
    return tapped;
}
