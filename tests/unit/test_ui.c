/* The widget layer: taps act only when press and release land on the same
 * widget of the same screen; layouts mirror for right-to-left; the frame list
 * says what is on screen. */
#include "frontdoor/render.h"
#include "frontdoor/text.h"
#include "frontdoor/theme.h"
#include "frontdoor/ui.h"
#include "../../ui/screens/screens.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>
#include <cmocka.h>

static struct text_engine *text;
static const struct ui_text plain = {.size_dp = UI_TEXT_BODY};

static int setup(void **state)
{
    char err[256];
    text = text_engine_open(NULL, 1 << 20, err, sizeof err);
    *state = ui_new(text);
    return text ? 0 : -1;
}

static int teardown(void **state)
{
    ui_free(*state);
    text_engine_close(text);
    return 0;
}

/* Starts a frame of a screen with two buttons, A above B; returns which
 * was activated: 1 for A, 2 for B, 0 for none. */
static int frame_begin_ab(struct ui *ui, int rtl)
{
    int hit = 0;
    ui_begin(ui, 800, 480, rtl);
    if (ui_button(ui, "a", "A", (struct ui_rect){10, 10, 100, 50}, UI_STYLE_PRIMARY, plain))
        hit = 1;
    if (ui_button(ui, "b", "B", (struct ui_rect){10, 100, 100, 50}, UI_STYLE_PRIMARY, plain))
        hit = 2;
    return hit;
}

/* One whole frame of that screen. */
static int frame(struct ui *ui, int rtl)
{
    int hit = frame_begin_ab(ui, rtl);
    ui_end(ui);
    return hit;
}

static void test_tap_same_widget(void **state)
{
    struct ui *ui = *state;
    frame(ui, 0);
    assert_int_equal(ui_pointer_down(ui, 50, 30), 1);
    assert_int_equal(ui_pointer_up(ui, 60, 40), 1);
    assert_int_equal(frame(ui, 0), 1);
    /* The activation is consumed: the next frame reports nothing. */
    assert_int_equal(frame(ui, 0), 0);
}

static void test_slide_off_does_nothing(void **state)
{
    struct ui *ui = *state;
    frame(ui, 0);
    ui_pointer_down(ui, 50, 30); /* on A */
    ui_pointer_up(ui, 50, 120);  /* on B */
    assert_int_equal(frame(ui, 0), 0);
    ui_pointer_down(ui, 500, 300); /* on nothing */
    ui_pointer_up(ui, 50, 30);     /* on A */
    assert_int_equal(frame(ui, 0), 0);
}

static void test_no_fall_through_to_next_screen(void **state)
{
    struct ui *ui = *state;
    frame(ui, 0);
    ui_pointer_down(ui, 50, 30);
    ui_screen_changed(ui); /* the screen changed under the finger */
    frame(ui, 0);
    ui_pointer_up(ui, 50, 30);
    assert_int_equal(frame(ui, 0), 0);
}

static void test_tap_then_screen_change(void **state)
{
    struct ui *ui = *state;
    frame(ui, 0);
    /* A whole tap is queued, then something else (a key) changes the screen
     * before the next frame: the tap must not act on the new screen. */
    ui_pointer_down(ui, 50, 30);
    ui_pointer_up(ui, 50, 30);
    ui_screen_changed(ui);
    assert_int_equal(frame(ui, 0), 0);
}

static void test_home_forgets_the_path(void **state)
{
    (void)state;
    struct app a = {0};
    static const struct place zero;
    a.s.depth = 1;
    app_go(&a, (struct place){.screen = SCREEN_NEEDS});
    app_go(&a, (struct place){.screen = SCREEN_SERVICES, .need = "violence"});
    app_go(&a, (struct place){.screen = SCREEN_SERVICE, .need = "violence", .service = 17});
    assert_int_equal(a.s.depth, 4);
    app_back(&a);
    assert_int_equal(app_here(&a)->screen, SCREEN_SERVICES);
    app_go(&a, (struct place){.screen = SCREEN_SERVICE, .service = 3});
    app_home(&a);
    assert_int_equal(a.s.depth, 2);
    assert_int_equal(app_here(&a)->screen, SCREEN_NEEDS);
    /* Nothing of where the resident went is left above it. */
    for (int i = 2; i < NAV_DEPTH; i++)
        assert_memory_equal(&a.s.stack[i], &zero, sizeof zero);
}

static void test_mirroring(void **state)
{
    struct ui *ui = *state;
    frame(ui, 0);
    const struct ui_widget *a = ui_find(ui, "a");
    assert_non_null(a);
    assert_int_equal(a->r.x, 10);
    assert_int_equal(a->r.w, 100);
    frame(ui, 1);
    a = ui_find(ui, "a");
    assert_int_equal(a->r.x, 800 - 10 - 100);
    assert_int_equal(a->r.w, 100);
    /* Taps follow the mirrored rectangles. */
    ui_pointer_down(ui, 750, 30);
    ui_pointer_up(ui, 750, 30);
    assert_int_equal(frame(ui, 1), 1);
}

