#!/bin/sh
# The hostile-input suite (tests/hostile/suite.sh): images, confinement, encodings, limits,
# scale, outputs. Each case asserts an exact message, an exit code and an unchanged output.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/hostile/suite.sh"
done_testing
