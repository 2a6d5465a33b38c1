using Testbed.Analysis;
using Testbed.BuildKit;
using Testbed.Orchestration.Progress;
using Testbed.Orchestration.Running;
using Testbed.Orchestration.Testing;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Test and CheckReference: write this machine's entry (its CPU class and threads) into experiments/reference/repro.json instead of only checking against it.")]
    readonly bool UpdateReference = false;

    AbsolutePath ReferenceFile => RootDirectory / "experiments" / "reference" / $"{ReferenceRun.Experiment}.json";

    /// <summary>The check's own run folder: build output, replaced by every check, never mixed with results/.</summary>
    AbsolutePath ReferenceRunDirectory => ArtifactsDirectory / "reference-check";

    Target CheckReference => _ => _
        .Description("Runs experiments/repro.json once per mode on this host and holds it against experiments/reference/repro.json: identical weights hashes where this CPU class and thread count have an entry, else the loss curve within the stated tolerance (printing the entry to add). Test runs it too; --update-reference writes this machine's entry.")
        .DependsOn(Images)
        .Executes(async () =>
        {
            var check = await ReferenceCheckAsync();
            if (check.Problems.Count > 0) throw new BuildFailedException(check.Problems[0]);
            if (check.Failed > 0)
                throw new BuildFailedException($"the run of {ReferenceRun.Experiment} does not match {ReferenceFile} (above).");
        });

    /// <summary>One run of the reference experiment per mode, checked; counted as one test (one that could not run is a failure, with its reason).</summary>
    async Task<TestRun> ReferenceCheckAsync()
    {
        try
        {
            return await RunReferenceCheckAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new TestRun(ReferenceCheckName, 0, 0, 0, [$"{ReferenceCheckName} could not run: {e.Message}"]);
        }
    }

    string ReferenceCheckName => $"reference check ({ReferenceRun.Experiment})";

    async Task<TestRun> RunReferenceCheckAsync()
    {
        var runDirectory = await ReferenceRun.ExecuteAsync(ReferenceRunDirectory, StageOutputs(), RunDisplay.For(Console), Reporter, CancellationToken);
        var result = AnalysisTargets.CheckReference(runDirectory, ReferenceFile, UpdateReference);
        foreach (var line in result.Lines) Console.WriteLine("    " + line.Replace("\n", "\n    "));
        return new TestRun(ReferenceCheckName, result.Passed ? 1 : 0, result.Passed ? 0 : 1, 0, []);
    }
}
