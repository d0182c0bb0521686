/* i18n.c: the language table and run-time gettext switching.
 *
 * gettext caches translations per LANGUAGE, and ignores LANGUAGE entirely in
 * the C locale. So init selects C.UTF-8 once, and each switch sets LANGUAGE
 * and calls textdomain() again, which invalidates gettext's cache. LC_NUMERIC
 * is never changed: numbers are formatted by us, the same in every language.
 */
#include "frontdoor/i18n.h"

#include "frontdoor/mem.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOMAIN "frontdoor"

/* Every language the interface is translated into, in the order offered
 * when the configuration names none. */
static const struct fd_language languages[] = {
    {"en", "English", "Latn", 0, 0},
    {"fi", "Suomi", "Latn", 0, 0},
    {"sv", "Svenska", "Latn", 0, 0},
    {"da", "Dansk", "Latn", 0, 0},
    {"nb", "Norsk bokmål", "Latn", 0, 0},
    {"es", "Español", "Latn", 0, 0},
    {"ar", "العربية", "Arab", 1, 0},
    {"fa", "فارسی", "Arab", 1, 0},
    {"uk", "Українська", "Cyrl", 0, 0},
    {"ru", "Русский", "Cyrl", 0, 0},
    {"so", "Soomaali", "Latn", 0, 0},
    {"ti", "ትግርኛ", "Ethi", 0, 0},
    /* For testing only, offered when the configuration names it: every
     * string 40% longer, accented and between bidi marks (locales/pseudo.c). */
    {"qps", "Ƥšéúďó", "Latn", 0, 1},
};

/* Languages services speak, named in themselves. Only scripts the kiosk's
 * fonts cover (Latin, Cyrillic, Arabic, Ge'ez). */
static const struct {
    const char *code, *name;
} spoken[] = {
    {"am", "አማርኛ"},    {"ar", "العربية"},  {"da", "Dansk"},           {"de", "Deutsch"},
    {"en", "English"}, {"es", "Español"},  {"et", "Eesti"},           {"fa", "فارسی"},
    {"fi", "Suomi"},   {"fr", "Français"}, {"ku", "Kurdî"},           {"nb", "Norsk bokmål"},
    {"pl", "Polski"},  {"ru", "Русский"},  {"se", "Davvisámegiella"}, {"so", "Soomaali"},
    {"sv", "Svenska"}, {"ti", "ትግርኛ"},     {"tr", "Türkçe"},          {"uk", "Українська"},
    {"ps", "پښتو"},    {"ckb", "کوردی"},
};

static char current[16] = "en";

const char *i18n_language_name(const char *code)
{
    for (size_t i = 0; code && i < sizeof spoken / sizeof spoken[0]; i++) {
        if (strcmp(spoken[i].code, code) == 0)
            return spoken[i].name;
    }
    return code ? code : "";
}

const struct fd_language *i18n_languages(size_t *count)
{
    *count = sizeof languages / sizeof languages[0];
    return languages;
}

const struct fd_language *i18n_language(const char *code)
{
    for (size_t i = 0; code && i < sizeof languages / sizeof languages[0]; i++) {
        if (strcmp(languages[i].code, code) == 0)
            return &languages[i];
    }
    return NULL;
}

int i18n_is_rtl(const char *code)
{
    static const char *const rtl[] = {"ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv"};
    if (!code)
        return 0;
    for (size_t i = 0; i < sizeof rtl / sizeof rtl[0]; i++) {
        size_t n = strlen(rtl[i]);
        if (strncmp(code, rtl[i], n) == 0 && (code[n] == '\0' || code[n] == '_' || code[n] == '-'))
            return 1;
    }
    return 0;
}

int i18n_init(const char *localedir)
{
    if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "C.utf8"))
        return -1;
    bindtextdomain(DOMAIN, localedir);
    bind_textdomain_codeset(DOMAIN, "UTF-8");
    textdomain(DOMAIN);
    return 0;
}

int i18n_set_language(const char *code)
{
    const struct fd_language *lang = i18n_language(code);
    if (!lang)
        return -1;
    if (setenv("LANGUAGE", lang->code, 1) != 0)
        return -1;
    textdomain(DOMAIN);
    xsnprintf(current, sizeof current, "%s", lang->code);
    return 0;
}

const char *i18n_pgettext(const char *context, const char *msgid)
{
    /* gettext keys a message with a context as "context\004msgid"; when no
     * translation has it, the msgid alone is the answer. */
    char key[256];
    if ((size_t)snprintf(key, sizeof key, "%s\004%s", context, msgid) >= sizeof key)
        return msgid;
    const char *t = gettext(key);
    return t == key ? msgid : t;
}

const char *i18n_current(void)
{
    return current;
}

const char *i18n_gettext_in(const char *code, const char *msgid, char *buf, size_t size)
{
    char was[sizeof current];
    memcpy(was, current, sizeof was);
    if (i18n_set_language(code) != 0) {
        xsnprintf(buf, size, "%s", msgid);
        return buf;
    }
    xsnprintf(buf, size, "%s", gettext(msgid));
    int back = i18n_set_language(was);
    (void)back; /* `was` was set a moment ago: only setenv could fail */
    return buf;
}
