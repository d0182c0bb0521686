/* test_near.c: distances on foot and lists ordered nearest first. */
#include "test_util.h"

#include "frontdoor/near.h"

#include <math.h>

#define R 6371008.8

static void assert_near(double got, double want, double tolerance)
{
    if (fabs(got - want) > tolerance)
        fail_msg("got %.3f, want %.3f (within %.3f)", got, want, tolerance);
}

static void great_circle(void **state)
{
    (void)state;
    struct fd_latlon here = {60.1699, 24.9384};
    assert_near(near_metres(here, here), 0, 1e-9);
    /* A degree along a meridian, and along the equator: R * pi / 180. */
    assert_near(near_metres((struct fd_latlon){10, 30}, (struct fd_latlon){11, 30}), R * M_PI / 180,
                1e-6);
    assert_near(near_metres((struct fd_latlon){0, 0}, (struct fd_latlon){0, -1}), R * M_PI / 180,
                1e-6);
    /* At 60 degrees north a degree of longitude is half as long... on the
     * parallel; the great circle is a little shorter. */
    double parallel = R * M_PI / 180 * 0.5;
    double d = near_metres((struct fd_latlon){60, 24}, (struct fd_latlon){60, 25});
    assert_true(d < parallel && d > parallel * 0.999);
    /* Symmetric, and the far side of the Earth is half its circumference. */
    struct fd_latlon london = {51.5074, -0.1278}, paris = {48.8566, 2.3522};
    assert_near(near_metres(london, paris), near_metres(paris, london), 1e-6);
    assert_near(near_metres(london, paris), 343556, 500);
    assert_near(near_metres((struct fd_latlon){0, 0}, (struct fd_latlon){0, 180}), R * M_PI, 1e-3);
    assert_near(near_metres((struct fd_latlon){90, 0}, (struct fd_latlon){-90, 0}), R * M_PI, 1e-3);
    /* Across the date line: the short way round. */
    assert_near(near_metres((struct fd_latlon){0, 179.5}, (struct fd_latlon){0, -179.5}),
                R * M_PI / 180, 1e-6);
}

static void walk(void **state)
{
    (void)state;
    struct fd_latlon kiosk = {10, 30};
    struct fd_latlon places[] = {{10.02, 30}, {10.001, 30}, {9.99, 30}};
    struct service_summary s = {.places = places, .n_places = 3};
    /* The nearest of three, with the detour. */
    assert_near(near_walk_metres(&s, kiosk), R * M_PI / 180 * 0.001 * NEAR_DETOUR, 1e-6);
    /* A phone line, or a service whose only place is confidential: no
     * coordinates, no distance (never 0). */
    struct service_summary none = {0};
    assert_near(near_walk_metres(&none, kiosk), -1, 0);
    /* 4.5 km/h is 75 m a minute, rounded up, at least a minute. */
    static const struct {
        double metres;
        int minutes;
    } minutes[] = {{0, 1}, {1, 1}, {75, 1}, {75.5, 2}, {1125, 15}, {1126, 16}, {4500, 60}};
    for (size_t i = 0; i < ARRAY_LEN(minutes); i++)
        assert_int_equal(near_walk_minutes(minutes[i].metres), minutes[i].minutes);
}

static void rounded(void **state)
{
    (void)state;
    static const struct {
        double metres;
        int shown;
    } cases[] = {
        {0, 10},      {4, 10},      {14, 10},     {15, 20},      {994, 990},     {995, 1000},
        {1234, 1200}, {1250, 1300}, {9949, 9900}, {9950, 10000}, {12345, 12000}, {123456, 123000},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        if (near_rounded_metres(cases[i].metres) != cases[i].shown)
            fail_msg("%.1f m is shown as %d, want %d", cases[i].metres,
                     near_rounded_metres(cases[i].metres), cases[i].shown);
    }
}

static void nearest_first(void **state)
{
    (void)state;
    struct service_summary crisis = {.facets = FACET_CRISIS_LINE};
    struct service_summary violence = {.audience = AUDIENCE_USES_VIOLENCE,
                                       .facets = FACET_CRISIS_LINE};
    struct service_summary plain = {.audience = AUDIENCE_CLOSE_ONES};
    assert_int_equal(near_rank(&crisis), 0);
    assert_int_equal(near_rank(&violence), 2);
    assert_int_equal(near_rank(&plain), 1);

    struct near_item items[] = {
        {0, 0, -1}, /* a crisis line: first, though it has no distance */
        {1, 1, 900}, {2, 1, -1}, {3, 1, 100}, {4, 2, 10}, /* the nearest, but last: rank 2 */
        {5, 1, 100},                                      /* as near as 3: after it */
        {6, 1, -1},
    };
    near_sort(items, ARRAY_LEN(items));
    static const size_t want[] = {0, 3, 5, 1, 2, 6, 4};
    for (size_t i = 0; i < ARRAY_LEN(want); i++) {
        if (items[i].index != want[i])
            fail_msg("position %zu holds %zu, want %zu", i, items[i].index, want[i]);
    }
    near_sort(NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(great_circle),
        cmocka_unit_test(walk),
        cmocka_unit_test(rounded),
        cmocka_unit_test(nearest_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
