/* staff.h: what centre staff do on the kiosk, kept in the catalogue's
 * database beside the imported catalogue.
 *
 * - The PIN: an argon2id hash (libsodium's crypto_pwhash_str). STAFF_TRIES
 *   wrong PINs in a row lock staff mode for STAFF_LOCK_MS, and each further
 *   wrong PIN doubles the time, up to a day; the count and the end of the
 *   lockout are stored, so a restart does not reset them. A right PIN
 *   clears the count.
 * - Edits: a temporary closure with a note, the hours of some days, a
 *   notice in one language, an ordinary service's phone number. Each has
 *   the dates it holds for and names its service by HSDS id, so an import
 *   that replaces the catalogue keeps it (catalog.c lays the edits over
 *   what it reads). Each remembers what the catalogue said when it was
 *   made, so staff can see which edits a later import contradicts. A crisis
 *   line's number and a confidential place's never change here: only a
 *   signed bundle changes them.
 * - The audit log: one line per change (what and when, never anything
 *   about a resident), in the same transaction as the change.
 *
 * Times are given by the caller (clock.h), so a simulated clock drives
 * them in tests. Failures return a negative code (CATALOG_*, catalog.h) and
 * leave the reason, in English for staff, in staff_errmsg().
 */
#ifndef FRONTDOOR_STAFF_H
#define FRONTDOOR_STAFF_H

#include <stddef.h>
#include <stdint.h>

#define STAFF_PIN_MIN 4  /* digits */
#define STAFF_PIN_MAX 12 /* digits */
#define STAFF_TRIES 5    /* wrong PINs in a row before staff mode locks */
#define STAFF_LOCK_MS (60 * 1000)
#define STAFF_LOCK_MAX_MS (24 * 60 * 60 * 1000)
#define STAFF_TEXT_MAX 400 /* bytes of a note or notice */
#define STAFF_PHONE_MAX 31 /* bytes of a phone number */
#define STAFF_DAYS_MAX 366 /* an edit ends within this many days of today */

enum staff_kind {
    STAFF_CLOSED, /* temporarily closed from `starts` to `ends`, with a note */
    STAFF_HOURS,  /* other hours on `weekday` (0: every day) from `starts` to `ends` */
    STAFF_NOTICE, /* a notice in `lang` */
    STAFF_PHONE,  /* phone `phone` has number `text` */
    N_STAFF_KINDS
};

struct staff_edit {
    int64_t id;                    /* 0 for a new edit */
    int kind;                      /* enum staff_kind */
    char service[128];             /* the service's HSDS id */
    char starts[11];               /* "YYYY-MM-DD": the first day it holds */
    char ends[11];                 /* "YYYY-MM-DD": the last day */
    int weekday;                   /* STAFF_HOURS: 1 = Monday ... 7 = Sunday, 0 = each day */
    char opens_at[6];              /* STAFF_HOURS: "HH:MM"; "" with closes_at "": closed */
    char closes_at[6];             /* STAFF_HOURS */
    char phone[128];               /* STAFF_PHONE: the phone's HSDS id */
    char lang[16];                 /* STAFF_CLOSED, STAFF_NOTICE: the language of `text` */
    char text[STAFF_TEXT_MAX + 1]; /* the note, the notice, or the new number */
    char made[17];                 /* "YYYY-MM-DD HH:MM", local time, when listed */
    int contradicted;              /* when listed: the catalogue now says otherwise than
                                      when the edit was made (an import changed it) */
    int gone;                      /* when listed: the service (or phone) is no longer in
                                      the catalogue, so the edit shows nowhere */
};

struct staff_edit_list {
    struct staff_edit *items;
    size_t n;
};

struct staff_audit_line {
    char at[17];       /* "YYYY-MM-DD HH:MM", local time */
    char action[16];   /* "pin-set", "locked", "closed", "hours", "notice", "phone",
                          "removed", "import" */
    char service[128]; /* the service's HSDS id, or "" */
    char detail[STAFF_TEXT_MAX + 64];
};

