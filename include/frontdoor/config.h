/* config.h: the kiosk's configuration file (INI, read with inih).
 *
 *     [kiosk]
 *     default_language = fi
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

struct fd_config {
    char default_language[16]; /* an interface language code */
    char time_zone[64];        /* IANA zone; "" means the system's */
    char emergency_number[24]; /* shown on the out-of-order screen */
    int idle_reset_seconds;    /* back to the welcome screen after this long untouched */
};

/* Fills `cfg` with the built-in defaults (en, system zone, 112, 90 s). */
void config_defaults(struct fd_config *cfg);

/* Reads `path` over the defaults. When `must_exist` is 0 a missing file is
 * not an error (the default path on a demo machine). On failure returns -1,
 * leaves `cfg` as it was and writes "FILE:LINE: message" (or "FILE: message")
 * into `err`. */
int config_load(struct fd_config *cfg, const char *path, int must_exist, char *err, size_t errlen)
    __attribute__((warn_unused_result));

#endif
