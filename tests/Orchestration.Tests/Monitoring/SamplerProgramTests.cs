using System.Diagnostics;
using Testbed.Orchestration.Execution;
using Testbed.Orchestration.Monitoring;

namespace Testbed.Orchestration.Tests.Monitoring;

/// <summary>
/// The sampler on this host against a real CFS quota: a busy process in a worker cgroup of 0.2 CPU
/// (the group a native worker gets; a container's is read from the same files through its pid).
/// </summary>
[Trait("Tier", "Unit")]
public sealed class SamplerProgramTests
{
    [Fact]
    public async Task A_busy_worker_under_a_quota_shows_its_cpu_throttling_page_faults_and_memory()
    {
        var name = $"tb-sampler-test-{Guid.NewGuid():N}"[..30];
        var cgroup = CpuCgroup.Create(name, 0.2);
        using var busy = StartBusy(cgroup);
        try
        {
            await InCgroupAsync(busy, name, cgroup.ProcsFiles.Count);
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
        var folder = Directory.CreateTempSubdirectory("testbed-root-group-").FullName;
        try
        {
            var monitor = WorkerMonitor.Local();
            await using var sampling = await monitor.StartAsync("unused.csv", CancellationToken.None);
            await sampling.WatchAsync("here", Environment.ProcessId, ownNetwork: false, CancellationToken.None);
            var round = await RoundsAsync(sampling, folder);
            await round();
            await round();

            Assert.Null(sampling.Latest("here", Environment.ProcessId));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_followed_file_arrives_line_by_line_complete_lines_only_and_stops_when_let_go()
    {
        var folder = Directory.CreateTempSubdirectory("testbed-follow-").FullName;
        try
        {
            var remote = Path.Combine(folder, "worker-0.jsonl");
            var local = Path.Combine(folder, "copy", "worker-0.jsonl");
            await File.WriteAllTextAsync(remote, "{\"epoch\":1}\n{\"epoch\":");
            await using var sampling = await WorkerMonitor.Local().StartAsync("unused.csv", CancellationToken.None);

            var following = await sampling.FollowAsync("here", remote, local, CancellationToken.None);
            await UntilLinesAsync(local, 1);
            await File.AppendAllTextAsync(remote, "2}\n");
            await UntilLinesAsync(local, 2);
            Assert.Equal(["{\"epoch\":1}", "{\"epoch\":2}"], await File.ReadAllLinesAsync(local));

            await following.DisposeAsync();
            await File.AppendAllTextAsync(remote, "{\"epoch\":3}\n");
            var round = await RoundsAsync(sampling, folder);
            await round();
            await round();
            Assert.Equal(2, (await File.ReadAllLinesAsync(local)).Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_followed_records_file_that_is_a_link_is_never_read()
    {
        var folder = Directory.CreateTempSubdirectory("testbed-follow-link-").FullName;
        try
        {
            var secret = Path.Combine(folder, "secret.txt");
            await File.WriteAllTextAsync(secret, "not for the run folder\n");
            var link = Path.Combine(folder, "worker-1.jsonl");
            File.CreateSymbolicLink(link, secret);
            var local = Path.Combine(folder, "copy", "worker-1.jsonl");
            var plain = Path.Combine(folder, "worker-0.jsonl");
            await File.WriteAllTextAsync(plain, "{\"epoch\":1}\n");
            await using var sampling = await WorkerMonitor.Local().StartAsync("unused.csv", CancellationToken.None);

            await using var followLink = await sampling.FollowAsync("here", link, local, CancellationToken.None);
            await using var followPlain = await sampling.FollowAsync("here", plain, Path.Combine(folder, "copy", "worker-0.jsonl"), CancellationToken.None);
            // The plain file arriving shows the sampler has gone round with both listed.
            await UntilLinesAsync(Path.Combine(folder, "copy", "worker-0.jsonl"), 1);
            await (await RoundsAsync(sampling, folder))(); // and a round after that one was handled whole
            Assert.False(File.Exists(local) && (await File.ReadAllTextAsync(local)).Length > 0, "the link's target was copied");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// A way to wait for the sampler's rounds: each call appends a line to a file it follows and
    /// waits until the line is copied. A round handles everything it read as one batch, so once a
    /// second call returns, a whole round that began after the first call has been handled: what a
    /// test registered before the first call has been looked at, and "nothing came" means nothing.
    /// </summary>
    private static async Task<Func<Task>> RoundsAsync(WorkerSampling sampling, string folder)
    {
        var remote = Path.Combine(folder, "rounds.jsonl");
        var local = Path.Combine(folder, "rounds-copy", "rounds.jsonl");
        await File.WriteAllTextAsync(remote, "");
        await sampling.FollowAsync("here", remote, local, CancellationToken.None); // let go with the sampling
        var count = 0;
        return async () =>
        {
            count++;
            await File.AppendAllTextAsync(remote, $"{{\"round\":{count}}}\n");
            await UntilLinesAsync(local, count);
        };
    }

    private static async Task UntilLinesAsync(string file, int lines)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (File.Exists(file) && (await File.ReadAllLinesAsync(file)).Length >= lines) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{file} did not get {lines} line(s) within 10 s");
    }

    private static Process StartBusy(CpuCgroup cgroup)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("for f in $0; do echo $$ > \"$f\"; done; exec sh -c 'while :; do :; done'");
        start.ArgumentList.Add(string.Join(' ', cgroup.ProcsFiles));
        return Process.Start(start)!;
    }

    /// <summary>
    /// Until the busy process has moved itself into its cgroup (one procs file per controller): watched
    /// before that, its first sample held its parent group's counters, and the unit tier once read its
    /// CPU as -759,420 % of a core.
    /// </summary>
    private static async Task InCgroupAsync(Process process, string name, int controllers)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            var lines = File.ReadAllLines($"/proc/{process.Id}/cgroup");
            if (lines.Count(l => l.EndsWith("/" + name, StringComparison.Ordinal)) >= controllers) return;
            await Task.Delay(20);
        }
        throw new TimeoutException($"process {process.Id} was not in cgroup {name} within 10 s");
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
