/* test_import.c: the bundle importer: a good bundle lands whole, a refuge's
 * address never reaches the database file, and every kind of bad input is
 * refused with "FILE: json.path: message" while the old catalogue stays
 * exactly as it was.
 */
#define _GNU_SOURCE /* memmem */
#include "test_util.h"

#include <fcntl.h>
#include <sys/stat.h>

static int make_tmpdir(void **state)
{
    (void)state;
    return tmpdir_create("fd-import");
}

/* Counts rows, over every column of every table, whose text contains
 * `needle`: where a leaked address would have to be. */
static long long occurrences(sqlite3 *db, const char *needle)
{
    sqlite3_stmt *tables = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table'",
                                        -1, &tables, NULL),
                     SQLITE_OK);
    long long total = 0;
    int n_tables = 0;
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *table = (const char *)sqlite3_column_text(tables, 0);
        char sql[512];
        xsnprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s')", table);
        sqlite3_stmt *cols = NULL;
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &cols, NULL), SQLITE_OK);
        while (sqlite3_step(cols) == SQLITE_ROW) {
            const char *col = (const char *)sqlite3_column_text(cols, 0);
            char *q =
                sqlite3_mprintf("SELECT count(*) FROM \"%w\" WHERE instr(CAST(\"%w\" AS TEXT),"
                                " %Q) > 0",
                                table, col, needle);
            total += scalar(db, q);
            sqlite3_free(q);
        }
        sqlite3_finalize(cols);
        n_tables++;
    }
    sqlite3_finalize(tables);
    assert_true(n_tables >= 12);
    return total;
}

static int file_contains(const char *path, const char *needle)
{
    size_t n;
    char *buf = slurp(path, &n);
    int found = memmem(buf, n, needle, strlen(needle)) != NULL;
    free(buf);
    return found;
}

/* ---- good input --------------------------------------------------------- */

static void valid_import(void **state)
{
    (void)state;
    struct catalog *cat = open_ok(tmp_path("valid.db"), CATALOG_CREATE);
    struct import_stats st;
    import_ok(cat, fixture("import-good.json"), &st);
    assert_int_equal(st.services, 6);
    assert_int_equal(st.organizations, 3);
    assert_int_equal(st.locations, 2);
    assert_int_equal(st.taxonomy_terms, 10);
    assert_int_equal(st.translations, 12);
    assert_int_equal(st.addresses_dropped, 1);
    assert_good_catalogue(catalog_db(cat));

    sqlite3 *db = catalog_db(cat);
    /* A location shared by two services is stored once, linked twice. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM service_at_location"), 3);
    assert_int_equal(scalar(db, "SELECT count(*) FROM service_at_location sal JOIN location l"
                                " ON l.id = sal.location_id WHERE l.hsds_id = 'loc-centre'"),
                     2);
    /* Base-language texts are translation rows too. */
    assert_string_equal(scalar_text(db, "SELECT t.text FROM translation t JOIN service s"
                                        " ON t.entity = 'service' AND t.entity_id = s.id"
                                        " WHERE s.hsds_id = 'svc-crisis' AND t.field = 'name'"
                                        " AND t.lang = 'en'"),
                        "Crisis helpline");
    /* Null and missing optional fields are not stored as texts. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM translation t JOIN service s"
                                " ON t.entity = 'service' AND t.entity_id = s.id"
                                " WHERE s.hsds_id = 'svc-housing' AND t.field = 'description'"),
                     0);
    assert_string_equal(scalar_text(db, "SELECT opens_at FROM schedule"
                                        " WHERE hsds_id = 'sch-crisis-sat'"),
                        "10:00");
    assert_string_equal(scalar_text(db, "SELECT freq FROM schedule"
                                        " WHERE hsds_id = 'sch-crisis-sat'"),
                        "WEEKLY");
    /* Nested objects without an id get one made from their owner. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM language"
                                " WHERE hsds_id = 'svc-crisis#languages[1]' AND code = 'sv'"),
                     1);
    assert_int_equal(scalar(db, "SELECT position FROM taxonomy_term WHERE code = 'youth'"), 2);
    assert_int_equal(scalar(db, "SELECT minimum_age FROM service WHERE hsds_id = 'svc-housing'"),
                     18);
    assert_string_equal(scalar_text(db, "PRAGMA integrity_check"), "ok");
    assert_int_equal(scalar(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    catalog_close(cat);
}

static void confidential_address_never_stored(void **state)
{
    (void)state;
    const char *path = tmp_path("refuge.db");
    struct catalog *cat = open_ok(path, CATALOG_CREATE);
    struct import_stats st;
    import_ok(cat, fixture("import-good.json"), &st);
    assert_int_equal(st.addresses_dropped, 1);
    sqlite3 *db = catalog_db(cat);

    /* The scan finds an ordinary address, so finding nothing means
     * something. */
    assert_true(occurrences(db, "Mannerheimintie 10") > 0);
    assert_int_equal(occurrences(db, "Salainen katu"), 0);
    assert_int_equal(occurrences(db, "00990"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM address a JOIN location l"
                                " ON l.id = a.location_id WHERE l.hsds_id = 'loc-refuge'"),
                     0);
    assert_int_equal(scalar(db, "SELECT latitude IS NULL AND longitude IS NULL AND confidential"
                                " FROM location WHERE hsds_id = 'loc-refuge'"),
                     1);
    assert_true(scalar(db, "SELECT latitude FROM location WHERE hsds_id = 'loc-centre'") > 59);
    /* Not in the WAL either, which holds everything written so far. */
    char wal[512];
    xsnprintf(wal, sizeof wal, "%s-wal", path);
    assert_true(file_contains(wal, "Mannerheimintie 10"));
    assert_false(file_contains(wal, "Salainen katu"));
    catalog_close(cat);
    /* Nor in the database file once everything is checkpointed into it. */
    assert_true(file_contains(path, "Mannerheimintie 10"));
    assert_false(file_contains(path, "Salainen katu"));
}

