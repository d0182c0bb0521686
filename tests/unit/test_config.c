/* Configuration: good files apply, every bad one names FILE:LINE and changes
 * nothing. Cases are rows: file text and the exact message expected. */
#include "frontdoor/config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* 170 bytes: three such lines joined by spaces make 512, the longest text. */
#define T10 "0123456789"
#define T170 T10 T10 T10 T10 T10 T10 T10 T10 T10 T10 T10 T10 T10 T10 T10 T10 T10

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
    /* Inline comments: after white space, '#' and ';' end the value. */
    {"[kiosk]\nemergency_number = # none\n", 2, "\"emergency_number\" has no value"},
    {"[kiosk]\ncountry = FI;\n", 2,
     "country \"FI;\": expected two capital letters, such as FI or US"},
    {"[kiosk]\ncountry = F#I\n", 2,
     "country \"F#I\": expected two capital letters, such as FI or US"},
    /* Only a text goes on over indented lines. */
    {"[kiosk]\ncountry = FI\n  extra\n", 3, "\"country\" cannot continue on an indented line"},
    /* Texts: KEY or KEY.LANG, once each, at most 512 bytes of UTF-8. */
    {"[kiosk]\ndesk_hours.xx = Mon\n", 2,
     "unknown language \"xx\" (known: en, fi, sv, da, nb, es, ar, fa, uk, ru, so, ti, qps)"},
    {"[kiosk]\ndesk_location. = Hall\n", 2,
     "unknown language \"\" (known: en, fi, sv, da, nb, es, ar, fa, uk, ru, so, ti, qps)"},
    {"[kiosk]\nemergency_note.FI = 112\n", 2,
     "unknown language \"FI\" (known: en, fi, sv, da, nb, es, ar, fa, uk, ru, so, ti, qps)"},
    {"[kiosk]\ndesk_hours = Mon\ndesk_hours = Tue\n", 3, "\"desk_hours\" is set twice"},
    {"[kiosk]\ndesk_hours.fi = ma\n\ndesk_hours.fi = ti\n", 4, "\"desk_hours.fi\" is set twice"},
    {"[kiosk]\ndesk_location.sv =\n", 2, "\"desk_location.sv\" has no value"},
    {"[kiosk]\nemergency_note = ; nothing\n", 2, "\"emergency_note\" has no value"},
    {"[desk]\ndesk_hours = Mon\n", 2, "unknown key \"desk_hours\" in section [desk]"},
    {"[kiosk]\ncountry.fi = FI\n", 2, "unknown key \"country.fi\" in section [kiosk]"},
    {"[kiosk]\ndesk_hour = Mon\n", 2, "unknown key \"desk_hour\" in section [kiosk]"},
    {"[kiosk]\ndesk_location.fi = P\xe4\xe4ovi\n", 2,
     "desk_location.fi: not valid UTF-8; save the file as UTF-8"},
    {"[kiosk]\ndesk_hours = \xc0\xafoverlong\n", 2,
     "desk_hours: not valid UTF-8; save the file as UTF-8"},
    {"[kiosk]\ndesk_hours = \xed\xa0\x80 surrogate\n", 2,
     "desk_hours: not valid UTF-8; save the file as UTF-8"},
    {"[kiosk]\ndesk_hours = \xf4\x90\x80\x80 beyond U+10FFFF\n", 2,
     "desk_hours: not valid UTF-8; save the file as UTF-8"},
    {"[kiosk]\ndesk_hours = cut \xe2\x82\n", 2,
     "desk_hours: not valid UTF-8; save the file as UTF-8"},
    {"[kiosk]\ndesk_hours = \x80stray\n", 2, "desk_hours: not valid UTF-8; save the file as UTF-8"},
    {"[kiosk]\nemergency_note.uk = 112\n  \xd0\n", 3,
     "emergency_note.uk: not valid UTF-8; save the file as UTF-8"},
    {"[kiosk]\ndesk_hours = " T170 "\n  " T170 "\n  " T170 "x\n", 4,
     "desk_hours: 513 bytes is longer than the limit of 512 bytes"},
    /* Without a language a text is in the default language: saying it
     * twice is refused, at the later of the lines involved. */
    {"[kiosk]\ndefault_language = fi\ndesk_hours = ma-pe\ndesk_hours.fi = ma-pe 9-16\n", 4,
     "\"desk_hours\" and \"desk_hours.fi\" are both the text in the default language \"fi\""},
    {"[kiosk]\ndesk_location.sv = hallen\ndesk_location = aulassa\ndefault_language = sv\n", 4,
     "\"desk_location\" and \"desk_location.sv\" are both the text in the default language "
     "\"sv\""},
