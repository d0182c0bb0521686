/* export.c: the catalogue as a bundle again (see export.h).
 *
 * The bundle is written as it is read: the top-level object by hand, and
 * each taxonomy term, service and translation as a compact line of its own
 * (so the file diffs service by service, and a 10,000-service catalogue
 * needs no tree of itself in memory). Services come
 * in rowid order, which is the order the import gave them, and so do their
 * phones, schedules and the rest; taxonomy terms in their position. An
 * organization or a location that several services share is made once and
 * referenced from each (jansson writes a shared object at every place).
 * Translations carry each object's HSDS id, looked up in the object's own
 * table by the same query that reads them.
 */
#include "frontdoor/export.h"

#include "frontdoor/catalog.h"
#include "frontdoor/mem.h"

#include "catalog_priv.h"

#include <errno.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum stmt {
    S_META,
    S_TERMS,
    S_KEYWORDS,
    S_ORGS,
    S_LOCATIONS,
    S_ADDRESSES,
    S_LOCATION_PHONES,
    S_SERVICES,
    S_SALS,
    S_SERVICE_PHONES,
    S_SCHEDULES,
    S_LANGUAGES,
    S_DOCUMENTS,
    S_ATTRIBUTES,
    S_TEXTS,
    N_STMTS
};

#define PHONE_COLS "hsds_id, number, type, description"

static const char *const sql[N_STMTS] = {
    [S_META] = "SELECT value FROM catalogue_meta WHERE key = ?1",
    [S_TERMS] = "SELECT id, hsds_id, code, taxonomy, name, description, sensitive"
                " FROM taxonomy_term ORDER BY position, id",
    [S_KEYWORDS] = "SELECT text FROM translation WHERE entity = ?1 AND entity_id = ?2"
                   " AND field = 'keywords' AND lang = ?3",
    [S_ORGS] = "SELECT id, hsds_id, name, description, website, email FROM organization"
               " ORDER BY id",
    [S_LOCATIONS] = "SELECT id, hsds_id, name, description, transportation, latitude, longitude,"
                    " confidential FROM location ORDER BY id",
    [S_ADDRESSES] = "SELECT hsds_id, address_1, address_2, city, postal_code, region,"
                    " state_province, country, address_type FROM address"
                    " WHERE location_id = ?1 ORDER BY id",
    [S_LOCATION_PHONES] = "SELECT " PHONE_COLS " FROM phone WHERE location_id = ?1 ORDER BY id",
    [S_SERVICES] = "SELECT id, organization_id, hsds_id, name, description, status,"
                   " eligibility_description, fees_description, application_process, url,"
                   " minimum_age, maximum_age, assured_date FROM service ORDER BY id",
    [S_SALS] = "SELECT hsds_id, location_id FROM service_at_location WHERE service_id = ?1"
               " ORDER BY id",
    [S_SERVICE_PHONES] = "SELECT " PHONE_COLS " FROM phone WHERE service_id = ?1 ORDER BY id",
    [S_SCHEDULES] = "SELECT hsds_id, freq, byday, opens_at, closes_at, description, valid_from,"
                    " valid_to, by_appointment FROM schedule WHERE service_id = ?1 ORDER BY id",
    [S_LANGUAGES] = "SELECT hsds_id, name, code FROM language WHERE service_id = ?1 ORDER BY id",
    [S_DOCUMENTS] = "SELECT hsds_id, document FROM required_document WHERE service_id = ?1"
                    " ORDER BY id",
    [S_ATTRIBUTES] = "SELECT a.hsds_id, t.hsds_id, a.value, a.label FROM attribute a"
                     " JOIN taxonomy_term t ON t.id = a.taxonomy_term_id"
                     " WHERE a.service_id = ?1 ORDER BY a.id",
    /* The importer keeps every text in the catalogue's own language (?1)
     * as a translation too. Such a text is the object's own field, and its
     * keywords are the object's keywords; only a text for a field the
     * object leaves empty is a translation in that language. */
    [S_TEXTS] =
        "SELECT entity, CASE entity"
        "  WHEN 'organization' THEN (SELECT hsds_id FROM organization WHERE id = entity_id)"
        "  WHEN 'service' THEN (SELECT hsds_id FROM service WHERE id = entity_id)"
        "  WHEN 'location' THEN (SELECT hsds_id FROM location WHERE id = entity_id)"
        "  WHEN 'phone' THEN (SELECT hsds_id FROM phone WHERE id = entity_id)"
        "  WHEN 'schedule' THEN (SELECT hsds_id FROM schedule WHERE id = entity_id)"
        "  WHEN 'taxonomy_term' THEN"
        "    (SELECT hsds_id FROM taxonomy_term WHERE id = entity_id)"
        "  WHEN 'attribute' THEN (SELECT hsds_id FROM attribute WHERE id = entity_id)"
        "  WHEN 'required_document' THEN"
        "    (SELECT hsds_id FROM required_document WHERE id = entity_id) END,"
        " field, lang, text FROM translation"
        " WHERE entity BETWEEN ?2 AND ?3"
        " AND (lang != ?1 OR (field != 'keywords' AND CASE entity || '.' || field"
        "  WHEN 'organization.name' THEN (SELECT name FROM organization WHERE id = entity_id)"
        "  WHEN 'organization.description' THEN (SELECT description FROM organization WHERE id = "
        "entity_id)"
        "  WHEN 'service.name' THEN (SELECT name FROM service WHERE id = entity_id)"
        "  WHEN 'service.description' THEN (SELECT description FROM service WHERE id = entity_id)"
        "  WHEN 'service.eligibility_description' THEN (SELECT eligibility_description FROM "
        "service WHERE id = entity_id)"
        "  WHEN 'service.fees_description' THEN (SELECT fees_description FROM service WHERE id = "
        "entity_id)"
        "  WHEN 'service.application_process' THEN (SELECT application_process FROM service WHERE "
        "id = entity_id)"
        "  WHEN 'location.name' THEN (SELECT name FROM location WHERE id = entity_id)"
        "  WHEN 'location.description' THEN (SELECT description FROM location WHERE id = entity_id)"
        "  WHEN 'location.transportation' THEN (SELECT transportation FROM location WHERE id = "
        "entity_id)"
        "  WHEN 'phone.description' THEN (SELECT description FROM phone WHERE id = entity_id)"
        "  WHEN 'schedule.description' THEN (SELECT description FROM schedule WHERE id = entity_id)"
        "  WHEN 'taxonomy_term.name' THEN (SELECT name FROM taxonomy_term WHERE id = entity_id)"
        "  WHEN 'taxonomy_term.description' THEN (SELECT description FROM taxonomy_term WHERE id = "
        "entity_id)"
        "  WHEN 'attribute.label' THEN (SELECT label FROM attribute WHERE id = entity_id)"
        "  WHEN 'required_document.document' THEN (SELECT document FROM required_document WHERE id "
        "= entity_id)"
        "  END IS NULL))"
        " ORDER BY entity, entity_id, field, lang",
};

