/* clock.c: real or simulated time, and the kiosk's local time.
 *
 * The simulated clock is a single counter moved by the caller. Local time
 * goes through the C library with TZ set once to the kiosk's zone, so daylight
 * saving rules come from the system's zone files rather than our own tables.
 */
#include "frontdoor/clock.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>
#include <time.h>

static int simulated;
static int64_t sim_ms;    /* simulated wall clock */
static int64_t sim_ticks; /* simulated monotonic clock: setting the wall clock leaves it */
static int sim_trusted = 1;

int clock_zone_exists(const char *zone)
{
    if (!zone || !*zone || strstr(zone, "..") || zone[0] == '/')
        return 0;
    char path[512];
    if (snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zone) >= (int)sizeof path)
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char magic[4] = {0};
    size_t n = fread(magic, 1, sizeof magic, f);
    fclose(f);
    return n == 4 && memcmp(magic, "TZif", 4) == 0;
}

int clock_set_zone(const char *zone)
{
    if (!clock_zone_exists(zone))
        return -1;
    if (setenv("TZ", zone, 1) != 0)
        return -1;
    tzset();
    return 0;
}

void clock_simulate(int64_t start_ms)
{
    simulated = 1;
    sim_ms = start_ms;
    sim_ticks = 0;
}

int clock_is_simulated(void)
{
    return simulated;
}

static int64_t system_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_now_ms(void)
{
    return simulated ? sim_ms : system_ms(CLOCK_REALTIME);
}

int64_t clock_ticks_ms(void)
{
    return simulated ? sim_ticks : system_ms(CLOCK_MONOTONIC);
}

int64_t clock_boot_ms(void)
{
    return simulated ? sim_ticks : system_ms(CLOCK_BOOTTIME);
}

int clock_trusted(void)
{
    if (simulated)
        return sim_trusted;
    /* Read-only (modes 0): any user may ask. TIME_ERROR: not synchronised. */
    struct timex tx = {0};
    int state = adjtimex(&tx);
    return state >= 0 && state != TIME_ERROR;
}

void clock_set_trusted(int trusted)
{
    if (simulated)
        sim_trusted = trusted;
}

void clock_advance_ms(int64_t ms)
{
    if (simulated && ms > 0) {
        sim_ms += ms;
        sim_ticks += ms;
    }
}

void clock_set_ms(int64_t ms)
{
    if (simulated)
        sim_ms = ms;
}

struct fd_tm clock_local(int64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    struct fd_tm out = {0};
    if (!localtime_r(&t, &tm))
        return out;
    out.year = tm.tm_year + 1900;
    out.month = tm.tm_mon + 1;
    out.day = tm.tm_mday;
    out.hour = tm.tm_hour;
    out.minute = tm.tm_min;
    out.weekday = tm.tm_wday == 0 ? 7 : tm.tm_wday;
    return out;
}

int clock_parse_local(const char *s, int64_t *out_ms)
{
    /* Exactly YYYY-MM-DDTHH:MM: sscanf alone would take "2026-1-5T9:5". */
    static const char shape[] = "dddd-dd-ddTdd:dd";
    if (strlen(s) != sizeof shape - 1)
        return -1;
    for (size_t i = 0; i < sizeof shape - 1; i++) {
        if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
            return -1;
    }
    int y, mo, d, h, mi;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5)
        return -1;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59)
        return -1;
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1)
        return -1; /* mktime normalised an impossible date such as 02-31 */
    *out_ms = (int64_t)t * 1000;
    return 0;
}
