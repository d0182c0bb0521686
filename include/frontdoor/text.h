/* text.h: fonts, shaping, bidi, line breaking and the rendered-text cache.
 *
 * One module owns all of text. A paragraph is laid out in this order:
 * FriBidi embedding levels on the logical text; line breaks from libunibreak
 * on the logical text; per line, fribidi_reorder_line; then each line is cut
 * into runs of one script, one font and one direction, and each run is shaped
 * by SDL_ttf (HarfBuzz) with its own direction and script. Runs sit on one
 * shared baseline per line.
 *
 * Lines have a fixed pitch, as CSS line-height gives: round(1.5 x size), or
 * round(1.8 x size) for a line with any run in the Arabic font, whose
 * metrics are much taller than the others'. The baseline sits at
 * half-leading: baseline = top + floor((pitch - (A + D)) / 2) + A,
 * where A and D are the largest ascent and descent of the fonts used on the
 * line. The fonts' box may be taller than the pitch, so drawn text may reach
 * above the paragraph box or below it (text_layout.ink_top, ink_bottom);
 * nothing is clipped.
 *
 * Fonts are Noto families found with fontconfig (and checked: fontconfig
 * returns some font for any request). A run whose characters the preferred
 * font lacks falls back to another loaded font that has them.
 *
 * Drawn text is cached keyed by (text, size, weight, wrap width, direction,
 * alignment, max lines) as its coverage, one byte a pixel, which draws in
 * any colour. Only text whose glyphs have colours of their own is kept as a
 * texture, in the colour it was last drawn in. The cache is bounded in
 * bytes; the least recently used entries go first.
 *
 * Bidi control characters (LRI, RLI, FSI, PDI, LRM, RLM, ...) steer the
 * layout and are never drawn.
 */
#ifndef FRONTDOOR_TEXT_H
#define FRONTDOOR_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct SDL_Renderer;
struct text_engine;

enum text_dir { TEXT_DIR_AUTO, TEXT_DIR_LTR, TEXT_DIR_RTL };
/* START is the left edge of an LTR paragraph and the right edge of an RTL
 * one (after resolving AUTO). */
enum text_align { TEXT_ALIGN_START, TEXT_ALIGN_CENTER, TEXT_ALIGN_END };

enum text_font {
    TEXT_FONT_LATIN,    /* Noto Sans: Latin, Cyrillic, Greek, digits, punctuation */
    TEXT_FONT_ARABIC,   /* Noto Sans Arabic: Arabic, Persian */
    TEXT_FONT_ETHIOPIC, /* Noto Sans Ethiopic: Tigrinya, Amharic */
    TEXT_FONT_COUNT
};

struct text_style {
    int size;      /* pixel size, > 0 */
    int bold;      /* 0 or 1 */
    int max_lines; /* 0: unlimited; otherwise the last line ends in an ellipsis */
};

/* Starts reading fontconfig's configuration (a few milliseconds of XML) on
 * a thread of its own, so that it overlaps what the caller does before
 * text_engine_open, which waits for it. Optional. */
void text_engine_prepare(void);
/* Opens the fonts (regular and bold of each family) through fontconfig and
 * prepares a cache of at most `cache_bytes` of drawn text (a pixel of
 * coverage is a byte). `renderer` may be NULL for layout only (tests,
 * measuring); drawing needs one.
 * Returns NULL only when no usable font at all could be loaded, with the
 * reason in `err`. When a wanted family is missing but another font could
 * stand in, the engine opens and text_engine_missing() names what is missing. */
struct text_engine *text_engine_open(struct SDL_Renderer *renderer, size_t cache_bytes, char *err,
                                     size_t errlen);
/* Call before destroying the renderer: the engine holds textures made with
 * it. */
void text_engine_close(struct text_engine *engine);
/* NULL when every wanted font was found, else e.g. "Noto Sans Arabic". */
const char *text_engine_missing(const struct text_engine *engine);

struct text_run {
    int start, len; /* bytes into text_layout.text (logical order inside the run) */
    int font;       /* enum text_font */
    int rtl;        /* direction the run was shaped in */
    int x, w;       /* left edge and width in pixels, relative to the line box */
};

struct text_line {
    int first_run, n_runs; /* into text_layout.runs, in visual order left to right */
    int x, w;              /* left edge within [0, box width] after alignment, width */
    int y, h;              /* top and pitch of the line: the next line starts at y + h */
    int baseline;          /* y of the shared baseline, from half-leading */
};

