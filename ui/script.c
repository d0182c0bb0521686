/* script.c: the headless script interpreter.
 *
 * Commands are rows of a table. Input commands push real SDL events (finger,
 * key, text) and then pump the kiosk, so a script exercises exactly the path
 * a finger on the screen takes. Time moves only when a script says so; the
 * kiosk never sleeps in headless mode.
 */
#include "frontdoor/script.h"

#include "frontdoor/clock.h"
#include "frontdoor/kiosk.h"
#include "frontdoor/mem.h"
#include "frontdoor/text.h"
#include "frontdoor/ui.h"

#include <SDL.h>
#include <errno.h>
#include <stdarg.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LINE_MAX_BYTES 4096

struct ctx {
    struct kiosk *k;
    const char *dir;
    char msg[1024];
};

typedef int (*command_fn)(struct ctx *c, const char *arg);

static int fail(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->msg, sizeof c->msg, fmt, ap);
    va_end(ap);
    return -1;
}

static const struct ui_widget *find(struct ctx *c, const char *id)
{
    return ui_find(kiosk_ui(c->k), id);
}

/* Queues one event and lets the kiosk handle it, as its loop would. */
static int push(struct ctx *c, SDL_Event *e)
{
    if (SDL_PushEvent(e) < 0)
        return fail(c, "cannot queue an event: %s", SDL_GetError());
    kiosk_pump(c->k);
    return 0;
}

static int cmd_lang(struct ctx *c, const char *arg)
{
    if (kiosk_set_language(c->k, arg) != 0)
        return fail(c, "unknown language \"%s\"", arg);
    return 0;
}

/* A finger down and up at screen pixel (x, y): where the widget layer
 * sees it depends on how the screen is turned. */
static int tap_at(struct ctx *c, int x, int y)
{
    int ww, wh;
    kiosk_size(c->k, &ww, &wh);
    SDL_Event e = {0};
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = 1;
    e.tfinger.x = (x + 0.5f) / (float)ww;
    e.tfinger.y = (y + 0.5f) / (float)wh;
    e.tfinger.pressure = 1.0f;
    e.type = SDL_FINGERDOWN;
    if (push(c, &e) != 0)
        return -1;
    e.type = SDL_FINGERUP;
    return push(c, &e);
}

static int cmd_tap(struct ctx *c, const char *id)
{
    const struct ui_widget *w = find(c, id);
    if (!w)
        return fail(c, "no widget \"%s\" on screen", id);
    if (!w->interactive)
        return fail(c, "widget \"%s\" cannot be tapped (%s)", id, ui_role_name(w->role));
    int x = w->r.x + w->r.w / 2, y = w->r.y + w->r.h / 2;
    const struct ui_widget *top = ui_hit(kiosk_ui(c->k), x, y);
    if (top != w)
        return fail(c, "widget \"%s\" is covered by \"%s\"", id, top ? top->id : "nothing");
    kiosk_to_screen(c->k, &x, &y);
    return tap_at(c, x, y);
}

/* "tap-under ID": a finger on the middle of a widget whatever covers it,
 * as a person would press where they saw it. */
static int cmd_tap_under(struct ctx *c, const char *id)
{
    const struct ui_widget *w = find(c, id);
    if (!w)
        return fail(c, "no widget \"%s\" on screen", id);
    int x = w->r.x + w->r.w / 2, y = w->r.y + w->r.h / 2;
    kiosk_to_screen(c->k, &x, &y);
    return tap_at(c, x, y);
}

/* "tap-at X Y": a finger at a screen pixel, whatever is shown there. */
static int cmd_tap_at(struct ctx *c, const char *arg)
{
    int x, y, used = 0, ww, wh;
    kiosk_size(c->k, &ww, &wh);
    if (sscanf(arg, "%d %d%n", &x, &y, &used) != 2 || arg[used] || x < 0 || y < 0 || x >= ww ||
        y >= wh)
        return fail(c, "tap-at: expected X Y inside the %dx%d window, got \"%s\"", ww, wh, arg);
    return tap_at(c, x, y);
}

