/* near.c: distances on foot, and lists ordered nearest first.
 *
 * Haversine rather than the spherical law of cosines: it stays accurate
 * for the few hundred metres that matter most here.
 */
#include "frontdoor/near.h"

#include <math.h>
#include <stdlib.h>

#define EARTH_RADIUS_M 6371008.8

static double radians(double degrees)
{
    return degrees * (M_PI / 180.0);
}

double near_metres(struct fd_latlon a, struct fd_latlon b)
{
    double dlat = radians(b.lat - a.lat), dlon = radians(b.lon - a.lon);
    double s = sin(dlat / 2) * sin(dlat / 2) +
               cos(radians(a.lat)) * cos(radians(b.lat)) * sin(dlon / 2) * sin(dlon / 2);
    /* Rounding can push s a hair past 1 for antipodes. */
    return 2 * EARTH_RADIUS_M * asin(sqrt(s < 1 ? s : 1));
}

double near_walk_metres(const struct service_summary *s, struct fd_latlon from)
{
    double best = -1;
    for (size_t i = 0; i < s->n_places; i++) {
        double m = near_metres(from, s->places[i]);
        if (best < 0 || m < best)
            best = m;
    }
    return best < 0 ? -1 : best * NEAR_DETOUR;
}

int near_walk_minutes(double walk_metres)
{
    double minutes = ceil(walk_metres / (NEAR_WALK_KMH * 1000 / 60));
    return minutes < 1 ? 1 : (int)minutes;
}

int near_rounded_metres(double walk_metres)
{
    double step = walk_metres < 995 ? 10 : walk_metres < 9950 ? 100 : 1000;
    double r = round(walk_metres / step) * step;
    return r < 10 ? 10 : (int)r;
}

int near_rank(const struct service_summary *s)
{
    if (s->audience == AUDIENCE_USES_VIOLENCE)
        return 2;
    return (s->facets & FACET_CRISIS_LINE) ? 0 : 1;
}

static int by_rank_then_distance(const void *a, const void *b)
{
    const struct near_item *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank - y->rank;
    int xk = x->metres >= 0, yk = y->metres >= 0;
    if (xk != yk)
        return yk - xk; /* a known distance first */
    if (xk && x->metres != y->metres)
        return x->metres < y->metres ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

void near_sort(struct near_item *items, size_t n)
{
    if (n > 1)
        qsort(items, n, sizeof *items, by_rank_then_distance);
}
