/* test_publish.c: periods, ISO weeks, small-cell suppression, rounding,
 * escaping, and publishing from a store: freezing, late reports, drafts.
 *
 * Every suppression case is also checked by an oracle that knows nothing
 * of the algorithm: linear algebra over the sums says whether a hidden cell
 * could be worked out from what is shown.
 */
#include "test_util.h"

#include "frontdoor/clock.h"
#include "frontdoor/publish.h"
#include "frontdoor/report.h"
#include "frontdoor/store.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>

/* ---- Periods ---- */

static const struct {
    const char *in;
    const char *first, *last; /* NULL: refused with `err` */
    const char *err;
} periods[] = {
    {"2026-W49", "2026-11-30", "2026-12-06", NULL},
    {"2026-W01", "2025-12-29", "2026-01-04", NULL},
    {"2026-W53", "2026-12-28", "2027-01-03", NULL},
    {"2027-W01", "2027-01-04", "2027-01-10", NULL},
    {"2020-W53", "2020-12-28", "2021-01-03", NULL},
    {"2021-W01", "2021-01-04", "2021-01-10", NULL},
    {"2015-W53", "2015-12-28", "2016-01-03", NULL},
    {"2025-W01", "2024-12-30", "2025-01-05", NULL},
    {"2026-12", "2026-12-01", "2026-12-31", NULL},
    {"2026-02", "2026-02-01", "2026-02-28", NULL},
    {"2028-02", "2028-02-01", "2028-02-29", NULL},
    {"2100-02", "2100-02-01", "2100-02-28", NULL},
    {"2000-02", "2000-02-01", "2000-02-29", NULL},
    {"2026-W54", NULL, NULL, "\"2026-W54\": 2026 has ISO weeks 01 to 53"},
    {"2027-W53", NULL, NULL, "\"2027-W53\": 2027 has ISO weeks 01 to 52"},
    {"2026-W00", NULL, NULL, "\"2026-W00\": 2026 has ISO weeks 01 to 53"},
    {"2026-13", NULL, NULL, "\"2026-13\": months are 01 to 12"},
    {"2026-00", NULL, NULL, "\"2026-00\": months are 01 to 12"},
    {"1969-12", NULL, NULL, "\"1969-12\": the year must be 1970 or later"},
    {"2026-W5", NULL, NULL,
     "\"2026-W5\" is not a period: write a week as YYYY-Www (2026-W49) or a month as YYYY-MM "
     "(2026-12)"},
    {"2026-1", NULL, NULL,
     "\"2026-1\" is not a period: write a week as YYYY-Www (2026-W49) or a month as YYYY-MM "
     "(2026-12)"},
};

static const char *const not_periods[] = {
    "",           "2026",    "2026W49",  "2026-w49", "2026-W049", "2026-W4a", "26-W49",
    "2026-12-01", "2026/12", "2026-12 ", " 2026-12", "2026-+1",   "2026-W-1", "２０２６-12",
};

static void period_parsing(void **state)
{
    (void)state;
    struct publish_period p;
    char err[256];
    for (size_t i = 0; i < ARRAY_LEN(periods); i++) {
        err[0] = '\0';
        int rc = publish_period_parse(periods[i].in, &p, err, sizeof err);
        if (periods[i].first) {
            if (rc != 0)
                fail_msg("%s: refused: %s", periods[i].in, err);
            assert_string_equal(p.first, periods[i].first);
            assert_string_equal(p.last, periods[i].last);
            assert_int_equal(p.monthly, periods[i].in[5] != 'W');
        } else {
            if (rc == 0)
                fail_msg("%s: accepted as %s..%s", periods[i].in, p.first, p.last);
            assert_string_equal(err, periods[i].err);
        }
    }
    for (size_t i = 0; i < ARRAY_LEN(not_periods); i++) {
        if (publish_period_parse(not_periods[i], &p, err, sizeof err) == 0)
            fail_msg("\"%s\" accepted", not_periods[i]);
        assert_non_null(strstr(err, "is not a period"));
    }
}

