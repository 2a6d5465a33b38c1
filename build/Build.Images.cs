using Testbed.BuildKit;

namespace Testbed.Build;

partial class Build
{
    AbsolutePath TrainerPublishDirectory => ArtifactsDirectory / "trainer";

    Target PublishTrainer => _ => _
        .Description("Publishes the trainer self-contained for linux-x64 (the bits both modes run).")
        .Executes(() => Dotnet("publish", RootDirectory / "src" / "Trainer" / "Trainer.csproj", "-c", "Release", "-r", "linux-x64", "--self-contained",
            "-o", TrainerPublishDirectory, "-nologo", "-v", "quiet", "-tl:off", "-clp:NoSummary"));

    Target Images => _ => _
        .Description("Imports the rootfs as the base image and builds the trainer image on it " +
            "(tagged by content hash and latest); records it in artifacts/trainer-image.json.")
        .DependsOn(ProvisionHost, ProvisionRootfs, PublishTrainer)
        .Executes(() => Host.EnsureImagesAsync(TrainerPublishDirectory, CancellationToken));
}
