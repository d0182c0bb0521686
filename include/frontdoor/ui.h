/* ui.h: the immediate-mode widget layer and its frame list.
 *
 * Screens call these functions every time a frame is built; each call records
 * one widget (its stable id, role, rectangle, label and text style) in the
 * frame list and, for interactive widgets, says whether it was activated.
 * The frame list is the one truth about what is on screen: the renderer
 * draws it, taps are routed by it, scripts and audits read it.
 *
 * Screens lay out in density-independent units (dp) measured from the
 * reading start edge: x = 0 is the left edge in a left-to-right language and
 * the right edge in a right-to-left one. The layer mirrors rectangles once,
 * here, and stores window pixels in the frame list. One dp is
 * min(width, height) / 480 pixels, so an 800x480 panel is 800x480 dp and a
 * 1080x1920 portrait screen is 480x853 dp.
 *
 * Input reaches the layer already translated (no SDL here): pointer down and
 * up in window pixels, and a few keys. A tap activates a widget only when
 * press and release land on the same widget of the same screen.
 */
#ifndef FRONTDOOR_UI_H
#define FRONTDOOR_UI_H

#include "frontdoor/text.h"

#include <stddef.h>

/* Roles, as named in dumps: a fixed set. */
enum ui_role {
    UI_ROLE_HEADING, /* "heading": a screen or section title */
    UI_ROLE_TEXT,    /* "text": a paragraph or a line of information */
    UI_ROLE_BUTTON,  /* "button": anything that acts when tapped */
    UI_ROLE_BADGE,   /* "badge": a short fact shown as a tag (Free, Walk-in) */
    UI_ROLE_PANEL,   /* "panel": a background surface grouping other widgets */
    UI_ROLE_IMAGE,   /* "image": a picture made by the kiosk (a QR code) */
    UI_ROLE_COUNT
};
const char *ui_role_name(int role);

/* Visual styles, resolved to colours by the theme. */
enum ui_style {
    UI_STYLE_PLAIN,        /* text on the background */
    UI_STYLE_MUTED,        /* secondary text */
    UI_STYLE_PRIMARY,      /* main action: filled */
    UI_STYLE_SECONDARY,    /* other actions: light fill */
    UI_STYLE_NAV,          /* the navigation bar's buttons */
    UI_STYLE_CARD,         /* a list entry: white card */
    UI_STYLE_BADGE,        /* a fact tag */
    UI_STYLE_OPEN,         /* "open now" */
    UI_STYLE_CLOSED,       /* "closed now" */
    UI_STYLE_WARNING,      /* something the resident must know (closed, no address) */
    UI_STYLE_WARNING_TEXT, /* text on a warning panel */
    UI_STYLE_BAR,          /* the navigation bar's background */
    UI_STYLE_SAMPLE,       /* the "sample data" mark */
    UI_STYLE_EXIT,         /* the quick exit: found at a glance */
    UI_STYLE_URGENT,       /* the urgent-help strip */
    UI_STYLE_SCREEN,       /* an opaque cover in the background colour (overlays) */
    UI_STYLE_SCRIM,        /* a veil over the screen under a dialog */
    UI_STYLE_DIALOG,       /* a dialog on the modal layer */
    UI_STYLE_COUNT
};

/* Text sizes in dp. The smallest is 16 px on an 800x480 panel, where a dp
 * is a pixel: nothing smaller reads at arm's length. */
enum ui_text_size {
    UI_TEXT_SMALL = 16,
    UI_TEXT_BODY = 18,
    UI_TEXT_BUTTON = 20,
    UI_TEXT_TITLE = 24,
    UI_TEXT_DISPLAY = 30,
};

struct ui_rect {
    int x, y, w, h;
};

/* How a widget's label is drawn. */
struct ui_text {
    int size_dp; /* enum ui_text_size */
    int bold;
    int max_lines;     /* 0: unlimited */
    enum text_dir dir; /* direction of the label's language */
    int center;        /* centre horizontally (else start-aligned) */
    int middle;        /* centre vertically (else top) */
};

#define UI_ID_MAX 64
#define UI_ICON_MAX 32

/* How a label was fitted into its widget, as the frame list tells. */
enum ui_fit {
    UI_FIT_WHOLE,   /* "whole": on one line at its size */
    UI_FIT_WRAPPED, /* "wrapped": on more lines, every word shown */
    UI_FIT_SHRUNK,  /* "shrunk": made smaller to fit, every word shown */
    UI_FIT_CUT,     /* "cut": its end is replaced by an ellipsis */
};
const char *ui_fit_name(int fit);

/* One entry of the frame list. */
struct ui_widget {
    char id[UI_ID_MAX];
    int role;          /* enum ui_role */
    int style;         /* enum ui_style */
    struct ui_rect r;  /* window pixels, after mirroring */
    struct ui_rect tr; /* the label's box, window pixels */
    const char *label; /* translated text; owned by the frame, "" if none */
    struct ui_text text;
    int interactive;
    int pressed;             /* the pointer is down on it */
    int focused;             /* keyboard focus is on it (and focus is shown) */
    char icon[UI_ICON_MAX];  /* "" or the name of an icon in data/icons */
    struct ui_rect ir;       /* the icon's box, window pixels */
    int icon_flip;           /* draw the icon mirrored (a directional icon in RTL) */
    int fit;                 /* enum ui_fit, for a widget with a label */
    int modal;               /* on the modal layer (see ui_modal) */
    const unsigned char *qr; /* UI_ROLE_IMAGE: qr_w * qr_w modules, 1 = dark; in the frame */
    int qr_w;
};

