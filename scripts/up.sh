#!/usr/bin/env bash
# The main job on the embedded default: installs what is missing, builds, and runs `sluice up`
# (the API server, the CRDs, the four controllers and the bundled example) until Ctrl-C.
# Arguments go to `sluice up`, e.g. ./scripts/up.sh --repo ~/src/fleet --path ./clusters/dev --once
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
swift build
exec "$(swift build --show-bin-path)/sluice" up "$@"
