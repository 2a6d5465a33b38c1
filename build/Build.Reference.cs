using Testbed.Analysis;
using Testbed.BuildKit;
using Testbed.Orchestration.Progress;
using Testbed.Orchestration.Runner;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Test and CheckReference: write this machine's entry (its CPU class and " +
        "threads) into experiments/reference/repro.json instead of only checking against it.")]
    readonly bool UpdateReference = false;

    AbsolutePath ReferenceFile => RootDirectory / "experiments" / "reference" / $"{RunnerDoor.ReferenceExperiment}.json";

    /// <summary>The check's own run folder: build output, replaced by every check, never mixed with results/.</summary>
    AbsolutePath ReferenceRunDirectory => ArtifactsDirectory / "reference-check";

    Target CheckReference => _ => _
        .Description("Runs experiments/repro.json once per mode on this host and holds it against experiments/reference/repro.json: identical weights hashes " +
            "where this CPU class and thread count have an entry, else the loss curve within the stated tolerance " +
            "(printing the entry to add). Test runs it too; --update-reference writes this machine's entry.")
        .DependsOn(Images)
        .Executes(async () =>
        {
            var check = await Runner.ReferenceCheckAsync(RunArguments, ReferenceRunDirectory, RunDisplay.For(Console), MatchesReference, CancellationToken);
            if (check.Problems.Count > 0) throw new BuildFailedException(check.Problems[0]);
            if (check.Failed > 0)
                throw new BuildFailedException($"the run of {RunnerDoor.ReferenceExperiment} does not match {ReferenceFile} (above).");
        });

    /// <summary>
    /// The analysis's judgement of the reference check's run folder, its lines printed: the runner's
    /// door runs the reference experiment once per mode and counts it as one test with this verdict.
    /// </summary>
    bool MatchesReference(string runDirectory)
    {
        var result = AnalysisTargets.CheckReference(runDirectory, ReferenceFile, UpdateReference);
        foreach (var line in result.Lines) Console.WriteLine("    " + line.Replace("\n", "\n    "));
        return result.Passed;
    }
}
