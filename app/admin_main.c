/* admin_main.c: frontdoor-admin, the staff command line.
 *
 * Each subcommand is a row of `commands` and each option a row of `options`
 * (cli.h): cli.c reads every command line against them, as it does for
 * frontdoor-collector.
 *
 * Exit status: 0 done, 1 the work failed (bad bundle, unreadable database),
 * 2 the command line was wrong. Every message on stderr starts with the
 * program and names the file (and for a bundle the JSON path) it is about.
 * This program links only the core: no SDL, so it runs on a headless box.
 */
#include "frontdoor/catalog.h"
#include "frontdoor/cli.h"
#include "frontdoor/clock.h"
#include "frontdoor/config.h"
#include "frontdoor/counts.h"
#include "frontdoor/diff.h"
#include "frontdoor/export.h"
#include "frontdoor/fonts.h"
#include "frontdoor/hsds.h"
#include "frontdoor/import.h"
#include "frontdoor/mem.h"
#include "frontdoor/paths.h"
#include "frontdoor/sign.h"
#include "frontdoor/staff.h"
#include "frontdoor/sync.h"

#include "counts_db.h"

#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define PROG "frontdoor-admin"

enum option_id {
    O_DB,
    O_SAMPLE,
    O_EMPTY,
    O_CONFIG,
    O_IF_DUE,
    O_RETRY,
    O_UNSIGNED,
    O_KEY,
    O_FORMAT,
    O_OUTPUT,
    O_DRY_RUN,
    O_NEEDS,
    O_LENIENT,
    N_OPTIONS
};

static const struct cli_option options[N_OPTIONS] = {
    [O_DB] = {"--db", "PATH"},           [O_SAMPLE] = {"--sample", NULL},
    [O_EMPTY] = {"--allow-empty", NULL}, [O_CONFIG] = {"--config", "FILE"},
    [O_IF_DUE] = {"--if-due", NULL},     [O_RETRY] = {"--retry-parked", NULL},
    [O_UNSIGNED] = {"--unsigned", NULL}, [O_KEY] = {"--key", "FILE"},
    [O_FORMAT] = {"--format", "NAME"},   [O_OUTPUT] = {"--output", "FILE"},
    [O_DRY_RUN] = {"--dry-run", NULL},   [O_NEEDS] = {"--needs", "MAP.csv"},
    [O_LENIENT] = {"--lenient", NULL},
};

#define DB CLI_OPT(O_DB)

