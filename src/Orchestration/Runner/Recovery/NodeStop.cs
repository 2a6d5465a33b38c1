using System.Diagnostics;
using System.Globalization;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Planning;
using Testbed.Records;

namespace Testbed.Orchestration.Recovery;

/// <summary>
/// One stop-node fault in one attempt: once the fault rank's worker has finished the epochs before the
/// fault's step, the node of the fault's rank is frozen for <see cref="PauseFor"/>, longer than
/// the trainer waits for a silent peer, so its peers give up and fail; then it is thawed, and its
/// own worker finds its peers gone and fails too. The supervisor then restarts the workload.
/// The worker also stalls at the fault's step (TrainerArguments): the freeze goes over SSH and
/// the host's engine, and a loaded machine has let it land after a short workload had ended.
/// </summary>
internal sealed class NodeStop
{
    /// <summary>The trainer's --timeout default (60 s: a collective waits that long for a silent peer) and 15 s more.</summary>
    public static TimeSpan PauseFor { get; } = TimeSpan.FromSeconds(75);

    private readonly CancellationTokenSource _cancel = new();
    private volatile bool _struck;
    private Task<InjectedFault?> _strike = Task.FromResult<InjectedFault?>(null);

    public static NodeStop Start(INodeStopper stopper, WorkloadLaunch launch, InjectedFault fault, IRunProgress progress, TimeSpan pauseFor)
    {
        var stop = new NodeStop();
        stop._strike = stop.StrikeAsync(stopper, launch, fault, progress, pauseFor);
        return stop;
    }

    private async Task<InjectedFault?> StrikeAsync(INodeStopper stopper, WorkloadLaunch launch, InjectedFault fault, IRunProgress progress, TimeSpan pauseFor)
    {
        var workload = launch.Workload;
        var epochsBefore = (fault.Step - 1) / workload.StepsPerEpoch;
        var node = NodePlan.NodeOf(workload, fault.Rank);
        try
        {
            // The pipeline sees epochs, not steps: the node freezes as the epoch holding the fault's
            // step begins, once its own worker has recorded the one before (ranks step in lock-step).
            var records = $"{NodeWorkerFiles.PathOnNode(launch)}/{WorkerRecordFile.FileName(fault.Rank)}";
            await stopper.WaitForEpochAsync(node, records, epochsBefore, _cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        await stopper.PauseAsync(node, CancellationToken.None);
        _struck = true;
        var frozen = Stopwatch.StartNew();
        progress.Note($"{workload.Name}: node {node} (rank {fault.Rank.ToString(CultureInfo.InvariantCulture)}) stopped after epoch " +
            $"{epochsBefore.ToString(CultureInfo.InvariantCulture)}, frozen for {pauseFor.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
        try
        {
            await Task.Delay(pauseFor, _cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // Interrupted (Ctrl+C): the node is thawed all the same.
        }
        finally
        {
            await stopper.ResumeAsync(node);
        }
        return fault with { Node = node, PausedSeconds = Math.Round(frozen.Elapsed.TotalSeconds, 1) };
    }

    /// <summary>
    /// Cancels what has not happened yet; the fault as it struck, or null when it never did. A node
    /// already frozen stays frozen for the whole <see cref="PauseFor"/> (the fault as drawn: the
    /// pipeline now notices a silent node within seconds, long before its peers give up) unless
    /// <paramref name="thawNow"/> (Ctrl+C, clean-up).
    /// </summary>
    public async Task<InjectedFault?> EndAsync(bool thawNow = true)
    {
        if (thawNow || !_struck) await _cancel.CancelAsync();
        var struck = await _strike;
        _cancel.Dispose();
        return struck;
    }
}
