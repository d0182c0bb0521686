/* collector.h: the city's server that receives the kiosks' daily reports.
 *
 * A collector listens on one address (HTTPS, or plain HTTP on loopback
 * only) and stores each signed report (report.h) once, in one store
 * (store.h). Wire protocol v1:
 *
 *   PUT /v1/reports/{kiosk_id}/{instance_id}/{seq}
 *       Frontdoor-Signature: <base64 Ed25519 signature>, body: the report
 *       201 stored, 200 the same report again (a replay): both with
 *           {"kiosk_id":..,"instance_id":..,"seq":N,"digest":"sha256:.."}
 *       400 not a report, or ids in the body other than the URL's
 *       401 unknown kiosk or bad signature; 403 revoked kiosk
 *       409 a different report is stored under this seq (kept):
 *           {"error":..,"stored":{metric:count,..},"digest":"sha256:.."}
 *       413 body over REPORT_MAX_BODY; 422 wrong metrics
 *       429 more than max_reports_per_day reports of one day (Retry-After)
 *       503 the store failed; nothing was stored (Retry-After)
 *   GET /v1/reports/{kiosk_id}/{instance_id}
 *       200 {"kiosk_id":..,"instance_id":..,"upto":N}: every seq 1..N of
 *           the instance is stored (0: none); 401 unknown, 403 revoked
 *
 * Every other answer is 404 or 405; every error body is
 * {"error":"<what, naming the field>"} and every body is
 * application/json. An answer to a PUT is sent only after its transaction
 * committed. One line per refused request goes to stderr (method, path,
 * status, reason); bodies are never logged.
 *
 * The server runs in the thread that calls collector_run(), one request
 * at a time, on the one store connection the handle owns.
 */
#ifndef FRONTDOOR_COLLECTOR_H
#define FRONTDOOR_COLLECTOR_H

#include "frontdoor/report.h"

#include <stddef.h>

struct store;
struct collector;

#define COLLECTOR_MAX_CONNECTIONS 64 /* defaults of the fields below */
#define COLLECTOR_TIMEOUT_S 10
#define COLLECTOR_MAX_REPORTS_PER_DAY 64

struct collector_config {
    const char *store;                /* a file path (SQLite) or a postgresql:// URI */
    const char *listen;               /* "HOST:PORT": an IPv4 address, "[IPv6]", or localhost;
                                         port 0 picks a free one */
    const char *cert_file, *key_file; /* PEM, both or neither; neither is plain
                                         HTTP, refused off loopback */
    unsigned max_connections;         /* 0: COLLECTOR_MAX_CONNECTIONS */
    unsigned timeout_s;               /* idle seconds before a connection is
                                         closed; 0: COLLECTOR_TIMEOUT_S */
    unsigned max_reports_per_day;     /* per kiosk and day label;
                                         0: COLLECTOR_MAX_REPORTS_PER_DAY */
};

/* Opens the store, binds the address and starts listening (connections
 * wait in the backlog until collector_run). Returns 0, or -1 with the
 * reason in `err` (naming the option it is about) and nothing left open. */
int collector_open(const struct collector_config *cfg, struct collector **out, char *err,
                   size_t errlen) __attribute__((warn_unused_result));
/* Where it listens, with the port it got: "127.0.0.1:43017", "[::1]:8443". */
const char *collector_address(const struct collector *c);
/* Serves until collector_stop(). Returns 0, or -1 when waiting for the
 * network failed (reason in collector_errmsg). */
int collector_run(struct collector *c) __attribute__((warn_unused_result));
/* Makes collector_run() return after the request in hand. Safe to call
 * from a signal handler or another thread. */
void collector_stop(struct collector *c);
/* Closes connections, the socket and the store. NULL does nothing. */
void collector_close(struct collector *c);
const char *collector_errmsg(const struct collector *c);

/* The kiosk register, for the command line. Each returns 0 or -1 with
 * the reason in `err`, and changes nothing on failure. */
enum collector_kiosk_change {
    COLLECTOR_KIOSK_ADDED,     /* a new kiosk */
    COLLECTOR_KIOSK_UNCHANGED, /* already there (in that group, unless moved) */
    COLLECTOR_KIOSK_MOVED,     /* already there; its group changed */
};
#define COLLECTOR_GROUP_MAX 64 /* bytes of a group's name */
/* Registers the Ed25519 public key `key_hex` (64 hex digits, either case;
 * stored lower-case as the kiosk id) in `grp`. An existing kiosk keeps its
 * group unless `move`; its revocation is never undone here. `group_now`
 * gets the group the kiosk is in afterwards. */
int collector_kiosk_add(struct store *st, const char *key_hex, const char *grp, int move,
                        enum collector_kiosk_change *change,
                        char group_now[COLLECTOR_GROUP_MAX + 1], char *err, size_t errlen)
    __attribute__((warn_unused_result));
/* Refuses the kiosk's reports from now on (kept reports stay). Sets
 * `*already` when it was revoked before. */
int collector_kiosk_revoke(struct store *st, const char *kiosk_id, int *already, char *err,
                           size_t errlen) __attribute__((warn_unused_result));
/* One row per kiosk for `fn`, ordered by group then id: its reports
 * stored and the last day label among them ("" when none). */
struct collector_kiosk {
    const char *kiosk_id, *grp, *last_day;
    int revoked;
    long long reports;
};
int collector_kiosk_list(struct store *st, void (*fn)(const struct collector_kiosk *k, void *arg),
                         void *arg, char *err, size_t errlen) __attribute__((warn_unused_result));
/* A kiosk id written by a person (64 hex digits, either case) into its
 * lower-case form. Returns 0, or -1 when it is not one. */
int collector_kiosk_id(const char *text, char out[REPORT_KIOSK_ID_LEN + 1])
    __attribute__((warn_unused_result));
/* 1 when `group` may name a group: 1 to COLLECTOR_GROUP_MAX bytes, no control character,
 * no space at either end. */
int collector_group_valid(const char *group);

#endif