#define WANT_LATLON "expected latitude, longitude in decimal degrees, such as 60.1699, 24.9384"
#define OUT_OF_RANGE "latitude must be from -90 to 90 and longitude from -180 to 180"
    {"[kiosk]\nlocation = 60.17\n", 2, "location \"60.17\": " WANT_LATLON},
    {"[kiosk]\nlocation = 60,17, 24,94\n", 2, "location \"60,17, 24,94\": " WANT_LATLON},
    {"[kiosk]\nlocation = 60.17 24.94\n", 2, "location \"60.17 24.94\": " WANT_LATLON},
    {"[kiosk]\nlocation = 60.17,\n", 2, "location \"60.17,\": " WANT_LATLON},
    {"[kiosk]\nlocation = , 24.94\n", 2, "location \", 24.94\": " WANT_LATLON},
    {"[kiosk]\nlocation = 60.17N, 24.94E\n", 2, "location \"60.17N, 24.94E\": " WANT_LATLON},
    {"[kiosk]\nlocation = 60.17, 24.94, 3\n", 2, "location \"60.17, 24.94, 3\": " WANT_LATLON},
    {"[kiosk]\nlocation = nan, 24.94\n", 2, "location \"nan, 24.94\": " WANT_LATLON},
    {"[kiosk]\nlocation = 1e999, 24.94\n", 2, "location \"1e999, 24.94\": " WANT_LATLON},
    {"[kiosk]\nlocation = 160.17, 24.94\n", 2, "location \"160.17, 24.94\": " OUT_OF_RANGE},
    {"[kiosk]\n\nlocation = 90.5, 24.94\n", 3, "location \"90.5, 24.94\": " OUT_OF_RANGE},
    {"[kiosk]\nlocation = 60.17, -180.01\n", 2, "location \"60.17, -180.01\": " OUT_OF_RANGE},
    {"[kiosk]\nlocation = 1, 2\nlocation = 1, 2\n", 3, "\"location\" is set twice"},
    {"[sync]\nlocation = 1, 2\n", 2, "unknown key \"location\" in section [sync]"},
