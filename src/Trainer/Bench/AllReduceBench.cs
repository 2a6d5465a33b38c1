using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Testbed.Trainer.Cli;
using Testbed.Trainer.Distributed;

namespace Testbed.Trainer.Bench;

/// <summary>
/// `bench allreduce --world N --size BYTES`: N loopback worker processes all-reduce a buffer
/// repeatedly; prints the median time, algorithm bandwidth (size / time), bus bandwidth
/// (alg x 2(N-1)/N: what each link carried per second) and the raw TCP throughput of the same
/// sockets streaming one way round the ring, the ceiling bus bandwidth is measured against; then
/// the same all-reduce without message authentication, interleaved with it, and what it costs.
/// </summary>
public static class AllReduceBench
{
    /// <summary>Default size: the thesis CNN's gradients, one float per parameter.</summary>
    public const long ModelGradientBytes = Model.ThesisCnn.ParameterCount * sizeof(float);

    private static readonly Option<int> WorldSize = EnvOption.Int("--world", "Workers in the ring (loopback processes).", 2);
    private static readonly Option<long> Size = EnvOption.Long("--size", "Bytes to all-reduce (default: the thesis CNN's gradients).", ModelGradientBytes);
    private static readonly Option<int> Iterations = EnvOption.Int("--iterations", "Measured all-reduces (after 3 warm-up ones).", 20);

    public static Command Create()
    {
        var command = new Command("allreduce", "Measure ring all-reduce bandwidth against raw TCP on the same loopback sockets.")
        {
            WorldSize, Size, Iterations, TrainerOptions.Peers, TrainerOptions.Rank, TrainerOptions.TokenFile, TrainerOptions.JobId, TrainerOptions.Timeout,
        };
        command.SetAction(flags => flags.GetValue(TrainerOptions.Peers) is null ? Launch(flags) : RunWorker(flags));
        return command;
    }

    private static int Launch(ParseResult flags)
    {
        var world = TrainCommand.Positive(flags.GetValue(WorldSize), "--world");
        var size = flags.GetValue(Size);
        if (size < 4)
        {
            throw new InputException($"--size {size}: expected at least 4 bytes (one float).");
        }

        if (world == 1)
        {
            Console.Out.WriteLine($"allreduce world=1 size={size} B: a single worker exchanges nothing (the mean of one buffer is itself).");
            return ExitCodes.Ok;
        }

        var directory = Directory.CreateTempSubdirectory("testbed-bench-").FullName;
        try
        {
            var token = SelfProcess.TokenFile(directory);
            var peers = string.Join(',', SelfProcess.FreePorts(world).Select(p => $"127.0.0.1:{p}"));
            Process[] workers = [.. Enumerable.Range(0, world).Select(rank => SelfProcess.Start(
            [
                "bench", "allreduce", "--world", $"{world}", "--size", $"{size}", "--iterations", $"{flags.GetValue(Iterations)}",
                "--peers", peers, "--rank", $"{rank}", "--token-file", token, "--job-id", "bench-allreduce", "--timeout", "60",
            ]))];
            var results = SelfProcess.WaitAll(workers, TimeSpan.FromMinutes(5));
            Console.Out.Write(results[0].Output);
            for (var rank = 0; rank < world; rank++)
            {
                if (results[rank].ExitCode != 0)
                {
                    Console.Error.WriteLine($"rank {rank} exited with {results[rank].ExitCode}: {results[rank].Error.Trim()}");
                    return ExitCodes.RuntimeFailure;
                }
            }

            return ExitCodes.Ok;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int RunWorker(ParseResult flags)
    {
        var floats = (int)(flags.GetValue(Size) / sizeof(float));
        var iterations = TrainCommand.Positive(flags.GetValue(Iterations), "--iterations");
        using var group = RingFromFlags.Join(flags, _ => { });
        var ring = (RingProcessGroup)group;
        var buffer = new float[floats];
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (i % 1000) / 1000f;
        }

        for (var i = 0; i < 3; i++)
        {
            group.AllReduce(buffer);
        }

        // The all-reduce with and without authentication and raw streaming alternate (the first
        // two in turns of order), so all see the same interference from whatever else the machine
        // runs; medians keep single hiccups out, and each iteration's pair gives one ratio.
        ring.StreamRaw(floats);
        var times = new List<double>();
        var unauthenticated = new List<double>();
        var cpu = new List<double>();
        var unauthenticatedCpu = new List<double>();
        var raw = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            foreach (var authenticate in i % 2 == 0 ? [true, false] : new[] { false, true })
            {
                ring.Authenticated = authenticate;
                group.Barrier();
                var start = Stopwatch.GetTimestamp();
                var cpuStart = ProcessCpuClock.NowNanoseconds();
                group.AllReduce(buffer);
                (authenticate ? cpu : unauthenticatedCpu).Add((ProcessCpuClock.NowNanoseconds() - cpuStart) / 1e6);
                (authenticate ? times : unauthenticated).Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }

            ring.Authenticated = true;
            group.Barrier();
            raw.Add(ring.StreamRaw(floats));
        }

        if (group.Rank == 0)
        {
            var n = group.WorldSize;
            var bytes = (double)floats * sizeof(float);
            var seconds = Median.Of(times);
            var algorithm = bytes / seconds;
            var bus = algorithm * 2 * (n - 1) / n;
            var rawSpeed = bytes / Median.Of(raw);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"allreduce world={n} size={bytes:0} B iterations={iterations}: median {seconds * 1000:0.00} ms (min {times.Min() * 1000:0.00}), " +
                $"algbw {algorithm / 1e9:0.000} GB/s, busbw {bus / 1e9:0.000} GB/s ({bus * 8 / 1e9:0.0} Gbit/s); " +
                $"raw TCP on the same sockets {rawSpeed / 1e9:0.000} GB/s ({rawSpeed * 8 / 1e9:0.0} Gbit/s); busbw/raw {bus / rawSpeed * 100:0}%"));
            var ratios = times.Zip(unauthenticated, (with, without) => with / without).ToList();
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"allreduce world={n} authentication: median {seconds * 1000:0.00} ms with, {Median.Of(unauthenticated) * 1000:0.00} ms without " +
                $"(interleaved, {iterations} pairs); cost {(Median.Of(ratios) - 1) * 100:+0.0;-0.0} % (median of the pairs' ratios); " +
                $"CPU of rank 0's process {Median.Of(cpu):0.00} ms with, {Median.Of(unauthenticatedCpu):0.00} ms without"));
        }

        return ExitCodes.Ok;
    }
}
