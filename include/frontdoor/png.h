/* png.h: writing screenshots.
 *
 * zlib and libpng directly, unfiltered rows at compression level 1, from
 * pixels in the renderer's own byte order (B G R X), read where they lie:
 * no copy of the frame is made (8 MiB at 1080x1920, and as many fresh
 * pages to fault in). The two halves of the frame are compressed at once,
 * on two threads: a 1080x1920 frame takes about 10 ms on two cores (16 ms
 * on one), where IMG_SavePNG took about 96 ms.
 */
#ifndef FRONTDOOR_PNG_H
#define FRONTDOOR_PNG_H

#include <stddef.h>

/* Writes the `w` x `h` frame of 4-byte pixels, B G R X in memory order
 * (SDL_PIXELFORMAT_RGB888 on a little-endian machine), rows `pitch` bytes
 * apart from `pixels`, to `path` as an RGB PNG. The file is written to
 * PATH.tmp and renamed when whole, so a reader never sees half a picture.
 * Returns 0, or -1 with the reason in `err`. */
int png_write(const char *path, const unsigned char *pixels, int w, int h, int pitch, char *err,
              size_t errlen) __attribute__((warn_unused_result));

#endif
