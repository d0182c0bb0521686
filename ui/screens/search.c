/* search.c: the search field, its results and the keyboard under them.
 *
 * What the person types lives in the session (struct typing) and nowhere
 * else: the catalogue is asked again at every frame, the results live for
 * the frame, and nothing of the query is counted (only that search was
 * used), logged or written. Results come grouped by need, each group
 * under the need's name, and a card says why it was found when its name
 * does not.
 *
 * On a tall screen the keyboard lies under the results; on a wide one it
 * stands at the reading end beside them. The person can put it away to
 * see more results, and get it back from the field. */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/utf8.h"

#include <stdlib.h>
#include <string.h>

#define SUB_BYTES 1024
#define FIELD_H 60
#define FIELD_LOW_H 52
#define FIELD_MIN 200    /* dp a field keeps for its words beside the toggle */
#define TOGGLE_ICON_W 52 /* dp, the toggle with its icon alone */
#define KB_MARGIN 4      /* dp beside the keyboard on a tall screen */

const char *title_search(struct app *a, char *buf, size_t size)
{
    (void)a, (void)buf, (void)size;
    /* TRANSLATORS: the title of the search screen. */
    return _("Search");
}

int app_takes_text(const struct app *a)
{
    if (a->overlay != OVERLAY_NONE)
        return 0;
    if (app_here(a)->screen == SCREEN_STAFF_EDIT)
        return staff_takes_text(a);
    return a->cat && app_here(a)->screen == SCREEN_SEARCH;
}

/* The field typing goes to, and its size: the search's query, or the text
 * of the staff's edit. */
static char *field_text(struct app *a, size_t *size)
{
    if (app_here(a)->screen == SCREEN_STAFF_EDIT) {
        *size = sizeof a->staff.draft.text;
        return a->staff.draft.text;
    }
    *size = sizeof a->s.typing.query;
    return a->s.typing.query;
}

/* Appends the printable characters of `in` to `out` (`size` bytes), as far
 * as they fit whole. */
static void append_printable(char *out, size_t size, const char *in)
{
    size_t used = strlen(out);
    const unsigned char *s = (const unsigned char *)in;
    size_t n = strlen(in);
    while (n > 0) {
        uint32_t cp;
        size_t len = utf8_decode(s, n, &cp);
        if (cp == UTF8_INVALID) {
            s++, n--;
            continue;
        }
        int control = cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 || cp == 0x2029;
        if (!control) {
            if (used + len >= size)
                break;
            memcpy(out + used, s, len);
            used += len;
            out[used] = '\0';
        }
        s += len, n -= len;
    }
}

void app_type(struct app *a, const char *utf8)
{
    struct typing *ty = &a->s.typing;
    size_t size;
    char *text = field_text(a, &size);
    append_printable(text, size, utf8);
    ty->composing[0] = '\0';
    ty->consonant = 0;
    app_set_page(a, 0);
}

void app_erase(struct app *a)
{
    struct typing *ty = &a->s.typing;
    if (ty->consonant) {
        ty->consonant = 0;
        return;
    }
    size_t size;
    char *text = field_text(a, &size);
    size_t n = strlen(text);
    while (n > 0 && ((unsigned char)text[n - 1] & 0xc0) == 0x80)
        n--;
    if (n > 0)
        n--;
    text[n] = '\0';
    app_set_page(a, 0);
}

void app_clear_query(struct app *a)
{
    struct typing *ty = &a->s.typing;
    size_t size;
    char *text = field_text(a, &size);
    memset(text, 0, size);
    memset(ty->composing, 0, sizeof ty->composing);
    ty->consonant = 0;
    app_set_page(a, 0);
}

void app_compose(struct app *a, const char *utf8)
{
    struct typing *ty = &a->s.typing;
    ty->composing[0] = '\0';
    append_printable(ty->composing, sizeof ty->composing, utf8);
}

/* 1 when `s` has a letter or a digit to search for: anything at or above
 * U+0080 is taken for one, the folding decides the rest. */
