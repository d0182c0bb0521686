/* welcome.c: the first screen: a calm greeting and the language choice.
 *
 * Each language is offered in its own name and script, never with a flag.
 * Choosing one switches the interface and goes on to the needs.
 */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"

/* The narrowest a language button gets before the list goes to one column. */
#define MIN_LANG_W 170
/* Each pane at least this wide (dp) puts the greeting beside the languages. */
#define WIDE_PANE 340

/* The greeting: a title and a reassuring line, centred in `box` (dp). */
static void greeting(struct app *a, struct ui_rect box)
{
    struct ui *ui = a->ui;
    struct ui_text title = ui_style_centred(title_size(ui), 1);
    struct ui_text body = ui_style_centred(UI_TEXT_BODY, 0);
    const char *hello = _("Welcome");
    const char *intro = _("Find help and support near you. It is free, and you do not need to "
                          "give your name.");
    int th = ui_text_height(ui, hello, title, box.w);
    int ih = ui_text_height(ui, intro, body, box.w);
    int y = box.y + (box.h - th - GAP - ih) / 2;
    ui_label(ui, "welcome:title", UI_ROLE_HEADING, hello, (struct ui_rect){box.x, y, box.w, th},
             UI_STYLE_PLAIN, title);
    ui_label(ui, "welcome:intro", UI_ROLE_TEXT, intro,
             (struct ui_rect){box.x, y + th + GAP, box.w, ih}, UI_STYLE_MUTED, body);
}

/* The languages, each in its own name and script, in a grid under a prompt
 * centred in `box` (dp). */
static void languages(struct app *a, struct ui_rect box)
{
    struct ui *ui = a->ui;
    size_t n;
    const struct fd_language *langs = i18n_languages(&n);
    int button_h = low_screen(ui) ? 60 : 72;
    /* Two columns where a language name still has room in half the box. */
    int cols = box.w >= 2 * MIN_LANG_W + GAP ? 2 : 1;
    int bw = (box.w - (cols - 1) * GAP) / cols;
    int rows = ((int)n + cols - 1) / cols;
    struct ui_text prompt = ui_style_centred(UI_TEXT_TITLE, 1);
    const char *choose = _("Choose your language");
    int ch = ui_text_height(ui, choose, prompt, box.w);
    int h = ch + GAP + rows * (button_h + GAP) - GAP;
    int y = box.y + (box.h - h) / 2;
    if (y < box.y)
        y = box.y;
    ui_label(ui, "welcome:choose", UI_ROLE_HEADING, choose, (struct ui_rect){box.x, y, box.w, ch},
             UI_STYLE_PLAIN, prompt);
    y += ch + GAP;
    for (size_t i = 0; i < n; i++) {
        char id[UI_ID_MAX];
        xsnprintf(id, sizeof id, "lang:%s", langs[i].code);
        struct ui_text t = content_style(langs[i].code, UI_TEXT_TITLE, 1);
        t.center = 1;
        t.middle = 1;
        t.max_lines = 1;
        int c = (int)i % cols, r = (int)i / cols;
        struct ui_rect rect = {box.x + c * (bw + GAP), y + r * (button_h + GAP), bw, button_h};
        if (ui_button(ui, id, langs[i].name, rect, UI_STYLE_PRIMARY, t)) {
            app_set_language(a, langs[i].code);
            app_home(a);
        }
    }
}

void screen_welcome(struct app *a)
{
    struct ui *ui = a->ui;
    int width = ui_width(ui);
    int bottom = content_bottom(a);
    sample_mark(a);
    if (width - 2 * MARGIN >= 2 * WIDE_PANE + GAP) {
        /* Landscape: the greeting beside the languages. */
        int pane = (width - 2 * MARGIN - 3 * GAP) / 2;
        struct ui_rect left = {MARGIN, MARGIN, pane, bottom - 2 * MARGIN};
        struct ui_rect right = {MARGIN + pane + 3 * GAP, MARGIN, pane, bottom - 2 * MARGIN};
        greeting(a, left);
        languages(a, right);
        return;
    }
    /* Portrait: the greeting in the upper part, the languages below it. */
    struct ui_rect col = centred_column(ui, 560);
    int split = bottom * 2 / 5;
    greeting(a, (struct ui_rect){col.x, MARGIN, col.w, split - MARGIN});
    languages(a, (struct ui_rect){col.x, split, col.w, bottom - split - MARGIN});
}
