/* import.c: the catalogue bundle importer.
 *
 * An import has two phases so that bad input never half-applies. First the
 * whole file is parsed by jansson (duplicate keys refused) and every field is
 * checked and copied into plain records: the strings stay in the jansson
 * tree, the records and the ids made up for nested objects without one live
 * in an arena freed in one go. Each kind of record (service, phone, ...) has
 * an index from HSDS id to record, itself a jansson object because that is a
 * hash table we already link; the indexes find duplicate ids, resolve
 * attribute and translation references, and recognise an organization or a
 * location that several services share (every copy must agree, field by
 * field). The first problem stops the import with "FILE: json.path: what".
 *
 * Only a bundle that passed every check reaches the database, in one
 * BEGIN IMMEDIATE transaction that deletes the old catalogue and inserts the
 * new one: a crash, a kill or a failing statement leaves the old catalogue
 * as it was. A confidential location's addresses and coordinates are simply
 * never bound to a statement, so they never reach the database, its journal
 * or its WAL.
 *
 * Texts residents read are written twice: to their HSDS column and, in the
 * bundle's language, to the translation table, where the catalogue's
 * fallback lookup finds every language the same way.
 */
#include "frontdoor/import.h"

#include "frontdoor/catalog.h"
#include "frontdoor/hours.h"
#include "frontdoor/mem.h"
#include "frontdoor/paths.h"
#include "schema.h"
#include "search_priv.h"

#include <errno.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define IMPORT_MAX_FILE (64 * 1024 * 1024) /* bytes in one bundle */
#define IMPORT_MAX_TEXT (64 * 1024)        /* bytes in one string */
#define IMPORT_MAX_ID 127                  /* catalog.h: service_summary.hsds_id[128] */
#define IMPORT_MAX_CODE 63                 /* catalog.h: need.code[64] */
#define IMPORT_MAX_NUMBER 63               /* catalog.h: phone.number[64] */
#define IMPORT_MAX_LANG 15                 /* catalog.h: fd_text.lang[16] */
#define IMPORT_MAX_AGE 150
#define IMPORT_MAX_URL 2048 /* the schema's CHECK; a QR code holds it */
#define JPATH_MAX 256       /* "services[19999].service_at_locations[3].location..." */
#define ARENA_BLOCK (64 * 1024)

static const char FORMAT_NAME[] = "frontdoor-catalogue";
static const char TAXONOMY_NEED[] = "frontdoor-need";
static const char TAXONOMY_FACET[] = "frontdoor-facet";
static const char TAXONOMY_TRUST[] = "frontdoor-trust";
static const char TAXONOMY_AUDIENCE[] = "frontdoor-audience";
static const char TAXONOMY_WORRIED[] = "frontdoor-worried";
static const int FORMAT_VERSION = 1;

/* ---- errors ------------------------------------------------------------- */

/* Where messages go: the caller's buffer, prefixed with the bundle's name. */
struct ctx {
    const char *name;
    char *err;
    size_t errlen;
};