static void iso_weeks(void **state)
{
    (void)state;
    /* 53 weeks when 1 January is a Thursday, or a Wednesday in a leap year. */
    static const struct {
        int year, weeks;
    } years[] = {{2015, 53}, {2016, 52}, {2020, 53}, {2021, 52}, {2024, 52},
                 {2025, 52}, {2026, 53}, {2027, 52}, {2032, 53}, {2037, 53}};
    for (size_t i = 0; i < ARRAY_LEN(years); i++) {
        if (publish_iso_weeks(years[i].year) != years[i].weeks)
            fail_msg("%d: %d weeks", years[i].year, publish_iso_weeks(years[i].year));
    }
    static const struct {
        int y, m, d, iso_year, week;
    } days[] = {
        {2026, 12, 27, 2026, 52}, {2026, 12, 28, 2026, 53}, {2027, 1, 1, 2026, 53},
        {2027, 1, 3, 2026, 53},   {2027, 1, 4, 2027, 1},    {2024, 12, 30, 2025, 1},
        {2021, 1, 3, 2020, 53},   {2026, 1, 1, 2026, 1},    {2025, 12, 29, 2026, 1},
        {2026, 12, 3, 2026, 49},  {2028, 12, 31, 2028, 52}, {2029, 12, 31, 2030, 1},
    };
    for (size_t i = 0; i < ARRAY_LEN(days); i++) {
        int y, w;
        publish_iso_week(days[i].y, days[i].m, days[i].d, &y, &w);
        if (y != days[i].iso_year || w != days[i].week)
            fail_msg("%04d-%02d-%02d: %d-W%02d", days[i].y, days[i].m, days[i].d, y, w);
    }
    /* Every day from 2015 to 2035 lies in the week whose period holds it. */
    struct publish_period p;
    char err[256], name[16], day[11];
    for (int y = 2015; y <= 2035; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= 31; d++) {
                xsnprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
                if (!report_day_valid(day))
                    continue;
                int iy, w;
                publish_iso_week(y, m, d, &iy, &w);
                xsnprintf(name, sizeof name, "%04d-W%02d", iy, w);
                assert_int_equal(publish_period_parse(name, &p, err, sizeof err), 0);
                if (strcmp(day, p.first) < 0 || strcmp(day, p.last) > 0)
                    fail_msg("%s is not in %s (%s..%s)", day, name, p.first, p.last);
            }
        }
    }
}

/* ---- The oracle ---- */

/* The rank of `a` (n x m, row by row), which it destroys. */
static int rank_of(double *a, int n, int m)
{
    int rank = 0;
    for (int col = 0; col < m && rank < n; col++) {
        int pivot = -1;
        for (int r = rank; r < n; r++) {
            if (fabs(a[r * m + col]) > 1e-9 &&
                (pivot < 0 || fabs(a[r * m + col]) > fabs(a[pivot * m + col])))
                pivot = r;
        }
        if (pivot < 0)
            continue;
        for (int k = 0; k < m; k++) {
            double t = a[rank * m + k];
            a[rank * m + k] = a[pivot * m + k];
            a[pivot * m + k] = t;
        }
        for (int r = 0; r < n; r++) {
            if (r == rank)
                continue;
            double f = a[r * m + col] / a[rank * m + col];
            for (int k = 0; k < m; k++)
                a[r * m + k] -= f * a[rank * m + k];
        }
        rank++;
    }
    return rank;
}

/* 1 when hidden cell `cell` can be worked out: its unit vector lies in the
 * span of the sums' equations restricted to the hidden cells. */
static int determined(int rows, int cols, int total_row, const unsigned char *hidden, int cell)
{
    int n_cells = rows * cols, unknown[256], k = 0, which = -1;
    for (int i = 0; i < n_cells; i++) {
        if (hidden[i]) {
            if (i == cell)
                which = k;
            unknown[k++] = i;
        }
    }
    int lines = rows + (total_row ? cols : 0);
    double *a = xcalloc((size_t)(lines + 1) * (size_t)k, sizeof *a);
    for (int u = 0; u < k; u++) {
        int r = unknown[u] / cols, c = unknown[u] % cols;
        a[r * k + u] = c == cols - 1 ? -1 : 1;
        if (total_row)
            a[(rows + c) * k + u] = r == rows - 1 ? -1 : 1;
    }
    double *b = xmalloc((size_t)(lines + 1) * (size_t)k * sizeof *b);
    memcpy(b, a, (size_t)lines * (size_t)k * sizeof *a);
    int without = rank_of(b, lines, k);
    memcpy(b, a, (size_t)lines * (size_t)k * sizeof *a);
    memset(b + lines * k, 0, (size_t)k * sizeof *b);
    b[lines * k + which] = 1;
    int with = rank_of(b, lines + 1, k);
    free(b);
    free(a);
    return with == without;
}

/* Fills the totals of an inner table `in` (rows x cols) into `v`
 * ((rows + 1) x (cols + 1), or rows x (cols + 1) without a total row). */
static void with_totals(const int64_t *in, int rows, int cols, int total_row, int64_t *v)
{
    int w = cols + 1;
    memset(v, 0, sizeof *v * (size_t)((rows + 1) * w));
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            v[r * w + c] = in[r * cols + c];
            v[r * w + cols] += in[r * cols + c];
            if (total_row) {
                v[rows * w + c] += in[r * cols + c];
                v[rows * w + cols] += in[r * cols + c];
            }
        }
    }
}

/* Suppresses, then checks what must hold of any answer: every 1-9 hidden,
 * no hidden cell recoverable. */
static void suppress_checked(const int64_t *v, int rows, int cols, int total_row,
                             unsigned char *hidden)
{
    publish_suppress(v, rows, cols, total_row, hidden);
    for (int i = 0; i < rows * cols; i++) {
        if (v[i] >= 1 && v[i] <= 9 && !hidden[i])
            fail_msg("cell %d (%" PRId64 ") is shown", i, v[i]);
        if (hidden[i] && determined(rows, cols, total_row, hidden, i))
            fail_msg("cell %d (%" PRId64 ") can be worked out from the sums", i, v[i]);
    }
}

