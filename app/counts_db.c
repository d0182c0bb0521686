/* counts_db.c: opening the counts database, its schema and its meta table.
 * See counts_db.h for the tables and why the journal is not a WAL. */
#include "counts_db.h"

#include "frontdoor/mem.h"
#include "frontdoor/report.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 5000

static const char schema[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
    "CREATE TABLE bucket (\n"
    "    id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "    day TEXT NOT NULL,\n"
    "    clock_trusted INTEGER NOT NULL CHECK (clock_trusted IN (0, 1)),\n"
    "    counts TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE report (\n"
    "    instance_id TEXT NOT NULL,\n"
    "    seq INTEGER NOT NULL CHECK (seq >= 1),\n"
    "    day TEXT NOT NULL,\n"
    "    body TEXT NOT NULL,\n"
    "    signature TEXT NOT NULL,\n"
    "    digest TEXT NOT NULL,\n"
    "    sealed_at_boot INTEGER NOT NULL CHECK (sealed_at_boot IN (0, 1)),\n"
    "    state TEXT NOT NULL CHECK (state IN ('waiting', 'sent', 'parked', 'dropped')),\n"
    "    status TEXT,\n"
    "    PRIMARY KEY (instance_id, seq)\n"
    ");\n"
    "PRAGMA user_version = 1;\n";

int counts_db_exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int counts_db_open(const char *path, int create, sqlite3 **out, char *err, size_t errlen)
{
    *out = NULL;
    sqlite3 *db = NULL;
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        xsnprintf(err, errlen, "%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
        goto close_db;
    }
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    if (counts_db_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;"
                           "PRAGMA secure_delete = ON") != 0 ||
        counts_db_exec(db, "BEGIN IMMEDIATE") != 0) {
        xsnprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
        goto close_db;
    }
    sqlite3_stmt *st = NULL;
    int version = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version == 0) {
        char id[REPORT_INSTANCE_ID_LEN + 1];
        report_new_instance(id);
        if (counts_db_exec(db, schema) != 0 || counts_meta_set(db, "instance_id", id) != 0 ||
            counts_meta_set_int(db, "next_seq", 1) != 0) {
            xsnprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
            goto rollback;
        }
    } else if (version != 1) {
        xsnprintf(err, errlen, "%s: not a counts database of this version (user_version %d)", path,
                  version);
        goto rollback;
    }
    if (counts_db_exec(db, "COMMIT") != 0) {
        xsnprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
        goto rollback;
    }
    *out = db;
    return 0;
rollback:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
close_db:
    sqlite3_close(db);
    return -1;
}

int counts_db_waiting(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM report WHERE state = 'waiting'", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

int counts_db_due(sqlite3 *db, int64_t now_ms)
{
    if (counts_meta_int(db, "refused", 0))
        return 0;
    int64_t next = counts_meta_int(db, "next_try_ms", 0);
    int64_t last = counts_meta_int(db, "last_try_ms", 0);
    return now_ms >= next || now_ms < last;
}

int counts_meta_get(sqlite3 *db, const char *key, char *out, size_t size)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        xsnprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

int64_t counts_meta_int(sqlite3 *db, const char *key, int64_t missing)
{
    char buf[32], *end;
    if (counts_meta_get(db, key, buf, sizeof buf) != 0)
        return missing;
    errno = 0;
    long long v = strtoll(buf, &end, 10);
    return errno || *end || end == buf ? missing : v;
}

int counts_meta_set(sqlite3 *db, const char *key, const char *value)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    sqlite3_finalize(st);
    return rc;
}

int counts_meta_set_int(sqlite3 *db, const char *key, int64_t value)
{
    char buf[32];
    xsnprintf(buf, sizeof buf, "%" PRId64, value);
    return counts_meta_set(db, key, buf);
}

int counts_read_key(const char *path, unsigned char sk[64], char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        xsnprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat sb;
    unsigned char buf[65];
    ssize_t n = -1;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
        n = read(fd, buf, sizeof buf);
    close(fd);
    if (!S_ISREG(sb.st_mode)) {
        xsnprintf(err, errlen, "%s: not a regular file", path);
        return -1;
    }
    if (n != 64) {
        xsnprintf(err, errlen, "%s: not a kiosk key (%zd bytes, not 64)", path, n);
        return -1;
    }
    memcpy(sk, buf, 64);
    return 0;
}