/* "close-window": what a window manager sends when asked to close the
 * window (Alt+F4, a close button). */
static int cmd_close_window(struct ctx *c, const char *arg)
{
    (void)arg;
    SDL_Event e = {0};
    e.type = SDL_QUIT;
    return push(c, &e);
}

/* "expect-running" / "expect-ended": whether the kiosk has ended (staff
 * stopped it for the console, or its window was closed). */
static int cmd_expect_running(struct ctx *c, const char *arg)
{
    (void)arg;
    return kiosk_ended(c->k) ? fail(c, "the kiosk has ended") : 0;
}

static int cmd_expect_ended(struct ctx *c, const char *arg)
{
    (void)arg;
    return kiosk_ended(c->k) ? 0 : fail(c, "the kiosk is still running");
}

/* "expect-covered ID": the widget is in the frame but a tap on it reaches
 * something else or nothing (it lies under the modal layer). */
static int cmd_expect_covered(struct ctx *c, const char *id)
{
    const struct ui_widget *w = find(c, id);
    if (!w)
        return fail(c, "no widget \"%s\" on screen", id);
    if (ui_hit(kiosk_ui(c->k), w->r.x + w->r.w / 2, w->r.y + w->r.h / 2) == w)
        return fail(c, "widget \"%s\" can be tapped", id);
    return 0;
}

static int cmd_type(struct ctx *c, const char *text)
{
    /* SDL text events carry at most 31 bytes: cut at character boundaries. */
    size_t len = strlen(text), i = 0;
    while (i < len) {
        size_t n = len - i;
        if (n > SDL_TEXTINPUTEVENT_TEXT_SIZE - 1) {
            n = SDL_TEXTINPUTEVENT_TEXT_SIZE - 1;
            while (n > 0 && ((unsigned char)text[i + n] & 0xC0) == 0x80)
                n--;
        }
        SDL_Event e = {0};
        e.type = SDL_TEXTINPUT;
        memcpy(e.text.text, text + i, n);
        if (push(c, &e) != 0)
            return -1;
        i += n;
    }
    return 0;
}

static int cmd_key(struct ctx *c, const char *name)
{
    int key;
    unsigned mods;
    if (kiosk_key_combo(name, &key, &mods) != 0)
        return fail(c, "unknown key \"%s\"", name);
    SDL_Event e = {0};
    e.key.keysym.sym = key;
    e.key.keysym.mod = (Uint16)mods;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(key);
    e.key.state = SDL_PRESSED;
    e.type = SDL_KEYDOWN;
    if (push(c, &e) != 0)
        return -1;
    e.key.state = SDL_RELEASED;
    e.type = SDL_KEYUP;
    return push(c, &e);
}

/* The widget the keyboard focus is on, or NULL. */
static const struct ui_widget *focused(struct ctx *c)
{
    size_t n;
    const struct ui_widget *w = ui_widgets(kiosk_ui(c->k), &n);
    for (size_t i = 0; i < n; i++) {
        if (w[i].focused)
            return &w[i];
    }
    return NULL;
}

static int cmd_expect_focus(struct ctx *c, const char *id)
{
    const struct ui_widget *f = focused(c);
    if (!f || strcmp(f->id, id) != 0)
        return fail(c, "the focus is on \"%s\", not \"%s\"", f ? f->id : "nothing", id);
    return 0;
}

/* "key-to KEY ID": presses KEY, as a keyboard or keypad would, until the
 * focus is on the widget ID; fails after as many presses as there are
 * widgets twice over. */
