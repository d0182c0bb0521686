/* schema.c: the catalogue's schema as compiled-in migrations.
 *
 * migrations[i] takes a database from user_version i to i + 1. Each runs
 * inside one BEGIN IMMEDIATE transaction together with the PRAGMA that sets
 * the new user_version, so a crash or a failing statement leaves the file at
 * the previous version with nothing half-created. The version is read again
 * inside the transaction because the kiosk and frontdoor-admin may open the
 * same file at the same moment; the second one then finds the work done.
 *
 * The tables follow Open Referral HSDS 3.0: an INTEGER PRIMARY KEY that SQLite
 * (and FTS5 external content) can use, and the HSDS text id in hsds_id. Texts
 * that residents read are also stored, in every language including the
 * bundle's own, in `translation`; the columns of the HSDS tables keep the
 * bundle's base-language text so the tables read like HSDS on their own.
 * Constraints the importer already checks are repeated here where they are
 * cheap, so no other writer (a staff edit screen, a hand-run sqlite3) can
 * store what the kiosk must never show, such as a refuge's address.
 */
#include "schema.h"

#include "frontdoor/catalog.h"
#include "frontdoor/mem.h"

#include <sqlite3.h>

/* Drops the texts of a row when the row goes: translation points at several
 * tables, so no foreign key can keep it clean. */
/* clang-format off */
#define TEXTS_TRIGGER(table) \
    "CREATE TRIGGER " #table "_texts AFTER DELETE ON " #table " BEGIN\n" \
    "    DELETE FROM translation WHERE entity = '" #table "' AND entity_id = OLD.id; END;\n"
/* clang-format on */

/* Migration 1: the HSDS catalogue, translations and catalogue metadata.
 * One string per statement (ISO C bounds the length of a string literal). */
