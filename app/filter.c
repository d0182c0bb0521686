/* filter.c: which services pass the filters, and what each would leave.
 *
 * A service is asked each question once per list, so a bar of eight chips
 * over a long list costs one pass over the answers: for every service,
 * whether it is kept with each filter added and with each filter taken away.
 */
#include "frontdoor/filter.h"

#include "frontdoor/hours.h"

#include <string.h>

static const struct {
    const char *slug;
    unsigned facet; /* the FACET_* bit that answers it, 0 for the two computed ones */
} filters[N_FILTERS] = {
    [FILTER_OPEN_NOW] = {"open-now", 0},
    [FILTER_FREE] = {"free", FACET_FREE},
    [FILTER_WALK_IN] = {"walk-in", FACET_WALK_IN},
    [FILTER_NO_REFERRAL] = {"no-referral", FACET_NO_REFERRAL},
    [FILTER_LANGUAGE] = {"my-language", 0},
    [FILTER_NO_ID] = {"no-id", FACET_NO_ID},
    [FILTER_ANONYMOUS] = {"anonymous", FACET_ANONYMOUS},
    [FILTER_ACCESSIBLE] = {"accessible", FACET_ACCESSIBLE},
};

const char *filter_slug(int f)
{
    return f >= 0 && f < N_FILTERS ? filters[f].slug : NULL;
}

int filter_by_slug(const char *slug)
{
    for (int f = 0; f < N_FILTERS; f++) {
        if (strcmp(filters[f].slug, slug) == 0)
            return f;
    }
    return -1;
}

/* The length of the language part of a code: "en" of "en-GB". */
static size_t base_len(const char *code, size_t len)
{
    const char *dash = memchr(code, '-', len);
    return dash ? (size_t)(dash - code) : len;
}

int filter_speaks(const char *codes, const char *lang)
{
    size_t want = base_len(lang, strlen(lang));
    if (want == 0)
        return 0;
    for (const char *p = codes; *p;) {
        size_t len = strcspn(p, ",");
        if (base_len(p, len) == want && strncmp(p, lang, want) == 0)
            return 1;
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

unsigned filter_passes(const struct service_summary *s, const char *lang, struct fd_tm now)
{
    unsigned passes = 0;
    for (int f = 0; f < N_FILTERS; f++) {
        if (filters[f].facet && (s->facets & filters[f].facet))
            passes |= FILTER_BIT(f);
    }
    if ((s->facets & FACET_INTERPRETER) || filter_speaks(s->languages, lang))
        passes |= FILTER_BIT(FILTER_LANGUAGE);
    /* Temporarily closed, closed today for a holiday, or seeing people by
     * appointment only: not a place to go to now, whatever the weekly hours. */
    enum hours_state h = hours_service(s, now).state;
    if (h == HOURS_OPEN || h == HOURS_ALWAYS)
        passes |= FILTER_BIT(FILTER_OPEN_NOW);
    return passes;
}

void filter_count(const unsigned *passes, size_t n, unsigned mask, struct filter_counts *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        unsigned p = passes[i];
        out->left += filter_keeps(p, mask);
        for (int f = 0; f < N_FILTERS; f++) {
            out->with[f] += filter_keeps(p, mask | FILTER_BIT(f));
            out->without[f] += filter_keeps(p, mask & ~FILTER_BIT(f));
        }
    }
}

int filter_to_drop(const struct filter_counts *c, unsigned mask)
{
    int best = -1;
    for (int f = 0; f < N_FILTERS; f++) {
        if ((mask & FILTER_BIT(f)) && c->without[f] > 0 &&
            (best < 0 || c->without[f] > c->without[best]))
            best = f;
    }
    return best;
}
