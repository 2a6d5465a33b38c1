using Testbed.Orchestration.Rootfs;
using Testbed.Orchestration.Testing;

namespace Testbed.Orchestration.Host;

/// <summary>The Test target's part of the Host door: which projects, how they run, the verdict.</summary>
public sealed partial class HostDoor
{
    /// <summary>--tier's default: every test, the CI command.</summary>
    public const string EveryTier = TestTier.All;

    /// <summary>The test projects --test-projects and --tier select, checked.</summary>
    /// <exception cref="BadInputException">A project that does not exist, or no tier.</exception>
    public static IReadOnlyList<string> SelectTests(string repositoryRoot, IReadOnlyList<string> projects, string tier)
    {
        try
        {
            TestTier.Check(tier);
            return TestTier.Projects(tier, TestSuite.Select(repositoryRoot, projects));
        }
        catch (ArgumentException e)
        {
            throw new BadInputException(e.Message, e);
        }
    }

    /// <summary>Where the test projects' TRX files go.</summary>
    public string TestResultsDirectory => Path.Combine(artifactsDirectory, "test-results");

    /// <summary>Runs the test projects of a tier (TorchSharp ones on the rootfs), with the person's --test-filter.</summary>
    public Task<IReadOnlyList<TestRun>> RunTestsAsync(string repositoryRoot, string configuration, string tier, string filter, string publishDirectory,
        IReadOnlyList<string> projects, Action<string> onProject, Action<string> onLine, CancellationToken cancellation)
    {
        var inputs = new TestSuiteInputs(repositoryRoot, configuration, TestTier.Filter(tier, filter), TestResultsDirectory,
            // The unit tier runs without images: on a fresh checkout none was built (Test --tier unit provisions nothing).
            Rootfs, SessionsDirectory, publishDirectory, tier == TestTier.Unit ? null : TrainerImage, Filtered: filter.Length > 0,
            PyTorchRootfs: Builder.Locate(RootfsRecipe.PyTorch));
        return TestSuite.RunAsync(inputs, projects, onProject, onLine, cancellation);
    }

    /// <summary>The closing line and whether the run is a usage error or a failure.</summary>
    public TestVerdict Verdict(IReadOnlyList<TestRun> runs, string filter, bool referenceCheckRan) =>
        TestVerdict.Of(runs, filter, referenceCheckRan, TestResultsDirectory);
}
