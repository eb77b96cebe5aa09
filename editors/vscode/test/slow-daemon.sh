#!/bin/sh
# A daemon that answers each request 300 ms late (for the placeholder test): the real merrow
# daemon behind a delay on every line.
real="${MERROW_REAL_BIN:?}"
while IFS= read -r line; do
    sleep 0.3
    printf '%s\n' "$line"
done | "$real" daemon
