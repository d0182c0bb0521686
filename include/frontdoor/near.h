/* near.h: how far a service is from the kiosk, on foot.
 *
 * The kiosk knows where it stands (the configuration's `location`) and the
 * catalogue where each service's locations are (a confidential one never
 * has coordinates). The distance is the great circle to the nearest of
 * them (haversine) made longer by a detour factor, since streets do not run
 * straight; the walk takes that distance at an unhurried pace.
 *
 * Pure functions: no catalogue, no configuration.
 */
#ifndef FRONTDOOR_NEAR_H
#define FRONTDOOR_NEAR_H

#include "frontdoor/catalog.h"

#include <stddef.h>

/* An unhurried pace, km/h: people with children, a stick or heavy bags. */
#define NEAR_WALK_KMH 4.5
/* How much longer a walk along streets is than the straight line: city
 * street networks measure 1.2 to 1.4 times the crow-flies distance. */
#define NEAR_DETOUR 1.3

/* Metres along the Earth's surface between two points (haversine on a
 * sphere of the mean radius, 6,371,008.8 m: within 0.5 % of the
 * ellipsoid, far better than a street detour guesses). */
double near_metres(struct fd_latlon a, struct fd_latlon b);

/* Metres on foot from `from` to the nearest of service `s`'s places, or -1
 * when it has none (a phone line, a confidential place, no coordinates). */
double near_walk_metres(const struct service_summary *s, struct fd_latlon from);

/* Whole minutes to walk `walk_metres` at NEAR_WALK_KMH, rounded up; at
 * least 1. */
int near_walk_minutes(double walk_metres);

/* `walk_metres` rounded as a person reads it: to 10 m under a kilometre (at
 * least 10 m, so nothing reads "0 m"), to 100 m under 10 km, to the
 * kilometre beyond. */
int near_rounded_metres(double walk_metres);

/* One entry of a list to order nearest first. */
struct near_item {
    size_t index;  /* the caller's: where the service is in its list */
    int rank;      /* near_rank() of the service */
    double metres; /* near_walk_metres(); < 0 when unknown */
};

/* Where a service must stay whatever its distance: 0 for a crisis line
 * (first in every list), 2 for a service for people who use violence
 * (never first, so nobody who is being hurt sees it before help), 1 for
 * the rest. */
int near_rank(const struct service_summary *s);

/* Sorts `items` by rank, then nearest first, those with no distance after
 * those with one, and otherwise as they came (by index). */
void near_sort(struct near_item *items, size_t n);

#endif
