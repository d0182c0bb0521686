/* collector_main.c: frontdoor-collector, the city's report server.
 *
 * Each subcommand is a row of `commands` and each option a row of `options`
 * (cli.h): cli.c reads every command line against them, as it does for
 * frontdoor-admin.
 *
 * Exit status: 0 done, 1 the work failed (a store that cannot be opened,
 * an address that cannot be bound), 2 the command line was wrong. Every
 * message on stderr starts with the program's name. A store URI may hold a
 * password, so no message repeats a postgresql:// URI.
 */
#include "frontdoor/cli.h"
#include "frontdoor/clock.h"
#include "frontdoor/collector.h"
#include "frontdoor/mem.h"
#include "frontdoor/paths.h"
#include "frontdoor/publish.h"
#include "frontdoor/store.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROG "frontdoor-collector"

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
#define OPT(o) CLI_OPT(o)

static const struct cli_option options[N_OPTIONS] = {
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

static int cmd_add_kiosk(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_revoke(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_list(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_serve(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_publish(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_help(const struct cli_command *cmd, const struct cli_args *a);

static const struct cli_command commands[] = {
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

static const struct cli_program program = {
    PROG,
    "The city's server for the kiosks' signed daily usage reports. A store is a\n"
    "file path (SQLite) or a postgresql:// URI.",
    options,
    N_OPTIONS,
    commands,
    ARRAY_LEN(commands),
};

/* Opens the store named by --store, printing why not. A SQLite file must
 * exist unless `create`: a typo should not make an empty store. */
static struct store *open_store(const char *uri, int create)
{
    int pg = strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0;
    if (!pg && !create && access(uri, F_OK) != 0) {
        cli_error("--store %s: no such store; '" PROG " add-kiosk' creates it", uri);
        return NULL;
    }
    struct store *st = NULL;
    char err[512];
    if (store_open(uri, &st, err, sizeof err) != 0) {
        cli_error("--store: %s", err);
        return NULL;
    }
    return st;
}

static int cmd_add_kiosk(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    /* Checked before the store is opened: a typo makes no empty store. */
    char id[REPORT_KIOSK_ID_LEN + 1];
    if (collector_kiosk_id(a->arg[0], id) != 0) {
        cli_error("add-kiosk: '%.80s': not a public key of 64 hex digits", a->arg[0]);
        return CLI_FAIL;
    }
    if (!collector_group_valid(a->opt[O_GROUP])) {
        cli_error("add-kiosk: --group '%.80s': not 1 to %d characters without control characters "
                  "or spaces at the ends",
                  a->opt[O_GROUP], COLLECTOR_GROUP_MAX);
        return CLI_FAIL;
    }
    struct store *st = open_store(a->opt[O_STORE], 1);
    if (!st)
        return CLI_FAIL;
    enum collector_kiosk_change change;
    char now[COLLECTOR_GROUP_MAX + 1], err[512];
    int status = CLI_FAIL;
    if (collector_kiosk_add(st, a->arg[0], a->opt[O_GROUP], a->opt[O_MOVE] != NULL, &change, now,
                            err, sizeof err) != 0) {
        cli_error("add-kiosk: %s", err);
        goto close_store;
    }
    switch (change) {
    case COLLECTOR_KIOSK_ADDED:
        printf("kiosk %s added to group '%s'\n", a->arg[0], now);
        status = CLI_OK;
        break;
    case COLLECTOR_KIOSK_MOVED:
        printf("kiosk %s moved to group '%s'\n", a->arg[0], now);
        status = CLI_OK;
        break;
    case COLLECTOR_KIOSK_UNCHANGED:
        if (strcmp(now, a->opt[O_GROUP]) == 0) {
            printf("kiosk %s is already registered in group '%s'; nothing changed\n", a->arg[0],
                   now);
            status = CLI_OK;
        } else {
            cli_error("add-kiosk: kiosk %s is already registered in group '%s'; nothing changed "
                      "(--move moves it to '%s')",
                      a->arg[0], now, a->opt[O_GROUP]);
        }
        break;
    }
close_store:
    store_close(st);
    return status;
}

static int cmd_revoke(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    struct store *st = open_store(a->opt[O_STORE], 0);
    if (!st)
        return CLI_FAIL;
    int already = 0, status = CLI_OK;
    char err[512];
    if (collector_kiosk_revoke(st, a->arg[0], &already, err, sizeof err) != 0) {
        cli_error("revoke: %s", err);
        status = CLI_FAIL;
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

static int cmd_list(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    struct store *st = open_store(a->opt[O_STORE], 0);
    if (!st)
        return CLI_FAIL;
    printf("%-64s  %-20s  %-7s  %7s  %s\n", "kiosk_id", "group", "revoked", "reports", "last_day");
    char err[512];
    int status = CLI_OK;
    if (collector_kiosk_list(st, print_kiosk, NULL, err, sizeof err) != 0) {
        cli_error("list: %s", err);
        status = CLI_FAIL;
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

static int cmd_serve(const struct cli_command *cmd, const struct cli_args *a)
{
    struct collector_config cfg = {
        .store = a->opt[O_STORE],
        .listen = a->opt[O_LISTEN],
        .cert_file = a->opt[O_CERT],
        .key_file = a->opt[O_KEY],
    };
    if (cli_count(cmd, a, O_MAX_CONNECTIONS, 1, 1000, &cfg.max_connections) != 0 ||
        cli_count(cmd, a, O_TIMEOUT, 1, 3600, &cfg.timeout_s) != 0 ||
        cli_count(cmd, a, O_MAX_PER_DAY, 1, 100000, &cfg.max_reports_per_day) != 0)
        return CLI_USAGE;
    if ((cfg.cert_file != NULL) != (cfg.key_file != NULL))
        return cli_usage_error(cmd, "give both --cert FILE and --key FILE, or neither");

    struct collector *c = NULL;
    char err[1024];
    if (collector_open(&cfg, &c, err, sizeof err) != 0) {
        cli_error("serve: %s", err);
        return CLI_FAIL;
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
    int status = CLI_OK;
    if (fflush(stdout) != 0) {
        cli_error("serve: cannot write the output");
        status = CLI_FAIL;
    } else if (collector_run(c) != 0) {
        cli_error("serve: %s", collector_errmsg(c));
        status = CLI_FAIL;
    }
    sa.sa_handler = SIG_DFL;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    serving = NULL;
    collector_close(c);
    return status;
}

static int cmd_publish(const struct cli_command *cmd, const struct cli_args *a)
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
        return cli_usage_error(cmd, "%s", err);
    struct store *st = open_store(a->opt[O_STORE], 0);
    if (!st)
        return CLI_FAIL;
    int rc = a->opt[O_OUT] ? publish_to_file(st, &po, a->opt[O_OUT], err, sizeof err)
                           : publish_run(st, &po, stdout, err, sizeof err);
    store_close(st);
    if (rc == PUBLISH_USAGE)
        return cli_usage_error(cmd, "%s", err);
    if (rc != 0) {
        cli_error("publish: %s", err);
        return CLI_FAIL;
    }
    return CLI_OK;
}

static int cmd_help(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    return cli_help(a->n_args ? a->arg[0] : NULL);
}

int main(int argc, char **argv)
{
    return cli_main(&program, argc, argv);
}
