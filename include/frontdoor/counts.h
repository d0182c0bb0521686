/* counts.h: what the kiosk counts, and the day's sealed report.
 *
 * A session is a set of flags in memory (struct counts_session): each
 * metric at most once. At its end the flags join the day's totals in
 * memory; the totals reach the disk only when COUNTS_BATCH sessions have
 * joined since the last write, or when the day is sealed, so no write, and
 * no difference between two writes, describes one person. There is no
 * event log, no session id, no time finer than a day.
 *
 * A closed day becomes one signed report (report.h) in the counts database
 * beside the catalogue ("counts.db"), waiting to be sent. The kiosk's
 * Ed25519 key lies beside it ("kiosk.key", mode 0600), made by
 * counts_init_key() (frontdoor-admin init). Without a key nothing is
 * counted.
 *
 * Days: when the clock is trusted (synchronised, or corrected by a
 * collector's Date) the day is the local date and it ends when the date
 * changes, either way; when it is not, the day is labelled with the wall
 * clock's date, marked untrusted, and ends after 24 hours of boot time.
 * Opening the counts seals whatever is left of an earlier day first; with
 * an untrusted clock that is any day left open, since nobody can tell.
 */
#ifndef FRONTDOOR_COUNTS_H
#define FRONTDOOR_COUNTS_H

#include "frontdoor/report.h"

#include <stddef.h>
#include <stdint.h>

#define COUNTS_BATCH 5 /* sessions between two writes of the totals */

/* What one session did: 1 for each metric it touched. */
struct counts_session {
    unsigned char used[N_METRICS];
};

/* The time as the counts see it. */
struct counts_now {
    int64_t wall_ms; /* the wall clock, ms since the epoch, possibly wrong */
    int trusted;     /* the system says the wall clock is synchronised */
    int64_t boot_ms; /* a clock that never goes back while the machine runs */
};

struct counts;

/* The files beside the catalogue database `catalogue_db`. */
void counts_paths(const char *catalogue_db, char *counts_db, size_t db_size, char *key,
                  size_t key_size);

/* Makes the kiosk's key at `key_path` (0600) unless one is there, and the
 * counts database at `counts_db` unless it is there. Returns 0 (with
 * *made set when a key was made), or -1 with the reason in `err`. */
int counts_init(const char *counts_db, const char *key_path, int *made, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Opens the counts (creating the database when missing, never the key),
 * then seals what is left of earlier days. Holds them until counts_close:
 * another process opening them waits. Returns 0, or -1 with the reason in
 * `err` (no key, an unreadable database). */
int counts_open(const char *counts_db, const char *key_path, struct counts_now now,
                struct counts **out, char *err, size_t errlen) __attribute__((warn_unused_result));
/* Seals what is left of days that have ended, as counts_open does, unless
 * another process (a running kiosk) has the counts open: that one seals
 * its own days, with the sessions it holds in memory. Returns the reports
 * sealed (0 also when another has the counts open), or -1 with the reason
 * in `err`. */
int counts_seal_ended(const char *counts_db, const char *key_path, struct counts_now now, char *err,
                      size_t errlen) __attribute__((warn_unused_result));
/* Closes without writing: totals of fewer than COUNTS_BATCH sessions since
 * the last write are lost, on purpose. NULL does nothing. */
void counts_close(struct counts *c);
const char *counts_errmsg(const struct counts *c);

/* The metric of a need with catalogue code `code`; `sensitive` is the
 * catalogue's mark. */
int counts_need_metric(const char *code, int sensitive);
/* The metric of interface language `lang`. */
int counts_lang_metric(const char *lang);

/* Adds a finished session to the day (after sealing the day before if it
 * has ended). A session that used nothing is not one. Returns 0 or -1. */
int counts_add(struct counts *c, const struct counts_session *s, struct counts_now now)
    __attribute__((warn_unused_result));
/* Seals the open day if it has ended. Returns the number of reports sealed
 * (0 or 1), or -1. */
int counts_tick(struct counts *c, struct counts_now now) __attribute__((warn_unused_result));
/* Milliseconds until the open day may end (the kiosk's next look), at
 * least a minute. */
int64_t counts_next_tick_ms(const struct counts *c, struct counts_now now);

/* Reports sealed and not yet acknowledged, and whether a sync is due by
 * the backoff the last one left (counts_sync_due). */
int counts_waiting(struct counts *c) __attribute__((warn_unused_result));
int counts_sync_due(struct counts *c, struct counts_now now);

/* How the uploads stand, for staff: reports waiting and parked (refused
 * by the collector), the last upload that worked (ms since the epoch, 0:
 * never) and the last failure's reason ("" when the last try worked). */
struct counts_uploads {
    int waiting, parked;
    int64_t last_ok_ms;
    char last_error[300];
};
int counts_uploads(struct counts *c, struct counts_uploads *out)
    __attribute__((warn_unused_result));

/* The day label ("YYYY-MM-DD") of `now` as the counts would write it, and
 * whether it is trusted: the system's word or a collector's Date offset
 * kept in the database. */
void counts_day(struct counts *c, struct counts_now now, char day[11], int *trusted);

#endif
