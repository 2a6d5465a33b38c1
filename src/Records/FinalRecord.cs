namespace Testbed.Records;

/// <summary>
/// The last line of worker-&lt;rank&gt;.jsonl, written once training ended. The test metrics come
/// from the chief (rank 0) only and are null on the other ranks. TimeToFirstStepSeconds is null
/// when the run trained no step (resumed after its last epoch): there was no first step to time.
/// The worker's start-up timeline (process start, ring formed, first and last step done) is in
/// UTC by the worker's own clock; records of older trainers lack it (null).
/// </summary>
public sealed record FinalRecord(
    int Epochs,
    double TotalSeconds,
    double? TimeToFirstStepSeconds,
    double? TestLoss,
    double? TestAccuracy,
    string WeightsHash,
    int Rank,
    int WorldSize,
    string Host,
    int Threads,
    DateTimeOffset TimestampUtc,
    DateTimeOffset? ProcessStartUtc = null,
    DateTimeOffset? RingFormedUtc = null,
    DateTimeOffset? FirstStepUtc = null,
    DateTimeOffset? LastStepUtc = null)
{
    public const string Type = "final";
}
