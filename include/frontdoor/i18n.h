/* i18n.h: interface languages and gettext.
 *
 * gettext is the source of truth for interface strings (domain "frontdoor").
 * The language can change at any moment in one running process; switching
 * sets LANGUAGE, so it must happen on the thread that owns the UI while no
 * other thread reads the environment.
 */
#ifndef FRONTDOOR_I18N_H
#define FRONTDOOR_I18N_H

#include <libintl.h>
#include <stddef.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* A message in a context, for a word that translates differently in
 * different places (a month in a date, "May" the month). */
#define P_(ctx, s) i18n_pgettext(ctx, s)
/* Marks a message in a context for extraction; P_ translates it later. */
#define NC_(ctx, s) (s)

struct fd_language {
    const char *code;   /* "ar" */
    const char *name;   /* its own name in its own script: "العربية" */
    const char *script; /* ISO 15924: "Latn", "Arab", "Cyrl", "Ethi" */
    int rtl;            /* written right to left */
    int pseudo;         /* a test language, never offered unless configured */
};

/* Every interface language Frontdoor has, the real ones in the order offered
 * when the configuration does not choose, then the pseudo-locale. */
const struct fd_language *i18n_languages(size_t *count);
/* The language with this code, or NULL. */
const struct fd_language *i18n_language(const char *code);
/* 1 when `code` is written right to left (known or not: ar, fa, he, ur, ...). */
int i18n_is_rtl(const char *code);

/* The name of any language a service may speak, in that language and its
 * own script ("fi" gives "Suomi"). An unknown code is returned as it is. */
const char *i18n_language_name(const char *code);

/* Binds the domain to `localedir` and selects a UTF-8 locale that lets
 * LANGUAGE work (PLATFORM-FACTS: LANGUAGE is ignored under C/POSIX).
 * Returns 0 or -1 when no UTF-8 locale exists. */
int i18n_init(const char *localedir) __attribute__((warn_unused_result));
/* Switches gettext to `code`. Returns 0, or -1 for an unknown language. */
int i18n_set_language(const char *code) __attribute__((warn_unused_result));
/* pgettext(): `msgid` in `context`, or msgid itself when untranslated. */
const char *i18n_pgettext(const char *context, const char *msgid);
/* The current interface language's code. */
const char *i18n_current(void);
/* `msgid` translated into language `code` (msgid itself when `code` is not
 * an interface language or has no translation), copied into `buf`, while
 * the current language stays what it was: for a text that a person shows
 * to someone who reads another language. Switches twice, as
 * i18n_set_language does, so the same thread rules apply. */
const char *i18n_gettext_in(const char *code, const char *msgid, char *buf, size_t size);

#endif
