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
    unsigned seen; /* bit per key, to refuse repeats */
    int msg_line;  /* line of the first checker error, or 0 */
    char msg[256]; /* first checker error */
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

static int check_language(struct fd_config *cfg, const char *value, char *msg, size_t msglen)
{
    if (!i18n_language(value)) {
        size_t n;
        const struct fd_language *langs = i18n_languages(&n);
        char known[128] = "";
        size_t used = 0;
        for (size_t i = 0; i < n && used < sizeof known; i++)
            used += (size_t)xsnprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "",
                                      langs[i].code);
        xsnprintf(msg, msglen, "unknown language \"%s\" (known: %s)", value, known);
        return -1;
    }
    return set_string(cfg->default_language, sizeof cfg->default_language, value, msg, msglen);
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
    {"kiosk", "default_language", check_language},
    {"kiosk", "time_zone", check_zone},
    {"kiosk", "emergency_number", check_phone},
    {"kiosk", "idle_reset_seconds", check_idle},
};

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
    if (i < ARRAY_LEN(keys))
        p->seen |= 1u << i;
    if (!ok && !p->msg_line) {
        p->msg_line = p->line;
        memcpy(p->msg, msg, sizeof msg);
    }
    return ok;
}

void config_defaults(struct fd_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
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
    *cfg = p.cfg;
    return 0;
}
