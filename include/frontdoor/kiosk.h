/* kiosk.h: the kiosk program: window, input, frames and the main loop.
 *
 * kiosk_open sets up SDL, fonts, the catalogue and the app state; what the
 * kiosk needs but cannot have (the database, the fonts) puts it on the calm
 * "out of order" screen rather than failing. Bad configuration is the one
 * thing that refuses to start: staff must fix it, not a resident.
 *
 * The kiosk builds a frame only when something changed (input, a timer,
 * a language switch) and sleeps otherwise. Headless mode uses SDL's offscreen
 * driver and the software renderer with the simulated clock, and is driven
 * step by step by a script (script.h) through the same input path.
 */
#ifndef FRONTDOOR_KIOSK_H
#define FRONTDOOR_KIOSK_H

#include <signal.h>
#include <stddef.h>

struct ui;

struct kiosk_options {
    const char *db;     /* catalogue database */
    const char *config; /* NULL: the default file, which may be missing */
    const char *lang;   /* overrides the configured default language; NULL: keep it */
    int windowed;       /* a window instead of full screen */
    int headless;       /* offscreen, software rendering, simulated clock */
    int width, height;  /* window size; 0 = desktop size or 1080x1920 headless */
    const char *start;  /* headless: "YYYY-MM-DDTHH:MM", local time the simulated clock
                           starts at; NULL: Monday 2026-01-05 10:00 */
    int out_of_order;   /* only the out-of-order screen: no catalogue, nothing counted */
    /* Set (from a signal handler) when the kiosk must stop; NULL: never.
     * The kiosk leaves signals to its caller (SDL installs none). */
    volatile sig_atomic_t *stop;
};

struct kiosk;

/* Returns 0, or -1 with the reason in err when the kiosk must not start (bad
 * configuration, no video at all). */
int kiosk_open(const struct kiosk_options *opt, struct kiosk **out, char *err, size_t errlen)
    __attribute__((warn_unused_result));
void kiosk_close(struct kiosk *k);

/* The exit status of a kiosk that staff stopped for the computer's console
 * (frontdoor.service: RestartPreventExitStatus=64). */
#define KIOSK_EXIT_CONSOLE 64

/* Runs until *opt->stop is set, staff stop the kiosk for the console, or
 * a windowed kiosk's window is closed (no key combination ends a
 * full-screen one). Returns the process exit status: 0, or
 * KIOSK_EXIT_CONSOLE. */
int kiosk_run(struct kiosk *k);
/* 1 once the kiosk has ended (kiosk_run would return). */
int kiosk_ended(const struct kiosk *k);

/* Handles every pending input event and timer and rebuilds the frame if
 * anything changed. Never waits. */
void kiosk_pump(struct kiosk *k);
/* The screen's size in pixels (the picture's turned, when the screen is). */
void kiosk_size(const struct kiosk *k, int *w, int *h);
/* The picture's size in pixels: the screen's, its sides swapped when the
 * screen is turned a quarter. */
void kiosk_picture_size(const struct kiosk *k, int *w, int *h);
/* Turns a point of the picture (the frame list's pixels) into the point of
 * the screen that shows it. */
void kiosk_to_screen(const struct kiosk *k, int *x, int *y);
/* The frame list of the current frame. */
const struct ui *kiosk_ui(const struct kiosk *k);
/* The text engine, for audits of what it keeps. */
const struct text_engine *kiosk_text(const struct kiosk *k);
/* Switches the interface language; on the welcome screen, goes on to the
 * needs. Returns -1 for an unknown language. */
int kiosk_set_language(struct kiosk *k, const char *code) __attribute__((warn_unused_result));
/* Builds the current screen afresh and draws and presents it, as the kiosk
 * does after any input: the unit a frame-time measurement times. */
void kiosk_redraw(struct kiosk *k);
/* Renders the current frame and writes it as a PNG. */
int kiosk_screenshot(struct kiosk *k, const char *path, char *err, size_t errlen)
    __attribute__((warn_unused_result));
/* Reads a key combination ("ctrl+alt+s", the configuration's staff keys,
 * or a script's key): SDL's keycode and KMOD_* bits. Returns 0, or -1
 * when SDL knows no such key. */
int kiosk_key_combo(const char *text, int *key, unsigned *mods);

#endif
