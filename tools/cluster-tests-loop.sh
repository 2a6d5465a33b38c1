#!/usr/bin/env bash
# The cluster integration tests N times in a row (issue #22: "10 times with 0 failures"): every
# test class under tests/Orchestration.Tests/Cluster (virtual clusters, node faults, stopped
# nodes, the plain hosts' smoke run, node removal), each round through ./build.sh Test as CI runs
# them, on virtual nodes of its own (TESTBED_TEST_NODE_PREFIX). Prints each round's verdict line
# and wall time, then the totals; exit 1 when any round failed or ran nothing. Each round's log and
# test results (.trx: every test's duration and output) stay in the logs folder.
# Usage: tools/cluster-tests-loop.sh [--rounds N] [--prefix P] [--logs DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=10 PREFIX="tbn-loop" LOGS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2;;
    --prefix) PREFIX="$2"; shift 2;;
    --logs) LOGS="$2"; shift 2;;
    -h|--help) sed -n '2,8p' "$0"; exit 0;;
    *) echo "cluster-tests-loop: unknown argument '$1' (see --help)" >&2; exit 2;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "cluster-tests-loop: --rounds is '$ROUNDS'; expected a whole number from 1" >&2; exit 2; }
[[ "$PREFIX" =~ ^[a-z][a-z0-9-]{0,19}$ ]] && [ "$PREFIX" != testbed ] || { echo "cluster-tests-loop: --prefix is '$PREFIX'; expected a-z, 0-9 and '-', not the default 'testbed'" >&2; exit 2; }
LOGS="${LOGS:-$(mktemp -d /tmp/testbed-cluster-loop-XXXXXX)}"
mkdir -p "$LOGS"
export TESTBED_TEST_NODE_PREFIX="$PREFIX" NO_COLOR=1

failed_rounds=0 passed=0 failed=0
printf '%-6s %-10s %s\n' round seconds verdict
for round in $(seq 1 "$ROUNDS"); do
  log="$LOGS/round-$round.log"
  start=$(date +%s)
  status=0
  "$ROOT/build.sh" Test --test-projects Orchestration.Tests --test-filter 'FullyQualifiedName~Testbed.Orchestration.Tests.Cluster' >"$log" 2>&1 || status=$?
  seconds=$(( $(date +%s) - start ))
  # The round's per-test results (durations, each test's output) before the next round's build clears them.
  mkdir -p "$LOGS/round-$round" && cp "$ROOT"/artifacts/test-results/*.trx "$LOGS/round-$round/" 2>/dev/null || true
  verdict=$(grep -E '^Test: [0-9]+ passed' "$log" | tail -1 || true)
  printf '%-6s %-10s %s\n' "$round" "$seconds" "${verdict:-no verdict line (exit $status); see $log}"
  if [[ "$verdict" =~ ^Test:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
    passed=$(( passed + BASH_REMATCH[1] )); failed=$(( failed + BASH_REMATCH[2] ))
    if [ "$status" -ne 0 ] || [ "${BASH_REMATCH[2]}" -ne 0 ] || [ "${BASH_REMATCH[1]}" -eq 0 ]; then failed_rounds=$(( failed_rounds + 1 )); fi
  else
    failed_rounds=$(( failed_rounds + 1 ))
  fi
done
echo "cluster tests: $ROUNDS rounds, $failed_rounds failed; $passed tests passed, $failed failed in all; logs in $LOGS"
[ "$failed_rounds" -eq 0 ]
