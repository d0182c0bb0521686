/* kiosk.c: SDL at the edge, the app state in the middle.
 *
 * Events are translated here, once, into the widget layer's pointer and key
 * calls; screens never see them. A frame is built when `dirty` is set; if a
 * screen changed the place or the language while building, the change is
 * applied and the frame built again before anything is drawn, so the
 * resident never sees a half-changed screen.
 *
 * Sleeping: where the video driver can truly block (x11, wayland) the loop
 * waits in SDL_WaitEventTimeout until input or the next timer. Elsewhere
 * (KMSDRM, offscreen) SDL's wait is a 1 ms polling loop, so the kiosk blocks
 * in poll() on the input devices itself (wake.h) until input or the timer.
 */
#include "frontdoor/kiosk.h"

#include "frontdoor/catalog.h"
#include "frontdoor/clock.h"
#include "frontdoor/config.h"
#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/paths.h"
#include "frontdoor/png.h"
#include "frontdoor/render.h"
#include "frontdoor/text.h"
#include "frontdoor/ui.h"
#include "frontdoor/wake.h"
#include "screens/screens.h"

#include <SDL.h>
#include <stdio.h>
#include <string.h>

/* Room for the text of the screen on show and most of the one before it (a
 * 1080x1920 screen's text takes 1 to 2.5 MiB of textures), so going back
 * costs little and the whole kiosk stays under 38 MiB. */
#define TEXT_CACHE_BYTES (4u * 1024 * 1024)
#define HEADLESS_W 1080
#define HEADLESS_H 1920
/* 2026-01-05 10:00, a Monday, local time: where simulated time starts. */
#define SIM_START "2026-01-05T10:00"

typedef void (*screen_fn)(struct app *a);

static const screen_fn screens[SCREEN_COUNT] = {
    [SCREEN_WELCOME] = screen_welcome,           [SCREEN_NEEDS] = screen_needs,
    [SCREEN_SERVICES] = screen_services,         [SCREEN_SERVICE] = screen_service,
    [SCREEN_OUT_OF_ORDER] = screen_out_of_order, [SCREEN_LANGUAGE] = screen_language,
};

struct kiosk {
    struct fd_config cfg;
    struct app app;
    char applied_lang[16]; /* the language gettext and the catalogue use now */
    char rest_lang[16];    /* the out-of-order screen's own language */
    struct catalog *cat;
    struct text_engine *text;
    struct ui *ui;
    SDL_Window *window;
    SDL_Renderer *renderer;
    struct painter *painter;
    int w, h;
    int headless;
    int native_wait;
    struct wake *wake;    /* where native_wait is 0 */
    int dirty;            /* the frame must be rebuilt */
    int stale;            /* the built frame has not been drawn */
    int64_t last_input;   /* ticks of the last input, for the idle reset */
    int64_t built_minute; /* clock minute the frame was built in */
    int quit;
};

static void apply_language(struct kiosk *k)
{
    if (strcmp(k->applied_lang, k->app.lang) == 0)
        return;
    if (i18n_set_language(k->app.lang) != 0) {
        /* Only known codes reach here; keep the old language if not. */
        xsnprintf(k->app.lang, sizeof k->app.lang, "%s", k->applied_lang);
        return;
    }
    if (k->cat)
        catalog_set_languages(k->cat, k->app.lang, k->cfg.default_language);
    xsnprintf(k->applied_lang, sizeof k->applied_lang, "%s", k->app.lang);
}

/* The out-of-order screen alone, in `lang` where it can be drawn. */
static void rest(struct kiosk *k, const char *lang)
{
    k->app.depth = 1;
    k->app.stack[0] = (struct place){.screen = SCREEN_OUT_OF_ORDER};
    k->app.cat = NULL;
    k->app.sample = 0;
    if (lang != k->app.lang) /* never copied onto itself */
        xsnprintf(k->app.lang, sizeof k->app.lang, "%s", lang);
    /* The calm words must be readable: if the font for this language is what
     * is missing, say them in English. */
    apply_language(k);
    if (k->text && !text_can_draw(k->text, _("In an emergency, call %s."))) {
        xsnprintf(k->app.lang, sizeof k->app.lang, "en");
        apply_language(k);
    }
    xsnprintf(k->rest_lang, sizeof k->rest_lang, "%s", k->app.lang);
    ui_screen_changed(k->ui);
    k->dirty = 1;
}