/* Objects several services share, by rowid (ascending, for bsearch). */
struct shared {
    int64_t *ids;
    json_t **objs;
    size_t n;
};

struct exp {
    sqlite3 *db;
    sqlite3_stmt *st[N_STMTS];
    char lang[16]; /* the catalogue's own language */
    struct shared orgs, locations;
    int failed; /* SQLite said no; the message is in the catalogue */
    FILE *out;
    size_t items;     /* written of the array being written */
    int write_failed; /* the stream said no */
    int terms_only;   /* the needs and facets alone (export_terms_to_memory) */
};

/* Steps `s`: 1 for a row, 0 at the end, which also resets it. An error
 * counts as the end and marks the export failed. */
static int row(struct exp *x, enum stmt s)
{
    int rc = sqlite3_step(x->st[s]);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc != SQLITE_DONE)
        x->failed = 1;
    sqlite3_reset(x->st[s]);
    return 0;
}

static sqlite3_stmt *bound(struct exp *x, enum stmt s, int64_t id)
{
    sqlite3_stmt *st = x->st[s];
    sqlite3_bind_int64(st, 1, id);
    return st;
}

/* Puts column `col` of `st` under `key` unless it is NULL: text as a
 * string, numbers as they are stored. */
static void put(json_t *obj, const char *key, sqlite3_stmt *st, int col)
{
    json_t *v = NULL;
    switch (sqlite3_column_type(st, col)) {
    case SQLITE_INTEGER:
        v = json_integer(sqlite3_column_int64(st, col));
        break;
    case SQLITE_FLOAT:
        v = json_real(sqlite3_column_double(st, col));
        break;
    case SQLITE_TEXT:
        v = json_stringn((const char *)sqlite3_column_text(st, col),
                         (size_t)sqlite3_column_bytes(st, col));
        break;
    default:
        return;
    }
    json_object_set_new(obj, key, v);
}

/* Puts `key: true` when column `col` is 1; a false flag is left out. */
static void put_flag(json_t *obj, const char *key, sqlite3_stmt *st, int col)
{
    if (sqlite3_column_int(st, col) == 1)
        json_object_set_new(obj, key, json_true());
}

