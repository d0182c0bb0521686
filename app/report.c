/* report.c: the report's body, digest, signature and noise.
 *
 * The body is written by hand, in one order, so that the same report is the
 * same bytes on every kiosk; it is read with jansson, strictly (duplicate
 * keys refused), because the collector reads what anyone can send. Every
 * check names the field it is about. libsodium does the cryptography and
 * the random numbers.
 *
 * A collector reads thousands of bodies a second, nearly all of them
 * exactly as report_body() wrote them, and jansson spends most of its time
 * there making a tree of 50 values to be read once. So report_parse()
 * first reads the body as that one form, byte by byte, without allocating:
 * every field in order, no space, counts without sign or leading zero
 * within their bounds. Whatever the form reads is valid JSON with the same
 * meaning, so it needs no second look; a body that differs anywhere, well
 * formed or not, goes to jansson, which reads it or says what is wrong.
 */
#include "frontdoor/report.h"

#include "frontdoor/mem.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define REPORT_ROW(e, name, sensitive) {name, sizeof name - 1, sensitive},
static const struct {
    const char *name;
    size_t len; /* strlen(name) */
    int sensitive;
} metrics[N_METRICS] = {REPORT_METRICS(REPORT_ROW)};
#undef REPORT_ROW

const char *report_metric_name(int m)
{
    return m >= 0 && m < N_METRICS ? metrics[m].name : NULL;
}

int report_metric_sensitive(int m)
{
    return m >= 0 && m < N_METRICS && metrics[m].sensitive;
}

/* Called for every key of a body jansson reads: only names of the same
 * length are compared, a few of the list rather than all of it. */
int report_metric_find(const char *name)
{
    size_t len = strlen(name);
    for (int m = 0; m < N_METRICS; m++) {
        if (metrics[m].len == len && memcmp(metrics[m].name, name, len) == 0)
            return m;
    }
    return -1;
}

void report_metric_column(int m, char *out, size_t size)
{
    xsnprintf(out, size, "m_%s", report_metric_name(m));
    for (char *c = out; *c; c++) {
        if (*c == ':' || *c == '-')
            *c = '_';
    }
}

char *report_body(const struct report *r)
{
    /* Every field has a bounded size: names and ids are fixed, a count
     * has at most 20 digits. */
    size_t size = 256 + (size_t)N_METRICS * 64, used = 0;
    char *body = xmalloc(size);
    body[0] = '\0';
    int rc = xappend(body, size, &used,
                     "{\"v\":%d,\"kiosk_id\":\"%s\",\"instance_id\":\"%s\",\"seq\":%lld,"
                     "\"day\":\"%s\",\"clock\":\"%s\",\"metrics\":{",
                     REPORT_VERSION, r->kiosk_id, r->instance_id, (long long)r->seq, r->day,
                     r->clock_trusted ? "trusted" : "untrusted");
    for (int m = 0; m < N_METRICS && rc == 0; m++)
        rc = xappend(body, size, &used, "%s\"%s\":%lld", m ? "," : "", metrics[m].name,
                     (long long)r->counts[m]);
    if (rc == 0)
        rc = xappend(body, size, &used, "}}");
    if (rc != 0) {
        /* The size above is a bound, not a guess: this cannot happen. */
        fprintf(stderr, "frontdoor: report body longer than %zu bytes\n", size);
        abort();
    }
    return body;
}

int report_is_hex(const char *s, size_t len)
{
    if (strlen(s) != len)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    }
    return 1;
}

/* The number the `n` digits at `s` write, or -1 when one is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int report_day_valid(const char *day)
{
    if (strlen(day) != 10 || day[4] != '-' || day[7] != '-')
        return 0;
    int y = digits(day, 4), mo = digits(day + 5, 2), d = digits(day + 8, 2);
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 0 || mo < 1 || mo > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[mo - 1] + (mo == 2 && leap);
}

/* The string field `key` of `obj` into `out` (`size` bytes), or an error. */
static int get_string(json_t *obj, const char *key, char *out, size_t size, char *err,
                      size_t errlen)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v)) {
        xsnprintf(err, errlen, "%s: %s", key, v ? "not a string" : "missing");
        return -1;
    }
    if (json_string_length(v) >= size) {
        xsnprintf(err, errlen, "%s: too long", key);
        return -1;
    }
    memcpy(out, json_string_value(v), json_string_length(v) + 1);
    return 0;
}

/* A cursor over a body's bytes, for reading it as report_body() writes it. */
struct scan {
    const char *p, *end;
};

/* Takes `text` when the body goes on with it. */
static int take(struct scan *s, const char *text, size_t n)
{
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, text, n) != 0)
        return 0;
    s->p += n;
    return 1;
}
#define TAKE(s, literal) take(s, literal, sizeof(literal) - 1)

/* Takes `n` bytes and a closing quote; the bytes into `out`, NUL-ended. */
static int take_string(struct scan *s, char *out, size_t n)
{
    if ((size_t)(s->end - s->p) <= n || s->p[n] != '"')
        return 0;
    memcpy(out, s->p, n);
    out[n] = '\0';
    s->p += n + 1;
    return 1;
}

