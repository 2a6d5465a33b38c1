using Testbed.Records.Checkpoints;

namespace Testbed.Orchestration.Recovery;

/// <summary>A checkpoint file a restart could resume from, and what is wrong with it (null when intact).</summary>
public sealed record CheckpointCandidate(string FileName, int Epoch, string? Problem)
{
    public bool Intact => Problem is null;
}

/// <summary>
/// The trainer's checkpoints in a folder, checked without loading the trainer (the orchestrator
/// never links it) by the format's own check (src/Records/Checkpoints, shared with the trainer):
/// a truncated or bit-flipped checkpoint is passed over, never resumed from.
/// </summary>
public static class CheckpointInspection
{
    /// <summary>Every checkpoint in the folder, newest epoch first, each checked.</summary>
    public static IReadOnlyList<CheckpointCandidate> NewestFirst(string directory) =>
        !Directory.Exists(directory)
            ? []
            : Directory.GetFiles(directory, CheckpointFormat.SearchPattern)
                .Select(path => (Path: path, Epoch: CheckpointFormat.EpochOf(Path.GetFileName(path))))
                .Where(c => c.Epoch is not null)
                .OrderByDescending(c => c.Epoch)
                .Select(c => new CheckpointCandidate(Path.GetFileName(c.Path), c.Epoch!.Value, CheckpointCheck.ProblemOf(c.Path, c.Epoch.Value)))
                .ToList();
}
