/* publish.c: the city's usage figures (see publish.h).
 *
 * Three steps. Reading: one query sums the period's reports by group and
 * by whether each came before the period's publication moment or after it
 * (late), inside the transaction that records that moment. Hiding: the
 * sums become the table of every group of the period, and suppression runs
 * on that whole table even when one group is asked for, so a group's own
 * publication hides exactly the cells the all-groups one hides and the two
 * together tell nothing more than either. Writing: the table goes out as
 * CSV, JSON or HTML into memory first; it reaches the caller's stream only
 * after the commit, in one piece, so a failure writes nothing.
 *
 * Suppression sees the table as a graph: each line (row or column) is a
 * vertex and each hidden cell an edge between its row and its column. The
 * sums give a hidden cell away exactly when its edge lies on no cycle (a
 * bridge): cutting it splits the lines in two, and the sums of one side,
 * less those of the other, are that cell. On a cycle it can move up and
 * down with its neighbours without any sum showing it. So cells are hidden
 * until no edge is a bridge: first by the classic rule (a line with one
 * hidden cell hides its smallest other non-zero cell), then, for bridges
 * that rule cannot see, by hiding the smallest cell that closes a cycle.
 */
#include "frontdoor/publish.h"

#include "frontdoor/clock.h"
#include "frontdoor/mem.h"
#include "frontdoor/report.h"
#include "frontdoor/store.h"

#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_GROUPS 1000      /* columns of one table */
#define CHART_LABEL_CHARS 30 /* characters of a name beside a bar; longer ones are cut */
#define NO_CUT INT64_MAX     /* a moment after every report: a draft before publication */
/* Late reports are often one kiosk that was offline for a day: their
 * figures wait until there are this many, so that none is one kiosk's day. */
#define LATE_MIN_REPORTS 3

/* ---- Names a reader sees ---- */

static const struct {
    int metric;
    const char *label;
} labels[] = {
    {M_SESSIONS, "Sessions"},
    {M_LANG_EN, "English"},
    {M_LANG_FI, "Finnish"},
    {M_LANG_SV, "Swedish"},
    {M_LANG_DA, "Danish"},
    {M_LANG_NB, "Norwegian"},
    {M_LANG_ES, "Spanish"},
    {M_LANG_AR, "Arabic"},
    {M_LANG_FA, "Persian"},
    {M_LANG_UK, "Ukrainian"},
    {M_LANG_RU, "Russian"},
    {M_LANG_SO, "Somali"},
    {M_LANG_TI, "Tigrinya"},
    {M_LANG_OTHER, "Other languages"},
    {M_NEED_MONEY, "Money and bills"},
    {M_NEED_HOUSING, "Housing"},
    {M_NEED_WORK_STUDY, "Work and studies"},
    {M_NEED_INTEGRATION, "Settling in"},
    {M_NEED_FAMILY_YOUTH, "Families and young people"},
    {M_NEED_HEALTH, "Health"},
    {M_NEED_DIGITAL, "Computers and phones"},
    {M_NEED_OTHER, "Other needs"},
    {M_NEED_MENTAL_HEALTH, "Mental health"},
    {M_NEED_ADDICTION, "Alcohol, drugs, gambling"},
    {M_NEED_NEWCOMERS, "New in the country"},
    {M_NEED_VIOLENCE, "Violence"},
    {M_NEED_LEGAL, "Legal advice"},
    {M_NEED_WORRIED, "Worried about someone"},
    {M_NEED_OTHER_SENSITIVE, "Other sensitive needs"},
    {M_FEATURE_SERVICE, "Opened a service"},
    {M_FEATURE_QR, "Took details by QR code"},
    {M_FEATURE_URGENT, "Opened urgent help"},
    {M_FEATURE_TALK, "Asked to talk to someone"},
    {M_FEATURE_COUNTS_INFO, "Read how the kiosk counts"},
    {M_FEATURE_QUICK_EXIT, "Used quick exit"},
    {M_FEATURE_IDLE_RESET, "Left and timed out"},
    {M_FEATURE_SEARCH, "Searched"},
    {M_FEATURE_FILTER, "Used a filter"},
    {M_FEATURE_SPEECH, "Listened to read-aloud"},
    {M_FEATURE_LARGE_TEXT, "Large text"},
    {M_FEATURE_HIGH_CONTRAST, "High contrast"},
    {M_FEATURE_LESSON, "Took the lesson"},
};

const char *publish_metric_label(int m)
{
    for (size_t i = 0; i < ARRAY_LEN(labels); i++) {
        if (labels[i].metric == m)
            return labels[i].label;
    }
    return report_metric_name(m);
}

static int has_prefix(int m, const char *prefix)
{
    return strncmp(report_metric_name(m), prefix, strlen(prefix)) == 0;
}

/* ---- Calendar ---- */

/* Days since 1970-01-01 of a date, and back (H. Hinnant's algorithms). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400) + (*m <= 2);
}

/* 1 = Monday ... 7 = Sunday; 1970-01-01 was a Thursday. */
static int weekday_of(int64_t days)
{
    return (int)(((days % 7) + 7 + 3) % 7) + 1;
}

/* The Monday of week 1 of ISO year `year`: the week that holds 4 January. */
static int64_t week_one(int year)
{
    int64_t jan4 = days_from_civil(year, 1, 4);
    return jan4 - (weekday_of(jan4) - 1);
}

int publish_iso_weeks(int year)
{
    return (int)((week_one(year + 1) - week_one(year)) / 7);
}

void publish_iso_week(int year, int month, int day, int *iso_year, int *week)
{
    int64_t d = days_from_civil(year, month, day);
    int y = year;
    if (d < week_one(y))
        y--;
    else if (d >= week_one(y + 1))
        y++;
    *iso_year = y;
    *week = (int)((d - week_one(y)) / 7) + 1;
}

static void day_label(int64_t days, char out[11])
{
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    xsnprintf(out, 11, "%04d-%02d-%02d", y % 10000, m, d);
}

static int all_digits(const char *s, int n)
{
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
    }
    return 1;
}

static int number_of(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int publish_period_parse(const char *s, struct publish_period *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(s);
    int week = len == 8 && s[4] == '-' && s[5] == 'W' && all_digits(s, 4) && all_digits(s + 6, 2);
    int month = len == 7 && s[4] == '-' && all_digits(s, 4) && all_digits(s + 5, 2);
    if (!week && !month) {
        xsnprintf(err, errlen,
                  "\"%s\" is not a period: write a week as YYYY-Www (2026-W49) or a month as "
                  "YYYY-MM (2026-12)",
                  s);
        return -1;
    }
    int year = number_of(s, 4);
    if (year < 1970) {
        xsnprintf(err, errlen, "\"%s\": the year must be 1970 or later", s);
        return -1;
    }
    if (month) {
        int m = number_of(s + 5, 2);
        if (m < 1 || m > 12) {
            xsnprintf(err, errlen, "\"%s\": months are 01 to 12", s);
            return -1;
        }
        int64_t first = days_from_civil(year, m, 1);
        int64_t next = m == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, m + 1, 1);
        out->monthly = 1;
        out->year = year;
        out->number = m;
        day_label(first, out->first);
        day_label(next - 1, out->last);
        return 0;
    }
    int w = number_of(s + 6, 2), weeks = publish_iso_weeks(year);
    if (w < 1 || w > weeks) {
        xsnprintf(err, errlen, "\"%s\": %d has ISO weeks 01 to %d", s, year, weeks);
        return -1;
    }
    int64_t monday = week_one(year) + (int64_t)(w - 1) * 7;
    out->year = year;
    out->number = w;
    day_label(monday, out->first);
    day_label(monday + 6, out->last);
    return 0;
}

/* ---- Suppression ---- */

struct grid {
    const int64_t *v;
    unsigned char *hidden;
    int rows, cols, total_row;
};

static int n_lines(const struct grid *g)
{
    return g->rows + (g->total_row ? g->cols : 0);
}

