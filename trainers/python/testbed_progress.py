"""Write Testbed's progress records from a Python trainer (standard library only).

The pipeline analyses a trainer through the JSON Lines file it writes, one record a line
(schemas/worker-records.schema.json; results/README.md, "Trainer records"):

    from testbed_progress import ProgressWriter, weights_hash

    with ProgressWriter("out/worker-0.jsonl", rank=0, world_size=2, threads=1) as progress:
        ...  # per epoch:
        progress.epoch(epoch=1, epochs=12, steps=70, seconds=8.4, loss=1.93, accuracy=0.52,
                       compute_ms=80.1, all_reduce_ms=31.0, bytes_sent=..., bytes_received=...)
        ...  # at the end:
        progress.final(epochs=12, total_seconds=101.2, weights_hash=weights_hash(buffers),
                       test_loss=0.55, test_accuracy=0.81)

Every value is checked before anything is written: a wrong one raises ValueError naming the
field, the value and what was expected, and the file keeps only whole, valid lines (each is
flushed as it is written, so a crashed worker's file still holds its finished epochs).

What the analysis reads today needs every field of an epoch record, the compute/all-reduce
split and the bytes included: a trainer that cannot measure them gets a clear ValueError
instead of a made-up zero. (Making them optional is the pipeline's side of issue 25.)
"""

import datetime
import hashlib
import json
import math
import os
import socket

__all__ = ["ProgressWriter", "weights_hash", "utc_now", "process_start_utc", "records_path"]

SCHEMA = "schemas/worker-records.schema.json"
_INT32_MAX = 2**31 - 1
_INT64_MAX = 2**63 - 1


def records_path(out_directory, rank):
    """The file the pipeline looks for: <out>/worker-<rank>.jsonl."""
    return os.path.join(out_directory, f"worker-{int(rank)}.jsonl")


def utc_now():
    """Now, as an aware UTC datetime (what the *_utc arguments take)."""
    return datetime.datetime.now(datetime.timezone.utc)


def process_start_utc():
    """When this process started, from /proc (Linux); None where that cannot be read.

    The kernel counts a process's start in clock ticks since boot; boot time is in /proc/stat.
    Good to a clock tick (10 ms), like the .NET trainer's Process.StartTime.
    """
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            # Field 22 (starttime) comes after the command name, which may hold spaces: split after ')'.
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/stat", encoding="ascii") as stat:
            boot = next(int(line.split()[1]) for line in stat if line.startswith("btime "))
        seconds = boot + start_ticks / os.sysconf("SC_CLK_TCK")
        return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def weights_hash(buffers):
    """'sha256:<hex>' over the bytes of every parameter, concatenated in the model's parameter order.

    Pass each parameter's float32 values as bytes, in order, e.g. for PyTorch:
        weights_hash(p.detach().cpu().contiguous().numpy().tobytes() for p in model.parameters())
    This is the .NET trainer's definition too (float32, little-endian, row-major, parameter order):
    equal hashes mean bit-identical weights.
    """
    sha = hashlib.sha256()
    count = 0
    for buffer in buffers:
        sha.update(memoryview(buffer).cast("B"))
        count += 1
    if count == 0:
        raise ValueError("weights_hash: no parameters given; expected every parameter's bytes in the model's parameter order.")
    return "sha256:" + sha.hexdigest()


def _fail(field, value, expected):
    raise ValueError(f"{field} = {value!r}: expected {expected}.")


def _int(field, value, minimum=0, maximum=_INT32_MAX):
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(field, value, f"a whole number from {minimum} to {maximum}")
    if not minimum <= value <= maximum:
        _fail(field, value, f"a whole number from {minimum} to {maximum}")
    return value


def _number(field, value, minimum=0.0, maximum=None, digits=3):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        _fail(field, value, "a finite number")
    if value < minimum or (maximum is not None and value > maximum):
        _fail(field, value, f"a number from {minimum} to {maximum}" if maximum is not None else f"a number of at least {minimum}")
    return round(float(value), digits)


def _optional(check, field, value, *args, **kwargs):
    return None if value is None else check(field, value, *args, **kwargs)


