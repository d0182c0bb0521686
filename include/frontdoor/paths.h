/* paths.h: where the programs find their installed files.
 *
 * A program run from the build tree uses the build tree's files (compiled
 * messages, the sample catalogue in the source tree); an installed program
 * uses the installed ones. The choice depends on where the executable lies,
 * read from /proc/self/exe, never on the current directory.
 */
#ifndef FRONTDOOR_PATHS_H
#define FRONTDOOR_PATHS_H

#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

/* Directory holding LANG/LC_MESSAGES/frontdoor.mo. */
const char *paths_localedir(void);
/* The sample catalogue bundle shipped with Frontdoor. */
const char *paths_sample_catalogue(void);
/* Directory holding the icons, NAME.svg. */
const char *paths_icon_dir(void);
/* The default configuration file (/etc/frontdoor/frontdoor.conf). */
const char *paths_default_config(void);
/* The path of another Frontdoor program, `name`, which lies beside this
 * one (installed or in the build tree). Returns 0, or -1. */
int paths_program(const char *name, char *out, size_t size) __attribute__((warn_unused_result));
/* The program's version string. */
const char *paths_version(void);

/* Opens `path` for reading only if it is a regular file, and never waits: a
 * directory would read as nothing, a FIFO would wait for a writer for ever.
 * stat() keeps a FIFO unopened; should the path become one before open(),
 * O_NONBLOCK keeps open() from waiting and fstat() refuses it. Returns the
 * stream with *sb describing the file; or NULL with errno set when the
 * file cannot be opened, or with errno 0 when it is no regular file (*sb
 * then says what it is). */
FILE *paths_open_regular(const char *path, struct stat *sb);
/* Reads the whole regular file `path` (as paths_open_regular) of at most
 * `max` bytes into *out, NUL-terminated (*len leaves the NUL out). Returns
 * 0, or -1 with "PATH: message" in `err`; a directory is "is a directory,
 * not WHAT" ("a catalogue bundle"). The caller frees *out. */
int paths_read_regular(const char *path, size_t max, const char *what, char **out, size_t *len,
                       char *err, size_t errlen) __attribute__((warn_unused_result));

#endif
