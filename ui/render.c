/* render.c: the frame list, painted.
 *
 * Widgets are drawn in frame-list order: focus ring, border, fill, icon,
 * then the label from the text cache (drawn in the style's colour).
 *
 * A rounded rectangle is three plain rectangles and four corner pieces. A
 * corner piece is a white quarter disc with anti-aliased alpha, made once per
 * radius and corner and tinted at copy time, so a screen of cards costs a handful of
 * fills and small copies on the software renderer (triangle fans through
 * SDL_RenderGeometry cost 20 ms a frame for a screen of tiles, and were
 * jagged).
 *
 * Icons are SVG files rasterised by SDL_image at the size on screen, white
 * on transparent, and tinted like text.
 */
#include "frontdoor/render.h"

#include "frontdoor/mem.h"
#include "frontdoor/text.h"
#include "frontdoor/theme.h"
#include "frontdoor/ui.h"

#include <SDL.h>
#include <SDL_image.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define CORNERS 16 /* radii kept; a frame uses three or four */
#define ICONS 64   /* icon textures kept (name and size) */
#define ICON_FALLBACK "info"
#define MAX_REPORTS 3 /* missing icons said on stderr; the screens work without */

/* The four pieces of a radius, each copied as it is: the software
 * renderer flips a copy through a scaled, rotated temporary surface. */
enum { TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT };

struct corner {
    int radius; /* 0: unused */
    SDL_Texture *tex[4];
};

struct icon {
    char name[UI_ICON_MAX];
    int size;         /* pixels; 0: unused */
    SDL_Texture *tex; /* NULL: the file could not be drawn */
    unsigned used;    /* frame it was last drawn in, for eviction */
};

struct painter {
    SDL_Renderer *ren;
    char *icon_dir;
    struct corner corners[CORNERS];
    size_t next_corner;
    struct icon icons[ICONS];
    unsigned frame;
    int icons_reported; /* icons that could not be drawn, said on stderr */
    /* A screen mounted turned: the picture is drawn into `turned` and
     * copied onto the screen turned `angle` degrees clockwise. */
    SDL_Texture *turned;
    int angle, out_w, out_h;
};

struct painter *painter_new(SDL_Renderer *renderer, const char *icon_dir)
{
    struct painter *p = xcalloc(1, sizeof *p);
    p->ren = renderer;
    p->icon_dir = xstrdup(icon_dir);
    return p;
}

static void corner_free(struct corner *c)
{
    for (int i = 0; i < 4; i++) {
        SDL_DestroyTexture(c->tex[i]);
        c->tex[i] = NULL;
    }
    c->radius = 0;
}

void painter_free(struct painter *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < CORNERS; i++)
        corner_free(&p->corners[i]);
    for (size_t i = 0; i < ICONS; i++)
        SDL_DestroyTexture(p->icons[i].tex);
    if (p->turned)
        SDL_DestroyTexture(p->turned);
    free(p->icon_dir);
    free(p);
}

/* A white quarter disc of radius r whose centre is the texture's corner
 * towards the inside of the rectangle: bottom-right for the top-left piece. */