static void reimport_replaces_everything(void **state)
{
    (void)state;
    struct catalog *cat = good_catalog("replace.db");
    static const char small[] =
        "{\"format\": \"frontdoor-catalogue\", \"version\": 1, \"language\": \"sv\","
        " \"taxonomy_terms\": [{\"id\": \"n\", \"code\": \"help\", \"taxonomy\": "
        "\"frontdoor-need\", \"name\": \"Hjälp\"}],"
        " \"services\": [{\"id\": \"s\", \"name\": \"Rådgivning\", \"status\": \"active\","
        " \"organization\": {\"id\": \"o\", \"name\": \"Staden\"},"
        " \"attributes\": [{\"taxonomy_term_id\": \"n\"}]}]}";
    char err[512];
    struct import_stats st;
    assert_int_equal(
        import_buffer(cat, "small.json", small, strlen(small), 0, &st, err, sizeof err), 0);
    assert_int_equal(st.services, 1);
    sqlite3 *db = catalog_db(cat);
    assert_int_equal(scalar(db, "SELECT count(*) FROM service"), 1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM location"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM address"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM phone"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM schedule"), 0);
    /* Texts: service name, organization name, need name; nothing left over. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM translation"), 3);
    assert_string_equal(scalar_text(db, "SELECT value FROM catalogue_meta WHERE key = 'language'"),
                        "sv");
    catalog_close(cat);
}

static void byte_order_mark_accepted(void **state)
{
    (void)state;
    static const char bom[] =
        "\xEF\xBB\xBF{\"format\": \"frontdoor-catalogue\", \"version\": 1, \"language\": \"en\","
        " \"taxonomy_terms\": [], \"services\": []}";
    struct catalog *cat = open_ok(":memory:", CATALOG_CREATE);
    char err[512];
    assert_int_equal(
        import_buffer(cat, "bom.json", bom, strlen(bom), IMPORT_ALLOW_EMPTY, NULL, err, sizeof err),
        0);
    catalog_close(cat);
}

static void longest_string_accepted(void **state)
{
    (void)state;
    /* Exactly 64 KiB is allowed; the next test shows one byte more is not. */
    size_t text_len = 64 * 1024;
    char *json = xmalloc(text_len + 1024);
    int n = xsnprintf(json, 1024,
                      "{\"format\": \"frontdoor-catalogue\", \"version\": 1, \"language\": \"en\","
                      " \"taxonomy_terms\": [], \"services\": [{\"id\": \"s\", \"name\": \"n\","
                      " \"status\": \"active\", \"organization\": {\"id\": \"o\", \"name\": "
                      "\"o\"}, \"description\": \"");
    memset(json + n, 'a', text_len);
    xsnprintf(json + n + text_len, 64, "\"}]}");
    struct catalog *cat = open_ok(":memory:", CATALOG_CREATE);
    char err[512];
    assert_int_equal(import_buffer(cat, "long.json", json, strlen(json), 0, NULL, err, sizeof err),
                     0);
    json[n + text_len] = 'a';
    xsnprintf(json + n + text_len + 1, 64, "\"}]}");
    assert_int_not_equal(
        import_buffer(cat, "long.json", json, strlen(json), 0, NULL, err, sizeof err), 0);
    assert_string_equal(err, "long.json: services[0].description: text of 65537 bytes is longer"
                             " than the limit of 64 KiB");
    assert_int_equal(scalar(catalog_db(cat), "SELECT length(description) FROM service"), 64 * 1024);
    free(json);
    catalog_close(cat);
}

/* ---- bad input ---------------------------------------------------------- */

/* A file that does not parse (bad syntax, a repeated key) is named
 * FILE:LINE:COLUMN and changes nothing. */
static void unparsable_files_name_the_line(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int line;
        const char *words; /* also in the message */
    } cases[] = {
        /* The missing comma is at the end of line 4, found on line 5. */
        {"import-malformed.json", 5, ""},
        {"import-duplicate-key.json", 11, "duplicate"},
    };
    struct catalog *cat = good_catalog("unparsable.db");
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char err[1024], want[600];
        const char *path = fixture(cases[i].file);
        assert_int_not_equal(import_file(cat, path, 0, NULL, err, sizeof err), 0);
        xsnprintf(want, sizeof want, "%s:%d:", path, cases[i].line);
        if (strncmp(err, want, strlen(want)) != 0 || !strstr(err, cases[i].words))
            fail_msg("unexpected message: %s", err);
        assert_string_equal(catalog_errmsg(cat), err);
        assert_good_catalogue(catalog_db(cat));
    }
    catalog_close(cat);
}

static void half_valid_file_applies_nothing(void **state)
{
    (void)state;
    struct catalog *cat = good_catalog("half.db");
    char err[1024], want[1024];
    const char *path = fixture("import-bad-last.json");
    struct import_stats st = {.services = 99};
    assert_int_not_equal(import_file(cat, path, 0, &st, err, sizeof err), 0);
    xsnprintf(want, sizeof want,
              "%s: services[2].attributes[0].taxonomy_term_id: no taxonomy term \"x\"", path);
    assert_string_equal(err, want);
    assert_int_equal(st.services, 0);
    assert_good_catalogue(catalog_db(cat));
    assert_int_equal(scalar(catalog_db(cat), "SELECT count(*) FROM service"
                                             " WHERE hsds_id LIKE 'svc-new-%'"),
                     0);
    catalog_close(cat);
}

