namespace Testbed.Records;

/// <summary>
/// One "epoch" line of worker-&lt;rank&gt;.jsonl; field names and meaning fixed by results/README.md.
/// ComputeMs, AllReduceMs and OtherMs are per-step averages over the epoch that add up to MsPerStep;
/// BytesSent and BytesReceived are this epoch's all-reduce traffic; Loss and Accuracy are averaged over ranks.
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
    DateTimeOffset TimestampUtc)
{
    public const string Type = "epoch";
}
