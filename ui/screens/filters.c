/* filters.c: the filter bar over a list of services, the list as the
 * filters leave it, and how far each service is on foot.
 *
 * Which services pass which filter, and the counts, come from filter.h;
 * distances and the nearest-first order from near.h. Here they become
 * chips: each says what it keeps and how many places would be left with
 * it on, and shows a check while it is on, so the state never rests on
 * colour alone. A list's first job is to show places, so until asked for
 * more the bar holds "Filters" (saying how many are on), "Nearest first",
 * and the filters that are on, to be turned off in one tap: one row while
 * none is. Shown, every filter's chip flows from the reading edge onto as
 * many rows as the language needs at that width, nothing cut or paged; a
 * chip keeps the room for its check, so turning one on never moves the
 * others.
 *
 * The filters are the session's (struct list_prefs): they stay on from one
 * list to the next and end with the session.
 */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/near.h"

#include <stdlib.h>
#include <string.h>

#define CHIP_H 44  /* dp: a finger */
#define CHIP_GAP 8 /* dp between chips */
#define CHIP_ICON 18
/* dp: small enough for several chips to a row, and never below 16 px on an
 * 800x480 panel, where a dp is a pixel. */
#define CHIP_TEXT 16
/* dp the list needs under the bar on its first page: the title, a line of
 * introduction, the count, a card and the page buttons. */
#define LIST_ROOM 400
/* One chip for each filter, one for the order, one to show them. */
#define MAX_CHIPS (N_FILTERS + 2)

/* What each chip says, in filter.h's order. */
static const char *const filter_words[N_FILTERS] = {
    [FILTER_OPEN_NOW] = N_("Open now"),
    [FILTER_FREE] = N_("Free"),
    [FILTER_WALK_IN] = N_("Walk in"),
    [FILTER_NO_REFERRAL] = N_("No referral needed"),
    [FILTER_LANGUAGE] = N_("Speaks my language"),
    [FILTER_NO_ID] = N_("No ID needed"),
    [FILTER_ANONYMOUS] = N_("Anonymous"),
    [FILTER_ACCESSIBLE] = N_("Step-free access"),
};

static struct fd_latlon kiosk_place(const struct app *a)
{
    return (struct fd_latlon){a->cfg->latitude, a->cfg->longitude};
}

void list_view_make(struct app *a, const void *items, size_t n, size_t stride, struct list_view *v)
{
    const char *base = items;
    struct fd_tm now = clock_local(clock_now_ms());
    unsigned mask = a->s.prefs.filters;
    memset(v, 0, sizeof *v);
    v->total = n;
    v->passes = xcalloc(n ? n : 1, sizeof *v->passes);
    v->order = xcalloc(n ? n : 1, sizeof *v->order);
    for (size_t i = 0; i < n; i++) {
        const struct service_summary *s = (const void *)(base + i * stride);
        v->located += a->cfg->has_location && s->n_places > 0;
        v->passes[i] = filter_passes(s, a->s.lang, now);
        if (filter_keeps(v->passes[i], mask))
            v->order[v->n++] = i;
    }
    filter_count(v->passes, n, mask, &v->counts);
    if (n)
        a->shows_time = 1;
    if (!a->s.prefs.nearest || !v->located || v->n < 2)
        return;
    struct near_item *near = xcalloc(v->n, sizeof *near);
    for (size_t k = 0; k < v->n; k++) {
        const struct service_summary *s = (const void *)(base + v->order[k] * stride);
        near[k] =
            (struct near_item){v->order[k], near_rank(s), near_walk_metres(s, kiosk_place(a))};
    }
    near_sort(near, v->n);
    for (size_t k = 0; k < v->n; k++)
        v->order[k] = near[k].index;
    free(near);
}

void list_view_free(struct list_view *v)
{
    free(v->order);
    free(v->passes);
    memset(v, 0, sizeof *v);
}

/* --- the bar --- */

/* What a chip does, when it turns no filter on or off. */
enum { CHIP_SHOW = -1, CHIP_NEAREST = -2 };

struct chip {
    char id[UI_ID_MAX];
    char label[160];
    int on;           /* shows a check */
    int does;         /* the filter it turns on or off, or CHIP_* */
    int least;        /* dp: at least this wide */
    struct ui_rect r; /* dp, from the bar's top left */
};

static struct ui_text chip_text(void)
{
    struct ui_text t = ui_style_centred(CHIP_TEXT, 1);
    t.middle = 1;
    t.max_lines = 1;
    return t;
}