static const char *const migration_1[] = {
    "CREATE TABLE organization (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    hsds_id TEXT NOT NULL UNIQUE,\n"
    "    name TEXT NOT NULL,\n"
    "    description TEXT,\n"
    "    website TEXT,\n"
    "    email TEXT\n"
    ");\n",
    "CREATE TABLE service (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    hsds_id TEXT NOT NULL UNIQUE,\n"
    "    organization_id INTEGER NOT NULL REFERENCES organization(id),\n"
    "    name TEXT NOT NULL,\n"
    "    description TEXT,\n"
    "    status TEXT NOT NULL\n"
    "        CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),\n"
    "    eligibility_description TEXT,\n"
    "    fees_description TEXT,\n"
    "    application_process TEXT,\n"
    "    minimum_age INTEGER CHECK (minimum_age >= 0),\n"
    "    maximum_age INTEGER CHECK (maximum_age >= 0)\n"
    ");\n",
    "CREATE INDEX service_organization ON service(organization_id);\n",
    "CREATE TABLE location (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    hsds_id TEXT NOT NULL UNIQUE,\n"
    "    name TEXT,\n"
    "    description TEXT,\n"
    "    transportation TEXT,\n"
    "    latitude REAL CHECK (latitude BETWEEN -90 AND 90),\n"
    "    longitude REAL CHECK (longitude BETWEEN -180 AND 180),\n"
    "    confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1)),\n"
    /* A refuge's coordinates would give its address away. */
    "    CHECK (confidential = 0 OR (latitude IS NULL AND longitude IS NULL))\n"
    ");\n",
    "CREATE TABLE service_at_location (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    hsds_id TEXT NOT NULL UNIQUE,\n"
    "    service_id INTEGER NOT NULL REFERENCES service(id) ON DELETE CASCADE,\n"
    "    location_id INTEGER NOT NULL REFERENCES location(id) ON DELETE CASCADE,\n"
    "    UNIQUE (service_id, location_id)\n"
    ");\n",
    "CREATE INDEX service_at_location_location ON service_at_location(location_id);\n",
    "CREATE TABLE address (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    hsds_id TEXT NOT NULL UNIQUE,\n"
    "    location_id INTEGER NOT NULL REFERENCES location(id) ON DELETE CASCADE,\n"
    "    address_1 TEXT,\n"
    "    address_2 TEXT,\n"
    "    city TEXT,\n"
    "    postal_code TEXT,\n"
    "    region TEXT,\n"
    "    state_province TEXT,\n"
    "    country TEXT,\n"
    "    address_type TEXT\n"
    ");\n",
    "CREATE INDEX address_location ON address(location_id);\n",
    "CREATE TRIGGER address_never_confidential BEFORE INSERT ON address\n"
    "WHEN (SELECT confidential FROM location WHERE id = NEW.location_id) = 1\n"
    "BEGIN SELECT RAISE(ABORT, 'a confidential location has no address'); END;\n",
    "CREATE TRIGGER address_never_moves_confidential BEFORE UPDATE OF location_id ON address\n"
    "WHEN (SELECT confidential FROM location WHERE id = NEW.location_id) = 1\n"
    "BEGIN SELECT RAISE(ABORT, 'a confidential location has no address'); END;\n",
    "CREATE TRIGGER location_confidential_without_address\n"
    "BEFORE UPDATE OF confidential ON location\n"
    "WHEN NEW.confidential = 1 AND EXISTS (SELECT 1 FROM address WHERE location_id = NEW.id)\n"
    "BEGIN SELECT RAISE(ABORT, 'remove the addresses before making a location confidential');"
    " END;\n",
    "CREATE TABLE phone (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    hsds_id TEXT NOT NULL UNIQUE,\n"
    "    service_id INTEGER REFERENCES service(id) ON DELETE CASCADE,\n"
    "    location_id INTEGER REFERENCES location(id) ON DELETE CASCADE,\n"
    "    number TEXT NOT NULL,\n"
    "    type TEXT,\n"
    "    description TEXT,\n"
    "    CHECK ((service_id IS NULL) <> (location_id IS NULL))\n"
    ");\n",
    "CREATE INDEX phone_service ON phone(service_id);\n",
    "CREATE INDEX phone_location ON phone(location_id);\n",
    "CREATE TABLE schedule (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    hsds_id TEXT NOT NULL UNIQUE,\n"
    "    service_id INTEGER NOT NULL REFERENCES service(id) ON DELETE CASCADE,\n"
    "    freq TEXT CHECK (freq = 'WEEKLY'),\n"
    "    byday TEXT,\n"
    "    opens_at TEXT CHECK (opens_at GLOB '[0-2][0-9]:[0-5][0-9]'),\n"
    "    closes_at TEXT CHECK (closes_at GLOB '[0-2][0-9]:[0-5][0-9]'),\n"
    "    description TEXT,\n"
    "    CHECK (byday IS NULL OR (opens_at IS NOT NULL AND closes_at IS NOT NULL))\n"
    ");\n",
    "CREATE INDEX schedule_service ON schedule(service_id);\n",
    "CREATE TABLE language (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    hsds_id TEXT NOT NULL UNIQUE,\n"
    "    service_id INTEGER NOT NULL REFERENCES service(id) ON DELETE CASCADE,\n"
    "    name TEXT,\n"
    "    code TEXT NOT NULL,\n"
    "    UNIQUE (service_id, code)\n"
    ");\n",
    "CREATE TABLE taxonomy_term (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    hsds_id TEXT NOT NULL UNIQUE,\n"
    "    code TEXT NOT NULL,\n"
    "    taxonomy TEXT NOT NULL CHECK (taxonomy IN ('frontdoor-need', 'frontdoor-facet')),\n"
    "    name TEXT NOT NULL,\n"
    "    description TEXT,\n"
    "    position INTEGER NOT NULL,\n"
    "    UNIQUE (taxonomy, code)\n"
    ");\n",
    "CREATE TABLE attribute (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    hsds_id TEXT NOT NULL UNIQUE,\n"
    "    service_id INTEGER NOT NULL REFERENCES service(id) ON DELETE CASCADE,\n"
    "    taxonomy_term_id INTEGER NOT NULL REFERENCES taxonomy_term(id) ON DELETE CASCADE,\n"
    "    UNIQUE (service_id, taxonomy_term_id)\n"
    ");\n",
    "CREATE INDEX attribute_term ON attribute(taxonomy_term_id);\n",
    "CREATE TABLE translation (\n"
    "    entity TEXT NOT NULL CHECK (entity IN ('organization', 'service', 'location',\n"
    "                                           'phone', 'schedule', 'taxonomy_term')),\n"
    "    entity_id INTEGER NOT NULL,\n"
    "    field TEXT NOT NULL,\n"
    "    lang TEXT NOT NULL CHECK (length(lang) BETWEEN 2 AND 15),\n"
    "    text TEXT NOT NULL,\n"
    "    PRIMARY KEY (entity, entity_id, field, lang)\n"
    ") WITHOUT ROWID;\n",
    TEXTS_TRIGGER(organization),
    TEXTS_TRIGGER(service),
    TEXTS_TRIGGER(location),
    TEXTS_TRIGGER(phone),
    TEXTS_TRIGGER(schedule),
    TEXTS_TRIGGER(taxonomy_term),
    "CREATE TABLE catalogue_meta (\n"
    "    key TEXT PRIMARY KEY,\n"
    "    value TEXT NOT NULL\n"
    ");\n",
};

