/* config.c: the INI configuration, validated key by key.
 *
 * inih calls handle() for each key; a table maps each known key to a checker
 * that writes into a scratch copy of the configuration. Only when the whole
 * file is read without error is the scratch copy handed back, so a bad file
 * changes nothing. inih reports only the line of the first failure, so lines
 * are fed to it by read_line(), which counts them: the handler then knows its
 * line and the first message is paired with the right one.
 *
 * read_line() also cuts comments off: Debian's inih knows ';' after a value
 * but not '#', and a long comment would otherwise make a line too long.
 * Texts for the screens (KEY or KEY.LANG) go in a bounded table rather than
 * the key table; a text goes on over indented lines, which inih hands to the
 * handler as the whole line under the previous key's name. A text given
 * without a language is filed under default_language once the whole file is
 * read, since that key may come later.
 */
#include "frontdoor/config.h"

#include "frontdoor/clock.h"
#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/paths.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

struct parse {
    FILE *f;
    int line;     /* lines read so far */
    int too_long; /* first line longer than inih accepts, or 0 */
    struct fd_config cfg;
    unsigned seen;                   /* bit per key, to refuse repeats */
    int key_line[24];                /* where each key was set */
    int msg_line;                    /* line of the first checker error, or 0 */
    char msg[256];                   /* first checker error */
    const char *line_start;          /* the current line past its indent */
    int text_line[CONFIG_MAX_TEXTS]; /* where each text was set */
    int last_text;                   /* the text the last key line set, or -1 */
};

/* Cuts `s` at its comment: a '#' or ';' that starts it or follows white
 * space. Returns 1 when there was one. */
static int cut_comment(char *s)
{
    for (char *c = s; *c; c++) {
        if ((*c == '#' || *c == ';') && (c == s || c[-1] == ' ' || c[-1] == '\t')) {
            *c = '\0';
            return 1;
        }
    }
    return 0;
}

/* inih's reader: one whole line per call, counted, without its comment. A
 * line longer than inih's buffer is refused rather than silently split into
 * two, unless what did not fit is comment. */
static char *read_line(char *str, int num, void *stream)
{
    struct parse *p = stream;
    if (!fgets(str, num, p->f))
        return NULL;
    p->line++;
    size_t len = strlen(str);
    int partial = len == (size_t)num - 1 && str[len - 1] != '\n' && !feof(p->f);
    int comment = cut_comment(str);
    p->line_start = str + strspn(str, " \t\n\v\f\r"); /* as inih skips it */
    if (partial) {
        if (!comment && !p->too_long)
            p->too_long = p->line;
        int c;
        do
            c = fgetc(p->f);
        while (c != EOF && c != '\n');
    }
    return str;
}

typedef int (*checker)(struct fd_config *cfg, const char *value, char *msg, size_t msglen);

static int set_string(char *dst, size_t size, const char *value, char *msg, size_t msglen)
{
    if (strlen(value) >= size) {
        xsnprintf(msg, msglen, "value is too long (at most %zu characters)", size - 1);
        return -1;
    }
    memcpy(dst, value, strlen(value) + 1);
    return 0;
}

static int unknown_language(const char *value, char *msg, size_t msglen)
{
    size_t n, used = 0;
    const struct fd_language *langs = i18n_languages(&n);
    char known[192] = "";
    for (size_t i = 0; i < n; i++) {
        if (xappend(known, sizeof known, &used, "%s%s", i ? ", " : "", langs[i].code) != 0)
            break;
    }
    xsnprintf(msg, msglen, "unknown language \"%s\" (known: %s)", value, known);
    return -1;
}

static int check_language(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    if (!i18n_language(value))
        return unknown_language(value, msg, msglen);
    return set_string(cfg->default_language, sizeof cfg->default_language, value, msg, msglen);
}

