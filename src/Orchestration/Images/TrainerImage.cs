namespace Testbed.Orchestration.Images;

/// <summary>The images a build produced, recorded for the run manifest and for later targets.</summary>
public sealed record TrainerImage(string Tag, string Id, string BaseTag, string DepsTag, string ContentHash)
{
    public const string Repository = "testbed/trainer";
    public const string LatestTag = Repository + ":latest";

    /// <summary>Where the trainer lives inside the image and, for native runs, inside the chroot.</summary>
    public const string InstallDirectory = "/opt/testbed/trainer";

    public const string Executable = InstallDirectory + "/testbed-trainer";
}