static int cmd_key_to(struct ctx *c, const char *arg)
{
    char key[64];
    const char *id = strchr(arg, ' ');
    if (!id || (size_t)(id - arg) >= sizeof key || !id[1])
        return fail(c, "key-to: expected KEY ID, got \"%s\"", arg);
    xsnprintf(key, sizeof key, "%.*s", (int)(id - arg), arg);
    id++;
    size_t n;
    ui_widgets(kiosk_ui(c->k), &n);
    for (size_t i = 0; i <= 2 * n; i++) {
        const struct ui_widget *f = focused(c);
        if (f && strcmp(f->id, id) == 0)
            return 0;
        if (cmd_key(c, key) != 0)
            return -1;
    }
    return fail(c, "key-to: %s never brought the focus to \"%s\"", key, id);
}

static int cmd_wait(struct ctx *c, const char *arg)
{
    char *end;
    errno = 0;
    double s = strtod(arg, &end);
    if (errno || end == arg || *end || !(s >= 0 && s <= 86400.0 * 366))
        return fail(c, "wait: expected seconds (0 to a year), got \"%s\"", arg);
    /* Advance in steps of at most a second so timers fire in order. */
    int64_t left = (int64_t)(s * 1000 + 0.5);
    while (left > 0) {
        int64_t step = left > 1000 ? 1000 : left;
        clock_advance_ms(step);
        left -= step;
        kiosk_pump(c->k);
    }
    kiosk_pump(c->k);
    return 0;
}

static int cmd_clock(struct ctx *c, const char *arg)
{
    int64_t ms;
    if (clock_parse_local(arg, &ms) != 0)
        return fail(c, "clock: expected YYYY-MM-DDTHH:MM, got \"%s\"", arg);
    clock_set_ms(ms);
    kiosk_pump(c->k);
    return 0;
}

/* "clock-trusted yes|no": whether the system would call the clock
 * synchronised (a board without a real-time clock boots with "no"). */
static int cmd_clock_trusted(struct ctx *c, const char *arg)
{
    if (strcmp(arg, "yes") != 0 && strcmp(arg, "no") != 0)
        return fail(c, "clock-trusted: expected yes or no, got \"%s\"", arg);
    clock_set_trusted(strcmp(arg, "yes") == 0);
    kiosk_pump(c->k);
    return 0;
}

static int cmd_expect(struct ctx *c, const char *id)
{
    return find(c, id) ? 0 : fail(c, "expected widget \"%s\" on screen", id);
}

static int cmd_expect_not(struct ctx *c, const char *id)
{
    return find(c, id) ? fail(c, "widget \"%s\" is on screen", id) : 0;
}

static int cmd_expect_text(struct ctx *c, const char *text)
{
    size_t n;
    const struct ui_widget *w = ui_widgets(kiosk_ui(c->k), &n);
    for (size_t i = 0; i < n; i++) {
        if (strstr(w[i].label, text))
            return 0;
    }
    return fail(c, "no widget shows \"%s\"", text);
}

static int cmd_expect_not_text(struct ctx *c, const char *text)
{
    size_t n;
    const struct ui_widget *w = ui_widgets(kiosk_ui(c->k), &n);
    for (size_t i = 0; i < n; i++) {
        if (strstr(w[i].label, text))
            return fail(c, "widget \"%s\" shows \"%s\"", w[i].id, text);
    }
    return 0;
}

/* "expect-forgotten TEXT": no widget shows TEXT and the text engine keeps
 * no paragraph or word containing it: nothing of a session is left. */
static int cmd_expect_forgotten(struct ctx *c, const char *text)
{
    if (cmd_expect_not_text(c, text) != 0)
        return -1;
    if (text_cache_holds(kiosk_text(c->k), text))
        return fail(c, "the text cache still holds \"%s\"", text);
    return 0;
}