/* `want` is the hidden pattern as a string, row by row: 'x' hidden. */
static void assert_hidden(const unsigned char *hidden, int n, const char *want)
{
    char got[256];
    for (int i = 0; i < n; i++)
        got[i] = hidden[i] ? 'x' : '.';
    got[n] = '\0';
    assert_string_equal(got, want);
}

/* ---- Suppression ---- */

static void small_cell_in_a_row(void **state)
{
    (void)state;
    /* Rows of needs: no total row, each row its own sum. */
    int64_t v[] = {5, 20, 30, 55};
    unsigned char h[4];
    suppress_checked(v, 1, 4, 0, h);
    assert_hidden(h, 4, "xx..");

    /* The smallest other is the one hidden, whichever column it is in. */
    int64_t w[] = {40, 12, 3, 0, 55};
    unsigned char hw[5];
    suppress_checked(w, 1, 5, 0, hw);
    assert_hidden(hw, 5, ".xx..");

    /* Two small cells protect each other: nothing more. */
    int64_t two[] = {3, 8, 40, 51};
    unsigned char h2[4];
    suppress_checked(two, 1, 4, 0, h2);
    assert_hidden(h2, 4, "xx..");

    /* A small total hides with its cells. */
    int64_t tiny[] = {2, 0, 3, 5};
    unsigned char ht[4];
    suppress_checked(tiny, 1, 4, 0, ht);
    assert_hidden(ht, 4, "x.xx");
}

static void chain_across_rows_and_columns(void **state)
{
    (void)state;
    /* One small cell: its row hides 40, its column 20, and 40's column
     * then holds one hidden cell and hides 30, which closes the square. */
    static const int64_t in[] = {3, 40, 50, 20, 30, 60, 25, 35, 45};
    int64_t v[16];
    unsigned char h[16];
    with_totals(in, 3, 3, 1, v);
    suppress_checked(v, 4, 4, 1, h);
    assert_hidden(h, 16, "xx..xx..........");
}

static void bridge_between_two_squares(void **state)
{
    (void)state;
    /* Two squares of small cells joined by a small cell: every line holds
     * two or three hidden cells, so the classic rule sees nothing, yet the
     * sums of rows 0 and 1 less those of columns 0 and 1 give the joining 6
     * away. The smallest cell that puts it on a cycle is hidden too: 30. */
    static const int64_t in[] = {2, 3, 6, 50, 4, 5, 60, 70, 80, 90, 2, 3, 40, 30, 4, 5};
    int64_t v[25];
    unsigned char h[25];
    with_totals(in, 4, 4, 1, v);
    suppress_checked(v, 5, 5, 1, h);
    assert_hidden(h, 25,
                  "xxx.."
                  "xx..."
                  "..xx."
                  ".xxx."
                  ".....");
}

static void everything_small(void **state)
{
    (void)state;
    /* Every cell and total small but the grand total: shown, since the
     * hidden cells form cycles all round. */
    static const int64_t threes[] = {3, 3, 3, 3};
    int64_t v[9];
    unsigned char h[9];
    with_totals(threes, 2, 2, 1, v);
    suppress_checked(v, 3, 3, 1, h);
    assert_hidden(h, 9, "xxxxxxxx.");

    /* And when the grand total is small too, nothing shows. */
    static const int64_t ones[] = {1, 1, 1, 1};
    with_totals(ones, 2, 2, 1, v);
    suppress_checked(v, 3, 3, 1, h);
    assert_hidden(h, 9, "xxxxxxxxx");
}

static void zeros(void **state)
{
    (void)state;
    /* Zeros are shown: nothing hides among them. */
    static const int64_t none[] = {0, 0, 0, 0, 0, 0};
    int64_t v[12];
    unsigned char h[12];
    with_totals(none, 2, 3, 1, v);
    assert_int_equal(publish_suppress(v, 3, 4, 1, h), 0);

    /* A small cell among zeros hides with its totals, never a zero. */
    static const int64_t one[] = {0, 3, 0, 0, 0, 0};
    with_totals(one, 2, 3, 1, v);
    suppress_checked(v, 3, 4, 1, h);
    assert_hidden(h, 12,
                  ".x.x"
                  "...."
                  ".x.x");

    /* Zeros are passed over for the smallest non-zero cell. */
    static const int64_t row[] = {0, 4, 0, 0, 15, 19};
    unsigned char hr[6];
    suppress_checked(row, 1, 6, 0, hr);
    assert_hidden(hr, 6, ".x..x.");
}

