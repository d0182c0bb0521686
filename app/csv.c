/* csv.c: a CSV table read in one pass (see csv.h).
 *
 * The input is read once, front to back, and its UTF-8 checked on the way.
 * A record's fields are gathered in one buffer, each ending in a NUL, with
 * where each ends; at the end of the record they are packed into one
 * allocation, the field pointers followed by their text, so a table costs
 * an allocation a row rather than one a field. Every array grows by doubling,
 * so the copying stays proportional to the input.
 *
 * CSV_MAX_BYTES bounds everything that follows from the input: a record's
 * row is at most the offset of its last byte plus one, so it fits in an int,
 * and no buffer here reaches 16 times the input, so no size overflows.
 */
#include "frontdoor/csv.h"

#include "frontdoor/mem.h"
#include "frontdoor/utf8.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct parser {
    const char *name;
    const unsigned char *s, *end; /* the input not yet read */
    const unsigned char *rec;     /* where the current record starts */
    size_t row;                   /* and its row */
    char *text;                   /* its fields, each NUL-terminated */
    size_t used, cap;
    size_t ends[CSV_MAX_COLUMNS]; /* where each field kept ends in text */
    size_t n_fields;              /* the fields of the record so far */
    size_t max_fields;            /* how many of them are kept */
    char *err;
    size_t errlen;
};

