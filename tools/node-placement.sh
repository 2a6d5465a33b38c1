#!/usr/bin/env bash
# What placing the virtual nodes on cores changes (issue #21). Runs thesis-single on virtual-3
# twice, one after the other: first with the nodes as the pipeline makes them (each node's
# container may run on every core, its CPU quota capping it), then with each node's container
# pinned to the cores given (their cgroups' cpuset; quotas unchanged), and unpins them at
# the end, also on failure or Ctrl+C. Prints each run's training time per mode (mean, SD) and
# headline. A quiet machine is needed: about 2 x 15 minutes, nothing else running.
# Usage: tools/node-placement.sh [--placement "0 1 0-1"] [--repetitions N]
# (FREE_RUN=<run folder> skips the first run and compares with that one.)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PLACEMENT="0 1 0-1" REPETITIONS=5
while [ $# -gt 0 ]; do
  case "$1" in
    --placement) PLACEMENT="$2"; shift 2;;
    --repetitions) REPETITIONS="$2"; shift 2;;
    -h|--help) sed -n '2,10p' "$0"; exit 0;;
    *) echo "node-placement: unknown argument '$1' (see --help)" >&2; exit 2;;
  esac
done
read -r -a CORES <<< "$PLACEMENT"
[ "${#CORES[@]}" -eq 3 ] || { echo "node-placement: --placement is '$PLACEMENT'; expected three cpusets, one per node (e.g. \"0 1 0-1\")" >&2; exit 2; }
LAST=$(( $(nproc) - 1 ))
for c in "${CORES[@]}"; do
  [[ "$c" =~ ^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$ ]] && ! grep -qE "(^|[^0-9])([$((LAST + 1))-9]|[1-9][0-9]+)" <<< "$c" \
    || { echo "node-placement: cpuset '$c' is not a list of cores 0..$LAST (e.g. 0, 1 or 0-1)" >&2; exit 2; }
done
[[ "$REPETITIONS" =~ ^[3-9]$|^[1-9][0-9]+$ ]] || { echo "node-placement: --repetitions is '$REPETITIONS'; expected 3 or more" >&2; exit 2; }
NODES=(testbed-node-node-1 testbed-node-node-2 testbed-node-node-3)
ALL="0-$LAST"

# On cgroup v1 a node's cpuset cannot shrink below its children's (the engine inside the node has
# its own cgroups), and docker update refuses it: pinning writes the cpuset files themselves, the
# deepest first; unpinning widens the node's first, then its children. Cgroups the node's engine
# makes later (its workers' containers) start from their parent's cpuset.
cgroups_of() { # $1: container; $2: "deep" or "shallow" first
  local dir="/sys/fs/cgroup/cpuset/docker/$(docker inspect -f '{{.Id}}' "$1")"
  [ -d "$dir" ] || { echo "node-placement: no cgroup v1 cpuset folder for $1 ($dir)" >&2; return 1; }
  find "$dir" -type d -printf '%d %p\n' | sort -n $([ "$2" = deep ] && echo -r) | cut -d' ' -f2-
}
pin() { # $1: container, $2: cpuset
  for d in $(cgroups_of "$1" deep); do echo "$2" > "$d/cpuset.cpus"; done
}
unpin() {
  for n in "${NODES[@]}"; do
    for d in $(cgroups_of "$n" shallow 2>/dev/null); do echo "$ALL" > "$d/cpuset.cpus" 2>/dev/null || true; done
  done
}

trap unpin EXIT

run() { # $1: label; prints the run folder
  "$ROOT/build.sh" RunAllScenarios --cluster virtual-3 --experiments thesis-single --precision 0 --repetitions "$REPETITIONS" > "/tmp/testbed-node-placement-$1.log" 2>&1 \
    || { echo "node-placement: the $1 run failed; its log: /tmp/testbed-node-placement-$1.log" >&2; exit 1; }
  grep -o 'run folder [^ ]*' "/tmp/testbed-node-placement-$1.log" | tail -1 | cut -d' ' -f3
}
summary() { # $1: label, $2: run folder
  echo "== $1: $(basename "$2")"
  cat "$2/report/tables/thesis-single-training-time.csv"
  grep '^thesis-single,training time (s),[0-9]' "$2/report/tables/headline.csv"
}

# The nodes must exist before they can be pinned; the first run makes (or reuses) them.
"$ROOT/build.sh" ProvisionCluster --cluster virtual-3 > /tmp/testbed-node-placement-provision.log 2>&1 \
  || { echo "node-placement: ProvisionCluster failed; its log: /tmp/testbed-node-placement-provision.log" >&2; exit 1; }
unpin
FREE="${FREE_RUN:-}"
[ -n "$FREE" ] || FREE=$(run free)
for i in 0 1 2; do pin "${NODES[$i]}" "${CORES[$i]}"; done
echo "pinned: ${NODES[0]} ${CORES[0]}, ${NODES[1]} ${CORES[1]}, ${NODES[2]} ${CORES[2]}"
PINNED=$(run pinned)
summary "nodes free on every core" "$FREE"
summary "nodes pinned ($PLACEMENT)" "$PINNED"
