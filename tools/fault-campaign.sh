#!/usr/bin/env bash
# The node layer's fault campaign (issue #22): on a 2-node virtual cluster of its own, each round
# runs one fault against a real run of tools/fault-campaign.json (native workers, one on each node),
# then a clean run after it, and counts what the fault cost:
#   cut     node-2's SSH connections cut mid-repetition (every sshd session there killed)
#   kill    the driver killed with SIGKILL mid-repetition, then the next run started
#   freeze  node-2 frozen (docker pause) the moment its worker exits, i.e. during the clean-up and
#           collection, for FREEZE seconds
# records lost: worker records that were on a node (counted there right after the fault, or before
#               the next run) and are not in the results folder after the next run
# left behind:  on either node after the next run: trainer processes, tagged processes (samplers,
#               watch loops), testbed cgroups, tokens, run folders, scratch, probe containers; and on
#               this (the driving) machine, temp folders of drivers that no longer run (engine
#               tunnels' sockets, tokens: testbed-engine-/testbed-secret-<pid>-<start ticks>-*)
# Usage: tools/fault-campaign.sh [--rounds N] [--faults cut,kill,freeze] [--prefix P] [--results DIR] [--freeze S] [--keep]
# Needs root and Docker (as ./build.sh does); never touches the default virtual nodes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=3 FAULTS="cut,kill,freeze" PREFIX="tbn-campaign" RESULTS="" FREEZE=75 KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2;;
    --faults) FAULTS="$2"; shift 2;;
    --prefix) PREFIX="$2"; shift 2;;
    --results) RESULTS="$2"; shift 2;;
    --freeze) FREEZE="$2"; shift 2;;
    --keep) KEEP=1; shift;;
    -h|--help) sed -n '2,17p' "$0"; exit 0;;
    *) echo "fault-campaign: unknown argument '$1' (see --help)" >&2; exit 2;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "fault-campaign: --rounds is '$ROUNDS'; expected a whole number from 1" >&2; exit 2; }
