"""The thesis's CNN on Fashion-MNIST with PyTorch DDP over gloo: Testbed's first foreign trainer.

Launched the torchrun way: every worker finds MASTER_ADDR, MASTER_PORT, RANK and WORLD_SIZE
(LOCAL_RANK optional) in its environment, and OMP_NUM_THREADS says how many intra-op threads it
may use (torchrun's own default is 1). It trains what src/Trainer trains, the same way:

- model: Conv2d(1, 32, 3) -> ReLU -> Flatten -> Linear(21632, 128) -> ReLU -> Linear(128, 10),
  2,770,634 parameters, Glorot-uniform weights from a generator seeded with --seed, zero biases;
- plain SGD (lr 0.001, no momentum), cross-entropy, batch 64 per worker, 70 steps x 12 epochs;
- data: Debian's dataset-fashion-mnist, pixels / 255; every epoch the training set is permuted
  with the .NET trainer's SplitMix64 (seed, epoch, pass), and rank r of W takes slice r of each
  global batch: the very samples src/Trainer.Training/Data/EpochShards.cs gives the same rank;
- gradients averaged by DistributedDataParallel (gloo, CPU), every rank scores a slice of the
  test set at the end and the chief reports the all-reduced result.

It writes <out>/worker-<rank>.jsonl through trainers/python/testbed_progress.py (the progress
contract, schemas/worker-records.schema.json). Per step, "all-reduce" is the communication the
step waited for: from the moment DDP hands the last gradient bucket to gloo (all gradients
computed) to the end of backward (all buckets reduced and copied back); "compute" is the rest of
forward, backward and the update. Bytes are derived, not counted on the wire: the gradient
buckets DDP hands to gloo times 2(W-1)/W, what gloo's ring all-reduce (its default) sends and
receives per rank. Checked once against the kernel's count of this process's writes
(/proc/self/io wchar, world 2, 70 steps): 775,938,748 bytes written against 775,777,520 derived
(+0.02 %). The kernel does not count gloo's socket reads in rchar, so received bytes cannot be
checked the same way; the ring is symmetric.

Exit codes: 0 trained, 2 bad input (a flag, the environment or the data; said before any
training), 1 failed while training (e.g. a peer died or timed out).
"""

import argparse
import datetime
import gzip
import os
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import testbed_progress as progress  # noqa: E402

PROCESS_START = progress.process_start_utc()
IMAGE_SIDE = 28
CLASSES = 10
EVALUATION_BATCH = 128
DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"
MASK = (1 << 64) - 1


class BadInput(Exception):
    """A flag, environment variable or data file that cannot work: exit 2 before any training."""


# ---------------------------------------------------------------- launch contract

def torchrun_environment():
    """Rank, world size, rendezvous address and port, threads: what torchrun (and the pipeline) provide."""
    def integer(name, minimum, maximum=None, default=None):
        text = os.environ.get(name)
        if text is None or text == "":
            if default is not None:
                return default
            raise BadInput(f"{name} is not set; launch the torchrun way: MASTER_ADDR, MASTER_PORT, RANK and WORLD_SIZE in the environment.")
        try:
            value = int(text)
        except ValueError:
            raise BadInput(f"{name}={text!r}: expected a whole number.") from None
        if value < minimum or (maximum is not None and value > maximum):
            bound = f"from {minimum} to {maximum}" if maximum is not None else f"at least {minimum}"
            raise BadInput(f"{name}={value}: expected a whole number {bound}.")
        return value

    world = integer("WORLD_SIZE", 1)
    rank = integer("RANK", 0, world - 1)
    address = os.environ.get("MASTER_ADDR", "")
    if not address:
        raise BadInput("MASTER_ADDR is not set; expected the address of rank 0 (e.g. 127.0.0.1 on one host).")
    port = integer("MASTER_PORT", 1, 65535)
    local_rank = integer("LOCAL_RANK", 0, default=rank)
    threads = integer("OMP_NUM_THREADS", 1, default=1)
    return rank, world, address, port, local_rank, threads


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="thesis_cnn.py", description="The thesis's CNN, data-parallel with PyTorch DDP over gloo.")
    parser.add_argument("--epochs", type=int, default=12, help="epochs to train (thesis: 12)")
    parser.add_argument("--steps", type=int, default=70, help="steps per epoch (thesis: 70)")
    parser.add_argument("--batch", type=int, default=64, help="batch per worker; the global batch is batch x world size (thesis: 64)")
    parser.add_argument("--learning-rate", type=float, default=0.001, help="SGD learning rate (thesis: 0.001)")
    parser.add_argument("--seed", type=int, default=42, help="seed of the initial weights and of every epoch's data order")
    parser.add_argument("--data", default=DEFAULT_DATA, help="folder with the Fashion-MNIST IDX files (gzip or raw)")
    parser.add_argument("--out", required=True, help="folder for worker-<rank>.jsonl")
    parser.add_argument("--timeout", type=float, default=60, help="seconds the rendezvous and each collective may take")
    parser.add_argument("--no-evaluate", action="store_true", help="skip the test set at the end (test metrics null)")
    arguments = parser.parse_args(argv)
    for name in ("epochs", "steps", "batch"):
        if getattr(arguments, name) < 1:
            parser.error(f"--{name} {getattr(arguments, name)}: expected at least 1")
    if not 0 < arguments.learning_rate < 10:
        parser.error(f"--learning-rate {arguments.learning_rate}: expected a number above 0 and below 10")
    if not 0 < arguments.timeout <= 86400:
        parser.error(f"--timeout {arguments.timeout}: expected seconds above 0, at most 86400")
    if not 0 <= arguments.seed <= MASK:
        parser.error(f"--seed {arguments.seed}: expected a whole number from 0 to 2^64-1")
    return arguments