/* Lines are the rows, then (with a total row) the columns. */
static int line_len(const struct grid *g, int line)
{
    return line < g->rows ? g->cols : g->rows;
}

static int line_cell(const struct grid *g, int line, int k)
{
    return line < g->rows ? line * g->cols + k : k * g->cols + (line - g->rows);
}

/* 1 when cell `a` is a better one to hide than cell `b` (or no cell, -1):
 * non-zero before zero, then the smallest, then the first. */
static int better(const struct grid *g, int a, int b)
{
    if (b < 0)
        return 1;
    int64_t va = g->v[a], vb = g->v[b];
    if ((va == 0) != (vb == 0))
        return va != 0;
    return va < vb || (va == vb && a < b);
}

/* The classic rule, one pass: a line with one hidden cell hides its best
 * other cell. Returns 1 when it hid something. */
static int hide_lonely(struct grid *g)
{
    int changed = 0;
    for (int l = 0; l < n_lines(g); l++) {
        int hidden = 0, best = -1;
        for (int k = 0; k < line_len(g, l); k++)
            hidden += g->hidden[line_cell(g, l, k)];
        if (hidden != 1)
            continue;
        for (int k = 0; k < line_len(g, l); k++) {
            int c = line_cell(g, l, k);
            if (!g->hidden[c] && better(g, c, best))
                best = c;
        }
        if (best >= 0) {
            g->hidden[best] = 1;
            changed = 1;
        }
    }
    return changed;
}

/* Marks in `seen` the lines that hidden cells link to line `from`, not
 * through cell `skip`. Vertices: rows 0..rows-1, then columns. */
static void reach(const struct grid *g, int from, int skip, unsigned char *seen, int *stack)
{
    int top = 0;
    memset(seen, 0, (size_t)(g->rows + g->cols));
    seen[from] = 1;
    stack[top++] = from;
    while (top > 0) {
        int u = stack[--top];
        int is_row = u < g->rows, n = is_row ? g->cols : g->rows;
        for (int k = 0; k < n; k++) {
            int cell = is_row ? u * g->cols + k : k * g->cols + (u - g->rows);
            int w = is_row ? g->rows + k : k;
            if (cell != skip && g->hidden[cell] && !seen[w]) {
                seen[w] = 1;
                stack[top++] = w;
            }
        }
    }
}

/* Finds a hidden cell the sums give away (a bridge) and hides the best
 * cell linking the two sides it separates. Returns 1 when it hid one. */
static int hide_for_bridge(struct grid *g)
{
    int nv = g->rows + g->cols, changed = 0;
    unsigned char *a = xmalloc((size_t)nv), *b = xmalloc((size_t)nv);
    int *stack = xmalloc((size_t)nv * sizeof *stack);
    for (int e = 0; e < g->rows * g->cols && !changed; e++) {
        if (!g->hidden[e])
            continue;
        int r = e / g->cols, c = g->rows + e % g->cols;
        reach(g, r, e, a, stack);
        if (a[c])
            continue; /* on a cycle */
        reach(g, c, e, b, stack);
        int best = -1;
        for (int x = 0; x < g->rows * g->cols; x++) {
            int xr = x / g->cols, xc = g->rows + x % g->cols;
            if (!g->hidden[x] && ((a[xr] && b[xc]) || (b[xr] && a[xc])) && better(g, x, best))
                best = x;
        }
        if (best >= 0) {
            g->hidden[best] = 1;
            changed = 1;
        }
    }
    free(stack);
    free(b);
    free(a);
    return changed;
}

int publish_suppress(const int64_t *v, int rows, int cols, int total_row, unsigned char *hidden)
{
    struct grid g = {v, hidden, rows, cols, total_row};
    int n = rows * cols, count = 0;
    for (int i = 0; i < n; i++)
        hidden[i] = v[i] >= 1 && v[i] <= 9;
    for (;;) {
        if (hide_lonely(&g))
            continue;
        /* Without a total row the columns sum to nothing: a row is its own
         * equation and the classic rule is the whole story. */
        if (total_row && hide_for_bridge(&g))
            continue;
        break;
    }
    for (int i = 0; i < n; i++)
        count += hidden[i];
    return count;
}

int64_t publish_round10(int64_t v)
{
    return (v + 5) / 10 * 10;
}

/* A sensitive figure as published: rounded, and hidden below 10. */
static int64_t rounded(int64_t v, unsigned char *hidden)
{
    int64_t r = publish_round10(v);
    *hidden = r < 10;
    return r;
}

/* ---- Text ---- */

void publish_html_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

/* 1 when `s` is UTF-8 without control characters: a name fit for every
 * format. */
static int text_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x20 || *p == 0x7f)
            return 0;
        if (*p < 0x80) {
            p++;
            continue;
        }
        int more;
        uint32_t c, min;
        if ((*p & 0xe0) == 0xc0) {
            more = 1;
            c = *p & 0x1f;
            min = 0x80;
        } else if ((*p & 0xf0) == 0xe0) {
            more = 2;
            c = *p & 0x0f;
            min = 0x800;
        } else if ((*p & 0xf8) == 0xf0) {
            more = 3;
            c = *p & 0x07;
            min = 0x10000;
        } else {
            return 0;
        }
        p++;
        for (int i = 0; i < more; i++, p++) {
            if ((*p & 0xc0) != 0x80)
                return 0;
            c = c << 6 | (*p & 0x3f);
        }
        if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
            return 0;
    }
    return 1;
}

static const char *const month_names[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

/* "2026-12-08" as "8 December 2026"; with `year` 0, "8 December". */
static void human_day(const char *label, int year, char *out, size_t size)
{
    int y = number_of(label, 4), m = number_of(label + 5, 2), d = number_of(label + 8, 2);
    if (year)
        xsnprintf(out, size, "%d %s %d", d, month_names[m - 1], y);
    else
        xsnprintf(out, size, "%d %s", d, month_names[m - 1]);
}

/* The local day of `ms` as a label. */
static void day_of_ms(int64_t ms, char out[11])
{
    struct fd_tm t = clock_local(ms);
    xsnprintf(out, 11, "%04d-%02d-%02d", t.year % 10000, t.month, t.day);
}

/* `v` with thousands separated: "12,345". */
static void human_count(int64_t v, char *out, size_t size)
{
    char digits[24];
    xsnprintf(digits, sizeof digits, "%" PRId64, v);
    size_t n = strlen(digits), o = 0;
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        if (i > 0 && digits[0] != '-' && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

/* ---- Reading ---- */

struct group_sums {
    char *name;
    int64_t reports, untrusted, kiosks;
    int64_t counts[N_METRICS];
};

struct sums {
    struct group_sums *g; /* received by the cut: every group of the period, by name */
    size_t n, cap;
    struct group_sums late; /* received after it: the groups asked, together */
    int64_t kiosks;         /* distinct kiosks of the groups asked, by the cut */
};

static void sums_free(struct sums *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->g[i].name);
    free(s->g);
}

static struct group_sums *sums_add(struct sums *s, const char *name)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 8;
        s->g = xrealloc(s->g, s->cap * sizeof *s->g);
    }
    struct group_sums *g = &s->g[s->n++];
    memset(g, 0, sizeof *g);
    g->name = xstrdup(name);
    return g;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct group_sums *)a)->name, ((const struct group_sums *)b)->name);
}

static int64_t cell_int(const struct store_rows *r, size_t row, size_t col)
{
    const char *s = STORE_CELL(r, row, col);
    return s ? strtoll(s, NULL, 10) : 0;
}

/* The sums by group and lateness: grp, late, reports, untrusted, kiosks,
 * then one sum per metric. $1 and $2 the days, $3 the cut. */
