/* report.h: a sealed daily usage report, the one thing a kiosk sends.
 *
 * A report says how many sessions a kiosk had on one day and what they
 * used, as an absolute count for every metric of one fixed list (version
 * REPORT_VERSION), zeros included, so every report of a version has the
 * same fields whatever happened. Its identity is (kiosk_id, instance_id,
 * seq), made by the kiosk; the day is only a label.
 *
 * The body is canonical JSON written by report_body(); the kiosk signs it
 * with its Ed25519 key over REPORT_DOMAIN, a NUL byte and the body, and the
 * collector checks the signature over the bytes it received, then parses
 * them with report_parse(). The digest is SHA-256 over the body.
 *
 *     {"v":1,"kiosk_id":"<64 hex>","instance_id":"<32 hex>","seq":118,
 *      "day":"2026-12-02","clock":"trusted","metrics":{"sessions":41,...}}
 *
 * Nothing here touches a file or the network.
 */
#ifndef FRONTDOOR_REPORT_H
#define FRONTDOOR_REPORT_H

#include <stddef.h>
#include <stdint.h>

#define REPORT_VERSION 1
#define REPORT_DOMAIN "frontdoor-report-v1" /* signed: this, a NUL, then the body */
#define REPORT_MAX_BODY 65536               /* bytes; a collector refuses more */
#define REPORT_MAX_COUNT 100000             /* per metric and day: more is implausible */

/* Every metric of version 1, in body order: X(ENUM, "name", sensitive).
 * A need counts as need:CODE when CODE is one of the Frontdoor taxonomy's
 * needs below, else as need:other (need:other-sensitive when the catalogue
 * marks it sensitive, or marks a need sensitive that the list does not).
 * Features that a later version of the kiosk brings are listed from the
 * start, so the format does not change when they arrive. */
/* clang-format off */
#define REPORT_METRICS(X) \
    X(SESSIONS,               "sessions",                 0) \
    X(LANG_EN,                "lang:en",                  0) \
    X(LANG_FI,                "lang:fi",                  0) \
    X(LANG_SV,                "lang:sv",                  0) \
    X(LANG_DA,                "lang:da",                  0) \
    X(LANG_NB,                "lang:nb",                  0) \
    X(LANG_ES,                "lang:es",                  0) \
    X(LANG_AR,                "lang:ar",                  0) \
    X(LANG_FA,                "lang:fa",                  0) \
    X(LANG_UK,                "lang:uk",                  0) \
    X(LANG_RU,                "lang:ru",                  0) \
    X(LANG_SO,                "lang:so",                  0) \
    X(LANG_TI,                "lang:ti",                  0) \
    X(LANG_OTHER,             "lang:other",               0) \
    X(NEED_MONEY,             "need:money",               0) \
    X(NEED_HOUSING,           "need:housing",             0) \
    X(NEED_WORK_STUDY,        "need:work-study",          0) \
    X(NEED_INTEGRATION,       "need:integration",         0) \
    X(NEED_FAMILY_YOUTH,      "need:family-youth",        0) \
    X(NEED_HEALTH,            "need:health",              0) \
    X(NEED_DIGITAL,           "need:digital",             0) \
    X(NEED_OTHER,             "need:other",               0) \
    X(NEED_MENTAL_HEALTH,     "need:mental-health",       1) \
    X(NEED_ADDICTION,         "need:addiction",           1) \
    X(NEED_NEWCOMERS,         "need:newcomers",           1) \
    X(NEED_VIOLENCE,          "need:violence",            1) \
    X(NEED_LEGAL,             "need:legal",               1) \
    X(NEED_WORRIED,           "need:worried",             1) \
    X(NEED_OTHER_SENSITIVE,   "need:other-sensitive",     1) \
    X(FEATURE_SERVICE,        "feature:service",          0) \
    X(FEATURE_QR,             "feature:qr",               0) \
    X(FEATURE_URGENT,         "feature:urgent",           0) \
    X(FEATURE_TALK,           "feature:talk",             0) \
    X(FEATURE_COUNTS_INFO,    "feature:counts-info",      0) \
    X(FEATURE_QUICK_EXIT,     "feature:quick-exit",       0) \
    X(FEATURE_IDLE_RESET,     "feature:idle-reset",       0) \
    X(FEATURE_SEARCH,         "feature:search",           0) \
    X(FEATURE_FILTER,         "feature:filter",           0) \
    X(FEATURE_SPEECH,         "feature:speech",           0) \
    X(FEATURE_LARGE_TEXT,     "feature:large-text",       0) \
    X(FEATURE_HIGH_CONTRAST,  "feature:high-contrast",    0) \
    X(FEATURE_LESSON,         "feature:lesson",           0)