static void failure_while_writing_rolls_back(void **state)
{
    (void)state;
    /* Validation catches bad bundles before writing; this fault comes from
     * the database itself (as a full disk would), after most rows of the
     * new catalogue are already inserted: the last service is refused. */
    static const char small[] =
        "{\"format\": \"frontdoor-catalogue\", \"version\": 1, \"language\": \"sv\","
        " \"taxonomy_terms\": [], \"services\": [{\"id\": \"s\", \"name\": \"Rådgivning\","
        " \"status\": \"active\", \"organization\": {\"id\": \"o\", \"name\": \"Staden\"}}]}";
    struct catalog *cat = open_ok(tmp_path("fault.db"), CATALOG_CREATE);
    char err[1024];
    assert_int_equal(
        import_buffer(cat, "small.json", small, strlen(small), 0, NULL, err, sizeof err), 0);
    sqlite3 *db = catalog_db(cat);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TEMP TRIGGER inject BEFORE INSERT ON main.service"
                                  " WHEN NEW.hsds_id = 'svc-inactive'"
                                  " BEGIN SELECT RAISE(ABORT, 'injected fault'); END",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    const char *path = fixture("import-good.json");
    assert_int_not_equal(import_file(cat, path, 0, NULL, err, sizeof err), 0);
    char want[1024];
    xsnprintf(want, sizeof want, "%s: cannot store service \"svc-inactive\": injected fault", path);
    assert_string_equal(err, want);
    assert_int_equal(sqlite3_get_autocommit(db), 1); /* no transaction left open */
    assert_int_equal(scalar(db, "SELECT count(*) FROM service"), 1);
    assert_string_equal(scalar_text(db, "SELECT name FROM service"), "Rådgivning");
    assert_int_equal(scalar(db, "SELECT count(*) FROM taxonomy_term"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM translation"), 2);
    assert_string_equal(scalar_text(db, "SELECT value FROM catalogue_meta WHERE key = 'language'"),
                        "sv");
    catalog_close(cat);
}

#define HEAD "{\"format\": \"frontdoor-catalogue\", \"version\": 1, \"language\": \"en\", "
#define TERMS                                                                                      \
    "\"taxonomy_terms\": [{\"id\": \"t1\", \"code\": \"help\", \"taxonomy\": \"frontdoor-need\","  \
    " \"name\": \"Help\"}], "
#define TRUST                                                                                      \
    "\"taxonomy_terms\": [{\"id\": \"police\", \"code\": \"police\", \"taxonomy\": "               \
    "\"frontdoor-trust\", \"name\": \"Police\"}, {\"id\": \"anon\", \"code\": \"anonymous\", "     \
    "\"taxonomy\": \"frontdoor-trust\", \"name\": \"Anonymous\"}, {\"id\": \"f-anon\", "           \
    "\"code\": \"anonymous\", \"taxonomy\": \"frontdoor-facet\", \"name\": \"Anonymous\"}, "       \
    "{\"id\": \"free\", \"code\": \"free\", \"taxonomy\": \"frontdoor-facet\", \"name\": "         \
    "\"Free\"}], "
#define ORG "\"organization\": {\"id\": \"o1\", \"name\": \"Org\"}"
#define SVC(id) "{\"id\": \"" id "\", \"name\": \"Service\", \"status\": \"active\", " ORG
#define LOC(extra)                                                                                 \
    "\"service_at_locations\": [{\"location\": {\"id\": \"l1\", \"addresses\": [{\"address_1\": "  \
    "\"Street 1\"" extra "}]}}]"

/* The worried-about-someone path: the need, two answers. */
#define WORRIED                                                                                    \
    "\"taxonomy_terms\": [{\"id\": \"n\", \"code\": \"worried\", \"taxonomy\": "                   \
    "\"frontdoor-need\", \"name\": \"Worried\"}, {\"id\": \"w-afraid\", \"code\": \"afraid\", "    \
    "\"taxonomy\": \"frontdoor-worried\", \"name\": \"Afraid\"}, {\"id\": \"w-violence\", "        \
    "\"code\": \"violence\", \"taxonomy\": \"frontdoor-worried\", \"name\": \"Violence\"}], "
/* Two audiences and the crisis-line facet. */
#define AUDIENCE                                                                                   \
    "\"taxonomy_terms\": [{\"id\": \"aud-a\", \"code\": \"affected\", \"taxonomy\": "              \
    "\"frontdoor-audience\", \"name\": \"Affected\"}, {\"id\": \"aud-c\", \"code\": "              \
    "\"close-ones\", \"taxonomy\": \"frontdoor-audience\", \"name\": \"Close ones\"}, {\"id\": "   \
    "\"crisis\", \"code\": \"crisis-line\", \"taxonomy\": \"frontdoor-facet\", \"name\": "         \
    "\"Crisis line\"}], "
/* 2048 bytes of "a". */
#define A64 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define A512 A64 A64 A64 A64 A64 A64 A64 A64
#define A2048 A512 A512 A512 A512

static const struct {
    const char *json;
    const char *message; /* after "case.json: " */
} bad_cases[] = {
    {"[]", "expected a JSON object at the top level"},
    {"{\"version\": 1, \"language\": \"en\", \"taxonomy_terms\": [], \"services\": []}",
     "format: required but missing"},
    {"{\"format\": \"hsds\", \"version\": 1, \"language\": \"en\", \"taxonomy_terms\": [],"
     " \"services\": []}",
     "format: expected \"frontdoor-catalogue\", not \"hsds\""},
    {"{\"format\": \"frontdoor-catalogue\", \"version\": 2, \"language\": \"en\","
     " \"taxonomy_terms\": [], \"services\": []}",
     "version: this Frontdoor reads version 1 bundles, not 2"},
    {"{\"format\": \"frontdoor-catalogue\", \"version\": \"1\", \"language\": \"en\","
     " \"taxonomy_terms\": [], \"services\": []}",
     "version: expected an integer"},
    {"{\"format\": \"frontdoor-catalogue\", \"version\": 1, \"language\": \"English\","
     " \"taxonomy_terms\": [], \"services\": []}",
     "language: \"English\" is not a language code such as \"fi\" or \"pt-BR\""},
    {HEAD "\"sample\": \"yes\", \"taxonomy_terms\": [], \"services\": []}",
     "sample: expected true or false"},
    {HEAD "\"taxonomy_terms\": []}", "services: required but missing"},
    {HEAD "\"taxonomy_terms\": [], \"services\": {}}", "services: expected an array"},
    {HEAD "\"taxonomy_terms\": [], \"services\": [42]}", "services[0]: expected an object"},
    {HEAD TERMS "\"services\": [" SVC("s1") "}, {\"id\": \"s2\", \"name\": 7, \"status\": "
                                            "\"active\", " ORG "}]}",
     "services[1].name: expected a string"},
    {HEAD TERMS "\"services\": [{\"id\": \"s1\", \"name\": \"\", \"status\": \"active\", " ORG
                "}]}",
     "services[0].name: must not be empty"},
    {HEAD TERMS "\"services\": [" SVC("s1") "}, " SVC("s1") "}]}",
     "services[1].id: duplicate service id \"s1\""},
    {HEAD TERMS "\"services\": [{\"id\": \"s1\", \"name\": \"n\", \"status\": \"open\", " ORG "}]}",
     "services[0].status: \"open\" is not one of active, inactive, defunct, temporarily closed"},
    {HEAD TERMS "\"services\": [{\"id\": \"s1\", \"name\": \"n\", \"status\": \"active\"}]}",
     "services[0].organization: required but missing"},
    {HEAD TERMS "\"services\": [" SVC("s1") "}, {\"id\": \"s2\", \"name\": \"n\", \"status\": "
                                            "\"active\", \"organization\": {\"id\": \"o1\", "
                                            "\"name\": \"Other\"}}]}",
     "services[1].organization.name: differs from services[0].organization.name; every copy "
     "of organization \"o1\" must agree"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", " LOC("") "}, " SVC("s2") ", " LOC(
         ", \"city\": \"Turku\"") "}]}",
     "services[1].service_at_locations[0].location.addresses: differs from "
     "services[0].service_at_locations[0].location.addresses; every copy of location \"l1\" "
     "must agree"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"service_at_locations\": [{\"location\": "
                                            "{\"id\": \"l1\"}}, {\"location\": {\"id\": "
                                            "\"l1\"}}]}]}",
     "services[0].service_at_locations[1].location.id: location \"l1\" is already linked to "
     "this service by service_at_locations[0]"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"service_at_locations\": [{\"location\": "
                                            "{\"id\": \"l1\", \"latitude\": 91}}]}]}",
     "services[0].service_at_locations[0].location.latitude: 91 is outside -90..90"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"service_at_locations\": [{\"location\": "
                                            "{\"id\": \"l1\", \"confidential\": 1}}]}]}",
     "services[0].service_at_locations[0].location.confidential: expected true or false"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"attributes\": [{\"taxonomy_term_id\": "
                                            "\"x\"}]}]}",
     "services[0].attributes[0].taxonomy_term_id: no taxonomy term \"x\""},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"attributes\": [{\"taxonomy_term_id\": "
                                            "\"t1\"}, {\"taxonomy_term_id\": \"t1\"}]}]}",
     "services[0].attributes[1].taxonomy_term_id: \"t1\" is already linked by attributes[0]"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": [{\"byday\": \"MO,XX\", "
                                            "\"opens_at\": \"09:00\", \"closes_at\": "
                                            "\"10:00\"}]}]}",
     "services[0].schedules[0].byday: \"MO,XX\" is not a list of MO, TU, WE, TH, FR, SA, SU "
     "separated by commas, each at most once"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": [{\"byday\": \"MO\", "
                                            "\"opens_at\": \"9am\", \"closes_at\": "
                                            "\"10:00\"}]}]}",
     "services[0].schedules[0].opens_at: \"9am\" is not a time of day as HH:MM or HH:MM:SS"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": [{\"byday\": \"MO\", "
                                            "\"opens_at\": \"09:00\"}]}]}",
     "services[0].schedules[0].closes_at: required when byday is given"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": [{\"freq\": \"MONTHLY\", "
                                            "\"description\": \"x\"}]}]}",
     "services[0].schedules[0].freq: \"MONTHLY\" is not supported; only \"WEEKLY\" is"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": [{\"id\": \"h\"}]}]}",
     "services[0].schedules[0]: a schedule needs byday with opens_at and closes_at, valid_from "
     "and valid_to, a description or by_appointment"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": ["
                                            "{\"byday\": \"MO\", \"opens_at\": \"09:00\", "
                                            "\"closes_at\": \"10:00\", "
                                            "\"valid_from\": \"2026-02-30\"}]}]}",
     "services[0].schedules[0].valid_from: \"2026-02-30\" is not a date as YYYY-MM-DD"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": ["
                                            "{\"valid_from\": \"2026-01-05\", "
                                            "\"valid_to\": \"26-01-05\"}]}]}",
     "services[0].schedules[0].valid_to: \"26-01-05\" is not a date as YYYY-MM-DD"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": ["
                                            "{\"byday\": \"MO\", \"opens_at\": \"09:00\", "
                                            "\"closes_at\": \"10:00\", "
                                            "\"valid_from\": \"2026-01-05\", "
                                            "\"valid_to\": \"2026-01-01\"}]}]}",
     "services[0].schedules[0].valid_to: \"2026-01-01\" is before valid_from \"2026-01-05\""},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": ["
                                            "{\"valid_from\": \"2026-12-24\", "
                                            "\"description\": \"Christmas\"}]}]}",
     "services[0].schedules[0].valid_to: required with valid_from when there is no byday"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": [{\"valid_to\": \"2026-12-24\"}]}]}",
     "services[0].schedules[0].valid_from: required with valid_to when there is no byday"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": ["
                                            "{\"valid_from\": \"2026-12-31\", "
                                            "\"valid_to\": \"2026-12-31\", "
                                            "\"opens_at\": \"10:00\"}]}]}",
     "services[0].schedules[0].closes_at: required when opens_at is given"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": ["
                                            "{\"valid_from\": \"2026-12-31\", "
                                            "\"valid_to\": \"2026-12-31\", "
                                            "\"closes_at\": \"14:00\"}]}]}",
     "services[0].schedules[0].opens_at: required when closes_at is given"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": ["
                                            "{\"valid_from\": \"2026-12-31\", "
                                            "\"valid_to\": \"2026-12-31\", "
                                            "\"opens_at\": \"10:00\", "
                                            "\"closes_at\": \"24:00\"}]}]}",
     "services[0].schedules[0].closes_at: \"24:00\" is not a time of day as HH:MM or HH:MM:SS"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": ["
                                            "{\"opens_at\": \"10:00\", "
                                            "\"closes_at\": \"14:00\"}]}]}",
     "services[0].schedules[0].byday: required when opening hours are given without "
     "valid_from and valid_to"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"schedules\": [{\"by_appointment\": \"yes\"}]}]}",
     "services[0].schedules[0].by_appointment: expected true or false"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"phones\": [{\"number\": "
                                            "\"0123456789012345678901234567890123456789012345678"
                                            "901234567890123\"}]}]}",
     "services[0].phones[0].number: 64 bytes is longer than the limit of 63 bytes"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"languages\": [{\"code\": \"fi\"}, {\"code\": "
                                            "\"fi\"}]}]}",
     "services[0].languages[1].code: \"fi\" is already listed as languages[0]"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"minimum_age\": 30, \"maximum_age\": 18}]}",
     "services[0].maximum_age: 18 is below minimum_age 30"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"assured_date\": \"2025-02-29\"}]}",
     "services[0].assured_date: \"2025-02-29\" is not a date as YYYY-MM-DD"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"assured_date\": \"2025-03-01T10:00\"}]}",
     "services[0].assured_date: \"2025-03-01T10:00\" is not a date as YYYY-MM-DD"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"assured_date\": 20250301}]}",
     "services[0].assured_date: expected a string"},
    {HEAD "\"taxonomy_terms\": [{\"id\": \"f\", \"code\": \"walkin\", \"taxonomy\": "
          "\"frontdoor-facet\", \"name\": \"Walk in\"}], \"services\": []}",
     "taxonomy_terms[0].code: \"walkin\" is not a facet Frontdoor knows (free, walk-in, "
     "no-referral, no-id, anonymous, interpreter, accessible, crisis-line)"},
    {HEAD "\"taxonomy_terms\": [{\"id\": \"f\", \"code\": \"Help Me\", \"taxonomy\": "
          "\"frontdoor-need\", \"name\": \"Help\"}], \"services\": []}",
     "taxonomy_terms[0].code: \"Help Me\" may contain only a-z, 0-9 and -"},
    {HEAD "\"taxonomy_terms\": [{\"id\": \"a\", \"code\": \"help\", \"taxonomy\": "
          "\"frontdoor-need\", \"name\": \"Help\"}, {\"id\": \"b\", \"code\": \"help\", "
          "\"taxonomy\": \"frontdoor-need\", \"name\": \"Help\"}], \"services\": []}",
     "taxonomy_terms[1].code: \"help\" is already the code of taxonomy_terms[0]"},
    {HEAD "\"taxonomy_terms\": [{\"id\": \"a\", \"code\": \"help\", \"taxonomy\": "
          "\"needs\", \"name\": \"Help\"}], \"services\": []}",
     "taxonomy_terms[0].taxonomy: \"needs\" is not one of frontdoor-need, frontdoor-facet, "
     "frontdoor-trust, frontdoor-audience, frontdoor-worried"},
    {HEAD "\"taxonomy_terms\": [{\"id\": \"t\", \"code\": \"tells-police\", \"taxonomy\": "
          "\"frontdoor-trust\", \"name\": \"Police\"}], \"services\": []}",
     "taxonomy_terms[0].code: \"tells-police\" is not a trust fact Frontdoor knows (police, "
     "immigration, child-protection, residence-status, anonymous, on-behalf, interpreter)"},
    {HEAD "\"taxonomy_terms\": [{\"id\": \"f\", \"code\": \"free\", \"taxonomy\": "
          "\"frontdoor-facet\", \"name\": \"Free\", \"sensitive\": true}], \"services\": []}",
     "taxonomy_terms[0].sensitive: only a need can be sensitive"},
    {HEAD TRUST "\"services\": [" SVC("s1") ", \"attributes\": [{\"taxonomy_term_id\": "
                                            "\"police\"}]}]}",
     "services[0].attributes[0].value: required for the trust fact \"police\""},
    {HEAD TRUST "\"services\": [" SVC("s1") ", \"attributes\": [{\"taxonomy_term_id\": "
                                            "\"police\", \"value\": \"sometimes\"}]}]}",
     "services[0].attributes[0].value: \"sometimes\" is not an answer to \"police\" (no, "
     "when-required, yes)"},
    {HEAD TRUST "\"services\": [" SVC("s1") ", \"attributes\": [{\"taxonomy_term_id\": "
                                            "\"anon\", \"value\": \"when-required\"}]}]}",
     "services[0].attributes[0].value: \"when-required\" is not an answer to \"anonymous\" "
     "(no, yes)"},
    {HEAD TRUST "\"services\": [" SVC("s1") ", \"attributes\": [{\"taxonomy_term_id\": "
                                            "\"free\", \"value\": \"yes\"}]}]}",
     "services[0].attributes[0].value: only a trust fact or a guided-path answer has a value"},
    {HEAD TRUST "\"services\": [" SVC("s1") ", \"attributes\": [{\"taxonomy_term_id\": "
                                            "\"free\", \"label\": \"Always\"}]}]}",
     "services[0].attributes[0].label: only a trust fact or a guided-path answer has a label"},
    {HEAD TRUST "\"services\": [" SVC("s1") ", \"attributes\": [{\"taxonomy_term_id\": "
                                            "\"anon\", \"value\": \"no\"}, "
                                            "{\"taxonomy_term_id\": \"f-anon\"}]}]}",
     "services[0].attributes[0].value: \"no\" contradicts the facet \"anonymous\" of "
     "attributes[1]"},
    {HEAD TRUST "\"services\": [" SVC("s1") ", \"attributes\": [{\"id\": \"f\", "
                                            "\"taxonomy_term_id\": \"free\"}]}], "
                                            "\"translations\": [{\"entity\": \"attribute\", "
                                            "\"id\": \"f\", \"field\": \"label\", \"lang\": "
                                            "\"fi\", \"text\": \"Aina\"}]}",
     "translations[0].id: attribute \"f\" is not a trust fact or a guided-path answer: it has "
     "no label"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"required_documents\": [{\"id\": "
                                            "\"d\"}]}]}",
     "services[0].required_documents[0].document: required but missing"},
    {HEAD TERMS "\"services\": [" SVC("s1") "}], \"translations\": [{\"entity\": \"service\", "
                                            "\"id\": \"nope\", \"field\": \"name\", \"lang\": "
                                            "\"fi\", \"text\": \"x\"}]}",
     "translations[0].id: no service \"nope\" in this bundle"},
    {HEAD TERMS "\"services\": [" SVC("s1") "}], \"translations\": [{\"entity\": \"service\", "
                                            "\"id\": \"s1\", \"field\": \"colour\", \"lang\": "
                                            "\"fi\", \"text\": \"x\"}]}",
     "translations[0].field: \"colour\" is not a translatable field of service"},
    {HEAD TERMS "\"services\": [" SVC("s1") "}], \"translations\": [{\"entity\": \"address\", "
                                            "\"id\": \"s1\", \"field\": \"city\", \"lang\": "
                                            "\"fi\", \"text\": \"x\"}]}",
     "translations[0].entity: \"address\" is not one of organization, service, location, "
     "taxonomy_term, phone, schedule, attribute, required_document"},
    {HEAD TERMS "\"services\": [" SVC("s1") "}], \"translations\": [{\"entity\": \"service\", "
                                            "\"id\": \"s1\", \"field\": \"name\", \"lang\": "
                                            "\"en\", \"text\": \"x\"}]}",
     "translations[0].lang: the name of service \"s1\" is already given in the bundle's "
     "language \"en\""},
    {HEAD TERMS "\"services\": [" SVC("s1") "}], \"translations\": [{\"entity\": \"service\", "
                                            "\"id\": \"s1\", \"field\": \"name\", \"lang\": "
                                            "\"fi\", \"text\": \"x\"}, {\"entity\": "
                                            "\"service\", \"id\": \"s1\", \"field\": \"name\", "
                                            "\"lang\": \"fi\", \"text\": \"y\"}]}",
     "translations[1]: translates the name of service \"s1\" into \"fi\" again (as "
     "translations[0])"},
    {HEAD TERMS "\"services\": [" SVC("s1") "}], \"translations\": [{\"entity\": \"service\", "
                                            "\"id\": \"s1\", \"field\": \"name\", \"lang\": "
                                            "\"fi\"}]}",
     "translations[0].text: required but missing"},
    /* Crisis lines, audiences, the worried-about-someone path, web
     * addresses. */
    {HEAD "\"taxonomy_terms\": [{\"id\": \"w\", \"code\": \"worry\", \"taxonomy\": "
          "\"frontdoor-worried\", \"name\": \"Worry\"}], \"services\": []}",
     "taxonomy_terms[0].code: \"worry\" is not a guided-path answer Frontdoor knows (self-harm, "
     "afraid, violence, substances, home-safety, other)"},
    {HEAD "\"taxonomy_terms\": [{\"id\": \"a\", \"code\": \"victims\", \"taxonomy\": "
          "\"frontdoor-audience\", \"name\": \"Victims\"}], \"services\": []}",
     "taxonomy_terms[0].code: \"victims\" is not an audience Frontdoor knows (affected, "
     "close-ones, uses-violence)"},
    {HEAD "\"taxonomy_terms\": [{\"id\": \"w\", \"code\": \"violence\", \"taxonomy\": "
          "\"frontdoor-worried\", \"name\": \"Violence\"}], \"services\": [" SVC(
              "s1") ", \"attributes\": [{\"taxonomy_term_id\": \"w\"}]}]}",
     "taxonomy_terms[0].taxonomy: guided-path answers need the need \"worried\" in this "
     "catalogue"},
    {HEAD WORRIED "\"services\": [" SVC("s1") ", \"attributes\": [{\"taxonomy_term_id\": "
                                              "\"w-afraid\"}]}]}",
     "taxonomy_terms[2]: guided-path answer \"violence\" points at no service"},
    {HEAD WORRIED "\"services\": [" SVC("s1") ", \"attributes\": [{\"taxonomy_term_id\": "
                                              "\"w-afraid\", \"value\": \"young,kids\"}, "
                                              "{\"taxonomy_term_id\": \"w-violence\"}]}]}",
     "services[0].attributes[0].value: \"kids\" is not a who-answer Frontdoor knows (young, "
     "partner, family-friend, someone-else)"},
    {HEAD WORRIED "\"services\": [" SVC("s1") ", \"attributes\": [{\"taxonomy_term_id\": "
                                              "\"w-afraid\", \"value\": \"young,\"}, "
                                              "{\"taxonomy_term_id\": \"w-violence\"}]}]}",
     "services[0].attributes[0].value: \"\" is not a who-answer Frontdoor knows (young, "
     "partner, family-friend, someone-else)"},
    {HEAD AUDIENCE "\"services\": [" SVC("s1") ", \"attributes\": [{\"taxonomy_term_id\": "
                                               "\"aud-a\"}, {\"taxonomy_term_id\": "
                                               "\"aud-c\"}]}]}",
     "services[0].attributes[1].taxonomy_term_id: a service has at most one audience, and "
     "attributes[0] gives \"affected\""},
    {HEAD AUDIENCE "\"services\": [" SVC("s1") ", \"attributes\": [{\"taxonomy_term_id\": "
                                               "\"aud-a\", \"value\": \"young\"}]}]}",
     "services[0].attributes[0].value: only a trust fact or a guided-path answer has a value"},
    {HEAD AUDIENCE
     "\"services\": [" SVC("s1") ", " LOC("") ", \"attributes\": "
                                              "[{\"taxonomy_term_id\": \"crisis\"}]}]}",
     "services[0]: a crisis line needs a phone number"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"url\": \"ftp://example.org/help\"}]}",
     "services[0].url: \"ftp://example.org/help\" is not a web address such as "
     "https://example.org (http:// or https:// and a host)"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"url\": \"https://\"}]}",
     "services[0].url: \"https://\" is not a web address such as https://example.org (http:// "
     "or https:// and a host)"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"url\": \"https://example.org/a b\"}]}",
     "services[0].url: a web address cannot contain spaces or control characters"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"url\": \"https://" A2048 "\"}]}",
     "services[0].url: 2056 bytes is longer than the limit of 2048 bytes"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"url\": 7}]}",
     "services[0].url: expected a string"},
    {HEAD TERMS "\"services\": [{\"id\": \"s1\", \"name\": \"n\", \"status\": \"active\", "
                "\"organization\": {\"id\": \"o1\", \"name\": \"Org\", \"website\": "
                "\"www.example.org\"}}]}",
     "services[0].organization.website: \"www.example.org\" is not a web address such as "
     "https://example.org (http:// or https:// and a host)"},
    {HEAD AUDIENCE "\"services\": [" SVC("s1") ", \"attributes\": [{\"id\": \"a\", "
                                               "\"taxonomy_term_id\": \"aud-a\"}]}], "
                                               "\"translations\": [{\"entity\": \"attribute\", "
                                               "\"id\": \"a\", \"field\": \"label\", \"lang\": "
                                               "\"fi\", \"text\": \"Itse\"}]}",
     "translations[0].id: attribute \"a\" is not a trust fact or a guided-path answer: it has "
     "no label"},
    /* Keywords: each one a non-empty string, and a translated list none
     * empty, in a valid language. */
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"keywords\": [\"food\", \" \"]}]}",
     "services[0].keywords[1]: an empty keyword"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"keywords\": \"food\"}]}",
     "services[0].keywords: expected an array"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"keywords\": [7]}]}",
     "services[0].keywords[0]: expected a string"},
    {HEAD TERMS "\"services\": [" SVC("s1") ", \"keywords\": [\"food, meals\"]}]}",
     "services[0].keywords[0]: \"food, meals\" holds a comma: give each keyword on its own"},
    {HEAD "\"taxonomy_terms\": [{\"id\": \"t1\", \"code\": \"help\", \"taxonomy\": "
          "\"frontdoor-need\", \"name\": \"Help\", \"keywords\": [\"\"]}], \"services\": "
          "[" SVC("s1") "}]}",
     "taxonomy_terms[0].keywords[0]: an empty keyword"},
    {HEAD "\"taxonomy_terms\": [{\"id\": \"free\", \"code\": \"free\", \"taxonomy\": "
          "\"frontdoor-facet\", \"name\": \"Free\", \"keywords\": [\"gratis\"]}], "
          "\"services\": [" SVC("s1") "}]}",
     "taxonomy_terms[0].keywords: only a need or a service has keywords"},
    {HEAD TERMS "\"services\": [" SVC(
         "s1") "}], \"translations\": [{\"entity\": "
               "\"service\", \"id\": \"s1\", \"field\": \"keywords\", \"lang\": \"fi\", "
               "\"text\": \"ruoka, , apu\"}]}",
     "translations[0].text: keyword 2 is empty (keywords are separated by commas)"},
    {HEAD TERMS "\"services\": [" SVC(
         "s1") "}], \"translations\": [{\"entity\": "
               "\"taxonomy_term\", \"id\": \"t1\", \"field\": \"keywords\", \"lang\": "
               "\"fi\", \"text\": \"ruoka,\"}]}",
     "translations[0].text: keyword 2 is empty (keywords are separated by commas)"},
    {HEAD TERMS "\"services\": [" SVC(
         "s1") "}], \"translations\": [{\"entity\": "
               "\"service\", \"id\": \"s1\", \"field\": \"keywords\", \"lang\": \"ar\", "
               "\"text\": \"طعام،، مساعدة\"}]}",
     "translations[0].text: keyword 2 is empty (keywords are separated by commas)"},
    {HEAD TERMS
     "\"services\": [" SVC("s1") "}], \"translations\": [{\"entity\": "
                                 "\"service\", \"id\": \"s1\", \"field\": \"keywords\", \"lang\": "
                                 "\"Finnish\", \"text\": \"ruoka\"}]}",
     "translations[0].lang: \"Finnish\" is not a language code such as \"fi\" or \"pt-BR\""},
    {HEAD
     "\"taxonomy_terms\": [{\"id\": \"free\", \"code\": \"free\", \"taxonomy\": "
     "\"frontdoor-facet\", \"name\": \"Free\"}], \"services\": [" SVC(
         "s1") "}], "
               "\"translations\": [{\"entity\": \"taxonomy_term\", \"id\": \"free\", \"field\": "
               "\"keywords\", \"lang\": \"fi\", \"text\": \"ilmainen\"}]}",
     "translations[0].field: only a need or a service has keywords"},
    {HEAD TERMS "\"services\": [" SVC(
         "s1") ", \"keywords\": [\"food\"]}], \"translations\": "
               "[{\"entity\": \"service\", \"id\": \"s1\", \"field\": \"keywords\", "
               "\"lang\": \"en\", \"text\": \"meals\"}]}",
     "translations[0].lang: the keywords of service \"s1\" is already given in the bundle's "
     "language \"en\""},
};

