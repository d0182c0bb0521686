/* catalog.h: the service catalogue store (SQLite, Open Referral HSDS 3.0).
 *
 * The database is the single source of truth for content. Tables follow HSDS
 * 3.0 (organization, service, location, service_at_location, address, phone,
 * schedule, language, required_document, taxonomy_term, attribute) with
 * integer primary keys and the HSDS text id in a UNIQUE `hsds_id` column,
 * plus Frontdoor's translation(entity, entity_id, field, lang, text).
 *
 * Need categories are taxonomy terms of the taxonomy "frontdoor-need"; the
 * facets residents filter on (free, walk-in, ...) are taxonomy terms of
 * "frontdoor-facet"; trust facts are terms of "frontdoor-trust" whose
 * attribute carries a value; who a service is for is a term of
 * "frontdoor-audience"; the answers of the worried-about-someone path are
 * terms of "frontdoor-worried". All reach a service through `attribute` rows.
 *
 * Every translatable text comes back in the first language of the chain:
 * the requested language, the kiosk default, English, then any language.
 * The struct fd_text says which language was found, so the UI can set the
 * paragraph direction and mark a fallback.
 *
 * Every query returns plain structs that the caller owns and frees with the
 * matching *_free function (NULL is fine). Failures return a negative code and
 * leave the reason in catalog_errmsg().
 *
 * Each query reads inside one read transaction, so what it returns is one
 * snapshot of the catalogue: an import committed by another process while
 * a query runs is seen whole by the next query, never in part by this one.
 */
#ifndef FRONTDOOR_CATALOG_H
#define FRONTDOOR_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#define FD_WUR __attribute__((warn_unused_result))

/* The schema version this build writes (PRAGMA user_version). */
#define CATALOG_SCHEMA_VERSION 7

enum {
    CATALOG_OK = 0,
    CATALOG_ERROR = -1,    /* SQLite or I/O failure */
    CATALOG_TOO_NEW = -2,  /* database written by a newer Frontdoor */
    CATALOG_NOT_FOUND = -3 /* no such row */
};

/* Open flags. Without CATALOG_CREATE a missing file is an error. */
enum {
    CATALOG_READWRITE = 0,
    CATALOG_CREATE = 1,   /* create the file if missing */
    CATALOG_READONLY = 2, /* never write, never migrate */
};

struct catalog;

/* Opens the database at `path` in WAL mode with synchronous=FULL and brings
 * its schema up to CATALOG_SCHEMA_VERSION, each migration in one transaction
 * that also sets user_version. A database with a newer user_version is refused
 * with CATALOG_TOO_NEW and left untouched; a READONLY open of an older schema
 * fails with CATALOG_ERROR.
 * *out is always set (like sqlite3_open) so catalog_errmsg() can explain a
 * failure; the caller closes it in every case. */
int catalog_open(const char *path, int flags, struct catalog **out) FD_WUR;
void catalog_close(struct catalog *cat);
/* The reason for the last failure, "" if none. Owned by the handle. */
const char *catalog_errmsg(const struct catalog *cat);
/* The schema version of the open database; CATALOG_ERROR when it cannot be
 * read. */
int catalog_schema_version(struct catalog *cat) FD_WUR;

/* 1 when another connection has committed a change to the database since the
 * last call (the first call returns 0), 0 when not, a negative code on error.
 * Uses PRAGMA data_version, so it costs one cheap query. Changes made through
 * this handle itself do not count. An import renumbers every row, so after a
 * 1 an id kept from an earlier query (the service on screen) may name another
 * service or none: find it again by hsds_id. */
int catalog_changed(struct catalog *cat) FD_WUR;

/* 1 when the loaded catalogue is demonstration data (the bundle said
 * "sample": true), so the kiosk can say so on screen; 0 otherwise, also before
 * the first import and when the database cannot be read. */
int catalog_is_sample(struct catalog *cat);

/* What the catalogue holds, for frontdoor-admin info. */
struct catalog_info {
    int schema_version;
    int sample;           /* as catalog_is_sample() */
    char language[16];    /* the last bundle's base language, "" before any import */
    char imported_on[11]; /* YYYY-MM-DD of the last import (local date), "" before any */
    size_t services;
    size_t organizations;
    size_t locations;
    size_t taxonomy_terms;
    size_t texts; /* translation rows, every language */
};
int catalog_info(struct catalog *cat, struct catalog_info *out) FD_WUR;

