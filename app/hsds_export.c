/* hsds_export.c: a bundle written as HSDS 3.0 (see hsds.h).
 *
 * A Frontdoor bundle is already HSDS-shaped: services with their
 * organization, locations, phones and the rest nested. To make it HSDS
 * proper, each object gains the ids of the objects it belongs to
 * (organization_id, service_id, location_id, link_id) and each attribute
 * its taxonomy term, nested; a location its location_type. What HSDS has no
 * place for travels beside it: the needs, facets and trust facts with their
 * names in every language, and every text in another language, as the
 * member "frontdoor" of the API page (JSON) or of datapackage.json with a
 * table frontdoor_translation.csv (CSV); keywords, confidential places and
 * appointments as fields of their own objects, HSDS's "extend" pattern.
 * hsds_convert and hsds_convert_csv read all of it back.
 */
#include "frontdoor/hsds.h"

#include "frontdoor/csv.h"
#include "frontdoor/mem.h"

#include "hsds_priv.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Sets `key` of each object of the array `key_of` in `o` to `value`. */
static void set_each(json_t *o, const char *array, const char *key, json_t *value)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(o, array), i, v) json_object_set(v, key, value);
}

/* The bundle's service `s` as an HSDS service, with the terms by id. */
static json_t *hsds_service(json_t *s, json_t *terms)
{
    json_t *o = json_deep_copy(s), *id = json_object_get(o, "id"), *v;
    size_t i;
    json_object_set(o, "organization_id",
                    json_object_get(json_object_get(o, "organization"), "id"));
    set_each(o, "phones", "service_id", id);
    set_each(o, "schedules", "service_id", id);
    set_each(o, "languages", "service_id", id);
    set_each(o, "required_documents", "service_id", id);
    json_array_foreach(json_object_get(o, "service_at_locations"), i, v)
    {
        json_t *loc = json_object_get(v, "location"), *loc_id = json_object_get(loc, "id");
        json_object_set(v, "service_id", id);
        json_object_set(v, "location_id", loc_id);
        json_object_set_new(loc, "location_type", json_string("physical"));
        set_each(loc, "addresses", "location_id", loc_id);
        set_each(loc, "phones", "location_id", loc_id);
    }
    json_array_foreach(json_object_get(o, "attributes"), i, v)
    {
        json_t *t =
            json_object_get(terms, json_string_value(json_object_get(v, "taxonomy_term_id")));
        json_object_set(v, "link_id", id);
        json_object_set_new(v, "link_entity", json_string("service"));
        if (t)
            json_object_set_new(v, "taxonomy_term",
                                json_pack("{sOsOsOsO*sO}", "id", json_object_get(t, "id"), "code",
                                          json_object_get(t, "code"), "name",
                                          json_object_get(t, "name"), "description",
                                          json_object_get(t, "description"), "taxonomy",
                                          json_object_get(t, "taxonomy")));
    }
    return o;
}

/* The bundle text as an HSDS API page, or NULL with why in err. */
static json_t *page_of(const char *bundle, size_t len, char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *b = json_loadb(bundle, len, 0, &jerr);
    if (!b) {
        xsnprintf(err, errlen, "the catalogue could not be read: %s", jerr.text);
        return NULL;
    }
    json_t *terms = json_object(), *contents = json_array(), *t;
    size_t i;
    json_array_foreach(json_object_get(b, "taxonomy_terms"), i, t)
        json_object_set(terms, json_string_value(json_object_get(t, "id")), t);
    json_array_foreach(json_object_get(b, "services"), i, t)
        json_array_append_new(contents, hsds_service(t, terms));
    size_t n = json_array_size(contents);
    json_t *ext = json_pack("{sOsOsO}", "language", json_object_get(b, "language"),
                            "taxonomy_terms", json_object_get(b, "taxonomy_terms"), "translations",
                            json_object_get(b, "translations"));
    if (json_is_true(json_object_get(b, "sample")))
        json_object_set_new(ext, "sample", json_true());
    json_t *page = json_pack("{sIsisisIsbsbsbsoso}", "total_items", (json_int_t)n, "total_pages", 1,
                             "page_number", 1, "size", (json_int_t)n, "first_page", 1, "last_page",
                             1, "empty", n == 0, "contents", contents, "frontdoor", ext);
    json_decref(terms);
    json_decref(b);
    return page;
}

