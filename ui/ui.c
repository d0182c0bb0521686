/* ui.c: widgets, the frame list and input routing.
 *
 * Each frame, screens call ui_button/ui_label in drawing order; every call
 * appends one entry to a fixed array (the frame list) and copies its label
 * into a per-frame arena, so a frame never allocates and never grows past
 * UI_MAX_WIDGETS entries and UI_ARENA_BYTES of text. Mirroring for
 * right-to-left languages happens in to_px(), the one place that turns dp
 * into pixels.
 *
 * Input is resolved against the frame list the resident is looking at: a
 * press remembers the widget under the finger and the screen generation; a
 * release on the same widget of the same generation stores that id as
 * "activated", and the next frame's ui_button() with that id returns 1. This
 * is what keeps a tap from falling through to the next screen.
 */
#include "frontdoor/ui.h"

#include "frontdoor/mem.h"

#include <qrencode.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UI_MAX_WIDGETS 512
#define UI_ARENA_BYTES (256 * 1024)

struct ui {
    struct text_engine *text;
    int w, h; /* window pixels */
    int rtl;
    float scale; /* pixels per dp */

    struct ui_widget widgets[UI_MAX_WIDGETS];
    size_t n;
    char arena[UI_ARENA_BYTES];
    size_t arena_used;
    int overflow_reported;

    char next_icon[UI_ICON_MAX]; /* for the next widget, from ui_next_icon */
    int next_icon_dp, next_icon_flags;
    int next_inset; /* dp the next widget's label starts lower, from ui_next_inset */
    int next_tight; /* the next widget's label keeps little padding, from ui_next_tight */
    int modal;      /* ui_modal was called in this frame */
    size_t reach;   /* the first widget a tap or a key can reach */

    unsigned generation; /* bumped on every screen change */
    char pressed[UI_ID_MAX];
    unsigned pressed_generation;
    char activated[UI_ID_MAX];
    char focus[UI_ID_MAX];
    int focus_visible; /* focus is shown once the keyboard is used */
};

static const char *const role_names[UI_ROLE_COUNT] = {
    [UI_ROLE_HEADING] = "heading", [UI_ROLE_TEXT] = "text",   [UI_ROLE_BUTTON] = "button",
    [UI_ROLE_BADGE] = "badge",     [UI_ROLE_PANEL] = "panel", [UI_ROLE_IMAGE] = "image",
};

const char *ui_role_name(int role)
{
    return role >= 0 && role < UI_ROLE_COUNT ? role_names[role] : "unknown";
}

static const char *const fit_names[] = {
    [UI_FIT_WHOLE] = "whole",
    [UI_FIT_WRAPPED] = "wrapped",
    [UI_FIT_SHRUNK] = "shrunk",
    [UI_FIT_CUT] = "cut",
};

const char *ui_fit_name(int fit)
{
    return fit >= 0 && (size_t)fit < ARRAY_LEN(fit_names) ? fit_names[fit] : "unknown";
}

struct ui *ui_new(struct text_engine *text)
{
    struct ui *ui = xcalloc(1, sizeof *ui);
    ui->text = text;
    ui->scale = 1.0f;
    return ui;
}

void ui_free(struct ui *ui)
{
    free(ui);
}

void ui_begin(struct ui *ui, int w, int h, int rtl)
{
    ui->w = w;
    ui->h = h;
    ui->rtl = rtl;
    int shorter = w < h ? w : h;
    ui->scale = shorter > 0 ? (float)shorter / 480.0f : 1.0f;
    ui->n = 0;
    ui->arena_used = 0;
    ui->next_icon[0] = '\0';
    ui->next_inset = 0;
    ui->next_tight = 0;
    ui->modal = 0;
    ui->reach = 0;
}

void ui_modal(struct ui *ui)
{
    ui->modal = 1;
    ui->reach = ui->n;
    /* What lies under the layer shows neither a press nor the focus. */
    for (size_t i = 0; i < ui->n; i++) {
        ui->widgets[i].pressed = 0;
        ui->widgets[i].focused = 0;
    }
}

void ui_end(struct ui *ui)
{
    ui->activated[0] = '\0';
}

int ui_width(const struct ui *ui)
{
    return (int)(ui->w / ui->scale);
}

int ui_height(const struct ui *ui)
{
    return (int)(ui->h / ui->scale);
}

float ui_scale(const struct ui *ui)
{
    return ui->scale;
}

int ui_rtl(const struct ui *ui)
{
    return ui->rtl;
}

