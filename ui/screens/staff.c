/* staff.c: staff mode's screens: the PIN pad, what staff can do, the
 * diagnostics and the audit log.
 *
 * The kiosk opens staff mode (a key combination, or three corners tapped
 * in order) after ending any resident's session, and ends it like a
 * session: by "Leave", after two minutes untouched, or by the quick exit.
 * Nothing here is counted (session_note skips staff mode), and the PIN's
 * digits are never drawn, only a dot for each.
 */
#include "screens.h"

#include "frontdoor/catalog.h"
#include "frontdoor/clock.h"
#include "frontdoor/hours.h"
#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/paths.h"
#include "frontdoor/sign.h"
#include "frontdoor/text.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#define PAD_W 360  /* dp: the widest the PIN pad gets */
#define PAD_KEY 72 /* dp: a key's height where the screen has room */
#define PAD_MIN 48 /* dp: the least, a finger */

void staff_leave(struct app *a)
{
    app_end(a, SESSION_EXIT);
}

const char *title_staff(struct app *a, char *buf, size_t size)
{
    (void)a, (void)buf, (void)size;
    /* TRANSLATORS: the title of the screens only the centre's staff can
     * open, with a PIN, to correct the kiosk's information. */
    return _("Staff mode");
}

/* --- the PIN pad --- */

/* What the pad says above the dots. */
static const char *pad_message(struct app *a, char *buf, size_t size, int *style)
{
    struct staff_mode *sm = &a->staff;
    *style = UI_STYLE_WARNING_TEXT;
    switch (sm->said) {
    case STAFF_PIN_WRONG:
        /* TRANSLATORS: the staff PIN pad, after a wrong PIN. Say no more
         * than that. */
        return _("Wrong PIN.");
    case STAFF_PIN_LOCKED: {
        int64_t left = sm->locked_until - clock_now_ms();
        int minutes = left <= 0 ? 1 : (int)((left + 59999) / 60000);
        a->shows_time = 1;
        xsnprintf(buf, size,
                  /* TRANSLATORS: the staff PIN pad, locked after too many
                   * wrong PINs. */
                  ngettext("Staff mode is locked after too many wrong PINs. Try again in %d "
                           "minute.",
                           "Staff mode is locked after too many wrong PINs. Try again in %d "
                           "minutes.",
                           minutes),
                  minutes);
        return buf;
    }
    case STAFF_PIN_UNSET:
        /* TRANSLATORS: the staff PIN pad on a kiosk where no PIN was set.
         * "frontdoor-admin set-pin" is a command: keep it as it is. */
        return _("No staff PIN is set on this kiosk. Set one with frontdoor-admin set-pin.");
    default:
        *style = UI_STYLE_PLAIN;
        /* TRANSLATORS: the staff PIN pad's prompt. */
        return _("Enter the staff PIN.");
    }
}

/* Checks the digits typed and clears them, whatever the answer. */
static void pad_try(struct app *a)
{
    struct staff_mode *sm = &a->staff;
    int64_t until = 0;
    int rc = staff_check_pin(sm->db, sm->pin, clock_now_ms(), &until);
    sodium_memzero(sm->pin, sizeof sm->pin);
    if (rc < 0) {
        fprintf(stderr, "frontdoor: staff mode: %s\n", staff_errmsg(sm->db));
        rc = STAFF_PIN_WRONG;
    }
    sm->said = rc;
    sm->locked_until = until;
    if (rc == STAFF_PIN_OK) {
        sm->open = 1;
        a->s.depth = 1;
        a->s.stack[0] = (struct place){.screen = SCREEN_STAFF};
    }
}

void staff_pin_key(struct app *a, int ch)
{
    struct staff_mode *sm = &a->staff;
    size_t n = strlen(sm->pin);
    if (sm->said == STAFF_PIN_LOCKED || sm->said == STAFF_PIN_UNSET)
        return;
    if (ch >= '0' && ch <= '9' && n < STAFF_PIN_MAX) {
        sm->pin[n] = (char)ch;
        sm->said = 0;
    } else if (ch == '\b' && n > 0) {
        sm->pin[n - 1] = '\0';
    } else if (ch == '\n' && n > 0) {
        pad_try(a);
    }
}

/* A key of the pad, in row r and column c of a grid of three columns,
 * drawn left to right in every language, as digits are. */