static int cmd_expect_left_of(struct ctx *c, const char *arg)
{
    char a[UI_ID_MAX], b[UI_ID_MAX];
    const char *space = strchr(arg, ' ');
    if (!space || (size_t)(space - arg) >= sizeof a || strlen(space + 1) >= sizeof b)
        return fail(c, "expect-left-of: expected two widget ids");
    xsnprintf(a, sizeof a, "%.*s", (int)(space - arg), arg);
    xsnprintf(b, sizeof b, "%s", space + 1);
    const struct ui_widget *wa = find(c, a), *wb = find(c, b);
    if (!wa || !wb)
        return fail(c, "no widget \"%s\" on screen", wa ? b : a);
    if (2 * wa->r.x + wa->r.w >= 2 * wb->r.x + wb->r.w)
        return fail(c, "\"%s\" (x=%d) is not left of \"%s\" (x=%d)", a, wa->r.x, b, wb->r.x);
    return 0;
}

/* Creates `dir` and its missing parents, like mkdir -p. */
static int make_dirs(const char *dir)
{
    char path[4096];
    if (xsnprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char was = *p;
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = was;
        if (!was)
            return 0;
    }
}

/* Every widget, and every label's box, lies inside the picture. */
static int cmd_expect_on_screen(struct ctx *c, const char *arg)
{
    (void)arg;
    int ww, wh;
    kiosk_picture_size(c->k, &ww, &wh);
    size_t n;
    const struct ui_widget *w = ui_widgets(kiosk_ui(c->k), &n);
    for (size_t i = 0; i < n; i++) {
        const struct ui_rect *r[2] = {&w[i].r, &w[i].tr};
        for (int k = 0; k < (w[i].label[0] ? 2 : 1); k++) {
            if (r[k]->x < 0 || r[k]->y < 0 || r[k]->x + r[k]->w > ww || r[k]->y + r[k]->h > wh)
                return fail(c, "%s of \"%s\" (%d,%d %dx%d) is outside the %dx%d window",
                            k ? "the label" : "the widget", w[i].id, r[k]->x, r[k]->y, r[k]->w,
                            r[k]->h, ww, wh);
        }
    }
    return 0;
}

static int inside(const struct ui_rect *in, const struct ui_rect *out)
{
    return in->x >= out->x && in->y >= out->y && in->x + in->w <= out->x + out->w &&
           in->y + in->h <= out->y + out->h;
}