/* clang-format on */

#define REPORT_ENUM(e, name, sensitive) M_##e,
enum metric { REPORT_METRICS(REPORT_ENUM) N_METRICS };
#undef REPORT_ENUM

/* The metric's name ("need:housing"), and whether it is sensitive. */
const char *report_metric_name(int m);
int report_metric_sensitive(int m);
/* The metric named `name`, or -1. */
int report_metric_find(const char *name);
/* The SQL column that holds the metric in a collector's store: "m_" and
 * the name with ':' and '-' as '_' ("m_need_mental_health"). */
void report_metric_column(int m, char *out, size_t size);

#define REPORT_KIOSK_ID_LEN 64    /* hex of the 32-byte public key */
#define REPORT_INSTANCE_ID_LEN 32 /* hex of 16 random bytes */
#define REPORT_DIGEST_LEN 71      /* "sha256:" and 64 hex */
#define REPORT_SIG_LEN 88         /* base64 of 64 bytes */

struct report {
    char kiosk_id[REPORT_KIOSK_ID_LEN + 1];
    char instance_id[REPORT_INSTANCE_ID_LEN + 1];
    int64_t seq;  /* 1, 2, ... per instance, gap-free */
    char day[11]; /* "YYYY-MM-DD": a label, not a time */
    int clock_trusted;
    int64_t counts[N_METRICS];
};

/* The canonical body of `r`: malloc'd, NUL-terminated; the caller frees it. */
char *report_body(const struct report *r);

/* Parses and checks a body. Returns 0, or the HTTP status a collector
 * answers with the reason in `err`: 400 for what is not a report (bad
 * JSON, a missing or malformed field, an unknown version), 422 for a
 * report whose metrics are wrong (one missing, unknown, negative, not an
 * integer or above REPORT_MAX_COUNT). */
int report_parse(const char *body, size_t len, struct report *out, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* "sha256:<hex>" of `body`. */
void report_digest(const char *body, size_t len, char out[REPORT_DIGEST_LEN + 1]);

/* Ed25519 keys (libsodium). */
#define REPORT_PUBLIC_KEY_BYTES 32
#define REPORT_SECRET_KEY_BYTES 64
/* A new key pair. Returns 0, or -1 when libsodium cannot start. */
int report_keypair(unsigned char pk[REPORT_PUBLIC_KEY_BYTES],
                   unsigned char sk[REPORT_SECRET_KEY_BYTES]) __attribute__((warn_unused_result));
/* The public key inside a secret key. */
void report_public_key(const unsigned char sk[REPORT_SECRET_KEY_BYTES],
                       unsigned char pk[REPORT_PUBLIC_KEY_BYTES]);
/* The signature of `body` as base64 (REPORT_SIG_LEN characters). */
void report_sign(const unsigned char sk[REPORT_SECRET_KEY_BYTES], const char *body, size_t len,
                 char out[REPORT_SIG_LEN + 1]);
/* 0 when `sig_b64` is a good signature of `body` by `pk`, else -1. */
int report_verify(const unsigned char pk[REPORT_PUBLIC_KEY_BYTES], const char *body, size_t len,
                  const char *sig_b64) __attribute__((warn_unused_result));

/* Lower-case hex of `n` bytes into `out` (2n + 1 bytes). */
void report_hex(const unsigned char *bytes, size_t n, char *out);
/* 1 when `s` is exactly `len` lower-case hex digits, as ids are written. */
int report_is_hex(const char *s, size_t len);
/* Parses exactly 2n hex digits. Returns 0 or -1. */
int report_unhex(const char *hex, unsigned char *out, size_t n) __attribute__((warn_unused_result));
/* 16 random bytes as hex: a new instance id. */
void report_new_instance(char out[REPORT_INSTANCE_ID_LEN + 1]);
/* 1 when `day` is a real date written YYYY-MM-DD. */
int report_day_valid(const char *day);

/* Noise for a sensitive count: the difference of two geometric variables
 * with ratio 1/2 (a discrete Laplace), from libsodium's random source.
 * report_noisy() adds it and clamps at zero. */
int64_t report_noise(void);
int64_t report_noisy(int64_t count);

#endif
