/* test_csv.c: the CSV reader and the field writer. Tables come out as a
 * spreadsheet shows them, row numbers included; every kind of bad input is
 * refused with "t.csv:ROW: message" and nothing left to free; the writer
 * quotes what needs it, and what it writes reads back the same.
 */
#include "test_util.h"

#include "frontdoor/csv.h"

#include <sys/mman.h>

/* A string literal and its length, NUL bytes and all. */
#define T(s) s, sizeof(s) - 1

/* Parses a copy of exactly `len` bytes, freed before the table is looked
 * at: ASan sees a read past the end, and a field that was not copied. */
static int parse(const char *text, size_t len, struct csv_table *t, char *err, size_t errlen)
{
    char *copy = xmalloc(len);
    if (len > 0)
        memcpy(copy, text, len);
    int rc = csv_parse("t.csv", copy, len, t, err, errlen);
    free(copy);
    return rc;
}

static void parse_ok(const char *text, size_t len, struct csv_table *t)
{
    char err[256];
    if (parse(text, len, t, err, sizeof err) != 0)
        fail_msg("%s", err);
}

static void put(char *buf, size_t *n, size_t size, const char *s)
{
    size_t len = strlen(s);
    assert_true(*n + len < size);
    memcpy(buf + *n, s, len + 1);
    *n += len;
}

/* The table as "a|b / 2:1|2 / 4:x|y": the header, then each row's number
 * and fields, with CR and LF shown as \r and \n. Valid until the next call. */
static const char *dump(const struct csv_table *t)
{
    static char buf[1024];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t r = 0; r <= t->n_rows; r++) {
        char **fields = r == 0 ? t->header : t->rows[r - 1];
        if (r > 0) {
            char no[32];
            xsnprintf(no, sizeof no, " / %d:", t->row_no[r - 1]);
            put(buf, &n, sizeof buf, no);
        }
        for (size_t c = 0; c < t->n_cols; c++) {
            if (c > 0)
                put(buf, &n, sizeof buf, "|");
            for (const char *s = fields[c]; *s; s++) {
                char one[2] = {*s, '\0'};
                put(buf, &n, sizeof buf, *s == '\n' ? "\\n" : *s == '\r' ? "\\r" : one);
            }
        }
    }
    return buf;
}

/* ---- good input --------------------------------------------------------- */

