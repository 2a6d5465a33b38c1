using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Testbed.Trainer.Checkpoints;

/// <summary>
/// A checkpoint on disk: "TBCKPT01", a length-prefixed JSON header (epoch, config and its hash,
/// parameter names and shapes, optimizer, RNG state, weights hash), then the weights and the
/// optimizer state as little-endian float32. Written to a temporary file, flushed to disk and
/// renamed, so a crash never leaves a half-written checkpoint under the real name.
/// </summary>
public static class CheckpointFile
{
    /// <summary>"TBCKPT" and a two-digit format version.</summary>
    internal static readonly byte[] Magic = "TBCKPT01"u8.ToArray();

    public static string NameFor(int epoch) => $"checkpoint-epoch-{epoch:D3}.tbckpt";

    public static string Write(string directory, TrainingState state)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, NameFor(state.Epoch));
        var temporary = Path.Combine(directory, $".{NameFor(state.Epoch)}.{Environment.ProcessId}.tmp");
        var header = new JsonObject
        {
            ["epoch"] = state.Epoch,
            ["configHash"] = state.ConfigHash,
            ["config"] = new JsonObject(state.Config.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["parameters"] = new JsonArray([.. state.Parameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name,
                ["shape"] = new JsonArray([.. p.Shape.Select(d => (JsonNode)d)]),
            })]),
            ["weightCount"] = state.Weights.Length,
            ["optimizerStateCount"] = state.OptimizerState.Length,
            ["rngState"] = Convert.ToBase64String(state.RngState),
            ["weightsHash"] = state.WeightsHash,
        };
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());

        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Magic);
            stream.Write(BitConverter.GetBytes(headerBytes.Length));
            stream.Write(headerBytes);
            stream.Write(MemoryMarshal.AsBytes(state.Weights.AsSpan()));
            stream.Write(MemoryMarshal.AsBytes(state.OptimizerState.AsSpan()));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }

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

        var older = Directory.GetFiles(directory, "checkpoint-epoch-*.tbckpt")
            .Select(path => (Path: path, Epoch: EpochOf(Path.GetFileName(path))))
            .Where(c => c.Epoch is not null)
            .OrderByDescending(c => c.Epoch)
            .Skip(keep);
        foreach (var (path, _) in older)
        {
            File.Delete(path);
        }
    }

    private static int? EpochOf(string name) =>
        int.TryParse(name["checkpoint-epoch-".Length..^".tbckpt".Length], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var epoch)
            ? epoch
            : null;

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
