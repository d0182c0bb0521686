/* catalog.c: the service catalogue store on SQLite.
 *
 * Opening checks the schema version before anything else touches the file, so
 * a database from a newer Frontdoor is refused without a byte written; only
 * then does it switch to WAL with synchronous=FULL (a committed import
 * survives a power cut) and run the migrations in schema.c.
 *
 * Every text a resident reads lives in the translation table, the bundle's
 * own language included, so one lookup serves every field: the text of
 * (entity, id, field) in the first language of the fallback chain that has
 * one (requested language, kiosk default, English, then any language in
 * code order, so the choice is repeatable). The lookup runs for every text
 * of every row returned, so its statements are prepared once per handle.
 *
 * A list of services is read a kind of row at a time for all its services,
 * not service by service: one query for the names, one for the opening
 * hours, and so on, each over the list's ids, whose rows are put back into
 * the summaries by id. A need's list of 800 services so costs about ten
 * queries, not 6,000 (the time goes into the seeks, which stay one or two
 * per service and kind of row). Lists are built as plain structs the caller owns,
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

#include "catalog_priv.h"
#include "frontdoor/clock.h"
#include "frontdoor/hours.h"
#include "frontdoor/mem.h"
#include "frontdoor/staff.h"
#include "schema.h"
#include "search_priv.h"

#include <limits.h>
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

/* The ids a query reads rows of go in as a JSON array bound to
 * json_each(?1) (Debian's SQLite has no carray), and each row names the id
 * it belongs to. `x IN (SELECT value FROM json_each(?1))` makes SQLite seek
 * the ids in ascending order, so rows come in index order and most ORDER
 * BYs cost no sort. Ids are never typed by a resident, and the connection
 * keeps its temporary b-trees in memory. */

/* The texts of (?2, id, ?3) in the language ?4, for the ids in ?1; and in
 * any language, the first by language code first. Each is a seek on the
 * primary key per text. */
#define TEXTS_OF                                                                                   \
    "SELECT entity_id, text, lang FROM translation WHERE entity = ?2"                              \
    " AND entity_id IN (SELECT value FROM json_each(?1)) AND field = ?3"
static const char *const texts_sql[] = {
    TEXTS_OF " AND lang = ?4",
    TEXTS_OF " ORDER BY entity_id, lang",
};

/* One text: the first of the text in ?4, in ?5, in English, in the first
 * language by code. Each step is one seek on the primary key, and the first
 * row found ends the query, so a text given in twelve languages costs one
 * row read, not twelve read and sorted. A lone text (a detail's) takes one
 * statement here where texts_load would take a step per language; the
 * unit tests hold the two to the same answers. */
#define TEXT_IN(lang)                                                                              \
    "SELECT text, lang FROM translation"                                                           \
    " WHERE entity = ?1 AND entity_id = ?2 AND field = ?3 AND lang = " lang
/* clang-format off */
static const char TEXT_SQL[] =
    TEXT_IN("?4") " UNION ALL " TEXT_IN("?5") " UNION ALL " TEXT_IN("'en'")
    " UNION ALL SELECT * FROM (SELECT text, lang FROM translation"
    " WHERE entity = ?1 AND entity_id = ?2 AND field = ?3 ORDER BY lang LIMIT 1)"
    " LIMIT 1";
/* clang-format on */

/* The statements the handle keeps, prepared on first use. */
enum {
    STMT_TEXT,     /* TEXT_SQL */
    STMT_TEXTS_IN, /* texts_sql[0] */
    STMT_TEXTS_ANY,
    STMT_CARDS, /* summaries_load */
    STMT_STAFF, /* staff_hours_load */
    N_STMTS
};

/* A closure or hours staff set (staff.h), as an opening rule to lay over
 * the service's own. */
struct staff_hours {
    char service[128]; /* HSDS id */
    struct opening rule;
};

struct catalog {
    sqlite3 *db;
    char *path;                   /* for messages */
    char lang[16];                /* first in the fallback chain */
    char kiosk_default[16];       /* second */
    sqlite3_stmt *stmts[N_STMTS]; /* STMT_*, each prepared on first use */
    int64_t data_version;         /* PRAGMA data_version at the last catalog_changed() */
    int data_version_known;       /* 0 until the first catalog_changed() */
    struct search_cache *search;  /* catalog_search's statements, made on first use */
    /* The staff's closures and hours, read with each query (read_begin). */
    struct staff_hours *staff;
    size_t n_staff, staff_cap;
    char errmsg[512];
};

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

/* The handle's statement `which` for `sql`, prepared on first use; the
 * caller resets it and clears its bindings when done. */
static int prepare_kept(struct catalog *cat, int which, const char *sql, sqlite3_stmt **st)
{
    if (!cat->stmts[which] && sqlite3_prepare_v3(cat->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                                 &cat->stmts[which], NULL) != SQLITE_OK)
        return fail_db(cat, "cannot prepare a catalogue query");
    *st = cat->stmts[which];
    return CATALOG_OK;
}