static const struct {
    const char *text;
    size_t len;
    const char *table; /* as dump() shows it */
} good_cases[] = {
    /* Line endings: LF, CRLF, mixed; the last one optional. */
    {T("a,b\n1,2\n"), "a|b / 2:1|2"},
    {T("a,b\n1,2"), "a|b / 2:1|2"},
    {T("a,b\r\n1,2\r\n"), "a|b / 2:1|2"},
    {T("a,b\r\n1,2"), "a|b / 2:1|2"},
    {T("a,b\r\n1,2\n3,4\r\n"), "a|b / 2:1|2 / 3:3|4"},
    /* A header and nothing else. */
    {T("a,b\n"), "a|b"},
    {T("a,b"), "a|b"},
    {T("a,b\r\n\r\n"), "a|b"},
    /* A byte order mark at the start is skipped; anywhere else it is text. */
    {T("\xEF\xBB\xBF"
       "a,b\n1,2\n"),
     "a|b / 2:1|2"},
    {T("a,b\n\xEF\xBB\xBFx,2\n"), "a|b / 2:\xEF\xBB\xBFx|2"},
    /* Empty fields, a final comma at the end of the input. */
    {T("a,b,c\n,,\n"), "a|b|c / 2:||"},
    {T("a,b\n1,"), "a|b / 2:1|"},
    {T("a,b\n,\r\n"), "a|b / 2:|"},
    /* Spaces and tabs are part of the field. */
    {T("a, b \n 1 ,\t2\n"), "a| b  / 2: 1 |\t2"},
    {T(" \n \n"), "  / 2: "},
    /* Quoted fields: commas, doubled quotes, line breaks kept as they are. */
    {T("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n"), "a|b / 2:x,y|say \"hi\""},
    {T("a\n\"\"\"\"\n"), "a / 2:\""},
    {T("a\n\"\"\"\"\"\"\n"), "a / 2:\"\""},
    {T("a,b\n\"l1\nl2\",z\n3,4\n"), "a|b / 2:l1\\nl2|z / 3:3|4"},
    {T("a\r\n\"l1\r\nl2\"\r\n"), "a / 2:l1\\r\\nl2"},
    {T("a\n\"x\ry\"\n"), "a / 2:x\\ry"},
    {T("a\n\"\r\"\n"), "a / 2:\\r"},
    {T("a,b\n\"1\",\"2\""), "a|b / 2:1|2"},
    {T("a,b\n\"\",\"\"\n"), "a|b / 2:|"},
    {T("\"a,b\",\"c\"\"\"\n1,2\n"), "a,b|c\" / 2:1|2"},
    /* A quoted empty field is a record; an empty line is not. */
    {T("a\n\"\"\n"), "a / 2:"},
    {T("a\n\n\"\"\n\n"), "a / 3:"},
    /* Empty lines are skipped but counted, as is a record of several lines
     * as one row. */
    {T("a,b\n\n1,2\n\r\n\n3,4\n\n"), "a|b / 3:1|2 / 6:3|4"},
    {T("a,b\n\"x\n\ny\",1\n2,3\n"), "a|b / 2:x\\n\\ny|1 / 3:2|3"},
    {T("a,b\n\"x\n\ny\",1\n\n\"p\r\nq\",\"r\ns\"\n4,5"),
     "a|b / 2:x\\n\\ny|1 / 4:p\\r\\nq|r\\ns / 5:4|5"},
    {T("\n\r\na\n1\n"), "a / 4:1"},
    {T("\xEF\xBB\xBF\na\n1\n"), "a / 3:1"},
    /* UTF-8 of every length, up to U+10FFFF; names compared byte by byte. */
    {T("nimi,Name,name\n\xC3\x84\xC3\xA4kk\xC3\xB6nen,\xE2\x82\xAC,"
       "\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\n"),
     "nimi|Name|name / "
     "2:\xC3\x84\xC3\xA4kk\xC3\xB6nen|\xE2\x82\xAC|\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF"},
    {T("a\n\"\xE2\x82\xAC\"\"\xE2\x82\xAC\"\n"), "a / 2:\xE2\x82\xAC\"\xE2\x82\xAC"},
};

static void good_tables(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(good_cases); i++) {
        struct csv_table t;
        parse_ok(good_cases[i].text, good_cases[i].len, &t);
        if (strcmp(dump(&t), good_cases[i].table) != 0)
            fail_msg("case %zu: got\n  %s\nwant\n  %s", i, dump(&t), good_cases[i].table);
        csv_table_free(&t);
        assert_null(t.rows);
        assert_int_equal(t.n_rows, 0);
    }
}

static void column_lookup(void **state)
{
    (void)state;
    struct csv_table t;
    parse_ok(T("id,name,Name,na\n1,2,3,4\n"), &t);
    assert_int_equal(t.n_cols, 4);
    assert_int_equal(csv_column(&t, "id"), 0);
    assert_int_equal(csv_column(&t, "name"), 1);
    assert_int_equal(csv_column(&t, "Name"), 2);
    assert_int_equal(csv_column(&t, "na"), 3);
    assert_int_equal(csv_column(&t, "nam"), -1);
    assert_int_equal(csv_column(&t, "names"), -1);
    assert_int_equal(csv_column(&t, ""), -1);
    assert_int_equal(csv_column(&t, "ID"), -1);
    assert_string_equal(t.rows[0][csv_column(&t, "Name")], "3");
    csv_table_free(&t);
    /* A freed table has no columns; freeing again, or NULL, does nothing. */
    assert_int_equal(csv_column(&t, "id"), -1);
    csv_table_free(&t);
    csv_table_free(NULL);
}

/* ---- bad input ---------------------------------------------------------- */

