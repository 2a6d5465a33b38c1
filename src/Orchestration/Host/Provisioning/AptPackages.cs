using Testbed.Orchestration.Processes;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Provisioning;

/// <summary>Installs Debian packages on the host when they are missing, and says which.</summary>
public sealed class AptPackages(IReporter reporter)
{
    /// <summary>
    /// Two builds of two checkouts that install at once collided on dpkg's lock, and the second
    /// failed ("Could not get lock /var/lib/dpkg/lock-frontend"): ours take turns on this lock, and
    /// apt itself waits for anyone else's (DPkg::Lock::Timeout).
    /// </summary>
    internal const string TurnLock = "/run/lock/testbed-apt.lock";

    private static readonly string[] WaitForDpkg = ["-o", "DPkg::Lock::Timeout=300"];

    private bool _updated;

    public static async Task<bool> IsInstalledAsync(string package, CancellationToken cancellation)
    {
        if (ProcessRunner.Which("dpkg-query") is null) return false;
        var result = await ProcessRunner.RunAsync("dpkg-query", ["-W", "-f=${Status}", package], TimeSpan.FromSeconds(30), cancellation, check: false);
        return result.ExitCode == 0 && result.Output.Contains("install ok installed");
    }

    /// <summary>Installs the packages that are missing; needs root on Debian or Ubuntu.</summary>
    public async Task EnsureAsync(IReadOnlyList<string> packages, string why, CancellationToken cancellation)
    {
        var missing = await MissingAsync(packages, cancellation);
        if (missing.Count == 0)
        {
            reporter.Skip($"{string.Join(", ", packages)}: installed");
            return;
        }

        var osRelease = HostFacts.OsRelease();
        if (!HostFacts.IsDebianLike(osRelease) || !HostFacts.IsRoot)
        {
            throw new InvalidOperationException(
                $"{why} needs the packages {string.Join(", ", missing)}, which are not installed. " +
                    $"The build installs them with apt only on Debian or Ubuntu as root; " +
                $"this is {HostFacts.Describe(osRelease)}{(HostFacts.IsRoot ? "" : " without root")}. " +
                    $"Install them yourself (or run the build as root), then run it again.");
        }

        using var turn = await BuildLock.AcquireAsync(TurnLock, TimeSpan.FromMinutes(20), reporter.Info, cancellation);
        missing = await MissingAsync(missing, cancellation); // the build we waited for may have installed them
        if (missing.Count == 0) return;
        var environment = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        await reporter.ProgressAsync($"Installing {string.Join(", ", missing)} with apt ({why})", async update =>
        {
            if (!_updated)
            {
                await ProcessRunner.RunAsync("apt-get", ["update", "-q", .. WaitForDpkg], TimeSpan.FromMinutes(5), cancellation,
                    environment: environment, onLine: update);
                _updated = true;
            }
            await ProcessRunner.RunAsync("apt-get", ["install", "-y", "-q", .. WaitForDpkg, .. missing], TimeSpan.FromMinutes(15), cancellation,
                environment: environment, onLine: update);
            return true;
        });
        reporter.Info($"Installed {string.Join(", ", missing)}");
    }

    private static async Task<List<string>> MissingAsync(IEnumerable<string> packages, CancellationToken cancellation)
    {
        var missing = new List<string>();
        foreach (var package in packages)
            if (!await IsInstalledAsync(package, cancellation)) missing.Add(package);
        return missing;
    }
}
