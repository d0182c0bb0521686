/* config.h: the kiosk's configuration file (INI, read with inih).
 *
 *     [kiosk]
 *     languages = fi, sv, en, ar, so
 *     default_language = fi
 *     country = FI
 *     time_zone = Europe/Helsinki
 *     emergency_number = 112
 *     idle_reset_seconds = 90
 *
 * Every key is optional; a demo needs no file at all. Every bad value, unknown
 * key or syntax error is refused with "FILE:LINE: message" and nothing of the
 * file is used: the kiosk refuses to start rather than guess.
 */
#ifndef FRONTDOOR_CONFIG_H
#define FRONTDOOR_CONFIG_H

#include <stddef.h>

#define CONFIG_MAX_LANGUAGES 16

struct fd_config {
    /* The interface languages offered, in order; the default is first among
     * them. Unless configured: every real language in i18n's order. */
    char languages[CONFIG_MAX_LANGUAGES][16];
    int n_languages;
    char default_language[16]; /* an interface language code, one of `languages` */
    char country[3];           /* ISO 3166 alpha-2 ("US"), or "": sets local conventions */
    char time_zone[64];        /* IANA zone; "" means the system's */
    char emergency_number[24]; /* shown on the out-of-order screen */
    int idle_reset_seconds;    /* back to the welcome screen after this long untouched */
};

/* Fills `cfg` with the built-in defaults (every language, en, no country,
 * system zone, 112, 90 s). */
void config_defaults(struct fd_config *cfg);

/* Reads `path` over the defaults. When `must_exist` is 0 a missing file is
 * not an error (the default path on a demo machine). On failure returns -1,
 * leaves `cfg` as it was and writes "FILE:LINE: message" (or "FILE: message")
 * into `err`. */
int config_load(struct fd_config *cfg, const char *path, int must_exist, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* 1 when `code` is one of the languages `cfg` offers. */
int config_offers(const struct fd_config *cfg, const char *code);
/* 1 when times are written on a 12-hour clock for `lang` ("4:30 PM"):
 * English in the United States. Everywhere else 24-hour. */
int config_twelve_hour(const struct fd_config *cfg, const char *lang);

#endif
