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

/* The need's name goes in the bar where it fits, leaving room for a row of
 * cards more on a low screen; a name in another language stays out of the
 * bar, where it could not be marked as such. */
const char *title_services(struct app *a, char *buf, size_t size)
{
    return need_title(a, app_here(a)->need, buf, size);
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
    int top = a->area.y;
    size_t shown = list.n < MAX_CARDS ? list.n : MAX_CARDS;
    struct block *blocks = xcalloc(shown + 4, sizeof *blocks);
    char *subs = xcalloc(shown ? shown : 1, SUB_BYTES);
    char *chips = xcalloc(shown ? shown : 1, CARD_TAGS);
    int n = 0;
    if (!a->title_shown)
        blocks[n++] = (struct block){.kind = BLOCK_TITLE,
                                     .id = "services:title",
                                     .text = title,
                                     .lang = need.name.lang,
                                     .icon = need.code[0] ? need.code : NULL};
    if (need.description.text)
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
    char count[128];
    if (list.n > shown && !a->overflow_reported) {
        fprintf(stderr, "frontdoor: need %s has %zu services; a list shows the first %d\n",
                here->need, list.n, MAX_CARDS);
        a->overflow_reported = 1;
    }
    if (shown > 0) {
        /* TRANSLATORS: how many services the list shows. */
        xsnprintf(count, sizeof count, ngettext("%d place can help", "%d places can help", shown),
                  (int)shown);
        blocks[n++] = (struct block){
            .kind = BLOCK_SECTION, .id = "services:count", .text = count, .lang = ""};
    }
    int first_card = n;
    for (size_t i = 0; i < shown; i++) {
        const struct service_summary *s = &list.items[i];
        char *sub = subs + i * SUB_BYTES;
        size_t used = 0;
        sub[0] = '\0';
        languages_line(s, sub, SUB_BYTES, &used);
        /* Free and walk-in decide whether to go now; the languages spoken
         * take two lines at most: a card says what matters at a glance,
         * the service says the rest. */
        blocks[n] = service_card(a, s, FACET_FREE | FACET_WALK_IN, sub, chips + i * CARD_TAGS);
        blocks[n++].sub_lines = 2;
    }

    int tapped = blocks_show(a, blocks, n, top);
    if (tapped >= first_card) {
        struct place p = {.screen = SCREEN_SERVICE, .service = list.items[tapped - first_card].id};
        xsnprintf(p.need, sizeof p.need, "%s", here->need);
        app_go(a, p);
    }
    free(chips);
    free(subs);
    free(blocks);
    catalog_service_list_free(&list);
    catalog_need_free(&need);
}
