/* text.c: fonts, bidi, line breaking, shaping and the rendered-text cache.
 *
 * A string is decoded to code points (bad UTF-8 becomes U+FFFD) and analysed
 * once as a whole paragraph: FriBidi resolves embedding levels on the full
 * logical text, isolates and marks included, because they steer the result;
 * libunibreak marks the break opportunities; HarfBuzz's Unicode functions give
 * each character a script, and Common and Inherited characters (spaces,
 * digits, punctuation, marks) take the script of a neighbour at the same level
 * so that they join its run. Each character then gets a font: the one for its
 * script, or the first loaded font that has the glyph, because SDL_ttf does no
 * fallback. Each line is reordered with fribidi_reorder_line and cut into
 * runs of one level, script and font; the runs are sorted into visual order
 * and shaped one by one by SDL_ttf with their own direction and script
 * (Arabic needs both). Bidi controls take part in the analysis but never
 * reach a run.
 *
 * Lines are filled greedily, in time linear in the text: each word (the
 * stretch between two break opportunities, with its trailing spaces) is
 * shaped once, alone, and the words' widths are summed until the next one
 * would overflow. Measuring a prefix of the paragraph per candidate break
 * instead made a 64 KiB description take two minutes. A word alone is not
 * as wide as inside a line (rounding and kerning at the joins), so the line
 * the sums chose is then shaped whole, as it will be drawn (emitting it
 * reuses those widths), and moved back a word while it overflows, or on a
 * word while one more still fits: a line never overflows its wrap width,
 * and would with its next word. A word wider than the line is cut between
 * clusters, found by trying 1, 2, 4, ... clusters and then halving: work in
 * the line's length, not the word's. Short runs' widths are kept in a small
 * table, since words recur in a text and in each piece the pager measures.
 *
 * Line height does not come from the fonts: Noto Sans Arabic's ascent plus
 * descent is about 1.5 times Noto Sans's, so lines sized by the fonts made
 * Arabic paragraphs and two-line Arabic buttons tall and loose. As with CSS
 * line-height, every line gets a fixed pitch instead, 1.5 times the size, or
 * 1.8 times when it holds a run in the Arabic font (its marks need a little
 * more room), and its baseline sits at half-leading: the fonts' box (the
 * largest ascent and descent on the line) is centred in the pitch. That box
 * may be taller than the pitch; its ink is never cut. The drawn texture
 * covers every rendered run, however far it reaches above the first line or
 * below the last, and the layout reports that reach as ink_top and
 * ink_bottom.
 *
 * Shaping Arabic for a screenful of labels costs tens of milliseconds, so a
 * drawn paragraph is kept, in an LRU list bounded in bytes, as its coverage:
 * one byte a pixel, a quarter of a texture's four, and the same in any
 * colour. Drawing turns it into pixels of the ink's colour in a small
 * streaming texture, a band at a time, and copies that: the software
 * renderer copies untinted pixels two to three times as fast as it tints a
 * white texture, and writing a band costs less than the copy itself. Text
 * whose glyphs bring their own colours (a colour font standing in for a
 * missing one) keeps a texture in the colour it was drawn in. Sizes from
 * text_measure live in the same table, so a frame that measures a hundred
 * labels shapes none of them twice.
 */
#include "frontdoor/text.h"

#include "frontdoor/fonts.h"
#include "frontdoor/mem.h"
#include "frontdoor/utf8.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>
#include <fribidi.h>
#include <hb.h>
#include <limits.h>
#include <linebreak.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>

enum {
    PROBE_SIZE = 16, /* size for checking that a font opens */
    MAX_SIZE = 1024, /* largest pixel size accepted */
    /* (font, weight, size) combinations kept open. A screen uses at most
     * ten; each costs a FreeType face, a HarfBuzz font with copies of the
     * font's tables and a glyph cache, 150 to 300 KiB. */
    MAX_SIZED = 16,
    /* Cached paragraphs, measured or drawn. A page of a long text measures
     * a few thousand candidate pieces of it each frame; when they do not
     * all fit, the least recently used goes first and every frame lays all
     * of them out again (a service with four 64 KiB texts took 1.7 s a
     * frame with 1024). */
    MAX_ENTRIES = 8192,
    N_BUCKETS = 8192,         /* hash buckets, a power of two */
    MAX_KEY_BYTES = 16 << 20, /* bytes of text the entries keep as keys */
    MAX_CHARS = 16384,        /* longest paragraph laid out; the rest is ignored */
    MAX_CUTS = 64,            /* attempts at fitting the ellipsis */
    SHORT_LINE = 64,          /* characters: a rest of a paragraph this short is
                                 shaped whole before it is shaped word by word */
    LONG_WORD = 64,           /* characters: a word this long starting a line is
                                 cut before it is measured whole */
    WORD_SLOTS = 4096,        /* widths of short runs kept, a power of two */
    WORD_BYTES = 27,          /* longest run whose width is kept */
    BAND_W = 1024,            /* the streaming texture that coverage is drawn */
    BAND_H = 64,              /* through: larger text goes in tiles */
};

#define ELLIPSIS 0x2026u
#define REPLACEMENT 0xFFFDu

_Static_assert(FONT_FAMILIES == TEXT_FONT_COUNT, "a family for each TEXT_FONT_*");

struct face {
    char *path; /* the family's own file, or a stand-in's */
    void *data; /* the file, mapped: SDL_ttf opens every size from memory */
    size_t size;
    int embolden;    /* no bold face: SDL_ttf emboldens the regular one */
    hb_font_t *cmap; /* which characters the face has */
};

struct sized_font {
    TTF_Font *ttf;
    int font, bold, size;
    unsigned long used; /* engine tick of the last use */
};

struct key {
    const char *text;
    struct text_style style;
    int wrap_w, dir, align;
    uint32_t hash;
};

struct entry {
    struct key key;            /* key.text is owned */
    struct entry *prev, *next; /* LRU list, most recent first */
    struct entry *hnext;       /* hash chain */
    int w, h;                  /* natural size: widest line, total height */
    /* The drawn picture, at most one of the two; neither until drawn, or
     * after eviction. */
    unsigned char *cov; /* coverage, pic_w x pic_h bytes, 0 to 255 */
    SDL_Texture *tex;   /* colour glyphs: the pixels, in `ink` */
    uint32_t ink;       /* the colour tex is drawn in, 0xRRGGBB */
    int pic_x, pic_y;   /* the picture's top-left relative to the paragraph box's */
    int pic_w, pic_h;
    size_t bytes;
    unsigned long frame; /* the frame that last drew it */
};

/* The width of a short run as last shaped. Words recur, in a paragraph and
 * in each prefix of it that the pager measures; the same bytes in the same
 * font, size, direction and script always shape to the same width. */
struct word {
    char text[WORD_BYTES + 1]; /* NUL-terminated; "" in a free slot */
    unsigned char font, bold, rtl;
    int size;
    hb_script_t script;
    int w;
};

struct text_engine {
    SDL_Renderer *renderer;
    struct face faces[TEXT_FONT_COUNT][2];
    char missing[256];
    struct sized_font sized[MAX_SIZED];
    unsigned long tick;
    struct entry *buckets[N_BUCKETS];
    struct entry *lru_head, *lru_tail;
    size_t n_entries, bytes, max_bytes;
    SDL_Texture *band;             /* BAND_W x BAND_H, streaming, made on first draw */
    size_t key_bytes;              /* the entries' texts, at most MAX_KEY_BYTES */
    unsigned long frame;           /* counted by text_frame_begin */
    unsigned missing_reported;     /* characters with no font met so far */
    unsigned long shape_calls;     /* calls into SDL_ttf that shape text */
    unsigned long shape_bytes;     /* bytes of UTF-8 they shaped */
    struct word words[WORD_SLOTS]; /* direct-mapped: a newcomer replaces */
};

/* A layout as handed out, with what drawing needs to shape its runs again. */
struct layout_priv {
    struct text_layout pub; /* first: the caller's pointer is this struct's */
    hb_script_t *scripts;   /* one per run */
    int cap;                /* slots in pub.runs and scripts */
};

/* Kinds of character. */
enum {
    K_CONTROL = 1, /* never drawn: bidi formatting and C0/C1 controls */
    K_SPACE = 2,   /* white space: hangs at line ends */
    K_EXTEND = 4,  /* continues the previous character's cluster */
};

/* One paragraph under analysis: one slot per character of the logical text,
 * controls included. */