static int cmd_init(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_import(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_validate(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_export(const struct cli_command *cmd, const struct cli_args *a);

static int cmd_keygen(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_sign(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_verify(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_info(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_status(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_sync(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_set_pin(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_audit(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_edits(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_check_config(const struct cli_command *cmd, const struct cli_args *a);
static int cmd_help(const struct cli_command *cmd, const struct cli_args *a);

static const struct cli_command commands[] = {
    {"init", "--db PATH [--sample]",
     "create the database or migrate it to this version, and the kiosk's key and usage "
     "counts beside it; with --sample, also load the sample catalogue",
     DB | CLI_OPT(O_SAMPLE), DB, 0, 0, NULL, cmd_init},
    {"import",
     "--db PATH [--config FILE] [--unsigned] [--allow-empty] [--dry-run] [--needs MAP.csv] "
     "[--lenient] FILE",
     "replace the catalogue with the bundle FILE (Frontdoor's format; HSDS JSON: a service, a "
     "list, an API page; or an HSDS CSV folder with datapackage.json, or its zip), signed "
     "(FILE.sig) by a key the configuration trusts, or unsigned with "
     "--unsigned; a bad bundle changes nothing; one with no services needs --allow-empty; "
     "--dry-run lists the services it would add, change and remove, and changes nothing; "
     "--needs maps HSDS taxonomy terms to the kiosk's needs and facets; --lenient drops bad HSDS "
     "fields instead of refusing the file",
     DB | CLI_OPT(O_CONFIG) | CLI_OPT(O_UNSIGNED) | CLI_OPT(O_EMPTY) | CLI_OPT(O_DRY_RUN) |
         CLI_OPT(O_NEEDS) | CLI_OPT(O_LENIENT),
     DB, 1, 1, "FILE", cmd_import},
    {"validate", "FILE", "check the bundle FILE without importing it", 0, 0, 1, 1, "FILE",
     cmd_validate},
    {"export", "--db PATH [--format frontdoor|hsds-json|hsds-csv] [--output FILE]",
     "write the catalogue to FILE, or to standard output: as a bundle (frontdoor, the default), "
     "an HSDS 3.0 API page (hsds-json) or a new folder FILE of HSDS CSV tables (hsds-csv); "
     "importing it gives the same catalogue",
     DB | CLI_OPT(O_FORMAT) | CLI_OPT(O_OUTPUT), DB, 0, 0, NULL, cmd_export},
    {"keygen", "--key FILE",
     "make a key to sign bundles with in the new file FILE (keep it secret) and print its public "
     "key, for trusted_keys in each kiosk's configuration",
     CLI_OPT(O_KEY), CLI_OPT(O_KEY), 0, 0, NULL, cmd_keygen},
    {"sign", "--key FILE BUNDLE", "sign BUNDLE with the key in FILE, into BUNDLE.sig beside it",
     CLI_OPT(O_KEY), CLI_OPT(O_KEY), 1, 1, "BUNDLE", cmd_sign},
    {"verify", "[--config FILE] BUNDLE",
     "check that BUNDLE.sig is a signature over BUNDLE by a key the configuration trusts",
     CLI_OPT(O_CONFIG), 0, 1, 1, "BUNDLE", cmd_verify},
    {"info", "--db PATH",
     "show the schema version, what the catalogue holds and whether it is sample data", DB, DB, 0,
     0, NULL, cmd_info},
    {"status", "--db PATH [--config FILE]",
     "show the kiosk's public key (to register it with the collector), its daily reports "
     "and the last successful upload",
     DB | CLI_OPT(O_CONFIG), DB, 0, 0, NULL, cmd_status},
    {"sync", "--db PATH [--config FILE] [--if-due] [--retry-parked]",
     "seal the days that have ended (unless the kiosk is running: it seals its own) and send "
     "the sealed daily reports to the collector now (--if-due: only when the last failure's "
     "wait is over, and no error without a collector; --retry-parked: try refused reports "
     "again)",
     DB | CLI_OPT(O_CONFIG) | CLI_OPT(O_IF_DUE) | CLI_OPT(O_RETRY), DB, 0, 0, NULL, cmd_sync},
    {"set-pin", "--db PATH",
     "set the PIN that opens staff mode on the kiosk (4 to 12 digits, read from standard "
     "input, asked twice on a terminal); it also ends a lockout",
     DB, DB, 0, 0, NULL, cmd_set_pin},
    {"audit", "--db PATH",
     "print the staff audit log, oldest first: PIN changes, lockouts, imports and every edit "
     "made in staff mode",
     DB, DB, 0, 0, NULL, cmd_audit},
    {"edits", "--db PATH",
     "list the staff edits in force (closures, hours, notices, numbers) and which of them the "
     "catalogue has changed since",
     DB, DB, 0, 0, NULL, cmd_edits},
    {"check-config", "[--config FILE] [--db PATH]",
     "check the configuration (the default file unless --config) and what it names: the fonts, "
     "the collector's CA file, the USB folder, and with --db the database and the kiosk's key; "
     "a line per problem, exit 1 if any",
     CLI_OPT(O_CONFIG) | DB, 0, 0, 0, NULL, cmd_check_config},
    {"help", "[COMMAND]", "show this help, or one command's", 0, 0, 0, 1, NULL, cmd_help},
};

static const struct cli_program program = {
    PROG,
    "Staff tool for a Frontdoor kiosk's service catalogue and usage reports. Works offline.",
    options,
    N_OPTIONS,
    commands,
    ARRAY_LEN(commands),
};

/* Opens the catalogue, printing why not. A missing file gets a hint rather
 * than SQLite's "unable to open database file". */
static struct catalog *open_db(const char *path, int flags)
{
    if (!(flags & CATALOG_CREATE) && access(path, F_OK) != 0) {
        cli_error("%s: no such database; create it with '" PROG " init --db %s'", path, path);
        return NULL;
    }
    struct catalog *cat = NULL;
    if (catalog_open(path, flags, &cat) != CATALOG_OK) {
        cli_error("%s", catalog_errmsg(cat));
        catalog_close(cat);
        return NULL;
    }
    return cat;
}

/* Reads the configuration: --config, else the default file when it is
 * there. */
static int load_config(const struct cli_args *a, struct fd_config *cfg)
{
    char err[1024];
    config_defaults(cfg);
    const char *path = a->opt[O_CONFIG] ? a->opt[O_CONFIG] : paths_default_config();
    if (config_load(cfg, path, a->opt[O_CONFIG] != NULL, err, sizeof err) != 0) {
        cli_error("%s", err);
        return -1;
    }
    return 0;
}

/* Imports `file` (converted into `tree` already, or read into `buf`, or
 * neither) into `cat` with IMPORT_* `flags` and prints SUBJECT, ": ",
 * DONE and what the bundle held ("x.json: OK: 6 services, ..."), or why it
 * was refused. Returns CLI_OK or CLI_FAIL. */
static int import_and_report(struct catalog *cat, const char *file, const char *buf, size_t len,
                             json_t *tree, unsigned flags, const char *subject, const char *done)
{
    char err[1024];
    struct import_stats st;
    int rc = tree  ? import_tree(cat, file, tree, flags, &st, err, sizeof err)
             : buf ? import_buffer(cat, file, buf, len, flags, &st, err, sizeof err)
                   : import_file(cat, file, flags, &st, err, sizeof err);
    if (rc != 0) {
        cli_error("%s", err);
        return CLI_FAIL;
    }
    printf("%s: %s%zu services, %zu organizations, %zu locations, %zu taxonomy terms, "
           "%zu translations",
           subject, done, st.services, st.organizations, st.locations, st.taxonomy_terms,
           st.translations);
    if (st.addresses_dropped)
        printf("; %zu confidential address%s not stored", st.addresses_dropped,
               st.addresses_dropped == 1 ? "" : "es");
    putchar('\n');
    return CLI_OK;
}

static void after_import(const char *db, const char *file, const char *signer);

static int cmd_init(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    int existed = access(a->opt[O_DB], F_OK) == 0;
    struct catalog *cat = open_db(a->opt[O_DB], CATALOG_CREATE);
    if (!cat)
        return CLI_FAIL;
    int status = CLI_FAIL;
    struct catalog_info info;
    if (catalog_info(cat, &info) != CATALOG_OK) {
        cli_error("%s", catalog_errmsg(cat));
        goto close_db;
    }
    printf("%s: %s, schema version %d\n", a->opt[O_DB], existed ? "ready" : "created",
           info.schema_version);
    char counts_db[4096], key[4096], err[1024];
    int made;
    counts_paths(a->opt[O_DB], counts_db, sizeof counts_db, key, sizeof key);
    if (counts_init(counts_db, key, &made, err, sizeof err) != 0) {
        cli_error("%s", err);
        goto close_db;
    }
    printf("%s: kiosk key %s\n", key, made ? "made (register it: " PROG " status)" : "kept");
    if (a->opt[O_SAMPLE]) {
        /* Never let a demonstration overwrite a centre's real catalogue. */
        if (info.services > 0 && !info.sample) {
            cli_error("%s: holds a catalogue that is not sample data; not replacing it (use '" PROG
                      " import' to replace it on purpose)",
                      a->opt[O_DB]);
            goto close_db;
        }
        const char *sample = paths_sample_catalogue();
        if (import_and_report(cat, sample, NULL, 0, NULL, 0, a->opt[O_DB],
                              "sample catalogue loaded: ") != CLI_OK)
            goto close_db;
        after_import(a->opt[O_DB], sample, "");
    }
    status = CLI_OK;
close_db:
    catalog_close(cat);
    return status;
}

/* Reads the bundle `file` into *buf and checks that FILE.sig beside it is
 * a signature over those bytes by a key the configuration trusts, printing
 * who signed it. Returns 0, or -1 after saying why not. */
static int read_signed(const struct cli_args *a, const char *file, char **buf, size_t *len,
                       char signer[SIGN_PUBLIC_TEXT])
{
    struct fd_config cfg;
    if (load_config(a, &cfg) != 0)
        return -1;
    char err[1024], sig[4200];
    if (import_read(file, buf, len, err, sizeof err) != 0) {
        cli_error("%s", err);
        return -1;
    }
    const char *source = a->opt[O_CONFIG] ? a->opt[O_CONFIG] : paths_default_config();
    if (xsnprintf(sig, sizeof sig, "%s" SIGN_SUFFIX, file) >= (int)sizeof sig) {
        cli_error("%s: path too long", file);
    } else if (access(sig, F_OK) != 0) {
        cli_error("%s: not signed: there is no %s beside it (sign it with '" PROG
                  " sign'; a bundle nobody signed is imported only with --unsigned)",
                  file, sig);
    } else if (sign_check(file, *buf, *len, sig,
                          (const unsigned char(*)[SIGN_PUBLIC_BYTES])cfg.trusted_keys,
                          cfg.n_trusted_keys, source, signer, err, sizeof err) != 0) {
        cli_error("%s", err);
    } else {
        printf("%s: signed with the key %s\n", file, signer);
        return 0;
    }
    free(*buf);
    *buf = NULL;
    return -1;
}

/* Opens the staff's part of the database, printing why not. */
static struct staff *open_staff(const char *path)
{
    if (access(path, F_OK) != 0) {
        cli_error("%s: no such database; create it with '" PROG " init --db %s'", path, path);
        return NULL;
    }
    struct staff *st;
    if (staff_open(path, &st) != CATALOG_OK) {
        cli_error("%s", staff_errmsg(st));
        staff_close(st);
        return NULL;
    }
    return st;
}

/* One staff edit in a line, for staff: what, which service, which days. */
static void edit_print(const struct staff_edit *e)
{
    static const char *const days[] = {"every day", "Mondays", "Tuesdays",  "Wednesdays",
                                       "Thursdays", "Fridays", "Saturdays", "Sundays"};
    printf("%lld %s %s %s..%s", (long long)e->id, staff_kind_code(e->kind), e->service, e->starts,
           e->ends);
    if (e->kind == STAFF_HOURS && e->opens_at[0])
        printf(" %s %s-%s", days[e->weekday], e->opens_at, e->closes_at);
    else if (e->kind == STAFF_HOURS)
        printf(" %s closed", days[e->weekday]);
    else if (e->kind == STAFF_PHONE)
        printf(" %s: %s", e->phone, e->text);
    else if (e->text[0])
        printf(" %s: %s", e->lang, e->text);
    if (e->gone)
        printf(" [no longer in the catalogue: shown nowhere]");
    else if (e->contradicted)
        printf(" [the catalogue changed this since: check it]");
    printf(" (made %s)\n", e->made);
}

/* After an import: the line in the audit log, and the staff edits the new
 * catalogue contradicts, which stay until staff remove them. The import
 * itself is done; a failure here is reported, not undone. */
static void after_import(const char *db, const char *file, const char *signer)
{
    struct staff *st = open_staff(db);
    if (!st)
        return;
    struct staff_edit_list edits;
    int64_t now = clock_now_ms();
    if (staff_log_import(st, file, signer, now) != CATALOG_OK ||
        staff_edits(st, NULL, now, &edits) != CATALOG_OK) {
        cli_error("%s", staff_errmsg(st));
        staff_close(st);
        return;
    }
    for (size_t i = 0; i < edits.n; i++) {
        if (edits.items[i].contradicted || edits.items[i].gone) {
            printf("staff edit ");
            edit_print(&edits.items[i]);
        }
    }
    staff_edit_list_free(&edits);
    staff_close(st);
}

/* What importing `buf` into `cat` would change, by service name. */
static int dry_run(struct catalog *cat, const char *file, const char *buf, size_t len,
                   unsigned flags, const char *db)
{
    static const char *const verb[] = {"added", "changed", "removed"};
    struct catalogue_diff d;
    char err[1024];
    if (catalogue_diff(cat, file, buf, len, flags, &d, err, sizeof err) != 0) {
        cli_error("%s", err);
        return CLI_FAIL;
    }
    size_t count[3] = {0};
    for (size_t i = 0; i < d.n; i++) {
        printf("%s: %s (%s)\n", verb[d.changes[i].what], d.changes[i].name, d.changes[i].id);
        count[d.changes[i].what]++;
    }
    printf("%s: a dry run: %zu service%s would be added, %zu changed, %zu removed, %zu "
           "unchanged; %s not changed\n",
           file, count[CHANGE_ADDED], count[CHANGE_ADDED] == 1 ? "" : "s", count[CHANGE_CHANGED],
           count[CHANGE_REMOVED], d.unchanged, db);
    catalogue_diff_free(&d);
    return CLI_OK;
}

/* Converts the HSDS in `file` (`buf`: its JSON or its zip; NULL for a
 * folder) into a bundle, mapped by --needs onto the taxonomy of the
 * catalogue in `cat` (or the sample's, when it has none), printing what
 * it noticed. */
static int from_hsds(const struct cli_args *a, struct catalog *cat, const char *file,
                     const char *buf, size_t len, json_t **bundle)
{
    char err[1024], *base = NULL;
    size_t base_len = 0;
    struct catalog_info info;
    struct hsds_map *map = NULL;
    struct hsds_notes notes = {0};
    int status = CLI_FAIL;
    if (a->opt[O_NEEDS] && hsds_map_read(a->opt[O_NEEDS], &map, err, sizeof err) != 0) {
        cli_error("%s", err);
        return CLI_FAIL;
    }
    if (catalog_info(cat, &info) != CATALOG_OK) {
        cli_error("%s", catalog_errmsg(cat));
        goto done;
    }
    int rc = info.taxonomy_terms > 0
                 ? export_terms_to_memory(cat, &base, &base_len, err, sizeof err)
                 : import_read(paths_sample_catalogue(), &base, &base_len, err, sizeof err);
    if (rc != 0) {
        cli_error("%s", err);
        goto done;
    }
    unsigned flags = a->opt[O_LENIENT] ? HSDS_LENIENT : 0;
    if (buf && !hsds_is_zip(buf, len))
        rc = hsds_convert(file, buf, len, base, base_len, map, flags, bundle, &notes, err,
                          sizeof err);
    else
        rc = hsds_convert_csv(file, buf, len, base, base_len, map, flags, bundle, &notes, err,
                              sizeof err);
    for (size_t i = 0; i < notes.n_problems; i++) {
        if (a->opt[O_LENIENT])
            printf("%s\n", notes.problems[i]);
        else
            cli_error("%s", notes.problems[i]);
    }
    for (size_t i = 0; i < notes.n_skipped; i++)
        printf("%s\n", notes.skipped[i]);
    for (size_t i = 0; i < notes.n_unmapped; i++)
        printf("%s\n", notes.unmapped[i]);
    if (rc != 0 && !notes.n_problems)
        cli_error("%s", err);
    else if (rc != 0)
        cli_error("%s: %zu problem%s (--lenient drops each bad field and imports the rest)", file,
                  notes.n_problems, notes.n_problems == 1 ? "" : "s");
    status = rc == 0 ? CLI_OK : CLI_FAIL;
done:
    hsds_notes_free(&notes);
    hsds_map_free(map);
    free(base);
    return status;
}

static int cmd_import(const struct cli_command *cmd, const struct cli_args *a)
{
    const char *file = a->arg[0];
    char *buf = NULL, err[1024];
    size_t len = 0;
    int folder = hsds_is_folder(file);
    if (folder && !a->opt[O_UNSIGNED]) {
        cli_error("%s: a folder cannot carry a signature: sign a zip of it, or import it with "
                  "--unsigned",
                  file);
        cli_error("%s: not imported; %s not changed", file, a->opt[O_DB]);
        return CLI_FAIL;
    }
    char signer[SIGN_PUBLIC_TEXT] = "";
    if (!folder && !a->opt[O_UNSIGNED] && read_signed(a, file, &buf, &len, signer) != 0) {
        cli_error("%s: not imported; %s not changed", file, a->opt[O_DB]);
        return CLI_FAIL;
    }
    if (!folder && !buf && import_read(file, &buf, &len, err, sizeof err) != 0) {
        cli_error("%s", err);
        cli_error("%s: not changed", a->opt[O_DB]);
        return CLI_FAIL;
    }
    unsigned flags = a->opt[O_EMPTY] ? IMPORT_ALLOW_EMPTY : 0;
    int dry = a->opt[O_DRY_RUN] != NULL;
    struct catalog *cat = open_db(a->opt[O_DB], dry ? CATALOG_READONLY : CATALOG_READWRITE);
    int status = CLI_FAIL;
    json_t *tree = NULL;
    if (cat && (folder || hsds_is_zip(buf, len) || hsds_detect(buf, len))) {
        if (from_hsds(a, cat, file, buf, len, &tree) != CLI_OK) {
            catalog_close(cat);
            free(buf);
            cli_error("%s: not imported; %s not changed", file, a->opt[O_DB]);
            return CLI_FAIL;
        }
        free(buf);
        /* The import takes the converted tree as it is; a dry run compares
         * texts. */
        buf = dry ? json_dumps(tree, JSON_COMPACT) : NULL;
        len = buf ? strlen(buf) : 0;
        if (dry && !buf) {
            cli_error("%s: out of memory; %s not changed", file, a->opt[O_DB]);
            catalog_close(cat);
            json_decref(tree);
            return CLI_FAIL;
        }
    } else if (cat && (a->opt[O_NEEDS] || a->opt[O_LENIENT])) {
        catalog_close(cat);
        free(buf);
        return cli_usage_error(cmd,
                               "--needs and --lenient are for HSDS files; %s is a Frontdoor "
                               "bundle",
                               file);
    }
    if (cat && dry)
        status = dry_run(cat, file, buf, len, flags, a->opt[O_DB]);
    else if (cat)
        status = import_and_report(cat, file, buf, len, tree, flags, file, "imported ");
    if (cat && !dry && status == CLI_OK)
        after_import(a->opt[O_DB], file, signer);
    if (cat && status != CLI_OK)
        cli_error("%s: not changed", a->opt[O_DB]);
    catalog_close(cat);
    json_decref(tree);
    free(buf);
    return status;
}

/* Writes the catalogue of `cat` to `out` in `format` (not hsds-csv). */
static int export_to(struct catalog *cat, const char *format, FILE *out, char *err, size_t errlen)
{
    if (strcmp(format, "frontdoor") == 0)
        return export_bundle(cat, out, err, errlen);
    char *bundle;
    size_t len;
    if (export_to_memory(cat, &bundle, &len, err, errlen) != 0)
        return -1;
    int rc = hsds_write_json(bundle, len, out, err, errlen);
    free(bundle);
    return rc;
}

/* The catalogue as a new folder of HSDS CSV tables. */
static int export_csv(struct catalog *cat, const char *db, const char *dir)
{
    char *bundle, err[1024];
    size_t len;
    if (export_to_memory(cat, &bundle, &len, err, sizeof err) != 0) {
        cli_error("%s: %s", db, err);
        return CLI_FAIL;
    }
    int rc = hsds_write_csv(bundle, len, dir, err, sizeof err);
    free(bundle);
    if (rc != 0)
        cli_error("%s", err);
    return rc == 0 ? CLI_OK : CLI_FAIL;
}

static int cmd_export(const struct cli_command *cmd, const struct cli_args *a)
{
    const char *format = a->opt[O_FORMAT] ? a->opt[O_FORMAT] : "frontdoor";
    const char *path = a->opt[O_OUTPUT];
    int csv = strcmp(format, "hsds-csv") == 0;
    if (!csv && strcmp(format, "frontdoor") != 0 && strcmp(format, "hsds-json") != 0)
        return cli_usage_error(cmd,
                               "--format: \"%s\" is not a format this version writes "
                               "(frontdoor, hsds-json, hsds-csv)",
                               format);
    if (csv && !path)
        return cli_usage_error(cmd, "--format hsds-csv writes a folder: give it with --output");
    struct catalog *cat = open_db(a->opt[O_DB], CATALOG_READONLY);
    if (!cat)
        return CLI_FAIL;
    char tmp[4200], err[1024];
    FILE *out = stdout;
    int status = CLI_FAIL;
    if (csv) {
        status = export_csv(cat, a->opt[O_DB], path);
        goto close_db;
    }
    /* A file is written whole or not at all: beside it first, then renamed. */
    if (path && xsnprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        cli_error("%s: path too long", path);
        goto close_db;
    }
    if (path && !(out = fopen(tmp, "wb"))) {
        cli_error("%s: cannot write: %s", tmp, strerror(errno));
        goto close_db;
    }
    if (export_to(cat, format, out, err, sizeof err) != 0) {
        cli_error("%s: %s", a->opt[O_DB], err);
    } else if (fflush(out) != 0 || ferror(out) || (path && fsync(fileno(out)) != 0)) {
        cli_error("%s: cannot write: %s", path ? tmp : "standard output", strerror(errno));
    } else {
        status = CLI_OK;
    }
    if (path) {
        if (fclose(out) != 0 && status == CLI_OK) {
            cli_error("%s: cannot write: %s", tmp, strerror(errno));
            status = CLI_FAIL;
        }
        if (status == CLI_OK && rename(tmp, path) != 0) {
            cli_error("%s: cannot write: %s", path, strerror(errno));
            status = CLI_FAIL;
        }
        if (status != CLI_OK)
            remove(tmp);
    }
close_db:
    catalog_close(cat);
    return status;
}

static int cmd_keygen(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    char err[1024], pub[SIGN_PUBLIC_TEXT];
    if (sign_keygen(a->opt[O_KEY], pub, err, sizeof err) != 0) {
        cli_error("%s", err);
        return CLI_FAIL;
    }
    printf("%s: signing key made; keep this file secret\n"
           "public key: %s\n"
           "add the public key to trusted_keys in [catalogue] of each kiosk's configuration\n",
           a->opt[O_KEY], pub);
    return CLI_OK;
}

static int cmd_sign(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    const char *file = a->arg[0];
    char err[1024], sig[4200], pub[SIGN_PUBLIC_TEXT];
    char *buf;
    size_t len;
    if (xsnprintf(sig, sizeof sig, "%s" SIGN_SUFFIX, file) >= (int)sizeof sig) {
        cli_error("%s: path too long", file);
        return CLI_FAIL;
    }
    if (import_read(file, &buf, &len, err, sizeof err) != 0) {
        cli_error("%s", err);
        return CLI_FAIL;
    }
    int rc = sign_write(a->opt[O_KEY], buf, len, sig, pub, err, sizeof err);
    free(buf);
    if (rc != 0) {
        cli_error("%s", err);
        return CLI_FAIL;
    }
    printf("%s: signed with the key %s\n", sig, pub);
    return CLI_OK;
}

static int cmd_verify(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    char *buf, signer[SIGN_PUBLIC_TEXT];
    size_t len;
    if (read_signed(a, a->arg[0], &buf, &len, signer) != 0)
        return CLI_FAIL;
    free(buf);
    return CLI_OK;
}

static int cmd_validate(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    /* A throwaway in-memory catalogue: the real import path, constraints
     * and all, with nothing on disk. */
    struct catalog *cat = open_db(":memory:", CATALOG_CREATE);
    if (!cat)
        return CLI_FAIL;
    /* An empty bundle is valid; importing it is what needs --allow-empty. */
    int status =
        import_and_report(cat, a->arg[0], NULL, 0, NULL, IMPORT_ALLOW_EMPTY, a->arg[0], "OK: ");
    catalog_close(cat);
    return status;
}

static int cmd_info(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    struct catalog *cat = open_db(a->opt[O_DB], CATALOG_READONLY);
    if (!cat)
        return CLI_FAIL;
    struct catalog_info info;
    int status = CLI_OK;
    if (catalog_info(cat, &info) != CATALOG_OK) {
        cli_error("%s", catalog_errmsg(cat));
        status = CLI_FAIL;
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
               a->opt[O_DB], info.schema_version,
               info.services == 0 ? "empty"
               : info.sample      ? "sample data"
                                  : "real data",
               info.language[0] ? info.language : "-", info.imported_on[0] ? info.imported_on : "-",
               info.services, info.organizations, info.locations, info.taxonomy_terms, info.texts);
    }
    catalog_close(cat);
    return status;
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

static int cmd_status(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    struct fd_config cfg;
    if (load_config(a, &cfg) != 0)
        return CLI_FAIL;
    char counts_db[4096], key[4096], err[1024];
    counts_paths(a->opt[O_DB], counts_db, sizeof counts_db, key, sizeof key);
    unsigned char sk[REPORT_SECRET_KEY_BYTES], pk[REPORT_PUBLIC_KEY_BYTES];
    char hex[REPORT_KIOSK_ID_LEN + 1];
    if (counts_read_key(key, sk, err, sizeof err) != 0) {
        cli_error("%s (make one with '" PROG " init --db %s')", err, a->opt[O_DB]);
        return CLI_FAIL;
    }
    report_public_key(sk, pk);
    report_hex(pk, sizeof pk, hex);
    sqlite3 *db;
    if (access(counts_db, F_OK) != 0 || counts_db_open(counts_db, 0, &db, err, sizeof err) != 0) {
        cli_error("%s: no counts database (make one with '" PROG " init --db %s')", counts_db,
                  a->opt[O_DB]);
        return CLI_FAIL;
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
    int status = CLI_OK;
    if (sqlite3_prepare_v2(db,
                           "SELECT s.state, count(r.state) FROM (SELECT 'waiting' AS state, 1 AS o"
                           " UNION ALL SELECT 'sent', 2 UNION ALL SELECT 'parked', 3"
                           " UNION ALL SELECT 'dropped', 4) s LEFT JOIN report r"
                           " ON r.state = s.state GROUP BY s.state ORDER BY min(s.o)",
                           -1, &st, NULL) != SQLITE_OK) {
        cli_error("%s: %s", counts_db, sqlite3_errmsg(db));
        status = CLI_FAIL;
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

static int cmd_sync(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    struct fd_config cfg;
    if (load_config(a, &cfg) != 0)
        return CLI_FAIL;
    char counts_db[4096], key[4096], err[1024];
    counts_paths(a->opt[O_DB], counts_db, sizeof counts_db, key, sizeof key);
    if (access(counts_db, F_OK) != 0) {
        cli_error("%s: no counts database (make one with '" PROG " init --db %s')", counts_db,
                  a->opt[O_DB]);
        return CLI_FAIL;
    }
    /* Days a kiosk that is not running left open are sealed here, so that
     * the timer sends them too; a running kiosk seals its own. */
    struct counts_now now = {clock_now_ms(), clock_trusted(), clock_boot_ms()};
    int sealed = counts_seal_ended(counts_db, key, now, err, sizeof err);
    if (sealed < 0) {
        cli_error("%s", err);
        return CLI_FAIL;
    }
    if (sealed > 0)
        printf("sealed %d report%s of a day that had ended\n", sealed, sealed == 1 ? "" : "s");
    if (!cfg.sync_collector[0] && a->opt[O_IF_DUE]) {
        printf("no collector configured: the reports stay here\n");
        return CLI_OK;
    }
    struct sync_options o = {.counts_db = counts_db,
                             .key_path = key,
                             .cfg = &cfg,
                             .if_due = a->opt[O_IF_DUE] != NULL,
                             .retry_parked = a->opt[O_RETRY] != NULL,
                             .log = stdout};
    struct sync_result res;
    int rc = sync_run(&o, &res, err, sizeof err);
    if (rc < 0) {
        cli_error("%s", err);
        return CLI_FAIL;
    }
    if (rc == 1) {
        printf("not due yet: %d report%s waiting\n", res.waiting, res.waiting == 1 ? "" : "s");
        return CLI_OK;
    }
    printf("sent %d, already there %d, parked %d, waiting %d\n", res.sent, res.dropped, res.parked,
           res.waiting);
    return res.failed ? CLI_FAIL : CLI_OK;
}

/* Reads a PIN from standard input: from a terminal twice, not echoed. */
static int read_pin(char *pin, size_t size)
{
    int tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty && tcgetattr(STDIN_FILENO, &old) == 0) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char again[64] = "";
    if (tty)
        fprintf(stderr, "New staff PIN (%d to %d digits): ", STAFF_PIN_MIN, STAFF_PIN_MAX);
    int ok = fgets(pin, (int)size, stdin) != NULL;
    if (ok && tty) {
        fprintf(stderr, "\nThe same PIN again: ");
        ok = fgets(again, sizeof again, stdin) != NULL;
    }
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!ok) {
        cli_error("no PIN on standard input");
        return -1;
    }
    pin[strcspn(pin, "\r\n")] = '\0';
    again[strcspn(again, "\r\n")] = '\0';
    if (tty && strcmp(pin, again) != 0) {
        cli_error("the two PINs differ; nothing changed");
        return -1;
    }
    return 0;
}

static int cmd_set_pin(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    char pin[64];
    if (read_pin(pin, sizeof pin) != 0)
        return CLI_FAIL;
    struct staff *st = open_staff(a->opt[O_DB]);
    int status = CLI_FAIL;
    if (st && staff_set_pin(st, pin, clock_now_ms()) != CATALOG_OK)
        cli_error("%s: %s; nothing changed", a->opt[O_DB], staff_errmsg(st));
    else if (st)
        status = CLI_OK;
    if (status == CLI_OK)
        printf("%s: staff PIN set\n", a->opt[O_DB]);
    sodium_memzero(pin, sizeof pin);
    staff_close(st);
    return status;
}

static int cmd_audit(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    struct staff *st = open_staff(a->opt[O_DB]);
    if (!st)
        return CLI_FAIL;
    struct staff_audit_list log;
    int status = CLI_OK;
    if (staff_audit(st, SIZE_MAX, &log) != CATALOG_OK) {
        cli_error("%s", staff_errmsg(st));
        status = CLI_FAIL;
    }
    for (size_t i = log.n; status == CLI_OK && i-- > 0;) {
        const struct staff_audit_line *l = &log.items[i];
        char file[STAFF_TEXT_MAX + 64], signer[SIGN_PUBLIC_TEXT];
        int failures;
        char until[17];
        if (strcmp(l->action, "locked") == 0 &&
            staff_lock_detail(l->detail, &failures, until) == 0) {
            printf("%s locked after %d wrong PINs, until %s\n", l->at, failures, until);
            continue;
        }
        if (strcmp(l->action, "import") == 0) {
            staff_import_detail(l->detail, file, sizeof file, signer, sizeof signer);
            printf("%s import %s, %s%s\n", l->at, file,
                   signer[0] ? "signed with the key " : "unsigned", signer);
            continue;
        }
        printf("%s %s%s%s%s%s\n", l->at, l->action, l->service[0] ? " " : "", l->service,
               l->detail[0] ? " " : "", l->detail);
    }
    staff_audit_list_free(&log);
    staff_close(st);
    return status;
}

static int cmd_edits(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    struct staff *st = open_staff(a->opt[O_DB]);
    if (!st)
        return CLI_FAIL;
    struct staff_edit_list edits;
    int status = CLI_OK;
    if (staff_edits(st, NULL, clock_now_ms(), &edits) != CATALOG_OK) {
        cli_error("%s", staff_errmsg(st));
        status = CLI_FAIL;
    }
    for (size_t i = 0; status == CLI_OK && i < edits.n; i++)
        edit_print(&edits.items[i]);
    staff_edit_list_free(&edits);
    staff_close(st);
    return status;
}

/* check-config's problems: each said on a line of its own. */
static int problems;

__attribute__((format(printf, 1, 2))) static void problem(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    problems++;
}

/* The fonts the kiosk draws with, by family, as fontconfig finds them. */
static void check_fonts(void)
{
    if (!FcInit()) {
        problem("fontconfig: cannot read its configuration, so the kiosk finds no font");
        return;
    }
    for (int i = 0; i < FONT_FAMILIES; i++) {
        FcPattern *pat = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, font_families[i], NULL);
        FcObjectSet *os = FcObjectSetBuild(FC_FILE, NULL);
        FcFontSet *fs = pat && os ? FcFontList(NULL, pat, os) : NULL;
        if (!fs || fs->nfont == 0)
            problem("font \"%s\": not installed (Debian: fonts-noto-core); the kiosk shows the "
                    "languages that need it with another font, or out of order",
                    font_families[i]);
        if (fs)
            FcFontSetDestroy(fs);
        if (os)
            FcObjectSetDestroy(os);
        if (pat)
            FcPatternDestroy(pat);
    }
    FcFini();
}

/* A PEM certificate file the upload trusts alone. */
static void check_ca_file(const char *path)
{
    char *buf = NULL, err[1024];
    size_t len;
    if (paths_read_regular(path, 1 << 20, "a CA file", &buf, &len, err, sizeof err) != 0)
        problem("%s", err);
    else if (!strstr(buf, "-----BEGIN CERTIFICATE-----"))
        problem("%s: holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\")", path);
    free(buf);
}

/* The catalogue, and the kiosk's key and counts beside it. */
static void check_db(const char *db)
{
    struct catalog *cat = NULL;
    struct catalog_info info;
    if (access(db, F_OK) != 0) {
        problem("%s: no such database; create it with '" PROG " init --db %s'", db, db);
    } else if (catalog_open(db, CATALOG_READONLY, &cat) != CATALOG_OK) {
        problem("%s", catalog_errmsg(cat));
    } else if (catalog_info(cat, &info) != CATALOG_OK) {
        problem("%s", catalog_errmsg(cat));
    } else if (info.services == 0) {
        problem("%s: holds no catalogue; the kiosk is out of order until one is imported "
                "('" PROG " import')",
                db);
    }
    catalog_close(cat);
    char counts_db[4096], key[4096], err[1024];
    unsigned char sk[64];
    struct stat st;
    counts_paths(db, counts_db, sizeof counts_db, key, sizeof key);
    if (access(key, F_OK) != 0)
        problem("%s: no kiosk key, so nothing is counted; '" PROG " init --db %s' makes one", key,
                db);
    else if (counts_read_key(key, sk, err, sizeof err) != 0)
        problem("%s", err);
    else if (stat(key, &st) == 0 && (st.st_mode & 077))
        problem("%s: readable by others (mode %03o); it must be 600", key,
                (unsigned)(st.st_mode & 0777));
    sodium_memzero(sk, sizeof sk);
}

static int cmd_check_config(const struct cli_command *cmd, const struct cli_args *a)
{
    (void)cmd;
    const char *path = a->opt[O_CONFIG] ? a->opt[O_CONFIG] : paths_default_config();
    struct fd_config cfg;
    char err[1024];
    config_defaults(&cfg);
    problems = 0;
    if (config_load(&cfg, path, a->opt[O_CONFIG] != NULL, err, sizeof err) != 0) {
        printf("%s\n", err);
        return CLI_FAIL;
    }
    check_fonts();
    if (cfg.sync_ca_file[0])
        check_ca_file(cfg.sync_ca_file);
    struct stat st;
    if (stat(cfg.usb_folder, &st) != 0 || !S_ISDIR(st.st_mode))
        problem("%s: usb_folder %s: no such folder, so staff mode finds no USB stick", path,
                cfg.usb_folder);
    if (a->opt[O_DB])
        check_db(a->opt[O_DB]);
    if (problems)
        printf("%s: %d problem%s\n", path, problems, problems == 1 ? "" : "s");
    else
        printf("%s: ok\n", path);
    return problems ? CLI_FAIL : CLI_OK;
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
