/* collector.c: the collector's HTTP server and its kiosk register.
 *
 * libmicrohttpd parses HTTP (and TLS with GnuTLS); everything it hands over
 * goes through three steps that know nothing of HTTP: route() reads the
 * method and path into a request, put_report() and get_upto() turn a
 * request into a reply (status, JSON body, headers), answer() sends a reply
 * and logs it when it is a refusal. So the order of the checks a report
 * meets is the order of put_report()'s lines.
 *
 * The daemon runs in the caller's thread: collector_run() waits in poll()
 * on libmicrohttpd's epoll descriptor and on a pipe that collector_stop()
 * writes one byte to, which is all a signal handler may do. One request is
 * handled at a time on the one store connection, so SQLite needs no locks
 * of ours and a report's transaction never waits for another's. One core
 * serves a fleet: with many kiosks connected, one wake-up finds several
 * requests ready and handles them in turn.
 *
 * What a report costs is mostly what it must: checking its Ed25519
 * signature (the largest part), the kernel's network, and the insert.
 * The rest is kept out of the way: a request's state lives with its
 * keep-alive connection and is reused, the body is read without a JSON
 * tree when it is in the canonical form (report.c), and the insert binds
 * its integers as integers (store.h). Only refusals are logged.
 *
 * A report's body is buffered in memory up to REPORT_MAX_BODY and no
 * further: a Content-Length above it is answered 413 before a byte of the
 * body is read, and a chunked body that grows past it closes the
 * connection. With the connection limit that bounds the memory a flood can
 * take to max_connections bodies, which is also the most that idle
 * connections keep between requests.
 *
 * A report is checked as soon as its body is in (kiosk, signature, body,
 * ids), then its connection is suspended and the report joins a batch: the
 * reports that arrived in one turn of the event loop are stored in one
 * transaction, each by one statement, INSERT ... SELECT ... WHERE (the
 * kiosk's reports of that day are under the limit) ON CONFLICT DO NOTHING,
 * and every kiosk of the batch is answered only after the COMMIT returned
 * (to the WAL on SQLite, which a power cut may take back and the kiosk then
 * sends again: see store.h; synchronous_commit on PostgreSQL). If the store
 * fails, all of them are answered 503 and send again. One commit thus
 * serves every report that came together. When it inserted nothing, either
 * the key was taken or the day was full: the stored row, which is never
 * changed once written, says which (same digest 200, another 409, none
 * 429). So the limit counts only new reports: a kiosk at its limit that
 * sends again a report the collector has (its acknowledgement was lost)
 * gets its 200, and is never parked by a limit it did not break. A second
 * collector on the same PostgreSQL inserting the same report at the same
 * moment is settled by the primary key.
 */
#include "frontdoor/collector.h"

#include "frontdoor/mem.h"
#include "frontdoor/report.h"
#include "frontdoor/store.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define LOG_PREFIX "frontdoor-collector: "
#define LISTEN_BACKLOG 128
#define PEM_MAX (1 << 20)      /* bytes of a certificate or key file */
#define REPLY_MAX 8192         /* bytes of a reply body: a 409 with every metric fits */
#define REASON_MAX 512         /* bytes of a refusal's reason */
#define RETRY_LIMIT_S 3600     /* a kiosk over its daily limit waits an hour */
#define RETRY_UNAVAILABLE_S 30 /* a store that failed may be back soon */
#define GROUP_MAX COLLECTOR_GROUP_MAX
/* The insert's parameters: 8 fields, the counts, the day limit. */
#define INSERT_FIRST_COUNT 9
#define INSERT_PARAMS (INSERT_FIRST_COUNT + N_METRICS)

static const char REPORTS_PATH[] = "/v1/reports/";

enum route { ROUTE_REPORT, ROUTE_INSTANCE };

/* One request's state. It lives with its connection: made when the
 * connection opens, cleared after each request (the body's buffer kept
 * for the next), freed when it closes. */
struct request {
    enum route route;
    char kiosk_id[REPORT_KIOSK_ID_LEN + 1];
    char instance_id[REPORT_INSTANCE_ID_LEN + 1];
    int64_t seq;
    char *body; /* REPORT_MAX_BODY bytes at most, ours */
    size_t len, cap;
    int too_big;
    int answered;
    /* A checked report waiting for the batch's COMMIT (see flush_batch). */
    int queued;
    struct MHD_Connection *conn;
    struct report r;
    char grp[COLLECTOR_GROUP_MAX + 1];
    char digest[REPORT_DIGEST_LEN + 1];
    struct reply *held; /* its answer; kept with the connection like the body */
};

struct reply {
    unsigned status;
    unsigned retry_after; /* seconds; 0 for none */
    const char *allow;    /* for 405 */
    char body[REPLY_MAX];
    char reason[REASON_MAX]; /* why it was refused; "" for a success */
};

struct collector {
    struct store *st;
    struct MHD_Daemon *daemon;
    int listen_fd; /* until the daemon owns it */
    int wake[2];   /* collector_stop() writes, collector_run() reads */
    volatile sig_atomic_t stopping;
    unsigned max_reports_per_day;
    char *cert, *key;       /* PEM, kept while the daemon runs */
    char *insert_sql;       /* built from the metric list */
    struct request **batch; /* checked reports waiting for one COMMIT */
    unsigned n_batch, max_batch;
    char *stored_sql;
    char address[INET6_ADDRSTRLEN + 16];
    char mhd_msg[256]; /* libmicrohttpd's last message: shown only when starting fails */
    char errmsg[512];
};

/* ---- small helpers -------------------------------------------------------- */

/* An empty reply. Not `= {0}`: that would clear its 8 KiB on each of a
 * request's three calls; every answer writes the body and the reason. */
