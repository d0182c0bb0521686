/* diff.c: a dry run of an import (see diff.h).
 *
 * Both catalogues are exported into memory and read back with jansson. A
 * service's texts in other languages are not in its object but in the
 * bundle's translations, so each service is compared as its object together
 * with the translations of every object it holds (itself, its organization,
 * locations, phones, schedules, attributes and documents).
 */
#include "frontdoor/diff.h"

#include "frontdoor/catalog.h"
#include "frontdoor/export.h"
#include "frontdoor/import.h"
#include "frontdoor/mem.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The catalogue of `cat` as a bundle tree, or NULL with why in `err`. */
static json_t *exported(struct catalog *cat, char *err, size_t errlen)
{
    char *buf;
    size_t size;
    if (export_to_memory(cat, &buf, &size, err, errlen) != 0)
        return NULL;
    json_t *b = json_loadb(buf, size, 0, NULL);
    if (!b)
        xsnprintf(err, errlen, "cannot compare the catalogues: the export does not read back");
    free(buf);
    return b;
}

static void text_key(char *key, size_t size, const char *entity, json_t *obj)
{
    xsnprintf(key, size, "%s\t%s", entity, json_string_value(json_object_get(obj, "id")));
}

/* Adds to `texts` the translations of `entity` object `obj`. */
static void add_texts(json_t *texts, json_t *by_object, const char *entity, json_t *obj)
{
    char key[600];
    text_key(key, sizeof key, entity, obj);
    json_t *t = json_object_get(by_object, key);
    if (t)
        json_array_extend(texts, t);
}

static void add_each(json_t *texts, json_t *by_object, const char *entity, json_t *array)
{
    size_t i;
    json_t *obj;
    json_array_foreach(array, i, obj) add_texts(texts, by_object, entity, obj);
}

/* Each service by id, as its object and the texts of all it holds. */
static json_t *services_by_id(json_t *bundle)
{
    json_t *by_object = json_object(); /* "ENTITY\tID" -> [translation] */
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(bundle, "translations"), i, t)
    {
        char key[600];
        xsnprintf(key, sizeof key, "%s\t%s", json_string_value(json_object_get(t, "entity")),
                  json_string_value(json_object_get(t, "id")));
        json_t *list = json_object_get(by_object, key);
        if (!list)
            json_object_set_new(by_object, key, list = json_array());
        json_array_append(list, t);
    }
    json_t *out = json_object();
    json_t *s;
    json_array_foreach(json_object_get(bundle, "services"), i, s)
    {
        json_t *texts = json_array();
        add_texts(texts, by_object, "service", s);
        add_texts(texts, by_object, "organization", json_object_get(s, "organization"));
        size_t k;
        json_t *sal;
        json_array_foreach(json_object_get(s, "service_at_locations"), k, sal)
        {
            json_t *l = json_object_get(sal, "location");
            add_texts(texts, by_object, "location", l);
            add_each(texts, by_object, "phone", json_object_get(l, "phones"));
        }
        add_each(texts, by_object, "phone", json_object_get(s, "phones"));
        add_each(texts, by_object, "schedule", json_object_get(s, "schedules"));
        add_each(texts, by_object, "attribute", json_object_get(s, "attributes"));
        add_each(texts, by_object, "required_document", json_object_get(s, "required_documents"));
        json_object_set_new(out, json_string_value(json_object_get(s, "id")),
                            json_pack("{sOso}", "service", s, "texts", texts));
    }
    json_decref(by_object);
    return out;
}

static void add_change(struct catalogue_diff *d, enum change what, json_t *service)
{
    d->changes = xrealloc(d->changes, (d->n + 1) * sizeof *d->changes);
    d->changes[d->n++] =
        (struct service_change){what, xstrdup(json_string_value(json_object_get(service, "id"))),
                                xstrdup(json_string_value(json_object_get(service, "name")))};
}

static int by_kind_then_name(const void *a, const void *b)
{
    const struct service_change *x = a, *y = b;
    if (x->what != y->what)
        return (int)x->what - (int)y->what;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->id, y->id);
}

int catalogue_diff(struct catalog *cat, const char *name, const char *json, size_t len,
                   unsigned flags, struct catalogue_diff *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct catalog *mem = NULL;
    json_t *before = NULL, *after = NULL;
    int rc = -1;
    if (catalog_open(":memory:", CATALOG_CREATE, &mem) != CATALOG_OK) {
        xsnprintf(err, errlen, "cannot compare the catalogues: %s", catalog_errmsg(mem));
        goto done;
    }
    if (import_buffer(mem, name, json, len, flags, NULL, err, errlen) != 0)
        goto done;
    if (!(before = exported(cat, err, errlen)) || !(after = exported(mem, err, errlen)))
        goto done;
    json_t *old = services_by_id(before), *new = services_by_id(after);
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(after, "services"), i, s)
    {
        const char *id = json_string_value(json_object_get(s, "id"));
        json_t *was = json_object_get(old, id);
        if (!was)
            add_change(out, CHANGE_ADDED, s);
        else if (!json_equal(was, json_object_get(new, id)))
            add_change(out, CHANGE_CHANGED, s);
        else
            out->unchanged++;
    }
    json_array_foreach(json_object_get(before, "services"), i, s)
    {
        if (!json_object_get(new, json_string_value(json_object_get(s, "id"))))
            add_change(out, CHANGE_REMOVED, s);
    }
    json_decref(old);
    json_decref(new);
    if (out->n > 1)
        qsort(out->changes, out->n, sizeof *out->changes, by_kind_then_name);
    rc = 0;
done:
    json_decref(before);
    json_decref(after);
    catalog_close(mem);
    return rc;
}

void catalogue_diff_free(struct catalogue_diff *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->changes[i].id);
        free(d->changes[i].name);
    }
    free(d->changes);
    memset(d, 0, sizeof *d);
}
