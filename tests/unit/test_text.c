/* Text engine: bidi runs, fonts per script, wrapping, ellipsis, line pitch
 * and baselines, the cases in text-cases.tsv, and the texture cache. Layout
 * runs with no renderer; the drawing tests use SDL's software renderer on a
 * plain surface, so no display is needed. The last test hides every font but
 * Noto Sans from fontconfig to check that a missing family is named and the
 * engine still works. */
#include "frontdoor/text.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <dirent.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define LRI "\xE2\x81\xA6"
#define PDI "\xE2\x81\xA9"
#define ELLIPSIS "\xE2\x80\xA6"

static const struct text_style body = {24, 0, 0};

static const char ar_phone[] = "اتصل على " LRI "+358 9 123 456" PDI " الآن";
static const char ar_name[] = "خدمة الاستشارة من Mieli ry مجانية";
static const char three_scripts[] = "Mieli (24/7) خدمات الصحة ጥዕና";
static const char fi_compound[] = "Mielenterveys- ja päihdepalveluneuvontapiste";
static const char harakat[] = "الصِّحَّةُ النَّفْسِيَّةُ";
static const char long_rtl[] =
    "هذا نص طويل جدا يصف خدمة الدعم النفسي المجانية المتاحة لجميع سكان المدينة بغض النظر "
    "عن وضعهم القانوني أو اللغة التي يتحدثون بها";

static struct text_layout *lay(struct text_engine *e, const char *text, struct text_style st,
                               int wrap_w, enum text_dir dir)
{
    struct text_layout *l = NULL;
    assert_int_equal(text_layout_new(e, text, st, wrap_w, dir, TEXT_ALIGN_START, &l), 0);
    assert_non_null(l);
    return l;
}

/* The run's text with surrounding spaces trimmed. */
static const char *run_text(const struct text_layout *l, int k, char *buf, size_t size)
{
    const struct text_run *r = &l->runs[k];
    int start = r->start, len = r->len;
    while (len > 0 && l->text[start] == ' ') {
        start++;
        len--;
    }
    while (len > 0 && l->text[start + len - 1] == ' ')
        len--;
    assert_true((size_t)len < size);
    memcpy(buf, l->text + start, (size_t)len);
    buf[len] = '\0';
    return buf;
}

static int has_arabic_letter(const char *s, int len)
{
    for (int i = 0; i + 1 < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xD8 || c == 0xD9 || c == 0xDA || c == 0xDB)
            return 1;
    }
    return 0;
}

static int has_bidi_control(const char *s, int len)
{
    static const char *const controls[] = {
        "\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x81\xA8", "\xE2\x81\xA9", /* LRI RLI FSI PDI */
        "\xE2\x80\x8E", "\xE2\x80\x8F", "\xD8\x9C",                     /* LRM RLM ALM */
        "\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\xAD", "\xE2\x80\xAE",
    };
    for (size_t c = 0; c < sizeof controls / sizeof controls[0]; c++) {
        size_t cl = strlen(controls[c]);
        for (int i = 0; i + (int)cl <= len; i++) {
            if (memcmp(s + i, controls[c], cl) == 0)
                return 1;
        }
    }
    return 0;
}

static int has_arabic_font_run(const struct text_layout *l, const struct text_line *line)
{
    for (int k = line->first_run; k < line->first_run + line->n_runs; k++) {
        if (l->runs[k].font == TEXT_FONT_ARABIC)
            return 1;
    }
    return 0;
}

/* The line pitch as specified: round(1.5 x size), round(1.8 x size) with an
 * Arabic-font run. */
static int pitch_for(int size, int arabic)
{
    return (int)lround((arabic ? 1.8 : 1.5) * size);
}

/* Every line fits its box and has its pitch, runs tile the line left to
 * right, and the text holds no control that could be drawn. */
static void check_geometry(const struct text_layout *l, int wrap_w, int size)
{
    int y = 0;
    assert_false(has_bidi_control(l->text, (int)strlen(l->text)));
    assert_true(l->ink_top >= 0 && l->ink_bottom >= 0);
    for (int i = 0; i < l->n_lines; i++) {
        const struct text_line *line = &l->lines[i];
        int x = 0;
        assert_int_equal(line->y, y);
        assert_int_equal(line->h, pitch_for(size, has_arabic_font_run(l, line)));
        assert_true(line->baseline > line->y && line->baseline <= line->y + line->h);
        assert_true(line->x >= 0);
        if (wrap_w > 0)
            assert_true(line->x + line->w <= wrap_w);
        for (int k = line->first_run; k < line->first_run + line->n_runs; k++) {
            const struct text_run *r = &l->runs[k];
            assert_int_equal(r->x, x);
            assert_true(r->len > 0);
            assert_true(r->start >= 0 && r->start + r->len <= (int)strlen(l->text));
            assert_false(has_bidi_control(l->text + r->start, r->len));
            x += r->w;
        }
        assert_int_equal(x, line->w);
        y += line->h;
    }
    assert_int_equal(l->h, y);
}

struct metrics {
    int asc, below; /* pixels above and below the baseline */
};

/* Each family's ascent and descent at `size` as SDL_ttf gives them, the
 * descent being the larger of the font's and what a rendered surface holds
 * below the baseline. */
static void font_metrics(int size, int bold, struct metrics m[TEXT_FONT_COUNT])
{
    static const char *const families[TEXT_FONT_COUNT] = {
        "Noto Sans",
        "Noto Sans Arabic",
        "Noto Sans Ethiopic",
    };
    assert_int_equal(TTF_Init(), 0);
    for (int f = 0; f < TEXT_FONT_COUNT; f++) {
        FcChar8 *file = NULL;
        FcResult res;
        FcPattern *pat = FcPatternCreate();
        assert_non_null(pat);
        FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)families[f]);
        FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
        FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
        FcConfigSubstitute(NULL, pat, FcMatchPattern);
        FcDefaultSubstitute(pat);
        FcPattern *match = FcFontMatch(NULL, pat, &res);
        assert_non_null(match);
        assert_int_equal(FcPatternGetString(match, FC_FILE, 0, &file), FcResultMatch);
        TTF_Font *ttf = TTF_OpenFont((const char *)file, size);
        assert_non_null(ttf);
        m[f].asc = TTF_FontAscent(ttf);
        m[f].below = TTF_FontHeight(ttf) - m[f].asc;
        if (-TTF_FontDescent(ttf) > m[f].below)
            m[f].below = -TTF_FontDescent(ttf);
        TTF_CloseFont(ttf);
        FcPatternDestroy(match);
        FcPatternDestroy(pat);
    }
    TTF_Quit();
}