static const struct {
    const char *text;
    size_t len;
    const char *message;
} bad_cases[] = {
    /* Nothing to read. */
    {T(""), "t.csv: empty: expected a header row"},
    {T("\xEF\xBB\xBF"), "t.csv: empty: expected a header row"},
    {T("\n"), "t.csv: empty: expected a header row"},
    {T("\n\r\n\n"), "t.csv: empty: expected a header row"},
    {T("\xEF\xBB\xBF\r\n"), "t.csv: empty: expected a header row"},
    /* The header. */
    {T("a,,b\n"), "t.csv:1: column 2 of the header is empty"},
    {T(",a\n"), "t.csv:1: column 1 of the header is empty"},
    {T("a,\n1,2\n"), "t.csv:1: column 2 of the header is empty"},
    {T("\"\"\n"), "t.csv:1: column 1 of the header is empty"},
    {T("a,b,a\n"), "t.csv:1: column \"a\" is named twice"},
    {T("a,\"a\"\n"), "t.csv:1: column \"a\" is named twice"},
    {T("x,y,y,\n"), "t.csv:1: column \"y\" is named twice"},
    {T("\n\na,a\n"), "t.csv:3: column \"a\" is named twice"},
    /* Rows of the wrong width, at the row where the record starts. */
    {T("a,b\n1,2,3\n"), "t.csv:2: expected 2 fields as in the header, found 3"},
    {T("a,b\n1\n"), "t.csv:2: expected 2 fields as in the header, found 1"},
    {T("a,b\n1,2\n3"), "t.csv:3: expected 2 fields as in the header, found 1"},
    {T("a,b,c,d,e\n1,2,3,4,5,6\n"), "t.csv:2: expected 5 fields as in the header, found 6"},
    {T("a,b\n1,2\n\n1\n"), "t.csv:4: expected 2 fields as in the header, found 1"},
    {T("a,b\n\"x\ny\",1\n1\n"), "t.csv:3: expected 2 fields as in the header, found 1"},
    {T("a,b\n1,2\n\"x\n\ny\"\n"), "t.csv:3: expected 2 fields as in the header, found 1"},
    {T("a\n1,\n"), "t.csv:2: expected 1 fields as in the header, found 2"},
    /* A carriage return outside quotes must come before a line feed. */
    {T("a\rb\n"), "t.csv:1: a carriage return without a line feed"},
    {T("a,b\n1\r2,3\n"), "t.csv:2: a carriage return without a line feed"},
    {T("a,b\n1,2\r"), "t.csv:2: a carriage return without a line feed"},
    {T("a,b\n1,2\r\r\n"), "t.csv:2: a carriage return without a line feed"},
    {T("a\n\r"), "t.csv:2: a carriage return without a line feed"},
    {T("a\n\rx\n"), "t.csv:2: a carriage return without a line feed"},
    {T("a,b\n\"1\"\r,2\n"), "t.csv:2: a carriage return without a line feed"},
    {T("a,b\n\n\n1,2\r\n2,3\r4"), "t.csv:5: a carriage return without a line feed"},
    /* Quotes. */
    {T("a,b\n\"1\"x,2\n"), "t.csv:2: text after a closing quote"},
    {T("a,b\n\"1\" ,2\n"), "t.csv:2: text after a closing quote"},
    {T("\"a\"b\n"), "t.csv:1: text after a closing quote"},
    {T("a,b\n1,\"2\"\"\"3\n"), "t.csv:2: text after a closing quote"},
    {T("a,b\n1\"2,3\n"), "t.csv:2: a quote inside an unquoted field"},
    {T("a,b\nx \"y\",3\n"), "t.csv:2: a quote inside an unquoted field"},
    {T("a,b\n1,2\"\n"), "t.csv:2: a quote inside an unquoted field"},
    {T("a\"\n"), "t.csv:1: a quote inside an unquoted field"},
    {T("\"a\n"), "t.csv:1: a quoted field is not closed"},
    {T("a,b\n1,2\n\"x,3\n4,5\n"), "t.csv:3: a quoted field is not closed"},
    {T("a\n\n\"abc"), "t.csv:3: a quoted field is not closed"},
    {T("a\n\"x\"\""), "t.csv:2: a quoted field is not closed"},
    {T("a\n\""), "t.csv:2: a quoted field is not closed"},
    {T("a,b\n1,\"2\n\n3\n"), "t.csv:2: a quoted field is not closed"},
    /* NUL bytes, with the column in the row from 1. */
    {T("\0"), "t.csv:1: a NUL byte at column 1"},
    {T("a\nx\0y\n"), "t.csv:2: a NUL byte at column 2"},
    {T("a\n\"x\0\"\n"), "t.csv:2: a NUL byte at column 3"},
    {T("a,b\n1,2\0"), "t.csv:2: a NUL byte at column 4"},
    /* The first fault in the input is the one reported. */
    {T("a,b\n1,2,3\"\n"), "t.csv:2: a quote inside an unquoted field"},
    {T("a,b\n1,2,3,\xFF\n"), "t.csv:2: not UTF-8 (byte 0xFF at column 7)"},
    {T("a,,a\n"), "t.csv:1: column 2 of the header is empty"},
};