static int overlap(const struct ui_rect *a, const struct ui_rect *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* "expect-tidy [cut-ok]": everything on screen, every label and icon inside
 * its widget, no two tappable widgets of one layer overlapping, and no
 * label cut short
 * (unless "cut-ok": the pseudo-locale's labels are longer than any). */
static int cmd_expect_tidy(struct ctx *c, const char *arg)
{
    if (*arg && strcmp(arg, "cut-ok") != 0)
        return fail(c, "expect-tidy: expected nothing or \"cut-ok\", got \"%s\"", arg);
    if (cmd_expect_on_screen(c, arg) != 0)
        return -1;
    size_t n;
    const struct ui_widget *w = ui_widgets(kiosk_ui(c->k), &n);
    for (size_t i = 0; i < n; i++) {
        if (w[i].label[0] && w[i].fit == UI_FIT_CUT && !*arg)
            return fail(c, "the label of \"%s\" is cut: \"%s\"", w[i].id, w[i].label);
        if (w[i].label[0] && !inside(&w[i].tr, &w[i].r))
            return fail(c, "the label of \"%s\" (%d,%d %dx%d) sticks out of it (%d,%d %dx%d)",
                        w[i].id, w[i].tr.x, w[i].tr.y, w[i].tr.w, w[i].tr.h, w[i].r.x, w[i].r.y,
                        w[i].r.w, w[i].r.h);
        if (w[i].icon[0] && !inside(&w[i].ir, &w[i].r))
            return fail(c, "the icon of \"%s\" sticks out of it", w[i].id);
        /* Buttons on the modal layer lie over the ones under it: only two
         * of one layer must not overlap. */
        for (size_t j = 0; j < i && w[i].interactive; j++) {
            if (w[j].interactive && w[j].modal == w[i].modal && overlap(&w[i].r, &w[j].r))
                return fail(c, "\"%s\" and \"%s\" overlap", w[j].id, w[i].id);
        }
    }
    return 0;
}

/* Splits "A B" into two widget ids; fails naming `cmd` otherwise. */
static int two_ids(struct ctx *c, const char *cmd, const char *arg, char *a, char *b)
{
    const char *space = strchr(arg, ' ');
    if (!space || (size_t)(space - arg) >= UI_ID_MAX || strlen(space + 1) >= UI_ID_MAX)
        return fail(c, "%s: expected two widget ids", cmd);
    xsnprintf(a, UI_ID_MAX, "%.*s", (int)(space - arg), arg);
    xsnprintf(b, UI_ID_MAX, "%s", space + 1);
    return 0;
}

/* "expect-above A B": widget A ends where B starts or higher. */
static int cmd_expect_above(struct ctx *c, const char *arg)
{
    char a[UI_ID_MAX], b[UI_ID_MAX];
    if (two_ids(c, "expect-above", arg, a, b) != 0)
        return -1;
    const struct ui_widget *wa = find(c, a), *wb = find(c, b);
    if (!wa || !wb)
        return fail(c, "no widget \"%s\" on screen", wa ? b : a);
    if (wa->r.y + wa->r.h > wb->r.y)
        return fail(c, "\"%s\" (bottom y=%d) is not above \"%s\" (y=%d)", a, wa->r.y + wa->r.h, b,
                    wb->r.y);
    return 0;
}

/* "expect-icon ID NAME": the widget shows the icon NAME (data/icons). */
static int cmd_expect_icon(struct ctx *c, const char *arg)
{
    char id[UI_ID_MAX], name[UI_ID_MAX];
    if (two_ids(c, "expect-icon", arg, id, name) != 0)
        return -1;
    const struct ui_widget *w = find(c, id);
    if (!w)
        return fail(c, "no widget \"%s\" on screen", id);
    if (strcmp(w->icon, name) != 0)
        return fail(c, "widget \"%s\" shows icon \"%s\", not \"%s\"", id, w->icon, name);
    return 0;
}

/* "expect-min-text PX": every label on screen is drawn at PX pixels or
 * more, after any shrinking to fit. */
static int cmd_expect_min_text(struct ctx *c, const char *arg)
{
    char *end;
    long least = strtol(arg, &end, 10);
    if (end == arg || *end || least < 1 || least > 200)
        return fail(c, "expect-min-text: expected pixels from 1 to 200, got \"%s\"", arg);
    const struct ui *ui = kiosk_ui(c->k);
    size_t n;
    const struct ui_widget *w = ui_widgets(ui, &n);
    for (size_t i = 0; i < n; i++) {
        int px = ui_text_style(ui, w[i].text).size;
        if (w[i].label[0] && px < least)
            return fail(c, "the label of \"%s\" is %d px, less than %ld: \"%s\"", w[i].id, px,
                        least, w[i].label);
    }
    return 0;
}

static int out_path(struct ctx *c, const char *name, const char *ext, char *path, size_t size)
{
    if (!*name || strchr(name, '/') || strcmp(name, "..") == 0)
        return fail(c, "\"%s\" is not a plain file name", name);
    if (make_dirs(c->dir) != 0)
        return fail(c, "%s: %s", c->dir, strerror(errno));
    if (xsnprintf(path, size, "%s/%s.%s", c->dir, name, ext) >= (int)size)
        return fail(c, "path too long");
    return 0;
}

static int cmd_shot(struct ctx *c, const char *name)
{
    char path[4096], err[512];
    if (out_path(c, name, "png", path, sizeof path) != 0)
        return -1;
    if (kiosk_screenshot(c->k, path, err, sizeof err) != 0)
        return fail(c, "%s", err);
    return 0;
}

static int cmd_dump(struct ctx *c, const char *name)
{
    char path[4096];
    if (out_path(c, name, "jsonl", path, sizeof path) != 0)
        return -1;
    FILE *f = fopen(path, "w");
    if (!f)
        return fail(c, "%s: %s", path, strerror(errno));
    size_t n;
    const struct ui_widget *w = ui_widgets(kiosk_ui(c->k), &n);
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:s, s:b}", "id", w[i].id, "role",
                              ui_role_name(w[i].role), "x", w[i].r.x, "y", w[i].r.y, "w", w[i].r.w,
                              "h", w[i].r.h, "label", w[i].label, "interactive", w[i].interactive);
        if (o && w[i].label[0])
            json_object_set_new(o, "fit", json_string(ui_fit_name(w[i].fit)));
        if (o && w[i].modal)
            json_object_set_new(o, "modal", json_true());
        char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        json_decref(o);
        if (!line) {
            /* Every visible widget is in the dump, or the dump fails. */
            fclose(f);
            return fail(c, "%s: widget \"%s\" cannot be written (label not UTF-8?)", path, w[i].id);
        }
        fprintf(f, "%s\n", line);
        free(line);
    }
    if (fclose(f) != 0)
        return fail(c, "%s: %s", path, strerror(errno));
    return 0;
}

