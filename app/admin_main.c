/* admin_main.c: frontdoor-admin, the staff command line.
 *
 * Each subcommand is a row of `commands`: its name, its arguments, one line
 * of help, the options it takes and the function that runs it. One parser
 * reads every command line against that row, so usage errors look the same
 * everywhere and the help text cannot drift from what is accepted.
 *
 * Exit status: 0 done, 1 the work failed (bad bundle, unreadable database),
 * 2 the command line was wrong. Every message on stderr starts with the
 * program and names the file (and for a bundle the JSON path) it is about.
 * This program links only the core: no SDL, so it runs on a headless box.
 */
#include "frontdoor/catalog.h"
#include "frontdoor/config.h"
#include "frontdoor/counts.h"
#include "frontdoor/import.h"
#include "frontdoor/mem.h"
#include "frontdoor/paths.h"
#include "frontdoor/sync.h"

#include "counts_db.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROG "frontdoor-admin"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

enum {
    OPT_DB = 1 << 0,     /* --db PATH, required */
    OPT_SAMPLE = 1 << 1, /* --sample */
    OPT_EMPTY = 1 << 2,  /* --allow-empty */
    OPT_CONFIG = 1 << 3, /* --config FILE */
    OPT_IF_DUE = 1 << 4, /* --if-due */
    OPT_RETRY = 1 << 5,  /* --retry-parked */
};

#define MAX_ARGS 4

/* A parsed command line. */
struct args {
    const char *db;
    int sample;
    int allow_empty;
    const char *config;
    int if_due;
    int retry_parked;
    const char *arg[MAX_ARGS];
    int n_args;
};

struct command {
    const char *name;
    const char *usage; /* what follows the name */
    const char *help;
    unsigned opts;
    int min_args, max_args;
    int (*run)(const struct command *cmd, const struct args *a);
};

static int cmd_init(const struct command *cmd, const struct args *a);
static int cmd_import(const struct command *cmd, const struct args *a);
static int cmd_validate(const struct command *cmd, const struct args *a);
static int cmd_info(const struct command *cmd, const struct args *a);
static int cmd_status(const struct command *cmd, const struct args *a);
static int cmd_sync(const struct command *cmd, const struct args *a);
static int cmd_help(const struct command *cmd, const struct args *a);