/* "fi, sv, en": known codes, each once, separated by commas. */
static int check_languages(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    int n = 0;
    char list[CONFIG_MAX_LANGUAGES][16];
    for (const char *p = value; *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        size_t len = strcspn(p, ", \t");
        char code[16];
        if (len == 0 || len >= sizeof code) {
            xsnprintf(msg, msglen,
                      "languages \"%s\": expected codes separated by commas, "
                      "such as \"fi, sv, en\"",
                      value);
            return -1;
        }
        xsnprintf(code, sizeof code, "%.*s", (int)len, p);
        if (!i18n_language(code))
            return unknown_language(code, msg, msglen);
        for (int i = 0; i < n; i++) {
            if (strcmp(list[i], code) == 0) {
                xsnprintf(msg, msglen, "languages: \"%s\" is named twice", code);
                return -1;
            }
        }
        if (n == CONFIG_MAX_LANGUAGES) {
            xsnprintf(msg, msglen, "languages: at most %d", CONFIG_MAX_LANGUAGES);
            return -1;
        }
        memcpy(list[n++], code, len + 1);
        p += len;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == ',' && *++p == '\0') {
            xsnprintf(msg, msglen, "languages \"%s\": a comma ends the list", value);
            return -1;
        }
    }
    memcpy(cfg->languages, list, sizeof list);
    cfg->n_languages = n;
    return 0;
}

static int check_country(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    if (strlen(value) != 2 || value[0] < 'A' || value[0] > 'Z' || value[1] < 'A' ||
        value[1] > 'Z') {
        xsnprintf(msg, msglen, "country \"%s\": expected two capital letters, such as FI or US",
                  value);
        return -1;
    }
    return set_string(cfg->country, sizeof cfg->country, value, msg, msglen);
}

static int check_zone(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    if (!clock_zone_exists(value)) {
        xsnprintf(msg, msglen, "unknown time zone \"%s\" (expected a name such as Europe/Helsinki)",
                  value);
        return -1;
    }
    return set_string(cfg->time_zone, sizeof cfg->time_zone, value, msg, msglen);
}

static int check_phone(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    int digits = 0;
    for (const char *p = value; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!(*p == ' ' || (*p == '+' && p == value))) {
            xsnprintf(msg, msglen, "emergency_number \"%s\": only digits, spaces and a leading +",
                      value);
            return -1;
        }
    }
    if (digits < 2 || digits > 15) {
        xsnprintf(msg, msglen, "emergency_number \"%s\": expected 2 to 15 digits", value);
        return -1;
    }
    return set_string(cfg->emergency_number, sizeof cfg->emergency_number, value, msg, msglen);
}

