/* mem.h: the one out-of-memory policy.
 *
 * Every allocation in Frontdoor goes through these wrappers. They never return
 * NULL: when memory runs out they print a message to stderr and abort, because
 * a kiosk that limps on without memory helps nobody. Every other failure
 * (I/O, SQLite, bad input) is returned to the caller and handled there.
 */
#ifndef FRONTDOOR_MEM_H
#define FRONTDOOR_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Bounded formatting into a fixed buffer: always NUL-terminates, truncates
 * rather than overflowing. Returns what snprintf returns. */
int xsnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Appends formatted text to `buf`, which holds `*used` bytes, only when all
 * of it fits; otherwise `buf` is left as it was. Lists built with it are cut
 * between items, never inside a character. Returns 0, or -1 when the text
 * did not fit. */
int xappend(char *buf, size_t size, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
