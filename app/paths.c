/* paths.c: installed or build-tree paths, chosen by the executable's place.
 *
 * The build defines both the install prefix paths and the build directory.
 * If /proc/self/exe lies directly in the build directory the program is being
 * run from the tree it was built in, so it reads the build's compiled
 * messages and the source tree's data; otherwise it reads the installed ones.
 * The current directory never matters.
 */
#include "frontdoor/paths.h"

#include "frontdoor/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int from_build_tree(void)
{
    static int known = -1;
    if (known >= 0)
        return known;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    known = 0;
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            known = strcmp(exe, FRONTDOOR_BUILD_DIR) == 0 ||
                    strncmp(exe, FRONTDOOR_BUILD_DIR "/", strlen(FRONTDOOR_BUILD_DIR) + 1) == 0;
        }
    }
    return known;
}

int paths_program(const char *name, char *out, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    return snprintf(out, size, "%s/%s", exe, name) < (int)size ? 0 : -1;
}

const char *paths_localedir(void)
{
    return from_build_tree() ? FRONTDOOR_BUILD_DIR "/locale" : FRONTDOOR_LOCALEDIR;
}

const char *paths_sample_catalogue(void)
{
    return from_build_tree() ? FRONTDOOR_SOURCE_DIR "/data/sample-catalogue.json"
                             : FRONTDOOR_DATADIR "/sample-catalogue.json";
}

const char *paths_icon_dir(void)
{
    return from_build_tree() ? FRONTDOOR_SOURCE_DIR "/data/icons" : FRONTDOOR_DATADIR "/icons";
}

const char *paths_default_config(void)
{
    return FRONTDOOR_SYSCONFDIR "/frontdoor.conf";
}

const char *paths_version(void)
{
    return FRONTDOOR_VERSION;
}

FILE *paths_open_regular(const char *path, struct stat *sb)
{
    if (stat(path, sb) != 0)
        return NULL;
    if (!S_ISREG(sb->st_mode)) {
        errno = 0;
        return NULL;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    int err = 0;
    FILE *f = NULL;
    if (fstat(fd, sb) != 0)
        err = errno;
    else if (S_ISREG(sb->st_mode) && !(f = fdopen(fd, "rb")))
        err = errno;
    if (!f) {
        close(fd);
        errno = err;
    }
    return f;
}

/* "64 MiB" or "4096 bytes". */
static void limit_text(size_t max, char *out, size_t size)
{
    if (max >= 1024 * 1024 && max % (1024 * 1024) == 0)
        xsnprintf(out, size, "%zu MiB", max / (1024 * 1024));
    else
        xsnprintf(out, size, "%zu bytes", max);
}

int paths_read_regular(const char *path, size_t max, const char *what, char **out, size_t *len,
                       char *err, size_t errlen)
{
    *out = NULL;
    *len = 0;
    char limit[32];
    limit_text(max, limit, sizeof limit);
    struct stat sb;
    FILE *f = paths_open_regular(path, &sb);
    if (!f) {
        if (errno)
            xsnprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        else if (S_ISDIR(sb.st_mode))
            xsnprintf(err, errlen, "%s: is a directory, not %s", path, what);
        else
            xsnprintf(err, errlen, "%s: not a regular file", path);
        return -1;
    }
    int rc = -1;
    char *buf = NULL;
    if ((uintmax_t)sb.st_size > max) {
        xsnprintf(err, errlen, "%s: the file is %lld bytes, larger than the limit of %s", path,
                  (long long)sb.st_size, limit);
        goto close_file;
    }
    /* The size is a hint (files can grow); the limit is enforced on what is
     * actually read. */
    size_t cap = (size_t)sb.st_size + 1;
    buf = xmalloc(cap);
    for (;;) {
        *len += fread(buf + *len, 1, cap - *len, f);
        if (ferror(f)) {
            xsnprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
            goto close_file;
        }
        if (*len > max) {
            xsnprintf(err, errlen, "%s: the file is larger than the limit of %s", path, limit);
            goto close_file;
        }
        if (feof(f))
            break;
        if (*len == cap) {
            cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            buf = xrealloc(buf, cap);
        }
    }
    if (*len == cap)
        buf = xrealloc(buf, cap + 1);
    buf[*len] = '\0';
    *out = buf;
    buf = NULL;
    rc = 0;
close_file:
    if (rc != 0)
        *len = 0;
    free(buf);
    fclose(f);
    return rc;
}
