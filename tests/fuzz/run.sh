#!/bin/sh
# Runs each libFuzzer target named for FUZZ_SECONDS (default 60), one at a time, at nice 19,
# on build-fuzz/corpus/TARGET seeded from samples/ and the hostile suite; crashes are written
# to build-fuzz/crash-TARGET-*. Prints each target's executions and coverage.
cd "$(dirname "$0")/../.." || exit 2
SECS=${FUZZ_SECONDS:-60}
MAXLEN=${FUZZ_MAX_LEN:-4000000}
status=0
for t in "$@"; do
    corpus=build-fuzz/corpus/$t
    mkdir -p "$corpus"
    case $t in
    image) python3 tests/hostile/mkimg.py "$corpus" && cp samples/*.png tests/hostile/seeds/*.jpg "$corpus"/ ;;
    data) cp samples/*.xml samples/broken/*.xml tests/data/*.xml "$corpus"/ ;;
    doc) cp tests/hostile/seeds/doc-*.xml "$corpus"/ ;;
    template) cp templates/*.xsl templates/fragments/*.xsl "$corpus"/; find tests/templates -name "*.xsl" -exec cp {} "$corpus"/ \; ;;
    esac
    echo "== fuzz_$t: $SECS s"
    nice -n 19 build-fuzz/fuzz_$t -max_total_time="$SECS" -max_len="$MAXLEN" -rss_limit_mb=3000 \
        -timeout=30 -artifact_prefix="build-fuzz/crash-$t-" -print_final_stats=1 "$corpus" \
        >"build-fuzz/fuzz_$t.log" 2>&1 || status=1
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|cov: " "build-fuzz/fuzz_$t.log" | tail -n 4
done
exit $status