static int has_word(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80 || (*s >= '0' && *s <= '9') ||
            ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'))
            return 1;
    return 0;
}

/* Keeps the end of `text` that fits `width` dp on one line, after an
 * ellipsis, as a text field shows the end where the typing goes. */
static void tail_that_fits(struct app *a, char *text, struct ui_text t, int width)
{
    if (ui_text_width(a->ui, text, t) <= width)
        return;
    char buf[4 * SEARCH_QUERY_MAX];
    size_t lo = 0, hi = strlen(text); /* the tail from hi fits; from lo it does not */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        while (mid < hi && ((unsigned char)text[mid] & 0xc0) == 0x80)
            mid++;
        if (mid == hi)
            break;
        xsnprintf(buf, sizeof buf, "\u2026%s", text + mid);
        if (ui_text_width(a->ui, buf, t) <= width)
            hi = mid;
        else
            lo = mid;
    }
    xsnprintf(buf, sizeof buf, "\u2026%s", text + hi);
    memcpy(text, buf, strlen(buf) + 1);
}

/* The field: what was typed, what is being composed and the consonant
 * waiting for its vowel, then a caret; the words that invite typing while
 * it is empty. A tap brings the keyboard back. */
static const char *placeholder(void)
{
    /* TRANSLATORS: the search field before anything is typed. */
    return _("Type a word in any language");
}

/* Invitation, not input: smaller, on as many lines as the field grows to. */
static struct ui_text placeholder_style(void)
{
    struct ui_text t = ui_style(UI_TEXT_BODY, 0);
    t.middle = 1;
    return t;
}

static int field_empty(const struct typing *ty)
{
    return !ty->query[0] && !ty->composing[0] && !ty->consonant;
}

static void field_show(struct app *a, struct ui_rect r)
{
    struct typing *ty = &a->s.typing;
    char text[3 * SEARCH_QUERY_MAX];
    xsnprintf(text, sizeof text, "%s%s", ty->query, ty->composing);
    if (ty->consonant) {
        size_t n = strlen(text);
        n += utf8_encode(ty->consonant, text + n);
        text[n] = '\0';
    }
    struct ui_text t = ui_style(UI_TEXT_TITLE, 1);
    t.middle = 1;
    t.max_lines = 1;
    if (field_empty(ty)) {
        t = placeholder_style();
        xsnprintf(text, sizeof text, "%s", placeholder());
    } else {
        size_t n = strlen(text);
        xsnprintf(text + n, sizeof text - n, "\u2009|");
        int px, py;
        ui_padding(UI_ROLE_BUTTON, &px, &py);
        tail_that_fits(a, text, t, r.w - 2 * px - ui_icon_room(NAV_ICON));
    }
    ui_next_icon(a->ui, "search", NAV_ICON, 0);
    if (ui_button(a->ui, "search", text, r, UI_STYLE_CARD, t))
        ty->hidden = 0;
}

/* Opens the service of hit `h`, with the need it was found under behind it. */
static void open_hit(struct app *a, const struct search_hit *h)
{
    struct place p = {.screen = SCREEN_SERVICE, .service = h->service.id};
    xsnprintf(p.need, sizeof p.need, "%s", h->need);
    app_go(a, p);
}

#define ROW_GAP 8 /* dp between the lines of the best hits */

static int row_least(const struct ui *ui)
{
    return low_screen(ui) ? 48 : 56;
}

/* How many of the best hits could fit `area` as one line each: what to ask
 * the catalogue for while the keyboard is out. */
static size_t rows_that_fit(const struct ui *ui, struct ui_rect area)
{
    int n = (area.h - MARGIN + ROW_GAP) / (row_least(ui) + ROW_GAP);
    return n > 0 ? (size_t)n : 0;
}

/* While the keyboard is out: the best hits as one line each, as many as
 * fit, and a button that puts the keyboard away to show them all. */
