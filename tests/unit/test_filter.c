/* test_filter.c: which services the filters keep, the count each chip
 * shows, and the filter to drop when nothing is left. */
#include "test_util.h"

#include "frontdoor/filter.h"

#define BIT(f) FILTER_BIT(FILTER_##f)

/* 2026-01-05 is a Monday. */
static struct fd_tm at(int weekday, int hour, int minute)
{
    return (struct fd_tm){2026, 1, 4 + weekday, hour, minute, weekday};
}

static void slugs(void **state)
{
    (void)state;
    static const char *const want[N_FILTERS] = {"open-now",    "free",  "walk-in",   "no-referral",
                                                "my-language", "no-id", "anonymous", "accessible"};
    for (int f = 0; f < N_FILTERS; f++) {
        assert_string_equal(filter_slug(f), want[f]);
        assert_int_equal(filter_by_slug(want[f]), f);
    }
    assert_null(filter_slug(-1));
    assert_null(filter_slug(N_FILTERS));
    assert_int_equal(filter_by_slug("Free"), -1);
    assert_int_equal(filter_by_slug(""), -1);
}

static void speaks(void **state)
{
    (void)state;
    static const struct {
        const char *codes, *lang;
        int want;
    } cases[] = {
        {"fi,en,ar", "ar", 1}, {"fi,en,ar", "fi", 1}, {"fi,en", "ar", 0}, {"en-GB", "en", 1},
        {"en", "en-GB", 1},    {"", "en", 0},         {"fa", "f", 0},     {"fil", "fi", 0},
        {"fi", "fil", 0},      {"fi", "", 0},         {"ti,so", "so", 1}, {"uk,ru", "ru", 1},
        {",en", "en", 1},      {"en,", "en", 1},      {"e,n", "en", 0},   {"pt-BR,es", "pt-PT", 1},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        if (filter_speaks(cases[i].codes, cases[i].lang) != cases[i].want)
            fail_msg("filter_speaks(\"%s\", \"%s\") is not %d", cases[i].codes, cases[i].lang,
                     cases[i].want);
    }
}

static const struct opening weekdays_9_16[] = {
    {.weekday = 1, .opens_at = "09:00", .closes_at = "16:00"},
    {.weekday = 2, .opens_at = "09:00", .closes_at = "16:00"},
    {.weekday = 3, .opens_at = "09:00", .closes_at = "16:00"},
    {.weekday = 4, .opens_at = "09:00", .closes_at = "16:00"},
    {.weekday = 5, .opens_at = "09:00", .closes_at = "16:00"},
};
static const struct opening always[] = {{.weekday = 1, .opens_at = "00:00", .closes_at = "23:59"},
                                        {.weekday = 2, .opens_at = "00:00", .closes_at = "23:59"},
                                        {.weekday = 3, .opens_at = "00:00", .closes_at = "23:59"},
                                        {.weekday = 4, .opens_at = "00:00", .closes_at = "23:59"},
                                        {.weekday = 5, .opens_at = "00:00", .closes_at = "23:59"},
                                        {.weekday = 6, .opens_at = "00:00", .closes_at = "23:59"},
                                        {.weekday = 7, .opens_at = "00:00", .closes_at = "23:59"}};

static struct service_summary service(unsigned facets, const char *langs, const char *status,
                                      const struct opening *o, size_t n)
{
    struct service_summary s = {.facets = facets, .openings = (struct opening *)o, .n_openings = n};
    xsnprintf(s.languages, sizeof s.languages, "%s", langs);
    xsnprintf(s.status, sizeof s.status, "%s", status);
    return s;
}

static void passes(void **state)
{
    (void)state;
    struct service_summary s = service(FACET_FREE | FACET_NO_ID | FACET_CRISIS_LINE, "fi,en",
                                       "active", weekdays_9_16, ARRAY_LEN(weekdays_9_16));
    /* Monday 10:00 in English: open, free, no ID, speaks English. */
    assert_int_equal(filter_passes(&s, "en", at(1, 10, 0)),
                     BIT(OPEN_NOW) | BIT(FREE) | BIT(NO_ID) | BIT(LANGUAGE));
    /* Saturday, in Arabic: closed, and no Arabic. */
    assert_int_equal(filter_passes(&s, "ar", at(6, 10, 0)), BIT(FREE) | BIT(NO_ID));
    /* An interpreter answers "speaks my language" in any language. */
    s.facets =
        FACET_INTERPRETER | FACET_WALK_IN | FACET_NO_REFERRAL | FACET_ANONYMOUS | FACET_ACCESSIBLE;
    assert_int_equal(filter_passes(&s, "ti", at(6, 10, 0)),
                     FILTER_ALL & ~BIT(OPEN_NOW) & ~BIT(FREE) & ~BIT(NO_ID));
    /* Temporarily closed is not open now, whatever its weekly hours say. */
    struct service_summary closed = service(0, "", "temporarily closed", always, ARRAY_LEN(always));
    assert_int_equal(filter_passes(&closed, "en", at(3, 12, 0)), 0);
    struct service_summary open = service(0, "", "active", always, ARRAY_LEN(always));
    assert_int_equal(filter_passes(&open, "en", at(3, 3, 0)), BIT(OPEN_NOW));
    /* No weekly hours: nobody knows it is open, so it is not kept. */
    struct service_summary unknown = service(0, "en", "active", NULL, 0);
    assert_int_equal(filter_passes(&unknown, "en", at(3, 12, 0)), BIT(LANGUAGE));
    /* By appointment only: within its hours, but not a place to walk into. */
    struct service_summary booked =
        service(0, "", "active", weekdays_9_16, ARRAY_LEN(weekdays_9_16));
    booked.by_appointment = 1;
    assert_int_equal(filter_passes(&booked, "en", at(1, 10, 0)), 0);
}

