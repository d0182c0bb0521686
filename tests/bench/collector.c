/* collector-bench: the client half of the collector_reports_per_s benchmark.
 *
 *   collector-bench keygen KEYFILE       a kiosk key; prints the kiosk id
 *   collector-bench put BASE_URL KEYFILE N [C]
 *       makes N distinct reports of that kiosk and signs them all first,
 *       then PUTs them C at a time (default 1) over C keep-alive
 *       connections, as C kiosks of a fleet would: libcurl easy handle k
 *       sends its own instance's reports, seq 1, 2, ..., one after
 *       another; report i has day i from 2000-01-01, so no day limit is
 *       met. One thread drives the C handles (libcurl's multi interface,
 *       which keeps the connections), so the client takes one core at
 *       most. Prints
 *       "reports=N connections=C seconds=S reports_per_s=R p50_ms=.. p99_ms=.. max_ms=.."
 *       Every answer must be 201; anything else stops it with status 1.
 *
 *   collector-bench parts DIR N
 *       where a report's time goes, without HTTP or a store: microseconds
 *       per report to check its signature, parse it and hash it (what the
 *       collector does with every body), and per fdatasync() of a 4 KiB
 *       append to a file in DIR (what every COMMIT would wait for with
 *       synchronous=FULL; with the collector's NORMAL only a checkpoint
 *       waits for it, once every few hundred reports)
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

/* The requests to send, made and signed before the clock starts. */
struct batch {
    int n, conns;
    char **urls, **bodies;
    struct curl_slist **headers; /* the signature's and the others */
    double *lat;                 /* seconds, per report */
};

/* One connection: its easy handle and the report it is sending. */
struct client {
    CURL *h;
    struct reply reply;
    int report;
    double started;
};

/* Report i of kiosk `sk` goes over connection i % C as seq i / C + 1 of
 * that connection's instance. */
static void make_requests(struct batch *b, const char *base,
                          const unsigned char sk[REPORT_SECRET_KEY_BYTES])
{
    unsigned char pk[REPORT_PUBLIC_KEY_BYTES];
    report_public_key(sk, pk);
    struct report r;
    memset(&r, 0, sizeof r);
    report_hex(pk, sizeof pk, r.kiosk_id);
    r.clock_trusted = 1;
    char(*instance)[REPORT_INSTANCE_ID_LEN + 1] = xcalloc((size_t)b->conns, sizeof *instance);
    for (int k = 0; k < b->conns; k++)
        report_new_instance(instance[k]);
    b->urls = xcalloc((size_t)b->n, sizeof *b->urls);
    b->bodies = xcalloc((size_t)b->n, sizeof *b->bodies);
    b->headers = xcalloc((size_t)b->n, sizeof *b->headers);
    b->lat = xcalloc((size_t)b->n, sizeof *b->lat);
    for (int i = 0; i < b->n; i++) {
        memcpy(r.instance_id, instance[i % b->conns], sizeof r.instance_id);
        r.seq = i / b->conns + 1;
        day_label(i, r.day);
        for (int m = 0; m < N_METRICS; m++)
            r.counts[m] = (i * 31 + m * 7) % 50;
        b->bodies[i] = report_body(&r);
        char sig[REPORT_SIG_LEN + 1], sig_header[128], url[512];
        report_sign(sk, b->bodies[i], strlen(b->bodies[i]), sig);
        xsnprintf(url, sizeof url, "%s/v1/reports/%s/%s/%lld", base, r.kiosk_id, r.instance_id,
                  (long long)r.seq);
        b->urls[i] = xstrdup(url);
        xsnprintf(sig_header, sizeof sig_header, "Frontdoor-Signature: %s", sig);
        b->headers[i] = curl_slist_append(NULL, sig_header);
        b->headers[i] = curl_slist_append(b->headers[i], "Content-Type: application/json");
        b->headers[i] = curl_slist_append(b->headers[i], "Expect:");
    }
    free(instance);
}

/* Sets `cl` up to send report i. */
static void start(const struct batch *b, struct client *cl, int i)
{
    curl_easy_setopt(cl->h, CURLOPT_URL, b->urls[i]);
    curl_easy_setopt(cl->h, CURLOPT_HTTPHEADER, b->headers[i]);
    curl_easy_setopt(cl->h, CURLOPT_POSTFIELDS, b->bodies[i]);
    curl_easy_setopt(cl->h, CURLOPT_POSTFIELDSIZE, (long)strlen(b->bodies[i]));
    cl->reply.len = 0;
    cl->reply.text[0] = '\0';
    cl->report = i;
    cl->started = now_s();
}

/* Sends every report, C at a time. Returns 0, or 1 at the first answer
 * that is not 201; `connects` gets the connections libcurl opened. */