/* The width of a chip that says `label`, with room for its check. */
static int chip_width(struct app *a, const char *label)
{
    int px, py;
    ui_padding(UI_ROLE_BUTTON, &px, &py);
    return ui_text_width(a->ui, label, chip_text()) + 2 * px + ui_icon_room(CHIP_ICON) + 2;
}

/* Lays the chips out in rows `width` wide, from the reading edge, the
 * first row from `lead` dp on. Each keeps room for its check, so turning
 * one on moves nothing. */
static void flow_chips(struct app *a, struct chip *c, int n, int width, int lead)
{
    int row = 0, x = lead;
    for (int i = 0; i < n; i++) {
        int w = chip_width(a, c[i].label);
        w = w > c[i].least ? w : c[i].least;
        w = w < width ? w : width;
        if (x > 0 && x + w > width) {
            x = 0;
            row++;
        }
        c[i].r = (struct ui_rect){x, row * (CHIP_H + CHIP_GAP), w, CHIP_H};
        x += w + CHIP_GAP;
    }
}

/* Turns filter `f` on or off: back to the list's first page, and a filter
 * turned on counts as the feature used. */
static void toggle(struct app *a, int f)
{
    a->s.prefs.filters ^= FILTER_BIT(f);
    if (a->s.prefs.filters & FILTER_BIT(f))
        a->s.tally.used[M_FEATURE_FILTER] = 1;
    app_set_page(a, 0);
}

int filter_bar(struct app *a, const struct list_view *v, int top, int lead)
{
    if (v->total == 0)
        return top;
    struct list_prefs *p = &a->s.prefs;
    struct chip c[MAX_CHIPS];
    int n = 0, on = 0;
    for (int f = 0; f < N_FILTERS; f++)
        on += (p->filters & FILTER_BIT(f)) != 0;

    /* First, always in the same place: the chip that shows or hides the
     * filters, saying how many are on; as wide as its widest words, so
     * that the chips after it stay put. */
    char show[160], widest[160];
    /* TRANSLATORS: closes the filters to show the list they leave. */
    xsnprintf(show, sizeof show, ngettext("Show %d place", "Show %d places", v->n), (int)v->n);
    xsnprintf(widest, sizeof widest, ngettext("Filters, %d on", "Filters, %d on", 8), 8);
    const char *words[] = {show, widest, _("Hide filters")};
    int least = 0;
    for (size_t i = 0; i < ARRAY_LEN(words); i++) {
        int w = chip_width(a, words[i]);
        least = w > least ? w : least;
    }
    /* Beside a title, the bar is one row that changes as a whole. */
    c[n] = (struct chip){.id = "filter:more", .does = CHIP_SHOW, .least = lead ? 0 : least};
    if (p->bar_open)
        xsnprintf(c[n].label, sizeof c[n].label, "%s", _("Hide filters"));
    else if (on)
        /* TRANSLATORS: a button that shows the filters; %d of them are turned on. */
        xsnprintf(c[n].label, sizeof c[n].label, ngettext("Filters, %d on", "Filters, %d on", on),
                  on);
    else
        xsnprintf(c[n].label, sizeof c[n].label, "%s", _("Filters"));
    n++;
    /* The order: not a filter, and offered only where some service of the
     * list is on the map, since elsewhere it would change nothing. */
    if (v->located > 0) {
        c[n] = (struct chip){.id = "sort:nearest", .does = CHIP_NEAREST, .on = p->nearest};
        xsnprintf(c[n].label, sizeof c[n].label, "%s", _("Nearest first"));
        n++;
    }
    /* Shown, every filter with what it would leave; hidden, those that
     * are on, to be turned off in one tap. */
    for (int f = 0; f < N_FILTERS; f++) {
        int is_on = (p->filters & FILTER_BIT(f)) != 0;
        if (!p->bar_open && !is_on)
            continue;
        c[n] = (struct chip){.on = is_on, .does = f};
        xsnprintf(c[n].id, sizeof c[n].id, "filter:%s", filter_slug(f));
        /* TRANSLATORS: a filter, and how many places are left with it on: "Free (6)". */
        xsnprintf(c[n].label, sizeof c[n].label, _("%s (%d)"), _(filter_words[f]),
                  (int)v->counts.with[f]);
        n++;
    }
    int x0 = a->area.x + MARGIN, width = a->area.w - 2 * MARGIN;
    flow_chips(a, c, n, width, lead);
    int height = c[n - 1].r.y + CHIP_H;
    /* Shown on a low screen, or in a long language, the chips may leave
     * too little room for a card: then they take the list's place until
     * "Show 4 places" closes them. */
    int panel = p->bar_open && content_bottom(a) - (top + height + GAP) < LIST_ROOM;
    if (panel)
        xsnprintf(c[0].label, sizeof c[0].label, "%s", show);
    for (int i = 0; i < n; i++) {
        struct ui_rect r = {x0 + c[i].r.x, top + c[i].r.y, c[i].r.w, c[i].r.h};
        if (c[i].on)
            ui_next_icon(a->ui, "yes", CHIP_ICON, 0);
        int style = c[i].on || (i == 0 && panel) ? UI_STYLE_PRIMARY : UI_STYLE_SECONDARY;
        if (!ui_button(a->ui, c[i].id, c[i].label, r, style, chip_text()))
            continue;
        if (c[i].does >= 0) {
            toggle(a, c[i].does);
        } else if (c[i].does == CHIP_SHOW) {
            p->bar_open = !p->bar_open;
        } else {
            p->nearest = !p->nearest;
            app_set_page(a, 0);
        }
    }
    return panel ? -1 : top + height + GAP;
}

