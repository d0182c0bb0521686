/* needs.c: "What would you like help with?": one large button per need.
 *
 * The grid takes as many columns as fit at a comfortable width and, if the
 * rows would be too short to tap easily, pages them like any long content.
 */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"

#include <stdlib.h>
#include <string.h>

#define MIN_COLUMN 180
#define MIN_ROW 72
#define LOW_ROW 64
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
    t.max_lines = 4;
    return t;
}

const char *title_needs(struct app *a, char *buf, size_t size)
{
    (void)a, (void)buf, (void)size;
    return _("What would you like help with?");
}

/* The grid the needs are laid out in. */
struct grid {
    int cols, col_w, rows, size, pages;
    int gap, avail; /* dp between tiles; the height the tiles may take */
    int row_h[MAX_ROWS], row_page[MAX_ROWS];
};

/* Lays the needs out in `c` columns with labels of `size` dp in rows at
 * least `min_row` high; returns how good that is: 4 when no word breaks
 * inside a tile, plus 2 when every need is on one page. */
static int grid_try(struct app *a, const struct need_list *needs, int all_in, int c, int size,
                    int min_row, struct grid *g)
{
    struct ui *ui = a->ui;
    int px, py, whole = 1;
    ui_padding(UI_ROLE_BUTTON, &px, &py);
    g->cols = c;
    g->col_w = (ui_width(ui) - 2 * MARGIN - (c - 1) * g->gap) / c;
    g->size = size;
    g->rows = ((int)needs->n + c - 1) / c;
    if (g->rows > MAX_ROWS)
        g->rows = MAX_ROWS;
    int lw = g->col_w - 2 * px - ui_icon_room(NEED_ICON);
    for (int r = 0; r < g->rows; r++) {
        g->row_h[r] = min_row;
        for (int k = 0; k < c && r * c + k < (int)needs->n; k++) {
            const struct need *nd = &needs->items[r * c + k];
            struct ui_text t = label_style(nd, size);
            whole = whole && words_fit(ui, nd->name.text, t, lw);
            int th = ui_text_height(ui, nd->name.text, t, lw) + 2 * py +
                     (all_in ? 0 : fallback_mark(a, nd->name.lang, "", 0, 0, lw, 0));
            if (th > g->row_h[r])
                g->row_h[r] = th;
        }
    }
    g->pages = paginate_rows(g->row_h, g->rows, g->avail, g->gap, g->row_page);
    return whole * 4 + (g->pages == 1) * 2;
}

/* The layout: no word broken inside a tile first, then every need on one
 * page (a tap fewer matters more than two points of type), then the
 * largest type, then the tallest tiles. Each row is as tall as its tallest
 * label needs (Arabic lines are half again as tall as Latin ones) and
 * comfortably tappable; a low screen has lower tiles from the start. */
static void grid_choose(struct app *a, const struct need_list *needs, int all_in, struct grid *g)
{
    struct ui *ui = a->ui;
    int width = ui_width(ui) - 2 * MARGIN;
    int max_cols = width / MIN_COLUMN < 1 ? 1 : width / MIN_COLUMN > 4 ? 4 : width / MIN_COLUMN;
    int best = -1;
    for (int min_row = low_screen(ui) ? LOW_ROW : MIN_ROW; min_row >= LOW_ROW && best < 6;
         min_row -= MIN_ROW - LOW_ROW) {
        for (int c = max_cols; c >= 1 && best < 6; c--) {
            for (int size = UI_TEXT_BODY; size >= MIN_LABEL && best < 6; size--) {
                struct grid try = *g;
                int score = grid_try(a, needs, all_in, c, size, min_row, &try);
                if (score > best) {
                    best = score;
                    *g = try;
                }
            }
        }
    }
    if (g->pages > 1)
        g->pages = paginate_rows(g->row_h, g->rows, g->avail - pager_height(ui) - GAP, g->gap,
                                 g->row_page);
}

