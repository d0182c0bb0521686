/* out_of_order.c: shown when something the kiosk needs is broken (no
 * database, no font). Calm words and the emergency number, never a desktop
 * or a terminal; the one thing to tap is the language button, so that
 * everyone can read them. */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/text.h"

void screen_out_of_order(struct app *a)
{
    struct ui *ui = a->ui;
    int top = a->area.y;
    struct ui_rect col = centred_column(ui, 560);
    int x = col.x, w = col.w;
    struct ui_text title = ui_style_centred(UI_TEXT_DISPLAY, 1);
    struct ui_text body = ui_style_centred(UI_TEXT_TITLE, 0);

    const char *head = _("This screen is resting");
    const char *sorry = _("It is not working right now. The staff at the desk can help you.");
    char number[64], urgent[256];
    text_isolate_ltr(a->cfg->emergency_number, number, sizeof number);
    /* TRANSLATORS: %s is the emergency phone number, such as 112. */
    xsnprintf(urgent, sizeof urgent, _("In an emergency, call %s."), number);

    int th = ui_text_height(ui, head, title, w);
    int sh = ui_text_height(ui, sorry, body, w);
    int uh = ui_text_height(ui, urgent, body, w);
    int y = top + (a->area.h - MARGIN - (th + 24 + sh + 24 + uh)) / 2;
    if (y < top)
        y = top;
    ui_label(ui, "out-of-order", UI_ROLE_HEADING, head, (struct ui_rect){x, y, w, th},
             UI_STYLE_PLAIN, title);
    y += th + 24;
    ui_label(ui, "out-of-order:text", UI_ROLE_TEXT, sorry, (struct ui_rect){x, y, w, sh},
             UI_STYLE_MUTED, body);
    y += sh + 24;
    ui_label(ui, "out-of-order:emergency", UI_ROLE_TEXT, urgent, (struct ui_rect){x, y, w, uh},
             UI_STYLE_PLAIN, body);
}
