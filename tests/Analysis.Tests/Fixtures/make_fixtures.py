#!/usr/bin/env python3
"""Writes the hand-made results folders the analysis tests read (tests/Analysis.Tests/Fixtures/results).

They follow the run-folder contract (src/Runs, results/README.md) by hand, every field the writer
writes included, so the strict reader accepts them as it accepts a real run. Numbers are made up but shaped like this machine's runs (2 cores, ~60 ms/step natively,
containers ~20 % slower, two workloads sharing the cores ~1.7x slower). A fixed seed keeps the
files byte-stable: the golden markdown files depend on them. Re-run only on purpose:
    python3 tests/Analysis.Tests/Fixtures/make_fixtures.py
"""
import json, math, os, random, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "results")
STEPS, EPOCHS, WORKERS = 70, 3, 3
PARAMS = 2_770_634
# Ring all-reduce moves 2 (N-1)/N of the float32 gradient per step.
BYTES_PER_STEP = int(PARAMS * 4 * 2 * (WORKERS - 1) / WORKERS)
ACCURACY = [0.552, 0.684, 0.741]
LOSS = [1.9832, 1.2107, 0.9214]


BASE = [8 * 3600 + 15 * 60]  # the current run's start, seconds after midnight UTC


def stamp(seconds):
    t = BASE[0] + seconds
    h, rem = divmod(t, 3600)
    m, s = divmod(rem, 60)
    return f"2026-11-28T{int(h):02d}:{int(m):02d}:{s:06.3f}Z"


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")


