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
 *
 * A screen mounted turned ([screen] rotation) gets the picture turned by
 * the kiosk: the painter draws it into a texture of its own size and copies
 * it onto the screen turned; a touch is turned back before the widget
 * layer sees it. Outside the screen's hours ([screen] hours) the screen
 * sleeps, black; the touch that wakes it reaches no widget.
 *
 * Under systemd (Type=notify, WatchdogSec=) the kiosk says READY=1 once its
 * first frame is on screen, and pings the watchdog from the loop itself:
 * a loop that hangs stops pinging, and systemd restarts the kiosk. A ping
 * rides any wake-up a quarter of the watchdog's time after the last; the
 * loop's timer wakes an idle kiosk only at half of it.
 */
#include "frontdoor/kiosk.h"

#include "frontdoor/catalog.h"
#include "frontdoor/clock.h"
#include "frontdoor/config.h"
#include "frontdoor/counts.h"
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
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kd.h>
#include <sodium.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

/* Room for the text of the screen on show and most of the one before it (a
 * 1080x1920 screen's text takes 0.3 to 0.8 MiB of coverage, a byte a
 * pixel), so going back costs little and the whole kiosk stays under 36 MiB. */
#define TEXT_CACHE_BYTES (1u * 1024 * 1024)
#define HEADLESS_W 1080
#define HEADLESS_H 1920
/* Out of order for want of a usable catalogue, the kiosk looks again this
 * often, so it comes back by itself once staff have fixed it. */
#define RETRY_MS 60000
/* 2026-01-05 10:00, a Monday, local time: where simulated time starts. */
#define SIM_START "2026-01-05T10:00"

/* Shift pressed this many times within SHIFT_WINDOW_MS leaves at once, as
 * on GOV.UK's "Exit this page". */
#define SHIFT_PRESSES 3
#define SHIFT_WINDOW_MS 2000

/* Staff mode ends after this long untouched. */
#define STAFF_IDLE_MS (2 * 60 * 1000)
/* The corners tapped in order to ask for staff mode (when configured): top
 * left, top right, bottom right of the screen as it stands, whatever the
 * language, each tap within CORNER_MS of the one before, inside a square
 * of a tenth of the screen's shorter side. A resting hand or a leaning
 * arm touches one corner, not three in turn. */
#define CORNERS 3
#define CORNER_MS 3000
/* While staff look at the USB screen, the folder where sticks are mounted
 * is looked at this often, so a stick put in shows by itself; while
 * frontdoor-admin checks or imports one, the kiosk looks this often
 * whether it is done. */
#define USB_SCAN_MS 2000
#define USB_POLL_MS 200
#define USB_DEPTH 3 /* /media/USER/STICK/catalogue.json */
/* Where the kernel shows the screens' backlights. */
#define BACKLIGHT_DIR "/sys/class/backlight"

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
    SDL_Surface *frame; /* headless: what the renderer draws into, */
    void *pixels;       /* its pixels */
    size_t pixels_size;
    struct painter *painter;
    int w, h;         /* the picture's pixels, as the resident sees it */
    int out_w, out_h; /* the screen's: the picture turned by `rotation` */
    int rotation;     /* degrees clockwise the picture is turned on the screen */
    int headless;
    int native_wait;
    struct wake *wake;             /* where native_wait is 0 */
    int dirty;                     /* the frame must be rebuilt */
    int stale;                     /* the built frame has not been drawn */
    int64_t last_input;            /* ticks of the last input, for the idle reset */
    int active;                    /* input arrived since the last frame was built */
    int64_t shifts[SHIFT_PRESSES]; /* ticks of the last Shift presses, oldest first */
    int n_shifts;                  /* how many of them are set */
    int staff_key;                 /* the configured key combination: SDL keycode, 0 none, */
    unsigned staff_mods;           /* and KMOD_CTRL, _ALT, _SHIFT, _GUI bits */
    int corners;                   /* corners tapped in order so far */
    int64_t corner_at;             /* ticks of the last of them */
    int64_t built_minute;          /* clock minute the frame was built in */
    int quit;
    int exit_status;             /* kiosk_run's: 0, or KIOSK_EXIT_CONSOLE */
    int windowed;                /* a window on a desktop, which closing it may end */
    int console;                 /* the console the kiosk draws on, in graphics mode; -1 none */
    volatile sig_atomic_t *stop; /* from the options */
    char db_path[4096];
    int64_t retry_at;        /* out of order for want of a catalogue: when to look again; 0 never */
    const char *config_path; /* NULL: the default */
    struct counts *counts;   /* NULL: nothing is counted (no key) */
    int64_t counts_at;       /* ticks of the next look at the day and the upload */
    pid_t sync_pid;          /* the upload running, or 0 */
    pid_t usb_pid;           /* frontdoor-admin checking or importing a stick's bundle, or 0 */
    int usb_out;             /* its output: an unlinked temporary file; -1 none */
    int64_t usb_scan_at;     /* ticks of the next look at the USB folder */
    int asleep;              /* outside the screen's hours: black, backlight off */
    int swallow;             /* the release of the touch that woke the screen is to come */
    int told_ready;          /* systemd knows the first frame is on screen */
    int64_t watchdog_ms;     /* systemd's watchdog time, 0 when there is none */
    int64_t pinged_at;       /* ticks of the last ping */
};

extern char **environ;

static void apply_language(struct kiosk *k)
{
    if (strcmp(k->applied_lang, k->app.s.lang) == 0)
        return;
    if (i18n_set_language(k->app.s.lang) != 0) {
        /* Only known codes reach here; keep the old language if not. */
        xsnprintf(k->app.s.lang, sizeof k->app.s.lang, "%s", k->applied_lang);
        return;
    }
    if (k->cat)
        catalog_set_languages(k->cat, k->app.s.lang, k->cfg.default_language);
    xsnprintf(k->applied_lang, sizeof k->applied_lang, "%s", k->app.s.lang);
}

/* The out-of-order screen alone, in `lang` where it can be drawn. */
static void rest(struct kiosk *k, const char *lang)
{
    k->app.s.depth = 1;
    k->app.s.stack[0] = (struct place){.screen = SCREEN_OUT_OF_ORDER};
    k->app.cat = NULL;
    k->app.sample = 0;
    if (lang != k->app.s.lang) /* never copied onto itself */
        xsnprintf(k->app.s.lang, sizeof k->app.s.lang, "%s", lang);
    /* The calm words must be readable: if the font for this language is what
     * is missing, say them in English. */
    apply_language(k);
    if (k->text && !text_can_draw(k->text, _("In an emergency, call %s."))) {
        xsnprintf(k->app.s.lang, sizeof k->app.s.lang, "en");
        apply_language(k);
    }
    xsnprintf(k->rest_lang, sizeof k->rest_lang, "%s", k->app.s.lang);
    ui_screen_changed(k->ui);
    k->dirty = 1;
}

