/* catalog.c: the service catalogue store on SQLite.
 *
 * Opening checks the schema version before anything else touches the file, so
 * a database from a newer Frontdoor is refused without a byte written; only
 * then does it switch to WAL with synchronous=FULL (a committed import
 * survives a power cut) and run the migrations in schema.c.
 *
 * Every text a resident reads lives in the translation table, the bundle's
 * own language included, so one lookup serves every field: the rows of
 * (entity, id, field) ordered by the fallback chain (requested language,
 * kiosk default, English, then any language in code order, so the choice is
 * repeatable), first row wins. That lookup is a primary-key range scan and
 * runs for every text of every row returned, so its statement is prepared
 * once per handle; the other queries are prepared per call and reused across
 * the rows of that call. Lists are built as plain structs the caller owns,
 * so nothing the UI holds points into SQLite, and come in the order the
 * kiosk shows them (crisis lines first; under a need, services for people
 * who use violence last), decided here once rather than on every screen.
 * The fixed code lists (facets, trust facts, audiences, the worried path's
 * answers) are tables here that the importer reads too.
 *
 * A query makes many reads, and an import in another process may commit
 * between any two of them; each public query therefore runs its reads in one
 * read transaction, which under WAL sees the one snapshot its first read
 * found. A result never mixes two catalogues; the import shows whole in the
 * next query, and catalog_changed() tells the kiosk that one is due.
 */
#include "frontdoor/catalog.h"

#include "frontdoor/mem.h"
#include "schema.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Long enough for an import in another process to finish a commit; the
 * kiosk's reads never wait, WAL lets them see the previous catalogue. */
#define BUSY_TIMEOUT_MS 5000
/* Bounds the -wal file left behind after a large import is checkpointed. */
#define JOURNAL_SIZE_LIMIT (8 * 1024 * 1024)

struct catalog {
    sqlite3 *db;
    char *path;              /* for messages */
    char lang[16];           /* first in the fallback chain */
    char kiosk_default[16];  /* second */
    sqlite3_stmt *text_stmt; /* the fallback lookup, prepared on first use */
    int64_t data_version;    /* PRAGMA data_version at the last catalog_changed() */
    int data_version_known;  /* 0 until the first catalog_changed() */
    char errmsg[512];
};

static const char TEXT_SQL[] =
    "SELECT text, lang FROM translation"
    " WHERE entity = ?1 AND entity_id = ?2 AND field = ?3"
    " ORDER BY CASE lang WHEN ?4 THEN 0 WHEN ?5 THEN 1 WHEN 'en' THEN 2 ELSE 3 END, lang"
    " LIMIT 1";

void catalog_set_error(struct catalog *cat, const char *fmt, ...)
{
    if (!cat)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cat->errmsg, sizeof cat->errmsg, fmt, ap);
    va_end(ap);
}

const char *catalog_errmsg(const struct catalog *cat)
{
    return cat ? cat->errmsg : "no catalogue";
}

struct sqlite3 *catalog_db(struct catalog *cat)
{
    return cat->db;
}

/* Records SQLite's reason for a failed step of `what`. */
static int fail_db(struct catalog *cat, const char *what)
{
    catalog_set_error(cat, "%s: %s: %s", cat->path, what, sqlite3_errmsg(cat->db));
    return CATALOG_ERROR;
}

static int prepare(struct catalog *cat, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(cat->db, sql, -1, st, NULL) != SQLITE_OK)
        return fail_db(cat, "cannot prepare a catalogue query");
    return CATALOG_OK;
}

static void copy_column(char *dst, size_t size, sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    xsnprintf(dst, size, "%s", s ? (const char *)s : "");
}

/* Makes room for item n of a growing array and zeroes it; the array is the
 * caller's and is bounded by the rows of one query. */
static void *grow(void *items, size_t *cap, size_t n, size_t size)
{
    if (n >= *cap) {
        *cap = *cap ? *cap * 2 : 8;
        items = xrealloc(items, *cap * size);
    }
    memset((char *)items + n * size, 0, size);
    return items;
}

/* ---- read transactions --------------------------------------------------- */

/* Each public query reads like this: read_begin(), a static *_read body
 * that frees what it filled in when it fails, then read_end(). Outside a
 * transaction a SAVEPOINT is a BEGIN DEFERRED, whose first read fixes the
 * snapshot; unlike BEGIN it also works inside a transaction the caller holds. */
static int read_begin(struct catalog *cat)
{
    if (sqlite3_exec(cat->db, "SAVEPOINT catalog_read", NULL, NULL, NULL) != SQLITE_OK)
        return fail_db(cat, "cannot start a read");
    return CATALOG_OK;
}

/* Ends the read of read_begin(), which returned CATALOG_OK: released when rc
 * is CATALOG_OK, rolled back otherwise. Returns rc, or CATALOG_ERROR when the
 * release fails. */
static int read_end(struct catalog *cat, int rc)
{
    if (rc == CATALOG_OK) {
        if (sqlite3_exec(cat->db, "RELEASE catalog_read", NULL, NULL, NULL) == SQLITE_OK)
            return CATALOG_OK;
        rc = fail_db(cat, "cannot end a read");
    }
    /* After some errors SQLite has already rolled back; a second rollback
     * would only replace the reason with a misleading one. */
    if (!sqlite3_get_autocommit(cat->db))
        sqlite3_exec(cat->db, "ROLLBACK TO catalog_read; RELEASE catalog_read", NULL, NULL, NULL);
    return rc;
}

/* ---- opening ------------------------------------------------------------ */

static int set_wal(struct catalog *cat)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(cat, "PRAGMA journal_mode = WAL", &st);
    if (rc != CATALOG_OK)
        return rc;
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = fail_db(cat, "cannot switch to WAL mode");
        goto finalize;
    }
    /* An in-memory database (validation) reports "memory" and has no WAL. */
    const char *mode = (const char *)sqlite3_column_text(st, 0);
    if (!mode || (strcmp(mode, "wal") != 0 && strcmp(mode, "memory") != 0)) {
        catalog_set_error(cat, "%s: cannot switch to WAL mode (still %s)", cat->path,
                          mode ? mode : "unknown");
        rc = CATALOG_ERROR;
    }
finalize:
    sqlite3_finalize(st);
    return rc;
}