/* A whole number of seconds from `lo` to `hi` for key `name`. */
static int check_seconds(const char *name, const char *value, long lo, long hi, int *out, char *msg,
                         size_t msglen)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end || v < lo || v > hi) {
        xsnprintf(msg, msglen, "%s \"%s\": expected a whole number from %ld to %ld", name, value,
                  lo, hi);
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int check_idle(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    return check_seconds("idle_reset_seconds", value, 20, 3600, &cfg->idle_reset_seconds, msg,
                         msglen);
}

static int check_warning(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    return check_seconds("idle_warning_seconds", value, 5, 120, &cfg->idle_warning_seconds, msg,
                         msglen);
}

/* The collector's address: https, or plain http to this machine only. */
static int check_collector(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    static const char *const loopback[] = {"http://127.", "http://localhost:", "http://localhost/",
                                           "http://[::1]"};
    int ok = strncmp(value, "https://", 8) == 0 && value[8] && value[8] != '/';
    for (size_t i = 0; i < ARRAY_LEN(loopback) && !ok; i++)
        ok = strncmp(value, loopback[i], strlen(loopback[i])) == 0;
    for (const char *p = value; *p && ok; p++)
        ok = *p > ' ' && *p < 0x7f;
    if (!ok) {
        xsnprintf(msg, msglen,
                  "collector \"%s\": expected an https:// address (http:// only to this "
                  "machine, for tests)",
                  value);
        return -1;
    }
    return set_string(cfg->sync_collector, sizeof cfg->sync_collector, value, msg, msglen);
}

static int check_ca_file(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    struct stat sb;
    if (value[0] != '/' || stat(value, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        xsnprintf(msg, msglen, "ca_file \"%s\": expected the absolute path of a certificate file",
                  value);
        return -1;
    }
    return set_string(cfg->sync_ca_file, sizeof cfg->sync_ca_file, value, msg, msglen);
}

static int check_interval(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    return check_seconds("interval_minutes", value, 1, 1440, &cfg->sync_interval_minutes, msg,
                         msglen);
}

/* "60.1699, 24.9384": latitude and longitude in decimal degrees, as a map
 * shows them. strtod reads them the same everywhere: the kiosk never sets
 * LC_NUMERIC. */
static int check_location(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    char *end;
    errno = 0;
    double lat = strtod(value, &end);
    const char *comma = end;
    while (*comma == ' ' || *comma == '\t')
        comma++;
    double lon = 0;
    int ok = !errno && end != value && *comma == ',';
    if (ok) {
        lon = strtod(comma + 1, &end);
        while (*end == ' ' || *end == '\t')
            end++;
        ok = !errno && end != comma + 1 && !*end && isfinite(lat) && isfinite(lon);
    }
    if (!ok) {
        xsnprintf(msg, msglen,
                  "location \"%s\": expected latitude, longitude in decimal degrees, "
                  "such as 60.1699, 24.9384",
                  value);
        return -1;
    }
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
        xsnprintf(msg, msglen,
                  "location \"%s\": latitude must be from -90 to 90 and longitude from -180 "
                  "to 180",
                  value);
        return -1;
    }
    cfg->has_location = 1;
    cfg->latitude = lat;
    cfg->longitude = lon;
    return 0;
}

/* "KEY, KEY": public keys from frontdoor-admin keygen, each once. */
static int check_trusted_keys(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    unsigned char keys[CONFIG_MAX_KEYS][SIGN_PUBLIC_BYTES];
    int n = 0;
    for (const char *p = value + strspn(value, " \t"); *p; p += strspn(p, ", \t")) {
        size_t len = strcspn(p, ", \t");
        char text[SIGN_PUBLIC_TEXT] = "";
        if (len < sizeof text)
            xsnprintf(text, sizeof text, "%.*s", (int)len, p);
        if (!*text || sign_public_parse(text, keys[n]) != 0) {
            xsnprintf(msg, msglen,
                      "trusted_keys: \"%.*s\" is not a public key (44 characters of Base64, as "
                      "frontdoor-admin keygen prints)",
                      (int)(len > 60 ? 60 : len), p);
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (memcmp(keys[i], keys[n], SIGN_PUBLIC_BYTES) == 0) {
                xsnprintf(msg, msglen, "trusted_keys: %s is named twice", text);
                return -1;
            }
        }
        p += len;
        if (++n == CONFIG_MAX_KEYS && p[strspn(p, ", \t")]) {
            xsnprintf(msg, msglen, "trusted_keys: at most %d", CONFIG_MAX_KEYS);
            return -1;
        }
    }
    memcpy(cfg->trusted_keys, keys, (size_t)n * SIGN_PUBLIC_BYTES);
    cfg->n_trusted_keys = n;
    return 0;
}

/* "ctrl+alt+s": modifiers (ctrl, alt, shift, super), each once, then one
 * key: a letter, a digit or f1 to f12; or "none". Stored in lower case. */
static int check_staff_keys(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    static const char *const mods[] = {"ctrl", "alt", "shift", "super"};
    char buf[sizeof cfg->staff_keys];
    size_t n = strlen(value);
    if (n >= sizeof buf)
        goto bad;
    for (size_t i = 0; i <= n; i++)
        buf[i] = (char)tolower((unsigned char)value[i]);
    if (strcmp(buf, "none") == 0) {
        memcpy(cfg->staff_keys, buf, n + 1);
        return 0;
    }
    unsigned seen = 0;
    char *part = buf, *plus;
    while ((plus = strchr(part, '+'))) {
        *plus = '\0';
        size_t m = 0;
        while (m < ARRAY_LEN(mods) && strcmp(part, mods[m]) != 0)
            m++;
        if (m == ARRAY_LEN(mods) || (seen & (1u << m)))
            goto bad;
        seen |= 1u << m;
        *plus = '+';
        part = plus + 1;
    }
    int letter =
        strlen(part) == 1 && ((*part >= 'a' && *part <= 'z') || (*part >= '0' && *part <= '9'));
    int fkey =
        part[0] == 'f' && part[1] >= '1' && part[1] <= '9' &&
        (part[2] == '\0' || (part[1] == '1' && part[2] >= '0' && part[2] <= '2' && !part[3]));
    /* A key alone, or with Shift alone, is one a resident may press. */
    if (!(letter || fkey) || (seen & ~(1u << 2)) == 0)
        goto bad;
    memcpy(cfg->staff_keys, buf, n + 1);
    return 0;
bad:
    xsnprintf(msg, msglen,
              "keys \"%s\": expected modifiers and a key, such as ctrl+alt+s (ctrl, alt or "
              "super at least; a letter, a digit or f1 to f12), or none",
              value);
    return -1;
}

static int check_on_off(const char *key, const char *value, int *out, char *msg, size_t msglen)
{
    if (strcmp(value, "on") == 0 || strcmp(value, "off") == 0) {
        *out = strcmp(value, "on") == 0;
        return 0;
    }
    xsnprintf(msg, msglen, "%s \"%s\": expected on or off", key, value);
    return -1;
}

static int check_staff_corners(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    return check_on_off("corners", value, &cfg->staff_corners, msg, msglen);
}

/* An absolute path: where the system mounts USB sticks. */
static int check_usb_folder(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    if (value[0] != '/') {
        xsnprintf(msg, msglen, "usb_folder \"%s\": expected an absolute path, such as /media",
                  value);
        return -1;
    }
    return set_string(cfg->usb_folder, sizeof cfg->usb_folder, value, msg, msglen);
}

/* "0", "90", "180" or "270": degrees clockwise the picture is turned. */
static int check_rotation(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    static const char *const angles[] = {"0", "90", "180", "270"};
    for (size_t i = 0; i < ARRAY_LEN(angles); i++) {
        if (strcmp(value, angles[i]) == 0) {
            cfg->rotation = (int)i * 90;
            return 0;
        }
    }
    xsnprintf(msg, msglen, "rotation \"%s\": expected 0, 90, 180 or 270 (degrees clockwise)",
              value);
    return -1;
}

/* "HH:MM" (24:00 only when `end`), as minutes of the day; the end of the
 * time in *end. Returns -1 when it is not one. */
static int parse_hhmm(const char *p, int end, int *minutes, const char **after)
{
    if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] == ':' && p[3] >= '0' &&
          p[3] <= '5' && p[4] >= '0' && p[4] <= '9'))
        return -1;
    int h = (p[0] - '0') * 10 + (p[1] - '0'), m = (p[3] - '0') * 10 + (p[4] - '0');
    if (h > 24 || (h == 24 && (m || !end)))
        return -1;
    *minutes = h * 60 + m;
    *after = p + 5;
    return 0;
}