/* An object of the row's columns `cols` (NULL-ended), from column `first`. */
static json_t *object_of(sqlite3_stmt *st, int first, const char *const *cols)
{
    json_t *o = json_object();
    for (int i = 0; cols[i]; i++)
        put(o, cols[i], st, first + i);
    return o;
}

static const char *const phone_cols[] = {"id", "number", "type", "description", NULL};

/* The phones of a service or a location, or NULL when it has none. */
static json_t *phones(struct exp *x, enum stmt s, int64_t owner)
{
    json_t *a = json_array();
    bound(x, s, owner);
    while (row(x, s))
        json_array_append_new(a, object_of(x->st[s], 0, phone_cols));
    return a;
}

/* Sets `key` to `array` when it has elements; drops it otherwise. */
static void put_array(json_t *obj, const char *key, json_t *array)
{
    if (json_array_size(array) > 0)
        json_object_set_new(obj, key, array);
    else
        json_decref(array);
}

/* The keywords of `entity` row `id` in the catalogue's language, as the
 * array a bundle gives them (they are stored joined by ", "). */
static void put_keywords(struct exp *x, json_t *obj, const char *entity, int64_t id)
{
    sqlite3_stmt *st = x->st[S_KEYWORDS];
    sqlite3_bind_text(st, 1, entity, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_text(st, 3, x->lang, -1, SQLITE_STATIC);
    if (!row(x, S_KEYWORDS))
        return;
    json_t *a = json_array();
    const char *text = (const char *)sqlite3_column_text(st, 0);
    for (const char *p = text;;) {
        const char *end = strstr(p, ", ");
        if (!end) {
            json_array_append_new(a, json_string(p));
            break;
        }
        json_array_append_new(a, json_stringn(p, (size_t)(end - p)));
        p = end + 2;
    }
    json_object_set_new(obj, "keywords", a);
    sqlite3_reset(st);
}

static void shared_add(struct shared *s, int64_t id, json_t *obj)
{
    s->ids = xrealloc(s->ids, (s->n + 1) * sizeof *s->ids);
    s->objs = xrealloc(s->objs, (s->n + 1) * sizeof *s->objs);
    s->ids[s->n] = id;
    s->objs[s->n++] = obj;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static json_t *shared_get(const struct shared *s, int64_t id)
{
    const int64_t *at = s->n ? bsearch(&id, s->ids, s->n, sizeof id, cmp_id) : NULL;
    return at ? s->objs[at - s->ids] : NULL;
}

static void shared_free(struct shared *s)
{
    for (size_t i = 0; i < s->n; i++)
        json_decref(s->objs[i]);
    free(s->ids);
    free(s->objs);
}

static void load_orgs(struct exp *x)
{
    static const char *const cols[] = {"id", "name", "description", "website", "email", NULL};
    while (row(x, S_ORGS))
        shared_add(&x->orgs, sqlite3_column_int64(x->st[S_ORGS], 0),
                   object_of(x->st[S_ORGS], 1, cols));
}

static void load_locations(struct exp *x)
{
    static const char *const cols[] = {"id",       "name",      "description", "transportation",
                                       "latitude", "longitude", NULL};
    static const char *const address_cols[] = {
        "id",     "address_1",      "address_2", "city",         "postal_code",
        "region", "state_province", "country",   "address_type", NULL};
    sqlite3_stmt *st = x->st[S_LOCATIONS];
    while (row(x, S_LOCATIONS)) {
        int64_t id = sqlite3_column_int64(st, 0);
        json_t *l = object_of(st, 1, cols);
        put_flag(l, "confidential", st, 7);
        json_t *addresses = json_array();
        bound(x, S_ADDRESSES, id);
        while (row(x, S_ADDRESSES))
            json_array_append_new(addresses, object_of(x->st[S_ADDRESSES], 0, address_cols));
        put_array(l, "addresses", addresses);
        put_array(l, "phones", phones(x, S_LOCATION_PHONES, id));
        shared_add(&x->locations, id, l);
    }
}

/* ---- writing: each element of the three arrays on a line of its own ---- */

static void put_raw(struct exp *x, const char *text)
{
    if (fputs(text, x->out) == EOF)
        x->write_failed = 1;
}

/* Writes `key: value` as a line of the top-level object, and frees value. */
static void put_top(struct exp *x, const char *key, json_t *value)
{
    put_raw(x, ",\n  \"");
    put_raw(x, key);
    put_raw(x, "\": ");
    if (json_dumpf(value, x->out, JSON_ENCODE_ANY) != 0)
        x->write_failed = 1;
    json_decref(value);
}

static void array_begin(struct exp *x, const char *key)
{
    put_raw(x, ",\n  \"");
    put_raw(x, key);
    put_raw(x, "\": [");
    x->items = 0;
}

/* Writes `item` as the next element of the array begun, and frees it. */
static void emit(struct exp *x, json_t *item)
{
    put_raw(x, x->items++ ? ",\n    " : "\n    ");
    if (json_dumpf(item, x->out, JSON_COMPACT) != 0)
        x->write_failed = 1;
    json_decref(item);
}

static void array_end(struct exp *x)
{
    put_raw(x, x->items ? "\n  ]" : "]");
}

static void terms(struct exp *x)
{
    static const char *const cols[] = {"id", "code", "taxonomy", "name", "description", NULL};
    sqlite3_stmt *st = x->st[S_TERMS];
    array_begin(x, "taxonomy_terms");
    while (row(x, S_TERMS)) {
        json_t *t = object_of(st, 1, cols);
        put_flag(t, "sensitive", st, 6);
        put_keywords(x, t, "taxonomy_term", sqlite3_column_int64(st, 0));
        emit(x, t);
    }
    array_end(x);
}

/* The service's lists, each left out when empty. */
static void service_lists(struct exp *x, json_t *s, int64_t id)
{
    static const char *const schedule_cols[] = {"id",         "freq",      "byday",
                                                "opens_at",   "closes_at", "description",
                                                "valid_from", "valid_to",  NULL};
    static const char *const language_cols[] = {"id", "name", "code", NULL};
    static const char *const document_cols[] = {"id", "document", NULL};
    static const char *const attribute_cols[] = {"id", "taxonomy_term_id", "value", "label", NULL};
    json_t *sals = json_array();
    bound(x, S_SALS, id);
    while (row(x, S_SALS)) {
        json_t *sal = object_of(x->st[S_SALS], 0, (const char *const[]){"id", NULL});
        json_object_set(sal, "location",
                        shared_get(&x->locations, sqlite3_column_int64(x->st[S_SALS], 1)));
        json_array_append_new(sals, sal);
    }
    put_array(s, "service_at_locations", sals);
    put_array(s, "phones", phones(x, S_SERVICE_PHONES, id));

    json_t *schedules = json_array();
    bound(x, S_SCHEDULES, id);
    while (row(x, S_SCHEDULES)) {
        json_t *h = object_of(x->st[S_SCHEDULES], 0, schedule_cols);
        put_flag(h, "by_appointment", x->st[S_SCHEDULES], 8);
        json_array_append_new(schedules, h);
    }
    put_array(s, "schedules", schedules);

    const struct {
        const char *key;
        enum stmt s;
        const char *const *cols;
    } lists[] = {
        {"languages", S_LANGUAGES, language_cols},
        {"required_documents", S_DOCUMENTS, document_cols},
        {"attributes", S_ATTRIBUTES, attribute_cols},
    };
    for (size_t i = 0; i < ARRAY_LEN(lists); i++) {
        json_t *a = json_array();
        bound(x, lists[i].s, id);
        while (row(x, lists[i].s))
            json_array_append_new(a, object_of(x->st[lists[i].s], 0, lists[i].cols));
        put_array(s, lists[i].key, a);
    }
}

static void services(struct exp *x)
{
    static const char *const cols[] = {"id",
                                       "name",
                                       "description",
                                       "status",
                                       "eligibility_description",
                                       "fees_description",
                                       "application_process",
                                       "url",
                                       "minimum_age",
                                       "maximum_age",
                                       "assured_date",
                                       NULL};
    sqlite3_stmt *st = x->st[S_SERVICES];
    array_begin(x, "services");
    while (row(x, S_SERVICES) && !x->write_failed) {
        int64_t id = sqlite3_column_int64(st, 0);
        json_t *s = object_of(st, 2, cols);
        json_object_set(s, "organization", shared_get(&x->orgs, sqlite3_column_int64(st, 1)));
        put_keywords(x, s, "service", id);
        service_lists(x, s, id);
        emit(x, s);
    }
    sqlite3_reset(st);
    array_end(x);
}

static void texts(struct exp *x)
{
    static const char *const cols[] = {"entity", "id", "field", "lang", "text", NULL};
    /* Entities are named in lower-case ASCII, all of them before "~". */
    const char *first = x->terms_only ? "taxonomy_term" : "";
    const char *last = x->terms_only ? "taxonomy_term" : "~";
    sqlite3_bind_text(x->st[S_TEXTS], 1, x->lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(x->st[S_TEXTS], 2, first, -1, SQLITE_STATIC);
    sqlite3_bind_text(x->st[S_TEXTS], 3, last, -1, SQLITE_STATIC);
    array_begin(x, "translations");
    while (row(x, S_TEXTS) && !x->write_failed)
        emit(x, object_of(x->st[S_TEXTS], 0, cols));
    sqlite3_reset(x->st[S_TEXTS]);
    array_end(x);
}

/* Writes the whole bundle. */
static void bundle(struct exp *x)
{
    sqlite3_bind_text(x->st[S_META], 1, "language", -1, SQLITE_STATIC);
    if (row(x, S_META)) {
        xsnprintf(x->lang, sizeof x->lang, "%s", sqlite3_column_text(x->st[S_META], 0));
        sqlite3_reset(x->st[S_META]);
    }
    int sample = 0;
    sqlite3_bind_text(x->st[S_META], 1, "sample", -1, SQLITE_STATIC);
    if (row(x, S_META)) {
        sample = strcmp((const char *)sqlite3_column_text(x->st[S_META], 0), "1") == 0;
        sqlite3_reset(x->st[S_META]);
    }
    if (!x->terms_only) {
        load_orgs(x);
        load_locations(x);
    }
    put_raw(x, "{\n  \"format\": \"frontdoor-catalogue\"");
    put_top(x, "version", json_integer(1));
    /* A catalogue never imported has no language; English is as good as
     * any for a file with nothing in it. */
    put_top(x, "language", json_string(x->lang[0] ? x->lang : "en"));
    if (sample)
        put_top(x, "sample", json_true());
    terms(x);
    if (!x->terms_only)
        services(x);
    texts(x);
    put_raw(x, "\n}\n");
}

static int export_to(struct catalog *cat, FILE *out, int terms_only, char *err, size_t errlen)
{
    struct exp x = {.db = catalog_db(cat), .out = out, .terms_only = terms_only};
    if (catalog_read_begin(cat) != CATALOG_OK) {
        xsnprintf(err, errlen, "%s", catalog_errmsg(cat));
        return -1;
    }
    int ok = 1;
    for (int i = 0; ok && i < N_STMTS; i++)
        ok = sqlite3_prepare_v2(x.db, sql[i], -1, &x.st[i], NULL) == SQLITE_OK;
    if (ok)
        bundle(&x);
    if (!ok || x.failed)
        xsnprintf(err, errlen, "cannot read the catalogue: %s", sqlite3_errmsg(x.db));
    else if (x.write_failed)
        xsnprintf(err, errlen, "cannot write the bundle: %s", strerror(errno));
    for (int i = 0; i < N_STMTS; i++)
        sqlite3_finalize(x.st[i]);
    shared_free(&x.orgs);
    shared_free(&x.locations);
    int rc = ok && !x.failed && !x.write_failed ? CATALOG_OK : CATALOG_ERROR;
    if (catalog_read_end(cat, rc) != CATALOG_OK) {
        if (rc == CATALOG_OK)
            xsnprintf(err, errlen, "%s", catalog_errmsg(cat));
        return -1;
    }
    return rc == CATALOG_OK ? 0 : -1;
}

int export_bundle(struct catalog *cat, FILE *out, char *err, size_t errlen)
{
    return export_to(cat, out, 0, err, errlen);
}

static int to_memory(struct catalog *cat, int terms_only, char **buf, size_t *len, char *err,
                     size_t errlen)
{
    *buf = NULL;
    *len = 0;
    FILE *f = open_memstream(buf, len);
    if (!f) {
        xsnprintf(err, errlen, "cannot export the catalogue: out of memory");
        return -1;
    }
    int rc = export_to(cat, f, terms_only, err, errlen);
    if (fclose(f) != 0 && rc == 0) {
        xsnprintf(err, errlen, "cannot export the catalogue: out of memory");
        rc = -1;
    }
    if (rc != 0) {
        free(*buf);
        *buf = NULL;
        *len = 0;
    }
    return rc;
}

int export_to_memory(struct catalog *cat, char **buf, size_t *len, char *err, size_t errlen)
{
    return to_memory(cat, 0, buf, len, err, errlen);
}

int export_terms_to_memory(struct catalog *cat, char **buf, size_t *len, char *err, size_t errlen)
{
    return to_memory(cat, 1, buf, len, err, errlen);
}
