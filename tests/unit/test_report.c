/* test_report.c: the report's body, checks, digest, signature and noise.
 *
 * Bad bodies are a table: each row changes one thing in a good body and
 * names the status and the exact message report_parse() must give.
 */
#include "frontdoor/mem.h"
#include "frontdoor/report.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#define KIOSK "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define INSTANCE "fedcba9876543210fedcba9876543210"

/* A report with a different count in every metric. */
static struct report sample(void)
{
    struct report r;
    memset(&r, 0, sizeof r);
    xsnprintf(r.kiosk_id, sizeof r.kiosk_id, "%s", KIOSK);
    xsnprintf(r.instance_id, sizeof r.instance_id, "%s", INSTANCE);
    r.seq = 118;
    xsnprintf(r.day, sizeof r.day, "2026-12-02");
    r.clock_trusted = 1;
    for (int m = 0; m < N_METRICS; m++)
        r.counts[m] = m * 7;
    r.counts[M_SESSIONS] = REPORT_MAX_COUNT;
    return r;
}

/* `body` with the first `from` replaced by `to`: malloc'd. */
static char *replaced(const char *body, const char *from, const char *to)
{
    const char *at = strstr(body, from);
    if (!at)
        fail_msg("'%s' is not in the body", from);
    size_t head = (size_t)(at - body), n = strlen(body) - strlen(from) + strlen(to) + 1;
    char *out = xmalloc(n);
    xsnprintf(out, n, "%.*s%s%s", (int)head, body, to, at + strlen(from));
    return out;
}

static void body_round_trip(void **state)
{
    (void)state;
    struct report r = sample(), back;
    char *body = report_body(&r);
    char err[256] = "";
    assert_int_equal(report_parse(body, strlen(body), &back, err, sizeof err), 0);
    assert_string_equal(err, "");
    assert_memory_equal(&r, &back, sizeof r);
    /* Canonical: the same report is the same bytes, in the documented order. */
    char *again = report_body(&back);
    assert_string_equal(body, again);
    assert_true(strncmp(body,
                        "{\"v\":1,\"kiosk_id\":\"" KIOSK "\",\"instance_id\":\"" INSTANCE
                        "\",\"seq\":118,\"day\":\"2026-12-02\",\"clock\":\"trusted\","
                        "\"metrics\":{\"sessions\":100000,\"lang:en\":7,",
                        strlen("{\"v\":1,\"kiosk_id\":\"" KIOSK "\",\"instance_id\":\"" INSTANCE
                               "\",\"seq\":118,\"day\":\"2026-12-02\",\"clock\":\"trusted\","
                               "\"metrics\":{\"sessions\":100000,\"lang:en\":7,")) == 0);
    assert_non_null(strstr(body, "\"feature:lesson\":287}}"));
    /* An untrusted clock and all zeros round-trip too, and every report of
     * the version has the same fields. */
    memset(r.counts, 0, sizeof r.counts);
    r.clock_trusted = 0;
    r.seq = INT64_MAX;
    char *zeros = report_body(&r);
    assert_int_equal(report_parse(zeros, strlen(zeros), &back, err, sizeof err), 0);
    assert_memory_equal(&r, &back, sizeof r);
    assert_non_null(strstr(zeros, "\"clock\":\"untrusted\""));
    free(zeros);
    free(again);
    free(body);
}