[[ "$FREEZE" =~ ^[1-9][0-9]*$ ]] || { echo "fault-campaign: --freeze is '$FREEZE'; expected seconds, a whole number from 1" >&2; exit 2; }
[[ "$PREFIX" =~ ^[a-z][a-z0-9-]{0,19}$ ]] && [ "$PREFIX" != testbed ] || { echo "fault-campaign: --prefix is '$PREFIX'; expected a-z, 0-9 and '-', not the default 'testbed' (the campaign makes nodes of its own)" >&2; exit 2; }
for f in ${FAULTS//,/ }; do case "$f" in cut|kill|freeze) ;; *) echo "fault-campaign: --faults has '$f'; expected cut, kill or freeze, comma-separated" >&2; exit 2;; esac; done
RESULTS="${RESULTS:-$(mktemp -d /tmp/testbed-campaign-XXXXXX)}"
mkdir -p "$RESULTS"
LOGS="$RESULTS/campaign-logs"; mkdir -p "$LOGS"
BUILD=(dotnet "$ROOT/build/bin/Debug/net10.0/_build.dll")
RUN=(RunScenario --node-prefix "$PREFIX" --cluster virtual-2 --experiments "$ROOT/tools/fault-campaign.json" --modes native --repetitions 1 --warmups 0 --observer-pairs 0 --results "$RESULTS")
export NO_COLOR=1

container() { echo "$PREFIX-node-$1"; }
on() { docker exec "$(container "$1")" sh -c "$2"; }
driver=""

cleanup() {
  docker unpause "$(container node-2)" >/dev/null 2>&1 || true
  if [ -n "$driver" ] && kill -0 "$driver" 2>/dev/null; then kill -TERM "$driver"; wait "$driver" 2>/dev/null || true; fi
  if [ "$KEEP" = 0 ]; then
    docker rm -f $(docker ps -aq --filter "label=testbed.nodes=$PREFIX") >/dev/null 2>&1 || true
    docker volume rm $(docker volume ls -q --filter "label=testbed.nodes=$PREFIX") >/dev/null 2>&1 || true
    docker network rm $(docker network ls -q --filter "label=testbed.nodes=$PREFIX") >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# "<lines> <path under runs/>" for every worker's records on both nodes.
node_records() {
  for n in node-1 node-2; do
    on "$n" 'cd /var/lib/testbed/runs 2>/dev/null && find . -name "worker-*.jsonl" | while read -r f; do echo "$(wc -l < "$f") ${f#./}"; done; true'
  done
}

# Records counted on the nodes ($1) that are not in the results folder.
lost_records() {
  local total=0 n p here
  while read -r n p; do
    [ -n "$p" ] || continue
    here=$(wc -l < "$RESULTS/$p" 2>/dev/null || echo 0)
    [ "$here" -lt "$n" ] && total=$((total + n - here))
  done < "$1"
  echo "$total"
}

# trainers tagged cgroups tokens runs scratch probes, summed over both nodes.
left_behind() {
  local sum=(0 0 0 0 0 0 0) row i
  for n in node-1 node-2; do
    row=$(on "$n" '
      t=$(pgrep -x testbed-trainer | wc -l)
      g=$(grep -lzE "^TESTBED_PROCESS=" /proc/[0-9]*/environ 2>/dev/null | wc -l)
      c=$(for d in /sys/fs/cgroup/cpu/testbed/*/ /sys/fs/cgroup/testbed/*/; do [ -d "$d" ] && echo "$d"; done | wc -l)
      k=$(ls -A /var/lib/testbed/secrets 2>/dev/null | wc -l)
      r=$(ls -A /var/lib/testbed/runs 2>/dev/null | wc -l)
      s=$(ls -A /var/lib/testbed/work 2>/dev/null | wc -l)
      p=$(printf "GET /containers/json?all=1 HTTP/1.0\r\n\r\n" | socat - UNIX-CONNECT:/var/run/docker.sock | grep -o "\"testbed.run\"" | wc -l)
      echo "$t $g $c $k $r $s $p"')
    read -r -a row <<< "$row"
    for i in 0 1 2 3 4 5 6; do sum[$i]=$((sum[$i] + row[$i])); done
  done
  echo "${sum[*]}"
}

# Temp folders here whose owning driver (pid and start time in the name) no longer runs; a running
# driver's (another engineer's run) are not left behind. Folders named without an owner are not ours.
driver_leftovers() {
  local n=0 d name pid ticks now
  for d in "${TMPDIR:-/tmp}"/testbed-engine-* "${TMPDIR:-/tmp}"/testbed-secret-*; do
    [ -d "$d" ] || continue
    name=${d##*/}
    [[ "$name" =~ ^testbed-(engine|secret)-([0-9]+)-([0-9]+)- ]] || continue
    pid=${BASH_REMATCH[2]} ticks=${BASH_REMATCH[3]}
    # Field 22 of /proc/<pid>/stat, counted after the command name's closing parenthesis.
    now=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f20)
    [ "$now" = "$ticks" ] || n=$((n + 1))
  done
  echo "$n"
}

start_run() { "${BUILD[@]}" "${RUN[@]}" > "$1" 2>&1 & driver=$!; }
end_run() { local rc=0; wait "$driver" || rc=$?; driver=""; return 0; }

# Until node-2's worker has recorded an epoch (the run is mid-repetition), or the driver is gone.
wait_mid_repetition() {
  local deadline=$((SECONDS + 600))
  until on node-2 'find /var/lib/testbed/runs -name worker-1.jsonl -exec cat {} + 2>/dev/null | grep -q "\"epoch\":"'; do
    kill -0 "$driver" 2>/dev/null || { echo "the run ended before the fault (see its log)"; return 1; }
    [ $SECONDS -lt $deadline ] || { echo "no epoch on node-2 within 600 s"; return 1; }
    sleep 0.5
  done
}

run_id_of() { sed -n 's/.*Results go to .*\/\([^/]*\)$/\1/p' "$1" | tail -1; }

echo "Fault campaign: $ROUNDS round(s) of $FAULTS on $PREFIX-node-node-1/2 (virtual-2), results in $RESULTS"
echo "Making the cluster (compiles the build, provisions the nodes once; later runs reuse them)..."
"$ROOT/build.sh" ProvisionCluster --node-prefix "$PREFIX" --cluster virtual-2 --experiments "$ROOT/tools/fault-campaign.json" > "$LOGS/provision.log" 2>&1 \
  || { tail -20 "$LOGS/provision.log"; echo "fault-campaign: provisioning failed (log: $LOGS/provision.log)" >&2; exit 1; }

printf '%-6s %-7s %-34s %8s %8s  %s\n' round fault run on-nodes lost "left behind after the next run (trainers tagged cgroups tokens runs scratch probes driver-folders)"
declare -A LOST LEFT HITS
for round in $(seq 1 "$ROUNDS"); do
  for fault in ${FAULTS//,/ }; do
    log="$LOGS/$round-$fault.log"; snapshot="$LOGS/$round-$fault.records"; note=""
    start_run "$log"
    if ! wait_mid_repetition; then end_run; echo "round $round $fault: skipped"; continue; fi
    case "$fault" in
      cut)
        node_records > "$snapshot"
        on node-2 'pkill -KILL -x sshd-session; true'
        end_run;;
      kill)
        kill -KILL "$driver"; end_run
        node_records > "$snapshot";;
      freeze)
        # Block in node-2 until its trainer exits, then freeze the node at once: the driver's clean-up
        # and collection of node-2 run against a frozen node.
        on node-2 'p=$(pgrep -x testbed-trainer | head -1); while [ -n "$p" ] && kill -0 "$p" 2>/dev/null; do sleep 0.05; done'
        docker pause "$(container node-2)" >/dev/null
        sleep "$FREEZE"
        docker unpause "$(container node-2)" >/dev/null
        end_run
        node_records > "$snapshot"
        grep -q "node-2.*stays there\|node-2.*not collected\|node-2 did not answer" "$RESULTS/$(run_id_of "$log")"/runs/*/*/*/status.json 2>/dev/null \
          && { note="froze collection"; HITS[$fault]=$(( ${HITS[$fault]:-0} + 1 )); } || note="froze after collection (missed)";;
    esac
    faulted=$(run_id_of "$log")
    start_run "$LOGS/$round-$fault-next.log"; end_run
    lost=$(lost_records "$snapshot")
    on_nodes=$(awk '{s += $1} END {print s + 0}' "$snapshot")
    left="$(left_behind) $(driver_leftovers)"
    LOST[$fault]=$(( ${LOST[$fault]:-0} + lost ))
    LEFT[$fault]=$(( ${LEFT[$fault]:-0} + $(echo "$left" | tr ' ' '+' | bc) ))
    printf '%-6s %-7s %-34s %8s %8s  %s %s\n' "$round" "$fault" "${faulted:-?}" "$on_nodes" "$lost" "$left" "$note"
  done
done
echo
for fault in ${FAULTS//,/ }; do
  echo "$fault: $ROUNDS round(s), records lost ${LOST[$fault]:-0}, things left behind after the next run ${LEFT[$fault]:-0}${HITS[$fault]:+, collection frozen in ${HITS[$fault]} round(s)}"
done
echo "Logs and run folders: $RESULTS"
