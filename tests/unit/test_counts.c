/* test_counts.c: counting, batching, sealing and days, through counts.h on
 * real files; the reports are read back with report.h. */
#include "test_util.h"

#include "frontdoor/clock.h"
#include "frontdoor/counts.h"
#include "frontdoor/report.h"

#include <sys/stat.h>

#define HOUR (3600 * 1000LL)
#define DAY (24 * HOUR)

static char db[512], key[512];
static int64_t t0; /* 2026-12-02 10:00 local */

static void fresh(const char *name)
{
    char catalogue[512];
    xsnprintf(catalogue, sizeof catalogue, "%s/%s/catalogue.db", tmpdir, name);
    char dir[512];
    xsnprintf(dir, sizeof dir, "%s/%s", tmpdir, name);
    assert_int_equal(mkdir(dir, 0700), 0);
    counts_paths(catalogue, db, sizeof db, key, sizeof key);
    char err[512];
    int made;
    assert_int_equal(counts_init(db, key, &made, err, sizeof err), 0);
    assert_int_equal(made, 1);
}

static struct counts_now at(int64_t wall, int trusted, int64_t boot)
{
    return (struct counts_now){wall, trusted, boot};
}

static struct counts *open_at(struct counts_now now)
{
    struct counts *c = NULL;
    char err[512];
    if (counts_open(db, key, now, &c, err, sizeof err) != 0)
        fail_msg("counts_open: %s", err);
    return c;
}

/* One session: English, housing, the urgent screen. */
static void add_one(struct counts *c, struct counts_now now)
{
    struct counts_session s = {0};
    s.used[M_LANG_EN] = s.used[M_NEED_HOUSING] = s.used[M_FEATURE_URGENT] = 1;
    s.used[M_NEED_VIOLENCE] = 1;
    assert_int_equal(counts_add(c, &s, now), 0);
}