static int px(const struct ui *ui, int dp)
{
    return (int)(dp * ui->scale + 0.5f);
}

/* dp from the reading start edge to window pixels, mirrored for RTL. */
static struct ui_rect to_px(const struct ui *ui, struct ui_rect dp)
{
    struct ui_rect r;
    r.x = px(ui, dp.x);
    r.y = px(ui, dp.y);
    r.w = px(ui, dp.x + dp.w) - r.x;
    r.h = px(ui, dp.y + dp.h) - r.y;
    if (ui->rtl)
        r.x = ui->w - r.x - r.w;
    return r;
}

/* Padding between a widget's edge and its label, in dp, by role:
 * {horizontal, vertical}. */
/* A key's label keeps this much at most: a letter on a 44 dp key. */
#define TIGHT_PADDING 4
static const int padding[UI_ROLE_COUNT][2] = {
    [UI_ROLE_BUTTON] = {14, 12},
    [UI_ROLE_BADGE] = {10, 4},
    [UI_ROLE_PANEL] = {12, 10},
};

void ui_padding(int role, int *x, int *y)
{
    int r = role >= 0 && role < UI_ROLE_COUNT ? role : UI_ROLE_TEXT;
    *x = padding[r][0];
    *y = padding[r][1];
}

struct text_style ui_text_style(const struct ui *ui, struct ui_text t)
{
    struct text_style s = {.size = px(ui, t.size_dp), .bold = t.bold, .max_lines = t.max_lines};
    if (s.size < 1)
        s.size = 1;
    return s;
}

int ui_text_height(struct ui *ui, const char *text, struct ui_text style, int width)
{
    int w = 0, h = 0;
    if (!text || !*text)
        return 0;
    /* A box `width` dp wide is drawn floor(width * scale) pixels wide or one
     * more, as its edges round (to_px): measured at the narrower, a text
     * never takes more lines drawn than measured. */
    text_measure(ui->text, text, ui_text_style(ui, style), (int)(width * ui->scale), style.dir, &w,
                 &h);
    return (int)(h / ui->scale + 0.999f);
}

int ui_text_width(struct ui *ui, const char *text, struct ui_text style)
{
    int w = 0, h = 0;
    if (!text || !*text)
        return 0;
    text_measure(ui->text, text, ui_text_style(ui, style), 0, style.dir, &w, &h);
    return (int)(w / ui->scale + 0.999f);
}

static const char *arena_copy(struct ui *ui, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (ui->arena_used + len + 1 > sizeof ui->arena) {
        if (!ui->overflow_reported)
            fprintf(stderr, "frontdoor: frame text exceeds %d bytes; labels dropped\n",
                    UI_ARENA_BYTES);
        ui->overflow_reported = 1;
        return "";
    }
    char *p = ui->arena + ui->arena_used;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    ui->arena_used += len + 1;
    return p;
}

void ui_next_icon(struct ui *ui, const char *name, int size_dp, int flags)
{
    xsnprintf(ui->next_icon, sizeof ui->next_icon, "%s", name ? name : "");
    ui->next_icon_dp = size_dp;
    ui->next_icon_flags = flags;
}

void ui_next_tight(struct ui *ui)
{
    ui->next_tight = 1;
}

void ui_next_inset(struct ui *ui, int top_dp)
{
    ui->next_inset = top_dp;
}

#define ICON_GAP_DP 10

int ui_icon_room(int size_dp)
{
    return size_dp + ICON_GAP_DP;
}

/* Places the pending icon in the label box `box` (dp) of widget w, and
 * takes its room from the box. */
static void place_icon(struct ui *ui, struct ui_widget *w, struct ui_rect dp, struct ui_rect *box)
{
    int s = ui->next_icon_dp;
    struct ui_rect ir;
    if (!w->label[0]) {
        ir = (struct ui_rect){dp.x + (dp.w - s) / 2, dp.y + (dp.h - s) / 2, s, s};
    } else if (ui->next_icon_flags & UI_ICON_END) {
        ir = (struct ui_rect){box->x + box->w - s, dp.y + (dp.h - s) / 2, s, s};
        box->w -= ui_icon_room(s);
    } else {
        /* Beside the first line (as tall as the text engine makes it for
         * this label's script), or the middle of the box for centred text. */
        int y = box->y + (box->h - s) / 2;
        if (!w->text.middle) {
            struct ui_text first = w->text;
            first.max_lines = 1;
            y = box->y + (ui_text_height(ui, w->label, first, box->w - ui_icon_room(s)) - s) / 2;
        }
        if (y < dp.y)
            y = dp.y;
        ir = (struct ui_rect){box->x, y, s, s};
        box->x += ui_icon_room(s);
        box->w -= ui_icon_room(s);
    }
    xsnprintf(w->icon, sizeof w->icon, "%s", ui->next_icon);
    w->ir = to_px(ui, ir);
    w->icon_flip = ui->rtl && (ui->next_icon_flags & UI_ICON_MIRROR);
}

