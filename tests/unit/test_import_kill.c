/* test_import_kill.c: an import killed at any moment changes nothing.
 *
 * A large bundle (BIG_SERVICES services) is written to a temporary file. A
 * small catalogue is imported first; then frontdoor-admin imports the large
 * one in a child process, which is SIGKILLed once its -wal file has grown past
 * a threshold, i.e. while the import transaction is writing pages. Reopening
 * must find an intact database holding exactly the old catalogue. Several
 * thresholds kill it at different depths of the transaction. A calibration
 * run first measures how large the WAL grows by the commit, so the
 * thresholds fall inside the transaction whatever the machine's speed, and a
 * last run lets the import finish to show it would have changed the data.
 */
#include "test_util.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#define BIG_SERVICES 20000
#define TIMEOUT_MS (300 * 1000)

static char big_bundle[512];
static long long wal_peak; /* bytes the WAL reached in the calibration run */

static void write_big_bundle(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "{\"format\": \"frontdoor-catalogue\", \"version\": 1, \"language\": \"fi\",\n"
               " \"taxonomy_terms\": [\n"
               "  {\"id\": \"facet-free\", \"code\": \"free\", \"taxonomy\": \"frontdoor-facet\","
               " \"name\": \"Maksuton\"}");
    for (int n = 0; n < 10; n++)
        fprintf(f,
                ",\n  {\"id\": \"need-%d\", \"code\": \"need-%d\", \"taxonomy\": "
                "\"frontdoor-need\", \"name\": \"Tarve %d\", \"description\": \"Kuvaus %d\"}",
                n, n, n, n);
    fprintf(f, "],\n \"services\": [\n");
    for (int i = 0; i < BIG_SERVICES; i++) {
        fprintf(f,
                "  %s{\"id\": \"big-%d\", \"name\": \"Palvelu %d\", \"status\": \"active\","
                " \"description\": \"Palvelu %d auttaa kaikkia, jotka tarvitsevat apua "
                "arjessa, asumisessa tai jaksamisessa.\","
                " \"eligibility_description\": \"Kaikille yli 18-vuotiaille\","
                " \"organization\": {\"id\": \"org-%d\", \"name\": \"Järjestö %d\"},"
                " \"service_at_locations\": [{\"location\": {\"id\": \"loc-%d\","
                " \"name\": \"Toimipiste %d\", \"latitude\": 60.1, \"longitude\": 24.9,"
                " \"addresses\": [{\"address_1\": \"Katu %d\", \"postal_code\": \"00100\","
                " \"city\": \"Helsinki\"}], \"phones\": [{\"number\": \"+358 9 %07d\"}]}}],"
                " \"phones\": [{\"number\": \"+358 40 %07d\", \"description\": \"Päivystys\"}],"
                " \"schedules\": [{\"byday\": \"MO,TU,WE,TH,FR\", \"opens_at\": \"09:00\","
                " \"closes_at\": \"16:00\"}],"
                " \"languages\": [{\"code\": \"fi\"}, {\"code\": \"sv\"}],"
                " \"attributes\": [{\"taxonomy_term_id\": \"need-%d\"},"
                " {\"taxonomy_term_id\": \"facet-free\"}]}\n",
                i ? "," : "", i, i, i, i / 50, i / 50, i, i, i, i, i, i % 10);
    }
    fprintf(f, " ],\n \"translations\": [\n");
    for (int i = 0; i < BIG_SERVICES; i++)
        fprintf(f,
                "  %s{\"entity\": \"service\", \"id\": \"big-%d\", \"field\": \"name\","
                " \"lang\": \"en\", \"text\": \"Service %d\"}\n",
                i ? "," : "", i, i);
    fprintf(f, " ]}\n");
    assert_false(ferror(f));
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    (void)state;
    if (tmpdir_create("fd-kill") != 0)
        return -1;
    xsnprintf(big_bundle, sizeof big_bundle, "%s", tmp_path("big.json"));
    write_big_bundle(big_bundle);
    return 0;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