static void reply_init(struct reply *rp)
{
    rp->status = 0;
    rp->retry_after = 0;
    rp->allow = NULL;
    rp->body[0] = '\0';
    rp->reason[0] = '\0';
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* `in` as the inside of a JSON string, into `out`; bytes that are not
 * printable ASCII become '?' (messages are ours and ASCII; what a client
 * sent inside one may be anything). */
static void json_escape(const char *in, char *out, size_t size)
{
    size_t used = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && used + 7 < size; p++) {
        if (*p == '"' || *p == '\\') {
            out[used++] = '\\';
            out[used++] = (char)*p;
        } else if (*p < 0x20 || *p >= 0x7f) {
            out[used++] = '?';
        } else {
            out[used++] = (char)*p;
        }
    }
    out[used] = '\0';
}

/* `in` fit for one line of a log: printable ASCII, at most `size` - 1 bytes. */
static void log_safe(const char *in, char *out, size_t size)
{
    size_t used = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && used + 1 < size; p++)
        out[used++] = *p < 0x20 || *p >= 0x7f ? '?' : (char)*p;
    out[used] = '\0';
}

static void refuse(struct reply *rp, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Makes `rp` a refusal: the status and {"error": the reason}. */
static void refuse(struct reply *rp, unsigned status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rp->reason, sizeof rp->reason, fmt, ap);
    va_end(ap);
    char escaped[REPLY_MAX - 16];
    json_escape(rp->reason, escaped, sizeof escaped);
    rp->status = status;
    xsnprintf(rp->body, sizeof rp->body, "{\"error\":\"%s\"}", escaped);
}

/* 503: the store failed; the reason goes to the log, not to the kiosk. */
static void unavailable(struct collector *c, struct reply *rp)
{
    refuse(rp, MHD_HTTP_SERVICE_UNAVAILABLE, "store: unavailable, try again later");
    char why[REASON_MAX];
    log_safe(store_errmsg(c->st), why, sizeof why);
    fprintf(stderr, LOG_PREFIX "store: %s\n", why);
    rp->retry_after = RETRY_UNAVAILABLE_S;
}

static void acknowledge(struct reply *rp, unsigned status, const struct request *rq,
                        const char *digest)
{
    rp->status = status;
    rp->reason[0] = '\0';
    xsnprintf(rp->body, sizeof rp->body,
              "{\"kiosk_id\":\"%s\",\"instance_id\":\"%s\",\"seq\":%lld,\"digest\":\"%s\"}",
              rq->kiosk_id, rq->instance_id, (long long)rq->seq, digest);
}

/* ---- routing --------------------------------------------------------------- */

/* The next path segment of `*p` into `out` (`size` bytes): 0, or -1 when
 * there is none or it is too long to be an id. */
static int segment(const char **p, char *out, size_t size)
{
    const char *end = strchr(*p, '/');
    size_t len = end ? (size_t)(end - *p) : strlen(*p);
    if (len == 0 || len >= size)
        return -1;
    memcpy(out, *p, len);
    out[len] = '\0';
    *p += len + (end ? 1 : 0);
    return end ? 1 : 0;
}

/* A seq as the URL writes it: 1 to 2^63-1, no sign, no leading zero. */
static int parse_seq(const char *s, int64_t *out)
{
    size_t len = strlen(s);
    if (len == 0 || len > 19 || s[0] == '0')
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
    }
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

/* Reads the method and path into `rq`. Returns 0, or -1 with the refusal
 * in `rp`. */
static int route(const char *method, const char *url, struct request *rq, struct reply *rp)
{
    if (strncmp(url, REPORTS_PATH, sizeof REPORTS_PATH - 1) != 0) {
        refuse(rp, MHD_HTTP_NOT_FOUND, "path: no such resource (the API is under %s)",
               REPORTS_PATH);
        return -1;
    }
    const char *p = url + sizeof REPORTS_PATH - 1;
    char ids[3][REPORT_KIOSK_ID_LEN + 2];
    int n = 0, more = 1;
    while (more && n < 3) {
        more = segment(&p, ids[n], sizeof ids[n]);
        if (more < 0)
            break;
        n++;
    }
    if (more != 0 || n < 2) {
        refuse(rp, MHD_HTTP_NOT_FOUND, "path: no such resource (%skiosk_id/instance_id[/seq])",
               REPORTS_PATH);
        return -1;
    }
    rq->route = n == 3 ? ROUTE_REPORT : ROUTE_INSTANCE;
    if (rq->route == ROUTE_REPORT && strcmp(method, MHD_HTTP_METHOD_PUT) != 0) {
        refuse(rp, MHD_HTTP_METHOD_NOT_ALLOWED, "method: %s not allowed on a report, only PUT",
               method);
        rp->allow = "PUT";
        return -1;
    }
    if (rq->route == ROUTE_INSTANCE && strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
        strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
        refuse(rp, MHD_HTTP_METHOD_NOT_ALLOWED, "method: %s not allowed on an instance, only GET",
               method);
        rp->allow = "GET, HEAD";
        return -1;
    }
    if (!report_is_hex(ids[0], REPORT_KIOSK_ID_LEN)) {
        refuse(rp, MHD_HTTP_BAD_REQUEST, "path kiosk_id: not %d lower-case hex digits",
               REPORT_KIOSK_ID_LEN);
        return -1;
    }
    if (!report_is_hex(ids[1], REPORT_INSTANCE_ID_LEN)) {
        refuse(rp, MHD_HTTP_BAD_REQUEST, "path instance_id: not %d lower-case hex digits",
               REPORT_INSTANCE_ID_LEN);
        return -1;
    }
    if (n == 3 && parse_seq(ids[2], &rq->seq) != 0) {
        refuse(rp, MHD_HTTP_BAD_REQUEST, "path seq: not a whole number from 1");
        return -1;
    }
    memcpy(rq->kiosk_id, ids[0], sizeof rq->kiosk_id);
    memcpy(rq->instance_id, ids[1], sizeof rq->instance_id);
    return 0;
}

/* ---- the store's side -------------------------------------------------------- */