/* Each line's pitch and its baseline at half-leading, from the fonts its
 * runs use (Latin for an empty line), and how far the fonts' boxes reach
 * above and below the paragraph. */
static void check_pitch(const struct text_layout *l, struct text_style st)
{
    struct metrics m[TEXT_FONT_COUNT];
    int y = 0, top = 0, bottom = 0;

    font_metrics(st.size, st.bold, m);
    for (int i = 0; i < l->n_lines; i++) {
        const struct text_line *line = &l->lines[i];
        int a = 0, d = 0;
        for (int k = line->first_run; k < line->first_run + line->n_runs; k++) {
            const struct metrics *fm = &m[l->runs[k].font];
            a = fm->asc > a ? fm->asc : a;
            d = fm->below > d ? fm->below : d;
        }
        if (line->n_runs == 0) {
            a = m[TEXT_FONT_LATIN].asc;
            d = m[TEXT_FONT_LATIN].below;
        }
        int pitch = pitch_for(st.size, has_arabic_font_run(l, line));
        assert_int_equal(line->y, y);
        assert_int_equal(line->h, pitch);
        assert_int_equal(line->baseline, y + (int)floor((pitch - (a + d)) / 2.0) + a);
        if (line->n_runs > 0) {
            top = line->baseline - a < top ? line->baseline - a : top;
            bottom = line->baseline + d > bottom ? line->baseline + d : bottom;
        }
        y += pitch;
    }
    assert_int_equal(l->h, y);
    assert_int_equal(l->ink_top, -top);
    assert_int_equal(l->ink_bottom, bottom > y ? bottom - y : 0);
}

static int setup(void **state)
{
    char err[256] = "";
    struct text_engine *e = text_engine_open(NULL, 4u << 20, err, sizeof err);
    if (!e) {
        fprintf(stderr, "text_engine_open: %s\n", err);
        return -1;
    }
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    text_engine_close(*state);
    return 0;
}

static void test_fonts_found(void **state)
{
    assert_null(text_engine_missing(*state));
}

static void test_arabic_with_phone_number(void **state)
{
    char buf[128];
    struct text_layout *l = lay(*state, ar_phone, body, 0, TEXT_DIR_RTL);
    check_geometry(l, 0, body.size);
    assert_int_equal(l->rtl, 1);
    assert_int_equal(l->n_lines, 1);
    assert_int_equal(l->n_runs, 3);
    /* Left to right on screen: the last Arabic word, the number, the first words. */
    assert_string_equal(run_text(l, 0, buf, sizeof buf), "الآن");
    assert_int_equal(l->runs[0].rtl, 1);
    assert_int_equal(l->runs[0].font, TEXT_FONT_ARABIC);
    assert_string_equal(run_text(l, 1, buf, sizeof buf), "+358 9 123 456");
    assert_int_equal(l->runs[1].rtl, 0);
    assert_int_equal(l->runs[1].font, TEXT_FONT_LATIN);
    assert_string_equal(run_text(l, 2, buf, sizeof buf), "اتصل على");
    assert_int_equal(l->runs[2].rtl, 1);
    assert_int_equal(l->runs[2].font, TEXT_FONT_ARABIC);
    text_layout_free(l);
}

static void test_arabic_with_latin_name(void **state)
{
    char buf[128];
    struct text_layout *l = lay(*state, ar_name, body, 0, TEXT_DIR_RTL);
    int latin = -1;
    check_geometry(l, 0, body.size);
    assert_int_equal(l->n_lines, 1);
    for (int k = 0; k < l->n_runs; k++) {
        const struct text_run *r = &l->runs[k];
        if (has_arabic_letter(l->text + r->start, r->len)) {
            assert_int_equal(r->font, TEXT_FONT_ARABIC);
            assert_int_equal(r->rtl, 1);
        } else {
            assert_int_equal(latin, -1);
            latin = k;
        }
    }
    assert_true(latin > 0 && latin < l->n_runs - 1);
    assert_string_equal(run_text(l, latin, buf, sizeof buf), "Mieli ry");
    assert_int_equal(l->runs[latin].font, TEXT_FONT_LATIN);
    assert_int_equal(l->runs[latin].rtl, 0);
    /* "مجانية" ends the sentence, so it is leftmost. */
    assert_string_equal(run_text(l, 0, buf, sizeof buf), "مجانية");
    text_layout_free(l);
}

static void test_three_scripts_one_line(void **state)
{
    struct text_layout *l = lay(*state, three_scripts, body, 0, TEXT_DIR_LTR);
    int order[3], n = 0;
    check_geometry(l, 0, body.size);
    assert_int_equal(l->rtl, 0);
    assert_int_equal(l->n_lines, 1);
    /* Fonts in order of first appearance, left to right. */
    for (int k = 0; k < l->n_runs; k++) {
        if (n == 0 || order[n - 1] != l->runs[k].font) {
            assert_true(n < 3);
            order[n++] = l->runs[k].font;
        }
        assert_int_equal(l->runs[k].rtl, l->runs[k].font == TEXT_FONT_ARABIC);
    }
    assert_int_equal(n, 3);
    assert_int_equal(order[0], TEXT_FONT_LATIN);
    assert_int_equal(order[1], TEXT_FONT_ARABIC);
    assert_int_equal(order[2], TEXT_FONT_ETHIOPIC);
    text_layout_free(l);
}

