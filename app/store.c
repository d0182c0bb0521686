/* store.c: the collector's storage on SQLite or PostgreSQL (see store.h).
 *
 * One face, two engines: every call checks which engine the handle holds
 * and goes to the lite_* or pg_* half. Both take the same SQL text.
 *
 * Statements are prepared once per handle and kept in a small cache keyed
 * by their SQL text (a collector runs a handful of statements thousands of
 * times); when the cache is full a statement is prepared, run and thrown
 * away. On PostgreSQL the cache holds server-side prepared statements named
 * by their slot.
 *
 * Parameters are text or integers (struct store_value); the text calls
 * make one value per parameter as they bind it. PostgreSQL infers a
 * parameter's type from where it is used and takes every value as text:
 * an integer is written in decimal by hand, into buffers the handle keeps
 * for the next call. SQLite gives a bound value no affinity, so a number bound as text
 * would compare as text against COUNT(*) or an arithmetic result. A text
 * parameter written as a whole number (an optional '-', no leading zero,
 * within 64 bits) is therefore bound as an integer on SQLite, and any other
 * as text; a column of TEXT affinity turns the integer back into the same
 * text when it compares or stores it. An integer value is bound as one.
 *
 * SQLite runs in WAL mode with synchronous=NORMAL: a COMMIT appends to the
 * WAL without waiting for fsync, which happens at each checkpoint. A crash
 * of the collector loses nothing committed; a power cut may lose the last
 * transactions (recovery keeps the WAL's frames up to the first one that
 * did not reach the disk, so never one in the middle) and never corrupts
 * the file. The kiosks recover those reports by themselves: each sync run
 * asks how far the collector holds each instance's reports (GET
 * .../{instance}, which counts only an unbroken run from seq 1) and sends
 * the rest again, as after a restore from an older backup (store.h says
 * more). With FULL every report waited for one fsync, most of a
 * collector's time on a cheap disk and all of it on an SD card. A busy
 * timeout makes a second process (the admin's list, a publish run) wait
 * for the writer instead of failing. PostgreSQL keeps synchronous_commit
 * on. Its COMMIT answers "ROLLBACK" for a transaction an earlier error
 * aborted; store_commit() reads the tag, not only the status.
 */
#include "frontdoor/store.h"

#include "frontdoor/mem.h"
#include "frontdoor/report.h"

#include <errno.h>
#include <libpq-fe.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STORE_SCHEMA_VERSION 1
#define STORE_CACHE 32               /* prepared statements kept per handle */
#define BUSY_TIMEOUT_MS 5000         /* a second process waits this long for the writer */
#define JOURNAL_SIZE_LIMIT (8 << 20) /* bytes of -wal left after a checkpoint */
/* Any number: it only has to be the same in every collector, so that two
 * of them creating the schema at once take turns. */
#define PG_SCHEMA_LOCK 440234147444
#define INT64_TEXT 21 /* "-9223372036854775808" and its NUL */

/* A prepared SQLite statement, and which $k each of its parameters is:
 * SQLite numbers parameters in order of first use, and looking a name up
 * on every bind would cost more than the query. */
struct lite_stmt {
    sqlite3_stmt *st;
    int *arg; /* arg[i - 1] = k for parameter i, written $k */
    int n_args;
};

struct cached {
    char *sql;             /* the key; NULL for a free slot */
    struct lite_stmt lite; /* SQLite; on PostgreSQL the slot names the statement */
};

struct store {
    int pg;
    sqlite3 *db;
    PGconn *conn;
    struct cached cache[STORE_CACHE];
    /* PostgreSQL: typed values as text, for the call in hand; grown to
     * the most parameters a statement had, freed with the handle. */
    const char **pg_text;
    char (*pg_digits)[INT64_TEXT];
    int pg_cap;
    char errmsg[512];
};

/* A call's parameters: the text calls' strings or the typed calls'
 * values (the other NULL), `n` of them. */
struct params {
    const char *const *text;
    const struct store_value *value;
    int n;
};

static void set_error(struct store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void set_error(struct store *st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->errmsg, sizeof st->errmsg, fmt, ap);
    va_end(ap);
}

