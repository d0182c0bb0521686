/* hsds_json.c: libFuzzer target for the HSDS JSON converter.
 *
 * Each input is an HSDS file, converted strictly and then leniently onto the
 * taxonomy of a base bundle, as frontdoor-admin import does, and what
 * the converter makes of it is imported into a catalogue in memory. The
 * base is a small bundle of ten terms, so that a run takes milliseconds. A
 * conversion must end in a bundle or in problems it names, and a lenient one
 * of an HSDS file in a bundle (it drops what is wrong rather than refuse).
 */
#include "frontdoor/catalog.h"
#include "frontdoor/hsds.h"
#include "frontdoor/import.h"

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *base;
    static size_t base_len;
    static struct catalog *cat;
    char err[1024];
    if (!base && (import_read(FUZZ_BASE, &base, &base_len, err, sizeof err) != 0 ||
                  catalog_open(":memory:", CATALOG_CREATE, &cat) != CATALOG_OK))
        abort();
    const char *json = (const char *)data;
    int hsds = hsds_detect(json, size);
    for (unsigned flags = 0; flags <= HSDS_LENIENT; flags += HSDS_LENIENT) {
        json_t *bundle;
        struct hsds_notes notes;
        err[0] = '\0';
        int rc = hsds_convert("fuzz.json", json, size, base, base_len, NULL, flags, &bundle, &notes,
                              err, sizeof err);
        if (rc != 0 && !notes.n_problems && !err[0])
            abort(); /* refused without saying why */
        if (rc == 0) {
            if (!hsds)
                abort(); /* converted what it does not take for HSDS */
            (void)import_tree(cat, "fuzz.json", bundle, IMPORT_ALLOW_EMPTY, NULL, err, sizeof err);
            json_decref(bundle);
        } else if (hsds && (flags & HSDS_LENIENT) && !err[0]) {
            abort(); /* lenient refused an HSDS file */
        }
        hsds_notes_free(&notes);
    }
    return 0;
}