static int vfail(struct ctx *c, const char *path, const char *key, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
static int vfail(struct ctx *c, const char *path, const char *key, const char *fmt, va_list ap)
{
    char msg[768];
    vsnprintf(msg, sizeof msg, fmt, ap);
    const char *p = path ? path : "";
    const char *k = key ? key : "";
    const char *dot = (*p && *k) ? "." : "";
    const char *colon = (*p || *k) ? ": " : "";
    xsnprintf(c->err, c->errlen, "%s: %s%s%s%s%s", c->name, p, dot, k, colon, msg);
    return CATALOG_ERROR;
}

/* "NAME: PATH: message"; PATH may be NULL for the file as a whole. */
static int fail(struct ctx *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct ctx *c, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail(c, path, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

/* "NAME: PATH.KEY: message", built only when something is wrong. */
static int fail_key(struct ctx *c, const char *path, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_key(struct ctx *c, const char *path, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail(c, path, key, fmt, ap);
    va_end(ap);
    return rc;
}

/* ---- the arena that holds the parsed bundle ------------------------------ */

struct arena_block {
    struct arena_block *next;
    size_t used, size;
    max_align_t data[];
};

struct arena {
    struct arena_block *head;
};

/* Zeroed memory that lives until arena_free. */
static void *arena_alloc(struct arena *a, size_t size)
{
    const size_t align = _Alignof(max_align_t);
    size = (size + align - 1) / align * align;
    struct arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        b = xmalloc(sizeof *b + cap);
        b->next = a->head;
        b->used = 0;
        b->size = cap;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

static char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = arena_alloc(a, (size_t)(n > 0 ? n : 0) + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
    va_end(ap);
    return s;
}

static void arena_free(struct arena *a)
{
    while (a->head) {
        struct arena_block *next = a->head->next;
        free(a->head);
        a->head = next;
    }
}

/* ---- records ------------------------------------------------------------ */

/* The first member of every record: its HSDS id and, once written, its row. */
struct imp_entity {
    const char *id;
    int64_t rowid;
};

struct imp_term {
    struct imp_entity e;
    const char *code, *name, *description, *taxonomy;
    const char *keywords; /* needs only: joined by ", " (get_keywords) */
    int sensitive;
    int tax;        /* TX_*: which of taxonomies[] */
    size_t n_links; /* attributes that link a service to it */
};

struct imp_org {
    struct imp_entity e;
    const char *name, *description, *website, *email;
    size_t first_service; /* services[first_service] gave it first */
};

struct imp_address {
    struct imp_entity e;
    const char *address_1, *address_2, *city, *postal_code, *region, *state_province, *country,
        *address_type;
};

struct imp_phone {
    struct imp_entity e;
    const char *number, *type, *description;
};

struct imp_location {
    struct imp_entity e;
    const char *name, *description, *transportation;
    double latitude, longitude;
    int has_latitude, has_longitude, confidential;
    struct imp_address *addresses;
    size_t n_addresses;
    struct imp_phone *phones;
    size_t n_phones;
    size_t first_service, first_sal; /* where it was given first */
};

struct imp_sal {
    struct imp_entity e;
    struct imp_location *location;
};

struct imp_schedule {
    struct imp_entity e;
    const char *freq, *byday, *description;
    char opens_at[6], closes_at[6];    /* "HH:MM", "" when absent */
    const char *valid_from, *valid_to; /* "YYYY-MM-DD" or NULL */
    int by_appointment;
};

struct imp_language {
    struct imp_entity e;
    const char *name, *code;
};

struct imp_attribute {
    struct imp_entity e;
    struct imp_term *term;
    const char *value, *label; /* trust facts and worried-path answers only */
};

struct imp_document {
    struct imp_entity e;
    const char *document;
};

struct imp_service {
    struct imp_entity e;
    const char *name, *description, *status, *eligibility_description, *fees_description,
        *application_process, *url, *keywords;
    const char *assured_date; /* "YYYY-MM-DD" or NULL */
    json_int_t minimum_age, maximum_age;
    int has_minimum_age, has_maximum_age;
    struct imp_org *org;
    struct imp_sal *sals;
    size_t n_sals;
    struct imp_phone *phones;
    size_t n_phones;
    struct imp_schedule *schedules;
    size_t n_schedules;
    struct imp_language *languages;
    size_t n_languages;
    struct imp_attribute *attributes;
    size_t n_attributes;
    struct imp_document *documents;
    size_t n_documents;
};

struct imp_translation {
    int kind;
    struct imp_entity *target;
    const char *field, *lang, *text;
};

/* A const char * member of a record, by name: the translatable texts of each
 * kind, and the fields that shared copies must agree on. */
struct text_field {
    const char *name;
    size_t offset;
};
/* Kept on one line by hand: clang-format mangles a stringised argument in
 * braces. */
/* clang-format off */
#define TEXT_FIELD(type, member) {#member, offsetof(struct type, member)}
/* clang-format on */

static const char *text_at(const void *record, const struct text_field *f)
{
    return *(const char *const *)((const char *)record + f->offset);
}

static const struct text_field term_texts[] = {
    TEXT_FIELD(imp_term, name),
    TEXT_FIELD(imp_term, description),
    TEXT_FIELD(imp_term, keywords),
};
static const struct text_field org_texts[] = {
    TEXT_FIELD(imp_org, name),
    TEXT_FIELD(imp_org, description),
};
static const struct text_field service_texts[] = {
    TEXT_FIELD(imp_service, name),
    TEXT_FIELD(imp_service, description),
    TEXT_FIELD(imp_service, eligibility_description),
    TEXT_FIELD(imp_service, fees_description),
    TEXT_FIELD(imp_service, application_process),
    TEXT_FIELD(imp_service, keywords),
};
static const struct text_field location_texts[] = {
    TEXT_FIELD(imp_location, name),
    TEXT_FIELD(imp_location, description),
    TEXT_FIELD(imp_location, transportation),
};
static const struct text_field phone_texts[] = {
    TEXT_FIELD(imp_phone, description),
};
static const struct text_field schedule_texts[] = {
    TEXT_FIELD(imp_schedule, description),
};
static const struct text_field attribute_texts[] = {
    TEXT_FIELD(imp_attribute, label),
};
static const struct text_field document_texts[] = {
    TEXT_FIELD(imp_document, document),
};

/* The fields whose copies must agree, besides the id. */
static const struct text_field org_fields[] = {
    TEXT_FIELD(imp_org, name),
    TEXT_FIELD(imp_org, description),
    TEXT_FIELD(imp_org, website),
    TEXT_FIELD(imp_org, email),
};
static const struct text_field address_fields[] = {
    TEXT_FIELD(imp_address, address_1), TEXT_FIELD(imp_address, address_2),
    TEXT_FIELD(imp_address, city),      TEXT_FIELD(imp_address, postal_code),
    TEXT_FIELD(imp_address, region),    TEXT_FIELD(imp_address, state_province),
    TEXT_FIELD(imp_address, country),   TEXT_FIELD(imp_address, address_type),
};
static const struct text_field phone_fields[] = {
    TEXT_FIELD(imp_phone, number),
    TEXT_FIELD(imp_phone, type),
    TEXT_FIELD(imp_phone, description),
};

enum kind {
    K_TERM,
    K_ORG,
    K_SERVICE,
    K_LOCATION,
    K_SAL,
    K_ADDRESS,
    K_PHONE,
    K_SCHEDULE,
    K_LANGUAGE,
    K_ATTRIBUTE,
    K_DOCUMENT,
    N_KINDS
};

static const struct kind_desc {
    const char *entity; /* translation.entity, and the table */
    const char *label;  /* in messages */
    const struct text_field *texts;
    size_t n_texts;
} kinds[N_KINDS] = {
    [K_TERM] = {"taxonomy_term", "taxonomy term", term_texts, ARRAY_LEN(term_texts)},
    [K_ORG] = {"organization", "organization", org_texts, ARRAY_LEN(org_texts)},
    [K_SERVICE] = {"service", "service", service_texts, ARRAY_LEN(service_texts)},
    [K_LOCATION] = {"location", "location", location_texts, ARRAY_LEN(location_texts)},
    [K_SAL] = {"service_at_location", "service_at_location", NULL, 0},
    [K_ADDRESS] = {"address", "address", NULL, 0},
    [K_PHONE] = {"phone", "phone", phone_texts, ARRAY_LEN(phone_texts)},
    [K_SCHEDULE] = {"schedule", "schedule", schedule_texts, ARRAY_LEN(schedule_texts)},
    [K_LANGUAGE] = {"language", "language", NULL, 0},
    [K_ATTRIBUTE] = {"attribute", "attribute", attribute_texts, ARRAY_LEN(attribute_texts)},
    [K_DOCUMENT] = {"required_document", "required document", document_texts,
                    ARRAY_LEN(document_texts)},
};

/* Every record of one kind in bundle order, and a map from id to position. */
struct index {
    json_t *ids;
    struct imp_entity **items;
    size_t n, cap;
};

struct bundle {
    struct arena arena;
    json_t *root;
    const char *language;
    int sample;
    struct imp_term *terms;
    size_t n_terms;
    struct imp_service *services;
    size_t n_services;
    struct imp_translation *translations;
    size_t n_translations;
    struct index index[N_KINDS];
    json_t *term_codes;       /* "taxonomy:code" -> position */
    json_t *translation_keys; /* "kind id field lang" -> position */
};

static void bundle_init(struct bundle *b, json_t *root)
{
    memset(b, 0, sizeof *b);
    b->root = root;
    for (int k = 0; k < N_KINDS; k++)
        b->index[k].ids = json_object();
    b->term_codes = json_object();
    b->translation_keys = json_object();
}

static void bundle_free(struct bundle *b)
{
    for (int k = 0; k < N_KINDS; k++) {
        json_decref(b->index[k].ids);
        free(b->index[k].items);
    }
    json_decref(b->term_codes);
    json_decref(b->translation_keys);
    json_decref(b->root);
    arena_free(&b->arena);
}

/* Sets map[key] = position; -1 when the key is already there. */
static int map_put(json_t *map, const char *key, size_t position)
{
    if (json_object_get(map, key))
        return -1;
    /* The keys are valid UTF-8 (they come from the parsed file), so the
     * only failure left is memory. */
    if (json_object_set_new(map, key, json_integer((json_int_t)position)) != 0) {
        fputs("frontdoor: out of memory indexing a catalogue\n", stderr);
        abort();
    }
    return 0;
}

static int map_get(json_t *map, const char *key, size_t *position)
{
    json_t *v = json_object_get(map, key);
    if (!v)
        return -1;
    *position = (size_t)json_integer_value(v);
    return 0;
}

static int index_add(struct ctx *c, struct bundle *b, enum kind k, struct imp_entity *e,
                     const char *path)
{
    struct index *ix = &b->index[k];
    if (map_put(ix->ids, e->id, ix->n) != 0)
        return fail_key(c, path, "id", "duplicate %s id \"%s\"", kinds[k].label, e->id);
    if (ix->n == ix->cap) {
        ix->cap = ix->cap ? ix->cap * 2 : 64;
        ix->items = xrealloc(ix->items, ix->cap * sizeof *ix->items);
    }
    ix->items[ix->n++] = e;
    return 0;
}

static struct imp_entity *index_find(struct bundle *b, enum kind k, const char *id)
{
    size_t i;
    if (map_get(b->index[k].ids, id, &i) != 0)
        return NULL;
    return b->index[k].items[i];
}

/* ---- typed field access --------------------------------------------------- */

enum { OPTIONAL = 0, REQUIRED = 1 };

/* obj[key], or NULL when absent or null: the format treats the two alike,
 * as HSDS exports often write null for an empty field. */
static json_t *field(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_null(v) ? NULL : v;
}

/* A string of at most `max` bytes; an empty optional string counts as
 * absent (*out NULL). */
static int get_string(struct ctx *c, json_t *obj, const char *path, const char *key, int required,
                      size_t max, const char **out)
{
    *out = NULL;
    json_t *v = field(obj, key);
    if (!v)
        return required ? fail_key(c, path, key, "required but missing") : 0;
    if (!json_is_string(v))
        return fail_key(c, path, key, "expected a string");
    size_t len = json_string_length(v);
    if (len > max) {
        if (max == IMPORT_MAX_TEXT)
            return fail_key(c, path, key, "text of %zu bytes is longer than the limit of 64 KiB",
                            len);
        return fail_key(c, path, key, "%zu bytes is longer than the limit of %zu bytes", len, max);
    }
    if (len == 0)
        return required ? fail_key(c, path, key, "must not be empty") : 0;
    *out = json_string_value(v);
    return 0;
}

static int get_text(struct ctx *c, json_t *obj, const char *path, const char *key, int required,
                    const char **out)
{
    return get_string(c, obj, path, key, required, IMPORT_MAX_TEXT, out);
}

/* The id of a nested object. HSDS requires one, but hand-written bundles
 * often leave it out on phones, schedules and the like; then it is made from
 * the owner's id and the object's place, the same in every copy of a shared
 * location. */
static int get_nested_id(struct ctx *c, struct bundle *b, json_t *obj, const char *path,
                         const char *owner, const char *list, size_t i, const char **out)
{
    int rc = get_string(c, obj, path, "id", OPTIONAL, IMPORT_MAX_ID, out);
    if (rc == 0 && !*out)
        *out = arena_printf(&b->arena, "%s#%s[%zu]", owner, list, i);
    return rc;
}

static int is_lower(char ch)
{
    return ch >= 'a' && ch <= 'z';
}

static int is_alnum(char ch)
{
    return is_lower(ch) || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

/* A stable key: [a-z0-9-], 1 to 63 bytes. */
static int get_code(struct ctx *c, json_t *obj, const char *path, const char *key, const char **out)
{
    int rc = get_string(c, obj, path, key, REQUIRED, IMPORT_MAX_CODE, out);
    if (rc)
        return rc;
    for (const char *p = *out; *p; p++) {
        if (!is_lower(*p) && !(*p >= '0' && *p <= '9') && *p != '-')
            return fail_key(c, path, key, "\"%s\" may contain only a-z, 0-9 and -", *out);
    }
    return 0;
}

/* A BCP 47 language code as the kiosk uses them: a lower-case language
 * ("fi", "ar") and optional subtags ("pt-BR", "zh-Hant"). */
static int valid_lang(const char *s)
{
    size_t n = strlen(s), lower = 0;
    while (is_lower(s[lower]))
        lower++;
    if (lower < 2 || lower > 3 || n > IMPORT_MAX_LANG)
        return 0;
    for (size_t i = lower; i < n; i++) {
        if (s[i] == '-' && (s[i - 1] == '-' || i + 1 == n))
            return 0;
        if (s[i] != '-' && !is_alnum(s[i]))
            return 0;
    }
    return s[lower] == '\0' || s[lower] == '-';
}

static int get_lang(struct ctx *c, json_t *obj, const char *path, const char *key, const char **out)
{
    int rc = get_string(c, obj, path, key, REQUIRED, IMPORT_MAX_TEXT, out);
    if (rc == 0 && !valid_lang(*out))
        return fail_key(c, path, key, "\"%s\" is not a language code such as \"fi\" or \"pt-BR\"",
                        *out);
    return rc;
}

/* A web address the kiosk can show and put in a QR code: http:// or
 * https://, then at least one byte, no spaces or control characters, at
 * most 2 KiB. */
static int get_url(struct ctx *c, json_t *obj, const char *path, const char *key, const char **out)
{
    int rc = get_string(c, obj, path, key, OPTIONAL, IMPORT_MAX_URL, out);
    if (rc || !*out)
        return rc;
    const char *s = *out;
    size_t scheme = strncmp(s, "https://", 8) == 0 ? 8 : strncmp(s, "http://", 7) == 0 ? 7 : 0;
    if (!scheme || !s[scheme])
        return fail_key(c, path, key,
                        "\"%s\" is not a web address such as https://example.org (http:// or "
                        "https:// and a host)",
                        s);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= ' ' || *p == 0x7f)
            return fail_key(c, path, key,
                            "a web address cannot contain spaces or control characters");
    }
    return 0;
}

static int get_bool(struct ctx *c, json_t *obj, const char *path, const char *key, int *out)
{
    json_t *v = field(obj, key);
    *out = 0;
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return fail_key(c, path, key, "expected true or false");
    *out = json_is_true(v);
    return 0;
}

static int get_int(struct ctx *c, json_t *obj, const char *path, const char *key, json_int_t min,
                   json_int_t max, json_int_t *out, int *present)
{
    json_t *v = field(obj, key);
    *out = 0;
    *present = 0;
    if (!v)
        return 0;
    if (!json_is_integer(v))
        return fail_key(c, path, key, "expected an integer");
    *out = json_integer_value(v);
    if (*out < min || *out > max)
        return fail_key(c, path, key, "%lld is outside %lld..%lld", (long long)*out, (long long)min,
                        (long long)max);
    *present = 1;
    return 0;
}

static int get_number(struct ctx *c, json_t *obj, const char *path, const char *key, double min,
                      double max, double *out, int *present)
{
    json_t *v = field(obj, key);
    *out = 0;
    *present = 0;
    if (!v)
        return 0;
    if (!json_is_number(v))
        return fail_key(c, path, key, "expected a number");
    *out = json_number_value(v);
    if (!(*out >= min && *out <= max))
        return fail_key(c, path, key, "%g is outside %g..%g", *out, min, max);
    *present = 1;
    return 0;
}

/* An array, or NULL when absent and optional. */
static int get_array(struct ctx *c, json_t *obj, const char *path, const char *key, int required,
                     json_t **out)
{
    *out = field(obj, key);
    if (!*out)
        return required ? fail_key(c, path, key, "required but missing") : 0;
    if (!json_is_array(*out))
        return fail_key(c, path, key, "expected an array");
    return 0;
}

/* Element i of `array` at `path`, which must be an object; writes its path. */
static int get_element(struct ctx *c, json_t *array, const char *path, const char *key, size_t i,
                       char epath[JPATH_MAX], json_t **out)
{
    xsnprintf(epath, JPATH_MAX, "%s%s%s[%zu]", path, *path ? "." : "", key, i);
    *out = json_array_get(array, i);
    if (!json_is_object(*out))
        return fail(c, epath, "expected an object");
    return 0;
}

/* Allocates n records of `size` for the elements of `array`. */
static void *records(struct bundle *b, json_t *array, size_t size, size_t *n)
{
    *n = json_array_size(array);
    return *n ? arena_alloc(&b->arena, *n * size) : NULL;
}

static int same_text(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* The name of the first listed field that differs, or NULL. */
static const char *first_difference(const void *a, const void *b, const struct text_field *f,
                                    size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!same_text(text_at(a, &f[i]), text_at(b, &f[i])))
            return f[i].name;
    }
    return NULL;
}

/* ---- taxonomy terms ------------------------------------------------------- */

/* Keywords are stored, and translated, as one text: keywords separated by
 * commas; Arabic and Persian writers may use the Arabic comma. */
static size_t keyword_sep(const char *p)
{
    if (*p == ',')
        return 1;
    return (unsigned char)p[0] == 0xD8 && (unsigned char)p[1] == 0x8C ? 2 : 0;
}

/* 1 when bytes [p, end) are only spaces. */
static int blank(const char *p, const char *end)
{
    for (; p < end; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
    }
    return 1;
}

/* A translation's keyword list: none of its keywords empty. */
static int check_keyword_list(struct ctx *c, const char *path, const char *text)
{
    const char *p = text;
    for (size_t i = 1;; i++) {
        const char *end = p;
        while (*end && !keyword_sep(end))
            end++;
        if (blank(p, end))
            return fail_key(c, path, "text",
                            "keyword %zu is empty (keywords are separated by commas)", i);
        if (!*end)
            return 0;
        p = end + keyword_sep(end);
    }
}

/* The words a person might type for a need or a service, in the bundle's
 * language: an array of strings, joined by ", " into the text that
 * translations give for other languages. */
static int get_keywords(struct ctx *c, struct bundle *b, json_t *obj, const char *path,
                        const char **out)
{
    json_t *array;
    *out = NULL;
    int rc = get_array(c, obj, path, "keywords", OPTIONAL, &array);
    if (rc || !array || json_array_size(array) == 0)
        return rc;
    char epath[JPATH_MAX];
    size_t size = 1;
    for (size_t i = 0; i < json_array_size(array); i++) {
        json_t *v = json_array_get(array, i);
        xsnprintf(epath, sizeof epath, "%s.keywords[%zu]", path, i);
        if (!json_is_string(v))
            return fail(c, epath, "expected a string");
        const char *k = json_string_value(v);
        if (blank(k, k + json_string_length(v)))
            return fail(c, epath, "an empty keyword");
        for (const char *p = k; *p; p++) {
            if (keyword_sep(p))
                return fail(c, epath, "\"%s\" holds a comma: give each keyword on its own", k);
        }
        size += json_string_length(v) + 2;
    }
    if (size > IMPORT_MAX_TEXT)
        return fail_key(c, path, "keywords",
                        "%zu bytes of keywords is more than the limit of 64 KiB", size);
    char *list = arena_alloc(&b->arena, size);
    size_t used = 0;
    for (size_t i = 0; i < json_array_size(array); i++)
        used += (size_t)xsnprintf(list + used, size - used, "%s%s", i ? ", " : "",
                                  json_string_value(json_array_get(array, i)));
    *out = list;
    return 0;
}

static const char *trust_code(int i)
{
    return i >= 0 && i < N_TRUST_FACTS ? catalog_trust_code((enum trust_fact)i) : NULL;
}

static const char *audience_code(int i)
{
    return catalog_audience_code(i + 1); /* AUDIENCE_ANY has no code */
}

enum { TX_NEED, TX_FACET, TX_TRUST, TX_AUDIENCE, TX_WORRIED, N_TAXONOMIES };

/* The taxonomies a term may belong to, and the codes Frontdoor knows in each
 * (from catalog.c's tables). A typo in a code would silently hide a filter,
 * a fact or an answer, so any other code is refused; needs are the city's
 * own. */
static const struct taxonomy {
    const char *name;
    const char *what;           /* "a facet", in messages */
    const char *(*code)(int i); /* the i-th code, NULL past the last; NULL: any code */
    int has_value;              /* its attributes may carry a value and a label */
} taxonomies[N_TAXONOMIES] = {
    [TX_NEED] = {TAXONOMY_NEED, "a need", NULL, 0},
    [TX_FACET] = {TAXONOMY_FACET, "a facet", catalog_facet_code, 0},
    [TX_TRUST] = {TAXONOMY_TRUST, "a trust fact", trust_code, 1},
    [TX_AUDIENCE] = {TAXONOMY_AUDIENCE, "an audience", audience_code, 0},
    [TX_WORRIED] = {TAXONOMY_WORRIED, "a guided-path answer", catalog_worried_what_code, 1},
};

static const char *taxonomy_name(int i)
{
    return i >= 0 && i < N_TAXONOMIES ? taxonomies[i].name : NULL;
}

/* "a, b, c": every code of a list, for messages. */
static const char *code_list(char *buf, size_t size, const char *(*code)(int i))
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; code(i); i++)
        xappend(buf, size, &used, "%s%s", i ? ", " : "", code(i));
    return buf;
}

static int known_code(const struct taxonomy *tx, const char *code)
{
    for (int i = 0; tx->code(i); i++) {
        if (strcmp(tx->code(i), code) == 0)
            return 1;
    }
    return 0;
}

static int parse_terms(struct ctx *c, struct bundle *b)
{
    json_t *array, *obj;
    char path[JPATH_MAX];
    int rc = get_array(c, b->root, "", "taxonomy_terms", REQUIRED, &array);
    if (rc)
        return rc;
    b->terms = records(b, array, sizeof *b->terms, &b->n_terms);
    for (size_t i = 0; i < b->n_terms; i++) {
        struct imp_term *t = &b->terms[i];
        rc = get_element(c, array, "", "taxonomy_terms", i, path, &obj);
        if (!rc)
            rc = get_string(c, obj, path, "id", REQUIRED, IMPORT_MAX_ID, &t->e.id);
        if (!rc)
            rc = get_code(c, obj, path, "code", &t->code);
        if (!rc)
            rc = get_text(c, obj, path, "name", REQUIRED, &t->name);
        if (!rc)
            rc = get_text(c, obj, path, "description", OPTIONAL, &t->description);
        if (!rc)
            rc = get_text(c, obj, path, "taxonomy", REQUIRED, &t->taxonomy);
        if (!rc)
            rc = get_bool(c, obj, path, "sensitive", &t->sensitive);
        if (!rc)
            rc = get_keywords(c, b, obj, path, &t->keywords);
        if (rc)
            return rc;
        char list[256];
        t->tax = 0;
        while (t->tax < N_TAXONOMIES && strcmp(taxonomies[t->tax].name, t->taxonomy) != 0)
            t->tax++;
        if (t->tax == N_TAXONOMIES)
            return fail_key(c, path, "taxonomy", "\"%s\" is not one of %s", t->taxonomy,
                            code_list(list, sizeof list, taxonomy_name));
        const struct taxonomy *tx = &taxonomies[t->tax];
        if (tx->code && !known_code(tx, t->code))
            return fail_key(c, path, "code", "\"%s\" is not %s Frontdoor knows (%s)", t->code,
                            tx->what, code_list(list, sizeof list, tx->code));
        if (t->sensitive && t->tax != TX_NEED)
            return fail_key(c, path, "sensitive", "only a need can be sensitive");
        if (t->keywords && t->tax != TX_NEED)
            return fail_key(c, path, "keywords", "only a need or a service has keywords");
        rc = index_add(c, b, K_TERM, &t->e, path);
        if (rc)
            return rc;
        char key[128];
        xsnprintf(key, sizeof key, "%s:%s", t->taxonomy, t->code);
        size_t other;
        if (map_get(b->term_codes, key, &other) == 0)
            return fail_key(c, path, "code", "\"%s\" is already the code of taxonomy_terms[%zu]",
                            t->code, other);
        map_put(b->term_codes, key, i);
    }
    return 0;
}

/* ---- organizations and locations ------------------------------------------ */

static int parse_org(struct ctx *c, struct bundle *b, json_t *service, const char *spath,
                     size_t service_i, struct imp_org **out)
{
    char path[JPATH_MAX];
    struct imp_org org = {0};
    json_t *obj = field(service, "organization");
    if (!obj)
        return fail_key(c, spath, "organization", "required but missing");
    if (!json_is_object(obj))
        return fail_key(c, spath, "organization", "expected an object");
    xsnprintf(path, sizeof path, "%s.organization", spath);
    int rc = get_string(c, obj, path, "id", REQUIRED, IMPORT_MAX_ID, &org.e.id);
    if (!rc)
        rc = get_text(c, obj, path, "name", REQUIRED, &org.name);
    if (!rc)
        rc = get_text(c, obj, path, "description", OPTIONAL, &org.description);
    if (!rc)
        rc = get_url(c, obj, path, "website", &org.website);
    if (!rc)
        rc = get_text(c, obj, path, "email", OPTIONAL, &org.email);
    if (rc)
        return rc;

    struct imp_org *first = (struct imp_org *)index_find(b, K_ORG, org.e.id);
    if (first) {
        const char *diff = first_difference(first, &org, org_fields, ARRAY_LEN(org_fields));
        if (diff)
            return fail_key(c, path, diff,
                            "differs from services[%zu].organization.%s; every copy of "
                            "organization \"%s\" must agree",
                            first->first_service, diff, org.e.id);
        *out = first;
        return 0;
    }
    *out = arena_alloc(&b->arena, sizeof **out);
    **out = org;
    (*out)->first_service = service_i;
    return index_add(c, b, K_ORG, &(*out)->e, path);
}

static int parse_phones(struct ctx *c, struct bundle *b, json_t *owner, const char *path,
                        const char *owner_id, struct imp_phone **out, size_t *n)
{
    json_t *array, *obj;
    char ppath[JPATH_MAX];
    int rc = get_array(c, owner, path, "phones", OPTIONAL, &array);
    if (rc)
        return rc;
    *out = records(b, array, sizeof **out, n);
    for (size_t i = 0; i < *n; i++) {
        struct imp_phone *p = &(*out)[i];
        rc = get_element(c, array, path, "phones", i, ppath, &obj);
        if (!rc)
            rc = get_nested_id(c, b, obj, ppath, owner_id, "phones", i, &p->e.id);
        if (!rc)
            rc = get_string(c, obj, ppath, "number", REQUIRED, IMPORT_MAX_NUMBER, &p->number);
        if (!rc)
            rc = get_text(c, obj, ppath, "type", OPTIONAL, &p->type);
        if (!rc)
            rc = get_text(c, obj, ppath, "description", OPTIONAL, &p->description);
        if (rc)
            return rc;
    }
    return 0;
}

static int parse_addresses(struct ctx *c, struct bundle *b, json_t *loc_obj, const char *path,
                           struct imp_location *loc)
{
    json_t *array, *obj;
    char apath[JPATH_MAX];
    int rc = get_array(c, loc_obj, path, "addresses", OPTIONAL, &array);
    if (rc)
        return rc;
    loc->addresses = records(b, array, sizeof *loc->addresses, &loc->n_addresses);
    for (size_t i = 0; i < loc->n_addresses; i++) {
        struct imp_address *a = &loc->addresses[i];
        rc = get_element(c, array, path, "addresses", i, apath, &obj);
        if (!rc)
            rc = get_nested_id(c, b, obj, apath, loc->e.id, "addresses", i, &a->e.id);
        for (size_t f = 0; !rc && f < ARRAY_LEN(address_fields); f++) {
            const char **member = (const char **)((char *)a + address_fields[f].offset);
            rc = get_text(c, obj, apath, address_fields[f].name, OPTIONAL, member);
        }
        if (rc)
            return rc;
    }
    return 0;
}

static int parse_location(struct ctx *c, struct bundle *b, json_t *obj, const char *path,
                          struct imp_location *loc)
{
    int rc = get_string(c, obj, path, "id", REQUIRED, IMPORT_MAX_ID, &loc->e.id);
    if (!rc)
        rc = get_text(c, obj, path, "name", OPTIONAL, &loc->name);
    if (!rc)
        rc = get_text(c, obj, path, "description", OPTIONAL, &loc->description);
    if (!rc)
        rc = get_text(c, obj, path, "transportation", OPTIONAL, &loc->transportation);
    if (!rc)
        rc = get_number(c, obj, path, "latitude", -90, 90, &loc->latitude, &loc->has_latitude);
    if (!rc)
        rc = get_number(c, obj, path, "longitude", -180, 180, &loc->longitude, &loc->has_longitude);
    if (!rc)
        rc = get_bool(c, obj, path, "confidential", &loc->confidential);
    if (!rc)
        rc = parse_addresses(c, b, obj, path, loc);
    if (!rc)
        rc = parse_phones(c, b, obj, path, loc->e.id, &loc->phones, &loc->n_phones);
    return rc;
}

/* The first field in which two copies of a location differ, or NULL. */
static const char *location_difference(const struct imp_location *x, const struct imp_location *y)
{
    const char *diff = first_difference(x, y, location_texts, ARRAY_LEN(location_texts));
    if (diff)
        return diff;
    if (x->has_latitude != y->has_latitude || x->latitude != y->latitude)
        return "latitude";
    if (x->has_longitude != y->has_longitude || x->longitude != y->longitude)
        return "longitude";
    if (x->confidential != y->confidential)
        return "confidential";
    if (x->n_addresses != y->n_addresses)
        return "addresses";
    for (size_t i = 0; i < x->n_addresses; i++) {
        if (!same_text(x->addresses[i].e.id, y->addresses[i].e.id) ||
            first_difference(&x->addresses[i], &y->addresses[i], address_fields,
                             ARRAY_LEN(address_fields)))
            return "addresses";
    }
    if (x->n_phones != y->n_phones)
        return "phones";
    for (size_t i = 0; i < x->n_phones; i++) {
        if (!same_text(x->phones[i].e.id, y->phones[i].e.id) ||
            first_difference(&x->phones[i], &y->phones[i], phone_fields, ARRAY_LEN(phone_fields)))
            return "phones";
    }
    return NULL;
}

/* Indexes the records of an array of `n` records of `size` bytes. */
static int index_all(struct ctx *c, struct bundle *b, enum kind k, void *items, size_t size,
                     size_t n, const char *path, const char *list)
{
    char epath[JPATH_MAX];
    for (size_t i = 0; i < n; i++) {
        struct imp_entity *e = (struct imp_entity *)((char *)items + i * size);
        xsnprintf(epath, sizeof epath, "%s.%s[%zu]", path, list, i);
        int rc = index_add(c, b, k, e, epath);
        if (rc)
            return rc;
    }
    return 0;
}

static int parse_sals(struct ctx *c, struct bundle *b, json_t *service, const char *spath,
                      size_t service_i, struct imp_service *s)
{
    json_t *array, *obj;
    char path[JPATH_MAX], lpath[JPATH_MAX];
    int rc = get_array(c, service, spath, "service_at_locations", OPTIONAL, &array);
    if (rc)
        return rc;
    s->sals = records(b, array, sizeof *s->sals, &s->n_sals);
    for (size_t i = 0; i < s->n_sals; i++) {
        struct imp_sal *sal = &s->sals[i];
        rc = get_element(c, array, spath, "service_at_locations", i, path, &obj);
        if (!rc)
            rc = get_nested_id(c, b, obj, path, s->e.id, "service_at_locations", i, &sal->e.id);
        if (!rc)
            rc = index_add(c, b, K_SAL, &sal->e, path);
        if (rc)
            return rc;
        json_t *loc_obj = field(obj, "location");
        if (!loc_obj)
            return fail_key(c, path, "location", "required but missing");
        if (!json_is_object(loc_obj))
            return fail_key(c, path, "location", "expected an object");
        xsnprintf(lpath, sizeof lpath, "%s.location", path);
        struct imp_location loc = {0};
        rc = parse_location(c, b, loc_obj, lpath, &loc);
        if (rc)
            return rc;

        struct imp_location *first = (struct imp_location *)index_find(b, K_LOCATION, loc.e.id);
        if (first) {
            const char *diff = location_difference(first, &loc);
            if (diff)
                return fail_key(c, lpath, diff,
                                "differs from services[%zu].service_at_locations[%zu].location."
                                "%s; every copy of location \"%s\" must agree",
                                first->first_service, first->first_sal, diff, loc.e.id);
            sal->location = first;
        } else {
            sal->location = arena_alloc(&b->arena, sizeof *sal->location);
            *sal->location = loc;
            sal->location->first_service = service_i;
            sal->location->first_sal = i;
            rc = index_add(c, b, K_LOCATION, &sal->location->e, lpath);
            if (!rc)
                rc = index_all(c, b, K_ADDRESS, loc.addresses, sizeof *loc.addresses,
                               loc.n_addresses, lpath, "addresses");
            if (!rc)
                rc = index_all(c, b, K_PHONE, loc.phones, sizeof *loc.phones, loc.n_phones, lpath,
                               "phones");
            if (rc)
                return rc;
        }
        for (size_t j = 0; j < i; j++) {
            if (s->sals[j].location == sal->location)
                return fail_key(c, lpath, "id",
                                "location \"%s\" is already linked to this service by "
                                "service_at_locations[%zu]",
                                loc.e.id, j);
        }
    }
    return 0;
}

/* ---- schedules, languages, attributes -------------------------------------- */

/* "HH:MM" or "HH:MM:SS" into "HH:MM"; the kiosk shows minutes. */
static int parse_time(const char *s, char out[6])
{
    size_t n = strlen(s);
    if (n != 5 && n != 8)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int colon = i == 2 || i == 5;
        if (colon ? s[i] != ':' : !(s[i] >= '0' && s[i] <= '9'))
            return -1;
    }
    int hh = (s[0] - '0') * 10 + (s[1] - '0');
    int mm = (s[3] - '0') * 10 + (s[4] - '0');
    int ss = n == 8 ? (s[6] - '0') * 10 + (s[7] - '0') : 0;
    if (hh > 23 || mm > 59 || ss > 59)
        return -1;
    memcpy(out, s, 5);
    out[5] = '\0';
    return 0;
}