/* The kiosk's group into `grp` and whether it is revoked. Returns 0, 1
 * when it is not registered, or -1 when the store failed. */
static int kiosk_get(struct store *st, const char *kiosk_id, char grp[GROUP_MAX + 1], int *revoked)
{
    struct store_rows rows;
    const char *params[] = {kiosk_id};
    if (store_query(st, "SELECT grp, revoked FROM kiosk WHERE kiosk_id = $1", params, 1, &rows) !=
        0)
        return -1;
    int rc = 1;
    if (rows.n_rows == 1) {
        xsnprintf(grp, GROUP_MAX + 1, "%s", STORE_CELL(&rows, 0, 0));
        *revoked = strcmp(STORE_CELL(&rows, 0, 1), "0") != 0;
        rc = 0;
    }
    store_rows_free(&rows);
    return rc;
}

/* 401/403 for a kiosk that may not report; 0 when it may, with its group. */
static int kiosk_check(struct collector *c, const char *kiosk_id, char grp[GROUP_MAX + 1],
                       struct reply *rp)
{
    int revoked = 0;
    int rc = kiosk_get(c->st, kiosk_id, grp, &revoked);
    if (rc < 0)
        unavailable(c, rp);
    else if (rc > 0)
        refuse(rp, MHD_HTTP_UNAUTHORIZED, "kiosk_id: no kiosk registered with this key");
    else if (revoked)
        refuse(rp, MHD_HTTP_FORBIDDEN, "kiosk_id: this kiosk is revoked");
    return rc == 0 && !revoked ? 0 : -1;
}

/* The insert (see the top of the file) and the stored row's query. The
 * casts are for PostgreSQL, which types a parameter in a SELECT list as
 * text; SQLite reads them as INTEGER affinity. */
static void build_sql(struct collector *c)
{
    size_t size = 1024 + (size_t)N_METRICS * 80, iu = 0, su = 0, vu = 0;
    char *values = xmalloc(size);
    c->insert_sql = xmalloc(size);
    c->stored_sql = xmalloc(size);
    int rc = xappend(c->insert_sql, size, &iu,
                     "INSERT INTO report (kiosk_id, instance_id, seq, grp, day, clock_trusted,"
                     " digest, received_ms");
    rc |= xappend(values, size, &vu,
                  "$1, $2, CAST($3 AS BIGINT), $4, $5, CAST($6 AS INTEGER), $7,"
                  " CAST($8 AS BIGINT)");
    rc |= xappend(c->stored_sql, size, &su, "SELECT digest");
    for (int m = 0; m < N_METRICS; m++) {
        char col[64];
        report_metric_column(m, col, sizeof col);
        rc |= xappend(c->insert_sql, size, &iu, ", %s", col);
        rc |= xappend(values, size, &vu, ", CAST($%d AS BIGINT)", INSERT_FIRST_COUNT + m);
        rc |= xappend(c->stored_sql, size, &su, ", %s", col);
    }
    rc |= xappend(c->insert_sql, size, &iu,
                  ") SELECT %s WHERE (SELECT COUNT(*) FROM report WHERE kiosk_id = $1"
                  " AND day = $5) < CAST($%d AS BIGINT) ON CONFLICT DO NOTHING",
                  values, INSERT_PARAMS);
    rc |= xappend(c->stored_sql, size, &su,
                  " FROM report WHERE kiosk_id = $1 AND instance_id = $2 AND seq = $3");
    free(values);
    if (rc != 0) {
        fprintf(stderr, LOG_PREFIX "SQL longer than %zu bytes\n", size);
        abort();
    }
}

/* Looks for the report stored under the request's key. Returns 1 with the
 * answer in `rp` (200 the same digest, 409 another), 0 when there is none,
 * -1 when the store failed. */
static int compare_stored(struct collector *c, const struct request *rq, const char *digest,
                          struct reply *rp)
{
    const struct store_value params[] = {STORE_TEXT(rq->kiosk_id), STORE_TEXT(rq->instance_id),
                                         STORE_INT(rq->seq)};
    struct store_rows rows;
    if (store_query_values(c->st, c->stored_sql, params, 3, &rows) != 0)
        return -1;
    if (rows.n_rows == 0) {
        store_rows_free(&rows);
        return 0;
    }
    const char *stored = STORE_CELL(&rows, 0, 0);
    if (strcmp(stored, digest) == 0) {
        acknowledge(rp, MHD_HTTP_OK, rq, digest);
        store_rows_free(&rows);
        return 1;
    }
    refuse(rp, MHD_HTTP_CONFLICT,
           "seq: %lld of this instance is stored already with a different body; the stored "
           "one is kept",
           (long long)rq->seq);
    /* The refusal's body with the stored counts added before its brace. */
    size_t used = strlen(rp->body) - 1;
    rp->body[used] = '\0';
    int rc = xappend(rp->body, sizeof rp->body, &used, ",\"stored\":{");
    for (int m = 0; m < N_METRICS && rc == 0; m++) {
        const char *v = STORE_CELL(&rows, 0, 1 + m);
        rc = xappend(rp->body, sizeof rp->body, &used, "%s\"%s\":%s", m ? "," : "",
                     report_metric_name(m), v ? v : "0");
    }
    if (rc == 0)
        rc = xappend(rp->body, sizeof rp->body, &used, "},\"digest\":\"%s\"}", stored);
    store_rows_free(&rows);
    if (rc != 0) {
        /* REPLY_MAX holds every metric at its largest: this cannot happen. */
        fprintf(stderr, LOG_PREFIX "409 body longer than %d bytes\n", REPLY_MAX);
        abort();
    }
    return 1;
}

/* Inserts the report unless its key is taken or its day is full.
 * Returns 1 inserted, 0 not, -1 when the store failed. */
