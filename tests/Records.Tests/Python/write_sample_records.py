"""Drives the shipped helper (trainers/python/testbed_progress.py) for Records.Tests.

usage: write_sample_records.py <helper folder> <out folder> <case>
case: good (ranks 0 and 1, two epochs and a final each), nan-loss, no-split.
"""
import array
import sys

sys.path.insert(0, sys.argv[1])
import testbed_progress as tp  # noqa: E402

out, case = sys.argv[2], sys.argv[3]
# Three float32 "parameters" in parameter order; the test hashes the same floats in C#.
weights = [array.array("f", [0.5, -1.25]), array.array("f", [3.0]), array.array("f", [1e-7, 2.5e6])]

if case == "good":
    start = tp.process_start_utc()
    for rank in (0, 1):
        with tp.ProgressWriter(tp.records_path(out, rank), rank=rank, world_size=2, threads=1, host=f"w-{rank}") as progress:
            for epoch in (1, 2):
                progress.epoch(epoch=epoch, epochs=2, steps=70, seconds=7.0 + epoch, loss=2.3 / epoch, accuracy=0.25 * epoch,
                               compute_ms=60.5, all_reduce_ms=30.25, bytes_sent=11_082_536 * 70, bytes_received=11_082_536 * 70)
            chief = rank == 0
            progress.final(epochs=2, total_seconds=15.5, weights_hash=tp.weights_hash(weights), time_to_first_step_seconds=1.25,
                           test_loss=0.75 if chief else None, test_accuracy=0.7 if chief else None,
                           process_start_utc=start, ring_formed_utc=tp.utc_now(), first_step_utc=tp.utc_now(), last_step_utc=tp.utc_now())
elif case == "nan-loss":
    with tp.ProgressWriter(tp.records_path(out, 0), rank=0, world_size=1, threads=1) as progress:
        progress.epoch(epoch=1, epochs=2, steps=10, seconds=1.0, loss=1.0, accuracy=0.5, compute_ms=50, all_reduce_ms=0, bytes_sent=0, bytes_received=0)
        progress.epoch(epoch=2, epochs=2, steps=10, seconds=1.0, loss=float("nan"), accuracy=0.5, compute_ms=50, all_reduce_ms=0, bytes_sent=0, bytes_received=0)
elif case == "no-split":
    with tp.ProgressWriter(tp.records_path(out, 0), rank=0, world_size=1, threads=1) as progress:
        progress.epoch(epoch=1, epochs=1, steps=10, seconds=1.0, loss=1.0, accuracy=0.5, bytes_sent=0, bytes_received=0)
else:
    sys.exit(f"unknown case {case!r}")
