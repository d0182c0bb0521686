/* paths.h: where the programs find their installed files.
 *
 * A program run from the build tree uses the build tree's files (compiled
 * messages, the sample catalogue in the source tree); an installed program
 * uses the installed ones. The choice depends on where the executable lies,
 * read from /proc/self/exe, never on the current directory.
 */
#ifndef FRONTDOOR_PATHS_H
#define FRONTDOOR_PATHS_H

/* Directory holding LANG/LC_MESSAGES/frontdoor.mo. */
const char *paths_localedir(void);
/* The sample catalogue bundle shipped with Frontdoor. */
const char *paths_sample_catalogue(void);
/* Directory holding the icons, NAME.svg. */
const char *paths_icon_dir(void);
/* The default configuration file (/etc/frontdoor/frontdoor.conf). */
const char *paths_default_config(void);
/* The program's version string. */
const char *paths_version(void);

#endif