/* The weekday "mon" to "sun" (any case) at p, 0 for Monday, or -1. */
static int parse_weekday(const char *p)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (int d = 0; d < 7; d++) {
        if (strncasecmp(p, days[d], 3) == 0)
            return d;
    }
    return -1;
}

/* "Mon-Fri 08:00-20:00, Sat 10:00-16:00": when the screen is on, one time
 * a day at most; days not named stay dark. */
static int check_screen_hours(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    short on[7] = {0}, off[7] = {0};
    unsigned named = 0;
    const char *p = value;
    for (;;) {
        p += strspn(p, " \t");
        const char *item = p;
        int first = parse_weekday(p), last = first, from, to;
        if (first >= 0) {
            p += 3;
            if (*p == '-') {
                last = parse_weekday(p + 1);
                p += 4;
            }
        }
        if (first < 0 || last < first || (*p != ' ' && *p != '\t'))
            goto bad;
        p += strspn(p, " \t");
        if (parse_hhmm(p, 0, &from, &p) != 0 || *p++ != '-' || parse_hhmm(p, 1, &to, &p) != 0)
            goto bad;
        if (to <= from) {
            xsnprintf(msg, msglen, "hours \"%.*s\": the screen must go off after it comes on",
                      (int)strcspn(item, ","), item);
            return -1;
        }
        for (int d = first; d <= last; d++) {
            if (named & (1u << d)) {
                xsnprintf(msg, msglen, "hours: a day is named twice in \"%s\"", value);
                return -1;
            }
            named |= 1u << d;
            on[d] = (short)from;
            off[d] = (short)to;
        }
        p += strspn(p, " \t");
        if (!*p)
            break;
        if (*p++ != ',')
            goto bad;
    }
    memcpy(cfg->screen_on, on, sizeof on);
    memcpy(cfg->screen_off, off, sizeof off);
    cfg->has_screen_hours = 1;
    return 0;
bad:
    xsnprintf(msg, msglen,
              "hours \"%s\": expected days and times such as Mon-Fri 08:00-20:00, Sat "
              "10:00-16:00 (00:00 to 24:00)",
              value);
    return -1;
}

