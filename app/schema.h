/* schema.h: the catalogue database's schema, as compiled-in migrations.
 *
 * Private to the core: catalog.c calls these when it opens a database. The
 * codes returned are the CATALOG_* codes of catalog.h; on failure a reason
 * naming what went wrong is written to `err`.
 */
#ifndef FRONTDOOR_SCHEMA_H
#define FRONTDOOR_SCHEMA_H

#include <stddef.h>

struct sqlite3;

/* Reads PRAGMA user_version into *out. Writes nothing to the database. */
int schema_version(struct sqlite3 *db, int *out, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Brings the database up to CATALOG_SCHEMA_VERSION. Each migration runs in one
 * BEGIN IMMEDIATE transaction that also sets user_version, so a failure leaves
 * the database at the last version that completed. A database newer than this
 * build is refused with CATALOG_TOO_NEW and not written. Call with foreign
 * keys on and no transaction open. */
int schema_migrate(struct sqlite3 *db, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* As schema_migrate, but stops at version `target` (at most
 * CATALOG_SCHEMA_VERSION): for tests that build an old database and migrate
 * it. Foreign keys are off while the migrations run and on afterwards. */
int schema_migrate_to(struct sqlite3 *db, int target, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Builds service_card again from the catalogue's tables, inside the caller's
 * transaction: the importer calls it after writing a catalogue. */
int schema_cards_rebuild(struct sqlite3 *db, char *err, size_t errlen)
    __attribute__((warn_unused_result));

#endif
