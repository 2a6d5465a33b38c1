using Spectre.Console;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Monitoring;
using Testbed.Orchestration.Planning;
using Testbed.Orchestration.Running;

namespace Testbed.Orchestration.Tests.Running;

/// <summary>What every real (engine, chroot, trainer) run on this host sets up alike: the two modes, a manifest, a quiet console.</summary>
internal static class SmokeRig
{
    /// <summary>Native and container modes on this host, their workers sampled by <paramref name="monitor"/> (give the runner the same one).</summary>
    public static Dictionary<Mode, IExecutionMode> Modes(IntegrationEnvironment environment, DockerEngine engine, WorkerMonitor monitor) => new()
    {
        [Mode.Native] = new NativeMode(environment.Rootfs, environment.PublishDirectory, environment.SessionsDirectory, 10001, monitor),
        [Mode.Container] = new ContainerMode(new LocalSwarm(engine, 10001), environment.Image, 10001, monitor),
    };

    public static async Task<RunManifest> Manifest(string directory, PreparedRun run, DockerEngine engine, IntegrationEnvironment environment) =>
        ManifestFactory.Create(Path.GetFileName(directory), DateTimeOffset.UtcNow, new GitFacts("0000000test", false), run,
            HostReading.Read(await engine.VersionAsync(CancellationToken.None)), environment.Rootfs,
            new TrainerImage(environment.Image, environment.Image, "test", "test", "test"), "one node", TimeSpan.FromMilliseconds(500));

    public static IAnsiConsole Console(TextWriter output) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(output) });
}
