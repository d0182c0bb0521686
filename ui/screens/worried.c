/* worried.c: "Worried about someone close to you?" as a short guided path:
 * who, then what worries the person, then what reaching out means, in
 * plain words, and the services for that answer, each with what decides
 * whether someone dares to call up front: who they will meet, what stays
 * confidential, when the service must tell others, whether one can ask
 * without giving names.
 *
 * Which services answer what lives in the catalogue (catalog.h); the
 * questions and their answers are fixed here, in this order. The answers
 * live in the back stack only: gone when the session ends, never counted.
 */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/text.h"

#include <stdlib.h>
#include <string.h>

/* The answers to "Who are you worried about?", by enum worried_who. */
static const char *const who_words[N_WORRIED_WHO] = {
    [WORRIED_YOUNG] = N_("A child or young person"),
    [WORRIED_PARTNER] = N_("My partner"),
    [WORRIED_FAMILY_FRIEND] = N_("A friend or family member"),
    [WORRIED_SOMEONE_ELSE] = N_("Someone else"),
};

/* The answers to "What worries you?", by enum worried_what; what reaching
 * out means for each, said before the services; and whether the emergency
 * number goes with it. */
static const struct {
    const char *answer;
    const char *about;
    int urgent;
} what_words[N_WORRIED_WHAT] = {
    [WORRIED_SELF_HARM] = {N_("They might hurt themselves"),
                           N_("You do not have to carry this alone. These lines listen to you and "
                              "help you think about how to talk with them."),
                           1},
    [WORRIED_AFRAID] = {N_("I am afraid of them"),
                        N_("Your own safety comes first. These services help you, the person "
                           "asking. You decide what happens next.")},
    [WORRIED_VIOLENCE] = {N_("They talk of violence or hatred, or have worrying contacts online"),
                          N_("Reaching out is about helping them, not punishing them. Each "
                             "service below says when it must tell others, and whether you can "
                             "ask without giving names.")},
    [WORRIED_SUBSTANCES] = {N_("Alcohol, drugs or gambling"),
                            N_("Worrying about someone's drinking, drugs or gambling is hard. "
                               "These services help family and friends too, whether or not the "
                               "person wants help.")},
    [WORRIED_HOME_SAFETY] = {N_("Their safety at home"),
                             N_("These services help you work out what to do when someone is "
                                "not safe at home."),
                             1},
    [WORRIED_OTHER] = {N_("Something else"),
                       N_("These services listen and help you think about what to do next.")},
};

/* The trust facts shown up front at the end, in this order. */
static const int up_front[] = {TRUST_ON_BEHALF, TRUST_ANONYMOUS, TRUST_POLICE,
                               TRUST_CHILD_PROTECTION};

#define MAX_SERVICES 16
#define MAX_BLOCKS (8 + MAX_SERVICES * (3 + (int)ARRAY_LEN(up_front)))
#define SUB_BYTES 256

int worried_path(struct app *a, const char *code)
{
    unsigned mask = 0;
    if (strcmp(code, CATALOG_NEED_WORRIED) != 0)
        return 0;
    for (int who = 0; who < N_WORRIED_WHO && !mask; who++) {
        if (catalog_worried_answers(a->cat, who, &mask) != 0) {
            app_fail(a);
            return 0;
        }
    }
    return mask != 0;
}

const char *title_worried(struct app *a, char *buf, size_t size)
{
    /* The need's own name where it is in the person's language. */
    const char *title = need_title(a, CATALOG_NEED_WORRIED, buf, size);
    return title ? title : _("Worried about someone close to you?");
}

/* The title, where the bar has no room for it, and a question; returns the
 * number of blocks written. */
static int heading(struct app *a, struct block *b, char *title, size_t size, const char *question)
{
    int n = 0;
    if (!a->title_shown)
        b[n++] = (struct block){.kind = BLOCK_TITLE,
                                .id = "worried:title",
                                .text = title_worried(a, title, size),
                                .lang = "",
                                .icon = CATALOG_NEED_WORRIED};
    if (question)
        b[n++] = (struct block){
            .kind = BLOCK_SECTION, .id = "worried:question", .text = question, .lang = ""};
    return n;
}

/* One answer as a large button. */
static struct block answer(const char *id_prefix, const char *code, const char *words)
{
    struct block b = {.kind = BLOCK_CARD, .text = _(words), .lang = "", .style = UI_STYLE_BADGE};
    xsnprintf(b.id, sizeof b.id, "%s:%s", id_prefix, code);
    return b;
}

void screen_worried_who(struct app *a)
{
    struct block b[4 + N_WORRIED_WHO];
    char title[256];
    int n = heading(a, b, title, sizeof title, _("Who are you worried about?"));
    b[n++] = (struct block){.kind = BLOCK_MUTED,
                            .id = "worried:private",
                            .text = _("Your answers are not saved. They are gone when you leave."),
                            .lang = ""};
    int first = n;
    for (int i = 0; i < N_WORRIED_WHO; i++)
        b[n++] = answer("worried:who", catalog_worried_who_code(i), who_words[i]);
    int tapped = blocks_show(a, b, n, a->area.y);
    if (tapped >= first) {
        struct place p = *app_here(a);
        p.screen = SCREEN_WORRIED_WHAT;
        p.page = 0;
        p.who = tapped - first + 1;
        app_go(a, p);
    }
}

