using Testbed.Analysis.Stats;

namespace Testbed.Analysis.Summary;

/// <summary>
/// What containers cost over native in one epoch's step time: the paired overhead of the epoch's
/// ms/step (the median over ranks of each repetition, container against the native one of its
/// round). Epoch by epoch it tells start-up (only the first epochs dear) from a steady cost.
/// </summary>
public sealed record EpochOverhead(int Epoch, Overhead Overhead);
