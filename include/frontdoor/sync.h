/* sync.h: sending the sealed reports to the collector (libcurl).
 *
 * Runs in its own process (frontdoor-admin sync), never in the kiosk, which
 * stays single-threaded and does not link libcurl. One run:
 *
 *  1. asks the collector, for each instance with acknowledged reports, how
 *     far it holds them (GET .../{instance_id} -> "upto"); reports it has
 *     lost (a collector restored from an older backup) wait again;
 *  2. sends the waiting reports oldest first, one at a time
 *     (PUT /v1/reports/{kiosk_id}/{instance_id}/{seq}), and stops at the
 *     first that does not go through.
 *
 * Only 200 or 201 with a JSON body echoing kiosk, instance, seq and digest
 * is an acknowledgement; anything else (a captive portal's page) is a
 * failure. Timeouts, 429, 5xx and the unexpected are transient: the run
 * stops and the next try waits (full-jitter exponential backoff, at least
 * what Retry-After says). 400, 413 and 422 park the report (kept, shown by
 * status, never deleted) and the run goes on; 401 and 403 park it and
 * stop every run until staff retry (--retry-parked). 409 follows the
 * design: a report sealed at boot whose counts the collector already holds
 * is dropped; otherwise the unacknowledged reports move to a new instance,
 * numbered from 1, and are signed and sent again.
 *
 * A collector's Date header (from an acknowledgement only) is kept as an
 * offset; the kiosk uses it when the system clock is not synchronised.
 */
#ifndef FRONTDOOR_SYNC_H
#define FRONTDOOR_SYNC_H

#include <stddef.h>
#include <stdio.h>

struct fd_config;

struct sync_options {
    const char *counts_db;
    const char *key_path;
    const struct fd_config *cfg; /* the collector, its CA, the interval */
    int if_due;                  /* only when the backoff allows it */
    int retry_parked;            /* parked reports wait again first */
    FILE *log;                   /* one line per report and outcome, or NULL */
};

struct sync_result {
    int sent;    /* acknowledged in this run */
    int dropped; /* the collector already had them */
    int parked;  /* refused for good in this run */
    int waiting; /* still to send */
    int failed;  /* the run stopped at a transient failure */
};

/* Returns 0 when the run did what it could (see *res), 1 when it was not
 * due or another run holds the lock, or -1 with the reason in `err` when it
 * could not start (no collector configured, an unreadable database). */
int sync_run(const struct sync_options *o, struct sync_result *res, char *err, size_t errlen)
    __attribute__((warn_unused_result));

#endif
