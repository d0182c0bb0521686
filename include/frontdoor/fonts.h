/* fonts.h: the font families the kiosk draws with, by fontconfig name, one
 * for each group of scripts (text.h's TEXT_FONT_*, in that order): the
 * kiosk's text engine opens them, frontdoor-admin check-config looks for
 * them. Debian's fonts-noto-core has all three.
 */
#ifndef FRONTDOOR_FONTS_H
#define FRONTDOOR_FONTS_H

#define FONT_FAMILIES 3
static const char *const font_families[FONT_FAMILIES] = {
    "Noto Sans",          /* Latin, Cyrillic, Greek, digits, punctuation */
    "Noto Sans Arabic",   /* Arabic, Persian */
    "Noto Sans Ethiopic", /* Tigrinya, Amharic */
};

#endif