/* Ends a run of a kept statement whose rows ended with `step`: reset, with
 * its bindings (which may point at the caller's memory) cleared.
 * CATALOG_ERROR, with `what` failed as the reason, unless the rows all came.
 * Resetting at once matters: a statement left mid-step keeps a read
 * transaction open, which would pin the WAL and hold old snapshots. */
static int kept_end(struct catalog *cat, sqlite3_stmt *st, int step, const char *what)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return step == SQLITE_DONE ? CATALOG_OK : fail_db(cat, what);
}

/* Finalizes a statement whose rows ended with `step`: CATALOG_ERROR, with
 * `what` failed as the reason, unless they all came. */
static int rows_end(struct catalog *cat, sqlite3_stmt *st, int step, const char *what)
{
    int rc = step == SQLITE_DONE ? CATALOG_OK : fail_db(cat, what);
    sqlite3_finalize(st);
    return rc;
}

/* Copies column `col` into dst, cut to `size` bytes with the NUL. Lists
 * copy many short columns: no printf here. */
/* Copies s (NULL: "") into dst, cut to its size. */
static void copy_cut(char *dst, size_t size, const char *s)
{
    size_t len = s ? strnlen(s, size - 1) : 0;
    if (len)
        memcpy(dst, s, len);
    dst[len] = '\0';
}

static void copy_column(char *dst, size_t size, sqlite3_stmt *st, int col)
{
    copy_cut(dst, size, (const char *)sqlite3_column_text(st, col));
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

    /* Sorting and temporary tables stay in memory: a search's words never
     * reach the disk. Pages are read through a map of the file, not copied
     * into the connection's cache: a list of a thousand services reads
     * pages all over the cards. */
    if (sqlite3_exec(cat->db,
                     "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
                     " PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 268435456",
                     NULL, NULL, NULL) != SQLITE_OK)
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
    if (rc == CATALOG_OK)
        rc = search_index_refresh(cat->db, err, sizeof err);
    if (rc != CATALOG_OK)
        catalog_set_error(cat, "%s: %s", path, err);
    return rc;
}

void catalog_close(struct catalog *cat)
{
    if (!cat)
        return;
    for (int i = 0; i < N_STMTS; i++)
        sqlite3_finalize(cat->stmts[i]);
    search_cache_free(cat->search);
    free(cat->staff);
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

/* The items of an array by the id each one names (a service, its
 * organization, ...), for queries whose rows name ids: the pairs sorted by
 * id, so that items sharing an id sit together, and those ids, each once,
 * as a JSON array for json_each. */
struct id_item {
    int64_t id;
    size_t item;
};
struct id_items {
    struct id_item *pairs;
    size_t n;
    char *json;
};

static int by_id_then_item(const void *a, const void *b)
{
    const struct id_item *x = a, *y = b;
    if (x->id != y->id)
        return (x->id > y->id) - (x->id < y->id);
    return (x->item > y->item) - (x->item < y->item);
}

/* The ids of the pairs that `want` accepts, each id once, as a JSON array
 * for json_each; NULL when it accepts none. The caller frees it. */
static char *ids_json(const struct id_item *pairs, size_t n,
                      int (*want)(const struct id_item *p, const void *arg), const void *arg)
{
    size_t size = n * 21 + 3, len = 0; /* an int64 takes at most 20 characters, and a comma */
    char *json = xmalloc(size);
    xappend(json, size, &len, "[");
    for (size_t i = 0; i < n; i++) {
        if ((i == 0 || pairs[i].id != pairs[i - 1].id) && (!want || want(&pairs[i], arg)))
            xappend(json, size, &len, "%s%lld", len > 1 ? "," : "", (long long)pairs[i].id);
    }
    if (len == 1) {
        free(json);
        return NULL;
    }
    xappend(json, size, &len, "]");
    return json;
}

/* Indexes items 0..n-1 (n > 0), item i naming ids[i]. */
static void id_items_make(struct id_items *ix, const int64_t *ids, size_t n)
{
    ix->pairs = xmalloc(n * sizeof *ix->pairs);
    ix->n = n;
    for (size_t i = 0; i < n; i++)
        ix->pairs[i] = (struct id_item){ids[i], i};
    qsort(ix->pairs, n, sizeof *ix->pairs, by_id_then_item);
    ix->json = ids_json(ix->pairs, n, NULL, NULL);
}

static void id_items_free(struct id_items *ix)
{
    free(ix->pairs);
    free(ix->json);
}

/* The pairs of `id`: sets *first to the first, returns how many (0 when
 * none). */
static size_t id_items_find(const struct id_items *ix, int64_t id, size_t *first)
{
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->pairs[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = lo;
    size_t end = lo;
    while (end < ix->n && ix->pairs[end].id == id)
        end++;
    return end - lo;
}

/* Where a text lookup puts its texts: the struct fd_text of item 0, the
 * items `stride` bytes apart. */
struct text_slots {
    struct fd_text *first;
    size_t stride;
};

static struct fd_text *text_slot(const struct text_slots *ts, size_t item)
{
    return (struct fd_text *)((char *)ts->first + item * ts->stride);
}

/* One step of the fallback chain: gives each item whose text is still
 * missing its text of `field` in `lang` (NULL: in any language, the first
 * by code), for the ids in `json`. */
static int texts_step(struct catalog *cat, const char *entity, const char *field, const char *lang,
                      const char *json, const struct id_items *ix, const struct text_slots *ts)
{
    sqlite3_stmt *st;
    int which = lang ? STMT_TEXTS_IN : STMT_TEXTS_ANY;
    int rc = prepare_kept(cat, which, texts_sql[which - STMT_TEXTS_IN], &st);
    if (rc != CATALOG_OK)
        return rc;
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, entity, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, field, -1, SQLITE_STATIC);
    if (lang)
        sqlite3_bind_text(st, 4, lang, -1, SQLITE_STATIC);
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        size_t k, n = id_items_find(ix, sqlite3_column_int64(st, 0), &k);
        for (size_t end = k + n; k < end; k++) {
            struct fd_text *t = text_slot(ts, ix->pairs[k].item);
            if (t->text)
                continue; /* a language earlier in the chain, or by code */
            t->text = xstrdup((const char *)sqlite3_column_text(st, 1));
            copy_column(t->lang, sizeof t->lang, st, 2);
        }
    }
    return kept_end(cat, st, step, "cannot read a text");
}