static const struct {
    const char *section;
    const char *name;
    checker check;
} keys[] = {
    {"kiosk", "languages", check_languages},
    {"kiosk", "default_language", check_language},
    {"kiosk", "country", check_country},
    {"kiosk", "time_zone", check_zone},
    {"kiosk", "emergency_number", check_phone},
    {"kiosk", "idle_reset_seconds", check_idle},
    {"kiosk", "idle_warning_seconds", check_warning},
    {"kiosk", "location", check_location},
    {"sync", "collector", check_collector},
    {"sync", "ca_file", check_ca_file},
    {"sync", "interval_minutes", check_interval},
    {"catalogue", "trusted_keys", check_trusted_keys},
    {"staff", "keys", check_staff_keys},
    {"staff", "corners", check_staff_corners},
    {"staff", "usb_folder", check_usb_folder},
    {"screen", "rotation", check_rotation},
    {"screen", "hours", check_screen_hours},
};
_Static_assert(ARRAY_LEN(keys) <= ARRAY_LEN(((struct parse *)0)->key_line), "key_line too short");

/* ---- texts: KEY or KEY.LANG, free UTF-8 ------------------------------------ */

static const char *const text_keys[] = {"emergency_note", "desk_hours", "desk_location"};
_Static_assert(CONFIG_MAX_TEXTS >= ARRAY_LEN(text_keys) * (1 + CONFIG_MAX_LANGUAGES),
               "texts[] too short");

/* 1 when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF). */
static int utf8_valid(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        unsigned char c = *u++, lo = 0x80, hi = 0xBF;
        int more;
        if (c < 0x80)
            continue;
        if (c >= 0xC2 && c <= 0xDF) {
            more = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            more = 2;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            more = 3;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return 0;
        }
        /* The first continuation byte has the narrower range; a NUL fails. */
        for (int k = 0; k < more; k++, u++) {
            if (*u < (k ? 0x80 : lo) || *u > (k ? 0xBF : hi))
                return 0;
        }
    }
    return 1;
}

