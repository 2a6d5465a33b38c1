using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Rootfs;

namespace Testbed.Orchestration.Tests.Running;

/// <summary>
/// What one run left on this host: chroot mounts and worker cgroups whose names begin with the run's
/// prefix. Tests run in parallel classes, so a host-wide look would see another test's live workers.
/// </summary>
internal static class RunLeftovers
{
    public static IReadOnlyList<string> Mounts(string sessionsDirectory, string runId) =>
        MountTable.Under(sessionsDirectory).Where(m =>
            Path.GetRelativePath(sessionsDirectory, m).StartsWith(WorkloadLaunch.NamePrefix(runId), StringComparison.Ordinal)).ToList();

    public static IReadOnlyList<string> Cgroups(string runId) =>
        CpuCgroup.Leftovers().Where(g => Path.GetFileName(g).StartsWith(WorkloadLaunch.NamePrefix(runId), StringComparison.Ordinal)).ToList();
}