/* Ten services' answers, and what each mask leaves. */
static const unsigned answers[] = {
    BIT(FREE) | BIT(OPEN_NOW),
    BIT(FREE) | BIT(OPEN_NOW) | BIT(WALK_IN),
    BIT(FREE) | BIT(WALK_IN),
    BIT(FREE),
    BIT(FREE) | BIT(LANGUAGE),
    BIT(OPEN_NOW) | BIT(LANGUAGE),
    BIT(WALK_IN) | BIT(ANONYMOUS),
    BIT(ACCESSIBLE),
    0,
    FILTER_ALL,
};

static void counts(void **state)
{
    (void)state;
    static const struct {
        unsigned mask;
        size_t left;
        size_t with[N_FILTERS]; /* in bar order: open, free, walk, ref, lang, id, anon, acc */
        size_t without[N_FILTERS];
    } cases[] = {
        {0, 10, {4, 6, 4, 1, 3, 1, 2, 2}, {10, 10, 10, 10, 10, 10, 10, 10}},
        {BIT(FREE), 6, {3, 6, 3, 1, 2, 1, 1, 1}, {6, 10, 6, 6, 6, 6, 6, 6}},
        {BIT(FREE) | BIT(OPEN_NOW), 3, {3, 3, 2, 1, 1, 1, 1, 1}, {6, 4, 3, 3, 3, 3, 3, 3}},
        {BIT(FREE) | BIT(OPEN_NOW) | BIT(ANONYMOUS),
         1,
         {1, 1, 1, 1, 1, 1, 1, 1},
         {1, 1, 1, 1, 1, 1, 3, 1}},
        {FILTER_ALL, 1, {1, 1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 1, 1}},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct filter_counts c;
        filter_count(answers, ARRAY_LEN(answers), cases[i].mask, &c);
        if (c.left != cases[i].left)
            fail_msg("case %zu: %zu left, want %zu", i, c.left, cases[i].left);
        for (int f = 0; f < N_FILTERS; f++) {
            if (c.with[f] != cases[i].with[f] || c.without[f] != cases[i].without[f])
                fail_msg("case %zu, %s: with %zu without %zu, want %zu and %zu", i, filter_slug(f),
                         c.with[f], c.without[f], cases[i].with[f], cases[i].without[f]);
        }
    }
    /* An empty list leaves nothing, whatever is on. */
    struct filter_counts c;
    filter_count(NULL, 0, BIT(FREE), &c);
    assert_int_equal(c.left, 0);
    assert_int_equal(c.without[FILTER_FREE], 0);
}

static void what_to_drop(void **state)
{
    (void)state;
    /* Without the last service, which passes everything. */
    size_t n = ARRAY_LEN(answers) - 1;
    struct filter_counts c;
    static const struct {
        unsigned mask;
        int want;
    } cases[] = {
        /* Free and anonymous: without free 1 is left (the walk-in one), without
         * anonymous 5 (every free one). */
        {BIT(FREE) | BIT(ANONYMOUS), FILTER_ANONYMOUS},
        /* Open now and accessible: either alone leaves one or more; dropping
         * open now leaves 1 (accessible), dropping accessible leaves 3. */
        {BIT(OPEN_NOW) | BIT(ACCESSIBLE), FILTER_ACCESSIBLE},
        /* A tie goes to the first in bar order: both leave 1. */
        {BIT(ANONYMOUS) | BIT(ACCESSIBLE), FILTER_ANONYMOUS},
        /* Dropping any one of three still leaves none: drop them all. */
        {BIT(ACCESSIBLE) | BIT(ANONYMOUS) | BIT(LANGUAGE), -1},
        /* Nothing on, nothing to drop. */
        {0, -1},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        filter_count(answers, n, cases[i].mask, &c);
        if (cases[i].mask)
            assert_int_equal(c.left, 0);
        int got = filter_to_drop(&c, cases[i].mask);
        if (got != cases[i].want)
            fail_msg("case %zu: drop %s, want %s", i, got < 0 ? "all" : filter_slug(got),
                     cases[i].want < 0 ? "all" : filter_slug(cases[i].want));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(slugs),  cmocka_unit_test(speaks),       cmocka_unit_test(passes),
        cmocka_unit_test(counts), cmocka_unit_test(what_to_drop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
