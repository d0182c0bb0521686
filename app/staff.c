/* staff.c: the staff PIN, staff edits and the audit log (staff.h).
 *
 * Every write is one BEGIN IMMEDIATE transaction on the catalogue's
 * database, the audit line inside it, so a change and its line land
 * together or not at all. The tables are migration 7's (schema.c).
 */
#include "frontdoor/staff.h"

#include "frontdoor/catalog.h"
#include "frontdoor/clock.h"
#include "frontdoor/hours.h"
#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/utf8.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <string.h>

struct staff {
    struct catalog *cat;
    sqlite3 *db;
    char err[512];
};

static const char *const kind_codes[N_STAFF_KINDS] = {"closed", "hours", "notice", "phone"};

const char *staff_kind_code(int kind)
{
    return kind >= 0 && kind < N_STAFF_KINDS ? kind_codes[kind] : "";
}

static int kind_of(const char *code)
{
    for (int i = 0; i < N_STAFF_KINDS; i++) {
        if (strcmp(code, kind_codes[i]) == 0)
            return i;
    }
    return -1;
}

__attribute__((format(printf, 2, 3))) static int fail(struct staff *st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->err, sizeof st->err, fmt, ap);
    va_end(ap);
    return CATALOG_ERROR;
}

static int fail_db(struct staff *st, const char *what)
{
    return fail(st, "%s: %s", what, sqlite3_errmsg(st->db));
}

int staff_open(const char *path, struct staff **out)
{
    struct staff *st = xcalloc(1, sizeof *st);
    *out = st;
    int rc = catalog_open(path, CATALOG_READWRITE, &st->cat);
    if (rc != CATALOG_OK) {
        xsnprintf(st->err, sizeof st->err, "%s", catalog_errmsg(st->cat));
        return rc;
    }
    st->db = catalog_db(st->cat);
    return CATALOG_OK;
}

void staff_close(struct staff *st)
{
    if (!st)
        return;
    catalog_close(st->cat);
    free(st);
}

const char *staff_errmsg(const struct staff *st)
{
    return st->err;
}

/* --- transactions and statements --- */

static int begin(struct staff *st)
{
    if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return fail_db(st, "cannot start a change");
    return CATALOG_OK;
}

/* Commits when rc is CATALOG_OK, else rolls back; returns rc, or
 * CATALOG_ERROR when the commit fails. */
