/* config.h: the kiosk's configuration file (INI, read with inih).
 *
 *     [kiosk]
 *     languages = fi, sv, en, ar, so
 *     default_language = fi
 *     country = FI
 *     time_zone = Europe/Helsinki
 *     emergency_number = 112
 *     idle_reset_seconds = 90
 *     idle_warning_seconds = 20
 *     location = 60.1699, 24.9384
 *
 *     [sync]
 *     collector = https://counts.example.org/
 *     ca_file = /etc/frontdoor/collector-ca.pem
 *     interval_minutes = 60
 *
 *     [catalogue]
 *     trusted_keys = Zm9v...=, YmFy...=    # from frontdoor-admin keygen
 *
 *     [staff]
 *     keys = ctrl+alt+s       # opens staff mode's PIN pad; "none": no keys
 *     corners = on            # so does tapping three corners in order
 *     usb_folder = /media     # where USB sticks are mounted
 *
 *     [screen]
 *     rotation = 90           # degrees clockwise the picture is turned
 *     hours = Mon-Fri 08:00-20:00, Sat 10:00-16:00   # on; dark otherwise
 *
 * Every key is optional; a demo needs no file at all. Every bad value, unknown
 * key or syntax error is refused with "FILE:LINE: message" and nothing of the
 * file is used: the kiosk refuses to start rather than guess.
 *
 * A '#' or ';' at the start of a line or after white space starts a comment.
 * Texts for the screens (emergency_note, desk_hours, desk_location) are free
 * UTF-8 text, each given as KEY (in the default language) or KEY.LANG (an
 * interface language); a text goes on over the indented lines after it,
 * joined with a space:
 *
 *     desk_hours = ma-pe 9-16              # in the default language
 *     desk_location.sv = Bottenvåningen,
 *         vid huvudingången
 */
#ifndef FRONTDOOR_CONFIG_H
#define FRONTDOOR_CONFIG_H

#include "frontdoor/sign.h"

#include <stddef.h>

#define CONFIG_MAX_LANGUAGES 16
#define CONFIG_MAX_KEYS 8   /* trusted signing keys */
#define CONFIG_TEXT_MAX 512 /* bytes in one text, without the NUL */
/* Three texts, each once without a language and once in each interface
 * language (there are at most CONFIG_MAX_LANGUAGES). */
#define CONFIG_MAX_TEXTS (3 * (1 + CONFIG_MAX_LANGUAGES))

/* One configured text in one language. */
struct fd_config_text {
    char key[16];                   /* "emergency_note", "desk_hours", "desk_location" */
    char lang[16];                  /* the interface language it is written in */
    char text[CONFIG_TEXT_MAX + 1]; /* valid UTF-8 */
};

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
    int idle_warning_seconds;  /* "Are you still there?" this long before the reset */
    /* Where the kiosk stands, degrees (WGS 84): services show how far they
     * are on foot. Only when has_location is set. */
    int has_location;
    double latitude, longitude;
    /* Where the daily reports go: "" means nowhere (they are still sealed
     * and kept). The CA file, when set, is the only one trusted for it. */
    char sync_collector[512];
    char sync_ca_file[256];
    int sync_interval_minutes; /* between tries while reports wait */
    /* The public keys a catalogue bundle must be signed with (sign.h). */
    unsigned char trusted_keys[CONFIG_MAX_KEYS][SIGN_PUBLIC_BYTES];
    int n_trusted_keys;
    /* How staff mode is asked for: a key combination ("ctrl+alt+s", as
     * written, in lower case; "none": no keys), and tapping the screen's
     * corners in order, top left, top right, bottom right (on unless "off"). */
    char staff_keys[40];
    int staff_corners;
    /* Where the system mounts USB sticks: staff mode looks there for
     * bundles to import. */
    char usb_folder[256];
    /* Degrees clockwise the picture is turned on the screen (0, 90, 180,
     * 270), for a screen mounted turned; touch is turned to match. */
    int rotation;
    /* When the screen is on: from screen_on[d] to screen_off[d], minutes of
     * the day, on weekday d (0 Monday); both 0 for a day it stays dark.
     * Only when has_screen_hours is set; otherwise it is always on. */
    int has_screen_hours;
    short screen_on[7], screen_off[7];
    /* What staff wrote for the screens; read them with config_text(). A text
     * given without a language is filed under the file's default_language. */
    struct fd_config_text texts[CONFIG_MAX_TEXTS];
    int n_texts;
};

/* Fills `cfg` with the built-in defaults (every language, en, no country,
 * system zone, 112, 90 s, a warning 20 s before, no texts, no collector, an
 * hour between tries). */
void config_defaults(struct fd_config *cfg);

/* Reads `path` over the defaults. When `must_exist` is 0 a missing file is
 * not an error (the default path on a demo machine); anything but a regular
 * file (a directory, a FIFO) is, and is never read. On failure returns -1,
 * leaves `cfg` as it was and writes "FILE:LINE: message" (or "FILE: message")
 * into `err`. */
int config_load(struct fd_config *cfg, const char *path, int must_exist, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* 1 when the screen is to be on at `minute` (0 to 1439) of `weekday` (1
 * Monday to 7 Sunday), local time; always without [screen] hours. */
int config_screen_on(const struct fd_config *cfg, int weekday, int minute);
/* 1 when `code` is one of the languages `cfg` offers. */
int config_offers(const struct fd_config *cfg, const char *code);
/* 1 when times are written on a 12-hour clock for `lang` ("4:30 PM"):
 * English in the United States. Everywhere else 24-hour. */
int config_twelve_hour(const struct fd_config *cfg, const char *lang);
/* The text of KEY ("emergency_note", "desk_hours", "desk_location") in `lang`,
 * else in the default language, else in the first language it is given in,
 * else NULL. *found_lang (may be NULL) gets the
 * language of the text returned, or NULL. Both point into `cfg`. */
const char *config_text(const struct fd_config *cfg, const char *key, const char *lang,
                        const char **found_lang);

#endif
