/* png.h: writing screenshots.
 *
 * libpng directly, unfiltered rows at compression level 1, from pixels in
 * the renderer's own byte order (B G R X): a 1080x1920 frame takes about
 * 15 ms where IMG_SavePNG takes about 96 ms. Rows arrive in bands, so the
 * caller never holds a copy of the whole frame (8 MiB at 1080x1920, and as
 * many fresh pages to fault in).
 */
#ifndef FRONTDOOR_PNG_H
#define FRONTDOOR_PNG_H

#include <stddef.h>

struct png_out;

/* Starts a `w` x `h` RGB PNG at `path`. The file is written to PATH.tmp and
 * renamed by png_finish, so a reader never sees half a picture. Returns NULL
 * with the reason in `err`. */
struct png_out *png_start(const char *path, int w, int h, char *err, size_t errlen);
/* Adds `n` rows of `w` pixels of 4 bytes each, B G R X in memory order
 * (SDL_PIXELFORMAT_BGRA32), `pitch` bytes apart. Returns 0, or -1 with the
 * reason in `err`; after a failure only png_finish is allowed. */
int png_rows(struct png_out *out, const unsigned char *pixels, int n, int pitch, char *err,
             size_t errlen) __attribute__((warn_unused_result));
/* Ends the file and puts it in place; with `ok` 0 (or after a failure),
 * removes it instead. Frees `out`. Returns 0, or -1 with the reason. */
int png_finish(struct png_out *out, int ok, char *err, size_t errlen)
    __attribute__((warn_unused_result));

#endif