static void suggestions_show(struct app *a, struct ui_rect area, const struct search_results *res,
                             const struct list_view *v, size_t total)
{
    struct ui *ui = a->ui;
    int least = row_least(ui), gap = ROW_GAP, px, py;
    ui_padding(UI_ROLE_BUTTON, &px, &py);
    int bottom = area.y + area.h - MARGIN, all_h = least; /* the button that shows all */
    struct ui_rect r = {area.x + MARGIN, area.y, area.w - 2 * MARGIN, 0};
    size_t shown = 0;
    for (; shown < v->n; shown++, r.y += r.h + gap) {
        const struct search_hit *h = &res->items[v->order[shown]];
        const struct service_summary *s = &h->service;
        const char *name = s->name.text ? s->name.text : s->hsds_id;
        struct ui_text t = content_style(s->name.lang, UI_TEXT_BUTTON, 1);
        t.middle = 1;
        r.h = ui_text_height(ui, name, t, r.w - 2 * px - ui_icon_room(NAV_ICON)) + 2 * py;
        if (r.h < least)
            r.h = least;
        int last = shown + 1 == total;
        if (r.y + r.h + (last ? 0 : gap + all_h) > bottom)
            break;
        char id[UI_ID_MAX];
        xsnprintf(id, sizeof id, "service:%lld", (long long)s->id);
        ui_next_icon(ui, "next", NAV_ICON, UI_ICON_MIRROR | UI_ICON_END);
        if (ui_button(ui, id, name, r, UI_STYLE_CARD, t))
            open_hit(a, h);
    }
    r.h = all_h;
    if (shown < total) {
        char label[128];
        /* TRANSLATORS: under the first search results while the keyboard is
         * shown: puts the keyboard away and shows every result. */
        xsnprintf(label, sizeof label,
                  ngettext("Show the %d place found", "Show all %d places found", (int)total),
                  (int)total);
        struct ui_text t = ui_style_centred(UI_TEXT_BUTTON, 1);
        t.middle = 1;
        t.max_lines = 2;
        if (ui_button(ui, "search:all", label, r, UI_STYLE_PRIMARY, t))
            a->s.typing.hidden = 1;
    }
}

/* The results as cards grouped by need, or what to do when there are none,
 * as blocks in `area`. */
