using Testbed.Orchestration.Monitoring;
using Testbed.Orchestration.Planning;

namespace Testbed.Orchestration.Execution;

/// <summary>A way of running a workload's workers (native processes, Swarm containers).</summary>
public interface IExecutionMode
{
    Mode Mode { get; }

    /// <summary>Starts every worker of the workload. Disposing the result removes all it created.</summary>
    Task<IWorkloadRun> StartAsync(WorkloadLaunch launch, CancellationToken cancellation);
}

/// <summary>A started workload: its workers to monitor, and a way to wait for their end.</summary>
public interface IWorkloadRun : IAsyncDisposable
{
    WorkloadLaunch Launch { get; }

    /// <summary>The resource samplers' view of the workers (containers or processes).</summary>
    IReadOnlyList<IWorkerProbe> Probes { get; }

    /// <summary>Waits until every worker ended (or the timeout, or a worker was lost), writes worker-&lt;rank&gt;.log, returns outcomes.</summary>
    Task<IReadOnlyList<WorkerOutcome>> WaitAsync(TimeSpan timeout, CancellationToken cancellation);

    /// <summary>
    /// Once disposed: what could not be removed or collected, each naming its node and where it is
    /// (a node that stopped answering); empty when everything went. Nothing may restart over them.
    /// </summary>
    IReadOnlyList<string> Leftovers => [];
}
