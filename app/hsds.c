/* hsds.c: HSDS 3.0 JSON services made into a bundle (see hsds.h).
 *
 * Each service object is read field by field into a new object of the
 * bundle's shape: the fields the kiosk uses are checked (types, required
 * ones, enums, web addresses, coordinates, dates and times, schedule rules)
 * and copied; the many HSDS fields the kiosk does not show are left behind
 * unread. A problem is noted with its path; problem() says whether the
 * caller drops the field (lenient) or only goes on looking (strict, the
 * file is refused at the end). Times carry no zone on the kiosk: an HSDS
 * offset ("09:00-05:00", "Z") is dropped, as the times are the place's own.
 */
#include "frontdoor/hsds.h"

#include "frontdoor/hours.h"
#include "frontdoor/mem.h"
#include "frontdoor/paths.h"

#include "hsds_priv.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAP_MAX (4 * 1024 * 1024) /* bytes in a map file */
#define PATH_MAX_LEN 256

struct hsds_map {
    char *path;
    json_t *links; /* city term (id or code) -> [["need:CODE", row], ...] */
};

struct conv {
    const char *name;
    unsigned flags;
    struct hsds_notes *notes;
    int problems;
    json_t *kiosk_terms; /* "TAXONOMY:CODE" -> the base bundle's term id */
    json_t *linked;      /* term id -> true, for every term a service links to */
    const struct hsds_map *map;
    int rows; /* objects carry their CSV row in "@row" (hsds_csv.c) */
    int own;  /* the file is a Frontdoor export: it has a "frontdoor" member */
};

/* ---- notes ------------------------------------------------------------------ */

/* Where PATH.KEY is (KEY may be NULL), as a message starts: "FILE:
 * contents[3].phones[0].number" in JSON, "DIR/phone.csv:4: number" for an
 * object read from a CSV row. */
static void where(const struct conv *c, const char *path, const char *key, char *buf, size_t n)
{
    if (c->rows)
        xsnprintf(buf, n, "%s%s%s", path, key ? ": " : "", key ? key : "");
    else
        xsnprintf(buf, n, "%s%s%s%s%s", c->name, *path || key ? ": " : "", path,
                  *path && key ? "." : "", key ? key : "");
}

void hsds_note(char ***lines, size_t *n, const char *line)
{
    *lines = xrealloc(*lines, (*n + 1) * sizeof **lines);
    (*lines)[(*n)++] = xstrdup(line);
}