#define WANT_KEYS                                                                                  \
    "expected modifiers and a key, such as ctrl+alt+s (ctrl, alt or super at least; a letter, a "  \
    "digit or f1 to f12), or none"
    {"[staff]\nkeys = s\n", 2, "keys \"s\": " WANT_KEYS},
    {"[staff]\nkeys = shift+s\n", 2, "keys \"shift+s\": " WANT_KEYS},
    {"[staff]\nkeys = ctrl+ctrl+s\n", 2, "keys \"ctrl+ctrl+s\": " WANT_KEYS},
    {"[staff]\nkeys = ctrl+alt+\n", 2, "keys \"ctrl+alt+\": " WANT_KEYS},
    {"[staff]\nkeys = ctrl+alt+f13\n", 2, "keys \"ctrl+alt+f13\": " WANT_KEYS},
    {"[staff]\nkeys = ctrl+escape\n", 2, "keys \"ctrl+escape\": " WANT_KEYS},
    {"[staff]\nkeys = hyper+s\n", 2, "keys \"hyper+s\": " WANT_KEYS},
    {"[staff]\ncorners = yes\n", 2, "corners \"yes\": expected on or off"},
    {"[staff]\nusb_folder = media\n", 2,
     "usb_folder \"media\": expected an absolute path, such as /media"},
    {"[kiosk]\nusb_folder = /media\n", 2, "unknown key \"usb_folder\" in section [kiosk]"},
    {"[screen]\nrotation = 45\n", 2,
     "rotation \"45\": expected 0, 90, 180 or 270 (degrees clockwise)"},
    {"[screen]\nrotation = -90\n", 2,
     "rotation \"-90\": expected 0, 90, 180 or 270 (degrees clockwise)"},
    {"[screen]\n\nhours = Mon-Fri 08:00-25:00\n", 3,
     "hours \"Mon-Fri 08:00-25:00\": expected days and times such as Mon-Fri 08:00-20:00, Sat "
     "10:00-16:00 (00:00 to 24:00)"},
    {"[screen]\nhours = Mon 24:00-24:00\n", 2,
     "hours \"Mon 24:00-24:00\": expected days and times such as Mon-Fri 08:00-20:00, Sat "
     "10:00-16:00 (00:00 to 24:00)"},
    {"[screen]\nhours = Fri-Mon 08:00-20:00\n", 2,
     "hours \"Fri-Mon 08:00-20:00\": expected days and times such as Mon-Fri 08:00-20:00, Sat "
     "10:00-16:00 (00:00 to 24:00)"},
    {"[screen]\nhours = Monday 08:00-20:00\n", 2,
     "hours \"Monday 08:00-20:00\": expected days and times such as Mon-Fri 08:00-20:00, Sat "
     "10:00-16:00 (00:00 to 24:00)"},
    {"[screen]\nhours = Mon-Fri 8:00-20:00\n", 2,
     "hours \"Mon-Fri 8:00-20:00\": expected days and times such as Mon-Fri 08:00-20:00, Sat "
     "10:00-16:00 (00:00 to 24:00)"},
    {"[screen]\nhours = Mon-Fri 08:00-20:00,\n", 2,
     "hours \"Mon-Fri 08:00-20:00,\": expected days and times such as Mon-Fri 08:00-20:00, Sat "
     "10:00-16:00 (00:00 to 24:00)"},
    {"[screen]\nhours = Sat 16:00-10:00\n", 2,
     "hours \"Sat 16:00-10:00\": the screen must go off after it comes on"},
    {"[screen]\nhours = Mon-Fri 08:00-20:00, Fri 10:00-12:00\n", 2,
     "hours: a day is named twice in \"Mon-Fri 08:00-20:00, Fri 10:00-12:00\""},
};

static void test_staff(void **state)
{
    (void)state;
    struct fd_config cfg;
    char err[256] = "";
    config_defaults(&cfg);
    assert_string_equal(cfg.staff_keys, "ctrl+alt+s");
    assert_true(cfg.staff_corners);
    assert_string_equal(cfg.usb_folder, "/media");
    write_file("[staff]\nkeys = Ctrl+Shift+F9\ncorners = off\nusb_folder = /run/media/kiosk\n");
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), 0);
    assert_string_equal(cfg.staff_keys, "ctrl+shift+f9");
    assert_false(cfg.staff_corners);
    assert_string_equal(cfg.usb_folder, "/run/media/kiosk");
    config_defaults(&cfg);
    write_file("[staff]\nkeys = none\n");
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), 0);
    assert_string_equal(cfg.staff_keys, "none");
}

static void test_screen(void **state)
{
    (void)state;
    struct fd_config cfg;
    char err[256] = "";
    config_defaults(&cfg);
    assert_int_equal(cfg.rotation, 0);
    assert_false(cfg.has_screen_hours);
    write_file("[screen]\nrotation = 270\nhours = mon-fri 07:30-21:00 , SAT 10:00-16:00,"
               "sun 00:00-24:00\n");
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), 0);
    assert_int_equal(cfg.rotation, 270);
    assert_true(cfg.has_screen_hours);
    for (int d = 0; d < 5; d++) {
        assert_int_equal(cfg.screen_on[d], 7 * 60 + 30);
        assert_int_equal(cfg.screen_off[d], 21 * 60);
    }
    assert_int_equal(cfg.screen_on[5], 600);
    assert_int_equal(cfg.screen_off[5], 960);
    assert_int_equal(cfg.screen_on[6], 0);
    assert_int_equal(cfg.screen_off[6], 1440);
    /* Monday is 1: on from the first minute, off at the last. */
    assert_false(config_screen_on(&cfg, 1, 7 * 60 + 29));
    assert_true(config_screen_on(&cfg, 1, 7 * 60 + 30));
    assert_true(config_screen_on(&cfg, 5, 21 * 60 - 1));
    assert_false(config_screen_on(&cfg, 5, 21 * 60));
    assert_true(config_screen_on(&cfg, 7, 1439));
    assert_true(config_screen_on(&cfg, 7, 0));
    /* A day not named stays dark. */
    config_defaults(&cfg);
    write_file("[screen]\nhours = Tue 09:00-17:00\n");
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), 0);
    assert_int_equal(cfg.screen_off[0], 0);
    assert_int_equal(cfg.screen_on[1], 540);
    assert_int_equal(cfg.screen_off[2], 0);
    assert_false(config_screen_on(&cfg, 1, 600));
    assert_true(config_screen_on(&cfg, 2, 600));
    config_defaults(&cfg);
    assert_true(config_screen_on(&cfg, 3, 180)); /* no hours: always on */
}

