/* staff_usb.c: importing the city's catalogue from a USB stick, in staff
 * mode.
 *
 * The kiosk looks for bundles (.json, .zip) in the folder where sticks are
 * mounted, and keeps looking while this screen is up, so a stick put in
 * shows by itself. Staff choose one; the kiosk runs frontdoor-admin import
 * --dry-run in another process and this screen shows what it would add,
 * change and remove; only then "Import" runs the import itself. Both check
 * the signature beside the bundle against the keys this kiosk's
 * configuration trusts, as the command line does: an unsigned bundle, one
 * signed by another key or changed after signing is refused and says why.
 */
#include "screens.h"

#include "frontdoor/i18n.h"
#include "frontdoor/mem.h"
#include "frontdoor/text.h"

#include <stdio.h>
#include <string.h>

const char *title_staff_usb(struct app *a, char *buf, size_t size)
{
    (void)a, (void)buf, (void)size;
    /* TRANSLATORS: staff mode: the title of the screen that imports the
     * city's service list from a USB stick, and the button to it. */
    return _("Import from a USB stick");
}

/* The file's name without its folders. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

#define USB_BLOCKS (USB_FILES + 12)

/* The services a dry run named as `verb` ("added", "changed", "removed"),
 * one a line, into buf; returns how many. frontdoor-admin prints each as
 * "VERB: NAME (ID)". */
static int dry_run_names(const char *said, const char *verb, char *buf, size_t size)
{
    size_t used = 0, n = strlen(verb);
    int count = 0;
    buf[0] = '\0';
    for (const char *p = said; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > n + 2 && strncmp(p, verb, n) == 0 && p[n] == ':' && p[n + 1] == ' ') {
            const char *name = p + n + 2, *paren = p + len;
            while (paren > name && *paren != '(')
                paren--;
            int shown = (int)(paren > name + 1 ? paren - name - 1 : p + len - name);
            xappend(buf, size, &used, "%s%.*s", count ? "\n" : "", shown, name);
            count++;
        }
        p += len + (end != NULL);
    }
    return count;
}