static int insert_report(struct collector *c, const struct report *r, const char *grp,
                         const char *digest)
{
    struct store_value params[INSERT_PARAMS] = {
        STORE_TEXT(r->kiosk_id), STORE_TEXT(r->instance_id), STORE_INT(r->seq),
        STORE_TEXT(grp),         STORE_TEXT(r->day),         STORE_INT(r->clock_trusted),
        STORE_TEXT(digest),      STORE_INT(now_ms()),
    };
    for (int m = 0; m < N_METRICS; m++)
        params[INSERT_FIRST_COUNT - 1 + m] = STORE_INT(r->counts[m]);
    params[INSERT_PARAMS - 1] = STORE_INT(c->max_reports_per_day);
    long changed = store_exec_values(c->st, c->insert_sql, params, INSERT_PARAMS);
    return changed < 0 ? -1 : changed > 0;
}

/* Stores a checked report: 201, or 200/409 when its key is taken, 429
 * when its day is full, 503 when the store failed. */
static void store_report(struct collector *c, const struct request *rq, const struct report *r,
                         const char *grp, const char *digest, struct reply *rp)
{
    int inserted = insert_report(c, r, grp, digest);
    if (inserted > 0) {
        acknowledge(rp, MHD_HTTP_CREATED, rq, digest);
        return;
    }
    int found = inserted < 0 ? -1 : compare_stored(c, rq, digest, rp);
    if (found < 0) {
        unavailable(c, rp);
    } else if (found == 0) {
        refuse(rp, MHD_HTTP_TOO_MANY_REQUESTS,
               "day: this kiosk has %u reports of %s stored, the most it may send",
               c->max_reports_per_day, r->day);
        rp->retry_after = RETRY_LIMIT_S;
    }
}

/* ---- the two resources ---------------------------------------------------- */

/* PUT /v1/reports/K/I/S with its body complete: everything but storing.
 * Returns 1 when the report is fit to store (rq->r, grp and digest set),
 * else 0 with the refusal in `rp`. */
static int check_report(struct collector *c, struct request *rq, const char *signature,
                        struct reply *rp)
{
    if (rq->too_big) {
        refuse(rp, MHD_HTTP_CONTENT_TOO_LARGE, "body: more than %d bytes", REPORT_MAX_BODY);
        return 0;
    }
    char *grp = rq->grp;
    if (kiosk_check(c, rq->kiosk_id, grp, rp) != 0)
        return 0;
    const char *body = rq->body ? rq->body : "";
    unsigned char pk[REPORT_PUBLIC_KEY_BYTES];
    if (report_unhex(rq->kiosk_id, pk, sizeof pk) != 0) {
        refuse(rp, MHD_HTTP_BAD_REQUEST, "path kiosk_id: not a public key");
        return 0;
    }
    if (!signature) {
        refuse(rp, MHD_HTTP_UNAUTHORIZED, "Frontdoor-Signature: missing");
        return 0;
    }
    if (report_verify(pk, body, rq->len, signature) != 0) {
        refuse(rp, MHD_HTTP_UNAUTHORIZED,
               "Frontdoor-Signature: not this kiosk's signature of this body");
        return 0;
    }
    struct report *r = &rq->r;
    char err[REASON_MAX - 32];
    int status = report_parse(body, rq->len, r, err, sizeof err);
    if (status != 0) {
        refuse(rp, (unsigned)status, "%s", err);
        return 0;
    }
    if (strcmp(r->kiosk_id, rq->kiosk_id) != 0) {
        refuse(rp, MHD_HTTP_BAD_REQUEST, "kiosk_id: the body's is not the path's");
        return 0;
    }
    if (strcmp(r->instance_id, rq->instance_id) != 0) {
        refuse(rp, MHD_HTTP_BAD_REQUEST, "instance_id: the body's is not the path's");
        return 0;
    }
    if (r->seq != rq->seq) {
        refuse(rp, MHD_HTTP_BAD_REQUEST, "seq: the body's %lld is not the path's %lld",
               (long long)r->seq, (long long)rq->seq);
        return 0;
    }
    report_digest(body, rq->len, rq->digest);
    return 1;
}

/* Stores the checked reports waiting in the batch in one transaction and
 * gives each its answer, all after the COMMIT; if the store fails, every
 * one of them is answered 503 and the kiosks send again. One fsync (one
 * round trip to PostgreSQL's COMMIT) serves every report that arrived
 * together. */
static void flush_batch(struct collector *c)
{
    int ok = store_begin(c->st) == 0;
    for (unsigned i = 0; i < c->n_batch; i++) {
        struct request *rq = c->batch[i];
        if (!rq->held)
            rq->held = xmalloc(sizeof *rq->held);
        reply_init(rq->held);
        if (ok) {
            store_report(c, rq, &rq->r, rq->grp, rq->digest, rq->held);
            ok = rq->held->status != MHD_HTTP_SERVICE_UNAVAILABLE;
        }
    }
    if (ok && store_commit(c->st) != 0)
        ok = 0;
    if (!ok)
        store_rollback(c->st);
    for (unsigned i = 0; i < c->n_batch; i++) {
        if (!ok)
            unavailable(c, c->batch[i]->held);
        MHD_resume_connection(c->batch[i]->conn);
    }
    c->n_batch = 0;
}

/* The largest N such that seq 1..N are all stored: 0 without seq 1, else
 * the first stored seq whose successor is missing. */
static const char UPTO_SQL[] =
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM report"
    "  WHERE kiosk_id = $1 AND instance_id = $2 AND seq = 1)"
    " THEN (SELECT MIN(r.seq) FROM report r WHERE r.kiosk_id = $1 AND r.instance_id = $2"
    "  AND NOT EXISTS (SELECT 1 FROM report n"
    "   WHERE n.kiosk_id = $1 AND n.instance_id = $2 AND n.seq = r.seq + 1))"
    " ELSE 0 END";

