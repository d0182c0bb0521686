/* png.c: a frame of B G R X pixels to a PNG file (see png.h for why).
 *
 * Screens are flat colours with anti-aliased text. Unfiltered rows at zlib
 * level 1 compress them best and fastest: a 1080x1920 frame takes about two
 * thirds of the time it took with the sub filter and run lengths, in a file
 * half the size; a hash table of 6 (memLevel), not 8, stays in the cache
 * and saves a sixth more, for the same size. Deflate is still most of a
 * screenshot's time, so the two
 * halves of the frame are deflated at once, each by a thread of its own,
 * into raw deflate streams: the top half ends with a sync flush (a
 * byte-aligned end, no final block), so the bottom half's stream follows it
 * directly, and the two make one zlib stream behind a zlib header with the
 * Adler-32 of the whole, put together from the halves' with
 * adler32_combine. The halves' Adler-32 come from libdeflate, whose vector
 * code takes an eighth of zlib's time. libpng writes the chunks around it.
 * Each row is turned from B G R X into R G B behind its filter byte in one
 * tight loop. */
#include "frontdoor/png.h"

#include "frontdoor/mem.h"

#include <errno.h>
#include <libdeflate.h>
#include <png.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* One half of the frame and what became of it. */
struct half {
    const unsigned char *pixels; /* its first row */
    int w, rows, pitch;
    int last;           /* ends the stream */
    unsigned char *out; /* raw deflate */
    size_t len;
    uint32_t adler; /* of its rows as the PNG holds them */
    int failed;
};

static void *deflate_half(void *arg)
{
    struct half *h = arg;
    const int w = h->w;
    const size_t row_len = 1 + 3 * (size_t)w;
    z_stream z = {0};
    h->adler = 1; /* Adler-32 of nothing */
    if (deflateInit2(&z, 1, Z_DEFLATED, -MAX_WBITS, 6, Z_DEFAULT_STRATEGY) != Z_OK) {
        h->failed = 1;
        return NULL;
    }
    /* Room for the worst case, touched only as far as it is written. */
    size_t cap = deflateBound(&z, row_len * (size_t)h->rows) + 64;
    h->out = xmalloc(cap);
    z.next_out = h->out;
    z.avail_out = (uInt)cap;
    unsigned char *row = xmalloc(row_len);
    row[0] = 0; /* filter: none */
    for (int y = 0; y < h->rows && !h->failed; y++) {
        const unsigned char *s = h->pixels + (size_t)y * (size_t)h->pitch;
        unsigned char *d = row + 1;
        for (int x = 0; x < w; x++) {
            d[3 * x] = s[4 * x + 2];
            d[3 * x + 1] = s[4 * x + 1];
            d[3 * x + 2] = s[4 * x];
        }
        h->adler = libdeflate_adler32(h->adler, row, row_len);
        z.next_in = row;
        z.avail_in = (uInt)row_len;
        int flush = y + 1 < h->rows ? Z_NO_FLUSH : h->last ? Z_FINISH : Z_SYNC_FLUSH;
        int rc = deflate(&z, flush);
        if (z.avail_in != 0 || (rc != Z_OK && rc != Z_STREAM_END))
            h->failed = 1;
    }
    h->len = cap - z.avail_out;
    deflateEnd(&z);
    free(row);
    return NULL;
}

/* Writes the IHDR, one IDAT of the two halves and the IEND to f. */
static int write_file(FILE *f, int w, int h, const struct half *top, const struct half *bottom)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    /* A zlib header: deflate with a 32 KiB window, no dictionary, the check
     * bits making it a multiple of 31. */
    static const unsigned char header[2] = {0x78, 0x01};
    uLong adler = adler32_combine(top->adler, bottom->adler,
                                  (z_off_t)bottom->rows * (z_off_t)(1 + 3 * (z_off_t)w));
    unsigned char trailer[4] = {(unsigned char)(adler >> 24), (unsigned char)(adler >> 16),
                                (unsigned char)(adler >> 8), (unsigned char)adler};
    png_write_chunk_start(png, (png_const_bytep) "IDAT",
                          (png_uint_32)(sizeof header + top->len + bottom->len + sizeof trailer));
    png_write_chunk_data(png, header, sizeof header);
    png_write_chunk_data(png, top->out, top->len);
    png_write_chunk_data(png, bottom->out, bottom->len);
    png_write_chunk_data(png, trailer, sizeof trailer);
    png_write_chunk_end(png);
    png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
    png_destroy_write_struct(&png, &info);
    return 0;
}

int png_write(const char *path, const unsigned char *pixels, int w, int h, int pitch, char *err,
              size_t errlen)
{
    char tmp[4096];
    if (xsnprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        xsnprintf(err, errlen, "%s: path too long", path);
        return -1;
    }
    int split = h / 2;
    struct half top = {pixels, w, split, pitch, 0, NULL, 0, 0, 0};
    struct half bottom = {
        pixels + (size_t)split * (size_t)pitch, w, h - split, pitch, 1, NULL, 0, 0, 0};
    pthread_t thread;
    int threaded = pthread_create(&thread, NULL, deflate_half, &bottom) == 0;
    deflate_half(&top);
    if (threaded)
        pthread_join(thread, NULL);
    else
        deflate_half(&bottom);

    int rc = -1;
    FILE *f = NULL;
    if (top.failed || bottom.failed) {
        xsnprintf(err, errlen, "%s: zlib could not compress the image", path);
    } else if (!(f = fopen(tmp, "wb"))) {
        xsnprintf(err, errlen, "%s: %s", tmp, strerror(errno));
    } else if (write_file(f, w, h, &top, &bottom) != 0) {
        xsnprintf(err, errlen, "%s: libpng could not write the image", path);
    } else {
        rc = 0;
    }
    if (f && fclose(f) != 0 && rc == 0) {
        xsnprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        xsnprintf(err, errlen, "%s: %s", path, strerror(errno));
        rc = -1;
    }
    if (rc != 0 && f)
        remove(tmp);
    free(top.out);
    free(bottom.out);
    return rc;
}