static void out_of_order(struct kiosk *k, const char *why)
{
    fprintf(stderr, "frontdoor: out of order: %s\n", why);
    rest(k, k->app.s.lang);
}

/* Out of order: the resting screen, or the language screen over it. */
static int is_out_of_order(const struct kiosk *k)
{
    return k->app.s.stack[0].screen == SCREEN_OUT_OF_ORDER;
}

static int in_staff_mode(const struct kiosk *k)
{
    return k->app.staff.db != NULL;
}

static int same_place(const struct place *a, const struct place *b)
{
    return a->screen == b->screen && a->service == b->service && a->page == b->page &&
           a->who == b->who && a->what == b->what && a->dialog == b->dialog &&
           strcmp(a->need, b->need) == 0;
}

static void session_end(struct kiosk *k, enum session_end why);

/* Out of order for want of a usable catalogue: one that staff can fix, so
 * the kiosk looks again later (retry_catalogue). */
static void catalogue_trouble(struct kiosk *k, const char *why)
{
    out_of_order(k, why);
    k->retry_at = clock_ticks_ms() + RETRY_MS;
}

/* Opens the catalogue if it is not open and checks that it has needs to
 * show; then it is the screens' catalogue. Returns 0, or -1 with the
 * reason in `why` (the catalogue stays closed). */
static int catalogue_ready(struct kiosk *k, char *why, size_t size)
{
    if (!k->cat && catalog_open(k->db_path, CATALOG_READONLY, &k->cat) != 0) {
        xsnprintf(why, size, "%s", catalog_errmsg(k->cat));
        goto close;
    }
    struct need_list needs = {0};
    int rc = catalog_needs(k->cat, &needs);
    size_t n = needs.n;
    catalog_need_list_free(&needs);
    if (rc != 0) {
        xsnprintf(why, size, "%s", catalog_errmsg(k->cat));
        goto close;
    }
    if (n == 0) {
        xsnprintf(why, size, "the catalogue is empty (import one with frontdoor-admin import)");
        goto close;
    }
    k->app.cat = k->cat;
    k->app.sample = catalog_is_sample(k->cat);
    return 0;
close:
    catalog_close(k->cat);
    k->cat = NULL;
    k->app.cat = NULL;
    return -1;
}

/* Out of order for want of a catalogue: when the catalogue is good again,
 * the welcome screen, in the language the person reads the resting screen
 * in. */
static void retry_catalogue(struct kiosk *k)
{
    char why[512];
    if (catalogue_ready(k, why, sizeof why) != 0) {
        k->retry_at = clock_ticks_ms() + RETRY_MS;
        return;
    }
    fprintf(stderr, "frontdoor: the catalogue is back; in service again\n");
    k->retry_at = 0;
    k->app.s.depth = 1;
    k->app.s.stack[0] = (struct place){.screen = SCREEN_WELCOME};
    ui_screen_changed(k->ui);
    k->dirty = 1;
}

/* Builds the frame list, applying what the screen changed and building again
 * until it is stable. */
static void build(struct kiosk *k)
{
    if (!k->text || k->asleep) {
        /* No font at all: an empty frame, the calm background colour;
         * asleep, an empty frame drawn black. */
        ui_begin(k->ui, k->w, k->h, 0);
        ui_end(k->ui);
        k->dirty = 0;
        k->stale = 1;
        return;
    }
    /* Staff replaced the catalogue: ids may now name other services, so the
     * resident starts again from the needs, in their language; the new one
     * may or may not be sample data, or may be unusable. */
    if (k->cat && !is_out_of_order(k) && catalog_changed(k->cat) > 0) {
        char why[512];
        /* Staff screens name services by HSDS id, and a staff edit is a
         * change too: staff stay where they are. */
        if (catalogue_ready(k, why, sizeof why) != 0) {
            catalogue_trouble(k, why);
        } else if (app_here(&k->app)->screen != SCREEN_WELCOME && !in_staff_mode(k)) {
            app_home(&k->app);
            ui_screen_changed(k->ui);
        }
    }
    for (int pass = 0; pass < 4; pass++) {
        struct place before = *app_here(&k->app);
        struct list_prefs prefs = k->app.s.prefs;
        struct typing typing = k->app.s.typing;
        struct staff_mode staff = k->app.staff;
        int depth = k->app.s.depth;
        char lang[16];
        memcpy(lang, k->app.s.lang, sizeof lang);

        apply_language(k);
        k->app.shows_time = 0;
        ui_begin(k->ui, k->w, k->h, i18n_is_rtl(k->app.s.lang));
        shell_build(&k->app);
        ui_end(k->ui);

        if (k->app.end) {
            /* In the same frame: what the person saw is never drawn again. */
            session_end(k, k->app.end);
            continue;
        }
        if (k->app.stop) {
            /* Staff asked for the console: the loop ends with a status
             * that tells systemd not to start the kiosk again. */
            k->app.stop = 0;
            session_end(k, SESSION_EXIT);
            k->quit = 1;
            k->exit_status = KIOSK_EXIT_CONSOLE;
            continue;
        }
        if (k->app.failed) {
            k->app.failed = 0;
            catalogue_trouble(k, "the catalogue could not be read");
            continue;
        }
        int moved = depth != k->app.s.depth || !same_place(&before, app_here(&k->app));
        if (moved)
            ui_screen_changed(k->ui);
        if (moved || strcmp(lang, k->app.s.lang) != 0)
            session_note(&k->app);
        /* A filter turned on, a key typed or a digit of the PIN changes
         * what the screen shows, not where one is. */
        int same = !moved && strcmp(lang, k->app.s.lang) == 0 &&
                   memcmp(&prefs, &k->app.s.prefs, sizeof prefs) == 0 &&
                   memcmp(&typing, &k->app.s.typing, sizeof typing) == 0 &&
                   memcmp(&staff, &k->app.staff, sizeof staff) == 0;
        sodium_memzero(&staff, sizeof staff);
        if (same)
            break;
    }
    /* Text from a physical keyboard or an input method is taken only while
     * a field is on screen; elsewhere its keys are the kiosk's own. */
    if (app_takes_text(&k->app) != (SDL_IsTextInputActive() == SDL_TRUE)) {
        if (app_takes_text(&k->app))
            SDL_StartTextInput();
        else
            SDL_StopTextInput();
    }
    k->built_minute = clock_now_ms() / 60000;
    k->dirty = 0;
    k->stale = 1;
}

/* Draws the frame onto the screen (turned, when the screen is), or the
 * black of a screen asleep. */
