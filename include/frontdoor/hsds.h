/* hsds.h: Open Referral HSDS 3.0 services in JSON, made into a bundle.
 *
 * Cities keep their directories in HSDS. A file of HSDS JSON is one service
 * object, a list of them, or a page of the HSDS API ({"contents": [...]});
 * each service carries its organization, locations, phones, schedules,
 * languages, documents and attributes nested, as the API gives them.
 *
 * The services are checked and turned into a Frontdoor bundle (import.h),
 * which is then imported (or compared, diff.h) like any other, so every rule
 * of the catalogue applies too. A city's own taxonomy terms become the
 * kiosk's needs and facets through a map (hsds_map_read), and the needs and
 * facets themselves (names in every language, keywords) come from a base
 * bundle: the catalogue the kiosk holds, or the sample's when it holds none.
 * A term of a frontdoor-* taxonomy (as Frontdoor's own export writes) needs
 * no map.
 *
 * Every problem is reported as "FILE: PATH: message" (PATH as in the file:
 * "contents[3].schedules[1].opens_at"). By default any problem refuses the
 * whole file; with HSDS_LENIENT a bad field is dropped, a service that
 * cannot stand without it is dropped whole, and each drop is reported. Valid
 * HSDS that the kiosk cannot show (a monthly rule, a weekly one without
 * times) is left out and reported either way, and so is a service that maps
 * to no need: it is found only by search.
 */
#ifndef FRONTDOOR_HSDS_H
#define FRONTDOOR_HSDS_H

#include <stddef.h>
#include <stdio.h>

enum { HSDS_LENIENT = 1 << 0 };

/* What a conversion found, a line each, "FILE: PATH: message". */
struct hsds_notes {
    char **problems; /* refused the file (strict) or were dropped (lenient) */
    size_t n_problems;
    char **unmapped; /* services that map to no need */
    size_t n_unmapped;
    char **skipped; /* valid HSDS the kiosk cannot show (a monthly rule), left out */
    size_t n_skipped;
};
void hsds_notes_free(struct hsds_notes *notes);

struct hsds_map;

/* Reads a map of a city's taxonomy terms to the kiosk's, a CSV file with
 * the header "term,maps_to" and a row per link: the city's term (its id, or
 * its code) and "need:CODE" or "facet:CODE". Codes are checked against the
 * base bundle when the map is used. Returns 0, or -1 with "FILE:ROW:
 * message" in `err`. */
int hsds_map_read(const char *path, struct hsds_map **out, char *err, size_t errlen)
    __attribute__((warn_unused_result));
void hsds_map_free(struct hsds_map *map);

/* 1 when the JSON text is HSDS (a service, a list, an API page) rather
 * than a Frontdoor bundle; 0 otherwise, also when it is not JSON at all
 * (the importer then says what is wrong). */
int hsds_detect(const char *json, size_t len);

/* Turns the HSDS text `json` (the file `name`) into a bundle in *out (a
 * JSON tree, which the caller lets go of with json_decref), with the
 * taxonomy of the bundle `base` and the links of `map` (may be NULL).
 * Returns 0; or -1 when the file is refused, with the problems in `notes`,
 * or with why in `err` when it is not HSDS JSON at all or the base or the
 * map is unusable. `notes` is filled either way. */
struct json_t;
int hsds_convert(const char *name, const char *json, size_t len, const char *base, size_t base_len,
                 const struct hsds_map *map, unsigned flags, struct json_t **out,
                 struct hsds_notes *notes, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* The same for the HSDS CSV folder `path`, or a zip of one whose `zip_len`
 * bytes are `zip` (read, and its signature checked, by the caller; `path`
 * names it in messages): the tables that its datapackage.json names, put
 * together into services as the API gives them, then converted as above;
 * problems are named "FILE:ROW: field: message". Returns as hsds_convert. */
int hsds_convert_csv(const char *path, const char *zip, size_t zip_len, const char *base,
                     size_t base_len, const struct hsds_map *map, unsigned flags,
                     struct json_t **out, struct hsds_notes *notes, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* 1 when `path` is a folder (to be read as HSDS CSV). */
int hsds_is_folder(const char *path);
/* 1 when the `len` bytes of `buf` are a zip file. */
int hsds_is_zip(const char *buf, size_t len);

/* Writes the bundle text `bundle` (export_to_memory) as an HSDS 3.0 API
 * page to `out`. What HSDS has no field for (the needs and facets with
 * their names in every language, the texts in other languages) travels in
 * the page's member "frontdoor", which hsds_convert reads back: export and
 * import give the same catalogue. Returns 0, or -1 with why in `err`. */
int hsds_write_json(const char *bundle, size_t len, FILE *out, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* The same as a new folder `dir` of HSDS CSV tables with datapackage.json
 * (the "frontdoor" member there, and frontdoor_translation.csv, carry
 * what HSDS has no field for). The folder is made beside as DIR.tmp and
 * renamed when whole; `dir` must not exist. */
int hsds_write_csv(const char *bundle, size_t len, const char *dir, char *err, size_t errlen)
    __attribute__((warn_unused_result));

#endif
