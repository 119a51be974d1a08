#!/bin/sh
# The web form in headless Chromium (tests/serve_browser.py): fills a unit and two systems,
# sees messages and levels live, saves, renders. Screenshots in out/serve-browser/ for review.
# Without chromium, chromedriver or python3-selenium the test is SKIPPED, loudly.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2
if ! command -v chromium >/dev/null 2>&1 || ! test -x /usr/bin/chromedriver ||
    ! /usr/bin/python3 -c 'import selenium' 2>/dev/null; then
    echo "SKIP t_serve_browser.sh: chromium, chromium-driver or python3-selenium missing (scripts/install-deps.sh installs them)"
    done_testing
    exit 0
fi
mkdir -p "$TMP/data"
rm -rf out/serve-browser
timeout 1000 /usr/bin/python3 tests/serve_browser.py "$BUILD/mlpsdoc" "$TMP/data" "$ROOT/out/serve-browser" \
    "$ROOT/samples/topology-ehr.png"