static int run_command(struct ctx *c, const char *name, const char *arg);

/* "every-page COMMAND [ARG]": runs the command on this page and on every
 * page after it, turning pages with page:next. */
static int cmd_every_page(struct ctx *c, const char *arg)
{
    char name[64];
    int used = 0;
    if (sscanf(arg, "%63s %n", name, &used) < 1)
        return fail(c, "every-page: missing command");
    if (strcmp(name, "every-page") == 0)
        return fail(c, "every-page: cannot run itself");
    for (int page = 1; page <= 100; page++) {
        if (run_command(c, name, arg + used) != 0) {
            char msg[sizeof c->msg];
            xsnprintf(msg, sizeof msg, "%s", c->msg);
            return fail(c, "page %d: %s", page, msg);
        }
        if (!find(c, "page:next"))
            return 0;
        if (cmd_tap(c, "page:next") != 0)
            return -1;
    }
    return fail(c, "every-page: more than 100 pages");
}

/* "seek ID": turns pages until the widget is on screen, from the first page
 * on, so a script does not depend on how many services fit on a page or on
 * their order in a language. */
static int cmd_seek(struct ctx *c, const char *id)
{
    for (int turns = 0; turns < 100 && !find(c, id) && find(c, "page:prev"); turns++) {
        if (cmd_tap(c, "page:prev") != 0)
            return -1;
    }
    for (int turns = 0; turns < 100; turns++) {
        if (find(c, id))
            return 0;
        if (!find(c, "page:next"))
            break;
        if (cmd_tap(c, "page:next") != 0)
            return -1;
    }
    return fail(c, "no widget \"%s\" on any page", id);
}

/* The index of widget `id` in the frame list, or -1. */
static int index_of(struct ctx *c, const char *id)
{
    size_t n;
    const struct ui_widget *w = ui_widgets(kiosk_ui(c->k), &n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(w[i].id, id) == 0)
            return (int)i;
    }
    return -1;
}

/* "expect-order ID ID ...": every widget is on some page, each in reading
 * order after the one before it (a later page, or later on the same one). */