static int send_all(struct batch *b, long *connects)
{
    CURLM *multi = curl_multi_init();
    struct client *cl = xcalloc((size_t)b->conns, sizeof *cl);
    int next = 0, done = 0, status = 0;
    for (int k = 0; k < b->conns; k++) {
        cl[k].h = curl_easy_init();
        curl_easy_setopt(cl[k].h, CURLOPT_CUSTOMREQUEST, "PUT");
        curl_easy_setopt(cl[k].h, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(cl[k].h, CURLOPT_WRITEDATA, &cl[k].reply);
        curl_easy_setopt(cl[k].h, CURLOPT_TIMEOUT, 30L);
        curl_easy_setopt(cl[k].h, CURLOPT_TCP_NODELAY, 1L);
        curl_easy_setopt(cl[k].h, CURLOPT_PRIVATE, &cl[k]);
        if (next < b->n) {
            start(b, &cl[k], next++);
            curl_multi_add_handle(multi, cl[k].h);
        }
    }
    *connects = 0;
    while (done < b->n && status == 0) {
        int running = 0, left = 0;
        if (curl_multi_perform(multi, &running) != CURLM_OK) {
            fprintf(stderr, "collector-bench: libcurl's multi interface failed\n");
            status = 1;
            break;
        }
        CURLMsg *msg;
        int finished = 0;
        while (status == 0 && (msg = curl_multi_info_read(multi, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            struct client *c = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&c);
            CURLcode rc = msg->data.result;
            long code = 0, opened = 0;
            curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &code);
            curl_easy_getinfo(c->h, CURLINFO_NUM_CONNECTS, &opened);
            b->lat[c->report] = now_s() - c->started;
            *connects += opened;
            curl_multi_remove_handle(multi, c->h);
            done++;
            finished++;
            if (rc != CURLE_OK || code != 201) {
                fprintf(stderr, "collector-bench: report %d: %s, HTTP %ld: %s\n", c->report + 1,
                        curl_easy_strerror(rc), code, c->reply.text);
                status = 1;
            } else if (next < b->n) {
                start(b, c, next++);
                curl_multi_add_handle(multi, c->h);
            }
        }
        /* A finished transfer's handle took its next report: start it
         * before waiting. */
        if (status == 0 && done < b->n && finished == 0)
            curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    for (int k = 0; k < b->conns; k++) {
        curl_multi_remove_handle(multi, cl[k].h);
        curl_easy_cleanup(cl[k].h);
    }
    free(cl);
    curl_multi_cleanup(multi);
    return status;
}

static int put_all(const char *base, const char *keyfile, int n, int conns)
{
    unsigned char sk[REPORT_SECRET_KEY_BYTES];
    if (read_key(keyfile, sk) != 0) {
        fprintf(stderr, "collector-bench: %s: not a key\n", keyfile);
        return 1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct batch b = {.n = n, .conns = conns};
    make_requests(&b, base, sk);
    long connects = 0;
    double t0 = now_s();
    int status = send_all(&b, &connects);
    double secs = now_s() - t0;
    if (status == 0) {
        qsort(b.lat, (size_t)n, sizeof *b.lat, cmp_double);
        printf("reports=%d connections=%ld seconds=%.3f reports_per_s=%.0f p50_ms=%.3f "
               "p99_ms=%.3f max_ms=%.3f\n",
               n, connects, secs, n / secs, b.lat[n / 2] * 1e3, b.lat[(size_t)n * 99 / 100] * 1e3,
               b.lat[n - 1] * 1e3);
    }
    for (int i = 0; i < n; i++) {
        free(b.urls[i]);
        free(b.bodies[i]);
        curl_slist_free_all(b.headers[i]);
    }
    free(b.urls);
    free(b.bodies);
    free(b.headers);
    free(b.lat);
    curl_global_cleanup();
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
    if ((argc == 5 || argc == 6) && strcmp(argv[1], "put") == 0) {
        int n = (int)strtol(argv[4], NULL, 10);
        int conns = argc == 6 ? (int)strtol(argv[5], NULL, 10) : 1;
        if (n < 1 || n > 10000000) {
            fprintf(stderr, "collector-bench: N '%s': not a number from 1\n", argv[4]);
            return 2;
        }
        if (conns < 1 || conns > 256 || conns > n) {
            fprintf(stderr, "collector-bench: C '%s': not a number from 1 to 256 and N\n", argv[5]);
            return 2;
        }
        return put_all(argv[2], argv[3], n, conns);
    }
    fprintf(stderr, "usage: collector-bench keygen KEYFILE | put BASE_URL KEYFILE N [C] | "
                    "parts DIR N\n");
    return 2;
}