static void one_group(void **state)
{
    (void)state;
    /* One group: the total column equals the group's, so a hidden cell
     * hides its total, and the column hides a second language. */
    static const int64_t langs[] = {12, 5, 0};
    int64_t v[8];
    unsigned char h[8];
    with_totals(langs, 3, 1, 1, v);
    suppress_checked(v, 4, 2, 1, h);
    assert_hidden(h, 8,
                  "xx"
                  "xx"
                  ".."
                  "..");

    /* A row of a need: the cell is the total. */
    int64_t need[] = {5, 5};
    unsigned char hn[2];
    suppress_checked(need, 1, 2, 0, hn);
    assert_hidden(hn, 2, "xx");
    int64_t big[] = {12, 12};
    suppress_checked(big, 1, 2, 0, hn);
    assert_hidden(hn, 2, "..");

    /* A complementary cell hides its total too. */
    static const int64_t two[] = {40, 3, 12};
    int64_t w[8];
    with_totals(two, 3, 1, 1, w);
    suppress_checked(w, 4, 2, 1, h);
    assert_hidden(h, 8,
                  ".."
                  "xx"
                  "xx"
                  "..");
}

/* A small linear congruential generator: the same tables on every run. */
static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static void random_tables(void **state)
{
    (void)state;
    uint32_t seed = 20261203;
    int64_t in[64], v[81];
    unsigned char h[81];
    for (int round = 0; round < 3000; round++) {
        int rows = 1 + (int)(lcg(&seed) % 6), cols = 1 + (int)(lcg(&seed) % 6);
        int total_row = (int)(lcg(&seed) % 3) != 0;
        for (int i = 0; i < rows * cols; i++) {
            uint32_t kind = lcg(&seed) % 10;
            in[i] = kind < 3 ? 0 : kind < 7 ? 1 + lcg(&seed) % 9 : 10 + lcg(&seed) % 60;
        }
        with_totals(in, rows, cols, total_row, v);
        suppress_checked(v, rows + total_row, cols + 1, total_row, h);
    }
}

static void rounding(void **state)
{
    (void)state;
    static const int64_t cases[][2] = {{0, 0},   {4, 0},   {5, 10},   {9, 10},
                                       {14, 10}, {15, 20}, {95, 100}, {1234, 1230}};
    for (size_t i = 0; i < ARRAY_LEN(cases); i++)
        assert_int_equal(publish_round10(cases[i][0]), cases[i][1]);
}

static char *html_of(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    publish_html_text(f, s);
    fclose(f);
    return buf;
}

static void escaping(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"East", "East"},
        {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
        {"Tom & Jerry's \"place\"", "Tom &amp; Jerry&#39;s &quot;place&quot;"},
        {"&amp;", "&amp;amp;"},
        {"Кallio – Пасила", "Кallio – Пасила"},
        {"", ""},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char *got = html_of(cases[i][0]);
        assert_string_equal(got, cases[i][1]);
        free(got);
    }
}

static void every_metric_has_a_label(void **state)
{
    (void)state;
    for (int m = 0; m < N_METRICS; m++) {
        const char *label = publish_metric_label(m);
        if (strcmp(label, report_metric_name(m)) == 0)
            fail_msg("%s has no label", report_metric_name(m));
        for (int k = 0; k < m; k++)
            assert_string_not_equal(label, publish_metric_label(k));
    }
}

/* ---- Publishing from a store ---- */

#define DAY_MS 86400000LL
/* 2026-12-03 12:00 UTC: week 49 is running, week 47 and November are over. */
#define NOW_MS 1796299200000LL

static struct store *store_fresh(const char *name)
{
    struct store *st = NULL;
    char err[512];
    unlink(tmp_path(name));
    if (store_open(tmp_path(name), &st, err, sizeof err) != 0)
        fail_msg("store_open: %s", err);
    return st;
}

static void exec_ok(struct store *st, const char *sql, const char *const *params, int n)
{
    if (store_exec(st, sql, params, n) < 0)
        fail_msg("%s: %s", sql, store_errmsg(st));
}

static void add_kiosk(struct store *st, const char *id, const char *grp)
{
    const char *p[] = {id, grp};
    exec_ok(st, "INSERT INTO kiosk (kiosk_id, grp, revoked, added_ms) VALUES ($1, $2, 0, 0)", p, 2);
}

struct count {
    int metric;
    int64_t n;
};

/* A report of kiosk `id` in `grp` for `day`, received at `received_ms`,
 * with the counts listed (the others zero). */