static void paint(struct kiosk *k)
{
    if (k->asleep)
        render_dark(k->painter);
    else
        render_frame(k->painter, k->text, k->ui);
}

static void draw(struct kiosk *k)
{
    paint(k);
    SDL_RenderPresent(k->renderer);
    k->stale = 0;
}

/* The picture's size for a screen of out_w x out_h pixels: a quarter turn
 * swaps the sides. The painter is told when there is one. Returns -1 with
 * SDL's reason when it cannot turn the picture. */
static int set_size(struct kiosk *k, int out_w, int out_h)
{
    int quarter = k->rotation == 90 || k->rotation == 270;
    k->out_w = out_w;
    k->out_h = out_h;
    k->w = quarter ? out_h : out_w;
    k->h = quarter ? out_w : out_h;
    return k->painter ? painter_turn(k->painter, k->rotation, k->w, k->h, out_w, out_h) : 0;
}

/* Where point (x, y) lands when turned `angle` degrees clockwise onto an
 * area of w x h pixels. Turned by the rest of a full turn, a point of the
 * screen comes back to the picture. */
static void turn(int angle, int w, int h, int *x, int *y)
{
    int px = *x, py = *y;
    switch (angle) {
    case 90:
        *x = w - 1 - py;
        *y = px;
        break;
    case 180:
        *x = w - 1 - px;
        *y = h - 1 - py;
        break;
    case 270:
        *x = py;
        *y = h - 1 - px;
        break;
    }
}

static void screen_to_picture(const struct kiosk *k, int *x, int *y)
{
    turn((360 - k->rotation) % 360, k->w, k->h, x, y);
}

void kiosk_to_screen(const struct kiosk *k, int *x, int *y)
{
    turn(k->rotation, k->out_w, k->out_h, x, y);
}

static struct counts_now counts_now(void)
{
    return (struct counts_now){clock_now_ms(), clock_trusted(), clock_boot_ms()};
}

/* Starts an upload (frontdoor-admin sync) when reports wait, a collector is
 * configured, none is running and the last failure's wait is over. The
 * kiosk never waits for it: its exit is collected at the next look. */
static void start_upload(struct kiosk *k)
{
    if (k->sync_pid > 0 && waitpid(k->sync_pid, NULL, WNOHANG) != 0)
        k->sync_pid = 0;
    if (k->sync_pid > 0 || !k->cfg.sync_collector[0] || counts_waiting(k->counts) <= 0 ||
        !counts_sync_due(k->counts, counts_now()))
        return;
    char admin[4096];
    if (paths_program("frontdoor-admin", admin, sizeof admin) != 0)
        return;
    char *argv[] = {admin,
                    "sync",
                    "--if-due",
                    "--db",
                    k->db_path,
                    "--config",
                    (char *)(k->config_path ? k->config_path : paths_default_config()),
                    NULL};
    if (posix_spawn(&k->sync_pid, admin, NULL, NULL, argv, environ) != 0) {
        fprintf(stderr, "frontdoor: cannot start %s\n", admin);
        k->sync_pid = 0;
    }
}

/* Seals the day when it is over and sends what waits. */
static void look_at_counts(struct kiosk *k)
{
    if (!k->counts)
        return;
    if (counts_tick(k->counts, counts_now()) < 0)
        fprintf(stderr, "frontdoor: %s\n", counts_errmsg(k->counts));
    start_upload(k);
    int64_t wait = counts_next_tick_ms(k->counts, counts_now());
    int64_t interval = (int64_t)k->cfg.sync_interval_minutes * 60000;
    k->counts_at = clock_ticks_ms() + (wait < interval ? wait : interval);
}

/* Adds the ending session to the day's totals, if it was one. */
static void count_session(struct kiosk *k, enum session_end why)
{
    struct counts_session *t = &k->app.s.tally;
    if (!k->counts || !memchr(t->used, 1, sizeof t->used))
        return;
    t->used[why == SESSION_IDLE ? M_FEATURE_IDLE_RESET : M_FEATURE_QUICK_EXIT] = 1;
    if (counts_add(k->counts, t, counts_now()) != 0)
        fprintf(stderr, "frontdoor: %s\n", counts_errmsg(k->counts));
    look_at_counts(k);
}

/* The one way a session ends (quick exit, idle reset): the next person
 * starts fresh, on the neutral first screen in the kiosk's language, and
 * nothing of what this one did is left: not the way they came (places,
 * pages, answers), not the widget layer's focus or press, not the text
 * rendered from their screens. */
static void session_end(struct kiosk *k, enum session_end why)
{
    count_session(k, why);
    /* Out of order, or in staff mode opened from there: no catalogue. */
    int resting = is_out_of_order(k) || !k->app.cat;
    memset(&k->app.s, 0, sizeof k->app.s);
    staff_close(k->app.staff.db);
    sodium_memzero(&k->app.staff, sizeof k->app.staff);
    k->app.end = SESSION_GOING_ON;
    k->app.overlay = OVERLAY_NONE;
    k->n_shifts = 0;
    if (resting) {
        rest(k, k->cfg.default_language);
    } else {
        k->app.s.depth = 1;
        k->app.s.stack[0] = (struct place){.screen = SCREEN_WELCOME};
        xsnprintf(k->app.s.lang, sizeof k->app.s.lang, "%s", k->cfg.default_language);
    }
    ui_forget(k->ui);
    text_cache_clear(k->text);
    k->dirty = 1;
}

/* 1 while the session holds something of a person's: a place beyond the
 * first screen, or a language they chose; and always in staff mode. */
static int session_used(const struct kiosk *k)
{
    if (in_staff_mode(k))
        return 1;
    if (is_out_of_order(k))
        return k->app.s.depth > 1 || strcmp(k->app.s.lang, k->rest_lang) != 0;
    return app_here(&k->app)->screen != SCREEN_WELCOME ||
           strcmp(k->app.s.lang, k->cfg.default_language) != 0;
}

/* Milliseconds of quiet after which the idle warning comes and the session
 * ends. */
static void idle_marks(const struct kiosk *k, int64_t *warn, int64_t *reset)
{
    if (in_staff_mode(k)) {
        /* Staff know; the warning is for residents. */
        *reset = *warn = STAFF_IDLE_MS;
        return;
    }
    *reset = (int64_t)k->cfg.idle_reset_seconds * 1000;
    *warn = *reset - (int64_t)k->cfg.idle_warning_seconds * 1000;
}

/* Milliseconds of quiet so far, or -1 when there is nothing to reset. */
static int64_t idle_for(const struct kiosk *k)
{
    return session_used(k) ? clock_ticks_ms() - k->last_input : -1;
}

/* --- the screen's hours --- */