static void test_line_pitch(void **state)
{
    static const char latin[] =
        "Apua mielenterveyteen, päihteisiin ja arkeen: soita tai tule käymään";
    static const int sizes[] = {24, 17, 31};

    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        const int size = sizes[i], wrap = 10 * size;
        struct text_style st = {size, 0, 0};
        int w, h;

        /* Latin only: round(1.5 x size) a line, and the fonts fit in it. */
        struct text_layout *l = lay(*state, latin, st, wrap, TEXT_DIR_LTR);
        check_geometry(l, wrap, size);
        check_pitch(l, st);
        assert_true(l->n_lines >= 3);
        for (int k = 0; k < l->n_lines; k++)
            assert_int_equal(l->lines[k].h, (int)lround(1.5 * size));
        assert_int_equal(l->h, l->n_lines * (int)lround(1.5 * size));
        assert_int_equal(l->ink_top, 0);
        assert_int_equal(l->ink_bottom, 0);
        text_measure(*state, latin, st, wrap, TEXT_DIR_LTR, &w, &h);
        assert_int_equal(h, l->h);
        text_layout_free(l);

        /* Arabic: round(1.8 x size) a line. Noto Sans Arabic's box is taller
         * than that, so it reaches out of the paragraph at both ends. */
        l = lay(*state, long_rtl, st, wrap, TEXT_DIR_RTL);
        check_geometry(l, wrap, size);
        check_pitch(l, st);
        assert_true(l->n_lines >= 3);
        for (int k = 0; k < l->n_lines; k++)
            assert_int_equal(l->lines[k].h, (int)lround(1.8 * size));
        assert_true(l->ink_top > 0 && l->ink_bottom > 0);
        text_measure(*state, long_rtl, st, wrap, TEXT_DIR_RTL, &w, &h);
        assert_int_equal(h, l->h);
        text_layout_free(l);

        /* Bold has the same pitch. */
        st.bold = 1;
        l = lay(*state, long_rtl, st, wrap, TEXT_DIR_RTL);
        check_pitch(l, st);
        text_layout_free(l);
    }

    /* Three scripts on one line: the Arabic run makes it 1.8. */
    struct text_layout *l = lay(*state, three_scripts, body, 0, TEXT_DIR_LTR);
    check_pitch(l, body);
    assert_int_equal(l->n_lines, 1);
    assert_int_equal(l->h, (int)lround(1.8 * body.size));
    text_layout_free(l);

    /* The pitch is chosen line by line; an empty line counts as Latin. */
    l = lay(*state, "Mieli ry\nخدمة مجانية\n\nጥዕና", body, 0, TEXT_DIR_LTR);
    check_geometry(l, 0, body.size);
    check_pitch(l, body);
    assert_int_equal(l->n_lines, 4);
    assert_int_equal(l->lines[0].h, (int)lround(1.5 * body.size));
    assert_int_equal(l->lines[1].h, (int)lround(1.8 * body.size));
    assert_int_equal(l->lines[2].h, (int)lround(1.5 * body.size));
    assert_int_equal(l->lines[3].h, (int)lround(1.5 * body.size));
    text_layout_free(l);
}

static void test_auto_direction(void **state)
{
    struct text_layout *l = lay(*state, ar_name, body, 0, TEXT_DIR_AUTO);
    assert_int_equal(l->rtl, 1);
    text_layout_free(l);
    l = lay(*state, "Mieli ry مجانية", body, 0, TEXT_DIR_AUTO);
    assert_int_equal(l->rtl, 0);
    text_layout_free(l);
    /* No strong character: left to right. */
    l = lay(*state, "+358 9 123", body, 0, TEXT_DIR_AUTO);
    assert_int_equal(l->rtl, 0);
    text_layout_free(l);
    /* The first strong character outside isolates decides. */
    l = lay(*state, LRI "Mieli" PDI " مجانية", body, 0, TEXT_DIR_AUTO);
    assert_int_equal(l->rtl, 1);
    text_layout_free(l);
}

static void test_wrap_long_rtl(void **state)
{
    const int wrap = 300;
    struct text_layout *l = lay(*state, long_rtl, body, wrap, TEXT_DIR_RTL);
    check_geometry(l, wrap, body.size);
    assert_true(l->n_lines >= 3);
    assert_int_equal(l->w, wrap);
    assert_int_equal(l->lines[0].x + l->lines[0].w, wrap);
    for (int i = 0; i < l->n_lines; i++) {
        assert_true(l->lines[i].n_runs >= 1);
        assert_int_equal(l->lines[i].x + l->lines[i].w, wrap);
    }
    text_layout_free(l);

    /* Centred and end-aligned lines move accordingly. */
    assert_int_equal(
        text_layout_new(*state, long_rtl, body, wrap, TEXT_DIR_RTL, TEXT_ALIGN_END, &l), 0);
    for (int i = 0; i < l->n_lines; i++)
        assert_int_equal(l->lines[i].x, 0);
    text_layout_free(l);
    assert_int_equal(
        text_layout_new(*state, long_rtl, body, wrap, TEXT_DIR_RTL, TEXT_ALIGN_CENTER, &l), 0);
    for (int i = 0; i < l->n_lines; i++)
        assert_true(abs(2 * l->lines[i].x + l->lines[i].w - wrap) <= 1);
    text_layout_free(l);
}

static void test_long_word_breaks_between_characters(void **state)
{
    const int wrap = 120;
    struct text_layout *l = lay(*state, fi_compound, body, wrap, TEXT_DIR_LTR);
    check_geometry(l, wrap, body.size);
    assert_true(l->n_lines >= 4);
    assert_int_equal(l->truncated, 0);
    assert_string_equal(l->text, fi_compound);
    text_layout_free(l);

    /* A combining mark stays with its base even at one character per line. */
    l = lay(*state, "a\314\210a\314\210a\314\210", body, 1, TEXT_DIR_LTR);
    assert_int_equal(l->n_lines, 3);
    for (int i = 0; i < l->n_lines; i++) {
        assert_int_equal(l->lines[i].n_runs, 1);
        assert_int_equal(l->runs[l->lines[i].first_run].len, 3);
    }
    text_layout_free(l);
}

static void test_ellipsis(void **state)
{
    const int wrap = 200;
    struct text_style one = {24, 0, 1};
    struct text_layout *l = lay(*state, fi_compound, one, wrap, TEXT_DIR_LTR);
    size_t len = strlen(l->text);
    check_geometry(l, wrap, one.size);
    assert_int_equal(l->n_lines, 1);
    assert_int_equal(l->truncated, 1);
    assert_true(len > 3 && strcmp(l->text + len - 3, ELLIPSIS) == 0);
    assert_true(l->lines[0].w <= wrap);
    const struct text_run *last = &l->runs[l->lines[0].first_run + l->lines[0].n_runs - 1];
    assert_int_equal(last->start + last->len, (int)len);
    text_layout_free(l);

    /* Right to left: the ellipsis ends the line, at its left edge. */
    struct text_style two = {24, 0, 2};
    l = lay(*state, long_rtl, two, 300, TEXT_DIR_RTL);
    len = strlen(l->text);
    check_geometry(l, 300, two.size);
    assert_int_equal(l->n_lines, 2);
    assert_int_equal(l->truncated, 1);
    assert_true(strcmp(l->text + len - 3, ELLIPSIS) == 0);
    const struct text_run *left = &l->runs[l->lines[1].first_run];
    assert_int_equal(left->start + left->len, (int)len);
    text_layout_free(l);

    /* Text that fits is left alone. */
    l = lay(*state, "Apua", one, wrap, TEXT_DIR_LTR);
    assert_int_equal(l->truncated, 0);
    assert_string_equal(l->text, "Apua");
    text_layout_free(l);

    /* Lines from newlines count too, with no wrap width. The newline is a
     * control: it breaks the line and is not in the text. */
    l = lay(*state, "yksi\nkaksi\nkolme", two, 0, TEXT_DIR_LTR);
    assert_int_equal(l->n_lines, 2);
    assert_int_equal(l->truncated, 1);
    assert_string_equal(l->text, "yksikaksi" ELLIPSIS);
    text_layout_free(l);
}

