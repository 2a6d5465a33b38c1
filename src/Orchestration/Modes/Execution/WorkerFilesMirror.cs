using Testbed.Orchestration.Monitoring;

namespace Testbed.Orchestration.Execution;

/// <summary>
/// Keeps the run folder's copy of a workload's records current while its workers run on a
/// cluster (progress and the payload counters read them): each worker's records file is followed
/// by the sampler on its node, line by line, until the workload's lifetime ends, and then let go
/// before its files are collected. Unwatched repetitions, and workers writing straight into the
/// run folder, need none.
/// </summary>
internal static class WorkerFilesMirror
{
    public static async Task RunAsync(IWorkerFiles files, WorkloadLaunch launch, WorkerMonitor? monitor, CancellationToken lifetime)
    {
        if (!launch.Observed || monitor?.Current is not { } sampling) return;
        var following = new List<IAsyncDisposable>();
        try
        {
            foreach (var (rank, node, path) in files.RecordsOnNodes(launch))
                following.Add(await sampling.FollowAsync(node, path, RunLayout.WorkerRecords(launch.OutputDirectory, rank), lifetime));
            await Task.Delay(Timeout.Infinite, lifetime);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A record line missed only delays progress; the final collection fetches everything.
        }
        finally
        {
            foreach (var file in following) await file.DisposeAsync();
        }
    }
}