static void add_report(struct store *st, const char *id, const char *grp, const char *day,
                       int trusted, int64_t received_ms, const struct count *counts, size_t n)
{
    static int64_t seq;
    int64_t v[N_METRICS] = {0};
    for (size_t i = 0; i < n; i++)
        v[counts[i].metric] = counts[i].n;
    char sql[4096], col[64], text[N_METRICS + 8][24];
    const char *params[N_METRICS + 8];
    size_t used = 0;
    sql[0] = '\0';
    xappend(sql, sizeof sql, &used,
            "INSERT INTO report (kiosk_id, instance_id, seq, grp, day, clock_trusted, digest, "
            "received_ms");
    for (int m = 0; m < N_METRICS; m++) {
        report_metric_column(m, col, sizeof col);
        xappend(sql, sizeof sql, &used, ", %s", col);
    }
    xappend(sql, sizeof sql, &used, ") VALUES ($1, 'i', $2, $3, $4, $5, 'sha256:x', $6");
    for (int m = 0; m < N_METRICS; m++)
        xappend(sql, sizeof sql, &used, ", $%d", m + 7);
    xappend(sql, sizeof sql, &used, ")");
    xsnprintf(text[0], sizeof text[0], "%" PRId64, ++seq);
    xsnprintf(text[1], sizeof text[1], "%d", trusted);
    xsnprintf(text[2], sizeof text[2], "%" PRId64, received_ms);
    params[0] = id;
    params[1] = text[0];
    params[2] = grp;
    params[3] = day;
    params[4] = text[1];
    params[5] = text[2];
    for (int m = 0; m < N_METRICS; m++) {
        xsnprintf(text[m + 3], sizeof text[0], "%" PRId64, v[m]);
        params[m + 6] = text[m + 3];
    }
    exec_ok(st, sql, params, N_METRICS + 6);
}

/* Two groups, three reports in week 47 of 2026 (16-22 November). */
static void week_47(struct store *st)
{
    add_kiosk(st, "e1", "East");
    add_kiosk(st, "w1", "West library");
    add_kiosk(st, "n1", "North");
    const struct count e16[] = {{M_SESSIONS, 30},     {M_LANG_EN, 20},   {M_LANG_FI, 10},
                                {M_NEED_HOUSING, 12}, {M_NEED_MONEY, 3}, {M_NEED_VIOLENCE, 4},
                                {M_FEATURE_SEARCH, 9}};
    const struct count e17[] = {{M_SESSIONS, 25},
                                {M_LANG_EN, 15},
                                {M_LANG_FI, 10},
                                {M_NEED_VIOLENCE, 3},
                                {M_FEATURE_SEARCH, 6}};
    const struct count w18[] = {{M_SESSIONS, 40},     {M_LANG_EN, 38},   {M_LANG_AR, 2},
                                {M_NEED_HOUSING, 25}, {M_NEED_MONEY, 8}, {M_NEED_VIOLENCE, 9},
                                {M_FEATURE_SEARCH, 2}};
    add_report(st, "e1", "East", "2026-11-16", 1, NOW_MS - 15 * DAY_MS, e16, ARRAY_LEN(e16));
    add_report(st, "e1", "East", "2026-11-17", 0, NOW_MS - 14 * DAY_MS, e17, ARRAY_LEN(e17));
    add_report(st, "w1", "West library", "2026-11-18", 1, NOW_MS - 13 * DAY_MS, w18,
               ARRAY_LEN(w18));
    /* Outside the week: must count nowhere. */
    add_report(st, "w1", "West library", "2026-11-23", 1, NOW_MS - 8 * DAY_MS, w18, ARRAY_LEN(w18));
    add_report(st, "w1", "West library", "2026-11-15", 1, NOW_MS - 16 * DAY_MS, w18,
               ARRAY_LEN(w18));
}

/* Publishes into memory; returns the code, the output in *out (freed by
 * the caller) and the reason in err. */
static int publish(struct store *st, const char *period, const char *group, const char *format,
                   int draft, int64_t now, char **out, char *err, size_t errlen)
{
    struct publish_options o = {period, group, format, draft, now};
    size_t len = 0;
    *out = NULL;
    FILE *f = open_memstream(out, &len);
    err[0] = '\0';
    int rc = publish_run(st, &o, f, err, errlen);
    fclose(f);
    return rc;
}

/* Not inlined: GCC 12 at -O3 then takes the text it returns for a pointer
 * to its local `out` (a false -Wdangling-pointer). */
__attribute__((noinline)) static char *publish_ok(struct store *st, const char *period,
                                                  const char *group, const char *format, int draft,
                                                  int64_t now)
{
    char *out, err[512];
    int rc = publish(st, period, group, format, draft, now, &out, err, sizeof err);
    if (rc != 0)
        fail_msg("publish %s %s: %d %s", period, format, rc, err);
    return out;
}

static void assert_line(const char *text, const char *line)
{
    char want[512];
    xsnprintf(want, sizeof want, "\r\n%s\r\n", line);
    if (!strstr(text, want))
        fail_msg("no line \"%s\" in:\n%s", line, text);
}

static int64_t published_count(struct store *st)
{
    struct store_rows r;
    assert_int_equal(store_query(st, "SELECT count(*) FROM published", NULL, 0, &r), 0);
    int64_t n = strtoll(STORE_CELL(&r, 0, 0), NULL, 10);
    store_rows_free(&r);
    return n;
}