static void test_scale_and_frame_list(void **state)
{
    struct ui *ui = *state;
    ui_begin(ui, 1080, 1920, 0);
    assert_int_equal(ui_width(ui), 480);
    assert_int_equal(ui_height(ui), 853);
    ui_label(ui, "t", UI_ROLE_TEXT, "Hello", (struct ui_rect){0, 0, 100, 20}, UI_STYLE_PLAIN,
             plain);
    ui_button(ui, "b", "Go", (struct ui_rect){0, 100, 100, 50}, UI_STYLE_PRIMARY, plain);
    ui_end(ui);
    size_t n;
    const struct ui_widget *w = ui_widgets(ui, &n);
    assert_int_equal(n, 2);
    assert_string_equal(w[0].label, "Hello");
    assert_string_equal(ui_role_name(w[0].role), "text");
    assert_int_equal(w[0].interactive, 0);
    assert_string_equal(ui_role_name(w[1].role), "button");
    assert_int_equal(w[1].r.y, 225); /* 100 dp at 2.25 px per dp */
    assert_int_equal(w[1].r.h, 113); /* edges are rounded, so 50 dp may be 112 or 113 px */
    /* The label box lies inside the widget. */
    assert_true(w[1].tr.x >= w[1].r.x && w[1].tr.x + w[1].tr.w <= w[1].r.x + w[1].r.w);
    assert_true(w[1].tr.y >= w[1].r.y && w[1].tr.y + w[1].tr.h <= w[1].r.y + w[1].r.h);
    /* Labels are not interactive, so hits go to the button beneath. */
    assert_null(ui_hit(ui, 10, 10));
    assert_ptr_equal(ui_hit(ui, 10, 250), &w[1]);
}

/* A label too long for its button: it wraps first, then shrinks towards
 * the floor, and only at the floor loses its end to an ellipsis. Always
 * inside the button. */
static void test_long_label_wraps_shrinks_ellipsizes(void **state)
{
    struct ui *ui = *state;
    static const char *const labels[] = {
        "Money",
        "Money and bills, rent and debts",
        "Money and bills, rent and debts, benefits and fees",
        "Money and bills, rent and debts, benefits and other payments, pensions, fines, taxes, "
        "loans, insurance, savings, bank accounts and everything else about money",
    };
    struct ui_text t = {.size_dp = UI_TEXT_TITLE, .bold = 1, .max_lines = 3};
    struct ui_rect box = {0, 0, 200, 150};
    int size[4], lines[4], fit[4];
    for (int i = 0; i < 4; i++) {
        ui_begin(ui, 480, 800, 0);
        ui_button(ui, "b", labels[i], box, UI_STYLE_CARD, t);
        ui_end(ui);
        size_t n;
        const struct ui_widget *w = ui_widgets(ui, &n);
        assert_int_equal(n, 1);
        size[i] = w->text.size_dp;
        fit[i] = w->fit;
        struct ui_text one = w->text;
        one.max_lines = 1;
        lines[i] = ui_text_height(ui, labels[i], w->text, 200 - 28) /
                   ui_text_height(ui, labels[i], one, 200 - 28);
        /* Inside the button, whatever its length. */
        assert_true(w->tr.y + w->tr.h <= w->r.y + w->r.h);
        assert_true(w->tr.x + w->tr.w <= w->r.x + w->r.w);
    }
    assert_int_equal(size[0], UI_TEXT_TITLE); /* fits as it is */
    assert_int_equal(lines[0], 1);
    assert_int_equal(fit[0], UI_FIT_WHOLE);
    assert_int_equal(size[1], UI_TEXT_TITLE); /* wraps, same size */
    assert_true(lines[1] >= 2);
    assert_int_equal(fit[1], UI_FIT_WRAPPED);
    assert_true(size[2] < UI_TEXT_TITLE); /* shrinks, not yet to the floor */
    assert_true(size[2] > UI_TEXT_SMALL);
    assert_int_equal(fit[2], UI_FIT_SHRUNK);
    assert_int_equal(size[3], UI_TEXT_SMALL); /* at the floor, cut */
    assert_int_equal(fit[3], UI_FIT_CUT);
    assert_string_equal(ui_fit_name(fit[3]), "cut");
    ui_begin(ui, 480, 800, 0);
    ui_button(ui, "b", labels[3], box, UI_STYLE_CARD, t);
    ui_end(ui);
    size_t n;
    const struct ui_widget *w = ui_widgets(ui, &n);
    struct ui_text whole = w->text;
    whole.max_lines = 0;
    assert_true(ui_text_height(ui, labels[3], whole, 200 - 28) >
                ui_text_height(ui, labels[3], w->text, 200 - 28));
}