/* Migration 2: trust facts (taxonomy "frontdoor-trust", attribute value and
 * label), sensitive needs, required documents, and translations of attribute
 * labels and documents. SQLite cannot change a CHECK constraint in place, so
 * taxonomy_term and translation are rebuilt: new table, copy, drop, rename,
 * with foreign keys off (schema_migrate_to sees to that) so that dropping the
 * old taxonomy_term cascades nowhere. The triggers that name `translation`
 * go first and come back after, because a rename checks every trigger. */
static const char *const migration_2[] = {
    "DROP TRIGGER organization_texts;\n",
    "DROP TRIGGER service_texts;\n",
    "DROP TRIGGER location_texts;\n",
    "DROP TRIGGER phone_texts;\n",
    "DROP TRIGGER schedule_texts;\n",
    "DROP TRIGGER taxonomy_term_texts;\n",
    "CREATE TABLE taxonomy_term_2 (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    hsds_id TEXT NOT NULL UNIQUE,\n"
    "    code TEXT NOT NULL,\n"
    "    taxonomy TEXT NOT NULL\n"
    "        CHECK (taxonomy IN ('frontdoor-need', 'frontdoor-facet', 'frontdoor-trust')),\n"
    "    name TEXT NOT NULL,\n"
    "    description TEXT,\n"
    "    position INTEGER NOT NULL,\n"
    "    sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),\n"
    "    UNIQUE (taxonomy, code)\n"
    ");\n",
    "INSERT INTO taxonomy_term_2 (id, hsds_id, code, taxonomy, name, description, position)\n"
    "    SELECT id, hsds_id, code, taxonomy, name, description, position FROM taxonomy_term;\n",
    "DROP TABLE taxonomy_term;\n",
    "ALTER TABLE taxonomy_term_2 RENAME TO taxonomy_term;\n",
    "ALTER TABLE attribute ADD COLUMN value TEXT;\n",
    "ALTER TABLE attribute ADD COLUMN label TEXT;\n",
    "CREATE TABLE required_document (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    hsds_id TEXT NOT NULL UNIQUE,\n"
    "    service_id INTEGER NOT NULL REFERENCES service(id) ON DELETE CASCADE,\n"
    "    document TEXT NOT NULL\n"
    ");\n",
    "CREATE INDEX required_document_service ON required_document(service_id);\n",
    "CREATE TABLE translation_2 (\n"
    "    entity TEXT NOT NULL CHECK (entity IN ('organization', 'service', 'location',\n"
    "                                           'phone', 'schedule', 'taxonomy_term',\n"
    "                                           'attribute', 'required_document')),\n"
    "    entity_id INTEGER NOT NULL,\n"
    "    field TEXT NOT NULL,\n"
    "    lang TEXT NOT NULL CHECK (length(lang) BETWEEN 2 AND 15),\n"
    "    text TEXT NOT NULL,\n"
    "    PRIMARY KEY (entity, entity_id, field, lang)\n"
    ") WITHOUT ROWID;\n",
    "INSERT INTO translation_2 SELECT entity, entity_id, field, lang, text FROM translation;\n",
    "DROP TABLE translation;\n",
    "ALTER TABLE translation_2 RENAME TO translation;\n",
    TEXTS_TRIGGER(organization),
    TEXTS_TRIGGER(service),
    TEXTS_TRIGGER(location),
    TEXTS_TRIGGER(phone),
    TEXTS_TRIGGER(schedule),
    TEXTS_TRIGGER(taxonomy_term),
    TEXTS_TRIGGER(attribute),
    TEXTS_TRIGGER(required_document),
};

