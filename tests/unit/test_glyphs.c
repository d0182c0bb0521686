/* Glyph coverage: every translated interface string (each compiled .mo of
 * the build, the pseudo-locale's too), every text of the sample catalogue in
 * every language, and every language name the screens show can be drawn by
 * the face the text engine chooses for its script. A character that fails
 * would be left out on screen, or drawn in another script's design. */
#include "frontdoor/i18n.h"
#include "frontdoor/text.h"

#include <SDL_ttf.h>
#include <dirent.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct text_engine *engine;
static int checked, failures;

/* Checks one text; says which character fails, where. */
static void check(const char *where, const char *text)
{
    checked++;
    uint32_t cp = text_uncovered(engine, text);
    if (cp) {
        if (failures++ < 20)
            fprintf(stderr, "%s: U+%04X has no glyph in its font: \"%s\"\n", where, (unsigned)cp,
                    text);
    }
}

static uint32_t word(const unsigned char *p, int swap)
{
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return swap ? (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24) : v;
}

/* Reads a GNU .mo file and checks every translation (each plural form). */
static void check_mo(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static unsigned char buf[1 << 20];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_true(len >= 28 && len < sizeof buf);
    int swap = word(buf, 0) != 0x950412de;
    assert_int_equal(word(buf, swap), 0x950412de);
    uint32_t n = word(buf + 8, swap), originals = word(buf + 12, swap),
             translations = word(buf + 16, swap);
    assert_true(n > 50); /* a real catalogue, not an empty one */
    for (uint32_t i = 0; i < n; i++) {
        uint32_t olen = word(buf + originals + 8 * i, swap);
        uint32_t tlen = word(buf + translations + 8 * i, swap);
        uint32_t toff = word(buf + translations + 8 * i + 4, swap);
        assert_true((size_t)toff + tlen < len);
        if (olen == 0)
            continue; /* the header */
        char *t = (char *)buf + toff;
        for (char *p = t; p < t + tlen; p += strlen(p) + 1)
            check(path, p);
    }
}

static void test_interface_strings(void **state)
{
    (void)state;
    size_t n;
    const struct fd_language *langs = i18n_languages(&n);
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        check("language name", langs[i].name);
        if (strcmp(langs[i].code, "en") == 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/locale/%s/LC_MESSAGES/frontdoor.mo", TEST_BUILD_DIR,
                 langs[i].code);
        check_mo(path);
        found++;
    }
    assert_int_equal(found, (int)n - 1);
    assert_int_equal(failures, 0);
}

/* Every string of the catalogue bundle: a translation in its language, any
 * other text in the bundle's; a spoken-language code as its own name. */
static void walk(json_t *v, const char *key, const char *lang)
{
    char where[128];
    if (json_is_string(v)) {
        snprintf(where, sizeof where, "catalogue (%s) %s", lang, key);
        if (strcmp(key, "languages") == 0)
            check(where, i18n_language_name(json_string_value(v)));
        else
            check(where, json_string_value(v));
    } else if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) walk(item, key, lang);
    } else if (json_is_object(v)) {
        const char *k;
        json_t *item;
        const char *own = json_string_value(json_object_get(v, "lang"));
        json_object_foreach(v, k, item) walk(item, k, own ? own : lang);
    }
}

static void test_catalogue_texts(void **state)
{
    (void)state;
    json_error_t err;
    json_t *root = json_load_file(TEST_SOURCE_DIR "/data/sample-catalogue.json", 0, &err);
    assert_non_null(root);
    failures = checked = 0;
    walk(root, "", json_string_value(json_object_get(root, "language")));
    json_decref(root);
    assert_true(checked > 3000);
    assert_int_equal(failures, 0);
}

/* The check can fail: a letter of a script no face is chosen for, and an
 * Arabic letter the Latin face would never draw, are both caught. */
static void test_check_fails(void **state)
{
    (void)state;
    assert_int_equal(text_uncovered(engine, "Stress, sleep, worries"), 0);
    assert_int_equal(text_uncovered(engine, "ትግርኛ فارسی Русский"), 0);
    assert_int_equal(text_uncovered(engine, "Hello \xE1\x8F\xA3"), 0x13E3); /* Cherokee */
    assert_int_equal(text_uncovered(engine, "\xF0\x9F\x98\x80"), 0x1F600);  /* emoji */
    /* Bidi marks and joiners are not drawn, so never missing. */
    assert_int_equal(text_uncovered(engine, "\xE2\x80\x8E[x]\xE2\x80\x8F\xE2\x80\x8C"), 0);
}

static int setup(void **state)
{
    (void)state;
    char err[256];
    if (TTF_Init() != 0)
        return -1;
    engine = text_engine_open(NULL, 1u << 20, err, sizeof err);
    if (!engine)
        fprintf(stderr, "text_engine_open: %s\n", err);
    return engine ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    text_engine_close(engine);
    TTF_Quit();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_fails),
        cmocka_unit_test(test_interface_strings),
        cmocka_unit_test(test_catalogue_texts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
