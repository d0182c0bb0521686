/* search-bench: the search figures of the benchmark.
 *
 *   search-bench BUNDLE DB [MAX]
 *
 * Imports BUNDLE (tests/bench/gen-catalogue.py writes one) into a new
 * database DB, timed as import_10k_ms (BUNDLE "-" searches DB as it is), then types 50 real queries
 * in six languages one character at a time, as a person would, and times catalog_search (at most
 * MAX hits, default TYPING_HITS: the lines the search screen shows while the keyboard is out, and
 * asks for at every key) with the summaries it loads, for every
 * prefix. Prints import_10k_ms: N search_keystroke_p50_ms: N search_keystroke_p99_ms: N and the
 * same percentiles for the first character alone and from the second character on, with the slowest
 * prefix; then the CPU time of the searching thread, which other work on a shared machine does not
 * inflate.
 */
#include "frontdoor/catalog.h"
#include "frontdoor/import.h"
#include "frontdoor/mem.h"
#include "frontdoor/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The most one-line hits the search screen shows above its keyboard (at
 * 1080x1920: about five; at 800x480 and 1920x1080 fewer). */
#define TYPING_HITS 8

static const char *const queries[] = {
    /* en */
    "housing",
    "rent",
    "debt",
    "food",
    "depression",
    "anxiety",
    "doctor",
    "lawyer",
    "asylum",
    "computer help",
    /* fi */
    "asunto",
    "vuokra",
    "masennus",
    "ahdistus",
    "lääkäri",
    "terveysasema",
    "oleskelulupa",
    "tietokone",
    "ruoka",
    "perhe apua",
    /* sv */
    "bostad",
    "ångest",
    "läkare",
    "skulder",
    "familj",
    "tandläkare",
    "uppehållstillstånd",
    "mat",
    /* ar */
    "سكن",
    "اكتئاب",
    "طبيب",
    "محامي",
    "عائلة",
    "مساعدة",
    /* uk */
    "житло",
    "депресія",
    "лікар",
    "юрист",
    "сім'я",
    "допомога",
    /* fa */
    "مسکن",
    "افسردگی",
    "پزشک",
    "وکیل",
    "خانواده",
    "کمک",
    /* typed with a typo */
    "masenus",
    "depresion",
    "anxeity",
    "lakare",
};
_Static_assert(sizeof queries / sizeof queries[0] == 50, "50 queries");

static double clock_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
    return clock_ms(CLOCK_MONOTONIC);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, by_value);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i];
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: search-bench BUNDLE DB [MAX]\n");
        return 2;
    }
    size_t max = argc > 3 ? (size_t)strtoul(argv[3], NULL, 10) : TYPING_HITS;
    struct catalog *cat = NULL;
    if (catalog_open(argv[2], CATALOG_CREATE, &cat) != CATALOG_OK) {
        fprintf(stderr, "search-bench: %s\n", catalog_errmsg(cat));
        catalog_close(cat);
        return 1;
    }
    char err[1024];
    double t0 = now_ms();
    if (strcmp(argv[1], "-") != 0) {
        if (import_file(cat, argv[1], 0, NULL, err, sizeof err) != 0) {
            fprintf(stderr, "search-bench: %s\n", err);
            catalog_close(cat);
            return 1;
        }
        printf("import_10k_ms: %.0f\n", now_ms() - t0);
    }

    /* One warm-up pass, as a kiosk that has run a while has its pages
     * cached; then the timed pass. */
    double *all = xmalloc(2048 * sizeof *all), *first = xmalloc(64 * sizeof *first);
    double *later = xmalloc(2048 * sizeof *later), *cpu = xmalloc(2048 * sizeof *cpu);
    size_t n_all = 0, n_first = 0, n_later = 0, hits = 0;
    double worst = 0;
    char worst_q[64] = "";
    for (int pass = 0; pass < 2; pass++) {
        for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
            const char *s = queries[q];
            size_t len = strlen(s);
            for (size_t end = 1; end <= len; end++) {
                if (end < len && ((unsigned char)s[end] & 0xC0) == 0x80)
                    continue; /* not a whole character yet */
                char prefix[64];
                xsnprintf(prefix, sizeof prefix, "%.*s", (int)end, s);
                struct search_results r;
                double a = now_ms(), c = clock_ms(CLOCK_THREAD_CPUTIME_ID);
                int rc = catalog_search(cat, prefix, max, &r);
                double ms = now_ms() - a;
                c = clock_ms(CLOCK_THREAD_CPUTIME_ID) - c;
                if (rc != CATALOG_OK) {
                    fprintf(stderr, "search-bench: \"%s\": %s\n", prefix, catalog_errmsg(cat));
                    return 1;
                }
                if (pass == 1) {
                    hits += r.n;
                    cpu[n_all] = c;
                    all[n_all++] = ms;
                    size_t c1 = 1; /* the bytes of the first character */
                    while (((unsigned char)s[c1] & 0xC0) == 0x80)
                        c1++;
                    int first_char = end == c1;
                    if (first_char)
                        first[n_first++] = ms;
                    else
                        later[n_later++] = ms;
                    if (ms > worst) {
                        worst = ms;
                        xsnprintf(worst_q, sizeof worst_q, "%s", prefix);
                    }
                }
                catalog_search_free(&r);
            }
        }
    }
    printf("search_keystrokes: %zu (hits per keystroke %.1f, at most %zu)\n", n_all,
           (double)hits / (double)n_all, max);
    printf("search_keystroke_p50_ms: %.3f\n", percentile(all, n_all, 0.50));
    printf("search_keystroke_p99_ms: %.3f\n", percentile(all, n_all, 0.99));
    printf("search_first_char_p50_ms: %.3f\n", percentile(first, n_first, 0.50));
    printf("search_first_char_p99_ms: %.3f\n", percentile(first, n_first, 0.99));
    printf("search_from_second_char_p99_ms: %.3f\n", percentile(later, n_later, 0.99));
    printf("search_slowest_ms: %.3f (\"%s\")\n", worst, worst_q);
    printf("search_keystroke_cpu_p50_ms: %.3f\n", percentile(cpu, n_all, 0.50));
    printf("search_keystroke_cpu_p99_ms: %.3f\n", percentile(cpu, n_all, 0.99));
    free(cpu);
    free(all);
    free(first);
    free(later);
    catalog_close(cat);
    return 0;
}