void screen_staff_usb(struct app *a)
{
    struct usb_state *u = &a->staff.usb;
    struct block b[USB_BLOCKS];
    char names[USB_FILES][600], text[2][USB_SAID + 256], lists[3][USB_SAID], heads_text[3][128];
    int n = 0, file_at = -1, import_at = -1, done_at = -1;
    /* "Done" after an import or a refusal, "Cancel" after a check. */
    if (!a->title_shown)
        b[n++] = (struct block){.kind = BLOCK_TITLE,
                                .id = "usb:title",
                                .text = title_staff_usb(a, NULL, 0),
                                .lang = ""};
    const char *chosen = u->chosen ? base_name(u->files[u->chosen - 1]) : "";
    char file[600];
    text_isolate_ltr(chosen, file, sizeof file);
    if (u->running) {
        xsnprintf(text[0], sizeof text[0],
                  u->running == USB_CHECK
                      /* TRANSLATORS: staff mode: the kiosk checks a catalogue
                       * file from a USB stick (its name follows). */
                      ? _("Checking %s\u2026")
                      /* TRANSLATORS: staff mode: the kiosk imports a catalogue
                       * file from a USB stick (its name follows). */
                      : _("Importing %s\u2026"),
                  file);
        b[n++] = (struct block){.kind = BLOCK_TEXT, .id = "usb:busy", .text = text[0], .lang = ""};
    } else if (u->done) {
        int checked = u->done == USB_CHECK && u->ok;
        xsnprintf(text[0], sizeof text[0], "%s",
                  checked ? _("This is what the import would change. Nothing has changed yet.")
                  : u->done == USB_CHECK
                      /* TRANSLATORS: staff mode: the check of a file from a USB
                       * stick failed; the reason follows. */
                      ? _("This file cannot be imported:")
                      : u->ok
                            /* TRANSLATORS: staff mode: a catalogue from a USB stick
                             * was imported. */
                            ? _("Imported. The kiosk shows the new catalogue now.")
                            /* TRANSLATORS: staff mode: the import of a file from a
                             * USB stick failed; the reason follows. Nothing changed. */
                            : _("Not imported; nothing changed:"));
        b[n++] = (struct block){.kind = BLOCK_NOTE,
                                .id = "usb:outcome",
                                .text = text[0],
                                .lang = "",
                                .style = u->ok ? UI_STYLE_OPEN : UI_STYLE_WARNING};
        /* The way on first, then what the check found, however long. */
        if (checked) {
            import_at = n;
            /* TRANSLATORS: staff mode: after the check, the button that
             * imports the file (its name follows). */
            xsnprintf(names[0], sizeof names[0], _("Import %s"), file);
            b[n++] = (struct block){
                .kind = BLOCK_CARD, .id = "usb:import", .text = names[0], .lang = ""};
        }
        done_at = n;
        /* TRANSLATORS: staff mode: back to the list of files on the stick,
         * without importing the file just checked. */
        const char *cancel = _("Cancel");
        /* TRANSLATORS: staff mode: back to the list of files on the stick,
         * after an import or a refusal. */
        const char *done = _("Done");
        b[n++] = (struct block){
            .kind = BLOCK_CARD, .id = "usb:done", .text = checked ? cancel : done, .lang = ""};
        if (checked)
            xsnprintf(b[n - 1].id, UI_ID_MAX, "usb:cancel");
        static const char *const verbs[] = {"added", "changed", "removed"};
        /* The summary's counts: a long list of names is cut to fit. */
        int totals[3] = {-1, -1, -1}, named = 0;
        const char *summary = strstr(u->said, "a dry run: ");
        const char *rest = summary ? strstr(summary, "would be added, ") : NULL;
        if (rest && sscanf(summary, "a dry run: %d", &totals[0]) == 1)
            sscanf(rest, "would be added, %d changed, %d removed", &totals[1], &totals[2]);
        for (int v = 0; checked && v < 3; v++) {
            int listed = dry_run_names(u->said, verbs[v], lists[v], sizeof lists[v] - 4);
            int count = totals[v] >= 0 ? totals[v] : listed;
            if (!count)
                continue;
            if (listed < count)
                xsnprintf(lists[v] + strlen(lists[v]), 5, "%s\u2026", listed ? "\n" : "");
            xsnprintf(heads_text[v], sizeof heads_text[v],
                      v == 0 ? /* TRANSLATORS: staff mode: a heading over the services
                                * a USB import would add, with their number. */
                          _("New services: %d")
                             : v == 1 ? /* TRANSLATORS: staff mode: a heading over the
                                         * services a USB import would change. */
                                   _("Changed services: %d")
                                      /* TRANSLATORS: staff mode: a heading over the
                                       * services a USB import would remove. */
                                      : _("Removed services: %d"),
                      count);
            b[n] = (struct block){.kind = BLOCK_SECTION, .text = heads_text[v], .lang = ""};
            xsnprintf(b[n++].id, UI_ID_MAX, "usb:%s", verbs[v]);
            b[n] = (struct block){.kind = BLOCK_TEXT, .text = lists[v], .lang = ""};
            xsnprintf(b[n++].id, UI_ID_MAX, "usb:%s:names", verbs[v]);
            named += count;
        }
        if (checked && !named) {
            /* TRANSLATORS: staff mode: the USB catalogue is the one the kiosk has. */
            const char *same = _("It holds the same services as the kiosk now.");
            b[n++] = (struct block){.kind = BLOCK_TEXT, .id = "usb:same", .text = same, .lang = ""};
        }
        if (!checked) {
            /* What went wrong, as frontdoor-admin said it, for the city's support. */
            text_isolate_ltr(u->said, text[1], sizeof text[1]);
            b[n++] = (struct block){
                .kind = BLOCK_MUTED, .id = "usb:said", .text = text[1], .lang = "en"};
        }
    } else if (u->n_files == 0) {
        xsnprintf(text[0], sizeof text[0],
                  /* TRANSLATORS: staff mode: no catalogue file found; the
                   * folder where the kiosk looks follows. */
                  _("Put in a USB stick with the catalogue from the city. The kiosk looks in %s."),
                  a->cfg->usb_folder);
        b[n++] = (struct block){.kind = BLOCK_TEXT, .id = "usb:none", .text = text[0], .lang = ""};
    } else {
        file_at = n;
        for (int i = 0; i < u->n_files; i++) {
            text_isolate_ltr(base_name(u->files[i]), names[i], sizeof names[i]);
            b[n] = (struct block){.kind = BLOCK_CARD,
                                  .text = names[i],
                                  .lang = "",
                                  .sub = u->is_signed[i]
                                             /* TRANSLATORS: staff mode: a file on the
                                              * stick has a signature beside it. */
                                             ? _("Signed. Tap to see what it would change.")
                                             /* TRANSLATORS: staff mode: a file on the
                                              * stick has no signature beside it. */
                                             : _("Not signed: the kiosk imports only a "
                                                 "catalogue signed by the city.")};
            xsnprintf(b[n].id, UI_ID_MAX, "usb:file:%d", i);
            n++;
        }
    }
    int tapped = blocks_show(a, b, n, a->area.y);
    if (tapped < 0)
        return;
    if (file_at >= 0 && tapped >= file_at && tapped < file_at + u->n_files) {
        u->chosen = tapped - file_at + 1;
        u->ask = USB_CHECK;
    } else if (tapped == import_at) {
        u->ask = USB_IMPORT;
    } else if (tapped == done_at) {
        u->done = 0;
        u->chosen = 0;
        u->said[0] = '\0';
    }
}
