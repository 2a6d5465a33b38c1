using Testbed.Records;

namespace Testbed.Analysis.Results;

/// <summary>Everything one worker wrote; <see cref="Final"/> is null when it did not finish.</summary>
public sealed record WorkerLog(int Rank, string Node, IReadOnlyList<EpochRecord> Epochs, FinalRecord? Final);
