/* sync.c: one upload run (see sync.h for the rules).
 *
 * The database is never held in a transaction across a network call: each
 * outcome is written on its own as soon as it is known, so a run killed at
 * any moment leaves every report either waiting (it is sent again and the
 * collector answers "already have it") or acknowledged. A lock file beside
 * the database keeps two runs (the kiosk's and one by hand) apart.
 */
#include "frontdoor/sync.h"

#include "counts_db.h"
#include "frontdoor/config.h"
#include "frontdoor/mem.h"
#include "frontdoor/report.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#define BACKOFF_BASE_MS (60 * 1000LL)
#define BACKOFF_CAP_MS (6 * 3600 * 1000LL)
#define REPLY_MAX 65536
/* Acknowledged reports are marked sent in batches of this many: a run
 * killed before a batch is written sends those again, and the collector
 * answers that it has them. One transaction each would cost a year's
 * backlog a few fsyncs per report. */
#define ACK_BATCH 64

struct run {
    const struct sync_options *o;
    struct sync_result *res;
    sqlite3 *db;
    CURL *curl;
    unsigned char sk[REPORT_SECRET_KEY_BYTES];
    char kiosk_id[REPORT_KIOSK_ID_LEN + 1];
    char base[600]; /* the collector's address, ending in '/' */
    /* The last reply. */
    long status;
    char reply[REPLY_MAX + 1];
    size_t reply_len;
    int reply_too_long;
    char curl_err[CURL_ERROR_SIZE];
    int date_kept;            /* the collector's Date is kept once a run */
    int64_t acked[ACK_BATCH]; /* rowids acknowledged and not yet marked sent */
    int n_acked;
};

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void say(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct run *r, const char *fmt, ...)
{
    if (!r->o->log)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(r->o->log, fmt, ap);
    va_end(ap);
    fputc('\n', r->o->log);
}

static size_t on_body(char *data, size_t size, size_t n, void *user)
{
    struct run *r = user;
    size_t len = size * n;
    if (r->reply_len + len > REPLY_MAX) {
        r->reply_too_long = 1;
        return len; /* read on, keep nothing more: it is no acknowledgement */
    }
    memcpy(r->reply + r->reply_len, data, len);
    r->reply_len += len;
    r->reply[r->reply_len] = '\0';
    return len;
}

/* One request: PUT `body` (signed `sig`) or, with body NULL, GET. Returns
 * 0 when an HTTP answer came (r->status), -1 when none did. */
