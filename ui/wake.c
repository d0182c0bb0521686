/* wake.c: poll() on the input devices (see wake.h for why).
 *
 * Devices are the /dev/input/event* nodes this user may read, at most
 * WAKE_MAX_DEVICES of them. An inotify watch on /dev/input notices a
 * touchscreen plugged in later (udev creates the node, then sets its
 * permissions), and the list is scanned again.
 */
#include "frontdoor/wake.h"

#include "frontdoor/mem.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#define WAKE_MAX_DEVICES 32
#define INPUT_DIR "/dev/input"

struct wake {
    int fds[WAKE_MAX_DEVICES];
    int n;
    int notify; /* inotify on INPUT_DIR, or -1 */
};

static void close_devices(struct wake *w)
{
    for (int i = 0; i < w->n; i++)
        close(w->fds[i]);
    w->n = 0;
}

static void scan(struct wake *w)
{
    close_devices(w);
    DIR *dir = opendir(INPUT_DIR);
    if (!dir)
        return;
    struct dirent *e;
    while (w->n < WAKE_MAX_DEVICES) {
        e = readdir(dir);
        if (!e)
            break;
        if (strncmp(e->d_name, "event", 5) != 0)
            continue;
        int fd = openat(dirfd(dir), e->d_name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0)
            w->fds[w->n++] = fd;
    }
    closedir(dir);
}

static void drain(int fd)
{
    char buf[4096];
    while (read(fd, buf, sizeof buf) > 0)
        continue;
}

struct wake *wake_open(void)
{
    struct wake *w = xcalloc(1, sizeof *w);
    w->notify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->notify >= 0 &&
        inotify_add_watch(w->notify, INPUT_DIR, IN_CREATE | IN_DELETE | IN_ATTRIB) < 0) {
        close(w->notify);
        w->notify = -1;
    }
    scan(w);
    return w;
}

void wake_close(struct wake *w)
{
    if (!w)
        return;
    close_devices(w);
    if (w->notify >= 0)
        close(w->notify);
    free(w);
}

int wake_wait(struct wake *w, int timeout_ms)
{
    struct pollfd p[WAKE_MAX_DEVICES + 1];
    int n = 0;
    for (int i = 0; i < w->n; i++)
        p[n++] = (struct pollfd){.fd = w->fds[i], .events = POLLIN};
    if (w->notify >= 0)
        p[n++] = (struct pollfd){.fd = w->notify, .events = POLLIN};
    if (poll(p, (nfds_t)n, timeout_ms) <= 0)
        return 0;
    int input = 0, rescan = 0;
    for (int i = 0; i < n; i++) {
        if (!p[i].revents)
            continue;
        if (p[i].fd == w->notify || (p[i].revents & (POLLERR | POLLHUP | POLLNVAL)))
            rescan = 1;
        else
            input = 1;
        drain(p[i].fd);
    }
    if (rescan)
        scan(w);
    return input || rescan;
}
