/* render.h: turns the frame list into SDL drawing calls.
 *
 * The only file that draws. It reads the frame list of a built frame (see
 * ui.h), asks the theme for each style's look, the text module for each
 * label and SDL_image for each icon, and paints into the renderer.
 * Presenting is the caller's business.
 *
 * A painter keeps what drawing reuses from frame to frame: the anti-aliased
 * corner pieces of rounded rectangles (a few small textures, one per radius)
 * and the icons rasterised at the sizes on screen. Both are drawn white and
 * tinted when copied.
 */
#ifndef FRONTDOOR_RENDER_H
#define FRONTDOOR_RENDER_H

struct SDL_Renderer;
struct text_engine;
struct ui;

struct painter;

/* A painter for `renderer` that finds icons as ICON_DIR/NAME.svg. Never
 * fails for lack of icons: a missing one is reported once and left out. */
struct painter *painter_new(struct SDL_Renderer *renderer, const char *icon_dir);
void painter_free(struct painter *p);

/* For a screen mounted turned: frames are drawn as a picture of w x h
 * pixels and copied onto the screen (out_w x out_h) turned `angle` degrees
 * clockwise (0, 90, 180 or 270; 0 draws straight onto the screen). Returns
 * -1 with SDL's reason when the picture cannot be kept (frames are then
 * drawn unturned). */
int painter_turn(struct painter *p, int angle, int w, int h, int out_w, int out_h);

void render_frame(struct painter *p, struct text_engine *text, const struct ui *ui);
/* A black screen: the screen asleep. */
void render_dark(struct painter *p);

#endif