static int in_screen_hours(const struct kiosk *k)
{
    if (!k->cfg.has_screen_hours)
        return 1;
    struct fd_tm t = clock_local(clock_now_ms());
    return config_screen_on(&k->cfg, t.weekday, t.hour * 60 + t.minute);
}

/* Turns the screens' backlights off or on, where the kiosk may write
 * bl_power (the package's udev rule lets the video group). Never for a
 * headless kiosk: the machine's own screen is not its to turn off.
 * FRONTDOOR_BACKLIGHT_DIR names another folder of devices (tests). */
static void backlight(const struct kiosk *k, int on)
{
    const char *dir = getenv("FRONTDOOR_BACKLIGHT_DIR");
    dir = dir && *dir ? dir : BACKLIGHT_DIR;
    DIR *d = k->headless ? NULL : opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        char path[4096];
        FILE *f;
        if (e->d_name[0] == '.' ||
            xsnprintf(path, sizeof path, "%s/%s/bl_power", dir, e->d_name) >= (int)sizeof path ||
            !(f = fopen(path, "w")))
            continue;
        fputs(on ? "0\n" : "4\n", f); /* FB_BLANK_UNBLANK, FB_BLANK_POWERDOWN */
        fclose(f);
    }
    closedir(d);
}

/* The screen goes black and the session ends: what the person saw is gone
 * when the screen wakes. */
static void screen_sleep(struct kiosk *k)
{
    if (session_used(k))
        session_end(k, SESSION_IDLE);
    k->asleep = 1;
    k->app.overlay = OVERLAY_NONE;
    k->dirty = 1;
    backlight(k, 0);
}

static void screen_wake(struct kiosk *k)
{
    k->asleep = 0;
    k->last_input = clock_ticks_ms();
    k->dirty = 1;
    backlight(k, 1);
}

/* In the screen's hours it is awake. Outside them it sleeps once nobody
 * has touched it for the idle time (someone using it at closing time is
 * never cut off); a touch wakes it until the next quiet spell. */
static void screen_schedule(struct kiosk *k)
{
    int64_t warn, reset;
    idle_marks(k, &warn, &reset);
    if (in_screen_hours(k)) {
        if (k->asleep)
            screen_wake(k);
    } else if (!k->asleep && clock_ticks_ms() - k->last_input >= reset) {
        screen_sleep(k);
    }
}

/* Asleep, the first touch or key only wakes the screen: neither it nor
 * the touch's release reaches a widget. Returns 1 when `e` was taken so. */
static int waking_input(struct kiosk *k, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_FINGERDOWN:
    case SDL_MOUSEBUTTONDOWN:
    case SDL_KEYDOWN:
        if (!k->asleep)
            return 0;
        screen_wake(k);
        k->swallow = e->type != SDL_KEYDOWN;
        return 1;
    case SDL_FINGERUP:
    case SDL_MOUSEBUTTONUP:
        if (k->swallow) {
            k->swallow = 0;
            return 1;
        }
        return k->asleep;
    case SDL_KEYUP:
    case SDL_TEXTINPUT:
    case SDL_TEXTEDITING:
        return k->asleep;
    default:
        return 0;
    }
}

/* Milliseconds until the next timer (the idle warning, a second of its
 * countdown, the reset, or the next minute when the screen shows "open
 * now"), or -1 when none is due. */
static int64_t next_timer(const struct kiosk *k)
{
    int64_t t = -1, idle = idle_for(k), warn, reset;
    idle_marks(k, &warn, &reset);
    if (idle >= 0) {
        if (idle < warn)
            t = warn - idle;
        else if (idle < reset)
            t = (reset - idle - 1) % 1000 + 1; /* the countdown's next second */
        else
            t = 0;
    }
    if (k->app.shows_time || k->cfg.has_screen_hours) {
        int64_t minute = 60000 - clock_now_ms() % 60000;
        if (t < 0 || minute < t)
            t = minute;
    }
    if (!k->asleep && !in_screen_hours(k)) {
        int64_t quiet = k->last_input + reset - clock_ticks_ms();
        quiet = quiet < 0 ? 0 : quiet;
        if (t < 0 || quiet < t)
            t = quiet;
    }
    if (k->counts) {
        int64_t look = k->counts_at - clock_ticks_ms();
        look = look < 0 ? 0 : look;
        if (t < 0 || look < t)
            t = look;
    }
    if (k->retry_at) {
        int64_t retry = k->retry_at - clock_ticks_ms();
        retry = retry < 0 ? 0 : retry;
        if (t < 0 || retry < t)
            t = retry;
    }
    if (k->usb_pid > 0 && (t < 0 || USB_POLL_MS < t))
        t = USB_POLL_MS;
    if (k->watchdog_ms) {
        int64_t ping = k->pinged_at + k->watchdog_ms / 2 - clock_ticks_ms();
        ping = ping < 0 ? 0 : ping;
        if (t < 0 || ping < t)
            t = ping;
    }
    if (in_staff_mode(k) && app_here(&k->app)->screen == SCREEN_STAFF_USB) {
        int64_t scan = k->usb_scan_at - clock_ticks_ms();
        scan = scan < 0 ? 0 : scan;
        if (t < 0 || scan < t)
            t = scan;
    }
    return t;
}

/* --- a catalogue on a USB stick --- */

static int by_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Adds the bundles (.json, .zip) under `dir`, USB_DEPTH folders deep at
 * most, to u's files; hidden entries are skipped. */
static void usb_walk(struct usb_state *u, const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e = readdir(d); e && u->n_files < USB_FILES; e = readdir(d)) {
        char path[512];
        struct stat st;
        if (e->d_name[0] == '.' ||
            xsnprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path ||
            stat(path, &st) != 0)
            continue;
        size_t n = strlen(path);
        if (S_ISDIR(st.st_mode) && depth < USB_DEPTH) {
            usb_walk(u, path, depth + 1);
        } else if (S_ISREG(st.st_mode) && n > 5 &&
                   (strcmp(path + n - 5, ".json") == 0 || strcmp(path + n - 4, ".zip") == 0)) {
            memcpy(u->files[u->n_files++], path, n + 1);
        }
    }
    closedir(d);
}

/* Looks for bundles under the configured folder; a change (a stick put
 * in or taken out) rebuilds the screen. */
static void usb_scan(struct kiosk *k)
{
    struct usb_state *u = &k->app.staff.usb, found = {0};
    usb_walk(&found, k->cfg.usb_folder, 1);
    qsort(found.files, (size_t)found.n_files, sizeof found.files[0], by_name);
    for (int i = 0; i < found.n_files; i++) {
        char sig[600];
        xsnprintf(sig, sizeof sig, "%s.sig", found.files[i]);
        found.is_signed[i] = access(sig, F_OK) == 0;
    }
    if (found.n_files != u->n_files || memcmp(found.files, u->files, sizeof u->files) != 0 ||
        memcmp(found.is_signed, u->is_signed, sizeof u->is_signed) != 0) {
        memcpy(u->files, found.files, sizeof u->files);
        memcpy(u->is_signed, found.is_signed, sizeof u->is_signed);
        u->n_files = found.n_files;
        k->dirty = 1;
    }
    k->usb_scan_at = clock_ticks_ms() + USB_SCAN_MS;
}

