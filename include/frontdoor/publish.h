/* publish.h: the city's usage figures, from a collector's store.
 *
 * A publication is one table for one period (an ISO week, "2026-W49", or a
 * month, "2026-12"): one row per metric, one column per group (the centre
 * or area a kiosk counts for) and a total, summed over the daily reports
 * whose day label falls in the period. Never per kiosk, never per day.
 *
 * What is shown, and what is not:
 *   - Every cell of 1 to 9 is suppressed, and so is whatever would let one
 *     be worked out from the totals (publish_suppress). Languages add up to
 *     sessions, so that block is suppressed as a table with a total row.
 *   - Sensitive needs appear only in monthly publications, as one figure
 *     for the groups asked together, rounded to the nearest 10 and
 *     suppressed below 10; a weekly one says they are published monthly.
 *   - A period is frozen the first time any group of it is published: a
 *     row in `published` keeps the moment, every later publication of the
 *     period (any group) counts only the reports received by then, and the
 *     reports that came later are shown apart as late, never added in.
 *     One moment per period means no two publications differ by a few
 *     late reports. Late figures wait until at least 3 late reports have
 *     come (their number is always given): one alone is one kiosk's day.
 *   - A period that has not ended by the collector's clock is refused
 *     unless asked for as a draft. A draft writes nothing to the store and
 *     is marked DRAFT.
 *   - How many reports came from a kiosk whose clock was not trusted.
 *
 * Formats: CSV (RFC 4180, CRLF), JSON, or one self-contained HTML page
 * (inline CSS and SVG, no script, nothing fetched).
 */
#ifndef FRONTDOOR_PUBLISH_H
#define FRONTDOOR_PUBLISH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct store;

enum {
    PUBLISH_OK = 0,
    PUBLISH_ERROR = -1,   /* the store failed, or the output could not be written */
    PUBLISH_USAGE = -2,   /* a bad --period, --group or --format: a wrong command line */
    PUBLISH_REFUSED = -3, /* the period has not ended and no draft was asked for */
};

struct publish_options {
    const char *period; /* "2026-W49" or "2026-12" */
    const char *group;  /* one group, or NULL for every group */
    const char *format; /* "csv", "json" or "html" */
    int draft;          /* allow a period that has not ended; never freeze */
    int64_t now_ms;     /* the collector's clock: clock_now_ms() */
};

/* Checks the options' period, format and group without touching a store:
 * PUBLISH_OK, or PUBLISH_USAGE with the reason, starting with the flag, in
 * `err`. publish_run() checks them again. */
int publish_check(const struct publish_options *o, char *err, size_t errlen)
    __attribute__((warn_unused_result));
/* Publishes the period of `o` from `st` into `out`. The first publication
 * of a period (not a draft) records it in `published`, in one transaction
 * with the reads; the output is written only after that commits, in one
 * piece. Returns PUBLISH_OK, or one of the codes above with the reason in
 * `err`; a PUBLISH_USAGE reason starts with the flag it is about
 * ("--period: ..."). On failure nothing has been written to `out` and the
 * store is as it was. */
int publish_run(struct store *st, const struct publish_options *o, FILE *out, char *err,
                size_t errlen) __attribute__((warn_unused_result));
/* publish_run() into the file at `path`, replaced whole (written beside it,
 * then renamed): a failure leaves the old file, or none. */
int publish_to_file(struct store *st, const struct publish_options *o, const char *path, char *err,
                    size_t errlen) __attribute__((warn_unused_result));

/* ---- The parts that touch nothing, for the tests ---- */

struct publish_period {
    int monthly;              /* 1 for "YYYY-MM", 0 for "YYYY-Www" */
    int year, number;         /* the ISO week-numbering year and week, or year and month */
    char first[11], last[11]; /* the first and last day labels, inclusive */
};

/* Parses a period. Returns 0, or -1 with the reason in `err`. */
int publish_period_parse(const char *s, struct publish_period *out, char *err, size_t errlen)
    __attribute__((warn_unused_result));
/* The number of ISO weeks in ISO year `year`: 52 or 53. */
int publish_iso_weeks(int year);
/* The ISO year and week of a date (2027-01-01 is in 2026-W53). */
void publish_iso_week(int year, int month, int day, int *iso_year, int *week);

/* Small-cell suppression over a table of `rows` x `cols` counts `v`, row
 * by row, whose last column holds each row's total and, when `total_row`
 * is set, whose last row holds each column's total (the corner is the
 * grand total). Sets hidden[i] to 1 for each cell to suppress, 0 for the
 * others:
 *   - every cell (totals too) of 1 to 9;
 *   - then, while a row or a column with totals holds exactly one hidden
 *     cell, the smallest other non-zero cell of it;
 *   - then, with a total row, while a hidden cell could still be worked
 *     out from the totals (it lies on no cycle of hidden cells, linking
 *     rows and columns), the smallest cell that puts it on one; and again.
 * When it returns no hidden cell is determined by the visible ones and the
 * sums. Zeros are hidden only when nothing else can be. Returns the number
 * of hidden cells. */
int publish_suppress(const int64_t *v, int rows, int cols, int total_row, unsigned char *hidden);

/* `v` rounded to the nearest 10, halves up (5 gives 10, 14 gives 10). */
int64_t publish_round10(int64_t v);

/* Writes `s` into HTML text or an attribute value, escaping & < > " '. */
void publish_html_text(FILE *f, const char *s);

/* The English name of metric `m` as a reader sees it ("Housing"). */
const char *publish_metric_label(int m);

#endif