static int get_time(struct ctx *c, json_t *obj, const char *path, const char *key, char out[6])
{
    const char *s;
    out[0] = '\0';
    int rc = get_text(c, obj, path, key, OPTIONAL, &s);
    if (rc == 0 && s && parse_time(s, out) != 0)
        return fail_key(c, path, key, "\"%s\" is not a time of day as HH:MM or HH:MM:SS", s);
    return rc;
}

static int get_date(struct ctx *c, json_t *obj, const char *path, const char *key, const char **out)
{
    struct fd_tm date;
    int rc = get_text(c, obj, path, key, OPTIONAL, out);
    if (rc == 0 && *out && hours_parse_date(*out, &date) != 0)
        return fail_key(c, path, key, "\"%s\" is not a date as YYYY-MM-DD", *out);
    return rc;
}

/* "MO,TU,...": known days, each once. */
static int valid_byday(const char *s)
{
    static const char days[] = "MOTUWETHFRSASU";
    unsigned seen = 0;
    for (const char *p = s;; p += 3) {
        int d = -1;
        for (int i = 0; i < 7; i++) {
            if (p[0] == days[2 * i] && p[1] == days[2 * i + 1])
                d = i;
        }
        if (d < 0 || (seen & (1u << d)))
            return 0;
        seen |= 1u << d;
        if (p[2] == '\0')
            return 1;
        if (p[2] != ',')
            return 0;
    }
}

