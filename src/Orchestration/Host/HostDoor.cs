using Testbed.Orchestration.Benchmarks;
using Testbed.Orchestration.Docker;
using Testbed.Orchestration.Images;
using Testbed.Orchestration.Provisioning;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Host;

/// <summary>
/// The build's one way into the Host layer: the engine, the rootfs, the images and the benchmarks
/// made on this host, from the build's parameters. One per build, so the package list is read once
/// (<see cref="AptPackages"/>). The test suite's part is in HostDoor.Tests.cs.
/// </summary>
public sealed partial class HostDoor(IReporter reporter, string cacheDirectory, string debianMirror, string artifactsDirectory)
{
    private readonly AptPackages apt = new(reporter);

    private RootfsBuilder Builder => new(reporter, cacheDirectory, debianMirror);

    public string CacheDirectory => cacheDirectory;

    /// <summary>Where chroot sessions live (cleaned by Teardown).</summary>
    public string SessionsDirectory => Path.Combine(cacheDirectory, "sessions");

    /// <summary>The cached rootfs folders (Clean --all removes them).</summary>
    public string RootfsDirectory => Builder.RootfsDirectory;

    /// <summary>Our trainer's runtime rootfs, where ProvisionRootfs leaves it.</summary>
    public RootfsImage Rootfs => Builder.Locate(RootfsRecipe.Default);

    /// <summary>The user the workers run as inside the rootfs.</summary>
    public int WorkerUserId => RootfsRecipe.Default.UserId;

    /// <summary>The trainer image the Images target recorded in the artifacts folder.</summary>
    public TrainerImage TrainerImage => TrainerImage.Load(artifactsDirectory);

    /// <summary>ProvisionHost: an engine that answers and is a Swarm manager, and debootstrap.</summary>
    public async Task EnsureEngineAsync(TimeSpan startTimeout, CancellationToken cancellation)
    {
        var engine = new EngineProvisioner(reporter, apt, cacheDirectory, startTimeout);
        await engine.EnsureEngineAsync(cancellation);
        await engine.EnsureSwarmManagerAsync(cancellation);
        await apt.EnsureAsync(["debootstrap"], "building the runtime rootfs", cancellation);
    }

    /// <summary>Debian packages this host needs for <paramref name="why"/>.</summary>
    /// <exception cref="InvalidOperationException">apt could not install them.</exception>
    public Task EnsurePackagesAsync(IReadOnlyList<string> packages, string why, CancellationToken cancellation) =>
        apt.EnsureAsync(packages, why, cancellation);

    /// <summary>ProvisionRootfs: our trainer's runtime rootfs.</summary>
    /// <exception cref="BadInputException">The Debian mirror does not answer.</exception>
    public Task EnsureRootfsAsync(CancellationToken cancellation) => EnsureRootfsAsync(RootfsRecipe.Default, cancellation);

    /// <summary>ProvisionPyTorchRootfs: the foreign trainers' PyTorch runtime rootfs.</summary>
    /// <exception cref="BadInputException">The Debian mirror does not answer.</exception>
    public Task EnsurePyTorchRootfsAsync(CancellationToken cancellation) => EnsureRootfsAsync(RootfsRecipe.PyTorch, cancellation);

    /// <summary>Images: the rootfs imported as the base image, the trainer image built on it.</summary>
    public async Task EnsureImagesAsync(string publishDirectory, CancellationToken cancellation)
    {
        using var engine = new DockerEngine();
        await new ImageBuilder(reporter, engine, Directory.CreateDirectory(artifactsDirectory).FullName)
            .EnsureAsync(Rootfs, RootfsRecipe.Default, publishDirectory, cancellation);
    }

    /// <summary>ForeignRuntimes: each named runtime's rootfs and its image with trainers/ copied in.</summary>
    /// <exception cref="BadInputException">The Debian mirror does not answer.</exception>
    public async Task EnsureRuntimesAsync(IReadOnlyList<string> runtimes, string trainersDirectory, CancellationToken cancellation)
    {
        using var engine = new DockerEngine();
        foreach (var name in runtimes)
        {
            var recipe = RootfsRecipe.OfRuntime(name);
            await EnsureRootfsAsync(recipe, cancellation);
            await new ImageBuilder(reporter, engine, Directory.CreateDirectory(artifactsDirectory).FullName)
                .EnsureRuntimeAsync(name, Builder.Locate(recipe), recipe, trainersDirectory, cancellation);
        }
    }

    /// <summary>What ForeignRuntimes left for these runtimes.</summary>
    public ForeignRuntimes ForeignRuntimes(IEnumerable<string> runtimes, string trainersDirectory) =>
        Images.ForeignRuntimes.Load(runtimes, Builder.Locate, artifactsDirectory, trainersDirectory);

    /// <summary>Bench: the trainer's all-reduce and step benchmarks on the runtime rootfs, world 1..<paramref name="worlds"/>.</summary>
    public Task<IReadOnlyList<BenchRow>> BenchAsync(string publishDirectory, int worlds, CancellationToken cancellation) =>
        TrainerBench.RunAsync(Rootfs, publishDirectory, SessionsDirectory, worlds, reporter, cancellation);

    private async Task EnsureRootfsAsync(RootfsRecipe recipe, CancellationToken cancellation)
    {
        await apt.EnsureAsync(["debootstrap"], "building the runtime rootfs", cancellation);
        try
        {
            await Builder.EnsureAsync(recipe, cancellation);
        }
        catch (MirrorUnreachableException e)
        {
            throw new BadInputException(e.Message, e);
        }
    }
}