static void test_keyboard_focus(void **state)
{
    struct ui *ui = *state;
    ui_screen_changed(ui);
    frame(ui, 0);
    assert_int_equal(ui_key(ui, UI_KEY_ACTIVATE), 0); /* nothing focused yet */
    ui_key(ui, UI_KEY_NEXT);
    ui_key(ui, UI_KEY_NEXT);
    frame(ui, 0);
    assert_true(ui_find(ui, "b")->focused);
    ui_key(ui, UI_KEY_NEXT); /* wraps to A */
    ui_key(ui, UI_KEY_ACTIVATE);
    assert_int_equal(frame(ui, 0), 1);
}

/* A mouse on a scaled desktop speaks in window units: a window of 540x960
 * units holding a frame of 1080x1920 pixels has two pixels a unit. */
static void test_window_to_pixels(void **state)
{
    (void)state;
    int x = 270, y = 480;
    ui_window_to_pixels(&x, &y, 540, 960, 1080, 1920);
    assert_int_equal(x, 541); /* the middle of unit 270: pixels 540 and 541 */
    assert_int_equal(y, 961);
    x = 0, y = 959;
    ui_window_to_pixels(&x, &y, 540, 960, 1080, 1920);
    assert_int_equal(x, 1);
    assert_int_equal(y, 1919);
    /* One to one: unchanged. */
    x = 17, y = 23;
    ui_window_to_pixels(&x, &y, 800, 480, 800, 480);
    assert_int_equal(x, 17);
    assert_int_equal(y, 23);
    /* A frame every pixel of which is a unit and a half (150 %). */
    x = 100, y = 100;
    ui_window_to_pixels(&x, &y, 720, 1280, 1080, 1920);
    assert_int_equal(x, 150);
    assert_int_equal(y, 150);
    /* Sizes not known yet: unchanged. */
    ui_window_to_pixels(&x, &y, 0, 0, 1080, 1920);
    assert_int_equal(x, 150);
}

/* A text line that must keep to one line says when it was cut. */
static void test_fit_of_a_text(void **state)
{
    struct ui *ui = *state;
    struct ui_text t = {.size_dp = UI_TEXT_BODY, .max_lines = 1};
    ui_begin(ui, 480, 800, 0);
    ui_label(ui, "short", UI_ROLE_TEXT, "Help", (struct ui_rect){0, 0, 200, 40}, UI_STYLE_PLAIN, t);
    ui_label(ui, "long", UI_ROLE_TEXT, "Help with money, housing, work and much more besides",
             (struct ui_rect){0, 50, 100, 40}, UI_STYLE_PLAIN, t);
    t.max_lines = 0;
    ui_label(ui, "wraps", UI_ROLE_TEXT, "Help with money, housing, work and much more besides",
             (struct ui_rect){0, 100, 100, 200}, UI_STYLE_PLAIN, t);
    ui_end(ui);
    assert_int_equal(ui_find(ui, "short")->fit, UI_FIT_WHOLE);
    assert_int_equal(ui_find(ui, "long")->fit, UI_FIT_CUT);
    assert_int_equal(ui_find(ui, "wraps")->fit, UI_FIT_WRAPPED);
}

/* One frame: A and B, then, when `modal`, an overlay with one button C
 * that lies over A but not over B. Returns which was activated (1, 2, 3). */
static int modal_frame(struct ui *ui, int modal)
{
    int hit = frame_begin_ab(ui, 0);
    if (modal) {
        ui_modal(ui);
        if (ui_button(ui, "c", "C", (struct ui_rect){5, 5, 120, 30}, UI_STYLE_PRIMARY, plain))
            hit = 3;
    }
    ui_end(ui);
    return hit;
}

/* Nothing under the modal layer can be tapped or focused, even where the
 * overlay leaves it in sight. */
static void test_modal_layer(void **state)
{
    struct ui *ui = *state;
    ui_screen_changed(ui);
    modal_frame(ui, 1);
    /* B is not covered by C, yet a tap on it does nothing. */
    assert_null(ui_hit(ui, 50, 120));
    ui_pointer_down(ui, 50, 120);
    ui_pointer_up(ui, 50, 120);
    assert_int_equal(modal_frame(ui, 1), 0);
    /* Keys move only among the overlay's widgets. */
    for (int i = 0; i < 3; i++) {
        ui_key(ui, UI_KEY_NEXT);
        modal_frame(ui, 1);
        assert_true(ui_find(ui, "c")->focused);
        assert_false(ui_find(ui, "a")->focused);
        assert_false(ui_find(ui, "b")->focused);
    }
    ui_key(ui, UI_KEY_ACTIVATE);
    assert_int_equal(modal_frame(ui, 1), 3);
    /* Without the overlay, B answers again. */
    modal_frame(ui, 0);
    ui_pointer_down(ui, 50, 120);
    ui_pointer_up(ui, 50, 120);
    assert_int_equal(modal_frame(ui, 0), 2);
}

