using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Recovery;

/// <summary>
/// Where --inject-faults strikes: in every measured repetition one worker of one workload dies
/// at one step (kill-worker), or its node is frozen from that step on (stop-node), all three
/// drawn from a hash of the scenario, the round and the workloads' seeds. The same round gets the
/// same fault in every mode, so recoveries compare like for like, and a re-run of the run injects
/// the same faults. The step lies after the first epoch (there is a checkpoint to resume from)
/// unless the workload trains only one epoch.
/// </summary>
public static class FaultPlan
{
    public const string KillWorker = "kill-worker";
    public const string StopNode = TrainerArguments.StopNodeFault;

    /// <param name="stoppable">For stop-node: whether the node of a workload's rank may be frozen (not the swarm's manager); every rank when null.</param>
    public static (string Workload, InjectedFault Fault)? For(PlannedRepetition repetition, FaultInjection injection, Func<Workload, int,
        bool>? stoppable = null)
    {
        if (injection == FaultInjection.None || repetition.IsWarmup) return null;
        var experiment = repetition.Experiment;
        var round = repetition.Round ?? repetition.Index;
        var key = $"{experiment.Name}/{round}/{string.Join(',', experiment.Workloads.Select(w => $"{w.Name}:{w.Seed}"))}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        ulong Draw(int i) => BinaryPrimitives.ReadUInt64LittleEndian(hash.AsSpan(8 * i, 8));

        // Kill-worker may strike any rank; stop-node only one whose node can be frozen.
        var allowed = injection == FaultInjection.StopNode && stoppable is not null ? stoppable : (_, _) => true;
        var candidates = experiment.Workloads
            .Select(w => (Workload: w, Ranks: Enumerable.Range(0, w.Workers).Where(r => allowed(w, r)).ToList()))
            .Where(c => c.Ranks.Count > 0).ToList();
        if (candidates.Count == 0) return null;
        var (workload, ranks) = candidates[(int)(Draw(0) % (ulong)candidates.Count)];
        var rank = ranks[(int)(Draw(1) % (ulong)ranks.Count)];
        var (first, last) = StepRange(workload, repetition.EpochsOf(workload));
        var step = first + (int)(Draw(2) % (ulong)(last - first + 1));
        // A node is frozen from outside as an epoch begins (the pipeline sees epochs, not steps).
        if (injection == FaultInjection.StopNode) step = (step - 1) / workload.StepsPerEpoch * workload.StepsPerEpoch + 1;
        return (workload.Name, new InjectedFault(NameOf(injection), rank, step));
    }

    public static string NameOf(FaultInjection injection) => injection switch
    {
        FaultInjection.KillWorker => KillWorker,
        FaultInjection.StopNode => StopNode,
        _ => "none",
    };

    /// <summary>Global steps (1-based) a fault may strike: the second epoch's first to the last, or the only epoch's second to last.</summary>
    public static (int First, int Last) StepRange(Workload workload, int epochs)
    {
        var total = epochs * workload.StepsPerEpoch;
        var first = epochs >= 2 ? workload.StepsPerEpoch + 1 : Math.Min(2, total);
        return (first, total);
    }
}
