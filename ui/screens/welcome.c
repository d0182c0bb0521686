/* welcome.c: the first screen: a calm greeting, a quiet link to what the
 * kiosk counts, and the language choice; and the language screen every
 * other screen's language button opens.
 *
 * Each language is offered in its own name and script, never with a flag,
 * in the order the configuration gives. On the welcome screen choosing one
 * goes on to the needs; on the language screen it goes back to where the
 * person was, now in the new language.
 */
#include "screens.h"

#include "frontdoor/clock.h"
#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"

#include <string.h>

/* The narrowest a language button gets before the list goes to one column. */
#define MIN_LANG_W 170
/* Each pane at least this wide (dp) puts the greeting beside the languages. */
#define WIDE_PANE 340

/* The link to what the kiosk counts: quiet (light, body-sized words and a
 * small icon, little room round them) but a button a finger can find, as
 * wide as its words. */
#define COUNTS_ICON 22
#define COUNTS_MIN_H 44
#define COUNTS_PAD_Y 6

static struct ui_text counts_text(void)
{
    struct ui_text t = ui_style_centred(UI_TEXT_BODY, 1);
    t.middle = 1;
    t.max_lines = 2;
    return t;
}

/* The link's rectangle, centred in a column `w` dp wide from x, at y = 0
 * (the caller puts it under the greeting): its words on one line where
 * they fit, else on two. */
static struct ui_rect counts_rect(struct app *a, const char *label, int x, int w)
{
    int px, py;
    ui_padding(UI_ROLE_BUTTON, &px, &py);
    int room = 2 * px + ui_icon_room(COUNTS_ICON) + 4;
    int tw = ui_text_width(a->ui, label, counts_text()) + room;
    int bw = tw < w ? tw : w;
    int bh = ui_text_height(a->ui, label, counts_text(), bw - room) + 2 * COUNTS_PAD_Y;
    if (bh < COUNTS_MIN_H)
        bh = COUNTS_MIN_H;
    return (struct ui_rect){x + (w - bw) / 2, 0, bw, bh};
}

/* The greeting: a title and a reassuring line, and under them the link to
 * what the kiosk counts, centred in `box` (dp). Returns the height it
 * takes; draws it only when `draw` (so the caller can make room first). */
static int greeting(struct app *a, struct ui_rect box, int draw)
{
    struct ui *ui = a->ui;
    struct ui_text title = ui_style_centred(title_size(ui), 1);
    struct ui_text body = ui_style_centred(UI_TEXT_BODY, 0);
    const char *hello = _("Welcome");
    const char *intro = _("Find help and support near you. It is free, and you do not need to "
                          "give your name.");
    const char *counts = title_counts_info(a, NULL, 0);
    /* Today and the time, so "open until 16:00" means something. */
    struct fd_tm now = clock_local(clock_now_ms());
    char date[128], hhmm[8], time[24], today[160];
    xsnprintf(hhmm, sizeof hhmm, "%02d:%02d", now.hour, now.minute);
    xsnprintf(today, sizeof today, "%s \u00b7 \u2066%s\u2069",
              capitalize(date_text(a, now, date, sizeof date)),
              time_text(a, hhmm, time, sizeof time));
    a->shows_time = 1;
    struct ui_text small = ui_style_centred(UI_TEXT_BODY, 1);
    int dh = ui_text_height(ui, today, small, box.w);
    int th = ui_text_height(ui, hello, title, box.w);
    int ih = ui_text_height(ui, intro, body, box.w);
    struct ui_rect link = counts_rect(a, counts, box.x, box.w);
    int total = dh + GAP + th + GAP + ih + 2 * GAP + link.h;
    if (!draw)
        return total;
    int y = box.y + (box.h - total) / 2;
    if (y < box.y)
        y = box.y;
    ui_label(ui, "welcome:today", UI_ROLE_TEXT, today, (struct ui_rect){box.x, y, box.w, dh},
             UI_STYLE_MUTED, small);
    y += dh + GAP;
    ui_label(ui, "welcome:title", UI_ROLE_HEADING, hello, (struct ui_rect){box.x, y, box.w, th},
             UI_STYLE_PLAIN, title);
    y += th + GAP;
    ui_label(ui, "welcome:intro", UI_ROLE_TEXT, intro, (struct ui_rect){box.x, y, box.w, ih},
             UI_STYLE_MUTED, body);
    link.y = y + ih + 2 * GAP;
    ui_next_icon(ui, "info", COUNTS_ICON, 0);
    if (ui_button(ui, "counts-info", counts, link, UI_STYLE_NAV, counts_text()))
        app_go(a, (struct place){.screen = SCREEN_COUNTS_INFO});
    return total;
}