/* The height and the widest line, in pixels, of `label` wrapped at `w_px`
 * (0: one line), exactly as the renderer will lay it out. */
static int height_px(struct ui *ui, const char *label, struct ui_text t, int w_px)
{
    int w = 0, h = 0;
    text_measure(ui->text, label, ui_text_style(ui, t), w_px, t.dir, &w, &h);
    return h;
}

static int width_px(struct ui *ui, const char *label, struct ui_text t)
{
    int w = 0, h = 0;
    t.max_lines = 0;
    text_measure(ui->text, label, ui_text_style(ui, t), 0, t.dir, &w, &h);
    return w;
}

/* The width in pixels of the widest word of `label`. */
static int widest_word_px(struct ui *ui, const char *label, struct ui_text t)
{
    char word[256];
    int widest = 0;
    for (const char *p = label; *p;) {
        size_t n = strcspn(p, " \n");
        if (n >= sizeof word)
            return width_px(ui, label, t);
        if (n > 0) {
            memcpy(word, p, n);
            word[n] = '\0';
            int w = width_px(ui, word, t);
            widest = w > widest ? w : widest;
        }
        p += n;
        p += strspn(p, " \n");
    }
    return widest;
}

int ui_widest_word(struct ui *ui, const char *text, struct ui_text style)
{
    if (!text || !*text)
        return 0;
    return (int)(widest_word_px(ui, text, style) / ui->scale + 0.999f);
}

/* 1 when no word of `label` is wider than `w_px`, so wrapping breaks none
 * (a word broken in two reads as two words, or as none). */
static int words_whole(struct ui *ui, const char *label, struct ui_text t, int w_px)
{
    return width_px(ui, label, t) <= w_px || widest_word_px(ui, label, t) <= w_px;
}

/* How `label` in style `t` fits a box `w_px` wide when not cut: whole on
 * one line, or wrapped. */
static int fit_of(struct ui *ui, const char *label, struct ui_text t, int w_px)
{
    return width_px(ui, label, t) <= w_px ? UI_FIT_WHOLE : UI_FIT_WRAPPED;
}

/* A label in a box of fixed size (a button, a tag) that does not fit: it
 * wraps first (as laid out, between words), then shrinks a point at a time
 * down to
 * UI_TEXT_SMALL, and only then loses its end to an ellipsis on the last
 * line the box holds. The box is `w_px` wide and the label may take
 * `limit_px` of height: pixels, as drawn, so that rounding never wraps the
 * drawn label differently from the measured one. *fit says which it took. */
static struct ui_text fit_label(struct ui *ui, const char *label, struct ui_text t, int w_px,
                                int limit_px, int *fit)
{
    struct ui_text whole = t;
    whole.max_lines = 0;
    int size = t.size_dp;
    for (;;) {
        whole.size_dp = t.size_dp;
        int h = height_px(ui, label, whole, w_px);
        if (h <= limit_px && (!t.max_lines || h == height_px(ui, label, t, w_px)) &&
            words_whole(ui, label, t, w_px)) {
            *fit = t.size_dp < size ? UI_FIT_SHRUNK : fit_of(ui, label, t, w_px);
            return t;
        }
        if (t.size_dp <= UI_TEXT_SMALL)
            break;
        t.size_dp--;
    }
    *fit = UI_FIT_CUT;
    struct ui_text one = t;
    one.max_lines = 1;
    int line = height_px(ui, label, one, w_px);
    int lines = line > 0 ? limit_px / line : 1;
    if (lines < 1)
        lines = 1;
    if (!t.max_lines || lines < t.max_lines)
        t.max_lines = lines;
    return t;
}

static struct ui_widget *add(struct ui *ui, const char *id, int role, const char *label,
                             struct ui_rect dp, int style, struct ui_text text)
{
    if (ui->n == UI_MAX_WIDGETS) {
        ui->next_icon[0] = '\0';
        ui->next_inset = 0;
        ui->next_tight = 0;
        if (!ui->overflow_reported)
            fprintf(stderr, "frontdoor: more than %d widgets in a frame\n", UI_MAX_WIDGETS);
        ui->overflow_reported = 1;
        return NULL;
    }
    struct ui_widget *w = &ui->widgets[ui->n++];
    memset(w, 0, sizeof *w);
    w->modal = ui->modal;
    xsnprintf(w->id, sizeof w->id, "%s", id);
    w->role = role;
    w->style = style;
    w->label = arena_copy(ui, label);
    w->text = text;
    w->r = to_px(ui, dp);