int catalog_open(const char *path, int flags, struct catalog **out)
{
    struct catalog *cat = xcalloc(1, sizeof *cat);
    *out = cat;
    cat->path = xstrdup(path);
    xsnprintf(cat->lang, sizeof cat->lang, "en");
    xsnprintf(cat->kiosk_default, sizeof cat->kiosk_default, "en");

    int readonly = (flags & CATALOG_READONLY) != 0;
    int oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if ((flags & CATALOG_CREATE) && !readonly)
        oflags |= SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &cat->db, oflags, NULL);
    if (rc != SQLITE_OK) {
        catalog_set_error(cat, "%s: cannot open the database: %s", path,
                          cat->db ? sqlite3_errmsg(cat->db) : sqlite3_errstr(rc));
        return CATALOG_ERROR;
    }
    sqlite3_extended_result_codes(cat->db, 1);
    sqlite3_busy_timeout(cat->db, BUSY_TIMEOUT_MS);

    /* Read the version before any PRAGMA that writes (journal_mode does), so
     * a newer database is left exactly as it was. */
    int version = catalog_schema_version(cat);
    if (version < 0)
        return CATALOG_ERROR;
    if (version > CATALOG_SCHEMA_VERSION) {
        catalog_set_error(cat,
                          "%s: schema version %d is newer than this Frontdoor's (%d); "
                          "use the Frontdoor that wrote it",
                          path, version, CATALOG_SCHEMA_VERSION);
        return CATALOG_TOO_NEW;
    }
    if (readonly && version < CATALOG_SCHEMA_VERSION) {
        catalog_set_error(cat,
                          "%s: schema version %d is older than this Frontdoor's (%d); "
                          "migrate it with frontdoor-admin init --db %s",
                          path, version, CATALOG_SCHEMA_VERSION, path);
        return CATALOG_ERROR;
    }

    if (sqlite3_exec(cat->db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL", NULL, NULL,
                     NULL) != SQLITE_OK)
        return fail_db(cat, "cannot configure the connection");
    if (readonly)
        return CATALOG_OK;

    rc = set_wal(cat);
    if (rc != CATALOG_OK)
        return rc;
    char pragma[64];
    xsnprintf(pragma, sizeof pragma, "PRAGMA journal_size_limit = %d", JOURNAL_SIZE_LIMIT);
    if (sqlite3_exec(cat->db, pragma, NULL, NULL, NULL) != SQLITE_OK)
        return fail_db(cat, "cannot configure the connection");
    char err[256];
    rc = schema_migrate(cat->db, err, sizeof err);
    if (rc != CATALOG_OK)
        catalog_set_error(cat, "%s: %s", path, err);
    return rc;
}

void catalog_close(struct catalog *cat)
{
    if (!cat)
        return;
    sqlite3_finalize(cat->text_stmt);
    sqlite3_close(cat->db);
    free(cat->path);
    free(cat);
}

int catalog_schema_version(struct catalog *cat)
{
    char err[256];
    int version = 0;
    if (schema_version(cat->db, &version, err, sizeof err) != CATALOG_OK) {
        catalog_set_error(cat, "%s: %s", cat->path, err);
        return CATALOG_ERROR;
    }
    return version;
}

int catalog_changed(struct catalog *cat)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(cat, "PRAGMA data_version", &st);
    if (rc != CATALOG_OK)
        return rc;
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = fail_db(cat, "cannot read the data version");
        goto finalize;
    }
    int64_t version = sqlite3_column_int64(st, 0);
    rc = cat->data_version_known && version != cat->data_version;
    cat->data_version = version;
    cat->data_version_known = 1;
finalize:
    sqlite3_finalize(st);
    return rc;
}

void catalog_set_languages(struct catalog *cat, const char *lang, const char *kiosk_default)
{
    xsnprintf(cat->lang, sizeof cat->lang, "%s", lang ? lang : "");
    xsnprintf(cat->kiosk_default, sizeof cat->kiosk_default, "%s",
              kiosk_default ? kiosk_default : "");
}

/* ---- texts -------------------------------------------------------------- */

void fd_text_free(struct fd_text *t)
{
    if (!t)
        return;
    free(t->text);
    t->text = NULL;
    t->lang[0] = '\0';
}

/* Fills *out with the first text of (entity, id, field) along the fallback
 * chain; text NULL and lang "" when no language has one. */
static int text_get(struct catalog *cat, const char *entity, int64_t id, const char *field,
                    struct fd_text *out)
{
    out->text = NULL;
    out->lang[0] = '\0';
    if (!cat->text_stmt && sqlite3_prepare_v3(cat->db, TEXT_SQL, -1, SQLITE_PREPARE_PERSISTENT,
                                              &cat->text_stmt, NULL) != SQLITE_OK)
        return fail_db(cat, "cannot prepare the text lookup");
    sqlite3_stmt *st = cat->text_stmt;
    sqlite3_bind_text(st, 1, entity, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_text(st, 3, field, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, cat->lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, cat->kiosk_default, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->text = xstrdup((const char *)sqlite3_column_text(st, 0));
        copy_column(out->lang, sizeof out->lang, st, 1);
    }
    /* Reset at once: a statement left mid-step keeps a read transaction
     * open, which would pin the WAL and hold old snapshots. */
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail_db(cat, "cannot read a text");
    return CATALOG_OK;
}

/* ---- catalogue metadata -------------------------------------------------- */

int catalog_is_sample(struct catalog *cat)
{
    sqlite3_stmt *st = NULL;
    if (prepare(cat, "SELECT value FROM catalogue_meta WHERE key = 'sample'", &st) != CATALOG_OK)
        return 0;
    int sample = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        sample = sqlite3_column_int(st, 0) == 1;
    sqlite3_finalize(st);
    return sample;
}

static int info_read(struct catalog *cat, struct catalog_info *out)
{
    out->schema_version = catalog_schema_version(cat);
    if (out->schema_version < 0)
        return CATALOG_ERROR;

    sqlite3_stmt *st = NULL;
    /* Only the keys read below: a row nobody wrote (a NULL key in a
     * tampered file) is not looked at. */
    int rc = prepare(cat,
                     "SELECT key, value FROM catalogue_meta"
                     " WHERE key IN ('sample', 'language', 'imported_on')",
                     &st);
    if (rc != CATALOG_OK)
        return rc;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        if (strcmp(key, "sample") == 0)
            out->sample = sqlite3_column_int(st, 1) == 1;
        else if (strcmp(key, "language") == 0)
            copy_column(out->language, sizeof out->language, st, 1);
        else if (strcmp(key, "imported_on") == 0)
            copy_column(out->imported_on, sizeof out->imported_on, st, 1);
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE)
        return fail_db(cat, "cannot read the catalogue metadata");

