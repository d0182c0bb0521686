/* filters-bench: how long a filtered list takes, over a catalogue database.
 *
 *   filters-bench DB [ROUNDS]
 *
 * For every need, ROUNDS times (default 20): the need's list loaded from
 * the catalogue (catalog_services_for_need) and filtered as the kiosk does
 * with three filters on (open now, free, speaks my language): every
 * service asked every filter once, the count each chip shows, the services
 * kept. Prints the median and 99th percentile of those times, the same
 * without the loading (what the filters add), and how long
 * "open now" takes for 1000 services (the median of ROUNDS runs over the
 * first 1000 services of the lists):
 *
 *   filtered_list_p50_ms: 1.23 ms
 *   filtered_list_p99_ms: 2.34 ms
 *   open_now_1000_ms: 0.45 ms
 *
 * The local time is fixed (Monday 2026-01-05 10:00) and the language is
 * English, so runs compare.
 */
#include "frontdoor/catalog.h"
#include "frontdoor/filter.h"
#include "frontdoor/hours.h"
#include "frontdoor/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OPEN_NOW_N 1000

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile of n sorted values (nearest rank). */
static double quantile(const double *v, size_t n, double q)
{
    size_t k = (size_t)(q * (double)n + 0.999999);
    return v[k ? k - 1 : 0];
}

static const struct fd_tm monday = {2026, 1, 5, 10, 0, 1};

/* One filtered list: loaded, asked, counted and kept; *load_ms gets the
 * part the loading took. Returns the services kept, or -1 when the
 * catalogue failed. */
static long filtered_list(struct catalog *cat, const char *need, unsigned mask, double *load_ms)
{
    struct service_list list = {0};
    double t0 = now_ms();
    if (catalog_services_for_need(cat, need, &list) != 0)
        return -1;
    *load_ms = now_ms() - t0;
    unsigned *passes = xcalloc(list.n ? list.n : 1, sizeof *passes);
    size_t *kept = xcalloc(list.n ? list.n : 1, sizeof *kept);
    size_t n = 0;
    for (size_t i = 0; i < list.n; i++) {
        passes[i] = filter_passes(&list.items[i], "en", monday);
        if (filter_keeps(passes[i], mask))
            kept[n++] = i;
    }
    struct filter_counts counts;
    filter_count(passes, list.n, mask, &counts);
    if (counts.left != n)
        abort();
    free(kept);
    free(passes);
    catalog_service_list_free(&list);
    return (long)n;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: filters-bench DB [ROUNDS]\n");
        return 2;
    }
    int rounds = argc == 3 ? (int)strtol(argv[2], NULL, 10) : 20;
    if (rounds < 1)
        rounds = 1;
    struct catalog *cat;
    int rc = catalog_open(argv[1], CATALOG_READONLY, &cat);
    if (rc != 0) {
        fprintf(stderr, "filters-bench: %s\n", catalog_errmsg(cat));
        catalog_close(cat);
        return 1;
    }
    catalog_set_languages(cat, "en", "en");
    struct need_list needs = {0};
    if (catalog_needs(cat, &needs) != 0 || needs.n == 0) {
        fprintf(stderr, "filters-bench: no needs: %s\n", catalog_errmsg(cat));
        catalog_close(cat);
        return 1;
    }

    unsigned mask =
        FILTER_BIT(FILTER_OPEN_NOW) | FILTER_BIT(FILTER_FREE) | FILTER_BIT(FILTER_LANGUAGE);
    size_t runs = needs.n * (size_t)rounds, done = 0;
    double *ms = xcalloc(runs, sizeof *ms), *filter_ms = xcalloc(runs, sizeof *filter_ms);
    long services = 0, kept = 0;
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < needs.n; i++) {
            double t0 = now_ms(), load = 0;
            long k = filtered_list(cat, needs.items[i].code, mask, &load);
            ms[done] = now_ms() - t0;
            filter_ms[done] = ms[done] - load;
            done++;
            if (k < 0) {
                fprintf(stderr, "filters-bench: %s\n", catalog_errmsg(cat));
                return 1;
            }
            if (r == 0) {
                services += needs.items[i].n_services;
                kept += k;
            }
        }
    }
    qsort(ms, runs, sizeof *ms, by_value);
    qsort(filter_ms, runs, sizeof *filter_ms, by_value);
    printf("lists: %zu needs x %d rounds, %ld services listed, %ld kept by open now + free + "
           "speaks English\n",
           needs.n, rounds, services, kept);
    printf("filtered_list_p50_ms: %.3f ms\n", quantile(ms, runs, 0.50));
    printf("filtered_list_p99_ms: %.3f ms\n", quantile(ms, runs, 0.99));
    printf("filtered_list_max_ms: %.3f ms\n", ms[runs - 1]);
    /* The same lists without their loading: what the filters add. */
    printf("filtering_only_p50_ms: %.3f ms\n", quantile(filter_ms, runs, 0.50));
    printf("filtering_only_p99_ms: %.3f ms\n", quantile(filter_ms, runs, 0.99));

    /* The first 1000 services of the lists, loaded once. */
    struct service_list *lists = xcalloc(needs.n, sizeof *lists);
    const struct service_summary *some[OPEN_NOW_N];
    size_t n = 0;
    for (size_t i = 0; i < needs.n && n < OPEN_NOW_N; i++) {
        if (catalog_services_for_need(cat, needs.items[i].code, &lists[i]) != 0) {
            fprintf(stderr, "filters-bench: %s\n", catalog_errmsg(cat));
            return 1;
        }
        for (size_t j = 0; j < lists[i].n && n < OPEN_NOW_N; j++)
            some[n++] = &lists[i].items[j];
    }
    double *open_ms = xcalloc((size_t)rounds, sizeof *open_ms);
    size_t open = 0;
    for (int r = 0; r < rounds; r++) {
        double t0 = now_ms();
        open = 0;
        for (size_t i = 0; i < n; i++) {
            enum hours_state h = hours_service(some[i], monday).state;
            open += h == HOURS_OPEN || h == HOURS_ALWAYS;
        }
        open_ms[r] = now_ms() - t0;
    }
    qsort(open_ms, (size_t)rounds, sizeof *open_ms, by_value);
    printf("open now: %zu of %zu services\n", open, n);
    printf("open_now_%d_ms: %.3f ms\n", OPEN_NOW_N, quantile(open_ms, (size_t)rounds, 0.50));

    for (size_t i = 0; i < needs.n; i++)
        catalog_service_list_free(&lists[i]);
    free(lists);
    free(open_ms);
    free(filter_ms);
    free(ms);
    catalog_need_list_free(&needs);
    catalog_close(cat);
    return 0;
}
