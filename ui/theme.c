/* theme.c: the palette, as a table indexed by style.
 *
 * Warm off-white ground, dark warm-grey text, a deep teal for the main
 * action, sand for secondary surfaces. Contrast of text on each fill is at
 * least 7:1 (WCAG AAA) so the screen reads in a bright hall.
 */
#include "frontdoor/theme.h"

#include "frontdoor/ui.h"

/* clang-format off */
#define RGB(r, g, b) {r, g, b, 255}
#define NONE {0, 0, 0, 0}
/* clang-format on */

static const struct theme_look looks[UI_STYLE_COUNT] = {
    [UI_STYLE_PLAIN] = {NONE, NONE, RGB(0x26, 0x24, 0x21), NONE, 0},
    [UI_STYLE_MUTED] = {NONE, NONE, RGB(0x4a, 0x45, 0x3e), NONE, 0},
    [UI_STYLE_PRIMARY] = {RGB(0x1f, 0x5c, 0x57), NONE, RGB(0xff, 0xff, 0xff), RGB(0x14, 0x40, 0x3c),
                          14},
    [UI_STYLE_SECONDARY] = {RGB(0xe9, 0xe1, 0xd4), RGB(0xd5, 0xca, 0xb8), RGB(0x26, 0x24, 0x21),
                            RGB(0xd8, 0xcd, 0xbb), 14},
    [UI_STYLE_NAV] = {RGB(0xff, 0xfc, 0xf7), RGB(0xd5, 0xca, 0xb8), RGB(0x1f, 0x3f, 0x3c),
                      RGB(0xe9, 0xe1, 0xd4), 12},
    [UI_STYLE_CARD] = {RGB(0xff, 0xff, 0xff), RGB(0xdd, 0xd3, 0xc4), RGB(0x26, 0x24, 0x21),
                       RGB(0xf1, 0xeb, 0xe1), 14},
    [UI_STYLE_BADGE] = {RGB(0xe2, 0xef, 0xe9), NONE, RGB(0x1a, 0x44, 0x3a), NONE, 8},
    [UI_STYLE_WARNING] = {RGB(0xfb, 0xea, 0xc8), NONE, RGB(0x4d, 0x33, 0x00), NONE, 8},
    [UI_STYLE_WARNING_TEXT] = {NONE, NONE, RGB(0x4d, 0x33, 0x00), NONE, 0},
    [UI_STYLE_BAR] = {RGB(0xef, 0xe8, 0xdd), NONE, RGB(0x26, 0x24, 0x21), NONE, 0},
};

struct theme_color theme_background(void)
{
    return (struct theme_color)RGB(0xf8, 0xf4, 0xee);
}

struct theme_color theme_focus(void)
{
    return (struct theme_color)RGB(0x1d, 0x4f, 0x9a);
}

struct theme_look theme_look(int style)
{
    if (style < 0 || style >= UI_STYLE_COUNT)
        style = UI_STYLE_PLAIN;
    return looks[style];
}
