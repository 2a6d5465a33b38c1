using Spectre.Console;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Progress;
using Testbed.Orchestration.Running;

namespace Testbed.Orchestration.Tests.Running;

/// <summary>What runner tests share: the repository's smoke experiment planned, a manifest, a silent display.</summary>
internal static class RunnerFixtures
{
    internal static PreparedRun Smoke(IReadOnlyList<Mode> modes, int repetitions, int warmups, int warmupEpochs = 1) =>
        PreparedRun.From(new RunRequest(RepositoryExperiments(), ["smoke"], repetitions, warmups, warmupEpochs, modes, CpuPolicy.Scale, "unused"), 2);

    internal static string RepositoryExperiments([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "experiments"));

    internal static RunManifest Manifest(string directory, PreparedRun run) => new()
    {
        RunId = Path.GetFileName(directory),
        StartedUtc = DateTimeOffset.UtcNow,
        Git = new GitFacts("0000000", false),
        Parameters = run.Request.Parameters,
        Experiments = run.Experiments.Select(e =>
            new ExperimentEntry(e.Name, e.File, e.Sha256, System.Text.Json.JsonSerializer.SerializeToElement(e, RunJson.Options))).ToList(),
        Host = new HostDescription("test cpu", 2, 1L << 30, "6.1", "Debian", "20.10", "test"),
        Rootfs = new RootfsEntry("r", "p"),
        Image = new ImageEntry("sha256:i", "testbed/trainer:t"),
        TrainerVersion = "test",
        Seeds = [7],
        Sampler = new SamplerEntry(10, 0),
        NativeAllotment = "test",
        Placement = "test",
    };

    internal static IRunDisplay Quiet() =>
        new PlainRunDisplay(AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(new StringWriter()) }));
}
