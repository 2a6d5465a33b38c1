using Testbed.BuildKit;
using Testbed.Orchestration.Progress;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Bench: the largest world size to measure (from 1 up).")]
    readonly int BenchWorlds = 3;

    Target Bench => _ => _
        .Description("Benchmarks the trainer on the runtime rootfs: all-reduce bus bandwidth " +
            "vs raw TCP, and ms/step compute-only vs distributed, world 1..--bench-worlds.")
        .DependsOn(ProvisionRootfs, PublishTrainer)
        .Requires(() => { if (BenchWorlds < 1) throw new UsageException($"--bench-worlds is {BenchWorlds}; expected at least 1."); })
        .Executes(async () => BenchTable.Write(Console, await Host.BenchAsync(TrainerPublishDirectory, BenchWorlds, CancellationToken)));
}
