/* script.h: headless scripts that drive the kiosk by widget id.
 *
 * One command per line, the argument is the rest of the line, '#' starts a
 * comment. Commands (see README for the full list):
 *   lang CODE        switch language (on the welcome screen, go on to the needs)
 *   tap ID           finger down and up at the widget's centre, through SDL's
 *                    event queue; fails if the id is missing or covered
 *   type TEXT        text input events
 *   key NAME         a key press (SDL key name: Tab, Return, Escape, ...), with
 *                    modifiers before it: ctrl+alt+s
 *   wait SECONDS     advance the simulated clock and run timers
 *   wait-for ID      pump the kiosk until the widget shows (real time, a
 *                    minute at most): for work of another process
 *   clock YYYY-MM-DDTHH:MM   set the simulated clock (local time)
 *   expect ID / expect-not ID / expect-text TEXT
 *   expect-left-of A B       widget A's centre is left of widget B's
 *   expect-on-screen         every widget and label lies inside the window
 *   shot NAME        DIR/NAME.png
 *   dump NAME        DIR/NAME.jsonl, the frame list
 * The first failure stops the script with "FILE:LINE: what went wrong".
 */
#ifndef FRONTDOOR_SCRIPT_H
#define FRONTDOOR_SCRIPT_H

#include <stddef.h>

struct kiosk;

/* Runs the script at `path` on `k`, writing shots and dumps into `dir`.
 * Returns 0, or -1 with "FILE:LINE: message" in err. */
int script_run(struct kiosk *k, const char *path, const char *dir, char *err, size_t errlen)
    __attribute__((warn_unused_result));

#endif