/* The configured languages, each in its own name and script, in a grid
 * under a prompt (unless `prompt_shown`), centred in `box` (dp). Returns 1
 * when one was chosen (the language is set). */
static int languages(struct app *a, struct ui_rect box, int prompt_shown)
{
    struct ui *ui = a->ui;
    const struct fd_config *cfg = a->cfg;
    int n = cfg->n_languages;
    int low = low_screen(ui);
    /* Two columns where a language name still has room in half the box,
     * three where even that leaves buttons too low to touch. */
    int cols = box.w >= 2 * MIN_LANG_W + GAP ? 2 : 1;
    struct ui_text prompt = ui_style_centred(UI_TEXT_TITLE, 1);
    const char *choose = _("Choose your language");
    int ch = prompt_shown ? 0 : ui_text_height(ui, choose, prompt, box.w) + GAP;
    int gap = low ? 8 : GAP;
    int rows = (n + cols - 1) / cols;
    int button_h = (box.h - ch - (rows - 1) * gap) / rows;
    if (button_h < 48 && box.w >= 3 * MIN_LANG_W + 2 * gap) {
        cols = 3;
        rows = (n + cols - 1) / cols;
        button_h = (box.h - ch - (rows - 1) * gap) / rows;
    }
    int most = low ? 60 : 72;
    if (button_h > most)
        button_h = most;
    int bw = (box.w - (cols - 1) * gap) / cols;
    int h = ch + rows * (button_h + gap) - gap;
    int y = box.y + (box.h - h) / 2;
    if (y < box.y)
        y = box.y;
    if (!prompt_shown)
        ui_label(ui, "welcome:choose", UI_ROLE_HEADING, choose,
                 (struct ui_rect){box.x, y, box.w, ch - GAP}, UI_STYLE_PLAIN, prompt);
    y += ch;
    int chosen = 0;
    for (int i = 0; i < n; i++) {
        const struct fd_language *lang = i18n_language(cfg->languages[i]);
        char id[UI_ID_MAX];
        xsnprintf(id, sizeof id, "lang:%s", lang->code);
        struct ui_text t =
            content_style(lang->code, button_h < 56 ? UI_TEXT_BUTTON : UI_TEXT_TITLE, 1);
        t.center = 1;
        t.middle = 1;
        t.max_lines = 1;
        int c = i % cols, r = i / cols;
        struct ui_rect rect = {box.x + c * (bw + gap), y + r * (button_h + gap), bw, button_h};
        /* On the language screen the language being shown is marked; the
         * welcome screen offers every one alike. */
        int current = app_here(a)->screen == SCREEN_LANGUAGE && strcmp(lang->code, a->s.lang) == 0;
        int style = current ? UI_STYLE_SECONDARY : UI_STYLE_PRIMARY;
        if (ui_button(ui, id, lang->name, rect, style, t)) {
            app_set_language(a, lang->code);
            chosen = 1;
        }
    }
    return chosen;
}

void screen_welcome(struct app *a)
{
    struct ui *ui = a->ui;
    int width = ui_width(ui);
    int top = a->area.y, bottom = content_bottom(a) - MARGIN;
    if (width - 2 * MARGIN >= 2 * WIDE_PANE + GAP) {
        /* Landscape: the greeting beside the languages. */
        int pane = (width - 2 * MARGIN - 3 * GAP) / 2;
        struct ui_rect left = {MARGIN, top, pane, bottom - top};
        struct ui_rect right = {MARGIN + pane + 3 * GAP, top, pane, bottom - top};
        greeting(a, left, 1);
        if (languages(a, right, 0))
            app_home(a);
        return;
    }
    /* Portrait: the greeting in the upper part, the languages below it;
     * the greeting takes more than two fifths only where its words need. */
    struct ui_rect col = centred_column(ui, 560);
    int split = top + (bottom - top) * 2 / 5;
    int need = greeting(a, (struct ui_rect){col.x, top, col.w, 0}, 0) + GAP;
    if (split < top + need)
        split = top + need;
    greeting(a, (struct ui_rect){col.x, top, col.w, split - top}, 1);
    if (languages(a, (struct ui_rect){col.x, split, col.w, bottom - split}, 0))
        app_home(a);
}

const char *title_language(struct app *a, char *buf, size_t size)
{
    (void)a, (void)buf, (void)size;
    return _("Choose your language");
}

void screen_language(struct app *a)
{
    struct ui_rect col = centred_column(a->ui, 720);
    int top = a->area.y, bottom = content_bottom(a) - MARGIN;
    if (languages(a, (struct ui_rect){col.x, top, col.w, bottom - top}, a->title_shown))
        app_back(a);
}
