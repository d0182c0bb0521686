/* theme.h: the one place colours and shapes come from.
 *
 * Screens name a style (enum ui_style); the renderer asks the theme what that
 * style looks like. A warm, quiet palette: no alarming red except for urgent
 * help.
 */
#ifndef FRONTDOOR_THEME_H
#define FRONTDOOR_THEME_H

struct theme_color {
    unsigned char r, g, b, a;
};

struct theme_look {
    struct theme_color fill;   /* a = 0: no background */
    struct theme_color border; /* a = 0: no border */
    struct theme_color text;
    struct theme_color icon;    /* a = 0: the text colour */
    struct theme_color pressed; /* fill while pressed */
    int radius_dp;              /* corner radius */
};

/* The screen's background colour. */
struct theme_color theme_background(void);
/* The keyboard focus ring. */
struct theme_color theme_focus(void);
/* The look of a style (enum ui_style); unknown styles look plain. */
struct theme_look theme_look(int style);

#endif
