/* shell.c: the frame around every screen, the screen table and the way
 * back.
 *
 * The shell draws what every screen shares, in one place: the bar (back,
 * home, the title where it fits, language, and the quick exit in the
 * reading end's corner), the urgent-help strip and, while the catalogue is
 * sample data, the sample strip. What is left is the screen's area
 * (a->area); the screen's row in the table says which bar buttons it has
 * and where its title comes from. An overlay is drawn last, on the widget
 * layer's modal layer; the idle warning covers everything, and what it
 * covers is not even built.
 *
 * The back stack lives in the session (screens.h): places with their pages
 * and answers, nothing else.
 */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/text.h"

#include <stdio.h>
#include <string.h>

static const struct screen screens[SCREEN_COUNT] = {
    [SCREEN_WELCOME] = {screen_welcome, NULL, 0},
    [SCREEN_NEEDS] = {screen_needs, title_needs, NAV_BACK | NAV_LANGUAGE},
    [SCREEN_SERVICES] = {screen_services, title_services,
                         NAV_BACK | NAV_HOME | NAV_SEARCH | NAV_LANGUAGE},
    [SCREEN_SERVICE] = {screen_service, NULL, NAV_BACK | NAV_HOME | NAV_SEARCH | NAV_LANGUAGE,
                        dialog_take_away},
    [SCREEN_OUT_OF_ORDER] = {screen_out_of_order, NULL, NAV_LANGUAGE},
    [SCREEN_LANGUAGE] = {screen_language, title_language, NAV_BACK},
    [SCREEN_URGENT] = {screen_urgent, title_urgent, NAV_BACK | NAV_HOME | NAV_LANGUAGE},
    [SCREEN_TALK] = {screen_talk, title_talk, NAV_BACK | NAV_HOME | NAV_LANGUAGE},
    [SCREEN_WORRIED_WHO] = {screen_worried_who, title_worried, NAV_BACK | NAV_HOME | NAV_LANGUAGE},
    [SCREEN_WORRIED_WHAT] = {screen_worried_what, title_worried,
                             NAV_BACK | NAV_HOME | NAV_LANGUAGE},
    [SCREEN_WORRIED_END] = {screen_worried_end, title_worried,
                            NAV_BACK | NAV_HOME | NAV_SEARCH | NAV_LANGUAGE},
    [SCREEN_COUNTS_INFO] = {screen_counts_info, title_counts_info,
                            NAV_BACK | NAV_HOME | NAV_LANGUAGE},
    [SCREEN_SEARCH] = {screen_search, title_search, NAV_BACK | NAV_HOME | NAV_LANGUAGE},
    [SCREEN_STAFF_PIN] = {screen_staff_pin, title_staff, NAV_STAFF | NAV_LANGUAGE},
    [SCREEN_STAFF] = {screen_staff, title_staff, NAV_STAFF | NAV_LANGUAGE},
    [SCREEN_STAFF_DIAG] = {screen_staff_diag, title_staff_diag, NAV_STAFF | NAV_BACK},
    [SCREEN_STAFF_LOG] = {screen_staff_log, title_staff_log, NAV_STAFF | NAV_BACK},
    [SCREEN_STAFF_SERVICE] = {screen_staff_service, title_staff_service,
                              NAV_STAFF | NAV_BACK | NAV_LANGUAGE},
    [SCREEN_STAFF_EDIT] = {screen_staff_edit, title_staff_edit, NAV_STAFF | NAV_BACK},
    [SCREEN_STAFF_CHANGES] = {screen_staff_changes, title_staff_changes, NAV_STAFF | NAV_BACK},
    [SCREEN_STAFF_USB] = {screen_staff_usb, title_staff_usb, NAV_STAFF | NAV_BACK},
    [SCREEN_STAFF_CONSOLE] = {screen_staff_console, title_staff_console, NAV_STAFF | NAV_BACK},
};