/* The reports in the database, oldest first, parsed; returns how many. */
static int reports(struct report *out, int max, int *at_boot)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT body, signature, digest, sealed_at_boot "
                                        "FROM report ORDER BY rowid",
                                        -1, &st, NULL),
                     SQLITE_OK);
    unsigned char sk[64], pk[32];
    char err[256];
    FILE *f = fopen(key, "rb");
    assert_non_null(f);
    assert_int_equal(fread(sk, 1, 64, f), 64);
    fclose(f);
    report_public_key(sk, pk);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && n < max) {
        const char *body = (const char *)sqlite3_column_text(st, 0);
        assert_int_equal(
            report_verify(pk, body, strlen(body), (const char *)sqlite3_column_text(st, 1)), 0);
        char digest[REPORT_DIGEST_LEN + 1];
        report_digest(body, strlen(body), digest);
        assert_string_equal(digest, (const char *)sqlite3_column_text(st, 2));
        if (report_parse(body, strlen(body), &out[n], err, sizeof err) != 0)
            fail_msg("stored report: %s", err);
        if (at_boot)
            at_boot[n] = sqlite3_column_int(st, 3);
        n++;
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

static void test_key_and_files(void **state)
{
    (void)state;
    fresh("files");
    struct stat sb;
    assert_int_equal(stat(key, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(sb.st_size, 64);
    /* A second init keeps the key. */
    size_t len1, len2;
    char *k1 = slurp(key, &len1), err[256];
    int made;
    assert_int_equal(counts_init(db, key, &made, err, sizeof err), 0);
    assert_int_equal(made, 0);
    char *k2 = slurp(key, &len2);
    assert_memory_equal(k1, k2, 64);
    free(k1);
    free(k2);
    /* A damaged key is refused with the file's name. */
    char bad[512];
    xsnprintf(bad, sizeof bad, "%s/files/short.key", tmpdir);
    FILE *f = fopen(bad, "wb");
    fputs("short", f);
    fclose(f);
    struct counts *c = NULL;
    assert_int_equal(counts_open(db, bad, at(t0, 1, 0), &c, err, sizeof err), -1);
    assert_non_null(strstr(err, "short.key"));
    assert_null(c);
}

/* Nothing reaches the file before the fifth session; then all five do. */
static void test_batches_of_five(void **state)
{
    (void)state;
    fresh("batch");
    struct counts *c = open_at(at(t0, 1, 0));
    size_t len0, len;
    char *before = slurp(db, &len0);
    for (int i = 1; i <= 4; i++) {
        add_one(c, at(t0 + i * 60000, 1, i * 60000));
        char *now = slurp(db, &len);
        assert_int_equal(len, len0);
        assert_memory_equal(now, before, len0);
        free(now);
    }
    add_one(c, at(t0 + 5 * 60000, 1, 5 * 60000));
    char *now = slurp(db, &len);
    assert_true(len != len0 || memcmp(now, before, len0) != 0);
    free(now);
    free(before);
    /* A session that used nothing is none. */
    struct counts_session empty = {0};
    assert_int_equal(counts_add(c, &empty, at(t0 + HOUR, 1, HOUR)), 0);
    /* Closing loses what is only in memory: two sessions. */
    add_one(c, at(t0 + HOUR, 1, HOUR));
    add_one(c, at(t0 + HOUR, 1, HOUR));
    counts_close(c);
    c = open_at(at(t0 + DAY, 1, 10));
    counts_close(c);
    struct report r[4];
    int at_boot[4];
    assert_int_equal(reports(r, 4, at_boot), 1);
    assert_int_equal(r[0].counts[M_SESSIONS], 5);
    assert_int_equal(r[0].counts[M_LANG_EN], 5);
    assert_int_equal(r[0].counts[M_NEED_HOUSING], 5);
    assert_int_equal(r[0].counts[M_FEATURE_URGENT], 5);
    assert_int_equal(r[0].counts[M_LANG_AR], 0);
    assert_string_equal(r[0].day, "2026-12-02");
    assert_int_equal(r[0].clock_trusted, 1);
    assert_int_equal(r[0].seq, 1);
    assert_int_equal(at_boot[0], 1);
}

/* Days roll over at local midnight, seq has no gaps, empty days are not
 * sealed, and a clock set back to an earlier date ends the day too. */
static void test_days(void **state)
{
    (void)state;
    fresh("days");
    struct counts *c = open_at(at(t0, 1, 0));
    for (int d = 0; d < 3; d++) {
        for (int i = 0; i < 5 * (d + 1); i++)
            add_one(c, at(t0 + d * DAY + i * 1000, 1, d * DAY + i * 1000));
    }
    /* An empty day in between: nothing sealed for it. */
    assert_int_equal(counts_tick(c, at(t0 + 3 * DAY, 1, 3 * DAY)), 1);
    assert_int_equal(counts_tick(c, at(t0 + 4 * DAY, 1, 4 * DAY)), 0);
    /* The clock goes back two days: that ends the open day as well. */
    for (int i = 0; i < 5; i++)
        add_one(c, at(t0 + 4 * DAY, 1, 4 * DAY));
    assert_int_equal(counts_tick(c, at(t0 + 2 * DAY, 1, 4 * DAY + HOUR)), 1);
    assert_int_equal(counts_tick(c, at(t0 + 2 * DAY + 1000, 1, 4 * DAY + HOUR)), 0);
    counts_close(c);
    struct report r[8];
    int n = reports(r, 8, NULL);
    assert_int_equal(n, 4);
    const char *days[] = {"2026-12-02", "2026-12-03", "2026-12-04", "2026-12-06"};
    for (int i = 0; i < n; i++) {
        assert_int_equal(r[i].seq, i + 1);
        assert_string_equal(r[i].day, days[i]);
        assert_string_equal(r[i].instance_id, r[0].instance_id);
        assert_int_equal(r[i].counts[M_SESSIONS], i < 3 ? 5 * (i + 1) : 5);
    }
}

/* A board without a clock: the wall clock's date, marked untrusted, a day
 * of boot time, and sealed at the next start; a collector's Date makes the
 * clock trusted. */
static void test_untrusted_clock(void **state)
{
    (void)state;
    fresh("untrusted");
    int64_t epoch = 0; /* 1970-01-01 */
    struct counts *c = open_at(at(epoch, 0, 5000));
    for (int i = 0; i < 5; i++)
        add_one(c, at(epoch + i, 0, 5000 + i));
    /* Twenty hours later: the same day by boot time. */
    assert_int_equal(counts_tick(c, at(epoch + 20 * HOUR, 0, 20 * HOUR)), 0);
    assert_int_equal(counts_tick(c, at(epoch + 25 * HOUR, 0, 5000 + DAY)), 1);
    for (int i = 0; i < 5; i++)
        add_one(c, at(epoch + 26 * HOUR, 0, DAY + 2 * HOUR));
    counts_close(c);
    /* Restarted: nobody can say which day it is, so the open one is sealed. */
    c = open_at(at(epoch + 1000, 0, 1000));
    counts_close(c);
    struct report r[4];
    int at_boot[4];
    assert_int_equal(reports(r, 4, at_boot), 2);
    assert_int_equal(r[0].clock_trusted, 0);
    assert_int_equal(at_boot[0], 0);
    assert_int_equal(at_boot[1], 1);
    /* The collector's time is kept as an offset: trusted from then on. */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    char sql[128];
    xsnprintf(sql, sizeof sql, "INSERT INTO meta VALUES ('clock_offset_ms', '%lld')",
              (long long)t0);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    c = open_at(at(epoch + 2000, 0, 2000));
    char day[11];
    int trusted;
    counts_day(c, at(epoch + 2000, 0, 2000), day, &trusted);
    assert_string_equal(day, "2026-12-02");
    assert_int_equal(trusted, 1);
    counts_close(c);
}

/* Needs map onto the fixed list; what the catalogue marks sensitive is
 * never counted in the open, and sensitive counts get noise. */
static void test_metrics(void **state)
{
    (void)state;
    assert_int_equal(counts_need_metric("housing", 0), M_NEED_HOUSING);
    assert_int_equal(counts_need_metric("housing", 1), M_NEED_OTHER_SENSITIVE);
    assert_int_equal(counts_need_metric("violence", 1), M_NEED_VIOLENCE);
    assert_int_equal(counts_need_metric("violence", 0), M_NEED_VIOLENCE);
    assert_int_equal(counts_need_metric("pets", 0), M_NEED_OTHER);
    assert_int_equal(counts_need_metric("pets", 1), M_NEED_OTHER_SENSITIVE);
    assert_int_equal(counts_need_metric("other", 0), M_NEED_OTHER);
    assert_int_equal(counts_lang_metric("ar"), M_LANG_AR);
    assert_int_equal(counts_lang_metric("qps"), M_LANG_OTHER);
    /* Over many days the noisy violence count differs from the true one
     * sometimes, and its mean stays near the truth. */
    fresh("noise");
    struct counts *c = open_at(at(t0, 1, 0));
    enum { DAYS = 200 };
    for (int d = 0; d < DAYS; d++) {
        for (int i = 0; i < 10; i++)
            add_one(c, at(t0 + d * DAY, 1, d * DAY));
    }
    assert_int_equal(counts_tick(c, at(t0 + DAYS * DAY, 1, DAYS * DAY)), 1);
    counts_close(c);
    static struct report r[DAYS];
    assert_int_equal(reports(r, DAYS, NULL), DAYS);
    int differ = 0;
    long sum = 0;
    for (int d = 0; d < DAYS; d++) {
        assert_int_equal(r[d].counts[M_SESSIONS], 10);
        assert_int_equal(r[d].counts[M_NEED_HOUSING], 10);
        differ += r[d].counts[M_NEED_VIOLENCE] != 10;
        sum += r[d].counts[M_NEED_VIOLENCE];
    }
    assert_true(differ > DAYS / 4);
    assert_true(sum > DAYS * 9 && sum < DAYS * 11);
}

/* While a kiosk has the counts open, frontdoor-admin's sealing leaves
 * them alone (the kiosk holds sessions in memory); once the kiosk is gone,
 * the day it left is sealed there, once. */
static void test_seal_ended_elsewhere(void **state)
{
    (void)state;
    fresh("elsewhere");
    char err[256];
    struct report r[2];
    int at_boot[2];
    struct counts *c = open_at(at(t0, 1, 0));
    for (int i = 0; i < 5; i++)
        add_one(c, at(t0 + i * 60000, 1, i * 60000));
    assert_int_equal(counts_seal_ended(db, key, at(t0 + DAY, 1, DAY), err, sizeof err), 0);
    assert_int_equal(reports(r, 2, NULL), 0);
    counts_close(c);
    assert_int_equal(counts_seal_ended(db, key, at(t0 + DAY, 1, DAY), err, sizeof err), 1);
    assert_int_equal(reports(r, 2, at_boot), 1);
    assert_int_equal(r[0].counts[M_SESSIONS], 5);
    assert_int_equal(at_boot[0], 1);
    assert_int_equal(
        counts_seal_ended(db, key, at(t0 + DAY + HOUR, 1, DAY + HOUR), err, sizeof err), 0);
    assert_int_equal(reports(r, 2, NULL), 1);
    /* And the kiosk opens them again, the lock let go. */
    c = open_at(at(t0 + DAY + HOUR, 1, DAY + HOUR));
    counts_close(c);
    /* No key: an error naming it. */
    char none[512];
    xsnprintf(none, sizeof none, "%s/elsewhere/none.key", tmpdir);
    assert_int_equal(counts_seal_ended(db, none, at(t0, 1, 0), err, sizeof err), -1);
    assert_non_null(strstr(err, "none.key"));
}

int main(void)
{
    if (tmpdir_create("fd-counts") != 0)
        return 1;
    assert_int_equal(clock_set_zone("Europe/Helsinki"), 0);
    assert_int_equal(clock_parse_local("2026-12-02T10:00", &t0), 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_and_files), cmocka_unit_test(test_batches_of_five),
        cmocka_unit_test(test_days),          cmocka_unit_test(test_untrusted_clock),
        cmocka_unit_test(test_metrics),       cmocka_unit_test(test_seal_ended_elsewhere),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[600];
    xsnprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? rc : 1;
}
