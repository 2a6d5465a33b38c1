namespace Testbed.Analysis.Results;

/// <summary>An "epoch" line of worker-&lt;rank&gt;.jsonl. Step parts are per-step averages over the epoch.</summary>
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
    DateTimeOffset TimestampUtc);

/// <summary>The "final" line of worker-&lt;rank&gt;.jsonl. Test metrics come from the chief (rank 0) only.</summary>
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
    DateTimeOffset TimestampUtc);

/// <summary>Everything one worker wrote; <see cref="Final"/> is null when it did not finish.</summary>
public sealed record WorkerLog(int Rank, string Node, IReadOnlyList<EpochRecord> Epochs, FinalRecord? Final);
