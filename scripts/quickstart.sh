#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds merrow and renders the sample diagram.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
scripts/build.sh
build/merrow -i samples/tier.mmd -o tier.svg
build/merrow -i samples/tier.mmd -o tier.png
echo "rendered tier.svg and tier.png"
