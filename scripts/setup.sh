#!/usr/bin/env bash
# Installs with apt whatever merrow needs that is missing. Idempotent; silent when nothing is
# missing. Usage: scripts/setup.sh [build|test]   (test = build + what the test suite needs)
set -euo pipefail

what="${1:-build}"
packages=(g++ cmake make pkg-config python3
          libcairo2-dev libpango1.0-dev tao-pegtl-dev libyaml-cpp-dev libcli11-dev catch2
          zlib1g-dev fonts-liberation2 fontconfig)
if [ "$what" = "test" ]; then
    packages+=(clang libclang-rt-14-dev clang-format)
    # The browser checks: merrow's SVGs in headless Chromium and librsvg, and fonts for the
    # CJK and emoji labels (fallback fonts, as a reader's system would have).
    packages+=(chromium librsvg2-bin fonts-wqy-microhei fonts-noto-color-emoji)
    # The editor front ends' tests: the VS Code plugin and the serve page run in node. A machine
    # may already have node and npm from elsewhere (NodeSource's nodejs bundles npm and conflicts
    # with Debian's npm package), so these two count as present when their command is.
    packages+=(nodejs npm)
    # The Hugo site hook's end-to-end test (tests/hugo/e2e.sh) builds a site with Debian's Hugo.
    packages+=(hugo)
fi

missing=()
declare -A provided_by_command=([nodejs]=node [npm]=npm)
for p in "${packages[@]}"; do
    cmd="${provided_by_command[$p]:-}"
    if [ -n "$cmd" ] && command -v "$cmd" >/dev/null; then
        continue
    fi
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q >/dev/null
# Wait for a concurrent apt/dpkg instead of failing on its lock.
"${sudo[@]}" apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=900 \
    "${missing[@]}" >/dev/null
