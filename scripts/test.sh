#!/usr/bin/env bash
# The test command: installs what is missing, builds every target (tests start the built executables), runs the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
swift build
swift test "$@"
