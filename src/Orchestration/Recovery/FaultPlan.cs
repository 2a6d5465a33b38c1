using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Testbed.Orchestration.Experiments;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Recovery;

/// <summary>
/// Where --inject-faults kill-worker strikes: in every measured repetition one worker of one
/// workload dies at one step, all three drawn from a hash of the scenario, the round and the
/// workloads' seeds. The same round gets the same fault in every mode, so recoveries compare like
/// for like, and a re-run of the run injects the same faults. The step lies after the first
/// epoch (there is a checkpoint to resume from) unless the workload trains only one epoch.
/// </summary>
public static class FaultPlan
{
    public const string KillWorker = "kill-worker";

    public static (string Workload, InjectedFault Fault)? For(PlannedRepetition repetition, FaultInjection injection)
    {
        if (injection == FaultInjection.None || repetition.IsWarmup) return null;
        var experiment = repetition.Experiment;
        var round = repetition.Round ?? repetition.Index;
        var key = $"{experiment.Name}/{round}/{string.Join(',', experiment.Workloads.Select(w => $"{w.Name}:{w.Seed}"))}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        ulong Draw(int i) => BinaryPrimitives.ReadUInt64LittleEndian(hash.AsSpan(8 * i, 8));

        var workload = experiment.Workloads[(int)(Draw(0) % (ulong)experiment.Workloads.Count)];
        var rank = (int)(Draw(1) % (ulong)workload.Workers);
        var (first, last) = StepRange(workload, repetition.EpochsOf(workload));
        var step = first + (int)(Draw(2) % (ulong)(last - first + 1));
        return (workload.Name, new InjectedFault(KillWorker, rank, step));
    }

    /// <summary>Global steps (1-based) a fault may strike: the second epoch's first to the last, or the only epoch's second to last.</summary>
    public static (int First, int Last) StepRange(Workload workload, int epochs)
    {
        var total = epochs * workload.StepsPerEpoch;
        var first = epochs >= 2 ? workload.StepsPerEpoch + 1 : Math.Min(2, total);
        return (first, total);
    }
}