    rc = prepare(cat,
                 "SELECT (SELECT count(*) FROM service), (SELECT count(*) FROM organization),"
                 " (SELECT count(*) FROM location), (SELECT count(*) FROM taxonomy_term),"
                 " (SELECT count(*) FROM translation)",
                 &st);
    if (rc != CATALOG_OK)
        return rc;
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = fail_db(cat, "cannot count the catalogue");
        goto finalize;
    }
    out->services = (size_t)sqlite3_column_int64(st, 0);
    out->organizations = (size_t)sqlite3_column_int64(st, 1);
    out->locations = (size_t)sqlite3_column_int64(st, 2);
    out->taxonomy_terms = (size_t)sqlite3_column_int64(st, 3);
    out->texts = (size_t)sqlite3_column_int64(st, 4);
finalize:
    sqlite3_finalize(st);
    return rc;
}

int catalog_info(struct catalog *cat, struct catalog_info *out)
{
    memset(out, 0, sizeof *out);
    int rc = read_begin(cat);
    if (rc != CATALOG_OK)
        return rc;
    return read_end(cat, info_read(cat, out));
}

/* ---- needs -------------------------------------------------------------- */

/* Counts the same services catalog_services_for_need lists. */
#define NEEDS_SELECT                                                                               \
    "SELECT t.id, t.code,"                                                                         \
    " (SELECT count(*) FROM attribute a JOIN service s ON s.id = a.service_id"                     \
    "  WHERE a.taxonomy_term_id = t.id AND s.status NOT IN ('inactive', 'defunct')),"              \
    " t.sensitive FROM taxonomy_term t WHERE t.taxonomy = 'frontdoor-need'"

void catalog_need_free(struct need *need)
{
    if (!need)
        return;
    fd_text_free(&need->name);
    fd_text_free(&need->description);
}

void catalog_need_list_free(struct need_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        catalog_need_free(&list->items[i]);
    free(list->items);
    list->items = NULL;
    list->n = 0;
}

static int need_load(struct catalog *cat, sqlite3_stmt *st, struct need *out)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    copy_column(out->code, sizeof out->code, st, 1);
    out->n_services = sqlite3_column_int(st, 2);
    out->sensitive = sqlite3_column_int(st, 3);
    int rc = text_get(cat, "taxonomy_term", out->id, "name", &out->name);
    if (rc == CATALOG_OK)
        rc = text_get(cat, "taxonomy_term", out->id, "description", &out->description);
    if (rc != CATALOG_OK)
        catalog_need_free(out);
    return rc;
}

static int needs_read(struct catalog *cat, struct need_list *out)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(cat, NEEDS_SELECT " ORDER BY t.position, t.code", &st);
    if (rc != CATALOG_OK)
        return rc;
    size_t cap = 0;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        out->items = grow(out->items, &cap, out->n, sizeof *out->items);
        rc = need_load(cat, st, &out->items[out->n]);
        if (rc != CATALOG_OK)
            goto free_list;
        out->n++;
    }
    if (step != SQLITE_DONE) {
        rc = fail_db(cat, "cannot list the needs");
        goto free_list;
    }
    sqlite3_finalize(st);
    return CATALOG_OK;

free_list:
    catalog_need_list_free(out);
    sqlite3_finalize(st);
    return rc;
}

int catalog_needs(struct catalog *cat, struct need_list *out)
{
    out->items = NULL;
    out->n = 0;
    int rc = read_begin(cat);
    if (rc != CATALOG_OK)
        return rc;
    rc = read_end(cat, needs_read(cat, out));
    if (rc != CATALOG_OK)
        catalog_need_list_free(out);
    return rc;
}

static int need_read(struct catalog *cat, const char *code, struct need *out)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(cat, NEEDS_SELECT " AND t.code = ?1", &st);
    if (rc != CATALOG_OK)
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        rc = need_load(cat, st, out);
    } else if (step == SQLITE_DONE) {
        catalog_set_error(cat, "%s: no need \"%s\"", cat->path, code);
        rc = CATALOG_NOT_FOUND;
    } else {
        rc = fail_db(cat, "cannot read a need");
    }
    sqlite3_finalize(st);
    return rc;
}

int catalog_need_get(struct catalog *cat, const char *code, struct need *out)
{
    memset(out, 0, sizeof *out);
    int rc = read_begin(cat);
    if (rc != CATALOG_OK)
        return rc;
    rc = read_end(cat, need_read(cat, code, out));
    if (rc != CATALOG_OK)
        catalog_need_free(out);
    return rc;
}

/* ---- services ----------------------------------------------------------- */

static const struct {
    const char *code;
    unsigned bit;
} facets[] = {
    {"free", FACET_FREE},
    {"walk-in", FACET_WALK_IN},
    {"no-referral", FACET_NO_REFERRAL},
    {"no-id", FACET_NO_ID},
    {"anonymous", FACET_ANONYMOUS},
    {"interpreter", FACET_INTERPRETER},
    {"accessible", FACET_ACCESSIBLE},
    {"crisis-line", FACET_CRISIS_LINE},
};

unsigned catalog_facet_bit(const char *code)
{
    if (!code)
        return 0;
    for (size_t i = 0; i < ARRAY_LEN(facets); i++) {
        if (strcmp(facets[i].code, code) == 0)
            return facets[i].bit;
    }
    return 0;
}

const char *catalog_facet_code(int i)
{
    return i >= 0 && (size_t)i < ARRAY_LEN(facets) ? facets[i].code : NULL;
}

static const char *facet_code(unsigned bit)
{
    for (size_t i = 0; i < ARRAY_LEN(facets); i++) {
        if (facets[i].bit == bit)
            return facets[i].code;
    }
    return NULL;
}

/* The fixed code lists the importer checks a bundle against and the queries
 * read back: one table each, indexed by the enum of catalog.h. */