static int request(struct run *r, const char *path, const char *body, const char *sig)
{
    char url[800], sig_header[128];
    xsnprintf(url, sizeof url, "%s%s", r->base, path);
    struct curl_slist *headers = NULL;
    headers = curl_slist_append(headers, "Accept: application/json");
    if (body) {
        xsnprintf(sig_header, sizeof sig_header, "Frontdoor-Signature: %s", sig);
        headers = curl_slist_append(headers, "Content-Type: application/json");
        headers = curl_slist_append(headers, sig_header);
        headers = curl_slist_append(headers, "Expect:");
        curl_easy_setopt(r->curl, CURLOPT_CUSTOMREQUEST, "PUT");
        curl_easy_setopt(r->curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(r->curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    } else {
        curl_easy_setopt(r->curl, CURLOPT_CUSTOMREQUEST, NULL);
        curl_easy_setopt(r->curl, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(r->curl, CURLOPT_URL, url);
    curl_easy_setopt(r->curl, CURLOPT_HTTPHEADER, headers);
    r->status = 0;
    r->reply_len = 0;
    r->reply[0] = '\0';
    r->reply_too_long = 0;
    r->curl_err[0] = '\0';
    CURLcode rc = curl_easy_perform(r->curl);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
        say(r, "%s: no answer: %s", url, r->curl_err[0] ? r->curl_err : curl_easy_strerror(rc));
        return -1;
    }
    curl_easy_getinfo(r->curl, CURLINFO_RESPONSE_CODE, &r->status);
    return 0;
}

/* The reply as a JSON object, or NULL when it is none (a portal's page). */
static json_t *reply_json(struct run *r)
{
    if (r->reply_too_long)
        return NULL;
    json_t *j = json_loadb(r->reply, r->reply_len, JSON_REJECT_DUPLICATES, NULL);
    if (j && !json_is_object(j)) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

static int field_is(json_t *o, const char *key, const char *want)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) && strcmp(json_string_value(v), want) == 0;
}

/* A collector's Date, kept as an offset from this machine's wall clock. */
static void keep_date(struct run *r)
{
    if (r->date_kept)
        return;
    r->date_kept = 1;
    struct curl_header *h = NULL;
    if (curl_easy_header(r->curl, "Date", 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
        return;
    time_t t = curl_getdate(h->value, NULL);
    if (t <= 0)
        return;
    if (counts_meta_set_int(r->db, "clock_offset_ms", (int64_t)t * 1000 - wall_ms()) != 0)
        say(r, "cannot keep the collector's time: %s", sqlite3_errmsg(r->db));
}

/* Sets a report's state (and why). */
static int set_state(struct run *r, const char *instance, int64_t seq, const char *state,
                     const char *status)
{
    sqlite3_stmt *st = NULL;
    int ok = sqlite3_prepare_v2(r->db,
                                "UPDATE report SET state = ?3, status = ?4 "
                                "WHERE instance_id = ?1 AND seq = ?2",
                                -1, &st, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_text(st, 1, instance, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, seq);
        sqlite3_bind_text(st, 3, state, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok ? 0 : -1;
}

/* Marks the acknowledged reports sent, in one transaction. */
static int flush_acked(struct run *r)
{
    if (r->n_acked == 0)
        return 0;
    sqlite3_stmt *st = NULL;
    int ok = counts_db_exec(r->db, "BEGIN IMMEDIATE") == 0 &&
             sqlite3_prepare_v2(r->db,
                                "UPDATE report SET state = 'sent', status = NULL WHERE rowid = ?1",
                                -1, &st, NULL) == SQLITE_OK;
    for (int i = 0; ok && i < r->n_acked; i++) {
        sqlite3_bind_int64(st, 1, r->acked[i]);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (!ok || counts_db_exec(r->db, "COMMIT") != 0) {
        sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    r->n_acked = 0;
    return 0;
}

/* ---- the collector lost reports: they wait again ---- */

static int check_held(struct run *r)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(r->db,
                           "SELECT instance_id, max(seq) FROM report WHERE state = 'sent' "
                           "GROUP BY instance_id",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = 0;
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        char instance[REPORT_INSTANCE_ID_LEN + 1], path[256];
        xsnprintf(instance, sizeof instance, "%s", (const char *)sqlite3_column_text(st, 0));
        int64_t sent = sqlite3_column_int64(st, 1);
        xsnprintf(path, sizeof path, "v1/reports/%s/%s", r->kiosk_id, instance);
        if (request(r, path, NULL, NULL) != 0) {
            rc = -1;
            break;
        }
        json_t *j = reply_json(r);
        json_t *upto = j ? json_object_get(j, "upto") : NULL;
        if (r->status == 200 && field_is(j, "kiosk_id", r->kiosk_id) &&
            field_is(j, "instance_id", instance) && json_is_integer(upto) &&
            json_integer_value(upto) >= 0 && json_integer_value(upto) < sent) {
            int64_t held = json_integer_value(upto);
            say(r,
                "the collector holds %s only up to %" PRId64 " of %" PRId64
                "; sending the rest again",
                instance, held, sent);
            sqlite3_stmt *up = NULL;
            if (sqlite3_prepare_v2(r->db,
                                   "UPDATE report SET state = 'waiting', status = NULL "
                                   "WHERE instance_id = ?1 AND seq > ?2 AND state = 'sent'",
                                   -1, &up, NULL) == SQLITE_OK) {
                sqlite3_bind_text(up, 1, instance, -1, SQLITE_STATIC);
                sqlite3_bind_int64(up, 2, held);
                if (sqlite3_step(up) != SQLITE_DONE)
                    rc = -1;
            } else {
                rc = -1;
            }
            sqlite3_finalize(up);
        }
        /* Anything else is no answer to this question: sending will tell. */
        json_decref(j);
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- 409: the kiosk's database went back in time ---- */

/* 1 when every count of `body` is at most the collector's stored one.
 * Sensitive counts carry noise, drawn again at every sealing, so they say
 * nothing either way and are left out. */
static int covered_by(const char *body, json_t *stored)
{
    struct report rep;
    char err[256];
    if (report_parse(body, strlen(body), &rep, err, sizeof err) != 0 || !json_is_object(stored))
        return 0;
    for (int m = 0; m < N_METRICS; m++) {
        if (report_metric_sensitive(m))
            continue;
        json_t *v = json_object_get(stored, report_metric_name(m));
        if (!json_is_integer(v) || rep.counts[m] > json_integer_value(v))
            return 0;
    }
    return 1;
}

/* Moves every report not yet acknowledged to a new instance, numbered from
 * 1 in the order they were sealed, signed anew; the next sealed report
 * follows them. One transaction. */
static int renumber(struct run *r)
{
    char instance[REPORT_INSTANCE_ID_LEN + 1];
    report_new_instance(instance);
    if (counts_db_exec(r->db, "BEGIN IMMEDIATE") != 0)
        return -1;
    sqlite3_stmt *sel = NULL, *up = NULL;
    int ok = sqlite3_prepare_v2(r->db,
                                "SELECT rowid, body FROM report WHERE state IN ('waiting', "
                                "'parked') ORDER BY rowid",
                                -1, &sel, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(r->db,
                                "UPDATE report SET instance_id = ?2, seq = ?3, body = ?4, "
                                "signature = ?5, digest = ?6, state = 'waiting', status = NULL "
                                "WHERE rowid = ?1",
                                -1, &up, NULL) == SQLITE_OK;
    int64_t seq = 0;
    while (ok && sqlite3_step(sel) == SQLITE_ROW) {
        struct report rep;
        char err[256];
        const char *old = (const char *)sqlite3_column_text(sel, 1);
        if (report_parse(old, strlen(old), &rep, err, sizeof err) != 0) {
            say(r, "a stored report cannot be read: %s", err);
            ok = 0;
            break;
        }
        memcpy(rep.instance_id, instance, sizeof rep.instance_id);
        rep.seq = ++seq;
        char *body = report_body(&rep);
        char sig[REPORT_SIG_LEN + 1], digest[REPORT_DIGEST_LEN + 1];
        report_sign(r->sk, body, strlen(body), sig);
        report_digest(body, strlen(body), digest);
        sqlite3_bind_int64(up, 1, sqlite3_column_int64(sel, 0));
        sqlite3_bind_text(up, 2, instance, -1, SQLITE_STATIC);
        sqlite3_bind_int64(up, 3, rep.seq);
        sqlite3_bind_text(up, 4, body, -1, SQLITE_STATIC);
        sqlite3_bind_text(up, 5, sig, -1, SQLITE_STATIC);
        sqlite3_bind_text(up, 6, digest, -1, SQLITE_STATIC);
        ok = sqlite3_step(up) == SQLITE_DONE;
        sqlite3_reset(up);
        free(body);
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(up);
    ok = ok && counts_meta_set(r->db, "instance_id", instance) == 0 &&
         counts_meta_set_int(r->db, "next_seq", seq + 1) == 0 &&
         counts_db_exec(r->db, "COMMIT") == 0;
    if (!ok) {
        sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    say(r,
        "the collector holds other reports under these numbers: %" PRId64
        " report(s) renumbered under instance %s",
        seq, instance);
    return 0;
}

/* ---- sending ---- */

enum outcome { SENT, DROPPED, PARKED, RENUMBERED, STOP_REFUSED, STOP_TRANSIENT, STOP_ERROR };

/* A waiting report, copied out of the database before the network call. */
struct pending {
    int64_t rowid;
    char instance[REPORT_INSTANCE_ID_LEN + 1];
    int64_t seq;
    char *body;
    char sig[REPORT_SIG_LEN + 1];
    char digest[REPORT_DIGEST_LEN + 1];
    int at_boot;
    char day[11];
};

static enum outcome send_one(struct run *r, const struct pending *p)
{
    const char *instance = p->instance, *body = p->body, *digest = p->digest;
    int64_t seq = p->seq;
    int at_boot = p->at_boot;
    const char *day = p->day;
    char path[256], why[300];
    xsnprintf(path, sizeof path, "v1/reports/%s/%s/%" PRId64, r->kiosk_id, instance, seq);
    if (request(r, path, body, p->sig) != 0)
        return STOP_TRANSIENT;
    json_t *j = reply_json(r);
    enum outcome out = STOP_TRANSIENT;
    json_t *jseq = j ? json_object_get(j, "seq") : NULL;
    if ((r->status == 200 || r->status == 201) && field_is(j, "kiosk_id", r->kiosk_id) &&
        field_is(j, "instance_id", instance) && json_is_integer(jseq) &&
        json_integer_value(jseq) == seq && field_is(j, "digest", digest)) {
        keep_date(r);
        r->acked[r->n_acked++] = p->rowid;
        out = r->n_acked < ACK_BATCH || flush_acked(r) == 0 ? SENT : STOP_ERROR;
        say(r, "%s #%" PRId64 " (%s): %s", instance, seq, day,
            r->status == 201 ? "delivered" : "the collector already had it");
    } else if (r->status == 200 || r->status == 201) {
        say(r,
            "%s #%" PRId64 ": HTTP %ld without an acknowledgement of this report (a login "
            "page in the way?)",
            instance, seq, r->status);
    } else if (flush_acked(r) != 0) {
        out = STOP_ERROR; /* before any other change of state, and a renumbering */
    } else if (r->status == 409) {
        if (at_boot && covered_by(body, j ? json_object_get(j, "stored") : NULL)) {
            say(r, "%s #%" PRId64 ": the collector already counted these sessions; dropped",
                instance, seq);
            out = set_state(r, instance, seq, "dropped", "409: already counted") == 0 ? DROPPED
                                                                                      : STOP_ERROR;
        } else {
            out = renumber(r) == 0 ? RENUMBERED : STOP_ERROR;
        }
    } else if (r->status == 400 || r->status == 401 || r->status == 403 || r->status == 413 ||
               r->status == 422) {
        json_t *e = j ? json_object_get(j, "error") : NULL;
        xsnprintf(why, sizeof why, "%ld: %.200s", r->status,
                  json_is_string(e) ? json_string_value(e) : "refused");
        say(r, "%s #%" PRId64 ": refused for good (%s); parked", instance, seq, why);
        if (set_state(r, instance, seq, "parked", why) != 0)
            out = STOP_ERROR;
        else if (r->status == 401 || r->status == 403)
            out = counts_meta_set(r->db, "refused", why) == 0 ? STOP_REFUSED : STOP_ERROR;
        else
            out = PARKED;
    } else {
        say(r, "%s #%" PRId64 ": HTTP %ld; trying again later", instance, seq, r->status);
    }
    json_decref(j);
    return out;
}

/* Sends until nothing waits or something stops the run. The reports go in
 * the order they were sealed; `last` is the last one tried, since those
 * acknowledged are marked sent only a batch at a time. */
static enum outcome send_waiting(struct run *r)
{
    int64_t last = 0;
    for (;;) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(r->db,
                               "SELECT instance_id, seq, body, signature, digest, "
                               "sealed_at_boot, day, rowid FROM report "
                               "WHERE state = 'waiting' AND rowid > ?1 ORDER BY rowid LIMIT 1",
                               -1, &st, NULL) != SQLITE_OK)
            return STOP_ERROR;
        sqlite3_bind_int64(st, 1, last);
        int rc = sqlite3_step(st);
        struct pending p = {0};
        if (rc == SQLITE_ROW) {
            p.rowid = last = sqlite3_column_int64(st, 7);
            xsnprintf(p.instance, sizeof p.instance, "%s",
                      (const char *)sqlite3_column_text(st, 0));
            p.seq = sqlite3_column_int64(st, 1);
            p.body = xstrdup((const char *)sqlite3_column_text(st, 2));
            xsnprintf(p.sig, sizeof p.sig, "%s", (const char *)sqlite3_column_text(st, 3));
            xsnprintf(p.digest, sizeof p.digest, "%s", (const char *)sqlite3_column_text(st, 4));
            p.at_boot = sqlite3_column_int(st, 5);
            xsnprintf(p.day, sizeof p.day, "%s", (const char *)sqlite3_column_text(st, 6));
        }
        sqlite3_finalize(st);
        if (rc == SQLITE_DONE)
            return SENT;
        if (rc != SQLITE_ROW)
            return STOP_ERROR;
        enum outcome out = send_one(r, &p);
        free(p.body);
        switch (out) {
        case SENT:
            r->res->sent++;
            break;
        case DROPPED:
            r->res->dropped++;
            break;
        case PARKED:
            r->res->parked++;
            break;
        case RENUMBERED:
            last = 0; /* the same reports, under new numbers */
            break;
        default:
            if (out == STOP_REFUSED)
                r->res->parked++;
            return out;
        }
    }
}

/* The next try after a failure: a minute, then full jitter over an
 * exponential window, and never before the collector's Retry-After. */
static void back_off(struct run *r)
{
    int64_t failures = counts_meta_int(r->db, "failures", 0) + 1;
    int64_t window = BACKOFF_BASE_MS << (failures < 20 ? failures : 20);
    if (window > BACKOFF_CAP_MS)
        window = BACKOFF_CAP_MS;
    int64_t delay =
        BACKOFF_BASE_MS + (int64_t)randombytes_uniform((uint32_t)(window / 1000)) * 1000;
    curl_off_t retry_after = 0;
    if (curl_easy_getinfo(r->curl, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK &&
        retry_after > 0 && retry_after * 1000 > delay)
        delay = retry_after * 1000 > BACKOFF_CAP_MS ? BACKOFF_CAP_MS : retry_after * 1000;
    if (counts_meta_set_int(r->db, "failures", failures) != 0 ||
        counts_meta_set_int(r->db, "next_try_ms", wall_ms() + delay) != 0)
        say(r, "cannot keep the next try: %s", sqlite3_errmsg(r->db));
    say(r, "next try in %" PRId64 " s", delay / 1000);
}

/* Reports still waiting, for the result (0 when the count failed). */
static int count_waiting(sqlite3 *db)
{
    int n = counts_db_waiting(db);
    return n < 0 ? 0 : n;
}

int sync_run(const struct sync_options *o, struct sync_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    const char *url = o->cfg->sync_collector;
    if (!url[0]) {
        xsnprintf(err, errlen, "no collector configured ([sync] collector in the configuration)");
        return -1;
    }
    struct run *r = xcalloc(1, sizeof *r);
    r->o = o;
    r->res = res;
    int status = -1;
    xsnprintf(r->base, sizeof r->base, "%s%s", url, url[strlen(url) - 1] == '/' ? "" : "/");
    if (counts_read_key(o->key_path, r->sk, err, errlen) != 0)
        goto free_run;
    unsigned char pk[REPORT_PUBLIC_KEY_BYTES];
    report_public_key(r->sk, pk);
    report_hex(pk, sizeof pk, r->kiosk_id);

    char lock_path[600];
    xsnprintf(lock_path, sizeof lock_path, "%s.sync-lock", o->counts_db);
    int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0) {
        xsnprintf(err, errlen, "%s: %s", lock_path, strerror(errno));
        goto free_run;
    }
    if (flock(lock, LOCK_EX | LOCK_NB) != 0) {
        say(r, "another upload is running");
        status = 1;
        goto close_lock;
    }
    if (counts_db_open(o->counts_db, 0, &r->db, err, errlen) != 0)
        goto close_lock;
    int64_t now = wall_ms();
    if (o->retry_parked) {
        if (counts_db_exec(r->db, "UPDATE report SET state = 'waiting', status = NULL "
                                  "WHERE state = 'parked'; DELETE FROM meta WHERE key = "
                                  "'refused'") != 0) {
            xsnprintf(err, errlen, "%s: %s", o->counts_db, sqlite3_errmsg(r->db));
            goto close_db;
        }
    }
    if (o->if_due && !counts_db_due(r->db, now)) {
        status = 1;
        res->waiting = count_waiting(r->db);
        goto close_db;
    }
    if (counts_meta_set_int(r->db, "last_try_ms", now) != 0) {
        xsnprintf(err, errlen, "%s: %s", o->counts_db, sqlite3_errmsg(r->db));
        goto close_db;
    }

    r->curl = curl_easy_init();
    if (!r->curl) {
        xsnprintf(err, errlen, "libcurl cannot start");
        goto close_db;
    }
    curl_easy_setopt(r->curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(r->curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(r->curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(r->curl, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(r->curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(r->curl, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(r->curl, CURLOPT_ERRORBUFFER, r->curl_err);
    curl_easy_setopt(r->curl, CURLOPT_USERAGENT, "frontdoor-sync/1");
    if (o->cfg->sync_ca_file[0]) {
        /* Pinned: this CA and no other. */
        curl_easy_setopt(r->curl, CURLOPT_CAINFO, o->cfg->sync_ca_file);
        curl_easy_setopt(r->curl, CURLOPT_CAPATH, NULL);
    }

    enum outcome out = check_held(r) == 0 ? send_waiting(r) : STOP_TRANSIENT;
    if (flush_acked(r) != 0)
        out = STOP_ERROR;
    if (out == SENT) {
        if (counts_meta_set_int(r->db, "failures", 0) != 0 ||
            counts_meta_set_int(r->db, "next_try_ms", 0) != 0 ||
            counts_meta_set_int(r->db, "last_ok_ms", wall_ms()) != 0 ||
            counts_db_exec(r->db, "DELETE FROM meta WHERE key = 'last_error'") != 0)
            say(r, "cannot keep the upload's state: %s", sqlite3_errmsg(r->db));
    } else {
        res->failed = 1;
        char what[300];
        xsnprintf(what, sizeof what, "%s",
                  out == STOP_REFUSED ? "the collector refuses this kiosk"
                  : r->status         ? "the collector did not acknowledge"
                                      : "no answer from the collector");
        if (counts_meta_set(r->db, "last_error", what) != 0)
            say(r, "cannot keep the upload's state: %s", sqlite3_errmsg(r->db));
        if (out != STOP_REFUSED)
            back_off(r);
    }
    res->waiting = count_waiting(r->db);
    status = 0;
    curl_easy_cleanup(r->curl);
close_db:
    sqlite3_close(r->db);
close_lock:
    close(lock);
free_run:
    sodium_memzero(r->sk, sizeof r->sk);
    free(r);
    return status;
}
