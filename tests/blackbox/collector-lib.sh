# collector-lib.sh: sourced by the tests that run frontdoor-collector as a
# server (collector.sh, publish.sh) after they set COLLECTOR and WORK and
# sourced pg.sh. It counts failures, stops what it started on exit, runs
# commands with their output kept, and starts and stops the server on
# 127.0.0.1 at a free port.

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

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

# run STATUS COMMAND...: runs COMMAND, keeps its output in $WORK/out and
# $WORK/err, and checks its exit status.
run() {
    want=$1
    shift
    "$@" >"$WORK/out" 2>"$WORK/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        fail "'$*' exited $got, expected $want"
        sed 's/^/    stderr: /' "$WORK/err" >&2
    fi
}
expect_err() {
    grep -qF -- "$1" "$WORK/err" || fail "stderr lacks '$1'; it was: $(cat "$WORK/err")"
}

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
