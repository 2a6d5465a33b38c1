using Testbed.BuildKit;
using Testbed.Orchestration.Runner;

namespace Testbed.Build;

partial class Build
{
    AbsolutePath TrainersDirectory => RootDirectory / "trainers";

    Target ForeignRuntimes => _ => _
        .Description("For experiments with a foreign trainer (a workload's trainer of kind command): builds its runtime " +
            "rootfs and the image made from it with trainers/ copied in, cached by content; nothing for our trainer alone.")
        .DependsOn(ProvisionHost, ValidateExperiments)
        .Executes(async () =>
        {
            var names = RunnerDoor.ForeignRuntimeNames(AsUsage(() => RunnerDoor.Prepare(RunArguments)));
            if (names.Count == 0)
            {
                Reporter.Skip("No foreign trainer in --experiments: no runtime to build");
                return;
            }
            await AsUsageAsync(() => Host.EnsureRuntimesAsync(names, TrainersDirectory, CancellationToken));
        });
}