/* Migration 3: who a service is for (taxonomy "frontdoor-audience"), the
 * answers of the worried-about-someone path ("frontdoor-worried"), and the
 * service's web address. taxonomy_term is rebuilt as in migration 2 for its
 * CHECK; its texts trigger goes with the old table and is made again. The
 * new column's CHECK repeats the importer's: an http(s) address of at most
 * 2 KiB, the same bytes the kiosk puts in a QR code. */
static const char *const migration_3[] = {
    "DROP TRIGGER taxonomy_term_texts;\n",
    "CREATE TABLE taxonomy_term_3 (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    hsds_id TEXT NOT NULL UNIQUE,\n"
    "    code TEXT NOT NULL,\n"
    "    taxonomy TEXT NOT NULL\n"
    "        CHECK (taxonomy IN ('frontdoor-need', 'frontdoor-facet', 'frontdoor-trust',\n"
    "                            'frontdoor-audience', 'frontdoor-worried')),\n"
    "    name TEXT NOT NULL,\n"
    "    description TEXT,\n"
    "    position INTEGER NOT NULL,\n"
    "    sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),\n"
    "    UNIQUE (taxonomy, code)\n"
    ");\n",
    "INSERT INTO taxonomy_term_3 (id, hsds_id, code, taxonomy, name, description, position,\n"
    "                             sensitive)\n"
    "    SELECT id, hsds_id, code, taxonomy, name, description, position, sensitive\n"
    "    FROM taxonomy_term;\n",
    "DROP TABLE taxonomy_term;\n",
    "ALTER TABLE taxonomy_term_3 RENAME TO taxonomy_term;\n",
    TEXTS_TRIGGER(taxonomy_term),
    "ALTER TABLE service ADD COLUMN url TEXT\n"
    "    CHECK (url IS NULL OR ((url GLOB 'http://?*' OR url GLOB 'https://?*')\n"
    "                           AND length(CAST(url AS BLOB)) <= 2048));\n",
};

/* Migration 4: search. One FTS5 row per listed service and per need holds
 * its texts in every language, folded (search.c), in four columns by how
 * much a match there says: name, keywords, place (organization and
 * locations), text (description, who it is for), and a fifth, needs,
 * with a token per need of a service, so that a query can ask for the
 * services of some needs. Contentless, since the texts are in
 * `translation` already; search_doc keeps, per row, how many
 * words each text gave, so a match can be traced back to its text.
 * search_typo is a deletion neighbourhood of the index's words for finding
 * a word one typo away. The index is derived data, built by the importer in
 * its transaction; catalog_open builds it after this migration. */
static const char *const migration_4[] = {
    "CREATE VIRTUAL TABLE search USING fts5(name, keywords, place, text, needs, content='',\n"
    "    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');\n",
    "CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search, 'row');\n",
    "CREATE TABLE search_doc (\n"
    "    id INTEGER PRIMARY KEY, -- the search rowid: a service's id, or minus a need's\n"
    "    map TEXT NOT NULL\n"
    ");\n",
    "CREATE TABLE search_typo (\n"
    "    key TEXT NOT NULL,\n"
    "    term TEXT NOT NULL,\n"
    "    PRIMARY KEY (key, term)\n"
    ") WITHOUT ROWID;\n",
    "INSERT OR REPLACE INTO catalogue_meta (key, value) VALUES ('search_index', 'stale');\n",
};

/* Migration 5: opening hours as HSDS schedules give them. valid_from and
 * valid_to limit a weekly rule to those dates; without byday they make a
 * date exception (a holiday, a closure, special hours), which needs both.
 * by_appointment is a Frontdoor extension. The CHECKs repeat the
 * importer's, the date one in shape only (the importer knows the
 * calendar). */
#define DATE_GLOB "'[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'"
static const char *const migration_5[] = {
    "ALTER TABLE schedule ADD COLUMN valid_from TEXT\n"
    "    CHECK (valid_from IS NULL OR valid_from GLOB " DATE_GLOB ");\n",
    "ALTER TABLE schedule ADD COLUMN valid_to TEXT\n"
    "    CHECK (valid_to IS NULL OR (valid_to GLOB " DATE_GLOB "\n"
    "                                AND (valid_from IS NULL OR valid_from <= valid_to)));\n",
    "ALTER TABLE schedule ADD COLUMN by_appointment INTEGER NOT NULL DEFAULT 0\n"
    "    CHECK (by_appointment IN (0, 1));\n",
};
#undef DATE_GLOB

