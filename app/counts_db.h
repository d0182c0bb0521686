/* counts_db.h: the counts database, shared by the counting (counts.c) and
 * the upload (sync.c), which run in different processes.
 *
 *     meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)
 *         instance_id, next_seq: who the next report is and its number;
 *         clock_offset_ms: a collector's Date minus the wall clock;
 *         next_try_ms, last_try_ms, failures, last_ok_ms, last_error,
 *         refused: the upload's state.
 *     bucket(id = 1, day, clock_trusted, counts): the open day's totals,
 *         as a JSON object of metric names, written every COUNTS_BATCH
 *         sessions.
 *     report(instance_id, seq, day, body, signature, digest,
 *            sealed_at_boot, state, status)
 *         state: waiting, sent (acknowledged), parked (refused for good;
 *         status says why) or dropped (the collector already had it).
 *
 * The rollback journal, not WAL: a WAL keeps every version of a page, one
 * after the other, until a checkpoint; a journal holds one transaction's old
 * pages and is deleted at commit. secure_delete zeroes what a write frees.
 */
#ifndef FRONTDOOR_COUNTS_DB_H
#define FRONTDOOR_COUNTS_DB_H

#include <stddef.h>
#include <stdint.h>

struct sqlite3;

/* Opens `path` (creating it and its schema when `create`), set up as above.
 * Returns 0, or -1 with the reason in `err` (*db is then NULL). */
int counts_db_open(const char *path, int create, struct sqlite3 **db, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* meta values. get: 0, or -1 when missing (out untouched). */
int counts_meta_get(struct sqlite3 *db, const char *key, char *out, size_t size);
int64_t counts_meta_int(struct sqlite3 *db, const char *key, int64_t missing);
int counts_meta_set(struct sqlite3 *db, const char *key, const char *value)
    __attribute__((warn_unused_result));
int counts_meta_set_int(struct sqlite3 *db, const char *key, int64_t value)
    __attribute__((warn_unused_result));

/* Reports sealed and not yet acknowledged, or -1. */
int counts_db_waiting(struct sqlite3 *db);
/* 1 when an upload may run at `now_ms`: the kiosk is not refused and the
 * last failure's wait is over (or the clock went back past the last try,
 * which would otherwise wait for the lost time). */
int counts_db_due(struct sqlite3 *db, int64_t now_ms);

/* Runs `sql` (no rows). 0 or -1. */
int counts_db_exec(struct sqlite3 *db, const char *sql) __attribute__((warn_unused_result));

/* Reads the kiosk's secret key from `path` (exactly 64 bytes). 0 or -1 with
 * the reason in `err`. */
int counts_read_key(const char *path, unsigned char sk[64], char *err, size_t errlen)
    __attribute__((warn_unused_result));

#endif
