/* main.c: the kiosk's command line.
 *
 * Flags are rows of a table; each says whether it takes a value. Anything
 * wrong on the command line is a usage error (exit 2) that names the flag.
 */
#include "frontdoor/clock.h"
#include "frontdoor/i18n.h"
#include "frontdoor/kiosk.h"
#include "frontdoor/mem.h"
#include "frontdoor/paths.h"
#include "frontdoor/script.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_DB "/var/lib/frontdoor/catalogue.db"

struct args {
    struct kiosk_options k;
    const char *script;
    const char *shots;
    int help, version;
};

static const char usage[] =
    "usage: frontdoor [--windowed] [--size WxH] [--db PATH] [--lang CODE] [--config FILE]\n"
    "                 [--out-of-order]\n"
    "       frontdoor --headless --size WxH [--db PATH] [--config FILE] --script FILE --shots DIR\n"
    "\n"
    "  --windowed       run in a window instead of full screen\n"
    "  --size WxH       window size in pixels (headless default 1080x1920)\n"
    "  --db PATH        catalogue database (default " DEFAULT_DB ")\n"
    "  --lang CODE      start in this interface language (fi, ar, ...), one the\n"
    "                   configuration offers\n"
    "  --config FILE    configuration file (default /etc/frontdoor/frontdoor.conf)\n"
    "  --out-of-order   show only the out-of-order screen (what systemd starts when\n"
    "                   the kiosk would not stay up)\n"
    "  --headless       no display: offscreen, software rendering, simulated clock\n"
    "  --script FILE    headless: the script to run (see README)\n"
    "  --shots DIR      headless: where shot and dump write (default: current directory)\n"
    "  --clock YYYY-MM-DDTHH:MM\n"
    "                   headless: local time the simulated clock starts at\n"
    "                   (default 2026-01-05T10:00, a Monday)\n"
    "  --help, --version\n";

/* SIGTERM and SIGINT: the loop stops at its next wake-up; if it is busy and
 * does not, the alarm ends the process a second later. Only the kiosk's
 * memory is lost: it never writes to the catalogue. */
static volatile sig_atomic_t stopping;

static void on_alarm(int sig)
{
    (void)sig;
    _exit(0);
}

static void on_stop(int sig)
{
    (void)sig;
    stopping = 1;
    alarm(1);
}

static void catch_stop(void)
{
    struct sigaction sa = {0};
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
}

static int parse_size(const char *v, struct kiosk_options *k)
{
    char *end;
    long w = strtol(v, &end, 10);
    if (end == v || (*end != 'x' && *end != 'X'))
        return -1;
    const char *hs = end + 1;
    long h = strtol(hs, &end, 10);
    if (end == hs || *end || w < 320 || h < 240 || w > 8192 || h > 8192)
        return -1;
    k->width = (int)w;
    k->height = (int)h;
    return 0;
}

enum flag_id {
    F_WINDOWED,
    F_HEADLESS,
    F_SIZE,
    F_DB,
    F_LANG,
    F_CONFIG,
    F_OUT_OF_ORDER,
    F_SCRIPT,
    F_SHOTS,
    F_CLOCK,
    F_HELP,
    F_VERSION
};

static const struct {
    const char *name;
    enum flag_id id;
    int takes_value;
} flags[] = {
    {"--windowed", F_WINDOWED, 0},
    {"--headless", F_HEADLESS, 0},
    {"--size", F_SIZE, 1},
    {"--db", F_DB, 1},
    {"--lang", F_LANG, 1},
    {"--config", F_CONFIG, 1},
    {"--out-of-order", F_OUT_OF_ORDER, 0},
    {"--script", F_SCRIPT, 1},
    {"--shots", F_SHOTS, 1},
    {"--clock", F_CLOCK, 1},
    {"--help", F_HELP, 0},
    {"--version", F_VERSION, 0},
};

static int set_flag(struct args *a, enum flag_id id, const char *v)
{
    switch (id) {
    case F_WINDOWED:
        a->k.windowed = 1;
        return 0;
    case F_HEADLESS:
        a->k.headless = 1;
        return 0;
    case F_SIZE:
        if (parse_size(v, &a->k) != 0) {
            fprintf(stderr,
                    "frontdoor: --size: expected WIDTHxHEIGHT from 320x240 to "
                    "8192x8192, got \"%s\"\n",
                    v);
            return -1;
        }
        return 0;
    case F_DB:
        a->k.db = v;
        return 0;
    case F_LANG:
        if (!i18n_language(v)) {
            fprintf(stderr, "frontdoor: --lang: unknown language \"%s\"\n", v);
            return -1;
        }
        a->k.lang = v;
        return 0;
    case F_CONFIG:
        a->k.config = v;
        return 0;
    case F_OUT_OF_ORDER:
        a->k.out_of_order = 1;
        return 0;
    case F_SCRIPT:
        a->script = v;
        return 0;
    case F_SHOTS:
        a->shots = v;
        return 0;
    case F_CLOCK: {
        int64_t ms;
        if (clock_parse_local(v, &ms) != 0) {
            fprintf(stderr, "frontdoor: --clock: expected YYYY-MM-DDTHH:MM, got \"%s\"\n", v);
            return -1;
        }
        a->k.start = v;
        return 0;
    }
    case F_HELP:
        a->help = 1;
        return 0;
    case F_VERSION:
        a->version = 1;
        return 0;
    }
    return -1;
}

static int parse(int argc, char **argv, struct args *a)
{
    for (int i = 1; i < argc; i++) {
        size_t f;
        for (f = 0; f < ARRAY_LEN(flags); f++) {
            if (strcmp(argv[i], flags[f].name) == 0)
                break;
        }
        if (f == ARRAY_LEN(flags)) {
            fprintf(stderr, "frontdoor: unknown option \"%s\" (see --help)\n", argv[i]);
            return -1;
        }
        const char *v = NULL;
        if (flags[f].takes_value) {
            if (i + 1 >= argc) {
                fprintf(stderr, "frontdoor: %s needs a value\n", argv[i]);
                return -1;
            }
            v = argv[++i];
        }
        if (set_flag(a, flags[f].id, v) != 0)
            return -1;
    }
    if (a->help || a->version)
        return 0;
    if (a->k.headless && !a->script) {
        fprintf(stderr, "frontdoor: --headless needs --script FILE\n");
        return -1;
    }
    if (!a->k.headless && (a->script || a->shots || a->k.start)) {
        fprintf(stderr, "frontdoor: --script, --shots and --clock need --headless\n");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct args a = {.k = {.db = DEFAULT_DB}};
    if (parse(argc, argv, &a) != 0)
        return 2;
    if (a.help) {
        fputs(usage, stdout);
        return 0;
    }
    if (a.version) {
        printf("frontdoor %s\n", paths_version());
        return 0;
    }

    catch_stop();
    a.k.stop = &stopping;
    char err[1024];
    struct kiosk *k;
    if (kiosk_open(&a.k, &k, err, sizeof err) != 0) {
        fprintf(stderr, "frontdoor: %s\n", err);
        return 1;
    }
    int rc;
    if (a.k.headless) {
        rc = script_run(k, a.script, a.shots ? a.shots : ".", err, sizeof err) == 0 ? 0 : 1;
        if (rc)
            fprintf(stderr, "%s\n", err);
    } else {
        rc = kiosk_run(k);
    }
    kiosk_close(k);
    return rc;
}