static const char *const audiences[N_AUDIENCES] = {
    [AUDIENCE_ANY] = NULL,
    [AUDIENCE_AFFECTED] = "affected",
    [AUDIENCE_CLOSE_ONES] = "close-ones",
    [AUDIENCE_USES_VIOLENCE] = "uses-violence",
};
static const char *const worried_who[N_WORRIED_WHO] = {
    [WORRIED_YOUNG] = "young",
    [WORRIED_PARTNER] = "partner",
    [WORRIED_FAMILY_FRIEND] = "family-friend",
    [WORRIED_SOMEONE_ELSE] = "someone-else",
};
static const char *const worried_what[N_WORRIED_WHAT] = {
    [WORRIED_SELF_HARM] = "self-harm",     [WORRIED_AFRAID] = "afraid",
    [WORRIED_VIOLENCE] = "violence",       [WORRIED_SUBSTANCES] = "substances",
    [WORRIED_HOME_SAFETY] = "home-safety", [WORRIED_OTHER] = "other",
};

/* The index of `code` in a table of n codes (NULL entries never match), or
 * -1. */
static int code_index(const char *const *table, int n, const char *code)
{
    for (int i = 0; code && i < n; i++) {
        if (table[i] && strcmp(table[i], code) == 0)
            return i;
    }
    return -1;
}

const char *catalog_audience_code(int audience)
{
    return audience >= 0 && audience < N_AUDIENCES ? audiences[audience] : NULL;
}

int catalog_audience(const char *code)
{
    return code_index(audiences, N_AUDIENCES, code);
}

const char *catalog_worried_who_code(int i)
{
    return i >= 0 && i < N_WORRIED_WHO ? worried_who[i] : NULL;
}

const char *catalog_worried_what_code(int i)
{
    return i >= 0 && i < N_WORRIED_WHAT ? worried_what[i] : NULL;
}

int catalog_worried_who(const char *code)
{
    return code_index(worried_who, N_WORRIED_WHO, code);
}

int catalog_worried_what(const char *code)
{
    return code_index(worried_what, N_WORRIED_WHAT, code);
}

int catalog_worried_who_mask(const char *value, unsigned *mask, char *bad, size_t size)
{
    *mask = 0;
    if (!value || !*value) {
        *mask = (1u << N_WORRIED_WHO) - 1;
        return 0;
    }
    for (const char *p = value;;) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, ",");
        size_t end = len;
        while (end > 0 && p[end - 1] == ' ')
            end--;
        char code[64];
        int who = -1;
        if (end < sizeof code) {
            memcpy(code, p, end);
            code[end] = '\0';
            who = catalog_worried_who(code);
        }
        if (who < 0) {
            if (bad && size)
                xsnprintf(bad, size, "%.*s", (int)end, p);
            *mask = 0;
            return -1;
        }
        *mask |= 1u << who;
        if (p[len] != ',')
            return 0;
        p += len + 1;
    }
}

static const struct {
    const char *code;
    int when_required; /* "when-required" is an answer to this question */
} trust_facts[N_TRUST_FACTS] = {
    [TRUST_POLICE] = {"police", 1},
    [TRUST_IMMIGRATION] = {"immigration", 1},
    [TRUST_CHILD_PROTECTION] = {"child-protection", 1},
    [TRUST_RESIDENCE_STATUS] = {"residence-status", 0},
    [TRUST_ANONYMOUS] = {"anonymous", 0},
    [TRUST_ON_BEHALF] = {"on-behalf", 0},
    [TRUST_INTERPRETER] = {"interpreter", 0},
};

const char *catalog_trust_code(enum trust_fact fact)
{
    return (unsigned)fact < N_TRUST_FACTS ? trust_facts[fact].code : NULL;
}

int catalog_trust_fact(const char *code)
{
    for (int i = 0; code && i < N_TRUST_FACTS; i++) {
        if (strcmp(trust_facts[i].code, code) == 0)
            return i;
    }
    return -1;
}

enum trust_value catalog_trust_value(enum trust_fact fact, const char *name)
{
    if ((unsigned)fact >= N_TRUST_FACTS || !name)
        return TRUST_UNKNOWN;
    if (strcmp(name, "no") == 0)
        return TRUST_NO;
    if (strcmp(name, "yes") == 0)
        return TRUST_YES;
    if (strcmp(name, "when-required") == 0 && trust_facts[fact].when_required)
        return TRUST_WHEN_REQUIRED;
    return TRUST_UNKNOWN;
}

/* HSDS byday codes in ISO weekday order: index + 1 is the weekday. */
static const char weekdays[7][3] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

static int by_weekday(const void *a, const void *b)
{
    const struct opening *x = a, *y = b;
    if (x->weekday != y->weekday)
        return x->weekday - y->weekday;
    return strcmp(x->opens_at, y->opens_at);
}

static void openings_add(struct service_summary *s, size_t *cap, const char *byday,
                         sqlite3_stmt *st)
{
    /* byday is "MO,TU,..." as validated by the importer; anything else in it
     * is skipped rather than trusted. */
    for (const char *p = byday; p[0] && p[1]; p += 3) {
        for (int d = 0; d < 7; d++) {
            if (p[0] != weekdays[d][0] || p[1] != weekdays[d][1])
                continue;
            s->openings = grow(s->openings, cap, s->n_openings, sizeof *s->openings);
            struct opening *o = &s->openings[s->n_openings++];
            o->weekday = d + 1;
            copy_column(o->opens_at, sizeof o->opens_at, st, 1);
            copy_column(o->closes_at, sizeof o->closes_at, st, 2);
        }
        if (p[2] != ',')
            break;
    }
}

static int openings_load(struct catalog *cat, sqlite3_stmt *st, struct service_summary *s)
{
    sqlite3_bind_int64(st, 1, s->id);
    size_t cap = 0;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st))
        openings_add(s, &cap, (const char *)sqlite3_column_text(st, 0), st);
    sqlite3_reset(st);
    if (step != SQLITE_DONE)
        return fail_db(cat, "cannot read a service's opening hours");
    if (s->n_openings > 1)
        qsort(s->openings, s->n_openings, sizeof *s->openings, by_weekday);
    return CATALOG_OK;
}

/* The statements a service summary needs, prepared once per call that loads
 * one or many summaries. */
struct summary_stmts {
    sqlite3_stmt *service;
    sqlite3_stmt *facets;
    sqlite3_stmt *languages;
    sqlite3_stmt *openings;
};

static void summary_stmts_finalize(struct summary_stmts *ss)
{
    sqlite3_finalize(ss->service);
    sqlite3_finalize(ss->facets);
    sqlite3_finalize(ss->languages);
    sqlite3_finalize(ss->openings);
}