const char *store_errmsg(const struct store *st)
{
    return st ? st->errmsg : "no store";
}

int store_is_postgres(const struct store *st)
{
    return st->pg;
}

/* libpq's message on one line: it ends in a newline and may hold more. */
static void pg_error(struct store *st, const char *what)
{
    set_error(st, "PostgreSQL: %s: %s", what, PQerrorMessage(st->conn));
    for (char *c = st->errmsg; *c; c++) {
        if (*c == '\n' || *c == '\t')
            *c = ' ';
    }
    size_t len = strlen(st->errmsg);
    while (len > 0 && st->errmsg[len - 1] == ' ')
        st->errmsg[--len] = '\0';
}

static void lite_error(struct store *st, const char *what)
{
    set_error(st, "SQLite: %s: %s", what, sqlite3_errmsg(st->db));
}

/* The slot that holds `sql`, or -1. */
static int cache_find(const struct store *st, const char *sql)
{
    for (int i = 0; i < STORE_CACHE; i++) {
        if (st->cache[i].sql && strcmp(st->cache[i].sql, sql) == 0)
            return i;
    }
    return -1;
}

static int cache_free_slot(const struct store *st)
{
    for (int i = 0; i < STORE_CACHE; i++) {
        if (!st->cache[i].sql)
            return i;
    }
    return -1;
}

static void lite_stmt_free(struct lite_stmt *ls)
{
    sqlite3_finalize(ls->st);
    free(ls->arg);
    memset(ls, 0, sizeof *ls);
}

static void cache_clear(struct store *st)
{
    for (int i = 0; i < STORE_CACHE; i++) {
        lite_stmt_free(&st->cache[i].lite);
        free(st->cache[i].sql);
        st->cache[i].sql = NULL;
    }
}

/* ---- SQLite ------------------------------------------------------------- */

/* 1 when `s` is a whole number as SQLite would print it, within 64 bits. */
static int whole_number(const char *s, int64_t *out)
{
    const char *d = s[0] == '-' ? s + 1 : s;
    size_t len = strlen(d);
    if (len == 0 || len > 19 || (d[0] == '0' && (len > 1 || s != d)))
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (d[i] < '0' || d[i] > '9')
            return 0;
    }
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE)
        return 0;
    *out = v;
    return 1;
}

/* A statement for `sql`: the cache's, or when the cache is full `temp`,
 * which the caller frees with lite_release(). */
static struct lite_stmt *lite_prepare(struct store *st, const char *sql, struct lite_stmt *temp)
{
    int slot = cache_find(st, sql);
    if (slot >= 0)
        return &st->cache[slot].lite;
    slot = cache_free_slot(st);
    struct lite_stmt ls = {0};
    unsigned flags = slot >= 0 ? SQLITE_PREPARE_PERSISTENT : 0;
    if (sqlite3_prepare_v3(st->db, sql, -1, flags, &ls.st, NULL) != SQLITE_OK) {
        lite_error(st, "cannot prepare a statement");
        return NULL;
    }
    ls.n_args = sqlite3_bind_parameter_count(ls.st);
    ls.arg = xcalloc((size_t)ls.n_args, sizeof *ls.arg);
    for (int i = 1; i <= ls.n_args; i++) {
        const char *name = sqlite3_bind_parameter_name(ls.st, i);
        char *end = NULL;
        long k = name && name[0] == '$' ? strtol(name + 1, &end, 10) : 0;
        if (k < 1 || k > INT_MAX || !end || *end != '\0') {
            set_error(st, "SQLite: parameter %s is not written $1, $2, ...", name ? name : "?");
            lite_stmt_free(&ls);
            return NULL;
        }
        ls.arg[i - 1] = (int)k;
    }
    if (slot < 0) {
        *temp = ls;
        return temp;
    }
    st->cache[slot].sql = xstrdup(sql);
    st->cache[slot].lite = ls;
    return &st->cache[slot].lite;
}

static void lite_release(struct lite_stmt *ls, const struct lite_stmt *temp)
{
    if (ls == temp) {
        lite_stmt_free(ls);
    } else {
        sqlite3_reset(ls->st);
        sqlite3_clear_bindings(ls->st);
    }
}