static char *sums_sql(void)
{
    size_t size = 512 + (size_t)N_METRICS * 48, used = 0;
    char *sql = xmalloc(size);
    char col[64];
    sql[0] = '\0';
    int rc = xappend(sql, size, &used,
                     "SELECT grp, late, count(*), "
                     "sum(CASE WHEN clock_trusted = 0 THEN 1 ELSE 0 END), "
                     "count(DISTINCT kiosk_id)");
    for (int m = 0; m < N_METRICS && rc == 0; m++) {
        report_metric_column(m, col, sizeof col);
        rc = xappend(sql, size, &used, ", sum(%s)", col);
    }
    if (rc == 0)
        rc = xappend(sql, size, &used,
                     " FROM (SELECT *, CASE WHEN received_ms <= $3 THEN 0 ELSE 1 END AS late"
                     " FROM report WHERE day >= $1 AND day <= $2) AS r GROUP BY grp, late");
    if (rc != 0) {
        /* The size above is a bound on the metric list: this cannot happen. */
        fprintf(stderr, "frontdoor: publish query longer than %zu bytes\n", size);
        abort();
    }
    return sql;
}

static int store_fail(struct store *st, char *err, size_t errlen)
{
    xsnprintf(err, errlen, "store: %s", store_errmsg(st));
    return PUBLISH_ERROR;
}

static int sums_load(struct store *st, const struct publish_period *p, const char *group,
                     int64_t cut, struct sums *s, char *err, size_t errlen)
{
    char cut_s[24];
    xsnprintf(cut_s, sizeof cut_s, "%" PRId64, cut);
    const char *params[] = {p->first, p->last, cut_s, group};
    struct store_rows rows;
    char *sql = sums_sql();
    int rc = store_query(st, sql, params, 3, &rows);
    free(sql);
    if (rc != 0)
        return store_fail(st, err, errlen);
    for (size_t i = 0; i < rows.n_rows && rc == 0; i++) {
        const char *grp = STORE_CELL(&rows, i, 0) ? STORE_CELL(&rows, i, 0) : "";
        struct group_sums *g;
        if (!text_ok(grp)) {
            xsnprintf(err, errlen, "a group's name is not UTF-8 text: fix it with add-kiosk");
            rc = PUBLISH_ERROR;
        } else if (cell_int(&rows, i, 1) == 0) {
            if (s->n == MAX_GROUPS) {
                xsnprintf(err, errlen, "more than %d groups: publish them one by one with --group",
                          MAX_GROUPS);
                rc = PUBLISH_ERROR;
                continue;
            }
            g = sums_add(s, grp);
            g->reports = cell_int(&rows, i, 2);
            g->untrusted = cell_int(&rows, i, 3);
            g->kiosks = cell_int(&rows, i, 4);
            for (int m = 0; m < N_METRICS; m++)
                g->counts[m] = cell_int(&rows, i, 5 + (size_t)m);
        } else if (!group || strcmp(group, grp) == 0) {
            g = &s->late;
            g->reports += cell_int(&rows, i, 2);
            g->untrusted += cell_int(&rows, i, 3);
            for (int m = 0; m < N_METRICS; m++)
                g->counts[m] += cell_int(&rows, i, 5 + (size_t)m);
        }
    }
    store_rows_free(&rows);
    if (rc != 0)
        return rc;
    qsort(s->g, s->n, sizeof *s->g, by_name);

    static const char kiosks_all[] = "SELECT count(DISTINCT kiosk_id) FROM report"
                                     " WHERE day >= $1 AND day <= $2 AND received_ms <= $3";
    static const char kiosks_one[] = "SELECT count(DISTINCT kiosk_id) FROM report"
                                     " WHERE day >= $1 AND day <= $2 AND received_ms <= $3"
                                     " AND grp = $4";
    if (store_query(st, group ? kiosks_one : kiosks_all, params, group ? 4 : 3, &rows) != 0)
        return store_fail(st, err, errlen);
    s->kiosks = rows.n_rows ? cell_int(&rows, 0, 0) : 0;
    store_rows_free(&rows);
    return 0;
}

/* The index of group `name` among the period's groups. A group with no
 * report by the cut, but with kiosks or late reports, joins with zeros; one
 * nobody has heard of is a wrong command line. */
static int find_group(struct store *st, struct sums *s, const char *name, size_t *out, char *err,
                      size_t errlen)
{
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->g[i].name, name) == 0) {
            *out = i;
            return 0;
        }
    }
    if (s->late.reports == 0) {
        struct store_rows rows;
        const char *params[] = {name};
        if (store_query(st, "SELECT count(*) FROM kiosk WHERE grp = $1", params, 1, &rows) != 0)
            return store_fail(st, err, errlen);
        int64_t kiosks = rows.n_rows ? cell_int(&rows, 0, 0) : 0;
        store_rows_free(&rows);
        if (kiosks == 0) {
            xsnprintf(err, errlen, "--group: no kiosk counts for a group \"%s\"", name);
            return PUBLISH_USAGE;
        }
    }
    sums_add(s, name);
    qsort(s->g, s->n, sizeof *s->g, by_name);
    return find_group(st, s, name, out, err, errlen);
}

/* ---- The publication moment ---- */

struct moment {
    int64_t cut_ms; /* reports received by then are in the figures */
    int frozen;     /* published: cut_ms is the period's publication moment */
    int draft;
};

/* The moment `sql` reads, if there is one (SQL NULL is none). */
static int read_moment(struct store *st, const char *sql, const char *const *params, int n,
                       int64_t *ms, int *found, char *err, size_t errlen)
{
    struct store_rows rows;
    if (store_query(st, sql, params, n, &rows) != 0)
        return store_fail(st, err, errlen);
    *found = rows.n_rows == 1 && STORE_CELL(&rows, 0, 0) != NULL;
    if (*found)
        *ms = cell_int(&rows, 0, 0);
    store_rows_free(&rows);
    return 0;
}

static const char moment_own[] =
    "SELECT published_ms FROM published WHERE period = $1 AND grp = $2";
static const char moment_first[] = "SELECT min(published_ms) FROM published WHERE period = $1";

static int freeze(struct store *st, const struct publish_options *o, const struct publish_period *p,
                  struct moment *when, char *err, size_t errlen)
{
    char cut_s[24];
    const char *params[] = {o->period, o->group ? o->group : "", cut_s};
    int found, rc;
    memset(when, 0, sizeof *when);
    rc = read_moment(st, moment_own, params, 2, &when->cut_ms, &found, err, errlen);
    if (rc != 0 || found) {
        when->frozen = found;
        return rc;
    }
    /* One moment per period, whichever group came first. */
    rc = read_moment(st, moment_first, params, 1, &when->cut_ms, &found, err, errlen);
    if (rc != 0)
        return rc;
    if (!found)
        when->cut_ms = o->draft ? NO_CUT : o->now_ms;
    if (o->draft) {
        when->draft = 1;
        return 0;
    }
    char today[11];
    day_of_ms(o->now_ms, today);
    if (strcmp(today, p->last) <= 0) {
        xsnprintf(err, errlen,
                  "%s has not ended: it runs to %s. Publish it after that, or look at a draft "
                  "with --draft",
                  o->period, p->last);
        return PUBLISH_REFUSED;
    }
    xsnprintf(cut_s, sizeof cut_s, "%" PRId64, when->cut_ms);
    if (store_exec(st,
                   "INSERT INTO published (period, grp, published_ms) VALUES ($1, $2, $3)"
                   " ON CONFLICT DO NOTHING",
                   params, 3) < 0)
        return store_fail(st, err, errlen);
    /* Another collector may have won the race: what stands is what counts. */
    rc = read_moment(st, moment_own, params, 2, &when->cut_ms, &found, err, errlen);
    if (rc == 0 && !found) {
        xsnprintf(err, errlen, "store: the publication of %s was not recorded", o->period);
        rc = PUBLISH_ERROR;
    }
    when->frozen = 1;
    return rc;
}

/* ---- The table ---- */