def _time(field, value):
    if not isinstance(value, datetime.datetime) or value.tzinfo is None:
        _fail(field, value, "an aware datetime (e.g. testbed_progress.utc_now())")
    utc = value.astimezone(datetime.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _hash(field, value):
    ok = isinstance(value, str) and value.startswith("sha256:") and len(value) == 71 and all(c in "0123456789abcdef" for c in value[7:])
    if not ok:
        _fail(field, value, "'sha256:' and 64 lower-case hex digits (testbed_progress.weights_hash)")
    return value


class ProgressWriter:
    """Appends one worker's records to its worker-<rank>.jsonl."""

    def __init__(self, path, rank, world_size, threads, host=None):
        self._rank = _int("rank", rank)
        self._world_size = _int("world_size", world_size, minimum=1)
        if rank >= world_size:
            _fail("rank", rank, f"less than world_size {world_size}")
        self._threads = _int("threads", threads, minimum=1)
        self._host = host if host is not None else socket.gethostname()
        if not isinstance(self._host, str) or not self._host:
            _fail("host", host, "a non-empty host name")
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        self.path = path
        self._file = open(path, "a", encoding="utf-8", newline="\n")

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()

    def close(self):
        if not self._file.closed:
            self._file.close()

    def _worker(self):
        return {
            "rank": self._rank,
            "worldSize": self._world_size,
            "host": self._host,
            "threads": self._threads,
            "timestampUtc": _time("timestampUtc", utc_now()),
        }

    def _write(self, record):
        self._file.write(json.dumps(record, separators=(",", ":"), allow_nan=False) + "\n")
        self._file.flush()

    def epoch(self, *, epoch, epochs, steps, seconds, loss, accuracy,
              compute_ms=None, all_reduce_ms=None, bytes_sent=None, bytes_received=None):
        """One epoch, when it ends. loss and accuracy: averaged over all ranks (the trainer all-reduces them).

        compute_ms and all_reduce_ms are per-step averages (ms): compute is forward, backward and
        update; all-reduce is only the communication the step waited for. bytes_* are the epoch's
        all-reduce payload. other_ms is derived: msPerStep - compute - all-reduce, at least 0.
        """
        for field, value in (("compute_ms", compute_ms), ("all_reduce_ms", all_reduce_ms), ("bytes_sent", bytes_sent), ("bytes_received", bytes_received)):
            if value is None:
                raise ValueError(
                    f"{field} is missing: the records the analysis reads today ({SCHEMA}) need the per-step "
                    "compute/all-reduce split and the all-reduce bytes of every epoch; measure them, or wait for "
                    "the contract to make them optional (never write 0 for a value that was not measured).")
        record = {"type": "epoch", "epoch": _int("epoch", epoch, minimum=1), "epochs": _int("epochs", epochs, minimum=1),
                  "steps": _int("steps", steps, minimum=1), "seconds": _number("seconds", seconds)}
        if epoch > epochs:
            _fail("epoch", epoch, f"at most epochs ({epochs})")
        ms_per_step = seconds * 1000.0 / steps
        compute = _number("compute_ms", compute_ms)
        all_reduce = _number("all_reduce_ms", all_reduce_ms)
        record.update({
            "msPerStep": round(ms_per_step, 3),
            "computeMs": compute,
            "allReduceMs": all_reduce,
            "otherMs": round(max(0.0, ms_per_step - compute_ms - all_reduce_ms), 3),
            "bytesSent": _int("bytes_sent", bytes_sent, maximum=_INT64_MAX),
            "bytesReceived": _int("bytes_received", bytes_received, maximum=_INT64_MAX),
            "loss": _number("loss", loss, digits=6),
            "accuracy": _number("accuracy", accuracy, maximum=1.0, digits=6),
        })
        record.update(self._worker())
        self._write(record)
        return record

    def final(self, *, epochs, total_seconds, weights_hash, time_to_first_step_seconds=None,
              test_loss=None, test_accuracy=None, process_start_utc=None, ring_formed_utc=None,
              first_step_utc=None, last_step_utc=None):
        """The last line, when training ended. Test metrics from the chief only (None on other ranks).

        weights_hash: see weights_hash(); the *_utc arguments are aware datetimes or None.
        """
        record = {
            "type": "final",
            "epochs": _int("epochs", epochs),
            "totalSeconds": _number("total_seconds", total_seconds),
            "timeToFirstStepSeconds": _optional(_number, "time_to_first_step_seconds", time_to_first_step_seconds),
            "testLoss": _optional(_number, "test_loss", test_loss, digits=6),
            "testAccuracy": _optional(_number, "test_accuracy", test_accuracy, maximum=1.0, digits=6),
            "weightsHash": _hash("weights_hash", weights_hash),
        }
        record.update(self._worker())
        for key, value in (("processStartUtc", process_start_utc), ("ringFormedUtc", ring_formed_utc),
                           ("firstStepUtc", first_step_utc), ("lastStepUtc", last_step_utc)):
            record[key] = _optional(_time, key, value)
        self._write(record)
        return record