/* Parameter `i` (from 0) as SQLite binds it: a text parameter written as
 * a whole number becomes an integer. */
static struct store_value lite_value(const struct params *p, int i)
{
    if (p->value)
        return p->value[i];
    struct store_value v = STORE_TEXT(p->text[i]);
    if (v.text && whole_number(v.text, &v.num))
        v.is_num = 1;
    return v;
}

/* Binds $1..$n; every parameter the SQL names must be one of them. The
 * values are bound SQLITE_STATIC: the statement is reset before the call
 * returns, while they still live. */
static int lite_bind(struct store *st, struct lite_stmt *ls, const struct params *p)
{
    for (int i = 1; i <= ls->n_args; i++) {
        int k = ls->arg[i - 1];
        if (k > p->n) {
            set_error(st, "SQLite: parameter $%d has no value (%d given)", k, p->n);
            return -1;
        }
        struct store_value v = lite_value(p, k - 1);
        int rc;
        if (v.is_num)
            rc = sqlite3_bind_int64(ls->st, i, v.num);
        else if (!v.text)
            rc = sqlite3_bind_null(ls->st, i);
        else
            rc = sqlite3_bind_text(ls->st, i, v.text, -1, SQLITE_STATIC);
        if (rc != SQLITE_OK) {
            lite_error(st, "cannot bind a parameter");
            return -1;
        }
    }
    return 0;
}

static long lite_exec(struct store *st, const char *sql, const struct params *p)
{
    struct lite_stmt temp, *ls = lite_prepare(st, sql, &temp);
    if (!ls)
        return -1;
    long changed = -1;
    if (lite_bind(st, ls, p) != 0)
        goto release;
    sqlite3_int64 before = sqlite3_total_changes64(st->db);
    int rc;
    do {
        rc = sqlite3_step(ls->st);
    } while (rc == SQLITE_ROW);
    if (rc != SQLITE_DONE) {
        lite_error(st, "cannot run a statement");
        goto release;
    }
    changed = (long)(sqlite3_total_changes64(st->db) - before);
release:
    lite_release(ls, &temp);
    return changed;
}

static int lite_query(struct store *st, const char *sql, const struct params *p,
                      struct store_rows *out)
{
    struct lite_stmt temp, *ls = lite_prepare(st, sql, &temp);
    if (!ls)
        return -1;
    int status = -1;
    if (lite_bind(st, ls, p) != 0)
        goto release;
    size_t cols = (size_t)sqlite3_column_count(ls->st), cap = 0, used = 0;
    out->n_cols = cols;
    int rc;
    while ((rc = sqlite3_step(ls->st)) == SQLITE_ROW) {
        if (used + cols > cap) {
            cap = cap ? 2 * cap : 16 * (cols ? cols : 1);
            out->cells = xrealloc(out->cells, cap * sizeof *out->cells);
        }
        for (size_t c = 0; c < cols; c++) {
            const unsigned char *text = sqlite3_column_text(ls->st, (int)c);
            out->cells[used++] = text ? xstrdup((const char *)text) : NULL;
        }
        out->n_rows++;
    }
    if (rc != SQLITE_DONE) {
        lite_error(st, "cannot run a query");
        goto release;
    }
    status = 0;
release:
    lite_release(ls, &temp);
    return status;
}

static int lite_set_wal(struct store *st)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL) != SQLITE_OK) {
        lite_error(st, "cannot switch to WAL mode");
        return -1;
    }
    int ok = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) &&
             strcmp((const char *)sqlite3_column_text(s, 0), "wal") == 0;
    if (!ok)
        lite_error(st, "cannot switch to WAL mode");
    sqlite3_finalize(s);
    return ok ? 0 : -1;
}