/* Puts "NAME:ROW: message" in err. Returns -1. */
static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct parser *p, const char *fmt, ...)
{
    if (p->errlen == 0)
        return -1;
    int n = xsnprintf(p->err, p->errlen, "%s:%zu: ", p->name, p->row);
    if (n >= 0 && (size_t)n < p->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* The length of the character at s, or 0 for a NUL or a byte that does not
 * start a valid UTF-8 character. */
static size_t char_len(const unsigned char *s, const unsigned char *end)
{
    if (*s < 0x80)
        return *s != '\0';
    uint32_t cp;
    size_t n = utf8_decode(s, (size_t)(end - s), &cp);
    return cp == UTF8_INVALID ? 0 : n;
}

static int bad_byte(struct parser *p, const unsigned char *at)
{
    size_t column = (size_t)(at - p->rec) + 1;
    if (*at == '\0')
        return fail(p, "a NUL byte at column %zu", column);
    return fail(p, "not UTF-8 (byte 0x%02X at column %zu)", *at, column);
}

/* The length of the line ending at s: 1 for LF, 2 for CRLF, 0 for none. */
static size_t line_end(const unsigned char *s, const unsigned char *end)
{
    if (s < end && *s == '\n')
        return 1;
    if (s + 1 < end && s[0] == '\r' && s[1] == '\n')
        return 2;
    return 0;
}

static void append(struct parser *p, const void *from, size_t n)
{
    if (p->cap - p->used <= n) {
        p->cap = 2 * (p->used + n + 1);
        p->text = xrealloc(p->text, p->cap);
    }
    memcpy(p->text + p->used, from, n);
    p->used += n;
}

/* An unquoted field: the text up to the comma, quote or line ending after
 * it, which the record reads. */
static int plain_field(struct parser *p)
{
    const unsigned char *s = p->s;
    while (s < p->end && *s != ',' && *s != '"' && *s != '\n' && *s != '\r') {
        size_t n = char_len(s, p->end);
        if (n == 0)
            return bad_byte(p, s);
        s += n;
    }
    append(p, p->s, (size_t)(s - p->s));
    p->s = s;
    return 0;
}

/* A quoted field, from its opening quote to just after its closing one. */
static int quoted_field(struct parser *p)
{
    const unsigned char *s = p->s + 1, *run = s;
    for (;;) {
        if (s == p->end)
            return fail(p, "a quoted field is not closed");
        if (*s == '"') {
            size_t doubled = s + 1 < p->end && s[1] == '"';
            append(p, run, (size_t)(s - run) + doubled); /* one quote of two */
            s += 1 + doubled;
            if (!doubled) {
                p->s = s;
                return 0;
            }
            run = s;
            continue;
        }
        size_t n = char_len(s, p->end);
        if (n == 0)
            return bad_byte(p, s);
        s += n;
    }
}

/* Ends the field just read: kept with its NUL, or, past the header's
 * count, only counted (the row is refused at its end). */
static int end_field(struct parser *p, int header)
{
    if (p->n_fields < p->max_fields) {
        append(p, "", 1);
        p->ends[p->n_fields] = p->used;
    } else if (header) {
        return fail(p, "more than %d columns", CSV_MAX_COLUMNS);
    } else {
        p->used = p->ends[p->max_fields - 1];
    }
    p->n_fields++;
    return 0;
}

/* Reads the next record into the parser, after any empty lines. Returns 1,
 * 0 at the end of the input, or -1. */
static int read_record(struct parser *p, int header)
{
    p->row++; /* the row after the previous record's */
    size_t n = line_end(p->s, p->end);
    while (n > 0) {
        p->s += n;
        p->row++;
        n = line_end(p->s, p->end);
    }
    if (p->s == p->end)
        return 0;
    p->rec = p->s;
    p->used = 0;
    p->n_fields = 0;
    for (;;) {
        /* After a final comma the input may end: an empty field. */
        int rc = p->s < p->end && *p->s == '"' ? quoted_field(p) : plain_field(p);
        if (rc < 0 || end_field(p, header) < 0)
            return -1;
        n = line_end(p->s, p->end);
        if (p->s == p->end || n > 0) {
            p->s += n;
            return 1;
        }
        if (*p->s == ',')
            p->s++;
        else if (*p->s == '\r')
            return fail(p, "a carriage return without a line feed");
        else if (*p->s == '"')
            return fail(p, "a quote inside an unquoted field");
        else
            return fail(p, "text after a closing quote");
    }
}

/* The record's fields as one allocation: the pointers, then their text. */
static char **packed(const struct parser *p)
{
    char **f = xmalloc(p->n_fields * sizeof *f + p->used);
    char *text = (char *)(f + p->n_fields);
    memcpy(text, p->text, p->used);
    for (size_t i = 0; i < p->n_fields; i++)
        f[i] = text + (i > 0 ? p->ends[i - 1] : 0);
    return f;
}

static int check_header(struct parser *p, char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (names[i][0] == '\0')
            return fail(p, "column %zu of the header is empty", i + 1);
        /* At most CSV_MAX_COLUMNS squared over two comparisons. */
        for (size_t j = 0; j < i; j++) {
            if (strcmp(names[i], names[j]) == 0)
                return fail(p, "column \"%s\" is named twice", names[i]);
        }
    }
    return 0;
}

static int read_rows(struct parser *p, struct csv_table *t)
{
    size_t cap = 0;
    for (;;) {
        int rc = read_record(p, 0);
        if (rc <= 0)
            return rc;
        if (p->n_fields != t->n_cols)
            return fail(p, "expected %zu fields as in the header, found %zu", t->n_cols,
                        p->n_fields);
        if (t->n_rows == cap) {
            cap = cap ? 2 * cap : 64;
            t->rows = xrealloc(t->rows, cap * sizeof *t->rows);
            t->row_no = xrealloc(t->row_no, cap * sizeof *t->row_no);
        }
        t->rows[t->n_rows] = packed(p);
        t->row_no[t->n_rows] = (int)p->row;
        t->n_rows++;
    }
}

int csv_parse(const char *name, const char *text, size_t len, struct csv_table *out, char *err,
              size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (len > CSV_MAX_BYTES) {
        xsnprintf(err, errlen, "%s: %zu bytes is more than the limit of %zu bytes", name, len,
                  CSV_MAX_BYTES);
        return -1;
    }
    struct parser p = {.name = name, .err = err, .errlen = errlen};
    struct csv_table t = {0};
    int rc = 0;
    if (len > 0) {
        p.s = (const unsigned char *)text;
        p.end = p.s + len;
        if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
            p.s += 3;
        p.max_fields = CSV_MAX_COLUMNS;
        rc = read_record(&p, 1);
    }
    if (rc == 0)
        xsnprintf(err, errlen, "%s: empty: expected a header row", name);
    if (rc <= 0)
        goto free_text;
    t.header = packed(&p);
    t.n_cols = p.n_fields;
    if (check_header(&p, t.header, t.n_cols) < 0)
        goto free_table;
    p.max_fields = t.n_cols;
    if (read_rows(&p, &t) < 0)
        goto free_table;
    free(p.text);
    *out = t;
    return 0;

free_table:
    csv_table_free(&t);
free_text:
    free(p.text);
    return -1;
}

void csv_table_free(struct csv_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_rows; i++)
        free(t->rows[i]);
    free(t->rows);
    free(t->row_no);
    free(t->header);
    memset(t, 0, sizeof *t);
}

int csv_column(const struct csv_table *t, const char *name)
{
    for (size_t i = 0; i < t->n_cols; i++) {
        if (strcmp(t->header[i], name) == 0)
            return (int)i;
    }
    return -1;
}

void csv_write_field(FILE *f, const char *s)
{
    size_t n = strlen(s);
    if (n > 0 && !strpbrk(s, ",\"\r\n") && s[0] != ' ' && s[n - 1] != ' ') {
        fwrite(s, 1, n, f);
        return;
    }
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}
