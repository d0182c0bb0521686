/* screens.h: the screens and the state they read.
 *
 * A screen is a function that builds one frame from the app state and the
 * catalogue through the widget layer (ui.h). Screens never see an SDL event
 * and never call SDL, SDL_ttf or SQLite: they ask the catalog module for
 * plain structs and change the state through the app_* verbs below. The
 * kiosk applies a change (language, place) after the frame is built and
 * builds again, so a screen never has to undo half a frame.
 */
#ifndef FRONTDOOR_SCREENS_H
#define FRONTDOOR_SCREENS_H

#include "frontdoor/catalog.h"
#include "frontdoor/clock.h"
#include "frontdoor/config.h"
#include "frontdoor/counts.h"
#include "frontdoor/filter.h"
#include "frontdoor/search.h"
#include "frontdoor/staff.h"
#include "frontdoor/ui.h"

#include <stdint.h>

enum screen_id {
    SCREEN_WELCOME,
    SCREEN_NEEDS,
    SCREEN_SERVICES,
    SCREEN_SERVICE,
    SCREEN_OUT_OF_ORDER,
    SCREEN_LANGUAGE,
    SCREEN_URGENT,       /* the emergency number, what it is for, and the crisis lines */
    SCREEN_TALK,         /* the centre's desk, and a card to show the staff */
    SCREEN_WORRIED_WHO,  /* worried about someone: who? */
    SCREEN_WORRIED_WHAT, /* ... what worries you? */
    SCREEN_WORRIED_END,  /* ... what reaching out means, and the services */
    SCREEN_COUNTS_INFO,  /* what the kiosk counts, what it never keeps, who receives it */
    SCREEN_SEARCH,       /* a search field, the results, and the on-screen keyboard */
    /* Staff mode (staff.c): nothing there is counted or left for a resident. */
    SCREEN_STAFF_PIN,     /* the PIN pad */
    SCREEN_STAFF,         /* what staff can do */
    SCREEN_STAFF_DIAG,    /* diagnostics */
    SCREEN_STAFF_LOG,     /* the audit log */
    SCREEN_STAFF_SERVICE, /* a service's staff edits, and the changes to make */
    SCREEN_STAFF_EDIT,    /* one change: its days, hours, text or number */
    SCREEN_STAFF_CHANGES, /* every staff change in force, and what an import contradicts */
    SCREEN_STAFF_USB,     /* a catalogue on a USB stick: what it would change, then import */
    SCREEN_STAFF_CONSOLE, /* stop the kiosk for the computer's console, once confirmed */
    SCREEN_COUNT
};

/* Where the resident is: one entry of the back stack. */
struct place {
    int screen;    /* enum screen_id */
    char need[64]; /* SCREEN_SERVICES, and the need a SCREEN_SERVICE came from */
    int64_t service;
    int page; /* page of long content, from 0 */
    int who;  /* the worried path's answers: 0 none, else the answer's index + 1 */
    int what;
    int dialog; /* the screen's dialog is open on the modal layer (a QR code shown) */
};

#define NAV_DEPTH 8

/* The search field and the keyboard that types into it. */
struct typing {
    char query[SEARCH_QUERY_MAX];     /* what the person typed */
    char composing[SEARCH_QUERY_MAX]; /* what an input method is still composing */
    int layout;                       /* 0: the interface language's keyboard, else KB_* + 1 */
    int choosing;                     /* the keyboards to choose from are shown */
    int hidden;                       /* the keyboard is put away to show more results */
    uint32_t consonant; /* Ge'ez: the consonant tapped, waiting for its vowel order; 0: none */
};

/* How the person asked lists to be shown, for every list until the
 * session ends. */
struct list_prefs {
    unsigned filters; /* FILTER_BIT of each filter turned on (filter.h) */
    int nearest;      /* nearest first (when the kiosk knows where it is) */
    int bar_open;     /* every filter's chip is shown, not only those on */
};

/* Everything a person did, and nothing else: the language they chose and
 * the way they came (each place with its page and its answers). It lives
 * in memory only and ends in one place, the kiosk's session_end(), which
 * clears it together with what the widget layer (focus, a press) and the
 * text cache keep of it. */