# ---------------------------------------------------------------- data

def read_idx(folder, split, kind, dimensions):
    """One IDX file of MNIST/Fashion-MNIST, gzip or raw, checked: (count, rows, columns) and its bytes."""
    import numpy
    stem = f"{split}-{kind}-idx{dimensions}-ubyte"
    candidates = [stem + ".gz", stem, f"{split}-{kind}.idx{dimensions}-ubyte"]
    path = next((os.path.join(folder, c) for c in candidates if os.path.isfile(os.path.join(folder, c))), None)
    if path is None:
        raise BadInput(f"--data {folder}: found none of {', '.join(candidates)}; expected the four IDX files of Fashion-MNIST (Debian: dataset-fashion-mnist).")
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as file:
            data = file.read()
    except (OSError, EOFError) as error:
        raise BadInput(f"{path}: cannot be read ({error}); expected an IDX file, gzip-compressed or raw.") from None
    if len(data) < 4 + 4 * dimensions or data[0:2] != b"\0\0" or data[2] != 0x08 or data[3] != dimensions:
        raise BadInput(f"{path}: not an IDX file of unsigned bytes with {dimensions} dimension(s).")
    shape = struct.unpack(">" + "I" * dimensions, data[4:4 + 4 * dimensions])
    if dimensions == 3 and shape[1:] != (IMAGE_SIDE, IMAGE_SIDE):
        raise BadInput(f"{path}: images of {shape[1]}x{shape[2]}; expected {IMAGE_SIDE}x{IMAGE_SIDE}.")
    body = numpy.frombuffer(data, dtype=numpy.uint8, offset=4 + 4 * dimensions)
    expected = 1
    for size in shape:
        expected *= size
    if body.size != expected:
        raise BadInput(f"{path}: holds {body.size} bytes of data; its header promises {expected}.")
    return body.reshape(shape)


def load_split(folder, split):
    if not os.path.isdir(folder):
        raise BadInput(f"--data {folder}: no such directory; expected a folder holding the Fashion-MNIST IDX files.")
    images = read_idx(folder, split, "images", 3)
    labels = read_idx(folder, split, "labels", 1)
    if len(images) != len(labels):
        raise BadInput(f"--data {folder}: {split} has {len(images)} images but {len(labels)} labels; expected the same count.")
    if labels.size and int(labels.max()) >= CLASSES:
        raise BadInput(f"--data {folder}: {split} label {int(labels.max())}; expected 0..{CLASSES - 1}.")
    return images, labels


def _mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def permutation(count, *keys):
    """src/Trainer.Training/Data/DeterministicRandom.cs, bit for bit: SplitMix64 from the keys, Fisher-Yates."""
    state = 0x9E3779B97F4A7C15
    for key in keys:
        state = _mix(state ^ (key & MASK))
    result = list(range(count))
    for i in range(count - 1, 0, -1):
        bound = i + 1
        limit = MASK - MASK % bound
        while True:
            state = (state + 0x9E3779B97F4A7C15) & MASK
            value = _mix(state)
            if value < limit:
                break
        j = value % bound
        result[i], result[j] = result[j], result[i]
    return result