/* What a visit to a screen counts besides its language (report.h); 0:
 * nothing of its own. */
static const int visit_metric[SCREEN_COUNT] = {
    [SCREEN_SERVICE] = M_FEATURE_SERVICE,
    [SCREEN_URGENT] = M_FEATURE_URGENT,
    [SCREEN_TALK] = M_FEATURE_TALK,
    [SCREEN_WORRIED_WHO] = M_NEED_WORRIED,
    [SCREEN_COUNTS_INFO] = M_FEATURE_COUNTS_INFO,
    [SCREEN_SEARCH] = M_FEATURE_SEARCH,
};

void session_note(struct app *a)
{
    const struct place *p = app_here(a);
    unsigned char *used = a->s.tally.used;
    /* The first screen, alone, is nobody's session yet; staff mode is
     * nobody's at all. */
    if (p->screen == SCREEN_OUT_OF_ORDER || (p->screen == SCREEN_WELCOME && a->s.depth == 1) ||
        a->staff.db)
        return;
    used[counts_lang_metric(a->s.lang)] = 1;
    if (visit_metric[p->screen])
        used[visit_metric[p->screen]] = 1;
    if (p->screen == SCREEN_SERVICE && p->dialog)
        used[M_FEATURE_QR] = 1;
    if (p->screen == SCREEN_SERVICES && a->cat) {
        struct need nd;
        if (catalog_need_get(a->cat, p->need, &nd) == CATALOG_OK)
            used[counts_need_metric(nd.code, nd.sensitive)] = 1;
        catalog_need_free(&nd);
    }
}

/* --- the back stack --- */

const struct place *app_here(const struct app *a)
{
    return &a->s.stack[a->s.depth - 1];
}

void app_go(struct app *a, struct place p)
{
    struct session *s = &a->s;
    if (s->depth == NAV_DEPTH) {
        memmove(&s->stack[0], &s->stack[1], sizeof s->stack[0] * (NAV_DEPTH - 1));
        s->depth--;
    }
    s->stack[s->depth++] = p;
}

void app_back(struct app *a)
{
    if (a->s.depth > 1)
        a->s.depth--;
}

void app_home(struct app *a)
{
    struct session *s = &a->s;
    memset(s->stack, 0, sizeof s->stack);
    s->depth = 2;
    s->stack[0] = (struct place){.screen = SCREEN_WELCOME};
    s->stack[1] = (struct place){.screen = SCREEN_NEEDS};
}

void app_fail(struct app *a)
{
    fprintf(stderr, "frontdoor: %s\n", catalog_errmsg(a->cat));
    a->failed = 1;
}

void app_set_page(struct app *a, int page)
{
    a->s.stack[a->s.depth - 1].page = page < 0 ? 0 : page;
}

void app_set_dialog(struct app *a, int open)
{
    a->s.stack[a->s.depth - 1].dialog = open;
}

void app_set_language(struct app *a, const char *code)
{
    xsnprintf(a->s.lang, sizeof a->s.lang, "%s", code);
}

void app_end(struct app *a, enum session_end why)
{
    a->end = why;
}

/* --- the bar and the urgent-help strip --- */

#define BAR_GAP 8 /* dp between the bar's buttons */

/* A low screen's bar holds the urgent help and the desk too: its edges and
 * gaps give up a little room so that their words stay whole. */
static int bar_gap(const struct ui *ui)
{
    return low_screen(ui) ? 6 : BAR_GAP;
}

static int bar_margin(const struct ui *ui)
{
    return low_screen(ui) ? 8 : MARGIN;
}
#define ICON_ONLY_W 48 /* dp, a bar button that shows its icon alone: a finger's width */

/* What the bar shows: each button's width in dp (0 = not shown) and label. */
struct bar {
    int back_w, home_w, search_w, lang_w, exit_w;
    int urgent_w, talk_w; /* in the bar on a wide screen; 0: in the strip */
    const char *home;     /* "" when Home shows its icon alone */
    const char *search;   /* "" when Search shows its icon alone */
    char language[128];
    char urgent[160];
    const char *talk;
    const char *title; /* NULL when the bar shows none */
    int title_w;
};

