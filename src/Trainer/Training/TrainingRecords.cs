namespace Testbed.Trainer.Training;

/// <summary>
/// One line of worker-&lt;rank&gt;.jsonl per epoch; field names and meaning fixed by results/README.md.
/// computeMs, allReduceMs and otherMs are per-step averages that add up to msPerStep.
/// </summary>
public sealed record EpochRecord(
    int Epoch,
    int Epochs,
    int Steps,
    double Seconds,
    double MsPerStep,
    double ComputeMs,
    double AllReduceMs,
    double OtherMs,
    long BytesSent,
    long BytesReceived,
    double Loss,
    double Accuracy,
    int Rank,
    int WorldSize,
    string Host,
    int Threads,
    DateTime TimestampUtc)
{
    public string Type => "epoch";
}

/// <summary>The last line of worker-&lt;rank&gt;.jsonl; test metrics come from the chief only (null elsewhere).</summary>
public sealed record FinalRecord(
    int Epochs,
    double TotalSeconds,
    double TimeToFirstStepSeconds,
    double? TestLoss,
    double? TestAccuracy,
    string WeightsHash,
    int Rank,
    int WorldSize,
    string Host,
    int Threads,
    DateTime TimestampUtc)
{
    public string Type => "final";
}