static SDL_Texture *corner_make(SDL_Renderer *ren, int r, int piece)
{
    int right = piece == TOP_RIGHT || piece == BOTTOM_RIGHT;
    int bottom = piece == BOTTOM_LEFT || piece == BOTTOM_RIGHT;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, r, r, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        return NULL;
    for (int y = 0; y < r; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
        for (int x = 0; x < r; x++) {
            /* Coverage of the pixel, from its centre's distance to the edge. */
            float dx = right ? x + 0.5f : r - (x + 0.5f);
            float dy = bottom ? y + 0.5f : r - (y + 0.5f);
            float cover = r - sqrtf(dx * dx + dy * dy) + 0.5f;
            Uint32 a = cover <= 0 ? 0 : cover >= 1 ? 255 : (Uint32)(cover * 255 + 0.5f);
            row[x] = a << 24 | 0xffffffu;
        }
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(ren, s);
    SDL_FreeSurface(s);
    if (t)
        SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    return t;
}

/* The pieces of radius r, or NULL when one could not be made. */
static const struct corner *corner_get(struct painter *p, int r)
{
    for (size_t i = 0; i < CORNERS; i++) {
        if (p->corners[i].radius == r)
            return p->corners[i].tex[0] ? &p->corners[i] : NULL;
    }
    struct corner *c = &p->corners[p->next_corner];
    p->next_corner = (p->next_corner + 1) % CORNERS;
    corner_free(c);
    c->radius = r;
    for (int i = 0; i < 4; i++) {
        c->tex[i] = corner_make(p->ren, r, i);
        if (!c->tex[i]) {
            corner_free(c);
            c->radius = r; /* not tried again */
            return NULL;
        }
    }
    return c;
}

static void fill_rect(SDL_Renderer *ren, int x, int y, int w, int h)
{
    if (w > 0 && h > 0)
        SDL_RenderFillRect(ren, &(SDL_Rect){x, y, w, h});
}

/* A filled rectangle with rounded corners of radius `rad` pixels. */
static void fill_round(struct painter *p, SDL_Rect r, int rad, struct theme_color c)
{
    if (c.a == 0 || r.w <= 0 || r.h <= 0)
        return;
    if (rad * 2 > r.w)
        rad = r.w / 2;
    if (rad * 2 > r.h)
        rad = r.h / 2;
    /* Opaque fills copy; the software renderer blends every pixel otherwise. */
    SDL_SetRenderDrawBlendMode(p->ren, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(p->ren, c.r, c.g, c.b, c.a);
    const struct corner *corner = rad >= 2 ? corner_get(p, rad) : NULL;
    if (!corner) {
        SDL_RenderFillRect(p->ren, &r);
        return;
    }
    /* The middle column full height, the side strips between the corners. */
    fill_rect(p->ren, r.x + rad, r.y, r.w - 2 * rad, r.h);
    fill_rect(p->ren, r.x, r.y + rad, rad, r.h - 2 * rad);
    fill_rect(p->ren, r.x + r.w - rad, r.y + rad, rad, r.h - 2 * rad);
    const SDL_Point at[4] = {
        [TOP_LEFT] = {r.x, r.y},
        [TOP_RIGHT] = {r.x + r.w - rad, r.y},
        [BOTTOM_LEFT] = {r.x, r.y + r.h - rad},
        [BOTTOM_RIGHT] = {r.x + r.w - rad, r.y + r.h - rad},
    };
    for (int i = 0; i < 4; i++) {
        SDL_SetTextureColorMod(corner->tex[i], c.r, c.g, c.b);
        SDL_SetTextureAlphaMod(corner->tex[i], c.a);
        SDL_RenderCopy(p->ren, corner->tex[i], NULL, &(SDL_Rect){at[i].x, at[i].y, rad, rad});
    }
}

static SDL_Texture *icon_load(struct painter *p, const char *name, int size)
{
    char path[4096];
    xsnprintf(path, sizeof path, "%s/%s.svg", p->icon_dir, name);
    SDL_RWops *rw = SDL_RWFromFile(path, "rb");
    SDL_Surface *s = rw ? IMG_LoadSizedSVG_RW(rw, size, size) : NULL;
    if (rw)
        SDL_RWclose(rw);
    SDL_Texture *t = s ? SDL_CreateTextureFromSurface(p->ren, s) : NULL;
    SDL_FreeSurface(s);
    if (!t) {
        /* A need a city added has no icon of its own: a neutral one keeps
         * its tile like the others. */
        if (p->icons_reported++ < MAX_REPORTS)
            fprintf(stderr, "frontdoor: icon %s: %s%s\n", path, SDL_GetError(),
                    p->icons_reported == MAX_REPORTS ? " (further missing icons not reported)"
                                                     : "");
        return strcmp(name, ICON_FALLBACK) != 0 ? icon_load(p, ICON_FALLBACK, size) : NULL;
    }
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    return t;
}

/* The icon texture for (name, size); a file that cannot be drawn is
 * remembered as such, so it is reported once. */
static SDL_Texture *icon_get(struct painter *p, const char *name, int size)
{
    struct icon *victim = &p->icons[0];
    for (size_t i = 0; i < ICONS; i++) {
        struct icon *ic = &p->icons[i];
        if (ic->size == size && strcmp(ic->name, name) == 0) {
            ic->used = p->frame;
            return ic->tex;
        }
        if (ic->used < victim->used)
            victim = ic;
    }
    SDL_DestroyTexture(victim->tex);
    xsnprintf(victim->name, sizeof victim->name, "%s", name);
    victim->size = size;
    victim->used = p->frame;
    victim->tex = icon_load(p, name, size);
    return victim->tex;
}

static SDL_Rect inset(struct ui_rect r, int by)
{
    return (SDL_Rect){r.x + by, r.y + by, r.w - 2 * by, r.h - 2 * by};
}

static void draw_icon(struct painter *p, const struct ui_widget *w, struct theme_look look)
{
    SDL_Texture *t = icon_get(p, w->icon, w->ir.w);
    if (!t)
        return;
    struct theme_color c = look.icon.a ? look.icon : look.text;
    SDL_SetTextureColorMod(t, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(t, c.a);
    SDL_RenderCopyEx(p->ren, t, NULL, &(SDL_Rect){w->ir.x, w->ir.y, w->ir.w, w->ir.h}, 0, NULL,
                     w->icon_flip ? SDL_FLIP_HORIZONTAL : SDL_FLIP_NONE);
}

/* A QR code: black modules of whole pixels on white, the quiet zone
 * included, centred in the widget. */
static void draw_qr(struct painter *p, const struct ui_widget *w)
{
    int n = w->qr_w, q = UI_QR_QUIET, total = n + 2 * q;
    int m = (w->r.w < w->r.h ? w->r.w : w->r.h) / total;
    if (m < 1)
        return;
    int x0 = w->r.x + (w->r.w - m * total) / 2 + q * m;
    int y0 = w->r.y + (w->r.h - m * total) / 2 + q * m;
    SDL_SetRenderDrawBlendMode(p->ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(p->ren, 255, 255, 255, 255);
    SDL_RenderFillRect(p->ren, &(SDL_Rect){x0 - q * m, y0 - q * m, m * total, m * total});
    SDL_SetRenderDrawColor(p->ren, 0, 0, 0, 255);
    for (int y = 0; y < n; y++) {
        /* Runs of dark modules on a row as one rectangle each. */
        for (int x = 0; x < n;) {
            if (!w->qr[y * n + x]) {
                x++;
                continue;
            }
            int run = x;
            while (run < n && w->qr[y * n + run])
                run++;
            SDL_RenderFillRect(p->ren, &(SDL_Rect){x0 + x * m, y0 + y * m, (run - x) * m, m});
            x = run;
        }
    }
}

static void draw_widget(struct painter *p, struct text_engine *text, const struct ui *ui,
                        const struct ui_widget *w)
{
    struct theme_look look = theme_look(w->style);
    float scale = ui_scale(ui);
    int rad = (int)(look.radius_dp * scale);
    int line = scale >= 2 ? 2 : 1;

    if (w->focused) {
        /* At least 3 px whatever the scale, so it is seen on a small screen. */
        int ring = (int)(4 * scale) < 3 ? 3 : (int)(4 * scale);
        fill_round(p, inset(w->r, -ring), rad + ring, theme_focus());
    }
    if (look.border.a)
        fill_round(p, inset(w->r, 0), rad, look.border);
    struct theme_color fill = w->pressed && look.pressed.a ? look.pressed : look.fill;
    fill_round(p, inset(w->r, look.border.a ? line : 0), rad - (look.border.a ? line : 0), fill);
    if (w->icon[0] && w->ir.w > 0)
        draw_icon(p, w, look);
    if (w->qr)
        draw_qr(p, w);

    if (!w->label[0])
        return;
    struct text_style ts = ui_text_style(ui, w->text);
    enum text_align align = w->text.center ? TEXT_ALIGN_CENTER : TEXT_ALIGN_START;
    /* Start-aligned text follows the screen's reading direction, whatever
     * the label's own direction (an English fallback in an Arabic screen
     * still starts at the right). */
    if (!w->text.center) {
        int label_rtl = w->text.dir == TEXT_DIR_RTL || (w->text.dir == TEXT_DIR_AUTO && ui_rtl(ui));
        if (label_rtl != ui_rtl(ui))
            align = TEXT_ALIGN_END;
    }
    text_draw(text, w->label, ts, w->tr.w, w->text.dir, align, w->tr.x, w->tr.y, look.text.r,
              look.text.g, look.text.b, look.text.a);
}

int painter_turn(struct painter *p, int angle, int w, int h, int out_w, int out_h)
{
    int tw = 0, th = 0;
    if (p->turned)
        SDL_QueryTexture(p->turned, NULL, NULL, &tw, &th);
    if (p->turned && (!angle || tw != w || th != h)) {
        SDL_DestroyTexture(p->turned);
        p->turned = NULL;
    }
    if (angle && !p->turned)
        p->turned =
            SDL_CreateTexture(p->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_TARGET, w, h);
    p->angle = p->turned ? angle : 0;
    p->out_w = out_w;
    p->out_h = out_h;
    return angle && !p->turned ? -1 : 0;
}

void render_frame(struct painter *p, struct text_engine *text, const struct ui *ui)
{
    p->frame++;
    text_frame_begin(text);
    if (p->turned)
        SDL_SetRenderTarget(p->ren, p->turned);
    struct theme_color bg = theme_background();
    SDL_SetRenderDrawBlendMode(p->ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(p->ren, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(p->ren);
    size_t n;
    const struct ui_widget *w = ui_widgets(ui, &n);
    for (size_t i = 0; i < n; i++)
        draw_widget(p, text, ui, &w[i]);
    if (p->turned) {
        SDL_SetRenderTarget(p->ren, NULL);
        /* Turned about a point that puts it exactly on the screen, pixel
         * for pixel: the screen's middle, or half a pixel beside it when a
         * side has an odd number of pixels (the picture is then placed a
         * pixel further, before it is turned). */
        int w_px, h_px, ow = p->out_w, oh = p->out_h;
        SDL_QueryTexture(p->turned, NULL, NULL, &w_px, &h_px);
        SDL_Rect dst = {0, 0, w_px, h_px};
        SDL_Point mid;
        if (p->angle == 90) {
            dst.y = ow % 2;
            mid = (SDL_Point){(ow + dst.y) / 2, (ow + dst.y) / 2 - dst.y};
        } else if (p->angle == 270) {
            dst.x = oh % 2;
            mid = (SDL_Point){(oh + dst.x) / 2 - dst.x, (oh + dst.x) / 2};
        } else {
            dst.x = ow % 2;
            dst.y = oh % 2;
            mid = (SDL_Point){(ow + dst.x) / 2 - dst.x, (oh + dst.y) / 2 - dst.y};
        }
        SDL_RenderCopyEx(p->ren, p->turned, NULL, &dst, p->angle, &mid, SDL_FLIP_NONE);
    }
}

void render_dark(struct painter *p)
{
    SDL_SetRenderDrawColor(p->ren, 0, 0, 0, 255);
    SDL_RenderClear(p->ren);
}