int hsds_write_json(const char *bundle, size_t len, FILE *out, char *err, size_t errlen)
{
    json_t *page = page_of(bundle, len, err, errlen);
    if (!page)
        return -1;
    /* One service a line, as the bundle export writes them. */
    int rc = fputs("{", out) < 0 ? -1 : 0;
    const char *key;
    json_t *v;
    int first = 1;
    json_object_foreach(page, key, v)
    {
        if (strcmp(key, "contents") == 0 || strcmp(key, "frontdoor") == 0)
            continue;
        char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        if (fprintf(out, "%s\"%s\":%s", first ? "" : ",", key, text) < 0)
            rc = -1;
        free(text);
        first = 0;
    }
    size_t i;
    fputs(",\n\"contents\":[", out);
    json_array_foreach(json_object_get(page, "contents"), i, v)
    {
        char *text = json_dumps(v, JSON_COMPACT);
        if (fprintf(out, "%s\n%s", i ? "," : "", text) < 0)
            rc = -1;
        free(text);
    }
    json_t *ext = json_object_get(page, "frontdoor");
    fprintf(out, "],\n\"frontdoor\":{\"language\":");
    json_dumpf(json_object_get(ext, "language"), out, JSON_ENCODE_ANY);
    if (json_object_get(ext, "sample"))
        fputs(",\"sample\":true", out);
    const char *lists[] = {"taxonomy_terms", "translations"};
    for (int l = 0; l < 2; l++) {
        fprintf(out, ",\n\"%s\":[", lists[l]);
        json_array_foreach(json_object_get(ext, lists[l]), i, v)
        {
            char *text = json_dumps(v, JSON_COMPACT);
            if (fprintf(out, "%s\n%s", i ? "," : "", text) < 0)
                rc = -1;
            free(text);
        }
        fputs("]", out);
    }
    if (fputs("}}\n", out) < 0 || ferror(out))
        rc = -1;
    json_decref(page);
    if (rc)
        xsnprintf(err, errlen, "cannot write: %s", strerror(errno));
    return rc;
}

/* ---- CSV -------------------------------------------------------------------- */

const struct hsds_table hsds_tables[N_TABLES] = {
    [T_ORGANIZATION] =
        {"organization",
         {{"id", ""}, {"name", ""}, {"description", ""}, {"email", ""}, {"website", ""}}},
    [T_SERVICE] = {"service",
                   {{"id", ""},
                    {"organization_id", ""},
                    {"name", ""},
                    {"description", ""},
                    {"url", ""},
                    {"status", ""},
                    {"application_process", ""},
                    {"fees_description", ""},
                    {"eligibility_description", ""},
                    {"minimum_age", "integer"},
                    {"maximum_age", "integer"},
                    {"assured_date", "date"},
                    {"keywords", ""}}},
    [T_LOCATION] = {"location",
                    {{"id", ""},
                     {"location_type", ""},
                     {"name", ""},
                     {"description", ""},
                     {"transportation", ""},
                     {"latitude", "number"},
                     {"longitude", "number"},
                     {"confidential", "boolean"}}},
    [T_ADDRESS] = {"address",
                   {{"id", ""},
                    {"location_id", ""},
                    {"address_1", ""},
                    {"address_2", ""},
                    {"city", ""},
                    {"region", ""},
                    {"state_province", ""},
                    {"postal_code", ""},
                    {"country", ""},
                    {"address_type", ""}}},
    [T_PHONE] = {"phone",
                 {{"id", ""},
                  {"location_id", ""},
                  {"service_id", ""},
                  {"number", ""},
                  {"type", ""},
                  {"description", ""}}},
    [T_SCHEDULE] = {"schedule",
                    {{"id", ""},
                     {"service_id", ""},
                     {"valid_from", "date"},
                     {"valid_to", "date"},
                     {"freq", ""},
                     {"byday", ""},
                     {"description", ""},
                     {"opens_at", "time"},
                     {"closes_at", "time"},
                     {"by_appointment", "boolean"}}},
    [T_SERVICE_AT_LOCATION] = {"service_at_location",
                               {{"id", ""}, {"service_id", ""}, {"location_id", ""}}},
    [T_LANGUAGE] = {"language", {{"id", ""}, {"service_id", ""}, {"name", ""}, {"code", ""}}},
    [T_REQUIRED_DOCUMENT] = {"required_document",
                             {{"id", ""}, {"service_id", ""}, {"document", ""}}},
    [T_TAXONOMY] = {"taxonomy", {{"id", ""}, {"name", ""}, {"description", ""}}},
    [T_TAXONOMY_TERM] = {"taxonomy_term",
                         {{"id", ""},
                          {"code", ""},
                          {"name", ""},
                          {"description", ""},
                          {"taxonomy", ""},
                          {"taxonomy_id", ""},
                          {"sensitive", "boolean"},
                          {"keywords", ""}}},
    [T_ATTRIBUTE] = {"attribute",
                     {{"id", ""},
                      {"link_id", ""},
                      {"link_entity", ""},
                      {"taxonomy_term_id", ""},
                      {"value", ""},
                      {"label", ""}}},
    [T_TRANSLATION] = {"frontdoor_translation",
                       {{"entity", ""}, {"id", ""}, {"field", ""}, {"lang", ""}, {"text", ""}}},
};