static void weekly_csv(void **state)
{
    (void)state;
    struct store *st = store_fresh("weekly.db");
    week_47(st);
    char *csv = publish_ok(st, "2026-W47", NULL, "csv", 0, NOW_MS);
    assert_true(strncmp(csv, "metric,East,West library,total\r\n", 32) == 0);
    /* Languages add up to sessions: the 2 Arabic hide a 6-cycle. */
    assert_line(csv, "sessions,55,40,95");
    assert_line(csv, "lang:en,suppressed,suppressed,73");
    assert_line(csv, "lang:fi,suppressed,0,suppressed");
    assert_line(csv, "lang:ar,0,suppressed,suppressed");
    assert_line(csv, "lang:so,0,0,0");
    assert_line(csv, "need:housing,12,25,37");
    assert_line(csv, "need:money,suppressed,suppressed,11");
    assert_line(csv, "feature:search,suppressed,suppressed,17");
    /* No sensitive need in a week. */
    assert_null(strstr(csv, "need:violence"));
    assert_null(strstr(csv, "need:mental-health"));
    assert_line(csv, "reports,2,1,3");
    assert_line(csv, "reports:untrusted-clock,1,0,1");
    assert_line(csv, "reports:late,,,0");
    assert_line(csv, "period,,,2026-W47");
    assert_line(csv, "published,,,2026-12-03");
    assert_line(csv, "status,,,published");
    assert_non_null(strstr(csv, "note,,,\"Sensitive needs are not in weekly figures"));
    assert_non_null(strstr(csv, "note,,,\"1 of the 3 daily reports came from a kiosk whose clock"));
    assert_null(strstr(csv, "\n\n"));
    assert_int_equal(published_count(st), 1);
    free(csv);
    store_close(st);
}

static void frozen_and_late(void **state)
{
    (void)state;
    struct store *st = store_fresh("frozen.db");
    week_47(st);
    char *first = publish_ok(st, "2026-W47", NULL, "csv", 0, NOW_MS);

    /* A report for the week arrives a day after publication. */
    const struct count late[] = {{M_SESSIONS, 12}, {M_LANG_EN, 12}, {M_NEED_HOUSING, 4}};
    add_report(st, "e1", "East", "2026-11-19", 1, NOW_MS + DAY_MS, late, ARRAY_LEN(late));
    char *again = publish_ok(st, "2026-W47", NULL, "csv", 0, NOW_MS + 2 * DAY_MS);
    /* The figures are the same to the byte; one late report is one
     * kiosk's day: counted, its figures held back. */
    size_t head = (size_t)(strstr(first, "reports,") - first);
    assert_int_equal(strncmp(first, again, head), 0);
    assert_null(strstr(again, "late:"));
    assert_line(again, "reports:late,,,1");
    assert_line(again, "published,,,2026-12-03");
    assert_non_null(strstr(again, "1 late report arrived after publication on 3 December 2026."));
    assert_non_null(strstr(again, "The figures of late reports are shown once at least 3"));
    free(again);

    /* Two more: the late section shows, suppressed like the rest. */
    const struct count more[] = {{M_SESSIONS, 10}, {M_LANG_EN, 10}};
    add_report(st, "e1", "East", "2026-11-20", 1, NOW_MS + DAY_MS, more, ARRAY_LEN(more));
    add_report(st, "e1", "East", "2026-11-21", 1, NOW_MS + DAY_MS, more, ARRAY_LEN(more));
    again = publish_ok(st, "2026-W47", NULL, "csv", 0, NOW_MS + 2 * DAY_MS);
    assert_int_equal(strncmp(first, again, head), 0);
    assert_line(again, "late:sessions,,,32");
    assert_line(again, "late:lang:en,,,32");
    assert_line(again, "late:need:housing,,,suppressed");
    assert_line(again, "late:need:money,,,0");
    assert_line(again, "reports:late,,,3");
    assert_null(strstr(again, "The figures of late reports are shown once"));
    assert_int_equal(published_count(st), 1);

    /* A group published later has the period's moment: its late report
     * is late for it too, and its cells hide as in the whole table. */
    char *east = publish_ok(st, "2026-W47", "East", "csv", 0, NOW_MS + 3 * DAY_MS);
    assert_true(strncmp(east, "metric,East,total\r\n", 19) == 0);
    assert_line(east, "sessions,55,55");
    assert_line(east, "lang:en,suppressed,suppressed");
    assert_line(east, "lang:fi,suppressed,suppressed");
    assert_line(east, "need:money,suppressed,suppressed");
    assert_line(east, "feature:search,suppressed,suppressed");
    assert_line(east, "late:sessions,,32");
    assert_line(east, "published,,2026-12-03");
    assert_int_equal(published_count(st), 2);
    char *west = publish_ok(st, "2026-W47", "West library", "csv", 0, NOW_MS + 3 * DAY_MS);
    assert_line(west, "reports:late,,0");
    assert_null(strstr(west, "late:sessions"));
    free(west);
    free(east);
    free(again);
    free(first);
    store_close(st);
}