static const struct command commands[] = {
    {"init", "--db PATH [--sample]",
     "create the database or migrate it to this version, and the kiosk's key and usage "
     "counts beside it; with --sample, also load the sample catalogue",
     OPT_DB | OPT_SAMPLE, 0, 0, cmd_init},
    {"import", "--db PATH [--allow-empty] FILE",
     "replace the catalogue with the bundle FILE; a bad bundle changes nothing; one with no "
     "services needs --allow-empty",
     OPT_DB | OPT_EMPTY, 1, 1, cmd_import},
    {"validate", "FILE", "check the bundle FILE without importing it", 0, 1, 1, cmd_validate},
    {"info", "--db PATH",
     "show the schema version, what the catalogue holds and whether it is "
     "sample data",
     OPT_DB, 0, 0, cmd_info},
    {"status", "--db PATH [--config FILE]",
     "show the kiosk's public key (to register it with the collector), its daily reports "
     "and the last successful upload",
     OPT_DB | OPT_CONFIG, 0, 0, cmd_status},
    {"sync", "--db PATH [--config FILE] [--if-due] [--retry-parked]",
     "send the sealed daily reports to the collector now (--if-due: only when the last "
     "failure's wait is over; --retry-parked: try refused reports again)",
     OPT_DB | OPT_CONFIG | OPT_IF_DUE | OPT_RETRY, 0, 0, cmd_sync},
    {"help", "[COMMAND]", "show this help, or one command's", 0, 0, 1, cmd_help},
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
                 "Staff tool for a Frontdoor kiosk's service catalogue. Works offline.\n"
                 "\n"
                 "commands:\n");
    for (size_t i = 0; i < ARRAY_LEN(commands); i++)
        fprintf(out, "  %-8s %s\n  %-8s   %s\n", commands[i].name, commands[i].usage, "",
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

/* Reads argv (after the command name) against the command's row. Returns
 * -1 when parsed, else the exit status (help shown or usage error). */
static int parse_args(const struct command *cmd, int argc, char **argv, struct args *a)
{
    memset(a, 0, sizeof *a);
    int options_done = 0;
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (!options_done && strcmp(s, "--") == 0) {
            options_done = 1;
        } else if (!options_done && (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0)) {
            printf("usage: " PROG " %s %s\n%s\n", cmd->name, cmd->usage, cmd->help);
            return EXIT_OK;
        } else if (!options_done && (cmd->opts & OPT_DB) && strcmp(s, "--db") == 0) {
            if (i + 1 >= argc)
                return usage_error(cmd, "--db needs a PATH");
            a->db = argv[++i];
        } else if (!options_done && (cmd->opts & OPT_DB) && strncmp(s, "--db=", 5) == 0) {
            a->db = s + 5;
        } else if (!options_done && (cmd->opts & OPT_SAMPLE) && strcmp(s, "--sample") == 0) {
            a->sample = 1;
        } else if (!options_done && (cmd->opts & OPT_EMPTY) && strcmp(s, "--allow-empty") == 0) {
            a->allow_empty = 1;
        } else if (!options_done && (cmd->opts & OPT_CONFIG) && strcmp(s, "--config") == 0) {
            if (i + 1 >= argc)
                return usage_error(cmd, "--config needs a FILE");
            a->config = argv[++i];
        } else if (!options_done && (cmd->opts & OPT_IF_DUE) && strcmp(s, "--if-due") == 0) {
            a->if_due = 1;
        } else if (!options_done && (cmd->opts & OPT_RETRY) && strcmp(s, "--retry-parked") == 0) {
            a->retry_parked = 1;
        } else if (!options_done && s[0] == '-' && s[1] != '\0') {
            return usage_error(cmd, "unknown option '%s'", s);
        } else {
            if (a->n_args >= cmd->max_args)
                return usage_error(cmd, "unexpected argument '%s'", s);
            a->arg[a->n_args++] = s;
        }
    }
    if ((cmd->opts & OPT_DB) && (!a->db || !*a->db))
        return usage_error(cmd, "missing --db PATH");
    if (a->n_args < cmd->min_args)
        return usage_error(cmd, "missing %s", cmd->min_args == 1 ? "FILE" : "arguments");
    return -1;
}

/* Opens the catalogue, printing why not. A missing file gets a hint rather
 * than SQLite's "unable to open database file". */
static struct catalog *open_db(const char *path, int flags)
{
    if (!(flags & CATALOG_CREATE) && access(path, F_OK) != 0) {
        error("%s: no such database; create it with '" PROG " init --db %s'", path, path);
        return NULL;
    }
    struct catalog *cat = NULL;
    if (catalog_open(path, flags, &cat) != CATALOG_OK) {
        error("%s", catalog_errmsg(cat));
        catalog_close(cat);
        return NULL;
    }
    return cat;
}

/* Imports `file` into `cat` with IMPORT_* `flags` and prints SUBJECT, ": ",
 * DONE and what the bundle held ("x.json: OK: 6 services, ..."), or why it
 * was refused. Returns EXIT_OK or EXIT_FAIL. */
static int import_and_report(struct catalog *cat, const char *file, unsigned flags,
                             const char *subject, const char *done)
{
    char err[1024];
    struct import_stats st;
    if (import_file(cat, file, flags, &st, err, sizeof err) != 0) {
        error("%s", err);
        return EXIT_FAIL;
    }
    printf("%s: %s%zu services, %zu organizations, %zu locations, %zu taxonomy terms, "
           "%zu translations",
           subject, done, st.services, st.organizations, st.locations, st.taxonomy_terms,
           st.translations);
    if (st.addresses_dropped)
        printf("; %zu confidential address%s not stored", st.addresses_dropped,
               st.addresses_dropped == 1 ? "" : "es");
    putchar('\n');
    return EXIT_OK;
}

