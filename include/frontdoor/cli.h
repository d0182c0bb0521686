/* cli.h: the command lines of frontdoor-admin and frontdoor-collector.
 *
 * A program is a table of subcommands and a table of options. Each command
 * row says which options it takes and which it requires, how many
 * arguments, one line of help and the function that runs it. cli_main()
 * reads every command line against those rows, so usage errors look the
 * same everywhere and the help cannot drift from what is accepted.
 *
 * Exit status: CLI_OK 0 done, CLI_FAIL 1 the work failed, CLI_USAGE 2 the
 * command line was wrong. Every message on stderr starts with the program's
 * name.
 */
#ifndef FRONTDOOR_CLI_H
#define FRONTDOOR_CLI_H

#include <stddef.h>

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

#define CLI_MAX_OPTIONS 32
#define CLI_MAX_ARGS 4
#define CLI_OPT(o) (1u << (o))

struct cli_option {
    const char *name;  /* "--db" */
    const char *value; /* what follows it ("PATH"); NULL for a flag */
};

/* A parsed command line: each option's value ("" for a flag) or NULL, by
 * the option's index in the program's table; then the arguments. */
struct cli_args {
    const char *opt[CLI_MAX_OPTIONS];
    const char *arg[CLI_MAX_ARGS];
    int n_args;
};

struct cli_command {
    const char *name;
    const char *usage; /* what follows the name */
    const char *help;
    unsigned opts, required; /* CLI_OPT bits */
    int min_args, max_args;
    const char *arg_name; /* named when missing ("FILE") */
    int (*run)(const struct cli_command *cmd, const struct cli_args *a);
};

struct cli_program {
    const char *name;  /* "frontdoor-admin" */
    const char *about; /* a paragraph for --help */
    const struct cli_option *options;
    int n_options;
    const struct cli_command *commands;
    size_t n_commands;
};

/* Runs the program: --help, --version, or the command argv[1] names.
 * Returns the exit status. */
int cli_main(const struct cli_program *p, int argc, char **argv);

/* "PROGRAM: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "PROGRAM COMMAND: message" and the command's usage on stderr (cmd NULL:
 * a pointer to --help). Returns CLI_USAGE. */
int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The help of one command (by name), or of the whole program (NULL). */
int cli_help(const char *command);
/* A whole number from `min` to `max` given to option `o` into *out (left as
 * it was when the option is not given). Returns 0, or CLI_USAGE after
 * saying what is wrong. */
int cli_count(const struct cli_command *cmd, const struct cli_args *a, int o, unsigned min,
              unsigned max, unsigned *out) __attribute__((warn_unused_result));

#endif
