#!/bin/sh
# Puts the write latency of the three replication-* scenarios side by side
# (the last line of each story, from check.WriteLatency), as a Markdown
# table for the README. Usage: scripts/replication-latency.sh [--seed N]
set -eu
cd "$(dirname "$0")/.."
go build -o /tmp/simrun-latency ./cmd/simrun
echo "| scenario | verdict | write latency |"
echo "|---|---|---|"
for s in replication-async-loss replication-semisync replication-sync; do
	out=$(/tmp/simrun-latency run "$s" "$@" || true)
	lat=$(printf '%s\n' "$out" | sed -n 's/^  write latency: //p')
	verdict=$(printf '%s\n' "$out" | sed -n 's/^verdict: \([a-z-]*\).*/\1/p')
	echo "| $s | $verdict | $lat |"
done
