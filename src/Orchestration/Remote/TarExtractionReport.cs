namespace Testbed.Orchestration.Cluster;

/// <summary>One archive entry that was not extracted as it came, and why.</summary>
public sealed record TarEntryNote(string Name, string What)
{
    public override string ToString() => $"'{Name}': {What}";
}

/// <summary>What <see cref="TarExtraction.Extract"/> wrote, refused and changed.</summary>
public sealed record TarExtractionReport(int Files, int Directories, IReadOnlyList<TarEntryNote> Refused, IReadOnlyList<TarEntryNote> Neutralised)
{
    public bool Clean => Refused.Count == 0 && Neutralised.Count == 0;

    /// <summary>One line per refused or changed entry, for a run folder's collect-&lt;node&gt;.error.txt.</summary>
    public IEnumerable<string> Lines(string source) =>
        Refused.Select(n => $"Refused {n} (from {source}); not extracted")
            .Concat(Neutralised.Select(n => $"Changed {n} (from {source})"));
}