static void test_empty_and_spaces(void **state)
{
    struct text_layout *l = lay(*state, NULL, body, 0, TEXT_DIR_AUTO);
    int w = -1, h = -1;
    assert_int_equal(l->n_lines, 0);
    assert_int_equal(l->n_runs, 0);
    assert_int_equal(l->h, 0);
    assert_int_equal(l->w, 0);
    text_layout_free(l);
    l = lay(*state, "", body, 200, TEXT_DIR_RTL);
    assert_int_equal(l->n_lines, 0);
    assert_int_equal(l->h, 0);
    text_layout_free(l);
    l = lay(*state, "   ", body, 200, TEXT_DIR_AUTO);
    assert_int_equal(l->n_runs, 0);
    check_geometry(l, 200, body.size);
    text_layout_free(l);
    l = lay(*state, "\n\n", body, 0, TEXT_DIR_AUTO);
    assert_int_equal(l->n_runs, 0);
    check_geometry(l, 0, body.size);
    text_layout_free(l);

    text_measure(*state, "", body, 0, TEXT_DIR_AUTO, &w, &h);
    assert_int_equal(w, 0);
    assert_int_equal(h, 0);
    text_measure(*state, NULL, body, 0, TEXT_DIR_AUTO, &w, &h);
    assert_int_equal(h, 0);
    assert_int_equal(text_can_draw(*state, ""), 1);
    assert_int_equal(text_can_draw(*state, "   "), 1);
}

static void test_invalid_utf8(void **state)
{
    static const char *const bad[] = {
        "abc\377def",       "\xE2\x82",    "\xC0\xAF",     "\xED\xA0\x80 x",
        "\xF4\x90\x80\x80", "ok \xE2\x81", "\x80\x80\x80",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct text_layout *l = lay(*state, bad[i], body, 50, TEXT_DIR_AUTO);
        assert_non_null(strstr(l->text, "\xEF\xBF\xBD"));
        check_geometry(l, 50, body.size);
        text_layout_free(l);
    }
}

/* A character no font has is left out, never drawn as a box: the line is
 * exactly as wide as without it, in every script around it. */
static void test_no_boxes(void **state)
{
    static const struct {
        const char *with, *without;
        enum text_dir dir;
    } cases[] = {
        {"A\xE4\xB8\xAD"
         "B",
         "AB", TEXT_DIR_LTR},                                   /* CJK */
        {"Help \xF0\x9F\x98\x80now", "Help now", TEXT_DIR_LTR}, /* emoji */
        {"\xD8\xB3\xD9\x84\xE4\xB8\xAD\xD8\xA7\xD9\x85", "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85",
         TEXT_DIR_RTL}, /* inside an Arabic word */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(text_can_draw(*state, cases[i].with), 0);
        assert_int_equal(text_can_draw(*state, cases[i].without), 1);
        struct text_layout *a = lay(*state, cases[i].with, body, 0, cases[i].dir);
        struct text_layout *b = lay(*state, cases[i].without, body, 0, cases[i].dir);
        if (a->lines[0].w != b->lines[0].w || a->n_runs != b->n_runs)
            fail_msg("case %zu: width %d and %d runs, without the character %d and %d", i,
                     a->lines[0].w, a->n_runs, b->lines[0].w, b->n_runs);
        text_layout_free(a);
        text_layout_free(b);
    }
}

static void test_bad_arguments(void **state)
{
    struct text_layout dummy, *l = &dummy;
    struct text_style zero = {0, 0, 0};
    assert_int_equal(text_layout_new(*state, "x", zero, 0, TEXT_DIR_LTR, TEXT_ALIGN_START, &l), -1);
    assert_null(l);
    assert_int_equal(text_layout_new(NULL, "x", body, 0, TEXT_DIR_LTR, TEXT_ALIGN_START, &l), -1);
    text_layout_free(NULL);
    text_engine_close(NULL);
    assert_null(text_engine_missing(NULL));
    assert_int_equal(text_can_draw(NULL, "x"), 0);
    text_draw(*state, "no renderer", body, 0, TEXT_DIR_LTR, TEXT_ALIGN_START, 0, 0, 1, 2, 3, 4);
    assert_int_equal(text_cache_bytes(*state), 0);
}

static void test_isolate_ltr(void **state)
{
    char out[64], small[12];
    (void)state;
    assert_string_equal(text_isolate_ltr("+358 9 123 456", out, sizeof out),
                        LRI "+358 9 123 456" PDI);
    assert_string_equal(text_isolate_ltr(NULL, out, sizeof out), LRI PDI);
    /* 12 bytes: room for 5 bytes of text; "ä" is not cut in two. */
    assert_string_equal(text_isolate_ltr("abcdä", small, sizeof small), LRI "abcd" PDI);
    assert_string_equal(text_isolate_ltr("abcde", small, sizeof small), LRI "abcde" PDI);
    assert_string_equal(text_isolate_ltr("abc", small, 6), "");
}

/* Every case of text-cases.tsv: drawable, laid out with and without a wrap
 * width, no control in any run. */
static void test_tsv_cases(void **state)
{
    char line[4096];
    int rows = 0;
    FILE *f = fopen(TEST_DATA_DIR "/text-cases.tsv", "r");
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        char *id = line, *dir_s, *text, *end;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        dir_s = strchr(id, '\t');
        assert_non_null(dir_s);
        *dir_s++ = '\0';
        text = strchr(dir_s, '\t');
        assert_non_null(text);
        *text++ = '\0';
        end = strchr(text, '\t');
        assert_non_null(end);
        *end = '\0';
        enum text_dir dir = strcmp(dir_s, "rtl") == 0   ? TEXT_DIR_RTL
                            : strcmp(dir_s, "ltr") == 0 ? TEXT_DIR_LTR
                                                        : TEXT_DIR_AUTO;
        if (!text_can_draw(*state, text))
            fail_msg("case %s: a character has no glyph in any font", id);
        for (int wrap = 0; wrap <= 240; wrap += 240) {
            struct text_layout *l = NULL;
            if (text_layout_new(*state, text, body, wrap, dir, TEXT_ALIGN_START, &l) != 0)
                fail_msg("case %s: layout failed", id);
            check_geometry(l, wrap, body.size);
            if (dir != TEXT_DIR_AUTO)
                assert_int_equal(l->rtl, dir == TEXT_DIR_RTL);
            text_layout_free(l);
        }
        rows++;
    }
    fclose(f);
    assert_true(rows >= 20);
}

/* A paragraph of `words` words of plain sentences, no newline, in `buf`.
 * The Finnish words start with a letter whose ink reaches left of its
 * origin, so that alone they measure wider than inside a line. */