static int lite_open(struct store *st, const char *path)
{
    int rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        set_error(st, "%s: cannot open the database: %s", path,
                  st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
        return -1;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
    char pragma[64];
    xsnprintf(pragma, sizeof pragma, "PRAGMA journal_size_limit = %d", JOURNAL_SIZE_LIMIT);
    if (lite_set_wal(st) != 0 ||
        sqlite3_exec(st->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(st->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
        if (st->errmsg[0] == '\0')
            lite_error(st, "cannot configure the connection");
        return -1;
    }
    return 0;
}

/* ---- PostgreSQL ----------------------------------------------------------- */

/* "NOTICE: relation already exists, skipping" is not for the terminal. */
static void pg_quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static int pg_open(struct store *st, const char *uri)
{
    /* The URI may hold a password: it is never repeated in a message. */
    st->conn = PQconnectdb(uri);
    if (!st->conn) {
        set_error(st, "PostgreSQL: cannot connect: out of memory");
        return -1;
    }
    if (PQstatus(st->conn) != CONNECTION_OK) {
        pg_error(st, "cannot connect");
        return -1;
    }
    PQsetNoticeProcessor(st->conn, pg_quiet, NULL);
    return 0;
}

/* A lost connection is tried once more; the server forgot the prepared
 * statements with it. */
static int pg_alive(struct store *st)
{
    if (PQstatus(st->conn) == CONNECTION_OK)
        return 0;
    cache_clear(st);
    PQreset(st->conn);
    if (PQstatus(st->conn) != CONNECTION_OK) {
        pg_error(st, "connection lost");
        return -1;
    }
    return 0;
}

/* `v` in decimal. */
static const char *decimal(int64_t v, char out[INT64_TEXT])
{
    char reversed[INT64_TEXT];
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    size_t n = 0, len = 0;
    do {
        reversed[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (v < 0)
        out[len++] = '-';
    while (n > 0)
        out[len++] = reversed[--n];
    out[len] = '\0';
    return out;
}

/* The call's parameters as libpq's text array: the text calls' own, or
 * the typed values written into the handle's buffers. */
static const char *const *pg_texts(struct store *st, const struct params *p)
{
    if (p->text || p->n == 0)
        return p->text;
    if (p->n > st->pg_cap) {
        st->pg_cap = p->n;
        st->pg_text = xrealloc(st->pg_text, (size_t)p->n * sizeof *st->pg_text);
        st->pg_digits = xrealloc(st->pg_digits, (size_t)p->n * sizeof *st->pg_digits);
    }
    for (int i = 0; i < p->n; i++) {
        const struct store_value *v = &p->value[i];
        st->pg_text[i] = v->is_num ? decimal(v->num, st->pg_digits[i]) : v->text;
    }
    return st->pg_text;
}

/* Runs `sql` as the cached prepared statement, or once when the cache is
 * full. The caller PQclear()s the result, which may be a failure. */
static PGresult *pg_run(struct store *st, const char *sql, const struct params *p)
{
    if (pg_alive(st) != 0)
        return NULL;
    const char *const *params = pg_texts(st, p);
    int n = p->n;
    int slot = cache_find(st, sql);
    char name[16];
    if (slot < 0) {
        slot = cache_free_slot(st);
        if (slot < 0)
            return PQexecParams(st->conn, sql, n, NULL, params, NULL, NULL, 0);
        xsnprintf(name, sizeof name, "fd%d", slot);
        PGresult *prep = PQprepare(st->conn, name, sql, 0, NULL);
        int ok = PQresultStatus(prep) == PGRES_COMMAND_OK;
        if (!ok)
            pg_error(st, "cannot prepare a statement");
        PQclear(prep);
        if (!ok)
            return NULL;
        st->cache[slot].sql = xstrdup(sql);
    }
    xsnprintf(name, sizeof name, "fd%d", slot);
    return PQexecPrepared(st->conn, name, n, params, NULL, NULL, 0);
}

static long pg_exec(struct store *st, const char *sql, const struct params *p)
{
    PGresult *res = pg_run(st, sql, p);
    if (!res)
        return -1;
    long changed = -1;
    ExecStatusType status = PQresultStatus(res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        const char *tuples = PQcmdTuples(res);
        changed = tuples[0] ? strtol(tuples, NULL, 10) : 0;
    } else {
        pg_error(st, "cannot run a statement");
    }
    PQclear(res);
    return changed;
}

static int pg_query(struct store *st, const char *sql, const struct params *p,
                    struct store_rows *out)
{
    PGresult *res = pg_run(st, sql, p);
    if (!res)
        return -1;
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        pg_error(st, "cannot run a query");
        PQclear(res);
        return -1;
    }
    size_t rows = (size_t)PQntuples(res), cols = (size_t)PQnfields(res);
    out->n_rows = rows;
    out->n_cols = cols;
    out->cells = xcalloc(rows * cols, sizeof *out->cells);
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < cols; c++) {
            if (!PQgetisnull(res, (int)r, (int)c))
                STORE_CELL(out, r, c) = xstrdup(PQgetvalue(res, (int)r, (int)c));
        }
    }
    PQclear(res);
    return 0;
}

/* ---- the face ------------------------------------------------------------- */

static long exec_params(struct store *st, const char *sql, const struct params *p)
{
    return st->pg ? pg_exec(st, sql, p) : lite_exec(st, sql, p);
}

static int query_params(struct store *st, const char *sql, const struct params *p,
                        struct store_rows *out)
{
    memset(out, 0, sizeof *out);
    int rc = st->pg ? pg_query(st, sql, p, out) : lite_query(st, sql, p, out);
    if (rc != 0)
        store_rows_free(out);
    return rc;
}

long store_exec(struct store *st, const char *sql, const char *const *params, int n)
{
    const struct params p = {.text = params, .n = n};
    return exec_params(st, sql, &p);
}

int store_query(struct store *st, const char *sql, const char *const *params, int n,
                struct store_rows *out)
{
    const struct params p = {.text = params, .n = n};
    return query_params(st, sql, &p, out);
}

long store_exec_values(struct store *st, const char *sql, const struct store_value *params, int n)
{
    const struct params p = {.value = params, .n = n};
    return exec_params(st, sql, &p);
}

int store_query_values(struct store *st, const char *sql, const struct store_value *params, int n,
                       struct store_rows *out)
{
    const struct params p = {.value = params, .n = n};
    return query_params(st, sql, &p, out);
}

void store_rows_free(struct store_rows *rows)
{
    if (!rows || !rows->cells)
        return;
    for (size_t i = 0; i < rows->n_rows * rows->n_cols; i++)
        free(rows->cells[i]);
    free(rows->cells);
    memset(rows, 0, sizeof *rows);
}

int store_begin(struct store *st)
{
    return store_exec(st, st->pg ? "BEGIN" : "BEGIN IMMEDIATE", NULL, 0) < 0 ? -1 : 0;
}

int store_commit(struct store *st)
{
    if (!st->pg)
        return store_exec(st, "COMMIT", NULL, 0) < 0 ? -1 : 0;
    if (pg_alive(st) != 0)
        return -1;
    PGresult *res = PQexec(st->conn, "COMMIT");
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK && strcmp(PQcmdStatus(res), "COMMIT") == 0;
    if (!ok && PQresultStatus(res) == PGRES_COMMAND_OK)
        set_error(st, "PostgreSQL: the transaction was rolled back by an earlier error");
    else if (!ok)
        pg_error(st, "cannot commit");
    PQclear(res);
    return ok ? 0 : -1;
}

void store_rollback(struct store *st)
{
    if (st->pg) {
        PQclear(PQexec(st->conn, "ROLLBACK"));
    } else if (!sqlite3_get_autocommit(st->db)) {
        /* A failed COMMIT may already have ended the transaction. */
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    }
}

/* ---- the schema ----------------------------------------------------------- */

/* Runs a statement without parameters once, outside the statement cache. */
static int exec_plain(struct store *st, const char *sql)
{
    if (st->pg) {
        PGresult *res = PQexec(st->conn, sql);
        ExecStatusType status = PQresultStatus(res);
        PQclear(res);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            pg_error(st, "cannot create the schema");
            return -1;
        }
    } else if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
        lite_error(st, "cannot create the schema");
        return -1;
    }
    return 0;
}