struct table {
    const char *period;
    const char *group; /* NULL: every group */
    struct publish_period p;
    struct moment when;
    char made[11];  /* the day it was published, or the draft made */
    char since[11]; /* the day of the period's publication; "" before one */
    size_t n_cols;  /* groups shown; column n_cols is the total */
    const struct group_sums **cols;
    int n_rows;
    int metric[N_METRICS];
    int64_t *v;            /* n_rows x (n_cols + 1) */
    unsigned char *hidden; /* the same */
    int64_t reports, untrusted, kiosks;
    int64_t late_reports;
    int late_shown;            /* at least LATE_MIN_REPORTS: their figures are shown */
    int64_t late_v[N_METRICS]; /* by metric: the groups shown together */
    unsigned char late_hidden[N_METRICS];
};

static size_t at(const struct table *t, int row, size_t col)
{
    return (size_t)row * (t->n_cols + 1) + col;
}

/* Suppresses the metrics `ms` (with `total` >= 0, that metric their total
 * row) over the groups `g`, into hide[metric * (n + 1) + column]. */
static void suppress_block(const struct group_sums *g, size_t n, const int *ms, int n_ms, int total,
                           unsigned char *hide)
{
    int rows = n_ms + (total >= 0), cols = (int)n + 1;
    int64_t *v = xcalloc((size_t)(rows * cols), sizeof *v);
    unsigned char *h = xcalloc((size_t)(rows * cols), 1);
    for (int r = 0; r < rows; r++) {
        int m = r < n_ms ? ms[r] : total;
        int64_t sum = 0;
        for (size_t c = 0; c < n; c++) {
            v[r * cols + (int)c] = g[c].counts[m];
            sum += g[c].counts[m];
        }
        v[r * cols + (int)n] = sum;
    }
    if (n > 0)
        publish_suppress(v, rows, cols, total >= 0, h);
    for (int r = 0; r < rows; r++) {
        int m = r < n_ms ? ms[r] : total;
        memcpy(hide + (size_t)m * (n + 1), h + r * cols, (size_t)cols);
    }
    free(h);
    free(v);
}

/* Hidden flags by (metric, group) for the groups `g`: languages with
 * sessions as their total row, the other open metrics row by row. */
static unsigned char *suppress_all(const struct group_sums *g, size_t n)
{
    int langs[N_METRICS], others[N_METRICS], n_langs = 0, n_others = 0;
    for (int m = 0; m < N_METRICS; m++) {
        if (has_prefix(m, "lang:"))
            langs[n_langs++] = m;
        else if (m != M_SESSIONS && !report_metric_sensitive(m))
            others[n_others++] = m;
    }
    unsigned char *hide = xcalloc((size_t)N_METRICS * (n + 1), 1);
    suppress_block(g, n, langs, n_langs, M_SESSIONS, hide);
    suppress_block(g, n, others, n_others, -1, hide);
    return hide;
}

static void table_build(struct table *t, const struct sums *s, size_t asked)
{
    int weekly = !t->p.monthly;
    t->n_cols = t->group ? 1 : s->n;
    t->cols = xcalloc(t->n_cols ? t->n_cols : 1, sizeof *t->cols);
    for (size_t c = 0; c < t->n_cols; c++)
        t->cols[c] = &s->g[t->group ? asked : c];
    for (int m = 0; m < N_METRICS; m++) {
        if (!(weekly && report_metric_sensitive(m)))
            t->metric[t->n_rows++] = m;
    }
    t->v = xcalloc((size_t)t->n_rows * (t->n_cols + 1), sizeof *t->v);
    t->hidden = xcalloc((size_t)t->n_rows * (t->n_cols + 1), 1);

    /* Hidden as in the table of every group, whatever is shown. */
    unsigned char *hide = suppress_all(s->g, s->n);
    size_t stride = s->n + 1;
    for (int r = 0; r < t->n_rows; r++) {
        int m = t->metric[r];
        int64_t sum = 0;
        for (size_t c = 0; c < t->n_cols; c++) {
            t->v[at(t, r, c)] = t->cols[c]->counts[m];
            sum += t->cols[c]->counts[m];
            t->hidden[at(t, r, c)] = hide[(size_t)m * stride + (t->group ? asked : c)];
        }
        if (report_metric_sensitive(m))
            t->v[at(t, r, t->n_cols)] = rounded(sum, &t->hidden[at(t, r, t->n_cols)]);
        else {
            t->v[at(t, r, t->n_cols)] = sum;
            t->hidden[at(t, r, t->n_cols)] = hide[(size_t)m * stride + (t->group ? asked : s->n)];
        }
    }
    free(hide);
    for (size_t c = 0; c < t->n_cols; c++) {
        t->reports += t->cols[c]->reports;
        t->untrusted += t->cols[c]->untrusted;
    }
    t->kiosks = s->kiosks;

    /* Late reports: the groups shown as one. */
    t->late_reports = s->late.reports;
    t->late_shown = t->late_reports >= LATE_MIN_REPORTS;
    unsigned char *late_hide = suppress_all(&s->late, 1);
    for (int m = 0; m < N_METRICS; m++) {
        t->late_v[m] = s->late.counts[m];
        t->late_hidden[m] = late_hide[(size_t)m * 2];
        if (report_metric_sensitive(m))
            t->late_v[m] = rounded(s->late.counts[m], &t->late_hidden[m]);
    }
    free(late_hide);
}

static void table_free(struct table *t)
{
    free(t->hidden);
    free(t->v);
    free(t->cols);
}

static int sensitive_row(const struct table *t, int r)
{
    return report_metric_sensitive(t->metric[r]);
}

/* ---- Notes, the same in every format ---- */

#define MAX_NOTES 8

struct notes {
    char text[MAX_NOTES][512];
    int n;
};

static void note(struct notes *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct notes *n, const char *fmt, ...)
{
    va_list ap;
    if (n->n == MAX_NOTES)
        return;
    va_start(ap, fmt);
    vsnprintf(n->text[n->n++], sizeof n->text[0], fmt, ap);
    va_end(ap);
}

static void notes_make(const struct table *t, struct notes *n)
{
    char made[40];
    human_day(t->made, 1, made, sizeof made);
    n->n = 0;
    note(n, "Counts of sessions on Frontdoor kiosks and of what they used, each at most once per "
            "session, summed from the kiosks' daily reports for days in the period. No person, "
            "kiosk or single day is shown.");
    note(n, "Counts of 1 to 9 are suppressed, and so are other counts that would let one be "
            "worked out from the totals.");
    if (t->p.monthly)
        note(n, "Sensitive needs are shown only for the groups together, rounded to the nearest "
                "10 and suppressed below 10; the kiosks add random noise to them before sending.");
    else
        note(n, "Sensitive needs are not in weekly figures: they are published monthly only, "
                "rounded to the nearest 10.");
    if (t->untrusted > 0)
        note(n,
             "%" PRId64 " of the %" PRId64 " daily reports came from a kiosk whose clock was not "
             "set, so the day they count for may be wrong.",
             t->untrusted, t->reports);
    else
        note(n, "Every daily report came from a kiosk whose clock was set.");
    if (t->when.draft)
        note(n, "DRAFT made on %s: this period is not published and its figures may still change.",
             made);
    else
        note(n,
             "Published on %s from the reports received by then. Reports that arrive later are "
             "shown apart as late and never change these figures.",
             made);
    if (t->since[0]) {
        char since[40];
        human_day(t->since, 1, since, sizeof since);
        note(n, "%" PRId64 " late report%s arrived after publication on %s.", t->late_reports,
             t->late_reports == 1 ? "" : "s", since);
        if (t->late_reports > 0 && !t->late_shown)
            note(n,
                 "The figures of late reports are shown once at least %d have arrived, so that "
                 "none is one kiosk's day.",
                 LATE_MIN_REPORTS);
    }
}

/* ---- CSV (RFC 4180) ---- */

/* A text field, quoted when it must be; one a spreadsheet would run as a
 * formula is written with a leading apostrophe. */
static void csv_text(FILE *f, const char *s)
{
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', f);
    if (s[0] && strchr("=+-@", s[0]))
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    if (quote)
        fputc('"', f);
}

