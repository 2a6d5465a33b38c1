using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Testbed.Trainer.Cli;
using Testbed.Trainer.Data;

namespace Testbed.Trainer.Bench;

/// <summary>
/// `bench step`: ms/step of the real training loop, first one worker alone (compute only, no
/// all-reduce), then N loopback workers, so the cost of communication is visible. Each runs as
/// separate `train` processes (same code path as production), one after the other; the numbers
/// are medians over the epochs after the first (warm-up).
/// </summary>
public static class StepBench
{
    private static readonly Option<int> WorldSize = EnvOption.Int("--world", "Workers in the distributed run.", 2);
    private static readonly Option<int> Steps = EnvOption.Int("--steps", "Steps per epoch.", 30);
    private static readonly Option<int> Epochs = EnvOption.Int("--epochs", "Epochs (the first is warm-up).", 4);
    private static readonly Option<int> Threads = EnvOption.Int("--threads", "Intra-op threads per worker (the goal is stated for 1).", 1);

    public static Command Create()
    {
        var command = new Command("step", "Measure ms/step: compute only (1 worker) versus N distributed workers.")
        {
            WorldSize, Steps, Epochs, Threads, TrainerOptions.Batch, TrainerOptions.Data,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult flags)
    {
        var world = TrainCommand.Positive(flags.GetValue(WorldSize), "--world");
        var epochs = TrainCommand.Positive(flags.GetValue(Epochs), "--epochs");
        if (epochs < 2)
        {
            throw new InputException($"--epochs {epochs}: expected at least 2 (the first epoch is warm-up).");
        }

        var directory = Directory.CreateTempSubdirectory("testbed-step-").FullName;
        try
        {
            var data = flags.GetValue(TrainerOptions.Data) ?? DatasetFiles.DefaultDirectory;
            if (!Directory.Exists(data))
            {
                data = Path.Combine(directory, "synthetic");
                SyntheticDataset.Write(data, 6000, 100, seed: 1);
                Console.Out.WriteLine($"(no dataset at the default place; using synthetic data)");
            }

            string[] common =
            [
                "train", "--epochs", $"{epochs}", "--steps", $"{TrainCommand.Positive(flags.GetValue(Steps), "--steps")}",
                "--batch", $"{flags.GetValue(TrainerOptions.Batch)}", "--threads", $"{flags.GetValue(Threads)}", "--data", data,
            ];
            var solo = RunWorkers(directory, "solo", 1, common);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"step compute-only (1 worker): {solo.MsPerStep:0.0} ms/step (compute {solo.ComputeMs:0.0}, other {solo.OtherMs:0.0})"));
            if (world > 1)
            {
                foreach (var overlap in new[] { false, true })
                {
                    var distributed = RunWorkers(directory, overlap ? "overlap" : "sequential", world, [.. common, "--overlap", overlap ? "true" : "false"]);
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"step distributed ({world} workers, {(overlap ? "all-reduce overlapped with backward" : "all-reduce after backward")}): " +
                            $"{distributed.MsPerStep:0.0} ms/step " +
                        $"(compute {distributed.ComputeMs:0.0}, all-reduce waited {distributed.AllReduceMs:0.0}, other {distributed.OtherMs:0.0}); " +
                        $"{distributed.BytesSentPerStep / 1e6:0.00} MB sent per step per worker; " +
                            $"{distributed.MsPerStep - solo.MsPerStep:+0.0;-0.0} ms/step over compute-only"));
                }
            }

            return ExitCodes.Ok;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed record Summary(double MsPerStep, double ComputeMs, double AllReduceMs, double OtherMs, double BytesSentPerStep);

    private static Summary RunWorkers(string directory, string name, int world, string[] common)
    {
        var token = SelfProcess.TokenFile(directory);
        var peers = string.Join(',', SelfProcess.FreePorts(world).Select(p => $"127.0.0.1:{p}"));
        Process[] workers = [.. Enumerable.Range(0, world).Select(rank => SelfProcess.Start(
        [
            .. common, "--records", Path.Combine(directory, $"{name}-{rank}.jsonl"),
            .. (world == 1 ? Array.Empty<string>() : ["--peers", peers, "--rank", $"{rank}", "--token-file", token, "--job-id", $"bench-{name}"]),
        ]))];
        var results = SelfProcess.WaitAll(workers, TimeSpan.FromMinutes(10));
        for (var rank = 0; rank < world; rank++)
        {
            if (results[rank].ExitCode != 0)
            {
                throw new InvalidOperationException($"{name} rank {rank} exited with {results[rank].ExitCode}: {results[rank].Error.Trim()}");
            }
        }

        JsonElement[] epochs = [.. File.ReadLines(Path.Combine(directory, $"{name}-0.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(r => r.GetProperty("type").GetString() == "epoch" && r.GetProperty("epoch").GetInt32() > 1)];
        double Of(string field) => Median.Of(epochs.Select(e => e.GetProperty(field).GetDouble()));
        return new Summary(Of("msPerStep"), Of("computeMs"), Of("allReduceMs"), Of("otherMs"), Of("bytesSent") / epochs[0].GetProperty("steps").GetInt32());
    }
}