static void bad_input_is_named_and_changes_nothing(void **state)
{
    (void)state;
    struct catalog *cat = good_catalog("cases.db");
    for (size_t i = 0; i < ARRAY_LEN(bad_cases); i++) {
        char err[1024], want[1024];
        const char *json = bad_cases[i].json;
        int rc = import_buffer(cat, "case.json", json, strlen(json), 0, NULL, err, sizeof err);
        xsnprintf(want, sizeof want, "case.json: %s", bad_cases[i].message);
        if (rc == 0)
            fail_msg("case %zu was accepted: %s", i, json);
        if (strcmp(err, want) != 0)
            fail_msg("case %zu:\n  got  %s\n  want %s", i, err, want);
    }
    assert_good_catalogue(catalog_db(cat));
    catalog_close(cat);
}

/* Keywords reach the translation table as one list per language: the
 * bundle's own joined by ", ", a translation's as given. */
static void keywords_land(void **state)
{
    (void)state;
    struct catalog *cat = open_ok(tmp_path("keywords.db"), CATALOG_CREATE);
    static const char json[] =
        HEAD "\"taxonomy_terms\": [{\"id\": \"t1\", \"code\": \"help\", \"taxonomy\": "
             "\"frontdoor-need\", \"name\": \"Help\", \"keywords\": [\"aid\", \"support\"]}], "
             "\"services\": [" SVC(
                 "s1") ", \"keywords\": [\"soup\"]}], \"translations\": "
                       "[{\"entity\": \"taxonomy_term\", \"id\": \"t1\", \"field\": \"keywords\", "
                       "\"lang\": \"ar\", \"text\": \"مساعدة، دعم\"}]}";
    char err[1024];
    if (import_buffer(cat, "kw.json", json, strlen(json), 0, NULL, err, sizeof err) != 0)
        fail_msg("%s", err);
    sqlite3 *db = catalog_db(cat);
    assert_string_equal(scalar_text(db, "SELECT text FROM translation WHERE entity = "
                                        "'taxonomy_term' AND field = 'keywords' AND lang = 'en'"),
                        "aid, support");
    assert_string_equal(scalar_text(db, "SELECT text FROM translation WHERE entity = "
                                        "'taxonomy_term' AND field = 'keywords' AND lang = 'ar'"),
                        "مساعدة، دعم");
    assert_string_equal(scalar_text(db, "SELECT text FROM translation WHERE entity = 'service' "
                                        "AND field = 'keywords'"),
                        "soup");
    catalog_close(cat);
}