class EpochShards:
    """src/Trainer.Training/Data/EpochShards.cs: rank r's slice of step s's global batch, from (seed, epoch, pass)."""

    def __init__(self, size, seed):
        self.size, self.seed, self._cache = size, seed, {}

    def batch(self, epoch, step, rank, world, batch):
        first = (step * world + rank) * batch
        indices = []
        for position in range(first, first + batch):
            key = (epoch, position // self.size)
            if key not in self._cache:
                self._cache = {k: v for k, v in self._cache.items() if k[0] == epoch}
                self._cache[key] = permutation(self.size, self.seed, epoch, key[1])
            indices.append(self._cache[key][position % self.size])
        return indices


# ---------------------------------------------------------------- model and measured step

def thesis_cnn(torch, seed):
    """The .NET trainer's ThesisCnn: same layers, parameter order and Keras-style initialisation."""
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Flatten(),
        nn.Linear(32 * 26 * 26, 128), nn.ReLU(), nn.Linear(128, CLASSES))
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for layer, fan_in, fan_out in ((model[0], 1 * 9, 32 * 9), (model[3], 32 * 26 * 26, 128), (model[5], 128, CLASSES)):
            bound = (6.0 / (fan_in + fan_out)) ** 0.5
            layer.weight.uniform_(-bound, bound, generator=generator)
            layer.bias.zero_()
    return model


class CommunicationClock:
    """A DDP comm hook around the default all-reduce that notes when the last bucket was handed to gloo."""

    def __init__(self):
        import warnings
        # Python 3.13 warns about functools.partial in this package's enum (torch 2.6): noise in every worker's log.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            from torch.distributed.algorithms.ddp_comm_hooks import default_hooks
        self._allreduce = default_hooks.allreduce_hook
        self.last_bucket_ready = None
        self.bucket_bytes = 0

    def hook(self, process_group, bucket):
        self.last_bucket_ready = time.perf_counter()
        buffer = bucket.buffer()
        self.bucket_bytes += buffer.numel() * buffer.element_size()
        return self._allreduce(process_group, bucket)


def to_batch(torch, images, labels, indices):
    import numpy
    chosen = numpy.asarray(indices, dtype=numpy.int64)
    pixels = torch.from_numpy(images[chosen].astype(numpy.float32)).div_(255.0).unsqueeze_(1)
    return pixels, torch.from_numpy(labels[chosen].astype(numpy.int64))


def evaluate(torch, model, images, labels, rank, world):
    """src/Trainer.Training/Training/Evaluation.cs: each rank scores its contiguous slice; sums all-reduced."""
    import torch.distributed as dist
    first, end = len(labels) * rank // world, len(labels) * (rank + 1) // world
    loss_sum, correct = 0.0, 0
    model.eval()
    with torch.no_grad():
        for start in range(first, end, EVALUATION_BATCH):
            x, y = to_batch(torch, images, labels, range(start, min(start + EVALUATION_BATCH, end)))
            logits = model(x)
            loss_sum += torch.nn.functional.cross_entropy(logits, y, reduction="sum").item()
            correct += int((logits.argmax(1) == y).sum().item())
    model.train()
    sums = torch.tensor([loss_sum, float(correct)], dtype=torch.float64)
    dist.all_reduce(sums)
    return sums[0].item() / len(labels), round(sums[1].item()) / len(labels)


# ---------------------------------------------------------------- training

