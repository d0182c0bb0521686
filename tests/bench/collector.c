/* collector-bench: the client half of the collector_reports_per_s benchmark.
 *
 *   collector-bench keygen KEYFILE       a kiosk key; prints the kiosk id
 *   collector-bench put BASE_URL KEYFILE N
 *       makes N distinct reports of that kiosk (one instance, seq 1..N, one
 *       day each from 2000-01-01, so no day limit is met) and signs them
 *       all first, then PUTs them one after another over one keep-alive
 *       connection (one libcurl easy handle), and prints
 *       "reports=N seconds=S reports_per_s=R p50_ms=.. p99_ms=.. max_ms=.."
 *       Every answer must be 201; anything else stops it with status 1.
 *
 *   collector-bench parts DIR N
 *       where a report's time goes, without HTTP or a store: microseconds
 *       per report to check its signature, parse it and hash it (what the
 *       collector does with every body), and per fdatasync() of a 4 KiB
 *       append to a file in DIR (what SQLite's COMMIT waits for with WAL
 *       and synchronous=FULL)
 *
 * Only the PUTs are timed: making and signing reports is the kiosks' work.
 */
#include "frontdoor/mem.h"
#include "frontdoor/report.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_key(const char *path, unsigned char sk[REPORT_SECRET_KEY_BYTES])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t n = fread(sk, 1, REPORT_SECRET_KEY_BYTES, f);
    fclose(f);
    return n == REPORT_SECRET_KEY_BYTES ? 0 : -1;
}

/* Day number `n` from 2000-01-01 as YYYY-MM-DD. */
static void day_label(int n, char out[11])
{
    struct tm tm = {.tm_year = 100, .tm_mon = 0, .tm_mday = 1 + n, .tm_hour = 12};
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

struct reply {
    char text[1024];
    size_t len;
};

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
    struct reply *r = arg;
    size_t len = size * n, room = sizeof r->text - 1 - r->len;
    memcpy(r->text + r->len, data, len < room ? len : room);
    r->len += len < room ? len : room;
    r->text[r->len] = '\0';
    return len;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int put_all(const char *base, const char *keyfile, int n)
{
    unsigned char sk[REPORT_SECRET_KEY_BYTES], pk[REPORT_PUBLIC_KEY_BYTES];
    if (read_key(keyfile, sk) != 0) {
        fprintf(stderr, "collector-bench: %s: not a key\n", keyfile);
        return 1;
    }
    report_public_key(sk, pk);
    struct report r;
    memset(&r, 0, sizeof r);
    report_hex(pk, sizeof pk, r.kiosk_id);
    report_new_instance(r.instance_id);
    r.clock_trusted = 1;

    char **bodies = xcalloc((size_t)n, sizeof *bodies);
    char(*sigs)[REPORT_SIG_LEN + 1] = xcalloc((size_t)n, sizeof *sigs);
    for (int i = 0; i < n; i++) {
        r.seq = i + 1;
        day_label(i, r.day);
        for (int m = 0; m < N_METRICS; m++)
            r.counts[m] = (i * 31 + m * 7) % 50;
        bodies[i] = report_body(&r);
        report_sign(sk, bodies[i], strlen(bodies[i]), sigs[i]);
    }

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *h = curl_easy_init();
    struct reply reply;
    double *lat = xcalloc((size_t)n, sizeof *lat);
    int status = 0;
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
    double t0 = now_s();
    for (int i = 0; i < n && status == 0; i++) {
        char url[512], sig_header[128];
        xsnprintf(url, sizeof url, "%s/v1/reports/%s/%s/%d", base, r.kiosk_id, r.instance_id,
                  i + 1);
        xsnprintf(sig_header, sizeof sig_header, "Frontdoor-Signature: %s", sigs[i]);
        struct curl_slist *headers = curl_slist_append(NULL, sig_header);
        headers = curl_slist_append(headers, "Content-Type: application/json");
        headers = curl_slist_append(headers, "Expect:");
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, bodies[i]);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(bodies[i]));
        reply.len = 0;
        reply.text[0] = '\0';
        double a = now_s();
        CURLcode rc = curl_easy_perform(h);
        lat[i] = now_s() - a;
        long code = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
        curl_slist_free_all(headers);
        if (rc != CURLE_OK || code != 201) {
            fprintf(stderr, "collector-bench: report %d: %s, HTTP %ld: %s\n", i + 1,
                    curl_easy_strerror(rc), code, reply.text);
            status = 1;
        }
    }
    double secs = now_s() - t0;
    long connects = 0;
    curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
    if (status == 0) {
        qsort(lat, (size_t)n, sizeof *lat, cmp_double);
        printf("reports=%d seconds=%.3f reports_per_s=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
               n, secs, n / secs, lat[n / 2] * 1e3, lat[(size_t)n * 99 / 100] * 1e3,
               lat[n - 1] * 1e3);
    }
    curl_easy_cleanup(h);
    curl_global_cleanup();
    for (int i = 0; i < n; i++)
        free(bodies[i]);
    free(bodies);
    free(sigs);
    free(lat);
    return status;
}