/* Migration 6: a card per service, what a list needs of it but its texts,
 * in one row, so that listing a need's services reads a row per service
 * instead of one per facet, language, opening and place. Derived data,
 * rebuilt from the other tables by schema_cards_rebuild in the import's
 * transaction (and here): codes and values joined in the order the
 * catalogue gave them, '-' for a missing value, so each is one string to
 * split. Openings are "BYDAY OPENS CLOSES FROM TO APPOINTMENT" joined by
 * ';'; places are "LATITUDE LONGITUDE" of the open locations (a
 * confidential one has no coordinates) joined by ';'; names are the
 * service's name in every language it has, by language code, each as
 * "LANG BYTES TEXT" with TEXT's length in bytes, so any text splits
 * whatever it holds. The index on attribute lists a need's services from
 * the index alone, in the order the catalogue gave them. */
#define SCHEDULE_ROW                                                                               \
    "ifnull(byday, '-') || ' ' || ifnull(opens_at, '-') || ' ' || ifnull(closes_at, '-') || ' '"   \
    " || ifnull(valid_from, '-') || ' ' || ifnull(valid_to, '-') || ' ' || by_appointment"
#define TERM_CODES(taxonomy)                                                                       \
    "(SELECT t.code FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id"            \
    " WHERE a.service_id = s.id AND t.taxonomy = '" taxonomy "' ORDER BY t.id)"
/* clang-format off */
static const char CARDS_FILL[] =
    "INSERT INTO service_card\n"
    "SELECT s.id, s.hsds_id, s.status, s.organization_id,\n"
    "    ifnull((SELECT group_concat(code, ',') FROM " TERM_CODES("frontdoor-facet") "), ''),\n"
    "    ifnull((SELECT code FROM " TERM_CODES("frontdoor-audience") " LIMIT 1), ''),\n"
    "    ifnull((SELECT group_concat(code, ',') FROM\n"
    "            (SELECT code FROM language WHERE service_id = s.id ORDER BY id)), ''),\n"
    "    ifnull((SELECT group_concat(" SCHEDULE_ROW ", ';') FROM\n"
    "            (SELECT * FROM schedule WHERE service_id = s.id ORDER BY id)), ''),\n"
    "    ifnull((SELECT group_concat(latitude || ' ' || longitude, ';') FROM\n"
    "            (SELECT l.latitude, l.longitude FROM service_at_location sl\n"
    "             JOIN location l ON l.id = sl.location_id\n"
    "             WHERE sl.service_id = s.id AND l.confidential = 0\n"
    "             AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL ORDER BY sl.id)), ''),\n"
    "    ifnull((SELECT group_concat(lang || ' ' || length(CAST(text AS BLOB)) || ' ' || text, '')\n"
    "            FROM (SELECT lang, text FROM translation WHERE entity = 'service'\n"
    "                  AND entity_id = s.id AND field = 'name' ORDER BY lang)), '')\n"
    "FROM service s;\n";
/* clang-format on */
#undef TERM_CODES
#undef SCHEDULE_ROW
static const char *const migration_6[] = {
    "CREATE TABLE service_card (\n"
    "    service_id INTEGER PRIMARY KEY REFERENCES service(id) ON DELETE CASCADE,\n"
    "    hsds_id TEXT NOT NULL,\n"
    "    status TEXT NOT NULL,\n"
    "    organization_id INTEGER NOT NULL,\n"
    "    facets TEXT NOT NULL,    -- facet codes, joined by ','\n"
    "    audience TEXT NOT NULL,  -- an audience code, or ''\n"
    "    languages TEXT NOT NULL, -- language codes, joined by ','\n"
    "    openings TEXT NOT NULL,\n"
    "    places TEXT NOT NULL,\n"
    "    names TEXT NOT NULL\n"
    ");\n",
    "DROP INDEX attribute_term;\n",
    "CREATE INDEX attribute_term ON attribute(taxonomy_term_id, id, service_id);\n",
    CARDS_FILL,
};