static void parse_errors_name_line_and_column(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "",
        "{\"format\": \"frontdoor-catalogue\",}",
        "{} trailing",
        "{\"a\": \"\\u0000\"}",
        "{\"a\": \"\xff\"}",
    };
    struct catalog *cat = open_ok(":memory:", CATALOG_CREATE);
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char err[1024];
        assert_int_not_equal(
            import_buffer(cat, "p.json", cases[i], strlen(cases[i]), 0, NULL, err, sizeof err), 0);
        /* "p.json:LINE:COLUMN: message" */
        char *end = NULL;
        if (strncmp(err, "p.json:", 7) != 0)
            fail_msg("case %zu: %s", i, err);
        long line = strtol(err + 7, &end, 10);
        assert_true(line >= 0 && *end == ':');
        strtol(end + 1, &end, 10);
        if (strncmp(end, ": ", 2) != 0 || strlen(end) < 4)
            fail_msg("case %zu: %s", i, err);
    }
    catalog_close(cat);
}

/* Schedules with dates: a holiday and special hours (date exceptions), a
 * temporary closure, appointments; the catalogue hands them to hours.h. */
static void dated_schedules_land(void **state)
{
    (void)state;
    struct catalog *cat = open_ok(tmp_path("dated.db"), CATALOG_CREATE);
    import_ok(cat, fixture("hours-holiday.json"), NULL);
    sqlite3 *db = catalog_db(cat);
    assert_int_equal(scalar(db, "SELECT count(*) FROM schedule WHERE byday IS NULL"
                                " AND valid_from IS NOT NULL"),
                     3);
    assert_string_equal(scalar_text(db, "SELECT valid_to FROM schedule"
                                        " WHERE hsds_id = 'sch-repair-closed'"),
                        "2026-01-12");
    assert_int_equal(scalar(db, "SELECT by_appointment FROM schedule WHERE hsds_id = 'sch-debt'"),
                     1);

    int64_t library = scalar(db, "SELECT id FROM service WHERE hsds_id = 'svc-library'");
    struct service_detail d;
    assert_int_equal(catalog_service_get(cat, library, &d), CATALOG_OK);
    /* Five weekdays and two date exceptions, the exceptions first. */
    assert_int_equal(d.summary.n_openings, 7);
    assert_int_equal(d.summary.openings[0].weekday, 0);
    assert_int_equal(d.summary.openings[1].weekday, 0);
    int holiday = d.summary.openings[0].opens_at[0] ? 1 : 0;
    assert_string_equal(d.summary.openings[holiday].valid_from, "2026-01-06");
    assert_string_equal(d.summary.openings[holiday].opens_at, "");
    assert_string_equal(d.summary.openings[1 - holiday].valid_to, "2026-01-16");
    assert_string_equal(d.summary.openings[1 - holiday].opens_at, "10:00");
    assert_int_equal(d.summary.openings[2].weekday, 1);
    assert_string_equal(d.summary.openings[2].valid_from, "");
    assert_int_equal(d.summary.by_appointment, 0);
    /* An exception's description is about its dates, not a note. */
    assert_null(d.schedule_note.text);
    catalog_service_detail_free(&d);

    int64_t debt = scalar(db, "SELECT id FROM service WHERE hsds_id = 'svc-debt'");
    assert_int_equal(catalog_service_get(cat, debt, &d), CATALOG_OK);
    assert_int_equal(d.summary.by_appointment, 1);
    assert_int_equal(d.summary.n_openings, 2);
    catalog_service_detail_free(&d);
    catalog_close(cat);
}