struct session {
    char lang[16];
    struct place stack[NAV_DEPTH];
    int depth; /* stack[depth - 1] is the current place; depth >= 1 */
    /* What the session counts (counts.h): each metric at most once, no
     * order, no time; added to the day's totals when the session ends. */
    struct counts_session tally;
    struct typing typing;
    struct list_prefs prefs;
};

/* Why a session ends. */
enum session_end {
    SESSION_GOING_ON, /* none */
    SESSION_EXIT,     /* the person left with the quick exit */
    SESSION_IDLE,     /* nobody touched the screen for idle_reset_seconds */
};

/* What covers the screen on the modal layer, if anything. */
enum overlay {
    OVERLAY_NONE,
    OVERLAY_IDLE, /* "Are you still there?": hides the content before the reset */
};

/* A catalogue on a USB stick, as staff mode finds and imports it. The
 * screen asks (`ask`); the kiosk runs frontdoor-admin in another process
 * and says what it answered. */
#define USB_FILES 8
#define USB_SAID 4096
enum usb_ask { USB_NOTHING, USB_CHECK, USB_IMPORT };
struct usb_state {
    char files[USB_FILES][512]; /* bundles found under the configured folder */
    int is_signed[USB_FILES];   /* a FILE.sig lies beside it */
    int n_files;
    int chosen;          /* the file checked or imported: index + 1, 0 none */
    int ask;             /* enum usb_ask: set by the screen, taken by the kiosk */
    int running;         /* enum usb_ask of the process running, or 0 */
    int done;            /* enum usb_ask of the last process that ended, or 0 */
    int ok;              /* it exited 0 */
    char said[USB_SAID]; /* what it printed: the dry run's summary, or why not */
};

/* Staff mode: what staff are doing, apart from any resident's session. It
 * starts on the PIN pad (the kiosk ends the resident's session first) and
 * ends, like a session, in the kiosk's session_end(), which closes and
 * clears it. */
struct staff_mode {
    struct staff *db;            /* the staff tables, open while staff mode is; NULL: off */
    int open;                    /* the right PIN was given */
    char pin[STAFF_PIN_MAX + 1]; /* digits typed on the pad: never drawn, cleared after a try */
    int said;                    /* the pad's answer to the last try: STAFF_PIN_WRONG, _LOCKED,
                                    _UNSET, or 0 */
    int64_t locked_until;        /* STAFF_PIN_LOCKED: until when (ms since the epoch) */
    char service[128];           /* the service being changed (HSDS id) */
    struct staff_edit draft;     /* the change being made (its text is the field typed in) */
    char failed[STAFF_TEXT_MAX + 64]; /* why the last save failed, or "" */
    struct usb_state usb;
};

/* What the diagnostics show that only the kiosk knows. */
struct kiosk_facts {
    const char *db_path;
    struct counts *counts; /* NULL: nothing is counted */
    int64_t started_ms;    /* clock_ticks_ms() when the kiosk started */
};

struct app {
    struct session s;
    struct staff_mode staff;
    struct kiosk_facts facts;
    const struct fd_config *cfg;
    struct catalog *cat; /* NULL when out of order */
    struct ui *ui;
    int sample;            /* the catalogue is sample data */
    int overlay;           /* enum overlay, set by the kiosk */
    int idle_left;         /* OVERLAY_IDLE: whole seconds until the reset */
    int end;               /* enum session_end asked for while building this frame */
    int stop;              /* staff asked to stop the kiosk for the computer's console */
    int shows_time;        /* the frame shows something that changes with the clock */
    int failed;            /* a catalogue query failed: the kiosk goes out of order */
    int overflow_reported; /* a screen had more parts than it can show (said once) */
    struct ui_rect area;   /* the screen's part of the window, dp (set by the shell) */
    int title_shown;       /* the bar shows the screen's title, so the screen does not */
};

const struct place *app_here(const struct app *a);
/* Goes forward to `p` (the oldest entry is forgotten when the stack is full). */
void app_go(struct app *a, struct place p);
void app_back(struct app *a);
/* To the needs screen, with the welcome screen behind it. */
void app_home(struct app *a);
void app_set_page(struct app *a, int page);
/* Reports that the catalogue failed (the reason goes to stderr); the kiosk
 * shows the out-of-order screen after this frame. */