struct para {
    int n;
    uint32_t *cp;
    FriBidiCharType *types;
    FriBidiBracketType *brackets;
    FriBidiLevel *levels;
    FriBidiStrIndex *map; /* per line: visual position -> logical index */
    int *vpos;            /* per line: logical index -> visual position */
    char *brk;            /* libunibreak's verdict after each character */
    hb_script_t *script;  /* resolved, see resolve_scripts */
    unsigned char *font;  /* enum text_font */
    unsigned char *kind;
    int *byte;     /* offset of each character in text; n + 1 slots */
    char *text;    /* UTF-8 of the characters that are drawn */
    char *run_buf; /* one run's text, NUL-terminated, for SDL_ttf */
    int run_len;   /* its bytes */
    int size;      /* pixel size, for the line pitch */
    FriBidiParType base;
    struct text_engine *engine;
    int bold;
    /* Each font at the paragraph's size, opened when a run first needs it:
     * most text is in one script, and a sized font costs a FreeType face,
     * a HarfBuzz font and a glyph cache. Coverage is asked of the faces'
     * character maps instead, whatever the size. */
    TTF_Font *fonts[TEXT_FONT_COUNT];
    /* The widths of the runs of the lines chosen so far, as shaped whole
     * while breaking, so that emitting them shapes nothing again; a line
     * being tried keeps its own after them. */
    int *widths;
    int n_widths, cap_widths;
    int chosen; /* runs of the line just chosen, at widths + n_widths; -1 */
};

struct span {
    int lo, hi; /* logical characters [lo, hi) of one line */
    int w_at;   /* its runs' widths in para.widths, or -1: not measured */
};

/* ---- UTF-8 ---- */

/* Decodes the character at s (NUL-terminated: a cut sequence stops at the
 * NUL, which is no continuation byte). A bad or cut sequence gives U+FFFD
 * and consumes one byte. Returns the bytes consumed. */
static int char_at(const unsigned char *s, uint32_t *cp)
{
    size_t len = utf8_decode(s, 4, cp);
    if (*cp == UTF8_INVALID)
        *cp = REPLACEMENT;
    return (int)len;
}

/* Decodes at most MAX_CHARS characters; NULL gives none. Caller frees. */
static uint32_t *decode(const char *utf8, int *n)
{
    size_t len = utf8 ? strlen(utf8) : 0;
    size_t cap = len < MAX_CHARS ? len : MAX_CHARS;
    uint32_t *cps = xmalloc((cap + 1) * sizeof *cps);
    const unsigned char *s = (const unsigned char *)utf8;
    size_t count = 0;

    while (s && *s && count < cap) {
        s += char_at(s, &cps[count]);
        count++;
    }
    *n = (int)count;
    return cps;
}

/* ---- Characters ---- */

static int is_bidi_control(uint32_t cp)
{
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

static unsigned char classify(hb_unicode_funcs_t *uf, uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || is_bidi_control(cp))
        return K_CONTROL;
    hb_unicode_general_category_t gc = hb_unicode_general_category(uf, cp);
    if (gc == HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR)
        return K_SPACE;
    if (gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
        gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
        gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK || cp == 0x200C || cp == 0x200D ||
        (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) ||
        (cp >= 0x1F3FB && cp <= 0x1F3FF))
        return K_EXTEND;
    return 0;
}

static int font_for_script(hb_script_t script)
{
    if (script == HB_SCRIPT_ARABIC)
        return TEXT_FONT_ARABIC;
    if (script == HB_SCRIPT_ETHIOPIC)
        return TEXT_FONT_ETHIOPIC;
    return TEXT_FONT_LATIN;
}

/* ---- Fonts ---- */

/* Asks fontconfig for the upright faces of `family` and takes the one whose
 * weight is nearest to regular or bold, of normal width if there is one.
 * Listing one family costs a tenth of what FcFontMatch does, which scores
 * every installed font. Returns the file (caller frees) or NULL when the
 * family is missing; *is_bold says whether the face is bold. */
static char *fc_find(const char *family, int bold, int *is_bold)
{
    const int want = bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR;
    char *path = NULL;
    int best = INT_MAX;

    FcPattern *pat = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, family, FC_SLANT, FcTypeInteger,
                                    FC_SLANT_ROMAN, (char *)NULL);
    FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_WEIGHT, FC_WIDTH, (char *)NULL);
    FcFontSet *fs = pat && os ? FcFontList(NULL, pat, os) : NULL;
    for (int i = 0; fs && i < fs->nfont; i++) {
        FcChar8 *file;
        int weight = FC_WEIGHT_REGULAR, width = FC_WIDTH_NORMAL;
        if (FcPatternGetString(fs->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
            continue;
        FcPatternGetInteger(fs->fonts[i], FC_WEIGHT, 0, &weight);
        FcPatternGetInteger(fs->fonts[i], FC_WIDTH, 0, &width);
        int score = abs(width - FC_WIDTH_NORMAL) * 1000 + abs(weight - want);
        if (score < best) {
            best = score;
            free(path);
            path = xstrdup((const char *)file);
            *is_bold = weight >= FC_WEIGHT_BOLD;
        }
    }
    if (fs)
        FcFontSetDestroy(fs);
    if (os)
        FcObjectSetDestroy(os);
    if (pat)
        FcPatternDestroy(pat);
    return path;
}

/* The file fontconfig offers for Noto Sans when no family is installed at
 * all (FcFontMatch always answers with some font), or NULL. */
static char *fc_any(void)
{
    char *path = NULL;
    FcPattern *pat = FcNameParse((const FcChar8 *)font_families[TEXT_FONT_LATIN]);
    if (!pat)
        return NULL;
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *match = FcFontMatch(NULL, pat, &res);
    FcChar8 *file;
    if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch)
        path = xstrdup((const char *)file);
    if (match)
        FcPatternDestroy(match);
    FcPatternDestroy(pat);
    return path;
}

/* Maps the face's file into memory and checks that SDL_ttf opens it.
 * SDL_ttf reads glyphs through its stream as it needs them: from a file that
 * is a seek and a read per glyph, which made first-time Arabic layout
 * several times slower than from memory. A mapping costs nothing until a
 * glyph is used, so a font for a script nobody reads today stays on disk.
 * Which characters the face has is asked of HarfBuzz reading the mapping
 * directly: an SDL_ttf font kept open for that alone cost a FreeType face
 * and copies of the font's tables, about 150 KiB for each of the six. */