def repetition(rng, run_dir, scenario, mode, k, warmup, workloads, ms_per_step, t0, weights_hash,
               fail=None, timeline=None):
    """Writes one repetition; returns (status string, duration seconds)."""
    rel = f"runs/{scenario}/{mode}/rep-{k}"
    rep_dir = os.path.join(run_dir, rel)
    status_workloads, metric_rows, longest, last_step = [], [], 0.0, 0.0
    status = "succeeded" if fail is None else "failed"
    for w in workloads:
        workers = []
        for rank in range(WORKERS):
            node = f"node-{rank + 1}"
            host = f"{w}-{rank + 1}"
            ttfs = round(1.3 + rng.random() * 0.3, 2)
            lines, elapsed, epochs_done = [], ttfs, EPOCHS if fail is None else 1
            for e in range(1, epochs_done + 1):
                # The first epoch pays for JIT and allocator warm-up, like the thesis's epoch 1.
                ms = ms_per_step * (1.15 if e == 1 else 1.0) * (1 + rng.gauss(0, 0.02))
                if warmup:
                    ms *= 1.08
                ms = round(ms, 1)
                allreduce = round(ms * 0.30, 1)
                other = round(ms * 0.05, 1)
                compute = round(ms - allreduce - other, 1)
                seconds = round(ms * STEPS / 1000.0, 2)
                elapsed += seconds
                lines.append({"type": "epoch", "epoch": e, "epochs": EPOCHS, "steps": STEPS, "seconds": seconds,
                              "msPerStep": ms, "computeMs": compute, "allReduceMs": allreduce, "otherMs": other,
                              "bytesSent": BYTES_PER_STEP * STEPS, "bytesReceived": BYTES_PER_STEP * STEPS,
                              "loss": LOSS[e - 1], "accuracy": ACCURACY[e - 1], "rank": rank,
                              "worldSize": WORKERS, "host": host, "threads": 1,
                              "timestampUtc": stamp(t0 + elapsed)})
            total = round(elapsed + 0.2, 2)
            exit_code, last_lines = 0, []
            if fail is None:
                # The start-up timeline, from its own generator so the older fields keep their values:
                # containers take longer to be scheduled and started, and to form their ring.
                start = (1.6 if mode == "container" else 0.3) + timeline.random() * 0.2
                ring = start + (0.7 if mode == "container" else 0.5) + timeline.random() * 0.1
                first = ring + 0.15 + timeline.random() * 0.05
                last_step = max(last_step, first + elapsed - ttfs)
                lines.append({"type": "final", "epochs": EPOCHS, "totalSeconds": total,
                              "timeToFirstStepSeconds": ttfs,
                              "testLoss": 0.8731 if rank == 0 else None,
                              "testAccuracy": 0.7602 if rank == 0 else None,
                              "weightsHash": weights_hash, "rank": rank, "worldSize": WORKERS, "host": host,
                              "threads": 1, "timestampUtc": stamp(t0 + total),
                              "processStartUtc": stamp(t0 + start), "ringFormedUtc": stamp(t0 + ring),
                              "firstStepUtc": stamp(t0 + first), "lastStepUtc": stamp(t0 + first + elapsed - ttfs)})
            elif rank == fail["rank"] and w == fail["workload"]:
                exit_code = 137
                last_lines = ["epoch 2/3 step 31/70", "Killed"]
            else:
                exit_code = 1
                last_lines = ["epoch 2/3 step 31/70", "all-reduce: connection reset by peer (rank 1)"]
            longest = max(longest, total)
            os.makedirs(os.path.join(rep_dir, w), exist_ok=True)
            with open(os.path.join(rep_dir, w, f"worker-{rank}.jsonl"), "w", newline="\n") as f:
                for line in lines:
                    f.write(json.dumps(line, separators=(",", ":")) + "\n")
            with open(os.path.join(rep_dir, w, f"worker-{rank}.log"), "w", newline="\n") as f:
                f.write(f"worker {rank} of {w} on {node}\n")
            workers.append({"rank": rank, "node": node, "exitCode": exit_code, "timeToFirstStepSeconds": ttfs,
                            "weightsHash": weights_hash if fail is None else None, "lastLogLines": last_lines})
            # Resource samples once a second; network counters are cumulative since the worker started.
            rx = tx = 0
            bytes_per_second = BYTES_PER_STEP * 1000.0 / ms_per_step
            for s in range(1, int(math.ceil(total)) + 1):
                busy = s > ttfs
                cpu = round((96.0 if mode == "native" else 93.5) + rng.gauss(0, 1.5), 1) if busy else 35.0
                mem = int(380e6 + 4e6 * min(s, 10) + rng.randrange(0, 2_000_000))
                if busy:
                    rx += int(bytes_per_second * (1 + rng.gauss(0, 0.03)))
                    tx += int(bytes_per_second * (1 + rng.gauss(0, 0.03)))
                metric_rows.append((s, w, rank, node, cpu, mem, rx, tx))
        status_workloads.append({"name": w, "workers": workers})
    ended = t0 + longest + 0.8
    for sw in status_workloads:
        # Launch when the repetition starts; the runner sees the last worker end just before it ends.
        sw["launchedUtc"] = stamp(t0)
        sw["endedUtc"] = stamp(max(ended - 0.1, t0 + last_step + 0.3))
    error = None
    if fail is not None:
        error = (f"worker {fail['rank']} of {fail['workload']} exited with code 137 (killed); "
                 "the other workers lost their peer")
    write_json(os.path.join(rep_dir, "status.json"), {
        "scenario": scenario, "mode": mode, "repetition": k, "warmup": warmup, "status": status,
        "startedUtc": stamp(t0), "endedUtc": stamp(ended), "durationSeconds": round(ended - t0, 2),
        "workloads": status_workloads, "error": error})
    with open(os.path.join(rep_dir, "metrics.csv"), "w", newline="\n") as f:
        f.write("timestamp_utc,elapsed_seconds,workload,rank,node,cpu_percent,memory_bytes,net_rx_bytes,net_tx_bytes\n")
        for (s, w, rank, node, cpu, mem, rx, tx) in sorted(metric_rows, key=lambda r: (r[0], r[1], r[2])):
            f.write(f"{stamp(t0 + s)},{s:.3f},{w},{rank},{node},{cpu},{mem},{rx},{tx}\n")
    return status, ended - t0, rel


