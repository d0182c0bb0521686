/* counts.c: a day's totals in memory, written in batches, sealed once.
 *
 * The open day lives in `struct counts` and in the bucket row; memory is
 * ahead of the row by at most COUNTS_BATCH - 1 sessions. Sealing builds the
 * report from memory, adds noise to the sensitive counts, signs it and, in
 * one transaction, stores it under the next seq and opens the new day: a
 * crash leaves either the old open day or the report and the new day.
 *
 * Whoever has the counts open holds an exclusive lock (flock) on the
 * kiosk's key: the kiosk while it runs, or frontdoor-admin sealing the
 * days a kiosk that is not running left (counts_seal_ended). A second
 * sealer could otherwise seal from the row a day the kiosk still holds
 * sessions of in memory, and the day would be counted twice.
 */
#include "frontdoor/counts.h"

#include "counts_db.h"
#include "frontdoor/clock.h"
#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define DAY_MS (24 * 3600 * 1000LL)

struct counts {
    sqlite3 *db;
    unsigned char sk[REPORT_SECRET_KEY_BYTES];
    char kiosk_id[REPORT_KIOSK_ID_LEN + 1];
    char day[11]; /* the open day */
    int trusted;
    int64_t opened_boot_ms; /* boot time when the open day began in this process */
    int64_t totals[N_METRICS];
    int unwritten; /* sessions in memory and not in the bucket row */
    int lock_fd;   /* the key, locked while the counts are open */
    int sealed;    /* reports sealed when they were opened */
    char err[512];
};

void counts_paths(const char *catalogue_db, char *counts_db, size_t db_size, char *key,
                  size_t key_size)
{
    const char *slash = strrchr(catalogue_db, '/');
    int dir = slash ? (int)(slash - catalogue_db) + 1 : 0;
    xsnprintf(counts_db, db_size, "%.*scounts.db", dir, catalogue_db);
    xsnprintf(key, key_size, "%.*skiosk.key", dir, catalogue_db);
}

int counts_init(const char *counts_db, const char *key_path, int *made, char *err, size_t errlen)
{
    *made = 0;
    unsigned char sk[REPORT_SECRET_KEY_BYTES], pk[REPORT_PUBLIC_KEY_BYTES];
    if (access(key_path, F_OK) != 0) {
        if (report_keypair(pk, sk) != 0) {
            xsnprintf(err, errlen, "libsodium cannot start");
            return -1;
        }
        /* O_EXCL: never replace a key, even one made a moment ago. */
        int fd = open(key_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            xsnprintf(err, errlen, "%s: %s", key_path, strerror(errno));
            return -1;
        }
        int ok = write(fd, sk, sizeof sk) == (ssize_t)sizeof sk && fsync(fd) == 0;
        ok = close(fd) == 0 && ok;
        if (!ok) {
            xsnprintf(err, errlen, "%s: cannot write the key", key_path);
            unlink(key_path);
            return -1;
        }
        *made = 1;
    } else if (counts_read_key(key_path, sk, err, errlen) != 0) {
        return -1;
    }
    sqlite3 *db;
    if (counts_db_open(counts_db, 1, &db, err, errlen) != 0)
        return -1;
    sqlite3_close(db);
    return 0;
}

const char *counts_errmsg(const struct counts *c)
{
    return c ? c->err : "out of memory";
}

static int db_fail(struct counts *c, const char *what)
{
    xsnprintf(c->err, sizeof c->err, "counts: %s: %s", what, sqlite3_errmsg(c->db));
    return -1;
}

/* ---- the metric list ---- */

int counts_need_metric(const char *code, int sensitive)
{
    char name[96];
    xsnprintf(name, sizeof name, "need:%s", code);
    int m = report_metric_find(name);
    if (m < 0 || strcmp(code, "other") == 0 || strcmp(code, "other-sensitive") == 0)
        return sensitive ? M_NEED_OTHER_SENSITIVE : M_NEED_OTHER;
    /* A need the catalogue marks sensitive is never counted in the open. */
    if (sensitive && !report_metric_sensitive(m))
        return M_NEED_OTHER_SENSITIVE;
    return m;
}

