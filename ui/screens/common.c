/* common.c: what screens share: sizes, text styles, the facts lists and
 * details both show, and the block pager.
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

/* --- sizes --- */

/* Below this height (dp) the chrome is compact. */
#define LOW_SCREEN 600

int low_screen(const struct ui *ui)
{
    return ui_height(ui) < LOW_SCREEN;
}

int bar_height(const struct ui *ui)
{
    return low_screen(ui) ? 64 : 72;
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
    if (config_twelve_hour(a->cfg, a->s.lang) && sscanf(hhmm, "%2d:%2d", &h, &m) == 2)
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
    if (config_twelve_hour(a->cfg, a->s.lang))
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

/* The plain words for each trust fact, by value: unknown, no,
 * when-required, yes. NULL where the value is not an answer. */
static const char *const trust_text[N_TRUST_FACTS][4] = {
    [TRUST_POLICE] = {N_("Not known whether they share information with the police."),
                      N_("They do not share information with the police."),
                      N_("They share information with the police only when the law requires it."),
                      N_("They may share information with the police.")},
    [TRUST_IMMIGRATION] =
        {N_("Not known whether they share information with immigration authorities."),
         N_("They do not share information with immigration authorities."),
         N_("They share information with immigration authorities only when the law requires it."),
         N_("They may share information with immigration authorities.")},
    [TRUST_CHILD_PROTECTION] =
        {N_("Not known whether they share information with child protection."),
         N_("They do not share information with child protection."),
         N_("They tell child protection only when the law requires it, for example when a child "
            "is in danger."),
         N_("They may share information with child protection.")},
    [TRUST_RESIDENCE_STATUS] =
        {N_("Not known whether using this service can affect your residence permit."),
         N_("Using this service does not affect your residence permit."), NULL,
         N_("Using this service can affect your residence permit.")},
    [TRUST_ANONYMOUS] = {N_("Not known whether you can stay anonymous."),
                         N_("You need to give your name."), NULL,
                         N_("You can stay anonymous. You do not need to give your name.")},
    [TRUST_ON_BEHALF] = {N_("Not known whether you can ask on behalf of someone else."),
                         N_("You cannot ask on behalf of someone else."), NULL,
                         N_("You can ask on behalf of someone else without giving names.")},
    [TRUST_INTERPRETER] = {N_("Not known whether an interpreter can be booked."),
                           N_("No interpreter can be booked."), NULL,
                           N_("An interpreter can be booked for you.")},
};

/* The answer most people hope for, for each fact: it gets a check mark. */
static const enum trust_value hoped[N_TRUST_FACTS] = {
    [TRUST_POLICE] = TRUST_NO,           [TRUST_IMMIGRATION] = TRUST_NO,
    [TRUST_CHILD_PROTECTION] = TRUST_NO, [TRUST_RESIDENCE_STATUS] = TRUST_NO,
    [TRUST_ANONYMOUS] = TRUST_YES,       [TRUST_ON_BEHALF] = TRUST_YES,
    [TRUST_INTERPRETER] = TRUST_YES,
};

const char *trust_words(int fact, enum trust_value value)
{
    return trust_text[fact][value];
}

const char *trust_icon(int fact, enum trust_value value)
{
    /* A check where the fact is what most people hope for, a question mark
     * where nobody said, a neutral mark otherwise. */
    return value == TRUST_UNKNOWN ? "unknown" : value == hoped[fact] ? "yes" : "info";
}

const char *need_title(struct app *a, const char *code, char *buf, size_t size)
{
    struct need need = {0};
    buf[0] = '\0';
    if (catalog_need_get(a->cat, code, &need) == 0 && need.name.text &&
        !fallback_name(a, need.name.lang))
        xsnprintf(buf, size, "%s", need.name.text);
    catalog_need_free(&need);
    return buf[0] ? buf : NULL;
}

/* --- service cards --- */

void languages_line(const struct service_summary *s, char *buf, size_t size, size_t *used)
{
    if (!s->languages[0])
        return;
    char names[1024];
    language_names(s->languages, names, sizeof names);
    /* TRANSLATORS: followed by a list of language names. */
    xappend(buf, size, used, "%s%s %s", *used ? "\n" : "", _("Languages:"), names);
}

struct block service_card(struct app *a, const struct service_summary *s, unsigned shown,
                          const char *sub, char *tags)
{
    struct block b = {.kind = BLOCK_CARD,
                      .text = s->name.text ? s->name.text : s->hsds_id,
                      .sub = sub,
                      .lang = s->name.lang,
                      .chip = tags};
    char status[256];
    size_t used = 0;
    tags[0] = '\0';
    if (*open_status(a, s, status, sizeof status, &b.style))
        xappend(tags, CARD_TAGS, &used, "%s", status);
    else
        b.style = UI_STYLE_BADGE; /* no status: the first tag is a plain fact */
    const char *facts[8];
    int nf = facet_labels(s->facets & shown, facts, 8);
    for (int f = 0; f < nf; f++)
        xappend(tags, CARD_TAGS, &used, "%s%s", used ? "\n" : "", facts[f]);
    xsnprintf(b.id, sizeof b.id, "service:%lld", (long long)s->id);
    return b;
}

/* --- blocks and pages --- */

void pager_show(struct app *a, int page, int pages)
{
    struct ui *ui = a->ui;
    if (pages <= 1)
        return;
    int w = ui_width(ui) - 2 * MARGIN;
    int ph = pager_height(ui);
    int py = content_bottom(a) - MARGIN - ph;
    struct ui_text t = ui_style(UI_TEXT_BUTTON, 1);
    t.center = 1;
    t.middle = 1;
    t.max_lines = 2;
    char label[128];
    /* TRANSLATORS: page 2 of 5 of a long list or text. */
    xsnprintf(label, sizeof label, _("%d of %d"), page + 1, pages);
    struct ui_text it = ui_style(UI_TEXT_BODY, 0);
    it.center = 1;
    it.middle = 1;
    /* The buttons share what the indicator leaves: long words ("Попередня")
     * need the room more than "2 of 5" does. */
    int iw = ui_text_width(ui, label, it) + 16;
    if (iw < 80)
        iw = 80;
    int bw = (w - iw - 2 * GAP) / 2;
    if (page > 0) {
        ui_next_icon(ui, "prev", NAV_ICON, UI_ICON_MIRROR);
        if (ui_button(ui, "page:prev", _("Previous"), (struct ui_rect){MARGIN, py, bw, ph},
                      UI_STYLE_SECONDARY, t))
            app_set_page(a, page - 1);
    }
    ui_label(ui, "page:indicator", UI_ROLE_TEXT, label,
             (struct ui_rect){MARGIN + bw + GAP, py, iw, ph}, UI_STYLE_MUTED, it);
    if (page + 1 < pages) {
        ui_next_icon(ui, "next", NAV_ICON, UI_ICON_MIRROR);
        if (ui_button(ui, "page:next", _("Next"),
                      (struct ui_rect){MARGIN + bw + iw + 2 * GAP, py, bw, ph}, UI_STYLE_PRIMARY,
                      t))
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
    const char *lang = b->lang && *b->lang ? b->lang : a->s.lang;
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
    case BLOCK_SHOW:
        return content_style(lang, UI_TEXT_TITLE, 1);
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
    if (!lang || !*lang || strcmp(lang, a->s.lang) == 0)
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
    case BLOCK_NOTE:
    case BLOCK_SHOW: {
        /* A tinted box with the text inset: a panel and a text widget. */
        int style = b->kind == BLOCK_SHOW ? UI_STYLE_CARD : b->style ? b->style : UI_STYLE_WARNING;
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
                     style == UI_STYLE_WARNING ? UI_STYLE_WARNING_TEXT
                     : b->kind == BLOCK_SHOW   ? UI_STYLE_PLAIN
                                               : style,
                     t);
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
            content_style(b->lang && *b->lang ? b->lang : a->s.lang, UI_TEXT_SMALL, 0);
        st.max_lines = b->sub_lines;
        int inner = w - 2 * px;
        int mark = fallback_mark(a, b->lang, b->id, 0, 0, inner, 0);
        int th = ui_text_height(ui, b->text, t, inner);
        int h = py + mark + th;
        /* The tags: the opening status first, then facts. */
        const char *chips[8];
        char chip_buf[512];
        int nc = split_lines(b->chip, chip_buf, sizeof chip_buf, chips, 8);
        struct ui_rect chip_r[8];
        /* A tag is one line, or two where it is wider than the card (a
         * long "closed now, opens ..."); then it has a row of its own. */
        struct ui_text ct = content_style(a->s.lang, UI_TEXT_SMALL, 1);
        ct.max_lines = 2;
        if (nc) {
            int cpx, cpy, cx = 0, row = 0;
            ui_padding(UI_ROLE_BADGE, &cpx, &cpy);
            struct ui_text one = ct;
            one.max_lines = 1;
            int ch = tag_height(ui, chips, nc, one, inner) + 2 * cpy;
            int cy = h + 8;
            for (int i = 0; i < nc; i++) {
                int icon = i == 0 && b->style != UI_STYLE_BADGE ? ui_icon_room(ICON_CHIP) : 0;
                int cw = ui_text_width(ui, chips[i], one) + 2 * cpx + 2 + icon, rh = ch;
                if (cw > inner) {
                    cw = inner;
                    rh = ui_text_height(ui, chips[i], ct, inner - 2 * cpx - 2 - icon) + 2 * cpy;
                    rh = rh < ch ? ch : rh;
                }
                if (cx > 0 && cx + cw > inner) {
                    cx = 0;
                    cy += row + 6;
                    row = 0;
                }
                chip_r[i] = (struct ui_rect){x + px + cx, y + cy, cw, rh};
                row = rh > row ? rh : row;
                cx += cw + 6;
            }
            h = cy + row;
        }
        int sub_y[16];
        for (int i = 0; i < n; i++) {
            h += 4;
            sub_y[i] = h;
            h += ui_text_height(ui, lines[i], st, inner);
        }
        h += py;
        /* A card with facts under its title is a place to read; one with
         * its title alone is an answer to tap, and only needs a finger. */
        int least = n || nc ? 72 : 56;
        if (h < least)
            h = least;
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
 * one word. Heights grow with the prefix, so ends are searched for among
 * the first NEVER_FITS bytes only, more than any column holds, sentence ends
 * first and word ends when no sentence fits: a few measurements of bounded
 * text however long the text (searching all of a 64 KiB description for
 * each of its pieces made opening it quadratic). The first measurements aim
 * where the heights measured so far say the room ends, since each lays out
 * a whole prefix, and then the rest is halved. */
static size_t fitting_piece(struct app *a, const struct block *b, size_t from, int width, int limit)
{
    const char *t = b->text + from;
    size_t len = strnlen(t, NEVER_FITS + 1), n = 0, ns = 0;
    size_t scan = len < NEVER_FITS ? len : NEVER_FITS;
    /* Word ends, then the indices of those that end a sentence. */
    size_t *ends = xmalloc(2 * (scan + 1) * sizeof *ends);
    size_t *sent = ends + scan + 1;
    for (size_t i = 1; i <= scan; i++) {
        if (i == len || t[i] == ' ' || t[i] == '\n') {
            if (i == len || t[i] == '\n' || is_sentence_end(t, i))
                sent[ns++] = n;
            ends[n++] = i;
        }
    }
    /* Measured as the block is laid out (an icon takes its room), so that
     * the piece chosen is the piece that fits. */
    struct block piece = *b;
    int dummy = 0;
    char *buf = xmalloc(scan + 1);
    /* Not even one word fits: take the first all the same. */
    size_t take = n ? ends[0] : len ? 1 + strcspn(t + 1, " \n") : 0;
    for (int words = 0; words < 2; words++) {
        size_t count = words ? n : ns;
        size_t lo = 0, hi = count;    /* candidates [0, lo) fit; [hi, count) do not */
        size_t fit_e = 0, over_e = 0; /* bytes of the nearest measured on each side */
        int fit_h = 0, over_h = 0;    /* and their heights; 0: none yet */
        for (int aimed = 0; lo < hi; aimed++) {
            size_t mid = lo + (hi - lo) / 2;
            if (aimed < 4) {
                double aim = limit / 2.0; /* bytes: a first, small guess */
                if (over_h > 0)
                    aim = fit_e + (double)(over_e - fit_e) * (limit - fit_h) / (over_h - fit_h);
                else if (fit_h > 0)
                    aim = (double)fit_e * limit / fit_h;
                /* The last candidate in [lo, hi) that ends by the aim, or lo. */
                size_t x = lo, y = hi;
                while (y - x > 1) {
                    size_t m = x + (y - x) / 2;
                    if (ends[words ? m : sent[m]] <= aim)
                        x = m;
                    else
                        y = m;
                }
                mid = x;
            }
            size_t end = ends[words ? mid : sent[mid]];
            memcpy(buf, t, end);
            buf[end] = '\0';
            piece.text = buf;
            int h = block_layout(a, &piece, (struct ui_rect){0, 0, width, 0}, 0, &dummy);
            if (h <= limit) {
                lo = mid + 1;
                fit_e = end;
                fit_h = h;
            } else {
                hi = mid;
                over_e = end;
                over_h = h;
            }
        }
        if (lo > 0) {
            take = ends[words ? lo - 1 : sent[lo - 1]];
            break;
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

/* 1 when block `b`, `h` dp high, may be cut between columns: a text of two
 * pieces' height or more. A short paragraph moves whole rather than leave a
 * line behind. */
static int can_cut(const struct block *b, int h)
{
    return is_text(b) && h >= 2 * MIN_PIECE;
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
    if (is_text(b) && strnlen(b->text, NEVER_FITS + 1) > NEVER_FITS)
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
                need += block_gap(&in[i + 1], 0) + (can_cut(&in[i + 1], next) ? MIN_PIECE : next);
            }
            if (used + need <= avail) {
                place(f, &cur, h, slot, i);
                used += gap + h;
                break;
            }
            int room = avail - used - gap;
            if (can_cut(b, h) && room >= MIN_PIECE) {
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