static int summary_stmts_prepare(struct catalog *cat, struct summary_stmts *ss)
{
    memset(ss, 0, sizeof *ss);
    int rc = prepare(cat, "SELECT hsds_id, status, organization_id FROM service WHERE id = ?1",
                     &ss->service);
    if (rc == CATALOG_OK)
        rc = prepare(cat,
                     "SELECT t.taxonomy, t.code FROM attribute a"
                     " JOIN taxonomy_term t ON t.id = a.taxonomy_term_id"
                     " WHERE a.service_id = ?1"
                     " AND t.taxonomy IN ('frontdoor-facet', 'frontdoor-audience')",
                     &ss->facets);
    if (rc == CATALOG_OK)
        rc = prepare(cat, "SELECT code FROM language WHERE service_id = ?1 ORDER BY id",
                     &ss->languages);
    if (rc == CATALOG_OK)
        rc = prepare(cat,
                     "SELECT byday, opens_at, closes_at FROM schedule"
                     " WHERE service_id = ?1 AND byday IS NOT NULL ORDER BY id",
                     &ss->openings);
    if (rc != CATALOG_OK)
        summary_stmts_finalize(ss);
    return rc;
}

static void summary_free(struct service_summary *s)
{
    fd_text_free(&s->name);
    fd_text_free(&s->organization);
    fd_text_free(&s->description);
    fd_text_free(&s->note);
    free(s->openings);
    s->openings = NULL;
    s->n_openings = 0;
}

/* Appends `code` to the comma-joined list in buf, or leaves buf as it is
 * when the code would not fit whole. */
static void join_code(char *buf, size_t size, const char *code)
{
    size_t len = strlen(buf);
    size_t need = strlen(code) + (len ? 1 : 0);
    if (len + need >= size)
        return;
    xsnprintf(buf + len, size - len, "%s%s", len ? "," : "", code);
}

static int summary_load(struct catalog *cat, struct summary_stmts *ss, int64_t id,
                        struct service_summary *out)
{
    memset(out, 0, sizeof *out);
    out->id = id;
    sqlite3_stmt *st = ss->service;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        sqlite3_reset(st);
        if (step == SQLITE_DONE) {
            catalog_set_error(cat, "%s: no service %lld", cat->path, (long long)id);
            return CATALOG_NOT_FOUND;
        }
        return fail_db(cat, "cannot read a service");
    }
    copy_column(out->hsds_id, sizeof out->hsds_id, st, 0);
    copy_column(out->status, sizeof out->status, st, 1);
    int64_t org = sqlite3_column_int64(st, 2);
    sqlite3_reset(st);

    int rc = text_get(cat, "service", id, "name", &out->name);
    if (rc == CATALOG_OK)
        rc = text_get(cat, "service", id, "description", &out->description);
    if (rc == CATALOG_OK)
        rc = text_get(cat, "organization", org, "name", &out->organization);
    if (rc != CATALOG_OK)
        goto free_summary;

    sqlite3_bind_int64(ss->facets, 1, id);
    for (step = sqlite3_step(ss->facets); step == SQLITE_ROW; step = sqlite3_step(ss->facets)) {
        const char *taxonomy = (const char *)sqlite3_column_text(ss->facets, 0);
        const char *code = (const char *)sqlite3_column_text(ss->facets, 1);
        /* A code from a newer Frontdoor adds nothing. */
        int audience = catalog_audience(code);
        if (strcmp(taxonomy, "frontdoor-facet") == 0)
            out->facets |= catalog_facet_bit(code);
        else if (audience > 0)
            out->audience = audience;
    }
    sqlite3_reset(ss->facets);
    if (step != SQLITE_DONE) {
        rc = fail_db(cat, "cannot read a service's facets");
        goto free_summary;
    }

    sqlite3_bind_int64(ss->languages, 1, id);
    for (step = sqlite3_step(ss->languages); step == SQLITE_ROW; step = sqlite3_step(ss->languages))
        join_code(out->languages, sizeof out->languages,
                  (const char *)sqlite3_column_text(ss->languages, 0));
    sqlite3_reset(ss->languages);
    if (step != SQLITE_DONE) {
        rc = fail_db(cat, "cannot read a service's languages");
        goto free_summary;
    }
    rc = openings_load(cat, ss->openings, out);
    if (rc != CATALOG_OK)
        goto free_summary;
    return CATALOG_OK;

free_summary:
    summary_free(out);
    return rc;
}

void catalog_service_list_free(struct service_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        summary_free(&list->items[i]);
    free(list->items);
    list->items = NULL;
    list->n = 0;
}

/* The group of a need's list a service falls in, first to last (see
 * catalog_services_for_need in catalog.h). */
static int need_group(const struct service_summary *s)
{
    if (s->audience == AUDIENCE_USES_VIOLENCE)
        return 3;
    if (s->facets & FACET_CRISIS_LINE)
        return 0;
    if (s->audience == AUDIENCE_CLOSE_ONES)
        return 2;
    return 1;
}

/* By group, then by name: byte order of UTF-8 is code point order, good
 * enough to find a name in a short list, and the same on every kiosk
 * whatever its locale. */
static int by_group_then_name(const void *a, const void *b)
{
    const struct service_summary *x = a, *y = b;
    int c = need_group(x) - need_group(y);
    if (c)
        return c;
    c = strcmp(x->name.text ? x->name.text : "", y->name.text ? y->name.text : "");
    if (c)
        return c;
    return (x->id > y->id) - (x->id < y->id);
}

/* Moves the crisis lines to the front, keeping the order within each part. */
static void crisis_lines_first(struct service_list *list)
{
    if (list->n < 2)
        return;
    struct service_summary *sorted = xmalloc(list->n * sizeof *sorted);
    size_t k = 0;
    for (int crisis = 1; crisis >= 0; crisis--) {
        for (size_t i = 0; i < list->n; i++) {
            if (((list->items[i].facets & FACET_CRISIS_LINE) != 0) == crisis)
                sorted[k++] = list->items[i];
        }
    }
    memcpy(list->items, sorted, list->n * sizeof *sorted);
    free(sorted);
}

/* Says whether a row of a list query names a service to list. */
typedef int row_filter(sqlite3_stmt *st, const void *arg);

/* Column 1 of the rows is an attribute whose label becomes the item's note. */
enum { LIST_NOTE = 1 };