static int pad_key(struct app *a, const char *id, const char *label, struct ui_rect grid, int r,
                   int c, int key_h, int style)
{
    int kw = (grid.w - 2 * GAP) / 3;
    int col = ui_rtl(a->ui) ? 2 - c : c;
    struct ui_text t = ui_style_centred(UI_TEXT_TITLE, 1);
    t.middle = 1;
    t.max_lines = 2;
    return ui_button(
        a->ui, id, label,
        (struct ui_rect){grid.x + col * (kw + GAP), grid.y + r * (key_h + GAP), kw, key_h}, style,
        t);
}

void screen_staff_pin(struct app *a)
{
    struct ui *ui = a->ui;
    struct staff_mode *sm = &a->staff;
    struct ui_rect col = centred_column(ui, PAD_W);
    int y = a->area.y;
    if (!a->title_shown) {
        struct ui_text t = ui_style_centred(title_size(ui), 1);
        const char *title = title_staff(a, NULL, 0);
        int h = ui_text_height(ui, title, t, col.w);
        ui_label(ui, "staff:title", UI_ROLE_HEADING, title, (struct ui_rect){col.x, y, col.w, h},
                 UI_STYLE_PLAIN, t);
        y += h + GAP;
    }
    /* A lock that ran out while the pad was up. */
    if (sm->said == STAFF_PIN_LOCKED && sm->locked_until <= clock_now_ms())
        sm->said = 0;
    char buf[256];
    int style;
    const char *msg = pad_message(a, buf, sizeof buf, &style);
    struct ui_text mt = ui_style_centred(UI_TEXT_BODY, 1);
    int mh = ui_text_height(ui, msg, mt, col.w);
    ui_label(ui, "pin:message", UI_ROLE_TEXT, msg, (struct ui_rect){col.x, y, col.w, mh}, style,
             mt);
    y += mh + GAP;
    /* A dot for each digit typed: never the digits. */
    char dots[3 * STAFF_PIN_MAX + 1] = "";
    size_t n = strlen(sm->pin), used = 0;
    for (size_t i = 0; i < n; i++)
        xappend(dots, sizeof dots, &used, "\u2022");
    struct ui_text dt = ui_style_centred(UI_TEXT_DISPLAY, 1);
    dt.middle = 1;
    int dh = ui_text_height(ui, "\u2022", dt, col.w) + 8;
    ui_label(ui, "pin:dots", UI_ROLE_TEXT, dots, (struct ui_rect){col.x, y, col.w, dh},
             UI_STYLE_CARD, dt);
    y += dh + GAP;

    int locked = sm->said == STAFF_PIN_LOCKED || sm->said == STAFF_PIN_UNSET;
    int key_h = (content_bottom(a) - MARGIN - y - 3 * GAP) / 4;
    key_h = key_h > PAD_KEY ? PAD_KEY : key_h < PAD_MIN ? PAD_MIN : key_h;
    struct ui_rect grid = {col.x, y, col.w, 4 * key_h + 3 * GAP};
    static const char *const digits = "1234567890";
    for (int i = 0; i < 10 && !locked; i++) {
        char id[8], label[2] = {digits[i], '\0'};
        xsnprintf(id, sizeof id, "pin:%c", digits[i]);
        int r = i < 9 ? i / 3 : 3, c = i < 9 ? i % 3 : 1;
        if (pad_key(a, id, label, grid, r, c, key_h, UI_STYLE_SECONDARY) &&
            strlen(sm->pin) < STAFF_PIN_MAX) {
            sm->pin[strlen(sm->pin)] = digits[i];
            sm->said = 0;
        }
    }
    if (locked)
        return;
    /* TRANSLATORS: the key of the staff PIN pad that takes back the last digit. */
    if (pad_key(a, "pin:erase", _("Erase"), grid, 3, 0, key_h, UI_STYLE_NAV) && n > 0)
        sm->pin[n - 1] = '\0';
    /* TRANSLATORS: the key of the staff PIN pad that checks the PIN. */
    if (pad_key(a, "pin:ok", _("OK"), grid, 3, 2, key_h, UI_STYLE_PRIMARY) && n > 0)
        pad_try(a);
}

/* --- what staff can do --- */