    /* The label box: inset by padding; vertically centred when asked. The
     * label's height is measured at the box width so the renderer and the
     * audits agree on where the text really is. */
    int ph = padding[role][0], pv = padding[role][1];
    if (ui->next_tight) {
        ph = TIGHT_PADDING < ph ? TIGHT_PADDING : ph;
        pv = TIGHT_PADDING < pv ? TIGHT_PADDING : pv;
        ui->next_tight = 0;
    }
    struct ui_rect box = {dp.x + ph, dp.y + pv + ui->next_inset, dp.w - 2 * ph,
                          dp.h - 2 * pv - ui->next_inset};
    ui->next_inset = 0;
    if (ui->next_icon[0]) {
        place_icon(ui, w, dp, &box);
        ui->next_icon[0] = '\0';
    }
    if (box.w < 1)
        box.w = 1;
    if (box.h < 1)
        box.h = 1;
    w->tr = to_px(ui, box);
    if (*w->label && (role == UI_ROLE_BUTTON || role == UI_ROLE_BADGE)) {
        /* A centred line may reach into the padding (a tall script in a
         * low button); text from the top keeps inside it. */
        text = fit_label(ui, w->label, text, w->tr.w, text.middle ? w->r.h : w->tr.h, &w->fit);
        w->text = text;
    } else if (*w->label) {
        struct ui_text whole = text;
        whole.max_lines = 0;
        w->fit = text.max_lines && height_px(ui, w->label, whole, w->tr.w) >
                                       height_px(ui, w->label, text, w->tr.w)
                     ? UI_FIT_CUT
                     : fit_of(ui, w->label, text, w->tr.w);
    }
    if (*w->label) {
        int tw = 0, th = 0;
        text_measure(ui->text, w->label, ui_text_style(ui, text), w->tr.w, text.dir, &tw, &th);
        /* Centred on the box even when the line is taller than the box
         * (a label with its leading in a low button). */
        if (text.middle)
            w->tr.y += (w->tr.h - th) / 2;
        w->tr.h = th;
    } else {
        w->tr.h = 0;
    }
    return w;
}

int ui_button(struct ui *ui, const char *id, const char *label, struct ui_rect dp, int style,
              struct ui_text text)
{
    struct ui_widget *w = add(ui, id, UI_ROLE_BUTTON, label, dp, style, text);
    if (!w)
        return 0;
    w->interactive = 1;
    w->pressed =
        ui->pressed[0] && strcmp(ui->pressed, id) == 0 && ui->pressed_generation == ui->generation;
    w->focused = ui->focus_visible && strcmp(ui->focus, id) == 0;
    if (ui->activated[0] && strcmp(ui->activated, id) == 0) {
        ui->activated[0] = '\0';
        return 1;
    }
    return 0;
}

void ui_label(struct ui *ui, const char *id, int role, const char *label, struct ui_rect dp,
              int style, struct ui_text text)
{
    add(ui, id, role, label, dp, style, text);
}

int ui_qr(struct ui *ui, const char *id, const char *text, struct ui_rect dp)
{
    if (strlen(text) > 1024)
        return -1;
    /* Level M: a screen scanned from arm's length, smudges and all. */
    QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return -1;
    int n = code->width;
    size_t bytes = (size_t)n * (size_t)n;
    if (ui->arena_used + bytes > sizeof ui->arena) {
        QRcode_free(code);
        return -1;
    }
    unsigned char *modules = (unsigned char *)ui->arena + ui->arena_used;
    ui->arena_used += bytes;
    for (size_t i = 0; i < bytes; i++)
        modules[i] = code->data[i] & 1;
    QRcode_free(code);
    /* Whole pixels a module, so that every edge is sharp. */
    int side = dp.w < dp.h ? dp.w : dp.h;
    int module_px = (int)(side * ui->scale) / (n + 2 * UI_QR_QUIET);
    if (module_px < 1)
        module_px = 1;
    int side_dp = (int)((module_px * (n + 2 * UI_QR_QUIET)) / ui->scale);
    struct ui_rect sq = {dp.x + (dp.w - side_dp) / 2, dp.y + (dp.h - side_dp) / 2, side_dp,
                         side_dp};
    struct ui_widget *w = add(ui, id, UI_ROLE_IMAGE, "", sq, UI_STYLE_PLAIN, (struct ui_text){0});
    if (!w)
        return -1;
    w->qr = modules;
    w->qr_w = n;
    return 0;
}

