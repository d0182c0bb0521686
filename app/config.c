/* config.c: the INI configuration, validated key by key.
 *
 * inih calls handle() for each key; a table maps each known key to a checker
 * that writes into a scratch copy of the configuration. Only when the whole
 * file is read without error is the scratch copy handed back, so a bad file
 * changes nothing. inih reports only the line of the first failure, so lines
 * are fed to it by read_line(), which counts them: the handler then knows its
 * line and the first message is paired with the right one.
 */
#include "frontdoor/config.h"

#include "frontdoor/clock.h"
#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parse {
    FILE *f;
    int line;     /* lines read so far */
    int too_long; /* first line longer than inih accepts, or 0 */
    struct fd_config cfg;
    unsigned seen;   /* bit per key, to refuse repeats */
    int key_line[8]; /* where each key was set */
    int msg_line;    /* line of the first checker error, or 0 */
    char msg[256];   /* first checker error */
};

/* inih's reader: one whole line per call, counted. A line longer than inih's
 * buffer is refused rather than silently split into two. */
static char *read_line(char *str, int num, void *stream)
{
    struct parse *p = stream;
    if (!fgets(str, num, p->f))
        return NULL;
    p->line++;
    size_t len = strlen(str);
    if (len == (size_t)num - 1 && str[len - 1] != '\n' && !feof(p->f)) {
        if (!p->too_long)
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

static int check_idle(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end || v < 20 || v > 3600) {
        xsnprintf(msg, msglen, "idle_reset_seconds \"%s\": expected a whole number from 20 to 3600",
                  value);
        return -1;
    }
    cfg->idle_reset_seconds = (int)v;
    return 0;
}

static const struct {
    const char *section;
    const char *name;
    checker check;
} keys[] = {
    {"kiosk", "languages", check_languages},    {"kiosk", "default_language", check_language},
    {"kiosk", "country", check_country},        {"kiosk", "time_zone", check_zone},
    {"kiosk", "emergency_number", check_phone}, {"kiosk", "idle_reset_seconds", check_idle},
};
_Static_assert(ARRAY_LEN(keys) <= ARRAY_LEN(((struct parse *)0)->key_line), "key_line too short");

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
    if (i == ARRAY_LEN(keys))
        xsnprintf(msg, sizeof msg, "unknown key \"%s\" in section [%s]", name, section);
    else if (p->seen & (1u << i))
        xsnprintf(msg, sizeof msg, "\"%s\" is set twice", name);
    else if (!*value)
        xsnprintf(msg, sizeof msg, "\"%s\" has no value", name);
    else if (keys[i].check(&p->cfg, value, msg, sizeof msg) == 0)
        ok = 1;
    if (i < ARRAY_LEN(keys)) {
        p->seen |= 1u << i;
        p->key_line[i] = p->line;
    }
    if (!ok && !p->msg_line) {
        p->msg_line = p->line;
        memcpy(p->msg, msg, sizeof msg);
    }
    return ok;
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

int config_offers(const struct fd_config *cfg, const char *code)
{
    for (int i = 0; i < cfg->n_languages; i++) {
        if (strcmp(cfg->languages[i], code) == 0)
            return 1;
    }
    return 0;
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
}

int config_load(struct fd_config *cfg, const char *path, int must_exist, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT && !must_exist)
            return 0;
        xsnprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    struct parse p = {.f = f, .cfg = *cfg};
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
    *cfg = p.cfg;
    return 0;
}
