#!/bin/sh
# Runs every test program (build/tests/test_*) and shell test (tests/t_*.sh) and adds up their
# RESULT lines. A program that dies without a RESULT line counts as one failure.
# Ends with the line "N passed, N failed"; exits non-zero if anything failed.
# Arguments, if any, are substrings: only the tests whose file name contains one of them run
# (tests/run.sh t_render test_para).
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
export BUILD
passed=0
failed=0
for t in "$BUILD"/tests/test_* tests/t_*.sh; do
    [ -e "$t" ] || continue
    if [ $# -gt 0 ]; then
        hit=0
        for w in "$@"; do case "$t" in *"$w"*) hit=1 ;; esac; done
        [ "$hit" -eq 1 ] || continue
    fi
    case "$t" in *.sh) cmd="sh $t" ;; *) cmd="${TEST_WRAPPER:-} $t" ;; esac
    out=$($cmd 2>&1)
    rc=$?
    res=$(printf '%s\n' "$out" | grep '^RESULT ' | tail -n 1)
    if [ -z "$res" ]; then
        printf '%s\n' "$out" | tail -n 20
        echo "FAIL $t: exited $rc without a RESULT line"
        failed=$((failed + 1))
        continue
    fi
    p=$(echo "$res" | cut -d' ' -f2)
    f=$(echo "$res" | cut -d' ' -f3)
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "FAIL $t: exit status $rc"; fi
    printf '%s\n' "$out" | grep -v '^RESULT ' | grep -e '^FAIL' -e '^SKIP' || true
    echo "  $(basename "$t"): $p passed, $f failed"
    passed=$((passed + p))
    failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