static const struct bad {
    const char *from, *to; /* NULL from: `to` is the whole body */
    int status;
    const char *message;
} bad[] = {
    /* not a report: 400 */
    {NULL, "", 400, "body: line 1 column 0: '[' or '{' expected near end of file"},
    {NULL, "{", 400, "body: line 1 column 1: string or '}' expected near end of file"},
    {NULL, "[1]", 400, "body: not a JSON object"},
    {NULL, "\"report\"", 400, "body: line 1 column 8: '[' or '{' expected near '\"report\"'"},
    {"}}", "}} x", 400, "body: line 1 column "},
    {"\"v\":1", "\"v\":1,\"v\":1", 400, "body: line 1 column "},
    {"\"v\":1,", "", 400, "v: missing"},
    {"\"v\":1", "\"v\":2", 400, "v: not version 1"},
    {"\"v\":1", "\"v\":\"1\"", 400, "v: not version 1"},
    {"\"v\":1", "\"v\":1.0", 400, "v: not version 1"},
    {"\"v\":1,", "\"v\":1,\"extra\":true,", 400,
     "body: fields other than v, kiosk_id, instance_id, seq, day, clock and metrics"},
    {"\"clock\":\"trusted\",", "", 400,
     "body: fields other than v, kiosk_id, instance_id, seq, day, clock and metrics"},
    {"\"kiosk_id\"", "\"kiosk\"", 400, "kiosk_id: missing"},
    {"\"" KIOSK "\"", "7", 400, "kiosk_id: not a string"},
    {"\"" KIOSK "\"", "\"" KIOSK "0\"", 400, "kiosk_id: too long"},
    {"\"" KIOSK "\"", "\"0123\"", 400, "kiosk_id: not 64 lower-case hex digits"},
    {"\"" KIOSK "\"", "\"0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef\"", 400,
     "kiosk_id: not 64 lower-case hex digits"},
    {"\"" INSTANCE "\"", "\"fedcba9876543210fedcba987654321g\"", 400,
     "instance_id: not 32 lower-case hex digits"},
    {"\"" INSTANCE "\"", "null", 400, "instance_id: not a string"},
    {"\"seq\":118", "\"seq\":0", 400, "seq: not a whole number from 1"},
    {"\"seq\":118", "\"seq\":-118", 400, "seq: not a whole number from 1"},
    {"\"seq\":118", "\"seq\":118.5", 400, "seq: not a whole number from 1"},
    {"\"seq\":118", "\"seq\":\"118\"", 400, "seq: not a whole number from 1"},
    {"\"seq\":118", "\"sequence\":118", 400, "seq: missing"},
    {"\"2026-12-02\"", "\"2026-13-02\"", 400, "day: '2026-13-02' is not a date written YYYY-MM-DD"},
    {"\"2026-12-02\"", "\"2025-02-29\"", 400, "day: '2025-02-29' is not a date written YYYY-MM-DD"},
    {"\"2026-12-02\"", "\"2026-12-2\"", 400, "day: '2026-12-2' is not a date written YYYY-MM-DD"},
    {"\"2026-12-02\"", "\"2026/12/02\"", 400, "day: '2026/12/02' is not a date written YYYY-MM-DD"},
    {"\"2026-12-02\"", "\"+026-12-02\"", 400, "day: '+026-12-02' is not a date written YYYY-MM-DD"},
    {"\"2026-12-02\"", "\"2026-12-022\"", 400, "day: too long"},
    {"\"2026-12-02\"", "20261202", 400, "day: not a string"},
    {"\"trusted\"", "\"maybe\"", 400, "clock: 'maybe' is neither trusted nor untrusted"},
    {"\"trusted\"", "true", 400, "clock: not a string"},
    {NULL,
     "{\"v\":1,\"kiosk_id\":\"" KIOSK "\",\"instance_id\":\"" INSTANCE "\",\"seq\":1,"
     "\"day\":\"2026-12-02\",\"clock\":\"trusted\",\"metrics\":[]}",
     400, "metrics: not an object"},
    {"\"metrics\"", "\"counts\"", 400, "metrics: missing"},
    /* a report whose metrics are wrong: 422 */
    {"\"sessions\":100000", "\"sessions\":-1", 422,
     "metrics.sessions: not a whole number from 0 to 100000"},
    {"\"sessions\":100000", "\"sessions\":100001", 422,
     "metrics.sessions: not a whole number from 0 to 100000"},
    {"\"sessions\":100000", "\"sessions\":1.5", 422,
     "metrics.sessions: not a whole number from 0 to 100000"},
    {"\"sessions\":100000", "\"sessions\":1e3", 422,
     "metrics.sessions: not a whole number from 0 to 100000"},
    {"\"sessions\":100000", "\"sessions\":\"5\"", 422,
     "metrics.sessions: not a whole number from 0 to 100000"},
    {"\"sessions\":100000", "\"sessions\":null", 422,
     "metrics.sessions: not a whole number from 0 to 100000"},
    {"\"sessions\":100000", "\"sessions\":99999999999999999999", 400, "body: line 1 column "},
    {"\"lang:en\":7,", "", 422, "metrics.lang:en: missing"},
    {"\"lang:en\":7,", "\"lang:EN\":7,", 422, "metrics.lang:EN: no such metric in version 1"},
    {"\"lang:en\":7,", "\"lang:en\":7,\"need:food\":0,", 422,
     "metrics.need:food: no such metric in version 1"},
    {"\"metrics\":{\"sessions\":100000,", "\"metrics\":{", 422, "metrics.sessions: missing"},
};

static void every_bad_body(void **state)
{
    (void)state;
    struct report r = sample(), out;
    char *good = report_body(&r);
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        char *body = bad[i].from ? replaced(good, bad[i].from, bad[i].to) : xstrdup(bad[i].to);
        char err[256] = "";
        int status = report_parse(body, strlen(body), &out, err, sizeof err);
        if (status != bad[i].status || strncmp(err, bad[i].message, strlen(bad[i].message)) != 0)
            fail_msg("row %zu (%s): got %d '%s', want %d '%s'", i, body, status, err, bad[i].status,
                     bad[i].message);
        free(body);
    }
    free(good);
}