int counts_lang_metric(const char *lang)
{
    char name[32];
    xsnprintf(name, sizeof name, "lang:%s", lang);
    int m = report_metric_find(name);
    return m >= 0 && strcmp(lang, "other") != 0 ? m : M_LANG_OTHER;
}

/* ---- days ---- */

void counts_day(struct counts *c, struct counts_now now, char day[11], int *trusted)
{
    int64_t wall = now.wall_ms;
    *trusted = now.trusted;
    if (!now.trusted) {
        char buf[32];
        if (counts_meta_get(c->db, "clock_offset_ms", buf, sizeof buf) == 0) {
            wall += counts_meta_int(c->db, "clock_offset_ms", 0);
            *trusted = 1;
        }
    }
    struct fd_tm t = clock_local(wall);
    xsnprintf(day, 11, "%04d-%02d-%02d", t.year % 10000, t.month, t.day);
}

/* 1 when the open day is over. A day during which the clock was found
 * untrusted, even for a while, is marked untrusted. */
static int day_ended(struct counts *c, struct counts_now now)
{
    char today[11];
    int trusted;
    counts_day(c, now, today, &trusted);
    if (!trusted)
        c->trusted = 0;
    if (trusted)
        return strcmp(today, c->day) != 0;
    return now.boot_ms - c->opened_boot_ms >= DAY_MS;
}

/* ---- the bucket ---- */

static char *totals_json(const int64_t *totals)
{
    json_t *o = json_object();
    for (int m = 0; m < N_METRICS; m++) {
        if (totals[m])
            json_object_set_new(o, report_metric_name(m), json_integer(totals[m]));
    }
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!s) {
        fputs("frontdoor: out of memory\n", stderr);
        abort();
    }
    return s;
}

/* Writes the open day (label and totals) into the bucket row. */
static int write_bucket(struct counts *c, const char *day, int trusted, const int64_t *totals)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db,
                           "INSERT INTO bucket (id, day, clock_trusted, counts) "
                           "VALUES (1, ?1, ?2, ?3) ON CONFLICT (id) DO UPDATE SET "
                           "day = excluded.day, clock_trusted = excluded.clock_trusted, "
                           "counts = excluded.counts",
                           -1, &st, NULL) != SQLITE_OK)
        return db_fail(c, "bucket");
    char *json = totals_json(totals);
    sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, trusted);
    sqlite3_bind_text(st, 3, json, -1, free);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(c, "bucket");
    sqlite3_finalize(st);
    return rc;
}

/* Reads the bucket row into `c`. Returns 1 when there is one, 0 when not,
 * -1 on error (a row that is not ours is an error: nothing is guessed). */
static int read_bucket(struct counts *c)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db, "SELECT day, clock_trusted, counts FROM bucket WHERE id = 1", -1,
                           &st, NULL) != SQLITE_OK)
        return db_fail(c, "bucket");
    int rc = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        xsnprintf(c->day, sizeof c->day, "%s", (const char *)sqlite3_column_text(st, 0));
        c->trusted = sqlite3_column_int(st, 1);
        json_t *o = json_loads((const char *)sqlite3_column_text(st, 2), 0, NULL);
        const char *key;
        json_t *v;
        rc = o && json_is_object(o) && report_day_valid(c->day) ? 1 : -1;
        json_object_foreach(o, key, v)
        {
            int m = report_metric_find(key);
            if (m < 0 || !json_is_integer(v) || json_integer_value(v) < 0) {
                rc = -1;
                break;
            }
            c->totals[m] = json_integer_value(v);
        }
        json_decref(o);
        if (rc < 0)
            xsnprintf(c->err, sizeof c->err, "counts: the open day's totals are damaged");
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- sealing ---- */

/* Seals the open day into a report and opens the day of `now`, in one
 * transaction. A day with no session is not sealed: it only gets the new
 * label. */
