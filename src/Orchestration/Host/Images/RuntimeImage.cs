using System.Text.Json;

namespace Testbed.Orchestration.Images;

/// <summary>
/// A foreign trainer's runtime image: <c>testbed/runtime-&lt;name&gt;:&lt;hash&gt;</c>, the runtime rootfs
/// imported as a base (cached by the rootfs's hash like ours) with trainers/ on top (tagged by its
/// content, so a changed script rebuilds one small layer). Recorded in
/// <c>artifacts/runtime-&lt;name&gt;-image.json</c> for the targets after the one that built it.
/// </summary>
public sealed record RuntimeImage(string Name, string Tag, string Id, string BaseTag, string ContentHash)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string RecordFileName(string runtime) => $"runtime-{runtime}-image.json";

    public void Save(string artifactsDirectory)
    {
        Directory.CreateDirectory(artifactsDirectory);
        File.WriteAllText(Path.Combine(artifactsDirectory, RecordFileName(Name)), JsonSerializer.Serialize(this, Json) + "\n");
    }

    /// <exception cref="InvalidOperationException">No record, or an unreadable one: run the ForeignRuntimes target.</exception>
    public static RuntimeImage Load(string artifactsDirectory, string runtime)
    {
        var path = Path.Combine(artifactsDirectory, RecordFileName(runtime));
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: the {runtime} runtime image was not " +
                $"built in this checkout. Run ./build.sh ForeignRuntimes with the experiments that need it.");
        }
        try
        {
            return JsonSerializer.Deserialize<RuntimeImage>(File.ReadAllText(path))
                ?? throw new InvalidOperationException($"{path} holds null; expected a runtime image record. Run ./build.sh ForeignRuntimes again.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not a runtime image record ({e.Message}). Run ./build.sh ForeignRuntimes again.");
        }
    }
}