static void size_and_nul(void **state)
{
    (void)state;
    struct report r = sample(), out;
    char err[256];
    /* Over the limit: 413 before a byte is parsed. */
    char *big = xcalloc(REPORT_MAX_BODY + 2, 1);
    memset(big, ' ', REPORT_MAX_BODY + 1);
    assert_int_equal(report_parse(big, REPORT_MAX_BODY + 1, &out, err, sizeof err), 413);
    assert_string_equal(err, "body: more than 65536 bytes");
    /* At the limit: a good body padded with spaces is still a report. */
    char *body = report_body(&r);
    memcpy(big, body, strlen(body));
    assert_int_equal(report_parse(big, REPORT_MAX_BODY, &out, err, sizeof err), 0);
    /* A NUL inside is not hidden by a C string's end. */
    size_t len = strlen(body);
    body[len - 1] = '\0';
    assert_int_equal(report_parse(body, len, &out, err, sizeof err), 400);
    free(body);
    free(big);
}

/* report_parse() reads the canonical form itself and leaves every other
 * to jansson. A space before the body is the same JSON that the canonical
 * reader never takes, so `body` and " " + `body` must read alike: the
 * same status, and the same report when it is one. */
static void same_as_jansson(const char *body, size_t len, const char *what)
{
    char *spaced = xmalloc(len + 1);
    spaced[0] = ' ';
    memcpy(spaced + 1, body, len);
    struct report a, b;
    char err_a[256] = "", err_b[256] = "";
    int status_a = report_parse(body, len, &a, err_a, sizeof err_a);
    int status_b = report_parse(spaced, len + 1, &b, err_b, sizeof err_b);
    if (status_a != status_b)
        fail_msg("%s: %d '%s', but %d '%s' through jansson: %.*s", what, status_a, err_a, status_b,
                 err_b, (int)len, body);
    if (status_a == 0 && memcmp(&a, &b, sizeof a) != 0)
        fail_msg("%s: read otherwise than jansson reads it: %.*s", what, (int)len, body);
    free(spaced);
}

static void canonical_form_read_as_jansson_reads_it(void **state)
{
    (void)state;
    struct report r = sample(), out;
    char err[256] = "";
    /* The same report written otherwise: spaces, another key order. */
    char *body = report_body(&r);
    char *spaced = replaced(body, "\"seq\":118,", " \"seq\" : 118 ,\n");
    char *moved = replaced(spaced, "\"v\":1,", "");
    char *last = replaced(moved, "}}", "},\"v\":1}\n");
    assert_int_equal(report_parse(last, strlen(last), &out, err, sizeof err), 0);
    assert_memory_equal(&r, &out, sizeof r);
    /* An escape the canonical form never writes means the same. */
    char *escaped = replaced(body, "\"2026-12-02\"", "\"\\u0032026-12-02\"");
    assert_int_equal(report_parse(escaped, strlen(escaped), &out, err, sizeof err), 0);
    assert_memory_equal(&r, &out, sizeof r);
    /* Numbers JSON does not write, or past what a count or seq may be. */
    static const struct {
        const char *from, *to;
        int status;
    } numbers[] = {
        {"\"seq\":118", "\"seq\":0118", 400},
        {"\"seq\":118", "\"seq\":9223372036854775807", 0},
        {"\"seq\":118", "\"seq\":9223372036854775808", 400},
        {"\"seq\":118", "\"seq\":18446744073709551617", 400},
        {"\"lang:en\":7", "\"lang:en\":07", 400},
        {"\"lang:en\":7", "\"lang:en\":-0", 0},
        {"\"lang:en\":7", "\"lang:en\":0", 0},
        {"\"lang:en\":7", "\"lang:en\":+7", 400},
        {"\"sessions\":100000", "\"sessions\":1000000", 422},
        {"\"sessions\":100000", "\"sessions\":18446744073709551616", 400},
    };
    for (size_t i = 0; i < ARRAY_LEN(numbers); i++) {
        char *b = replaced(body, numbers[i].from, numbers[i].to);
        int status = report_parse(b, strlen(b), &out, err, sizeof err);
        if (status != numbers[i].status)
            fail_msg("%s: got %d '%s', want %d", numbers[i].to, status, err, numbers[i].status);
        same_as_jansson(b, strlen(b), numbers[i].to);
        free(b);
    }
    /* Every prefix, every byte deleted or changed: read as jansson reads. */
    size_t len = strlen(body);
    static const char other[] = {'0', '9', '-', '"', ' ', 'a', '}', ',', ':', '\0'};
    char *bent = xmalloc(len + 1);
    for (size_t at = 0; at < len; at++) {
        same_as_jansson(body, at, "a prefix");
        memcpy(bent, body, at);
        memcpy(bent + at, body + at + 1, len - at - 1);
        same_as_jansson(bent, len - 1, "a byte deleted");
        memcpy(bent, body, len);
        for (size_t o = 0; o < sizeof other; o++) {
            bent[at] = other[o];
            same_as_jansson(bent, len, "a byte changed");
        }
    }
    same_as_jansson(body, len, "the canonical body");
    free(bent);
    free(escaped);
    free(last);
    free(moved);
    free(spaced);
    free(body);
}

