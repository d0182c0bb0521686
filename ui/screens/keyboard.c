/* keyboard.c: the on-screen keyboard, one layout per script.
 *
 * A layout is rows of characters; a key types its character through
 * app_type, the same path a physical keyboard's text takes. The interface
 * language chooses the layout and a key opens the others. Rows of a script
 * written right to left start at the right whatever the interface's
 * direction, and rows of one written left to right at the left; the row
 * of space, backspace and clear follows the interface.
 *
 * Ge'ez (Tigrinya) has some 240 syllables: a consonant key opens a row of
 * its seven vowel orders, and the one tapped is typed. In Unicode the
 * orders of a consonant follow its first form: U+1208 ለ, U+1209 ሉ, ... */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/utf8.h"

#include <string.h>

#define KB_COLUMNS 10 /* keys in the widest row */
#define KEY_GAP 3     /* dp between keys */
#define KEY_MIN 44    /* dp: the smallest touch target the kiosk allows */
#define KEY_MAX 64    /* dp: wider keys only take room from the results */
#define GEEZ_ORDERS 7

enum kb_layout { KB_LATIN, KB_UKRAINIAN, KB_RUSSIAN, KB_ARABIC, KB_PERSIAN, KB_GEEZ, KB_COUNT };

static const struct layout {
    const char *name;  /* in ids: "layout:NAME" */
    const char *label; /* its own name, shown where the layouts are chosen */
    const char *abc;   /* its first letters, on the key that opens the choice */
    const char *lang;  /* the language its keys are drawn in */
    int rtl;
    int zwnj; /* has a zero-width non-joiner key */
    const char *rows[4];
} layouts[KB_COUNT] = {
    /* The letters of English, the Nordic languages, Spanish and Somali
     * (which writes the glottal stop with an apostrophe). */
    [KB_LATIN] = {"latin",
                  "ABC \u00c5\u00c4\u00d6 \u00d1",
                  "ABC",
                  "en",
                  0,
                  0,
                  {"q w e r t y u i o p", "a s d f g h j k l '", "z x c v b n m \u00f1 \u00fc",
                   "\u00e5 \u00e4 \u00f6 \u00e6 \u00f8 \u00e1 \u00e9 \u00ed \u00f3 \u00fa"}},
    [KB_UKRAINIAN] = {"uk",
                      "\u0423\u043a\u0440\u0430\u0457\u043d\u0441\u044c\u043a\u0430",
                      "\u0410\u0411\u0412",
                      "uk",
                      0,
                      0,
                      {"\u0439 \u0446 \u0443 \u043a \u0435 \u043d \u0433 \u0491 \u0448 \u0449",
                       "\u0437 \u0445 \u0457 \u0444 \u0456 \u0432 \u0430 \u043f \u0440 \u043e",
                       "\u043b \u0434 \u0436 \u0454 \u044f \u0447 \u0441 \u043c \u0438 \u0442",
                       "\u044c \u0431 \u044e \u02bc"}},
    [KB_RUSSIAN] = {"ru",
                    "\u0420\u0443\u0441\u0441\u043a\u0438\u0439",
                    "\u0410\u0411\u0412",
                    "ru",
                    0,
                    0,
                    {"\u0439 \u0446 \u0443 \u043a \u0435 \u043d \u0433 \u0448 \u0449 \u0437",
                     "\u0445 \u044a \u0444 \u044b \u0432 \u0430 \u043f \u0440 \u043e \u043b",
                     "\u0434 \u0436 \u044d \u044f \u0447 \u0441 \u043c \u0438 \u0442 \u044c",
                     "\u0431 \u044e \u0451"}},
    [KB_ARABIC] = {"ar",
                   "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
                   "\u0623\u0628\u062a",
                   "ar",
                   1,
                   0,
                   {"\u0636 \u0635 \u062b \u0642 \u0641 \u063a \u0639 \u0647 \u062e \u062d",
                    "\u062c \u062f \u0634 \u0633 \u064a \u0628 \u0644 \u0627 \u062a \u0646",
                    "\u0645 \u0643 \u0637 \u0630 \u0626 \u0621 \u0624 \u0631 \u0649 \u0629",
                    "\u0648 \u0632 \u0638 \u0623 \u0625 \u0622"}},
    [KB_PERSIAN] = {"fa",
                    "\u0641\u0627\u0631\u0633\u06cc",
                    "\u0627\u0628\u067e",
                    "fa",
                    1,
                    1,
                    {"\u0636 \u0635 \u062b \u0642 \u0641 \u063a \u0639 \u0647 \u062e \u062d",
                     "\u062c \u0686 \u0634 \u0633 \u06cc \u0628 \u0644 \u0627 \u062a \u0646",
                     "\u0645 \u06a9 \u06af \u0638 \u0637 \u0632 \u0631 \u0630 \u062f \u067e",
                     "\u0648 \u0622 \u0698 \u0626"}},
    /* The consonants of Tigrinya, each in its first order. */
    [KB_GEEZ] = {"ti",
                 "\u1275\u130d\u122d\u129b",
                 "\u1200\u1208\u1210",
                 "ti",
                 0,
                 0,
                 {"\u1200 \u1208 \u1210 \u1218 \u1228 \u1230 \u1238 \u1240 \u1250 \u1260",
                  "\u1268 \u1270 \u1278 \u1290 \u1298 \u12a0 \u12a8 \u12b8 \u12c8 \u12d0",
                  "\u12d8 \u12e0 \u12e8 \u12f0 \u1300 \u1308 \u1320 \u1328 \u1330 \u1338",
                  "\u1340 \u1348 \u1350"}},
};