/* When a service was last checked: any real date, past or future, stored
 * and handed to the detail screen; "" where the bundle does not say. */
static void assured_date_lands(void **state)
{
    (void)state;
    struct catalog *cat = open_ok(tmp_path("assured.db"), CATALOG_CREATE);
    static const char json[] = HEAD TERMS "\"services\": [" SVC(
        "s1") ", \"assured_date\": \"2024-02-29\"}, " SVC("s2") ", \"assured_date\": "
                                                                "\"2099-12-31\"}, " SVC("s3") "}]}";
    char err[1024];
    if (import_buffer(cat, "assured.json", json, strlen(json), 0, NULL, err, sizeof err) != 0)
        fail_msg("%s", err);
    sqlite3 *db = catalog_db(cat);
    static const struct {
        const char *id, *date;
    } want[] = {{"s1", "2024-02-29"}, {"s2", "2099-12-31"}, {"s3", ""}};
    for (size_t i = 0; i < ARRAY_LEN(want); i++) {
        char sql[128];
        xsnprintf(sql, sizeof sql, "SELECT id FROM service WHERE hsds_id = '%s'", want[i].id);
        struct service_detail d;
        assert_int_equal(catalog_service_get(cat, scalar(db, sql), &d), CATALOG_OK);
        assert_string_equal(d.assured_date, want[i].date);
        catalog_service_detail_free(&d);
    }
    catalog_close(cat);
}