/* The entry of `key` in `lang` ("" for one given without a language), or -1. */
/* The text of `key` in `lang`, or in any language when `lang` is NULL. */
static int find_text(const struct fd_config *cfg, const char *key, const char *lang)
{
    for (int i = 0; i < cfg->n_texts; i++) {
        if (strcmp(cfg->texts[i].key, key) == 0 && (!lang || strcmp(cfg->texts[i].lang, lang) == 0))
            return i;
    }
    return -1;
}

/* Adds `piece` to the text `name` (as written in the file), after a space
 * when it goes on from an earlier line. */
static int append_text(struct fd_config_text *t, const char *name, const char *piece, char *msg,
                       size_t msglen)
{
    if (!utf8_valid(piece)) {
        xsnprintf(msg, msglen, "%s: not valid UTF-8; save the file as UTF-8", name);
        return -1;
    }
    size_t have = strlen(t->text), sep = have ? 1 : 0, add = strlen(piece);
    if (have + sep + add > CONFIG_TEXT_MAX) {
        xsnprintf(msg, msglen, "%s: %zu bytes is longer than the limit of %d bytes", name,
                  have + sep + add, CONFIG_TEXT_MAX);
        return -1;
    }
    if (sep)
        t->text[have++] = ' ';
    memcpy(t->text + have, piece, add + 1);
    return 0;
}

/* The text key `name` is, as "desk_hours" or "desk_hours.fi", or NULL; *lang
 * gets what follows the dot, or NULL when there is none. */
static const char *text_key(const char *section, const char *name, const char **lang)
{
    size_t len = strcspn(name, ".");
    *lang = name[len] == '.' ? name + len + 1 : NULL;
    if (strcmp(section, "kiosk") != 0)
        return NULL;
    for (size_t i = 0; i < ARRAY_LEN(text_keys); i++) {
        if (strlen(text_keys[i]) == len && strncmp(text_keys[i], name, len) == 0)
            return text_keys[i];
    }
    return NULL;
}

static int set_text(struct parse *p, const char *name, const char *key, const char *lang,
                    const char *value, char *msg, size_t msglen)
{
    struct fd_config *cfg = &p->cfg;
    if (lang && !i18n_language(lang))
        return unknown_language(lang, msg, msglen);
    if (find_text(cfg, key, lang ? lang : "") >= 0) {
        xsnprintf(msg, msglen, "\"%s\" is set twice", name);
        return -1;
    }
    if (!*value) {
        xsnprintf(msg, msglen, "\"%s\" has no value", name);
        return -1;
    }
    if (cfg->n_texts == CONFIG_MAX_TEXTS) { /* a new interface language past the bound */
        xsnprintf(msg, msglen, "\"%s\": too many texts (at most %d)", name, CONFIG_MAX_TEXTS);
        return -1;
    }
    struct fd_config_text *t = &cfg->texts[cfg->n_texts];
    memset(t, 0, sizeof *t);
    xsnprintf(t->key, sizeof t->key, "%s", key);
    xsnprintf(t->lang, sizeof t->lang, "%s", lang ? lang : "");
    if (append_text(t, name, value, msg, msglen) != 0)
        return -1;
    p->text_line[cfg->n_texts] = p->line;
    p->last_text = cfg->n_texts++;
    return 0;
}

/* An indented line: more of the text the previous key line set. inih names
 * it by that key, whatever the key was. */
static int continue_text(struct parse *p, const char *name, const char *value, char *msg,
                         size_t msglen)
{
    if (p->last_text < 0) {
        xsnprintf(msg, msglen, "\"%s\" cannot continue on an indented line", name);
        return -1;
    }
    return append_text(&p->cfg.texts[p->last_text], name, value, msg, msglen);
}

