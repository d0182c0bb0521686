/* test_catalog.c: the catalogue store: schema and migrations, the version
 * guard, the text fallback chain and the queries the kiosk's screens use.
 *
 * Each test works on its own database file in a fresh temporary directory
 * and checks results both through catalog.h and with raw SQL, so a query
 * that hides a wrong row still fails.
 */
#include "test_util.h"
#include "frontdoor/search.h"

#include "schema.h"

#include <sys/stat.h>

static int make_tmpdir(void **state)
{
    (void)state;
    return tmpdir_create("fd-catalog");
}

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* Runs sql on a database; when it is at this build's schema version,
 * builds the service cards again afterwards, as the importer does after
 * writing a catalogue, so the lists see the rows the test wrote. */
static void raw_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
    char err[256];
    int version;
    if (schema_version(db, &version, err, sizeof err) != CATALOG_OK)
        fail_msg("%s", err);
    if (version == CATALOG_SCHEMA_VERSION &&
        schema_cards_rebuild(db, err, sizeof err) != CATALOG_OK)
        fail_msg("%s", err);
}

static int64_t service_id(struct catalog *cat, const char *hsds_id)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(catalog_db(cat), "SELECT id FROM service WHERE hsds_id = ?",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, hsds_id, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

static void assert_text(const struct fd_text *t, const char *text, const char *lang)
{
    if (!text) {
        assert_null(t->text);
        assert_string_equal(t->lang, "");
        return;
    }
    assert_non_null(t->text);
    assert_string_equal(t->text, text);
    assert_string_equal(t->lang, lang);
}

/* ---- schema and migrations ------------------------------------------------ */

static void schema_created_from_empty(void **state)
{
    (void)state;
    const char *path = tmp_path("empty.db");
    assert_false(exists(path));
    struct catalog *cat = open_ok(path, CATALOG_CREATE);
    assert_int_equal(catalog_schema_version(cat), CATALOG_SCHEMA_VERSION);

    sqlite3 *db = catalog_db(cat);
    static const char *const tables[] = {
        "organization",  "service",   "location",    "service_at_location",
        "address",       "phone",     "schedule",    "language",
        "taxonomy_term", "attribute", "translation", "catalogue_meta",
    };
    for (size_t i = 0; i < ARRAY_LEN(tables); i++) {
        char sql[256];
        xsnprintf(sql, sizeof sql,
                  "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '%s'",
                  tables[i]);
        if (scalar(db, sql) != 1)
            fail_msg("table %s missing", tables[i]);
    }
    /* Every HSDS table has an integer key and a unique text id. */
    for (size_t i = 0; i < 10; i++) {
        char sql[256];
        xsnprintf(sql, sizeof sql,
                  "SELECT count(*) FROM pragma_index_list('%s') il"
                  " JOIN pragma_index_info(il.name) ii"
                  " WHERE il.\"unique\" = 1 AND ii.name = 'hsds_id'",
                  tables[i]);
        if (scalar(db, sql) != 1)
            fail_msg("%s.hsds_id is not unique", tables[i]);
    }
    assert_int_equal(scalar(db, "PRAGMA foreign_keys"), 1);
    assert_int_equal(scalar(db, "PRAGMA synchronous"), 2); /* FULL */
    catalog_close(cat);

    sqlite3 *raw = raw_open(path);
    assert_int_equal(scalar(raw, "PRAGMA user_version"), CATALOG_SCHEMA_VERSION);
    assert_string_equal(scalar_text(raw, "PRAGMA journal_mode"), "wal");
    sqlite3_close(raw);

    /* Opening again migrates nothing and fails nothing. */
    cat = open_ok(path, CATALOG_READWRITE);
    assert_int_equal(catalog_schema_version(cat), CATALOG_SCHEMA_VERSION);
    catalog_close(cat);
}

static void missing_file_without_create(void **state)
{
    (void)state;
    const char *path = tmp_path("missing.db");
    struct catalog *cat = NULL;
    assert_int_equal(catalog_open(path, CATALOG_READWRITE, &cat), CATALOG_ERROR);
    assert_non_null(cat);
    assert_non_null(strstr(catalog_errmsg(cat), path));
    catalog_close(cat);
    assert_false(exists(path));
}

static void migration_sets_user_version(void **state)
{
    (void)state;
    const char *path = tmp_path("v0.db");
    sqlite3 *raw = raw_open(path);
    raw_exec(raw, "CREATE TABLE scratch (x); DROP TABLE scratch;");
    assert_int_equal(scalar(raw, "PRAGMA user_version"), 0);
    sqlite3_close(raw);

    struct catalog *cat = open_ok(path, CATALOG_READWRITE);
    catalog_close(cat);

    raw = raw_open(path);
    assert_int_equal(scalar(raw, "PRAGMA user_version"), CATALOG_SCHEMA_VERSION);
    assert_int_equal(scalar(raw, "SELECT count(*) FROM sqlite_schema WHERE name = 'service'"), 1);
    sqlite3_close(raw);
}

/* A version-1 database with a catalogue in it comes through migration 2
 * whole: rebuilding taxonomy_term and translation must neither cascade into
 * attributes nor lose a text, and the triggers must work again after. */
static void migration_2_keeps_the_catalogue(void **state)
{
    (void)state;
    const char *path = tmp_path("v1.db");
    sqlite3 *raw = raw_open(path);
    char err[256];
    assert_int_equal(schema_migrate_to(raw, 1, err, sizeof err), CATALOG_OK);
    assert_int_equal(scalar(raw, "PRAGMA user_version"), 1);
    raw_exec(raw, "PRAGMA foreign_keys = ON;"
                  "INSERT INTO organization (id, hsds_id, name) VALUES (1, 'o', 'Org');"
                  "INSERT INTO service (id, hsds_id, organization_id, name, status)"
                  " VALUES (1, 's', 1, 'Helpline', 'active');"
                  "INSERT INTO taxonomy_term (id, hsds_id, code, taxonomy, name, position)"
                  " VALUES (1, 't', 'mental-health', 'frontdoor-need', 'Worries', 0);"
                  "INSERT INTO attribute (id, hsds_id, service_id, taxonomy_term_id)"
                  " VALUES (1, 'a', 1, 1);"
                  "INSERT INTO translation VALUES ('service', 1, 'name', 'en', 'Helpline'),"
                  " ('taxonomy_term', 1, 'name', 'en', 'Worries'),"
                  " ('taxonomy_term', 1, 'name', 'fi', 'Huolet');");
    sqlite3_close(raw);

    struct catalog *cat = open_ok(path, CATALOG_READWRITE);
    sqlite3 *db = catalog_db(cat);
    assert_int_equal(scalar(db, "PRAGMA user_version"), CATALOG_SCHEMA_VERSION);
    assert_int_equal(scalar(db, "PRAGMA foreign_keys"), 1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM attribute"), 1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM translation"), 3);
    assert_int_equal(scalar(db, "SELECT sensitive FROM taxonomy_term WHERE id = 1"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    assert_string_equal(scalar_text(db, "PRAGMA integrity_check"), "ok");
    catalog_set_languages(cat, "fi", "en");
    struct need need;
    assert_int_equal(catalog_need_get(cat, "mental-health", &need), CATALOG_OK);
    assert_text(&need.name, "Huolet", "fi");
    assert_int_equal(need.n_services, 1);
    catalog_need_free(&need);

    /* What version 2 adds is accepted, and the texts still follow their
     * rows out. */
    raw_exec(db, "INSERT INTO taxonomy_term (id, hsds_id, code, taxonomy, name, position)"
                 " VALUES (2, 'p', 'police', 'frontdoor-trust', 'Police', 1);"
                 "INSERT INTO attribute (id, hsds_id, service_id, taxonomy_term_id, value, label)"
                 " VALUES (2, 'a2', 1, 2, 'no', 'Never');"
                 "INSERT INTO translation VALUES ('attribute', 2, 'label', 'en', 'Never');"
                 "DELETE FROM taxonomy_term WHERE id = 1;");
    assert_int_equal(scalar(db, "SELECT count(*) FROM attribute"), 1); /* cascaded */
    assert_int_equal(scalar(db, "SELECT count(*) FROM translation"), 2);
    raw_exec(db, "DELETE FROM attribute WHERE id = 2;");
    assert_int_equal(scalar(db, "SELECT count(*) FROM translation"), 1);
    catalog_close(cat);
}

/* A version-1 database that already breaks a foreign key stays at version
 * 1, whole, and the message names the row. */
static void migration_2_refuses_a_broken_database(void **state)
{
    (void)state;
    const char *path = tmp_path("v1-broken.db");
    sqlite3 *raw = raw_open(path);
    char err[256];
    assert_int_equal(schema_migrate_to(raw, 1, err, sizeof err), CATALOG_OK);
    raw_exec(raw, "PRAGMA foreign_keys = OFF;"
                  "INSERT INTO organization (id, hsds_id, name) VALUES (1, 'o', 'Org');"
                  "INSERT INTO service (id, hsds_id, organization_id, name, status)"
                  " VALUES (1, 's', 1, 'Helpline', 'active');"
                  "INSERT INTO attribute (id, hsds_id, service_id, taxonomy_term_id)"
                  " VALUES (7, 'a', 1, 99);");
    sqlite3_close(raw);

    struct catalog *cat = NULL;
    assert_int_equal(catalog_open(path, CATALOG_READWRITE, &cat), CATALOG_ERROR);
    if (!strstr(catalog_errmsg(cat), "attribute row 7 refers to a missing taxonomy_term row"))
        fail_msg("unexpected message: %s", catalog_errmsg(cat));
    catalog_close(cat);
    raw = raw_open(path);
    assert_int_equal(scalar(raw, "PRAGMA user_version"), 1);
    assert_int_equal(scalar(raw, "SELECT count(*) FROM attribute"), 1);
    assert_int_equal(
        scalar(raw, "SELECT count(*) FROM sqlite_schema WHERE name = 'required_document'"), 0);
    sqlite3_close(raw);
}

/* Every table's rows, over the columns it has now, as one string: what a
 * migration must keep. */
static char *table_rows(sqlite3 *db, const char *table)
{
    sqlite3_str *sql = sqlite3_str_new(db);
    sqlite3_str_appendall(sql, "SELECT group_concat(r, ';') FROM (SELECT ''");
    char *q = sqlite3_mprintf("SELECT name FROM pragma_table_info(%Q) ORDER BY cid", table);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
        sqlite3_str_appendf(sql, " || ',' || quote(\"%w\")",
                            (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_free(q);
    sqlite3_str_appendf(sql, " AS r FROM \"%w\" ORDER BY r)", table);
    char *select = sqlite3_str_finish(sql);
    char *rows = xstrdup(scalar_text(db, select));
    sqlite3_free(select);
    return rows;
}

/* A version-2 database holding a catalogue comes through migration 3 with
 * every row of every table, the sensitive flag included; afterwards the new
 * taxonomies and the web address are accepted and the texts trigger of the
 * rebuilt taxonomy_term works again. */
static void migration_3_keeps_the_catalogue(void **state)
{
    (void)state;
    const char *path = tmp_path("v2.db");
    sqlite3 *raw = raw_open(path);
    char err[256];
    assert_int_equal(schema_migrate_to(raw, 2, err, sizeof err), CATALOG_OK);
    assert_int_equal(scalar(raw, "PRAGMA user_version"), 2);
    raw_exec(raw,
             "PRAGMA foreign_keys = ON;"
             "INSERT INTO organization VALUES (1, 'o', 'Org', 'About', 'https://org.example',"
             " 'a@org.example');"
             "INSERT INTO service (id, hsds_id, organization_id, name, status, minimum_age)"
             " VALUES (1, 's', 1, 'Helpline', 'active', 16);"
             "INSERT INTO location (id, hsds_id, name, latitude, longitude)"
             " VALUES (1, 'l', 'Office', 60.1, 24.9);"
             "INSERT INTO service_at_location VALUES (1, 'sal', 1, 1);"
             "INSERT INTO address (id, hsds_id, location_id, address_1, city)"
             " VALUES (1, 'ad', 1, 'Street 1', 'Harbourton');"
             "INSERT INTO phone (id, hsds_id, service_id, number) VALUES (1, 'p', 1, '0100');"
             "INSERT INTO schedule (id, hsds_id, service_id, byday, opens_at, closes_at)"
             " VALUES (1, 'h', 1, 'MO', '09:00', '16:00');"
             "INSERT INTO language VALUES (1, 'lg', 1, 'Finnish', 'fi');"
             "INSERT INTO taxonomy_term (id, hsds_id, code, taxonomy, name, position, sensitive)"
             " VALUES (1, 't', 'violence', 'frontdoor-need', 'Hurt', 0, 1),"
             " (2, 'p', 'police', 'frontdoor-trust', 'Police', 1, 0);"
             "INSERT INTO attribute VALUES (1, 'a', 1, 1, NULL, NULL),"
             " (2, 'a2', 1, 2, 'no', 'Never');"
             "INSERT INTO required_document VALUES (1, 'd', 1, 'Passport');"
             "INSERT INTO translation VALUES ('service', 1, 'name', 'en', 'Helpline'),"
             " ('taxonomy_term', 1, 'name', 'en', 'Hurt'),"
             " ('taxonomy_term', 1, 'name', 'fi', 'Satuttaa'),"
             " ('attribute', 2, 'label', 'en', 'Never'),"
             " ('required_document', 1, 'document', 'en', 'Passport');"
             "INSERT INTO catalogue_meta VALUES ('language', 'en');");
    static const char *const tables[] = {
        "organization",   "service",   "location",          "service_at_location",
        "address",        "phone",     "schedule",          "language",
        "taxonomy_term",  "attribute", "required_document", "translation",
        "catalogue_meta",
    };
    char *before[ARRAY_LEN(tables)];
    for (size_t i = 0; i < ARRAY_LEN(tables); i++) {
        before[i] = table_rows(raw, tables[i]);
        if (!*before[i])
            fail_msg("%s is empty before the migration", tables[i]);
    }
    sqlite3_close(raw);

    struct catalog *cat = open_ok(path, CATALOG_READWRITE);
    sqlite3 *db = catalog_db(cat);
    assert_int_equal(scalar(db, "PRAGMA user_version"), CATALOG_SCHEMA_VERSION);
    assert_int_equal(scalar(db, "PRAGMA foreign_keys"), 1);
    /* Compared over the old columns: service has gained url, all NULL. */
    raw = raw_open(path);
    raw_exec(raw, "CREATE TEMP VIEW service_v2 AS SELECT id, hsds_id, organization_id, name,"
                  " description, status, eligibility_description, fees_description,"
                  " application_process, minimum_age, maximum_age FROM main.service");
    /* ... and schedule valid_from, valid_to (NULL) and by_appointment (0). */
    raw_exec(raw, "CREATE TEMP VIEW schedule_v4 AS SELECT id, hsds_id, service_id, freq, byday,"
                  " opens_at, closes_at, description FROM main.schedule");
    for (size_t i = 0; i < ARRAY_LEN(tables); i++) {
        int service = strcmp(tables[i], "service") == 0;
        int schedule = strcmp(tables[i], "schedule") == 0;
        char *after = table_rows(raw, service    ? "service_v2"
                                      : schedule ? "schedule_v4"
                                                 : tables[i]);
        if (strcmp(before[i], after) != 0)
            fail_msg("%s changed:\n  before %s\n  after  %s", tables[i], before[i], after);
        free(after);
        free(before[i]);
    }
    sqlite3_close(raw);
    assert_int_equal(scalar(db, "SELECT count(*) FROM service WHERE url IS NOT NULL"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM schedule WHERE valid_from IS NOT NULL"
                                " OR valid_to IS NOT NULL OR by_appointment <> 0"),
                     0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    assert_string_equal(scalar_text(db, "PRAGMA integrity_check"), "ok");
    struct service_detail d;
    assert_int_equal(catalog_service_get(cat, 1, &d), CATALOG_OK);
    assert_int_equal(d.sensitive, 1);
    assert_string_equal(d.url, "https://org.example"); /* the organization's */
    assert_int_equal(d.trust[TRUST_POLICE].value, TRUST_NO);
    assert_int_equal(d.summary.audience, AUDIENCE_ANY);
    catalog_service_detail_free(&d);

    /* What version 3 adds is accepted; the texts still follow a term out. */
    raw_exec(db, "INSERT INTO taxonomy_term (id, hsds_id, code, taxonomy, name, position)"
                 " VALUES (3, 'au', 'uses-violence', 'frontdoor-audience', 'For', 2),"
                 " (4, 'w', 'afraid', 'frontdoor-worried', 'Afraid', 3);"
                 "INSERT INTO attribute VALUES (3, 'a3', 1, 3, NULL, NULL),"
                 " (4, 'a4', 1, 4, 'young', 'A team');"
                 "UPDATE service SET url = 'https://s.example/help';");
    assert_int_equal(catalog_service_get(cat, 1, &d), CATALOG_OK);
    assert_int_equal(d.summary.audience, AUDIENCE_USES_VIOLENCE);
    assert_string_equal(d.url, "https://s.example/help");
    catalog_service_detail_free(&d);
    assert_int_not_equal(
        sqlite3_exec(db,
                     "INSERT INTO taxonomy_term (hsds_id, code, taxonomy, name, position)"
                     " VALUES ('x', 'x', 'frontdoor-other', 'X', 9)",
                     NULL, NULL, NULL),
        SQLITE_OK);
    raw_exec(db, "DELETE FROM taxonomy_term WHERE id = 1;");
    assert_int_equal(scalar(db, "SELECT count(*) FROM translation WHERE entity = 'taxonomy_term'"),
                     0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM attribute"), 3); /* cascaded */
    catalog_close(cat);
}

/* An open that fails on a version-0 database leaves it at version 0 with
 * its one table. */
/* A version-3 database gets its search index when it is opened after
 * migration 4, without a new import. */
static void migration_4_builds_the_search_index(void **state)
{
    (void)state;
    const char *path = tmp_path("v3.db");
    sqlite3 *raw = raw_open(path);
    char err[256];
    assert_int_equal(schema_migrate_to(raw, 3, err, sizeof err), CATALOG_OK);
    raw_exec(raw, "PRAGMA foreign_keys = ON;"
                  "INSERT INTO organization (id, hsds_id, name) VALUES (1, 'o', 'Org');"
                  "INSERT INTO service (id, hsds_id, organization_id, name, status)"
                  " VALUES (1, 's', 1, 'Helpline', 'active');"
                  "INSERT INTO translation VALUES ('service', 1, 'name', 'en', 'Helpline'),"
                  " ('service', 1, 'name', 'fi', 'Auttava puhelin');");
    sqlite3_close(raw);

    struct catalog *cat = open_ok(path, CATALOG_READWRITE);
    struct search_results r;
    assert_int_equal(catalog_search(cat, "auttava", 10, &r), CATALOG_OK);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.items[0].service.hsds_id, "s");
    catalog_search_free(&r);
    assert_string_equal(
        scalar_text(catalog_db(cat), "SELECT value FROM catalogue_meta WHERE key = 'search_index'"),
        "");
    catalog_close(cat);
}

static void refused_open_changes_nothing(void **state)
{
    (void)state;
    static const struct {
        const char *file, *sql;
        int flags;
        const char *reason; /* a word of the message */
    } cases[] = {
        /* A table in the way of the migration's last statement: the
         * statements before it must be rolled back with it. */
        {"conflict.db", "CREATE TABLE catalogue_meta (something_else INTEGER)", CATALOG_READWRITE,
         "migration"},
        /* Read-only never migrates. */
        {"old-ro.db", "CREATE TABLE scratch (x)", CATALOG_READONLY, "older"},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const char *path = tmp_path(cases[i].file);
        sqlite3 *raw = raw_open(path);
        raw_exec(raw, cases[i].sql);
        sqlite3_close(raw);

        struct catalog *cat = NULL;
        assert_int_equal(catalog_open(path, cases[i].flags, &cat), CATALOG_ERROR);
        if (!strstr(catalog_errmsg(cat), cases[i].reason) || !strstr(catalog_errmsg(cat), path))
            fail_msg("%s: unexpected message: %s", cases[i].file, catalog_errmsg(cat));
        catalog_close(cat);

        raw = raw_open(path);
        if (scalar(raw, "PRAGMA user_version") != 0 ||
            scalar(raw, "SELECT count(*) FROM sqlite_schema") != 1)
            fail_msg("%s was changed", cases[i].file);
        sqlite3_close(raw);
    }
}

static void newer_schema_refused_and_untouched(void **state)
{
    (void)state;
    const char *path = tmp_path("newer.db");
    sqlite3 *raw = raw_open(path);
    raw_exec(raw, "CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('from a newer build')");
    char sql[64];
    xsnprintf(sql, sizeof sql, "PRAGMA user_version = %d", CATALOG_SCHEMA_VERSION + 1);
    raw_exec(raw, sql);
    sqlite3_close(raw);

    size_t before_len, after_len;
    char *before = slurp(path, &before_len);
    static const int flags[] = {CATALOG_READWRITE, CATALOG_CREATE, CATALOG_READONLY};
    for (size_t i = 0; i < ARRAY_LEN(flags); i++) {
        struct catalog *cat = NULL;
        assert_int_equal(catalog_open(path, flags[i], &cat), CATALOG_TOO_NEW);
        assert_non_null(strstr(catalog_errmsg(cat), "newer"));
        assert_non_null(strstr(catalog_errmsg(cat), path));
        catalog_close(cat);
    }
    char *after = slurp(path, &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(before, after, before_len);
    /* Still a rollback-journal database: nobody switched it to WAL. */
    assert_int_equal(after[18], 1);
    assert_false(exists(tmp_path("newer.db-wal")));
    free(before);
    free(after);
}

static void newer_wal_schema_refused_and_untouched(void **state)
{
    (void)state;
    const char *path = tmp_path("newer-wal.db");
    struct catalog *cat = good_catalog("newer-wal.db");
    catalog_close(cat);
    sqlite3 *raw = raw_open(path);
    char sql[64];
    xsnprintf(sql, sizeof sql, "PRAGMA user_version = %d", CATALOG_SCHEMA_VERSION + 7);
    raw_exec(raw, sql);
    sqlite3_close(raw);

    size_t before_len, after_len;
    char *before = slurp(path, &before_len);
    assert_int_equal(catalog_open(path, CATALOG_READWRITE, &cat), CATALOG_TOO_NEW);
    catalog_close(cat);
    char *after = slurp(path, &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(before, after, before_len);
    free(before);
    free(after);
}

static void schema_guards_confidential_locations(void **state)
{
    (void)state;
    struct catalog *cat = open_ok(tmp_path("guard.db"), CATALOG_CREATE);
    sqlite3 *db = catalog_db(cat);
    raw_exec(db, "INSERT INTO location (id, hsds_id, confidential) VALUES (1, 'refuge', 1)");
    raw_exec(db, "INSERT INTO location (id, hsds_id) VALUES (2, 'office')");
    raw_exec(db, "INSERT INTO address (hsds_id, location_id, address_1) VALUES ('a2', 2, 'St 1')");
    raw_exec(db, "INSERT INTO organization (id, hsds_id, name) VALUES (1, 'o', 'Org')");
    assert_int_not_equal(sqlite3_exec(db,
                                      "INSERT INTO address (hsds_id, location_id, address_1)"
                                      " VALUES ('a1', 1, 'Secret 1')",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE address SET location_id = 1", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db, "UPDATE location SET confidential = 1 WHERE id = 2", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db, "UPDATE location SET latitude = 60.1 WHERE id = 1", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db,
                                      "INSERT INTO service (hsds_id, organization_id, name, status)"
                                      " VALUES ('s', 1, 'n', 'open')",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_equal(scalar(db, "SELECT count(*) FROM address WHERE address_1 LIKE 'Secret%'"), 0);
    catalog_close(cat);
}

/* ---- texts -------------------------------------------------------------- */

static void fallback_chain(void **state)
{
    (void)state;
    struct catalog *cat = good_catalog("fallback.db");
    int64_t crisis = service_id(cat, "svc-crisis");
    struct service_detail d;

    /* Arabic resident on a Finnish kiosk. */
    catalog_set_languages(cat, "ar", "fi");
    assert_int_equal(catalog_service_get(cat, crisis, &d), CATALOG_OK);
    assert_text(&d.summary.name, "خط الأزمات", "ar");                    /* requested */
    assert_text(&d.summary.description, "Puhu jonkun kanssa nyt", "fi"); /* kiosk default */
    assert_text(&d.eligibility, "Anyone in Finland", "en");              /* English */
    assert_text(&d.fees, "Gratis", "sv");                                /* any */
    assert_text(&d.application_process, NULL, NULL);                     /* none */
    assert_text(&d.summary.organization, "MIELI Suomen Mielenterveys ry", "fi");
    assert_text(&d.schedule_note, "Suljettu arkipyhinä", "fi");
    assert_text(&d.phones[0].description, "خط الأزمات", "ar");
    assert_text(&d.phones[1].description, "Front desk", "en");
    catalog_service_detail_free(&d);

    /* Swedish resident, Finnish default: Swedish only where it exists. */
    catalog_set_languages(cat, "sv", "fi");
    assert_int_equal(catalog_service_get(cat, crisis, &d), CATALOG_OK);
    assert_text(&d.summary.name, "Kriisipuhelin", "fi");
    assert_text(&d.fees, "Gratis", "sv");
    assert_text(&d.locations[0].transportation, "Raitiovaunut 3 ja 6 pysähtyvät oven edessä", "fi");
    catalog_service_detail_free(&d);

    /* Neither language present anywhere: English, then whatever exists. */
    catalog_set_languages(cat, "de", "uk");
    assert_int_equal(catalog_service_get(cat, crisis, &d), CATALOG_OK);
    assert_text(&d.summary.name, "Crisis helpline", "en");
    assert_text(&d.summary.description, "Talk to someone now", "en");
    assert_text(&d.fees, "Gratis", "sv");
    assert_text(&d.locations[0].transportation, "Trams 3 and 6 stop at the door", "en");
    catalog_service_detail_free(&d);

    struct need need;
    catalog_set_languages(cat, "ar", "fi");
    assert_int_equal(catalog_need_get(cat, "mental-health", &need), CATALOG_OK);
    assert_text(&need.name, "الصحة النفسية", "ar");
    assert_text(&need.description, "Support when things feel heavy", "en");
    catalog_need_free(&need);
    catalog_set_languages(cat, "so", "fi");
    assert_int_equal(catalog_need_get(cat, "mental-health", &need), CATALOG_OK);
    assert_text(&need.name, "Mielenterveys", "fi");
    catalog_need_free(&need);
    catalog_close(cat);
}

static void any_language_when_no_english(void **state)
{
    (void)state;
    /* A Finnish-only bundle read by an Arabic resident on a kiosk whose
     * default is Swedish: no English either, so "any" must still find it. */
    static const char bundle[] =
        "{\"format\": \"frontdoor-catalogue\", \"version\": 1, \"language\": \"fi\","
        " \"taxonomy_terms\": [{\"id\": \"n\", \"code\": \"help\", \"taxonomy\": "
        "\"frontdoor-need\", \"name\": \"Apu\"}],"
        " \"services\": [{\"id\": \"s\", \"name\": \"Neuvonta\", \"status\": \"active\","
        " \"organization\": {\"id\": \"o\", \"name\": \"Kaupunki\"},"
        " \"attributes\": [{\"taxonomy_term_id\": \"n\"}]}]}";
    struct catalog *cat = open_ok(tmp_path("fi-only.db"), CATALOG_CREATE);
    char err[512];
    assert_int_equal(
        import_buffer(cat, "fi.json", bundle, strlen(bundle), 0, NULL, err, sizeof err), 0);
    catalog_set_languages(cat, "ar", "sv");
    struct service_list list;
    assert_int_equal(catalog_services_for_need(cat, "help", &list), CATALOG_OK);
    assert_int_equal(list.n, 1);
    assert_text(&list.items[0].name, "Neuvonta", "fi");
    struct service_detail d;
    assert_int_equal(catalog_service_get(cat, list.items[0].id, &d), CATALOG_OK);
    assert_text(&d.summary.organization, "Kaupunki", "fi");
    catalog_service_detail_free(&d);
    catalog_service_list_free(&list);
    catalog_close(cat);
}

/* A list reads its names for all its services at once, a step of the
 * chain at a time; each service must still get its own first language, and
 * the list must say what the detail says, which adds the description and
 * the organization's name, each along the chain too. */
static void list_texts_each_along_the_chain(void **state)
{
    (void)state;
    struct catalog *cat = open_ok(tmp_path("list-chain.db"), CATALOG_CREATE);
    raw_exec(catalog_db(cat),
             "INSERT INTO organization (id, hsds_id, name) VALUES (1, 'o1', 'O'), (2, 'o2', 'O');"
             "INSERT INTO service (id, hsds_id, organization_id, name, status) VALUES"
             " (1, 's1', 1, 'n', 'active'), (2, 's2', 1, 'n', 'active'),"
             " (3, 's3', 1, 'n', 'active'), (4, 's4', 1, 'n', 'active'),"
             " (5, 's5', 2, 'n', 'active'), (6, 's6', 2, 'n', 'active');"
             "INSERT INTO taxonomy_term (id, hsds_id, code, taxonomy, name, position)"
             " VALUES (1, 't', 'help', 'frontdoor-need', 'Help', 0);"
             "INSERT INTO attribute (id, hsds_id, service_id, taxonomy_term_id) VALUES"
             " (1, 'a1', 6, 1), (2, 'a2', 5, 1), (3, 'a3', 4, 1), (4, 'a4', 3, 1),"
             " (5, 'a5', 2, 1), (6, 'a6', 1, 1);"
             "INSERT INTO translation VALUES"
             " ('service', 1, 'name', 'ar', 'Aamal'), ('service', 1, 'name', 'en', 'Zed'),"
             " ('service', 2, 'name', 'fi', 'Bfi'), ('service', 2, 'name', 'sv', 'Asv'),"
             " ('service', 3, 'name', 'en', 'Cen'), ('service', 3, 'description', 'fi', 'Dfi'),"
             " ('service', 4, 'name', 'sv', 'Dsv'), ('service', 4, 'name', 'da', 'D 12 da\n2'),"
             " ('service', 6, 'name', 'ar', 'Eamal'),"
             " ('service', 6, 'description', 'ti', 'Tti'),"
             " ('organization', 1, 'name', 'en', 'Oen'), ('organization', 1, 'name', 'fi', 'Ofi'),"
             " ('organization', 2, 'name', 'sv', 'Osv');");
    catalog_set_languages(cat, "ar", "fi");
    struct service_list list;
    assert_int_equal(catalog_services_for_need(cat, "help", &list), CATALOG_OK);
    assert_int_equal(list.n, 6);
    /* By name; the one without a name in any language first. */
    static const struct {
        const char *hsds_id, *name, *name_lang, *description, *description_lang, *org, *org_lang;
    } want[] = {
        {"s5", NULL, NULL, NULL, NULL, "Osv", "sv"},
        {"s1", "Aamal", "ar", NULL, NULL, "Ofi", "fi"}, /* requested */
        {"s2", "Bfi", "fi", NULL, NULL, "Ofi", "fi"},   /* kiosk default */
        {"s3", "Cen", "en", "Dfi", "fi", "Ofi", "fi"},  /* English */
        {"s4", "D 12 da\n2", "da", NULL, NULL, "Ofi",
         "fi"}, /* any, first by code; spaces, digits, a newline */
        {"s6", "Eamal", "ar", "Tti", "ti", "Osv", "sv"}, /* fields apart */
    };
    for (size_t i = 0; i < list.n; i++) {
        const struct service_summary *s = &list.items[i];
        assert_string_equal(s->hsds_id, want[i].hsds_id);
        assert_text(&s->name, want[i].name, want[i].name_lang);
        /* A list does not read what its cards do not show. */
        assert_text(&s->description, NULL, NULL);
        assert_text(&s->organization, NULL, NULL);
        struct service_detail d;
        assert_int_equal(catalog_service_get(cat, s->id, &d), CATALOG_OK);
        assert_text(&d.summary.name, want[i].name, want[i].name_lang);
        assert_text(&d.summary.description, want[i].description, want[i].description_lang);
        assert_text(&d.summary.organization, want[i].org, want[i].org_lang);
        catalog_service_detail_free(&d);
    }
    catalog_service_list_free(&list);
    catalog_close(cat);
}

/* ---- queries ------------------------------------------------------------ */

static void needs_in_bundle_order_with_counts(void **state)
{
    (void)state;
    struct catalog *cat = good_catalog("needs.db");
    struct need_list list;
    assert_int_equal(catalog_needs(cat, &list), CATALOG_OK);
    assert_int_equal(list.n, 3); /* facets are not needs */
    assert_string_equal(list.items[0].code, "mental-health");
    assert_string_equal(list.items[1].code, "housing");
    assert_string_equal(list.items[2].code, "youth");
    /* Crisis helpline (active) and Peer group (temporarily closed); not the
     * defunct drop-in nor the inactive group. */
    assert_int_equal(list.items[0].n_services, 2);
    assert_int_equal(list.items[1].n_services, 2);
    assert_int_equal(list.items[2].n_services, 0);
    assert_text(&list.items[1].name, "Housing", "en");
    assert_text(&list.items[1].description, NULL, NULL);
    catalog_need_list_free(&list);
    assert_null(list.items);

    struct need need;
    assert_int_equal(catalog_need_get(cat, "youth", &need), CATALOG_OK);
    assert_string_equal(need.code, "youth");
    catalog_need_free(&need);
    assert_int_equal(catalog_need_get(cat, "no-such-need", &need), CATALOG_NOT_FOUND);
    assert_int_equal(catalog_need_get(cat, "free", &need), CATALOG_NOT_FOUND); /* a facet */
    catalog_close(cat);
}

static void services_for_need(void **state)
{
    (void)state;
    struct catalog *cat = good_catalog("services.db");
    struct service_list list;
    assert_int_equal(catalog_services_for_need(cat, "mental-health", &list), CATALOG_OK);
    assert_int_equal(list.n, 2);
    assert_text(&list.items[0].name, "Crisis helpline", "en");
    assert_text(&list.items[1].name, "Peer group", "en");
    assert_string_equal(list.items[0].hsds_id, "svc-crisis");
    assert_string_equal(list.items[0].status, "active");
    assert_string_equal(list.items[1].status, "temporarily closed");
    assert_int_equal(list.items[0].facets, FACET_FREE | FACET_ANONYMOUS);
    assert_string_equal(list.items[0].languages, "fi,sv,en");
    struct service_detail d;
    assert_int_equal(catalog_service_get(cat, list.items[0].id, &d), CATALOG_OK);
    assert_text(&d.summary.organization, "Mieli Mental Health Finland", "en");
    assert_text(&d.summary.description, "Talk to someone now", "en");
    catalog_service_detail_free(&d);
    catalog_service_list_free(&list);

    assert_int_equal(catalog_services_for_need(cat, "housing", &list), CATALOG_OK);
    assert_int_equal(list.n, 2);
    assert_text(&list.items[0].name, "Housing advice", "en");
    assert_text(&list.items[1].name, "Women's refuge", "en");
    assert_int_equal(list.items[0].facets, FACET_WALK_IN | FACET_INTERPRETER);
    assert_int_equal(catalog_service_get(cat, list.items[0].id, &d), CATALOG_OK);
    assert_text(&d.summary.description, NULL, NULL); /* null in the bundle */
    catalog_service_detail_free(&d);
    catalog_service_list_free(&list);

    /* Sorted by the name in the resident's language. */
    catalog_set_languages(cat, "ar", "en");
    assert_int_equal(catalog_services_for_need(cat, "mental-health", &list), CATALOG_OK);
    assert_int_equal(list.n, 2);
    assert_text(&list.items[0].name, "Peer group", "en");
    assert_text(&list.items[1].name, "خط الأزمات", "ar");
    catalog_service_list_free(&list);

    assert_int_equal(catalog_services_for_need(cat, "no-such-need", &list), CATALOG_OK);
    assert_int_equal(list.n, 0);
    assert_null(list.items);
    catalog_service_list_free(&list);
    catalog_close(cat);
}

static void service_detail(void **state)
{
    (void)state;
    struct catalog *cat = good_catalog("detail.db");
    struct service_detail d;
    assert_int_equal(catalog_service_get(cat, service_id(cat, "svc-crisis"), &d), CATALOG_OK);
    assert_int_equal(d.n_locations, 1);
    assert_text(&d.locations[0].name, "City Centre Office", "en");
    assert_int_equal(d.locations[0].confidential, 0);
    /* The physical address, not the postal one. */
    assert_string_equal(d.locations[0].address, "Mannerheimintie 10, 00100 Helsinki");
    assert_int_equal(d.n_phones, 2);
    assert_string_equal(d.phones[0].number, "09 2525 0111"); /* the service's own first */
    assert_string_equal(d.phones[1].number, "+358 9 310 1000");
    assert_int_equal(d.summary.n_openings, 6);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(d.summary.openings[i].weekday, i + 1);
        assert_string_equal(d.summary.openings[i].opens_at, "09:00");
        assert_string_equal(d.summary.openings[i].closes_at, "16:00");
    }
    assert_int_equal(d.summary.openings[5].weekday, 6);
    assert_string_equal(d.summary.openings[5].opens_at, "10:00"); /* seconds dropped */
    assert_string_equal(d.summary.openings[5].closes_at, "14:00");
    assert_text(&d.schedule_note, "Closed on public holidays", "en");
    assert_int_equal(d.n_languages, 3);
    assert_string_equal(d.languages[0], "fi");
    assert_string_equal(d.languages[2], "en");
    /* Trust facts: given ones with their label, the rest unknown. */
    assert_int_equal(d.sensitive, 1);
    assert_int_equal(d.trust[TRUST_POLICE].value, TRUST_WHEN_REQUIRED);
    assert_text(&d.trust[TRUST_POLICE].label, "Only if someone's life is in danger.", "en");
    assert_int_equal(d.trust[TRUST_ANONYMOUS].value, TRUST_YES);
    assert_text(&d.trust[TRUST_ANONYMOUS].label, NULL, NULL);
    assert_int_equal(d.trust[TRUST_RESIDENCE_STATUS].value, TRUST_UNKNOWN);
    assert_int_equal(d.trust[TRUST_IMMIGRATION].value, TRUST_UNKNOWN);
    assert_int_equal(d.n_documents, 0);
    assert_int_equal(d.minimum_age, -1);
    assert_int_equal(d.maximum_age, -1);
    catalog_service_detail_free(&d);
    assert_null(d.locations);

    /* Labels and documents follow the language chain like every text. */
    catalog_set_languages(cat, "fi", "en");
    assert_int_equal(catalog_service_get(cat, service_id(cat, "svc-crisis"), &d), CATALOG_OK);
    assert_text(&d.trust[TRUST_POLICE].label, "Vain jos jonkun henki on vaarassa.", "fi");
    catalog_service_detail_free(&d);
    assert_int_equal(catalog_service_get(cat, service_id(cat, "svc-housing"), &d), CATALOG_OK);
    assert_int_equal(d.sensitive, 0);
    /* The facet "interpreter" answers the trust fact nobody gave. */
    assert_int_equal(d.trust[TRUST_INTERPRETER].value, TRUST_YES);
    assert_int_equal(d.trust[TRUST_ANONYMOUS].value, TRUST_UNKNOWN);
    assert_int_equal(d.minimum_age, 18);
    assert_int_equal(d.n_documents, 2);
    assert_text(&d.documents[0], "Passi tai muu henkilöllisyystodistus", "fi");
    assert_text(&d.documents[1], "Rent agreement", "en");
    catalog_service_detail_free(&d);
    catalog_set_languages(cat, "en", "en");

    assert_int_equal(catalog_service_get(cat, service_id(cat, "svc-refuge"), &d), CATALOG_OK);
    assert_int_equal(d.n_locations, 1);
    assert_int_equal(d.locations[0].confidential, 1);
    assert_null(d.locations[0].address);
    assert_text(&d.locations[0].name, "Safe house", "en");
    assert_int_equal(d.summary.n_openings, 7);
    assert_int_equal(d.summary.openings[6].weekday, 7);
    assert_text(&d.schedule_note, NULL, NULL);
    catalog_service_detail_free(&d);

    /* Defunct services are left out of lists but still readable by id. */
    assert_int_equal(catalog_service_get(cat, service_id(cat, "svc-old"), &d), CATALOG_OK);
    assert_string_equal(d.summary.status, "defunct");
    assert_int_equal(d.n_locations, 0);
    assert_int_equal(d.n_phones, 0);
    catalog_service_detail_free(&d);

    assert_int_equal(catalog_service_get(cat, 999999, &d), CATALOG_NOT_FOUND);
    assert_null(d.summary.name.text);
    catalog_close(cat);
}

static void sample_flag_and_info(void **state)
{
    (void)state;
    struct catalog *cat = open_ok(tmp_path("info.db"), CATALOG_CREATE);
    struct catalog_info info;
    assert_int_equal(catalog_info(cat, &info), CATALOG_OK);
    assert_int_equal(info.schema_version, CATALOG_SCHEMA_VERSION);
    assert_int_equal(info.services, 0);
    assert_int_equal(info.sample, 0);
    assert_string_equal(info.language, "");
    assert_int_equal(catalog_is_sample(cat), 0);

    import_ok(cat, fixture("import-good.json"), NULL);
    assert_int_equal(catalog_is_sample(cat), 0);
    assert_int_equal(catalog_info(cat, &info), CATALOG_OK);
    assert_int_equal(info.services, 6);
    assert_int_equal(info.organizations, 3);
    assert_int_equal(info.locations, 2);
    assert_int_equal(info.taxonomy_terms, 10);
    assert_int_equal(info.texts, scalar(catalog_db(cat), "SELECT count(*) FROM translation"));
    assert_string_equal(info.language, "en");
    /* A date, never a time. */
    assert_int_equal(strlen(info.imported_on), 10);
    assert_int_equal(info.imported_on[4], '-');
    assert_int_equal(info.imported_on[7], '-');

    static const char sample[] =
        "{\"format\": \"frontdoor-catalogue\", \"version\": 1, \"language\": \"en\","
        " \"sample\": true, \"taxonomy_terms\": [], \"services\": []}";
    char err[512];
    assert_int_equal(import_buffer(cat, "s.json", sample, strlen(sample), IMPORT_ALLOW_EMPTY, NULL,
                                   err, sizeof err),
                     0);
    assert_int_equal(catalog_is_sample(cat), 1);
    assert_int_equal(catalog_info(cat, &info), CATALOG_OK);
    assert_int_equal(info.sample, 1);
    assert_int_equal(info.services, 0);
    catalog_close(cat);
}

/* ---- change detection and snapshots ---------------------------------------- */

static void changed_after_another_connection_commits(void **state)
{
    (void)state;
    struct catalog *cat = good_catalog("changed.db");
    assert_int_equal(catalog_changed(cat), 0); /* the first call */

    struct need_list list;
    assert_int_equal(catalog_needs(cat, &list), CATALOG_OK);
    catalog_need_list_free(&list);
    assert_int_equal(catalog_changed(cat), 0);
    /* This handle's own import is not another connection's. */
    import_ok(cat, fixture("import-good.json"), NULL);
    assert_int_equal(catalog_changed(cat), 0);

    /* Opening changes nothing; a refused import commits nothing. */
    struct catalog *other = open_ok(tmp_path("changed.db"), CATALOG_READWRITE);
    char err[1024];
    assert_int_not_equal(
        import_file(other, fixture("import-bad-last.json"), 0, NULL, err, sizeof err), 0);
    assert_int_equal(catalog_changed(cat), 0);

    import_ok(other, fixture("import-good.json"), NULL);
    assert_int_equal(catalog_changed(cat), 1);
    assert_int_equal(catalog_changed(cat), 0);
    import_ok(other, fixture("import-good.json"), NULL);
    import_ok(other, fixture("import-good.json"), NULL);
    assert_int_equal(catalog_changed(cat), 1); /* two commits, one answer */
    assert_int_equal(catalog_changed(cat), 0);
    catalog_close(other);
    catalog_close(cat);
}

/* The kiosk opens its catalogue read-only. */
static void changed_on_readonly_open(void **state)
{
    (void)state;
    struct catalog *writer = good_catalog("changed-ro.db");
    struct catalog *cat = open_ok(tmp_path("changed-ro.db"), CATALOG_READONLY);
    assert_int_equal(catalog_changed(cat), 0);
    struct service_list list;
    assert_int_equal(catalog_services_for_need(cat, "housing", &list), CATALOG_OK);
    catalog_service_list_free(&list);
    assert_int_equal(catalog_changed(cat), 0);

    import_ok(writer, fixture("import-good.json"), NULL);
    assert_int_equal(catalog_changed(cat), 1);
    assert_int_equal(catalog_changed(cat), 0);
    catalog_close(writer);
    catalog_close(cat);
}

/* Another catalogue, one service: imported over import-good.json its
 * service takes the id the first service had. */
static const char other_bundle[] =
    "{\"format\": \"frontdoor-catalogue\", \"version\": 1, \"language\": \"fi\","
    " \"taxonomy_terms\": [],"
    " \"services\": [{\"id\": \"svc-other\", \"name\": \"Toinen palvelu\", \"status\": \"active\","
    " \"organization\": {\"id\": \"org-other\", \"name\": \"Toinen\"},"
    " \"phones\": [{\"id\": \"ph-other\", \"number\": \"000 000\"}]}]}";

/* Imports other_bundle through another connection the moment the reader's
 * connection starts the first statement whose SQL contains `at`: between
 * two reads of one query, where an import in another process can land. */
struct interleave {
    const char *at;
    struct catalog *other;
    int done;
    int rc;
};

static int import_between_reads(unsigned type, void *ctx, void *stmt, void *sql_text)
{
    (void)type;
    (void)sql_text;
    struct interleave *il = ctx;
    const char *sql = sqlite3_sql(stmt);
    if (il->done || !sql || !strstr(sql, il->at))
        return 0;
    il->done = 1;
    char err[512];
    il->rc = import_buffer(il->other, "other.json", other_bundle, strlen(other_bundle), 0, NULL,
                           err, sizeof err);
    return 0;
}

static void interleave_start(struct interleave *il, struct catalog *cat, const char *name,
                             const char *at)
{
    *il = (struct interleave){.at = at, .other = open_ok(tmp_path(name), CATALOG_READWRITE)};
    sqlite3_trace_v2(catalog_db(cat), SQLITE_TRACE_STMT, import_between_reads, il);
}

/* The import happened, during the query and not before it. */
static void interleave_end(struct interleave *il, struct catalog *cat)
{
    sqlite3_trace_v2(catalog_db(cat), 0, NULL, NULL);
    catalog_close(il->other);
    assert_true(il->done);
    assert_int_equal(il->rc, 0);
}

static void service_detail_is_one_snapshot(void **state)
{
    (void)state;
    struct catalog *cat = good_catalog("snapshot.db");
    int64_t crisis = service_id(cat, "svc-crisis");
    assert_int_equal(catalog_changed(cat), 0);

    /* The phones are read after the service's name. */
    struct interleave il;
    interleave_start(&il, cat, "snapshot.db", "FROM phone");
    struct service_detail d;
    assert_int_equal(catalog_service_get(cat, crisis, &d), CATALOG_OK);
    interleave_end(&il, cat);
    assert_text(&d.summary.name, "Crisis helpline", "en");
    assert_int_equal(d.n_phones, 2);
    assert_string_equal(d.phones[0].number, "09 2525 0111");
    catalog_service_detail_free(&d);

    /* The next query sees the whole import, and the id now names another
     * service: what catalog_changed() is there to tell. */
    assert_int_equal(catalog_changed(cat), 1);
    assert_int_equal(service_id(cat, "svc-other"), crisis);
    assert_int_equal(catalog_service_get(cat, crisis, &d), CATALOG_OK);
    assert_text(&d.summary.name, "Toinen palvelu", "fi");
    assert_int_equal(d.n_phones, 1);
    assert_string_equal(d.phones[0].number, "000 000");
    catalog_service_detail_free(&d);
    catalog_close(cat);
}

static void info_is_one_snapshot(void **state)
{
    (void)state;
    struct catalog *cat = good_catalog("snapshot-info.db");
    /* The counts are read after the metadata. */
    struct interleave il;
    interleave_start(&il, cat, "snapshot-info.db", "count(*)");
    struct catalog_info info;
    assert_int_equal(catalog_info(cat, &info), CATALOG_OK);
    interleave_end(&il, cat);
    assert_string_equal(info.language, "en");
    assert_int_equal(info.services, 6);

    assert_int_equal(catalog_info(cat, &info), CATALOG_OK);
    assert_string_equal(info.language, "fi");
    assert_int_equal(info.services, 1);
    catalog_close(cat);
}

/* A query that fails part way ends its read: nothing left open to pin the
 * WAL or to refuse the next import on this handle. */
static void failed_query_ends_its_read(void **state)
{
    (void)state;
    struct catalog *cat = good_catalog("failed-read.db");
    sqlite3 *db = catalog_db(cat);
    int64_t crisis = service_id(cat, "svc-crisis");
    struct service_detail d;
    struct need need;
    assert_int_equal(catalog_service_get(cat, 999999, &d), CATALOG_NOT_FOUND);
    assert_true(sqlite3_get_autocommit(db));
    assert_int_equal(catalog_need_get(cat, "no-such-need", &need), CATALOG_NOT_FOUND);
    assert_true(sqlite3_get_autocommit(db));

    /* The phones are read after much else of the service. */
    raw_exec(db, "DROP TABLE phone");
    assert_int_equal(catalog_service_get(cat, crisis, &d), CATALOG_ERROR);
    assert_non_null(strstr(catalog_errmsg(cat), "phone"));
    assert_null(d.summary.name.text);
    assert_null(d.locations);
    assert_true(sqlite3_get_autocommit(db));
    catalog_close(cat);
}

/* ---- crisis lines, audiences and the worried-about-someone path ----------- */

/* tests/data/catalog-paths.json in a fresh database tmpdir/name. */
static struct catalog *paths_catalog(const char *name)
{
    struct catalog *cat = open_ok(tmp_path(name), CATALOG_CREATE);
    import_ok(cat, fixture("catalog-paths.json"), NULL);
    return cat;
}

/* The list holds exactly these services, in this order. */
static void assert_ids(const struct service_list *list, const char *const *ids, size_t n)
{
    for (size_t i = 0; i < list->n && i < n; i++) {
        if (strcmp(list->items[i].hsds_id, ids[i]) != 0)
            fail_msg("item %zu is %s, not %s", i, list->items[i].hsds_id, ids[i]);
    }
    if (list->n != n)
        fail_msg("%zu items, not %zu", list->n, n);
}

static void crisis_lines_in_catalogue_order(void **state)
{
    (void)state;
    struct catalog *cat = paths_catalog("crisis.db");
    struct service_list list;
    assert_int_equal(catalog_crisis_lines(cat, &list), CATALOG_OK);
    /* Bundle order, not by name; the temporarily closed one listed (its only
     * number is its location's), the inactive one not. */
    static const char *const want[] = {"svc-hotline", "svc-chat"};
    assert_ids(&list, want, ARRAY_LEN(want));
    assert_int_equal(list.items[0].facets, FACET_CRISIS_LINE);
    assert_int_equal(list.items[0].audience, AUDIENCE_AFFECTED);
    assert_int_equal(list.items[0].n_openings, 7);
    assert_string_equal(list.items[0].openings[6].closes_at, "23:59");
    assert_string_equal(list.items[0].languages, "en,fi");
    assert_string_equal(list.items[1].status, "temporarily closed");
    assert_text(&list.items[0].note, NULL, NULL);
    catalog_service_list_free(&list);
    assert_null(list.items);

    /* A catalogue without the facet has none. */
    struct catalog *good = good_catalog("crisis-none.db");
    assert_int_equal(catalog_crisis_lines(good, &list), CATALOG_OK);
    assert_int_equal(list.n, 0);
    catalog_service_list_free(&list);
    catalog_close(good);
    catalog_close(cat);
}

static void need_lists_order_by_audience(void **state)
{
    (void)state;
    struct catalog *cat = paths_catalog("audience.db");
    struct service_list list;
    assert_int_equal(catalog_services_for_need(cat, "violence", &list), CATALOG_OK);
    /* The crisis line; then the affected and anyone by name; then close
     * ones; the service for people who use violence last, although its name
     * comes first. */
    static const char *const want[] = {"svc-hotline", "svc-advice",  "svc-counselling",
                                       "svc-refuge",  "svc-friends", "svc-anger"};
    assert_ids(&list, want, ARRAY_LEN(want));
    static const int audiences[] = {AUDIENCE_AFFECTED, AUDIENCE_ANY,        AUDIENCE_ANY,
                                    AUDIENCE_AFFECTED, AUDIENCE_CLOSE_ONES, AUDIENCE_USES_VIOLENCE};
    for (size_t i = 0; i < ARRAY_LEN(audiences); i++)
        assert_int_equal(list.items[i].audience, audiences[i]);
    assert_int_equal(list.items[1].facets, FACET_FREE);
    catalog_service_list_free(&list);
    catalog_close(cat);
}

static void audience_and_worried_codes(void **state)
{
    (void)state;
    static const char *const audience[] = {NULL, "affected", "close-ones", "uses-violence"};
    static const char *const who[] = {"young", "partner", "family-friend", "someone-else"};
    static const char *const what[] = {"self-harm",  "afraid",      "violence",
                                       "substances", "home-safety", "other"};
    _Static_assert(ARRAY_LEN(audience) == N_AUDIENCES, "every audience");
    _Static_assert(ARRAY_LEN(who) == N_WORRIED_WHO, "every who");
    _Static_assert(ARRAY_LEN(what) == N_WORRIED_WHAT, "every what");
    for (int i = 0; i < N_AUDIENCES; i++) {
        if (!audience[i]) {
            assert_null(catalog_audience_code(i));
            continue;
        }
        assert_string_equal(catalog_audience_code(i), audience[i]);
        assert_int_equal(catalog_audience(audience[i]), i);
    }
    for (int i = 0; i < N_WORRIED_WHO; i++) {
        assert_string_equal(catalog_worried_who_code(i), who[i]);
        assert_int_equal(catalog_worried_who(who[i]), i);
    }
    for (int i = 0; i < N_WORRIED_WHAT; i++) {
        assert_string_equal(catalog_worried_what_code(i), what[i]);
        assert_int_equal(catalog_worried_what(what[i]), i);
    }
    assert_null(catalog_audience_code(N_AUDIENCES));
    assert_null(catalog_worried_who_code(-1));
    assert_null(catalog_worried_what_code(N_WORRIED_WHAT));
    assert_int_equal(catalog_audience("any"), -1);
    assert_int_equal(catalog_audience(NULL), -1);
    assert_int_equal(catalog_worried_who("violence"), -1);
    assert_int_equal(catalog_worried_what("young"), -1);

    static const struct {
        const char *value;
        int rc;
        unsigned mask;
        const char *bad;
    } masks[] = {
        {NULL, 0, 0xf, ""},
        {"", 0, 0xf, ""},
        {"young", 0, 1u << WORRIED_YOUNG, ""},
        {"partner,someone-else", 0, 1u << WORRIED_PARTNER | 1u << WORRIED_SOMEONE_ELSE, ""},
        {" young , family-friend ", 0, 1u << WORRIED_YOUNG | 1u << WORRIED_FAMILY_FRIEND, ""},
        {"young,kids", -1, 0, "kids"},
        {"young,,partner", -1, 0, ""},
        {"young,", -1, 0, ""},
        {"Young", -1, 0, "Young"},
    };
    for (size_t i = 0; i < ARRAY_LEN(masks); i++) {
        unsigned mask = 99;
        char bad[16] = "";
        assert_int_equal(catalog_worried_who_mask(masks[i].value, &mask, bad, sizeof bad),
                         masks[i].rc);
        assert_int_equal(mask, masks[i].mask);
        assert_string_equal(bad, masks[i].bad);
    }
}

static void worried_services_by_who(void **state)
{
    (void)state;
    struct catalog *cat = paths_catalog("worried.db");
    struct service_list list;

    /* In bundle order, not by name: a city puts the family counselling and
     * the exit service before the prevention team, which only works with
     * young people. */
    assert_int_equal(catalog_worried_services(cat, WORRIED_YOUNG, WORRIED_VIOLENCE, &list),
                     CATALOG_OK);
    static const char *const young[] = {"svc-counselling", "svc-exit", "svc-anchor"};
    assert_ids(&list, young, ARRAY_LEN(young));
    assert_text(&list.items[0].note, "A family counsellor listens first.", "en");
    assert_text(&list.items[1].note, NULL, NULL);
    assert_text(&list.items[2].note, "Police, social work and youth work together.", "en");
    assert_text(&list.items[2].name, "Anchor team", "en");
    assert_string_equal(list.items[1].status, "temporarily closed");
    catalog_service_list_free(&list);

    /* The crisis line that applies to partners comes first. */
    assert_int_equal(catalog_worried_services(cat, WORRIED_PARTNER, WORRIED_VIOLENCE, &list),
                     CATALOG_OK);
    static const char *const partner[] = {"svc-chat", "svc-counselling", "svc-exit"};
    assert_ids(&list, partner, ARRAY_LEN(partner));
    catalog_service_list_free(&list);

    assert_int_equal(catalog_worried_services(cat, WORRIED_SOMEONE_ELSE, WORRIED_VIOLENCE, &list),
                     CATALOG_OK);
    static const char *const someone[] = {"svc-exit"};
    assert_ids(&list, someone, ARRAY_LEN(someone));
    catalog_service_list_free(&list);

    /* Crisis lines first even when the bundle links them later. */
    assert_int_equal(catalog_worried_services(cat, WORRIED_FAMILY_FRIEND, WORRIED_AFRAID, &list),
                     CATALOG_OK);
    static const char *const afraid[] = {"svc-hotline", "svc-refuge"};
    assert_ids(&list, afraid, ARRAY_LEN(afraid));
    assert_int_equal(list.items[0].n_openings, 7);
    catalog_service_list_free(&list);

    /* Only an inactive service links this one. */
    assert_int_equal(catalog_worried_services(cat, WORRIED_SOMEONE_ELSE, WORRIED_AFRAID, &list),
                     CATALOG_OK);
    assert_int_equal(list.n, 0);
    assert_null(list.items);
    /* No term for the answer at all. */
    assert_int_equal(catalog_worried_services(cat, WORRIED_YOUNG, WORRIED_SUBSTANCES, &list),
                     CATALOG_OK);
    assert_int_equal(list.n, 0);

    /* The note follows the language chain like every text. */
    catalog_set_languages(cat, "fi", "en");
    assert_int_equal(catalog_worried_services(cat, WORRIED_YOUNG, WORRIED_VIOLENCE, &list),
                     CATALOG_OK);
    assert_text(&list.items[2].note, "Poliisi, sosiaalityö ja nuorisotyö yhdessä.", "fi");
    assert_text(&list.items[0].note, "A family counsellor listens first.", "en");
    catalog_service_list_free(&list);

    static const int bad[][2] = {{-1, 0}, {N_WORRIED_WHO, 0}, {0, -1}, {0, N_WORRIED_WHAT}};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        list.n = 7;
        assert_int_equal(catalog_worried_services(cat, bad[i][0], bad[i][1], &list), CATALOG_ERROR);
        assert_int_equal(list.n, 0);
        assert_null(list.items);
        assert_non_null(strstr(catalog_errmsg(cat), "worried-path"));
    }
    assert_true(sqlite3_get_autocommit(catalog_db(cat)));
    catalog_close(cat);
}

static void worried_answers_that_lead_somewhere(void **state)
{
    (void)state;
    struct catalog *cat = paths_catalog("answers.db");
    static const unsigned want[N_WORRIED_WHO] = {
        [WORRIED_YOUNG] = 1u << WORRIED_SELF_HARM | 1u << WORRIED_AFRAID | 1u << WORRIED_VIOLENCE,
        [WORRIED_PARTNER] = 1u << WORRIED_SELF_HARM | 1u << WORRIED_AFRAID | 1u << WORRIED_VIOLENCE,
        [WORRIED_FAMILY_FRIEND] =
            1u << WORRIED_SELF_HARM | 1u << WORRIED_AFRAID | 1u << WORRIED_VIOLENCE,
        /* "afraid" only through an inactive service */
        [WORRIED_SOMEONE_ELSE] = 1u << WORRIED_SELF_HARM | 1u << WORRIED_VIOLENCE,
    };
    for (int who = 0; who < N_WORRIED_WHO; who++) {
        unsigned mask = 0;
        assert_int_equal(catalog_worried_answers(cat, who, &mask), CATALOG_OK);
        assert_int_equal(mask, want[who]);
        /* The same answer as listing every what. */
        for (int what = 0; what < N_WORRIED_WHAT; what++) {
            struct service_list list;
            assert_int_equal(catalog_worried_services(cat, who, what, &list), CATALOG_OK);
            assert_int_equal(list.n > 0, (mask >> what) & 1);
            catalog_service_list_free(&list);
        }
    }
    unsigned mask = 5;
    assert_int_equal(catalog_worried_answers(cat, N_WORRIED_WHO, &mask), CATALOG_ERROR);
    assert_int_equal(mask, 0);
    catalog_close(cat);

    /* A catalogue without the path. */
    cat = good_catalog("answers-none.db");
    mask = 5;
    assert_int_equal(catalog_worried_answers(cat, WORRIED_YOUNG, &mask), CATALOG_OK);
    assert_int_equal(mask, 0);
    catalog_close(cat);
}

static void service_web_address(void **state)
{
    (void)state;
    struct catalog *cat = paths_catalog("url.db");
    static const struct {
        const char *service, *url;
    } cases[] = {
        {"svc-counselling", "https://family.example/counselling"}, /* its own */
        {"svc-anger", "https://family.example/"},                  /* its organization's */
        {"svc-anchor", NULL},                                      /* neither */
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct service_detail d;
        assert_int_equal(catalog_service_get(cat, service_id(cat, cases[i].service), &d),
                         CATALOG_OK);
        if (cases[i].url)
            assert_string_equal(d.url, cases[i].url);
        else
            assert_null(d.url);
        catalog_service_detail_free(&d);
        assert_null(d.url);
    }
    /* The longest address the importer takes is stored whole; the schema
     * refuses what is not a web address. */
    char *json = xmalloc(4096);
    int n = xsnprintf(json, 4096,
                      "{\"format\": \"frontdoor-catalogue\", \"version\": 1, \"language\": \"en\","
                      " \"taxonomy_terms\": [], \"services\": [{\"id\": \"s\", \"name\": \"n\","
                      " \"status\": \"active\", \"organization\": {\"id\": \"o\", \"name\": "
                      "\"o\"}, \"url\": \"https://");
    memset(json + n, 'a', 2048 - 8);
    xsnprintf(json + n + 2048 - 8, 64, "\"}]}");
    char err[512];
    if (import_buffer(cat, "long-url.json", json, strlen(json), 0, NULL, err, sizeof err) != 0)
        fail_msg("%s", err);
    sqlite3 *db = catalog_db(cat);
    assert_int_equal(scalar(db, "SELECT length(url) FROM service"), 2048);
    struct service_detail d;
    assert_int_equal(catalog_service_get(cat, service_id(cat, "s"), &d), CATALOG_OK);
    assert_int_equal(strlen(d.url), 2048);
    catalog_service_detail_free(&d);
    free(json);
    static const char *const refused[] = {
        "UPDATE service SET url = 'ftp://example.org'",
        "UPDATE service SET url = 'https://'",
        "UPDATE service SET url = 'https://' || printf('%.2041c', 'a')",
    };
    for (size_t i = 0; i < ARRAY_LEN(refused); i++)
        assert_int_not_equal(sqlite3_exec(db, refused[i], NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(scalar(db, "SELECT length(url) FROM service"), 2048);
    catalog_close(cat);
}

/* ---- the sample city -------------------------------------------------------- */

static const char *const sample_languages[] = {"en", "fi", "sv", "da", "nb", "es",
                                               "ar", "fa", "uk", "ru", "so", "ti"};

static struct catalog *sample_catalog(const char *name)
{
    struct catalog *cat = open_ok(tmp_path(name), CATALOG_CREATE);
    import_ok(cat, TEST_SOURCE_DIR "/data/sample-catalogue.json", NULL);
    return cat;
}

/* Someone being hurt must not find a service for people who use violence at
 * the top of "Someone is hurting me", in any language: sorted by name alone,
 * it came first in Swedish and Somali. */
static void sample_violence_list_starts_with_help_for_the_person_hurt(void **state)
{
    (void)state;
    struct catalog *cat = sample_catalog("sample-violence.db");
    /* First the languages where it went wrong, all named at once. */
    char wrong[64] = "";
    size_t used = 0;
    for (size_t i = 0; i < ARRAY_LEN(sample_languages); i++) {
        catalog_set_languages(cat, sample_languages[i], "en");
        struct service_list list;
        assert_int_equal(catalog_services_for_need(cat, "violence", &list), CATALOG_OK);
        assert_true(list.n > 2);
        if (strcmp(list.items[0].hsds_id, "svc-help-to-stop-violence") == 0)
            xappend(wrong, sizeof wrong, &used, " %s", sample_languages[i]);
        catalog_service_list_free(&list);
    }
    if (*wrong)
        fail_msg("the service for people who use violence comes first in:%s", wrong);

    for (size_t i = 0; i < ARRAY_LEN(sample_languages); i++) {
        const char *lang = sample_languages[i];
        catalog_set_languages(cat, lang, "en");
        struct service_list list;
        assert_int_equal(catalog_services_for_need(cat, "violence", &list), CATALOG_OK);
        const struct service_summary *first = &list.items[0], *last = &list.items[list.n - 1];
        if (!(first->facets & FACET_CRISIS_LINE))
            fail_msg("%s: %s comes first, not a crisis line", lang, first->hsds_id);
        assert_string_equal(first->name.lang, lang);
        if (strcmp(last->hsds_id, "svc-help-to-stop-violence") != 0)
            fail_msg("%s: %s comes last", lang, last->hsds_id);
        /* Every service says who it is for; the one for people who use
         * violence is the only one of its kind, last. */
        for (size_t j = 0; j < list.n; j++) {
            if (list.items[j].audience == AUDIENCE_ANY)
                fail_msg("%s: %s has no audience", lang, list.items[j].hsds_id);
            if ((list.items[j].audience == AUDIENCE_USES_VIOLENCE) != (j == list.n - 1))
                fail_msg("%s: %s is out of place", lang, list.items[j].hsds_id);
        }
        catalog_service_list_free(&list);
    }
    catalog_close(cat);
}

static void sample_crisis_lines_and_worried_path(void **state)
{
    (void)state;
    struct catalog *cat = sample_catalog("sample-worried.db");
    struct service_list list;
    assert_int_equal(catalog_crisis_lines(cat, &list), CATALOG_OK);
    assert_true(list.n >= 3);
    for (size_t i = 0; i < list.n; i++) {
        struct service_detail d;
        assert_int_equal(catalog_service_get(cat, list.items[i].id, &d), CATALOG_OK);
        assert_true(d.n_phones > 0);
        assert_true(d.summary.n_openings > 0); /* its hours are stated */
        catalog_service_detail_free(&d);
    }
    catalog_service_list_free(&list);

    for (int who = 0; who < N_WORRIED_WHO; who++) {
        unsigned mask = 0;
        assert_int_equal(catalog_worried_answers(cat, who, &mask), CATALOG_OK);
        assert_int_equal(mask, (1u << N_WORRIED_WHAT) - 1);
        for (int what = 0; what < N_WORRIED_WHAT; what++) {
            for (size_t l = 0; l < ARRAY_LEN(sample_languages); l++) {
                catalog_set_languages(cat, sample_languages[l], "en");
                assert_int_equal(catalog_worried_services(cat, who, what, &list), CATALOG_OK);
                assert_true(list.n > 0);
                /* Each link says what happens, in every language. */
                for (size_t i = 0; i < list.n; i++) {
                    if (!list.items[i].note.text ||
                        strcmp(list.items[i].note.lang, sample_languages[l]) != 0)
                        fail_msg("%s %s %s: %s has no note", catalog_worried_who_code(who),
                                 catalog_worried_what_code(what), sample_languages[l],
                                 list.items[i].hsds_id);
                }
                if (what == WORRIED_SELF_HARM || what == WORRIED_AFRAID)
                    assert_true(list.items[0].facets & FACET_CRISIS_LINE);
                int anchor = 0;
                for (size_t i = 0; i < list.n; i++)
                    anchor |= strcmp(list.items[i].hsds_id, "svc-anchor-team") == 0;
                /* The prevention team works only with young people, and only
                 * after family counselling and the exit service. */
                assert_int_equal(anchor, what == WORRIED_VIOLENCE && who == WORRIED_YOUNG);
                if (what == WORRIED_VIOLENCE) {
                    assert_string_equal(list.items[0].hsds_id, who == WORRIED_SOMEONE_ELSE
                                                                   ? "svc-way-out"
                                                                   : "svc-family-counselling");
                    if (anchor)
                        assert_string_equal(list.items[list.n - 1].hsds_id, "svc-anchor-team");
                }
                catalog_service_list_free(&list);
            }
        }
    }
    catalog_close(cat);
}

static void facet_bits(void **state)
{
    (void)state;
    static const struct {
        const char *code;
        unsigned bit;
    } cases[] = {
        {"free", FACET_FREE},
        {"walk-in", FACET_WALK_IN},
        {"no-referral", FACET_NO_REFERRAL},
        {"no-id", FACET_NO_ID},
        {"anonymous", FACET_ANONYMOUS},
        {"interpreter", FACET_INTERPRETER},
        {"accessible", FACET_ACCESSIBLE},
        {"crisis-line", FACET_CRISIS_LINE},
        {"Free", 0},
        {"", 0},
        {"mental-health", 0},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++)
        assert_int_equal(catalog_facet_bit(cases[i].code), cases[i].bit);
    assert_int_equal(catalog_facet_bit(NULL), 0);
    /* The list the importer names in its messages: every facet, once. */
    unsigned seen = 0;
    int n = 0;
    for (; catalog_facet_code(n); n++) {
        unsigned bit = catalog_facet_bit(catalog_facet_code(n));
        assert_true(bit && !(seen & bit));
        seen |= bit;
    }
    assert_int_equal(n, 8);
    assert_null(catalog_facet_code(-1));
}

static void free_functions_accept_null(void **state)
{
    (void)state;
    catalog_close(NULL);
    fd_text_free(NULL);
    catalog_need_free(NULL);
    catalog_need_list_free(NULL);
    catalog_service_list_free(NULL);
    catalog_service_detail_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(schema_created_from_empty),
        cmocka_unit_test(missing_file_without_create),
        cmocka_unit_test(migration_sets_user_version),
        cmocka_unit_test(migration_2_keeps_the_catalogue),
        cmocka_unit_test(migration_2_refuses_a_broken_database),
        cmocka_unit_test(migration_3_keeps_the_catalogue),
        cmocka_unit_test(migration_4_builds_the_search_index),
        cmocka_unit_test(refused_open_changes_nothing),
        cmocka_unit_test(newer_schema_refused_and_untouched),
        cmocka_unit_test(newer_wal_schema_refused_and_untouched),
        cmocka_unit_test(schema_guards_confidential_locations),
        cmocka_unit_test(fallback_chain),
        cmocka_unit_test(any_language_when_no_english),
        cmocka_unit_test(list_texts_each_along_the_chain),
        cmocka_unit_test(needs_in_bundle_order_with_counts),
        cmocka_unit_test(services_for_need),
        cmocka_unit_test(service_detail),
        cmocka_unit_test(sample_flag_and_info),
        cmocka_unit_test(changed_after_another_connection_commits),
        cmocka_unit_test(changed_on_readonly_open),
        cmocka_unit_test(service_detail_is_one_snapshot),
        cmocka_unit_test(info_is_one_snapshot),
        cmocka_unit_test(failed_query_ends_its_read),
        cmocka_unit_test(crisis_lines_in_catalogue_order),
        cmocka_unit_test(need_lists_order_by_audience),
        cmocka_unit_test(audience_and_worried_codes),
        cmocka_unit_test(worried_services_by_who),
        cmocka_unit_test(worried_answers_that_lead_somewhere),
        cmocka_unit_test(service_web_address),
        cmocka_unit_test(sample_violence_list_starts_with_help_for_the_person_hurt),
        cmocka_unit_test(sample_crisis_lines_and_worried_path),
        cmocka_unit_test(facet_bits),
        cmocka_unit_test(free_functions_accept_null),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