static int parse_schedules(struct ctx *c, struct bundle *b, json_t *service, const char *spath,
                           struct imp_service *s)
{
    json_t *array, *obj;
    char path[JPATH_MAX];
    int rc = get_array(c, service, spath, "schedules", OPTIONAL, &array);
    if (rc)
        return rc;
    s->schedules = records(b, array, sizeof *s->schedules, &s->n_schedules);
    for (size_t i = 0; i < s->n_schedules; i++) {
        struct imp_schedule *h = &s->schedules[i];
        rc = get_element(c, array, spath, "schedules", i, path, &obj);
        if (!rc)
            rc = get_nested_id(c, b, obj, path, s->e.id, "schedules", i, &h->e.id);
        if (!rc)
            rc = get_text(c, obj, path, "freq", OPTIONAL, &h->freq);
        if (!rc)
            rc = get_text(c, obj, path, "byday", OPTIONAL, &h->byday);
        if (!rc)
            rc = get_time(c, obj, path, "opens_at", h->opens_at);
        if (!rc)
            rc = get_time(c, obj, path, "closes_at", h->closes_at);
        if (!rc)
            rc = get_text(c, obj, path, "description", OPTIONAL, &h->description);
        if (!rc)
            rc = get_date(c, obj, path, "valid_from", &h->valid_from);
        if (!rc)
            rc = get_date(c, obj, path, "valid_to", &h->valid_to);
        if (!rc)
            rc = get_bool(c, obj, path, "by_appointment", &h->by_appointment);
        if (!rc)
            rc = index_add(c, b, K_SCHEDULE, &h->e, path);
        if (rc)
            return rc;
        if (h->freq && strcmp(h->freq, "WEEKLY") != 0)
            return fail_key(c, path, "freq", "\"%s\" is not supported; only \"WEEKLY\" is",
                            h->freq);
        if (h->byday && !valid_byday(h->byday))
            return fail_key(c, path, "byday",
                            "\"%s\" is not a list of MO, TU, WE, TH, FR, SA, SU "
                            "separated by commas, each at most once",
                            h->byday);
        if (h->byday && !h->opens_at[0])
            return fail_key(c, path, "opens_at", "required when byday is given");
        if (h->byday && !h->closes_at[0])
            return fail_key(c, path, "closes_at", "required when byday is given");
        /* ISO dates compare as text. */
        if (h->valid_from && h->valid_to && strcmp(h->valid_to, h->valid_from) < 0)
            return fail_key(c, path, "valid_to", "\"%s\" is before valid_from \"%s\"", h->valid_to,
                            h->valid_from);
        /* Without byday, dates make a date exception: both ends given, and
         * opening times for both or neither (closed those days). */
        int dated = !h->byday && (h->valid_from || h->valid_to);
        if (dated && !h->valid_from)
            return fail_key(c, path, "valid_from", "required with valid_to when there is no byday");
        if (dated && !h->valid_to)
            return fail_key(c, path, "valid_to", "required with valid_from when there is no byday");
        if (dated && h->opens_at[0] && !h->closes_at[0])
            return fail_key(c, path, "closes_at", "required when opens_at is given");
        if (dated && !h->opens_at[0] && h->closes_at[0])
            return fail_key(c, path, "opens_at", "required when closes_at is given");
        if (!h->byday && !dated && (h->opens_at[0] || h->closes_at[0]))
            return fail_key(c, path, "byday",
                            "required when opening hours are given without valid_from and "
                            "valid_to");
        if (!h->byday && !dated && !h->description && !h->by_appointment)
            return fail(c, path,
                        "a schedule needs byday with opens_at and closes_at, valid_from and "
                        "valid_to, a description or by_appointment");
        if (h->byday && !h->freq)
            h->freq = "WEEKLY";
    }
    return 0;
}

