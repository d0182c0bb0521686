/* urgent.c: urgent help, one tap from every screen: the emergency number
 * and what it is for, in plain words, then the crisis lines of the
 * catalogue with their real hours and languages and their numbers on the
 * cards, so nobody has to open one to call it.
 *
 * Out of order (no catalogue) the screen still shows the number. */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/text.h"

#include <stdlib.h>
#include <string.h>

#define MAX_LINES 24
#define SUB_BYTES 512

const char *title_urgent(struct app *a, char *buf, size_t size)
{
    (void)a, (void)buf, (void)size;
    /* TRANSLATORS: the title of the screen the urgent-help strip opens. */
    return _("Urgent help");
}

/* One crisis line as a card: its name; its status and "Free"; its number
 * and the languages spoken. */
static struct block line_card(struct app *a, const struct service_detail *d, char *sub, char *tags)
{
    size_t used = 0;
    sub[0] = '\0';
    if (d->n_phones) {
        char iso[96];
        xappend(sub, SUB_BYTES, &used, "%s",
                text_isolate_ltr(d->phones[0].number, iso, sizeof iso));
    }
    languages_line(&d->summary, sub, SUB_BYTES, &used);
    return service_card(a, &d->summary, FACET_FREE, sub, tags);
}

void screen_urgent(struct app *a)
{
    char number[64], buf[1024];
    text_isolate_ltr(a->cfg->emergency_number, number, sizeof number);
    struct block blocks[MAX_LINES + 8];
    int n = 0;
    if (!a->title_shown)
        blocks[n++] = (struct block){.kind = BLOCK_TITLE,
                                     .id = "urgent:title",
                                     .text = title_urgent(a, NULL, 0),
                                     .lang = ""};
    blocks[n++] = (struct block){
        .kind = BLOCK_TITLE, .id = "urgent:number", .text = number, .lang = "", .icon = "phone"};
    /* What staff wrote about the number, in the person's language where they
     * wrote it; else a plain sentence that claims nothing more. */
    const char *found = NULL;
    const char *note = config_text(a->cfg, "emergency_note", a->s.lang, &found);
    if (!note) {
        /* TRANSLATORS: %s is the emergency number, such as 112. */
        xsnprintf(buf, sizeof buf,
                  _("Call %s if someone's life, health or safety is in danger "
                    "right now."),
                  number);
        note = buf;
        found = "";
    }
    blocks[n++] =
        (struct block){.kind = BLOCK_TEXT, .id = "urgent:note", .text = note, .lang = found};

    struct service_list list = {0};
    struct service_detail details[MAX_LINES];
    char subs[MAX_LINES][SUB_BYTES], tags[MAX_LINES][CARD_TAGS];
    size_t shown = 0;
    if (a->cat && catalog_crisis_lines(a->cat, &list) != 0)
        app_fail(a);
    if (list.n) {
        /* TRANSLATORS: a heading above the crisis lines of the catalogue. */
        blocks[n++] = (struct block){.kind = BLOCK_SECTION,
                                     .id = "urgent:lines",
                                     .text = _("Someone to talk to now"),
                                     .lang = ""};
        blocks[n++] =
            (struct block){.kind = BLOCK_MUTED,
                           .id = "urgent:lines:about",
                           .text = _("They listen, and help you think about what to do next."),
                           .lang = ""};
    }
    int first_card = n;
    for (size_t i = 0; i < list.n && shown < MAX_LINES; i++) {
        struct service_detail *d = &details[shown];
        memset(d, 0, sizeof *d);
        if (catalog_service_get(a->cat, list.items[i].id, d) != 0) {
            app_fail(a);
            break;
        }
        blocks[n++] = line_card(a, d, subs[shown], tags[shown]);
        shown++;
    }
    int tapped = blocks_show(a, blocks, n, a->area.y);
    if (tapped >= first_card)
        app_go(a, (struct place){.screen = SCREEN_SERVICE,
                                 .service = details[tapped - first_card].summary.id});
    for (size_t i = 0; i < shown; i++)
        catalog_service_detail_free(&details[i]);
    catalog_service_list_free(&list);
}