void app_fail(struct app *a);
/* Asks for another interface language (applied after the frame). */
void app_set_language(struct app *a, const char *code);
/* Asks the kiosk to end the session after this frame (the frame is built
 * again, from the start, before anything is drawn). */
void app_end(struct app *a, enum session_end why);

/* Marks in the session's tally what the current place counts: the
 * language, the need, the feature. Called by the kiosk whenever the place
 * or the language changed. */
void session_note(struct app *a);

/* --- the shell, in shell.c --- */

/* Which parts of the shell a screen shows, besides the quick exit, the
 * urgent-help strip and the sample strip, which every screen has. */
enum {
    NAV_BACK = 1,     /* the back button */
    NAV_HOME = 2,     /* the home button (to the needs) */
    NAV_LANGUAGE = 4, /* the language button */
    NAV_SEARCH = 8,   /* the search button */
    NAV_STAFF = 16,   /* a staff screen: no urgent help or desk, nothing counted */
};

/* One screen: a row of the table in shell.c. `draw` builds the screen's
 * part of the frame in a->area; `title`, when not NULL, gives the title
 * the shell tries to put in the bar (a constant, or written into `buf`;
 * NULL: none), and the screen learns from a->title_shown whether it must
 * show it itself. */
struct screen {
    void (*draw)(struct app *a);
    const char *(*title)(struct app *a, char *buf, size_t size);
    unsigned nav;                  /* NAV_* */
    void (*dialog)(struct app *a); /* drawn on the modal layer while the place's dialog is set */
};

/* Builds the whole frame of the current place: the shell, the screen in the
 * area left, and the overlay, if any, on the modal layer. */
void shell_build(struct app *a);
/* The bottom of the screen's area, dp (above the strips). */
int content_bottom(const struct app *a);

/* Opens (1) or closes (0) the current screen's dialog. */
void app_set_dialog(struct app *a, int open);

/* The screens' functions, for the table. */
void screen_welcome(struct app *a);
void screen_needs(struct app *a);
const char *title_needs(struct app *a, char *buf, size_t size);
void screen_services(struct app *a);
const char *title_services(struct app *a, char *buf, size_t size);
void screen_service(struct app *a);
void dialog_take_away(struct app *a);
void screen_out_of_order(struct app *a);
void screen_language(struct app *a);
const char *title_language(struct app *a, char *buf, size_t size);
void screen_urgent(struct app *a);
const char *title_urgent(struct app *a, char *buf, size_t size);
void screen_talk(struct app *a);
const char *title_talk(struct app *a, char *buf, size_t size);
const char *title_worried(struct app *a, char *buf, size_t size);
void screen_worried_who(struct app *a);
void screen_worried_what(struct app *a);
void screen_worried_end(struct app *a);
void screen_counts_info(struct app *a);
const char *title_counts_info(struct app *a, char *buf, size_t size);
/* 1 when the catalogue leads the need `code` to the worried path rather
 * than to a list. */
int worried_path(struct app *a, const char *code);

/* --- staff mode, in staff.c --- */

void screen_staff_pin(struct app *a);
const char *title_staff(struct app *a, char *buf, size_t size);
void screen_staff(struct app *a);
void screen_staff_diag(struct app *a);
const char *title_staff_diag(struct app *a, char *buf, size_t size);
void screen_staff_log(struct app *a);
const char *title_staff_log(struct app *a, char *buf, size_t size);
/* A key of a physical keyboard or keypad on the PIN pad: a digit '0' to
 * '9', '\b' to erase the last, '\n' to try the PIN. */
void staff_pin_key(struct app *a, int ch);
/* Leaves staff mode (after this frame, as the quick exit does). */
void staff_leave(struct app *a);
/* In staff_edit.c: */
void screen_staff_service(struct app *a);
const char *title_staff_service(struct app *a, char *buf, size_t size);
void screen_staff_edit(struct app *a);
const char *title_staff_edit(struct app *a, char *buf, size_t size);
void screen_staff_changes(struct app *a);
/* In staff_usb.c: */
void screen_staff_usb(struct app *a);
const char *title_staff_usb(struct app *a, char *buf, size_t size);
void screen_staff_console(struct app *a);
const char *title_staff_console(struct app *a, char *buf, size_t size);
const char *title_staff_changes(struct app *a, char *buf, size_t size);
/* 1 when the change on screen has a text to type (a note, a notice). */
int staff_takes_text(const struct app *a);
/* Goes to the staff's page of the service `hsds_id` (from its service
 * screen, in staff mode). */
