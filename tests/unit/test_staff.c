/* test_staff.c: the staff PIN and its lockout, staff edits as the
 * catalogue shows them, and the audit log.
 *
 * Each test works on its own database of import-good.json, in Helsinki's
 * time zone, at a simulated Monday 2026-01-05 10:00; a "restart" is a
 * new handle on the same file.
 */
#include "test_util.h"

#include "frontdoor/clock.h"
#include "frontdoor/hours.h"
#include "frontdoor/staff.h"
#include "schema.h"

static int64_t t0;
static int n_db;
static char db[512];

static int setup(void **state)
{
    (void)state;
    char name[32];
    xsnprintf(name, sizeof name, "staff-%d.db", n_db++);
    xsnprintf(db, sizeof db, "%s", tmp_path(name));
    struct catalog *cat = open_ok(db, CATALOG_CREATE);
    import_ok(cat, fixture("import-good.json"), NULL);
    catalog_close(cat);
    clock_set_ms(t0);
    return 0;
}

static struct staff *staff_ok(void)
{
    struct staff *st;
    if (staff_open(db, &st) != CATALOG_OK)
        fail_msg("staff_open: %s", staff_errmsg(st));
    return st;
}

static int64_t service_id(const char *hsds_id)
{
    sqlite3 *raw = raw_open(db);
    char sql[256];
    xsnprintf(sql, sizeof sql, "SELECT id FROM service WHERE hsds_id = '%s'", hsds_id);
    long long id = scalar(raw, sql);
    sqlite3_close(raw);
    return id;
}

static long long count(const char *sql)
{
    sqlite3 *raw = raw_open(db);
    long long n = scalar(raw, sql);
    sqlite3_close(raw);
    return n;
}

/* ---- the PIN ------------------------------------------------------------ */

static void pin_unset_opens_nothing(void **state)
{
    (void)state;
    struct staff *st = staff_ok();
    int64_t until;
    assert_int_equal(staff_pin_state(st, t0, &until), STAFF_PIN_UNSET);
    assert_int_equal(staff_check_pin(st, "1234", t0, &until), STAFF_PIN_UNSET);
    staff_close(st);
}

static void pin_bad_ones_refused(void **state)
{
    (void)state;
    struct staff *st = staff_ok();
    const char *bad[] = {"", "123", "1234567890123", "12a4", " 1234", "１２３４"};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        if (staff_set_pin(st, bad[i], t0) == CATALOG_OK)
            fail_msg("PIN \"%s\" was taken", bad[i]);
    }
    assert_non_null(strstr(staff_errmsg(st), "4 to 12 digits"));
    assert_int_equal(count("SELECT count(*) FROM staff_pin"), 0);
    assert_int_equal(count("SELECT count(*) FROM staff_audit"), 0);
    staff_close(st);
}

static void pin_hashed_and_checked(void **state)
{
    (void)state;
    struct staff *st = staff_ok();
    int64_t until;
    assert_int_equal(staff_set_pin(st, "2468", t0), CATALOG_OK);
    sqlite3 *raw = raw_open(db);
    const char *hash = scalar_text(raw, "SELECT hash FROM staff_pin");
    assert_non_null(strstr(hash, "$argon2id$"));
    assert_null(strstr(hash, "2468"));
    sqlite3_close(raw);
    assert_int_equal(staff_check_pin(st, "2468", t0, &until), STAFF_PIN_OK);
    assert_int_equal(staff_check_pin(st, "2469", t0, &until), STAFF_PIN_WRONG);
    assert_int_equal(staff_check_pin(st, "24680", t0, &until), STAFF_PIN_WRONG);
    assert_int_equal(staff_check_pin(st, "", t0, &until), STAFF_PIN_WRONG);
    staff_close(st);
}