/* Notes a problem at PATH.KEY (KEY may be NULL). Returns -1. */
static int problem(struct conv *c, const char *path, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int problem(struct conv *c, const char *path, const char *key, const char *fmt, ...)
{
    char msg[768], at[512], line[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    where(c, path, key, at, sizeof at);
    xsnprintf(line, sizeof line, "%s: %s%s", at, msg, c->flags & HSDS_LENIENT ? "; dropped" : "");
    hsds_note(&c->notes->problems, &c->notes->n_problems, line);
    c->problems++;
    return -1;
}

/* Notes that the HSDS field `key`, required by HSDS but not by the kiosk,
 * is missing: it refuses the file, or (lenient) the object is kept as it is.
 * A Frontdoor export holds what its kiosk held, which the kiosk's own rules
 * checked: a field the kiosk did not have is not a problem there. */
static void missing(struct conv *c, json_t *src, const char *path, const char *key)
{
    if (c->own)
        return;
    json_t *v = json_object_get(src, key);
    if (v && !json_is_null(v) && !(json_is_string(v) && json_string_length(v) == 0))
        return;
    char at[512], line[1024];
    where(c, path, key, at, sizeof at);
    xsnprintf(line, sizeof line, "%s: required by HSDS, and missing%s", at,
              c->flags & HSDS_LENIENT ? "; imported without it" : "");
    hsds_note(&c->notes->problems, &c->notes->n_problems, line);
    c->problems++;
}

/* Notes valid HSDS the kiosk cannot show, which is left out. Returns -1. */
static int skip(struct conv *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int skip(struct conv *c, const char *path, const char *fmt, ...)
{
    char msg[768], at[512], line[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    where(c, path, NULL, at, sizeof at);
    xsnprintf(line, sizeof line, "%s: %s; left out", at, msg);
    hsds_note(&c->notes->skipped, &c->notes->n_skipped, line);
    return -1;
}

void hsds_notes_free(struct hsds_notes *notes)
{
    for (size_t i = 0; i < notes->n_problems; i++)
        free(notes->problems[i]);
    for (size_t i = 0; i < notes->n_unmapped; i++)
        free(notes->unmapped[i]);
    for (size_t i = 0; i < notes->n_skipped; i++)
        free(notes->skipped[i]);
    free(notes->skipped);
    free(notes->problems);
    free(notes->unmapped);
    memset(notes, 0, sizeof *notes);
}

/* ---- fields ----------------------------------------------------------------- */

/* The string at `key`, NULL when absent, null or empty (HSDS exports write
 * all three for "no value"); a value of another type is a problem and
 * *bad is set. */
static const char *get_str(struct conv *c, json_t *src, const char *path, const char *key, int *bad)
{
    json_t *v = json_object_get(src, key);
    *bad = 0;
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        problem(c, path, key, "expected a string");
        return NULL;
    }
    return json_string_length(v) ? json_string_value(v) : NULL;
}

/* Copies the string `key` of src to dst. Returns 1 copied, 0 absent, -1 a
 * problem (a wrong type, or absent when `required`). */
static int copy_str(struct conv *c, json_t *src, json_t *dst, const char *path, const char *key,
                    int required)
{
    int bad;
    const char *s = get_str(c, src, path, key, &bad);
    if (bad)
        return -1;
    if (!s)
        return required ? problem(c, path, key, "required, and missing") : 0;
    json_object_set_new(dst, key, json_string(s));
    return 1;
}

/* A web address: http or https, a host, no spaces. */
static int copy_url(struct conv *c, json_t *src, json_t *dst, const char *path, const char *key)
{
    int bad;
    const char *s = get_str(c, src, path, key, &bad);
    if (bad || !s)
        return bad ? -1 : 0;
    const char *host = strncmp(s, "https://", 8) == 0  ? s + 8
                       : strncmp(s, "http://", 7) == 0 ? s + 7
                                                       : NULL;
    if (!host || !*host || *host == '/' || strpbrk(s, " \t\r\n"))
        return problem(c, path, key, "\"%s\" is not an http or https address", s);
    json_object_set_new(dst, key, json_string(s));
    return 1;
}

/* A number from `lo` to `hi`; whole when `whole`. */
static int copy_num(struct conv *c, json_t *src, json_t *dst, const char *path, const char *key,
                    double lo, double hi, int whole)
{
    json_t *v = json_object_get(src, key);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_number(v))
        return problem(c, path, key, "expected a number");
    double d = json_number_value(v);
    if (d < lo || d > hi || (whole && d != (double)(long long)d))
        return problem(c, path, key, "%g is not %s from %g to %g", d,
                       whole ? "a whole number" : "a number", lo, hi);
    json_object_set_new(dst, key, whole ? json_integer((json_int_t)d) : json_real(d));
    return 1;
}

/* A Frontdoor extension's true or false. */
static int copy_bool(struct conv *c, json_t *src, json_t *dst, const char *path, const char *key)
{
    json_t *v = json_object_get(src, key);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_boolean(v))
        return problem(c, path, key, "expected true or false");
    json_object_set(dst, key, v);
    return 1;
}

/* Keywords (a Frontdoor extension): strings, checked by the importer. */
static int copy_keywords(struct conv *c, json_t *src, json_t *dst, const char *path)
{
    json_t *v = json_object_get(src, "keywords"), *k;
    size_t i;
    if (!v || json_is_null(v))
        return 0;
    int ok = json_is_array(v);
    json_array_foreach(v, i, k) ok &= json_is_string(k);
    if (!ok)
        return problem(c, path, "keywords", "expected an array of strings");
    json_object_set(dst, "keywords", v);
    return 1;
}

static int copy_enum(struct conv *c, json_t *src, json_t *dst, const char *path, const char *key,
                     int required, const char *const *values)
{
    int bad;
    const char *s = get_str(c, src, path, key, &bad);
    if (bad)
        return -1;
    if (!s)
        return required ? problem(c, path, key, "required, and missing") : 0;
    char known[256] = "";
    size_t used = 0;
    for (int i = 0; values[i]; i++) {
        if (strcmp(s, values[i]) == 0) {
            json_object_set_new(dst, key, json_string(s));
            return 1;
        }
        (void)xappend(known, sizeof known, &used, "%s%s", i ? ", " : "", values[i]);
    }
    return problem(c, path, key, "\"%s\" is not one of %s", s, known);
}

static int digits(const char *s, int n)
{
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
    }
    return 1;
}

/* A date, YYYY-MM-DD, checked against the calendar here as the importer
 * would: in lenient mode a 30 February is dropped, not the whole file. */
static int copy_date(struct conv *c, json_t *src, json_t *dst, const char *path, const char *key)
{
    int bad;
    struct fd_tm date;
    const char *s = get_str(c, src, path, key, &bad);
    if (bad || !s)
        return bad ? -1 : 0;
    if (hours_parse_date(s, &date) != 0)
        return problem(c, path, key, "\"%s\" is not a date (YYYY-MM-DD)", s);
    json_object_set_new(dst, key, json_string(s));
    return 1;
}