/* Sets the fallback chain used by every query that returns text: `lang` first,
 * then `kiosk_default`, then "en", then any. Codes are copied. */
void catalog_set_languages(struct catalog *cat, const char *lang, const char *kiosk_default);

/* A translated text and the language it was found in ("" when text is NULL). */
struct fd_text {
    char *text; /* NULL when no language has it */
    char lang[16];
};

struct need {
    int64_t id;
    char code[64]; /* stable key, e.g. "mental-health" */
    struct fd_text name;
    struct fd_text description;
    int n_services; /* active services linked to this need (also "temporarily closed":
                       the same services catalog_services_for_need lists) */
    int sensitive;  /* marked sensitive: counted only as a noisy daily total */
};

struct need_list {
    struct need *items;
    size_t n;
};

/* All needs in catalogue order (taxonomy_term.position, then code). */
int catalog_needs(struct catalog *cat, struct need_list *out) FD_WUR;
void catalog_need_list_free(struct need_list *list);
/* One need by code. CATALOG_NOT_FOUND when missing. */
int catalog_need_get(struct catalog *cat, const char *code, struct need *out) FD_WUR;
void catalog_need_free(struct need *need);

/* Facets, by taxonomy term code: free, walk-in, no-referral, no-id,
 * anonymous, interpreter, accessible, crisis-line. */
enum {
    FACET_FREE = 1 << 0,
    FACET_WALK_IN = 1 << 1,
    FACET_NO_REFERRAL = 1 << 2,
    FACET_NO_ID = 1 << 3,
    FACET_ANONYMOUS = 1 << 4,
    FACET_INTERPRETER = 1 << 5,
    FACET_ACCESSIBLE = 1 << 6,
    FACET_CRISIS_LINE = 1 << 7, /* a phone line or chat for people in crisis */
};
/* Maps a facet code to its bit, 0 if unknown. */
unsigned catalog_facet_bit(const char *code);
/* The code of the i-th facet Frontdoor knows (0, 1, ...), NULL past the
 * last: for messages that list them. */
const char *catalog_facet_code(int i);

/* Who a service is for: a taxonomy term of "frontdoor-audience", at most one
 * per service; none means anyone. */
enum audience {
    AUDIENCE_ANY = 0,       /* no audience term: anyone */
    AUDIENCE_AFFECTED,      /* "affected": people who experience it themselves */
    AUDIENCE_CLOSE_ONES,    /* "close-ones": family and friends of someone */
    AUDIENCE_USES_VIOLENCE, /* "uses-violence": people who use violence or fear they might */
    N_AUDIENCES
};
/* The term code of an audience ("affected", ...); NULL for AUDIENCE_ANY and
 * out of range. */
const char *catalog_audience_code(int audience);
/* The audience with this code, or -1 ("any" is not a code: it is no term). */
int catalog_audience(const char *code);

/* The worried-about-someone path: "Who are you worried about?" then "What
 * worries you?". The answers are fixed, in this order; the catalogue links
 * services to a what-answer by an attribute on a "frontdoor-worried" term
 * whose code is the what-code, and whose value, when given, lists the
 * who-codes the link applies to. The path starts from the need
 * CATALOG_NEED_WORRIED, which every catalogue with worried terms has. */