struct text_layout {
    char *text; /* the logical text laid out (controls removed, ellipsis added) */
    struct text_run *runs;
    int n_runs;
    struct text_line *lines;
    int n_lines;
    /* The paragraph box: w is wrap_w when wrap_w > 0, else the widest line;
     * h is the sum of the lines' pitches. */
    int w, h;
    /* Pixels the drawn text may reach above the box and below it (0 when
     * none): glyphs taller than their line are drawn whole, not clipped. */
    int ink_top, ink_bottom;
    int rtl;       /* resolved paragraph direction */
    int truncated; /* max_lines cut the text */
};

/* Lays out `utf8` (NULL or "" gives zero lines and height 0). `wrap_w` > 0
 * breaks lines at allowed break points to fit that width (a word wider than
 * the width is broken between characters); 0 never wraps. Each word is
 * shaped a bounded number of times, so the time taken is linear in the
 * length of the text (at most 16,384 characters are laid out; the rest is
 * ignored). The caller frees the result with text_layout_free. Returns 0 or
 * -1 (invalid UTF-8 is replaced with U+FFFD, so -1 means a font failed). */
int text_layout_new(struct text_engine *engine, const char *utf8, struct text_style style,
                    int wrap_w, enum text_dir dir, enum text_align align, struct text_layout **out)
    __attribute__((warn_unused_result));
void text_layout_free(struct text_layout *layout);

/* Size of the laid-out paragraph, from the cache when possible: the widest
 * line's width (even when wrap_w > 0, unlike text_layout.w) and the total
 * height, text_layout.h. */
void text_measure(struct text_engine *engine, const char *utf8, struct text_style style, int wrap_w,
                  enum text_dir dir, int *w, int *h);

/* Draws the paragraph with its box's top-left at (x, y), lines aligned within
 * `wrap_w` (or the text's own width when 0), in colour rgb with alpha a. Glyphs may
 * reach up to ink_top pixels above y and ink_bottom below the box; nothing
 * is clipped. Uses and fills the text cache. */
void text_draw(struct text_engine *engine, const char *utf8, struct text_style style, int wrap_w,
               enum text_dir dir, enum text_align align, int x, int y, unsigned char r,
               unsigned char g, unsigned char b, unsigned char a);

/* 1 when every character of `utf8` (controls aside) has a glyph in some
 * loaded font, 0 otherwise. */
int text_can_draw(struct text_engine *engine, const char *utf8);

/* The first character of `utf8` that the face chosen for its script lacks,
 * regular or bold (any face for punctuation and digits); 0 when the face
 * for each character has it. Stricter than text_can_draw: a Latin letter
 * only the Arabic face has would be drawn, but in the wrong design. */
uint32_t text_uncovered(struct text_engine *engine, const char *utf8);

/* Bytes of drawn text the cache holds now (coverage, and the textures of
 * colour text), and its number of entries. */
size_t text_cache_bytes(const struct text_engine *engine);
size_t text_cache_entries(const struct text_engine *engine);
/* For tests and audits: 1 when a text the engine keeps (a cached paragraph
 * or a measured word) contains `needle`. */
int text_cache_holds(const struct text_engine *engine, const char *needle);
/* For tests and audits: the calls into the shaper (SDL_ttf with HarfBuzz)
 * since the engine opened, to measure or to draw, and the bytes of UTF-8
 * they shaped (a short word whose width the engine still holds costs
 * none). Laying out a paragraph shapes each of its bytes a small constant
 * number of times, however long the paragraph: a count that grows with the
 * square of the length is a defect. Either pointer may be NULL. */
void text_shaping_count(const struct text_engine *engine, unsigned long *calls,
                        unsigned long *bytes);
/* Starts a frame. The cache keeps within its bound by freeing the least
 * recently used pictures, but never one the current frame has drawn; what
 * the previous frames drew may go. */
void text_frame_begin(struct text_engine *engine);
/* Drops all drawn text and every texture (e.g. after the renderer was
 * reset). */
void text_cache_clear(struct text_engine *engine);

/* Writes `in` wrapped in LRI ... PDI into `out` so that it reads left to
 * right inside any paragraph (phone numbers, e-mail addresses). Truncates
 * rather than overflowing; returns `out`. */
char *text_isolate_ltr(const char *in, char *out, size_t size);

#endif