/* A time, HH:MM or HH:MM:SS, and the zone HSDS may add ("Z", "+02:00"),
 * which is dropped: the kiosk shows a place's times as its sign does. */
static int copy_time(struct conv *c, json_t *src, json_t *dst, const char *path, const char *key)
{
    int bad;
    const char *s = get_str(c, src, path, key, &bad);
    if (bad || !s)
        return bad ? -1 : 0;
    size_t n = strlen(s), len = n >= 8 && s[5] == ':' ? 8 : 5;
    const char *zone = s + (n < len ? n : len);
    int ok = n >= 5 && digits(s, 2) && s[2] == ':' && digits(s + 3, 2) &&
             (len == 5 || digits(s + 6, 2)) &&
             (!*zone || strcmp(zone, "Z") == 0 ||
              ((zone[0] == '+' || zone[0] == '-') && strlen(zone) == 6 && digits(zone + 1, 2) &&
               zone[3] == ':' && digits(zone + 4, 2)));
    if (!ok || (s[0] - '0') * 10 + (s[1] - '0') > 23 || s[3] > '5')
        return problem(c, path, key,
                       "\"%s\" is not a time (HH:MM, HH:MM:SS, with or without a zone)", s);
    json_object_set_new(dst, key, json_stringn(s, len));
    return 1;
}

/* ---- objects ---------------------------------------------------------------- */

/* The path of `obj`, found at PATH.KEY (or PATH.KEY[I] when i >= 0): the
 * CSV row it was read from when it carries one ("@row"). */
static void child_path(json_t *obj, const char *path, const char *key, long i, char *out)
{
    const char *row = json_string_value(json_object_get(obj, "@row"));
    if (row)
        xsnprintf(out, PATH_MAX_LEN, "%s", row);
    else if (i >= 0)
        xsnprintf(out, PATH_MAX_LEN, "%s%s%s[%ld]", path, *path ? "." : "", key, i);
    else
        xsnprintf(out, PATH_MAX_LEN, "%s%s%s", path, *path ? "." : "", key);
}

/* The array at `key` (absent: an empty one); a value of another type is a
 * problem. */
static json_t *get_array(struct conv *c, json_t *src, const char *path, const char *key)
{
    json_t *v = json_object_get(src, key);
    if (v && json_is_array(v))
        return v;
    if (v && !json_is_null(v))
        problem(c, path, key, "expected an array");
    return NULL;
}

/* Each element of the array `key` of src made by `make` into the array
 * `key` of dst; an element that is no object, or that `make` refuses, is
 * left out (lenient) after its problem. */
static void each(struct conv *c, json_t *src, json_t *dst, const char *path, const char *key,
                 json_t *(*make)(struct conv *c, json_t *obj, const char *path))
{
    json_t *a = get_array(c, src, path, key), *out = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        char p[PATH_MAX_LEN];
        child_path(v, path, key, (long)i, p);
        json_t *o = NULL;
        if (!json_is_object(v))
            problem(c, p, NULL, "expected an object");
        else
            o = make(c, v, p);
        if (o)
            json_array_append_new(out, o);
    }
    if (json_array_size(out))
        json_object_set_new(dst, key, out);
    else
        json_decref(out);
}

/* The object's new form, or NULL when a field it cannot do without failed. */
static json_t *keep(json_t *o, int failed)
{
    if (!failed)
        return o;
    json_decref(o);
    return NULL;
}

static json_t *phone(struct conv *c, json_t *src, const char *path)
{
    json_t *o = json_object();
    missing(c, src, path, "id");
    int failed = copy_str(c, src, o, path, "id", 0) < 0;
    failed |= copy_str(c, src, o, path, "number", 1) < 0;
    copy_str(c, src, o, path, "type", 0);
    copy_str(c, src, o, path, "description", 0);
    return keep(o, failed);
}

static json_t *address(struct conv *c, json_t *src, const char *path)
{
    static const char *const fields[] = {"id",          "address_1", "address_2",
                                         "city",        "region",    "state_province",
                                         "postal_code", "country",   NULL};
    static const char *const types[] = {"physical", "postal", "virtual", NULL};
    static const char *const required[] = {
        "id",          "address_1", "city",         "state_province",
        "postal_code", "country",   "address_type", NULL};
    json_t *o = json_object();
    for (int i = 0; required[i]; i++)
        missing(c, src, path, required[i]);
    for (int i = 0; fields[i]; i++)
        copy_str(c, src, o, path, fields[i], 0);
    copy_enum(c, src, o, path, "address_type", 0, types);
    return o;
}