struct ui;

struct ui *ui_new(struct text_engine *text);
void ui_free(struct ui *ui);

/* Starts a frame for a window of w x h pixels; `rtl` mirrors the layout.
 * Clears the previous frame list. */
void ui_begin(struct ui *ui, int w, int h, int rtl);
/* Ends the frame; an activation nobody claimed is dropped. */
void ui_end(struct ui *ui);

/* The window in dp, and pixels per dp. */
int ui_width(const struct ui *ui);
int ui_height(const struct ui *ui);
float ui_scale(const struct ui *ui);
int ui_rtl(const struct ui *ui);

/* The text engine's style (pixels) for a label style (dp). Measuring and
 * drawing both go through it, so they share cache entries. */
struct text_style ui_text_style(const struct ui *ui, struct ui_text t);
/* The space, in dp, between a widget's edge and its label, by role. */
void ui_padding(int role, int *x, int *y);

/* Height in dp that `text` takes when wrapped to `width` dp. */
int ui_text_height(struct ui *ui, const char *text, struct ui_text style, int width);
/* Width in dp of `text` on one line. */
int ui_text_width(struct ui *ui, const char *text, struct ui_text style);
/* Width in dp of the widest word of `text`: the narrowest a box can be that
 * wraps it between words only. */
int ui_widest_word(struct ui *ui, const char *text, struct ui_text style);

/* Records an interactive widget. Returns 1 when it was activated (tapped, or
 * Enter while focused) since the last frame. The label is copied. */
int ui_button(struct ui *ui, const char *id, const char *label, struct ui_rect dp, int style,
              struct ui_text text);
/* Modules of white round a QR code, as the standard asks. */
#define UI_QR_QUIET 4
/* Records a QR code of `text` (UTF-8, at most 1 KiB), as large as fits
 * `dp` with its quiet zone, square and centred. Returns 0, or -1 when the
 * text cannot be encoded (nothing is recorded). */
int ui_qr(struct ui *ui, const char *id, const char *text, struct ui_rect dp)
    __attribute__((warn_unused_result));
/* Records a non-interactive widget (heading, text, badge, panel). */
void ui_label(struct ui *ui, const char *id, int role, const char *label, struct ui_rect dp,
              int style, struct ui_text text);

/* Starts the modal layer: the widgets recorded after this call, until the
 * frame ends, are the only ones a tap or a key can reach; everything
 * recorded before lies under them and can be neither tapped nor focused. */
void ui_modal(struct ui *ui);

/* Gives the next widget recorded an icon of size_dp, drawn at the start of
 * its label box (the label moves over by the icon and a gap), or centred
 * when the widget has no label. UI_ICON_MIRROR flips a directional icon
 * (back, next) in right-to-left layouts; UI_ICON_END puts the icon at the
 * end of the label box instead, centred on the widget's height (the
 * chevron that says a card opens), and the label's box ends before it. */
enum { UI_ICON_MIRROR = 1, UI_ICON_END = 2 };
/* The next widget recorded has its label start `top_dp` lower than its
 * padding alone puts it (room for a mark above a card's title). */
void ui_next_inset(struct ui *ui, int top_dp);
/* The next widget recorded keeps little padding round its label: a key of
 * the on-screen keyboard, whose letter would otherwise shrink. */
void ui_next_tight(struct ui *ui);
void ui_next_icon(struct ui *ui, const char *name, int size_dp, int flags);
/* The room, in dp, an icon of size_dp takes from a label box. */
int ui_icon_room(int size_dp);

/* The frame list of the last built frame. */
const struct ui_widget *ui_widgets(const struct ui *ui, size_t *count);
/* The widget with this id in the frame list, or NULL. */
const struct ui_widget *ui_find(const struct ui *ui, const char *id);
/* The topmost interactive widget under a window pixel that a tap can reach
 * (on the modal layer when there is one), or NULL. */
const struct ui_widget *ui_hit(const struct ui *ui, int x, int y);

/* A point in window coordinates (a mouse's, which a scaled desktop gives in
 * its own units) as a pixel of a frame of out_w x out_h pixels drawn into a
 * window win_w x win_h units large. Unchanged when either size is unknown. */
void ui_window_to_pixels(int *x, int *y, int win_w, int win_h, int out_w, int out_h);

/* Input, already translated from the platform's events. Each returns 1 when
 * the frame must be rebuilt. */
int ui_pointer_down(struct ui *ui, int x, int y);
int ui_pointer_up(struct ui *ui, int x, int y);
int ui_pointer_cancel(struct ui *ui);
enum ui_key { UI_KEY_NEXT, UI_KEY_PREV, UI_KEY_ACTIVATE };
int ui_key(struct ui *ui, enum ui_key key);

/* Tells the layer the screen changed: a press that began on the old screen
 * can no longer activate anything, and focus starts over. */
void ui_screen_changed(struct ui *ui);
/* As ui_screen_changed, and the frame list and every label copied into it
 * are wiped: nothing of the frame a person saw stays in memory. The next
 * frame must be built before anything is drawn. */
void ui_forget(struct ui *ui);

#endif
