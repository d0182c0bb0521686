/* diff.h: what an import would change, before it changes anything.
 *
 * The bundle is imported into a catalogue in memory, through the same
 * checks as a real import; then both catalogues are exported (export.h) and
 * their services compared by HSDS id. A service counts as changed when
 * anything of it differs: a text in any language, an opening, a phone, a
 * place, a link to a need. Staff see the services added, changed and
 * removed by name before they import (frontdoor-admin import --dry-run, and
 * the kiosk's staff mode before a bundle from a USB stick).
 */
#ifndef FRONTDOOR_DIFF_H
#define FRONTDOOR_DIFF_H

#include <stddef.h>

struct catalog;

enum change { CHANGE_ADDED, CHANGE_CHANGED, CHANGE_REMOVED };

struct service_change {
    enum change what;
    char *id;   /* HSDS id */
    char *name; /* in the catalogue's own language: the new one, or the old when removed */
};

struct catalogue_diff {
    struct service_change *changes; /* added, then changed, then removed; each by name */
    size_t n;
    size_t unchanged;
};

/* Compares the catalogue of `cat` with the bundle `json` (`len` bytes,
 * called `name` in messages) imported with IMPORT_* `flags`. Returns 0 with
 * `out` filled, or -1 with why in `err`: the bundle's first problem, as the
 * import would report it. `cat` is only read. */
int catalogue_diff(struct catalog *cat, const char *name, const char *json, size_t len,
                   unsigned flags, struct catalogue_diff *out, char *err, size_t errlen)
    __attribute__((warn_unused_result));
void catalogue_diff_free(struct catalogue_diff *d);

#endif