static void pin_lockout_doubles_across_restarts(void **state)
{
    (void)state;
    struct staff *st = staff_ok();
    int64_t until, t = t0;
    assert_int_equal(staff_set_pin(st, "1357", t), CATALOG_OK);
    for (int i = 1; i < STAFF_TRIES; i++)
        assert_int_equal(staff_check_pin(st, "0000", t, &until), STAFF_PIN_WRONG);
    assert_int_equal(staff_check_pin(st, "0000", t, &until), STAFF_PIN_LOCKED);
    assert_true(until == t + STAFF_LOCK_MS);
    /* Locked: even the right PIN is not checked. */
    assert_int_equal(staff_check_pin(st, "1357", t + 1000, &until), STAFF_PIN_LOCKED);
    staff_close(st);

    /* A restart keeps the lock and the count. */
    st = staff_ok();
    assert_int_equal(staff_pin_state(st, t + 1000, &until), STAFF_PIN_LOCKED);
    assert_true(until == t + STAFF_LOCK_MS);
    t += STAFF_LOCK_MS;
    assert_int_equal(staff_pin_state(st, t, &until), STAFF_PIN_OK);
    /* The next wrong PIN locks again, for twice as long, then four times. */
    assert_int_equal(staff_check_pin(st, "0000", t, &until), STAFF_PIN_LOCKED);
    assert_true(until == t + 2 * STAFF_LOCK_MS);
    t = until;
    assert_int_equal(staff_check_pin(st, "0000", t, &until), STAFF_PIN_LOCKED);
    assert_true(until == t + 4 * STAFF_LOCK_MS);
    t = until;
    /* The right PIN clears the count: the next wrong one only counts. */
    assert_int_equal(staff_check_pin(st, "1357", t, &until), STAFF_PIN_OK);
    assert_int_equal(staff_check_pin(st, "0000", t, &until), STAFF_PIN_WRONG);
    assert_int_equal(count("SELECT count(*) FROM staff_audit WHERE action = 'locked'"), 3);
    struct staff_audit_list log;
    assert_int_equal(staff_audit(st, 10, &log), CATALOG_OK);
    int failures = 0;
    char lock_end[17] = "";
    for (size_t i = log.n; i-- > 0;) { /* the first lockout, oldest */
        if (strcmp(log.items[i].action, "locked") == 0) {
            assert_int_equal(staff_lock_detail(log.items[i].detail, &failures, lock_end), 0);
            break;
        }
    }
    assert_int_equal(failures, STAFF_TRIES);
    assert_string_equal(lock_end, "2026-01-05 10:01");
    assert_int_equal(staff_lock_detail("5 wrong PINs", &failures, lock_end), -1);
    staff_audit_list_free(&log);
    /* set-pin ends a lockout. */
    for (int i = 0; i < STAFF_TRIES; i++)
        assert_true(staff_check_pin(st, "0000", t, &until) > STAFF_PIN_OK);
    assert_int_equal(staff_pin_state(st, t, &until), STAFF_PIN_LOCKED);
    assert_int_equal(staff_set_pin(st, "97531", t), CATALOG_OK);
    assert_int_equal(staff_check_pin(st, "97531", t, &until), STAFF_PIN_OK);
    staff_close(st);
}

static void pin_lockout_stops_at_a_day(void **state)
{
    (void)state;
    struct staff *st = staff_ok();
    int64_t until, t = t0;
    assert_int_equal(staff_set_pin(st, "1357", t), CATALOG_OK);
    for (int i = 0; i < STAFF_TRIES + 20; i++) {
        assert_true(staff_check_pin(st, "0000", t, &until) > STAFF_PIN_OK);
        if (until)
            t = until;
    }
    int64_t before = t;
    assert_int_equal(staff_check_pin(st, "0000", t, &until), STAFF_PIN_LOCKED);
    assert_true(until - before == STAFF_LOCK_MAX_MS);
    staff_close(st);
}

/* ---- edits as the catalogue shows them ---------------------------------- */

static struct staff_edit edit(int kind, const char *service, const char *starts, const char *ends)
{
    struct staff_edit e = {.kind = kind};
    xsnprintf(e.service, sizeof e.service, "%s", service);
    xsnprintf(e.starts, sizeof e.starts, "%s", starts);
    xsnprintf(e.ends, sizeof e.ends, "%s", ends);
    return e;
}

static void add_ok(struct staff *st, const struct staff_edit *e)
{
    if (staff_edit_add(st, e, clock_now_ms()) != CATALOG_OK)
        fail_msg("staff_edit_add: %s", staff_errmsg(st));
}