/* Runs the prepared and bound `st`, whose rows name a service in column 0,
 * and appends the summary of each row that `keep` (when not NULL) accepts.
 * Finalizes `st`; on failure frees what it appended. */
static int list_read(struct catalog *cat, sqlite3_stmt *st, int flags, row_filter *keep,
                     const void *arg, struct service_list *out)
{
    struct summary_stmts ss;
    int rc = summary_stmts_prepare(cat, &ss);
    if (rc != CATALOG_OK)
        goto finalize;
    size_t cap = 0;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        if (keep && !keep(st, arg))
            continue;
        out->items = grow(out->items, &cap, out->n, sizeof *out->items);
        struct service_summary *s = &out->items[out->n];
        rc = summary_load(cat, &ss, sqlite3_column_int64(st, 0), s);
        if (rc != CATALOG_OK)
            goto free_list;
        out->n++;
        if (flags & LIST_NOTE) {
            rc = text_get(cat, "attribute", sqlite3_column_int64(st, 1), "label", &s->note);
            if (rc != CATALOG_OK)
                goto free_list;
        }
    }
    if (step != SQLITE_DONE) {
        rc = fail_db(cat, "cannot list services");
        goto free_list;
    }
    summary_stmts_finalize(&ss);
    sqlite3_finalize(st);
    return CATALOG_OK;

free_list:
    catalog_service_list_free(out);
    summary_stmts_finalize(&ss);
finalize:
    sqlite3_finalize(st);
    return rc;
}

/* Starts a list query: an empty list, then the read of read_begin(). */
static int list_begin(struct catalog *cat, struct service_list *out)
{
    out->items = NULL;
    out->n = 0;
    return read_begin(cat);
}

/* Ends it: the list is freed when anything failed. */
static int list_end(struct catalog *cat, struct service_list *out, int rc)
{
    rc = read_end(cat, rc);
    if (rc != CATALOG_OK)
        catalog_service_list_free(out);
    return rc;
}

/* Listed services: the kiosk shows temporarily closed ones, not the rest. */
#define LISTED "s.status NOT IN ('inactive', 'defunct')"

static int services_read(struct catalog *cat, const char *code, struct service_list *out)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(cat,
                     "SELECT s.id FROM taxonomy_term t"
                     " JOIN attribute a ON a.taxonomy_term_id = t.id"
                     " JOIN service s ON s.id = a.service_id"
                     " WHERE t.taxonomy = 'frontdoor-need' AND t.code = ?1 AND " LISTED,
                     &st);
    if (rc != CATALOG_OK)
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    rc = list_read(cat, st, 0, NULL, NULL, out);
    if (rc == CATALOG_OK && out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, by_group_then_name);
    return rc;
}

int catalog_services_for_need(struct catalog *cat, const char *code, struct service_list *out)
{
    int rc = list_begin(cat, out);
    if (rc != CATALOG_OK)
        return rc;
    return list_end(cat, out, services_read(cat, code, out));
}

static int crisis_lines_read(struct catalog *cat, struct service_list *out)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(cat,
                     "SELECT s.id FROM taxonomy_term t"
                     " JOIN attribute a ON a.taxonomy_term_id = t.id"
                     " JOIN service s ON s.id = a.service_id"
                     " WHERE t.taxonomy = 'frontdoor-facet' AND t.code = ?1 AND " LISTED
                     " ORDER BY s.id",
                     &st);
    if (rc != CATALOG_OK)
        return rc;
    sqlite3_bind_text(st, 1, facet_code(FACET_CRISIS_LINE), -1, SQLITE_STATIC);
    return list_read(cat, st, 0, NULL, NULL, out);
}

int catalog_crisis_lines(struct catalog *cat, struct service_list *out)
{
    int rc = list_begin(cat, out);
    if (rc != CATALOG_OK)
        return rc;
    return list_end(cat, out, crisis_lines_read(cat, out));
}

/* The links to a worried-path answer: service, attribute, who-codes. The
 * importer writes services in bundle order and each service's attributes in
 * order, so attribute ids follow the bundle. */
#define WORRIED_LINKS                                                                              \
    " FROM taxonomy_term t JOIN attribute a ON a.taxonomy_term_id = t.id"                          \
    " JOIN service s ON s.id = a.service_id"                                                       \
    " WHERE t.taxonomy = 'frontdoor-worried' AND " LISTED

/* Keeps a link whose who-codes (column 2) include the who-bit in *arg. A
 * value this build cannot read links nobody. */
static int link_applies(sqlite3_stmt *st, const void *arg)
{
    unsigned mask;
    const char *value = (const char *)sqlite3_column_text(st, 2);
    return catalog_worried_who_mask(value, &mask, NULL, 0) == 0 &&
           (mask & *(const unsigned *)arg) != 0;
}

static int no_answer(struct catalog *cat, const char *question, int i)
{
    catalog_set_error(cat, "%s: no worried-path %s-answer %d", cat->path, question, i);
    return CATALOG_ERROR;
}

static int worried_read(struct catalog *cat, int who, int what, struct service_list *out)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(
        cat, "SELECT s.id, a.id, a.value" WORRIED_LINKS " AND t.code = ?1 ORDER BY a.id", &st);
    if (rc != CATALOG_OK)
        return rc;
    sqlite3_bind_text(st, 1, catalog_worried_what_code(what), -1, SQLITE_STATIC);
    unsigned who_bit = 1u << who;
    rc = list_read(cat, st, LIST_NOTE, link_applies, &who_bit, out);
    if (rc == CATALOG_OK)
        crisis_lines_first(out);
    return rc;
}

int catalog_worried_services(struct catalog *cat, int who, int what, struct service_list *out)
{
    out->items = NULL;
    out->n = 0;
    if (!catalog_worried_who_code(who))
        return no_answer(cat, "who", who);
    if (!catalog_worried_what_code(what))
        return no_answer(cat, "what", what);
    int rc = list_begin(cat, out);
    if (rc != CATALOG_OK)
        return rc;
    return list_end(cat, out, worried_read(cat, who, what, out));
}

