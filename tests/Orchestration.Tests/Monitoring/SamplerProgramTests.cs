using System.Diagnostics;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Monitoring;

namespace Testbed.Orchestration.Tests.Monitoring;

/// <summary>
/// The sampler on this host against a real CFS quota: a busy process in a worker cgroup of 0.2 CPU
/// (the group a native worker gets; a container's is read from the same files through its pid).
/// </summary>
public sealed class SamplerProgramTests
{
    [Fact]
    public async Task A_busy_worker_under_a_quota_shows_its_cpu_throttling_page_faults_and_memory()
    {
        var cgroup = CpuCgroup.Create($"tb-sampler-test-{Guid.NewGuid():N}"[..30], 0.2);
        using var busy = StartBusy(cgroup);
        try
        {
            var monitor = WorkerMonitor.Local();
            await using var sampling = await monitor.StartAsync("unused.csv", CancellationToken.None);
            await sampling.WatchAsync("anywhere", busy.Id, ownNetwork: false, CancellationToken.None);

            var first = await UntilAsync(() => sampling.Latest("anywhere", busy.Id));
            var clock = Stopwatch.StartNew();
            var last = first;
            while (clock.Elapsed < TimeSpan.FromSeconds(15) && (last.At - first.At < 3 || last.ThrottledPeriods is not > 0))
            {
                await Task.Delay(200);
                last = sampling.Latest("anywhere", busy.Id) ?? last;
            }

            var cpuPercent = (last.CpuSeconds!.Value - first.CpuSeconds!.Value) / (last.At - first.At) * 100;
            Assert.InRange(cpuPercent, 5, 30); // the quota is 20 % of a core, and a busy loop uses all of it
            Assert.True(last.Periods > first.Periods, $"periods {first.Periods} -> {last.Periods}");
            Assert.True(last.ThrottledPeriods > 0 && last.ThrottledSeconds > 0, $"throttled {last.ThrottledPeriods} periods, {last.ThrottledSeconds} s");
            Assert.True(last.PageFaults > 0 && last.RssBytes > 0, $"faults {last.PageFaults}, resident {last.RssBytes}");
            Assert.Null(last.RxBytes); // no network namespace of its own: nothing to count
            Assert.True(sampling.SamplerCpuPercent().Values.Single() is >= 0 and < 5, "the sampler costs under 5 % of a core");
        }
        finally
        {
            busy.Kill();
            await busy.WaitForExitAsync();
            cgroup.Remove();
        }
    }

    [Fact]
    public async Task A_process_still_in_the_root_group_is_not_reported_with_the_whole_machine_s_counters()
    {
        var monitor = WorkerMonitor.Local();
        await using var sampling = await monitor.StartAsync("unused.csv", CancellationToken.None);
        await sampling.WatchAsync("here", Environment.ProcessId, ownNetwork: false, CancellationToken.None);
        await Task.Delay(2500);

        Assert.Null(sampling.Latest("here", Environment.ProcessId));
    }

    private static Process StartBusy(CpuCgroup cgroup)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("for f in $0; do echo $$ > \"$f\"; done; exec sh -c 'while :; do :; done'");
        start.ArgumentList.Add(string.Join(' ', cgroup.ProcsFiles));
        return Process.Start(start)!;
    }

    private static async Task<WorkerCounters> UntilAsync(Func<WorkerCounters?> read)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (read() is { } value) return value;
            await Task.Delay(100);
        }
        throw new TimeoutException("the sampler reported nothing for the watched process within 10 s");
    }
}