/* GET /v1/reports/K/I */
static void get_upto(struct collector *c, const struct request *rq, struct reply *rp)
{
    char grp[GROUP_MAX + 1];
    if (kiosk_check(c, rq->kiosk_id, grp, rp) != 0)
        return;
    const char *params[] = {rq->kiosk_id, rq->instance_id};
    struct store_rows rows;
    if (store_query(c->st, UPTO_SQL, params, 2, &rows) != 0) {
        unavailable(c, rp);
        return;
    }
    long long upto = rows.n_rows == 1 && STORE_CELL(&rows, 0, 0)
                         ? strtoll(STORE_CELL(&rows, 0, 0), NULL, 10)
                         : 0;
    store_rows_free(&rows);
    rp->status = MHD_HTTP_OK;
    xsnprintf(rp->body, sizeof rp->body,
              "{\"kiosk_id\":\"%s\",\"instance_id\":\"%s\",\"upto\":%lld}", rq->kiosk_id,
              rq->instance_id, upto);
}

/* ---- libmicrohttpd's side ------------------------------------------------- */

static enum MHD_Result answer(struct MHD_Connection *conn, struct request *rq, const char *method,
                              const char *url, const struct reply *rp)
{
    rq->answered = 1;
    if (rp->status >= 400) {
        char m[16], u[160], why[REASON_MAX];
        log_safe(method, m, sizeof m);
        log_safe(url, u, sizeof u);
        log_safe(rp->reason, why, sizeof why);
        fprintf(stderr, LOG_PREFIX "%s %s: %u %s\n", m, u, rp->status, why);
    }
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(rp->body), (void *)rp->body, MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    enum MHD_Result ok =
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    if (ok == MHD_YES && rp->retry_after) {
        char secs[16];
        xsnprintf(secs, sizeof secs, "%u", rp->retry_after);
        ok = MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, secs);
    }
    if (ok == MHD_YES && rp->allow)
        ok = MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rp->allow);
    if (ok == MHD_YES)
        ok = MHD_queue_response(conn, rp->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* A Content-Length above REPORT_MAX_BODY (MHD has checked its syntax). */
static int declared_too_big(struct MHD_Connection *conn)
{
    const char *cl =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!cl)
        return 0;
    errno = 0;
    unsigned long long n = strtoull(cl, NULL, 10);
    return errno == ERANGE || n > REPORT_MAX_BODY;
}

/* Appends a piece of the body; past REPORT_MAX_BODY it is dropped. */
static void take_body(struct request *rq, const char *data, size_t size)
{
    if (rq->too_big || size > REPORT_MAX_BODY - rq->len) {
        rq->too_big = 1;
        return;
    }
    if (rq->len + size > rq->cap) {
        size_t cap = rq->cap ? rq->cap : 4096;
        while (cap < rq->len + size)
            cap *= 2;
        rq->cap = cap < REPORT_MAX_BODY ? cap : REPORT_MAX_BODY;
        rq->body = xrealloc(rq->body, rq->cap);
    }
    memcpy(rq->body + rq->len, data, size);
    rq->len += size;
}

/* The state of the request that has just begun on `conn`: its
 * connection's, cleared by the last on_completed(). */