void screen_staff(struct app *a)
{
    struct block b[10];
    int n = 0;
    if (!a->title_shown)
        b[n++] = (struct block){
            .kind = BLOCK_TITLE, .id = "staff:title", .text = title_staff(a, NULL, 0), .lang = ""};
    b[n++] = (struct block){
        .kind = BLOCK_TEXT,
        .id = "staff:intro",
        /* TRANSLATORS: the first words of staff mode. */
        .text = _("What you change here is kept apart from the catalogue the city sends, and "
                  "written in the staff log."),
        .lang = ""};
    /* Out of order there is no catalogue to change. */
    if (a->cat) {
        b[n++] = (struct block){.kind = BLOCK_CARD,
                                .id = "staff:find",
                                /* TRANSLATORS: staff mode: the way to a service
                                 * to change, through the needs and search. */
                                .text = _("Find a service to change"),
                                .lang = ""};
        b[n++] = (struct block){.kind = BLOCK_CARD,
                                .id = "staff:changes",
                                .text = title_staff_changes(a, NULL, 0),
                                .lang = ""};
    }
    b[n++] = (struct block){
        .kind = BLOCK_CARD, .id = "staff:usb", .text = title_staff_usb(a, NULL, 0), .lang = ""};
    b[n++] = (struct block){
        .kind = BLOCK_CARD, .id = "staff:diag", .text = title_staff_diag(a, NULL, 0), .lang = ""};
    b[n++] = (struct block){
        .kind = BLOCK_CARD, .id = "staff:log", .text = title_staff_log(a, NULL, 0), .lang = ""};
    b[n++] = (struct block){.kind = BLOCK_CARD,
                            .id = "staff:console",
                            .text = title_staff_console(a, NULL, 0),
                            .lang = ""};
    b[n++] = (struct block){.kind = BLOCK_CARD,
                            .id = "staff:leave",
                            /* TRANSLATORS: the button that ends staff mode and
                             * shows the kiosk to residents again. */
                            .text = _("Leave staff mode"),
                            .lang = ""};
    int tapped = blocks_show(a, b, n, a->area.y);
    if (tapped < 0)
        return;
    if (strcmp(b[tapped].id, "staff:find") == 0)
        app_go(a, (struct place){.screen = SCREEN_NEEDS});
    else if (strcmp(b[tapped].id, "staff:changes") == 0)
        app_go(a, (struct place){.screen = SCREEN_STAFF_CHANGES});
    else if (strcmp(b[tapped].id, "staff:usb") == 0)
        app_go(a, (struct place){.screen = SCREEN_STAFF_USB});
    else if (strcmp(b[tapped].id, "staff:diag") == 0)
        app_go(a, (struct place){.screen = SCREEN_STAFF_DIAG});
    else if (strcmp(b[tapped].id, "staff:log") == 0)
        app_go(a, (struct place){.screen = SCREEN_STAFF_LOG});
    else if (strcmp(b[tapped].id, "staff:console") == 0)
        app_go(a, (struct place){.screen = SCREEN_STAFF_CONSOLE});
    else
        staff_leave(a);
}

/* --- the computer's console --- */

const char *title_staff_console(struct app *a, char *buf, size_t size)
{
    (void)a, (void)buf, (void)size;
    /* TRANSLATORS: staff mode: the way to stop the kiosk and get the
     * computer's own text console (its login), for the centre's IT help. */
    return _("Exit to console");
}

/* Says what stopping does, and stops the kiosk only when asked again. */
void screen_staff_console(struct app *a)
{
    struct block b[3];
    int n = 0;
    if (!a->title_shown)
        b[n++] = (struct block){.kind = BLOCK_TITLE,
                                .id = "staff:title",
                                .text = title_staff_console(a, NULL, 0),
                                .lang = ""};
    b[n++] = (struct block){
        .kind = BLOCK_TEXT,
        .id = "console:about",
        /* TRANSLATORS: staff mode, before the kiosk is stopped. "systemctl
         * start frontdoor" is a command: keep it as it is. */
        .text = _("The kiosk stops, and the screen shows the computer's login instead. The kiosk "
                  "starts again when the computer restarts, or with the command systemctl start "
                  "frontdoor."),
        .lang = ""};
    b[n++] = (struct block){.kind = BLOCK_CARD,
                            .id = "console:stop",
                            /* TRANSLATORS: staff mode: the button that stops
                             * the kiosk for the computer's console. */
                            .text = _("Stop the kiosk"),
                            .lang = ""};
    if (blocks_show(a, b, n, a->area.y) >= 0)
        a->stop = 1;
}