static void sign_and_verify(void **state)
{
    (void)state;
    unsigned char pk[REPORT_PUBLIC_KEY_BYTES], sk[REPORT_SECRET_KEY_BYTES];
    unsigned char pk2[REPORT_PUBLIC_KEY_BYTES], sk2[REPORT_SECRET_KEY_BYTES];
    assert_int_equal(report_keypair(pk, sk), 0);
    assert_int_equal(report_keypair(pk2, sk2), 0);
    unsigned char derived[REPORT_PUBLIC_KEY_BYTES];
    report_public_key(sk, derived);
    assert_memory_equal(pk, derived, sizeof pk);

    struct report r = sample();
    char *body = report_body(&r);
    size_t len = strlen(body);
    char sig[REPORT_SIG_LEN + 1];
    report_sign(sk, body, len, sig);
    assert_int_equal(strlen(sig), REPORT_SIG_LEN);
    assert_int_equal(report_verify(pk, body, len, sig), 0);
    /* Deterministic: Ed25519 signs the same bytes the same way. */
    char again[REPORT_SIG_LEN + 1];
    report_sign(sk, body, len, again);
    assert_string_equal(sig, again);

    assert_int_equal(report_verify(pk2, body, len, sig), -1);    /* another kiosk */
    assert_int_equal(report_verify(pk, body, len - 1, sig), -1); /* cut short */
    body[20] ^= 1;
    assert_int_equal(report_verify(pk, body, len, sig), -1); /* one bit */
    body[20] ^= 1;
    char bent[REPORT_SIG_LEN + 1];
    memcpy(bent, sig, sizeof bent);
    bent[10] = bent[10] == 'A' ? 'B' : 'A';
    assert_int_equal(report_verify(pk, body, len, bent), -1);
    assert_int_equal(report_verify(pk, body, len, NULL), -1);
    assert_int_equal(report_verify(pk, body, len, ""), -1);
    assert_int_equal(report_verify(pk, body, len, "not base64!"), -1);
    memcpy(bent, sig, sizeof bent);
    bent[REPORT_SIG_LEN - 3] = '*';
    assert_int_equal(report_verify(pk, body, len, bent), -1);

    /* The domain is signed: a bare Ed25519 signature of the body is not a
     * report signature. */
    unsigned char raw[crypto_sign_BYTES];
    crypto_sign_detached(raw, NULL, (const unsigned char *)body, len, sk);
    char raw64[REPORT_SIG_LEN + 1];
    sodium_bin2base64(raw64, sizeof raw64, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
    assert_int_equal(report_verify(pk, body, len, raw64), -1);
    free(body);
}

static void digest_and_hex(void **state)
{
    (void)state;
    char d[REPORT_DIGEST_LEN + 1];
    report_digest("abc", 3, d);
    assert_string_equal(d,
                        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    report_digest("", 0, d);
    assert_string_equal(d,
                        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(strlen(d), REPORT_DIGEST_LEN);

    unsigned char bytes[4] = {0x00, 0xab, 0x7f, 0xff}, back[4];
    char hex[9];
    report_hex(bytes, 4, hex);
    assert_string_equal(hex, "00ab7fff");
    assert_int_equal(report_unhex(hex, back, 4), 0);
    assert_memory_equal(bytes, back, 4);
    assert_int_equal(report_unhex("00AB7FFF", back, 4), -1);
    assert_int_equal(report_unhex("00ab7ff", back, 4), -1);
    assert_int_equal(report_unhex("00ab7fff0", back, 4), -1);
    assert_int_equal(report_unhex("00ab7fgf", back, 4), -1);

    char a[REPORT_INSTANCE_ID_LEN + 1], b[REPORT_INSTANCE_ID_LEN + 1];
    report_new_instance(a);
    report_new_instance(b);
    assert_int_equal(strlen(a), REPORT_INSTANCE_ID_LEN);
    assert_int_equal(report_unhex(a, back, 4) == -1, 1); /* 32 digits, not 8 */
    assert_string_not_equal(a, b);
}

static void metric_names(void **state)
{
    (void)state;
    char col[64];
    report_metric_column(M_NEED_MENTAL_HEALTH, col, sizeof col);
    assert_string_equal(col, "m_need_mental_health");
    report_metric_column(M_SESSIONS, col, sizeof col);
    assert_string_equal(col, "m_sessions");
    assert_int_equal(report_metric_find("need:violence"), M_NEED_VIOLENCE);
    assert_int_equal(report_metric_find("need:Violence"), -1);
    assert_string_equal(report_metric_name(M_FEATURE_LESSON), "feature:lesson");
    assert_null(report_metric_name(N_METRICS));
    assert_null(report_metric_name(-1));
    int sensitive = 0;
    for (int m = 0; m < N_METRICS; m++) {
        sensitive += report_metric_sensitive(m);
        /* Every column name is distinct and fits. */
        report_metric_column(m, col, sizeof col);
        for (int o = 0; o < m; o++) {
            char other[64];
            report_metric_column(o, other, sizeof other);
            assert_string_not_equal(col, other);
        }
    }
    assert_int_equal(sensitive, 7);
    assert_false(report_metric_sensitive(M_NEED_HOUSING));
    assert_true(report_metric_sensitive(M_NEED_WORRIED));
}

static void days(void **state)
{
    (void)state;
    static const struct {
        const char *day;
        int valid;
    } rows[] = {
        {"2026-12-02", 1},  {"2024-02-29", 1}, {"2000-02-29", 1}, {"1900-02-29", 0},
        {"2026-02-29", 0},  {"2026-04-31", 0}, {"2026-00-10", 0}, {"2026-01-00", 0},
        {"2026-1-010", 0},  {"2026-01-1 ", 0}, {"20260-1-01", 0}, {"", 0},
        {"2026-12-02T", 0}, {" 2026-12-0", 0},
    };
    for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
        if (report_day_valid(rows[i].day) != rows[i].valid)
            fail_msg("'%s': want %d", rows[i].day, rows[i].valid);
    }
}

/* The noise is a discrete Laplace with ratio 1/2: P(k) = 2^-|k| / 3, mean 0,
 * variance 4. Over many draws each frequency is within six standard
 * deviations of its probability (a false alarm about once in 10^8 runs). */
static void noise_distribution(void **state)
{
    (void)state;
    enum { DRAWS = 200000, SPAN = 6 };
    long hist[2 * SPAN + 1] = {0};
    double sum = 0, sum_sq = 0;
    for (int i = 0; i < DRAWS; i++) {
        int64_t n = report_noise();
        sum += (double)n;
        sum_sq += (double)n * (double)n;
        if (n >= -SPAN && n <= SPAN)
            hist[n + SPAN]++;
    }
    double mean = sum / DRAWS, var = sum_sq / DRAWS - mean * mean;
    /* sd of the mean: sqrt(4 / DRAWS) = 0.0045 */
    if (fabs(mean) > 6 * 0.0045)
        fail_msg("mean %f, want 0", mean);
    if (fabs(var - 4.0) > 0.25)
        fail_msg("variance %f, want 4", var);
    for (int k = -SPAN; k <= SPAN; k++) {
        double p = pow(2.0, -abs(k)) / 3.0, got = (double)hist[k + SPAN] / DRAWS;
        double sd = sqrt(p * (1 - p) / DRAWS);
        if (fabs(got - p) > 6 * sd + 1e-9)
            fail_msg("P(%d) = %f, want %f", k, got, p);
    }
    /* Clamped at zero, unbiased far from it. */
    double noisy = 0;
    for (int i = 0; i < 20000; i++) {
        int64_t n = report_noisy(0);
        assert_true(n >= 0);
        noisy += (double)report_noisy(100);
    }
    if (fabs(noisy / 20000 - 100) > 6 * sqrt(4.0 / 20000))
        fail_msg("report_noisy(100) averages %f", noisy / 20000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(body_round_trip),
        cmocka_unit_test(every_bad_body),
        cmocka_unit_test(size_and_nul),
        cmocka_unit_test(canonical_form_read_as_jansson_reads_it),
        cmocka_unit_test(sign_and_verify),
        cmocka_unit_test(digest_and_hex),
        cmocka_unit_test(metric_names),
        cmocka_unit_test(days),
        cmocka_unit_test(noise_distribution),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
