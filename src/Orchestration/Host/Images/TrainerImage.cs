using System.Text.Json;

namespace Testbed.Orchestration.Images;

/// <summary>
/// The trainer image a build produced. <c>Images</c> writes it to <c>artifacts/trainer-image.json</c>;
/// the targets after it (RunScenario, Test) read it from there, so each can run alone on what the
/// one before left.
/// </summary>
public sealed record TrainerImage(string Tag, string Id, string BaseTag, string DepsTag, string ContentHash)
{
    public const string Repository = "testbed/trainer";
    public const string LatestTag = Repository + ":latest";
    public const string RecordFileName = "trainer-image.json";

    /// <summary>Where the trainer lives inside the image and, for native runs, inside the chroot.</summary>
    public const string InstallDirectory = "/opt/testbed/trainer";

    public const string Executable = InstallDirectory + "/testbed-trainer";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(string artifactsDirectory)
    {
        Directory.CreateDirectory(artifactsDirectory);
        File.WriteAllText(Path.Combine(artifactsDirectory, RecordFileName), JsonSerializer.Serialize(this, Json) + "\n");
    }

    /// <exception cref="InvalidOperationException">No image record, or an unreadable one: run the Images target.</exception>
    public static TrainerImage Load(string artifactsDirectory)
    {
        var path = Path.Combine(artifactsDirectory, RecordFileName);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: no trainer image was built in this checkout. Run ./build.sh Images first.");
        try
        {
            return JsonSerializer.Deserialize<TrainerImage>(File.ReadAllText(path))
                ?? throw new InvalidOperationException($"{path} holds null; expected the trainer image record. Run ./build.sh Images again.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not a trainer image record ({e.Message}). Run ./build.sh Images again.");
        }
    }
}
