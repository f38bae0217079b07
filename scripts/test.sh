#!/usr/bin/env bash
# The test command: installs what is missing, builds every target (tests start the built executables), runs the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
swift build
# At most four tests at once: many start real servers and child processes, and on a two-core machine an unbounded
# number of them starves the timing of the others (Swift Testing otherwise starts every test at once).
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-4}"
swift test "$@"