/* Invalid UTF-8, in each of its forms. */
static const struct {
    const char *text;
    size_t len;
    const char *message;
} utf8_cases[] = {
    /* A sequence cut short: by another byte, by the end of the input. */
    {T("a\nx\xC3(\n"), "t.csv:2: not UTF-8 (byte 0xC3 at column 2)"},
    {T("a\nxy\xC3"), "t.csv:2: not UTF-8 (byte 0xC3 at column 3)"},
    {T("a\n\xE2\x82"), "t.csv:2: not UTF-8 (byte 0xE2 at column 1)"},
    {T("a\n\xE2\x82,b"), "t.csv:2: not UTF-8 (byte 0xE2 at column 1)"},
    {T("a\n\"\xF0\x9F\x98\""), "t.csv:2: not UTF-8 (byte 0xF0 at column 2)"},
    /* A continuation byte on its own, and bytes never in UTF-8. */
    {T("a\n\x80"), "t.csv:2: not UTF-8 (byte 0x80 at column 1)"},
    {T("a\nab\xBF"), "t.csv:2: not UTF-8 (byte 0xBF at column 3)"},
    {T("a\n\xC3\xA4\xA4"), "t.csv:2: not UTF-8 (byte 0xA4 at column 3)"},
    {T("a\n\xFF"), "t.csv:2: not UTF-8 (byte 0xFF at column 1)"},
    {T("a\n\xFE"), "t.csv:2: not UTF-8 (byte 0xFE at column 1)"},
    {T("a\n\xF8\x88\x80\x80\x80"), "t.csv:2: not UTF-8 (byte 0xF8 at column 1)"},
    /* Overlong forms of "/", and of U+FFFF. */
    {T("a\n\xC0\xAF"), "t.csv:2: not UTF-8 (byte 0xC0 at column 1)"},
    {T("a\n\xC1\xBF"), "t.csv:2: not UTF-8 (byte 0xC1 at column 1)"},
    {T("a\n\xE0\x80\xAF"), "t.csv:2: not UTF-8 (byte 0xE0 at column 1)"},
    {T("a\n\xF0\x80\x80\xAF"), "t.csv:2: not UTF-8 (byte 0xF0 at column 1)"},
    {T("a\n\xF0\x8F\xBF\xBF"), "t.csv:2: not UTF-8 (byte 0xF0 at column 1)"},
    /* Surrogates, high and low. */
    {T("a\n\xED\xA0\x80"), "t.csv:2: not UTF-8 (byte 0xED at column 1)"},
    {T("a\n\"x\xED\xBF\xBF\""), "t.csv:2: not UTF-8 (byte 0xED at column 3)"},
    /* Past U+10FFFF. */
    {T("a\n\xF4\x90\x80\x80"), "t.csv:2: not UTF-8 (byte 0xF4 at column 1)"},
    {T("a\n\xF5\x80\x80\x80"), "t.csv:2: not UTF-8 (byte 0xF5 at column 1)"},
    {T("a\n\xF7\xBF\xBF\xBF"), "t.csv:2: not UTF-8 (byte 0xF7 at column 1)"},
    /* In the header; after a byte order mark, which is not counted; half a
     * byte order mark is not one. */
    {T("ab\xFF\n"), "t.csv:1: not UTF-8 (byte 0xFF at column 3)"},
    {T("\xEF\xBB\xBF"
       "ab\xFF\n"),
     "t.csv:1: not UTF-8 (byte 0xFF at column 3)"},
    {T("\xEF\xBB"
       "a\n"),
     "t.csv:1: not UTF-8 (byte 0xEF at column 1)"},
    /* The column counts from the row's start, across its line breaks. */
    {T("a,b\n1,2\n\n3,\"x\ny\xFF\"\n"), "t.csv:4: not UTF-8 (byte 0xFF at column 7)"},
    {T("a,b\n1,\xC3\xA4\xFF\n"), "t.csv:2: not UTF-8 (byte 0xFF at column 5)"},
};

