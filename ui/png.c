/* png.c: BGRX pixels to a PNG file with libpng (see png.h for why). */
#include "frontdoor/png.h"

#include "frontdoor/mem.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct png_out {
    png_structp png;
    png_infop info;
    FILE *f;
    char path[4096], tmp[4096];
    int failed;
};

static void discard(struct png_out *o)
{
    png_destroy_write_struct(&o->png, &o->info);
    if (o->f)
        fclose(o->f);
    remove(o->tmp);
    free(o);
}

struct png_out *png_start(const char *path, int w, int h, char *err, size_t errlen)
{
    struct png_out *volatile o = xcalloc(1, sizeof *o);
    if (xsnprintf(o->tmp, sizeof o->tmp, "%s.tmp", path) >= (int)sizeof o->tmp) {
        xsnprintf(err, errlen, "%s: path too long", path);
        free(o);
        return NULL;
    }
    xsnprintf(o->path, sizeof o->path, "%s", path);
    o->f = fopen(o->tmp, "wb");
    if (!o->f) {
        xsnprintf(err, errlen, "%s: %s", o->tmp, strerror(errno));
        free(o);
        return NULL;
    }
    o->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    o->info = o->png ? png_create_info_struct(o->png) : NULL;
    if (!o->info) {
        xsnprintf(err, errlen, "%s: out of memory in libpng", path);
        discard(o);
        return NULL;
    }
    if (setjmp(png_jmpbuf(o->png))) {
        xsnprintf(err, errlen, "%s: libpng could not write the image", path);
        discard(o);
        return NULL;
    }
    png_init_io(o->png, o->f);
    png_set_compression_level(o->png, 1);
    /* After the sub filter a flat colour is a run of zeros: run lengths
     * find those faster than deflate's matching, and the file stays small. */
    png_set_filter(o->png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_set_compression_strategy(o->png, Z_RLE);
    png_set_IHDR(o->png, o->info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(o->png, o->info);
    png_set_bgr(o->png);
    png_set_filler(o->png, 0, PNG_FILLER_AFTER);
    return o;
}

int png_rows(struct png_out *o, const unsigned char *pixels, int n, int pitch, char *err,
             size_t errlen)
{
    if (o->failed)
        return -1;
    if (setjmp(png_jmpbuf(o->png))) {
        xsnprintf(err, errlen, "%s: libpng could not write the image", o->path);
        o->failed = 1;
        return -1;
    }
    for (int y = 0; y < n; y++)
        png_write_row(o->png, (png_const_bytep)(pixels + (size_t)y * (size_t)pitch));
    return 0;
}

int png_finish(struct png_out *o, int ok, char *err, size_t errlen)
{
    if (!ok || o->failed) {
        discard(o);
        return -1;
    }
    if (setjmp(png_jmpbuf(o->png))) {
        xsnprintf(err, errlen, "%s: libpng could not write the image", o->path);
        discard(o);
        return -1;
    }
    png_write_end(o->png, o->info);
    png_destroy_write_struct(&o->png, &o->info);
    FILE *f = o->f;
    o->f = NULL;
    if (fclose(f) != 0 || rename(o->tmp, o->path) != 0) {
        xsnprintf(err, errlen, "%s: %s", o->path, strerror(errno));
        discard(o);
        return -1;
    }
    free(o);
    return 0;
}