static int answers_read(struct catalog *cat, int who, unsigned *what_mask)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(cat, "SELECT s.id, a.id, a.value, t.code" WORRIED_LINKS, &st);
    if (rc != CATALOG_OK)
        return rc;
    unsigned who_bit = 1u << who;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        int what = catalog_worried_what((const char *)sqlite3_column_text(st, 3));
        if (what >= 0 && link_applies(st, &who_bit))
            *what_mask |= 1u << what;
    }
    if (step != SQLITE_DONE)
        rc = fail_db(cat, "cannot read the worried-path answers");
    sqlite3_finalize(st);
    return rc;
}

int catalog_worried_answers(struct catalog *cat, int who, unsigned *what_mask)
{
    *what_mask = 0;
    if (!catalog_worried_who_code(who))
        return no_answer(cat, "who", who);
    int rc = read_begin(cat);
    if (rc != CATALOG_OK)
        return rc;
    rc = read_end(cat, answers_read(cat, who, what_mask));
    if (rc != CATALOG_OK)
        *what_mask = 0;
    return rc;
}

/* ---- one service in detail ---------------------------------------------- */

/* "Street 1, Stair B, 00100 City": the street lines, then the postal code
 * and the city separated by a space, as addresses are written in the Nordic
 * countries. NULL when every part is empty. */
static char *address_line(const char *parts[4])
{
    size_t size = 1;
    for (int i = 0; i < 4; i++)
        size += (parts[i] ? strlen(parts[i]) : 0) + 2;
    char *out = xmalloc(size);
    size_t len = 0;
    int last = -1;
    for (int i = 0; i < 4; i++) {
        if (!parts[i] || !*parts[i])
            continue;
        const char *sep = last < 0 ? "" : (i == 3 && last == 2) ? " " : ", ";
        len += (size_t)xsnprintf(out + len, size - len, "%s%s", sep, parts[i]);
        last = i;
    }
    if (last < 0) {
        free(out);
        return NULL;
    }
    return out;
}

static void locations_free(struct service_detail *s)
{
    for (size_t i = 0; i < s->n_locations; i++) {
        fd_text_free(&s->locations[i].name);
        fd_text_free(&s->locations[i].transportation);
        free(s->locations[i].address);
    }
    free(s->locations);
    s->locations = NULL;
    s->n_locations = 0;
}

static int address_load(struct catalog *cat, sqlite3_stmt *st, int64_t location, char **out)
{
    *out = NULL;
    sqlite3_bind_int64(st, 1, location);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        const char *parts[4];
        for (int i = 0; i < 4; i++)
            parts[i] = (const char *)sqlite3_column_text(st, i);
        *out = address_line(parts);
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return fail_db(cat, "cannot read an address");
    return CATALOG_OK;
}

static int locations_load(struct catalog *cat, struct service_detail *s)
{
    sqlite3_stmt *st = NULL, *addr = NULL;
    int rc = prepare(cat,
                     "SELECT l.id, l.confidential FROM service_at_location sal"
                     " JOIN location l ON l.id = sal.location_id"
                     " WHERE sal.service_id = ?1 ORDER BY sal.id",
                     &st);
    if (rc != CATALOG_OK)
        return rc;
    /* Postal and virtual addresses are not where a resident goes. */
    rc = prepare(cat,
                 "SELECT address_1, address_2, postal_code, city FROM address"
                 " WHERE location_id = ?1 AND (address_type IS NULL OR address_type = 'physical')"
                 " ORDER BY id LIMIT 1",
                 &addr);
    if (rc != CATALOG_OK)
        goto finalize;
    sqlite3_bind_int64(st, 1, s->summary.id);
    size_t cap = 0;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        s->locations = grow(s->locations, &cap, s->n_locations, sizeof *s->locations);
        struct service_location *loc = &s->locations[s->n_locations++];
        int64_t id = sqlite3_column_int64(st, 0);
        loc->confidential = sqlite3_column_int(st, 1) != 0;
        rc = text_get(cat, "location", id, "name", &loc->name);
        if (rc == CATALOG_OK)
            rc = text_get(cat, "location", id, "transportation", &loc->transportation);
        /* The schema already refuses a refuge's address; not even asking
         * keeps it so if a future writer slips. */
        if (rc == CATALOG_OK && !loc->confidential)
            rc = address_load(cat, addr, id, &loc->address);
        if (rc != CATALOG_OK)
            goto finalize;
    }
    if (step != SQLITE_DONE)
        rc = fail_db(cat, "cannot read a service's locations");
finalize:
    sqlite3_finalize(addr);
    sqlite3_finalize(st);
    return rc;
}

static int phones_load(struct catalog *cat, struct service_detail *s)
{
    sqlite3_stmt *st = NULL;
    /* The service's own numbers first, then those of its locations. */
    int rc = prepare(cat,
                     "SELECT id, number, 0, id FROM phone WHERE service_id = ?1"
                     " UNION ALL"
                     " SELECT p.id, p.number, 1, sal.id FROM service_at_location sal"
                     " JOIN phone p ON p.location_id = sal.location_id"
                     " WHERE sal.service_id = ?1"
                     " ORDER BY 3, 4, 1",
                     &st);
    if (rc != CATALOG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, s->summary.id);
    size_t cap = 0;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        s->phones = grow(s->phones, &cap, s->n_phones, sizeof *s->phones);
        struct phone *p = &s->phones[s->n_phones++];
        copy_column(p->number, sizeof p->number, st, 1);
        rc = text_get(cat, "phone", sqlite3_column_int64(st, 0), "description", &p->description);
        if (rc != CATALOG_OK)
            goto finalize;
    }
    if (step != SQLITE_DONE)
        rc = fail_db(cat, "cannot read a service's phones");
finalize:
    sqlite3_finalize(st);
    return rc;
}

/* The first schedule description, preferring a note ("by appointment only")
 * over the description of a weekly rule. */
static int schedule_note_load(struct catalog *cat, struct service_detail *s)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(cat,
                     "SELECT id FROM schedule WHERE service_id = ?1"
                     " ORDER BY byday IS NOT NULL, id",
                     &st);
    if (rc != CATALOG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, s->summary.id);
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        rc = text_get(cat, "schedule", sqlite3_column_int64(st, 0), "description",
                      &s->schedule_note);
        if (rc != CATALOG_OK || s->schedule_note.text)
            goto finalize;
    }
    if (step != SQLITE_DONE)
        rc = fail_db(cat, "cannot read a service's schedules");
finalize:
    sqlite3_finalize(st);
    return rc;
}

