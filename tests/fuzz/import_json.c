/* import_json.c: libFuzzer target for the catalogue bundle importer.
 *
 * Each input is a bundle, imported into one in-memory catalogue through
 * the same path as frontdoor-admin import (import_buffer: parse, validate,
 * replace the catalogue in one transaction). Whatever the bytes, the
 * importer must answer with success or a message, never crash, leak or
 * read out of bounds; and a refused bundle must leave the catalogue as it
 * was, which the target checks by counting services before and after.
 */
#include "frontdoor/catalog.h"
#include "frontdoor/import.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct catalog *cat;
    if (!cat && catalog_open(":memory:", CATALOG_CREATE, &cat) != CATALOG_OK)
        abort();
    struct catalog_info before, after;
    if (catalog_info(cat, &before) != CATALOG_OK)
        abort();
    char err[1024];
    struct import_stats st;
    int rc = import_buffer(cat, "fuzz.json", (const char *)data, size, IMPORT_ALLOW_EMPTY, &st, err,
                           sizeof err);
    if (catalog_info(cat, &after) != CATALOG_OK)
        abort();
    if (rc == 0 ? after.services != st.services : after.services != before.services)
        abort(); /* a refused bundle changed the catalogue, or stats lie */
    if (rc != 0 && err[0] == '\0')
        abort(); /* refused without saying why */
    return 0;
}
