using Testbed.BuildKit;
using Testbed.Orchestration.Rootfs;
using Testbed.Orchestration.Testing;

namespace Testbed.Build;

partial class Build
{
    /// <summary>Test projects that load TorchSharp: they run on the runtime rootfs, never on the host.</summary>
    static readonly string[] RootfsTestProjects = ["Trainer.Tests"];

    [Parameter("Test: only these test projects (folders under tests/, e.g. Trainer.Tests); every one when empty.")]
    readonly string[] TestProjects = [];

    [Parameter("Test: a 'dotnet test --filter' expression applied to every project run (e.g. FullyQualifiedName~Ring); none when empty.")]
    readonly string TestFilter = "";

    AbsolutePath TestResultsDirectory => ArtifactsDirectory / "test-results";

    IReadOnlyList<string> _testProjects = [];

    Target SelectTests => _ => _
        .Description("Checks --test-projects and lists the test projects (and --test-filter) Test will run; builds nothing.")
        .Executes(() =>
        {
            var available = Directory.GetDirectories(RootDirectory / "tests").Select(Path.GetFileName).OfType<string>().Order().ToList();
            var unknown = TestProjects.Where(p => !available.Contains(p)).ToList();
            if (unknown.Count > 0)
                throw new UsageException($"--test-projects names {string.Join(", ", unknown.Select(p => $"'{p}'"))}, which {(unknown.Count == 1 ? "is" : "are")} not under tests/; expected some of: {string.Join(", ", available)}.");
            _testProjects = TestProjects.Length == 0 ? available : [.. TestProjects.Distinct().Order()];
            Console.WriteLine($"  {string.Join(", ", _testProjects)}" + (TestFilter.Length == 0 ? "" : $" (filter: {TestFilter})"));
        });

    Target Test => _ => _
        .Description("Builds everything, provisions engine, rootfs and images, and runs every test project (TorchSharp ones on the runtime rootfs through chroot); ends with 'Test: N passed, M failed'.")
        .DependsOn(SelectTests, Compile, Images, ProvisionReportTools)
        .Executes(async () =>
        {
            if (Directory.Exists(TestResultsDirectory)) Directory.Delete(TestResultsDirectory, recursive: true);
            TestResultsDirectory.CreateDirectory();

            var projects = _testProjects;
            var runs = new List<TestRun>();
            foreach (var project in projects.Except(RootfsTestProjects))
                runs.Add(await RunTestProject(project, onRootfs: false));
            foreach (var project in projects.Intersect(RootfsTestProjects))
                runs.Add(await RunTestProject(project, onRootfs: true));

            var total = TestRun.Sum(runs);
            ClosingLines.Add(total.ClosingLine);
            if (TestFilter.Length > 0 && total.Completed && total.Passed + total.Failed + total.Skipped == 0)
                throw new UsageException($"--test-filter '{TestFilter}' matched no test in {string.Join(", ", projects)}; expected an expression such as FullyQualifiedName~Ring (see 'dotnet test --help').");
            var broken = runs.Where(r => !r.Completed).Select(r => r.Project).ToList();
            if (broken.Count > 0)
                throw new BuildFailedException($"{string.Join(", ", broken)} did not report results (crashed or did not build); see the output above.");
            if (total.Failed > 0)
                throw new BuildFailedException($"{total.Failed} test(s) failed; results are in {TestResultsDirectory}.");
        });

    async Task<TestRun> RunTestProject(string project, bool onRootfs)
    {
        var trx = TestResultsDirectory / $"{project}.trx";
        string[] arguments = ["test", RootDirectory / "tests" / project / $"{project}.csproj", "--no-build", "-c", Configuration.ToString(), "-nologo",
            "--logger", $"trx;LogFileName={trx}", "--results-directory", TestResultsDirectory,
            .. TestFilter.Length == 0 ? Array.Empty<string>() : ["--filter", TestFilter]];
        Console.MarkupLine($"  [bold]{project}[/] {(onRootfs ? "on the runtime rootfs (chroot)" : "on the host")}");
        void Echo(string line) => Console.WriteLine("    " + line);

        if (!onRootfs)
        {
            // The orchestration's integration tests (chroot sessions, the smoke run) find what was provisioned here.
            var hostEnvironment = new Dictionary<string, string?>
            {
                ["TESTBED_TEST_ROOTFS"] = RootfsBuilder.Locate(Recipe).Directory,
                ["TESTBED_TEST_PUBLISH"] = TrainerPublishDirectory,
                ["TESTBED_TEST_IMAGE"] = _image?.Tag,
                ["TESTBED_TEST_SESSIONS"] = SessionsDirectory,
                ["TESTBED_TEST_REPOSITORY"] = RootDirectory,
            };
            await Orchestration.Processes.ProcessRunner.RunAsync("dotnet", arguments, TimeSpan.FromMinutes(20), CancellationToken, RootDirectory, hostEnvironment, onLine: Echo, check: false);
            return TestRun.FromTrx(project, trx);
        }

        var dotnetRoot = DotnetInstallation.Root();
        await using var session = await ChrootSession.OpenAsync(RootfsBuilder.Locate(Recipe), SessionsDirectory, "test", [
            BindMount.Same(dotnetRoot, readOnly: true),
            BindMount.Same(DotnetInstallation.PackagesFolder(), readOnly: true),
            BindMount.Same(RootDirectory),
        ], CancellationToken);
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{dotnetRoot}:{ChrootSession.BaseEnvironment["PATH"]}",
            ["DOTNET_ROOT"] = dotnetRoot,
            ["NUGET_PACKAGES"] = DotnetInstallation.PackagesFolder(),
            ["DOTNET_SKIP_WORKLOAD_INTEGRITY_CHECK"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        };
        // --no-restore as well: a restore inside the rootfs has no certificates and would fail.
        await session.RunAsync("dotnet", [.. arguments, "--no-restore"], RootDirectory, TimeSpan.FromMinutes(30), CancellationToken, environment, Echo, check: false);
        return TestRun.FromTrx(project, trx);
    }
}