static struct hours_status state_of(struct catalog *cat, const char *service)
{
    struct service_detail d;
    assert_int_equal(catalog_service_get(cat, service_id(service), &d), CATALOG_OK);
    struct hours_status h = hours_service(&d.summary, clock_local(clock_now_ms()));
    catalog_service_detail_free(&d);
    return h;
}

static void closure_shows_in_lists_and_detail(void **state)
{
    (void)state;
    struct staff *st = staff_ok();
    struct catalog *cat = open_ok(db, CATALOG_READONLY);
    assert_int_equal(state_of(cat, "svc-crisis").state, HOURS_OPEN);
    struct staff_edit e = edit(STAFF_CLOSED, "svc-crisis", "2026-01-05", "2026-01-09");
    xsnprintf(e.lang, sizeof e.lang, "fi");
    xsnprintf(e.text, sizeof e.text, "Remontti. Soita numeroon 112.");
    add_ok(st, &e);

    struct hours_status h = state_of(cat, "svc-crisis");
    assert_int_equal(h.state, HOURS_TEMPORARILY_CLOSED);
    assert_int_equal(h.until.day, 9);
    struct service_list list;
    assert_int_equal(catalog_services_for_need(cat, "mental-health", &list), CATALOG_OK);
    int seen = 0;
    for (size_t i = 0; i < list.n; i++) {
        if (strcmp(list.items[i].hsds_id, "svc-crisis") == 0) {
            seen = 1;
            assert_int_equal(hours_service(&list.items[i], clock_local(t0)).state,
                             HOURS_TEMPORARILY_CLOSED);
        }
    }
    assert_true(seen);
    catalog_service_list_free(&list);

    struct service_detail d;
    catalog_set_languages(cat, "sv", "fi");
    assert_int_equal(catalog_service_get(cat, service_id("svc-crisis"), &d), CATALOG_OK);
    assert_string_equal(d.closure_note.text, "Remontti. Soita numeroon 112.");
    assert_string_equal(d.closure_note.lang, "fi");
    assert_null(d.staff_notice.text);
    catalog_service_detail_free(&d);

    /* Open again: the edit goes, the hours are the catalogue's. */
    struct staff_edit_list edits;
    assert_int_equal(staff_edits(st, "svc-crisis", t0, &edits), CATALOG_OK);
    assert_int_equal(edits.n, 1);
    assert_int_equal(staff_edit_remove(st, edits.items[0].id, t0), CATALOG_OK);
    staff_edit_list_free(&edits);
    assert_int_equal(state_of(cat, "svc-crisis").state, HOURS_OPEN);
    /* And a closure that ended shows nothing. */
    e = edit(STAFF_CLOSED, "svc-crisis", "2026-01-05", "2026-01-06");
    add_ok(st, &e);
    clock_set_ms(t0 + 2 * 86400000LL);
    assert_int_equal(state_of(cat, "svc-crisis").state, HOURS_OPEN);
    assert_int_equal(staff_edits(st, NULL, clock_now_ms(), &edits), CATALOG_OK);
    assert_int_equal(edits.n, 0);
    staff_edit_list_free(&edits);
    catalog_close(cat);
    staff_close(st);
}