int schema_cards_rebuild(struct sqlite3 *db, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(db, "DELETE FROM service_card", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, CARDS_FILL, NULL, NULL, &msg) != SQLITE_OK) {
        xsnprintf(err, errlen, "cannot build the service cards: %s",
                  msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return CATALOG_ERROR;
    }
    return CATALOG_OK;
}

/* Migration 7: when a service's information was last checked (HSDS
 * assured_date), and what staff do on the kiosk. Staff edits are kept
 * apart from the imported catalogue, so an import replaces the catalogue
 * and leaves them; they name a service (and a phone) by its HSDS id, which
 * an import keeps, not by a row id, which it does not. Each edit holds
 * what the catalogue said when it was made (`base`), so staff can be told
 * when a later import says otherwise. The audit log says what staff
 * changed and when; staff_pin holds the PIN's argon2id hash and the count
 * of wrong PINs, so a lockout outlives a restart. */
#define DATE_GLOB "'[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'"
#define TIME_GLOB "'[0-2][0-9]:[0-5][0-9]'"
static const char *const migration_7[] = {
    "ALTER TABLE service ADD COLUMN assured_date TEXT\n"
    "    CHECK (assured_date IS NULL OR assured_date GLOB " DATE_GLOB ");\n",
    "CREATE TABLE staff_edit (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    service TEXT NOT NULL,\n"
    "    kind TEXT NOT NULL CHECK (kind IN ('closed', 'hours', 'notice', 'phone')),\n"
    "    starts TEXT NOT NULL CHECK (starts GLOB " DATE_GLOB "),\n"
    "    ends TEXT NOT NULL CHECK (ends GLOB " DATE_GLOB " AND starts <= ends),\n"
    "    weekday INTEGER CHECK (weekday BETWEEN 0 AND 7), -- hours: 0 every day, else that day\n"
    "    opens_at TEXT CHECK (opens_at GLOB " TIME_GLOB "),\n"
    "    closes_at TEXT CHECK (closes_at GLOB " TIME_GLOB "),\n"
    "    phone TEXT,   -- phone: the phone's HSDS id\n"
    "    lang TEXT CHECK (length(lang) BETWEEN 2 AND 15),\n"
    "    text TEXT,    -- closed: the note; notice: the notice; phone: the new number\n"
    "    base TEXT,    -- what the catalogue said when the edit was made\n"
    "    made TEXT NOT NULL,\n"
    "    CHECK ((opens_at IS NULL) = (closes_at IS NULL)),\n"
    "    CHECK (kind <> 'hours' OR weekday IS NOT NULL),\n"
    "    CHECK (kind <> 'notice' OR (lang IS NOT NULL AND text IS NOT NULL)),\n"
    "    CHECK (kind <> 'phone' OR (phone IS NOT NULL AND text IS NOT NULL))\n"
    ");\n",
    "CREATE INDEX staff_edit_service ON staff_edit(service);\n",
    "CREATE TABLE staff_audit (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    at TEXT NOT NULL,     -- local date and time, YYYY-MM-DD HH:MM\n"
    "    action TEXT NOT NULL,\n"
    "    service TEXT,         -- the service's HSDS id\n"
    "    detail TEXT\n"
    ");\n",
    "CREATE TABLE staff_pin (\n"
    "    id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "    hash TEXT,\n"
    "    failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),\n"
    "    locked_until INTEGER NOT NULL DEFAULT 0 -- ms since the epoch\n"
    ");\n",
};
#undef TIME_GLOB
#undef DATE_GLOB

/* migrations[i] takes a database from version i to i + 1. */
static const struct migration {
    const char *const *statements;
    size_t n;
} migrations[] = {
    {migration_1, ARRAY_LEN(migration_1)}, {migration_2, ARRAY_LEN(migration_2)},
    {migration_3, ARRAY_LEN(migration_3)}, {migration_4, ARRAY_LEN(migration_4)},
    {migration_5, ARRAY_LEN(migration_5)}, {migration_6, ARRAY_LEN(migration_6)},
    {migration_7, ARRAY_LEN(migration_7)},
};

_Static_assert(ARRAY_LEN(migrations) == CATALOG_SCHEMA_VERSION, "one migration per schema version");

