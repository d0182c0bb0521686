/* hsds_priv.h: what the HSDS readers share inside the core.
 *
 * hsds.c converts a tree of HSDS services, however it was read: parsed
 * from JSON, or put together from the tables of a CSV folder (hsds_csv.c),
 * whose objects carry the row they came from in a member "@row"
 * ("DIR/phone.csv:4"), so that a problem is named by its row.
 */
#ifndef FRONTDOOR_HSDS_PRIV_H
#define FRONTDOOR_HSDS_PRIV_H

#include "frontdoor/hsds.h"

#include <jansson.h>

/* Appends a copy of `line` to the notes *lines (*n of them). */
void hsds_note(char ***lines, size_t *n, const char *line);

/* hsds_convert over the parsed `root` (not changed; the caller keeps it).
 * `rows`: problems are named by the objects' "@row" rather than by a JSON
 * path in the file `name`. */
int hsds_convert_tree(const char *name, json_t *root, int rows, const char *base, size_t base_len,
                      const struct hsds_map *map, unsigned flags, json_t **out,
                      struct hsds_notes *notes, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* The tables of an HSDS CSV folder as Frontdoor writes and reads them:
 * HSDS's names, the columns the kiosk uses (HSDS's, then Frontdoor's
 * extensions), each with its Table Schema type ("" for a string). */
enum {
    T_ORGANIZATION,
    T_SERVICE,
    T_LOCATION,
    T_ADDRESS,
    T_PHONE,
    T_SCHEDULE,
    T_SERVICE_AT_LOCATION,
    T_LANGUAGE,
    T_REQUIRED_DOCUMENT,
    T_TAXONOMY,
    T_TAXONOMY_TERM,
    T_ATTRIBUTE,
    T_TRANSLATION, /* frontdoor_translation: texts in other languages */
    N_TABLES
};
#define HSDS_MAX_COLS 16
struct hsds_table {
    const char *name;
    struct {
        const char *name, *type;
    } cols[HSDS_MAX_COLS];
};
extern const struct hsds_table hsds_tables[N_TABLES];

#endif
