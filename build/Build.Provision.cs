using Testbed.BuildKit;
using Testbed.Orchestration.Provisioning;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Build;

partial class Build
{
    [Parameter("Seconds to wait for a freshly started dockerd to answer.")]
    readonly int EngineTimeout = 60;

    [Parameter("Debian mirror debootstrap downloads the runtime rootfs from.")]
    readonly string DebianMirror = "http://deb.debian.org/debian";

    AptPackages? _apt;
    AptPackages Apt => _apt ??= new AptPackages(Reporter);

    RootfsRecipe Recipe => RootfsRecipe.Default;
    RootfsBuilder RootfsBuilder => new(Reporter, CacheDir, DebianMirror);
    AbsolutePath SessionsDirectory => CacheDir / "sessions";

    Target ProvisionHost => _ => _
        .Description("Makes sure a Docker engine answers and is a Swarm manager (installs and starts Debian's when none does), and that debootstrap is installed.")
        .Executes(async () =>
        {
            var engine = new EngineProvisioner(Reporter, Apt, CacheDir, TimeSpan.FromSeconds(EngineTimeout));
            await engine.EnsureEngineAsync(CancellationToken);
            await engine.EnsureSwarmManagerAsync(CancellationToken);
            await Apt.EnsureAsync(["debootstrap"], "building the runtime rootfs", CancellationToken);
        });

    Target ProvisionRootfs => _ => _
        .Description("Builds the runtime root filesystem (Debian 13 minbase + pinned packages), cached by the hash of its recipe.")
        .Executes(async () =>
        {
            await EnsureRootfsAsync(Recipe);
        });

    Target ProvisionPyTorchRootfs => _ => _
        .Description("Builds the PyTorch runtime root filesystem for foreign trainers (Debian 13 minbase + Debian's python3-torch, no pip), cached by the hash of its recipe.")
        .Executes(async () =>
        {
            await EnsureRootfsAsync(RootfsRecipe.PyTorch);
        });

    async Task EnsureRootfsAsync(RootfsRecipe recipe)
    {
        await Apt.EnsureAsync(["debootstrap"], "building the runtime rootfs", CancellationToken);
        try
        {
            await RootfsBuilder.EnsureAsync(recipe, CancellationToken);
        }
        catch (MirrorUnreachableException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