static void drafts_and_refusals(void **state)
{
    (void)state;
    struct store *st = store_fresh("draft.db");
    week_47(st);
    const struct count now[] = {{M_SESSIONS, 20}, {M_LANG_EN, 20}};
    add_report(st, "e1", "East", "2026-12-01", 1, NOW_MS - DAY_MS, now, ARRAY_LEN(now));
    char *out, err[512];

    /* Week 49 runs to 6 December. */
    assert_int_equal(publish(st, "2026-W49", NULL, "csv", 0, NOW_MS, &out, err, sizeof err),
                     PUBLISH_REFUSED);
    assert_string_equal(err, "2026-W49 has not ended: it runs to 2026-12-06. Publish it after "
                             "that, or look at a draft with --draft");
    assert_string_equal(out, "");
    free(out);
    assert_int_equal(publish(st, "2026-12", NULL, "csv", 0, NOW_MS, &out, err, sizeof err),
                     PUBLISH_REFUSED);
    free(out);
    /* On its last day it has still not ended. */
    assert_int_equal(
        publish(st, "2026-W48", NULL, "csv", 0, NOW_MS - 4 * DAY_MS, &out, err, sizeof err),
        PUBLISH_REFUSED);
    free(out);

    out = publish_ok(st, "2026-W49", NULL, "csv", 1, NOW_MS);
    assert_line(out, "sessions,20,20");
    assert_line(out, "status,,draft");
    assert_line(out, "draft-made,,2026-12-03");
    assert_non_null(strstr(out, "DRAFT made on 3 December 2026"));
    assert_null(strstr(out, "late"));
    free(out);
    out = publish_ok(st, "2026-W49", NULL, "json", 1, NOW_MS);
    json_error_t jerr;
    json_t *j = json_loads(out, 0, &jerr);
    assert_non_null(j);
    assert_true(json_is_true(json_object_get(j, "draft")));
    assert_true(json_is_null(json_object_get(j, "published")));
    assert_true(json_is_null(json_object_get(j, "late")));
    json_decref(j);
    free(out);
    assert_int_equal(published_count(st), 0);

    /* Usage errors name their flag. */
    static const struct {
        const char *period, *group, *format, *err;
    } bad[] = {
        {"2026-W54", NULL, "csv", "--period: \"2026-W54\": 2026 has ISO weeks 01 to 53"},
        {"2026-13", NULL, "csv", "--period: \"2026-13\": months are 01 to 12"},
        {NULL, NULL, "csv", "--period: missing: a week (2026-W49) or a month (2026-12)"},
        {"2026-W47", NULL, "xml", "--format: \"xml\": use csv, json or html"},
        {"2026-W47", NULL, NULL, "--format: missing: csv, json or html"},
        {"2026-W47", "Nowhere", "csv", "--group: no kiosk counts for a group \"Nowhere\""},
        {"2026-W47", "", "csv", "--group: a group's name is UTF-8 text, not empty"},
        {"2026-W47", "bad\xff", "csv", "--group: a group's name is UTF-8 text, not empty"},
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        int rc = publish(st, bad[i].period, bad[i].group, bad[i].format, 0, NOW_MS, &out, err,
                         sizeof err);
        assert_int_equal(rc, PUBLISH_USAGE);
        assert_string_equal(err, bad[i].err);
        assert_string_equal(out, "");
        free(out);
    }
    assert_int_equal(published_count(st), 0);

    /* A group with kiosks but no report yet is all zeros. */
    out = publish_ok(st, "2026-W47", "North", "csv", 0, NOW_MS);
    assert_line(out, "sessions,0,0");
    free(out);
    store_close(st);
}

static void monthly_sensitive(void **state)
{
    (void)state;
    struct store *st = store_fresh("monthly.db");
    week_47(st);
    char *csv = publish_ok(st, "2026-11", NULL, "csv", 0, NOW_MS);
    /* November holds all five reports. Violence: 4 + 3 + 9 * 3 = 34. */
    assert_line(csv, "sessions,55,120,175");
    assert_line(csv, "need:violence,,,30");
    assert_line(csv, "need:mental-health,,,suppressed");
    assert_non_null(strstr(csv, "note,,,\"Sensitive needs are shown only for the groups together"));
    free(csv);

    char *json = publish_ok(st, "2026-11", NULL, "json", 0, NOW_MS);
    json_error_t jerr;
    json_t *j = json_loads(json, 0, &jerr);
    if (!j)
        fail_msg("JSON: %s\n%s", jerr.text, json);
    assert_string_equal(json_string_value(json_object_get(j, "period")), "2026-11");
    assert_string_equal(json_string_value(json_object_get(j, "published")), "2026-12-03");
    assert_true(json_is_false(json_object_get(j, "draft")));
    json_t *groups = json_object_get(j, "groups");
    assert_int_equal(json_array_size(groups), 2);
    assert_string_equal(json_string_value(json_array_get(groups, 1)), "West library");
    json_t *rows = json_object_get(j, "rows"), *row;
    size_t i;
    int seen = 0;
    json_array_foreach(rows, i, row)
    {
        const char *metric = json_string_value(json_object_get(row, "metric"));
        json_t *cells = json_object_get(row, "cells");
        if (strcmp(metric, "sessions") == 0) {
            assert_int_equal(json_integer_value(json_object_get(cells, "East")), 55);
            assert_int_equal(json_integer_value(json_object_get(row, "total")), 175);
            seen++;
        } else if (strcmp(metric, "need:money") == 0) {
            /* 3 and 24: the 3 hides the 24 with it. */
            assert_true(json_is_null(json_object_get(cells, "East")));
            assert_true(json_is_null(json_object_get(cells, "West library")));
            assert_int_equal(json_integer_value(json_object_get(row, "total")), 27);
            seen++;
        } else if (strcmp(metric, "need:violence") == 0) {
            assert_int_equal(json_object_size(cells), 0);
            assert_int_equal(json_integer_value(json_object_get(row, "total")), 30);
            assert_true(json_is_true(json_object_get(row, "rounded")));
            seen++;
        }
    }
    assert_int_equal(seen, 3);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "late"), "reports")), 0);
    assert_true(json_array_size(json_object_get(j, "notes")) >= 5);
    json_decref(j);
    free(json);
    store_close(st);
}

