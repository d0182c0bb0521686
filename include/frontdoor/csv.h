/* csv.h: tables in CSV (RFC 4180), read whole and checked; fields written.
 *
 * What csv_parse accepts:
 *   - UTF-8 text (the shortest forms only, no surrogates) without NUL bytes;
 *     a byte order mark at the very start is skipped.
 *   - Records end with LF or CRLF; the last one need not. A carriage return
 *     outside quotes must be followed by a line feed.
 *   - Fields are separated by commas and taken as they are (spaces kept). A
 *     field may be quoted, "...", with "" for a quote inside; then it may hold
 *     commas, CR and LF, kept as they are. After a closing quote comes a comma,
 *     a line ending or the end. A quote inside an unquoted field is an error.
 *   - The first record is the header: at least one name, none empty, none
 *     twice (compared byte by byte), at most CSV_MAX_COLUMNS.
 *   - Every other record has exactly as many fields as the header.
 *   - An empty line (nothing between two line endings) is skipped, but it
 *     still counts as a row, as it does in a spreadsheet.
 *   - At most CSV_MAX_BYTES of text (2 GiB less a byte; 256 MiB on a 32-bit
 *     system), which keeps every row number in an int and every size that
 *     follows from the text in a size_t.
 *
 * Rows are numbered as a spreadsheet numbers them: the first line of the
 * file is row 1 (the header, unless empty lines come before it), and a
 * record whose quoted field holds line breaks is one row. A message names
 * the row where the record at fault starts and, for a bad byte, its column:
 * the byte's offset in that row counted from 1 (after the byte order mark,
 * and across the line breaks of a row of several lines).
 */
#ifndef FRONTDOOR_CSV_H
#define FRONTDOOR_CSV_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CSV_MAX_COLUMNS 1024
#define CSV_MAX_BYTES ((size_t)INT_MAX < SIZE_MAX / 16 ? (size_t)INT_MAX : SIZE_MAX / 16)

struct csv_table {
    char **header; /* n_cols column names */
    size_t n_cols;
    char ***rows; /* n_rows rows of n_cols NUL-terminated fields each */
    int *row_no;  /* each data row's number in the file, as a spreadsheet numbers
                     rows: the header is row 1, and a record whose quoted field
                     holds line breaks is still one row */
    size_t n_rows;
};

/* Parses `len` bytes of `text` (the file `name`, for messages) into *out.
 * Returns 0, or -1 with "NAME:ROW: message" (or "NAME: message" when no
 * row applies) in err, and *out left empty (nothing to free).
 *
 * `text` need not be NUL-terminated and is never read past `len`; every
 * string of the table is a copy. The table owns all of it and
 * csv_table_free frees it: a row and its fields are one allocation, so a
 * field cannot be freed or kept on its own (copy it). */
int csv_parse(const char *name, const char *text, size_t len, struct csv_table *out, char *err,
              size_t errlen) __attribute__((warn_unused_result));
/* Frees what csv_parse filled in and zeroes *t; NULL, or a zeroed table,
 * does nothing. */
void csv_table_free(struct csv_table *t);

/* The index of the column `name`, or -1. */
int csv_column(const struct csv_table *t, const char *name);

/* Writes `s` as one CSV field to f: as it is when it holds no comma, quote,
 * CR or LF and does not start or end with a space; otherwise quoted, with
 * quotes doubled. The empty string is written quoted, "", so that a row of
 * one empty field is not an empty line, which csv_parse would skip. The
 * caller writes the commas and line endings, and checks ferror(f). */
void csv_write_field(FILE *f, const char *s);

#endif