def run(run_id, scenarios, reps, warmups, seed, overrides):
    rng = random.Random(seed)
    timeline = random.Random(seed + 1)
    hh, mm, ss = int(run_id[9:11]), int(run_id[11:13]), int(run_id[13:15])
    BASE[0] = hh * 3600 + mm * 60 + ss
    run_dir = os.path.join(ROOT, run_id)
    entries, t = [], 0.0
    for scenario, (workloads, native_ms, container_ms) in scenarios.items():
        for k in range(warmups + reps):
            # Modes interleaved within each repetition so machine drift hits both (ARCHITECTURE.md).
            for mode in (["native", "container"] if k % 2 == 0 else ["container", "native"]):
                o = overrides.get((scenario, mode, k), {})
                ms = (native_ms if mode == "native" else container_ms) * o.get("scale", 1.0)
                status, duration, rel = repetition(
                    rng, run_dir, scenario, mode, k, k < warmups, workloads, ms, t,
                    o.get("hash", "sha256:9f0c4e7a21b5d83f6c0e1a9b2d4f7085e3c6a1b9d2f40c7e8a5b3d1f6e9c2a47"),
                    o.get("fail"), timeline)
                entries.append({"scenario": scenario, "mode": mode, "repetition": k, "warmup": k < warmups,
                                "status": status, "path": rel, "durationSeconds": round(duration, 3)})
                t += duration + 5
    manifest = {
        "schemaVersion": 1, "runId": run_id, "complete": True,
        "startedUtc": stamp(0), "endedUtc": stamp(t),
        "git": {"sha": run_id.split("-")[1] + "e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c", "dirty": False},
        "parameters": {"experiments": list(scenarios), "repetitions": reps, "warmups": warmups, "warmupEpochs": 1,
                       "modes": ["native", "container"], "cpuPolicy": "scale"},
        "experiments": [{"name": s, "file": f"experiments/{s}.json",
                         "sha256": "4b1d" + ("0" if s == "thesis-single" else "1") * 60,
                         "definition": {"workloads": len(w), "workers": WORKERS, "epochs": EPOCHS,
                                        "stepsPerEpoch": STEPS, "batchPerWorker": 64, "learningRate": 0.001}}
                        for s, (w, _, _) in scenarios.items()],
        "host": {"cpuModel": "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", "cores": 2,
                 "memoryBytes": 25769803776, "kernel": "6.1.0-27-amd64", "os": "Debian GNU/Linux 12",
                 "dockerVersion": "20.10.24", "hostname": "testbed-ci"},
        "rootfs": {"recipeHash": "sha256:7c2e", "packagesSha256": "sha256:d41e"},
        "image": {"id": "sha256:5a9f3c1e", "tag": "testbed/trainer:0.1.0"},
        "trainerVersion": "0.1.0", "seeds": [42],
        "sampler": {"intervalMs": 1000, "cpuPercent": 0.4}, "nativeAllotment": "cgroup-cfs-quota",
        "placement": "containers: one service per worker, pinned to node-1..node-3; native: one process per worker",
        "notes": [], "repetitions": entries}
    write_json(os.path.join(run_dir, "manifest.json"), manifest)


if __name__ == "__main__":
    shutil.rmtree(ROOT, ignore_errors=True)
    # A clean run of both thesis scenarios: 1 warm-up + 3 measured repetitions per mode.
    run("20261128T081500Z-1a2b3c4",
        {"thesis-single": (["w1"], 60.0, 72.0), "thesis-dual": (["w1", "w2"], 102.0, 126.0)},
        reps=3, warmups=1, seed=20261128, overrides={})
    # A later, troubled run of the single scenario: container rep-2 failed (a worker was killed), one
    # container repetition ended with other weights, and containers were slower than before.
    run("20261128T120000Z-5d6e7f8",
        {"thesis-single": (["w1"], 60.0, 80.0)},
        reps=3, warmups=1, seed=20261129,
        overrides={("thesis-single", "container", 2): {"fail": {"workload": "w1", "rank": 1}},
                   ("thesis-single", "container", 3): {"hash": "sha256:0d1e5b7c93a2f4e6081b9c7d5e3f2a1b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2e4f"}})