static char *sentences(char *buf, size_t size, int words, int rtl)
{
    static const char *const latin[] = {
        "You",         "can",   "come", "without",   "an",           "appointment", "and",   "you",
        "do",          "not",   "need", "to",        "give",         "your",        "name.", "The",
        "staff",       "speak", "many", "languages", "and",          "can",         "book",  "an",
        "interpreter", "for",   "you.", "Apua",      "jonottamatta", "ja",          "juuri", "nyt.",
    };
    static const char *const arabic[] = {
        "هذا",    "نص",       "طويل",    "جدا",   "يصف",  "خدمة",     "الدعم",
        "النفسي", "المجانية", "المتاحة", "لجميع", "سكان", "المدينة.",
    };
    const char *const *list = rtl ? arabic : latin;
    size_t n = rtl ? sizeof arabic / sizeof arabic[0] : sizeof latin / sizeof latin[0];
    size_t used = 0;

    buf[0] = '\0';
    for (int i = 0; i < words; i++) {
        int len = snprintf(buf + used, size - used, "%s%s", i ? " " : "", list[i % n]);
        assert_true(len > 0 && (size_t)len < size - used);
        used += (size_t)len;
    }
    return buf;
}

/* Shaping done by one layout: calls and bytes. */
static void shaping_of(struct text_engine *e, const char *text, struct text_style st, int wrap,
                       enum text_dir dir, unsigned long *calls, unsigned long *bytes, int *n_lines)
{
    unsigned long c0, b0, c1, b1;
    text_shaping_count(e, &c0, &b0);
    struct text_layout *l = lay(e, text, st, wrap, dir);
    text_shaping_count(e, &c1, &b1);
    check_geometry(l, wrap, st.size);
    *n_lines = l->n_lines;
    text_layout_free(l);
    *calls = c1 - c0;
    *bytes = b1 - b0;
}

/* Breaking lines shapes each word a small constant number of times,
 * however long the paragraph: measuring a prefix of the paragraph per
 * candidate break made a 64 KiB description take two minutes. Counted, not
 * timed, so that a return to quadratic work fails on any machine. */
static void test_breaking_is_linear(void **state)
{
    static char text[16 * 1024];
    const struct text_style st = {24, 0, 0};
    unsigned long calls, bytes;
    int n_lines;

    for (int rtl = 0; rtl < 2; rtl++) {
        sentences(text, sizeof text, 1000, rtl);
        size_t len = strlen(text);
        shaping_of(*state, text, st, 600, rtl ? TEXT_DIR_RTL : TEXT_DIR_LTR, &calls, &bytes,
                   &n_lines);
        assert_true(n_lines > 50);
        if (calls > 4 * 1000 || bytes > 6 * len)
            fail_msg("%s: 1000 words (%zu bytes) on %d lines took %lu shaping calls, %lu bytes",
                     rtl ? "Arabic" : "Latin", len, n_lines, calls, bytes);
    }

    /* A token with no break opportunity at all is cut between clusters, and
     * each line costs shaping in its own length, not the token's. */
    memset(text, 'a', 12000);
    text[12000] = '\0';
    shaping_of(*state, text, st, 600, TEXT_DIR_LTR, &calls, &bytes, &n_lines);
    assert_true(n_lines > 200);
    if (bytes > 40 * 12000)
        fail_msg("a 12,000-character word took %lu bytes of shaping", bytes);

    /* A paragraph cut to three lines is broken no further than the fourth:
     * less shaping than the whole paragraph once. */
    sentences(text, sizeof text, 1000, 0);
    const struct text_style three = {24, 0, 3};
    shaping_of(*state, text, three, 600, TEXT_DIR_LTR, &calls, &bytes, &n_lines);
    assert_int_equal(n_lines, 3);
    if (bytes > strlen(text))
        fail_msg("three lines of a 1000-word paragraph took %lu bytes of shaping", bytes);
    struct text_layout *l = lay(*state, text, three, 600, TEXT_DIR_LTR);
    size_t len = strlen(l->text);
    assert_int_equal(l->truncated, 1);
    assert_true(len > 3 && strcmp(l->text + len - 3, ELLIPSIS) == 0);
    assert_memory_equal(l->text, text, len - 3);
    text_layout_free(l);
}

/* The start of line i+1 in the logical text: its runs' first byte. */
static int line_start(const struct text_layout *l, int i)
{
    int start = (int)strlen(l->text);
    for (int k = l->lines[i].first_run; k < l->lines[i].first_run + l->lines[i].n_runs; k++)
        start = l->runs[k].start < start ? l->runs[k].start : start;
    return start;
}

/* Lines are filled greedily, exactly: each line fits its width, and with
 * the next line's first word it would not, both as shaped whole on one
 * line, as when breaks were searched for by shaping prefixes. Words are
 * measured alone to choose the breaks, and a word alone is not as wide as
 * inside a line (rounding, kerning and overhangs at the joins), so every
 * width from 150 to 450 pixels is tried (every seventh in Arabic): lines
 * trusted to the sums of their words' widths overflow at some of them, and
 * are a word short at others. */
static void test_lines_fill_exactly(void **state)
{
    static char text[4096];
    char buf[4096];
    const struct text_style st = {24, 0, 0};

    for (int rtl = 0; rtl < 2; rtl++) {
        sentences(text, sizeof text, 80, rtl);
        enum text_dir dir = rtl ? TEXT_DIR_RTL : TEXT_DIR_LTR;
        for (int wrap = 150; wrap <= 450; wrap += rtl ? 7 : 1) {
            struct text_layout *l = lay(*state, text, st, wrap, dir);
            check_geometry(l, wrap, st.size);
            for (int i = 0; i + 1 < l->n_lines; i++) {
                int from = line_start(l, i), next = line_start(l, i + 1);
                const char *space = strchr(l->text + next, ' ');
                int to = space ? (int)(space - l->text) : (int)strlen(l->text);
                assert_true(to - from < (int)sizeof buf);
                memcpy(buf, l->text + from, (size_t)(to - from));
                buf[to - from] = '\0';
                struct text_layout *more = lay(*state, buf, st, 0, dir);
                if (more->lines[0].w <= wrap)
                    fail_msg("wrap %d, line %d: \"%s\" is %d wide and fits, yet was broken", wrap,
                             i, buf, more->lines[0].w);
                text_layout_free(more);
            }
            text_layout_free(l);
        }
    }
}