const struct ui_widget *ui_widgets(const struct ui *ui, size_t *count)
{
    *count = ui->n;
    return ui->widgets;
}

const struct ui_widget *ui_find(const struct ui *ui, const char *id)
{
    for (size_t i = 0; i < ui->n; i++) {
        if (strcmp(ui->widgets[i].id, id) == 0)
            return &ui->widgets[i];
    }
    return NULL;
}

const struct ui_widget *ui_hit(const struct ui *ui, int x, int y)
{
    for (size_t i = ui->n; i-- > ui->reach;) {
        const struct ui_widget *w = &ui->widgets[i];
        if (w->interactive && x >= w->r.x && x < w->r.x + w->r.w && y >= w->r.y &&
            y < w->r.y + w->r.h)
            return w;
    }
    return NULL;
}

void ui_window_to_pixels(int *x, int *y, int win_w, int win_h, int out_w, int out_h)
{
    if (win_w <= 0 || win_h <= 0 || out_w <= 0 || out_h <= 0)
        return;
    /* The middle of the unit the pointer is in, so that a unit of several
     * pixels maps inside itself. */
    *x = (int)(((int64_t)*x * 2 + 1) * out_w / (2 * (int64_t)win_w));
    *y = (int)(((int64_t)*y * 2 + 1) * out_h / (2 * (int64_t)win_h));
}

int ui_pointer_down(struct ui *ui, int x, int y)
{
    const struct ui_widget *w = ui_hit(ui, x, y);
    ui->focus_visible = 0;
    if (!w) {
        ui->pressed[0] = '\0';
        return 0;
    }
    xsnprintf(ui->pressed, sizeof ui->pressed, "%s", w->id);
    ui->pressed_generation = ui->generation;
    return 1;
}

int ui_pointer_up(struct ui *ui, int x, int y)
{
    const struct ui_widget *w = ui_hit(ui, x, y);
    int was_pressed = ui->pressed[0] != '\0';
    if (w && was_pressed && ui->pressed_generation == ui->generation &&
        strcmp(w->id, ui->pressed) == 0)
        xsnprintf(ui->activated, sizeof ui->activated, "%s", w->id);
    ui->pressed[0] = '\0';
    return was_pressed;
}

int ui_pointer_cancel(struct ui *ui)
{
    int was_pressed = ui->pressed[0] != '\0';
    ui->pressed[0] = '\0';
    return was_pressed;
}

/* The index of the focused interactive widget a key can reach, or -1. */
static int focus_index(const struct ui *ui)
{
    for (size_t i = ui->reach; i < ui->n; i++) {
        if (ui->widgets[i].interactive && strcmp(ui->widgets[i].id, ui->focus) == 0)
            return (int)i;
    }
    return -1;
}

int ui_key(struct ui *ui, enum ui_key key)
{
    if (key == UI_KEY_ACTIVATE) {
        if (!ui->focus_visible || focus_index(ui) < 0)
            return 0;
        xsnprintf(ui->activated, sizeof ui->activated, "%s", ui->focus);
        return 1;
    }
    /* Focus moves round the widgets a key can reach: from `lo` on. */
    int lo = (int)ui->reach, n = (int)ui->n - lo;
    if (n <= 0)
        return 0;
    int i = focus_index(ui);
    int step = key == UI_KEY_NEXT ? 1 : -1;
    i = i < 0 ? (key == UI_KEY_NEXT ? -1 : n) : i - lo;
    for (int k = 0; k < n; k++) {
        i = ((i + step) % n + n) % n;
        if (ui->widgets[lo + i].interactive) {
            xsnprintf(ui->focus, sizeof ui->focus, "%s", ui->widgets[lo + i].id);
            ui->focus_visible = 1;
            return 1;
        }
    }
    return 0;
}

void ui_forget(struct ui *ui)
{
    ui_screen_changed(ui);
    memset(ui->widgets, 0, sizeof ui->widgets[0] * ui->n);
    memset(ui->arena, 0, ui->arena_used);
    ui->n = 0;
    ui->arena_used = 0;
}

void ui_screen_changed(struct ui *ui)
{
    ui->generation++;
    ui->pressed[0] = '\0';
    ui->activated[0] = '\0';
    ui->focus[0] = '\0';
}