static void results_show(struct app *a, struct ui_rect area, const struct search_results *r,
                         const struct list_view *v)
{
    const struct search_results res = *r;
    struct typing *ty = &a->s.typing;
    /* Nearest first is one order across the needs: no groups then. */
    int grouped = !a->s.prefs.nearest;

    /* The filters over the hits, from the top of the area. */
    struct ui_rect keep = a->area;
    a->area = area;
    int top = filter_bar(a, v, area.y, 0);
    a->area = keep;
    if (top < 0)
        return;

    struct block *blocks = xcalloc(2 * v->n + 4, sizeof *blocks);
    struct need *needs = xcalloc(v->n ? v->n : 1, sizeof *needs);
    char *subs = xcalloc(v->n ? v->n : 1, SUB_BYTES);
    char *tags = xcalloc(v->n ? v->n : 1, CARD_TAGS);
    int *hit_of = xcalloc(2 * v->n + 4, sizeof *hit_of);
    int n = 0;
    char count[128], none[256];
    if (!has_word(ty->query)) {
        blocks[n++] = (struct block){
            .kind = BLOCK_MUTED,
            .id = "search:hint",
            /* TRANSLATORS: under the empty search field. Any language works:
             * the examples may stay in the reader's own language. */
            .text = _("Search in any language, for example: food, rent, doctor, sleep."),
            .lang = ""};
    } else if (res.n == 0) {
        blocks[n++] = (struct block){
            .kind = BLOCK_TEXT,
            .id = "search:none",
            .text = _("Nothing found for these words. Try another word, or choose a topic "
                      "from Home."),
            .lang = ""};
    } else if (v->n > 0 && !low_screen(a->ui)) { /* a low screen keeps the line for a card */
        /* TRANSLATORS: how many services a search found. */
        xsnprintf(count, sizeof count, ngettext("%d place found", "%d places found", (int)v->n),
                  (int)v->n);
        blocks[n++] =
            (struct block){.kind = BLOCK_SECTION, .id = "search:count", .text = count, .lang = ""};
    }
    int drop_at = filter_none_blocks(a, v, blocks + n, none, sizeof none) ? n + 1 : -1;
    for (int k = n; k < n + (drop_at >= 0 ? 2 : 0); k++)
        hit_of[k] = -1;
    n += drop_at >= 0 ? 2 : 0;
    size_t g = 0;
    for (size_t k = 0; k < v->n; k++) {
        size_t i = v->order[k];
        const struct search_hit *h = &res.items[i];
        if (grouped && (k == 0 || strcmp(h->need, res.items[v->order[k - 1]].need) != 0)) {
            struct need *nd = &needs[g++];
            int rc = h->need[0] ? catalog_need_get(a->cat, h->need, nd) : CATALOG_NOT_FOUND;
            if (rc != 0 && rc != CATALOG_NOT_FOUND)
                app_fail(a);
            struct block *b = &blocks[n];
            *b = (struct block){.kind = BLOCK_SECTION,
                                .text = nd->name.text ? nd->name.text : _("Other services"),
                                .lang = nd->name.text ? nd->name.lang : "",
                                .icon = nd->name.text ? nd->code : NULL};
            xsnprintf(b->id, sizeof b->id, "search:group:%s", h->need[0] ? h->need : "other");
            hit_of[n++] = -1;
        }
        char *sub = subs + k * SUB_BYTES;
        size_t used = 0;
        sub[0] = '\0';
        if (h->why.text) {
            /* TRANSLATORS: under a search result whose name does not hold the
             * words typed: the text that matched, e.g. a keyword. */
            xappend(sub, SUB_BYTES, &used, _("Found by: %s"), h->why.text);
        }
        blocks[n] =
            service_card(a, &h->service, FACET_FREE | FACET_WALK_IN, sub, tags + k * CARD_TAGS);
        blocks[n].sub_lines = 2;
        hit_of[n++] = (int)i;
    }

    a->area = (struct ui_rect){area.x, top, area.w, area.y + area.h - top};
    int tapped = blocks_show_as(a, blocks, n, top,
                                (struct blocks_how){.more = _("More places"), .one_column = 1});
    a->area = keep;
    if (tapped >= 0 && tapped == drop_at)
        filter_none_tapped(a, v);
    else if (tapped >= 0 && hit_of[tapped] >= 0)
        open_hit(a, &res.items[hit_of[tapped]]);
    for (size_t i = 0; i < g; i++)
        catalog_need_free(&needs[i]);
    free(hit_of);
    free(tags);
    free(subs);
    free(needs);
    free(blocks);
}

/* The button at the field's end that puts the keyboard away or brings it
 * back. */
static struct ui_text toggle_style(void)
{
    struct ui_text t = ui_style_centred(UI_TEXT_BODY, 1);
    t.middle = 1;
    t.max_lines = 2;
    return t;
}

static const char *toggle_label(const struct app *a)
{
    /* TRANSLATORS: a button beside the search field that hides or shows the
     * on-screen keyboard. */
    return a->s.typing.hidden ? _("Keyboard") : _("Hide keyboard");
}

/* The toggle's width in a row `room` dp wide, the field beside it: its
 * words on one line where that takes no more than a third of the row, else
 * on two (the field grows to hold them), no narrower than a finger; its
 * icon alone (TOGGLE_ICON_W) where the field would keep too little room
 * for words. */
static int toggle_width(struct app *a, int room)
{
    int px, py;
    ui_padding(UI_ROLE_BUTTON, &px, &py);
    int pad = 2 * px + 4 + ui_icon_room(NAV_ICON);
    struct ui_text t = toggle_style();
    t.max_lines = 0; /* measured as it would wrap */
    int w = ui_text_width(a->ui, toggle_label(a), t) + pad;
    if (w > room / 3)
        w = two_lines_width(a->ui, toggle_label(a), t) + pad;
    w = w < 100 ? 100 : w;
    return room - w - GAP < FIELD_MIN ? TOGGLE_ICON_W : w;
}

