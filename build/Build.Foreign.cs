using Testbed.BuildKit;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Build;

partial class Build
{
    AbsolutePath TrainersDirectory => RootDirectory / "trainers";

    /// <summary>The runtimes the --experiments' foreign trainers need (none for our trainer alone).</summary>
    IReadOnlyList<string> ForeignRuntimeNames => Runtimes.NeededBy(Prepare().Experiments);

    Target ForeignRuntimes => _ => _
        .Description("For experiments with a foreign trainer (a workload's trainer of kind command): builds its runtime rootfs and the image made from it with trainers/ copied in, cached by content; nothing for our trainer alone.")
        .DependsOn(ProvisionHost, ValidateExperiments)
        .Executes(async () =>
        {
            var names = ForeignRuntimeNames;
            if (names.Count == 0)
            {
                Reporter.Skip("No foreign trainer in --experiments: no runtime to build");
                return;
            }
            using var engine = new DockerEngine();
            foreach (var name in names)
            {
                var recipe = RootfsRecipe.OfRuntime(name);
                await EnsureRootfsAsync(recipe);
                await new ImageBuilder(Reporter, engine, ArtifactsDirectory.CreateDirectory()).EnsureRuntimeAsync(name, RootfsBuilder.Locate(recipe), recipe, TrainersDirectory, CancellationToken);
            }
        });

    /// <summary>What ForeignRuntimes left, for the run's experiments (--experiments unless a prepared run is given: Reproduce's copies).</summary>
    Testbed.Orchestration.Images.ForeignRuntimes ForeignRuntimeInputs(Testbed.Orchestration.Running.PreparedRun? run = null) =>
        Testbed.Orchestration.Images.ForeignRuntimes.Load(run is null ? ForeignRuntimeNames : Runtimes.NeededBy(run.Experiments), RootfsBuilder.Locate, ArtifactsDirectory, TrainersDirectory);
}