static int parse_languages(struct ctx *c, struct bundle *b, json_t *service, const char *spath,
                           struct imp_service *s)
{
    json_t *array, *obj;
    char path[JPATH_MAX];
    int rc = get_array(c, service, spath, "languages", OPTIONAL, &array);
    if (rc)
        return rc;
    s->languages = records(b, array, sizeof *s->languages, &s->n_languages);
    for (size_t i = 0; i < s->n_languages; i++) {
        struct imp_language *l = &s->languages[i];
        rc = get_element(c, array, spath, "languages", i, path, &obj);
        if (!rc)
            rc = get_nested_id(c, b, obj, path, s->e.id, "languages", i, &l->e.id);
        if (!rc)
            rc = get_text(c, obj, path, "name", OPTIONAL, &l->name);
        if (!rc)
            rc = get_lang(c, obj, path, "code", &l->code);
        if (!rc)
            rc = index_add(c, b, K_LANGUAGE, &l->e, path);
        if (rc)
            return rc;
        for (size_t j = 0; j < i; j++) {
            if (strcmp(s->languages[j].code, l->code) == 0)
                return fail_key(c, path, "code", "\"%s\" is already listed as languages[%zu]",
                                l->code, j);
        }
    }
    return 0;
}

/* A trust fact needs a value that answers its question; a link to a
 * worried-path answer may name the who-answers it applies to; only these two
 * take a value or a label. */
static int check_trust_value(struct ctx *c, const struct imp_attribute *a, const char *path)
{
    if (!taxonomies[a->term->tax].has_value) {
        if (a->value)
            return fail_key(c, path, "value",
                            "only a trust fact or a guided-path answer has a value");
        if (a->label)
            return fail_key(c, path, "label",
                            "only a trust fact or a guided-path answer has a label");
        return 0;
    }
    if (a->term->tax == TX_WORRIED) {
        unsigned mask;
        char bad[64], list[128];
        if (catalog_worried_who_mask(a->value, &mask, bad, sizeof bad) != 0)
            return fail_key(c, path, "value", "\"%s\" is not a who-answer Frontdoor knows (%s)",
                            bad, code_list(list, sizeof list, catalog_worried_who_code));
        return 0;
    }
    int fact = catalog_trust_fact(a->term->code);
    if (!a->value)
        return fail_key(c, path, "value", "required for the trust fact \"%s\"", a->term->code);
    if (catalog_trust_value(fact, a->value) == TRUST_UNKNOWN)
        return fail_key(
            c, path, "value", "\"%s\" is not an answer to \"%s\" (%s)", a->value, a->term->code,
            catalog_trust_value(fact, "when-required") ? "no, when-required, yes" : "no, yes");
    return 0;
}

/* The facets "anonymous" and "interpreter" promise what a trust fact of the
 * same name may deny; a bundle that says both is wrong somewhere. */
static int check_contradictions(struct ctx *c, const struct imp_service *s, const char *spath)
{
    for (size_t i = 0; i < s->n_attributes; i++) {
        const struct imp_attribute *t = &s->attributes[i];
        if (strcmp(t->term->taxonomy, TAXONOMY_TRUST) != 0 || strcmp(t->value, "no") != 0)
            continue;
        for (size_t j = 0; j < s->n_attributes; j++) {
            const struct imp_attribute *f = &s->attributes[j];
            if (strcmp(f->term->taxonomy, TAXONOMY_FACET) == 0 &&
                strcmp(f->term->code, t->term->code) == 0) {
                char path[JPATH_MAX];
                xsnprintf(path, sizeof path, "%s.attributes[%zu]", spath, i);
                return fail_key(c, path, "value",
                                "\"no\" contradicts the facet \"%s\" of attributes[%zu]",
                                f->term->code, j);
            }
        }
    }
    return 0;
}

static int parse_attributes(struct ctx *c, struct bundle *b, json_t *service, const char *spath,
                            struct imp_service *s)
{
    json_t *array, *obj;
    char path[JPATH_MAX];
    int rc = get_array(c, service, spath, "attributes", OPTIONAL, &array);
    if (rc)
        return rc;
    s->attributes = records(b, array, sizeof *s->attributes, &s->n_attributes);
    for (size_t i = 0; i < s->n_attributes; i++) {
        struct imp_attribute *a = &s->attributes[i];
        const char *term_id;
        rc = get_element(c, array, spath, "attributes", i, path, &obj);
        if (!rc)
            rc = get_nested_id(c, b, obj, path, s->e.id, "attributes", i, &a->e.id);
        if (!rc)
            rc = get_string(c, obj, path, "taxonomy_term_id", REQUIRED, IMPORT_MAX_ID, &term_id);
        if (!rc)
            rc = get_text(c, obj, path, "value", OPTIONAL, &a->value);
        if (!rc)
            rc = get_text(c, obj, path, "label", OPTIONAL, &a->label);
        if (!rc)
            rc = index_add(c, b, K_ATTRIBUTE, &a->e, path);
        if (rc)
            return rc;
        a->term = (struct imp_term *)index_find(b, K_TERM, term_id);
        if (!a->term)
            return fail_key(c, path, "taxonomy_term_id", "no taxonomy term \"%s\"", term_id);
        for (size_t j = 0; j < i; j++) {
            if (s->attributes[j].term == a->term)
                return fail_key(c, path, "taxonomy_term_id",
                                "\"%s\" is already linked by attributes[%zu]", term_id, j);
            if (a->term->tax == TX_AUDIENCE && s->attributes[j].term->tax == TX_AUDIENCE)
                return fail_key(c, path, "taxonomy_term_id",
                                "a service has at most one audience, and attributes[%zu] gives "
                                "\"%s\"",
                                j, s->attributes[j].term->code);
        }
        a->term->n_links++;
        rc = check_trust_value(c, a, path);
        if (rc)
            return rc;
    }
    return check_contradictions(c, s, spath);
}

