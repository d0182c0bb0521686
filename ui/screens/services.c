/* services.c: the services for one need, as cards that say at a glance
 * what matters: the name, who runs it, and the facts that decide whether
 * someone dares to go (free, walk-in, languages spoken). */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"

#include <stdio.h>
#include <string.h>

#define MAX_CARDS 100

void screen_services(struct app *a)
{
    int top = chrome(a, NAV_BACK | NAV_HOME | NAV_LANGUAGE);
    const struct place *here = app_here(a);

    struct need need = {0};
    struct service_list list = {0};
    int found = catalog_need_get(a->cat, here->need, &need) == 0;
    if (catalog_services_for_need(a->cat, here->need, &list) != 0)
        fprintf(stderr, "frontdoor: %s\n", catalog_errmsg(a->cat));

    static struct block blocks[MAX_CARDS + 3];
    static char subs[MAX_CARDS][768];
    int n = 0;
    blocks[n++] = (struct block){BLOCK_TITLE, "services:title",
                                 found && need.name.text ? need.name.text : here->need, NULL,
                                 need.name.lang};
    if (found && need.description.text)
        blocks[n++] = (struct block){BLOCK_MUTED, "services:intro", need.description.text, NULL,
                                     need.description.lang};
    if (list.n == 0)
        blocks[n++] = (struct block){
            BLOCK_TEXT, "services:none",
            _("There are no services listed for this yet. The staff at the desk can help."), NULL,
            ""};

    size_t shown = list.n < MAX_CARDS ? list.n : MAX_CARDS;
    for (size_t i = 0; i < shown; i++) {
        const struct service_summary *s = &list.items[i];
        const char *facts[8];
        int nf = facet_labels(s->facets, facts, 8);
        size_t used = 0;
        char *sub = subs[i];
        sub[0] = '\0';
        if (s->organization.text)
            used += (size_t)xsnprintf(sub, sizeof subs[i], "%s", s->organization.text);
        if (strcmp(s->status, "temporarily closed") == 0 && used < sizeof subs[i])
            used += (size_t)xsnprintf(sub + used, sizeof subs[i] - used, "%s%s",
                                      used ? "\n" : "", _("Temporarily closed"));
        for (int f = 0; f < nf && used < sizeof subs[i]; f++)
            used += (size_t)xsnprintf(sub + used, sizeof subs[i] - used, "%s%s",
                                      f ? " \u00b7 " : (used ? "\n" : ""), facts[f]);
        if (s->languages[0] && used < sizeof subs[i]) {
            char names[256];
            language_names(s->languages, names, sizeof names);
            /* TRANSLATORS: followed by a list of language names. */
            xsnprintf(sub + used, sizeof subs[i] - used, "%s%s %s", used ? "\n" : "",
                      _("Languages:"), names);
        }
        blocks[n] = (struct block){BLOCK_CARD, "", s->name.text ? s->name.text : s->hsds_id, sub,
                                   s->name.lang};
        xsnprintf(blocks[n].id, sizeof blocks[n].id, "service:%lld", (long long)s->id);
        n++;
    }

    int tapped = blocks_show(a, blocks, n, top);
    if (tapped >= 0) {
        const struct service_summary *s = &list.items[tapped - (n - (int)shown)];
        struct place p = {.screen = SCREEN_SERVICE, .service = s->id};
        xsnprintf(p.need, sizeof p.need, "%s", here->need);
        app_go(a, p);
    }
    catalog_service_list_free(&list);
    catalog_need_free(&need);
}