static json_t *location(struct conv *c, json_t *src, const char *path)
{
    static const char *const types[] = {"physical", "postal", "virtual", NULL};
    json_t *o = json_object(), *scratch = json_object();
    int failed = copy_str(c, src, o, path, "id", 1) < 0;
    copy_enum(c, src, scratch, path, "location_type", 1, types);
    json_decref(scratch);
    copy_str(c, src, o, path, "name", 0);
    copy_str(c, src, o, path, "description", 0);
    copy_str(c, src, o, path, "transportation", 0);
    copy_num(c, src, o, path, "latitude", -90, 90, 0);
    copy_num(c, src, o, path, "longitude", -180, 180, 0);
    copy_bool(c, src, o, path, "confidential");
    each(c, src, o, path, "addresses", address);
    each(c, src, o, path, "phones", phone);
    return keep(o, failed);
}

static json_t *service_at_location(struct conv *c, json_t *src, const char *path)
{
    json_t *o = json_object();
    missing(c, src, path, "id");
    copy_str(c, src, o, path, "id", 0);
    json_t *l = json_object_get(src, "location");
    char p[PATH_MAX_LEN];
    child_path(l, path, "location", -1, p);
    json_t *loc = NULL;
    if (!json_is_object(l))
        problem(c, path, "location", "expected the location as an object");
    else
        loc = location(c, l, p);
    if (loc)
        json_object_set_new(o, "location", loc);
    return keep(o, !loc);
}

/* A weekly rule, a date exception or a note; a monthly rule or a rule
 * without times is valid HSDS the kiosk cannot show, and is dropped. */