static void csv_count(FILE *f, int64_t v, int hidden)
{
    if (hidden)
        fputs(",suppressed", f);
    else
        fprintf(f, ",%" PRId64, v);
}

/* A row of the trailing section: a key, blank groups, and a value. */
static void csv_info(FILE *f, const struct table *t, const char *key, const char *value)
{
    csv_text(f, key);
    for (size_t c = 0; c < t->n_cols; c++)
        fputc(',', f);
    fputc(',', f);
    csv_text(f, value);
    fputs("\r\n", f);
}

enum per_group { PER_REPORTS, PER_UNTRUSTED, PER_KIOSKS };

static int64_t per_group(const struct group_sums *g, enum per_group what)
{
    switch (what) {
    case PER_REPORTS:
        return g->reports;
    case PER_UNTRUSTED:
        return g->untrusted;
    default:
        return g->kiosks;
    }
}

static void csv_per_group(FILE *f, const struct table *t, const char *key, enum per_group what,
                          int64_t total)
{
    fputs(key, f);
    for (size_t c = 0; c < t->n_cols; c++)
        fprintf(f, ",%" PRId64, per_group(t->cols[c], what));
    fprintf(f, ",%" PRId64 "\r\n", total);
}

static void write_csv(const struct table *t, const struct notes *n, FILE *f)
{
    fputs("metric", f);
    for (size_t c = 0; c < t->n_cols; c++) {
        fputc(',', f);
        csv_text(f, t->cols[c]->name);
    }
    fputs(",total\r\n", f);
    for (int r = 0; r < t->n_rows; r++) {
        fputs(report_metric_name(t->metric[r]), f);
        for (size_t c = 0; c < t->n_cols; c++) {
            if (sensitive_row(t, r))
                fputc(',', f);
            else
                csv_count(f, t->v[at(t, r, c)], t->hidden[at(t, r, c)]);
        }
        csv_count(f, t->v[at(t, r, t->n_cols)], t->hidden[at(t, r, t->n_cols)]);
        fputs("\r\n", f);
    }
    for (int r = 0; r < t->n_rows && t->late_shown; r++) {
        int m = t->metric[r];
        fprintf(f, "late:%s", report_metric_name(m));
        for (size_t c = 0; c < t->n_cols; c++)
            fputc(',', f);
        csv_count(f, t->late_v[m], t->late_hidden[m]);
        fputs("\r\n", f);
    }
    char num[24];
    csv_per_group(f, t, "reports", PER_REPORTS, t->reports);
    csv_per_group(f, t, "reports:untrusted-clock", PER_UNTRUSTED, t->untrusted);
    xsnprintf(num, sizeof num, "%" PRId64, t->late_reports);
    if (t->since[0])
        csv_info(f, t, "reports:late", num);
    csv_per_group(f, t, "kiosks", PER_KIOSKS, t->kiosks);
    csv_info(f, t, "period", t->period);
    csv_info(f, t, "first-day", t->p.first);
    csv_info(f, t, "last-day", t->p.last);
    csv_info(f, t, t->when.draft ? "draft-made" : "published", t->made);
    csv_info(f, t, "status", t->when.draft ? "draft" : "published");
    for (int i = 0; i < n->n; i++)
        csv_info(f, t, "note", n->text[i]);
}

/* ---- JSON ---- */

static json_t *json_count(int64_t v, int hidden)
{
    return hidden ? json_null() : json_integer(v);
}

static int write_json(const struct table *t, const struct notes *n, FILE *f)
{
    json_t *root = json_object(), *groups = json_array(), *rows = json_array();
    json_object_set_new(root, "period", json_string(t->period));
    json_object_set_new(root, "first_day", json_string(t->p.first));
    json_object_set_new(root, "last_day", json_string(t->p.last));
    for (size_t c = 0; c < t->n_cols; c++)
        json_array_append_new(groups, json_string(t->cols[c]->name));
    json_object_set_new(root, "groups", groups);
    json_object_set_new(root, "published", t->when.draft ? json_null() : json_string(t->made));
    json_object_set_new(root, "draft", json_boolean(t->when.draft));
    if (t->when.draft)
        json_object_set_new(root, "draft_made", json_string(t->made));
    json_t *reports = json_object();
    json_object_set_new(reports, "count", json_integer(t->reports));
    json_object_set_new(reports, "untrusted_clock", json_integer(t->untrusted));
    json_object_set_new(reports, "kiosks", json_integer(t->kiosks));
    json_object_set_new(root, "reports", reports);
    for (int r = 0; r < t->n_rows; r++) {
        json_t *row = json_object(), *cells = json_object();
        json_object_set_new(row, "metric", json_string(report_metric_name(t->metric[r])));
        json_object_set_new(row, "label", json_string(publish_metric_label(t->metric[r])));
        for (size_t c = 0; c < t->n_cols && !sensitive_row(t, r); c++)
            json_object_set_new(cells, t->cols[c]->name,
                                json_count(t->v[at(t, r, c)], t->hidden[at(t, r, c)]));
        json_object_set_new(row, "cells", cells);
        json_object_set_new(row, "total",
                            json_count(t->v[at(t, r, t->n_cols)], t->hidden[at(t, r, t->n_cols)]));
        if (sensitive_row(t, r))
            json_object_set_new(row, "rounded", json_true());
        json_array_append_new(rows, row);
    }
    json_object_set_new(root, "rows", rows);
    json_t *late = json_null();
    if (t->since[0]) {
        late = json_object();
        json_t *late_rows = json_array();
        json_object_set_new(late, "reports", json_integer(t->late_reports));
        json_object_set_new(late, "since", json_string(t->since));
        json_object_set_new(late, "shown", json_boolean(t->late_shown));
        for (int r = 0; r < t->n_rows && t->late_shown; r++) {
            int m = t->metric[r];
            json_t *row = json_object();
            json_object_set_new(row, "metric", json_string(report_metric_name(m)));
            json_object_set_new(row, "total", json_count(t->late_v[m], t->late_hidden[m]));
            json_array_append_new(late_rows, row);
        }
        json_object_set_new(late, "rows", late_rows);
    }
    json_object_set_new(root, "late", late);
    json_t *notes = json_array();
    for (int i = 0; i < n->n; i++)
        json_array_append_new(notes, json_string(n->text[i]));
    json_object_set_new(root, "notes", notes);
    int rc = json_dumpf(root, f, JSON_INDENT(2));
    fputc('\n', f);
    json_decref(root);
    return rc == 0 ? 0 : -1;
}

/* ---- HTML ---- */

