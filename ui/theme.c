/* theme.c: the palette, as a table indexed by style.
 *
 * Warm paper ground, dark warm-grey ink, a deep teal for the main action and
 * for icons, sand for secondary surfaces, white cards. Contrast of text on
 * each fill is at least 7:1 (WCAG AAA) so the screen reads in a bright hall.
 * No red anywhere: nothing here is an alarm.
 */
#include "frontdoor/theme.h"

#include "frontdoor/ui.h"

/* clang-format off */
#define RGB(r, g, b) {r, g, b, 255}
#define NONE {0, 0, 0, 0}
/* clang-format on */

#define INK RGB(0x2a, 0x27, 0x23)
#define TEAL RGB(0x1f, 0x5c, 0x57)
#define SAND RGB(0xea, 0xe2, 0xd5)
#define SAND_LINE RGB(0xd6, 0xcb, 0xb9)

static const struct theme_look looks[UI_STYLE_COUNT] = {
    [UI_STYLE_PLAIN] = {.text = INK},
    [UI_STYLE_MUTED] = {.text = RGB(0x4a, 0x45, 0x3e)},
    [UI_STYLE_PRIMARY] = {.fill = TEAL,
                          .text = RGB(0xff, 0xff, 0xff),
                          .pressed = RGB(0x14, 0x40, 0x3c),
                          .radius_dp = 14},
    [UI_STYLE_SECONDARY] = {.fill = SAND,
                            .border = SAND_LINE,
                            .text = INK,
                            .icon = TEAL,
                            .pressed = RGB(0xd8, 0xcd, 0xbb),
                            .radius_dp = 14},
    [UI_STYLE_NAV] = {.fill = RGB(0xff, 0xfd, 0xf9),
                      .border = SAND_LINE,
                      .text = RGB(0x1f, 0x3f, 0x3c),
                      .icon = TEAL,
                      .pressed = SAND,
                      .radius_dp = 12},
    [UI_STYLE_CARD] = {.fill = RGB(0xff, 0xff, 0xff),
                       .border = RGB(0xe0, 0xd6, 0xc7),
                       .text = INK,
                       .icon = TEAL,
                       .pressed = RGB(0xf3, 0xed, 0xe3),
                       .radius_dp = 16},
    [UI_STYLE_BADGE] = {.fill = RGB(0xe3, 0xef, 0xe9),
                        .text = RGB(0x1a, 0x44, 0x3a),
                        .icon = RGB(0x1a, 0x44, 0x3a),
                        .radius_dp = 8},
    [UI_STYLE_OPEN] = {.fill = RGB(0xdc, 0xef, 0xe0),
                       .text = RGB(0x17, 0x4d, 0x2b),
                       .icon = RGB(0x17, 0x4d, 0x2b),
                       .radius_dp = 8},
    [UI_STYLE_CLOSED] = {.fill = RGB(0xec, 0xe7, 0xdf),
                         .text = RGB(0x45, 0x40, 0x39),
                         .icon = RGB(0x45, 0x40, 0x39),
                         .radius_dp = 8},
    [UI_STYLE_WARNING] = {.fill = RGB(0xfb, 0xea, 0xc8),
                          .text = RGB(0x4d, 0x33, 0x00),
                          .icon = RGB(0x4d, 0x33, 0x00),
                          .radius_dp = 8},
    [UI_STYLE_WARNING_TEXT] = {.text = RGB(0x4d, 0x33, 0x00)},
    [UI_STYLE_BAR] = {.fill = RGB(0xef, 0xe8, 0xdd), .text = INK},
    [UI_STYLE_SAMPLE] = {.fill = RGB(0x3d, 0x4a, 0x5c),
                         .text = RGB(0xff, 0xff, 0xff),
                         .radius_dp = 8},
    /* The quick exit: the one dark button, found at a glance, not alarming. */
    [UI_STYLE_EXIT] = {.fill = RGB(0x2f, 0x3a, 0x48),
                       .text = RGB(0xff, 0xff, 0xff),
                       .icon = RGB(0xff, 0xff, 0xff),
                       .pressed = RGB(0x1c, 0x24, 0x2e),
                       .radius_dp = 12},
    /* Urgent help: warm amber, like a note that matters, never red. */
    [UI_STYLE_URGENT] = {.fill = RGB(0xf6, 0xd9, 0x9a),
                         .border = RGB(0xd9, 0xb0, 0x5c),
                         .text = RGB(0x3d, 0x29, 0x00),
                         .icon = RGB(0x3d, 0x29, 0x00),
                         .pressed = RGB(0xe8, 0xc5, 0x7a),
                         .radius_dp = 12},
    [UI_STYLE_SCREEN] = {.fill = RGB(0xf6, 0xf1, 0xe9), .text = INK},
    [UI_STYLE_SCRIM] = {.fill = {0x2a, 0x27, 0x23, 0xb0}},
    [UI_STYLE_DIALOG] = {.fill = RGB(0xff, 0xff, 0xff),
                         .border = RGB(0xe0, 0xd6, 0xc7),
                         .text = INK,
                         .radius_dp = 16},
};

struct theme_color theme_background(void)
{
    return looks[UI_STYLE_SCREEN].fill;
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
