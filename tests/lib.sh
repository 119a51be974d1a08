# Shell test helpers: source it, call check / check_contains, end with done_testing.
# Output protocol matches harness.h: "FAIL ..." lines and a final "RESULT passed failed".
T_PASS=0
T_FAIL=0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
MLPSDOC="${TEST_WRAPPER:-} $BUILD/mlpsdoc"
SHARED=${SHARED:-"$ROOT/../shared"} # a worktree elsewhere: SHARED=/path/to/shared
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

pass() { T_PASS=$((T_PASS + 1)); }
fail() { T_FAIL=$((T_FAIL + 1)); echo "FAIL $*"; }
# check NAME COMMAND...: passes when the command exits 0
check() { name=$1; shift; if "$@" >/dev/null 2>&1; then pass; else fail "$name"; fi; }
# check_contains NAME HAYSTACK NEEDLE
check_contains() {
    case "$2" in *"$3"*) pass ;; *) fail "$1: \"$3\" not found in: $(printf '%s' "$2" | head -c 400)" ;; esac
}
done_testing() { echo "RESULT $T_PASS $T_FAIL"; [ "$T_FAIL" -eq 0 ]; }