static struct ui_text button_text(void)
{
    struct ui_text t = ui_style(UI_TEXT_BUTTON, 1);
    t.middle = 1;
    t.max_lines = 2;
    return t;
}

/* A button of the bar (y = 0) or of the strip (y below the content). */
static int shell_button(struct app *a, const char *id, const char *icon, int flags,
                        const char *label, int style, struct ui_rect r)
{
    ui_next_icon(a->ui, icon, NAV_ICON, flags);
    return ui_button(a->ui, id, label, r, style, button_text());
}

/* A button's rectangle in the bar: never below 44 dp high, a finger. */
static struct ui_rect in_bar(const struct ui *ui, int x, int w)
{
    int bar = bar_height(ui), h = bar - 16;
    return (struct ui_rect){x, (bar - h) / 2, w, h};
}

/* The narrowest a label can be in a bar button: whole, broken between
 * words only, in as many lines (one or two) as the button holds at some
 * size from the buttons' own down to UI_TEXT_SMALL, to which the widget
 * layer shrinks it. (Two lines of Arabic script need more height than two
 * of Latin.) */
static int narrowest_text(struct ui *ui, const char *label)
{
    int height = bar_height(ui) - 16, best = 0;
    for (int size = UI_TEXT_BUTTON; size >= UI_TEXT_SMALL; size--) {
        struct ui_text t = ui_style(size, 1);
        int one = ui_text_width(ui, label, t);
        int line = ui_text_height(ui, label, t, one);
        /* Two lines may fill the button: a centred label may reach into
         * its padding (see ui.c). */
        int w = line > 0 && 2 * line <= height ? two_lines_width(ui, label, t) : one;
        if (!best || w < best)
            best = w;
    }
    return best;
}

/* The width a bar button needs to show `label` whole on one line at the
 * buttons' size, or, when `narrowest`, as narrow as it can be. */
static int button_width(struct app *a, const char *label, int min, int narrowest)
{
    int px, py;
    ui_padding(UI_ROLE_BUTTON, &px, &py);
    struct ui_text t = ui_style(UI_TEXT_BUTTON, 1);
    int text = narrowest ? narrowest_text(a->ui, label) : ui_text_width(a->ui, label, t);
    int w = text + 2 * px + 4 + ui_icon_room(NAV_ICON);
    return w < min ? min : w;
}

/* Takes up to `excess` dp from a button of width *w down to `least`;
 * returns what is still to find. */
static int give_up(int *w, int least, int excess)
{
    int give = *w - least < excess ? *w - least : excess;
    if (give > 0) {
        *w -= give;
        excess -= give;
    }
    return excess;
}

static struct ui_text title_style(void)
{
    struct ui_text t = ui_style(UI_TEXT_TITLE, 1);
    t.middle = 1;
    t.max_lines = 1;
    return t;
}

static int bar_sum(const struct bar *b)
{
    return b->back_w + b->home_w + b->search_w + b->lang_w + b->urgent_w + b->talk_w + b->exit_w;
}

/* Decides what the bar shows. The urgent help and the desk join it where
 * everything fits whole, or on a low screen, where the height of a strip
 * is worth more than a line of words; elsewhere they go to the strip.
 * Where the buttons do not all fit, the language button says one word,
 * then Home shows its icon alone, then the language button, the desk, the
 * urgent help, Back and the quick exit in turn wrap their labels onto two
 * lines (between words), and last every button gives up room in
 * proportion, so that its label shrinks (ui.c) rather than any one of them
 * losing words. A title goes between the buttons when it fits on one line;
 * for it the language button gives up its second word too. */
