using System.Security.Cryptography;

namespace Testbed.Orchestration.Tests.Running;

/// <summary>
/// A commit-like sha of its own for each integration test's run. The run id (the start to the
/// second, then 7 characters of the sha) names every Swarm object, mount and cgroup of the run:
/// two tests that start in the same second with the same sha (two test classes in parallel, or
/// two checkouts on one engine) got the same names, and one removed the other's services.
/// </summary>
internal static class TestRunSha
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))[..7];
}