static json_t *schedule(struct conv *c, json_t *src, const char *path)
{
    static const char *const freqs[] = {"WEEKLY", "MONTHLY", NULL};
    static const char *const days[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
    json_t *o = json_object();
    missing(c, src, path, "id");
    int failed = copy_str(c, src, o, path, "id", 0) < 0;
    if (copy_enum(c, src, o, path, "freq", 0, freqs) > 0 &&
        strcmp(json_string_value(json_object_get(o, "freq")), "MONTHLY") == 0) {
        skip(c, path, "a monthly rule (the kiosk shows weekly ones)");
        return keep(o, 1);
    }
    int bad;
    const char *byday = get_str(c, src, path, "byday", &bad);
    failed |= bad;
    for (const char *p = byday; p && *p && !failed;) {
        size_t n = strcspn(p, ",");
        int known = 0;
        for (int d = 0; d < 7 && !known; d++)
            known = n == 2 && strncmp(p, days[d], 2) == 0;
        if (!known)
            failed = problem(c, path, "byday", "\"%s\" is not a list of days such as MO,TU,WE",
                             byday) < 0;
        p += n + (p[n] == ',');
    }
    if (byday && !failed)
        json_object_set_new(o, "byday", json_string(byday));
    failed |= copy_time(c, src, o, path, "opens_at") < 0;
    failed |= copy_time(c, src, o, path, "closes_at") < 0;
    failed |= copy_date(c, src, o, path, "valid_from") < 0;
    failed |= copy_date(c, src, o, path, "valid_to") < 0;
    copy_str(c, src, o, path, "description", 0);
    copy_bool(c, src, o, path, "by_appointment");
    if (!failed && byday && (!json_object_get(o, "opens_at") || !json_object_get(o, "closes_at")))
        failed = skip(c, path, "a weekly rule without opens_at and closes_at") < 0;
    return keep(o, failed);
}

static json_t *language(struct conv *c, json_t *src, const char *path)
{
    json_t *o = json_object();
    missing(c, src, path, "id");
    copy_str(c, src, o, path, "id", 0);
    copy_str(c, src, o, path, "name", 0);
    return keep(o, copy_str(c, src, o, path, "code", 1) < 0);
}

static json_t *document(struct conv *c, json_t *src, const char *path)
{
    json_t *o = json_object();
    missing(c, src, path, "id");
    copy_str(c, src, o, path, "id", 0);
    return keep(o, copy_str(c, src, o, path, "document", 1) < 0);
}

static json_t *organization(struct conv *c, json_t *src, const char *path)
{
    json_t *o = json_object();
    int failed = copy_str(c, src, o, path, "id", 1) < 0;
    failed |= copy_str(c, src, o, path, "name", 1) < 0;
    missing(c, src, path, "description");
    copy_str(c, src, o, path, "description", 0);
    copy_url(c, src, o, path, "website");
    copy_str(c, src, o, path, "email", 0);
    return keep(o, failed);
}

/* ---- taxonomy --------------------------------------------------------------- */

/* Links the service `dst` to the kiosk term TAXONOMY:CODE, once, by the
 * attribute `attr_id` (as it is when `own`: a link to one of Frontdoor's
 * own terms; else with the term added, as one city term may map to
 * several). Returns 1 when it is a need. */
static int link_term(struct conv *c, json_t *dst, const char *attr_id, int own,
                     const char *kiosk_key, json_t *value, json_t *label)
{
    json_t *term = json_object_get(c->kiosk_terms, kiosk_key);
    if (!term)
        return 0;
    json_t *attrs = json_object_get(dst, "attributes");
    if (!attrs)
        json_object_set_new(dst, "attributes", attrs = json_array());
    size_t i;
    json_t *a;
    json_array_foreach(attrs, i, a)
    {
        if (json_equal(json_object_get(a, "taxonomy_term_id"), term))
            return 0;
    }
    char id[300];
    if (own)
        xsnprintf(id, sizeof id, "%s", attr_id);
    else
        xsnprintf(id, sizeof id, "%s>%s", attr_id, kiosk_key);
    json_t *o = json_pack("{sssO}", "id", id, "taxonomy_term_id", term);
    if (json_is_string(value))
        json_object_set(o, "value", value);
    if (json_is_string(label))
        json_object_set(o, "label", label);
    json_array_append_new(attrs, o);
    json_object_set_new(c->linked, json_string_value(term), json_true());
    return strncmp(kiosk_key, "frontdoor-need:", 15) == 0;
}

/* The service's attributes as links to the kiosk's needs and facets.
 * Returns how many needs it links to. */
static int attributes(struct conv *c, json_t *src, json_t *dst, const char *path)
{
    json_t *a = get_array(c, src, path, "attributes");
    int needs = 0;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        char p[PATH_MAX_LEN];
        child_path(v, path, "attributes", (long)i, p);
        if (!json_is_object(v)) {
            problem(c, p, NULL, "expected an object");
            continue;
        }
        json_t *term = json_object_get(v, "taxonomy_term");
        int bad;
        missing(c, v, p, "id");
        const char *id = get_str(c, v, p, "id", &bad);
        const char *term_id = get_str(c, v, p, "taxonomy_term_id", &bad);
        if (!term_id && json_is_object(term))
            term_id = json_string_value(json_object_get(term, "id"));
        if (!term_id) {
            problem(c, p, "taxonomy_term_id", "required, and missing");
            continue;
        }
        char own_id[200];
        if (!id) {
            xsnprintf(own_id, sizeof own_id, "%s#a%zu",
                      json_string_value(json_object_get(dst, "id")), i);
            id = own_id;
        }
        const char *taxonomy = json_string_value(json_object_get(term, "taxonomy"));
        const char *code = json_string_value(json_object_get(term, "code"));
        char key[200];
        if (taxonomy && code && strncmp(taxonomy, "frontdoor-", 10) == 0) {
            /* Frontdoor's own terms, as its export writes them. */
            xsnprintf(key, sizeof key, "%s:%s", taxonomy, code);
            if (!json_object_get(c->kiosk_terms, key))
                problem(c, p, "taxonomy_term", "%s \"%s\" is not in the kiosk's catalogue",
                        taxonomy, code);
            needs += link_term(c, dst, id, 1, key, json_object_get(v, "value"),
                               json_object_get(v, "label"));
            continue;
        }
        json_t *targets = c->map ? json_object_get(c->map->links, term_id) : NULL;
        if (!targets && c->map && code)
            targets = json_object_get(c->map->links, code);
        size_t k;
        json_t *t;
        json_array_foreach(targets, k, t)
        {
            const char *to = json_string_value(json_array_get(t, 0));
            xsnprintf(key, sizeof key, "%s:%s",
                      strncmp(to, "need:", 5) == 0 ? "frontdoor-need" : "frontdoor-facet",
                      strchr(to, ':') + 1);
            needs += link_term(c, dst, id, 0, key, NULL, NULL);
        }
    }
    return needs;
}

/* ---- services --------------------------------------------------------------- */

