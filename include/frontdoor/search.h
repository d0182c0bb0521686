/* search.h: finding services by what a person types, in any language.
 *
 * The catalogue keeps an FTS5 index over every service's and need's texts
 * in every language, rebuilt inside the import transaction. Text is folded
 * the same way when indexed and when searched: by search_fold (Arabic and
 * Persian forms: vowel marks, alef, yeh and kaf forms, tatweel, ZWNJ; and
 * apostrophes), then by the index's tokenizer (FTS5 unicode61 with
 * remove_diacritics 2: case and diacritics, so hata finds hätä). The last
 * word of a query matches as a prefix, as the person types; a word of five
 * letters or more also finds words one typo away. Keywords that the
 * catalogue gives per need and per service, in any language, lead to them
 * as synonyms, and so do need names: a need that matches brings its
 * services.
 *
 * The query lives in memory only: nothing of it is written to disk (the
 * connection keeps its temporary tables in memory), logged or counted.
 */
#ifndef FRONTDOOR_SEARCH_H
#define FRONTDOOR_SEARCH_H

#include "frontdoor/catalog.h"

#include <stddef.h>

/* The most bytes of a query the kiosk's field takes. */
#define SEARCH_QUERY_MAX 128

/* One service found. */
struct search_hit {
    struct service_summary service; /* as in a need's list */
    char need[64];                  /* the need it is grouped under: the one that matched, else
                                       the service's first need in catalogue order; "" if none */
    struct fd_text why;             /* when the match is not in the service's name as shown
                                       (service.name.lang): the text that matched (a keyword,
                                       a need's name, the name in another language, a few
                                       words of the description around the match, cut with
                                       "…"), as the catalogue wrote it, in its own language;
                                       NULL text otherwise */
};

/* The most services a search finds: more is no help to anyone reading a
 * screen. */
#define SEARCH_MAX_HITS 60

/* Hits ranked best first, grouped by need: the groups in the order of their
 * best hit, each group's hits by rank. */
struct search_results {
    struct search_hit *items;
    size_t n;
    size_t total; /* how many were found, at most SEARCH_MAX_HITS: the first n are loaded */
};

/* Folds `in` (any bytes; NULL is "") for matching into `out` (`size` bytes,
 * always terminated, cut at a character): invalid UTF-8 and control
 * characters become spaces, and the rest is folded as above. Case and
 * Latin diacritics are left to the tokenizer. Returns the length
 * written. */
size_t search_fold(const char *in, char *out, size_t size);

/* Services matching `query` (any bytes: FTS5 syntax, invalid UTF-8 and
 * control characters are only text; only its first SEARCH_QUERY_MAX bytes
 * and six words count) in every language, at most `max`: every word must
 * match the service's texts or those of one of its needs. Inactive and
 * defunct services never come. A query with no letter or digit gives an
 * empty list, not an error. The caller frees `out` with
 * catalog_search_free, also after a failure (it is empty then).
 * Each hit costs about 50 µs to load on a 10,000-service catalogue: ask
 * for what the screen will show, and learn from `total` how many more
 * there are. */
int catalog_search(struct catalog *cat, const char *query, size_t max,
                   struct search_results *out) FD_WUR;
void catalog_search_free(struct search_results *r);

#endif
