/* services.c: the services for one need, as cards that say at a glance
 * what matters: the name, who runs it, and the facts that decide whether
 * someone dares to go (free, walk-in, languages spoken).
 *
 * The cards' text lives in buffers allocated for this frame and freed at its
 * end, so nothing of what a resident looked at outlives the frame here. */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most cards a list shows: the pager's limit, less the title, the intro
 * and the count. The count says how many are shown, never more. */
#define MAX_CARDS 300
#define SUB_BYTES 1024
#define TITLE_ICON 36 /* dp, as beside a title over content */
#define ROW_H 44      /* dp, the filter bar's row */
/* Lists shorter than this show the need's description. */
#define ROOM_FOR_INTRO 5

/* The need's name goes in the bar where it fits, leaving room for a row of
 * cards more on a low screen; a name in another language stays out of the
 * bar, where it could not be marked as such. */
const char *title_services(struct app *a, char *buf, size_t size)
{
    return need_title(a, app_here(a)->need, buf, size);
}

/* The need's name at the start of the filter bar's row, where the bar is
 * one short row and the name fits beside it on one line in the person's
 * language: a row more for the cards (and the count gives its line to
 * them too). Returns where the bar starts, dp from the reading edge, or 0
 * when the title goes above the list. */
static int title_beside(struct app *a, const struct need *nd, const char *title,
                        const struct list_view *v, int top)
{
    struct ui *ui = a->ui;
    int row = filter_bar_row(a, v), width = a->area.w - 2 * MARGIN;
    if (a->title_shown || !row || !nd->name.text || fallback_name(a, nd->name.lang))
        return 0;
    struct ui_text t = content_style(nd->name.lang, UI_TEXT_TITLE, 1);
    t.middle = 1;
    t.max_lines = 1;
    int room = width - row - GAP;
    if (ui_text_width(ui, title, t) + ui_icon_room(TITLE_ICON) > room)
        return 0;
    /* Like a title over the list, on its first page only; the bar keeps
     * its place on every page. */
    if (app_here(a)->page == 0) {
        ui_next_icon(ui, nd->code, TITLE_ICON, 0);
        ui_label(ui, "services:title", UI_ROLE_HEADING, title,
                 (struct ui_rect){a->area.x + MARGIN, top, room, ROW_H}, UI_STYLE_PLAIN, t);
    }
    return width - row;
}

void screen_services(struct app *a)
{
    const struct place *here = app_here(a);

    struct need need = {0};
    struct service_list list = {0};
    int rc = catalog_need_get(a->cat, here->need, &need);
    if (rc != 0 && rc != CATALOG_NOT_FOUND)
        app_fail(a);
    if (catalog_services_for_need(a->cat, here->need, &list) != 0)
        app_fail(a);

    const char *title = need.name.text ? need.name.text : here->need;
    struct list_view v;
    list_view_make(a, list.items, list.n, sizeof *list.items, &v);
    int top = a->area.y, beside = title_beside(a, &need, title, &v, top);
    top = filter_bar(a, &v, top, beside);
    size_t shown = v.n < MAX_CARDS ? v.n : MAX_CARDS;
    struct block *blocks = xcalloc(shown + 6, sizeof *blocks);
    char *subs = xcalloc(shown ? shown : 1, SUB_BYTES);
    char *chips = xcalloc(shown ? shown : 1, CARD_TAGS);
    int n = 0;
    if (!a->title_shown && !beside)
        blocks[n++] = (struct block){.kind = BLOCK_TITLE,
                                     .id = "services:title",
                                     .text = title,
                                     .lang = need.name.lang,
                                     .icon = need.code[0] ? need.code : NULL};
    /* The need's words about itself where the list is short; a longer
     * list gives their room to a fifth card on a portrait screen. */
    if (need.description.text && v.n < ROOM_FOR_INTRO)
        blocks[n++] = (struct block){.kind = BLOCK_MUTED,
                                     .id = "services:intro",
                                     .text = need.description.text,
                                     .lang = need.description.lang};
    if (list.n == 0)
        blocks[n++] = (struct block){
            .kind = BLOCK_TEXT,
            .id = "services:none",
            .text = _("There are no services listed for this yet. The staff at the desk can help."),
            .lang = ""};
    char count[128], none[256];
    int drop_at = filter_none_blocks(a, &v, blocks + n, none, sizeof none) ? n + 1 : -1;
    n += drop_at >= 0 ? 2 : 0;
    if (v.n > shown && !a->overflow_reported) {
        /* Which need is not said: the log is the journal, and a resident
         * opened it. */
        fprintf(stderr, "frontdoor: a need has more services than a list shows (%d)\n", MAX_CARDS);
        a->overflow_reported = 1;
    }
    /* The count; on a low screen, or with the title beside the filters,
     * its line goes to a card. */
    if (shown > 0 && !low_screen(a->ui) && !beside) {
        /* TRANSLATORS: how many services the list shows. */
        xsnprintf(count, sizeof count, ngettext("%d place can help", "%d places can help", shown),
                  (int)shown);
        blocks[n++] =
            (struct block){.kind = BLOCK_MUTED, .id = "services:count", .text = count, .lang = ""};
    }
    int first_card = n;
    for (size_t i = 0; i < shown; i++) {
        const struct service_summary *s = &list.items[v.order[i]];
        char *sub = subs + i * SUB_BYTES;
        /* Free and walk-in decide whether to go now; the languages
         * spoken, after a globe rather than a word so that most lists of
         * them take one line, take two at most: a card says what matters
         * at a glance, the service says the rest (who runs it, too). */
        language_names(s->languages, sub, SUB_BYTES);
        blocks[n] = service_card(a, s, FACET_FREE | FACET_WALK_IN, sub, chips + i * CARD_TAGS);
        blocks[n].icon = sub[0] ? "language" : NULL;
        blocks[n++].sub_lines = 2;
    }

    /* Cards row by row where there are two columns; the pager says it
     * turns to more places, not to the next service. */
    int tapped =
        top < 0 ? -1
                : blocks_show_as(a, blocks, n, top,
                                 (struct blocks_how){.more = _("More places"), .card_rows = 1});
    if (tapped >= 0 && tapped == drop_at)
        filter_none_tapped(a, &v);
    else if (tapped >= first_card) {
        struct place p = {.screen = SCREEN_SERVICE,
                          .service = list.items[v.order[tapped - first_card]].id};
        xsnprintf(p.need, sizeof p.need, "%s", here->need);
        app_go(a, p);
    }
    free(chips);
    free(subs);
    free(blocks);
    list_view_free(&v);
    catalog_service_list_free(&list);
    catalog_need_free(&need);
}