static struct request *request_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **state)
{
    (void)version;
    struct collector *c = cls;
    struct request *rq = *state;
    struct reply rp;
    reply_init(&rp);
    if (!rq) {
        /* The headers are in: route now, answer now what needs no body. */
        rq = request_of(conn);
        if (!rq)
            return MHD_NO;
        *state = rq;
        if (route(method, url, rq, &rp) != 0)
            return answer(conn, rq, method, url, &rp);
        if (rq->route == ROUTE_INSTANCE) {
            get_upto(c, rq, &rp);
            return answer(conn, rq, method, url, &rp);
        }
        if (declared_too_big(conn)) {
            rq->too_big = 1;
            check_report(c, rq, NULL, &rp);
            return answer(conn, rq, method, url, &rp);
        }
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (!rq->answered)
            take_body(rq, upload_data, *upload_size);
        *upload_size = 0;
        if (rq->too_big && !rq->answered) {
            /* A chunked body past the limit: libmicrohttpd cannot answer
             * in the middle of a body, so the connection is closed. */
            char u[160];
            log_safe(url, u, sizeof u);
            fprintf(stderr, LOG_PREFIX "%s %s: 413 body: more than %d bytes; connection closed\n",
                    method, u, REPORT_MAX_BODY);
            rq->answered = 1;
            return MHD_NO;
        }
        return MHD_YES;
    }
    if (rq->answered)
        return MHD_YES;
    if (rq->queued) /* back from the batch, committed */
        return answer(conn, rq, method, url, rq->held);
    if (!check_report(
            c, rq, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Frontdoor-Signature"), &rp))
        return answer(conn, rq, method, url, &rp);
    /* Each connection has at most one request at a time, so the batch has
     * room for every connection. */
    rq->queued = 1;
    rq->conn = conn;
    c->batch[c->n_batch++] = rq;
    MHD_suspend_connection(conn);
    return MHD_YES;
}

/* Clears the request for the connection's next one; the body's buffer
 * stays (at most REPORT_MAX_BODY per connection, as while it is read). */
static void on_completed(void *cls, struct MHD_Connection *conn, void **state,
                         enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)conn;
    (void)why;
    struct request *rq = *state;
    if (rq) {
        char *body = rq->body;
        size_t cap = rq->cap;
        struct reply *held = rq->held;
        memset(rq, 0, sizeof *rq);
        rq->body = body;
        rq->cap = cap;
        rq->held = held;
        *state = NULL;
    }
}

/* A connection's request state, made when it opens and freed when it
 * closes. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    (void)conn;
    struct request *rq = *socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        *socket_context = xcalloc(1, sizeof *rq);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && rq) {
        free(rq->body);
        free(rq->held);
        free(rq);
        *socket_context = NULL;
    }
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    struct collector *c = cls;
    vsnprintf(c->mhd_msg, sizeof c->mhd_msg, fmt, ap);
}

/* ---- opening ---------------------------------------------------------------- */

static int set_error(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int set_error(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* "HOST:PORT" into an address. Returns 0 or -1 with the reason. */
static int parse_listen(const char *where, struct sockaddr_storage *addr, socklen_t *addrlen,
                        int *loopback, char *err, size_t errlen)
{
    char host[INET6_ADDRSTRLEN + 2];
    const char *port_text;
    int v6 = where[0] == '[';
    if (v6) {
        const char *close = strchr(where, ']');
        if (!close || close[1] != ':' || (size_t)(close - where - 1) >= sizeof host)
            return set_error(err, errlen, "--listen '%s': write an IPv6 address as [ADDRESS]:PORT",
                             where);
        xsnprintf(host, sizeof host, "%.*s", (int)(close - where - 1), where + 1);
        port_text = close + 2;
    } else {
        const char *colon = strrchr(where, ':');
        if (!colon)
            return set_error(err, errlen, "--listen '%s': not HOST:PORT", where);
        if (memchr(where, ':', (size_t)(colon - where)))
            return set_error(err, errlen, "--listen '%s': write an IPv6 address as [ADDRESS]:PORT",
                             where);
        if ((size_t)(colon - where) >= sizeof host)
            return set_error(err, errlen, "--listen '%s': not an IP address", where);
        xsnprintf(host, sizeof host, "%.*s", (int)(colon - where), where);
        port_text = colon + 1;
    }
    char *end = NULL;
    errno = 0;
    long port = strtol(port_text, &end, 10);
    if (!port_text[0] || *end != '\0' || port < 0 || port > 65535 || port_text[0] == '-' ||
        port_text[0] == '+' || port_text[0] == ' ')
        return set_error(err, errlen, "--listen '%s': port '%s' is not a number from 0 to 65535",
                         where, port_text);
    memset(addr, 0, sizeof *addr);
    if (v6) {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)addr;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1)
            return set_error(err, errlen, "--listen '%s': '%s' is not an IPv6 address", where,
                             host);
        *loopback = memcmp(&a6->sin6_addr, &in6addr_loopback, sizeof in6addr_loopback) == 0;
        *addrlen = sizeof *a6;
    } else {
        struct sockaddr_in *a4 = (struct sockaddr_in *)addr;
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        if (strcmp(host, "localhost") == 0)
            xsnprintf(host, sizeof host, "127.0.0.1");
        if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
            return set_error(err, errlen, "--listen '%s': '%s' is not an IPv4 address or localhost",
                             where, host);
        *loopback = (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
        *addrlen = sizeof *a4;
    }
    return 0;
}

/* The whole of a PEM file, malloc'd and NUL-terminated. */
static char *read_pem(const char *option, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        set_error(err, errlen, "%s %s: %s", option, path, strerror(errno));
        return NULL;
    }
    char *text = xmalloc(PEM_MAX + 1);
    size_t n = fread(text, 1, PEM_MAX + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad || n > PEM_MAX || n == 0 || !strstr(text, "-----BEGIN ")) {
        if (n < PEM_MAX + 1)
            text[n] = '\0';
        set_error(err, errlen, "%s %s: %s", option, path,
                  bad           ? "cannot read it"
                  : n == 0      ? "empty"
                  : n > PEM_MAX ? "larger than 1 MiB"
                                : "not a PEM file");
        free(text);
        return NULL;
    }
    text[n] = '\0';
    return text;
}

static int open_socket(struct collector *c, const char *where, const struct sockaddr_storage *addr,
                       socklen_t addrlen, char *err, size_t errlen)
{
    c->listen_fd = socket(addr->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c->listen_fd < 0)
        return set_error(err, errlen, "--listen %s: cannot make a socket: %s", where,
                         strerror(errno));
    int one = 1;
    if (setsockopt(c->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        (addr->ss_family == AF_INET6 &&
         setsockopt(c->listen_fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0))
        return set_error(err, errlen, "--listen %s: %s", where, strerror(errno));
    if (bind(c->listen_fd, (const struct sockaddr *)addr, addrlen) != 0)
        return set_error(err, errlen, "--listen %s: cannot bind: %s", where, strerror(errno));
    if (listen(c->listen_fd, LISTEN_BACKLOG) != 0)
        return set_error(err, errlen, "--listen %s: cannot listen: %s", where, strerror(errno));
    struct sockaddr_storage got;
    socklen_t gotlen = sizeof got;
    if (getsockname(c->listen_fd, (struct sockaddr *)&got, &gotlen) != 0)
        return set_error(err, errlen, "--listen %s: %s", where, strerror(errno));
    char host[INET6_ADDRSTRLEN];
    if (got.ss_family == AF_INET6) {
        const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)&got;
        inet_ntop(AF_INET6, &a6->sin6_addr, host, sizeof host);
        xsnprintf(c->address, sizeof c->address, "[%s]:%u", host, ntohs(a6->sin6_port));
    } else {
        const struct sockaddr_in *a4 = (const struct sockaddr_in *)&got;
        inet_ntop(AF_INET, &a4->sin_addr, host, sizeof host);
        xsnprintf(c->address, sizeof c->address, "%s:%u", host, ntohs(a4->sin_port));
    }
    return 0;
}

/* A pipe neither end of which blocks or outlives an exec. */
static int wake_pipe(int fds[2])
{
    if (pipe(fds) != 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        if (fcntl(fds[i], F_SETFD, FD_CLOEXEC) != 0 ||
            fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK) != 0)
            return -1;
    }
    return 0;
}

int collector_open(const struct collector_config *cfg, struct collector **out, char *err,
                   size_t errlen)
{
    *out = NULL;
    if (!cfg->listen || !cfg->listen[0])
        return set_error(err, errlen, "--listen: missing HOST:PORT");
    struct sockaddr_storage addr;
    socklen_t addrlen = 0;
    int loopback = 0;
    if (parse_listen(cfg->listen, &addr, &addrlen, &loopback, err, errlen) != 0)
        return -1;
    int tls = cfg->cert_file || cfg->key_file;
    if (tls && (!cfg->cert_file || !cfg->key_file))
        return set_error(err, errlen, "%s: give both --cert FILE and --key FILE",
                         cfg->cert_file ? "--key" : "--cert");
    if (!tls && !loopback)
        return set_error(err, errlen,
                         "--listen %s: not a loopback address; plain HTTP is served on "
                         "127.0.0.1, ::1 or localhost only; give --cert FILE --key FILE for HTTPS",
                         cfg->listen);
    if (tls && !MHD_is_feature_supported(MHD_FEATURE_TLS))
        return set_error(err, errlen, "--cert: this libmicrohttpd was built without TLS");
    if (!MHD_is_feature_supported(MHD_FEATURE_EPOLL))
        return set_error(err, errlen, "this libmicrohttpd was built without epoll");

    struct collector *c = xcalloc(1, sizeof *c);
    c->listen_fd = -1;
    c->wake[0] = c->wake[1] = -1;
    c->max_reports_per_day =
        cfg->max_reports_per_day ? cfg->max_reports_per_day : COLLECTOR_MAX_REPORTS_PER_DAY;
    if (tls) {
        c->cert = read_pem("--cert", cfg->cert_file, err, errlen);
        if (!c->cert)
            goto fail;
        c->key = read_pem("--key", cfg->key_file, err, errlen);
        if (!c->key)
            goto fail;
    }
    char serr[512];
    if (store_open(cfg->store, &c->st, serr, sizeof serr) != 0) {
        set_error(err, errlen, "--store: %s", serr);
        goto fail;
    }
    build_sql(c);
    if (wake_pipe(c->wake) != 0) {
        set_error(err, errlen, "cannot make a pipe: %s", strerror(errno));
        goto fail;
    }
    if (open_socket(c, cfg->listen, &addr, addrlen, err, errlen) != 0)
        goto fail;

    struct MHD_OptionItem tls_options[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, c->cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, c->key},
        {MHD_OPTION_END, 0, NULL},
    };
    struct MHD_OptionItem no_options[] = {{MHD_OPTION_END, 0, NULL}};
    c->max_batch = cfg->max_connections ? cfg->max_connections : COLLECTOR_MAX_CONNECTIONS;
    c->batch = xcalloc(c->max_batch, sizeof *c->batch);
    unsigned flags = MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME |
                     (tls ? MHD_USE_TLS : 0) | (addr.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
    c->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, c, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, c,
        MHD_OPTION_LISTEN_SOCKET, c->listen_fd, MHD_OPTION_CONNECTION_LIMIT, c->max_batch,
        MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(cfg->timeout_s ? cfg->timeout_s : COLLECTOR_TIMEOUT_S),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, c, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
        c, MHD_OPTION_ARRAY, tls ? tls_options : no_options, MHD_OPTION_END);
    if (!c->daemon) {
        set_error(err, errlen, "%s: cannot start the server%s%s", tls ? "--cert/--key" : "--listen",
                  c->mhd_msg[0] ? ": " : "", c->mhd_msg);
        goto fail;
    }
    c->listen_fd = -1; /* the daemon's now: it closes it */
    *out = c;
    return 0;
fail:
    collector_close(c);
    return -1;
}