/* --- diagnostics --- */

const char *title_staff_diag(struct app *a, char *buf, size_t size)
{
    (void)a, (void)buf, (void)size;
    /* TRANSLATORS: the title of the staff screen that shows how the kiosk
     * is doing (version, catalogue, uploads, disk). */
    return _("Diagnostics");
}

/* "12 h 5 min" of a duration, in digits and the interface's units. */
static void duration_text(int64_t ms, char *buf, size_t size)
{
    int64_t minutes = ms / 60000, days = minutes / 1440, hours = minutes / 60 % 24;
    if (days > 0)
        /* TRANSLATORS: a duration in days and hours, such as "3 d 4 h". */
        xsnprintf(buf, size, _("%lld d %lld h"), (long long)days, (long long)hours);
    else
        /* TRANSLATORS: a duration in hours and minutes, such as "2 h 15 min". */
        xsnprintf(buf, size, _("%lld h %lld min"), (long long)hours, (long long)(minutes % 60));
}

/* Whole days from date `from` to date `to`. */
static long days_between(struct fd_tm from, struct fd_tm to)
{
    struct tm a = {
        .tm_year = from.year - 1900, .tm_mon = from.month - 1, .tm_mday = from.day, .tm_hour = 12};
    struct tm b = {
        .tm_year = to.year - 1900, .tm_mon = to.month - 1, .tm_mday = to.day, .tm_hour = 12};
    return (long)((timegm(&b) - timegm(&a)) / 86400);
}

/* An import's audit detail in words: the file, and the key that signed
 * it or that nobody did. */
static void import_words(const char *detail, char *buf, size_t size)
{
    char file[STAFF_TEXT_MAX + 64], signer[SIGN_PUBLIC_TEXT], f[STAFF_TEXT_MAX + 80], key[64];
    staff_import_detail(detail, file, sizeof file, signer, sizeof signer);
    text_isolate_ltr(file, f, sizeof f);
    text_isolate_ltr(signer, key, sizeof key);
    if (signer[0])
        /* TRANSLATORS: a catalogue file, then the public key that signed it. */
        xsnprintf(buf, size, _("%s, signed with the key %s"), f, key);
    else
        /* TRANSLATORS: a catalogue file that nobody signed. */
        xsnprintf(buf, size, _("%s, not signed"), f);
}

/* The newest import in the audit log, when and what, or "". */
static void last_import(struct app *a, char *buf, size_t size)
{
    struct staff_audit_list log;
    buf[0] = '\0';
    if (staff_audit(a->staff.db, 500, &log) != CATALOG_OK)
        return;
    for (size_t i = 0; i < log.n && !buf[0]; i++) {
        if (strcmp(log.items[i].action, "import") == 0) {
            char at[40], what[STAFF_TEXT_MAX + 200];
            text_isolate_ltr(log.items[i].at, at, sizeof at);
            import_words(log.items[i].detail, what, sizeof what);
            xsnprintf(buf, size, "%s \u00b7 %s", at, what);
        }
    }
    staff_audit_list_free(&log);
}

#define DIAG_PARTS 8