void screen_worried_what(struct app *a)
{
    const struct place *here = app_here(a);
    int who = here->who - 1;
    unsigned mask = 0;
    if (who < 0 || who >= N_WORRIED_WHO || catalog_worried_answers(a->cat, who, &mask) != 0) {
        if (who >= 0 && who < N_WORRIED_WHO)
            app_fail(a);
        return;
    }
    struct block b[4 + N_WORRIED_WHAT];
    int what_of[4 + N_WORRIED_WHAT];
    char title[256];
    int n = heading(a, b, title, sizeof title, _("What worries you?"));
    /* Only answers that lead to a service are offered. */
    for (int i = 0; i < N_WORRIED_WHAT; i++) {
        if (!(mask & (1u << i)))
            continue;
        what_of[n] = i;
        b[n++] = answer("worried:what", catalog_worried_what_code(i), what_words[i].answer);
    }
    int tapped = blocks_show(a, b, n, a->area.y);
    if (tapped >= 0 && b[tapped].kind == BLOCK_CARD) {
        struct place p = *here;
        p.screen = SCREEN_WORRIED_END;
        p.page = 0;
        p.what = what_of[tapped] + 1;
        app_go(a, p);
    }
}

/* The blocks of one service at the end: a card to open it (its name, its
 * status and its first phone number), who the person will meet and what
 * happens, then the trust facts that decide whether to call. */
static int service_blocks(struct app *a, const struct service_summary *s,
                          const struct service_detail *d, struct block *b, char *sub, char *chip)
{
    int n = 0;
    sub[0] = '\0';
    if (d->n_phones)
        text_isolate_ltr(d->phones[0].number, sub, SUB_BYTES);
    b[n++] = service_card(a, s, 0, sub, chip);
    if (s->note.text) {
        b[n] = (struct block){
            .kind = BLOCK_TEXT, .text = s->note.text, .lang = s->note.lang, .icon = "people"};
        xsnprintf(b[n].id, sizeof b[n].id, "service:%lld:team", (long long)s->id);
        n++;
    }
    for (size_t i = 0; i < ARRAY_LEN(up_front); i++) {
        int f = up_front[i];
        const char *words = trust_words(f, d->trust[f].value);
        if (!words)
            continue;
        b[n] = (struct block){.kind = BLOCK_MUTED,
                              .text = _(words),
                              .lang = "",
                              .icon = trust_icon(f, d->trust[f].value)};
        xsnprintf(b[n].id, sizeof b[n].id, "service:%lld:trust:%s", (long long)s->id,
                  catalog_trust_code(f));
        n++;
    }
    return n;
}

void screen_worried_end(struct app *a)
{
    const struct place *here = app_here(a);
    int who = here->who - 1, what = here->what - 1;
    if (who < 0 || who >= N_WORRIED_WHO || what < 0 || what >= N_WORRIED_WHAT)
        return;
    struct service_list list = {0};
    if (catalog_worried_services(a->cat, who, what, &list) != 0) {
        app_fail(a);
        return;
    }
    struct list_view v;
    list_view_make(a, list.items, list.n, sizeof *list.items, &v);
    int top = filter_bar(a, &v, a->area.y, 0);
    size_t shown = v.n < MAX_SERVICES ? v.n : MAX_SERVICES;
    struct block *b = xcalloc(MAX_BLOCKS, sizeof *b);
    struct service_detail *details = xcalloc(shown ? shown : 1, sizeof *details);
    char *subs = xcalloc(shown ? shown : 1, SUB_BYTES);
    char *chips = xcalloc(shown ? shown : 1, CARD_TAGS);
    int *card_of = xcalloc(MAX_BLOCKS, sizeof *card_of);
    char title[256], number[64], urgent[256], none[256];

    int n = heading(a, b, title, sizeof title, _(what_words[what].answer));
    b[n++] = (struct block){
        .kind = BLOCK_TEXT, .id = "worried:about", .text = _(what_words[what].about), .lang = ""};
    if (what_words[what].urgent) {
        text_isolate_ltr(a->cfg->emergency_number, number, sizeof number);
        /* TRANSLATORS: %s is the emergency number, such as 112. */
        xsnprintf(urgent, sizeof urgent, _("If someone is in danger now, call %s."), number);
        b[n++] = (struct block){.kind = BLOCK_NOTE,
                                .id = "worried:urgent",
                                .text = urgent,
                                .lang = "",
                                .icon = "phone"};
    }
    int drop_at = filter_none_blocks(a, &v, b + n, none, sizeof none) ? n + 1 : -1;
    n += drop_at >= 0 ? 2 : 0;
    for (int i = 0; i < MAX_BLOCKS; i++)
        card_of[i] = -1;
    size_t got = 0;
    for (size_t i = 0; i < shown; i++) {
        const struct service_summary *s = &list.items[v.order[i]];
        if (catalog_service_get(a->cat, s->id, &details[got]) != 0) {
            app_fail(a);
            break;
        }
        card_of[n] = (int)got;
        n += service_blocks(a, s, &details[got], b + n, subs + got * SUB_BYTES,
                            chips + got * CARD_TAGS);
        got++;
    }
    int tapped = top < 0 ? -1 : blocks_show(a, b, n, top);
    if (tapped >= 0 && tapped == drop_at)
        filter_none_tapped(a, &v);
    else if (tapped >= 0 && card_of[tapped] >= 0)
        app_go(a, (struct place){.screen = SCREEN_SERVICE,
                                 .service = details[card_of[tapped]].summary.id});
    for (size_t i = 0; i < got; i++)
        catalog_service_detail_free(&details[i]);
    free(card_of);
    free(chips);
    free(subs);
    free(details);
    free(b);
    list_view_free(&v);
    catalog_service_list_free(&list);
}