static void hours_notice_and_phone(void **state)
{
    (void)state;
    struct staff *st = staff_ok();
    struct catalog *cat = open_ok(db, CATALOG_READONLY);
    /* Monday's hours today only: 12:00-13:00. */
    struct staff_edit e = edit(STAFF_HOURS, "svc-crisis", "2026-01-05", "2026-01-05");
    xsnprintf(e.opens_at, sizeof e.opens_at, "12:00");
    xsnprintf(e.closes_at, sizeof e.closes_at, "13:00");
    add_ok(st, &e);
    struct hours_status h = state_of(cat, "svc-crisis");
    assert_int_equal(h.state, HOURS_CLOSED);
    assert_string_equal(h.at, "12:00");

    /* Notices in two languages: the person's first, else the chain's. */
    e = edit(STAFF_NOTICE, "svc-housing", "2026-01-05", "2026-01-31");
    xsnprintf(e.lang, sizeof e.lang, "en");
    xsnprintf(e.text, sizeof e.text, "Bring your rent contract.");
    add_ok(st, &e);
    xsnprintf(e.lang, sizeof e.lang, "ar");
    xsnprintf(e.text, sizeof e.text, "أحضر عقد الإيجار.");
    add_ok(st, &e);
    struct service_detail d;
    catalog_set_languages(cat, "ar", "fi");
    assert_int_equal(catalog_service_get(cat, service_id("svc-housing"), &d), CATALOG_OK);
    assert_string_equal(d.staff_notice.text, "أحضر عقد الإيجار.");
    catalog_service_detail_free(&d);
    catalog_set_languages(cat, "sv", "fi");
    assert_int_equal(catalog_service_get(cat, service_id("svc-housing"), &d), CATALOG_OK);
    assert_string_equal(d.staff_notice.text, "Bring your rent contract.");
    assert_string_equal(d.staff_notice.lang, "en");
    /* The location's number, as the catalogue has it. */
    assert_int_equal(d.n_phones, 1);
    assert_string_equal(d.phones[0].number, "+358 9 310 1000");
    catalog_service_detail_free(&d);

    /* A new notice in the same language takes the old one's place. */
    xsnprintf(e.lang, sizeof e.lang, "en");
    xsnprintf(e.text, sizeof e.text, "Closed for lunch 12-13.");
    add_ok(st, &e);
    assert_int_equal(count("SELECT count(*) FROM staff_edit WHERE kind = 'notice'"), 2);

    e = edit(STAFF_PHONE, "svc-housing", "2026-01-05", "2026-02-05");
    xsnprintf(e.phone, sizeof e.phone, "ph-centre");
    xsnprintf(e.text, sizeof e.text, "+358 9 310 2000");
    add_ok(st, &e);
    assert_int_equal(catalog_service_get(cat, service_id("svc-housing"), &d), CATALOG_OK);
    assert_string_equal(d.phones[0].number, "+358 9 310 2000");
    assert_string_equal(d.staff_notice.text, "Closed for lunch 12-13.");
    catalog_service_detail_free(&d);
    catalog_close(cat);
    staff_close(st);
}

static void refusals_change_nothing(void **state)
{
    (void)state;
    struct staff *st = staff_ok();
    struct staff_edit e[12];
    e[0] = edit(STAFF_CLOSED, "svc-nobody", "2026-01-05", "2026-01-09");
    e[1] = edit(STAFF_CLOSED, "svc-crisis", "2026-01-01", "2026-01-04"); /* past */
    e[2] = edit(STAFF_CLOSED, "svc-crisis", "2026-01-09", "2026-01-05"); /* backwards */
    e[3] = edit(STAFF_CLOSED, "svc-crisis", "2026-01-05", "2027-02-01"); /* too far */
    e[4] = edit(STAFF_CLOSED, "svc-crisis", "2026-01-05", "2026-02-30");
    e[5] = edit(STAFF_HOURS, "svc-crisis", "2026-01-05", "2026-01-09");
    xsnprintf(e[5].opens_at, sizeof e[5].opens_at, "25:00");
    xsnprintf(e[5].closes_at, sizeof e[5].closes_at, "26:00");
    e[6] = edit(STAFF_NOTICE, "svc-crisis", "2026-01-05", "2026-01-09"); /* no text */
    e[7] = edit(STAFF_NOTICE, "svc-crisis", "2026-01-05", "2026-01-09");
    xsnprintf(e[7].lang, sizeof e[7].lang, "xx");
    xsnprintf(e[7].text, sizeof e[7].text, "hello");
    e[8] = edit(STAFF_NOTICE, "svc-crisis", "2026-01-05", "2026-01-09");
    xsnprintf(e[8].lang, sizeof e[8].lang, "en");
    xsnprintf(e[8].text, sizeof e[8].text, "line\nbreak");
    /* A confidential place's number only changes through a signed bundle. */
    e[9] = edit(STAFF_PHONE, "svc-refuge", "2026-01-05", "2026-01-09");
    xsnprintf(e[9].phone, sizeof e[9].phone, "ph-refuge");
    xsnprintf(e[9].text, sizeof e[9].text, "0700 123 456");
    e[10] = edit(STAFF_PHONE, "svc-housing", "2026-01-05", "2026-01-09");
    xsnprintf(e[10].phone, sizeof e[10].phone, "ph-crisis"); /* not its phone */
    xsnprintf(e[10].text, sizeof e[10].text, "0700 123 456");
    e[11] = edit(STAFF_PHONE, "svc-housing", "2026-01-05", "2026-01-09");
    xsnprintf(e[11].phone, sizeof e[11].phone, "ph-centre");
    xsnprintf(e[11].text, sizeof e[11].text, "call 0700");
    const char *why[] = {"no service",       "already past",         "before the first",
                         "at most 366 days", "dates are YYYY-MM-DD", "times are HH:MM",
                         "needs its text",   "not a language",       "not readable text",
                         "signed bundle",    "has no phone",         "not a phone number"};
    for (size_t i = 0; i < ARRAY_LEN(e); i++) {
        if (staff_edit_add(st, &e[i], t0) == CATALOG_OK)
            fail_msg("edit %zu was taken", i);
        if (!strstr(staff_errmsg(st), why[i]))
            fail_msg("edit %zu: \"%s\" does not say \"%s\"", i, staff_errmsg(st), why[i]);
    }
    assert_int_equal(count("SELECT count(*) FROM staff_edit"), 0);
    assert_int_equal(count("SELECT count(*) FROM staff_audit"), 0);
    staff_close(st);
}

