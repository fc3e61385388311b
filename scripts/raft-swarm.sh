#!/bin/sh
# Runs the raft-swarm scenario over 2,000 seeds (the issue's bar): every
# seed must keep every Figure 3 property and linearizability and make
# progress after the last fault. A failure names the seed; replay it with
#   go run ./cmd/simrun run raft-swarm --seed N
# CI runs 50 seeds through the same test without SIMRUN_LONG.
set -eu
cd "$(dirname "$0")/.."
SIMRUN_LONG=1 exec go test ./protocols/raft -run '^TestSwarm$' -count=1 -timeout 1h -v "$@"