static json_t *service(struct conv *c, json_t *src, const char *path)
{
    static const char *const statuses[] = {"active", "inactive", "defunct", "temporarily closed",
                                           NULL};
    json_t *o = json_object();
    int failed = copy_str(c, src, o, path, "id", 1) < 0;
    failed |= copy_str(c, src, o, path, "name", 1) < 0;
    failed |= copy_enum(c, src, o, path, "status", 1, statuses) < 0;
    copy_str(c, src, o, path, "description", 0);
    copy_str(c, src, o, path, "eligibility_description", 0);
    copy_str(c, src, o, path, "fees_description", 0);
    copy_str(c, src, o, path, "application_process", 0);
    copy_url(c, src, o, path, "url");
    copy_num(c, src, o, path, "minimum_age", 0, 150, 1);
    copy_num(c, src, o, path, "maximum_age", 0, 150, 1);
    copy_date(c, src, o, path, "assured_date");
    json_t *org = json_object_get(src, "organization");
    char p[PATH_MAX_LEN];
    child_path(org, path, "organization", -1, p);
    json_t *made = NULL;
    if (json_is_object(org))
        made = organization(c, org, p);
    else if (c->rows && json_object_get(src, "organization_id"))
        ; /* a link to no row: hsds_csv.c named it */
    else if (c->rows)
        problem(c, path, "organization_id", "required, and missing");
    else if (json_object_get(src, "organization_id"))
        problem(c, path, "organization",
                "only organization_id is given; the kiosk needs the organization itself, nested "
                "as the HSDS API gives it");
    else
        problem(c, path, "organization", "required, and missing");
    if (made)
        json_object_set_new(o, "organization", made);
    failed |= !made;
    each(c, src, o, path, "service_at_locations", service_at_location);
    each(c, src, o, path, "phones", phone);
    each(c, src, o, path, "schedules", schedule);
    each(c, src, o, path, "languages", language);
    each(c, src, o, path, "required_documents", document);
    copy_keywords(c, src, o, path);
    if (failed)
        return keep(o, 1);
    if (attributes(c, src, o, path) == 0) {
        char at[512], line[1400];
        where(c, *path ? path : "the service", NULL, at, sizeof at);
        xsnprintf(line, sizeof line, "%s \"%s\": maps to no need; it is found only by search", at,
                  json_string_value(json_object_get(o, "name")));
        hsds_note(&c->notes->unmapped, &c->notes->n_unmapped, line);
    }
    return o;
}

/* ---- the map ---------------------------------------------------------------- */

/* The next CSV field from *p (quoted or not); *end_of_row set at a line's
 * end. Returns the field (to be freed) or NULL on a broken quote. */
static char *csv_field(const char **p, int *end_of_row)
{
    const char *s = *p;
    char *out = xmalloc(strlen(s) + 1);
    size_t n = 0;
    if (*s == '"') {
        for (s++;; s++) {
            if (!*s) {
                free(out);
                return NULL;
            }
            if (*s == '"') {
                if (s[1] != '"')
                    break;
                s++;
            }
            out[n++] = *s;
        }
        s++;
    } else {
        while (*s && *s != ',' && *s != '\n' && *s != '\r')
            out[n++] = *s++;
    }
    out[n] = '\0';
    if (*s == ',') {
        *end_of_row = 0;
        s++;
    } else {
        if (*s == '\r')
            s++;
        if (*s == '\n')
            s++;
        else if (*s) { /* text after a closing quote */
            free(out);
            return NULL;
        }
        *end_of_row = 1;
    }
    *p = s;
    return out;
}

static int valid_code(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    }
    return 1;
}

int hsds_map_read(const char *path, struct hsds_map **out, char *err, size_t errlen)
{
    *out = NULL;
    char *text;
    size_t len;
    if (paths_read_regular(path, MAP_MAX, "a map", &text, &len, err, errlen) != 0)
        return -1;
    struct hsds_map *m = xcalloc(1, sizeof *m);
    m->path = xstrdup(path);
    m->links = json_object();
    const char *p = text;
    if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    int rc = -1;
    for (int row = 1; *p; row++) {
        char *f[2] = {NULL, NULL};
        int n = 0, end = 0, broken = 0;
        while (!end) {
            char *field = csv_field(&p, &end);
            if (!field) {
                broken = 1;
                break;
            }
            if (n < 2)
                f[n] = field;
            else
                free(field);
            n++;
        }
        const char *why = NULL;
        if (broken)
            why = "a quoted field is not closed, or text follows its closing quote";
        else if (n != 2)
            why = "expected two fields: term,maps_to";
        else if (row == 1 && (strcmp(f[0], "term") != 0 || strcmp(f[1], "maps_to") != 0))
            why = "expected the header \"term,maps_to\"";
        if (!why && row > 1) {
            const char *colon = strchr(f[1], ':');
            if (!*f[0])
                why = "term: empty";
            else if (!colon ||
                     !((colon - f[1] == 4 && strncmp(f[1], "need", 4) == 0) ||
                       (colon - f[1] == 5 && strncmp(f[1], "facet", 5) == 0)) ||
                     !valid_code(colon + 1))
                why = "maps_to: expected need:CODE or facet:CODE (a code in a-z, 0-9 and -)";
        }
        if (!why && row > 1) {
            json_t *list = json_object_get(m->links, f[0]);
            if (!list)
                json_object_set_new(m->links, f[0], list = json_array());
            json_array_append_new(list, json_pack("[si]", f[1], row));
        }
        free(f[0]);
        free(f[1]);
        if (why) {
            xsnprintf(err, errlen, "%s:%d: %s", path, row, why);
            goto done;
        }
    }
    if (json_object_size(m->links) == 0) {
        xsnprintf(err, errlen, "%s: no links (a header \"term,maps_to\", then a row per link)",
                  path);
        goto done;
    }
    rc = 0;
    *out = m;
done:
    free(text);
    if (rc)
        hsds_map_free(m);
    return rc;
}

