#!/usr/bin/env bash
# End-to-end test of the Hugo hook with the real Hugo (Debian's, installed by
# `scripts/setup.sh test`): a small site with the edge cases of Markdown (tests/hugo/site, plus
# a CRLF post), `merrow hugo init`, `merrow hugo render`, `hugo`, and the generated HTML checked
# block by block; a broken diagram; a second render that renders nothing; dark mode; and
# `merrow hugo render --watch` next to `hugo server`.
#
# Usage: tests/hugo/e2e.sh path/to/merrow        (exit 77: Hugo is not installed, skipped)
set -euo pipefail

merrow="$(realpath "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v hugo >/dev/null; then
    echo "hugo is not installed (scripts/setup.sh test installs it)"
    [ "${MERROW_REQUIRE_HUGO:-0}" = 1 ] && exit 1
    exit 77
fi

work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
expect_summary() { # OUTPUT EXPECTED-PREFIX
    grep -q "^$2 in [0-9]*\.[0-9][0-9] s$" <<<"$1" || fail "expected '$2 in … s', got: $1"
}

site="$work/site"
cp -r "$here/site" "$site"
sed 's/$/\r/' "$here/windows.md" >"$site/content/posts/windows.md"
cd "$site"
echo "== $(hugo version)"
# The site's mermaid blocks, and how many distinct diagrams they are (one appears twice).
blocks=15
diagrams=14

echo "== merrow hugo init"
"$merrow" hugo init
minor="$(hugo version | sed -E 's/^hugo v0\.([0-9]+).*/\1/')"
if [ "$minor" -lt 146 ]; then
    hook=layouts/_default/_markup/render-codeblock-mermaid.html
else
    hook=layouts/_markup/render-codeblock-mermaid.html
fi
[ -f "$hook" ] || fail "the render hook is not at $hook"

echo "== merrow hugo render"
out="$("$merrow" hugo render)"
echo "$out"
expect_summary "$out" "rendered $diagrams, unchanged 0, removed 0, failed 0"
leftover="$(ls -A assets/mermaid | grep -v -e '^[0-9a-f]*\.svg$' -e '^\.merrow-manifest\.json$' || true)"
[ -z "$leftover" ] || fail "temporary files left in assets/mermaid: $leftover"

echo "== hugo"
hugo --quiet
"$merrow" hugo keys >"$work/keys"
[ "$(wc -l <"$work/keys")" -eq "$blocks" ] || fail "expected $blocks blocks, merrow found: $(cat "$work/keys")"
python3 "$here/check_html.py" public "$work/keys"
# What is not a diagram stays code: the fence inside a longer fence, the indented block, and
# the front matter's text.
grep -q 'language-markdown' public/posts/tiers/index.html || fail "the nested fence is gone"
grep -q 'P --&gt; Q' public/posts/tiers/index.html || fail "the indented code block is gone"
if grep -q 'A_DIAGRAM' assets/mermaid/*.svg; then fail "front matter was rendered"; fi
grep -q 'class="mermaid-diagram wide"' public/posts/tiers/index.html || fail "class attribute"
grep -q 'alt="Write path, as an image"' public/posts/tiers/index.html || fail "alt attribute"

echo "== a second merrow hugo render renders nothing"
out="$("$merrow" hugo render)"
expect_summary "$out" "rendered 0, unchanged $diagrams, removed 0, failed 0"

echo "== a broken diagram"
cp "$here/broken.md" content/posts/broken.md
set +e
"$merrow" hugo render >"$work/out" 2>"$work/err"
code=$?
set -e
cat "$work/err"
[ "$code" -eq 1 ] || fail "exit code $code for a broken diagram"
grep -q '^content/posts/broken.md:18:[0-9]*: error: ' "$work/err" ||
    fail "the error does not name content/posts/broken.md:18"
expect_summary "$(cat "$work/out")" "rendered 1, unchanged $diagrams, removed 0, failed 1"
if hugo >"$work/hugo-out" 2>&1; then
    fail "hugo built the site with a diagram missing"
fi
grep -q 'mermaid: no pre-rendered assets/mermaid/.*broken.md' "$work/hugo-out" ||
    fail "hugo's error does not name the block: $(cat "$work/hugo-out")"
rm content/posts/broken.md
out="$("$merrow" hugo render)"
expect_summary "$out" "rendered 0, unchanged $diagrams, removed 1, failed 0"
hugo --quiet

echo "== dark mode for the whole site (merrow.yaml)"
printf 'dark_theme: dark\ndark_selector: "[data-theme=dark]"\n' >merrow.yaml
out="$("$merrow" hugo render)"
expect_summary "$out" "rendered $diagrams, unchanged 0, removed 0, failed 0"
hugo --quiet
python3 "$here/check_html.py" public "$work/keys"
grep -q 'prefers-color-scheme: dark' public/posts/lists/index.html || fail "no dark palette"
grep -q '\[data-theme=dark\]' public/posts/lists/index.html || fail "no dark selector"

echo "== merrow hugo render --watch next to hugo server"
port=$((20000 + RANDOM % 20000))
hugo server --port "$port" --bind 127.0.0.1 --disableFastRender >"$work/server.log" 2>&1 &
pids+=($!)
"$merrow" hugo render --watch >"$work/watch.log" 2>&1 &
pids+=($!)
page="http://127.0.0.1:$port/posts/lists/"
# The page into a file first: `grep -q` in a pipe may close it before the writer is done.
page_has() {
    python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' \
        "$page" >"$work/page.html" 2>/dev/null && grep -q "$1" "$work/page.html"
}
for _ in $(seq 100); do
    page_has 'mermaid-diagram' && grep -q '^watching' "$work/watch.log" && break
    sleep 0.2
done
page_has 'mermaid-diagram' || fail "hugo server does not serve the page"
printf '\n```mermaid\nflowchart LR\n  Live --> Reload\n```\n' >>content/posts/lists.md
key="$("$merrow" hugo keys | grep 'lists.md' | tail -1 | cut -d' ' -f2)"
for _ in $(seq 150); do
    page_has "data-mermaid-key=\"$key\"><svg" && break
    sleep 0.2
done
page_has "data-mermaid-key=\"$key\"><svg" ||
    fail "hugo server did not show the new diagram; watch log: $(cat "$work/watch.log")"
grep -q "rendered 1, unchanged $diagrams" "$work/watch.log" || fail "watch log: $(cat "$work/watch.log")"

echo "== Hugo end-to-end test passed"
