# collector-lib.sh: sourced by the tests that run frontdoor-collector as a
# server (collector.sh, publish.sh) after they set COLLECTOR and WORK and
# sourced pg.sh. On top of lib.sh's checks it stops what it started on
# exit, and starts and stops the server on 127.0.0.1 at a free port.

. "$(dirname "$0")/lib.sh"

SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill -KILL "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
        SERVER_PID=
    fi
    pg_stop
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# start_server STORE [OPTION...]: serve on 127.0.0.1, a free port; sets
# ADDR (HOST:PORT) and SERVER_PID.
start_server() {
    store=$1
    shift
    : >"$WORK/serve.out"
    "$COLLECTOR" serve --store "$store" --listen 127.0.0.1:0 "$@" \
        >"$WORK/serve.out" 2>>"$WORK/serve.err" &
    SERVER_PID=$!
    ADDR=
    for _ in $(seq 200); do
        ADDR=$(sed -n 's/^listening on //p' "$WORK/serve.out")
        [ -n "$ADDR" ] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.05
    done
    fail "the server did not start: $(cat "$WORK/serve.err")"
    return 1
}

# stop_server: SIGTERM, and the server must exit 0 by itself.
stop_server() {
    [ -n "$SERVER_PID" ] || return
    kill -TERM "$SERVER_PID"
    for _ in $(seq 100); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        fail "the server did not stop on SIGTERM"
        kill -KILL "$SERVER_PID"
    fi
    wait "$SERVER_PID"
    st=$?
    [ "$st" -eq 0 ] || fail "the server exited $st on SIGTERM"
    SERVER_PID=
}