static void keyboard_toggle(struct app *a, struct ui_rect r)
{
    ui_next_icon(a->ui, "keyboard", NAV_ICON, 0);
    if (ui_button(a->ui, "search:keyboard", r.w == TOGGLE_ICON_W ? "" : toggle_label(a), r,
                  UI_STYLE_SECONDARY, toggle_style()))
        a->s.typing.hidden = !a->s.typing.hidden;
}

void screen_search(struct app *a)
{
    struct ui *ui = a->ui;
    struct typing *ty = &a->s.typing;
    int width = ui_width(ui), top = a->area.y, bottom = content_bottom(a);
    int fh = low_screen(ui) ? FIELD_LOW_H : FIELD_H;
    int wide = width > ui_height(ui);

    /* A wide screen: the keyboard at the reading end, the field and the
     * results beside it. A tall one: the keyboard under the results. */
    struct ui_rect kb = {0}, col = {0, top, width, bottom - top};
    if (!ty->hidden) {
        /* Ten keys of at least 44 dp take all of a 480 dp wide screen. */
        int kw = width - 2 * (wide ? MARGIN : KB_MARGIN);
        if (wide) {
            kw = kw * 11 / 20;
            if (kw > keyboard_max_width())
                kw = keyboard_max_width();
            if (kw < keyboard_min_width())
                kw = keyboard_min_width();
        }
        int kh = keyboard_height(a);
        if (wide) {
            kb = (struct ui_rect){width - MARGIN - kw, top, kw, kh};
            col.w = kb.x - GAP + MARGIN;
        } else {
            kb = (struct ui_rect){KB_MARGIN, bottom - MARGIN - kh, kw, kh};
            col.h = kb.y - GAP - top + MARGIN;
        }
    }
    int tw = toggle_width(a, col.w - 2 * MARGIN), px, py;
    /* The field grows where the toggle's or the invitation's words take two
     * lines. */
    ui_padding(UI_ROLE_BUTTON, &px, &py);
    int th = tw == TOGGLE_ICON_W ? 0
                                 : ui_text_height(ui, toggle_label(a), toggle_style(),
                                                  tw - 2 * px - ui_icon_room(NAV_ICON)) +
                                       2 * py;
    if (th > fh)
        fh = th;
    struct ui_rect field = {MARGIN, top, col.w - 2 * MARGIN - tw - GAP, fh};
    if (field_empty(ty)) {
        th = ui_text_height(ui, placeholder(), placeholder_style(),
                            field.w - 2 * px - ui_icon_room(NAV_ICON)) +
             2 * py;
        field.h = fh = th > fh ? th : fh;
    }
    field_show(a, field);
    keyboard_toggle(a, (struct ui_rect){field.x + field.w + GAP, top, tw, fh});

    struct ui_rect rest = {col.x, top + fh + GAP, col.w, col.y + col.h - top - fh - GAP};
    /* While typing, only the hits the lines can show are loaded: each costs
     * time at every key. Filters need every hit, to say how many they
     * leave. */
    struct search_results res = {0};
    int filtered = a->s.prefs.filters || a->s.prefs.nearest;
    size_t want = ty->hidden || filtered ? SEARCH_MAX_HITS : rows_that_fit(ui, rest);
    if (has_word(ty->query) && catalog_search(a->cat, ty->query, want, &res) != 0)
        app_fail(a);
    struct list_view v;
    list_view_make(a, res.n ? &res.items[0].service : NULL, res.n, sizeof *res.items, &v);
    size_t total = filtered ? v.n : res.total;
    if (!ty->hidden && total > 0)
        suggestions_show(a, rest, &res, &v, total);
    else
        results_show(a, rest, &res, &v);
    list_view_free(&v);
    catalog_search_free(&res);
    if (!ty->hidden)
        keyboard_show(a, kb);
}
