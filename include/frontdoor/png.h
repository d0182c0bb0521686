/* png.h: writing screenshots.
 *
 * libpng directly, compression level 1 and no filtering: a 1080x1920 frame
 * takes about 14 ms where IMG_SavePNG takes about 96 ms.
 */
#ifndef FRONTDOOR_PNG_H
#define FRONTDOOR_PNG_H

#include <stddef.h>

/* Writes `w` x `h` pixels of 4 bytes each, R G B X in memory order, rows
 * `pitch` bytes apart, as an RGB PNG at `path`. The file is written to
 * PATH.tmp and renamed, so a reader never sees half a picture. Returns 0, or
 * -1 with the reason in `err`. */
int png_write_rgbx(const char *path, const unsigned char *pixels, int w, int h, int pitch,
                   char *err, size_t errlen) __attribute__((warn_unused_result));

#endif