static int cmd_init(const struct command *cmd, const struct args *a)
{
    (void)cmd;
    int existed = access(a->db, F_OK) == 0;
    struct catalog *cat = open_db(a->db, CATALOG_CREATE);
    if (!cat)
        return EXIT_FAIL;
    int status = EXIT_FAIL;
    struct catalog_info info;
    if (catalog_info(cat, &info) != CATALOG_OK) {
        error("%s", catalog_errmsg(cat));
        goto close_db;
    }
    printf("%s: %s, schema version %d\n", a->db, existed ? "ready" : "created",
           info.schema_version);
    char counts_db[4096], key[4096], err[1024];
    int made;
    counts_paths(a->db, counts_db, sizeof counts_db, key, sizeof key);
    if (counts_init(counts_db, key, &made, err, sizeof err) != 0) {
        error("%s", err);
        goto close_db;
    }
    printf("%s: kiosk key %s\n", key, made ? "made (register it: " PROG " status)" : "kept");
    if (a->sample) {
        /* Never let a demonstration overwrite a centre's real catalogue. */
        if (info.services > 0 && !info.sample) {
            error("%s: holds a catalogue that is not sample data; not replacing it (use '" PROG
                  " import' to replace it on purpose)",
                  a->db);
            goto close_db;
        }
        const char *sample = paths_sample_catalogue();
        if (import_and_report(cat, sample, 0, a->db, "sample catalogue loaded: ") != EXIT_OK)
            goto close_db;
    }
    status = EXIT_OK;
close_db:
    catalog_close(cat);
    return status;
}

static int cmd_import(const struct command *cmd, const struct args *a)
{
    (void)cmd;
    struct catalog *cat = open_db(a->db, CATALOG_READWRITE);
    if (!cat)
        return EXIT_FAIL;
    int status = import_and_report(cat, a->arg[0], a->allow_empty ? IMPORT_ALLOW_EMPTY : 0,
                                   a->arg[0], "imported ");
    if (status != EXIT_OK)
        error("%s: not changed", a->db);
    catalog_close(cat);
    return status;
}

static int cmd_validate(const struct command *cmd, const struct args *a)
{
    (void)cmd;
    /* A throwaway in-memory catalogue: the real import path, constraints
     * and all, with nothing on disk. */
    struct catalog *cat = open_db(":memory:", CATALOG_CREATE);
    if (!cat)
        return EXIT_FAIL;
    /* An empty bundle is valid; importing it is what needs --allow-empty. */
    int status = import_and_report(cat, a->arg[0], IMPORT_ALLOW_EMPTY, a->arg[0], "OK: ");
    catalog_close(cat);
    return status;
}

static int cmd_info(const struct command *cmd, const struct args *a)
{
    (void)cmd;
    struct catalog *cat = open_db(a->db, CATALOG_READONLY);
    if (!cat)
        return EXIT_FAIL;
    struct catalog_info info;
    int status = EXIT_OK;
    if (catalog_info(cat, &info) != CATALOG_OK) {
        error("%s", catalog_errmsg(cat));
        status = EXIT_FAIL;
    } else {
        printf("database: %s\n"
               "schema version: %d\n"
               "catalogue: %s\n"
               "language: %s\n"
               "imported on: %s\n"
               "services: %zu\n"
               "organizations: %zu\n"
               "locations: %zu\n"
               "taxonomy terms: %zu\n"
               "texts: %zu\n",
               a->db, info.schema_version,
               info.services == 0 ? "empty"
               : info.sample      ? "sample data"
                                  : "real data",
               info.language[0] ? info.language : "-", info.imported_on[0] ? info.imported_on : "-",
               info.services, info.organizations, info.locations, info.taxonomy_terms, info.texts);
    }
    catalog_close(cat);
    return status;
}

/* Reads the configuration for the upload: --config, else the default file
 * when it is there. */
static int load_config(const struct args *a, struct fd_config *cfg)
{
    char err[1024];
    config_defaults(cfg);
    const char *path = a->config ? a->config : paths_default_config();
    if (config_load(cfg, path, a->config != NULL, err, sizeof err) != 0) {
        error("%s", err);
        return -1;
    }
    return 0;
}

/* Local date and time of `ms` for staff, or "never". */
static const char *when(int64_t ms, char *buf, size_t size)
{
    if (ms <= 0)
        return "never";
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (!localtime_r(&t, &tm) || strftime(buf, size, "%Y-%m-%d %H:%M", &tm) == 0)
        return "?";
    return buf;
}