void staff_open_service(struct app *a, const char *hsds_id);

/* --- shared layout, in common.c --- */

#define MARGIN 16
#define GAP 12
#define NAV_ICON 24 /* dp, the icons of the bar's and the pager's buttons */
/* The bar, the page buttons and titles are smaller on a low screen (an
 * 800x480 panel or a landscape one), where every line of content counts. */
int low_screen(const struct ui *ui);
int bar_height(const struct ui *ui);
int pager_height(const struct ui *ui);
/* The size of a screen's title. */
int title_size(const struct ui *ui);

/* A text style for an interface string, or for a catalogue text in `lang`. */
struct ui_text ui_style(int size_dp, int bold);
struct ui_text content_style(const char *lang, int size_dp, int bold);
/* An interface string's style, centred. */
struct ui_text ui_style_centred(int size_dp, int bold);
/* The narrowest width, dp, at which `label` takes two lines at most,
 * broken between words only. */
int two_lines_width(struct ui *ui, const char *label, struct ui_text t);
/* A column of at most `max_w` dp centred on the screen (x and w; full height). */
struct ui_rect centred_column(const struct ui *ui, int max_w);

/* Long content is a list of blocks laid out top to bottom and cut into pages
 * at block boundaries; large page buttons move between pages. */
enum block_kind {
    BLOCK_TITLE,   /* screen title: heading */
    BLOCK_SECTION, /* section heading */
    BLOCK_TEXT,    /* paragraph */
    BLOCK_MUTED,   /* secondary paragraph */
    BLOCK_NOTE,    /* something to notice: tinted box */
    BLOCK_BADGES,  /* facts as tags; text holds them separated by '\n' */
    BLOCK_CARD,    /* a button with a title (text) and detail lines (sub) */
    BLOCK_SHOW,    /* large words on a white card, for showing to someone */
};

struct block {
    int kind;
    char id[UI_ID_MAX];
    const char *text;
    const char *sub;  /* BLOCK_CARD: detail lines, '\n' separated, or NULL */
    const char *lang; /* language of the text ("" = the interface's) */
    const char *icon; /* NULL, or an icon at the start of a text, note or section */
    int style;        /* BLOCK_NOTE: UI_STYLE_WARNING (0 = that), _OPEN or _CLOSED;
                         BLOCK_CARD: the style of its chip */
    const char *chip; /* BLOCK_CARD: tags, '\n' separated, the first in `style` */
    int sub_lines;    /* BLOCK_CARD: the most lines a detail line takes; 0 = all */
};

/* Plain-words labels (translated) of the FACET_* bits set in `facets`, in a
 * fixed order. Returns how many were written to `out`. */
int facet_labels(unsigned facets, const char **out, int max);
/* The plain words (untranslated: pass them to _()) for a trust fact's
 * value, or NULL where the value is not an answer to that fact; and the
 * icon beside them: a check for what most people hope for, a question mark
 * where nobody said, a neutral mark otherwise. */
const char *trust_words(int fact, enum trust_value value);
const char *trust_icon(int fact, enum trust_value value);
/* The translated name of a weekday, 1 = Monday ... 7 = Sunday. */
const char *weekday_name(int weekday);
/* A time "HH:MM" as written in the interface's language and country:
 * "16:30", or "4:30 PM" for English in the United States. */
const char *time_text(const struct app *a, const char *hhmm, char *buf, size_t size);
/* Upper-cases the first letter of `s` in place, for a weekday at the start
 * of a line ("maanantai" to "Maanantai"); returns s. */
char *capitalize(char *s);
/* A date as written in the interface's language: "Sunday 29 November",
 * or "sunnuntai 29. marraskuuta" in Finnish: as inside a sentence, so
 * capitalize() it where it starts one. Returns buf. */
