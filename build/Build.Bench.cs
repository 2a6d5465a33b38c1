using System.Globalization;
using Testbed.BuildKit;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Bench: the largest world size to measure (from 1 up).")]
    readonly int BenchWorlds = 3;

    Target Bench => _ => _
        .Description("Benchmarks the trainer on the runtime rootfs: all-reduce bus bandwidth vs raw TCP, and ms/step compute-only vs distributed, world 1..--bench-worlds.")
        .DependsOn(ProvisionRootfs, PublishTrainer)
        .Executes(async () =>
        {
            if (BenchWorlds < 1) throw new UsageException($"--bench-worlds is {BenchWorlds}; expected at least 1.");
            Reporter.Warn("Benchmarks share this machine's cores: run them on a quiet machine, and compare figures measured side by side in one run.");
            await using var session = await ChrootSession.OpenAsync(RootfsBuilder.Locate(Recipe), SessionsDirectory, "bench",
                [new BindMount(TrainerPublishDirectory, TrainerImage.InstallDirectory, ReadOnly: true)], CancellationToken);

            var table = new Table().Border(TableBorder.Rounded).AddColumn("Benchmark").AddColumn("World").AddColumn("Result");
            for (var world = 1; world <= BenchWorlds; world++)
            {
                var n = world.ToString(CultureInfo.InvariantCulture);
                foreach (var (name, arguments) in new[]
                {
                    // No --size: the trainer defaults to its model's gradients, whatever the model is.
                    ("allreduce", new[] { "bench", "allreduce", "--world", n }),
                    ("step", new[] { "bench", "step", "--world", n }),
                })
                {
                    var result = await Reporter.ProgressAsync($"bench {name} --world {n}", async update =>
                        await session.RunAsync(TrainerImage.Executable, arguments, "/tmp", TimeSpan.FromMinutes(20), CancellationToken, onLine: update, check: false));
                    var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Where(l => l.StartsWith(name == "step" ? "step" : "allreduce", StringComparison.Ordinal)).ToList();
                    if (result.ExitCode != 0 || lines.Count == 0)
                        throw new BuildFailedException($"bench {name} --world {n} exited with {result.ExitCode}:\n{result.Tail()}");
                    foreach (var line in lines) table.AddRow(name, n, Markup.Escape(line));
                }
            }
            Console.Write(table);
        });
}