static int handle(void *user, const char *section, const char *name, const char *value)
{
    struct parse *p = user;
    char msg[sizeof p->msg];
    int ok = 0;
    size_t i;
    for (i = 0; i < ARRAY_LEN(keys); i++) {
        if (strcmp(keys[i].section, section) == 0 && strcmp(keys[i].name, name) == 0)
            break;
    }
    const char *lang, *text = text_key(section, name, &lang);
    /* inih passes an indented line whole, "key =" and all: its value
     * starts where the line does. A "key = value" line's never does. */
    int continued = value == p->line_start;
    if (!continued)
        p->last_text = -1;
    if (continued)
        ok = continue_text(p, name, value, msg, sizeof msg) == 0;
    else if (text)
        ok = set_text(p, name, text, lang, value, msg, sizeof msg) == 0;
    else if (i == ARRAY_LEN(keys))
        xsnprintf(msg, sizeof msg, "unknown key \"%s\" in section [%s]", name, section);
    else if (p->seen & (1u << i))
        xsnprintf(msg, sizeof msg, "\"%s\" is set twice", name);
    else if (!*value)
        xsnprintf(msg, sizeof msg, "\"%s\" has no value", name);
    else if (keys[i].check(&p->cfg, value, msg, sizeof msg) == 0)
        ok = 1;
    if (i < ARRAY_LEN(keys) && !continued) {
        p->seen |= 1u << i;
        p->key_line[i] = p->line;
    }
    if (!ok && !p->msg_line) {
        p->msg_line = p->line;
        memcpy(p->msg, msg, sizeof msg);
    }
    return ok;
}

int config_screen_on(const struct fd_config *cfg, int weekday, int minute)
{
    if (!cfg->has_screen_hours)
        return 1;
    int d = weekday - 1;
    return d >= 0 && d < 7 && minute >= cfg->screen_on[d] && minute < cfg->screen_off[d];
}

/* The line that set key `name`, or 0. */
static int line_of(const struct parse *p, const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
        if (strcmp(keys[i].name, name) == 0)
            return p->key_line[i];
    }
    return 0;
}

/* Files each text given without a language under the default language,
 * which must not have a text of its own too. */
static int resolve_texts(struct parse *p, const char *path, char *err, size_t errlen)
{
    struct fd_config *cfg = &p->cfg;
    for (int i = 0; i < cfg->n_texts; i++) {
        struct fd_config_text *t = &cfg->texts[i];
        if (t->lang[0])
            continue;
        int j = find_text(cfg, t->key, cfg->default_language);
        if (j >= 0) {
            /* The latest of the three lines involved. */
            int line = p->text_line[i] > p->text_line[j] ? p->text_line[i] : p->text_line[j];
            int lang_line = line_of(p, "default_language");
            xsnprintf(err, errlen,
                      "%s:%d: \"%s\" and \"%s.%s\" are both the text in the default language "
                      "\"%s\"",
                      path, lang_line > line ? lang_line : line, t->key, t->key,
                      cfg->default_language, cfg->default_language);
            return -1;
        }
        xsnprintf(t->lang, sizeof t->lang, "%s", cfg->default_language);
    }
    return 0;
}

int config_offers(const struct fd_config *cfg, const char *code)
{
    for (int i = 0; i < cfg->n_languages; i++) {
        if (strcmp(cfg->languages[i], code) == 0)
            return 1;
    }
    return 0;
}

const char *config_text(const struct fd_config *cfg, const char *key, const char *lang,
                        const char **found_lang)
{
    /* Last, any language: the file's own default, where a text without a
     * language is filed, differs from the kiosk's under --lang. */
    const char *want[] = {lang, cfg->default_language, NULL};
    for (size_t w = 0; w < ARRAY_LEN(want); w++) {
        int i = w < 2 && !want[w] ? -1 : find_text(cfg, key, want[w]);
        if (i >= 0) {
            if (found_lang)
                *found_lang = cfg->texts[i].lang;
            return cfg->texts[i].text;
        }
    }
    if (found_lang)
        *found_lang = NULL;
    return NULL;
}

int config_twelve_hour(const struct fd_config *cfg, const char *lang)
{
    return strcmp(cfg->country, "US") == 0 && strcmp(lang, "en") == 0;
}