/* Starts what the USB screen asked for: frontdoor-admin import with
 * --dry-run (what it would change), or the import itself, of the chosen
 * file, checked against the keys this kiosk's configuration trusts. Its
 * output goes to an unlinked temporary file. */
static void usb_start(struct kiosk *k)
{
    struct usb_state *u = &k->app.staff.usb;
    int ask = u->ask;
    u->ask = USB_NOTHING;
    if (k->usb_pid > 0 || u->chosen < 1 || u->chosen > u->n_files)
        return;
    char admin[4096], tmp[] = "/tmp/frontdoor-usb-XXXXXX";
    if (paths_program("frontdoor-admin", admin, sizeof admin) != 0)
        return;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "frontdoor: cannot make a temporary file for the USB import\n");
        return;
    }
    unlink(tmp);
    char *argv[] = {admin,
                    "import",
                    "--db",
                    k->db_path,
                    "--config",
                    (char *)(k->config_path ? k->config_path : paths_default_config()),
                    ask == USB_CHECK ? "--dry-run" : u->files[u->chosen - 1],
                    u->files[u->chosen - 1],
                    NULL};
    if (ask != USB_CHECK)
        argv[7] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, fd, STDERR_FILENO);
    if (posix_spawn(&k->usb_pid, admin, &fa, NULL, argv, environ) != 0) {
        fprintf(stderr, "frontdoor: cannot start %s\n", admin);
        k->usb_pid = 0;
        close(fd);
    } else {
        k->usb_out = fd;
        u->running = ask;
        u->done = 0;
        u->said[0] = '\0';
    }
    posix_spawn_file_actions_destroy(&fa);
    k->dirty = 1;
}

/* What frontdoor-admin printed, for staff: its first lines, as many as fit
 * (a dry run names each service), and always its last, the summary,
 * however long the output. */
static void usb_said(int fd, char *said, size_t size)
{
    char head[USB_SAID], tail[1024];
    off_t end = lseek(fd, 0, SEEK_END);
    ssize_t n = pread(fd, head, sizeof head - 1, 0);
    n = n < 0 ? 0 : n;
    head[n] = '\0';
    while (n > 0 && head[n - 1] == '\n')
        head[--n] = '\0';
    if (end >= 0 && end < (off_t)size) {
        xsnprintf(said, size, "%s", head);
        return;
    }
    /* The last line, from the file's end. */
    off_t from = end > (off_t)sizeof tail - 1 ? end - (off_t)sizeof tail + 1 : 0;
    ssize_t t = pread(fd, tail, sizeof tail - 1, from);
    t = t < 0 ? 0 : t;
    tail[t] = '\0';
    while (t > 0 && tail[t - 1] == '\n')
        tail[--t] = '\0';
    char *last = strrchr(tail, '\n');
    last = last ? last + 1 : tail;
    /* Whole lines of the head, leaving room for the last line. */
    size_t room = size - strlen(last) - 8, keep = 0;
    for (char *nl = strchr(head, '\n'); nl && (size_t)(nl - head) < room; nl = strchr(nl + 1, '\n'))
        keep = (size_t)(nl - head) + 1;
    xsnprintf(said, size, "%.*s\u2026\n%s", (int)keep, head, last);
}

/* Collects the process of usb_start when it has ended. */
static void usb_poll(struct kiosk *k)
{
    int status;
    if (k->usb_pid <= 0 || waitpid(k->usb_pid, &status, WNOHANG) != k->usb_pid)
        return;
    struct usb_state *u = &k->app.staff.usb;
    k->usb_pid = 0;
    /* Staff may have left meanwhile: the import is done all the same, and
     * what it said goes with staff mode. */
    if (in_staff_mode(k) && u->running) {
        usb_said(k->usb_out, u->said, sizeof u->said);
        u->ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        u->done = u->running;
        u->running = 0;
        k->dirty = 1;
    }
    close(k->usb_out);
    k->usb_out = -1;
}

/* The idle warning comes idle_warning_seconds before the reset and counts
 * down; any input takes it away (handle_event), the end of the count ends
 * the session. */
static void run_timers(struct kiosk *k)
{
    usb_poll(k);
    if (in_staff_mode(k) && app_here(&k->app)->screen == SCREEN_STAFF_USB &&
        clock_ticks_ms() >= k->usb_scan_at)
        usb_scan(k);
    int64_t idle = idle_for(k), warn, reset;
    idle_marks(k, &warn, &reset);
    if (idle >= reset) {
        session_end(k, SESSION_IDLE);
    } else {
        int overlay = idle >= warn ? OVERLAY_IDLE : OVERLAY_NONE;
        int left = overlay ? (int)((reset - idle + 999) / 1000) : 0;
        if (overlay != k->app.overlay || left != k->app.idle_left) {
            k->app.overlay = overlay;
            k->app.idle_left = left;
            k->dirty = 1;
        }
    }
    if (k->app.shows_time && clock_now_ms() / 60000 != k->built_minute)
        k->dirty = 1;
    if (k->retry_at && clock_ticks_ms() >= k->retry_at)
        retry_catalogue(k);
    /* A simulated clock is set by hand, past midnight and back: look each
     * time, as a real kiosk does at the next session's end. */
    if (k->counts && (clock_ticks_ms() >= k->counts_at || clock_is_simulated()))
        look_at_counts(k);
    screen_schedule(k);
}

/* Opens staff mode's PIN pad: the resident's session ends first (counted
 * as a quick exit, and cleared), so staff never see what a resident did
 * and nothing staff do is counted. */
static void staff_enter(struct kiosk *k)
{
    if (in_staff_mode(k) || !k->text)
        return;
    session_end(k, SESSION_EXIT);
    struct staff *st;
    if (staff_open(k->db_path, &st) != CATALOG_OK) {
        fprintf(stderr, "frontdoor: staff mode: %s\n", staff_errmsg(st));
        staff_close(st);
        return;
    }
    struct staff_mode *sm = &k->app.staff;
    sm->db = st;
    int64_t until;
    int state = staff_pin_state(st, clock_now_ms(), &until);
    sm->said = state == STAFF_PIN_LOCKED || state == STAFF_PIN_UNSET ? state : 0;
    sm->locked_until = until;
    k->app.s.depth = 1;
    k->app.s.stack[0] = (struct place){.screen = SCREEN_STAFF_PIN};
    ui_screen_changed(k->ui);
    k->dirty = 1;
}

