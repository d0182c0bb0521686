/* render.h: turns the frame list into SDL drawing calls.
 *
 * The only file that draws. It reads the frame list of a built frame (see
 * ui.h), asks the theme for each style's look and the text module for each
 * label, and paints into the renderer. Presenting is the caller's business.
 */
#ifndef FRONTDOOR_RENDER_H
#define FRONTDOOR_RENDER_H

struct SDL_Renderer;
struct text_engine;
struct ui;

void render_frame(struct SDL_Renderer *renderer, struct text_engine *text, const struct ui *ui);

#endif
