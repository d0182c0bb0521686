/* collector_main.c: frontdoor-collector, the city's report server.
 *
 * Each subcommand is a row of `commands`: its name, its arguments, one line
 * of help, the options it takes and requires, and the function that runs
 * it; each option is a row of `options`. One parser reads every command
 * line against those rows, so usage errors look the same everywhere and
 * the help cannot drift from what is accepted.
 *
 * Exit status: 0 done, 1 the work failed (a store that cannot be opened,
 * an address that cannot be bound), 2 the command line was wrong. Every
 * message on stderr starts with the program's name. A store URI may hold a
 * password, so no message repeats a postgresql:// URI.
 */
#include "frontdoor/clock.h"
#include "frontdoor/collector.h"
#include "frontdoor/mem.h"
#include "frontdoor/paths.h"
#include "frontdoor/publish.h"
#include "frontdoor/store.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROG "frontdoor-collector"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

enum option_id {
    O_STORE,
    O_GROUP,
    O_MOVE,
    O_LISTEN,
    O_CERT,
    O_KEY,
    O_MAX_CONNECTIONS,
    O_TIMEOUT,
    O_MAX_PER_DAY,
    O_PERIOD,
    O_FORMAT,
    O_DRAFT,
    O_OUT,
    N_OPTIONS
};
#define OPT(o) (1u << (o))

static const struct option {
    const char *name;
    const char *value; /* what follows it; NULL for a flag */
} options[N_OPTIONS] = {
    [O_STORE] = {"--store", "URI"},
    [O_GROUP] = {"--group", "GROUP"},
    [O_MOVE] = {"--move", NULL},
    [O_LISTEN] = {"--listen", "HOST:PORT"},
    [O_CERT] = {"--cert", "FILE"},
    [O_KEY] = {"--key", "FILE"},
    [O_MAX_CONNECTIONS] = {"--max-connections", "N"},
    [O_TIMEOUT] = {"--timeout", "SECONDS"},
    [O_MAX_PER_DAY] = {"--max-reports-per-day", "N"},
    [O_PERIOD] = {"--period", "PERIOD"},
    [O_FORMAT] = {"--format", "FORMAT"},
    [O_DRAFT] = {"--draft", NULL},
    [O_OUT] = {"--out", "FILE"},
};

#define MAX_ARGS 2

/* A parsed command line: each option's value ("" for a flag), or NULL. */
struct args {
    const char *opt[N_OPTIONS];
    const char *arg[MAX_ARGS];
    int n_args;
};

struct command {
    const char *name;
    const char *usage; /* what follows the name */
    const char *help;
    unsigned opts, required;
    int min_args, max_args;
    const char *arg_name; /* named when missing */
    int (*run)(const struct command *cmd, const struct args *a);
};

static int cmd_add_kiosk(const struct command *cmd, const struct args *a);
static int cmd_revoke(const struct command *cmd, const struct args *a);
static int cmd_list(const struct command *cmd, const struct args *a);
static int cmd_serve(const struct command *cmd, const struct args *a);
static int cmd_publish(const struct command *cmd, const struct args *a);
static int cmd_help(const struct command *cmd, const struct args *a);

static const struct command commands[] = {
    {"add-kiosk", "--store URI --group GROUP [--move] PUBLIC_KEY_HEX",
     "register a kiosk by its Ed25519 public key (64 hex digits, its kiosk id) in GROUP, the "
     "centre or area it counts for; a kiosk already registered is left as it is, unless --move "
     "moves it to GROUP",
     OPT(O_STORE) | OPT(O_GROUP) | OPT(O_MOVE), OPT(O_STORE) | OPT(O_GROUP), 1, 1, "PUBLIC_KEY_HEX",
     cmd_add_kiosk},
    {"revoke", "--store URI KIOSK_ID",
     "refuse the kiosk's reports from now on; those stored are kept", OPT(O_STORE), OPT(O_STORE), 1,
     1, "KIOSK_ID", cmd_revoke},
    {"list", "--store URI",
     "show every kiosk: group, whether revoked, reports stored and the last day reported",
     OPT(O_STORE), OPT(O_STORE), 0, 0, NULL, cmd_list},
    {"serve",
     "--store URI --listen HOST:PORT [--cert FILE --key FILE] [--max-connections N] "
     "[--timeout SECONDS] [--max-reports-per-day N]",
     "receive reports over HTTPS (plain HTTP on a loopback address only); port 0 picks a "
     "free port; prints 'listening on HOST:PORT' when ready; stops on SIGTERM or SIGINT",
     OPT(O_STORE) | OPT(O_LISTEN) | OPT(O_CERT) | OPT(O_KEY) | OPT(O_MAX_CONNECTIONS) |
         OPT(O_TIMEOUT) | OPT(O_MAX_PER_DAY),
     OPT(O_STORE) | OPT(O_LISTEN), 0, 0, NULL, cmd_serve},
    {"publish",
     "--store URI --period YYYY-Www|YYYY-MM --format csv|json|html [--group GROUP] [--draft] "
     "[--out FILE]",
     "publish a week's or a month's usage figures by group, small counts suppressed; the first "
     "publication of a period freezes it and later reports are shown apart as late; a period "
     "that has not ended needs --draft, which freezes nothing",
     OPT(O_STORE) | OPT(O_PERIOD) | OPT(O_FORMAT) | OPT(O_GROUP) | OPT(O_DRAFT) | OPT(O_OUT),
     OPT(O_STORE) | OPT(O_PERIOD) | OPT(O_FORMAT), 0, 0, NULL, cmd_publish},
    {"help", "[COMMAND]", "show this help, or one command's", 0, 0, 0, 1, NULL, cmd_help},
};