int kiosk_key_combo(const char *text, int *key, unsigned *mods)
{
    static const struct {
        const char *name;
        unsigned mod;
    } names[] = {
        {"ctrl+", KMOD_CTRL}, {"alt+", KMOD_ALT}, {"shift+", KMOD_SHIFT}, {"super+", KMOD_GUI}};
    *key = 0;
    *mods = 0;
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        size_t n = strlen(names[i].name);
        if (SDL_strncasecmp(text, names[i].name, n) == 0 && text[n]) {
            *mods |= names[i].mod;
            text += n;
            i = (size_t)-1; /* the modifiers come in any order */
        }
    }
    *key = SDL_GetKeyFromName(text);
    return *key == SDLK_UNKNOWN ? -1 : 0;
}

/* 1 when the key pressed is the configured combination: its key with
 * exactly its modifiers (either side's). */
static int is_staff_key(const struct kiosk *k, const SDL_KeyboardEvent *key)
{
    if (!k->staff_key || key->keysym.sym != k->staff_key || key->repeat)
        return 0;
    unsigned held = 0, mods = key->keysym.mod;
    held |= mods & KMOD_CTRL ? KMOD_CTRL : 0;
    held |= mods & KMOD_ALT ? KMOD_ALT : 0;
    held |= mods & KMOD_SHIFT ? KMOD_SHIFT : 0;
    held |= mods & KMOD_GUI ? KMOD_GUI : 0;
    return held == k->staff_mods;
}

/* A finger or a click at (x, y), window pixels: the next corner of the
 * staff gesture, or not. */
static void corner_tap(struct kiosk *k, int x, int y)
{
    if (!k->cfg.staff_corners || in_staff_mode(k))
        return;
    int side = (k->w < k->h ? k->w : k->h) / 10;
    int left = x < side, right = x >= k->w - side, top = y < side, bottom = y >= k->h - side;
    int corner = top && left ? 0 : top && right ? 1 : bottom && right ? 2 : -1;
    int64_t now = clock_ticks_ms();
    if (k->corners > 0 && now - k->corner_at > CORNER_MS)
        k->corners = 0;
    if (corner != k->corners) {
        k->corners = corner == 0 ? 1 : 0;
        k->corner_at = now;
        return;
    }
    k->corners++;
    k->corner_at = now;
    if (k->corners == CORNERS) {
        k->corners = 0;
        staff_enter(k);
    }
}

/* Shift pressed SHIFT_PRESSES times within SHIFT_WINDOW_MS: the quick exit
 * from a physical keyboard. */
static void count_shift(struct kiosk *k)
{
    memmove(&k->shifts[0], &k->shifts[1], sizeof k->shifts[0] * (SHIFT_PRESSES - 1));
    k->shifts[SHIFT_PRESSES - 1] = clock_ticks_ms();
    if (k->n_shifts < SHIFT_PRESSES)
        k->n_shifts++;
    if (k->n_shifts == SHIFT_PRESSES &&
        k->shifts[SHIFT_PRESSES - 1] - k->shifts[0] <= SHIFT_WINDOW_MS)
        session_end(k, SESSION_EXIT);
}

