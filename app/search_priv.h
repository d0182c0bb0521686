/* search_priv.h: the search index's parts that the rest of the core calls.
 *
 * Private to the core: import.c rebuilds the index inside its transaction,
 * catalog.c builds it after a migration and frees the search statements
 * when a catalogue closes.
 */
#ifndef FRONTDOOR_SEARCH_PRIV_H
#define FRONTDOOR_SEARCH_PRIV_H

#include <stddef.h>
#include <stdint.h>

struct sqlite3;
struct search_cache;

/* search_fold() over `len` bytes of `in` (NUL or not), and, when `map` is
 * not NULL, map[j] = the offset in `in` of the character that output byte j
 * came from, for every j up to and including the returned length (`map`
 * holds `size` entries). */
size_t search_fold_map(const char *in, size_t len, char *out, size_t size, uint32_t *map);

/* Rebuilds the search index from the catalogue in the database. Call inside
 * the caller's write transaction: on failure the caller rolls back, and the
 * reason is in `err`. Returns 0 or CATALOG_ERROR. */
int search_index_rebuild(struct sqlite3 *db, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Rebuilds the index in a transaction of its own when a migration left it
 * to be built (catalogue_meta "search_index" = "stale"); 0 when it is
 * current. */
int search_index_refresh(struct sqlite3 *db, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Frees what catalog_search kept on a catalogue; NULL is fine. Called before
 * the connection closes. */
void search_cache_free(struct search_cache *sc);

#endif