static int seal(struct counts *c, struct counts_now now, int at_boot)
{
    char today[11];
    int trusted;
    counts_day(c, now, today, &trusted);
    if (counts_db_exec(c->db, "BEGIN IMMEDIATE") != 0)
        return db_fail(c, "seal");
    if (c->totals[M_SESSIONS] > 0) {
        struct report r = {.clock_trusted = c->trusted};
        memcpy(r.kiosk_id, c->kiosk_id, sizeof r.kiosk_id);
        memcpy(r.day, c->day, sizeof r.day);
        if (counts_meta_get(c->db, "instance_id", r.instance_id, sizeof r.instance_id) != 0)
            goto fail;
        r.seq = counts_meta_int(c->db, "next_seq", -1);
        if (r.seq < 1)
            goto fail;
        for (int m = 0; m < N_METRICS; m++)
            r.counts[m] = report_metric_sensitive(m) ? report_noisy(c->totals[m]) : c->totals[m];
        char *body = report_body(&r);
        char sig[REPORT_SIG_LEN + 1], digest[REPORT_DIGEST_LEN + 1];
        report_sign(c->sk, body, strlen(body), sig);
        report_digest(body, strlen(body), digest);
        sqlite3_stmt *st = NULL;
        int ok = sqlite3_prepare_v2(c->db,
                                    "INSERT INTO report (instance_id, seq, day, body, signature,"
                                    " digest, sealed_at_boot, state) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'waiting')",
                                    -1, &st, NULL) == SQLITE_OK;
        if (ok) {
            sqlite3_bind_text(st, 1, r.instance_id, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 2, r.seq);
            sqlite3_bind_text(st, 3, r.day, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 4, body, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 5, sig, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 6, digest, -1, SQLITE_STATIC);
            sqlite3_bind_int(st, 7, at_boot);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        sqlite3_finalize(st);
        free(body);
        if (!ok || counts_meta_set_int(c->db, "next_seq", r.seq + 1) != 0)
            goto fail;
    }
    int64_t zero[N_METRICS] = {0};
    if (write_bucket(c, today, trusted, zero) != 0 || counts_db_exec(c->db, "COMMIT") != 0)
        goto fail;
    int sealed = c->totals[M_SESSIONS] > 0;
    memset(c->totals, 0, sizeof c->totals);
    c->unwritten = 0;
    memcpy(c->day, today, sizeof c->day);
    c->trusted = trusted;
    c->opened_boot_ms = now.boot_ms;
    return sealed;
fail:
    db_fail(c, "seal");
    sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/* Locks the key at `key_path`, waiting for another holder when `wait` is
 * set. Returns the locked descriptor, -2 when another holds it and `wait`
 * is not set, or -1 with the reason in `err`. */
static int lock_key(const char *key_path, int wait, char *err, size_t errlen)
{
    int fd = open(key_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        xsnprintf(err, errlen, "%s: %s", key_path, strerror(errno));
        return -1;
    }
    while (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
        if (errno == EINTR)
            continue;
        int busy = errno == EWOULDBLOCK;
        if (!busy)
            xsnprintf(err, errlen, "%s: cannot lock: %s", key_path, strerror(errno));
        close(fd);
        return busy ? -2 : -1;
    }
    return fd;
}

/* counts_open, or -2 (nothing opened) when another has the counts open and
 * `wait` is not set. */
static int open_counts(const char *counts_db, const char *key_path, struct counts_now now, int wait,
                       struct counts **out, char *err, size_t errlen)
{
    *out = NULL;
    struct counts *c = xcalloc(1, sizeof *c);
    c->lock_fd = -1;
    unsigned char pk[REPORT_PUBLIC_KEY_BYTES];
    if (counts_read_key(key_path, c->sk, err, errlen) != 0)
        goto free_counts;
    c->lock_fd = lock_key(key_path, wait, err, errlen);
    if (c->lock_fd == -2) {
        sodium_memzero(c->sk, sizeof c->sk);
        free(c);
        return -2;
    }
    if (c->lock_fd < 0)
        goto free_counts;
    report_public_key(c->sk, pk);
    report_hex(pk, sizeof pk, c->kiosk_id);
    if (counts_db_open(counts_db, 1, &c->db, err, errlen) != 0)
        goto free_counts;
    c->opened_boot_ms = now.boot_ms;
    int had = read_bucket(c);
    if (had < 0)
        goto fail;
    char today[11];
    int trusted;
    counts_day(c, now, today, &trusted);
    if (!had) {
        int64_t zero[N_METRICS] = {0};
        if (write_bucket(c, today, trusted, zero) != 0)
            goto fail;
        memcpy(c->day, today, sizeof c->day);
        c->trusted = trusted;
    } else if (!trusted || strcmp(today, c->day) != 0) {
        /* Left from before: an earlier day, or one nobody can date. */
        c->sealed = seal(c, now, 1);
        if (c->sealed < 0)
            goto fail;
    }
    *out = c;
    return 0;
fail:
    xsnprintf(err, errlen, "%s: %s", counts_db, c->err);
    sqlite3_close(c->db);
free_counts:
    if (c->lock_fd >= 0)
        close(c->lock_fd);
    sodium_memzero(c->sk, sizeof c->sk);
    free(c);
    return -1;
}

int counts_open(const char *counts_db, const char *key_path, struct counts_now now,
                struct counts **out, char *err, size_t errlen)
{
    return open_counts(counts_db, key_path, now, 1, out, err, errlen);
}

int counts_seal_ended(const char *counts_db, const char *key_path, struct counts_now now, char *err,
                      size_t errlen)
{
    struct counts *c;
    int rc = open_counts(counts_db, key_path, now, 0, &c, err, errlen);
    if (rc != 0)
        return rc == -2 ? 0 : -1;
    int sealed = c->sealed;
    counts_close(c);
    return sealed;
}

void counts_close(struct counts *c)
{
    if (!c)
        return;
    sqlite3_close(c->db);
    close(c->lock_fd); /* and with it the lock */
    sodium_memzero(c->sk, sizeof c->sk);
    free(c);
}

int counts_tick(struct counts *c, struct counts_now now)
{
    if (!day_ended(c, now))
        return 0;
    return seal(c, now, 0);
}

int counts_add(struct counts *c, const struct counts_session *s, struct counts_now now)
{
    int any = 0;
    for (int m = 0; m < N_METRICS; m++)
        any |= m != M_SESSIONS && s->used[m];
    if (!any)
        return 0;
    if (counts_tick(c, now) < 0)
        return -1;
    for (int m = 0; m < N_METRICS; m++)
        c->totals[m] += m != M_SESSIONS && s->used[m];
    c->totals[M_SESSIONS]++;
    if (++c->unwritten < COUNTS_BATCH)
        return 0;
    if (write_bucket(c, c->day, c->trusted, c->totals) != 0)
        return -1;
    c->unwritten = 0;
    return 0;
}

int64_t counts_next_tick_ms(const struct counts *c, struct counts_now now)
{
    int64_t wait;
    if (c->trusted) {
        /* Until the next local midnight by the clock's reading; a change of
         * daylight saving moves it an hour, and the next look corrects it. */
        struct fd_tm t = clock_local(now.wall_ms);
        wait = ((23 - t.hour) * 60 + (59 - t.minute)) * 60000LL + 60000 - now.wall_ms % 60000;
    } else {
        wait = c->opened_boot_ms + DAY_MS - now.boot_ms;
    }
    return wait < 60 * 1000 ? 60 * 1000 : wait;
}

int counts_waiting(struct counts *c)
{
    int n = counts_db_waiting(c->db);
    if (n < 0)
        db_fail(c, "waiting reports");
    return n;
}

int counts_uploads(struct counts *c, struct counts_uploads *out)
{
    memset(out, 0, sizeof *out);
    out->waiting = counts_waiting(c);
    sqlite3_stmt *st = NULL;
    if (out->waiting < 0 ||
        sqlite3_prepare_v2(c->db, "SELECT count(*) FROM report WHERE state = 'parked'", -1, &st,
                           NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return db_fail(c, "parked reports");
    }
    out->parked = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    out->last_ok_ms = counts_meta_int(c->db, "last_ok_ms", 0);
    (void)counts_meta_get(c->db, "last_error", out->last_error, sizeof out->last_error);
    return 0;
}

int counts_sync_due(struct counts *c, struct counts_now now)
{
    return counts_db_due(c->db, now.wall_ms);
}