/* Draws the tiles of `page` from y = top; a tapped one opens its need. */
static void grid_draw(struct app *a, const struct need_list *needs, int all_in,
                      const struct grid *g, int page, int top)
{
    struct ui *ui = a->ui;
    int px, py;
    ui_padding(UI_ROLE_BUTTON, &px, &py);
    /* With room to spare on the page, the rows grow evenly. */
    int used = -g->gap, n_rows = 0;
    for (int r = 0; r < g->rows; r++) {
        if (g->row_page[r] == page) {
            used += g->row_h[r] + g->gap;
            n_rows++;
        }
    }
    int page_avail = g->pages > 1 ? g->avail - pager_height(ui) - GAP : g->avail;
    int extra = n_rows ? (page_avail - used) / n_rows : 0;

    int y = top;
    for (int r = 0; r < g->rows; r++) {
        if (g->row_page[r] != page)
            continue;
        int cap = g->row_h[r] > MAX_ROW ? g->row_h[r] : MAX_ROW;
        int h = g->row_h[r] + extra > cap ? cap : g->row_h[r] + extra;
        for (int c = 0; c < g->cols && r * g->cols + c < (int)needs->n; c++) {
            const struct need *nd = &needs->items[r * g->cols + c];
            struct ui_rect rect = {MARGIN + c * (g->col_w + g->gap), y, g->col_w, h};
            char id[UI_ID_MAX];
            int search = !nd->code[0];
            if (search)
                xsnprintf(id, sizeof id, "needs:search");
            else
                xsnprintf(id, sizeof id, "category:%s", nd->code);
            /* Each need has an icon named by its code in data/icons. */
            int inner = g->col_w - 2 * px;
            int mark = all_in ? 0 : fallback_mark(a, nd->name.lang, id, 0, 0, inner, 0);
            ui_next_icon(ui, search ? "search" : nd->code, NEED_ICON, 0);
            ui_next_inset(ui, mark);
            if (ui_button(ui, id, nd->name.text ? nd->name.text : nd->code, rect,
                          search ? UI_STYLE_SECONDARY : UI_STYLE_CARD, label_style(nd, g->size))) {
                if (search) {
                    app_go(a, (struct place){.screen = SCREEN_SEARCH});
                    continue;
                }
                struct place p = {.screen = worried_path(a, nd->code) ? SCREEN_WORRIED_WHO
                                                                      : SCREEN_SERVICES};
                xsnprintf(p.need, sizeof p.need, "%s", nd->code);
                app_go(a, p);
            }
            if (mark)
                fallback_mark(a, nd->name.lang, id, rect.x + px, rect.y + py, inner, 1);
        }
        y += h + g->gap;
    }
}

void screen_needs(struct app *a)
{
    struct ui *ui = a->ui;
    const char *question = title_needs(a, NULL, 0);
    int top = a->area.y;
    int width = ui_width(ui) - 2 * MARGIN;
    struct grid g = {.gap = low_screen(ui) ? 8 : GAP};

    if (!a->title_shown) {
        struct ui_text qt = ui_style(UI_TEXT_TITLE, 1);
        int qh = ui_text_height(ui, question, qt, width);
        ui_label(ui, "needs:title", UI_ROLE_HEADING, question,
                 (struct ui_rect){MARGIN, top, width, qh}, UI_STYLE_PLAIN, qt);
        top += qh + 2 * g.gap;
    }

    struct need_list all = {0};
    if (catalog_needs(a->cat, &all) != 0) {
        app_fail(a);
        return;
    }
    /* The other way in, a word in any language, is the first tile: a need
     * without a code. */
    struct need_list needs = {xcalloc(all.n + 1, sizeof *needs.items), all.n + 1};
    /* TRANSLATORS: the first tile among the topics: it opens the search. */
    needs.items[0].name.text = (char *)_("Search by word");
    memcpy(needs.items + 1, all.items, all.n * sizeof *all.items);

    /* Needs not in the person's language are marked: once above the grid
     * when every one of them fell back to the same language, else on each
     * tile that did. */
    const char *all_in = all.n ? all.items[0].name.lang : NULL;
    for (size_t i = 0; i < all.n && all_in; i++) {
        if (!fallback_name(a, all.items[i].name.lang) ||
            strcmp(all.items[i].name.lang, all_in) != 0)
            all_in = NULL;
    }
    if (all_in)
        top += fallback_mark(a, all_in, "needs", MARGIN, top, width, 1) + g.gap;

    g.avail = content_bottom(a) - MARGIN - top;
    grid_choose(a, &needs, all_in != NULL, &g);
    int page = app_here(a)->page;
    if (page >= g.pages)
        page = g.pages - 1;
    grid_draw(a, &needs, all_in != NULL, &g, page, top);
    pager_show(a, page, g.pages, NULL);
    free(needs.items);
    catalog_need_list_free(&all);
}