static void bar_plan(struct app *a, unsigned nav, const char *title, struct bar *b)
{
    struct ui *ui = a->ui;
    int width = ui_width(ui);
    memset(b, 0, sizeof *b);
    /* The language button says "Language" in English too, so someone who
     * cannot read the current language can still find their way out. */
    if (strcmp(a->s.lang, "en") == 0)
        xsnprintf(b->language, sizeof b->language, "%s", _("Language"));
    else
        xsnprintf(b->language, sizeof b->language, "%s \u00b7 Language", _("Language"));
    b->home = _("Home");
    b->search = _("Search");
    char number[64];
    text_isolate_ltr(a->cfg->emergency_number, number, sizeof number);
    xsnprintf(b->urgent, sizeof b->urgent, "%s \u00b7 %s", title_urgent(a, NULL, 0), number);
    /* TRANSLATORS: the button on every screen that opens the screen about
     * the centre's desk. */
    b->talk = _("Talk to a person");

    /* TRANSLATORS: the quick-exit button on every screen: it clears the
     * screen at once and starts again. A calm, neutral word ("Leave"), never
     * "panic" or "escape". */
    b->exit_w = button_width(a, _("Leave"), 96, 0);
    b->back_w = nav & NAV_BACK ? button_width(a, _("Back"), 96, 0) : 0;
    b->home_w = nav & NAV_HOME ? button_width(a, b->home, 96, 0) : 0;
    b->search_w = nav & NAV_SEARCH ? button_width(a, b->search, 96, 0) : 0;
    b->lang_w = nav & NAV_LANGUAGE ? button_width(a, b->language, 100, 0) : 0;
    int urgent_w = button_width(a, b->urgent, 0, 0), talk_w = button_width(a, b->talk, 0, 0);
    int n = 1 + !!b->back_w + !!b->home_w + !!b->search_w + !!b->lang_w;
    int free = width - 2 * bar_margin(ui) - (n - 1) * bar_gap(ui);
    if (nav & NAV_STAFF) {
        b->urgent[0] = '\0'; /* staff need neither: no strip, nothing in the bar */
    } else if (bar_sum(b) + urgent_w + talk_w + 2 * bar_gap(ui) <= free || low_screen(ui)) {
        b->urgent_w = urgent_w;
        b->talk_w = talk_w;
        n += 2;
    }
    int span = width - 2 * bar_margin(ui) - (n - 1) * bar_gap(ui);

    int one_word = button_width(a, _("Language"), 100, 0);
    if (b->lang_w && bar_sum(b) > span) {
        xsnprintf(b->language, sizeof b->language, "%s", _("Language"));
        b->lang_w = one_word;
    }
    if (b->home_w && bar_sum(b) > span) {
        b->home = "";
        b->home_w = ICON_ONLY_W;
    }
    if (b->search_w && bar_sum(b) > span) {
        b->search = "";
        b->search_w = ICON_ONLY_W;
    }
    /* Search is a way in, not a way out: where even its icon would squeeze
     * the others' words, it stays on the needs screen only. */
    if (b->search_w && bar_sum(b) > span) {
        b->search_w = 0;
        span += bar_gap(ui);
    }
    struct {
        int *w;
        const char *label;
    } narrower[] = {{&b->lang_w, b->language},
                    {&b->talk_w, b->talk},
                    {&b->urgent_w, b->urgent},
                    {&b->back_w, _("Back")},
                    {&b->exit_w, _("Leave")}};
    int excess = bar_sum(b) - span;
    for (size_t i = 0; i < ARRAY_LEN(narrower) && excess > 0; i++) {
        if (*narrower[i].w)
            excess = give_up(narrower[i].w, button_width(a, narrower[i].label, 0, 1), excess);
    }
    int total = bar_sum(b);
    if (total > span) {
        for (size_t i = 0; i < ARRAY_LEN(narrower); i++)
            *narrower[i].w = *narrower[i].w * span / total;
        b->home_w = b->home_w * span / total;
        b->search_w = b->search_w * span / total;
    }

    if (!title)
        return;
    int title_w = ui_text_width(ui, title, title_style());
    int room = span - bar_sum(b) - 2 * bar_gap(ui);
    if (title_w > room && b->lang_w > one_word && title_w <= room + b->lang_w - one_word) {
        xsnprintf(b->language, sizeof b->language, "%s", _("Language"));
        b->lang_w = one_word;
        room = span - bar_sum(b) - 2 * bar_gap(ui);
    }
    if (title_w <= room) {
        b->title = title;
        b->title_w = room;
    }
}