struct csv_out {
    FILE *f[N_TABLES];
    json_t *seen; /* "TABLE/ID" of the shared rows written */
};

/* One value as a CSV field's text: numbers as JSON writes them (a real
 * keeps every digit), true and false, keywords joined by ", ". */
static void put_value(FILE *f, json_t *v)
{
    if (json_is_string(v)) {
        csv_write_field(f, json_string_value(v));
    } else if (json_is_integer(v) || json_is_real(v)) {
        char *text = json_dumps(v, JSON_ENCODE_ANY);
        csv_write_field(f, text ? text : "");
        free(text);
    } else if (json_is_boolean(v)) {
        csv_write_field(f, json_is_true(v) ? "true" : "false");
    } else if (json_is_array(v)) {
        size_t i, size = 1;
        json_t *k;
        json_array_foreach(v, i, k) size += json_string_length(k) + 2;
        char *list = xmalloc(size);
        size_t used = 0;
        list[0] = '\0';
        json_array_foreach(v, i, k) used += (size_t)xsnprintf(list + used, size - used, "%s%s",
                                                              i ? ", " : "", json_string_value(k));
        csv_write_field(f, list);
        free(list);
    }
}

/* A row of table `t` from the object `o`; a shared object (`shared`: an
 * organization, a location) once. */
static void put_row(struct csv_out *x, int t, json_t *o, int shared)
{
    if (shared) {
        char key[300];
        xsnprintf(key, sizeof key, "%d/%s", t, json_string_value(json_object_get(o, "id")));
        if (json_object_get(x->seen, key))
            return;
        json_object_set_new(x->seen, key, json_true());
    }
    for (int c = 0; c < HSDS_MAX_COLS && hsds_tables[t].cols[c].name; c++) {
        if (c)
            fputc(',', x->f[t]);
        put_value(x->f[t], json_object_get(o, hsds_tables[t].cols[c].name));
    }
    fputs("\r\n", x->f[t]);
}

static void put_rows(struct csv_out *x, int t, json_t *array)
{
    size_t i;
    json_t *v;
    json_array_foreach(array, i, v) put_row(x, t, v, 0);
}

/* The datapackage.json of the folder. */
static json_t *datapackage(json_t *ext)
{
    json_t *resources = json_array();
    for (int t = 0; t < N_TABLES; t++) {
        json_t *fields = json_array();
        for (int c = 0; c < HSDS_MAX_COLS && hsds_tables[t].cols[c].name; c++)
            json_array_append_new(
                fields,
                json_pack("{ssss}", "name", hsds_tables[t].cols[c].name, "type",
                          *hsds_tables[t].cols[c].type ? hsds_tables[t].cols[c].type : "string"));
        char path[64];
        xsnprintf(path, sizeof path, "%s.csv", hsds_tables[t].name);
        json_t *schema = json_pack("{so}", "fields", fields);
        if (t != T_TRANSLATION)
            json_object_set_new(schema, "primaryKey", json_string("id"));
        json_array_append_new(resources, json_pack("{sssssssssssssO}", "name", hsds_tables[t].name,
                                                   "path", path, "profile", "tabular-data-resource",
                                                   "format", "csv", "mediatype", "text/csv",
                                                   "encoding", "utf-8", "schema", schema));
        json_decref(schema);
    }
    json_t *fd = json_pack("{sO}", "language", json_object_get(ext, "language"));
    if (json_object_get(ext, "sample"))
        json_object_set_new(fd, "sample", json_true());
    return json_pack("{sssssssoso}", "name", "frontdoor-catalogue", "title",
                     "A Frontdoor catalogue in HSDS 3.0", "profile", "tabular-data-package",
                     "resources", resources, "frontdoor", fd);
}

/* Removes the folder `dir` made by hsds_write_csv and what it holds. */
static void remove_folder(const char *dir)
{
    char path[4200];
    for (int t = 0; t < N_TABLES; t++) {
        xsnprintf(path, sizeof path, "%s/%s.csv", dir, hsds_tables[t].name);
        remove(path);
    }
    xsnprintf(path, sizeof path, "%s/datapackage.json", dir);
    remove(path);
    rmdir(dir);
}

/* Closes f, synced; -1 on any error of its writing. */
static int close_synced(FILE *f)
{
    int rc = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0 ? -1 : 0;
    return fclose(f) != 0 ? -1 : rc;
}