static void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(PROG ": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static int usage_error(const struct command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int usage_error(const struct command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, PROG "%s%s: ", cmd ? " " : "", cmd ? cmd->name : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (cmd)
        fprintf(stderr, "\nusage: " PROG " %s %s\n", cmd->name, cmd->usage);
    else
        fputs("\nrun '" PROG " --help' for the commands\n", stderr);
    return EXIT_USAGE;
}

static void print_help(FILE *out)
{
    fprintf(out, "usage: " PROG " COMMAND [ARGS]\n"
                 "       " PROG " --help | --version\n"
                 "\n"
                 "The city's server for the kiosks' signed daily usage reports. A store is a\n"
                 "file path (SQLite) or a postgresql:// URI.\n"
                 "\n"
                 "commands:\n");
    for (size_t i = 0; i < ARRAY_LEN(commands); i++)
        fprintf(out, "  %-9s %s\n  %-9s   %s\n", commands[i].name, commands[i].usage, "",
                commands[i].help);
    fprintf(out, "\nexit status: 0 done, 1 failed, 2 wrong command line\n");
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(commands); i++) {
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    }
    return NULL;
}

/* The option `s` names (with "=VALUE" allowed after a valued one), or -1. */
static int find_option(const char *s, const char **inline_value)
{
    *inline_value = NULL;
    for (int o = 0; o < N_OPTIONS; o++) {
        size_t n = strlen(options[o].name);
        if (strncmp(s, options[o].name, n) != 0)
            continue;
        if (s[n] == '\0')
            return o;
        if (s[n] == '=' && options[o].value) {
            *inline_value = s + n + 1;
            return o;
        }
    }
    return -1;
}

/* Reads argv (after the command name) against the command's row. Returns
 * -1 when parsed, else the exit status (help shown or usage error). */
static int parse_args(const struct command *cmd, int argc, char **argv, struct args *a)
{
    memset(a, 0, sizeof *a);
    int options_done = 0;
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i], *value = NULL;
        int o = -1;
        if (!options_done && strcmp(s, "--") == 0) {
            options_done = 1;
        } else if (!options_done && (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0)) {
            printf("usage: " PROG " %s %s\n%s\n", cmd->name, cmd->usage, cmd->help);
            return EXIT_OK;
        } else if (!options_done && s[0] == '-' && s[1] != '\0') {
            o = find_option(s, &value);
            if (o < 0 || !(cmd->opts & OPT(o)))
                return usage_error(cmd, "unknown option '%s'", s);
            if (a->opt[o])
                return usage_error(cmd, "%s given twice", options[o].name);
            if (!options[o].value) {
                value = "";
            } else if (!value) {
                if (i + 1 >= argc)
                    return usage_error(cmd, "%s needs a %s", options[o].name, options[o].value);
                value = argv[++i];
            }
            if (options[o].value && !value[0])
                return usage_error(cmd, "%s needs a %s, not an empty one", options[o].name,
                                   options[o].value);
            a->opt[o] = value;
        } else {
            if (a->n_args >= cmd->max_args)
                return usage_error(cmd, "unexpected argument '%s'", s);
            a->arg[a->n_args++] = s;
        }
    }
    for (int o = 0; o < N_OPTIONS; o++) {
        if ((cmd->required & OPT(o)) && !a->opt[o])
            return usage_error(cmd, "missing %s %s", options[o].name, options[o].value);
    }
    if (a->n_args < cmd->min_args)
        return usage_error(cmd, "missing %s", cmd->arg_name);
    return -1;
}