static const char html_style[] =
    ":root{color-scheme:light}"
    "*{box-sizing:border-box}"
    "body{margin:0;background:#eef2f5;color:#17212b;"
    "font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",Arial,sans-serif;"
    "font-size:18px;line-height:1.5;-webkit-text-size-adjust:100%}"
    "header{background:#0b3d5c;color:#fff;padding:1.75rem 1rem 2.75rem}"
    ".wrap{max-width:62rem;margin:0 auto}"
    ".kicker{margin:0;color:#cfe3f1;font-size:.9rem;font-weight:600;letter-spacing:.06em;"
    "text-transform:uppercase}"
    "h1{margin:.3rem 0 .2rem;font-size:clamp(1.75rem,6vw,2.6rem);line-height:1.15}"
    ".sub{margin:0;color:#e3eef6;font-size:1.05rem}"
    ".draft{background:#b3261e;color:#fff;padding:.75rem 1rem;font-weight:700;text-align:center}"
    "main{max-width:62rem;margin:-1.75rem auto 0;padding:0 .75rem 2rem}"
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem}"
    ".card,section{background:#fff;border-radius:.75rem;box-shadow:0 1px 3px rgba(16,42,67,.12)}"
    ".card{padding:.9rem 1rem}"
    ".card b{display:block;font-size:2rem;line-height:1.1;color:#0b3d5c;"
    "font-variant-numeric:tabular-nums}"
    ".card span{color:#44525f;font-size:.95rem}"
    "section{margin:1rem 0;padding:1.1rem 1.1rem 1.25rem}"
    "h2{margin:0 0 .5rem;font-size:1.4rem;line-height:1.25;color:#0b3d5c}"
    "p{margin:.5rem 0}"
    ".lede{color:#44525f;margin-top:0}"
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,21rem),1fr));"
    "gap:1.25rem 2.5rem;margin-top:1rem}"
    "figure{margin:0;max-width:32rem}"
    "figcaption{display:flex;justify-content:space-between;gap:1rem;font-weight:700;"
    "border-bottom:1px solid #d5dde4;padding-bottom:.2rem;margin-bottom:.35rem}"
    "figcaption span{font-weight:400;color:#44525f;white-space:nowrap}"
    "svg{display:block;width:100%;height:auto}"
    "svg text{font-family:inherit;fill:#17212b}"
    ".tw{overflow-x:auto;margin:.5rem -.25rem 0}"
    "table{border-collapse:separate;border-spacing:0;min-width:100%;"
    "font-variant-numeric:tabular-nums}"
    /* Whole pixels: a sticky cell snaps to them, and fractional rows would
     * leave its borders a pixel off the row's. */
    "th,td{padding:8px 10px;line-height:26px;border-bottom:1px solid #d5dde4;text-align:right;"
    "white-space:nowrap}"
    "th:first-child{text-align:left;white-space:normal;min-width:9rem;font-weight:400;"
    "position:sticky;left:0;background:#fff}"
    "thead th{border-bottom:2px solid #0b3d5c;vertical-align:bottom;white-space:normal;"
    "min-width:5.5rem;font-weight:700}"
    "tr.t th,.t{font-weight:700}"
    ".swipe{display:none;font-size:.9rem;color:#44525f;margin:.25rem 0 0}"
    "@media (max-width:40rem){.swipe{display:block}}"
    ".s{color:#55626e}"
    ".small{font-size:.95rem;color:#44525f}"
    ".late{border-left:.4rem solid #b26b00}"
    ".late table{min-width:0;width:100%;max-width:30rem}"
    "ul{padding-left:1.25rem;margin:.5rem 0}"
    "li{margin:.3rem 0}"
    "footer{max-width:62rem;margin:0 auto;padding:0 1rem 2.5rem;color:#44525f;font-size:.95rem}"
    "@media (min-width:48rem){body{font-size:19px}section{padding:1.4rem 1.75rem 1.6rem}"
    "th:first-child{min-width:12rem}}"
    "@media print{body{background:#fff}header{background:#fff;color:#000}"
    ".sub,.kicker{color:#000}.card,section{box-shadow:none;border:1px solid #999}}";

#define CHART_W 320
#define CHART_ROW 46
#define BAR_COLOR "#1d6fa5"

struct bar {
    const char *label;
    int64_t v;
    int hidden;
};

/* At most CHART_LABEL_CHARS characters of `s`, cut between characters. */
static void cut_label(const char *s, char *out, size_t size)
{
    size_t i = 0, chars = 0;
    while (s[i] && chars < CHART_LABEL_CHARS) {
        i++;
        while ((s[i] & 0xc0) == 0x80)
            i++;
        chars++;
    }
    if (!s[i])
        xsnprintf(out, size, "%s", s);
    else
        xsnprintf(out, size, "%.*s\xe2\x80\xa6", (int)i, s);
}

/* A horizontal bar chart: each bar's name above it, its count at the
 * right. Bars share the scale `max`. */
static void html_bars(FILE *f, const struct bar *bars, size_t n, int64_t max)
{
    char label[256], num[32];
    int h = (int)n * CHART_ROW + 4;
    fprintf(f, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", CHART_W, h);
    for (size_t i = 0; i < n; i++) {
        human_count(bars[i].v, num, sizeof num);
        publish_html_text(f, bars[i].label);
        fprintf(f, ": %s%s", bars[i].hidden ? "fewer than 10" : num, i + 1 < n ? "; " : "");
    }
    fputs("\">", f);
    for (size_t i = 0; i < n; i++) {
        int y = (int)i * CHART_ROW;
        cut_label(bars[i].label, label, sizeof label);
        human_count(bars[i].v, num, sizeof num);
        fprintf(f, "<text x=\"0\" y=\"%d\" font-size=\"15\">", y + 17);
        publish_html_text(f, label);
        fprintf(f,
                "</text><text x=\"%d\" y=\"%d\" font-size=\"15\" font-weight=\"700\" "
                "text-anchor=\"end\"%s>%s</text>",
                CHART_W, y + 17, bars[i].hidden ? " style=\"fill:#55626e\"" : "",
                bars[i].hidden ? "&lt;10" : num);
        fprintf(f, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"16\" rx=\"3\" fill=\"#e4eaef\"/>",
                y + 24, CHART_W);
        if (!bars[i].hidden && bars[i].v > 0 && max > 0) {
            int64_t w = bars[i].v * CHART_W / max;
            fprintf(f,
                    "<rect x=\"0\" y=\"%d\" width=\"%" PRId64 "\" height=\"16\" rx=\"3\" "
                    "fill=\"" BAR_COLOR "\"/>",
                    y + 24, w < 3 ? 3 : w);
        }
    }
    fputs("</svg>", f);
}

static void html_count(FILE *f, int64_t v, int hidden, int total)
{
    char num[32];
    human_count(v, num, sizeof num);
    if (hidden)
        fprintf(f, "<td class=\"s%s\" title=\"suppressed\">&lt;10</td>", total ? " t" : "");
    else
        fprintf(f, "<td%s>%s</td>", total ? " class=\"t\"" : "", num);
}

/* 1 when the row shows anything but zeros. */
static int row_used(const struct table *t, int r)
{
    for (size_t c = 0; c <= t->n_cols; c++) {
        if (t->v[at(t, r, c)] != 0 || t->hidden[at(t, r, c)])
            return 1;
    }
    return 0;
}

/* A table of the rows whose metric starts with `prefix` (and sessions
 * first, with `with_sessions`); rows of zeros are named below it. */
/* 1 when row `r` belongs in the table of `prefix`. */
static int in_table(const struct table *t, int r, const char *prefix, int with_sessions)
{
    int m = t->metric[r];
    return (with_sessions && m == M_SESSIONS) || (has_prefix(m, prefix) && row_used(t, r));
}

/* The table of the rows in_table() takes. */
static void html_table_rows(FILE *f, const struct table *t, const char *prefix, int with_sessions)
{
    /* One group's total is the group: said once. */
    size_t last = t->n_cols == 1 ? 0 : t->n_cols;
    if (t->n_cols > 1)
        fputs("<p class=\"swipe\">Swipe the table sideways to see every group.</p>", f);
    fputs("<div class=\"tw\"><table><thead><tr><th scope=\"col\"></th>", f);
    for (size_t c = 0; c < t->n_cols; c++) {
        fputs("<th scope=\"col\">", f);
        publish_html_text(f, t->cols[c]->name);
        fputs("</th>", f);
    }
    if (last == t->n_cols)
        fputs("<th scope=\"col\">Total</th>", f);
    fputs("</tr></thead><tbody>", f);
    for (int r = 0; r < t->n_rows; r++) {
        int m = t->metric[r];
        if (!in_table(t, r, prefix, with_sessions))
            continue;
        fprintf(f, "<tr%s><th scope=\"row\">", m == M_SESSIONS ? " class=\"t\"" : "");
        publish_html_text(f, publish_metric_label(m));
        fputs("</th>", f);
        for (size_t c = 0; c <= last; c++)
            html_count(f, t->v[at(t, r, c)], t->hidden[at(t, r, c)], c == t->n_cols);
        fputs("</tr>", f);
    }
    fputs("</tbody></table></div>", f);
}

/* The metrics of `prefix` that are zero everywhere, named in a sentence. */
static void html_unused(FILE *f, const struct table *t, const char *prefix)
{
    int unused = 0, said = 0;
    for (int r = 0; r < t->n_rows; r++) {
        int m = t->metric[r];
        unused += m != M_SESSIONS && has_prefix(m, prefix) && !row_used(t, r);
    }
    if (unused == 0)
        return;
    fputs("<p class=\"small\">None in this period: ", f);
    for (int r = 0; r < t->n_rows; r++) {
        int m = t->metric[r];
        if (m == M_SESSIONS || !has_prefix(m, prefix) || row_used(t, r))
            continue;
        if (said > 0)
            fputs(said == unused - 1 ? " and " : ", ", f);
        said++;
        publish_html_text(f, publish_metric_label(m));
    }
    fputs(".</p>", f);
}

/* The metrics of `prefix` (and sessions first, with `with_sessions`) as a
 * table of groups; those with nothing to show are named below it. */
static void html_table(FILE *f, const struct table *t, const char *prefix, int with_sessions)
{
    int rows = 0;
    for (int r = 0; r < t->n_rows; r++)
        rows += in_table(t, r, prefix, with_sessions);
    if (rows > 0)
        html_table_rows(f, t, prefix, with_sessions);
    html_unused(f, t, prefix);
}

static int open_need(int m)
{
    return has_prefix(m, "need:") && !report_metric_sensitive(m);
}

/* One chart per need, one bar per group, all on one scale. */
static void html_needs_by_group(FILE *f, const struct table *t)
{
    struct bar *bars = xcalloc(t->n_cols, sizeof *bars);
    char num[32];
    int64_t max = 0;
    for (int r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols && open_need(t->metric[r]); c++) {
            if (!t->hidden[at(t, r, c)] && t->v[at(t, r, c)] > max)
                max = t->v[at(t, r, c)];
        }
    }
    fputs("<p class=\"lede\">Sessions that opened each need, by group. All the charts share one "
          "scale.</p><div class=\"charts\">",
          f);
    for (int r = 0; r < t->n_rows; r++) {
        int m = t->metric[r];
        if (!open_need(m))
            continue;
        for (size_t c = 0; c < t->n_cols; c++)
            bars[c] = (struct bar){t->cols[c]->name, t->v[at(t, r, c)], t->hidden[at(t, r, c)]};
        human_count(t->v[at(t, r, t->n_cols)], num, sizeof num);
        fputs("<figure><figcaption>", f);
        publish_html_text(f, publish_metric_label(m));
        fprintf(f, "<span>%s in all</span></figcaption>",
                t->hidden[at(t, r, t->n_cols)] ? "&lt;10" : num);
        html_bars(f, bars, t->n_cols, max);
        fputs("</figure>", f);
    }
    fputs("</div>", f);
    free(bars);
}