const char *collector_address(const struct collector *c)
{
    return c->address;
}

const char *collector_errmsg(const struct collector *c)
{
    return c ? c->errmsg : "no collector";
}

static unsigned connections(struct collector *c)
{
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(c->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info ? info->num_connections : 0;
}

int collector_run(struct collector *c)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(c->daemon, MHD_DAEMON_INFO_EPOLL_FD);
    if (!info) {
        xsnprintf(c->errmsg, sizeof c->errmsg, "cannot wait for connections: no epoll descriptor");
        return -1;
    }
    struct pollfd fds[2] = {{info->epoll_fd, POLLIN, 0}, {c->wake[0], POLLIN, 0}};
    int again = 0;
    while (!c->stopping) {
        /* At the connection limit libmicrohttpd takes the listening socket
         * out of its epoll set, and puts it back only at the start of its
         * next run: after a run that closed connections, run once more
         * before sleeping, or a kiosk waiting in the backlog waits for
         * ever. */
        MHD_UNSIGNED_LONG_LONG next = 0;
        int timeout = -1;
        if (again)
            timeout = 0;
        else if (MHD_get_timeout(c->daemon, &next) == MHD_YES)
            timeout = next > INT_MAX ? INT_MAX : (int)next;
        if (poll(fds, 2, timeout) < 0 && errno != EINTR) {
            xsnprintf(c->errmsg, sizeof c->errmsg, "cannot wait for connections: %s",
                      strerror(errno));
            return -1;
        }
        if (fds[1].revents) {
            char drain[16];
            while (read(c->wake[0], drain, sizeof drain) > 0) {
            }
        }
        if (c->stopping)
            break;
        unsigned before = connections(c);
        MHD_run(c->daemon);
        again = connections(c) < before;
        if (c->n_batch) {
            flush_batch(c);
            again = 1; /* the resumed connections answer in the next run */
        }
    }
    return 0;
}

void collector_stop(struct collector *c)
{
    int saved = errno;
    c->stopping = 1;
    if (c->wake[1] >= 0 && write(c->wake[1], "", 1) < 0) {
        /* The pipe is full: a wake-up is pending anyway. */
    }
    errno = saved;
}

void collector_close(struct collector *c)
{
    if (!c)
        return;
    if (c->daemon)
        MHD_stop_daemon(c->daemon);
    if (c->listen_fd >= 0)
        close(c->listen_fd);
    for (int i = 0; i < 2; i++) {
        if (c->wake[i] >= 0)
            close(c->wake[i]);
    }
    store_close(c->st);
    free(c->insert_sql);
    free(c->batch);
    free(c->stored_sql);
    free(c->cert);
    free(c->key);
    free(c);
}