/* A whole number from `min` to `max` given to option `o`. */
static int parse_count(const struct command *cmd, const struct args *a, enum option_id o,
                       unsigned min, unsigned max, unsigned *out)
{
    const char *s = a->opt[o];
    if (!s)
        return 0;
    char *end = NULL;
    errno = 0;
    long long v = s[0] >= '0' && s[0] <= '9' ? strtoll(s, &end, 10) : -1;
    if (v < (long long)min || v > (long long)max || errno == ERANGE || !end || *end != '\0')
        return usage_error(cmd, "%s '%s': not a whole number from %u to %u", options[o].name, s,
                           min, max);
    *out = (unsigned)v;
    return 0;
}

/* Opens the store named by --store, printing why not. A SQLite file must
 * exist unless `create`: a typo should not make an empty store. */
static struct store *open_store(const char *uri, int create)
{
    int pg = strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0;
    if (!pg && !create && access(uri, F_OK) != 0) {
        error("--store %s: no such store; '" PROG " add-kiosk' creates it", uri);
        return NULL;
    }
    struct store *st = NULL;
    char err[512];
    if (store_open(uri, &st, err, sizeof err) != 0) {
        error("--store: %s", err);
        return NULL;
    }
    return st;
}

static int cmd_add_kiosk(const struct command *cmd, const struct args *a)
{
    (void)cmd;
    /* Checked before the store is opened: a typo makes no empty store. */
    char id[REPORT_KIOSK_ID_LEN + 1];
    if (collector_kiosk_id(a->arg[0], id) != 0) {
        error("add-kiosk: '%.80s': not a public key of 64 hex digits", a->arg[0]);
        return EXIT_FAIL;
    }
    if (!collector_group_valid(a->opt[O_GROUP])) {
        error("add-kiosk: --group '%.80s': not 1 to %d characters without control characters "
              "or spaces at the ends",
              a->opt[O_GROUP], COLLECTOR_GROUP_MAX);
        return EXIT_FAIL;
    }
    struct store *st = open_store(a->opt[O_STORE], 1);
    if (!st)
        return EXIT_FAIL;
    enum collector_kiosk_change change;
    char now[COLLECTOR_GROUP_MAX + 1], err[512];
    int status = EXIT_FAIL;
    if (collector_kiosk_add(st, a->arg[0], a->opt[O_GROUP], a->opt[O_MOVE] != NULL, &change, now,
                            err, sizeof err) != 0) {
        error("add-kiosk: %s", err);
        goto close_store;
    }
    switch (change) {
    case COLLECTOR_KIOSK_ADDED:
        printf("kiosk %s added to group '%s'\n", a->arg[0], now);
        status = EXIT_OK;
        break;
    case COLLECTOR_KIOSK_MOVED:
        printf("kiosk %s moved to group '%s'\n", a->arg[0], now);
        status = EXIT_OK;
        break;
    case COLLECTOR_KIOSK_UNCHANGED:
        if (strcmp(now, a->opt[O_GROUP]) == 0) {
            printf("kiosk %s is already registered in group '%s'; nothing changed\n", a->arg[0],
                   now);
            status = EXIT_OK;
        } else {
            error("add-kiosk: kiosk %s is already registered in group '%s'; nothing changed "
                  "(--move moves it to '%s')",
                  a->arg[0], now, a->opt[O_GROUP]);
        }
        break;
    }
close_store:
    store_close(st);
    return status;
}

static int cmd_revoke(const struct command *cmd, const struct args *a)
{
    (void)cmd;
    struct store *st = open_store(a->opt[O_STORE], 0);
    if (!st)
        return EXIT_FAIL;
    int already = 0, status = EXIT_OK;
    char err[512];
    if (collector_kiosk_revoke(st, a->arg[0], &already, err, sizeof err) != 0) {
        error("revoke: %s", err);
        status = EXIT_FAIL;
    } else {
        printf("kiosk %s %s\n", a->arg[0],
               already ? "was already revoked; nothing changed" : "revoked");
    }
    store_close(st);
    return status;
}