static void test_measure_cache(void **state)
{
    int w1, h1, w2, h2, w3, h3;
    text_cache_clear(*state);
    text_measure(*state, ar_phone, body, 0, TEXT_DIR_RTL, &w1, &h1);
    size_t entries = text_cache_entries(*state);
    assert_int_equal(entries, 1);
    text_measure(*state, ar_phone, body, 0, TEXT_DIR_RTL, &w2, &h2);
    assert_int_equal(w1, w2);
    assert_int_equal(h1, h2);
    assert_int_equal(text_cache_entries(*state), entries);
    assert_true(w1 > 0 && h1 > 0);

    /* The same text at another width or weight is another entry. */
    text_measure(*state, ar_phone, body, 150, TEXT_DIR_RTL, &w3, &h3);
    assert_int_equal(text_cache_entries(*state), entries + 1);
    assert_true(w3 <= 150 && h3 > h1);

    /* Measuring matches the layout: widest line and total height. */
    struct text_layout *l = lay(*state, ar_phone, body, 0, TEXT_DIR_RTL);
    assert_int_equal(w1, l->lines[0].w);
    assert_int_equal(h1, l->h);
    text_layout_free(l);

    /* An Arabic line is taller than a Latin one at the same size (1.8 and
     * 1.5 times the size); bold is wider. */
    text_measure(*state, "Apua", body, 0, TEXT_DIR_LTR, &w3, &h3);
    assert_true(h1 > h3);
    struct text_style bold = {24, 1, 0};
    text_measure(*state, "Apua", bold, 0, TEXT_DIR_LTR, &w2, &h2);
    assert_true(w2 > w3);
}

static SDL_Surface *new_target(SDL_Renderer **renderer)
{
    SDL_Surface *target = SDL_CreateRGBSurfaceWithFormat(0, 320, 120, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(target);
    *renderer = SDL_CreateSoftwareRenderer(target);
    assert_non_null(*renderer);
    SDL_SetRenderDrawColor(*renderer, 0, 0, 0, 255);
    SDL_RenderClear(*renderer);
    SDL_RenderFlush(*renderer);
    return target;
}

static int lit_pixels(SDL_Surface *s)
{
    int n = 0;
    for (int y = 0; y < s->h; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
        for (int x = 0; x < s->w; x++)
            n += (row[x] & 0xFFFFFF) != 0;
    }
    return n;
}

static void test_draw_software(void **state)
{
    SDL_Renderer *renderer;
    SDL_Surface *target = new_target(&renderer);
    char err[256] = "";
    struct text_engine *e = text_engine_open(renderer, 1u << 20, err, sizeof err);
    assert_non_null(e);

    assert_int_equal(lit_pixels(target), 0);
    text_draw(e, "Hello", body, 0, TEXT_DIR_AUTO, TEXT_ALIGN_START, 10, 10, 255, 255, 255, 255);
    SDL_RenderFlush(renderer);
    int lit = lit_pixels(target);
    assert_true(lit > 50);
    size_t bytes = text_cache_bytes(e);
    assert_true(bytes > 0);
    assert_int_equal(text_cache_entries(e), 1);

    /* Again, in another colour: the same coverage, nothing drawn again, and
     * the same pixels lit, in red only. */
    text_draw(e, "Hello", body, 0, TEXT_DIR_AUTO, TEXT_ALIGN_START, 10, 60, 255, 0, 0, 255);
    SDL_RenderFlush(renderer);
    assert_int_equal(lit_pixels(target), 2 * lit);
    for (int y = 55; y < target->h; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)target->pixels + y * target->pitch);
        for (int x = 0; x < target->w; x++)
            assert_int_equal(row[x] & 0x00FFFF, 0);
    }
    assert_int_equal(text_cache_bytes(e), bytes);
    assert_int_equal(text_cache_entries(e), 1);

    text_draw(e, ar_phone, body, 300, TEXT_DIR_RTL, TEXT_ALIGN_START, 0, 0, 255, 255, 255, 255);
    assert_int_equal(text_cache_entries(e), 2);
    assert_true(text_cache_bytes(e) >= bytes + 300);

    text_cache_clear(e);
    assert_int_equal(text_cache_bytes(e), 0);
    assert_int_equal(text_cache_entries(e), 0);

    text_engine_close(e);
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(target);

    /* The shared engine still works after another one came and went. */
    struct text_layout *l = lay(*state, "Hello", body, 0, TEXT_DIR_LTR);
    assert_true(l->lines[0].w > 0);
    text_layout_free(l);
}

static int lit_in_row(SDL_Surface *s, int y)
{
    const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
    int n = 0;
    for (int x = 0; x < s->w; x++)
        n += (row[x] & 0xFFFFFF) != 0;
    return n;
}

/* Marks taller than the line pitch are drawn whole: the paragraph's texture
 * reaches ink_top above the box and ink_bottom below it, its first and last
 * rows are empty (nothing was cut there), and no ink lies outside it. */