int filter_bar_row(struct app *a, const struct list_view *v)
{
    const struct list_prefs *p = &a->s.prefs;
    if (v->total == 0 || p->bar_open)
        return 0;
    int w = chip_width(a, _("Filters"));
    if (v->located > 0)
        w += CHIP_GAP + chip_width(a, _("Nearest first"));
    for (int f = 0; f < N_FILTERS; f++)
        if (p->filters & FILTER_BIT(f))
            return 0;
    return w;
}

/* --- when nothing is left --- */

int filter_none_blocks(struct app *a, const struct list_view *v, struct block *b, char *buf,
                       size_t size)
{
    unsigned mask = a->s.prefs.filters;
    if (v->n > 0 || v->total == 0 || !mask)
        return 0;
    b[0] = (struct block){.kind = BLOCK_TEXT,
                          .id = "filter:none",
                          .text = _("No place here matches every filter you chose."),
                          .lang = ""};
    int f = filter_to_drop(&v->counts, mask);
    b[1] = (struct block){.kind = BLOCK_CARD, .text = buf, .lang = "", .style = UI_STYLE_BADGE};
    if (f >= 0) {
        int left = (int)v->counts.without[f];
        xsnprintf(b[1].id, sizeof b[1].id, "filter:drop");
        /* TRANSLATORS: %s is a filter, such as "Open now"; %d the places left without it. */
        xsnprintf(buf, size, ngettext("Without “%s”: %d place", "Without “%s”: %d places", left),
                  _(filter_words[f]), left);
    } else {
        int left = (int)v->total;
        xsnprintf(b[1].id, sizeof b[1].id, "filter:clear");
        xsnprintf(buf, size,
                  ngettext("Without any filter: %d place", "Without any filter: %d places", left),
                  left);
    }
    return 2;
}

void filter_none_tapped(struct app *a, const struct list_view *v)
{
    int f = filter_to_drop(&v->counts, a->s.prefs.filters);
    if (f >= 0)
        a->s.prefs.filters &= ~FILTER_BIT(f);
    else
        a->s.prefs.filters = 0;
    app_set_page(a, 0);
}

/* --- distances --- */

const char *distance_text(const struct app *a, const struct service_summary *s, char *buf,
                          size_t size)
{
    buf[0] = '\0';
    if (!a->cfg->has_location)
        return buf;
    double walk = near_walk_metres(s, kiosk_place(a));
    if (walk < 0)
        return buf;
    char d[64];
    int m = near_rounded_metres(walk);
    if (m < 1000)
        /* TRANSLATORS: a distance in metres, such as "350 m". */
        xsnprintf(d, sizeof d, _("%d m"), m);
    else if (m < 10000 && m % 1000)
        /* TRANSLATORS: a distance such as "1.2 km": whole kilometres, then tenths; write
           your language's decimal sign between them. */
        xsnprintf(d, sizeof d, _("%d.%d km"), m / 1000, m % 1000 / 100);
    else
        /* TRANSLATORS: a distance in whole kilometres, such as "12 km". */
        xsnprintf(d, sizeof d, _("%d km"), m / 1000);
    int minutes = near_walk_minutes(walk);
    /* Beyond an hour on foot the time helps nobody: the distance says it. */
    if (minutes > 60)
        xsnprintf(buf, size, "%s", d);
    else
        /* TRANSLATORS: a distance, then the minutes it takes on foot: "1.2 km, 16 min walk". */
        xsnprintf(buf, size, ngettext("%s, %d min walk", "%s, %d min walk", minutes), d, minutes);
    return buf;
}
