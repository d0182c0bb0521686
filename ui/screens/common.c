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
    return low_screen(ui) ? 52 : 56;
}

/* The size of a list card's facts. Where a dp is two pixels or more (a
 * screen 960 px or more on its short side, a large display read from a
 * step away) they are a size below UI_TEXT_SMALL, still over 30 px, so a
 * portrait screen shows five cards where it showed three; on a small panel
 * they stay at UI_TEXT_SMALL, its 16 px. */
static int fact_size(const struct ui *ui)
{
    return ui_scale(ui) >= 2.0f ? UI_TEXT_SMALL - 2 : UI_TEXT_SMALL;
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

/* The narrowest width, dp, at which `label` takes two lines at most,
 * broken between words only. */
int two_lines_width(struct ui *ui, const char *label, struct ui_text t)
{
    int lo = ui_widest_word(ui, label, t), hi = ui_text_width(ui, label, t);
    int two = 2 * ui_text_height(ui, label, t, hi);
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (ui_text_height(ui, label, t, mid) <= two)
            hi = mid;
        else
            lo = mid + 1;
    }
    return hi;
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

/* Each facet's words, and shorter ones for a card's tag where the words
 * would take a row of their own. */
static const struct {
    unsigned bit;
    const char *label, *tag;
} facets[] = {
    {FACET_FREE, N_("Free"), NULL},
    {FACET_WALK_IN, N_("Walk in, no appointment"), N_("Walk in")},
    {FACET_NO_REFERRAL, N_("No referral needed"), NULL},
    {FACET_NO_ID, N_("No ID needed"), NULL},
    {FACET_ANONYMOUS, N_("You can stay anonymous"), NULL},
    {FACET_INTERPRETER, N_("Interpreter available"), NULL},
    {FACET_ACCESSIBLE, N_("Step-free access"), NULL},
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

char *date_text(const struct app *a, struct fd_tm tm, char *buf, size_t size)
{
    const char *day = weekday_name(tm.weekday);
    const char *month = tm.month >= 1 && tm.month <= 12 ? P_("date", months[tm.month - 1]) : "";
    if (config_twelve_hour(a->cfg, a->s.lang))
        xsnprintf(buf, size, "%s, %s %d", day, month, tm.day);
    else
        /* TRANSLATORS: weekday, day, month: "Sunday 29 November" (%3$s %2$d reorders). */
        xsnprintf(buf, size, _("%s %d %s"), day, tm.day, month);
    return buf;
}

char *date_year_text(const struct app *a, struct fd_tm tm, char *buf, size_t size)
{
    const char *month = tm.month >= 1 && tm.month <= 12 ? P_("date", months[tm.month - 1]) : "";
    if (config_twelve_hour(a->cfg, a->s.lang))
        xsnprintf(buf, size, "%s %d, %d", month, tm.day, tm.year);
    else
        /* TRANSLATORS: day, month, year: "3 March 2025" (%2$s %1$d reorders). */
        xsnprintf(buf, size, _("%d %s %d"), tm.day, month, tm.year);
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
    if (*hours_view_status(a, s, status, sizeof status, &b.style))
        xappend(tags, CARD_TAGS, &used, "%s", status);
    else
        b.style = UI_STYLE_BADGE; /* no status: the first tag is a plain fact */
    char near[96];
    if (*distance_text(a, s, near, sizeof near))
        xappend(tags, CARD_TAGS, &used, "%s%s", used ? "\n" : "", near);
    for (size_t i = 0; i < ARRAY_LEN(facets); i++) {
        if (s->facets & shown & facets[i].bit)
            xappend(tags, CARD_TAGS, &used, "%s%s", used ? "\n" : "",
                    _(facets[i].tag ? facets[i].tag : facets[i].label));
    }
    xsnprintf(b.id, sizeof b.id, "service:%lld", (long long)s->id);
    return b;
}

/* --- blocks and pages --- */

void pager_show(struct app *a, int page, int pages, const char *more)
{
    struct ui *ui = a->ui;
    if (pages <= 1)
        return;
    int w = a->area.w - 2 * MARGIN, x0 = a->area.x + MARGIN;
    int ph = pager_height(ui);
    int py = content_bottom(a) - MARGIN - ph;
    struct ui_text t = ui_style(UI_TEXT_BUTTON, 1);
    t.center = 1;
    t.middle = 1;
    t.max_lines = 2;
    /* "Next" alone could mean the next service: each button says what it
     * turns to. The forward one, which says the most, takes the larger
     * part, always at the reading end so a finger finds it again. */
    int bw = (w - GAP) * 2 / 5, nw = w - GAP - bw;
    struct ui_rect prev = {x0, py, bw, ph}, next = {x0 + bw + GAP, py, nw, ph};
    char label[256];
    /* Where a button is not needed, "1 of 3" or "3 of 3" says where one is. */
    if (page == 0 || page + 1 == pages) {
        struct ui_text it = ui_style(UI_TEXT_BODY, 0);
        it.center = 1;
        it.middle = 1;
        /* TRANSLATORS: page 2 of 5 of a long list or text. */
        xsnprintf(label, sizeof label, _("%d of %d"), page + 1, pages);
        ui_label(ui, "page:indicator", UI_ROLE_TEXT, label, page == 0 ? prev : next, UI_STYLE_MUTED,
                 it);
    }
    if (page > 0) {
        ui_next_icon(ui, "prev", NAV_ICON, UI_ICON_MIRROR);
        if (ui_button(ui, "page:prev", _("Previous page"), prev, UI_STYLE_SECONDARY, t))
            app_set_page(a, page - 1);
    }
    if (page + 1 < pages) {
        /* TRANSLATORS: what the next page holds ("More about this service"),
         * then the page it turns to and how many there are: "..., 2 of 3". */
        xsnprintf(label, sizeof label, _("%s, %d of %d"), more ? more : _("Next page"), page + 2,
                  pages);
        /* Words too long for the button even at the smallest size give way
         * to "Next page" (centred lines may reach into its padding: ui.c). */
        int pad_x, pad_y;
        ui_padding(UI_ROLE_BUTTON, &pad_x, &pad_y);
        struct ui_text least = t;
        least.size_dp = UI_TEXT_SMALL;
        least.max_lines = 0;
        if (more && ui_text_height(ui, label, least, nw - 2 * pad_x - ui_icon_room(NAV_ICON)) > ph)
            xsnprintf(label, sizeof label, _("%s, %d of %d"), _("Next page"), page + 2, pages);
        ui_next_icon(ui, "next", NAV_ICON, UI_ICON_MIRROR);
        if (ui_button(ui, "page:next", label, next, UI_STYLE_PRIMARY, t))
            app_set_page(a, page + 1);
    }
}

#define MAX_FLOWED 320
/* Icon sizes, dp: beside a screen title, a line of text, a status tag. */
#define ICON_TITLE 36
#define ICON_TEXT 24
#define ICON_CHIP 18
/* The chevron at the reading end of a card: it opens. */
#define ICON_OPENS 24
/* Space above and below what a card says, dp. */
#define CARD_PAD 8
/* Space between cards, dp: close, but each its own. */
#define CARD_GAP 8
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
        /* A title over content is never larger than a title in a low
         * screen's bar: the room goes to what the screen shows. */
        return content_style(lang, UI_TEXT_TITLE, 1);
    case BLOCK_SECTION:
        return content_style(lang, UI_TEXT_BUTTON, 1);
    case BLOCK_CARD: {
        /* A card with facts under its name is read in a list: its name
         * at body size leaves room for more cards on a page. */
        int size = b->chip || b->sub ? fact_size(a->ui) + 2 : UI_TEXT_BUTTON;
        struct ui_text t = content_style(lang, size, 1);
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

/* "in English" as the reader says it, for each language a text may fall
 * back to: a whole phrase each, since a language's name takes a case or a
 * preposition that "in %s" cannot give (Finnish "englanniksi"). */
static const struct {
    const char *code, *words;
} written_in[] = {
    {"en", N_("in English")}, {"fi", N_("in Finnish")},   {"sv", N_("in Swedish")},
    {"da", N_("in Danish")},  {"nb", N_("in Norwegian")}, {"es", N_("in Spanish")},
    {"ar", N_("in Arabic")},  {"fa", N_("in Persian")},   {"uk", N_("in Ukrainian")},
    {"ru", N_("in Russian")}, {"so", N_("in Somali")},    {"ti", N_("in Tigrinya")},
};

/* The words of the mark over a text in `lang`; a language without a phrase
 * is named in its own script. */
static const char *written_in_words(const char *lang)
{
    for (size_t i = 0; i < ARRAY_LEN(written_in); i++) {
        if (strcmp(written_in[i].code, lang) == 0)
            return _(written_in[i].words);
    }
    return i18n_language_name(lang);
}

int fallback_mark(struct app *a, const char *lang, const char *of, int x, int y, int w, int draw)
{
    if (!fallback_name(a, lang))
        return 0;
    /* A quiet line in the reader's language, not a tag: the tags under a
     * service's name are facts about the service, this is not. */
    const char *words = written_in_words(lang);
    struct ui_text t = ui_style(UI_TEXT_SMALL, 0);
    int h = ui_text_height(a->ui, words, t, w - ui_icon_room(ICON_MARK));
    if (h < ICON_MARK)
        h = ICON_MARK;
    if (draw) {
        char id[UI_ID_MAX];
        xsnprintf(id, sizeof id, "%s:fallback", of);
        ui_next_icon(a->ui, "language", ICON_MARK, 0);
        ui_label(a->ui, id, UI_ROLE_TEXT, words, (struct ui_rect){x, y, w, h}, UI_STYLE_MUTED, t);
    }
    return h + 2;
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
            content_style(b->lang && *b->lang ? b->lang : a->s.lang, fact_size(ui), 0);
        st.max_lines = b->sub_lines;
        /* Everything inside keeps clear of the chevron at the reading end. */
        int inner = w - 2 * px - ui_icon_room(ICON_OPENS);
        int mark = fallback_mark(a, b->lang, b->id, 0, 0, inner, 0);
        int th = ui_text_height(ui, b->text, t, inner);
        int h = CARD_PAD + mark + th;
        /* The tags: the opening status first, then facts. */
        const char *chips[8];
        char chip_buf[512];
        int nc = split_lines(b->chip, chip_buf, sizeof chip_buf, chips, 8);
        struct ui_rect chip_r[8];
        /* A tag is one line, or two where it is wider than the card (a
         * long "closed now, opens ..."); then it has a row of its own. */
        struct ui_text ct = content_style(a->s.lang, fact_size(ui), 1);
        ct.max_lines = 2;
        ct.middle = 1;
        if (nc) {
            /* Tags hug their words: a line's leading is their margin. */
            int cpx, cpy, cx = 0, row = 0;
            ui_padding(UI_ROLE_BADGE, &cpx, &cpy);
            cpy = 1;
            struct ui_text one = ct;
            one.max_lines = 1;
            int ch = tag_height(ui, chips, nc, one, inner) + 2 * cpy;
            int cy = h + 4;
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
                    cy += row + 4;
                    row = 0;
                }
                chip_r[i] = (struct ui_rect){x + px + cx, y + cy, cw, rh};
                row = rh > row ? rh : row;
                cx += cw + 6;
            }
            h = cy + row;
        }
        /* The first detail line may start with an icon (the languages'). */
        int sub_y[16], room = b->icon ? ui_icon_room(ICON_MARK) : 0;
        for (int i = 0; i < n; i++) {
            h += 2;
            sub_y[i] = h;
            h += ui_text_height(ui, lines[i], st, inner - (i == 0 ? room : 0));
        }
        h += CARD_PAD;
        /* A card with facts under its title is a place to read; one with
         * its title alone is an answer to tap, and only needs a finger. */
        int least = n || nc ? 72 : 56;
        if (h < least)
            h = least;
        if (h < box.h)
            h = box.h;
        if (draw) {
            /* The name sits CARD_PAD from the top, closer than a button's
             * padding puts a label. */
            ui_next_inset(ui, mark - (py - CARD_PAD));
            ui_next_icon(ui, "next", ICON_OPENS, UI_ICON_MIRROR | UI_ICON_END);
            if (ui_button(ui, b->id, b->text, (struct ui_rect){x, y, w, h}, UI_STYLE_CARD, t))
                *tapped = 1;
            fallback_mark(a, b->lang, b->id, x + px, y + CARD_PAD, inner, 1);
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
                int lh = ui_text_height(ui, lines[i], st, inner - (i == 0 ? room : 0));
                if (i == 0 && b->icon)
                    ui_next_icon(ui, b->icon, ICON_MARK, 0);
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
    case BLOCK_CARD:
        return CARD_GAP;
    default:
        return GAP;
    }
}

/* Blocks flow down columns: one on a portrait screen, two where each is
 * still at least MIN_COLUMN wide (landscape), so a wide screen shows twice
 * as much before it pages. Returns the column width, dp. */
static int flow_columns(const struct app *a, int *cols)
{
    int w = a->area.w - 2 * MARGIN;
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

/* The page each row of cards goes on, given the height of what comes
 * before the first card (on the first page) and the room a page has.
 * Returns the number of pages. */
static int rows_paginate(const int *row_h, int rows, int head, int avail, int *row_page)
{
    int page = 0, used = head;
    for (int r = 0; r < rows; r++) {
        int need = (used > 0 ? CARD_GAP : 0) + row_h[r];
        if (used > 0 && used + need > avail) {
            page++;
            used = 0;
            need = row_h[r];
        }
        row_page[r] = page;
        used += need;
    }
    return page + 1;
}

/* Cards row by row across the columns, under the blocks before the first
 * card, which span them all: a list reads in one order, left to right (or
 * right to left) and down, where flowing down columns would put the second
 * card beside the intro. */
static int rows_show(struct app *a, const struct block *in, int n_in, int top, int cols, int cw,
                     const char *more)
{
    int first = 0, full = cols * cw + (cols - 1) * GAP, dummy = 0;
    while (first < n_in && in[first].kind != BLOCK_CARD)
        first++;
    int head = 0;
    for (int i = 0; i < first; i++)
        head += block_gap(&in[i], i == 0) + flow_height(a, &in[i], full);
    int rows = (n_in - first + cols - 1) / cols;
    int *row_h = xcalloc(rows ? (size_t)rows : 1, 2 * sizeof *row_h);
    int *row_page = row_h + (rows ? rows : 1);
    for (int i = first; i < n_in; i++) {
        int r = (i - first) / cols;
        int h = block_layout(a, &in[i], (struct ui_rect){0, 0, cw, 0}, 0, &dummy);
        row_h[r] = h > row_h[r] ? h : row_h[r];
    }
    int avail = content_bottom(a) - MARGIN - top;
    int pages = rows_paginate(row_h, rows, head, avail, row_page);
    if (pages > 1)
        pages = rows_paginate(row_h, rows, head, avail - pager_height(a->ui) - GAP, row_page);
    int page = app_here(a)->page;
    if (page >= pages)
        page = pages - 1;

    int tapped = -1, y = top, x0 = a->area.x + MARGIN, hit = 0;
    for (int i = 0; i < first && page == 0; i++) {
        y += block_gap(&in[i], i == 0);
        int h = flow_height(a, &in[i], full);
        block_layout(a, &in[i], (struct ui_rect){x0, y, full, h}, 1, &dummy);
        y += h;
    }
    if (page > 0)
        y = top;
    for (int r = 0, shown = 0; r < rows; r++) {
        if (row_page[r] != page)
            continue;
        y += y > top || shown ? CARD_GAP : 0;
        for (int c = 0; c < cols && first + r * cols + c < n_in; c++) {
            int i = first + r * cols + c;
            struct ui_rect box = {x0 + c * (cw + GAP), y, cw, row_h[r]};
            hit = 0;
            block_layout(a, &in[i], box, 1, &hit);
            if (hit)
                tapped = i;
        }
        y += row_h[r];
        shown++;
    }
    pager_show(a, page, pages, more);
    free(row_h);
    return tapped;
}

int blocks_show(struct app *a, const struct block *in, int n_in, int top)
{
    return blocks_show_as(a, in, n_in, top, (struct blocks_how){0});
}

int blocks_show_as(struct app *a, const struct block *in, int n_in, int top, struct blocks_how how)
{
    int cols, cw = flow_columns(a, &cols);
    if (how.one_column) {
        cols = 1;
        cw = a->area.w - 2 * MARGIN;
    }
    if (how.card_rows && cols > 1)
        return rows_show(a, in, n_in, top, cols, cw, how.more);
    struct flowed *f = xmalloc(sizeof *f);
    size_t total = 1;
    for (int i = 0; i < n_in; i++)
        total += strlen(in[i].text) + 1;
    f->store = xmalloc(2 * total); /* pieces and their terminators */

    int avail = content_bottom(a) - MARGIN - top;
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
        struct ui_rect box = {a->area.x + MARGIN + col * (cw + GAP), y, cw, f->h[i]};
        block_layout(a, &f->b[i], box, 1, &hit);
        if (hit)
            tapped = f->origin[i];
        y += f->h[i];
    }

    pager_show(a, page, pages, how.more);
    free(f->store);
    free(f);
    return tapped;
}
