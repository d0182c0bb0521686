/* catalog_priv.h: what catalog.c shares with search.c, so a search result
 * is read the way every list is.
 *
 * Private to the core.
 */
#ifndef FRONTDOOR_CATALOG_PRIV_H
#define FRONTDOOR_CATALOG_PRIV_H

#include "frontdoor/catalog.h"

struct search_cache;

/* One read transaction around a query's reads, as every public query of
 * catalog.c has: catalog_read_end releases it when rc is CATALOG_OK, else
 * rolls it back, and returns rc (or CATALOG_ERROR if the release fails). */
int catalog_read_begin(struct catalog *cat) FD_WUR;
int catalog_read_end(struct catalog *cat, int rc) FD_WUR;

/* Records SQLite's reason for a failed `what`; returns CATALOG_ERROR. */
int catalog_fail_db(struct catalog *cat, const char *what);

/* Loads the summaries of the n services `ids` into out[0..n-1] (zeroed by
 * the caller), as catalog_services_for_need does, with their names but not
 * their descriptions or organizations: one query for all n cards and one
 * per step of the names' language fallback, not queries per service.
 * CATALOG_NOT_FOUND when an id names no service. On failure frees what it
 * loaded. */
int catalog_summaries_load(struct catalog *cat, const int64_t *ids, size_t n,
                           struct service_summary *out) FD_WUR;
void catalog_summary_free(struct service_summary *s);

/* The order of a need's list (crisis lines first, services for people who
 * use violence last, then by name), for qsort. */
int catalog_summary_order(const void *a, const void *b);

/* The search statements kept on the handle; catalog_close frees them. */
struct search_cache **catalog_search_cache(struct catalog *cat);

#endif
