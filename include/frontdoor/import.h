/* import.h: the catalogue bundle importer.
 *
 * A bundle is one JSON file (format in data/CATALOGUE.md): HSDS 3.0 service
 * objects with their nested organization, locations, addresses, phones,
 * schedules, languages and attributes; the need categories and facets as
 * taxonomy terms; and Frontdoor's translations.
 *
 * An import parses and validates the whole file into memory first, then
 * replaces the catalogue in one BEGIN IMMEDIATE transaction. A refused or
 * interrupted import changes nothing. A confidential location's address is
 * dropped before anything is written.
 */
#ifndef FRONTDOOR_IMPORT_H
#define FRONTDOOR_IMPORT_H

#include <stddef.h>

struct catalog;

struct import_stats {
    size_t services;
    size_t organizations;
    size_t locations;
    size_t taxonomy_terms;
    size_t translations;      /* entries of translations[] (texts in other languages) */
    size_t addresses_dropped; /* confidential locations' addresses not stored */
};

/* Flags of an import. */
enum {
    /* Accept a bundle with no services, which empties the catalogue.
     * Without it such a bundle is refused: "FILE: has no services; the
     * catalogue was not changed. Use --allow-empty to empty it." */
    IMPORT_ALLOW_EMPTY = 1 << 0,
};

/* Imports the bundle at `path` into `cat`, replacing its catalogue.
 * Returns 0 on success (stats filled when not NULL) or a negative code with
 * the reason in `err`, which names the file and the JSON path, e.g.
 * "catalogue.json: services[1].name: expected a string". Anything but a
 * regular file is refused ("FILE: not a regular file") and a FIFO is never
 * opened. `flags` are IMPORT_* ORed together. */
int import_file(struct catalog *cat, const char *path, unsigned flags, struct import_stats *stats,
                char *err, size_t errlen) __attribute__((warn_unused_result));

/* Reads the bundle file `path` (at most 64 MiB, only a regular file) into
 * *buf, for a caller that checks its signature over the very bytes it then
 * imports with import_buffer(). Returns 0, or -1 with "PATH: message" in
 * `err`. The caller frees *buf. */
int import_read(const char *path, char **buf, size_t *len, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* The same from a bundle already parsed (an HSDS file converted, say),
 * which the caller still owns; an import of a JSON text checks it has no
 * member twice, which a tree cannot have. */
struct json_t;
int import_tree(struct catalog *cat, const char *name, struct json_t *bundle, unsigned flags,
                struct import_stats *stats, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Same as import_file, from a JSON text in memory; `name` stands in for the file name in
 * messages. */
int import_buffer(struct catalog *cat, const char *name, const char *json, size_t len,
                  unsigned flags, struct import_stats *stats, char *err, size_t errlen)
    __attribute__((warn_unused_result));

#endif