void hsds_map_free(struct hsds_map *map)
{
    if (!map)
        return;
    json_decref(map->links);
    free(map->path);
    free(map);
}

/* ---- the whole file --------------------------------------------------------- */

/* The list of services in `root` and the path its elements start with. */
static json_t *service_list(json_t *root, const char **prefix)
{
    if (json_is_array(root)) {
        *prefix = "";
        return json_incref(root);
    }
    if (!json_is_object(root) || json_object_get(root, "format"))
        return NULL;
    json_t *contents = json_object_get(root, "contents");
    if (json_is_array(contents)) {
        *prefix = "contents";
        return json_incref(contents);
    }
    if (json_object_get(root, "id") && json_object_get(root, "name")) {
        *prefix = NULL; /* one service: paths start at its fields */
        return json_pack("[O]", root);
    }
    return NULL;
}

int hsds_detect(const char *json, size_t len)
{
    json_t *root = json_loadb(json, len, 0, NULL);
    const char *prefix;
    json_t *list = service_list(root, &prefix);
    json_decref(root);
    json_decref(list);
    return list != NULL;
}

/* The base's terms by "TAXONOMY:CODE". A base that came with the file (its
 * "frontdoor" member, `own`) is checked as the file's. */
static int read_base(struct conv *c, json_t *base, int own, char *err, size_t errlen)
{
    json_t *terms = json_object_get(base, "taxonomy_terms");
    if (!json_is_array(terms) || !json_is_string(json_object_get(base, "language"))) {
        if (own)
            xsnprintf(err, errlen, "%s: frontdoor: expected \"language\" and \"taxonomy_terms\"",
                      c->name);
        else
            xsnprintf(err, errlen, "the kiosk's catalogue has no needs to map services to");
        return -1;
    }
    size_t i;
    json_t *t;
    json_array_foreach(terms, i, t)
    {
        const char *id = json_string_value(json_object_get(t, "id"));
        const char *tax = json_string_value(json_object_get(t, "taxonomy"));
        const char *code = json_string_value(json_object_get(t, "code"));
        if (!id || !tax || !code) {
            char p[PATH_MAX_LEN];
            child_path(t, "frontdoor", "taxonomy_terms", (long)i, p);
            problem(c, p, NULL, "expected a term with an id, a taxonomy and a code");
            continue;
        }
        char key[200];
        xsnprintf(key, sizeof key, "%s:%s", tax, code);
        json_object_set(c->kiosk_terms, key, json_object_get(t, "id"));
    }
    if (!c->map)
        return 0;
    const char *term;
    json_t *list;
    json_object_foreach(c->map->links, term, list)
    {
        json_t *link;
        json_array_foreach(list, i, link)
        {
            const char *to = json_string_value(json_array_get(link, 0));
            char key[200];
            xsnprintf(key, sizeof key, "%s:%s",
                      strncmp(to, "need:", 5) == 0 ? "frontdoor-need" : "frontdoor-facet",
                      strchr(to, ':') + 1);
            if (!json_object_get(c->kiosk_terms, key)) {
                xsnprintf(err, errlen, "%s:%d: maps_to: %s is not in the %s catalogue",
                          c->map->path, (int)json_integer_value(json_array_get(link, 1)), to,
                          own ? "file's" : "kiosk's");
                return -1;
            }
        }
    }
    return 0;
}

/* Notes "ENTITY/ID" in `ids` for each object of `array`. */
static void index_ids(json_t *ids, const char *entity, json_t *array)
{
    size_t i;
    json_t *o;
    json_array_foreach(array, i, o)
    {
        const char *id = json_string_value(json_object_get(o, "id"));
        char key[300];
        xsnprintf(key, sizeof key, "%s/%s", entity, id ? id : "");
        if (id)
            json_object_set_new(ids, key, json_true());
    }
}

/* The ids of every object of the converted services, as index_ids makes
 * them: what a translation may point at. */
