#!/bin/sh
# make demo: check every sample, then render every sample's reports into out/.
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
status=0
for f in samples/*.xml; do
    [ -e "$f" ] || continue
    echo "== $f"
    if "$BUILD/mlpsdoc" check "$f"; then :; else status=1; fi
done
mkdir -p out
for f in samples/*.xml; do
    [ -e "$f" ] || continue
    "$BUILD/mlpsdoc" render -d "$f" -o out || status=1
done
# the blank 备案表 (2007 and 2.0); render -d above wrote each sample's filled ones
BUILD=$BUILD ./scripts/forms-demo.sh || status=1
exit $status