static int cmd_expect_order(struct ctx *c, const char *arg)
{
    enum { MAX_IDS = 16 };
    char ids[MAX_IDS][UI_ID_MAX];
    int n = 0, page[MAX_IDS], at[MAX_IDS];
    for (const char *p = arg; *p && n < MAX_IDS;) {
        size_t len = strcspn(p, " ");
        if (len >= UI_ID_MAX)
            return fail(c, "expect-order: id too long");
        xsnprintf(ids[n], sizeof ids[n], "%.*s", (int)len, p);
        page[n++] = -1;
        p += len;
        p += strspn(p, " ");
    }
    if (n < 2)
        return fail(c, "expect-order: expected two ids or more");
    for (int turns = 0; turns < 100 && find(c, "page:prev"); turns++) {
        if (cmd_tap(c, "page:prev") != 0)
            return -1;
    }
    for (int pg = 0; pg < 100; pg++) {
        for (int i = 0; i < n; i++) {
            if (page[i] < 0 && (at[i] = index_of(c, ids[i])) >= 0)
                page[i] = pg;
        }
        if (!find(c, "page:next"))
            break;
        if (cmd_tap(c, "page:next") != 0)
            return -1;
    }
    for (int i = 0; i < n; i++) {
        if (page[i] < 0)
            return fail(c, "no widget \"%s\" on any page", ids[i]);
        if (i > 0 && (page[i] < page[i - 1] || (page[i] == page[i - 1] && at[i] < at[i - 1])))
            return fail(c, "\"%s\" comes before \"%s\"", ids[i], ids[i - 1]);
    }
    return 0;
}

