/* png.c: RGBX pixels to a PNG file with libpng (see png.h for why). */
#include "frontdoor/png.h"

#include "frontdoor/mem.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

int png_write_rgbx(const char *path, const unsigned char *pixels, int w, int h, int pitch,
                   char *err, size_t errlen)
{
    char tmp[4096];
    if (xsnprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        xsnprintf(err, errlen, "%s: path too long", path);
        return -1;
    }
    FILE *volatile f = fopen(tmp, "wb");
    if (!f) {
        xsnprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        return -1;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        xsnprintf(err, errlen, "%s: out of memory in libpng", path);
        goto close_file;
    }
    if (setjmp(png_jmpbuf(png))) {
        xsnprintf(err, errlen, "%s: libpng could not write the image", path);
        goto close_file;
    }
    png_init_io(png, f);
    png_set_compression_level(png, 1);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    png_set_filler(png, 0, PNG_FILLER_AFTER);
    for (int y = 0; y < h; y++)
        png_write_row(png, (png_const_bytep)(pixels + (size_t)y * (size_t)pitch));
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        xsnprintf(err, errlen, "%s: %s", path, strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;

close_file:
    png_destroy_write_struct(&png, &info);
    fclose(f);
    remove(tmp);
    return -1;
}