/* Parses each case onto a table full of junk: refused with the message,
 * and the table left zeroed. */
static void assert_refused(const char *text, size_t len, const char *message, size_t i)
{
    struct csv_table t;
    memset(&t, 0xA5, sizeof t);
    char err[256];
    xsnprintf(err, sizeof err, "unset");
    if (parse(text, len, &t, err, sizeof err) != -1)
        fail_msg("case %zu was accepted: %s", i, dump(&t));
    if (strcmp(err, message) != 0)
        fail_msg("case %zu: got\n  %s\nwant\n  %s", i, err, message);
    assert_null(t.header);
    assert_null(t.rows);
    assert_null(t.row_no);
    assert_int_equal(t.n_cols, 0);
    assert_int_equal(t.n_rows, 0);
}

static void refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(bad_cases); i++)
        assert_refused(bad_cases[i].text, bad_cases[i].len, bad_cases[i].message, i);
}

static void not_utf8(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(utf8_cases); i++)
        assert_refused(utf8_cases[i].text, utf8_cases[i].len, utf8_cases[i].message, i);
}

/* A message that does not fit is cut, still terminated; none is asked for
 * with no buffer. */
static void short_messages(void **state)
{
    (void)state;
    struct csv_table t;
    char err[8];
    memset(err, 'x', sizeof err);
    assert_int_equal(parse(T("a,b\n1\n"), &t, err, sizeof err), -1);
    assert_string_equal(err, "t.csv:2");
    memset(err, 'x', sizeof err);
    assert_int_equal(parse(T(""), &t, err, sizeof err), -1);
    assert_string_equal(err, "t.csv: ");
    assert_int_equal(parse(T("a,b\n1\n"), &t, NULL, 0), -1);
    assert_int_equal(parse(T(""), &t, NULL, 0), -1);
    assert_null(t.header);
}

/* ---- limits ------------------------------------------------------------- */

/* "c1,c2,...,cN" then `end`, in a buffer the caller frees. */
static char *columns(size_t n, const char *end, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    assert_non_null(f);
    for (size_t i = 1; i <= n; i++)
        fprintf(f, "%sc%zu", i > 1 ? "," : "", i);
    fputs(end, f);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* a then b, in a buffer the caller frees. */
static char *joined(const char *a, size_t alen, const char *b, size_t blen)
{
    char *buf = xmalloc(alen + blen);
    memcpy(buf, a, alen);
    memcpy(buf + alen, b, blen);
    return buf;
}

static void column_limit(void **state)
{
    (void)state;
    size_t header_len, row_len, len;
    char err[256];
    struct csv_table t;

    /* 1024 columns, and a row of them. */
    char *header = columns(CSV_MAX_COLUMNS, "\n", &header_len);
    char *text = joined(header, header_len, header, header_len);
    parse_ok(text, 2 * header_len, &t);
    assert_int_equal(t.n_cols, 1024);
    assert_int_equal(t.n_rows, 1);
    assert_int_equal(csv_column(&t, "c1024"), 1023);
    assert_string_equal(t.rows[0][1023], "c1024");
    csv_table_free(&t);
    free(text);
    /* A row of 1025 is the wrong width. */
    char *row = columns(CSV_MAX_COLUMNS + 1, "\n", &row_len);
    text = joined(header, header_len, row, row_len);
    assert_int_equal(parse(text, header_len + row_len, &t, err, sizeof err), -1);
    assert_string_equal(err, "t.csv:2: expected 1024 fields as in the header, found 1025");
    free(text);
    free(header);

    /* A header of 1025 columns, or of a million, is refused. */
    text = joined(row, row_len, "1\n", 2);
    assert_int_equal(parse(text, row_len + 2, &t, err, sizeof err), -1);
    assert_string_equal(err, "t.csv:1: more than 1024 columns");
    free(text);
    free(row);
    text = columns(1000000, "", &len);
    assert_int_equal(parse(text, len, &t, err, sizeof err), -1);
    assert_string_equal(err, "t.csv:1: more than 1024 columns");
    free(text);

    /* A row of a million fields is counted, not kept. */
    len = 2 + 999999 + 1;
    text = xmalloc(len);
    memcpy(text, "a\n", 2);
    memset(text + 2, ',', 999999);
    text[len - 1] = '\n';
    assert_int_equal(parse(text, len, &t, err, sizeof err), -1);
    assert_string_equal(err, "t.csv:2: expected 1 fields as in the header, found 1000000");
    free(text);
}

/* Text past CSV_MAX_BYTES is refused before a byte is read: the bytes here
 * cannot be read at all. */
static void too_large(void **state)
{
    (void)state;
    size_t len = CSV_MAX_BYTES + 1;
    void *m = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED)
        skip();
    struct csv_table t;
    char err[256], want[256];
    assert_int_equal(csv_parse("t.csv", m, len, &t, err, sizeof err), -1);
    munmap(m, len);
    xsnprintf(want, sizeof want, "t.csv: %zu bytes is more than the limit of %zu bytes", len,
              CSV_MAX_BYTES);
    assert_string_equal(err, want);
    assert_null(t.header);
}