static void handle_key(struct kiosk *k, const SDL_KeyboardEvent *key)
{
    SDL_Keycode sym = key->keysym.sym;
    if (is_staff_key(k, key)) {
        staff_enter(k);
        return;
    }
    if (sym == SDLK_LSHIFT || sym == SDLK_RSHIFT) {
        if (!key->repeat)
            count_shift(k);
        return;
    }
    /* The PIN pad takes a keyboard's or a keypad's digits too. */
    if (in_staff_mode(k) && app_here(&k->app)->screen == SCREEN_STAFF_PIN) {
        int ch = sym >= SDLK_0 && sym <= SDLK_9               ? '0' + (int)(sym - SDLK_0)
                 : sym >= SDLK_KP_1 && sym <= SDLK_KP_9       ? '1' + (int)(sym - SDLK_KP_1)
                 : sym == SDLK_KP_0                           ? '0'
                 : sym == SDLK_BACKSPACE                      ? '\b'
                 : sym == SDLK_RETURN || sym == SDLK_KP_ENTER ? '\n'
                                                              : 0;
        if (ch) {
            staff_pin_key(&k->app, ch);
            k->dirty = 1;
            return;
        }
    }
    /* Under an overlay, only its own widgets take keys: nothing goes back
     * or home behind it (the key still counts as activity). */
    if (k->app.overlay && sym != SDLK_TAB && sym != SDLK_DOWN && sym != SDLK_UP &&
        sym != SDLK_LEFT && sym != SDLK_RIGHT && sym != SDLK_RETURN && sym != SDLK_KP_ENTER &&
        sym != SDLK_SPACE)
        return;
    /* In a text field, Backspace deletes and Space types (its text comes as
     * a text event); Escape still goes back. */
    if (app_takes_text(&k->app) && (sym == SDLK_BACKSPACE || sym == SDLK_SPACE)) {
        if (sym == SDLK_BACKSPACE && !k->app.s.typing.composing[0]) {
            app_erase(&k->app);
            k->dirty = 1;
        }
        return;
    }
    switch (sym) {
    case SDLK_TAB:
        k->dirty |= ui_key(k->ui, key->keysym.mod & KMOD_SHIFT ? UI_KEY_PREV : UI_KEY_NEXT);
        break;
    case SDLK_DOWN:
        k->dirty |= ui_key(k->ui, UI_KEY_NEXT);
        break;
    case SDLK_UP:
        k->dirty |= ui_key(k->ui, UI_KEY_PREV);
        break;
    case SDLK_LEFT:
    case SDLK_RIGHT:
        /* A four-way keypad: across goes the way the language reads. */
        k->dirty |= ui_key(k->ui, (sym == SDLK_RIGHT) != ui_rtl(k->ui) ? UI_KEY_NEXT : UI_KEY_PREV);
        break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
        k->dirty |= ui_key(k->ui, UI_KEY_ACTIVATE);
        break;
    case SDLK_ESCAPE:
    case SDLK_BACKSPACE:
    case SDLK_AC_BACK:
        /* Back closes a dialog first: the screen under it stays. */
        if (app_here(&k->app)->dialog) {
            app_set_dialog(&k->app, 0);
            ui_screen_changed(k->ui);
            k->dirty = 1;
        } else if (k->app.s.depth > 1) {
            app_back(&k->app);
            ui_screen_changed(k->ui);
            k->dirty = 1;
        }
        break;
    case SDLK_HOME:
    case SDLK_AC_HOME:
        if (!is_out_of_order(k) && !app_here(&k->app)->dialog &&
            app_here(&k->app)->screen != SCREEN_WELCOME) {
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
    if (SDL_GetRendererOutputSize(k->renderer, &w, &h) == 0 && (w != k->out_w || h != k->out_h) &&
        set_size(k, w, h) != 0)
        fprintf(stderr, "frontdoor: cannot turn the picture: %s\n", SDL_GetError());
    k->dirty = 1;
}

/* Translates one SDL event into the widget layer's terms. */
static void handle_event(struct kiosk *k, const SDL_Event *e)
{
    if (waking_input(k, e))
        return;
    int input = 1;
    switch (e->type) {
    case SDL_QUIT:
        /* Closing the window (Alt+F4, a window manager) ends a windowed
         * kiosk; a full-screen one only ends from staff mode. */
        input = 0;
        if (k->windowed)
            k->quit = 1;
        break;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP: {
        int x = (int)(e->tfinger.x * k->out_w), y = (int)(e->tfinger.y * k->out_h);
        screen_to_picture(k, &x, &y);
        if (e->type == SDL_FINGERUP) {
            k->dirty |= ui_pointer_up(k->ui, x, y);
            break;
        }
        corner_tap(k, x, y);
        k->dirty |= ui_pointer_down(k->ui, x, y);
        /* On the idle warning the whole tap is the sign of life, so that
         * the release still finds the warning's buttons. */
        input = !k->app.overlay;
        break;
    }
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
            break;
        /* A scaled desktop (--windowed on a high-density screen) gives the
         * mouse in window units, not the renderer's pixels. */
        int x = e->button.x, y = e->button.y, win_w, win_h;
        SDL_GetWindowSize(k->window, &win_w, &win_h);
        ui_window_to_pixels(&x, &y, win_w, win_h, k->out_w, k->out_h);
        screen_to_picture(k, &x, &y);
        if (e->type == SDL_MOUSEBUTTONDOWN) {
            corner_tap(k, x, y);
            k->dirty |= ui_pointer_down(k->ui, x, y);
            input = !k->app.overlay;
        } else {
            k->dirty |= ui_pointer_up(k->ui, x, y);
        }
        break;
    case SDL_KEYDOWN:
        handle_key(k, &e->key);
        break;
    case SDL_TEXTINPUT:
        if (app_takes_text(&k->app)) {
            app_type(&k->app, e->text.text);
            k->dirty = 1;
        }
        break;
    case SDL_TEXTEDITING:
        if (app_takes_text(&k->app)) {
            app_compose(&k->app, e->edit.text);
            k->dirty = 1;
        }
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
        k->active = 1;
}

/* Builds what input changed, then counts the input as activity: in that
 * order, so that a tap on one of the idle warning's buttons acts before the
 * activity takes the warning away. */
static void settle(struct kiosk *k)
{
    if (k->dirty)
        build(k);
    /* The USB screen asked for a check or an import: it shows it running. */
    if (k->app.staff.usb.ask) {
        usb_start(k);
        build(k);
    }
    if (k->active) {
        k->active = 0;
        k->last_input = clock_ticks_ms();
        run_timers(k);
        if (k->dirty)
            build(k);
    }
}

void kiosk_pump(struct kiosk *k)
{
    SDL_Event e;
    while (SDL_PollEvent(&e))
        handle_event(k, &e);
    run_timers(k);
    settle(k);
}

const struct ui *kiosk_ui(const struct kiosk *k)
{
    return k->ui;
}

const struct text_engine *kiosk_text(const struct kiosk *k)
{
    return k->text;
}

void kiosk_size(const struct kiosk *k, int *w, int *h)
{
    *w = k->out_w;
    *h = k->out_h;
}

void kiosk_picture_size(const struct kiosk *k, int *w, int *h)
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
    if (!k->frame) { /* main.c allows scripts only headless */
        xsnprintf(err, errlen, "%s: only a headless kiosk takes screenshots", path);
        return -1;
    }
    if (k->dirty)
        build(k);
    paint(k);
    SDL_RenderFlush(k->renderer);
    return png_write(path, k->frame->pixels, k->frame->w, k->frame->h, k->frame->pitch, err,
                     errlen);
}

/* Tells systemd the kiosk is alive, when it asks and a quarter of its
 * watchdog time has passed since the last ping. */
static void watchdog_ping(struct kiosk *k)
{
    int64_t now = clock_ticks_ms();
    if (k->watchdog_ms && now - k->pinged_at >= k->watchdog_ms / 4) {
        sd_notify(0, "WATCHDOG=1");
        k->pinged_at = now;
    }
}

int kiosk_ended(const struct kiosk *k)
{
    return k->quit;
}

int kiosk_run(struct kiosk *k)
{
    uint64_t usec;
    /* Unset, so that frontdoor-admin started for an upload or an import
     * never takes the kiosk's watchdog for its own. */
    if (sd_watchdog_enabled(1, &usec) > 0)
        k->watchdog_ms = (int64_t)(usec / 1000) > 0 ? (int64_t)(usec / 1000) : 1;
    k->pinged_at = clock_ticks_ms();
    while (!k->quit && !(k->stop && *k->stop)) {
        settle(k);
        if (k->quit)
            break;
        if (k->stale)
            draw(k);
        if (!k->told_ready) {
            sd_notify(0, "READY=1");
            k->told_ready = 1;
        }
        watchdog_ping(k);
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
    return k->exit_status;
}

/* Zeroed memory for a headless frame, its pages all made at once: 8 MiB
 * at 1080x1920 would otherwise take 2048 page faults in the first frame,
 * about 4 ms. */
static void *frame_pages(size_t size)
{
    void *p =
        mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* On a console (KMSDRM) the console is the kiosk's: in graphics mode, so
 * that the kernel draws no text and no cursor over the picture. SDL has
 * already muted the console's keyboard (K_OFF: keys reach only the kiosk,
 * through evdev), so no Ctrl+Alt+Fn switches to another console. systemd
 * (TTYReset=) sets both back however the kiosk ends. */
static void console_take(struct kiosk *k)
{
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return;
    if (ioctl(fd, KDSETMODE, KD_GRAPHICS) != 0) {
        fprintf(stderr, "frontdoor: cannot put the console in graphics mode: %s\n",
                strerror(errno));
        close(fd);
        return;
    }
    k->console = fd;
}

static void console_give(struct kiosk *k)
{
    if (k->console < 0)
        return;
    ioctl(k->console, KDSETMODE, KD_TEXT);
    close(k->console);
    k->console = -1;
}

static int open_video(struct kiosk *k, const struct kiosk_options *opt, char *err, size_t errlen)
{
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
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
    if (driver && strcmp(driver, "KMSDRM") == 0)
        console_take(k);
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
    if (opt->headless) {
        /* Drawn into a frame the kiosk owns, B G R X in memory, so a
         * screenshot reads the pixels where they lie. */
        Uint32 bgrx =
            SDL_BYTEORDER == SDL_LIL_ENDIAN ? SDL_PIXELFORMAT_RGB888 : SDL_PIXELFORMAT_BGRX8888;
        k->pixels_size = (size_t)w * (size_t)h * 4;
        k->pixels = frame_pages(k->pixels_size);
        if (k->pixels)
            k->frame = SDL_CreateRGBSurfaceWithFormatFrom(k->pixels, w, h, 32, w * 4, bgrx);
        k->renderer = k->frame ? SDL_CreateSoftwareRenderer(k->frame) : NULL;
    } else {
        k->renderer = SDL_CreateRenderer(k->window, -1, 0);
        if (!k->renderer)
            k->renderer = SDL_CreateRenderer(k->window, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!k->renderer) {
        xsnprintf(err, errlen, "cannot create a renderer: %s", SDL_GetError());
        return -1;
    }
    if (SDL_GetRendererOutputSize(k->renderer, &w, &h) != 0 && k->frame) {
        w = k->frame->w;
        h = k->frame->h;
    }
    set_size(k, w, h);
    return 0;
}

/* The counts beside the catalogue: without them (no key made yet, a
 * damaged file) the kiosk serves residents all the same and says why on
 * stderr, for staff. */
static void open_counts(struct kiosk *k)
{
    char counts_db[4200], key[4200], why[1024];
    counts_paths(k->db_path, counts_db, sizeof counts_db, key, sizeof key);
    if (access(key, F_OK) != 0) {
        fprintf(stderr,
                "frontdoor: no kiosk key (%s): usage is not counted; "
                "'frontdoor-admin init' makes one\n",
                key);
        return;
    }
    if (counts_open(counts_db, key, counts_now(), &k->counts, why, sizeof why) != 0) {
        fprintf(stderr, "frontdoor: usage is not counted: %s\n", why);
        return;
    }
    look_at_counts(k);
}

int kiosk_open(const struct kiosk_options *opt, struct kiosk **out, char *err, size_t errlen)
{
    text_engine_prepare();
    struct kiosk *k = xcalloc(1, sizeof *k);
    *out = NULL;
    k->usb_out = -1;
    k->console = -1;
    k->headless = opt->headless;
    k->windowed = opt->windowed;
    k->stop = opt->stop;

    config_defaults(&k->cfg);
    const char *cfg_path = opt->config ? opt->config : paths_default_config();
    k->config_path = opt->config;
    if (config_load(&k->cfg, cfg_path, opt->config != NULL, err, errlen) != 0)
        goto fail;
    if (k->cfg.time_zone[0] && clock_set_zone(k->cfg.time_zone) != 0) {
        xsnprintf(err, errlen, "%s: cannot use time zone %s", cfg_path, k->cfg.time_zone);
        goto fail;
    }
    if (opt->headless) {
        int64_t start;
        if (clock_parse_local(opt->start ? opt->start : SIM_START, &start) != 0) {
            xsnprintf(err, errlen, "--clock: expected YYYY-MM-DDTHH:MM, got \"%s\"", opt->start);
            goto fail;
        }
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
    xsnprintf(k->app.s.lang, sizeof k->app.s.lang, "%s", k->cfg.default_language);
    xsnprintf(k->db_path, sizeof k->db_path, "%s", opt->db);
    k->rotation = k->cfg.rotation;
    if (open_video(k, opt, err, errlen) != 0)
        goto fail;

    if (strcmp(k->cfg.staff_keys, "none") != 0 &&
        kiosk_key_combo(k->cfg.staff_keys, &k->staff_key, &k->staff_mods) != 0) {
        xsnprintf(err, errlen, "%s: [staff] keys: SDL knows no key \"%s\"", cfg_path,
                  k->cfg.staff_keys);
        goto fail;
    }
    k->app.cfg = &k->cfg;
    k->app.facts.db_path = k->db_path;
    k->app.facts.started_ms = clock_ticks_ms();
    k->app.s.depth = 1;
    k->app.s.stack[0] = (struct place){.screen = SCREEN_WELCOME};

    /* The catalogue and the counts open while the fonts' configuration is
     * still read on the other thread (text_engine_prepare). */
    char why[512], cat_why[512];
    int cat_rc = 0;
    if (!opt->out_of_order) {
        cat_rc = catalogue_ready(k, cat_why, sizeof cat_why);
        open_counts(k);
    }
    k->app.facts.counts = k->counts;
    k->painter = painter_new(k->renderer, paths_icon_dir());
    if (set_size(k, k->out_w, k->out_h) != 0) {
        xsnprintf(err, errlen, "cannot turn the picture by %d degrees: %s", k->rotation,
                  SDL_GetError());
        goto fail;
    }
    k->text = text_engine_open(k->renderer, TEXT_CACHE_BYTES, why, sizeof why);
    k->ui = ui_new(k->text);
    k->app.ui = k->ui;
    if (!k->text) {
        /* Not even a fallback font: the screen stays a calm, empty colour. */
        out_of_order(k, why);
    } else if (text_engine_missing(k->text)) {
        xsnprintf(why, sizeof why, "font missing: %s", text_engine_missing(k->text));
        out_of_order(k, why);
    } else if (opt->out_of_order) {
        out_of_order(k, "asked for (--out-of-order): the kiosk would not stay up; see its log");
    } else if (cat_rc != 0) {
        catalogue_trouble(k, cat_why);
    }
    k->last_input = clock_ticks_ms();
    /* A kiosk that ended asleep left the backlight off. */
    if (!in_screen_hours(k))
        screen_sleep(k);
    else if (k->cfg.has_screen_hours)
        backlight(k, 1);
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
    /* Whatever shows next (the kiosk again, the console) can be seen. */
    if (k->asleep)
        backlight(k, 1);
    wake_close(k->wake);
    if (k->usb_pid > 0)
        waitpid(k->usb_pid, NULL, 0); /* an import half done is rolled back; let it end */
    if (k->usb_out >= 0)
        close(k->usb_out);
    staff_close(k->app.staff.db);
    counts_close(k->counts);
    ui_free(k->ui);
    text_engine_close(k->text);
    painter_free(k->painter);
    catalog_close(k->cat);
    if (k->renderer)
        SDL_DestroyRenderer(k->renderer);
    SDL_FreeSurface(k->frame);
    if (k->pixels)
        munmap(k->pixels, k->pixels_size);
    if (k->window)
        SDL_DestroyWindow(k->window);
    SDL_Quit();
    console_give(k);
    free(k);
}