/* Takes a whole number from 0 to `max` written without sign or leading
 * zero (a digit after a leading 0 is left for the next take to refuse). */
static int take_whole(struct scan *s, int64_t max, int64_t *out)
{
    if (s->p == s->end || *s->p < '0' || *s->p > '9')
        return 0;
    uint64_t v = 0;
    if (*s->p == '0') {
        s->p++;
    } else {
        for (; s->p < s->end && *s->p >= '0' && *s->p <= '9'; s->p++) {
            unsigned d = (unsigned)(*s->p - '0');
            if (v > ((uint64_t)max - d) / 10)
                return 0;
            v = v * 10 + d;
        }
    }
    *out = (int64_t)v;
    return 1;
}

/* Reads `body` when it is exactly as report_body() writes a valid report.
 * Returns 1 with `out` filled, or 0 (and `out` in any state). */
static int parse_canonical(const char *body, size_t len, struct report *out)
{
    struct scan s = {body, body + len};
    if (!TAKE(&s, "{\"v\":1,\"kiosk_id\":\"") ||
        !take_string(&s, out->kiosk_id, REPORT_KIOSK_ID_LEN) ||
        !report_is_hex(out->kiosk_id, REPORT_KIOSK_ID_LEN) || !TAKE(&s, ",\"instance_id\":\"") ||
        !take_string(&s, out->instance_id, REPORT_INSTANCE_ID_LEN) ||
        !report_is_hex(out->instance_id, REPORT_INSTANCE_ID_LEN) || !TAKE(&s, ",\"seq\":") ||
        !take_whole(&s, INT64_MAX, &out->seq) || out->seq < 1 || !TAKE(&s, ",\"day\":\"") ||
        !take_string(&s, out->day, sizeof out->day - 1) || !report_day_valid(out->day) ||
        !TAKE(&s, ",\"clock\":\""))
        return 0;
    if (TAKE(&s, "trusted\""))
        out->clock_trusted = 1;
    else if (!TAKE(&s, "untrusted\""))
        return 0;
    if (!TAKE(&s, ",\"metrics\":{"))
        return 0;
    for (int m = 0; m < N_METRICS; m++) {
        if ((m > 0 && !TAKE(&s, ",")) || !TAKE(&s, "\"") ||
            !take(&s, metrics[m].name, metrics[m].len) || !TAKE(&s, "\":") ||
            !take_whole(&s, REPORT_MAX_COUNT, &out->counts[m]))
            return 0;
    }
    return TAKE(&s, "}}") && s.p == s.end;
}

int report_parse(const char *body, size_t len, struct report *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (len > REPORT_MAX_BODY) {
        xsnprintf(err, errlen, "body: more than %d bytes", REPORT_MAX_BODY);
        return 413;
    }
    if (parse_canonical(body, len, out))
        return 0;
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        xsnprintf(err, errlen, "body: line %d column %d: %s", je.line, je.column, je.text);
        return 400;
    }
    int status = 400;
    char clock[16];
    json_t *v = json_object_get(root, "v"), *seq = json_object_get(root, "seq");
    if (!json_is_object(root)) {
        xsnprintf(err, errlen, "body: not a JSON object");
    } else if (!json_is_integer(v) || json_integer_value(v) != REPORT_VERSION) {
        xsnprintf(err, errlen, "v: %s", v ? "not version 1" : "missing");
    } else if (json_object_size(root) != 7) {
        xsnprintf(err, errlen,
                  "body: fields other than v, kiosk_id, instance_id, seq, day, "
                  "clock and metrics");
    } else if (get_string(root, "kiosk_id", out->kiosk_id, sizeof out->kiosk_id, err, errlen) !=
                   0 ||
               get_string(root, "instance_id", out->instance_id, sizeof out->instance_id, err,
                          errlen) != 0 ||
               get_string(root, "day", out->day, sizeof out->day, err, errlen) != 0 ||
               get_string(root, "clock", clock, sizeof clock, err, errlen) != 0) {
        /* err says which */
    } else if (!report_is_hex(out->kiosk_id, REPORT_KIOSK_ID_LEN)) {
        xsnprintf(err, errlen, "kiosk_id: not %d lower-case hex digits", REPORT_KIOSK_ID_LEN);
    } else if (!report_is_hex(out->instance_id, REPORT_INSTANCE_ID_LEN)) {
        xsnprintf(err, errlen, "instance_id: not %d lower-case hex digits", REPORT_INSTANCE_ID_LEN);
    } else if (!json_is_integer(seq) || json_integer_value(seq) < 1) {
        xsnprintf(err, errlen, "seq: %s", seq ? "not a whole number from 1" : "missing");
    } else if (!report_day_valid(out->day)) {
        xsnprintf(err, errlen, "day: '%s' is not a date written YYYY-MM-DD", out->day);
    } else if (strcmp(clock, "trusted") != 0 && strcmp(clock, "untrusted") != 0) {
        xsnprintf(err, errlen, "clock: '%s' is neither trusted nor untrusted", clock);
    } else if (!json_is_object(json_object_get(root, "metrics"))) {
        xsnprintf(err, errlen, "metrics: %s",
                  json_object_get(root, "metrics") ? "not an object" : "missing");
    } else {
        out->seq = json_integer_value(seq);
        out->clock_trusted = strcmp(clock, "trusted") == 0;
        status = 422;
        json_t *ms = json_object_get(root, "metrics");
        const char *key;
        json_t *count;
        int seen = 0;
        json_object_foreach(ms, key, count)
        {
            int m = report_metric_find(key);
            if (m < 0) {
                xsnprintf(err, errlen, "metrics.%.64s: no such metric in version 1", key);
                goto done;
            }
            if (!json_is_integer(count) || json_integer_value(count) < 0 ||
                json_integer_value(count) > REPORT_MAX_COUNT) {
                xsnprintf(err, errlen, "metrics.%s: not a whole number from 0 to %d", key,
                          REPORT_MAX_COUNT);
                goto done;
            }
            out->counts[m] = json_integer_value(count);
            seen++;
        }
        if (seen != N_METRICS) {
            for (int m = 0; m < N_METRICS; m++) {
                if (!json_object_get(ms, metrics[m].name)) {
                    xsnprintf(err, errlen, "metrics.%s: missing", metrics[m].name);
                    break;
                }
            }
            goto done;
        }
        status = 0;
    }
