/* needs.c: "What would you like help with?": one large button per need.
 *
 * The grid takes as many columns as fit at a comfortable width and, if the
 * rows would be too short to tap easily, pages them like any long content.
 */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"

#include <string.h>

#define MIN_COLUMN 180
#define MIN_ROW 72
#define MAX_ROW 120
#define MAX_ROWS 64
#define NEED_ICON 30 /* dp, the need's icon at the start of its tile */
#define MIN_LABEL 16 /* dp, need labels shrink to this before the needs page */

/* Puts rows of the given heights on pages of `avail` dp; returns the count. */
static int paginate_rows(const int *h, int rows, int avail, int gap, int *page_of)
{
    int page = 0, used = 0;
    for (int r = 0; r < rows; r++) {
        int need = (used ? gap : 0) + h[r];
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

/* 1 when no word of `text` is wider than `width` dp, so none is broken. */
static int words_fit(struct ui *ui, const char *text, struct ui_text t, int width)
{
    char word[256];
    for (const char *p = text; p && *p;) {
        size_t n = strcspn(p, " ");
        if (n > 0 && n < sizeof word) {
            memcpy(word, p, n);
            word[n] = '\0';
            if (ui_text_width(ui, word, t) > width)
                return 0;
        }
        p += n;
        while (*p == ' ')
            p++;
    }
    return 1;
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
    const char *question = _("What would you like help with?");
    int in_bar;
    int top = chrome_titled(a, NAV_BACK | NAV_LANGUAGE, question, &in_bar);
    int width = ui_width(ui) - 2 * MARGIN;
    /* A low screen packs the tiles closer, so all the needs fit on one page. */
    int low = low_screen(ui);
    int gap = low ? 8 : GAP, min_row = low ? 64 : MIN_ROW;

    if (!in_bar) {
        struct ui_text qt = ui_style(UI_TEXT_TITLE, 1);
        int qh = ui_text_height(ui, question, qt, width);
        ui_label(ui, "needs:title", UI_ROLE_HEADING, question,
                 (struct ui_rect){MARGIN, top, width, qh}, UI_STYLE_PLAIN, qt);
        top += qh + 2 * gap;
    }

    struct need_list needs = {0};
    if (catalog_needs(a->cat, &needs) != 0) {
        app_fail(a);
        return;
    }

    /* Needs not in the person's language are marked: once above the grid
     * when every one of them fell back to the same language, else on each
     * tile that did. */
    const char *all_in = needs.n ? needs.items[0].name.lang : NULL;
    for (size_t i = 0; i < needs.n && all_in; i++) {
        if (!fallback_name(a, needs.items[i].name.lang) ||
            strcmp(needs.items[i].name.lang, all_in) != 0)
            all_in = NULL;
    }
    if (all_in)
        top += fallback_mark(a, all_in, "needs", MARGIN, top, width, 1) + gap;

    /* The layout: no word broken inside a tile first, then every need on
     * one page (a tap fewer matters more than two points of type), then the
     * largest type. Each row is as tall as its tallest label needs (Arabic
     * lines are half again as tall as Latin ones) and comfortably tappable. */
    int px, py;
    ui_padding(UI_ROLE_BUTTON, &px, &py);
    int avail = content_bottom(a) - MARGIN - top;
    int max_cols = width / MIN_COLUMN < 1 ? 1 : width / MIN_COLUMN > 4 ? 4 : width / MIN_COLUMN;
    int row_h[MAX_ROWS], row_page[MAX_ROWS];
    int cols = 0, col_w = 0, rows = 0, size = 0, pages = 0, best = -1;
    for (int c = max_cols; c >= 1; c--) {
        int cw = (width - (c - 1) * gap) / c;
        int r_n = ((int)needs.n + c - 1) / c;
        if (r_n > MAX_ROWS)
            r_n = MAX_ROWS;
        for (int sz = UI_TEXT_BODY; sz >= MIN_LABEL; sz--) {
            int h[MAX_ROWS], pg[MAX_ROWS], whole = 1;
            for (int r = 0; r < r_n; r++) {
                h[r] = min_row;
                for (int k = 0; k < c && r * c + k < (int)needs.n; k++) {
                    const struct need *nd = &needs.items[r * c + k];
                    int lw = cw - 2 * px - ui_icon_room(NEED_ICON);
                    whole = whole && words_fit(ui, nd->name.text, label_style(nd, sz), lw);
                    int th = ui_text_height(ui, nd->name.text, label_style(nd, sz), lw) + 2 * py +
                             (all_in ? 0 : fallback_mark(a, nd->name.lang, "", 0, 0, lw, 0));
                    if (th > h[r])
                        h[r] = th;
                }
            }
            int p = paginate_rows(h, r_n, avail, gap, pg);
            int score = whole * 4 + (p == 1) * 2;
            if (score > best) {
                best = score;
                cols = c, col_w = cw, rows = r_n, size = sz, pages = p;
                memcpy(row_h, h, sizeof h);
                memcpy(row_page, pg, sizeof pg);
            }
            if (score == 6)
                goto chosen;
        }
    }
chosen:
    if (pages > 1)
        pages = paginate_rows(row_h, rows, avail - pager_height(a->ui) - GAP, gap, row_page);
    int page = app_here(a)->page;
    if (page >= pages)
        page = pages - 1;

    /* With room to spare on the page, the rows grow evenly. */
    int used = -gap, n_rows = 0;
    for (int r = 0; r < rows; r++) {
        if (row_page[r] == page) {
            used += row_h[r] + gap;
            n_rows++;
        }
    }
    int page_avail = pages > 1 ? avail - pager_height(a->ui) - GAP : avail;
    int extra = n_rows ? (page_avail - used) / n_rows : 0;

    int y = top;
    for (int r = 0; r < rows; r++) {
        if (row_page[r] != page)
            continue;
        int cap = row_h[r] > MAX_ROW ? row_h[r] : MAX_ROW;
        int h = row_h[r] + extra > cap ? cap : row_h[r] + extra;
        for (int c = 0; c < cols && r * cols + c < (int)needs.n; c++) {
            const struct need *nd = &needs.items[r * cols + c];
            struct ui_rect rect = {MARGIN + c * (col_w + gap), y, col_w, h};
            char id[UI_ID_MAX];
            xsnprintf(id, sizeof id, "category:%s", nd->code);
            /* Each need has an icon named by its code in data/icons. */
            int mark = all_in ? 0 : fallback_mark(a, nd->name.lang, id, 0, 0, col_w - 2 * px, 0);
            ui_next_icon(ui, nd->code, NEED_ICON, 0);
            ui_next_inset(ui, mark);
            if (ui_button(ui, id, nd->name.text ? nd->name.text : nd->code, rect, UI_STYLE_CARD,
                          label_style(nd, size))) {
                struct place p = {.screen = SCREEN_SERVICES};
                xsnprintf(p.need, sizeof p.need, "%s", nd->code);
                app_go(a, p);
            }
            if (mark)
                fallback_mark(a, nd->name.lang, id, rect.x + px, rect.y + py, col_w - 2 * px, 1);
        }
        y += h + gap;
    }
    pager_show(a, page, pages);
    catalog_need_list_free(&needs);
}
