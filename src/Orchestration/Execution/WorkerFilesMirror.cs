namespace Testbed.Orchestration.Execution;

/// <summary>Mirrors a workload's records into the run folder every few seconds until cancelled.</summary>
internal static class WorkerFilesMirror
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(IWorkerFiles files, WorkloadLaunch launch, CancellationToken lifetime)
    {
        if (files is LocalWorkerFiles || !launch.Observed) return;
        try
        {
            while (!lifetime.IsCancellationRequested)
            {
                await Task.Delay(Interval, lifetime);
                try
                {
                    await files.MirrorAsync(launch, lifetime);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A missed mirror only delays progress; the final collection fetches everything.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
