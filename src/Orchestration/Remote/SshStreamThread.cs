namespace Testbed.Orchestration.Cluster;

/// <summary>
/// Where an SSH channel's output is read: a thread of its own, never the thread pool. SSH.NET's
/// output stream (PipeStream) has only a blocking Read; Stream.ReadAsync falls back to running it
/// on a pool thread, which then waits for as long as the channel is open. With a sampler, a
/// heartbeat, engine connections and workers open on three nodes, the pool ran out of threads and
/// grew only slowly: every timer and continuation of the run stalled, for up to 25 s (gaps in
/// metrics.csv; the Cluster README has the figures).
/// </summary>
internal static class SshStreamThread
{
    public static Task Run(Action read) =>
        Task.Factory.StartNew(read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