static void out_of_order(struct kiosk *k, const char *why)
{
    fprintf(stderr, "frontdoor: out of order: %s\n", why);
    rest(k, k->app.lang);
}

/* Out of order: the resting screen, or the language screen over it. */
static int is_out_of_order(const struct kiosk *k)
{
    return k->app.stack[0].screen == SCREEN_OUT_OF_ORDER;
}

static int same_place(const struct place *a, const struct place *b)
{
    return a->screen == b->screen && a->service == b->service && a->page == b->page &&
           strcmp(a->need, b->need) == 0;
}

/* Builds the frame list, applying what the screen changed and building again
 * until it is stable. */
static void build(struct kiosk *k)
{
    if (!k->text) {
        /* No font at all: an empty frame, the calm background colour. */
        ui_begin(k->ui, k->w, k->h, 0);
        ui_end(k->ui);
        k->dirty = 0;
        k->stale = 1;
        return;
    }
    /* Staff replaced the catalogue: ids may now name other services, so the
     * resident starts again from the needs, in their language. */
    if (k->cat && !is_out_of_order(k) && catalog_changed(k->cat) > 0 &&
        app_here(&k->app)->screen != SCREEN_WELCOME) {
        app_home(&k->app);
        ui_screen_changed(k->ui);
    }
    for (int pass = 0; pass < 4; pass++) {
        struct place before = *app_here(&k->app);
        int depth = k->app.depth;
        char lang[16];
        memcpy(lang, k->app.lang, sizeof lang);

        apply_language(k);
        k->app.shows_time = 0;
        ui_begin(k->ui, k->w, k->h, i18n_is_rtl(k->app.lang));
        screens[app_here(&k->app)->screen](&k->app);
        ui_end(k->ui);

        if (k->app.failed) {
            k->app.failed = 0;
            out_of_order(k, "the catalogue could not be read");
            continue;
        }
        int moved = depth != k->app.depth || !same_place(&before, app_here(&k->app));
        if (moved)
            ui_screen_changed(k->ui);
        if (!moved && strcmp(lang, k->app.lang) == 0)
            break;
    }
    k->built_minute = clock_now_ms() / 60000;
    k->dirty = 0;
    k->stale = 1;
}

static void draw(struct kiosk *k)
{
    render_frame(k->painter, k->text, k->ui);
    SDL_RenderPresent(k->renderer);
    k->stale = 0;
}

static void reset_session(struct kiosk *k)
{
    /* The next person starts fresh: no path, the default language, and no
     * rendered text of what was on screen. */
    if (is_out_of_order(k)) {
        rest(k, k->cfg.default_language);
        text_cache_clear(k->text);
        return;
    }
    app_restart(&k->app);
    text_cache_clear(k->text);
    xsnprintf(k->app.lang, sizeof k->app.lang, "%s", k->cfg.default_language);
    ui_screen_changed(k->ui);
    k->dirty = 1;
}

/* Milliseconds until the idle reset, or -1 when there is nothing to reset. */
static int64_t idle_timer(const struct kiosk *k)
{
    if (is_out_of_order(k) ? k->app.depth == 1 && strcmp(k->app.lang, k->rest_lang) == 0
                           : app_here(&k->app)->screen == SCREEN_WELCOME &&
                                 strcmp(k->app.lang, k->cfg.default_language) == 0)
        return -1;
    int64_t due = k->last_input + (int64_t)k->cfg.idle_reset_seconds * 1000;
    int64_t left = due - clock_ticks_ms();
    return left < 0 ? 0 : left;
}

/* Milliseconds until the next timer (idle reset, or the next minute when the
 * screen shows "open now"), or -1 when none is due. */
static int64_t next_timer(const struct kiosk *k)
{
    int64_t t = idle_timer(k);
    if (k->app.shows_time) {
        int64_t minute = 60000 - clock_now_ms() % 60000;
        if (t < 0 || minute < t)
            t = minute;
    }
    return t;
}