/* Goes to `screen` unless the person is there already. */
static void open_screen(struct app *a, int screen)
{
    if (app_here(a)->screen != screen)
        app_go(a, (struct place){.screen = screen});
}

/* The urgent help and the desk: in the bar or in the strip. Returns 1 when
 * one was tapped. */
static int help_buttons(struct app *a, const struct bar *b, struct ui_rect urgent,
                        struct ui_rect talk)
{
    if (shell_button(a, "urgent", "phone", 0, b->urgent, UI_STYLE_URGENT, urgent)) {
        open_screen(a, SCREEN_URGENT);
        return 1;
    }
    if (shell_button(a, "talk", "people", 0, b->talk, UI_STYLE_NAV, talk)) {
        open_screen(a, SCREEN_TALK);
        return 1;
    }
    return 0;
}

/* The quick exit, in the bar's corner at the reading end. Returns 1 when
 * it was tapped. */
static int exit_button(struct app *a, const struct bar *b)
{
    int x = ui_width(a->ui) - bar_margin(a->ui) - b->exit_w;
    if (!shell_button(a, "exit", "exit", 0, _("Leave"), UI_STYLE_EXIT, in_bar(a->ui, x, b->exit_w)))
        return 0;
    app_end(a, SESSION_EXIT);
    return 1;
}

/* Draws the bar and acts on its buttons; returns 1 when one was tapped. */
static int bar_draw(struct app *a, const struct bar *b)
{
    struct ui *ui = a->ui;
    int width = ui_width(ui), bar = bar_height(ui);
    ui_label(ui, "nav:bar", UI_ROLE_PANEL, "", (struct ui_rect){0, 0, width, bar}, UI_STYLE_BAR,
             ui_style(UI_TEXT_BODY, 0));
    int x = bar_margin(ui), acted = 0;
    if (b->back_w) {
        if (shell_button(a, "nav:back", "back", UI_ICON_MIRROR, _("Back"), UI_STYLE_NAV,
                         in_bar(ui, x, b->back_w))) {
            app_back(a);
            acted = 1;
        }
        x += b->back_w + bar_gap(ui);
    }
    if (b->home_w) {
        if (shell_button(a, "nav:home", "home", 0, b->home, UI_STYLE_NAV,
                         in_bar(ui, x, b->home_w))) {
            app_home(a);
            acted = 1;
        }
        x += b->home_w + bar_gap(ui);
    }
    if (b->search_w) {
        if (shell_button(a, "nav:search", "search", 0, b->search, UI_STYLE_NAV,
                         in_bar(ui, x, b->search_w))) {
            open_screen(a, SCREEN_SEARCH);
            acted = 1;
        }
        x += b->search_w + bar_gap(ui);
    }
    /* In reading order: the title, the urgent help and the desk where they
     * are in the bar, the language button, and the quick exit, which keeps
     * the corner at the reading end in every language and on every screen,
     * so a hand finds it without looking. */
    a->title_shown = b->title != NULL;
    if (b->title)
        ui_label(ui, "bar:title", UI_ROLE_HEADING, b->title,
                 (struct ui_rect){x + bar_gap(ui), 0, b->title_w, bar}, UI_STYLE_PLAIN,
                 title_style());
    int right = width - bar_margin(ui) - b->exit_w - (b->lang_w ? b->lang_w + bar_gap(ui) : 0);
    if (b->urgent_w) {
        int ux = right - b->talk_w - b->urgent_w - 2 * bar_gap(ui);
        acted |= help_buttons(a, b, in_bar(ui, ux, b->urgent_w),
                              in_bar(ui, ux + b->urgent_w + bar_gap(ui), b->talk_w));
    }
    if (b->lang_w && shell_button(a, "nav:language", "language", 0, b->language, UI_STYLE_NAV,
                                  in_bar(ui, right, b->lang_w))) {
        app_go(a, (struct place){.screen = SCREEN_LANGUAGE});
        acted = 1;
    }
    if (!app_here(a)->dialog)
        acted |= exit_button(a, b);
    return acted;
}