static int face_load(struct face *fc)
{
    int fd = open(fc->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    void *data = MAP_FAILED;
    if (fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size <= INT_MAX)
        data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (data == MAP_FAILED)
        return -1;
    TTF_Font *ttf = TTF_OpenFontRW(SDL_RWFromConstMem(data, (int)st.st_size), 1, PROBE_SIZE);
    if (!ttf) {
        munmap(data, (size_t)st.st_size);
        return -1;
    }
    TTF_CloseFont(ttf);
    hb_blob_t *blob =
        hb_blob_create(data, (unsigned)st.st_size, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    fc->cmap = hb_font_create(face);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    fc->data = data;
    fc->size = (size_t)st.st_size;
    return 0;
}

static void note_missing(struct text_engine *e, const char *family, const char *suffix)
{
    size_t len = strlen(e->missing);
    xsnprintf(e->missing + len, sizeof e->missing - len, "%s%s%s", len ? ", " : "", family, suffix);
}

/* Finds every face; a missing one is named in e->missing and stands in with
 * the other weight of its family, else the same weight of another family,
 * else whatever fontconfig offered. Returns 0, or -1 when nothing opens. */
static int find_faces(struct text_engine *e)
{
    int found[TEXT_FONT_COUNT][2] = {{0}}, found_any = 0;
    char *any = NULL;

    for (int f = 0; f < TEXT_FONT_COUNT; f++) {
        for (int b = 0; b < 2; b++) {
            struct face *fc = &e->faces[f][b];
            int is_bold = 0;
            fc->path = fc_find(font_families[f], b, &is_bold);
            if (fc->path && face_load(fc) < 0) {
                free(fc->path);
                fc->path = NULL;
            }
            fc->embolden = fc->path && b && !is_bold;
            found[f][b] = fc->path != NULL;
            found_any = found_any || found[f][b];
        }
        if (!found[f][0])
            note_missing(e, font_families[f], "");
        else if (!found[f][1] || e->faces[f][1].embolden)
            note_missing(e, font_families[f], " Bold");
    }

    if (!found_any)
        any = fc_any();
    int complete = 1;
    for (int f = 0; f < TEXT_FONT_COUNT; f++) {
        for (int b = 0; b < 2; b++) {
            struct face *fc = &e->faces[f][b];
            const struct face *src = found[f][!b] ? &e->faces[f][!b] : NULL;
            int src_bold = !b;
            for (int g = 0; !src && g < TEXT_FONT_COUNT; g++) {
                src = found[g][b] ? &e->faces[g][b] : NULL;
                src_bold = b;
            }
            for (int g = 0; !src && g < TEXT_FONT_COUNT; g++) {
                src = found[g][!b] ? &e->faces[g][!b] : NULL;
                src_bold = !b;
            }
            if (!fc->path && (src || any)) {
                fc->path = xstrdup(src ? src->path : any);
                /* Embolden a stand-in for bold unless its file is bold already. */
                fc->embolden = b && !(src && src_bold && !src->embolden);
                if (face_load(fc) < 0) {
                    free(fc->path);
                    fc->path = NULL;
                }
            }
            complete = complete && fc->path;
        }
    }
    free(any);
    return complete ? 0 : -1;
}

/* The font at a size, opened on first use; the least recently used one is
 * closed when the table is full. The pointer stays valid while fewer than
 * MAX_SIZED other fonts are fetched: a paragraph (and the one an ellipsis
 * makes of it) holds at most three. */
static TTF_Font *font_get(struct text_engine *e, int font, int bold, int size)
{
    struct sized_font *slot = NULL;

    e->tick++;
    for (int i = 0; i < MAX_SIZED; i++) {
        struct sized_font *s = &e->sized[i];
        if (s->ttf && s->font == font && s->bold == bold && s->size == size) {
            s->used = e->tick;
            return s->ttf;
        }
        if (!slot || (slot->ttf && (!s->ttf || s->used < slot->used)))
            slot = s;
    }
    const struct face *fc = &e->faces[font][bold];
    TTF_Font *ttf = TTF_OpenFontRW(SDL_RWFromConstMem(fc->data, (int)fc->size), 1, size);
    if (!ttf)
        return NULL;
    /* Light hinting keeps shapes close to the design and halves shaping cost. */
    TTF_SetFontHinting(ttf, TTF_HINTING_LIGHT);
    if (fc->embolden)
        TTF_SetFontStyle(ttf, TTF_STYLE_BOLD);
    if (slot->ttf)
        TTF_CloseFont(slot->ttf);
    slot->ttf = ttf;
    slot->font = font;
    slot->bold = bold;
    slot->size = size;
    slot->used = e->tick;
    return ttf;
}

/* The paragraph's font `f` at its size, opened on first use. The table
 * holds far more fonts than a paragraph uses, so a later fetch cannot close
 * an earlier one while the paragraph lives. */
static TTF_Font *para_font(struct para *p, int f)
{
    if (!p->fonts[f])
        p->fonts[f] = font_get(p->engine, f, p->bold, p->size);
    /* Out of memory for another font: the Latin one, opened with the
     * paragraph, draws what it can. */
    return p->fonts[f] ? p->fonts[f] : p->fonts[TEXT_FONT_LATIN];
}

/* 1 when font `f` at this weight has a glyph for `cp`. */
static int has_glyph(const struct text_engine *e, int f, int bold, uint32_t cp)
{
    hb_codepoint_t glyph;
    return hb_font_get_nominal_glyph(e->faces[f][bold].cmap, cp, &glyph);
}

/* SDL_ttf shapes with the font's current direction and script. */
static void set_shaping(TTF_Font *ttf, int rtl, hb_script_t script)
{
    char tag[5];

    if (script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED || script == HB_SCRIPT_UNKNOWN)
        script = HB_SCRIPT_LATIN;
    hb_tag_to_string(hb_script_to_iso15924_tag(script), tag);
    tag[4] = '\0';
    TTF_SetFontDirection(ttf, rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
    if (TTF_SetFontScriptName(ttf, tag) < 0)
        TTF_SetFontScriptName(ttf, "Latn");
}

/* ---- Paragraph analysis ---- */

static void para_close(struct para *p)
{
    free(p->cp);
    free(p->types);
    free(p->brackets);
    free(p->levels);
    free(p->map);
    free(p->vpos);
    free(p->brk);
    free(p->script);
    free(p->font);
    free(p->kind);
    free(p->byte);
    free(p->text);
    free(p->run_buf);
    free(p->widths);
    memset(p, 0, sizeof *p);
}

/* Marks and Common characters take the script before them at the same level,
 * else the one after, so that a space or a digit joins a neighbouring run
 * instead of starting its own; a stretch of only Common stays Common. */
static void resolve_scripts(struct para *p, hb_unicode_funcs_t *uf)
{
    hb_script_t last = HB_SCRIPT_COMMON;
    int prev = -1;

    for (int i = 0; i < p->n; i++) {
        p->script[i] = HB_SCRIPT_COMMON;
        if (p->kind[i] & K_CONTROL)
            continue;
        hb_script_t s = hb_unicode_script(uf, p->cp[i]);
        if (s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN)
            s = HB_SCRIPT_COMMON;
        if (prev >= 0 && p->levels[prev] != p->levels[i])
            last = HB_SCRIPT_COMMON;
        if (s == HB_SCRIPT_COMMON)
            s = last;
        else
            last = s;
        p->script[i] = s;
        prev = i;
    }
    last = HB_SCRIPT_COMMON;
    prev = -1;
    for (int i = p->n - 1; i >= 0; i--) {
        if (p->kind[i] & K_CONTROL)
            continue;
        if (prev >= 0 && p->levels[prev] != p->levels[i])
            last = HB_SCRIPT_COMMON;
        if (p->script[i] == HB_SCRIPT_COMMON)
            p->script[i] = last;
        else
            last = p->script[i];
        prev = i;
    }
}

/* The script's font, or the first loaded font that has the glyph; a mark
 * stays in its base's font so that it can attach. */
static void choose_fonts(struct para *p)
{
    int prev = -1;

    for (int i = 0; i < p->n; i++) {
        p->font[i] = TEXT_FONT_LATIN;
        if (p->kind[i] & K_CONTROL)
            continue;
        if ((p->kind[i] & K_EXTEND) && prev >= 0) {
            p->font[i] = p->font[prev];
            prev = i;
            continue;
        }
        int want = font_for_script(p->script[i]);
        p->font[i] = (unsigned char)want;
        if (!has_glyph(p->engine, want, p->bold, p->cp[i])) {
            for (int f = 0; f < TEXT_FONT_COUNT; f++) {
                if (has_glyph(p->engine, f, p->bold, p->cp[i])) {
                    p->font[i] = (unsigned char)f;
                    break;
                }
            }
        }
        prev = i;
    }
}

static int glyph_anywhere(const struct para *p, uint32_t cp)
{
    for (int f = 0; f < TEXT_FONT_COUNT; f++) {
        if (has_glyph(p->engine, f, p->bold, cp))
            return 1;
    }
    return 0;
}

/* Said once, and without saying which character: the log is the journal,
 * and the text may be what a resident typed. */
static void report_missing(struct text_engine *e)
{
    if (!e->missing_reported++)
        fprintf(stderr, "frontdoor: a character that no font has is left out\n");
}

static int para_open(struct para *p, struct text_engine *e, const uint32_t *cps, int n,
                     struct text_style style, enum text_dir dir)
{
    size_t cn = (size_t)n + 1;
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();

    memset(p, 0, sizeof *p);
    p->engine = e;
    p->bold = style.bold;
    p->size = style.size;
    p->fonts[TEXT_FONT_LATIN] = font_get(e, TEXT_FONT_LATIN, style.bold, style.size);
    if (!p->fonts[TEXT_FONT_LATIN])
        return -1;
    p->n = n;
    p->cp = xmalloc(cn * sizeof *p->cp);
    p->types = xmalloc(cn * sizeof *p->types);
    p->brackets = xmalloc(cn * sizeof *p->brackets);
    p->levels = xmalloc(cn * sizeof *p->levels);
    p->map = xmalloc(cn * sizeof *p->map);
    p->vpos = xmalloc(cn * sizeof *p->vpos);
    p->brk = xmalloc(cn);
    p->script = xmalloc(cn * sizeof *p->script);
    p->font = xmalloc(cn);
    p->kind = xmalloc(cn);
    p->byte = xmalloc(cn * sizeof *p->byte);
    p->text = xmalloc(cn * 4);
    p->run_buf = xmalloc(cn * 4);
    memcpy(p->cp, cps, (size_t)n * sizeof *p->cp);

    int off = 0;
    for (int i = 0; i < n; i++) {
        p->kind[i] = classify(uf, p->cp[i]);
        /* A character no font has would come out as a box: it is left out
         * (and said once on stderr), never drawn. */
        if (!(p->kind[i] & (K_CONTROL | K_SPACE)) && !glyph_anywhere(p, p->cp[i])) {
            report_missing(e);
            p->kind[i] = K_CONTROL;
        }
        p->byte[i] = off;
        if (!(p->kind[i] & K_CONTROL))
            off += (int)utf8_encode(p->cp[i], p->text + off);
    }
    p->byte[n] = off;
    p->text[off] = '\0';

    p->base = dir == TEXT_DIR_RTL   ? FRIBIDI_PAR_RTL
              : dir == TEXT_DIR_LTR ? FRIBIDI_PAR_LTR
                                    : FRIBIDI_PAR_ON;
    if (n > 0) {
        fribidi_get_bidi_types(p->cp, n, p->types);
        fribidi_get_bracket_types(p->cp, n, p->types, p->brackets);
        if (fribidi_get_par_embedding_levels_ex(p->types, p->brackets, n, &p->base, p->levels) == 0)
            return -1;
        set_linebreaks_utf32((const utf32_t *)p->cp, (size_t)n, NULL, p->brk);
    }
    if (!FRIBIDI_IS_RTL(p->base))
        p->base = FRIBIDI_PAR_LTR;
    resolve_scripts(p, uf);
    choose_fonts(p);
    return 0;
}

static int same_run(const struct para *p, int a, int b)
{
    return p->levels[a] == p->levels[b] && p->font[a] == p->font[b] && p->script[a] == p->script[b];
}

/* End of the run that starts at i (a drawn character), at most hi. Controls
 * inside are skipped: they have no bytes in the text. */
static int run_end(const struct para *p, int i, int hi)
{
    int j = i + 1;
    while (j < hi && ((p->kind[j] & K_CONTROL) || same_run(p, i, j)))
        j++;
    return j;
}

/* Copies the run [lo, hi) into run_buf and readies its font for shaping. */
static TTF_Font *run_prepare(struct para *p, int lo, int hi)
{
    int len = p->byte[hi] - p->byte[lo];
    TTF_Font *ttf = para_font(p, p->font[lo]);

    memcpy(p->run_buf, p->text + p->byte[lo], (size_t)len);
    p->run_buf[len] = '\0';
    p->run_len = len;
    set_shaping(ttf, p->levels[lo] & 1, p->script[lo]);
    return ttf;
}

/* The width of `len` bytes of UTF-8 at `buf` (NUL-terminated) as `ttf`
 * shapes them, 0 when SDL_ttf fails. Every measurement goes through here,
 * counted for text_shaping_count. */
static int shaped_width(struct text_engine *e, TTF_Font *ttf, const char *buf, int len)
{
    int w = 0;

    e->shape_calls++;
    e->shape_bytes += (unsigned long)len;
    if (TTF_SizeUTF8(ttf, buf, &w, NULL) < 0)
        return 0;
    return w;
}

/* Drops white space and controls from the end of [lo, hi): they hang. */
static int trim_end(const struct para *p, int lo, int hi)
{
    while (hi > lo && (p->kind[hi - 1] & (K_SPACE | K_CONTROL)))
        hi--;
    return hi;
}

static int next_cluster(const struct para *p, int i)
{
    int j = i + 1;
    while (j < p->n && (p->kind[j] & K_EXTEND))
        j++;
    return j;
}

static int prev_cluster(const struct para *p, int i, int lo)
{
    int j = i - 1;
    while (j > lo && (p->kind[j] & K_EXTEND))
        j--;
    return j < lo ? lo : j;
}

/* The width of the run [lo, hi) (see run_end) as shaped, from the engine's
 * table of words when it is short. */
static int run_width(struct para *p, int lo, int hi)
{
    int len = p->byte[hi] - p->byte[lo];
    const char *text = p->text + p->byte[lo];
    struct word *wd = NULL;
    int rtl = p->levels[lo] & 1;

    if (len <= WORD_BYTES) {
        uint32_t h = 2166136261u;
        const int fields[] = {p->font[lo], p->bold, p->size, rtl, (int)p->script[lo]};
        for (int i = 0; i < len; i++)
            h = (h ^ (unsigned char)text[i]) * 16777619u;
        for (size_t i = 0; i < ARRAY_LEN(fields); i++)
            h = (h ^ (uint32_t)fields[i]) * 16777619u;
        wd = &p->engine->words[h & (WORD_SLOTS - 1)];
        if (len > 0 && wd->font == p->font[lo] && wd->bold == p->bold && wd->size == p->size &&
            wd->rtl == rtl && wd->script == p->script[lo] &&
            memcmp(wd->text, text, (size_t)len) == 0 && wd->text[len] == '\0')
            return wd->w;
    }
    TTF_Font *ttf = run_prepare(p, lo, hi);
    int w = shaped_width(p->engine, ttf, p->run_buf, p->run_len);
    /* Not when another font stood in for the run's (see para_font). */
    if (wd && p->fonts[p->font[lo]]) {
        memcpy(wd->text, text, (size_t)len);
        wd->text[len] = '\0';
        wd->font = p->font[lo];
        wd->bold = (unsigned char)p->bold;
        wd->size = p->size;
        wd->rtl = (unsigned char)rtl;
        wd->script = p->script[lo];
        wd->w = w;
    }
    return w;
}

/* Width of [lo, hi) on one line, as shaped run by run. */
static int range_width(struct para *p, int lo, int hi)
{
    int w = 0;

    for (int i = lo; i < hi;) {
        if (p->kind[i] & K_CONTROL) {
            i++;
            continue;
        }
        int end = run_end(p, i, hi);
        w += run_width(p, i, end);
        i = end;
    }
    return w;
}

/* Width of a line [lo, hi): its trailing white space hangs. */
static int line_width(struct para *p, int lo, int hi)
{
    return range_width(p, lo, trim_end(p, lo, hi));
}

/* Width of a line [lo, hi) as line_width, keeping its runs' widths at
 * p->widths + at; *n gets their number. */
static int line_shape(struct para *p, int lo, int hi, int at, int *n)
{
    int te = trim_end(p, lo, hi), w = 0;

    *n = 0;
    for (int i = lo; i < te;) {
        if (p->kind[i] & K_CONTROL) {
            i++;
            continue;
        }
        int end = run_end(p, i, te);
        int rw = run_width(p, i, end);
        if (at + *n == p->cap_widths) {
            p->cap_widths = p->cap_widths ? 2 * p->cap_widths : 64;
            p->widths = xrealloc(p->widths, (size_t)p->cap_widths * sizeof *p->widths);
        }
        p->widths[at + (*n)++] = rw;
        w += rw;
        i = end;
    }
    return w;
}

static int is_break(const struct para *p, int i)
{
    return i >= p->n || p->brk[i - 1] == LINEBREAK_ALLOWBREAK ||
           p->brk[i - 1] == LINEBREAK_MUSTBREAK;
}

static int is_cluster(const struct para *p, int i)
{
    return i >= p->n || !(p->kind[i] & K_EXTEND);
}

/* The last stop in [ok, end] at which the line [from, stop) plus `extra`
 * pixels still fits, found by bisection (a few long shaping calls cost less
 * than many short ones); `ok` when none does. */
static int last_fit(struct para *p, int from, int ok, int end, int extra, int wrap_w,
                    int (*stop)(const struct para *, int))
{
    int bad = end + 1;

    while (bad - ok > 1) {
        int mid = ok + (bad - ok) / 2;
        int m = mid;
        while (m > ok && !stop(p, m))
            m--;
        if (m == ok) {
            m = mid + 1;
            while (m < bad && !stop(p, m))
                m++;
            if (m >= bad)
                break;
        }
        if (line_width(p, from, m) + extra <= wrap_w)
            ok = m;
        else
            bad = m;
    }
    return ok;
}

/* The first break opportunity after `i`, at most `hard`. */
static int next_stop(const struct para *p, int i, int hard)
{
    int j = i + 1;
    while (j < hard && !is_break(p, j))
        j++;
    return j;
}

/* The last break opportunity before `i` and after `start`; `start` when
 * there is none. */
static int prev_stop(const struct para *p, int start, int i)
{
    int j = i - 1;
    while (j > start && !is_break(p, j))
        j--;
    return j;
}

/* The last break opportunity in (start, hard] at which the line from
 * `start` fits, estimated from the words' widths alone: each word is shaped
 * once, with its trailing spaces, and they hang only at the end; `start`
 * when not even the first word fits. */
static int estimate_end(struct para *p, int start, int hard, int wrap_w)
{
    int sum = 0, end = start;

    for (int a = start; a < hard;) {
        int b = next_stop(p, a, hard);
        int te = trim_end(p, a, b);
        int w = range_width(p, a, b);
        if (sum + w > wrap_w) {
            /* Its spaces would hang: the word alone may still fit, and
             * whatever fits, no later word does. */
            if (te < b && sum + (te > a ? range_width(p, a, te) : 0) <= wrap_w)
                end = b;
            break;
        }
        sum += w;
        end = b;
        a = b;
    }
    return end;
}

/* Where a word wider than the line, starting it at `start` and ending at
 * `word_end`, is cut: the last cluster boundary at which the line fits, and
 * never less than one cluster. Boundaries 1, 2, 4, ... clusters out are
 * tried until one overflows, then the last step is halved: the shaping done
 * is in the length of the line times its logarithm, whatever the length of
 * the word (a 16,000-character token has no break opportunity at all). */
static int cut_word(struct para *p, int start, int word_end, int wrap_w)
{
    int ok = SDL_min(next_cluster(p, start), word_end), bad = word_end + 1;

    for (int step = 1; ok < word_end; step *= 2) {
        int probe = ok;
        for (int k = 0; k < step && probe < word_end; k++)
            probe = SDL_min(next_cluster(p, probe), word_end);
        if (line_width(p, start, probe) > wrap_w) {
            bad = probe;
            break;
        }
        ok = probe;
    }
    return last_fit(p, start, ok, bad - 1, 0, wrap_w, is_cluster);
}

/* Where the line starting at `start` ends, `hard` being the end of its
 * paragraph (just past the mandatory break): at `hard` if all fits, else at
 * the last break opportunity that fits, else (one word wider than the line)
 * at the last cluster boundary that fits, and never less than one cluster.
 * The words' widths give a guess, which the line shaped whole as it will be
 * drawn then confirms or corrects a word at a time. *first_stop is the
 * first break opportunity after `start`, when it is greater than `start`
 * (the rest of a word cut on the line before); it is updated. */
static int line_end(struct para *p, int start, int hard, int wrap_w, int *first_stop)
{
    int at = p->n_widths, n = -1, m;

    p->chosen = -1;
    if (wrap_w <= 0)
        return hard;
    /* A label, or the end of a paragraph: one call decides. */
    if (hard - start <= SHORT_LINE && line_shape(p, start, hard, at, &m) <= wrap_w) {
        p->chosen = m;
        return hard;
    }
    /* A long word is cut before it is measured whole, so that a word of
     * thousands of characters costs each of its lines their own length. */
    if (*first_stop <= start)
        *first_stop = next_stop(p, start, hard);
    if (*first_stop - start > LONG_WORD) {
        int cut = cut_word(p, start, *first_stop, wrap_w);
        if (cut < *first_stop)
            return cut;
    }

    int end = estimate_end(p, start, hard, wrap_w);
    int back = 0;
    if (end == start)
        end = *first_stop;
    while (end > start && line_shape(p, start, end, at, &n) > wrap_w) {
        end = prev_stop(p, start, end);
        back = 1;
        n = -1;
    }
    /* A word further is tried after the line so far, whose widths stay. */
    while (!back && end > start && end < hard) {
        int next = next_stop(p, end, hard);
        if (line_shape(p, start, next, at + n, &m) > wrap_w)
            break;
        memmove(p->widths + at, p->widths + at + n, (size_t)m * sizeof *p->widths);
        n = m;
        end = next;
    }
    if (end > start) {
        p->chosen = n;
        return end;
    }
    return cut_word(p, start, *first_stop, wrap_w);
}

/* The lines of the paragraph, at most `limit` of them when limit > 0 (the
 * text is cut to fewer lines anyway). The caller frees the spans. */
static struct span *break_lines(struct para *p, int wrap_w, int limit, int *n_spans)
{
    int cap = 8, count = 0, hard = 0, first_stop = 0;
    struct span *spans = xmalloc((size_t)cap * sizeof *spans);

    for (int start = 0; start < p->n && (limit <= 0 || count < limit);) {
        if (hard <= start) {
            hard = start;
            while (hard < p->n - 1 && p->brk[hard] != LINEBREAK_MUSTBREAK)
                hard++;
            hard++;
        }
        int end = line_end(p, start, hard, wrap_w, &first_stop);
        if (count == cap) {
            cap *= 2;
            spans = xrealloc(spans, (size_t)cap * sizeof *spans);
        }
        spans[count].lo = start;
        spans[count].hi = end;
        spans[count].w_at = -1;
        if (p->chosen >= 0) {
            spans[count].w_at = p->n_widths;
            p->n_widths += p->chosen;
        }
        count++;
        start = end;
    }
    *n_spans = count;
    return spans;
}

/* Keeps `max_lines` lines and ends the last with an ellipsis that fits,
 * cutting whole clusters from its end. The text is analysed again with the
 * ellipsis in it, since the new character takes part in bidi; if the guess
 * from the old analysis does not fit, one more cluster goes. */
static int ellipsize(struct text_engine *e, struct para *p, struct span **spans, int *n_spans,
                     struct text_style style, enum text_dir dir, int wrap_w)
{
    int lo = (*spans)[style.max_lines - 1].lo;
    int cut = (*spans)[style.max_lines - 1].hi;
    uint32_t *cps = xmalloc(((size_t)cut + 1) * sizeof *cps);
    int ell_w = 0, rc = -1;

    set_shaping(para_font(p, TEXT_FONT_LATIN), 0, HB_SCRIPT_LATIN);
    ell_w = shaped_width(e, para_font(p, TEXT_FONT_LATIN), "\xE2\x80\xA6", 3);
    if (wrap_w > 0)
        cut = last_fit(p, lo, lo, cut, ell_w, wrap_w, is_cluster);

    for (int attempt = 0; attempt < MAX_CUTS; attempt++) {
        int keep = trim_end(p, lo, cut);
        struct para q;
        int nq;

        memcpy(cps, p->cp, (size_t)keep * sizeof *cps);
        cps[keep] = ELLIPSIS;
        if (para_open(&q, e, cps, keep + 1, style, dir) < 0) {
            para_close(&q);
            break;
        }
        struct span *sq = break_lines(&q, wrap_w, style.max_lines + 1, &nq);
        int last = nq < style.max_lines ? nq - 1 : style.max_lines - 1;
        int fits = nq <= style.max_lines &&
                   (wrap_w <= 0 || line_width(&q, sq[last].lo, sq[last].hi) <= wrap_w);
        if (fits || cut <= lo || attempt == MAX_CUTS - 1) {
            para_close(p);
            *p = q;
            free(*spans);
            *spans = sq;
            *n_spans = last + 1;
            rc = 0;
            break;
        }
        free(sq);
        para_close(&q);
        cut = prev_cluster(p, cut, lo);
    }
    free(cps);
    return rc;
}

/* ---- Layout ---- */

static int line_x(int box_w, int w, int rtl, enum text_align align)
{
    int room = box_w - w;
    if (room <= 0)
        return 0;
    if (align == TEXT_ALIGN_CENTER)
        return room / 2;
    return (align == TEXT_ALIGN_END) != (rtl != 0) ? room : 0;
}

/* Pixels below the baseline in what SDL_ttf renders: its surfaces are
 * TTF_FontHeight tall, at times one more than ascent plus descent. */
static int font_below(TTF_Font *ttf)
{
    return SDL_max(TTF_FontHeight(ttf) - TTF_FontAscent(ttf), -TTF_FontDescent(ttf));
}

/* Distance between the tops of two lines: round(1.5 x size), or
 * round(1.8 x size) for a line with a run in the Arabic font. */
static int line_pitch(int size, int arabic)
{
    return arabic ? (9 * size + 2) / 5 : (3 * size + 1) / 2;
}

/* v / 2 rounded down, also for negative v. */
static int half_down(int v)
{
    return v >= 0 ? v / 2 : -((1 - v) / 2);
}

static void swap_runs(struct layout_priv *lp, int a, int b)
{
    struct text_run r = lp->pub.runs[a];
    hb_script_t s = lp->scripts[a];
    lp->pub.runs[a] = lp->pub.runs[b];
    lp->scripts[a] = lp->scripts[b];
    lp->pub.runs[b] = r;
    lp->scripts[b] = s;
}

/* Reorders the line [span.lo, span.hi), cuts it into runs, puts them in
 * visual order and measures them, unless breaking did. Fills everything in
 * `line` but x and y; the baseline is relative to the line's top. *asc and
 * *desc get the largest ascent and descent of the line's fonts: its
 * rendered runs reach that far above and below the baseline. */
static int emit_line(struct para *p, struct layout_priv *lp, struct span span,
                     struct text_line *line, int *asc_out, int *desc_out)
{
    struct text_layout *l = &lp->pub;
    int lo = span.lo, hi = span.hi, w_at = span.w_at;
    int te = trim_end(p, lo, hi);
    int asc = 0, desc = 0, arabic = 0;

    if (te > lo) {
        for (int k = lo; k < hi; k++)
            p->map[k] = k;
        if (fribidi_reorder_line(0, p->types, hi - lo, lo, p->base, p->levels, NULL, p->map) == 0)
            return -1;
        for (int k = lo; k < hi; k++)
            p->vpos[p->map[k]] = k;
    }
    line->first_run = l->n_runs;
    for (int i = lo; i < te;) {
        if (p->kind[i] & K_CONTROL) {
            i++;
            continue;
        }
        int end = run_end(p, i, te);
        int key = INT_MAX;
        for (int k = i; k < end; k++) {
            if (!(p->kind[k] & K_CONTROL) && p->vpos[k] < key)
                key = p->vpos[k];
        }
        if (l->n_runs == lp->cap) {
            lp->cap = lp->cap ? lp->cap * 2 : 16;
            l->runs = xrealloc(l->runs, (size_t)lp->cap * sizeof *l->runs);
            lp->scripts = xrealloc(lp->scripts, (size_t)lp->cap * sizeof *lp->scripts);
        }
        struct text_run *r = &l->runs[l->n_runs];
        TTF_Font *ttf = para_font(p, p->font[i]);
        r->start = p->byte[i];
        r->len = p->byte[end] - p->byte[i];
        r->font = p->font[i];
        r->rtl = p->levels[i] & 1;
        r->x = key; /* visual order for now; pixels below */
        r->w = w_at >= 0 ? p->widths[w_at++] : run_width(p, i, end);
        lp->scripts[l->n_runs] = p->script[i];
        asc = SDL_max(asc, TTF_FontAscent(ttf));
        desc = SDL_max(desc, font_below(ttf));
        arabic = arabic || r->font == TEXT_FONT_ARABIC;
        l->n_runs++;
        i = end;
    }
    line->n_runs = l->n_runs - line->first_run;

    int first = line->first_run, last = l->n_runs;
    for (int a = first + 1; a < last; a++) {
        for (int b = a; b > first && l->runs[b - 1].x > l->runs[b].x; b--)
            swap_runs(lp, b - 1, b);
    }
    int x = 0;
    for (int k = first; k < last; k++) {
        l->runs[k].x = x;
        x += l->runs[k].w;
    }
    /* An empty line is placed as if it held Latin text. */
    if (line->n_runs == 0) {
        asc = TTF_FontAscent(para_font(p, TEXT_FONT_LATIN));
        desc = font_below(para_font(p, TEXT_FONT_LATIN));
    }
    line->w = x;
    line->h = line_pitch(p->size, arabic);
    /* Half-leading: the fonts' box is centred in the pitch, half a pixel
     * high when the difference is odd. When the box is the taller, the
     * half-leading is negative and the box sticks out of the line on both
     * sides. */
    line->baseline = half_down(line->h - (asc + desc)) + asc;
    *asc_out = asc;
    *desc_out = desc;
    return 0;
}

static int emit(struct para *p, const struct span *spans, int n_spans, int wrap_w,
                enum text_align align, struct text_layout **out)
{
    struct layout_priv *lp = xcalloc(1, sizeof *lp);
    struct text_layout *l = &lp->pub;
    int y = 0, natural = 0, ink_top = 0, ink_end = 0;

    l->text = xstrdup(p->text);
    l->rtl = FRIBIDI_IS_RTL(p->base) ? 1 : 0;
    l->lines = xcalloc((size_t)n_spans + 1, sizeof *l->lines);
    for (int i = 0; i < n_spans; i++) {
        struct text_line *line = &l->lines[i];
        int asc, desc;
        if (emit_line(p, lp, spans[i], line, &asc, &desc) < 0) {
            text_layout_free(l);
            return -1;
        }
        line->y = y;
        line->baseline += y;
        if (line->n_runs > 0) {
            ink_top = SDL_max(ink_top, asc - line->baseline);
            ink_end = SDL_max(ink_end, line->baseline + desc);
        }
        y += line->h;
        natural = SDL_max(natural, line->w);
        l->n_lines++;
    }
    l->w = wrap_w > 0 ? wrap_w : natural;
    l->h = y;
    l->ink_top = ink_top;
    l->ink_bottom = SDL_max(0, ink_end - y);
    for (int i = 0; i < l->n_lines; i++)
        l->lines[i].x = line_x(l->w, l->lines[i].w, l->rtl, align);
    *out = l;
    return 0;
}

int text_layout_new(struct text_engine *engine, const char *utf8, struct text_style style,
                    int wrap_w, enum text_dir dir, enum text_align align, struct text_layout **out)
{
    struct para p;
    struct span *spans = NULL;
    int n = 0, n_spans = 0, truncated = 0, rc = -1;

    if (!out)
        return -1;
    *out = NULL;
    if (!engine || style.size <= 0 || style.size > MAX_SIZE)
        return -1;
    style.bold = style.bold != 0;
    style.max_lines = SDL_max(style.max_lines, 0);
    wrap_w = SDL_max(wrap_w, 0);

    uint32_t *cps = decode(utf8, &n);
    if (para_open(&p, engine, cps, n, style, dir) < 0)
        goto close_para;
    /* A cut paragraph needs one line more than it keeps, to know it is cut. */
    spans = break_lines(&p, wrap_w, style.max_lines > 0 ? style.max_lines + 1 : 0, &n_spans);
    if (style.max_lines > 0 && n_spans > style.max_lines) {
        if (ellipsize(engine, &p, &spans, &n_spans, style, dir, wrap_w) < 0)
            goto free_spans;
        truncated = 1;
    }
    rc = emit(&p, spans, n_spans, wrap_w, align, out);
    if (rc == 0)
        (*out)->truncated = truncated;
free_spans:
    free(spans);
close_para:
    para_close(&p);
    free(cps);
    return rc;
}

void text_layout_free(struct text_layout *layout)
{
    struct layout_priv *lp = (struct layout_priv *)layout;
    if (!lp)
        return;
    free(lp->pub.text);
    free(lp->pub.runs);
    free(lp->pub.lines);
    free(lp->scripts);
    free(lp);
}

static int natural_width(const struct text_layout *l)
{
    int w = 0;
    for (int i = 0; i < l->n_lines; i++)
        w = SDL_max(w, l->lines[i].w);
    return w;
}

/* ---- Cache ---- */

/* Eight bytes at a time: the pager looks up pieces of a long text several
 * kilobytes long a few hundred times a frame. */
static uint64_t hash_bytes(uint64_t h, const char *s, size_t len)
{
    const uint64_t prime = 1099511628211u;
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        h = (h ^ v) * prime;
        h ^= h >> 32;
    }
    for (; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * prime;
    return h;
}

static struct key make_key(const char *text, struct text_style style, int wrap_w, int dir,
                           int align)
{
    struct key k = {text, style, wrap_w, dir, align, 0};
    const int fields[] = {style.size, style.bold, style.max_lines, wrap_w, dir, align};
    uint64_t h = hash_bytes(14695981039346656037u, text, strlen(text));

    h = hash_bytes(h, (const char *)fields, sizeof fields);
    k.hash = (uint32_t)(h ^ (h >> 32));
    return k;
}

static int key_equal(const struct key *a, const struct key *b)
{
    return a->hash == b->hash && a->style.size == b->style.size && a->style.bold == b->style.bold &&
           a->style.max_lines == b->style.max_lines && a->wrap_w == b->wrap_w && a->dir == b->dir &&
           a->align == b->align && strcmp(a->text, b->text) == 0;
}

static void lru_unlink(struct text_engine *e, struct entry *en)
{
    if (en->prev)
        en->prev->next = en->next;
    else
        e->lru_head = en->next;
    if (en->next)
        en->next->prev = en->prev;
    else
        e->lru_tail = en->prev;
    en->prev = en->next = NULL;
}

static void lru_push(struct text_engine *e, struct entry *en)
{
    en->prev = NULL;
    en->next = e->lru_head;
    if (e->lru_head)
        e->lru_head->prev = en;
    e->lru_head = en;
    if (!e->lru_tail)
        e->lru_tail = en;
}

static void drop_picture(struct text_engine *e, struct entry *en)
{
    if (en->tex)
        SDL_DestroyTexture(en->tex);
    free(en->cov);
    en->tex = NULL;
    en->cov = NULL;
    e->bytes -= en->bytes;
    en->bytes = 0;
}

static void cache_drop(struct text_engine *e, struct entry *en)
{
    struct entry **pp = &e->buckets[en->key.hash & (N_BUCKETS - 1)];
    while (*pp != en)
        pp = &(*pp)->hnext;
    *pp = en->hnext;
    lru_unlink(e, en);
    drop_picture(e, en);
    e->key_bytes -= strlen(en->key.text) + 1;
    free((char *)en->key.text);
    free(en);
    e->n_entries--;
}

/* The entry for `k`, made most recent; NULL when absent. */
static struct entry *cache_find(struct text_engine *e, const struct key *k)
{
    for (struct entry *en = e->buckets[k->hash & (N_BUCKETS - 1)]; en; en = en->hnext) {
        if (key_equal(&en->key, k)) {
            lru_unlink(e, en);
            lru_push(e, en);
            return en;
        }
    }
    return NULL;
}

static struct entry *cache_add(struct text_engine *e, const struct key *k, int w, int h)
{
    size_t key_bytes = strlen(k->text) + 1;
    while (e->lru_tail && (e->n_entries >= MAX_ENTRIES || e->key_bytes + key_bytes > MAX_KEY_BYTES))
        cache_drop(e, e->lru_tail);
    e->key_bytes += key_bytes;
    struct entry *en = xcalloc(1, sizeof *en);
    en->key = *k;
    en->key.text = xstrdup(k->text);
    en->w = w;
    en->h = h;
    struct entry **bucket = &e->buckets[k->hash & (N_BUCKETS - 1)];
    en->hnext = *bucket;
    *bucket = en;
    lru_push(e, en);
    e->n_entries++;
    return en;
}

/* Frees pictures, least recently used first, until the cache is within its
 * bound, sparing what the current frame draws: a screen whose text alone
 * exceeds the bound (a page of long text on a large screen) redraws at the
 * cost of a copy, and gives the memory back when it is left. Entries stay,
 * with their sizes, for text_measure. */
static void cache_fit(struct text_engine *e)
{
    for (struct entry *en = e->lru_tail; en && e->bytes > e->max_bytes; en = en->prev) {
        if (en->frame != e->frame)
            drop_picture(e, en);
    }
}

void text_frame_begin(struct text_engine *engine)
{
    if (engine)
        engine->frame++;
}

void text_cache_clear(struct text_engine *engine)
{
    if (!engine)
        return;
    while (engine->lru_head)
        cache_drop(engine, engine->lru_head);
    if (engine->band)
        SDL_DestroyTexture(engine->band);
    engine->band = NULL;
    /* The words measured on the way are text of the same screens. */
    memset(engine->words, 0, sizeof engine->words);
}

int text_cache_holds(const struct text_engine *engine, const char *needle)
{
    if (!engine || !needle || !*needle)
        return 0;
    for (const struct entry *en = engine->lru_head; en; en = en->next) {
        if (strstr(en->key.text, needle))
            return 1;
    }
    for (size_t i = 0; i < WORD_SLOTS; i++) {
        if (engine->words[i].text[0] && strstr(engine->words[i].text, needle))
            return 1;
    }
    return 0;
}

size_t text_cache_bytes(const struct text_engine *engine)
{
    return engine ? engine->bytes : 0;
}

size_t text_cache_entries(const struct text_engine *engine)
{
    return engine ? engine->n_entries : 0;
}

void text_shaping_count(const struct text_engine *engine, unsigned long *calls,
                        unsigned long *bytes)
{
    if (calls)
        *calls = engine ? engine->shape_calls : 0;
    if (bytes)
        *bytes = engine ? engine->shape_bytes : 0;
}

/* ---- Public entry points ---- */

static int init_libraries(char *err, size_t errlen)
{
    static int linebreak_ready;

    /* SDL_ttf counts TTF_Init calls: each engine holds one and gives it back
     * in close, so engines can come and go in any order. */
    if (TTF_Init() < 0) {
        xsnprintf(err, errlen, "cannot start the font renderer: %s", TTF_GetError());
        return -1;
    }
    if (!linebreak_ready) {
        init_linebreak();
        linebreak_ready = 1;
    }
    return 0;
}

/* text_engine_prepare's thread, while it has not been waited for. */
static pthread_t prepare_thread;
static int preparing;

static void *prepare(void *arg)
{
    (void)arg;
    FcInit();
    return NULL;
}

void text_engine_prepare(void)
{
    if (!preparing)
        preparing = pthread_create(&prepare_thread, NULL, prepare, NULL) == 0;
}

static void prepared(void)
{
    if (preparing)
        pthread_join(prepare_thread, NULL);
    preparing = 0;
}

/* Finds the faces with fontconfig, which is needed for nothing else: its
 * configuration and caches (about 0.6 MiB) are given back at once. */
static int find_faces_once(struct text_engine *e, char *err, size_t errlen)
{
    prepared();
    if (!FcInit()) {
        xsnprintf(err, errlen, "cannot read the font configuration");
        return -1;
    }
    int rc = find_faces(e);
    FcFini();
    if (rc < 0)
        xsnprintf(err, errlen, "no usable font (missing: %s)", e->missing);
    return rc;
}

struct text_engine *text_engine_open(struct SDL_Renderer *renderer, size_t cache_bytes, char *err,
                                     size_t errlen)
{
    if (init_libraries(err, errlen) < 0)
        return NULL;
    struct text_engine *e = xcalloc(1, sizeof *e);
    e->renderer = renderer;
    e->max_bytes = cache_bytes;
    if (find_faces_once(e, err, errlen) < 0) {
        text_engine_close(e);
        return NULL;
    }
    return e;
}

void text_engine_close(struct text_engine *engine)
{
    prepared(); /* when the engine was never opened */
    if (!engine)
        return;
    text_cache_clear(engine);
    for (int i = 0; i < MAX_SIZED; i++) {
        if (engine->sized[i].ttf)
            TTF_CloseFont(engine->sized[i].ttf);
    }
    for (int f = 0; f < TEXT_FONT_COUNT; f++) {
        for (int b = 0; b < 2; b++) {
            free(engine->faces[f][b].path);
            hb_font_destroy(engine->faces[f][b].cmap);
            if (engine->faces[f][b].data)
                munmap(engine->faces[f][b].data, engine->faces[f][b].size);
        }
    }
    free(engine);
    TTF_Quit();
}

const char *text_engine_missing(const struct text_engine *engine)
{
    if (!engine || !engine->missing[0])
        return NULL;
    return engine->missing;
}

void text_measure(struct text_engine *engine, const char *utf8, struct text_style style, int wrap_w,
                  enum text_dir dir, int *w, int *h)
{
    int mw = 0, mh = 0;

    style.bold = style.bold != 0;
    style.max_lines = SDL_max(style.max_lines, 0);
    wrap_w = SDL_max(wrap_w, 0);
    if (engine && utf8 && *utf8) {
        struct key k = make_key(utf8, style, wrap_w, dir, TEXT_ALIGN_START);
        struct entry *en = cache_find(engine, &k);
        struct text_layout *l;
        if (!en && text_layout_new(engine, utf8, style, wrap_w, dir, TEXT_ALIGN_START, &l) == 0) {
            en = cache_add(engine, &k, natural_width(l), l->h);
            text_layout_free(l);
        }
        if (en) {
            mw = en->w;
            mh = en->h;
        }
    }
    if (w)
        *w = mw;
    if (h)
        *h = mh;
}

/* Lays a run's coverage (its surface's alpha) over the picture's at (dx, dy),
 * as blending the run's pixels onto the others would: runs of neighbouring
 * lines may overlap. Returns 1, leaving the picture half made, when a pixel
 * with ink is not in the colour `rgb` (0xRRGGBB) that SDL_ttf was asked
 * for: a colour glyph, which coverage alone would lose. */
static int cover(unsigned char *cov, int pitch, const SDL_Surface *s, int dx, int dy, uint32_t rgb)
{
    if (s->format->format != SDL_PIXELFORMAT_ARGB8888)
        return 1;
    for (int y = 0; y < s->h; y++) {
        const uint32_t *src = (const uint32_t *)((const Uint8 *)s->pixels + y * s->pitch);
        unsigned char *d = cov + (size_t)(dy + y) * (size_t)pitch + (size_t)dx;
        for (int x = 0; x < s->w; x++) {
            unsigned a = src[x] >> 24;
            if (a && (src[x] & 0xFFFFFFu) != rgb)
                return 1;
            d[x] = (unsigned char)(a + (d[x] * (255 - a) + 127) / 255);
        }
    }
    return 0;
}

/* The runs of colour text blended into one ARGB surface, as a texture. */
static SDL_Texture *colour_texture(struct text_engine *e, SDL_Surface **surfs, const SDL_Rect *at,
                                   int n, const struct entry *en, SDL_Color ink)
{
    SDL_Surface *para =
        SDL_CreateRGBSurfaceWithFormat(0, en->pic_w, en->pic_h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!para)
        return NULL;
    /* Transparent ink: blending the glyphs onto it leaves no dark fringe,
     * and a run's transparent edge never erases the ink of a neighbouring
     * line that it overlaps. */
    SDL_FillRect(para, NULL, SDL_MapRGBA(para->format, ink.r, ink.g, ink.b, 0));
    for (int k = 0; k < n; k++) {
        if (!surfs[k])
            continue;
        SDL_Rect dst = {at[k].x - en->pic_x, at[k].y - en->pic_y, at[k].w, at[k].h};
        SDL_SetSurfaceBlendMode(surfs[k], SDL_BLENDMODE_BLEND);
        SDL_BlitSurface(surfs[k], NULL, para, &dst);
    }
    SDL_Texture *tex = SDL_CreateTextureFromSurface(e->renderer, para);
    SDL_FreeSurface(para);
    if (tex)
        SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    return tex;
}

/* Shapes every run and makes the entry's picture exactly as large as the
 * runs' surfaces together (not the whole box: lines may be short, and glyphs
 * may reach above the first line or below the last): their coverage, or a
 * texture in `ink` when a glyph has colours of its own. */
static void render(struct text_engine *e, const struct layout_priv *lp, struct text_style style,
                   struct entry *en, SDL_Color ink)
{
    const struct text_layout *l = &lp->pub;
    const uint32_t rgb = (uint32_t)ink.r << 16 | (uint32_t)ink.g << 8 | ink.b;
    int x0 = INT_MAX, y0 = INT_MAX, x1 = INT_MIN, y1 = INT_MIN, drawn = 0, colour = 0;

    if (l->n_runs == 0)
        return;
    SDL_Surface **surfs = xcalloc((size_t)l->n_runs, sizeof *surfs);
    SDL_Rect *at = xcalloc((size_t)l->n_runs, sizeof *at); /* in the paragraph box */
    char *buf = xmalloc(strlen(l->text) + 1);
    for (int i = 0; i < l->n_lines; i++) {
        const struct text_line *line = &l->lines[i];
        for (int k = line->first_run; k < line->first_run + line->n_runs; k++) {
            const struct text_run *r = &l->runs[k];
            TTF_Font *ttf = font_get(e, r->font, style.bold, style.size);
            if (!ttf)
                continue;
            memcpy(buf, l->text + r->start, (size_t)r->len);
            buf[r->len] = '\0';
            set_shaping(ttf, r->rtl, lp->scripts[k]);
            e->shape_calls++;
            e->shape_bytes += (unsigned long)r->len;
            SDL_Surface *s = TTF_RenderUTF8_Blended(ttf, buf, ink);
            if (!s)
                continue;
            surfs[k] = s;
            at[k] = (SDL_Rect){line->x + r->x, line->baseline - TTF_FontAscent(ttf), s->w, s->h};
            x0 = SDL_min(x0, at[k].x);
            y0 = SDL_min(y0, at[k].y);
            x1 = SDL_max(x1, at[k].x + s->w);
            y1 = SDL_max(y1, at[k].y + s->h);
            drawn++;
        }
    }
    free(buf);

    if (drawn > 0) {
        en->pic_x = x0;
        en->pic_y = y0;
        en->pic_w = x1 - x0;
        en->pic_h = y1 - y0;
        en->cov = xcalloc((size_t)en->pic_w * (size_t)en->pic_h, 1);
        for (int k = 0; k < l->n_runs && !colour; k++) {
            if (surfs[k])
                colour = cover(en->cov, en->pic_w, surfs[k], at[k].x - x0, at[k].y - y0, rgb);
        }
        if (colour) {
            free(en->cov);
            en->cov = NULL;
            en->tex = colour_texture(e, surfs, at, l->n_runs, en, ink);
            en->ink = rgb;
            en->bytes = en->tex ? (size_t)en->pic_w * (size_t)en->pic_h * 4 : 0;
        } else {
            en->bytes = (size_t)en->pic_w * (size_t)en->pic_h;
        }
        e->bytes += en->bytes;
    }
    for (int k = 0; k < l->n_runs; k++)
        SDL_FreeSurface(surfs[k]);
    free(at);
    free(surfs);
}

/* Copies the entry's coverage to the renderer with its box at (x, y), as
 * pixels of colour `rgb` written into the band texture a tile at a time. */
static void draw_coverage(struct text_engine *e, const struct entry *en, int x, int y, uint32_t rgb,
                          unsigned char a)
{
    if (!e->band) {
        e->band = SDL_CreateTexture(e->renderer, SDL_PIXELFORMAT_ARGB8888,
                                    SDL_TEXTUREACCESS_STREAMING, BAND_W, BAND_H);
        if (!e->band)
            return;
        SDL_SetTextureBlendMode(e->band, SDL_BLENDMODE_BLEND);
    }
    SDL_SetTextureAlphaMod(e->band, a);
    for (int ty = 0; ty < en->pic_h; ty += BAND_H) {
        int th = SDL_min(BAND_H, en->pic_h - ty);
        for (int tx = 0; tx < en->pic_w; tx += BAND_W) {
            int tw = SDL_min(BAND_W, en->pic_w - tx);
            SDL_Rect tile = {0, 0, tw, th};
            void *pixels;
            int pitch;
            /* Locking waits for the copy of the previous tile. */
            if (SDL_LockTexture(e->band, &tile, &pixels, &pitch) != 0)
                return;
            for (int row = 0; row < th; row++) {
                const unsigned char *c = en->cov + (size_t)(ty + row) * (size_t)en->pic_w + tx;
                uint32_t *d = (uint32_t *)((unsigned char *)pixels + (size_t)row * (size_t)pitch);
                /* Transparent pixels keep the ink's colour too, so that a
                 * renderer that filters when it scales leaves no dark rim. */
                for (int i = 0; i < tw; i++)
                    d[i] = (uint32_t)c[i] << 24 | rgb;
            }
            SDL_UnlockTexture(e->band);
            SDL_Rect dst = {x + en->pic_x + tx, y + en->pic_y + ty, tw, th};
            SDL_RenderCopy(e->renderer, e->band, &tile, &dst);
        }
    }
}

void text_draw(struct text_engine *engine, const char *utf8, struct text_style style, int wrap_w,
               enum text_dir dir, enum text_align align, int x, int y, unsigned char r,
               unsigned char g, unsigned char b, unsigned char a)
{
    style.bold = style.bold != 0;
    style.max_lines = SDL_max(style.max_lines, 0);
    wrap_w = SDL_max(wrap_w, 0);
    if (!engine || !engine->renderer || !utf8 || !*utf8)
        return;
    struct key k = make_key(utf8, style, wrap_w, dir, align);
    struct entry *en = cache_find(engine, &k);
    /* Coverage draws in any colour; a colour texture only in its own. */
    uint32_t ink = (uint32_t)r << 16 | (uint32_t)g << 8 | b;
    if (en && en->tex && en->ink != ink)
        drop_picture(engine, en);
    if (!en || (!en->tex && !en->cov)) {
        struct text_layout *l;
        if (text_layout_new(engine, utf8, style, wrap_w, dir, align, &l) < 0)
            return;
        if (!en)
            en = cache_add(engine, &k, natural_width(l), l->h);
        en->frame = engine->frame;
        render(engine, (const struct layout_priv *)l, style, en, (SDL_Color){r, g, b, 255});
        text_layout_free(l);
        cache_fit(engine);
    }
    en->frame = engine->frame;
    if (en->cov) {
        draw_coverage(engine, en, x, y, ink, a);
    } else if (en->tex) {
        SDL_Rect dst = {x + en->pic_x, y + en->pic_y, en->pic_w, en->pic_h};
        SDL_SetTextureAlphaMod(en->tex, a);
        SDL_RenderCopy(engine->renderer, en->tex, NULL, &dst);
    }
}

/* The first character of `utf8` (controls, spaces and format characters
 * aside) that no face has or, when `strict`, that the face chosen for its
 * script lacks in regular or bold (any face for punctuation and digits,
 * which take the font of their run); 0 when there is none. */
static uint32_t first_missing(struct text_engine *engine, const char *utf8, int strict)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();

    for (const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : ""); *s;) {
        uint32_t cp;
        s += char_at(s, &cp);
        if ((classify(uf, cp) & (K_CONTROL | K_SPACE)) ||
            hb_unicode_general_category(uf, cp) == HB_UNICODE_GENERAL_CATEGORY_FORMAT)
            continue;
        hb_script_t script = hb_unicode_script(uf, cp);
        int chosen = strict && script != HB_SCRIPT_COMMON && script != HB_SCRIPT_INHERITED &&
                     script != HB_SCRIPT_UNKNOWN;
        int found = 0;
        for (int f = 0; f < TEXT_FONT_COUNT && !found; f++) {
            if (chosen && f != font_for_script(script))
                continue;
            found = has_glyph(engine, f, 0, cp) && (!strict || has_glyph(engine, f, 1, cp));
        }
        if (!found)
            return cp;
    }
    return 0;
}

int text_can_draw(struct text_engine *engine, const char *utf8)
{
    return engine && first_missing(engine, utf8, 0) == 0;
}

uint32_t text_uncovered(struct text_engine *engine, const char *utf8)
{
    return first_missing(engine, utf8, 1);
}

char *text_isolate_ltr(const char *in, char *out, size_t size)
{
    static const char lri[] = "\xE2\x81\xA6", pdi[] = "\xE2\x81\xA9";
    size_t len = in ? strlen(in) : 0;

    if (!out || size == 0)
        return out;
    out[0] = '\0';
    if (size < 7)
        return out;
    if (len > size - 7) {
        len = size - 7;
        /* Never cut a character in two. */
        while (len > 0 && ((unsigned char)in[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(out, lri, 3);
    if (len)
        memcpy(out + 3, in, len);
    memcpy(out + 3 + len, pdi, 3);
    out[len + 6] = '\0';
    return out;
}