static void run_timers(struct kiosk *k)
{
    if (idle_timer(k) == 0)
        reset_session(k);
    if (k->app.shows_time && clock_now_ms() / 60000 != k->built_minute)
        k->dirty = 1;
}

static void handle_key(struct kiosk *k, const SDL_KeyboardEvent *key)
{
    switch (key->keysym.sym) {
    case SDLK_TAB:
        k->dirty |= ui_key(k->ui, key->keysym.mod & KMOD_SHIFT ? UI_KEY_PREV : UI_KEY_NEXT);
        break;
    case SDLK_DOWN:
        k->dirty |= ui_key(k->ui, UI_KEY_NEXT);
        break;
    case SDLK_UP:
        k->dirty |= ui_key(k->ui, UI_KEY_PREV);
        break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
        k->dirty |= ui_key(k->ui, UI_KEY_ACTIVATE);
        break;
    case SDLK_ESCAPE:
    case SDLK_BACKSPACE:
    case SDLK_AC_BACK:
        if (k->app.depth > 1) {
            app_back(&k->app);
            ui_screen_changed(k->ui);
            k->dirty = 1;
        }
        break;
    case SDLK_HOME:
    case SDLK_AC_HOME:
        if (!is_out_of_order(k) && app_here(&k->app)->screen != SCREEN_WELCOME) {
            app_home(&k->app);
            ui_screen_changed(k->ui);
            k->dirty = 1;
        }
        break;
    default:
        break;
    }
}

static void update_size(struct kiosk *k)
{
    int w, h;
    if (SDL_GetRendererOutputSize(k->renderer, &w, &h) == 0 && (w != k->w || h != k->h)) {
        k->w = w;
        k->h = h;
    }
    k->dirty = 1;
}

/* Translates one SDL event into the widget layer's terms. */
static void handle_event(struct kiosk *k, const SDL_Event *e)
{
    int input = 1;
    switch (e->type) {
    case SDL_QUIT:
        k->quit = 1;
        break;
    case SDL_FINGERDOWN:
        k->dirty |= ui_pointer_down(k->ui, (int)(e->tfinger.x * k->w), (int)(e->tfinger.y * k->h));
        break;
    case SDL_FINGERUP:
        k->dirty |= ui_pointer_up(k->ui, (int)(e->tfinger.x * k->w), (int)(e->tfinger.y * k->h));
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
            break;
        if (e->type == SDL_MOUSEBUTTONDOWN)
            k->dirty |= ui_pointer_down(k->ui, e->button.x, e->button.y);
        else
            k->dirty |= ui_pointer_up(k->ui, e->button.x, e->button.y);
        break;
    case SDL_KEYDOWN:
        handle_key(k, &e->key);
        break;
    case SDL_WINDOWEVENT:
        input = 0;
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
            e->window.event == SDL_WINDOWEVENT_EXPOSED)
            update_size(k);
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        input = 0;
        text_cache_clear(k->text);
        k->dirty = 1;
        break;
    default:
        input = 0;
        break;
    }
    if (input)
        k->last_input = clock_ticks_ms();
}

void kiosk_pump(struct kiosk *k)
{
    SDL_Event e;
    while (SDL_PollEvent(&e))
        handle_event(k, &e);
    run_timers(k);
    if (k->dirty)
        build(k);
}

const struct ui *kiosk_ui(const struct kiosk *k)
{
    return k->ui;
}

void kiosk_size(const struct kiosk *k, int *w, int *h)
{
    *w = k->w;
    *h = k->h;
}

int kiosk_set_language(struct kiosk *k, const char *code)
{
    if (!i18n_language(code))
        return -1;
    if (is_out_of_order(k))
        return 0;
    app_set_language(&k->app, code);
    if (app_here(&k->app)->screen == SCREEN_WELCOME)
        app_home(&k->app);
    ui_screen_changed(k->ui);
    k->last_input = clock_ticks_ms();
    k->dirty = 1;
    kiosk_pump(k);
    return 0;
}

void kiosk_redraw(struct kiosk *k)
{
    build(k);
    draw(k);
}

