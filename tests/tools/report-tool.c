/* report-tool: makes keys, reports and signatures for the collector's tests.
 *
 *   report-tool keygen OUT.key         a new key pair: the 64-byte secret key
 *                                      into OUT.key, the public key's hex
 *                                      (the kiosk id) on stdout
 *   report-tool pubkey KEY             the kiosk id of a secret key
 *   report-tool make KEY --instance ID --seq N --day YYYY-MM-DD
 *               [--kiosk HEX] [--untrusted] [--set METRIC=COUNT ...]
 *                                      a canonical body on stdout (no newline),
 *                                      every count 0 unless set
 *   report-tool sign KEY BODYFILE      the base64 signature of the file's bytes
 *
 * It writes what it is told, negative counts and foreign kiosk ids included:
 * the tests need bad reports as much as good ones. Exit status 0, or 1 with
 * a message.
 */
#include "frontdoor/mem.h"
#include "frontdoor/report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "report-tool: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

static int read_key(const char *path, unsigned char sk[REPORT_SECRET_KEY_BYTES])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail("%s: cannot open", path);
    size_t n = fread(sk, 1, REPORT_SECRET_KEY_BYTES, f);
    int extra = fgetc(f) != EOF;
    fclose(f);
    if (n != REPORT_SECRET_KEY_BYTES || extra)
        return fail("%s: not a 64-byte secret key", path);
    return 0;
}

static void print_kiosk_id(const unsigned char sk[REPORT_SECRET_KEY_BYTES])
{
    unsigned char pk[REPORT_PUBLIC_KEY_BYTES];
    char hex[REPORT_KIOSK_ID_LEN + 1];
    report_public_key(sk, pk);
    report_hex(pk, sizeof pk, hex);
    printf("%s\n", hex);
}

static int keygen(const char *out)
{
    unsigned char pk[REPORT_PUBLIC_KEY_BYTES], sk[REPORT_SECRET_KEY_BYTES];
    if (report_keypair(pk, sk) != 0)
        return fail("%s", "libsodium cannot start");
    FILE *f = fopen(out, "wb");
    if (!f)
        return fail("%s: cannot create", out);
    chmod(out, 0600);
    int bad = fwrite(sk, 1, sizeof sk, f) != sizeof sk;
    bad |= fclose(f) != 0;
    if (bad)
        return fail("%s: cannot write", out);
    print_kiosk_id(sk);
    return 0;
}

static int parse_ll(const char *s, long long *out)
{
    char *end = NULL;
    errno = 0;
    *out = strtoll(s, &end, 10);
    return s[0] && *end == '\0' && errno == 0 ? 0 : -1;
}

static int make(int argc, char **argv)
{
    unsigned char sk[REPORT_SECRET_KEY_BYTES], pk[REPORT_PUBLIC_KEY_BYTES];
    if (read_key(argv[0], sk) != 0)
        return 1;
    struct report r;
    memset(&r, 0, sizeof r);
    report_public_key(sk, pk);
    report_hex(pk, sizeof pk, r.kiosk_id);
    r.clock_trusted = 1;
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        long long n;
        if (strcmp(opt, "--untrusted") == 0) {
            r.clock_trusted = 0;
            continue;
        }
        if (!val)
            return fail("%s needs a value", opt);
        i++;
        if (strcmp(opt, "--instance") == 0) {
            xsnprintf(r.instance_id, sizeof r.instance_id, "%s", val);
        } else if (strcmp(opt, "--kiosk") == 0) {
            xsnprintf(r.kiosk_id, sizeof r.kiosk_id, "%s", val);
        } else if (strcmp(opt, "--seq") == 0) {
            if (parse_ll(val, &n) != 0)
                return fail("--seq %s: not a number", val);
            r.seq = n;
        } else if (strcmp(opt, "--day") == 0) {
            xsnprintf(r.day, sizeof r.day, "%s", val);
        } else if (strcmp(opt, "--set") == 0) {
            const char *eq = strrchr(val, '=');
            char name[64];
            if (!eq || (size_t)(eq - val) >= sizeof name)
                return fail("--set %s: not METRIC=COUNT", val);
            xsnprintf(name, sizeof name, "%.*s", (int)(eq - val), val);
            int m = report_metric_find(name);
            if (m < 0)
                return fail("--set: no metric '%s'", name);
            if (parse_ll(eq + 1, &n) != 0)
                return fail("--set %s: not a number", val);
            r.counts[m] = n;
        } else {
            return fail("unknown option '%s'", opt);
        }
    }
    char *body = report_body(&r);
    fputs(body, stdout);
    free(body);
    return 0;
}

static int sign(const char *key, const char *file)
{
    unsigned char sk[REPORT_SECRET_KEY_BYTES];
    if (read_key(key, sk) != 0)
        return 1;
    FILE *f = fopen(file, "rb");
    if (!f)
        return fail("%s: cannot open", file);
    size_t cap = 4096, len = 0;
    char *body = xmalloc(cap);
    size_t n;
    while ((n = fread(body + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap)
            body = xrealloc(body, cap *= 2);
    }
    fclose(f);
    char sig[REPORT_SIG_LEN + 1];
    report_sign(sk, body, len, sig);
    printf("%s\n", sig);
    free(body);
    return 0;
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "";
    if (strcmp(cmd, "keygen") == 0 && argc == 3)
        return keygen(argv[2]);
    if (strcmp(cmd, "pubkey") == 0 && argc == 3) {
        unsigned char sk[REPORT_SECRET_KEY_BYTES];
        if (read_key(argv[2], sk) != 0)
            return 1;
        print_kiosk_id(sk);
        return 0;
    }
    if (strcmp(cmd, "make") == 0 && argc >= 3)
        return make(argc - 2, argv + 2);
    if (strcmp(cmd, "sign") == 0 && argc == 4)
        return sign(argv[2], argv[3]);
    fprintf(stderr, "usage: report-tool keygen OUT.key | pubkey KEY | make KEY --instance ID "
                    "--seq N --day D [--kiosk HEX] [--untrusted] [--set METRIC=COUNT ...] | "
                    "sign KEY BODYFILE\n");
    return 1;
}