int schema_version(struct sqlite3 *db, int *out, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    *out = 0;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        xsnprintf(err, errlen, "cannot read the schema version: %s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return CATALOG_ERROR;
    }
    *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return CATALOG_OK;
}

/* 1 when PRAGMA foreign_key_check finds a row (described in `what`), or
 * cannot run. */
static int foreign_key_violations(struct sqlite3 *db, char *what, size_t size)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        xsnprintf(what, size, "%s row %lld refers to a missing %s row",
                  (const char *)sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1),
                  (const char *)sqlite3_column_text(st, 2));
    else if (rc != SQLITE_DONE)
        xsnprintf(what, size, "cannot check foreign keys: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc != SQLITE_DONE;
}

/* Runs migration `to` (from version to - 1) unless someone else already did.
 * Sets *now to the version the database has afterwards. */
static int migrate_one(struct sqlite3 *db, int to, int *now, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK) {
        xsnprintf(err, errlen, "cannot start migration to schema version %d: %s", to,
                  msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return CATALOG_ERROR;
    }
    int rc = schema_version(db, now, err, errlen);
    if (rc != CATALOG_OK)
        goto rollback;
    if (*now > CATALOG_SCHEMA_VERSION) {
        xsnprintf(err, errlen, "schema version %d is newer than this Frontdoor's (%d)", *now,
                  CATALOG_SCHEMA_VERSION);
        rc = CATALOG_TOO_NEW;
        goto rollback;
    }
    if (*now >= to) /* another process got here first */
        goto rollback;

    const struct migration *m = &migrations[to - 1];
    for (size_t i = 0; i < m->n; i++) {
        if (sqlite3_exec(db, m->statements[i], NULL, NULL, &msg) != SQLITE_OK) {
            xsnprintf(err, errlen, "migration to schema version %d failed: %s", to,
                      msg ? msg : sqlite3_errmsg(db));
            rc = CATALOG_ERROR;
            goto rollback;
        }
    }
    /* Foreign keys are off while tables are rebuilt; check them before the
     * new version is committed. */
    char what[256];
    if (foreign_key_violations(db, what, sizeof what)) {
        xsnprintf(err, errlen, "migration to schema version %d stopped: %s", to, what);
        rc = CATALOG_ERROR;
        goto rollback;
    }
    char pragma[48];
    xsnprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", to);
    if (sqlite3_exec(db, pragma, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
        xsnprintf(err, errlen, "migration to schema version %d failed: %s", to,
                  msg ? msg : sqlite3_errmsg(db));
        rc = CATALOG_ERROR;
        goto rollback;
    }
    *now = to;
    return CATALOG_OK;

rollback:
    sqlite3_free(msg);
    /* After some errors SQLite has already rolled back; a second ROLLBACK
     * would only add a misleading message. */
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int schema_migrate_to(struct sqlite3 *db, int target, char *err, size_t errlen)
{
    int now = 0;
    int rc = schema_version(db, &now, err, errlen);
    if (rc != CATALOG_OK)
        return rc;
    if (now < target) {
        /* PRAGMA foreign_keys is a no-op inside a transaction, so it is
         * switched here, around the migrations. */
        if (sqlite3_exec(db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL) != SQLITE_OK) {
            xsnprintf(err, errlen, "cannot prepare the migration: %s", sqlite3_errmsg(db));
            return CATALOG_ERROR;
        }
        while (rc == CATALOG_OK && now < target)
            rc = migrate_one(db, now + 1, &now, err, errlen);
        if (sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK &&
            rc == CATALOG_OK) {
            xsnprintf(err, errlen, "cannot turn foreign keys back on: %s", sqlite3_errmsg(db));
            rc = CATALOG_ERROR;
        }
        if (rc != CATALOG_OK)
            return rc;
    }
    if (now > CATALOG_SCHEMA_VERSION) {
        xsnprintf(err, errlen, "schema version %d is newer than this Frontdoor's (%d)", now,
                  CATALOG_SCHEMA_VERSION);
        return CATALOG_TOO_NEW;
    }
    return CATALOG_OK;
}

int schema_migrate(struct sqlite3 *db, char *err, size_t errlen)
{
    return schema_migrate_to(db, CATALOG_SCHEMA_VERSION, err, errlen);
}