/* ---- the kiosk register ----------------------------------------------------- */

int collector_group_valid(const char *group)
{
    size_t len = strlen(group);
    if (len == 0 || len > GROUP_MAX || group[0] == ' ' || group[len - 1] == ' ')
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)group[i];
        if (ch < 0x20 || ch == 0x7f)
            return 0;
    }
    return 1;
}

int collector_kiosk_id(const char *text, char out[REPORT_KIOSK_ID_LEN + 1])
{
    size_t len = strlen(text);
    if (len != REPORT_KIOSK_ID_LEN)
        return -1;
    for (size_t i = 0; i < len; i++)
        out[i] = (char)(text[i] >= 'A' && text[i] <= 'F' ? text[i] - 'A' + 'a' : text[i]);
    out[len] = '\0';
    return report_is_hex(out, REPORT_KIOSK_ID_LEN) ? 0 : -1;
}

static int kiosk_id_arg(const char *in, char out[REPORT_KIOSK_ID_LEN + 1], char *err, size_t errlen)
{
    if (collector_kiosk_id(in, out) != 0)
        return set_error(err, errlen, "'%.80s%s': not a public key of %d hex digits", in,
                         strlen(in) > 80 ? "..." : "", REPORT_KIOSK_ID_LEN);
    return 0;
}

int collector_kiosk_add(struct store *st, const char *key_hex, const char *grp, int move,
                        enum collector_kiosk_change *change, char group_now[GROUP_MAX + 1],
                        char *err, size_t errlen)
{
    char id[REPORT_KIOSK_ID_LEN + 1];
    if (kiosk_id_arg(key_hex, id, err, errlen) != 0)
        return -1;
    if (!collector_group_valid(grp))
        return set_error(err, errlen,
                         "--group '%.80s': not 1 to %d characters without control characters "
                         "or spaces at the ends",
                         grp, GROUP_MAX);
    if (store_begin(st) != 0)
        return set_error(err, errlen, "%s", store_errmsg(st));
    char have[GROUP_MAX + 1];
    int revoked = 0;
    int rc = kiosk_get(st, id, have, &revoked);
    long changed = 0;
    char added[24];
    xsnprintf(added, sizeof added, "%lld", now_ms());
    if (rc > 0) {
        const char *params[] = {id, grp, added};
        changed = store_exec(st,
                             "INSERT INTO kiosk (kiosk_id, grp, revoked, added_ms)"
                             " VALUES ($1, $2, 0, $3)",
                             params, 3);
        *change = COLLECTOR_KIOSK_ADDED;
        xsnprintf(group_now, GROUP_MAX + 1, "%s", grp);
    } else if (rc == 0 && move && strcmp(have, grp) != 0) {
        const char *params[] = {id, grp};
        changed = store_exec(st, "UPDATE kiosk SET grp = $2 WHERE kiosk_id = $1", params, 2);
        *change = COLLECTOR_KIOSK_MOVED;
        xsnprintf(group_now, GROUP_MAX + 1, "%s", grp);
    } else if (rc == 0) {
        *change = COLLECTOR_KIOSK_UNCHANGED;
        xsnprintf(group_now, GROUP_MAX + 1, "%s", have);
    }
    if (rc < 0 || changed < 0 || store_commit(st) != 0) {
        set_error(err, errlen, "%s", store_errmsg(st));
        store_rollback(st);
        return -1;
    }
    return 0;
}

int collector_kiosk_revoke(struct store *st, const char *kiosk_id, int *already, char *err,
                           size_t errlen)
{
    char id[REPORT_KIOSK_ID_LEN + 1];
    if (kiosk_id_arg(kiosk_id, id, err, errlen) != 0)
        return -1;
    char grp[GROUP_MAX + 1];
    int revoked = 0;
    if (store_begin(st) != 0)
        return set_error(err, errlen, "%s", store_errmsg(st));
    int rc = kiosk_get(st, id, grp, &revoked);
    long changed = 0;
    if (rc == 0 && !revoked) {
        const char *params[] = {id};
        changed = store_exec(st, "UPDATE kiosk SET revoked = 1 WHERE kiosk_id = $1", params, 1);
    }
    if (rc < 0 || changed < 0 || store_commit(st) != 0) {
        set_error(err, errlen, "%s", store_errmsg(st));
        store_rollback(st);
        return -1;
    }
    if (rc > 0)
        return set_error(err, errlen, "%s: no kiosk registered with this key", id);
    *already = revoked;
    return 0;
}

int collector_kiosk_list(struct store *st, void (*fn)(const struct collector_kiosk *k, void *arg),
                         void *arg, char *err, size_t errlen)
{
    struct store_rows rows;
    if (store_query(st,
                    "SELECT k.kiosk_id, k.grp, k.revoked, COUNT(r.seq), MAX(r.day)"
                    " FROM kiosk k LEFT JOIN report r ON r.kiosk_id = k.kiosk_id"
                    " GROUP BY k.kiosk_id, k.grp, k.revoked ORDER BY k.grp, k.kiosk_id",
                    NULL, 0, &rows) != 0)
        return set_error(err, errlen, "%s", store_errmsg(st));
    for (size_t i = 0; i < rows.n_rows; i++) {
        const char *last = STORE_CELL(&rows, i, 4);
        struct collector_kiosk k = {
            .kiosk_id = STORE_CELL(&rows, i, 0),
            .grp = STORE_CELL(&rows, i, 1),
            .last_day = last ? last : "",
            .revoked = strcmp(STORE_CELL(&rows, i, 2), "0") != 0,
            .reports = strtoll(STORE_CELL(&rows, i, 3), NULL, 10),
        };
        fn(&k, arg);
    }
    store_rows_free(&rows);
    return 0;
}
