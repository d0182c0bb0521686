/* cli.c: one parser for the staff programs' command lines (see cli.h).
 *
 * The program being run is kept in one static: a process runs one program,
 * and the messages of its commands need its name. */
#include "frontdoor/cli.h"

#include "frontdoor/paths.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_program *prog;

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog->name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s%s%s: ", prog->name, cmd ? " " : "", cmd ? cmd->name : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (cmd)
        fprintf(stderr, "\nusage: %s %s %s\n", prog->name, cmd->name, cmd->usage);
    else
        fprintf(stderr, "\nrun '%s --help' for the commands\n", prog->name);
    return CLI_USAGE;
}

static const struct cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < prog->n_commands; i++) {
        if (strcmp(prog->commands[i].name, name) == 0)
            return &prog->commands[i];
    }
    return NULL;
}

int cli_help(const char *command)
{
    if (command) {
        const struct cli_command *c = find_command(command);
        if (!c)
            return cli_usage_error(find_command("help"), "no command '%s'", command);
        printf("usage: %s %s %s\n%s\n", prog->name, c->name, c->usage, c->help);
        return CLI_OK;
    }
    printf("usage: %s COMMAND [ARGS]\n"
           "       %s --help | --version\n\n%s\n\ncommands:\n",
           prog->name, prog->name, prog->about);
    int width = 0;
    for (size_t i = 0; i < prog->n_commands; i++) {
        int n = (int)strlen(prog->commands[i].name);
        width = n > width ? n : width;
    }
    for (size_t i = 0; i < prog->n_commands; i++)
        printf("  %-*s %s\n  %-*s   %s\n", width, prog->commands[i].name, prog->commands[i].usage,
               width, "", prog->commands[i].help);
    printf("\nexit status: 0 done, 1 failed, 2 wrong command line\n");
    return CLI_OK;
}

/* The option `s` names (with "=VALUE" after one that takes a value), or -1. */
static int find_option(const char *s, const char **inline_value)
{
    *inline_value = NULL;
    for (int o = 0; o < prog->n_options; o++) {
        const struct cli_option *opt = &prog->options[o];
        size_t n = strlen(opt->name);
        if (strncmp(s, opt->name, n) != 0)
            continue;
        if (s[n] == '\0')
            return o;
        if (s[n] == '=' && opt->value) {
            *inline_value = s + n + 1;
            return o;
        }
    }
    return -1;
}

/* Reads argv (after the command name) against the command's row. Returns
 * -1 when parsed, else the exit status (help shown or usage error). */
static int parse_args(const struct cli_command *cmd, int argc, char **argv, struct cli_args *a)
{
    memset(a, 0, sizeof *a);
    int options_done = 0;
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i], *value = NULL;
        if (!options_done && strcmp(s, "--") == 0) {
            options_done = 1;
        } else if (!options_done && (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0)) {
            return cli_help(cmd->name);
        } else if (!options_done && s[0] == '-' && s[1] != '\0') {
            int o = find_option(s, &value);
            if (o < 0 || !(cmd->opts & CLI_OPT(o)))
                return cli_usage_error(cmd, "unknown option '%s'", s);
            const struct cli_option *opt = &prog->options[o];
            if (a->opt[o])
                return cli_usage_error(cmd, "%s given twice", opt->name);
            if (!opt->value) {
                value = "";
            } else if (!value) {
                if (i + 1 >= argc)
                    return cli_usage_error(cmd, "%s needs a %s", opt->name, opt->value);
                value = argv[++i];
            }
            if (opt->value && !value[0])
                return cli_usage_error(cmd, "%s needs a %s, not an empty one", opt->name,
                                       opt->value);
            a->opt[o] = value;
        } else {
            if (a->n_args >= cmd->max_args)
                return cli_usage_error(cmd, "unexpected argument '%s'", s);
            a->arg[a->n_args++] = s;
        }
    }
    for (int o = 0; o < prog->n_options; o++) {
        if ((cmd->required & CLI_OPT(o)) && !a->opt[o])
            return cli_usage_error(cmd, "missing %s %s", prog->options[o].name,
                                   prog->options[o].value);
    }
    if (a->n_args < cmd->min_args)
        return cli_usage_error(cmd, "missing %s", cmd->arg_name);
    return -1;
}

int cli_count(const struct cli_command *cmd, const struct cli_args *a, int o, unsigned min,
              unsigned max, unsigned *out)
{
    const char *s = a->opt[o];
    if (!s)
        return 0;
    char *end = NULL;
    errno = 0;
    long long v = s[0] >= '0' && s[0] <= '9' ? strtoll(s, &end, 10) : -1;
    if (v < (long long)min || v > (long long)max || errno == ERANGE || !end || *end != '\0')
        return cli_usage_error(cmd, "%s '%s': not a whole number from %u to %u",
                               prog->options[o].name, s, min, max);
    *out = (unsigned)v;
    return 0;
}

int cli_main(const struct cli_program *p, int argc, char **argv)
{
    prog = p;
    if (argc < 2)
        return cli_usage_error(NULL, "missing COMMAND");
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return cli_help(NULL);
    if (strcmp(name, "--version") == 0) {
        printf("%s %s\n", p->name, paths_version());
        return CLI_OK;
    }
    const struct cli_command *cmd = find_command(name);
    if (!cmd)
        return cli_usage_error(NULL, "unknown command '%s'", name);
    struct cli_args a;
    int status = parse_args(cmd, argc - 2, argv + 2, &a);
    if (status >= 0)
        return status;
    status = cmd->run(cmd, &a);
    if (fflush(stdout) != 0) {
        cli_error("cannot write the output");
        return CLI_FAIL;
    }
    return status;
}
