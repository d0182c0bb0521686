/* test_catalog.c: the catalogue store: schema and migrations, the version
 * guard, the text fallback chain and the queries the kiosk's screens use.
 *
 * Each test works on its own database file in a fresh temporary directory
 * and checks results both through catalog.h and with raw SQL, so a query
 * that hides a wrong row still fails.
 */
#include "test_util.h"

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

static void raw_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
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

/* An open that fails on a version-0 database leaves it at version 0 with
 * its one table. */
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
    assert_int_equal(import_buffer(cat, "fi.json", bundle, strlen(bundle), NULL, err, sizeof err),
                     0);
    catalog_set_languages(cat, "ar", "sv");
    struct service_list list;
    assert_int_equal(catalog_services_for_need(cat, "help", &list), CATALOG_OK);
    assert_int_equal(list.n, 1);
    assert_text(&list.items[0].name, "Neuvonta", "fi");
    assert_text(&list.items[0].organization, "Kaupunki", "fi");
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
    assert_text(&list.items[0].organization, "Mieli Mental Health Finland", "en");
    assert_text(&list.items[0].description, "Talk to someone now", "en");
    catalog_service_list_free(&list);

    assert_int_equal(catalog_services_for_need(cat, "housing", &list), CATALOG_OK);
    assert_int_equal(list.n, 2);
    assert_text(&list.items[0].name, "Housing advice", "en");
    assert_text(&list.items[1].name, "Women's refuge", "en");
    assert_int_equal(list.items[0].facets, FACET_WALK_IN | FACET_INTERPRETER);
    assert_text(&list.items[0].description, NULL, NULL); /* null in the bundle */
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
    assert_int_equal(import_buffer(cat, "s.json", sample, strlen(sample), NULL, err, sizeof err),
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
    assert_int_not_equal(import_file(other, fixture("import-bad-last.json"), NULL, err, sizeof err),
                         0);
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
    il->rc = import_buffer(il->other, "other.json", other_bundle, strlen(other_bundle), NULL, err,
                           sizeof err);
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
        {"Free", 0},
        {"", 0},
        {"mental-health", 0},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++)
        assert_int_equal(catalog_facet_bit(cases[i].code), cases[i].bit);
    assert_int_equal(catalog_facet_bit(NULL), 0);
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
        cmocka_unit_test(refused_open_changes_nothing),
        cmocka_unit_test(newer_schema_refused_and_untouched),
        cmocka_unit_test(newer_wal_schema_refused_and_untouched),
        cmocka_unit_test(schema_guards_confidential_locations),
        cmocka_unit_test(fallback_chain),
        cmocka_unit_test(any_language_when_no_english),
        cmocka_unit_test(needs_in_bundle_order_with_counts),
        cmocka_unit_test(services_for_need),
        cmocka_unit_test(service_detail),
        cmocka_unit_test(sample_flag_and_info),
        cmocka_unit_test(changed_after_another_connection_commits),
        cmocka_unit_test(changed_on_readonly_open),
        cmocka_unit_test(service_detail_is_one_snapshot),
        cmocka_unit_test(info_is_one_snapshot),
        cmocka_unit_test(failed_query_ends_its_read),
        cmocka_unit_test(facet_bits),
        cmocka_unit_test(free_functions_accept_null),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