static void oversized_file_refused_unread(void **state)
{
    (void)state;
    /* A sparse file: refused by its size before a byte is read. */
    char path[512];
    xsnprintf(path, sizeof path, "%s", tmp_path("huge.json"));
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 64 * 1024 * 1024 + 1), 0);
    close(fd);
    struct catalog *cat = good_catalog("huge.db");
    char err[1024], want[1024];
    assert_int_not_equal(import_file(cat, path, 0, NULL, err, sizeof err), 0);
    xsnprintf(want, sizeof want, "%s: the file is 67108865 bytes, larger than the limit of 64 MiB",
              path);
    assert_string_equal(err, want);
    assert_good_catalogue(catalog_db(cat));
    catalog_close(cat);
    unlink(path);
}

static void unreadable_files_named(void **state)
{
    (void)state;
    struct catalog *cat = open_ok(":memory:", CATALOG_CREATE);
    char err[1024], want[1024];
    const char *missing = tmp_path("no-such-bundle.json");
    assert_int_not_equal(import_file(cat, missing, 0, NULL, err, sizeof err), 0);
    xsnprintf(want, sizeof want, "%s: cannot open: No such file or directory", missing);
    assert_string_equal(err, want);
    assert_int_not_equal(import_file(cat, tmpdir, 0, NULL, err, sizeof err), 0);
    xsnprintf(want, sizeof want, "%s: is a directory, not a catalogue bundle", tmpdir);
    assert_string_equal(err, want);
    /* Without an error buffer the reason is still on the handle. */
    assert_int_not_equal(import_file(cat, missing, 0, NULL, NULL, 0), 0);
    xsnprintf(want, sizeof want, "%s: cannot open: No such file or directory", missing);
    assert_string_equal(catalog_errmsg(cat), want);
    catalog_close(cat);
}