#define CATALOG_NEED_WORRIED "worried"
enum worried_who {
    WORRIED_YOUNG,         /* "young": a child or young person */
    WORRIED_PARTNER,       /* "partner" */
    WORRIED_FAMILY_FRIEND, /* "family-friend": a friend or family member */
    WORRIED_SOMEONE_ELSE,  /* "someone-else" */
    N_WORRIED_WHO
};
enum worried_what {
    WORRIED_SELF_HARM,   /* "self-harm": they might hurt themselves */
    WORRIED_AFRAID,      /* "afraid": I am afraid of them */
    WORRIED_VIOLENCE,    /* "violence": they talk of violence or hatred, or have
                            worrying contacts online */
    WORRIED_SUBSTANCES,  /* "substances": alcohol, drugs or gambling */
    WORRIED_HOME_SAFETY, /* "home-safety": their safety at home */
    WORRIED_OTHER,       /* "other": something else */
    N_WORRIED_WHAT
};
/* The code of answer i; NULL out of range. */
const char *catalog_worried_who_code(int i);
const char *catalog_worried_what_code(int i);
/* The answer with this code, or -1. */
int catalog_worried_who(const char *code);
int catalog_worried_what(const char *code);
/* Reads the value of a worried link: who-codes separated by commas, spaces
 * around them allowed ("young, partner"). Sets *mask (bit i = who i); NULL
 * or an empty value means every who. Returns 0, or -1 when a code is not a
 * who-answer (an empty one included), with that code copied to `bad`
 * (`size` bytes, cut to fit). */
int catalog_worried_who_mask(const char *value, unsigned *mask, char *bad, size_t size);

/* Trust facts: the questions that decide whether a person dares to call.
 * Taxonomy terms of "frontdoor-trust", linked by an attribute whose value
 * answers the question; no attribute means nobody said. */
enum trust_fact {
    TRUST_POLICE,           /* shares information with the police */
    TRUST_IMMIGRATION,      /* ... with immigration authorities */
    TRUST_CHILD_PROTECTION, /* ... with child protection */
    TRUST_RESIDENCE_STATUS, /* using it can affect residence status */
    TRUST_ANONYMOUS,        /* can be used without giving a name */
    TRUST_ON_BEHALF,        /* can ask for someone else without names */
    TRUST_INTERPRETER,      /* an interpreter can be booked */
    N_TRUST_FACTS
};
enum trust_value {
    TRUST_UNKNOWN = 0,   /* not given: shown as not known, never guessed */
    TRUST_NO,            /* "no" */
    TRUST_WHEN_REQUIRED, /* "when-required": only when the law obliges it */
    TRUST_YES,           /* "yes" */
};
/* The taxonomy term code of a fact ("police", ...). */
const char *catalog_trust_code(enum trust_fact fact);
/* The fact with this code, or -1. */
int catalog_trust_fact(const char *code);
/* The value with this name ("no", "when-required", "yes") allowed for the
 * fact, or TRUST_UNKNOWN when the name is not one of them. */
enum trust_value catalog_trust_value(enum trust_fact fact, const char *name);

struct trust {
    enum trust_value value;
    struct fd_text label; /* when or how, in plain words; NULL text if none */
};

/* One opening rule (an HSDS schedule, one per weekday of its byday): a
 * weekly rule on the dates from valid_from to valid_to, or with weekday 0 a
 * date exception that replaces the weekly rules on its dates, closed all
 * day when it has no times. hours.h reads them. */
struct opening {
    int weekday;         /* 1 = Monday ... 7 = Sunday (HSDS byday MO..SU); 0 = dates */
    char opens_at[6];    /* "HH:MM"; "" in a closure */
    char closes_at[6];   /* "HH:MM"; "" in a closure */
    char valid_from[11]; /* "YYYY-MM-DD", "" = no first day */
    char valid_to[11];   /* "YYYY-MM-DD", "" = no last day */
    int closure;         /* a date exception staff set: the service is temporarily
                            closed on these dates (not a holiday) */
};

/* A point on the map in degrees (WGS 84), as HSDS gives a location's. */
struct fd_latlon {
    double lat, lon;
};

struct service_summary {
    int64_t id;
    char hsds_id[128];
    struct fd_text name;
    int64_t organization_id;
    /* In catalog_service_get's only: a list's cards do not show them. */
    struct fd_text organization;
    struct fd_text description; /* HSDS description */
    char status[32];            /* HSDS status: active, inactive, ... */
    unsigned facets;            /* FACET_* bits */
    int audience;               /* AUDIENCE_*: who the service is for */
    char languages[128];        /* spoken languages, codes joined by ',' */
    struct opening *openings;   /* hours: date exceptions first, then weekly rules by
                                   weekday and opens_at */
    size_t n_openings;
    int by_appointment;       /* a schedule says it sees people by appointment */
    struct fd_latlon *places; /* where its locations are on the map; a confidential
                                 location is never among them (it has no coordinates) */
    size_t n_places;
    struct fd_text note; /* catalog_worried_services: the link's label (who is on the team,
                            what happens when you reach out); NULL text elsewhere */
};