/* The strip along the bottom, where the bar has no room for the urgent help
 * and the desk: they share the width in proportion to their words, each at
 * least two fifths of it. */
static int strip_height(const struct ui *ui)
{
    return low_screen(ui) ? 52 : 64;
}

static int strip_draw(struct app *a, const struct bar *b, int y)
{
    struct ui *ui = a->ui;
    int width = ui_width(ui), h = strip_height(ui);
    ui_label(ui, "strip", UI_ROLE_PANEL, "", (struct ui_rect){0, y, width, h}, UI_STYLE_BAR,
             ui_style(UI_TEXT_BODY, 0));
    int span = width - 2 * MARGIN - BAR_GAP;
    int uw = ui_text_width(ui, b->urgent, button_text());
    int tw = ui_text_width(ui, b->talk, button_text());
    int w1 = uw + tw > 0 ? span * uw / (uw + tw) : span / 2;
    w1 = w1 < span * 2 / 5 ? span * 2 / 5 : w1 > span * 3 / 5 ? span * 3 / 5 : w1;
    return help_buttons(a, b, (struct ui_rect){MARGIN, y + 6, w1, h - 12},
                        (struct ui_rect){MARGIN + w1 + BAR_GAP, y + 6, span - w1, h - 12});
}

/* --- the sample strip --- */

#define SAMPLE_ICON 18
#define SAMPLE_BAR_H 30 /* the least; two lines where one does not hold the words */

/* The sample strip's words and style: one line where it fits, else two. */
static const char *sample_label(struct ui_text *t)
{
    *t = ui_style_centred(UI_TEXT_SMALL, 1);
    t->middle = 1;
    t->max_lines = 2;
    /* TRANSLATORS: a strip on every screen while the catalogue is made-up sample data. */
    return _("Sample data: these services are made up");
}

static int sample_height(struct app *a)
{
    if (!a->sample)
        return 0;
    struct ui_text t;
    const char *label = sample_label(&t);
    int px, py;
    ui_padding(UI_ROLE_BADGE, &px, &py);
    int h = ui_text_height(a->ui, label, t, ui_width(a->ui) - 2 * px - ui_icon_room(SAMPLE_ICON)) +
            2 * py;
    return h > SAMPLE_BAR_H ? h : SAMPLE_BAR_H;
}

static void sample_draw(struct app *a, int y)
{
    struct ui_text t;
    const char *label = sample_label(&t);
    ui_next_icon(a->ui, "sample", SAMPLE_ICON, 0);
    ui_label(a->ui, "sample", UI_ROLE_BADGE, label,
             (struct ui_rect){0, y, ui_width(a->ui), ui_height(a->ui) - y}, UI_STYLE_SAMPLE, t);
}

int content_bottom(const struct app *a)
{
    return a->area.y + a->area.h;
}

/* --- the modal layer --- */

