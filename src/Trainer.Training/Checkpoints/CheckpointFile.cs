using Testbed.Records.Checkpoints;

namespace Testbed.Trainer.Checkpoints;

/// <summary>
/// The trainer's checkpoints: written and pruned in the shared format (src/Records/Checkpoints,
/// the layout the orchestration checks before a restart) and read strictly against the model.
/// </summary>
public static class CheckpointFile
{
    public static string NameFor(int epoch) => CheckpointFormat.FileName(epoch);

    public static string Write(string directory, TrainingState state) =>
        CheckpointWriter.Write(
            directory,
            new CheckpointHeader(state.Epoch, state.ConfigHash, state.Config, state.Parameters, state.Weights.Length,
                state.OptimizerState.Length, state.RngState, state.WeightsHash),
            state.Weights,
            state.OptimizerState);

    /// <summary>
    /// Deletes all but the newest <paramref name="keep"/> checkpoints (by epoch) in the folder; 0
    /// keeps all. Only files named as <see cref="NameFor"/> names them are touched.
    /// </summary>
    public static void Prune(string directory, int keep)
    {
        if (keep <= 0 || !Directory.Exists(directory))
        {
            return;
        }

        var older = Directory.GetFiles(directory, CheckpointFormat.SearchPattern)
            .Select(path => (Path: path, Epoch: CheckpointFormat.EpochOf(Path.GetFileName(path))))
            .Where(c => c.Epoch is not null)
            .OrderByDescending(c => c.Epoch)
            .Skip(keep);
        foreach (var (path, _) in older)
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Reads and checks a checkpoint of the thesis CNN. Every length and count in the file is
    /// checked against the model and against the file's own length before anything is
    /// allocated, the settings against their hash and the weights against the header's
    /// weights hash; anything else is an <see cref="InputException"/> naming the file and what
    /// is wrong (exit 2), never a stack trace or an allocation the header asked for.
    /// </summary>
    public static TrainingState Read(string path, string flag)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{flag} {path}: file not found; expected a checkpoint written by `testbed-trainer train --checkpoint-dir`.");
        }

        try
        {
            using var stream = File.OpenRead(path);
            return new CheckpointReader(stream, $"{flag} {path}").Read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{flag} {path}: cannot be read ({e.Message}); expected a readable checkpoint file.");
        }
    }
}