static void test_location(void **state)
{
    (void)state;
    struct fd_config cfg;
    char err[256] = "";
    config_defaults(&cfg);
    assert_false(cfg.has_location);
    write_file("[kiosk]\nlocation = 60.1699, 24.9384\n");
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), 0);
    assert_true(cfg.has_location);
    assert_true(cfg.latitude == 60.1699 && cfg.longitude == 24.9384);
    /* Southern and western, whole degrees, no space, a comment after. */
    config_defaults(&cfg);
    write_file("[kiosk]\nlocation = -33,-70.5 # Santiago\n");
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), 0);
    assert_true(cfg.latitude == -33 && cfg.longitude == -70.5);
    config_defaults(&cfg);
    write_file("[kiosk]\nlocation = 90, -180\n");
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), 0);
    assert_true(cfg.has_location && cfg.latitude == 90 && cfg.longitude == -180);
}

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

/* A '#' or ';' after white space starts a comment, on a line of its own
 * or after a value; a long comment is not a long line. */
static void test_inline_comments(void **state)
{
    (void)state;
    struct fd_config cfg;
    char err[256] = "", text[1024];
    config_defaults(&cfg);
    size_t n = (size_t)snprintf(text, sizeof text,
                                "[kiosk] # the only section\n"
                                "languages = fi, sv, en # offered, in this order;\n"
                                "                       # a second line of comment\n"
                                "default_language = sv\t; tab, then a semicolon\n"
                                "emergency_number = 112 #\n"
                                "desk_location = Room#3; by the door ; not this\n"
                                "idle_reset_seconds = 60 # ");
    memset(text + n, 'c', 300); /* a comment much longer than a line may be */
    memcpy(text + n + 300, "\n", 2);
    write_file(text);
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), 0);
    assert_int_equal(cfg.n_languages, 3);
    assert_string_equal(cfg.languages[2], "en");
    assert_string_equal(cfg.default_language, "sv");
    assert_string_equal(cfg.emergency_number, "112");
    assert_int_equal(cfg.idle_reset_seconds, 60);
    assert_string_equal(config_text(&cfg, "desk_location", "sv", NULL), "Room#3; by the door");
}