static int cmd_status(const struct command *cmd, const struct args *a)
{
    (void)cmd;
    struct fd_config cfg;
    if (load_config(a, &cfg) != 0)
        return EXIT_FAIL;
    char counts_db[4096], key[4096], err[1024];
    counts_paths(a->db, counts_db, sizeof counts_db, key, sizeof key);
    unsigned char sk[REPORT_SECRET_KEY_BYTES], pk[REPORT_PUBLIC_KEY_BYTES];
    char hex[REPORT_KIOSK_ID_LEN + 1];
    if (counts_read_key(key, sk, err, sizeof err) != 0) {
        error("%s (make one with '" PROG " init --db %s')", err, a->db);
        return EXIT_FAIL;
    }
    report_public_key(sk, pk);
    report_hex(pk, sizeof pk, hex);
    sqlite3 *db;
    if (access(counts_db, F_OK) != 0 || counts_db_open(counts_db, 0, &db, err, sizeof err) != 0) {
        error("%s: no counts database (make one with '" PROG " init --db %s')", counts_db, a->db);
        return EXIT_FAIL;
    }
    char buf[64], instance[64] = "-", last_error[300] = "", refused[300] = "";
    (void)counts_meta_get(db, "instance_id", instance, sizeof instance);
    (void)counts_meta_get(db, "last_error", last_error, sizeof last_error);
    (void)counts_meta_get(db, "refused", refused, sizeof refused);
    printf("public key: %s\n"
           "instance: %s\n"
           "collector: %s\n",
           hex, instance, cfg.sync_collector[0] ? cfg.sync_collector : "none configured");
    sqlite3_stmt *st = NULL;
    int status = EXIT_OK;
    if (sqlite3_prepare_v2(db,
                           "SELECT s.state, count(r.state) FROM (SELECT 'waiting' AS state, 1 AS o"
                           " UNION ALL SELECT 'sent', 2 UNION ALL SELECT 'parked', 3"
                           " UNION ALL SELECT 'dropped', 4) s LEFT JOIN report r"
                           " ON r.state = s.state GROUP BY s.state ORDER BY min(s.o)",
                           -1, &st, NULL) != SQLITE_OK) {
        error("%s: %s", counts_db, sqlite3_errmsg(db));
        status = EXIT_FAIL;
        goto close_db;
    }
    while (sqlite3_step(st) == SQLITE_ROW)
        printf("reports %s: %d\n", (const char *)sqlite3_column_text(st, 0),
               sqlite3_column_int(st, 1));
    sqlite3_finalize(st);
    printf("last successful upload: %s\n",
           when(counts_meta_int(db, "last_ok_ms", 0), buf, sizeof buf));
    if (last_error[0])
        printf("last upload failed: %s; next try after %s\n", last_error,
               when(counts_meta_int(db, "next_try_ms", 0), buf, sizeof buf));
    if (refused[0])
        printf("the collector refuses this kiosk (%s): register its public key, then run '" PROG
               " sync --retry-parked'\n",
               refused);
    if (sqlite3_prepare_v2(db,
                           "SELECT instance_id, seq, day, status FROM report "
                           "WHERE state = 'parked' ORDER BY rowid",
                           -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW)
            printf("parked: %s #%lld (%s): %s\n", (const char *)sqlite3_column_text(st, 0),
                   (long long)sqlite3_column_int64(st, 1), (const char *)sqlite3_column_text(st, 2),
                   (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
close_db:
    sqlite3_close(db);
    return status;
}

static int cmd_sync(const struct command *cmd, const struct args *a)
{
    (void)cmd;
    struct fd_config cfg;
    if (load_config(a, &cfg) != 0)
        return EXIT_FAIL;
    char counts_db[4096], key[4096], err[1024];
    counts_paths(a->db, counts_db, sizeof counts_db, key, sizeof key);
    if (access(counts_db, F_OK) != 0) {
        error("%s: no counts database (make one with '" PROG " init --db %s')", counts_db, a->db);
        return EXIT_FAIL;
    }
    struct sync_options o = {.counts_db = counts_db,
                             .key_path = key,
                             .cfg = &cfg,
                             .if_due = a->if_due,
                             .retry_parked = a->retry_parked,
                             .log = stdout};
    struct sync_result res;
    int rc = sync_run(&o, &res, err, sizeof err);
    if (rc < 0) {
        error("%s", err);
        return EXIT_FAIL;
    }
    if (rc == 1) {
        printf("not due yet: %d report%s waiting\n", res.waiting, res.waiting == 1 ? "" : "s");
        return EXIT_OK;
    }
    printf("sent %d, already there %d, parked %d, waiting %d\n", res.sent, res.dropped, res.parked,
           res.waiting);
    return res.failed ? EXIT_FAIL : EXIT_OK;
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
