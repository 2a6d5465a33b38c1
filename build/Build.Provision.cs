using Testbed.BuildKit;
using Testbed.Orchestration.Host;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Seconds to wait for a freshly started dockerd to answer.")]
    readonly int EngineTimeout = 60;

    [Parameter("Debian mirror debootstrap downloads the runtime rootfs from.")]
    readonly string DebianMirror = "http://deb.debian.org/debian";

    HostDoor? _host;

    /// <summary>The Host layer's front door, one per build (it reads the package list once).</summary>
    HostDoor Host => _host ??= new HostDoor(Reporter, CacheDir, DebianMirror, ArtifactsDirectory);

    Target ProvisionHost => _ => _
        .Description("Makes sure a Docker engine answers and is a Swarm manager (installs " +
            "and starts Debian's when none does), and that debootstrap is installed.")
        .Executes(() => Host.EnsureEngineAsync(TimeSpan.FromSeconds(EngineTimeout), CancellationToken));

    Target ProvisionRootfs => _ => _
        .Description("Builds the runtime root filesystem (Debian 13 minbase + pinned packages), cached by the hash of its recipe.")
        .Executes(() => AsUsageAsync(() => Host.EnsureRootfsAsync(CancellationToken)));

    Target ProvisionPyTorchRootfs => _ => _
        .Description("Builds the PyTorch runtime root filesystem for foreign trainers (Debian " +
            "13 minbase + Debian's python3-torch, no pip), cached by the hash of its recipe; beside the targets after it.")
        // Mostly a download: from nothing it took 2-2.5 min in turn, which Test now spends compiling and provisioning.
        .InBackground()
        .Executes(() => AsUsageAsync(() => Host.EnsurePyTorchRootfsAsync(CancellationToken)));
}