char *date_text(const struct app *a, struct fd_tm tm, char *buf, size_t size);
/* A date with its year and without its weekday, for a day that may be
 * long past: "3 March 2025", "3. maaliskuuta 2025". Returns buf. */
char *date_year_text(const struct app *a, struct fd_tm tm, char *buf, size_t size);

/* --- opening hours, in hours_view.c --- */

/* A service's state in words, into buf, and the style to show it in: "Open
 * now, until 16:00", "Closed now, opens Monday at 09:00", "Closed today
 * (holiday)", "Temporarily closed until Monday 12 January", "By
 * appointment", "Call to ask" (no hours known). Sets a->shows_time when the
 * words change with the clock. */
const char *hours_view_status(struct app *a, const struct service_summary *s, char *buf,
                              size_t size, int *style);
/* The detail's hours: a section heading, "By appointment" when so, the
 * seven days from today (days in a row with the same hours on one line, a
 * date exception's day on its own with its date), the date exceptions of
 * the week after, and the schedule's note. Writes at most `max` blocks to
 * `out` and their texts into `buf` (`size` bytes, *used of them taken),
 * which the caller keeps while the blocks are shown. Returns how many
 * blocks; none when the service gives no hours at all. */
int hours_view_blocks(const struct app *a, const struct service_detail *s, struct block *out,
                      int max, char *buf, size_t size, size_t *used);
/* The own name of the language (such as "English") a catalogue text in
 * `lang` fell back to, or NULL when it is in the person's language. */
const char *fallback_name(const struct app *a, const char *lang);
/* The mark above a catalogue text in `lang` when that is not the person's
 * language: a globe and "in English" in the person's own language, a quiet
 * line unlike a service's tags, so nobody takes English for their own.
 * Returns its height and the space under it (0 when no mark is needed);
 * draws it at (x, y), `w` wide, when `draw`; its id is "OF:fallback". */
int fallback_mark(struct app *a, const char *lang, const char *of, int x, int y, int w, int draw);
/* Joins the own-script names of comma-separated language codes into `buf`. */
void language_names(const char *codes, char *buf, size_t size);

/* The name of need `code` for a title, copied into `buf`: NULL when it is
 * not in the person's language (a bar title cannot carry the mark that says
 * so) or there is no such need. */
const char *need_title(struct app *a, const char *code, char *buf, size_t size);

/* The bytes of a service card's tags. */
#define CARD_TAGS 256
/* A card that opens service `s` (id "service:ID"): its name; its tags, the
 * opening status first, then the labels of the FACET_* bits of `shown` it
 * has, written into `tags` (CARD_TAGS bytes); and the detail lines `sub`
 * ('\n' separated). The block points into `tags` and `sub`, which the
 * caller keeps while it is shown. */
struct block service_card(struct app *a, const struct service_summary *s, unsigned shown,
                          const char *sub, char *tags);
/* Appends "Languages: Suomi, English", the languages `s` speaks, to `buf`
 * (`size` bytes, `*used` of them taken) on a line of its own; nothing when
 * none are known. */
void languages_line(const struct service_summary *s, char *buf, size_t size, size_t *used);

/* The large page buttons at the bottom of the screen, when there is more
 * than one page: "Previous page" and, for the next page, `more` (what it
 * holds, translated: "More about this service"; NULL: "Next page") with
 * the page it turns to: "More about this service, 2 of 3". */
void pager_show(struct app *a, int page, int pages, const char *more);

/* Lays out `blocks` between y = top and the bottom of the screen, shows the
 * current page and the page buttons. Returns the index of an activated
 * BLOCK_CARD, or -1. */
int blocks_show(struct app *a, const struct block *blocks, int n, int top);

/* How blocks_show_as lays out and pages. */
struct blocks_how {
    const char *more; /* what a next page holds, for the pager (see pager_show) */
    int card_rows;    /* on two columns, the blocks before the first card span
                         both and the cards go row by row, in reading order */
    int one_column;   /* one column however wide: headings between the cards
                         keep the list in one reading order */
};
/* As blocks_show, laid out and paged as `how` says. */
int blocks_show_as(struct app *a, const struct block *blocks, int n, int top,
                   struct blocks_how how);