int hsds_write_csv(const char *bundle, size_t len, const char *dir, char *err, size_t errlen)
{
    char tmp[4200], path[4300];
    if (xsnprintf(tmp, sizeof tmp, "%s.tmp", dir) >= (int)sizeof tmp) {
        xsnprintf(err, errlen, "%s: path too long", dir);
        return -1;
    }
    struct stat st;
    if (stat(dir, &st) == 0) {
        xsnprintf(err, errlen, "%s: already exists; give the name of a new folder", dir);
        return -1;
    }
    if (mkdir(tmp, 0755) != 0) {
        xsnprintf(err, errlen, "%s: cannot make the folder: %s", tmp, strerror(errno));
        return -1;
    }
    json_t *page = page_of(bundle, len, err, errlen);
    if (!page) {
        rmdir(tmp);
        return -1;
    }
    struct csv_out x = {{0}, json_object()};
    int rc = 0;
    for (int t = 0; t < N_TABLES && !rc; t++) {
        xsnprintf(path, sizeof path, "%s/%s.csv", tmp, hsds_tables[t].name);
        if (!(x.f[t] = fopen(path, "wb"))) {
            xsnprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
            rc = -1;
            break;
        }
        for (int c = 0; c < HSDS_MAX_COLS && hsds_tables[t].cols[c].name; c++)
            fprintf(x.f[t], "%s%s", c ? "," : "", hsds_tables[t].cols[c].name);
        fputs("\r\n", x.f[t]);
    }
    size_t i, k;
    json_t *s, *v, *ext = json_object_get(page, "frontdoor");
    json_array_foreach(rc ? NULL : json_object_get(page, "contents"), i, s)
    {
        put_row(&x, T_ORGANIZATION, json_object_get(s, "organization"), 1);
        put_row(&x, T_SERVICE, s, 0);
        json_array_foreach(json_object_get(s, "service_at_locations"), k, v)
        {
            json_t *loc = json_object_get(v, "location");
            char key[300];
            xsnprintf(key, sizeof key, "%d/%s", T_LOCATION,
                      json_string_value(json_object_get(loc, "id")));
            if (!json_object_get(x.seen, key)) {
                put_row(&x, T_LOCATION, loc, 1);
                put_rows(&x, T_ADDRESS, json_object_get(loc, "addresses"));
                put_rows(&x, T_PHONE, json_object_get(loc, "phones"));
            }
            put_row(&x, T_SERVICE_AT_LOCATION, v, 0);
        }
        put_rows(&x, T_PHONE, json_object_get(s, "phones"));
        put_rows(&x, T_SCHEDULE, json_object_get(s, "schedules"));
        put_rows(&x, T_LANGUAGE, json_object_get(s, "languages"));
        put_rows(&x, T_REQUIRED_DOCUMENT, json_object_get(s, "required_documents"));
        put_rows(&x, T_ATTRIBUTE, json_object_get(s, "attributes"));
    }
    json_array_foreach(rc ? NULL : json_object_get(ext, "taxonomy_terms"), i, v)
    {
        json_t *tax = json_object_get(v, "taxonomy");
        json_object_set(v, "taxonomy_id", tax);
        json_t *t = json_pack("{sOsO}", "id", tax, "name", tax);
        put_row(&x, T_TAXONOMY, t, 1);
        json_decref(t);
        put_row(&x, T_TAXONOMY_TERM, v, 0);
    }
    put_rows(&x, T_TRANSLATION, rc ? NULL : json_object_get(ext, "translations"));
    for (int t = 0; t < N_TABLES; t++) {
        if (x.f[t] && close_synced(x.f[t]) != 0 && !rc) {
            xsnprintf(err, errlen, "%s/%s.csv: cannot write: %s", tmp, hsds_tables[t].name,
                      strerror(errno));
            rc = -1;
        }
    }
    if (!rc) {
        json_t *dp = datapackage(ext);
        xsnprintf(path, sizeof path, "%s/datapackage.json", tmp);
        FILE *f = fopen(path, "wb");
        int bad = !f || json_dumpf(dp, f, JSON_INDENT(2)) != 0 || fputc('\n', f) == EOF;
        if ((f && close_synced(f) != 0) || bad) {
            xsnprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
            rc = -1;
        }
        json_decref(dp);
    }
    if (!rc && rename(tmp, dir) != 0) {
        xsnprintf(err, errlen, "%s: cannot write: %s", dir, strerror(errno));
        rc = -1;
    }
    if (rc)
        remove_folder(tmp);
    json_decref(x.seen);
    json_decref(page);
    return rc;
}
