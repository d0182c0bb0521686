# pg.sh: sourced by tests that need a real PostgreSQL server.
#
#   . tests/blackbox/pg.sh
#   if pg_start "$WORK/pg"; then ... "$PG_URI" ...; fi
#
# pg_start DIR makes a throwaway cluster in DIR (created, owned by the
# unprivileged user `postgres`, since the server refuses to run as root)
# with initdb, and starts it with pg_ctl listening only on a unix socket in
# DIR and on 127.0.0.1 at a free port. It sets
#   PG_URI     postgresql://postgres@127.0.0.1:PORT/frontdoor (a fresh database)
#   PG_PSQL    a psql command line for that database (quiet, unaligned, no headers)
#   PG_PORT    the port
# and sets an EXIT trap that runs pg_stop. It returns 0,
# 77 when no PostgreSQL is installed (having printed "SKIP: PostgreSQL not
# installed"), or 1 when the server could not be started (with its log).
#
# pg_stop stops the server (immediately, as a crash would) and pg_resume
# starts it again on the same port. A caller that sets an EXIT trap of its
# own after pg_start calls pg_stop from it; pg_stop may run more than once.
# The cluster trusts local connections: it lives for one test, in a folder
# only root and postgres can enter, and listens on loopback only.

PG_BIN=
PG_DIR=
PG_URI=
PG_PORT=
PG_PSQL=
PG_RUNNING=0

pg_find_bin() {
    for d in /usr/lib/postgresql/*/bin; do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            PG_BIN=$d
        fi
    done
    [ -n "$PG_BIN" ]
}

# pg_as_postgres CMD...: runs CMD as the user postgres (or as ourselves
# when we are not root: then we are presumably allowed to run a server).
pg_as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su -s /bin/sh -c 'exec "$0" "$@"' postgres "$@"
        fi
    else
        "$@"
    fi
}

# A free TCP port on 127.0.0.1: ask the kernel for one, then hand it over.
# (Another process could take it in between; pg_ctl then fails and we try
# the next one.)
pg_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
        2>/dev/null || echo $((20000 + $$ % 20000))
}

# Starts the cluster in PG_DIR on PG_PORT.
pg_ctl_start() {
    pg_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR" \
        start >"$PG_DIR/pg_ctl.log" 2>&1
}

pg_start() {
    PG_DIR=$1
    if ! pg_find_bin; then
        echo "SKIP: PostgreSQL not installed (no /usr/lib/postgresql/*/bin/initdb)"
        return 77
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        echo "SKIP: PostgreSQL installed but there is no user 'postgres' to run it"
        return 77
    fi
    rm -rf "$PG_DIR"
    mkdir -p "$PG_DIR" || return 1
    PG_DIR=$(cd "$PG_DIR" && pwd)
    chmod 700 "$PG_DIR"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$PG_DIR" || return 1
        # postgres must be able to reach the folder through its parents.
        d=$(dirname "$PG_DIR")
        while [ "$d" != / ] && [ "$d" != . ]; do
            if ! runuser -u postgres -- test -x "$d" 2>/dev/null; then
                chmod o+x "$d" || return 1
            fi
            d=$(dirname "$d")
        done
    fi
    if ! pg_as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust \
        --no-sync -E UTF8 --locale C >"$PG_DIR/initdb.log" 2>&1; then
        echo "pg.sh: initdb failed:" >&2
        cat "$PG_DIR/initdb.log" >&2
        return 1
    fi
    trap pg_stop EXIT
    tries=0
    while :; do
        PG_PORT=$(pg_free_port)
        pg_ctl_start && break
        tries=$((tries + 1))
        if [ $tries -ge 3 ]; then
            echo "pg.sh: the server did not start:" >&2
            cat "$PG_DIR/pg_ctl.log" "$PG_DIR/server.log" >&2
            return 1
        fi
    done
    PG_RUNNING=1
    PG_PSQL="$PG_BIN/psql -X -q -A -t -v ON_ERROR_STOP=1 -h $PG_DIR -p $PG_PORT -U postgres -d frontdoor"
    if ! pg_as_postgres "$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U postgres frontdoor \
        >"$PG_DIR/createdb.log" 2>&1; then
        echo "pg.sh: createdb failed:" >&2
        cat "$PG_DIR/createdb.log" >&2
        return 1
    fi
    PG_URI="postgresql://postgres@127.0.0.1:$PG_PORT/frontdoor"
    return 0
}

# pg_sql SQL: runs SQL on the test database, printing bare values.
pg_sql() {
    $PG_PSQL -c "$1"
}

# pg_resume: starts again, on the same port, a server pg_stop stopped
# (a test of what a client does while its database is away).
pg_resume() {
    if [ "$PG_RUNNING" -eq 0 ] && [ -n "$PG_PORT" ] && pg_ctl_start; then
        PG_RUNNING=1
        return 0
    fi
    return 1
}

pg_stop() {
    if [ "$PG_RUNNING" -eq 1 ]; then
        pg_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop \
            >/dev/null 2>&1
        PG_RUNNING=0
    fi
}
