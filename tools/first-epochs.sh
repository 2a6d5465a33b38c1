#!/usr/bin/env bash
# Why the first epochs run slow (issue #21): three ranks of the published trainer on loopback, each
# in a cgroup v1 of 0.6 core (thesis-single's worker), natively on the runtime rootfs through
# chroot, under several .NET settings interleaved A B C D, A B C D, ... Prints per run and rank
# epoch 1's and epoch 2's ms/step over the steady epochs' (3..N) median, the steady ms/step, and
# the weights' hash. Needs root, ./build.sh Images (the rootfs and artifacts/trainer) and python3;
# take no timing while anything else runs. Everything it mounts or creates is removed on exit.
# Usage: tools/first-epochs.sh [--rounds N] [--epochs N] [--logs DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=3 EPOCHS=6 LOGS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2;;
    --epochs) EPOCHS="$2"; shift 2;;
    --logs) LOGS="$2"; shift 2;;
    -h|--help) sed -n '2,8p' "$0"; exit 0;;
    *) echo "first-epochs: unknown argument '$1' (see --help)" >&2; exit 2;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "first-epochs: --rounds is '$ROUNDS'; expected a whole number from 1" >&2; exit 2; }
[[ "$EPOCHS" =~ ^[4-9]$|^[1-9][0-9]+$ ]] || { echo "first-epochs: --epochs is '$EPOCHS'; expected 4 or more (epochs 3..N make the steady pace)" >&2; exit 2; }
ROOTFS="$(ls -d "$HOME"/.cache/testbed/rootfs/*/root 2>/dev/null | head -1)"
TRAINER="$ROOT/artifacts/trainer"
[ -n "$ROOTFS" ] && [ -x "$TRAINER/testbed-trainer" ] || { echo "first-epochs: no runtime rootfs or published trainer; run ./build.sh Images first" >&2; exit 2; }
LOGS="${LOGS:-$(mktemp -d /tmp/testbed-first-epochs-XXXXXX)}"
mkdir -p "$LOGS"

WORK="$(mktemp -d /tmp/testbed-first-epochs-chroot-XXXXXX)"
MERGED="$WORK/merged" CGROUP=/sys/fs/cgroup/cpu/testbed-first-epochs-$$
cleanup() {
  for m in opt/testbed/trainer sys dev proc ""; do mountpoint -q "$MERGED/$m" && umount "$MERGED/$m"; done
  for r in 0 1 2; do [ -d "$CGROUP-$r" ] && rmdir "$CGROUP-$r"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/upper" "$WORK/work" "$MERGED"
mount -t overlay overlay -o "lowerdir=$ROOTFS,upperdir=$WORK/upper,workdir=$WORK/work" "$MERGED"
mount -t proc proc "$MERGED/proc"; mount --bind /dev "$MERGED/dev"; mount --bind /sys "$MERGED/sys"
mkdir -p "$MERGED/opt/testbed/trainer"; mount --bind -o ro "$TRAINER" "$MERGED/opt/testbed/trainer"

# name: environment for the trainer ("-" for none); the trainer's own runtimeconfig is the default.
SETTINGS=("default:-" "tiered:DOTNET_TieredCompilation=1" "tiered-no-pgo:DOTNET_TieredCompilation=1 DOTNET_TieredPGO=0" "no-tiering:DOTNET_TieredCompilation=0")

run_once() { # name env run-folder
  local name=$1 env=$2 run=$3 pids=()
  mkdir -p "$MERGED$run"; head -c 32 /dev/urandom > "$MERGED$run/token"
  for r in 0 1 2; do
    mkdir -p "$CGROUP-$r"; echo 100000 > "$CGROUP-$r/cpu.cfs_period_us"; echo 60000 > "$CGROUP-$r/cpu.cfs_quota_us"
    ( echo $BASHPID > "$CGROUP-$r/cgroup.procs"
      exec env DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 ${env/#-/} chroot "$MERGED" /opt/testbed/trainer/testbed-trainer train \
        --epochs "$EPOCHS" --steps 70 --batch 64 --lr 0.001 --seed 42 --data /usr/share/datasets/fashion-mnist \
        --records "$run/rank$r.jsonl" --out "$run/out-$r" --keep-checkpoints 1 --token-file "$run/token" --job-id "first-epochs$run" \
        --threads 1 --ring-tags false --peers 127.0.0.1:29600,127.0.0.1:29601,127.0.0.1:29602 --rank $r --port $((29600 + r)) \
    ) > "$LOGS/$(basename "$run")-rank$r.log" 2>&1 &
    pids+=($!)
  done
  local rc=0; for p in "${pids[@]}"; do wait "$p" || rc=1; done
  cp "$MERGED$run"/rank*.jsonl "$LOGS/" 2>/dev/null || true
  for f in "$MERGED$run"/rank*.jsonl; do mv "$LOGS/$(basename "$f")" "$LOGS/$(basename "$run")-$(basename "$f")"; done
  return $rc
}

for round in $(seq 1 "$ROUNDS"); do
  for setting in "${SETTINGS[@]}"; do
    name=${setting%%:*} env=${setting#*:}
    run_once "$name" "$env" "/tmp/$name-$round" || { echo "first-epochs: $name round $round failed; logs in $LOGS" >&2; exit 1; }
  done
done

python3 - "$LOGS" <<'PY'
import glob, json, os, re, statistics, sys
logs = sys.argv[1]
print(f"{'run':<18} {'rank':>4} {'steady ms':>9} {'epoch 1':>8} {'epoch 2':>8}  weights")
for path in sorted(glob.glob(os.path.join(logs, '*-rank*.jsonl'))):
    run, rank = re.match(r'(.*)-rank(\d)\.jsonl', os.path.basename(path)).groups()
    epochs, weights = {}, '-'
    for line in open(path):
        record = json.loads(line)
        if record.get('type') == 'epoch': epochs[record['epoch']] = record['msPerStep']
        if record.get('type') == 'final': weights = record['weightsHash'][:19]
    steady = statistics.median(epochs[e] for e in range(3, max(epochs) + 1))
    print(f"{run:<18} {rank:>4} {steady:>9.1f} {epochs[1] / steady:>8.2f} {epochs[2] / steady:>8.2f}  {weights}")
PY
echo "logs and records: $LOGS"
