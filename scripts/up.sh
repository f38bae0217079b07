#!/usr/bin/env bash
# The main job on the embedded default: installs what is missing, builds, and runs Sluice.
# Until `sluice up` lands (issue 8) this builds every executable and prints its version.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
swift build
bin="$(swift build --show-bin-path)"
for tool in sluice source-controller kustomize-controller helm-controller notification-controller; do
  "$bin/$tool" version
done