static int end(struct staff *st, int rc)
{
    if (rc == CATALOG_OK && sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = fail_db(st, "cannot save the change");
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static sqlite3_stmt *prepare(struct staff *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        fail_db(st, "cannot read the staff tables");
    return s;
}

/* Runs `s` to its end and finalizes it. */
static int run(struct staff *st, sqlite3_stmt *s, const char *what)
{
    int step = sqlite3_step(s);
    int rc = step == SQLITE_DONE || step == SQLITE_ROW ? CATALOG_OK : fail_db(st, what);
    sqlite3_finalize(s);
    return rc;
}

static void bind_text(sqlite3_stmt *s, int i, const char *text)
{
    if (text && text[0])
        sqlite3_bind_text(s, i, text, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

static void copy_column(char *dst, size_t size, sqlite3_stmt *s, int col)
{
    const char *t = (const char *)sqlite3_column_text(s, col);
    xsnprintf(dst, size, "%s", t ? t : "");
}

/* "YYYY-MM-DD HH:MM" of now_ms, local time. */
static void local_minute(int64_t now_ms, char out[17])
{
    struct fd_tm t = clock_local(now_ms);
    xsnprintf(out, 17, "%04d-%02d-%02d %02d:%02d", t.year % 10000, t.month % 100, t.day % 100,
              t.hour % 100, t.minute % 100);
}

void staff_today(int64_t now_ms, char out[11])
{
    struct fd_tm t = clock_local(now_ms);
    xsnprintf(out, 11, "%04d-%02d-%02d", t.year % 10000, t.month % 100, t.day % 100);
}

/* Adds an audit line inside the caller's transaction. */
static int audit(struct staff *st, const char *action, const char *service, const char *detail,
                 int64_t now_ms)
{
    char at[17];
    local_minute(now_ms, at);
    sqlite3_stmt *s = prepare(
        st, "INSERT INTO staff_audit (at, action, service, detail) VALUES (?1, ?2, ?3, ?4)");
    if (!s)
        return CATALOG_ERROR;
    sqlite3_bind_text(s, 1, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, action, -1, SQLITE_STATIC);
    bind_text(s, 3, service);
    bind_text(s, 4, detail);
    return run(st, s, "cannot write the audit log");
}

int staff_log(struct staff *st, const char *action, const char *service, const char *detail,
              int64_t now_ms)
{
    int rc = begin(st);
    if (rc == CATALOG_OK)
        rc = audit(st, action, service, detail, now_ms);
    return end(st, rc);
}

/* An import's detail: "KEY FILE", KEY "-" when unsigned (a key has no
 * space, a file name may). */
int staff_log_import(struct staff *st, const char *file, const char *signer, int64_t now_ms)
{
    const char *base = strrchr(file, '/');
    char detail[STAFF_TEXT_MAX + 64];
    xsnprintf(detail, sizeof detail, "%s %s", signer[0] ? signer : "-", base ? base + 1 : file);
    return staff_log(st, "import", NULL, detail, now_ms);
}

void staff_import_detail(const char *detail, char *file, size_t file_size, char *signer,
                         size_t signer_size)
{
    const char *space = strchr(detail, ' ');
    size_t n = space ? (size_t)(space - detail) : 0;
    xsnprintf(signer, signer_size, "%.*s", (int)n, detail);
    if (strcmp(signer, "-") == 0)
        signer[0] = '\0';
    xsnprintf(file, file_size, "%s", space ? space + 1 : detail);
}

int staff_lock_detail(const char *detail, int *failures, char until[17])
{
    int used = 0;
    if (sscanf(detail, "%d %n", failures, &used) != 1 || strlen(detail + used) != 16)
        return -1;
    memcpy(until, detail + used, 17);
    return 0;
}

/* --- the PIN --- */

static int pin_valid(const char *pin)
{
    size_t n = strlen(pin);
    if (n < STAFF_PIN_MIN || n > STAFF_PIN_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (pin[i] < '0' || pin[i] > '9')
            return 0;
    }
    return 1;
}

int staff_set_pin(struct staff *st, const char *pin, int64_t now_ms)
{
    if (!pin_valid(pin))
        return fail(st, "a PIN is %d to %d digits", STAFF_PIN_MIN, STAFF_PIN_MAX);
    char hash[crypto_pwhash_STRBYTES];
    if (sodium_init() < 0 ||
        crypto_pwhash_str(hash, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return fail(st, "cannot hash the PIN (out of memory?)");
    int rc = begin(st);
    if (rc == CATALOG_OK) {
        sqlite3_stmt *s = prepare(st, "INSERT OR REPLACE INTO staff_pin (id, hash, failures,"
                                      " locked_until) VALUES (1, ?1, 0, 0)");
        rc = s ? CATALOG_OK : CATALOG_ERROR;
        if (s) {
            sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
            rc = run(st, s, "cannot store the PIN");
        }
    }
    if (rc == CATALOG_OK)
        rc = audit(st, "pin-set", NULL, NULL, now_ms);
    sodium_memzero(hash, sizeof hash);
    return end(st, rc);
}

struct pin_row {
    char hash[crypto_pwhash_STRBYTES];
    int64_t failures, locked_until;
};

/* Reads the PIN's row: 1 when a PIN is set, 0 when not, or a negative code. */
static int pin_read(struct staff *st, struct pin_row *row)
{
    memset(row, 0, sizeof *row);
    sqlite3_stmt *s =
        prepare(st, "SELECT hash, failures, locked_until FROM staff_pin WHERE id = 1");
    if (!s)
        return CATALOG_ERROR;
    int step = sqlite3_step(s), rc = 0;
    if (step == SQLITE_ROW) {
        copy_column(row->hash, sizeof row->hash, s, 0);
        row->failures = sqlite3_column_int64(s, 1);
        row->locked_until = sqlite3_column_int64(s, 2);
        rc = row->hash[0] != '\0';
    } else if (step != SQLITE_DONE) {
        rc = fail_db(st, "cannot read the PIN");
    }
    sqlite3_finalize(s);
    return rc;
}

int staff_pin_state(struct staff *st, int64_t now_ms, int64_t *until)
{
    struct pin_row row;
    *until = 0;
    int rc = pin_read(st, &row);
    if (rc <= 0)
        return rc < 0 ? rc : STAFF_PIN_UNSET;
    if (row.locked_until > now_ms) {
        *until = row.locked_until;
        return STAFF_PIN_LOCKED;
    }
    return STAFF_PIN_OK;
}

/* How long the wrong PIN number `failures` (1, 2, ...) locks staff mode:
 * nothing before STAFF_TRIES, then STAFF_LOCK_MS, doubling each time. */
static int64_t lock_ms(int64_t failures)
{
    if (failures < STAFF_TRIES)
        return 0;
    int64_t ms = STAFF_LOCK_MS;
    for (int64_t i = STAFF_TRIES; i < failures && ms < STAFF_LOCK_MAX_MS; i++)
        ms *= 2;
    return ms < STAFF_LOCK_MAX_MS ? ms : STAFF_LOCK_MAX_MS;
}

int staff_check_pin(struct staff *st, const char *pin, int64_t now_ms, int64_t *until)
{
    *until = 0;
    int rc = begin(st);
    if (rc != CATALOG_OK)
        return rc;
    struct pin_row row;
    rc = pin_read(st, &row);
    if (rc <= 0 || row.locked_until > now_ms) {
        rc = end(st, rc < 0 ? rc : CATALOG_OK);
        *until = rc == 0 && row.hash[0] ? row.locked_until : 0;
        return rc < 0 ? rc : !row.hash[0] ? STAFF_PIN_UNSET : STAFF_PIN_LOCKED;
    }
    int right = pin_valid(pin) && sodium_init() >= 0 &&
                crypto_pwhash_str_verify(row.hash, pin, strlen(pin)) == 0;
    int64_t failures = right ? 0 : row.failures + 1;
    int64_t lock = right ? 0 : lock_ms(failures);
    sqlite3_stmt *s =
        prepare(st, "UPDATE staff_pin SET failures = ?1, locked_until = ?2 WHERE id = 1");
    if (!s)
        return end(st, CATALOG_ERROR);
    sqlite3_bind_int64(s, 1, failures);
    sqlite3_bind_int64(s, 2, lock ? now_ms + lock : 0);
    rc = run(st, s, "cannot count the PIN");
    if (rc == CATALOG_OK && lock) {
        char detail[64], at[17];
        local_minute(now_ms + lock, at);
        /* Words come where it is shown (staff_lock_detail): here the facts. */
        xsnprintf(detail, sizeof detail, "%lld %s", (long long)failures, at);
        rc = audit(st, "locked", NULL, detail, now_ms);
        *until = now_ms + lock;
    }
    rc = end(st, rc);
    if (rc != CATALOG_OK)
        return rc;
    return right ? STAFF_PIN_OK : lock ? STAFF_PIN_LOCKED : STAFF_PIN_WRONG;
}

/* --- edits --- */

/* What the catalogue says now about what edit `e` changes: a service's
 * status and hours (a closure, hours), the service's existence (a
 * notice), a phone's number. Sets *base (the caller frees it; "" when
 * there is nothing to compare) and returns 1, or 0 when the service or
 * phone is not in the catalogue, or a negative code. */
static int base_of(struct staff *st, int kind, const char *service, const char *phone, char **base)
{
    static const char *const sql[N_STAFF_KINDS] = {
        [STAFF_CLOSED] = "SELECT c.status || '|' || c.openings FROM service s"
                         " JOIN service_card c ON c.service_id = s.id WHERE s.hsds_id = ?1",
        [STAFF_HOURS] = "SELECT c.status || '|' || c.openings FROM service s"
                        " JOIN service_card c ON c.service_id = s.id WHERE s.hsds_id = ?1",
        [STAFF_NOTICE] = "SELECT '' FROM service WHERE hsds_id = ?1",
        [STAFF_PHONE] = "SELECT p.number FROM service s JOIN phone p ON p.hsds_id = ?2"
                        " WHERE s.hsds_id = ?1 AND (p.service_id = s.id OR p.location_id IN"
                        " (SELECT location_id FROM service_at_location WHERE service_id = s.id))",
    };
    *base = NULL;
    sqlite3_stmt *s = prepare(st, sql[kind]);
    if (!s)
        return CATALOG_ERROR;
    sqlite3_bind_text(s, 1, service, -1, SQLITE_STATIC);
    if (kind == STAFF_PHONE)
        sqlite3_bind_text(s, 2, phone, -1, SQLITE_STATIC);
    int step = sqlite3_step(s), rc = 0;
    if (step == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        *base = xstrdup(t ? t : "");
        rc = 1;
    } else if (step != SQLITE_DONE) {
        rc = fail_db(st, "cannot read the catalogue");
    }
    sqlite3_finalize(s);
    return rc;
}

/* 1 when the service is a crisis line or has a confidential place: its
 * numbers change only through a signed bundle. */
static int protected_service(struct staff *st, const char *service, int *out)
{
    sqlite3_stmt *s =
        prepare(st, "SELECT EXISTS (SELECT 1 FROM attribute a JOIN taxonomy_term t"
                    " ON t.id = a.taxonomy_term_id WHERE a.service_id = s.id"
                    " AND t.taxonomy = 'frontdoor-facet' AND t.code = 'crisis-line')"
                    " OR EXISTS (SELECT 1 FROM service_at_location sl JOIN location l"
                    " ON l.id = sl.location_id WHERE sl.service_id = s.id AND l.confidential = 1)"
                    " FROM service s WHERE s.hsds_id = ?1");
    if (!s)
        return CATALOG_ERROR;
    sqlite3_bind_text(s, 1, service, -1, SQLITE_STATIC);
    int step = sqlite3_step(s);
    *out = step == SQLITE_ROW && sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return step == SQLITE_ROW || step == SQLITE_DONE ? CATALOG_OK
                                                     : fail_db(st, "cannot read the catalogue");
}

static int valid_time(const char *t)
{
    return strlen(t) == 5 && t[0] >= '0' && t[0] <= '2' && t[1] >= '0' && t[1] <= '9' &&
           t[2] == ':' && t[3] >= '0' && t[3] <= '5' && t[4] >= '0' && t[4] <= '9' &&
           (t[0] < '2' || t[1] <= '3');
}

/* Text staff typed: valid UTF-8 without control characters. */
static int valid_text(const char *t)
{
    const unsigned char *p = (const unsigned char *)t;
    size_t n = strlen(t);
    while (n) {
        uint32_t cp;
        size_t len = utf8_decode(p, n, &cp);
        if (cp == UTF8_INVALID || cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
            return 0;
        p += len;
        n -= len;
    }
    return 1;
}

static int valid_number(const char *t)
{
    size_t n = strlen(t), digits = 0;
    if (n == 0 || n > STAFF_PHONE_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] >= '0' && t[i] <= '9')
            digits++;
        else if (!strchr("+ -()", t[i]) || (t[i] == '+' && i != 0))
            return 0;
    }
    return digits >= 3;
}

/* Checks what `e` says by itself and against today; the catalogue's part is
 * checked by staff_edit_add. */
static int edit_check(struct staff *st, const struct staff_edit *e, int64_t now_ms)
{
    struct fd_tm d;
    char today[11], last[11];
    staff_today(now_ms, today);
    staff_today(now_ms + (int64_t)STAFF_DAYS_MAX * 86400000, last);
    if (e->kind < 0 || e->kind >= N_STAFF_KINDS)
        return fail(st, "unknown kind of edit %d", e->kind);
    if (hours_parse_date(e->starts, &d) != 0 || hours_parse_date(e->ends, &d) != 0)
        return fail(st, "dates are YYYY-MM-DD, not \"%s\" and \"%s\"", e->starts, e->ends);
    if (strcmp(e->starts, e->ends) > 0)
        return fail(st, "the last day %s is before the first %s", e->ends, e->starts);
    if (strcmp(e->ends, today) < 0)
        return fail(st, "the last day %s is already past", e->ends);
    if (strcmp(e->ends, last) > 0)
        return fail(st, "an edit holds at most %d days, until %s", STAFF_DAYS_MAX, last);
    if (!valid_text(e->text))
        return fail(st, "the text is not readable text (UTF-8 without control characters)");
    if (e->text[0] && e->kind != STAFF_PHONE && !i18n_language(e->lang))
        return fail(st, "\"%s\" is not a language of the kiosk", e->lang);
    switch (e->kind) {
    case STAFF_HOURS:
        if (e->weekday < 0 || e->weekday > 7)
            return fail(st, "a weekday is 1 (Monday) to 7 (Sunday), or 0, not %d", e->weekday);
        if (e->opens_at[0] || e->closes_at[0]) {
            if (!valid_time(e->opens_at) || !valid_time(e->closes_at))
                return fail(st, "times are HH:MM, not \"%s\" and \"%s\"", e->opens_at,
                            e->closes_at);
        }
        break;
    case STAFF_NOTICE:
        if (!e->text[0])
            return fail(st, "a notice needs its text");
        break;
    case STAFF_PHONE:
        if (!valid_number(e->text))
            return fail(st, "\"%s\" is not a phone number (digits, spaces, + - and brackets)",
                        e->text);
        break;
    default:
        break;
    }
    return CATALOG_OK;
}

static const char *weekday_codes[8] = {"every day", "MO", "TU", "WE", "TH", "FR", "SA", "SU"};

/* The audit line's detail of edit `e`; `old` is the number a phone had. */
static void edit_detail(const struct staff_edit *e, const char *old, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    xappend(buf, size, &used, "%s..%s", e->starts, e->ends);
    if (e->kind == STAFF_HOURS) {
        xappend(buf, size, &used, " %s ", weekday_codes[e->weekday]);
        if (e->opens_at[0])
            xappend(buf, size, &used, "%s-%s", e->opens_at, e->closes_at);
        else
            xappend(buf, size, &used, "closed");
    } else if (e->kind == STAFF_PHONE) {
        xappend(buf, size, &used, " %s: %s -> %s", e->phone, old, e->text);
    } else if (e->text[0]) {
        xappend(buf, size, &used, " %s: %s", e->lang, e->text);
    }
}

int staff_edit_add(struct staff *st, const struct staff_edit *e, int64_t now_ms)
{
    int rc = edit_check(st, e, now_ms);
    if (rc != CATALOG_OK)
        return rc;
    rc = begin(st);
    if (rc != CATALOG_OK)
        return rc;
    char *base = NULL;
    int found = base_of(st, e->kind, e->service, e->phone, &base);
    if (found <= 0) {
        rc = found < 0 ? found
             : e->kind == STAFF_PHONE
                 ? fail(st, "service \"%s\" has no phone \"%s\"", e->service, e->phone)
                 : fail(st, "no service \"%s\" in the catalogue", e->service);
        goto done;
    }
    if (e->kind == STAFF_PHONE) {
        int protect = 0;
        rc = protected_service(st, e->service, &protect);
        if (rc == CATALOG_OK && protect)
            rc = fail(st,
                      "service \"%s\" is a crisis line or a confidential place: its numbers "
                      "change only through a signed bundle",
                      e->service);
        if (rc != CATALOG_OK)
            goto done;
    }
    /* The edit it takes the place of, and edits that ended. */
    char today[11];
    staff_today(now_ms, today);
    sqlite3_stmt *s = prepare(st, "DELETE FROM staff_edit WHERE ends < ?1 OR (service = ?2"
                                  " AND kind = ?3 AND CASE kind"
                                  " WHEN 'closed' THEN 1"
                                  " WHEN 'notice' THEN lang = ?4"
                                  " WHEN 'phone' THEN phone = ?5"
                                  " ELSE weekday = ?6 AND starts = ?7 AND ends = ?8 END)");
    rc = s ? CATALOG_OK : CATALOG_ERROR;
    if (s) {
        sqlite3_bind_text(s, 1, today, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, e->service, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, kind_codes[e->kind], -1, SQLITE_STATIC);
        bind_text(s, 4, e->lang);
        bind_text(s, 5, e->phone);
        sqlite3_bind_int(s, 6, e->weekday);
        sqlite3_bind_text(s, 7, e->starts, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 8, e->ends, -1, SQLITE_STATIC);
        rc = run(st, s, "cannot replace the earlier edit");
    }
    if (rc != CATALOG_OK)
        goto done;
    char made[17];
    local_minute(now_ms, made);
    s = prepare(st, "INSERT INTO staff_edit (service, kind, starts, ends, weekday, opens_at,"
                    " closes_at, phone, lang, text, base, made)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    rc = s ? CATALOG_OK : CATALOG_ERROR;
    if (s) {
        int text = e->text[0] != '\0';
        sqlite3_bind_text(s, 1, e->service, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, kind_codes[e->kind], -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, e->starts, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, e->ends, -1, SQLITE_STATIC);
        if (e->kind == STAFF_HOURS)
            sqlite3_bind_int(s, 5, e->weekday);
        bind_text(s, 6, e->kind == STAFF_HOURS ? e->opens_at : NULL);
        bind_text(s, 7, e->kind == STAFF_HOURS ? e->closes_at : NULL);
        bind_text(s, 8, e->kind == STAFF_PHONE ? e->phone : NULL);
        bind_text(s, 9, text && e->kind != STAFF_PHONE ? e->lang : NULL);
        bind_text(s, 10, text && e->kind != STAFF_HOURS ? e->text : NULL);
        sqlite3_bind_text(s, 11, base, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 12, made, -1, SQLITE_STATIC);
        rc = run(st, s, "cannot store the edit");
    }
    if (rc == CATALOG_OK) {
        char detail[STAFF_TEXT_MAX + 64];
        edit_detail(e, base, detail, sizeof detail);
        rc = audit(st, kind_codes[e->kind], e->service, detail, now_ms);
    }
done:
    free(base);
    return end(st, rc);
}

int staff_edit_remove(struct staff *st, int64_t id, int64_t now_ms)
{
    int rc = begin(st);
    if (rc != CATALOG_OK)
        return rc;
    sqlite3_stmt *s = prepare(st, "DELETE FROM staff_edit WHERE id = ?1"
                                  " RETURNING service, kind, starts, ends, lang, phone");
    if (!s)
        return end(st, CATALOG_ERROR);
    sqlite3_bind_int64(s, 1, id);
    int step = sqlite3_step(s);
    char service[128] = "", detail[256] = "";
    if (step == SQLITE_ROW) {
        copy_column(service, sizeof service, s, 0);
        xsnprintf(detail, sizeof detail, "%s %s..%s%s%s", sqlite3_column_text(s, 1),
                  sqlite3_column_text(s, 2), sqlite3_column_text(s, 3),
                  sqlite3_column_type(s, 4) != SQLITE_NULL ? " " : "",
                  sqlite3_column_type(s, 4) != SQLITE_NULL ? (const char *)sqlite3_column_text(s, 4)
                                                           : "");
        step = sqlite3_step(s);
    } else if (step == SQLITE_DONE) {
        rc = fail(st, "no staff edit %lld", (long long)id);
    }
    if (rc == CATALOG_OK && step != SQLITE_DONE)
        rc = fail_db(st, "cannot remove the edit");
    sqlite3_finalize(s);
    if (rc == CATALOG_OK)
        rc = audit(st, "removed", service, detail, now_ms);
    return end(st, rc);
}

void staff_edit_list_free(struct staff_edit_list *list)
{
    if (!list)
        return;
    free(list->items);
    list->items = NULL;
    list->n = 0;
}

int staff_edits(struct staff *st, const char *service, int64_t now_ms, struct staff_edit_list *out)
{
    memset(out, 0, sizeof *out);
    char today[11];
    staff_today(now_ms, today);
    int rc = CATALOG_OK;
    if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return fail_db(st, "cannot read the staff edits");
    sqlite3_stmt *s = prepare(st, "SELECT id, service, kind, starts, ends, weekday, opens_at,"
                                  " closes_at, phone, lang, text, base, made FROM staff_edit"
                                  " WHERE ends >= ?1 AND (?2 IS NULL OR service = ?2)"
                                  " ORDER BY id");
    if (!s) {
        rc = CATALOG_ERROR;
        goto done;
    }
    sqlite3_bind_text(s, 1, today, -1, SQLITE_STATIC);
    bind_text(s, 2, service);
    size_t cap = 0;
    int step;
    while (rc == CATALOG_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        int kind = kind_of((const char *)sqlite3_column_text(s, 2));
        if (kind < 0)
            continue;
        if (out->n == cap) {
            cap = cap ? 2 * cap : 8;
            out->items = xrealloc(out->items, cap * sizeof *out->items);
        }
        struct staff_edit *e = &out->items[out->n++];
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(s, 0);
        e->kind = kind;
        copy_column(e->service, sizeof e->service, s, 1);
        copy_column(e->starts, sizeof e->starts, s, 3);
        copy_column(e->ends, sizeof e->ends, s, 4);
        e->weekday = sqlite3_column_int(s, 5);
        copy_column(e->opens_at, sizeof e->opens_at, s, 6);
        copy_column(e->closes_at, sizeof e->closes_at, s, 7);
        copy_column(e->phone, sizeof e->phone, s, 8);
        copy_column(e->lang, sizeof e->lang, s, 9);
        copy_column(e->text, sizeof e->text, s, 10);
        copy_column(e->made, sizeof e->made, s, 12);
        char *now = NULL;
        int found = base_of(st, kind, e->service, e->phone, &now);
        if (found < 0) {
            rc = found;
        } else {
            const char *then = (const char *)sqlite3_column_text(s, 11);
            e->gone = !found;
            e->contradicted = found && strcmp(now, then ? then : "") != 0;
        }
        free(now);
    }
    if (rc == CATALOG_OK && step != SQLITE_DONE)
        rc = fail_db(st, "cannot read the staff edits");
    sqlite3_finalize(s);
done:
    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    if (rc != CATALOG_OK)
        staff_edit_list_free(out);
    return rc;
}

/* --- the audit log --- */

void staff_audit_list_free(struct staff_audit_list *list)
{
    if (!list)
        return;
    free(list->items);
    list->items = NULL;
    list->n = 0;
}

int staff_audit(struct staff *st, size_t max, struct staff_audit_list *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = prepare(st, "SELECT at, action, service, detail FROM staff_audit"
                                  " ORDER BY id DESC LIMIT ?1");
    if (!s)
        return CATALOG_ERROR;
    sqlite3_bind_int64(s, 1, max > INT64_MAX ? INT64_MAX : (sqlite3_int64)max);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? 2 * cap : 16;
            out->items = xrealloc(out->items, cap * sizeof *out->items);
        }
        struct staff_audit_line *l = &out->items[out->n++];
        copy_column(l->at, sizeof l->at, s, 0);
        copy_column(l->action, sizeof l->action, s, 1);
        copy_column(l->service, sizeof l->service, s, 2);
        copy_column(l->detail, sizeof l->detail, s, 3);
    }
    sqlite3_finalize(s);
    if (step != SQLITE_DONE) {
        staff_audit_list_free(out);
        return fail_db(st, "cannot read the audit log");
    }
    return CATALOG_OK;
}
