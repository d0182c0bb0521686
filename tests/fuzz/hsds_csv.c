/* hsds_csv.c: libFuzzer target for the HSDS CSV reader and converter.
 *
 * Each input is a folder of HSDS CSV tables in one text: sections that
 * start with a line "==> NAME <==" hold the file NAME.csv (a name that is
 * no table of the kiosk's is ignored; "datapackage" stands for
 * datapackage.json). The folder is written afresh in a temporary directory,
 * with a datapackage.json naming every table unless the input brings its
 * own, and converted strictly and then leniently onto a small base bundle,
 * as frontdoor-admin import does; what comes out is imported into a
 * catalogue in memory. A conversion must end in a bundle or in problems it
 * names; a lenient one refuses only a folder it cannot read at all.
 */
#include "frontdoor/catalog.h"
#include "frontdoor/hsds.h"
#include "frontdoor/import.h"

#include "hsds_priv.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void put(const char *name, const char *text, size_t len)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
        abort();
}

/* The datapackage.json that names every table. */
static void put_package(void)
{
    char text[4096];
    size_t used = (size_t)snprintf(text, sizeof text, "{\"resources\": [");
    for (int t = 0; t < N_TABLES; t++)
        used += (size_t)snprintf(text + used, sizeof text - used,
                                 "%s{\"name\": \"%s\", \"path\": \"%s.csv\"}", t ? ", " : "",
                                 hsds_tables[t].name, hsds_tables[t].name);
    used += (size_t)snprintf(text + used, sizeof text - used, "]}");
    put("datapackage.json", text, used);
}

/* Empties the folder. */
static void clear(void)
{
    char path[128];
    for (int t = 0; t < N_TABLES; t++) {
        snprintf(path, sizeof path, "%s/%s.csv", dir, hsds_tables[t].name);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/datapackage.json", dir);
    unlink(path);
}

static void remove_dir(void)
{
    clear();
    rmdir(dir);
}

/* Writes the section `name` as its file. Returns 1 for datapackage.json. */
static int put_section(const char *name, const char *body, size_t len)
{
    char file[64];
    if (strcmp(name, "datapackage") == 0) {
        put("datapackage.json", body, len);
        return 1;
    }
    for (int t = 0; t < N_TABLES; t++) {
        if (strcmp(name, hsds_tables[t].name) == 0) {
            snprintf(file, sizeof file, "%s.csv", name);
            put(file, body, len);
        }
    }
    return 0;
}

/* Writes the sections of the input as files. */
static void write_folder(const char *in, size_t size)
{
    const char *end = in + size, *p = in, *body = NULL;
    char name[48] = "";
    int own_package = 0;
    for (;;) {
        const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
        const char *line_end = nl ? nl : end;
        size_t n = (size_t)(line_end - p);
        int mark = n > 8 && n - 8 < sizeof name && memcmp(p, "==> ", 4) == 0 &&
                   memcmp(line_end - 4, " <==", 4) == 0;
        if (mark || p == end) {
            if (body)
                own_package |= put_section(name, body, (size_t)(p - body));
            if (p == end)
                break;
            memcpy(name, p + 4, n - 8);
            name[n - 8] = '\0';
            body = nl ? nl + 1 : end;
        }
        p = nl ? nl + 1 : end;
    }
    if (!own_package)
        put_package();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *base;
    static size_t base_len;
    static struct catalog *cat;
    char err[1024];
    if (!base) {
        snprintf(dir, sizeof dir, "/tmp/fuzz-hsds-csv-%ld", (long)getpid());
        if (import_read(FUZZ_BASE, &base, &base_len, err, sizeof err) != 0 ||
            catalog_open(":memory:", CATALOG_CREATE, &cat) != CATALOG_OK ||
            (mkdir(dir, 0700) != 0 && access(dir, W_OK) != 0))
            abort();
        atexit(remove_dir);
    }
    clear();
    write_folder((const char *)data, size);
    for (unsigned flags = 0; flags <= HSDS_LENIENT; flags += HSDS_LENIENT) {
        json_t *bundle;
        struct hsds_notes notes;
        err[0] = '\0';
        int rc = hsds_convert_csv(dir, NULL, 0, base, base_len, NULL, flags, &bundle, &notes, err,
                                  sizeof err);
        if (rc != 0 && !notes.n_problems && !err[0])
            abort(); /* refused without saying why */
        if (rc == 0) {
            (void)import_tree(cat, "fuzz", bundle, IMPORT_ALLOW_EMPTY, NULL, err, sizeof err);
            json_decref(bundle);
        } else if ((flags & HSDS_LENIENT) && !err[0]) {
            abort(); /* lenient refused a folder it could read */
        }
        hsds_notes_free(&notes);
    }
    return 0;
}