/* 100,000 rows, some of two lines, some after an empty line: each numbered
 * right. Read in one pass, it takes milliseconds. */
static void many_rows(void **state)
{
    (void)state;
    enum { N = 100000 };
    int *want_row = xmalloc(N * sizeof *want_row);
    char *text = NULL;
    size_t len;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    fputs("id,name,note\r\n", f);
    int row = 2;
    for (int i = 0; i < N; i++) {
        if (i % 1000 == 999) {
            fputs("\n", f);
            row++;
        }
        want_row[i] = row++;
        if (i % 10 == 0)
            fprintf(f, "%d,name %d,\"line one\nline, two\"\r\n", i, i);
        else
            fprintf(f, "%d,\"name \"\"%d\"\"\",plain\n", i, i);
    }
    assert_int_equal(fclose(f), 0);

    struct csv_table t;
    parse_ok(text, len, &t);
    free(text);
    assert_int_equal(t.n_rows, N);
    char want[64];
    for (int i = 0; i < N; i++) {
        if (t.row_no[i] != want_row[i])
            fail_msg("row %d is numbered %d, want %d", i, t.row_no[i], want_row[i]);
        xsnprintf(want, sizeof want, "%d", i);
        assert_string_equal(t.rows[i][0], want);
        xsnprintf(want, sizeof want, i % 10 == 0 ? "name %d" : "name \"%d\"", i);
        assert_string_equal(t.rows[i][1], want);
        assert_string_equal(t.rows[i][2], i % 10 == 0 ? "line one\nline, two" : "plain");
    }
    assert_int_equal(t.row_no[N - 1], N + 1 + N / 1000);
    csv_table_free(&t);
    free(want_row);
}

/* ---- writing ------------------------------------------------------------ */