void config_defaults(struct fd_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    size_t n;
    const struct fd_language *langs = i18n_languages(&n);
    for (size_t i = 0; i < n && cfg->n_languages < CONFIG_MAX_LANGUAGES; i++) {
        if (!langs[i].pseudo)
            memcpy(cfg->languages[cfg->n_languages++], langs[i].code, strlen(langs[i].code) + 1);
    }
    memcpy(cfg->default_language, "en", 3);
    memcpy(cfg->emergency_number, "112", 4);
    cfg->idle_reset_seconds = 90;
    cfg->idle_warning_seconds = 20;
    cfg->sync_interval_minutes = 60;
    memcpy(cfg->staff_keys, "ctrl+alt+s", sizeof "ctrl+alt+s");
    cfg->staff_corners = 1;
    memcpy(cfg->usb_folder, "/media", sizeof "/media");
}

/* 1 when `sb` is the null device, which stands for an empty file. */
static int is_null_device(const struct stat *sb)
{
    struct stat null;
    return S_ISCHR(sb->st_mode) && stat("/dev/null", &null) == 0 && S_ISCHR(null.st_mode) &&
           sb->st_rdev == null.st_rdev;
}

/* Opens the configuration at `path` (paths_open_regular). Returns NULL
 * with the reason in `err`, or with `err` empty when there is nothing to
 * read: a missing file that need not exist, or /dev/null. */
static FILE *open_config(const char *path, int must_exist, char *err, size_t errlen)
{
    struct stat sb;
    err[0] = '\0';
    FILE *f = paths_open_regular(path, &sb);
    if (f || (!errno && is_null_device(&sb)) || (errno == ENOENT && !must_exist))
        return f;
    if (errno)
        xsnprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
    else
        xsnprintf(err, errlen, "%s: not a regular file", path);
    return NULL;
}

int config_load(struct fd_config *cfg, const char *path, int must_exist, char *err, size_t errlen)
{
    FILE *f = open_config(path, must_exist, err, errlen);
    if (!f)
        return err[0] ? -1 : 0;
    /* The file's texts replace any there were. */
    struct parse p = {.f = f, .cfg = *cfg, .last_text = -1};
    p.cfg.n_texts = 0;
    int line = ini_parse_stream(read_line, &p, handle, &p);
    fclose(f);
    if (p.too_long && (line == 0 || p.too_long < line))
        line = p.too_long;
    if (line != 0) {
        if (line < 0)
            xsnprintf(err, errlen, "%s: cannot read the file", path);
        else if (line == p.too_long)
            xsnprintf(err, errlen, "%s:%d: line is too long", path, line);
        else if (line == p.msg_line)
            xsnprintf(err, errlen, "%s:%d: %s", path, line, p.msg);
        else
            xsnprintf(err, errlen, "%s:%d: expected \"key = value\" or \"[section]\"", path, line);
        return -1;
    }
    if (!config_offers(&p.cfg, p.cfg.default_language)) {
        /* Whichever of the two keys came last is the one to look at. */
        int a = line_of(&p, "languages"), b = line_of(&p, "default_language");
        xsnprintf(err, errlen, "%s:%d: default_language \"%s\" is not one of the languages offered",
                  path, a > b ? a : b, p.cfg.default_language);
        return -1;
    }
    if (p.cfg.idle_warning_seconds >= p.cfg.idle_reset_seconds) {
        int a = line_of(&p, "idle_reset_seconds"), b = line_of(&p, "idle_warning_seconds");
        xsnprintf(err, errlen,
                  "%s:%d: idle_warning_seconds (%d) must be less than idle_reset_seconds (%d)",
                  path, a > b ? a : b, p.cfg.idle_warning_seconds, p.cfg.idle_reset_seconds);
        return -1;
    }
    if (resolve_texts(&p, path, err, errlen) != 0)
        return -1;
    *cfg = p.cfg;
    return 0;
}
