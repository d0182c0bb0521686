/* talk.c: "Talk to a person here": when the centre's desk is staffed and
 * where it is (from the configuration, in the person's language where staff
 * wrote it), and a card to show the staff, in the person's language and in
 * the kiosk's own: "I speak Arabic. Please help me get an interpreter."
 *
 * The card is a whole sentence per language, translated as a whole, so that
 * each language can write the other's name as its grammar wants. */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"

#include <string.h>

static const struct {
    const char *code;
    const char *sentence;
} interpreter[] = {
    {"en", N_("I speak English. Please help me get an interpreter.")},
    {"fi", N_("I speak Finnish. Please help me get an interpreter.")},
    {"sv", N_("I speak Swedish. Please help me get an interpreter.")},
    {"da", N_("I speak Danish. Please help me get an interpreter.")},
    {"nb", N_("I speak Norwegian. Please help me get an interpreter.")},
    {"es", N_("I speak Spanish. Please help me get an interpreter.")},
    {"ar", N_("I speak Arabic. Please help me get an interpreter.")},
    {"fa", N_("I speak Persian. Please help me get an interpreter.")},
    {"uk", N_("I speak Ukrainian. Please help me get an interpreter.")},
    {"ru", N_("I speak Russian. Please help me get an interpreter.")},
    {"so", N_("I speak Somali. Please help me get an interpreter.")},
    {"ti", N_("I speak Tigrinya. Please help me get an interpreter.")},
};

const char *title_talk(struct app *a, char *buf, size_t size)
{
    (void)a, (void)buf, (void)size;
    /* TRANSLATORS: the title of the screen about the centre's help desk. */
    return _("Talk to a person here");
}

/* A section with a text staff configured, if they did. */
static int desk_text(struct app *a, struct block *b, const char *key, const char *id,
                     const char *heading, const char *icon)
{
    const char *lang = NULL;
    const char *text = config_text(a->cfg, key, a->s.lang, &lang);
    if (!text)
        return 0;
    char text_id[UI_ID_MAX];
    xsnprintf(text_id, sizeof text_id, "%s:text", id);
    b[0] = (struct block){.kind = BLOCK_SECTION, .text = heading, .lang = ""};
    xsnprintf(b[0].id, sizeof b[0].id, "%s", id);
    b[1] = (struct block){.kind = BLOCK_TEXT, .text = text, .lang = lang, .icon = icon};
    xsnprintf(b[1].id, sizeof b[1].id, "%s", text_id);
    return 2;
}

void screen_talk(struct app *a)
{
    struct block blocks[12];
    int n = 0;
    if (!a->title_shown)
        blocks[n++] = (struct block){
            .kind = BLOCK_TITLE, .id = "talk:title", .text = title_talk(a, NULL, 0), .lang = ""};
    blocks[n++] = (struct block){
        .kind = BLOCK_TEXT,
        .id = "talk:intro",
        .text = _("The staff at the desk can help you find the right service. You do not have "
                  "to say why you need help."),
        .lang = ""};
    /* The card first, where the person sees it at once: in their language,
     * and under it in the kiosk's, where the two differ. */
    const char *kiosk = a->cfg->default_language;
    char theirs[256], staff[256];
    for (size_t i = 0; i < ARRAY_LEN(interpreter); i++) {
        if (strcmp(interpreter[i].code, a->s.lang) != 0 || strcmp(a->s.lang, kiosk) == 0)
            continue;
        blocks[n++] = (struct block){.kind = BLOCK_SECTION,
                                     .id = "talk:show",
                                     .text = _("Show this to the staff"),
                                     .lang = ""};
        xsnprintf(theirs, sizeof theirs, "%s", _(interpreter[i].sentence));
        blocks[n++] = (struct block){
            .kind = BLOCK_SHOW, .id = "talk:card", .text = theirs, .lang = a->s.lang};
        blocks[n++] = (struct block){
            .kind = BLOCK_SHOW,
            .id = "talk:card:staff",
            .text = i18n_gettext_in(kiosk, interpreter[i].sentence, staff, sizeof staff),
            .lang = kiosk};
    }
    n += desk_text(a, blocks + n, "desk_hours", "talk:hours", _("When the desk is open"), "clock");
    n += desk_text(a, blocks + n, "desk_location", "talk:where", _("Where the desk is"), "place");
    blocks_show(a, blocks, n, a->area.y);
}