static void overlay_idle(struct app *a)
{
    struct ui *ui = a->ui;
    int width = ui_width(ui), height = ui_height(ui);
    /* Opaque, over everything: the next person must not see what this one
     * looked at, not even the title in the bar. */
    ui_label(ui, "idle", UI_ROLE_PANEL, "", (struct ui_rect){0, 0, width, height}, UI_STYLE_SCREEN,
             ui_style(UI_TEXT_BODY, 0));
    struct ui_rect col = centred_column(ui, 520);
    struct ui_text head = ui_style_centred(UI_TEXT_DISPLAY, 1);
    struct ui_text body = ui_style_centred(UI_TEXT_TITLE, 0);
    struct ui_text button = ui_style_centred(UI_TEXT_TITLE, 1);
    button.middle = 1;
    button.max_lines = 2;
    const char *ask = _("Are you still there?");
    char left[256];
    xsnprintf(left, sizeof left,
              /* TRANSLATORS: a countdown before the screen clears itself. */
              ngettext("The screen will clear in %d second, so that the next person does not "
                       "see what you looked at.",
                       "The screen will clear in %d seconds, so that the next person does not "
                       "see what you looked at.",
                       a->idle_left),
              a->idle_left);
    int ah = ui_text_height(ui, ask, head, col.w);
    int lh = ui_text_height(ui, left, body, col.w);
    int bh = low_screen(ui) ? 60 : 80;
    int total = ah + 24 + lh + 32 + bh + GAP + bh;
    int y = (height - total) / 2;
    if (y < MARGIN)
        y = MARGIN;
    ui_label(ui, "idle:title", UI_ROLE_HEADING, ask, (struct ui_rect){col.x, y, col.w, ah},
             UI_STYLE_PLAIN, head);
    y += ah + 24;
    ui_label(ui, "idle:countdown", UI_ROLE_TEXT, left, (struct ui_rect){col.x, y, col.w, lh},
             UI_STYLE_MUTED, body);
    y += lh + 32;
    /* Any tap or key keeps the session (the kiosk counts it as activity);
     * these say so, and offer the other way. */
    ui_button(ui, "idle:stay", _("I am still here"), (struct ui_rect){col.x, y, col.w, bh},
              UI_STYLE_PRIMARY, button);
    y += bh + GAP;
    if (ui_button(ui, "idle:leave", _("Clear the screen now"),
                  (struct ui_rect){col.x, y, col.w, bh}, UI_STYLE_SECONDARY, button))
        app_end(a, SESSION_EXIT);
}

/* --- the frame --- */

void shell_build(struct app *a)
{
    struct ui *ui = a->ui;
    /* The idle warning hides everything: the screen under it is not built
     * at all, so nothing of it is drawn, tapped or read out. */
    if (a->overlay == OVERLAY_IDLE) {
        ui_modal(ui);
        overlay_idle(a);
        return;
    }
    const struct screen *sc = &screens[app_here(a)->screen];
    /* Out of order there are no needs to go home to. */
    unsigned nav = a->cat ? sc->nav : sc->nav & ~(unsigned)NAV_HOME;
    char title[256];
    struct bar b;
    bar_plan(a, nav, sc->title ? sc->title(a, title, sizeof title) : NULL, &b);

    int bar = bar_height(ui);
    int in_strip = !b.urgent_w && b.urgent[0];
    int strip = ui_height(ui) - sample_height(a) - (in_strip ? strip_height(ui) : 0);
    a->area = (struct ui_rect){0, bar + MARGIN, ui_width(ui), strip - bar - MARGIN};
    /* In reading order: the bar, the screen, the strips. A button of the
     * shell that moved the person makes the kiosk build the new place next,
     * so the old one is not built for nothing. */
    int acted = bar_draw(a, &b);
    if (!acted)
        sc->draw(a);
    if (in_strip)
        strip_draw(a, &b, strip);
    if (a->sample)
        sample_draw(a, ui_height(ui) - sample_height(a));
    /* A dialog lies over everything but the quick exit, which stays in
     * its corner and in reach. */
    if (!acted && app_here(a)->dialog && sc->dialog) {
        ui_modal(ui);
        sc->dialog(a);
        exit_button(a, &b);
    }
}