/* Accepts a pair whose item misses its text; the items of one id are
 * filled together, so the first tells for all. */
static int text_missing(const struct id_item *p, const void *arg)
{
    return !text_slot(arg, p->item)->text;
}

/* Gives each item of `ix`, whose texts are zeroed, the first text of
 * (entity, its id, field) along the fallback chain: the requested
 * language, the kiosk default, English, then any language, the first by
 * code; `first` is item 0's, the items are `stride` bytes apart. A step
 * asks only for the ids with texts still missing, so a list whose texts are
 * all in the requested language costs one statement. A text no language
 * has is left NULL. */
static int texts_load(struct catalog *cat, const char *entity, const char *field,
                      struct fd_text *first, const struct id_items *ix, size_t stride)
{
    const char *chain[] = {cat->lang, cat->kiosk_default, "en", NULL};
    struct text_slots ts = {first, stride};
    int asked = 0, rc = CATALOG_OK;
    for (size_t i = 0; rc == CATALOG_OK && i < ARRAY_LEN(chain); i++) {
        /* A language the chain named already, or none, adds nothing. */
        int again = chain[i] && !chain[i][0];
        for (size_t j = 0; chain[i] && j < i; j++)
            again |= strcmp(chain[i], chain[j]) == 0;
        if (again)
            continue;
        /* After the first step, only the ids whose texts are missing. */
        char *missing = asked ? ids_json(ix->pairs, ix->n, text_missing, &ts) : NULL;
        if (asked && !missing)
            break;
        rc = texts_step(cat, entity, field, chain[i], asked ? missing : ix->json, ix, &ts);
        free(missing);
        asked = 1;
    }
    return rc;
}

/* Fills *out with the first text of (entity, id, field) along the fallback
 * chain; text NULL and lang "" when no language has one. */