static int parts(const char *dir, int n)
{
    unsigned char pk[REPORT_PUBLIC_KEY_BYTES], sk[REPORT_SECRET_KEY_BYTES];
    if (report_keypair(pk, sk) != 0)
        return 1;
    struct report r;
    memset(&r, 0, sizeof r);
    report_hex(pk, sizeof pk, r.kiosk_id);
    report_new_instance(r.instance_id);
    r.seq = 1;
    xsnprintf(r.day, sizeof r.day, "2026-12-02");
    for (int m = 0; m < N_METRICS; m++)
        r.counts[m] = m * 3;
    char *body = report_body(&r);
    size_t len = strlen(body);
    char sig[REPORT_SIG_LEN + 1], digest[REPORT_DIGEST_LEN + 1], err[256];
    report_sign(sk, body, len, sig);
    int bad = 0;
    double t0 = now_s();
    for (int i = 0; i < n; i++)
        bad |= report_verify(pk, body, len, sig);
    double t1 = now_s();
    struct report out;
    for (int i = 0; i < n; i++)
        bad |= report_parse(body, len, &out, err, sizeof err);
    double t2 = now_s();
    for (int i = 0; i < n; i++)
        report_digest(body, len, digest);
    double t3 = now_s();
    free(body);
    if (bad) {
        fprintf(stderr, "collector-bench: a good report failed its checks\n");
        return 1;
    }

    char path[512];
    xsnprintf(path, sizeof path, "%s/fsync-probe", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        fprintf(stderr, "collector-bench: %s: cannot create\n", path);
        return 1;
    }
    char page[4096];
    memset(page, 'x', sizeof page);
    int syncs = n < 2000 ? n : 2000;
    double t4 = now_s();
    for (int i = 0; i < syncs && !bad; i++)
        bad = write(fd, page, sizeof page) != (ssize_t)sizeof page || fdatasync(fd) != 0;
    double t5 = now_s();
    close(fd);
    unlink(path);
    if (bad) {
        fprintf(stderr, "collector-bench: %s: cannot write and sync\n", path);
        return 1;
    }
    printf("verify_us=%.1f parse_us=%.1f digest_us=%.1f fdatasync_us=%.1f\n", (t1 - t0) / n * 1e6,
           (t2 - t1) / n * 1e6, (t3 - t2) / n * 1e6, (t5 - t4) / syncs * 1e6);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "parts") == 0)
        return parts(argv[2],
                     (int)strtol(argv[3], NULL, 10) > 0 ? (int)strtol(argv[3], NULL, 10) : 1);
    if (argc == 3 && strcmp(argv[1], "keygen") == 0) {
        unsigned char pk[REPORT_PUBLIC_KEY_BYTES], sk[REPORT_SECRET_KEY_BYTES];
        char hex[REPORT_KIOSK_ID_LEN + 1];
        FILE *f = fopen(argv[2], "wb");
        if (report_keypair(pk, sk) != 0 || !f || fwrite(sk, 1, sizeof sk, f) != sizeof sk) {
            fprintf(stderr, "collector-bench: %s: cannot write a key\n", argv[2]);
            if (f)
                fclose(f);
            return 1;
        }
        fclose(f);
        report_hex(pk, sizeof pk, hex);
        printf("%s\n", hex);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "put") == 0) {
        int n = (int)strtol(argv[4], NULL, 10);
        if (n < 1 || n > 10000000) {
            fprintf(stderr, "collector-bench: N '%s': not a number from 1\n", argv[4]);
            return 2;
        }
        return put_all(argv[2], argv[3], n);
    }
    fprintf(stderr,
            "usage: collector-bench keygen KEYFILE | put BASE_URL KEYFILE N | parts DIR N\n");
    return 2;
}
