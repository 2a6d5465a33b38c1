using System.Text.Json.Serialization;
using Testbed.Analysis.Results;
using Testbed.Analysis.Run;

namespace Testbed.Analysis.Reproduction;

/// <summary>
/// Whether a re-run reproduced the run it re-ran, with the evidence: what changed in the
/// environment (listed first: it explains most drifts), every exact item (weights hash, loss and
/// accuracy per epoch, test accuracy: identical on the same CPU and thread count, or not), and
/// every timing judged by intervals the way Compare judges them.
/// </summary>
/// <param name="SameCpu">Same worker CPU model, instruction sets and threads: only then must exact items be identical.</param>
/// <param name="Problems">Repetitions of the re-run that did not succeed: each is a difference.</param>
public sealed record RunReproduction(
    string Original,
    string Rerun,
    bool SameCpu,
    string OriginalCpu,
    string RerunCpu,
    IReadOnlyList<EnvironmentDifference> Environment,
    IReadOnlyList<ExactItem> Exact,
    IReadOnlyList<StatisticalItem> Statistics,
    IReadOnlyList<string> Problems)
{
    /// <summary>Every exact item identical (unless the CPU differs, which is said), no timing drifted, no repetition of the re-run failed.</summary>
    [JsonPropertyOrder(-2)]
    public bool Reproduced => Differences.Count == 0;

    /// <summary>What keeps the re-run from reproducing the run, each named (scenario, workload, mode, item, how).</summary>
    [JsonPropertyOrder(-1)]
    public IReadOnlyList<string> Differences =>
    [
        .. SameCpu ? Exact.Where(e => !e.Identical).Select(Name) : [],
        .. Statistics.Where(s => s.Verdict == Consistency.Drifted).Select(s => $"{s.Scenario} {s.Name}: {s.Detail}"),
        .. Problems,
    ];

    /// <summary>Exact items that differ on a different CPU: expected there, so said but not counted.</summary>
    public IReadOnlyList<string> ExpectedDifferences => SameCpu ? [] : Exact.Where(e => !e.Identical).Select(Name).ToList();

    /// <exception cref="RunFormatException">A file of either run folder is missing or malformed.</exception>
    public static RunReproduction Compare(string originalFolder, string rerunFolder) => Compare(RunFolder.Load(originalFolder), RunFolder.Load(rerunFolder));

    public static RunReproduction Compare(RunFolder original, RunFolder rerun)
    {
        var cpuA = WorkerCpu.Of(original);
        var cpuB = WorkerCpu.Of(rerun);
        var problems = rerun.Repetitions.Where(r => r.State != RepetitionState.Succeeded)
            .Select(r =>
                $"re-run {r.Scenario} {r.Mode.ToName()} rep-{r.Index} {r.State.ToString().ToLowerInvariant()}{(r.Status?.Error is { } e ? $": {e}" : "")}")
            .ToList();
        if (!rerun.Manifest.Complete)
            problems.Add($"the re-run is marked incomplete: {rerun.Manifest.Interruption ?? "it did not end cleanly"}");
        return new RunReproduction(
            original.RunId,
            rerun.RunId,
            cpuA.SameAs(cpuB),
            cpuA.Describe(),
            cpuB.Describe(),
            EnvironmentDifference.Between(original, rerun),
            ExactItem.Compare(TrainingOutcome.Of(original), TrainingOutcome.Of(rerun)),
            StatisticalItem.Compare(RunSummary.Of(original), RunSummary.Of(rerun), original, rerun),
            problems);
    }

    public string ToMarkdown() => ReproductionMarkdown.Render(this);

    /// <summary>A few lines for the build's console: what changed first, then the verdict.</summary>
    public IReadOnlyList<string> Describe()
    {
        var lines = new List<string>();
        lines.Add(Environment.Count == 0
            ? "Environment: nothing the manifests record changed"
            : "Environment changed: " + string.Join("; ", Environment.Select(e => $"{e.Item} {e.Original} -> {e.Rerun}")));
        lines.Add(SameCpu ? $"Same CPU and threads: {RerunCpu}" : $"CPU or threads differ ({OriginalCpu} -> {RerunCpu}): exact items reported, not required");
        var identical = Exact.Count(e => e.Identical);
        var consistent = Statistics.Count(s => s.Verdict == Consistency.Consistent);
        var notJudged = Statistics.Count(s => s.Verdict == Consistency.NotJudged);
        lines.Add($"{Rerun} {(Reproduced ? "reproduced" : "did NOT reproduce")} {Original}: {identical} of {Exact.Count} exact items identical, " +
            $"{consistent} of {Statistics.Count} timings consistent{(notJudged > 0 ? $" ({notJudged} not judged)" : "")}");
        return lines;
    }

    private static string Name(ExactItem e) => $"{e.Scenario}/{e.Workload} {e.Mode.ToName()} {e.Item}: {e.Detail}";
}
