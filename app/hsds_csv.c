/* hsds_csv.c: an HSDS CSV folder, or a zip of one, put together into
 * services (see hsds.h).
 *
 * datapackage.json names the tables (its resources) and their files. Each
 * table the kiosk uses is parsed whole (csv.h), every row made an object of
 * the columns the kiosk reads (typed as hsds_tables says: numbers, true and
 * false, keywords split at commas) with its place, "DIR/phone.csv:4", in
 * "@row". Rows are then hung on the rows they link to by id, as the HSDS
 * API nests them: phones, schedules, languages, documents, attributes (with
 * their taxonomy term) and locations on their service, addresses and
 * phones on their location. The tree goes to hsds_convert_tree, which
 * names each problem by its row. Problems of the tables themselves (an id
 * twice, a link to no row) are named here, the same way; in lenient mode
 * the row at fault is left out.
 *
 * A zip may hold the folder's files at its top or in one folder; the
 * files' sizes are checked as they are inflated, never trusted from the
 * zip's directory.
 */
#include "frontdoor/csv.h"
#include "frontdoor/hsds.h"
#include "frontdoor/mem.h"
#include "frontdoor/paths.h"

#include "hsds_priv.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#define TABLE_MAX (256u * 1024 * 1024) /* bytes in one CSV file */
#define PACKAGE_MAX (4u * 1024 * 1024) /* bytes in datapackage.json */

/* Where the files are: a folder, or a zip with its folder inside. */
struct source {
    const char *path;
    zip_t *zip;
    char prefix[512]; /* in a zip: the folder holding datapackage.json, "" or "x/" */
};

struct reader {
    struct source src;
    unsigned flags;
    struct hsds_notes *notes; /* problems of the tables */
    int problems;
    json_t *rows[N_TABLES];  /* each table's rows, in file order */
    json_t *by_id[N_TABLES]; /* id -> row */
};

/* A problem with the row `row` (its "@row"), in the column `key` (may be
 * NULL). Returns -1. */
