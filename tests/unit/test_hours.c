/* test_hours.c: open now, until when, or when next, from weekly hours. */
#include "test_util.h"

#include "frontdoor/hours.h"

/* 2026-01-05 is a Monday. */
static struct fd_tm at(int weekday, int hour, int minute)
{
    return (struct fd_tm){2026, 1, 4 + weekday, hour, minute, weekday};
}

static void assert_status(struct hours_status s, enum hours_state state, int weekday, int days,
                          const char *time)
{
    if (s.state != state || (state >= HOURS_OPEN &&
                             (s.weekday != weekday || s.days != days || strcmp(s.at, time) != 0)))
        fail_msg("got state %d weekday %d days %d at %s; want %d %d %d %s", s.state, s.weekday,
                 s.days, s.at, state, weekday, days, time);
}

/* Monday to Friday 09:00-12:00 and 13:00-16:00. */
static const struct opening split[] = {
    {1, "09:00", "12:00"}, {1, "13:00", "16:00"}, {2, "09:00", "12:00"}, {2, "13:00", "16:00"},
    {3, "09:00", "12:00"}, {3, "13:00", "16:00"}, {4, "09:00", "12:00"}, {4, "13:00", "16:00"},
    {5, "09:00", "12:00"}, {5, "13:00", "16:00"},
};

static void split_hours(void **state)
{
    (void)state;
    size_t n = ARRAY_LEN(split);
    assert_status(hours_status(split, n, at(1, 8, 59)), HOURS_CLOSED, 1, 0, "09:00");
    assert_status(hours_status(split, n, at(1, 9, 0)), HOURS_OPEN, 1, 0, "12:00");
    assert_status(hours_status(split, n, at(1, 12, 0)), HOURS_CLOSED, 1, 0, "13:00");
    assert_status(hours_status(split, n, at(1, 15, 59)), HOURS_OPEN, 1, 0, "16:00");
    assert_status(hours_status(split, n, at(1, 16, 0)), HOURS_CLOSED, 2, 1, "09:00");
    /* Friday evening: next Monday, three days on. */
    assert_status(hours_status(split, n, at(5, 18, 0)), HOURS_CLOSED, 1, 3, "09:00");
    assert_status(hours_status(split, n, at(7, 23, 59)), HOURS_CLOSED, 1, 1, "09:00");
}

static void overnight_and_week_end(void **state)
{
    (void)state;
    /* Friday to Sunday 20:00-08:00: Sunday's night runs into Monday. */
    static const struct opening nights[] = {
        {5, "20:00", "08:00"}, {6, "20:00", "08:00"}, {7, "20:00", "08:00"}};
    assert_status(hours_status(nights, 3, at(5, 19, 0)), HOURS_CLOSED, 5, 0, "20:00");
    assert_status(hours_status(nights, 3, at(5, 23, 0)), HOURS_OPEN, 6, 1, "08:00");
    assert_status(hours_status(nights, 3, at(6, 7, 59)), HOURS_OPEN, 6, 0, "08:00");
    assert_status(hours_status(nights, 3, at(1, 3, 0)), HOURS_OPEN, 1, 0, "08:00");
    assert_status(hours_status(nights, 3, at(1, 8, 0)), HOURS_CLOSED, 5, 4, "20:00");
}

static void back_to_back_and_always(void **state)
{
    (void)state;
    /* Saturday all day and Sunday from midnight are one stretch. */
    static const struct opening weekend[] = {{6, "00:00", "23:59"}, {7, "00:00", "12:00"}};
    assert_status(hours_status(weekend, 2, at(6, 22, 0)), HOURS_OPEN, 7, 1, "12:00");
    static const struct opening always[] = {
        {1, "00:00", "23:59"}, {2, "00:00", "23:59"}, {3, "00:00", "23:59"}, {4, "00:00", "23:59"},
        {5, "00:00", "23:59"}, {6, "00:00", "23:59"}, {7, "00:00", "23:59"}};
    assert_status(hours_status(always, 7, at(3, 4, 0)), HOURS_ALWAYS, 0, 0, "");
    /* One day missing is not always. */
    assert_status(hours_status(always, 6, at(3, 4, 0)), HOURS_OPEN, 7, 4, "00:00");
}

static void to_midnight_and_once_a_week(void **state)
{
    (void)state;
    /* To 23:59 is to the end of the day: it closes at the next midnight. */
    static const struct opening late[] = {{1, "09:00", "23:59"}};
    assert_status(hours_status(late, 1, at(1, 10, 0)), HOURS_OPEN, 2, 1, "00:00");
    /* Once a week, just after closing: it opens again a week from today. */
    static const struct opening weekly[] = {{1, "09:00", "12:00"}};
    assert_status(hours_status(weekly, 1, at(1, 12, 30)), HOURS_CLOSED, 1, 7, "09:00");
    assert_status(hours_status(weekly, 1, at(1, 8, 0)), HOURS_CLOSED, 1, 0, "09:00");
}

static void nothing_known(void **state)
{
    (void)state;
    assert_status(hours_status(NULL, 0, at(1, 10, 0)), HOURS_UNKNOWN, 0, 0, "");
    /* Rows the importer would never write are skipped, not trusted. */
    static const struct opening bad[] = {{8, "09:00", "10:00"}, {1, "9am", "10:00"}};
    assert_status(hours_status(bad, 2, at(1, 9, 30)), HOURS_UNKNOWN, 0, 0, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(split_hours),
        cmocka_unit_test(overnight_and_week_end),
        cmocka_unit_test(back_to_back_and_always),
        cmocka_unit_test(to_midnight_and_once_a_week),
        cmocka_unit_test(nothing_known),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