static void print_kiosk(const struct collector_kiosk *k, void *arg)
{
    (void)arg;
    printf("%-64s  %-20s  %-7s  %7lld  %s\n", k->kiosk_id, k->grp, k->revoked ? "yes" : "no",
           k->reports, k->last_day[0] ? k->last_day : "-");
}

static int cmd_list(const struct command *cmd, const struct args *a)
{
    (void)cmd;
    struct store *st = open_store(a->opt[O_STORE], 0);
    if (!st)
        return EXIT_FAIL;
    printf("%-64s  %-20s  %-7s  %7s  %s\n", "kiosk_id", "group", "revoked", "reports", "last_day");
    char err[512];
    int status = EXIT_OK;
    if (collector_kiosk_list(st, print_kiosk, NULL, err, sizeof err) != 0) {
        error("list: %s", err);
        status = EXIT_FAIL;
    }
    store_close(st);
    return status;
}

static struct collector *serving;

static void on_signal(int sig)
{
    (void)sig;
    if (serving)
        collector_stop(serving);
}

static int cmd_serve(const struct command *cmd, const struct args *a)
{
    struct collector_config cfg = {
        .store = a->opt[O_STORE],
        .listen = a->opt[O_LISTEN],
        .cert_file = a->opt[O_CERT],
        .key_file = a->opt[O_KEY],
    };
    if (parse_count(cmd, a, O_MAX_CONNECTIONS, 1, 1000, &cfg.max_connections) != 0 ||
        parse_count(cmd, a, O_TIMEOUT, 1, 3600, &cfg.timeout_s) != 0 ||
        parse_count(cmd, a, O_MAX_PER_DAY, 1, 100000, &cfg.max_reports_per_day) != 0)
        return EXIT_USAGE;
    if ((cfg.cert_file != NULL) != (cfg.key_file != NULL))
        return usage_error(cmd, "give both --cert FILE and --key FILE, or neither");

    struct collector *c = NULL;
    char err[1024];
    if (collector_open(&cfg, &c, err, sizeof err) != 0) {
        error("serve: %s", err);
        return EXIT_FAIL;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    serving = c;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);

    printf("listening on %s\n", collector_address(c));
    int status = EXIT_OK;
    if (fflush(stdout) != 0) {
        error("serve: cannot write the output");
        status = EXIT_FAIL;
    } else if (collector_run(c) != 0) {
        error("serve: %s", collector_errmsg(c));
        status = EXIT_FAIL;
    }
    sa.sa_handler = SIG_DFL;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    serving = NULL;
    collector_close(c);
    return status;
}

static int cmd_publish(const struct command *cmd, const struct args *a)
{
    struct publish_options po = {
        .period = a->opt[O_PERIOD],
        .group = a->opt[O_GROUP],
        .format = a->opt[O_FORMAT],
        .draft = a->opt[O_DRAFT] != NULL,
        .now_ms = clock_now_ms(),
    };
    char err[1024];
    if (publish_check(&po, err, sizeof err) != 0)
        return usage_error(cmd, "%s", err);
    struct store *st = open_store(a->opt[O_STORE], 0);
    if (!st)
        return EXIT_FAIL;
    int rc = a->opt[O_OUT] ? publish_to_file(st, &po, a->opt[O_OUT], err, sizeof err)
                           : publish_run(st, &po, stdout, err, sizeof err);
    store_close(st);
    if (rc == PUBLISH_USAGE)
        return usage_error(cmd, "%s", err);
    if (rc != 0) {
        error("publish: %s", err);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

static int cmd_help(const struct command *cmd, const struct args *a)
{
    if (a->n_args == 0) {
        print_help(stdout);
        return EXIT_OK;
    }
    const struct command *c = find_command(a->arg[0]);
    if (!c)
        return usage_error(cmd, "no command '%s'", a->arg[0]);
    printf("usage: " PROG " %s %s\n%s\n", c->name, c->usage, c->help);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error(NULL, "missing COMMAND");
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        print_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf(PROG " %s\n", paths_version());
        return EXIT_OK;
    }
    const struct command *cmd = find_command(name);
    if (!cmd)
        return usage_error(NULL, "unknown command '%s'", name);
    struct args a;
    int status = parse_args(cmd, argc - 2, argv + 2, &a);
    if (status >= 0)
        return status;
    status = cmd->run(cmd, &a);
    if (fflush(stdout) != 0) {
        error("cannot write the output");
        return EXIT_FAIL;
    }
    return status;
}
