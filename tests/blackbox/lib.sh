# lib.sh: the checks the command-line tests share. run keeps a command's
# stdout and stderr in $WORK/out and $WORK/err; every failed check is counted
# and said, and finish exits with the verdict.

# admin_args "$@": a frontdoor-admin test's arguments, ADMIN_BINARY
# TESTDATA_DIR WORKDIR, into ADMIN, DATA and WORK, which starts empty.
admin_args() {
    if [ $# -ne 3 ]; then
        echo "usage: $0 ADMIN_BINARY TESTDATA_DIR WORKDIR" >&2
        exit 2
    fi
    ADMIN=$1
    DATA=$2
    WORK=$3
    rm -rf "$WORK"
    mkdir -p "$WORK" || exit 1
}

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# run STATUS COMMAND...: runs COMMAND and checks its exit status.
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

expect_out() {
    grep -qF -- "$1" "$WORK/out" || fail "stdout lacks '$1'; it was: $(cat "$WORK/out")"
}

expect_err() {
    grep -qF -- "$1" "$WORK/err" || fail "stderr lacks '$1'; it was: $(cat "$WORK/err")"
}

expect_no_stdout() {
    [ ! -s "$WORK/out" ] || fail "unexpected stdout: $(cat "$WORK/out")"
}

# finish NAME: exits 1 after any failure, else 0.
finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$1: $failures failure(s)" >&2
        exit 1
    fi
    echo "$1: all checks passed"
}