static pid_t start_import(const char *db)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
        }
        execl(TEST_ADMIN, "frontdoor-admin", "import", "--db", db, "--unsigned", big_bundle,
              (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* A database holding the small catalogue of import-good.json. */
static void make_small_catalogue(const char *db)
{
    struct catalog *cat = open_ok(db, CATALOG_CREATE);
    import_ok(cat, fixture("import-good.json"), NULL);
    catalog_close(cat);
}

/* Opens the database the way the kiosk would after a power cut (which also
 * recovers the WAL), and checks it holds exactly the small catalogue. */
static void assert_small_catalogue_intact(const char *db_path)
{
    sqlite3 *db = raw_open(db_path);
    assert_string_equal(scalar_text(db, "PRAGMA integrity_check"), "ok");
    assert_int_equal(scalar(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    assert_good_catalogue(db);
    assert_int_equal(scalar(db, "SELECT count(*) FROM service WHERE hsds_id LIKE 'big-%'"), 0);
    sqlite3_close(db);

    struct catalog *cat = open_ok(db_path, CATALOG_READWRITE);
    struct catalog_info info;
    assert_int_equal(catalog_info(cat, &info), CATALOG_OK);
    assert_int_equal(info.services, 6);
    catalog_close(cat);
}

/* Runs the big import to the end, recording the WAL's peak size. */
static void calibrate(void **state)
{
    (void)state;
    const char *db = tmp_path("calibrate.db");
    char wal[600];
    make_small_catalogue(db);
    xsnprintf(wal, sizeof wal, "%s-wal", db);
    pid_t pid = start_import(db);
    long long start = now_ms();
    int status;
    for (;;) {
        long long size = file_size(wal);
        if (size > wal_peak)
            wal_peak = size;
        if (waitpid(pid, &status, WNOHANG) == pid)
            break;
        if (now_ms() - start > TIMEOUT_MS) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            fail_msg("the import of %d services took longer than %d s", BIG_SERVICES,
                     TIMEOUT_MS / 1000);
        }
        usleep(200);
    }
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    /* Much larger than SQLite's page cache (2 MiB by default), so pages
     * spill into the WAL long before the commit. */
    if (wal_peak < 8 * 1024 * 1024)
        fail_msg("the WAL peaked at %lld bytes: too small to interrupt reliably", wal_peak);
    print_message("import of %d services: WAL peaked at %lld bytes after %lld ms\n", BIG_SERVICES,
                  wal_peak, now_ms() - start);
}

/* Kills the import once its WAL passes `percent` % of the calibrated peak. */
static void kill_at(const char *db, int percent)
{
    char wal[600];
    xsnprintf(wal, sizeof wal, "%s-wal", db);
    /* A clean close removed the WAL, so its growth is this import's. */
    assert_int_equal(file_size(wal), -1);
    long long threshold = wal_peak * percent / 100;
    pid_t pid = start_import(db);
    long long start = now_ms();
    int status;
    while (file_size(wal) <= threshold) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            fail_msg("the import ended (status %d) before its WAL passed %lld bytes", status,
                     threshold);
        if (now_ms() - start > TIMEOUT_MS) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            fail_msg("the WAL never passed %lld bytes", threshold);
        }
        usleep(100);
    }
    assert_int_equal(kill(pid, SIGKILL), 0);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGKILL);
    /* The killed import left uncommitted frames behind. */
    assert_true(file_size(wal) > threshold);
    assert_small_catalogue_intact(db);
}

static void killed_import_changes_nothing(void **state)
{
    (void)state;
    assert_true(wal_peak > 0);
    const char *db = tmp_path("killed.db");
    char path[512];
    xsnprintf(path, sizeof path, "%s", db);
    make_small_catalogue(path);
    assert_small_catalogue_intact(path);
    /* As soon as the first page is written, a quarter of the way, halfway. */
    static const int percents[] = {0, 25, 50};
    for (size_t i = 0; i < ARRAY_LEN(percents); i++)
        kill_at(path, percents[i]);

    /* Left alone, the same import does replace the catalogue. */
    pid_t pid = start_import(path);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    sqlite3 *db_handle = raw_open(path);
    assert_string_equal(scalar_text(db_handle, "PRAGMA integrity_check"), "ok");
    assert_int_equal(scalar(db_handle, "SELECT count(*) FROM service"), BIG_SERVICES);
    assert_int_equal(scalar(db_handle, "SELECT count(*) FROM service WHERE hsds_id = 'svc-crisis'"),
                     0);
    sqlite3_close(db_handle);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calibrate),
        cmocka_unit_test(killed_import_changes_nothing),
    };
    return cmocka_run_group_tests(tests, setup, remove_tmpdir);
}
