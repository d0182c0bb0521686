/* report.c: the report's body, digest, signature and noise.
 *
 * The body is written by hand, in one order, so that the same report is the
 * same bytes on every kiosk; it is read with jansson, strictly (duplicate
 * keys refused), because the collector reads what anyone can send. Every
 * check names the field it is about. libsodium does the cryptography and
 * the random numbers.
 */
#include "frontdoor/report.h"

#include "frontdoor/mem.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define REPORT_ROW(e, name, sensitive) {name, sensitive},
static const struct {
    const char *name;
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

int report_metric_find(const char *name)
{
    for (int m = 0; m < N_METRICS; m++) {
        if (strcmp(metrics[m].name, name) == 0)
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

static int hex_ok(const char *s, size_t len)
{
    if (strlen(s) != len)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    }
    return 1;
}

int report_day_valid(const char *day)
{
    int y, mo, d;
    char tail;
    if (strlen(day) != 10 || day[4] != '-' || day[7] != '-' ||
        sscanf(day, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) != 3)
        return 0;
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (day[i] < '0' || day[i] > '9'))
            return 0;
    }
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1)
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

int report_parse(const char *body, size_t len, struct report *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (len > REPORT_MAX_BODY) {
        xsnprintf(err, errlen, "body: more than %d bytes", REPORT_MAX_BODY);
        return 413;
    }
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
    } else if (!hex_ok(out->kiosk_id, REPORT_KIOSK_ID_LEN)) {
        xsnprintf(err, errlen, "kiosk_id: not %d lower-case hex digits", REPORT_KIOSK_ID_LEN);
    } else if (!hex_ok(out->instance_id, REPORT_INSTANCE_ID_LEN)) {
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
    if (!hex_ok(hex, 2 * n) || sodium_hex2bin(out, n, hex, 2 * n, NULL, &got, NULL) != 0 ||
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
