using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Testbed.Orchestration.Results;

/// <summary>
/// One run's folder, <c>results/&lt;utc-stamp&gt;-&lt;sha7&gt;/</c>. It is created new and never
/// overwritten: if the name is taken (two runs in one second), a suffix is added.
/// </summary>
public sealed class RunFolder
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private RunFolder(string directory, string runId)
    {
        Directory = directory;
        RunId = runId;
    }

    public string Directory { get; }
    public string RunId { get; }
    public string ManifestPath => Path.Combine(Directory, "manifest.json");

    public static RunFolder CreateNew(string resultsDirectory, DateTime startedUtc, string gitSha)
    {
        var stamp = startedUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var sha = gitSha.Length >= 7 ? gitSha[..7] : gitSha;
        System.IO.Directory.CreateDirectory(resultsDirectory);
        for (var attempt = 1; ; attempt++)
        {
            var runId = attempt == 1 ? $"{stamp}-{sha}" : $"{stamp}-{sha}-{attempt}";
            var directory = Path.Combine(resultsDirectory, runId);
            if (System.IO.Directory.Exists(directory)) continue;
            System.IO.Directory.CreateDirectory(directory);
            return new RunFolder(directory, runId);
        }
    }

    /// <summary>Writes the manifest atomically (temporary file, then rename): a reader never sees half of it.</summary>
    public void Save(RunManifest manifest) => WriteJson(ManifestPath, manifest);

    public static void WriteJson<T>(string path, T value)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(value, Json) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}