struct staff_audit_list {
    struct staff_audit_line *items;
    size_t n;
};

enum staff_pin_result {
    STAFF_PIN_OK = 0,
    STAFF_PIN_WRONG = 1,  /* wrong; not locked (yet) */
    STAFF_PIN_LOCKED = 2, /* locked now: the PIN was not even checked */
    STAFF_PIN_UNSET = 3,  /* no PIN was ever set: staff mode cannot open */
};

struct staff;

/* Opens the catalogue database at `path` for staff's writes (migrating it
 * like catalog_open). *out is always set; close it in every case. */
int staff_open(const char *path, struct staff **out) __attribute__((warn_unused_result));
void staff_close(struct staff *st);
const char *staff_errmsg(const struct staff *st);

/* Sets the PIN (STAFF_PIN_MIN to STAFF_PIN_MAX digits) and clears any
 * lockout. */
int staff_set_pin(struct staff *st, const char *pin, int64_t now_ms)
    __attribute__((warn_unused_result));
/* Whether staff mode can be asked for now: STAFF_PIN_OK, _LOCKED (with the
 * end in *until, ms since the epoch) or _UNSET; or a negative code. */
int staff_pin_state(struct staff *st, int64_t now_ms, int64_t *until)
    __attribute__((warn_unused_result));
/* Checks `pin`: STAFF_PIN_OK, _WRONG, _LOCKED (*until set, also when this
 * wrong PIN locked it), _UNSET; or a negative code. */
int staff_check_pin(struct staff *st, const char *pin, int64_t now_ms, int64_t *until)
    __attribute__((warn_unused_result));

/* "YYYY-MM-DD" of the local date of now_ms, into out. */
void staff_today(int64_t now_ms, char out[11]);

/* Checks edit `e` against the catalogue and adds it, in one transaction
 * with its audit line. A new closure, or a new notice in the same
 * language, or a new number for the same phone, takes the place of the
 * one before; a new hours edit takes the place of one for the same
 * weekday and dates. CATALOG_ERROR with the reason when `e` is not
 * possible (no such service, dates in the past, a crisis line's phone). */
int staff_edit_add(struct staff *st, const struct staff_edit *e, int64_t now_ms)
    __attribute__((warn_unused_result));
/* Removes edit `id` ("open again"), with its audit line. */
int staff_edit_remove(struct staff *st, int64_t id, int64_t now_ms)
    __attribute__((warn_unused_result));
/* The edits that hold today or later, of service `service` (NULL: of
 * every service), oldest first, with `contradicted` and `gone` set. */
int staff_edits(struct staff *st, const char *service, int64_t now_ms, struct staff_edit_list *out)
    __attribute__((warn_unused_result));
void staff_edit_list_free(struct staff_edit_list *list);

/* Adds a line to the audit log by itself (an import, say). */
int staff_log(struct staff *st, const char *action, const char *service, const char *detail,
              int64_t now_ms) __attribute__((warn_unused_result));
/* Adds the audit line of an import of `file` (its name, without its
 * folder, is kept), signed with the public key `signer` (sign.h; "" for
 * an unsigned one). */
int staff_log_import(struct staff *st, const char *file, const char *signer, int64_t now_ms)
    __attribute__((warn_unused_result));
/* Reads the detail of an import's audit line back: the file's name and
 * the signer's key ("" when unsigned). */
void staff_import_detail(const char *detail, char *file, size_t file_size, char *signer,
                         size_t signer_size);
/* Reads the detail of a lockout's audit line back: the wrong PINs in a row
 * and "YYYY-MM-DD HH:MM", when the lock ends. Returns 0, or -1 when it is
 * not one. */
int staff_lock_detail(const char *detail, int *failures, char until[17]);
/* The last `max` lines of the audit log, newest first. */
int staff_audit(struct staff *st, size_t max, struct staff_audit_list *out)
    __attribute__((warn_unused_result));
void staff_audit_list_free(struct staff_audit_list *list);

/* The code of a kind ("closed", "hours", "notice", "phone"), as stored. */
const char *staff_kind_code(int kind);

#endif
