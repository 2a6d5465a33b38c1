namespace Testbed.Records;

/// <summary>
/// The "loaded" line of worker-&lt;rank&gt;.jsonl of a run started with --init-from (the thesis's
/// "load" step): the weights the chief loaded and their test metrics, measured before the first
/// step, so a report can check that the loaded model scores exactly what the saved one scored.
/// Written by the chief (rank 0) only.
/// </summary>
public sealed record LoadedRecord(
    string From,
    string WeightsHash,
    double? TestLoss,
    double? TestAccuracy,
    int Rank,
    int WorldSize,
    string Host,
    int Threads,
    DateTimeOffset TimestampUtc)
{
    public const string Type = "loaded";
}