struct service_list {
    struct service_summary *items;
    size_t n;
};

/* Services linked to the need `code`. Defunct and inactive services are left
 * out. An unknown need gives an empty list, not an error.
 * Order: crisis lines first; then services for the people affected and for
 * anyone; then those for close ones; services for people who use violence
 * last, crisis line or not, so that nobody who is being hurt sees them
 * first. Within each group by name in the language found (UTF-8 byte
 * order). */
int catalog_services_for_need(struct catalog *cat, const char *code,
                              struct service_list *out) FD_WUR;
/* Active and temporarily closed crisis lines (facet "crisis-line"), in
 * catalogue order, with openings and languages as above. */
int catalog_crisis_lines(struct catalog *cat, struct service_list *out) FD_WUR;
/* The services of the worried-path answer `what` for `who`: those whose link
 * to the "frontdoor-worried" term `what` has no value or lists `who`. Crisis
 * lines first, then in the order of the links in the bundle (services in
 * order); each item's `note` holds the link's label. Inactive and defunct
 * services are left out. A catalogue without the term gives an empty list;
 * `who` or `what` out of range is CATALOG_ERROR. */
int catalog_worried_services(struct catalog *cat, int who, int what,
                             struct service_list *out) FD_WUR;
/* Which what-answers lead to at least one service (as listed by
 * catalog_worried_services) for `who`: bit i of *what_mask for answer i.
 * *what_mask is 0 on failure and `who` out of range is CATALOG_ERROR. */
int catalog_worried_answers(struct catalog *cat, int who, unsigned *what_mask) FD_WUR;
/* Frees every item (its texts, openings and note) and the array. */
void catalog_service_list_free(struct service_list *list);

struct phone {
    char hsds_id[128];
    char number[64]; /* as staff set it for today, when they did (staff.h) */
    struct fd_text description;
};

struct service_location {
    struct fd_text name;
    struct fd_text transportation; /* how to get there */
    int confidential;              /* a refuge: never an address */
    char *address;                 /* one line, NULL when confidential or none */
};

struct service_detail {
    struct service_summary summary;
    struct fd_text eligibility;         /* who it is for */
    struct fd_text fees;                /* cost, in words */
    struct fd_text application_process; /* how to get help */
    struct fd_text schedule_note;       /* schedule description, e.g. "by appointment" */
    struct service_location *locations;
    size_t n_locations;
    struct phone *phones;
    size_t n_phones;
    char (*languages)[16]; /* spoken language codes */
    size_t n_languages;
    struct fd_text *documents; /* what to bring (HSDS required_document) */
    size_t n_documents;
    int minimum_age, maximum_age; /* -1 when the service sets none */
    int sensitive;                /* linked to a need marked sensitive */
    struct trust trust[N_TRUST_FACTS];
    char *url; /* the service's web address (HSDS url), else its organization's
                  website; NULL when neither is given */
    /* "YYYY-MM-DD" when the information was last checked; "" when not said */
    char assured_date[11];
    /* What staff wrote on the kiosk for today (staff.h), along the fallback
     * chain; NULL texts when nothing: */
    struct fd_text staff_notice; /* a notice */
    struct fd_text closure_note; /* why it is temporarily closed, and where to go */
};

/* The id of the service whose HSDS id is `hsds_id` (an import renumbers
 * ids, not HSDS ids). CATALOG_NOT_FOUND when there is none. */
int catalog_service_find(struct catalog *cat, const char *hsds_id, int64_t *id) FD_WUR;

/* One service with everything the detail screen shows. CATALOG_NOT_FOUND when
 * the id does not exist. */
int catalog_service_get(struct catalog *cat, int64_t id, struct service_detail *out) FD_WUR;
void catalog_service_detail_free(struct service_detail *s);

void fd_text_free(struct fd_text *t);

/* For the importer only: the raw connection and error setter. */
struct sqlite3;
struct sqlite3 *catalog_db(struct catalog *cat);
void catalog_set_error(struct catalog *cat, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
