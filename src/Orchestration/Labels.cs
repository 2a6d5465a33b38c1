namespace Testbed.Orchestration;

/// <summary>
/// Labels put on everything the pipeline creates in Docker, so any leftover can be found and
/// removed by label even after a crash (Testcontainers' habit).
/// </summary>
public static class Labels
{
    /// <summary>The run id; present on every container, service, network and secret a run creates.</summary>
    public const string Run = "testbed.run";
    public const string Workload = "testbed.workload";
    public const string Mode = "testbed.mode";

    /// <summary>Present on images the pipeline builds (base, trainer-deps, trainer).</summary>
    public const string Image = "testbed.image";
    public const string Content = "testbed.content";
}
