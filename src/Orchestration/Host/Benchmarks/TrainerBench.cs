using System.Globalization;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Benchmarks;

/// <summary>
/// The trainer's own benchmarks (all-reduce bus bandwidth against raw TCP, ms/step compute-only
/// against distributed) for world sizes 1..N, run on the runtime rootfs and gathered in one table.
/// </summary>
public static class TrainerBench
{
    /// <returns>One row per line the trainer printed: benchmark, world size, its result line (the console layer draws the table).</returns>
    public static async Task<IReadOnlyList<BenchRow>> RunAsync(RootfsImage rootfs, string publishDirectory, string sessionsDirectory, int worlds,
        IReporter reporter, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(worlds, 1);
        reporter.Warn("Benchmarks share this machine's cores: run them on a quiet machine, and compare figures measured side by side in one run.");
        await using var session = await ChrootSession.OpenAsync(rootfs, sessionsDirectory, "bench",
            [new BindMount(publishDirectory, TrainerImage.InstallDirectory, ReadOnly: true)], cancellation);

        var rows = new List<BenchRow>();
        for (var world = 1; world <= worlds; world++)
        {
            var n = world.ToString(CultureInfo.InvariantCulture);
            // No --size for allreduce: the trainer defaults to its model's gradients, whatever the model is.
            foreach (var (name, arguments) in new[] { ("allreduce", new[] { "bench", "allreduce", "--world", n }),
                ("step", new[] { "bench", "step", "--world", n }) })
            {
                var result = await reporter.ProgressAsync($"bench {name} --world {n}", async update =>
                    await session.RunAsync(TrainerImage.Executable, arguments, "/tmp", TimeSpan.FromMinutes(20), cancellation, onLine: update, check: false));
                var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(l => l.StartsWith(name, StringComparison.Ordinal)).ToList();
                if (result.ExitCode != 0 || lines.Count == 0)
                    throw new InvalidOperationException($"bench {name} --world {n} exited with {result.ExitCode}:\n{result.Tail()}");
                rows.AddRange(lines.Select(line => new BenchRow(name, world, line)));
            }
        }
        return rows;
    }
}

/// <summary>One result line of a trainer benchmark at one world size.</summary>
public sealed record BenchRow(string Benchmark, int World, string Result);
