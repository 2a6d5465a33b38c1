using Testbed.BuildKit;

namespace Testbed.Build;

partial class Build
{
    [Parameter("How many measured repetitions of each scenario and mode (warm-ups come on top).")]
    readonly int Repetitions = 5;

    Target RunScenario => _ => _
        .Description("Runs the experiments' scenarios in containers and natively (the scenario runner: issue 4).")
        .DependsOn(Images)
        .Executes(() =>
        {
            if (Repetitions < 1)
                throw new BuildFailedException($"--repetitions is {Repetitions}; it must be at least 1.");
            throw new BuildFailedException(
                "Provisioning and images are ready, but the scenario runner is not implemented yet, so no scenario ran and no results were written. " +
                "It arrives with the orchestration work (src/Orchestration runner).");
        });

    Target RunAllScenarios => _ => _
        .Description("The whole experiment: provision, build images, run every scenario N times in both modes, report.")
        .DependsOn(RunScenario);
}
