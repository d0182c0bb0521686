/* filter.h: the filters a resident turns on over a list of services.
 *
 * Each filter is a question a service answers yes or no: open now, free,
 * walk-in, no referral needed, speaks my language (or has an interpreter),
 * no ID needed, anonymous, accessible. A list asks every service once
 * (filter_passes) and keeps the answers as a bit mask per service; a set of
 * filters is a mask too, and a service passes it when it answers yes to
 * each. From the answers alone come the counts a filter bar shows (how many
 * each filter would leave) and, when nothing is left, which filter to drop.
 *
 * Pure functions: no catalogue, no clock, no SQL; the caller gives the
 * local time and the language.
 */
#ifndef FRONTDOOR_FILTER_H
#define FRONTDOOR_FILTER_H

#include "frontdoor/catalog.h"
#include "frontdoor/clock.h"

#include <stddef.h>

/* The filters, in the order a filter bar shows them. */
enum filter {
    FILTER_OPEN_NOW,    /* "open-now": open at this minute (hours_service OPEN or ALWAYS) */
    FILTER_FREE,        /* "free": FACET_FREE */
    FILTER_WALK_IN,     /* "walk-in": FACET_WALK_IN */
    FILTER_NO_REFERRAL, /* "no-referral": FACET_NO_REFERRAL */
    FILTER_LANGUAGE,    /* "my-language": speaks the person's language, or FACET_INTERPRETER */
    FILTER_NO_ID,       /* "no-id": FACET_NO_ID */
    FILTER_ANONYMOUS,   /* "anonymous": FACET_ANONYMOUS */
    FILTER_ACCESSIBLE,  /* "accessible": FACET_ACCESSIBLE */
    N_FILTERS
};

#define FILTER_BIT(f) (1u << (f))
#define FILTER_ALL (FILTER_BIT(N_FILTERS) - 1)

/* The stable key of filter `f` ("open-now", ...), for widget ids; NULL out
 * of range. */
const char *filter_slug(int f);
/* The filter with this slug, or -1. */
int filter_by_slug(const char *slug);

/* 1 when the comma-joined language codes `codes` ("fi,en,ar") include
 * `lang`; a regional code matches its language ("en-GB" matches "en", and
 * "en" matches "en-GB"). */
int filter_speaks(const char *codes, const char *lang);

/* The filters service `s` passes (FILTER_BIT of each) for a person reading
 * `lang` at local time `now`. */
unsigned filter_passes(const struct service_summary *s, const char *lang, struct fd_tm now);

/* 1 when a service answering `passes` is kept by the filters `mask`. */
static inline int filter_keeps(unsigned passes, unsigned mask)
{
    return (passes & mask) == mask;
}

/* What the filters `mask` leave of `n` services whose answers are
 * passes[0..n-1]. */
struct filter_counts {
    size_t left;               /* kept by `mask` */
    size_t with[N_FILTERS];    /* kept by `mask` with filter f on as well (= left when on) */
    size_t without[N_FILTERS]; /* kept by `mask` with filter f off (= left when off) */
};
void filter_count(const unsigned *passes, size_t n, unsigned mask, struct filter_counts *out);

/* The filter of `mask` whose turning off leaves the most services (the
 * first in bar order on a tie), or -1 when turning off any one of them
 * leaves none: then only turning them all off helps. */
int filter_to_drop(const struct filter_counts *c, unsigned mask);

#endif