static int parse_documents(struct ctx *c, struct bundle *b, json_t *service, const char *spath,
                           struct imp_service *s)
{
    json_t *array, *obj;
    char path[JPATH_MAX];
    int rc = get_array(c, service, spath, "required_documents", OPTIONAL, &array);
    if (rc)
        return rc;
    s->documents = records(b, array, sizeof *s->documents, &s->n_documents);
    for (size_t i = 0; i < s->n_documents; i++) {
        struct imp_document *d = &s->documents[i];
        rc = get_element(c, array, spath, "required_documents", i, path, &obj);
        if (!rc)
            rc = get_nested_id(c, b, obj, path, s->e.id, "required_documents", i, &d->e.id);
        if (!rc)
            rc = get_text(c, obj, path, "document", REQUIRED, &d->document);
        if (!rc)
            rc = index_add(c, b, K_DOCUMENT, &d->e, path);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- services ------------------------------------------------------------- */

static const char *const statuses[] = {"active", "inactive", "defunct", "temporarily closed"};

static int is_crisis_line(const struct imp_service *s)
{
    for (size_t i = 0; i < s->n_attributes; i++) {
        const struct imp_term *t = s->attributes[i].term;
        if (t->tax == TX_FACET && catalog_facet_bit(t->code) == FACET_CRISIS_LINE)
            return 1;
    }
    return 0;
}

/* A number of its own or of one of its locations. */
static int has_phone(const struct imp_service *s)
{
    if (s->n_phones)
        return 1;
    for (size_t i = 0; i < s->n_sals; i++) {
        if (s->sals[i].location->n_phones)
            return 1;
    }
    return 0;
}

static int parse_service(struct ctx *c, struct bundle *b, json_t *obj, const char *path, size_t i)
{
    struct imp_service *s = &b->services[i];
    int rc = get_string(c, obj, path, "id", REQUIRED, IMPORT_MAX_ID, &s->e.id);
    if (!rc)
        rc = index_add(c, b, K_SERVICE, &s->e, path);
    if (!rc)
        rc = get_text(c, obj, path, "name", REQUIRED, &s->name);
    if (!rc)
        rc = get_text(c, obj, path, "description", OPTIONAL, &s->description);
    if (!rc)
        rc = get_text(c, obj, path, "status", REQUIRED, &s->status);
    if (rc)
        return rc;
    size_t st = 0;
    while (st < ARRAY_LEN(statuses) && strcmp(statuses[st], s->status) != 0)
        st++;
    if (st == ARRAY_LEN(statuses))
        return fail_key(c, path, "status",
                        "\"%s\" is not one of active, inactive, defunct, temporarily closed",
                        s->status);
    rc = get_text(c, obj, path, "eligibility_description", OPTIONAL, &s->eligibility_description);
    if (!rc)
        rc = get_text(c, obj, path, "fees_description", OPTIONAL, &s->fees_description);
    if (!rc)
        rc = get_text(c, obj, path, "application_process", OPTIONAL, &s->application_process);
    if (!rc)
        rc = get_keywords(c, b, obj, path, &s->keywords);
    if (!rc)
        rc = get_url(c, obj, path, "url", &s->url);
    if (!rc)
        rc = get_date(c, obj, path, "assured_date", &s->assured_date);
    if (!rc)
        rc = get_int(c, obj, path, "minimum_age", 0, IMPORT_MAX_AGE, &s->minimum_age,
                     &s->has_minimum_age);
    if (!rc)
        rc = get_int(c, obj, path, "maximum_age", 0, IMPORT_MAX_AGE, &s->maximum_age,
                     &s->has_maximum_age);
    if (rc)
        return rc;
    if (s->has_minimum_age && s->has_maximum_age && s->minimum_age > s->maximum_age)
        return fail_key(c, path, "maximum_age", "%lld is below minimum_age %lld",
                        (long long)s->maximum_age, (long long)s->minimum_age);
    rc = parse_org(c, b, obj, path, i, &s->org);
    if (!rc)
        rc = parse_sals(c, b, obj, path, i, s);
    if (!rc)
        rc = parse_phones(c, b, obj, path, s->e.id, &s->phones, &s->n_phones);
    if (!rc)
        rc = index_all(c, b, K_PHONE, s->phones, sizeof *s->phones, s->n_phones, path, "phones");
    if (!rc)
        rc = parse_schedules(c, b, obj, path, s);
    if (!rc)
        rc = parse_languages(c, b, obj, path, s);
    if (!rc)
        rc = parse_documents(c, b, obj, path, s);
    if (!rc)
        rc = parse_attributes(c, b, obj, path, s);
    if (!rc && is_crisis_line(s) && !has_phone(s))
        rc = fail(c, path, "a crisis line needs a phone number");
    return rc;
}

static int parse_services(struct ctx *c, struct bundle *b)
{
    json_t *array, *obj;
    char path[JPATH_MAX];
    int rc = get_array(c, b->root, "", "services", REQUIRED, &array);
    if (rc)
        return rc;
    b->services = records(b, array, sizeof *b->services, &b->n_services);
    for (size_t i = 0; i < b->n_services; i++) {
        rc = get_element(c, array, "", "services", i, path, &obj);
        if (!rc)
            rc = parse_service(c, b, obj, path, i);
        if (rc)
            return rc;
    }
    return 0;
}

/* The worried-about-someone path starts from the need "worried"; an answer
 * that leads nowhere would be a dead end on the kiosk. Each problem is named
 * at the term. */
static int check_worried_terms(struct ctx *c, struct bundle *b)
{
    size_t first = b->n_terms;
    int need = 0;
    for (size_t i = 0; i < b->n_terms; i++) {
        const struct imp_term *t = &b->terms[i];
        if (t->tax == TX_NEED && strcmp(t->code, CATALOG_NEED_WORRIED) == 0)
            need = 1;
        if (t->tax == TX_WORRIED && first == b->n_terms)
            first = i;
    }
    char path[JPATH_MAX];
    if (first < b->n_terms && !need) {
        xsnprintf(path, sizeof path, "taxonomy_terms[%zu]", first);
        return fail_key(c, path, "taxonomy",
                        "guided-path answers need the need \"%s\" in this catalogue",
                        CATALOG_NEED_WORRIED);
    }
    for (size_t i = first; i < b->n_terms; i++) {
        const struct imp_term *t = &b->terms[i];
        if (t->tax == TX_WORRIED && !t->n_links) {
            xsnprintf(path, sizeof path, "taxonomy_terms[%zu]", i);
            return fail(c, path, "guided-path answer \"%s\" points at no service", t->code);
        }
    }
    return 0;
}

/* ---- translations --------------------------------------------------------- */

static int parse_translation(struct ctx *c, struct bundle *b, json_t *obj, const char *path,
                             size_t i)
{
    struct imp_translation *t = &b->translations[i];
    const char *entity, *id;
    int rc = get_text(c, obj, path, "entity", REQUIRED, &entity);
    if (rc)
        return rc;
    t->kind = -1;
    for (int k = 0; k < N_KINDS; k++) {
        if (kinds[k].n_texts && strcmp(kinds[k].entity, entity) == 0)
            t->kind = k;
    }
    if (t->kind < 0)
        return fail_key(c, path, "entity",
                        "\"%s\" is not one of organization, service, location, "
                        "taxonomy_term, phone, schedule, attribute, required_document",
                        entity);
    const struct kind_desc *kd = &kinds[t->kind];
    rc = get_string(c, obj, path, "id", REQUIRED, IMPORT_MAX_TEXT, &id);
    if (rc)
        return rc;
    t->target = index_find(b, t->kind, id);
    if (!t->target)
        return fail_key(c, path, "id", "no %s \"%s\" in this bundle", kd->label, id);

    rc = get_text(c, obj, path, "field", REQUIRED, &t->field);
    if (rc)
        return rc;
    const struct text_field *f = NULL;
    for (size_t j = 0; j < kd->n_texts; j++) {
        if (strcmp(kd->texts[j].name, t->field) == 0)
            f = &kd->texts[j];
    }
    if (!f)
        return fail_key(c, path, "field", "\"%s\" is not a translatable field of %s", t->field,
                        kd->entity);
    /* Point at the table's own string: it outlives this record's key. */
    t->field = f->name;
    if (t->kind == K_ATTRIBUTE &&
        !taxonomies[((struct imp_attribute *)t->target)->term->tax].has_value)
        return fail_key(c, path, "id",
                        "attribute \"%s\" is not a trust fact or a guided-path answer: it has no "
                        "label",
                        id);
    int keywords = strcmp(t->field, "keywords") == 0;
    if (keywords && t->kind == K_TERM && ((struct imp_term *)t->target)->tax != TX_NEED)
        return fail_key(c, path, "field", "only a need or a service has keywords");

    rc = get_lang(c, obj, path, "lang", &t->lang);
    if (!rc)
        rc = get_text(c, obj, path, "text", REQUIRED, &t->text);
    if (!rc && keywords)
        rc = check_keyword_list(c, path, t->text);
    if (rc)
        return rc;
    if (strcmp(t->lang, b->language) == 0 && text_at(t->target, f))
        return fail_key(c, path, "lang",
                        "the %s of %s \"%s\" is already given in the bundle's language \"%s\"",
                        t->field, kd->label, id, t->lang);
    char key[512]; /* ids are at most 127 bytes, made-up ones a few more */
    xsnprintf(key, sizeof key, "%d %s %s %s", t->kind, id, t->field, t->lang);
    size_t other;
    if (map_get(b->translation_keys, key, &other) == 0)
        return fail(c, path,
                    "translates the %s of %s \"%s\" into \"%s\" again (as translations[%zu])",
                    t->field, kd->label, id, t->lang, other);
    map_put(b->translation_keys, key, i);
    return 0;
}

static int parse_translations(struct ctx *c, struct bundle *b)
{
    json_t *array, *obj;
    char path[JPATH_MAX];
    int rc = get_array(c, b->root, "", "translations", OPTIONAL, &array);
    if (rc)
        return rc;
    b->translations = records(b, array, sizeof *b->translations, &b->n_translations);
    for (size_t i = 0; i < b->n_translations; i++) {
        rc = get_element(c, array, "", "translations", i, path, &obj);
        if (!rc)
            rc = parse_translation(c, b, obj, path, i);
        if (rc)
            return rc;
    }
    return 0;
}

static int parse_bundle(struct ctx *c, struct bundle *b)
{
    if (!json_is_object(b->root))
        return fail(c, NULL, "expected a JSON object at the top level");
    const char *format;
    int rc = get_text(c, b->root, "", "format", REQUIRED, &format);
    if (rc)
        return rc;
    if (strcmp(format, FORMAT_NAME) != 0)
        return fail_key(c, "", "format", "expected \"%s\", not \"%s\"", FORMAT_NAME, format);
    json_int_t version;
    int present;
    rc = get_int(c, b->root, "", "version", INT32_MIN, INT32_MAX, &version, &present);
    if (rc)
        return rc;
    if (!present)
        return fail_key(c, "", "version", "required but missing");
    if (version != FORMAT_VERSION)
        return fail_key(c, "", "version", "this Frontdoor reads version %d bundles, not %lld",
                        FORMAT_VERSION, (long long)version);
    rc = get_lang(c, b->root, "", "language", &b->language);
    if (!rc)
        rc = get_bool(c, b->root, "", "sample", &b->sample);
    if (!rc)
        rc = parse_terms(c, b);
    if (!rc)
        rc = parse_services(c, b);
    if (!rc)
        rc = check_worried_terms(c, b);
    if (!rc)
        rc = parse_translations(c, b);
    return rc;
}

/* ---- writing -------------------------------------------------------------- */

enum stmt {
    ST_TERM,
    ST_ORG,
    ST_LOCATION,
    ST_ADDRESS,
    ST_PHONE,
    ST_SERVICE,
    ST_SAL,
    ST_SCHEDULE,
    ST_LANGUAGE,
    ST_ATTRIBUTE,
    ST_DOCUMENT,
    ST_TEXT,
    ST_META,
    N_STMTS
};

static const char *const stmt_sql[N_STMTS] = {
    [ST_TERM] = "INSERT INTO taxonomy_term (hsds_id, code, taxonomy, name, description, position,"
                " sensitive) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_ORG] = "INSERT INTO organization (hsds_id, name, description, website, email)"
               " VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_LOCATION] = "INSERT INTO location (hsds_id, name, description, transportation,"
                    " latitude, longitude, confidential) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_ADDRESS] = "INSERT INTO address (hsds_id, location_id, address_1, address_2, city,"
                   " postal_code, region, state_province, country, address_type)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [ST_PHONE] = "INSERT INTO phone (hsds_id, service_id, location_id, number, type, description)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_SERVICE] = "INSERT INTO service (hsds_id, organization_id, name, description, status,"
                   " eligibility_description, fees_description, application_process,"
                   " minimum_age, maximum_age, url, assured_date)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [ST_SAL] = "INSERT INTO service_at_location (hsds_id, service_id, location_id)"
               " VALUES (?1, ?2, ?3)",
    [ST_SCHEDULE] = "INSERT INTO schedule (hsds_id, service_id, freq, byday, opens_at, closes_at,"
                    " description, valid_from, valid_to, by_appointment)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [ST_LANGUAGE] = "INSERT INTO language (hsds_id, service_id, name, code)"
                    " VALUES (?1, ?2, ?3, ?4)",
    [ST_ATTRIBUTE] = "INSERT INTO attribute (hsds_id, service_id, taxonomy_term_id, value, label)"
                     " VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_DOCUMENT] = "INSERT INTO required_document (hsds_id, service_id, document)"
                    " VALUES (?1, ?2, ?3)",
    [ST_TEXT] = "INSERT INTO translation (entity, entity_id, field, lang, text)"
                " VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_META] = "INSERT OR REPLACE INTO catalogue_meta (key, value) VALUES (?1, ?2)",
};

/* Children first, so foreign keys hold at every step. */
static const char DELETE_SQL[] = "DELETE FROM translation;"
                                 "DELETE FROM attribute;"
                                 "DELETE FROM required_document;"
                                 "DELETE FROM language;"
                                 "DELETE FROM schedule;"
                                 "DELETE FROM phone;"
                                 "DELETE FROM address;"
                                 "DELETE FROM service_at_location;"
                                 "DELETE FROM service;"
                                 "DELETE FROM location;"
                                 "DELETE FROM organization;"
                                 "DELETE FROM taxonomy_term;";

struct writer {
    struct ctx *c;
    sqlite3 *db;
    sqlite3_stmt *st[N_STMTS];
    size_t addresses_dropped;
};

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void bind_row(sqlite3_stmt *st, int i, int64_t rowid)
{
    if (rowid)
        sqlite3_bind_int64(st, i, rowid);
    else
        sqlite3_bind_null(st, i);
}

/* Runs the bound insert and records the new row in `e` (when not NULL). */
static int insert(struct writer *w, enum stmt s, enum kind k, struct imp_entity *e)
{
    sqlite3_stmt *st = w->st[s];
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        /* Validation should make this unreachable, but disk full and I/O
         * errors end up here too. */
        if (e)
            fail(w->c, NULL, "cannot store %s \"%s\": %s", kinds[k].label, e->id,
                 sqlite3_errmsg(w->db));
        else
            fail(w->c, NULL, "cannot store the catalogue: %s", sqlite3_errmsg(w->db));
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return CATALOG_ERROR;
    if (e)
        e->rowid = sqlite3_last_insert_rowid(w->db);
    return 0;
}

static int write_phones(struct writer *w, struct imp_phone *phones, size_t n, int64_t service,
                        int64_t location)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = w->st[ST_PHONE];
        bind_text(st, 1, phones[i].e.id);
        bind_row(st, 2, service);
        bind_row(st, 3, location);
        bind_text(st, 4, phones[i].number);
        bind_text(st, 5, phones[i].type);
        bind_text(st, 6, phones[i].description);
        int rc = insert(w, ST_PHONE, K_PHONE, &phones[i].e);
        if (rc)
            return rc;
    }
    return 0;
}

static int write_location(struct writer *w, struct imp_location *l)
{
    sqlite3_stmt *st = w->st[ST_LOCATION];
    bind_text(st, 1, l->e.id);
    bind_text(st, 2, l->name);
    bind_text(st, 3, l->description);
    bind_text(st, 4, l->transportation);
    /* A refuge's coordinates and addresses are never bound: that is the
     * whole of "dropped before writing". */
    if (l->has_latitude && !l->confidential)
        sqlite3_bind_double(st, 5, l->latitude);
    else
        sqlite3_bind_null(st, 5);
    if (l->has_longitude && !l->confidential)
        sqlite3_bind_double(st, 6, l->longitude);
    else
        sqlite3_bind_null(st, 6);
    sqlite3_bind_int(st, 7, l->confidential);
    int rc = insert(w, ST_LOCATION, K_LOCATION, &l->e);
    if (rc)
        return rc;
    if (l->confidential) {
        w->addresses_dropped += l->n_addresses;
    } else {
        for (size_t i = 0; i < l->n_addresses; i++) {
            struct imp_address *a = &l->addresses[i];
            st = w->st[ST_ADDRESS];
            bind_text(st, 1, a->e.id);
            sqlite3_bind_int64(st, 2, l->e.rowid);
            for (size_t f = 0; f < ARRAY_LEN(address_fields); f++)
                bind_text(st, (int)f + 3, text_at(a, &address_fields[f]));
            rc = insert(w, ST_ADDRESS, K_ADDRESS, &a->e);
            if (rc)
                return rc;
        }
    }
    return write_phones(w, l->phones, l->n_phones, 0, l->e.rowid);
}

static int write_service(struct writer *w, struct imp_service *s)
{
    sqlite3_stmt *st = w->st[ST_SERVICE];
    bind_text(st, 1, s->e.id);
    sqlite3_bind_int64(st, 2, s->org->e.rowid);
    bind_text(st, 3, s->name);
    bind_text(st, 4, s->description);
    bind_text(st, 5, s->status);
    bind_text(st, 6, s->eligibility_description);
    bind_text(st, 7, s->fees_description);
    bind_text(st, 8, s->application_process);
    if (s->has_minimum_age)
        sqlite3_bind_int64(st, 9, s->minimum_age);
    if (s->has_maximum_age)
        sqlite3_bind_int64(st, 10, s->maximum_age);
    bind_text(st, 11, s->url);
    bind_text(st, 12, s->assured_date);
    int rc = insert(w, ST_SERVICE, K_SERVICE, &s->e);
    for (size_t i = 0; !rc && i < s->n_sals; i++) {
        st = w->st[ST_SAL];
        bind_text(st, 1, s->sals[i].e.id);
        sqlite3_bind_int64(st, 2, s->e.rowid);
        sqlite3_bind_int64(st, 3, s->sals[i].location->e.rowid);
        rc = insert(w, ST_SAL, K_SAL, &s->sals[i].e);
    }
    if (!rc)
        rc = write_phones(w, s->phones, s->n_phones, s->e.rowid, 0);
    for (size_t i = 0; !rc && i < s->n_schedules; i++) {
        struct imp_schedule *h = &s->schedules[i];
        st = w->st[ST_SCHEDULE];
        bind_text(st, 1, h->e.id);
        sqlite3_bind_int64(st, 2, s->e.rowid);
        bind_text(st, 3, h->freq);
        bind_text(st, 4, h->byday);
        bind_text(st, 5, h->opens_at[0] ? h->opens_at : NULL);
        bind_text(st, 6, h->closes_at[0] ? h->closes_at : NULL);
        bind_text(st, 7, h->description);
        bind_text(st, 8, h->valid_from);
        bind_text(st, 9, h->valid_to);
        sqlite3_bind_int(st, 10, h->by_appointment);
        rc = insert(w, ST_SCHEDULE, K_SCHEDULE, &h->e);
    }
    for (size_t i = 0; !rc && i < s->n_languages; i++) {
        st = w->st[ST_LANGUAGE];
        bind_text(st, 1, s->languages[i].e.id);
        sqlite3_bind_int64(st, 2, s->e.rowid);
        bind_text(st, 3, s->languages[i].name);
        bind_text(st, 4, s->languages[i].code);
        rc = insert(w, ST_LANGUAGE, K_LANGUAGE, &s->languages[i].e);
    }
    for (size_t i = 0; !rc && i < s->n_attributes; i++) {
        st = w->st[ST_ATTRIBUTE];
        bind_text(st, 1, s->attributes[i].e.id);
        sqlite3_bind_int64(st, 2, s->e.rowid);
        sqlite3_bind_int64(st, 3, s->attributes[i].term->e.rowid);
        bind_text(st, 4, s->attributes[i].value);
        bind_text(st, 5, s->attributes[i].label);
        rc = insert(w, ST_ATTRIBUTE, K_ATTRIBUTE, &s->attributes[i].e);
    }
    for (size_t i = 0; !rc && i < s->n_documents; i++) {
        st = w->st[ST_DOCUMENT];
        bind_text(st, 1, s->documents[i].e.id);
        sqlite3_bind_int64(st, 2, s->e.rowid);
        bind_text(st, 3, s->documents[i].document);
        rc = insert(w, ST_DOCUMENT, K_DOCUMENT, &s->documents[i].e);
    }
    return rc;
}

static int write_text(struct writer *w, enum kind k, int64_t rowid, const char *field,
                      const char *lang, const char *text)
{
    sqlite3_stmt *st = w->st[ST_TEXT];
    sqlite3_bind_text(st, 1, kinds[k].entity, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, rowid);
    sqlite3_bind_text(st, 3, field, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, text, -1, SQLITE_STATIC);
    return insert(w, ST_TEXT, k, NULL);
}

static int write_meta(struct writer *w, const char *key, const char *value)
{
    sqlite3_stmt *st = w->st[ST_META];
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    return insert(w, ST_META, K_SERVICE, NULL);
}

static int write_bundle(struct writer *w, struct bundle *b)
{
    char *msg = NULL;
    if (sqlite3_exec(w->db, DELETE_SQL, NULL, NULL, &msg) != SQLITE_OK) {
        fail(w->c, NULL, "cannot remove the old catalogue: %s", msg ? msg : "unknown error");
        sqlite3_free(msg);
        return CATALOG_ERROR;
    }
    int rc = 0;
    for (size_t i = 0; !rc && i < b->n_terms; i++) {
        struct imp_term *t = &b->terms[i];
        sqlite3_stmt *st = w->st[ST_TERM];
        bind_text(st, 1, t->e.id);
        bind_text(st, 2, t->code);
        bind_text(st, 3, t->taxonomy);
        bind_text(st, 4, t->name);
        bind_text(st, 5, t->description);
        sqlite3_bind_int64(st, 6, (int64_t)i);
        sqlite3_bind_int(st, 7, t->sensitive);
        rc = insert(w, ST_TERM, K_TERM, &t->e);
    }
    struct index *orgs = &b->index[K_ORG];
    for (size_t i = 0; !rc && i < orgs->n; i++) {
        struct imp_org *o = (struct imp_org *)orgs->items[i];
        sqlite3_stmt *st = w->st[ST_ORG];
        bind_text(st, 1, o->e.id);
        for (size_t f = 0; f < ARRAY_LEN(org_fields); f++)
            bind_text(st, (int)f + 2, text_at(o, &org_fields[f]));
        rc = insert(w, ST_ORG, K_ORG, &o->e);
    }
    struct index *locations = &b->index[K_LOCATION];
    for (size_t i = 0; !rc && i < locations->n; i++)
        rc = write_location(w, (struct imp_location *)locations->items[i]);
    for (size_t i = 0; !rc && i < b->n_services; i++)
        rc = write_service(w, &b->services[i]);

    /* The bundle's own texts, then the other languages. */
    for (int k = 0; !rc && k < N_KINDS; k++) {
        struct index *ix = &b->index[k];
        for (size_t i = 0; !rc && i < ix->n; i++) {
            for (size_t f = 0; !rc && f < kinds[k].n_texts; f++) {
                const char *text = text_at(ix->items[i], &kinds[k].texts[f]);
                if (text)
                    rc = write_text(w, k, ix->items[i]->rowid, kinds[k].texts[f].name, b->language,
                                    text);
            }
        }
    }
    for (size_t i = 0; !rc && i < b->n_translations; i++) {
        struct imp_translation *t = &b->translations[i];
        rc = write_text(w, t->kind, t->target->rowid, t->field, t->lang, t->text);
    }

    /* Day precision on purpose: nothing in Frontdoor is timed finer. */
    char today[16] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm))
        strftime(today, sizeof today, "%Y-%m-%d", &tm);
    if (!rc)
        rc = write_meta(w, "sample", b->sample ? "1" : "0");
    if (!rc)
        rc = write_meta(w, "language", b->language);
    if (!rc)
        rc = write_meta(w, "imported_on", today);
    /* In the same transaction: the cards and the index never describe
     * another catalogue. */
    char why[512];
    if (!rc && schema_cards_rebuild(w->db, why, sizeof why) != 0)
        rc = fail(w->c, NULL, "%s", why);
    if (!rc && search_index_rebuild(w->db, why, sizeof why) != 0)
        rc = fail(w->c, NULL, "%s", why);
    return rc;
}