/* --- search and typing, in search.c and keyboard.c --- */

void screen_search(struct app *a);
const char *title_search(struct app *a, char *buf, size_t size);
/* 1 when the current place has a text field that typing goes to. */
int app_takes_text(const struct app *a);
/* Adds `utf8` to the text field on screen (the search's, or the staff's
 * note or notice), as a key of the on-screen keyboard does and as a
 * physical keyboard's text does: control characters and invalid UTF-8 are
 * dropped, and the field stops at its size (SEARCH_QUERY_MAX - 1 bytes
 * for a search), at a character boundary. */
void app_type(struct app *a, const char *utf8);
/* Deletes the last character typed (or the Ge'ez consonant waiting for its
 * vowel). */
void app_erase(struct app *a);
void app_clear_query(struct app *a);
/* What an input method is composing, shown in the field until it is typed. */
void app_compose(struct app *a, const char *utf8);

/* The on-screen keyboard for a text field: its height, dp, and the
 * keyboard itself in `r`: its keys type through app_type. */
int keyboard_height(struct app *a);
void keyboard_show(struct app *a, struct ui_rect r);
/* The widest a keyboard needs to be, dp: wider keys help nobody; and the
 * narrowest it may be: keys no smaller than a finger. */
int keyboard_max_width(void);
int keyboard_min_width(void);

/* --- filters and distances, in filters.c --- */

/* A list of services as the session's filters and order show it. */
struct list_view {
    size_t *order;    /* the kept services' indices in the caller's list, in the order to
                         show them: the list's own, or nearest first */
    size_t n;         /* how many are kept */
    size_t total;     /* how many the list has */
    size_t located;   /* how many have a distance from the kiosk (near.h) */
    unsigned *passes; /* the filters each service passes (filter.h) */
    struct filter_counts counts;
};

/* Applies the session's filters and order to the `n` services at `items`,
 * each `stride` bytes after the one before: (list.items, list.n,
 * sizeof *list.items) for a struct service_list, (&hits[0].service, n,
 * sizeof *hits) for search hits (`items` is not read when n is 0). The
 * view points into nothing of the list; free it with list_view_free. Sets
 * a->shows_time: "open now" changes with the clock. */
void list_view_make(struct app *a, const void *items, size_t n, size_t stride, struct list_view *v);
void list_view_free(struct list_view *v);

/* The filter bar at y = `top`: "Filters" ("filter:more"), which shows or
 * hides a chip per filter (id "filter:SLUG") with the number of places it
 * would leave and a check when it is on; "Nearest first" ("sort:nearest")
 * when the kiosk knows where it is and some service of the list has a
 * place on the map; and, while hidden, the chips of the filters that are
 * on. A tap on a filter changes the session's filters and goes back to
 * the list's first page. Draws nothing for an empty list. Returns the y
 * under the bar, or -1 when the chips shown leave no room for the list (a
 * low screen, a long language): then they take the list's place, "Show 4
 * places" closes them, and the caller shows no list. The first row starts
 * `lead` dp from the reading edge, after what the caller put there. */
int filter_bar(struct app *a, const struct list_view *v, int top, int lead);
/* The width, dp, of the bar while it is one short row (hidden, no filter
 * on): what a title beside it must leave; 0 when it is not. */
int filter_bar_row(struct app *a, const struct list_view *v);

/* When the filters leave nothing of a list that has services: a line that
 * says so and a card ("filter:drop") that turns off the filter whose
 * dropping leaves the most ("Without “Open now”: 4 places"), or all of
 * them ("filter:clear") when dropping any one leaves nothing. Writes up to
 * two blocks into `b`, their text into `buf`; returns how many. */
int filter_none_blocks(struct app *a, const struct list_view *v, struct block *b, char *buf,
                       size_t size);
/* Does what the card of filter_none_blocks says: call it when it is tapped. */
void filter_none_tapped(struct app *a, const struct list_view *v);

/* "1.2 km, 15 min walk" from the kiosk to the nearest of `s`'s places,
 * into buf; "" when the kiosk's location is not configured or `s` has no
 * place on the map (a phone line, a confidential place). */
const char *distance_text(const struct app *a, const struct service_summary *s, char *buf,
                          size_t size);

#endif
