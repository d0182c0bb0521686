/* png.c: BGRX pixels to a PNG file with libpng (see png.h for why).
 *
 * Screens are flat colours with anti-aliased text. Unfiltered rows at zlib
 * level 1 compress them best and fastest: a 1080x1920 frame takes about two
 * thirds of the time it took with the sub filter and run lengths, in a file
 * half the size. Each row is turned from B G R X into R G B here, in one
 * tight loop, rather than by libpng's byte-at-a-time transformations. */
#include "frontdoor/png.h"

#include "frontdoor/mem.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct png_out {
    png_structp png;
    png_infop info;
    FILE *f;
    char path[4096], tmp[4096];
    unsigned char *row; /* one row of R G B */
    int w, failed;
};

static void discard(struct png_out *o)
{
    png_destroy_write_struct(&o->png, &o->info);
    if (o->f)
        fclose(o->f);
    remove(o->tmp);
    free(o->row);
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
    png_set_filter(o->png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_IHDR(o->png, o->info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(o->png, o->info);
    o->w = w;
    o->row = xmalloc((size_t)w * 3);
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
    /* Locals, not o->: stores through a byte pointer might alias *o, which
     * kept the compiler from keeping them in registers. */
    const int w = o->w;
    unsigned char *row = o->row;
    for (int y = 0; y < n; y++) {
        const unsigned char *s = pixels + (size_t)y * (size_t)pitch;
        for (int x = 0; x < w; x++) {
            row[3 * x] = s[4 * x + 2];
            row[3 * x + 1] = s[4 * x + 1];
            row[3 * x + 2] = s[4 * x];
        }
        png_write_row(o->png, row);
    }
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
    free(o->row);
    o->row = NULL;
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
