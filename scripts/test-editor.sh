#!/usr/bin/env bash
# The editor front ends' tests, which run in node:
#   install   npm ci in editors/vscode and tests/editor (pinned by their package-lock.json)
#   vscode    the VS Code markdown-it plugin with the real markdown-it and the real daemon
#   browser   merrow serve in headless Chromium (Debian's), driven by playwright-core
#   package   the VS Code extension as a .vsix (@vscode/vsce)
# MERROW_BIN names the merrow binary (default build/merrow). Without node or without the npm
# packages, vscode and browser exit 77, which ctest reports as skipped (1 when
# MERROW_REQUIRE_EDITOR_TESTS=1).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export MERROW_BIN="${MERROW_BIN:-$root/build/merrow}"

need_packages() {
    if ! command -v node >/dev/null || [ ! -d "$1/node_modules" ]; then
        echo "test-editor: node or the npm packages of $1 are missing (run scripts/test-editor.sh install)" >&2
        # scripts/test.sh installs them and sets this: there, missing means broken.
        [ "${MERROW_REQUIRE_EDITOR_TESTS:-0}" = 1 ] && exit 1
        exit 77
    fi
}

for step in "${@:-install vscode browser package}"; do
    for what in $step; do
        case "$what" in
        install)
            for dir in editors/vscode tests/editor; do
                (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
            done
            ;;
        vscode)
            need_packages editors/vscode
            # Compiled outside the source tree when a build folder is given, so parallel test
            # runs of several build folders do not write the same files.
            out="${MERROW_EDITOR_OUT:-$root/editors/vscode/out}"
            (cd editors/vscode && npx tsc -p . --outDir "$out" &&
                MERROW_VSCODE_OUT="$out" node --test test/)
            ;;
        browser)
            need_packages tests/editor
            (cd tests/editor && node --test serve_browser_test.js)
            ;;
        package)
            need_packages editors/vscode
            (cd editors/vscode && npx tsc -p . &&
                npx vsce package --no-dependencies --allow-missing-repository \
                    -o merrow-mermaid-preview.vsix </dev/null)
            ;;
        *)
            echo "test-editor: unknown step \`$what\` (install, vscode, browser, package)" >&2
            exit 2
            ;;
        esac
    done
done