int kiosk_screenshot(struct kiosk *k, const char *path, char *err, size_t errlen)
{
    if (k->dirty)
        build(k);
    render_frame(k->painter, k->text, k->ui);
    /* Read in the window's own format when its bytes already lie B G R X,
     * so reading is a copy, not a conversion of every pixel; and in bands,
     * so no second frame-sized buffer is ever touched. */
    Uint32 format = SDL_PIXELFORMAT_BGRA32;
    Uint32 native = SDL_GetWindowPixelFormat(k->window);
    if (SDL_BYTEORDER == SDL_LIL_ENDIAN &&
        (native == SDL_PIXELFORMAT_RGB888 || native == SDL_PIXELFORMAT_ARGB8888))
        format = native;
    struct png_out *out = png_start(path, k->w, k->h, err, errlen);
    if (!out)
        return -1;
    enum { BAND = 64 };
    int pitch = k->w * 4;
    unsigned char *band = xmalloc((size_t)pitch * BAND);
    int ok = 1;
    for (int y = 0; ok && y < k->h; y += BAND) {
        int n = k->h - y < BAND ? k->h - y : BAND;
        SDL_Rect r = {0, y, k->w, n};
        if (SDL_RenderReadPixels(k->renderer, &r, format, band, pitch) != 0) {
            xsnprintf(err, errlen, "cannot read the frame: %s", SDL_GetError());
            ok = 0;
        } else if (png_rows(out, band, n, pitch, err, errlen) != 0) {
            ok = 0;
        }
    }
    free(band);
    return png_finish(out, ok, err, errlen) == 0 && ok ? 0 : -1;
}

int kiosk_run(struct kiosk *k)
{
    while (!k->quit) {
        if (k->dirty)
            build(k);
        if (k->stale)
            draw(k);
        int64_t timer = next_timer(k);
        int timeout = timer < 0 ? -1 : (int)(timer > 86400000 ? 86400000 : timer);
        SDL_Event e;
        if (k->native_wait) {
            if (SDL_WaitEventTimeout(&e, timeout))
                handle_event(k, &e);
        } else if (SDL_PollEvent(&e)) {
            handle_event(k, &e);
        } else {
            wake_wait(k->wake, timeout);
        }
        while (SDL_PollEvent(&e))
            handle_event(k, &e);
        run_timers(k);
    }
    return 0;
}

static int open_video(struct kiosk *k, const struct kiosk_options *opt, char *err, size_t errlen)
{
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (opt->headless) {
        /* PLATFORM-FACTS: without this the offscreen driver loads Mesa, which
         * costs 150-230 ms and ~100 MiB at start. */
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    }
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        xsnprintf(err, errlen, "cannot start video: %s", SDL_GetError());
        return -1;
    }
    const char *driver = SDL_GetCurrentVideoDriver();
    k->native_wait = driver && (strcmp(driver, "x11") == 0 || strcmp(driver, "wayland") == 0);
    if (!k->native_wait && !opt->headless)
        k->wake = wake_open();

    int w = opt->width, h = opt->height;
    Uint32 flags = SDL_WINDOW_SHOWN;
    int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED;
    if (opt->headless) {
        w = w ? w : HEADLESS_W;
        h = h ? h : HEADLESS_H;
    } else if (opt->windowed) {
        w = w ? w : 540;
        h = h ? h : 960;
        flags |= SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    } else {
        /* PLATFORM-FACTS: FULLSCREEN_DESKTOP without a window manager keeps
         * the old size; a borderless window at desktop size always works. */
        SDL_DisplayMode mode;
        if (SDL_GetDesktopDisplayMode(0, &mode) == 0) {
            w = mode.w;
            h = mode.h;
        } else {
            w = w ? w : 1080;
            h = h ? h : 1920;
        }
        x = y = 0;
        flags |= SDL_WINDOW_BORDERLESS;
    }
    k->window = SDL_CreateWindow("Frontdoor", x, y, w, h, flags);
    if (!k->window) {
        xsnprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        return -1;
    }
    if (!opt->headless && !opt->windowed)
        SDL_ShowCursor(SDL_DISABLE);
    k->renderer = SDL_CreateRenderer(k->window, -1, opt->headless ? SDL_RENDERER_SOFTWARE : 0);
    if (!k->renderer)
        k->renderer = SDL_CreateRenderer(k->window, -1, SDL_RENDERER_SOFTWARE);
    if (!k->renderer) {
        xsnprintf(err, errlen, "cannot create a renderer: %s", SDL_GetError());
        return -1;
    }
    if (SDL_GetRendererOutputSize(k->renderer, &k->w, &k->h) != 0) {
        k->w = w;
        k->h = h;
    }
    return 0;
}

