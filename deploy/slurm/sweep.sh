#!/bin/bash
# simrun sweep as a Slurm job array: each array task runs one disjoint
# shard of the seeds; a dependent job merges the shards.
#
#   jobid=$(sbatch --parsable deploy/slurm/sweep.sh)
#   sbatch --dependency=afterany:$jobid --wrap \
#     "simrun merge sweeps/raft-swarm/shard-* --out sweeps/raft-swarm/merged"
#
# Slurm sets SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT and
# SLURM_ARRAY_TASK_MIN in every task; simrun reads them (task id minus
# the minimum, modulo the count) to pick its shard, so --array may start
# anywhere. A task that is requeued or resubmitted resumes its shard where
# it stopped, because each finished seed is appended to results.jsonl
# at once.
#
# Change SCENARIO, SEEDS and the array size with environment variables or
# sbatch options, e.g. SEEDS=1..50000 sbatch --array=0-9 deploy/slurm/sweep.sh
#
#SBATCH --job-name=simrun-sweep
#SBATCH --array=0-15
#SBATCH --cpus-per-task=4
#SBATCH --mem=2G
#SBATCH --time=04:00:00
#SBATCH --requeue
#SBATCH --output=sweep-%A_%a.log
set -u

SCENARIO=${SCENARIO:-raft-swarm}
SEEDS=${SEEDS:-1..1000000}
RESULTS=${RESULTS:-sweeps/$SCENARIO}
SWARM=${SWARM---swarm}   # set SWARM= to sweep the scenario's own schedule

if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
  echo "sweep.sh: not in a Slurm array; submit it with sbatch" >&2
  exit 2
fi
mkdir -p "$RESULTS"

# shellcheck disable=SC2086 # SWARM is one flag or nothing
simrun sweep "$SCENARIO" $SWARM --seeds "$SEEDS" \
  --workers "${SLURM_CPUS_PER_TASK:-1}" \
  --out "$RESULTS/shard-$SLURM_ARRAY_TASK_ID"
rc=$?
# 1 means some seeds failed: a finding, recorded in results.jsonl and
# listed by `simrun merge`, not a failed task.
if [ "$rc" -eq 1 ]; then exit 0; fi
exit "$rc"
