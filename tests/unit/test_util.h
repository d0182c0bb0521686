/* test_util.h: what the core's unit tests share.
 *
 * A scratch directory per test program, the fixtures in tests/data, SQL
 * probes that fail the test with SQLite's reason, and the catalogue of
 * import-good.json together with the facts that identify it. Header only,
 * each function static inline, so a test includes it and uses what it needs.
 */
#ifndef FRONTDOOR_TEST_UTIL_H
#define FRONTDOOR_TEST_UTIL_H

#include "frontdoor/catalog.h"
#include "frontdoor/import.h"
#include "frontdoor/mem.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

static char tmpdir[256];

/* Makes tmpdir, named after `prefix`, under $TMPDIR or /tmp. */
static inline int tmpdir_create(const char *prefix)
{
    const char *base = getenv("TMPDIR");
    xsnprintf(tmpdir, sizeof tmpdir, "%s/%s-XXXXXX", base && *base ? base : "/tmp", prefix);
    return mkdtemp(tmpdir) ? 0 : -1;
}

/* The group teardown: tmpdir and the files in it. */
static inline int remove_tmpdir(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir);
    if (!d)
        return -1;
    char path[512];
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        xsnprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
        unlink(path);
    }
    closedir(d);
    return rmdir(tmpdir);
}

/* tmpdir/name, valid until the next call. */
static inline const char *tmp_path(const char *name)
{
    static char path[512];
    xsnprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

/* tests/data/name, valid until the next call. */
static inline const char *fixture(const char *name)
{
    static char path[512];
    xsnprintf(path, sizeof path, "%s/%s", TEST_DATA_DIR, name);
    return path;
}

/* The whole file, which must exist; the caller frees it. */
static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t cap = 1 << 16, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        cap *= 2;
        buf = xrealloc(buf, cap);
    }
    fclose(f);
    *len = n;
    return buf;
}

static inline sqlite3 *raw_open(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    return db;
}

/* The first column of the first row, which must exist. */
static inline long long scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The first column of the first row as text, "" for NULL or no row; valid
 * until the next call. */
static inline const char *scalar_text(sqlite3 *db, const char *sql)
{
    static char buf[512];
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    buf[0] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        xsnprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return buf;
}

static inline struct catalog *open_ok(const char *path, int flags)
{
    struct catalog *cat = NULL;
    int rc = catalog_open(path, flags, &cat);
    if (rc != CATALOG_OK)
        fail_msg("catalog_open(%s): %d %s", path, rc, catalog_errmsg(cat));
    return cat;
}

static inline void import_ok(struct catalog *cat, const char *path, struct import_stats *st)
{
    char err[1024];
    if (import_file(cat, path, 0, st, err, sizeof err) != 0)
        fail_msg("import %s: %s", path, err);
}

/* A fresh database tmpdir/name holding tests/data/import-good.json. */
static inline struct catalog *good_catalog(const char *name)
{
    struct catalog *cat = open_ok(tmp_path(name), CATALOG_CREATE);
    import_ok(cat, fixture("import-good.json"), NULL);
    return cat;
}

/* The facts that identify the catalogue of import-good.json. */
static inline void assert_good_catalogue(sqlite3 *db)
{
    assert_int_equal(scalar(db, "SELECT count(*) FROM service"), 6);
    assert_int_equal(scalar(db, "SELECT count(*) FROM organization"), 3);
    assert_int_equal(scalar(db, "SELECT count(*) FROM location"), 2);
    assert_int_equal(scalar(db, "SELECT count(*) FROM taxonomy_term"), 10);
    assert_int_equal(scalar(db, "SELECT count(*) FROM attribute"), 13);
    assert_int_equal(scalar(db, "SELECT count(*) FROM translation"), 44);
    assert_string_equal(scalar_text(db, "SELECT name FROM service WHERE hsds_id = 'svc-crisis'"),
                        "Crisis helpline");
    assert_string_equal(scalar_text(db, "SELECT value FROM catalogue_meta WHERE key = 'language'"),
                        "en");
}

#endif