static void test_draw_overflow(void **state)
{
    const struct text_style big = {40, 1, 0};
    const int wrap = 300, x = 40, y = 60;
    char text[256];

    snprintf(text, sizeof text, "%s %s %s", harakat, harakat, harakat);
    struct text_layout *l = lay(*state, text, big, wrap, TEXT_DIR_RTL);
    check_geometry(l, wrap, big.size);
    check_pitch(l, big);
    assert_true(l->n_lines >= 3);
    assert_true(l->ink_top > 0 && l->ink_bottom > 0);
    const int top = y - l->ink_top, end = y + l->h + l->ink_bottom;

    SDL_Surface *target =
        SDL_CreateRGBSurfaceWithFormat(0, wrap + 2 * x, end + y, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(target);
    SDL_Renderer *renderer = SDL_CreateSoftwareRenderer(target);
    assert_non_null(renderer);
    SDL_SetRenderDrawColor(renderer, 0, 0, 0, 255);
    SDL_RenderClear(renderer);
    char err[256] = "";
    struct text_engine *e = text_engine_open(renderer, 4u << 20, err, sizeof err);
    assert_non_null(e);

    text_draw(e, text, big, wrap, TEXT_DIR_RTL, TEXT_ALIGN_START, x, y, 255, 255, 255, 255);
    SDL_RenderFlush(renderer);
    /* One picture of a byte a pixel, exactly as tall as the box plus its
     * overflow. */
    assert_int_equal(text_cache_entries(e), 1);
    size_t row_bytes = (size_t)(end - top);
    assert_int_equal(text_cache_bytes(e) % row_bytes, 0);
    assert_true(text_cache_bytes(e) / row_bytes <= (size_t)wrap);

    for (int row = 0; row < target->h; row++) {
        if (row < top || row >= end)
            assert_int_equal(lit_in_row(target, row), 0);
    }
    assert_int_equal(lit_in_row(target, top), 0);
    assert_int_equal(lit_in_row(target, end - 1), 0);
    for (int i = 0; i < l->n_lines; i++) {
        int lit = 0;
        for (int row = y + l->lines[i].y; row < y + l->lines[i].y + l->lines[i].h; row++)
            lit += lit_in_row(target, row);
        assert_true(lit > 100);
    }

    text_engine_close(e);
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(target);
    text_layout_free(l);
}

/* First and last rows with ink in columns [x0, x1) of rows [y0, y1). */
static void ink_rows(SDL_Surface *s, int x0, int x1, int y0, int y1, int *first, int *last)
{
    *first = *last = -1;
    for (int y = y0; y < y1; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
        for (int x = x0; x < x1; x++) {
            if (row[x] & 0xFFFFFF) {
                *first = *first < 0 ? y : *first;
                *last = y;
                break;
            }
        }
    }
}

/* Glyphs land on the layout's baseline, whether the line's fonts fit in it
 * (the texture starts below the box's top) or not (it starts above): the
 * Latin run of a three-script line is drawn exactly as the same text alone,
 * relative to each one's baseline. */
static void test_draw_on_baseline(void **state)
{
    const int x = 10, y3 = 20, y1 = 120;
    char run[64];
    SDL_Renderer *renderer;
    SDL_Surface *target = SDL_CreateRGBSurfaceWithFormat(0, 640, 200, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(target);
    renderer = SDL_CreateSoftwareRenderer(target);
    assert_non_null(renderer);
    SDL_SetRenderDrawColor(renderer, 0, 0, 0, 255);
    SDL_RenderClear(renderer);
    char err[256] = "";
    struct text_engine *e = text_engine_open(renderer, 1u << 20, err, sizeof err);
    assert_non_null(e);

    struct text_layout *l3 = lay(*state, three_scripts, body, 0, TEXT_DIR_LTR);
    const struct text_run *r3 = &l3->runs[0];
    assert_int_equal(r3->font, TEXT_FONT_LATIN);
    assert_true(l3->ink_top > 0);
    assert_true((size_t)r3->len < sizeof run);
    memcpy(run, l3->text + r3->start, (size_t)r3->len);
    run[r3->len] = '\0';
    struct text_layout *l1 = lay(*state, run, body, 0, TEXT_DIR_LTR);
    assert_int_equal(l1->n_runs, 1);
    assert_int_equal(l1->ink_top, 0);
    assert_true(l1->lines[0].baseline - l1->lines[0].y < l3->lines[0].baseline - l3->lines[0].y);

    text_draw(e, three_scripts, body, 0, TEXT_DIR_LTR, TEXT_ALIGN_START, x, y3, 255, 255, 255, 255);
    text_draw(e, run, body, 0, TEXT_DIR_LTR, TEXT_ALIGN_START, x, y1, 255, 255, 255, 255);
    SDL_RenderFlush(renderer);
    /* The run alone may be narrower: its trailing space hangs. */
    int a0, a1, b0, b1, w = l1->runs[0].w;
    int left3 = x + l3->lines[0].x + r3->x, left1 = x + l1->lines[0].x + l1->runs[0].x;
    ink_rows(target, left3, left3 + w, 0, y1 - 10, &a0, &a1);
    ink_rows(target, left1, left1 + w, y1 - 10, target->h, &b0, &b1);
    assert_true(a0 >= 0 && b0 >= 0);
    assert_int_equal(a0 - (y3 + l3->lines[0].baseline), b0 - (y1 + l1->lines[0].baseline));
    assert_int_equal(a1 - (y3 + l3->lines[0].baseline), b1 - (y1 + l1->lines[0].baseline));

    text_layout_free(l1);
    text_layout_free(l3);
    text_engine_close(e);
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(target);
}

/* Text larger than the band it goes through on its way to the renderer
 * (two tiles across, two down) comes out pixel for pixel as SDL_ttf draws
 * it: no seam, no tile misplaced. */
static void test_draw_in_tiles(void **state)
{
    const struct text_style big = {56, 0, 0};
    const char *text = "Palvelut ja neuvonta kaikille, maksutta ja ilman ajanvarausta";
    const int at = 20;

    struct text_layout *l = lay(*state, text, big, 0, TEXT_DIR_LTR);
    assert_int_equal(l->n_runs, 1);
    assert_true(l->w > 1100 && l->h > 64);
    SDL_Surface *got = SDL_CreateRGBSurfaceWithFormat(0, l->w + 2 * at, l->h + 2 * at, 32,
                                                      SDL_PIXELFORMAT_ARGB8888);
    SDL_Surface *want = SDL_CreateRGBSurfaceWithFormat(0, l->w + 2 * at, l->h + 2 * at, 32,
                                                       SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(got);
    assert_non_null(want);
    SDL_Renderer *r_got = SDL_CreateSoftwareRenderer(got),
                 *r_want = SDL_CreateSoftwareRenderer(want);
    assert_non_null(r_got);
    assert_non_null(r_want);
    SDL_SetRenderDrawColor(r_got, 0, 0, 0, 255);
    SDL_RenderClear(r_got);
    SDL_SetRenderDrawColor(r_want, 0, 0, 0, 255);
    SDL_RenderClear(r_want);

    char err[256] = "";
    struct text_engine *e = text_engine_open(r_got, 1u << 20, err, sizeof err);
    assert_non_null(e);
    text_draw(e, text, big, 0, TEXT_DIR_LTR, TEXT_ALIGN_START, at, at, 255, 255, 255, 255);
    SDL_RenderFlush(r_got);

    /* The same run, shaped and drawn by SDL_ttf alone with the same font. */
    FcPattern *pat = FcNameParse((const FcChar8 *)"Noto Sans");
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *match = FcFontMatch(NULL, pat, &res);
    FcChar8 *file = NULL;
    assert_non_null(match);
    assert_int_equal(FcPatternGetString(match, FC_FILE, 0, &file), FcResultMatch);
    assert_int_equal(TTF_Init(), 0);
    TTF_Font *font = TTF_OpenFont((const char *)file, big.size);
    assert_non_null(font);
    TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    SDL_Surface *s = TTF_RenderUTF8_Blended(font, text, (SDL_Color){255, 255, 255, 255});
    assert_non_null(s);
    SDL_Texture *tex = SDL_CreateTextureFromSurface(r_want, s);
    assert_non_null(tex);
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    const struct text_line *line = &l->lines[0];
    SDL_Rect dst = {at + line->x + l->runs[0].x, at + line->baseline - TTF_FontAscent(font), s->w,
                    s->h};
    SDL_RenderCopy(r_want, tex, NULL, &dst);
    SDL_RenderFlush(r_want);

    assert_true(lit_pixels(got) > 1000);
    for (int y = 0; y < got->h; y++)
        assert_memory_equal((const Uint8 *)got->pixels + y * got->pitch,
                            (const Uint8 *)want->pixels + y * want->pitch, (size_t)got->w * 4);

    SDL_DestroyTexture(tex);
    SDL_FreeSurface(s);
    TTF_CloseFont(font);
    TTF_Quit();
    FcPatternDestroy(match);
    FcPatternDestroy(pat);
    text_engine_close(e);
    SDL_DestroyRenderer(r_got);
    SDL_DestroyRenderer(r_want);
    SDL_FreeSurface(got);
    SDL_FreeSurface(want);
    text_layout_free(l);
}

static void test_cache_bound(void **state)
{
    const size_t bound = 64 * 1024;
    SDL_Renderer *renderer;
    SDL_Surface *target = new_target(&renderer);
    char err[256] = "", label[64];
    size_t drawn = 0;
    struct text_engine *e = text_engine_open(renderer, bound, err, sizeof err);
    (void)state;
    assert_non_null(e);

    for (int i = 0; i < 100; i++) {
        int w, h;
        text_frame_begin(e);
        snprintf(label, sizeof label, "Palvelu numero %d", i);
        text_draw(e, label, body, 0, TEXT_DIR_LTR, TEXT_ALIGN_START, 0, 0, 255, 255, 255, 255);
        text_measure(e, label, body, 0, TEXT_DIR_LTR, &w, &h);
        drawn += (size_t)w * (size_t)h;
        assert_true(text_cache_bytes(e) <= bound);
        assert_true(text_cache_bytes(e) > 0);
    }
    assert_true(drawn > 2 * bound);

    /* An entry whose texture was evicted keeps its size and draws again. */
    size_t entries = text_cache_entries(e);
    text_frame_begin(e);
    text_draw(e, "Palvelu numero 0", body, 0, TEXT_DIR_LTR, TEXT_ALIGN_START, 0, 0, 255, 255, 255,
              255);
    assert_int_equal(text_cache_entries(e), entries);
    assert_true(text_cache_bytes(e) > 0 && text_cache_bytes(e) <= bound);

    /* A frame whose text exceeds the whole cache keeps it while it is on
     * screen (a redraw costs a copy), and gives it back when it is left. */
    text_frame_begin(e);
    text_draw(e, long_rtl, body, 1000, TEXT_DIR_RTL, TEXT_ALIGN_START, 0, 0, 255, 255, 255, 255);
    size_t big = text_cache_bytes(e);
    assert_true(big > bound);
    text_frame_begin(e);
    text_draw(e, long_rtl, body, 1000, TEXT_DIR_RTL, TEXT_ALIGN_START, 0, 0, 255, 255, 255, 255);
    assert_int_equal(text_cache_bytes(e), big);
    text_frame_begin(e);
    text_draw(e, "Toinen sivu", body, 0, TEXT_DIR_LTR, TEXT_ALIGN_START, 0, 0, 255, 255, 255, 255);
    assert_true(text_cache_bytes(e) <= bound);

    text_engine_close(e);
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(target);
}

static void remove_tree(const char *dir)
{
    char path[512];
    DIR *d = opendir(dir);
    if (d) {
        for (struct dirent *ent = readdir(d); ent; ent = readdir(d)) {
            if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
            if (unlink(path) != 0)
                remove_tree(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* With only Noto Sans installed the engine opens, names what is missing, and
 * still lays out Arabic (as boxes) so an "out of order" screen can show. */
static void test_missing_family(void **state)
{
    char dir[] = "/tmp/frontdoor-text-XXXXXX", conf[256], link[256], err[256] = "";
    FcChar8 *file = NULL;
    (void)state;

    FcPattern *pat = FcNameParse((const FcChar8 *)"Noto Sans");
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *match = FcFontMatch(NULL, pat, &res);
    assert_non_null(match);
    assert_int_equal(FcPatternGetString(match, FC_FILE, 0, &file), FcResultMatch);

    assert_non_null(mkdtemp(dir));
    snprintf(link, sizeof link, "%s/NotoSans-Regular.ttf", dir);
    assert_int_equal(symlink((const char *)file, link), 0);
    FcPatternDestroy(match);
    FcPatternDestroy(pat);
    snprintf(conf, sizeof conf, "%s/fonts.conf", dir);
    FILE *f = fopen(conf, "w");
    assert_non_null(f);
    fprintf(f,
            "<?xml version=\"1.0\"?>\n<fontconfig><dir>%s</dir>"
            "<cachedir>%s/cache</cachedir></fontconfig>\n",
            dir, dir);
    fclose(f);
    /* The engine reads the configuration afresh (it gives fontconfig back
     * when it has found its faces): drop the one the lookup above loaded. */
    FcFini();
    setenv("FONTCONFIG_FILE", conf, 1);

    struct text_engine *e = text_engine_open(NULL, 1u << 20, err, sizeof err);
    assert_non_null(e);
    const char *missing = text_engine_missing(e);
    assert_non_null(missing);
    assert_non_null(strstr(missing, "Noto Sans Arabic"));
    assert_non_null(strstr(missing, "Noto Sans Ethiopic"));
    assert_int_equal(text_can_draw(e, "Hello"), 1);
    assert_int_equal(text_can_draw(e, ar_phone), 0);
    struct text_layout *l = lay(e, ar_phone, body, 200, TEXT_DIR_RTL);
    check_geometry(l, 200, body.size);
    assert_true(l->n_lines >= 1);
    text_layout_free(l);
    struct text_style bold = {24, 1, 0};
    l = lay(e, "Hello", bold, 0, TEXT_DIR_LTR);
    text_layout_free(l);
    text_engine_close(e);

    unsetenv("FONTCONFIG_FILE");
    remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fonts_found),
        cmocka_unit_test(test_arabic_with_phone_number),
        cmocka_unit_test(test_arabic_with_latin_name),
        cmocka_unit_test(test_three_scripts_one_line),
        cmocka_unit_test(test_line_pitch),
        cmocka_unit_test(test_auto_direction),
        cmocka_unit_test(test_wrap_long_rtl),
        cmocka_unit_test(test_long_word_breaks_between_characters),
        cmocka_unit_test(test_ellipsis),
        cmocka_unit_test(test_empty_and_spaces),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_no_boxes),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_isolate_ltr),
        cmocka_unit_test(test_tsv_cases),
        cmocka_unit_test(test_breaking_is_linear),
        cmocka_unit_test(test_lines_fill_exactly),
        cmocka_unit_test(test_measure_cache),
        cmocka_unit_test(test_draw_software),
        cmocka_unit_test(test_draw_overflow),
        cmocka_unit_test(test_draw_on_baseline),
        cmocka_unit_test(test_draw_in_tiles),
        cmocka_unit_test(test_cache_bound),
        cmocka_unit_test(test_missing_family),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