/* A row written some other way than staff_edit_add still never changes a
 * confidential place's number on screen. */
static void protected_number_never_shown_changed(void **state)
{
    (void)state;
    sqlite3 *raw = raw_open(db);
    assert_int_equal(sqlite3_exec(raw,
                                  "INSERT INTO staff_edit (service, kind, starts, ends, phone,"
                                  " text, made) VALUES ('svc-refuge', 'phone', '2026-01-01',"
                                  " '2026-12-31', 'ph-refuge', '0700 666 666', 'x')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(raw);
    struct catalog *cat = open_ok(db, CATALOG_READONLY);
    struct service_detail d;
    assert_int_equal(catalog_service_get(cat, service_id("svc-refuge"), &d), CATALOG_OK);
    assert_int_equal(d.n_phones, 1);
    assert_string_equal(d.phones[0].number, "+358 800 005 000");
    catalog_service_detail_free(&d);
    catalog_close(cat);
}

static void import_keeps_edits_and_says_what_changed(void **state)
{
    (void)state;
    struct staff *st = staff_ok();
    struct staff_edit e = edit(STAFF_CLOSED, "svc-crisis", "2026-01-05", "2026-01-20");
    add_ok(st, &e);
    e = edit(STAFF_NOTICE, "svc-old", "2026-01-05", "2026-01-20");
    xsnprintf(e.lang, sizeof e.lang, "en");
    xsnprintf(e.text, sizeof e.text, "Moved.");
    add_ok(st, &e);
    e = edit(STAFF_PHONE, "svc-housing", "2026-01-05", "2026-01-20");
    xsnprintf(e.phone, sizeof e.phone, "ph-centre");
    xsnprintf(e.text, sizeof e.text, "09 310 2000");
    add_ok(st, &e);

    struct staff_edit_list edits;
    assert_int_equal(staff_edits(st, NULL, t0, &edits), CATALOG_OK);
    assert_int_equal(edits.n, 3);
    for (size_t i = 0; i < edits.n; i++)
        assert_false(edits.items[i].contradicted || edits.items[i].gone);
    staff_edit_list_free(&edits);

    /* The new catalogue drops svc-old and keeps the others as they were. */
    struct catalog *cat = open_ok(db, CATALOG_READWRITE);
    import_ok(cat, fixture("import-good-changed.json"), NULL);
    assert_int_equal(state_of(cat, "svc-crisis").state, HOURS_TEMPORARILY_CLOSED);
    catalog_close(cat);
    assert_int_equal(staff_edits(st, NULL, t0, &edits), CATALOG_OK);
    assert_int_equal(edits.n, 3);
    assert_false(edits.items[0].contradicted || edits.items[0].gone);
    assert_true(edits.items[1].gone);
    assert_false(edits.items[2].contradicted || edits.items[2].gone);
    staff_edit_list_free(&edits);

    /* An import that changes the number and the hours contradicts the edits. */
    sqlite3 *raw = raw_open(db);
    assert_int_equal(sqlite3_exec(raw,
                                  "UPDATE phone SET number = '09 310 3000'"
                                  " WHERE hsds_id = 'ph-centre';"
                                  "UPDATE schedule SET opens_at = '08:00' WHERE service_id ="
                                  " (SELECT id FROM service WHERE hsds_id = 'svc-crisis');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(raw);
    cat = open_ok(db, CATALOG_READWRITE);
    char err[256];
    assert_int_equal(schema_cards_rebuild(catalog_db(cat), err, sizeof err), CATALOG_OK);
    catalog_close(cat);
    assert_int_equal(staff_edits(st, NULL, t0, &edits), CATALOG_OK);
    assert_true(edits.items[0].contradicted);
    assert_true(edits.items[2].contradicted);
    staff_edit_list_free(&edits);
    staff_close(st);
}

static void audit_says_what_and_when(void **state)
{
    (void)state;
    struct staff *st = staff_ok();
    assert_int_equal(staff_set_pin(st, "1234", t0), CATALOG_OK);
    struct staff_edit e = edit(STAFF_HOURS, "svc-housing", "2026-01-12", "2026-02-02");
    e.weekday = 1;
    xsnprintf(e.opens_at, sizeof e.opens_at, "10:00");
    xsnprintf(e.closes_at, sizeof e.closes_at, "14:00");
    add_ok(st, &e);
    assert_int_equal(staff_log_import(st, "/media/usb/city.json", "", t0 + 60000), CATALOG_OK);
    struct staff_audit_list log;
    assert_int_equal(staff_audit(st, 10, &log), CATALOG_OK);
    assert_int_equal(log.n, 3);
    assert_string_equal(log.items[0].action, "import");
    assert_string_equal(log.items[0].at, "2026-01-05 10:01");
    char file[64], signer[64];
    staff_import_detail(log.items[0].detail, file, sizeof file, signer, sizeof signer);
    assert_string_equal(file, "city.json");
    assert_string_equal(signer, "");
    staff_import_detail("Zm9vYmFyYmF6cXV4cXV1eHh4eHh4eHh4eHh4eHh4eHh4eA== my city.json", file,
                        sizeof file, signer, sizeof signer);
    assert_string_equal(file, "my city.json");
    assert_string_equal(signer, "Zm9vYmFyYmF6cXV4cXV1eHh4eHh4eHh4eHh4eHh4eHh4eA==");
    assert_string_equal(log.items[1].action, "hours");
    assert_string_equal(log.items[1].service, "svc-housing");
    assert_string_equal(log.items[1].detail, "2026-01-12..2026-02-02 MO 10:00-14:00");
    assert_string_equal(log.items[2].action, "pin-set");
    assert_string_equal(log.items[2].at, "2026-01-05 10:00");
    staff_audit_list_free(&log);
    assert_int_equal(staff_audit(st, 1, &log), CATALOG_OK);
    assert_int_equal(log.n, 1);
    staff_audit_list_free(&log);
    staff_close(st);
}

static int group_setup(void **state)
{
    (void)state;
    if (tmpdir_create("test_staff") != 0 || clock_set_zone("Europe/Helsinki") != 0 ||
        clock_parse_local("2026-01-05T10:00", &t0) != 0)
        return -1;
    clock_simulate(t0);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(pin_unset_opens_nothing, setup),
        cmocka_unit_test_setup(pin_bad_ones_refused, setup),
        cmocka_unit_test_setup(pin_hashed_and_checked, setup),
        cmocka_unit_test_setup(pin_lockout_doubles_across_restarts, setup),
        cmocka_unit_test_setup(pin_lockout_stops_at_a_day, setup),
        cmocka_unit_test_setup(closure_shows_in_lists_and_detail, setup),
        cmocka_unit_test_setup(hours_notice_and_phone, setup),
        cmocka_unit_test_setup(refusals_change_nothing, setup),
        cmocka_unit_test_setup(protected_number_never_shown_changed, setup),
        cmocka_unit_test_setup(import_keeps_edits_and_says_what_changed, setup),
        cmocka_unit_test_setup(audit_says_what_and_when, setup),
    };
    return cmocka_run_group_tests(tests, group_setup, remove_tmpdir);
}