static json_t *ids_of(json_t *services)
{
    json_t *ids = json_object(), *s;
    size_t i;
    json_array_foreach(services, i, s)
    {
        json_t *one = json_pack("[O]", s),
               *org = json_pack("[O]", json_object_get(s, "organization"));
        index_ids(ids, "service", one);
        index_ids(ids, "organization", org);
        json_decref(one);
        json_decref(org);
        index_ids(ids, "phone", json_object_get(s, "phones"));
        index_ids(ids, "schedule", json_object_get(s, "schedules"));
        index_ids(ids, "attribute", json_object_get(s, "attributes"));
        index_ids(ids, "required_document", json_object_get(s, "required_documents"));
        size_t k;
        json_t *sal;
        json_array_foreach(json_object_get(s, "service_at_locations"), k, sal)
        {
            json_t *loc = json_object_get(sal, "location"), *l = json_pack("[O]", loc);
            index_ids(ids, "location", l);
            json_decref(l);
            index_ids(ids, "phone", json_object_get(loc, "phones"));
        }
    }
    return ids;
}

/* The bundle: the base's taxonomy (less the guided-path answers no service
 * leads to) and its texts, and the services; with a base of the file's own
 * (`own`), its texts of the services too and whether it is sample data. */
static json_t *bundle_of(struct conv *c, json_t *base, int own, json_t *services)
{
    json_t *terms = json_array(), *texts = json_array(), *kept = json_object();
    json_t *ids = own ? ids_of(services) : json_object();
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(base, "taxonomy_terms"), i, t)
    {
        const char *id = json_string_value(json_object_get(t, "id"));
        const char *tax = json_string_value(json_object_get(t, "taxonomy"));
        if (!id || !tax ||
            (strcmp(tax, "frontdoor-worried") == 0 && !json_object_get(c->linked, id)))
            continue;
        json_array_append(terms, t);
        json_object_set_new(kept, id, json_true());
    }
    json_array_foreach(json_object_get(base, "translations"), i, t)
    {
        const char *entity = json_string_value(json_object_get(t, "entity"));
        const char *id = json_string_value(json_object_get(t, "id"));
        char key[300];
        xsnprintf(key, sizeof key, "%s/%s", entity ? entity : "", id ? id : "");
        if (entity && id &&
            (strcmp(entity, "taxonomy_term") == 0 ? json_object_get(kept, id) != NULL
                                                  : json_object_get(ids, key) != NULL))
            json_array_append(texts, t);
    }
    json_decref(kept);
    json_decref(ids);
    json_t *b = json_pack("{sssisOsososo}", "format", "frontdoor-catalogue", "version", 1,
                          "language", json_object_get(base, "language"), "taxonomy_terms", terms,
                          "services", services, "translations", texts);
    if (own && json_is_true(json_object_get(base, "sample")))
        json_object_set_new(b, "sample", json_true());
    return b;
}

int hsds_convert_tree(const char *name, json_t *root, int rows, const char *base, size_t base_len,
                      const struct hsds_map *map, unsigned flags, json_t **out,
                      struct hsds_notes *notes, char *err, size_t errlen)
{
    memset(notes, 0, sizeof *notes);
    *out = NULL;
    json_t *ext = json_object_get(root, "frontdoor"), *services = json_array(), *list = NULL;
    int own = json_is_object(ext);
    struct conv c = {name, flags, notes, 0, json_object(), json_object(), map, rows, own};
    json_t *b = own ? json_incref(ext) : json_loadb(base, base_len, 0, NULL);
    const char *prefix = NULL;
    int rc = -1;
    if (!(list = service_list(root, &prefix))) {
        xsnprintf(err, errlen,
                  "%s: not HSDS JSON (a service, a list of services, or an API page "
                  "with contents)",
                  name);
        goto done;
    }
    if (!b || read_base(&c, b, own, err, errlen) != 0) {
        if (!b)
            xsnprintf(err, errlen, "the kiosk's catalogue could not be read");
        goto done;
    }
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        char p[PATH_MAX_LEN] = "";
        if (prefix)
            child_path(v, "", prefix, (long)i, p);
        json_t *s = NULL;
        if (!json_is_object(v))
            problem(&c, p, NULL, "expected a service object");
        else
            s = service(&c, v, p);
        if (s)
            json_array_append_new(services, s);
    }
    if (c.problems && !(flags & HSDS_LENIENT))
        goto done;
    *out = bundle_of(&c, b, own, services);
    services = NULL;
    rc = 0;
done:
    json_decref(services);
    json_decref(list);
    json_decref(b);
    json_decref(c.kiosk_terms);
    json_decref(c.linked);
    return rc;
}

int hsds_convert(const char *name, const char *json, size_t len, const char *base, size_t base_len,
                 const struct hsds_map *map, unsigned flags, json_t **out, struct hsds_notes *notes,
                 char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        memset(notes, 0, sizeof *notes);
        *out = NULL;
        xsnprintf(err, errlen, "%s:%d:%d: %s", name, jerr.line, jerr.column, jerr.text);
        return -1;
    }
    int rc = hsds_convert_tree(name, root, 0, base, base_len, map, flags, out, notes, err, errlen);
    json_decref(root);
    return rc;
}