/* The layout the interface language starts with. */
static int layout_for(const char *lang)
{
    static const struct {
        const char *lang;
        int layout;
    } by_lang[] = {{"uk", KB_UKRAINIAN},
                   {"ru", KB_RUSSIAN},
                   {"ar", KB_ARABIC},
                   {"fa", KB_PERSIAN},
                   {"ti", KB_GEEZ}};
    for (size_t i = 0; i < ARRAY_LEN(by_lang); i++)
        if (strcmp(lang, by_lang[i].lang) == 0)
            return by_lang[i].layout;
    return KB_LATIN;
}

static int current_layout(const struct app *a)
{
    int l = a->s.typing.layout - 1;
    return l >= 0 && l < KB_COUNT ? l : layout_for(a->s.lang);
}

static int key_height(const struct app *a)
{
    return low_screen(a->ui) ? 46 : 54;
}

int keyboard_max_width(void)
{
    return KB_COLUMNS * KEY_MAX + (KB_COLUMNS - 1) * KEY_GAP;
}

int keyboard_min_width(void)
{
    return KB_COLUMNS * KEY_MIN + (KB_COLUMNS - 1) * KEY_GAP;
}

int keyboard_height(struct app *a)
{
    return 5 * key_height(a) + 4 * KEY_GAP;
}

/* One key typing `ch` at `r`; returns 1 when tapped. */
static int char_key(struct app *a, const struct layout *l, const char *ch, struct ui_rect r,
                    int size)
{
    char id[UI_ID_MAX];
    xsnprintf(id, sizeof id, "key:%s", ch);
    struct ui_text t = content_style(l->lang, size, 0);
    t.center = 1;
    t.middle = 1;
    ui_next_tight(a->ui);
    return ui_button(a->ui, id, ch, r, UI_STYLE_CARD, t);
}

/* The x, from the interface's reading start, of slot `i` of `n` slots of
 * `unit` dp in a row of `r`, for keys in `rtl` order. */
static int slot_x(const struct app *a, struct ui_rect r, int rtl, int n, int unit, int i)
{
    int row_w = n * unit + (n - 1) * KEY_GAP;
    int start = (r.w - row_w) / 2;
    int x = start + i * (unit + KEY_GAP);
    if (rtl != ui_rtl(a->ui))
        x = r.w - x - unit;
    return r.x + x;
}

/* The rows of characters of layout `l`. */
static void letter_rows(struct app *a, const struct layout *l, struct ui_rect r, int unit)
{
    int kh = key_height(a);
    for (int row = 0; row < 4; row++) {
        const char *p = l->rows[row];
        int n = 0;
        for (const char *q = p; *q; q++)
            n += *q != ' ' && (q == p || q[-1] == ' ');
        for (int i = 0; *p; i++) {
            size_t len = strcspn(p, " ");
            char ch[16];
            xsnprintf(ch, sizeof ch, "%.*s", (int)len, p);
            struct ui_rect k = {slot_x(a, r, l->rtl, n, unit, i), r.y + row * (kh + KEY_GAP), unit,
                                kh};
            if (char_key(a, l, ch, k, UI_TEXT_TITLE)) {
                if (l == &layouts[KB_GEEZ])
                    utf8_decode((const unsigned char *)ch, len, &a->s.typing.consonant);
                else
                    app_type(a, ch);
            }
            p += len;
            while (*p == ' ')
                p++;
        }
    }
}