int kiosk_open(const struct kiosk_options *opt, struct kiosk **out, char *err, size_t errlen)
{
    struct kiosk *k = xcalloc(1, sizeof *k);
    *out = NULL;
    k->headless = opt->headless;

    config_defaults(&k->cfg);
    const char *cfg_path = opt->config ? opt->config : paths_default_config();
    if (config_load(&k->cfg, cfg_path, opt->config != NULL, err, errlen) != 0)
        goto fail;
    if (k->cfg.time_zone[0] && clock_set_zone(k->cfg.time_zone) != 0) {
        xsnprintf(err, errlen, "%s: cannot use time zone %s", cfg_path, k->cfg.time_zone);
        goto fail;
    }
    if (opt->headless) {
        int64_t start;
        if (clock_parse_local(SIM_START, &start) != 0)
            start = 0;
        clock_simulate(start);
    }
    if (i18n_init(paths_localedir()) != 0) {
        xsnprintf(err, errlen, "no UTF-8 locale (C.UTF-8) on this system");
        goto fail;
    }
    /* --lang overrides the configured default: the kiosk starts in it and
     * returns to it after an idle reset. */
    if (opt->lang) {
        if (!config_offers(&k->cfg, opt->lang)) {
            xsnprintf(err, errlen, "--lang: \"%s\" is not one of the languages %s offers",
                      opt->lang, cfg_path);
            goto fail;
        }
        xsnprintf(k->cfg.default_language, sizeof k->cfg.default_language, "%s", opt->lang);
    }
    xsnprintf(k->app.lang, sizeof k->app.lang, "%s", k->cfg.default_language);
    if (open_video(k, opt, err, errlen) != 0)
        goto fail;

    k->app.cfg = &k->cfg;
    app_restart(&k->app);

    char why[512];
    k->painter = painter_new(k->renderer, paths_icon_dir());
    k->text = text_engine_open(k->renderer, TEXT_CACHE_BYTES, why, sizeof why);
    k->ui = ui_new(k->text);
    k->app.ui = k->ui;
    if (!k->text) {
        /* Not even a fallback font: the screen stays a calm, empty colour. */
        out_of_order(k, why);
    } else if (text_engine_missing(k->text)) {
        xsnprintf(why, sizeof why, "font missing: %s", text_engine_missing(k->text));
        out_of_order(k, why);
    } else if (catalog_open(opt->db, CATALOG_READONLY, &k->cat) != 0) {
        xsnprintf(why, sizeof why, "%s", catalog_errmsg(k->cat));
        catalog_close(k->cat);
        k->cat = NULL;
        out_of_order(k, why);
    } else {
        k->app.cat = k->cat;
        k->app.sample = catalog_is_sample(k->cat);
        struct need_list needs = {0};
        if (catalog_needs(k->cat, &needs) != 0 || needs.n == 0)
            out_of_order(k, needs.n == 0 ? "the catalogue is empty (import one with "
                                           "frontdoor-admin import)"
                                         : catalog_errmsg(k->cat));
        catalog_need_list_free(&needs);
    }
    k->last_input = clock_ticks_ms();
    k->dirty = 1;
    build(k);
    *out = k;
    return 0;

fail:
    kiosk_close(k);
    return -1;
}

void kiosk_close(struct kiosk *k)
{
    if (!k)
        return;
    wake_close(k->wake);
    ui_free(k->ui);
    text_engine_close(k->text);
    painter_free(k->painter);
    catalog_close(k->cat);
    if (k->renderer)
        SDL_DestroyRenderer(k->renderer);
    if (k->window)
        SDL_DestroyWindow(k->window);
    SDL_Quit();
    free(k);
}