static int text_get(struct catalog *cat, const char *entity, int64_t id, const char *field,
                    struct fd_text *out)
{
    out->text = NULL;
    out->lang[0] = '\0';
    sqlite3_stmt *st;
    int rc = prepare_kept(cat, STMT_TEXT, TEXT_SQL, &st);
    if (rc != CATALOG_OK)
        return rc;
    sqlite3_bind_text(st, 1, entity, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_text(st, 3, field, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, cat->lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, cat->kiosk_default, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        out->text = xstrdup((const char *)sqlite3_column_text(st, 0));
        copy_column(out->lang, sizeof out->lang, st, 1);
        step = SQLITE_DONE;
    }
    return kept_end(cat, st, step, "cannot read a text");
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

/* Listed services (c a service_card): the kiosk shows temporarily closed
 * ones, not the rest. */
#define LISTED "c.status NOT IN ('inactive', 'defunct')"

/* Counts the same services catalog_services_for_need lists. */
#define NEEDS_SELECT                                                                               \
    "SELECT t.id, t.code,"                                                                         \
    " (SELECT count(*) FROM attribute a JOIN service_card c ON c.service_id = a.service_id"        \
    "  WHERE a.taxonomy_term_id = t.id AND " LISTED "),"                                           \
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

/* Copies the part of *p before `sep` (or before the end) into buf, cut to
 * size, and moves *p past it and its separator. 0 when *p was at its end. */
static int next_part(const char **p, char sep, char *buf, size_t size)
{
    if (!**p)
        return 0;
    const char *end = strchr(*p, sep);
    size_t len = end ? (size_t)(end - *p) : strlen(*p);
    size_t n = len < size ? len : size - 1;
    memcpy(buf, *p, n);
    buf[n] = '\0';
    *p += len + (end != NULL);
    return 1;
}

/* A schedule of a card: "BYDAY OPENS CLOSES FROM TO APPOINTMENT", '-' for
 * a value it has not (see schema.c). */
enum { SCHED_BYDAY, SCHED_OPENS, SCHED_CLOSES, SCHED_FROM, SCHED_TO, SCHED_APPOINTMENT, N_SCHED };

static void opening_copy(struct opening *o, int weekday, char f[N_SCHED][32])
{
    o->weekday = weekday;
    copy_cut(o->opens_at, sizeof o->opens_at, f[SCHED_OPENS]);
    copy_cut(o->closes_at, sizeof o->closes_at, f[SCHED_CLOSES]);
    copy_cut(o->valid_from, sizeof o->valid_from, f[SCHED_FROM]);
    copy_cut(o->valid_to, sizeof o->valid_to, f[SCHED_TO]);
}

static void openings_add(struct service_summary *s, size_t *cap, const char *row)
{
    char f[N_SCHED][32];
    for (int i = 0; i < N_SCHED; i++) {
        if (!next_part(&row, ' ', f[i], sizeof f[i]))
            return; /* not a row this build wrote */
        if (strcmp(f[i], "-") == 0)
            f[i][0] = '\0';
    }
    s->by_appointment |= strcmp(f[SCHED_APPOINTMENT], "1") == 0;
    const char *byday = f[SCHED_BYDAY];
    if (!byday[0]) {
        /* Dates without a weekday are an exception; neither is a note. */
        if (!f[SCHED_FROM][0])
            return;
        s->openings = grow(s->openings, cap, s->n_openings, sizeof *s->openings);
        opening_copy(&s->openings[s->n_openings++], 0, f);
        return;
    }
    /* byday is "MO,TU,..." as validated by the importer; anything else in it
     * is skipped rather than trusted. */
    for (const char *p = byday; p[0] && p[1]; p += 3) {
        for (int d = 0; d < 7; d++) {
            if (p[0] != weekdays[d][0] || p[1] != weekdays[d][1])
                continue;
            s->openings = grow(s->openings, cap, s->n_openings, sizeof *s->openings);
            opening_copy(&s->openings[s->n_openings++], d + 1, f);
        }
        if (p[2] != ',')
            break;
    }
}

/* Reads the closures and hours staff set, in the order they were made, so
 * a later one is laid over an earlier; in the read that then reads cards
 * (card_put lays them over), so both come from one snapshot. Ended ones
 * are harmless (their dates are past) and few: staff_edit_add clears
 * them. */
static int staff_hours_load(struct catalog *cat)
{
    sqlite3_stmt *st;
    int rc = prepare_kept(cat, STMT_STAFF,
                          "SELECT service, kind = 'closed', starts, ends, ifnull(weekday, 0),"
                          " opens_at, closes_at FROM staff_edit"
                          " WHERE kind IN ('closed', 'hours') ORDER BY id",
                          &st);
    if (rc != CATALOG_OK)
        return rc;
    cat->n_staff = 0;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        cat->staff = grow(cat->staff, &cat->staff_cap, cat->n_staff, sizeof *cat->staff);
        struct staff_hours *h = &cat->staff[cat->n_staff++];
        copy_column(h->service, sizeof h->service, st, 0);
        h->rule.closure = sqlite3_column_int(st, 1);
        copy_column(h->rule.valid_from, sizeof h->rule.valid_from, st, 2);
        copy_column(h->rule.valid_to, sizeof h->rule.valid_to, st, 3);
        h->rule.weekday = h->rule.closure ? 0 : sqlite3_column_int(st, 4);
        copy_column(h->rule.opens_at, sizeof h->rule.opens_at, st, 5);
        copy_column(h->rule.closes_at, sizeof h->rule.closes_at, st, 6);
    }
    return kept_end(cat, st, step, "cannot read the staff's hours");
}

/* Lays the staff's closures and hours for s over its own rules. */
static void staff_hours_apply(const struct catalog *cat, struct service_summary *s)
{
    for (size_t i = 0; i < cat->n_staff; i++) {
        if (strcmp(cat->staff[i].service, s->hsds_id) == 0)
            s->n_openings = hours_override(&s->openings, s->n_openings, &cat->staff[i].rule);
    }
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
    free(s->places);
    s->places = NULL;
    s->n_places = 0;
}

/* Appends `code` to the comma-joined list in buf, or leaves buf as it is
 * when the code would not fit whole. */
static void join_code(char *buf, size_t size, const char *code)
{
    size_t len = strlen(buf), n = strlen(code);
    if (len + (len ? 1 : 0) + n >= size)
        return;
    if (len)
        buf[len++] = ',';
    memcpy(buf + len, code, n + 1);
}

/* The columns of a service's card c (schema.c) that every list query
 * starts with; worried-path rows go on with the link (an attribute) and its
 * who-codes. */
#define LIST_COLS                                                                                  \
    "SELECT c.service_id, c.hsds_id, c.status, c.organization_id, c.facets, c.audience,"           \
    " c.languages, c.openings, c.places, c.names"
enum {
    CARD_ID,
    CARD_HSDS_ID,
    CARD_STATUS,
    CARD_ORGANIZATION,
    CARD_FACETS,
    CARD_AUDIENCE,
    CARD_LANGUAGES,
    CARD_OPENINGS,
    CARD_PLACES,
    CARD_NAMES,
    LIST_LINK,
    LIST_WHO
};

static const char *card_text(sqlite3_stmt *st, int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    return s ? s : "";
}

/* Sets t to the first name of `names` (a card's, schema.c) along the
 * fallback chain: the resident's language, the kiosk default, English,
 * then the first by language code. */
static void name_pick(struct catalog *cat, const char *names, struct fd_text *t)
{
    const char *chain[] = {cat->lang, cat->kiosk_default, "en"};
    const char *text = NULL;
    size_t len = 0, best = ARRAY_LEN(chain) + 1;
    char lang[sizeof t->lang] = "", best_lang[sizeof t->lang] = "";
    const char *stop = names + strlen(names);
    for (const char *p = names; p < stop && best > 0;) {
        const char *space = strchr(p, ' ');
        char *end;
        unsigned long bytes = space ? strtoul(space + 1, &end, 10) : 0;
        if (!space || *end != ' ' || bytes > (size_t)(stop - end - 1))
            break; /* not a list this build wrote */
        size_t lang_len = (size_t)(space - p);
        if (lang_len >= sizeof lang)
            lang_len = 0; /* no language code is that long */
        memcpy(lang, p, lang_len);
        lang[lang_len] = '\0';
        size_t rank = ARRAY_LEN(chain);
        for (size_t i = 0; i < ARRAY_LEN(chain) && rank == ARRAY_LEN(chain); i++) {
            if (chain[i][0] && strcmp(lang, chain[i]) == 0)
                rank = i;
        }
        if (rank < best) {
            best = rank;
            text = end + 1;
            len = bytes;
            memcpy(best_lang, lang, sizeof lang);
        }
        p = end + 1 + bytes;
    }
    if (!text)
        return;
    t->text = xmalloc(len + 1);
    memcpy(t->text, text, len);
    t->text[len] = '\0';
    memcpy(t->lang, best_lang, sizeof t->lang);
}

/* Fills s, zeroed, from a row of LIST_COLS: all but its texts other than
 * its name. A facet or audience code from a newer Frontdoor means nothing
 * here and is left out. */
static void card_put(struct catalog *cat, struct service_summary *s, sqlite3_stmt *st)
{
    s->id = sqlite3_column_int64(st, CARD_ID);
    name_pick(cat, card_text(st, CARD_NAMES), &s->name);
    copy_column(s->hsds_id, sizeof s->hsds_id, st, CARD_HSDS_ID);
    copy_column(s->status, sizeof s->status, st, CARD_STATUS);
    char part[256];
    const char *p = card_text(st, CARD_FACETS);
    while (next_part(&p, ',', part, sizeof part))
        s->facets |= catalog_facet_bit(part);
    int audience = catalog_audience(card_text(st, CARD_AUDIENCE));
    if (audience > 0)
        s->audience = audience;
    p = card_text(st, CARD_LANGUAGES);
    while (next_part(&p, ',', part, sizeof part))
        join_code(s->languages, sizeof s->languages, part);
    size_t cap = 0;
    p = card_text(st, CARD_OPENINGS);
    while (next_part(&p, ';', part, sizeof part))
        openings_add(s, &cap, part);
    staff_hours_apply(cat, s);
    if (s->n_openings > 1)
        qsort(s->openings, s->n_openings, sizeof *s->openings, by_weekday);
    cap = 0;
    p = card_text(st, CARD_PLACES);
    while (next_part(&p, ';', part, sizeof part)) {
        char *lat_end, *lon_end;
        double lat = strtod(part, &lat_end), lon = strtod(lat_end, &lon_end);
        if (lat_end == part || lon_end == lat_end || *lon_end)
            continue;
        s->places = grow(s->places, &cap, s->n_places, sizeof *s->places);
        s->places[s->n_places++] = (struct fd_latlon){lat, lon};
    }
    s->organization_id = sqlite3_column_int64(st, CARD_ORGANIZATION);
}

/* Prepares a list query, a query of LIST_COLS for the term :code. */
static int list_prepare(struct catalog *cat, const char *sql, const char *code, sqlite3_stmt **st)
{
    int rc = prepare(cat, sql, st);
    if (rc == CATALOG_OK)
        sqlite3_bind_text(*st, sqlite3_bind_parameter_index(*st, ":code"), code, -1, SQLITE_STATIC);
    return rc;
}

/* Loads the summaries of the n services `ids` into out[0..n-1], zeroed by
 * the caller: one query for all their cards. CATALOG_NOT_FOUND when an id
 * names no service. On failure frees what it loaded. */
static int summaries_load(struct catalog *cat, const int64_t *ids, size_t n,
                          struct service_summary *out)
{
    if (n == 0)
        return CATALOG_OK;
    int rc = staff_hours_load(cat);
    if (rc != CATALOG_OK)
        return rc;
    struct id_items ix;
    id_items_make(&ix, ids, n);
    sqlite3_stmt *st;
    rc = prepare_kept(cat, STMT_CARDS,
                      LIST_COLS " FROM service_card c"
                                " WHERE c.service_id IN (SELECT value FROM json_each(?1))",
                      &st);
    if (rc == CATALOG_OK) {
        sqlite3_bind_text(st, 1, ix.json, -1, SQLITE_STATIC);
        int step;
        for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
            size_t k, found = id_items_find(&ix, sqlite3_column_int64(st, CARD_ID), &k);
            for (size_t end = k + found; k < end; k++)
                card_put(cat, &out[ix.pairs[k].item], st);
        }
        rc = kept_end(cat, st, step, "cannot read a service");
    }
    /* The schema allows no empty status: an empty one had no card. */
    for (size_t i = 0; rc == CATALOG_OK && i < n; i++) {
        if (!out[i].status[0]) {
            catalog_set_error(cat, "%s: no service %lld", cat->path, (long long)ids[i]);
            rc = CATALOG_NOT_FOUND;
        }
    }
    if (rc != CATALOG_OK) {
        for (size_t i = 0; i < n; i++)
            summary_free(&out[i]);
    }
    id_items_free(&ix);
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

/* The rows have a link whose label becomes the item's note. */
enum { LIST_NOTE = 1 };

/* Runs the prepared and bound `st`, a query of LIST_COLS, and appends the
 * summary of each row that `keep` (when not NULL) accepts. Finalizes `st`;
 * on failure frees what it appended. */
static int list_read(struct catalog *cat, sqlite3_stmt *st, int flags, row_filter *keep,
                     const void *arg, struct service_list *out)
{
    int64_t *links = NULL;
    size_t items_cap = 0, links_cap = 0;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        if (keep && !keep(st, arg))
            continue;
        out->items = grow(out->items, &items_cap, out->n, sizeof *out->items);
        card_put(cat, &out->items[out->n], st);
        if (flags & LIST_NOTE) {
            links = grow(links, &links_cap, out->n, sizeof *links);
            links[out->n] = sqlite3_column_int64(st, LIST_LINK);
        }
        out->n++;
    }
    int rc = rows_end(cat, st, step, "cannot list services");
    if (rc == CATALOG_OK && out->n > 0 && (flags & LIST_NOTE)) {
        struct id_items ix;
        id_items_make(&ix, links, out->n);
        rc = texts_load(cat, "attribute", "label", &out->items[0].note, &ix, sizeof *out->items);
        id_items_free(&ix);
    }
    if (rc != CATALOG_OK)
        catalog_service_list_free(out);
    free(links);
    return rc;
}

