/* Configuration: good files apply, every bad one names FILE:LINE and changes
 * nothing. Cases are rows: file text and the exact message expected. */
#include "frontdoor/config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static char path[64];

static void write_file(const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/fd-config-%ld.conf", (long)getpid());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static void test_defaults_without_file(void **state)
{
    (void)state;
    struct fd_config cfg;
    char err[256] = "";
    config_defaults(&cfg);
    unlink(path);
    assert_int_equal(config_load(&cfg, path, 0, err, sizeof err), 0);
    assert_string_equal(cfg.default_language, "en");
    assert_string_equal(cfg.emergency_number, "112");
    assert_string_equal(cfg.time_zone, "");
    assert_string_equal(cfg.country, "");
    /* Every real language is offered, in a fixed order; never the pseudo-locale. */
    assert_int_equal(cfg.n_languages, 12);
    assert_string_equal(cfg.languages[0], "en");
    assert_string_equal(cfg.languages[11], "ti");
    assert_false(config_offers(&cfg, "qps"));
    assert_false(config_twelve_hour(&cfg, "en"));
    /* An explicitly named file must exist. */
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot open"));
}

static void test_good_file(void **state)
{
    (void)state;
    struct fd_config cfg;
    char err[256] = "";
    config_defaults(&cfg);
    write_file("# a comment\n[kiosk]\ndefault_language = ar\n"
               "time_zone = Europe/Helsinki\nemergency_number = +358 112\n");
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), 0);
    assert_string_equal(cfg.default_language, "ar");
    assert_string_equal(cfg.time_zone, "Europe/Helsinki");
    assert_string_equal(cfg.emergency_number, "+358 112");
    assert_int_equal(cfg.idle_reset_seconds, 90);
}

static void test_languages_and_country(void **state)
{
    (void)state;
    struct fd_config cfg;
    char err[256] = "";
    config_defaults(&cfg);
    write_file("[kiosk]\nlanguages = so,ti , en,qps\ndefault_language = ti\ncountry = US\n");
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), 0);
    assert_int_equal(cfg.n_languages, 4);
    assert_string_equal(cfg.languages[0], "so");
    assert_string_equal(cfg.languages[1], "ti");
    assert_string_equal(cfg.languages[2], "en");
    assert_string_equal(cfg.languages[3], "qps");
    assert_true(config_offers(&cfg, "qps"));
    assert_false(config_offers(&cfg, "fi"));
    /* A 12-hour clock for English in the United States only. */
    assert_true(config_twelve_hour(&cfg, "en"));
    assert_false(config_twelve_hour(&cfg, "so"));
    write_file("[kiosk]\ncountry = GB\n");
    config_defaults(&cfg);
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), 0);
    assert_false(config_twelve_hour(&cfg, "en"));
}

static const struct {
    const char *text;
    int line;
    const char *message;
} bad[] = {
    {"[kiosk]\ndefault_language = xx\n", 2,
     "unknown language \"xx\" (known: en, fi, sv, da, nb, es, ar, fa, uk, ru, so, ti, qps)"},
    {"[kiosk]\nlanguages = fi, xx\n", 2,
     "unknown language \"xx\" (known: en, fi, sv, da, nb, es, ar, fa, uk, ru, so, ti, qps)"},
    {"[kiosk]\nlanguages = fi, sv, fi\n", 2, "languages: \"fi\" is named twice"},
    {"[kiosk]\nlanguages = fi,, sv\n", 2,
     "languages \"fi,, sv\": expected codes separated by commas, such as \"fi, sv, en\""},
    {"[kiosk]\nlanguages = fi, sv,\n", 2, "languages \"fi, sv,\": a comma ends the list"},
    /* The default must be offered: the later of the two lines is named. */
    {"[kiosk]\nlanguages = fi, sv\n", 2,
     "default_language \"en\" is not one of the languages offered"},
    {"[kiosk]\nlanguages = fi, sv\n\ndefault_language = ar\n", 4,
     "default_language \"ar\" is not one of the languages offered"},
    {"[kiosk]\ncountry = usa\n", 2,
     "country \"usa\": expected two capital letters, such as FI or US"},
    {"[kiosk]\n\ntime_zone = Mars/Olympus\n", 3,
     "unknown time zone \"Mars/Olympus\" (expected a name such as Europe/Helsinki)"},
    {"[kiosk]\ntime_zone = ../../etc/passwd\n", 2,
     "unknown time zone \"../../etc/passwd\" (expected a name such as Europe/Helsinki)"},
    {"[kiosk]\nemergency_number = 11a\n", 2,
     "emergency_number \"11a\": only digits, spaces and a leading +"},
    {"[kiosk]\nemergency_number = 1\n", 2, "emergency_number \"1\": expected 2 to 15 digits"},
    {"[kiosk]\nidle_reset_seconds = 5\n", 2,
     "idle_reset_seconds \"5\": expected a whole number from 20 to 3600"},
    {"[kiosk]\nidle_reset_seconds = 60s\n", 2,
     "idle_reset_seconds \"60s\": expected a whole number from 20 to 3600"},
    {"[kiosk]\ncolour = blue\n", 2, "unknown key \"colour\" in section [kiosk]"},
    {"default_language = en\n", 1, "unknown key \"default_language\" in section []"},
    {"[kiosk]\ndefault_language = en\ndefault_language = ar\n", 3,
     "\"default_language\" is set twice"},
    {"[kiosk]\ndefault_language =\n", 2, "\"default_language\" has no value"},
    {"[kiosk]\nthis line has no equals sign\n", 2, "expected \"key = value\" or \"[section]\""},
    /* A syntax error before a bad value: the first one is reported. */
    {"[kiosk\ntime_zone = Nowhere/At_All\n", 1, "expected \"key = value\" or \"[section]\""},
};

static void test_bad_files(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct fd_config cfg, before;
        char err[512] = "", want[512];
        config_defaults(&cfg);
        before = cfg;
        write_file(bad[i].text);
        assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), -1);
        snprintf(want, sizeof want, "%s:%d: %s", path, bad[i].line, bad[i].message);
        assert_string_equal(err, want);
        assert_memory_equal(&cfg, &before, sizeof cfg); /* nothing applied */
    }
}

static void test_long_line(void **state)
{
    (void)state;
    struct fd_config cfg;
    char err[512] = "", text[1024] = "[kiosk]\nemergency_number = ";
    size_t n = strlen(text);
    memset(text + n, '1', 400);
    text[n + 400] = '\n';
    text[n + 401] = '\0';
    config_defaults(&cfg);
    write_file(text);
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, ":2: line is too long"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_without_file),
        cmocka_unit_test(test_good_file),
        cmocka_unit_test(test_languages_and_country),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_long_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
