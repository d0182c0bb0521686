/* welcome.c: the first screen: a calm greeting and the language choice.
 *
 * Each language is offered in its own name and script, never with a flag.
 * Choosing one switches the interface and goes on to the needs.
 */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"

/* The narrowest a language button gets before the list goes to one column. */
#define MIN_LANG_W 200

void screen_welcome(struct app *a)
{
    struct ui *ui = a->ui;
    struct ui_rect col = centred_column(ui, 560);
    int x = col.x, w = col.w;

    size_t n;
    const struct fd_language *langs = i18n_languages(&n);
    int button_h = 72;
    /* Two columns where a language name still has room in half the column. */
    int cols = w >= 2 * MIN_LANG_W + GAP ? 2 : 1;
    int bw = (w - (cols - 1) * GAP) / cols;
    int rows = ((int)n + cols - 1) / cols;

    struct ui_text title = ui_style_centred(UI_TEXT_DISPLAY, 1);
    struct ui_text body = ui_style_centred(UI_TEXT_BODY, 0);
    struct ui_text prompt = ui_style_centred(UI_TEXT_TITLE, 1);

    const char *greeting = _("Welcome");
    const char *intro = _("Find help and support near you. It is free, and you do not need to "
                          "give your name.");
    const char *choose = _("Choose your language");
    int th = ui_text_height(ui, greeting, title, w);
    int ih = ui_text_height(ui, intro, body, w);
    int ch = ui_text_height(ui, choose, prompt, w);
    int total = th + GAP + ih + 32 + ch + GAP + rows * (button_h + GAP);
    int y = (col.h - total) / 3;
    int bottom = content_bottom(a);
    sample_mark(a);
    if (y < MARGIN)
        y = MARGIN;
    /* On a low screen the greeting goes first, so the languages still fit. */
    if (y + total > bottom - MARGIN) {
        th = ih = 0;
        total = ch + GAP + rows * (button_h + GAP);
        y = (bottom - total) / 2;
        if (y < MARGIN)
            y = MARGIN;
    }

    if (th) {
        ui_label(ui, "welcome:title", UI_ROLE_HEADING, greeting, (struct ui_rect){x, y, w, th},
                 UI_STYLE_PLAIN, title);
        y += th + GAP;
        ui_label(ui, "welcome:intro", UI_ROLE_TEXT, intro, (struct ui_rect){x, y, w, ih},
                 UI_STYLE_MUTED, body);
        y += ih + 32;
    }
    ui_label(ui, "welcome:choose", UI_ROLE_HEADING, choose, (struct ui_rect){x, y, w, ch},
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
        struct ui_rect rect = {x + c * (bw + GAP), y + r * (button_h + GAP), bw, button_h};
        if (ui_button(ui, id, langs[i].name, rect, UI_STYLE_PRIMARY, t)) {
            app_set_language(a, langs[i].code);
            app_home(a);
        }
    }
}