def train(arguments, rank, world, threads):
    train_images, train_labels = load_split(arguments.data, "train")
    if arguments.batch * world > len(train_labels):
        raise BadInput(f"--batch {arguments.batch} x {world} worker(s) = {arguments.batch * world} samples per step; expected at most the {len(train_labels)} of the training set in {arguments.data}.")
    test = None if arguments.no_evaluate else load_split(arguments.data, "t10k")
    try:
        writer = progress.ProgressWriter(progress.records_path(arguments.out, rank), rank=rank, world_size=world, threads=threads)
    except OSError as error:
        raise BadInput(f"--out {arguments.out}: cannot write {progress.records_path(arguments.out, rank)} ({error.strerror}); expected a writable folder.") from None

    import torch
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel
    torch.set_num_threads(threads)
    torch.manual_seed(arguments.seed)
    # Debian's torch is built without libuv, which the rendezvous store asks for by default since 2.4.
    os.environ.setdefault("USE_LIBUV", "0")
    dist.init_process_group("gloo", init_method="env://", rank=rank, world_size=world,
                            timeout=datetime.timedelta(seconds=arguments.timeout))
    try:
        ring_formed = progress.utc_now()
        model = thesis_cnn(torch, arguments.seed)
        ddp = DistributedDataParallel(model)
        clock = CommunicationClock()
        ddp.register_comm_hook(None, clock.hook)
        optimizer = torch.optim.SGD(model.parameters(), lr=arguments.learning_rate)
        shards = EpochShards(len(train_labels), arguments.seed)
        first_step = None
        total_start = time.perf_counter()
        for epoch in range(1, arguments.epochs + 1):
            clock.bucket_bytes = 0
            compute = all_reduce = loss_sum = 0.0
            correct = 0
            epoch_start = time.perf_counter()
            for step in range(arguments.steps):
                x, y = to_batch(torch, train_images, train_labels, shards.batch(epoch, step, rank, world, arguments.batch))
                step_start = time.perf_counter()
                optimizer.zero_grad(set_to_none=False)
                logits = ddp(x)
                loss = torch.nn.functional.cross_entropy(logits, y)
                clock.last_bucket_ready = None
                loss.backward()
                backward_end = time.perf_counter()
                optimizer.step()
                loss_sum += loss.item()
                correct += int((logits.argmax(1) == y).sum().item())
                step_end = time.perf_counter()
                if clock.last_bucket_ready is None:
                    raise RuntimeError("DDP reduced no gradient bucket in this step; the communication time cannot be told apart.")
                compute += (clock.last_bucket_ready - step_start) + (step_end - backward_end)
                all_reduce += backward_end - clock.last_bucket_ready
                if first_step is None:
                    first_step = progress.utc_now()
            seconds = time.perf_counter() - epoch_start
            metrics = torch.tensor([loss_sum / arguments.steps, correct / (arguments.steps * arguments.batch)], dtype=torch.float32)
            dist.all_reduce(metrics)
            metrics /= world
            # gloo's ring (its default all-reduce): each rank sends and receives 2(W-1)/W of every bucket.
            ring_bytes = clock.bucket_bytes * 2 * (world - 1) // world
            record = writer.epoch(epoch=epoch, epochs=arguments.epochs, steps=arguments.steps, seconds=seconds,
                                  loss=metrics[0].item(), accuracy=min(1.0, metrics[1].item()),
                                  compute_ms=compute * 1000 / arguments.steps, all_reduce_ms=all_reduce * 1000 / arguments.steps,
                                  bytes_sent=ring_bytes, bytes_received=ring_bytes)
            print(f"epoch {epoch}/{arguments.epochs}: loss {record['loss']:.4f} accuracy {record['accuracy']:.4f}, "
                  f"{record['msPerStep']:.1f} ms/step (compute {record['computeMs']:.1f}, all-reduce {record['allReduceMs']:.1f})", flush=True)
        total_seconds = time.perf_counter() - total_start
        last_step = progress.utc_now()
        hash_ = progress.weights_hash(p.detach().contiguous().numpy().tobytes() for p in model.parameters())
        test_metrics = None if test is None else evaluate(torch, model, test[0], test[1], rank, world)
        chief = rank == 0
        time_to_first = None if first_step is None or PROCESS_START is None else (first_step - PROCESS_START).total_seconds()
        writer.final(epochs=arguments.epochs, total_seconds=total_seconds, weights_hash=hash_,
                     time_to_first_step_seconds=time_to_first,
                     test_loss=test_metrics[0] if chief and test_metrics else None,
                     test_accuracy=test_metrics[1] if chief and test_metrics else None,
                     process_start_utc=PROCESS_START, ring_formed_utc=ring_formed, first_step_utc=first_step, last_step_utc=last_step)
        print(f"done: {total_seconds:.1f}s, weights {hash_}" + (f", test loss {test_metrics[0]:.4f} - test accuracy {test_metrics[1]:.4f}" if chief and test_metrics else ""), flush=True)
    finally:
        writer.close()
        dist.destroy_process_group()


def main(argv):
    arguments = parse_arguments(argv)
    try:
        rank, world, address, port, _, threads = torchrun_environment()
        print(f"rank {rank} of {world}, rendezvous at {address}:{port}, {threads} thread(s)", flush=True)
        train(arguments, rank, world, threads)
    except BadInput as error:
        print(f"thesis_cnn.py: {error}", file=sys.stderr)
        return 2
    except (RuntimeError, ValueError, OSError) as error:
        # gloo reports a dead or silent peer as a RuntimeError; say it in one line, not a stack trace.
        print(f"thesis_cnn.py: training failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
