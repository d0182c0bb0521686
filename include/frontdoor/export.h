/* export.h: the catalogue written out again.
 *
 * `frontdoor` is the bundle format the importer reads (data/CATALOGUE.md):
 * exporting a catalogue and importing the file gives the same catalogue,
 * table for table. Every object keeps its HSDS id; texts in other languages
 * go to translations[], keywords in the catalogue's own language to the
 * keywords of their need or service. What the importer derives (the search
 * index, the service cards) and what it never stores (a confidential
 * location's address) are not in the file.
 *
 * The catalogue is read in one read transaction, so an import running
 * meanwhile is seen whole or not at all.
 */
#ifndef FRONTDOOR_EXPORT_H
#define FRONTDOOR_EXPORT_H

#include <stdio.h>

struct catalog;

/* Writes the catalogue of `cat` as a bundle to `out`. Returns 0, or -1 with
 * the reason in `err`. */
int export_bundle(struct catalog *cat, FILE *out, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* The same into memory: *buf (NUL-terminated, *len bytes), freed by the
 * caller. */
int export_to_memory(struct catalog *cat, char **buf, size_t *len, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* The same with no services: the language, whether it is sample data, and
 * the taxonomy terms (needs, facets, ...) with their texts; what an HSDS
 * file is mapped onto. */
int export_terms_to_memory(struct catalog *cat, char **buf, size_t *len, char *err, size_t errlen)
    __attribute__((warn_unused_result));

#endif
