using Testbed.Orchestration.Images;
using Testbed.Orchestration.Processes;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Testing;

/// <summary>What the test stage needs: the checkout, the provisioned rootfs, and what the Images stage left.</summary>
/// <param name="Filter">The `dotnet test --filter` expression, the tier's included ("" for none).</param>
/// <param name="Filtered">Whether the person narrowed the run with --test-filter: a project may then match no test; the tier alone never excuses a project that
/// ran nothing.</param>
/// <param name="PyTorchRootfs">The foreign trainers' runtime (RootfsRecipe.PyTorch), for the PyTorch example's integration test.</param>
public sealed record TestSuiteInputs(string RepositoryRoot, string Configuration, string Filter, string ResultsDirectory,
    RootfsImage Rootfs, string SessionsDirectory, string PublishDirectory, TrainerImage? Image, bool Filtered, RootfsImage PyTorchRootfs);

/// <summary>
/// Runs the test projects: host projects with `dotnet test`, TorchSharp ones on the runtime rootfs
/// through chroot (TorchSharp cannot load on an older host glibc). Every project writes a TRX file;
/// its counters and `dotnet test`'s exit code together decide whether the project is trusted.
/// </summary>
public static class TestSuite
{
    /// <summary>Test projects that load TorchSharp: they run on the runtime rootfs, never on the host.</summary>
    public static IReadOnlyList<string> RootfsProjects { get; } = ["Trainer.Tests"];

    public static IReadOnlyList<string> Available(string repositoryRoot) =>
        Directory.GetDirectories(Path.Combine(repositoryRoot, "tests")).Select(Path.GetFileName).OfType<string>()
            .Where(p => File.Exists(Path.Combine(repositoryRoot, "tests", p, $"{p}.csproj"))).Order(StringComparer.Ordinal).ToList();

    /// <summary>The projects to run: every one when none are asked for.</summary>
    /// <exception cref="ArgumentException">A requested project is not under tests/ (the message names it and lists the others).</exception>
    public static IReadOnlyList<string> Select(string repositoryRoot, IReadOnlyList<string> requested)
    {
        var available = Available(repositoryRoot);
        var unknown = requested.Where(p => !available.Contains(p)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"--test-projects names {string.Join(", ", unknown.Select(p => $"'{p}'"))}, which " +
                $"{(unknown.Count == 1 ? "is" : "are")} not under tests/; expected some of: {string.Join(", ", available)}.");
        }
        return requested.Count == 0 ? available : [.. requested.Distinct().Order(StringComparer.Ordinal)];
    }

    public static async Task<IReadOnlyList<TestRun>> RunAsync(TestSuiteInputs inputs, IReadOnlyList<string> projects, Action<string> onProject,
        Action<string> onLine, CancellationToken cancellation)
    {
        if (Directory.Exists(inputs.ResultsDirectory)) Directory.Delete(inputs.ResultsDirectory, recursive: true);
        Directory.CreateDirectory(inputs.ResultsDirectory);
        var runs = new List<TestRun>();
        foreach (var project in projects.Except(RootfsProjects))
        {
            onProject($"{project} on the host");
            runs.Add(await OnHostAsync(inputs, project, onLine, cancellation));
        }
        foreach (var project in projects.Intersect(RootfsProjects))
        {
            onProject($"{project} on the runtime rootfs (chroot)");
            runs.Add(await OnRootfsAsync(inputs, project, onLine, cancellation));
        }
        return runs;
    }

    private static string Trx(TestSuiteInputs inputs, string project) => Path.Combine(inputs.ResultsDirectory, $"{project}.trx");

    private static string[] Arguments(TestSuiteInputs inputs, string project) =>
    [
        "test", Path.Combine(inputs.RepositoryRoot, "tests", project, $"{project}.csproj"), "--no-build", "-c", inputs.Configuration, "-nologo",
        "--logger", $"trx;LogFileName={Trx(inputs, project)}", "--results-directory", inputs.ResultsDirectory,
        .. inputs.Filter.Length == 0 ? Array.Empty<string>() : ["--filter", inputs.Filter],
    ];

    private static async Task<TestRun> OnHostAsync(TestSuiteInputs inputs, string project, Action<string> onLine, CancellationToken cancellation)
    {
        // The orchestration's integration tests (chroot sessions, the smoke run) find what was provisioned here.
        var environment = new Dictionary<string, string?>
        {
            ["TESTBED_TEST_ROOTFS"] = inputs.Rootfs.Directory,
            ["TESTBED_TEST_PYTORCH_ROOTFS"] = inputs.PyTorchRootfs.Directory,
            ["TESTBED_TEST_PUBLISH"] = inputs.PublishDirectory,
            ["TESTBED_TEST_IMAGE"] = inputs.Image?.Tag,
            ["TESTBED_TEST_SESSIONS"] = inputs.SessionsDirectory,
            ["TESTBED_TEST_REPOSITORY"] = inputs.RepositoryRoot,
        };
        var result = await ProcessRunner.RunAsync("dotnet", Arguments(inputs, project), TimeSpan.FromMinutes(20), cancellation, inputs.RepositoryRoot,
            environment, onLine, check: false);
        return TestRun.From(project, Trx(inputs, project), result.ExitCode, inputs.Filtered);
    }

    private static async Task<TestRun> OnRootfsAsync(TestSuiteInputs inputs, string project, Action<string> onLine, CancellationToken cancellation)
    {
        var dotnetRoot = DotnetInstallation.Root();
        await using var session = await ChrootSession.OpenAsync(inputs.Rootfs, inputs.SessionsDirectory, "test", [
            BindMount.Same(dotnetRoot, readOnly: true),
            BindMount.Same(DotnetInstallation.PackagesFolder(), readOnly: true),
            BindMount.Same(inputs.RepositoryRoot),
        ], cancellation);
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{dotnetRoot}:{ChrootSession.BaseEnvironment["PATH"]}",
            ["DOTNET_ROOT"] = dotnetRoot,
            ["NUGET_PACKAGES"] = DotnetInstallation.PackagesFolder(),
            ["DOTNET_SKIP_WORKLOAD_INTEGRITY_CHECK"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        };
        // --no-restore as well: a restore inside the rootfs has no certificates and would fail.
        var result = await session.RunAsync("dotnet", [.. Arguments(inputs, project), "--no-restore"], inputs.RepositoryRoot, TimeSpan.FromMinutes(30),
            cancellation, environment, onLine, check: false);
        return TestRun.From(project, Trx(inputs, project), result.ExitCode, inputs.Filtered);
    }
}