/* Texts per language, with the fallback to the default language. */
static void test_texts(void **state)
{
    (void)state;
    struct fd_config cfg;
    char err[256] = "";
    const char *lang = "unset";
    config_defaults(&cfg);
    /* Nothing configured: no text in any language. */
    assert_null(config_text(&cfg, "emergency_note", "en", &lang));
    assert_null(lang);
    assert_null(config_text(&cfg, "desk_hours", "fi", NULL));
    assert_null(config_text(&cfg, "desk_location", "ar", NULL));

    write_file("[kiosk]\n"
               "emergency_note = 112 on hätänumero.\n"
               "emergency_note.en = 112 is the emergency number. # a comment\n"
               "emergency_note.ar = 112 هو رقم الطوارئ.\n"
               "desk_hours.en = Monday to Friday 9-16\n"
               "desk_location = Pohjakerros, pääoven vieressä\n"
               "desk_location.sv = Bottenvåningen,\n"
               "    vid huvudingången ; a comment\n"
               "\n"
               "\t# an indented comment is no part of a text\n"
               "default_language = fi\n");
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), 0);
    /* A text without a language is in the default language, wherever
     * default_language is set. */
    assert_string_equal(config_text(&cfg, "emergency_note", "fi", &lang), "112 on hätänumero.");
    assert_string_equal(lang, "fi");
    assert_string_equal(config_text(&cfg, "emergency_note", "en", &lang),
                        "112 is the emergency number.");
    assert_string_equal(lang, "en");
    assert_string_equal(config_text(&cfg, "emergency_note", "ar", &lang), "112 هو رقم الطوارئ.");
    assert_string_equal(lang, "ar");
    /* No Somali text: the default language's. */
    assert_string_equal(config_text(&cfg, "emergency_note", "so", &lang), "112 on hätänumero.");
    assert_string_equal(lang, "fi");
    /* Neither asked for nor in the default language: the one there is. */
    assert_string_equal(config_text(&cfg, "desk_hours", "sv", &lang), "Monday to Friday 9-16");
    assert_string_equal(lang, "en");
    assert_string_equal(config_text(&cfg, "desk_hours", "en", NULL), "Monday to Friday 9-16");
    /* A text not given at all: none. */
    lang = "unset";
    assert_null(config_text(&cfg, "desk_hours_x", "sv", &lang));
    assert_null(lang);
    /* Indented lines go on with the text, joined by one space. */
    assert_string_equal(config_text(&cfg, "desk_location", "sv", &lang),
                        "Bottenvåningen, vid huvudingången");
    assert_string_equal(lang, "sv");
    assert_string_equal(config_text(&cfg, "desk_location", "uk", &lang),
                        "Pohjakerros, pääoven vieressä");
    assert_string_equal(lang, "fi");
    assert_null(config_text(&cfg, "colour", "en", NULL));
}

/* 512 bytes is the longest text: three lines of 170 and two joining spaces. */
static void test_longest_text(void **state)
{
    (void)state;
    struct fd_config cfg;
    char err[256] = "";
    config_defaults(&cfg);
    write_file("[kiosk]\ndesk_hours.uk = " T170 "\n  " T170 "\n  " T170 "\n");
    assert_int_equal(config_load(&cfg, path, 1, err, sizeof err), 0);
    const char *text = config_text(&cfg, "desk_hours", "uk", NULL);
    assert_non_null(text);
    assert_int_equal(strlen(text), 512);
    assert_memory_equal(text + 170, " " T10, 11);
}

/* A directory, a FIFO or a device is not a configuration file: refused by
 * name (the FIFO unopened, or the load would wait for a writer for ever),
 * even where a missing file would be fine. /dev/null is an empty file. */
static void test_not_regular_file(void **state)
{
    (void)state;
    char dir[96], fifo[96];
    snprintf(dir, sizeof dir, "%s.d", path);
    snprintf(fifo, sizeof fifo, "%s.fifo", path);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    const char *paths[] = {dir, fifo, "/dev/zero"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        for (int must_exist = 0; must_exist <= 1; must_exist++) {
            struct fd_config cfg, before;
            char err[256] = "", want[256];
            config_defaults(&cfg);
            before = cfg;
            assert_int_equal(config_load(&cfg, paths[i], must_exist, err, sizeof err), -1);
            snprintf(want, sizeof want, "%s: not a regular file", paths[i]);
            assert_string_equal(err, want);
            assert_memory_equal(&cfg, &before, sizeof cfg);
        }
    }
    rmdir(dir);
    unlink(fifo);
    struct fd_config cfg, before;
    char err[256] = "";
    config_defaults(&cfg);
    before = cfg;
    assert_int_equal(config_load(&cfg, "/dev/null", 1, err, sizeof err), 0);
    assert_memory_equal(&cfg, &before, sizeof cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_without_file),
        cmocka_unit_test(test_good_file),
        cmocka_unit_test(test_languages_and_country),
        cmocka_unit_test(test_location),
        cmocka_unit_test(test_staff),
        cmocka_unit_test(test_screen),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_inline_comments),
        cmocka_unit_test(test_texts),
        cmocka_unit_test(test_longest_text),
        cmocka_unit_test(test_not_regular_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
