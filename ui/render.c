/* render.c: the frame list, painted.
 *
 * Widgets are drawn in frame-list order, background first, then the label
 * from the text cache (white textures tinted with the style's colour).
 * Rounded corners are triangle fans through SDL_RenderGeometry, which the
 * software renderer supports, so every video backend draws the same frame.
 */
#include "frontdoor/render.h"

#include "frontdoor/text.h"
#include "frontdoor/theme.h"
#include "frontdoor/ui.h"

#include <SDL.h>
#include <math.h>

#define CORNER_STEPS 6

static SDL_Color sdl_color(struct theme_color c)
{
    return (SDL_Color){c.r, c.g, c.b, c.a};
}

/* A filled rectangle with rounded corners of radius `rad` pixels. */
static void fill_round(SDL_Renderer *ren, SDL_Rect r, int rad, struct theme_color c)
{
    if (c.a == 0 || r.w <= 0 || r.h <= 0)
        return;
    if (rad * 2 > r.w)
        rad = r.w / 2;
    if (rad * 2 > r.h)
        rad = r.h / 2;
    if (rad < 2) {
        SDL_SetRenderDrawColor(ren, c.r, c.g, c.b, c.a);
        SDL_RenderFillRect(ren, &r);
        return;
    }
    /* A fan around the centre through 4 * (CORNER_STEPS + 1) outline points. */
    SDL_Vertex v[1 + 4 * (CORNER_STEPS + 1)];
    int idx[3 * 4 * (CORNER_STEPS + 1)];
    SDL_Color col = sdl_color(c);
    const float cx[4] = {r.x + r.w - rad, r.x + rad, r.x + rad, r.x + r.w - rad};
    const float cy[4] = {r.y + rad, r.y + rad, r.y + r.h - rad, r.y + r.h - rad};
    int n = 0;
    v[n++] = (SDL_Vertex){{r.x + r.w / 2.0f, r.y + r.h / 2.0f}, col, {0, 0}};
    for (int corner = 0; corner < 4; corner++) {
        for (int s = 0; s <= CORNER_STEPS; s++) {
            float a = (float)M_PI / 2 * (corner + (float)s / CORNER_STEPS);
            v[n++] =
                (SDL_Vertex){{cx[corner] + rad * cosf(a), cy[corner] - rad * sinf(a)}, col, {0, 0}};
        }
    }
    int outline = n - 1, k = 0;
    for (int i = 0; i < outline; i++) {
        idx[k++] = 0;
        idx[k++] = 1 + i;
        idx[k++] = 1 + (i + 1) % outline;
    }
    SDL_RenderGeometry(ren, NULL, v, n, idx, k);
}

static SDL_Rect inset(struct ui_rect r, int by)
{
    return (SDL_Rect){r.x + by, r.y + by, r.w - 2 * by, r.h - 2 * by};
}

static void draw_widget(SDL_Renderer *ren, struct text_engine *text, const struct ui *ui,
                        const struct ui_widget *w)
{
    struct theme_look look = theme_look(w->style);
    float scale = ui_scale(ui);
    int rad = (int)(look.radius_dp * scale);
    int line = scale >= 2 ? 2 : 1;

    if (w->focused) {
        int ring = (int)(4 * scale);
        fill_round(ren, inset(w->r, -ring), rad + ring, theme_focus());
    }
    if (look.border.a)
        fill_round(ren, inset(w->r, 0), rad, look.border);
    struct theme_color fill = w->pressed && look.pressed.a ? look.pressed : look.fill;
    fill_round(ren, inset(w->r, look.border.a ? line : 0), rad - (look.border.a ? line : 0), fill);

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

void render_frame(SDL_Renderer *ren, struct text_engine *text, const struct ui *ui)
{
    struct theme_color bg = theme_background();
    SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(ren, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(ren);
    size_t n;
    const struct ui_widget *w = ui_widgets(ui, &n);
    for (size_t i = 0; i < n; i++)
        draw_widget(ren, text, ui, &w[i]);
}