void screen_staff_diag(struct app *a)
{
    struct block b[1 + 2 * DIAG_PARTS];
    char text[DIAG_PARTS][400];
    int n = 0, k = 0;
    if (!a->title_shown)
        b[n++] = (struct block){.kind = BLOCK_TITLE,
                                .id = "diag:title",
                                .text = title_staff_diag(a, NULL, 0),
                                .lang = ""};
#define PART(ID, HEADING)                                                                          \
    do {                                                                                           \
        b[n++] = (struct block){                                                                   \
            .kind = BLOCK_SECTION, .id = "diag:" ID, .text = (HEADING), .lang = ""};               \
        b[n++] = (struct block){                                                                   \
            .kind = BLOCK_TEXT, .id = "diag:" ID ":value", .text = text[k++], .lang = ""};         \
    } while (0)

    xsnprintf(text[k], sizeof text[k], "Frontdoor %s", paths_version());
    /* TRANSLATORS: diagnostics: the heading over the program's version. */
    PART("version", _("Version"));

    struct catalog_info info;
    if (a->cat && catalog_info(a->cat, &info) == CATALOG_OK && info.imported_on[0]) {
        struct fd_tm on, now = clock_local(clock_now_ms());
        char date[32];
        long days = hours_parse_date(info.imported_on, &on) == 0 ? days_between(on, now) : 0;
        days = days < 0 ? 0 : days; /* a clock set back */
        text_isolate_ltr(info.imported_on, date, sizeof date);
        xsnprintf(text[k], sizeof text[k],
                  /* TRANSLATORS: diagnostics: when the catalogue was imported
                   * (a date, YYYY-MM-DD), how many days ago, and how many
                   * services it has. */
                  ngettext("Imported %s (%ld day ago), %zu services",
                           "Imported %s (%ld days ago), %zu services", days),
                  date, days, info.services);
    } else {
        /* TRANSLATORS: diagnostics: no catalogue was ever imported. */
        xsnprintf(text[k], sizeof text[k], "%s", _("No catalogue imported"));
    }
    /* TRANSLATORS: diagnostics: the heading over the catalogue's age. */
    PART("catalogue", _("Catalogue"));

    last_import(a, text[k], sizeof text[k]);
    if (!text[k][0])
        xsnprintf(text[k], sizeof text[k], "-");
    /* TRANSLATORS: diagnostics: the heading over the last import and the
     * key that signed it. */
    PART("signer", _("Last import and its signature"));

    struct counts_uploads up;
    if (a->facts.counts && counts_uploads(a->facts.counts, &up) == 0) {
        char when[64], raw[32];
        /* TRANSLATORS: diagnostics: the usage reports were never sent. */
        xsnprintf(when, sizeof when, "%s", _("never"));
        if (up.last_ok_ms > 0) {
            struct fd_tm t = clock_local(up.last_ok_ms);
            xsnprintf(raw, sizeof raw, "%04d-%02d-%02d %02d:%02d", t.year % 10000, t.month % 100,
                      t.day % 100, t.hour % 100, t.minute % 100);
            text_isolate_ltr(raw, when, sizeof when);
        }
        xsnprintf(text[k], sizeof text[k],
                  /* TRANSLATORS: diagnostics: the last upload of the usage
                   * reports, then how many wait and how many the city's
                   * collector refused. */
                  _("Last sent: %s. Waiting: %d. Refused: %d."), when, up.waiting, up.parked);
    } else {
        /* TRANSLATORS: diagnostics: the kiosk has no key to sign reports with. */
        xsnprintf(text[k], sizeof text[k], "%s", _("Usage is not counted on this kiosk."));
    }
    /* TRANSLATORS: diagnostics: the heading over the usage reports' uploads. */
    PART("sync", _("Usage reports"));

    struct statvfs vfs;
    char dir[4096];
    xsnprintf(dir, sizeof dir, "%s", a->facts.db_path ? a->facts.db_path : ".");
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        xsnprintf(dir, sizeof dir, ".");
    if (statvfs(dir[0] ? dir : "/", &vfs) == 0) {
        long long tenths = (long long)((double)vfs.f_bavail * vfs.f_frsize / 1e8);
        long long total = (long long)((double)vfs.f_blocks * vfs.f_frsize / 1e9 + 0.5);
        xsnprintf(text[k], sizeof text[k],
                  /* TRANSLATORS: diagnostics: free disk space, such as "82.7 GB
                   * free of 271 GB": whole gigabytes, then tenths; write your
                   * language's decimal sign between them. */
                  _("%lld.%lld GB free of %lld GB"), tenths / 10, tenths % 10, total);
    } else {
        xsnprintf(text[k], sizeof text[k], "-");
    }
    /* TRANSLATORS: diagnostics: the heading over the free disk space. */
    PART("disk", _("Disk"));

    char up_for[64];
    duration_text(clock_ticks_ms() - a->facts.started_ms, up_for, sizeof up_for);
    xsnprintf(text[k], sizeof text[k], "%s", up_for);
    /* TRANSLATORS: diagnostics: the heading over how long the kiosk has been running. */
    PART("uptime", _("Running for"));
#undef PART
    blocks_show(a, b, n, a->area.y);
}