static int row_problem(struct reader *r, json_t *row, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int row_problem(struct reader *r, json_t *row, const char *key, const char *fmt, ...)
{
    char msg[768], line[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    xsnprintf(line, sizeof line, "%s: %s%s%s%s", json_string_value(json_object_get(row, "@row")),
              key ? key : "", key ? ": " : "", msg,
              r->flags & HSDS_LENIENT ? "; the row is left out" : "");
    hsds_note(&r->notes->problems, &r->notes->n_problems, line);
    r->problems++;
    return -1;
}

/* A note of valid HSDS the kiosk does not show. */
static void row_skip(struct reader *r, json_t *row, const char *what)
{
    char line[1024];
    xsnprintf(line, sizeof line, "%s: %s; left out",
              json_string_value(json_object_get(row, "@row")), what);
    hsds_note(&r->notes->skipped, &r->notes->n_skipped, line);
}

/* ---- files -------------------------------------------------------------------- */

int hsds_is_folder(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int hsds_is_zip(const char *buf, size_t len)
{
    return len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0;
}

/* Reads the file `name` of the source (at most `max` bytes) into *text.
 * Returns 0, 1 when there is no such file, or -1 with why in err. */
static int source_read(struct source *s, const char *name, size_t max, char **text, size_t *len,
                       char *err, size_t errlen)
{
    char path[4200];
    *text = NULL;
    *len = 0;
    if (!s->zip) {
        xsnprintf(path, sizeof path, "%s/%s", s->path, name);
        struct stat st;
        if (stat(path, &st) != 0 && errno == ENOENT)
            return 1;
        return paths_read_regular(path, max, "a table", text, len, err, errlen) ? -1 : 0;
    }
    xsnprintf(path, sizeof path, "%s%s", s->prefix, name);
    zip_int64_t i = zip_name_locate(s->zip, path, 0);
    if (i < 0)
        return 1;
    zip_file_t *f = zip_fopen_index(s->zip, (zip_uint64_t)i, 0);
    if (!f) {
        xsnprintf(err, errlen, "%s/%s: cannot read: %s", s->path, path, zip_strerror(s->zip));
        return -1;
    }
    size_t cap = 65536, n = 0;
    char *buf = xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap > max) {
                xsnprintf(err, errlen, "%s/%s: larger than the limit of %zu MiB", s->path, path,
                          max >> 20);
                zip_fclose(f);
                free(buf);
                return -1;
            }
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
        zip_int64_t got = zip_fread(f, buf + n, cap - n);
        if (got < 0) {
            xsnprintf(err, errlen, "%s/%s: cannot read: %s", s->path, path,
                      zip_error_strerror(zip_file_get_error(f)));
            zip_fclose(f);
            free(buf);
            return -1;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    zip_fclose(f);
    if (n > max) {
        xsnprintf(err, errlen, "%s/%s: larger than the limit of %zu MiB", s->path, path, max >> 20);
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}

/* Opens the zip in `buf` and finds its datapackage.json: at the top, or in
 * the one folder there. */
static int source_open_zip(struct source *s, const char *buf, size_t len, char *err, size_t errlen)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *zs = zip_source_buffer_create(buf, len, 0, &ze);
    if (zs && !(s->zip = zip_open_from_source(zs, ZIP_RDONLY | ZIP_CHECKCONS, &ze)))
        zip_source_free(zs);
    if (!s->zip) {
        xsnprintf(err, errlen, "%s: not a zip file that can be read: %s", s->path,
                  zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return -1;
    }
    zip_error_fini(&ze);
    if (zip_name_locate(s->zip, "datapackage.json", 0) >= 0)
        return 0;
    zip_int64_t n = zip_get_num_entries(s->zip, 0);
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(s->zip, (zip_uint64_t)i, 0);
        const char *slash = name ? strchr(name, '/') : NULL;
        if (slash && strcmp(slash + 1, "datapackage.json") == 0 &&
            (size_t)(slash - name) + 2 < sizeof s->prefix) {
            xsnprintf(s->prefix, sizeof s->prefix, "%.*s/", (int)(slash - name), name);
            return 0;
        }
    }
    return 0; /* read_package says it is missing */
}

/* ---- rows ------------------------------------------------------------------- */

/* The cell `v` of a column of type `type` as a JSON value: a number, true
 * or false, keywords split; as text when it is not what the type says, so
 * that the converter names it. */
static json_t *cell(const char *v, const char *type, const char *column)
{
    if (strcmp(column, "keywords") == 0) {
        /* Separated by commas, Arabic ones too, as in a translation. */
        json_t *a = json_array();
        for (const char *p = v;;) {
            const char *end = p;
            while (*end && *end != ',' && strncmp(end, "\xD8\x8C", 2) != 0)
                end++;
            const char *next = *end == ',' ? end + 1 : *end ? end + 2 : NULL;
            while (p < end && *p == ' ')
                p++;
            while (end > p && end[-1] == ' ')
                end--;
            json_array_append_new(a, json_stringn(p, (size_t)(end - p)));
            if (!next)
                return a;
            p = next;
        }
    }
    char *end;
    if (strcmp(type, "number") == 0 || strcmp(type, "integer") == 0) {
        errno = 0;
        double d = strtod(v, &end);
        if (*v && !*end && !errno && !strchr(v, ' '))
            return strcmp(type, "integer") == 0 && d > -1e15 && d < 1e15 &&
                           d == (double)(json_int_t)d
                       ? json_integer((json_int_t)d)
                       : json_real(d);
    } else if (strcmp(type, "boolean") == 0) {
        if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
            return json_true();
        if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
            return json_false();
    }
    return json_string(v);
}

/* Reads the table `t` from the file `file` of the source into r->rows[t]. */
static int read_table(struct reader *r, int t, const char *file, char *err, size_t errlen)
{
    char *text, name[4400];
    size_t len;
    xsnprintf(name, sizeof name, "%s/%s%s", r->src.path, r->src.prefix, file);
    int rc = source_read(&r->src, file, TABLE_MAX, &text, &len, err, errlen);
    if (rc == 1)
        xsnprintf(err, errlen, "%s: no such file (datapackage.json names it)", name);
    if (rc)
        return -1;
    struct csv_table tab;
    rc = csv_parse(name, text, len, &tab, err, errlen);
    free(text);
    if (rc)
        return -1;
    const struct hsds_table *def = &hsds_tables[t];
    int col[HSDS_MAX_COLS];
    for (int c = 0; c < HSDS_MAX_COLS; c++)
        col[c] = def->cols[c].name ? csv_column(&tab, def->cols[c].name) : -1;
    if (t != T_TRANSLATION && col[0] < 0) {
        xsnprintf(err, errlen, "%s:1: no column \"id\"", name);
        csv_table_free(&tab);
        return -1;
    }
    json_t *rows = r->rows[t] = json_array();
    for (size_t i = 0; i < tab.n_rows; i++) {
        char at[4500];
        xsnprintf(at, sizeof at, "%s:%d", name, tab.row_no[i]);
        json_t *o = json_pack("{ss}", "@row", at);
        for (int c = 0; c < HSDS_MAX_COLS; c++) {
            const char *v = col[c] >= 0 ? tab.rows[i][col[c]] : "";
            if (*v)
                json_object_set_new(o, def->cols[c].name,
                                    cell(v, def->cols[c].type, def->cols[c].name));
        }
        json_array_append_new(rows, o);
    }
    csv_table_free(&tab);
    return 0;
}

/* Reads datapackage.json and every table it names that the kiosk uses. */
static int read_package(struct reader *r, json_t **package, char *err, size_t errlen)
{
    char *text;
    size_t len;
    int rc = source_read(&r->src, "datapackage.json", PACKAGE_MAX, &text, &len, err, errlen);
    if (rc == 1)
        xsnprintf(err, errlen,
                  "%s: no datapackage.json (an HSDS CSV folder names its tables there)",
                  r->src.path);
    if (rc)
        return -1;
    json_error_t jerr;
    json_t *dp = *package = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    free(text);
    if (!dp) {
        xsnprintf(err, errlen, "%s/%sdatapackage.json:%d:%d: %s", r->src.path, r->src.prefix,
                  jerr.line, jerr.column, jerr.text);
        return -1;
    }
    json_t *resources = json_object_get(dp, "resources"), *res;
    if (!json_is_array(resources)) {
        xsnprintf(err, errlen, "%s/%sdatapackage.json: resources: expected an array", r->src.path,
                  r->src.prefix);
        return -1;
    }
    size_t i;
    json_array_foreach(resources, i, res)
    {
        const char *name = json_string_value(json_object_get(res, "name"));
        const char *file = json_string_value(json_object_get(res, "path"));
        int t = 0;
        while (t < N_TABLES && (!name || strcmp(name, hsds_tables[t].name) != 0))
            t++;
        if (t == N_TABLES)
            continue; /* a table the kiosk does not use */
        if (!file || !*file || file[0] == '/' || strstr(file, "..") || r->rows[t]) {
            xsnprintf(err, errlen, "%s/%sdatapackage.json: resources[%zu].path: %s", r->src.path,
                      r->src.prefix, i,
                      r->rows[t] ? "a second resource of this name"
                                 : "expected the name of a file in the folder");
            return -1;
        }
        if (read_table(r, t, file, err, errlen) != 0)
            return -1;
    }
    if (!r->rows[T_SERVICE]) {
        xsnprintf(err, errlen, "%s/%sdatapackage.json: no resource named \"service\"", r->src.path,
                  r->src.prefix);
        return -1;
    }
    for (int t = 0; t < N_TABLES; t++) {
        if (!r->rows[t])
            r->rows[t] = json_array();
    }
    return 0;
}

/* ---- links ------------------------------------------------------------------ */

/* Indexes each table by id; a row without an id, or with one that an
 * earlier row has, is a problem and left out of the index. */
static void index_rows(struct reader *r)
{
    for (int t = 0; t < N_TABLES; t++) {
        r->by_id[t] = json_object();
        if (t == T_TRANSLATION)
            continue;
        size_t i;
        json_t *row;
        json_array_foreach(r->rows[t], i, row)
        {
            const char *id = json_string_value(json_object_get(row, "id"));
            json_t *first = id ? json_object_get(r->by_id[t], id) : NULL;
            if (!id)
                row_problem(r, row, "id", "required, and missing");
            else if (first)
                row_problem(r, row, "id", "\"%s\" is the id of %s too", id,
                            json_string_value(json_object_get(first, "@row")));
            else
                json_object_set(r->by_id[t], id, row);
            if (!id || first)
                json_object_set_new(row, "@out", json_true());
        }
    }
}

/* The row of table `to` that `row`'s column `key` names: NULL when the
 * column is empty (*named 0) or names no row (a problem, *named 1). */
static json_t *linked(struct reader *r, json_t *row, const char *key, int to, int *named)
{
    const char *id = json_string_value(json_object_get(row, key));
    *named = id != NULL;
    if (!id)
        return NULL;
    json_t *target = json_object_get(r->by_id[to], id);
    if (!target)
        row_problem(r, row, key, "no %s has the id \"%s\"", hsds_tables[to].name, id);
    return target;
}

/* Appends `row` to the array `key` of `owner`. */
static void hang(json_t *owner, const char *key, json_t *row)
{
    json_t *a = json_object_get(owner, key);
    if (!a)
        json_object_set_new(owner, key, a = json_array());
    json_array_append(a, row);
}

static int dropped(json_t *row)
{
    return json_object_get(row, "@out") != NULL;
}

/* Hangs each row of table `t` on the service it names in service_id; a row
 * of another owner (a location's, an organization's) is noted as `other`. */
static void hang_on_service(struct reader *r, int t, const char *key, const char *other)
{
    size_t i;
    json_t *row;
    json_array_foreach(r->rows[t], i, row)
    {
        int named;
        if (dropped(row))
            continue;
        json_t *s = linked(r, row, "service_id", T_SERVICE, &named);
        if (s)
            hang(s, key, row);
        else if (!named && other)
            row_skip(r, row, other);
        else if (!named)
            row_problem(r, row, "service_id", "required, and missing");
    }
}

/* The tree hsds_convert_tree reads: {"contents": services, "frontdoor": ...}. */
static json_t *assemble(struct reader *r, json_t *package)
{
    size_t i;
    json_t *row;
    int named = 0;
    json_array_foreach(r->rows[T_SERVICE], i, row)
    {
        json_t *org = linked(r, row, "organization_id", T_ORGANIZATION, &named);
        if (org)
            json_object_set(row, "organization", org);
    }
    json_array_foreach(r->rows[T_ADDRESS], i, row)
    {
        if (dropped(row))
            continue;
        json_t *loc = linked(r, row, "location_id", T_LOCATION, &named);
        if (loc)
            hang(loc, "addresses", row);
        else if (!named)
            row_problem(r, row, "location_id", "required, and missing");
    }
    json_array_foreach(r->rows[T_PHONE], i, row)
    {
        if (dropped(row))
            continue;
        json_t *s = linked(r, row, "service_id", T_SERVICE, &named);
        if (s)
            hang(s, "phones", row);
        json_t *loc = named ? NULL : linked(r, row, "location_id", T_LOCATION, &named);
        if (loc)
            hang(loc, "phones", row);
        if (!named)
            row_skip(r, row, "a phone of neither a service nor a location");
    }
    json_array_foreach(r->rows[T_SERVICE_AT_LOCATION], i, row)
    {
        if (dropped(row))
            continue;
        int named_loc;
        json_t *s = linked(r, row, "service_id", T_SERVICE, &named);
        json_t *loc = linked(r, row, "location_id", T_LOCATION, &named_loc);
        if (!named)
            row_problem(r, row, "service_id", "required, and missing");
        if (!named_loc)
            row_problem(r, row, "location_id", "required, and missing");
        if (s && loc) {
            json_object_set(row, "location", loc);
            hang(s, "service_at_locations", row);
        }
    }
    hang_on_service(r, T_SCHEDULE, "schedules", "a location's hours (the kiosk shows a service's)");
    hang_on_service(r, T_LANGUAGE, "languages", "a language of a location or a phone");
    hang_on_service(r, T_REQUIRED_DOCUMENT, "required_documents", NULL);
    json_array_foreach(r->rows[T_TAXONOMY_TERM], i, row)
    {
        json_t *tax = dropped(row) || json_object_get(row, "taxonomy")
                          ? NULL
                          : linked(r, row, "taxonomy_id", T_TAXONOMY, &named);
        if (tax && json_object_get(tax, "name"))
            json_object_set(row, "taxonomy", json_object_get(tax, "name"));
    }
    json_array_foreach(r->rows[T_ATTRIBUTE], i, row)
    {
        const char *entity = json_string_value(json_object_get(row, "link_entity"));
        if (dropped(row))
            continue;
        if (entity && strcmp(entity, "service") != 0) {
            row_skip(r, row, "an attribute of something other than a service");
            continue;
        }
        json_t *s = linked(r, row, "link_id", T_SERVICE, &named);
        json_t *term = linked(r, row, "taxonomy_term_id", T_TAXONOMY_TERM, &named);
        if (term)
            json_object_set(row, "taxonomy_term", term);
        if (s && term)
            hang(s, "attributes", row);
    }
    json_t *services = json_array();
    json_array_foreach(r->rows[T_SERVICE], i, row)
    {
        if (!dropped(row))
            json_array_append(services, row);
    }
    json_t *root = json_pack("{so}", "contents", services);
    json_t *fd = json_object_get(package, "frontdoor");
    if (json_is_object(fd)) {
        /* Frontdoor's own export: its needs and facets, and its texts. */
        json_t *ext = json_deep_copy(fd), *terms = json_array();
        json_array_foreach(r->rows[T_TAXONOMY_TERM], i, row)
        {
            const char *tax = json_string_value(json_object_get(row, "taxonomy"));
            if (!dropped(row) && tax && strncmp(tax, "frontdoor-", 10) == 0)
                json_array_append(terms, row);
        }
        json_object_set_new(ext, "taxonomy_terms", terms);
        json_object_set(ext, "translations", r->rows[T_TRANSLATION]);
        json_object_set_new(root, "frontdoor", ext);
    }
    return root;
}

int hsds_convert_csv(const char *path, const char *zip, size_t zip_len, const char *base,
                     size_t base_len, const struct hsds_map *map, unsigned flags, json_t **out,
                     struct hsds_notes *notes, char *err, size_t errlen)
{
    struct hsds_notes tables = {0};
    struct reader r = {.src = {.path = path}, .flags = flags, .notes = &tables};
    json_t *package = NULL, *root = NULL;
    int rc = -1;
    memset(notes, 0, sizeof *notes);
    *out = NULL;
    if (zip && source_open_zip(&r.src, zip, zip_len, err, errlen) != 0)
        goto done;
    if (read_package(&r, &package, err, errlen) != 0)
        goto done;
    index_rows(&r);
    root = assemble(&r, package);
    rc = hsds_convert_tree(path, root, 1, base, base_len, map, flags, out, notes, err, errlen);
    /* The tables' problems come first, then the rows'. */
    if (tables.n_problems) {
        size_t n = tables.n_problems + notes->n_problems;
        tables.problems = xrealloc(tables.problems, n * sizeof(char *));
        if (notes->n_problems)
            memcpy(tables.problems + tables.n_problems, notes->problems,
                   notes->n_problems * sizeof(char *));
        free(notes->problems);
        notes->problems = tables.problems;
        notes->n_problems = n;
        tables.problems = NULL;
        tables.n_problems = 0;
    }
    for (size_t i = 0; i < tables.n_skipped; i++)
        hsds_note(&notes->skipped, &notes->n_skipped, tables.skipped[i]);
    if (rc == 0 && r.problems && !(flags & HSDS_LENIENT)) {
        json_decref(*out);
        *out = NULL;
        rc = -1;
    }
done:
    hsds_notes_free(&tables);
    /* Links between rows go one way only (a service holds its phones, a
     * phone never its service), so no row holds itself and letting go of
     * the tables frees every row the bundle does not hold. */
    for (int t = 0; t < N_TABLES; t++) {
        json_decref(r.rows[t]);
        json_decref(r.by_id[t]);
    }
    json_decref(root);
    json_decref(package);
    if (r.src.zip)
        zip_discard(r.src.zip);
    return rc;
}