static int write_catalogue(struct catalog *cat, struct ctx *c, struct bundle *b,
                           size_t *addresses_dropped)
{
    struct writer w = {.c = c, .db = catalog_db(cat)};
    int rc = 0;
    for (int s = 0; s < N_STMTS; s++) {
        if (sqlite3_prepare_v2(w.db, stmt_sql[s], -1, &w.st[s], NULL) != SQLITE_OK) {
            rc = fail(c, NULL, "cannot prepare the import: %s", sqlite3_errmsg(w.db));
            goto finalize;
        }
    }
    /* IMMEDIATE takes the write lock now, so two imports queue (busy
     * timeout) instead of failing halfway with SQLITE_BUSY. */
    if (sqlite3_exec(w.db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        rc = fail(c, NULL, "cannot start the import: %s", sqlite3_errmsg(w.db));
        goto finalize;
    }
    rc = write_bundle(&w, b);
    if (!rc && sqlite3_exec(w.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = fail(c, NULL, "cannot commit the import: %s", sqlite3_errmsg(w.db));
    if (rc && !sqlite3_get_autocommit(w.db))
        sqlite3_exec(w.db, "ROLLBACK", NULL, NULL, NULL);
    *addresses_dropped = w.addresses_dropped;
finalize:
    for (int s = 0; s < N_STMTS; s++)
        sqlite3_finalize(w.st[s]);
    return rc;
}

/* ---- entry points --------------------------------------------------------- */

/* An import's context: its messages go to `err`, or to `local` when the
 * caller gave none; no stats yet. */
static void ctx_start(struct ctx *c, const char *name, char *err, size_t errlen, char *local,
                      size_t local_len, struct import_stats *stats)
{
    *c = (struct ctx){name, err, errlen};
    if (!err || !errlen) {
        c->err = local;
        c->errlen = local_len;
    }
    c->err[0] = '\0';
    if (stats)
        memset(stats, 0, sizeof *stats);
}

int import_buffer(struct catalog *cat, const char *name, const char *json, size_t len,
                  unsigned flags, struct import_stats *stats, char *err, size_t errlen)
{
    char local[1024];
    struct ctx c;
    ctx_start(&c, name, err, errlen, local, sizeof local, stats);
    if (len > IMPORT_MAX_FILE) {
        fail(&c, NULL, "the bundle is %zu bytes, larger than the limit of 64 MiB", len);
        catalog_set_error(cat, "%s", c.err);
        return CATALOG_ERROR;
    }
    /* Editors on some systems start UTF-8 files with a byte order mark. */
    if (len >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) {
        json += 3;
        len -= 3;
    }
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        xsnprintf(c.err, c.errlen, "%s:%d:%d: %s", name, jerr.line, jerr.column, jerr.text);
        catalog_set_error(cat, "%s", c.err);
        return CATALOG_ERROR;
    }
    int rc = import_tree(cat, name, root, flags, stats, c.err, c.errlen);
    json_decref(root);
    return rc;
}

int import_tree(struct catalog *cat, const char *name, json_t *root, unsigned flags,
                struct import_stats *stats, char *err, size_t errlen)
{
    char local[1024];
    struct ctx c;
    ctx_start(&c, name, err, errlen, local, sizeof local, stats);
    struct bundle b;
    bundle_init(&b, json_incref(root));
    size_t dropped = 0;
    int rc = parse_bundle(&c, &b);
    /* A bundle with no services would leave the kiosk with nothing to show:
     * more often a wrong export than an intent. */
    if (!rc && b.n_services == 0 && !(flags & IMPORT_ALLOW_EMPTY))
        rc = fail(&c, NULL,
                  "has no services; the catalogue was not changed. Use --allow-empty to empty "
                  "it.");
    if (!rc)
        rc = write_catalogue(cat, &c, &b, &dropped);
    if (!rc && stats) {
        stats->services = b.n_services;
        stats->organizations = b.index[K_ORG].n;
        stats->locations = b.index[K_LOCATION].n;
        stats->taxonomy_terms = b.n_terms;
        stats->translations = b.n_translations;
        stats->addresses_dropped = dropped;
    }
    bundle_free(&b);
    if (!rc)
        return 0;
    catalog_set_error(cat, "%s", c.err);
    return CATALOG_ERROR;
}

int import_read(const char *path, char **buf, size_t *len, char *err, size_t errlen)
{
    return paths_read_regular(path, IMPORT_MAX_FILE, "a catalogue bundle", buf, len, err, errlen);
}

int import_file(struct catalog *cat, const char *path, unsigned flags, struct import_stats *stats,
                char *err, size_t errlen)
{
    char local[1024];
    char *msg = err && errlen ? err : local;
    size_t msglen = err && errlen ? errlen : sizeof local;
    if (stats)
        memset(stats, 0, sizeof *stats);
    char *buf;
    size_t len;
    if (import_read(path, &buf, &len, msg, msglen) != 0) {
        catalog_set_error(cat, "%s", msg);
        return CATALOG_ERROR;
    }
    int rc = import_buffer(cat, path, buf, len, flags, stats, err, errlen);
    free(buf);
    return rc;
}
