using Testbed.Orchestration.Experiments;

namespace Testbed.Orchestration.Recovery;

/// <summary>
/// How a run meets failures: each workload's restart budget (--max-restarts, else the experiment's
/// maxRestarts) and the faults it injects on purpose (--inject-faults).
/// </summary>
public sealed record RecoverySettings(int? MaxRestarts, FaultInjection InjectFaults)
{
    public static RecoverySettings None { get; } = new(null, FaultInjection.None);

    public int MaxRestartsOf(Experiment experiment) => MaxRestarts ?? experiment.MaxRestarts;

    /// <summary>The spellings --inject-faults takes.</summary>
    public static IReadOnlyList<string> FaultNames { get; } = ["none", FaultPlan.KillWorker, FaultPlan.StopNode];

    public static bool TryParseFaults(string text, out FaultInjection injection)
    {
        injection = text.Trim().ToLowerInvariant() switch
        {
            "none" or "" => FaultInjection.None,
            FaultPlan.KillWorker => FaultInjection.KillWorker,
            FaultPlan.StopNode => FaultInjection.StopNode,
            _ => (FaultInjection)(-1),
        };
        return Enum.IsDefined(injection);
    }
}