/* One chart, one bar per need: for a single group there is nothing to
 * compare a need with but the other needs. */
static void html_needs_total(FILE *f, const struct table *t)
{
    struct bar bars[N_METRICS];
    size_t n = 0;
    int64_t max = 0;
    for (int r = 0; r < t->n_rows; r++) {
        size_t i = at(t, r, t->n_cols);
        if (!open_need(t->metric[r]))
            continue;
        bars[n++] = (struct bar){publish_metric_label(t->metric[r]), t->v[i], t->hidden[i]};
        if (!t->hidden[i] && t->v[i] > max)
            max = t->v[i];
    }
    fputs("<p class=\"lede\">Sessions that opened each need.</p><div class=\"charts\"><figure>", f);
    html_bars(f, bars, n, max);
    fputs("</figure></div>", f);
}

static void html_needs(FILE *f, const struct table *t)
{
    fputs("<section><h2>What people looked for</h2>", f);
    if (t->n_cols > 1)
        html_needs_by_group(f, t);
    else
        html_needs_total(f, t);
    fputs("</section>", f);
}

static void html_sensitive(FILE *f, const struct table *t)
{
    struct bar bars[N_METRICS];
    size_t n = 0;
    int64_t max = 0;
    fputs("<section><h2>Sensitive needs</h2>", f);
    if (!t->p.monthly) {
        fputs("<p>Needs such as mental health, addiction or violence are not shown week by week. "
              "They are published monthly only, for the groups together and rounded to the "
              "nearest 10, so that no figure can point to one person.</p></section>",
              f);
        return;
    }
    fprintf(f,
            "<p class=\"lede\">Sessions that opened each sensitive need, for %s together. "
            "Rounded to the nearest 10; fewer than 10 is not shown. The kiosks add a little "
            "random noise to these counts before sending them.</p>",
            t->group ? "the group" : "all groups");
    for (int r = 0; r < t->n_rows; r++) {
        if (!sensitive_row(t, r))
            continue;
        size_t c = at(t, r, t->n_cols);
        bars[n++] = (struct bar){publish_metric_label(t->metric[r]), t->v[c], t->hidden[c]};
        if (!t->hidden[c] && t->v[c] > max)
            max = t->v[c];
    }
    fputs("<div class=\"charts\"><figure>", f);
    html_bars(f, bars, n, max);
    fputs("</figure></div></section>", f);
}

static void html_late(FILE *f, const struct table *t)
{
    char since[40], num[32];
    human_day(t->since, 1, since, sizeof since);
    human_count(t->late_reports, num, sizeof num);
    fprintf(f,
            "<section class=\"late\"><h2>Late reports</h2><p>%s daily report%s for this period "
            "arrived after publication on %s. %s not in the figures above, which stay as "
            "they were published.</p>",
            num, t->late_reports == 1 ? "" : "s", since,
            t->late_reports == 1 ? "It is" : "They are");
    if (!t->late_shown) {
        fprintf(f,
                "<p>Their figures will be shown here once at least %d late reports have "
                "arrived, so that none is one kiosk's day.</p></section>",
                LATE_MIN_REPORTS);
        return;
    }
    fputs("<div class=\"tw\"><table><thead><tr><th scope=\"col\"></th><th scope=\"col\">Late"
          "</th></tr></thead><tbody>",
          f);
    for (int r = 0; r < t->n_rows; r++) {
        int m = t->metric[r];
        if (t->late_v[m] == 0 && !t->late_hidden[m])
            continue;
        fputs("<tr><th scope=\"row\">", f);
        publish_html_text(f, publish_metric_label(m));
        fputs("</th>", f);
        html_count(f, t->late_v[m], t->late_hidden[m], 0);
        fputs("</tr>", f);
    }
    fputs("</tbody></table></div></section>", f);
}

static void html_card(FILE *f, int64_t v, int hidden, const char *what)
{
    char num[32];
    human_count(v, num, sizeof num);
    fprintf(f, "<div class=\"card\"><b>%s</b><span>%s</span></div>", hidden ? "&lt;10" : num, what);
}