#define STR_(x) #x
#define STR(x) STR_(x)

static const char *const SCHEMA_SQL[] = {
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS kiosk (kiosk_id TEXT PRIMARY KEY, grp TEXT NOT NULL,"
    " revoked INTEGER NOT NULL DEFAULT 0, added_ms BIGINT NOT NULL)",
    NULL, /* report: built from the metric list */
    /* The per-day limit counts one kiosk's reports of one day. */
    "CREATE INDEX IF NOT EXISTS report_kiosk_day ON report (kiosk_id, day)",
    /* Publishing sums a period's reports by group. */
    "CREATE INDEX IF NOT EXISTS report_day_grp ON report (day, grp)",
    "CREATE TABLE IF NOT EXISTS published (period TEXT NOT NULL, grp TEXT NOT NULL,"
    " published_ms BIGINT NOT NULL, PRIMARY KEY (period, grp))",
    "INSERT INTO meta (key, value) VALUES ('schema_version', '" STR(
        STORE_SCHEMA_VERSION) "')"
                              " ON CONFLICT DO NOTHING",
};

static char *report_table_sql(void)
{
    size_t size = 512 + (size_t)N_METRICS * 64, used = 0;
    char *sql = xmalloc(size);
    sql[0] = '\0';
    int rc = xappend(sql, size, &used,
                     "CREATE TABLE IF NOT EXISTS report (kiosk_id TEXT NOT NULL,"
                     " instance_id TEXT NOT NULL, seq BIGINT NOT NULL, grp TEXT NOT NULL,"
                     " day TEXT NOT NULL, clock_trusted INTEGER NOT NULL,"
                     " digest TEXT NOT NULL, received_ms BIGINT NOT NULL");
    for (int m = 0; m < N_METRICS && rc == 0; m++) {
        char col[64];
        report_metric_column(m, col, sizeof col);
        rc = xappend(sql, size, &used, ", %s BIGINT NOT NULL", col);
    }
    if (rc == 0)
        rc = xappend(sql, size, &used, ", PRIMARY KEY (kiosk_id, instance_id, seq))");
    if (rc != 0) {
        fprintf(stderr, "frontdoor: report table SQL longer than %zu bytes\n", size);
        abort();
    }
    return sql;
}

/* Creates what is missing in one transaction, then checks the version.
 * On PostgreSQL an advisory lock makes two collectors starting at once take
 * turns: CREATE ... IF NOT EXISTS alone can race there. */
static int create_schema(struct store *st)
{
    if (exec_plain(st, st->pg ? "BEGIN" : "BEGIN IMMEDIATE") != 0)
        return -1;
    if (st->pg && exec_plain(st, "SELECT pg_advisory_xact_lock(" STR(PG_SCHEMA_LOCK) ")") != 0)
        goto rollback;
    char *report_sql = report_table_sql();
    int failed = 0;
    for (size_t i = 0; i < ARRAY_LEN(SCHEMA_SQL) && !failed; i++)
        failed = exec_plain(st, SCHEMA_SQL[i] ? SCHEMA_SQL[i] : report_sql) != 0;
    free(report_sql);
    if (failed)
        goto rollback;
    struct store_rows rows;
    if (store_query(st, "SELECT value FROM meta WHERE key = 'schema_version'", NULL, 0, &rows) != 0)
        goto rollback;
    const char *have = rows.n_rows == 1 ? STORE_CELL(&rows, 0, 0) : NULL;
    int same = have && strcmp(have, STR(STORE_SCHEMA_VERSION)) == 0;
    if (!same)
        set_error(st, "the store's schema version is %s, this collector's is %d",
                  have ? have : "missing", STORE_SCHEMA_VERSION);
    store_rows_free(&rows);
    if (!same)
        goto rollback;
    return store_commit(st);
rollback:
    store_rollback(st);
    return -1;
}

int store_open(const char *uri, struct store **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!uri || !uri[0]) {
        xsnprintf(err, errlen, "store: empty; give a file path or a postgresql:// URI");
        return -1;
    }
    struct store *st = xcalloc(1, sizeof *st);
    st->pg = strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0;
    int rc = st->pg ? pg_open(st, uri) : lite_open(st, uri);
    if (rc == 0)
        rc = create_schema(st);
    if (rc != 0) {
        xsnprintf(err, errlen, "%s", st->errmsg);
        store_close(st);
        return -1;
    }
    *out = st;
    return 0;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    cache_clear(st);
    if (st->conn)
        PQfinish(st->conn);
    sqlite3_close(st->db);
    free(st->pg_text);
    free(st->pg_digits);
    free(st);
}