/* "expect-nowhere ID": no page of the screen has the widget. */
static int cmd_expect_nowhere(struct ctx *c, const char *id)
{
    if (cmd_seek(c, id) == 0)
        return fail(c, "widget \"%s\" is on screen", id);
    return 0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* "measure NAME [COUNT]": redraws the current screen COUNT times (100 when
 * not given) after one unmeasured redraw that warms the text cache, and
 * prints the median and 95th percentile of the real time each took. */
static int cmd_measure(struct ctx *c, const char *arg)
{
    char name[64];
    int count = 100, used = 0;
    if (sscanf(arg, "%63s %n", name, &used) < 1)
        return fail(c, "measure: missing name");
    if (arg[used] && (sscanf(arg + used, "%d", &count) != 1 || count < 1 || count > 100000))
        return fail(c, "measure: \"%s\" is not a count from 1 to 100000", arg + used);
    double *ms = xmalloc((size_t)count * sizeof *ms);
    double freq = (double)SDL_GetPerformanceFrequency();
    kiosk_redraw(c->k);
    for (int i = 0; i < count; i++) {
        Uint64 t0 = SDL_GetPerformanceCounter();
        kiosk_redraw(c->k);
        ms[i] = (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / freq;
    }
    qsort(ms, (size_t)count, sizeof *ms, by_value);
    printf("render_%s_p50_ms: %.2f ms\n", name, ms[(count - 1) / 2]);
    printf("render_%s_p95_ms: %.2f ms\n", name, ms[(count * 95 + 99) / 100 - 1]);
    fflush(stdout);
    free(ms);
    return 0;
}

/* "pause": says "paused" on standard output and waits for a line on standard
 * input, so that a test can change the world at that point (import another
 * catalogue, break the database) and then let the script go on. */
/* "wait-for ID": work another process does for the kiosk (a check or an
 * import of a USB stick's catalogue) takes real time: pumps the kiosk
 * until the widget shows, for at most a minute of real time. */
static int cmd_wait_for(struct ctx *c, const char *id)
{
    for (int i = 0; i < 1200; i++) {
        kiosk_pump(c->k);
        if (find(c, id))
            return 0;
        SDL_Delay(50);
    }
    return fail(c, "no widget \"%s\" within a minute", id);
}

static int cmd_pause(struct ctx *c, const char *arg)
{
    (void)arg;
    char line[64];
    printf("paused\n");
    fflush(stdout);
    if (!fgets(line, sizeof line, stdin))
        return fail(c, "pause: standard input ended");
    kiosk_pump(c->k);
    return 0;
}

/* "memory": prints the process's peak resident set size so far (VmHWM). */
static int cmd_memory(struct ctx *c, const char *arg)
{
    (void)arg;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return fail(c, "memory: /proc/self/status: %s", strerror(errno));
    char line[256];
    long kib = -1;
    while (kib < 0 && fgets(line, sizeof line, f))
        sscanf(line, "VmHWM: %ld kB", &kib);
    fclose(f);
    if (kib < 0)
        return fail(c, "memory: no VmHWM in /proc/self/status");
    printf("peak_rss_mib: %.1f MiB\n", (double)kib / 1024.0);
    fflush(stdout);
    return 0;
}

static const struct {
    const char *name;
    command_fn fn;
    int needs_arg;
} commands[] = {
    {"lang", cmd_lang, 1},
    {"tap", cmd_tap, 1},
    {"tap-under", cmd_tap_under, 1},
    {"tap-at", cmd_tap_at, 1},
    {"expect-covered", cmd_expect_covered, 1},
    {"close-window", cmd_close_window, 0},
    {"expect-running", cmd_expect_running, 0},
    {"expect-ended", cmd_expect_ended, 0},
    {"type", cmd_type, 1},
    {"key", cmd_key, 1},
    {"key-to", cmd_key_to, 1},
    {"expect-focus", cmd_expect_focus, 1},
    {"wait", cmd_wait, 1},
    {"clock", cmd_clock, 1},
    {"clock-trusted", cmd_clock_trusted, 1},
    {"expect", cmd_expect, 1},
    {"expect-not", cmd_expect_not, 1},
    {"expect-not-text", cmd_expect_not_text, 1},
    {"expect-forgotten", cmd_expect_forgotten, 1},
    {"expect-text", cmd_expect_text, 1},
    {"expect-left-of", cmd_expect_left_of, 1},
    {"expect-on-screen", cmd_expect_on_screen, 0},
    {"shot", cmd_shot, 1},
    {"dump", cmd_dump, 1},
    {"seek", cmd_seek, 1},
    {"expect-order", cmd_expect_order, 1},
    {"expect-nowhere", cmd_expect_nowhere, 1},
    {"every-page", cmd_every_page, 1},
    {"expect-tidy", cmd_expect_tidy, 0},
    {"expect-min-text", cmd_expect_min_text, 1},
    {"expect-above", cmd_expect_above, 1},
    {"expect-icon", cmd_expect_icon, 1},
    {"measure", cmd_measure, 1},
    {"memory", cmd_memory, 0},
    {"pause", cmd_pause, 0},
    {"wait-for", cmd_wait_for, 1},
};

/* Strips trailing white space (and a CR) in place. */
static void rstrip(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
}

static int run_command(struct ctx *c, const char *name, const char *arg)
{
    for (size_t i = 0; i < ARRAY_LEN(commands); i++) {
        if (strcmp(commands[i].name, name) != 0)
            continue;
        if (commands[i].needs_arg && !*arg)
            return fail(c, "%s: missing argument", name);
        return commands[i].fn(c, arg);
    }
    return fail(c, "unknown command \"%s\"", name);
}

static int run_line(struct ctx *c, char *line)
{
    rstrip(line);
    char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p || *p == '#')
        return 0;
    char *arg = p + strcspn(p, " \t");
    if (*arg) {
        *arg++ = '\0';
        while (*arg == ' ' || *arg == '\t')
            arg++;
    }
    return run_command(c, p, arg);
}

int script_run(struct kiosk *k, const char *path, const char *dir, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        xsnprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct ctx c = {.k = k, .dir = dir};
    char line[LINE_MAX_BYTES];
    int lineno = 0, rc = 0;
    kiosk_pump(k);
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (strlen(line) == sizeof line - 1 && line[sizeof line - 2] != '\n') {
            xsnprintf(err, errlen, "%s:%d: line is too long", path, lineno);
            rc = -1;
            break;
        }
        if (run_line(&c, line) != 0) {
            xsnprintf(err, errlen, "%s:%d: %s", path, lineno, c.msg);
            rc = -1;
            break;
        }
    }
    if (rc == 0 && ferror(f)) {
        xsnprintf(err, errlen, "%s: read error", path);
        rc = -1;
    }
    fclose(f);
    return rc;
}