done:
    json_decref(root);
    return status;
}

void report_hex(const unsigned char *bytes, size_t n, char *out)
{
    sodium_bin2hex(out, 2 * n + 1, bytes, n);
}

int report_unhex(const char *hex, unsigned char *out, size_t n)
{
    size_t got = 0;
    if (!report_is_hex(hex, 2 * n) || sodium_hex2bin(out, n, hex, 2 * n, NULL, &got, NULL) != 0 ||
        got != n)
        return -1;
    return 0;
}

void report_digest(const char *body, size_t len, char out[REPORT_DIGEST_LEN + 1])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)body, len);
    memcpy(out, "sha256:", 7);
    report_hex(h, sizeof h, out + 7);
}

int report_keypair(unsigned char pk[REPORT_PUBLIC_KEY_BYTES],
                   unsigned char sk[REPORT_SECRET_KEY_BYTES])
{
    if (sodium_init() < 0)
        return -1;
    return crypto_sign_keypair(pk, sk) == 0 ? 0 : -1;
}

void report_public_key(const unsigned char sk[REPORT_SECRET_KEY_BYTES],
                       unsigned char pk[REPORT_PUBLIC_KEY_BYTES])
{
    crypto_sign_ed25519_sk_to_pk(pk, sk);
}

/* What is signed: the domain, a NUL, the body. Signing the domain keeps a
 * kiosk's key from vouching for anything but a report of this version. */
static unsigned char *signed_message(const char *body, size_t len, size_t *n)
{
    size_t d = sizeof REPORT_DOMAIN; /* with its NUL */
    unsigned char *msg = xmalloc(d + len);
    memcpy(msg, REPORT_DOMAIN, d);
    memcpy(msg + d, body, len);
    *n = d + len;
    return msg;
}

void report_sign(const unsigned char sk[REPORT_SECRET_KEY_BYTES], const char *body, size_t len,
                 char out[REPORT_SIG_LEN + 1])
{
    size_t n;
    unsigned char *msg = signed_message(body, len, &n);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, msg, n, sk);
    sodium_bin2base64(out, REPORT_SIG_LEN + 1, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
    free(msg);
}

int report_verify(const unsigned char pk[REPORT_PUBLIC_KEY_BYTES], const char *body, size_t len,
                  const char *sig_b64)
{
    unsigned char sig[crypto_sign_BYTES];
    size_t got = 0;
    if (!sig_b64 || strlen(sig_b64) != REPORT_SIG_LEN ||
        sodium_base642bin(sig, sizeof sig, sig_b64, REPORT_SIG_LEN, NULL, &got, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        got != sizeof sig)
        return -1;
    size_t n;
    unsigned char *msg = signed_message(body, len, &n);
    int rc = crypto_sign_verify_detached(sig, msg, n, pk) == 0 ? 0 : -1;
    free(msg);
    return rc;
}

void report_new_instance(char out[REPORT_INSTANCE_ID_LEN + 1])
{
    unsigned char id[REPORT_INSTANCE_ID_LEN / 2];
    if (sodium_init() < 0) {
        fprintf(stderr, "frontdoor: libsodium cannot start\n");
        abort();
    }
    randombytes_buf(id, sizeof id);
    report_hex(id, sizeof id, out);
}

/* Failures before the first success, each trial a fair coin: P(k) = 2^-(k+1). */
static int64_t geometric(void)
{
    int64_t k = 0;
    while (k < 64 && randombytes_uniform(2) == 0)
        k++;
    return k;
}

int64_t report_noise(void)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "frontdoor: libsodium cannot start\n");
        abort();
    }
    return geometric() - geometric();
}

int64_t report_noisy(int64_t count)
{
    int64_t n = count + report_noise();
    return n < 0 ? 0 : n;
}