static void html_page(void **state)
{
    (void)state;
    struct store *st = store_fresh("html.db");
    add_kiosk(st, "k1", "Kallio \"<b>\" & Co");
    add_kiosk(st, "k2", "Pasila");
    const struct count a[] = {{M_SESSIONS, 64},
                              {M_LANG_FI, 60},
                              {M_LANG_SO, 4},
                              {M_NEED_HOUSING, 22},
                              {M_NEED_HEALTH, 7}};
    const struct count b[] = {
        {M_SESSIONS, 31}, {M_LANG_FI, 31}, {M_NEED_HOUSING, 13}, {M_NEED_HEALTH, 18}};
    add_report(st, "k1", "Kallio \"<b>\" & Co", "2026-11-03", 1, NOW_MS - 20 * DAY_MS, a,
               ARRAY_LEN(a));
    add_report(st, "k2", "Pasila", "2026-11-04", 1, NOW_MS - 20 * DAY_MS, b, ARRAY_LEN(b));
    char *html = publish_ok(st, "2026-W45", NULL, "html", 0, NOW_MS);
    assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
    assert_non_null(strstr(html, "<meta name=\"viewport\""));
    assert_non_null(strstr(html, "<html lang=\"en\">"));
    assert_non_null(strstr(html, "Kallio &quot;&lt;b&gt;&quot; &amp; Co"));
    assert_null(strstr(html, "\"<b>\""));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "http://"));
    assert_null(strstr(html, "https://"));
    assert_null(strstr(html, "@import"));
    assert_null(strstr(html, "url("));
    assert_non_null(strstr(html, "<svg"));
    assert_non_null(strstr(html, "Week 45, 2026"));
    assert_non_null(strstr(html, "2 November \xe2\x80\x93 8 November 2026"));
    assert_non_null(strstr(html, "Published on <strong>3 December 2026</strong>"));
    assert_non_null(strstr(html, "published monthly only"));
    assert_non_null(strstr(html, "&lt;10"));
    assert_null(strstr(html, "DRAFT"));
    free(html);
    store_close(st);
}

static void to_file(void **state)
{
    (void)state;
    struct store *st = store_fresh("file.db");
    week_47(st);
    struct publish_options o = {"2026-W47", NULL, "json", 0, NOW_MS};
    char err[512];
    const char *path = tmp_path("out.json");
    assert_int_equal(publish_to_file(st, &o, path, err, sizeof err), 0);
    size_t len;
    char *text = slurp(path, &len);
    assert_true(len > 100 && text[0] == '{');
    free(text);
    /* A failure leaves the file as it was. */
    o.period = "2026-W49";
    assert_int_equal(publish_to_file(st, &o, path, err, sizeof err), PUBLISH_REFUSED);
    text = slurp(path, &len);
    assert_true(len > 100 && text[0] == '{');
    free(text);
    unlink(path);
    store_close(st);
}

static int setup(void **state)
{
    (void)state;
    if (clock_set_zone("UTC") != 0)
        return -1;
    return tmpdir_create("test_publish");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(period_parsing),
        cmocka_unit_test(iso_weeks),
        cmocka_unit_test(small_cell_in_a_row),
        cmocka_unit_test(chain_across_rows_and_columns),
        cmocka_unit_test(bridge_between_two_squares),
        cmocka_unit_test(everything_small),
        cmocka_unit_test(zeros),
        cmocka_unit_test(one_group),
        cmocka_unit_test(random_tables),
        cmocka_unit_test(rounding),
        cmocka_unit_test(escaping),
        cmocka_unit_test(every_metric_has_a_label),
        cmocka_unit_test(weekly_csv),
        cmocka_unit_test(frozen_and_late),
        cmocka_unit_test(drafts_and_refusals),
        cmocka_unit_test(monthly_sensitive),
        cmocka_unit_test(html_page),
        cmocka_unit_test(to_file),
    };
    return cmocka_run_group_tests(tests, setup, remove_tmpdir);
}