/* What csv_write_field writes; the caller frees it. */
static char *written(const char *s)
{
    char *buf = NULL;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    csv_write_field(f, s);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void writer(void **state)
{
    (void)state;
    static const struct {
        const char *field, *csv;
    } cases[] = {
        {"plain", "plain"},
        {"in side", "in side"},
        {"tab\there", "tab\there"},
        {"\xC3\x84\xC3\xA4kk\xC3\xB6nen \xE2\x82\xAC",
         "\xC3\x84\xC3\xA4kk\xC3\xB6nen \xE2\x82\xAC"},
        {"x'y;z", "x'y;z"},
        {"", "\"\""},
        {"a,b", "\"a,b\""},
        {",", "\",\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"\"", "\"\"\"\""},
        {"\"\"", "\"\"\"\"\"\""},
        {"l1\nl2", "\"l1\nl2\""},
        {"l1\r\nl2", "\"l1\r\nl2\""},
        {"x\ry", "\"x\ry\""},
        {" lead", "\" lead\""},
        {"trail ", "\"trail \""},
        {" ", "\" \""},
        {"a, \"b\"\n", "\"a, \"\"b\"\"\n\""},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char *got = written(cases[i].field);
        if (strcmp(got, cases[i].csv) != 0)
            fail_msg("case %zu: wrote [%s], want [%s]", i, got, cases[i].csv);
        free(got);
    }
}

/* Writes `header` and then `rows` (n_rows by n_cols) with csv_write_field,
 * lines ending in `eol`, and reads them back: the same fields, in rows
 * numbered from 2 with no gaps. */
static void assert_round_trip(const char *const *header, size_t n_cols, const char *const *rows,
                              size_t n_rows, const char *eol)
{
    char *text = NULL;
    size_t len;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    for (size_t r = 0; r <= n_rows; r++) {
        for (size_t c = 0; c < n_cols; c++) {
            if (c > 0)
                putc(',', f);
            csv_write_field(f, r == 0 ? header[c] : rows[(r - 1) * n_cols + c]);
        }
        fputs(eol, f);
    }
    assert_int_equal(fclose(f), 0);

    struct csv_table t;
    parse_ok(text, len, &t);
    free(text);
    assert_int_equal(t.n_cols, n_cols);
    assert_int_equal(t.n_rows, n_rows);
    for (size_t c = 0; c < n_cols; c++)
        assert_string_equal(t.header[c], header[c]);
    for (size_t r = 0; r < n_rows; r++) {
        assert_int_equal(t.row_no[r], (int)r + 2);
        for (size_t c = 0; c < n_cols; c++)
            assert_string_equal(t.rows[r][c], rows[r * n_cols + c]);
    }
    csv_table_free(&t);
}

static void round_trip(void **state)
{
    (void)state;
    static const char *const header[] = {"id", "name, full", "say \"x\"", " note "};
    static const char *const rows[] = {
        "1", "plain",    "",         "\xE2\x82\xAC",      /* empty, UTF-8 */
        "2", "a,b",      "\"",       "l1\nl2",            /* a comma, a quote, LF */
        "3", "l1\r\nl2", "x\ry",     " lead",             /* CRLF, a lone CR, a leading space */
        "4", "trail ",   " ",        "\"\"",              /* a trailing space, a space, quotes */
        "5", "\n",       "\r\n\r\n", "a, \"b\"\n\"c\" ,", /* line breaks only; all at once */
    };
    assert_round_trip(header, 4, rows, 5, "\n");
    assert_round_trip(header, 4, rows, 5, "\r\n");
    /* One column of empty fields: written "", never an empty line. */
    static const char *const one[] = {"only"};
    static const char *const empty[] = {"", "x", "", " ", ""};
    assert_round_trip(one, 1, empty, ARRAY_LEN(empty), "\n");

    /* Random fields of the pieces that matter, with a fixed seed. */
    static const char *const pieces[] = {
        "a", "B", ",", "\"", "\r", "\n", "\r\n", " ", "\t", "\xC3\xA9", "\xF0\x9F\x98\x80", "'",
    };
    enum { ROWS = 2000, COLS = 3 };
    static char fields[ROWS * COLS][32];
    const char *cells[ROWS * COLS];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < ROWS * COLS; i++) {
        size_t used = 0;
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        for (uint32_t k = x % 7; k > 0; k--) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            const char *p = pieces[x % ARRAY_LEN(pieces)];
            memcpy(fields[i] + used, p, strlen(p));
            used += strlen(p);
        }
        fields[i][used] = '\0';
        cells[i] = fields[i];
    }
    static const char *const names[] = {"a", "b,\"c\"", "\n"};
    assert_round_trip(names, COLS, cells, ROWS, "\r\n");
    assert_round_trip(names, COLS, cells, ROWS, "\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_tables),    cmocka_unit_test(column_lookup),
        cmocka_unit_test(refused),        cmocka_unit_test(not_utf8),
        cmocka_unit_test(short_messages), cmocka_unit_test(column_limit),
        cmocka_unit_test(too_large),      cmocka_unit_test(many_rows),
        cmocka_unit_test(writer),         cmocka_unit_test(round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