/* Starts a list query: an empty list, then the read of read_begin() and
 * the staff's hours that its cards get. */
static int list_begin(struct catalog *cat, struct service_list *out)
{
    out->items = NULL;
    out->n = 0;
    int rc = read_begin(cat);
    if (rc == CATALOG_OK && (rc = staff_hours_load(cat)) != CATALOG_OK)
        rc = read_end(cat, rc);
    return rc;
}

/* Ends it: the list is freed when anything failed. */
static int list_end(struct catalog *cat, struct service_list *out, int rc)
{
    rc = read_end(cat, rc);
    if (rc != CATALOG_OK)
        catalog_service_list_free(out);
    return rc;
}

/* The listed services that have the term :code of `taxonomy`. */
#define TERM_SERVICES(taxonomy)                                                                    \
    LIST_COLS " FROM taxonomy_term t JOIN attribute a ON a.taxonomy_term_id = t.id"                \
              " JOIN service_card c ON c.service_id = a.service_id"                                \
              " WHERE t.taxonomy = '" taxonomy "' AND t.code = :code AND " LISTED

static int services_read(struct catalog *cat, const char *code, struct service_list *out)
{
    sqlite3_stmt *st = NULL;
    int rc = list_prepare(cat, TERM_SERVICES("frontdoor-need"), code, &st);
    if (rc != CATALOG_OK)
        return rc;
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
    int rc = list_prepare(cat, TERM_SERVICES("frontdoor-facet") " ORDER BY c.service_id",
                          facet_code(FACET_CRISIS_LINE), &st);
    if (rc != CATALOG_OK)
        return rc;
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
    " JOIN service_card c ON c.service_id = a.service_id"                                          \
    " WHERE t.taxonomy = 'frontdoor-worried' AND " LISTED

/* Says whether the who-codes `value` of a link include `who_bit`. A value
 * this build cannot read links nobody. */
static int who_applies(const char *value, unsigned who_bit)
{
    unsigned mask;
    return catalog_worried_who_mask(value, &mask, NULL, 0) == 0 && (mask & who_bit) != 0;
}

/* Keeps a link whose who-codes (column LIST_WHO) include the who-bit in
 * *arg. */
static int link_applies(sqlite3_stmt *st, const void *arg)
{
    return who_applies((const char *)sqlite3_column_text(st, LIST_WHO), *(const unsigned *)arg);
}

static int no_answer(struct catalog *cat, const char *question, int i)
{
    catalog_set_error(cat, "%s: no worried-path %s-answer %d", cat->path, question, i);
    return CATALOG_ERROR;
}

static int worried_read(struct catalog *cat, int who, int what, struct service_list *out)
{
    sqlite3_stmt *st = NULL;
    int rc = list_prepare(
        cat, LIST_COLS ", a.id, a.value" WORRIED_LINKS " AND t.code = :code ORDER BY a.id",
        catalog_worried_what_code(what), &st);
    if (rc != CATALOG_OK)
        return rc;
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
    int rc = prepare(cat, "SELECT a.value, t.code" WORRIED_LINKS, &st);
    if (rc != CATALOG_OK)
        return rc;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        int what = catalog_worried_what((const char *)sqlite3_column_text(st, 1));
        if (what >= 0 && who_applies((const char *)sqlite3_column_text(st, 0), 1u << who))
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
    /* The service's own numbers first, then those of its locations; a
     * number staff set for today instead of the catalogue's, except for a
     * crisis line's or a confidential place's, which only a signed bundle
     * changes (staff.c refuses such an edit; this holds even for a row
     * written some other way). */
    int rc =
        prepare(cat,
                "SELECT id, coalesce((SELECT e.text FROM staff_edit e WHERE e.kind = 'phone'"
                "     AND e.service = ?2 AND e.phone = ph.hsds_id AND ?3 BETWEEN e.starts"
                "     AND e.ends AND NOT ?4 ORDER BY e.id DESC LIMIT 1), number), hsds_id"
                " FROM (SELECT id, hsds_id, number, 0 AS k, id AS o FROM phone"
                "       WHERE service_id = ?1"
                "       UNION ALL"
                "       SELECT p.id, p.hsds_id, p.number, 1, sal.id FROM service_at_location sal"
                "       JOIN phone p ON p.location_id = sal.location_id"
                "       WHERE sal.service_id = ?1) ph"
                " ORDER BY k, o, id",
                &st);
    if (rc != CATALOG_OK)
        return rc;
    int protect = (s->summary.facets & FACET_CRISIS_LINE) != 0;
    for (size_t i = 0; i < s->n_locations; i++)
        protect |= s->locations[i].confidential;
    char today[11];
    staff_today(clock_now_ms(), today);
    sqlite3_bind_int64(st, 1, s->summary.id);
    sqlite3_bind_text(st, 2, s->summary.hsds_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, today, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, protect);
    size_t cap = 0;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        s->phones = grow(s->phones, &cap, s->n_phones, sizeof *s->phones);
        struct phone *p = &s->phones[s->n_phones++];
        copy_column(p->number, sizeof p->number, st, 1);
        copy_column(p->hsds_id, sizeof p->hsds_id, st, 2);
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
 * over the description of a weekly rule; a date exception's ("Christmas")
 * is about its dates only. */
static int schedule_note_load(struct catalog *cat, struct service_detail *s)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(cat,
                     "SELECT id FROM schedule WHERE service_id = ?1"
                     " AND (byday IS NOT NULL OR valid_from IS NULL)"
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

static int languages_load(struct catalog *cat, struct service_detail *s)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(cat, "SELECT code FROM language WHERE service_id = ?1 ORDER BY id", &st);
    if (rc != CATALOG_OK)
        return rc;
    sqlite3_bind_int64(st, 1, s->summary.id);
    size_t cap = 0;
    int step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        s->languages = grow(s->languages, &cap, s->n_languages, sizeof *s->languages);
        copy_column(s->languages[s->n_languages], sizeof s->languages[0], st, 0);
        s->n_languages++;
    }
    return rows_end(cat, st, step, "cannot read a service's languages");
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

/* Ages, whether a linked need is sensitive, the web address, when the
 * information was last checked (HSDS assured_date) and the trust facts. */
static int trust_load(struct catalog *cat, struct service_detail *s)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(cat,
                     "SELECT coalesce(minimum_age, -1), coalesce(maximum_age, -1),"
                     " EXISTS (SELECT 1 FROM attribute a JOIN taxonomy_term t"
                     "         ON t.id = a.taxonomy_term_id WHERE a.service_id = ?1"
                     "         AND t.taxonomy = 'frontdoor-need' AND t.sensitive),"
                     " coalesce(url, (SELECT website FROM organization o"
                     "                WHERE o.id = service.organization_id)), assured_date"
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
    copy_column(s->assured_date, sizeof s->assured_date, st, 4);
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
    fd_text_free(&s->staff_notice);
    fd_text_free(&s->closure_note);
    memset(s, 0, sizeof *s);
}

static int service_read(struct catalog *cat, int64_t id, struct service_detail *out)
{
    int rc = summaries_load(cat, &id, 1, &out->summary);
    if (rc != CATALOG_OK)
        return rc;
    rc = text_get(cat, "service", id, "description", &out->summary.description);
    if (rc == CATALOG_OK)
        rc = text_get(cat, "organization", out->summary.organization_id, "name",
                      &out->summary.organization);
    if (rc == CATALOG_OK)
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
        rc = languages_load(cat, out);
    if (rc == CATALOG_OK)
        rc = documents_load(cat, out);
    if (rc == CATALOG_OK)
        rc = trust_load(cat, out);
    if (rc != CATALOG_OK)
        catalog_service_detail_free(out);
    return rc;
}

/* 0 for the person's language, 1 the kiosk's, 2 English, 3 any other. */
static int chain_rank(const struct catalog *cat, const char *lang)
{
    const char *chain[] = {cat->lang, cat->kiosk_default, "en"};
    for (int i = 0; i < (int)ARRAY_LEN(chain); i++) {
        if (chain[i][0] && strcmp(lang, chain[i]) == 0)
            return i;
    }
    return (int)ARRAY_LEN(chain);
}

/* The notice and the closure's note staff wrote for today, each in the
 * first language of the chain they have. */
static int staff_texts_load(struct catalog *cat, struct service_detail *s)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(cat,
                     "SELECT kind = 'closed', text, lang FROM staff_edit"
                     " WHERE service = ?1 AND kind IN ('notice', 'closed') AND text IS NOT NULL"
                     " AND ?2 BETWEEN starts AND ends ORDER BY lang",
                     &st);
    if (rc != CATALOG_OK)
        return rc;
    char today[11];
    staff_today(clock_now_ms(), today);
    sqlite3_bind_text(st, 1, s->summary.hsds_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
    int rank[2] = {INT_MAX, INT_MAX}, step;
    for (step = sqlite3_step(st); step == SQLITE_ROW; step = sqlite3_step(st)) {
        int closed = sqlite3_column_int(st, 0);
        const char *lang = (const char *)sqlite3_column_text(st, 2);
        int r = chain_rank(cat, lang ? lang : "");
        if (r >= rank[closed])
            continue;
        rank[closed] = r;
        struct fd_text *t = closed ? &s->closure_note : &s->staff_notice;
        fd_text_free(t);
        t->text = xstrdup((const char *)sqlite3_column_text(st, 1));
        copy_cut(t->lang, sizeof t->lang, lang);
    }
    return rows_end(cat, st, step, "cannot read the staff's notices");
}

int catalog_service_find(struct catalog *cat, const char *hsds_id, int64_t *id)
{
    sqlite3_stmt *st = NULL;
    *id = 0;
    int rc = prepare(cat, "SELECT id FROM service WHERE hsds_id = ?1", &st);
    if (rc != CATALOG_OK)
        return rc;
    sqlite3_bind_text(st, 1, hsds_id, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        step = sqlite3_step(st);
    } else if (step == SQLITE_DONE) {
        sqlite3_finalize(st);
        catalog_set_error(cat, "%s: no service \"%s\"", cat->path, hsds_id);
        return CATALOG_NOT_FOUND;
    }
    return rows_end(cat, st, step, "cannot find a service");
}

int catalog_service_get(struct catalog *cat, int64_t id, struct service_detail *out)
{
    memset(out, 0, sizeof *out);
    int rc = read_begin(cat);
    if (rc != CATALOG_OK)
        return rc;
    rc = service_read(cat, id, out);
    if (rc == CATALOG_OK)
        rc = staff_texts_load(cat, out);
    rc = read_end(cat, rc);
    if (rc != CATALOG_OK)
        catalog_service_detail_free(out);
    return rc;
}

/* ---- for search.c (catalog_priv.h) --------------------------------------- */

int catalog_read_begin(struct catalog *cat)
{
    return read_begin(cat);
}

int catalog_read_end(struct catalog *cat, int rc)
{
    return read_end(cat, rc);
}

int catalog_fail_db(struct catalog *cat, const char *what)
{
    return fail_db(cat, what);
}

int catalog_summaries_load(struct catalog *cat, const int64_t *ids, size_t n,
                           struct service_summary *out)
{
    return summaries_load(cat, ids, n, out);
}

void catalog_summary_free(struct service_summary *s)
{
    summary_free(s);
}

int catalog_summary_order(const void *a, const void *b)
{
    return by_group_then_name(a, b);
}

struct search_cache **catalog_search_cache(struct catalog *cat)
{
    return &cat->search;
}
