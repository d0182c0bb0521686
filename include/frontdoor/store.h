/* store.h: the collector's storage, SQLite or PostgreSQL behind one face.
 *
 * A store is opened from a URI: a file path (SQLite, created when missing)
 * or a "postgresql://..." connection string (libpq). Both run the same SQL:
 * parameters are written $1, $2, ... (SQLite reads them as named
 * parameters), values go in as text or as 64-bit integers and come out as
 * text, and only portable SQL is used (INSERT ... ON CONFLICT DO NOTHING,
 * BIGINT, TEXT). The schema is created on open if missing, in one
 * transaction.
 *
 * Durability. A SQLite store runs in WAL mode with synchronous=NORMAL: a
 * COMMIT that returned survives the collector crashing or being killed,
 * and the file is never corrupted, but a power cut or a kernel crash may
 * lose the last transactions committed before it (those whose WAL frames
 * had not reached the disk). That is the loss a restore from a backup a
 * moment old brings, and the kiosks recover from it by themselves: every
 * sync run first asks GET /v1/reports/{kiosk}/{instance} how far the
 * collector holds each instance's reports and sends the rest again
 * (check_held() in app/sync.c; the fault "the collector restored from an
 * older backup" in tests/blackbox/sync.sh), so a lost report is stored
 * again, once, at the kiosk's next run. Waiting for fsync on every COMMIT
 * (synchronous=FULL) would cap a collector at one report per fsync: about
 * a thousand a second where fsync takes a millisecond, far fewer on an SD
 * card. PostgreSQL keeps synchronous_commit on. Either way a caller
 * answers only after store_commit(), or the statement that is its own
 * transaction, returned.
 *
 * Where the two differ: PostgreSQL types a parameter from where it is used
 * (a parameter in a SELECT list is text: write CAST($n AS BIGINT) there);
 * SQLite binds a text parameter written as a whole number ("42", "-7") as
 * an integer, as it binds a STORE_INT, and any other as text, so
 * `COUNT(*) < $1` compares numbers on both. A comparison comes out as
 * "t"/"f" from PostgreSQL and "1"/"0" from SQLite: select CASE WHEN ...
 * THEN 1 ELSE 0 END for a flag. Statements are prepared once per handle (a
 * small cache keyed by the SQL text).
 *
 * The collector's schema, version 1:
 *
 *     kiosk(kiosk_id TEXT PRIMARY KEY, grp TEXT NOT NULL,
 *           revoked INTEGER NOT NULL DEFAULT 0, added_ms BIGINT NOT NULL)
 *     report(kiosk_id, instance_id TEXT, seq BIGINT, grp TEXT, day TEXT,
 *            clock_trusted INTEGER, digest TEXT, received_ms BIGINT,
 *            one BIGINT NOT NULL column per metric (report_metric_column),
 *            PRIMARY KEY (kiosk_id, instance_id, seq))
 *     published(period TEXT, grp TEXT, published_ms BIGINT,
 *               PRIMARY KEY (period, grp))
 *     meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)
 *
 * `grp` is the group the kiosk counted for when the report arrived; `grp`
 * '' in `published` means every group. Totals are always sums over `report`
 * rows, never kept elsewhere.
 */
#ifndef FRONTDOOR_STORE_H
#define FRONTDOOR_STORE_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* The result of a query: rows of text cells (NULL for SQL NULL). */
struct store_rows {
    size_t n_rows, n_cols;
    char **cells; /* n_rows * n_cols, row by row */
};
#define STORE_CELL(r, row, col) ((r)->cells[(row) * (r)->n_cols + (col)])

/* Opens (and creates the schema of) the store at `uri`. Returns 0, or -1
 * with the reason in `err`. */
int store_open(const char *uri, struct store **out, char *err, size_t errlen)
    __attribute__((warn_unused_result));
void store_close(struct store *st);
/* 1 for PostgreSQL, 0 for SQLite. */
int store_is_postgres(const struct store *st);
/* The reason the last call failed. */
const char *store_errmsg(const struct store *st);

/* BEGIN (IMMEDIATE on SQLite), COMMIT and ROLLBACK. 0 or -1. */
int store_begin(struct store *st) __attribute__((warn_unused_result));
int store_commit(struct store *st) __attribute__((warn_unused_result));
void store_rollback(struct store *st);

/* Runs one statement with `n` text parameters ($1..$n; a NULL is SQL NULL).
 * Returns the number of rows it changed, or -1. */
long store_exec(struct store *st, const char *sql, const char *const *params, int n)
    __attribute__((warn_unused_result));
/* Runs one query; the caller frees `out` with store_rows_free. 0 or -1. */
int store_query(struct store *st, const char *sql, const char *const *params, int n,
                struct store_rows *out) __attribute__((warn_unused_result));
void store_rows_free(struct store_rows *rows);

/* A parameter that is text (STORE_TEXT; a NULL `text` is SQL NULL) or a
 * 64-bit integer (STORE_INT). An integer is bound as one on SQLite, with
 * no text made and read back, and goes to PostgreSQL in decimal. */
struct store_value {
    const char *text;
    int64_t num;
    int is_num;
};
#define STORE_TEXT(s) ((struct store_value){.text = (s)})
#define STORE_INT(n) ((struct store_value){.num = (n), .is_num = 1})

/* store_exec() and store_query() with typed parameters. */
long store_exec_values(struct store *st, const char *sql, const struct store_value *params, int n)
    __attribute__((warn_unused_result));
int store_query_values(struct store *st, const char *sql, const struct store_value *params, int n,
                       struct store_rows *out) __attribute__((warn_unused_result));

#endif
