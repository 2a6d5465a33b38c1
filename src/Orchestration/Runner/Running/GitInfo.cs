using Testbed.Orchestration.Processes;

namespace Testbed.Orchestration.Running;

public static class GitInfo
{
    /// <summary>The checkout's commit and whether it has uncommitted changes ("unknown" outside git).</summary>
    public static async Task<GitFacts> ReadAsync(string repository, CancellationToken cancellation)
    {
        try
        {
            var sha = await ProcessRunner.RunAsync("git", ["-C", repository, "rev-parse", "HEAD"], TimeSpan.FromSeconds(20), cancellation);
            var status = await ProcessRunner.RunAsync("git", ["-C", repository, "status", "--porcelain", "--untracked-files=no"], TimeSpan.FromSeconds(20),
                cancellation);
            return new GitFacts(sha.Output.Trim(), status.Output.Trim().Length > 0);
        }
        catch (ProcessFailedException)
        {
            return new GitFacts("unknown", true);
        }
    }
}