/* A bundle with no services would empty the catalogue: refused unless asked
 * for, through the file and the buffer entry points alike. */
static void empty_bundle_refused_unless_allowed(void **state)
{
    (void)state;
    static const char empty[] =
        "{\"format\": \"frontdoor-catalogue\", \"version\": 1, \"language\": \"en\","
        " \"taxonomy_terms\": [], \"services\": []}";
    struct catalog *cat = good_catalog("empty.db");
    char err[1024], want[1024];
    assert_int_not_equal(
        import_buffer(cat, "e.json", empty, strlen(empty), 0, NULL, err, sizeof err), 0);
    assert_string_equal(err, "e.json: has no services; the catalogue was not changed. Use "
                             "--allow-empty to empty it.");
    assert_string_equal(catalog_errmsg(cat), err);
    assert_good_catalogue(catalog_db(cat));

    const char *path = tmp_path("empty.json");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(empty, f);
    fclose(f);
    assert_int_not_equal(import_file(cat, path, 0, NULL, err, sizeof err), 0);
    xsnprintf(want, sizeof want,
              "%s: has no services; the catalogue was not changed. Use --allow-empty to empty "
              "it.",
              path);
    assert_string_equal(err, want);
    assert_good_catalogue(catalog_db(cat));

    /* A bad bundle is reported as bad first, not as empty. */
    static const char bad[] = "{\"format\": \"frontdoor-catalogue\", \"version\": 2,"
                              " \"language\": \"en\", \"taxonomy_terms\": [], \"services\": []}";
    assert_int_not_equal(import_buffer(cat, "b.json", bad, strlen(bad), 0, NULL, err, sizeof err),
                         0);
    assert_string_equal(err, "b.json: version: this Frontdoor reads version 1 bundles, not 2");

    struct import_stats st;
    assert_int_equal(import_file(cat, path, IMPORT_ALLOW_EMPTY, &st, err, sizeof err), 0);
    assert_int_equal(st.services, 0);
    assert_int_equal(scalar(catalog_db(cat), "SELECT count(*) FROM service"), 0);
    catalog_close(cat);
    unlink(path);
}

/* Anything but a regular file is refused by name before it is opened: a
 * FIFO would wait for a writer for ever. */
static void fifo_refused_unopened(void **state)
{
    (void)state;
    struct catalog *cat = good_catalog("fifo.db");
    const char *path = tmp_path("bundle.fifo");
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    char err[1024], want[1024];
    assert_int_not_equal(import_file(cat, path, 0, NULL, err, sizeof err), 0);
    xsnprintf(want, sizeof want, "%s: not a regular file", path);
    assert_string_equal(err, want);
    assert_int_not_equal(import_file(cat, "/dev/zero", 0, NULL, err, sizeof err), 0);
    assert_string_equal(err, "/dev/zero: not a regular file");
    assert_good_catalogue(catalog_db(cat));
    catalog_close(cat);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_import),
        cmocka_unit_test(confidential_address_never_stored),
        cmocka_unit_test(reimport_replaces_everything),
        cmocka_unit_test(byte_order_mark_accepted),
        cmocka_unit_test(longest_string_accepted),
        cmocka_unit_test(unparsable_files_name_the_line),
        cmocka_unit_test(half_valid_file_applies_nothing),
        cmocka_unit_test(failure_while_writing_rolls_back),
        cmocka_unit_test(bad_input_is_named_and_changes_nothing),
        cmocka_unit_test(parse_errors_name_line_and_column),
        cmocka_unit_test(keywords_land),
        cmocka_unit_test(dated_schedules_land),
        cmocka_unit_test(assured_date_lands),
        cmocka_unit_test(oversized_file_refused_unread),
        cmocka_unit_test(unreadable_files_named),
        cmocka_unit_test(empty_bundle_refused_unless_allowed),
        cmocka_unit_test(fifo_refused_unopened),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
