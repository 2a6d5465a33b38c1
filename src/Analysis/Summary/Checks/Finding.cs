namespace Testbed.Analysis.Checks;

/// <summary>A warning says the measurement may be broken; a note says something a reader should know before trusting it.</summary>
public enum Severity { Warning, Note }

/// <summary>
/// What one check saw, where, what it means and what to do. <see cref="NotChecked"/> findings say a
/// check could not look (data missing): a check never passes silently.
/// </summary>
public sealed record Finding(string Check, Severity Severity, Place Where, string Seen, string Meaning, string Action)
{
    public bool NotChecked { get; init; }

    /// <summary>A check that could not run here, and why ("metrics.csv has no throttling counters").</summary>
    public static Finding Skipped(ICheck check, Place where, string why) =>
        new(check.Name, Severity.Note, where, $"not checked: {why}", "", "") { NotChecked = true };
}

/// <summary>
/// Where a finding was seen, as far as it is one place: the run, a scenario, a mode, a repetition
/// (rep-k, and its interleaving round), a worker (workload, rank, node), epochs.
/// </summary>
public sealed record Place(string? Scenario = null, Mode? Mode = null, int? Repetition = null, int? Round = null,
    string? Workload = null, int? Rank = null, string? Node = null, string? Epochs = null)
{
    public static Place Run { get; } = new();

    /// <summary>"thesis-single, native rep-2 (round 1), w1 rank 1 on node-2, epochs 2-4"; "the run" when it is no narrower.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Scenario is not null) parts.Add(Scenario);
        var mode = Mode?.ToName();
        var repetition = Repetition is { } k ? $"rep-{k}" : null;
        var round = Round is { } r ? (repetition is null ? $"round {r}" : $"(round {r})") : null;
        var modePart = string.Join(' ', new[] { mode, repetition, round }.Where(p => p is not null));
        if (modePart.Length > 0) parts.Add(modePart);
        var worker = string.Join(' ',
            new[] { Workload, Rank is { } rank ? $"rank {rank}" : null, Node is not null ? $"on {Node}" : null }.Where(p => p is not null));
        if (worker.Length > 0) parts.Add(worker);
        if (Epochs is not null) parts.Add(Epochs.Contains('-') ? $"epochs {Epochs}" : $"epoch {Epochs}");
        return parts.Count == 0 ? "the run" : string.Join(", ", parts);
    }
}