static Uint32 pixel(SDL_Surface *s, int x, int y)
{
    return *(Uint32 *)((Uint8 *)s->pixels + y * s->pitch + x * 4);
}

static Uint32 colour(SDL_Surface *s, struct theme_color c)
{
    return SDL_MapRGB(s->format, c.r, c.g, c.b);
}

/* Pixels of colour c in the columns [x0, x1) of rectangle r. */
static int count(SDL_Surface *s, struct ui_rect r, int x0, int x1, Uint32 c)
{
    int n = 0;
    for (int y = r.y; y < r.y + r.h; y++) {
        for (int x = x0; x < x1; x++)
            n += pixel(s, x, y) == c;
    }
    return n;
}

/* The painter draws what the frame list says: a card with rounded corners in
 * its theme colours, its icon tinted with the theme's icon colour inside the
 * icon's box, a directional icon mirrored in a right-to-left layout, and the
 * neutral icon for one that cannot be found. */
static void test_render_icons_and_corners(void **state)
{
    (void)state;
    SDL_Surface *target = SDL_CreateRGBSurfaceWithFormat(0, 960, 960, 32, SDL_PIXELFORMAT_RGB888);
    SDL_Renderer *ren = SDL_CreateSoftwareRenderer(target);
    assert_non_null(ren);
    char err[256];
    struct text_engine *te = text_engine_open(ren, 1 << 20, err, sizeof err);
    assert_non_null(te);
    struct ui *ui = ui_new(te);
    struct painter *p = painter_new(ren, TEST_SOURCE_DIR "/data/icons");
    struct theme_look card = theme_look(UI_STYLE_CARD);
    const struct ui_widget *w;

    for (int rtl = 0; rtl <= 1; rtl++) {
        ui_begin(ui, 960, 960, rtl); /* 2 px a dp */
        ui_next_icon(ui, "back", 48, UI_ICON_MIRROR);
        ui_button(ui, "card", "", (struct ui_rect){10, 10, 200, 100}, UI_STYLE_CARD, plain);
        ui_next_icon(ui, "no-such-icon-here", 48, 0);
        ui_button(ui, "other", "", (struct ui_rect){10, 120, 200, 100}, UI_STYLE_CARD, plain);
        ui_end(ui);
        render_frame(p, te, ui);
        SDL_RenderFlush(ren);

        w = ui_find(ui, "card");
        assert_non_null(w);
        assert_int_equal(w->icon_flip, rtl);
        /* Rounded: the very corner is background, the top edge's middle is
         * the border, the middle is the fill. */
        assert_int_equal(pixel(target, w->r.x, w->r.y), colour(target, theme_background()));
        assert_int_equal(pixel(target, w->r.x + w->r.w / 2, w->r.y), colour(target, card.border));
        /* The arrow's head is at its pointed end: left, or right when mirrored. */
        Uint32 ink = colour(target, card.icon);
        int half = w->ir.x + w->ir.w / 2;
        int left = count(target, w->ir, w->ir.x, half, ink);
        int right = count(target, w->ir, half, w->ir.x + w->ir.w, ink);
        assert_true(left + right > 50);
        if (rtl ? right <= left : left <= right)
            fail_msg("rtl %d: %d icon pixels on the left, %d on the right", rtl, left, right);
        /* An icon that is not there gives way to the neutral one. */
        w = ui_find(ui, "other");
        assert_int_equal(count(target, w->ir, w->ir.x, w->ir.x + w->ir.w, ink) > 0, 1);
    }

    painter_free(p);
    ui_free(ui);
    text_engine_close(te);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(target);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tap_same_widget),
        cmocka_unit_test(test_slide_off_does_nothing),
        cmocka_unit_test(test_no_fall_through_to_next_screen),
        cmocka_unit_test(test_tap_then_screen_change),
        cmocka_unit_test(test_home_forgets_the_path),
        cmocka_unit_test(test_mirroring),
        cmocka_unit_test(test_scale_and_frame_list),
        cmocka_unit_test(test_long_label_wraps_shrinks_ellipsizes),
        cmocka_unit_test(test_keyboard_focus),
        cmocka_unit_test(test_fit_of_a_text),
        cmocka_unit_test(test_window_to_pixels),
        cmocka_unit_test(test_modal_layer),
        cmocka_unit_test(test_render_icons_and_corners),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