/* The seven vowel orders of the consonant waiting, large, over the rows. */
static void geez_orders(struct app *a, struct ui_rect r)
{
    const struct layout *l = &layouts[KB_GEEZ];
    int kh = 2 * key_height(a) + KEY_GAP;
    int unit = (r.w - (GEEZ_ORDERS - 1) * KEY_GAP) / GEEZ_ORDERS;
    if (unit > 2 * KEY_MAX)
        unit = 2 * KEY_MAX;
    int y = r.y + (4 * (key_height(a) + KEY_GAP) - KEY_GAP - kh) / 2;
    for (int i = 0; i < GEEZ_ORDERS; i++) {
        char ch[8] = "";
        utf8_encode(a->s.typing.consonant + (uint32_t)i, ch);
        struct ui_rect k = {slot_x(a, r, 0, GEEZ_ORDERS, unit, i), y, unit, kh};
        if (char_key(a, l, ch, k, UI_TEXT_DISPLAY)) {
            a->s.typing.consonant = 0;
            app_type(a, ch);
        }
    }
}

/* The layouts to choose from, in their own names, over the rows. */
static void layout_choice(struct app *a, struct ui_rect r)
{
    int kh = key_height(a), cols = 3;
    int w = (r.w - (cols - 1) * KEY_GAP) / cols;
    int h = (4 * (kh + KEY_GAP) - KEY_GAP - KEY_GAP) / 2;
    for (int i = 0; i < KB_COUNT; i++) {
        const struct layout *l = &layouts[i];
        char id[UI_ID_MAX];
        xsnprintf(id, sizeof id, "layout:%s", l->name);
        struct ui_text t = content_style(l->lang, UI_TEXT_BUTTON, 1);
        t.center = 1;
        t.middle = 1;
        struct ui_rect k = {r.x + (i % cols) * (w + KEY_GAP), r.y + (i / cols) * (h + KEY_GAP), w,
                            h};
        if (ui_button(a->ui, id, l->label, k,
                      i == current_layout(a) ? UI_STYLE_PRIMARY : UI_STYLE_SECONDARY, t)) {
            a->s.typing.layout = i + 1;
            a->s.typing.choosing = 0;
            a->s.typing.consonant = 0;
        }
    }
}

/* A key of the last row, `units` tenths of the row wide, at `*x`. */
static int function_key(struct app *a, const char *id, const char *label, const char *icon,
                        int icon_flags, struct ui_rect row, int units, int *x)
{
    int w = (row.w - (KB_COLUMNS - 1) * KEY_GAP) * units / KB_COLUMNS + (units - 1) * KEY_GAP;
    struct ui_rect k = {*x, row.y, w, row.h};
    *x += w + KEY_GAP;
    struct ui_text t = ui_style_centred(UI_TEXT_BODY, 1);
    t.middle = 1;
    t.max_lines = 2;
    if (icon)
        ui_next_icon(a->ui, icon, NAV_ICON, icon_flags);
    ui_next_tight(a->ui);
    return ui_button(a->ui, id, label, k, UI_STYLE_SECONDARY, t);
}

void keyboard_show(struct app *a, struct ui_rect r)
{
    struct typing *ty = &a->s.typing;
    const struct layout *l = &layouts[current_layout(a)];
    int kh = key_height(a);
    int unit = (r.w - (KB_COLUMNS - 1) * KEY_GAP) / KB_COLUMNS;
    if (unit > KEY_MAX)
        unit = KEY_MAX;

    struct ui_rect rows = {r.x, r.y, r.w, 4 * (kh + KEY_GAP) - KEY_GAP};
    if (ty->choosing)
        layout_choice(a, rows);
    else if (ty->consonant)
        geez_orders(a, rows);
    else
        letter_rows(a, l, rows, unit);

    /* The last row: the keyboards, (ZWNJ,) space, backspace, clear. */
    struct ui_rect row = {r.x, r.y + 4 * (kh + KEY_GAP), r.w, kh};
    int x = r.x;
    if (function_key(a, "key:layout", l->abc, NULL, 0, row, 2, &x)) {
        ty->choosing = !ty->choosing;
        ty->consonant = 0;
    }
    /* Persian writes a zero-width non-joiner inside many words; its keyboards
     * call the key "half space". */
    if (l->zwnj &&
        function_key(a, "key:zwnj", "\u0646\u06cc\u0645\u200c\u0641\u0627\u0635\u0644\u0647", NULL,
                     0, row, 2, &x))
        app_type(a, "\u200c");
    /* TRANSLATORS: the space bar of the on-screen keyboard. */
    if (function_key(a, "key:space", _("Space"), NULL, 0, row, l->zwnj ? 2 : 4, &x))
        app_type(a, " ");
    if (function_key(a, "key:backspace", "", "backspace", UI_ICON_MIRROR, row, 2, &x))
        app_erase(a);
    /* TRANSLATORS: a key that empties the search field at once. */
    if (function_key(a, "key:clear", _("Clear"), NULL, 0, row, 2, &x))
        app_clear_query(a);
}