static int languages_load(struct catalog *cat, sqlite3_stmt *st, struct service_detail *s)
{
    sqlite3_bind_int64(st, 1, s->summary.id);
    size_t cap = 0;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        s->languages = grow(s->languages, &cap, s->n_languages, sizeof *s->languages);
        copy_column(s->languages[s->n_languages], sizeof s->languages[0], st, 0);
        s->n_languages++;
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE)
        return fail_db(cat, "cannot read a service's languages");
    return CATALOG_OK;
}

static int documents_load(struct catalog *cat, struct service_detail *s)
{
    sqlite3_stmt *st = NULL;
    int rc =
        prepare(cat, "SELECT id FROM required_document WHERE service_id = ?1 ORDER BY id", &st);
    if (rc != CATALOG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, s->summary.id);
    size_t cap = 0;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        s->documents = grow(s->documents, &cap, s->n_documents, sizeof *s->documents);
        rc = text_get(cat, "required_document", sqlite3_column_int64(st, 0), "document",
                      &s->documents[s->n_documents]);
        if (rc != CATALOG_OK)
            goto finalize;
        s->n_documents++;
    }
    if (step != SQLITE_DONE)
        rc = fail_db(cat, "cannot read a service's documents");
finalize:
    sqlite3_finalize(st);
    return rc;
}

/* Ages, whether a linked need is sensitive, the web address and the trust
 * facts. */
static int trust_load(struct catalog *cat, struct service_detail *s)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(cat,
                     "SELECT coalesce(minimum_age, -1), coalesce(maximum_age, -1),"
                     " EXISTS (SELECT 1 FROM attribute a JOIN taxonomy_term t"
                     "         ON t.id = a.taxonomy_term_id WHERE a.service_id = ?1"
                     "         AND t.taxonomy = 'frontdoor-need' AND t.sensitive),"
                     " coalesce(url, (SELECT website FROM organization o"
                     "                WHERE o.id = service.organization_id))"
                     " FROM service WHERE id = ?1",
                     &st);
    if (rc != CATALOG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, s->summary.id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return fail_db(cat, "cannot read a service's ages");
    }
    s->minimum_age = sqlite3_column_int(st, 0);
    s->maximum_age = sqlite3_column_int(st, 1);
    s->sensitive = sqlite3_column_int(st, 2);
    s->url = xstrdup((const char *)sqlite3_column_text(st, 3));
    sqlite3_finalize(st);

    rc = prepare(cat,
                 "SELECT a.id, t.code, a.value FROM attribute a"
                 " JOIN taxonomy_term t ON t.id = a.taxonomy_term_id"
                 " WHERE a.service_id = ?1 AND t.taxonomy = 'frontdoor-trust'",
                 &st);
    if (rc != CATALOG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, s->summary.id);
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        int fact = catalog_trust_fact((const char *)sqlite3_column_text(st, 1));
        if (fact < 0)
            continue; /* a code from a newer Frontdoor: nothing to say about it */
        struct trust *t = &s->trust[fact];
        t->value = catalog_trust_value(fact, (const char *)sqlite3_column_text(st, 2));
        fd_text_free(&t->label);
        rc = text_get(cat, "attribute", sqlite3_column_int64(st, 0), "label", &t->label);
        if (rc != CATALOG_OK)
            goto finalize;
    }
    if (step != SQLITE_DONE)
        rc = fail_db(cat, "cannot read a service's trust facts");
    /* The facets that promise the same thing answer the question when the
     * trust fact itself is not given (the importer refuses a "no"). */
    if (s->trust[TRUST_ANONYMOUS].value == TRUST_UNKNOWN && (s->summary.facets & FACET_ANONYMOUS))
        s->trust[TRUST_ANONYMOUS].value = TRUST_YES;
    if (s->trust[TRUST_INTERPRETER].value == TRUST_UNKNOWN &&
        (s->summary.facets & FACET_INTERPRETER))
        s->trust[TRUST_INTERPRETER].value = TRUST_YES;
finalize:
    sqlite3_finalize(st);
    return rc;
}

void catalog_service_detail_free(struct service_detail *s)
{
    if (!s)
        return;
    summary_free(&s->summary);
    fd_text_free(&s->eligibility);
    fd_text_free(&s->fees);
    fd_text_free(&s->application_process);
    fd_text_free(&s->schedule_note);
    locations_free(s);
    for (size_t i = 0; i < s->n_phones; i++)
        fd_text_free(&s->phones[i].description);
    free(s->phones);
    free(s->languages);
    for (size_t i = 0; i < s->n_documents; i++)
        fd_text_free(&s->documents[i]);
    free(s->documents);
    for (int i = 0; i < N_TRUST_FACTS; i++)
        fd_text_free(&s->trust[i].label);
    free(s->url);
    memset(s, 0, sizeof *s);
}

static int service_read(struct catalog *cat, int64_t id, struct service_detail *out)
{
    struct summary_stmts ss;
    int rc = summary_stmts_prepare(cat, &ss);
    if (rc != CATALOG_OK)
        return rc;
    rc = summary_load(cat, &ss, id, &out->summary);
    if (rc != CATALOG_OK)
        goto finalize;
    rc = text_get(cat, "service", id, "eligibility_description", &out->eligibility);
    if (rc == CATALOG_OK)
        rc = text_get(cat, "service", id, "fees_description", &out->fees);
    if (rc == CATALOG_OK)
        rc = text_get(cat, "service", id, "application_process", &out->application_process);
    if (rc == CATALOG_OK)
        rc = locations_load(cat, out);
    if (rc == CATALOG_OK)
        rc = phones_load(cat, out);
    if (rc == CATALOG_OK)
        rc = schedule_note_load(cat, out);
    if (rc == CATALOG_OK)
        rc = languages_load(cat, ss.languages, out);
    if (rc == CATALOG_OK)
        rc = documents_load(cat, out);
    if (rc == CATALOG_OK)
        rc = trust_load(cat, out);
    if (rc != CATALOG_OK)
        catalog_service_detail_free(out);
finalize:
    summary_stmts_finalize(&ss);
    return rc;
}

int catalog_service_get(struct catalog *cat, int64_t id, struct service_detail *out)
{
    memset(out, 0, sizeof *out);
    int rc = read_begin(cat);
    if (rc != CATALOG_OK)
        return rc;
    rc = read_end(cat, service_read(cat, id, out));
    if (rc != CATALOG_OK)
        catalog_service_detail_free(out);
    return rc;
}
