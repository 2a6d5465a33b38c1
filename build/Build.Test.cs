using Testbed.BuildKit;
using Testbed.Orchestration.Host;
using Testbed.Orchestration.Progress;
using Testbed.Orchestration.Runner;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Test: only these test projects (folders under tests/, e.g. Trainer.Tests); every one when empty.")]
    readonly string[] TestProjects = [];

    [Parameter("Test: a 'dotnet test --filter' expression applied to every project run (e.g. FullyQualifiedName~Ring); none when empty.")]
    readonly string TestFilter = "";

    [Parameter("Test: all (every test, the CI command) or unit (the unit tests alone: no Docker, chromium, rootfs, SSH or network; no reference check).")]
    readonly string Tier = HostDoor.EveryTier;

    IReadOnlyList<string> SelectedTestProjects() => AsUsage(() => HostDoor.SelectTests(RootDirectory, TestProjects, Tier));

    Target SelectTests => _ => _
        .Description("Checks --test-projects and lists the test projects (and --test-filter) Test will run; builds nothing.")
        .Executes(() => Console.WriteLine($"  {string.Join(", ", SelectedTestProjects())}" + (TestFilter.Length == 0 ? "" : $" (filter: {TestFilter})")
            + (Tier == HostDoor.EveryTier ? "" : $" ({Tier} tier)")));

    /// <summary>No --test-projects, no --test-filter, every tier: everything runs, the reference check included.</summary>
    bool WholeSuite => TestProjects.Length == 0 && TestFilter.Length == 0 && Tier == HostDoor.EveryTier;

    Target Test => _ => _
        .Description("Builds everything, provisions engine, rootfs and images, runs every test project (TorchSharp ones on the " +
            "runtime rootfs through chroot) and then the reference check (CheckReference); ends with 'Test: N passed, M failed'.")
        // The unit tier needs none of the engine, rootfs, images or chromium: on a fresh machine those take minutes.
        // The PyTorch rootfs comes first: it builds in the background while the others run.
        .DependsOn(Tier == HostDoor.EveryTier ? [SelectTests, ProvisionPyTorchRootfs, Compile, Images, ProvisionReportTools] : [SelectTests, Compile])
        .Requires(() =>
        {
            if (UpdateReference && !WholeSuite)
            {
                throw new UsageException("--update-reference needs the reference check, which --test-projects, --test-filter " +
                    "and --tier leave out; run ./build.sh CheckReference --update-reference (or Test without them).");
            }
        })
        .Executes(async () =>
        {
            var runs = await Host.RunTestsAsync(RootDirectory, Configuration.ToString(), Tier, TestFilter, TrainerPublishDirectory, SelectedTestProjects(),
                p => Console.MarkupLine($"  [bold]{Markup.Escape(p)}[/]"), l => Console.WriteLine("    " + l), CancellationToken);
            if (WholeSuite)
            {
                Console.MarkupLine($"  [bold]{Markup.Escape(RunnerDoor.ReferenceCheckName)}: once per " +
                    $"mode, against {Markup.Escape(Path.GetRelativePath(RootDirectory, ReferenceFile))}[/]");
                runs = [.. runs,
                    await Runner.ReferenceCheckAsync(RunArguments, ReferenceRunDirectory, RunDisplay.For(Console), MatchesReference, CancellationToken)];
            }
            else
            {
                Console.WriteLine("  The reference check is left out: --test-projects, --test-filter " +
                    "or --tier narrow the run (./build.sh CheckReference runs it alone).");
            }

            var verdict = Host.Verdict(runs, TestFilter, WholeSuite);
            ClosingLines.Add(verdict.ClosingLine);
            if (verdict.UsageError is { } usage) throw new UsageException(usage);
            if (verdict.Failure is { } failure) throw new BuildFailedException(failure);
        });
}