/* --- the audit log --- */

const char *title_staff_log(struct app *a, char *buf, size_t size)
{
    (void)a, (void)buf, (void)size;
    /* TRANSLATORS: the title of the staff screen that lists what staff
     * changed and when. */
    return _("Staff log");
}

/* An audit line's action in words. */
static const char *action_words(const char *action)
{
    static const struct {
        const char *code, *words;
    } actions[] = {
        /* TRANSLATORS: the staff log: a line's kind. */
        {"pin-set", N_("Staff PIN set")},
        /* TRANSLATORS: the staff log: a line's kind. */
        {"locked", N_("Staff mode locked after wrong PINs")},
        /* TRANSLATORS: the staff log: a line's kind. */
        {"import", N_("Catalogue imported")},
        /* TRANSLATORS: the staff log: a line's kind. */
        {"closed", N_("Temporarily closed")},
        /* TRANSLATORS: the staff log: a line's kind. */
        {"hours", N_("Hours changed")},
        /* TRANSLATORS: the staff log: a line's kind. */
        {"notice", N_("Notice")},
        /* TRANSLATORS: the staff log: a line's kind. */
        {"phone", N_("Phone number changed")},
        /* TRANSLATORS: the staff log: a line's kind: a change staff made was taken back. */
        {"removed", N_("Change removed")},
    };
    for (size_t i = 0; i < ARRAY_LEN(actions); i++) {
        if (strcmp(action, actions[i].code) == 0)
            return _(actions[i].words);
    }
    return action;
}

#define LOG_LINES 200

void screen_staff_log(struct app *a)
{
    struct staff_audit_list log;
    if (staff_audit(a->staff.db, LOG_LINES, &log) != CATALOG_OK) {
        fprintf(stderr, "frontdoor: staff log: %s\n", staff_errmsg(a->staff.db));
        memset(&log, 0, sizeof log);
    }
    struct block *b = xcalloc(2 * log.n + 2, sizeof *b);
    char *text = xmalloc(log.n * 1024 + 1);
    int n = 0;
    if (!a->title_shown)
        b[n++] = (struct block){.kind = BLOCK_TITLE,
                                .id = "log:title",
                                .text = title_staff_log(a, NULL, 0),
                                .lang = ""};
    if (log.n == 0)
        /* TRANSLATORS: the staff log when nothing was done yet. */
        b[n++] = (struct block){
            .kind = BLOCK_TEXT, .id = "log:empty", .text = _("Nothing yet."), .lang = ""};
    for (size_t i = 0; i < log.n; i++) {
        const struct staff_audit_line *l = &log.items[i];
        char *head = text + i * 1024, *detail = head + 256, at[40];
        text_isolate_ltr(l->at, at, sizeof at);
        xsnprintf(head, 256, "%s \u00b7 %s", at, action_words(l->action));
        char raw[768];
        xsnprintf(raw, sizeof raw, "%s%s%s", l->service, l->service[0] && l->detail[0] ? " " : "",
                  l->detail);
        int failures;
        char until[17], when[40];
        if (strcmp(l->action, "import") == 0) {
            import_words(l->detail, detail, 768);
        } else if (strcmp(l->action, "locked") == 0 &&
                   staff_lock_detail(l->detail, &failures, until) == 0) {
            text_isolate_ltr(until, when, sizeof when);
            xsnprintf(detail, 768,
                      /* TRANSLATORS: the staff log: how many wrong PINs in a
                       * row locked staff mode, and until when (a date and
                       * time). */
                      ngettext("%d wrong PIN in a row; locked until %s",
                               "%d wrong PINs in a row; locked until %s", failures),
                      failures, when);
        } else {
            text_isolate_ltr(raw, detail, 768);
        }
        b[n] = (struct block){.kind = BLOCK_TEXT, .text = head, .lang = ""};
        xsnprintf(b[n++].id, UI_ID_MAX, "log:%zu", i);
        if (raw[0]) {
            b[n] = (struct block){.kind = BLOCK_MUTED, .text = detail, .lang = ""};
            xsnprintf(b[n++].id, UI_ID_MAX, "log:%zu:detail", i);
        }
    }
    blocks_show(a, b, n, a->area.y);
    free(text);
    free(b);
    staff_audit_list_free(&log);
}
