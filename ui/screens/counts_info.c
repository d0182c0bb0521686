/* counts_info.c: "What this kiosk counts", one tap from the welcome screen:
 * what the kiosk counts, what it never counts or keeps, and who receives
 * the counts, in short plain sentences (COUNTS-AND-SYNC.md in words a
 * resident can read in a second language).
 *
 * The screen is a table of blocks: a heading for each part, a sentence for
 * each thing, a check beside what is counted and a cross beside what is
 * not. Each block's id is a stable key, never the words. */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"

static const struct {
    int kind; /* BLOCK_SECTION, BLOCK_TEXT */
    const char *id;
    const char *icon; /* NULL: none */
    const char *text; /* untranslated: passed to _() */
} parts[] = {
    {BLOCK_TEXT, "counts:intro", NULL,
     /* TRANSLATORS: the first words of the screen that says what the kiosk
      * counts about its use. "The city" is the city that runs the kiosks. */
     N_("This kiosk counts how it is used, so the city can learn what help people need. It "
        "does not know who you are.")},

    /* TRANSLATORS: a heading: what the kiosk counts each day. */
    {BLOCK_SECTION, "counts:counted", NULL, N_("What is counted")},
    {BLOCK_TEXT, "counts:counted:sessions", "yes",
     /* TRANSLATORS: one of the things the kiosk counts. */
     N_("How many times the kiosk was used each day.")},
    {BLOCK_TEXT, "counts:counted:needs", "yes",
     /* TRANSLATORS: one of the things the kiosk counts. */
     N_("Which kinds of help people looked at, such as housing or health.")},
    {BLOCK_TEXT, "counts:counted:language", "yes",
     /* TRANSLATORS: one of the things the kiosk counts. */
     N_("Which language people chose.")},
    {BLOCK_TEXT, "counts:counted:features", "yes",
     /* TRANSLATORS: one of the things the kiosk counts. "The code for your
      * phone" is the code a service's page shows to take its details away;
      * "this page" is the screen being read. */
     N_("Which parts of the kiosk were used, such as search, large text, the code for your "
        "phone or this page.")},
    {BLOCK_TEXT, "counts:counted:help", "yes",
     /* TRANSLATORS: one of the things the kiosk counts: that a service's
      * page was opened, that the urgent help or the "talk to a person"
      * screen was opened. */
     N_("Whether someone opened a service, or looked for urgent help or a person to talk to.")},
    {BLOCK_TEXT, "counts:counted:cleared", "yes",
     /* TRANSLATORS: one of the things the kiosk counts: that someone
      * cleared the screen with the quick-exit button, or that nobody
      * touched it and it cleared itself. */
     N_("Whether someone cleared the screen, or it cleared itself after a while.")},

    /* TRANSLATORS: a heading: what the kiosk never counts or keeps. */
    {BLOCK_SECTION, "counts:never", NULL, N_("What is never counted or kept")},
    {BLOCK_TEXT, "counts:never:name", "no",
     /* TRANSLATORS: one of the things the kiosk never counts or keeps. */
     N_("Your name, or anything that shows who you are.")},
    {BLOCK_TEXT, "counts:never:typed", "no",
     /* TRANSLATORS: one of the things the kiosk never counts or keeps. */
     N_("Anything you type or search for.")},
    {BLOCK_TEXT, "counts:never:worried", "no",
     /* TRANSLATORS: one of the things the kiosk never counts or keeps: the
      * answers given on the "worried about someone close to you?" screens. */
     N_("Your answers to the questions about someone you are worried about.")},
    {BLOCK_TEXT, "counts:never:when", "no",
     /* TRANSLATORS: one of the things the kiosk never counts or keeps. */
     N_("What time you came, or the order in which you did things.")},
    {BLOCK_TEXT, "counts:never:private", "no",
     /* TRANSLATORS: one of the things the kiosk never counts or keeps. Use
      * the words of the glossary for these kinds of help. */
     N_("Which service you opened about something private, such as mental health, drugs or "
        "alcohol, violence, legal advice or a residence permit.")},
    {BLOCK_TEXT, "counts:never:camera", "no",
     /* TRANSLATORS: one of the things the kiosk never counts or keeps. */
     N_("There is no camera, and you do not need an account.")},
    {BLOCK_TEXT, "counts:never:kept", "no",
     /* TRANSLATORS: one of the things the kiosk never counts or keeps. */
     N_("Nothing is kept about you as a person.")},

    /* TRANSLATORS: a heading: where the counts go. */
    {BLOCK_SECTION, "counts:who", NULL, N_("Who receives the counts")},
    {BLOCK_TEXT, "counts:who:kiosk", NULL,
     /* TRANSLATORS: about where the counts go. */
     N_("The counts stay on this kiosk, added together with other people's.")},
    {BLOCK_TEXT, "counts:who:city", NULL,
     /* TRANSLATORS: about where the counts go. "The city" is the city that
      * runs the kiosks. */
     N_("Once a day, the kiosk sends the day's totals to the city.")},
    {BLOCK_TEXT, "counts:who:signed", NULL,
     /* TRANSLATORS: about where the counts go: each daily report carries
      * the kiosk's signature. */
     N_("The kiosk signs each report, so nobody can change it on the way.")},
    {BLOCK_TEXT, "counts:who:noise", NULL,
     /* TRANSLATORS: about where the counts go: the counts of sensitive kinds
      * of help get random noise added, so no report gives one person away. */
     N_("For private matters, the kiosk changes the numbers a little at random. Then no number "
        "can point to one person.")},
    {BLOCK_TEXT, "counts:who:police", NULL,
     /* TRANSLATORS: about where the counts go. */
     N_("The counts never go to the police or security services.")},
};

const char *title_counts_info(struct app *a, char *buf, size_t size)
{
    (void)a, (void)buf, (void)size;
    /* TRANSLATORS: the title of the screen that says what the kiosk counts
     * about its use, and the link to it on the welcome screen. */
    return _("What this kiosk counts");
}

void screen_counts_info(struct app *a)
{
    struct block blocks[ARRAY_LEN(parts) + 1];
    int n = 0;
    if (!a->title_shown)
        blocks[n++] = (struct block){.kind = BLOCK_TITLE,
                                     .id = "counts:title",
                                     .text = title_counts_info(a, NULL, 0),
                                     .lang = ""};
    for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
        blocks[n] = (struct block){
            .kind = parts[i].kind, .text = _(parts[i].text), .lang = "", .icon = parts[i].icon};
        xsnprintf(blocks[n].id, sizeof blocks[n].id, "%s", parts[i].id);
        n++;
    }
    blocks_show(a, blocks, n, a->area.y);
}