static void write_html(const struct table *t, const struct notes *n, FILE *f)
{
    char title[64], range[96], first[40], last[40], made[40];
    int same_year = strncmp(t->p.first, t->p.last, 4) == 0;
    human_day(t->p.first, !same_year, first, sizeof first);
    human_day(t->p.last, 1, last, sizeof last);
    human_day(t->made, 1, made, sizeof made);
    xsnprintf(range, sizeof range, "%s \xe2\x80\x93 %s", first, last);
    if (t->p.monthly)
        xsnprintf(title, sizeof title, "%s %d", month_names[t->p.number - 1], t->p.year);
    else
        xsnprintf(title, sizeof title, "Week %d, %d", t->p.number, t->p.year);

    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<title>",
          f);
    fprintf(f, "%s%s: Frontdoor kiosk usage", t->when.draft ? "DRAFT " : "", title);
    if (t->group) {
        fputs(", ", f);
        publish_html_text(f, t->group);
    }
    fprintf(f, "</title><style>%s</style></head><body>", html_style);
    if (t->when.draft)
        fprintf(f,
                "<div class=\"draft\">DRAFT made on %s \xe2\x80\x93 not published, figures may "
                "still change</div>",
                made);
    fputs("<header><div class=\"wrap\"><p class=\"kicker\">Frontdoor kiosks \xc2\xb7 usage</p>", f);
    fprintf(f, "<h1>%s</h1><p class=\"sub\">%s \xc2\xb7 ", title, range);
    if (t->group) {
        fputs("group ", f);
        publish_html_text(f, t->group);
    } else {
        fputs("all groups", f);
    }
    fputs("</p></div></header><main>", f);

    int sessions = 0; /* the row of sessions: always the first */
    fputs("<div class=\"cards\">", f);
    html_card(f, t->v[at(t, sessions, t->n_cols)], t->hidden[at(t, sessions, t->n_cols)],
              "sessions");
    html_card(f, t->kiosks, 0, t->kiosks == 1 ? "kiosk reporting" : "kiosks reporting");
    if (!t->group)
        html_card(f, (int64_t)t->n_cols, 0, t->n_cols == 1 ? "group" : "groups");
    html_card(f, t->reports, 0, t->reports == 1 ? "daily report" : "daily reports");
    fputs("</div>", f);

    fputs("<section><h2>About these figures</h2>"
          "<p>A <strong>session</strong> is one use of a Frontdoor kiosk, from the first touch "
          "until the person leaves. Each kiosk counts, for each day, how many sessions it had and "
          "what they used \xe2\x80\x93 each need, language and feature at most once per session "
          "\xe2\x80\x93 and sends only those counts. Nothing is recorded about any person, and "
          "this page shows no single kiosk or day.</p>"
          "<p>To protect privacy, numbers from 1 to 9 are hidden and shown as "
          "<strong>&lt;10</strong>, together with a few other numbers that would let a hidden one "
          "be worked out from the totals. Sensitive needs are published monthly only, rounded to "
          "the nearest 10.</p>",
          f);
    if (t->when.draft)
        fprintf(f,
                "<p><strong>This is a draft made on %s.</strong> It is not published, and its "
                "figures may still change.</p>",
                made);
    else
        fprintf(f, "<p>Published on <strong>%s</strong>, from the reports received by then.</p>",
                made);
    fputs("</section>", f);

    html_needs(f, t);
    html_sensitive(f, t);
    fputs("<section><h2>Sessions and languages</h2><p class=\"lede\">Sessions by the language "
          "shown on the screen.</p>",
          f);
    html_table(f, t, "lang:", 1);
    fputs("</section><section><h2>How the kiosk was used</h2><p class=\"lede\">Sessions that "
          "used each feature.</p>",
          f);
    html_table(f, t, "feature:", 0);
    fputs("</section>", f);
    if (t->late_reports > 0)
        html_late(f, t);
    fputs("<section><h2>Notes</h2><ul>", f);
    for (int i = 0; i < n->n; i++) {
        fputs("<li>", f);
        publish_html_text(f, n->text[i]);
        fputs("</li>", f);
    }
    fprintf(f, "</ul><p class=\"small\">Period %s: %s to %s.</p></section></main>", t->period,
            t->p.first, t->p.last);
    fputs("<footer>Made by the Frontdoor collector. Figures for a published period never "
          "change.</footer></body></html>\n",
          f);
}

/* ---- Running it ---- */

enum format { FORMAT_CSV, FORMAT_JSON, FORMAT_HTML };

static int check_options(const struct publish_options *o, struct publish_period *p,
                         enum format *fmt, char *err, size_t errlen)
{
    char why[256];
    if (!o->period) {
        xsnprintf(err, errlen, "--period: missing: a week (2026-W49) or a month (2026-12)");
        return PUBLISH_USAGE;
    }
    if (publish_period_parse(o->period, p, why, sizeof why) != 0) {
        xsnprintf(err, errlen, "--period: %s", why);
        return PUBLISH_USAGE;
    }
    if (!o->format) {
        xsnprintf(err, errlen, "--format: missing: csv, json or html");
        return PUBLISH_USAGE;
    }
    static const char *const formats[] = {"csv", "json", "html"};
    int found = -1;
    for (size_t i = 0; i < ARRAY_LEN(formats); i++) {
        if (strcmp(o->format, formats[i]) == 0)
            found = (int)i;
    }
    if (found < 0) {
        xsnprintf(err, errlen, "--format: \"%s\": use csv, json or html", o->format);
        return PUBLISH_USAGE;
    }
    *fmt = (enum format)found;
    if (o->group && !(o->group[0] && text_ok(o->group))) {
        xsnprintf(err, errlen, "--group: a group's name is UTF-8 text, not empty");
        return PUBLISH_USAGE;
    }
    return 0;
}

int publish_check(const struct publish_options *o, char *err, size_t errlen)
{
    struct publish_period p;
    enum format fmt;
    return check_options(o, &p, &fmt, err, errlen);
}

static int render(const struct table *t, enum format fmt, char **buf, size_t *len)
{
    struct notes n;
    FILE *f = open_memstream(buf, len);
    if (!f)
        return -1;
    notes_make(t, &n);
    int rc = 0;
    if (fmt == FORMAT_CSV)
        write_csv(t, &n, f);
    else if (fmt == FORMAT_JSON)
        rc = write_json(t, &n, f);
    else
        write_html(t, &n, f);
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}

int publish_run(struct store *st, const struct publish_options *o, FILE *out, char *err,
                size_t errlen)
{
    struct table t = {.period = o->period, .group = o->group};
    struct sums s = {0};
    enum format fmt;
    char *buf = NULL;
    size_t len = 0, asked = 0;
    int rc = check_options(o, &t.p, &fmt, err, errlen);
    if (rc != 0)
        return rc;

    if (store_begin(st) != 0)
        return store_fail(st, err, errlen);
    rc = freeze(st, o, &t.p, &t.when, err, errlen);
    if (rc == 0)
        rc = sums_load(st, &t.p, o->group, t.when.cut_ms, &s, err, errlen);
    if (rc == 0 && o->group)
        rc = find_group(st, &s, o->group, &asked, err, errlen);
    if (rc != 0)
        goto rollback;
    day_of_ms(t.when.draft ? o->now_ms : t.when.cut_ms, t.made);
    if (t.when.cut_ms != NO_CUT)
        day_of_ms(t.when.cut_ms, t.since);
    table_build(&t, &s, asked);
    if (render(&t, fmt, &buf, &len) != 0) {
        xsnprintf(err, errlen, "the %s output could not be made", o->format);
        rc = PUBLISH_ERROR;
        goto free_table;
    }
    if (store_commit(st) != 0) {
        rc = store_fail(st, err, errlen);
        goto free_buf;
    }
    if (fwrite(buf, 1, len, out) != len || fflush(out) != 0) {
        xsnprintf(err, errlen, "writing the output: %s", strerror(errno));
        rc = PUBLISH_ERROR;
    }
    free(buf);
    table_free(&t);
    sums_free(&s);
    return rc;

free_buf:
    free(buf);
free_table:
    table_free(&t);
rollback:
    store_rollback(st);
    sums_free(&s);
    return rc;
}

int publish_to_file(struct store *st, const struct publish_options *o, const char *path, char *err,
                    size_t errlen)
{
    size_t size = strlen(path) + 8;
    char *tmp = xmalloc(size);
    xsnprintf(tmp, size, "%s.XXXXXX", path);
    int rc = PUBLISH_ERROR;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        xsnprintf(err, errlen, "%s: %s", path, strerror(errno));
        goto free_tmp;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        xsnprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        goto unlink_tmp;
    }
    rc = publish_run(st, o, f, err, errlen);
    if (rc == 0 && (fchmod(fd, 0644) != 0 || fsync(fd) != 0)) {
        xsnprintf(err, errlen, "%s: %s", path, strerror(errno));
        rc = PUBLISH_ERROR;
    }
    if (fclose(f) != 0 && rc == 0) {
        xsnprintf(err, errlen, "%s: %s", path, strerror(errno));
        rc = PUBLISH_ERROR;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        xsnprintf(err, errlen, "%s: %s", path, strerror(errno));
        rc = PUBLISH_ERROR;
    }
unlink_tmp:
    if (rc != 0)
        unlink(tmp);
free_tmp:
    free(tmp);
    return rc;
}
