/* needs.c: "What would you like help with?": one large button per need.
 *
 * The grid takes as many columns as fit at a comfortable width and, if the
 * rows would be too short to tap easily, pages them like any long content.
 */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"

#define MIN_COLUMN 180
#define MIN_ROW 72
#define MAX_ROW 120
#define MAX_ROWS 64
#define NEED_ICON 30
#define MIN_LABEL                                                                                  \
    16 /* dp: need labels shrink to this before the needs page */ /* dp, the need's icon at the    \
                                                                     start of its tile */

/* Puts rows of the given heights on pages of `avail` dp; returns the count. */
static int paginate_rows(const int *h, int rows, int avail, int *page_of)
{
    int page = 0, used = 0;
    for (int r = 0; r < rows; r++) {
        int need = (used ? GAP : 0) + h[r];
        if (used && used + need > avail) {
            page++;
            used = 0;
            need = h[r];
        }
        used += need;
        page_of[r] = page;
    }
    return page + 1;
}

static struct ui_text label_style(const struct need *nd, int size)
{
    struct ui_text t = content_style(nd->name.lang, size, 1);
    t.middle = 1;
    t.max_lines = 3;
    return t;
}

void screen_needs(struct app *a)
{
    struct ui *ui = a->ui;
    int top = chrome(a, NAV_BACK | NAV_LANGUAGE);
    int width = ui_width(ui) - 2 * MARGIN;

    const char *question = _("What would you like help with?");
    struct ui_text qt = ui_style(UI_TEXT_TITLE, 1);
    int qh = ui_text_height(ui, question, qt, width);
    ui_label(ui, "needs:title", UI_ROLE_HEADING, question, (struct ui_rect){MARGIN, top, width, qh},
             UI_STYLE_PLAIN, qt);
    top += qh + 2 * GAP;

    struct need_list needs = {0};
    if (catalog_needs(a->cat, &needs) != 0) {
        app_fail(a);
        return;
    }

    int cols = width / MIN_COLUMN;
    if (cols < 1)
        cols = 1;
    if (cols > 4)
        cols = 4;
    int col_w = (width - (cols - 1) * GAP) / cols;

    /* Each row is as tall as its tallest label needs (Arabic lines are half
     * again as tall as Latin ones), and at least comfortably tappable. */
    int rows = ((int)needs.n + cols - 1) / cols;
    int row_h[MAX_ROWS], row_page[MAX_ROWS];
    if (rows > MAX_ROWS)
        rows = MAX_ROWS;
    int px, py;
    ui_padding(UI_ROLE_BUTTON, &px, &py);
    int avail = content_bottom(a) - MARGIN - top;
    /* Every need on one page if a slightly smaller label allows it: one
     * tap fewer matters more than two points of type. */
    int size = UI_TEXT_BODY, pages;
    for (;; size--) {
        for (int r = 0; r < rows; r++) {
            row_h[r] = MIN_ROW;
            for (int c = 0; c < cols && r * cols + c < (int)needs.n; c++) {
                const struct need *nd = &needs.items[r * cols + c];
                int h = ui_text_height(ui, nd->name.text, label_style(nd, size),
                                       col_w - 2 * px - ui_icon_room(NEED_ICON)) +
                        2 * py;
                if (h > row_h[r])
                    row_h[r] = h;
            }
        }
        pages = paginate_rows(row_h, rows, avail, row_page);
        if (pages == 1 || size <= MIN_LABEL)
            break;
    }
    if (pages > 1)
        pages = paginate_rows(row_h, rows, avail - PAGER_H - GAP, row_page);
    int page = app_here(a)->page;
    if (page >= pages)
        page = pages - 1;

    /* With room to spare on the page, the rows grow evenly. */
    int used = -GAP, n_rows = 0;
    for (int r = 0; r < rows; r++) {
        if (row_page[r] == page) {
            used += row_h[r] + GAP;
            n_rows++;
        }
    }
    int page_avail = pages > 1 ? avail - PAGER_H - GAP : avail;
    int extra = n_rows ? (page_avail - used) / n_rows : 0;

    int y = top;
    for (int r = 0; r < rows; r++) {
        if (row_page[r] != page)
            continue;
        int cap = row_h[r] > MAX_ROW ? row_h[r] : MAX_ROW;
        int h = row_h[r] + extra > cap ? cap : row_h[r] + extra;
        for (int c = 0; c < cols && r * cols + c < (int)needs.n; c++) {
            const struct need *nd = &needs.items[r * cols + c];
            struct ui_rect rect = {MARGIN + c * (col_w + GAP), y, col_w, h};
            char id[UI_ID_MAX];
            xsnprintf(id, sizeof id, "category:%s", nd->code);
            /* Each need has an icon named by its code in data/icons. */
            ui_next_icon(ui, nd->code, NEED_ICON, 0);
            if (ui_button(ui, id, nd->name.text ? nd->name.text : nd->code, rect, UI_STYLE_CARD,
                          label_style(nd, size))) {
                struct place p = {.screen = SCREEN_SERVICES};
                xsnprintf(p.need, sizeof p.need, "%s", nd->code);
                app_go(a, p);
            }
        }
        y += h + GAP;
    }
    pager_show(a, page, pages);
    catalog_need_list_free(&needs);
}
